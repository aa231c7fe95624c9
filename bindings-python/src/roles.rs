//! Customer and project roles: rows, mutations and reads.

use crate::convert::{enum_to_py, EnumArg, Given};
use crate::directory::{calls, PyDirectory};
use crate::ids::PyRoleId;
use crate::rows::row_class;
use pyo3::prelude::*;
use vastuu::{NewRole, Role, RoleScope, RoleUpdate};

row_class!(
    /// A role a responsible person can hold, e.g. "Huoltovastaava".
    PyRole(Role) as "Role", hash |s| s.0.id, new(*, id, name, scope, portal_visible = false), |py, r| {
        id(PyRoleId): PyRoleId(r.id),
        name(String): &r.name,
        scope(EnumArg<RoleScope>): enum_to_py(py, r.scope)?,
        portal_visible(bool): r.portal_visible,
    }
);

#[pymethods]
impl PyDirectory {}

calls! {
    #[pyo3(signature = (name, scope, *, portal_visible = false))]
    /// Creates a role of a scope (names are unique within the scope).
    write create_role() with NewRole { name: String, scope: EnumArg<RoleScope>, portal_visible: bool } -> PyRoleId;
    #[pyo3(signature = (role, *, name = Given::Omitted, scope = Given::Omitted, portal_visible = Given::Omitted))]
    /// Changes the fields given; the scope cannot change while responsibilities hold the role.
    write update_role(role: PyRoleId) with RoleUpdate {
        name: Given<String>,
        scope: Given<EnumArg<RoleScope>>,
        portal_visible: Given<bool>,
    };
    /// Deletes a role; it is removed from every responsibility, which stays.
    write delete_role(role: PyRoleId);
    /// A role.
    run role(role: PyRoleId) -> PyRole;
    /// All roles, by id.
    list roles() -> Vec<PyRole>;
}
