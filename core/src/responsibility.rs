//! Responsibilities: who is responsible for which customer or project, in which roles, when.

use crate::error::{Error, Result};
use crate::ids::{CustomerId, EmployeeId, ProjectId, RoleId};
use crate::{Change, Directory};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// What a responsibility is for: a customer or one of its projects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Subject {
    /// A customer.
    Customer(CustomerId),
    /// A project.
    Project(ProjectId),
}

impl From<CustomerId> for Subject {
    fn from(id: CustomerId) -> Self {
        Subject::Customer(id)
    }
}

impl From<ProjectId> for Subject {
    fn from(id: ProjectId) -> Self {
        Subject::Project(id)
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Customer(id) => id.fmt(f),
            Subject::Project(id) => id.fmt(f),
        }
    }
}

/// A validity period `from..=to`; either end may be open. Both ends are inclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    /// First valid day, or `None` for "since always".
    pub from: Option<Date>,
    /// Last valid day, or `None` for "until further notice".
    pub to: Option<Date>,
}

impl Period {
    /// The period with both ends open: always valid.
    pub const ALWAYS: Period = Period { from: None, to: None };

    /// A period, checked.
    ///
    /// # Errors
    /// [`Error::InvalidPeriod`] when `from` is after `to`.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Period, Error};
    /// use jiff::civil::date;
    /// let p = Period::new(Some(date(2026, 1, 1)), Some(date(2026, 12, 31))).unwrap();
    /// assert!(p.contains(date(2026, 12, 31)));
    /// assert!(!p.contains(date(2027, 1, 1)));
    /// assert!(matches!(
    ///     Period::new(Some(date(2026, 2, 1)), Some(date(2026, 1, 1))),
    ///     Err(Error::InvalidPeriod { .. })
    /// ));
    /// ```
    pub fn new(from: Option<Date>, to: Option<Date>) -> Result<Period> {
        let period = Period { from, to };
        period.validate()?;
        Ok(period)
    }

    /// Checks that `from <= to` when both are set.
    ///
    /// # Errors
    /// [`Error::InvalidPeriod`] when `from` is after `to`.
    pub fn validate(&self) -> Result<()> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from > to => Err(Error::InvalidPeriod { from, to }),
            _ => Ok(()),
        }
    }

    /// Whether the period includes `date` (both ends inclusive).
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date <= to)
    }

    /// Whether both ends are open.
    pub fn is_always(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// An employee's responsibility for a subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsibility {
    /// The customer or project.
    pub subject: Subject,
    /// The responsible employee.
    pub employee: EmployeeId,
    /// Roles held, all of the subject's scope; possibly empty.
    pub roles: BTreeSet<RoleId>,
    /// When the responsibility is valid.
    pub period: Period,
}

impl Responsibility {
    /// A responsibility with no roles and no period: what a matrix click creates.
    pub fn plain(subject: Subject, employee: EmployeeId) -> Self {
        Responsibility { subject, employee, roles: BTreeSet::new(), period: Period::ALWAYS }
    }

    /// Whether the responsibility counts on `date` (`None`: validity is ignored).
    pub fn is_valid_on(&self, date: Option<Date>) -> bool {
        date.is_none_or(|d| self.period.contains(d))
    }
}

/// What a toggle did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Toggled {
    /// The employee became responsible (no roles, no period).
    Added,
    /// The employee's responsibility (with its roles) was removed.
    Removed,
}

impl Directory {
    /// Toggles a matrix cell: removes the responsibility (with its roles) if it exists, otherwise
    /// creates one with no roles and no period. Toggling twice restores the state.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown subject or employee; [`Error::EmployeeInactive`] when a
    /// responsibility would be created for an inactive employee.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee, Toggled};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti Meikäläinen")).unwrap();
    /// let esim = dir.create_customer(NewCustomer::new("Esimerkki")).unwrap();
    /// assert_eq!(dir.toggle(esim.into(), matti).unwrap(), Toggled::Added);
    /// assert!(dir.responsibility(esim.into(), matti).unwrap().is_some());
    /// assert_eq!(dir.toggle(esim.into(), matti).unwrap(), Toggled::Removed);
    /// ```
    pub fn toggle(&mut self, subject: Subject, employee: EmployeeId) -> Result<Toggled> {
        self.mutate(|s| {
            s.subject_customer(subject)?;
            s.employee(employee)?;
            if s.responsibility(subject, employee).is_some() {
                Ok((vec![Change::DeleteResponsibility { subject, employee }], Toggled::Removed))
            } else {
                s.require_active(employee)?;
                let r = Responsibility::plain(subject, employee);
                Ok((vec![Change::PutResponsibility(r)], Toggled::Added))
            }
        })
    }

    /// Makes the employee responsible for the subject (no roles, no period) if they are not already.
    /// Returns whether a responsibility was created.
    ///
    /// # Errors
    /// As [`Directory::toggle`].
    pub fn add_responsibility(&mut self, subject: Subject, employee: EmployeeId) -> Result<bool> {
        self.mutate(|s| {
            s.subject_customer(subject)?;
            s.employee(employee)?;
            if s.responsibility(subject, employee).is_some() {
                return Ok((Vec::new(), false));
            }
            s.require_active(employee)?;
            let r = Responsibility::plain(subject, employee);
            Ok((vec![Change::PutResponsibility(r)], true))
        })
    }

    /// Removes the employee's responsibility for the subject, with its roles.
    ///
    /// # Errors
    /// [`Error::NotFound`] for unknown ids; [`Error::NotResponsible`] when there is none.
    pub fn remove_responsibility(&mut self, subject: Subject, employee: EmployeeId) -> Result<()> {
        self.mutate(|s| {
            s.existing_responsibility(subject, employee)?;
            Ok((vec![Change::DeleteResponsibility { subject, employee }], ()))
        })
    }

    /// Sets the roles the employee holds for the subject, replacing the previous set. Makes the
    /// employee responsible if they were not (an empty set then means "responsible, no roles").
    ///
    /// # Errors
    /// [`Error::NotFound`] for unknown ids; [`Error::RoleScopeMismatch`] for a role of the other
    /// scope; [`Error::EmployeeInactive`] when an inactive employee would get a new responsibility
    /// or a role they did not hold.
    pub fn set_roles(&mut self, subject: Subject, employee: EmployeeId, roles: &[RoleId]) -> Result<()> {
        self.mutate(|s| {
            s.subject_customer(subject)?;
            s.employee(employee)?;
            let roles: BTreeSet<RoleId> = roles.iter().copied().collect();
            for &role in &roles {
                s.check_role_fits(role, subject)?;
            }
            let current = s.responsibility(subject, employee);
            let adds_something = match current {
                None => true,
                Some(r) => !roles.is_subset(&r.roles),
            };
            if adds_something {
                s.require_active(employee)?;
            }
            let mut r = current.cloned().unwrap_or_else(|| Responsibility::plain(subject, employee));
            if current.is_some_and(|c| c.roles == roles) {
                return Ok((Vec::new(), ()));
            }
            r.roles = roles;
            Ok((vec![Change::PutResponsibility(r)], ()))
        })
    }

    /// Adds one role to the employee for the subject; makes them responsible if they were not
    /// (as the source product does). Adding a role already held changes nothing.
    ///
    /// # Errors
    /// As [`Directory::set_roles`].
    pub fn add_role(&mut self, subject: Subject, employee: EmployeeId, role: RoleId) -> Result<()> {
        self.mutate(|s| {
            s.subject_customer(subject)?;
            s.employee(employee)?;
            s.check_role_fits(role, subject)?;
            let current = s.responsibility(subject, employee);
            if current.is_some_and(|r| r.roles.contains(&role)) {
                return Ok((Vec::new(), ()));
            }
            s.require_active(employee)?;
            let mut r = current.cloned().unwrap_or_else(|| Responsibility::plain(subject, employee));
            r.roles.insert(role);
            Ok((vec![Change::PutResponsibility(r)], ()))
        })
    }

    /// Removes one role from the employee's responsibility for the subject; the employee stays
    /// responsible. Removing a role not held changes nothing.
    ///
    /// # Errors
    /// [`Error::NotFound`] for unknown ids; [`Error::NotResponsible`] when there is no
    /// responsibility.
    pub fn remove_role(&mut self, subject: Subject, employee: EmployeeId, role: RoleId) -> Result<()> {
        self.mutate(|s| {
            s.role(role)?;
            let current = s.existing_responsibility(subject, employee)?;
            if !current.roles.contains(&role) {
                return Ok((Vec::new(), ()));
            }
            let mut r = current.clone();
            r.roles.remove(&role);
            Ok((vec![Change::PutResponsibility(r)], ()))
        })
    }

    /// Sets the validity period of an existing responsibility (`Period::ALWAYS` clears it).
    ///
    /// # Errors
    /// [`Error::InvalidPeriod`]; [`Error::NotFound`] for unknown ids; [`Error::NotResponsible`].
    pub fn set_period(&mut self, subject: Subject, employee: EmployeeId, period: Period) -> Result<()> {
        self.mutate(|s| {
            period.validate()?;
            let current = s.existing_responsibility(subject, employee)?;
            if current.period == period {
                return Ok((Vec::new(), ()));
            }
            let mut r = current.clone();
            r.period = period;
            Ok((vec![Change::PutResponsibility(r)], ()))
        })
    }

    /// Clears the validity period of an existing responsibility.
    ///
    /// # Errors
    /// As [`Directory::set_period`].
    pub fn clear_period(&mut self, subject: Subject, employee: EmployeeId) -> Result<()> {
        self.set_period(subject, employee, Period::ALWAYS)
    }

    /// Creates or replaces a whole responsibility: roles and period (for imports and forms).
    ///
    /// # Errors
    /// As [`Directory::set_roles`] and [`Directory::set_period`].
    pub fn set_responsibility(
        &mut self,
        subject: Subject,
        employee: EmployeeId,
        roles: &[RoleId],
        period: Period,
    ) -> Result<()> {
        self.mutate(|s| {
            s.subject_customer(subject)?;
            s.employee(employee)?;
            period.validate()?;
            let roles: BTreeSet<RoleId> = roles.iter().copied().collect();
            for &role in &roles {
                s.check_role_fits(role, subject)?;
            }
            let current = s.responsibility(subject, employee);
            if current.is_none_or(|c| !roles.is_subset(&c.roles)) {
                s.require_active(employee)?;
            }
            let r = Responsibility { subject, employee, roles, period };
            if current == Some(&r) {
                return Ok((Vec::new(), ()));
            }
            Ok((vec![Change::PutResponsibility(r)], ()))
        })
    }
}
