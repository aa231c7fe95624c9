//! The file operations the file store uses, behind a trait so tests can make any of them fail.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;

/// File-system operations on paths.
pub(crate) trait Io: Send {
    /// Reads a whole file.
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>>;
    /// Creates a folder (its parent must exist).
    fn create_dir(&mut self, path: &Path) -> io::Result<()>;
    /// Creates (or empties) a file for writing.
    fn create(&mut self, path: &Path) -> io::Result<Box<dyn IoFile>>;
    /// Opens an existing file for writing.
    fn open(&mut self, path: &Path) -> io::Result<Box<dyn IoFile>>;
    /// Renames a file, replacing the target atomically.
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    /// Removes a file.
    fn remove_file(&mut self, path: &Path) -> io::Result<()>;
    /// Makes a folder's entries (files created, renamed or removed in it) durable.
    fn sync_dir(&mut self, path: &Path) -> io::Result<()>;
}

/// An open file.
pub(crate) trait IoFile: Send {
    /// Writes all of `bytes` at `offset`.
    fn write_at(&mut self, offset: u64, bytes: &[u8]) -> io::Result<()>;
    /// Makes everything written so far durable.
    fn sync(&mut self) -> io::Result<()>;
    /// Cuts or extends the file to `len` bytes.
    fn set_len(&mut self, len: u64) -> io::Result<()>;
}

/// The operating system's files.
#[derive(Debug, Default)]
pub(crate) struct OsIo;

impl Io for OsIo {
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        fs::read(path)
    }

    fn create_dir(&mut self, path: &Path) -> io::Result<()> {
        fs::create_dir(path)
    }

    fn create(&mut self, path: &Path) -> io::Result<Box<dyn IoFile>> {
        let file = OpenOptions::new().write(true).create(true).truncate(true).open(path)?;
        Ok(Box::new(OsFile(file)))
    }

    fn open(&mut self, path: &Path) -> io::Result<Box<dyn IoFile>> {
        let file = OpenOptions::new().write(true).open(path)?;
        Ok(Box::new(OsFile(file)))
    }

    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn remove_file(&mut self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    fn sync_dir(&mut self, path: &Path) -> io::Result<()> {
        #[cfg(unix)]
        {
            File::open(path)?.sync_all()
        }
        #[cfg(not(unix))]
        {
            // Windows cannot open a folder as a file; its renames are durable once they return.
            let _ = path;
            Ok(())
        }
    }
}

struct OsFile(File);

impl IoFile for OsFile {
    fn write_at(&mut self, offset: u64, bytes: &[u8]) -> io::Result<()> {
        self.0.seek(SeekFrom::Start(offset))?;
        self.0.write_all(bytes)
    }

    fn sync(&mut self) -> io::Result<()> {
        // fdatasync: the data and what is needed to read it back (the length), not timestamps.
        self.0.sync_data()
    }

    fn set_len(&mut self, len: u64) -> io::Result<()> {
        self.0.set_len(len)
    }
}
