//! A table's rows as records of the kind being imported: each value read and checked on its
//! own (text rules, numbers, dates, periods, duplicates within the file), every problem kept.

use super::columns::{self, Col};
use super::read::{too_long, Table, Value};
use super::{problem, ImportKind, MAX_IMPORT_CELL_CHARS};
use crate::error::{Error, Field, ImportProblem, ImportProblemKind as P};
use crate::model::numbering::check_number;
use crate::model::{CustomerStatus, Period};
use crate::text;
use jiff::civil::Date;
use std::collections::HashMap;

/// An employees row.
#[derive(Debug)]
pub(super) struct EmployeeRow {
    pub(super) row: u64,
    pub(super) name: String,
    pub(super) email: Option<String>,
    pub(super) team: Option<String>,
    pub(super) active: Option<bool>,
    pub(super) sales: Option<bool>,
    pub(super) external_id: Option<String>,
}

/// A customer groups row.
#[derive(Debug)]
pub(super) struct GroupRow {
    pub(super) row: u64,
    pub(super) name: String,
    pub(super) start: Option<u64>,
    pub(super) end: Option<u64>,
    pub(super) ledger: Option<String>,
    pub(super) cost_centers: Option<Vec<String>>,
    pub(super) external_id: Option<String>,
}

/// A special groups row.
#[derive(Debug)]
pub(super) struct SpecialGroupRow {
    pub(super) row: u64,
    pub(super) name: String,
    pub(super) description: Option<String>,
}

/// A customers row.
#[derive(Debug)]
pub(super) struct CustomerRow {
    pub(super) row: u64,
    pub(super) number: Option<u64>,
    pub(super) name: String,
    pub(super) status: Option<CustomerStatus>,
    pub(super) archived: Option<bool>,
    /// `None`: no group column; `Some(None)`: in no group.
    pub(super) group: Option<Option<String>>,
    pub(super) special_groups: Option<Vec<String>>,
    pub(super) responsible: Option<Vec<String>>,
    pub(super) external_id: Option<String>,
}

/// A responsibility (a row of the responsible-persons list, or a marked cell of the matrix).
#[derive(Debug)]
pub(super) struct ResponsibilityRow {
    pub(super) row: u64,
    /// The header of the cell (the matrix), for problems.
    pub(super) column: Option<String>,
    pub(super) number: Option<u64>,
    pub(super) customer: String,
    pub(super) group: Option<String>,
    pub(super) project: Option<String>,
    pub(super) employee: String,
    pub(super) email: Option<String>,
    pub(super) sales: Option<bool>,
    /// `None`: not given (the matrix): an existing responsibility keeps its period.
    pub(super) period: Option<Period>,
    /// `None`: not given (an `x` in the matrix): an existing responsibility keeps its roles.
    pub(super) roles: Option<Vec<String>>,
}

/// The records of one import.
#[derive(Debug)]
pub(super) enum Records {
    Employees(Vec<EmployeeRow>),
    Customers(Vec<CustomerRow>),
    CustomerGroups(Vec<GroupRow>),
    SpecialGroups(Vec<SpecialGroupRow>),
    Responsibilities(Vec<ResponsibilityRow>),
}

/// What a table holds: its kind, its records, and the header of each column found.
pub(super) type Parsed = (ImportKind, Records, HashMap<Col, String>);

/// Reads a table as `kind` (or the kind its headers tell): the records of the rows without
/// problems and the problems of the others; or, when the columns are wrong, their problems.
pub(super) fn records(
    table: &Table,
    kind: Option<ImportKind>,
) -> Result<(Parsed, Vec<ImportProblem>), Vec<ImportProblem>> {
    let mut sheet = Sheet::new(table);
    let (kind, matrix) = sheet.columns(kind)?;
    let records = match kind {
        ImportKind::Employees => Records::Employees(sheet.each(Sheet::employee)),
        ImportKind::Customers => Records::Customers(sheet.customers()),
        ImportKind::CustomerGroups => Records::CustomerGroups(sheet.each(Sheet::group)),
        ImportKind::SpecialGroups => Records::SpecialGroups(sheet.each(Sheet::special_group)),
        ImportKind::Responsibilities if matrix => Records::Responsibilities(sheet.matrix()),
        ImportKind::Responsibilities => Records::Responsibilities(sheet.each(Sheet::responsibility)),
    };
    let mut records = records;
    let twice = sheet.duplicates(&records);
    if !twice.is_empty() {
        records.retain_rows(|row| !twice.contains(&row));
    }
    let headers = sheet.at.iter().map(|(col, i)| (*col, sheet.header(*i))).collect();
    Ok(((kind, records, headers), sheet.problems))
}

impl Records {
    /// Keeps the records of the rows `keep` says.
    fn retain_rows(&mut self, keep: impl Fn(u64) -> bool) {
        match self {
            Records::Employees(v) => v.retain(|r| keep(r.row)),
            Records::Customers(v) => v.retain(|r| keep(r.row)),
            Records::CustomerGroups(v) => v.retain(|r| keep(r.row)),
            Records::SpecialGroups(v) => v.retain(|r| keep(r.row)),
            Records::Responsibilities(v) => v.retain(|r| keep(r.row)),
        }
    }
}

/// Reads the cells of a table, keeping every problem.
struct Sheet<'t> {
    table: &'t Table,
    /// Where each known column is.
    at: HashMap<Col, usize>,
    /// The matrix's employee columns: (index, employee name).
    people: Vec<(usize, String)>,
    problems: Vec<ImportProblem>,
    /// Whether the row being read has a problem.
    bad: bool,
}

impl<'t> Sheet<'t> {
    fn new(table: &'t Table) -> Self {
        Sheet { table, at: HashMap::new(), people: Vec::new(), problems: Vec::new(), bad: false }
    }

    fn problem(
        &mut self,
        row: Option<u64>,
        column: Option<usize>,
        kind: crate::error::ImportProblemKind,
        reason: String,
    ) {
        let column = column.map(|c| self.header(c));
        let t = self.table;
        self.problems.push(problem(&t.file, t.sheet.as_deref(), row, column, kind, reason));
        self.bad = true;
    }

    /// A column's header, or its letter when it has none.
    fn header(&self, index: usize) -> String {
        match self.table.headers.get(index) {
            Some(h) if !h.is_empty() => h.clone(),
            _ => letter(index),
        }
    }

    /// Finds the columns; the kind (given or guessed) and whether the sheet is a matrix.
    fn columns(&mut self, kind: Option<ImportKind>) -> Result<(ImportKind, bool), Vec<ImportProblem>> {
        let mut unknown = Vec::new();
        for (i, h) in self.table.headers.iter().enumerate() {
            match columns::column(h) {
                Some(col) if self.at.contains_key(&col) => {
                    self.problem(Some(1), Some(i), P::UnknownColumn, format!("the column {h:?} is given twice"));
                }
                Some(col) => {
                    self.at.insert(col, i);
                }
                None => unknown.push(i),
            }
        }
        let found: Vec<Col> = self.at.keys().copied().collect();
        let Some(kind) = kind.or_else(|| columns::guess(&found)) else {
            let reason = format!(
                "the headers {:?} fit no kind of import; name the kind, or use the headers of an export",
                self.table.headers
            );
            self.problem(None, None, P::UnknownKind, reason);
            return Err(std::mem::take(&mut self.problems));
        };
        let matrix = kind == ImportKind::Responsibilities && self.at.contains_key(&Col::CustomerOrProject);
        self.check_columns(kind, matrix, &unknown);
        if self.problems.is_empty() {
            Ok((kind, matrix))
        } else {
            Err(std::mem::take(&mut self.problems))
        }
    }

    /// Missing and unknown columns; the matrix's employee columns.
    fn check_columns(&mut self, kind: ImportKind, matrix: bool, unknown: &[usize]) {
        let (required, optional) = columns::columns_of(kind, matrix);
        for col in required {
            if !self.at.contains_key(col) {
                let wanted = columns::header_names_of(*col);
                let reason = format!("the column {wanted} is missing (a {} import needs it)", kind.name());
                self.problem(Some(1), None, P::MissingColumn, reason);
            }
        }
        let extra: Vec<usize> =
            self.at.iter().filter(|(c, _)| !required.contains(c) && !optional.contains(c)).map(|(_, i)| *i).collect();
        for i in extra.into_iter().chain(unknown.iter().copied().filter(|_| !matrix)) {
            let h = self.header(i);
            let reason = format!("a {} import has no column {h:?}", kind.name());
            self.problem(Some(1), Some(i), P::UnknownColumn, reason);
        }
        if matrix {
            self.employee_columns(unknown);
        }
    }

    /// The matrix's employee columns: every column that is not one of its fixed ones.
    fn employee_columns(&mut self, columns: &[usize]) {
        for &i in columns {
            let header = self.table.headers.get(i).cloned().unwrap_or_default();
            match text::name(Field::EmployeeName, &header) {
                Ok(name) => self.people.push((i, name)),
                Err(e) => self.problem(Some(1), Some(i), P::BadText, format!("not an employee's name: {e}")),
            }
        }
    }

    /// Reads every row with `read`, keeping the rows without problems.
    fn each<R>(&mut self, mut read: impl FnMut(&mut Self, u64, &'t [Value]) -> Option<R>) -> Vec<R> {
        let table = self.table;
        let mut out = Vec::with_capacity(table.rows.len());
        for (row, cells) in &table.rows {
            self.bad = false;
            if let Some(record) = read(self, *row, cells) {
                if !self.bad {
                    out.push(record);
                }
            }
        }
        out
    }

    /// The cell of `col` as text: `None` when empty, absent, or too long (a problem).
    fn text(&mut self, row: u64, cells: &'t [Value], col: Col) -> Option<String> {
        let i = *self.at.get(&col)?;
        self.text_at(row, cells, i)
    }

    fn text_at(&mut self, row: u64, cells: &'t [Value], i: usize) -> Option<String> {
        let text = match cells.get(i)? {
            Value::Empty => return None,
            Value::Text(s) => s.clone(),
            Value::Number(n) => number_text(*n),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => d.to_string(),
        };
        if let Some(len) = too_long(&text) {
            let reason = format!("the cell has {len} characters, at most {MAX_IMPORT_CELL_CHARS} allowed");
            self.problem(Some(row), Some(i), P::CellTooLong, reason);
            return None;
        }
        let trimmed = text.trim();
        (!trimmed.is_empty()).then(|| trimmed.to_owned())
    }

    /// A problem for a value the library's text rules refuse.
    fn refused(&mut self, row: u64, col: Col, e: &Error) {
        let i = self.at.get(&col).copied();
        self.problem(Some(row), i, P::BadText, e.to_string());
    }

    /// A required name (a problem when empty or refused).
    fn name(&mut self, row: u64, cells: &'t [Value], col: Col, field: Field) -> Option<String> {
        let raw = self.text(row, cells, col);
        if self.bad && raw.is_none() {
            return None;
        }
        match text::name(field, raw.as_deref().unwrap_or_default()) {
            Ok(name) => Some(name),
            Err(e) => {
                self.refused(row, col, &e);
                None
            }
        }
    }

    /// The cell of `col` as text checked by `check` (a problem when refused).
    fn checked(
        &mut self,
        row: u64,
        cells: &'t [Value],
        col: Col,
        check: impl FnOnce(&str) -> crate::error::Result<Option<String>>,
    ) -> Option<String> {
        let raw = self.text(row, cells, col)?;
        match check(&raw) {
            Ok(v) => v,
            Err(e) => {
                self.refused(row, col, &e);
                None
            }
        }
    }

    /// An optional one-line text checked as `field`.
    fn line(&mut self, row: u64, cells: &'t [Value], col: Col, field: Field) -> Option<String> {
        self.checked(row, cells, col, |raw| text::optional_line(field, Some(raw)))
    }

    fn email(&mut self, row: u64, cells: &'t [Value]) -> Option<String> {
        self.checked(row, cells, Col::Email, |raw| text::optional_email(Some(raw)))
    }

    /// The host system's key, when the file has the column.
    fn external_id(&mut self, row: u64, cells: &'t [Value]) -> Option<String> {
        self.checked(row, cells, Col::ExternalId, |raw| text::optional_external_id(Some(raw)))
    }

    /// A list of names separated by commas, each checked as `field`.
    fn list(&mut self, row: u64, cells: &'t [Value], col: Col, field: Field) -> Option<Vec<String>> {
        if !self.at.contains_key(&col) {
            return None;
        }
        let raw = self.text(row, cells, col).unwrap_or_default();
        let mut names = Vec::new();
        for part in raw.split(',').filter(|p| !p.trim().is_empty()) {
            match text::name(field, part) {
                Ok(name) => names.push(name),
                Err(e) => self.refused(row, col, &e),
            }
        }
        Some(names)
    }

    /// The value of `col` read with `convert` (which says what it expected when it fails).
    fn value<T>(
        &mut self,
        row: u64,
        cells: &'t [Value],
        col: Col,
        convert: fn(&Value) -> Result<T, String>,
    ) -> Option<T> {
        let i = *self.at.get(&col)?;
        match cells.get(i) {
            None | Some(Value::Empty) => None,
            Some(Value::Text(s)) if too_long(s).is_some() => self.text_at(row, cells, i).and(None),
            Some(v) => match convert(v) {
                Ok(x) => Some(x),
                Err(reason) => {
                    self.problem(Some(row), Some(i), P::BadValue, reason);
                    None
                }
            },
        }
    }

    /// A customer number, checked against the allowed range.
    fn number(&mut self, row: u64, cells: &'t [Value], col: Col) -> Option<u64> {
        let n = self.value(row, cells, col, whole_number)?;
        match check_number(n) {
            Ok(n) => Some(n),
            Err(e) => {
                let i = self.at.get(&col).copied();
                self.problem(Some(row), i, P::BadValue, e.to_string());
                None
            }
        }
    }

    /// A validity period from the two date columns; a problem when it starts after it ends.
    fn period(&mut self, row: u64, cells: &'t [Value]) -> Period {
        let from = self.value(row, cells, Col::ValidFrom, date);
        let to = self.value(row, cells, Col::ValidTo, date);
        match Period::new(from, to) {
            Ok(p) => p,
            Err(e) => {
                let i = self.at.get(&Col::ValidTo).copied();
                self.problem(Some(row), i, P::BadPeriod, e.to_string());
                Period::default()
            }
        }
    }

    fn employee(&mut self, row: u64, cells: &'t [Value]) -> Option<EmployeeRow> {
        let name = self.name(row, cells, Col::Name, Field::EmployeeName);
        let email = self.email(row, cells);
        let team = self.line(row, cells, Col::Team, Field::TeamName);
        let active = self.value(row, cells, Col::Active, yes_no);
        let sales = self.value(row, cells, Col::Salesperson, yes_no);
        let external_id = self.external_id(row, cells);
        Some(EmployeeRow { row, name: name?, email, team, active, sales, external_id })
    }

    fn group(&mut self, row: u64, cells: &'t [Value]) -> Option<GroupRow> {
        let name = self.name(row, cells, Col::Name, Field::CustomerGroupName);
        let start = self.number(row, cells, Col::NumberingStart);
        let end = self.number(row, cells, Col::NumberingEnd);
        let ledger = self.line(row, cells, Col::LedgerAccount, Field::LedgerAccount);
        let cost_centers = self.list(row, cells, Col::CostCenters, Field::CostCenter);
        let external_id = self.external_id(row, cells);
        Some(GroupRow { row, name: name?, start, end, ledger, cost_centers, external_id })
    }

    fn special_group(&mut self, row: u64, cells: &'t [Value]) -> Option<SpecialGroupRow> {
        let name = self.name(row, cells, Col::Name, Field::SpecialGroupName);
        let description = self.text(row, cells, Col::Description);
        let description = match text::optional_description(description.as_deref()) {
            Ok(d) => d,
            Err(e) => {
                self.refused(row, Col::Description, &e);
                None
            }
        };
        Some(SpecialGroupRow { row, name: name?, description })
    }

    fn customers(&mut self) -> Vec<CustomerRow> {
        self.each(|s, row, cells| {
            let number = s.number(row, cells, Col::Number);
            let name = s.name(row, cells, Col::Name, Field::CustomerName);
            let status = s.value(row, cells, Col::Status, status);
            let archived = s.value(row, cells, Col::Archived, yes_no);
            let group =
                s.at.contains_key(&Col::Group).then(|| s.line(row, cells, Col::Group, Field::CustomerGroupName));
            let special_groups = s.list(row, cells, Col::SpecialGroups, Field::SpecialGroupName);
            let responsible = s.list(row, cells, Col::ResponsiblePersons, Field::EmployeeName);
            let external_id = s.external_id(row, cells);
            Some(CustomerRow {
                row,
                number,
                name: name?,
                status,
                archived,
                group,
                special_groups,
                responsible,
                external_id,
            })
        })
    }

    fn responsibility(&mut self, row: u64, cells: &'t [Value]) -> Option<ResponsibilityRow> {
        let number = self.number(row, cells, Col::Number);
        let customer = self.name(row, cells, Col::Customer, Field::CustomerName);
        let group = self.line(row, cells, Col::Group, Field::CustomerGroupName);
        let project = self.line(row, cells, Col::Project, Field::ProjectName);
        let employee = self.name(row, cells, Col::ResponsiblePerson, Field::EmployeeName);
        let email = self.email(row, cells);
        let sales = self.value(row, cells, Col::Salesperson, yes_no);
        let period = Some(self.period(row, cells));
        let roles = Some(self.list(row, cells, Col::Roles, Field::RoleName).unwrap_or_default());
        Some(ResponsibilityRow {
            row,
            column: None,
            number,
            customer: customer?,
            group,
            project,
            employee: employee?,
            email,
            sales,
            period,
            roles,
        })
    }

    /// The matrix: a row per customer, then a row per project (`└ name`), a marked cell per
    /// responsibility (`x`, or the names of its roles).
    fn matrix(&mut self) -> Vec<ResponsibilityRow> {
        let table = self.table;
        let people = std::mem::take(&mut self.people);
        let mut out = Vec::with_capacity(table.rows.len());
        let mut customer: Option<(Option<u64>, String)> = None;
        for (row, cells) in &table.rows {
            let row = *row;
            self.bad = false;
            let number = self.number(row, cells, Col::Number);
            let Some(label) = self.text(row, cells, Col::CustomerOrProject) else {
                if !self.bad {
                    let i = self.at.get(&Col::CustomerOrProject).copied();
                    self.problem(Some(row), i, P::BadText, "the customer or project is empty".into());
                }
                customer = None;
                continue;
            };
            let project = match label.strip_prefix('└') {
                Some(p) => Some(p.trim().to_owned()),
                None => {
                    customer = Some((number, label.clone()));
                    None
                }
            };
            let Some((number, name)) = customer.clone() else {
                let i = self.at.get(&Col::CustomerOrProject).copied();
                self.problem(Some(row), i, P::BadValue, format!("the project {label:?} follows no customer row"));
                continue;
            };
            let checked = self.matrix_names(row, &name, project.as_deref());
            for (i, employee) in &people {
                let Some(cell) = self.text_at(row, cells, *i) else { continue };
                let roles = if cell.eq_ignore_ascii_case("x") {
                    None
                } else {
                    Some(cell.split(',').map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()).collect())
                };
                out.push(ResponsibilityRow {
                    row,
                    column: Some(self.header(*i)),
                    number,
                    customer: name.clone(),
                    group: None,
                    project: project.clone(),
                    employee: employee.clone(),
                    email: None,
                    sales: None,
                    period: None,
                    roles,
                });
            }
            if !checked || self.bad {
                out.retain(|r| r.row != row);
            }
        }
        self.people = people;
        out
    }

    /// Checks a matrix row's customer and project names.
    fn matrix_names(&mut self, row: u64, customer: &str, project: Option<&str>) -> bool {
        let col = Col::CustomerOrProject;
        let checked = match project {
            Some(p) => text::name(Field::ProjectName, p),
            None => text::name(Field::CustomerName, customer),
        };
        match checked {
            Ok(_) => true,
            Err(e) => {
                self.refused(row, col, &e);
                false
            }
        }
    }

    /// The same customer number, group, special group, employee, responsibility or external id
    /// twice: the rows that repeat an earlier one.
    fn duplicates(&mut self, records: &Records) -> std::collections::HashSet<u64> {
        let mut seen: HashMap<String, u64> = HashMap::new();
        let mut twice = Vec::new();
        let mut check = |key: String, row: u64, what: String| {
            if let Some(first) = seen.insert(key, row) {
                twice.push((row, format!("{what} is also on row {first}")));
            }
        };
        let mut key = |external_id: &Option<String>, row: u64| {
            if let Some(k) = external_id {
                check(format!("x{k}"), row, format!("the external id {k:?}"));
            }
        };
        match records {
            Records::Employees(rows) => rows.iter().for_each(|r| key(&r.external_id, r.row)),
            Records::Customers(rows) => rows.iter().for_each(|r| key(&r.external_id, r.row)),
            Records::CustomerGroups(rows) => rows.iter().for_each(|r| key(&r.external_id, r.row)),
            _ => {}
        }
        match records {
            Records::Employees(rows) => rows.iter().for_each(|r| match &r.email {
                Some(e) => check(format!("e{}", e.to_lowercase()), r.row, format!("the email {e:?}")),
                None => check(format!("n{}", text::fold(&r.name)), r.row, format!("the employee {:?}", r.name)),
            }),
            Records::Customers(rows) => rows.iter().for_each(|r| {
                if let Some(n) = r.number {
                    check(n.to_string(), r.row, format!("the customer number {n}"));
                }
            }),
            Records::CustomerGroups(rows) => {
                rows.iter().for_each(|r| check(text::fold(&r.name), r.row, format!("the customer group {:?}", r.name)))
            }
            Records::SpecialGroups(rows) => {
                rows.iter().for_each(|r| check(text::fold(&r.name), r.row, format!("the special group {:?}", r.name)))
            }
            Records::Responsibilities(rows) => rows.iter().for_each(|r| {
                let customer = r.number.map_or_else(|| format!("n{}", r.customer), |n| n.to_string());
                let key = format!("{customer}\u{0}{:?}\u{0}{}", r.project, text::fold(&r.employee));
                check(
                    key,
                    r.row,
                    format!("{:?}'s responsibility for {:?}", r.employee, r.project.as_ref().unwrap_or(&r.customer)),
                );
            }),
        }
        let rows = twice.iter().map(|(row, _)| *row).collect();
        for (row, reason) in twice {
            self.problem(Some(row), None, P::Duplicate, reason);
        }
        rows
    }
}

/// A column's letter: A, B, …, Z, AA, …
fn letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A number as text: whole numbers without a fraction.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

fn whole_number(v: &Value) -> Result<u64, String> {
    match v {
        Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e19 => Ok(*n as u64),
        Value::Text(s) => {
            let digits: String = s.trim().chars().filter(|c| !c.is_whitespace()).collect();
            digits.parse().map_err(|_| format!("{s:?} is not a whole number"))
        }
        other => Err(format!("{} is not a whole number", shown(other))),
    }
}

/// Yes or no: a boolean cell, or `x`/empty, 1/0, or the words in Finnish, Swedish and English.
fn yes_no(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) if *n == 0.0 || *n == 1.0 => Ok(*n == 1.0),
        Value::Text(s) => match s.trim().to_lowercase().as_str() {
            "x" | "1" | "true" | "yes" | "tosi" | "kyllä" | "k" | "sant" | "ja" | "y" => Ok(true),
            "0" | "false" | "no" | "epätosi" | "ei" | "e" | "falskt" | "nej" | "n" | "-" => Ok(false),
            _ => Err(format!("{s:?} is not yes or no (x, kyllä, ja, yes / ei, nej, no)")),
        },
        other => Err(format!("{} is not yes or no", shown(other))),
    }
}

/// A status word of any language (as the customers export writes it).
fn status(v: &Value) -> Result<CustomerStatus, String> {
    let Value::Text(s) = v else { return Err(format!("{} is not a customer status", shown(v))) };
    match s.trim().to_lowercase().as_str() {
        "asiakas" | "kund" | "customer" | "active" | "aktiivinen" | "aktiv" => Ok(CustomerStatus::Active),
        "prospekti" | "prospekt" | "prospect" => Ok(CustomerStatus::Prospect),
        _ => Err(format!("{s:?} is not a customer status (Asiakas, Kund, Customer / Prospekti, Prospekt, Prospect)")),
    }
}

/// A date: a date cell, an Excel day number, or text as `2026-01-31` or `31.1.2026`.
fn date(v: &Value) -> Result<Date, String> {
    match v {
        Value::Date(d) => Ok(*d),
        Value::Number(n) if n.fract() == 0.0 && (1.0..2_958_466.0).contains(n) => {
            let days = *n as i64;
            let base = jiff::civil::date(1899, 12, 30);
            base.checked_add(jiff::Span::new().days(days)).map_err(|e| format!("{n} is not a date: {e}"))
        }
        Value::Text(s) => text_date(s.trim()).ok_or_else(|| format!("{s:?} is not a date (2026-01-31 or 31.1.2026)")),
        other => Err(format!("{} is not a date", shown(other))),
    }
}

fn text_date(s: &str) -> Option<Date> {
    if let Ok(d) = s.get(..10).unwrap_or(s).parse::<Date>() {
        return Some(d);
    }
    let mut parts = s.split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Date::new(y.trim().parse().ok()?, m.trim().parse().ok()?, d.trim().parse().ok()?).ok()
}

fn shown(v: &Value) -> String {
    match v {
        Value::Empty => "an empty cell".into(),
        Value::Text(s) => format!("{s:?}"),
        Value::Number(n) => number_text(*n),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_in_every_language() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(yes_no(&Value::Text("Kyllä".into())), Ok(true));
        assert_eq!(yes_no(&Value::Text("nej".into())), Ok(false));
        assert!(yes_no(&Value::Text("ehkä".into())).is_err());
        assert_eq!(date(&Value::Text("31.1.2026".into())), Ok(jiff::civil::date(2026, 1, 31)));
        assert_eq!(date(&Value::Text("2026-01-31".into())), Ok(jiff::civil::date(2026, 1, 31)));
        assert_eq!(date(&Value::Number(46053.0)), Ok(jiff::civil::date(2026, 1, 31)));
        assert!(date(&Value::Text("31.13.2026".into())).is_err());
        assert_eq!(whole_number(&Value::Text("1 000".into())), Ok(1000));
        assert!(whole_number(&Value::Number(1.5)).is_err());
        assert_eq!(status(&Value::Text("Prospekt".into())), Ok(CustomerStatus::Prospect));
    }
}
