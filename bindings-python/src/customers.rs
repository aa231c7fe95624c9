//! Customers and their projects: rows, mutations (including numbers) and reads.

use crate::convert::{enum_to_py, restore_numbers, EnumArg, Given, Items, NumberArg};
use crate::directory::{calls, PyDirectory};
use crate::ids::{PyCustomerGroupId, PyCustomerId, PyProjectId, PySpecialGroupId};
use crate::rows::{row_class, tuple_of};
use pyo3::prelude::*;
use vastuu::{Customer, CustomerStatus, CustomerUpdate, NewCustomer, NewProject, NumberChoice, Project, ProjectUpdate};
use vastuu_host::Convert;

row_class!(
    /// A customer.
    PyCustomer(Customer) as "Customer", hash |s| s.0.id,
    new(*, id, name, number = None, status = Given::Omitted, archived = false, group = None,
        special_groups = Items::default(), external_id = None),
    |py, r| {
        id(PyCustomerId): PyCustomerId(r.id),
        name(String): &r.name,
        number(Option<u64>): r.number,
        status(Given<EnumArg<CustomerStatus>>): enum_to_py(py, r.status)?,
        archived(bool): r.archived,
        group(Option<PyCustomerGroupId>): r.group.map(PyCustomerGroupId),
        special_groups(Items<PySpecialGroupId>): tuple_of(py, r.special_groups.iter().copied().map(PySpecialGroupId))?,
        /// The host system's key for the customer, if set.
        external_id(Option<String>): &r.external_id,
    }
);

row_class!(
    /// A project of a customer.
    PyProject(Project) as "Project", hash |s| s.0.id, new(*, id, customer, name, archived = false, external_id = None),
    |py, r| {
        id(PyProjectId): PyProjectId(r.id),
        customer(PyCustomerId): PyCustomerId(r.customer),
        name(String): &r.name,
        archived(bool): r.archived,
        /// The host system's key for the project, if set.
        external_id(Option<String>): &r.external_id,
    }
);

#[pymethods]
impl PyDirectory {
    #[pyo3(signature = (name, *, number = Given::Omitted, status = Given::Omitted, group = None,
        special_groups = Items::default(), external_id = None))]
    /// Creates a customer. `number` left out: the next number of its group's series (or the default
    /// series); `None`: no number; an int: that number. `external_id`: the host system's key, unique
    /// among customers (`DuplicateExternalIdError`).
    fn create_customer(
        &self,
        py: Python<'_>,
        name: String,
        number: Given<Option<NumberArg>>,
        status: Given<EnumArg<CustomerStatus>>,
        group: Option<PyCustomerGroupId>,
        special_groups: Items<PySpecialGroupId>,
        external_id: Option<String>,
    ) -> PyResult<PyCustomerId> {
        let (choice, given) = match &number {
            Given::Omitted => (NumberChoice::Next, None),
            Given::Value(None) => (NumberChoice::Unnumbered, None),
            Given::Value(Some(n)) => (NumberChoice::Explicit(n.value), Some(n)),
        };
        let new = NewCustomer {
            name,
            number: choice,
            status: status.convert(),
            group: group.convert(),
            special_groups: special_groups.convert(),
            external_id,
        };
        let result = self.write(py, |d| d.create_customer(new)).map(PyCustomerId);
        restore_numbers(py, result, &[("number", given)])
    }

    /// Sets (an int) or clears (`None`) a customer's number by hand; the series counters do not move.
    fn set_customer_number(&self, py: Python<'_>, customer: PyCustomerId, number: Option<NumberArg>) -> PyResult<()> {
        let value = number.as_ref().map(|n| n.value);
        let result = self.write(py, |d| d.set_customer_number(customer.0, value));
        restore_numbers(py, result, &[("number", number.as_ref())])
    }

    #[pyo3(signature = (customer, name, *, external_id = None))]
    /// Creates a project for a customer. `external_id`: the host system's key, unique among projects.
    fn create_project(
        &self,
        py: Python<'_>,
        customer: PyCustomerId,
        name: String,
        external_id: Option<String>,
    ) -> PyResult<PyProjectId> {
        let new = NewProject { name, external_id };
        self.write(py, |d| d.create_project_with(customer.0, &new)).map(PyProjectId)
    }

    /// The customer with this external id (compared exactly), or `None`.
    fn customer_by_external_id(&self, py: Python<'_>, external_id: &str) -> PyResult<Option<PyCustomer>> {
        self.read(py, |d| Convert::convert(d.customer_by_external_id(external_id)))
    }

    /// The project with this external id (compared exactly), or `None`.
    fn project_by_external_id(&self, py: Python<'_>, external_id: &str) -> PyResult<Option<PyProject>> {
        self.read(py, |d| Convert::convert(d.project_by_external_id(external_id)))
    }
}

calls! {
    #[pyo3(signature = (customer, *, name = Given::Omitted, status = Given::Omitted, archived = Given::Omitted,
        external_id = Given::Omitted))]
    /// Changes the name, status, archived flag or external id given (`external_id=None` clears it).
    write update_customer(customer: PyCustomerId) with CustomerUpdate {
        name: Given<String>,
        status: Given<EnumArg<CustomerStatus>>,
        archived: Given<bool>,
        external_id: Given<Option<String>>,
    };
    #[pyo3(signature = (project, *, name = Given::Omitted, archived = Given::Omitted, external_id = Given::Omitted))]
    /// Changes the name, archived flag or external id given (`external_id=None` clears it).
    write update_project(project: PyProjectId) with ProjectUpdate {
        name: Given<String>,
        archived: Given<bool>,
        external_id: Given<Option<String>>,
    };
    /// Archives a customer (the normal way to retire one).
    write archive_customer(customer: PyCustomerId);
    /// Unarchives a customer.
    write unarchive_customer(customer: PyCustomerId);
    /// Gives a customer the next number of its group's series (or the default series) and returns it.
    write renumber_customer(customer: PyCustomerId) -> u64;
    /// Deletes a customer with its responsibilities and memberships; refused while it has projects.
    write delete_customer(customer: PyCustomerId);
    /// A customer.
    run customer(customer: PyCustomerId) -> PyCustomer;
    /// All customers, by id.
    list customers() -> Vec<PyCustomer>;
    /// The customer holding a number, or `None`.
    read customer_by_number(number: NumberArg) -> Option<PyCustomer>;
    /// Archives a project.
    write archive_project(project: PyProjectId);
    /// Deletes a project with its responsibilities.
    write delete_project(project: PyProjectId);
    /// A project.
    run project(project: PyProjectId) -> PyProject;
    /// All projects, by id.
    list projects() -> Vec<PyProject>;
    /// A customer's projects, by id.
    run projects_of(customer: PyCustomerId) -> Vec<PyProject>;
}
