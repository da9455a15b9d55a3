//! The command line over the generator, shared by the installed binary (`smithy-lean`) and the
//! project's `cargo xtask`: argument parsing and file IO only; all generation happens in the
//! library's pipeline.
//!
//! Paths default relative to a root folder: the project for `cargo xtask`, the current folder
//! for the binary (`models/*.json` with `models/operations.txt` generate `generated/`).

mod check_models;
mod endpoint_tests;
mod protocol_tests;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::{write, CrateOptions, Options, Source};

const USAGE: &str = "\
usage:
  {program} codegen [--check]
      regenerate generated/ from models/*.json, with the operations models/operations.txt lists
      (--check: write nothing, fail if stale)
  {program} codegen --model FILE [--model FILE ...] --out DIR [--service NAME ...]
      [--operation NAME ...] [--crate-name NAME] [--partitions FILE] [--standalone] [--check]
      write a crate for any model at DIR: a member of the workspace DIR is in, if any (list it in
      that workspace's members), else a workspace of its own (--standalone: always its own);
      --partitions: the AWS partitions endpoint rules read (else models/partitions.json if there
      is one, else the copy built into the generator)
  {program} protocol-tests --model FILE [--out DIR] [--service NAME ...] [--expected FILE] [--record]
      run the Smithy protocol compliance suite (the JSON protocols' test services, or the services
      named) in a crate generated at DIR (target/protocol-tests), against the expected failures
      (tests/protocol/expected-failures.txt); --record rewrites that list from the run
  {program} endpoint-tests (--model FILE | --dir DIR) ... [--service NAME ...] [--out DIR]
      [--expected FILE] [--partitions FILE] [--record]
      run every endpoint test case (smithy.rules#endpointTests) of the models' services against
      their generated resolvers, in a crate at DIR (target/endpoint-tests), against the expected
      failures (tests/endpoint/expected-failures.txt); --record rewrites that list from the run
  {program} check-models (--model FILE | --dir DIR) ... [--out DIR] [--partitions FILE] [--check-only]
      generate a crate from each model (every .json file of each DIR) into one workspace at DIR
      (target/check-models) and check that every crate compiles under clippy with -D warnings
      (--check-only: cargo check); one line per model, then a summary";

/// The package name of the project's own generated crate.
const CRATE_NAME: &str = "aws-lean-sdk";

/// Runs the command line `args` (without the program's name). `program` is how the user calls
/// it (`smithy-lean`, `cargo xtask`), for the usage and for hints; `root` is the folder that
/// the default paths are relative to.
pub fn main(program: &str, root: &Path, args: &[String]) -> ExitCode {
    let usage = USAGE.replace("{program}", program);
    // Help is asked for, not an error: the usage on standard output, and success.
    if args.is_empty() || args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{usage}");
        return if args.is_empty() { ExitCode::FAILURE } else { ExitCode::SUCCESS };
    }
    let cli = Cli { program, root, usage: &usage };
    match cli.run(args) {
        Ok(code) => code,
        Err(message) => {
            for line in message.lines() {
                eprintln!("error: {line}");
            }
            ExitCode::FAILURE
        }
    }
}

struct Command {
    models: Vec<PathBuf>,
    out: Option<PathBuf>,
    services: Vec<String>,
    operations: Vec<String>,
    crate_name: Option<String>,
    partitions: Option<PathBuf>,
    check: bool,
    /// Give the crate at `--out` a `[workspace]` of its own even inside another workspace.
    standalone: bool,
}

/// A command's arguments: flags that take a value (`--model FILE`), in the order given, and
/// switches (`--check`).
struct Flags {
    values: Vec<(&'static str, String)>,
    switches: Vec<&'static str>,
}

impl Flags {
    /// Reads `args` against the flags a command knows; anything else is an error with the usage.
    fn parse(usage: &str, args: &[String], valued: &[&'static str], switches: &[&'static str]) -> Result<Flags, String> {
        let mut flags = Flags { values: Vec::new(), switches: Vec::new() };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            if let Some(flag) = valued.iter().find(|f| **f == arg) {
                let value = args.next().ok_or_else(|| format!("`{flag}` needs a value"))?;
                flags.values.push((flag, value.clone()));
            } else if let Some(switch) = switches.iter().find(|f| **f == arg) {
                flags.switches.push(switch);
            } else {
                return Err(format!("unknown argument `{arg}`\n{usage}"));
            }
        }
        Ok(flags)
    }

    /// Every value of `flag`, in order.
    fn all(&self, flag: &str) -> Vec<String> {
        self.values.iter().filter(|(f, _)| *f == flag).map(|(_, v)| v.clone()).collect()
    }

    /// The last value of `flag`.
    fn last(&self, flag: &str) -> Option<String> {
        self.values.iter().rev().find(|(f, _)| *f == flag).map(|(_, v)| v.clone())
    }

    fn path(&self, flag: &str) -> Option<PathBuf> {
        self.last(flag).map(PathBuf::from)
    }

    fn on(&self, switch: &str) -> bool {
        self.switches.contains(&switch)
    }

    /// The models of `--model FILE` and `--dir DIR` (its `.json` files), in the order given,
    /// without the partitions file, which is an input but not a model wherever it sits.
    fn models(&self) -> Result<Vec<PathBuf>, String> {
        let mut models = Vec::new();
        for (flag, value) in &self.values {
            match *flag {
                "--model" => models.push(PathBuf::from(value)),
                "--dir" => models.extend(json_files(Path::new(value))?),
                _ => {}
            }
        }
        models.retain(|path| path.file_name().is_none_or(|name| name != PARTITIONS));
        Ok(models)
    }
}

fn parse(usage: &str, args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        Some("codegen") => {}
        None => return Err(usage.to_owned()),
        Some(other) => return Err(format!("unknown command `{other}`\n{usage}")),
    }
    let valued = ["--model", "--out", "--service", "--operation", "--crate-name", "--partitions"];
    let flags = Flags::parse(usage, &args[1..], &valued, &["--check", "--standalone"])?;
    let command = Command {
        models: flags.all("--model").into_iter().map(PathBuf::from).collect(),
        out: flags.path("--out"),
        services: flags.all("--service"),
        operations: flags.all("--operation"),
        crate_name: flags.last("--crate-name"),
        partitions: flags.path("--partitions"),
        check: flags.on("--check"),
        standalone: flags.on("--standalone"),
    };
    if !command.models.is_empty() && command.out.is_none() {
        return Err("`--model` needs `--out DIR`: generated/ is always built from models/".into());
    }
    Ok(command)
}

fn parse_protocol_tests(cli: &Cli, args: &[String]) -> Result<protocol_tests::Args, String> {
    let flags = Flags::parse(cli.usage, args, &["--model", "--out", "--service", "--expected"], &["--record"])?;
    let model = flags.path("--model").ok_or_else(|| format!("`protocol-tests` needs `--model FILE`\n{}", cli.usage))?;
    let mut services = flags.all("--service");
    if services.is_empty() {
        services = protocol_tests::SERVICES.iter().map(|s| (*s).to_owned()).collect();
    }
    Ok(protocol_tests::Args {
        model,
        out: flags.path("--out").unwrap_or_else(|| cli.root.join("target").join("protocol-tests")),
        services,
        expected: flags.path("--expected").unwrap_or_else(|| cli.root.join(protocol_tests::EXPECTED_FAILURES)),
        record: flags.on("--record"),
    })
}

fn parse_check_models(cli: &Cli, args: &[String]) -> Result<check_models::Args, String> {
    let flags = Flags::parse(cli.usage, args, &["--model", "--dir", "--out", "--partitions"], &["--check-only"])?;
    let models = flags.models()?;
    if models.is_empty() {
        return Err(format!("`check-models` needs `--model FILE` or `--dir DIR`\n{}", cli.usage));
    }
    let out = flags.path("--out").unwrap_or_else(|| cli.root.join("target").join("check-models"));
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let partitions = read_partitions(cli.root, flags.path("--partitions").as_deref())?;
    Ok(check_models::Args { models, out, check_only: flags.on("--check-only"), partitions })
}

fn parse_endpoint_tests(cli: &Cli, args: &[String]) -> Result<endpoint_tests::Args, String> {
    let valued = ["--model", "--dir", "--out", "--service", "--expected", "--partitions"];
    let flags = Flags::parse(cli.usage, args, &valued, &["--record"])?;
    let models = flags.models()?;
    if models.is_empty() {
        return Err(format!("`endpoint-tests` needs `--model FILE` or `--dir DIR`\n{}", cli.usage));
    }
    Ok(endpoint_tests::Args {
        models,
        out: flags.path("--out").unwrap_or_else(|| cli.root.join("target").join("endpoint-tests")),
        services: flags.all("--service"),
        expected: flags.path("--expected").unwrap_or_else(|| cli.root.join(endpoint_tests::EXPECTED_FAILURES)),
        partitions: read_partitions(cli.root, flags.path("--partitions").as_deref())?,
        record: flags.on("--record"),
    })
}

/// The `.json` files of a folder, sorted.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    found.sort();
    Ok(found)
}

/// Who runs the command line, and where.
struct Cli<'a> {
    /// How the user calls it: `smithy-lean`, `cargo xtask`.
    program: &'a str,
    /// The folder default paths are relative to.
    root: &'a Path,
    usage: &'a str,
}

impl Cli<'_> {
    fn run(&self, args: &[String]) -> Result<ExitCode, String> {
        match args.first().map(String::as_str) {
            Some("endpoint-tests") => endpoint_tests::run(self.root, &parse_endpoint_tests(self, &args[1..])?),
            Some("check-models") => check_models::run(&parse_check_models(self, &args[1..])?),
            Some("protocol-tests") => protocol_tests::run(self.root, &parse_protocol_tests(self, &args[1..])?),
            _ => codegen(self, args),
        }
    }
}

/// The `codegen` command.
fn codegen(cli: &Cli, args: &[String]) -> Result<ExitCode, String> {
    let root = cli.root;
    let command = parse(cli.usage, args)?;
    let models = if command.models.is_empty() { project_models(root)? } else { command.models.clone() };
    // generated/ holds the operations models/operations.txt lists, unless others are named.
    let operations = if command.models.is_empty() && command.operations.is_empty() { project_operations(root)? } else { command.operations.clone() };
    // Inside a user's workspace the crate is one more member; elsewhere it is a workspace of its
    // own, so that it builds where it is written.
    let member_of = command.out.as_deref().filter(|_| !command.standalone).and_then(write::enclosing_workspace);
    let (out, standalone) = match &command.out {
        Some(out) => (out.clone(), member_of.is_none()),
        None => (root.join("generated"), false),
    };
    let name = match (&command.crate_name, &command.out) {
        (Some(name), _) => name.clone(),
        (None, None) => CRATE_NAME.to_owned(),
        (None, Some(_)) => crate::config::crate_name_from_dir(&out).map_err(|e| format!("{e}; pass --crate-name"))?,
    };
    let sources = models
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            Ok(Source { name: display_path(root, path), text })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let partitions = read_partitions(root, command.partitions.as_deref())?;
    let options = Options {
        krate: CrateOptions { name, standalone },
        services: command.services.clone(),
        operations,
        partitions: Some(partitions),
        ..Default::default()
    };
    let generated = crate::generate_all(&sources, &options).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let files = generated.files;

    let shown = display_path(root, &out);
    if command.check {
        let stale = write::stale_files(&out, &files).map_err(|e| format!("{shown}: {e}"))?;
        if stale.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        for (path, why) in &stale {
            eprintln!("stale: {shown}/{path} ({why})");
        }
        // The command that regenerates what was checked: this one, without `--check`.
        let again: Vec<&str> = args.iter().map(String::as_str).filter(|a| *a != "--check").collect();
        eprintln!("error: {shown} is out of date with its models; run `{} {}`", cli.program, again.join(" "));
        return Ok(ExitCode::FAILURE);
    }
    let changes = write::write_crate(&out, &files).map_err(|e| format!("{shown}: {e}"))?;
    if let Some(workspace) = &member_of {
        eprintln!(
            "note: {shown} is inside the workspace of {}: list it in that workspace's `members` (or pass --standalone for a workspace of its own)",
            workspace.display()
        );
    }
    if changes.written.is_empty() && changes.removed.is_empty() {
        eprintln!("{shown} is up to date: nothing changed");
    } else {
        // The manifest is bookkeeping, not one of the files generated.
        let written = changes.written.iter().filter(|path| *path != write::MANIFEST).count();
        eprintln!("{shown}: {written} files written, {} removed (of {} generated)", changes.removed.len(), files.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// The AWS partitions file under `models/`: an input of the generator, not a model.
const PARTITIONS: &str = "partitions.json";

/// The partitions file given, else `models/partitions.json` under the root if there is one,
/// else the copy built into the generator ([`crate::AWS_PARTITIONS`]).
fn read_partitions(root: &Path, given: Option<&Path>) -> Result<Source, String> {
    let path = given.map_or_else(|| root.join("models").join(PARTITIONS), Path::to_path_buf);
    if given.is_none() && !path.exists() {
        return Ok(crate::aws_partitions());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read the partitions: {e}", path.display()))?;
    Ok(Source { name: display_path(root, &path), text })
}

/// `models/*.json` but the partitions, sorted, so the output never depends on directory order.
fn project_models(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join("models");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut models: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json") && path.file_name().is_some_and(|name| name != PARTITIONS))
        .collect();
    models.sort();
    if models.is_empty() {
        return Err(format!("{}: no .json models", dir.display()));
    }
    Ok(models)
}

/// The operations `models/operations.txt` lists: one shape name or id per line, `#` comments.
fn project_operations(root: &Path) -> Result<Vec<String>, String> {
    let path = root.join("models").join(OPERATIONS);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read the operations to generate: {e}", path.display()))?;
    Ok(text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).map(str::to_owned).collect())
}

/// The list of operations generated/ holds, under `models/`.
const OPERATIONS: &str = "operations.txt";

/// Paths inside the project are shown relative to it, so messages and generated text do not
/// depend on where the project is checked out.
fn display_path(root: &Path, path: &Path) -> String {
    let absolute = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().map(|d| d.join(path)).unwrap_or_default() };
    match absolute.strip_prefix(root) {
        Ok(relative) => relative.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}
