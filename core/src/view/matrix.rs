//! The responsibility matrix: customer rows (each optionally followed by its projects), active
//! employee columns, returned sparsely.

use crate::collation::SortKey;
use crate::error::Result;
use crate::model::{CustomerId, EmployeeId, Period, ProjectId, RoleId, Subject, TeamId};
use crate::state::{FastMap, FastSet, State};
use crate::view::filter::{ArchivedFilter, Compiled, CustomerFilter};
use crate::view::{count, projects_with_keys, role_refs, Page, RoleRef};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Input for [`Directory::matrix`](crate::Directory::matrix).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixQuery {
    /// Which customers are rows (default: every customer that is not archived). Archived
    /// projects are shown only when the filter includes archived customers.
    pub customers: CustomerFilter,
    /// Columns: only employees of these teams (empty: any team or none).
    pub teams: Vec<TeamId>,
    /// Columns: only these employees (empty: every active employee). Inactive employees are
    /// never columns.
    pub employees: Vec<EmployeeId>,
    /// Only rows and cells holding this role: a cell shows only a responsibility holding the
    /// role; a project row is shown only when one of its cells (in any column, on any column page)
    /// holds it; a customer row when one of its own cells or one of its shown projects does.
    pub role: Option<RoleId>,
    /// Fill each cell's roles (the "by role" view). Without it, cells carry no roles.
    pub by_role: bool,
    /// Follow each customer row with its projects, in Finnish/Swedish order.
    pub include_projects: bool,
    /// Only responsibilities valid on this date count (both period ends inclusive); `None`:
    /// validity is ignored.
    pub as_of: Option<Date>,
    /// The page of rows (customer and project rows are counted alike).
    pub rows: Page,
    /// The page of columns.
    pub columns: Page,
}

impl MatrixQuery {
    /// Every non-archived customer, every active employee, no pagination.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the customer filter.
    pub fn customers(mut self, filter: CustomerFilter) -> Self {
        self.customers = filter;
        self
    }
    /// Adds a team to the column filter.
    pub fn team(mut self, team: TeamId) -> Self {
        self.teams.push(team);
        self
    }
    /// Adds an employee to the column filter.
    pub fn employee(mut self, employee: EmployeeId) -> Self {
        self.employees.push(employee);
        self
    }
    /// Sets the role filter.
    pub fn role(mut self, role: RoleId) -> Self {
        self.role = Some(role);
        self
    }
    /// Fills cell roles.
    pub fn by_role(mut self, yes: bool) -> Self {
        self.by_role = yes;
        self
    }
    /// Adds project rows.
    pub fn include_projects(mut self, yes: bool) -> Self {
        self.include_projects = yes;
        self
    }
    /// Sets the as-of date.
    pub fn as_of(mut self, date: Date) -> Self {
        self.as_of = Some(date);
        self
    }
    /// Sets the row page.
    pub fn rows(mut self, page: Page) -> Self {
        self.rows = page;
        self
    }
    /// Sets the column page.
    pub fn columns(mut self, page: Page) -> Self {
        self.columns = page;
        self
    }
}

/// A row header: a customer, or a project right after its customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    /// The customer or project.
    pub subject: Subject,
    /// The customer (the project's customer on a project row).
    pub customer: CustomerId,
    /// The customer's or the project's name.
    pub name: String,
    /// The customer's number.
    pub customer_number: Option<u64>,
    /// Whether the customer (on a project row: the project) is archived.
    pub archived: bool,
}

/// A column header: an active employee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixColumn {
    /// The employee.
    pub employee: EmployeeId,
    /// Their name.
    pub name: String,
    /// Their team.
    pub team: Option<TeamId>,
}

/// A set cell: the column's employee is responsible for the row's subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    /// Index into [`Matrix::rows`].
    pub row: u32,
    /// Index into [`Matrix::columns`].
    pub column: u32,
    /// The responsibility's validity period.
    pub period: Period,
    /// The roles held (Finnish order of names) when the query asked `by_role`; empty otherwise.
    pub roles: Vec<RoleRef>,
}

/// One page of the matrix, sparse: the row and column headers of the page and its set cells,
/// ordered by row, then column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    /// Row headers of the page.
    pub rows: Vec<MatrixRow>,
    /// Column headers of the page.
    pub columns: Vec<MatrixColumn>,
    /// Set cells of the page.
    pub cells: Vec<MatrixCell>,
    /// Rows in the whole matrix.
    pub total_rows: u64,
    /// Columns in the whole matrix.
    pub total_columns: u64,
}

fn index32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The matrix columns: active employees of the chosen teams and employees, in Finnish order.
/// With chosen employees, only they are read (and sorted); otherwise every employee in order.
fn matrix_columns(s: &State, teams: &FastSet<TeamId>, chosen: &FastSet<EmployeeId>) -> Vec<EmployeeId> {
    let fits = |e: EmployeeId| {
        s.employee_entry(e).is_some_and(|entry| {
            entry.active() && (teams.is_empty() || entry.team().is_some_and(|t| teams.contains(&t)))
        })
    };
    if !chosen.is_empty() {
        let mut keyed: Vec<(&SortKey, EmployeeId)> = chosen
            .iter()
            .filter(|e| fits(**e))
            .filter_map(|e| s.employee_entry(*e).map(|entry| (entry.key(), *e)))
            .collect();
        keyed.sort_unstable();
        return keyed.into_iter().map(|(_, e)| e).collect();
    }
    s.employee_order().iter().map(|(_, e)| *e).filter(|e| fits(*e)).collect()
}

/// The columns of the page and how many columns there are in all, without a team or employee
/// filter: the total is the count of active employees, and the page is read from the ordered
/// employees up to its end.
fn unfiltered_columns(s: &State, page: Page) -> (Vec<EmployeeId>, usize) {
    let total = s.active_employee_count();
    let window = page.window(total);
    let active =
        s.employee_order().iter().map(|(_, e)| *e).filter(|e| s.employee_entry(*e).is_some_and(|x| x.active()));
    (active.skip(window.start).take(window.len()).collect(), total)
}

/// With a role filter, the subjects where some column holds the role decide the rows.
struct RoleRows {
    /// The projects shown.
    projects: FastSet<ProjectId>,
    /// How many of each customer's projects are shown.
    per_customer: FastMap<CustomerId, usize>,
    /// The customers shown.
    customers: FastSet<CustomerId>,
}

fn role_rows(s: &State, q: &MatrixQuery, role: RoleId, columns: &[EmployeeId]) -> RoleRows {
    let show_archived = q.customers.archived != ArchivedFilter::Exclude;
    let in_columns: FastSet<EmployeeId> = columns.iter().copied().collect();
    let mut rows =
        RoleRows { projects: FastSet::default(), per_customer: FastMap::default(), customers: FastSet::default() };
    for (subject, e) in s.role_holders(role) {
        if !in_columns.contains(&e)
            || (q.as_of.is_some() && !s.responsibility(subject, e).is_some_and(|r| r.is_valid_on(q.as_of)))
        {
            continue;
        }
        match subject {
            Subject::Customer(c) => {
                rows.customers.insert(c);
            }
            Subject::Project(p) if q.include_projects => {
                if let Some(entry) = s.project_entry(p).filter(|e| show_archived || !e.archived()) {
                    if rows.projects.insert(p) {
                        *rows.per_customer.entry(entry.customer()).or_default() += 1;
                    }
                    rows.customers.insert(entry.customer());
                }
            }
            Subject::Project(_) => {}
        }
    }
    rows
}

/// The rows of the page, and how many rows there are in all.
/// Hands `visit` the rows inside `window` (indexes into the whole matrix), in order; returns how
/// many rows the matrix has in all.
fn visit_rows(
    s: &State,
    q: &MatrixQuery,
    compiled: &Compiled<'_>,
    role: Option<&RoleRows>,
    window: std::ops::Range<usize>,
    mut visit: impl FnMut(MatrixRow) -> Result<()>,
) -> Result<usize> {
    let show_archived = q.customers.archived != ArchivedFilter::Exclude;
    let keep = |p: ProjectId, archived: bool| {
        compiled.admits_project(archived) && role.is_none_or(|r| r.projects.contains(&p))
    };
    let mut total = 0usize;
    for c in compiled.run() {
        let n = match (role, q.include_projects) {
            (_, false) => 0,
            (Some(r), true) => r.per_customer.get(&c).copied().unwrap_or(0),
            (None, true) => s.projects_of(c).map_or(0, |of| of.shown(show_archived)),
        };
        if total + 1 + n <= window.start || total >= window.end {
            // Outside the page: only counted.
            total += 1 + n;
            continue;
        }
        let Ok(customer) = s.customer(c) else { continue };
        if window.contains(&total) {
            visit(MatrixRow {
                subject: Subject::Customer(c),
                customer: c,
                name: customer.name.clone(),
                customer_number: customer.number,
                archived: customer.archived,
            })?;
        }
        total += 1;
        if n > 0 {
            let mut projects: Vec<(&SortKey, ProjectId)> = projects_with_keys(s, c, keep).collect();
            projects.sort_unstable();
            for (i, (_, p)) in projects.into_iter().enumerate() {
                if let (true, Ok(project)) = (window.contains(&(total + i)), s.project(p)) {
                    visit(MatrixRow {
                        subject: Subject::Project(p),
                        customer: c,
                        name: project.name.clone(),
                        customer_number: customer.number,
                        archived: project.archived,
                    })?;
                }
            }
        }
        total += n;
    }
    Ok(total)
}

/// The cells of the page's rows in the page's columns, row by row, by column.
fn matrix_cells(
    s: &State,
    q: &MatrixQuery,
    rows: &[MatrixRow],
    column_of: &FastMap<EmployeeId, u32>,
) -> Vec<MatrixCell> {
    let mut cells = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let start = cells.len();
        for e in s.responsible_employees(row.subject) {
            let Some(&column) = column_of.get(&e) else { continue };
            let Some(r) = s.responsibility(row.subject, e) else { continue };
            if !r.is_valid_on(q.as_of) || q.role.is_some_and(|role| !r.roles.contains(&role)) {
                continue;
            }
            let roles = if q.by_role { role_refs(s, &r.roles) } else { Vec::new() };
            cells.push(MatrixCell { row: index32(i), column, period: r.period, roles });
        }
        cells[start..].sort_by_key(|c| c.column);
    }
    cells
}

/// The responsibility matrix for a query.
pub(crate) fn matrix(s: &State, q: &MatrixQuery) -> Result<Matrix> {
    let m = Setup::new(s, q)?;
    let mut rows = Vec::new();
    let total = visit_rows(s, q, &m.compiled(s, q)?, m.role.as_ref(), q.rows.open_window(), |row| {
        rows.push(row);
        Ok(())
    })?;
    let cells = matrix_cells(s, q, &rows, &m.column_of);
    let columns = m.columns(s);
    Ok(Matrix { rows, columns, cells, total_rows: count(total), total_columns: count(m.total_columns) })
}

/// Every row of the matrix (whatever `q.rows` says), in pages of `page` rows with their cells,
/// handed to `f` in order: one run of the filter for the whole matrix, where asking for each page
/// with [`matrix`] would run it once per page. What the export writes.
pub(crate) fn for_each_page(
    s: &State,
    q: &MatrixQuery,
    page: usize,
    mut f: impl FnMut(&Matrix) -> Result<()>,
) -> Result<()> {
    let m = Setup::new(s, q)?;
    let (columns, total_columns) = (m.columns(s), count(m.total_columns));
    let mut out = Matrix { rows: Vec::with_capacity(page), columns, cells: Vec::new(), total_rows: 0, total_columns };
    let mut flush = |out: &mut Matrix| -> Result<()> {
        out.cells = matrix_cells(s, q, &out.rows, &m.column_of);
        out.total_rows = count(out.rows.len());
        f(out)?;
        out.rows.clear();
        Ok(())
    };
    let all = Page::ALL.open_window();
    visit_rows(s, q, &m.compiled(s, q)?, m.role.as_ref(), all, |row| {
        out.rows.push(row);
        if out.rows.len() >= page.max(1) {
            flush(&mut out)?;
        }
        Ok(())
    })?;
    if !out.rows.is_empty() {
        flush(&mut out)?;
    }
    Ok(())
}

/// What a matrix is computed from: its columns, and the rows a role filter keeps.
struct Setup {
    /// The page's columns, in order.
    page_columns: Vec<EmployeeId>,
    /// How many columns the whole matrix has.
    total_columns: usize,
    /// The page's columns, by employee.
    column_of: FastMap<EmployeeId, u32>,
    role: Option<RoleRows>,
}

impl Setup {
    fn new(s: &State, q: &MatrixQuery) -> Result<Setup> {
        let mut teams = FastSet::default();
        for &t in &q.teams {
            s.team(t)?;
            teams.insert(t);
        }
        let mut chosen = FastSet::default();
        for &e in &q.employees {
            s.employee(e)?;
            chosen.insert(e);
        }
        if let Some(role) = q.role {
            s.role(role)?;
        }
        let (page_columns, total_columns, role) = if teams.is_empty() && chosen.is_empty() && q.role.is_none() {
            let (page, total) = unfiltered_columns(s, q.columns);
            (page, total, None)
        } else {
            let all = matrix_columns(s, &teams, &chosen);
            let role = q.role.map(|role| role_rows(s, q, role, &all));
            (all.get(q.columns.window(all.len())).unwrap_or_default().to_vec(), all.len(), role)
        };
        let column_of: FastMap<EmployeeId, u32> =
            page_columns.iter().enumerate().map(|(i, e)| (*e, index32(i))).collect();
        Ok(Setup { page_columns, total_columns, column_of, role })
    }

    /// The row filter.
    fn compiled<'a>(&'a self, s: &'a State, q: &'a MatrixQuery) -> Result<Compiled<'a>> {
        Compiled::new(s, &q.customers, q.as_of, self.role.as_ref().map(|r| &r.customers))
    }

    fn columns(&self, s: &State) -> Vec<MatrixColumn> {
        self.page_columns
            .iter()
            .filter_map(|e| s.employee(*e).ok())
            .map(|e| MatrixColumn { employee: e.id, name: e.name.clone(), team: e.team })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{for_each_page, matrix, MatrixQuery};
    use crate::generate::{generate, GeneratorConfig};
    use crate::state::State;
    use crate::view::filter::{ArchivedFilter, CustomerFilter};
    use crate::view::Page;

    /// The export's pages, put back together, are the whole matrix: the same rows, columns and
    /// cells, whatever the page size.
    #[test]
    fn pages_for_the_export_make_up_the_whole_matrix() {
        let state = State::from_data(generate(&GeneratorConfig::small())).unwrap();
        let s = &state;
        let role = s.roles().next().map(|r| r.id);
        let archived = CustomerFilter { archived: ArchivedFilter::Include, ..CustomerFilter::default() };
        for q in [
            MatrixQuery::new(),
            MatrixQuery::new().include_projects(true).by_role(true).customers(archived),
            MatrixQuery { role, include_projects: true, ..MatrixQuery::new() },
        ] {
            let q = q.rows(Page::ALL).columns(Page::ALL);
            let whole = matrix(s, &q).unwrap();
            assert!(whole.rows.len() > 20 && !whole.cells.is_empty(), "{q:?}: {} rows", whole.rows.len());
            for page in [1, 7, 100, 100_000] {
                let (mut rows, mut cells, mut pages) = (Vec::new(), Vec::new(), 0);
                for_each_page(s, &q, page, |m| {
                    assert!(m.rows.len() <= page && !m.rows.is_empty());
                    assert_eq!(m.columns, whole.columns);
                    let base = u32::try_from(rows.len()).unwrap();
                    cells.extend(m.cells.iter().cloned().map(|mut c| {
                        c.row += base;
                        c
                    }));
                    rows.extend(m.rows.iter().cloned());
                    pages += 1;
                    Ok(())
                })
                .unwrap();
                assert_eq!(rows, whole.rows, "{q:?}, pages of {page}");
                assert_eq!(cells, whole.cells, "{q:?}, pages of {page}");
                assert_eq!(pages, whole.rows.len().div_ceil(page), "{q:?}, pages of {page}");
            }
        }
    }
}
