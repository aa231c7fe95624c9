//! Reverting a change set, as plainly as the model can: it keeps its state after every change
//! set, and a revert puts each entity that differs between the states before and after the
//! reverted change set back as it was before, checked against the current state.
//!
//! Where the library reads the states from its history, the model compares whole states; where
//! the library checks with its indexes, the model loops. The order of the checks is the
//! library's (entities in the order: teams, roles, employees, customer groups, special groups,
//! customers, projects, responsibilities, the default series), so that the first error found is
//! of the same kind.

use super::{text, Model, Result};
use crate::op::{Outcome, Value};
use std::collections::{BTreeMap, BTreeSet};
use vastuu::{
    Customer, CustomerGroup, CustomerGroupId, CustomerId, DefaultSeries, Employee, EmployeeId, EntityKind, EntityRef,
    Error, Project, ProjectId, Responsibility, Role, RoleId, SpecialGroup, SpecialGroupId, Subject, Team, TeamId,
};

/// The entities at one moment (after a change set).
#[derive(Clone, Debug, Default, PartialEq)]
#[allow(missing_docs)]
pub struct Snapshot {
    pub default_series: DefaultSeries,
    pub employees: BTreeMap<EmployeeId, Employee>,
    pub teams: BTreeMap<TeamId, Team>,
    pub roles: BTreeMap<RoleId, Role>,
    pub customers: BTreeMap<CustomerId, Customer>,
    pub projects: BTreeMap<ProjectId, Project>,
    pub groups: BTreeMap<CustomerGroupId, CustomerGroup>,
    pub special_groups: BTreeMap<SpecialGroupId, SpecialGroup>,
    pub responsibilities: BTreeMap<(Subject, EmployeeId), Responsibility>,
}

/// One entity, in the order the library checks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Team(TeamId),
    Role(RoleId),
    Employee(EmployeeId),
    Group(CustomerGroupId),
    Special(SpecialGroupId),
    Customer(CustomerId),
    Project(ProjectId),
    Responsibility(Subject, EmployeeId),
    Series,
}

/// An entity's value.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Team(Team),
    Role(Role),
    Employee(Employee),
    Group(CustomerGroup),
    Special(SpecialGroup),
    Customer(Customer),
    Project(Project),
    Responsibility(Responsibility),
    Series(DefaultSeries),
}

impl Target {
    fn entity(self) -> Option<EntityRef> {
        Some(match self {
            Target::Team(id) => id.into(),
            Target::Role(id) => id.into(),
            Target::Employee(id) => id.into(),
            Target::Group(id) => id.into(),
            Target::Special(id) => id.into(),
            Target::Customer(id) => id.into(),
            Target::Project(id) => id.into(),
            Target::Responsibility(..) | Target::Series => return None,
        })
    }
}

fn subject_target(subject: Subject) -> Target {
    match subject {
        Subject::Customer(c) => Target::Customer(c),
        Subject::Project(p) => Target::Project(p),
    }
}

impl Snapshot {
    fn get(&self, t: Target) -> Option<Val> {
        match t {
            Target::Team(id) => self.teams.get(&id).cloned().map(Val::Team),
            Target::Role(id) => self.roles.get(&id).cloned().map(Val::Role),
            Target::Employee(id) => self.employees.get(&id).cloned().map(Val::Employee),
            Target::Group(id) => self.groups.get(&id).cloned().map(Val::Group),
            Target::Special(id) => self.special_groups.get(&id).cloned().map(Val::Special),
            Target::Customer(id) => self.customers.get(&id).cloned().map(Val::Customer),
            Target::Project(id) => self.projects.get(&id).cloned().map(Val::Project),
            Target::Responsibility(s, e) => self.responsibilities.get(&(s, e)).cloned().map(Val::Responsibility),
            Target::Series => Some(Val::Series(self.default_series)),
        }
    }

    /// Every entity either state holds.
    fn targets(&self, other: &Snapshot) -> BTreeSet<Target> {
        let mut all = BTreeSet::from([Target::Series]);
        macro_rules! keys {
            ($($map:ident => $t:expr),*) => {$(
                all.extend(self.$map.keys().chain(other.$map.keys()).map(|k| $t(*k)));
            )*};
        }
        keys!(teams => Target::Team, roles => Target::Role, employees => Target::Employee, groups => Target::Group,
            special_groups => Target::Special, customers => Target::Customer, projects => Target::Project);
        all.extend(
            self.responsibilities
                .keys()
                .chain(other.responsibilities.keys())
                .map(|(s, e)| Target::Responsibility(*s, *e)),
        );
        all
    }

    /// The entities that differ between the two states.
    fn changed(&self, other: &Snapshot) -> BTreeSet<Target> {
        self.targets(other).into_iter().filter(|t| self.get(*t) != other.get(*t)).collect()
    }
}

impl Model {
    /// The entities as they are now.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            default_series: self.default_series,
            employees: self.employees.clone(),
            teams: self.teams.clone(),
            roles: self.roles.clone(),
            customers: self.customers.clone(),
            projects: self.projects.clone(),
            groups: self.groups.clone(),
            special_groups: self.special_groups.clone(),
            responsibilities: self.responsibilities.clone(),
        }
    }

    /// The state after change set `seq` (0: the state the model began with).
    fn state_at(&self, seq: u64) -> Snapshot {
        match seq.checked_sub(1).and_then(|i| self.states.get(usize::try_from(i).ok()?)) {
            Some(state) => (**state).clone(),
            None => (*self.initial).clone(),
        }
    }

    fn set(&mut self, t: Target, v: Option<Val>) {
        macro_rules! put {
            ($map:ident, $key:expr, $variant:ident) => {
                match v {
                    Some(Val::$variant(x)) => {
                        self.$map.insert($key, x);
                    }
                    _ => {
                        self.$map.remove(&$key);
                    }
                }
            };
        }
        match t {
            Target::Team(id) => put!(teams, id, Team),
            Target::Role(id) => put!(roles, id, Role),
            Target::Employee(id) => put!(employees, id, Employee),
            Target::Group(id) => put!(groups, id, Group),
            Target::Special(id) => put!(special_groups, id, Special),
            Target::Customer(id) => put!(customers, id, Customer),
            Target::Project(id) => put!(projects, id, Project),
            Target::Responsibility(s, e) => put!(responsibilities, (s, e), Responsibility),
            Target::Series => {
                if let Some(Val::Series(d)) = v {
                    self.default_series = d;
                }
            }
        }
    }

    /// Reverts change set `seq` (see `Directory::revert`).
    pub(super) fn revert(&mut self, seq: u64, force: bool) -> Outcome {
        if seq == 0 || seq > self.seq {
            return Err(Error::NoSuchChangeSet { seq, last_seq: self.seq });
        }
        if let Some(&reverts) = self.reverts.get(&seq) {
            return Err(Error::RevertOfRevert { seq, reverts });
        }
        if let Some((&by, _)) = self.reverts.iter().find(|(_, r)| **r == seq) {
            return Err(Error::AlreadyReverted { seq, by });
        }
        let (before, after) = (self.state_at(seq - 1), self.state_at(seq));
        let targets = before.changed(&after);
        if self.made_from_data {
            // An entity no earlier change set changed may have come with the data.
            let changed_before =
                (1..seq).any(|k| !self.state_at(k - 1).changed(&self.state_at(k)).is_disjoint(&targets));
            if !changed_before {
                return Err(Error::RevertStateUnknown { seq });
            }
        }
        let later: Vec<u64> = (seq + 1..=self.seq)
            .filter(|&k| !self.state_at(k - 1).changed(&self.state_at(k)).is_disjoint(&targets))
            .collect();
        if !later.is_empty() && !force {
            return Err(Error::RevertConflict { seq, later });
        }
        let now = self.snapshot();
        let mut puts = Vec::new();
        let mut deletes = Vec::new();
        for &t in &targets {
            let current = now.get(t);
            match before.get(t) {
                Some(mut was) => {
                    match (&mut was, &current) {
                        (Val::Group(g), Some(Val::Group(c))) => g.next_number = g.next_number.max(c.next_number),
                        (Val::Series(d), Some(Val::Series(c))) => d.next_number = d.next_number.max(c.next_number),
                        _ => {}
                    }
                    if current.as_ref() != Some(&was) {
                        puts.push((t, was));
                    }
                }
                None if current.is_some() => deletes.push(t),
                None => {}
            }
        }
        if puts.is_empty() && deletes.is_empty() {
            return Err(Error::NothingToRevert { seq });
        }
        self.check_keys(&puts)?;
        for &t in &targets {
            match before.get(t) {
                Some(was) => self.check_put(&was, &targets)?,
                None if now.get(t).is_some() => self.check_delete(t, &targets)?,
                None => {}
            }
        }
        // Every lead is a member of their team afterwards.
        let team_after = |e: EmployeeId| match (targets.contains(&Target::Employee(e)), before.get(Target::Employee(e)))
        {
            (true, Some(Val::Employee(was))) => was.team,
            (true, _) => None,
            (false, _) => self.employees.get(&e).and_then(|now| now.team),
        };
        for &t in &targets {
            match before.get(t) {
                Some(Val::Team(team)) => {
                    if let Some(&employee) = team.leads.iter().find(|lead| team_after(**lead) != Some(team.id)) {
                        return Err(Error::NotTeamMember { team: team.id, employee });
                    }
                }
                Some(Val::Employee(e)) => {
                    let now = self.employees.get(&e.id).and_then(|now| now.team);
                    let left = now.filter(|team| e.team != Some(*team) && !targets.contains(&Target::Team(*team)));
                    if let Some(team) =
                        left.filter(|team| self.teams.get(team).is_some_and(|t| t.leads.contains(&e.id)))
                    {
                        return Err(Error::NotTeamMember { team, employee: e.id });
                    }
                }
                _ => {}
            }
        }
        for (t, v) in puts {
            self.set(t, Some(v));
        }
        for t in deletes {
            self.set(t, None);
        }
        self.reverts.insert(self.seq + 1, seq);
        Ok(Value::Number(self.seq + 1))
    }

    /// A name, external id or customer number put back that another entity holds now.
    fn check_keys(&self, puts: &[(Target, Val)]) -> Result<()> {
        let dup =
            |kind, name: &str, existing: EntityRef| Error::DuplicateName { kind, name: name.to_owned(), existing };
        for (_, v) in puts {
            let keyed = match v {
                Val::Employee(e) => Some((EntityKind::Employee, &e.external_id, EntityRef::from(e.id))),
                Val::Customer(c) => Some((EntityKind::Customer, &c.external_id, c.id.into())),
                Val::Project(p) => Some((EntityKind::Project, &p.external_id, p.id.into())),
                Val::Group(g) => Some((EntityKind::CustomerGroup, &g.external_id, g.id.into())),
                _ => None,
            };
            if let Some((kind, Some(key), id)) = keyed {
                if let Some(existing) = self.key_holder(kind, key).filter(|holder| *holder != id) {
                    return Err(Error::DuplicateExternalId { kind, external_id: key.clone(), existing });
                }
            }
            match v {
                Val::Team(t) => {
                    if let Some(o) = self.teams.values().find(|o| o.id != t.id && text::same_name(&o.name, &t.name)) {
                        return Err(dup(EntityKind::Team, &t.name, o.id.into()));
                    }
                }
                Val::Role(r) => {
                    let same = |o: &&Role| o.id != r.id && o.scope == r.scope && text::same_name(&o.name, &r.name);
                    if let Some(o) = self.roles.values().find(same) {
                        return Err(dup(EntityKind::Role, &r.name, o.id.into()));
                    }
                }
                Val::Group(g) => {
                    if let Some(o) = self.groups.values().find(|o| o.id != g.id && text::same_name(&o.name, &g.name)) {
                        return Err(dup(EntityKind::CustomerGroup, &g.name, o.id.into()));
                    }
                }
                Val::Special(g) => {
                    let same = |o: &&SpecialGroup| o.id != g.id && text::same_name(&o.name, &g.name);
                    if let Some(o) = self.special_groups.values().find(same) {
                        return Err(dup(EntityKind::SpecialGroup, &g.name, o.id.into()));
                    }
                }
                Val::Customer(c) => {
                    let put_back = |id: CustomerId| puts.iter().any(|(t, _)| *t == Target::Customer(id));
                    if let Some(number) = c.number {
                        match self.holder_of(number) {
                            Some(holder) if holder != c.id && !put_back(holder) => {
                                return Err(Error::DuplicateCustomerNumber { number, holder });
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The entities a value put back refers to exist (as they are now, or put back too).
    fn check_put(&self, v: &Val, targets: &BTreeSet<Target>) -> Result<()> {
        let now = self.snapshot();
        let exists = |t: Target| match t.entity() {
            Some(entity) if !targets.contains(&t) && now.get(t).is_none() => Err(Error::NotFound(entity)),
            _ => Ok(()),
        };
        match v {
            Val::Employee(e) => e.team.map_or(Ok(()), |t| exists(Target::Team(t)))?,
            Val::Team(t) => t.leads.iter().try_for_each(|e| exists(Target::Employee(*e)))?,
            Val::Customer(c) => {
                c.group.map_or(Ok(()), |g| exists(Target::Group(g)))?;
                c.special_groups.iter().try_for_each(|g| exists(Target::Special(*g)))?;
            }
            Val::Project(p) => exists(Target::Customer(p.customer))?,
            Val::Group(g) => {
                g.salespeople.iter().try_for_each(|e| exists(Target::Employee(*e)))?;
                g.default_team.iter().try_for_each(|d| exists(Target::Employee(d.employee)))?;
                g.default_team.iter().flat_map(|d| &d.roles).try_for_each(|r| exists(Target::Role(*r)))?;
            }
            Val::Responsibility(r) => {
                exists(subject_target(r.subject))?;
                exists(Target::Employee(r.employee))?;
                super::check_period(&r.period)?;
                for role in &r.roles {
                    if !targets.contains(&Target::Role(*role)) {
                        self.role_fits(*role, r.subject)?;
                    }
                }
            }
            Val::Role(_) | Val::Special(_) | Val::Series(_) => {}
        }
        Ok(())
    }

    /// Nothing the revert leaves as it is refers to an entity it deletes.
    fn check_delete(&self, t: Target, targets: &BTreeSet<Target>) -> Result<()> {
        let kept = |t: Target| !targets.contains(&t);
        let held = |pred: &dyn Fn(&(Subject, EmployeeId)) -> bool| {
            self.responsibilities.keys().any(|k| pred(k) && kept(Target::Responsibility(k.0, k.1)))
        };
        let referenced =
            |by: bool, entity: EntityRef| if by { Err(Error::Referenced { entity, by: entity }) } else { Ok(()) };
        match t {
            Target::Employee(id) => {
                referenced(held(&|k| k.1 == id), id.into())?;
                referenced(
                    self.groups.values().any(|g| g.salespeople.contains(&id) && kept(Target::Group(g.id))),
                    id.into(),
                )?;
                referenced(self.teams.values().any(|x| x.leads.contains(&id) && kept(Target::Team(x.id))), id.into())?;
                let default = |g: &CustomerGroup| g.default_team.iter().any(|d| d.employee == id);
                referenced(self.groups.values().any(|g| default(g) && kept(Target::Group(g.id))), id.into())
            }
            Target::Team(id) => referenced(
                self.employees.values().any(|e| e.team == Some(id) && kept(Target::Employee(e.id))),
                id.into(),
            ),
            Target::Role(id) => {
                let responsibilities = self
                    .responsibilities
                    .values()
                    .filter(|r| r.roles.contains(&id) && kept(Target::Responsibility(r.subject, r.employee)))
                    .count();
                if responsibilities > 0 {
                    return Err(Error::RoleInUse { role: id, responsibilities });
                }
                let default = |g: &CustomerGroup| g.default_team.iter().any(|d| d.roles.contains(&id));
                referenced(self.groups.values().any(|g| default(g) && kept(Target::Group(g.id))), id.into())
            }
            Target::Customer(id) => {
                let projects: Vec<ProjectId> = self
                    .projects
                    .values()
                    .filter(|p| p.customer == id && kept(Target::Project(p.id)))
                    .map(|p| p.id)
                    .collect();
                if !projects.is_empty() {
                    return Err(Error::CustomerHasProjects { customer: id, projects });
                }
                referenced(held(&|k| k.0 == Subject::Customer(id)), id.into())
            }
            Target::Project(id) => referenced(held(&|k| k.0 == Subject::Project(id)), id.into()),
            Target::Group(id) => referenced(
                self.customers.values().any(|c| c.group == Some(id) && kept(Target::Customer(c.id))),
                id.into(),
            ),
            Target::Special(id) => {
                let member = |c: &Customer| c.special_groups.contains(&id) && kept(Target::Customer(c.id));
                referenced(self.customers.values().any(member), id.into())
            }
            Target::Responsibility(..) | Target::Series => Ok(()),
        }
    }
}
