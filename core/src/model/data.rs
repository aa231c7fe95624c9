//! The whole directory as plain data, and the next id of each kind.

use crate::model::customer::{Customer, Project};
use crate::model::employee::{Employee, Team};
use crate::model::group::CustomerGroup;
use crate::model::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, RoleId, SpecialGroupId, TeamId};
use crate::model::numbering::DefaultSeries;
use crate::model::responsibility::Responsibility;
use crate::model::role::Role;
use crate::model::special_group::SpecialGroup;
use serde::{Deserialize, Serialize};

/// The next id of each kind. Ids are never reused, so these survive deletes and snapshots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct NextIds {
    pub employee: u32,
    pub team: u32,
    pub role: u32,
    pub customer: u32,
    pub project: u32,
    pub customer_group: u32,
    pub special_group: u32,
}

impl Default for NextIds {
    fn default() -> Self {
        NextIds { employee: 1, team: 1, role: 1, customer: 1, project: 1, customer_group: 1, special_group: 1 }
    }
}

impl NextIds {
    pub(crate) fn employee_id(&self) -> EmployeeId {
        EmployeeId(self.employee)
    }
    pub(crate) fn team_id(&self) -> TeamId {
        TeamId(self.team)
    }
    pub(crate) fn role_id(&self) -> RoleId {
        RoleId(self.role)
    }
    pub(crate) fn customer_id(&self) -> CustomerId {
        CustomerId(self.customer)
    }
    pub(crate) fn project_id(&self) -> ProjectId {
        ProjectId(self.project)
    }
    pub(crate) fn customer_group_id(&self) -> CustomerGroupId {
        CustomerGroupId(self.customer_group)
    }
    pub(crate) fn special_group_id(&self) -> SpecialGroupId {
        SpecialGroupId(self.special_group)
    }
}

/// The whole directory as plain data: what a snapshot stores, and what a generator or an import
/// produces. [`crate::Directory::from_data`] checks every rule before accepting it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Data {
    pub default_series: DefaultSeries,
    pub next_ids: NextIds,
    pub employees: Vec<Employee>,
    pub teams: Vec<Team>,
    pub roles: Vec<Role>,
    pub customers: Vec<Customer>,
    pub projects: Vec<Project>,
    pub customer_groups: Vec<CustomerGroup>,
    pub special_groups: Vec<SpecialGroup>,
    pub responsibilities: Vec<Responsibility>,
}
