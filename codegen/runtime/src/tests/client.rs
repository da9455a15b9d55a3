//! What the client retries, and how long it waits.

use std::time::Duration;

use crate::client::{backoff, retryable, Retry};
use crate::http::Response;

fn answer(status: u16, body: &str) -> Response {
    Response::new(status, body)
}

#[test]
fn retries_throttling_transient_and_modeled_retryable_errors_only() {
    assert!(retryable(&answer(400, r#"{"__type": "ThrottlingException"}"#), &[]));
    assert!(retryable(&answer(400, r#"{"__type": "com.amazonaws.swf#LimitExceededException:x"}"#), &[]));
    for status in [500, 502, 503, 504] {
        assert!(retryable(&answer(status, "{}"), &[]), "{status}");
    }
    assert!(!retryable(&answer(501, "{}"), &[]));
    assert!(!retryable(&answer(400, r#"{"__type": "ValidationException"}"#), &[]));
    assert!(!retryable(&answer(400, r#"{"__type": "WidgetBusy"}"#), &[]));
    assert!(retryable(&answer(400, r#"{"__type": "WidgetBusy"}"#), &["WidgetBusy"]));
    assert!(!retryable(&answer(200, r#"{"__type": "ThrottlingException"}"#), &[]));
}

#[test]
fn backoff_is_full_jitter_under_a_doubling_cap() {
    let retry = Retry { max_attempts: 10, initial_backoff: Duration::from_millis(100), max_backoff: Duration::from_millis(1000) };
    for attempt in 1..10u32 {
        let cap = Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_millis(1000));
        let waits: Vec<Duration> = (0..200).map(|_| backoff(&retry, attempt)).collect();
        assert!(waits.iter().all(|w| *w <= cap), "attempt {attempt}");
        // Full jitter: spread over the whole range, not fixed.
        assert!(waits.iter().any(|w| *w < cap / 4) && waits.iter().any(|w| *w > cap * 3 / 4), "attempt {attempt}");
    }
}
