//! Who may see which customer, and why.
//!
//! An active employee sees a customer on a date when they have admin visibility (`seesAll`),
//! hold a responsibility for the customer or one of its projects valid on the date, or are a
//! salesperson (with sales rights) of the customer's group. Inactive employees see nothing.

use crate::date::IsoDate;
use crate::directory::Directory;
use crate::error::Result;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId};
use crate::lift::{mirror, Lift};

/// One reason why an employee sees a customer.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VisibilityReason {
    /// Admin visibility (`seesAll`).
    Admin,
    /// A responsibility for the customer.
    Responsible,
    /// A responsibility for this project of the customer.
    ProjectResponsible {
        /// The project.
        project: ProjectId,
    },
    /// Salesperson, with sales rights, of the customer's group.
    Salesperson {
        /// The group.
        group: CustomerGroupId,
    },
}

/// Whether an employee sees a customer, and every reason that holds (none when denied).
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Visibility {
    /// Whether the employee sees the customer: true exactly when some reason holds.
    pub visible: bool,
    /// The reasons, in the order admin, responsible, projects, salesperson.
    pub reasons: Vec<VisibilityReason>,
}

mirror!(from_core vastuu::VisibilityReason => VisibilityReason {
    Admin,
    Responsible,
    ProjectResponsible(project),
    Salesperson(group),
});

impl From<vastuu::Visibility> for Visibility {
    fn from(v: vastuu::Visibility) -> Self {
        Visibility { visible: v.visible, reasons: v.reasons().lift() }
    }
}

#[uniffi::export]
impl Directory {
    /// Whether the employee sees the customer on `date`, with every reason that holds.
    ///
    /// # Errors
    /// `NotFound` for an unknown employee or customer; `InvalidDate`.
    pub fn can_view(&self, employee: EmployeeId, customer: CustomerId, date: IsoDate) -> Result<Visibility> {
        self.try_read(|d| d.can_view(employee.into(), customer.into(), date.into()).map(Visibility::from))
    }

    /// Every customer the employee sees on `date` (exactly those `canView` allows), archived
    /// ones included, in Finnish/Swedish order of their names.
    ///
    /// # Errors
    /// `NotFound` for an unknown employee; `InvalidDate`.
    pub fn visible_customers(&self, employee: EmployeeId, date: IsoDate) -> Result<Vec<CustomerId>> {
        self.try_read(|d| d.visible_customers(employee.into(), date.into()).map(Lift::lift))
    }

    /// Every employee who sees the customer on `date` (exactly those `canView` allows), in
    /// Finnish/Swedish order of their names.
    ///
    /// # Errors
    /// `NotFound` for an unknown customer; `InvalidDate`.
    pub fn who_can_view(&self, customer: CustomerId, date: IsoDate) -> Result<Vec<EmployeeId>> {
        self.try_read(|d| d.who_can_view(customer.into(), date.into()).map(Lift::lift))
    }
}
