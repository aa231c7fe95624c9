//! The reporting customer filter and the page of rows, shared by the views and the exports.

use crate::convert::convert_record;
use crate::customers::{Customer, CustomerPage, CustomerStatus};
use crate::directory::Directory;
use crate::error::Result;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, SpecialGroupId};
use crate::numbers::{Count, SmallCount};

/// Which rows of a sorted result a call returns: `limit` rows from position `offset` (0-based).
/// An offset past the end gives an empty page; the result's total always counts everything.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Page {
    /// Rows to skip.
    #[uniffi(default = 0)]
    pub offset: Count,
    /// Most rows to return.
    pub limit: SmallCount,
}

impl From<Page> for vastuu::Page {
    fn from(p: Page) -> Self {
        vastuu::Page::new(p.offset.0, u64::from(p.limit.0))
    }
}

/// How the special groups of a [`CustomerFilter`] combine.
pub type SpecialGroupMatch = vastuu::SpecialGroupMatch;

/// How the special groups of a [`CustomerFilter`] combine.
#[uniffi::remote(Enum)]
pub enum SpecialGroupMatch {
    /// The customer is in at least one of the special groups.
    AnyOf,
    /// The customer is in every one of the special groups.
    AllOf,
}

/// Which customers a [`CustomerFilter`] keeps by their archived flag.
pub type ArchivedFilter = vastuu::ArchivedFilter;

/// Which customers a [`CustomerFilter`] keeps by their archived flag.
#[uniffi::remote(Enum)]
pub enum ArchivedFilter {
    /// Only customers that are not archived.
    Exclude,
    /// Archived and other customers alike.
    Include,
    /// Only archived customers.
    Only,
}

/// The reporting customer filter, used by every view and export that picks customers. Every
/// criterion that is set must hold; the empty filter (`CustomerFilter()`) keeps every customer
/// that is not archived. Ids that name nothing are `NotFound` errors.
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CustomerFilter {
    /// Only these customers (empty: no restriction).
    #[uniffi(default)]
    pub customers: Vec<CustomerId>,
    /// Customers of these customer groups; together with `no_group`, customers in any of the
    /// groups or in none. When both are empty / false, the group does not matter.
    #[uniffi(default)]
    pub groups: Vec<CustomerGroupId>,
    /// Customers in no customer group ("No group").
    #[uniffi(default = false)]
    pub no_group: bool,
    /// Customers of these special groups, combined as `special_groups_match` says.
    #[uniffi(default)]
    pub special_groups: Vec<SpecialGroupId>,
    /// Any-of or all-of for `special_groups`; none means [`SpecialGroupMatch::AnyOf`].
    #[uniffi(default)]
    pub special_groups_match: Option<SpecialGroupMatch>,
    /// Only active customers or only prospects.
    #[uniffi(default)]
    pub status: Option<CustomerStatus>,
    /// Archived customers; none means [`ArchivedFilter::Exclude`].
    #[uniffi(default)]
    pub archived: Option<ArchivedFilter>,
    /// Free text: the name contains it (case-insensitively, in Finnish/Swedish comparison) or
    /// the number contains it as digits. Blank text is no restriction.
    #[uniffi(default)]
    pub text: Option<String>,
    /// Customers the employee holds a customer responsibility for (valid on the view's as-of
    /// date when the view has one).
    #[uniffi(default)]
    pub responsible: Option<EmployeeId>,
    /// Customers of the customer groups where the employee is a salesperson.
    #[uniffi(default)]
    pub salesperson: Option<EmployeeId>,
}

convert_record!(
    CustomerFilter => vastuu::CustomerFilter {
        customers,
        groups,
        no_group,
        special_groups,
        special_groups_match,
        status,
        archived,
        text,
        responsible,
        salesperson,
    }
    vastuu::CustomerFilter => CustomerFilter {
        customers,
        groups,
        no_group,
        special_groups,
        special_groups_match,
        status,
        archived,
        text,
        responsible,
        salesperson,
    }
);

/// The customers of a core page, as full records (looked up under the same lock).
pub(crate) fn customer_page(d: &vastuu::Directory, page: vastuu::CustomerPage, offset: Count) -> CustomerPage {
    let items = page.customers.iter().filter_map(|c| d.customer(c.id).ok()).map(Customer::from).collect();
    CustomerPage { total: Count(page.total), offset, items }
}

#[uniffi::export]
impl Directory {
    /// One page of the customers the filter keeps, in Finnish/Swedish order of their names
    /// (then by id), as the customer lists and the customer exports show them.
    ///
    /// # Errors
    /// `NotFound` for an id in the filter that names nothing.
    pub fn filter_customers(&self, filter: CustomerFilter, page: Page) -> Result<CustomerPage> {
        let filter = vastuu::CustomerFilter::from(filter);
        self.try_read(|d| Ok(customer_page(d, d.filter_customers_page(&filter, page.into())?, page.offset)))
    }
}
