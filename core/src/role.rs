//! Customer and project roles.

use crate::error::{Error, Field, Result};
use crate::ids::{EntityKind, RoleId};
use crate::responsibility::Subject;
use crate::{text, Change, Directory};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Whether a role is held on customers or on projects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RoleScope {
    /// Held on customers.
    Customer,
    /// Held on projects.
    Project,
}

impl RoleScope {
    /// The scope that fits a subject.
    pub fn of(subject: Subject) -> RoleScope {
        match subject {
            Subject::Customer(_) => RoleScope::Customer,
            Subject::Project(_) => RoleScope::Project,
        }
    }
}

impl fmt::Display for RoleScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RoleScope::Customer => "customer",
            RoleScope::Project => "project",
        })
    }
}

/// A role a responsible person can hold, e.g. "Huoltovastaava". Roles are optional: everything
/// works with none defined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// Id assigned by the library.
    pub id: RoleId,
    /// Name, unique within the scope (case-insensitive).
    pub name: String,
    /// Customer or project role.
    pub scope: RoleScope,
    /// Shown in the customer portal.
    pub portal_visible: bool,
}

/// Input for [`Directory::create_role`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRole {
    /// Name.
    pub name: String,
    /// Scope.
    pub scope: RoleScope,
    /// Shown in the customer portal.
    pub portal_visible: bool,
}

impl NewRole {
    /// A role that is not portal-visible.
    pub fn new(name: impl Into<String>, scope: RoleScope) -> Self {
        NewRole { name: name.into(), scope, portal_visible: false }
    }
    /// Sets portal visibility.
    pub fn portal_visible(mut self, yes: bool) -> Self {
        self.portal_visible = yes;
        self
    }
}

/// Changes for [`Directory::update_role`]; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleUpdate {
    /// New name.
    pub name: Option<String>,
    /// New scope; refused while responsibilities hold the role.
    pub scope: Option<RoleScope>,
    /// Portal visibility.
    pub portal_visible: Option<bool>,
}

impl Directory {
    /// Creates a role.
    ///
    /// # Errors
    /// [`Error::InvalidText`]; [`Error::DuplicateName`] when the scope has a role with the name.
    pub fn create_role(&mut self, new: NewRole) -> Result<RoleId> {
        self.mutate(|s| {
            let name = text::name(Field::RoleName, &new.name)?;
            s.check_unique_role(&name, new.scope, None)?;
            let id = s.next_ids.role_id();
            Ok((vec![Change::PutRole(Role { id, name, scope: new.scope, portal_visible: new.portal_visible })], id))
        })
    }

    /// Changes a role.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::InvalidText`]; [`Error::DuplicateName`]; [`Error::RoleInUse`]
    /// when the scope would change while responsibilities hold the role.
    pub fn update_role(&mut self, id: RoleId, update: RoleUpdate) -> Result<()> {
        self.mutate(|s| {
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
            s.check_unique_role(&r.name, r.scope, Some(id))?;
            if s.roles.get(&id) == Some(&r) {
                return Ok((Vec::new(), ()));
            }
            Ok((vec![Change::PutRole(r)], ()))
        })
    }

    /// Deletes a role. Cascades: the role is removed from every responsibility holding it; the
    /// responsibilities themselves stay.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn delete_role(&mut self, id: RoleId) -> Result<()> {
        self.mutate(|s| {
            s.role(id)?;
            let mut holders: Vec<&crate::responsibility::Responsibility> = s.responsibilities_with_role(id).collect();
            // In a fixed order, so the same mutation always makes the same change set.
            holders.sort_by_key(|r| (r.subject, r.employee));
            let mut changes: Vec<Change> = holders
                .into_iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.roles.remove(&id);
                    Change::PutResponsibility(r)
                })
                .collect();
            changes.push(Change::DeleteRole(id));
            Ok((changes, ()))
        })
    }
}

impl crate::state::State {
    fn check_unique_role(&self, name: &str, scope: RoleScope, except: Option<RoleId>) -> Result<()> {
        match self.names.roles.get(&(scope, text::fold(name))) {
            Some(&existing) if Some(existing) != except => {
                Err(Error::DuplicateName { kind: EntityKind::Role, name: name.to_owned(), existing: existing.into() })
            }
            _ => Ok(()),
        }
    }
}
