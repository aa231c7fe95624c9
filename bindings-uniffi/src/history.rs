//! History: the committed change sets, per entity, and the change feed (`changesSince`, and
//! `ChangeSet.toJson`, the core's feed document).

use crate::convert::{convert_record, mirror, Convert};
use crate::customers::{Customer, Project};
use crate::directory::{calls, Directory};
use crate::employees::{Employee, Team};
use crate::error::{Result, VastuuError};
use crate::groups::CustomerGroup;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, RoleId, SpecialGroupId, Subject, TeamId};
use crate::numbering::DefaultSeries;
use crate::numbers::{Count, Seq, SmallCount};
use crate::responsibilities::Responsibility;
use crate::roles::Role;
use crate::special_groups::SpecialGroup;
use std::time::SystemTime;

/// Whose history (see `Directory.history`). A change set's `keys` name only the customers and
/// employees it touches; the other kinds are found from its changes.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HistoryKey {
    /// A customer: its fields, memberships, projects and responsibilities.
    Customer {
        /// The customer.
        id: CustomerId,
    },
    /// An employee: their fields, responsibilities and salesperson places.
    Employee {
        /// The employee.
        id: EmployeeId,
    },
    /// A customer group: its fields, and customers joining or leaving it.
    CustomerGroup {
        /// The group.
        id: CustomerGroupId,
    },
    /// A special group: its fields, and customers joining or leaving it.
    SpecialGroup {
        /// The special group.
        id: SpecialGroupId,
    },
    /// A role: its fields, creation and deletion (who holds it is in the customers' and
    /// employees' histories).
    Role {
        /// The role.
        id: RoleId,
    },
    /// A team: its name, and employees joining or leaving it.
    Team {
        /// The team.
        id: TeamId,
    },
    /// A project: its fields and its responsibilities.
    Project {
        /// The project.
        id: ProjectId,
    },
}

mirror!(from_core vastuu::HistoryKey => HistoryKey { Customer(id), Employee(id) });

impl From<HistoryKey> for vastuu::EntityRef {
    fn from(key: HistoryKey) -> Self {
        use vastuu::EntityRef as E;
        match key {
            HistoryKey::Customer { id } => E::Customer(id.into()),
            HistoryKey::Employee { id } => E::Employee(id.into()),
            HistoryKey::CustomerGroup { id } => E::CustomerGroup(id.into()),
            HistoryKey::SpecialGroup { id } => E::SpecialGroup(id.into()),
            HistoryKey::Role { id } => E::Role(id.into()),
            HistoryKey::Team { id } => E::Team(id.into()),
            HistoryKey::Project { id } => E::Project(id.into()),
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

mirror!(both vastuu::Change => Change {
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
    /// The sequence number of the change set this one reverts, when it is a revert.
    #[uniffi(default)]
    pub reverts: Option<Seq>,
}

convert_record!(vastuu::ChangeSet => ChangeSet { seq, time, actor, keys, changes, reverts });

// The entities back into the core's, for `ChangeSet::to_json`.
convert_record!(
    Employee => vastuu::Employee { id, name, email, team, sales_rights, active, sees_all, external_id }
    Team => vastuu::Team { id, name, leads }
    Role => vastuu::Role { id, name, scope, portal_visible }
    Customer => vastuu::Customer { id, name, number, status, archived, group, special_groups, external_id }
    Project => vastuu::Project { id, customer, name, archived, external_id }
    CustomerGroup => vastuu::CustomerGroup {
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
    }
    SpecialGroup => vastuu::SpecialGroup { id, name, description }
    DefaultSeries => vastuu::DefaultSeries { start, end, next_number }
);

#[uniffi::export]
impl ChangeSet {
    /// The change set as the change feed's JSON document, on one line: version, seq, time
    /// (`at`), actor and changes, each with its `op`, its `entity` and the entity's `value` after
    /// the change. The form is stable within a version (see the README's "Change feed").
    ///
    /// # Errors
    /// `InvalidDate` for a `time` outside the years -9999..=9999 (only a change set made by hand
    /// can have one).
    pub fn to_json(&self) -> Result<String> {
        let time = jiff::Timestamp::try_from(self.time).map_err(|_| VastuuError::InvalidDate {
            value: format!("{:?}", self.time),
            reason: "an instant outside the years -9999..=9999".to_owned(),
        })?;
        let changes: Vec<vastuu::Change> = self.changes.iter().cloned().map(Into::into).collect();
        let cs = vastuu::ChangeSet {
            seq: self.seq.0,
            time,
            actor: self.actor.clone(),
            keys: Vec::new(),
            changes,
            reverts: self.reverts.map(|s| s.0),
        };
        Ok(cs.to_json())
    }
}

/// One page of the change feed (see `Directory.changesSince`).
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct FeedPage {
    /// The change sets after the sequence number asked from, oldest first.
    pub change_sets: Vec<ChangeSet>,
    /// The sequence number to ask from next: the last change set's of this page, or the one
    /// asked from when the page is empty.
    pub cursor: Seq,
    /// Whether change sets after this page exist (when the page was read).
    pub has_more: bool,
    /// The directory's last sequence number when the page was read.
    pub last_seq: Seq,
}

convert_record!(vastuu::FeedPage => FeedPage { change_sets, cursor, has_more, last_seq });

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
    /// The change sets that touched an entity (a customer, employee, customer group, special
    /// group, role, team or project; see [`HistoryKey`]), oldest first. Works for deleted
    /// entities too.
    ///
    /// # Errors
    /// `NotFound` for an id the directory never assigned; `Store` when the store cannot give
    /// the change sets back (they are read from it).
    pub fn history(&self, key: HistoryKey) -> Result<Vec<ChangeSet>> {
        self.try_read(|d| d.history(vastuu::EntityRef::from(key)).map(Convert::convert))
    }

    /// The change feed: the change sets after change set `seq` (0 for all), oldest first, at
    /// most `limit` of them (only those are read from the store). Keep the page's `cursor` and
    /// ask from it next; `hasMore` says whether to ask again at once. `ChangeSet.toJson()`
    /// gives each one's JSON document. A `seq` equal to `lastSeq()` gives an empty page.
    ///
    /// # Errors
    /// `InvalidLimit` for a `limit` of 0 or above 1000; `SeqBeyondLast` for a `seq` above
    /// `lastSeq()` (a cursor of another store, or of this one before it was restored from an
    /// older copy); `Store` when the store cannot give the change sets back.
    #[uniffi::method(default(limit = 100))]
    pub fn changes_since(&self, seq: Seq, limit: SmallCount) -> Result<FeedPage> {
        let limit = usize::try_from(limit.0).unwrap_or(usize::MAX);
        self.try_read(|d| d.changes_since(seq.0, limit).map(Convert::convert))
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

/// What reverting a change set would do (see `Directory.planRevert`).
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct RevertPlan {
    /// The change set to revert.
    pub seq: Seq,
    /// The compensating changes: each entity it changed put back as it was just before it, or
    /// deleted when it did not exist then.
    pub changes: Vec<Change>,
    /// The later change sets that changed the same entities, oldest first: the revert is refused
    /// while there are any, unless forced.
    pub later: Vec<Seq>,
}

convert_record!(vastuu::RevertPlan => RevertPlan { seq, changes, later });

#[uniffi::export]
impl Directory {
    /// Reverts change set `seq` by writing a compensating change set: every entity it changed is
    /// put back as it was just before it, or deleted when it did not exist then. The new change
    /// set's `reverts` is `seq`; returns its number. With `force`, later change sets that
    /// changed the same entities do not stop it, and their edits of those entities are undone
    /// too. Numbering counters never move back.
    ///
    /// # Errors
    /// `RevertConflict` naming the later change sets that changed the same entities (unless
    /// `force`); `NoSuchChangeSet` for 0 or a number beyond `lastSeq()`; `RevertOfRevert`;
    /// `AlreadyReverted`; `NothingToRevert`; `RevertStateUnknown`; the rule errors of the
    /// result (`DuplicateCustomerNumber`, `DuplicateName`, `NotFound`, `Referenced`,
    /// `CustomerHasProjects`, `RoleInUse`); `NumberOutOfRange` for a negative `seq`; `Store`.
    /// A call that fails changed nothing.
    #[uniffi::method(default(force = false))]
    pub fn revert(&self, seq: Seq, force: bool) -> Result<Seq> {
        self.write(|d| d.revert(seq.0, force).map(Seq))
    }

    /// What `revert(seq)` would do, without doing it: the compensating changes and the later
    /// change sets in the way.
    ///
    /// # Errors
    /// As `revert`, except that later change sets are listed in the plan and the rules are
    /// checked when reverting.
    pub fn plan_revert(&self, seq: Seq) -> Result<RevertPlan> {
        self.try_read(|d| d.plan_revert(seq.0).map(Convert::convert))
    }
}

calls! {
    /// Sequence number of the last committed change set (0 before any).
    read last_seq() -> Seq;
}
