//! Coverage checks: customers without a responsible person, responsibilities of inactive
//! employees, salespeople without sales rights, responsibilities ending soon, numbering series
//! running out.

use crate::convert::{date_to_py, enum_to_py, DateArg};
use crate::directory::PyDirectory;
use crate::errors::invalid_percent;
use crate::ids::{series_to_py, subject_to_py, PyCustomerGroupId, PyCustomerId, PyEmployeeId};
use crate::responsibilities::{subject_kind, subject_raw};
use crate::rows::{plain, py_of, row_methods, Fields, Row};
use pyo3::prelude::*;
use pyo3::types::PyInt;
use vastuu::{EndingResponsibility, InactiveHolder, SalespersonWithoutRights, SeriesId, SeriesNearExhaustion, Subject};

/// The plain fields of a subject and its customer: kind, raw id, customer's raw id.
fn plain_subject<'py>(py: Python<'py>, subject: Subject, customer: vastuu::CustomerId) -> PyResult<Fields<'py>> {
    Ok(vec![
        ("subject_kind", plain(py, &enum_to_py(py, subject_kind(subject))?)?),
        ("subject", py_of(py, subject_raw(subject))?),
        ("customer", py_of(py, customer.get())?),
    ])
}

/// A responsibility held by an inactive employee.
#[pyclass(frozen, eq, module = "vastuu", name = "InactiveHolder")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyInactiveHolder(InactiveHolder);

impl Row for PyInactiveHolder {
    const NAME: &'static str = "InactiveHolder";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let h = &self.0;
        Ok(vec![
            ("subject", subject_to_py(py, h.subject)?),
            ("customer", py_of(py, PyCustomerId(h.customer))?),
            ("employee", py_of(py, PyEmployeeId(h.employee))?),
        ])
    }
    fn plain_fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let mut fields = plain_subject(py, self.0.subject, self.0.customer)?;
        fields.push(("employee", py_of(py, self.0.employee.get())?));
        Ok(fields)
    }
}
row_methods!(PyInactiveHolder, |s| (s.0.subject, s.0.employee));

#[pymethods]
impl PyInactiveHolder {
    /// The customer (`CustomerId`) or project (`ProjectId`).
    #[getter]
    fn subject<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        subject_to_py(py, self.0.subject)
    }
    /// The customer: the subject itself, or the project's customer.
    #[getter]
    fn customer(&self) -> PyCustomerId {
        PyCustomerId(self.0.customer)
    }
    /// The inactive employee.
    #[getter]
    fn employee(&self) -> PyEmployeeId {
        PyEmployeeId(self.0.employee)
    }
}

/// A salesperson of a customer group who has no sales rights (any more).
#[pyclass(frozen, eq, module = "vastuu", name = "SalespersonWithoutRights")]
#[derive(Clone, PartialEq)]
pub(crate) struct PySalespersonWithoutRights(SalespersonWithoutRights);

impl Row for PySalespersonWithoutRights {
    const NAME: &'static str = "SalespersonWithoutRights";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![
            ("group", py_of(py, PyCustomerGroupId(self.0.group))?),
            ("employee", py_of(py, PyEmployeeId(self.0.employee))?),
        ])
    }
}
row_methods!(PySalespersonWithoutRights, |s| (s.0.group, s.0.employee));

#[pymethods]
impl PySalespersonWithoutRights {
    /// The customer group.
    #[getter]
    fn group(&self) -> PyCustomerGroupId {
        PyCustomerGroupId(self.0.group)
    }
    /// The salesperson.
    #[getter]
    fn employee(&self) -> PyEmployeeId {
        PyEmployeeId(self.0.employee)
    }
}

/// A responsibility whose validity ends soon.
#[pyclass(frozen, eq, module = "vastuu", name = "EndingResponsibility")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyEndingResponsibility(EndingResponsibility);

impl Row for PyEndingResponsibility {
    const NAME: &'static str = "EndingResponsibility";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let e = &self.0;
        Ok(vec![
            ("subject", subject_to_py(py, e.subject)?),
            ("customer", py_of(py, PyCustomerId(e.customer))?),
            ("employee", py_of(py, PyEmployeeId(e.employee))?),
            ("ends", date_to_py(py, e.ends)?),
        ])
    }
    fn plain_fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let mut fields = plain_subject(py, self.0.subject, self.0.customer)?;
        fields.push(("employee", py_of(py, self.0.employee.get())?));
        fields.push(("ends", date_to_py(py, self.0.ends)?));
        Ok(fields)
    }
}
row_methods!(PyEndingResponsibility, |s| (s.0.subject, s.0.employee, s.0.ends));

#[pymethods]
impl PyEndingResponsibility {
    /// The customer (`CustomerId`) or project (`ProjectId`).
    #[getter]
    fn subject<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        subject_to_py(py, self.0.subject)
    }
    /// The customer: the subject itself, or the project's customer.
    #[getter]
    fn customer(&self) -> PyCustomerId {
        PyCustomerId(self.0.customer)
    }
    /// The employee.
    #[getter]
    fn employee(&self) -> PyEmployeeId {
        PyEmployeeId(self.0.employee)
    }
    /// The last valid day.
    #[getter]
    fn ends<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.0.ends)
    }
}

/// A numbering series with little capacity left.
#[pyclass(frozen, eq, module = "vastuu", name = "SeriesNearExhaustion")]
#[derive(Clone, PartialEq)]
pub(crate) struct PySeriesNearExhaustion(SeriesNearExhaustion);

impl Row for PySeriesNearExhaustion {
    const NAME: &'static str = "SeriesNearExhaustion";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let s = &self.0;
        Ok(vec![
            ("series", series_to_py(py, s.series)?),
            ("group_name", py_of(py, &s.group_name)?),
            ("capacity", py_of(py, s.capacity)?),
            ("capacity_left", py_of(py, s.capacity_left)?),
        ])
    }
}
row_methods!(PySeriesNearExhaustion, |s| s.0.series);

#[pymethods]
impl PySeriesNearExhaustion {
    /// The customer group whose series this is, or `None` for the default series.
    #[getter]
    fn series(&self) -> Option<PyCustomerGroupId> {
        match self.0.series {
            SeriesId::Default => None,
            SeriesId::Group(g) => Some(PyCustomerGroupId(g)),
        }
    }
    /// The group's name (`None` for the default series).
    #[getter]
    fn group_name(&self) -> Option<&str> {
        self.0.group_name.as_deref()
    }
    /// Numbers in the series (end - start + 1).
    #[getter]
    fn capacity(&self) -> u64 {
        self.0.capacity
    }
    /// Numbers still free from the counter to the end.
    #[getter]
    fn capacity_left(&self) -> u64 {
        self.0.capacity_left
    }
}

#[pymethods]
impl PyDirectory {
    /// Customers with no responsible person on `date`: no active employee holds a responsibility
    /// for the customer itself valid that day (project responsibilities do not count). With
    /// `only_active`, only non-archived customers with status `ACTIVE` are checked. By id.
    #[pyo3(signature = (date, *, only_active = false))]
    fn customers_without_responsible(
        &self,
        py: Python<'_>,
        date: DateArg,
        only_active: bool,
    ) -> PyResult<Vec<PyCustomerId>> {
        self.read(py, |d| d.customers_without_responsible(date.0, only_active).into_iter().map(PyCustomerId).collect())
    }

    /// Responsibilities held by inactive employees, by employee, then subject.
    fn responsibilities_of_inactive_employees(&self, py: Python<'_>) -> PyResult<Vec<PyInactiveHolder>> {
        self.read(py, |d| d.responsibilities_of_inactive_employees().into_iter().map(PyInactiveHolder).collect())
    }

    /// Salespeople of customer groups who have no sales rights, by group, then employee.
    fn salespeople_without_sales_rights(&self, py: Python<'_>) -> PyResult<Vec<PySalespersonWithoutRights>> {
        self.read(py, |d| d.salespeople_without_sales_rights().into_iter().map(PySalespersonWithoutRights).collect())
    }

    /// Responsibilities whose last valid day falls within `days` days from `start` (both ends
    /// inclusive: `days=0` means ending on `start`), by end date, subject, employee.
    fn responsibilities_ending_within(
        &self,
        py: Python<'_>,
        start: DateArg,
        days: u32,
    ) -> PyResult<Vec<PyEndingResponsibility>> {
        self.read(py, |d| {
            d.responsibilities_ending_within(start.0, days).into_iter().map(PyEndingResponsibility).collect()
        })
    }

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

/// Registers the classes of this area.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyInactiveHolder>()?;
    m.add_class::<PySalespersonWithoutRights>()?;
    m.add_class::<PyEndingResponsibility>()?;
    m.add_class::<PySeriesNearExhaustion>()?;
    Ok(())
}
