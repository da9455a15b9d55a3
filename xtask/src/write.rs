//! Writing a generated crate so that an error or a kill at any moment leaves either the old
//! crate or the new one, never a mix: the new files are written into a sibling folder, which then
//! takes the old folder's place in one rename.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The first line the generator writes into every `Cargo.toml`; a folder whose `Cargo.toml`
/// lacks it was not written by us and is never replaced.
const MARKER: &str = "# @generated";

/// Entries of the output folder that are not generated but kept across regeneration (a
/// standalone crate's build output and lock file).
const KEPT: &[&str] = &["target", "Cargo.lock"];

fn sibling(out: &Path, suffix: &str) -> io::Result<PathBuf> {
    let name = out.file_name().and_then(|n| n.to_str()).ok_or_else(|| io::Error::other("output path has no folder name"))?;
    Ok(out.with_file_name(format!(".{name}.{suffix}")))
}

/// Replaces the folder `out` with exactly `files`.
pub fn replace_dir(out: &Path, files: &BTreeMap<String, String>) -> io::Result<()> {
    recover(out)?;
    check_ours(out)?;
    let staging = sibling(out, "codegen-new")?;
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    for (path, text) in files {
        let target = staging.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = fs::File::create(&target)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    if !out.exists() {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        return fs::rename(&staging, out);
    }
    swap(&staging, out)?;
    // `staging` now holds the previous crate: keep what is not ours, drop the rest.
    for kept in KEPT {
        let old = staging.join(kept);
        if old.exists() && !out.join(kept).exists() {
            fs::rename(&old, out.join(kept))?;
        }
    }
    fs::remove_dir_all(&staging)
}

/// Refuses to replace a folder that holds something other than a generated crate.
fn check_ours(out: &Path) -> io::Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
    let empty = fs::read_dir(out)?.next().is_none();
    if empty || manifest.starts_with(MARKER) {
        return Ok(());
    }
    Err(io::Error::other("exists and was not written by the generator (its Cargo.toml has no @generated line); refusing to replace it"))
}

/// Swaps two folders in one atomic step.
#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Where the platform has no atomic exchange: two renames, and `recover` puts the old folder back
/// if a run dies between them.
#[cfg(not(target_os = "linux"))]
fn swap(staging: &Path, out: &Path) -> io::Result<()> {
    let old = sibling(out, "codegen-old")?;
    fs::rename(out, &old)?;
    fs::rename(staging, out)?;
    fs::rename(&old, staging)
}

/// Restores the previous crate if an earlier run died between the two renames of `swap`.
fn recover(out: &Path) -> io::Result<()> {
    let old = sibling(out, "codegen-old")?;
    if old.exists() && !out.exists() {
        fs::rename(&old, out)?;
    }
    Ok(())
}

/// The files that differ from what would be written, with the reason; empty when up to date.
pub fn stale_files(out: &Path, files: &BTreeMap<String, String>) -> io::Result<Vec<(String, &'static str)>> {
    let mut stale = Vec::new();
    for (path, text) in files {
        match fs::read(out.join(path)) {
            Ok(bytes) if bytes == text.as_bytes() => {}
            Ok(_) => stale.push((path.clone(), "differs")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => stale.push((path.clone(), "missing")),
            Err(e) => return Err(e),
        }
    }
    let mut existing = BTreeSet::new();
    list_files(out, out, &mut existing)?;
    for path in existing {
        let kept = KEPT.iter().any(|k| path == *k || path.starts_with(&format!("{k}/")));
        if !kept && !files.contains_key(&path) {
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
        let path = entry?.path();
        let relative = path.strip_prefix(root).map_err(io::Error::other)?.to_string_lossy().replace('\\', "/");
        if KEPT.contains(&relative.as_str()) {
            continue;
        }
        if path.is_dir() {
            list_files(root, &path, found)?;
        } else {
            found.insert(relative);
        }
    }
    Ok(())
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
        files.insert("Cargo.toml".to_owned(), format!("{MARKER} test\n[package]\n"));
        files.insert("src/lib.rs".to_owned(), lib.to_owned());
        if let Some(extra) = extra {
            files.insert(format!("src/{extra}.rs"), String::new());
        }
        files
    }

    #[test]
    fn replaces_exactly_and_keeps_build_output() {
        let dir = scratch("replace");
        let out = dir.join("crate");
        replace_dir(&out, &crate_files("old", Some("gone"))).unwrap();
        fs::create_dir_all(out.join("target/debug")).unwrap();
        fs::write(out.join("target/debug/artifact"), "x").unwrap();
        replace_dir(&out, &crate_files("new", None)).unwrap();
        assert_eq!(fs::read_to_string(out.join("src/lib.rs")).unwrap(), "new");
        assert!(!out.join("src/gone.rs").exists(), "files no longer generated are removed");
        assert!(out.join("target/debug/artifact").exists(), "target/ is kept");
        assert!(stale_files(&out, &crate_files("new", None)).unwrap().is_empty());
        let leftovers: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["crate"], "no staging folder is left behind");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_crate() {
        let dir = scratch("failed");
        let out = dir.join("crate");
        replace_dir(&out, &crate_files("old", None)).unwrap();
        // A path that cannot be created (a file where a folder must go) fails the staging step.
        let mut broken = crate_files("new", None);
        broken.insert("src/lib.rs/impossible.rs".to_owned(), String::new());
        assert!(replace_dir(&out, &broken).is_err());
        assert_eq!(fs::read_to_string(out.join("src/lib.rs")).unwrap(), "old");
    }

    #[test]
    fn recovers_from_a_run_killed_between_renames() {
        let dir = scratch("recover");
        let out = dir.join("crate");
        replace_dir(&out, &crate_files("old", None)).unwrap();
        // What the two-rename fallback leaves if killed after its first rename.
        fs::rename(&out, sibling(&out, "codegen-old").unwrap()).unwrap();
        replace_dir(&out, &crate_files("new", None)).unwrap();
        assert_eq!(fs::read_to_string(out.join("src/lib.rs")).unwrap(), "new");
        assert!(!sibling(&out, "codegen-old").unwrap().exists());
    }

    #[test]
    fn refuses_foreign_folders_and_reports_stale_files() {
        let dir = scratch("foreign");
        fs::write(dir.join("Cargo.toml"), "[package]\n").unwrap();
        let error = replace_dir(&dir, &crate_files("x", None)).unwrap_err();
        assert!(error.to_string().contains("not written by the generator"), "{error}");
        assert_eq!(fs::read_to_string(dir.join("Cargo.toml")).unwrap(), "[package]\n");

        let out = scratch("stale").join("crate");
        replace_dir(&out, &crate_files("a", Some("extra"))).unwrap();
        let stale = stale_files(&out, &crate_files("b", Some("new"))).unwrap();
        assert_eq!(
            stale,
            [("src/lib.rs".to_owned(), "differs"), ("src/new.rs".to_owned(), "missing"), ("src/extra.rs".to_owned(), "no longer generated")]
        );
    }
}
