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
impl PyDirectory {
    #[pyo3(signature = (name, scope, *, portal_visible = false))]
    /// Creates a role of a scope (names are unique within the scope).
    fn create_role(
        &self,
        py: Python<'_>,
        name: String,
        scope: EnumArg<RoleScope>,
        portal_visible: bool,
    ) -> PyResult<PyRoleId> {
        let new = NewRole { name, scope: scope.0, portal_visible };
        self.write(py, |d| d.create_role(new)).map(PyRoleId)
    }

    #[pyo3(signature = (role, *, name = Given::Omitted, scope = Given::Omitted, portal_visible = Given::Omitted))]
    /// Changes the fields given; the scope cannot change while responsibilities hold the role.
    fn update_role(
        &self,
        py: Python<'_>,
        role: PyRoleId,
        name: Given<String>,
        scope: Given<EnumArg<RoleScope>>,
        portal_visible: Given<bool>,
    ) -> PyResult<()> {
        let update = RoleUpdate {
            name: name.into_option(),
            scope: scope.into_option().map(|s| s.0),
            portal_visible: portal_visible.into_option(),
        };
        self.write(py, |d| d.update_role(role.0, update))
    }
}

calls! {
    /// Deletes a role; it is removed from every responsibility, which stays.
    write delete_role(role: PyRoleId);

    /// A role.
    run role(role: PyRoleId) -> PyRole;

    /// All roles, by id.
    list roles() -> Vec<PyRole>;
}
