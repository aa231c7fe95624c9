//! Applying one change: first the index, which reads the old values (old name, old group, old
//! responsibility) from the entities and the new ones from the change, then the entities.
//!
//! Nothing here fails: like the rest of `apply`, it relies on the plan having checked the change,
//! and skips what it cannot resolve (a damaged store is then reported by `check_integrity`).

use super::reach::ReachList;
use super::{
    dense, CustomerEntry, EmployeeEntry, Entities, ExternalIds, Held, HeldCounts, HeldList, Index, ProjectEntry, Reach,
    State,
};
use crate::collation::SortKey;
use crate::model::{
    Change, Customer, CustomerGroup, CustomerGroupId, CustomerId, Employee, EmployeeId, NextIds, Project, ProjectId,
    Responsibility, Role, RoleId, SpecialGroup, SpecialGroupId, Subject, Team,
};
use crate::state::FastMap;
use crate::text;
use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;

impl State {
    /// Applies one change. Never fails: the change was validated when it was planned (or, for a
    /// loaded store, the result is checked by [`State::check_integrity`]).
    pub(crate) fn apply(&mut self, change: &Change) {
        self.index.apply(&self.entities, change);
        self.entities.apply(change);
    }

    /// Applies `changes` in order, as [`State::apply`] one by one would, pushing what undoes
    /// each onto `undo` (when given; see [`State::undo_of`]). A batch at least half as large as
    /// the directory is applied to the entities alone and the indexes are built again from them
    /// in bulk ([`Index::build`]), which costs less than keeping every index current change by
    /// change; the indexes are a function of the entities, so both give the same answers.
    pub(crate) fn apply_many(&mut self, changes: &[Change], mut undo: Option<&mut Vec<Change>>) {
        let e = &self.entities;
        let size = e.employees.len()
            + e.customers.len()
            + e.projects.len()
            + e.responsibilities.len()
            + e.groups.len()
            + e.special_groups.len();
        let rebuild = changes.len() >= REBUILD_MIN_CHANGES && changes.len() * 2 >= size;
        if let Some(undo) = undo.as_deref_mut() {
            undo.reserve(changes.len());
        }
        // Room for the batch's responsibilities at once, instead of the map growing (and
        // rehashing every entry) again and again under a large batch.
        let responsibilities = changes.iter().filter(|c| matches!(c, Change::PutResponsibility(_))).count();
        self.entities.responsibilities.reserve(responsibilities);
        for change in changes {
            if let Some(undo) = undo.as_deref_mut() {
                undo.extend(self.undo_of(change));
            }
            if rebuild {
                self.entities.apply(change);
            } else {
                self.apply(change);
            }
        }
        if rebuild {
            self.index = Index::build(&self.entities);
        }
    }

    /// The change that undoes `change` if applied right after it (`None`: nothing to undo), read
    /// from the state before `change` is applied. Next ids are not part of it: a rollback puts
    /// them back with [`State::set_next_ids`].
    pub(crate) fn undo_of(&self, change: &Change) -> Option<Change> {
        let e = &self.entities;
        macro_rules! undo {
            ($map:ident, $id:expr, $put:ident, $delete:ident) => {
                Some(match e.$map.get(&$id) {
                    Some(old) => Change::$put(old.clone()),
                    None => Change::$delete($id),
                })
            };
        }
        macro_rules! restore {
            ($map:ident, $id:expr, $put:ident) => {
                e.$map.get(&$id).map(|old| Change::$put(old.clone()))
            };
        }
        match change {
            Change::PutEmployee(x) => undo!(employees, x.id, PutEmployee, DeleteEmployee),
            Change::DeleteEmployee(id) => restore!(employees, *id, PutEmployee),
            Change::PutTeam(x) => undo!(teams, x.id, PutTeam, DeleteTeam),
            Change::DeleteTeam(id) => restore!(teams, *id, PutTeam),
            Change::PutRole(x) => undo!(roles, x.id, PutRole, DeleteRole),
            Change::DeleteRole(id) => restore!(roles, *id, PutRole),
            Change::PutCustomer(x) => undo!(customers, x.id, PutCustomer, DeleteCustomer),
            Change::DeleteCustomer(id) => restore!(customers, *id, PutCustomer),
            Change::PutProject(x) => undo!(projects, x.id, PutProject, DeleteProject),
            Change::DeleteProject(id) => restore!(projects, *id, PutProject),
            Change::PutCustomerGroup(x) => undo!(groups, x.id, PutCustomerGroup, DeleteCustomerGroup),
            Change::DeleteCustomerGroup(id) => restore!(groups, *id, PutCustomerGroup),
            Change::PutSpecialGroup(x) => undo!(special_groups, x.id, PutSpecialGroup, DeleteSpecialGroup),
            Change::DeleteSpecialGroup(id) => restore!(special_groups, *id, PutSpecialGroup),
            Change::PutResponsibility(r) => Some(match e.responsibilities.get(&(r.subject, r.employee)) {
                Some(old) => Change::PutResponsibility(old.clone()),
                None => Change::DeleteResponsibility { subject: r.subject, employee: r.employee },
            }),
            Change::DeleteResponsibility { subject, employee } => {
                e.responsibilities.get(&(*subject, *employee)).map(|old| Change::PutResponsibility(old.clone()))
            }
            Change::SetDefaultSeries(_) => Some(Change::SetDefaultSeries(e.default_series)),
        }
    }

    /// Puts the next ids back where they were (rolling back a transaction that made entities).
    pub(crate) fn set_next_ids(&mut self, next: NextIds) {
        self.entities.next_ids = next;
    }
}

/// The fewest changes [`State::apply_many`] applies by building the indexes again.
const REBUILD_MIN_CHANGES: usize = 1024;

fn bump(next: &mut u32, id: u32) {
    *next = (*next).max(id.saturating_add(1));
}

impl Entities {
    fn apply(&mut self, change: &Change) {
        let ids = &mut self.next_ids;
        match change {
            Change::PutEmployee(e) => {
                bump(&mut ids.employee, e.id.0);
                self.employees.insert(e.id, e.clone());
            }
            Change::DeleteEmployee(id) => {
                self.employees.remove(id);
            }
            Change::PutTeam(t) => {
                bump(&mut ids.team, t.id.0);
                self.teams.insert(t.id, t.clone());
            }
            Change::DeleteTeam(id) => {
                self.teams.remove(id);
            }
            Change::PutRole(r) => {
                bump(&mut ids.role, r.id.0);
                self.roles.insert(r.id, r.clone());
            }
            Change::DeleteRole(id) => {
                self.roles.remove(id);
            }
            Change::PutCustomer(c) => {
                bump(&mut ids.customer, c.id.0);
                self.customers.insert(c.id, c.clone());
            }
            Change::DeleteCustomer(id) => {
                self.customers.remove(id);
            }
            Change::PutProject(p) => {
                bump(&mut ids.project, p.id.0);
                self.projects.insert(p.id, p.clone());
            }
            Change::DeleteProject(id) => {
                self.projects.remove(id);
            }
            Change::PutCustomerGroup(g) => {
                bump(&mut ids.customer_group, g.id.0);
                self.groups.insert(g.id, g.clone());
            }
            Change::DeleteCustomerGroup(id) => {
                self.groups.remove(id);
            }
            Change::PutSpecialGroup(g) => {
                bump(&mut ids.special_group, g.id.0);
                self.special_groups.insert(g.id, g.clone());
            }
            Change::DeleteSpecialGroup(id) => {
                self.special_groups.remove(id);
            }
            Change::PutResponsibility(r) => {
                self.responsibilities.insert((r.subject, r.employee), r.clone());
            }
            Change::DeleteResponsibility { subject, employee } => {
                self.responsibilities.remove(&(*subject, *employee));
            }
            Change::SetDefaultSeries(series) => self.default_series = *series,
        }
    }
}

/// `(role, subject, employee)` as one integer that sorts as the tuple does: the role, then the
/// subject's kind (customers before projects, as [`Subject`] orders), its id, the employee.
fn held_key(role: RoleId, subject: Subject, employee: EmployeeId) -> u128 {
    let (kind, id) = match subject {
        Subject::Customer(c) => (0u128, c.0),
        Subject::Project(p) => (1u128, p.0),
    };
    (u128::from(role.0) << 96) | (kind << 64) | (u128::from(id) << 32) | u128::from(employee.0)
}

/// The role of a [`held_key`].
fn held_role(key: u128) -> RoleId {
    RoleId((key >> 96) as u32)
}

/// The `(subject, employee)` of a [`held_key`].
fn held_entry(key: u128) -> (Subject, EmployeeId) {
    let id = (key >> 32) as u32;
    let subject =
        if (key >> 64) & 1 == 1 { Subject::Project(ProjectId(id)) } else { Subject::Customer(CustomerId(id)) };
    (subject, EmployeeId(key as u32))
}

fn set_insert<K: std::hash::Hash + Eq, V: Ord>(map: &mut FastMap<K, BTreeSet<V>>, key: K, value: V) {
    map.entry(key).or_default().insert(value);
}

fn set_remove<K: std::hash::Hash + Eq, V: Ord>(map: &mut FastMap<K, BTreeSet<V>>, key: K, value: &V) {
    if let Some(set) = map.get_mut(&key) {
        set.remove(value);
        if set.is_empty() {
            map.remove(&key);
        }
    }
}

/// Files `id` under a name key, unless another entity holds the key: two stored names can share
/// a key when they were stored before the key compared the normalised form (such names stay
/// as they are; the first one keeps the key, and no new name can take it).
fn name<K: Eq + Hash, I: Copy>(names: &mut HashMap<K, I>, key: K, id: I) {
    names.entry(key).or_insert(id);
}

/// Removes a name key if `id` holds it (see [`name`]).
fn unname<K: Eq + Hash, I: Copy + PartialEq>(names: &mut HashMap<K, I>, key: K, id: I) {
    if names.get(&key) == Some(&id) {
        names.remove(&key);
    }
}

/// Moves `id` from its old external id to its new one. A key another entity holds stays with
/// that entity (plans refuse such a key, and a loaded store is checked for them).
fn rekey<I: Copy + PartialEq>(keys: &mut HashMap<String, I>, old: Option<&str>, new: Option<&str>, id: I) {
    if old == new {
        return;
    }
    if let Some(old) = old {
        if keys.get(old) == Some(&id) {
            keys.remove(old);
        }
    }
    if let Some(new) = new {
        keys.entry(new.to_owned()).or_insert(id);
    }
}

/// An entity that may carry an external id.
trait Keyed {
    fn key(&self) -> Option<&str>;
}

macro_rules! keyed {
    ($($ty:ty),*) => {$(
        impl Keyed for $ty {
            fn key(&self) -> Option<&str> {
                self.external_id.as_deref()
            }
        }
    )*};
}
keyed!(Employee, Customer, Project, CustomerGroup);

/// The external id the entity `id` has in `map`, if any.
fn key_of<V: Keyed>(entity: Option<&V>) -> Option<&str> {
    entity.and_then(Keyed::key)
}

impl ExternalIds {
    /// The keys of every entity (the first holder keeps a shared key; see `check_external_ids`).
    fn build(e: &Entities) -> ExternalIds {
        fn keys<'a, I: Copy + 'a, V: Keyed + 'a>(held: impl Iterator<Item = (I, &'a V)>) -> HashMap<String, I> {
            let mut map = HashMap::new();
            for (id, v) in held {
                if let Some(key) = v.key() {
                    map.entry(key.to_owned()).or_insert(id);
                }
            }
            map
        }
        ExternalIds {
            employees: keys(e.employees.iter().map(|(id, v)| (*id, v))),
            customers: keys(e.customers.iter()),
            projects: keys(e.projects.iter()),
            groups: keys(e.groups.iter().map(|(id, v)| (*id, v))),
        }
    }

    /// Follows one change; `before` holds the entities as they are before it.
    fn apply(&mut self, before: &Entities, change: &Change) {
        let b = before;
        match change {
            Change::PutEmployee(e) => rekey(&mut self.employees, key_of(b.employees.get(&e.id)), e.key(), e.id),
            Change::DeleteEmployee(id) => rekey(&mut self.employees, key_of(b.employees.get(id)), None, *id),
            Change::PutCustomer(c) => rekey(&mut self.customers, key_of(b.customers.get(&c.id)), c.key(), c.id),
            Change::DeleteCustomer(id) => rekey(&mut self.customers, key_of(b.customers.get(id)), None, *id),
            Change::PutProject(p) => rekey(&mut self.projects, key_of(b.projects.get(&p.id)), p.key(), p.id),
            Change::DeleteProject(id) => rekey(&mut self.projects, key_of(b.projects.get(id)), None, *id),
            Change::PutCustomerGroup(g) => rekey(&mut self.groups, key_of(b.groups.get(&g.id)), g.key(), g.id),
            Change::DeleteCustomerGroup(id) => rekey(&mut self.groups, key_of(b.groups.get(id)), None, *id),
            _ => {}
        }
    }
}

/// The sort key of a name: the old one when the name did not change.
fn key_for(old: Option<(&str, &SortKey)>, name: &str) -> SortKey {
    match old {
        Some((old_name, key)) if old_name == name => key.clone(),
        _ => SortKey::new(name),
    }
}

impl Index {
    /// Every index over `e`, built in bulk: maps sized up front, each entity indexed as a new
    /// one in the order plans make them, customers ranked once at the end.
    pub(super) fn build(e: &Entities) -> Index {
        let mut x = Index { bulk: true, ..Index::default() };
        let (customers, projects, employees) = (e.customers.len(), e.projects.len(), e.employees.len());
        let last_customer = e.customers.last_id().map_or(0, |c| c.0 as usize);
        x.customers.reserve(last_customer, customers);
        x.customer_holders.reserve(last_customer, customers);
        x.customer_projects.reserve(last_customer, customers);
        x.projects.reserve(e.projects.last_id().map_or(0, |p| p.0 as usize), projects);
        let last_employee = e.employees.keys().next_back().map_or(0, |e| e.0 as usize);
        x.employees.reserve(last_employee, employees);
        x.reach.reserve(last_employee, employees);
        let none = Entities::default();
        e.teams.values().for_each(|t| x.put_team(&none, t));
        e.roles.values().for_each(|r| x.put_role(&none, r));
        e.employees.values().for_each(|v| x.put_employee(&none, v));
        e.groups.values().for_each(|g| x.put_group(&none, g));
        e.special_groups.values().for_each(|g| x.put_special_group(&none, g));
        x.put_customers(e);
        e.projects.values().for_each(|p| x.put_project(&none, p));
        e.responsibilities.values().for_each(|r| x.index_responsibility(&none, r));
        x.external = ExternalIds::build(e);
        for (c, list) in x.customer_holders.iter_mut() {
            list.list.sort_unstable_by_key(|h| (h.employee, h.project));
            list.recount();
            let archived = x.customers.get(&c).is_some_and(|e| e.archived);
            x.held_totals[usize::from(archived)].shift(list.counts(), HeldCounts::default());
        }
        // (role, subject, employee) packed into one integer of the same order: the sort
        // compares integers instead of tuples holding an enum.
        let mut held: Vec<u128> = e
            .responsibilities
            .values()
            .flat_map(|r| r.roles.iter().map(move |role| held_key(*role, r.subject, r.employee)))
            .collect();
        held.sort_unstable();
        for run in held.chunk_by(|a, b| held_role(*a) == held_role(*b)) {
            // A sorted run: the set is built in one pass.
            x.role_holders.insert(held_role(run[0]), run.iter().map(|k| held_entry(*k)).collect());
        }
        x.bulk = false;
        x.renumber();
        x.build_reach();
        x
    }

    /// Every employee's reach list, built in order in one pass over the customers in rank
    /// order (loading leaves them empty): a customer's held list is sorted by (employee,
    /// project), so each employee's entries come out in (rank, customer, project) order, the
    /// reach lists' own order, and need no sort.
    fn build_reach(&mut self) {
        let mut lists: dense::IdMap<EmployeeId, Vec<Reach>> = dense::IdMap::default();
        for (_, c) in &self.customer_order {
            let (Some(entry), Some(held)) = (self.customers.get(c), self.customer_holders.get(c)) else { continue };
            for h in held.list() {
                let reach = Reach { rank: entry.rank, customer: *c, project: h.project, period: h.period };
                lists.get_or_insert_with(h.employee, Vec::new).push(reach);
            }
        }
        for (e, entries) in lists.iter() {
            debug_assert!(entries.is_sorted_by_key(Reach::key), "in rank order");
            self.reach.insert(e, ReachList::from_sorted(entries));
        }
    }

    /// Indexes every customer of `e` as new, in bulk: the order is sorted once and built from the
    /// sorted list instead of taking the customers one by one ([`Index::renumber`] ranks them).
    fn put_customers(&mut self, e: &Entities) {
        debug_assert!(self.customer_order.is_empty() && self.numbers.is_empty(), "built into an empty index");
        let mut order = Vec::with_capacity(e.customers.len());
        let mut groups: FastMap<CustomerGroupId, Vec<CustomerId>> = FastMap::default();
        let mut specials: FastMap<SpecialGroupId, Vec<CustomerId>> = FastMap::default();
        // In id order: each member list comes out sorted.
        for c in e.customers.values() {
            if let Some(g) = c.group {
                groups.entry(g).or_default().push(c.id);
            }
            for sg in &c.special_groups {
                specials.entry(*sg).or_default().push(c.id);
            }
            let key = SortKey::new(&c.name);
            order.push((key.clone(), c.id));
            self.list_customer(c, key, 0);
        }
        // Collected from sorted lists, the sets are built in one pass each; a number held twice
        // (refused by the rule check) keeps the later customer, as inserting one by one would.
        self.numbers = e.customers.values().filter_map(|c| Some((c.number?, c.id))).collect();
        self.group_members = groups.into_iter().map(|(g, ids)| (g, ids.into_iter().collect())).collect();
        self.special_members = specials.into_iter().map(|(g, ids)| (g, ids.into_iter().collect())).collect();
        order.sort_unstable();
        self.customer_order = order.into_iter().collect();
    }

    /// Keeps a customer's entry with its sort key and rank, and lists it by group, status and
    /// archived flag.
    fn list_customer(&mut self, c: &Customer, key: SortKey, rank: u64) {
        let entry =
            CustomerEntry { key, rank, number: c.number, group: c.group, status: c.status, archived: c.archived };
        self.listing.entry((entry.group, entry.status, entry.archived)).or_default().insert((rank, c.id));
        self.customers.insert(c.id, entry);
    }

    /// Updates the indexes for one change; `before` holds the entities as they are before it.
    fn apply(&mut self, before: &Entities, change: &Change) {
        self.external.apply(before, change);
        match change {
            Change::PutEmployee(e) => self.put_employee(before, e),
            Change::DeleteEmployee(id) => self.delete_employee(before, *id),
            Change::PutTeam(t) => self.put_team(before, t),
            Change::DeleteTeam(id) => {
                if let Some(old) = before.teams.get(id) {
                    unname(&mut self.names.teams, text::fold(&old.name), *id);
                }
                self.team_members.remove(id);
            }
            Change::PutRole(r) => self.put_role(before, r),
            Change::DeleteRole(id) => {
                if let Some(old) = before.roles.get(id) {
                    unname(&mut self.names.roles, (old.scope, text::fold(&old.name)), *id);
                }
                self.role_keys.remove(id);
                self.role_holders.remove(id);
            }
            Change::PutCustomer(c) => self.put_customer(before, c),
            Change::DeleteCustomer(id) => self.delete_customer(before, *id),
            Change::PutProject(p) => self.put_project(before, p),
            Change::DeleteProject(id) => self.delete_project(*id),
            Change::PutCustomerGroup(g) => self.put_group(before, g),
            Change::DeleteCustomerGroup(id) => self.delete_group(before, *id),
            Change::PutSpecialGroup(g) => self.put_special_group(before, g),
            Change::DeleteSpecialGroup(id) => {
                if let Some(old) = before.special_groups.get(id) {
                    unname(&mut self.names.special_groups, text::fold(&old.name), *id);
                }
            }
            Change::PutResponsibility(r) => {
                if let Some(old) = before.responsibilities.get(&(r.subject, r.employee)) {
                    self.unindex_responsibility(before, old);
                }
                self.index_responsibility(before, r);
            }
            Change::DeleteResponsibility { subject, employee } => {
                if let Some(old) = before.responsibilities.get(&(*subject, *employee)) {
                    self.unindex_responsibility(before, old);
                }
            }
            Change::SetDefaultSeries(_) => {}
        }
    }

    fn put_team(&mut self, before: &Entities, t: &Team) {
        if let Some(old) = before.teams.get(&t.id) {
            unname(&mut self.names.teams, text::fold(&old.name), t.id);
        }
        name(&mut self.names.teams, text::fold(&t.name), t.id);
    }

    fn put_role(&mut self, before: &Entities, r: &Role) {
        if let Some(old) = before.roles.get(&r.id) {
            unname(&mut self.names.roles, (old.scope, text::fold(&old.name)), r.id);
        }
        name(&mut self.names.roles, (r.scope, text::fold(&r.name)), r.id);
        self.role_keys.insert(r.id, SortKey::new(&r.name));
    }

    fn put_special_group(&mut self, before: &Entities, g: &SpecialGroup) {
        if let Some(old) = before.special_groups.get(&g.id) {
            unname(&mut self.names.special_groups, text::fold(&old.name), g.id);
        }
        name(&mut self.names.special_groups, text::fold(&g.name), g.id);
    }

    fn put_employee(&mut self, before: &Entities, e: &Employee) {
        let old_team = before.employees.get(&e.id).and_then(|o| o.team);
        if let Some(t) = old_team {
            set_remove(&mut self.team_members, t, &e.id);
        }
        if let Some(t) = e.team {
            set_insert(&mut self.team_members, t, e.id);
        }
        let old = self.employees.remove(&e.id);
        self.active_employees -= usize::from(old.as_ref().is_some_and(|o| o.active));
        self.active_employees += usize::from(e.active);
        let key =
            key_for(before.employees.get(&e.id).map(|o| o.name.as_str()).zip(old.as_ref().map(|o| &o.key)), &e.name);
        let sells = match old {
            Some(old) => {
                self.employee_order.remove(&(old.key, e.id));
                old.sells
            }
            None => Vec::new(),
        };
        self.employee_order.insert((key.clone(), e.id));
        if e.active && e.sees_all {
            self.admins.insert(e.id);
        } else {
            self.admins.remove(&e.id);
        }
        let entry = EmployeeEntry {
            key,
            team: e.team,
            active: e.active,
            sees_all: e.sees_all,
            sales_rights: e.sales_rights,
            sells,
        };
        self.employees.insert(e.id, entry);
    }

    fn delete_employee(&mut self, before: &Entities, id: EmployeeId) {
        if let Some(t) = before.employees.get(&id).and_then(|o| o.team) {
            set_remove(&mut self.team_members, t, &id);
        }
        if let Some(old) = self.employees.remove(&id) {
            self.active_employees -= usize::from(old.active);
            self.employee_order.remove(&(old.key, id));
        }
        self.admins.remove(&id);
        // The delete's plan removed the responsibilities first; clear whatever is left anyway.
        for r in self.reach.remove(&id).unwrap_or_default().to_vec() {
            if self.customer_holders.contains_key(&r.customer) {
                self.edit_held(r.customer, |held| held.retain(|h| h.employee != id));
            }
        }
    }

    fn put_group(&mut self, before: &Entities, g: &CustomerGroup) {
        let old = before.groups.get(&g.id);
        if let Some(old) = old {
            unname(&mut self.names.groups, text::fold(&old.name), g.id);
        }
        name(&mut self.names.groups, text::fold(&g.name), g.id);
        let none = BTreeSet::new();
        let old = old.map_or(&none, |o| &o.salespeople);
        for e in old.difference(&g.salespeople) {
            self.set_sells(*e, g.id, false);
        }
        for e in g.salespeople.difference(old) {
            self.set_sells(*e, g.id, true);
        }
    }

    fn delete_group(&mut self, before: &Entities, id: CustomerGroupId) {
        if let Some(old) = before.groups.get(&id) {
            unname(&mut self.names.groups, text::fold(&old.name), id);
            for e in &old.salespeople {
                self.set_sells(*e, id, false);
            }
        }
    }

    fn set_sells(&mut self, employee: EmployeeId, group: CustomerGroupId, sells: bool) {
        if let Some(entry) = self.employees.get_mut(&employee) {
            match (entry.sells.binary_search(&group), sells) {
                (Err(at), true) => entry.sells.insert(at, group),
                (Ok(at), false) => {
                    entry.sells.remove(at);
                }
                _ => {}
            }
        }
    }

    fn put_customer(&mut self, before: &Entities, c: &Customer) {
        let old_customer = before.customers.get(&c.id);
        if let Some(old) = old_customer {
            self.unindex_membership(old);
        }
        self.index_membership(c);
        let old = self.customers.remove(&c.id);
        let key = key_for(old_customer.map(|o| o.name.as_str()).zip(old.as_ref().map(|o| &o.key)), &c.name);
        // Same name key: same place in the order, same rank.
        let kept = old.as_ref().filter(|o| o.key == key).map(|o| o.rank);
        let same_group = old.as_ref().is_some_and(|o| o.group == c.group);
        let old_rank = old.as_ref().map(|o| o.rank);
        if let Some(old) = old {
            self.move_held_totals(c.id, old.rank, old.archived, c.archived);
            self.unlist_customer(c.id, old);
        }
        self.customer_order.insert((key.clone(), c.id));
        let rank = kept.or_else(|| self.rank_for(&key, c.id));
        self.list_customer(c, key, rank.unwrap_or(0));
        if kept.is_none() || !same_group {
            self.in_order.clear();
        }
        match (rank, old_rank) {
            (None, _) => self.renumber(),
            (Some(new), Some(old)) if new != old => self.rerank_reach(c.id, old, new),
            _ => {}
        }
    }

    /// Indexes a customer's number and group memberships.
    fn index_membership(&mut self, c: &Customer) {
        if let Some(n) = c.number {
            self.numbers.insert(n, c.id);
        }
        if let Some(g) = c.group {
            set_insert(&mut self.group_members, g, c.id);
        }
        for sg in &c.special_groups {
            set_insert(&mut self.special_members, *sg, c.id);
        }
    }

    fn unindex_membership(&mut self, c: &Customer) {
        if let Some(n) = c.number {
            if self.numbers.get(&n) == Some(&c.id) {
                self.numbers.remove(&n);
            }
        }
        if let Some(g) = c.group {
            set_remove(&mut self.group_members, g, &c.id);
        }
        for sg in &c.special_groups {
            set_remove(&mut self.special_members, *sg, &c.id);
        }
    }

    fn unlist_customer(&mut self, id: CustomerId, old: CustomerEntry) {
        let listing_key = (old.group, old.status, old.archived);
        if let Some(set) = self.listing.get_mut(&listing_key) {
            set.remove(&(old.rank, id));
            if set.is_empty() {
                self.listing.remove(&listing_key);
            }
        }
        self.customer_order.remove(&(old.key, id));
    }

    fn delete_customer(&mut self, before: &Entities, id: CustomerId) {
        if let Some(old) = before.customers.get(&id) {
            self.unindex_membership(old);
        }
        let rank = self.rank_of(id);
        let archived = self.customers.get(&id).is_some_and(|e| e.archived);
        if let Some(old) = self.customers.remove(&id) {
            self.unlist_customer(id, old);
            self.in_order.clear();
        }
        self.customer_projects.remove(&id);
        let removed = self.customer_holders.remove(&id);
        let counts = removed.as_ref().map(HeldList::counts).unwrap_or_default();
        self.held_totals[usize::from(archived)].shift(HeldCounts::default(), counts);
        for held in removed.into_iter().flat_map(|h| h.list) {
            self.reach_remove(held.employee, id, held.project, rank);
        }
    }

    fn put_project(&mut self, before: &Entities, p: &Project) {
        let old = self.projects.remove(&p.id);
        let key =
            key_for(before.projects.get(&p.id).map(|o| o.name.as_str()).zip(old.as_ref().map(|o| &o.key)), &p.name);
        if let Some(old) = &old {
            if old.customer != p.customer {
                self.move_project_grants(before, p, old.customer);
            }
            self.unlist_project(p.id, old.customer, old.archived);
            self.move_project_holders(p, old.customer);
        }
        let of = self.customer_projects.get_or_insert_with(p.customer, super::ProjectsOf::default);
        if let Err(at) = of.ids.binary_search(&p.id) {
            of.ids.insert(at, p.id);
            of.archived += usize::from(p.archived);
        }
        self.projects.insert(p.id, ProjectEntry { key, customer: p.customer, archived: p.archived });
    }

    /// A project moved to another customer: its responsibilities now grant access to that one.
    fn move_project_grants(&mut self, before: &Entities, p: &Project, old_customer: CustomerId) {
        let subject = Subject::Project(p.id);
        let holders = self.project_holders(old_customer, p.id);
        for e in holders {
            if let Some(r) = before.responsibilities.get(&(subject, e)) {
                self.reach_remove(e, old_customer, Some(p.id), None);
                self.reach_put(e, p.customer, Some(p.id), r.period);
            }
        }
    }

    /// Keeps `customer_holders` right for a changed project: its archived flag, and its rows
    /// moved along when it changed customer.
    fn move_project_holders(&mut self, p: &Project, old_customer: CustomerId) {
        if !self.customer_holders.contains_key(&old_customer) {
            return;
        }
        let mut moved = Vec::new();
        self.edit_held(old_customer, |held| {
            for h in held.iter_mut().filter(|h| h.project == Some(p.id)) {
                h.archived = p.archived;
            }
            if old_customer != p.customer {
                held.retain(|h| {
                    let stays = h.project != Some(p.id);
                    if !stays {
                        moved.push(*h);
                    }
                    stays
                });
            }
        });
        if !moved.is_empty() {
            self.edit_held(p.customer, |held| {
                for h in moved {
                    insert_held(held, h);
                }
            });
        }
    }

    fn unlist_project(&mut self, id: ProjectId, customer: CustomerId, archived: bool) {
        if let Some(of) = self.customer_projects.get_mut(&customer) {
            if let Ok(at) = of.ids.binary_search(&id) {
                of.ids.remove(at);
                of.archived = of.archived.saturating_sub(usize::from(archived));
            }
            if of.ids.is_empty() {
                self.customer_projects.remove(&customer);
            }
        }
    }

    fn delete_project(&mut self, id: ProjectId) {
        if let Some(old) = self.projects.remove(&id) {
            self.unlist_project(id, old.customer, old.archived);
            let holders = self.project_holders(old.customer, id);
            if self.customer_holders.contains_key(&old.customer) {
                self.edit_held(old.customer, |held| held.retain(|h| h.project != Some(id)));
            }
            for e in holders {
                self.reach_remove(e, old.customer, Some(id), None);
            }
        }
    }

    /// The employees holding a responsibility for a project of `customer`, from its held list.
    fn project_holders(&self, customer: CustomerId, project: ProjectId) -> Vec<EmployeeId> {
        let list = self.customer_holders.get(&customer).map_or(&[][..], |h| h.list.as_slice());
        list.iter().filter(|h| h.project == Some(project)).map(|h| h.employee).collect()
    }

    /// The customer a subject belongs to, read before the change.
    fn customer_of(&self, before: &Entities, subject: Subject) -> Option<CustomerId> {
        match subject {
            Subject::Customer(c) => Some(c),
            Subject::Project(p) => {
                self.projects.get(&p).map(|e| e.customer).or_else(|| before.projects.get(&p).map(|p| p.customer))
            }
        }
    }

    fn index_responsibility(&mut self, before: &Entities, r: &Responsibility) {
        // Loading builds `role_holders` at the end, from one sorted list (see `Index::build`).
        if !self.bulk {
            for role in &r.roles {
                self.role_holders.entry(*role).or_default().insert((r.subject, r.employee));
            }
        }
        if let Some(c) = self.customer_of(before, r.subject) {
            let project = match r.subject {
                Subject::Customer(_) => None,
                Subject::Project(p) => Some(p),
            };
            self.reach_put(r.employee, c, project, r.period);
            let archived = project.and_then(|p| self.projects.get(&p)).is_some_and(|p| p.archived);
            let roles = self.role_sets.place(&r.roles);
            let h = Held { employee: r.employee, project, archived, period: r.period, roles };
            if self.bulk {
                // Loading sorts and counts each list once at the end (see `Index::build`).
                self.customer_holders.get_or_insert_with(c, HeldList::default).list.push(h);
            } else {
                self.edit_held(c, |held| insert_held(held, h));
            }
        }
    }

    fn unindex_responsibility(&mut self, before: &Entities, r: &Responsibility) {
        for role in &r.roles {
            set_remove(&mut self.role_holders, *role, &(r.subject, r.employee));
        }
        if let Some(c) = self.customer_of(before, r.subject) {
            let project = match r.subject {
                Subject::Customer(_) => None,
                Subject::Project(p) => Some(p),
            };
            self.reach_remove(r.employee, c, project, None);
            if self.customer_holders.contains_key(&c) {
                self.edit_held(c, |held| {
                    held.retain(|h| !(h.employee == r.employee && h.project == project));
                });
            }
        }
    }
}

impl Index {
    /// Edits a customer's `HeldList`, recounts it (and the totals), and drops it when empty.
    fn edit_held(&mut self, customer: CustomerId, edit: impl FnOnce(&mut Vec<Held>)) {
        let archived = self.customers.get(&customer).is_some_and(|e| e.archived);
        let spare = &mut self.spare_held;
        let held = self.customer_holders.get_or_insert_with(customer, || HeldList::with_room(spare.take()));
        let before = held.counts();
        edit(&mut held.list);
        held.recount();
        let after = held.counts();
        if held.list.is_empty() {
            if let Some(gone) = self.customer_holders.remove(&customer) {
                self.spare_held.keep(gone.into_room());
            }
        }
        self.held_totals[usize::from(archived)].shift(after, before);
        let rank = self.customers.get(&customer).map(|e| e.rank);
        if let (Some(cache), Some(rank)) = (self.in_order.get_mut(), rank) {
            cache.shift_block(rank, archived, after, before);
        }
    }

    /// Moves a customer's rows between the totals of customers archived and not (`rank`: the
    /// customer's rank in the order cache, if it is built).
    fn move_held_totals(&mut self, customer: CustomerId, rank: u64, was_archived: bool, archived: bool) {
        if was_archived == archived {
            return;
        }
        let counts = self.customer_holders.get(&customer).map(HeldList::counts).unwrap_or_default();
        let none = HeldCounts::default();
        self.held_totals[usize::from(was_archived)].shift(none, counts);
        self.held_totals[usize::from(archived)].shift(counts, none);
        if let Some(cache) = self.in_order.get_mut() {
            cache.shift_block(rank, was_archived, none, counts);
            cache.shift_block(rank, archived, counts, none);
        }
    }
}

impl HeldList {
    fn recount(&mut self) {
        self.own = self.list.iter().filter(|h| h.project.is_none()).count();
        self.in_archived_projects = self.list.iter().filter(|h| h.project.is_some() && h.archived).count();
        self.in_projects = self.list.len() - self.own - self.in_archived_projects;
    }
}

/// Puts `h` into a customer's list, which is kept in (employee, project) order (so that it does
/// not depend on the order of the changes that made it), in place of the one it replaces.
fn insert_held(list: &mut Vec<Held>, h: Held) {
    let key = |x: &Held| (x.employee, x.project);
    match list.binary_search_by_key(&key(&h), key) {
        Ok(i) => list[i] = h,
        Err(i) => list.insert(i, h),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::model::{
        Change, Customer, CustomerId, CustomerStatus, Employee, EmployeeId, Period, Project, ProjectId, Responsibility,
        Subject,
    };
    use crate::state::State;
    use std::collections::BTreeSet;

    proptest::proptest! {
        #[test]
        fn held_keys_sort_as_the_tuples_do(
            held in proptest::collection::vec((0..4u32, proptest::bool::ANY, proptest::num::u32::ANY, proptest::num::u32::ANY), 0..40),
        ) {
            use super::{held_entry, held_key, held_role};
            use crate::model::RoleId;
            let mut tuples: Vec<(RoleId, Subject, EmployeeId)> = held
                .iter()
                .map(|(r, project, id, e)| {
                    let subject = if *project { Subject::Project(ProjectId(*id)) } else { Subject::Customer(CustomerId(*id)) };
                    (RoleId(*r), subject, EmployeeId(*e))
                })
                .collect();
            let mut keys: Vec<u128> = tuples.iter().map(|(r, s, e)| held_key(*r, *s, *e)).collect();
            tuples.sort_unstable();
            keys.sort_unstable();
            let back: Vec<(RoleId, Subject, EmployeeId)> =
                keys.iter().map(|k| (held_role(*k), held_entry(*k).0, held_entry(*k).1)).collect();
            proptest::prop_assert_eq!(back, tuples);
        }
    }

    /// Loading builds the members of groups, the numbers and the role holders in bulk: they
    /// equal what indexing the entities one by one gives.
    #[test]
    fn bulk_built_members_numbers_and_role_holders_match_one_by_one() {
        use crate::generate::{generate, GeneratorConfig};
        use crate::state::{FastMap, Index};
        let s = State::from_data(generate(&GeneratorConfig::small())).unwrap();
        let mut one = Index::default();
        s.entities.customers.values().for_each(|c| one.index_membership(c));
        let mut holders: FastMap<_, BTreeSet<_>> = FastMap::default();
        for r in s.entities.responsibilities.values() {
            for role in &r.roles {
                holders.entry(*role).or_default().insert((r.subject, r.employee));
            }
        }
        assert!(!one.numbers.is_empty() && !one.group_members.is_empty() && !one.special_members.is_empty());
        assert!(holders.values().flatten().any(|(s, _)| matches!(s, Subject::Project(_))), "project holders too");
        assert_eq!(s.index.numbers, one.numbers);
        assert_eq!(s.index.group_members, one.group_members);
        assert_eq!(s.index.special_members, one.special_members);
        assert_eq!(s.index.role_holders, holders);
    }

    /// Loading builds the reach lists in one ordered pass: they hold every responsibility of a
    /// generated directory, each employee's in rank order, with the ranks and indexes agreeing.
    #[test]
    fn bulk_built_reach_lists_hold_every_responsibility_in_rank_order() {
        use crate::generate::{generate, GeneratorConfig};
        let s = State::from_data(generate(&GeneratorConfig::small())).unwrap();
        assert_eq!(s.index.rank_problems(), Vec::<String>::new());
        let mut derived: Vec<_> = s
            .entities
            .responsibilities
            .values()
            .map(|r| {
                let (customer, project) = match r.subject {
                    Subject::Customer(c) => (c, None),
                    Subject::Project(p) => (s.entities.projects[&p].customer, Some(p)),
                };
                (r.employee, s.index.rank_of(customer).unwrap(), customer, project, r.period)
            })
            .collect();
        derived.sort_by_key(|(e, rank, c, p, _)| (*e, *rank, *c, *p));
        let kept: Vec<_> = s
            .index
            .reach
            .iter()
            .flat_map(|(e, list)| list.iter().map(move |r| (e, r.rank, r.customer, r.project, r.period)))
            .collect();
        assert!(derived.len() > 100 && derived.iter().any(|d| d.3.is_some()), "{} responsibilities", derived.len());
        assert_eq!(kept, derived);
    }

    /// A plain active customer with no number and no group (shared with `rank.rs`'s tests).
    pub(in crate::state) fn customer(id: u32, name: &str) -> Change {
        Change::PutCustomer(Customer {
            external_id: None,
            id: CustomerId(id),
            name: name.into(),
            number: None,
            status: CustomerStatus::Active,
            archived: false,
            group: None,
            special_groups: BTreeSet::new(),
        })
    }

    fn project(customer: u32, archived: bool) -> Change {
        Change::PutProject(Project {
            external_id: None,
            id: ProjectId(1),
            customer: CustomerId(customer),
            name: "P".into(),
            archived,
        })
    }

    /// Paths no public mutation takes today (a project changing customer, a project deleted
    /// before its responsibilities) still leave the indexes consistent.
    #[test]
    fn unusual_change_orders_keep_the_indexes_consistent() {
        let mut s = State::default();
        let e = EmployeeId(1);
        s.apply(&Change::PutEmployee(Employee {
            external_id: None,
            id: e,
            name: "Aino".into(),
            email: None,
            team: None,
            sales_rights: false,
            active: true,
            sees_all: false,
        }));
        s.apply(&customer(1, "Yksi"));
        s.apply(&customer(2, "Kaksi"));
        s.apply(&project(1, true));
        let subject = Subject::Project(ProjectId(1));
        s.apply(&Change::PutResponsibility(Responsibility {
            subject,
            employee: e,
            roles: BTreeSet::new(),
            period: Period::ALWAYS,
        }));
        let v = &s.index;
        let held: Vec<_> = s.held_by(e, CustomerId(1)).iter().map(|h| (h.project(), h.period())).collect();
        assert_eq!(held, [(Some(ProjectId(1)), Period::ALWAYS)]);
        assert_eq!(v.reach[&e].iter().map(|r| r.customer()).collect::<Vec<_>>(), [CustomerId(1)]);
        assert_eq!(
            (v.customer_projects[&CustomerId(1)].ids.len(), v.customer_projects[&CustomerId(1)].archived),
            (1, 1)
        );

        // The project moves to the other customer, unarchived.
        s.apply(&project(2, false));
        let v = &s.index;
        assert!(s.held_by(e, CustomerId(1)).is_empty());
        assert_eq!(s.held_by(e, CustomerId(2)).len(), 1);
        assert_eq!(v.reach[&e].iter().map(|r| r.customer()).collect::<Vec<_>>(), [CustomerId(2)]);
        assert!(!v.customer_projects.contains_key(&CustomerId(1)));
        assert_eq!(
            (v.customer_projects[&CustomerId(2)].ids.len(), v.customer_projects[&CustomerId(2)].archived),
            (1, 0)
        );

        // Deleted before its responsibility: the held entry and the reach entry go with the project.
        s.apply(&Change::DeleteProject(ProjectId(1)));
        let v = &s.index;
        assert!(v.reach.is_empty() && v.customer_projects.is_empty());
        assert!(v.customer_holders.is_empty());
        s.apply(&Change::DeleteResponsibility { subject, employee: e });
        assert!(s.index.reach.is_empty() && s.index.customer_holders.is_empty());

        // An employee deleted while still holding a responsibility leaves no held or reach entry behind.
        s.apply(&Change::PutResponsibility(Responsibility {
            subject: Subject::Customer(CustomerId(1)),
            employee: e,
            roles: BTreeSet::new(),
            period: Period::ALWAYS,
        }));
        assert_eq!(s.held_by(e, CustomerId(1)).len(), 1);
        s.apply(&Change::DeleteEmployee(e));
        assert!(s.index.reach.is_empty() && s.index.employee_order.is_empty());
        assert!(s.index.customer_holders.is_empty());
    }
}
