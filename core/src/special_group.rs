//! Special groups: free many-to-many classification of customers.

use crate::error::{Error, Field, Result};
use crate::ids::{CustomerId, EntityKind, SpecialGroupId};
use crate::state::State;
use crate::{text, Change, Directory};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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

/// Input for [`Directory::create_special_group`].
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

/// Changes for [`Directory::update_special_group`]; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpecialGroupUpdate {
    /// New name.
    pub name: Option<String>,
    /// New description (`Some(None)` clears it).
    pub description: Option<Option<String>>,
    /// New customers (replaces the set).
    pub customers: Option<Vec<CustomerId>>,
}

impl State {
    fn check_unique_special(&self, name: &str, except: Option<SpecialGroupId>) -> Result<()> {
        match self.names.special_groups.get(&text::fold(name)) {
            Some(&existing) if Some(existing) != except => Err(Error::DuplicateName {
                kind: EntityKind::SpecialGroup,
                name: name.to_owned(),
                existing: existing.into(),
            }),
            _ => Ok(()),
        }
    }

    fn plan_special_members(
        &self,
        group: SpecialGroupId,
        wanted: &[CustomerId],
        changes: &mut Vec<Change>,
    ) -> Result<()> {
        let mut wanted_set = BTreeSet::new();
        for &id in wanted {
            self.customer(id)?;
            wanted_set.insert(id);
        }
        for &id in &wanted_set {
            let c = self.customer(id)?;
            if !c.special_groups.contains(&group) {
                let mut c = c.clone();
                c.special_groups.insert(group);
                changes.push(Change::PutCustomer(c));
            }
        }
        for id in self.special_member_ids(group) {
            if !wanted_set.contains(&id) {
                let mut c = self.customer(id)?.clone();
                c.special_groups.remove(&group);
                changes.push(Change::PutCustomer(c));
            }
        }
        Ok(())
    }
}

impl Directory {
    /// Creates a special group with its customers, atomically.
    ///
    /// # Errors
    /// [`Error::InvalidText`]; [`Error::DuplicateName`]; [`Error::NotFound`] for an unknown customer.
    pub fn create_special_group(&mut self, new: NewSpecialGroup) -> Result<SpecialGroupId> {
        self.mutate(|s| {
            let name = text::name(Field::SpecialGroupName, &new.name)?;
            s.check_unique_special(&name, None)?;
            let description = text::optional_description(new.description.as_deref())?;
            let id = s.next_ids.special_group_id();
            let mut changes = vec![Change::PutSpecialGroup(SpecialGroup { id, name, description })];
            s.plan_special_members(id, &new.customers, &mut changes)?;
            Ok((changes, id))
        })
    }

    /// Saves changes to a special group atomically.
    ///
    /// # Errors
    /// As [`Directory::create_special_group`].
    pub fn update_special_group(&mut self, id: SpecialGroupId, update: SpecialGroupUpdate) -> Result<()> {
        self.mutate(|s| {
            let mut g = s.special_group(id)?.clone();
            if let Some(name) = &update.name {
                g.name = text::name(Field::SpecialGroupName, name)?;
                s.check_unique_special(&g.name, Some(id))?;
            }
            if let Some(description) = &update.description {
                g.description = text::optional_description(description.as_deref())?;
            }
            let mut changes = Vec::new();
            if s.special_groups.get(&id) != Some(&g) {
                changes.push(Change::PutSpecialGroup(g));
            }
            if let Some(customers) = &update.customers {
                s.plan_special_members(id, customers, &mut changes)?;
            }
            Ok((changes, ()))
        })
    }

    /// Deletes a special group and its memberships; the customers are untouched otherwise.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn delete_special_group(&mut self, id: SpecialGroupId) -> Result<()> {
        self.mutate(|s| {
            s.special_group(id)?;
            let mut changes = Vec::new();
            s.plan_special_members(id, &[], &mut changes)?;
            changes.push(Change::DeleteSpecialGroup(id));
            Ok((changes, ()))
        })
    }

    /// Adds a customer to a special group (nothing happens if it is already there).
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn add_to_special_group(&mut self, group: SpecialGroupId, customer: CustomerId) -> Result<()> {
        self.mutate(|s| {
            s.special_group(group)?;
            let mut c = s.customer(customer)?.clone();
            c.special_groups.insert(group);
            Ok((s.put_if_changed_customer(c), ()))
        })
    }

    /// Removes a customer from a special group (nothing happens if it was not there).
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn remove_from_special_group(&mut self, group: SpecialGroupId, customer: CustomerId) -> Result<()> {
        self.mutate(|s| {
            s.special_group(group)?;
            let mut c = s.customer(customer)?.clone();
            c.special_groups.remove(&group);
            Ok((s.put_if_changed_customer(c), ()))
        })
    }
}
