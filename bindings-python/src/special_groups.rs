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
impl PyDirectory {}

calls! {
    #[pyo3(signature = (name, *, description = None, customers = Items::default()))]
    /// Creates a special group with its customers.
    write create_special_group() with NewSpecialGroup {
        name: String,
        description: Option<String>,
        customers: Items<PyCustomerId>,
    } -> PySpecialGroupId;
    #[pyo3(signature = (group, *, name = Given::Omitted, description = Given::Omitted, customers = Given::Omitted))]
    /// Saves the fields given; `customers` replaces the members.
    write update_special_group(group: PySpecialGroupId) with SpecialGroupUpdate {
        name: Given<String>,
        description: Given<Option<String>>,
        customers: Given<Items<PyCustomerId>>,
    };
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
