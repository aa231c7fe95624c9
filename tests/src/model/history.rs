//! Which customers and employees a change touches, for the history.

use super::Model;
use std::collections::BTreeSet;
use vastuu::{CustomerId, HistoryKey, Subject};

fn union<K: Ord + Copy, V>(a: &std::collections::BTreeMap<K, V>, b: &std::collections::BTreeMap<K, V>) -> BTreeSet<K> {
    a.keys().chain(b.keys()).copied().collect()
}

fn customer_of(before: &Model, after: &Model, subject: Subject) -> Option<CustomerId> {
    match subject {
        Subject::Customer(c) => Some(c),
        Subject::Project(p) => after.projects.get(&p).or_else(|| before.projects.get(&p)).map(|p| p.customer),
    }
}

/// The customers (their fields, memberships, projects and responsibilities) and employees
/// (their fields, responsibilities and salesperson places) that differ between two states.
pub fn touched(before: &Model, after: &Model) -> BTreeSet<HistoryKey> {
    let mut keys = BTreeSet::new();
    for id in union(&before.customers, &after.customers) {
        if before.customers.get(&id) != after.customers.get(&id) {
            keys.insert(HistoryKey::Customer(id));
        }
    }
    for id in union(&before.projects, &after.projects) {
        if before.projects.get(&id) != after.projects.get(&id) {
            if let Some(c) = customer_of(before, after, Subject::Project(id)) {
                keys.insert(HistoryKey::Customer(c));
            }
        }
    }
    for id in union(&before.employees, &after.employees) {
        if before.employees.get(&id) != after.employees.get(&id) {
            keys.insert(HistoryKey::Employee(id));
        }
    }
    for key in union(&before.responsibilities, &after.responsibilities) {
        if before.responsibilities.get(&key) != after.responsibilities.get(&key) {
            keys.insert(HistoryKey::Employee(key.1));
            if let Some(c) = customer_of(before, after, key.0) {
                keys.insert(HistoryKey::Customer(c));
            }
        }
    }
    for id in union(&before.groups, &after.groups) {
        let old = before.groups.get(&id).map(|g| g.salespeople.clone()).unwrap_or_default();
        let new = after.groups.get(&id).map(|g| g.salespeople.clone()).unwrap_or_default();
        for e in old.symmetric_difference(&new) {
            keys.insert(HistoryKey::Employee(*e));
        }
    }
    keys
}

impl Model {
    /// Counts a committed change set touching `keys`.
    pub(super) fn commit(&mut self, keys: BTreeSet<HistoryKey>) {
        self.seq += 1;
        for key in keys {
            self.history.entry(key).or_default().push(self.seq);
        }
    }
}
