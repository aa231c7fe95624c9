//! The reporting customer filter (one `CustomerFilter` object, taken by every view and export
//! that selects customers) and the `Page` of a paged view.

use crate::convert::{enum_to_py, EnumArg, Given, Items};
use crate::ids::{PyCustomerGroupId, PyCustomerId, PyEmployeeId, PySpecialGroupId};
use crate::rows::{py_of, row_methods, tuple_of, Fields, Row};
use pyo3::prelude::*;
use vastuu::{ArchivedFilter, CustomerFilter, CustomerStatus, Page, SpecialGroupMatch};

/// Which customers a view or an export covers. Every criterion given must hold; the empty filter
/// keeps every customer that is not archived.
#[pyclass(frozen, eq, from_py_object, module = "vastuu", name = "CustomerFilter")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyCustomerFilter(pub(crate) CustomerFilter);

impl Row for PyCustomerFilter {
    const NAME: &'static str = "CustomerFilter";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let f = &self.0;
        Ok(vec![
            ("customers", self.customers(py)?),
            ("groups", self.groups(py)?),
            ("no_group", py_of(py, f.no_group)?),
            ("special_groups", self.special_groups(py)?),
            ("special_groups_match", enum_to_py(py, f.special_groups_match)?),
            ("status", self.status(py)?),
            ("archived", enum_to_py(py, f.archived)?),
            ("text", py_of(py, &f.text)?),
            ("responsible", py_of(py, f.responsible.map(PyEmployeeId))?),
            ("salesperson", py_of(py, f.salesperson.map(PyEmployeeId))?),
        ])
    }
}
row_methods!(PyCustomerFilter, |s| (
    &s.0.customers,
    &s.0.groups,
    s.0.no_group,
    &s.0.special_groups,
    &s.0.text,
    s.0.responsible,
    s.0.salesperson
));

/// The filter given to a view: the empty filter when none is given.
pub(crate) fn filter_of(filter: Option<PyRef<'_, PyCustomerFilter>>) -> CustomerFilter {
    filter.map(|f| f.0.clone()).unwrap_or_default()
}

#[pymethods]
impl PyCustomerFilter {
    #[new]
    #[pyo3(signature = (*, customers = Items::default(), groups = Items::default(), no_group = false,
        special_groups = Items::default(), special_groups_match = Given::Omitted, status = None,
        archived = Given::Omitted, text = None, responsible = None, salesperson = None))]
    fn new(
        customers: Items<PyCustomerId>,
        groups: Items<PyCustomerGroupId>,
        no_group: bool,
        special_groups: Items<PySpecialGroupId>,
        special_groups_match: Given<EnumArg<SpecialGroupMatch>>,
        status: Option<EnumArg<CustomerStatus>>,
        archived: Given<EnumArg<ArchivedFilter>>,
        text: Option<String>,
        responsible: Option<PyEmployeeId>,
        salesperson: Option<PyEmployeeId>,
    ) -> Self {
        PyCustomerFilter(CustomerFilter {
            customers: customers.0.into_iter().map(|c| c.0).collect(),
            groups: groups.0.into_iter().map(|g| g.0).collect(),
            no_group,
            special_groups: special_groups.0.into_iter().map(|g| g.0).collect(),
            special_groups_match: special_groups_match.into_option().map_or(SpecialGroupMatch::AnyOf, |m| m.0),
            status: status.map(|s| s.0),
            archived: archived.into_option().map_or(ArchivedFilter::Exclude, |a| a.0),
            text,
            responsible: responsible.map(|e| e.0),
            salesperson: salesperson.map(|e| e.0),
        })
    }
    /// Only these customers (empty: no restriction).
    #[getter]
    fn customers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tuple_of(py, self.0.customers.iter().copied().map(PyCustomerId))
    }
    /// Customers of these customer groups (or, with `no_group`, in none).
    #[getter]
    fn groups<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tuple_of(py, self.0.groups.iter().copied().map(PyCustomerGroupId))
    }
    /// Customers in no customer group ("No group").
    #[getter]
    fn no_group(&self) -> bool {
        self.0.no_group
    }
    /// Customers of these special groups, combined as `special_groups_match` says.
    #[getter]
    fn special_groups<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tuple_of(py, self.0.special_groups.iter().copied().map(PySpecialGroupId))
    }
    /// `SpecialGroupMatch.ANY_OF` (the default) or `ALL_OF`.
    #[getter]
    fn special_groups_match<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_to_py(py, self.0.special_groups_match)
    }
    /// Only active customers or only prospects (`None`: both).
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.0.status {
            Some(status) => enum_to_py(py, status),
            None => Ok(py.None().into_bound(py)),
        }
    }
    /// Archived customers: `ArchivedFilter.EXCLUDE` (the default), `INCLUDE` or `ONLY`.
    #[getter]
    fn archived<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_to_py(py, self.0.archived)
    }
    /// Free text, found in the name (case-insensitively, in Finnish collation) or the number.
    #[getter]
    fn text(&self) -> Option<&str> {
        self.0.text.as_deref()
    }
    /// Customers this employee is responsible for (valid on the view's as-of date, if any).
    #[getter]
    fn responsible(&self) -> Option<PyEmployeeId> {
        self.0.responsible.map(PyEmployeeId)
    }
    /// Customers of the groups where this employee is a salesperson.
    #[getter]
    fn salesperson(&self) -> Option<PyEmployeeId> {
        self.0.salesperson.map(PyEmployeeId)
    }
}

/// Which part of a sorted result a view returns: `limit` items from `offset` (0-based;
/// `limit=None`: all the rest).
#[pyclass(frozen, eq, hash, from_py_object, module = "vastuu", name = "Page")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyPage(pub(crate) Page);

/// The page given to a view: everything when none is given.
pub(crate) fn page_of(page: Option<PyPage>) -> Page {
    page.map_or(Page::ALL, |p| p.0)
}

impl Row for PyPage {
    const NAME: &'static str = "Page";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![("offset", py_of(py, self.0.offset)?), ("limit", py_of(py, self.limit())?)])
    }
}

#[pymethods]
impl PyPage {
    #[new]
    #[pyo3(signature = (offset = 0, limit = None))]
    fn new(offset: u64, limit: Option<u64>) -> Self {
        PyPage(Page::new(offset, limit.unwrap_or(u64::MAX)))
    }
    /// Items skipped.
    #[getter]
    fn offset(&self) -> u64 {
        self.0.offset
    }
    /// Most items returned (`None`: no limit).
    #[getter]
    fn limit(&self) -> Option<u64> {
        (self.0.limit != u64::MAX).then_some(self.0.limit)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        crate::rows::repr_of(Self::NAME, self.fields(py)?)
    }
    /// The page as a dict of plain values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        crate::rows::dict_of(py, self.plain_fields(py)?)
    }
}

/// Registers the classes of this area.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCustomerFilter>()?;
    m.add_class::<PyPage>()?;
    Ok(())
}
