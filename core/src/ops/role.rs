//! Customer and project roles.

use super::{check_unique, Plan};
use crate::error::{Error, Field};
use crate::model::{Change, CustomerGroup, EntityKind, NewRole, Role, RoleId, RoleUpdate};
use crate::state::State;
use crate::text;

/// Creates a role.
pub(crate) fn create(s: &State, new: &NewRole) -> Plan<RoleId> {
    let name = text::name(Field::RoleName, &new.name)?;
    check_unique(EntityKind::Role, &name, s.role_named(new.scope, &name), None)?;
    let id = s.next_ids().role_id()?;
    Ok((vec![Change::PutRole(Role { id, name, scope: new.scope, portal_visible: new.portal_visible })], id))
}

/// Changes a role; its scope only while no responsibility holds it.
pub(crate) fn update(s: &State, id: RoleId, update: &RoleUpdate) -> Plan<()> {
    let mut r = s.role(id)?.clone();
    if let Some(name) = &update.name {
        r.name = text::name(Field::RoleName, name)?;
    }
    if let Some(scope) = update.scope {
        if scope != r.scope {
            let holders = s.role_holder_count(id);
            if holders > 0 {
                return Err(Error::RoleInUse { role: id, responsibilities: holders });
            }
            let groups: Vec<_> = s.customer_groups().filter(|g| gives(g, id)).map(|g| g.id).collect();
            if !groups.is_empty() {
                return Err(Error::RoleInGroupDefaults { role: id, groups });
            }
            r.scope = scope;
        }
    }
    if let Some(v) = update.portal_visible {
        r.portal_visible = v;
    }
    check_unique(EntityKind::Role, &r.name, s.role_named(r.scope, &r.name), Some(id))?;
    if s.role(id).ok() == Some(&r) {
        return Ok((Vec::new(), ()));
    }
    Ok((vec![Change::PutRole(r)], ()))
}

/// Whether a group's default team gives the role.
fn gives(g: &CustomerGroup, role: RoleId) -> bool {
    g.default_team.iter().any(|d| d.roles.contains(&role))
}

/// Deletes a role, removing it from every responsibility holding it and every default team
/// giving it.
pub(crate) fn delete(s: &State, id: RoleId) -> Plan<()> {
    s.role(id)?;
    // In (subject, employee) order, so the same mutation always makes the same change set.
    let mut changes: Vec<Change> = s
        .role_holders(id)
        .filter_map(|(subject, employee)| s.responsibility(subject, employee))
        .map(|r| {
            let mut r = r.clone();
            r.roles.remove(&id);
            Change::PutResponsibility(r)
        })
        .collect();
    // By group id, like the responsibilities, so the change set is always the same.
    for g in s.customer_groups().filter(|g| gives(g, id)) {
        let mut g = g.clone();
        for d in &mut g.default_team {
            d.roles.remove(&id);
        }
        changes.push(Change::PutCustomerGroup(g));
    }
    changes.push(Change::DeleteRole(id));
    Ok((changes, ()))
}
