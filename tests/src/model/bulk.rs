//! Bulk assignment, planned plainly: for every customer the filter selects, the employee's
//! responsibility after, or why the customer is skipped; and which customers make a plan stale.

use super::{check_period, period_contains, text, Model, Result};
use std::collections::{BTreeMap, BTreeSet};
use vastuu::{
    BulkAction, BulkChange, BulkRequest, BulkSkipReason, BulkSkipped, CustomerFilter, CustomerGroupId, CustomerId,
    EmployeeId, Error, Field, GroupDefault, Period, Responsibility, RoleId, RoleScope, Subject,
};

/// A bulk plan as the preview lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// What changes, customer by customer, in the filter's order.
    pub changes: Vec<BulkChange>,
    /// The customers left as they are, and why.
    pub skipped: Vec<BulkSkipped>,
}

/// Whether two periods share a day: some day lies in both. Checked on their own ends, which
/// are the only days where one can begin or end.
fn overlap(a: &Period, b: &Period) -> bool {
    let ends = [a.from, a.to, b.from, b.to];
    let open = |p: &Period| p.from.is_none() && p.to.is_none();
    open(a) || open(b) || ends.into_iter().flatten().any(|day| period_contains(a, day) && period_contains(b, day))
}

impl Model {
    /// Plans a bulk assignment.
    ///
    /// # Errors
    /// `NotFound` (employee, role, filter ids), `WrongRoleScope`, `InvalidPeriod`,
    /// `EmployeeInactive` (adding), `InvalidText` for the actor; in that order.
    pub fn plan_bulk(&self, request: &BulkRequest) -> Result<Plan> {
        let employee = self.employee(request.employee)?.clone();
        if let BulkAction::Add { roles, period, .. } = &request.action {
            for role in roles {
                let r = self.roles.get(role).ok_or(Error::NotFound((*role).into()))?;
                if r.scope != RoleScope::Customer {
                    return Err(Error::WrongRoleScope {
                        role: *role,
                        role_scope: r.scope,
                        needed: RoleScope::Customer,
                    });
                }
            }
            check_period(period)?;
            if !employee.active && !request.skip_inactive {
                return Err(Error::EmployeeInactive { employee: employee.id });
            }
        }
        let selected = self.filter(&request.customers, None)?;
        if let Some(actor) = &request.actor {
            text::name(Field::Actor, actor)?;
        }
        let mut plan = Plan { changes: Vec::new(), skipped: Vec::new() };
        for customer in selected {
            let current = self.responsibility(Subject::Customer(customer), employee.id).cloned();
            let outcome = match &request.action {
                BulkAction::Remove => match &current {
                    Some(_) => Ok(None),
                    None => Err(BulkSkipReason::NotResponsible),
                },
                BulkAction::Add { .. } if !employee.active => Err(BulkSkipReason::EmployeeInactive),
                BulkAction::Add { roles, period, only_missing_role } => {
                    self.add_one(customer, employee.id, current.as_ref(), roles, period, *only_missing_role).map(Some)
                }
            };
            match outcome {
                Ok(after) => plan.changes.push(BulkChange { customer, before: current, after }),
                Err(reason) => plan.skipped.push(BulkSkipped { customer, reason }),
            }
        }
        Ok(plan)
    }

    /// The employees other than `employee` responsible for the customer itself, active, in a
    /// period overlapping `period`, holding `role` when one is given; by id.
    fn other_holders(
        &self,
        customer: CustomerId,
        employee: EmployeeId,
        period: &Period,
        role: Option<RoleId>,
    ) -> Vec<EmployeeId> {
        self.responsibilities
            .values()
            .filter(|r| r.subject == Subject::Customer(customer) && r.employee != employee)
            .filter(|r| self.employees.get(&r.employee).is_some_and(|e| e.active))
            .filter(|r| overlap(&r.period, period))
            .filter(|r| match role {
                Some(role) => r.roles.contains(&role),
                None => true,
            })
            .map(|r| r.employee)
            .collect()
    }

    pub(super) fn add_one(
        &self,
        customer: CustomerId,
        employee: EmployeeId,
        current: Option<&Responsibility>,
        roles: &BTreeSet<RoleId>,
        period: &Period,
        only_missing_role: bool,
    ) -> std::result::Result<Responsibility, BulkSkipReason> {
        if self.customers.get(&customer).is_some_and(|c| c.archived) {
            return Err(BulkSkipReason::CustomerArchived);
        }
        let mut to_give: BTreeSet<RoleId> =
            roles.iter().filter(|r| current.is_none_or(|c| !c.roles.contains(r))).copied().collect();
        if let Some(c) = current {
            if to_give.is_empty() {
                return Err(BulkSkipReason::AlreadyResponsible);
            }
            if c.period != *period {
                return Err(BulkSkipReason::ResponsibleInOtherPeriod { period: c.period });
            }
        }
        if only_missing_role {
            if roles.is_empty() {
                if let Some(by) = self.other_holders(customer, employee, period, None).first() {
                    return Err(BulkSkipReason::AlreadyCovered { by: *by });
                }
            } else {
                let held: BTreeMap<RoleId, EmployeeId> = to_give
                    .iter()
                    .filter_map(|r| self.other_holders(customer, employee, period, Some(*r)).first().map(|e| (*r, *e)))
                    .collect();
                to_give.retain(|r| !held.contains_key(r));
                if to_give.is_empty() {
                    let (role, by) = held.into_iter().next().expect("roles to give were held");
                    return Err(BulkSkipReason::RoleAlreadyHeld { role, by });
                }
            }
        }
        Ok(match current {
            Some(c) => Responsibility { roles: c.roles.union(&to_give).copied().collect(), ..c.clone() },
            None => Responsibility { subject: Subject::Customer(customer), employee, roles: to_give, period: *period },
        })
    }

    /// Applies a plan made against the current state.
    pub fn apply_bulk_plan(&mut self, plan: &Plan, employee: EmployeeId) {
        for change in &plan.changes {
            let key = (Subject::Customer(change.customer), employee);
            match &change.after {
                Some(after) => self.responsibilities.insert(key, after.clone()),
                None => self.responsibilities.remove(&key),
            };
        }
    }
}

/// The request that applies one default of a group's team to the group's customers: an add of
/// its roles with no dates, skipping every customer when the employee is inactive.
pub fn default_request(group: CustomerGroupId, default: &GroupDefault) -> BulkRequest {
    BulkRequest {
        customers: CustomerFilter::new().group(group),
        employee: default.employee,
        action: BulkAction::Add { roles: default.roles.clone(), period: Period::default(), only_missing_role: false },
        actor: None,
        skip_inactive: true,
    }
}

/// The customers whose entry differs between the plans, or that are in one only; by id.
pub fn stale_customers(old: &Plan, fresh: &Plan) -> Vec<CustomerId> {
    let entries = |p: &Plan| -> BTreeMap<CustomerId, String> {
        let mut m = BTreeMap::new();
        for c in &p.changes {
            m.insert(c.customer, format!("{c:?}"));
        }
        for s in &p.skipped {
            m.insert(s.customer, format!("{s:?}"));
        }
        m
    };
    let (a, b) = (entries(old), entries(fresh));
    let all: BTreeSet<CustomerId> = a.keys().chain(b.keys()).copied().collect();
    all.into_iter().filter(|c| a.get(c) != b.get(c)).collect()
}
