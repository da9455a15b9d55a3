//! The blocking client end to end, against a fake AWS service that the tests start on
//! 127.0.0.1: it checks every request's SigV4 signature with its own implementation (written
//! apart from the crate's), serves pages, throttles and fails to exercise retries, and serves
//! the container credentials endpoint.

#[path = "support/fake_aws.rs"]
mod fake_aws;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use aws_lean_sdk::client::{Config, Retry, SdkError};
use aws_lean_sdk::credentials::{Credentials, DefaultChain};
use aws_lean_sdk::http::Operation;
use aws_lean_sdk::swf;
use aws_lean_sdk::swf::errors::ListOpenWorkflowExecutionsError;
use aws_lean_sdk::swf::operations::ListOpenWorkflowExecutions;
use aws_lean_sdk::swf::types::{ExecutionTimeFilter, ListOpenWorkflowExecutionsInput};
use fake_aws::{fake_aws, Answer};

fn secrets() -> HashMap<String, String> {
    HashMap::from([("AKIDTEST".to_owned(), "test-secret".to_owned()), ("ASIACONTAINER".to_owned(), "container-secret".to_owned())])
}

fn quick_retries(config: Config) -> Config {
    config.retry(Retry { max_attempts: 3, initial_backoff: Duration::from_millis(5), max_backoff: Duration::from_millis(20) })
}

fn input() -> ListOpenWorkflowExecutionsInput {
    ListOpenWorkflowExecutionsInput::builder()
        .domain("d")
        .start_time_filter(ExecutionTimeFilter::builder().oldest_date(aws_lean_sdk::primitives::DateTime::from_secs(0)).build().unwrap())
        .build()
}

fn page(token: Option<&str>) -> String {
    match token {
        Some(token) => format!(r#"{{"executionInfos": [], "nextPageToken": "{token}"}}"#),
        None => r#"{"executionInfos": []}"#.to_owned(),
    }
}

fn request_id(n: usize) -> Vec<(String, String)> {
    vec![("x-amzn-RequestId".to_owned(), format!("req-{n}"))]
}

#[test]
fn a_signed_call_retried_through_throttling() {
    let answer: Answer = Box::new(|_, n| {
        if n < 2 {
            (400, request_id(n), r#"{"__type": "ThrottlingException", "message": "slow down"}"#.to_owned())
        } else {
            (200, request_id(n), page(Some("next")))
        }
    });
    let (url, seen, bad) = fake_aws(secrets(), answer);
    let config = quick_retries(Config::new("us-east-1", Credentials::new("AKIDTEST", "test-secret")).endpoint_url(url));
    let client = swf::Client::new(&config);
    let output = client.list_open_workflow_executions(&input()).unwrap();
    assert_eq!(output.next_page_token.as_deref(), Some("next"));
    assert_eq!(output.meta().request_id(), Some("req-2"));
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3, "two throttled attempts, then the answer");
    assert_eq!(seen[0].header("x-amz-target"), Some("SimpleWorkflowService.ListOpenWorkflowExecutions"));
    assert!(seen[0].header("authorization").unwrap().contains("/us-east-1/swf/aws4_request"));
    assert!(bad.lock().unwrap().is_empty(), "{:?}", bad.lock().unwrap());
}

#[test]
fn errors_are_typed_and_carry_the_request_id_and_retries_stop() {
    let answer: Answer = Box::new(|request, n| {
        if request.body.windows(7).any(|w| w == b"missing") {
            (400, request_id(n), r#"{"__type": "UnknownResourceFault", "message": "no such domain"}"#.to_owned())
        } else {
            (503, request_id(n), "{}".to_owned())
        }
    });
    let (url, seen, bad) = fake_aws(secrets(), answer);
    let config = quick_retries(Config::new("us-east-1", Credentials::new("AKIDTEST", "test-secret")).endpoint_url(url));
    let client = swf::Client::new(&config);
    let missing = ListOpenWorkflowExecutionsInput::builder().domain("missing").start_time_filter(input().start_time_filter.unwrap()).build();
    match client.list_open_workflow_executions(&missing) {
        Err(SdkError::Service(ListOpenWorkflowExecutionsError::UnknownResourceFault(fault))) => {
            assert_eq!(fault.message.as_deref(), Some("no such domain"));
            assert_eq!(fault.meta().request_id(), Some("req-0"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(seen.lock().unwrap().len(), 1, "a modeled client error is not retried");
    match client.list_open_workflow_executions(&input()) {
        Err(SdkError::Service(error)) => assert_eq!(error.request_id(), Some("req-3")),
        other => panic!("{other:?}"),
    }
    assert_eq!(seen.lock().unwrap().len(), 4, "503 is tried three times in all");
    assert!(bad.lock().unwrap().is_empty(), "{:?}", bad.lock().unwrap());
}

#[test]
fn paginators_send_through_the_client() {
    let answer: Answer = Box::new(|request, n| {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let token = if body.contains("\"p2\"") { None } else if body.contains("\"p1\"") { Some("p2") } else { Some("p1") };
        (200, request_id(n), page(token))
    });
    let (url, seen, bad) = fake_aws(secrets(), answer);
    let config = Config::new("us-east-1", Credentials::new("AKIDTEST", "test-secret")).endpoint_url(url);
    let client = swf::Client::new(&config);
    let input = input();
    let pager = client.pager::<ListOpenWorkflowExecutions>(&input).unwrap();
    let pages: Vec<_> = ListOpenWorkflowExecutions::paginate(input).pages(&pager).collect::<Result<_, _>>().unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert!(bad.lock().unwrap().is_empty(), "{:?}", bad.lock().unwrap());
}

#[test]
fn container_credentials_sign_the_call() {
    let answer: Answer = Box::new(|request, n| {
        if request.target == "/creds" {
            assert_eq!(request.header("authorization"), Some("container-token"));
            let body = r#"{"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "container-secret", "Token": "session", "Expiration": "2099-01-01T00:00:00Z"}"#;
            return (200, vec![], body.to_owned());
        }
        assert_eq!(request.header("x-amz-security-token"), Some("session"));
        (200, request_id(n), page(None))
    });
    let (url, seen, bad) = fake_aws(secrets(), answer);
    let env: HashMap<String, String> = HashMap::from([
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI".to_owned(), format!("{url}/creds")),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN".to_owned(), "container-token".to_owned()),
        ("HOME".to_owned(), "/nonexistent".to_owned()),
    ]);
    let chain = DefaultChain::with_env(Arc::new(move |name| env.get(name).cloned()));
    let config = Config::with_provider(Some("eu-west-3".to_owned()), chain).endpoint_url(url);
    let client = swf::Client::new(&config);
    client.list_open_workflow_executions(&input()).unwrap();
    client.list_open_workflow_executions(&input()).unwrap();
    let seen = seen.lock().unwrap();
    // The credentials are fetched once and kept until they near their expiry.
    assert_eq!(seen.iter().filter(|r| r.target == "/creds").count(), 1);
    assert_eq!(seen.len(), 3);
    assert!(bad.lock().unwrap().is_empty(), "{:?}", bad.lock().unwrap());
}

#[test]
fn the_region_picks_the_endpoint_and_a_bad_setting_is_an_endpoint_error() {
    let config = Config::new("eu-west-3", Credentials::new("AKIDTEST", "test-secret"));
    let client = swf::Client::new(&config);
    assert_eq!(client.endpoint_params().resolve().unwrap().url, "https://swf.eu-west-3.amazonaws.com");
    let fips_custom = swf::Client::new(&config.clone().use_fips(true).endpoint_url("http://127.0.0.1:1"));
    match fips_custom.list_open_workflow_executions(&input()) {
        Err(SdkError::Endpoint(e)) => assert_eq!(e.message(), "Invalid Configuration: FIPS and custom endpoint are not supported"),
        other => panic!("{other:?}"),
    }
    // A region is a host label: one that would move the request to another host is refused.
    for hostile in ["us-east-1.example.com/", "us-east-1#", "us-east-1\r\nX: y", ""] {
        let client = swf::Client::new(&config.clone().region(hostile));
        match client.list_open_workflow_executions(&input()) {
            Err(SdkError::Endpoint(e)) => assert!(e.message().contains("not a valid host label"), "{e}"),
            other => panic!("{hostile:?}: {other:?}"),
        }
    }
    // Nothing listens on the port: no answer, after the configured attempts.
    let closed = swf::Client::new(&quick_retries(config.endpoint_url("http://127.0.0.1:1")));
    assert!(matches!(closed.list_open_workflow_executions(&input()), Err(SdkError::Transport(_))));
    let _ = ListOpenWorkflowExecutions::request(&input()).unwrap();
}

#[test]
fn instance_metadata_credentials_sign_the_call() {
    let answer: Answer = Box::new(|request, n| match request.target.as_str() {
        "/latest/api/token" => {
            assert_eq!(request.method, "PUT");
            (200, vec![], "imds-token".to_owned())
        }
        "/latest/meta-data/iam/security-credentials/" => {
            assert_eq!(request.header("x-aws-ec2-metadata-token"), Some("imds-token"));
            (200, vec![], "instance-role".to_owned())
        }
        "/latest/meta-data/iam/security-credentials/instance-role" => {
            let body = r#"{"Code": "Success", "AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "container-secret", "Token": "imds-session", "Expiration": "2099-01-01T00:00:00Z"}"#;
            (200, vec![], body.to_owned())
        }
        _ => {
            assert_eq!(request.header("x-amz-security-token"), Some("imds-session"));
            (200, request_id(n), page(None))
        }
    });
    let (url, seen, bad) = fake_aws(secrets(), answer);
    let env: HashMap<String, String> =
        HashMap::from([("AWS_EC2_METADATA_SERVICE_ENDPOINT".to_owned(), url.clone()), ("HOME".to_owned(), "/nonexistent".to_owned())]);
    let chain = DefaultChain::with_env(Arc::new(move |name| env.get(name).cloned()));
    let client = swf::Client::new(&Config::with_provider(Some("us-west-2".to_owned()), chain).endpoint_url(url));
    client.list_open_workflow_executions(&input()).unwrap();
    assert_eq!(seen.lock().unwrap().len(), 4, "token, role, credentials, then the call");
    assert!(bad.lock().unwrap().is_empty(), "{:?}", bad.lock().unwrap());
}
