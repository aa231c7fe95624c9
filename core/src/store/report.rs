//! What opening a store found wrong and mended: [`OpenReport`].

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What opening a store found and mended, for the host to log or show (the `vastuu` command
/// prints it). Empty when the store was opened as it was left.
///
/// Nothing is mended silently: every byte the file store cuts off or sets aside is first copied
/// to a file beside the store (fsynced), named in [`Repair::saved_to`].
///
/// # Examples
/// ```
/// use vastuu::{Directory, FileStore, RepairKind, Store};
/// # let path = std::env::temp_dir().join(format!("vastuu-doc-report-{}", std::process::id()));
/// # let _ = std::fs::remove_dir_all(&path);
/// let mut dir = Directory::open(&path)?;
/// dir.create_team("Huolto")?;
/// drop(dir);
/// // A crash in the middle of appending a change set leaves part of a record behind.
/// let journal = path.join("vastuu.journal");
/// let mut bytes = std::fs::read(&journal)?;
/// bytes.extend_from_slice(&[7, 0, 0, 0, 1, 2]);
/// std::fs::write(&journal, &bytes)?;
///
/// let dir = Directory::open(&path)?;
/// let report = dir.open_report();
/// assert_eq!(report.repairs.len(), 1);
/// let repair = &report.repairs[0];
/// assert_eq!(repair.kind, RepairKind::TornRecord);
/// assert_eq!(repair.bytes, 6);
/// assert_eq!(std::fs::read(repair.saved_to.as_ref().unwrap())?, [7, 0, 0, 0, 1, 2]);
/// assert_eq!(dir.teams().count(), 1);
/// # drop(dir); std::fs::remove_dir_all(&path).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OpenReport {
    /// What was mended, in the order it was done.
    pub repairs: Vec<Repair>,
}

impl OpenReport {
    /// Whether the store was opened exactly as it was left.
    pub fn is_clean(&self) -> bool {
        self.repairs.is_empty()
    }
}

/// One thing opening a store mended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Repair {
    /// What was found.
    pub kind: RepairKind,
    /// The file mended.
    pub path: PathBuf,
    /// Where in `path` the bytes cut off began (0 for a file set aside whole).
    pub offset: u64,
    /// How many bytes were cut off or set aside.
    pub bytes: u64,
    /// The file the bytes were copied to, beside the store, before anything was cut.
    pub saved_to: Option<PathBuf>,
    /// What was found and done, in English.
    pub detail: String,
}

/// The kind of a [`Repair`].
///
/// Exhaustive on purpose, as [`ErrorKind`](crate::ErrorKind) is: a binding that maps it
/// without a wildcard fails to compile until it maps a new kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RepairKind {
    /// The journal's last record was cut short: a write a crash interrupted, never acknowledged
    /// (a change set is acknowledged only after its whole record is written and fsynced). It
    /// was cut off.
    TornRecord,
    /// The journal's last record is whole but fails its checksum. It may have been acknowledged
    /// and damaged since (or a crash left garbage of the right length); it cannot be read, so
    /// it was cut off, and its bytes kept for a person to look at.
    DamagedLastRecord,
    /// The newest snapshot is damaged; the previous snapshot and the journal after it were
    /// loaded instead (nothing is lost: the journal holds every change set since then). The
    /// damaged snapshot was set aside.
    SnapshotFallback,
}
