//! The storage trait and its backends: in memory ([`MemoryStore`]), the embedded file store
//! ([`FileStore`]), SQLite (`SqliteStore`, with the `sqlite` feature) and PostgreSQL
//! (`PostgresStore`, with the `postgres` feature).
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
#[cfg(feature = "postgres")]
mod postgres;
mod process;
mod record;
mod report;
mod salvage;
#[cfg(feature = "fault-injection")]
mod simulated;
#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "fault-injection")]
pub use fault::FaultPlan;
pub use file::FileStore;
#[cfg(feature = "postgres")]
pub use postgres::{PostgresOptions, PostgresStore, POSTGRES_SCHEMA_VERSION};
pub use record::FORMAT_VERSION;
pub use report::{OpenReport, Repair, RepairKind};
pub use salvage::{salvage, SalvageReport, SALVAGE_ACTOR};
#[cfg(feature = "fault-injection")]
pub use simulated::{Crash, CrashImage, CrashReplay, SimulatedDisk};
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

    /// The change sets stored after change set `seq`, in order: what other writers (other
    /// processes or handles on the same store) stored since this handle last caught up. A store
    /// only one handle can write to, such as the file store, has none to give.
    ///
    /// # Errors
    /// A [`StoreError`] when the change sets cannot be read.
    fn changes_since(&mut self, seq: u64) -> Result<Vec<ChangeSet>, StoreError> {
        let _ = seq;
        Ok(Vec::new())
    }

    /// Whether another writer may have stored something since this handle last caught up
    /// ([`Store::load`], [`Store::changes_since`]). Cheap, so a host can ask before every read;
    /// `false` for a store only one handle can write to.
    ///
    /// # Errors
    /// A [`StoreError`] when the store cannot be asked.
    fn has_moved(&mut self) -> Result<bool, StoreError> {
        Ok(false)
    }

    /// What opening the store found and mended (a torn journal tail cut off, a damaged
    /// snapshot set aside); empty for a store that had nothing to mend, and for backends that
    /// never mend anything on their own.
    fn open_report(&self) -> OpenReport {
        OpenReport::default()
    }
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

    fn changes_since(&mut self, seq: u64) -> Result<Vec<ChangeSet>, StoreError> {
        (**self).changes_since(seq)
    }

    fn open_report(&self) -> OpenReport {
        (**self).open_report()
    }

    fn has_moved(&mut self) -> Result<bool, StoreError> {
        (**self).has_moved()
    }
}

#[derive(Debug, Default)]
struct MemoryInner {
    snapshot: Option<Snapshot>,
    change_sets: Vec<ChangeSet>,
    fail_commits: u64,
}

impl MemoryInner {
    /// The last change set stored (0 before any).
    fn head(&self) -> u64 {
        self.change_sets.last().map_or_else(|| self.snapshot.as_ref().map_or(0, |s| s.seq), |cs| cs.seq)
    }
}

/// The in-memory store, the default backend. Cloning it gives another handle to the same
/// contents, so a caller can keep one to look into (or to reopen a directory from) while a
/// [`Directory`](crate::Directory) owns the other. Several directories may share one store
/// through clones, as processes share a database: each change set is stored only as the next one
/// after the last (otherwise [`StoreError::Conflict`]), and each handle catches up with what the
/// others stored ([`Store::changes_since`]).
///
/// # Examples
/// ```
/// use vastuu::{Directory, MemoryStore, NewCustomer};
/// let store = MemoryStore::new();
/// let mut a = Directory::with_store(store.clone())?;
/// let mut b = Directory::with_store(store.clone())?;
/// let x = a.create_customer(NewCustomer::new("Yksi"))?; // number 1
/// let y = b.create_customer(NewCustomer::new("Kaksi"))?; // b catches up first: number 2
/// assert_eq!(b.customer(y)?.number, Some(2));
/// a.sync()?;
/// assert_eq!(a.customer(y)?.name, "Kaksi");
/// # let _ = x;
/// # Ok::<(), vastuu::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    inner: Arc<Mutex<MemoryInner>>,
    /// How many change sets this handle has seen (for `has_moved`).
    seen: u64,
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
        let stored = Stored { snapshot: inner.snapshot.clone(), change_sets: inner.change_sets.clone() };
        let head = inner.head();
        drop(inner);
        self.seen = head;
        Ok(stored)
    }

    fn commit(&mut self, change_set: &ChangeSet) -> Result<(), StoreError> {
        let mut inner = self.lock();
        if inner.fail_commits > 0 {
            inner.fail_commits -= 1;
            return Err(StoreError::Failed(format!("injected failure committing change set {}", change_set.seq)));
        }
        let head = inner.head();
        if change_set.seq != head + 1 {
            return Err(StoreError::Conflict { seq: change_set.seq, head });
        }
        inner.change_sets.push(change_set.clone());
        drop(inner);
        self.seen = change_set.seq;
        Ok(())
    }

    fn write_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), StoreError> {
        let mut inner = self.lock();
        // Another handle may have written a newer one meanwhile: keep the newest.
        if inner.snapshot.as_ref().is_none_or(|s| s.seq <= snapshot.seq) {
            inner.snapshot = Some(snapshot.clone());
        }
        Ok(())
    }

    fn changes_since(&mut self, seq: u64) -> Result<Vec<ChangeSet>, StoreError> {
        let inner = self.lock();
        let start = inner.change_sets.partition_point(|cs| cs.seq <= seq);
        let after = inner.change_sets[start..].to_vec();
        let head = inner.head();
        drop(inner);
        self.seen = head;
        Ok(after)
    }

    fn has_moved(&mut self) -> Result<bool, StoreError> {
        Ok(self.lock().head() != self.seen)
    }
}
