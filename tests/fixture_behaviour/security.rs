//! Hostile and secret values in the crate generated for `tests/fixtures/security.json`: URI
//! labels that would change the path, header injection, timestamps a format cannot write, and
//! every place a `@sensitive` value could be printed. Copied into the fixture's crate and run
//! there by `tests/fixtures_compile.rs`.

use std::collections::BTreeMap;

use fixture_security::http::{Operation, Response};
use fixture_security::primitives::DateTime;
use fixture_security::vault::builders::PutSecretInputBuilder;
use fixture_security::vault::errors::PutSecretError;
use fixture_security::vault::operations::{CheckA, CheckB, Lookup, PutSecret};
use fixture_security::vault::types::{Choice, Denied, LookupInput, PutSecretInput, PutSecretOutput, SharedInput};

const SECRET: &str = "hunter2";

fn input() -> PutSecretInputBuilder {
    PutSecretInput::builder().name("n").path("a/b")
}

fn refused(input: PutSecretInputBuilder) -> String {
    PutSecret::request(&input.build()).expect_err("refused").to_string()
}

#[test]
fn labels_cannot_change_the_path() {
    for name in [".", ".."] {
        let error = refused(input().name(name));
        assert_eq!(error, "cannot encode the request: `name` must not be `.` or `..`: a URL would resolve it to another path");
    }
    for path in ["..", "a/../../etc", "./x", "a/."] {
        assert!(refused(input().path(path)).contains("`path` must not be `.` or `..` or have such a segment"), "{path}");
    }
    assert!(refused(input().name("")).contains("`name` must be set and not empty"));
    let request = PutSecret::request(&input().name("a.b").path("..x/y..").build()).unwrap();
    assert_eq!(request.path(), "/secrets/a.b/files/..x/y..");
    let request = PutSecret::request(&input().name("a/b c").build()).unwrap();
    assert_eq!(request.path(), "/secrets/a%2Fb%20c/files/a/b");
}

#[test]
fn header_values_and_names_cannot_inject() {
    for value in ["a\r\nX-Evil: 1", "a\nb", "a\0b", "a\u{7f}"] {
        assert_eq!(refused(input().token(value)), "cannot encode the request: `token` holds a control character, which a header value cannot");
    }
    assert!(PutSecret::request(&input().token("tab\tand spaces").build()).is_ok());
    let meta = |key: &str, value: &str| input().meta(BTreeMap::from([(key.to_owned(), value.to_owned())]));
    for key in ["Host", "authorization", "Content-Length", "Transfer-Encoding", "X-Amz-Date", "x-amz-security-token"] {
        assert_eq!(refused(meta(key, "v")), format!("cannot encode the request: `meta` may not set the `{key}` header"));
    }
    for key in ["bad name", "a:b", "", "x\r\ny"] {
        assert_eq!(refused(meta(key, "v")), "cannot encode the request: `meta` has a key that is not a valid header name");
    }
    assert!(refused(meta("X-Ok", "v\r\nX-Evil: 1")).contains("`meta` holds a control character"));
    let request = PutSecret::request(&meta("X-Ok", "v").build()).unwrap();
    assert_eq!(request.header("X-Ok"), Some("v"));
}

#[test]
fn timestamps_a_format_cannot_write_are_refused() {
    let far = DateTime::from_secs(253_402_300_800); // 10000-01-01
    assert_eq!(refused(input().when(far)), "cannot encode the request: `when`: the timestamp is outside the years 0000 to 9999 that http-date can write");
    assert_eq!(refused(input().since(far)), "cannot encode the request: `since`: the timestamp is outside the years 0000 to 9999 that date-time can write");
    assert_eq!(refused(input().stamp(DateTime::from_secs(-62_167_219_201))), "cannot encode the request: `stamp`: the timestamp is outside the years 0000 to 9999 that date-time can write");
    assert!(PutSecret::request(&input().since(DateTime::from_secs(253_402_300_799)).stamp(DateTime::from_secs(-62_167_219_200)).build()).is_ok());
    // Epoch seconds (the body's default) hold every instant, the extremes included.
    for secs in [i64::MIN, i64::MAX, -1, 0] {
        for nanos in [0, 1, 999_999_999] {
            let output = PutSecretOutput::builder().stamp(DateTime::from_secs_and_nanos(secs, nanos)).build();
            let back = PutSecret::response(&PutSecret::output_response(&output)).unwrap();
            assert_eq!(back, output, "{secs} {nanos}");
        }
    }
}

#[test]
fn shared_inputs_validate_once() {
    let input = SharedInput::builder().id("toolong").build();
    assert!(CheckA::request(&input).unwrap_err().to_string().contains("`id` has 7 characters"));
    assert!(CheckB::request(&input).is_err());
}

/// Every way a value is printed: `Debug` of inputs, builders, outputs, unions and errors,
/// `Display` of errors, requests and responses, and validation reports.
#[test]
fn sensitive_values_are_never_printed() {
    let full = input()
        .token(SECRET)
        .password(SECRET)
        .pins(vec![SECRET.to_owned()])
        .vault(BTreeMap::from([(format!("{SECRET}KEY"), SECRET.to_owned())]))
        .choice(Choice::Secret(SECRET.to_owned()))
        .code(11);
    let mut printed = vec![format!("{full:?}")];
    let value = full.build();
    printed.push(format!("{value:?}"));
    printed.push(format!("{:?}", Choice::Secret(SECRET.to_owned())));
    let validation = PutSecret::request(&value).unwrap_err();
    printed.push(validation.to_string());
    printed.push(format!("{validation:?}"));
    assert!(validation.to_string().contains("vault[*** Sensitive Data Redacted ***]"), "{validation}");
    assert!(validation.to_string().contains("`code` must be between 0 and 10"), "{validation}");

    let mut valid = value.clone();
    valid.code = Some(1);
    valid.vault = Some(BTreeMap::from([("key".to_owned(), SECRET.to_owned())]));
    let request = PutSecret::request(&valid).unwrap();
    assert!(String::from_utf8_lossy(&request.body).contains(SECRET), "the secret is sent, only not printed");
    printed.push(format!("{request:?}"));
    let lookup = Lookup::request(&LookupInput::builder().key(SECRET).build()).unwrap();
    printed.push(format!("{lookup:?}"));

    let output = PutSecretOutput::builder().echo(SECRET).value(SECRET).build();
    printed.push(format!("{output:?}"));
    let response = PutSecret::output_response(&output);
    printed.push(format!("{response:?}"));
    assert_eq!(PutSecret::response(&response).unwrap(), output);

    let denied = Response::new(403, format!("{{\"message\": \"{SECRET}\"}}")).with_header("X-Amzn-ErrorType", "Denied");
    printed.push(format!("{denied:?}"));
    let error = PutSecret::response(&denied).unwrap_err();
    assert!(matches!(&error, PutSecretError::Denied(Denied { message: Some(m), .. }) if m == SECRET));
    assert_eq!(error.message(), Some(SECRET), "asked for, the message is given");
    printed.push(format!("{error}"));
    printed.push(format!("{error:?}"));
    if let PutSecretError::Denied(denied) = &error {
        printed.push(format!("{denied}"));
    }
    for text in &printed {
        assert!(!text.contains(SECRET), "a secret was printed: {text}");
    }
    assert!(printed.iter().all(|t| !t.is_empty()));
}
