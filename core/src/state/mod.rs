//! The in-memory state: the entities, and the one index layer every mutation keeps current.
//!
//! This file is the data layout. Every field is private to the state: the plans, views and exports
//! above read it through the query API (`query.rs`, `entries.rs`, `series.rs`, `keys.rs`), and
//! only [`State::apply`] (`apply.rs`) changes it, one [`Change`] at a time. Validation happens
//! before, in the plan that made the changes; `apply` itself never fails and never panics.
//! Loading plain data and checking every rule is in `load.rs`.
//!
//! | index | content | serves |
//! |---|---|---|
//! | `role_holders` | role → (subject, employee) holding it | the matrix role filter, role deletes, "role in use" |
//! | `customer_holders` | customer → its own and its projects' responsibilities with periods and roles, in (employee, project) order, and their counts | list rows and totals with one lookup per customer, `can_view` and `who_can_view`, a subject's holders (cells of a page, cascades) |
//! | `numbers` | customer number → customer | unique numbers, allocation, the numbering report |
//! | `customers` | customer → sort key, rank (order label, `rank.rs`), number, group, status, archived | the filter's per-customer test, `can_view` |
//! | `customer_order` | (sort key, customer), ordered | every customer list in Finnish order |
//! | `listing` | (group or "No group", status, archived) → customers by rank | group listings and counts, filter candidates, a salesperson's customers |
//! | `reach` | employee → (rank, customer, project, period) of each responsibility, by rank | an employee's visible customers in one pass, a person's responsibilities, cascades |
//! | `in_order` | every customer in order, built on first use | an admin's visible customers |
//! | `group_members`, `special_members` | group → customers | membership cascades, special-group candidates |
//! | `projects`, `customer_projects` | project → sort key, customer, archived; customer → its projects | project rows and their counts |
//! | `employees`, `employee_order`, `admins`, `active_employees` | employee → sort key, team, flags, groups sold; order; active admins; how many are active | matrix columns, visibility |
//! | `team_members` | team → employees | team deletes |
//! | `role_keys` | role → sort key | role names in order |
//! | `role_sets` | each distinct set of roles held, by place (`role_sets.rs`) | a list row's roles without looking its responsibility up |
//! | `names` | folded name → id, per kind | unique names |
//! | `external` | external id → id, per kind (employees, customers, projects, customer groups) | unique external ids, look-ups by them |
//!
//! `customers` and `customer_holders`, read by every `can_view` and toggle, are [`dense::IdMap`]s:
//! vectors indexed by the customer id (ids are handed out 1, 2, 3, …), one read at a known place
//! instead of a hashed look-up.

mod apply;
mod dense;
mod entries;
mod keys;
mod load;
mod query;
mod rank;
mod reach;
mod role_sets;
mod series;

pub(crate) use keys::{entity_keys, Shadow};
pub(crate) use rank::{set_bit, BLOCK};

use crate::collation::SortKey;
use crate::model::{
    Customer, CustomerGroup, CustomerGroupId, CustomerId, CustomerStatus, DefaultSeries, Employee, EmployeeId, NextIds,
    Period, Project, ProjectId, Responsibility, Role, RoleId, RoleScope, SpecialGroup, SpecialGroupId, Subject, Team,
    TeamId,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The whole directory in memory: its entities and the indexes over them. (`==`, in tests, also
/// compares what depends on the order of the changes, such as ranks and role-set places: two
/// states holding the same are compared with `differences`.)
#[cfg_attr(test, derive(PartialEq))]
#[derive(Clone, Debug, Default)]
pub(crate) struct State {
    entities: Entities,
    index: Index,
}

/// The entities, by id, and the counters for new ids.
#[cfg_attr(test, derive(PartialEq))]
#[derive(Clone, Debug, Default)]
struct Entities {
    default_series: DefaultSeries,
    next_ids: NextIds,
    employees: BTreeMap<EmployeeId, Employee>,
    teams: BTreeMap<TeamId, Team>,
    roles: BTreeMap<RoleId, Role>,
    customers: dense::IdMap<CustomerId, Customer>,
    projects: dense::IdMap<ProjectId, Project>,
    groups: BTreeMap<CustomerGroupId, CustomerGroup>,
    special_groups: BTreeMap<SpecialGroupId, SpecialGroup>,
    responsibilities: FastMap<(Subject, EmployeeId), Responsibility>,
}

/// Every index over the entities (see the table at the top of this file). The maps keyed by ids
/// use the id hasher ([`FastMap`]): ids are the library's own small integers, so the keyed SipHash
/// of `HashMap` only costs time.
#[cfg_attr(test, derive(PartialEq))]
#[derive(Clone, Debug, Default)]
struct Index {
    role_holders: FastMap<RoleId, BTreeSet<(Subject, EmployeeId)>>,
    customer_holders: dense::IdMap<CustomerId, HeldList>,
    numbers: BTreeMap<u64, CustomerId>,
    customers: dense::IdMap<CustomerId, CustomerEntry>,
    customer_order: Sorted<CustomerId>,
    listing: HashMap<ListingKey, Ranked>,
    group_members: FastMap<CustomerGroupId, BTreeSet<CustomerId>>,
    special_members: FastMap<SpecialGroupId, BTreeSet<CustomerId>>,
    projects: dense::IdMap<ProjectId, ProjectEntry>,
    customer_projects: dense::IdMap<CustomerId, ProjectsOf>,
    employees: dense::IdMap<EmployeeId, EmployeeEntry>,
    employee_order: Sorted<EmployeeId>,
    /// How many employees are active: the matrix's column total without reading every employee.
    active_employees: usize,
    admins: BTreeSet<EmployeeId>,
    team_members: FastMap<TeamId, BTreeSet<EmployeeId>>,
    role_keys: FastMap<RoleId, SortKey>,
    role_sets: role_sets::RoleSets,
    names: Names,
    external: ExternalIds,
    reach: dense::IdMap<EmployeeId, reach::ReachList>,
    /// Emptied held lists and reach lists, kept for the next customer or employee that gets a
    /// first responsibility.
    spare_held: Spare<Vec<Held>>,
    spare_reach: Spare<reach::ReachList>,
    /// The counts of every customer's `HeldList` summed, for customers not archived (0) and
    /// archived (1): the row total of the unfiltered responsible-persons list, kept per change.
    held_totals: [HeldCounts; 2],
    in_order: rank::OrderCache,
    /// Set while loading: customers are ranked once at the end (see `rank.rs`).
    bulk: bool,
}

/// Folded names (see `text::fold`) of the kinds whose names are unique.
#[cfg_attr(test, derive(PartialEq))]
#[derive(Clone, Debug, Default)]
struct Names {
    teams: HashMap<String, TeamId>,
    groups: HashMap<String, CustomerGroupId>,
    special_groups: HashMap<String, SpecialGroupId>,
    roles: HashMap<(RoleScope, String), RoleId>,
}

/// The host system's keys (external ids) of the kinds that carry one: compared exactly.
#[cfg_attr(test, derive(PartialEq))]
#[derive(Clone, Debug, Default)]
struct ExternalIds {
    employees: HashMap<String, EmployeeId>,
    customers: HashMap<String, CustomerId>,
    projects: HashMap<String, ProjectId>,
    groups: HashMap<String, CustomerGroupId>,
}

/// Ids ordered by their names' sort keys (ties by id): Finnish/Swedish alphabetical order.
pub(crate) type Sorted<I> = BTreeSet<(SortKey, I)>;

/// Customers by rank (see `rank.rs`): the same order as [`Sorted`], compared as integers.
pub(crate) type Ranked = BTreeSet<(u64, CustomerId)>;

/// Key of the group listing index: the customer group (`None`: "No group"), status, archived.
pub(crate) type ListingKey = (Option<CustomerGroupId>, CustomerStatus, bool);

/// What the views need of a customer, in one lookup.
#[cfg_attr(test, derive(PartialEq))]
#[derive(Clone, Debug)]
pub(crate) struct CustomerEntry {
    key: SortKey,
    /// The order label (see `rank.rs`).
    rank: u64,
    number: Option<u64>,
    group: Option<CustomerGroupId>,
    status: CustomerStatus,
    archived: bool,
}

/// What the views need of an employee, in one lookup.
#[cfg_attr(test, derive(PartialEq))]
#[derive(Clone, Debug)]
pub(crate) struct EmployeeEntry {
    key: SortKey,
    team: Option<TeamId>,
    active: bool,
    sees_all: bool,
    sales_rights: bool,
    /// Groups where the employee is a salesperson, sorted by id.
    sells: Vec<CustomerGroupId>,
}

/// What the views need of a project.
#[cfg_attr(test, derive(PartialEq))]
#[derive(Clone, Debug)]
pub(crate) struct ProjectEntry {
    key: SortKey,
    customer: CustomerId,
    archived: bool,
}

/// A customer's projects (sorted by id) and how many of them are archived.
#[cfg_attr(test, derive(PartialEq))]
#[derive(Clone, Debug, Default)]
pub(crate) struct ProjectsOf {
    ids: Vec<ProjectId>,
    archived: usize,
}

/// A responsibility as `customer_holders` keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Held {
    employee: EmployeeId,
    /// The project, for a project responsibility.
    project: Option<ProjectId>,
    /// Whether that project is archived.
    archived: bool,
    period: Period,
    /// The responsibility's roles: their place in `role_sets`.
    roles: u32,
}

/// The responsibilities touching one customer, with their counts kept beside them so the common
/// count (no date, no employee filter) reads no list.
#[cfg_attr(test, derive(PartialEq))]
#[derive(Clone, Debug, Default)]
pub(crate) struct HeldList {
    /// Responsibilities for the customer itself.
    own: usize,
    /// Responsibilities for its projects that are not archived.
    in_projects: usize,
    /// Responsibilities for its archived projects.
    in_archived_projects: usize,
    /// In (employee, project) order.
    list: Vec<Held>,
}

/// The counts of a `HeldList`, or of many summed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct HeldCounts {
    own: usize,
    in_projects: usize,
    in_archived_projects: usize,
}

/// A responsibility as `reach` keeps it: per employee, sorted by (rank, customer, project).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reach {
    rank: u64,
    customer: CustomerId,
    /// The project, for a project responsibility.
    project: Option<ProjectId>,
    period: Period,
}

/// Emptied containers kept for reuse, so that toggling the only responsibility of a customer or
/// an employee off and on does not free and allocate a list each time: room, not state (two
/// indexes are equal whatever they keep here).
#[derive(Clone, Debug)]
struct Spare<T>(Vec<T>);

/// How many emptied containers a [`Spare`] keeps.
const SPARE: usize = 64;

impl<T> Default for Spare<T> {
    fn default() -> Self {
        Spare(Vec::new())
    }
}

impl<T: Default> Spare<T> {
    /// An empty container, with room if one was kept.
    fn take(&mut self) -> T {
        self.0.pop().unwrap_or_default()
    }

    /// Keeps an emptied container (up to [`SPARE`] of them).
    fn keep(&mut self, emptied: T) {
        if self.0.len() < SPARE {
            self.0.push(emptied);
        }
    }
}

#[cfg(test)]
impl<T> PartialEq for Spare<T> {
    fn eq(&self, _: &Spare<T>) -> bool {
        true
    }
}

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

/// A hash map keyed by the library's ids.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
/// A hash set of the library's ids.
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

/// A held-list entry (its place of roles left out) with the roles that place names.
#[cfg(test)]
type HeldWithRoles<'a> = (Held, &'a [RoleId]);

#[cfg(test)]
impl Index {
    /// Every customer's held list, each entry with the roles its place names (and the place
    /// itself left out), for comparing two indexes.
    fn held_with_roles(&self) -> Vec<(CustomerId, HeldCounts, Vec<HeldWithRoles<'_>>)> {
        let entries =
            |list: &[Held]| list.iter().map(|h| (Held { roles: 0, ..*h }, self.role_sets.get(h.roles))).collect();
        self.customer_holders.iter().map(|(c, held)| (c, held.counts(), entries(&held.list))).collect()
    }
}

#[cfg(test)]
impl State {
    /// The parts of the state that differ from `other`'s, by name (for test messages).
    /// Ranks are compared by the order they give, not by value: both sides are renumbered first.
    pub(crate) fn differences(&self, other: &State) -> Vec<&'static str> {
        let (mut a, mut b) = (self.index.clone(), other.index.clone());
        a.renumber();
        b.renumber();
        let (a, b) = (&a, &b);
        let mut out = Vec::new();
        macro_rules! compare {
            ($($part:ident),*) => {$(
                if a.$part != b.$part {
                    out.push(stringify!($part));
                }
            )*};
        }
        compare!(
            role_holders,
            numbers,
            customers,
            customer_order,
            listing,
            group_members,
            special_members,
            projects,
            customer_projects,
            employees,
            employee_order,
            active_employees,
            admins,
            team_members,
            role_keys,
            names,
            external,
            reach
        );
        // The held lists name their roles by places, which depend on the order the sets were
        // met in: compared by the sets they name.
        if a.held_with_roles() != b.held_with_roles() {
            out.push("customer_holders");
        }
        if self.entities != other.entities {
            out.push("entities");
        }
        out
    }
}
