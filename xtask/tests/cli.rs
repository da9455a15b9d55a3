//! The command line: `error: ...` lines and exit code 1 for bad input, and `--out` writing a
//! standalone crate that builds where it is written. Runs the xtask binary cargo built for these
//! tests; the crates it writes go to scratch folders under the cargo target directory.

use std::process::{Command, Output};

/// The xtask binary, run from the project root, with nested cargo runs (the protocol tests)
/// sharing the tests' target directory.
fn xtask_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.current_dir(tests::root());
    for (key, value) in tests::cargo().get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    command
}

fn xtask(args: &[&str]) -> Output {
    xtask_command().arg("codegen").args(args).output().expect("run the xtask")
}

fn scratch(name: &str) -> std::path::PathBuf {
    tests::scratch(&format!("cli-{name}"))
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
fn writes_beside_the_users_files_and_never_overwrites_them() {
    let dir = scratch("not-ours");
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let output = xtask(&["--model", "models/swf.json", "--out", dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(std::fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");

    let theirs = scratch("theirs");
    std::fs::write(theirs.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    let output = xtask(&["--model", "models/swf.json", "--out", theirs.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Cargo.toml exists and was not written by the generator"));
    assert_eq!(std::fs::read_to_string(theirs.join("Cargo.toml")).unwrap(), "[package]\nname = \"mine\"\n");
}

#[test]
fn out_writes_a_standalone_crate_that_builds_and_check_finds_stale_files() {
    let dir = scratch("standalone");
    let out = dir.join("swf_only");
    let out_arg = out.to_str().unwrap();
    let args = ["--model", "models/swf.json", "--out", out_arg, "--operation", "ListOpenWorkflowExecutions", "--standalone"];
    let output = xtask(&args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"swf-only\"") && manifest.contains("[workspace]"), "{manifest}");

    let build = tests::cargo().current_dir(&out).args(["build", "--quiet"]).output().expect("run cargo build");
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    // What a crate's own build leaves beside it, which regeneration must keep.
    std::fs::create_dir_all(out.join("target/debug")).unwrap();
    std::fs::write(out.join("Cargo.lock"), "# lock\n").unwrap();

    let check = xtask(&[&args[..], &["--check"]].concat());
    assert!(check.status.success(), "fresh output is up to date: {}", String::from_utf8_lossy(&check.stderr));

    std::fs::write(out.join("src/swf/types.rs"), "// edited\n").unwrap();
    std::fs::remove_file(out.join("src/swf/errors.rs")).unwrap();
    std::fs::write(out.join("src/extra.rs"), "// the user's\n").unwrap();
    let check = xtask(&[&args[..], &["--check"]].concat());
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr.contains("src/swf/types.rs (differs)") && stderr.contains("src/swf/errors.rs (missing)"), "{stderr}");
    assert!(!stderr.contains("extra.rs"), "a file the generator did not write is not its business: {stderr}");

    // Regenerating restores its files, keeps the user's and the build output.
    let again = xtask(&args);
    assert!(String::from_utf8_lossy(&again.stderr).contains("2 files written, 0 removed"), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(out.join("src/extra.rs").exists());
    assert!(out.join("target/debug").exists() && out.join("Cargo.lock").exists(), "target/ and Cargo.lock survive regeneration");
    assert!(xtask(&[&args[..], &["--check"]].concat()).status.success());
    assert!(String::from_utf8_lossy(&xtask(&args).stderr).contains("up to date: nothing changed"));
}

fn protocol_tests(args: &[&str]) -> Output {
    xtask_command().arg("protocol-tests").args(args).output().expect("run the xtask")
}

#[test]
fn protocol_tests_usage_errors() {
    let output = protocol_tests(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: `protocol-tests` needs `--model FILE`"));
    let no_suite = scratch("no-suite");
    let output = protocol_tests(&["--model", "models/swf.json", "--out", no_suite.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: the model has no service named `aws.protocoltests.json10#JsonRpc10`"), "{stderr}");
}

/// The whole command on the compliance fixture: generate, build, run, count, and judge the run
/// against an expected-failures list, which must name exactly the cases that fail.
#[test]
fn protocol_tests_runs_the_cases_and_judges_them_against_the_list() {
    let dir = scratch("protocol-tests");
    let (out, list) = (dir.join("crate"), dir.join("expected-failures.txt"));
    let mut model = std::fs::read_to_string(tests::root().join("tests/fixtures/compliance.json")).unwrap();
    let run = |model_text: &str, list_text: &str| {
        std::fs::write(dir.join("model.json"), model_text).unwrap();
        std::fs::write(&list, list_text).unwrap();
        let model = dir.join("model.json");
        let args = ["--model", model.to_str().unwrap(), "--out", out.to_str().unwrap(), "--service", "Widgets", "--expected", list.to_str().unwrap()];
        let output = protocol_tests(&args);
        (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
    };

    let (code, stdout) = run(&model, "");
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("restJson1: 6 cases: 6 passed, 0 failed, 0 skipped"), "{stdout}");

    let (code, stdout) = run(&model, "restJson1 request PingRequest: not really\n");
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("PASSED request PingRequest, which"), "{stdout}");

    model = model.replace(r#""uri": "/custom/ping""#, r#""uri": "/custom/pong""#);
    let (code, stdout) = run(&model, "");
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("restJson1: 6 cases: 5 passed, 1 failed, 0 skipped"), "{stdout}");
    assert!(stdout.contains("FAILED request PingRequest (REGRESSION"), "{stdout}");
    assert!(stdout.contains("path: sent `/custom/ping`, expected `/custom/pong`"), "{stdout}");

    let (code, stdout) = run(&model, "restJson1 request PingRequest: the path changed\n");
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("FAILED request PingRequest (expected: the path changed)"), "{stdout}");
}

/// Help is an answer, not an error: every command prints the usage on standard output and
/// succeeds.
#[test]
fn help_on_every_command_exits_zero() {
    for command in ["codegen", "protocol-tests", "endpoint-tests", "check-models"] {
        let output = xtask_command().args([command, "--help"]).output().expect("run the xtask");
        assert_eq!(output.status.code(), Some(0), "{command}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.starts_with("usage:") && stdout.contains(command), "{command}: {stdout}");
        assert!(output.stderr.is_empty(), "{command}");
    }
}

/// Inside a user's workspace the crate is written as one more member, without a `[workspace]`
/// of its own (which cargo would refuse), and the user is told to list it.
#[test]
fn out_inside_a_workspace_is_a_member() {
    let dir = scratch("in-workspace");
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = [\"aws\"]\nresolver = \"2\"\n").unwrap();
    let out = dir.join("aws");
    let args = ["--model", "models/swf.json", "--out", out.to_str().unwrap(), "--operation", "ListOpenWorkflowExecutions"];
    let output = xtask(&args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("list it in that workspace's `members`"));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("[workspace]"), "{manifest}");
    let build = tests::cargo().current_dir(&dir).args(["check", "--quiet"]).output().expect("run cargo check");
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
}
