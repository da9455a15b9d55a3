//! Snapshots of the code emitted for each fixture model (`tests/fixtures/*.json`), one feature
//! per fixture. The runtime modules and the crate docs, which do not depend on the model, are
//! left out (so are the compliance tests' support module); `fixtures_compile` checks that all of it builds.

#[test]
fn emitted_code() {
    insta::glob!("fixtures/*.json", |path| {
        let files = tests::generate(path, false).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut text = String::new();
        for (name, body) in files.iter().filter(|(name, _)| is_service_file(name)) {
            text.push_str(&format!("==> {name} <==\n{body}\n"));
        }
        insta::assert_snapshot!(text);
    });
}

/// A service's modules (`src/<service>/*.rs`) and its compliance tests (`tests/<service>.rs`),
/// not the runtime's support module.
fn is_service_file(path: &str) -> bool {
    (path.starts_with("src/") && path.matches('/').count() == 2)
        || (path.starts_with("tests/") && path.matches('/').count() == 1)
}

#[test]
fn generation_is_deterministic_and_independent_of_file_order() {
    let root = tests::root();
    let sources = vec![tests::source(&root.join("tests/fixtures/seeds/swf.json")), tests::source(&root.join("tests/fixtures/seeds/imagebuilder.json"))];
    let options = tests::options("both", false);
    let first = codegen::generate(&sources, &options).unwrap();
    let again = codegen::generate(&sources, &options).unwrap();
    let reversed: Vec<_> = sources.iter().rev().cloned().collect();
    let other_order = codegen::generate(&reversed, &options).unwrap();
    assert_eq!(first, again);
    assert_eq!(first, other_order);
}
