//! Requests: labels, headers, and what `Debug` shows; error responses.

use crate::http::{error_info, label, percent_encode, sanitize_error_code, Request, Response};

#[test]
fn labels_cannot_name_another_path() {
    assert_eq!(label("id", "a b/c", false).unwrap(), "a%20b%2Fc");
    assert_eq!(label("key", "a/b.c/..d", true).unwrap(), "a/b.c/..d");
    for (value, greedy) in [(".", false), ("..", false), ("a/../b", true), ("./a", true), ("", false)] {
        assert!(label("m", value, greedy).is_err(), "{value}");
    }
    assert_eq!(percent_encode("~-._é", false), "~-._%C3%A9");
}

#[test]
fn headers_refuse_injection_and_reserved_names() {
    let mut request = Request::new("GET", "/");
    assert!(request.add_header("m", "X-A", "ok\tfine".into()).is_ok());
    assert!(request.add_header("m", "X-A", "bad\r\nX-Evil: 1".into()).is_err());
    assert!(request.add_prefix_header("m", "Host".into(), "evil".into()).is_err());
    assert!(request.add_prefix_header("m", "x-amz-date".into(), "v".into()).is_err());
    assert!(request.add_prefix_header("m", "a b".into(), "v".into()).is_err());
    // A header a member bound by name set already wins over the map's entry.
    assert!(request.add_prefix_header("m", "x-a".into(), "other".into()).is_ok());
    assert_eq!(request.headers, [("X-A".into(), "ok\tfine".into())]);
}

#[test]
fn debug_hides_secrets() {
    let mut request = Request::new("POST", "/secret/v");
    request.headers.push(("Authorization".into(), "AWS4 credential".into()));
    request.headers.push(("X-Token".into(), "tok".into()));
    request.set_body("application/json", b"{\"password\":\"pw\"}".to_vec());
    request.hide_uri();
    request.hide_body();
    request.hide_header("x-token");
    let text = format!("{request:?}");
    for secret in ["credential", "tok", "pw", "/secret"] {
        assert!(!text.contains(secret), "{text}");
    }
    assert!(text.contains("Content-Length"));
    let response = Response::new(200, "the secret body").with_header("X-Secret", "s");
    assert_eq!(format!("{response:?}"), "Response { status: 200, headers: [\"X-Secret\"], body: <15 bytes> }");
}

#[test]
fn error_codes_and_messages() {
    assert_eq!(sanitize_error_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/x/"), "FooError");
    assert_eq!(sanitize_error_code("FooError"), "FooError");
    assert_eq!(sanitize_error_code("a#B#C"), "B#C");
    let info = error_info(&Response::new(400, r#"{"__type": "ns#Throttled", "Message": "slow"}"#));
    assert_eq!((info.code.as_deref(), info.message.as_deref()), (Some("Throttled"), Some("slow")));
    let info = error_info(&Response::new(400, r#"{"code": "Body"}"#).with_header("X-Amzn-ErrorType", "Header:url"));
    assert_eq!(info.code.as_deref(), Some("Header"));
    let info = error_info(&Response::new(500, "not json"));
    assert_eq!((info.code, info.message), (None, None));
    assert_eq!(Response::new(200, vec![0; 10]).decode_limit(), crate::http::DECODE_LIMIT_MIN);
    assert_eq!(Response::new(200, vec![0; 1 << 20]).decode_limit(), 16 << 20);
}
