//! Roles.

use crate::convert::convert_record;
use crate::directory::{calls, Directory};
use crate::ids::RoleId;

/// Whether a role is held on customers or on projects.
pub type RoleScope = vastuu::RoleScope;

/// Whether a role is held on customers or on projects.
#[uniffi::remote(Enum)]
pub enum RoleScope {
    /// Held on customers.
    Customer,
    /// Held on projects.
    Project,
}

/// A role an employee can hold in a responsibility ("Huoltovastaava", "Projektipäällikkö").
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Role {
    /// Id assigned by the library.
    pub id: RoleId,
    /// Name, unique within its scope (case-insensitive).
    pub name: String,
    /// Customers or projects.
    pub scope: RoleScope,
    /// Shown in the customer portal.
    pub portal_visible: bool,
}

convert_record!(vastuu::Role => Role { id, name, scope, portal_visible });

/// Input for [`Directory::create_role`].
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NewRole {
    /// Name.
    pub name: String,
    /// Customers or projects.
    pub scope: RoleScope,
    /// Shown in the customer portal.
    #[uniffi(default = false)]
    pub portal_visible: bool,
}

/// Changes for [`Directory::update_role`]: a field left `null`/`nil` stays as it is.
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RoleUpdate {
    /// New name.
    #[uniffi(default)]
    pub name: Option<String>,
    /// New scope (only while no responsibility holds the role).
    #[uniffi(default)]
    pub scope: Option<RoleScope>,
    /// Shown in the customer portal.
    #[uniffi(default)]
    pub portal_visible: Option<bool>,
}

convert_record!(
    NewRole => vastuu::NewRole { name, scope, portal_visible }
    RoleUpdate => vastuu::RoleUpdate { name, scope, portal_visible }
);

calls! {
    /// Creates a role.
    write create_role(role: NewRole) -> RoleId,
        throws "`InvalidText`; `DuplicateName` when a role of the same scope has the name.";
    /// Changes a role.
    write update_role(id: RoleId, update: RoleUpdate),
        throws "`NotFound`; `InvalidText`; `DuplicateName`; `RoleInUse` when the scope would change while"
        "responsibilities hold the role.";
    /// Deletes a role; it is removed from every responsibility, which stay.
    write delete_role(id: RoleId), throws "`NotFound`.";
    /// A role.
    try_read role(id: RoleId) -> Role, throws "`NotFound`.";
    /// Every role, by id.
    list roles() -> Vec<Role>;
}
