//! [`Directory`], the main handle: how a mutation flows from plan to store to memory.
//!
//! A public mutation (in `people.rs`, `customers.rs`, `responsibilities.rs`) hands a plan from
//! `ops` to [`Directory::mutate`]: the plan reads the state and returns the changes, `mutate`
//! gives them to the store as one change set, and only then applies them to the state and files
//! the change set in the history. Transactions (`transaction.rs`) collect several mutations into
//! one change set. Reads are in `reads.rs` and `views.rs`.

mod customers;
mod history;
mod people;
mod reads;
mod responsibilities;
mod revert;
mod transaction;
mod views;

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Field, Result, StoreError};
use crate::model::{Change, ChangeSet, Data, EntityRef, HistoryKey};
use crate::ops::Plan;
use crate::state::{entity_keys, Shadow, State};
use crate::store::{MemoryStore, Snapshot, Store, Stored};
use crate::text;
use history::History;
use std::sync::{Mutex, PoisonError};
use transaction::Pending;

/// How many times a mutation is planned and handed to the store before a conflict with other
/// writers is given up as [`Error::Conflict`].
pub const MAX_ATTEMPTS: u32 = 16;

/// A change set's number as the history index keeps it.
fn index_seq(seq: u64) -> Result<u32> {
    u32::try_from(seq).map_err(|_| {
        Error::Store(StoreError::Failed(format!(
            "change set {seq} is beyond the {} change sets a directory's history holds",
            u32::MAX
        )))
    })
}

/// How many changes and keys the reused change set keeps room for between mutations (a big
/// transaction's room is given back).
const SCRATCH_ROOM: usize = 64;

/// The customer responsibility directory: every entity, every rule, and a store behind it.
///
/// Every mutation is validated first; then its changes go to the store as one [`ChangeSet`];
/// only when the store accepted them does the in-memory state change. A call that returns an
/// error has changed nothing.
///
/// # Examples
/// ```
/// use vastuu::{Directory, NewCustomer, NewEmployee};
/// let mut dir = Directory::new();
/// let matti = dir.create_employee(NewEmployee::new("Matti Meikäläinen"))?;
/// let esim = dir.create_customer(NewCustomer::new("Esimerkki"))?;
/// dir.toggle(esim.into(), matti)?;
/// assert_eq!(dir.responsibilities_for(esim.into())?.len(), 1);
/// # Ok::<(), vastuu::Error>(())
/// ```
///
/// # Forked processes
/// A directory on the file store, SQLite or PostgreSQL belongs to the process that opened it. In
/// a process forked from that one (`fork()`: Python's `multiprocessing` with the fork start
/// method, a server that loads the application before forking its workers), every call that
/// reaches the store is refused with [`StoreError::UsedAfterFork`]: every mutation and
/// transaction commit, [`sync`](Directory::sync), [`compact`](Directory::compact), the history
/// ([`history`](Directory::history), [`change_sets`](Directory::change_sets), read from the
/// store), and [`store_has_moved`](Directory::store_has_moved) where the store has to be asked
/// (a shared SQLite or a PostgreSQL store). Nothing of the parent's store is written, cut or unlocked from
/// the child, not even when the directory is dropped there. Reads that answer from memory still
/// answer in the child, from the state as it was at the fork (the child's own copy; it never
/// changes again); a child that needs the store opens it anew. A directory in memory
/// ([`MemoryStore`]) is copied with the process and goes on in the child on its own.
pub struct Directory {
    state: State,
    /// Behind a mutex so that a `&Directory` can be shared between threads (reads run in
    /// parallel in hosts) and still ask the store whether it moved; mutations reach it through
    /// `&mut self` without locking.
    store: Mutex<Box<dyn Store>>,
    clock: Box<dyn Clock>,
    actor: Option<String>,
    last_seq: u64,
    history: History,
    /// The groups, special groups, roles, teams and projects the change set in `scratch` touches
    /// (sorted, without duplicates): filed in the history with its keys, but not stored.
    entity_keys: Vec<EntityRef>,
    /// The change set being handed to the store, reused by every mutation so that a plain one
    /// (a toggle) allocates nothing: its changes and keys are cleared, not dropped.
    scratch: ChangeSet,
    pending: Option<Pending>,
    /// How many change sets the store refused as conflicts and this directory planned again.
    conflicts_retried: u64,
    /// Whether the history began from an empty directory, so that an entity no change set
    /// touched before a given one did not exist then (see `revert.rs`).
    began_empty: bool,
}

impl Default for Directory {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Directory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Directory")
            .field("employees", &self.state.employees().len())
            .field("customers", &self.state.customer_count())
            .field("projects", &self.state.project_count())
            .field("responsibilities", &self.state.responsibilities().len())
            .field("last_seq", &self.last_seq)
            .finish_non_exhaustive()
    }
}

/// Files change set `seq` in the history under its stored `keys` and the entity keys in `more`
/// (sorted and deduplicated here, then cleared).
fn file(history: &mut History, seq: u64, keys: &[HistoryKey], more: &mut Vec<EntityRef>) -> Result<()> {
    more.sort_unstable();
    more.dedup();
    let index = index_seq(seq)?;
    history.check_room(keys.len() + more.len())?;
    history.push(index, keys.iter().map(|&key| EntityRef::from(key)).chain(more.drain(..)));
    Ok(())
}

/// Loads a store's snapshot and replays the change sets after it: the state, the history and the
/// last sequence number. The history must be complete (1, 2, 3, … reaching the snapshot), and a
/// replayed state must keep every rule. The change sets the snapshot covers are filed by their
/// entity keys against a [`Shadow`] of the memberships they made (so a customer or employee the
/// store had before its first change set, in a snapshot since replaced, is not known to have
/// left its group or team in its first change set after that).
fn replay(stored: Stored) -> Result<(State, History, u64)> {
    let (mut state, base_seq) = match stored.snapshot {
        Some(snapshot) => (State::from_data(snapshot.data)?, snapshot.seq),
        None => (State::default(), 0),
    };
    let mut history = History::default();
    let (mut shadow, mut more) = (Shadow::default(), Vec::new());
    let mut last_seq = base_seq;
    let mut previous = 0;
    let mut replayed = false;
    for cs in stored.change_sets {
        if cs.seq != previous + 1 {
            return Err(corrupt(format!("change set {} follows change set {previous}", cs.seq)));
        }
        previous = cs.seq;
        if cs.seq > base_seq {
            entity_keys(&state, &cs.changes, &mut more);
            for change in &cs.changes {
                state.apply(change);
            }
            last_seq = cs.seq;
            replayed = true;
        } else {
            entity_keys(&shadow, &cs.changes, &mut more);
            shadow.apply(&cs.changes);
        }
        file(&mut history, cs.seq, &cs.keys, &mut more)?;
    }
    if previous < base_seq {
        return Err(corrupt(format!("the snapshot is of change set {base_seq}, but the history ends at {previous}")));
    }
    if replayed {
        state.check_integrity()?;
    }
    Ok((state, history, last_seq))
}

/// Waits a little before trying again after the `attempts`-th conflict, so that writers racing
/// for the same store do not keep refusing each other: nothing after the first conflict, then a
/// random time up to 2, 4, 8, … milliseconds, at most 64.
pub(crate) fn back_off(attempts: u32) {
    use std::hash::{BuildHasher, Hasher};
    if attempts < 2 {
        return;
    }
    let ceiling = 1u64 << attempts.min(7).saturating_sub(1);
    // A randomly keyed hasher gives a random number without a dependency.
    let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
    std::thread::sleep(std::time::Duration::from_millis(random % (ceiling + 1)));
}

/// An empty change set, to be filled in.
fn empty_change_set() -> ChangeSet {
    ChangeSet {
        seq: 0,
        time: jiff::Timestamp::UNIX_EPOCH,
        actor: None,
        keys: Vec::new(),
        changes: Vec::new(),
        reverts: None,
    }
}

fn corrupt(detail: String) -> Error {
    Error::Store(StoreError::Corrupt { detail })
}

impl Directory {
    /// An empty directory in a new [`MemoryStore`], with the system clock.
    ///
    /// # Examples
    /// ```
    /// use vastuu::Directory;
    /// let dir = Directory::new();
    /// assert_eq!(dir.last_seq(), 0);
    /// assert_eq!(dir.customers().count(), 0);
    /// ```
    pub fn new() -> Self {
        Directory {
            state: State::default(),
            store: Mutex::new(Box::new(MemoryStore::new())),
            clock: Box::new(SystemClock),
            actor: None,
            last_seq: 0,
            history: History::default(),
            entity_keys: Vec::new(),
            scratch: empty_change_set(),
            pending: None,
            conflicts_retried: 0,
            began_empty: true,
        }
    }

    /// Opens a directory on a store: loads its snapshot, replays the change sets after it, and
    /// checks every rule of the result.
    ///
    /// # Errors
    /// [`Error::Store`] when the store cannot be read or its contents break a rule.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, MemoryStore, NewCustomer};
    /// let store = MemoryStore::new();
    /// let mut dir = Directory::with_store(store.clone())?;
    /// dir.create_customer(NewCustomer::new("Esimerkki Oy"))?;
    /// drop(dir);
    /// // Opening the store again replays what it holds.
    /// let dir = Directory::with_store(store)?;
    /// assert_eq!(dir.customers().count(), 1);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn with_store(mut store: impl Store + 'static) -> Result<Self> {
        let stored = store.load()?;
        let began_empty = revert::began_empty(&stored);
        let (state, history, last_seq) = replay(stored)?;
        Ok(Directory {
            state,
            store: Mutex::new(Box::new(store)),
            clock: Box::new(SystemClock),
            actor: None,
            last_seq,
            history,
            entity_keys: Vec::new(),
            scratch: empty_change_set(),
            pending: None,
            conflicts_retried: 0,
            began_empty,
        })
    }

    /// Opens (or creates) the directory stored in the folder `path` with the embedded
    /// [`FileStore`](crate::FileStore), the default on-disk store: the same as
    /// `Directory::with_store(FileStore::open(path)?)`.
    ///
    /// A new store is created if `path` does not exist (its parent must) or is an empty folder.
    /// The folder stays locked while the directory is open.
    ///
    /// # Errors
    /// [`Error::Store`] with [`StoreError::NotAStore`], [`StoreError::UnsupportedVersion`],
    /// [`StoreError::Locked`], [`StoreError::CorruptFile`] or [`StoreError::Io`]; see
    /// [`FileStore::open`](crate::FileStore::open) and [`Directory::with_store`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewEmployee};
    /// # let path = std::env::temp_dir().join(format!("vastuu-doc-open-{}", std::process::id()));
    /// # let _ = std::fs::remove_dir_all(&path);
    /// let mut dir = Directory::open(&path)?;
    /// let matti = dir.create_employee(NewEmployee::new("Matti Meikäläinen"))?;
    /// drop(dir); // closes the store
    ///
    /// let dir = Directory::open(&path)?;
    /// assert_eq!(dir.employee(matti)?.name, "Matti Meikäläinen");
    /// assert_eq!(dir.history(matti)?.len(), 1);
    /// # drop(dir); std::fs::remove_dir_all(&path).unwrap();
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Self> {
        Self::with_store(crate::store::FileStore::open(path)?)
    }

    /// What opening the store found and mended: a torn or damaged last journal record cut off,
    /// a damaged snapshot set aside (each first copied beside the store). Empty when the store
    /// was opened as it was left; log it, or show it to whoever looks after the store. See
    /// [`OpenReport`](crate::OpenReport) for an example.
    ///
    /// # Examples
    /// ```
    /// use vastuu::Directory;
    /// # let path = std::env::temp_dir().join(format!("vastuu-doc-open-report-{}", std::process::id()));
    /// # let _ = std::fs::remove_dir_all(&path);
    /// let dir = Directory::open(&path)?;
    /// // A store left as it was: nothing found, nothing mended.
    /// assert!(dir.open_report().repairs.is_empty());
    /// # drop(dir); std::fs::remove_dir_all(&path).unwrap();
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn open_report(&self) -> crate::OpenReport {
        self.store.lock().unwrap_or_else(PoisonError::into_inner).open_report()
    }

    /// Writes a snapshot of the current state to the store, so that opening it next time loads
    /// the snapshot instead of replaying every change set. The history is kept.
    ///
    /// # Errors
    /// [`Error::Store`] when the store fails (nothing changed then, and the store is still
    /// usable), or when called inside a [`transaction`](Directory::transaction), whose changes
    /// are not stored yet.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, MemoryStore};
    /// let store = MemoryStore::new();
    /// let mut dir = Directory::with_store(store.clone())?;
    /// dir.create_team("Huolto")?;
    /// dir.compact()?;
    /// assert_eq!(store.snapshot().map(|s| s.seq), Some(1));
    /// assert_eq!(store.change_sets()?.len(), 1);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn compact(&mut self) -> Result<()> {
        if self.pending.is_some() {
            return Err(Error::Store(StoreError::Failed("cannot compact inside a transaction".into())));
        }
        let snapshot = Snapshot { seq: self.last_seq, data: self.state.to_data() };
        self.store_mut().write_snapshot(&snapshot)?;
        Ok(())
    }

    /// A directory holding `data` (from an import or the generator), in a new [`MemoryStore`].
    ///
    /// # Errors
    /// The first rule the data breaks, as an [`Error`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::generate::{generate, GeneratorConfig};
    /// use vastuu::Directory;
    /// let dir = Directory::from_data(generate(&GeneratorConfig::small()))?;
    /// assert_eq!(dir.customers().count(), 300);
    /// assert_eq!(dir.last_seq(), 0); // the data is the starting point, not a change set
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn from_data(data: Data) -> Result<Self> {
        Self::from_data_in(data, MemoryStore::new())
    }

    /// A directory holding `data`, written as the first snapshot of an empty store.
    ///
    /// # Errors
    /// The first rule the data breaks; [`Error::Store`] when the store is not empty or fails.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, MemoryStore, NewCustomer};
    /// let mut source = Directory::new();
    /// source.create_customer(NewCustomer::new("Esimerkki Oy"))?;
    /// let store = MemoryStore::new();
    /// let dir = Directory::from_data_in(source.data(), store.clone())?;
    /// assert_eq!(dir.customers().count(), 1);
    /// assert_eq!(store.snapshot().map(|s| s.seq), Some(0));
    /// // The store now holds a directory: a second one is refused.
    /// assert!(Directory::from_data_in(source.data(), store).is_err());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn from_data_in(data: Data, mut store: impl Store + 'static) -> Result<Self> {
        let existing = store.load()?;
        if existing.snapshot.is_some() || !existing.change_sets.is_empty() {
            return Err(Error::Store(StoreError::Failed("the store already holds a directory".into())));
        }
        let began_empty = revert::empty_data(&data);
        let state = State::from_data(data)?;
        store.write_snapshot(&Snapshot { seq: 0, data: state.to_data() })?;
        let mut dir = Directory::new();
        dir.state = state;
        dir.store = Mutex::new(Box::new(store));
        dir.began_empty = began_empty;
        Ok(dir)
    }

    /// Replaces the clock change-set times are read from.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, FixedClock};
    /// let mut dir = Directory::new();
    /// let noon: jiff::Timestamp = "2026-03-01T12:00:00Z".parse().unwrap();
    /// dir.set_clock(FixedClock(noon));
    /// dir.create_team("Huolto")?;
    /// assert_eq!(dir.change_sets()?[0].time, noon);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn set_clock(&mut self, clock: impl Clock + 'static) {
        self.clock = Box::new(clock);
    }

    /// Names who makes the following mutations (recorded in their change sets); `None` clears it.
    ///
    /// # Errors
    /// [`Error::InvalidText`] for a blank, over-long or control-character actor.
    ///
    /// # Examples
    /// ```
    /// use vastuu::Directory;
    /// let mut dir = Directory::new();
    /// dir.set_actor(Some("maija.admin"))?;
    /// dir.create_team("Huolto")?;
    /// assert_eq!(dir.change_sets()?[0].actor.as_deref(), Some("maija.admin"));
    /// assert!(dir.set_actor(Some("  ")).is_err()); // blank
    /// dir.set_actor(None)?;
    /// assert_eq!(dir.actor(), None);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn set_actor(&mut self, actor: Option<&str>) -> Result<()> {
        self.actor = match actor {
            Some(a) => Some(text::name(Field::Actor, a)?),
            None => None,
        };
        Ok(())
    }

    /// Runs `f` with another actor, restoring the current one afterwards.
    pub(crate) fn with_actor<R>(&mut self, actor: Option<String>, f: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        let saved = std::mem::replace(&mut self.actor, actor);
        let result = f(self);
        self.actor = saved;
        result
    }

    /// The current actor.
    ///
    /// # Examples
    /// ```
    /// use vastuu::Directory;
    /// let mut dir = Directory::new();
    /// assert_eq!(dir.actor(), None);
    /// dir.set_actor(Some(" maija.admin "))?;
    /// assert_eq!(dir.actor(), Some("maija.admin"));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn actor(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    /// The one path every mutation takes: plan against the current state, then persist, then
    /// apply. Inside a transaction, changes are applied at once and persisted at its end.
    ///
    /// With other writers on the store, the directory first catches up when the store says it
    /// moved, so the plan sees what they stored. When the store still refuses the change set
    /// because another writer stored one in between, the directory catches up again and plans
    /// again (plans are pure), at most [`MAX_ATTEMPTS`] times before giving up with
    /// [`Error::Conflict`].
    pub(crate) fn mutate<R>(&mut self, plan: impl Fn(&State) -> Plan<R>) -> Result<R> {
        self.mutate_into(|state, changes| {
            let (planned, out) = plan(state)?;
            changes.extend(planned);
            Ok(out)
        })
    }

    /// [`Directory::mutate`] for a plan that appends its changes to the vector it is given (the
    /// reused change set's, so that planning allocates nothing).
    pub(crate) fn mutate_into<R>(&mut self, plan: impl Fn(&State, &mut Vec<Change>) -> Result<R>) -> Result<R> {
        if self.pending.is_some() {
            return self.mutate_pending(plan);
        }
        // Plan against what the store holds: catch up first when another writer moved it.
        if self.store_mut().has_moved()? {
            self.sync()?;
        }
        let mut attempts = 0;
        loop {
            attempts += 1;
            self.scratch.changes.clear();
            self.scratch.keys.clear();
            self.entity_keys.clear();
            let out = plan(&self.state, &mut self.scratch.changes)?;
            if self.scratch.changes.is_empty() {
                return Ok(out);
            }
            self.stage_keys();
            match self.persist(true, None) {
                Err(Error::Store(StoreError::Conflict { .. })) => {
                    if attempts >= MAX_ATTEMPTS {
                        self.sync()?;
                        return Err(Error::Conflict { attempts });
                    }
                    self.conflicts_retried += 1;
                    back_off(attempts);
                    self.sync()?;
                }
                result => return result.map(|()| out),
            }
        }
    }

    /// Puts `changes` in the reused change set, with their keys, to be persisted.
    fn stage(&mut self, changes: Vec<Change>) {
        self.scratch.changes.clear();
        self.scratch.keys.clear();
        self.entity_keys.clear();
        self.scratch.changes.extend(changes);
        self.stage_keys();
    }

    /// Finds the keys of the changes in the reused change set (sorted, without duplicates) and
    /// their entity keys, against the state before them.
    fn stage_keys(&mut self) {
        self.state.history_keys(&self.scratch.changes, &mut self.scratch.keys);
        self.scratch.keys.sort_unstable();
        self.scratch.keys.dedup();
        entity_keys(&self.state, &self.scratch.changes, &mut self.entity_keys);
    }

    /// A mutation inside a transaction: applied at once, its changes collected.
    fn mutate_pending<R>(&mut self, plan: impl Fn(&State, &mut Vec<Change>) -> Result<R>) -> Result<R> {
        self.scratch.changes.clear();
        let out = plan(&self.state, &mut self.scratch.changes)?;
        if let Some(pending) = &mut self.pending {
            self.state.history_keys(&self.scratch.changes, &mut pending.keys);
            entity_keys(&self.state, &self.scratch.changes, &mut pending.entity_keys);
            for change in &self.scratch.changes {
                pending.apply(&mut self.state, change);
            }
            pending.changes.append(&mut self.scratch.changes);
        }
        Ok(out)
    }

    /// Catches up with the change sets other writers stored (other processes or handles on the
    /// same store): applies them to the state and its indexes, in order, and files them in the
    /// history. Returns how many there were. A store only one handle can write to (the file
    /// store, an exclusive SQLite store) never has any.
    ///
    /// Reads answer from memory and never wait for the store, so a directory sees others'
    /// changes once it has caught up: here, before each of its own mutations when the store says
    /// it moved, and in hosts that ask [`Directory::store_has_moved`] before reading (the Python
    /// and Kotlin bindings do, before every call). Inside a transaction the directory keeps the
    /// state the transaction began from, and `sync` does nothing.
    ///
    /// # Errors
    /// [`Error::Store`] when the store cannot be read or gives change sets out of order.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, MemoryStore, NewCustomer};
    /// let store = MemoryStore::new();
    /// let mut office = Directory::with_store(store.clone())?;
    /// let mut script = Directory::with_store(store.clone())?;
    /// script.create_customer(NewCustomer::new("Esimerkki Oy"))?;
    /// assert_eq!(office.customers().count(), 0);
    /// assert_eq!(office.sync()?, 1);
    /// assert_eq!(office.customers().count(), 1);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn sync(&mut self) -> Result<u64> {
        if self.pending.is_some() {
            return Ok(0);
        }
        let mut applied = 0;
        let last_seq = self.last_seq;
        for cs in self.store_mut().changes_since(last_seq)? {
            if cs.seq != self.last_seq + 1 {
                return Err(corrupt(format!("change set {} follows change set {}", cs.seq, self.last_seq)));
            }
            // Filed first: when it does not fit, the state is left as it was.
            self.entity_keys.clear();
            entity_keys(&self.state, &cs.changes, &mut self.entity_keys);
            file(&mut self.history, cs.seq, &cs.keys, &mut self.entity_keys)?;
            for change in &cs.changes {
                self.state.apply(change);
            }
            self.last_seq = cs.seq;
            applied += 1;
        }
        Ok(applied)
    }

    /// Whether another writer may have stored change sets this directory has not caught up with
    /// (see [`Directory::sync`]). Cheap: hosts ask before reads.
    ///
    /// # Errors
    /// [`Error::Store`] when the store cannot be asked.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, MemoryStore, NewCustomer};
    /// let store = MemoryStore::new();
    /// let mut office = Directory::with_store(store.clone())?;
    /// let mut script = Directory::with_store(store)?;
    /// assert!(!office.store_has_moved()?);
    /// script.create_customer(NewCustomer::new("Esimerkki Oy"))?;
    /// assert!(office.store_has_moved()?);
    /// office.sync()?;
    /// assert!(!office.store_has_moved()?);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn store_has_moved(&self) -> Result<bool> {
        Ok(self.store.lock().unwrap_or_else(PoisonError::into_inner).has_moved()?)
    }

    /// How many times the store refused one of this directory's change sets because another
    /// writer had stored one first, and the directory caught up and planned it again: a
    /// mutation planned again, or the closure of a [`Directory::transaction`] run again. A
    /// conflict that ended the call instead (the last of [`MAX_ATTEMPTS`], or the end of an
    /// explicit transaction, see [`Directory::commit_transaction`]) is not counted. Counted
    /// from when the directory was opened; for reports and tests of several writers on one
    /// store.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, MemoryStore};
    /// let store = MemoryStore::new();
    /// let mut a = Directory::with_store(store.clone())?;
    /// let mut b = Directory::with_store(store.clone())?;
    /// let runs = std::cell::Cell::new(0);
    /// a.transaction(|d| {
    ///     runs.set(runs.get() + 1);
    ///     if runs.get() == 1 {
    ///         b.create_team("Myynti")?; // another writer stores first
    ///     }
    ///     d.create_team("Huolto")
    /// })?;
    /// assert_eq!(a.conflicts_retried(), 1);
    /// assert_eq!(b.conflicts_retried(), 0);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn conflicts_retried(&self) -> u64 {
        self.conflicts_retried
    }

    /// The store, for `&mut self` (no locking needed).
    fn store_mut(&mut self) -> &mut dyn Store {
        self.store.get_mut().unwrap_or_else(PoisonError::into_inner).as_mut()
    }

    /// Hands the change set in `scratch` (its changes, and its keys sorted and without
    /// duplicates) to the store, then applies it (unless already applied) and files it in the
    /// history, with the entity keys in `entity_keys`. Leaves `scratch` and `entity_keys` empty,
    /// their room kept for the next mutation. `reverts` is the change set it reverts, if any.
    fn persist(&mut self, apply: bool, reverts: Option<u64>) -> Result<()> {
        let seq = self.last_seq + 1;
        self.entity_keys.sort_unstable();
        self.entity_keys.dedup();
        let committed = index_seq(seq).and_then(|index| {
            self.history.check_room(self.scratch.keys.len() + self.entity_keys.len())?;
            let cs = &mut self.scratch;
            cs.seq = seq;
            cs.time = self.clock.now();
            cs.reverts = reverts;
            if cs.actor != self.actor {
                cs.actor.clone_from(&self.actor);
            }
            let store = self.store.get_mut().unwrap_or_else(PoisonError::into_inner);
            store.commit(&self.scratch)?;
            Ok(index)
        });
        if let Ok(index) = committed {
            if apply {
                for change in &self.scratch.changes {
                    self.state.apply(change);
                }
            }
            self.last_seq = seq;
            let keys = self.scratch.keys.iter().map(|&key| EntityRef::from(key));
            self.history.push(index, keys.chain(self.entity_keys.iter().copied()));
        }
        self.entity_keys.clear();
        self.entity_keys.shrink_to(SCRATCH_ROOM);
        let cs = &mut self.scratch;
        cs.changes.clear();
        cs.keys.clear();
        cs.changes.shrink_to(SCRATCH_ROOM);
        cs.keys.shrink_to(SCRATCH_ROOM);
        committed.map(|_| ())
    }
}
