//! Writing a generated crate into a folder the user may share with files of their own (`.git`,
//! `README.md`, tests): the generator owns exactly the files listed in the folder's manifest
//! (`.codegen-manifest`) and never touches anything else.
//!
//! A run is a small transaction. The files that change are first written into a staging folder
//! beside the output, then a journal listing every file to move in and every file to delete is
//! written there, and only then are the moves and deletions done. A run killed before the
//! journal exists left the output as it was (the next run drops the staging folder); one killed
//! after is finished by the next run before it does anything else (or by `--check`'s hint), so the
//! output is never left half old and half new.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file that lists what the generator wrote, relative to the output folder.
pub const MANIFEST: &str = ".codegen-manifest";

const MANIFEST_HEADER: &str = "# The files the generator wrote here, and owns: it replaces and removes these, and nothing else.";

/// The journal's name inside the staging folder: its presence means the staged files are
/// complete and the moves may be done.
const JOURNAL: &str = ".journal";

/// How many files are written (and synced) at once.
const WRITERS: usize = 8;

/// What a run changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub written: Vec<String>,
    pub removed: Vec<String>,
}

fn staging_dir(out: &Path) -> io::Result<PathBuf> {
    let name = out.file_name().and_then(|n| n.to_str()).ok_or_else(|| io::Error::other("output path has no folder name"))?;
    Ok(out.with_file_name(format!(".{name}.codegen-new")))
}

/// The files with the manifest added.
fn with_manifest(files: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut all = files.clone();
    let mut text = format!("{MANIFEST_HEADER}\n");
    for path in files.keys().chain(std::iter::once(&MANIFEST.to_owned())).collect::<BTreeSet<_>>() {
        text.push_str(path);
        text.push('\n');
    }
    all.insert(MANIFEST.to_owned(), text);
    all
}

/// The files the generator owns in `out`: the manifest's list, or for a folder written by a
/// generator that kept no manifest, the files whose first line is the `@generated` header.
fn owned(out: &Path) -> io::Result<BTreeSet<String>> {
    match fs::read_to_string(out.join(MANIFEST)) {
        Ok(text) => return Ok(text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut found = BTreeSet::new();
    list_files(out, out, &mut found)?;
    found.retain(|path| {
        let first = fs::read_to_string(out.join(path)).ok().and_then(|t| t.lines().next().map(str::to_owned)).unwrap_or_default();
        first.starts_with("// @generated") || first.starts_with("# @generated")
    });
    Ok(found)
}

/// Writes `files` into `out`, removes the files an earlier run wrote that are no longer
/// generated, and leaves everything else in `out` alone. Refuses to overwrite a file the
/// generator did not write.
pub fn write_crate(out: &Path, files: &BTreeMap<String, String>) -> io::Result<Changes> {
    finish_interrupted(out)?;
    let files = with_manifest(files);
    let owned = owned(out)?;
    let mut changes = Changes::default();
    for (path, text) in &files {
        match fs::read(out.join(path)) {
            Ok(bytes) if bytes == text.as_bytes() => continue,
            Ok(_) if !owned.contains(path) && path != MANIFEST => {
                return Err(io::Error::other(format!("{path} exists and was not written by the generator; refusing to overwrite it")));
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        changes.written.push(path.clone());
    }
    changes.removed = owned.iter().filter(|path| !files.contains_key(*path) && out.join(path).is_file()).cloned().collect();
    if changes.written.is_empty() && changes.removed.is_empty() {
        return Ok(changes);
    }

    let staging = staging_dir(out)?;
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    // Written and synced on several threads: most of the time is spent waiting for the disk.
    crate::parallel::map_on(WRITERS, &changes.written, |path| write_file(&staging.join(path), files[path].as_bytes())).into_iter().collect::<io::Result<()>>()?;
    let mut journal = String::new();
    for path in &changes.written {
        journal.push_str(&format!("write {path}\n"));
    }
    for path in &changes.removed {
        journal.push_str(&format!("remove {path}\n"));
    }
    write_file(&staging.join(JOURNAL), journal.as_bytes())?;
    apply(out, &staging)?;
    Ok(changes)
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Finishes a run that was killed after its journal was written, and drops the staging folder
/// of one killed before.
fn finish_interrupted(out: &Path) -> io::Result<()> {
    let staging = staging_dir(out)?;
    if !staging.exists() {
        return Ok(());
    }
    if staging.join(JOURNAL).is_file() {
        return apply(out, &staging);
    }
    fs::remove_dir_all(&staging)
}

/// Does what the journal in `staging` says; doing it again after a kill is harmless.
fn apply(out: &Path, staging: &Path) -> io::Result<()> {
    let journal = fs::read_to_string(staging.join(JOURNAL))?;
    for line in journal.lines() {
        let (action, path) = line.split_once(' ').ok_or_else(|| io::Error::other(format!("bad journal line `{line}`")))?;
        if path.split('/').any(|part| part == ".." || part.is_empty()) {
            return Err(io::Error::other(format!("bad journal path `{path}`")));
        }
        let target = out.join(path);
        match action {
            "write" => {
                let staged = staging.join(path);
                if staged.exists() {
                    if let Some(parent) = target.parent() {
                        fs::create_dir_all(parent)?;
                    }
                    fs::rename(&staged, &target)?;
                }
            }
            "remove" => {
                match fs::remove_file(&target) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
                remove_empty_parents(out, &target);
            }
            _ => return Err(io::Error::other(format!("bad journal line `{line}`"))),
        }
    }
    fs::remove_dir_all(staging)
}

/// Removes the folders a removal left empty, up to (not including) `out`.
fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir.filter(|d| *d != out && d.starts_with(out)) {
        if fs::remove_dir(current).is_err() {
            break; // not empty, or not ours to judge
        }
        dir = current.parent();
    }
}

/// The generated files that differ from what would be written, with the reason; empty when up
/// to date. Only the generator's own files are looked at.
pub fn stale_files(out: &Path, files: &BTreeMap<String, String>) -> io::Result<Vec<(String, &'static str)>> {
    let files = with_manifest(files);
    let mut stale = Vec::new();
    if staging_dir(out)?.join(JOURNAL).is_file() {
        stale.push((staging_dir(out)?.display().to_string(), "an interrupted run; the next run finishes it"));
    }
    for (path, text) in &files {
        match fs::read(out.join(path)) {
            Ok(bytes) if bytes == text.as_bytes() => {}
            Ok(_) => stale.push((path.clone(), "differs")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => stale.push((path.clone(), "missing")),
            Err(e) => return Err(e),
        }
    }
    for path in owned(out)? {
        if !files.contains_key(&path) && out.join(&path).is_file() {
            stale.push((path, "no longer generated"));
        }
    }
    Ok(stale)
}

fn list_files(root: &Path, dir: &Path, found: &mut BTreeSet<String>) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let relative = path.strip_prefix(root).map_err(io::Error::other)?.to_string_lossy().replace('\\', "/");
        // Build output and version control are never a generator's.
        if relative == "target" || relative.starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            list_files(root, &path, found)?;
        } else {
            found.insert(relative);
        }
    }
    Ok(())
}

/// The `Cargo.toml` of the workspace a folder would be in: the nearest one above it that
/// declares `[workspace]`.
pub fn enclosing_workspace(dir: &Path) -> Option<PathBuf> {
    let absolute = if dir.is_absolute() { dir.to_path_buf() } else { std::env::current_dir().ok()?.join(dir) };
    absolute.ancestors().skip(1).map(|d| d.join("Cargo.toml")).find(|manifest| {
        std::fs::read_to_string(manifest).is_ok_and(|text| text.lines().any(|line| line.trim() == "[workspace]"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-write-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn crate_files(lib: &str, extra: Option<&str>) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        files.insert("Cargo.toml".to_owned(), "# @generated test\n[package]\n".to_owned());
        files.insert("src/lib.rs".to_owned(), lib.to_owned());
        if let Some(extra) = extra {
            files.insert(format!("src/{extra}/mod.rs"), String::new());
        }
        files
    }

    #[test]
    fn keeps_every_file_it_did_not_write() {
        let out = scratch("keep").join("crate");
        write_crate(&out, &crate_files("old", Some("gone"))).unwrap();
        for (path, text) in [(".git/HEAD", "ref"), ("README.md", "mine"), ("tests/mine.rs", "#[test] fn t() {}"), ("src/notes.txt", "n"), ("Cargo.lock", "lock"), ("target/debug/x", "x")] {
            write_file(&out.join(path), text.as_bytes()).unwrap();
        }
        let changes = write_crate(&out, &crate_files("new", None)).unwrap();
        assert_eq!(changes.removed, ["src/gone/mod.rs"]);
        assert_eq!(fs::read_to_string(out.join("src/lib.rs")).unwrap(), "new");
        assert!(!out.join("src/gone").exists(), "the folder a removal emptied goes too");
        for path in [".git/HEAD", "README.md", "tests/mine.rs", "src/notes.txt", "Cargo.lock", "target/debug/x"] {
            assert!(out.join(path).exists(), "{path} was kept");
        }
        assert!(stale_files(&out, &crate_files("new", None)).unwrap().is_empty(), "user files are never stale");
        let leftovers: Vec<_> = fs::read_dir(out.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["crate"], "no staging folder is left behind");
    }

    #[test]
    fn nothing_changed_writes_nothing() {
        let out = scratch("same").join("crate");
        let first = write_crate(&out, &crate_files("x", None)).unwrap();
        assert_eq!(first.written, [MANIFEST, "Cargo.toml", "src/lib.rs"]);
        assert_eq!(write_crate(&out, &crate_files("x", None)).unwrap(), Changes::default());
        assert_eq!(write_crate(&out, &crate_files("y", None)).unwrap().written, ["src/lib.rs"]);
    }

    #[test]
    fn refuses_to_overwrite_a_file_it_did_not_write() {
        let dir = scratch("foreign");
        fs::write(dir.join("Cargo.toml"), "[package]\n").unwrap();
        let error = write_crate(&dir, &crate_files("x", None)).unwrap_err();
        assert!(error.to_string().contains("Cargo.toml exists and was not written by the generator"), "{error}");
        assert_eq!(fs::read_to_string(dir.join("Cargo.toml")).unwrap(), "[package]\n");
        assert!(!dir.join("src").exists(), "nothing was written");
    }

    #[test]
    fn a_run_killed_after_its_journal_is_finished_by_the_next() {
        let out = scratch("killed").join("crate");
        write_crate(&out, &crate_files("old", Some("gone"))).unwrap();
        // What a run killed right after writing its journal leaves: staged files, no moves done.
        let staging = staging_dir(&out).unwrap();
        let new = with_manifest(&crate_files("new", None));
        write_file(&staging.join("src/lib.rs"), b"new").unwrap();
        write_file(&staging.join(MANIFEST), new[MANIFEST].as_bytes()).unwrap();
        write_file(&staging.join(JOURNAL), format!("write src/lib.rs\nwrite {MANIFEST}\nremove src/gone/mod.rs\n").as_bytes()).unwrap();
        assert!(!stale_files(&out, &crate_files("new", None)).unwrap().is_empty());
        // The next run, even one that generates something else, first finishes that one.
        write_crate(&out, &crate_files("newer", None)).unwrap();
        assert_eq!(fs::read_to_string(out.join("src/lib.rs")).unwrap(), "newer");
        assert!(!out.join("src/gone").exists() && !staging.exists());

        // A run killed before its journal leaves the output alone; its staging folder is dropped.
        write_file(&staging.join("src/lib.rs"), b"half").unwrap();
        assert!(write_crate(&out, &crate_files("newer", None)).unwrap().written.is_empty());
        assert_eq!(fs::read_to_string(out.join("src/lib.rs")).unwrap(), "newer");
        assert!(!staging.exists());
    }

    #[test]
    fn a_crate_written_before_manifests_is_adopted() {
        let out = scratch("legacy").join("crate");
        write_file(&out.join("Cargo.toml"), b"# @generated old\n").unwrap();
        write_file(&out.join("src/old.rs"), b"// @generated old\n").unwrap();
        write_file(&out.join("src/mine.rs"), b"// mine\n").unwrap();
        let changes = write_crate(&out, &crate_files("x", None)).unwrap();
        assert_eq!(changes.removed, ["src/old.rs"]);
        assert!(out.join("src/mine.rs").exists());
    }
}
