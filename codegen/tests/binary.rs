//! The installed command line, `smithy-lean`, run as a user would from a folder of their own:
//! help, generating a crate with `--out`, `--check` with the exact command that regenerates,
//! and errors that list what the model has.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/update").join(name)
}

/// An empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("smithy-lean").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn smithy_lean(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smithy-lean")).current_dir(dir).args(args).output().expect("run smithy-lean")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_is_the_usage_and_exits_zero() {
    let dir = scratch("help");
    let output = smithy_lean(&dir, &["--help"]);
    assert!(output.status.success());
    let usage = String::from_utf8_lossy(&output.stdout);
    assert!(usage.starts_with("usage:\n  smithy-lean codegen"), "{usage}");
    assert!(!usage.contains("cargo xtask"), "{usage}");
}

#[test]
fn generates_checks_and_says_how_to_regenerate() {
    let dir = scratch("generate");
    std::fs::copy(fixture("v1.json"), dir.join("inventory.json")).unwrap();
    // The scratch folder is inside this project's workspace: --standalone, as outside any.
    let args = ["codegen", "--model", "inventory.json", "--out", "inventory", "--standalone"];
    let output = smithy_lean(&dir, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("inventory: 14 files written, 0 removed (of 14 generated)"), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(dir.join("inventory/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"inventory\"") && manifest.contains("[workspace]"), "{manifest}");

    let again = smithy_lean(&dir, &args);
    assert_eq!(stderr(&again), "inventory is up to date: nothing changed\n");
    let check = smithy_lean(&dir, &[&args[..], &["--check"]].concat());
    assert!(check.status.success(), "{}", stderr(&check));

    std::fs::copy(fixture("v2.json"), dir.join("inventory.json")).unwrap();
    let stale = smithy_lean(&dir, &[&args[..], &["--check"]].concat());
    assert_eq!(stale.status.code(), Some(1));
    assert!(stderr(&stale).contains("stale: inventory/src/inventory/types.rs (differs)"), "{}", stderr(&stale));
    assert!(
        stderr(&stale).ends_with("error: inventory is out of date with its models; run `smithy-lean codegen --model inventory.json --out inventory --standalone`\n"),
        "{}",
        stderr(&stale)
    );
}

#[test]
fn unknown_names_list_what_the_model_has() {
    let dir = scratch("names");
    let output = smithy_lean(&dir, &["codegen", "--model", fixture("v2.json").to_str().unwrap(), "--out", "x", "--operation", "ListItem"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("ListItems"), "the nearest match: {}", stderr(&output));
    assert!(!dir.join("x").exists());
}

#[test]
fn without_models_the_error_says_what_to_pass() {
    let dir = scratch("empty");
    let output = smithy_lean(&dir, &["codegen"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with("error: "), "{}", stderr(&output));
    assert!(stderr(&output).contains("models"), "{}", stderr(&output));
}

#[test]
fn endpoint_rules_read_the_built_in_partitions() {
    let dir = scratch("partitions");
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/swf.json");
    let args = ["codegen", "--model", model.to_str().unwrap(), "--operation", "ListOpenWorkflowExecutions", "--out", "swf", "--standalone"];
    let output = smithy_lean(&dir, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let partitions = std::fs::read_to_string(dir.join("swf/src/partitions.rs")).unwrap();
    assert!(partitions.contains("\"aws-us-gov\""), "{partitions}");
}
