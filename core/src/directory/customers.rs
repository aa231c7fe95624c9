//! The `Directory` calls that change customers, projects, customer groups, special groups and
//! the default numbering series; the rules are in `ops::customer`, `ops::group`,
//! `ops::special_group` and `ops::numbering`.

use super::Directory;
use crate::error::Result;
use crate::model::{
    CustomerGroupId, CustomerGroupUpdate, CustomerId, CustomerUpdate, DefaultSeries, EmployeeId, GroupDefault,
    NewCustomer, NewCustomerGroup, NewProject, NewSpecialGroup, ProjectId, ProjectUpdate, SpecialGroupId,
    SpecialGroupUpdate,
};
use crate::ops::bulk::BulkPlan;
use crate::view::numbering::NumberingReport;
use crate::{ops, view};

impl Directory {
    /// Creates a customer. Without an explicit number it gets the next free number of its group's
    /// series (or of the default series). A customer created in a group gets the group's default
    /// team, in the same change set (see [`Directory::set_group_default_team`]).
    ///
    /// # Errors
    /// [`Error::InvalidText`](crate::Error::InvalidText); [`Error::NotFound`](crate::Error::NotFound) for an unknown group or special group;
    /// [`Error::InvalidCustomerNumber`](crate::Error::InvalidCustomerNumber); [`Error::DuplicateCustomerNumber`](crate::Error::DuplicateCustomerNumber);
    /// [`Error::NumberRangeExhausted`](crate::Error::NumberRangeExhausted).
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
        self.mutate(|s| ops::customer::create(s, &new))
    }

    /// Changes a customer's name, status or archived flag.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::InvalidText`](crate::Error::InvalidText).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{CustomerStatus, CustomerUpdate, Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki").status(CustomerStatus::Prospect))?;
    /// dir.update_customer(
    ///     c,
    ///     CustomerUpdate { name: Some("Esimerkki Oy".into()), status: Some(CustomerStatus::Active), ..Default::default() },
    /// )?;
    /// let customer = dir.customer(c)?;
    /// assert_eq!((customer.name.as_str(), customer.status), ("Esimerkki Oy", CustomerStatus::Active));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn update_customer(&mut self, id: CustomerId, update: CustomerUpdate) -> Result<()> {
        self.mutate(|s| ops::customer::update(s, id, &update))
    }

    /// Archives a customer (the normal way to retire one).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki Oy"))?;
    /// dir.archive_customer(c)?;
    /// assert!(dir.customer(c)?.archived);
    /// assert_eq!(dir.customer(c)?.number, Some(1)); // kept, with everything else
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn archive_customer(&mut self, id: CustomerId) -> Result<()> {
        self.update_customer(id, CustomerUpdate { archived: Some(true), ..Default::default() })
    }

    /// Unarchives a customer.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki Oy"))?;
    /// dir.archive_customer(c)?;
    /// dir.unarchive_customer(c)?;
    /// assert!(!dir.customer(c)?.archived);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn unarchive_customer(&mut self, id: CustomerId) -> Result<()> {
        self.update_customer(id, CustomerUpdate { archived: Some(false), ..Default::default() })
    }

    /// Sets or clears a customer's number by hand. The series counters do not move.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::InvalidCustomerNumber`](crate::Error::InvalidCustomerNumber); [`Error::DuplicateCustomerNumber`](crate::Error::DuplicateCustomerNumber)
    /// naming the customer that holds the number.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewCustomer};
    /// let mut dir = Directory::new();
    /// let a = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let b = dir.create_customer(NewCustomer::new("Öljy"))?;
    /// dir.set_customer_number(a, Some(500))?;
    /// assert_eq!(dir.customer_by_number(500).map(|c| c.id), Some(a));
    /// assert!(matches!(dir.set_customer_number(b, Some(500)), Err(Error::DuplicateCustomerNumber { .. })));
    /// dir.set_customer_number(a, None)?;
    /// assert_eq!(dir.customer(a)?.number, None);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn set_customer_number(&mut self, id: CustomerId, number: Option<u64>) -> Result<()> {
        self.mutate(|s| ops::customer::set_number(s, id, number))
    }

    /// Gives a customer the next free number of its group's series (or of the default series) and
    /// returns it. This is the explicit, one-customer renumbering: moving a customer into a group
    /// never renumbers it.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::NumberRangeExhausted`](crate::Error::NumberRangeExhausted).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000))?;
    /// dir.move_customer_to_group(north, c)?;
    /// assert_eq!(dir.customer(c)?.number, Some(1)); // moving keeps the number
    /// assert_eq!(dir.renumber_customer(c)?, 1000);
    /// assert_eq!(dir.customer(c)?.number, Some(1000));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn renumber_customer(&mut self, id: CustomerId) -> Result<u64> {
        self.mutate(|s| ops::customer::renumber(s, id))
    }

    /// Deletes a customer. Cascades: its responsibilities and its group and special-group
    /// memberships go with it. A customer that still has projects is refused.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::CustomerHasProjects`](crate::Error::CustomerHasProjects).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewCustomer};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let p = dir.create_project(c, "Remontti")?;
    /// assert!(matches!(dir.delete_customer(c), Err(Error::CustomerHasProjects { .. })));
    /// dir.delete_project(p)?;
    /// dir.delete_customer(c)?;
    /// assert!(matches!(dir.customer(c), Err(Error::NotFound(_))));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn delete_customer(&mut self, id: CustomerId) -> Result<()> {
        self.mutate(|s| ops::customer::delete(s, id))
    }

    /// Creates a project for a customer.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::InvalidText`](crate::Error::InvalidText).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let p = dir.create_project(c, "Remontti")?;
    /// assert_eq!(dir.project(p)?.customer, c);
    /// assert_eq!(dir.project(p)?.name, "Remontti");
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn create_project(&mut self, customer: CustomerId, name: &str) -> Result<ProjectId> {
        self.create_project_with(customer, &NewProject::new(name))
    }

    /// Creates a project for a customer from a [`NewProject`]: a name and, optionally, the host
    /// system's key.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::InvalidText`](crate::Error::InvalidText);
    /// [`Error::DuplicateExternalId`](crate::Error::DuplicateExternalId) when another project has the key.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewProject};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let p = dir.create_project_with(c, &NewProject::new("Remontti").external_id("ERP-77"))?;
    /// assert_eq!(dir.project_by_external_id("ERP-77").map(|p| p.id), Some(p));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn create_project_with(&mut self, customer: CustomerId, new: &NewProject) -> Result<ProjectId> {
        self.mutate(|s| ops::customer::create_project(s, customer, new))
    }

    /// Changes a project's name or archived flag.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::InvalidText`](crate::Error::InvalidText).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, ProjectUpdate};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let p = dir.create_project(c, "Remontti")?;
    /// dir.update_project(p, ProjectUpdate { name: Some("Kattoremontti".into()), ..Default::default() })?;
    /// assert_eq!(dir.project(p)?.name, "Kattoremontti");
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn update_project(&mut self, id: ProjectId, update: ProjectUpdate) -> Result<()> {
        self.mutate(|s| ops::customer::update_project(s, id, &update))
    }

    /// Archives a project.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let p = dir.create_project(c, "Remontti")?;
    /// dir.archive_project(p)?;
    /// assert!(dir.project(p)?.archived);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn archive_project(&mut self, id: ProjectId) -> Result<()> {
        self.update_project(id, ProjectUpdate { archived: Some(true), ..Default::default() })
    }

    /// Deletes a project. Cascades: its responsibilities (project participants) go with it.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewEmployee};
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let p = dir.create_project(c, "Remontti")?;
    /// dir.toggle(p.into(), matti)?;
    /// dir.delete_project(p)?;
    /// assert!(dir.projects_of(c)?.is_empty());
    /// assert!(dir.responsibilities().is_empty()); // its participants went with it
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn delete_project(&mut self, id: ProjectId) -> Result<()> {
        self.mutate(|s| ops::customer::delete_project(s, id))
    }

    /// Creates a customer group, with its salespeople, default team and customers, atomically
    /// (the customers get the default team, see [`Directory::set_group_default_team`]). Creating
    /// a group never changes existing customer numbers.
    ///
    /// # Errors
    /// [`Error::InvalidText`](crate::Error::InvalidText); [`Error::DuplicateName`](crate::Error::DuplicateName); [`Error::InvalidNumberingRange`](crate::Error::InvalidNumberingRange);
    /// [`Error::TooManyCostCenters`](crate::Error::TooManyCostCenters); [`Error::DuplicateCostCenter`](crate::Error::DuplicateCostCenter); [`Error::NotFound`](crate::Error::NotFound);
    /// [`Error::EmployeeInactive`](crate::Error::EmployeeInactive) / [`Error::NoSalesRights`](crate::Error::NoSalesRights) for a salesperson;
    /// [`Error::WrongRoleScope`](crate::Error::WrongRoleScope) / [`Error::DuplicateGroupDefault`](crate::Error::DuplicateGroupDefault) for the default team;
    /// [`Error::CustomerInOtherGroup`](crate::Error::CustomerInOtherGroup) for a customer in another group (unless `move_customers`).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup, Error};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").customers([c]))?;
    /// // A customer is in at most one group: a second group must ask to move it.
    /// let err = dir.create_customer_group(NewCustomerGroup::new("Etelä").customers([c])).unwrap_err();
    /// assert!(matches!(err, Error::CustomerInOtherGroup { current, .. } if current == north));
    /// let south = dir.create_customer_group(NewCustomerGroup::new("Etelä").customers([c]).move_customers(true))?;
    /// assert_eq!(dir.customer(c)?.group, Some(south));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn create_customer_group(&mut self, new: NewCustomerGroup) -> Result<CustomerGroupId> {
        self.mutate(|s| ops::group::create(s, &new))
    }

    /// Saves changes to a customer group atomically: a group saved with 500 customers of which one
    /// is invalid changes nothing. Changing the numbering never changes existing numbers; the
    /// series counter only moves forward (to the new start when that is higher). Customers joining
    /// the group get its default team (the new one, when the update replaces it); a new default
    /// team is not applied to the customers already in the group (see
    /// [`Directory::plan_group_defaults`]).
    ///
    /// # Errors
    /// As [`Directory::create_customer_group`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{CustomerGroupUpdate, Directory, NewCustomer, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000))?;
    /// let a = dir.create_customer(NewCustomer::new("Esimerkki").group(g))?;
    /// dir.update_customer_group(
    ///     g,
    ///     CustomerGroupUpdate { name: Some("Pohjois-Suomi".into()), numbering_start: Some(Some(2000)), ..Default::default() },
    /// )?;
    /// let b = dir.create_customer(NewCustomer::new("Öljy").group(g))?;
    /// assert_eq!(dir.customer_group(g)?.name, "Pohjois-Suomi");
    /// assert_eq!(dir.customer(a)?.number, Some(1000)); // existing numbers stay
    /// assert_eq!(dir.customer(b)?.number, Some(2000));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn update_customer_group(&mut self, id: CustomerGroupId, update: CustomerGroupUpdate) -> Result<()> {
        self.mutate(|s| ops::group::update(s, id, &update))
    }

    /// Deletes a customer group. Its customers return to "No group"; their numbers,
    /// responsibilities and special groups are untouched.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki").group(g))?;
    /// dir.delete_customer_group(g)?;
    /// assert_eq!(dir.customer(c)?.group, None);
    /// assert_eq!(dir.customer(c)?.number, Some(1000));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn delete_customer_group(&mut self, id: CustomerGroupId) -> Result<()> {
        self.mutate(|s| ops::group::delete(s, id))
    }

    /// Adds a customer to a group, with the group's default team (see
    /// [`Directory::set_group_default_team`]). A customer already in another group is refused,
    /// naming both groups; use [`Directory::move_customer_to_group`] to move it.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::CustomerInOtherGroup`](crate::Error::CustomerInOtherGroup).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewCustomer, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// let south = dir.create_customer_group(NewCustomerGroup::new("Etelä"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// dir.add_customer_to_group(north, c)?;
    /// assert_eq!(dir.group_customers(north)?, [c]);
    /// let err = dir.add_customer_to_group(south, c).unwrap_err();
    /// assert!(matches!(err, Error::CustomerInOtherGroup { current, .. } if current == north));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn add_customer_to_group(&mut self, group: CustomerGroupId, customer: CustomerId) -> Result<()> {
        self.mutate(|s| ops::group::join(s, group, customer, false))
    }

    /// Moves a customer into a group, out of any group it was in. Its number does not change; it
    /// gets the new group's default team and keeps every responsibility it had (see
    /// [`Directory::set_group_default_team`]).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// let south = dir.create_customer_group(NewCustomerGroup::new("Etelä"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki").group(north))?;
    /// dir.move_customer_to_group(south, c)?;
    /// assert_eq!(dir.customer(c)?.group, Some(south));
    /// assert!(dir.group_customers(north)?.is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn move_customer_to_group(&mut self, group: CustomerGroupId, customer: CustomerId) -> Result<()> {
        self.mutate(|s| ops::group::join(s, group, customer, true))
    }

    /// Returns a customer to "No group".
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup};
    /// let mut dir = Directory::new();
    /// let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki").group(north))?;
    /// dir.remove_customer_from_group(c)?;
    /// assert_eq!(dir.customer(c)?.group, None);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn remove_customer_from_group(&mut self, customer: CustomerId) -> Result<()> {
        self.mutate(|s| ops::group::leave(s, customer))
    }

    /// Makes an employee a salesperson of a group.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound); [`Error::EmployeeInactive`](crate::Error::EmployeeInactive); [`Error::NoSalesRights`](crate::Error::NoSalesRights).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, Error, NewCustomerGroup, NewEmployee};
    /// let mut dir = Directory::new();
    /// let maija = dir.create_employee(NewEmployee::new("Maija").sales_rights(true))?;
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// dir.add_group_salesperson(g, maija)?;
    /// assert_eq!(dir.salesperson_groups(maija)?, [g]);
    /// assert!(matches!(dir.add_group_salesperson(g, matti), Err(Error::NoSalesRights { .. })));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn add_group_salesperson(&mut self, group: CustomerGroupId, employee: EmployeeId) -> Result<()> {
        self.mutate(|s| ops::group::add_salesperson(s, group, employee))
    }

    /// Removes an employee from a group's salespeople (nothing happens if they were not one).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomerGroup, NewEmployee};
    /// let mut dir = Directory::new();
    /// let maija = dir.create_employee(NewEmployee::new("Maija").sales_rights(true))?;
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").salespeople([maija]))?;
    /// dir.remove_group_salesperson(g, maija)?;
    /// assert!(dir.salesperson_groups(maija)?.is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn remove_group_salesperson(&mut self, group: CustomerGroupId, employee: EmployeeId) -> Result<()> {
        self.mutate(|s| ops::group::remove_salesperson(s, group, employee))
    }

    /// Replaces a customer group's default team: the responsible persons, with their roles, that
    /// a customer gets when it is created in the group or joins it (created with the group,
    /// added, moved, or listed in a group update, an import included), in the same change set.
    ///
    /// For each default whose employee is *active*, the customer gets what a bulk add of the
    /// default's roles with no dates gives it ([`BulkRequest`](crate::BulkRequest)): a new
    /// responsibility with the roles and an open period, or, when the employee is already
    /// responsible for it, the missing roles added to that responsibility. Nothing is added for
    /// an archived customer, nor where the employee's responsibility has another period (a
    /// default never changes a period). An *inactive* employee may be listed, and is skipped:
    /// nothing is added for them, and [`Directory::plan_group_defaults`] shows them skipped with
    /// [`BulkSkipReason::EmployeeInactive`](crate::BulkSkipReason::EmployeeInactive). A customer
    /// leaving the group keeps everything. Setting the team does not touch the group's customers;
    /// [`Directory::plan_group_defaults`] applies it to them.
    ///
    /// Deleting an employee removes them from every default team; deleting a role removes it from
    /// the defaults giving it; a role's scope cannot change while a default team gives it.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown group, employee or role;
    /// [`Error::WrongRoleScope`](crate::Error::WrongRoleScope) for a project role;
    /// [`Error::DuplicateGroupDefault`](crate::Error::DuplicateGroupDefault) for an employee
    /// listed twice.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, GroupDefault, NewCustomer, NewCustomerGroup, NewEmployee, NewRole, RoleScope};
    /// let mut dir = Directory::new();
    /// let liisa = dir.create_employee(NewEmployee::new("Liisa"))?;
    /// let accountant = dir.create_role(NewRole::new("Kirjanpitäjä", RoleScope::Customer))?;
    /// let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// dir.set_group_default_team(north, vec![GroupDefault::new(liisa, [accountant])])?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki Oy").group(north))?;
    /// let r = dir.responsibility(c.into(), liisa)?.expect("a default");
    /// assert!(r.roles.contains(&accountant));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn set_group_default_team(&mut self, group: CustomerGroupId, defaults: Vec<GroupDefault>) -> Result<()> {
        self.mutate(|s| ops::group::set_default_team(s, group, &defaults))
    }

    /// Plans applying a customer group's default team to the customers already in it (those not
    /// archived): a [`BulkPlan`] per default, in the team's order, each a bulk add of the
    /// default's roles with no dates for every customer of the group, previewed like
    /// [`Directory::plan_bulk`] and applied with [`Directory::apply_bulk`] (run them in a
    /// [`Directory::transaction`] to apply them as one change set). An inactive default's plan
    /// skips every customer with [`BulkSkipReason::EmployeeInactive`](crate::BulkSkipReason::EmployeeInactive)
    /// (applying it changes nothing). A group with no default team gives no plan.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown group.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{BulkSkipReason, Directory, GroupDefault, NewCustomer, NewCustomerGroup, NewEmployee};
    /// let mut dir = Directory::new();
    /// let liisa = dir.create_employee(NewEmployee::new("Liisa"))?;
    /// let pekka = dir.create_employee(NewEmployee::new("Pekka").active(false))?;
    /// let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen"))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki Oy").group(north))?;
    /// let team = vec![GroupDefault::new(liisa, []), GroupDefault::new(pekka, [])];
    /// dir.set_group_default_team(north, team)?; // not applied to Esimerkki yet
    /// let plans = dir.plan_group_defaults(north)?;
    /// assert_eq!(plans[0].changes[0].customer, c);
    /// assert_eq!(plans[1].skipped[0].reason, BulkSkipReason::EmployeeInactive);
    /// dir.transaction(|d| plans.iter().try_for_each(|p| d.apply_bulk(p)))?;
    /// assert!(dir.responsibility(c.into(), liisa)?.is_some());
    /// assert!(dir.responsibility(c.into(), pekka)?.is_none());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn plan_group_defaults(&self, group: CustomerGroupId) -> Result<Vec<BulkPlan>> {
        ops::group::plan_defaults(&self.state, group)
    }

    /// Creates a special group with its customers, atomically.
    ///
    /// # Errors
    /// [`Error::InvalidText`](crate::Error::InvalidText); [`Error::DuplicateName`](crate::Error::DuplicateName); [`Error::NotFound`](crate::Error::NotFound) for an unknown customer.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewSpecialGroup};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let vip = dir.create_special_group(NewSpecialGroup::new("VIP").description("Avainasiakkaat").customers([c]))?;
    /// assert_eq!(dir.special_group(vip)?.description.as_deref(), Some("Avainasiakkaat"));
    /// assert!(dir.customer(c)?.special_groups.contains(&vip));
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn create_special_group(&mut self, new: NewSpecialGroup) -> Result<SpecialGroupId> {
        self.mutate(|s| ops::special_group::create(s, &new))
    }

    /// Saves changes to a special group atomically.
    ///
    /// # Errors
    /// As [`Directory::create_special_group`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewSpecialGroup, SpecialGroupUpdate};
    /// let mut dir = Directory::new();
    /// let a = dir.create_customer(NewCustomer::new("Apu"))?;
    /// let b = dir.create_customer(NewCustomer::new("Zeta"))?;
    /// let vip = dir.create_special_group(NewSpecialGroup::new("VIP").customers([a]))?;
    /// dir.update_special_group(vip, SpecialGroupUpdate { customers: Some(vec![b]), ..Default::default() })?;
    /// assert_eq!(dir.special_group_customers(vip)?, [b]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn update_special_group(&mut self, id: SpecialGroupId, update: SpecialGroupUpdate) -> Result<()> {
        self.mutate(|s| ops::special_group::update(s, id, &update))
    }

    /// Deletes a special group and its memberships; the customers are untouched otherwise.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewSpecialGroup};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let vip = dir.create_special_group(NewSpecialGroup::new("VIP").customers([c]))?;
    /// dir.delete_special_group(vip)?;
    /// assert!(dir.customer(c)?.special_groups.is_empty());
    /// assert_eq!(dir.special_groups().count(), 0);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn delete_special_group(&mut self, id: SpecialGroupId) -> Result<()> {
        self.mutate(|s| ops::special_group::delete(s, id))
    }

    /// Adds a customer to a special group (nothing happens if it is already there).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewSpecialGroup};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let vip = dir.create_special_group(NewSpecialGroup::new("VIP"))?;
    /// dir.add_to_special_group(vip, c)?;
    /// dir.add_to_special_group(vip, c)?; // already there: nothing happens
    /// assert_eq!(dir.special_group_customers(vip)?, [c]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn add_to_special_group(&mut self, group: SpecialGroupId, customer: CustomerId) -> Result<()> {
        self.mutate(|s| ops::special_group::set_member(s, group, customer, true))
    }

    /// Removes a customer from a special group (nothing happens if it was not there).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewSpecialGroup};
    /// let mut dir = Directory::new();
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// let vip = dir.create_special_group(NewSpecialGroup::new("VIP").customers([c]))?;
    /// dir.remove_from_special_group(vip, c)?;
    /// assert!(dir.special_group_customers(vip)?.is_empty());
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn remove_from_special_group(&mut self, group: SpecialGroupId, customer: CustomerId) -> Result<()> {
        self.mutate(|s| ops::special_group::set_member(s, group, customer, false))
    }

    /// Every series (start, end, next number, numbers used, capacity left) and the conflicts:
    /// overlapping ranges and hand-set numbers inside another series' range.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomerGroup, SeriesId};
    /// let mut dir = Directory::new();
    /// dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000))?;
    /// let report = dir.numbering_report();
    /// assert_eq!(report.series[0].series, SeriesId::Default);
    /// assert_eq!((report.series[0].start, report.series[0].end), (1, 999));
    /// assert_eq!(report.series[1].start, 1000);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn numbering_report(&self) -> NumberingReport {
        view::numbering::report(&self.state)
    }

    /// The settings of the default series.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// assert_eq!((dir.default_series().start, dir.default_series().end), (1, None));
    /// dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// assert_eq!(dir.default_series().next_number, 2);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn default_series(&self) -> DefaultSeries {
        self.state.default_series()
    }

    /// Configures the default series. Existing numbers never change; the counter only moves
    /// forward (to the new start when that is higher).
    ///
    /// # Errors
    /// [`Error::InvalidNumberingRange`](crate::Error::InvalidNumberingRange).
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer};
    /// let mut dir = Directory::new();
    /// dir.set_default_series(500, Some(999))?;
    /// let c = dir.create_customer(NewCustomer::new("Esimerkki"))?;
    /// assert_eq!(dir.customer(c)?.number, Some(500));
    /// assert!(dir.set_default_series(0, None).is_err()); // numbers start at 1
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn set_default_series(&mut self, start: u64, end: Option<u64>) -> Result<()> {
        self.mutate(|s| ops::numbering::set_default_series(s, start, end))
    }
}
