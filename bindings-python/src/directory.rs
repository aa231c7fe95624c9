//! The `Directory` class: one core [`Directory`] behind a mutex, shared safely between Python
//! threads, and its transactions.
//!
//! Every call runs with the GIL released ([`Python::detach`]) while it waits for and holds the
//! mutex, so a long call never blocks other Python threads and a waiting thread never holds the
//! GIL. A transaction belongs to the thread that opened it: until it ends, calls from other
//! threads wait. Each area of the API (employees, customers, groups, …) adds its methods to the
//! class in its own module (`#[pymethods]` blocks, pyo3's `multiple-pymethods`); opening and
//! closing stores is in [`crate::storage`].

use crate::convert::timestamp_from_py;
use crate::errors::{closed_error, core_error, panic_error};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use std::ops::{Deref, DerefMut};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};
use vastuu::{Directory, FixedClock, SystemClock};

/// Where a directory's data is kept.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    /// Memory only (`vastuu::MemoryStore`).
    Memory,
    /// A `vastuu::FileStore` folder.
    File,
    /// A `vastuu::SqliteStore` database file.
    Sqlite,
}

/// What the mutex guards: the directory (`None` once closed) and who holds its open
/// transactions.
pub(crate) struct Shared {
    dir: Option<Directory>,
    /// The thread whose transactions are open, if any.
    owner: Option<ThreadId>,
    /// Ids of the open `Transaction` objects, outermost first (one per core transaction level).
    open: Vec<u64>,
}

/// The customer responsibility directory.
#[pyclass(frozen, module = "vastuu", name = "Directory")]
pub(crate) struct PyDirectory {
    shared: Mutex<Shared>,
    /// The store's folder or file (`None` in memory).
    pub(crate) path: Option<PathBuf>,
    pub(crate) backend: Backend,
    /// Signalled when the last open transaction ends.
    idle: Condvar,
    next_transaction: AtomicU64,
    /// The thread holding `shared`, if any: a call from that thread while it holds it (from a
    /// progress callback of an export) would wait for itself forever, and is refused instead.
    busy: Mutex<Option<ThreadId>>,
    /// Set by `close`; read without the lock.
    closed: AtomicBool,
}

/// Why a call did not reach the core directory.
pub(crate) enum Refused {
    /// `close` was called.
    Closed,
    /// The calling thread already holds the directory (a callback of one of its own calls).
    Reentered,
}

impl Refused {
    pub(crate) fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Refused::Closed => closed_error(py),
            Refused::Reentered => PyRuntimeError::new_err(
                "the directory is busy in this thread: a progress callback cannot call the directory whose \
                 export it reports on",
            ),
        }
    }
}

/// The directory's lock, held by the current thread, which is marked busy until it is released.
struct Held<'a> {
    guard: MutexGuard<'a, Shared>,
    busy: &'a Mutex<Option<ThreadId>>,
}

impl Deref for Held<'_> {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.guard
    }
}

impl DerefMut for Held<'_> {
    fn deref_mut(&mut self) -> &mut Shared {
        &mut self.guard
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        *self.busy.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

impl PyDirectory {
    /// A directory in memory.
    pub(crate) fn wrap(dir: Directory) -> Self {
        Self::stored(dir, Backend::Memory, None)
    }

    /// A directory kept by `backend` at `path`.
    pub(crate) fn stored(dir: Directory, backend: Backend, path: Option<PathBuf>) -> Self {
        PyDirectory {
            shared: Mutex::new(Shared { dir: Some(dir), owner: None, open: Vec::new() }),
            path,
            backend,
            idle: Condvar::new(),
            next_transaction: AtomicU64::new(1),
            busy: Mutex::new(None),
            closed: AtomicBool::new(false),
        }
    }

    /// Marks the current thread as holding the lock.
    fn hold<'a>(&'a self, guard: MutexGuard<'a, Shared>) -> Held<'a> {
        *self.busy.lock().unwrap_or_else(PoisonError::into_inner) = Some(thread::current().id());
        Held { guard, busy: &self.busy }
    }

    /// Whether the current thread holds the lock already.
    fn reentered(&self) -> bool {
        *self.busy.lock().unwrap_or_else(PoisonError::into_inner) == Some(thread::current().id())
    }

    fn lock(&self) -> Result<Held<'_>, Refused> {
        if self.reentered() {
            return Err(Refused::Reentered);
        }
        // A panic is caught inside the lock (see `run`), so the mutex is never poisoned; should it
        // be, the directory is still consistent (the core changes nothing until a call succeeds).
        Ok(self.hold(self.shared.lock().unwrap_or_else(PoisonError::into_inner)))
    }

    /// The lock, once no other thread's transaction is open.
    fn acquire(&self) -> Result<Held<'_>, Refused> {
        if self.reentered() {
            return Err(Refused::Reentered);
        }
        let me = thread::current().id();
        let guard = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        let guard = self
            .idle
            .wait_while(guard, |s| s.owner.is_some_and(|owner| owner != me))
            .unwrap_or_else(PoisonError::into_inner);
        Ok(self.hold(guard))
    }

    /// Runs a core call on the directory with the GIL released. A core error becomes its Python
    /// exception; a panic becomes a `VastuuError`.
    pub(crate) fn run<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut Directory) -> vastuu::Result<R> + Send,
    ) -> PyResult<R> {
        let outcome = py.detach(|| {
            let mut shared = self.acquire()?;
            let dir = shared.dir.as_mut().ok_or(Refused::Closed)?;
            Ok(catch_unwind(AssertUnwindSafe(|| f(dir))))
        });
        match outcome {
            Err(refused) => Err(Refused::into_py(refused, py)),
            Ok(Ok(Ok(out))) => Ok(out),
            Ok(Ok(Err(err))) => Err(core_error(py, err)),
            Ok(Err(payload)) => Err(panic_error(py, payload)),
        }
    }

    /// Runs a read that cannot fail.
    pub(crate) fn read<R: Send>(&self, py: Python<'_>, f: impl FnOnce(&Directory) -> R + Send) -> PyResult<R> {
        self.run(py, |d| Ok(f(d)))
    }

    /// Opens transaction `id` for the current thread.
    fn begin(&self, py: Python<'_>, id: u64) -> PyResult<()> {
        let opened = py.detach(|| {
            let mut shared = self.acquire()?;
            let dir = shared.dir.as_mut().ok_or(Refused::Closed)?;
            dir.begin_transaction();
            shared.owner = Some(thread::current().id());
            shared.open.push(id);
            Ok(())
        });
        opened.map_err(|refused: Refused| refused.into_py(py))
    }

    /// Closes the directory: rolls back the open transactions (waiting first for those of other
    /// threads to end), then drops the core directory with the GIL released, which releases the
    /// store's lock. Closing a closed directory does nothing.
    pub(crate) fn close(&self, py: Python<'_>) -> PyResult<()> {
        let outcome = py.detach(|| {
            let mut shared = self.acquire()?;
            let dir = shared.dir.take();
            self.closed.store(true, Ordering::Release);
            shared.open.clear();
            shared.owner = None;
            self.idle.notify_all();
            drop(shared);
            // Dropping a store only closes files and connections; a panic there is still kept
            // from reaching Python.
            Ok(catch_unwind(AssertUnwindSafe(move || drop(dir))))
        });
        match outcome {
            Err(refused) => Err(Refused::into_py(refused, py)),
            Ok(dropped) => dropped.map_err(|payload| panic_error(py, payload)),
        }
    }

    /// Whether `close` was called. Needs no lock, so it never waits for a running call.
    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Ends transaction `id`, which must be the current thread's innermost open one.
    fn end(&self, py: Python<'_>, id: u64, commit: bool) -> PyResult<()> {
        let outcome = py.detach(|| {
            let me = thread::current().id();
            let mut shared = self.lock().map_err(Misuse::Refused)?;
            if shared.dir.is_none() {
                // Closed inside the transaction, which was rolled back then.
                return Ok(None);
            }
            if shared.owner != Some(me) {
                return Err(Misuse::Text("a transaction can only be ended by the thread that opened it"));
            }
            if shared.open.last() != Some(&id) {
                return Err(Misuse::Text("a transaction opened inside this one is still open; end that one first"));
            }
            let result = catch_unwind(AssertUnwindSafe(|| match shared.dir.as_mut() {
                Some(dir) if commit => dir.commit_transaction(),
                Some(dir) => {
                    dir.rollback_transaction();
                    Ok(())
                }
                None => Ok(()),
            }));
            shared.open.pop();
            if shared.open.is_empty() {
                shared.owner = None;
                self.idle.notify_all();
            }
            Ok(Some(result))
        });
        match outcome {
            Err(Misuse::Text(misuse)) => Err(PyRuntimeError::new_err(misuse)),
            Err(Misuse::Refused(refused)) => Err(refused.into_py(py)),
            Ok(None) if commit => Err(closed_error(py)),
            Ok(None) => Ok(()),
            Ok(Some(Ok(Ok(())))) => Ok(()),
            Ok(Some(Ok(Err(err)))) => Err(core_error(py, err)),
            Ok(Some(Err(payload))) => Err(panic_error(py, payload)),
        }
    }

    /// Rolls back transaction `id` and those opened inside it, whatever thread asks (for a
    /// `Transaction` dropped while open).
    fn abandon(&self, id: u64) {
        // From inside a call of this thread on the directory (a `Transaction` dropped in a
        // progress callback), the lock cannot be taken; the transaction stays open then, and
        // `close` or the thread's next `with` block ends it.
        let Ok(mut shared) = self.lock() else { return };
        let Some(at) = shared.open.iter().position(|&open| open == id) else { return };
        while shared.open.len() > at {
            shared.open.pop();
            if let Some(dir) = shared.dir.as_mut() {
                dir.rollback_transaction();
            }
        }
        if shared.open.is_empty() {
            shared.owner = None;
            self.idle.notify_all();
        }
    }
}

#[pymethods]
impl PyDirectory {
    /// An empty directory in memory.
    #[new]
    fn new() -> Self {
        PyDirectory::wrap(Directory::new())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let at = match &self.path {
            Some(path) => format!(", path={}", path.into_pyobject(py)?.repr()?),
            None => String::new(),
        };
        if self.is_closed() {
            return Ok(format!("Directory(closed{at})"));
        }
        self.read(py, |d| {
            format!(
                "Directory(employees={}, customers={}, projects={}, last_seq={}{at})",
                d.employees().count(),
                d.customers().count(),
                d.projects().count(),
                d.last_seq()
            )
        })
    }

    /// Who makes the following mutations (recorded in their change sets), or `None`.
    #[getter]
    fn get_actor(&self, py: Python<'_>) -> PyResult<Option<String>> {
        self.read(py, |d| d.actor().map(str::to_owned))
    }

    #[setter]
    fn set_actor(&self, py: Python<'_>, actor: Option<String>) -> PyResult<()> {
        self.run(py, |d| d.set_actor(actor.as_deref()))
    }

    /// Fixes the time recorded in change sets (an aware `datetime`); `None` returns to the
    /// system clock.
    #[pyo3(signature = (time))]
    fn set_clock(&self, py: Python<'_>, time: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let fixed = time.map(timestamp_from_py).transpose()?;
        self.run(py, |d| {
            match fixed {
                Some(ts) => d.set_clock(FixedClock(ts)),
                None => d.set_clock(SystemClock),
            }
            Ok(())
        })
    }

    /// Sequence number of the last committed change set (0 before any).
    #[getter]
    fn last_seq(&self, py: Python<'_>) -> PyResult<u64> {
        self.read(py, Directory::last_seq)
    }

    /// Checks every rule of the data model against the current state.
    fn check_integrity(&self, py: Python<'_>) -> PyResult<()> {
        self.run(py, |d| d.check_integrity())
    }

    /// A transaction: `with directory.transaction(): ...` makes the mutations inside one atomic
    /// change set.
    fn transaction(slf: &Bound<'_, Self>) -> PyTransaction {
        let id = slf.get().next_transaction.fetch_add(1, Ordering::Relaxed);
        PyTransaction { directory: slf.clone().unbind(), id, state: Mutex::new(TransactionState::New) }
    }

    /// How many transactions are open.
    #[getter]
    fn transaction_depth(&self, py: Python<'_>) -> PyResult<usize> {
        // The GIL is released while waiting: the thread holding the lock may need the GIL (for a
        // progress callback) before it lets go.
        let depth = py.detach(|| self.lock().map(|held| held.open.len()));
        depth.map_err(|refused| refused.into_py(py))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TransactionState {
    New,
    Open,
    Ended,
}

/// An atomic group of mutations, used as a context manager.
#[pyclass(frozen, module = "vastuu", name = "Transaction")]
pub(crate) struct PyTransaction {
    directory: Py<PyDirectory>,
    id: u64,
    state: Mutex<TransactionState>,
}

impl PyTransaction {
    fn state(&self) -> MutexGuard<'_, TransactionState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn finish(&self, py: Python<'_>, commit: bool) -> PyResult<()> {
        {
            let state = self.state();
            if *state != TransactionState::Open {
                return Err(PyRuntimeError::new_err("the transaction is not open"));
            }
        }
        self.directory.get().end(py, self.id, commit)?;
        *self.state() = TransactionState::Ended;
        Ok(())
    }
}

#[pymethods]
impl PyTransaction {
    fn __enter__(slf: &Bound<'_, Self>) -> PyResult<Py<Self>> {
        let this = slf.get();
        {
            let mut state = this.state();
            if *state != TransactionState::New {
                return Err(PyRuntimeError::new_err("a transaction can be entered only once"));
            }
            *state = TransactionState::Open;
        }
        if let Err(err) = this.directory.get().begin(slf.py(), this.id) {
            *this.state() = TransactionState::Ended;
            return Err(err);
        }
        Ok(slf.clone().unbind())
    }

    #[pyo3(signature = (exc_type, exc_value, traceback))]
    fn __exit__(
        &self,
        py: Python<'_>,
        exc_type: Option<&Bound<'_, PyAny>>,
        exc_value: Option<&Bound<'_, PyAny>>,
        traceback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        let _ = (exc_value, traceback);
        if *self.state() == TransactionState::Open {
            self.finish(py, exc_type.is_none())?;
        }
        Ok(false)
    }

    /// Ends the transaction now, undoing its mutations; the `with` block then ends without
    /// committing anything.
    fn rollback(&self, py: Python<'_>) -> PyResult<()> {
        self.finish(py, false)
    }

    /// Ends the transaction now, committing its mutations (as one change set when it is the
    /// outermost).
    fn commit(&self, py: Python<'_>) -> PyResult<()> {
        self.finish(py, true)
    }

    /// Whether the transaction is open (entered and not yet ended).
    #[getter]
    fn is_open(&self) -> bool {
        *self.state() == TransactionState::Open
    }
}

impl Drop for PyTransaction {
    fn drop(&mut self) {
        if *self.state() == TransactionState::Open {
            // Without the GIL while waiting for the lock: its holder may need the GIL first.
            let (directory, id) = (&self.directory, self.id);
            Python::attach(|py| py.detach(|| directory.get().abandon(id)));
        }
    }
}

/// Misuse of a transaction, found while ending it.
enum Misuse {
    Text(&'static str),
    Refused(Refused),
}

/// Runs a core call that needs no directory (opening one, generating data) with the GIL
/// released; errors and panics as in [`PyDirectory::run`].
pub(crate) fn detached<R: Send>(py: Python<'_>, f: impl FnOnce() -> vastuu::Result<R> + Send) -> PyResult<R> {
    match py.detach(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(out)) => Ok(out),
        Ok(Err(err)) => Err(core_error(py, err)),
        Err(payload) => Err(panic_error(py, payload)),
    }
}

/// Registers the classes of this module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDirectory>()?;
    m.add_class::<PyTransaction>()?;
    Ok(())
}
