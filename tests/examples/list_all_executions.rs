//! Lists every open SWF workflow execution and every Image Builder workflow execution of an
//! image build, page by page, through a transport this example defines.
//!
//! Each service's endpoint comes from its own endpoint rules (`endpoint::Params`, for a region),
//! and each request goes to `endpoint.url_for(&request)`. The transport here is a stand-in for
//! the services (this machine has no AWS access): it answers each request the way the service
//! would, from a few pages of made-up data. A real transport sends the request to that URL over
//! HTTP and signs it; see the docs of the `paginate` module for reqwest and ureq versions. Run
//! with `cargo run -p tests --example list_all_executions`.

use std::cell::Cell;
use std::convert::Infallible;

use aws_lean_sdk::endpoint::Endpoint;
use aws_lean_sdk::http::{Operation, Request, Response};
use aws_lean_sdk::imagebuilder::operations::ListWorkflowExecutions;
use aws_lean_sdk::imagebuilder::types as ib;
use aws_lean_sdk::paginate::Transport;
use aws_lean_sdk::primitives::DateTime;
use aws_lean_sdk::swf::operations::ListOpenWorkflowExecutions;
use aws_lean_sdk::swf::types as swf;

/// Answers SWF and Image Builder list calls with three pages each, at the endpoint it was given.
struct FakeAws {
    endpoint: Endpoint,
    calls: Cell<usize>,
}

impl Transport for FakeAws {
    type Error = Infallible;

    fn send(&self, request: Request) -> Result<Response, Infallible> {
        self.calls.set(self.calls.get() + 1);
        let url = self.endpoint.url_for(&request);
        println!("  ({} {url})", request.method);
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
        if url.starts_with("https://swf.") {
            assert_eq!(request.header("X-Amz-Target"), Some("SimpleWorkflowService.ListOpenWorkflowExecutions"));
            let page = body["nextPageToken"].as_str().and_then(|t| t.parse::<u32>().ok()).unwrap_or(0);
            let infos = (0..2)
                .map(|i| {
                    swf::WorkflowExecutionInfo::builder()
                        .execution(swf::WorkflowExecution::builder().workflow_id(format!("order-{page}-{i}")).run_id("run").build().unwrap())
                        .workflow_type(swf::WorkflowType::builder().name("customerOrderWorkflow").version("1.0").build().unwrap())
                        .start_timestamp(DateTime::from_secs_and_nanos(1_326_585_031 + i64::from(page), 619_000_000))
                        .execution_status(swf::ExecutionStatus::Open)
                        .build()
                        .unwrap()
                })
                .collect::<Vec<_>>();
            let next = (page < 2).then(|| (page + 1).to_string());
            let output = swf::WorkflowExecutionInfos::builder().execution_infos(infos).set_next_page_token(next).build().unwrap();
            return Ok(ListOpenWorkflowExecutions::output_response(&output));
        }
        let page = body["nextToken"].as_str().and_then(|t| t.parse::<u32>().ok()).unwrap_or(0);
        let items = (0..2)
            .map(|i| {
                ib::WorkflowExecutionMetadata::builder()
                    .workflow_execution_id(format!("wf-0000000{page}-0000-0000-0000-00000000000{i}"))
                    .r#type(ib::WorkflowType::Build)
                    .status(ib::WorkflowExecutionStatus::Completed)
                    .build()
            })
            .collect::<Vec<_>>();
        let next = (page < 2).then(|| (page + 1).to_string());
        let output = ib::ListWorkflowExecutionsResponse::builder().workflow_executions(items).set_next_token(next).build();
        Ok(ListWorkflowExecutions::output_response(&output))
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let region = "eu-west-3";
    let swf_endpoint = aws_lean_sdk::swf::endpoint::Params::new().region(region).resolve()?;
    let imagebuilder_endpoint = aws_lean_sdk::imagebuilder::endpoint::Params::new().region(region).resolve()?;
    let aws = FakeAws { endpoint: swf_endpoint, calls: Cell::new(0) };

    let input = swf::ListOpenWorkflowExecutionsInput::builder()
        .domain("867530901")
        .start_time_filter(swf::ExecutionTimeFilter::builder().oldest_date(DateTime::from_secs(1_325_376_070)).build()?)
        .build();
    println!("Open SWF workflow executions:");
    for execution in ListOpenWorkflowExecutions::paginate(input).page_size(2).items(&aws) {
        let execution = execution?;
        println!("  {} started {}", execution.execution.workflow_id, execution.start_timestamp.to_epoch_seconds_string());
    }

    let input = ib::ListWorkflowExecutionsRequest::builder()
        .image_build_version_arn("arn:aws:imagebuilder:us-east-1:123456789012:image/my-image/1.0.0/1")
        .build();
    println!("Image Builder workflow executions:");
    let swf_calls = aws.calls.get();
    let aws = FakeAws { endpoint: imagebuilder_endpoint, calls: Cell::new(swf_calls) };
    for execution in ListWorkflowExecutions::paginate(input).items(&aws) {
        let execution = execution?;
        println!("  {} {}", execution.workflow_execution_id.unwrap_or_default(), execution.status.map(|s| s.to_string()).unwrap_or_default());
    }
    println!("({} requests)", aws.calls.get());
    Ok(())
}
