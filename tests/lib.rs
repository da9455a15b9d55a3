//! Helpers shared by the integration tests: where the project is, and how fixtures are generated.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{CrateOptions, Options, Source};

/// The project's root folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ lives in the project").to_path_buf()
}

/// Reads a model file, named in errors by its path relative to `tests/`.
pub fn source(path: &Path) -> Source {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/");
    Source { name, text }
}

/// Options for a fixture's crate, named after the fixture file, with the project's partitions
/// (for fixtures with endpoint rules).
pub fn options(name: &str, standalone: bool) -> Options {
    Options {
        krate: CrateOptions { name: format!("fixture-{}", name.replace('_', "-")), standalone },
        protocol_tests: true,
        partitions: Some(partitions()),
        ..Default::default()
    }
}

/// The AWS partitions in `models/`, read once.
pub fn partitions() -> Source {
    static PARTITIONS: std::sync::OnceLock<Source> = std::sync::OnceLock::new();
    PARTITIONS.get_or_init(|| source(&root().join("models/partitions.json"))).clone()
}

/// Generates one fixture model as a crate.
pub fn generate(path: &Path, standalone: bool) -> codegen::Result<BTreeMap<String, String>> {
    let name = path.file_stem().and_then(|s| s.to_str()).expect("fixture file name");
    codegen::generate(&[source(path)], &options(name, standalone))
}

/// The fixtures that must generate, sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

/// Writes a crate's files below `dir`.
pub fn write_files(dir: &Path, files: &BTreeMap<String, String>) {
    for (path, text) in files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().expect("files live in folders")).expect("create folder");
        std::fs::write(&target, text).expect("write file");
    }
}

/// The cargo target directory the running test was built in (`CARGO_TARGET_DIR` if set): the
/// folder above the test binary's `deps` folder's profile folder.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.ancestors().find(|dir| dir.file_name().is_some_and(|name| name == "deps")).expect("a test binary lives in deps/");
    deps.ancestors().nth(2).expect("deps/ lies two levels below the target directory").to_path_buf()
}

/// An empty scratch folder for a test, under the cargo target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = target_dir().join("tests-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// A `cargo` command for the crates the tests generate and build: with the toolchain running
/// the tests, and one target directory for all of them under the cargo target directory, so
/// their dependencies build once.
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    for var in ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "RUSTDOCFLAGS"] {
        command.env_remove(var);
    }
    command.env("CARGO_TARGET_DIR", target_dir().join("tests-scratch").join("target"));
    command
}
