//! Special groups: free many-to-many groupings of customers.

use crate::directory::Directory;
use crate::error::Result;
use crate::ids::{CustomerId, SpecialGroupId};
use crate::lift::{lift_record, Lift};

/// A special group; a customer can be in any number of them.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpecialGroup {
    /// Id assigned by the library.
    pub id: SpecialGroupId,
    /// Name, unique (case-insensitive).
    pub name: String,
    /// Description (may span lines).
    pub description: Option<String>,
}

lift_record!(vastuu::SpecialGroup => SpecialGroup { id, name, description });

/// Input for [`Directory::create_special_group`].
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NewSpecialGroup {
    /// Name.
    pub name: String,
    /// Description.
    #[uniffi(default)]
    pub description: Option<String>,
    /// Customers.
    #[uniffi(default)]
    pub customers: Vec<CustomerId>,
}

/// Changes for [`Directory::update_special_group`]: a field left `null`/`nil` stays as it is.
#[derive(uniffi::Record, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SpecialGroupUpdate {
    /// New name.
    #[uniffi(default)]
    pub name: Option<String>,
    /// New description; a blank string removes it.
    #[uniffi(default)]
    pub description: Option<String>,
    /// New customers (replacing the set).
    #[uniffi(default)]
    pub customers: Option<Vec<CustomerId>>,
}

lift_record!(
    NewSpecialGroup => vastuu::NewSpecialGroup { name, description, customers }
    SpecialGroupUpdate => vastuu::SpecialGroupUpdate { name, description, customers }
);

#[uniffi::export]
impl Directory {
    /// Creates a special group with its customers.
    ///
    /// # Errors
    /// `InvalidText`; `DuplicateName`; `NotFound`.
    pub fn create_special_group(&self, group: NewSpecialGroup) -> Result<SpecialGroupId> {
        self.write(|d| d.create_special_group(group.into())).map(Into::into)
    }

    /// Changes a special group.
    ///
    /// # Errors
    /// `NotFound`; `InvalidText`; `DuplicateName`.
    pub fn update_special_group(&self, id: SpecialGroupId, update: SpecialGroupUpdate) -> Result<()> {
        self.write(|d| d.update_special_group(id.into(), update.into()))
    }

    /// Deletes a special group and its memberships (nothing else).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn delete_special_group(&self, id: SpecialGroupId) -> Result<()> {
        self.write(|d| d.delete_special_group(id.into()))
    }

    /// Adds a customer to a special group.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn add_to_special_group(&self, group: SpecialGroupId, customer: CustomerId) -> Result<()> {
        self.write(|d| d.add_to_special_group(group.into(), customer.into()))
    }

    /// Removes a customer from a special group.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn remove_from_special_group(&self, group: SpecialGroupId, customer: CustomerId) -> Result<()> {
        self.write(|d| d.remove_from_special_group(group.into(), customer.into()))
    }

    /// A special group.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn special_group(&self, id: SpecialGroupId) -> Result<SpecialGroup> {
        self.try_read(|d| d.special_group(id.into()).map(SpecialGroup::from))
    }

    /// Every special group, by id.
    pub fn special_groups(&self) -> Result<Vec<SpecialGroup>> {
        self.read(|d| d.special_groups().map(SpecialGroup::from).collect())
    }

    /// A special group's customers, by id.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn special_group_customers(&self, group: SpecialGroupId) -> Result<Vec<CustomerId>> {
        self.try_read(|d| d.special_group_customers(group.into()).map(Lift::lift))
    }
}
