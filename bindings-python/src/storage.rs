//! Stores: opening a directory kept in a file store folder, a SQLite file or a PostgreSQL
//! schema, catching up with other writers, compacting, and closing (also as a context manager)
//! so that the store's lock or connections are released at a known moment.

use crate::convert::enum_to_py;
use crate::directory::{calls, detached, Backend, PyDirectory};
use crate::rows::{row_class, tuple_of};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::path::PathBuf;
use std::time::Duration;
use vastuu::{Directory, PostgresOptions, PostgresStore, Repair, SalvageReport, SqliteStore};

#[pymethods]
impl PyDirectory {
    /// Opens the directory kept in the folder `path` (a `str` or path-like object), creating an
    /// empty store if the folder does not exist (its parent must) or is empty. The folder stays
    /// locked until the directory is closed. The GIL is released while the store is read.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<PyDirectory> {
        let dir = detached(py, || Directory::open(&path))?;
        Ok(PyDirectory::stored(dir, Backend::File, Some(path)))
    }

    /// Opens the directory kept in the SQLite database file `path`, creating it if the file does
    /// not exist or is empty. The database stays locked until the directory is closed, unless
    /// `shared`: then other directories, in this process or others on the host, may open it
    /// shared too and all write to it. The GIL is released while the store is read.
    #[staticmethod]
    #[pyo3(signature = (path, *, shared = false))]
    fn open_sqlite(py: Python<'_>, path: PathBuf, shared: bool) -> PyResult<PyDirectory> {
        let open = if shared { SqliteStore::open_shared } else { SqliteStore::open };
        let dir = detached(py, || Directory::with_store(open(&path)?))?;
        Ok(PyDirectory::stored(dir, Backend::Sqlite, Some(path)))
    }

    /// Opens the directory kept in the PostgreSQL database `dsn` (a libpq connection string or
    /// URL), in `schema` (default `vastuu`; created when missing). Any number of directories,
    /// in any processes on any hosts, may open the same store and all write to it. `writer`
    /// names this handle in the stored rows; `poll_interval` (seconds, default 1) is how stale
    /// a read may be at most when a change notification is lost. The GIL is released while the
    /// store is read.
    #[staticmethod]
    #[pyo3(signature = (dsn, *, schema = None, writer = None, poll_interval = None))]
    fn open_postgres(
        py: Python<'_>,
        dsn: String,
        schema: Option<String>,
        writer: Option<String>,
        poll_interval: Option<f64>,
    ) -> PyResult<PyDirectory> {
        let mut options = PostgresOptions::new();
        if let Some(name) = schema {
            options = options.schema(name);
        }
        if let Some(id) = writer {
            options = options.writer(id);
        }
        if let Some(seconds) = poll_interval {
            let every = Duration::try_from_secs_f64(seconds).map_err(|e| PyValueError::new_err(e.to_string()))?;
            options = options.poll_interval(every);
        }
        let dir = detached(py, || Directory::with_store(PostgresStore::connect_with(&dsn, options)?))?;
        Ok(PyDirectory::stored(dir, Backend::Postgres, None))
    }

    /// Closes the directory and releases its store (and the store's lock). Open transactions
    /// are rolled back (another thread's, once it ends); every later call raises
    /// `DirectoryClosedError`. Closing again does nothing.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        self.host(py, |host, caller| host.close(caller))
    }

    /// Whether the directory is closed.
    #[getter]
    fn closed(&self) -> bool {
        self.host.is_closed()
    }

    /// The store's folder or file, or `None` for a directory in memory.
    #[getter]
    fn path(&self) -> Option<PathBuf> {
        self.path.clone()
    }

    /// What opening the store found and mended: a torn or damaged last journal record cut off,
    /// a damaged snapshot set aside, each first copied beside the store (`saved_to`). Empty
    /// when the store was opened as it was left; log it, or show it to whoever looks after the
    /// store.
    #[getter]
    fn open_report(&self, py: Python<'_>) -> PyResult<Vec<PyRepair>> {
        self.read(py, |d| d.open_report().repairs.into_iter().map(PyRepair).collect())
    }

    /// Where the data is kept: `StoreBackend.MEMORY`, `FILE`, `SQLITE` or `POSTGRES`.
    #[getter]
    fn backend<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_to_py(py, self.backend)
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// Closes the directory at the end of a `with` block.
    #[pyo3(signature = (exc_type, exc_value, traceback))]
    fn __exit__(
        &self,
        py: Python<'_>,
        exc_type: Option<&Bound<'_, PyAny>>,
        exc_value: Option<&Bound<'_, PyAny>>,
        traceback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        let _ = (exc_type, exc_value, traceback);
        self.close(py)?;
        Ok(false)
    }
}

calls! {
    /// Catches up with the changes other directories on the same store stored (other processes,
    /// or other handles of a shared store); returns how many change sets that was. Inside a
    /// transaction it does nothing.
    write sync() -> u64;
    /// Writes a snapshot of the current state to the store, so that opening it next time does
    /// not replay every change set. The history is kept.
    write compact();
}

row_class!(
    /// One thing opening a store mended (see `Directory.open_report`).
    PyRepair(Repair) as "Repair", hash |s| (s.0.path.clone(), s.0.offset), |py, r| {
        /// What was found: a `RepairKind`.
        kind: enum_to_py(py, r.kind)?,
        /// The file mended.
        path: &r.path,
        /// Where in `path` the bytes cut off began (0 for a file set aside whole).
        offset: r.offset,
        /// How many bytes were cut off or set aside.
        bytes: r.bytes,
        /// The file the bytes were copied to before anything was cut.
        saved_to: &r.saved_to,
        /// What was found and done, in English.
        detail: &r.detail,
    }
);

/// Recovers what is readable of a file store that will not open (a record damaged in the middle
/// of its journal, a snapshot newer than the journal) into a new store in `to` (a folder that
/// must not exist yet, or be empty), leaving the old one as it was. The GIL is released.
#[pyfunction(name = "salvage")]
pub(crate) fn py_salvage(py: Python<'_>, from_path: PathBuf, to: PathBuf) -> PyResult<PySalvageReport> {
    detached(py, || vastuu::salvage(&from_path, &to)).map(PySalvageReport)
}

row_class!(
    /// What `salvage` recovered, and what it could not.
    PySalvageReport(SalvageReport) as "SalvageReport", hash |s| (s.0.change_sets_kept, s.0.last_seq), |py, r| {
        /// Change sets copied from the old journal with their history (1 up to this number).
        change_sets_kept: r.change_sets_kept,
        /// The snapshot whose (newer) state the new store holds: its file, or None.
        snapshot_used: r.snapshot_used.as_ref().map(|(path, _)| path.clone()),
        /// The change set that snapshot was of, or None.
        snapshot_seq: r.snapshot_used.as_ref().map(|(_, seq)| *seq),
        /// The change set added to bring the kept change sets' state to the snapshot's, if any.
        bridge_seq: r.bridge_seq,
        /// Change sets after the snapshot, replayed on it and copied (renumbered).
        change_sets_after_snapshot: r.change_sets_after_snapshot,
        /// The last change set of the new store.
        last_seq: r.last_seq,
        /// What could not be read or used, one line each.
        problems: tuple_of(py, r.problems.iter().cloned())?,
    }
);
