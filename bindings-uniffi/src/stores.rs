//! Persistent stores: the embedded file store (a folder), the SQLite store (one database file),
//! the PostgreSQL store (a schema), catching up with other writers, compaction, and closing.
//!
//! The file store and a SQLite store opened with `openSqlite` stay locked while their directory
//! is open: a second open of the same path, in this or another process, fails with
//! `StoreLocked`. A SQLite store opened with `openSqliteShared` (processes on one host) and a
//! PostgreSQL store (processes on any hosts) take any number of directories, which all write.
//! `closeStore()` releases the store and its lock at once; afterwards every call on the directory
//! throws `DirectoryClosed`. In Kotlin, `close()` (or `use {}`) frees the whole object, which
//! closes the store too.

use crate::convert::{mirror, Convert};
use crate::directory::{calls, Directory};
use crate::error::Result;
use crate::numbers::{Count, Seq};
use std::sync::Arc;
use vastuu_host::SharedDirectory;

#[uniffi::export]
impl Directory {
    /// Opens (or creates) the directory stored in the folder `path` with the embedded file
    /// store. A new store is created when `path` does not exist (its parent must) or is an empty
    /// folder. Every change is in the store when its call returns.
    ///
    /// # Errors
    /// `NotAStore` (a file, or a folder of other files); `StoreLocked`;
    /// `UnsupportedStoreVersion`; `CorruptStoreFile`; `Store`.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>> {
        Directory::persistent(|| vastuu::Directory::open(path))
    }

    /// Opens (or creates) the directory stored in the SQLite database file `path`. A new store
    /// is created when the file does not exist or is empty.
    ///
    /// # Errors
    /// `NotAStore` (not a SQLite database, or another program's database); `StoreLocked`;
    /// `UnsupportedStoreVersion`; `Store`.
    #[uniffi::constructor]
    pub fn open_sqlite(path: String) -> Result<Arc<Self>> {
        Directory::persistent(|| vastuu::Directory::with_store(vastuu::SqliteStore::open(path)?))
    }

    /// Opens (or creates) the SQLite database file `path` shared: any number of directories, in
    /// this process or others on the host, may open it shared and all write to it. A change is
    /// stored only on top of the latest one (otherwise the directory catches up and plans again).
    ///
    /// # Errors
    /// As [`Directory::open_sqlite`]; `StoreLocked` while a directory holds it unshared.
    #[uniffi::constructor]
    pub fn open_sqlite_shared(path: String) -> Result<Arc<Self>> {
        Directory::persistent(|| vastuu::Directory::with_store(vastuu::SqliteStore::open_shared(path)?))
    }

    /// Opens the directory kept in the PostgreSQL database `dsn` (a libpq connection string or
    /// URL), in `schema` (`vastuu` when none; created when missing). Any number of directories,
    /// in any processes on any hosts, may open the same store and all write to it.
    ///
    /// # Errors
    /// `Store` when the server cannot be reached or refuses; `NotAStore` (a schema of other
    /// tables); `UnsupportedStoreVersion`.
    #[uniffi::constructor(default(schema = None))]
    pub fn open_postgres(dsn: String, schema: Option<String>) -> Result<Arc<Self>> {
        let options = schema.into_iter().fold(vastuu::PostgresOptions::new(), vastuu::PostgresOptions::schema);
        Directory::persistent(|| vastuu::Directory::with_store(vastuu::PostgresStore::connect_with(&dsn, options)?))
    }

    /// Closes the directory: releases its store and the store's lock at once (a call running on
    /// another thread finishes first). Every later call throws `DirectoryClosed`; closing again
    /// does nothing.
    ///
    /// # Errors
    /// `CalledFromCallback` when called from an export's progress callback.
    pub fn close_store(&self) -> Result<()> {
        Ok(self.host().close(self.caller())?)
    }

    /// What opening the store found and mended: a torn or damaged last journal record cut off,
    /// a damaged snapshot set aside, each first copied beside the store (`savedTo`). Empty when
    /// the store was opened as it was left.
    ///
    /// # Errors
    /// `DirectoryClosed`.
    pub fn open_report(&self) -> Result<Vec<Repair>> {
        self.read(|d| d.open_report().repairs.into_iter().map(Convert::convert).collect())
    }

    /// Whether the directory has been closed.
    ///
    /// # Errors
    /// `CalledFromCallback` when called from an export's progress callback.
    pub fn is_closed(&self) -> Result<bool> {
        SharedDirectory::refuse_reentry()?;
        Ok(self.host().is_closed())
    }
}

calls! {
    /// Catches up with the change sets other directories stored in the same store (other
    /// processes, or other handles of a shared store) and returns how many there were. Calls do
    /// this themselves when the store says it moved; `sync` does it now. Inside a transaction it
    /// does nothing.
    write sync() -> Count, throws "`Store` when the store cannot be read; `DirectoryClosed`.";
    /// Writes a snapshot of the current state to the store, so that opening it next time loads
    /// the snapshot instead of replaying every change set. The history is kept.
    write compact(), throws "`Store` when the store fails (nothing changed then); `DirectoryClosed`.";
}

/// What kind of thing opening a store mended.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RepairKind {
    /// The journal's last record was cut short by a crash while it was written (never
    /// acknowledged); it was cut off.
    TornRecord,
    /// The journal's last record is whole but fails its checksum (it may have been acknowledged
    /// and damaged since); it was cut off.
    DamagedLastRecord,
    /// The newest snapshot is damaged; the previous one and the journal after it were loaded.
    SnapshotFallback,
}

mirror!(from_core vastuu::RepairKind => RepairKind { TornRecord, DamagedLastRecord, SnapshotFallback });

/// One thing opening a store mended.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Repair {
    /// What was found.
    pub kind: RepairKind,
    /// The file mended.
    pub path: String,
    /// Where in `path` the bytes cut off began (0 for a file set aside whole).
    pub offset: Count,
    /// How many bytes were cut off or set aside.
    pub bytes: Count,
    /// The file the bytes were copied to before anything was cut.
    pub saved_to: Option<String>,
    /// What was found and done, in English.
    pub detail: String,
}

impl Convert<Repair> for vastuu::Repair {
    fn convert(self) -> Repair {
        let path = |p: std::path::PathBuf| p.display().to_string();
        Repair {
            kind: self.kind.into(),
            path: path(self.path),
            offset: Count(self.offset),
            bytes: Count(self.bytes),
            saved_to: self.saved_to.map(path),
            detail: self.detail,
        }
    }
}

/// Recovers what is readable of a file store that will not open (a record damaged in the middle
/// of its journal, a snapshot newer than the journal) into a new store in the folder `to` (which
/// must not exist yet, or be empty), leaving the old one as it was.
///
/// # Errors
/// `StoreLocked` (the store is open); `NotAStore` (`from` is no file store, or `to` holds a
/// store); `UnsupportedStoreVersion`; `Store`.
#[uniffi::export]
pub fn salvage(from: String, to: String) -> Result<SalvageReport> {
    let report = vastuu_host::guarded(|| vastuu::salvage(&from, &to))?;
    let path = |p: &std::path::Path| p.display().to_string();
    Ok(SalvageReport {
        change_sets_kept: Count(report.change_sets_kept),
        snapshot_used: report.snapshot_used.as_ref().map(|(p, _)| path(p)),
        snapshot_seq: report.snapshot_used.as_ref().map(|(_, seq)| Seq(*seq)),
        bridge_seq: report.bridge_seq.map(Seq),
        change_sets_after_snapshot: Count(report.change_sets_after_snapshot),
        last_seq: Seq(report.last_seq),
        problems: report.problems,
    })
}

/// What `salvage` recovered, and what it could not.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct SalvageReport {
    /// Change sets copied from the old journal with their history (1 up to this number).
    pub change_sets_kept: Count,
    /// The snapshot whose (newer) state the new store holds, if one was used.
    pub snapshot_used: Option<String>,
    /// The change set that snapshot was of.
    pub snapshot_seq: Option<Seq>,
    /// The change set added to bring the kept change sets' state to the snapshot's, if any.
    pub bridge_seq: Option<Seq>,
    /// Change sets after the snapshot, replayed on it and copied (renumbered).
    pub change_sets_after_snapshot: Count,
    /// The last change set of the new store.
    pub last_seq: Seq,
    /// What could not be read or used, one line each.
    pub problems: Vec<String>,
}
