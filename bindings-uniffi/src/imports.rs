//! Imports from .xlsx and .csv files: employees, customers, customer groups, special groups and
//! responsibilities, read by their column headers (Finnish, Swedish or English: the headers the
//! exports write, so every export imports back) and applied as one change set, all or nothing.
//!
//! A file with problems throws `ImportFailed` listing every problem (file, sheet, row, column,
//! kind, reason); nothing changes then. A dry run returns the same report and changes nothing.

use crate::convert::convert_record;
use crate::directory::Directory;
use crate::error::Result;
use crate::exports::Language;
use crate::ids::EntityRef;
use crate::numbers::Count;
use vastuu::{ImportOptions, ImportSource};

/// The format of a file to import.
pub type ImportFormat = vastuu::ImportFormat;

/// The format of a file to import.
#[uniffi::remote(Enum)]
pub enum ImportFormat {
    /// An Excel workbook (.xlsx).
    Xlsx,
    /// Comma- or semicolon-separated values (.csv): UTF-8 (with or without a byte order mark)
    /// or Windows-1252.
    Csv,
}

/// What a file holds.
pub type ImportKind = vastuu::ImportKind;

/// What a file holds.
#[uniffi::remote(Enum)]
pub enum ImportKind {
    /// Employees: name, email, team, active, sales rights.
    Employees,
    /// Customers: number, name, status, archived, group, special groups, responsible persons.
    Customers,
    /// Customer groups: name, numbering start and end, ledger account, cost centers.
    CustomerGroups,
    /// Special groups: name, description.
    SpecialGroups,
    /// Responsibilities: the responsible-persons list, or the matrix.
    Responsibilities,
}

/// What an item of an [`ImportReport`] is.
pub type ImportItemKind = vastuu::ImportItemKind;

/// What an item of an [`ImportReport`] is.
#[uniffi::remote(Enum)]
pub enum ImportItemKind {
    /// An employee.
    Employee,
    /// A team.
    Team,
    /// A role.
    Role,
    /// A customer.
    Customer,
    /// A project.
    Project,
    /// A customer group.
    CustomerGroup,
    /// A special group.
    SpecialGroup,
    /// A responsibility.
    Responsibility,
}

/// One thing an import created, changed or left alone.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImportItem {
    /// The row it comes from (the first row that named it; the header is row 1).
    pub row: Count,
    /// What it is.
    pub kind: ImportItemKind,
    /// Its id (in a dry run, the id it would get); none for a responsibility.
    pub id: Option<EntityRef>,
    /// Its name (a customer's with its number; a responsibility's as `subject / employee`).
    pub label: String,
    /// What changed (field names such as `status`, `group`, `roles`); empty when created or
    /// left alone.
    pub fields: Vec<String>,
}

/// What an import did, or, in a dry run, would do.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImportReport {
    /// What the file held.
    pub kind: ImportKind,
    /// Whether it was a dry run (nothing changed).
    pub dry_run: bool,
    /// Data rows read.
    pub rows: Count,
    /// What was created (including what `createMissing` created).
    pub created: Vec<ImportItem>,
    /// What existed and was changed.
    pub changed: Vec<ImportItem>,
    /// What existed and was left alone, as the file has it already.
    pub unchanged: Vec<ImportItem>,
}

convert_record!(
    vastuu::ImportItem => ImportItem { row, kind, id, label, fields }
    vastuu::ImportReport => ImportReport { kind, dry_run, rows, created, changed, unchanged }
);

/// The options both imports take.
struct Options {
    kind: Option<ImportKind>,
    dry_run: bool,
    create_missing: bool,
    sheet: Option<String>,
}

impl Options {
    fn core(self) -> ImportOptions<'static> {
        ImportOptions {
            kind: self.kind,
            dry_run: self.dry_run,
            create_missing: self.create_missing,
            sheet: self.sheet,
            ..ImportOptions::default()
        }
    }
}

#[uniffi::export]
impl Directory {
    /// Imports the .xlsx or .csv file at `path` (its format from its extension, else from its
    /// first bytes) as one change set, or with `dry_run` only reports what it would do.
    /// `kind` is guessed from the headers when none; `create_missing` creates the groups,
    /// employees, roles … the rows name and the directory lacks.
    ///
    /// # Errors
    /// `ImportFailed` with every problem found (nothing changes then); `Store`.
    #[uniffi::method(default(kind = None, dry_run = false, create_missing = false, sheet = None))]
    pub fn import_file(
        &self,
        path: String,
        kind: Option<ImportKind>,
        dry_run: bool,
        create_missing: bool,
        sheet: Option<String>,
    ) -> Result<ImportReport> {
        let options = Options { kind, dry_run, create_missing, sheet };
        let path = std::path::PathBuf::from(path);
        self.write(|d| d.import(&ImportSource::Path(&path), options.core()).map(ImportReport::from))
    }

    /// Imports a file's bytes in `format`, named `name` in problems; as
    /// [`Directory::import_file`] otherwise.
    ///
    /// # Errors
    /// As [`Directory::import_file`].
    #[uniffi::method(default(name = "data", kind = None, dry_run = false, create_missing = false, sheet = None))]
    #[allow(clippy::too_many_arguments)]
    pub fn import_bytes(
        &self,
        data: Vec<u8>,
        format: ImportFormat,
        name: String,
        kind: Option<ImportKind>,
        dry_run: bool,
        create_missing: bool,
        sheet: Option<String>,
    ) -> Result<ImportReport> {
        let options = Options { kind, dry_run, create_missing, sheet };
        self.write(|d| d.import(&ImportSource::bytes(&data, format, &name), options.core()).map(ImportReport::from))
    }
}

/// The headers of a kind's sheet in a language (the columns an import reads, required ones
/// first): for templates a user fills in.
#[uniffi::export]
pub fn import_headers(kind: ImportKind, language: Language) -> Vec<String> {
    vastuu::import_headers(kind, language)
}
