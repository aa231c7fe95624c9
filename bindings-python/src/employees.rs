//! Employees and teams: rows, mutations and reads.

use crate::convert::{Given, Items};
use crate::directory::{calls, PyDirectory};
use crate::ids::{PyEmployeeId, PyTeamId};
use crate::rows::{row_class, tuple_of};
use pyo3::prelude::*;
use vastuu::{Employee, EmployeeId, EmployeeUpdate, NewEmployee, Team};
use vastuu_host::Convert;

row_class!(
    /// A person who can be responsible for customers and projects.
    PyEmployee(Employee) as "Employee", hash |s| s.0.id,
    new(*, id, name, email = None, team = None, sales_rights = false, active = true, sees_all = false,
        external_id = None),
    |py, r| {
        id(PyEmployeeId): PyEmployeeId(r.id),
        name(String): &r.name,
        email(Option<String>): &r.email,
        team(Option<PyTeamId>): r.team.map(PyTeamId),
        sales_rights(bool): r.sales_rights,
        active(bool): r.active,
        sees_all(bool): r.sees_all,
        /// The host system's key for the employee, if set.
        external_id(Option<String>): &r.external_id,
    }
);

row_class!(
    /// A team of employees.
    PyTeam(Team) as "Team", hash |s| s.0.id, new(*, id, name, leads = Items::default()), |py, r| {
        id(PyTeamId): PyTeamId(r.id),
        name(String): &r.name,
        /// The team's leads: members who see every customer a member sees through a responsibility.
        leads(Items<PyEmployeeId>): tuple_of(py, r.leads.iter().copied().map(PyEmployeeId))?,
    }
);

#[pymethods]
impl PyDirectory {
    /// Creates a team (names are unique, case-insensitively).
    fn create_team(&self, py: Python<'_>, name: String) -> PyResult<PyTeamId> {
        self.write(py, |d| d.create_team(&name)).map(PyTeamId)
    }

    /// Renames a team.
    fn rename_team(&self, py: Python<'_>, team: PyTeamId, name: String) -> PyResult<()> {
        self.write(py, |d| d.rename_team(team.0, &name))
    }

    /// Makes `leads` the team's leads, replacing the ones it had; each must be a member of the
    /// team (`NotTeamMemberError`). A lead sees every customer another active member of the team
    /// is responsible for (the customer or one of its projects) on the date.
    fn set_team_leads(&self, py: Python<'_>, team: PyTeamId, leads: Items<PyEmployeeId>) -> PyResult<()> {
        let leads: Vec<EmployeeId> = leads.convert();
        self.write(py, |d| d.set_team_leads(team.0, leads.iter().copied()))
    }

    /// The employee with this external id (compared exactly), or `None`.
    fn employee_by_external_id(&self, py: Python<'_>, external_id: &str) -> PyResult<Option<PyEmployee>> {
        self.read(py, |d| Convert::convert(d.employee_by_external_id(external_id)))
    }
}

calls! {
    #[pyo3(signature = (name, *, email = None, team = None, sales_rights = false, active = true, sees_all = false,
        external_id = None))]
    /// Creates an employee and returns its id. `external_id`: the host system's key, unique among
    /// employees (`DuplicateExternalIdError`).
    write create_employee() with NewEmployee {
        name: String,
        email: Option<String>,
        team: Option<PyTeamId>,
        sales_rights: bool,
        active: bool,
        sees_all: bool,
        external_id: Option<String>,
    } -> PyEmployeeId;
    #[pyo3(signature = (employee, *, name = Given::Omitted, email = Given::Omitted, team = Given::Omitted,
        sales_rights = Given::Omitted, active = Given::Omitted, sees_all = Given::Omitted,
        external_id = Given::Omitted))]
    /// Changes the fields given; a keyword left out keeps its field, `email=None` / `team=None` /
    /// `external_id=None` clear.
    write update_employee(employee: PyEmployeeId) with EmployeeUpdate {
        name: Given<String>,
        email: Given<Option<String>>,
        team: Given<Option<PyTeamId>>,
        sales_rights: Given<bool>,
        active: Given<bool>,
        sees_all: Given<bool>,
        external_id: Given<Option<String>>,
    };
    /// Makes an employee inactive; responsibilities and salesperson places stay for history.
    write archive_employee(employee: PyEmployeeId);
    /// Makes an archived employee active again.
    write reactivate_employee(employee: PyEmployeeId);
    /// Deletes an employee with their responsibilities, salesperson places and place among their
    /// team's leads.
    write delete_employee(employee: PyEmployeeId);
    /// An employee (`NotFoundError` for an unknown id).
    run employee(employee: PyEmployeeId) -> PyEmployee;
    /// All employees, by id.
    list employees() -> Vec<PyEmployee>;
    /// Deletes a team; its members are left without a team.
    write delete_team(team: PyTeamId);
    /// Makes a member of the team one of its leads (`NotTeamMemberError` for anyone else).
    write add_team_lead(team: PyTeamId, lead: PyEmployeeId);
    /// Makes an employee no longer one of the team's leads (nothing changes if they are not).
    write remove_team_lead(team: PyTeamId, lead: PyEmployeeId);
    /// A team.
    run team(team: PyTeamId) -> PyTeam;
    /// All teams, by id.
    list teams() -> Vec<PyTeam>;
}
