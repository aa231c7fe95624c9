//! Which customers and employees a list of changes touches: the keys a change set is filed under
//! in the history.

use super::State;
use crate::model::{Change, CustomerId, HistoryKey, ProjectId, Responsibility, Subject};
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
