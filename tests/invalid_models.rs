//! Every class of broken model gets a clear error that names the file and the shape: one
//! snapshot of the error text per model in `tests/fixtures/invalid/`.

use codegen::Source;

#[test]
fn error_messages() {
    insta::glob!("fixtures/invalid/*.json", |path| {
        let error = tests::generate(path, false).expect_err("an invalid model must not generate");
        insta::assert_snapshot!(error.to_string());
    });
}

#[test]
fn conflicting_definitions_across_files() {
    let a = Source { name: "a.json".into(), text: r#"{"smithy": "2.0", "shapes": {"ex#A": {"type": "string"}}}"#.into() };
    let b = Source { name: "b.json".into(), text: r#"{"smithy": "2.0", "shapes": {"ex#A": {"type": "integer"}}}"#.into() };
    let error = codegen::generate(&[a.clone(), b], &tests::options("x", false)).unwrap_err();
    assert_eq!(error.to_string(), "ex#A (in b.json): defined twice with different definitions (also in a.json)");
    // The same definition twice is not a conflict (the loader merges it); the model then only
    // lacks a service.
    let error = codegen::generate(&[a.clone(), a], &tests::options("x", false)).unwrap_err();
    assert!(error.to_string().contains("no service shape"), "{error}");
}

#[test]
fn unknown_operation_is_named() {
    let root = tests::root();
    let mut options = tests::options("x", false);
    options.operations = vec!["ListClosedWorkflowExecutions".into()];
    let error = codegen::generate(&[tests::source(&root.join("models/swf.json"))], &options).unwrap_err();
    assert_eq!(error.to_string(), "no service of the model has an operation named `ListClosedWorkflowExecutions`");
}

#[test]
fn bad_crate_name() {
    let root = tests::root();
    let mut options = tests::options("x", false);
    options.krate.name = "1 bad".into();
    let error = codegen::generate(&[tests::source(&root.join("models/swf.json"))], &options).unwrap_err();
    assert!(error.to_string().contains("`1 bad` is not a valid crate name"), "{error}");
}
