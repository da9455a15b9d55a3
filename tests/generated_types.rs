//! Behaviour of the generated crate's types: builders, nullability, defaults, forward-compatible
//! enums, and the runtime's timestamps.

use aws_lean_sdk::error::BuildError;
use aws_lean_sdk::imagebuilder::types::{WorkflowExecutionMetadata, WorkflowExecutionStatus, WorkflowType};
use aws_lean_sdk::primitives::DateTime;
use aws_lean_sdk::swf::types::{
    CloseStatus, ExecutionStatus, ExecutionTimeFilter, ListOpenWorkflowExecutionsInput, TagFilter, WorkflowExecution,
    WorkflowExecutionInfo,
};

#[test]
fn input_members_are_all_optional_even_required_and_defaulted_ones() {
    let input = ListOpenWorkflowExecutionsInput::default();
    // These bindings only compile if the fields have exactly these types.
    let domain: Option<String> = input.domain;
    let page_size: Option<i32> = input.maximum_page_size;
    let reverse: Option<bool> = input.reverse_order;
    assert_eq!((domain, page_size, reverse), (None, None, None));

    let input = ListOpenWorkflowExecutionsInput::builder()
        .domain("867530901")
        .start_time_filter(ExecutionTimeFilter::builder().oldest_date(DateTime::from_secs(1325376070)).build().unwrap())
        .tag_filter(TagFilter::builder().tag("music purchase").build().unwrap())
        .build();
    assert_eq!(input.domain.as_deref(), Some("867530901"));
    assert_eq!(input.start_time_filter.unwrap().oldest_date.secs(), 1325376070);
    assert_eq!(input.maximum_page_size, None, "an input's default is not filled in: unset stays unset");
}

#[test]
fn required_members_are_plain_fields_and_build_says_what_is_missing() {
    let error: BuildError = WorkflowExecution::builder().workflow_id("wf").build().unwrap_err();
    assert_eq!(error.to_string(), "cannot build `WorkflowExecution`: `runId` is required and was not set");
    assert_eq!((error.shape(), error.member()), ("WorkflowExecution", "runId"));

    let execution = WorkflowExecution::builder().workflow_id("wf").run_id("run").build().unwrap();
    let id: String = execution.workflow_id.clone();
    assert_eq!(id, "wf");

    let info = WorkflowExecutionInfo::builder()
        .execution(execution)
        .workflow_type(aws_lean_sdk::swf::types::WorkflowType::builder().name("n").version("1").build().unwrap())
        .start_timestamp(DateTime::from_secs(1))
        .execution_status(ExecutionStatus::Open)
        .build()
        .unwrap();
    // A defaulted member of a non-input structure is present, filled with its default.
    let cancel_requested: bool = info.cancel_requested;
    assert!(!cancel_requested);
    assert_eq!(info.close_status, None);
}

#[test]
fn defaults_fill_unset_members() {
    let metadata = WorkflowExecutionMetadata::default();
    let count: i32 = metadata.total_step_count;
    assert_eq!(count, 0);
    assert_eq!(metadata.retried, None);
    let metadata = WorkflowExecutionMetadata::builder().total_steps_failed(3).r#type(WorkflowType::Test).build();
    assert_eq!(metadata.total_steps_failed, 3);
    assert_eq!(metadata.r#type, Some(WorkflowType::Test));
}

#[test]
fn enums_keep_unknown_values_and_compare_by_value() {
    assert_eq!(CloseStatus::from("CONTINUED_AS_NEW"), CloseStatus::ContinuedAsNew);
    assert_eq!(CloseStatus::ContinuedAsNew.as_str(), "CONTINUED_AS_NEW");
    let newer = WorkflowExecutionStatus::from("PAUSED");
    assert!(matches!(newer, WorkflowExecutionStatus::Unknown(ref v) if v.as_str() == "PAUSED"));
    assert_eq!(newer.as_str(), "PAUSED");
    assert_eq!(newer.to_string(), "PAUSED");
    assert_eq!(newer, "PAUSED".parse().unwrap());
    assert_eq!(WorkflowExecutionStatus::VALUES.len(), 8);
    assert!(WorkflowExecutionStatus::VALUES.iter().all(|v| WorkflowExecutionStatus::from(*v).as_str() == *v));
}

#[test]
fn epoch_seconds_round_trip_exactly() {
    for text in ["1326585031.619", "1326585031", "0.001", "253402300799.999", "1700000000.123", "-1.5", "-0.001", "0", "-7"] {
        let time = DateTime::from_epoch_seconds_str(text).unwrap();
        assert_eq!(time.to_epoch_seconds_string(), text, "{text}");
    }
    let time = DateTime::from_epoch_seconds_str("1700000000.123").unwrap();
    assert_eq!((time.secs(), time.subsec_nanos()), (1700000000, 123_000_000));
    let negative = DateTime::from_epoch_seconds_str("-1.5").unwrap();
    assert_eq!((negative.secs(), negative.subsec_nanos()), (-2, 500_000_000));
}

#[test]
fn epoch_seconds_other_spellings() {
    let cases = [
        ("1326585031.6190", "1326585031.619"),
        ("1.326585031619e9", "1326585031.619"),
        ("+5", "5"),
        ("1.0000000009", "1"),
        ("-1.0000000001", "-1.000000001"),
        ("5e-10", "0"),
        ("1e-999999999", "0"),
    ];
    for (input, expected) in cases {
        assert_eq!(DateTime::from_epoch_seconds_str(input).unwrap().to_epoch_seconds_string(), expected, "{input}");
    }
    for bad in ["", "-", ".", "1.2.3", "abc", "1e", "1e99", "0x10", "99999999999999999999"] {
        assert!(DateTime::from_epoch_seconds_str(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn datetime_and_system_time() {
    let before = std::time::UNIX_EPOCH - std::time::Duration::from_millis(1500);
    let time = DateTime::from(before);
    assert_eq!(time.to_epoch_seconds_string(), "-1.5");
    assert_eq!(std::time::SystemTime::try_from(time).unwrap(), before);
    assert_eq!(DateTime::from_millis(-1).to_epoch_seconds_string(), "-0.001");
    assert_eq!(DateTime::from_secs_and_nanos(1, 1_500_000_000).to_epoch_seconds_string(), "2.5");
}

#[test]
fn big_numbers_keep_their_text() {
    use aws_lean_sdk::primitives::{BigDecimal, BigInteger};
    let big: BigDecimal = "123456789012345678901234567890.000000000000000000001".parse().unwrap();
    assert_eq!(big.as_str(), "123456789012345678901234567890.000000000000000000001");
    assert!("1.5".parse::<BigInteger>().is_err());
    assert!("-12e5".parse::<BigDecimal>().is_ok());
    assert!("12.".parse::<BigDecimal>().is_err());
}
