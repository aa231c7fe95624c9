//! The whole directory as plain data, and the next id of each kind.

use crate::error::{Error, Result};
use crate::model::customer::{Customer, Project};
use crate::model::employee::{Employee, Team};
use crate::model::group::CustomerGroup;
use crate::model::ids::{CustomerGroupId, CustomerId, EmployeeId, Id, ProjectId, RoleId, SpecialGroupId, TeamId};
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
    /// The largest id any entity can get: an id is allocated only while the next id is below
    /// `u32::MAX`, so the next id stays above every id given out.
    pub const MAX_ID: u32 = u32::MAX - 1;

    /// `next` as the id of a new entity of `kind`, or [`Error::IdsExhausted`].
    fn allocate<T: Id>(next: u32) -> Result<T> {
        if next == 0 || next > Self::MAX_ID {
            return Err(Error::IdsExhausted { kind: T::KIND });
        }
        Ok(T::from_raw(next))
    }
    pub(crate) fn employee_id(&self) -> Result<EmployeeId> {
        Self::allocate(self.employee)
    }
    pub(crate) fn team_id(&self) -> Result<TeamId> {
        Self::allocate(self.team)
    }
    pub(crate) fn role_id(&self) -> Result<RoleId> {
        Self::allocate(self.role)
    }
    pub(crate) fn customer_id(&self) -> Result<CustomerId> {
        Self::allocate(self.customer)
    }
    pub(crate) fn project_id(&self) -> Result<ProjectId> {
        Self::allocate(self.project)
    }
    pub(crate) fn customer_group_id(&self) -> Result<CustomerGroupId> {
        Self::allocate(self.customer_group)
    }
    pub(crate) fn special_group_id(&self) -> Result<SpecialGroupId> {
        Self::allocate(self.special_group)
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
