//! `check-models` (`smithy-lean check-models`, `cargo xtask check-models`): runs the generator over
//! many models and checks that what it writes compiles without warnings. Each model becomes a crate
//! of one workspace under the output folder, checked by one `cargo clippy --keep-going -- -D
//! warnings` (so dependencies build once and the crates build in parallel); the compiler's messages
//! are attributed to their crates. Prints one line per model and a summary; fails if any model is
//! refused or any crate has an error or a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use crate::{CrateOptions, Options, Source};

pub struct Args {
    pub models: Vec<PathBuf>,
    pub out: PathBuf,
    /// `cargo check` instead of clippy.
    pub check_only: bool,
    /// The AWS partitions, which endpoint rules read.
    pub partitions: Source,
}

/// One model's outcome.
enum Outcome {
    Refused(String),
    Generated { files: usize, warnings: usize },
}

pub fn run(args: &Args) -> Result<ExitCode, String> {
    let crates = args.out.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    let mut outcomes: Vec<(String, String, Outcome)> = Vec::new();
    for (index, path) in args.models.iter().enumerate() {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("model");
        let slug: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        let package = format!("check-{index}-{slug}");
        let outcome = match generate(path, &package, &args.partitions) {
            Ok((files, warnings)) => {
                write(&crates.join(&package), &files)?;
                Outcome::Generated { files: files.len(), warnings }
            }
            Err(e) => Outcome::Refused(e),
        };
        eprintln!("generated {}/{}: {}", index + 1, args.models.len(), path.display());
        outcomes.push((path.display().to_string(), package, outcome));
    }
    let members: Vec<String> = outcomes
        .iter()
        .filter(|(_, _, o)| matches!(o, Outcome::Generated { .. }))
        .map(|(_, package, _)| format!("\"crates/{package}\""))
        .collect();
    std::fs::write(args.out.join("Cargo.toml"), format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")))
        .map_err(|e| format!("{}: {e}", args.out.display()))?;

    let problems = if members.is_empty() { BTreeMap::new() } else { compile(&args.out, args.check_only)? };
    let (mut generated, mut refused, mut compiled) = (0, 0, 0);
    for (model, package, outcome) in &outcomes {
        match outcome {
            Outcome::Refused(error) => {
                refused += 1;
                let lines: Vec<&str> = error.lines().collect();
                println!("{model}: refused, {} error(s): {}", lines.len(), lines.first().unwrap_or(&""));
            }
            Outcome::Generated { files, warnings } => {
                generated += 1;
                let note = if *warnings > 0 { format!(", {warnings} generation warning(s)") } else { String::new() };
                match problems.get(package.as_str()) {
                    None => {
                        compiled += 1;
                        println!("{model}: generated {files} files{note}, compiles without warnings");
                    }
                    Some((count, first)) => println!("{model}: generated {files} files{note}, {count} compiler error(s) or warning(s): {first}"),
                }
            }
        }
    }
    println!("models: {} checked, {generated} generated, {refused} refused, {compiled} compiled", outcomes.len());
    Ok(if refused == 0 && compiled == generated { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn generate(path: &Path, package: &str, partitions: &Source) -> Result<(BTreeMap<String, String>, usize), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let sources = [Source { name: path.display().to_string(), text }];
    let options =
        Options { krate: CrateOptions { name: package.to_owned(), standalone: false }, partitions: Some(partitions.clone()), ..Default::default() };
    let generated = crate::generate_all(&sources, &options).map_err(|e| e.to_string())?;
    Ok((generated.files, generated.warnings.len()))
}

fn write(dir: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    for (path, text) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

/// Checks the workspace; per package with problems, how many and the first one's text.
fn compile(out: &Path, check_only: bool) -> Result<BTreeMap<String, (usize, String)>, String> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(out).env("CARGO_TARGET_DIR", out.join("target"));
    if check_only {
        command.args(["check", "--workspace", "--all-targets", "--all-features", "--keep-going", "--message-format=json"]);
        command.env("RUSTFLAGS", "-D warnings");
    } else {
        command.args(["clippy", "--workspace", "--all-targets", "--all-features", "--keep-going", "--message-format=json", "--", "-D", "warnings"]);
    }
    let output = command.stderr(Stdio::inherit()).output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut problems: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let level = message["message"]["level"].as_str().unwrap_or("");
        if level != "error" && level != "warning" {
            continue;
        }
        // `path+file:///.../crates/check-3-swf#0.1.0`: the package is the folder's name.
        let id = message["package_id"].as_str().unwrap_or("");
        let Some(package) = id.rsplit('/').next().and_then(|tail| tail.split('#').next()) else { continue };
        let text = message["message"]["rendered"].as_str().unwrap_or("").lines().take(3).collect::<Vec<_>>().join(" | ");
        let entry = problems.entry(package.to_owned()).or_insert((0, text));
        entry.0 += 1;
    }
    Ok(problems)
}
