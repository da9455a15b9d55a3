//! Smithy JSON AST to Rust: the whole generator as one pure function, [`generate`].
//!
//! The pipeline, one module per stage: [`model`] loads and merges the JSON AST files;
//! [`passes`] selects the operations' closure and finds recursive edges; [`ir`] decides every
//! name and parses the traits the emitters use into typed values; [`emit`] turns the IR into
//! token streams, one emitter per concern; [`render`] formats them. No stage does file IO: the
//! caller (the xtask) reads the models and writes the returned files.

pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod model;
pub mod naming;
pub mod passes;
pub mod pattern;
pub mod render;
pub mod runtime;


use std::collections::BTreeMap;

pub use emit::crate_root::CrateOptions;
pub use error::{Error, Result};
pub use model::Source;

pub use emit::compliance::TestInfo;

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
    let mut ir = ir::build(&model, &selections)?;
    if options.protocol_tests {
        for service in &mut ir.services {
            service.compliance = ir::compliance::cases(&model, service)?;
        }
    }
    let (files, tests) = emit::crate_root::files(&ir, &options.krate)?;
    Ok(Generated { files, warnings: ir.warnings, tests })
}
