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

    /// Changes an employee's fields. Cascades: an employee who leaves a team they lead (their
    /// team changes or is cleared) is no longer one of its leads, in the same change set.
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
    /// places among their team's leads and in customer groups' default teams are removed in the
    /// same change set. Archiving is the normal way to retire an employee.
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

    /// Deletes a team. Cascades: its members are left without a team (and its leads with it).
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

    /// Makes `leads` the team's leads, replacing the ones it had (an empty list leaves it with
    /// none). A team's leads see every customer another active member of the team sees through
    /// a responsibility, for the customer or one of its projects, valid on the date
    /// ([`VisibilityReason::TeamLead`](crate::VisibilityReason::TeamLead)); not the customers a
    /// member sees as a salesperson or as an admin. An inactive lead sees nothing, as every
    /// inactive employee. An employee stops being a lead when they leave the team (their team
    /// changes or is cleared, or the team is deleted) or are deleted, in the same change set.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown team or employee;
    /// [`Error::NotTeamMember`](crate::Error::NotTeamMember) for an employee who is not a member
    /// of the team. Nothing changes then.
    ///
    /// # Examples
    /// ```
    /// use jiff::civil::date;
    /// use vastuu::{Directory, Error, NewCustomer, NewEmployee, VisibilityReason};
    /// let mut dir = Directory::new();
    /// let team = dir.create_team("Huolto")?;
    /// let liisa = dir.create_employee(NewEmployee::new("Liisa").team(team))?;
    /// let matti = dir.create_employee(NewEmployee::new("Matti").team(team))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki Oy"))?;
    /// dir.toggle(c.into(), matti)?;
    /// dir.set_team_leads(team, [liisa])?;
    /// assert_eq!(dir.team(team)?.leads.iter().copied().collect::<Vec<_>>(), [liisa]);
    /// let day = date(2026, 3, 1);
    /// assert_eq!(dir.can_view(liisa, c, day)?.reasons(), [VisibilityReason::TeamLead { team, member: matti }]);
    /// assert_eq!(dir.visible_customers(liisa, day)?, [c]);
    ///
    /// let outsider = dir.create_employee(NewEmployee::new("Ulla"))?;
    /// assert_eq!(dir.set_team_leads(team, [outsider]), Err(Error::NotTeamMember { team, employee: outsider }));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn set_team_leads(&mut self, team: TeamId, leads: impl IntoIterator<Item = EmployeeId>) -> Result<()> {
        let leads = leads.into_iter().collect();
        self.mutate(|s| ops::employee::set_team_leads(s, team, &leads))
    }

    /// Makes `lead`, a member of the team, one of its leads (see [`Directory::set_team_leads`]);
    /// nothing changes when they already lead it.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown team or employee;
    /// [`Error::NotTeamMember`](crate::Error::NotTeamMember) when `lead` is not a member of the
    /// team.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, EmployeeUpdate, NewEmployee};
    /// let mut dir = Directory::new();
    /// let team = dir.create_team("Huolto")?;
    /// let liisa = dir.create_employee(NewEmployee::new("Liisa").team(team))?;
    /// dir.add_team_lead(team, liisa)?;
    /// assert!(dir.team(team)?.leads.contains(&liisa));
    /// // Leaving the team ends leading it.
    /// dir.update_employee(liisa, EmployeeUpdate { team: Some(None), ..Default::default() })?;
    /// assert!(dir.team(team)?.leads.is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn add_team_lead(&mut self, team: TeamId, lead: EmployeeId) -> Result<()> {
        self.mutate(|s| ops::employee::add_team_lead(s, team, lead))
    }

    /// Makes `lead` no longer one of the team's leads; nothing changes when they do not lead it.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown team or employee.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewEmployee};
    /// let mut dir = Directory::new();
    /// let team = dir.create_team("Huolto")?;
    /// let liisa = dir.create_employee(NewEmployee::new("Liisa").team(team))?;
    /// dir.add_team_lead(team, liisa)?;
    /// dir.remove_team_lead(team, liisa)?;
    /// assert!(dir.team(team)?.leads.is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn remove_team_lead(&mut self, team: TeamId, lead: EmployeeId) -> Result<()> {
        self.mutate(|s| ops::employee::remove_team_lead(s, team, lead))
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
