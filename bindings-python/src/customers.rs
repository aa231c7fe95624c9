//! Customers and their projects: rows, mutations (including numbers) and reads.

use crate::convert::{enum_to_py, restore_numbers, EnumArg, Given, Items, NumberArg};
use crate::directory::PyDirectory;
use crate::ids::{PyCustomerGroupId, PyCustomerId, PyProjectId, PySpecialGroupId};
use crate::rows::{row_class, tuple_of};
use pyo3::prelude::*;
use vastuu::{Customer, CustomerStatus, CustomerUpdate, NewCustomer, NumberChoice, Project, ProjectUpdate};

row_class!(
    /// A customer.
    PyCustomer(Customer) as "Customer", hash |s| s.0.id,
    new(*, id, name, number = None, status = Given::Omitted, archived = false, group = None,
        special_groups = Items::default()),
    |py, r| {
        id(PyCustomerId): PyCustomerId(r.id),
        name(String): &r.name,
        number(Option<u64>): r.number,
        status(Given<EnumArg<CustomerStatus>>): enum_to_py(py, r.status)?,
        archived(bool): r.archived,
        group(Option<PyCustomerGroupId>): r.group.map(PyCustomerGroupId),
        special_groups(Items<PySpecialGroupId>): tuple_of(py, r.special_groups.iter().copied().map(PySpecialGroupId))?,
    }
);

row_class!(
    /// A project of a customer.
    PyProject(Project) as "Project", hash |s| s.0.id, new(*, id, customer, name, archived = false), |py, r| {
        id(PyProjectId): PyProjectId(r.id),
        customer(PyCustomerId): PyCustomerId(r.customer),
        name(String): &r.name,
        archived(bool): r.archived,
    }
);

#[pymethods]
impl PyDirectory {
    // ---- customers: mutations

    #[pyo3(signature = (name, *, number = Given::Omitted, status = Given::Omitted, group = None,
        special_groups = Items::default()))]
    /// Creates a customer. `number` left out: the next number of its group's series (or the default
    /// series); `None`: no number; an int: that number.
    fn create_customer(
        &self,
        py: Python<'_>,
        name: String,
        number: Given<Option<NumberArg>>,
        status: Given<EnumArg<CustomerStatus>>,
        group: Option<PyCustomerGroupId>,
        special_groups: Items<PySpecialGroupId>,
    ) -> PyResult<PyCustomerId> {
        let (choice, given) = match &number {
            Given::Omitted => (NumberChoice::Next, None),
            Given::Value(None) => (NumberChoice::Unnumbered, None),
            Given::Value(Some(n)) => (NumberChoice::Explicit(n.value), Some(n)),
        };
        let new = NewCustomer {
            name,
            number: choice,
            status: status.into_option().map_or(CustomerStatus::Active, |s| s.0),
            group: group.map(|g| g.0),
            special_groups: special_groups.0.into_iter().map(|g| g.0).collect(),
        };
        let result = self.write(py, |d| d.create_customer(new)).map(PyCustomerId);
        restore_numbers(py, result, &[("number", given)])
    }

    #[pyo3(signature = (customer, *, name = Given::Omitted, status = Given::Omitted, archived = Given::Omitted))]
    /// Changes the name, status or archived flag given.
    fn update_customer(
        &self,
        py: Python<'_>,
        customer: PyCustomerId,
        name: Given<String>,
        status: Given<EnumArg<CustomerStatus>>,
        archived: Given<bool>,
    ) -> PyResult<()> {
        let update = CustomerUpdate {
            name: name.into_option(),
            status: status.into_option().map(|s| s.0),
            archived: archived.into_option(),
        };
        self.write(py, |d| d.update_customer(customer.0, update))
    }

    /// Archives a customer (the normal way to retire one).
    fn archive_customer(&self, py: Python<'_>, customer: PyCustomerId) -> PyResult<()> {
        self.write(py, |d| d.archive_customer(customer.0))
    }

    /// Unarchives a customer.
    fn unarchive_customer(&self, py: Python<'_>, customer: PyCustomerId) -> PyResult<()> {
        self.write(py, |d| d.unarchive_customer(customer.0))
    }

    /// Sets (an int) or clears (`None`) a customer's number by hand; the series counters do not move.
    fn set_customer_number(&self, py: Python<'_>, customer: PyCustomerId, number: Option<NumberArg>) -> PyResult<()> {
        let value = number.as_ref().map(|n| n.value);
        let result = self.write(py, |d| d.set_customer_number(customer.0, value));
        restore_numbers(py, result, &[("number", number.as_ref())])
    }

    /// Gives a customer the next number of its group's series (or the default series) and returns it.
    fn renumber_customer(&self, py: Python<'_>, customer: PyCustomerId) -> PyResult<u64> {
        self.write(py, |d| d.renumber_customer(customer.0))
    }

    /// Deletes a customer with its responsibilities and memberships; refused while it has projects.
    fn delete_customer(&self, py: Python<'_>, customer: PyCustomerId) -> PyResult<()> {
        self.write(py, |d| d.delete_customer(customer.0))
    }

    // ---- customers: reads

    /// A customer.
    fn customer(&self, py: Python<'_>, customer: PyCustomerId) -> PyResult<PyCustomer> {
        self.run(py, |d| d.customer(customer.0).cloned()).map(PyCustomer)
    }

    /// All customers, by id.
    fn customers(&self, py: Python<'_>) -> PyResult<Vec<PyCustomer>> {
        self.read(py, |d| d.customers().cloned().map(PyCustomer).collect())
    }

    /// The customer holding a number, or `None`.
    fn customer_by_number(&self, py: Python<'_>, number: NumberArg) -> PyResult<Option<PyCustomer>> {
        self.read(py, |d| d.customer_by_number(number.value).cloned().map(PyCustomer))
    }

    // ---- projects

    /// Creates a project for a customer.
    fn create_project(&self, py: Python<'_>, customer: PyCustomerId, name: String) -> PyResult<PyProjectId> {
        self.write(py, |d| d.create_project(customer.0, &name)).map(PyProjectId)
    }

    #[pyo3(signature = (project, *, name = Given::Omitted, archived = Given::Omitted))]
    /// Changes the name or archived flag given.
    fn update_project(
        &self,
        py: Python<'_>,
        project: PyProjectId,
        name: Given<String>,
        archived: Given<bool>,
    ) -> PyResult<()> {
        let update = ProjectUpdate { name: name.into_option(), archived: archived.into_option() };
        self.write(py, |d| d.update_project(project.0, update))
    }

    /// Archives a project.
    fn archive_project(&self, py: Python<'_>, project: PyProjectId) -> PyResult<()> {
        self.write(py, |d| d.archive_project(project.0))
    }

    /// Deletes a project with its responsibilities.
    fn delete_project(&self, py: Python<'_>, project: PyProjectId) -> PyResult<()> {
        self.write(py, |d| d.delete_project(project.0))
    }

    /// A project.
    fn project(&self, py: Python<'_>, project: PyProjectId) -> PyResult<PyProject> {
        self.run(py, |d| d.project(project.0).cloned()).map(PyProject)
    }

    /// All projects, by id.
    fn projects(&self, py: Python<'_>) -> PyResult<Vec<PyProject>> {
        self.read(py, |d| d.projects().cloned().map(PyProject).collect())
    }

    /// A customer's projects, by id.
    fn projects_of(&self, py: Python<'_>, customer: PyCustomerId) -> PyResult<Vec<PyProject>> {
        self.run(py, |d| Ok(d.projects_of(customer.0)?.into_iter().cloned().map(PyProject).collect()))
    }
}
