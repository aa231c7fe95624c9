//! Special groups: free many-to-many classification of customers.

use super::{check_unique, put_customer_if_changed, Plan};
use crate::error::{Field, Result};
use crate::model::{Change, CustomerId, EntityKind, NewSpecialGroup, SpecialGroup, SpecialGroupId, SpecialGroupUpdate};
use crate::state::State;
use crate::text;
use std::collections::BTreeSet;

/// Plans the members of `group` to become exactly `wanted`.
fn plan_members(s: &State, group: SpecialGroupId, wanted: &[CustomerId], changes: &mut Vec<Change>) -> Result<()> {
    let mut wanted_set = BTreeSet::new();
    for &id in wanted {
        s.customer(id)?;
        wanted_set.insert(id);
    }
    for &id in &wanted_set {
        let c = s.customer(id)?;
        if !c.special_groups.contains(&group) {
            let mut c = c.clone();
            c.special_groups.insert(group);
            changes.push(Change::PutCustomer(c));
        }
    }
    for &id in s.special_members(group).into_iter().flatten() {
        if !wanted_set.contains(&id) {
            let mut c = s.customer(id)?.clone();
            c.special_groups.remove(&group);
            changes.push(Change::PutCustomer(c));
        }
    }
    Ok(())
}

/// Creates a special group with its customers.
pub(crate) fn create(s: &State, new: &NewSpecialGroup) -> Plan<SpecialGroupId> {
    let name = text::name(Field::SpecialGroupName, &new.name)?;
    check_unique(EntityKind::SpecialGroup, &name, s.special_group_named(&name), None)?;
    let description = text::optional_description(new.description.as_deref())?;
    let id = s.next_ids().special_group_id()?;
    let mut changes = vec![Change::PutSpecialGroup(SpecialGroup { id, name, description })];
    plan_members(s, id, &new.customers, &mut changes)?;
    Ok((changes, id))
}

/// Changes a special group's name, description or customers.
pub(crate) fn update(s: &State, id: SpecialGroupId, update: &SpecialGroupUpdate) -> Plan<()> {
    let mut g = s.special_group(id)?.clone();
    if let Some(name) = &update.name {
        g.name = text::name(Field::SpecialGroupName, name)?;
        check_unique(EntityKind::SpecialGroup, &g.name, s.special_group_named(&g.name), Some(id))?;
    }
    if let Some(description) = &update.description {
        g.description = text::optional_description(description.as_deref())?;
    }
    let mut changes = Vec::new();
    if s.special_group(id).ok() != Some(&g) {
        changes.push(Change::PutSpecialGroup(g));
    }
    if let Some(customers) = &update.customers {
        plan_members(s, id, customers, &mut changes)?;
    }
    Ok((changes, ()))
}

/// Deletes a special group and its memberships.
pub(crate) fn delete(s: &State, id: SpecialGroupId) -> Plan<()> {
    s.special_group(id)?;
    let mut changes = Vec::new();
    plan_members(s, id, &[], &mut changes)?;
    changes.push(Change::DeleteSpecialGroup(id));
    Ok((changes, ()))
}

/// Adds a customer to a special group, or removes it (`member: false`).
pub(crate) fn set_member(s: &State, group: SpecialGroupId, customer: CustomerId, member: bool) -> Plan<()> {
    s.special_group(group)?;
    let mut c = s.customer(customer)?.clone();
    if member {
        c.special_groups.insert(group);
    } else {
        c.special_groups.remove(&group);
    }
    Ok((put_customer_if_changed(s, c), ()))
}
