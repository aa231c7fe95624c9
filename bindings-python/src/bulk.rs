//! Bulk assignment: one employee made responsible for (or removed from) every customer a filter
//! selects, previewed as an immutable plan and applied as one change set.

use crate::convert::{enum_to_py, opt_date_to_py, DateArg, Items, PyEnum};
use crate::directory::PyDirectory;
use crate::filter::PyCustomerFilter;
use crate::ids::{PyCustomerId, PyEmployeeId, PyRoleId};
use crate::responsibilities::{PyPeriod, PyResponsibility};
use crate::rows::{row_class, tuple_of};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use vastuu::{BulkAction, BulkChange, BulkPlan, BulkRequest, BulkSkipReason, BulkSkipped, Period};
use vastuu_host::Convert;

/// What a bulk plan does: the Python enum `BulkAction`.
#[derive(Clone, Copy)]
pub(crate) enum Action {
    Add,
    Remove,
}

impl PyEnum for Action {
    const CLASS: &'static str = "BulkAction";
    const ALL: &'static [Self] = &[Action::Add, Action::Remove];
    fn variant(self) -> &'static str {
        match self {
            Action::Add => "Add",
            Action::Remove => "Remove",
        }
    }
}

/// Why a customer is skipped: the Python enum `BulkSkipReason` (the core reason without its
/// values, which the skipped item carries as attributes).
#[derive(Clone, Copy)]
pub(crate) enum Reason {
    AlreadyResponsible,
    ResponsibleInOtherPeriod,
    RoleAlreadyHeld,
    AlreadyCovered,
    CustomerArchived,
    NotResponsible,
    EmployeeInactive,
}

impl PyEnum for Reason {
    const CLASS: &'static str = "BulkSkipReason";
    const ALL: &'static [Self] = &[
        Reason::AlreadyResponsible,
        Reason::ResponsibleInOtherPeriod,
        Reason::RoleAlreadyHeld,
        Reason::AlreadyCovered,
        Reason::CustomerArchived,
        Reason::NotResponsible,
        Reason::EmployeeInactive,
    ];
    fn variant(self) -> &'static str {
        match self {
            Reason::AlreadyResponsible => "AlreadyResponsible",
            Reason::ResponsibleInOtherPeriod => "ResponsibleInOtherPeriod",
            Reason::RoleAlreadyHeld => "RoleAlreadyHeld",
            Reason::AlreadyCovered => "AlreadyCovered",
            Reason::CustomerArchived => "CustomerArchived",
            Reason::NotResponsible => "NotResponsible",
            Reason::EmployeeInactive => "EmployeeInactive",
        }
    }
}

/// The reason's kind, the role and the employee it names, and the period it shows.
fn reason_parts(reason: BulkSkipReason) -> (Reason, Option<PyRoleId>, Option<PyEmployeeId>, Option<PyPeriod>) {
    match reason {
        BulkSkipReason::AlreadyResponsible => (Reason::AlreadyResponsible, None, None, None),
        BulkSkipReason::ResponsibleInOtherPeriod { period } => {
            (Reason::ResponsibleInOtherPeriod, None, None, Some(PyPeriod(period)))
        }
        BulkSkipReason::RoleAlreadyHeld { role, by } => {
            (Reason::RoleAlreadyHeld, Some(PyRoleId(role)), Some(PyEmployeeId(by)), None)
        }
        BulkSkipReason::AlreadyCovered { by } => (Reason::AlreadyCovered, None, Some(PyEmployeeId(by)), None),
        BulkSkipReason::CustomerArchived => (Reason::CustomerArchived, None, None, None),
        BulkSkipReason::NotResponsible => (Reason::NotResponsible, None, None, None),
        BulkSkipReason::EmployeeInactive => (Reason::EmployeeInactive, None, None, None),
    }
}

row_class!(
    /// What a bulk plan changes for one customer: the employee's responsibility before and after.
    PyBulkChange(BulkChange) as "BulkChange", hash |s| s.0.customer, |_py, r| {
        /// The customer.
        customer: PyCustomerId(r.customer),
        /// The employee's responsibility now (`None`: not responsible).
        before: r.before.clone().map(PyResponsibility),
        /// The employee's responsibility after applying (`None`: removed).
        after: r.after.clone().map(PyResponsibility),
    }
);

row_class!(
    /// A customer a bulk plan leaves as it is, and why.
    PyBulkSkipped(BulkSkipped) as "BulkSkipped", hash |s| s.0.customer, |py, r| {
        /// The customer.
        customer: PyCustomerId(r.customer),
        /// Why it is left as it is.
        reason: enum_to_py(py, reason_parts(r.reason).0)?,
        /// For `ROLE_ALREADY_HELD`: the first of the roles to add that someone holds.
        role: reason_parts(r.reason).1,
        /// For `ROLE_ALREADY_HELD` and `ALREADY_COVERED`: the active employee who holds the role
        /// (or is responsible) in an overlapping period.
        by: reason_parts(r.reason).2,
        /// For `RESPONSIBLE_IN_OTHER_PERIOD`: the period of the employee's responsibility.
        period: reason_parts(r.reason).3,
    }
);

row_class!(
    /// A previewable bulk assignment (from `Directory.plan_bulk`): for every customer the filter
    /// selects, what changes or why it is skipped. Apply it with `Directory.apply_bulk`.
    PyBulkPlan(BulkPlan) as "BulkPlan",
    hash |s| (s.0.request.employee, s.0.changes.len(), s.0.skipped.len()),
    |py, r| {
        /// The employee made responsible, or removed.
        employee: PyEmployeeId(r.request.employee),
        /// `BulkAction.ADD` or `BulkAction.REMOVE`.
        action: enum_to_py(py, match r.request.action {
            BulkAction::Add { .. } => Action::Add,
            BulkAction::Remove => Action::Remove,
        })?,
        /// The customers' filter.
        filter: PyCustomerFilter(r.request.customers.clone()),
        /// The roles to give (empty for a removal).
        roles: match &r.request.action {
            BulkAction::Add { roles, .. } => tuple_of(py, roles.iter().copied().map(PyRoleId))?,
            BulkAction::Remove => tuple_of(py, Vec::<PyRoleId>::new())?,
        },
        /// The first day of the responsibilities made (`None`: open).
        valid_from: opt_date_to_py(py, add_period(&r.request).from)?,
        /// The last day of the responsibilities made (`None`: open).
        valid_to: opt_date_to_py(py, add_period(&r.request).to)?,
        /// Whether only customers missing a role (or, with no roles, anyone responsible) get the
        /// employee.
        only_missing_role: matches!(r.request.action, BulkAction::Add { only_missing_role: true, .. }),
        /// Whether an inactive employee skips every customer (`BulkSkipReason.EMPLOYEE_INACTIVE`)
        /// instead of being refused: so in the plans of `Directory.plan_group_defaults`.
        skip_inactive: r.request.skip_inactive,
        /// Recorded as the actor of the change set when the plan is applied (`None`: the
        /// directory's actor).
        actor: &r.request.actor,
        /// What applying the plan changes, customer by customer (in the filter's order).
        changes: tuple_of(py, r.changes.iter().cloned().map(PyBulkChange))?,
        /// The customers the plan leaves as they are, and why.
        skipped: tuple_of(py, r.skipped.iter().copied().map(PyBulkSkipped))?,
    }
);

/// The period of an add (always, for a removal).
fn add_period(request: &BulkRequest) -> Period {
    match request.action {
        BulkAction::Add { period, .. } => period,
        BulkAction::Remove => Period::ALWAYS,
    }
}

#[pymethods]
impl PyBulkPlan {
    /// Whether applying the plan would change nothing (also when the filter selects no customer).
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The request of `plan_bulk`'s arguments; `TypeError` for a combination that means nothing.
fn request_of(
    filter: &PyCustomerFilter,
    add: Option<PyEmployeeId>,
    remove: Option<PyEmployeeId>,
    roles: Items<PyRoleId>,
    period: Period,
    only_missing_role: bool,
) -> PyResult<BulkRequest> {
    let customers = filter.0.clone();
    match (add, remove) {
        (Some(employee), None) => Ok(BulkRequest::add(employee.0, customers)
            .roles(roles.0.into_iter().map(|r| r.0))
            .period(period)
            .only_missing_role(only_missing_role)),
        (None, Some(employee)) => {
            if !roles.0.is_empty() || !period.is_always() || only_missing_role {
                return Err(PyTypeError::new_err(
                    "plan_bulk(remove=...) takes no roles, valid_from, valid_to or only_missing_role",
                ));
            }
            Ok(BulkRequest::remove(employee.0, customers))
        }
        (Some(_), Some(_)) => Err(PyTypeError::new_err("plan_bulk takes add= or remove=, not both")),
        (None, None) => Err(PyTypeError::new_err("plan_bulk needs add= (an employee) or remove= (an employee)")),
    }
}

#[pymethods]
impl PyDirectory {
    /// Plans a bulk assignment without changing anything: for every customer `filter` selects,
    /// what changes or why it is skipped.
    ///
    /// `add=employee` makes the employee responsible, holding `roles` (customer roles), valid
    /// from `valid_from` to `valid_to`; with `only_missing_role`, only where no active employee
    /// holds the role in an overlapping period (with no roles: where nobody is responsible).
    /// `remove=employee` removes the employee's responsibilities. `actor` is recorded in the
    /// history when the plan is applied. A filter that selects no customer gives an empty plan.
    #[pyo3(signature = (*, filter, add = None, remove = None, roles = Items::default(), valid_from = None,
        valid_to = None, only_missing_role = false, actor = None))]
    fn plan_bulk(
        &self,
        py: Python<'_>,
        filter: PyRef<'_, PyCustomerFilter>,
        add: Option<PyEmployeeId>,
        remove: Option<PyEmployeeId>,
        roles: Items<PyRoleId>,
        valid_from: Option<DateArg>,
        valid_to: Option<DateArg>,
        only_missing_role: bool,
        actor: Option<String>,
    ) -> PyResult<PyBulkPlan> {
        let period = Period { from: valid_from.convert(), to: valid_to.convert() };
        let mut request = request_of(&filter, add, remove, roles, period, only_missing_role)?;
        request.actor = actor;
        self.run(py, |d| d.plan_bulk(&request)).map(PyBulkPlan)
    }

    /// Applies a bulk plan as one atomic change set, recorded with the plan's actor. Raises
    /// `StaleBulkPlanError` (and changes nothing), naming the customers, if the directory changed
    /// so that planning again would give another plan for them.
    fn apply_bulk(&self, py: Python<'_>, plan: PyRef<'_, PyBulkPlan>) -> PyResult<()> {
        let plan = plan.0.clone();
        self.write(py, |d| d.apply_bulk(&plan))
    }
}
