//! Employees and teams.

use super::{check_unique, external_id, put_employee_if_changed, Plan};
use crate::error::{Error, Field, Result};
use crate::model::{Change, Employee, EmployeeId, EmployeeUpdate, EntityKind, NewEmployee, Team, TeamId};
use crate::state::State;
use crate::text;
use std::collections::BTreeSet;

/// Creates an employee.
pub(crate) fn create(s: &State, new: &NewEmployee) -> Plan<EmployeeId> {
    let name = text::name(Field::EmployeeName, &new.name)?;
    let email = text::optional_email(new.email.as_deref())?;
    let external_id = external_id(s, EntityKind::Employee, new.external_id.as_deref(), None)?;
    if let Some(team) = new.team {
        s.team(team)?;
    }
    let id = s.next_ids().employee_id()?;
    let e = Employee {
        id,
        name,
        email,
        team: new.team,
        sales_rights: new.sales_rights,
        active: new.active,
        sees_all: new.sees_all,
        external_id,
    };
    Ok((vec![Change::PutEmployee(e)], id))
}

/// Changes an employee's fields.
pub(crate) fn update(s: &State, id: EmployeeId, update: &EmployeeUpdate) -> Plan<()> {
    let mut e = s.employee(id)?.clone();
    if let Some(name) = &update.name {
        e.name = text::name(Field::EmployeeName, name)?;
    }
    if let Some(email) = &update.email {
        e.email = text::optional_email(email.as_deref())?;
    }
    if let Some(key) = &update.external_id {
        e.external_id = external_id(s, EntityKind::Employee, key.as_deref(), Some(id.into()))?;
    }
    let mut changes = Vec::new();
    if let Some(team) = update.team {
        if let Some(t) = team {
            s.team(t)?;
        }
        if e.team != team {
            // Leaving a team ends leading it.
            changes.extend(without_lead(s, id)?);
        }
        e.team = team;
    }
    if let Some(v) = update.sales_rights {
        e.sales_rights = v;
    }
    if let Some(v) = update.active {
        e.active = v;
    }
    if let Some(v) = update.sees_all {
        e.sees_all = v;
    }
    changes.splice(0..0, put_employee_if_changed(s, e));
    Ok((changes, ()))
}

/// Deletes an employee with their responsibilities, salesperson places and places in default
/// teams.
pub(crate) fn delete(s: &State, id: EmployeeId) -> Plan<()> {
    s.employee(id)?;
    let mut changes: Vec<Change> =
        s.subjects_of(id).map(|subject| Change::DeleteResponsibility { subject, employee: id }).collect();
    // By group id; a group the employee both sells and is a default of is put once.
    for g in s.customer_groups() {
        let in_team = g.default_team.iter().any(|d| d.employee == id);
        if in_team || g.salespeople.contains(&id) {
            let mut g = g.clone();
            g.salespeople.remove(&id);
            g.default_team.retain(|d| d.employee != id);
            changes.push(Change::PutCustomerGroup(g));
        }
    }
    changes.extend(without_lead(s, id)?);
    changes.push(Change::DeleteEmployee(id));
    Ok((changes, ()))
}

/// Creates a team.
pub(crate) fn create_team(s: &State, name: &str) -> Plan<TeamId> {
    let name = text::name(Field::TeamName, name)?;
    check_unique(EntityKind::Team, &name, s.team_named(&name), None)?;
    let id = s.next_ids().team_id()?;
    Ok((vec![Change::PutTeam(Team { id, name, leads: BTreeSet::new() })], id))
}

/// Renames a team.
pub(crate) fn rename_team(s: &State, id: TeamId, name: &str) -> Plan<()> {
    let old = s.team(id)?;
    let name = text::name(Field::TeamName, name)?;
    check_unique(EntityKind::Team, &name, s.team_named(&name), Some(id))?;
    if old.name == name {
        return Ok((Vec::new(), ()));
    }
    Ok((vec![Change::PutTeam(Team { id, name, leads: old.leads.clone() })], ()))
}

/// Deletes a team; its members are left without one.
pub(crate) fn delete_team(s: &State, id: TeamId) -> Plan<()> {
    s.team(id)?;
    let mut changes = Vec::new();
    for member in s.team_members(id) {
        let mut e = s.employee(member)?.clone();
        e.team = None;
        changes.push(Change::PutEmployee(e));
    }
    changes.push(Change::DeleteTeam(id));
    Ok((changes, ()))
}

/// The employee's team with the employee no longer among its leads, when they lead it.
fn without_lead(s: &State, id: EmployeeId) -> Result<Option<Change>> {
    let Some(team) = s.employee(id)?.team else { return Ok(None) };
    let t = s.team(team)?;
    if !t.leads.contains(&id) {
        return Ok(None);
    }
    let mut t = t.clone();
    t.leads.remove(&id);
    Ok(Some(Change::PutTeam(t)))
}

/// Makes `leads` the team's leads (the whole set), each of whom must be a member of the team.
pub(crate) fn set_team_leads(s: &State, id: TeamId, leads: &BTreeSet<EmployeeId>) -> Plan<()> {
    let old = s.team(id)?;
    for &lead in leads {
        if s.employee(lead)?.team != Some(id) {
            return Err(Error::NotTeamMember { team: id, employee: lead });
        }
    }
    if old.leads == *leads {
        return Ok((Vec::new(), ()));
    }
    Ok((vec![Change::PutTeam(Team { id, name: old.name.clone(), leads: leads.clone() })], ()))
}

/// Adds one lead to the team (a member of it); nothing changes when they already lead it.
pub(crate) fn add_team_lead(s: &State, id: TeamId, lead: EmployeeId) -> Plan<()> {
    let mut leads = s.team(id)?.leads.clone();
    leads.insert(lead);
    set_team_leads(s, id, &leads)
}

/// Removes one lead from the team; nothing changes when they do not lead it.
pub(crate) fn remove_team_lead(s: &State, id: TeamId, lead: EmployeeId) -> Plan<()> {
    let mut leads = s.team(id)?.leads.clone();
    s.employee(lead)?;
    leads.remove(&lead);
    set_team_leads(s, id, &leads)
}
