//! The in-memory state: entities plus the indexes every mutation keeps current.
//!
//! Only [`State::apply`] changes the state, one [`Change`] at a time. Validation happens before,
//! in the mutation that plans the changes; `apply` itself never fails and never panics.

use crate::change::Change;
use crate::customer::{Customer, Project};
use crate::employee::{Employee, Team};
use crate::error::{Error, Result, StoreError};
use crate::group::CustomerGroup;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, Id, ProjectId, RoleId, SpecialGroupId, TeamId};
use crate::index::{Before, FastMap, ViewIndex};
use crate::numbering::{DefaultSeries, MAX_CUSTOMER_NUMBER};
use crate::responsibility::{Responsibility, Subject};
use crate::role::{Role, RoleScope};
use crate::special_group::SpecialGroup;
use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The next id of each kind. Ids are never reused, so these survive deletes and snapshots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct NextIds {
    pub employee: u32,
    pub team: u32,
    pub role: u32,
    pub customer: u32,
    pub project: u32,
    pub customer_group: u32,
    pub special_group: u32,
}

impl Default for NextIds {
    fn default() -> Self {
        NextIds { employee: 1, team: 1, role: 1, customer: 1, project: 1, customer_group: 1, special_group: 1 }
    }
}

impl NextIds {
    pub(crate) fn employee_id(&self) -> EmployeeId {
        EmployeeId(self.employee)
    }
    pub(crate) fn team_id(&self) -> TeamId {
        TeamId(self.team)
    }
    pub(crate) fn role_id(&self) -> RoleId {
        RoleId(self.role)
    }
    pub(crate) fn customer_id(&self) -> CustomerId {
        CustomerId(self.customer)
    }
    pub(crate) fn project_id(&self) -> ProjectId {
        ProjectId(self.project)
    }
    pub(crate) fn customer_group_id(&self) -> CustomerGroupId {
        CustomerGroupId(self.customer_group)
    }
    pub(crate) fn special_group_id(&self) -> SpecialGroupId {
        SpecialGroupId(self.special_group)
    }
}

fn bump(next: &mut u32, id: u32) {
    *next = (*next).max(id.saturating_add(1));
}

/// The whole directory as plain data: what a snapshot stores, and what a generator or an import
/// produces. [`crate::Directory::from_data`] checks every rule before accepting it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Data {
    pub default_series: DefaultSeries,
    pub next_ids: NextIds,
    pub employees: Vec<Employee>,
    pub teams: Vec<Team>,
    pub roles: Vec<Role>,
    pub customers: Vec<Customer>,
    pub projects: Vec<Project>,
    pub customer_groups: Vec<CustomerGroup>,
    pub special_groups: Vec<SpecialGroup>,
    pub responsibilities: Vec<Responsibility>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    pub(crate) teams: HashMap<String, TeamId>,
    pub(crate) groups: HashMap<String, CustomerGroupId>,
    pub(crate) special_groups: HashMap<String, SpecialGroupId>,
    pub(crate) roles: HashMap<(RoleScope, String), RoleId>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct State {
    pub(crate) default_series: DefaultSeries,
    pub(crate) next_ids: NextIds,
    pub(crate) employees: BTreeMap<EmployeeId, Employee>,
    pub(crate) teams: BTreeMap<TeamId, Team>,
    pub(crate) roles: BTreeMap<RoleId, Role>,
    pub(crate) customers: BTreeMap<CustomerId, Customer>,
    pub(crate) projects: BTreeMap<ProjectId, Project>,
    pub(crate) groups: BTreeMap<CustomerGroupId, CustomerGroup>,
    pub(crate) special_groups: BTreeMap<SpecialGroupId, SpecialGroup>,
    pub(crate) responsibilities: FastMap<(Subject, EmployeeId), Responsibility>,
    // Indexes. The maps keyed by ids use the id hasher (`FastMap`): ids are the library's own
    // small integers, so the keyed SipHash of `HashMap` only costs time.
    pub(crate) by_subject: FastMap<Subject, BTreeSet<EmployeeId>>,
    pub(crate) by_employee: FastMap<EmployeeId, BTreeSet<Subject>>,
    pub(crate) numbers: BTreeMap<u64, CustomerId>,
    pub(crate) group_members: FastMap<CustomerGroupId, BTreeSet<CustomerId>>,
    pub(crate) special_members: FastMap<SpecialGroupId, BTreeSet<CustomerId>>,
    pub(crate) customer_projects: FastMap<CustomerId, BTreeSet<ProjectId>>,
    pub(crate) salesperson_of: FastMap<EmployeeId, BTreeSet<CustomerGroupId>>,
    pub(crate) team_members: FastMap<TeamId, BTreeSet<EmployeeId>>,
    pub(crate) role_holders: FastMap<RoleId, usize>,
    pub(crate) names: Names,
    /// The read-side indexes of the views and visibility (see `index.rs`).
    pub(crate) views: ViewIndex,
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

fn not_found<I: Id>(id: I) -> Error {
    Error::NotFound(id.entity())
}

impl State {
    // ---- lookups -------------------------------------------------------------------------

    pub(crate) fn employee(&self, id: EmployeeId) -> Result<&Employee> {
        self.employees.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn team(&self, id: TeamId) -> Result<&Team> {
        self.teams.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn role(&self, id: RoleId) -> Result<&Role> {
        self.roles.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn customer(&self, id: CustomerId) -> Result<&Customer> {
        self.customers.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn project(&self, id: ProjectId) -> Result<&Project> {
        self.projects.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn customer_group(&self, id: CustomerGroupId) -> Result<&CustomerGroup> {
        self.groups.get(&id).ok_or_else(|| not_found(id))
    }
    pub(crate) fn special_group(&self, id: SpecialGroupId) -> Result<&SpecialGroup> {
        self.special_groups.get(&id).ok_or_else(|| not_found(id))
    }

    /// The customer a subject belongs to (itself, or the project's customer).
    pub(crate) fn subject_customer(&self, subject: Subject) -> Result<CustomerId> {
        // The view index's hash maps hold exactly the existing customers and projects: one
        // hashed lookup instead of a walk down the ordered entity maps.
        match subject {
            Subject::Customer(c) if self.views.customers.contains_key(&c) => Ok(c),
            Subject::Customer(c) => Err(not_found(c)),
            Subject::Project(p) => self.views.projects.get(&p).map(|e| e.customer).ok_or_else(|| not_found(p)),
        }
    }

    pub(crate) fn responsibility(&self, subject: Subject, employee: EmployeeId) -> Option<&Responsibility> {
        self.responsibilities.get(&(subject, employee))
    }

    pub(crate) fn existing_responsibility(&self, subject: Subject, employee: EmployeeId) -> Result<&Responsibility> {
        self.subject_customer(subject)?;
        self.employee(employee)?;
        self.responsibility(subject, employee).ok_or(Error::NotResponsible { subject, employee })
    }

    pub(crate) fn require_active(&self, employee: EmployeeId) -> Result<()> {
        if self.employee(employee)?.active {
            Ok(())
        } else {
            Err(Error::EmployeeInactive { employee })
        }
    }

    pub(crate) fn check_role_fits(&self, role: RoleId, subject: Subject) -> Result<()> {
        let r = self.role(role)?;
        if r.scope == RoleScope::of(subject) {
            Ok(())
        } else {
            Err(Error::RoleScopeMismatch { role, role_scope: r.scope, subject })
        }
    }

    pub(crate) fn responsible_employees(&self, subject: Subject) -> impl Iterator<Item = EmployeeId> + '_ {
        self.by_subject.get(&subject).into_iter().flatten().copied()
    }

    pub(crate) fn subjects_of(&self, employee: EmployeeId) -> Vec<Subject> {
        self.by_employee.get(&employee).map(|s| s.iter().copied().collect()).unwrap_or_default()
    }

    pub(crate) fn groups_where_salesperson(&self, employee: EmployeeId) -> Vec<CustomerGroupId> {
        self.salesperson_of.get(&employee).map(|s| s.iter().copied().collect()).unwrap_or_default()
    }

    pub(crate) fn team_members(&self, team: TeamId) -> Vec<EmployeeId> {
        self.team_members.get(&team).map(|s| s.iter().copied().collect()).unwrap_or_default()
    }

    pub(crate) fn group_member_ids(&self, group: CustomerGroupId) -> Vec<CustomerId> {
        self.group_members.get(&group).map(|s| s.iter().copied().collect()).unwrap_or_default()
    }

    pub(crate) fn special_member_ids(&self, group: SpecialGroupId) -> Vec<CustomerId> {
        self.special_members.get(&group).map(|s| s.iter().copied().collect()).unwrap_or_default()
    }

    pub(crate) fn project_ids_of(&self, customer: CustomerId) -> Vec<ProjectId> {
        self.customer_projects.get(&customer).map(|s| s.iter().copied().collect()).unwrap_or_default()
    }

    pub(crate) fn role_holder_count(&self, role: RoleId) -> usize {
        self.role_holders.get(&role).copied().unwrap_or(0)
    }

    pub(crate) fn responsibilities_with_role(&self, role: RoleId) -> impl Iterator<Item = &Responsibility> + '_ {
        self.responsibilities.values().filter(move |r| r.roles.contains(&role))
    }

    // ---- apply ---------------------------------------------------------------------------

    /// Applies one change. Never fails: the change was validated when it was planned (or, for a
    /// loaded store, the result is checked by [`State::check_integrity`]).
    pub(crate) fn apply(&mut self, change: &Change) {
        let before = Before {
            customers: &self.customers,
            projects: &self.projects,
            employees: &self.employees,
            groups: &self.groups,
            responsibilities: &self.responsibilities,
            by_subject: &self.by_subject,
            by_employee: &self.by_employee,
            salesperson_of: &self.salesperson_of,
        };
        self.views.apply(&before, change);
        match change {
            Change::PutEmployee(e) => {
                bump(&mut self.next_ids.employee, e.id.0);
                if let Some(old) = self.employees.insert(e.id, e.clone()) {
                    if let Some(t) = old.team {
                        set_remove(&mut self.team_members, t, &e.id);
                    }
                }
                if let Some(t) = e.team {
                    set_insert(&mut self.team_members, t, e.id);
                }
            }
            Change::DeleteEmployee(id) => {
                if let Some(old) = self.employees.remove(id) {
                    if let Some(t) = old.team {
                        set_remove(&mut self.team_members, t, id);
                    }
                }
            }
            Change::PutTeam(t) => {
                bump(&mut self.next_ids.team, t.id.0);
                if let Some(old) = self.teams.insert(t.id, t.clone()) {
                    self.names.teams.remove(&text::fold(&old.name));
                }
                self.names.teams.insert(text::fold(&t.name), t.id);
            }
            Change::DeleteTeam(id) => {
                if let Some(old) = self.teams.remove(id) {
                    self.names.teams.remove(&text::fold(&old.name));
                }
                self.team_members.remove(id);
            }
            Change::PutRole(r) => {
                bump(&mut self.next_ids.role, r.id.0);
                if let Some(old) = self.roles.insert(r.id, r.clone()) {
                    self.names.roles.remove(&(old.scope, text::fold(&old.name)));
                }
                self.names.roles.insert((r.scope, text::fold(&r.name)), r.id);
            }
            Change::DeleteRole(id) => {
                if let Some(old) = self.roles.remove(id) {
                    self.names.roles.remove(&(old.scope, text::fold(&old.name)));
                }
                self.role_holders.remove(id);
            }
            Change::PutCustomer(c) => {
                bump(&mut self.next_ids.customer, c.id.0);
                let old = self.customers.insert(c.id, c.clone());
                if let Some(old) = &old {
                    self.unindex_customer(old);
                }
                self.index_customer(c);
            }
            Change::DeleteCustomer(id) => {
                if let Some(old) = self.customers.remove(id) {
                    self.unindex_customer(&old);
                }
                self.customer_projects.remove(id);
            }
            Change::PutProject(p) => {
                bump(&mut self.next_ids.project, p.id.0);
                if let Some(old) = self.projects.insert(p.id, p.clone()) {
                    set_remove(&mut self.customer_projects, old.customer, &p.id);
                }
                set_insert(&mut self.customer_projects, p.customer, p.id);
            }
            Change::DeleteProject(id) => {
                if let Some(old) = self.projects.remove(id) {
                    set_remove(&mut self.customer_projects, old.customer, id);
                }
            }
            Change::PutCustomerGroup(g) => {
                bump(&mut self.next_ids.customer_group, g.id.0);
                if let Some(old) = self.groups.insert(g.id, g.clone()) {
                    self.names.groups.remove(&text::fold(&old.name));
                    for e in &old.salespeople {
                        set_remove(&mut self.salesperson_of, *e, &g.id);
                    }
                }
                self.names.groups.insert(text::fold(&g.name), g.id);
                for e in &g.salespeople {
                    set_insert(&mut self.salesperson_of, *e, g.id);
                }
            }
            Change::DeleteCustomerGroup(id) => {
                if let Some(old) = self.groups.remove(id) {
                    self.names.groups.remove(&text::fold(&old.name));
                    for e in &old.salespeople {
                        set_remove(&mut self.salesperson_of, *e, id);
                    }
                }
            }
            Change::PutSpecialGroup(g) => {
                bump(&mut self.next_ids.special_group, g.id.0);
                if let Some(old) = self.special_groups.insert(g.id, g.clone()) {
                    self.names.special_groups.remove(&text::fold(&old.name));
                }
                self.names.special_groups.insert(text::fold(&g.name), g.id);
            }
            Change::DeleteSpecialGroup(id) => {
                if let Some(old) = self.special_groups.remove(id) {
                    self.names.special_groups.remove(&text::fold(&old.name));
                }
            }
            Change::PutResponsibility(r) => {
                let key = (r.subject, r.employee);
                if let Some(old) = self.responsibilities.insert(key, r.clone()) {
                    self.count_roles(&old.roles, false);
                }
                self.count_roles(&r.roles, true);
                set_insert(&mut self.by_subject, r.subject, r.employee);
                set_insert(&mut self.by_employee, r.employee, r.subject);
            }
            Change::DeleteResponsibility { subject, employee } => {
                if let Some(old) = self.responsibilities.remove(&(*subject, *employee)) {
                    self.count_roles(&old.roles, false);
                }
                set_remove(&mut self.by_subject, *subject, employee);
                set_remove(&mut self.by_employee, *employee, subject);
            }
            Change::SetDefaultSeries(series) => self.default_series = *series,
        }
    }

    fn count_roles(&mut self, roles: &BTreeSet<RoleId>, add: bool) {
        for role in roles {
            let count = self.role_holders.entry(*role).or_insert(0);
            *count = if add { count.saturating_add(1) } else { count.saturating_sub(1) };
            if *count == 0 {
                self.role_holders.remove(role);
            }
        }
    }

    fn index_customer(&mut self, c: &Customer) {
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

    fn unindex_customer(&mut self, c: &Customer) {
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

    // ---- plain data ----------------------------------------------------------------------

    /// The state as plain data, in id order (responsibilities by subject, then employee).
    pub(crate) fn to_data(&self) -> Data {
        let mut responsibilities: Vec<Responsibility> = self.responsibilities.values().cloned().collect();
        responsibilities.sort_by_key(|r| (r.subject, r.employee));
        Data {
            default_series: self.default_series,
            next_ids: self.next_ids,
            employees: self.employees.values().cloned().collect(),
            teams: self.teams.values().cloned().collect(),
            roles: self.roles.values().cloned().collect(),
            customers: self.customers.values().cloned().collect(),
            projects: self.projects.values().cloned().collect(),
            customer_groups: self.groups.values().cloned().collect(),
            special_groups: self.special_groups.values().cloned().collect(),
            responsibilities,
        }
    }

    /// Builds the state and its indexes from plain data and checks every rule.
    pub(crate) fn from_data(data: Data) -> Result<State> {
        let mut s = State { default_series: data.default_series, ..State::default() };
        let puts = data
            .teams
            .into_iter()
            .map(Change::PutTeam)
            .chain(data.roles.into_iter().map(Change::PutRole))
            .chain(data.employees.into_iter().map(Change::PutEmployee))
            .chain(data.customer_groups.into_iter().map(Change::PutCustomerGroup))
            .chain(data.special_groups.into_iter().map(Change::PutSpecialGroup))
            .chain(data.customers.into_iter().map(Change::PutCustomer))
            .chain(data.projects.into_iter().map(Change::PutProject))
            .chain(data.responsibilities.into_iter().map(Change::PutResponsibility));
        let mut count = 0usize;
        for change in puts {
            s.apply(&change);
            count += 1;
        }
        let n = &data.next_ids;
        let ids = &mut s.next_ids;
        for (next, given) in [
            (&mut ids.employee, n.employee),
            (&mut ids.team, n.team),
            (&mut ids.role, n.role),
            (&mut ids.customer, n.customer),
            (&mut ids.project, n.project),
            (&mut ids.customer_group, n.customer_group),
            (&mut ids.special_group, n.special_group),
        ] {
            *next = (*next).max(given);
        }
        let entities = s.employees.len()
            + s.teams.len()
            + s.roles.len()
            + s.customers.len()
            + s.groups.len()
            + s.special_groups.len()
            + s.projects.len()
            + s.responsibilities.len();
        if entities != count {
            return Err(corrupt(format!("{} entities share an id or a key with another", count - entities)));
        }
        s.check_integrity()?;
        Ok(s)
    }

    /// Checks every rule of the data model; used after loading a store or importing data.
    pub(crate) fn check_integrity(&self) -> Result<()> {
        let ds = &self.default_series;
        if ds.start == 0
            || ds.start > MAX_CUSTOMER_NUMBER
            || ds.end.is_some_and(|e| e < ds.start || e > MAX_CUSTOMER_NUMBER)
        {
            return Err(corrupt(format!("invalid default series {ds:?}")));
        }
        for e in self.employees.values() {
            check_id(e.id.0, self.next_ids.employee, "employee")?;
            check_name(crate::error::Field::EmployeeName, &e.name)?;
            if let Some(t) = e.team {
                self.team(t).map_err(|_| dangling(e.id, t))?;
            }
            if e.email.is_some() && text::optional_email(e.email.as_deref())? != e.email {
                return Err(corrupt(format!("{} has an untrimmed email", e.id)));
            }
        }
        for t in self.teams.values() {
            check_id(t.id.0, self.next_ids.team, "team")?;
            check_name(crate::error::Field::TeamName, &t.name)?;
        }
        if self.names.teams.len() != self.teams.len() {
            return Err(corrupt("two teams share a name".into()));
        }
        for r in self.roles.values() {
            check_id(r.id.0, self.next_ids.role, "role")?;
            check_name(crate::error::Field::RoleName, &r.name)?;
        }
        if self.names.roles.len() != self.roles.len() {
            return Err(corrupt("two roles of one scope share a name".into()));
        }
        let mut numbered = 0usize;
        for c in self.customers.values() {
            check_id(c.id.0, self.next_ids.customer, "customer")?;
            check_name(crate::error::Field::CustomerName, &c.name)?;
            if let Some(n) = c.number {
                crate::customer::check_number(n)?;
                numbered += 1;
            }
            if let Some(g) = c.group {
                self.customer_group(g).map_err(|_| dangling(c.id, g))?;
            }
            for sg in &c.special_groups {
                self.special_group(*sg).map_err(|_| dangling(c.id, *sg))?;
            }
        }
        if numbered != self.numbers.len() {
            return Err(corrupt("two customers share a number".into()));
        }
        for p in self.projects.values() {
            check_id(p.id.0, self.next_ids.project, "project")?;
            check_name(crate::error::Field::ProjectName, &p.name)?;
            self.customer(p.customer).map_err(|_| dangling(p.id, p.customer))?;
        }
        for g in self.groups.values() {
            check_id(g.id.0, self.next_ids.customer_group, "customer group")?;
            check_name(crate::error::Field::CustomerGroupName, &g.name)?;
            crate::group::check_range(g.numbering_start, g.numbering_end)?;
            if g.cost_centers.len() > crate::MAX_COST_CENTERS {
                return Err(corrupt(format!("{} has too many cost centers", g.id)));
            }
            for e in &g.salespeople {
                self.employee(*e).map_err(|_| dangling(g.id, *e))?;
            }
        }
        if self.names.groups.len() != self.groups.len() {
            return Err(corrupt("two customer groups share a name".into()));
        }
        for g in self.special_groups.values() {
            check_id(g.id.0, self.next_ids.special_group, "special group")?;
            check_name(crate::error::Field::SpecialGroupName, &g.name)?;
        }
        if self.names.special_groups.len() != self.special_groups.len() {
            return Err(corrupt("two special groups share a name".into()));
        }
        for r in self.responsibilities.values() {
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

fn check_name(field: crate::error::Field, name: &str) -> Result<()> {
    if text::name(field, name)? == name {
        Ok(())
    } else {
        Err(corrupt(format!("{field} {name:?} is not trimmed")))
    }
}
