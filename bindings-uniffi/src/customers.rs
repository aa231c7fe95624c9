//! Customers and their projects.

use crate::convert::{convert_record, mirror, Convert};
use crate::directory::{calls, Directory};
use crate::error::Result;
use crate::ids::{CustomerGroupId, CustomerId, ProjectId, SpecialGroupId};
use crate::numbers::{Count, CustomerNumber, SmallCount};
use vastuu_host::page;

/// Whether a customer is a customer yet.
pub type CustomerStatus = vastuu::CustomerStatus;

/// Whether a customer is a customer yet.
#[uniffi::remote(Enum)]
pub enum CustomerStatus {
    /// A customer.
    Active,
    /// A prospective customer.
    Prospect,
}

/// A customer.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Customer {
    /// Id assigned by the library.
    pub id: CustomerId,
    /// Name, trimmed.
    pub name: String,
    /// Customer number, unique among all customers when set.
    pub number: Option<CustomerNumber>,
    /// Active or prospect.
    pub status: CustomerStatus,
    /// Archived customers are left out of views unless asked for.
    pub archived: bool,
    /// The customer group, if any ("No group" otherwise).
    pub group: Option<CustomerGroupId>,
    /// Special groups, by id.
    pub special_groups: Vec<SpecialGroupId>,
    /// The host system's key for the customer, unique among customers when set.
    #[uniffi(default)]
    pub external_id: Option<String>,
}

convert_record!(vastuu::Customer => Customer { id, name, number, status, archived, group, special_groups, external_id });

/// How a new customer gets its number.
#[derive(uniffi::Enum, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum NumberChoice {
    /// The next free number of its group's series (or of the default series).
    #[default]
    Next,
    /// This number (1 to 999,999,999,999,999, not held by another customer).
    Explicit {
        /// The number.
        number: CustomerNumber,
    },
    /// No number.
    Unnumbered,
}

mirror!(to_core vastuu::NumberChoice => NumberChoice { Next, Explicit(number), Unnumbered });

/// Input for [`Directory::create_customer`].
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NewCustomer {
    /// Name.
    pub name: String,
    /// How the number is chosen; none means [`NumberChoice::Next`].
    #[uniffi(default)]
    pub number: Option<NumberChoice>,
    /// Active or prospect; none means [`CustomerStatus::Active`].
    #[uniffi(default)]
    pub status: Option<CustomerStatus>,
    /// Customer group.
    #[uniffi(default)]
    pub group: Option<CustomerGroupId>,
    /// Special groups.
    #[uniffi(default)]
    pub special_groups: Vec<SpecialGroupId>,
    /// The host system's key, unique among customers (compared exactly; `DuplicateExternalId`).
    #[uniffi(default)]
    pub external_id: Option<String>,
}

convert_record!(NewCustomer => vastuu::NewCustomer { name, number, status, group, special_groups, external_id });

/// Changes for [`Directory::update_customer`]: a field left `null`/`nil` stays as it is. The
/// number, group and special groups have calls of their own.
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CustomerUpdate {
    /// New name.
    #[uniffi(default)]
    pub name: Option<String>,
    /// New status.
    #[uniffi(default)]
    pub status: Option<CustomerStatus>,
    /// Archive or unarchive.
    #[uniffi(default)]
    pub archived: Option<bool>,
    /// New host system key; a blank string removes it.
    #[uniffi(default)]
    pub external_id: Option<String>,
}

convert_record!(CustomerUpdate => vastuu::CustomerUpdate { name, status, archived, external_id });

/// One page of customers.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct CustomerPage {
    /// How many customers there are in all.
    pub total: Count,
    /// Position of the first item of this page.
    pub offset: Count,
    /// The customers of this page.
    pub items: Vec<Customer>,
}

/// A project of a customer.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Project {
    /// Id assigned by the library.
    pub id: ProjectId,
    /// The customer it belongs to.
    pub customer: CustomerId,
    /// Name, trimmed.
    pub name: String,
    /// Archived.
    pub archived: bool,
    /// The host system's key for the project, unique among projects when set.
    #[uniffi(default)]
    pub external_id: Option<String>,
}

convert_record!(vastuu::Project => Project { id, customer, name, archived, external_id });

/// Changes for [`Directory::update_project`]: a field left `null`/`nil` stays as it is.
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProjectUpdate {
    /// New name.
    #[uniffi(default)]
    pub name: Option<String>,
    /// Archive or unarchive.
    #[uniffi(default)]
    pub archived: Option<bool>,
    /// New host system key; a blank string removes it.
    #[uniffi(default)]
    pub external_id: Option<String>,
}

convert_record!(ProjectUpdate => vastuu::ProjectUpdate { name, archived, external_id });

/// One page of projects.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProjectPage {
    /// How many projects there are in all.
    pub total: Count,
    /// Position of the first item of this page.
    pub offset: Count,
    /// The projects of this page.
    pub items: Vec<Project>,
}

#[uniffi::export]
impl Directory {
    /// Creates several customers as one atomic change set (for imports): either all are created,
    /// or, on the first error, none.
    ///
    /// # Errors
    /// As [`Directory::create_customer`], for the first customer that fails.
    pub fn create_customers(&self, customers: Vec<NewCustomer>) -> Result<Vec<CustomerId>> {
        self.write(|d| {
            d.transaction(|d| customers.iter().map(|n| d.create_customer(n.clone().into()).map(Into::into)).collect())
        })
    }

    /// Several customers, in the order asked.
    ///
    /// # Errors
    /// `NotFound` for the first unknown id.
    pub fn customers_by_ids(&self, ids: Vec<CustomerId>) -> Result<Vec<Customer>> {
        self.try_read(|d| ids.iter().map(|&id| d.customer(id.into()).map(Customer::from)).collect())
    }

    /// One page of all customers (archived ones included), by id: `limit` customers from
    /// position `offset`.
    pub fn customer_page(&self, offset: Count, limit: SmallCount) -> Result<CustomerPage> {
        self.read(|d| {
            let (total, items) = page(d.customers(), offset.0, limit.0);
            CustomerPage { total: total.convert(), offset, items: items.convert() }
        })
    }

    /// Creates a project for a customer, with the host system's key if given (unique among
    /// projects).
    ///
    /// # Errors
    /// `NotFound`; `InvalidText`; `DuplicateExternalId`.
    #[uniffi::method(default(external_id = None))]
    pub fn create_project(&self, customer: CustomerId, name: String, external_id: Option<String>) -> Result<ProjectId> {
        let new = vastuu::NewProject { name, external_id };
        self.write(|d| d.create_project_with(customer.into(), &new)).map(Into::into)
    }

    /// The customer with this external id (compared exactly), if any.
    pub fn customer_by_external_id(&self, external_id: String) -> Result<Option<Customer>> {
        self.read(|d| d.customer_by_external_id(&external_id).map(Customer::from))
    }

    /// The project with this external id (compared exactly), if any.
    pub fn project_by_external_id(&self, external_id: String) -> Result<Option<Project>> {
        self.read(|d| d.project_by_external_id(&external_id).map(Project::from))
    }

    /// One page of all projects, by id.
    pub fn project_page(&self, offset: Count, limit: SmallCount) -> Result<ProjectPage> {
        self.read(|d| {
            let (total, items) = page(d.projects(), offset.0, limit.0);
            ProjectPage { total: total.convert(), offset, items: items.convert() }
        })
    }
}

calls! {
    /// Creates a customer. Without an explicit number it gets the next number of its group's
    /// series (or of the default series).
    write create_customer(customer: NewCustomer) -> CustomerId,
        throws "`InvalidText`; `NotFound` for an unknown group or special group; `InvalidCustomerNumber`;"
        "`DuplicateCustomerNumber`; `NumberRangeExhausted`.";
    /// Changes a customer's name, status, archived flag or external id.
    write update_customer(id: CustomerId, update: CustomerUpdate),
        throws "`NotFound`; `InvalidText`; `DuplicateExternalId`.";
    /// Archives a customer (the normal way to retire one).
    write archive_customer(id: CustomerId), throws "`NotFound`.";
    /// Unarchives a customer.
    write unarchive_customer(id: CustomerId), throws "`NotFound`.";
    /// Sets a customer's number by hand, or removes it (`null`/`nil`). Series counters do not move.
    write set_customer_number(id: CustomerId, number: Option<CustomerNumber>),
        throws "`NotFound`; `InvalidCustomerNumber`; `DuplicateCustomerNumber`.";
    /// Gives a customer the next number of its group's series (the explicit, non-retroactive
    /// way to renumber). Returns the new number.
    write renumber_customer(id: CustomerId) -> CustomerNumber, throws "`NotFound`; `NumberRangeExhausted`.";
    /// Deletes a customer with its responsibilities and memberships. Refused while it has
    /// projects; archiving is the normal way to retire a customer.
    write delete_customer(id: CustomerId), throws "`NotFound`; `CustomerHasProjects`.";
    /// A customer.
    try_read customer(id: CustomerId) -> Customer, throws "`NotFound`.";
    /// The customer holding a number, if any.
    read customer_by_number(number: CustomerNumber) -> Option<Customer>;
    /// Changes a project's name, archived flag or external id.
    write update_project(id: ProjectId, update: ProjectUpdate),
        throws "`NotFound`; `InvalidText`; `DuplicateExternalId`.";
    /// Archives a project.
    write archive_project(id: ProjectId), throws "`NotFound`.";
    /// Deletes a project with its responsibilities.
    write delete_project(id: ProjectId), throws "`NotFound`.";
    /// A project.
    try_read project(id: ProjectId) -> Project, throws "`NotFound`.";
    /// A customer's projects, by id.
    try_read projects_of(customer: CustomerId) -> Vec<Project>, throws "`NotFound`.";
}
