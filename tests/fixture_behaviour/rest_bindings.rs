//! Behaviour of the code generated for `tests/fixtures/rest_bindings.json`: every restJson1
//! binding trait, in requests and responses. Copied into the fixture's crate and run there by
//! `tests/fixtures_compile.rs`.

use std::collections::BTreeMap;

use fixture_rest_bindings::bindings::errors::PutThingError;
use fixture_rest_bindings::bindings::operations::{Ping, PutConfig, PutDocument, PutNote, PutThing, UploadBlob};
use fixture_rest_bindings::bindings::types::*;
use fixture_rest_bindings::http::{Operation, Response};
use fixture_rest_bindings::primitives::{DateTime, Document};

fn meta() -> BTreeMap<String, String> {
    BTreeMap::from([("a".to_owned(), "1".to_owned()), ("b".to_owned(), "2".to_owned())])
}

#[test]
fn labels_query_headers_and_body() {
    let input = PutThingInput::builder()
        .thing_id("a b/c")
        .path("dir/sub dir/file.txt")
        .limit(10)
        .tags(vec!["x".to_owned(), "y&z".to_owned()])
        .since(DateTime::from_secs(1576540098))
        .enabled(true)
        .color(Color::DarkBlue)
        .extra(BTreeMap::from([("limit".to_owned(), "ignored".to_owned()), ("other".to_owned(), "v=1".to_owned())]))
        .token("secret")
        .count(-3)
        .when(DateTime::from_secs(1576540098))
        .names(vec!["plain".to_owned(), "with,comma".to_owned(), "with \"quote\"".to_owned()])
        .ratio(f64::NAN)
        .meta(meta())
        .description("hello")
        .quoted("q")
        .size(7)
        .build();
    let request = PutThing::request(&input).unwrap();
    assert_eq!(request.method, "PUT");
    assert_eq!(request.path(), "/things/a%20b%2Fc/files/dir/sub%20dir/file.txt");
    assert_eq!(
        request.query(),
        Some("mode=fast&flag&limit=10&tag=x&tag=y%26z&since=2019-12-16T23%3A48%3A18Z&enabled=true&color=dark%20blue&other=v%3D1")
    );
    assert_eq!(request.header("X-Token"), Some("secret"));
    assert_eq!(request.header("x-count"), Some("-3"));
    assert_eq!(request.header("X-When"), Some("Mon, 16 Dec 2019 23:48:18 GMT"));
    assert_eq!(request.header("X-Names"), Some("plain, \"with,comma\", \"with \\\"quote\\\"\""));
    assert_eq!(request.header("X-Ratio"), Some("NaN"));
    assert_eq!((request.header("X-Meta-a"), request.header("X-Meta-b")), (Some("1"), Some("2")));
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    // A `@jsonName` that needs escapes is escaped as a key.
    assert_eq!(String::from_utf8(request.body).unwrap(), r#"{"desc":"hello","say \"hi\"\\now":"q","size":7}"#);
}

#[test]
fn missing_or_empty_labels_are_request_errors() {
    // A missing label is caught by validation (it is @required) before encoding starts...
    let error = PutThing::request(&PutThingInput::builder().thing_id("t").build()).unwrap_err();
    assert_eq!(error.to_string(), "invalid input: `path` is required but not set");
    // ...and an empty one, which no constraint forbids, by the encoder: a URI cannot hold it.
    let error = PutThing::request(&PutThingInput::builder().thing_id("").path("p").build()).unwrap_err();
    assert_eq!(error.to_string(), "cannot encode the request: `thingId` must be set and not empty: it is part of the URI");
    assert!(error.validation().is_none());
}

#[test]
fn response_headers_status_and_body() {
    let response = Response::new(201, r#"{"desc": "done", "color": "red", "status": 999}"#)
        .with_header("ETag", "\"abc\"")
        .with_header("x-updated", "Mon, 16 Dec 2019 23:48:18 GMT")
        .with_header("X-Ids", "1, 2,3")
        .with_header("X-Meta-One", "1")
        .with_header("x-meta-two", "2");
    let output = PutThing::response(&response).unwrap();
    assert_eq!(output.status, Some(201), "the status comes from the response, not the body");
    assert_eq!(output.etag.as_deref(), Some("\"abc\""));
    assert_eq!(output.updated, Some(DateTime::from_secs(1576540098)));
    assert_eq!(output.ids, Some(vec![1, 2, 3]));
    let meta = output.meta.clone().unwrap();
    assert_eq!((meta.get("One"), meta.get("two")), (Some(&"1".to_owned()), Some(&"2".to_owned())));
    assert_eq!(output.description.as_deref(), Some("done"));
    assert_eq!(output.color, Some(Color::Red));

    // A list sent as several header lines reads as the lines joined.
    let split = Response::new(201, "{}").with_header("X-Ids", "1, 2").with_header("x-ids", "3");
    assert_eq!(PutThing::response(&split).unwrap().ids, Some(vec![1, 2, 3]));

    let bad = Response::new(201, "{}").with_header("X-Ids", "1, two");
    let error = PutThing::response(&bad).unwrap_err();
    assert!(matches!(&error, PutThingError::InvalidResponse(e) if e.to_string().contains("header `X-Ids`")), "{error}");
}

#[test]
fn output_round_trips_through_headers_status_and_body() {
    let output = PutThingOutput::builder()
        .status(202)
        .etag("e")
        .updated(DateTime::from_secs(0))
        .ids(vec![4, 5])
        .meta(meta())
        .description("d")
        .build();
    let response = PutThing::output_response(&output);
    assert_eq!(response.status, 202);
    assert_eq!(PutThing::response(&response).unwrap(), output);
}

#[test]
fn modeled_error_with_header_binding() {
    let response = Response::new(404, r#"{"message": "no such thing"}"#).with_header("X-Amzn-ErrorType", "NotFound").with_header("X-Reason", "gone");
    let error = PutThing::response(&response).unwrap_err();
    let PutThingError::NotFound(not_found) = &error else { panic!("{error:?}") };
    assert_eq!((not_found.reason.as_deref(), not_found.message.as_deref()), (Some("gone"), Some("no such thing")));
    assert_eq!(error.to_string(), "NotFound: no such thing");
}

#[test]
fn payloads() {
    let request = UploadBlob::request(&UploadBlobInput::builder().id("i").data(vec![0u8, 159, 255]).build()).unwrap();
    assert_eq!((request.uri.as_str(), request.header("Content-Type")), ("/blobs/i", Some("image/png")));
    assert_eq!(request.body, vec![0u8, 159, 255]);
    let output = UploadBlob::response(&Response::new(200, vec![1u8, 2])).unwrap();
    assert_eq!(output.data, Some(vec![1, 2]));

    let config = Config::builder()
        .name("n")
        .weights(BTreeMap::from([("a".to_owned(), Some(0.5)), ("b".to_owned(), None)]))
        .created(DateTime::from_secs_and_nanos(1576540098, 520_000_000))
        .build();
    let request = PutConfig::request(&PutConfigInput::builder().config(config.clone()).build()).unwrap();
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(String::from_utf8(request.body.clone()).unwrap(), r#"{"Name":"n","weights":{"a":0.5,"b":null},"created":"2019-12-16T23:48:18.52Z"}"#);
    let output = PutConfig::response(&Response::new(200, request.body)).unwrap();
    assert_eq!(output.config, Some(config));
    assert_eq!(PutConfig::response(&Response::new(200, "")).unwrap().config, None);

    let request = PutNote::request(&PutNoteInput::builder().text("plain text ✓").build()).unwrap();
    assert_eq!((request.header("Content-Type"), request.body.as_slice()), (Some("text/plain"), "plain text ✓".as_bytes()));
    assert_eq!(PutNote::response(&Response::new(200, "hi")).unwrap().text.as_deref(), Some("hi"));

    let document = Document::Array(vec![Document::Null, Document::String("x".into())]);
    let request = PutDocument::request(&PutDocumentInput::builder().doc(document.clone()).build()).unwrap();
    assert_eq!(String::from_utf8(request.body.clone()).unwrap(), r#"[null,"x"]"#);
    assert_eq!(PutDocument::response(&Response::new(200, request.body)).unwrap().doc, Some(document));
}

#[test]
fn no_input_no_output() {
    let request = Ping::request(&()).unwrap();
    assert_eq!((request.method, request.uri.as_str(), request.body.len()), ("GET", "/ping", 0));
    assert!(request.headers.is_empty());
    Ping::response(&Response::new(200, "")).unwrap();
}
