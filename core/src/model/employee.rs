//! Employees and teams, and the inputs that create and change them.

use crate::model::ids::{EmployeeId, TeamId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
    /// The host system's key for the employee, unique among employees when set.
    pub external_id: Option<String>,
}

/// Input for [`Directory::create_employee`](crate::Directory::create_employee).
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
    /// The host system's key, unique among employees (compared exactly, case-sensitively).
    pub external_id: Option<String>,
}

impl NewEmployee {
    /// An active employee with the given name and nothing else set.
    pub fn new(name: impl Into<String>) -> Self {
        NewEmployee {
            name: name.into(),
            email: None,
            team: None,
            sales_rights: false,
            active: true,
            sees_all: false,
            external_id: None,
        }
    }
    /// Sets the email address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }
    /// Sets the host system's key.
    pub fn external_id(mut self, key: impl Into<String>) -> Self {
        self.external_id = Some(key.into());
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

/// Changes for [`Directory::update_employee`](crate::Directory::update_employee); `None` leaves a field as it is.
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
    /// New host system key (`Some(None)` clears it).
    pub external_id: Option<Option<String>>,
}

/// A team of employees; used to narrow the matrix columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// Id assigned by the library.
    pub id: TeamId,
    /// Name, unique (case-insensitive).
    pub name: String,
    /// The team's leads: members of the team who see every customer a member sees through a
    /// responsibility.
    pub leads: BTreeSet<EmployeeId>,
}
