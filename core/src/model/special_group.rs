//! Special groups: free many-to-many classification of customers.

use crate::model::ids::{CustomerId, SpecialGroupId};
use serde::{Deserialize, Serialize};

/// A special group ("erikoisryhmä"): a customer can be in any number of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialGroup {
    /// Id assigned by the library.
    pub id: SpecialGroupId,
    /// Name, unique (case-insensitive).
    pub name: String,
    /// Free description.
    pub description: Option<String>,
}

/// Input for [`Directory::create_special_group`](crate::Directory::create_special_group).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewSpecialGroup {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Customers.
    pub customers: Vec<CustomerId>,
}

impl NewSpecialGroup {
    /// A special group with a name and nothing else.
    pub fn new(name: impl Into<String>) -> Self {
        NewSpecialGroup { name: name.into(), ..Default::default() }
    }
    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }
    /// Sets the customers.
    pub fn customers(mut self, customers: impl IntoIterator<Item = CustomerId>) -> Self {
        self.customers = customers.into_iter().collect();
        self
    }
}

/// Changes for [`Directory::update_special_group`](crate::Directory::update_special_group); `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpecialGroupUpdate {
    /// New name.
    pub name: Option<String>,
    /// New description (`Some(None)` clears it).
    pub description: Option<Option<String>>,
    /// New customers (replaces the set).
    pub customers: Option<Vec<CustomerId>>,
}
