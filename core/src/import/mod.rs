//! Imports from .xlsx and .csv files: employees, customers, customer groups, special groups and
//! responsibilities, as a firm has them in spreadsheets or an old system's export.
//!
//! [`Directory::import`] reads a file ([`ImportSource`]: a path, or bytes with their
//! [`ImportFormat`]), finds its columns by their headers in Finnish, Swedish or English, checks
//! every row, and applies them all as **one change set**: all or nothing. Each row is matched
//! with what the directory has — customers by customer number, employees by email address and
//! else by name, groups, special groups, teams and roles by name (case-insensitively); employees,
//! customers and customer groups first by their external id when the file has an "Ulkoinen
//! tunnus" / "Externt id" / "External id" column (such a row also renames what it matches) — and
//! is created, changed or left alone; the [`ImportReport`] lists which. A dry run
//! ([`ImportOptions::dry_run`], or [`Directory::plan_import`]) returns the same report and
//! changes nothing.
//!
//! Every problem is reported, not only the first: [`Error::Import`]
//! carries the list, each [`ImportProblem`] with its file, sheet, row, column and reason.
//!
//! # What each export imports as
//! Every export imports back (the headers are the same ones, in any of the three languages):
//!
//! | file | kind | what is read |
//! |---|---|---|
//! | customers export (also a group's or special group's) | [`ImportKind::Customers`] | number, name, status, archived, group, special groups; the responsible persons as customer-level responsibilities (added, never removed; no roles or periods); the external id when exported with [`ExportOptions::external_ids`](crate::ExportOptions::external_ids) |
//! | responsible-persons list | [`ImportKind::Responsibilities`] | customer (by number, else name), project, employee (by email, else name), sales rights of a new employee, validity period, roles |
//! | matrix (plain or by role) | [`ImportKind::Responsibilities`] | a responsibility per marked cell: `x`, or its role names; no periods (an existing responsibility keeps its period; with `x`, its roles) |
//! | an employees sheet (import only) | [`ImportKind::Employees`] | name, email, team, active, sales rights, external id |
//! | a customer groups sheet (import only) | [`ImportKind::CustomerGroups`] | name, numbering start and end, ledger account, cost centers, external id |
//! | a special groups sheet (import only) | [`ImportKind::SpecialGroups`] | name, description |
//!
//! What the exports do not carry is not imported: ids, the employees' teams, activity and
//! visibility, the groups' numbering series and salespeople, role scopes beyond the subject's,
//! the special groups' descriptions, archived projects, the history. Lists in one cell (special
//! groups, responsible persons, roles, cost centers) are separated by commas, so a name holding
//! a comma does not survive a list cell. The headers of the import-only sheets:
//! [`import_headers`].
//!
//! Names the file refers to (a customer's group, a responsibility's employee or role) must exist
//! in the directory, unless [`ImportOptions::create_missing`] is set: then they are created (and
//! reported as created), which is how an export imports into an empty directory.
//!
//! # Limits
//! A cell of more than [`MAX_IMPORT_CELL_CHARS`] characters is a problem; a file larger than
//! [`ImportOptions::max_file_bytes`] is refused; a workbook's zip directory is read before
//! anything is unpacked, and a workbook whose entries declare, or really unpack to, more than
//! [`ImportOptions::max_unpacked_bytes`] is refused (zip bombs). CSV files are read as UTF-8
//! (with or without a byte order mark) when they are valid UTF-8, else as Windows-1252; the
//! delimiter (`;` or `,`) is the one the header line has more of.
//!
//! # Examples
//! ```
//! use vastuu::{Directory, ImportFormat, ImportKind, ImportOptions, ImportSource, NewCustomerGroup};
//! let mut dir = Directory::new();
//! dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
//! let csv = "Asiakasnumero;Nimi;Asiakasryhmä\n1000;Esimerkki Oy;Pohjoinen\n1001;Öljy Ab;\n";
//! let source = ImportSource::bytes(csv.as_bytes(), ImportFormat::Csv, "asiakkaat.csv");
//!
//! let plan = dir.plan_import(&source, ImportOptions::default())?;   // a dry run: nothing changes
//! assert_eq!((plan.kind, plan.created.len()), (ImportKind::Customers, 2));
//! assert_eq!(dir.customers().count(), 0);
//!
//! let report = dir.import(&source, ImportOptions::default())?;      // one change set
//! assert_eq!(report.created.len(), 2);
//! assert_eq!(dir.customer_by_number(1000).map(|c| c.name.as_str()), Some("Esimerkki Oy"));
//!
//! // Again: everything is there already.
//! assert_eq!(dir.import(&source, ImportOptions::default())?.unchanged.len(), 2);
//! # Ok::<(), vastuu::Error>(())
//! ```

mod apply;
mod bulk;
mod columns;
mod parse;
mod read;

use crate::directory::Directory;
use crate::error::{Error, ImportErrors, ImportProblem, ImportProblemKind, Result};
use crate::export::Language;
use crate::model::EntityRef;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The longest cell an import reads, in characters: Excel's own limit for a cell.
pub const MAX_IMPORT_CELL_CHARS: usize = 32_767;
/// The most data rows an import reads: a sheet's limit in Excel.
pub const MAX_IMPORT_ROWS: usize = 1_048_576;
/// The default of [`ImportOptions::max_file_bytes`]: 256 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 << 20;
/// The default of [`ImportOptions::max_unpacked_bytes`]: 1 GiB.
pub const DEFAULT_MAX_UNPACKED_BYTES: u64 = 1 << 30;

/// The format of a file to import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// An Excel workbook (.xlsx).
    Xlsx,
    /// Comma- or semicolon-separated values (.csv).
    Csv,
}

impl ImportFormat {
    /// The format a file name's extension says (`.xlsx`, `.csv`, `.txt`; any case), if any.
    pub fn of_path(path: &Path) -> Option<ImportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(ImportFormat::Xlsx),
            "csv" | "txt" => Some(ImportFormat::Csv),
            _ => None,
        }
    }
}

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

impl ImportKind {
    /// Every kind.
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Employees,
        ImportKind::Customers,
        ImportKind::CustomerGroups,
        ImportKind::SpecialGroups,
        ImportKind::Responsibilities,
    ];

    /// Lower-case English name.
    pub const fn name(self) -> &'static str {
        match self {
            ImportKind::Employees => "employees",
            ImportKind::Customers => "customers",
            ImportKind::CustomerGroups => "customer groups",
            ImportKind::SpecialGroups => "special groups",
            ImportKind::Responsibilities => "responsibilities",
        }
    }
}

/// The file to import: a path, or bytes (with their format and a name for problems).
#[derive(Clone, Copy, Debug)]
pub enum ImportSource<'a> {
    /// A file; its format from its extension (else from its first bytes: a zip archive is a
    /// workbook, anything else CSV).
    Path(&'a Path),
    /// A file's bytes.
    Bytes {
        /// The bytes.
        data: &'a [u8],
        /// Their format.
        format: ImportFormat,
        /// The file's name, as problems name it.
        name: &'a str,
    },
}

impl<'a> ImportSource<'a> {
    /// A file at `path`.
    pub fn path(path: &'a impl AsRef<Path>) -> Self {
        ImportSource::Path(path.as_ref())
    }

    /// A file's bytes, named `name` in problems.
    pub fn bytes(data: &'a [u8], format: ImportFormat, name: &'a str) -> Self {
        ImportSource::Bytes { data, format, name }
    }
}

/// Progress of an import: rows applied so far of all the file's data rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportProgress {
    /// Data rows applied so far.
    pub rows_done: u64,
    /// Data rows the file has.
    pub total: u64,
}

/// Options of an import.
pub struct ImportOptions<'a> {
    /// What the file holds; `None`: guessed from its headers.
    pub kind: Option<ImportKind>,
    /// Only report what the import would do; change nothing.
    pub dry_run: bool,
    /// Create the groups, special groups, teams, employees, customers, projects and roles the
    /// rows name and the directory does not have (otherwise each is a problem).
    pub create_missing: bool,
    /// The sheet of a workbook to read (default: the first).
    pub sheet: Option<String>,
    /// The largest file read (default [`DEFAULT_MAX_FILE_BYTES`]).
    pub max_file_bytes: u64,
    /// The most a workbook may unpack to, all its entries together (default
    /// [`DEFAULT_MAX_UNPACKED_BYTES`]).
    pub max_unpacked_bytes: u64,
    /// Called with the rows applied so far and the total: first with 0, last with the total,
    /// and every 1,024 rows between (again for each attempt when another writer stored first).
    pub progress: Option<&'a mut dyn FnMut(ImportProgress)>,
}

impl Default for ImportOptions<'_> {
    fn default() -> Self {
        ImportOptions {
            kind: None,
            dry_run: false,
            create_missing: false,
            sheet: None,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_unpacked_bytes: DEFAULT_MAX_UNPACKED_BYTES,
            progress: None,
        }
    }
}

impl std::fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("kind", &self.kind)
            .field("dry_run", &self.dry_run)
            .field("create_missing", &self.create_missing)
            .field("sheet", &self.sheet)
            .field("max_file_bytes", &self.max_file_bytes)
            .field("max_unpacked_bytes", &self.max_unpacked_bytes)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl<'a> ImportOptions<'a> {
    /// Sets the kind (see [`ImportOptions::kind`]).
    pub fn kind(mut self, kind: ImportKind) -> Self {
        self.kind = Some(kind);
        self
    }
    /// Sets whether this is a dry run (see [`ImportOptions::dry_run`]).
    pub fn dry_run(mut self, yes: bool) -> Self {
        self.dry_run = yes;
        self
    }
    /// Sets whether missing names are created (see [`ImportOptions::create_missing`]).
    pub fn create_missing(mut self, yes: bool) -> Self {
        self.create_missing = yes;
        self
    }
    /// Reads this sheet of a workbook.
    pub fn sheet(mut self, name: impl Into<String>) -> Self {
        self.sheet = Some(name.into());
        self
    }
    /// Sets the most a workbook may unpack to (see [`ImportOptions::max_unpacked_bytes`]).
    pub fn max_unpacked_bytes(mut self, bytes: u64) -> Self {
        self.max_unpacked_bytes = bytes;
        self
    }
    /// Sets the largest file read (see [`ImportOptions::max_file_bytes`]).
    pub fn max_file_bytes(mut self, bytes: u64) -> Self {
        self.max_file_bytes = bytes;
        self
    }
    /// Adds a progress callback.
    pub fn with_progress(mut self, progress: &'a mut dyn FnMut(ImportProgress)) -> Self {
        self.progress = Some(progress);
        self
    }
}

/// What an item of an [`ImportReport`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportItem {
    /// The row it comes from (the first row that named it).
    pub row: u64,
    /// What it is.
    pub kind: ImportItemKind,
    /// Its id (in a dry run, the id it would get); `None` for a responsibility.
    pub id: Option<EntityRef>,
    /// Its name (a customer's with its number; a responsibility's as `subject / employee`).
    pub label: String,
    /// What changed (field names such as `status`, `group`, `roles`); empty when created or
    /// left alone.
    pub fields: Vec<String>,
}

/// What an import did, or, in a dry run, would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// What the file held.
    pub kind: ImportKind,
    /// Whether it was a dry run (nothing changed).
    pub dry_run: bool,
    /// Data rows read.
    pub rows: u64,
    /// What was created (including the groups, employees, roles … created for
    /// [`ImportOptions::create_missing`]).
    pub created: Vec<ImportItem>,
    /// What existed and was changed.
    pub changed: Vec<ImportItem>,
    /// What existed and was left alone, as the file has it already.
    pub unchanged: Vec<ImportItem>,
}

/// The headers of a kind's sheet in a language (the columns it reads, required ones first): for
/// import templates and documentation. Responsibilities: the responsible-persons list's.
pub fn import_headers(kind: ImportKind, language: Language) -> Vec<String> {
    columns::header_names(kind, language)
}

/// An [`ImportProblem`].
fn problem(
    file: &str,
    sheet: Option<&str>,
    row: Option<u64>,
    column: Option<String>,
    kind: ImportProblemKind,
    reason: String,
) -> ImportProblem {
    ImportProblem { file: file.to_owned(), sheet: sheet.map(str::to_owned), row, column, kind, reason }
}

fn failed(problems: Vec<ImportProblem>) -> Error {
    Error::Import(ImportErrors { problems })
}

/// The source's name, bytes and format.
fn load<'a>(source: &ImportSource<'a>, max: u64) -> Result<(String, std::borrow::Cow<'a, [u8]>, ImportFormat)> {
    match *source {
        ImportSource::Bytes { data, format, name } => Ok((name.to_owned(), data.into(), format)),
        ImportSource::Path(path) => {
            let name = path.display().to_string();
            let unreadable = |e: std::io::Error| {
                failed(vec![problem(
                    &name,
                    None,
                    None,
                    None,
                    ImportProblemKind::Unreadable,
                    format!("cannot read the file: {e}"),
                )])
            };
            let size = std::fs::metadata(path).map_err(unreadable)?.len();
            if size > max {
                let reason = format!("the file has {size} bytes, more than the limit of {max}");
                return Err(failed(vec![problem(&name, None, None, None, ImportProblemKind::TooLarge, reason)]));
            }
            let data = std::fs::read(path).map_err(unreadable)?;
            let format = ImportFormat::of_path(path).unwrap_or(if data.starts_with(b"PK") {
                ImportFormat::Xlsx
            } else {
                ImportFormat::Csv
            });
            Ok((name, data.into(), format))
        }
    }
}

impl Directory {
    /// Imports a file: every row checked and applied as one change set, or, with
    /// [`ImportOptions::dry_run`], only reported. See the [`import`](crate::import) module for
    /// the formats, the columns and how rows match what the directory has.
    ///
    /// # Errors
    /// [`Error::Import`] with every problem found (nothing changed);
    /// [`Error::Store`](crate::Error::Store) and [`Error::Conflict`](crate::Error::Conflict) as
    /// for [`Directory::transaction`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, ImportFormat, ImportOptions, ImportProblemKind, ImportSource};
    /// let mut dir = Directory::new();
    /// let csv = "Nimi,Sähköposti\nMatti,matti@example.fi\nMaija,ei-osoite\n,x@example.fi\n";
    /// let source = ImportSource::bytes(csv.as_bytes(), ImportFormat::Csv, "henkilöt.csv");
    /// let Err(Error::Import(errors)) = dir.import(&source, ImportOptions::default()) else { panic!() };
    /// let rows: Vec<_> = errors.problems.iter().map(|p| (p.row, p.kind)).collect();
    /// assert_eq!(rows, [(Some(3), ImportProblemKind::BadText), (Some(4), ImportProblemKind::BadText)]);
    /// assert_eq!(dir.employees().count(), 0);  // all or nothing
    /// ```
    pub fn import(&mut self, source: &ImportSource<'_>, options: ImportOptions<'_>) -> Result<ImportReport> {
        self.import_rows(source, options, true).map(|(report, _)| report)
    }

    /// [`Directory::import`], with the bulk path of customer rows allowed or not: the report and
    /// whether the bulk path was taken.
    fn import_rows(
        &mut self,
        source: &ImportSource<'_>,
        mut options: ImportOptions<'_>,
        bulk: bool,
    ) -> Result<(ImportReport, bool)> {
        let (name, data, format) = load(source, options.max_file_bytes)?;
        let table = read::table(&name, &data, format, &options).map_err(|p| failed(vec![p]))?;
        drop(data);
        let ((kind, records, headers), mut problems) = parse::records(&table, options.kind).map_err(failed)?;
        let mut run = apply::Run {
            file: &table.file,
            sheet: table.sheet.as_deref(),
            kind,
            create_missing: options.create_missing,
            dry_run: options.dry_run,
            numbered: headers.contains_key(&columns::Col::Number),
            headers,
            progress: options.progress.as_deref_mut(),
            bulk,
            batched: false,
        };
        if problems.is_empty() && !options.dry_run {
            let report = self.transaction(|d| apply::apply(d, &records, &mut run))?;
            return Ok((report, run.batched));
        }
        // A dry run, or rows already refused: apply the others only to find their problems too.
        if self.transaction_depth() == 0 && self.store_has_moved()? {
            self.sync()?;
        }
        self.begin_transaction();
        let report = apply::apply(self, &records, &mut run);
        self.rollback_transaction();
        if problems.is_empty() {
            return report.map(|r| (r, run.batched));
        }
        match report {
            Ok(_) => {}
            Err(Error::Import(more)) => problems.extend(more.problems),
            Err(other) => return Err(other),
        }
        problems.sort_by_key(|p| p.row);
        Err(failed(problems))
    }

    /// What importing a file would do, changing nothing: [`Directory::import`] as a dry run.
    ///
    /// # Errors
    /// As [`Directory::import`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, ImportFormat, ImportOptions, ImportSource};
    /// let mut dir = Directory::new();
    /// let csv = "Nimi,Sähköposti\nMatti,matti@example.fi\nMaija,maija@example.fi\n";
    /// let source = ImportSource::bytes(csv.as_bytes(), ImportFormat::Csv, "henkilöt.csv");
    /// let report = dir.plan_import(&source, ImportOptions::default())?;
    /// assert!(report.dry_run);
    /// assert_eq!(report.created.len(), 2);
    /// assert_eq!(dir.employees().count(), 0); // nothing changed
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn plan_import(&mut self, source: &ImportSource<'_>, options: ImportOptions<'_>) -> Result<ImportReport> {
        self.import(source, options.dry_run(true))
    }
}
