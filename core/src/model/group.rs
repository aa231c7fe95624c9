//! Exclusive customer groups: membership, salespeople, numbering series.

use crate::model::ids::{CustomerGroupId, CustomerId, EmployeeId, RoleId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Most cost centers a customer group can have.
pub const MAX_COST_CENTERS: usize = 4;

/// An exclusive customer group: a customer belongs to at most one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerGroup {
    /// Id assigned by the library.
    pub id: CustomerGroupId,
    /// Name, unique (case-insensitive).
    pub name: String,
    /// First number of the group's customer-number series; `None`: the group has no series and
    /// its customers are numbered from the default series.
    pub numbering_start: Option<u64>,
    /// Last number of the series; `None`: just below the next higher series start.
    pub numbering_end: Option<u64>,
    /// The series counter: no number below it is handed out again. Only moves forward.
    pub next_number: u64,
    /// Ledger account ("kirjanpitotili").
    pub ledger_account: Option<String>,
    /// Cost centers ("laskentakohteet"), in order, at most [`MAX_COST_CENTERS`].
    pub cost_centers: Vec<String>,
    /// Employees who, through their sales rights, see the group's customers.
    pub salespeople: BTreeSet<EmployeeId>,
    /// The group's default team: responsible persons (with roles) added to a customer created in
    /// the group or moved into it.
    pub default_team: Vec<GroupDefault>,
    /// The host system's key for the group, unique among customer groups when set.
    pub external_id: Option<String>,
}

/// One default responsible person of a customer group: who, and in which roles (customer-scope
/// roles), is added to a customer created in the group or moved into it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GroupDefault {
    /// The employee.
    pub employee: EmployeeId,
    /// The roles the responsibility is given.
    pub roles: BTreeSet<RoleId>,
}

impl GroupDefault {
    /// A default responsible person with these roles (none: responsible, with no role).
    pub fn new(employee: EmployeeId, roles: impl IntoIterator<Item = RoleId>) -> Self {
        GroupDefault { employee, roles: roles.into_iter().collect() }
    }
}

/// Input for [`Directory::create_customer_group`](crate::Directory::create_customer_group): the three tabs of the group dialog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCustomerGroup {
    /// Name.
    pub name: String,
    /// Numbering start (>= 1).
    pub numbering_start: Option<u64>,
    /// Numbering end (>= start).
    pub numbering_end: Option<u64>,
    /// Ledger account.
    pub ledger_account: Option<String>,
    /// Cost centers.
    pub cost_centers: Vec<String>,
    /// Salespeople: active employees with sales rights.
    pub salespeople: Vec<EmployeeId>,
    /// Customers.
    pub customers: Vec<CustomerId>,
    /// Move customers that are in another group instead of refusing.
    pub move_customers: bool,
    /// The default team: each employee once, with customer-scope roles; added to the group's
    /// customers as they join it, these included (see
    /// [`Directory::set_group_default_team`](crate::Directory::set_group_default_team)).
    pub default_team: Vec<GroupDefault>,
    /// The host system's key, unique among customer groups (compared exactly, case-sensitively).
    pub external_id: Option<String>,
}

impl NewCustomerGroup {
    /// A group with a name and nothing else.
    pub fn new(name: impl Into<String>) -> Self {
        NewCustomerGroup { name: name.into(), ..Default::default() }
    }
    /// Sets the numbering start.
    pub fn numbering_start(mut self, start: u64) -> Self {
        self.numbering_start = Some(start);
        self
    }
    /// Sets the numbering end.
    pub fn numbering_end(mut self, end: u64) -> Self {
        self.numbering_end = Some(end);
        self
    }
    /// Sets the ledger account.
    pub fn ledger_account(mut self, account: impl Into<String>) -> Self {
        self.ledger_account = Some(account.into());
        self
    }
    /// Sets the cost centers.
    pub fn cost_centers<S: Into<String>>(mut self, codes: impl IntoIterator<Item = S>) -> Self {
        self.cost_centers = codes.into_iter().map(Into::into).collect();
        self
    }
    /// Sets the salespeople.
    pub fn salespeople(mut self, employees: impl IntoIterator<Item = EmployeeId>) -> Self {
        self.salespeople = employees.into_iter().collect();
        self
    }
    /// Sets the customers.
    pub fn customers(mut self, customers: impl IntoIterator<Item = CustomerId>) -> Self {
        self.customers = customers.into_iter().collect();
        self
    }
    /// Moves customers out of other groups instead of refusing.
    pub fn move_customers(mut self, yes: bool) -> Self {
        self.move_customers = yes;
        self
    }
    /// Sets the default team.
    pub fn default_team(mut self, defaults: impl IntoIterator<Item = GroupDefault>) -> Self {
        self.default_team = defaults.into_iter().collect();
        self
    }
    /// Sets the host system's key.
    pub fn external_id(mut self, key: impl Into<String>) -> Self {
        self.external_id = Some(key.into());
        self
    }
}

/// Changes for [`Directory::update_customer_group`](crate::Directory::update_customer_group); `None` leaves a field as it is. Saving a group
/// with all three tabs is one atomic call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerGroupUpdate {
    /// New name.
    pub name: Option<String>,
    /// New numbering start (`Some(None)` removes the series). Existing numbers never change.
    pub numbering_start: Option<Option<u64>>,
    /// New numbering end (`Some(None)`: up to the next series).
    pub numbering_end: Option<Option<u64>>,
    /// New ledger account (`Some(None)` clears it).
    pub ledger_account: Option<Option<String>>,
    /// New cost centers.
    pub cost_centers: Option<Vec<String>>,
    /// New salespeople (replaces the set).
    pub salespeople: Option<Vec<EmployeeId>>,
    /// New customers (replaces the set; customers left out return to "No group").
    pub customers: Option<Vec<CustomerId>>,
    /// Move customers that are in another group instead of refusing.
    pub move_customers: bool,
    /// New default team (replaces it; customers joining in the same update get the new one).
    /// Saving it does not touch the group's existing customers: see
    /// [`Directory::plan_group_defaults`](crate::Directory::plan_group_defaults).
    pub default_team: Option<Vec<GroupDefault>>,
    /// New host system key (`Some(None)` clears it).
    pub external_id: Option<Option<String>>,
}
