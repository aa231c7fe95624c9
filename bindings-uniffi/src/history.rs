//! History: the committed change sets, per customer or employee.

use crate::convert::{convert_record, mirror, Convert};
use crate::customers::{Customer, Project};
use crate::directory::{calls, Directory};
use crate::employees::{Employee, Team};
use crate::error::Result;
use crate::groups::CustomerGroup;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, RoleId, SpecialGroupId, Subject, TeamId};
use crate::numbering::DefaultSeries;
use crate::numbers::{Count, Seq, SmallCount};
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

mirror!(both vastuu::HistoryKey => HistoryKey { Customer(id), Employee(id) });

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

mirror!(from_core vastuu::Change => Change {
    PutEmployee(employee),
    DeleteEmployee(id),
    PutTeam(team),
    DeleteTeam(id),
    PutRole(role),
    DeleteRole(id),
    PutCustomer(customer),
    DeleteCustomer(id),
    PutProject(project),
    DeleteProject(id),
    PutCustomerGroup(group),
    DeleteCustomerGroup(id),
    PutSpecialGroup(group),
    DeleteSpecialGroup(id),
    PutResponsibility(responsibility),
    DeleteResponsibility { subject, employee },
    SetDefaultSeries(series),
});

/// One committed mutation.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChangeSet {
    /// Sequence number: 1 for the first change set, then consecutive.
    pub seq: Seq,
    /// When it was committed (Kotlin `java.time.Instant`, Swift `Date`).
    pub time: SystemTime,
    /// Who made it, if the host said (see `Directory.setActor`).
    pub actor: Option<String>,
    /// The customers and employees it touches.
    pub keys: Vec<HistoryKey>,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
}

convert_record!(vastuu::ChangeSet => ChangeSet { seq, time, actor, keys, changes });

/// One page of change sets.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChangeSetPage {
    /// How many change sets there are in all.
    pub total: Count,
    /// Position of the first item of this page.
    pub offset: Count,
    /// The change sets of this page, oldest first.
    pub items: Vec<ChangeSet>,
}

#[uniffi::export]
impl Directory {
    /// The change sets that touched a customer or an employee, oldest first. Works for deleted
    /// entities too.
    ///
    /// # Errors
    /// `NotFound` for an id the directory never assigned; `Store` when the store cannot give
    /// the change sets back (they are read from it).
    pub fn history(&self, key: HistoryKey) -> Result<Vec<ChangeSet>> {
        self.try_read(|d| d.history(vastuu::HistoryKey::from(key)).map(Convert::convert))
    }

    /// One page of every change set, oldest first (only the page is read from the store).
    ///
    /// # Errors
    /// `Store` when the store cannot give the change sets back.
    pub fn change_set_page(&self, offset: Count, limit: SmallCount) -> Result<ChangeSetPage> {
        self.try_read(|d| {
            // Only the page is read back from the store.
            let first = offset.0.saturating_add(1);
            let items = d.change_set_range(first, first.saturating_add(u64::from(limit.0)).saturating_sub(1))?;
            Ok(ChangeSetPage { total: Count(d.last_seq()), offset, items: items.convert() })
        })
    }
}

calls! {
    /// Sequence number of the last committed change set (0 before any).
    read last_seq() -> Seq;
}
