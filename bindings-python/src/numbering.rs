//! Customer-number series: the default series, the numbering report.

use crate::convert::{restore_numbers, NumberArg};
use crate::directory::{calls, PyDirectory};
use crate::ids::{series_to_py, PyCustomerId};
use crate::rows::{py_of, row_class, try_tuple_of, tuple_of};
use pyo3::prelude::*;
use vastuu::{DefaultSeries, NumberingConflict, NumberingReport, SeriesId, SeriesReport};

row_class!(
    /// Configuration and counter of the default series.
    PyDefaultSeries(DefaultSeries) as "DefaultSeries" + from_py_object, hash |s| (s.0.start, s.0.end, s.0.next_number),
    new(*, start = 1, end = None, next_number = 1),
    |py, r| {
        start(u64): r.start,
        end(Option<u64>): r.end,
        next_number(u64): r.next_number,
    }
);

row_class!(
    /// One series of the numbering report.
    PySeriesReport(SeriesReport) as "SeriesReport", hash |s| s.0.series, |py, r| {
        /// The customer group whose series this is, or `None` for the default series.
        series: series_to_py(py, r.series)?,
        group_name: &r.group_name,
        start: r.start,
        end: r.end,
        explicit_end: r.explicit_end,
        next_number: r.next_number,
        used: r.used,
        capacity_left: r.capacity_left,
    }
);

row_class!(
    /// Conflict: two series' ranges overlap on `start..=end`.
    PyOverlappingRanges { first: SeriesId, second: SeriesId, start: u64, end: u64 } as "OverlappingRanges",
    hash |s| (s.first, s.second),
    |py, r| {
        /// The series with the lower start (a group id, or `None` for the default series).
        first: series_to_py(py, r.first)?,
        /// The other series.
        second: series_to_py(py, r.second)?,
        /// First shared number.
        start: r.start,
        /// Last shared number.
        end: r.end,
    }
);

row_class!(
    /// Conflict: a customer holds a number inside the range of a series that is not its own.
    PyNumberInOtherSeries { customer: vastuu::CustomerId, number: u64, series: SeriesId, own_series: SeriesId }
        as "NumberInOtherSeries",
    hash |s| (s.customer, s.number),
    |py, r| {
        customer: PyCustomerId(r.customer),
        number: r.number,
        /// The series whose range holds the number.
        series: series_to_py(py, r.series)?,
        /// The customer's own series.
        own_series: series_to_py(py, r.own_series)?,
    }
);

row_class!(
    /// Every series with its usage, and the conflicts between them.
    PyNumberingReport(NumberingReport) as "NumberingReport", hash |s| s.0.series.len(), |py, r| {
        /// The series, ordered by start.
        series: tuple_of(py, r.series.iter().cloned().map(PySeriesReport))?,
        /// The conflicts found.
        conflicts: try_tuple_of(py, r.conflicts.iter().map(|c| conflict_to_py(py, c)))?,
    }
);

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

#[pymethods]
impl PyDirectory {
    #[pyo3(signature = (start, end = None))]
    /// Configures the default series; existing numbers never change.
    fn set_default_series(&self, py: Python<'_>, start: NumberArg, end: Option<NumberArg>) -> PyResult<()> {
        let (s, e) = (start.value, end.as_ref().map(|n| n.value));
        let result = self.write(py, |d| d.set_default_series(s, e));
        restore_numbers(py, result, &[("start", Some(&start)), ("end", end.as_ref())])
    }
}

calls! {
    /// Every series (start, end, next number, used, capacity left) and the conflicts between them.
    read numbering_report() -> PyNumberingReport;
    /// The settings of the default series.
    read default_series() -> PyDefaultSeries;
}
