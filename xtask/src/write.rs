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
