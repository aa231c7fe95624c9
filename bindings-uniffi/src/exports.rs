//! Excel exports (.xlsx): each writes exactly the rows of the view it mirrors, to a path or to
//! bytes, with an optional progress callback and an optional cancel token.
//!
//! The progress callback is a foreign interface (`ExportProgress`) called on the exporting
//! thread while the export holds the directory's lock: first with 0 rows, then every 1,024 rows,
//! last with the total. A call to any directory from it throws `CalledFromCallback` (waiting for
//! the lock the export holds would never end). When it throws, the export stops,
//! nothing is written, and the call throws that `VastuuException` (any other exception as
//! `CallbackFailed`). A [`CancelToken`], cancelled from any thread (or from the callback), stops
//! the export before its next row with `ExportCancelled`.

use crate::convert::mirror;
use crate::directory::Directory;
use crate::error::Result;
use crate::filter::CustomerFilter;
use crate::ids::{CustomerGroupId, SpecialGroupId};
use crate::numbers::Count;
use crate::views::{MatrixQuery, ResponsiblePersonsQuery};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use vastuu_host::{ExportError, ExportRun};

/// Language of column headers, sheet names and status words.
pub type Language = vastuu::Language;

/// Language of column headers, sheet names and status words.
#[uniffi::remote(Enum)]
pub enum Language {
    /// Finnish (the default).
    Finnish,
    /// Swedish.
    Swedish,
    /// English.
    English,
}

/// What to export.
#[derive(uniffi::Enum, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Export {
    /// The customers a filter keeps (the rows of `filterCustomers`): number, name, status,
    /// archived, group, special groups, responsible persons.
    Customers {
        /// The filter.
        filter: CustomerFilter,
    },
    /// A customer group's customers (none: customers in no group), archived ones included.
    GroupCustomers {
        /// The group, or none for "No group".
        group: Option<CustomerGroupId>,
    },
    /// A special group's customers, archived ones included.
    SpecialGroupCustomers {
        /// The special group.
        group: SpecialGroupId,
    },
    /// The responsible-persons list, every row.
    ResponsiblePersons {
        /// The list's query.
        query: ResponsiblePersonsQuery,
    },
    /// The responsibility matrix, every row and column: plain (an `x` per responsibility) or by
    /// role (the role names), as the query's `byRole` says.
    Matrix {
        /// The matrix's query.
        query: MatrixQuery,
    },
}

mirror!(to_core vastuu::Export => Export {
    Customers(filter),
    GroupCustomers(group),
    SpecialGroupCustomers(group),
    ResponsiblePersons(query),
    Matrix(query),
});

/// What an export to a file wrote.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExportSummary {
    /// Data rows written (without header rows).
    pub rows: Count,
    /// Text cells longer than Excel's 32,767 characters, written cut and ending in `… [cut]`.
    pub cells_cut: Count,
}

impl From<vastuu::ExportSummary> for ExportSummary {
    fn from(s: vastuu::ExportSummary) -> Self {
        ExportSummary { rows: Count(s.rows), cells_cut: Count(s.cells_cut) }
    }
}

/// Receives an export's progress (implemented in Kotlin or Swift).
#[uniffi::export(with_foreign)]
pub trait ExportProgress: Send + Sync {
    /// `rows_written` of `total` data rows are written. Throwing stops the export.
    ///
    /// # Errors
    /// Whatever the host throws; the export then stops and throws it.
    fn on_progress(&self, rows_written: Count, total: Count) -> Result<()>;
}

/// Stops a running export when cancelled; share it with the thread (or callback) that decides.
#[derive(uniffi::Object, Debug, Default)]
pub struct CancelToken {
    flag: AtomicBool,
}

#[uniffi::export]
impl CancelToken {
    /// A token that is not cancelled.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(CancelToken::default())
    }

    /// Cancels: an export using this token stops before its next row with `ExportCancelled`.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Whether [`CancelToken::cancel`] was called (or a progress callback of an export using
    /// this token threw).
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }
}

impl Directory {
    /// Runs an export with the language, progress callback and cancel token given.
    fn export<R>(
        &self,
        export: Export,
        language: Option<Language>,
        progress: Option<Arc<dyn ExportProgress>>,
        cancel: Option<Arc<CancelToken>>,
        (follow_symlinks, external_ids): (bool, bool),
        run: impl FnOnce(&vastuu::Directory, &vastuu::Export, vastuu::ExportOptions<'_>) -> vastuu::Result<R>,
    ) -> Result<R> {
        let export = vastuu::Export::from(export);
        let mut report =
            |written, total| progress.as_ref().map_or(Ok(()), |p| p.on_progress(Count(written), Count(total)));
        let run_options = ExportRun {
            language: language.unwrap_or_default(),
            progress: progress.is_some().then_some(&mut report as &mut (dyn FnMut(u64, u64) -> Result<()> + Send)),
            cancel: cancel.as_ref().map(|token| &token.flag),
            follow_symlinks,
            external_ids,
        };
        self.host().export(self.caller(), run_options, |d, options| run(d, &export, options)).map_err(|e| match e {
            ExportError::Callback(thrown) => thrown,
            ExportError::Host(error) => error.into(),
        })
    }
}

#[uniffi::export]
impl Directory {
    /// Writes an export to a file at `path`; returns the data rows written and how many
    /// over-long cells were cut. Language: Finnish when none.
    ///
    /// The file is written under a temporary name beside `path` and renamed over it when
    /// complete: an existing file is replaced only when the export succeeds. A `path` that is a
    /// symbolic link is refused (`ExportSymlink`) unless `follow_symlinks` is true. With
    /// `external_ids`, the customer exports end with a column of the customers' external ids
    /// (the other exports have no such column).
    ///
    /// # Errors
    /// The errors of the view the export mirrors (e.g. `NotFound`); `ExportSymlink`;
    /// `ExportFailed` when the file cannot be written; `ExportCancelled`; what the progress
    /// callback threw.
    #[uniffi::method(default(
        language = None,
        progress = None,
        cancel = None,
        follow_symlinks = false,
        external_ids = false
    ))]
    #[allow(clippy::too_many_arguments)]
    pub fn export_to_path(
        &self,
        export: Export,
        path: String,
        language: Option<Language>,
        progress: Option<Arc<dyn ExportProgress>>,
        cancel: Option<Arc<CancelToken>>,
        follow_symlinks: bool,
        external_ids: bool,
    ) -> Result<ExportSummary> {
        self.export(export, language, progress, cancel, (follow_symlinks, external_ids), |d, e, o| {
            d.export_to_path(e, &path, o).map(ExportSummary::from)
        })
    }

    /// Writes an export and returns the .xlsx file's bytes. Language: Finnish when none.
    ///
    /// # Errors
    /// As [`Directory::export_to_path`], without the file errors.
    #[uniffi::method(default(language = None, progress = None, cancel = None, external_ids = false))]
    pub fn export_to_bytes(
        &self,
        export: Export,
        language: Option<Language>,
        progress: Option<Arc<dyn ExportProgress>>,
        cancel: Option<Arc<CancelToken>>,
        external_ids: bool,
    ) -> Result<Vec<u8>> {
        self.export(export, language, progress, cancel, (false, external_ids), |d, e, o| d.export_to_bytes(e, o))
    }

    /// Writes an export to memory, as [`Directory::export_to_bytes`] does, and returns the
    /// file's bytes with what [`Directory::export_to_path`] returns (the rows written and the
    /// over-long cells cut).
    ///
    /// # Errors
    /// As [`Directory::export_to_bytes`].
    #[uniffi::method(default(language = None, progress = None, cancel = None, external_ids = false))]
    pub fn export_to_bytes_with_summary(
        &self,
        export: Export,
        language: Option<Language>,
        progress: Option<Arc<dyn ExportProgress>>,
        cancel: Option<Arc<CancelToken>>,
        external_ids: bool,
    ) -> Result<ExportedBytes> {
        self.export(export, language, progress, cancel, (false, external_ids), |d, e, o| {
            let mut bytes = Vec::new();
            let summary = d.export_to_writer(e, &mut bytes, o)?;
            Ok(ExportedBytes { bytes, summary: summary.into() })
        })
    }
}

/// An export written to memory: the .xlsx file and what was written.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExportedBytes {
    /// The .xlsx file.
    pub bytes: Vec<u8>,
    /// The rows written and the over-long cells cut.
    pub summary: ExportSummary,
}

/// The column headers of an export in a language (the matrix adds one column per employee).
///
/// # Errors
/// `NumberOutOfRange` for a negative id in `export` (as every call that takes a number; see
/// [`crate::numbers`]); the ids are not looked up.
#[uniffi::export]
pub fn export_headers(export: Export, language: Language) -> Result<Vec<String>> {
    Ok(vastuu::export::headers(&vastuu::Export::from(export), language))
}
