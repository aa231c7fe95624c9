//! Excel exports (.xlsx) that office staff can open, written in constant memory.
//!
//! Every export writes exactly the rows of the view it mirrors, in the same order:
//! [`Export::Customers`] the rows of [`Directory::filter_customers`](crate::Directory::filter_customers) (group and special-group
//! exports are that filter with the group set), [`Export::ResponsiblePersons`] the rows of
//! [`Directory::responsible_persons`](crate::Directory::responsible_persons), [`Export::Matrix`] the rows and columns of
//! [`Directory::matrix`](crate::Directory::matrix). Rows are streamed to the file as they are read; nothing holds a copy
//! of all rows.

mod file;
mod sheet;

use sheet::{Cell, SheetWriter};
pub use sheet::{ExportSummary, Progress, CUT_MARKER, EXCEL_MAX_CELL};

use crate::collation::SortKey;
use crate::error::Result;
use crate::model::{Customer, CustomerGroupId, CustomerId, CustomerStatus, RoleId, SpecialGroupId, Subject};
use crate::state::State;
use crate::view::filter::{self, ArchivedFilter, CustomerFilter};
use crate::view::list::{self, ResponsiblePersonsQuery};
use crate::view::matrix::{self, MatrixQuery};
use crate::view::Page;
use std::borrow::Cow;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// Language of column headers, sheet names and status words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    /// Finnish (the default).
    #[default]
    Finnish,
    /// Swedish.
    Swedish,
    /// English.
    English,
}

impl Language {
    fn pick(self, fi: &'static str, sv: &'static str, en: &'static str) -> &'static str {
        match self {
            Language::Finnish => fi,
            Language::Swedish => sv,
            Language::English => en,
        }
    }
}

/// What to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Export {
    /// The customers a filter keeps: number, name, status, archived, group, special groups,
    /// responsible persons.
    Customers(CustomerFilter),
    /// A customer group's customers (`None`: customers in no group), archived ones included
    /// (the archived column tells them apart).
    GroupCustomers(Option<CustomerGroupId>),
    /// A special group's customers, archived ones included.
    SpecialGroupCustomers(SpecialGroupId),
    /// The responsible-persons list (its page is ignored: every row is written).
    ResponsiblePersons(ResponsiblePersonsQuery),
    /// The responsibility matrix, plain (an `x` per responsibility) or by role (the role names)
    /// as the query's `by_role` says (its pages are ignored: every row and column is written).
    Matrix(MatrixQuery),
}

/// Options of an export.
#[derive(Default)]
pub struct ExportOptions<'a> {
    /// Header language (Finnish by default).
    pub language: Language,
    /// Called with the rows written so far and the total: first with 0, last with the total,
    /// and every 1,024 rows between.
    pub progress: Option<&'a mut dyn FnMut(Progress)>,
    /// When the flag is set (by another thread, or by the progress callback), the export stops
    /// before its next row, or before writing the file, with
    /// [`Error::ExportCancelled`](crate::Error::ExportCancelled); nothing is written.
    pub cancel: Option<&'a AtomicBool>,
    /// Whether an export to a path that is a symbolic link writes to the file the link points
    /// to. Off by default: such an export fails with
    /// [`Error::ExportSymlink`](crate::Error::ExportSymlink) and writes nothing.
    pub follow_symlinks: bool,
    /// Whether the customer exports end with a column of the customers' external ids ("Ulkoinen
    /// tunnus", "Externt id", "External id"; the column an import matches customers by). Off by
    /// default; the other exports have no such column.
    pub external_ids: bool,
}

impl std::fmt::Debug for ExportOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportOptions")
            .field("language", &self.language)
            .field("progress", &self.progress.is_some())
            .field("cancel", &self.cancel)
            .field("follow_symlinks", &self.follow_symlinks)
            .field("external_ids", &self.external_ids)
            .finish()
    }
}

impl<'a> ExportOptions<'a> {
    /// Options with a language and no progress callback.
    pub fn language(language: Language) -> Self {
        ExportOptions { language, progress: None, cancel: None, follow_symlinks: false, external_ids: false }
    }
    /// Sets whether the customer exports add a column of external ids (see
    /// [`ExportOptions::external_ids`]).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{CustomerFilter, Directory, Export, ExportOptions, Language, NewCustomer};
    /// let mut dir = Directory::new();
    /// dir.create_customer(NewCustomer::new("Esimerkki").external_id("CRM-1042"))?;
    /// let options = ExportOptions::language(Language::English).external_ids(true);
    /// let bytes = dir.export_to_bytes(&Export::Customers(CustomerFilter::new()), options)?;
    /// assert!(bytes.starts_with(b"PK"));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn external_ids(mut self, yes: bool) -> Self {
        self.external_ids = yes;
        self
    }
    /// Sets whether an export to a symbolic link writes through it (see
    /// [`ExportOptions::follow_symlinks`]).
    pub fn follow_symlinks(mut self, follow: bool) -> Self {
        self.follow_symlinks = follow;
        self
    }
    /// Adds a progress callback.
    pub fn with_progress(mut self, progress: &'a mut dyn FnMut(Progress)) -> Self {
        self.progress = Some(progress);
        self
    }
    /// Adds a cancel flag: setting it stops the export (see [`ExportOptions::cancel`]).
    ///
    /// # Examples
    /// ```
    /// use std::sync::atomic::{AtomicBool, Ordering};
    /// use vastuu::{CustomerFilter, Directory, Error, Export, ExportOptions, NewCustomer, Progress};
    /// let mut dir = Directory::new();
    /// dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let cancel = AtomicBool::new(false);
    /// let mut stop_at_once = |_: Progress| cancel.store(true, Ordering::Relaxed);
    /// let options = ExportOptions::default().with_progress(&mut stop_at_once).with_cancel(&cancel);
    /// let err = dir.export_to_bytes(&Export::Customers(CustomerFilter::new()), options).unwrap_err();
    /// assert_eq!(err, Error::ExportCancelled);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn with_cancel(mut self, cancel: &'a AtomicBool) -> Self {
        self.cancel = Some(cancel);
        self
    }
}

/// The column headers of an export, in the given language (for documentation and tests).
pub fn headers(export: &Export, language: Language) -> Vec<String> {
    let l = language;
    let fixed: Vec<&str> = match export {
        Export::Customers(_) | Export::GroupCustomers(_) | Export::SpecialGroupCustomers(_) => vec![
            l.pick("Asiakasnumero", "Kundnummer", "Customer number"),
            l.pick("Nimi", "Namn", "Name"),
            l.pick("Tila", "Status", "Status"),
            l.pick("Arkistoitu", "Arkiverad", "Archived"),
            l.pick("Asiakasryhmä", "Kundgrupp", "Customer group"),
            l.pick("Erikoisryhmät", "Specialgrupper", "Special groups"),
            l.pick("Vastuuhenkilöt", "Ansvarspersoner", "Responsible persons"),
        ],
        Export::ResponsiblePersons(_) => vec![
            l.pick("Asiakasnumero", "Kundnummer", "Customer number"),
            l.pick("Asiakas", "Kund", "Customer"),
            l.pick("Asiakasryhmä", "Kundgrupp", "Customer group"),
            l.pick("Projekti", "Projekt", "Project"),
            l.pick("Vastuuhenkilö", "Ansvarsperson", "Responsible person"),
            l.pick("Sähköposti", "E-post", "Email"),
            l.pick("Myyjä", "Säljare", "Salesperson"),
            l.pick("Voimassa alkaen", "Giltig från", "Valid from"),
            l.pick("Voimassa asti", "Giltig till", "Valid to"),
            l.pick("Roolit", "Roller", "Roles"),
        ],
        Export::Matrix(_) => vec![
            l.pick("Asiakasnumero", "Kundnummer", "Customer number"),
            l.pick("Asiakas / projekti", "Kund / projekt", "Customer / project"),
        ],
    };
    fixed.into_iter().map(str::to_owned).collect()
}

fn status_word(status: CustomerStatus, l: Language) -> &'static str {
    match status {
        CustomerStatus::Active => l.pick("Asiakas", "Kund", "Customer"),
        CustomerStatus::Prospect => l.pick("Prospekti", "Prospekt", "Prospect"),
    }
}

fn number_cell(n: Option<u64>) -> Cell<'static> {
    n.map_or(Cell::Empty, Cell::Integer)
}

fn opt_text(s: Option<&str>) -> Cell<'_> {
    s.map_or(Cell::Empty, Cell::from)
}

fn joined(names: Vec<&str>) -> Cell<'static> {
    if names.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(Cow::Owned(names.join(", ")))
    }
}

/// Writes an export to a file at `path`, replacing an existing file only when the new one is
/// complete (see the `file` module).
pub(crate) fn to_path(s: &State, export: &Export, path: &Path, options: ExportOptions<'_>) -> Result<ExportSummary> {
    let target = file::target(path, options.follow_symlinks)?;
    write_export(s, export, options)?.save(&target)
}

/// Writes an export to `writer`.
pub(crate) fn to_writer(
    s: &State,
    export: &Export,
    writer: impl std::io::Write + Send,
    options: ExportOptions<'_>,
) -> Result<ExportSummary> {
    write_export(s, export, options)?.write_to(writer)
}

/// Writes an export into memory and returns the file's bytes.
pub(crate) fn to_bytes(s: &State, export: &Export, options: ExportOptions<'_>) -> Result<Vec<u8>> {
    write_export(s, export, options)?.into_bytes()
}

/// The header of the external id column (see [`ExportOptions::external_ids`]).
fn external_id_header(l: Language) -> String {
    l.pick("Ulkoinen tunnus", "Externt id", "External id").to_owned()
}

fn write_export<'p>(s: &State, export: &Export, options: ExportOptions<'p>) -> Result<SheetWriter<'p>> {
    let l = options.language;
    let customer_headers = || {
        let mut h = headers(export, l);
        if options.external_ids {
            h.push(external_id_header(l));
        }
        h
    };
    match export {
        Export::Customers(filter) => {
            let sheet = l.pick("Asiakkaat", "Kunder", "Customers");
            write_customers(s, filter, sheet, customer_headers(), options)
        }
        Export::GroupCustomers(group) => {
            let mut filter = CustomerFilter::new();
            filter.archived = ArchivedFilter::Include;
            let sheet = match group {
                Some(g) => {
                    let name = s.customer_group(*g)?.name.clone();
                    filter = filter.group(*g);
                    name
                }
                None => {
                    filter = filter.no_group();
                    l.pick("Ei ryhmää", "Ingen grupp", "No group").to_owned()
                }
            };
            write_customers(s, &filter, &sheet, customer_headers(), options)
        }
        Export::SpecialGroupCustomers(group) => {
            let name = s.special_group(*group)?.name.clone();
            let mut filter = CustomerFilter::new().special_group(*group);
            filter.archived = ArchivedFilter::Include;
            write_customers(s, &filter, &name, customer_headers(), options)
        }
        Export::ResponsiblePersons(query) => write_persons(s, query, headers(export, l), options),
        Export::Matrix(query) => write_matrix(s, query, headers(export, l), options),
    }
}

fn write_customers<'p>(
    s: &State,
    filter: &CustomerFilter,
    sheet: &str,
    headers: Vec<String>,
    options: ExportOptions<'p>,
) -> Result<SheetWriter<'p>> {
    let l = options.language;
    let columns = headers.len();
    let ids = filter::filter_customers(s, filter, None)?;
    let mut w = SheetWriter::new(sheet, headers, ids.len() as u64, options.progress, options.cancel)?;
    for id in ids {
        let Ok(c) = s.customer(id) else { continue };
        let group = c.group.and_then(|g| s.customer_group(g).ok()).map(|g| g.name.as_str());
        let cells = [
            number_cell(c.number),
            Cell::from(c.name.as_str()),
            Cell::from(status_word(c.status, l)),
            Cell::Bool(c.archived),
            opt_text(group),
            joined(special_group_names(s, c)),
            joined(responsible_names(s, Subject::Customer(c.id))),
            opt_text(c.external_id.as_deref()),
        ];
        // The last cell is written when the headers have its column.
        w.row(&cells[..columns.min(cells.len())])?;
    }
    Ok(w)
}

fn special_group_names<'s>(s: &'s State, c: &Customer) -> Vec<&'s str> {
    let mut names: Vec<(SortKey, &str)> = c
        .special_groups
        .iter()
        .filter_map(|g| s.special_group(*g).ok())
        .map(|g| (SortKey::new(&g.name), g.name.as_str()))
        .collect();
    names.sort();
    names.into_iter().map(|(_, n)| n).collect()
}

fn responsible_names(s: &State, subject: Subject) -> Vec<&str> {
    let mut names: Vec<(&SortKey, &str)> = s
        .responsible_employees(subject)
        .filter_map(|e| Some((s.employee_entry(e)?.key(), s.employee(e).ok()?.name.as_str())))
        .collect();
    names.sort();
    names.into_iter().map(|(_, n)| n).collect()
}

fn role_names<'s>(s: &'s State, roles: &[RoleId]) -> Cell<'s> {
    let mut first = roles.iter().filter_map(|r| s.role(*r).ok());
    match roles.len() {
        0 => Cell::Empty,
        1 => first.next().map_or(Cell::Empty, |r| Cell::from(r.name.as_str())),
        _ => {
            let mut names: Vec<(Option<&SortKey>, RoleId, &str)> =
                first.map(|r| (s.role_key(r.id), r.id, r.name.as_str())).collect();
            names.sort_unstable();
            joined(names.into_iter().map(|(_, _, n)| n).collect())
        }
    }
}

fn write_persons<'p>(
    s: &State,
    query: &ResponsiblePersonsQuery,
    headers: Vec<String>,
    options: ExportOptions<'p>,
) -> Result<SheetWriter<'p>> {
    let l = options.language;
    let total = list::walk_responsible_persons(s, query, 0..0, |_| Ok(()))?;
    let sheet = l.pick("Vastuuhenkilöt", "Ansvarspersoner", "Responsible persons");
    let mut w = SheetWriter::new(sheet, headers, total as u64, options.progress, options.cancel)?;
    // The rows name their roles by the place of the set (a handful of distinct sets): each
    // set's cell is made once.
    let roles: Vec<Cell<'_>> = s.role_sets().map(|set| role_names(s, set)).collect();
    // Rows come customer by customer: look each customer's group up once.
    let mut current: Option<(CustomerId, Option<&str>)> = None;
    list::walk_responsible_persons(s, query, 0..usize::MAX, |row| {
        let c = row.customer;
        let group = match current {
            Some((id, group)) if id == c.id => group,
            _ => {
                let group = c.group.and_then(|g| s.customer_group(g).ok()).map(|g| g.name.as_str());
                current = Some((c.id, group));
                group
            }
        };
        let e = row.employee;
        let project = row.project.map(|p| p.name.as_str());
        w.row(&[
            number_cell(c.number),
            Cell::from(c.name.as_str()),
            opt_text(group),
            opt_text(project),
            Cell::from(e.name.as_str()),
            opt_text(e.email.as_deref()),
            Cell::Bool(e.sales_rights),
            row.period.from.map_or(Cell::Empty, Cell::Date),
            row.period.to.map_or(Cell::Empty, Cell::Date),
            roles.get(row.roles as usize).map_or(Cell::Empty, Cell::borrowed),
        ])
    })?;
    Ok(w)
}

fn write_matrix<'p>(
    s: &State,
    query: &MatrixQuery,
    mut headers: Vec<String>,
    options: ExportOptions<'p>,
) -> Result<SheetWriter<'p>> {
    const CHUNK: usize = 2048;
    let mut q = query.clone();
    q.columns = Page::ALL;
    q.rows = Page::first(0);
    let first = matrix::matrix(s, &q)?;
    headers.extend(first.columns.iter().map(|c| c.name.clone()));
    let sheet = options.language.pick("Vastuut", "Ansvar", "Responsibilities");
    let mut w = SheetWriter::new(sheet, headers, first.total_rows, options.progress, options.cancel)?;
    let width = first.columns.len();
    matrix::for_each_page(s, &q, CHUNK, |chunk| {
        let mut cells = chunk.cells.iter().peekable();
        for (i, row) in chunk.rows.iter().enumerate() {
            let mut values: Vec<Cell<'_>> = Vec::with_capacity(width + 2);
            values.push(number_cell(row.customer_number));
            values.push(match row.subject {
                Subject::Customer(_) => Cell::from(row.name.as_str()),
                Subject::Project(_) => Cell::Text(Cow::Owned(format!("  └ {}", row.name))),
            });
            values.resize(width + 2, Cell::Empty);
            while let Some(cell) = cells.next_if(|c| c.row as usize == i) {
                let value = if query.by_role && !cell.roles.is_empty() {
                    joined(cell.roles.iter().map(|r| r.name.as_str()).collect())
                } else {
                    Cell::from("x")
                };
                if let Some(slot) = values.get_mut(cell.column as usize + 2) {
                    *slot = value;
                }
            }
            w.row(&values)?;
        }
        Ok(())
    })?;
    Ok(w)
}
