//! Exclusive customer groups: membership, salespeople, numbering fields.

use super::bulk::{self, BulkPlan, BulkRequest};
use super::{check_unique, external_id, put_customer_if_changed, Plan};
use crate::error::{Error, Field, Result};
use crate::model::numbering::check_range;
use crate::model::{
    Change, CustomerGroup, CustomerGroupId, CustomerGroupUpdate, CustomerId, EmployeeId, EntityKind, GroupDefault,
    NewCustomerGroup, RoleScope, MAX_COST_CENTERS,
};
use crate::state::State;
use crate::text;
use crate::view::filter::CustomerFilter;
use std::collections::BTreeSet;

fn cost_centers(codes: &[String]) -> Result<Vec<String>> {
    if codes.len() > MAX_COST_CENTERS {
        return Err(Error::TooManyCostCenters { count: codes.len(), max: MAX_COST_CENTERS });
    }
    let mut out: Vec<String> = Vec::with_capacity(codes.len());
    for code in codes {
        let code = text::name(Field::CostCenter, code)?;
        if out.contains(&code) {
            return Err(Error::DuplicateCostCenter { code });
        }
        out.push(code);
    }
    Ok(out)
}

/// Checks that an employee may newly become a salesperson.
fn check_new_salesperson(s: &State, employee: EmployeeId) -> Result<()> {
    let e = s.employee(employee)?;
    if !e.active {
        return Err(Error::EmployeeInactive { employee });
    }
    if !e.sales_rights {
        return Err(Error::NoSalesRights { employee });
    }
    Ok(())
}

/// The salespeople `wanted`, checking those not in `current` may become one.
fn salespeople(s: &State, current: &BTreeSet<EmployeeId>, wanted: &[EmployeeId]) -> Result<BTreeSet<EmployeeId>> {
    let mut out = BTreeSet::new();
    for &e in wanted {
        s.employee(e)?;
        if !current.contains(&e) {
            check_new_salesperson(s, e)?;
        }
        out.insert(e);
    }
    Ok(out)
}

/// Checks a default team: every employee exists (inactive ones may be listed) and is listed once,
/// every role exists and is a customer role.
fn default_team(s: &State, team: &[GroupDefault]) -> Result<Vec<GroupDefault>> {
    let mut seen = BTreeSet::new();
    for d in team {
        s.employee(d.employee)?;
        for &role in &d.roles {
            let r = s.role(role)?;
            if r.scope != RoleScope::Customer {
                return Err(Error::WrongRoleScope { role, role_scope: r.scope, needed: RoleScope::Customer });
            }
        }
        if !seen.insert(d.employee) {
            return Err(Error::DuplicateGroupDefault { employee: d.employee });
        }
    }
    Ok(team.to_vec())
}

/// Adds to `changes` the responsibilities `team` gives a customer joining its group: for each
/// active member, as a bulk add of the roles with no dates ([`bulk::add_default`]). Inactive
/// members, and members a bulk add would skip for the customer, add nothing.
pub(crate) fn add_defaults(s: &State, team: &[GroupDefault], customer: CustomerId, changes: &mut Vec<Change>) {
    for d in team {
        if s.employee(d.employee).is_ok_and(|e| e.active) {
            if let Ok(r) = bulk::add_default(s, customer, d.employee, &d.roles) {
                changes.push(Change::PutResponsibility(r));
            }
        }
    }
}

fn in_other_group(
    s: &State,
    customer: CustomerId,
    current: CustomerGroupId,
    group: CustomerGroupId,
    name: &str,
) -> Error {
    match s.customer_group(current) {
        Ok(g) => Error::CustomerInOtherGroup {
            customer,
            current,
            current_name: g.name.clone(),
            requested: group,
            requested_name: name.to_owned(),
        },
        Err(e) => e,
    }
}

/// Plans the membership of `group` to become exactly `wanted`: the customers joining it get its
/// default team.
fn plan_members(
    s: &State,
    group: &CustomerGroup,
    wanted: &[CustomerId],
    allow_move: bool,
    changes: &mut Vec<Change>,
) -> Result<()> {
    let (group_name, team, group) = (group.name.as_str(), &group.default_team, group.id);
    let mut wanted_set = BTreeSet::new();
    for &id in wanted {
        match s.customer(id)?.group {
            Some(current) if current != group && !allow_move => {
                return Err(in_other_group(s, id, current, group, group_name));
            }
            _ => {}
        }
        wanted_set.insert(id);
    }
    let mut joining = Vec::new();
    for &id in &wanted_set {
        let c = s.customer(id)?;
        if c.group != Some(group) {
            let mut c = c.clone();
            c.group = Some(group);
            changes.push(Change::PutCustomer(c));
            joining.push(id);
        }
    }
    for id in s.group_members(group) {
        if !wanted_set.contains(&id) {
            let mut c = s.customer(id)?.clone();
            c.group = None;
            changes.push(Change::PutCustomer(c));
        }
    }
    for id in joining {
        add_defaults(s, team, id, changes);
    }
    Ok(())
}

/// Creates a customer group with its salespeople and customers.
pub(crate) fn create(s: &State, new: &NewCustomerGroup) -> Plan<CustomerGroupId> {
    let name = text::name(Field::CustomerGroupName, &new.name)?;
    check_unique(EntityKind::CustomerGroup, &name, s.group_named(&name), None)?;
    let external_id = external_id(s, EntityKind::CustomerGroup, new.external_id.as_deref(), None)?;
    check_range(new.numbering_start, new.numbering_end)?;
    let ledger_account = text::optional_line(Field::LedgerAccount, new.ledger_account.as_deref())?;
    let cost_centers = cost_centers(&new.cost_centers)?;
    let salespeople = salespeople(s, &BTreeSet::new(), &new.salespeople)?;
    let default_team = default_team(s, &new.default_team)?;
    let id = s.next_ids().customer_group_id()?;
    let group = CustomerGroup {
        id,
        name,
        numbering_start: new.numbering_start,
        numbering_end: new.numbering_end,
        next_number: new.numbering_start.unwrap_or(0),
        ledger_account,
        cost_centers,
        salespeople,
        default_team,
        external_id,
    };
    let mut changes = Vec::new();
    plan_members(s, &group, &new.customers, new.move_customers, &mut changes)?;
    changes.insert(0, Change::PutCustomerGroup(group));
    Ok((changes, id))
}

/// Saves changes to a customer group, all tabs at once.
pub(crate) fn update(s: &State, id: CustomerGroupId, update: &CustomerGroupUpdate) -> Plan<()> {
    let mut g = s.customer_group(id)?.clone();
    if let Some(name) = &update.name {
        g.name = text::name(Field::CustomerGroupName, name)?;
        check_unique(EntityKind::CustomerGroup, &g.name, s.group_named(&g.name), Some(id))?;
    }
    if let Some(key) = &update.external_id {
        g.external_id = external_id(s, EntityKind::CustomerGroup, key.as_deref(), Some(id.into()))?;
    }
    let start = update.numbering_start.unwrap_or(g.numbering_start);
    let end = update.numbering_end.unwrap_or(g.numbering_end);
    // Removing the start without saying anything about the end removes the end too.
    let end = if start.is_none() && update.numbering_end.is_none() { None } else { end };
    check_range(start, end)?;
    g.numbering_start = start;
    g.numbering_end = end;
    if let Some(start) = start {
        g.next_number = g.next_number.max(start);
    }
    if let Some(account) = &update.ledger_account {
        g.ledger_account = text::optional_line(Field::LedgerAccount, account.as_deref())?;
    }
    if let Some(codes) = &update.cost_centers {
        g.cost_centers = cost_centers(codes)?;
    }
    if let Some(people) = &update.salespeople {
        g.salespeople = salespeople(s, &g.salespeople, people)?;
    }
    if let Some(team) = &update.default_team {
        g.default_team = default_team(s, team)?;
    }
    let mut changes = Vec::new();
    if let Some(customers) = &update.customers {
        plan_members(s, &g, customers, update.move_customers, &mut changes)?;
    }
    if s.customer_group(id).ok() != Some(&g) {
        changes.insert(0, Change::PutCustomerGroup(g));
    }
    Ok((changes, ()))
}

/// Deletes a customer group; its customers return to "No group".
pub(crate) fn delete(s: &State, id: CustomerGroupId) -> Plan<()> {
    s.customer_group(id)?;
    let mut changes = Vec::new();
    for member in s.group_members(id) {
        let mut c = s.customer(member)?.clone();
        c.group = None;
        changes.push(Change::PutCustomer(c));
    }
    changes.push(Change::DeleteCustomerGroup(id));
    Ok((changes, ()))
}

/// Puts a customer in a group; one in another group is refused unless `allow_move`.
pub(crate) fn join(s: &State, group: CustomerGroupId, customer: CustomerId, allow_move: bool) -> Plan<()> {
    let g = s.customer_group(group)?;
    let c = s.customer(customer)?;
    match c.group {
        Some(current) if current == group => Ok((Vec::new(), ())),
        Some(current) if !allow_move => Err(in_other_group(s, customer, current, group, &g.name)),
        _ => {
            let mut c = c.clone();
            c.group = Some(group);
            let mut changes = vec![Change::PutCustomer(c)];
            add_defaults(s, &g.default_team, customer, &mut changes);
            Ok((changes, ()))
        }
    }
}

/// Returns a customer to "No group".
pub(crate) fn leave(s: &State, customer: CustomerId) -> Plan<()> {
    let mut c = s.customer(customer)?.clone();
    c.group = None;
    Ok((put_customer_if_changed(s, c), ()))
}

/// Makes an employee a salesperson of a group.
pub(crate) fn add_salesperson(s: &State, group: CustomerGroupId, employee: EmployeeId) -> Plan<()> {
    let mut g = s.customer_group(group)?.clone();
    s.employee(employee)?;
    if g.salespeople.contains(&employee) {
        return Ok((Vec::new(), ()));
    }
    check_new_salesperson(s, employee)?;
    g.salespeople.insert(employee);
    Ok((vec![Change::PutCustomerGroup(g)], ()))
}

/// Removes an employee from a group's salespeople.
pub(crate) fn remove_salesperson(s: &State, group: CustomerGroupId, employee: EmployeeId) -> Plan<()> {
    let mut g = s.customer_group(group)?.clone();
    s.employee(employee)?;
    if !g.salespeople.remove(&employee) {
        return Ok((Vec::new(), ()));
    }
    Ok((vec![Change::PutCustomerGroup(g)], ()))
}

/// Replaces a group's default team; the group's customers are not touched.
pub(crate) fn set_default_team(s: &State, group: CustomerGroupId, team: &[GroupDefault]) -> Plan<()> {
    let mut g = s.customer_group(group)?.clone();
    g.default_team = default_team(s, team)?;
    if s.customer_group(group).ok() == Some(&g) {
        return Ok((Vec::new(), ()));
    }
    Ok((vec![Change::PutCustomerGroup(g)], ()))
}

/// The bulk request that applies one default of `group`'s team to its customers: a bulk add of
/// the roles, with no dates, skipping every customer when the employee is inactive.
pub(crate) fn default_request(group: CustomerGroupId, d: &GroupDefault) -> BulkRequest {
    BulkRequest::add(d.employee, CustomerFilter::new().group(group)).roles(d.roles.iter().copied()).skip_inactive(true)
}

/// Plans applying `group`'s default team to its (unarchived) customers: a bulk plan per default,
/// in the team's order.
pub(crate) fn plan_defaults(s: &State, group: CustomerGroupId) -> Result<Vec<BulkPlan>> {
    let g = s.customer_group(group)?;
    g.default_team.iter().map(|d| bulk::plan(s, &default_request(group, d))).collect()
}
