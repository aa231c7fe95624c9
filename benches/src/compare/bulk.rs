//! Bulk assignment over about 10,000 customers of a directory against the same change made by
//! hand: a toggle per customer changed. One new employee is made responsible, as the holder of
//! a customer role from a date, for the customers of the largest customer groups (together about
//! the size asked for) that nobody holds the role for; then removed from them again.

use super::HarnessError;
use jiff::civil::date;
use vastuu::{
    BulkPlan, BulkRequest, CustomerFilter, CustomerGroupId, CustomerId, Directory, EmployeeId, NewEmployee, Period,
    RoleScope,
};

/// The requests of the bulk rows and what they select.
#[derive(Debug, Clone)]
pub struct BulkCase {
    /// The employee made responsible (new, so that every selected customer can change).
    pub employee: EmployeeId,
    /// The groups selected, and how many customers they hold (not archived).
    pub groups: Vec<CustomerGroupId>,
    /// Adding: the role from 2027-01-01, only where nobody holds it.
    pub add: BulkRequest,
    /// Removing the employee again from the same customers.
    pub remove: BulkRequest,
}

impl BulkCase {
    /// Makes a new employee and picks the largest groups until they hold at least `customers`
    /// customers that are not archived.
    ///
    /// # Errors
    /// When the directory has no customer role or no groups, or a call fails.
    pub fn pick(dir: &mut Directory, customers: usize) -> Result<BulkCase, HarnessError> {
        let role = dir
            .roles()
            .find(|r| r.scope == RoleScope::Customer)
            .map(|r| r.id)
            .ok_or_else(|| HarnessError::Failed("no customer role".into()))?;
        let mut sizes: Vec<(usize, CustomerGroupId)> = Vec::new();
        for g in dir.customer_groups() {
            sizes.push((dir.filter_customers(&CustomerFilter::new().group(g.id))?.len(), g.id));
        }
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let (mut groups, mut total) = (Vec::new(), 0);
        for (size, g) in sizes {
            if total >= customers {
                break;
            }
            groups.push(g);
            total += size;
        }
        if groups.is_empty() {
            return Err(HarnessError::Failed("no customer group".into()));
        }
        let employee = dir.create_employee(NewEmployee::new("Bulk Liisa"))?;
        let filter = CustomerFilter { groups: groups.clone(), ..CustomerFilter::new() };
        let from = Period { from: Some(date(2027, 1, 1)), to: None };
        let add = BulkRequest::add(employee, filter.clone()).roles([role]).period(from).only_missing_role(true);
        Ok(BulkCase { employee, groups, add, remove: BulkRequest::remove(employee, filter) })
    }

    /// The customers the employee is responsible for.
    ///
    /// # Errors
    /// When the employee is unknown.
    pub fn held(&self, dir: &Directory) -> Result<Vec<CustomerId>, HarnessError> {
        let mut held: Vec<CustomerId> = dir
            .responsibilities_held_by(self.employee)?
            .into_iter()
            .filter_map(|r| match r.subject {
                vastuu::Subject::Customer(c) => Some(c),
                vastuu::Subject::Project(_) => None,
            })
            .collect();
        held.sort_unstable();
        Ok(held)
    }

    /// The peer: the employee toggled on for each customer, then off again (two toggles per
    /// customer). Returns how many toggles added a responsibility.
    ///
    /// # Errors
    /// A toggle that fails.
    pub fn toggle_each(&self, dir: &mut Directory, customers: &[CustomerId]) -> Result<usize, HarnessError> {
        let mut added = 0;
        for pass in 0..2 {
            for c in customers {
                let toggled = dir.toggle((*c).into(), self.employee)?;
                added += usize::from(pass == 0 && toggled == vastuu::Toggled::Added);
            }
        }
        Ok(added)
    }

    /// Checks that applying the add plan makes the employee responsible for exactly the
    /// customers the plan changes, with the role and the period, that toggling each of them on
    /// gives the same customers, and that removing and toggling off leave none.
    ///
    /// # Errors
    /// [`HarnessError::Disagree`] when they differ.
    pub fn check(&self, dir: &mut Directory) -> Result<BulkPlan, HarnessError> {
        let disagree = |what: String| Err(HarnessError::Disagree(format!("bulk: {what}")));
        let plan = dir.plan_bulk(&self.add)?;
        let mut changed: Vec<CustomerId> = plan.changes.iter().map(|c| c.customer).collect();
        changed.sort_unstable();
        dir.apply_bulk(&plan)?;
        if self.held(dir)? != changed {
            return disagree(format!("{} customers planned, others held after applying", changed.len()));
        }
        if plan
            .changes
            .iter()
            .any(|c| dir.responsibility(c.customer.into(), self.employee).ok().flatten() != c.after.as_ref())
        {
            return disagree("a responsibility applied differs from the plan's".into());
        }
        dir.apply_bulk(&dir.plan_bulk(&self.remove)?)?;
        if !self.held(dir)?.is_empty() {
            return disagree("responsibilities left after removing".into());
        }
        for c in &changed {
            dir.toggle((*c).into(), self.employee)?;
        }
        if self.held(dir)? != changed {
            return disagree("toggling each customer on gives other customers".into());
        }
        for c in &changed {
            dir.toggle((*c).into(), self.employee)?;
        }
        if !self.held(dir)?.is_empty() {
            return disagree("responsibilities left after toggling off".into());
        }
        Ok(plan)
    }
}
