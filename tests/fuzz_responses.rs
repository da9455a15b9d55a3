//! Any bytes given as a response body, with any status, give `Ok` or a typed `Err`, never a
//! panic: proptest over arbitrary bytes and over mutations of valid bodies, a bounded number of
//! cases per run (`PROPTEST_CASES` raises it for a longer hunt).

use aws_lean_sdk::http::{Operation, Response};
use aws_lean_sdk::imagebuilder::operations::ListWorkflowExecutions;
use aws_lean_sdk::swf::operations::ListOpenWorkflowExecutions;
use proptest::prelude::*;

const SWF_PAGE: &str = r#"{"executionInfos":[{"cancelRequested":false,"execution":{"runId":"r","workflowId":"w"},"executionStatus":"OPEN","startTimestamp":1326585031.619,"tagList":["a","b"],"workflowType":{"name":"n","version":"1.0"},"closeStatus":"FAILED","closeTimestamp":1.5e9,"parent":{"runId":"p","workflowId":"q"}}],"nextPageToken":"t"}"#;
const IB_PAGE: &str = r#"{"requestId":"id","workflowExecutions":[{"workflowBuildVersionArn":"arn","workflowExecutionId":"wf-1","type":"BUILD","status":"RUNNING","message":"m","totalStepCount":3,"totalStepsSucceeded":1,"totalStepsFailed":1,"totalStepsSkipped":1,"startTime":"s","endTime":"e","parallelGroup":"g","retried":true}],"nextToken":"n"}"#;
const ERROR: &str = r#"{"__type":"com.amazonaws.swf#UnknownResourceFault","message":"m","code":"ClientException"}"#;

fn decode_both(status: u16, body: &[u8]) {
    let response = Response::new(status, body.to_vec()).with_header("X-Amzn-ErrorType", "ClientException");
    let _ = ListOpenWorkflowExecutions::response(&response);
    let _ = ListWorkflowExecutions::response(&response);
    let plain = Response::new(status, body.to_vec());
    let _ = ListOpenWorkflowExecutions::response(&plain);
    let _ = ListWorkflowExecutions::response(&plain);
}

/// A valid body with a few edits: bytes replaced, removed, inserted, or the body cut short.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let base = prop_oneof![Just(SWF_PAGE), Just(IB_PAGE), Just(ERROR)];
    let edit = (any::<prop::sample::Index>(), 0u8..4, any::<u8>(), prop::sample::select(vec![&b"{"[..], b"}", b"[", b"]", b"\"", b",", b":", b"null", b"\\u", b"1e999", b"-", b"\xff"]));
    (base, prop::collection::vec(edit, 1..6)).prop_map(|(base, edits)| {
        let mut bytes = base.as_bytes().to_vec();
        for (at, kind, byte, token) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => {
                    bytes.remove(i);
                }
                2 => bytes.splice(i..i, token.iter().copied()).for_each(drop),
                _ => bytes.truncate(i),
            }
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(status in prop_oneof![Just(200u16), Just(400), Just(500), 100u16..600], body in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_both(status, &body);
    }

    #[test]
    fn mutated_valid_bodies(status in prop_oneof![Just(200u16), Just(400), Just(429)], body in mutated()) {
        decode_both(status, &body);
    }
}

#[test]
fn deep_nesting_is_rejected_not_overflowed() {
    for open in ["[", "{\"a\":", "{\"executionInfos\":["] {
        let body = open.repeat(100_000);
        decode_both(200, body.as_bytes());
        decode_both(400, body.as_bytes());
    }
}
