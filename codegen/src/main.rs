//! `smithy-lean`: the generator's command line (`smithy-lean --help`). Default paths are
//! relative to the current folder.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: smithy_lean_codegen::Allocator = smithy_lean_codegen::Allocator;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let here = std::env::current_dir().unwrap_or_default();
    smithy_lean_codegen::cli::main("smithy-lean", &here, &args)
}
