//! No model makes the generator panic. Every value of every fixture model (and of the two real
//! models) is replaced in turn by a value of each JSON type, and every object key is removed in
//! turn; each mutant must give `Ok` or an `Err`, never a panic.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use codegen::Source;

/// A parsed JSON document, with ways to visit every node and to rebuild mutants.
#[derive(Clone)]
enum Node {
    Scalar(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

fn parse(value: &serde_json_like::Value) -> Node {
    match value {
        serde_json_like::Value::Array(items) => Node::Array(items.iter().map(parse).collect()),
        serde_json_like::Value::Object(entries) => Node::Object(entries.iter().map(|(k, v)| (k.clone(), parse(v))).collect()),
        serde_json_like::Value::Scalar(text) => Node::Scalar(text.clone()),
    }
}

fn render(node: &Node, out: &mut String) {
    match node {
        Node::Scalar(text) => out.push_str(text),
        Node::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                render(item, out);
            }
            out.push(']');
        }
        Node::Object(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!("{key:?}:"));
                render(value, out);
            }
            out.push('}');
        }
    }
}

/// Calls `visit` with a mutant for every `stride`-th node replaced by each replacement, and for
/// every such object entry removed.
fn mutants(root: &Node, stride: usize, visit: &mut dyn FnMut(Node)) {
    const REPLACEMENTS: &[&str] = &["null", "0", "-1", "1.5", "true", "\"\"", "\"x#Y\"", "[]", "{}", "[{}]", "{\"target\":\"smithy.api#Unit\"}"];
    let count = count_nodes(root);
    for index in (0..count).step_by(stride) {
        for replacement in REPLACEMENTS {
            let mut mutant = root.clone();
            let mut at = 0;
            replace(&mut mutant, index, &mut at, &|_| Some(Node::Scalar((*replacement).to_owned())));
            visit(mutant);
        }
        let mut mutant = root.clone();
        let mut at = 0;
        if remove_entry(&mut mutant, index, &mut at) {
            visit(mutant);
        }
    }
}

fn count_nodes(node: &Node) -> usize {
    1 + match node {
        Node::Scalar(_) => 0,
        Node::Array(items) => items.iter().map(count_nodes).sum(),
        Node::Object(entries) => entries.iter().map(|(_, v)| count_nodes(v)).sum(),
    }
}

fn replace(node: &mut Node, index: usize, at: &mut usize, with: &dyn Fn(&Node) -> Option<Node>) -> bool {
    if *at == index {
        if let Some(new) = with(node) {
            *node = new;
        }
        return true;
    }
    *at += 1;
    match node {
        Node::Scalar(_) => false,
        Node::Array(items) => items.iter_mut().any(|item| replace(item, index, at, with)),
        Node::Object(entries) => entries.iter_mut().any(|(_, value)| replace(value, index, at, with)),
    }
}

/// Removes the object entry whose value is node number `index`.
fn remove_entry(node: &mut Node, index: usize, at: &mut usize) -> bool {
    *at += 1;
    match node {
        Node::Scalar(_) => false,
        Node::Array(items) => items.iter_mut().any(|item| remove_entry(item, index, at)),
        Node::Object(entries) => {
            for position in 0..entries.len() {
                if *at == index {
                    entries.remove(position);
                    return true;
                }
                if remove_entry(&mut entries[position].1, index, at) {
                    return true;
                }
            }
            false
        }
    }
}

fn models() -> Vec<PathBuf> {
    let mut paths = tests::fixtures();
    paths.push(tests::root().join("tests/fixtures/seeds/swf.json"));
    paths.push(tests::root().join("tests/fixtures/seeds/imagebuilder.json"));
    paths
}

/// Every node of every model in CI (`ROBUSTNESS=full`, about 30,000 mutants, a few minutes);
/// every sixteenth node otherwise, so the README's test command stays quick.
#[test]
fn mutated_models_never_panic() {
    let full = std::env::var("ROBUSTNESS").is_ok_and(|v| v == "full");
    let stride = if full { 1 } else { 16 };
    let options = tests::options("mutant", false);
    let mut checked = 0;
    for path in models() {
        let text = std::fs::read_to_string(&path).unwrap();
        let root = parse(&serde_json_like::parse(&text));
        let before = checked;
        mutants(&root, stride, &mut |mutant| {
            let mut text = String::new();
            render(&mutant, &mut text);
            let source = Source { name: "mutant.json".into(), text: text.clone() };
            let result = catch_unwind(AssertUnwindSafe(|| codegen::generate(&[source], &options)));
            assert!(result.is_ok(), "the generator panicked on a mutant of {}:\n{text}", path.display());
            checked += 1;
        });
        // Shown with `--nocapture`, as CI runs it: a long run says what it is doing.
        eprintln!("robustness: {} mutants of {} generated without a panic", checked - before, path.display());
    }
    let expected = if full { 25_000 } else { 1_500 };
    assert!(checked > expected, "only {checked} mutants were generated");
}

#[test]
fn truncated_and_garbage_input_never_panics() {
    let options = tests::options("mutant", false);
    let text = std::fs::read_to_string(tests::root().join("tests/fixtures/seeds/swf.json")).unwrap();
    for end in (0..text.len()).step_by(7) {
        let source = Source { name: "cut.json".into(), text: text[..end].to_owned() };
        assert!(codegen::generate(&[source], &options).is_err());
    }
    for garbage in ["", "null", "[]", "\u{feff}{}", "{\"smithy\":\"2.0\",\"shapes\":[]}", "{\"smithy\":2}"] {
        let source = Source { name: "garbage.json".into(), text: garbage.into() };
        assert!(codegen::generate(&[source], &options).is_err(), "{garbage:?}");
    }
}

/// A minimal order-keeping JSON reader for the mutation test (the generator's own parser is what
/// is under test, so the test does not reuse it).
mod serde_json_like {
    pub enum Value {
        Scalar(String),
        Array(Vec<Value>),
        Object(Vec<(String, Value)>),
    }

    pub fn parse(text: &str) -> Value {
        parse_value(text, &mut text.char_indices().peekable())
    }

    type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

    fn skip_ws(chars: &mut Chars<'_>) {
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
    }

    fn parse_value(text: &str, chars: &mut Chars<'_>) -> Value {
        skip_ws(chars);
        let (start, c) = *chars.peek().expect("value");
        match c {
            '{' => {
                chars.next();
                let mut entries = Vec::new();
                loop {
                    skip_ws(chars);
                    if chars.peek().map(|(_, c)| *c) == Some('}') {
                        chars.next();
                        return Value::Object(entries);
                    }
                    let Value::Scalar(key) = parse_value(text, chars) else { panic!("key") };
                    skip_ws(chars);
                    chars.next(); // ':'
                    let value = parse_value(text, chars);
                    let key: String = serde_unquote(&key);
                    entries.push((key, value));
                    skip_ws(chars);
                    if chars.peek().map(|(_, c)| *c) == Some(',') {
                        chars.next();
                    }
                }
            }
            '[' => {
                chars.next();
                let mut items = Vec::new();
                loop {
                    skip_ws(chars);
                    if chars.peek().map(|(_, c)| *c) == Some(']') {
                        chars.next();
                        return Value::Array(items);
                    }
                    items.push(parse_value(text, chars));
                    skip_ws(chars);
                    if chars.peek().map(|(_, c)| *c) == Some(',') {
                        chars.next();
                    }
                }
            }
            '"' => {
                chars.next();
                let mut escaped = false;
                for (i, c) in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        return Value::Scalar(text[start..=i].to_owned());
                    }
                }
                panic!("unterminated string")
            }
            _ => {
                let mut end = start;
                while let Some(&(i, c)) = chars.peek() {
                    if c == ',' || c == '}' || c == ']' || c.is_whitespace() {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                Value::Scalar(text[start..end].to_owned())
            }
        }
    }

    /// The fixtures' keys hold no escapes, so unquoting is dropping the quotes.
    fn serde_unquote(key: &str) -> String {
        key.trim_matches('"').to_owned()
    }
}

fn service_with(shapes: &str) -> Source {
    let text = format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "ex#Svc": {{"type": "service", "operations": [{{"target": "ex#Op"}}], "traits": {{"aws.protocols#awsJson1_0": {{}}}}}},
            "ex#Op": {{"type": "operation", "input": {{"target": "ex#In"}}}},
            {shapes}
        }}}}"#
    );
    Source { name: "deep.json".into(), text }
}

/// 500 lists nested in each other overflowed the stack (an abort, which `catch_unwind` cannot
/// catch); now they are an error naming the shape.
#[test]
fn deeply_nested_lists_are_an_error() {
    let mut shapes = vec![r#""ex#In": {"type": "structure", "members": {"l": {"target": "ex#L0"}}}"#.to_owned()];
    for i in 0..500 {
        let target = if i < 499 { format!("ex#L{}", i + 1) } else { "smithy.api#String".to_owned() };
        shapes.push(format!(r#""ex#L{i}": {{"type": "list", "member": {{"target": "{target}"}}}}"#));
    }
    let error = codegen::generate(&[service_with(&shapes.join(","))], &tests::options("deep", false)).unwrap_err();
    assert_eq!(error.to_string(), "ex#L31$member (in deep.json): nests lists and maps more than 32 deep, which the generator does not support");
}

/// A chain of mixins, each adding a member, flattens into one structure with every member, in
/// order (the cost, linear in the chain, is in `cargo bench -p codegen --bench generate`).
#[test]
fn a_long_mixin_chain_flattens() {
    let n = 2_000;
    let mut shapes = vec![format!(r#""ex#In": {{"type": "structure", "mixins": [{{"target": "ex#M{}"}}], "members": {{"own": {{"target": "smithy.api#String"}}}}}}"#, n - 1)];
    for i in 0..n {
        let mixins = if i > 0 { format!(r#"[{{"target": "ex#M{}"}}]"#, i - 1) } else { "[]".to_owned() };
        shapes.push(format!(r#""ex#M{i}": {{"type": "structure", "mixins": {mixins}, "members": {{"m{i}": {{"target": "smithy.api#String"}}}}, "traits": {{"smithy.api#mixin": {{}}}}}}"#));
    }
    let model = codegen::model::load(&[service_with(&shapes.join(","))]).unwrap();
    let input = &model.shapes[&codegen::model::ShapeId::parse("ex#In").unwrap()];
    let names: Vec<&str> = input.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names.len(), n + 1);
    assert_eq!((names[0], names[n - 1], names[n]), ("m0", &*format!("m{}", n - 1), "own"));
}
