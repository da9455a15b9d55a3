//! [`Config`]: the generator as a library call, for build scripts and programs, in the manner of
//! prost-build: name the models and what to take from them, then write a crate or a module.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{write, CrateOptions, Error, Options, Result, Source};

/// What to generate, and where.
///
/// A crate of its own, written (and later regenerated) into a folder of your repository:
///
/// ```no_run
/// smithy_lean_codegen::Config::new()
///     .model("models/swf.json")
///     .operation("ListOpenWorkflowExecutions")
///     .write_crate("aws-swf")?;
/// # Ok::<(), smithy_lean_codegen::Error>(())
/// ```
///
/// Or a module of your crate, from its `build.rs` into `OUT_DIR`, included with
/// `include!(concat!(env!("OUT_DIR"), "/aws.rs"));` at the root of a module `aws` (see
/// [`Config::write_module`] for what the including crate declares):
///
/// ```no_run
/// // build.rs
/// let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
/// smithy_lean_codegen::Config::new()
///     .model("models/swf.json")
///     .operation("ListOpenWorkflowExecutions")
///     .write_module(out.join("aws.rs"), "crate::aws")?;
/// # Ok::<(), smithy_lean_codegen::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Config {
    models: Vec<PathBuf>,
    services: Vec<String>,
    operations: Vec<String>,
    crate_name: Option<String>,
    partitions: Option<PathBuf>,
    standalone: bool,
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// The files written (relative to the crate folder, or the module file), in sorted order;
    /// empty when everything was up to date.
    pub written: Vec<String>,
    /// The files of an earlier run that are no longer generated and were removed.
    pub removed: Vec<String>,
    /// What could not be generated as the model asks and was generated around (a `@pattern`
    /// that is not checked), one line each, naming the shape.
    pub warnings: Vec<String>,
}

impl Config {
    pub fn new() -> Self {
        Self::default()
    }

    /// A Smithy JSON AST model file; several files are merged into one model.
    pub fn model(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.models.push(path.as_ref().to_path_buf());
        self
    }

    /// Only this service (shape name or absolute id); every service of the models when none is
    /// named.
    pub fn service(&mut self, name: impl Into<String>) -> &mut Self {
        self.services.push(name.into());
        self
    }

    /// Only this operation (shape name or absolute id), with the shapes it needs; every
    /// operation of the selected services when none is named.
    pub fn operation(&mut self, name: impl Into<String>) -> &mut Self {
        self.operations.push(name.into());
        self
    }

    /// The package name of a crate written by [`Config::write_crate`]; the folder's name when
    /// not given.
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The AWS partitions file that endpoint rules read, instead of the copy built into the
    /// generator ([`crate::AWS_PARTITIONS`]).
    pub fn partitions(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.partitions = Some(path.as_ref().to_path_buf());
        self
    }

    /// Gives a crate written by [`Config::write_crate`] a `[workspace]` of its own. Without it,
    /// a crate written inside another workspace is one more member of it (list it in that
    /// workspace's `members`), and one written elsewhere gets its own.
    pub fn standalone(&mut self, standalone: bool) -> &mut Self {
        self.standalone = standalone;
        self
    }

    /// Generates in memory: every file of the crate (named by [`Config::crate_name`], else
    /// `generated`) by its path relative to the crate root, and the warnings.
    pub fn generate(&self) -> Result<crate::Generated> {
        self.generate_named(self.crate_name.as_deref().unwrap_or("generated"), self.standalone)
    }

    fn generate_named(&self, crate_name: &str, standalone: bool) -> Result<crate::Generated> {
        if self.models.is_empty() {
            return Err(Error::new("no model: name at least one with `Config::model`"));
        }
        // Under a build script, cargo runs it again when a model changes.
        let under_build_script = std::env::var_os("OUT_DIR").is_some() && std::env::var_os("CARGO_MANIFEST_DIR").is_some();
        let mut sources = Vec::with_capacity(self.models.len());
        for path in self.models.iter().chain(&self.partitions) {
            if under_build_script {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            let text = std::fs::read_to_string(path).map_err(|e| Error::new(format!("{}: cannot read: {e}", path.display())))?;
            sources.push(Source { name: path.display().to_string(), text });
        }
        let partitions = if self.partitions.is_some() { sources.pop() } else { Some(crate::aws_partitions()) };
        let options = Options {
            krate: CrateOptions { name: crate_name.to_owned(), standalone },
            services: self.services.clone(),
            operations: self.operations.clone(),
            partitions,
            ..Default::default()
        };
        crate::generate_all(&sources, &options)
    }

    /// Writes the crate into `dir`, replacing what an earlier run wrote there and leaving every
    /// other file alone (the generator owns only the files its manifest, `.codegen-manifest`,
    /// lists). A run that fails writes nothing.
    pub fn write_crate(&self, dir: impl AsRef<Path>) -> Result<Written> {
        let dir = dir.as_ref();
        let generated = self.crate_files(dir)?;
        let changes = write::write_crate(dir, &generated.files).map_err(|e| Error::new(format!("{}: {e}", dir.display())))?;
        Ok(Written { written: changes.written, removed: changes.removed, warnings: warnings(&generated) })
    }

    /// The files of the crate in `dir` that are not what [`Config::write_crate`] would write,
    /// each with why (`differs`, `missing`, `no longer generated`); empty when it is up to date.
    /// For a CI check that the committed crate matches its models.
    pub fn check_crate(&self, dir: impl AsRef<Path>) -> Result<Vec<(String, String)>> {
        let dir = dir.as_ref();
        let generated = self.crate_files(dir)?;
        let stale = write::stale_files(dir, &generated.files).map_err(|e| Error::new(format!("{}: {e}", dir.display())))?;
        Ok(stale.into_iter().map(|(path, why)| (path, why.to_owned())).collect())
    }

    fn crate_files(&self, dir: &Path) -> Result<crate::Generated> {
        let name = match &self.crate_name {
            Some(name) => name.clone(),
            None => crate_name_from_dir(dir)?,
        };
        let member_of = if self.standalone { None } else { write::enclosing_workspace(dir) };
        self.generate_named(&name, member_of.is_none())
    }

    /// Writes the whole crate as one module file, `file`, for `include!` at the module path
    /// `module` (`"crate"` for the crate root, `"crate::aws"` for a module `aws` of the crate
    /// root). The file is rewritten only when its text changes, so cargo does not rebuild for
    /// nothing.
    ///
    /// The module is the crate's `src/` folder in one file: the same items, with every `crate::`
    /// path of the generated code and its docs rooted at `module`. What stays with the including
    /// crate: its `Cargo.toml` declares the features the code tests (`validate`, and `sigv4`,
    /// `client`, `blocking`, `async` where the services get a client) and the dependencies
    /// they need, as in the `Cargo.toml` that [`Config::write_crate`] would write (also written
    /// beside the module, as `<file>.Cargo.toml`, to copy from); the crate-level docs are left
    /// out (an included file cannot have inner attributes).
    pub fn write_module(&self, file: impl AsRef<Path>, module: &str) -> Result<Written> {
        let file = file.as_ref();
        let path_ok = module.split("::").enumerate().all(|(i, part)| {
            (i == 0 && part == "crate") || (i > 0 && !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        });
        if !path_ok {
            return Err(Error::new(format!("`{module}` is not a module path from the crate root (`crate` or `crate::aws`)")));
        }
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("generated").replace('_', "-");
        // The manifest written beside it is to copy from: no `[workspace]`.
        let generated = self.generate_named(&name, false)?;
        let text = module_text(&generated.files, module)?;
        let manifest = generated.files.get("Cargo.toml").cloned().unwrap_or_default();
        let mut written = Vec::new();
        for (path, text) in [(file.to_path_buf(), text), (PathBuf::from(format!("{}.Cargo.toml", file.display())), manifest)] {
            if std::fs::read(&path).is_ok_and(|bytes| bytes == text.as_bytes()) {
                continue;
            }
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| Error::new(format!("{}: {e}", parent.display())))?;
            }
            std::fs::write(&path, text).map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
            written.push(path.display().to_string());
        }
        Ok(Written { written, removed: Vec::new(), warnings: warnings(&generated) })
    }
}

fn warnings(generated: &crate::Generated) -> Vec<String> {
    generated.warnings.iter().map(ToString::to_string).collect()
}

/// A crate name from the output folder's name (`out/my_svc` -> `my-svc`).
pub(crate) fn crate_name_from_dir(out: &Path) -> Result<String> {
    let base = out
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::new(format!("{}: cannot name a crate after this path; give it a crate name", out.display())))?;
    Ok(base.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect())
}

/// The crate's `src/lib.rs` with each `mod name;` replaced by the module's file inline, and
/// `crate::` rooted at `module`.
fn module_text(files: &BTreeMap<String, String>, module: &str) -> Result<String> {
    let lib = files.get("src/lib.rs").ok_or_else(|| Error::new("the generated crate has no src/lib.rs"))?;
    let mut out = format!("{}\n", crate::render::HEADER);
    out.reserve(files.values().map(String::len).sum());
    // The crate root's inner attributes and docs cannot be in an included file.
    let body = lib.lines().filter(|line| !line.starts_with("//!") && !line.starts_with("#![")).collect::<Vec<_>>().join("\n");
    inline(files, "src", &body, &mut out)?;
    if module != "crate" {
        out = out.replace("crate::", &format!("{module}::"));
    }
    Ok(untested_examples(&out))
}

/// The text with every doc example marked `ignore`: the examples name the generated crate by its
/// crate name, which an included module does not have, so they would fail as doctests of the
/// including crate. They stay in the docs, to read.
fn untested_examples(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1024);
    let mut in_example = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let doc = trimmed.strip_prefix("///").or_else(|| trimmed.strip_prefix("//!"));
        match doc.map(str::trim_start).and_then(|d| d.strip_prefix("```")) {
            Some(info) if !in_example => {
                in_example = true;
                let runs = info.is_empty() || info.split(',').any(|word| matches!(word.trim(), "rust" | "no_run" | "should_panic" | "compile_fail"));
                if runs && !info.contains("ignore") {
                    let indent = &line[..line.len() - trimmed.len()];
                    out.push_str(&format!("{indent}{} ```ignore\n", &trimmed[..3]));
                    continue;
                }
            }
            Some(_) => in_example = false,
            None => {}
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Appends `text` (a file of the folder `dir`) to `out` with its `mod name;` items inlined.
fn inline(files: &BTreeMap<String, String>, dir: &str, text: &str, out: &mut String) -> Result<()> {
    for line in text.lines().filter(|line| *line != crate::render::HEADER) {
        let declared = line.trim_start().strip_prefix("pub ").unwrap_or(line.trim_start()).strip_prefix("mod ").and_then(|rest| rest.strip_suffix(';'));
        let Some(name) = declared else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        // `mod name;` in `dir/` is `dir/name.rs` or `dir/name/mod.rs`; its own modules are in `dir/name/`.
        let inner_dir = format!("{dir}/{name}");
        let file = [format!("{inner_dir}.rs"), format!("{inner_dir}/mod.rs")]
            .into_iter()
            .find(|file| files.contains_key(file))
            .ok_or_else(|| Error::new(format!("the generated crate declares `mod {name}` in {dir}/ but has no file for it")))?;
        // The file's own docs (`//!`) become outer docs of the inline module, after those of the
        // declaration: an item may not have both kinds.
        let text = &files[&file];
        let mut lines = text.lines().filter(|line| *line != crate::render::HEADER).peekable();
        while let Some(doc) = lines.next_if(|line| line.starts_with("//!")) {
            out.push_str(&format!("///{}\n", &doc[3..]));
        }
        out.push_str(line.strip_suffix(';').unwrap_or(line));
        out.push_str(" {\n");
        inline(files, &inner_dir, &lines.collect::<Vec<_>>().join("\n"), out)?;
        out.push_str("}\n");
    }
    Ok(())
}
