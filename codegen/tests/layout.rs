//! The emitters depend on each other in one direction only: no module of `emit/` reaches, through
//! `super::<module>` paths, back to itself. Facts several emitters need live in the IR, and code
//! several emitters print lives in a module of its own (`redact`) or in `emit/mod.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each emitter module, and the sibling modules it names.
fn emitter_graph() -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emit");
    let mut modules = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = match (path.extension().and_then(|e| e.to_str()), path.file_stem().and_then(|s| s.to_str())) {
            (Some("rs"), Some(stem)) if stem != "mod" => stem.to_owned(),
            (None, Some(stem)) if path.join("mod.rs").is_file() => stem.to_owned(),
            _ => continue,
        };
        let file = if path.is_dir() { path.join("mod.rs") } else { path.clone() };
        modules.insert(name, std::fs::read_to_string(file).unwrap());
    }
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .into_iter()
        .map(|(name, text)| {
            let uses = text
                .match_indices("super::")
                .filter_map(|(at, _)| {
                    let rest = &text[at + "super::".len()..];
                    let word: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    let is_sibling = rest[word.len()..].starts_with("::") || rest[word.len()..].starts_with(['}', ',', ';']);
                    (is_sibling && names.contains(&word) && word != name).then_some(word)
                })
                .collect();
            (name, uses)
        })
        .collect()
}

#[test]
fn emitters_have_no_import_cycle() {
    let graph = emitter_graph();
    assert!(graph.len() > 10 && graph["crate_root"].contains("types"), "the graph is read: {graph:?}");
    // Depth-first search for a back edge.
    fn visit(node: &str, graph: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>, done: &mut BTreeSet<String>) {
        if let Some(start) = path.iter().position(|n| n == node) {
            panic!("an import cycle in emit/: {} -> {node}", path[start..].join(" -> "));
        }
        if !done.insert(node.to_owned()) {
            return;
        }
        path.push(node.to_owned());
        for next in &graph[node] {
            visit(next, graph, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
}
