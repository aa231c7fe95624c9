//! Exclusive customer groups: membership, salespeople, numbering series.

use crate::error::{Error, Field, RangeProblem, Result};
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, EntityKind};
use crate::numbering::MAX_CUSTOMER_NUMBER;
use crate::state::State;
use crate::{text, Change, Directory};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Most cost centers a customer group can have.
pub const MAX_COST_CENTERS: usize = 4;

/// An exclusive customer group: a customer belongs to at most one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerGroup {
    /// Id assigned by the library.
    pub id: CustomerGroupId,
    /// Name, unique (case-insensitive).
    pub name: String,
    /// First number of the group's customer-number series; `None`: the group has no series and
    /// its customers are numbered from the default series.
    pub numbering_start: Option<u64>,
    /// Last number of the series; `None`: just below the next higher series start.
    pub numbering_end: Option<u64>,
    /// The series counter: no number below it is handed out again. Only moves forward.
    pub next_number: u64,
    /// Ledger account ("kirjanpitotili").
    pub ledger_account: Option<String>,
    /// Cost centers ("laskentakohteet"), in order, at most [`MAX_COST_CENTERS`].
    pub cost_centers: Vec<String>,
    /// Employees who, through their sales rights, see the group's customers.
    pub salespeople: BTreeSet<EmployeeId>,
}

/// Input for [`Directory::create_customer_group`]: the three tabs of the group dialog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCustomerGroup {
    /// Name.
    pub name: String,
    /// Numbering start (>= 1).
    pub numbering_start: Option<u64>,
    /// Numbering end (>= start).
    pub numbering_end: Option<u64>,
    /// Ledger account.
    pub ledger_account: Option<String>,
    /// Cost centers.
    pub cost_centers: Vec<String>,
    /// Salespeople: active employees with sales rights.
    pub salespeople: Vec<EmployeeId>,
    /// Customers.
    pub customers: Vec<CustomerId>,
    /// Move customers that are in another group instead of refusing.
    pub move_customers: bool,
}

impl NewCustomerGroup {
    /// A group with a name and nothing else.
    pub fn new(name: impl Into<String>) -> Self {
        NewCustomerGroup { name: name.into(), ..Default::default() }
    }
    /// Sets the numbering start.
    pub fn numbering_start(mut self, start: u64) -> Self {
        self.numbering_start = Some(start);
        self
    }
    /// Sets the numbering end.
    pub fn numbering_end(mut self, end: u64) -> Self {
        self.numbering_end = Some(end);
        self
    }
    /// Sets the ledger account.
    pub fn ledger_account(mut self, account: impl Into<String>) -> Self {
        self.ledger_account = Some(account.into());
        self
    }
    /// Sets the cost centers.
    pub fn cost_centers<S: Into<String>>(mut self, codes: impl IntoIterator<Item = S>) -> Self {
        self.cost_centers = codes.into_iter().map(Into::into).collect();
        self
    }
    /// Sets the salespeople.
    pub fn salespeople(mut self, employees: impl IntoIterator<Item = EmployeeId>) -> Self {
        self.salespeople = employees.into_iter().collect();
        self
    }
    /// Sets the customers.
    pub fn customers(mut self, customers: impl IntoIterator<Item = CustomerId>) -> Self {
        self.customers = customers.into_iter().collect();
        self
    }
    /// Moves customers out of other groups instead of refusing.
    pub fn move_customers(mut self, yes: bool) -> Self {
        self.move_customers = yes;
        self
    }
}

/// Changes for [`Directory::update_customer_group`]; `None` leaves a field as it is. Saving a group
/// with all three tabs is one atomic call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerGroupUpdate {
    /// New name.
    pub name: Option<String>,
    /// New numbering start (`Some(None)` removes the series). Existing numbers never change.
    pub numbering_start: Option<Option<u64>>,
    /// New numbering end (`Some(None)`: up to the next series).
    pub numbering_end: Option<Option<u64>>,
    /// New ledger account (`Some(None)` clears it).
    pub ledger_account: Option<Option<String>>,
    /// New cost centers.
    pub cost_centers: Option<Vec<String>>,
    /// New salespeople (replaces the set).
    pub salespeople: Option<Vec<EmployeeId>>,
    /// New customers (replaces the set; customers left out return to "No group").
    pub customers: Option<Vec<CustomerId>>,
    /// Move customers that are in another group instead of refusing.
    pub move_customers: bool,
}

pub(crate) fn check_range(start: Option<u64>, end: Option<u64>) -> Result<()> {
    let problem = match (start, end) {
        (None, Some(_)) => Some(RangeProblem::EndWithoutStart),
        (Some(0), _) => Some(RangeProblem::StartBelowOne),
        (Some(s), _) if s > MAX_CUSTOMER_NUMBER => Some(RangeProblem::AboveMaximum),
        (_, Some(e)) if e > MAX_CUSTOMER_NUMBER => Some(RangeProblem::AboveMaximum),
        (Some(s), Some(e)) if e < s => Some(RangeProblem::EndBelowStart),
        _ => None,
    };
    match problem {
        Some(problem) => Err(Error::InvalidNumberingRange { start, end, problem }),
        None => Ok(()),
    }
}

fn cost_centers(codes: &[String]) -> Result<Vec<String>> {
    if codes.len() > MAX_COST_CENTERS {
        return Err(Error::TooManyCostCenters { count: codes.len(), max: MAX_COST_CENTERS });
    }
    let mut out: Vec<String> = Vec::with_capacity(codes.len());
    for code in codes {
        let code = text::name(Field::CostCenter, code)?;
        if out.contains(&code) {
            return Err(Error::DuplicateCostCenter { code });
        }
        out.push(code);
    }
    Ok(out)
}

impl State {
    fn check_unique_group(&self, name: &str, except: Option<CustomerGroupId>) -> Result<()> {
        match self.names.groups.get(&text::fold(name)) {
            Some(&existing) if Some(existing) != except => Err(Error::DuplicateName {
                kind: EntityKind::CustomerGroup,
                name: name.to_owned(),
                existing: existing.into(),
            }),
            _ => Ok(()),
        }
    }

    /// Checks that an employee may newly become a salesperson.
    fn check_new_salesperson(&self, employee: EmployeeId) -> Result<()> {
        let e = self.employee(employee)?;
        if !e.active {
            return Err(Error::EmployeeInactive { employee });
        }
        if !e.sales_rights {
            return Err(Error::NoSalesRights { employee });
        }
        Ok(())
    }

    fn salespeople(&self, current: &BTreeSet<EmployeeId>, wanted: &[EmployeeId]) -> Result<BTreeSet<EmployeeId>> {
        let mut out = BTreeSet::new();
        for &e in wanted {
            self.employee(e)?;
            if !current.contains(&e) {
                self.check_new_salesperson(e)?;
            }
            out.insert(e);
        }
        Ok(out)
    }

    /// Plans the membership of `group` (named `group_name`) to become exactly `wanted`.
    fn plan_members(
        &self,
        group: CustomerGroupId,
        group_name: &str,
        wanted: &[CustomerId],
        allow_move: bool,
        changes: &mut Vec<Change>,
    ) -> Result<()> {
        let mut wanted_set = BTreeSet::new();
        for &id in wanted {
            let c = self.customer(id)?;
            match c.group {
                Some(current) if current != group && !allow_move => {
                    return Err(Error::CustomerInOtherGroup {
                        customer: id,
                        current,
                        current_name: self.customer_group(current)?.name.clone(),
                        requested: group,
                        requested_name: group_name.to_owned(),
                    });
                }
                _ => {}
            }
            wanted_set.insert(id);
        }
        for &id in &wanted_set {
            let c = self.customer(id)?;
            if c.group != Some(group) {
                let mut c = c.clone();
                c.group = Some(group);
                changes.push(Change::PutCustomer(c));
            }
        }
        for id in self.group_member_ids(group) {
            if !wanted_set.contains(&id) {
                let mut c = self.customer(id)?.clone();
                c.group = None;
                changes.push(Change::PutCustomer(c));
            }
        }
        Ok(())
    }

    fn plan_join(&self, group: CustomerGroupId, customer: CustomerId, allow_move: bool) -> Result<Vec<Change>> {
        let g = self.customer_group(group)?;
        let c = self.customer(customer)?;
        match c.group {
            Some(current) if current == group => Ok(Vec::new()),
            Some(current) if !allow_move => Err(Error::CustomerInOtherGroup {
                customer,
                current,
                current_name: self.customer_group(current)?.name.clone(),
                requested: group,
                requested_name: g.name.clone(),
            }),
            _ => {
                let mut c = c.clone();
                c.group = Some(group);
                Ok(vec![Change::PutCustomer(c)])
            }
        }
    }
}

impl Directory {
    /// Creates a customer group, with its salespeople and customers, atomically. Creating a group
    /// never changes existing customer numbers.
    ///
    /// # Errors
    /// [`Error::InvalidText`]; [`Error::DuplicateName`]; [`Error::InvalidNumberingRange`];
    /// [`Error::TooManyCostCenters`]; [`Error::DuplicateCostCenter`]; [`Error::NotFound`];
    /// [`Error::EmployeeInactive`] / [`Error::NoSalesRights`] for a salesperson;
    /// [`Error::CustomerInOtherGroup`] for a customer in another group (unless `move_customers`).
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
        self.mutate(|s| {
            let name = text::name(Field::CustomerGroupName, &new.name)?;
            s.check_unique_group(&name, None)?;
            check_range(new.numbering_start, new.numbering_end)?;
            let ledger_account = text::optional_line(Field::LedgerAccount, new.ledger_account.as_deref())?;
            let cost_centers = cost_centers(&new.cost_centers)?;
            let salespeople = s.salespeople(&BTreeSet::new(), &new.salespeople)?;
            let id = s.next_ids.customer_group_id();
            let mut changes = vec![Change::PutCustomerGroup(CustomerGroup {
                id,
                name: name.clone(),
                numbering_start: new.numbering_start,
                numbering_end: new.numbering_end,
                next_number: new.numbering_start.unwrap_or(0),
                ledger_account,
                cost_centers,
                salespeople,
            })];
            s.plan_members(id, &name, &new.customers, new.move_customers, &mut changes)?;
            Ok((changes, id))
        })
    }

    /// Saves changes to a customer group atomically: a group saved with 500 customers of which one
    /// is invalid changes nothing. Changing the numbering never changes existing numbers; the
    /// series counter only moves forward (to the new start when that is higher).
    ///
    /// # Errors
    /// As [`Directory::create_customer_group`].
    pub fn update_customer_group(&mut self, id: CustomerGroupId, update: CustomerGroupUpdate) -> Result<()> {
        self.mutate(|s| {
            let mut g = s.customer_group(id)?.clone();
            if let Some(name) = &update.name {
                g.name = text::name(Field::CustomerGroupName, name)?;
                s.check_unique_group(&g.name, Some(id))?;
            }
            let start = update.numbering_start.unwrap_or(g.numbering_start);
            let end = update.numbering_end.unwrap_or(g.numbering_end);
            // Removing the start without saying anything about the end removes the end too.
            let end = if start.is_none() && update.numbering_end.is_none() { None } else { end };
            check_range(start, end)?;
            g.numbering_start = start;
            g.numbering_end = end;
            if let Some(start) = start {
                g.next_number = g.next_number.max(start);
            }
            if let Some(account) = &update.ledger_account {
                g.ledger_account = text::optional_line(Field::LedgerAccount, account.as_deref())?;
            }
            if let Some(codes) = &update.cost_centers {
                g.cost_centers = cost_centers(codes)?;
            }
            if let Some(people) = &update.salespeople {
                g.salespeople = s.salespeople(&g.salespeople, people)?;
            }
            let mut changes = Vec::new();
            if s.groups.get(&id) != Some(&g) {
                changes.push(Change::PutCustomerGroup(g.clone()));
            }
            if let Some(customers) = &update.customers {
                s.plan_members(id, &g.name, customers, update.move_customers, &mut changes)?;
            }
            Ok((changes, ()))
        })
    }

    /// Deletes a customer group. Its customers return to "No group"; their numbers,
    /// responsibilities and special groups are untouched.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn delete_customer_group(&mut self, id: CustomerGroupId) -> Result<()> {
        self.mutate(|s| {
            s.customer_group(id)?;
            let mut changes = Vec::new();
            for member in s.group_member_ids(id) {
                let mut c = s.customer(member)?.clone();
                c.group = None;
                changes.push(Change::PutCustomer(c));
            }
            changes.push(Change::DeleteCustomerGroup(id));
            Ok((changes, ()))
        })
    }

    /// Adds a customer to a group. A customer already in another group is refused, naming both
    /// groups; use [`Directory::move_customer_to_group`] to move it.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::CustomerInOtherGroup`].
    pub fn add_customer_to_group(&mut self, group: CustomerGroupId, customer: CustomerId) -> Result<()> {
        self.mutate(|s| Ok((s.plan_join(group, customer, false)?, ())))
    }

    /// Moves a customer into a group, out of any group it was in. Its number does not change.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn move_customer_to_group(&mut self, group: CustomerGroupId, customer: CustomerId) -> Result<()> {
        self.mutate(|s| Ok((s.plan_join(group, customer, true)?, ())))
    }

    /// Returns a customer to "No group".
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn remove_customer_from_group(&mut self, customer: CustomerId) -> Result<()> {
        self.mutate(|s| {
            let mut c = s.customer(customer)?.clone();
            c.group = None;
            Ok((s.put_if_changed_customer(c), ()))
        })
    }

    /// Makes an employee a salesperson of a group.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::EmployeeInactive`]; [`Error::NoSalesRights`].
    pub fn add_group_salesperson(&mut self, group: CustomerGroupId, employee: EmployeeId) -> Result<()> {
        self.mutate(|s| {
            let mut g = s.customer_group(group)?.clone();
            s.employee(employee)?;
            if g.salespeople.contains(&employee) {
                return Ok((Vec::new(), ()));
            }
            s.check_new_salesperson(employee)?;
            g.salespeople.insert(employee);
            Ok((vec![Change::PutCustomerGroup(g)], ()))
        })
    }

    /// Removes an employee from a group's salespeople (nothing happens if they were not one).
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub fn remove_group_salesperson(&mut self, group: CustomerGroupId, employee: EmployeeId) -> Result<()> {
        self.mutate(|s| {
            let mut g = s.customer_group(group)?.clone();
            s.employee(employee)?;
            if !g.salespeople.remove(&employee) {
                return Ok((Vec::new(), ()));
            }
            Ok((vec![Change::PutCustomerGroup(g)], ()))
        })
    }
}
