//! The `Directory` class: a [`SharedDirectory`] of the host layer, which does the locking,
//! closing, transactions, re-entry guard and panic boundary; this module only crosses the GIL.
//!
//! Every call runs with the GIL released ([`Python::detach`]) while it waits for and uses the
//! directory, so a long call never blocks other Python threads and a waiting thread never holds
//! the GIL. A `with d.transaction():` block binds its token to the current `contextvars`
//! context: calls from that context (that thread, or that asyncio task) run inside the
//! transaction; others wait for it to end, or, on the thread the transaction was begun or used
//! on (another asyncio task of the same event loop), raise `TransactionBusyError` at once.
//! Each area of the API adds its methods to the class in its own module ([`calls!`] entries and
//! `#[pymethods]` blocks, pyo3's `multiple-pymethods`); opening and closing stores is in
//! [`crate::storage`].

use crate::convert::timestamp_from_py;
use crate::errors::host_error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use vastuu::{Directory, FixedClock, SystemClock};
use vastuu_host::{Error, Failure, Level, SharedDirectory, Token};

/// Where a directory's data is kept.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    /// Memory only (`vastuu::MemoryStore`).
    Memory,
    /// A `vastuu::FileStore` folder.
    File,
    /// A `vastuu::SqliteStore` database file.
    Sqlite,
    /// A `vastuu::PostgresStore` schema.
    Postgres,
}

/// Every directory opened on a store (a file store, SQLite or PostgreSQL) that is still alive,
/// for [`after_fork_in_child`]. Directories in memory are not listed: a forked child gets its
/// own copy of one and may go on using it.
static STORED: Mutex<Vec<Weak<SharedDirectory>>> = Mutex::new(Vec::new());

/// Run by `os.register_at_fork(after_in_child=...)` (registered when the module is imported): in
/// a forked child, closes every directory opened on a store, so that using one raises
/// `DirectoryClosedError` saying it was opened in the parent process. Waits for nothing: should
/// a thread of the parent have held the list at the fork, the directories stay open here and
/// their stores refuse the child themselves (`StoreUsedAfterForkError`).
#[pyfunction]
pub(crate) fn after_fork_in_child() {
    let Ok(mut stored) = STORED.try_lock() else { return };
    for host in stored.drain(..).filter_map(|weak| weak.upgrade()) {
        host.close_after_fork();
    }
}

/// The customer responsibility directory.
#[pyclass(frozen, module = "vastuu", name = "Directory")]
pub(crate) struct PyDirectory {
    /// Also known, weakly, to [`after_fork_in_child`] when the directory has a store.
    pub(crate) host: Arc<SharedDirectory>,
    /// The store's folder or file (`None` in memory).
    pub(crate) path: Option<PathBuf>,
    pub(crate) backend: Backend,
    /// The `contextvars.ContextVar` holding, in each context, the token of the transaction its
    /// `with` block opened (made with the first transaction).
    context: PyOnceLock<Py<PyAny>>,
}

impl PyDirectory {
    /// A directory in memory.
    pub(crate) fn wrap(dir: Directory) -> Self {
        Self::stored(dir, Backend::Memory, None)
    }

    /// A directory kept by `backend` at `path`.
    pub(crate) fn stored(dir: Directory, backend: Backend, path: Option<PathBuf>) -> Self {
        let host = Arc::new(SharedDirectory::new(dir));
        if backend != Backend::Memory {
            let mut stored = STORED.lock().unwrap_or_else(PoisonError::into_inner);
            stored.retain(|weak| weak.strong_count() > 0);
            stored.push(Arc::downgrade(&host));
        }
        PyDirectory { host, path, backend, context: PyOnceLock::new() }
    }

    fn context_var<'py>(&self, py: Python<'py>) -> PyResult<&Bound<'py, PyAny>> {
        let var = self.context.get_or_try_init(py, || {
            let make = py.import("contextvars")?.getattr("ContextVar")?;
            make.call1(("vastuu_transaction",)).map(Bound::unbind)
        })?;
        Ok(var.bind(py))
    }

    /// The token of the transaction the current context opened, if one is open.
    pub(crate) fn caller(&self, py: Python<'_>) -> PyResult<Option<Token>> {
        if !self.host.in_transaction() {
            return Ok(None);
        }
        let token: Option<u64> = self.context_var(py)?.call_method1("get", (py.None(),))?.extract()?;
        Ok(token.map(Token::from_raw))
    }

    /// Runs a host call as the current context with the GIL released; its error becomes the
    /// Python exception.
    pub(crate) fn host<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&SharedDirectory, Option<Token>) -> Result<R, Error> + Send,
    ) -> PyResult<R> {
        let caller = self.caller(py)?;
        py.detach(|| f(&self.host, caller)).map_err(|e| host_error(py, e))
    }

    /// Runs a read of the core directory.
    pub(crate) fn run<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&Directory) -> vastuu::Result<R> + Send,
    ) -> PyResult<R> {
        self.host(py, |host, caller| host.read(caller, f))
    }

    /// Runs a read that cannot fail.
    pub(crate) fn read<R: Send>(&self, py: Python<'_>, f: impl FnOnce(&Directory) -> R + Send) -> PyResult<R> {
        self.run(py, |d| Ok(f(d)))
    }

    /// Runs a mutation of the core directory.
    pub(crate) fn write<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut Directory) -> vastuu::Result<R> + Send,
    ) -> PyResult<R> {
        self.host(py, |host, caller| host.write(caller, f))
    }
}

/// Calls that only convert: each forwards to the core method of the same name, its arguments
/// and its result converted with [`Convert`](vastuu_host::Convert). Arguments `with` a core struct
/// are gathered into it, field by field. A `read` cannot fail and a `list` reads a sequence; a
/// `run` (a read) and a `write` can fail.
macro_rules! calls {
    ($(
        $(#[$($attr:tt)*])*
        $access:ident $name:ident($($arg:ident: $ty:ty),*)
        $(with $core:ident { $($field:ident: $field_ty:ty),* $(,)? })? $(-> $ret:ty)?;
    )*) => {$(
        $crate::directory::calls!(
            @method [$(#[$($attr)*])*] $access $name
            [$($arg: $ty,)* $($($field: $field_ty,)*)?]
            [$(Convert::convert($arg),)* $($core { $($field: Convert::convert($field)),* })?]
            [$($ret)?]
        );
    )*};
    (@method $attrs:tt $access:ident $name:ident $params:tt $args:tt []) => {
        $crate::directory::calls!(@method $attrs $access $name $params $args [()]);
    };
    (@method [$($attr:tt)*] $access:ident $name:ident [$($params:tt)*] [$($args:tt)*] [$ret:ty]) => {
        #[pymethods]
        impl PyDirectory {
            $($attr)*
            fn $name(&self, py: Python<'_>, $($params)*) -> PyResult<$ret> {
                use vastuu_host::Convert;
                $crate::directory::calls!(@$access self.$name(py, $($args)*))
            }
        }
    };
    (@read $s:ident.$name:ident($py:ident, $($args:tt)*)) => {
        $s.read($py, |d| Convert::convert(d.$name($($args)*)))
    };
    (@list $s:ident.$name:ident($py:ident, $($args:tt)*)) => {
        $s.read($py, |d| d.$name($($args)*).into_iter().map(Convert::convert).collect())
    };
    (@run $s:ident.$name:ident($py:ident, $($args:tt)*)) => {
        $s.run($py, |d| d.$name($($args)*).map(Convert::convert))
    };
    (@write $s:ident.$name:ident($py:ident, $($args:tt)*)) => {
        $s.write($py, |d| d.$name($($args)*).map(Convert::convert))
    };
}
pub(crate) use calls;

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
        if self.host.is_closed() {
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
        self.write(py, |d| d.set_actor(actor.as_deref()))
    }

    /// Fixes the time recorded in change sets (an aware `datetime`); `None` returns to the
    /// system clock.
    #[pyo3(signature = (time))]
    fn set_clock(&self, py: Python<'_>, time: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let fixed = time.map(timestamp_from_py).transpose()?;
        self.write(py, |d| {
            match fixed {
                Some(ts) => d.set_clock(FixedClock(ts)),
                None => d.set_clock(SystemClock),
            }
            Ok(())
        })
    }

    /// A transaction: `with directory.transaction(): ...` makes the mutations inside one atomic
    /// change set.
    fn transaction(slf: &Bound<'_, Self>) -> PyTransaction {
        PyTransaction { directory: slf.clone().unbind(), state: Mutex::new(TransactionState::New) }
    }

    /// Runs `fn(directory)` inside a transaction and commits it; when the commit meets another
    /// writer's change set, runs it again on the caught-up directory, at most `attempts` times
    /// (then `ConflictError`). So `fn` may run more than once. Returns what `fn` returned; an
    /// exception from `fn` rolls back and propagates.
    #[pyo3(signature = (r#fn, *, attempts = 16))]
    fn run_transaction(slf: &Bound<'_, Self>, r#fn: Py<PyAny>, attempts: u32) -> PyResult<Py<PyAny>> {
        let (py, this) = (slf.py(), slf.get());
        let (caller, var, directory) = (this.caller(py)?, this.context_var(py)?.clone().unbind(), slf.clone().unbind());
        let host = &this.host;
        let run = |level: Level| {
            Python::attach(|py| {
                let reset = var.call_method1(py, "set", (level.token.get(),)).map_err(Failure::Body)?;
                let result = r#fn.call1(py, (directory.clone_ref(py),));
                var.call_method1(py, "reset", (reset,)).map_err(Failure::Body)?;
                result.map_err(Failure::Body)
            })
        };
        py.detach(|| host.run_transaction(caller, attempts, run)).map_err(|failure| match failure {
            Failure::Host(e) => host_error(py, e),
            Failure::Body(e) => e,
        })
    }

    /// How many transactions are open.
    #[getter]
    fn transaction_depth(&self, py: Python<'_>) -> usize {
        py.detach(|| self.host.transaction_depth())
    }

    /// A testing aid: makes the next call that reaches the core panic inside the library's
    /// panic boundary, as a bug would. The call raises `DirectoryPoisonedError`, and so does
    /// every later call until the store is opened again.
    fn panic_next_call(&self) {
        self.host.panic_next_call();
    }
}

enum TransactionState {
    New,
    /// Entered: the level the host opened, and the `contextvars.Token` that restores the
    /// context's previous transaction.
    Open(Level, Py<PyAny>),
    Ended,
}

/// An atomic group of mutations, used as a context manager.
#[pyclass(frozen, module = "vastuu", name = "Transaction")]
pub(crate) struct PyTransaction {
    directory: Py<PyDirectory>,
    state: Mutex<TransactionState>,
}

impl PyTransaction {
    fn state(&self) -> MutexGuard<'_, TransactionState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn finish(&self, py: Python<'_>, commit: bool) -> PyResult<()> {
        let (level, reset) = match &*self.state() {
            TransactionState::Open(level, reset) => (*level, reset.clone_ref(py)),
            _ => return Err(PyRuntimeError::new_err("the transaction is not open")),
        };
        let directory = self.directory.get();
        let (ended, outcome) = py.detach(|| directory.host.finish(level, commit));
        if ended {
            *self.state() = TransactionState::Ended;
            // From another context the reset fails; the token left there names no open transaction.
            let _ = directory.context_var(py)?.call_method1("reset", (reset,));
        }
        outcome.map_err(|e| host_error(py, e))
    }
}

#[pymethods]
impl PyTransaction {
    fn __enter__(slf: &Bound<'_, Self>) -> PyResult<Py<Self>> {
        let py = slf.py();
        let this = slf.get();
        {
            let mut state = this.state();
            if !matches!(*state, TransactionState::New) {
                return Err(PyRuntimeError::new_err("a transaction can be entered only once"));
            }
            *state = TransactionState::Ended;
        }
        let directory = this.directory.get();
        let level = directory.host(py, |host, caller| host.begin(caller))?;
        let reset = directory.context_var(py)?.call_method1("set", (level.token.get(),))?.unbind();
        *this.state() = TransactionState::Open(level, reset);
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
        if self.is_open() {
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
        matches!(*self.state(), TransactionState::Open(..))
    }
}

impl Drop for PyTransaction {
    fn drop(&mut self) {
        if let TransactionState::Open(level, _) = &*self.state() {
            // Without the GIL while waiting: a caller inside the directory may need the GIL.
            let (directory, level) = (&self.directory, *level);
            Python::attach(|py| py.detach(|| directory.get().host.abandon(level)));
        }
    }
}

/// Runs a core call that needs no directory (opening one, generating data) with the GIL
/// released, behind the panic boundary.
pub(crate) fn detached<R: Send>(py: Python<'_>, f: impl FnOnce() -> vastuu::Result<R> + Send) -> PyResult<R> {
    py.detach(|| vastuu_host::guarded(f)).map_err(|e| host_error(py, e))
}

calls! {
    /// Sequence number of the last committed change set (0 before any).
    #[getter]
    read last_seq() -> u64;
    /// Checks every rule of the data model against the current state.
    run check_integrity();
}
