//! The state to and from plain [`Data`], and the check of every rule of the data model.

use super::{Entities, FastMap, Index, State};
use crate::error::{Error, Field, Result, StoreError};
use crate::model::numbering::{check_number, check_range};
use crate::model::{Data, Responsibility, MAX_COST_CENTERS, MAX_CUSTOMER_NUMBER};
use crate::text;
use std::collections::BTreeMap;

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
        let index = Index::build(&entities);
        let s = State { entities, index };
        s.check_integrity()?;
        Ok(s)
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
            if emp.email.is_some() && text::optional_email(emp.email.as_deref())? != emp.email {
                return Err(corrupt(format!("{} has an untrimmed email", emp.id)));
            }
        }
        for t in e.teams.values() {
            check_id(t.id.0, next.team, "team")?;
            check_name(Field::TeamName, &t.name)?;
        }
        if self.index.names.teams.len() != e.teams.len() {
            return Err(corrupt("two teams share a name".into()));
        }
        for r in e.roles.values() {
            check_id(r.id.0, next.role, "role")?;
            check_name(Field::RoleName, &r.name)?;
        }
        if self.index.names.roles.len() != e.roles.len() {
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
        }
        if self.index.names.groups.len() != e.groups.len() {
            return Err(corrupt("two customer groups share a name".into()));
        }
        for g in e.special_groups.values() {
            check_id(g.id.0, next.special_group, "special group")?;
            check_name(Field::SpecialGroupName, &g.name)?;
        }
        if self.index.names.special_groups.len() != e.special_groups.len() {
            return Err(corrupt("two special groups share a name".into()));
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
    /// The entities of `data`, moved into their maps; next ids above every id in use.
    fn from_data(data: Data) -> Entities {
        fn keyed<K: Ord, V>(items: Vec<V>, key: impl Fn(&V) -> K) -> BTreeMap<K, V> {
            items.into_iter().map(|v| (key(&v), v)).collect()
        }
        fn above<K, V>(map: &BTreeMap<K, V>, id: impl Fn(&K) -> u32, given: u32) -> u32 {
            map.keys().next_back().map_or(given, |k| given.max(id(k).saturating_add(1)))
        }
        let mut responsibilities = FastMap::default();
        responsibilities.reserve(data.responsibilities.len());
        responsibilities.extend(data.responsibilities.into_iter().map(|r| ((r.subject, r.employee), r)));
        let mut e = Entities {
            default_series: data.default_series,
            next_ids: data.next_ids,
            employees: keyed(data.employees, |x| x.id),
            teams: keyed(data.teams, |x| x.id),
            roles: keyed(data.roles, |x| x.id),
            customers: keyed(data.customers, |x| x.id),
            projects: keyed(data.projects, |x| x.id),
            groups: keyed(data.customer_groups, |x| x.id),
            special_groups: keyed(data.special_groups, |x| x.id),
            responsibilities,
        };
        let n = &mut e.next_ids;
        n.employee = above(&e.employees, |k| k.0, n.employee);
        n.team = above(&e.teams, |k| k.0, n.team);
        n.role = above(&e.roles, |k| k.0, n.role);
        n.customer = above(&e.customers, |k| k.0, n.customer);
        n.project = above(&e.projects, |k| k.0, n.project);
        n.customer_group = above(&e.groups, |k| k.0, n.customer_group);
        n.special_group = above(&e.special_groups, |k| k.0, n.special_group);
        e
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

fn check_name(field: Field, name: &str) -> Result<()> {
    if text::name(field, name)? == name {
        Ok(())
    } else {
        Err(corrupt(format!("{field} {name:?} is not trimmed")))
    }
}
