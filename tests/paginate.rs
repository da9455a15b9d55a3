//! Paginators over fake services: pages and items, blocking and async, and every way iteration
//! stops.

use aws_lean_sdk::http::{Operation, Response};
use aws_lean_sdk::imagebuilder::operations::ListWorkflowExecutions;
use aws_lean_sdk::imagebuilder::types as ib;
use aws_lean_sdk::paginate::{MemoryTransport, PaginationError, Paginator};
use aws_lean_sdk::primitives::DateTime;
use aws_lean_sdk::swf::errors::ListOpenWorkflowExecutionsError;
use aws_lean_sdk::swf::operations::ListOpenWorkflowExecutions;
use aws_lean_sdk::swf::types as swf;
use futures::executor::block_on;
use futures::StreamExt;

fn input() -> swf::ListOpenWorkflowExecutionsInput {
    swf::ListOpenWorkflowExecutionsInput::builder()
        .domain("d")
        .start_time_filter(swf::ExecutionTimeFilter::builder().oldest_date(DateTime::from_secs(0)).build().unwrap())
        .build()
}

fn execution(id: &str) -> swf::WorkflowExecutionInfo {
    swf::WorkflowExecutionInfo::builder()
        .execution(swf::WorkflowExecution::builder().workflow_id(id).run_id("r").build().unwrap())
        .workflow_type(swf::WorkflowType::builder().name("n").version("1").build().unwrap())
        .start_timestamp(DateTime::from_secs(1))
        .execution_status(swf::ExecutionStatus::Open)
        .build()
        .unwrap()
}

/// A page holding executions with these ids, and this next token.
fn page(ids: &[&str], token: Option<&str>) -> Response {
    let output = swf::WorkflowExecutionInfos::builder()
        .execution_infos(ids.iter().map(|id| execution(id)).collect::<Vec<_>>())
        .set_next_page_token(token.map(str::to_owned))
        .build()
        .unwrap();
    ListOpenWorkflowExecutions::output_response(&output)
}

fn service(pages: &[(&[&str], Option<&str>)]) -> MemoryTransport {
    pages.iter().fold(MemoryTransport::new(), |transport, (ids, token)| transport.respond(page(ids, *token)))
}

fn ids(items: Vec<swf::WorkflowExecutionInfo>) -> Vec<String> {
    items.into_iter().map(|i| i.execution.workflow_id).collect()
}

fn tokens_sent(transport: &MemoryTransport) -> Vec<Option<String>> {
    transport
        .requests()
        .iter()
        .map(|r| serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["nextPageToken"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn no_items_one_page_and_many_pages() {
    let empty = service(&[(&[], None)]);
    assert_eq!(ListOpenWorkflowExecutions::paginate(input()).items(&empty).count(), 0);
    assert_eq!(empty.requests().len(), 1);

    let one = service(&[(&["a", "b"], None)]);
    let items: Vec<_> = ListOpenWorkflowExecutions::paginate(input()).items(&one).collect::<Result<_, _>>().unwrap();
    assert_eq!(ids(items), ["a", "b"]);

    let many = service(&[(&["a"], Some("t1")), (&["b", "c"], Some("t2")), (&["d"], Some("")), (&["never"], None)]);
    let pages: Vec<_> = ListOpenWorkflowExecutions::paginate(input()).pages(&many).collect::<Result<_, _>>().unwrap();
    assert_eq!(pages.len(), 3, "an empty token ends the iteration");
    assert_eq!(tokens_sent(&many), [None, Some("t1".into()), Some("t2".into())]);
}

#[test]
fn a_page_without_items_but_with_a_token_goes_on() {
    let transport = service(&[(&[], Some("t1")), (&[], Some("t2")), (&["a"], None)]);
    let items: Vec<_> = ListOpenWorkflowExecutions::paginate(input()).items(&transport).collect::<Result<_, _>>().unwrap();
    assert_eq!(ids(items), ["a"]);
    assert_eq!(transport.requests().len(), 3);
}

#[test]
fn a_repeated_token_stops_unless_allowed() {
    let transport = service(&[(&["a"], Some("same")), (&["b"], Some("same")), (&["c"], Some("same"))]);
    let items: Vec<_> = ListOpenWorkflowExecutions::paginate(input()).items(&transport).collect::<Result<_, _>>().unwrap();
    assert_eq!(ids(items), ["a", "b"], "the service sent back the token it was given: stop");

    // The starting token counts as sent.
    let transport = service(&[(&["a"], Some("start"))]);
    let mut start = input();
    start.next_page_token = Some("start".into());
    assert_eq!(ListOpenWorkflowExecutions::paginate(start).pages(&transport).count(), 1);

    let transport = service(&[(&["a"], Some("same")), (&["b"], Some("same")), (&["c"], Some("same")), (&["d"], None)]);
    let items: Vec<_> =
        ListOpenWorkflowExecutions::paginate(input()).stop_on_duplicate_token(false).items(&transport).collect::<Result<_, _>>().unwrap();
    assert_eq!(ids(items), ["a", "b", "c", "d"]);
}

#[test]
fn an_error_on_page_three_is_yielded_once_and_ends_iteration() {
    let service_error = Response::new(400, r#"{"__type": "UnknownResourceFault", "message": "gone"}"#);
    let transport = service(&[(&["a"], Some("t1")), (&["b"], Some("t2"))]).respond(service_error).respond(page(&["never"], None));
    let results: Vec<_> = ListOpenWorkflowExecutions::paginate(input()).pages(&transport).collect();
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    assert!(matches!(&results[2], Err(PaginationError::Service(ListOpenWorkflowExecutionsError::UnknownResourceFault(_)))));
    assert_eq!(transport.requests().len(), 3);

    let transport = service(&[(&["a"], Some("t1"))]).fail("connection reset");
    let results: Vec<_> = ListOpenWorkflowExecutions::paginate(input()).items(&transport).collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[1].as_ref().unwrap_err().to_string(), "transport error: connection reset");
}

#[test]
fn page_size_and_starting_token_are_honoured() {
    let transport = service(&[(&["a"], Some("t1")), (&["b"], None)]);
    let mut start = input();
    start.next_page_token = Some("resume".into());
    start.maximum_page_size = Some(7);
    let pages = ListOpenWorkflowExecutions::paginate(start.clone()).pages(&transport).count();
    assert_eq!(pages, 2);
    assert_eq!(tokens_sent(&transport), [Some("resume".into()), Some("t1".into())]);
    let sizes: Vec<_> = transport.requests().iter().map(|r| serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["maximumPageSize"].clone()).collect();
    assert_eq!(sizes, [7, 7]);

    let transport = service(&[(&["a"], None)]);
    ListOpenWorkflowExecutions::paginate(start).page_size(100).pages(&transport).for_each(drop);
    let body: serde_json::Value = serde_json::from_slice(&transport.requests()[0].body).unwrap();
    assert_eq!(body["maximumPageSize"], 100, "the paginator's page size wins over the input's");
}

#[test]
fn limits_on_pages_and_items() {
    let transport = service(&[(&["a", "b"], Some("t1")), (&["c", "d"], Some("t2")), (&["e"], None)]);
    assert_eq!(ListOpenWorkflowExecutions::paginate(input()).max_pages(2).pages(&transport).count(), 2);
    let transport = service(&[(&["a", "b"], Some("t1")), (&["c", "d"], Some("t2")), (&["e"], None)]);
    let items: Vec<_> = ListOpenWorkflowExecutions::paginate(input()).max_items(3).items(&transport).collect::<Result<_, _>>().unwrap();
    assert_eq!(ids(items), ["a", "b", "c"]);
    assert_eq!(transport.requests().len(), 2, "no page is asked for beyond the limit");
}

#[test]
fn blocking_and_async_yield_the_same_sequences() {
    let script: &[(&[&str], Option<&str>)] = &[(&["a"], Some("t1")), (&[], Some("t2")), (&["b", "c"], Some("t2")), (&["x"], None)];
    let blocking: Vec<String> = ListOpenWorkflowExecutions::paginate(input())
        .items(&service(script))
        .map(|item| item.map(|i| i.execution.workflow_id).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()
        .unwrap();
    let streamed: Vec<String> = block_on(
        ListOpenWorkflowExecutions::paginate(input())
            .items_stream(&service(script))
            .map(|item| item.map(|i| i.execution.workflow_id).map_err(|e| e.to_string()))
            .collect::<Vec<_>>(),
    )
    .into_iter()
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(blocking, ["a", "b", "c"]);
    assert_eq!(blocking, streamed);

    let error_script = service(&[(&["a"], Some("t1"))]).fail("down");
    let pages = block_on(ListOpenWorkflowExecutions::paginate(input()).pages_stream(&error_script).collect::<Vec<_>>());
    assert_eq!(pages.len(), 2);
    assert!(matches!(pages[1], Err(PaginationError::Transport(_))));

    // A real `Stream`: combinators work on it.
    let first_two: Vec<_> = block_on(ListOpenWorkflowExecutions::paginate(input()).items_stream(&service(script)).take(2).collect::<Vec<_>>());
    assert_eq!(first_two.len(), 2);
}

#[test]
fn image_builder_pages_over_rest_json() {
    let page = |ids: &[&str], token: Option<&str>| {
        let items: Vec<_> = ids.iter().map(|id| ib::WorkflowExecutionMetadata::builder().workflow_execution_id(*id).build()).collect();
        ListWorkflowExecutions::output_response(&ib::ListWorkflowExecutionsResponse::builder().workflow_executions(items).set_next_token(token.map(str::to_owned)).build())
    };
    let transport = MemoryTransport::new().respond(page(&["wf-1", "wf-2"], Some("n1"))).respond(page(&["wf-3"], None));
    let input = ib::ListWorkflowExecutionsRequest::builder().image_build_version_arn("arn:aws:imagebuilder:us-east-1:123456789012:image/my-image/1.0.0/1").build();
    let items: Vec<_> = Paginator::<ListWorkflowExecutions>::new(input).page_size(2).items(&transport).collect::<Result<_, _>>().unwrap();
    let ids: Vec<_> = items.into_iter().filter_map(|i| i.workflow_execution_id).collect();
    assert_eq!(ids, ["wf-1", "wf-2", "wf-3"]);
    let second: serde_json::Value = serde_json::from_slice(&transport.requests()[1].body).unwrap();
    assert_eq!((second["nextToken"].as_str(), second["maxResults"].as_i64()), (Some("n1"), Some(2)));
}

#[test]
fn a_token_seen_before_in_the_walk_ends_it() {
    // A service alternating two tokens would be asked forever if only the last token counted.
    let transport = service(&[(&["a"], Some("A")), (&["b"], Some("B")), (&["c"], Some("A")), (&["never"], None)]);
    let items: Vec<_> = ListOpenWorkflowExecutions::paginate(input()).items(&transport).collect::<Result<_, _>>().unwrap();
    assert_eq!(ids(items), ["a", "b", "c"]);
    assert_eq!(tokens_sent(&transport), [None, Some("A".into()), Some("B".into())]);

    // The starting token counts as seen.
    let mut start = input();
    start.next_page_token = Some("S".into());
    let transport = service(&[(&["a"], Some("S")), (&["never"], None)]);
    assert_eq!(ListOpenWorkflowExecutions::paginate(start).pages(&transport).count(), 1);
}

/// A service that answers every request with an empty page and a token it never sent before.
struct Endless(std::sync::atomic::AtomicUsize);

impl Endless {
    fn answer(&self) -> Response {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        page(&[], Some(&format!("t{n}")))
    }
}

impl aws_lean_sdk::paginate::Transport for Endless {
    type Error = std::convert::Infallible;

    fn send(&self, _: aws_lean_sdk::http::Request) -> Result<Response, Self::Error> {
        Ok(self.answer())
    }
}

impl aws_lean_sdk::paginate::AsyncTransport for Endless {
    type Error = std::convert::Infallible;

    fn send(&self, _: aws_lean_sdk::http::Request) -> impl std::future::Future<Output = Result<Response, Self::Error>> + Send {
        std::future::ready(Ok(self.answer()))
    }
}

#[test]
fn a_service_that_never_stops_meets_the_page_limit() {
    let endless = Endless(Default::default());
    let results: Vec<_> = ListOpenWorkflowExecutions::paginate(input()).page_limit(50).items(&endless).collect();
    assert_eq!(results.len(), 1, "no items, then the error");
    let error = results.into_iter().next().unwrap().unwrap_err();
    assert!(matches!(error, PaginationError::PageLimit(50)), "{error:?}");
    assert!(error.to_string().contains("after 50 pages"), "{error}");
    assert_eq!(endless.0.load(std::sync::atomic::Ordering::Relaxed), 50);

    let endless = Endless(Default::default());
    let pages: Vec<_> = block_on(ListOpenWorkflowExecutions::paginate(input()).page_limit(20).pages_stream(&endless).collect::<Vec<_>>());
    assert_eq!(pages.len(), 21);
    assert!(pages[..20].iter().all(Result::is_ok));
    assert!(matches!(pages[20], Err(PaginationError::PageLimit(20))));

    // The default limit applies without asking; `max_pages` below it stops quietly.
    let endless = Endless(Default::default());
    assert_eq!(ListOpenWorkflowExecutions::paginate(input()).pages(&endless).count(), aws_lean_sdk::paginate::DEFAULT_PAGE_LIMIT + 1);
    let endless = Endless(Default::default());
    assert!(ListOpenWorkflowExecutions::paginate(input()).max_pages(5).pages(&endless).all(|p| p.is_ok()));
}
