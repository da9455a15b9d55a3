//! What the endpoint rules' tests share: comparing a resolved endpoint (or the rules' error) with
//! what a case of `smithy.rules#endpointTests` expects.

#![allow(dead_code, unused_imports)] // Each service's tests use part of it.

pub use aws_lean_sdk::primitives::{DateTime, Document, Number};

use aws_lean_sdk::endpoint::{Endpoint, EndpointError};
use std::collections::BTreeMap;

/// What a case expects.
pub enum Expected {
    /// An endpoint: its URL, headers (in any order) and properties.
    Endpoint { url: &'static str, headers: &'static [(&'static str, &'static [&'static str])], properties: Document },
    /// The rules' error, with exactly this text.
    Error(&'static str),
}

/// Panics with what differs, when the outcome is not what the case expects. `how` says where
/// the parameters came from (the case's parameters, or an operation's input).
pub fn check(how: &str, outcome: Result<Endpoint, EndpointError>, expected: &Expected) {
    match (outcome, expected) {
        (Ok(endpoint), Expected::Endpoint { url, headers, properties }) => {
            let mut problems = Vec::new();
            if endpoint.url != *url {
                problems.push(format!("url: resolved `{}`, expected `{url}`", endpoint.url));
            }
            let mut got: Vec<(String, Vec<String>)> = endpoint.headers.clone();
            got.sort();
            let mut want: Vec<(String, Vec<String>)> =
                headers.iter().map(|(name, values)| ((*name).to_owned(), values.iter().map(|v| (*v).to_owned()).collect())).collect();
            want.sort();
            if got != want {
                problems.push(format!("headers: resolved {got:?}, expected {want:?}"));
            }
            let got = Document::Object(endpoint.properties.clone());
            if got != *properties {
                problems.push(format!("properties: resolved {got:?}, expected {properties:?}"));
            }
            if !problems.is_empty() {
                panic!("{how}: the endpoint differs\n  {}", problems.join("\n  "));
            }
        }
        (Ok(endpoint), Expected::Error(message)) => {
            panic!("{how}: resolved `{}`, expected the error `{message}`", endpoint.url)
        }
        (Err(error), Expected::Error(message)) => {
            if error.message() != *message {
                panic!("{how}: the error differs\n  resolved: `{}`\n  expected: `{message}`", error.message());
            }
        }
        (Err(error), Expected::Endpoint { url, .. }) => {
            panic!("{how}: failed with `{}`, expected the endpoint `{url}`", error.message())
        }
    }
}

/// A timestamp of an operation's input, from epoch seconds.
pub fn timestamp(epoch_seconds: &str) -> DateTime {
    DateTime::from_epoch_seconds_str(epoch_seconds).expect("the case's timestamp is epoch seconds")
}
