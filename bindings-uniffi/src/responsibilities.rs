//! Responsibilities: who is responsible for which customer or project, in which roles, when.

use crate::date::Period;
use crate::directory::Directory;
use crate::error::Result;
use crate::ids::{self, EmployeeId, RoleId, Subject};
use crate::lift::{lift_record, Lift};
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

lift_record!(vastuu::Responsibility => Responsibility { subject, employee, roles, period });

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
    pub total: u64,
    /// Position of the first item of this page.
    pub offset: u64,
    /// The responsibilities of this page.
    pub items: Vec<Responsibility>,
}

#[uniffi::export]
impl Directory {
    /// Toggles a matrix cell: removes the responsibility (with its roles) if it exists, otherwise
    /// creates one with no roles and no period. Toggling twice restores the state.
    ///
    /// # Errors
    /// `NotFound`; `EmployeeInactive` when a responsibility would be created for an inactive
    /// employee.
    pub fn toggle(&self, subject: Subject, employee: EmployeeId) -> Result<Toggled> {
        self.write(|d| d.toggle(subject.into(), employee.into()))
    }

    /// Makes the employee responsible (no roles, no period) unless they already are. Returns
    /// whether a responsibility was created.
    ///
    /// # Errors
    /// As [`Directory::toggle`].
    pub fn add_responsibility(&self, subject: Subject, employee: EmployeeId) -> Result<bool> {
        self.write(|d| d.add_responsibility(subject.into(), employee.into()))
    }

    /// Removes the employee's responsibility, with its roles.
    ///
    /// # Errors
    /// `NotFound`; `NotResponsible`.
    pub fn remove_responsibility(&self, subject: Subject, employee: EmployeeId) -> Result<()> {
        self.write(|d| d.remove_responsibility(subject.into(), employee.into()))
    }

    /// Sets the roles the employee holds for the subject, replacing the previous set; makes the
    /// employee responsible if they were not.
    ///
    /// # Errors
    /// `NotFound`; `RoleScopeMismatch`; `EmployeeInactive`.
    pub fn set_roles(&self, subject: Subject, employee: EmployeeId, roles: Vec<RoleId>) -> Result<()> {
        self.write(|d| d.set_roles(subject.into(), employee.into(), &ids::to_core(&roles)))
    }

    /// Adds one role; makes the employee responsible if they were not.
    ///
    /// # Errors
    /// `NotFound`; `RoleScopeMismatch`; `EmployeeInactive`.
    pub fn add_role(&self, subject: Subject, employee: EmployeeId, role: RoleId) -> Result<()> {
        self.write(|d| d.add_role(subject.into(), employee.into(), role.into()))
    }

    /// Removes one role; the employee stays responsible.
    ///
    /// # Errors
    /// `NotFound`; `NotResponsible`.
    pub fn remove_role(&self, subject: Subject, employee: EmployeeId, role: RoleId) -> Result<()> {
        self.write(|d| d.remove_role(subject.into(), employee.into(), role.into()))
    }

    /// Sets the validity period of an existing responsibility (both ends open clears it).
    ///
    /// # Errors
    /// `InvalidDate`; `InvalidPeriod`; `NotFound`; `NotResponsible`.
    pub fn set_period(&self, subject: Subject, employee: EmployeeId, period: Period) -> Result<()> {
        self.write(|d| d.set_period(subject.into(), employee.into(), period.into()))
    }

    /// Clears the validity period of an existing responsibility.
    ///
    /// # Errors
    /// `NotFound`; `NotResponsible`.
    pub fn clear_period(&self, subject: Subject, employee: EmployeeId) -> Result<()> {
        self.write(|d| d.clear_period(subject.into(), employee.into()))
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
        self.write(|d| d.set_responsibility(subject.into(), employee.into(), &ids::to_core(&roles), period.into()))
    }

    /// The employee's responsibility for the subject, if any.
    ///
    /// # Errors
    /// `NotFound` for an unknown subject or employee.
    pub fn responsibility(&self, subject: Subject, employee: EmployeeId) -> Result<Option<Responsibility>> {
        self.try_read(|d| d.responsibility(subject.into(), employee.into()).map(|r| r.map(Responsibility::from)))
    }

    /// The responsibilities for a customer or project, by employee id.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn responsibilities_for(&self, subject: Subject) -> Result<Vec<Responsibility>> {
        self.try_read(|d| {
            d.responsibilities_for(subject.into()).map(|rs| rs.into_iter().map(Responsibility::from).collect())
        })
    }

    /// The responsibilities an employee holds, by subject.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn responsibilities_held_by(&self, employee: EmployeeId) -> Result<Vec<Responsibility>> {
        self.try_read(|d| {
            d.responsibilities_held_by(employee.into()).map(|rs| rs.into_iter().map(Responsibility::from).collect())
        })
    }

    /// One page of all responsibilities, ordered by subject (customers first), then employee id.
    pub fn responsibility_page(&self, offset: u64, limit: u32) -> Result<ResponsibilityPage> {
        self.read(|d| {
            let (total, items) = page(d.responsibilities(), offset, limit);
            ResponsibilityPage { total, offset, items: items.lift() }
        })
    }
}
