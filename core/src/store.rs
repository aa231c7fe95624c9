//! The storage trait and its backends: in memory ([`MemoryStore`]), the embedded file store
//! ([`FileStore`]) and SQLite (`SqliteStore`, with the `sqlite` feature).
//!
//! The core hands every mutation to the store as one [`ChangeSet`]; the in-memory state changes
//! only after the store accepted it. A backend persists change sets in order and, optionally,
//! snapshots of the whole state; [`Store::load`] gives both back when a directory is opened.
//! Change sets are kept after a snapshot: they are the history.

#[cfg(feature = "fault-injection")]
mod fault;
mod file;
pub(crate) mod format;
mod io;
mod record;
#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "fault-injection")]
pub use fault::FaultPlan;
pub use file::FileStore;
pub use record::FORMAT_VERSION;
#[cfg(feature = "sqlite")]
pub use sqlite::{SqliteStore, SQLITE_SCHEMA_VERSION};

use crate::error::StoreError;
use crate::model::ChangeSet;
use crate::model::Data;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex, MutexGuard};

/// The whole state after the change set with sequence number `seq` (0: before any).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Sequence number of the last change set included.
    pub seq: u64,
    /// The state.
    pub data: Data,
}

/// What a store holds, as returned by [`Store::load`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stored {
    /// The latest snapshot, if any.
    pub snapshot: Option<Snapshot>,
    /// Every change set the store keeps, in sequence order. Those after the snapshot are replayed
    /// onto it; all of them form the history.
    pub change_sets: Vec<ChangeSet>,
}

/// A storage backend.
///
/// Contract: `commit` either persists the change set durably and returns `Ok`, or returns an
/// error and leaves the store as it was (a later `load` must not return the change set).
/// `load` returns every change set ever committed, numbered 1, 2, 3, … (they are the history),
/// and the latest snapshot, whose `seq` is at most the last change set's.
///
/// The same behaviour is tested for every backend by one conformance suite (the `vastuu-tests`
/// crate).
pub trait Store: Send {
    /// Reads everything back.
    ///
    /// # Errors
    /// A [`StoreError`] when the stored data cannot be read.
    fn load(&mut self) -> Result<Stored, StoreError>;

    /// Persists one change set; its `seq` is one more than the previous one's.
    ///
    /// # Errors
    /// A [`StoreError`]; the store is then unchanged.
    fn commit(&mut self, change_set: &ChangeSet) -> Result<(), StoreError>;

    /// Persists a snapshot of the whole state after change set `snapshot.seq`, replacing the
    /// previous one; the change sets stay. Written when a directory is created from data and
    /// by [`Directory::compact`](crate::Directory::compact).
    ///
    /// # Errors
    /// A [`StoreError`]; the store is then unchanged.
    fn write_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), StoreError>;
}

/// A boxed store is a store, so a backend can be chosen at run time
/// (`Box<dyn Store>` into [`Directory::with_store`](crate::Directory::with_store)).
impl<S: Store + ?Sized> Store for Box<S> {
    fn load(&mut self) -> Result<Stored, StoreError> {
        (**self).load()
    }

    fn commit(&mut self, change_set: &ChangeSet) -> Result<(), StoreError> {
        (**self).commit(change_set)
    }

    fn write_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), StoreError> {
        (**self).write_snapshot(snapshot)
    }
}

#[derive(Debug, Default)]
struct MemoryInner {
    snapshot: Option<Snapshot>,
    change_sets: Vec<ChangeSet>,
    fail_commits: u64,
}

/// The in-memory store, the default backend. Cloning it gives another handle to the same
/// contents, so a caller can keep one to look into (or to reopen a directory from) while a
/// [`Directory`](crate::Directory) owns the other.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    inner: Arc<Mutex<MemoryInner>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, MemoryInner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The change sets committed so far.
    pub fn change_sets(&self) -> Vec<ChangeSet> {
        self.lock().change_sets.clone()
    }

    /// The latest snapshot, if any.
    pub fn snapshot(&self) -> Option<Snapshot> {
        self.lock().snapshot.clone()
    }

    /// Makes the next `n` commits fail, to test that a failed commit changes nothing.
    pub fn fail_next_commits(&self, n: u64) {
        self.lock().fail_commits = n;
    }
}

impl Store for MemoryStore {
    fn load(&mut self) -> Result<Stored, StoreError> {
        let inner = self.lock();
        Ok(Stored { snapshot: inner.snapshot.clone(), change_sets: inner.change_sets.clone() })
    }

    fn commit(&mut self, change_set: &ChangeSet) -> Result<(), StoreError> {
        let mut inner = self.lock();
        if inner.fail_commits > 0 {
            inner.fail_commits -= 1;
            return Err(StoreError::Failed(format!("injected failure committing change set {}", change_set.seq)));
        }
        inner.change_sets.push(change_set.clone());
        Ok(())
    }

    fn write_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), StoreError> {
        self.lock().snapshot = Some(snapshot.clone());
        Ok(())
    }
}
