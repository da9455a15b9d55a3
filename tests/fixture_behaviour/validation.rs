//! Behaviour of the validators generated for `tests/fixtures/validation.json`: patterns matched
//! as JavaScript's `RegExp` or Java's `java.util.regex` would accept them (the answers below were
//! recorded from both),
//! and the constraints on list items, map keys and values, unions, nested structures and
//! `@sensitive` numbers. Copied into the fixture's crate and run there by
//! `tests/fixtures_compile.rs`.

use std::collections::BTreeMap;

use fixture_validation::patterns::types::{CheckInput, Choice, Color, Inner};
use fixture_validation::validation::Constraint;

/// (member, text, what `new RegExp(pattern).test(text)` answers in JavaScript (Node.js 20), what
/// `Pattern.compile(pattern).matcher(text).find()` answers in Java 17). A value passes when
/// either reading accepts it (see the crate's `validation` docs), so the answers that changed
/// when the Java reading joined are those where Java accepts and JavaScript does not: `^.$` on
/// an emoji (one character in Java, two UTF-16 units in JavaScript) and `\p{L}` on `é` and `L`
/// (a letter in Java, the text `p{L}` in JavaScript without the `u` flag).
const ANSWERS: &[(&str, &str, bool, bool)] = &[
    ("p1 [\\w-.~]+", "a-b.c~", true, true),
    ("p1 [\\w-.~]+", "a b", true, true),
    ("p1 [\\w-.~]+", "", false, false),
    ("p1 [\\w-.~]+", " ", false, false),
    ("p2 ^\\d+$", "123", true, true),
    ("p2 ^\\d+$", "\u{663}", false, false),
    ("p2 ^\\d+$", "1a", false, false),
    ("p3 ^.$", "a", true, true),
    ("p3 ^.$", "\r", false, false),
    ("p3 ^.$", "\n", false, false),
    ("p3 ^.$", "\u{2028}", false, false),
    ("p3 ^.$", "\u{1f600}", false, true),
    ("p3 ^.$", "\u{e9}", true, true),
    ("p4 ^..$", "\u{1f600}", true, false),
    ("p4 ^..$", "ab", true, true),
    ("p5 \\p{L}", "p{L}", true, true),
    ("p5 \\p{L}", "\u{e9}", false, true),
    ("p5 \\p{L}", "L", false, true),
    ("p6 ^\\s$", "\u{a0}", true, false),
    ("p6 ^\\s$", "\t", true, true),
    ("p6 ^\\s$", "\u{2003}", true, false),
    ("p6 ^\\s$", "x", false, false),
    ("p7 ^\\w$", "\u{e9}", false, false),
    ("p7 ^\\w$", "_", true, true),
    ("p7 ^\\w$", "a", true, true),
    ("p8 abc", "xxabcxx", true, true),
    ("p8 abc", "ab", false, false),
    ("p9 ^abc$", "abc", true, true),
    ("p9 ^abc$", "xxabcxx", false, false),
    ("p10 (?<=a)b", "ab", true, true),
    ("p10 (?<=a)b", "cb", false, false),
    ("p11 ^\\u0041+$", "AA", true, true),
    ("p11 ^\\u0041+$", "a", false, false),
    ("p12 ^[^:]+$", "a:b", false, false),
    ("p12 ^[^:]+$", "ab", true, true),
    // Java only: properties, an inline flag, a possessive quantifier (ECMA-262 cannot compile the
    // last two, so its answer is recorded as no match).
    ("p13 ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "prod", false, true),
    ("p13 ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "env1", false, true),
    ("p13 ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "\u{c4}rger", false, true),
    ("p13 ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "\u{65e5}\u{672c}", false, true),
    ("p13 ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "a\u{1}b", false, false),
    ("p14 ^(?i)(true|false)$", "TRUE", false, true),
    ("p14 ^(?i)(true|false)$", "yes", false, false),
    ("p15 ^[\\/]?+[a-z]+$", "/abc", false, true),
    ("p15 ^[\\/]?+[a-z]+$", "//abc", false, false),
];

fn base() -> CheckInput {
    CheckInput::builder().color(Color::Red).build()
}

#[test]
fn patterns_match_as_either_reading_does() {
    for (member, text, javascript, java) in ANSWERS {
        let mut input = base();
        let value = Some((*text).to_owned());
        match member.split(' ').next().unwrap() {
            "p1" => input.p1 = value,
            "p2" => input.p2 = value,
            "p3" => input.p3 = value,
            "p4" => input.p4 = value,
            "p5" => input.p5 = value,
            "p6" => input.p6 = value,
            "p7" => input.p7 = value,
            "p8" => input.p8 = value,
            "p9" => input.p9 = value,
            "p10" => input.p10 = value,
            "p11" => input.p11 = value,
            "p12" => input.p12 = value,
            "p13" => input.p13 = value,
            "p14" => input.p14 = value,
            "p15" => input.p15 = value,
            other => panic!("{other}"),
        }
        assert_eq!(input.validate().is_ok(), *javascript || *java, "{member} on {text:?}");
    }
}

fn report(input: &CheckInput) -> Vec<String> {
    input.validate().err().map(|e| e.violations().iter().map(|v| v.to_string()).collect()).unwrap_or_default()
}

#[test]
fn list_items_unique_items_and_list_length() {
    let mut input = base();
    input.ids = Some(vec!["a".into(), "bb".into(), "a".into(), "".into()]);
    assert_eq!(
        report(&input),
        [
            "`ids` has 4 items; it must have at most 3 items",
            "`ids[2]` repeats an earlier item; items must be unique",
            "`ids[3]` has 0 characters; it must have between 1 and 3 characters",
        ]
    );
}

#[test]
fn map_keys_and_values() {
    let mut input = base();
    input.labels = Some(BTreeMap::from([("ok".to_owned(), "v".to_owned()), ("Bad".to_owned(), "long".to_owned())]));
    assert_eq!(
        report(&input),
        ["`labels[\"Bad\"]` does not match the pattern `^[a-z]+$`", "`labels[\"Bad\"]` has 4 characters; it must have at most 2 characters"]
    );
}

#[test]
fn unions_nested_structures_and_sensitive_numbers() {
    let mut input = base();
    input.choice = Some(Choice::Small(9));
    input.nested = Some(Inner::builder().code("abc").build().unwrap());
    input.secret = Some(11);
    assert_eq!(
        report(&input),
        [
            "`choice.small` is 9; it must be between 1 and 5",
            "`secret` must be between 0 and 10",
            "`nested.code` has 3 characters; it must have exactly 2 characters",
        ]
    );
    let mut missing = base();
    missing.color = None;
    let error = missing.validate().unwrap_err();
    assert_eq!(*error.violations()[0].constraint(), Constraint::Required);
    // A value the model does not list is accepted: a newer service may know it.
    let mut newer = base();
    newer.color = Some(Color::from("ULTRAVIOLET"));
    assert!(newer.validate().is_ok());
}

#[test]
fn a_value_of_the_wrong_length_is_not_matched() {
    let mut input = base();
    // Too long, and not matching either: only the length is reported, and the 10 MB value is
    // never run through the pattern.
    input.ids = Some(vec!["A".repeat(10_000_000)]);
    assert_eq!(report(&input), ["`ids[0]` has 10000000 characters; it must have between 1 and 3 characters"]);
    input.ids = Some(vec!["A".into()]);
    assert_eq!(report(&input), ["`ids[0]` does not match the pattern `^[a-z]+$`"]);
}

#[test]
fn unique_items_of_a_long_list() {
    let mut input = base();
    // Sorted once, not compared pairwise: 200,000 items take no time.
    let mut ids: Vec<String> = (0..200_000).map(|i| format!("{i:x}")).collect();
    ids.push("3e8".into());
    input.ids = Some(ids);
    let report = report(&input);
    assert!(report.contains(&"`ids[200000]` repeats an earlier item; items must be unique".to_owned()), "{:?}", &report[..2]);
}
