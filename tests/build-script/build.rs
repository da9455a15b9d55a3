//! Generates the `aws` module from the SWF model pinned in the repository; cargo runs this again
//! when the model changes.

use std::path::PathBuf;

fn main() -> Result<(), smithy_lean_codegen::Error> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let written = smithy_lean_codegen::Config::new()
        .model("../../models/swf.json")
        .operation("ListOpenWorkflowExecutions")
        .write_module(out.join("aws.rs"), "crate::aws")?;
    for warning in written.warnings {
        println!("cargo:warning={warning}");
    }
    Ok(())
}
