//! The query API of the state: what the plans, views and exports may read.
//!
//! Entity lookups return `Error::NotFound` for an unknown id; index lookups return `Option` or an
//! iterator (empty when nothing is indexed).

use super::rank::InOrder;
use super::reach::ReachList;
use super::{
    CustomerEntry, EmployeeEntry, HeldCounts, HeldList, ListingKey, ProjectEntry, ProjectsOf, Ranked, Sorted, State,
};
use crate::collation::SortKey;
use crate::error::{Error, Result};
use crate::model::{
    Customer, CustomerGroup, CustomerGroupId, CustomerId, DefaultSeries, Employee, EmployeeId, EntityKind, EntityRef,
    Id, NextIds, Project, ProjectId, Responsibility, Role, RoleId, RoleScope, SpecialGroup, SpecialGroupId, Subject,
    Team, TeamId,
};
use crate::text;
use std::collections::BTreeSet;

/// What `reach_of` gives for an employee without responsibilities.
static EMPTY_REACH: ReachList = ReachList::EMPTY;

fn not_found<I: Id>(id: I) -> Error {
    Error::NotFound(id.entity())
}

/// Entities by id.
impl State {
    pub(crate) fn employee(&self, id: EmployeeId) -> Result<&Employee> {
        self.entities.employees.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn team(&self, id: TeamId) -> Result<&Team> {
        self.entities.teams.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn role(&self, id: RoleId) -> Result<&Role> {
        self.entities.roles.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn customer(&self, id: CustomerId) -> Result<&Customer> {
        self.entities.customers.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn project(&self, id: ProjectId) -> Result<&Project> {
        self.entities.projects.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn customer_group(&self, id: CustomerGroupId) -> Result<&CustomerGroup> {
        self.entities.groups.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn special_group(&self, id: SpecialGroupId) -> Result<&SpecialGroup> {
        self.entities.special_groups.get(&id).ok_or_else(|| not_found(id))
    }
    /// The employee's responsibility for the subject, if any.
    pub(crate) fn responsibility(&self, subject: Subject, employee: EmployeeId) -> Option<&Responsibility> {
        self.entities.responsibilities.get(&(subject, employee))
    }
    /// The default series.
    pub(crate) fn default_series(&self) -> DefaultSeries {
        self.entities.default_series
    }
    /// The next id of each kind.
    pub(crate) fn next_ids(&self) -> NextIds {
        self.entities.next_ids
    }
}

/// Every entity of a kind, by id (responsibilities in no order).
impl State {
    pub(crate) fn employees(&self) -> impl ExactSizeIterator<Item = &Employee> + '_ {
        self.entities.employees.values()
    }
    pub(crate) fn teams(&self) -> impl ExactSizeIterator<Item = &Team> + '_ {
        self.entities.teams.values()
    }
    pub(crate) fn roles(&self) -> impl ExactSizeIterator<Item = &Role> + '_ {
        self.entities.roles.values()
    }
    /// How many customers there are.
    pub(crate) fn customer_count(&self) -> usize {
        self.entities.customers.len()
    }
    /// How many projects there are.
    pub(crate) fn project_count(&self) -> usize {
        self.entities.projects.len()
    }
    pub(crate) fn customers(&self) -> impl Iterator<Item = &Customer> + '_ {
        self.entities.customers.values()
    }
    pub(crate) fn projects(&self) -> impl Iterator<Item = &Project> + '_ {
        self.entities.projects.values()
    }
    pub(crate) fn customer_groups(&self) -> impl ExactSizeIterator<Item = &CustomerGroup> + '_ {
        self.entities.groups.values()
    }
    pub(crate) fn special_groups(&self) -> impl ExactSizeIterator<Item = &SpecialGroup> + '_ {
        self.entities.special_groups.values()
    }
    pub(crate) fn responsibilities(&self) -> impl ExactSizeIterator<Item = &Responsibility> + '_ {
        self.entities.responsibilities.values()
    }
}

/// Checks against the current state that several plans share.
impl State {
    /// The customer a subject belongs to (itself, or the project's customer).
    pub(crate) fn subject_customer(&self, subject: Subject) -> Result<CustomerId> {
        // The index's hash maps hold exactly the existing customers and projects: one hashed
        // lookup instead of a walk down the ordered entity maps.
        match subject {
            Subject::Customer(c) if self.index.customers.contains_key(&c) => Ok(c),
            Subject::Customer(c) => Err(not_found(c)),
            Subject::Project(p) => self.index.projects.get(&p).map(|e| e.customer).ok_or_else(|| not_found(p)),
        }
    }

    /// The employee's existing responsibility for the subject.
    pub(crate) fn existing_responsibility(&self, subject: Subject, employee: EmployeeId) -> Result<&Responsibility> {
        self.subject_customer(subject)?;
        self.employee(employee)?;
        self.responsibility(subject, employee).ok_or(Error::NotResponsible { subject, employee })
    }

    /// Refuses an inactive (or unknown) employee.
    pub(crate) fn require_active(&self, employee: EmployeeId) -> Result<()> {
        if self.employee(employee)?.active {
            Ok(())
        } else {
            Err(Error::EmployeeInactive { employee })
        }
    }

    /// Refuses a role (or an unknown one) whose scope is not the subject's.
    pub(crate) fn check_role_fits(&self, role: RoleId, subject: Subject) -> Result<()> {
        let r = self.role(role)?;
        if r.scope == RoleScope::of(subject) {
            Ok(())
        } else {
            Err(Error::RoleScopeMismatch { role, role_scope: r.scope, subject })
        }
    }
}

/// Responsibilities by subject, employee and role.
impl State {
    /// The employees responsible for a subject, by id.
    pub(crate) fn responsible_employees(&self, subject: Subject) -> impl Iterator<Item = EmployeeId> + '_ {
        // The customer's held list is in (employee, project) order: filtered to one subject, it
        // is by employee id.
        let (customer, project) = match subject {
            Subject::Customer(c) => (Some(c), None),
            Subject::Project(p) => (self.index.projects.get(&p).map(|e| e.customer), Some(p)),
        };
        let list = customer.and_then(|c| self.index.customer_holders.get(&c)).map_or(&[][..], |h| h.list.as_slice());
        list.iter().filter(move |h| h.project == project).map(|h| h.employee)
    }
    /// The subjects an employee is responsible for, in subject order (read from `reach`, which
    /// keeps them by customer, and sorted).
    pub(crate) fn subjects_of(&self, employee: EmployeeId) -> impl Iterator<Item = Subject> + use<> {
        let mut subjects: Vec<Subject> = self
            .reach_of(employee)
            .iter()
            .map(|r| match r.project() {
                Some(p) => Subject::Project(p),
                None => Subject::Customer(r.customer()),
            })
            .collect();
        subjects.sort_unstable();
        subjects.into_iter()
    }
    /// The (subject, employee) pairs holding a role, in that order.
    pub(crate) fn role_holders(&self, role: RoleId) -> impl Iterator<Item = (Subject, EmployeeId)> + '_ {
        self.index.role_holders.get(&role).into_iter().flatten().copied()
    }
    /// How many responsibilities hold a role.
    pub(crate) fn role_holder_count(&self, role: RoleId) -> usize {
        self.index.role_holders.get(&role).map_or(0, BTreeSet::len)
    }
    /// The responsibilities touching a customer (its own and its projects').
    pub(crate) fn holders(&self, customer: CustomerId) -> Option<&HeldList> {
        self.index.customer_holders.get(&customer)
    }
    /// The roles a held-list entry names (see [`Held::roles`](super::Held::roles)), by id.
    pub(crate) fn role_set(&self, place: u32) -> &[RoleId] {
        self.index.role_sets.get(place)
    }
    /// Every set of roles held-list entries may name, by place.
    pub(crate) fn role_sets(&self) -> impl ExactSizeIterator<Item = &[RoleId]> + '_ {
        self.index.role_sets.all()
    }
    /// The counts of every `holders` list summed over the customers archived (`true`) or not:
    /// the row totals of the unfiltered responsible-persons list.
    pub(crate) fn held_totals(&self, archived: bool) -> HeldCounts {
        self.index.held_totals[usize::from(archived)]
    }
    /// An employee's responsibilities touching a customer: for the customer itself first (if
    /// any), then for its projects by project id. Read from the customer's held list.
    #[cfg(test)]
    pub(crate) fn held_by(&self, employee: EmployeeId, customer: CustomerId) -> &[super::Held] {
        self.index.customer_holders.get(&customer).map_or(&[], |held| held.of_employee(employee))
    }
    /// The positions in [`State::in_order`] (ascending) of a group's customers whose name key
    /// contains `part` (searched in the group's keys end to end).
    pub(crate) fn group_text_matches(&self, group: CustomerGroupId, part: &memchr::memmem::Finder<'_>) -> Vec<u32> {
        self.index.group_text_matches(group, part)
    }
}

/// Customers: entries, orders, numbers, memberships.
impl State {
    pub(crate) fn customer_entry(&self, id: CustomerId) -> Option<&CustomerEntry> {
        self.index.customers.get(&id)
    }
    /// Every customer in Finnish order.
    pub(crate) fn customer_order(&self) -> &Sorted<CustomerId> {
        &self.index.customer_order
    }
    /// The customers of one listing key, by rank (Finnish order).
    pub(crate) fn listing(&self, key: ListingKey) -> Option<&Ranked> {
        self.index.listing.get(&key)
    }
    /// Every customer in Finnish order, with ranks and each group's positions (built once after
    /// each change of the order or of a group membership).
    pub(crate) fn in_order(&self) -> &InOrder {
        self.index.in_order()
    }
    /// An employee's responsibilities touching customers, by the customers' rank (Finnish order).
    pub(crate) fn reach_of(&self, employee: EmployeeId) -> &ReachList {
        self.index.reach.get(&employee).unwrap_or(&EMPTY_REACH)
    }
    /// The customer holding a number.
    pub(crate) fn customer_with_number(&self, number: u64) -> Option<CustomerId> {
        self.index.numbers.get(&number).copied()
    }
    /// The numbers held in `lo..=hi`, in order, with their customers.
    pub(crate) fn numbers_in(&self, lo: u64, hi: u64) -> impl Iterator<Item = (u64, CustomerId)> + '_ {
        let range = if lo <= hi { Some(self.index.numbers.range(lo..=hi)) } else { None };
        range.into_iter().flatten().map(|(n, c)| (*n, *c))
    }
    /// A customer group's members, by id.
    pub(crate) fn group_members(&self, group: CustomerGroupId) -> impl Iterator<Item = CustomerId> + '_ {
        self.index.group_members.get(&group).into_iter().flatten().copied()
    }
    /// A special group's members.
    pub(crate) fn special_members(&self, group: SpecialGroupId) -> Option<&BTreeSet<CustomerId>> {
        self.index.special_members.get(&group)
    }
}

/// Projects, employees, teams, roles.
impl State {
    pub(crate) fn project_entry(&self, id: ProjectId) -> Option<&ProjectEntry> {
        self.index.projects.get(&id)
    }
    /// A customer's projects.
    pub(crate) fn projects_of(&self, customer: CustomerId) -> Option<&ProjectsOf> {
        self.index.customer_projects.get(&customer)
    }
    pub(crate) fn employee_entry(&self, id: EmployeeId) -> Option<&EmployeeEntry> {
        self.index.employees.get(&id)
    }
    /// Every employee in Finnish order.
    pub(crate) fn employee_order(&self) -> &Sorted<EmployeeId> {
        &self.index.employee_order
    }
    /// How many employees are active.
    pub(crate) fn active_employee_count(&self) -> usize {
        self.index.active_employees
    }
    /// The active employees who see every customer, by id.
    pub(crate) fn admins(&self) -> impl Iterator<Item = EmployeeId> + '_ {
        self.index.admins.iter().copied()
    }
    /// The groups where the employee is a salesperson, by id.
    pub(crate) fn groups_sold_by(&self, employee: EmployeeId) -> &[CustomerGroupId] {
        self.index.employees.get(&employee).map_or(&[], |e| e.sells.as_slice())
    }
    /// A team's members, by id.
    pub(crate) fn team_members(&self, team: TeamId) -> impl Iterator<Item = EmployeeId> + '_ {
        self.index.team_members.get(&team).into_iter().flatten().copied()
    }
    /// The employee's team, when they are one of its leads.
    pub(crate) fn led_team(&self, employee: EmployeeId) -> Option<TeamId> {
        self.led_team_of(employee, self.index.employees.get(&employee)?.team)
    }
    /// The team `employee` leads, given the team they are in (what their entry says).
    pub(crate) fn led_team_of(&self, employee: EmployeeId, team: Option<TeamId>) -> Option<TeamId> {
        self.entities.teams.get(&team?).filter(|t| t.leads.contains(&employee)).map(|t| t.id)
    }
    /// A team's leads, by id (none for an unknown team).
    pub(crate) fn team_leads(&self, team: TeamId) -> impl Iterator<Item = EmployeeId> + '_ {
        self.entities.teams.get(&team).into_iter().flat_map(|t| t.leads.iter().copied())
    }
    /// A role's sort key.
    pub(crate) fn role_key(&self, role: RoleId) -> Option<&SortKey> {
        self.index.role_keys.get(&role)
    }
}

/// Unique names: the entity already holding a name (compared by `text::fold`: the normalised,
/// lower-cased form).
impl State {
    pub(crate) fn team_named(&self, name: &str) -> Option<TeamId> {
        self.index.names.teams.get(&text::fold(name)).copied()
    }
    pub(crate) fn group_named(&self, name: &str) -> Option<CustomerGroupId> {
        self.index.names.groups.get(&text::fold(name)).copied()
    }
    pub(crate) fn special_group_named(&self, name: &str) -> Option<SpecialGroupId> {
        self.index.names.special_groups.get(&text::fold(name)).copied()
    }
    pub(crate) fn role_named(&self, scope: RoleScope, name: &str) -> Option<RoleId> {
        self.index.names.roles.get(&(scope, text::fold(name))).copied()
    }
}

/// Unique external ids: the entity holding a host system key (compared exactly).
impl State {
    pub(crate) fn employee_with_external_id(&self, key: &str) -> Option<EmployeeId> {
        self.index.external.employees.get(key).copied()
    }
    pub(crate) fn customer_with_external_id(&self, key: &str) -> Option<CustomerId> {
        self.index.external.customers.get(key).copied()
    }
    pub(crate) fn project_with_external_id(&self, key: &str) -> Option<ProjectId> {
        self.index.external.projects.get(key).copied()
    }
    pub(crate) fn group_with_external_id(&self, key: &str) -> Option<CustomerGroupId> {
        self.index.external.groups.get(key).copied()
    }
    /// The entity of `kind` holding `key` (`None` for kinds without external ids).
    pub(crate) fn external_id_holder(&self, kind: EntityKind, key: &str) -> Option<EntityRef> {
        match kind {
            EntityKind::Employee => self.employee_with_external_id(key).map(Into::into),
            EntityKind::Customer => self.customer_with_external_id(key).map(Into::into),
            EntityKind::Project => self.project_with_external_id(key).map(Into::into),
            EntityKind::CustomerGroup => self.group_with_external_id(key).map(Into::into),
            _ => None,
        }
    }
}
