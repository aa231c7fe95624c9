//! Employees and teams.

use crate::convert::convert_record;
use crate::directory::{calls, Directory};
use crate::error::Result;
use crate::ids::{CustomerGroupId, EmployeeId, TeamId};

/// A person who can be responsible for customers and projects.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
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
    /// The host system's key for the employee, unique among employees when set.
    #[uniffi(default)]
    pub external_id: Option<String>,
}

convert_record!(vastuu::Employee => Employee { id, name, email, team, sales_rights, active, sees_all, external_id });

/// Input for [`Directory::create_employee`].
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NewEmployee {
    /// Name: trimmed, non-empty, at most 200 characters, no control characters.
    pub name: String,
    /// Email address (one `@`, no spaces); blank means none.
    #[uniffi(default)]
    pub email: Option<String>,
    /// Team.
    #[uniffi(default)]
    pub team: Option<TeamId>,
    /// Sales rights.
    #[uniffi(default = false)]
    pub sales_rights: bool,
    /// Active.
    #[uniffi(default = true)]
    pub active: bool,
    /// Admin visibility.
    #[uniffi(default = false)]
    pub sees_all: bool,
    /// The host system's key, unique among employees (compared exactly; `DuplicateExternalId`).
    #[uniffi(default)]
    pub external_id: Option<String>,
}

convert_record!(NewEmployee => vastuu::NewEmployee { name, email, team, sales_rights, active, sees_all, external_id });

/// Changes for [`Directory::update_employee`]: a field left `null`/`nil` stays as it is. The
/// team is changed with [`Directory::set_employee_team`].
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct EmployeeUpdate {
    /// New name.
    #[uniffi(default)]
    pub name: Option<String>,
    /// New email address; a blank string removes it.
    #[uniffi(default)]
    pub email: Option<String>,
    /// New sales rights. Revoking them keeps existing salesperson places (see the coverage checks).
    #[uniffi(default)]
    pub sales_rights: Option<bool>,
    /// Activate or deactivate. Deactivating keeps the employee's responsibilities for history.
    #[uniffi(default)]
    pub active: Option<bool>,
    /// Admin visibility.
    #[uniffi(default)]
    pub sees_all: Option<bool>,
    /// New host system key; a blank string removes it.
    #[uniffi(default)]
    pub external_id: Option<String>,
}

convert_record!(
    EmployeeUpdate => vastuu::EmployeeUpdate { name, email, sales_rights, active, sees_all, external_id, .. }
);

/// A team of employees.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Team {
    /// Id assigned by the library.
    pub id: TeamId,
    /// Name, unique (case-insensitive).
    pub name: String,
    /// The team's leads, by id: members who see every customer a member sees through a
    /// responsibility.
    #[uniffi(default)]
    pub leads: Vec<EmployeeId>,
}

convert_record!(vastuu::Team => Team { id, name, leads });

#[uniffi::export]
impl Directory {
    /// Puts an employee in a team, or (with `null`/`nil`) in none. Leaving a team they lead ends
    /// leading it (in the same change set).
    ///
    /// # Errors
    /// `NotFound` for an unknown employee or team.
    pub fn set_employee_team(&self, id: EmployeeId, team: Option<TeamId>) -> Result<()> {
        let update = vastuu::EmployeeUpdate { team: Some(team.map(Into::into)), ..Default::default() };
        self.write(|d| d.update_employee(id.into(), update))
    }

    /// The employee with this external id (compared exactly), if any.
    pub fn employee_by_external_id(&self, external_id: String) -> Result<Option<Employee>> {
        self.read(|d| d.employee_by_external_id(&external_id).map(Employee::from))
    }

    /// Several employees, in the order asked.
    ///
    /// # Errors
    /// `NotFound` for the first unknown id.
    pub fn employees_by_ids(&self, ids: Vec<EmployeeId>) -> Result<Vec<Employee>> {
        self.try_read(|d| ids.iter().map(|&id| d.employee(id.into()).map(Employee::from)).collect())
    }

    /// Creates a team.
    ///
    /// # Errors
    /// `InvalidText`; `DuplicateName` when a team has the name (case-insensitively).
    pub fn create_team(&self, name: String) -> Result<TeamId> {
        self.write(|d| d.create_team(&name)).map(Into::into)
    }

    /// Renames a team.
    ///
    /// # Errors
    /// `NotFound`; `InvalidText`; `DuplicateName`.
    pub fn rename_team(&self, id: TeamId, name: String) -> Result<()> {
        self.write(|d| d.rename_team(id.into(), &name))
    }

    /// Makes `leads` the team's leads, replacing the ones it had. A lead sees every customer
    /// another active member of the team holds a responsibility for (the customer or one of its
    /// projects) on the date. Leaving the team, or being deleted, ends leading it.
    ///
    /// # Errors
    /// `NotFound` for an unknown team or employee; `NotTeamMember` for an employee who is not a
    /// member of the team.
    pub fn set_team_leads(&self, team: TeamId, leads: Vec<EmployeeId>) -> Result<()> {
        self.write(|d| d.set_team_leads(team.into(), leads.iter().map(|&e| e.into())))
    }
}

calls! {
    /// Creates an employee.
    write create_employee(employee: NewEmployee) -> EmployeeId,
        throws "`InvalidText` for a bad name or email; `NotFound` for an unknown team.";
    /// Changes an employee's fields; fields left empty stay as they are.
    write update_employee(id: EmployeeId, update: EmployeeUpdate), throws "`NotFound`; `InvalidText`.";
    /// Archives an employee: makes them inactive. Their responsibilities and salesperson places
    /// stay for history; they see nothing and get nothing new.
    write archive_employee(id: EmployeeId), throws "`NotFound`.";
    /// Makes an archived employee active again.
    write reactivate_employee(id: EmployeeId), throws "`NotFound`.";
    /// Deletes an employee, with their responsibilities, salesperson places and place among their
    /// team's leads (one change set).
    /// Archiving is the normal way to retire an employee.
    write delete_employee(id: EmployeeId), throws "`NotFound`.";
    /// An employee.
    try_read employee(id: EmployeeId) -> Employee, throws "`NotFound`.";
    /// Every employee, by id.
    list employees() -> Vec<Employee>;
    /// The customer groups where the employee is a salesperson, by id.
    try_read salesperson_groups(employee: EmployeeId) -> Vec<CustomerGroupId>, throws "`NotFound`.";
    /// Deletes a team; its members are left without a team.
    write delete_team(id: TeamId), throws "`NotFound`.";
    /// Makes a member of the team one of its leads; nothing changes when they already lead it.
    write add_team_lead(team: TeamId, lead: EmployeeId),
        throws "`NotFound` for an unknown team or employee; `NotTeamMember` for anyone not in the team.";
    /// Makes an employee no longer one of the team's leads; nothing changes when they do not lead it.
    write remove_team_lead(team: TeamId, lead: EmployeeId), throws "`NotFound` for an unknown team or employee.";
    /// A team.
    try_read team(id: TeamId) -> Team, throws "`NotFound`.";
    /// Every team, by id.
    list teams() -> Vec<Team>;
}
