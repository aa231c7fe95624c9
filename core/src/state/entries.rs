//! Read access to the index entries the query API hands out.

use super::{CustomerEntry, EmployeeEntry, Held, HeldCounts, HeldList, ProjectEntry, ProjectsOf, Reach};
use crate::collation::SortKey;
use crate::model::{CustomerGroupId, CustomerId, CustomerStatus, EmployeeId, Period, ProjectId, TeamId};

impl CustomerEntry {
    /// The name's sort key.
    pub(crate) fn key(&self) -> &SortKey {
        &self.key
    }
    /// The order label: ranks order customers as their sort keys (then ids) do.
    pub(crate) fn rank(&self) -> u64 {
        self.rank
    }
    /// The customer number.
    pub(crate) fn number(&self) -> Option<u64> {
        self.number
    }
    /// The customer group.
    pub(crate) fn group(&self) -> Option<CustomerGroupId> {
        self.group
    }
    /// Active or prospect.
    pub(crate) fn status(&self) -> CustomerStatus {
        self.status
    }
    /// Whether archived.
    pub(crate) fn archived(&self) -> bool {
        self.archived
    }
}

impl EmployeeEntry {
    /// The name's sort key.
    pub(crate) fn key(&self) -> &SortKey {
        &self.key
    }
    /// The team.
    pub(crate) fn team(&self) -> Option<TeamId> {
        self.team
    }
    /// Whether active.
    pub(crate) fn active(&self) -> bool {
        self.active
    }
    /// Whether the employee sees every customer.
    pub(crate) fn sees_all(&self) -> bool {
        self.sees_all
    }
    /// Whether the employee has sales rights.
    pub(crate) fn sales_rights(&self) -> bool {
        self.sales_rights
    }
    /// The groups where the employee is a salesperson, sorted by id.
    pub(crate) fn sells(&self) -> &[CustomerGroupId] {
        &self.sells
    }
    /// Whether the employee sees the customers of `group` as its salesperson: a salesperson of
    /// it, with sales rights.
    pub(crate) fn sells_with_rights(&self, group: Option<CustomerGroupId>) -> bool {
        self.sales_rights && group.is_some_and(|g| self.sells.binary_search(&g).is_ok())
    }
}

impl ProjectEntry {
    /// The name's sort key.
    pub(crate) fn key(&self) -> &SortKey {
        &self.key
    }
    /// The customer the project belongs to.
    pub(crate) fn customer(&self) -> CustomerId {
        self.customer
    }
    /// Whether archived.
    pub(crate) fn archived(&self) -> bool {
        self.archived
    }
}

impl ProjectsOf {
    /// The projects, sorted by id.
    pub(crate) fn ids(&self) -> &[ProjectId] {
        &self.ids
    }
    /// How many projects are shown when archived ones are (`true`) or are not.
    pub(crate) fn shown(&self, with_archived: bool) -> usize {
        if with_archived {
            self.ids.len()
        } else {
            self.ids.len().saturating_sub(self.archived)
        }
    }
}

impl Held {
    /// The responsible employee.
    pub(crate) fn employee(&self) -> EmployeeId {
        self.employee
    }
    /// The project, for a project responsibility.
    pub(crate) fn project(&self) -> Option<ProjectId> {
        self.project
    }
    /// Whether that project is archived.
    pub(crate) fn archived(&self) -> bool {
        self.archived
    }
    /// The validity period.
    pub(crate) fn period(&self) -> Period {
        self.period
    }
    /// The roles: their place in the role sets (see `State::role_set`).
    pub(crate) fn roles(&self) -> u32 {
        self.roles
    }
}

impl HeldCounts {
    /// How many responsibilities are list rows: the customers' own, and with `projects` those
    /// of their projects (archived ones with `archived_projects`).
    pub(crate) fn rows(&self, projects: bool, archived_projects: bool) -> usize {
        let in_archived = if archived_projects { self.in_archived_projects } else { 0 };
        self.own + if projects { self.in_projects + in_archived } else { 0 }
    }

    /// Adds `other`'s counts, less `minus`'s.
    pub(super) fn shift(&mut self, plus: HeldCounts, minus: HeldCounts) {
        self.own = (self.own + plus.own).saturating_sub(minus.own);
        self.in_projects = (self.in_projects + plus.in_projects).saturating_sub(minus.in_projects);
        self.in_archived_projects =
            (self.in_archived_projects + plus.in_archived_projects).saturating_sub(minus.in_archived_projects);
    }
}

impl HeldList {
    /// An empty list using `room` (an emptied list's vector).
    pub(super) fn with_room(mut room: Vec<Held>) -> HeldList {
        room.clear();
        HeldList { list: room, ..HeldList::default() }
    }

    /// The list's vector, for reuse.
    pub(super) fn into_room(self) -> Vec<Held> {
        self.list
    }

    /// The entries of one employee (contiguous: the list is in (employee, project) order).
    pub(crate) fn of_employee(&self, employee: EmployeeId) -> &[Held] {
        let from = self.list.partition_point(|h| h.employee < employee);
        let rest = self.list.get(from..).unwrap_or_default();
        rest.get(..rest.partition_point(|h| h.employee == employee)).unwrap_or_default()
    }

    /// The list's counts.
    pub(crate) fn counts(&self) -> HeldCounts {
        HeldCounts { own: self.own, in_projects: self.in_projects, in_archived_projects: self.in_archived_projects }
    }

    /// Responsibilities for the customer itself.
    pub(crate) fn own(&self) -> usize {
        self.own
    }
    /// Responsibilities for its projects that are not archived.
    pub(crate) fn in_projects(&self) -> usize {
        self.in_projects
    }
    /// Responsibilities for its archived projects.
    pub(crate) fn in_archived_projects(&self) -> usize {
        self.in_archived_projects
    }
    /// Every responsibility touching the customer.
    pub(crate) fn list(&self) -> &[Held] {
        &self.list
    }
}

impl Reach {
    /// The customer's order label.
    pub(crate) fn rank(&self) -> u64 {
        self.rank
    }
    /// The customer (the project's, for a project responsibility).
    pub(crate) fn customer(&self) -> CustomerId {
        self.customer
    }
    /// The project, for a project responsibility.
    pub(crate) fn project(&self) -> Option<ProjectId> {
        self.project
    }
    /// The validity period.
    pub(crate) fn period(&self) -> Period {
        self.period
    }
}
