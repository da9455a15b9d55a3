//! What the protocol compliance tests share: comparing a request with what a case expects
//! (method, path, query, headers, body as the spec says), and decoded values with expected ones.
//! JSON bodies are compared as values, parsed by `serde_json` (an independent parser, so the
//! crate's own reader does not judge its own writer).

#![allow(dead_code, unused_imports)] // Each test target uses part of it.

pub use aws_lean_sdk::primitives::{DateTime, Document, Number};

use aws_lean_sdk::http::{Request, Response};
use std::borrow::Cow;
use std::fmt::Debug;

/// What a request case expects, field for field as `smithy.test#httpRequestTests` writes it.
pub struct ExpectedRequest<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    /// The endpoint the client is configured with (`example.com`, `example.com/custom`).
    pub host: Option<&'a str>,
    /// The host the request must go to (`foo.example.com` for a host prefix of `foo.`).
    pub resolved_host: Option<&'a str>,
    pub query_params: &'a [&'a str],
    pub forbid_query_params: &'a [&'a str],
    pub require_query_params: &'a [&'a str],
    pub headers: &'a [(&'a str, &'a str)],
    pub forbid_headers: &'a [&'a str],
    pub require_headers: &'a [&'a str],
    pub body: Option<&'a str>,
    pub body_media_type: Option<&'a str>,
}

/// Checks every part of the request and panics with every difference found.
pub fn check_request(request: &Request, expected: &ExpectedRequest<'_>) {
    let mut problems = Vec::new();
    if request.method != expected.method {
        problems.push(format!("method: sent `{}`, expected `{}`", request.method, expected.method));
    }
    // The request's path follows the endpoint's own path, if it has one.
    let host = expected.host.unwrap_or("");
    let (host_name, base_path) = host.split_once('/').map_or((host, ""), |(name, path)| (name, path.trim_end_matches('/')));
    let path = if base_path.is_empty() { request.path().to_owned() } else { format!("/{base_path}{}", request.path()) };
    if path != expected.uri {
        problems.push(format!("path: sent `{path}`, expected `{}`", expected.uri));
    }
    if let Some(resolved) = expected.resolved_host {
        let sent = format!("{}{host_name}", request.host_prefix.as_deref().unwrap_or(""));
        if sent != resolved {
            problems.push(format!("host: sent to `{sent}`, expected `{resolved}`"));
        }
    }
    let query: Vec<&str> = request.query().map(|q| q.split('&').filter(|p| !p.is_empty()).collect()).unwrap_or_default();
    let key = |param: &str| param.split('=').next().unwrap_or("").to_owned();
    for param in expected.query_params {
        if !query.contains(param) {
            problems.push(format!("query: `{param}` missing from `{}`", request.query().unwrap_or("")));
        }
    }
    for name in expected.forbid_query_params {
        if query.iter().any(|p| key(p) == *name) {
            problems.push(format!("query: `{name}` must not be sent"));
        }
    }
    for name in expected.require_query_params {
        if !query.iter().any(|p| key(p) == *name) {
            problems.push(format!("query: `{name}` must be sent"));
        }
    }
    for (name, value) in expected.headers {
        match header(&request.headers, name) {
            Some(sent) if sent == *value => {}
            Some(sent) => problems.push(format!("header `{name}`: sent `{sent}`, expected `{value}`")),
            None => problems.push(format!("header `{name}`: missing, expected `{value}`")),
        }
    }
    for name in expected.forbid_headers {
        if let Some(sent) = header(&request.headers, name) {
            problems.push(format!("header `{name}` must not be sent (sent `{sent}`)"));
        }
    }
    for name in expected.require_headers {
        if header(&request.headers, name).is_none() {
            problems.push(format!("header `{name}` must be sent"));
        }
    }
    if let Some(body) = expected.body {
        if let Some(problem) = compare_body(&request.body, body, expected.body_media_type) {
            problems.push(problem);
        }
    }
    if !problems.is_empty() {
        panic!("the request differs from the case:\n  {}\nsent: {request:#?}", problems.join("\n  "));
    }
}

/// The value of a header, by case-insensitive name; repeated headers are joined with `, `, as
/// HTTP allows.
fn header(headers: &[(Cow<'static, str>, Cow<'static, str>)], name: &str) -> Option<String> {
    let values: Vec<&str> = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref()).collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// Compares a body: JSON as parsed values, anything else byte for byte.
fn compare_body(sent: &[u8], expected: &str, media_type: Option<&str>) -> Option<String> {
    let json = media_type.is_some_and(|m| m == "application/json" || m.ends_with("+json") || m.starts_with("application/x-amz-json"));
    if json && !expected.is_empty() {
        let expected_value: serde_json::Value = match serde_json::from_str(expected) {
            Ok(value) => value,
            Err(e) => return Some(format!("the case's JSON body does not parse: {e}")),
        };
        return match serde_json::from_slice::<serde_json::Value>(sent) {
            Ok(value) if same_json(&value, &expected_value) => None,
            Ok(_) => Some(format!("body: sent {}, expected {expected}", String::from_utf8_lossy(sent))),
            Err(e) => Some(format!("body: sent {} which is not JSON ({e}), expected {expected}", String::from_utf8_lossy(sent))),
        };
    }
    if sent == expected.as_bytes() {
        None
    } else {
        Some(format!("body: sent {:?}, expected {expected:?}", String::from_utf8_lossy(sent)))
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// The response a case gives.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
    Response::new(status, body.as_bytes().to_vec())
        .with_headers(headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())))
}

/// A timestamp from the epoch seconds a case writes.
pub fn timestamp(epoch_seconds: &str) -> DateTime {
    DateTime::from_epoch_seconds_str(epoch_seconds).expect("the case's timestamp is epoch seconds")
}

/// Asserts that a decoded value equals the expected one, where NaN equals NaN (as the spec
/// compares floats): values that differ only by NaNs print the same.
pub fn assert_same<T: PartialEq + Debug>(actual: &T, expected: &T) {
    if actual == expected {
        return;
    }
    let (actual, expected) = (without_meta(&format!("{actual:#?}")), without_meta(&format!("{expected:#?}")));
    if actual == expected && actual.contains("NaN") && !actual.contains("Redacted") {
        return;
    }
    panic!("the decoded value differs from the case's params\ndecoded:  {actual}\nexpected: {expected}");
}

/// Pretty `Debug` text without the `ResponseMeta` blocks, which equality ignores too (a decoded
/// value's has a status, an expected value's is empty).
fn without_meta(text: &str) -> String {
    let mut out = Vec::new();
    let mut skipping: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        match skipping {
            Some(depth) => {
                if indent == depth && line.trim_start().starts_with('}') {
                    skipping = None;
                }
            }
            None if line.contains("ResponseMeta {") => skipping = Some(indent),
            None => out.push(line),
        }
    }
    out.join("\n")
}
