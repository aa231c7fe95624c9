//! A reference model of the directory, for the model-based test (`tests/model.rs`).
//!
//! It implements the rules of the specification as plainly as possible: ordered maps of the
//! entities, loops over them, no indexes, and none of the core's rule code. Where the
//! specification leaves a choice, the model makes the one the library documents (cascades on
//! delete, no-op calls that commit nothing, the order of the checks so that the same kind of
//! error comes first). The test drives a [`vastuu::Directory`] and the model with the same
//! operations and compares the results, the data and every view.

pub mod bulk;
pub mod compare;
pub mod coverage;
pub mod handover;
pub mod history;
pub mod invariants;
pub mod numbering;
pub mod revert;
pub mod text;
pub mod views;

use crate::op::{Op, Outcome, Value};
use std::collections::{BTreeMap, BTreeSet};
use vastuu::{
    Customer, CustomerGroup, CustomerGroupId, CustomerId, Data, DefaultSeries, Employee, EmployeeId, EntityKind,
    EntityRef, Error, Field, GroupDefault, NextIds, NumberChoice, Period, Project, ProjectId, RangeProblem,
    Responsibility, Role, RoleId, RoleScope, SpecialGroup, SpecialGroupId, Subject, Team, TeamId, Toggled,
    MAX_CUSTOMER_NUMBER,
};

/// Result with the library's error.
pub type Result<T> = std::result::Result<T, Error>;

/// Every entity, in ordered maps, and the number of change sets committed so far.
#[derive(Clone, Debug, Default)]
#[allow(missing_docs)]
pub struct Model {
    pub default_series: DefaultSeries,
    pub next_ids: NextIds,
    pub employees: BTreeMap<EmployeeId, Employee>,
    pub teams: BTreeMap<TeamId, Team>,
    pub roles: BTreeMap<RoleId, Role>,
    pub customers: BTreeMap<CustomerId, Customer>,
    pub projects: BTreeMap<ProjectId, Project>,
    pub groups: BTreeMap<CustomerGroupId, CustomerGroup>,
    pub special_groups: BTreeMap<SpecialGroupId, SpecialGroup>,
    pub responsibilities: BTreeMap<(Subject, EmployeeId), Responsibility>,
    /// Change sets committed: one per call that changed something, one per committed
    /// transaction in which something changed.
    pub seq: u64,
    /// The change sets (by sequence number) that touched each entity.
    pub history: BTreeMap<EntityRef, Vec<u64>>,
    /// The entities the model began with (before change set 1).
    pub initial: std::sync::Arc<revert::Snapshot>,
    /// The entities after each change set (change set 1 first).
    pub states: Vec<std::sync::Arc<revert::Snapshot>>,
    /// The change sets that are reverts, each with the change set it reverts.
    pub reverts: BTreeMap<u64, u64>,
    /// Whether the model began with entities of its own (`Model::from_data`).
    pub made_from_data: bool,
}

fn not_found(id: impl Into<EntityRef>) -> Error {
    Error::NotFound(id.into())
}

/// Whether the period includes the day.
pub fn period_contains(p: &Period, day: jiff::civil::Date) -> bool {
    let after_start = match p.from {
        Some(from) => from <= day,
        None => true,
    };
    let before_end = match p.to {
        Some(to) => day <= to,
        None => true,
    };
    after_start && before_end
}

fn check_period(p: &Period) -> Result<()> {
    if let (Some(from), Some(to)) = (p.from, p.to) {
        if from > to {
            return Err(Error::InvalidPeriod { from, to });
        }
    }
    Ok(())
}

/// A numbering start and end, checked.
pub fn check_range(start: Option<u64>, end: Option<u64>) -> Result<()> {
    let problem = if start.is_none() && end.is_some() {
        Some(RangeProblem::EndWithoutStart)
    } else if start == Some(0) {
        Some(RangeProblem::StartBelowOne)
    } else if start.is_some_and(|s| s > MAX_CUSTOMER_NUMBER) || end.is_some_and(|e| e > MAX_CUSTOMER_NUMBER) {
        Some(RangeProblem::AboveMaximum)
    } else if let (Some(s), Some(e)) = (start, end) {
        (e < s).then_some(RangeProblem::EndBelowStart)
    } else {
        None
    };
    match problem {
        Some(problem) => Err(Error::InvalidNumberingRange { start, end, problem }),
        None => Ok(()),
    }
}

fn scope_of(subject: Subject) -> RoleScope {
    match subject {
        Subject::Customer(_) => RoleScope::Customer,
        Subject::Project(_) => RoleScope::Project,
    }
}

impl Model {
    // ---- lookups -------------------------------------------------------------------------

    /// An employee, or `NotFound`.
    pub fn employee(&self, id: EmployeeId) -> Result<&Employee> {
        self.employees.get(&id).ok_or(not_found(id))
    }
    fn team(&self, id: TeamId) -> Result<&Team> {
        self.teams.get(&id).ok_or(not_found(id))
    }
    fn role(&self, id: RoleId) -> Result<&Role> {
        self.roles.get(&id).ok_or(not_found(id))
    }
    fn customer(&self, id: CustomerId) -> Result<&Customer> {
        self.customers.get(&id).ok_or(not_found(id))
    }
    fn project(&self, id: ProjectId) -> Result<&Project> {
        self.projects.get(&id).ok_or(not_found(id))
    }
    /// A customer group, or `NotFound`.
    pub fn group(&self, id: CustomerGroupId) -> Result<&CustomerGroup> {
        self.groups.get(&id).ok_or(not_found(id))
    }
    fn special_group(&self, id: SpecialGroupId) -> Result<&SpecialGroup> {
        self.special_groups.get(&id).ok_or(not_found(id))
    }

    /// The customer of a subject (itself, or the project's customer), or `NotFound`.
    pub fn subject_customer(&self, subject: Subject) -> Result<CustomerId> {
        match subject {
            Subject::Customer(c) => self.customer(c).map(|c| c.id),
            Subject::Project(p) => self.project(p).map(|p| p.customer),
        }
    }

    /// The employee's responsibility for the subject.
    pub fn responsibility(&self, subject: Subject, employee: EmployeeId) -> Option<&Responsibility> {
        self.responsibilities.get(&(subject, employee))
    }

    fn existing_responsibility(&self, subject: Subject, employee: EmployeeId) -> Result<Responsibility> {
        self.subject_customer(subject)?;
        self.employee(employee)?;
        self.responsibility(subject, employee).cloned().ok_or(Error::NotResponsible { subject, employee })
    }

    fn require_active(&self, employee: EmployeeId) -> Result<()> {
        if self.employee(employee)?.active {
            Ok(())
        } else {
            Err(Error::EmployeeInactive { employee })
        }
    }

    /// Whether the role exists and fits the subject.
    pub fn role_fits(&self, role: RoleId, subject: Subject) -> Result<()> {
        let r = self.role(role)?;
        if r.scope == scope_of(subject) {
            Ok(())
        } else {
            Err(Error::RoleScopeMismatch { role, role_scope: r.scope, subject })
        }
    }

    fn duplicate(kind: EntityKind, name: &str, existing: impl Into<EntityRef>) -> Error {
        Error::DuplicateName { kind, name: name.to_owned(), existing: existing.into() }
    }

    fn unique_team(&self, name: &str, except: Option<TeamId>) -> Result<()> {
        for t in self.teams.values() {
            if Some(t.id) != except && text::same_name(&t.name, name) {
                return Err(Self::duplicate(EntityKind::Team, name, t.id));
            }
        }
        Ok(())
    }

    fn unique_role(&self, name: &str, scope: RoleScope, except: Option<RoleId>) -> Result<()> {
        for r in self.roles.values() {
            if Some(r.id) != except && r.scope == scope && text::same_name(&r.name, name) {
                return Err(Self::duplicate(EntityKind::Role, name, r.id));
            }
        }
        Ok(())
    }

    fn unique_group(&self, name: &str, except: Option<CustomerGroupId>) -> Result<()> {
        for g in self.groups.values() {
            if Some(g.id) != except && text::same_name(&g.name, name) {
                return Err(Self::duplicate(EntityKind::CustomerGroup, name, g.id));
            }
        }
        Ok(())
    }

    fn unique_special(&self, name: &str, except: Option<SpecialGroupId>) -> Result<()> {
        for g in self.special_groups.values() {
            if Some(g.id) != except && text::same_name(&g.name, name) {
                return Err(Self::duplicate(EntityKind::SpecialGroup, name, g.id));
            }
        }
        Ok(())
    }

    /// The entity of the kind holding an external id (compared exactly), if any.
    pub fn key_holder(&self, kind: EntityKind, key: &str) -> Option<EntityRef> {
        let held = |k: &Option<String>| k.as_deref() == Some(key);
        match kind {
            EntityKind::Employee => self.employees.values().find(|e| held(&e.external_id)).map(|e| e.id.into()),
            EntityKind::Customer => self.customers.values().find(|c| held(&c.external_id)).map(|c| c.id.into()),
            EntityKind::Project => self.projects.values().find(|p| held(&p.external_id)).map(|p| p.id.into()),
            EntityKind::CustomerGroup => self.groups.values().find(|g| held(&g.external_id)).map(|g| g.id.into()),
            _ => None,
        }
    }

    /// A new or changed external id of an entity of the kind (`id`: the entity it is for, once it
    /// exists): checked, and refused while another entity of the kind holds it.
    fn external_id(&self, kind: EntityKind, raw: Option<&str>, id: Option<EntityRef>) -> Result<Option<String>> {
        let key = text::optional_external_id(raw)?;
        if let Some(key) = &key {
            if let Some(existing) = self.key_holder(kind, key).filter(|holder| Some(*holder) != id) {
                return Err(Error::DuplicateExternalId { kind, external_id: key.clone(), existing });
            }
        }
        Ok(key)
    }

    /// The customer holding a number, if any.
    pub fn holder_of(&self, number: u64) -> Option<CustomerId> {
        self.customers.values().find(|c| c.number == Some(number)).map(|c| c.id)
    }

    fn check_number(number: u64) -> Result<()> {
        if number == 0 || number > MAX_CUSTOMER_NUMBER {
            return Err(Error::InvalidCustomerNumber { number, max: MAX_CUSTOMER_NUMBER });
        }
        Ok(())
    }

    fn number_free(&self, number: u64, except: Option<CustomerId>) -> Result<()> {
        match self.holder_of(number) {
            Some(holder) if Some(holder) != except => Err(Error::DuplicateCustomerNumber { number, holder }),
            _ => Ok(()),
        }
    }

    fn remove_responsibilities(&mut self, keep: impl Fn(&Responsibility) -> bool) {
        self.responsibilities.retain(|_, r| keep(r));
    }

    // ---- the data ------------------------------------------------------------------------

    /// The model as the library's plain data (id order).
    pub fn to_data(&self) -> Data {
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
            responsibilities: self.responsibilities.values().cloned().collect(),
        }
    }

    /// A model holding the data (no change set committed yet, no history).
    pub fn from_data(data: Data) -> Model {
        let mut model = Model {
            default_series: data.default_series,
            next_ids: data.next_ids,
            employees: data.employees.into_iter().map(|e| (e.id, e)).collect(),
            teams: data.teams.into_iter().map(|t| (t.id, t)).collect(),
            roles: data.roles.into_iter().map(|r| (r.id, r)).collect(),
            customers: data.customers.into_iter().map(|c| (c.id, c)).collect(),
            projects: data.projects.into_iter().map(|p| (p.id, p)).collect(),
            groups: data.customer_groups.into_iter().map(|g| (g.id, g)).collect(),
            special_groups: data.special_groups.into_iter().map(|g| (g.id, g)).collect(),
            responsibilities: data.responsibilities.into_iter().map(|r| ((r.subject, r.employee), r)).collect(),
            seq: 0,
            history: BTreeMap::new(),
            initial: std::sync::Arc::default(),
            states: Vec::new(),
            reverts: BTreeMap::new(),
            made_from_data: false,
        };
        model.initial = std::sync::Arc::new(model.snapshot());
        model.made_from_data = *model.initial != revert::Snapshot::default();
        model
    }

    /// Whether both models hold the same entities (the change-set count aside).
    pub fn same_data(&self, other: &Model) -> bool {
        self.default_series == other.default_series
            && self.next_ids == other.next_ids
            && self.employees == other.employees
            && self.teams == other.teams
            && self.roles == other.roles
            && self.customers == other.customers
            && self.projects == other.projects
            && self.groups == other.groups
            && self.special_groups == other.special_groups
            && self.responsibilities == other.responsibilities
    }

    // ---- operations ----------------------------------------------------------------------

    /// Applies an operation: on success the model changes as the call does (and counts a
    /// change set when anything changed); on error nothing changes.
    pub fn apply(&mut self, op: &Op) -> Outcome {
        match op {
            Op::Transaction { ops, stop_on_error, rollback } => {
                return self.transaction(ops, *stop_on_error, *rollback);
            }
            Op::HandoverAfter(request, between) => {
                // The operation between planning and applying commits on its own, whatever
                // becomes of the plan.
                let plan = self.plan_handover(request)?;
                let _ = self.apply(between);
                return self.apply_planned(request, Some(plan));
            }
            Op::Handover(request) => return self.apply_planned(request, None),
            Op::BulkAfter(request, between) => {
                let plan = self.plan_bulk(request)?;
                let _ = self.apply(between);
                return self.apply_bulk(request, Some(plan));
            }
            Op::Bulk(request) => return self.apply_bulk(request, None),
            _ => {}
        }
        let before = self.clone();
        let outcome = self.call(op);
        if outcome.is_err() {
            *self = before;
        } else if !self.same_data(&before) {
            self.commit(history::touched(&before, self));
        }
        outcome
    }

    /// Applies a handover: plans it, and when `earlier` is the plan made before, refuses a
    /// plan that changed since.
    fn apply_planned(&mut self, request: &vastuu::Handover, earlier: Option<handover::Plan>) -> Outcome {
        let fresh = self.plan_handover(request)?;
        let shown = match earlier {
            // Stale when the preview changed; the groups behind it may differ (a rename, say).
            Some(plan) if plan.steps != fresh.steps || plan.skipped != fresh.skipped => {
                return Err(Error::StalePlan { from: request.from, to: request.to })
            }
            Some(plan) => plan,
            None => fresh.clone(),
        };
        let before = self.clone();
        self.apply_handover_plan(&fresh);
        if !self.same_data(&before) {
            self.commit(history::touched(&before, self));
        }
        Ok(Value::Handover { steps: shown.steps, skipped: shown.skipped })
    }

    /// Applies a bulk assignment: plans it, and when `earlier` is the plan made before, refuses
    /// it naming the customers whose entry changed since.
    fn apply_bulk(&mut self, request: &vastuu::BulkRequest, earlier: Option<bulk::Plan>) -> Outcome {
        let fresh = self.plan_bulk(request)?;
        let shown = match earlier {
            Some(plan) => {
                let customers = bulk::stale_customers(&plan, &fresh);
                if !customers.is_empty() {
                    return Err(Error::StaleBulkPlan { employee: request.employee, customers });
                }
                plan
            }
            None => fresh.clone(),
        };
        let before = self.clone();
        self.apply_bulk_plan(&fresh, request.employee);
        if !self.same_data(&before) {
            self.commit(history::touched(&before, self));
        }
        Ok(Value::Bulk { changes: shown.changes, skipped: shown.skipped })
    }

    fn transaction(&mut self, ops: &[Op], stop_on_error: bool, rollback: bool) -> Outcome {
        let start = self.clone();
        let (outcome, changed, keys) = self.run_transaction(ops, stop_on_error, rollback);
        // One change set for the whole transaction (a handover inside counted one of its own).
        self.seq = start.seq;
        self.history = start.history;
        self.states = start.states;
        if changed {
            self.commit(keys);
        }
        outcome
    }

    /// Runs a transaction's operations (nested transactions included) without committing:
    /// the outcome, whether any operation made a change (even one undone by a later one: the
    /// change set is not empty then), and the customers and employees touched.
    fn run_transaction(
        &mut self,
        ops: &[Op],
        stop_on_error: bool,
        rollback: bool,
    ) -> (Outcome, bool, BTreeSet<EntityRef>) {
        let start = self.clone();
        let mut each = Vec::new();
        let mut changed = false;
        let mut keys = BTreeSet::new();
        for op in ops {
            let before = self.clone();
            let outcome = match op {
                Op::Transaction { ops, stop_on_error, rollback } => {
                    let (outcome, inner_changed, inner_keys) = self.run_transaction(ops, *stop_on_error, *rollback);
                    changed |= inner_changed;
                    keys.extend(inner_keys);
                    outcome
                }
                _ => {
                    let outcome = self.call(op);
                    if outcome.is_ok() {
                        changed |= !self.same_data(&before);
                        keys.extend(history::touched(&before, self));
                    }
                    outcome
                }
            };
            if let Err(e) = &outcome {
                *self = before;
                if stop_on_error && !rollback {
                    *self = start;
                    return (Err(e.clone()), false, BTreeSet::new());
                }
            }
            each.push(outcome);
        }
        if rollback {
            *self = start;
            return (Ok(Value::Each(each)), false, BTreeSet::new());
        }
        (Ok(Value::Each(each)), changed, keys)
    }

    /// One call; may leave the model half changed when it fails (`apply` restores it).
    fn call(&mut self, op: &Op) -> Outcome {
        let unit = |r: Result<()>| r.map(|()| Value::Unit);
        match op {
            Op::CreateEmployee(new) => {
                let name = text::name(Field::EmployeeName, &new.name)?;
                let email = text::optional_email(new.email.as_deref())?;
                let external_id = self.external_id(EntityKind::Employee, new.external_id.as_deref(), None)?;
                if let Some(t) = new.team {
                    self.team(t)?;
                }
                let id = EmployeeId(self.next_ids.employee);
                self.next_ids.employee += 1;
                let e = Employee {
                    external_id,
                    id,
                    name,
                    email,
                    team: new.team,
                    sales_rights: new.sales_rights,
                    active: new.active,
                    sees_all: new.sees_all,
                };
                self.employees.insert(id, e);
                Ok(Value::Created(id.into()))
            }
            Op::UpdateEmployee(id, u) => unit(self.update_employee(*id, u)),
            Op::ArchiveEmployee(id) => {
                unit(self.update_employee(*id, &vastuu::EmployeeUpdate { active: Some(false), ..Default::default() }))
            }
            Op::ReactivateEmployee(id) => {
                unit(self.update_employee(*id, &vastuu::EmployeeUpdate { active: Some(true), ..Default::default() }))
            }
            Op::DeleteEmployee(id) => {
                self.employee(*id)?;
                let id = *id;
                self.remove_responsibilities(|r| r.employee != id);
                for g in self.groups.values_mut() {
                    g.salespeople.remove(&id);
                    g.default_team.retain(|d| d.employee != id);
                }
                self.employees.remove(&id);
                self.keep_leads_in_their_teams();
                Ok(Value::Unit)
            }
            Op::CreateTeam(name) => {
                let name = text::name(Field::TeamName, name)?;
                self.unique_team(&name, None)?;
                let id = TeamId(self.next_ids.team);
                self.next_ids.team += 1;
                self.teams.insert(id, Team { leads: Default::default(), id, name });
                Ok(Value::Created(id.into()))
            }
            Op::RenameTeam(id, name) => {
                self.team(*id)?;
                let name = text::name(Field::TeamName, name)?;
                self.unique_team(&name, Some(*id))?;
                if let Some(t) = self.teams.get_mut(id) {
                    t.name = name;
                }
                Ok(Value::Unit)
            }
            Op::DeleteTeam(id) => {
                self.team(*id)?;
                for e in self.employees.values_mut() {
                    if e.team == Some(*id) {
                        e.team = None;
                    }
                }
                self.teams.remove(id);
                Ok(Value::Unit)
            }
            Op::SetTeamLeads(team, leads) => unit(self.set_team_leads(*team, leads.iter().copied().collect())),
            Op::AddTeamLead(team, lead) => {
                let mut leads = self.team(*team)?.leads.clone();
                leads.insert(*lead);
                unit(self.set_team_leads(*team, leads))
            }
            Op::RemoveTeamLead(team, lead) => {
                let mut leads = self.team(*team)?.leads.clone();
                self.employee(*lead)?;
                leads.remove(lead);
                unit(self.set_team_leads(*team, leads))
            }
            Op::CreateRole(new) => {
                let name = text::name(Field::RoleName, &new.name)?;
                self.unique_role(&name, new.scope, None)?;
                let id = RoleId(self.next_ids.role);
                self.next_ids.role += 1;
                self.roles.insert(id, Role { id, name, scope: new.scope, portal_visible: new.portal_visible });
                Ok(Value::Created(id.into()))
            }
            Op::UpdateRole(id, u) => {
                let mut r = self.role(*id)?.clone();
                if let Some(name) = &u.name {
                    r.name = text::name(Field::RoleName, name)?;
                }
                if let Some(scope) = u.scope {
                    if scope != r.scope {
                        let holders = self.responsibilities.values().filter(|x| x.roles.contains(id)).count();
                        if holders > 0 {
                            return Err(Error::RoleInUse { role: *id, responsibilities: holders });
                        }
                        let gives = |g: &&CustomerGroup| g.default_team.iter().any(|d| d.roles.contains(id));
                        let groups: Vec<CustomerGroupId> = self.groups.values().filter(gives).map(|g| g.id).collect();
                        if !groups.is_empty() {
                            return Err(Error::RoleInGroupDefaults { role: *id, groups });
                        }
                        r.scope = scope;
                    }
                }
                if let Some(v) = u.portal_visible {
                    r.portal_visible = v;
                }
                self.unique_role(&r.name, r.scope, Some(*id))?;
                self.roles.insert(*id, r);
                Ok(Value::Unit)
            }
            Op::DeleteRole(id) => {
                self.role(*id)?;
                for r in self.responsibilities.values_mut() {
                    r.roles.remove(id);
                }
                for d in self.groups.values_mut().flat_map(|g| g.default_team.iter_mut()) {
                    d.roles.remove(id);
                }
                self.roles.remove(id);
                Ok(Value::Unit)
            }
            Op::CreateCustomer(new) => {
                let name = text::name(Field::CustomerName, &new.name)?;
                let external_id = self.external_id(EntityKind::Customer, new.external_id.as_deref(), None)?;
                if let Some(g) = new.group {
                    self.group(g)?;
                }
                let mut special_groups = BTreeSet::new();
                for sg in &new.special_groups {
                    self.special_group(*sg)?;
                    special_groups.insert(*sg);
                }
                let number = match new.number {
                    NumberChoice::Unnumbered => None,
                    NumberChoice::Explicit(n) => {
                        Self::check_number(n)?;
                        self.number_free(n, None)?;
                        Some(n)
                    }
                    NumberChoice::Next => Some(self.allocate(new.group)?),
                };
                let id = CustomerId(self.next_ids.customer);
                self.next_ids.customer += 1;
                let c = Customer {
                    external_id,
                    id,
                    name,
                    number,
                    status: new.status,
                    archived: false,
                    group: new.group,
                    special_groups,
                };
                self.customers.insert(id, c);
                if let Some(g) = new.group {
                    self.give_defaults(g, id);
                }
                Ok(Value::Created(id.into()))
            }
            Op::UpdateCustomer(id, u) => unit(self.update_customer(*id, u)),
            Op::ArchiveCustomer(id) => {
                unit(self.update_customer(*id, &vastuu::CustomerUpdate { archived: Some(true), ..Default::default() }))
            }
            Op::UnarchiveCustomer(id) => {
                unit(self.update_customer(*id, &vastuu::CustomerUpdate { archived: Some(false), ..Default::default() }))
            }
            Op::SetCustomerNumber(id, number) => {
                self.customer(*id)?;
                if let Some(n) = number {
                    Self::check_number(*n)?;
                    self.number_free(*n, Some(*id))?;
                }
                if let Some(c) = self.customers.get_mut(id) {
                    c.number = *number;
                }
                Ok(Value::Unit)
            }
            Op::RenumberCustomer(id) => {
                let group = self.customer(*id)?.group;
                let n = self.allocate(group)?;
                if let Some(c) = self.customers.get_mut(id) {
                    c.number = Some(n);
                }
                Ok(Value::Number(n))
            }
            Op::DeleteCustomer(id) => {
                self.customer(*id)?;
                let projects: Vec<ProjectId> =
                    self.projects.values().filter(|p| p.customer == *id).map(|p| p.id).collect();
                if !projects.is_empty() {
                    return Err(Error::CustomerHasProjects { customer: *id, projects });
                }
                let subject = Subject::Customer(*id);
                self.remove_responsibilities(|r| r.subject != subject);
                self.customers.remove(id);
                Ok(Value::Unit)
            }
            Op::CreateProject(customer, name) => self.create_project(*customer, name, None),
            Op::CreateProjectWith(customer, new) => {
                self.create_project(*customer, &new.name, new.external_id.as_deref())
            }
            Op::UpdateProject(id, u) => unit(self.update_project(*id, u)),
            Op::ArchiveProject(id) => {
                unit(self.update_project(*id, &vastuu::ProjectUpdate { archived: Some(true), ..Default::default() }))
            }
            Op::DeleteProject(id) => {
                self.project(*id)?;
                let subject = Subject::Project(*id);
                self.remove_responsibilities(|r| r.subject != subject);
                self.projects.remove(id);
                Ok(Value::Unit)
            }
            Op::CreateGroup(new) => {
                let name = text::name(Field::CustomerGroupName, &new.name)?;
                self.unique_group(&name, None)?;
                let external_id = self.external_id(EntityKind::CustomerGroup, new.external_id.as_deref(), None)?;
                check_range(new.numbering_start, new.numbering_end)?;
                let ledger_account = text::optional_line(Field::LedgerAccount, new.ledger_account.as_deref())?;
                let cost_centers = cost_centers(&new.cost_centers)?;
                let salespeople = self.salespeople(&BTreeSet::new(), &new.salespeople)?;
                let default_team = self.default_team(&new.default_team)?;
                let id = CustomerGroupId(self.next_ids.customer_group);
                self.next_ids.customer_group += 1;
                let joining = self.set_members(id, &name, &new.customers, new.move_customers)?;
                let g = CustomerGroup {
                    default_team,
                    external_id,
                    id,
                    name,
                    numbering_start: new.numbering_start,
                    numbering_end: new.numbering_end,
                    next_number: new.numbering_start.unwrap_or(0),
                    ledger_account,
                    cost_centers,
                    salespeople,
                };
                self.groups.insert(id, g);
                for c in joining {
                    self.give_defaults(id, c);
                }
                Ok(Value::Created(id.into()))
            }
            Op::UpdateGroup(id, u) => {
                let mut g = self.group(*id)?.clone();
                if let Some(name) = &u.name {
                    g.name = text::name(Field::CustomerGroupName, name)?;
                    self.unique_group(&g.name, Some(*id))?;
                }
                if let Some(key) = &u.external_id {
                    g.external_id = self.external_id(EntityKind::CustomerGroup, key.as_deref(), Some((*id).into()))?;
                }
                let start = match u.numbering_start {
                    Some(s) => s,
                    None => g.numbering_start,
                };
                let end = match u.numbering_end {
                    Some(e) => e,
                    // Removing the start without a word about the end removes the end too.
                    None if start.is_none() => None,
                    None => g.numbering_end,
                };
                check_range(start, end)?;
                g.numbering_start = start;
                g.numbering_end = end;
                if let Some(start) = start {
                    if g.next_number < start {
                        g.next_number = start;
                    }
                }
                if let Some(account) = &u.ledger_account {
                    g.ledger_account = text::optional_line(Field::LedgerAccount, account.as_deref())?;
                }
                if let Some(codes) = &u.cost_centers {
                    g.cost_centers = cost_centers(codes)?;
                }
                if let Some(people) = &u.salespeople {
                    g.salespeople = self.salespeople(&g.salespeople, people)?;
                }
                if let Some(team) = &u.default_team {
                    g.default_team = self.default_team(team)?;
                }
                let name = g.name.clone();
                self.groups.insert(*id, g);
                if let Some(customers) = &u.customers {
                    for c in self.set_members(*id, &name, customers, u.move_customers)? {
                        self.give_defaults(*id, c);
                    }
                }
                Ok(Value::Unit)
            }
            Op::DeleteGroup(id) => {
                self.group(*id)?;
                for c in self.customers.values_mut() {
                    if c.group == Some(*id) {
                        c.group = None;
                    }
                }
                self.groups.remove(id);
                Ok(Value::Unit)
            }
            Op::AddToGroup(g, c) => unit(self.join(*g, *c, false)),
            Op::MoveToGroup(g, c) => unit(self.join(*g, *c, true)),
            Op::RemoveFromGroup(c) => {
                self.customer(*c)?;
                if let Some(c) = self.customers.get_mut(c) {
                    c.group = None;
                }
                Ok(Value::Unit)
            }
            Op::AddSalesperson(g, e) => {
                let current = self.group(*g)?.salespeople.clone();
                self.employee(*e)?;
                if !current.contains(e) {
                    self.check_new_salesperson(*e)?;
                }
                if let Some(g) = self.groups.get_mut(g) {
                    g.salespeople.insert(*e);
                }
                Ok(Value::Unit)
            }
            Op::RemoveSalesperson(g, e) => {
                self.group(*g)?;
                self.employee(*e)?;
                if let Some(g) = self.groups.get_mut(g) {
                    g.salespeople.remove(e);
                }
                Ok(Value::Unit)
            }
            Op::SetGroupDefaultTeam(g, team) => {
                self.group(*g)?;
                let team = self.default_team(team)?;
                if let Some(g) = self.groups.get_mut(g) {
                    g.default_team = team;
                }
                Ok(Value::Unit)
            }
            Op::GroupDefaults(g) => {
                let team = self.group(*g)?.default_team.clone();
                let requests: Vec<vastuu::BulkRequest> = team.iter().map(|d| bulk::default_request(*g, d)).collect();
                let plans = requests.iter().map(|r| self.plan_bulk(r)).collect::<Result<Vec<_>>>()?;
                for (plan, request) in plans.iter().zip(&requests) {
                    self.apply_bulk_plan(plan, request.employee);
                }
                let each = plans.into_iter().map(|p| Ok(Value::Bulk { changes: p.changes, skipped: p.skipped }));
                Ok(Value::Each(each.collect()))
            }
            Op::CreateSpecialGroup(new) => {
                let name = text::name(Field::SpecialGroupName, &new.name)?;
                self.unique_special(&name, None)?;
                let description = text::optional_description(new.description.as_deref())?;
                let id = SpecialGroupId(self.next_ids.special_group);
                self.next_ids.special_group += 1;
                self.special_groups.insert(id, SpecialGroup { id, name, description });
                self.set_special_members(id, &new.customers)?;
                Ok(Value::Created(id.into()))
            }
            Op::UpdateSpecialGroup(id, u) => {
                let mut g = self.special_group(*id)?.clone();
                if let Some(name) = &u.name {
                    g.name = text::name(Field::SpecialGroupName, name)?;
                    self.unique_special(&g.name, Some(*id))?;
                }
                if let Some(description) = &u.description {
                    g.description = text::optional_description(description.as_deref())?;
                }
                self.special_groups.insert(*id, g);
                if let Some(customers) = &u.customers {
                    self.set_special_members(*id, customers)?;
                }
                Ok(Value::Unit)
            }
            Op::DeleteSpecialGroup(id) => {
                self.special_group(*id)?;
                for c in self.customers.values_mut() {
                    c.special_groups.remove(id);
                }
                self.special_groups.remove(id);
                Ok(Value::Unit)
            }
            Op::AddToSpecialGroup(g, c) => {
                self.special_group(*g)?;
                self.customer(*c)?;
                if let Some(c) = self.customers.get_mut(c) {
                    c.special_groups.insert(*g);
                }
                Ok(Value::Unit)
            }
            Op::RemoveFromSpecialGroup(g, c) => {
                self.special_group(*g)?;
                self.customer(*c)?;
                if let Some(c) = self.customers.get_mut(c) {
                    c.special_groups.remove(g);
                }
                Ok(Value::Unit)
            }
            Op::Toggle(s, e) => {
                self.subject_customer(*s)?;
                self.employee(*e)?;
                if self.responsibility(*s, *e).is_some() {
                    self.responsibilities.remove(&(*s, *e));
                    Ok(Value::Toggled(Toggled::Removed))
                } else {
                    self.require_active(*e)?;
                    self.put_responsibility(*s, *e, BTreeSet::new(), Period::default());
                    Ok(Value::Toggled(Toggled::Added))
                }
            }
            Op::AddResponsibility(s, e) => {
                self.subject_customer(*s)?;
                self.employee(*e)?;
                if self.responsibility(*s, *e).is_some() {
                    return Ok(Value::Added(false));
                }
                self.require_active(*e)?;
                self.put_responsibility(*s, *e, BTreeSet::new(), Period::default());
                Ok(Value::Added(true))
            }
            Op::RemoveResponsibility(s, e) => {
                self.existing_responsibility(*s, *e)?;
                self.responsibilities.remove(&(*s, *e));
                Ok(Value::Unit)
            }
            Op::SetRoles(s, e, roles) => {
                self.subject_customer(*s)?;
                self.employee(*e)?;
                let roles: BTreeSet<RoleId> = roles.iter().copied().collect();
                for role in &roles {
                    self.role_fits(*role, *s)?;
                }
                let current = self.responsibility(*s, *e).cloned();
                let adds = match &current {
                    None => true,
                    Some(r) => !roles.is_subset(&r.roles),
                };
                if adds {
                    self.require_active(*e)?;
                }
                let period = current.map(|r| r.period).unwrap_or_default();
                self.put_responsibility(*s, *e, roles, period);
                Ok(Value::Unit)
            }
            Op::AddRole(s, e, role) => {
                self.subject_customer(*s)?;
                self.employee(*e)?;
                self.role_fits(*role, *s)?;
                let current = self.responsibility(*s, *e).cloned();
                if current.as_ref().is_some_and(|r| r.roles.contains(role)) {
                    return Ok(Value::Unit);
                }
                self.require_active(*e)?;
                let (mut roles, period) = match current {
                    Some(r) => (r.roles, r.period),
                    None => (BTreeSet::new(), Period::default()),
                };
                roles.insert(*role);
                self.put_responsibility(*s, *e, roles, period);
                Ok(Value::Unit)
            }
            Op::RemoveRole(s, e, role) => {
                self.role(*role)?;
                let mut r = self.existing_responsibility(*s, *e)?;
                r.roles.remove(role);
                self.responsibilities.insert((*s, *e), r);
                Ok(Value::Unit)
            }
            Op::SetPeriod(s, e, period) => unit(self.set_period(*s, *e, *period)),
            Op::ClearPeriod(s, e) => unit(self.set_period(*s, *e, Period::default())),
            Op::SetResponsibility(s, e, roles, period) => {
                self.subject_customer(*s)?;
                self.employee(*e)?;
                check_period(period)?;
                let roles: BTreeSet<RoleId> = roles.iter().copied().collect();
                for role in &roles {
                    self.role_fits(*role, *s)?;
                }
                let adds = match self.responsibility(*s, *e) {
                    None => true,
                    Some(r) => !roles.is_subset(&r.roles),
                };
                if adds {
                    self.require_active(*e)?;
                }
                self.put_responsibility(*s, *e, roles, *period);
                Ok(Value::Unit)
            }
            Op::SetDefaultSeries(start, end) => {
                check_range(Some(*start), *end)?;
                let next = self.default_series.next_number.max(*start);
                self.default_series = DefaultSeries { start: *start, end: *end, next_number: next };
                Ok(Value::Unit)
            }
            Op::Revert { seq, force } => self.revert(*seq, *force),
            Op::Transaction { .. } | Op::HandoverAfter(..) | Op::Handover(_) | Op::BulkAfter(..) | Op::Bulk(_) => {
                self.apply(op)
            }
        }
    }

    fn update_employee(&mut self, id: EmployeeId, u: &vastuu::EmployeeUpdate) -> Result<()> {
        let mut e = self.employee(id)?.clone();
        if let Some(name) = &u.name {
            e.name = text::name(Field::EmployeeName, name)?;
        }
        if let Some(email) = &u.email {
            e.email = text::optional_email(email.as_deref())?;
        }
        if let Some(key) = &u.external_id {
            e.external_id = self.external_id(EntityKind::Employee, key.as_deref(), Some(id.into()))?;
        }
        if let Some(team) = u.team {
            if let Some(t) = team {
                self.team(t)?;
            }
            e.team = team;
        }
        if let Some(v) = u.sales_rights {
            e.sales_rights = v;
        }
        if let Some(v) = u.active {
            e.active = v;
        }
        if let Some(v) = u.sees_all {
            e.sees_all = v;
        }
        self.employees.insert(id, e);
        self.keep_leads_in_their_teams();
        Ok(())
    }

    /// Every team's leads that are no longer members of it (left it, or deleted) are leads no
    /// more.
    fn keep_leads_in_their_teams(&mut self) {
        for t in self.teams.values_mut() {
            t.leads.retain(|l| self.employees.get(l).is_some_and(|e| e.team == Some(t.id)));
        }
    }

    /// Makes `leads` the team's leads: the team first, then each lead by id must exist and be a
    /// member of the team.
    fn set_team_leads(&mut self, team: TeamId, leads: BTreeSet<EmployeeId>) -> Result<()> {
        self.team(team)?;
        for &l in &leads {
            if self.employee(l)?.team != Some(team) {
                return Err(Error::NotTeamMember { team, employee: l });
            }
        }
        if let Some(t) = self.teams.get_mut(&team) {
            t.leads = leads;
        }
        Ok(())
    }

    fn update_customer(&mut self, id: CustomerId, u: &vastuu::CustomerUpdate) -> Result<()> {
        let mut c = self.customer(id)?.clone();
        if let Some(name) = &u.name {
            c.name = text::name(Field::CustomerName, name)?;
        }
        if let Some(key) = &u.external_id {
            c.external_id = self.external_id(EntityKind::Customer, key.as_deref(), Some(id.into()))?;
        }
        if let Some(status) = u.status {
            c.status = status;
        }
        if let Some(archived) = u.archived {
            c.archived = archived;
        }
        self.customers.insert(id, c);
        Ok(())
    }

    fn update_project(&mut self, id: ProjectId, u: &vastuu::ProjectUpdate) -> Result<()> {
        let mut p = self.project(id)?.clone();
        if let Some(name) = &u.name {
            p.name = text::name(Field::ProjectName, name)?;
        }
        if let Some(archived) = u.archived {
            p.archived = archived;
        }
        if let Some(key) = &u.external_id {
            p.external_id = self.external_id(EntityKind::Project, key.as_deref(), Some(id.into()))?;
        }
        self.projects.insert(id, p);
        Ok(())
    }

    fn create_project(&mut self, customer: CustomerId, name: &str, key: Option<&str>) -> crate::op::Outcome {
        self.customer(customer)?;
        let name = text::name(Field::ProjectName, name)?;
        let external_id = self.external_id(EntityKind::Project, key, None)?;
        let id = ProjectId(self.next_ids.project);
        self.next_ids.project += 1;
        self.projects.insert(id, Project { external_id, id, customer, name, archived: false });
        Ok(Value::Created(id.into()))
    }

    fn check_new_salesperson(&self, employee: EmployeeId) -> Result<()> {
        let e = self.employee(employee)?;
        if !e.active {
            return Err(Error::EmployeeInactive { employee });
        }
        if !e.sales_rights {
            return Err(Error::NoSalesRights { employee });
        }
        Ok(())
    }

    fn salespeople(&self, current: &BTreeSet<EmployeeId>, wanted: &[EmployeeId]) -> Result<BTreeSet<EmployeeId>> {
        let mut out = BTreeSet::new();
        for e in wanted {
            self.employee(*e)?;
            if !current.contains(e) {
                self.check_new_salesperson(*e)?;
            }
            out.insert(*e);
        }
        Ok(out)
    }

    /// Makes the group's customers exactly `wanted`; returns those that joined it.
    fn set_members(
        &mut self,
        group: CustomerGroupId,
        name: &str,
        wanted: &[CustomerId],
        allow_move: bool,
    ) -> Result<Vec<CustomerId>> {
        for id in wanted {
            let c = self.customer(*id)?;
            if let Some(current) = c.group {
                if current != group && !allow_move {
                    return Err(Error::CustomerInOtherGroup {
                        customer: *id,
                        current,
                        current_name: self.group(current)?.name.clone(),
                        requested: group,
                        requested_name: name.to_owned(),
                    });
                }
            }
        }
        let mut joining = Vec::new();
        for c in self.customers.values_mut() {
            if wanted.contains(&c.id) {
                if c.group != Some(group) {
                    joining.push(c.id);
                }
                c.group = Some(group);
            } else if c.group == Some(group) {
                c.group = None;
            }
        }
        Ok(joining)
    }

    /// A default team as given, checked: each default's employee exists, then its roles exist
    /// and are customer roles, then the employee is not listed before.
    fn default_team(&self, team: &[GroupDefault]) -> Result<Vec<GroupDefault>> {
        for (i, d) in team.iter().enumerate() {
            self.employee(d.employee)?;
            for role in &d.roles {
                let r = self.role(*role)?;
                if r.scope != RoleScope::Customer {
                    return Err(Error::WrongRoleScope {
                        role: *role,
                        role_scope: r.scope,
                        needed: RoleScope::Customer,
                    });
                }
            }
            if team[..i].iter().any(|earlier| earlier.employee == d.employee) {
                return Err(Error::DuplicateGroupDefault { employee: d.employee });
            }
        }
        Ok(team.to_vec())
    }

    /// Gives a customer that joined `group` the group's default team: each active default as a
    /// bulk add of its roles with no dates would, the others nothing.
    fn give_defaults(&mut self, group: CustomerGroupId, customer: CustomerId) {
        let team = self.groups.get(&group).map(|g| g.default_team.clone()).unwrap_or_default();
        for d in team {
            if !self.employees.get(&d.employee).is_some_and(|e| e.active) {
                continue;
            }
            let current = self.responsibility(Subject::Customer(customer), d.employee).cloned();
            if let Ok(r) = self.add_one(customer, d.employee, current.as_ref(), &d.roles, &Period::default(), false) {
                self.responsibilities.insert((Subject::Customer(customer), d.employee), r);
            }
        }
    }

    fn join(&mut self, group: CustomerGroupId, customer: CustomerId, allow_move: bool) -> Result<()> {
        let requested_name = self.group(group)?.name.clone();
        let c = self.customer(customer)?;
        if let Some(current) = c.group {
            if current != group && !allow_move {
                return Err(Error::CustomerInOtherGroup {
                    customer,
                    current,
                    current_name: self.group(current)?.name.clone(),
                    requested: group,
                    requested_name,
                });
            }
        }
        let joins = self.customer(customer)?.group != Some(group);
        if let Some(c) = self.customers.get_mut(&customer) {
            c.group = Some(group);
        }
        if joins {
            self.give_defaults(group, customer);
        }
        Ok(())
    }

    fn set_special_members(&mut self, group: SpecialGroupId, wanted: &[CustomerId]) -> Result<()> {
        for id in wanted {
            self.customer(*id)?;
        }
        for c in self.customers.values_mut() {
            if wanted.contains(&c.id) {
                c.special_groups.insert(group);
            } else {
                c.special_groups.remove(&group);
            }
        }
        Ok(())
    }

    fn put_responsibility(&mut self, subject: Subject, employee: EmployeeId, roles: BTreeSet<RoleId>, period: Period) {
        self.responsibilities.insert((subject, employee), Responsibility { subject, employee, roles, period });
    }

    fn set_period(&mut self, subject: Subject, employee: EmployeeId, period: Period) -> Result<()> {
        check_period(&period)?;
        let mut r = self.existing_responsibility(subject, employee)?;
        r.period = period;
        self.responsibilities.insert((subject, employee), r);
        Ok(())
    }
}

fn cost_centers(codes: &[String]) -> Result<Vec<String>> {
    if codes.len() > 4 {
        return Err(Error::TooManyCostCenters { count: codes.len(), max: 4 });
    }
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        let code = text::name(Field::CostCenter, code)?;
        if out.contains(&code) {
            return Err(Error::DuplicateCostCenter { code });
        }
        out.push(code);
    }
    Ok(out)
}
