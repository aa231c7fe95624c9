//! The reporting customer filter (one `CustomerFilter` object, taken by every view and export
//! that selects customers) and the `Page` of a paged view.

use crate::convert::{enum_to_py, EnumArg, Given, Items};
use crate::ids::{PyCustomerGroupId, PyCustomerId, PyEmployeeId, PySpecialGroupId};
use crate::rows::{row_class, tuple_of};
use pyo3::prelude::*;
use vastuu::{ArchivedFilter, CustomerFilter, CustomerStatus, Page, SpecialGroupMatch};

row_class!(
    /// Which customers a view or an export covers. Every criterion given must hold; the empty
    /// filter keeps every customer that is not archived.
    PyCustomerFilter(CustomerFilter) as "CustomerFilter" + from_py_object,
    hash |s| {
        let f = &s.0;
        (&f.customers, &f.groups, f.no_group, &f.special_groups, &f.text, f.responsible, f.salesperson)
    },
    new(*, customers = Items::default(), groups = Items::default(), no_group = false,
        special_groups = Items::default(), special_groups_match = Given::Omitted, status = None,
        archived = Given::Omitted, text = None, responsible = None, salesperson = None),
    |py, r| {
        /// Only these customers (empty: no restriction).
        customers(Items<PyCustomerId>): tuple_of(py, r.customers.iter().copied().map(PyCustomerId))?,
        /// Customers of these customer groups (or, with `no_group`, in none).
        groups(Items<PyCustomerGroupId>): tuple_of(py, r.groups.iter().copied().map(PyCustomerGroupId))?,
        /// Customers in no customer group ("No group").
        no_group(bool): r.no_group,
        /// Customers of these special groups, combined as `special_groups_match` says.
        special_groups(Items<PySpecialGroupId>): tuple_of(py, r.special_groups.iter().copied().map(PySpecialGroupId))?,
        /// `SpecialGroupMatch.ANY_OF` (the default) or `ALL_OF`.
        special_groups_match(Given<EnumArg<SpecialGroupMatch>>): enum_to_py(py, r.special_groups_match)?,
        /// Only active customers or only prospects (`None`: both).
        status(Option<EnumArg<CustomerStatus>>): r.status.map(|s| enum_to_py(py, s)).transpose()?,
        /// Archived customers: `ArchivedFilter.EXCLUDE` (the default), `INCLUDE` or `ONLY`.
        archived(Given<EnumArg<ArchivedFilter>>): enum_to_py(py, r.archived)?,
        /// Free text, found in the name (case-insensitively, in Finnish collation) or the number.
        text(Option<String>): &r.text,
        /// Customers this employee is responsible for (valid on the view's as-of date, if any).
        responsible(Option<PyEmployeeId>): r.responsible.map(PyEmployeeId),
        /// Customers of the groups where this employee is a salesperson.
        salesperson(Option<PyEmployeeId>): r.salesperson.map(PyEmployeeId),
    }
);

/// The filter given to a view: the empty filter when none is given.
pub(crate) fn filter_of(filter: Option<PyRef<'_, PyCustomerFilter>>) -> CustomerFilter {
    filter.map(|f| f.0.clone()).unwrap_or_default()
}

row_class!(
    /// Which part of a sorted result a view returns: `limit` items from `offset` (0-based;
    /// `limit=None`: all the rest).
    PyPage(Page) as "Page" + from_py_object, hash |s| s.0, |py, r| {
        /// Items skipped.
        offset: r.offset,
        /// Most items returned (`None`: no limit).
        limit: (r.limit != u64::MAX).then_some(r.limit),
    }
);

#[pymethods]
impl PyPage {
    #[new]
    #[pyo3(signature = (offset = 0, limit = None))]
    fn new(offset: u64, limit: Option<u64>) -> Self {
        PyPage(Page::new(offset, limit.unwrap_or(u64::MAX)))
    }
}

/// The page given to a view: everything when none is given.
pub(crate) fn page_of(page: Option<PyPage>) -> Page {
    page.map_or(Page::ALL, |p| p.0)
}
