//! Endpoint resolution in the generated crate (the real models' rules), and the generator's
//! `endpoint-tests` crate: one test per case of every service's `smithy.rules#endpointTests`.

use aws_lean_sdk::endpoint::EndpointParams;
use aws_lean_sdk::{imagebuilder, swf};

#[test]
fn region_fips_dual_stack_and_custom_endpoints_resolve() {
    let regional = swf::endpoint::Params::new().region("eu-west-3").resolve().unwrap();
    assert_eq!(regional.url, "https://swf.eu-west-3.amazonaws.com");
    assert!(regional.headers.is_empty());

    let fips_dual = imagebuilder::endpoint::Params::new().region("us-east-1").use_fips(true).use_dual_stack(true).resolve().unwrap();
    assert_eq!(fips_dual.url, "https://imagebuilder-fips.us-east-1.api.aws");
    // Another partition, from the partitions data: its own DNS suffix.
    let china = imagebuilder::endpoint::Params::new().region("cn-north-1").resolve().unwrap();
    assert_eq!(china.url, "https://imagebuilder.cn-north-1.amazonaws.com.cn");
    // A region no partition lists, matched by a partition's region pattern.
    let future = swf::endpoint::Params::new().region("us-west-9").resolve().unwrap();
    assert_eq!(future.url, "https://swf.us-west-9.amazonaws.com");

    let custom = swf::endpoint::Params::new().region("us-east-1").endpoint("http://127.0.0.1:8080").resolve().unwrap();
    assert_eq!(custom.url, "http://127.0.0.1:8080");
}

#[test]
fn the_rules_errors_are_their_text_exactly() {
    let error = swf::endpoint::Params::new().region("us-east-1").use_fips(true).endpoint("https://example.com").resolve().unwrap_err();
    assert_eq!(error.to_string(), "Invalid Configuration: FIPS and custom endpoint are not supported");
    let error = imagebuilder::endpoint::Params::new().resolve().unwrap_err();
    assert_eq!(error.message(), "Invalid Configuration: Missing Region");
}

#[test]
fn an_operation_resolves_with_its_service_params() {
    let input = swf::types::ListOpenWorkflowExecutionsInput::builder().domain("d").build();
    let params = swf::endpoint::Params::new().region("ap-south-1");
    let endpoint = swf::operations::ListOpenWorkflowExecutions::endpoint(&input, &params).unwrap();
    assert_eq!(endpoint.url, "https://swf.ap-south-1.amazonaws.com");
}

#[test]
fn endpoint_tests_crate_has_one_test_per_case() {
    let root = tests::root();
    let models = ["models/swf.json", "models/imagebuilder.json"].map(|m| Ok(tests::source(&root.join(m))));
    let broken = codegen::Source { name: "broken.json".into(), text: "{\"smithy\": \"2.0\", \"shapes\": {".into() };
    let options = codegen::Options {
        krate: codegen::CrateOptions { name: "endpoint-tests".into(), standalone: true },
        partitions: Some(tests::partitions()),
        ..Default::default()
    };
    let generated = codegen::generate_endpoint_tests(models.into_iter().chain([Ok(broken)]), &options).unwrap();
    // The broken model is reported; the others are generated.
    assert_eq!(generated.refused.len(), 1);
    assert_eq!(generated.refused[0].0, "broken.json");
    for (module, cases) in [("swf", 26), ("imagebuilder", 23)] {
        let tests: Vec<_> = generated.tests.iter().filter(|t| t.module == module).collect();
        assert_eq!(tests.len(), cases, "{module}");
        let file = &generated.files[&format!("tests/endpoints/{module}.rs")];
        assert_eq!(file.matches("#[test]").count(), cases, "{module}");
        assert!(tests.iter().all(|t| t.unsupported.is_none() && t.not_run.is_empty()));
        assert!(file.contains(&format!("fn {}()", tests[cases - 1].function.rsplit("::").next().unwrap())));
    }
    let main = &generated.files["tests/endpoints/main.rs"];
    assert!(main.contains("mod imagebuilder;") && main.contains("mod swf;") && main.contains("mod support;"));
    // Only the resolvers are generated: no operation is called by these models' cases.
    assert!(!generated.files.keys().any(|path| path.ends_with("operations.rs")));
}
