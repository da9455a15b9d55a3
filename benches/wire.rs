//! Parsing and encoding speed of the generated crate, against serde_json with
//! `#[derive(Deserialize)]` and `#[derive(Serialize)]` on equivalent hand-written types. Run with
//! `cargo bench -p benches --bench wire`.
//!
//! Times on a shared machine drift by tens of percent between runs; instruction counts do not.
//! With `WIRE_CASE=<case>` set, the binary runs that one case once, in a function of its own,
//! for callgrind to count (see `docs/benchmarks.md`):
//! `WIRE_CASE=swf_generated valgrind --tool=callgrind --toggle-collect='wire::case_*' target/release/deps/wire-<hash>`.

use aws_lean_sdk::http::{Operation, Response};
use aws_lean_sdk::imagebuilder::operations::ListWorkflowExecutions;
use aws_lean_sdk::imagebuilder::types as ib;
use aws_lean_sdk::primitives::DateTime;
use aws_lean_sdk::swf::operations::ListOpenWorkflowExecutions;
use aws_lean_sdk::swf::types as swf;
use criterion::{criterion_group, Criterion, Throughput};
use serde::{Deserialize, Serialize};

/// The baseline: what a hand-written client would declare for the same JSON.
mod baseline {
    use super::{Deserialize, Serialize};

    /// SWF's input, as `serde_json::to_vec` writes it: timestamps as numbers, absent members left
    /// out (the generated writer does both).
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ListOpenWorkflowExecutionsInput {
        pub domain: String,
        pub start_time_filter: ExecutionTimeFilter,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub type_filter: Option<WorkflowTypeFilter>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tag_filter: Option<TagFilter>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub next_page_token: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub maximum_page_size: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub reverse_order: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub execution_filter: Option<WorkflowExecutionFilter>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ExecutionTimeFilter {
        pub oldest_date: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub latest_date: Option<f64>,
    }

    #[derive(Serialize)]
    pub struct WorkflowTypeFilter {
        pub name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
    }

    #[derive(Serialize)]
    pub struct TagFilter {
        pub tag: String,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct WorkflowExecutionFilter {
        pub workflow_id: String,
    }

    /// Image Builder's input, its members in the order restJson1 writes them.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ListWorkflowExecutionsRequest {
        pub image_build_version_arn: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub max_results: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub next_token: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    pub struct WorkflowExecutionInfos {
        pub execution_infos: Vec<WorkflowExecutionInfo>,
        pub next_page_token: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    pub struct WorkflowExecutionInfo {
        pub execution: WorkflowExecution,
        pub workflow_type: WorkflowType,
        pub start_timestamp: f64,
        pub close_timestamp: Option<f64>,
        pub execution_status: String,
        pub close_status: Option<String>,
        pub parent: Option<WorkflowExecution>,
        pub tag_list: Option<Vec<String>>,
        #[serde(default)]
        pub cancel_requested: bool,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    pub struct WorkflowExecution {
        pub workflow_id: String,
        pub run_id: String,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct WorkflowType {
        pub name: String,
        pub version: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    pub struct ListWorkflowExecutionsResponse {
        pub request_id: Option<String>,
        pub workflow_executions: Option<Vec<WorkflowExecutionMetadata>>,
        pub image_build_version_arn: Option<String>,
        pub message: Option<String>,
        pub next_token: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    pub struct WorkflowExecutionMetadata {
        pub workflow_build_version_arn: Option<String>,
        pub workflow_execution_id: Option<String>,
        pub r#type: Option<String>,
        pub status: Option<String>,
        pub message: Option<String>,
        #[serde(default)]
        pub total_step_count: i32,
        #[serde(default)]
        pub total_steps_succeeded: i32,
        #[serde(default)]
        pub total_steps_failed: i32,
        #[serde(default)]
        pub total_steps_skipped: i32,
        pub start_time: Option<String>,
        pub end_time: Option<String>,
        pub parallel_group: Option<String>,
        pub retried: Option<bool>,
    }
}

fn swf_page() -> Response {
    let infos = (0..1000)
        .map(|i| {
            swf::WorkflowExecutionInfo::builder()
                .execution(swf::WorkflowExecution::builder().workflow_id(format!("order-{i:06}")).run_id(format!("f5ebbac6-941c-4342-ad69-{i:012}")).build().unwrap())
                .workflow_type(swf::WorkflowType::builder().name("customerOrderWorkflow").version("1.0").build().unwrap())
                .start_timestamp(DateTime::from_secs_and_nanos(1_326_585_031 + i, 619_000_000))
                .close_timestamp(DateTime::from_secs_and_nanos(1_326_600_000 + i, 5_000_000))
                .execution_status(swf::ExecutionStatus::Closed)
                .close_status(swf::CloseStatus::Completed)
                .parent(swf::WorkflowExecution::builder().workflow_id("parent").run_id("parent-run-id-0000000000").build().unwrap())
                .tag_list(vec!["music purchase".to_owned(), "digital".to_owned(), "ricoh-the-dog".to_owned()])
                .cancel_requested(i % 7 == 0)
                .build()
                .unwrap()
        })
        .collect::<Vec<_>>();
    let output = swf::WorkflowExecutionInfos::builder().execution_infos(infos).next_page_token("AAAAKgAAAAEAAAAAAAAAAg").build().unwrap();
    ListOpenWorkflowExecutions::output_response(&output)
}

fn imagebuilder_page() -> Response {
    let items = (0..1000)
        .map(|i| {
            ib::WorkflowExecutionMetadata::builder()
                .workflow_build_version_arn(format!("arn:aws:imagebuilder:us-east-1:123456789012:workflow/build/build-image-{i}/1.0.0/1"))
                .workflow_execution_id(format!("wf-12345678-1234-1234-1234-{i:012}"))
                .r#type(ib::WorkflowType::Build)
                .status(ib::WorkflowExecutionStatus::Completed)
                .message("Workflow completed successfully")
                .total_step_count(12)
                .total_steps_succeeded(11)
                .total_steps_failed(0)
                .total_steps_skipped(1)
                .start_time("2024-01-15T10:20:30.123Z")
                .end_time("2024-01-15T10:45:12.456Z")
                .parallel_group("group-a")
                .retried(false)
                .build()
        })
        .collect::<Vec<_>>();
    let output = ib::ListWorkflowExecutionsResponse::builder()
        .request_id("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111")
        .workflow_executions(items)
        .image_build_version_arn("arn:aws:imagebuilder:us-east-1:123456789012:image/my-image/1.0.0/1")
        .next_token("next-page")
        .build();
    ListWorkflowExecutions::output_response(&output)
}

/// The same page with every object's keys sorted, as some services write them (SWF's
/// documented responses are sorted; the generated writer, like most services, writes the model's
/// order). The generated readers guess each next key from the order seen before, so both orders
/// are measured.
fn sorted_keys(page: &Response) -> Response {
    // Without serde_json's `preserve_order`, a `Value`'s objects keep their keys sorted.
    let value: serde_json::Value = serde_json::from_slice(&page.body).unwrap();
    let mut sorted = page.clone();
    sorted.body = serde_json::to_vec(&value).unwrap();
    // Not freed: thousands of small free blocks would change what the allocator does in the
    // case measured after (about a fifth more instructions in `malloc` for either parser).
    std::mem::forget(value);
    sorted
}

fn bench(c: &mut Criterion) {
    let swf_page = swf_page();
    let ib_page = imagebuilder_page();
    eprintln!("SWF page: {} bytes; Image Builder page: {} bytes", swf_page.body.len(), ib_page.body.len());
    // The generated parsers and the baseline read the same bodies.
    assert_eq!(ListOpenWorkflowExecutions::response(&swf_page).unwrap().execution_infos.len(), 1000);
    let parsed: baseline::WorkflowExecutionInfos = serde_json::from_slice(&swf_page.body).unwrap();
    assert_eq!(parsed.execution_infos.len(), 1000);

    let (swf_sorted, ib_sorted) = (sorted_keys(&swf_page), sorted_keys(&ib_page));
    // The generated parsers read the same values whatever the keys' order.
    assert_eq!(ListOpenWorkflowExecutions::response(&swf_sorted).unwrap(), ListOpenWorkflowExecutions::response(&swf_page).unwrap());
    assert_eq!(ListWorkflowExecutions::response(&ib_sorted).unwrap(), ListWorkflowExecutions::response(&ib_page).unwrap());
    let mut group = c.benchmark_group("parse");
    for (keys, swf, ib) in [("", &swf_page, &ib_page), (", keys sorted", &swf_sorted, &ib_sorted)] {
        group.throughput(Throughput::Bytes(swf.body.len() as u64));
        group.bench_function(format!("swf page of 1000{keys}: generated"), |b| b.iter(|| ListOpenWorkflowExecutions::response(swf).unwrap()));
        group.bench_function(format!("swf page of 1000{keys}: serde_json derive"), |b| {
            b.iter(|| serde_json::from_slice::<baseline::WorkflowExecutionInfos>(&swf.body).unwrap())
        });
        group.throughput(Throughput::Bytes(ib.body.len() as u64));
        group.bench_function(format!("imagebuilder page of 1000{keys}: generated"), |b| b.iter(|| ListWorkflowExecutions::response(ib).unwrap()));
        group.bench_function(format!("imagebuilder page of 1000{keys}: serde_json derive"), |b| {
            b.iter(|| serde_json::from_slice::<baseline::ListWorkflowExecutionsResponse>(&ib.body).unwrap())
        });
    }
    group.finish();

    let (swf_input, ib_input) = (fullest_swf_input(), fullest_imagebuilder_input());
    // `request` validates first; validation alone is measured too, to compare with encoding.
    let (swf_baseline, ib_baseline) = (baseline_swf_input(), baseline_imagebuilder_input());
    let mut group = c.benchmark_group("encode");
    group.bench_function("swf fullest input (validated and encoded)", |b| b.iter(|| ListOpenWorkflowExecutions::request(&swf_input).unwrap()));
    group.bench_function("swf fullest input: serde_json derive", |b| b.iter(|| serde_json::to_vec(&swf_baseline).unwrap()));
    group.bench_function("imagebuilder fullest input (validated and encoded)", |b| b.iter(|| ListWorkflowExecutions::request(&ib_input).unwrap()));
    group.bench_function("imagebuilder fullest input: serde_json derive", |b| b.iter(|| serde_json::to_vec(&ib_baseline).unwrap()));
    group.finish();
    let mut group = c.benchmark_group("validate");
    group.bench_function("swf fullest input", |b| b.iter(|| swf_input.validate().unwrap()));
    group.bench_function("imagebuilder fullest input", |b| b.iter(|| ib_input.validate().unwrap()));
    group.finish();
}

fn fullest_swf_input() -> swf::ListOpenWorkflowExecutionsInput {
    swf::ListOpenWorkflowExecutionsInput::builder()
        .domain("867530901")
        .start_time_filter(
            swf::ExecutionTimeFilter::builder()
                .oldest_date(DateTime::from_secs(1_325_376_070))
                .latest_date(DateTime::from_secs_and_nanos(1_356_998_399, 999_000_000))
                .build()
                .unwrap(),
        )
        .type_filter(swf::WorkflowTypeFilter::builder().name("customerOrderWorkflow").version("1.0").build().unwrap())
        .tag_filter(swf::TagFilter::builder().tag("music purchase").build().unwrap())
        .execution_filter(swf::WorkflowExecutionFilter::builder().workflow_id("20110927-T-1").build().unwrap())
        .next_page_token("AAAAKgAAAAEAAAAAAAAAAg")
        .maximum_page_size(100)
        .reverse_order(true)
        .build()
}

/// The same values as [`fullest_swf_input`], in the baseline's types.
fn baseline_swf_input() -> baseline::ListOpenWorkflowExecutionsInput {
    baseline::ListOpenWorkflowExecutionsInput {
        domain: "867530901".into(),
        start_time_filter: baseline::ExecutionTimeFilter { oldest_date: 1_325_376_070.0, latest_date: Some(1_356_998_399.999) },
        type_filter: Some(baseline::WorkflowTypeFilter { name: "customerOrderWorkflow".into(), version: Some("1.0".into()) }),
        tag_filter: Some(baseline::TagFilter { tag: "music purchase".into() }),
        next_page_token: Some("AAAAKgAAAAEAAAAAAAAAAg".into()),
        maximum_page_size: Some(100),
        reverse_order: Some(true),
        execution_filter: Some(baseline::WorkflowExecutionFilter { workflow_id: "20110927-T-1".into() }),
    }
}

/// The same values as [`fullest_imagebuilder_input`], in the baseline's types.
fn baseline_imagebuilder_input() -> baseline::ListWorkflowExecutionsRequest {
    baseline::ListWorkflowExecutionsRequest {
        image_build_version_arn: "arn:aws:imagebuilder:us-east-1:123456789012:image/my-image/1.0.0/1".into(),
        max_results: Some(25),
        next_token: Some("next-page".into()),
    }
}

fn fullest_imagebuilder_input() -> ib::ListWorkflowExecutionsRequest {
    ib::ListWorkflowExecutionsRequest::builder()
        .max_results(25)
        .next_token("next-page")
        .image_build_version_arn("arn:aws:imagebuilder:us-east-1:123456789012:image/my-image/1.0.0/1")
        .build()
}

criterion_group!(benches, bench);

fn main() {
    if let Ok(case) = std::env::var("WIRE_CASE") {
        return run_case(&case);
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}

/// One case, run once inside a `case_*` function.
fn run_case(case: &str) {
    let (swf_page, ib_page) = (swf_page(), imagebuilder_page());
    match case {
        "swf_generated" => case_swf_generated(&swf_page),
        "swf_derive" => case_swf_derive(&swf_page),
        "imagebuilder_generated" => case_imagebuilder_generated(&ib_page),
        "imagebuilder_derive" => case_imagebuilder_derive(&ib_page),
        "swf_generated_sorted" => case_swf_generated(&sorted_keys(&swf_page)),
        "swf_derive_sorted" => case_swf_derive(&sorted_keys(&swf_page)),
        "imagebuilder_generated_sorted" => case_imagebuilder_generated(&sorted_keys(&ib_page)),
        "imagebuilder_derive_sorted" => case_imagebuilder_derive(&sorted_keys(&ib_page)),
        "swf_encode" => case_swf_encode(&fullest_swf_input()),
        "imagebuilder_encode" => case_imagebuilder_encode(&fullest_imagebuilder_input()),
        "swf_encode_1000" => case_swf_encode_1000(&fullest_swf_input()),
        "swf_encode_derive_1000" => case_swf_encode_derive_1000(&baseline_swf_input()),
        "imagebuilder_encode_1000" => case_imagebuilder_encode_1000(&fullest_imagebuilder_input()),
        "imagebuilder_encode_derive_1000" => case_imagebuilder_encode_derive_1000(&baseline_imagebuilder_input()),
        other => panic!(
            "unknown case `{other}`: swf_generated, swf_derive, imagebuilder_generated, imagebuilder_derive, swf_generated_sorted, \
             swf_derive_sorted, imagebuilder_generated_sorted, imagebuilder_derive_sorted, swf_encode, imagebuilder_encode, \
             swf_encode_1000, swf_encode_derive_1000, imagebuilder_encode_1000, imagebuilder_encode_derive_1000"
        ),
    }
}

#[inline(never)]
fn case_swf_generated(page: &Response) {
    std::hint::black_box(ListOpenWorkflowExecutions::response(page).unwrap());
}

#[inline(never)]
fn case_swf_derive(page: &Response) {
    std::hint::black_box(serde_json::from_slice::<baseline::WorkflowExecutionInfos>(&page.body).unwrap());
}

#[inline(never)]
fn case_imagebuilder_generated(page: &Response) {
    std::hint::black_box(ListWorkflowExecutions::response(page).unwrap());
}

#[inline(never)]
fn case_imagebuilder_derive(page: &Response) {
    std::hint::black_box(serde_json::from_slice::<baseline::ListWorkflowExecutionsResponse>(&page.body).unwrap());
}

#[inline(never)]
fn case_swf_encode(input: &swf::ListOpenWorkflowExecutionsInput) {
    std::hint::black_box(ListOpenWorkflowExecutions::request(input).unwrap());
}

#[inline(never)]
fn case_imagebuilder_encode(input: &ib::ListWorkflowExecutionsRequest) {
    std::hint::black_box(ListWorkflowExecutions::request(input).unwrap());
}

/// Encoding 1,000 times, so that first-use work (a pattern's compiled program) is spread out
/// as in a program that makes many calls.
#[inline(never)]
fn case_swf_encode_1000(input: &swf::ListOpenWorkflowExecutionsInput) {
    for _ in 0..1000 {
        std::hint::black_box(ListOpenWorkflowExecutions::request(std::hint::black_box(input)).unwrap());
    }
}

#[inline(never)]
fn case_swf_encode_derive_1000(input: &baseline::ListOpenWorkflowExecutionsInput) {
    for _ in 0..1000 {
        std::hint::black_box(serde_json::to_vec(std::hint::black_box(input)).unwrap());
    }
}

#[inline(never)]
fn case_imagebuilder_encode_1000(input: &ib::ListWorkflowExecutionsRequest) {
    for _ in 0..1000 {
        std::hint::black_box(ListWorkflowExecutions::request(std::hint::black_box(input)).unwrap());
    }
}

#[inline(never)]
fn case_imagebuilder_encode_derive_1000(input: &baseline::ListWorkflowExecutionsRequest) {
    for _ in 0..1000 {
        std::hint::black_box(serde_json::to_vec(std::hint::black_box(input)).unwrap());
    }
}
