//! Emit stage: the files around the types: `Cargo.toml`, `lib.rs` with the crate docs, one
//! module per service, and the hand-written runtime modules copied in.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::{self, Module, Part};
use super::validate::Validators;
use super::{doc_attrs, ident, inner_doc_attrs};
use crate::error::{Error, Result};
use crate::ir::{Crate, Service};
use crate::render;
use crate::runtime::{self, Need};

/// What the caller decides about the crate itself.
#[derive(Debug, Clone, Default)]
pub struct CrateOptions {
    /// The package name (`aws-lean-sdk`).
    pub name: String,
    /// A crate of its own workspace (`--out DIR`) rather than a member of the project's.
    pub standalone: bool,
}

/// The runtime modules a crate gets.
fn runtime(ir: &Crate) -> Vec<&'static runtime::Module> {
    runtime::MODULES.iter().filter(|module| needs(ir, module.need) || module.ungated_by.is_some_and(|need| needs(ir, need))).collect()
}

fn needs(ir: &Crate, need: Need) -> bool {
    match need {
        Need::Always => true,
        Need::Pagination => paginates(ir),
        Need::Compression => compresses(ir),
        Need::Checksum => checksums(ir),
        Need::Patterns => matches_patterns(ir),
        Need::EventStreams => streams_events(ir),
        Need::Endpoints => ir.services.iter().any(|s| s.endpoint.is_some()),
        Need::Client => ir.services.iter().any(layout::has_client),
    }
}

/// The cargo feature a runtime module is compiled under in this crate, if any.
fn feature_gate(ir: &Crate, module: &runtime::Module) -> Option<&'static str> {
    module.feature.filter(|_| !module.ungated_by.is_some_and(|need| needs(ir, need)))
}

fn any_operation(ir: &Crate, test: impl Fn(&crate::ir::Operation) -> bool) -> bool {
    ir.services.iter().any(|s| has_operations(s) && s.operations.iter().any(&test))
}

fn paginates(ir: &Crate) -> bool {
    any_operation(ir, |op| op.pagination.is_some())
}

fn compresses(ir: &Crate) -> bool {
    any_operation(ir, crate::ir::Operation::compresses)
}

/// Whether an operation's output is an event stream.
fn streams_events(ir: &Crate) -> bool {
    any_operation(ir, |op| op.output_stream.is_some() || op.input_stream.is_some())
}

/// Whether some validator checks a `@pattern`.
fn matches_patterns(ir: &Crate) -> bool {
    ir.services.iter().any(|s| has_operations(s) && Validators::new(s).uses_patterns())
}

fn checksums(ir: &Crate) -> bool {
    any_operation(ir, |op| op.traits.http_checksum_required)
}

/// The name the runtime's doc examples use for the crate, replaced by the real one.
const RUNTIME_CRATE_NAME: &str = "aws_lean_sdk";

/// The protocol compliance tests' shared module, copied in as `tests/support/mod.rs` when the
/// crate has compliance tests; those alone need `serde_json`, as a dev-dependency.
const COMPLIANCE_SUPPORT: &str = include_str!("../../runtime/support/compliance.rs");

/// The endpoint tests' shared module, copied in as `tests/endpoints/support.rs`.
const ENDPOINT_SUPPORT: &str = include_str!("../../runtime/support/endpoints.rs");

fn has_compliance_tests(ir: &Crate) -> bool {
    ir.services.iter().any(|s| has_operations(s) && !s.compliance.is_empty())
}

/// Every file of the crate, by path relative to the crate root, what each protocol compliance
/// test among them runs, and what each endpoint test runs.
pub type Files = (BTreeMap<String, String>, Vec<super::compliance::TestInfo>, Vec<super::endpoint_tests::EndpointTestInfo>);

/// Every file of the crate, by path relative to the crate root, and what each protocol
/// compliance test among them runs.
///
/// Each file is emitted and rendered by a job of its own, and the jobs run on every core (token
/// streams cannot cross threads, so a file's emitting and formatting happen on one). Emitting
/// cannot fail (the IR checked the model); a file that does not format is an internal error,
/// and every job runs even when another fails, so that all of them are reported.
pub fn files(ir: &Crate, options: &CrateOptions) -> Result<Files> {
    let lib_name = library_name(&options.name)?;
    let lib_name = lib_name.as_str();
    let mut files = BTreeMap::new();
    files.insert("Cargo.toml".to_owned(), render::toml_file(&cargo_toml(ir, options)));
    for module in runtime(ir) {
        let text = module.source.replace(RUNTIME_CRATE_NAME, lib_name);
        files.insert(format!("src/{}.rs", module.name), render::runtime_file(&text));
    }
    let mut jobs: Vec<Job<'_>> = Vec::new();
    jobs.push(job("src/lib.rs".to_owned(), move |path| {
        let (inner, items) = lib_rs(ir, lib_name);
        Ok(Rendered::text(render::rust_file(path, inner, items)?))
    }));
    for service in &ir.services {
        jobs.push(job(layout::root_file(service), move |path| {
            let (inner, items) = service_module(service);
            Ok(Rendered::text(render::rust_file(path, inner, items)?))
        }));
        let protocol = layout::protocol_of(service);
        for part in layout::modules(service) {
            let path = layout::file(service, part.module());
            jobs.push(match part {
                Part::Types => job(path, move |path| service_rust(path, super::types::module(service))),
                Part::Builders => job(path, move |path| service_rust(path, super::builders::module(service))),
                Part::Operations(protocol) => {
                    job(path, move |path| service_rust(path, super::operations::module(service, protocol, &Validators::new(service))))
                }
                Part::Errors => job(path, move |path| service_rust(path, super::errors::module(service))),
                Part::Serde => job(path, move |path| service_rust(path, super::serde::module(service, super::events::event_impl))),
                Part::Endpoint(rules) => {
                    let operations = protocol.is_some();
                    job(path, move |path| service_rust(path, super::endpoint::module(service, rules, lib_name, operations)))
                }
                Part::Client(rules) => job(path, move |path| service_rust(path, super::client::module(service, rules, lib_name))),
                Part::Validate => job(path, move |path| service_rust(path, Validators::new(service).module())),
            });
        }
        if service.endpoint.is_some() && ir.endpoint_tests {
            jobs.push(job(format!("tests/endpoints/{}.rs", service.module), move |path| {
                let (items, infos) = super::endpoint_tests::test_module(service, lib_name);
                Ok(Rendered { endpoint_tests: infos, ..Rendered::text(render::rust_file(path, TokenStream::new(), items)?) })
            }));
        }
        if protocol.is_some() && !service.compliance.is_empty() {
            jobs.push(job(format!("tests/{}.rs", service.module), move |path| {
                let (inner, items, infos) = super::compliance::test_file(service, lib_name);
                Ok(Rendered { tests: infos, ..Rendered::text(render::rust_file(path, inner, items)?) })
            }));
        }
    }
    if !ir.partitions.is_empty() {
        jobs.push(job(format!("src/{}.rs", runtime::PARTITIONS_MODULE), move |path| rust(path, super::endpoint::partitions_module(&ir.partitions))));
    }
    if has_compliance_tests(ir) {
        let text = COMPLIANCE_SUPPORT.replace(RUNTIME_CRATE_NAME, lib_name);
        files.insert("tests/support/mod.rs".to_owned(), render::runtime_file(&text));
    }
    if ir.endpoint_tests {
        jobs.push(job("tests/endpoints/main.rs".to_owned(), move |path| {
            let modules: Vec<&str> = ir.services.iter().filter(|s| s.endpoint.is_some()).map(|s| s.module.as_str()).collect();
            let (inner, items) = super::endpoint_tests::main_file(&modules);
            Ok(Rendered::text(render::rust_file(path, inner, items)?))
        }));
        let text = ENDPOINT_SUPPORT.replace(RUNTIME_CRATE_NAME, lib_name);
        files.insert("tests/endpoints/support.rs".to_owned(), render::runtime_file(&text));
    }
    let (mut tests, mut endpoint_tests) = (Vec::new(), Vec::new());
    for (path, rendered) in crate::error::collect(run_jobs(jobs))? {
        files.insert(path, rendered.text);
        tests.extend(rendered.tests);
        endpoint_tests.extend(rendered.endpoint_tests);
    }
    Ok((files, tests, endpoint_tests))
}

/// A file's text, and what the tests in it run.
struct Rendered {
    text: String,
    tests: Vec<super::compliance::TestInfo>,
    endpoint_tests: Vec<super::endpoint_tests::EndpointTestInfo>,
}

impl Rendered {
    fn text(text: String) -> Self {
        Rendered { text, tests: Vec::new(), endpoint_tests: Vec::new() }
    }
}

/// A file to emit and render: its path, and the work, given the path.
type Job<'a> = (String, Box<dyn FnOnce(&str) -> Result<Rendered> + Send + 'a>);

fn job<'a>(path: String, work: impl FnOnce(&str) -> Result<Rendered> + Send + 'a) -> Job<'a> {
    (path, Box::new(work))
}

/// A file of items, rendered.
fn rust(path: &str, items: Vec<TokenStream>) -> Result<Rendered> {
    Ok(Rendered::text(render::rust_file(path, TokenStream::new(), items)?))
}

/// A file of a service's module, rendered with its functions `#[inline]` (see `emit/inline.rs`).
fn service_rust(path: &str, items: Vec<TokenStream>) -> Result<Rendered> {
    rust(path, super::inline::functions(items))
}

/// Runs the jobs on as many threads as there are cores; the results in the jobs' order, each
/// with its path. A job that panics (a generator bug) is an internal error naming its file.
fn run_jobs(jobs: Vec<Job<'_>>) -> Vec<Result<(String, Rendered)>> {
    use std::sync::{Mutex, PoisonError};
    let count = jobs.len();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(count).max(1);
    let queue = Mutex::new(jobs.into_iter().enumerate().collect::<std::collections::VecDeque<_>>());
    let done = Mutex::new(Vec::with_capacity(count));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            // The emitters recurse along the model's nesting: the main thread's stack size.
            let worker = std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(scope, || loop {
                let next = queue.lock().unwrap_or_else(PoisonError::into_inner).pop_front();
                let Some((index, (path, work))) = next else { break };
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render::carrying_docs(|| work(&path))))
                    .unwrap_or_else(|_| Err(Error::new(format!("internal error: emitting {path} panicked"))));
                done.lock().unwrap_or_else(PoisonError::into_inner).push((index, result.map(|rendered| (path, rendered))));
            });
            if worker.is_err() {
                break;
            }
        }
    });
    let mut done = done.into_inner().unwrap_or_else(PoisonError::into_inner);
    if done.len() < count {
        done.push((count, Err(Error::new("internal error: no thread could be started to emit the crate"))));
    }
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Whether the service's operations are emitted.
fn has_operations(service: &Service) -> bool {
    layout::protocol_of(service).is_some()
}

/// Checks a package name and gives the library name Rust code uses for it.
fn library_name(package: &str) -> Result<String> {
    let valid = package.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && package.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(Error::new(format!(
            "`{package}` is not a valid crate name (letters, digits, `-` and `_`, starting with a letter)"
        )));
    }
    Ok(package.replace('-', "_"))
}

fn cargo_toml(ir: &Crate, options: &CrateOptions) -> String {
    let services: Vec<&str> = ir.services.iter().map(|s| s.id.name()).collect();
    let mut text = format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"1.82\"\ndescription = \"Generated from the Smithy models of: {}\"\npublish = false\n\n[dependencies]\n",
        options.name,
        services.join(", ")
    );
    let dependencies: std::collections::BTreeSet<&str> = runtime(ir).iter().flat_map(|module| module.dependencies.iter().copied()).collect();
    for dependency in dependencies {
        text.push_str(dependency);
        text.push('\n');
    }
    text.push_str(
        "\n[features]\ndefault = [\"validate\"]\n# Checks inputs against the model's constraints before encoding requests.\nvalidate = []\n",
    );
    // A feature is written when a copied module needs it, or when it turns on one that is
    // written (`blocking` turns on `client`); the table lists features before those using them.
    let mut written: std::collections::BTreeSet<&str> = runtime(ir).iter().filter_map(|module| feature_gate(ir, module)).collect();
    for feature in runtime::FEATURES {
        if feature.enables.iter().any(|e| written.contains(e)) {
            written.insert(feature.name);
        }
    }
    for feature in runtime::FEATURES.iter().filter(|f| written.contains(f.name)) {
        let enables: Vec<String> = feature.enables.iter().map(|e| format!("\"{e}\"")).collect();
        text.push_str(&format!("# {}\n{} = [{}]\n", feature.doc, feature.name, enables.join(", ")));
    }
    if has_compliance_tests(ir) {
        text.push_str("\n[dev-dependencies]\nserde_json = { version = \"1\", features = [\"float_roundtrip\"] }\n");
    }
    if options.standalone {
        text.push_str("\n# A workspace of its own, so the crate builds wherever it is written.\n[workspace]\n");
    }
    text
}

/// The crate docs' section on endpoints, when a service has endpoint rules, with the example of
/// the first service that has one (from its rules' own test cases).
fn endpoints_section(ir: &Crate, lib: &str) -> String {
    if !ir.services.iter().any(|s| s.endpoint.is_some()) {
        return String::new();
    }
    let mut text = String::from(include_str!("endpoints_docs.md"));
    if let Some(example) = ir.services.iter().find_map(|s| super::endpoint::example(s, lib)) {
        text.push_str(&format!("\n```\n{example}```\n"));
    }
    text.push('\n');
    text
}

/// The crate root: its inner attributes (the crate docs) and its items.
fn lib_rs(ir: &Crate, lib: &str) -> (TokenStream, Vec<TokenStream>) {
    let mut table = String::from("| Module | Service | Protocol | Version |\n| --- | --- | --- | --- |\n");
    for service in &ir.services {
        let title = service.traits.title.as_deref().unwrap_or(service.id.name());
        let protocol = service.traits.protocol.as_ref().map_or("none".to_owned(), |p| format!("`{}`", p.trait_id()));
        let version = service.version.as_deref().unwrap_or("");
        table.push_str(&format!("| [`{0}`] | {title} | {protocol} | {version} |\n", service.module));
    }
    let docs = include_str!("crate_docs.md").replace("{services}", table.trim_end()).replace("{endpoints}", &endpoints_section(ir, lib));
    let docs = inner_doc_attrs(&docs);
    let runtime = runtime(ir).into_iter().map(|module| {
        let name = ident(module.name);
        let gate = feature_gate(ir, module).map(|feature| quote!(#[cfg(feature = #feature)]));
        let hidden = module.internal.then(|| quote!(#[doc(hidden)]));
        quote!(#gate #hidden #[rustfmt::skip] pub mod #name;)
    });
    let services = ir.services.iter().map(|s| {
        let module = ident(&s.module);
        let doc = doc_attrs(&format!("{}.", s.traits.title.as_deref().unwrap_or(s.id.name())));
        quote! { #doc #[rustfmt::skip] pub mod #module; }
    });
    let inner = quote! {
        #docs
        #![forbid(unsafe_code)]
    };
    let partitions = (!ir.partitions.is_empty()).then(|| {
        let name = ident(runtime::PARTITIONS_MODULE);
        quote! {
            /// The AWS partitions that endpoint rules read (`aws.partition`).
            #[rustfmt::skip]
            mod #name;
        }
    });
    // A client's pager is the paginators' transport when the crate has both.
    let pager = (needs(ir, Need::Client) && needs(ir, Need::Pagination)).then(|| {
        quote! {
            #[cfg(feature = "client")]
            impl<H: client::Http> paginate::Transport for client::Pager<'_, H> {
                type Error = client::SdkError<std::convert::Infallible>;

                fn send(&self, request: http::Request) -> Result<http::Response, Self::Error> {
                    client::Pager::send(self, request)
                }
            }
        }
    });
    let modules = quote! {
        #(#runtime)*
        #partitions
        #(#services)*
        #pager
    };
    (inner, vec![modules])
}

/// A service's `mod.rs`: its docs and its submodules.
fn service_module(service: &Service) -> (TokenStream, Vec<TokenStream>) {
    let mut text = service.doc.clone().map(|d| format!("{d}\n\n")).unwrap_or_default();
    text.push_str(&format!("Generated from the service shape `{}`", service.id));
    if let Some(version) = &service.version {
        text.push_str(&format!(", API version `{version}`"));
    }
    if let Some(protocol) = &service.traits.protocol {
        text.push_str(&format!(", protocol `{}`", protocol.trait_id()));
    }
    text.push_str(".\n\n## Operations\n");
    let link = |id: &crate::model::ShapeId| {
        let name = service.type_name(id);
        format!("[`{name}`]({}::{name})", layout::path(service, Module::Types))
    };
    for operation in &service.operations {
        text.push_str(&format!("\n### `{}`\n\n", operation.name));
        if let Some(doc) = &operation.doc {
            text.push_str(&format!("{doc}\n\n"));
        }
        let input = operation.input.as_ref().map_or("none".to_owned(), link);
        let output = operation.output.as_ref().map_or("none".to_owned(), link);
        if has_operations(service) {
            text.push_str(&format!("- Operation: [`{0}`]({1}::{0})\n", operation.type_name, layout::path(service, Module::Operations)));
        }
        text.push_str(&format!("- Input: {input}\n- Output: {output}\n"));
        if !operation.errors.is_empty() {
            let errors: Vec<String> = operation.error_shapes().map(link).collect();
            text.push_str(&format!("- Errors: {}\n", errors.join(", ")));
        }
    }
    if service.traits.protocol.is_none() {
        text.push_str("\nThe service has no protocol trait, so only its types are generated.\n");
    }
    let modules = layout::declarations(service);
    (inner_doc_attrs(&text), vec![modules])
}
