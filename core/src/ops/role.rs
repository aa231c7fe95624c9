//! Customer and project roles.

use super::{check_unique, Plan};
use crate::error::{Error, Field};
use crate::model::{Change, EntityKind, NewRole, Role, RoleId, RoleUpdate};
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

/// Deletes a role, removing it from every responsibility holding it.
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
    changes.push(Change::DeleteRole(id));
    Ok((changes, ()))
}
