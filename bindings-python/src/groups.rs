//! Exclusive customer groups: rows, mutations (membership, salespeople, numbering fields) and
//! reads.

use crate::bulk::PyBulkPlan;
use crate::convert::{restore_numbers, Given, Items, NumberArg};
use crate::directory::{calls, PyDirectory};
use crate::ids::{PyCustomerGroupId, PyCustomerId, PyEmployeeId, PyRoleId};
use crate::rows::{row_class, tuple_of};
use pyo3::prelude::*;
use vastuu::{CustomerGroup, CustomerGroupUpdate, GroupDefault, NewCustomerGroup};
use vastuu_host::Convert;

row_class!(
    /// An exclusive customer group: a customer belongs to at most one.
    PyCustomerGroup(CustomerGroup) as "CustomerGroup", hash |s| s.0.id,
    new(*, id, name, numbering_start = None, numbering_end = None, next_number = 0, ledger_account = None,
        cost_centers = Items::default(), salespeople = Items::default(), default_team = Items::default(),
        external_id = None),
    |py, r| {
        id(PyCustomerGroupId): PyCustomerGroupId(r.id),
        name(String): &r.name,
        numbering_start(Option<u64>): r.numbering_start,
        numbering_end(Option<u64>): r.numbering_end,
        next_number(u64): r.next_number,
        ledger_account(Option<String>): &r.ledger_account,
        cost_centers(Items<String>): tuple_of(py, &r.cost_centers)?,
        salespeople(Items<PyEmployeeId>): tuple_of(py, r.salespeople.iter().copied().map(PyEmployeeId))?,
        /// The group's default team: who is made responsible (with roles) for a customer created
        /// in the group or moved into it.
        default_team(Items<PyGroupDefault>): tuple_of(py, r.default_team.iter().cloned().map(PyGroupDefault))?,
        /// The host system's key for the group, if set.
        external_id(Option<String>): &r.external_id,
    }
);

row_class!(
    /// One default responsible person of a customer group: who, and in which roles.
    PyGroupDefault(GroupDefault) as "GroupDefault" + from_py_object, hash |s| s.0.employee,
    new(employee, roles = Items::default()),
    |py, r| {
        employee(PyEmployeeId): PyEmployeeId(r.employee),
        roles(Items<PyRoleId>): tuple_of(py, r.roles.iter().copied().map(PyRoleId))?,
    }
);

impl Convert<GroupDefault> for PyGroupDefault {
    fn convert(self) -> GroupDefault {
        self.0
    }
}

#[pymethods]
impl PyDirectory {
    #[pyo3(signature = (name, *, numbering_start = None, numbering_end = None, ledger_account = None,
        cost_centers = Items::default(), salespeople = Items::default(), customers = Items::default(),
        move_customers = false, default_team = Items::default(), external_id = None))]
    /// Creates a customer group with its salespeople, default team and customers, atomically; a customer in
    /// another group is refused unless `move_customers=True`. Existing numbers never change. The customers
    /// get the default team (see `set_group_default_team`).
    fn create_customer_group(
        &self,
        py: Python<'_>,
        name: String,
        numbering_start: Option<NumberArg>,
        numbering_end: Option<NumberArg>,
        ledger_account: Option<String>,
        cost_centers: Items<String>,
        salespeople: Items<PyEmployeeId>,
        customers: Items<PyCustomerId>,
        move_customers: bool,
        default_team: Items<PyGroupDefault>,
        external_id: Option<String>,
    ) -> PyResult<PyCustomerGroupId> {
        let new = NewCustomerGroup {
            name,
            numbering_start: numbering_start.as_ref().map(|n| n.value),
            numbering_end: numbering_end.as_ref().map(|n| n.value),
            ledger_account,
            cost_centers: cost_centers.convert(),
            salespeople: salespeople.convert(),
            customers: customers.convert(),
            move_customers,
            default_team: default_team.convert(),
            external_id,
        };
        let result = self.write(py, |d| d.create_customer_group(new)).map(PyCustomerGroupId);
        restore_numbers(py, result, &[("start", numbering_start.as_ref()), ("end", numbering_end.as_ref())])
    }

    /// The customer group with this external id (compared exactly), or `None`.
    fn customer_group_by_external_id(&self, py: Python<'_>, external_id: &str) -> PyResult<Option<PyCustomerGroup>> {
        self.read(py, |d| Convert::convert(d.customer_group_by_external_id(external_id)))
    }

    #[pyo3(signature = (group, *, name = Given::Omitted, numbering_start = Given::Omitted,
        numbering_end = Given::Omitted, ledger_account = Given::Omitted, cost_centers = Given::Omitted,
        salespeople = Given::Omitted, customers = Given::Omitted, move_customers = false,
        default_team = Given::Omitted, external_id = Given::Omitted))]
    /// Saves the fields given atomically; `customers` replaces the members (those left out return to no
    /// group; those joining get the default team); `default_team` replaces the team without applying it to
    /// the members (see `plan_group_defaults`).
    fn update_customer_group(
        &self,
        py: Python<'_>,
        group: PyCustomerGroupId,
        name: Given<String>,
        numbering_start: Given<Option<NumberArg>>,
        numbering_end: Given<Option<NumberArg>>,
        ledger_account: Given<Option<String>>,
        cost_centers: Given<Items<String>>,
        salespeople: Given<Items<PyEmployeeId>>,
        customers: Given<Items<PyCustomerId>>,
        move_customers: bool,
        default_team: Given<Items<PyGroupDefault>>,
        external_id: Given<Option<String>>,
    ) -> PyResult<()> {
        let start = numbering_start.into_option();
        let end = numbering_end.into_option();
        let update = CustomerGroupUpdate {
            name: name.convert(),
            numbering_start: start.as_ref().map(|s| s.as_ref().map(|n| n.value)),
            numbering_end: end.as_ref().map(|e| e.as_ref().map(|n| n.value)),
            ledger_account: ledger_account.convert(),
            cost_centers: cost_centers.convert(),
            salespeople: salespeople.convert(),
            customers: customers.convert(),
            move_customers,
            default_team: default_team.convert(),
            external_id: external_id.convert(),
        };
        let result = self.write(py, |d| d.update_customer_group(group.0, update));
        restore_numbers(
            py,
            result,
            &[("start", start.as_ref().and_then(Option::as_ref)), ("end", end.as_ref().and_then(Option::as_ref))],
        )
    }
}

calls! {
    /// Deletes a customer group; its customers return to no group, their numbers untouched.
    write delete_customer_group(group: PyCustomerGroupId);
    /// Adds a customer to a group; refused (naming both groups) when it is in another one.
    write add_customer_to_group(group: PyCustomerGroupId, customer: PyCustomerId);
    /// Moves a customer into a group, out of any group it was in; its number does not change.
    write move_customer_to_group(group: PyCustomerGroupId, customer: PyCustomerId);
    /// Returns a customer to no group.
    write remove_customer_from_group(customer: PyCustomerId);
    /// Makes an active employee with sales rights a salesperson of a group.
    write add_group_salesperson(group: PyCustomerGroupId, employee: PyEmployeeId);
    /// Removes an employee from a group's salespeople.
    write remove_group_salesperson(group: PyCustomerGroupId, employee: PyEmployeeId);
    /// Replaces a group's default team: the responsible persons (with roles) a customer gets when
    /// it is created in the group or joins it; inactive ones are skipped. The members are not
    /// touched (see `plan_group_defaults`).
    write set_group_default_team(group: PyCustomerGroupId, defaults: Items<PyGroupDefault>);
    /// Plans applying a group's default team to its customers: a bulk plan per default (apply
    /// each with `apply_bulk`); an inactive default's plan skips every customer.
    run plan_group_defaults(group: PyCustomerGroupId) -> Vec<PyBulkPlan>;
    /// A customer group.
    run customer_group(group: PyCustomerGroupId) -> PyCustomerGroup;
    /// All customer groups, by id.
    list customer_groups() -> Vec<PyCustomerGroup>;
    /// A customer group's customers, by id.
    run group_customers(group: PyCustomerGroupId) -> Vec<PyCustomerId>;
    /// The groups where the employee is a salesperson, by id.
    run salesperson_groups(employee: PyEmployeeId) -> Vec<PyCustomerGroupId>;
}
