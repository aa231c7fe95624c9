//! Employees and teams.

use super::{check_unique, put_employee_if_changed, Plan};
use crate::error::Field;
use crate::model::{Change, Employee, EmployeeId, EmployeeUpdate, EntityKind, NewEmployee, Team, TeamId};
use crate::state::State;
use crate::text;
use std::collections::BTreeSet;

/// Creates an employee.
pub(crate) fn create(s: &State, new: &NewEmployee) -> Plan<EmployeeId> {
    let name = text::name(Field::EmployeeName, &new.name)?;
    let email = text::optional_email(new.email.as_deref())?;
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
        external_id: None,
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
    if let Some(team) = update.team {
        if let Some(t) = team {
            s.team(t)?;
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
    Ok((put_employee_if_changed(s, e), ()))
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
