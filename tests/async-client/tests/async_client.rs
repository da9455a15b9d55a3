//! The async client end to end, against the fake AWS of `tests/support/fake_aws.rs` on
//! 127.0.0.1: signatures checked by the fake's own SigV4 code, throttling retried with the
//! stack's timer, typed errors with their request id.

#[path = "../../support/fake_aws.rs"]
mod fake_aws;

use std::collections::HashMap;
use std::time::Duration;

use aws_lean_sdk::client::{Config, Retry, SdkError};
use aws_lean_sdk::credentials::Credentials;
use aws_lean_sdk::swf;
use aws_lean_sdk::swf::errors::ListOpenWorkflowExecutionsError;
use aws_lean_sdk::swf::types::{ExecutionTimeFilter, ListOpenWorkflowExecutionsInput};
use fake_aws::{fake_aws, Answer};

fn input(domain: &str) -> ListOpenWorkflowExecutionsInput {
    let filter = ExecutionTimeFilter::builder().oldest_date(aws_lean_sdk::primitives::DateTime::from_secs(0)).build().unwrap();
    ListOpenWorkflowExecutionsInput::builder().domain(domain).start_time_filter(filter).build()
}

#[tokio::test(flavor = "current_thread")]
async fn async_calls_are_signed_retried_and_typed() {
    let answer: Answer = Box::new(|request, n| {
        let id = vec![("x-amzn-RequestId".to_owned(), format!("req-{n}"))];
        if request.body.windows(7).any(|w| w == b"missing") {
            return (400, id, r#"{"__type": "UnknownResourceFault", "message": "no such domain"}"#.to_owned());
        }
        if n == 0 {
            return (400, id, r#"{"__type": "ThrottlingException"}"#.to_owned());
        }
        (200, id, r#"{"executionInfos": [], "nextPageToken": "next"}"#.to_owned())
    });
    let secrets = HashMap::from([("AKIDTEST".to_owned(), "test-secret".to_owned())]);
    let (url, seen, bad) = fake_aws(secrets, answer);
    let config = Config::new("us-east-1", Credentials::new("AKIDTEST", "test-secret"))
        .endpoint_url(url)
        .retry(Retry { max_attempts: 3, initial_backoff: Duration::from_millis(5), max_backoff: Duration::from_millis(20) });
    let client = swf::AsyncClient::new(&config);
    let output = client.list_open_workflow_executions(&input("d")).await.unwrap();
    assert_eq!(output.next_page_token.as_deref(), Some("next"));
    assert_eq!(output.meta().request_id(), Some("req-1"));
    assert_eq!(seen.lock().unwrap().len(), 2, "one throttled attempt, then the answer");
    match client.list_open_workflow_executions(&input("missing")).await {
        Err(SdkError::Service(ListOpenWorkflowExecutionsError::UnknownResourceFault(fault))) => {
            assert_eq!(fault.meta().request_id(), Some("req-2"));
        }
        other => panic!("{other:?}"),
    }
    assert!(bad.lock().unwrap().is_empty(), "{:?}", bad.lock().unwrap());
}
