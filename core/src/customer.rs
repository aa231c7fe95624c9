//! Customers and their projects.

use crate::error::{Error, Field, Result};
use crate::ids::{CustomerGroupId, CustomerId, ProjectId, SpecialGroupId};
use crate::numbering::{self, MAX_CUSTOMER_NUMBER};
use crate::responsibility::Subject;
use crate::{text, Change, Directory};
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

/// Input for [`Directory::create_customer`].
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
        }
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

/// Changes for [`Directory::update_customer`]; `None` leaves a field as it is. Number and group
/// membership have calls of their own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerUpdate {
    /// New name.
    pub name: Option<String>,
    /// New status.
    pub status: Option<CustomerStatus>,
    /// Archive or unarchive.
    pub archived: Option<bool>,
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
}

/// Changes for [`Directory::update_project`]; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectUpdate {
    /// New name.
    pub name: Option<String>,
    /// Archive or unarchive.
    pub archived: Option<bool>,
}

pub(crate) fn check_number(number: u64) -> Result<u64> {
    if (1..=MAX_CUSTOMER_NUMBER).contains(&number) {
        Ok(number)
    } else {
        Err(Error::InvalidCustomerNumber { number, max: MAX_CUSTOMER_NUMBER })
    }
}

impl Directory {
    /// Creates a customer. Without an explicit number it gets the next free number of its group's
    /// series (or of the default series).
    ///
    /// # Errors
    /// [`Error::InvalidText`]; [`Error::NotFound`] for an unknown group or special group;
    /// [`Error::InvalidCustomerNumber`]; [`Error::DuplicateCustomerNumber`];
    /// [`Error::NumberRangeExhausted`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let a = dir.create_customer(NewCustomer::new("Esimerkki Oy"))?;
    /// assert_eq!(dir.customer(a)?.number, Some(1));
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000))?;
    /// let b = dir.create_customer(NewCustomer::new("Öljy Ab").group(g))?;
    /// assert_eq!(dir.customer(b)?.number, Some(1000));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn create_customer(&mut self, new: NewCustomer) -> Result<CustomerId> {
        self.mutate(|s| {
            let name = text::name(Field::CustomerName, &new.name)?;
            if let Some(g) = new.group {
                s.customer_group(g)?;
            }
            let mut special_groups = BTreeSet::new();
            for &sg in &new.special_groups {
                s.special_group(sg)?;
                special_groups.insert(sg);
            }
            let mut changes = Vec::new();
            let number = match new.number {
                NumberChoice::Unnumbered => None,
                NumberChoice::Explicit(n) => {
                    s.check_number_free(check_number(n)?, None)?;
                    Some(n)
                }
                NumberChoice::Next => {
                    let (n, counter_change) = numbering::allocate(s, new.group)?;
                    changes.push(counter_change);
                    Some(n)
                }
            };
            let id = s.next_ids.customer_id();
            changes.insert(
                0,
                Change::PutCustomer(Customer {
                    id,
                    name,
                    number,
                    status: new.status,
                    archived: false,
                    group: new.group,
                    special_groups,
                }),
            );
            Ok((changes, id))
        })
    }

    /// Changes a customer's name, status or archived flag.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::InvalidText`].
    pub fn update_customer(&mut self, id: CustomerId, update: CustomerUpdate) -> Result<()> {
        self.mutate(|s| {
            let mut c = s.customer(id)?.clone();
            if let Some(name) = &update.name {
                c.name = text::name(Field::CustomerName, name)?;
            }
            if let Some(status) = update.status {
                c.status = status;
            }
            if let Some(archived) = update.archived {
                c.archived = archived;
            }
            Ok((s.put_if_changed_customer(c), ()))
        })
    }

    /// Archives a customer (the normal way to retire one).
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn archive_customer(&mut self, id: CustomerId) -> Result<()> {
        self.update_customer(id, CustomerUpdate { archived: Some(true), ..Default::default() })
    }

    /// Unarchives a customer.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn unarchive_customer(&mut self, id: CustomerId) -> Result<()> {
        self.update_customer(id, CustomerUpdate { archived: Some(false), ..Default::default() })
    }

    /// Sets or clears a customer's number by hand. The series counters do not move.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::InvalidCustomerNumber`]; [`Error::DuplicateCustomerNumber`]
    /// naming the customer that holds the number.
    pub fn set_customer_number(&mut self, id: CustomerId, number: Option<u64>) -> Result<()> {
        self.mutate(|s| {
            let mut c = s.customer(id)?.clone();
            if let Some(n) = number {
                s.check_number_free(check_number(n)?, Some(id))?;
            }
            c.number = number;
            Ok((s.put_if_changed_customer(c), ()))
        })
    }

    /// Gives a customer the next free number of its group's series (or of the default series) and
    /// returns it. This is the explicit, one-customer renumbering: moving a customer into a group
    /// never renumbers it.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::NumberRangeExhausted`].
    pub fn renumber_customer(&mut self, id: CustomerId) -> Result<u64> {
        self.mutate(|s| {
            let mut c = s.customer(id)?.clone();
            let (n, counter_change) = numbering::allocate(s, c.group)?;
            c.number = Some(n);
            Ok((vec![Change::PutCustomer(c), counter_change], n))
        })
    }

    /// Deletes a customer. Cascades: its responsibilities and its group and special-group
    /// memberships go with it. A customer that still has projects is refused.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::CustomerHasProjects`].
    pub fn delete_customer(&mut self, id: CustomerId) -> Result<()> {
        self.mutate(|s| {
            s.customer(id)?;
            let projects = s.project_ids_of(id);
            if !projects.is_empty() {
                return Err(Error::CustomerHasProjects { customer: id, projects });
            }
            let mut changes: Vec<Change> = s
                .responsible_employees(Subject::Customer(id))
                .map(|employee| Change::DeleteResponsibility { subject: Subject::Customer(id), employee })
                .collect();
            changes.push(Change::DeleteCustomer(id));
            Ok((changes, ()))
        })
    }

    /// Creates a project for a customer.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::InvalidText`].
    pub fn create_project(&mut self, customer: CustomerId, name: &str) -> Result<ProjectId> {
        self.mutate(|s| {
            s.customer(customer)?;
            let name = text::name(Field::ProjectName, name)?;
            let id = s.next_ids.project_id();
            Ok((vec![Change::PutProject(Project { id, customer, name, archived: false })], id))
        })
    }

    /// Changes a project's name or archived flag.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::InvalidText`].
    pub fn update_project(&mut self, id: ProjectId, update: ProjectUpdate) -> Result<()> {
        self.mutate(|s| {
            let mut p = s.project(id)?.clone();
            if let Some(name) = &update.name {
                p.name = text::name(Field::ProjectName, name)?;
            }
            if let Some(archived) = update.archived {
                p.archived = archived;
            }
            if s.projects.get(&id) == Some(&p) {
                return Ok((Vec::new(), ()));
            }
            Ok((vec![Change::PutProject(p)], ()))
        })
    }

    /// Archives a project.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn archive_project(&mut self, id: ProjectId) -> Result<()> {
        self.update_project(id, ProjectUpdate { archived: Some(true), ..Default::default() })
    }

    /// Deletes a project. Cascades: its responsibilities (project participants) go with it.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn delete_project(&mut self, id: ProjectId) -> Result<()> {
        self.mutate(|s| {
            s.project(id)?;
            let subject = Subject::Project(id);
            let mut changes: Vec<Change> = s
                .responsible_employees(subject)
                .map(|employee| Change::DeleteResponsibility { subject, employee })
                .collect();
            changes.push(Change::DeleteProject(id));
            Ok((changes, ()))
        })
    }
}

impl crate::state::State {
    pub(crate) fn put_if_changed_customer(&self, c: Customer) -> Vec<Change> {
        if self.customers.get(&c.id) == Some(&c) {
            Vec::new()
        } else {
            vec![Change::PutCustomer(c)]
        }
    }

    pub(crate) fn check_number_free(&self, number: u64, except: Option<CustomerId>) -> Result<()> {
        match self.numbers.get(&number) {
            Some(&holder) if Some(holder) != except => Err(Error::DuplicateCustomerNumber { number, holder }),
            _ => Ok(()),
        }
    }
}
