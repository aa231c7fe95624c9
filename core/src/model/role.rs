//! Customer and project roles.

use crate::model::ids::RoleId;
use crate::model::responsibility::Subject;
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

/// Input for [`Directory::create_role`](crate::Directory::create_role).
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

/// Changes for [`Directory::update_role`](crate::Directory::update_role); `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleUpdate {
    /// New name.
    pub name: Option<String>,
    /// New scope; refused while responsibilities hold the role.
    pub scope: Option<RoleScope>,
    /// Portal visibility.
    pub portal_visible: Option<bool>,
}
