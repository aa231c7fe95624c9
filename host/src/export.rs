//! The export runner: an export as a long read, with a progress callback and a cancel flag.

use crate::error::Error;
use crate::shared::{SharedDirectory, Token};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use vastuu::{Directory, Export, ExportOptions, ExportSummary, Language, Progress};

/// Why an export run failed.
#[derive(Debug)]
pub enum ExportError<E> {
    /// The directory or the core refused or stopped it.
    Host(Error),
    /// The progress callback failed with this error; the export was cancelled then (nothing was
    /// written) and the callback was not called again.
    Callback(E),
}

impl<E> From<Error> for ExportError<E> {
    fn from(error: Error) -> Self {
        ExportError::Host(error)
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// To a file: the rows written and the cells cut.
    File(ExportSummary),
    /// To memory: the file, and the rows written and the cells cut.
    Bytes(Vec<u8>, ExportSummary),
}

/// How an export reports progress and is stopped.
pub struct ExportRun<'a, E> {
    /// Language of headers, sheet names and status words.
    pub language: Language,
    /// Called with `(rows_written, total)` on the exporting thread, which is inside a call on
    /// the directory meanwhile (so a call from the callback to any directory fails with
    /// [`Error::Reentered`]). An error cancels the export.
    pub progress: Option<&'a mut (dyn FnMut(u64, u64) -> Result<(), E> + Send)>,
    /// Setting this flag (from any thread) stops the export before its next row with
    /// `ExportCancelled`; a failing callback sets it too.
    pub cancel: Option<&'a AtomicBool>,
    /// Whether an export to a path that is a symbolic link writes through it (otherwise it
    /// fails with `ExportSymlink`).
    pub follow_symlinks: bool,
    /// Whether the customer exports add a column of external ids (see
    /// [`ExportOptions::external_ids`]).
    pub external_ids: bool,
}

impl SharedDirectory {
    /// Runs an export as `caller`: `write` gets the directory and the export's options. The
    /// export is a long read: reads run beside it, mutations wait for it.
    ///
    /// # Errors
    /// The callback's error; the core's (`ExportCancelled` when cancelled through the flag);
    /// as [`SharedDirectory::read`].
    pub fn export<R, E>(
        &self,
        caller: Option<Token>,
        run: ExportRun<'_, E>,
        write: impl FnOnce(&Directory, ExportOptions<'_>) -> vastuu::Result<R>,
    ) -> Result<R, ExportError<E>> {
        let ExportRun { language, mut progress, cancel, follow_symlinks, external_ids } = run;
        let own = AtomicBool::new(false);
        let flag = cancel.unwrap_or(&own);
        let has_progress = progress.is_some();
        let mut failed: Option<E> = None;
        let mut report = |p: Progress| {
            let Some(callback) = progress.as_mut() else { return };
            if failed.is_none() {
                if let Err(error) = callback(p.rows_written, p.total) {
                    failed = Some(error);
                    flag.store(true, Ordering::Relaxed);
                }
            }
        };
        let result = self.long_read(caller, |d| {
            let mut options = ExportOptions::language(language)
                .with_cancel(flag)
                .follow_symlinks(follow_symlinks)
                .external_ids(external_ids);
            if has_progress {
                options = options.with_progress(&mut report);
            }
            write(d, options)
        });
        if let Some(error) = failed {
            return Err(ExportError::Callback(error));
        }
        result.map_err(ExportError::Host)
    }
}

impl SharedDirectory {
    /// Runs `export` as [`export`](SharedDirectory::export) does: to the file at `path`, or, without
    /// one, to memory.
    ///
    /// # Errors
    /// As [`SharedDirectory::export`].
    pub fn export_to<E>(
        &self,
        caller: Option<Token>,
        run: ExportRun<'_, E>,
        export: &Export,
        path: Option<&Path>,
    ) -> Result<Written, ExportError<E>> {
        self.export(caller, run, |d, options| match path {
            Some(path) => d.export_to_path(export, path, options).map(Written::File),
            None => {
                let mut bytes = Vec::new();
                let summary = d.export_to_writer(export, &mut bytes, options)?;
                Ok(Written::Bytes(bytes, summary))
            }
        })
    }
}
