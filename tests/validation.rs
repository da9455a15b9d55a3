//! Validation of inputs: every constraint kind at, below and above its limits, lengths in code
//! points, every violation reported with its path, requests refused before they are encoded,
//! and valid inputs never refused.

use aws_lean_sdk::http::Operation;
use aws_lean_sdk::imagebuilder::operations::ListWorkflowExecutions;
use aws_lean_sdk::imagebuilder::types as ib;
use aws_lean_sdk::paginate::{MemoryTransport, PaginationError};
use aws_lean_sdk::primitives::DateTime;
use aws_lean_sdk::swf::operations::ListOpenWorkflowExecutions;
use aws_lean_sdk::swf::types as swf;
use aws_lean_sdk::validation::Constraint;
use proptest::prelude::*;

fn swf_input(domain: &str) -> swf::ListOpenWorkflowExecutionsInput {
    swf::ListOpenWorkflowExecutionsInput::builder()
        .domain(domain)
        .start_time_filter(swf::ExecutionTimeFilter::builder().oldest_date(DateTime::from_secs(0)).build().unwrap())
        .build()
}

const ARN: &str = "arn:aws:imagebuilder:us-east-1:123456789012:image/my-image/1.0.0/1";

fn paths(result: Result<(), aws_lean_sdk::validation::ValidationError>) -> Vec<String> {
    match result {
        Ok(()) => Vec::new(),
        Err(e) => e.violations().iter().map(|v| v.path().to_owned()).collect(),
    }
}

#[test]
fn length_in_code_points_at_and_around_the_limits() {
    // DomainName: 1..=256 characters.
    for (domain, ok) in [("".to_owned(), false), ("a".into(), true), ("a".repeat(256), true), ("a".repeat(257), false)] {
        assert_eq!(swf_input(&domain).validate().is_ok(), ok, "{} characters", domain.chars().count());
    }
    // 256 emoji are 1024 bytes and 512 UTF-16 units, but 256 code points: valid.
    assert!(swf_input(&"😀".repeat(256)).validate().is_ok());
    assert!(swf_input(&"😀".repeat(257)).validate().is_err());
    assert!(swf_input(&"漢".repeat(256)).validate().is_ok());
    // A combining mark is a code point of its own: "é" as e + U+0301 counts 2.
    assert!(swf_input(&"e\u{301}".repeat(128)).validate().is_ok());
    assert!(swf_input(&format!("{}e\u{301}", "a".repeat(255))).validate().is_err());
}

#[test]
fn list_length_range_and_required() {
    // TagList is 0..5 long, but only on outputs; inputs' tag filter is a string of 0..256.
    let mut input = swf_input("d");
    input.tag_filter = Some(swf::TagFilter::builder().tag("t".repeat(257)).build().unwrap());
    assert_eq!(paths(input.validate()), ["tagFilter.tag"]);

    // PageSize: 0..=1000.
    for (size, ok) in [(-1, false), (0, true), (1000, true), (1001, false)] {
        let mut input = swf_input("d");
        input.maximum_page_size = Some(size);
        assert_eq!(input.validate().is_ok(), ok, "page size {size}");
    }
    // RestrictedInteger: 1..=25.
    for (size, ok) in [(0, false), (1, true), (25, true), (26, false)] {
        let input = ib::ListWorkflowExecutionsRequest::builder().image_build_version_arn(ARN).max_results(size).build();
        assert_eq!(input.validate().is_ok(), ok, "max results {size}");
    }
    // Required members of an input are Options; leaving them out is a violation.
    let empty = swf::ListOpenWorkflowExecutionsInput::default();
    let error = empty.validate().unwrap_err();
    assert_eq!(paths(Err(error.clone())), ["domain", "startTimeFilter"]);
    assert!(error.violations().iter().all(|v| *v.constraint() == Constraint::Required));
}

#[test]
fn patterns_are_anchored_only_where_they_say() {
    let arn = |text: &str| ib::ListWorkflowExecutionsRequest::builder().image_build_version_arn(text).build().validate().is_ok();
    assert!(arn(ARN));
    assert!(arn("arn:aws-cn:imagebuilder:cn-north-1:aws:image/x_y-z/10.20.30/4"), "`[a-z0-9-_]` takes `-` and `_`");
    assert!(!arn(&format!("{ARN} ")), "`$` anchors the end");
    assert!(!arn(&format!("x{ARN}")), "`^` anchors the start");
    assert!(!arn("arn:aws:imagebuilder:us-east-1:123456789012:image/My-Image/1.0.0/1"), "no upper case");
    assert!(!arn("arn:aws:imagebuilder:us-east-1:12345678901:image/x/1.0.0/1"), "twelve digits");
    assert!(!arn("arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/١"), "`[0-9]` is ASCII only");
}

/// The fullest wrong input of each operation: every violation, in one report.
#[test]
fn full_violation_reports() {
    let mut swf = swf_input("");
    swf.domain = Some("d".repeat(300));
    swf.start_time_filter = None;
    swf.type_filter = Some(swf::WorkflowTypeFilter::builder().name("").version("v".repeat(65)).build().unwrap());
    swf.tag_filter = Some(swf::TagFilter::builder().tag("😀".repeat(257)).build().unwrap());
    swf.execution_filter = Some(swf::WorkflowExecutionFilter::builder().workflow_id("").build().unwrap());
    swf.next_page_token = Some("t".repeat(2049));
    swf.maximum_page_size = Some(1001);
    insta::assert_snapshot!("swf_violations", swf.validate().unwrap_err().to_string());

    let ib = ib::ListWorkflowExecutionsRequest::builder().max_results(0).next_token("").image_build_version_arn("arn:aws:s3:::bucket").build();
    insta::assert_snapshot!("imagebuilder_violations", ib.validate().unwrap_err().to_string());
    let missing = ib::ListWorkflowExecutionsRequest::builder().max_results(26).build();
    insta::assert_snapshot!("imagebuilder_missing_arn", missing.validate().unwrap_err().to_string());
}

#[test]
fn requests_are_validated_before_they_are_encoded() {
    let error = ListOpenWorkflowExecutions::request(&swf_input("")).unwrap_err();
    let violations = error.validation().expect("a validation error");
    assert_eq!(violations.violations()[0].path(), "domain");
    assert_eq!(error.to_string(), "invalid input: `domain` has 0 characters; it must have between 1 and 256 characters");
    assert!(ListWorkflowExecutions::request(&ib::ListWorkflowExecutionsRequest::default()).is_err());

    // The paginator's requests go through the same code: the error ends the iteration at once.
    let transport = MemoryTransport::new();
    let results: Vec<_> = ListOpenWorkflowExecutions::paginate(swf_input("")).pages(&transport).collect();
    assert_eq!(results.len(), 1);
    assert!(matches!(&results[0], Err(PaginationError::Request(e)) if e.validation().is_some()));
    assert!(transport.requests().is_empty(), "nothing was sent");
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 1..=max).prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// Values built within the constraints always validate clean.
    #[test]
    fn valid_inputs_validate_clean(
        domain in text(256),
        name in text(256),
        version in prop::option::of(prop::collection::vec(any::<char>(), 0..=64).prop_map(String::from_iter)),
        tag in prop::collection::vec(any::<char>(), 0..=256).prop_map(String::from_iter),
        token in prop::option::of(prop::collection::vec(any::<char>(), 0..=2048).prop_map(String::from_iter)),
        size in prop::option::of(0i32..=1000),
        max_results in prop::option::of(1i32..=25),
        image in "[a-z0-9_-]{1,20}",
        account in prop_oneof![Just("aws".to_owned()), "[0-9]{12}"],
    ) {
        let mut input = swf_input(&domain);
        input.type_filter = Some(swf::WorkflowTypeFilter::builder().name(name).set_version(version).build().unwrap());
        input.tag_filter = Some(swf::TagFilter::builder().tag(tag).build().unwrap());
        input.next_page_token = token;
        input.maximum_page_size = size;
        prop_assert!(input.validate().is_ok(), "{:?}", input.validate());
        let arn = format!("arn:aws:imagebuilder:eu-west-1:{account}:image/{image}/1.2.3/4");
        let ib = ib::ListWorkflowExecutionsRequest::builder().image_build_version_arn(arn).set_max_results(max_results).build();
        prop_assert!(ib.validate().is_ok(), "{:?}", ib.validate());
    }
}
