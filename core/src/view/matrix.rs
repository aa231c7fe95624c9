//! The responsibility matrix: customer rows (each optionally followed by its projects), active
//! employee columns, returned sparsely.

use crate::error::Result;
use crate::filter::{ArchivedFilter, Compiled, CustomerFilter};
use crate::ids::{CustomerId, EmployeeId, ProjectId, RoleId, TeamId};
use crate::index::{FastMap, FastSet};
use crate::responsibility::{Period, Subject};
use crate::state::State;
use crate::view::{count, Page, RoleRef};
use crate::{Directory, SortKey};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Input for [`Directory::matrix`].
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

impl State {
    /// The customer's projects that `keep` accepts, unsorted, with their sort keys.
    pub(crate) fn projects_with_keys<'a>(
        &'a self,
        customer: CustomerId,
        keep: impl Fn(ProjectId, bool) -> bool + 'a,
    ) -> impl Iterator<Item = (&'a SortKey, ProjectId)> + 'a {
        let views = &self.views;
        views.customer_projects.get(&customer).into_iter().flat_map(|of| &of.ids).filter_map(move |p| {
            let entry = views.projects.get(p)?;
            keep(*p, entry.archived).then_some((&entry.key, *p))
        })
    }

    /// The active employees passing the column filters, in Finnish order.
    fn matrix_columns(&self, teams: &FastSet<TeamId>, chosen: &FastSet<EmployeeId>) -> Vec<EmployeeId> {
        let views = &self.views;
        views
            .employee_order
            .iter()
            .filter(|(_, e)| {
                views.employees.get(e).is_some_and(|entry| {
                    entry.active
                        && (teams.is_empty() || entry.team.is_some_and(|t| teams.contains(&t)))
                        && (chosen.is_empty() || chosen.contains(e))
                })
            })
            .map(|(_, e)| *e)
            .collect()
    }
}

impl Directory {
    /// The responsibility matrix, one page of rows and columns at a time, sparse.
    ///
    /// Rows are the filtered customers in Finnish/Swedish order (then by id), each optionally
    /// followed by its projects (same order); columns are active employees in the same order. A
    /// cell is set when the column's employee holds a responsibility for the row's subject that
    /// counts (valid on `as_of`, holding `role` when one is given).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown team, employee, role or an id in
    /// the customer filter.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, MatrixQuery, NewCustomer, NewEmployee, Page};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let aino = dir.create_employee(NewEmployee::new("Aino"))?;
    /// let esim = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let apu = dir.create_customer(NewCustomer::new("Apu"))?;
    /// dir.toggle(esim.into(), matti)?;
    /// let m = dir.matrix(&MatrixQuery::new())?;
    /// assert_eq!((m.total_rows, m.total_columns), (2, 2));
    /// assert_eq!(m.rows[0].customer, apu); // Apu before Esimerkki
    /// assert_eq!(m.columns[0].employee, aino); // Aino before Matti
    /// assert_eq!((m.cells[0].row, m.cells[0].column), (1, 1));
    /// // The second row alone:
    /// let m = dir.matrix(&MatrixQuery::new().rows(Page::new(1, 1)))?;
    /// assert_eq!(m.rows.len(), 1);
    /// assert_eq!(m.cells[0].row, 0);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn matrix(&self, q: &MatrixQuery) -> Result<Matrix> {
        let s = &self.state;
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

        let all_columns = s.matrix_columns(&teams, &chosen);
        let page_columns = &all_columns[q.columns.window(all_columns.len())];
        let column_of: FastMap<EmployeeId, u32> =
            page_columns.iter().enumerate().map(|(i, e)| (*e, index32(i))).collect();

        // With a role filter, the subjects where some column holds the role decide the rows.
        let show_archived = q.customers.archived != ArchivedFilter::Exclude;
        let mut role_projects: Option<(FastSet<ProjectId>, FastMap<CustomerId, usize>)> = None;
        let mut restrict: Option<FastSet<CustomerId>> = None;
        if let Some(role) = q.role {
            let in_columns: FastSet<EmployeeId> = all_columns.iter().copied().collect();
            let mut projects = FastSet::default();
            let mut per_customer: FastMap<CustomerId, usize> = FastMap::default();
            let mut customers = FastSet::default();
            for (subject, e) in s.views.role_holders.get(&role).into_iter().flatten() {
                if !in_columns.contains(e)
                    || (q.as_of.is_some() && !s.responsibility(*subject, *e).is_some_and(|r| r.is_valid_on(q.as_of)))
                {
                    continue;
                }
                match subject {
                    Subject::Customer(c) => {
                        customers.insert(*c);
                    }
                    Subject::Project(p) if q.include_projects => {
                        if let Some(entry) = s.views.projects.get(p).filter(|e| show_archived || !e.archived) {
                            if projects.insert(*p) {
                                *per_customer.entry(entry.customer).or_default() += 1;
                            }
                            customers.insert(entry.customer);
                        }
                    }
                    Subject::Project(_) => {}
                }
            }
            role_projects = Some((projects, per_customer));
            restrict = Some(customers);
        }
        let compiled = Compiled::new(s, &q.customers, q.as_of, restrict.as_ref())?;
        let customers = compiled.run();

        let window = q.rows.open_window();
        let keep = |p: ProjectId, archived: bool| {
            compiled.admits_project(archived) && role_projects.as_ref().is_none_or(|(set, _)| set.contains(&p))
        };
        let mut rows = Vec::new();
        let mut total = 0usize;
        for c in customers {
            let n = match (&role_projects, q.include_projects) {
                (_, false) => 0,
                (Some((_, per_customer)), true) => per_customer.get(&c).copied().unwrap_or(0),
                (None, true) => s.views.customer_projects.get(&c).map_or(0, |of| of.shown(show_archived)),
            };
            if total + 1 + n <= window.start || total >= window.end {
                // Outside the page: only counted.
                total += 1 + n;
                continue;
            }
            let Some(customer) = s.customers.get(&c) else { continue };
            if window.contains(&total) {
                rows.push(MatrixRow {
                    subject: Subject::Customer(c),
                    customer: c,
                    name: customer.name.clone(),
                    customer_number: customer.number,
                    archived: customer.archived,
                });
            }
            total += 1;
            if n > 0 {
                let mut projects: Vec<(&SortKey, ProjectId)> = s.projects_with_keys(c, keep).collect();
                projects.sort_unstable();
                for (i, (_, p)) in projects.into_iter().enumerate() {
                    if let (true, Some(project)) = (window.contains(&(total + i)), s.projects.get(&p)) {
                        rows.push(MatrixRow {
                            subject: Subject::Project(p),
                            customer: c,
                            name: project.name.clone(),
                            customer_number: customer.number,
                            archived: project.archived,
                        });
                    }
                }
            }
            total += n;
        }

        let mut cells = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let start = cells.len();
            for e in s.by_subject.get(&row.subject).into_iter().flatten() {
                let Some(&column) = column_of.get(e) else { continue };
                let Some(r) = s.responsibility(row.subject, *e) else { continue };
                if !r.is_valid_on(q.as_of) || q.role.is_some_and(|role| !r.roles.contains(&role)) {
                    continue;
                }
                let roles = if q.by_role { s.role_refs(&r.roles) } else { Vec::new() };
                cells.push(MatrixCell { row: index32(i), column, period: r.period, roles });
            }
            cells[start..].sort_by_key(|c| c.column);
        }

        let columns = page_columns
            .iter()
            .filter_map(|e| s.employees.get(e))
            .map(|e| MatrixColumn { employee: e.id, name: e.name.clone(), team: e.team })
            .collect();
        Ok(Matrix { rows, columns, cells, total_rows: count(total), total_columns: count(all_columns.len()) })
    }
}
