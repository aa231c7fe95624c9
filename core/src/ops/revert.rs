//! Reverting a change set: the compensating changes that put back, for every entity a change set
//! touched, its state from just before that change set, and the rules they must keep.
//!
//! The states before are found by the directory (`directory/revert.rs`) from the history; here
//! they are turned into changes against the current state ([`compensate`]) and checked against
//! it before anything is applied: that no name or customer number they put back is held by
//! another entity ([`check_keys`]), that every entity they put back refers only to entities that
//! exist, and that nothing refers to one they delete ([`check_references`]).

use crate::error::{Error, Result};
use crate::model::{
    Change, CustomerGroupId, CustomerId, EmployeeId, EntityKind, EntityRef, ProjectId, RoleId, SpecialGroupId, Subject,
    TeamId,
};
use crate::state::State;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What reverting a change set would do: the preview
/// [`Directory::plan_revert`](crate::Directory::plan_revert) gives and
/// [`Directory::revert`](crate::Directory::revert) applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevertPlan {
    /// The change set to revert.
    pub seq: u64,
    /// The compensating changes: each entity it changed put back as it was just before it, or
    /// deleted when it did not exist then (empty when everything already is as it was).
    pub changes: Vec<Change>,
    /// The later change sets that changed the same entities, oldest first: a revert is refused
    /// while there are any, unless forced (which undoes their edits of those entities too).
    pub later: Vec<u64>,
}

/// One entity a change can touch, in the order compensating puts are made (what an entity
/// refers to comes before it; deletes go in the opposite order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Target {
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

impl Target {
    /// The entity a change puts or deletes.
    pub(crate) fn of(change: &Change) -> Target {
        match change {
            Change::PutEmployee(x) => Target::Employee(x.id),
            Change::DeleteEmployee(id) => Target::Employee(*id),
            Change::PutTeam(x) => Target::Team(x.id),
            Change::DeleteTeam(id) => Target::Team(*id),
            Change::PutRole(x) => Target::Role(x.id),
            Change::DeleteRole(id) => Target::Role(*id),
            Change::PutCustomer(x) => Target::Customer(x.id),
            Change::DeleteCustomer(id) => Target::Customer(*id),
            Change::PutProject(x) => Target::Project(x.id),
            Change::DeleteProject(id) => Target::Project(*id),
            Change::PutCustomerGroup(x) => Target::Group(x.id),
            Change::DeleteCustomerGroup(id) => Target::Group(*id),
            Change::PutSpecialGroup(x) => Target::Special(x.id),
            Change::DeleteSpecialGroup(id) => Target::Special(*id),
            Change::PutResponsibility(r) => Target::Responsibility(r.subject, r.employee),
            Change::DeleteResponsibility { subject, employee } => Target::Responsibility(*subject, *employee),
            Change::SetDefaultSeries(_) => Target::Series,
        }
    }

    /// The history key every change set changing the entity is filed under (a responsibility's
    /// under its employee); the default series has none.
    pub(crate) fn key(self) -> Option<EntityRef> {
        Some(match self {
            Target::Team(id) => id.into(),
            Target::Role(id) => id.into(),
            Target::Employee(id) => id.into(),
            Target::Group(id) => id.into(),
            Target::Special(id) => id.into(),
            Target::Customer(id) => id.into(),
            Target::Project(id) => id.into(),
            Target::Responsibility(_, employee) => employee.into(),
            Target::Series => return None,
        })
    }

    /// The entity's id, for the entities that have one (not a responsibility or the series).
    pub(crate) fn entity(self) -> Option<EntityRef> {
        match self {
            Target::Responsibility(..) | Target::Series => None,
            other => other.key(),
        }
    }

    /// The change that deletes the entity (the default series cannot be deleted).
    pub(crate) fn delete(self) -> Option<Change> {
        Some(match self {
            Target::Team(id) => Change::DeleteTeam(id),
            Target::Role(id) => Change::DeleteRole(id),
            Target::Employee(id) => Change::DeleteEmployee(id),
            Target::Group(id) => Change::DeleteCustomerGroup(id),
            Target::Special(id) => Change::DeleteSpecialGroup(id),
            Target::Customer(id) => Change::DeleteCustomer(id),
            Target::Project(id) => Change::DeleteProject(id),
            Target::Responsibility(subject, employee) => Change::DeleteResponsibility { subject, employee },
            Target::Series => return None,
        })
    }

    /// The entity's current state as the change that puts it (`None`: it does not exist).
    fn current(self, s: &State) -> Option<Change> {
        match self {
            Target::Team(id) => s.team(id).ok().map(|x| Change::PutTeam(x.clone())),
            Target::Role(id) => s.role(id).ok().map(|x| Change::PutRole(x.clone())),
            Target::Employee(id) => s.employee(id).ok().map(|x| Change::PutEmployee(x.clone())),
            Target::Group(id) => s.customer_group(id).ok().map(|x| Change::PutCustomerGroup(x.clone())),
            Target::Special(id) => s.special_group(id).ok().map(|x| Change::PutSpecialGroup(x.clone())),
            Target::Customer(id) => s.customer(id).ok().map(|x| Change::PutCustomer(x.clone())),
            Target::Project(id) => s.project(id).ok().map(|x| Change::PutProject(x.clone())),
            Target::Responsibility(subject, employee) => {
                s.responsibility(subject, employee).map(|x| Change::PutResponsibility(x.clone()))
            }
            Target::Series => Some(Change::SetDefaultSeries(s.default_series())),
        }
    }
}

/// The entities `changes` touch, each once, in order.
pub(crate) fn targets(changes: &[Change]) -> Vec<Target> {
    let mut seen = BTreeSet::new();
    changes.iter().map(Target::of).filter(|t| seen.insert(*t)).collect()
}

/// The state `changes` leave `target` in, if they touch it: `Some(Some(put))` or `Some(None)`
/// (deleted).
pub(crate) fn image(changes: &[Change], target: Target) -> Option<Option<Change>> {
    let last = changes.iter().rev().find(|c| Target::of(c) == target)?;
    Some(if target.delete().as_ref() == Some(last) { None } else { Some(last.clone()) })
}

/// The changes that put each target back in its state `before` (a put, or `None`: it did not
/// exist), against the current state: puts in dependency order, then deletes in the opposite
/// order; an entity already in that state is left alone. Numbering counters never move back:
/// a customer group or the default series put back keeps the higher of the two counters.
pub(crate) fn compensate(s: &State, before: &[(Target, Option<Change>)]) -> Vec<Change> {
    let mut before = before.to_vec();
    before.sort_by_key(|(t, _)| *t);
    let mut puts = Vec::new();
    let mut deletes = Vec::new();
    for (target, was) in before {
        let now = target.current(s);
        match was {
            Some(mut put) => {
                match (&mut put, &now) {
                    (Change::PutCustomerGroup(g), Some(Change::PutCustomerGroup(current))) => {
                        g.next_number = g.next_number.max(current.next_number);
                    }
                    (Change::SetDefaultSeries(d), Some(Change::SetDefaultSeries(current))) => {
                        d.next_number = d.next_number.max(current.next_number);
                    }
                    _ => {}
                }
                if now.as_ref() != Some(&put) {
                    puts.push(put);
                }
            }
            None if now.is_some() => deletes.extend(target.delete()),
            None => {}
        }
    }
    deletes.reverse();
    puts.extend(deletes);
    puts
}

/// Refuses compensating puts whose unique name, external id or customer number another entity holds now
/// (checked before they are applied, while the index still says who holds what). A name held by
/// another entity the revert also changes is refused too: putting names back across entities
/// (a swap) is not worked out.
pub(crate) fn check_keys(s: &State, changes: &[Change]) -> Result<()> {
    let customers: Vec<CustomerId> = changes
        .iter()
        .filter_map(|c| match Target::of(c) {
            Target::Customer(id) => Some(id),
            _ => None,
        })
        .collect();
    let unique = |kind: EntityKind, name: &str, holder: Option<EntityRef>, id: EntityRef| match holder {
        Some(existing) if existing != id => Err(Error::DuplicateName { kind, name: name.to_owned(), existing }),
        _ => Ok(()),
    };
    for change in changes {
        let keyed = match change {
            Change::PutEmployee(e) => Some((EntityKind::Employee, e.external_id.as_deref(), EntityRef::from(e.id))),
            Change::PutCustomer(c) => Some((EntityKind::Customer, c.external_id.as_deref(), c.id.into())),
            Change::PutProject(p) => Some((EntityKind::Project, p.external_id.as_deref(), p.id.into())),
            Change::PutCustomerGroup(g) => Some((EntityKind::CustomerGroup, g.external_id.as_deref(), g.id.into())),
            _ => None,
        };
        if let Some((kind, Some(key), id)) = keyed {
            super::key_free(s, kind, key, Some(id))?;
        }
        match change {
            Change::PutTeam(t) => {
                unique(EntityKind::Team, &t.name, s.team_named(&t.name).map(Into::into), t.id.into())?
            }
            Change::PutRole(r) => {
                unique(EntityKind::Role, &r.name, s.role_named(r.scope, &r.name).map(Into::into), r.id.into())?;
            }
            Change::PutCustomerGroup(g) => {
                unique(EntityKind::CustomerGroup, &g.name, s.group_named(&g.name).map(Into::into), g.id.into())?;
            }
            Change::PutSpecialGroup(g) => {
                let holder = s.special_group_named(&g.name).map(Into::into);
                unique(EntityKind::SpecialGroup, &g.name, holder, g.id.into())?;
            }
            Change::PutCustomer(c) => {
                let holder = c.number.and_then(|n| s.customer_with_number(n));
                if let (Some(number), Some(holder)) = (c.number, holder) {
                    // Another customer the revert also puts back gives its number up.
                    if holder != c.id && !customers.contains(&holder) {
                        return Err(Error::DuplicateCustomerNumber { number, holder });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn subject_ref(subject: Subject) -> EntityRef {
    match subject {
        Subject::Customer(c) => c.into(),
        Subject::Project(p) => p.into(),
    }
}

fn subject_target(subject: Subject) -> Target {
    match subject {
        Subject::Customer(c) => Target::Customer(c),
        Subject::Project(p) => Target::Project(p),
    }
}

/// The compensating changes' references, checked against the current state before they are
/// applied. The states put back are all from one moment (just before the reverted change set),
/// when they kept every rule; so an entity they refer to that the revert also puts back is
/// there, and one it deletes was referred to by none of them. What is left to check is the
/// entities the revert leaves as they are: every one a put-back entity refers to must exist now
/// (else [`Error::NotFound`] of it; a role of the other scope is [`Error::RoleScopeMismatch`]),
/// and none may refer to an entity the revert deletes ([`Error::Referenced`],
/// [`Error::CustomerHasProjects`], [`Error::RoleInUse`]). Forced, a revert puts back states older
/// than what later change sets made, so one rule across entities is checked on the result too:
/// team leads are members ([`Error::NotTeamMember`]).
pub(crate) fn check_references(s: &State, before: &[(Target, Option<Change>)]) -> Result<()> {
    let targets: BTreeSet<Target> = before.iter().map(|(t, _)| *t).collect();
    let exists = |target: Target| -> Result<()> {
        match target.key() {
            Some(entity) if !targets.contains(&target) && target.current(s).is_none() => Err(Error::NotFound(entity)),
            _ => Ok(()),
        }
    };
    for (target, was) in before {
        match was {
            Some(put) => check_put(s, put, &targets, &exists)?,
            None if target.current(s).is_some() => check_delete(s, *target, &targets)?,
            None => {}
        }
    }
    check_leads(s, before, &targets)
}

/// Every lead of a team is a member of it after the revert. A forced revert can put back a team
/// whose lead has left it since, or an employee outside the team that leads it now: either is
/// [`Error::NotTeamMember`].
fn check_leads(s: &State, before: &[(Target, Option<Change>)], targets: &BTreeSet<Target>) -> Result<()> {
    let team_after = |e: EmployeeId| match before.iter().find(|(t, _)| *t == Target::Employee(e)) {
        Some((_, Some(Change::PutEmployee(put)))) => put.team,
        Some(_) => None,
        None => s.employee(e).ok().and_then(|now| now.team),
    };
    for (_, was) in before {
        match was {
            Some(Change::PutTeam(t)) => {
                if let Some(&employee) = t.leads.iter().find(|lead| team_after(**lead) != Some(t.id)) {
                    return Err(Error::NotTeamMember { team: t.id, employee });
                }
            }
            Some(Change::PutEmployee(e)) => {
                let now = s.employee(e.id).ok().and_then(|now| now.team);
                let left = now.filter(|team| e.team != Some(*team) && !targets.contains(&Target::Team(*team)));
                if let Some(team) = left.filter(|team| s.team(*team).is_ok_and(|t| t.leads.contains(&e.id))) {
                    return Err(Error::NotTeamMember { team, employee: e.id });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_put(
    s: &State,
    put: &Change,
    targets: &BTreeSet<Target>,
    exists: &impl Fn(Target) -> Result<()>,
) -> Result<()> {
    match put {
        Change::PutEmployee(e) => e.team.map_or(Ok(()), |t| exists(Target::Team(t)))?,
        Change::PutTeam(t) => t.leads.iter().try_for_each(|e| exists(Target::Employee(*e)))?,
        Change::PutCustomer(c) => {
            c.group.map_or(Ok(()), |g| exists(Target::Group(g)))?;
            c.special_groups.iter().try_for_each(|g| exists(Target::Special(*g)))?;
        }
        Change::PutProject(p) => exists(Target::Customer(p.customer))?,
        Change::PutCustomerGroup(g) => {
            let employees = g.salespeople.iter().chain(g.default_team.iter().map(|d| &d.employee));
            employees.into_iter().try_for_each(|e| exists(Target::Employee(*e)))?;
            g.default_team.iter().flat_map(|d| &d.roles).try_for_each(|r| exists(Target::Role(*r)))?;
        }
        Change::PutResponsibility(r) => {
            exists(subject_target(r.subject))?;
            exists(Target::Employee(r.employee))?;
            r.period.validate()?;
            for role in &r.roles {
                if !targets.contains(&Target::Role(*role)) {
                    s.check_role_fits(*role, r.subject)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Refuses deleting `target` while an entity the revert leaves as it is refers to it.
fn check_delete(s: &State, target: Target, targets: &BTreeSet<Target>) -> Result<()> {
    let kept = |t: &Target| !targets.contains(t);
    let by = |entity: EntityRef, referrer: Option<EntityRef>| match referrer {
        Some(by) => Err(Error::Referenced { entity, by }),
        None => Ok(()),
    };
    match target {
        Target::Employee(id) => {
            let held = s.subjects_of(id).find(|sub| kept(&Target::Responsibility(*sub, id)));
            by(id.into(), held.map(subject_ref))?;
            let sells = s.groups_sold_by(id).iter().find(|g| kept(&Target::Group(**g)));
            by(id.into(), sells.map(|g| (*g).into()))?;
            let leads = s.teams().find(|t| t.leads.contains(&id) && kept(&Target::Team(t.id)));
            by(id.into(), leads.map(|t| t.id.into()))?;
            let default = s
                .customer_groups()
                .find(|g| g.default_team.iter().any(|d| d.employee == id) && kept(&Target::Group(g.id)));
            by(id.into(), default.map(|g| g.id.into()))
        }
        Target::Team(id) => {
            let member = s.team_members(id).find(|e| kept(&Target::Employee(*e)));
            by(id.into(), member.map(Into::into))
        }
        Target::Role(id) => {
            let responsibilities =
                s.role_holders(id).filter(|(sub, e)| kept(&Target::Responsibility(*sub, *e))).count();
            if responsibilities > 0 {
                return Err(Error::RoleInUse { role: id, responsibilities });
            }
            let default = s
                .customer_groups()
                .find(|g| g.default_team.iter().any(|d| d.roles.contains(&id)) && kept(&Target::Group(g.id)));
            by(id.into(), default.map(|g| g.id.into()))
        }
        Target::Customer(id) => {
            let of = s.projects_of(id).map(|of| of.ids().to_vec()).unwrap_or_default();
            let projects: Vec<ProjectId> = of.into_iter().filter(|p| kept(&Target::Project(*p))).collect();
            if !projects.is_empty() {
                return Err(Error::CustomerHasProjects { customer: id, projects });
            }
            let subject = Subject::Customer(id);
            let holder = s.responsible_employees(subject).find(|e| kept(&Target::Responsibility(subject, *e)));
            by(id.into(), holder.map(Into::into))
        }
        Target::Project(id) => {
            let subject = Subject::Project(id);
            let holder = s.responsible_employees(subject).find(|e| kept(&Target::Responsibility(subject, *e)));
            by(id.into(), holder.map(Into::into))
        }
        Target::Group(id) => {
            let member = s.group_members(id).find(|c| kept(&Target::Customer(*c)));
            by(id.into(), member.map(Into::into))
        }
        Target::Special(id) => {
            let members = s.special_members(id).into_iter().flatten();
            let member = members.into_iter().find(|c| kept(&Target::Customer(**c)));
            by(id.into(), member.map(|c| (*c).into()))
        }
        Target::Responsibility(..) | Target::Series => Ok(()),
    }
}
