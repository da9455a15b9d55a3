//! The update workflow of `docs/using-the-generator.md`, done as a user would: a model pinned in
//! the user's repository, a crate generated from it into their workspace beside files of their
//! own, a program built on it, then the model updated: the check finds the crate stale,
//! regenerating rewrites only what changed, and the program builds and runs unchanged.

use std::path::Path;

use codegen::Config;

const V1: &str = include_str!("fixtures/update/v1.json");
const V2: &str = include_str!("fixtures/update/v2.json");
const APP: &str = include_str!("fixtures/update/app.rs");

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds and runs the user's program; its standard output.
fn run_app(repo: &Path) -> String {
    let output: std::process::Output =
        tests::cargo().current_dir(repo).args(["run", "--quiet", "--package", "app"]).output().expect("run cargo");
    assert!(output.status.success(), "the program does not build or run:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_model_update_regenerates_what_changed_and_the_users_program_still_builds() {
    let repo = tests::scratch("update-workflow");
    write(&repo.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"app\", \"inventory\"]\n");
    write(&repo.join("models/inventory.json"), V1);
    write(&repo.join("app/Cargo.toml"), "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ninventory = { path = \"../inventory\" }\n");
    write(&repo.join("app/src/main.rs"), APP);
    write(&repo.join("inventory/NOTES.md"), "The user's own notes, beside the generated crate.\n");
    let crate_dir = repo.join("inventory");
    let config = || {
        let mut config = Config::new();
        config.model(repo.join("models/inventory.json"));
        config
    };

    let first = config().write_crate(&crate_dir).expect("generate from v1");
    assert!(first.written.contains(&"src/inventory/types.rs".to_owned()), "{first:?}");
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"inventory\"") && !manifest.contains("[workspace]"), "a member of the user's workspace:\n{manifest}");
    assert_eq!(config().check_crate(&crate_dir).unwrap(), Vec::<(String, String)>::new(), "just written: up to date");
    assert!(run_app(&repo).starts_with("ok: other (backordered); Throttled: slow down"));

    // The model is updated (a new operation, input member, output member, enum value, error).
    write(&repo.join("models/inventory.json"), V2);
    let stale = config().check_crate(&crate_dir).unwrap();
    assert!(stale.contains(&("src/inventory/types.rs".to_owned(), "differs".to_owned())), "{stale:?}");
    assert!(stale.iter().all(|(path, _)| !path.ends_with("NOTES.md")), "only the generator's files are checked: {stale:?}");

    let second = config().write_crate(&crate_dir).expect("generate from v2");
    assert!(second.written.contains(&"src/inventory/types.rs".to_owned()), "{second:?}");
    assert!(!second.written.contains(&"src/json.rs".to_owned()), "what did not change is not rewritten: {second:?}");
    assert_eq!(std::fs::read_to_string(crate_dir.join("NOTES.md")).unwrap(), "The user's own notes, beside the generated crate.\n");
    assert!(config().check_crate(&crate_dir).unwrap().is_empty());
    let types = std::fs::read_to_string(crate_dir.join("src/inventory/types.rs")).unwrap();
    assert!(types.contains("Backordered") && types.contains("pub price: Option<f64>"), "v2's additions are in the crate");

    // Unchanged, the program builds against the new crate; the new enum value and error now
    // have their own variants, which its wildcard arms take.
    assert!(run_app(&repo).starts_with("ok: other (backordered); Throttled: slow down"));
}

/// The crate as one module of the user's crate (`Config::write_module`, what a build script
/// does into `OUT_DIR`), included under `crate::aws`, compiles without warnings and works.
#[test]
fn module_output_compiles_inside_another_crate() {
    let dir = tests::scratch("module-output");
    write(&dir.join("models/inventory.json"), V2);
    let mut config = Config::new();
    config.model(dir.join("models/inventory.json"));
    let written = config.write_module(dir.join("user/src/generated/aws.rs"), "crate::aws").expect("module output");
    assert_eq!(written.written.len(), 2, "the module and its manifest: {written:?}");
    let manifest = std::fs::read_to_string(dir.join("user/src/generated/aws.rs.Cargo.toml")).unwrap();
    let features = &manifest[manifest.find("[features]").expect("the features to declare")..];
    let features = &features[..features[1..].find("\n[").map_or(features.len(), |end| end + 1)];
    write(
        &dir.join("user/Cargo.toml"),
        &format!("[package]\nname = \"user\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n{features}"),
    );
    write(
        &dir.join("user/src/main.rs"),
        "pub mod aws {\n    include!(\"generated/aws.rs\");\n}\n\n\
         use aws::http::Operation;\n\n\
         fn main() {\n    let input = aws::inventory::types::GetItemInput::builder().id(\"7\").build().unwrap();\n    \
         let request = aws::inventory::operations::GetItem::request(&input).unwrap();\n    \
         println!(\"{}\", String::from_utf8_lossy(&request.body));\n}\n",
    );
    let output = tests::cargo()
        .current_dir(dir.join("user"))
        .env("RUSTFLAGS", "-D warnings")
        .args(["run", "--quiet"])
        .output()
        .expect("run cargo");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "{\"id\":\"7\"}\n");
    // Written again with nothing changed, nothing is touched (cargo would rebuild otherwise).
    assert!(config.write_module(dir.join("user/src/generated/aws.rs"), "crate::aws").unwrap().written.is_empty());
}
