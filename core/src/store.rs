//! The storage trait and its backends: in memory ([`MemoryStore`]), the embedded file store
//! ([`FileStore`]), SQLite (`SqliteStore`, with the `sqlite` feature) and PostgreSQL
//! (`PostgresStore`, with the `postgres` feature).
//!
//! The core hands every mutation to the store as one [`ChangeSet`]; the in-memory state changes
//! only after the store accepted it. A backend persists change sets in order and, optionally,
//! snapshots of the whole state; [`Store::load`] gives both back when a directory is opened.
//! Change sets are kept after a snapshot: they are the history, which a directory reads back
//! from the store when asked ([`Store::read_change_sets`]) instead of keeping it in memory.

#[cfg(feature = "fault-injection")]
mod fault;
mod file;
pub(crate) mod format;
mod io;
mod log;
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
/// and the latest snapshot, whose `seq` is at most the last change set's. A directory keeps of
/// the history only which change sets touch each customer and employee, and reads the change
/// sets themselves back by their numbers ([`Store::read_change_sets`]).
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

    /// The stored change sets numbered `seqs` (ascending, without duplicates), in that order:
    /// the history, read back when a directory is asked for it.
    ///
    /// # Errors
    /// A [`StoreError`] when they cannot be read: damaged ([`StoreError::CorruptFile`] in the
    /// file store, whose records' checksums are checked again), or one of them is not stored
    /// ([`StoreError::Corrupt`]).
    fn read_change_sets(&mut self, seqs: &[u64]) -> Result<Vec<ChangeSet>, StoreError>;

    /// The stored change sets `first` to `last` (both included), in order; none when `first`
    /// is after `last`. The default reads them by their numbers.
    ///
    /// # Errors
    /// As [`Store::read_change_sets`].
    fn read_change_set_range(&mut self, first: u64, last: u64) -> Result<Vec<ChangeSet>, StoreError> {
        let seqs: Vec<u64> = (first..=last).collect();
        self.read_change_sets(&seqs)
    }

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

    fn read_change_sets(&mut self, seqs: &[u64]) -> Result<Vec<ChangeSet>, StoreError> {
        (**self).read_change_sets(seqs)
    }

    fn read_change_set_range(&mut self, first: u64, last: u64) -> Result<Vec<ChangeSet>, StoreError> {
        (**self).read_change_set_range(first, last)
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

/// A change set asked for that the store does not hold.
pub(crate) fn not_stored(seq: u64, store: &str) -> StoreError {
    StoreError::Corrupt { detail: format!("change set {seq} is not in {store}") }
}

/// Checks that `found` are the change sets `seqs`, in order.
pub(crate) fn check_read(seqs: &[u64], found: &[ChangeSet], store: &str) -> Result<(), StoreError> {
    for (i, &seq) in seqs.iter().enumerate() {
        match found.get(i) {
            Some(cs) if cs.seq == seq => {}
            Some(cs) => {
                return Err(StoreError::Corrupt {
                    detail: format!("{store} gave change set {} where change set {seq} was asked for", cs.seq),
                })
            }
            None => return Err(not_stored(seq, store)),
        }
    }
    Ok(())
}

#[derive(Debug, Default)]
struct MemoryInner {
    snapshot: Option<Snapshot>,
    /// Every change set, encoded as the file store's records encode them (without their
    /// headers), back to back in fixed-size chunks.
    log: log::Log,
    /// The number of the first change set (the one after the snapshot the store began with).
    first: u64,
    fail_commits: u64,
}

impl MemoryInner {
    /// The last change set stored (0 before any).
    fn head(&self) -> u64 {
        match self.log.len() {
            0 => self.snapshot.as_ref().map_or(0, |s| s.seq),
            n => self.first + n as u64 - 1,
        }
    }

    /// Decodes change set `seq`, or `None` when it is not stored.
    fn get(&self, seq: u64) -> Option<Result<ChangeSet, StoreError>> {
        let i = usize::try_from(seq.checked_sub(self.first)?).ok()?;
        let bytes = self.log.get(i)?;
        Some(
            record::decode_change_set(FORMAT_VERSION, bytes)
                .map_err(|e| StoreError::Corrupt { detail: format!("change set {seq} in the memory store: {e}") }),
        )
    }

    /// Decodes change sets `first..=last` (those stored).
    fn range(&self, first: u64, last: u64) -> Result<Vec<ChangeSet>, StoreError> {
        (first.max(self.first)..=last.min(self.head())).filter_map(|seq| self.get(seq)).collect()
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
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] if one cannot be decoded (the store keeps them encoded as the
    /// file store does).
    pub fn change_sets(&self) -> Result<Vec<ChangeSet>, StoreError> {
        self.lock().range(0, u64::MAX)
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
        let stored = Stored { snapshot: inner.snapshot.clone(), change_sets: inner.range(0, u64::MAX)? };
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
        if inner.log.is_empty() {
            inner.first = change_set.seq;
        }
        inner.log.push(|out| record::encode_change_set_into(change_set, out))?;
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

    fn read_change_sets(&mut self, seqs: &[u64]) -> Result<Vec<ChangeSet>, StoreError> {
        let inner = self.lock();
        seqs.iter().map(|&seq| inner.get(seq).unwrap_or_else(|| Err(not_stored(seq, "the memory store")))).collect()
    }

    fn read_change_set_range(&mut self, first: u64, last: u64) -> Result<Vec<ChangeSet>, StoreError> {
        let found = self.lock().range(first, last)?;
        let seqs: Vec<u64> = (first..=last).collect();
        check_read(&seqs, &found, "the memory store")?;
        Ok(found)
    }

    fn changes_since(&mut self, seq: u64) -> Result<Vec<ChangeSet>, StoreError> {
        let inner = self.lock();
        let after = inner.range(seq.saturating_add(1), u64::MAX)?;
        let head = inner.head();
        drop(inner);
        self.seen = head;
        Ok(after)
    }

    fn has_moved(&mut self) -> Result<bool, StoreError> {
        Ok(self.lock().head() != self.seen)
    }
}
