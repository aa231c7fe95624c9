//! Special groups: free many-to-many classification of customers.

use crate::convert::{Given, Items};
use crate::directory::{calls, PyDirectory};
use crate::ids::{PyCustomerId, PySpecialGroupId};
use crate::rows::row_class;
use pyo3::prelude::*;
use vastuu::{NewSpecialGroup, SpecialGroup, SpecialGroupUpdate};

row_class!(
    /// A special group: a customer can be in any number of them.
    PySpecialGroup(SpecialGroup) as "SpecialGroup", hash |s| s.0.id, new(*, id, name, description = None), |py, r| {
        id(PySpecialGroupId): PySpecialGroupId(r.id),
        name(String): &r.name,
        description(Option<String>): &r.description,
    }
);

#[pymethods]
impl PyDirectory {
    #[pyo3(signature = (name, *, description = None, customers = Items::default()))]
    /// Creates a special group with its customers.
    fn create_special_group(
        &self,
        py: Python<'_>,
        name: String,
        description: Option<String>,
        customers: Items<PyCustomerId>,
    ) -> PyResult<PySpecialGroupId> {
        let new = NewSpecialGroup { name, description, customers: customers.0.into_iter().map(|c| c.0).collect() };
        self.write(py, |d| d.create_special_group(new)).map(PySpecialGroupId)
    }

    #[pyo3(signature = (group, *, name = Given::Omitted, description = Given::Omitted, customers = Given::Omitted))]
    /// Saves the fields given; `customers` replaces the members.
    fn update_special_group(
        &self,
        py: Python<'_>,
        group: PySpecialGroupId,
        name: Given<String>,
        description: Given<Option<String>>,
        customers: Given<Items<PyCustomerId>>,
    ) -> PyResult<()> {
        let update = SpecialGroupUpdate {
            name: name.into_option(),
            description: description.into_option(),
            customers: customers.into_option().map(|c| c.0.into_iter().map(|c| c.0).collect()),
        };
        self.write(py, |d| d.update_special_group(group.0, update))
    }
}

calls! {
    /// Deletes a special group and its memberships.
    write delete_special_group(group: PySpecialGroupId);

    /// Adds a customer to a special group.
    write add_to_special_group(group: PySpecialGroupId, customer: PyCustomerId);

    /// Removes a customer from a special group.
    write remove_from_special_group(group: PySpecialGroupId, customer: PyCustomerId);

    /// A special group.
    run special_group(group: PySpecialGroupId) -> PySpecialGroup;

    /// All special groups, by id.
    list special_groups() -> Vec<PySpecialGroup>;

    /// A special group's customers, by id.
    run special_group_customers(group: PySpecialGroupId) -> Vec<PyCustomerId>;
}
