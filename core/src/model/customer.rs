//! Customers and their projects.

use crate::model::ids::{CustomerGroupId, CustomerId, ProjectId, SpecialGroupId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// Whether a customer is a customer or still a prospect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CustomerStatus {
    /// An active customer.
    #[default]
    Active,
    /// A prospect ("prospekti").
    Prospect,
}

impl fmt::Display for CustomerStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CustomerStatus::Active => "active",
            CustomerStatus::Prospect => "prospect",
        })
    }
}

/// A customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// Id assigned by the library.
    pub id: CustomerId,
    /// Name, trimmed.
    pub name: String,
    /// Customer number, unique among all customers when set.
    pub number: Option<u64>,
    /// Active or prospect.
    pub status: CustomerStatus,
    /// Archived customers are hidden from views unless asked for.
    pub archived: bool,
    /// The customer group, if any (at most one).
    pub group: Option<CustomerGroupId>,
    /// Special groups (any number).
    pub special_groups: BTreeSet<SpecialGroupId>,
    /// The host system's key for the customer, unique among customers when set.
    pub external_id: Option<String>,
}

/// How a new customer gets its number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum NumberChoice {
    /// The next free number of the customer's group series, or of the default series when the
    /// group has no numbering or the customer has no group.
    #[default]
    Next,
    /// This number; it must be free.
    Explicit(u64),
    /// No number.
    Unnumbered,
}

/// Input for [`Directory::create_customer`](crate::Directory::create_customer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCustomer {
    /// Name.
    pub name: String,
    /// Number.
    pub number: NumberChoice,
    /// Status.
    pub status: CustomerStatus,
    /// Customer group.
    pub group: Option<CustomerGroupId>,
    /// Special groups.
    pub special_groups: Vec<SpecialGroupId>,
    /// The host system's key, unique among customers (compared exactly, case-sensitively).
    pub external_id: Option<String>,
}

impl NewCustomer {
    /// An active customer with the next number of the default series and no groups.
    pub fn new(name: impl Into<String>) -> Self {
        NewCustomer {
            name: name.into(),
            number: NumberChoice::Next,
            status: CustomerStatus::Active,
            group: None,
            special_groups: Vec::new(),
            external_id: None,
        }
    }
    /// Sets the host system's key.
    pub fn external_id(mut self, key: impl Into<String>) -> Self {
        self.external_id = Some(key.into());
        self
    }
    /// Sets an explicit number.
    pub fn number(mut self, number: u64) -> Self {
        self.number = NumberChoice::Explicit(number);
        self
    }
    /// Creates the customer without a number.
    pub fn unnumbered(mut self) -> Self {
        self.number = NumberChoice::Unnumbered;
        self
    }
    /// Sets the status.
    pub fn status(mut self, status: CustomerStatus) -> Self {
        self.status = status;
        self
    }
    /// Puts the customer in a customer group (and, with [`NumberChoice::Next`], numbers it from the
    /// group's series).
    pub fn group(mut self, group: CustomerGroupId) -> Self {
        self.group = Some(group);
        self
    }
    /// Adds the customer to a special group.
    pub fn special_group(mut self, group: SpecialGroupId) -> Self {
        self.special_groups.push(group);
        self
    }
}

/// Changes for [`Directory::update_customer`](crate::Directory::update_customer); `None` leaves a field as it is. Number and group
/// membership have calls of their own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerUpdate {
    /// New name.
    pub name: Option<String>,
    /// New status.
    pub status: Option<CustomerStatus>,
    /// Archive or unarchive.
    pub archived: Option<bool>,
    /// New host system key (`Some(None)` clears it).
    pub external_id: Option<Option<String>>,
}

/// A project of a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Id assigned by the library.
    pub id: ProjectId,
    /// The customer the project belongs to.
    pub customer: CustomerId,
    /// Name, trimmed.
    pub name: String,
    /// Archived projects are hidden from views unless asked for.
    pub archived: bool,
    /// The host system's key for the project, unique among projects when set.
    pub external_id: Option<String>,
}

/// Changes for [`Directory::update_project`](crate::Directory::update_project); `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectUpdate {
    /// New name.
    pub name: Option<String>,
    /// Archive or unarchive.
    pub archived: Option<bool>,
    /// New host system key (`Some(None)` clears it).
    pub external_id: Option<Option<String>>,
}

/// Input for [`Directory::create_project_with`](crate::Directory::create_project_with).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProject {
    /// Name.
    pub name: String,
    /// The host system's key, unique among projects (compared exactly, case-sensitively).
    pub external_id: Option<String>,
}

impl NewProject {
    /// A project with a name and nothing else.
    pub fn new(name: impl Into<String>) -> Self {
        NewProject { name: name.into(), external_id: None }
    }
    /// Sets the host system's key.
    pub fn external_id(mut self, key: impl Into<String>) -> Self {
        self.external_id = Some(key.into());
        self
    }
}
