//! Behaviour of the validators generated for `tests/fixtures/validation.json`: ECMA-262 patterns
//! matched as JavaScript's `RegExp` matches them (the answers below were recorded from Node.js),
//! and the constraints on list items, map keys and values, unions, nested structures and
//! `@sensitive` numbers. Copied into the fixture's crate and run there by
//! `tests/fixtures_compile.rs`.

use std::collections::BTreeMap;

use fixture_validation::patterns::types::{CheckInput, Choice, Color, Inner};
use fixture_validation::validation::Constraint;

/// (member, text, what `new RegExp(pattern).test(text)` answers in JavaScript).
const JAVASCRIPT: &[(&str, &str, bool)] = &[
    ("p1 [\\w-.~]+", "a-b.c~", true),
    ("p1 [\\w-.~]+", "a b", true),
    ("p1 [\\w-.~]+", "", false),
    ("p1 [\\w-.~]+", " ", false),
    ("p2 ^\\d+$", "123", true),
    ("p2 ^\\d+$", "\u{663}", false),
    ("p2 ^\\d+$", "1a", false),
    ("p3 ^.$", "a", true),
    ("p3 ^.$", "\r", false),
    ("p3 ^.$", "\n", false),
    ("p3 ^.$", "\u{2028}", false),
    ("p3 ^.$", "\u{1f600}", false),
    ("p3 ^.$", "\u{e9}", true),
    ("p4 ^..$", "\u{1f600}", true),
    ("p4 ^..$", "ab", true),
    ("p5 \\p{L}", "p{L}", true),
    ("p5 \\p{L}", "\u{e9}", false),
    ("p5 \\p{L}", "L", false),
    ("p6 ^\\s$", "\u{a0}", true),
    ("p6 ^\\s$", "\t", true),
    ("p6 ^\\s$", "\u{2003}", true),
    ("p6 ^\\s$", "x", false),
    ("p7 ^\\w$", "\u{e9}", false),
    ("p7 ^\\w$", "_", true),
    ("p7 ^\\w$", "a", true),
    ("p8 abc", "xxabcxx", true),
    ("p8 abc", "ab", false),
    ("p9 ^abc$", "abc", true),
    ("p9 ^abc$", "xxabcxx", false),
    ("p10 (?<=a)b", "ab", true),
    ("p10 (?<=a)b", "cb", false),
    ("p11 ^\\u0041+$", "AA", true),
    ("p11 ^\\u0041+$", "a", false),
    ("p12 ^[^:]+$", "a:b", false),
    ("p12 ^[^:]+$", "ab", true),
];

fn base() -> CheckInput {
    CheckInput::builder().color(Color::Red).build()
}

#[test]
fn patterns_match_as_javascript_does() {
    for (member, text, javascript) in JAVASCRIPT {
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
            other => panic!("{other}"),
        }
        assert_eq!(input.validate().is_ok(), *javascript, "{member} on {text:?}");
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
