//! Coverage checks: customers without a responsible person, responsibilities of inactive
//! employees, salespeople without sales rights, responsibilities ending soon, numbering series
//! running out.

use crate::convert::{date_to_py, DateArg};
use crate::directory::{calls, PyDirectory};
use crate::errors::invalid_percent;
use crate::ids::{series_to_py, subject_to_py, PyCustomerGroupId, PyCustomerId, PyEmployeeId};
use crate::rows::row_class;
use pyo3::prelude::*;
use pyo3::types::PyInt;
use vastuu::{EndingResponsibility, InactiveHolder, SalespersonWithoutRights, SeriesNearExhaustion};

row_class!(
    /// A responsibility held by an inactive employee.
    PyInactiveHolder(InactiveHolder) as "InactiveHolder", hash |s| (s.0.subject, s.0.employee), |py, r| {
        /// The customer (`CustomerId`) or project (`ProjectId`).
        subject: subject_to_py(py, r.subject)?,
        /// The customer: the subject itself, or the project's customer.
        customer: PyCustomerId(r.customer),
        /// The inactive employee.
        employee: PyEmployeeId(r.employee),
    }
);

row_class!(
    /// A salesperson of a customer group who has no sales rights (any more).
    PySalespersonWithoutRights(SalespersonWithoutRights) as "SalespersonWithoutRights",
    hash |s| (s.0.group, s.0.employee),
    |py, r| {
        /// The customer group.
        group: PyCustomerGroupId(r.group),
        /// The salesperson.
        employee: PyEmployeeId(r.employee),
    }
);

row_class!(
    /// A responsibility whose validity ends soon.
    PyEndingResponsibility(EndingResponsibility) as "EndingResponsibility",
    hash |s| (s.0.subject, s.0.employee, s.0.ends),
    |py, r| {
        /// The customer (`CustomerId`) or project (`ProjectId`).
        subject: subject_to_py(py, r.subject)?,
        /// The customer: the subject itself, or the project's customer.
        customer: PyCustomerId(r.customer),
        /// The employee.
        employee: PyEmployeeId(r.employee),
        /// The last valid day.
        ends: date_to_py(py, r.ends)?,
    }
);

row_class!(
    /// A numbering series with little capacity left.
    PySeriesNearExhaustion(SeriesNearExhaustion) as "SeriesNearExhaustion", hash |s| s.0.series, |py, r| {
        /// The customer group whose series this is, or `None` for the default series.
        series: series_to_py(py, r.series)?,
        /// The group's name (`None` for the default series).
        group_name: &r.group_name,
        /// Numbers in the series (end - start + 1).
        capacity: r.capacity,
        /// Numbers still free from the counter to the end.
        capacity_left: r.capacity_left,
    }
);

#[pymethods]
impl PyDirectory {
    /// Numbering series with less than `percent_left` percent (0 to 100) of their capacity left.
    fn series_near_exhaustion(
        &self,
        py: Python<'_>,
        percent_left: &Bound<'_, PyInt>,
    ) -> PyResult<Vec<PySeriesNearExhaustion>> {
        let Ok(percent) = percent_left.extract::<u32>() else {
            // Negative, or beyond any u32: not a percentage either.
            return Err(invalid_percent(py, percent_left));
        };
        self.run(py, |d| d.series_near_exhaustion(percent)).map(|s| s.into_iter().map(PySeriesNearExhaustion).collect())
    }
}

calls! {
    /// Responsibilities whose last valid day falls within `days` days from `start` (both ends
    /// inclusive: `days=0` means ending on `start`), by end date, subject, employee.
    read responsibilities_ending_within(start: DateArg, days: u32) -> Vec<PyEndingResponsibility>;
    /// Customers with no responsible person on `date`: no active employee holds a responsibility
    /// for the customer itself valid that day (project responsibilities do not count). With
    /// `only_active`, only non-archived customers with status `ACTIVE` are checked. By id.
    #[pyo3(signature = (date, *, only_active = false))]
    read customers_without_responsible(date: DateArg, only_active: bool) -> Vec<PyCustomerId>;
    /// Responsibilities held by inactive employees, by employee, then subject.
    read responsibilities_of_inactive_employees() -> Vec<PyInactiveHolder>;
    /// Salespeople of customer groups who have no sales rights, by group, then employee.
    read salespeople_without_sales_rights() -> Vec<PySalespersonWithoutRights>;
}
