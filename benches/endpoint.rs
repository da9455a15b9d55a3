//! Endpoint resolution speed: the generated resolvers (static rule tables run by the runtime's
//! interpreter) on the real SWF and Image Builder rules, against a hand-compiled version of
//! SWF's rules, the code a compiled design would emit for them. Run with
//! `cargo bench -p benches --bench endpoint`.

use aws_lean_sdk::endpoint::EndpointParams;
use aws_lean_sdk::swf::operations::ListOpenWorkflowExecutions;
use aws_lean_sdk::swf::types::ListOpenWorkflowExecutionsInput;
use aws_lean_sdk::{imagebuilder, swf};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// SWF's rules as straight Rust: what a generator of compiled resolvers would write. Its
/// partition lookup is a sorted slice of three regions and no region pattern, so it is a lower
/// bound on what compiled code costs, not a full implementation.
mod compiled {
    pub struct Outputs {
        pub name: &'static str,
        pub dns_suffix: &'static str,
        pub dual_stack_dns_suffix: &'static str,
        pub supports_fips: bool,
        pub supports_dual_stack: bool,
    }

    static AWS: Outputs = Outputs { name: "aws", dns_suffix: "amazonaws.com", dual_stack_dns_suffix: "api.aws", supports_fips: true, supports_dual_stack: true };
    static REGIONS: &[(&str, &Outputs)] = &[("eu-west-3", &AWS), ("us-east-1", &AWS), ("us-west-2", &AWS)];

    fn partition(region: &str) -> &'static Outputs {
        REGIONS.binary_search_by(|(name, _)| (*name).cmp(region)).map_or(&AWS, |i| REGIONS[i].1)
    }

    pub fn resolve(region: Option<&str>, fips: bool, dual_stack: bool, endpoint: Option<&str>) -> Result<String, &'static str> {
        if let Some(endpoint) = endpoint {
            if fips {
                return Err("Invalid Configuration: FIPS and custom endpoint are not supported");
            }
            if dual_stack {
                return Err("Invalid Configuration: Dualstack and custom endpoint are not supported");
            }
            return Ok(endpoint.to_owned());
        }
        let Some(region) = region else { return Err("Invalid Configuration: Missing Region") };
        let p = partition(region);
        if p.name == "aws-us-gov" && fips && !dual_stack {
            return Ok(format!("https://swf.{region}.{}", p.dns_suffix));
        }
        if p.name == "aws-us-gov" && !fips && dual_stack {
            return Ok(format!("https://swf-fips.{region}.{}", p.dual_stack_dns_suffix));
        }
        if fips && dual_stack {
            if p.supports_fips && p.supports_dual_stack {
                return Ok(format!("https://swf-fips.{region}.{}", p.dual_stack_dns_suffix));
            }
            return Err("FIPS and DualStack are enabled, but this partition does not support one or both");
        }
        if fips {
            if p.supports_fips {
                return Ok(format!("https://swf-fips.{region}.{}", p.dns_suffix));
            }
            return Err("FIPS is enabled but this partition does not support FIPS");
        }
        if dual_stack {
            if p.supports_dual_stack {
                return Ok(format!("https://swf.{region}.{}", p.dual_stack_dns_suffix));
            }
            return Err("DualStack is enabled but this partition does not support DualStack");
        }
        Ok(format!("https://swf.{region}.{}", p.dns_suffix))
    }
}

fn resolve(c: &mut Criterion) {
    let mut group = c.benchmark_group("endpoint");
    let regional = swf::endpoint::Params::new().region("us-east-1");
    assert_eq!(regional.resolve().unwrap().url, compiled::resolve(Some("us-east-1"), false, false, None).unwrap());
    group.bench_function("swf regional (us-east-1)", |b| b.iter(|| black_box(&regional).resolve().unwrap()));
    group.bench_function("swf regional, compiled by hand", |b| b.iter(|| compiled::resolve(black_box(Some("us-east-1")), false, false, None).unwrap()));
    let fips_dual = swf::endpoint::Params::new().region("eu-west-3").use_fips(true).use_dual_stack(true);
    assert_eq!(fips_dual.resolve().unwrap().url, compiled::resolve(Some("eu-west-3"), true, true, None).unwrap());
    group.bench_function("swf FIPS and dual-stack (eu-west-3)", |b| b.iter(|| black_box(&fips_dual).resolve().unwrap()));
    group.bench_function("swf FIPS and dual-stack, compiled by hand", |b| {
        b.iter(|| compiled::resolve(black_box(Some("eu-west-3")), true, true, None).unwrap())
    });
    let unlisted = swf::endpoint::Params::new().region("us-west-9");
    group.bench_function("swf region matched by pattern (us-west-9)", |b| b.iter(|| black_box(&unlisted).resolve().unwrap()));
    let custom = swf::endpoint::Params::new().region("us-east-1").endpoint("https://example.com");
    group.bench_function("swf custom endpoint", |b| b.iter(|| black_box(&custom).resolve().unwrap()));
    let error = swf::endpoint::Params::new().region("us-east-1").use_fips(true).endpoint("https://example.com");
    group.bench_function("swf error rule", |b| b.iter(|| black_box(&error).resolve().unwrap_err()));
    let china = imagebuilder::endpoint::Params::new().region("cn-north-1");
    group.bench_function("imagebuilder regional (cn-north-1)", |b| b.iter(|| black_box(&china).resolve().unwrap()));
    let input = ListOpenWorkflowExecutionsInput::builder().domain("d").build();
    group.bench_function("swf through the operation (EndpointParams::endpoint)", |b| {
        b.iter(|| ListOpenWorkflowExecutions::endpoint(black_box(&input), black_box(&regional)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, resolve);
criterion_main!(benches);
