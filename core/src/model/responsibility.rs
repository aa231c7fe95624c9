//! Responsibilities: who is responsible for which customer or project, in which roles, when.

use crate::error::{Error, Result};
use crate::model::ids::{CustomerId, EmployeeId, ProjectId, RoleId};
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
