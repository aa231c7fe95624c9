//! Responsibilities: toggling, roles, validity periods.

use super::Plan;
use crate::error::Result;
use crate::model::{Change, EmployeeId, Period, Responsibility, RoleId, Subject, Toggled};
use crate::state::State;
use std::collections::BTreeSet;

/// Checks that the subject and the employee exist.
fn check_pair(s: &State, subject: Subject, employee: EmployeeId) -> Result<()> {
    s.subject_customer(subject)?;
    s.employee(employee)?;
    Ok(())
}

/// The roles, checked against the subject's scope.
fn fitting_roles(s: &State, subject: Subject, roles: &[RoleId]) -> Result<BTreeSet<RoleId>> {
    let roles: BTreeSet<RoleId> = roles.iter().copied().collect();
    for &role in &roles {
        s.check_role_fits(role, subject)?;
    }
    Ok(roles)
}

/// A matrix click: removes the responsibility if it exists, otherwise creates a plain one.
pub(crate) fn toggle(s: &State, subject: Subject, employee: EmployeeId, out: &mut Vec<Change>) -> Result<Toggled> {
    check_pair(s, subject, employee)?;
    if s.responsibility(subject, employee).is_some() {
        out.push(Change::DeleteResponsibility { subject, employee });
        Ok(Toggled::Removed)
    } else {
        s.require_active(employee)?;
        out.push(Change::PutResponsibility(Responsibility::plain(subject, employee)));
        Ok(Toggled::Added)
    }
}

/// Makes the employee responsible (no roles, no period) unless they already are.
pub(crate) fn add(s: &State, subject: Subject, employee: EmployeeId, out: &mut Vec<Change>) -> Result<bool> {
    check_pair(s, subject, employee)?;
    if s.responsibility(subject, employee).is_some() {
        return Ok(false);
    }
    s.require_active(employee)?;
    out.push(Change::PutResponsibility(Responsibility::plain(subject, employee)));
    Ok(true)
}

/// Removes an existing responsibility with its roles.
pub(crate) fn remove(s: &State, subject: Subject, employee: EmployeeId, out: &mut Vec<Change>) -> Result<()> {
    s.existing_responsibility(subject, employee)?;
    out.push(Change::DeleteResponsibility { subject, employee });
    Ok(())
}

/// Replaces the roles held (making the employee responsible if they were not).
pub(crate) fn set_roles(s: &State, subject: Subject, employee: EmployeeId, roles: &[RoleId]) -> Plan<()> {
    check_pair(s, subject, employee)?;
    let roles = fitting_roles(s, subject, roles)?;
    let current = s.responsibility(subject, employee);
    if current.is_none_or(|r| !roles.is_subset(&r.roles)) {
        s.require_active(employee)?;
    }
    if current.is_some_and(|c| c.roles == roles) {
        return Ok((Vec::new(), ()));
    }
    let mut r = current.cloned().unwrap_or_else(|| Responsibility::plain(subject, employee));
    r.roles = roles;
    Ok((vec![Change::PutResponsibility(r)], ()))
}

/// Adds one role (making the employee responsible if they were not).
pub(crate) fn add_role(s: &State, subject: Subject, employee: EmployeeId, role: RoleId) -> Plan<()> {
    check_pair(s, subject, employee)?;
    s.check_role_fits(role, subject)?;
    let current = s.responsibility(subject, employee);
    if current.is_some_and(|r| r.roles.contains(&role)) {
        return Ok((Vec::new(), ()));
    }
    s.require_active(employee)?;
    let mut r = current.cloned().unwrap_or_else(|| Responsibility::plain(subject, employee));
    r.roles.insert(role);
    Ok((vec![Change::PutResponsibility(r)], ()))
}

/// Removes one role from an existing responsibility.
pub(crate) fn remove_role(s: &State, subject: Subject, employee: EmployeeId, role: RoleId) -> Plan<()> {
    s.role(role)?;
    let current = s.existing_responsibility(subject, employee)?;
    if !current.roles.contains(&role) {
        return Ok((Vec::new(), ()));
    }
    let mut r = current.clone();
    r.roles.remove(&role);
    Ok((vec![Change::PutResponsibility(r)], ()))
}

/// Sets the validity period of an existing responsibility.
pub(crate) fn set_period(s: &State, subject: Subject, employee: EmployeeId, period: Period) -> Plan<()> {
    period.validate()?;
    let current = s.existing_responsibility(subject, employee)?;
    if current.period == period {
        return Ok((Vec::new(), ()));
    }
    let mut r = current.clone();
    r.period = period;
    Ok((vec![Change::PutResponsibility(r)], ()))
}

/// Creates or replaces a whole responsibility: roles and period.
pub(crate) fn set(s: &State, subject: Subject, employee: EmployeeId, roles: &[RoleId], period: Period) -> Plan<()> {
    check_pair(s, subject, employee)?;
    period.validate()?;
    let roles = fitting_roles(s, subject, roles)?;
    let current = s.responsibility(subject, employee);
    if current.is_none_or(|c| !roles.is_subset(&c.roles)) {
        s.require_active(employee)?;
    }
    let r = Responsibility { subject, employee, roles, period };
    if current == Some(&r) {
        return Ok((Vec::new(), ()));
    }
    Ok((vec![Change::PutResponsibility(r)], ()))
}
