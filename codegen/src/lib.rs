//! Smithy JSON AST to Rust: the whole generator as one pure function, [`generate`].
//!
//! The pipeline, one module per stage: [`model`] loads and merges the JSON AST files;
//! [`passes`] selects the operations' closure and finds recursive edges; [`ir`] decides every
//! name and parses the traits the emitters use into typed values; [`emit`] turns the IR into
//! token streams, one emitter per concern; [`render`] formats them. No stage does file IO.
//!
//! Around the pipeline, the file IO: [`Config`] is the API for build scripts and programs (read
//! models, generate, write a crate or a module, check one); [`write`](mod@write) writes a crate
//! into a folder the user may share with files of their own; [`cli`] is the command line of the
//! `smithy-lean` binary and of the project's `cargo xtask`.

pub mod cli;
mod config;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod model;
pub mod naming;
mod parallel;
pub mod passes;
pub mod pattern;
pub mod render;
pub mod runtime;
pub mod write;


use std::collections::BTreeMap;

pub use config::{Config, Written};
pub use emit::crate_root::CrateOptions;
pub use error::{Error, Result};
pub use model::Source;

/// The allocator the generator's command lines run with: mimalloc with the default feature
/// `mimalloc`, the system's without it. Generating allocates and frees many small values (token
/// trees, syntax trees, strings): with mimalloc it takes a quarter to a third less time than
/// with glibc's (measured in `docs/benchmarks.md`). The library installs no allocator: a binary
/// opts in by declaring it its `#[global_allocator]`, as `smithy-lean` and `cargo xtask` do.
#[cfg(feature = "mimalloc")]
pub use mimalloc::MiMalloc as Allocator;
#[cfg(not(feature = "mimalloc"))]
pub use std::alloc::System as Allocator;

pub use emit::compliance::TestInfo;
pub use emit::endpoint_tests::EndpointTestInfo;

/// The AWS partitions (`partitions.json`: partition ids, region patterns, DNS suffixes, FIPS and
/// dual-stack support) that endpoint rules read through `aws.partition`, as published; the
/// generator uses this copy unless given another.
pub const AWS_PARTITIONS: &str = include_str!("../../models/partitions.json");

/// [`AWS_PARTITIONS`] as a model source.
pub fn aws_partitions() -> Source {
    Source { name: "partitions.json (built into the generator)".to_owned(), text: AWS_PARTITIONS.to_owned() }
}

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub krate: CrateOptions,
    /// Only these services (shape names or absolute ids); every service when empty.
    pub services: Vec<String>,
    /// Only these operations (shape names or absolute ids); all of every service when empty.
    pub operations: Vec<String>,
    /// Also emit the protocol compliance tests the model's `smithy.test` traits define, as
    /// integration tests of the crate (`tests/<service>.rs`).
    pub protocol_tests: bool,
    /// The AWS partitions (`partitions.json`), which endpoint rules that call `aws.partition`
    /// need.
    pub partitions: Option<Source>,
}

/// Generates a crate from model files: every file's text by its path relative to the crate root,
/// in sorted order. The same models and options always give the same bytes.
pub fn generate(sources: &[Source], options: &Options) -> Result<BTreeMap<String, String>> {
    generate_all(sources, options).map(|generated| generated.files)
}

/// What one generation gives.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Every file's text by its path relative to the crate root.
    pub files: BTreeMap<String, String>,
    /// What could not be generated as the model asks and was generated around (a `@pattern`
    /// that is not checked), each naming its shape, in the form of an [`Error`].
    pub warnings: Vec<Error>,
    /// What each emitted protocol compliance test runs (none unless [`Options::protocol_tests`]).
    pub tests: Vec<TestInfo>,
}

/// [`generate`], with the warnings and the emitted compliance tests.
pub fn generate_all(sources: &[Source], options: &Options) -> Result<Generated> {
    let model = model::load(sources)?;
    let selections = passes::closure::select(&model, &options.services, &options.operations)?;
    let mut ir = ir::build_with(&model, &selections, ir::Tests { compliance: options.protocol_tests, endpoint: false })?;
    ir.partitions = partitions(&ir, options)?;
    let (files, tests, _) = emit::crate_root::files(&ir, &options.krate)?;
    Ok(Generated { files, warnings: ir.warnings, tests })
}

/// The partitions, when some service's rules call `aws.partition`.
fn partitions(ir: &ir::Crate, options: &Options) -> Result<Vec<ir::endpoint::Partition>> {
    let partitioned: Vec<&str> =
        ir.services.iter().filter(|s| s.endpoint.as_ref().is_some_and(|r| r.uses_partitions)).map(|s| s.id.as_str()).collect();
    if partitioned.is_empty() {
        return Ok(Vec::new());
    }
    let Some(source) = &options.partitions else {
        return Err(Error::new(format!(
            "the endpoint rules of {} call `aws.partition`, which needs the AWS partitions (partitions.json)",
            partitioned.join(", ")
        )));
    };
    ir::endpoint::partitions(source)
}

/// What [`generate_endpoint_tests`] gives.
#[derive(Debug, Clone, Default)]
pub struct EndpointTests {
    /// Every file of the crate, by path relative to its root.
    pub files: BTreeMap<String, String>,
    /// What each emitted test runs.
    pub tests: Vec<EndpointTestInfo>,
    /// The models that could not be read or generated, by name, with why.
    pub refused: Vec<(String, Error)>,
}

/// A crate of the endpoint resolvers of every service with `smithy.rules#endpointRuleSet` in the
/// models (or of [`Options::services`]), with one test per `smithy.rules#endpointTests` case, in
/// `tests/endpoints/`. Besides the resolvers it generates only the operations that the cases'
/// `operationInputs` call, where their protocol is supported. The models are read one at a time,
/// so that hundreds of them fit in memory; one that cannot be read or generated is reported in
/// [`EndpointTests::refused`] and the others go on.
pub fn generate_endpoint_tests(sources: impl IntoIterator<Item = Result<Source>>, options: &Options) -> Result<EndpointTests> {
    let mut services = Vec::new();
    let mut refused = Vec::new();
    let mut matched = std::collections::BTreeSet::new();
    for source in sources {
        let (name, built) = match source {
            Ok(source) => (source.name.clone(), endpoint_services(&source, options, &mut matched)),
            Err(error) => (String::new(), Err(error)),
        };
        match built {
            Ok(built) => services.extend(built),
            Err(error) => refused.push((name, error)),
        }
    }
    let missing = options.services.iter().filter(|name| !matched.contains(name.as_str()));
    if let Some(error) = Error::combine(missing.map(|name| Error::new(format!("no model has a service named `{name}` with endpoint rules"))).collect()) {
        return Err(error);
    }
    let mut modules: Vec<String> = services.iter().map(|s: &ir::Service| s.module.clone()).collect();
    let mut reserved: Vec<&str> = runtime::reserved_names().collect();
    reserved.push("support");
    naming::deduplicate(&mut modules, &reserved);
    for (service, module) in services.iter_mut().zip(modules) {
        service.module = module;
    }
    services.sort_by(|a, b| a.module.cmp(&b.module));
    let mut ir = ir::Crate { services, warnings: Vec::new(), partitions: Vec::new(), endpoint_tests: true };
    ir.partitions = partitions(&ir, options)?;
    let (files, _, tests) = emit::crate_root::files(&ir, &options.krate)?;
    Ok(EndpointTests { files, tests, refused })
}

/// The IR of a model's services with endpoint rules, for [`generate_endpoint_tests`]: the
/// rules, their cases (read strictly), and the operations the cases call.
fn endpoint_services(source: &Source, options: &Options, matched: &mut std::collections::BTreeSet<String>) -> Result<Vec<ir::Service>> {
    let model = model::load(std::slice::from_ref(source))?;
    let mut selections = Vec::new();
    for shape in model.shapes.values().filter(|s| matches!(s.kind, model::ShapeKind::Service(_))) {
        if !shape.traits.contains_key(ir::endpoint::RULE_SET) {
            continue;
        }
        let id = &shape.id;
        if !options.services.is_empty() {
            let Some(name) = options.services.iter().find(|n| *n == id.as_str() || *n == id.name()) else { continue };
            matched.insert(name.clone());
        }
        let traits = ir::traits::Traits::parse(id, &shape.traits)?;
        let supported = traits.protocol.as_ref().is_some_and(|p| p.is_supported());
        let names = if supported { ir::endpoint::tested_operations(&shape.traits) } else { Vec::new() };
        selections.push(passes::closure::select_named(&model, id, &names));
    }
    let ir = ir::build_with(&model, &selections, ir::Tests { compliance: false, endpoint: true })?;
    Ok(ir.services)
}
