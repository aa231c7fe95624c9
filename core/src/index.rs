//! The read-side indexes behind the views and visibility, kept current by
//! [`State::apply`](crate::state::State::apply).
//!
//! [`ViewIndex::apply`] is called with each change *before* the state's entity maps change, so
//! it reads the old values (old name, old group, old responsibility) from the state and the new
//! ones from the change. It never fails: like the rest of `apply`, it relies on the plan having
//! checked the change, and skips what it cannot resolve (a damaged store is then reported by
//! `check_integrity`).
//!
//! | index | serves |
//! |---|---|
//! | `customers` (id → sort key, number, group, status, archived) | the customer filter's per-customer tests, `can_view`'s customer lookup |
//! | `customer_order` (sort key, id) | every customer list in Finnish order: filters without an index-backed criterion walk it |
//! | `listing` ((group or none, status, archived) → sorted customers) | group listing pages and counts, filter candidates by group / "No group" |
//! | `employees` (id → sort key, active, sees_all, sales rights, groups sold) | matrix columns, `can_view`'s employee lookup |
//! | `employee_order` (sort key, id) | matrix columns in Finnish order |
//! | `admins` (active `sees_all` employees) | `who_can_view` |
//! | `projects` (id → sort key, customer, archived) | project rows in Finnish order, project → customer |
//! | `role_keys`, `role_holders` (role → (subject, employee)) | role names in order, the matrix role filter |
//! | `customer_projects` (customer → project ids, archived count) | project rows and their counts |
//! | `customer_holders` (customer → its own and its projects' responsibilities with periods, and their counts) | list rows and totals with one lookup per customer, a subject's persons, `who_can_view` |
//! | `grants` ((employee, customer) → direct period + project periods) | `can_view` in one lookup |

use crate::change::Change;
use crate::customer::{Customer, CustomerStatus, Project};
use crate::employee::Employee;
use crate::group::CustomerGroup;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, RoleId, TeamId};
use crate::responsibility::{Period, Responsibility, Subject};
use crate::SortKey;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hasher for the library's own integer ids (not for untrusted strings): a multiply-rotate
/// mix, like rustc's FxHash.
#[derive(Clone, Copy, Default)]
pub(crate) struct IdHasher(u64);

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

impl IdHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The table uses the low bits for the bucket and the high bits as a tag; the multiply
        // mixes upwards, so bring the well-mixed high bits down.
        self.0.rotate_left(26)
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

/// What the views need of a customer, in one lookup.
#[derive(Clone, Debug)]
pub(crate) struct CustomerEntry {
    pub(crate) key: SortKey,
    pub(crate) number: Option<u64>,
    pub(crate) group: Option<CustomerGroupId>,
    pub(crate) status: CustomerStatus,
    pub(crate) archived: bool,
}

/// What the views need of an employee, in one lookup.
#[derive(Clone, Debug)]
pub(crate) struct EmployeeEntry {
    pub(crate) key: SortKey,
    pub(crate) team: Option<TeamId>,
    pub(crate) active: bool,
    pub(crate) sees_all: bool,
    pub(crate) sales_rights: bool,
    /// Groups where the employee is a salesperson, sorted by id.
    pub(crate) sells: Vec<CustomerGroupId>,
}

/// What the views need of a project.
#[derive(Clone, Debug)]
pub(crate) struct ProjectEntry {
    pub(crate) key: SortKey,
    pub(crate) customer: CustomerId,
    pub(crate) archived: bool,
}

/// A customer's projects (sorted by id) and how many of them are archived.
#[derive(Clone, Debug, Default)]
pub(crate) struct ProjectsOf {
    pub(crate) ids: Vec<ProjectId>,
    pub(crate) archived: usize,
}

impl ProjectsOf {
    /// How many projects are shown when archived ones are (`true`) or are not.
    pub(crate) fn shown(&self, with_archived: bool) -> usize {
        if with_archived {
            self.ids.len()
        } else {
            self.ids.len().saturating_sub(self.archived)
        }
    }
}

/// A responsibility as `customer_holders` keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Held {
    pub(crate) employee: EmployeeId,
    /// The project, for a project responsibility.
    pub(crate) project: Option<ProjectId>,
    /// Whether that project is archived.
    pub(crate) archived: bool,
    pub(crate) period: Period,
}

/// The responsibilities touching one customer, with their counts kept beside them so the common
/// count (no date, no employee filter) reads no list.
#[derive(Clone, Debug, Default)]
pub(crate) struct HeldList {
    /// Responsibilities for the customer itself.
    pub(crate) own: usize,
    /// Responsibilities for its projects that are not archived.
    pub(crate) in_projects: usize,
    /// Responsibilities for its archived projects.
    pub(crate) in_archived_projects: usize,
    pub(crate) list: Vec<Held>,
}

impl HeldList {
    fn recount(&mut self) {
        self.own = self.list.iter().filter(|h| h.project.is_none()).count();
        self.in_archived_projects = self.list.iter().filter(|h| h.project.is_some() && h.archived).count();
        self.in_projects = self.list.len() - self.own - self.in_archived_projects;
    }
}

/// An employee's responsibilities touching one customer: the customer's own and those for its
/// projects, with their validity periods. What `can_view` reads in one lookup.
#[derive(Clone, Debug, Default)]
pub(crate) struct Grant {
    pub(crate) customer: Option<Period>,
    /// Sorted by project id.
    pub(crate) projects: Vec<(ProjectId, Period)>,
}

impl Grant {
    fn is_empty(&self) -> bool {
        self.customer.is_none() && self.projects.is_empty()
    }
}

/// Key of the group listing index: the customer group (`None`: "No group"), status, archived.
pub(crate) type ListingKey = (Option<CustomerGroupId>, CustomerStatus, bool);

#[derive(Clone, Debug, Default)]
pub(crate) struct ViewIndex {
    pub(crate) customers: FastMap<CustomerId, CustomerEntry>,
    pub(crate) customer_order: BTreeSet<(SortKey, CustomerId)>,
    pub(crate) listing: HashMap<ListingKey, BTreeSet<(SortKey, CustomerId)>>,
    pub(crate) employees: FastMap<EmployeeId, EmployeeEntry>,
    pub(crate) employee_order: BTreeSet<(SortKey, EmployeeId)>,
    pub(crate) admins: BTreeSet<EmployeeId>,
    pub(crate) projects: FastMap<ProjectId, ProjectEntry>,
    pub(crate) role_keys: FastMap<RoleId, SortKey>,
    pub(crate) role_holders: FastMap<RoleId, BTreeSet<(Subject, EmployeeId)>>,
    /// Each customer's projects.
    pub(crate) customer_projects: FastMap<CustomerId, ProjectsOf>,
    /// Every responsibility touching a customer (its own and its projects'), for counting list
    /// rows with one lookup per customer.
    pub(crate) customer_holders: FastMap<CustomerId, HeldList>,
    pub(crate) grants: FastMap<(EmployeeId, CustomerId), Grant>,
}

/// The state's entity maps as they are before a change.
pub(crate) struct Before<'a> {
    pub(crate) customers: &'a BTreeMap<CustomerId, Customer>,
    pub(crate) projects: &'a BTreeMap<ProjectId, Project>,
    pub(crate) employees: &'a BTreeMap<EmployeeId, Employee>,
    pub(crate) groups: &'a BTreeMap<CustomerGroupId, CustomerGroup>,
    pub(crate) responsibilities: &'a FastMap<(Subject, EmployeeId), Responsibility>,
    pub(crate) by_subject: &'a FastMap<Subject, BTreeSet<EmployeeId>>,
    pub(crate) by_employee: &'a FastMap<EmployeeId, BTreeSet<Subject>>,
    pub(crate) salesperson_of: &'a FastMap<EmployeeId, BTreeSet<CustomerGroupId>>,
}

fn key_for(old: Option<(&str, &SortKey)>, name: &str) -> SortKey {
    match old {
        Some((old_name, key)) if old_name == name => key.clone(),
        _ => SortKey::new(name),
    }
}

impl ViewIndex {
    /// Updates the indexes for one change; `before` is the state before it.
    pub(crate) fn apply(&mut self, before: &Before<'_>, change: &Change) {
        match change {
            Change::PutEmployee(e) => self.put_employee(before, e),
            Change::DeleteEmployee(id) => self.delete_employee(before, *id),
            Change::PutRole(r) => {
                self.role_keys.insert(r.id, SortKey::new(&r.name));
            }
            Change::DeleteRole(id) => {
                self.role_keys.remove(id);
                self.role_holders.remove(id);
            }
            Change::PutCustomer(c) => self.put_customer(before, c),
            Change::DeleteCustomer(id) => self.delete_customer(*id),
            Change::PutProject(p) => self.put_project(before, p),
            Change::DeleteProject(id) => self.delete_project(before, *id),
            Change::PutCustomerGroup(g) => {
                let old = before.groups.get(&g.id).map(|o| &o.salespeople);
                let none = BTreeSet::new();
                let old = old.unwrap_or(&none);
                for e in old.difference(&g.salespeople) {
                    self.set_sells(*e, g.id, false);
                }
                for e in g.salespeople.difference(old) {
                    self.set_sells(*e, g.id, true);
                }
            }
            Change::DeleteCustomerGroup(id) => {
                if let Some(old) = before.groups.get(id) {
                    for e in &old.salespeople {
                        self.set_sells(*e, *id, false);
                    }
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
            Change::PutTeam(_)
            | Change::DeleteTeam(_)
            | Change::PutSpecialGroup(_)
            | Change::DeleteSpecialGroup(_)
            | Change::SetDefaultSeries(_) => {}
        }
    }

    fn put_employee(&mut self, before: &Before<'_>, e: &Employee) {
        let old = self.employees.remove(&e.id);
        let key =
            key_for(before.employees.get(&e.id).map(|o| o.name.as_str()).zip(old.as_ref().map(|o| &o.key)), &e.name);
        let sells = match old {
            Some(old) => {
                self.employee_order.remove(&(old.key, e.id));
                old.sells
            }
            None => before.salesperson_of.get(&e.id).map(|s| s.iter().copied().collect()).unwrap_or_default(),
        };
        self.employee_order.insert((key.clone(), e.id));
        if e.active && e.sees_all {
            self.admins.insert(e.id);
        } else {
            self.admins.remove(&e.id);
        }
        self.employees.insert(
            e.id,
            EmployeeEntry {
                key,
                team: e.team,
                active: e.active,
                sees_all: e.sees_all,
                sales_rights: e.sales_rights,
                sells,
            },
        );
    }

    fn delete_employee(&mut self, before: &Before<'_>, id: EmployeeId) {
        if let Some(old) = self.employees.remove(&id) {
            self.employee_order.remove(&(old.key, id));
        }
        self.admins.remove(&id);
        // The delete's plan removed the responsibilities first; clear whatever is left anyway.
        for subject in before.by_employee.get(&id).into_iter().flatten() {
            if let Some(c) = self.customer_of(before, *subject) {
                self.grants.remove(&(id, c));
                if self.customer_holders.contains_key(&c) {
                    edit_held(&mut self.customer_holders, c, |held| held.retain(|h| h.employee != id));
                }
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

    fn put_customer(&mut self, before: &Before<'_>, c: &Customer) {
        let old = self.customers.remove(&c.id);
        let key =
            key_for(before.customers.get(&c.id).map(|o| o.name.as_str()).zip(old.as_ref().map(|o| &o.key)), &c.name);
        if let Some(old) = old {
            self.unlist_customer(c.id, old);
        }
        let entry = CustomerEntry { key, number: c.number, group: c.group, status: c.status, archived: c.archived };
        self.customer_order.insert((entry.key.clone(), c.id));
        self.listing.entry((entry.group, entry.status, entry.archived)).or_default().insert((entry.key.clone(), c.id));
        self.customers.insert(c.id, entry);
    }

    fn unlist_customer(&mut self, id: CustomerId, old: CustomerEntry) {
        let listing_key = (old.group, old.status, old.archived);
        if let Some(set) = self.listing.get_mut(&listing_key) {
            set.remove(&(old.key.clone(), id));
            if set.is_empty() {
                self.listing.remove(&listing_key);
            }
        }
        self.customer_order.remove(&(old.key, id));
    }

    fn delete_customer(&mut self, id: CustomerId) {
        if let Some(old) = self.customers.remove(&id) {
            self.unlist_customer(id, old);
        }
        for held in self.customer_holders.remove(&id).into_iter().flat_map(|h| h.list) {
            self.grants.remove(&(held.employee, id));
        }
    }

    fn put_project(&mut self, before: &Before<'_>, p: &Project) {
        let old = self.projects.remove(&p.id);
        let key =
            key_for(before.projects.get(&p.id).map(|o| o.name.as_str()).zip(old.as_ref().map(|o| &o.key)), &p.name);
        if let Some(old) = &old {
            if old.customer != p.customer {
                // The project moved: its responsibilities now grant access to the new customer.
                let subject = Subject::Project(p.id);
                for e in before.by_subject.get(&subject).into_iter().flatten() {
                    if let Some(r) = before.responsibilities.get(&(subject, *e)) {
                        self.remove_grant(*e, old.customer, Some(p.id));
                        self.add_grant(*e, p.customer, Some(p.id), r.period);
                    }
                }
            }
        }
        if let Some(old) = &old {
            self.unlist_project(p.id, old.customer, old.archived);
            if self.customer_holders.contains_key(&old.customer) {
                let mut moved = Vec::new();
                edit_held(&mut self.customer_holders, old.customer, |held| {
                    for h in held.iter_mut().filter(|h| h.project == Some(p.id)) {
                        h.archived = p.archived;
                    }
                    if old.customer != p.customer {
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
                    edit_held(&mut self.customer_holders, p.customer, |held| held.extend(moved));
                }
            }
        }
        let of = self.customer_projects.entry(p.customer).or_default();
        if let Err(at) = of.ids.binary_search(&p.id) {
            of.ids.insert(at, p.id);
            of.archived += usize::from(p.archived);
        }
        self.projects.insert(p.id, ProjectEntry { key, customer: p.customer, archived: p.archived });
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

    fn delete_project(&mut self, before: &Before<'_>, id: ProjectId) {
        if let Some(old) = self.projects.remove(&id) {
            self.unlist_project(id, old.customer, old.archived);
            if self.customer_holders.contains_key(&old.customer) {
                edit_held(&mut self.customer_holders, old.customer, |held| held.retain(|h| h.project != Some(id)));
            }
            let subject = Subject::Project(id);
            for e in before.by_subject.get(&subject).into_iter().flatten() {
                self.remove_grant(*e, old.customer, Some(id));
            }
        }
    }

    /// The customer a subject belongs to, read before the change.
    fn customer_of(&self, before: &Before<'_>, subject: Subject) -> Option<CustomerId> {
        match subject {
            Subject::Customer(c) => Some(c),
            Subject::Project(p) => {
                self.projects.get(&p).map(|e| e.customer).or_else(|| before.projects.get(&p).map(|p| p.customer))
            }
        }
    }

    fn index_responsibility(&mut self, before: &Before<'_>, r: &Responsibility) {
        for role in &r.roles {
            self.role_holders.entry(*role).or_default().insert((r.subject, r.employee));
        }
        if let Some(c) = self.customer_of(before, r.subject) {
            let project = match r.subject {
                Subject::Customer(_) => None,
                Subject::Project(p) => Some(p),
            };
            self.add_grant(r.employee, c, project, r.period);
            let archived = project.and_then(|p| self.projects.get(&p)).is_some_and(|p| p.archived);
            edit_held(&mut self.customer_holders, c, |held| {
                held.retain(|h| !(h.employee == r.employee && h.project == project));
                held.push(Held { employee: r.employee, project, archived, period: r.period });
            });
        }
    }

    fn unindex_responsibility(&mut self, before: &Before<'_>, r: &Responsibility) {
        for role in &r.roles {
            remove_from(&mut self.role_holders, *role, &(r.subject, r.employee));
        }
        if let Some(c) = self.customer_of(before, r.subject) {
            let project = match r.subject {
                Subject::Customer(_) => None,
                Subject::Project(p) => Some(p),
            };
            self.remove_grant(r.employee, c, project);
            if self.customer_holders.contains_key(&c) {
                edit_held(&mut self.customer_holders, c, |held| {
                    held.retain(|h| !(h.employee == r.employee && h.project == project));
                });
            }
        }
    }

    fn add_grant(&mut self, e: EmployeeId, c: CustomerId, project: Option<ProjectId>, period: Period) {
        let grant = self.grants.entry((e, c)).or_default();
        match project {
            None => grant.customer = Some(period),
            Some(p) => match grant.projects.binary_search_by_key(&p, |(id, _)| *id) {
                Ok(at) => grant.projects[at].1 = period,
                Err(at) => grant.projects.insert(at, (p, period)),
            },
        }
    }

    fn remove_grant(&mut self, e: EmployeeId, c: CustomerId, project: Option<ProjectId>) {
        let Some(grant) = self.grants.get_mut(&(e, c)) else { return };
        match project {
            None => grant.customer = None,
            Some(p) => grant.projects.retain(|(id, _)| *id != p),
        }
        if grant.is_empty() {
            self.grants.remove(&(e, c));
        }
    }
}

/// Edits a customer's `HeldList`, recounts it, and drops it when empty.
fn edit_held(map: &mut FastMap<CustomerId, HeldList>, customer: CustomerId, edit: impl FnOnce(&mut Vec<Held>)) {
    let held = map.entry(customer).or_default();
    edit(&mut held.list);
    held.recount();
    if held.list.is_empty() {
        map.remove(&customer);
    }
}

fn remove_from<K: std::hash::Hash + Eq, V: Ord>(map: &mut FastMap<K, BTreeSet<V>>, key: K, value: &V) {
    if let Some(set) = map.get_mut(&key) {
        set.remove(value);
        if set.is_empty() {
            map.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::change::Change;
    use crate::customer::{Customer, CustomerStatus, Project};
    use crate::employee::Employee;
    use crate::ids::{CustomerId, EmployeeId, ProjectId};
    use crate::responsibility::{Period, Responsibility, Subject};
    use crate::state::State;
    use std::collections::BTreeSet;

    fn customer(id: u32, name: &str) -> Change {
        Change::PutCustomer(Customer {
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
        Change::PutProject(Project { id: ProjectId(1), customer: CustomerId(customer), name: "P".into(), archived })
    }

    /// Paths no public mutation takes today (a project changing customer, a project deleted
    /// before its responsibilities) still leave the indexes consistent.
    #[test]
    fn unusual_change_orders_keep_the_indexes_consistent() {
        let mut s = State::default();
        let e = EmployeeId(1);
        s.apply(&Change::PutEmployee(Employee {
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
        let v = &s.views;
        assert_eq!(v.grants[&(e, CustomerId(1))].projects, [(ProjectId(1), Period::ALWAYS)]);
        assert_eq!(
            (v.customer_projects[&CustomerId(1)].ids.len(), v.customer_projects[&CustomerId(1)].archived),
            (1, 1)
        );

        // The project moves to the other customer, unarchived.
        s.apply(&project(2, false));
        let v = &s.views;
        assert!(!v.grants.contains_key(&(e, CustomerId(1))));
        assert_eq!(v.grants[&(e, CustomerId(2))].projects.len(), 1);
        assert!(!v.customer_projects.contains_key(&CustomerId(1)));
        assert_eq!(
            (v.customer_projects[&CustomerId(2)].ids.len(), v.customer_projects[&CustomerId(2)].archived),
            (1, 0)
        );

        // Deleted before its responsibility: the grant and the list entry go with the project.
        s.apply(&Change::DeleteProject(ProjectId(1)));
        let v = &s.views;
        assert!(v.grants.is_empty() && v.customer_projects.is_empty());
        assert!(v.customer_holders.is_empty());
        s.apply(&Change::DeleteResponsibility { subject, employee: e });
        assert!(s.views.grants.is_empty() && s.views.customer_holders.is_empty());

        // An employee deleted while still holding a responsibility leaves no grant behind.
        s.apply(&Change::PutResponsibility(Responsibility {
            subject: Subject::Customer(CustomerId(1)),
            employee: e,
            roles: BTreeSet::new(),
            period: Period::ALWAYS,
        }));
        assert_eq!(s.views.grants.len(), 1);
        s.apply(&Change::DeleteEmployee(e));
        assert!(s.views.grants.is_empty() && s.views.employee_order.is_empty());
        assert!(s.views.customer_holders.is_empty());
    }
}
