//! The `Directory` calls that change employees, teams and roles; the rules are in `ops::employee`
//! and `ops::role`.

use super::Directory;
use crate::error::Result;
use crate::model::{EmployeeId, EmployeeUpdate, NewEmployee, NewRole, RoleId, RoleUpdate, TeamId};
use crate::ops;

impl Directory {
    /// Creates an employee.
    ///
    /// # Errors
    /// [`Error::InvalidText`](crate::Error::InvalidText) for a bad name or email; [`Error::NotFound`](crate::Error::NotFound) for an unknown team.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewEmployee};
    /// let mut dir = Directory::new();
    /// let id = dir.create_employee(NewEmployee::new(" Maija ").email("maija@example.fi").sales_rights(true))?;
    /// assert_eq!(dir.employee(id)?.name, "Maija");
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn create_employee(&mut self, new: NewEmployee) -> Result<EmployeeId> {
        self.mutate(|s| ops::employee::create(s, &new))
    }

    /// Changes an employee's fields.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown employee or team; [`Error::InvalidText`](crate::Error::InvalidText).
    pub fn update_employee(&mut self, id: EmployeeId, update: EmployeeUpdate) -> Result<()> {
        self.mutate(|s| ops::employee::update(s, id, &update))
    }

    /// Archives an employee: makes them inactive. Their responsibilities and salesperson places
    /// stay for history; they see nothing and get nothing new.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    pub fn archive_employee(&mut self, id: EmployeeId) -> Result<()> {
        self.update_employee(id, EmployeeUpdate { active: Some(false), ..Default::default() })
    }

    /// Makes an archived employee active again.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    pub fn reactivate_employee(&mut self, id: EmployeeId) -> Result<()> {
        self.update_employee(id, EmployeeUpdate { active: Some(true), ..Default::default() })
    }

    /// Deletes an employee. Cascades: their responsibilities (with roles) and salesperson places
    /// are removed in the same change set. Archiving is the normal way to retire an employee.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    pub fn delete_employee(&mut self, id: EmployeeId) -> Result<()> {
        self.mutate(|s| ops::employee::delete(s, id))
    }

    /// Creates a team.
    ///
    /// # Errors
    /// [`Error::InvalidText`](crate::Error::InvalidText); [`Error::DuplicateName`](crate::Error::DuplicateName) when a team has the name
    /// (case-insensitively).
    pub fn create_team(&mut self, name: &str) -> Result<TeamId> {
        self.mutate(|s| ops::employee::create_team(s, name))
    }

    /// Renames a team.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::InvalidText`](crate::Error::InvalidText); [`Error::DuplicateName`](crate::Error::DuplicateName).
    pub fn rename_team(&mut self, id: TeamId, name: &str) -> Result<()> {
        self.mutate(|s| ops::employee::rename_team(s, id, name))
    }

    /// Deletes a team. Cascades: its members are left without a team.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    pub fn delete_team(&mut self, id: TeamId) -> Result<()> {
        self.mutate(|s| ops::employee::delete_team(s, id))
    }

    /// Creates a role.
    ///
    /// # Errors
    /// [`Error::InvalidText`](crate::Error::InvalidText); [`Error::DuplicateName`](crate::Error::DuplicateName) when the scope has a role with the name.
    pub fn create_role(&mut self, new: NewRole) -> Result<RoleId> {
        self.mutate(|s| ops::role::create(s, &new))
    }

    /// Changes a role.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::InvalidText`](crate::Error::InvalidText); [`Error::DuplicateName`](crate::Error::DuplicateName); [`Error::RoleInUse`](crate::Error::RoleInUse)
    /// when the scope would change while responsibilities hold the role.
    pub fn update_role(&mut self, id: RoleId, update: RoleUpdate) -> Result<()> {
        self.mutate(|s| ops::role::update(s, id, &update))
    }

    /// Deletes a role. Cascades: the role is removed from every responsibility holding it; the
    /// responsibilities themselves stay.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    pub fn delete_role(&mut self, id: RoleId) -> Result<()> {
        self.mutate(|s| ops::role::delete(s, id))
    }
}
