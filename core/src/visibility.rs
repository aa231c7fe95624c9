//! Who may see which customer, and why.
//!
//! An active employee sees a customer on a date when any of these holds:
//! - they have admin visibility (`sees_all`);
//! - they hold a responsibility for the customer valid on the date;
//! - they hold a responsibility for one of the customer's projects valid on the date;
//! - they are a salesperson of the customer's group and have sales rights.
//!
//! Inactive employees see nothing. Unknown ids are errors, never "visible". Anything not listed
//! is denied. [`Directory::can_view`] answers for one pair with the reasons;
//! [`Directory::visible_customers`] and [`Directory::who_can_view`] are its set forms and give
//! exactly the pairs it allows.

use crate::error::{Error, Result};
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, ProjectId};
use crate::index::{EmployeeEntry, FastSet};
use crate::responsibility::Subject;
use crate::{Directory, SortKey};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The answer of [`Directory::can_view`]: whether the employee sees the customer, and every
/// reason that holds (none when denied).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Visibility {
    /// Whether the employee sees the customer: true exactly when some reason below holds.
    pub visible: bool,
    /// The employee has admin visibility (`sees_all`).
    pub admin: bool,
    /// The employee holds a responsibility for the customer, valid on the date.
    pub responsible: bool,
    /// The customer's projects the employee holds a responsibility for, valid on the date (by id).
    pub projects: Vec<ProjectId>,
    /// The customer's group, when the employee is one of its salespeople and has sales rights.
    pub salesperson_of: Option<CustomerGroupId>,
}

/// One reason why an employee sees a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisibilityReason {
    /// Admin visibility (`sees_all`).
    Admin,
    /// A responsibility for the customer.
    Responsible,
    /// A responsibility for this project of the customer.
    ProjectResponsible(ProjectId),
    /// Salesperson, with sales rights, of the customer's group.
    Salesperson(CustomerGroupId),
}

impl Visibility {
    /// The reasons as a list, in the order admin, responsible, projects, salesperson.
    pub fn reasons(&self) -> Vec<VisibilityReason> {
        let mut out = Vec::new();
        if self.admin {
            out.push(VisibilityReason::Admin);
        }
        if self.responsible {
            out.push(VisibilityReason::Responsible);
        }
        out.extend(self.projects.iter().map(|p| VisibilityReason::ProjectResponsible(*p)));
        out.extend(self.salesperson_of.map(VisibilityReason::Salesperson));
        out
    }
}

fn sells(e: &EmployeeEntry, group: Option<CustomerGroupId>) -> bool {
    e.sales_rights && group.is_some_and(|g| e.sells.binary_search(&g).is_ok())
}

impl Directory {
    /// Whether the employee sees the customer on `date`, with every reason that holds.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown employee or customer.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, NewCustomerGroup, NewEmployee, Period, VisibilityReason};
    /// use jiff::civil::date;
    /// let mut dir = Directory::new();
    /// let matti = dir.create_employee(NewEmployee::new("Matti"))?;
    /// let myyja = dir.create_employee(NewEmployee::new("Maija").sales_rights(true))?;
    /// let g = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").salespeople([myyja]))?;
    /// let esim = dir.create_customer(NewCustomer::new("Esimerkki").group(g))?;
    /// let day = date(2026, 3, 1);
    /// assert!(!dir.can_view(matti, esim, day)?.visible);
    /// dir.toggle(esim.into(), matti)?;
    /// dir.set_period(esim.into(), matti, Period::new(None, Some(date(2026, 3, 1)))?)?;
    /// assert_eq!(dir.can_view(matti, esim, day)?.reasons(), [VisibilityReason::Responsible]);
    /// assert!(!dir.can_view(matti, esim, date(2026, 3, 2))?.visible);
    /// assert_eq!(dir.can_view(myyja, esim, day)?.reasons(), [VisibilityReason::Salesperson(g)]);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    #[inline]
    pub fn can_view(&self, employee: EmployeeId, customer: CustomerId, date: Date) -> Result<Visibility> {
        let views = &self.state.views;
        let e = views.employees.get(&employee).ok_or(Error::NotFound(employee.into()))?;
        let c = views.customers.get(&customer).ok_or(Error::NotFound(customer.into()))?;
        if !e.active {
            return Ok(Visibility::default());
        }
        let mut v = Visibility { admin: e.sees_all, ..Visibility::default() };
        if let Some(grant) = views.grants.get(&(employee, customer)) {
            v.responsible = grant.customer.is_some_and(|p| p.contains(date));
            for (project, period) in &grant.projects {
                if period.contains(date) {
                    v.projects.push(*project);
                }
            }
        }
        if sells(e, c.group) {
            v.salesperson_of = c.group;
        }
        v.visible = v.admin || v.responsible || !v.projects.is_empty() || v.salesperson_of.is_some();
        Ok(v)
    }

    /// Every customer the employee sees on `date` (exactly those [`Directory::can_view`]
    /// allows), archived ones included, in Finnish/Swedish order of their names, then by id.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown employee.
    pub fn visible_customers(&self, employee: EmployeeId, date: Date) -> Result<Vec<CustomerId>> {
        let views = &self.state.views;
        let e = views.employees.get(&employee).ok_or(Error::NotFound(employee.into()))?;
        if !e.active {
            return Ok(Vec::new());
        }
        if e.sees_all {
            return Ok(views.customer_order.iter().map(|(_, c)| *c).collect());
        }
        let mut found: Vec<(&SortKey, CustomerId)> = Vec::new();
        for subject in self.state.by_employee.get(&employee).into_iter().flatten() {
            if !self.state.responsibility(*subject, employee).is_some_and(|r| r.period.contains(date)) {
                continue;
            }
            let customer = match subject {
                Subject::Customer(c) => Some(*c),
                Subject::Project(p) => views.projects.get(p).map(|p| p.customer),
            };
            if let Some((c, entry)) = customer.and_then(|c| Some((c, views.customers.get(&c)?))) {
                found.push((&entry.key, c));
            }
        }
        if e.sales_rights {
            for g in &e.sells {
                for sorted in [crate::CustomerStatus::Active, crate::CustomerStatus::Prospect]
                    .into_iter()
                    .flat_map(|status| [false, true].map(|archived| (Some(*g), status, archived)))
                    .filter_map(|key| views.listing.get(&key))
                {
                    found.extend(sorted.iter().map(|(k, c)| (k, *c)));
                }
            }
        }
        found.sort_unstable();
        found.dedup_by_key(|(_, c)| *c);
        Ok(found.into_iter().map(|(_, c)| c).collect())
    }

    /// Every employee who sees the customer on `date` (exactly those [`Directory::can_view`]
    /// allows), in Finnish/Swedish order of their names, then by id.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown customer.
    pub fn who_can_view(&self, customer: CustomerId, date: Date) -> Result<Vec<EmployeeId>> {
        let views = &self.state.views;
        let c = views.customers.get(&customer).ok_or(Error::NotFound(customer.into()))?;
        let mut ids: FastSet<EmployeeId> = views.admins.iter().copied().collect();
        for held in views.customer_holders.get(&customer).into_iter().flat_map(|h| &h.list) {
            if held.period.contains(date) {
                ids.insert(held.employee);
            }
        }
        if let Some(group) = c.group.and_then(|g| self.state.groups.get(&g)) {
            ids.extend(
                group.salespeople.iter().copied().filter(|e| views.employees.get(e).is_some_and(|e| sells(e, c.group))),
            );
        }
        let mut found: Vec<(&SortKey, EmployeeId)> = ids
            .into_iter()
            .filter_map(|id| views.employees.get(&id).filter(|e| e.active).map(|e| (&e.key, id)))
            .collect();
        found.sort_unstable();
        Ok(found.into_iter().map(|(_, e)| e).collect())
    }
}
