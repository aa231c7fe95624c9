//! Excel exports: each writes the rows of the view it mirrors, to a path (returning an
//! `ExportResult`: the rows written, an `int`, with the cells cut) or to bytes (`path=None`),
//! with the GIL released while writing. An existing file is replaced only by a complete export;
//! a path that is a symbolic link is refused unless `follow_symlinks=True`.
//!
//! A progress callback is a Python callable taking `(rows_written, total)`. The core calls it
//! while it writes, from the exporting thread; the GIL is taken only for the call. When the
//! callback raises (or a signal such as Ctrl-C arrives while it runs), the export is cancelled
//! through the core's cancel flag (nothing is written) and the exception propagates.

use crate::convert::{type_name, DateArg, EnumArg, Given, Items};
use crate::directory::PyDirectory;
use crate::errors::host_error;
use crate::filter::{filter_of, PyCustomerFilter};
use crate::ids::{PyCustomerGroupId, PyEmployeeId, PyRoleId, PySpecialGroupId, PyTeamId};
use crate::views::{matrix_query, persons_query};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyBytes;
use std::path::PathBuf;
use vastuu::{Export, ExportSummary, Language};
use vastuu_host::{Convert, ExportError, ExportRun, Written};

/// A progress callback argument: a callable, checked when the export is asked for.
pub(crate) struct Callback(Py<PyAny>);

impl<'a, 'py> FromPyObject<'a, 'py> for Callback {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if !obj.is_callable() {
            return Err(PyTypeError::new_err(format!(
                "progress must be a callable taking (rows_written, total), got {}",
                type_name(&obj)
            )));
        }
        Ok(Callback(obj.to_owned().unbind()))
    }
}

impl PyDirectory {
    /// Runs an export with the GIL released, calling `progress` with the GIL taken.
    fn export(
        &self,
        py: Python<'_>,
        export: Export,
        path: Option<PathBuf>,
        language: Language,
        progress: Option<Callback>,
        (follow_symlinks, external_ids): (bool, bool),
    ) -> PyResult<Py<PyAny>> {
        let mut report = |written: u64, total: u64| {
            let Some(Callback(callback)) = &progress else { return Ok(()) };
            Python::attach(|py| py.check_signals().and_then(|()| callback.call1(py, (written, total)).map(drop)))
        };
        let progress = progress.is_some().then_some(&mut report as &mut (dyn FnMut(u64, u64) -> PyResult<()> + Send));
        let caller = self.caller(py)?;
        let run = ExportRun { language, progress, cancel: None, follow_symlinks, external_ids };
        match py.detach(|| self.host.export_to(caller, run, &export, path.as_deref())) {
            Err(ExportError::Callback(err)) => Err(err),
            Err(ExportError::Host(err)) => Err(host_error(py, err)),
            Ok(Written::File(summary)) => export_result(py, summary),
            Ok(Written::Bytes(bytes, summary)) => export_bytes(py, &bytes, summary),
        }
    }
}

/// The `vastuu.ExportResult` of an export to a file: the rows written (it is an `int`) and the
/// cells cut.
fn export_result(py: Python<'_>, summary: ExportSummary) -> PyResult<Py<PyAny>> {
    static CLASS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let class =
        CLASS.get_or_try_init(py, || py.import("vastuu._export")?.getattr("ExportResult").map(Bound::unbind))?;
    class.bind(py).call1((summary.rows, summary.cells_cut)).map(Bound::unbind)
}

/// The `vastuu.ExportBytes` of an export to memory: the file (it is `bytes`), the rows written
/// and the cells cut.
fn export_bytes(py: Python<'_>, bytes: &[u8], summary: ExportSummary) -> PyResult<Py<PyAny>> {
    static CLASS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let class = CLASS.get_or_try_init(py, || py.import("vastuu._export")?.getattr("ExportBytes").map(Bound::unbind))?;
    class.bind(py).call1((PyBytes::new(py, bytes), summary.rows, summary.cells_cut)).map(Bound::unbind)
}

/// The export calls: each takes the arguments its `Export` and its path are made of, then, as
/// every export does, `language`, `progress` and `follow_symlinks`; `$keys` says whether the
/// external id column is written (an argument of the customer exports, `false` for the others).
macro_rules! exports {
    ($($(#[$($attr:tt)*])* $name:ident($($arg:ident: $ty:ty),*) => $export:expr, $path:ident, $keys:expr;)*) => {
        #[pymethods]
        impl PyDirectory {
            $(
                $(#[$($attr)*])*
                fn $name(
                    &self,
                    py: Python<'_>,
                    $($arg: $ty,)*
                    language: Given<EnumArg<Language>>,
                    progress: Option<Callback>,
                    follow_symlinks: bool,
                ) -> PyResult<Py<PyAny>> {
                    self.export(py, $export, $path, language.convert(), progress, (follow_symlinks, $keys))
                }
            )*
        }
    };
}

exports! {
    /// Exports the customers a filter keeps (every non-archived customer without one): number,
    /// name, status, archived, group, special groups, responsible persons, and with
    /// `external_ids=True` the customers' external ids. To `path` (returns an `ExportResult`: the
    /// rows written, and the cells cut) or, with `path=None`, as the bytes of the file.
    #[pyo3(signature = (path = None, *, customers = None, external_ids = false, language = Given::Omitted,
        progress = None, follow_symlinks = false))]
    export_customers(path: Option<PathBuf>, customers: Option<PyRef<'_, PyCustomerFilter>>, external_ids: bool)
        => Export::Customers(filter_of(customers)), path, external_ids;
    /// Exports a customer group's customers (`group=None`: those in no group), archived ones
    /// included. To `path` (returns an `ExportResult`) or, with `path=None`, as bytes.
    #[pyo3(signature = (group, path = None, *, external_ids = false, language = Given::Omitted, progress = None,
        follow_symlinks = false))]
    export_group_customers(group: Option<PyCustomerGroupId>, path: Option<PathBuf>, external_ids: bool)
        => Export::GroupCustomers(group.convert()), path, external_ids;
    /// Exports a special group's customers, archived ones included. To `path` (returns an
    /// `ExportResult`) or, with `path=None`, as bytes.
    #[pyo3(signature = (group, path = None, *, external_ids = false, language = Given::Omitted, progress = None,
        follow_symlinks = false))]
    export_special_group_customers(group: PySpecialGroupId, path: Option<PathBuf>, external_ids: bool)
        => Export::SpecialGroupCustomers(group.0), path, external_ids;
    /// Exports the responsible-persons list (every row of `responsible_persons` with the same
    /// arguments). To `path` (returns an `ExportResult`) or, with `path=None`, as bytes.
    #[pyo3(signature = (path = None, *, customers = None, employees = Items::default(), include_projects = false,
        as_of = None, language = Given::Omitted, progress = None, follow_symlinks = false))]
    export_responsible_persons(
        path: Option<PathBuf>,
        customers: Option<PyRef<'_, PyCustomerFilter>>,
        employees: Items<PyEmployeeId>,
        include_projects: bool,
        as_of: Option<DateArg>
    ) => Export::ResponsiblePersons(persons_query(customers, employees, include_projects, as_of)), path, false;
    /// Exports the responsibility matrix (every row and column of `matrix` with the same
    /// arguments): an `x` per responsibility, or the role names with `by_role`. To `path`
    /// (returns an `ExportResult`) or, with `path=None`, as bytes.
    #[pyo3(signature = (path = None, *, customers = None, teams = Items::default(), employees = Items::default(),
        role = None, by_role = false, include_projects = false, as_of = None, language = Given::Omitted,
        progress = None, follow_symlinks = false))]
    export_matrix(
        path: Option<PathBuf>,
        customers: Option<PyRef<'_, PyCustomerFilter>>,
        teams: Items<PyTeamId>,
        employees: Items<PyEmployeeId>,
        role: Option<PyRoleId>,
        by_role: bool,
        include_projects: bool,
        as_of: Option<DateArg>
    ) => Export::Matrix(matrix_query(customers, teams, employees, role, by_role, include_projects, as_of)), path, false;
}
