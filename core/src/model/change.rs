//! Change sets: what every mutation hands to the store, and what history reads back.

use crate::model::customer::{Customer, Project};
use crate::model::employee::{Employee, Team};
use crate::model::group::CustomerGroup;
use crate::model::ids::{
    CustomerGroupId, CustomerId, EmployeeId, EntityRef, ProjectId, RoleId, SpecialGroupId, TeamId,
};
use crate::model::numbering::DefaultSeries;
use crate::model::responsibility::{Responsibility, Subject};
use crate::model::role::Role;
use crate::model::special_group::SpecialGroup;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One primitive change. A mutation's cascades are spelled out as changes of their own, so
/// applying a change never needs to look anything up, and replaying a journal is exact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Change {
    PutEmployee(Employee),
    DeleteEmployee(EmployeeId),
    PutTeam(Team),
    DeleteTeam(TeamId),
    PutRole(Role),
    DeleteRole(RoleId),
    PutCustomer(Customer),
    DeleteCustomer(CustomerId),
    PutProject(Project),
    DeleteProject(ProjectId),
    PutCustomerGroup(CustomerGroup),
    DeleteCustomerGroup(CustomerGroupId),
    PutSpecialGroup(SpecialGroup),
    DeleteSpecialGroup(SpecialGroupId),
    PutResponsibility(Responsibility),
    DeleteResponsibility { subject: Subject, employee: EmployeeId },
    SetDefaultSeries(DefaultSeries),
}

/// The customers and employees a change set touches: what it is stored with, and what
/// [`Directory::history`](crate::Directory::history) finds it by (with the groups, special groups,
/// roles, teams and projects, which it finds from the changes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HistoryKey {
    /// A customer (including its projects and responsibilities).
    Customer(CustomerId),
    /// An employee (including their responsibilities and salesperson places).
    Employee(EmployeeId),
}

impl From<CustomerId> for HistoryKey {
    fn from(id: CustomerId) -> Self {
        HistoryKey::Customer(id)
    }
}

impl From<EmployeeId> for HistoryKey {
    fn from(id: EmployeeId) -> Self {
        HistoryKey::Employee(id)
    }
}

impl From<HistoryKey> for EntityRef {
    fn from(key: HistoryKey) -> Self {
        match key {
            HistoryKey::Customer(id) => EntityRef::Customer(id),
            HistoryKey::Employee(id) => EntityRef::Employee(id),
        }
    }
}

/// One committed mutation: a sequence number, a time, an optional actor, and its changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    /// Sequence number: 1 for the first change set of a store, then consecutive.
    pub seq: u64,
    /// When it was committed (from the directory's clock).
    pub time: Timestamp,
    /// Who made it, if the host said.
    pub actor: Option<String>,
    /// The customers and employees it touches (stored with it; the other entities a change set
    /// touches are found from its changes, see [`Directory::history`](crate::Directory::history)).
    pub keys: Vec<HistoryKey>,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
    /// The sequence number of the change set this one reverts, when it is a revert (a compensating
    /// change set).
    pub reverts: Option<u64>,
}
