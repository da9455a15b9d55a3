//! The code emitted for every fixture compiles, passes clippy with `-D warnings`, and documents
//! without rustdoc warnings: a snapshot that never compiles could drift into nonsense. The
//! fixtures are written as one workspace of crates under the cargo target directory, checked by
//! one cargo run.
//! A fixture with behaviour tests (`tests/fixture_behaviour/<fixture>.rs`) gets them copied into
//! its crate, and they run here too.

#[test]
fn fixtures_build_without_warnings() {
    let dir = tests::scratch("fixture-crates");
    let mut members = Vec::new();
    for path in tests::fixtures() {
        let name = path.file_stem().and_then(|s| s.to_str()).expect("fixture name").to_owned();
        let files = tests::generate(&path, false).unwrap_or_else(|e| panic!("{e}"));
        let crate_dir = dir.join("crates").join(&name);
        tests::write_files(&crate_dir, &files);
        let behaviour = tests::root().join("tests/fixture_behaviour").join(format!("{name}.rs"));
        if behaviour.exists() {
            std::fs::create_dir_all(crate_dir.join("tests")).expect("create tests folder");
            std::fs::copy(&behaviour, crate_dir.join("tests/behaviour.rs")).expect("copy behaviour tests");
            // Tests of async paths drive them with `futures`' executor.
            if std::fs::read_to_string(&behaviour).unwrap_or_default().contains("futures::") {
                let manifest = crate_dir.join("Cargo.toml");
                let mut text = std::fs::read_to_string(&manifest).expect("read manifest");
                if !text.contains("[dev-dependencies]") {
                    text.push_str("\n[dev-dependencies]\n");
                }
                text = text.replace("[dev-dependencies]\n", "[dev-dependencies]\nfutures = { version = \"0.3\", default-features = false, features = [\"executor\"] }\n");
                std::fs::write(&manifest, text).expect("write manifest");
            }
        }
        members.push(format!("\"crates/{name}\""));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write workspace manifest");

    let run = |args: &[&str], env: Option<(&str, &str)>| {
        let mut command = tests::cargo();
        command.current_dir(&dir).args(args);
        if let Some((key, value)) = env {
            command.env(key, value);
        }
        let output = command.output().expect("run cargo");
        assert!(output.status.success(), "cargo {args:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    };
    run(&["clippy", "--quiet", "--workspace", "--all-targets", "--", "-D", "warnings"], None);
    run(&["doc", "--quiet", "--workspace", "--no-deps"], Some(("RUSTDOCFLAGS", "-D warnings")));
    run(&["test", "--quiet", "--workspace"], None);
}
