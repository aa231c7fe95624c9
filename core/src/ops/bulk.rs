//! Bulk assignment: making one employee responsible for every customer a filter selects (or
//! removing their responsibility), previewed as a plan and applied atomically.
//!
//! The rules are documented on [`BulkRequest`].

use crate::error::{Error, Field, Result};
use crate::model::{Change, CustomerId, EmployeeId, Period, Responsibility, RoleId, RoleScope, Subject};
use crate::state::{FastMap, State};
use crate::text;
use crate::view::filter::{Compiled, CustomerFilter};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a bulk plan does for its employee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkAction {
    /// Makes the employee responsible for each customer, holding `roles`, valid in `period`.
    Add {
        /// The roles to give (customer roles); empty: responsible, with no role.
        roles: BTreeSet<RoleId>,
        /// The validity of the responsibilities made ([`Period::ALWAYS`]: no dates).
        period: Period,
        /// Only where a role is missing: roles someone else already holds (an active employee,
        /// in an overlapping period) are not given, and a customer is skipped when all are held
        /// (with no roles: when someone is responsible for it). See [`BulkRequest`].
        only_missing_role: bool,
    },
    /// Removes the employee's responsibility (with its roles) for each customer.
    Remove,
}

/// A bulk assignment: built with [`BulkRequest::add`] or [`BulkRequest::remove`] and the
/// builder methods, previewed with [`Directory::plan_bulk`](crate::Directory::plan_bulk), applied with
/// [`Directory::apply_bulk`](crate::Directory::apply_bulk).
///
/// What a plan does to each selected customer (in the filter's order, Finnish order of names):
///
/// - **Adding** (`BulkAction::Add`): the customer is skipped when it is archived (only a filter
///   that includes archived customers selects one), when the employee already holds every role
///   to add, or when the employee is responsible in another period than the one asked for (a
///   bulk plan never changes the period of an existing responsibility). Otherwise the employee
///   becomes responsible with the roles in the period, or, already responsible in that very
///   period, gets the missing roles added.
/// - **Only where a role is missing** (`only_missing_role`): a role counts as held for a customer
///   when an *active* employee holds it in a responsibility for the customer itself (not one of
///   its projects) whose period overlaps the period asked for (an open end overlaps everything
///   beyond it). Held roles are not added; a customer whose roles to add are all held is skipped,
///   naming the first such role and its holder. With no roles to add, the customer is skipped
///   when an active employee is responsible for it in an overlapping period: "only customers
///   nobody is responsible for".
/// - **Removing** (`BulkAction::Remove`): the employee's responsibility for the customer is
///   removed with its roles; a customer the employee is not responsible for is skipped.
/// - **An inactive employee**: adding one is refused ([`Error::EmployeeInactive`]) unless the
///   request says `skip_inactive`, which skips every selected customer with
///   [`BulkSkipReason::EmployeeInactive`] instead (how
///   [`Directory::plan_group_defaults`](crate::Directory::plan_group_defaults) plans a default
///   team's inactive member).
///
/// Every selected customer is either a change or a skipped item, so the plan accounts for the
/// whole selection. A filter that selects no customer gives an empty plan, not an error: a
/// recurring job ("give every new customer of the group an accountant") finds nothing to do.
/// Projects are not touched: a plan covers the customers' own responsibilities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRequest {
    /// The customers: the reporting filter of the views and exports (the empty filter selects
    /// every customer that is not archived; the filter's `responsible` criterion counts
    /// responsibilities whatever their dates).
    pub customers: CustomerFilter,
    /// The employee made responsible, or whose responsibilities are removed.
    pub employee: EmployeeId,
    /// Add or remove.
    pub action: BulkAction,
    /// Recorded as the actor of the change set when applied.
    pub actor: Option<String>,
    /// Adding an inactive employee skips each customer with [`BulkSkipReason::EmployeeInactive`]
    /// instead of refusing the request.
    #[serde(default)]
    pub skip_inactive: bool,
}

impl BulkRequest {
    /// Makes `employee` responsible for the customers `customers` selects: no roles, no dates,
    /// every customer (not only those missing someone).
    pub fn add(employee: EmployeeId, customers: CustomerFilter) -> Self {
        let action = BulkAction::Add { roles: BTreeSet::new(), period: Period::ALWAYS, only_missing_role: false };
        BulkRequest { customers, employee, action, actor: None, skip_inactive: false }
    }
    /// Removes `employee`'s responsibility for the customers `customers` selects.
    pub fn remove(employee: EmployeeId, customers: CustomerFilter) -> Self {
        BulkRequest { customers, employee, action: BulkAction::Remove, actor: None, skip_inactive: false }
    }
    /// Sets the roles to give (an add; a removal has none and is left as it is).
    pub fn roles(mut self, roles: impl IntoIterator<Item = RoleId>) -> Self {
        if let BulkAction::Add { roles: r, .. } = &mut self.action {
            *r = roles.into_iter().collect();
        }
        self
    }
    /// Sets the validity of the responsibilities made (an add; a removal has none and is left
    /// as it is).
    pub fn period(mut self, period: Period) -> Self {
        if let BulkAction::Add { period: p, .. } = &mut self.action {
            *p = period;
        }
        self
    }
    /// Adds only where a role is missing (an add; a removal is left as it is).
    pub fn only_missing_role(mut self, yes: bool) -> Self {
        if let BulkAction::Add { only_missing_role, .. } = &mut self.action {
            *only_missing_role = yes;
        }
        self
    }
    /// Names who makes the change.
    pub fn actor(mut self, actor: impl Into<String>) -> Self {
        self.actor = Some(actor.into());
        self
    }
    /// Skips every customer, with [`BulkSkipReason::EmployeeInactive`], when adding an inactive
    /// employee, instead of refusing the request.
    pub fn skip_inactive(mut self, yes: bool) -> Self {
        self.skip_inactive = yes;
        self
    }
}

/// What a plan changes for one customer: the employee's responsibility before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkChange {
    /// The customer.
    pub customer: CustomerId,
    /// The employee's responsibility now (`None`: not responsible).
    pub before: Option<Responsibility>,
    /// The employee's responsibility after applying (`None`: removed).
    pub after: Option<Responsibility>,
}

/// Why a plan leaves a customer as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BulkSkipReason {
    /// The employee is already responsible, holding every role to add.
    AlreadyResponsible,
    /// The employee is already responsible, in another period than the one asked for (shown
    /// here); a bulk plan does not change the period of an existing responsibility.
    ResponsibleInOtherPeriod {
        /// The period of the employee's responsibility.
        period: Period,
    },
    /// Only where a role is missing: every role to add is already held. Names the first of
    /// them (by id) and its holder (the first by id).
    RoleAlreadyHeld {
        /// The role.
        role: RoleId,
        /// An active employee holding it in an overlapping period.
        by: EmployeeId,
    },
    /// Only where a role is missing, with no roles to add: someone is already responsible.
    AlreadyCovered {
        /// An active employee responsible in an overlapping period (the first by id).
        by: EmployeeId,
    },
    /// The customer is archived (the filter included archived customers): nobody is made
    /// responsible for it.
    CustomerArchived,
    /// Removing: the employee is not responsible for the customer.
    NotResponsible,
    /// Adding with `skip_inactive`: the employee is inactive, so nobody is made responsible (a
    /// group default team's inactive member, see
    /// [`Directory::plan_group_defaults`](crate::Directory::plan_group_defaults)).
    EmployeeInactive,
}

/// A customer a plan leaves as it is, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BulkSkipped {
    /// The customer.
    pub customer: CustomerId,
    /// Why.
    pub reason: BulkSkipReason,
}

/// A previewable bulk assignment: what changes for each selected customer, and which are left
/// as they are and why (every selected customer is in one of the two lists, in the filter's
/// order). Apply it with [`Directory::apply_bulk`](crate::Directory::apply_bulk); if the directory
/// changed so that the plan no longer says what applying it would do, the apply is refused with
/// [`Error::StaleBulkPlan`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkPlan {
    /// The request it was made from.
    pub request: BulkRequest,
    /// What changes, customer by customer.
    pub changes: Vec<BulkChange>,
    /// The customers left as they are, and why.
    pub skipped: Vec<BulkSkipped>,
}

impl BulkPlan {
    /// Whether applying the plan would change nothing (a filter that selects no customer gives
    /// such a plan too).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many customers the filter selected: changed and skipped.
    pub fn customers(&self) -> usize {
        self.changes.len() + self.skipped.len()
    }

    /// The changes applying the plan makes.
    pub(crate) fn to_changes(&self) -> Vec<Change> {
        self.changes
            .iter()
            .map(|c| match &c.after {
                Some(after) => Change::PutResponsibility(after.clone()),
                None => Change::DeleteResponsibility {
                    subject: Subject::Customer(c.customer),
                    employee: self.request.employee,
                },
            })
            .collect()
    }
}

/// Checks the request's ids, roles, period, employee and actor, in that order.
fn check_request(s: &State, request: &BulkRequest) -> Result<()> {
    let employee = s.employee(request.employee)?;
    if let BulkAction::Add { roles, period, .. } = &request.action {
        for &role in roles {
            let r = s.role(role)?;
            if r.scope != RoleScope::Customer {
                return Err(Error::WrongRoleScope { role, role_scope: r.scope, needed: RoleScope::Customer });
            }
        }
        period.validate()?;
        if !employee.active && !request.skip_inactive {
            return Err(Error::EmployeeInactive { employee: request.employee });
        }
    }
    Ok(())
}

/// Plans a bulk assignment: a pure read of the state.
pub(crate) fn plan(s: &State, request: &BulkRequest) -> Result<BulkPlan> {
    check_request(s, request)?;
    let selected = Compiled::new(s, &request.customers, None, None)?.run();
    if let Some(actor) = &request.actor {
        text::name(Field::Actor, actor)?;
    }
    let mut plan = BulkPlan { request: request.clone(), changes: Vec::new(), skipped: Vec::new() };
    let employee = request.employee;
    let inactive = !s.employee(employee)?.active;
    for customer in selected {
        let current = s.responsibility(Subject::Customer(customer), employee);
        let outcome = match &request.action {
            BulkAction::Add { .. } if inactive => Err(BulkSkipReason::EmployeeInactive),
            BulkAction::Remove => match current {
                Some(r) => Ok((Some(r.clone()), None)),
                None => Err(BulkSkipReason::NotResponsible),
            },
            BulkAction::Add { roles, period, only_missing_role } => {
                let add = Add { roles, period: *period, only_missing_role: *only_missing_role };
                add.plan_one(s, customer, employee, current).map(|after| (current.cloned(), Some(after)))
            }
        };
        match outcome {
            Ok((before, after)) => plan.changes.push(BulkChange { customer, before, after }),
            Err(reason) => plan.skipped.push(BulkSkipped { customer, reason }),
        }
    }
    Ok(plan)
}

/// The responsibility a group default (`employee` with `roles`) gives `customer`, as a bulk add of
/// the roles with no dates would: the employee's current responsibility with the missing roles,
/// or a new one; or why the customer is left as it is. The employee is not checked.
pub(crate) fn add_default(
    s: &State,
    customer: CustomerId,
    employee: EmployeeId,
    roles: &BTreeSet<RoleId>,
) -> std::result::Result<Responsibility, BulkSkipReason> {
    let add = Add { roles, period: Period::ALWAYS, only_missing_role: false };
    add.plan_one(s, customer, employee, s.responsibility(Subject::Customer(customer), employee))
}

/// The parameters of an add.
struct Add<'a> {
    roles: &'a BTreeSet<RoleId>,
    period: Period,
    only_missing_role: bool,
}

impl Add<'_> {
    /// The employee's responsibility for one customer after the add, or why it is skipped.
    fn plan_one(
        &self,
        s: &State,
        customer: CustomerId,
        employee: EmployeeId,
        current: Option<&Responsibility>,
    ) -> std::result::Result<Responsibility, BulkSkipReason> {
        if s.customer_entry(customer).is_some_and(|e| e.archived()) {
            return Err(BulkSkipReason::CustomerArchived);
        }
        let mut missing: BTreeSet<RoleId> = match current {
            Some(r) => self.roles.difference(&r.roles).copied().collect(),
            None => self.roles.clone(),
        };
        if let Some(r) = current {
            if missing.is_empty() {
                return Err(BulkSkipReason::AlreadyResponsible);
            }
            if r.period != self.period {
                return Err(BulkSkipReason::ResponsibleInOtherPeriod { period: r.period });
            }
        }
        if self.only_missing_role {
            let holders = Holders { s, customer, employee, period: self.period };
            if self.roles.is_empty() {
                if let Some(by) = holders.first(None) {
                    return Err(BulkSkipReason::AlreadyCovered { by });
                }
            } else {
                let first_held = missing.iter().find_map(|&role| holders.first(Some(role)).map(|by| (role, by)));
                missing.retain(|&role| holders.first(Some(role)).is_none());
                if let (true, Some((role, by))) = (missing.is_empty(), first_held) {
                    return Err(BulkSkipReason::RoleAlreadyHeld { role, by });
                }
            }
        }
        Ok(match current {
            Some(r) => Responsibility { roles: r.roles.union(&missing).copied().collect(), ..r.clone() },
            None => {
                Responsibility { subject: Subject::Customer(customer), employee, roles: missing, period: self.period }
            }
        })
    }
}

/// The other holders of a customer's own responsibilities, for "only where a role is missing".
struct Holders<'s> {
    s: &'s State,
    customer: CustomerId,
    employee: EmployeeId,
    period: Period,
}

impl Holders<'_> {
    /// The first (by id) active employee other than the plan's who is responsible for the
    /// customer in a period overlapping the plan's, holding `role` when one is given.
    fn first(&self, role: Option<RoleId>) -> Option<EmployeeId> {
        let held = self.s.holders(self.customer)?;
        held.list().iter().filter(|h| h.project().is_none() && h.employee() != self.employee).find_map(|h| {
            let by = h.employee();
            let counts = overlaps(h.period(), self.period)
                && self.s.employee_entry(by).is_some_and(|e| e.active())
                && role.is_none_or(|role| {
                    self.s.responsibility(Subject::Customer(self.customer), by).is_some_and(|r| r.roles.contains(&role))
                });
            counts.then_some(by)
        })
    }
}

/// Whether two periods share a day (open ends reach without limit).
pub(crate) fn overlaps(a: Period, b: Period) -> bool {
    let starts_before_end = |from: Option<_>, to: Option<_>| match (from, to) {
        (Some(from), Some(to)) => from <= to,
        _ => true,
    };
    starts_before_end(a.from, b.to) && starts_before_end(b.from, a.to)
}

/// The customers whose entry in `fresh` (a change or a skipped item) differs from `old`'s, or
/// that are in one plan only: what makes `old` stale. By customer id.
pub(crate) fn stale_customers(old: &BulkPlan, fresh: &BulkPlan) -> Vec<CustomerId> {
    #[derive(PartialEq)]
    enum Entry<'a> {
        Change(&'a BulkChange),
        Skip(BulkSkipReason),
    }
    fn entries(plan: &BulkPlan) -> FastMap<CustomerId, Entry<'_>> {
        let changes = plan.changes.iter().map(|c| (c.customer, Entry::Change(c)));
        changes.chain(plan.skipped.iter().map(|k| (k.customer, Entry::Skip(k.reason)))).collect()
    }
    let (was, now) = (entries(old), entries(fresh));
    let mut stale: Vec<CustomerId> = now.iter().filter(|(c, e)| was.get(c) != Some(e)).map(|(c, _)| *c).collect();
    stale.extend(was.keys().filter(|c| !now.contains_key(c)).copied());
    // An old plan listing a customer twice (made by hand) is stale too.
    if was.len() != old.customers() {
        stale.extend(old.changes.iter().map(|c| c.customer).chain(old.skipped.iter().map(|k| k.customer)));
    }
    stale.sort_unstable();
    stale.dedup();
    stale
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn periods_overlap_when_they_share_a_day() {
        let p = |from: Option<(i16, i8, i8)>, to: Option<(i16, i8, i8)>| Period {
            from: from.map(|(y, m, d)| date(y, m, d)),
            to: to.map(|(y, m, d)| date(y, m, d)),
        };
        let year = p(Some((2026, 1, 1)), Some((2026, 12, 31)));
        assert!(overlaps(year, Period::ALWAYS) && overlaps(Period::ALWAYS, year));
        assert!(overlaps(year, p(Some((2026, 12, 31)), None)), "the last day is shared");
        assert!(!overlaps(year, p(Some((2027, 1, 1)), None)));
        assert!(!overlaps(p(None, Some((2025, 12, 31))), year));
        assert!(overlaps(p(None, Some((2026, 1, 1))), year));
    }
}
