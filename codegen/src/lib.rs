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
pub mod render;

/// The runtime's base64, reused to decode blob defaults at generation time (one decoder, not two).
#[path = "../runtime/base64.rs"]
#[allow(dead_code)] // Only `decode` is needed here.
mod base64;

use std::collections::BTreeMap;

pub use emit::crate_root::CrateOptions;
pub use error::{Error, Result};
pub use model::Source;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub krate: CrateOptions,
    /// Only these operations (shape names or absolute ids); all of every service when empty.
    pub operations: Vec<String>,
}

/// Generates a crate from model files: every file's text by its path relative to the crate root,
/// in sorted order. The same models and options always give the same bytes.
pub fn generate(sources: &[Source], options: &Options) -> Result<BTreeMap<String, String>> {
    let model = model::load(sources)?;
    let selections = passes::closure::select(&model, &options.operations)?;
    let ir = ir::build(&model, &selections)?;
    emit::crate_root::files(&ir, &options.krate)
}
