//! `@pattern` checks against answers recorded from both engines that read AWS patterns: Node.js
//! (ECMA-262, as the Smithy specification says) and Java 17 (as the AWS services run them). See
//! `tests/fixtures/patterns/README.md`. A value must pass when either engine finds a match.

use serde_json::Value;

/// Patterns whose check is wider than both engines on purpose: a back reference is read as any
/// text, which can only accept more.
const WIDENED: &[&str] = &["\\1", "\\3", "\\17"];

#[test]
fn recorded_answers_of_both_engines() {
    let path = tests::root().join("tests/fixtures/patterns/verdicts.json");
    let rows: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(rows.len() > 2000, "{} rows", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let field = |name: &str| row[name].as_str().unwrap_or_else(|| panic!("{row}: no {name}"));
        let (pattern, text) = (field("pattern"), field("text"));
        let answers = [field("ecmascript"), field("java")];
        let got = codegen::pattern::accepts(pattern, text);
        let expected = if answers.contains(&"match") {
            Some(true)
        } else if answers.contains(&"no match") {
            Some(false)
        } else {
            None
        };
        let widened = WIDENED.iter().any(|w| pattern.contains(w)) && got == Some(true) && expected == Some(false);
        if got != expected && !widened {
            failures.push(format!("{pattern:?} on {text:?}: expected {expected:?}, got {got:?} (answers {answers:?})"));
        }
    }
    assert!(failures.is_empty(), "{} rows differ:\n{}", failures.len(), failures.join("\n"));
}

/// The tag pattern of many AWS services: `\p{..}` are Unicode properties, as the services read
/// them, not the text `p{L}`.
#[test]
fn tag_pattern_accepts_words_in_any_script() {
    let pattern = r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$";
    for text in ["prod", "env1", "Ärger", "日本", "a b", ""] {
        assert_eq!(codegen::pattern::accepts(pattern, text), Some(true), "{text:?}");
    }
    for text in ["a\u{0}b", "a;b", "tab\there"] {
        assert_eq!(codegen::pattern::accepts(pattern, text), Some(false), "{text:?}");
    }
}

/// The patterns that made `regress` backtrack for seconds answer at once.
#[test]
fn hostile_inputs_answer_at_once() {
    let cases = [
        (r"^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$", format!("{}\u{1}", "a ".repeat(5_000))),
        (r"^[ \t]*[\x20-\x7E]+([ \t]+[\x20-\x7E]+)*[ \t]*$", format!("{}\u{1}", "a ".repeat(5_000))),
        (r"arn:aws(-[\w]+)*:.+:.+:[0-9]{12}:.+", format!("arn:aws:{}", "a:".repeat(5_000))),
    ];
    for (pattern, text) in cases {
        assert_eq!(codegen::pattern::accepts(pattern, &text), Some(false), "{pattern}");
    }
}
