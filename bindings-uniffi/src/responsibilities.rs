//! Responsibilities: who is responsible for which customer or project, in which roles, when.

use crate::convert::{convert_record, Convert};
use crate::date::Period;
use crate::directory::{calls, Directory};
use crate::error::Result;
use crate::ids::{EmployeeId, RoleId, Subject};
use crate::numbers::{Count, SmallCount};
use vastuu_host::page;

/// An employee's responsibility for a customer or project.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Responsibility {
    /// The customer or project.
    pub subject: Subject,
    /// The responsible employee.
    pub employee: EmployeeId,
    /// Roles held, all of the subject's scope, by id; possibly none.
    pub roles: Vec<RoleId>,
    /// When the responsibility is valid.
    pub period: Period,
}

convert_record!(
    vastuu::Responsibility => Responsibility { subject, employee, roles, period }
    Responsibility => vastuu::Responsibility { subject, employee, roles, period }
);

/// What a toggle did.
pub type Toggled = vastuu::Toggled;

/// What a toggle did.
#[uniffi::remote(Enum)]
pub enum Toggled {
    /// The employee became responsible (no roles, no period).
    Added,
    /// The employee's responsibility (with its roles) was removed.
    Removed,
}

/// One page of responsibilities.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResponsibilityPage {
    /// How many responsibilities there are in all.
    pub total: Count,
    /// Position of the first item of this page.
    pub offset: Count,
    /// The responsibilities of this page.
    pub items: Vec<Responsibility>,
}

#[uniffi::export]
impl Directory {
    /// Sets the roles the employee holds for the subject, replacing the previous set; makes the
    /// employee responsible if they were not.
    ///
    /// # Errors
    /// `NotFound`; `RoleScopeMismatch`; `EmployeeInactive`.
    pub fn set_roles(&self, subject: Subject, employee: EmployeeId, roles: Vec<RoleId>) -> Result<()> {
        let roles: Vec<vastuu::RoleId> = roles.convert();
        self.write(|d| d.set_roles(subject.into(), employee.into(), &roles))
    }

    /// Creates or replaces a whole responsibility: roles and period (for forms and imports).
    ///
    /// # Errors
    /// `InvalidDate`; `InvalidPeriod`; `NotFound`; `RoleScopeMismatch`; `EmployeeInactive`.
    pub fn set_responsibility(
        &self,
        subject: Subject,
        employee: EmployeeId,
        roles: Vec<RoleId>,
        period: Period,
    ) -> Result<()> {
        let roles: Vec<vastuu::RoleId> = roles.convert();
        self.write(|d| d.set_responsibility(subject.into(), employee.into(), &roles, period.into()))
    }

    /// One page of all responsibilities, ordered by subject (customers first), then employee id.
    pub fn responsibility_page(&self, offset: Count, limit: SmallCount) -> Result<ResponsibilityPage> {
        self.read(|d| {
            let (total, items) = page(d.responsibilities(), offset.0, limit.0);
            ResponsibilityPage { total: total.convert(), offset, items: items.convert() }
        })
    }
}

calls! {
    /// Toggles a matrix cell: removes the responsibility (with its roles) if it exists, otherwise
    /// creates one with no roles and no period. Toggling twice restores the state.
    write toggle(subject: Subject, employee: EmployeeId) -> Toggled,
        throws "`NotFound`; `EmployeeInactive` when a responsibility would be created for an inactive"
        "employee.";
    /// Makes the employee responsible (no roles, no period) unless they already are. Returns
    /// whether a responsibility was created.
    write add_responsibility(subject: Subject, employee: EmployeeId) -> bool, throws "As [`Directory::toggle`].";
    /// Removes the employee's responsibility, with its roles.
    write remove_responsibility(subject: Subject, employee: EmployeeId), throws "`NotFound`; `NotResponsible`.";
    /// Adds one role; makes the employee responsible if they were not.
    write add_role(subject: Subject, employee: EmployeeId, role: RoleId),
        throws "`NotFound`; `RoleScopeMismatch`; `EmployeeInactive`.";
    /// Removes one role; the employee stays responsible.
    write remove_role(subject: Subject, employee: EmployeeId, role: RoleId), throws "`NotFound`; `NotResponsible`.";
    /// Sets the validity period of an existing responsibility (both ends open clears it).
    write set_period(subject: Subject, employee: EmployeeId, period: Period),
        throws "`InvalidDate`; `InvalidPeriod`; `NotFound`; `NotResponsible`.";
    /// Clears the validity period of an existing responsibility.
    write clear_period(subject: Subject, employee: EmployeeId), throws "`NotFound`; `NotResponsible`.";
    /// The employee's responsibility for the subject, if any.
    try_read responsibility(subject: Subject, employee: EmployeeId) -> Option<Responsibility>,
        throws "`NotFound` for an unknown subject or employee.";
    /// The responsibilities for a customer or project, by employee id.
    try_read responsibilities_for(subject: Subject) -> Vec<Responsibility>, throws "`NotFound`.";
    /// The responsibilities an employee holds, by subject.
    try_read responsibilities_held_by(employee: EmployeeId) -> Vec<Responsibility>, throws "`NotFound`.";
}
