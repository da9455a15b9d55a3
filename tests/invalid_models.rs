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
    let error = codegen::generate(&[tests::source(&root.join("tests/fixtures/seeds/swf.json"))], &options).unwrap_err();
    assert_eq!(error.to_string(), "no service of the model has an operation named `ListClosedWorkflowExecutions`; did you mean `ListOpenWorkflowExecutions`?");
}

#[test]
fn bad_crate_name() {
    let root = tests::root();
    let mut options = tests::options("x", false);
    options.krate.name = "1 bad".into();
    let error = codegen::generate(&[tests::source(&root.join("tests/fixtures/seeds/swf.json"))], &options).unwrap_err();
    assert!(error.to_string().contains("`1 bad` is not a valid crate name"), "{error}");
}

/// A pattern neither engine can compile, or one the generator cannot read faithfully, is not
/// checked: the crate still generates, with a warning naming the shape; a pattern only outputs
/// use is never compiled, so it warns about nothing.
#[test]
fn unreadable_patterns_are_warnings_for_inputs_only() {
    let text = r#"{"smithy": "2.0", "shapes": {
      "ex#Svc": {"type": "service", "operations": [{"target": "ex#Op"}], "traits": {"aws.protocols#awsJson1_0": {}}},
      "ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "output": {"target": "ex#Out"}},
      "ex#In": {"type": "structure", "members": {"code": {"target": "ex#Code"}, "greek": {"target": "ex#Greek"}, "ok": {"target": "ex#Ok"}}},
      "ex#Out": {"type": "structure", "members": {"other": {"target": "ex#Other"}}},
      "ex#Code": {"type": "string", "traits": {"smithy.api#pattern": "^[z-a]{2,1}$"}},
      "ex#Greek": {"type": "string", "traits": {"smithy.api#pattern": "^\\p{InGreek}+$"}},
      "ex#Ok": {"type": "string", "traits": {"smithy.api#pattern": "^[a-z]+$"}},
      "ex#Other": {"type": "string", "traits": {"smithy.api#pattern": "(?x) nope"}}
    }}"#;
    let source = Source { name: "patterns.json".into(), text: text.into() };
    let generated = codegen::generate_all(&[source], &tests::options("x", false)).unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "ex#Code (in patterns.json): @pattern `^[z-a]{2,1}$` is not checked: ECMA-262 reads it as invalid: character class range out of order; Java reads it as invalid: character class range out of order",
            "ex#Greek (in patterns.json): @pattern `^\\p{InGreek}+$` is not checked: its Java reading is not supported: the Unicode block `\\p{InGreek}`",
        ]
    );
    let validators = &generated.files["src/svc/validate.rs"];
    assert!(validators.contains("PATTERN_1") && !validators.contains("PATTERN_2"), "{validators}");
}

/// `items` that is neither a list nor a map still lets the pages be walked: a warning, not a
/// refused model.
#[test]
fn paginated_items_of_another_type_are_a_warning() {
    let text = r#"{"smithy": "2.0", "shapes": {
      "ex#Svc": {"type": "service", "operations": [{"target": "ex#List"}], "traits": {"aws.protocols#awsJson1_0": {}}},
      "ex#List": {"type": "operation", "input": {"target": "ex#In"}, "output": {"target": "ex#Out"},
        "traits": {"smithy.api#paginated": {"inputToken": "token", "outputToken": "token", "items": "things", "pageSize": "size"}}},
      "ex#In": {"type": "structure", "members": {"token": {"target": "smithy.api#String"}, "size": {"target": "smithy.api#Boolean"}}},
      "ex#Out": {"type": "structure", "members": {"token": {"target": "smithy.api#String"}, "things": {"target": "smithy.api#String"}}}
    }}"#;
    let generated = codegen::generate_all(&[Source { name: "pages.json".into(), text: text.into() }], &tests::options("x", false)).unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "ex#List (in pages.json): @paginated: items `things` is neither a list nor a map, so pages can be walked but not items",
            "ex#List (in pages.json): @paginated: pageSize `size` is not an integer, long or string member of the input; the page size cannot be set",
        ]
    );
    let operations = &generated.files["src/svc/operations.rs"];
    assert!(operations.contains("paginated!(") && operations.contains("items: |_output| Vec::new(),\n    page_size: none\n"), "{operations}");
}

/// Every problem of a run is reported, one line each, not only the first.
#[test]
fn every_error_of_a_run_is_reported() {
    let text = r#"{"smithy": "2.0", "shapes": {
      "ex#Svc": {"type": "service", "operations": [{"target": "ex#A"}, {"target": "ex#B"}], "traits": {"aws.protocols#restJson1": {}}},
      "ex#A": {"type": "operation", "input": {"target": "ex#In"}, "traits": {"smithy.api#http": {"method": "GET", "uri": "/a/{nope}"}}},
      "ex#B": {"type": "operation", "errors": [{"target": "ex#NotAnError"}]},
      "ex#In": {"type": "structure", "members": {"x": {"target": "smithy.api#String", "traits": {"smithy.api#default": 5}}, "y": {"target": "ex#Y"}}},
      "ex#Y": {"type": "structure", "members": {"z": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": "no"}}}},
      "ex#NotAnError": {"type": "structure"}
    }}"#;
    let error = codegen::generate(&[Source { name: "many.json".into(), text: text.into() }], &tests::options("x", false)).unwrap_err();
    let lines: Vec<String> = error.to_string().lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        [
            "ex#In$x (in many.json): @default must be a string, found a number",
            "ex#Y$z (in many.json): @default must be an integer, found a string",
            "ex#B (in many.json): lists `ex#NotAnError` as an error, but it has no @error trait",
        ]
    );
    let model_names = ["a.json", "b.json"].map(|name| Source { name: name.into(), text: "{".into() });
    let error = codegen::generate(&model_names, &tests::options("x", false)).unwrap_err();
    assert_eq!(error.all().count(), 2, "{error}");
}
