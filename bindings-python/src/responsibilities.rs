//! Responsibilities: who is responsible for which customer or project, in which roles, when.

use crate::convert::{opt_date_to_py, DateArg, Items, Member};
use crate::directory::{calls, PyDirectory};
use crate::errors::core_error;
use crate::ids::{subject_to_py, PyEmployeeId, PyRoleId, SubjectArg};
use crate::rows::{row_class, tuple_of};
use pyo3::prelude::*;
use vastuu::{Period, Responsibility, RoleId, Toggled};
use vastuu_host::Convert;

row_class!(
    /// A validity period `valid_from..=valid_to`; either end may be open (`None`).
    PyPeriod(Period) as "Period" + from_py_object, hash |s| s.0, |py, r| {
        valid_from: opt_date_to_py(py, r.from)?,
        valid_to: opt_date_to_py(py, r.to)?,
    }
);

#[pymethods]
impl PyPeriod {
    /// A period, checked: `InvalidPeriodError` when `valid_from` is after `valid_to`.
    #[new]
    #[pyo3(signature = (valid_from = None, valid_to = None))]
    fn new(py: Python<'_>, valid_from: Option<DateArg>, valid_to: Option<DateArg>) -> PyResult<Self> {
        Period::new(valid_from.convert(), valid_to.convert()).map(PyPeriod).map_err(|e| core_error(py, e))
    }
    /// Whether the period includes the date (both ends inclusive).
    fn contains(&self, date: DateArg) -> bool {
        self.0.contains(date.0)
    }
    /// Whether both ends are open.
    fn is_always(&self) -> bool {
        self.0.is_always()
    }
}

row_class!(
    /// An employee's responsibility for a customer or a project.
    PyResponsibility(Responsibility) as "Responsibility", hash |s| (s.0.subject, s.0.employee), |py, r| {
        /// The customer (`CustomerId`) or project (`ProjectId`).
        subject: subject_to_py(py, r.subject)?,
        employee: PyEmployeeId(r.employee),
        roles: tuple_of(py, r.roles.iter().copied().map(PyRoleId))?,
        valid_from: opt_date_to_py(py, r.period.from)?,
        valid_to: opt_date_to_py(py, r.period.to)?,
    }
);

#[pymethods]
impl PyResponsibility {
    #[new]
    #[pyo3(signature = (*, subject, employee, roles = Items::default(), valid_from = None, valid_to = None))]
    fn new(
        subject: SubjectArg,
        employee: PyEmployeeId,
        roles: Items<PyRoleId>,
        valid_from: Option<DateArg>,
        valid_to: Option<DateArg>,
    ) -> Self {
        PyResponsibility(Responsibility {
            subject: subject.0,
            employee: employee.0,
            roles: roles.convert(),
            period: Period { from: valid_from.convert(), to: valid_to.convert() },
        })
    }

    #[getter]
    fn period(&self) -> PyPeriod {
        PyPeriod(self.0.period)
    }
    /// Whether the responsibility counts on the date (`None`: validity is ignored).
    #[pyo3(signature = (date))]
    fn is_valid_on(&self, date: Option<DateArg>) -> bool {
        self.0.is_valid_on(date.convert())
    }
}

#[pymethods]
impl PyDirectory {
    /// Sets the roles the employee holds for the subject (making them responsible if needed).
    fn set_roles(
        &self,
        py: Python<'_>,
        subject: SubjectArg,
        employee: PyEmployeeId,
        roles: Items<PyRoleId>,
    ) -> PyResult<()> {
        let roles: Vec<RoleId> = roles.convert();
        self.write(py, |d| d.set_roles(subject.0, employee.0, &roles))
    }

    #[pyo3(signature = (subject, employee, *, valid_from = None, valid_to = None))]
    /// Sets the validity period of an existing responsibility (an end left out or `None` is open).
    fn set_period(
        &self,
        py: Python<'_>,
        subject: SubjectArg,
        employee: PyEmployeeId,
        valid_from: Option<DateArg>,
        valid_to: Option<DateArg>,
    ) -> PyResult<()> {
        let period = Period { from: valid_from.convert(), to: valid_to.convert() };
        self.write(py, |d| d.set_period(subject.0, employee.0, period))
    }

    #[pyo3(signature = (subject, employee, *, roles = Items::default(), valid_from = None, valid_to = None))]
    /// Creates or replaces a whole responsibility: roles and period.
    fn set_responsibility(
        &self,
        py: Python<'_>,
        subject: SubjectArg,
        employee: PyEmployeeId,
        roles: Items<PyRoleId>,
        valid_from: Option<DateArg>,
        valid_to: Option<DateArg>,
    ) -> PyResult<()> {
        let roles: Vec<RoleId> = roles.convert();
        let period = Period { from: valid_from.convert(), to: valid_to.convert() };
        self.write(py, |d| d.set_responsibility(subject.0, employee.0, &roles, period))
    }
}

calls! {
    /// Makes the employee responsible for the subject if they are not; returns whether one was created.
    write add_responsibility(subject: SubjectArg, employee: PyEmployeeId) -> bool;
    /// Removes the employee's responsibility for the subject, with its roles.
    write remove_responsibility(subject: SubjectArg, employee: PyEmployeeId);
    /// Adds a role to the employee for the subject, making them responsible if they were not.
    write add_role(subject: SubjectArg, employee: PyEmployeeId, role: PyRoleId);
    /// Removes a role; the employee stays responsible.
    write remove_role(subject: SubjectArg, employee: PyEmployeeId, role: PyRoleId);
    /// Clears the validity period of an existing responsibility.
    write clear_period(subject: SubjectArg, employee: PyEmployeeId);
    /// Every responsibility, by subject, then employee.
    read responsibilities() -> Vec<PyResponsibility>;
    /// The responsibilities for a customer or project, by employee.
    run responsibilities_for(subject: SubjectArg) -> Vec<PyResponsibility>;
    /// The employee's responsibility for the subject, or `None`.
    run responsibility(subject: SubjectArg, employee: PyEmployeeId) -> Option<PyResponsibility>;
    /// Toggles a matrix cell: removes the responsibility (with its roles) if it exists, otherwise creates
    /// one with no roles and no period.
    write toggle(subject: SubjectArg, employee: PyEmployeeId) -> Member<Toggled>;
    /// The responsibilities an employee holds, by subject.
    run responsibilities_held_by(employee: PyEmployeeId) -> Vec<PyResponsibility>;
}
