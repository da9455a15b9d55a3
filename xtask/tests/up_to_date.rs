//! `generated/` is exactly what the generator makes of `models/`: the same check as
//! `cargo xtask codegen --check`, run as a test.

#[test]
fn generated_crate_is_up_to_date() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(tests::root())
        .args(["codegen", "--check"])
        .output()
        .expect("run the xtask");
    assert!(
        output.status.success(),
        "generated/ is stale; run `cargo xtask codegen`:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
