//! The command line: `error: ...` lines and exit code 1 for bad input, and `--out` writing a
//! standalone crate that builds where it is written.

use std::process::Output;

fn xtask(args: &[&str]) -> Output {
    tests::cargo()
        .current_dir(tests::root())
        .args(["run", "--quiet", "--package", "xtask", "--", "codegen"])
        .args(args)
        .output()
        .expect("run the xtask")
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = tests::root().join("target/cli-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

#[test]
fn bad_model_prints_an_error_line_and_exits_1() {
    let dir = scratch("bad-model");
    let out = dir.join("out");
    let output = xtask(&["--model", "tests/fixtures/invalid/dangling_target.json", "--out", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: ex#In$missing (in tests/fixtures/invalid/dangling_target.json): targets `ex#Nowhere`"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written when generation fails");
}

#[test]
fn failed_generation_leaves_the_previous_crate_intact() {
    let dir = scratch("keep-previous");
    let out = dir.join("svc");
    let ok = xtask(&["--model", "tests/fixtures/recursion.json", "--out", out.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let before = std::fs::read_to_string(out.join("src/trees/types.rs")).unwrap();
    let failed = xtask(&["--model", "tests/fixtures/invalid/bad_default.json", "--out", out.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(out.join("src/trees/types.rs")).unwrap(), before);
}

#[test]
fn usage_errors() {
    let output = xtask(&["--model", "models/swf.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: `--model` needs `--out DIR`"));
    let output = xtask(&["--frobnicate"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: unknown argument `--frobnicate`"));
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let dir = scratch("not-ours");
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let output = xtask(&["--model", "models/swf.json", "--out", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("was not written by the generator"));
    assert_eq!(std::fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn out_writes_a_standalone_crate_that_builds_and_check_finds_stale_files() {
    let dir = scratch("standalone");
    let out = dir.join("swf_only");
    let out_arg = out.to_str().unwrap();
    let args = ["--model", "models/swf.json", "--out", out_arg, "--operation", "ListOpenWorkflowExecutions"];
    let output = xtask(&args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"swf-only\"") && manifest.contains("[workspace]"), "{manifest}");

    let build = tests::cargo().current_dir(&out).args(["build", "--quiet"]).output().expect("run cargo build");
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));

    let check = xtask(&[&args[..], &["--check"]].concat());
    assert!(check.status.success(), "fresh output is up to date: {}", String::from_utf8_lossy(&check.stderr));

    std::fs::write(out.join("src/swf/types.rs"), "// edited\n").unwrap();
    std::fs::write(out.join("src/extra.rs"), "// stray\n").unwrap();
    let check = xtask(&[&args[..], &["--check"]].concat());
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr.contains("src/swf/types.rs (differs)") && stderr.contains("src/extra.rs (no longer generated)"), "{stderr}");

    // Regenerating restores the file, removes the stray one and keeps the build output.
    assert!(xtask(&args).status.success());
    assert!(!out.join("src/extra.rs").exists());
    assert!(out.join("target").exists(), "the crate's target/ survives regeneration");
    assert!(xtask(&[&args[..], &["--check"]].concat()).status.success());
}
