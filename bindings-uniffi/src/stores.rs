//! Persistent stores: the embedded file store (a folder) and the SQLite store (one database
//! file), compaction, and closing.
//!
//! A store stays locked while its directory is open: a second `open` of the same path, in this
//! or another process, fails with `StoreLocked`. `closeStore()` releases the store and its lock
//! at once; afterwards every call on the directory throws `DirectoryClosed`. In Kotlin,
//! `close()` (or `use {}`) frees the whole object, which closes the store too.

use crate::directory::Directory;
use crate::error::Result;
use std::sync::Arc;

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

    /// Writes a snapshot of the current state to the store, so that opening it next time loads
    /// the snapshot instead of replaying every change set. The history is kept.
    ///
    /// # Errors
    /// `Store` when the store fails (nothing changed then); `DirectoryClosed`.
    pub fn compact(&self) -> Result<()> {
        self.write(vastuu::Directory::compact)
    }

    /// Closes the directory: releases its store and the store's lock at once (a call running on
    /// another thread finishes first). Every later call throws `DirectoryClosed`; closing again
    /// does nothing.
    ///
    /// # Errors
    /// `CalledFromCallback` when called from an export's progress callback.
    pub fn close_store(&self) -> Result<()> {
        self.close()
    }

    /// Whether the directory has been closed.
    ///
    /// # Errors
    /// `CalledFromCallback` when called from an export's progress callback.
    pub fn is_closed(&self) -> Result<bool> {
        self.closed()
    }
}
