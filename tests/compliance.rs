//! The protocol compliance test emitter: which cases become tests, and how a case the generator
//! cannot express, or a malformed test trait, is reported. (The emitted tests themselves run in
//! `fixtures_compile`, on the `compliance` fixture.)

use codegen::{Source, TestInfo};

fn fixture() -> Source {
    tests::source(&tests::root().join("tests/fixtures/compliance.json"))
}

fn generate(source: Source) -> codegen::Result<(std::collections::BTreeMap<String, String>, Vec<TestInfo>)> {
    codegen::generate_all(&[source], &tests::options("compliance", true)).map(|g| (g.files, g.tests))
}

#[test]
fn client_cases_of_the_service_protocol_become_tests() {
    let (files, tests) = generate(fixture()).unwrap();
    let cases: Vec<(&str, &str, &str)> = tests.iter().map(|t| (t.kind, t.id.as_str(), t.function.as_str())).collect();
    assert_eq!(
        cases,
        [
            ("request", "PutWidgetRequest", "put_widget_request"),
            ("response", "PutWidgetResponse", "put_widget_response"),
            ("request", "PingRequest", "ping_request"),
            ("response", "PingRequest", "ping_request2"),
            ("request", "UploadSmallBody", "upload_small_body"),
            ("response", "WidgetBrokenError", "widget_broken_error"),
        ],
        "server-only and other-protocol cases are left out; a shared id gets two functions"
    );
    assert!(tests.iter().all(|t| t.unsupported.is_none() && t.protocol == "aws.protocols#restJson1"));
    assert!(files.contains_key("tests/widgets.rs") && files.contains_key("tests/support/mod.rs"));
    assert!(files["Cargo.toml"].contains("[dev-dependencies]\nserde_json"));
}

#[test]
fn without_the_option_no_tests_are_emitted() {
    let (files, _) = generate(fixture()).unwrap();
    let plain = codegen::Options { protocol_tests: false, ..tests::options("compliance", true) };
    let codegen::Generated { files: plain_files, tests: plain_tests, .. } = codegen::generate_all(&[fixture()], &plain).unwrap();
    assert!(plain_tests.is_empty());
    assert!(!plain_files.keys().any(|path| path.starts_with("tests/")));
    assert!(!plain_files["Cargo.toml"].contains("dev-dependencies"));
    assert_eq!(files.len(), plain_files.len() + 2);
}

#[test]
fn a_case_the_generator_cannot_express_fails_with_its_reason() {
    let mut source = fixture();
    source.text = source.text.replace(r#""params": {"message": "it broke", "part": "gear"}"#, r#""params": {"nope": 1}"#);
    let (files, tests) = generate(source).unwrap();
    let broken = tests.iter().find(|t| t.id == "WidgetBrokenError").unwrap();
    let reason = broken.unsupported.as_deref().unwrap();
    assert_eq!(reason, "`example.compliance#WidgetBroken` has no member `nope`");
    let expected = format!("\"not supported by the generator: {reason}\"");
    assert!(files["tests/widgets.rs"].contains(&expected), "{}", files["tests/widgets.rs"]);
    assert!(tests.iter().filter(|t| t.id != "WidgetBrokenError").all(|t| t.unsupported.is_none()));
}

#[test]
fn a_malformed_test_trait_is_an_error_naming_the_shape() {
    let mut source = fixture();
    source.text = source.text.replace(r#""code": 503,"#, r#""code": "503","#);
    let error = generate(source).unwrap_err().to_string();
    assert_eq!(
        error,
        "example.compliance#WidgetBroken (in fixtures/compliance.json): trait smithy.test#httpResponseTests `WidgetBrokenError`: `code` is required (a number)"
    );
}
