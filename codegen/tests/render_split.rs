//! A very large item is formatted in pieces (`render/split.rs`), and the pieces joined must be
//! exactly the text of the item formatted whole. Here every Rust file of the committed generated
//! crate and of the fixtures' crates is formatted again from its own tokens, in pieces of one
//! element each (so that every block, body, literal and `match` of every kind the emitters print
//! is cut between every two of its elements), and must come out as it was generated.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use smithy_lean_codegen::render::{rust_file_with, SplitLimits, SplitStats};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The Rust files of the committed crate and of every fixture model's crate.
fn generated_files() -> BTreeMap<String, String> {
    let root = root();
    let mut files = BTreeMap::new();
    let mut dirs = vec![root.join("generated/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.insert(path.strip_prefix(&root).unwrap().display().to_string(), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let generated = smithy_lean_codegen::Config::new().model(&path).generate().unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        for (file, text) in generated.files {
            if file.ends_with(".rs") {
                files.insert(format!("{name}: {file}"), text);
            }
        }
    }
    files
}

#[test]
fn items_formatted_in_pieces_are_the_items_formatted_whole() {
    let files = generated_files();
    assert!(files.len() > 50, "too few files to check: {}", files.len());
    let mut total = SplitStats::default();
    let mut checked = 0;
    for chunk_elements in [1] {
        let limits = SplitLimits { min_bytes: 0, min_elements: 2, chunk_elements };
        for (name, text) in &files {
            let tokens: TokenStream = text.parse().unwrap_or_else(|e| panic!("{name} does not tokenize: {e}"));
            // The runtime's files are copied as written, not formatted: they are not checked.
            let whole = SplitLimits { min_bytes: usize::MAX, min_elements: usize::MAX, chunk_elements: 1 };
            if rust_file_with(name, TokenStream::new(), vec![tokens.clone()], whole).unwrap().0 != *text {
                continue;
            }
            checked += 1;
            let (again, stats) = rust_file_with(name, TokenStream::new(), vec![tokens], limits).unwrap();
            assert_eq!(stats.items_formatted_whole, 0, "{name}: the pieces did not fit together, with chunks of {chunk_elements}");
            if again != *text {
                let line = again.lines().zip(text.lines()).position(|(a, b)| a != b).unwrap_or(0);
                let context = |t: &str| t.lines().skip(line.saturating_sub(3)).take(7).collect::<Vec<_>>().join("\n");
                panic!("{name}, with chunks of {chunk_elements}, differs at line {}:\n--- formatted in pieces\n{}\n--- generated\n{}", line + 1, context(&again), context(text));
            }
            total.items_split += stats.items_split;
        }
    }
    eprintln!("{checked} files checked, {} items cut", total.items_split);
    assert!(checked > 80, "too few generated files were checked: {checked}");
    assert!(total.items_split > 0, "nothing was cut: the check checked nothing");
}

/// The default limits at work: a structure of 4,000 documented members makes a struct of about
/// 300 KB (two lines per member), which is formatted in pieces, and the file is the one
/// formatted whole.
#[test]
fn a_very_wide_structure_is_formatted_in_pieces() {
    let fields: Vec<String> = (0..4000).map(|i| format!("\"member{i}\": {{\"target\": \"smithy.api#String\", \"traits\": {{\"smithy.api#documentation\": \"Member {i}, documented.\"}}}}")).collect();
    let model = format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "ex#Wide": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Put"}}], "traits": {{"aws.protocols#awsJson1_0": {{}}}}}},
            "ex#Put": {{"type": "operation", "input": {{"target": "ex#PutInput"}}, "output": {{"target": "smithy.api#Unit"}}}},
            "ex#PutInput": {{"type": "structure", "members": {{{}}}}}}}}}"#,
        fields.join(",")
    );
    let sources = [smithy_lean_codegen::Source { name: "wide.json".into(), text: model }];
    let options = smithy_lean_codegen::Options {
        krate: smithy_lean_codegen::CrateOptions { name: "wide".into(), standalone: true },
        ..Default::default()
    };
    let files = smithy_lean_codegen::generate(&sources, &options).unwrap();
    let text = &files["src/wide/types.rs"];
    let tokens: TokenStream = text.parse().unwrap();
    let items = vec![tokens];
    let whole = SplitLimits { min_bytes: usize::MAX, min_elements: usize::MAX, chunk_elements: 1 };
    assert_eq!(rust_file_with("types.rs", TokenStream::new(), items.clone(), whole).unwrap().0, *text);
    let (again, stats) = rust_file_with("types.rs", TokenStream::new(), items, SplitLimits::DEFAULT).unwrap();
    assert_eq!(stats, SplitStats { items_split: 1, items_formatted_whole: 0 });
    assert_eq!(again, *text);
}
