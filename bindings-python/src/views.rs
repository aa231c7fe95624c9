//! The read side: the filtered customers, the responsibility matrix, the responsible-persons list,
//! the responsible persons of one subject (for work orders), and the customer listing by group.
//! Every view returns immutable rows; paged views say how many rows there are in all.

use crate::convert::{enum_to_py, opt_date_to_py, DateArg, Items};
use crate::directory::{calls, PyDirectory};
use crate::filter::{filter_of, page_of, PyCustomerFilter, PyPage};
use crate::ids::{
    subject_to_py, PyCustomerGroupId, PyCustomerId, PyEmployeeId, PyProjectId, PyRoleId, PyTeamId, SubjectArg,
};
use crate::rows::{row_class, tuple_of};
use pyo3::prelude::*;
use vastuu::{
    CustomerPage, CustomerSummary, GroupCount, GroupListing, ListingQuery, Matrix, MatrixColumn, MatrixQuery,
    MatrixRow, Period, ResponsiblePerson, ResponsiblePersonRow, ResponsiblePersonsPage, ResponsiblePersonsQuery,
    RoleRef, Subject,
};
use vastuu_host::Convert;

fn roles_tuple<'py>(py: Python<'py>, roles: &[RoleRef]) -> PyResult<Bound<'py, PyAny>> {
    tuple_of(py, roles.iter().cloned().map(PyRoleRef))
}

// ---- shared rows --------------------------------------------------------------------------

row_class!(
    /// A role as views show it: its id and its name.
    PyRoleRef(RoleRef) as "RoleRef", hash |s| s.0.id, |py, r| {
        id: PyRoleId(r.id),
        name: &r.name,
    }
);

row_class!(
    /// A customer as lists show it.
    PyCustomerSummary(CustomerSummary) as "CustomerSummary", hash |s| s.0.id, |py, r| {
        id: PyCustomerId(r.id),
        name: &r.name,
        number: r.number,
        status: enum_to_py(py, r.status)?,
        archived: r.archived,
        group: r.group.map(PyCustomerGroupId),
    }
);

row_class!(
    /// A page of customers, and how many there are in all.
    PyCustomerPage(CustomerPage) as "CustomerPage", hash |s| (s.0.total, s.0.customers.first().map(|c| c.id)), |py, r| {
        /// The customers of the page, in Finnish/Swedish order of their names, then by id.
        customers: tuple_of(py, r.customers.iter().cloned().map(PyCustomerSummary))?,
        /// How many customers the whole result has.
        total: r.total,
    }
);

// ---- the matrix ---------------------------------------------------------------------------

row_class!(
    /// A row header of the matrix: a customer, or a project right after its customer.
    PyMatrixRow(MatrixRow) as "MatrixRow", hash |s| s.0.subject, |py, r| {
        /// The customer (`CustomerId`) or project (`ProjectId`).
        subject: subject_to_py(py, r.subject)?,
        /// The customer (the project's customer on a project row).
        customer: PyCustomerId(r.customer),
        /// The customer's or the project's name.
        name: &r.name,
        /// The customer's number.
        customer_number: r.customer_number,
        /// Whether the customer (on a project row: the project) is archived.
        archived: r.archived,
    }
);

row_class!(
    /// A column header of the matrix: an active employee.
    PyMatrixColumn(MatrixColumn) as "MatrixColumn", hash |s| s.0.employee, |py, r| {
        employee: PyEmployeeId(r.employee),
        name: &r.name,
        team: r.team.map(PyTeamId),
    }
);

row_class!(
    /// A set cell of the matrix: the column's employee is responsible for the row's subject.
    PyMatrixCell {
        row: u32,
        column: u32,
        subject: Subject,
        employee: vastuu::EmployeeId,
        period: Period,
        roles: Vec<RoleRef>,
    } as "MatrixCell",
    hash |s| (s.subject, s.employee),
    |py, r| {
        /// Index into `Matrix.rows`.
        row: r.row,
        /// Index into `Matrix.columns`.
        column: r.column,
        /// The row's customer (`CustomerId`) or project (`ProjectId`).
        subject: subject_to_py(py, r.subject)?,
        /// The column's employee.
        employee: PyEmployeeId(r.employee),
        /// First valid day of the responsibility, if set.
        valid_from: opt_date_to_py(py, r.period.from)?,
        /// Last valid day, if set.
        valid_to: opt_date_to_py(py, r.period.to)?,
        /// The roles held (Finnish order) when the matrix was asked `by_role`; empty otherwise.
        roles: roles_tuple(py, &r.roles)?,
    }
);

row_class!(
    /// One page of the responsibility matrix, sparse: the row and column headers of the page, its
    /// set cells (by row, then column), and the totals of the whole matrix.
    PyMatrix(Matrix) as "Matrix", hash |s| (s.0.total_rows, s.0.total_columns, s.0.cells.len()), |py, r| {
        /// Row headers of the page.
        rows: tuple_of(py, r.rows.iter().cloned().map(PyMatrixRow))?,
        /// Column headers of the page.
        columns: tuple_of(py, r.columns.iter().cloned().map(PyMatrixColumn))?,
        /// Set cells of the page, by row, then column.
        cells: tuple_of(py, cells_of(r))?,
        /// Rows in the whole matrix.
        total_rows: r.total_rows,
        /// Columns in the whole matrix.
        total_columns: r.total_columns,
    }
);

/// The cells of a matrix page, each with its row's subject and column's employee.
fn cells_of(m: &Matrix) -> Vec<PyMatrixCell> {
    m.cells
        .iter()
        .filter_map(|c| {
            let row = m.rows.get(c.row as usize)?;
            let column = m.columns.get(c.column as usize)?;
            Some(PyMatrixCell {
                row: c.row,
                column: c.column,
                subject: row.subject,
                employee: column.employee,
                period: c.period,
                roles: c.roles.clone(),
            })
        })
        .collect()
}

// ---- the responsible-persons list -----------------------------------------------------------

row_class!(
    /// One responsibility as the responsible-persons list shows it.
    PyResponsiblePersonRow(ResponsiblePersonRow) as "ResponsiblePersonRow",
    hash |s| (s.0.customer, s.0.project, s.0.employee),
    |py, r| {
        /// The customer (the project's customer on a project participant's row).
        customer: PyCustomerId(r.customer),
        customer_name: &r.customer_name,
        customer_number: r.customer_number,
        customer_group: r.customer_group.map(PyCustomerGroupId),
        customer_group_name: &r.customer_group_name,
        /// The project, on a project participant's row.
        project: r.project.map(PyProjectId),
        project_name: &r.project_name,
        /// The responsible person.
        employee: PyEmployeeId(r.employee),
        employee_name: &r.employee_name,
        email: &r.email,
        /// Whether the person has sales rights.
        salesperson: r.salesperson,
        employee_active: r.employee_active,
        valid_from: opt_date_to_py(py, r.valid_from)?,
        valid_to: opt_date_to_py(py, r.valid_to)?,
        /// Roles held, in Finnish order of their names.
        roles: roles_tuple(py, &r.roles)?,
    }
);

row_class!(
    /// A page of the responsible-persons list, and how many rows the whole list has.
    PyResponsiblePersonsPage(ResponsiblePersonsPage) as "ResponsiblePersonsPage",
    hash |s| (s.0.total, s.0.rows.len()),
    |py, r| {
        /// The rows of the page.
        rows: tuple_of(py, r.rows.iter().cloned().map(PyResponsiblePersonRow))?,
        /// Rows in the whole list.
        total: r.total,
    }
);

row_class!(
    /// A responsible person of one customer or project, for work orders.
    PyResponsiblePerson(ResponsiblePerson) as "ResponsiblePerson", hash |s| s.0.employee, |py, r| {
        employee: PyEmployeeId(r.employee),
        name: &r.name,
        email: &r.email,
        valid_from: opt_date_to_py(py, r.valid_from)?,
        valid_to: opt_date_to_py(py, r.valid_to)?,
        roles: roles_tuple(py, &r.roles)?,
    }
);

// ---- the customer listing by group ----------------------------------------------------------

row_class!(
    /// A customer group's (or "No group"'s) customers, split into Active and Prospects.
    PyGroupListing(GroupListing) as "GroupListing",
    hash |s| (s.0.group, s.0.active.total, s.0.prospects.total),
    |py, r| {
        /// The group; `None` for "No group".
        group: r.group.map(PyCustomerGroupId),
        /// The group's name; `None` for "No group".
        group_name: &r.group_name,
        /// The Active tab.
        active: PyCustomerPage(r.active.clone()),
        /// The Prospects tab.
        prospects: PyCustomerPage(r.prospects.clone()),
    }
);

row_class!(
    /// How many active customers and prospects a customer group (or "No group") has.
    PyGroupCount(GroupCount) as "GroupCount", hash |s| s.0.group, |py, r| {
        /// The group; `None` for "No group".
        group: r.group.map(PyCustomerGroupId),
        /// The group's name; `None` for "No group".
        name: &r.name,
        active: r.active,
        prospects: r.prospects,
    }
);

// ---- queries shared by the views and the exports ---------------------------------------------

/// The matrix query of the keyword arguments.
pub(crate) fn matrix_query(
    customers: Option<PyRef<'_, PyCustomerFilter>>,
    teams: Items<PyTeamId>,
    employees: Items<PyEmployeeId>,
    role: Option<PyRoleId>,
    by_role: bool,
    include_projects: bool,
    as_of: Option<DateArg>,
) -> MatrixQuery {
    MatrixQuery {
        customers: filter_of(customers),
        teams: teams.convert(),
        employees: employees.convert(),
        role: role.map(|r| r.0),
        by_role,
        include_projects,
        as_of: as_of.convert(),
        ..MatrixQuery::default()
    }
}

/// The responsible-persons query of the keyword arguments.
pub(crate) fn persons_query(
    customers: Option<PyRef<'_, PyCustomerFilter>>,
    employees: Items<PyEmployeeId>,
    include_projects: bool,
    as_of: Option<DateArg>,
) -> ResponsiblePersonsQuery {
    ResponsiblePersonsQuery {
        customers: filter_of(customers),
        employees: employees.convert(),
        include_projects,
        as_of: as_of.convert(),
        ..ResponsiblePersonsQuery::default()
    }
}

#[pymethods]
impl PyDirectory {
    /// The customers a filter keeps (every non-archived customer without one), in
    /// Finnish/Swedish order of their names, then by id. `as_of`: the filter's `responsible`
    /// criterion counts only responsibilities valid that day.
    #[pyo3(signature = (filter = None, *, as_of = None))]
    fn filter_customers(
        &self,
        py: Python<'_>,
        filter: Option<PyRef<'_, PyCustomerFilter>>,
        as_of: Option<DateArg>,
    ) -> PyResult<Vec<PyCustomerId>> {
        let filter = filter_of(filter);
        let as_of = as_of.convert();
        self.run(py, |d| d.filter_customers_on(&filter, as_of)).map(|ids| ids.into_iter().map(PyCustomerId).collect())
    }

    /// A page of the customers a filter keeps, with their names, numbers and groups, and how
    /// many there are in all.
    #[pyo3(signature = (filter = None, *, page = None))]
    fn filter_customers_page(
        &self,
        py: Python<'_>,
        filter: Option<PyRef<'_, PyCustomerFilter>>,
        page: Option<PyPage>,
    ) -> PyResult<PyCustomerPage> {
        let filter = filter_of(filter);
        let page = page_of(page);
        self.run(py, |d| d.filter_customers_page(&filter, page)).map(PyCustomerPage)
    }

    /// The responsibility matrix, sparse, one page of rows and columns at a time: rows are the
    /// filtered customers (each followed by its projects with `include_projects`), columns the
    /// active employees (of `teams`, or only `employees`). A cell is set when the column's
    /// employee holds a responsibility for the row's subject valid on `as_of` (holding `role`,
    /// when given); `by_role` fills each cell's roles.
    #[pyo3(signature = (*, customers = None, teams = Items::default(), employees = Items::default(), role = None,
        by_role = false, include_projects = false, as_of = None, rows = None, columns = None))]
    fn matrix(
        &self,
        py: Python<'_>,
        customers: Option<PyRef<'_, PyCustomerFilter>>,
        teams: Items<PyTeamId>,
        employees: Items<PyEmployeeId>,
        role: Option<PyRoleId>,
        by_role: bool,
        include_projects: bool,
        as_of: Option<DateArg>,
        rows: Option<PyPage>,
        columns: Option<PyPage>,
    ) -> PyResult<PyMatrix> {
        let mut query = matrix_query(customers, teams, employees, role, by_role, include_projects, as_of);
        query.rows = page_of(rows);
        query.columns = page_of(columns);
        self.run(py, |d| d.matrix(&query)).map(PyMatrix)
    }

    /// The responsible-persons list: one row per responsibility of the filtered customers (and
    /// of their projects with `include_projects`), of `employees` only when given, valid on
    /// `as_of` when given; by customer name, then the customer's own rows before each project's,
    /// then by person name.
    #[pyo3(signature = (*, customers = None, employees = Items::default(), include_projects = false, as_of = None,
        page = None))]
    fn responsible_persons(
        &self,
        py: Python<'_>,
        customers: Option<PyRef<'_, PyCustomerFilter>>,
        employees: Items<PyEmployeeId>,
        include_projects: bool,
        as_of: Option<DateArg>,
        page: Option<PyPage>,
    ) -> PyResult<PyResponsiblePersonsPage> {
        let mut query = persons_query(customers, employees, include_projects, as_of);
        query.page = page_of(page);
        self.run(py, |d| d.responsible_persons(&query)).map(PyResponsiblePersonsPage)
    }

    /// A customer group's customers (`None`: those in no group), split into the Active and
    /// Prospects tabs, each sorted and paged on its own.
    #[pyo3(signature = (group, *, include_archived = false, active = None, prospects = None))]
    fn customer_listing(
        &self,
        py: Python<'_>,
        group: Option<PyCustomerGroupId>,
        include_archived: bool,
        active: Option<PyPage>,
        prospects: Option<PyPage>,
    ) -> PyResult<PyGroupListing> {
        let query = ListingQuery { include_archived, active: page_of(active), prospects: page_of(prospects) };
        self.run(py, |d| d.customer_listing(group.map(|g| g.0), &query)).map(PyGroupListing)
    }
}

calls! {
    /// The responsible persons of a customer or project for work orders: active employees
    /// responsible for it (valid on `as_of`, holding `role`, when given), by name.
    #[pyo3(signature = (subject, *, role = None, as_of = None))]
    run responsible_persons_of(
        subject: SubjectArg,
        role: Option<PyRoleId>,
        as_of: Option<DateArg>
    ) -> Vec<PyResponsiblePerson>;
    /// The number of active customers and prospects of every customer group (by name), then of
    /// "No group" (`group=None`).
    #[pyo3(signature = (*, include_archived = false))]
    read group_counts(include_archived: bool) -> Vec<PyGroupCount>;
}
