//! Which entities a change touches, for the history: found by comparing the states before and
//! after, not from the changes the library makes.

use super::Model;
use std::collections::BTreeSet;
use vastuu::{CustomerId, EntityRef, Subject};

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
/// (their fields, responsibilities and salesperson places) that differ between two states, and
/// the other entities (`touched_entities`).
pub fn touched(before: &Model, after: &Model) -> BTreeSet<EntityRef> {
    let mut keys = touched_entities(before, after);
    for id in union(&before.customers, &after.customers) {
        if before.customers.get(&id) != after.customers.get(&id) {
            keys.insert(EntityRef::Customer(id));
        }
    }
    for id in union(&before.projects, &after.projects) {
        if before.projects.get(&id) != after.projects.get(&id) {
            if let Some(c) = customer_of(before, after, Subject::Project(id)) {
                keys.insert(EntityRef::Customer(c));
            }
        }
    }
    for id in union(&before.employees, &after.employees) {
        if before.employees.get(&id) != after.employees.get(&id) {
            keys.insert(EntityRef::Employee(id));
        }
    }
    for key in union(&before.responsibilities, &after.responsibilities) {
        if before.responsibilities.get(&key) != after.responsibilities.get(&key) {
            keys.insert(EntityRef::Employee(key.1));
            if let Some(c) = customer_of(before, after, key.0) {
                keys.insert(EntityRef::Customer(c));
            }
        }
    }
    for id in union(&before.groups, &after.groups) {
        let old = before.groups.get(&id).map(|g| g.salespeople.clone()).unwrap_or_default();
        let new = after.groups.get(&id).map(|g| g.salespeople.clone()).unwrap_or_default();
        for e in old.symmetric_difference(&new) {
            keys.insert(EntityRef::Employee(*e));
        }
    }
    keys
}

/// Whether a map's entry differs between the two states.
fn differs<K: Ord, V: PartialEq>(
    a: &std::collections::BTreeMap<K, V>,
    b: &std::collections::BTreeMap<K, V>,
    k: &K,
) -> bool {
    a.get(k) != b.get(k)
}

/// The customer groups, special groups, teams (their fields, and the customers or employees
/// joining or leaving them), roles (their fields) and projects (their fields and
/// responsibilities) that differ between two states.
fn touched_entities(before: &Model, after: &Model) -> BTreeSet<EntityRef> {
    let mut keys = BTreeSet::new();
    keys.extend(
        union(&before.groups, &after.groups)
            .into_iter()
            .filter(|g| differs(&before.groups, &after.groups, g))
            .map(EntityRef::CustomerGroup),
    );
    keys.extend(
        union(&before.special_groups, &after.special_groups)
            .into_iter()
            .filter(|s| differs(&before.special_groups, &after.special_groups, s))
            .map(EntityRef::SpecialGroup),
    );
    keys.extend(
        union(&before.teams, &after.teams)
            .into_iter()
            .filter(|t| differs(&before.teams, &after.teams, t))
            .map(EntityRef::Team),
    );
    keys.extend(
        union(&before.roles, &after.roles)
            .into_iter()
            .filter(|r| differs(&before.roles, &after.roles, r))
            .map(EntityRef::Role),
    );
    keys.extend(
        union(&before.projects, &after.projects)
            .into_iter()
            .filter(|p| differs(&before.projects, &after.projects, p))
            .map(EntityRef::Project),
    );
    for key in union(&before.responsibilities, &after.responsibilities) {
        if let (Subject::Project(p), true) = (key.0, differs(&before.responsibilities, &after.responsibilities, &key)) {
            keys.insert(EntityRef::Project(p));
        }
    }
    for id in union(&before.customers, &after.customers) {
        let (old, new) = (before.customers.get(&id), after.customers.get(&id));
        let (old_group, new_group) = (old.and_then(|c| c.group), new.and_then(|c| c.group));
        if old_group != new_group {
            keys.extend(old_group.into_iter().chain(new_group).map(EntityRef::CustomerGroup));
        }
        let none = BTreeSet::new();
        let old_special = old.map_or(&none, |c| &c.special_groups);
        let new_special = new.map_or(&none, |c| &c.special_groups);
        keys.extend(old_special.symmetric_difference(new_special).map(|s| EntityRef::SpecialGroup(*s)));
    }
    for id in union(&before.employees, &after.employees) {
        let old = before.employees.get(&id).and_then(|e| e.team);
        let new = after.employees.get(&id).and_then(|e| e.team);
        if old != new {
            keys.extend(old.into_iter().chain(new).map(EntityRef::Team));
        }
    }
    keys
}

impl Model {
    /// Counts a committed change set touching `keys`.
    pub(super) fn commit(&mut self, keys: BTreeSet<EntityRef>) {
        self.seq += 1;
        for key in keys {
            self.history.entry(key).or_default().push(self.seq);
        }
        self.states.push(std::sync::Arc::new(self.snapshot()));
    }
}
