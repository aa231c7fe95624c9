//! Importing a customers workbook into an empty directory, against reading the same file with
//! calamine alone (the floor: every import reads its workbook with calamine first).

use super::HarnessError;
use calamine::{Data as Cell, Range, Reader, Xlsx};
use std::path::{Path, PathBuf};
use vastuu::export::{Export, ExportOptions};
use vastuu::{ArchivedFilter, CustomerFilter, Directory, ImportOptions, ImportSource};

/// A customers workbook written by our export into a temporary folder, removed when dropped.
#[derive(Debug)]
pub struct Workbook {
    folder: PathBuf,
    path: PathBuf,
    /// The data rows it holds.
    pub rows: u64,
}

impl Workbook {
    /// Exports `dir`'s customers (every one, archived ones too) to a new workbook.
    ///
    /// # Errors
    /// Export errors.
    pub fn customers_of(dir: &Directory) -> Result<Workbook, HarnessError> {
        let folder = std::env::temp_dir().join(format!("vastuu-compare-import-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder)?;
        let path = folder.join("asiakkaat.xlsx");
        let export = Export::Customers(CustomerFilter::new().archived(ArchivedFilter::Include));
        let rows = dir.export_to_path(&export, &path, ExportOptions::default())?.rows;
        Ok(Workbook { folder, path, rows })
    }

    /// The workbook's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Ours: a new directory importing the workbook as one change set (creating the groups,
    /// special groups and employees it names). The directory is returned, so that it is dropped
    /// after the clock stops.
    ///
    /// # Errors
    /// Import errors.
    pub fn import(&self) -> Result<Directory, HarnessError> {
        let mut dir = Directory::new();
        dir.import(&ImportSource::Path(&self.path), ImportOptions::default().create_missing(true))?;
        Ok(dir)
    }

    /// The peer: calamine opening the workbook and reading its first sheet into memory.
    ///
    /// # Errors
    /// calamine errors.
    pub fn read(&self) -> Result<Range<Cell>, HarnessError> {
        let mut book: Xlsx<_> = calamine::open_workbook(&self.path)
            .map_err(|e: calamine::XlsxError| HarnessError::Failed(e.to_string()))?;
        let first = book.sheet_names().first().cloned().ok_or_else(|| HarnessError::Failed("no sheet".into()))?;
        book.worksheet_range(&first).map_err(|e| HarnessError::Failed(e.to_string()))
    }

    /// Checks that both see every row: the import creates a customer per data row, calamine
    /// reads the header and every data row.
    ///
    /// # Errors
    /// [`HarnessError::Disagree`] when they differ.
    pub fn check(&self, source: &Directory) -> Result<(), HarnessError> {
        let imported = self.import()?;
        let read = self.read()?.height() as u64;
        let (ours, theirs, exported) = (imported.customers().count() as u64, read.saturating_sub(1), self.rows);
        if ours != exported || theirs != exported || source.customers().count() as u64 != exported {
            return Err(HarnessError::Disagree(format!(
                "import: {ours} customers imported, {theirs} rows read by calamine, {exported} exported"
            )));
        }
        Ok(())
    }
}

impl Drop for Workbook {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
