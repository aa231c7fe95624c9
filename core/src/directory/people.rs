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
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, EmployeeUpdate, NewEmployee};
    /// let mut dir = Directory::new();
    /// let maija = dir.create_employee(NewEmployee::new("Maija"))?;
    /// dir.update_employee(
    ///     maija,
    ///     EmployeeUpdate { email: Some(Some("maija@example.fi".into())), sales_rights: Some(true), ..Default::default() },
    /// )?;
    /// let employee = dir.employee(maija)?;
    /// assert_eq!(employee.email.as_deref(), Some("maija@example.fi"));
    /// assert!(employee.sales_rights);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn update_employee(&mut self, id: EmployeeId, update: EmployeeUpdate) -> Result<()> {
        self.mutate(|s| ops::employee::update(s, id, &update))
    }

    /// Archives an employee: makes them inactive. Their responsibilities and salesperson places
    /// stay for history; they see nothing and get nothing new.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), matti)?;
    /// dir.archive_employee(matti)?;
    /// assert!(!dir.employee(matti)?.active);
    /// assert_eq!(dir.responsibilities_held_by(matti)?.len(), 1); // kept for history
    /// let other = dir.create_customer(NewCustomer::new("Öljy"))?;
    /// assert!(matches!(dir.toggle(other.into(), matti), Err(Error::EmployeeInactive { .. })));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn archive_employee(&mut self, id: EmployeeId) -> Result<()> {
        self.update_employee(id, EmployeeUpdate { active: Some(false), ..Default::default() })
    }

    /// Makes an archived employee active again.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// dir.archive_employee(matti)?;
    /// dir.reactivate_employee(matti)?;
    /// assert!(dir.employee(matti)?.active);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn reactivate_employee(&mut self, id: EmployeeId) -> Result<()> {
        self.update_employee(id, EmployeeUpdate { active: Some(true), ..Default::default() })
    }

    /// Deletes an employee. Cascades: their responsibilities (with roles), salesperson places and
    /// places in customer groups' default teams are removed in the same change set. Archiving is
    /// the normal way to retire an employee.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.toggle(c.into(), matti)?;
    /// dir.delete_employee(matti)?;
    /// assert!(matches!(dir.employee(matti), Err(Error::NotFound(_))));
    /// assert!(dir.responsibilities_for(c.into())?.is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn delete_employee(&mut self, id: EmployeeId) -> Result<()> {
        self.mutate(|s| ops::employee::delete(s, id))
    }

    /// Creates a team.
    ///
    /// # Errors
    /// [`Error::InvalidText`](crate::Error::InvalidText); [`Error::DuplicateName`](crate::Error::DuplicateName) when a team has the name
    /// (case-insensitively).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error};
    /// let mut dir = Directory::new();
    /// let huolto = dir.create_team("Huolto")?;
    /// assert_eq!(dir.team(huolto)?.name, "Huolto");
    /// assert!(matches!(dir.create_team("HUOLTO"), Err(Error::DuplicateName { .. })));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn create_team(&mut self, name: &str) -> Result<TeamId> {
        self.mutate(|s| ops::employee::create_team(s, name))
    }

    /// Renames a team.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::InvalidText`](crate::Error::InvalidText); [`Error::DuplicateName`](crate::Error::DuplicateName).
    ///
    /// # Examples
    /// ```
    /// use vastuu::Directory;
    /// let mut dir = Directory::new();
    /// let team = dir.create_team("Huolto")?;
    /// dir.rename_team(team, "Kenttähuolto")?;
    /// assert_eq!(dir.team(team)?.name, "Kenttähuolto");
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn rename_team(&mut self, id: TeamId, name: &str) -> Result<()> {
        self.mutate(|s| ops::employee::rename_team(s, id, name))
    }

    /// Deletes a team. Cascades: its members are left without a team.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewEmployee};
    /// let mut dir = Directory::new();
    /// let team = dir.create_team("Huolto")?;
    /// let matti = dir.create_employee(NewEmployee::new("Matti").team(team))?;
    /// dir.delete_team(team)?;
    /// assert_eq!(dir.employee(matti)?.team, None);
    /// assert_eq!(dir.teams().count(), 0);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn delete_team(&mut self, id: TeamId) -> Result<()> {
        self.mutate(|s| ops::employee::delete_team(s, id))
    }

    /// Creates a role.
    ///
    /// # Errors
    /// [`Error::InvalidText`](crate::Error::InvalidText); [`Error::DuplicateName`](crate::Error::DuplicateName) when the scope has a role with the name.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewRole, RoleScope};
    /// let mut dir = Directory::new();
    /// let role = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer).portal_visible(true))?;
    /// assert_eq!(dir.role(role)?.scope, RoleScope::Customer);
    /// // Names are unique within a scope; the other scope may have the same name.
    /// assert!(matches!(dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer)), Err(Error::DuplicateName { .. })));
    /// dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Project))?;
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn create_role(&mut self, new: NewRole) -> Result<RoleId> {
        self.mutate(|s| ops::role::create(s, &new))
    }

    /// Changes a role.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::InvalidText`](crate::Error::InvalidText); [`Error::DuplicateName`](crate::Error::DuplicateName); [`Error::RoleInUse`](crate::Error::RoleInUse)
    /// when the scope would change while responsibilities hold the role,
    /// [`Error::RoleInGroupDefaults`](crate::Error::RoleInGroupDefaults) while customer groups'
    /// default teams give it.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewRole, RoleScope, RoleUpdate};
    /// let mut dir = Directory::new();
    /// let role = dir.create_role(NewRole::new("Huolto", RoleScope::Customer))?;
    /// dir.update_role(role, RoleUpdate { name: Some("Huoltovastaava".into()), ..Default::default() })?;
    /// assert_eq!(dir.role(role)?.name, "Huoltovastaava");
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn update_role(&mut self, id: RoleId, update: RoleUpdate) -> Result<()> {
        self.mutate(|s| ops::role::update(s, id, &update))
    }

    /// Deletes a role. Cascades: the role is removed from every responsibility holding it and
    /// every default team giving it; the responsibilities and defaults themselves stay.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee, NewRole, RoleScope};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let role = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer))?;
    /// dir.add_role(c.into(), matti, role)?;
    /// dir.delete_role(role)?;
    /// let held = dir.responsibility(c.into(), matti)?.expect("still responsible");
    /// assert!(held.roles.is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn delete_role(&mut self, id: RoleId) -> Result<()> {
        self.mutate(|s| ops::role::delete(s, id))
    }
}
