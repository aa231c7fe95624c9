//! History: the committed change sets, per customer or employee.

use crate::customers::{Customer, Project};
use crate::directory::{page, Directory};
use crate::employees::{Employee, Team};
use crate::error::Result;
use crate::groups::CustomerGroup;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, RoleId, SpecialGroupId, Subject, TeamId};
use crate::numbering::DefaultSeries;
use crate::responsibilities::Responsibility;
use crate::roles::Role;
use crate::special_groups::SpecialGroup;
use std::time::SystemTime;

/// Whose history: a customer (with its projects and responsibilities) or an employee (with
/// their responsibilities and salesperson places).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HistoryKey {
    /// A customer.
    Customer {
        /// The customer.
        id: CustomerId,
    },
    /// An employee.
    Employee {
        /// The employee.
        id: EmployeeId,
    },
}

impl From<vastuu::HistoryKey> for HistoryKey {
    fn from(k: vastuu::HistoryKey) -> Self {
        match k {
            vastuu::HistoryKey::Customer(id) => HistoryKey::Customer { id: id.into() },
            vastuu::HistoryKey::Employee(id) => HistoryKey::Employee { id: id.into() },
        }
    }
}

impl From<HistoryKey> for vastuu::HistoryKey {
    fn from(k: HistoryKey) -> Self {
        match k {
            HistoryKey::Customer { id } => vastuu::HistoryKey::Customer(id.into()),
            HistoryKey::Employee { id } => vastuu::HistoryKey::Employee(id.into()),
        }
    }
}

/// One primitive change of a change set; a mutation's cascades are spelled out as changes of
/// their own. `Put…` carries the entity as it is after the change.
#[derive(uniffi::Enum, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Change {
    PutEmployee { employee: Employee },
    DeleteEmployee { id: EmployeeId },
    PutTeam { team: Team },
    DeleteTeam { id: TeamId },
    PutRole { role: Role },
    DeleteRole { id: RoleId },
    PutCustomer { customer: Customer },
    DeleteCustomer { id: CustomerId },
    PutProject { project: Project },
    DeleteProject { id: ProjectId },
    PutCustomerGroup { group: CustomerGroup },
    DeleteCustomerGroup { id: CustomerGroupId },
    PutSpecialGroup { group: SpecialGroup },
    DeleteSpecialGroup { id: SpecialGroupId },
    PutResponsibility { responsibility: Responsibility },
    DeleteResponsibility { subject: Subject, employee: EmployeeId },
    SetDefaultSeries { series: DefaultSeries },
}

impl From<&vastuu::Change> for Change {
    fn from(c: &vastuu::Change) -> Self {
        use vastuu::Change as C;
        match c {
            C::PutEmployee(e) => Change::PutEmployee { employee: e.into() },
            C::DeleteEmployee(id) => Change::DeleteEmployee { id: (*id).into() },
            C::PutTeam(t) => Change::PutTeam { team: t.into() },
            C::DeleteTeam(id) => Change::DeleteTeam { id: (*id).into() },
            C::PutRole(r) => Change::PutRole { role: r.into() },
            C::DeleteRole(id) => Change::DeleteRole { id: (*id).into() },
            C::PutCustomer(c) => Change::PutCustomer { customer: c.into() },
            C::DeleteCustomer(id) => Change::DeleteCustomer { id: (*id).into() },
            C::PutProject(p) => Change::PutProject { project: p.into() },
            C::DeleteProject(id) => Change::DeleteProject { id: (*id).into() },
            C::PutCustomerGroup(g) => Change::PutCustomerGroup { group: g.into() },
            C::DeleteCustomerGroup(id) => Change::DeleteCustomerGroup { id: (*id).into() },
            C::PutSpecialGroup(g) => Change::PutSpecialGroup { group: g.into() },
            C::DeleteSpecialGroup(id) => Change::DeleteSpecialGroup { id: (*id).into() },
            C::PutResponsibility(r) => Change::PutResponsibility { responsibility: r.into() },
            C::DeleteResponsibility { subject, employee } => {
                Change::DeleteResponsibility { subject: (*subject).into(), employee: (*employee).into() }
            }
            C::SetDefaultSeries(s) => Change::SetDefaultSeries { series: (*s).into() },
        }
    }
}

/// One committed mutation.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChangeSet {
    /// Sequence number: 1 for the first change set, then consecutive.
    pub seq: u64,
    /// When it was committed (Kotlin `java.time.Instant`, Swift `Date`).
    pub time: SystemTime,
    /// Who made it, if the host said (see `Directory.setActor`).
    pub actor: Option<String>,
    /// The customers and employees it touches.
    pub keys: Vec<HistoryKey>,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
}

impl From<&vastuu::ChangeSet> for ChangeSet {
    fn from(cs: &vastuu::ChangeSet) -> Self {
        ChangeSet {
            seq: cs.seq,
            time: system_time(cs.time),
            actor: cs.actor.clone(),
            keys: cs.keys.iter().map(|&k| k.into()).collect(),
            changes: cs.changes.iter().map(Change::from).collect(),
        }
    }
}

/// A change-set time as a `SystemTime`. Every platform's `SystemTime` spans jiff's range (years
/// -9999 to 9999), so the conversion cannot fail in practice; the epoch stands in if it ever did.
fn system_time(time: jiff::Timestamp) -> SystemTime {
    SystemTime::try_from(time).unwrap_or(SystemTime::UNIX_EPOCH)
}

/// One page of change sets.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChangeSetPage {
    /// How many change sets there are in all.
    pub total: u64,
    /// Position of the first item of this page.
    pub offset: u64,
    /// The change sets of this page, oldest first.
    pub items: Vec<ChangeSet>,
}

#[uniffi::export]
impl Directory {
    /// Sequence number of the last committed change set (0 before any).
    pub fn last_seq(&self) -> Result<u64> {
        self.read(vastuu::Directory::last_seq)
    }

    /// The change sets that touched a customer or an employee, oldest first. Works for deleted
    /// entities too.
    ///
    /// # Errors
    /// `NotFound` for an id the directory never assigned.
    pub fn history(&self, key: HistoryKey) -> Result<Vec<ChangeSet>> {
        self.try_read(|d| {
            d.history(vastuu::HistoryKey::from(key)).map(|h| h.into_iter().map(ChangeSet::from).collect())
        })
    }

    /// One page of every change set, oldest first.
    pub fn change_set_page(&self, offset: u64, limit: u32) -> Result<ChangeSetPage> {
        self.read(|d| {
            let (total, items) = page(d.change_sets(), offset, limit, ChangeSet::from);
            ChangeSetPage { total, offset, items }
        })
    }
}
