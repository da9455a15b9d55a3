//! Behaviour of the code generated for `tests/fixtures/shapes.json`: every shape type through
//! the JSON writer and reader. Copied into the fixture's crate and run there by
//! `tests/fixtures_compile.rs`.

use std::collections::BTreeMap;

use fixture_shapes::http::{Operation, Response};
use fixture_shapes::primitives::{BigDecimal, BigInteger, DateTime, Document, Number};
use fixture_shapes::shapes::operations::PutEverything;
use fixture_shapes::shapes::types::*;

fn everything() -> Everything {
    Everything::builder()
        .blob(vec![0u8, 1, 2, 254, 255])
        .boolean(true)
        .string("s")
        .byte(-128i8)
        .short(32767i16)
        .integer(-7)
        .long(i64::MAX)
        .float(f32::NEG_INFINITY)
        .double(f64::NAN)
        .big_integer("123456789012345678901234567890".parse::<BigInteger>().unwrap())
        .big_decimal("-0.000000000000000000001".parse::<BigDecimal>().unwrap())
        .timestamp(DateTime::from_secs_and_nanos(-1, 999_999_999))
        .document(Document::Object(BTreeMap::from([
            ("n".to_owned(), Document::Number(Number::NegInt(-3))),
            ("list".to_owned(), Document::Array(vec![Document::Bool(false), Document::Null])),
        ])))
        .r#enum(Suit::from("joker"))
        .int_enum(Level::from(99))
        .list(vec!["a".to_owned()])
        .sparse_list(vec![Some("x".to_owned()), None])
        .map(BTreeMap::from([("k".to_owned(), "v".to_owned())]))
        .sparse_map(BTreeMap::from([("gone".to_owned(), None)]))
        .enum_keyed_map(BTreeMap::from([(Suit::Spades, 2)]))
        .nested(vec![vec![BTreeMap::new()]])
        .union(Choice::Point(Point::builder().x(1.5).y(-0.0).build().unwrap()))
        .required_struct(Point::builder().x(0.1).y(2.0).build().unwrap())
        .secret("hunter2")
        .build()
        .unwrap()
}

/// NaN is not equal to itself, so outputs are compared through their encoding.
fn encoded(output: &Everything) -> Vec<u8> {
    PutEverything::output_response(output).body
}

#[test]
fn every_type_round_trips() {
    let output = everything();
    let response = PutEverything::output_response(&output);
    let parsed = PutEverything::response(&response).unwrap();
    assert_eq!(encoded(&parsed), encoded(&output));
    assert!(parsed.double.unwrap().is_nan());
    assert_eq!(parsed.float, Some(f32::NEG_INFINITY));
    assert_eq!(parsed.r#enum.as_ref().map(Suit::as_str), Some("joker"));
    assert_eq!(parsed.int_enum.as_ref().map(Level::value), Some(99));
    assert_eq!(parsed.sparse_list, Some(vec![Some("x".to_owned()), None]));
    assert_eq!(parsed.timestamp.unwrap().to_epoch_seconds_string(), "-0.000000001");
}

#[test]
fn wire_spelling_of_values() {
    let body = String::from_utf8(encoded(&everything())).unwrap();
    for expected in [
        r#""blob":"AAEC/v8=""#,
        r#""float":"-Infinity""#,
        r#""double":"NaN""#,
        r#""bigInteger":123456789012345678901234567890"#,
        r#""bigDecimal":-0.000000000000000000001"#,
        r#""timestamp":-0.000000001"#,
        r#""sparseList":["x",null]"#,
        r#""sparseMap":{"gone":null}"#,
        r#""enumKeyedMap":{"spades":2}"#,
        r#""union":{"point":{"x":1.5,"y":-0}}"#,
        r#""defaultBoolean":true"#,
        r#""defaultString":"hello""#,
        r#""defaultEnum":"hearts""#,
        r#""defaultTimestamp":1700000000"#,
        r#""primitive":0"#,
    ] {
        assert!(body.contains(expected), "{expected} not in {body}");
    }
}

#[test]
fn defaults_and_unions_when_reading() {
    let body = r#"{"requiredStruct": {"x": 1, "y": 2}, "union": {"unknownMember": {"a": [1]}}, "defaultEnum": null}"#;
    let parsed = PutEverything::response(&Response::new(200, body)).unwrap();
    assert!(parsed.default_boolean, "absent members take their default");
    assert_eq!(parsed.default_string, "hello");
    assert_eq!(parsed.default_enum, Suit::Hearts);
    assert_eq!(parsed.default_float, 1.5);
    assert_eq!(parsed.default_timestamp, DateTime::from_secs(1700000000));
    assert_eq!(parsed.default_big_decimal.as_str(), "0.25");
    let Some(Choice::Unknown(unknown)) = &parsed.union else { panic!("{:?}", parsed.union) };
    assert_eq!(unknown.name(), "unknownMember");
    // An unknown member goes back as it came.
    assert!(String::from_utf8(encoded(&parsed)).unwrap().contains(r#""union":{"unknownMember":{"a":[1]}}"#));
    let unit = PutEverything::response(&Response::new(200, r#"{"union": {"nothing": {}}}"#)).unwrap();
    assert_eq!(unit.union, Some(Choice::Nothing));
    let bad = PutEverything::response(&Response::new(200, r#"{"union": {}}"#));
    assert!(bad.is_err(), "a union needs a member");
}

#[test]
fn sensitive_members_are_redacted_in_debug() {
    let output = everything();
    let debug = format!("{output:?}");
    assert!(!debug.contains("hunter2") && debug.contains("*** Sensitive Data Redacted ***"), "{debug}");
    let builder = Everything::builder().secret("hunter2");
    assert!(!format!("{builder:?}").contains("hunter2"));
}
