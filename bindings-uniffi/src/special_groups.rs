//! Special groups: free many-to-many groupings of customers.

use crate::convert::convert_record;
use crate::directory::{calls, Directory};
use crate::ids::{CustomerId, SpecialGroupId};

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

convert_record!(vastuu::SpecialGroup => SpecialGroup { id, name, description });

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

convert_record!(
    NewSpecialGroup => vastuu::NewSpecialGroup { name, description, customers }
    SpecialGroupUpdate => vastuu::SpecialGroupUpdate { name, description, customers }
);

calls! {
    /// Creates a special group with its customers.
    write create_special_group(group: NewSpecialGroup) -> SpecialGroupId,
        throws "`InvalidText`; `DuplicateName`; `NotFound`.";
    /// Changes a special group.
    write update_special_group(id: SpecialGroupId, update: SpecialGroupUpdate),
        throws "`NotFound`; `InvalidText`; `DuplicateName`.";
    /// Deletes a special group and its memberships (nothing else).
    write delete_special_group(id: SpecialGroupId), throws "`NotFound`.";
    /// Adds a customer to a special group.
    write add_to_special_group(group: SpecialGroupId, customer: CustomerId), throws "`NotFound`.";
    /// Removes a customer from a special group.
    write remove_from_special_group(group: SpecialGroupId, customer: CustomerId), throws "`NotFound`.";
    /// A special group.
    try_read special_group(id: SpecialGroupId) -> SpecialGroup, throws "`NotFound`.";
    /// Every special group, by id.
    list special_groups() -> Vec<SpecialGroup>;
    /// A special group's customers, by id.
    try_read special_group_customers(group: SpecialGroupId) -> Vec<CustomerId>, throws "`NotFound`.";
}
