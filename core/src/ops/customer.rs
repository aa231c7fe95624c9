//! Customers and their projects.

use super::{external_id, group, numbering, put_customer_if_changed, Plan};
use crate::error::{Error, Field, Result};
use crate::model::numbering::check_number;
use crate::model::{
    Change, Customer, CustomerId, CustomerUpdate, EntityKind, NewCustomer, NewProject, NumberChoice, Project,
    ProjectId, ProjectUpdate, Subject,
};
use crate::state::State;
use crate::text;
use std::collections::BTreeSet;

/// Refuses a number held by another customer than `except`.
pub(crate) fn check_number_free(s: &State, number: u64, except: Option<CustomerId>) -> Result<()> {
    match s.customer_with_number(number) {
        Some(holder) if Some(holder) != except => Err(Error::DuplicateCustomerNumber { number, holder }),
        _ => Ok(()),
    }
}

/// Creates a customer, numbered from its group's series (or the default one) unless told
/// otherwise, with its group's default team.
pub(crate) fn create(s: &State, new: &NewCustomer) -> Plan<CustomerId> {
    let name = text::name(Field::CustomerName, &new.name)?;
    let external_id = external_id(s, EntityKind::Customer, new.external_id.as_deref(), None)?;
    let team = match new.group {
        Some(g) => s.customer_group(g)?.default_team.as_slice(),
        None => &[],
    };
    let mut special_groups = BTreeSet::new();
    for &sg in &new.special_groups {
        s.special_group(sg)?;
        special_groups.insert(sg);
    }
    let mut changes = Vec::new();
    let number = match new.number {
        NumberChoice::Unnumbered => None,
        NumberChoice::Explicit(n) => {
            check_number_free(s, check_number(n)?, None)?;
            Some(n)
        }
        NumberChoice::Next => {
            let (n, counter_change) = numbering::allocate(s, new.group)?;
            changes.push(counter_change);
            Some(n)
        }
    };
    let id = s.next_ids().customer_id()?;
    let customer = Customer {
        id,
        name,
        number,
        status: new.status,
        archived: false,
        group: new.group,
        special_groups,
        external_id,
    };
    changes.insert(0, Change::PutCustomer(customer));
    group::add_defaults(s, team, id, &mut changes);
    Ok((changes, id))
}

/// Changes a customer's name, status, archived flag or external id.
pub(crate) fn update(s: &State, id: CustomerId, update: &CustomerUpdate) -> Plan<()> {
    let mut c = s.customer(id)?.clone();
    if let Some(name) = &update.name {
        c.name = text::name(Field::CustomerName, name)?;
    }
    if let Some(key) = &update.external_id {
        c.external_id = external_id(s, EntityKind::Customer, key.as_deref(), Some(id.into()))?;
    }
    if let Some(status) = update.status {
        c.status = status;
    }
    if let Some(archived) = update.archived {
        c.archived = archived;
    }
    Ok((put_customer_if_changed(s, c), ()))
}

/// Sets or clears a customer's number by hand.
pub(crate) fn set_number(s: &State, id: CustomerId, number: Option<u64>) -> Plan<()> {
    let mut c = s.customer(id)?.clone();
    if let Some(n) = number {
        check_number_free(s, check_number(n)?, Some(id))?;
    }
    c.number = number;
    Ok((put_customer_if_changed(s, c), ()))
}

/// Gives a customer the next free number of its series.
pub(crate) fn renumber(s: &State, id: CustomerId) -> Plan<u64> {
    let mut c = s.customer(id)?.clone();
    let (n, counter_change) = numbering::allocate(s, c.group)?;
    c.number = Some(n);
    Ok((vec![Change::PutCustomer(c), counter_change], n))
}

/// Deletes a customer without projects, with its responsibilities.
pub(crate) fn delete(s: &State, id: CustomerId) -> Plan<()> {
    s.customer(id)?;
    let projects = s.projects_of(id).map(|of| of.ids().to_vec()).unwrap_or_default();
    if !projects.is_empty() {
        return Err(Error::CustomerHasProjects { customer: id, projects });
    }
    let subject = Subject::Customer(id);
    let mut changes: Vec<Change> =
        s.responsible_employees(subject).map(|employee| Change::DeleteResponsibility { subject, employee }).collect();
    changes.push(Change::DeleteCustomer(id));
    Ok((changes, ()))
}

/// Creates a project for a customer.
pub(crate) fn create_project(s: &State, customer: CustomerId, new: &NewProject) -> Plan<ProjectId> {
    s.customer(customer)?;
    let name = text::name(Field::ProjectName, &new.name)?;
    let external_id = external_id(s, EntityKind::Project, new.external_id.as_deref(), None)?;
    let id = s.next_ids().project_id()?;
    Ok((vec![Change::PutProject(Project { id, customer, name, archived: false, external_id })], id))
}

/// Changes a project's name, archived flag or external id.
pub(crate) fn update_project(s: &State, id: ProjectId, update: &ProjectUpdate) -> Plan<()> {
    let mut p = s.project(id)?.clone();
    if let Some(name) = &update.name {
        p.name = text::name(Field::ProjectName, name)?;
    }
    if let Some(archived) = update.archived {
        p.archived = archived;
    }
    if let Some(key) = &update.external_id {
        p.external_id = external_id(s, EntityKind::Project, key.as_deref(), Some(id.into()))?;
    }
    if s.project(id).ok() == Some(&p) {
        return Ok((Vec::new(), ()));
    }
    Ok((vec![Change::PutProject(p)], ()))
}

/// Deletes a project with its responsibilities.
pub(crate) fn delete_project(s: &State, id: ProjectId) -> Plan<()> {
    s.project(id)?;
    let subject = Subject::Project(id);
    let mut changes: Vec<Change> =
        s.responsible_employees(subject).map(|employee| Change::DeleteResponsibility { subject, employee }).collect();
    changes.push(Change::DeleteProject(id));
    Ok((changes, ()))
}
