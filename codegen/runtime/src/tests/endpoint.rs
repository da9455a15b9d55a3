//! The rules interpreter and its functions, on a small hand-written rule set.

use crate::endpoint::*;
use crate::pattern::{Code, Inst, Pattern, Program, Unit};
use crate::primitives::Document;

/// Matches any region (a one-instruction program), so the named regions decide.
static ANY: Pattern<'static> = Pattern { source: ".*", programs: &[Program { unit: Unit::CodePoint, code: Code::Insts { insts: &[Inst::Match], looks: &[] } }] };

static AWS: Outputs = Outputs {
    name: "aws",
    dns_suffix: "amazonaws.com",
    dual_stack_dns_suffix: "api.aws",
    supports_fips: true,
    supports_dual_stack: true,
    implicit_global_region: "us-east-1",
};
static NO_FIPS: Outputs = Outputs { supports_fips: false, ..AWS };
static PARTITIONS: &[Partition] = &[Partition { region_regex: &ANY, regions: &[("us-east-1", &AWS), ("us-west-9", &NO_FIPS)], outputs: &AWS }];

// Slots: 0 Region, 1 UseFIPS, 2 Endpoint, 3 PartitionResult, 4 url.
static RULES: RuleSet = RuleSet {
    params: &[Param { name: "Region", required: false }, Param { name: "UseFIPS", required: true }, Param { name: "Endpoint", required: false }],
    slots: 5,
    partitions: PARTITIONS,
    rules: &[
        Rule::Tree(
            &[Condition { expr: Expr::Call(Function::IsSet, &[Expr::Ref(2)]), assign: None }],
            &[
                Rule::Error(
                    &[Condition { expr: Expr::Call(Function::BooleanEquals, &[Expr::Ref(1), Expr::Bool(true)]), assign: None }],
                    Expr::Template(&[Part::Text("Invalid Configuration: FIPS and custom endpoint are not supported")]),
                ),
                Rule::Endpoint(
                    &[Condition { expr: Expr::Call(Function::ParseUrl, &[Expr::Ref(2)]), assign: Some(4) }],
                    &EndpointRule { url: Expr::Template(&[Part::Ref(4, &[Step::Key("scheme")]), Part::Text("://"), Part::Ref(4, &[Step::Key("authority")]), Part::Ref(4, &[Step::Key("path")])]), headers: &[], properties: &[] },
                ),
            ],
        ),
        Rule::Tree(
            &[Condition { expr: Expr::Call(Function::Partition, &[Expr::Ref(0)]), assign: Some(3) }],
            &[
                Rule::Error(
                    &[
                        Condition { expr: Expr::Call(Function::BooleanEquals, &[Expr::Ref(1), Expr::Bool(true)]), assign: None },
                        Condition {
                            expr: Expr::Call(Function::Not, &[Expr::GetAttr(&Expr::Ref(3), &[Step::Key("supportsFIPS")])]),
                            assign: None,
                        },
                    ],
                    Expr::Template(&[Part::Text("FIPS is not supported in "), Part::Ref(0, &[])]),
                ),
                Rule::Endpoint(
                    &[],
                    &EndpointRule {
                        url: Expr::Template(&[Part::Text("https://svc."), Part::Ref(0, &[]), Part::Text("."), Part::Ref(3, &[Step::Key("dnsSuffix")])]),
                        headers: &[("x-amz-thing", &[Expr::Template(&[Part::Text("a")]), Expr::Template(&[Part::Ref(0, &[])])])],
                        properties: &[(
                            "authSchemes",
                            Property::Array(&[Property::Object(&[
                                ("name", Property::Value(Expr::Template(&[Part::Text("sigv4")]))),
                                ("signingRegion", Property::Value(Expr::Template(&[Part::Ref(0, &[])]))),
                                ("disableDoubleEncoding", Property::Value(Expr::Bool(true))),
                            ])]),
                        )],
                    },
                ),
            ],
        ),
    ],
};

fn resolve(region: Option<&str>, fips: Option<bool>, endpoint: Option<&str>) -> Result<Endpoint, EndpointError> {
    RULES.resolve([Value::text(region), Value::flag(fips), Value::text(endpoint)])
}

#[test]
fn a_regional_endpoint_with_headers_and_auth_schemes() {
    let endpoint = resolve(Some("us-east-1"), Some(false), None).unwrap();
    assert_eq!(endpoint.url, "https://svc.us-east-1.amazonaws.com");
    assert_eq!(endpoint.headers, [("x-amz-thing".to_owned(), vec!["a".to_owned(), "us-east-1".to_owned()])]);
    let schemes = endpoint.auth_schemes();
    assert_eq!(schemes.len(), 1);
    assert_eq!((schemes[0].name.as_str(), schemes[0].signing_region.as_deref()), ("sigv4", Some("us-east-1")));
    assert!(schemes[0].disable_double_encoding);
    assert_eq!(schemes[0].signing_name, None);
}

#[test]
fn error_rules_give_their_message_exactly() {
    let error = resolve(Some("us-west-9"), Some(true), None).unwrap_err();
    assert_eq!(error.to_string(), "FIPS is not supported in us-west-9");
    let error = resolve(Some("us-east-1"), Some(true), Some("https://example.com")).unwrap_err();
    assert_eq!(error.message(), "Invalid Configuration: FIPS and custom endpoint are not supported");
}

#[test]
fn required_parameters_and_trees_that_do_not_decide() {
    assert!(resolve(Some("us-east-1"), None, None).unwrap_err().message().contains("`UseFIPS` is required"));
    // A custom endpoint that is not a URL: the tree's conditions held, none of its rules did.
    assert_eq!(resolve(None, Some(false), Some("not a url")).unwrap_err().message(), "no endpoint rule applies to these parameters");
    // No region: no rule at all.
    assert!(resolve(None, Some(false), None).is_err());
}

#[test]
fn custom_endpoints_go_through_parse_url() {
    let endpoint = resolve(None, Some(false), Some("HTTP://localhost:8000/base")).unwrap();
    assert_eq!(endpoint.url, "http://localhost:8000/base");
    assert!(endpoint.properties.is_empty());
}

#[test]
fn unknown_regions_fall_back_to_the_pattern_then_aws() {
    let endpoint = resolve(Some("mars-north-1"), Some(false), None).unwrap();
    assert_eq!(endpoint.url, "https://svc.mars-north-1.amazonaws.com");
    assert_eq!(endpoint.properties["authSchemes"], Document::Array(vec![Document::Object(
        [
            ("name".to_owned(), Document::String("sigv4".into())),
            ("signingRegion".to_owned(), Document::String("mars-north-1".into())),
            ("disableDoubleEncoding".to_owned(), Document::Bool(true)),
        ]
        .into_iter()
        .collect()
    )]));
}

#[test]
fn host_labels_and_buckets() {
    assert!(is_valid_host_label("a-b", false));
    assert!(is_valid_host_label("a-", false));
    assert!(!is_valid_host_label("-a", false));
    assert!(!is_valid_host_label("", false));
    assert!(!is_valid_host_label("a.b", false));
    assert!(is_valid_host_label("a.b", true));
    assert!(!is_valid_host_label("a..b", true));
    assert!(!is_valid_host_label(&"a".repeat(64), false));
    assert!(!is_valid_host_label("é", false));
    assert!(is_virtual_hostable_s3_bucket("bucket-name", false));
    assert!(!is_virtual_hostable_s3_bucket("Bucket", false));
    assert!(!is_virtual_hostable_s3_bucket("ab", false));
    assert!(!is_virtual_hostable_s3_bucket("a.b.c", false));
    assert!(is_virtual_hostable_s3_bucket("abc.def", true));
    assert!(!is_virtual_hostable_s3_bucket("abc.de", true));
}

#[test]
fn substrings_count_from_either_end() {
    assert_eq!(substring("abcdef", 0, 4, false), Some("abcd"));
    assert_eq!(substring("abcdef", 0, 2, true), Some("ef"));
    assert_eq!(substring("abc", 0, 4, false), None);
    assert_eq!(substring("abc", 2, 2, false), None);
    assert_eq!(substring("abcé", 0, 2, false), None);
}

#[test]
fn arns_and_urls_as_records() {
    static ARN: RuleSet = RuleSet {
        params: &[Param { name: "Arn", required: true }],
        slots: 2,
        partitions: &[],
        rules: &[Rule::Endpoint(
            &[Condition { expr: Expr::Call(Function::ParseArn, &[Expr::Ref(0)]), assign: Some(1) }],
            &EndpointRule {
                url: Expr::Template(&[
                    Part::Text("https://"),
                    Part::Ref(1, &[Step::Key("accountId")]),
                    Part::Text("."),
                    Part::Ref(1, &[Step::Key("resourceId"), Step::Index(1)]),
                    Part::Text("/"),
                ]),
                headers: &[],
                properties: &[("encoded", Property::Value(Expr::Call(Function::UriEncode, &[Expr::GetAttr(&Expr::Ref(1), &[Step::Key("service")])])))],
            },
        )],
    };
    let endpoint = ARN.resolve([Value::text(Some("arn:aws:s 3:us-east-1:123456789012:table/name:x"))]).unwrap();
    assert_eq!(endpoint.url, "https://123456789012.name/");
    assert_eq!(endpoint.properties["encoded"], Document::String("s%203".into()));
    // Not an ARN, or an index past the resource's parts: the condition or template fails.
    assert!(ARN.resolve([Value::text(Some("arn:aws:s3:::"))]).is_err());
    let endpoint = ARN.resolve([Value::text(Some("arn:aws:s3:::table"))]).unwrap();
    assert_eq!(endpoint.url, "");
}

#[test]
fn a_request_url_joins_the_host_prefix_the_endpoint_and_the_path() {
    let mut request = crate::http::Request::new("GET", "/things/a?max=5".to_owned());
    assert_eq!(Endpoint::new("https://svc.us-east-1.amazonaws.com").url_for(&request), "https://svc.us-east-1.amazonaws.com/things/a?max=5");
    request.host_prefix = Some("data-".to_owned());
    assert_eq!(Endpoint::new("http://127.0.0.1:8080/base/").url_for(&request), "http://data-127.0.0.1:8080/base/things/a?max=5");
    let root = crate::http::Request::new("POST", "/".to_owned());
    assert_eq!(Endpoint::new("https://swf.us-east-1.amazonaws.com").url_for(&root), "https://swf.us-east-1.amazonaws.com/");
}
