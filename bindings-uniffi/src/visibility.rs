//! Who may see which customer, and why.
//!
//! An active employee sees a customer on a date when they have admin visibility (`seesAll`),
//! hold a responsibility for the customer or one of its projects valid on the date, or are a
//! salesperson (with sales rights) of the customer's group, or lead their team while another
//! active member of it holds a responsibility for the customer or one of its projects valid on
//! the date. Inactive employees see nothing.

use crate::convert::{mirror, Convert};
use crate::date::IsoDate;
use crate::directory::{calls, Directory};
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId, TeamId};

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
    /// A lead of the team, whose member holds a responsibility for the customer or one of its
    /// projects (one reason per such member).
    TeamLead {
        /// The team the employee leads.
        team: TeamId,
        /// The member of the team the responsibility is held by.
        member: EmployeeId,
    },
}

/// Whether an employee sees a customer, and every reason that holds (none when denied).
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Visibility {
    /// Whether the employee sees the customer: true exactly when some reason holds.
    pub visible: bool,
    /// The reasons, in the order admin, responsible, projects, salesperson, team members.
    pub reasons: Vec<VisibilityReason>,
}

mirror!(from_core vastuu::VisibilityReason => VisibilityReason {
    Admin,
    Responsible,
    ProjectResponsible(project),
    Salesperson(group),
    TeamLead { team, member },
});

impl Convert<Visibility> for vastuu::Visibility {
    fn convert(self) -> Visibility {
        Visibility { visible: self.visible, reasons: self.reasons().convert() }
    }
}

calls! {
    /// Whether the employee sees the customer on `date`, with every reason that holds.
    try_read can_view(employee: EmployeeId, customer: CustomerId, date: IsoDate) -> Visibility,
        throws "`NotFound` for an unknown employee or customer; `InvalidDate`.";
    /// Every customer the employee sees on `date` (exactly those `canView` allows), archived
    /// ones included, in Finnish/Swedish order of their names.
    try_read visible_customers(employee: EmployeeId, date: IsoDate) -> Vec<CustomerId>,
        throws "`NotFound` for an unknown employee; `InvalidDate`.";
    /// Every employee who sees the customer on `date` (exactly those `canView` allows), in
    /// Finnish/Swedish order of their names.
    try_read who_can_view(customer: CustomerId, date: IsoDate) -> Vec<EmployeeId>,
        throws "`NotFound` for an unknown customer; `InvalidDate`.";
}
