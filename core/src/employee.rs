//! Employees and teams.

use crate::error::{Error, Field, Result};
use crate::ids::{EmployeeId, EntityKind, TeamId};
use crate::{text, Change, Directory};
use serde::{Deserialize, Serialize};

/// A person who can be responsible for customers and projects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employee {
    /// Id assigned by the library.
    pub id: EmployeeId,
    /// Name, trimmed.
    pub name: String,
    /// Email address, if known.
    pub email: Option<String>,
    /// Team, if any.
    pub team: Option<TeamId>,
    /// May act as a salesperson ("myyjä").
    pub sales_rights: bool,
    /// Inactive employees are kept for history, get no new responsibilities and see nothing.
    pub active: bool,
    /// Sees every customer (admin visibility).
    pub sees_all: bool,
}

/// Input for [`Directory::create_employee`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEmployee {
    /// Name.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// Team.
    pub team: Option<TeamId>,
    /// Sales rights.
    pub sales_rights: bool,
    /// Active (default `true`).
    pub active: bool,
    /// Admin visibility.
    pub sees_all: bool,
}

impl NewEmployee {
    /// An active employee with the given name and nothing else set.
    pub fn new(name: impl Into<String>) -> Self {
        NewEmployee { name: name.into(), email: None, team: None, sales_rights: false, active: true, sees_all: false }
    }
    /// Sets the email address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }
    /// Sets the team.
    pub fn team(mut self, team: TeamId) -> Self {
        self.team = Some(team);
        self
    }
    /// Gives sales rights.
    pub fn sales_rights(mut self, yes: bool) -> Self {
        self.sales_rights = yes;
        self
    }
    /// Gives admin visibility.
    pub fn sees_all(mut self, yes: bool) -> Self {
        self.sees_all = yes;
        self
    }
    /// Sets whether the employee is active.
    pub fn active(mut self, yes: bool) -> Self {
        self.active = yes;
        self
    }
}

/// Changes for [`Directory::update_employee`]; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmployeeUpdate {
    /// New name.
    pub name: Option<String>,
    /// New email (`Some(None)` clears it).
    pub email: Option<Option<String>>,
    /// New team (`Some(None)` clears it).
    pub team: Option<Option<TeamId>>,
    /// New sales rights. Revoking them keeps existing salesperson places (see the coverage checks).
    pub sales_rights: Option<bool>,
    /// Activate or deactivate. Deactivating keeps the employee's responsibilities for history.
    pub active: Option<bool>,
    /// Admin visibility.
    pub sees_all: Option<bool>,
}

/// A team of employees; used to narrow the matrix columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// Id assigned by the library.
    pub id: TeamId,
    /// Name, unique (case-insensitive).
    pub name: String,
}

impl Directory {
    /// Creates an employee.
    ///
    /// # Errors
    /// [`Error::InvalidText`] for a bad name or email; [`Error::NotFound`] for an unknown team.
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
        self.mutate(|s| {
            let name = text::name(Field::EmployeeName, &new.name)?;
            let email = text::optional_email(new.email.as_deref())?;
            if let Some(team) = new.team {
                s.team(team)?;
            }
            let id = s.next_ids.employee_id();
            let e = Employee {
                id,
                name,
                email,
                team: new.team,
                sales_rights: new.sales_rights,
                active: new.active,
                sees_all: new.sees_all,
            };
            Ok((vec![Change::PutEmployee(e)], id))
        })
    }

    /// Changes an employee's fields.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown employee or team; [`Error::InvalidText`].
    pub fn update_employee(&mut self, id: EmployeeId, update: EmployeeUpdate) -> Result<()> {
        self.mutate(|s| {
            let mut e = s.employee(id)?.clone();
            if let Some(name) = &update.name {
                e.name = text::name(Field::EmployeeName, name)?;
            }
            if let Some(email) = &update.email {
                e.email = text::optional_email(email.as_deref())?;
            }
            if let Some(team) = update.team {
                if let Some(t) = team {
                    s.team(t)?;
                }
                e.team = team;
            }
            if let Some(v) = update.sales_rights {
                e.sales_rights = v;
            }
            if let Some(v) = update.active {
                e.active = v;
            }
            if let Some(v) = update.sees_all {
                e.sees_all = v;
            }
            Ok((s.put_if_changed_employee(e), ()))
        })
    }

    /// Archives an employee: makes them inactive. Their responsibilities and salesperson places
    /// stay for history; they see nothing and get nothing new.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn archive_employee(&mut self, id: EmployeeId) -> Result<()> {
        self.update_employee(id, EmployeeUpdate { active: Some(false), ..Default::default() })
    }

    /// Makes an archived employee active again.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn reactivate_employee(&mut self, id: EmployeeId) -> Result<()> {
        self.update_employee(id, EmployeeUpdate { active: Some(true), ..Default::default() })
    }

    /// Deletes an employee. Cascades: their responsibilities (with roles) and salesperson places
    /// are removed in the same change set. Archiving is the normal way to retire an employee.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn delete_employee(&mut self, id: EmployeeId) -> Result<()> {
        self.mutate(|s| {
            s.employee(id)?;
            let mut changes = Vec::new();
            for subject in s.subjects_of(id) {
                changes.push(Change::DeleteResponsibility { subject, employee: id });
            }
            for group in s.groups_where_salesperson(id) {
                let mut g = s.customer_group(group)?.clone();
                g.salespeople.remove(&id);
                changes.push(Change::PutCustomerGroup(g));
            }
            changes.push(Change::DeleteEmployee(id));
            Ok((changes, ()))
        })
    }

    /// Creates a team.
    ///
    /// # Errors
    /// [`Error::InvalidText`]; [`Error::DuplicateName`] when a team has the name
    /// (case-insensitively).
    pub fn create_team(&mut self, name: &str) -> Result<TeamId> {
        self.mutate(|s| {
            let name = text::name(Field::TeamName, name)?;
            s.check_unique_team(&name, None)?;
            let id = s.next_ids.team_id();
            Ok((vec![Change::PutTeam(Team { id, name })], id))
        })
    }

    /// Renames a team.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::InvalidText`]; [`Error::DuplicateName`].
    pub fn rename_team(&mut self, id: TeamId, name: &str) -> Result<()> {
        self.mutate(|s| {
            let old = s.team(id)?;
            let name = text::name(Field::TeamName, name)?;
            s.check_unique_team(&name, Some(id))?;
            if old.name == name {
                return Ok((Vec::new(), ()));
            }
            Ok((vec![Change::PutTeam(Team { id, name })], ()))
        })
    }

    /// Deletes a team. Cascades: its members are left without a team.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn delete_team(&mut self, id: TeamId) -> Result<()> {
        self.mutate(|s| {
            s.team(id)?;
            let mut changes = Vec::new();
            for member in s.team_members(id) {
                let mut e = s.employee(member)?.clone();
                e.team = None;
                changes.push(Change::PutEmployee(e));
            }
            changes.push(Change::DeleteTeam(id));
            Ok((changes, ()))
        })
    }
}

impl crate::state::State {
    fn put_if_changed_employee(&self, e: Employee) -> Vec<Change> {
        if self.employees.get(&e.id) == Some(&e) {
            Vec::new()
        } else {
            vec![Change::PutEmployee(e)]
        }
    }

    fn check_unique_team(&self, name: &str, except: Option<TeamId>) -> Result<()> {
        match self.names.teams.get(&text::fold(name)) {
            Some(&existing) if Some(existing) != except => {
                Err(Error::DuplicateName { kind: EntityKind::Team, name: name.to_owned(), existing: existing.into() })
            }
            _ => Ok(()),
        }
    }
}
