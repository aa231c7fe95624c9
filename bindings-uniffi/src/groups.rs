//! Customer groups: exclusive membership, salespeople, numbering settings.

use crate::bulk::BulkPlan;
use crate::convert::convert_record;
use crate::directory::{calls, Directory};
use crate::error::Result;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, RoleId};
use crate::numbers::CustomerNumber;

/// An exclusive customer group: a customer belongs to at most one.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct CustomerGroup {
    /// Id assigned by the library.
    pub id: CustomerGroupId,
    /// Name, unique (case-insensitive).
    pub name: String,
    /// First number of the group's own customer-number series, if it has one.
    pub numbering_start: Option<CustomerNumber>,
    /// Explicit last number of the series, if set.
    pub numbering_end: Option<CustomerNumber>,
    /// Counter of the series: no number below it is handed out again.
    pub next_number: CustomerNumber,
    /// Ledger account.
    pub ledger_account: Option<String>,
    /// Cost center codes, in order (at most 4).
    pub cost_centers: Vec<String>,
    /// Salespeople, by id.
    pub salespeople: Vec<EmployeeId>,
    /// The group's default team: responsible persons (with roles) added to a customer created in
    /// the group or moved into it.
    #[uniffi(default)]
    pub default_team: Vec<GroupDefault>,
    /// The host system's key for the group, unique among customer groups when set.
    #[uniffi(default)]
    pub external_id: Option<String>,
}

/// One default responsible person of a customer group.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct GroupDefault {
    /// The employee.
    pub employee: EmployeeId,
    /// The roles (customer-scope) the responsibility is given.
    #[uniffi(default)]
    pub roles: Vec<RoleId>,
}

convert_record!(
    vastuu::GroupDefault => GroupDefault { employee, roles }
    GroupDefault => vastuu::GroupDefault { employee, roles }
);

convert_record!(vastuu::CustomerGroup => CustomerGroup {
    id,
    name,
    numbering_start,
    numbering_end,
    next_number,
    ledger_account,
    cost_centers,
    salespeople,
    default_team,
    external_id,
});

/// Input for [`Directory::create_customer_group`].
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NewCustomerGroup {
    /// Name.
    pub name: String,
    /// First number of its own series (none: customers use the default series).
    #[uniffi(default)]
    pub numbering_start: Option<CustomerNumber>,
    /// Explicit last number (none: just below the next higher series start).
    #[uniffi(default)]
    pub numbering_end: Option<CustomerNumber>,
    /// Ledger account.
    #[uniffi(default)]
    pub ledger_account: Option<String>,
    /// Cost center codes (at most 4, no repeats).
    #[uniffi(default)]
    pub cost_centers: Vec<String>,
    /// Salespeople (active, with sales rights).
    #[uniffi(default)]
    pub salespeople: Vec<EmployeeId>,
    /// Customers.
    #[uniffi(default)]
    pub customers: Vec<CustomerId>,
    /// Move customers that are in another group (otherwise that is an error).
    #[uniffi(default = false)]
    pub move_customers: bool,
    /// The default team (each employee once, customer roles), given to the customers as they
    /// join, these included: see [`Directory::set_group_default_team`].
    #[uniffi(default)]
    pub default_team: Vec<GroupDefault>,
    /// The host system's key, unique among customer groups (compared exactly; `DuplicateExternalId`).
    #[uniffi(default)]
    pub external_id: Option<String>,
}

/// Changes for [`Directory::update_customer_group`]: a field left `null`/`nil` stays as it is.
/// The numbering range has [`Directory::set_group_numbering`].
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CustomerGroupUpdate {
    /// New name.
    #[uniffi(default)]
    pub name: Option<String>,
    /// New ledger account; a blank string removes it.
    #[uniffi(default)]
    pub ledger_account: Option<String>,
    /// New cost centers (replacing the list).
    #[uniffi(default)]
    pub cost_centers: Option<Vec<String>>,
    /// New salespeople (replacing the set; people already in it keep their place even without
    /// sales rights).
    #[uniffi(default)]
    pub salespeople: Option<Vec<EmployeeId>>,
    /// New customers (replacing the set; customers left out return to "No group").
    #[uniffi(default)]
    pub customers: Option<Vec<CustomerId>>,
    /// Move customers that are in another group (otherwise that is an error).
    #[uniffi(default = false)]
    pub move_customers: bool,
    /// New default team (replacing it; customers joining in the same update get the new one;
    /// the members are not touched, see [`Directory::plan_group_defaults`]).
    #[uniffi(default)]
    pub default_team: Option<Vec<GroupDefault>>,
    /// New host system key; a blank string removes it.
    #[uniffi(default)]
    pub external_id: Option<String>,
}

convert_record!(
    NewCustomerGroup => vastuu::NewCustomerGroup {
        name,
        numbering_start,
        numbering_end,
        ledger_account,
        cost_centers,
        salespeople,
        customers,
        move_customers,
        default_team,
        external_id,
    }
    CustomerGroupUpdate => vastuu::CustomerGroupUpdate {
        name,
        ledger_account,
        cost_centers,
        salespeople,
        customers,
        move_customers,
        default_team,
        external_id,
        ..
    }
);

#[uniffi::export]
impl Directory {
    /// Sets the group's numbering range: `start` none removes the group's own series (its
    /// customers then get numbers from the default series). Existing numbers never change; the
    /// series counter only moves forward.
    ///
    /// # Errors
    /// `NotFound`; `InvalidNumberingRange`.
    pub fn set_group_numbering(
        &self,
        id: CustomerGroupId,
        start: Option<CustomerNumber>,
        end: Option<CustomerNumber>,
    ) -> Result<()> {
        let update = vastuu::CustomerGroupUpdate {
            numbering_start: Some(start.map(|n| n.0)),
            numbering_end: Some(end.map(|n| n.0)),
            ..Default::default()
        };
        self.write(|d| d.update_customer_group(id.into(), update))
    }

    /// The customer group with this external id (compared exactly), if any.
    pub fn customer_group_by_external_id(&self, external_id: String) -> Result<Option<CustomerGroup>> {
        self.read(|d| d.customer_group_by_external_id(&external_id).map(CustomerGroup::from))
    }
}

calls! {
    /// Creates a customer group, with its members, salespeople and default team, as one change
    /// (the members get the default team, see [`Directory::set_group_default_team`]).
    write create_customer_group(group: NewCustomerGroup) -> CustomerGroupId,
        throws "`InvalidText`; `DuplicateName`; `InvalidNumberingRange`; `TooManyCostCenters`;"
        "`DuplicateCostCenter`; `NotFound`; `EmployeeInactive`; `NoSalesRights`;"
        "`WrongRoleScope` / `DuplicateGroupDefault` for the default team;"
        "`CustomerInOtherGroup` (unless `move_customers`).";
    /// Changes a customer group; the whole change is atomic (a group saved with 500 customers of
    /// which one is invalid changes nothing).
    write update_customer_group(id: CustomerGroupId, update: CustomerGroupUpdate),
        throws "As [`Directory::create_customer_group`].";
    /// Deletes a customer group; its customers return to "No group" with their numbers,
    /// responsibilities and special groups untouched.
    write delete_customer_group(id: CustomerGroupId), throws "`NotFound`.";
    /// Adds a customer to a group.
    write add_customer_to_group(group: CustomerGroupId, customer: CustomerId),
        throws "`NotFound`; `CustomerInOtherGroup`, naming both groups, when it is in another group.";
    /// Moves a customer into a group from whatever group it is in. Its number does not change.
    write move_customer_to_group(group: CustomerGroupId, customer: CustomerId), throws "`NotFound`.";
    /// Returns a customer to "No group".
    write remove_customer_from_group(customer: CustomerId), throws "`NotFound`.";
    /// Makes an employee a salesperson of the group.
    write add_group_salesperson(group: CustomerGroupId, employee: EmployeeId),
        throws "`NotFound`; `EmployeeInactive`; `NoSalesRights`.";
    /// Removes a salesperson from the group.
    write remove_group_salesperson(group: CustomerGroupId, employee: EmployeeId), throws "`NotFound`.";
    /// Replaces the group's default team: the responsible persons (with customer roles) a
    /// customer gets, in the same change set, when it is created in the group or joins it (added,
    /// moved, listed in a group update, imported). Each active default is added as a bulk add of
    /// its roles with no dates would: a new responsibility with an open period, or the missing
    /// roles added to the employee's existing one; nothing for an archived customer or where the
    /// employee is responsible in another period. Inactive defaults are skipped (see
    /// [`Directory::plan_group_defaults`]). A customer leaving the group keeps everything; the
    /// members are not touched by setting the team.
    write set_group_default_team(group: CustomerGroupId, defaults: Vec<GroupDefault>),
        throws "`NotFound` for an unknown group, employee or role; `WrongRoleScope` for a project role;"
        "`DuplicateGroupDefault` for an employee listed twice.";
    /// Plans applying the group's default team to its (unarchived) customers: a bulk plan per
    /// default, in the team's order, each applied with [`Directory::apply_bulk`] (inside a
    /// transaction for one change set). An inactive default's plan skips every customer with
    /// [`BulkSkipReason::EmployeeInactive`](crate::bulk::BulkSkipReason::EmployeeInactive).
    try_read plan_group_defaults(group: CustomerGroupId) -> Vec<BulkPlan>, throws "`NotFound`.";
    /// A customer group.
    try_read customer_group(id: CustomerGroupId) -> CustomerGroup, throws "`NotFound`.";
    /// Every customer group, by id.
    list customer_groups() -> Vec<CustomerGroup>;
    /// A group's customers, by id.
    try_read group_customers(group: CustomerGroupId) -> Vec<CustomerId>, throws "`NotFound`.";
}
