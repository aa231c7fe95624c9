//! The read side: the filtered customers, the responsibility matrix, the responsible-persons list,
//! the responsible persons of one subject (for work orders), and the customer listing by group.
//! Every view returns immutable rows; paged views say how many rows there are in all.

use crate::convert::{enum_to_py, opt_date, opt_date_to_py, DateArg, Items};
use crate::directory::PyDirectory;
use crate::filter::{filter_of, page_of, PyCustomerFilter, PyPage};
use crate::ids::{
    subject_to_py, PyCustomerGroupId, PyCustomerId, PyEmployeeId, PyProjectId, PyRoleId, PyTeamId, SubjectArg,
};
use crate::responsibilities::{subject_kind, subject_raw};
use crate::rows::{plain, py_of, row_methods, tuple_of, Fields, Row};
use pyo3::prelude::*;
use vastuu::{
    CustomerPage, CustomerSummary, GroupCount, GroupListing, ListingQuery, Matrix, MatrixColumn, MatrixQuery,
    MatrixRow, Period, ResponsiblePerson, ResponsiblePersonRow, ResponsiblePersonsPage, ResponsiblePersonsQuery,
    RoleRef, Subject,
};

/// The subject of a row as its kind and raw id, for `to_dict()`.
fn plain_subject<'py>(py: Python<'py>, subject: Subject) -> PyResult<Fields<'py>> {
    Ok(vec![
        ("subject_kind", plain(py, &enum_to_py(py, subject_kind(subject))?)?),
        ("subject", py_of(py, subject_raw(subject))?),
    ])
}

fn roles_tuple<'py>(py: Python<'py>, roles: &[RoleRef]) -> PyResult<Bound<'py, PyAny>> {
    tuple_of(py, roles.iter().cloned().map(PyRoleRef))
}

// ---- shared rows --------------------------------------------------------------------------

/// A role as views show it: its id and its name.
#[pyclass(frozen, eq, module = "vastuu", name = "RoleRef")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyRoleRef(RoleRef);

impl Row for PyRoleRef {
    const NAME: &'static str = "RoleRef";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![("id", py_of(py, PyRoleId(self.0.id))?), ("name", py_of(py, &self.0.name)?)])
    }
}
row_methods!(PyRoleRef, |s| s.0.id);

#[pymethods]
impl PyRoleRef {
    #[getter]
    fn id(&self) -> PyRoleId {
        PyRoleId(self.0.id)
    }
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
}

/// A customer as lists show it.
#[pyclass(frozen, eq, module = "vastuu", name = "CustomerSummary")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyCustomerSummary(CustomerSummary);

impl Row for PyCustomerSummary {
    const NAME: &'static str = "CustomerSummary";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let c = &self.0;
        Ok(vec![
            ("id", py_of(py, PyCustomerId(c.id))?),
            ("name", py_of(py, &c.name)?),
            ("number", py_of(py, c.number)?),
            ("status", enum_to_py(py, c.status)?),
            ("archived", py_of(py, c.archived)?),
            ("group", py_of(py, c.group.map(PyCustomerGroupId))?),
        ])
    }
}
row_methods!(PyCustomerSummary, |s| s.0.id);

#[pymethods]
impl PyCustomerSummary {
    #[getter]
    fn id(&self) -> PyCustomerId {
        PyCustomerId(self.0.id)
    }
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    #[getter]
    fn number(&self) -> Option<u64> {
        self.0.number
    }
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_to_py(py, self.0.status)
    }
    #[getter]
    fn archived(&self) -> bool {
        self.0.archived
    }
    #[getter]
    fn group(&self) -> Option<PyCustomerGroupId> {
        self.0.group.map(PyCustomerGroupId)
    }
}

/// A page of customers, and how many there are in all.
#[pyclass(frozen, eq, module = "vastuu", name = "CustomerPage")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyCustomerPage(CustomerPage);

impl Row for PyCustomerPage {
    const NAME: &'static str = "CustomerPage";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![("customers", self.customers(py)?), ("total", py_of(py, self.0.total)?)])
    }
}
row_methods!(PyCustomerPage, |s| (s.0.total, s.0.customers.first().map(|c| c.id)));

#[pymethods]
impl PyCustomerPage {
    /// The customers of the page, in Finnish/Swedish order of their names, then by id.
    #[getter]
    fn customers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tuple_of(py, self.0.customers.iter().cloned().map(PyCustomerSummary))
    }
    /// How many customers the whole result has.
    #[getter]
    fn total(&self) -> u64 {
        self.0.total
    }
}

// ---- the matrix ---------------------------------------------------------------------------

/// A row header of the matrix: a customer, or a project right after its customer.
#[pyclass(frozen, eq, module = "vastuu", name = "MatrixRow")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyMatrixRow(MatrixRow);

impl Row for PyMatrixRow {
    const NAME: &'static str = "MatrixRow";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let r = &self.0;
        Ok(vec![
            ("subject", subject_to_py(py, r.subject)?),
            ("customer", py_of(py, PyCustomerId(r.customer))?),
            ("name", py_of(py, &r.name)?),
            ("customer_number", py_of(py, r.customer_number)?),
            ("archived", py_of(py, r.archived)?),
        ])
    }
    fn plain_fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let mut fields = plain_subject(py, self.0.subject)?;
        for (name, value) in self.fields(py)?.into_iter().skip(1) {
            fields.push((name, plain(py, &value)?));
        }
        Ok(fields)
    }
}
row_methods!(PyMatrixRow, |s| s.0.subject);

#[pymethods]
impl PyMatrixRow {
    /// The customer (`CustomerId`) or project (`ProjectId`).
    #[getter]
    fn subject<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        subject_to_py(py, self.0.subject)
    }
    /// The customer (the project's customer on a project row).
    #[getter]
    fn customer(&self) -> PyCustomerId {
        PyCustomerId(self.0.customer)
    }
    /// The customer's or the project's name.
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    /// The customer's number.
    #[getter]
    fn customer_number(&self) -> Option<u64> {
        self.0.customer_number
    }
    /// Whether the customer (on a project row: the project) is archived.
    #[getter]
    fn archived(&self) -> bool {
        self.0.archived
    }
}

/// A column header of the matrix: an active employee.
#[pyclass(frozen, eq, module = "vastuu", name = "MatrixColumn")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyMatrixColumn(MatrixColumn);

impl Row for PyMatrixColumn {
    const NAME: &'static str = "MatrixColumn";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let c = &self.0;
        Ok(vec![
            ("employee", py_of(py, PyEmployeeId(c.employee))?),
            ("name", py_of(py, &c.name)?),
            ("team", py_of(py, c.team.map(PyTeamId))?),
        ])
    }
}
row_methods!(PyMatrixColumn, |s| s.0.employee);

#[pymethods]
impl PyMatrixColumn {
    #[getter]
    fn employee(&self) -> PyEmployeeId {
        PyEmployeeId(self.0.employee)
    }
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    #[getter]
    fn team(&self) -> Option<PyTeamId> {
        self.0.team.map(PyTeamId)
    }
}

/// A set cell of the matrix: the column's employee is responsible for the row's subject.
#[pyclass(frozen, eq, module = "vastuu", name = "MatrixCell")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyMatrixCell {
    row: u32,
    column: u32,
    subject: Subject,
    employee: vastuu::EmployeeId,
    period: Period,
    roles: Vec<RoleRef>,
}

impl Row for PyMatrixCell {
    const NAME: &'static str = "MatrixCell";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![
            ("row", py_of(py, self.row)?),
            ("column", py_of(py, self.column)?),
            ("subject", subject_to_py(py, self.subject)?),
            ("employee", py_of(py, PyEmployeeId(self.employee))?),
            ("valid_from", opt_date_to_py(py, self.period.from)?),
            ("valid_to", opt_date_to_py(py, self.period.to)?),
            ("roles", roles_tuple(py, &self.roles)?),
        ])
    }
    fn plain_fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let mut fields = Vec::new();
        for (name, value) in self.fields(py)? {
            if name == "subject" {
                fields.extend(plain_subject(py, self.subject)?);
            } else {
                fields.push((name, plain(py, &value)?));
            }
        }
        Ok(fields)
    }
}
row_methods!(PyMatrixCell, |s| (s.subject, s.employee));

#[pymethods]
impl PyMatrixCell {
    /// Index into `Matrix.rows`.
    #[getter]
    fn row(&self) -> u32 {
        self.row
    }
    /// Index into `Matrix.columns`.
    #[getter]
    fn column(&self) -> u32 {
        self.column
    }
    /// The row's customer (`CustomerId`) or project (`ProjectId`).
    #[getter]
    fn subject<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        subject_to_py(py, self.subject)
    }
    /// The column's employee.
    #[getter]
    fn employee(&self) -> PyEmployeeId {
        PyEmployeeId(self.employee)
    }
    /// First valid day of the responsibility, if set.
    #[getter]
    fn valid_from<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_date_to_py(py, self.period.from)
    }
    /// Last valid day, if set.
    #[getter]
    fn valid_to<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_date_to_py(py, self.period.to)
    }
    /// The roles held (Finnish order) when the matrix was asked `by_role`; empty otherwise.
    #[getter]
    fn roles<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        roles_tuple(py, &self.roles)
    }
}

/// One page of the responsibility matrix, sparse: the row and column headers of the page, its
/// set cells (by row, then column), and the totals of the whole matrix.
#[pyclass(frozen, eq, module = "vastuu", name = "Matrix")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyMatrix(Matrix);

impl PyMatrix {
    fn cells_of(&self) -> Vec<PyMatrixCell> {
        let m = &self.0;
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
}

impl Row for PyMatrix {
    const NAME: &'static str = "Matrix";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![
            ("rows", self.rows(py)?),
            ("columns", self.columns(py)?),
            ("cells", self.cells(py)?),
            ("total_rows", py_of(py, self.0.total_rows)?),
            ("total_columns", py_of(py, self.0.total_columns)?),
        ])
    }
}
row_methods!(PyMatrix, |s| (s.0.total_rows, s.0.total_columns, s.0.cells.len()));

#[pymethods]
impl PyMatrix {
    /// Row headers of the page.
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tuple_of(py, self.0.rows.iter().cloned().map(PyMatrixRow))
    }
    /// Column headers of the page.
    #[getter]
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tuple_of(py, self.0.columns.iter().cloned().map(PyMatrixColumn))
    }
    /// Set cells of the page, by row, then column.
    #[getter]
    fn cells<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tuple_of(py, self.cells_of())
    }
    /// Rows in the whole matrix.
    #[getter]
    fn total_rows(&self) -> u64 {
        self.0.total_rows
    }
    /// Columns in the whole matrix.
    #[getter]
    fn total_columns(&self) -> u64 {
        self.0.total_columns
    }
}

// ---- the responsible-persons list -----------------------------------------------------------

/// One responsibility as the responsible-persons list shows it.
#[pyclass(frozen, eq, module = "vastuu", name = "ResponsiblePersonRow")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyResponsiblePersonRow(ResponsiblePersonRow);

impl Row for PyResponsiblePersonRow {
    const NAME: &'static str = "ResponsiblePersonRow";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let r = &self.0;
        Ok(vec![
            ("customer", py_of(py, PyCustomerId(r.customer))?),
            ("customer_name", py_of(py, &r.customer_name)?),
            ("customer_number", py_of(py, r.customer_number)?),
            ("customer_group", py_of(py, r.customer_group.map(PyCustomerGroupId))?),
            ("customer_group_name", py_of(py, &r.customer_group_name)?),
            ("project", py_of(py, r.project.map(PyProjectId))?),
            ("project_name", py_of(py, &r.project_name)?),
            ("employee", py_of(py, PyEmployeeId(r.employee))?),
            ("employee_name", py_of(py, &r.employee_name)?),
            ("email", py_of(py, &r.email)?),
            ("salesperson", py_of(py, r.salesperson)?),
            ("employee_active", py_of(py, r.employee_active)?),
            ("valid_from", opt_date_to_py(py, r.valid_from)?),
            ("valid_to", opt_date_to_py(py, r.valid_to)?),
            ("roles", roles_tuple(py, &r.roles)?),
        ])
    }
}
row_methods!(PyResponsiblePersonRow, |s| (s.0.customer, s.0.project, s.0.employee));

#[pymethods]
impl PyResponsiblePersonRow {
    /// The customer (the project's customer on a project participant's row).
    #[getter]
    fn customer(&self) -> PyCustomerId {
        PyCustomerId(self.0.customer)
    }
    #[getter]
    fn customer_name(&self) -> &str {
        &self.0.customer_name
    }
    #[getter]
    fn customer_number(&self) -> Option<u64> {
        self.0.customer_number
    }
    #[getter]
    fn customer_group(&self) -> Option<PyCustomerGroupId> {
        self.0.customer_group.map(PyCustomerGroupId)
    }
    #[getter]
    fn customer_group_name(&self) -> Option<&str> {
        self.0.customer_group_name.as_deref()
    }
    /// The project, on a project participant's row.
    #[getter]
    fn project(&self) -> Option<PyProjectId> {
        self.0.project.map(PyProjectId)
    }
    #[getter]
    fn project_name(&self) -> Option<&str> {
        self.0.project_name.as_deref()
    }
    /// The responsible person.
    #[getter]
    fn employee(&self) -> PyEmployeeId {
        PyEmployeeId(self.0.employee)
    }
    #[getter]
    fn employee_name(&self) -> &str {
        &self.0.employee_name
    }
    #[getter]
    fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Whether the person has sales rights.
    #[getter]
    fn salesperson(&self) -> bool {
        self.0.salesperson
    }
    #[getter]
    fn employee_active(&self) -> bool {
        self.0.employee_active
    }
    #[getter]
    fn valid_from<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_date_to_py(py, self.0.valid_from)
    }
    #[getter]
    fn valid_to<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_date_to_py(py, self.0.valid_to)
    }
    /// Roles held, in Finnish order of their names.
    #[getter]
    fn roles<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        roles_tuple(py, &self.0.roles)
    }
}

/// A page of the responsible-persons list, and how many rows the whole list has.
#[pyclass(frozen, eq, module = "vastuu", name = "ResponsiblePersonsPage")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyResponsiblePersonsPage(ResponsiblePersonsPage);

impl Row for PyResponsiblePersonsPage {
    const NAME: &'static str = "ResponsiblePersonsPage";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![("rows", self.rows(py)?), ("total", py_of(py, self.0.total)?)])
    }
}
row_methods!(PyResponsiblePersonsPage, |s| (s.0.total, s.0.rows.len()));

#[pymethods]
impl PyResponsiblePersonsPage {
    /// The rows of the page.
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tuple_of(py, self.0.rows.iter().cloned().map(PyResponsiblePersonRow))
    }
    /// Rows in the whole list.
    #[getter]
    fn total(&self) -> u64 {
        self.0.total
    }
}

/// A responsible person of one customer or project, for work orders.
#[pyclass(frozen, eq, module = "vastuu", name = "ResponsiblePerson")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyResponsiblePerson(ResponsiblePerson);

impl Row for PyResponsiblePerson {
    const NAME: &'static str = "ResponsiblePerson";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let p = &self.0;
        Ok(vec![
            ("employee", py_of(py, PyEmployeeId(p.employee))?),
            ("name", py_of(py, &p.name)?),
            ("email", py_of(py, &p.email)?),
            ("valid_from", opt_date_to_py(py, p.valid_from)?),
            ("valid_to", opt_date_to_py(py, p.valid_to)?),
            ("roles", roles_tuple(py, &p.roles)?),
        ])
    }
}
row_methods!(PyResponsiblePerson, |s| s.0.employee);

#[pymethods]
impl PyResponsiblePerson {
    #[getter]
    fn employee(&self) -> PyEmployeeId {
        PyEmployeeId(self.0.employee)
    }
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    #[getter]
    fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    #[getter]
    fn valid_from<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_date_to_py(py, self.0.valid_from)
    }
    #[getter]
    fn valid_to<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_date_to_py(py, self.0.valid_to)
    }
    #[getter]
    fn roles<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        roles_tuple(py, &self.0.roles)
    }
}

// ---- the customer listing by group ----------------------------------------------------------

/// A customer group's (or "No group"'s) customers, split into Active and Prospects.
#[pyclass(frozen, eq, module = "vastuu", name = "GroupListing")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyGroupListing(GroupListing);

impl Row for PyGroupListing {
    const NAME: &'static str = "GroupListing";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let g = &self.0;
        Ok(vec![
            ("group", py_of(py, g.group.map(PyCustomerGroupId))?),
            ("group_name", py_of(py, &g.group_name)?),
            ("active", py_of(py, PyCustomerPage(g.active.clone()))?),
            ("prospects", py_of(py, PyCustomerPage(g.prospects.clone()))?),
        ])
    }
}
row_methods!(PyGroupListing, |s| (s.0.group, s.0.active.total, s.0.prospects.total));

#[pymethods]
impl PyGroupListing {
    /// The group; `None` for "No group".
    #[getter]
    fn group(&self) -> Option<PyCustomerGroupId> {
        self.0.group.map(PyCustomerGroupId)
    }
    /// The group's name; `None` for "No group".
    #[getter]
    fn group_name(&self) -> Option<&str> {
        self.0.group_name.as_deref()
    }
    /// The Active tab.
    #[getter]
    fn active(&self) -> PyCustomerPage {
        PyCustomerPage(self.0.active.clone())
    }
    /// The Prospects tab.
    #[getter]
    fn prospects(&self) -> PyCustomerPage {
        PyCustomerPage(self.0.prospects.clone())
    }
}

/// How many active customers and prospects a customer group (or "No group") has.
#[pyclass(frozen, eq, module = "vastuu", name = "GroupCount")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyGroupCount(GroupCount);

impl Row for PyGroupCount {
    const NAME: &'static str = "GroupCount";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let g = &self.0;
        Ok(vec![
            ("group", py_of(py, g.group.map(PyCustomerGroupId))?),
            ("name", py_of(py, &g.name)?),
            ("active", py_of(py, g.active)?),
            ("prospects", py_of(py, g.prospects)?),
        ])
    }
}
row_methods!(PyGroupCount, |s| s.0.group);

#[pymethods]
impl PyGroupCount {
    /// The group; `None` for "No group".
    #[getter]
    fn group(&self) -> Option<PyCustomerGroupId> {
        self.0.group.map(PyCustomerGroupId)
    }
    /// The group's name; `None` for "No group".
    #[getter]
    fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    #[getter]
    fn active(&self) -> u64 {
        self.0.active
    }
    #[getter]
    fn prospects(&self) -> u64 {
        self.0.prospects
    }
}

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
        teams: teams.0.into_iter().map(|t| t.0).collect(),
        employees: employees.0.into_iter().map(|e| e.0).collect(),
        role: role.map(|r| r.0),
        by_role,
        include_projects,
        as_of: opt_date(as_of),
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
        employees: employees.0.into_iter().map(|e| e.0).collect(),
        include_projects,
        as_of: opt_date(as_of),
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
        let as_of = opt_date(as_of);
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

    /// The responsible persons of a customer or project for work orders: active employees
    /// responsible for it (valid on `as_of`, holding `role`, when given), by name.
    #[pyo3(signature = (subject, *, role = None, as_of = None))]
    fn responsible_persons_of(
        &self,
        py: Python<'_>,
        subject: SubjectArg,
        role: Option<PyRoleId>,
        as_of: Option<DateArg>,
    ) -> PyResult<Vec<PyResponsiblePerson>> {
        let (role, as_of) = (role.map(|r| r.0), opt_date(as_of));
        self.run(py, |d| d.responsible_persons_of(subject.0, role, as_of))
            .map(|persons| persons.into_iter().map(PyResponsiblePerson).collect())
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

    /// The number of active customers and prospects of every customer group (by name), then of
    /// "No group" (`group=None`).
    #[pyo3(signature = (*, include_archived = false))]
    fn group_counts(&self, py: Python<'_>, include_archived: bool) -> PyResult<Vec<PyGroupCount>> {
        self.read(py, |d| d.group_counts(include_archived).into_iter().map(PyGroupCount).collect())
    }
}

/// Registers the classes of this area.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRoleRef>()?;
    m.add_class::<PyCustomerSummary>()?;
    m.add_class::<PyCustomerPage>()?;
    m.add_class::<PyMatrixRow>()?;
    m.add_class::<PyMatrixColumn>()?;
    m.add_class::<PyMatrixCell>()?;
    m.add_class::<PyMatrix>()?;
    m.add_class::<PyResponsiblePersonRow>()?;
    m.add_class::<PyResponsiblePersonsPage>()?;
    m.add_class::<PyResponsiblePerson>()?;
    m.add_class::<PyGroupListing>()?;
    m.add_class::<PyGroupCount>()?;
    Ok(())
}
