//! Imports from .xlsx and .csv files: `Directory.import_file(path, ...)` and
//! `Directory.import_bytes(data, format, ...)`, run with the GIL released as one mutation of the
//! directory (all or nothing; a dry run changes nothing). They return an `ImportReport`; bad rows
//! raise `ImportFailedError`, whose `problems` are `ImportProblem` rows (file, sheet, row,
//! column, kind, reason).

use crate::convert::{enum_to_py, EnumArg};
use crate::directory::PyDirectory;
use crate::ids::entity_to_py;
use crate::rows::{row_class, try_tuple_of, tuple_of};
use pyo3::prelude::*;
use std::path::PathBuf;
use vastuu::{ImportFormat, ImportItem, ImportKind, ImportOptions, ImportProblem, ImportReport, ImportSource};

row_class!(
    /// One problem an import found: where it is and what is wrong.
    PyImportProblem(ImportProblem) as "ImportProblem", hash |s| (s.0.row, s.0.column.clone(), s.0.reason.clone()),
    |py, r| {
        /// The file's name (its path, or the name given with its bytes).
        file: &r.file,
        /// The sheet of a workbook (`None` for CSV).
        sheet: &r.sheet,
        /// The row as a spreadsheet numbers it (the header is row 1); `None` for the whole file.
        row: r.row,
        /// The column's header; `None` for a whole row or file.
        column: &r.column,
        /// What kind of problem: an `ImportProblemKind`.
        kind: enum_to_py(py, r.kind)?,
        /// What is wrong, in English.
        reason: &r.reason,
    }
);

row_class!(
    /// One thing an import created, changed or left alone.
    PyImportItem(ImportItem) as "ImportItem", hash |s| (s.0.row, s.0.label.clone()), |py, r| {
        /// The row it comes from (the first row that named it).
        row: r.row,
        /// What it is: an `ImportItemKind`.
        kind: enum_to_py(py, r.kind)?,
        /// Its id (in a dry run, the id it would get); `None` for a responsibility.
        id: match r.id { Some(id) => Some(entity_to_py(py, id)?), None => None },
        /// Its name (a customer's with its number; a responsibility's as `subject / employee`).
        label: &r.label,
        /// The fields changed (empty when created or left alone).
        fields: tuple_of(py, r.fields.iter().map(String::as_str))?,
    }
);

row_class!(
    /// What an import did, or, in a dry run, would do.
    PyImportReport(ImportReport) as "ImportReport", hash |s| (s.0.rows, s.0.created.len(), s.0.changed.len()),
    |py, r| {
        /// What the file held: an `ImportKind`.
        kind: enum_to_py(py, r.kind)?,
        /// Whether nothing was changed (a dry run).
        dry_run: r.dry_run,
        /// Data rows read.
        rows: r.rows,
        /// What was created (`ImportItem`s).
        created: items(py, &r.created)?,
        /// What existed and was changed.
        changed: items(py, &r.changed)?,
        /// What existed and was left alone.
        unchanged: items(py, &r.unchanged)?,
    }
);

fn items<'py>(py: Python<'py>, items: &[ImportItem]) -> PyResult<Bound<'py, PyAny>> {
    try_tuple_of(py, items.iter().map(|i| Ok(PyImportItem(i.clone()))))
}

/// The problems of an `ImportFailedError`, as a tuple of `ImportProblem`s.
pub(crate) fn problems_to_py(py: Python<'_>, problems: Vec<ImportProblem>) -> PyResult<Bound<'_, PyAny>> {
    try_tuple_of(py, problems.into_iter().map(|p| Ok(PyImportProblem(p))))
}

/// The options the two calls share.
struct Options {
    kind: Option<ImportKind>,
    dry_run: bool,
    create_missing: bool,
    sheet: Option<String>,
}

impl Options {
    fn core(self) -> ImportOptions<'static> {
        let mut o = ImportOptions::default().dry_run(self.dry_run).create_missing(self.create_missing);
        o.kind = self.kind;
        o.sheet = self.sheet;
        o
    }
}

#[pymethods]
impl PyDirectory {
    /// Imports a file (.xlsx or .csv, from its extension): every row checked and applied as one
    /// change set, or with `dry_run=True` only reported. `kind` (an `ImportKind`) is guessed
    /// from the headers when not given; `create_missing=True` creates the groups, employees,
    /// roles … the rows name and the directory lacks. Raises `ImportFailedError` with every
    /// problem found; nothing changes then.
    #[pyo3(signature = (path, *, kind = None, dry_run = false, create_missing = false, sheet = None))]
    fn import_file(
        &self,
        py: Python<'_>,
        path: PathBuf,
        kind: Option<EnumArg<ImportKind>>,
        dry_run: bool,
        create_missing: bool,
        sheet: Option<String>,
    ) -> PyResult<PyImportReport> {
        let options = Options { kind: kind.map(|k| k.0), dry_run, create_missing, sheet };
        self.write(py, |d| d.import(&ImportSource::Path(&path), options.core())).map(PyImportReport)
    }

    /// Imports a file's bytes (`format`: an `ImportFormat`), named `name` in problems; as
    /// `import_file` otherwise.
    #[pyo3(signature = (data, format, *, name = "data", kind = None, dry_run = false, create_missing = false, sheet = None))]
    fn import_bytes(
        &self,
        py: Python<'_>,
        data: Vec<u8>,
        format: EnumArg<ImportFormat>,
        name: &str,
        kind: Option<EnumArg<ImportKind>>,
        dry_run: bool,
        create_missing: bool,
        sheet: Option<String>,
    ) -> PyResult<PyImportReport> {
        let options = Options { kind: kind.map(|k| k.0), dry_run, create_missing, sheet };
        let name = name.to_owned();
        self.write(py, |d| d.import(&ImportSource::bytes(&data, format.0, &name), options.core())).map(PyImportReport)
    }
}
