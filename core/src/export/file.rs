//! Writing an export's file safely: into a temporary file beside the target (same directory, so
//! same file system), flushed to disk, then renamed over the target, and the directory flushed.
//! An existing file is replaced only when the new one is complete; on any failure the
//! temporary file is removed and the old file is left as it was. A target that is a symbolic
//! link is refused unless the caller asks to write through it.

use crate::error::{Error, Result};
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Links followed at most when resolving a symbolic link (as Linux's `ELOOP` limit).
const MAX_LINKS: usize = 40;

fn io_error(what: &str, path: &Path, e: &io::Error) -> Error {
    Error::Export { message: format!("{what} {}: {e}", path.display()) }
}

/// The file an export to `path` writes: `path` itself, or, when it is a symbolic link and
/// `follow_symlinks` is set, the file the link (chain) points to.
///
/// # Errors
/// [`Error::ExportSymlink`] for a link when `follow_symlinks` is not set; [`Error::Export`]
/// for a link that cannot be read or a chain of more than 40 links.
pub(crate) fn target(path: &Path, follow_symlinks: bool) -> Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        let is_link = fs::symlink_metadata(&current).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(current);
        }
        if !follow_symlinks {
            return Err(Error::ExportSymlink { path: path.to_owned() });
        }
        let link = fs::read_link(&current).map_err(|e| io_error("cannot read the link", &current, &e))?;
        current = match current.parent() {
            Some(dir) if link.is_relative() => dir.join(link),
            _ => link,
        };
    }
    Err(Error::Export { message: format!("{}: too many levels of symbolic links", path.display()) })
}

/// A temporary file that is removed when dropped, unless it was renamed into place.
struct TempFile {
    path: Option<PathBuf>,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            // Best effort: the export fails anyway, with the error that made it stop.
            let _ = fs::remove_file(path);
        }
    }
}

/// Creates a new, hidden temporary file in `dir` named after `name`.
fn create_temp(dir: &Path, name: &str) -> Result<(File, TempFile)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut last = None;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((file, TempFile { path: Some(path) })),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(io_error("cannot create a temporary file in", dir, &e)),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists));
    Err(io_error("cannot create a temporary file in", dir, &e))
}

/// Writes the file at `target` through `write`, replacing an existing file only once the new
/// one is complete and on disk.
pub(crate) fn write_replacing(target: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Export { message: format!("{} names no file", target.display()) })?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let (mut file, mut temp) = create_temp(dir, &name)?;
    let temp_path = temp.path.clone().unwrap_or_default();
    if let Ok(old) = fs::metadata(target) {
        // The new file gets the old one's permissions (best effort: the owner may differ).
        let _ = file.set_permissions(old.permissions());
    }
    write(&mut file)?;
    file.sync_all().map_err(|e| io_error("cannot flush", &temp_path, &e))?;
    drop(file);
    fs::rename(&temp_path, target).map_err(|e| io_error("cannot replace", target, &e))?;
    temp.path = None;
    sync_dir(dir)
}

/// Flushes a directory, so a rename in it survives a crash.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| io_error("cannot flush the directory", dir, &e))
}

/// Directories cannot be opened as files here; the rename is as durable as the system makes it.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<()> {
    Ok(())
}
