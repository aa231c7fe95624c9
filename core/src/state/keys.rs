//! What a list of changes touches: the keys a change set is filed under in the history. The
//! customers and employees ([`State::history_keys`]) are stored with the change set; the groups,
//! special groups, roles, teams and projects ([`entity_keys`]) are found from its changes again
//! whenever a directory files one, against the memberships before it ([`Memberships`]: the
//! state, or while a store is opened the [`Shadow`] of the change sets before its snapshot).

use super::{FastMap, State};
use crate::model::{
    Change, CustomerGroupId, CustomerId, EmployeeId, EntityRef, HistoryKey, ProjectId, Responsibility, SpecialGroupId,
    Subject, TeamId,
};
use std::collections::BTreeSet;

/// Where [`State::history_keys`] puts the keys it finds.
pub(crate) trait KeySet {
    /// Adds a key.
    fn insert(&mut self, key: HistoryKey);
}

impl KeySet for BTreeSet<HistoryKey> {
    fn insert(&mut self, key: HistoryKey) {
        BTreeSet::insert(self, key);
    }
}

impl KeySet for Vec<HistoryKey> {
    fn insert(&mut self, key: HistoryKey) {
        self.push(key);
    }
}

impl State {
    /// The customers and employees a list of changes touches, read against the state before the
    /// changes are applied (a key may be added more than once).
    pub(crate) fn history_keys(&self, changes: &[Change], keys: &mut impl KeySet) {
        let mut new_projects: Vec<(ProjectId, CustomerId)> = Vec::new();
        let project_customer = |p: ProjectId, new: &[(ProjectId, CustomerId)]| {
            new.iter()
                .rev()
                .find(|(id, _)| *id == p)
                .map(|(_, c)| *c)
                .or_else(|| self.index.projects.get(&p).map(|p| p.customer))
        };
        for change in changes {
            match change {
                Change::PutEmployee(e) => keys.insert(HistoryKey::Employee(e.id)),
                Change::DeleteEmployee(id) => keys.insert(HistoryKey::Employee(*id)),
                Change::PutCustomer(c) => keys.insert(HistoryKey::Customer(c.id)),
                Change::DeleteCustomer(id) => keys.insert(HistoryKey::Customer(*id)),
                Change::PutProject(p) => {
                    new_projects.push((p.id, p.customer));
                    keys.insert(HistoryKey::Customer(p.customer));
                }
                Change::DeleteProject(id) => {
                    if let Some(c) = project_customer(*id, &new_projects) {
                        keys.insert(HistoryKey::Customer(c));
                    }
                }
                Change::PutResponsibility(Responsibility { subject, employee, .. })
                | Change::DeleteResponsibility { subject, employee } => {
                    keys.insert(HistoryKey::Employee(*employee));
                    let customer = match subject {
                        Subject::Customer(c) => Some(*c),
                        Subject::Project(p) => project_customer(*p, &new_projects),
                    };
                    if let Some(c) = customer {
                        keys.insert(HistoryKey::Customer(c));
                    }
                }
                Change::PutCustomerGroup(g) => {
                    let before = self.entities.groups.get(&g.id).map(|old| &old.salespeople);
                    for e in g.salespeople.symmetric_difference(before.unwrap_or(&BTreeSet::new())) {
                        keys.insert(HistoryKey::Employee(*e));
                    }
                }
                Change::DeleteCustomerGroup(id) => {
                    // The group's salespeople lose their places.
                    for e in self.entities.groups.get(id).into_iter().flat_map(|g| &g.salespeople) {
                        keys.insert(HistoryKey::Employee(*e));
                    }
                }
                Change::PutTeam(_)
                | Change::DeleteTeam(_)
                | Change::PutRole(_)
                | Change::DeleteRole(_)
                | Change::PutSpecialGroup(_)
                | Change::DeleteSpecialGroup(_)
                | Change::SetDefaultSeries(_) => {}
            }
        }
    }
}

/// The memberships of customers and employees before a change set: what [`entity_keys`] compares
/// each put with, to file the groups and teams a customer or employee left.
pub(crate) trait Memberships {
    /// The customer's group and special groups, if the customer exists.
    fn customer_groups(&self, id: CustomerId) -> Option<(Option<CustomerGroupId>, &BTreeSet<SpecialGroupId>)>;
    /// The employee's team, if the employee exists.
    fn employee_team(&self, id: EmployeeId) -> Option<Option<TeamId>>;
}

impl Memberships for State {
    fn customer_groups(&self, id: CustomerId) -> Option<(Option<CustomerGroupId>, &BTreeSet<SpecialGroupId>)> {
        self.entities.customers.get(&id).map(|c| (c.group, &c.special_groups))
    }

    fn employee_team(&self, id: EmployeeId) -> Option<Option<TeamId>> {
        self.entities.employees.get(&id).map(|e| e.team)
    }
}

/// The memberships alone, kept while a store's change sets before its snapshot are filed (the
/// state there is the snapshot's, after them): each change set's puts and deletes of customers
/// and employees, from the first change set on.
#[derive(Default)]
pub(crate) struct Shadow {
    customers: FastMap<CustomerId, (Option<CustomerGroupId>, BTreeSet<SpecialGroupId>)>,
    employees: FastMap<EmployeeId, Option<TeamId>>,
}

impl Shadow {
    /// Takes in the memberships a change set leaves.
    pub(crate) fn apply(&mut self, changes: &[Change]) {
        for change in changes {
            match change {
                Change::PutCustomer(c) => {
                    self.customers.insert(c.id, (c.group, c.special_groups.clone()));
                }
                Change::DeleteCustomer(id) => {
                    self.customers.remove(id);
                }
                Change::PutEmployee(e) => {
                    self.employees.insert(e.id, e.team);
                }
                Change::DeleteEmployee(id) => {
                    self.employees.remove(id);
                }
                _ => {}
            }
        }
    }
}

impl Memberships for Shadow {
    fn customer_groups(&self, id: CustomerId) -> Option<(Option<CustomerGroupId>, &BTreeSet<SpecialGroupId>)> {
        self.customers.get(&id).map(|(group, special)| (*group, special))
    }

    fn employee_team(&self, id: EmployeeId) -> Option<Option<TeamId>> {
        self.employees.get(&id).copied()
    }
}

/// The groups, special groups, roles, teams and projects a list of changes touches, read against
/// the memberships before the first of them (a key may be added more than once):
/// - a group, special group, role or team put or deleted, a project put or deleted;
/// - the group and special groups a customer joins or leaves (put with other memberships than
///   before, new, or deleted), and the team an employee joins or leaves;
/// - the project of a responsibility put or deleted.
///
/// A customer's memberships are compared with the ones before the list, not before the put: a
/// customer moved twice in one list is filed under all three groups all the same, since each
/// group it passes through is some put's own.
pub(crate) fn entity_keys(before: &impl Memberships, changes: &[Change], keys: &mut Vec<EntityRef>) {
    let no_special = BTreeSet::new();
    for change in changes {
        match change {
            Change::PutCustomer(c) => {
                let (group, special) = before.customer_groups(c.id).unwrap_or((None, &no_special));
                if group != c.group {
                    keys.extend(group.into_iter().chain(c.group).map(EntityRef::CustomerGroup));
                }
                keys.extend(special.symmetric_difference(&c.special_groups).map(|s| EntityRef::SpecialGroup(*s)));
            }
            Change::DeleteCustomer(id) => {
                if let Some((group, special)) = before.customer_groups(*id) {
                    keys.extend(group.map(EntityRef::CustomerGroup));
                    keys.extend(special.iter().map(|s| EntityRef::SpecialGroup(*s)));
                }
            }
            Change::PutEmployee(e) => {
                let team = before.employee_team(e.id).unwrap_or(None);
                if team != e.team {
                    keys.extend(team.into_iter().chain(e.team).map(EntityRef::Team));
                }
            }
            Change::DeleteEmployee(id) => keys.extend(before.employee_team(*id).flatten().map(EntityRef::Team)),
            Change::PutTeam(t) => keys.push(EntityRef::Team(t.id)),
            Change::DeleteTeam(id) => keys.push(EntityRef::Team(*id)),
            Change::PutRole(r) => keys.push(EntityRef::Role(r.id)),
            Change::DeleteRole(id) => keys.push(EntityRef::Role(*id)),
            Change::PutCustomerGroup(g) => keys.push(EntityRef::CustomerGroup(g.id)),
            Change::DeleteCustomerGroup(id) => keys.push(EntityRef::CustomerGroup(*id)),
            Change::PutSpecialGroup(g) => keys.push(EntityRef::SpecialGroup(g.id)),
            Change::DeleteSpecialGroup(id) => keys.push(EntityRef::SpecialGroup(*id)),
            Change::PutProject(p) => keys.push(EntityRef::Project(p.id)),
            Change::DeleteProject(id) => keys.push(EntityRef::Project(*id)),
            Change::PutResponsibility(Responsibility { subject: Subject::Project(p), .. })
            | Change::DeleteResponsibility { subject: Subject::Project(p), .. } => keys.push(EntityRef::Project(*p)),
            Change::PutResponsibility(_) | Change::DeleteResponsibility { .. } | Change::SetDefaultSeries(_) => {}
        }
    }
}
