//! The state to and from plain [`Data`], and the check of every rule of the data model.

use super::dense::IdMap;
use super::{Entities, FastMap, Index, State};
use crate::error::{Error, Field, Result, StoreError};
use crate::model::numbering::{check_number, check_range};
use crate::model::{
    CustomerGroup, Data, EntityKind, EntityRef, Id, NextIds, Responsibility, RoleScope, MAX_COST_CENTERS,
    MAX_CUSTOMER_NUMBER,
};
use crate::text;
use std::collections::{BTreeMap, BTreeSet, HashSet};

impl State {
    /// The state as plain data, in id order (responsibilities by subject, then employee).
    pub(crate) fn to_data(&self) -> Data {
        let e = &self.entities;
        let mut responsibilities: Vec<Responsibility> = e.responsibilities.values().cloned().collect();
        responsibilities.sort_by_key(|r| (r.subject, r.employee));
        Data {
            default_series: e.default_series,
            next_ids: e.next_ids,
            employees: e.employees.values().cloned().collect(),
            teams: e.teams.values().cloned().collect(),
            roles: e.roles.values().cloned().collect(),
            customers: e.customers.values().cloned().collect(),
            projects: e.projects.values().cloned().collect(),
            customer_groups: e.groups.values().cloned().collect(),
            special_groups: e.special_groups.values().cloned().collect(),
            responsibilities,
        }
    }

    /// Builds the state and its indexes from plain data and checks every rule.
    ///
    /// The bulk path: the entities are moved into their maps (no clone), the index maps are
    /// sized up front, each entity is indexed as a new one, in the order the plans would have
    /// made them (teams, roles, employees, groups, customers, projects, responsibilities), and
    /// customers are ranked once at the end (see `rank.rs`).
    pub(crate) fn from_data(data: Data) -> Result<State> {
        let count = data.employees.len()
            + data.teams.len()
            + data.roles.len()
            + data.customers.len()
            + data.customer_groups.len()
            + data.special_groups.len()
            + data.projects.len()
            + data.responsibilities.len();
        let entities = Entities::from_data(data);
        let e = &entities;
        let stored = e.employees.len()
            + e.teams.len()
            + e.roles.len()
            + e.customers.len()
            + e.groups.len()
            + e.special_groups.len()
            + e.projects.len()
            + e.responsibilities.len();
        if stored != count {
            return Err(corrupt(format!("{} entities share an id or a key with another", count - stored)));
        }
        let next_ids = entities.next_ids;
        let index = Index::build(&entities);
        let s = State { entities, index };
        s.check_next_ids(next_ids)?;
        s.check_integrity()?;
        Ok(s)
    }

    /// [`Error::NextIdTooLow`] unless each next id is above every id of its kind (else a new
    /// entity would take the id of an existing one).
    fn check_next_ids(&self, next: NextIds) -> Result<()> {
        fn highest<I: Copy + Into<EntityRef>>(id: Option<I>) -> u32 {
            id.map_or(0, |id| id.into().raw())
        }
        let e = &self.entities;
        for (kind, next_id, highest_id) in [
            (EntityKind::Employee, next.employee, highest(e.employees.keys().next_back().copied())),
            (EntityKind::Team, next.team, highest(e.teams.keys().next_back().copied())),
            (EntityKind::Role, next.role, highest(e.roles.keys().next_back().copied())),
            (EntityKind::Customer, next.customer, highest(e.customers.last_id())),
            (EntityKind::Project, next.project, highest(e.projects.last_id())),
            (EntityKind::CustomerGroup, next.customer_group, highest(e.groups.keys().next_back().copied())),
            (EntityKind::SpecialGroup, next.special_group, highest(e.special_groups.keys().next_back().copied())),
        ] {
            if next_id <= highest_id || next_id == 0 {
                return Err(Error::NextIdTooLow { kind, next_id, highest_id });
            }
        }
        Ok(())
    }

    /// Checks every rule of the data model; used after loading a store or importing data.
    pub(crate) fn check_integrity(&self) -> Result<()> {
        let ds = &self.entities.default_series;
        if ds.start == 0
            || ds.start > MAX_CUSTOMER_NUMBER
            || ds.end.is_some_and(|e| e < ds.start || e > MAX_CUSTOMER_NUMBER)
        {
            return Err(corrupt(format!("invalid default series {ds:?}")));
        }
        self.check_people()?;
        self.check_customers()?;
        self.check_groups()?;
        self.check_external_ids()?;
        self.check_responsibilities()
    }

    fn check_people(&self) -> Result<()> {
        let (e, next) = (&self.entities, &self.entities.next_ids);
        for emp in e.employees.values() {
            check_id(emp.id.0, next.employee, "employee")?;
            check_name(Field::EmployeeName, &emp.name)?;
            if let Some(t) = emp.team {
                self.team(t).map_err(|_| dangling(emp.id, t))?;
            }
            if let Some(email) = &emp.email {
                if !text::stored_email_ok(email) {
                    text::optional_email(Some(email))?;
                    return Err(corrupt(format!("{} has an untrimmed email", emp.id)));
                }
            }
        }
        for t in e.teams.values() {
            check_id(t.id.0, next.team, "team")?;
            check_name(Field::TeamName, &t.name)?;
            if let Some(lead) = t.leads.iter().find(|l| e.employees.get(l).and_then(|x| x.team) != Some(t.id)) {
                return Err(corrupt(format!("{lead}, a lead of {}, is not a member of it", t.id)));
            }
        }
        if !distinct(e.teams.values().map(|t| (RoleScope::Customer, t.name.as_str()))) {
            return Err(corrupt("two teams share a name".into()));
        }
        for r in e.roles.values() {
            check_id(r.id.0, next.role, "role")?;
            check_name(Field::RoleName, &r.name)?;
        }
        if !distinct(e.roles.values().map(|r| (r.scope, r.name.as_str()))) {
            return Err(corrupt("two roles of one scope share a name".into()));
        }
        Ok(())
    }

    fn check_customers(&self) -> Result<()> {
        let (e, next) = (&self.entities, &self.entities.next_ids);
        let mut numbered = 0usize;
        for c in e.customers.values() {
            check_id(c.id.0, next.customer, "customer")?;
            check_name(Field::CustomerName, &c.name)?;
            if let Some(n) = c.number {
                check_number(n)?;
                numbered += 1;
            }
            if let Some(g) = c.group {
                self.customer_group(g).map_err(|_| dangling(c.id, g))?;
            }
            for sg in &c.special_groups {
                self.special_group(*sg).map_err(|_| dangling(c.id, *sg))?;
            }
        }
        if numbered != self.index.numbers.len() {
            return Err(corrupt("two customers share a number".into()));
        }
        for p in e.projects.values() {
            check_id(p.id.0, next.project, "project")?;
            check_name(Field::ProjectName, &p.name)?;
            self.customer(p.customer).map_err(|_| dangling(p.id, p.customer))?;
        }
        Ok(())
    }

    fn check_groups(&self) -> Result<()> {
        let (e, next) = (&self.entities, &self.entities.next_ids);
        for g in e.groups.values() {
            check_id(g.id.0, next.customer_group, "customer group")?;
            check_name(Field::CustomerGroupName, &g.name)?;
            check_range(g.numbering_start, g.numbering_end)?;
            if g.cost_centers.len() > MAX_COST_CENTERS {
                return Err(corrupt(format!("{} has too many cost centers", g.id)));
            }
            for emp in &g.salespeople {
                self.employee(*emp).map_err(|_| dangling(g.id, *emp))?;
            }
            self.check_default_team(g)?;
        }
        if !distinct(e.groups.values().map(|g| (RoleScope::Customer, g.name.as_str()))) {
            return Err(corrupt("two customer groups share a name".into()));
        }
        for g in e.special_groups.values() {
            check_id(g.id.0, next.special_group, "special group")?;
            check_name(Field::SpecialGroupName, &g.name)?;
        }
        if !distinct(e.special_groups.values().map(|g| (RoleScope::Customer, g.name.as_str()))) {
            return Err(corrupt("two special groups share a name".into()));
        }
        Ok(())
    }

    /// Every external id keeps the text rules, and no two entities of a kind share one (the
    /// index files each key once, so a shared key shows as fewer keys than holders).
    fn check_external_ids(&self) -> Result<()> {
        fn kind<'a>(name: &str, keys: impl Iterator<Item = Option<&'a str>>, indexed: usize) -> Result<()> {
            let mut held = 0;
            for key in keys.flatten() {
                if !text::stored_text_ok(key, text::MAX_EXTERNAL_ID_LEN, false) {
                    text::optional_external_id(Some(key))?;
                    return Err(corrupt(format!("the external id {key:?} is not trimmed")));
                }
                held += 1;
            }
            if held != indexed {
                return Err(corrupt(format!("two {name} share an external id")));
            }
            Ok(())
        }
        let (e, x) = (&self.entities, &self.index.external);
        kind("employees", e.employees.values().map(|v| v.external_id.as_deref()), x.employees.len())?;
        kind("customers", e.customers.values().map(|v| v.external_id.as_deref()), x.customers.len())?;
        kind("projects", e.projects.values().map(|v| v.external_id.as_deref()), x.projects.len())?;
        kind("customer groups", e.groups.values().map(|v| v.external_id.as_deref()), x.groups.len())
    }

    /// A default team names existing employees, each once, and existing customer roles.
    fn check_default_team(&self, g: &CustomerGroup) -> Result<()> {
        let mut seen = BTreeSet::new();
        for d in &g.default_team {
            self.employee(d.employee).map_err(|_| dangling(g.id, d.employee))?;
            if !seen.insert(d.employee) {
                return Err(corrupt(format!("{} lists {} twice in its default team", g.id, d.employee)));
            }
            for &role in &d.roles {
                let r = self.role(role).map_err(|_| dangling(g.id, role))?;
                if r.scope != RoleScope::Customer {
                    return Err(corrupt(format!("{} gives the {} role {role} in its default team", g.id, r.scope)));
                }
            }
        }
        Ok(())
    }

    fn check_responsibilities(&self) -> Result<()> {
        for r in self.entities.responsibilities.values() {
            self.subject_customer(r.subject)
                .map_err(|_| corrupt(format!("a responsibility names the missing {}", r.subject)))?;
            self.employee(r.employee)
                .map_err(|_| corrupt(format!("a responsibility names the missing {}", r.employee)))?;
            r.period.validate()?;
            for role in &r.roles {
                self.check_role_fits(*role, r.subject)?;
            }
        }
        Ok(())
    }
}

impl Entities {
    /// The entities of `data`, moved into their maps, with its next ids (checked by the caller).
    fn from_data(data: Data) -> Entities {
        fn keyed<K: Ord, V>(items: Vec<V>, key: impl Fn(&V) -> K) -> BTreeMap<K, V> {
            items.into_iter().map(|v| (key(&v), v)).collect()
        }
        // The customers and projects, the most numerous, are kept by id in vectors (see
        // `dense`): a later entity with the same id replaces an earlier one, as in `keyed`.
        fn dense<K: Id, V>(items: Vec<V>, key: impl Fn(&V) -> K) -> IdMap<K, V> {
            let mut map = IdMap::default();
            map.reserve(items.iter().map(|v| key(v).get() as usize).max().unwrap_or(0), items.len());
            for v in items {
                map.insert(key(&v), v);
            }
            map
        }
        let mut responsibilities = FastMap::default();
        responsibilities.reserve(data.responsibilities.len());
        responsibilities.extend(data.responsibilities.into_iter().map(|r| ((r.subject, r.employee), r)));
        Entities {
            default_series: data.default_series,
            next_ids: data.next_ids,
            employees: keyed(data.employees, |x| x.id),
            teams: keyed(data.teams, |x| x.id),
            roles: keyed(data.roles, |x| x.id),
            customers: dense(data.customers, |x| x.id),
            projects: dense(data.projects, |x| x.id),
            groups: keyed(data.customer_groups, |x| x.id),
            special_groups: keyed(data.special_groups, |x| x.id),
            responsibilities,
        }
    }
}

fn corrupt(detail: String) -> Error {
    Error::Store(StoreError::Corrupt { detail })
}

fn dangling(from: impl std::fmt::Display, to: impl std::fmt::Display) -> Error {
    corrupt(format!("{from} refers to the missing {to}"))
}

fn check_id(id: u32, next: u32, kind: &str) -> Result<()> {
    if id == 0 || id >= next {
        return Err(corrupt(format!("{kind} id {id} is outside 1..{next}")));
    }
    Ok(())
}

/// Whether the names (within their scopes) differ case-insensitively: the uniqueness every
/// version of the library kept. Names stored before uniqueness compared normalised forms
/// (`text::fold`) may collide under it; they stay as they are.
fn distinct<'n>(names: impl Iterator<Item = (RoleScope, &'n str)>) -> bool {
    let mut seen = HashSet::new();
    names.into_iter().all(|(scope, name)| seen.insert((scope, name.to_lowercase())))
}

/// A stored name keeps the rules every version of the library had (trimmed, non-empty, no
/// control characters, not too long); it is not normalised or checked for bidirectional and
/// zero-width characters again, so data stored before those rules still opens.
fn check_name(field: Field, name: &str) -> Result<()> {
    if text::stored_text_ok(name, text::MAX_NAME_LEN, false) {
        return Ok(());
    }
    // The typed error when the name breaks a rule of new names; else it is not trimmed.
    text::name(field, name)?;
    Err(corrupt(format!("{field} {name:?} is not trimmed")))
}
