//! The [`Directory`] object: one core directory behind a mutex, shared by every thread of the
//! host. The other modules add their calls to it, one `#[uniffi::export] impl Directory` block
//! per area.

use crate::error::{Result, VastuuError};
use std::cell::Cell;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use vastuu::generate::{generate, GeneratorConfig};

/// The customer responsibility directory. Safe to share between threads: every call takes the
/// directory's lock for its duration, so calls from different threads run one after another and
/// each sees the effects of the ones before it.
///
/// Every mutation is validated first, then handed to the store as one change set, and applied in
/// memory only when the store accepted it. A call that fails has changed nothing.
///
/// A directory opened on a file or SQLite store keeps the store locked until it is closed
/// ([`Directory::close_store`], or in Kotlin `close()`/`use {}`, which frees the whole object).
#[derive(uniffi::Object)]
pub struct Directory {
    /// The core directory; `None` once closed.
    inner: Mutex<Option<vastuu::Directory>>,
    memory: Option<vastuu::MemoryStore>,
}

/// Sizes of a generated demo directory (see [`Directory::generated`]).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GeneratedSize {
    /// 300 customers, 40 employees, 400 projects, 1,200 responsibilities.
    Small,
    /// 100,000 customers, 2,000 employees, 200,000 projects, 500,000 responsibilities.
    Benchmark,
}

thread_local! {
    /// Set while this thread runs an export's progress callback, which is called while the
    /// export holds a directory's lock: a call from it must not wait for that lock.
    static IN_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

/// Runs a foreign callback of an export, marking this thread as inside one.
pub(crate) fn in_callback<R>(f: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            IN_CALLBACK.with(|c| c.set(self.0));
        }
    }
    let _reset = Reset(IN_CALLBACK.with(|c| c.replace(true)));
    f()
}

fn inside_callback() -> bool {
    IN_CALLBACK.with(Cell::get)
}

impl Directory {
    fn in_memory(build: impl FnOnce(vastuu::MemoryStore) -> vastuu::Result<vastuu::Directory>) -> Result<Self> {
        let store = vastuu::MemoryStore::new();
        let dir = build(store.clone())?;
        Ok(Directory { inner: Mutex::new(Some(dir)), memory: Some(store) })
    }

    /// Wraps a core directory opened on a persistent store.
    pub(crate) fn persistent(dir: vastuu::Directory) -> Self {
        Directory { inner: Mutex::new(Some(dir)), memory: None }
    }

    /// The core directory, locked. A panic while the lock was held cannot have left the state
    /// half-changed (plans change nothing, and applying a validated change set cannot fail), so
    /// a poisoned lock is simply taken over.
    fn lock(&self) -> MutexGuard<'_, Option<vastuu::Directory>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs a read under the lock; `DirectoryClosed` once closed.
    pub(crate) fn read<R>(&self, f: impl FnOnce(&vastuu::Directory) -> R) -> Result<R> {
        if inside_callback() {
            return Err(VastuuError::CalledFromCallback);
        }
        let guard = self.lock();
        let dir = guard.as_ref().ok_or(VastuuError::DirectoryClosed)?;
        Ok(f(dir))
    }

    /// Runs a fallible read under the lock, converting the error.
    pub(crate) fn try_read<R>(&self, f: impl FnOnce(&vastuu::Directory) -> vastuu::Result<R>) -> Result<R> {
        self.read(f)?.map_err(VastuuError::from)
    }

    /// Runs a mutation under the lock, converting the error.
    pub(crate) fn write<R>(&self, f: impl FnOnce(&mut vastuu::Directory) -> vastuu::Result<R>) -> Result<R> {
        if inside_callback() {
            return Err(VastuuError::CalledFromCallback);
        }
        let mut guard = self.lock();
        let dir = guard.as_mut().ok_or(VastuuError::DirectoryClosed)?;
        f(dir).map_err(VastuuError::from)
    }

    /// Takes the core directory out, leaving the handle closed. `None` when already closed.
    ///
    /// # Errors
    /// `CalledFromCallback` inside an export's progress callback.
    pub(crate) fn take(&self) -> Result<Option<vastuu::Directory>> {
        if inside_callback() {
            return Err(VastuuError::CalledFromCallback);
        }
        Ok(self.lock().take())
    }

    /// Whether the directory has been closed.
    ///
    /// # Errors
    /// `CalledFromCallback` inside an export's progress callback.
    pub(crate) fn closed(&self) -> Result<bool> {
        if inside_callback() {
            return Err(VastuuError::CalledFromCallback);
        }
        Ok(self.lock().is_none())
    }
}

#[uniffi::export]
impl Directory {
    /// An empty directory, kept in memory.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        let dir = Directory::in_memory(vastuu::Directory::with_store)
            .unwrap_or_else(|_| Directory { inner: Mutex::new(Some(vastuu::Directory::new())), memory: None });
        Arc::new(dir)
    }

    /// A directory filled with seeded, deterministic demo data (the same seed gives the same
    /// data), kept in memory. For demos, tests and measurements.
    ///
    /// # Errors
    /// None in practice: the generated data obeys every rule.
    #[uniffi::constructor]
    pub fn generated(seed: u64, size: GeneratedSize) -> Result<Arc<Self>> {
        let config = match size {
            GeneratedSize::Small => GeneratorConfig::small(),
            GeneratedSize::Benchmark => GeneratorConfig::benchmark(),
        }
        .with_seed(seed);
        let data = generate(&config);
        Ok(Arc::new(Directory::in_memory(|store| vastuu::Directory::from_data_in(data, store))?))
    }

    /// Names who makes the following mutations (recorded in their change sets); `null`/`nil`
    /// clears it.
    ///
    /// # Errors
    /// `InvalidText` for a blank, over-long or control-character actor.
    pub fn set_actor(&self, actor: Option<String>) -> Result<()> {
        self.write(|d| d.set_actor(actor.as_deref()))
    }

    /// The current actor.
    ///
    /// # Errors
    /// `DirectoryClosed`.
    pub fn actor(&self) -> Result<Option<String>> {
        self.read(|d| d.actor().map(str::to_owned))
    }

    /// Checks every rule of the data model against the current state.
    ///
    /// # Errors
    /// The first broken rule.
    pub fn check_integrity(&self) -> Result<()> {
        self.try_read(vastuu::Directory::check_integrity)
    }

    /// A testing aid for hosts: makes the next `count` commits of this in-memory directory fail
    /// with `VastuuError.Store`, so the host can check how it handles a failed save. The failed
    /// mutations change nothing.
    pub fn fail_next_commits(&self, count: u64) {
        if let Some(store) = &self.memory {
            store.fail_next_commits(count);
        }
    }

    /// How many entities of each kind the directory holds.
    ///
    /// # Errors
    /// `DirectoryClosed`.
    pub fn counts(&self) -> Result<Counts> {
        self.read(|d| Counts {
            employees: len(d.employees()),
            teams: len(d.teams()),
            roles: len(d.roles()),
            customers: len(d.customers()),
            projects: len(d.projects()),
            customer_groups: len(d.customer_groups()),
            special_groups: len(d.special_groups()),
        })
    }
}

fn len<T>(items: impl Iterator<Item = T>) -> u64 {
    u64::try_from(items.count()).unwrap_or(u64::MAX)
}

/// How many entities of each kind a directory holds.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Counts {
    /// Employees (active or not).
    pub employees: u64,
    /// Teams.
    pub teams: u64,
    /// Roles.
    pub roles: u64,
    /// Customers (archived ones included).
    pub customers: u64,
    /// Projects (archived ones included).
    pub projects: u64,
    /// Customer groups.
    pub customer_groups: u64,
    /// Special groups.
    pub special_groups: u64,
}

/// Picks one page out of an ordered sequence: `offset` items skipped, at most `limit` converted
/// and kept. Returns the total number of items with the page.
pub(crate) fn page<T, R>(
    items: impl IntoIterator<Item = T>,
    offset: u64,
    limit: u32,
    f: impl Fn(T) -> R,
) -> (u64, Vec<R>) {
    let skip = usize::try_from(offset).unwrap_or(usize::MAX);
    let take = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut total: usize = 0;
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i >= skip && out.len() < take {
            out.push(f(item));
        }
        total = i + 1;
    }
    (u64::try_from(total).unwrap_or(u64::MAX), out)
}
