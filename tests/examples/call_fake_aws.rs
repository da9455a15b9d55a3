//! The README's five lines, against a fake SWF that this example starts on 127.0.0.1: it
//! answers the first request with a throttling error and the second with a page, so the call
//! shows the client's retry. Run with `cargo run -p tests --example call_fake_aws`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use aws_lean_sdk::client::Config;
use aws_lean_sdk::credentials::Credentials;
use aws_lean_sdk::primitives::DateTime;
use aws_lean_sdk::swf::types::{ExecutionTimeFilter, ListOpenWorkflowExecutionsInput};

/// Answers requests on 127.0.0.1: throttles the first, then sends a page of one execution.
fn fake_swf() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    std::thread::spawn(move || {
        let mut count = 0;
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut reader = BufReader::new(stream.try_clone().expect("a stream"));
            let (mut length, mut authorization) = (0, String::new());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(value) = lower.strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                if lower.starts_with("authorization:") {
                    authorization = line.trim_end().to_owned();
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            count += 1;
            println!("  fake SWF, request {count}: {}", &authorization[..authorization.len().min(96)]);
            let (status, body) = if count == 1 {
                (400, r#"{"__type": "ThrottlingException", "message": "Rate exceeded"}"#.to_owned())
            } else {
                (200, r#"{"executionInfos": [{"execution": {"workflowId": "order-1", "runId": "r"}, "workflowType": {"name": "orders", "version": "1"}, "startTimestamp": 1700000000.5, "executionStatus": "OPEN"}]}"#.to_owned())
            };
            let _ = write!(stream, "HTTP/1.1 {status} X\r\nx-amzn-RequestId: fake-{count}\r\nContent-Length: {}\r\n\r\n{body}", body.len());
        }
    });
    url
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = fake_swf();
    // `Config::from_env()` in real use; here, fixed credentials and the fake's address.
    let config = Config::new("us-east-1", Credentials::new("AKIDEXAMPLE", "example-secret")).endpoint_url(url);

    let client = aws_lean_sdk::swf::Client::new(&config);
    let filter = ExecutionTimeFilter::builder().oldest_date(DateTime::from_secs(1_700_000_000)).build()?;
    let page = client.list_open_workflow_executions(&ListOpenWorkflowExecutionsInput::builder().domain("my-domain").start_time_filter(filter).build())?;
    println!("{} open executions (request {:?})", page.execution_infos.len(), page.meta().request_id());
    for info in &page.execution_infos {
        println!("  {} started {}", info.execution.workflow_id, info.start_timestamp.to_epoch_seconds_string());
    }
    Ok(())
}
