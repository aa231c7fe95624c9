//! Customer-number series: the default series, the numbering report.

use crate::convert::{restore_numbers, NumberArg};
use crate::directory::PyDirectory;
use crate::ids::{series_to_py, PyCustomerGroupId, PyCustomerId};
use crate::rows::{py_of, row_methods, tuple_of, Fields, Row};
use pyo3::prelude::*;
use vastuu::{DefaultSeries, NumberingConflict, NumberingReport, SeriesId, SeriesReport};

/// Configuration and counter of the default series.
#[pyclass(frozen, eq, from_py_object, module = "vastuu", name = "DefaultSeries")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyDefaultSeries(pub(crate) DefaultSeries);

impl Row for PyDefaultSeries {
    const NAME: &'static str = "DefaultSeries";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let s = &self.0;
        Ok(vec![("start", py_of(py, s.start)?), ("end", py_of(py, s.end)?), ("next_number", py_of(py, s.next_number)?)])
    }
}
row_methods!(PyDefaultSeries, |s| (s.0.start, s.0.end, s.0.next_number));

#[pymethods]
impl PyDefaultSeries {
    #[new]
    #[pyo3(signature = (*, start = 1, end = None, next_number = 1))]
    fn new(start: u64, end: Option<u64>, next_number: u64) -> Self {
        PyDefaultSeries(DefaultSeries { start, end, next_number })
    }
    #[getter]
    fn start(&self) -> u64 {
        self.0.start
    }
    #[getter]
    fn end(&self) -> Option<u64> {
        self.0.end
    }
    #[getter]
    fn next_number(&self) -> u64 {
        self.0.next_number
    }
}

/// One series of the numbering report.
#[pyclass(frozen, eq, module = "vastuu", name = "SeriesReport")]
#[derive(Clone, PartialEq)]
pub(crate) struct PySeriesReport(SeriesReport);

impl Row for PySeriesReport {
    const NAME: &'static str = "SeriesReport";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let s = &self.0;
        Ok(vec![
            ("series", series_to_py(py, s.series)?),
            ("group_name", py_of(py, &s.group_name)?),
            ("start", py_of(py, s.start)?),
            ("end", py_of(py, s.end)?),
            ("explicit_end", py_of(py, s.explicit_end)?),
            ("next_number", py_of(py, s.next_number)?),
            ("used", py_of(py, s.used)?),
            ("capacity_left", py_of(py, s.capacity_left)?),
        ])
    }
}
row_methods!(PySeriesReport, |s| s.0.series);

fn series_group(series: SeriesId) -> Option<PyCustomerGroupId> {
    match series {
        SeriesId::Default => None,
        SeriesId::Group(g) => Some(PyCustomerGroupId(g)),
    }
}

#[pymethods]
impl PySeriesReport {
    /// The customer group whose series this is, or `None` for the default series.
    #[getter]
    fn series(&self) -> Option<PyCustomerGroupId> {
        series_group(self.0.series)
    }
    #[getter]
    fn group_name(&self) -> Option<&str> {
        self.0.group_name.as_deref()
    }
    #[getter]
    fn start(&self) -> u64 {
        self.0.start
    }
    #[getter]
    fn end(&self) -> u64 {
        self.0.end
    }
    #[getter]
    fn explicit_end(&self) -> bool {
        self.0.explicit_end
    }
    #[getter]
    fn next_number(&self) -> u64 {
        self.0.next_number
    }
    #[getter]
    fn used(&self) -> u64 {
        self.0.used
    }
    #[getter]
    fn capacity_left(&self) -> u64 {
        self.0.capacity_left
    }
}

/// Conflict: two series' ranges overlap on `start..=end`.
#[pyclass(frozen, eq, module = "vastuu", name = "OverlappingRanges")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyOverlappingRanges {
    first: SeriesId,
    second: SeriesId,
    start: u64,
    end: u64,
}

impl Row for PyOverlappingRanges {
    const NAME: &'static str = "OverlappingRanges";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![
            ("first", series_to_py(py, self.first)?),
            ("second", series_to_py(py, self.second)?),
            ("start", py_of(py, self.start)?),
            ("end", py_of(py, self.end)?),
        ])
    }
}
row_methods!(PyOverlappingRanges, |s| (s.first, s.second));

#[pymethods]
impl PyOverlappingRanges {
    /// The series with the lower start (a group id, or `None` for the default series).
    #[getter]
    fn first(&self) -> Option<PyCustomerGroupId> {
        series_group(self.first)
    }
    /// The other series.
    #[getter]
    fn second(&self) -> Option<PyCustomerGroupId> {
        series_group(self.second)
    }
    /// First shared number.
    #[getter]
    fn start(&self) -> u64 {
        self.start
    }
    /// Last shared number.
    #[getter]
    fn end(&self) -> u64 {
        self.end
    }
}

/// Conflict: a customer holds a number inside the range of a series that is not its own.
#[pyclass(frozen, eq, module = "vastuu", name = "NumberInOtherSeries")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyNumberInOtherSeries {
    customer: vastuu::CustomerId,
    number: u64,
    series: SeriesId,
    own_series: SeriesId,
}

impl Row for PyNumberInOtherSeries {
    const NAME: &'static str = "NumberInOtherSeries";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![
            ("customer", py_of(py, PyCustomerId(self.customer))?),
            ("number", py_of(py, self.number)?),
            ("series", series_to_py(py, self.series)?),
            ("own_series", series_to_py(py, self.own_series)?),
        ])
    }
}
row_methods!(PyNumberInOtherSeries, |s| (s.customer, s.number));

#[pymethods]
impl PyNumberInOtherSeries {
    #[getter]
    fn customer(&self) -> PyCustomerId {
        PyCustomerId(self.customer)
    }
    #[getter]
    fn number(&self) -> u64 {
        self.number
    }
    /// The series whose range holds the number.
    #[getter]
    fn series(&self) -> Option<PyCustomerGroupId> {
        series_group(self.series)
    }
    /// The customer's own series.
    #[getter]
    fn own_series(&self) -> Option<PyCustomerGroupId> {
        series_group(self.own_series)
    }
}

/// Every series with its usage, and the conflicts between them.
#[pyclass(frozen, eq, module = "vastuu", name = "NumberingReport")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyNumberingReport(NumberingReport);

fn conflict_to_py<'py>(py: Python<'py>, conflict: &NumberingConflict) -> PyResult<Bound<'py, PyAny>> {
    match *conflict {
        NumberingConflict::OverlappingRanges { first, second, from, to } => {
            py_of(py, PyOverlappingRanges { first, second, start: from, end: to })
        }
        NumberingConflict::NumberInOtherSeries { customer, number, series, own_series } => {
            py_of(py, PyNumberInOtherSeries { customer, number, series, own_series })
        }
    }
}

impl Row for PyNumberingReport {
    const NAME: &'static str = "NumberingReport";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![("series", self.series(py)?), ("conflicts", self.conflicts(py)?)])
    }
}
row_methods!(PyNumberingReport, |s| s.0.series.len());

#[pymethods]
impl PyNumberingReport {
    /// The series, ordered by start.
    #[getter]
    fn series<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tuple_of(py, self.0.series.iter().cloned().map(PySeriesReport))
    }
    /// The conflicts found.
    #[getter]
    fn conflicts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let items = self.0.conflicts.iter().map(|c| conflict_to_py(py, c)).collect::<PyResult<Vec<_>>>()?;
        tuple_of(py, items)
    }
}

#[pymethods]
impl PyDirectory {
    /// Every series (start, end, next number, used, capacity left) and the conflicts between them.
    fn numbering_report(&self, py: Python<'_>) -> PyResult<PyNumberingReport> {
        self.read(py, |d| PyNumberingReport(d.numbering_report()))
    }

    /// The settings of the default series.
    fn default_series(&self, py: Python<'_>) -> PyResult<PyDefaultSeries> {
        self.read(py, |d| PyDefaultSeries(d.default_series()))
    }

    #[pyo3(signature = (start, end = None))]
    /// Configures the default series; existing numbers never change.
    fn set_default_series(&self, py: Python<'_>, start: NumberArg, end: Option<NumberArg>) -> PyResult<()> {
        let (s, e) = (start.value, end.as_ref().map(|n| n.value));
        let result = self.write(py, |d| d.set_default_series(s, e));
        restore_numbers(py, result, &[("start", Some(&start)), ("end", end.as_ref())])
    }
}

/// Registers the classes of this area.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDefaultSeries>()?;
    m.add_class::<PySeriesReport>()?;
    m.add_class::<PyOverlappingRanges>()?;
    m.add_class::<PyNumberInOtherSeries>()?;
    m.add_class::<PyNumberingReport>()?;
    Ok(())
}
