//! `cargo xtask`: the generator's command line (the `smithy-lean` binary's) run for this
//! project, with default paths relative to the project root: `models/` generates `generated/`.

use std::path::Path;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: codegen::Allocator = codegen::Allocator;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives inside the project");
    codegen::cli::main("cargo xtask", root, &args)
}
