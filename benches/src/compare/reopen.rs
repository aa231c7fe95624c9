//! Reopening the file store against decoding the same bytes with serde/postcard into plain
//! structs (no indexes, no rule checks).

use super::HarnessError;
use std::path::{Path, PathBuf};
use vastuu::{Data, Directory, FileStore, Snapshot};

/// Bytes before the snapshot's payload: the file header (20) and the record header (12); see
/// the file format in ARCHITECTURE.md.
const PAYLOAD_AT: usize = 20 + 12;

/// A file store folder holding a directory, removed when dropped.
#[derive(Debug)]
pub struct StoreFolder {
    path: PathBuf,
}

impl StoreFolder {
    /// Writes `data` into a new file store under the system's temporary folder.
    ///
    /// # Errors
    /// Store errors.
    pub fn create(data: Data, tag: &str) -> Result<StoreFolder, HarnessError> {
        let path = std::env::temp_dir().join(format!("vastuu-compare-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        let folder = StoreFolder { path };
        drop(Directory::from_data_in(data, FileStore::open(&folder.path)?)?);
        Ok(folder)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Ours: opens the directory (reads and checks the files, decodes, builds every index,
    /// checks every rule).
    ///
    /// # Errors
    /// Store errors.
    pub fn open(&self) -> Result<Directory, HarnessError> {
        Ok(Directory::open(&self.path)?)
    }

    /// The peer: reads the snapshot file and decodes its payload with postcard into the plain
    /// structs.
    ///
    /// # Errors
    /// Read or decode errors.
    pub fn decode(&self) -> Result<Snapshot, HarnessError> {
        let bytes = std::fs::read(self.path.join("vastuu.snapshot"))?;
        let payload = bytes.get(PAYLOAD_AT..).ok_or_else(|| HarnessError::Failed("snapshot file too short".into()))?;
        postcard::from_bytes(payload).map_err(|e| HarnessError::Failed(format!("postcard: {e}")))
    }

    /// Checks that both give the same data.
    ///
    /// # Errors
    /// [`HarnessError::Disagree`] when they differ.
    pub fn check(&self) -> Result<(), HarnessError> {
        let ours = self.open()?.data();
        let theirs = self.decode()?.data;
        if ours != theirs {
            return Err(HarnessError::Disagree(format!(
                "reopened store: ours {} customers / {} responsibilities, postcard {} / {}",
                ours.customers.len(),
                ours.responsibilities.len(),
                theirs.customers.len(),
                theirs.responsibilities.len()
            )));
        }
        Ok(())
    }
}

impl Drop for StoreFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
