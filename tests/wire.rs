//! The wire behaviour of the generated crate for both operations: the SWF seed page's sample
//! request and response, exact requests, every modeled error and an unmodeled one, round trips,
//! and what the protocols ask of values (exact timestamps, nulls, unknown fields, defaults).

use aws_lean_sdk::http::{Operation, Request, Response};
use aws_lean_sdk::imagebuilder::errors::ListWorkflowExecutionsError;
use aws_lean_sdk::imagebuilder::operations::ListWorkflowExecutions;
use aws_lean_sdk::imagebuilder::types as ib;
use aws_lean_sdk::primitives::DateTime;
use aws_lean_sdk::swf::errors::ListOpenWorkflowExecutionsError;
use aws_lean_sdk::swf::operations::ListOpenWorkflowExecutions;
use aws_lean_sdk::swf::types as swf;

/// A request as text: method and URI, headers, a blank line, the body.
fn show(request: &Request) -> String {
    let mut text = format!("{} {}\n", request.method, request.uri);
    for (name, value) in &request.headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    text.push('\n');
    text.push_str(&String::from_utf8_lossy(&request.body));
    text
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("valid JSON")
}

fn time(text: &str) -> DateTime {
    DateTime::from_epoch_seconds_str(text).unwrap()
}

/// The sample request of the SWF API reference page (the seed), as its body shows it.
#[test]
fn swf_seed_sample_request() {
    let input = swf::ListOpenWorkflowExecutionsInput::builder()
        .domain("867530901")
        .start_time_filter(swf::ExecutionTimeFilter::builder().oldest_date(time("1325376070")).latest_date(time("1356998399")).build().unwrap())
        .tag_filter(swf::TagFilter::builder().tag("music purchase").build().unwrap())
        .build();
    let request = ListOpenWorkflowExecutions::request(&input).unwrap();
    assert_eq!((request.method, request.uri.as_str()), ("POST", "/"));
    assert_eq!(request.header("x-amz-target"), Some("SimpleWorkflowService.ListOpenWorkflowExecutions"));
    assert_eq!(request.header("content-type"), Some("application/x-amz-json-1.0"));
    let seed = r#"{"domain": "867530901", "startTimeFilter": {"oldestDate": 1325376070, "latestDate": 1356998399}, "tagFilter": {"tag": "music purchase"} }"#;
    assert_eq!(json(&request.body), json(seed.as_bytes()));
    // Compact, in model order, unset members left out.
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        r#"{"domain":"867530901","startTimeFilter":{"oldestDate":1325376070,"latestDate":1356998399},"tagFilter":{"tag":"music purchase"}}"#
    );
}

const SEED_RESPONSE: &str = r#"{ "executionInfos": [ { "cancelRequested": false, "execution": { "runId": "f5ebbac6-941c-4342-ad69-dfd2f8be6689", "workflowId": "20110927-T-1" }, "executionStatus": "OPEN", "startTimestamp": 1326585031.619, "tagList": [ "music purchase", "digital", "ricoh-the-dog" ], "workflowType": { "name": "customerOrderWorkflow", "version": "1.0" } } ] }"#;

/// The sample response of the seed page.
#[test]
fn swf_seed_sample_response() {
    let response = Response::new(200, SEED_RESPONSE).with_header("Content-Type", "application/json");
    let output = ListOpenWorkflowExecutions::response(&response).unwrap();
    assert_eq!(output.next_page_token, None);
    let [info] = output.execution_infos.as_slice() else { panic!("one execution") };
    assert_eq!(info.execution.run_id, "f5ebbac6-941c-4342-ad69-dfd2f8be6689");
    assert_eq!(info.execution.workflow_id, "20110927-T-1");
    assert_eq!(info.execution_status, swf::ExecutionStatus::Open);
    assert_eq!((info.start_timestamp.secs(), info.start_timestamp.subsec_nanos()), (1326585031, 619_000_000));
    assert_eq!(info.start_timestamp.to_epoch_seconds_string(), "1326585031.619");
    assert_eq!(info.tag_list.as_deref(), Some(&["music purchase".to_owned(), "digital".into(), "ricoh-the-dog".into()][..]));
    assert_eq!((info.workflow_type.name.as_str(), info.workflow_type.version.as_str()), ("customerOrderWorkflow", "1.0"));
    assert!(!info.cancel_requested);
    assert_eq!((info.close_status.clone(), info.close_timestamp, info.parent.clone()), (None, None, None));
}

fn fullest_swf_input() -> swf::ListOpenWorkflowExecutionsInput {
    swf::ListOpenWorkflowExecutionsInput::builder()
        .domain("my-domain")
        .start_time_filter(swf::ExecutionTimeFilter::builder().oldest_date(time("-1.5")).latest_date(time("1700000000.123")).build().unwrap())
        .type_filter(swf::WorkflowTypeFilter::builder().name("order \"flow\"\n\t\u{1}\u{7f}\u{2028}é/").version("1.0").build().unwrap())
        .tag_filter(swf::TagFilter::builder().tag("music purchase").build().unwrap())
        .next_page_token("token==")
        .maximum_page_size(0)
        .reverse_order(false)
        .execution_filter(swf::WorkflowExecutionFilter::builder().workflow_id("wf-1").build().unwrap())
        .build()
}

fn fullest_imagebuilder_input() -> ib::ListWorkflowExecutionsRequest {
    ib::ListWorkflowExecutionsRequest::builder()
        .max_results(25)
        .next_token("abc")
        .image_build_version_arn("arn:aws:imagebuilder:us-east-1:123456789012:image/my-image/1.0.0/1")
        .build()
}

/// The exact requests of each operation's fullest input: explicitly set defaults are sent,
/// strings are escaped as the protocols write them, timestamps are exact decimals.
/// Byte for byte what the official SDKs send: awsJson bodies in model order, a restJson1 body's
/// top-level members in member-name order (aws-sdk-imagebuilder 1.137 and the JS SDK alike).
#[test]
fn exact_requests() {
    insta::assert_snapshot!("swf_request", show(&ListOpenWorkflowExecutions::request(&fullest_swf_input()).unwrap()));
    insta::assert_snapshot!("imagebuilder_request", show(&ListWorkflowExecutions::request(&fullest_imagebuilder_input()).unwrap()));
    let minimal = ib::ListWorkflowExecutionsRequest::builder().image_build_version_arn("arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1").build();
    insta::assert_snapshot!("imagebuilder_minimal_request", show(&ListWorkflowExecutions::request(&minimal).unwrap()));
}

fn swf_error(status: u16, body: &str) -> ListOpenWorkflowExecutionsError {
    ListOpenWorkflowExecutions::response(&Response::new(status, body)).unwrap_err()
}

#[test]
fn swf_modeled_errors() {
    let error = swf_error(400, r#"{"__type": "com.amazonaws.swf#UnknownResourceFault", "message": "Unknown domain: x"}"#);
    let ListOpenWorkflowExecutionsError::UnknownResourceFault(fault) = &error else { panic!("{error:?}") };
    assert_eq!(fault.message.as_deref(), Some("Unknown domain: x"));
    assert_eq!((error.code(), error.message()), (Some("UnknownResourceFault"), Some("Unknown domain: x")));
    assert_eq!(error.to_string(), "UnknownResourceFault: Unknown domain: x");

    let error = swf_error(400, r#"{"__type": "OperationNotPermittedFault:http://internal.amazon.com/coral/", "Message": "no"}"#);
    assert!(matches!(error, ListOpenWorkflowExecutionsError::OperationNotPermittedFault(_)), "{error:?}");
    // The message member of the error shape is `message`; `Message` is only read for unmodeled errors.
    assert_eq!(error.code(), Some("OperationNotPermittedFault"));
}

#[test]
fn swf_unmodeled_error_keeps_status_code_and_message() {
    let error = swf_error(400, r#"{"__type": "com.amazon.coral.availability#ThrottlingException", "Message": "Rate exceeded"}"#);
    let ListOpenWorkflowExecutionsError::Unhandled(unhandled) = &error else { panic!("{error:?}") };
    assert_eq!((unhandled.status(), unhandled.code(), unhandled.message()), (400, Some("ThrottlingException"), Some("Rate exceeded")));
    assert_eq!(error.to_string(), "ThrottlingException (HTTP 400): Rate exceeded");
    let error = swf_error(503, "<html>Service Unavailable</html>");
    assert!(matches!(&error, ListOpenWorkflowExecutionsError::Unhandled(e) if e.status() == 503 && e.code().is_none()), "{error:?}");
}

#[test]
fn imagebuilder_modeled_errors_by_header_and_body() {
    let cases: [(&str, u16); 7] = [
        ("CallRateLimitExceededException", 429),
        ("ClientException", 400),
        ("ForbiddenException", 403),
        ("InvalidPaginationTokenException", 400),
        ("InvalidRequestException", 400),
        ("ServiceException", 500),
        ("ServiceUnavailableException", 503),
    ];
    for (code, status) in cases {
        let body = format!(r#"{{"message": "because {code}"}}"#);
        let by_header = Response::new(status, body.clone()).with_header("X-Amzn-ErrorType", format!("{code}:http://internal.amazon.com/"));
        let by_body = Response::new(status, format!(r#"{{"code": "{code}", "message": "because {code}"}}"#));
        for response in [by_header, by_body] {
            let error = ListWorkflowExecutions::response(&response).unwrap_err();
            assert_eq!(error.code(), Some(code), "{error:?}");
            assert_eq!(error.message(), Some(format!("because {code}").as_str()));
            assert!(!matches!(error, ListWorkflowExecutionsError::Unhandled(_) | ListWorkflowExecutionsError::InvalidResponse(_)));
        }
    }
    // The header wins over the body, as in the official Rust SDK.
    let response = Response::new(403, r#"{"__type": "ClientException"}"#).with_header("x-amzn-errortype", "ForbiddenException");
    assert!(matches!(ListWorkflowExecutions::response(&response), Err(ListWorkflowExecutionsError::ForbiddenException(_))));
    let unmodeled = Response::new(400, r#"{"__type": "aws.protocols#ValidationException", "errorMessage": "bad arn"}"#);
    let error = ListWorkflowExecutions::response(&unmodeled).unwrap_err();
    assert_eq!((error.code(), error.message()), (Some("ValidationException"), Some("bad arn")));
}

#[test]
fn nested_required_members_missing_do_not_fail_the_page() {
    let body = r#"{"executionInfos": [
        {"workflowType": {"name": "n", "version": "1"}, "startTimestamp": 5},
        {"execution": {"workflowId": "w", "runId": "r"}, "executionStatus": "SUSPENDED", "startTimestamp": 6, "workflowType": {"name": "n"}}
    ]}"#;
    let output = ListOpenWorkflowExecutions::response(&Response::new(200, body)).unwrap();
    let infos = &output.execution_infos;
    assert_eq!(infos[0].execution.workflow_id, "", "a missing required structure is its zero value");
    assert_eq!(infos[0].execution_status.as_str(), "", "a missing required enum is an unknown empty value");
    assert_eq!(infos[1].execution_status.as_str(), "SUSPENDED", "unknown enum values are kept");
    assert_eq!(infos[1].workflow_type.version, "");
    let output = ListOpenWorkflowExecutions::response(&Response::new(200, "{}")).unwrap();
    assert!(output.execution_infos.is_empty());
}

#[test]
fn nulls_unknown_fields_duplicates_and_defaults() {
    let body = r#"{"workflowExecutions": [{"totalStepCount": null, "status": "RUNNING", "future": {"deep": [1, {"x": [null, "y"]}]},
        "retried": true, "startTime": "2024-01-01T00:00:00Z", "type": "BUILD", "type": "TEST"}], "nextToken": null, "newField": 1}"#;
    let output = ListWorkflowExecutions::response(&Response::new(200, body)).unwrap();
    let item = &output.workflow_executions.as_ref().unwrap()[0];
    assert_eq!(item.total_step_count, 0, "null is absent, and absent takes the default");
    assert_eq!(item.total_steps_failed, 0);
    assert_eq!(item.r#type, Some(ib::WorkflowType::Test), "the last of duplicate keys wins");
    assert_eq!(item.status, Some(ib::WorkflowExecutionStatus::Running));
    assert_eq!(item.start_time.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(output.next_token, None);
}

#[test]
fn invalid_success_bodies_are_typed_errors() {
    for body in ["{", "[]", r#"{"executionInfos": {}}"#, r#"{"executionInfos": [{"startTimestamp": "soon"}]}"#, "{} x"] {
        let error = ListOpenWorkflowExecutions::response(&Response::new(200, body)).unwrap_err();
        assert!(matches!(error, ListOpenWorkflowExecutionsError::InvalidResponse(_)), "{body}: {error:?}");
        assert!(error.to_string().starts_with("cannot decode the response (HTTP 200): invalid JSON at byte"), "{error}");
    }
}

/// A small deterministic generator, so the round trips cover many values without a dependency.
struct Values(u64);

impl Values {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn chance(&mut self) -> bool {
        self.next().is_multiple_of(2)
    }

    fn string(&mut self) -> String {
        const PIECES: &[&str] = &["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u{1}", "\u{1f}", "\u{7f}", "é", "漢", "😀", "\u{2028}", "{}", ","];
        (0..self.next() % 12).map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize]).collect()
    }

    fn time(&mut self) -> DateTime {
        let secs = (self.next() % 20_000_000_000) as i64 - 10_000_000_000;
        let nanos = match self.next() % 3 {
            0 => 0,
            1 => (self.next() % 1000) as u32 * 1_000_000,
            _ => (self.next() % 1_000_000_000) as u32,
        };
        DateTime::from_secs_and_nanos(secs, nanos)
    }

    fn swf_output(&mut self) -> swf::WorkflowExecutionInfos {
        let statuses = ["OPEN", "CLOSED", "PAUSED"];
        let infos = (0..self.next() % 4)
            .map(|_| {
                let execution = swf::WorkflowExecution::builder().workflow_id(self.string()).run_id(self.string()).build().unwrap();
                let mut info = swf::WorkflowExecutionInfo::builder()
                    .execution(execution)
                    .workflow_type(swf::WorkflowType::builder().name(self.string()).version(self.string()).build().unwrap())
                    .start_timestamp(self.time())
                    .execution_status(statuses[(self.next() % 3) as usize])
                    .cancel_requested(self.chance());
                if self.chance() {
                    info = info.close_timestamp(self.time()).close_status(swf::CloseStatus::from("CONTINUED_AS_NEW"));
                }
                if self.chance() {
                    info = info.tag_list((0..self.next() % 5).map(|_| self.string()).collect::<Vec<_>>());
                }
                info.build().unwrap()
            })
            .collect::<Vec<_>>();
        let mut output = swf::WorkflowExecutionInfos::builder().execution_infos(infos);
        if self.chance() {
            output = output.next_page_token(self.string());
        }
        output.build().unwrap()
    }

    fn imagebuilder_output(&mut self) -> ib::ListWorkflowExecutionsResponse {
        let items = (0..self.next() % 4)
            .map(|_| {
                let mut item = ib::WorkflowExecutionMetadata::builder()
                    .total_step_count((self.next() % 100) as i32)
                    .status(ib::WorkflowExecutionStatus::from(["RUNNING", "ROLLBACK_COMPLETED", "NEW"][(self.next() % 3) as usize]));
                if self.chance() {
                    item = item.r#type(ib::WorkflowType::Distribution).retried(self.chance()).start_time(self.string()).message(self.string());
                }
                item.build()
            })
            .collect::<Vec<_>>();
        let mut output = ib::ListWorkflowExecutionsResponse::builder();
        if self.chance() {
            output = output.workflow_executions(items).request_id(self.string());
        }
        if self.chance() {
            output = output.next_token(self.string()).message(self.string());
        }
        output.build()
    }
}

#[test]
fn outputs_round_trip() {
    let mut values = Values(0x9e37_79b9_7f4a_7c15);
    for _ in 0..500 {
        let output = values.swf_output();
        let response = ListOpenWorkflowExecutions::output_response(&output);
        assert_eq!(ListOpenWorkflowExecutions::response(&response).unwrap(), output);
        let output = values.imagebuilder_output();
        let response = ListWorkflowExecutions::output_response(&output);
        assert_eq!(ListWorkflowExecutions::response(&response).unwrap(), output);
    }
}

#[test]
fn fractional_seconds_never_pass_through_floats() {
    for text in ["1700000000.123", "1326585031.619", "253402300799.999", "0.001", "-1.5", "1.000000001"] {
        let info = swf::WorkflowExecutionInfo::builder()
            .execution(swf::WorkflowExecution::builder().workflow_id("w").run_id("r").build().unwrap())
            .workflow_type(swf::WorkflowType::builder().name("n").version("v").build().unwrap())
            .start_timestamp(time(text))
            .execution_status(swf::ExecutionStatus::Open)
            .build()
            .unwrap();
        let output = swf::WorkflowExecutionInfos::builder().execution_infos(vec![info]).build().unwrap();
        let response = ListOpenWorkflowExecutions::output_response(&output);
        let body = String::from_utf8(response.body.clone()).unwrap();
        assert!(body.contains(&format!("\"startTimestamp\":{text},")), "{body}");
        let parsed = ListOpenWorkflowExecutions::response(&response).unwrap();
        assert_eq!(parsed.execution_infos[0].start_timestamp.to_epoch_seconds_string(), text);
    }
}

/// A body of empty objects fills every item with the zero values of its required members, far
/// bigger than the two bytes that asked for it: the decode limit stops that.
#[test]
fn a_small_body_cannot_become_a_huge_value() {
    let items = 100_000;
    let body = format!("{{\"executionInfos\":[{}{{}}]}}", "{},".repeat(items - 1));
    let item_size = std::mem::size_of::<swf::WorkflowExecutionInfo>();
    assert!(item_size * items > aws_lean_sdk::http::DECODE_LIMIT_FACTOR * body.len(), "the page would take {}x its body", item_size * items / body.len());
    let response = Response::new(200, body.clone());
    match ListOpenWorkflowExecutions::response(&response) {
        Err(ListOpenWorkflowExecutionsError::InvalidResponse(e)) => assert!(e.to_string().contains("decode limit"), "{e}"),
        other => panic!("{:?}", other.map(|o| o.execution_infos.len())),
    }
    // Raised by the caller who expects it, the same body decodes.
    let output = ListOpenWorkflowExecutions::response(&Response::new(200, body).with_decode_limit(item_size * items * 2)).unwrap();
    assert_eq!(output.execution_infos.len(), items);
}

/// The four places the wire differed from both official SDKs.
#[test]
fn wire_agrees_with_the_official_sdks() {
    // A modeled error whose body says `Message` keeps its message.
    match swf_error(400, r#"{"__type": "UnknownResourceFault", "Message": "no domain"}"#) {
        ListOpenWorkflowExecutionsError::UnknownResourceFault(fault) => assert_eq!(fault.message.as_deref(), Some("no domain")),
        other => panic!("{other:?}"),
    }

    // Whole numbers written with a fraction or an exponent are integers; others are not.
    let page = |count: &str| {
        let body = format!(r#"{{"workflowExecutions": [{{"totalStepCount": {count}}}]}}"#);
        ListWorkflowExecutions::response(&Response::new(200, body)).map(|o| o.workflow_executions.unwrap()[0].total_step_count)
    };
    assert_eq!(page("3.0").unwrap(), 3);
    assert_eq!(page("1e2").unwrap(), 100);
    assert_eq!(page("-25E-1").ok(), None);
    assert_eq!(page("2.50e1").unwrap(), 25);
    let fraction = page("3.5").unwrap_err().to_string();
    assert!(fraction.contains("a number with a fraction is not an integer"), "{fraction}");
    assert!(page("1e10").unwrap_err().to_string().contains("integer out of range"));
    assert!(page("0123").unwrap_err().to_string().contains("leading zero"));

    // The error code is what follows the first `#`.
    assert_eq!(aws_lean_sdk::http::sanitize_error_code("aws.test#Fault#Detail:http://x"), "Fault#Detail");

    // An error response whose body does not decode keeps its code; modeled errors and outputs
    // keep the status, headers and request id.
    let broken = Response::new(400, r#"{"message": 5}"#).with_header("X-Amzn-ErrorType", "ClientException");
    match ListWorkflowExecutions::response(&broken) {
        Err(error @ ListWorkflowExecutionsError::InvalidResponse(_)) => {
            assert_eq!(error.code(), Some("ClientException"));
            assert!(error.to_string().contains("cannot decode the ClientException error response (HTTP 400)"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    let modeled = Response::new(400, r#"{"message": "no"}"#).with_header("X-Amzn-ErrorType", "ClientException").with_header("x-amzn-RequestId", "req-1");
    match ListWorkflowExecutions::response(&modeled) {
        Err(ListWorkflowExecutionsError::ClientException(e)) => assert_eq!((e.meta().status(), e.meta().request_id()), (400, Some("req-1"))),
        other => panic!("{other:?}"),
    }
    let output = ListOpenWorkflowExecutions::response(&Response::new(200, r#"{"executionInfos": []}"#).with_header("x-amzn-RequestId", "req-2")).unwrap();
    assert_eq!(output.meta().request_id(), Some("req-2"));
    let unknown = ListOpenWorkflowExecutions::response(&Response::new(500, "").with_header("x-amzn-RequestId", "req-3")).unwrap_err();
    match unknown {
        ListOpenWorkflowExecutionsError::Unhandled(e) => assert_eq!(e.meta().request_id(), Some("req-3")),
        other => panic!("{other:?}"),
    }
}
