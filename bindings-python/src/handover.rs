//! Handover: moving an employee's responsibilities and salesperson places to another employee,
//! previewed as an immutable plan and applied as one change set.

use crate::convert::{enum_to_py, opt_date_to_py, DateArg, EnumArg, Given, Items};
use crate::directory::PyDirectory;
use crate::ids::{subject_to_py, PyCustomerGroupId, PyCustomerId, PyEmployeeId, PyRoleId, SubjectArg};
use crate::responsibilities::PyResponsibility;
use crate::rows::{py_of, row_class, try_tuple_of, tuple_of};
use pyo3::prelude::*;
use vastuu::{
    Handover, HandoverItem, HandoverMode, HandoverPlan, HandoverStep, Responsibility, RoleSelection, Skipped, Subject,
};
use vastuu_host::Convert;

// ---- steps --------------------------------------------------------------------------------

row_class!(
    /// One responsibility a handover plan moves (or shares, in add mode): the old holder's
    /// responsibility before and after, and the new holder's after.
    PyResponsibilityStep {
        subject: Subject,
        customer: vastuu::CustomerId,
        from_before: Responsibility,
        from_after: Option<Responsibility>,
        to_after: Responsibility,
    } as "ResponsibilityStep",
    hash |s| (s.subject, s.to_after.employee),
    |py, r| {
        /// The customer (`CustomerId`) or project (`ProjectId`).
        subject: subject_to_py(py, r.subject)?,
        /// The customer: the subject itself, or the project's customer.
        customer: PyCustomerId(r.customer),
        /// The old holder's responsibility now.
        from_before: PyResponsibility(r.from_before.clone()),
        /// The old holder's responsibility after applying (`None`: removed).
        from_after: r.from_after.clone().map(PyResponsibility),
        /// The new holder's responsibility after applying.
        to_after: PyResponsibility(r.to_after.clone()),
    }
);

row_class!(
    /// One salesperson place a handover plan moves (or shares, in add mode).
    PySalespersonPlaceStep { group: vastuu::CustomerGroupId, from_stays: bool } as "SalespersonPlaceStep",
    hash |s| (s.group, s.from_stays),
    |py, r| {
        /// The customer group.
        group: PyCustomerGroupId(r.group),
        /// Whether the old holder stays a salesperson of the group (add mode).
        from_stays: r.from_stays,
    }
);

fn step_to_py<'py>(py: Python<'py>, step: &HandoverStep) -> PyResult<Bound<'py, PyAny>> {
    match step {
        HandoverStep::Responsibility { subject, customer, from_before, from_after, to_after } => py_of(
            py,
            PyResponsibilityStep {
                subject: *subject,
                customer: *customer,
                from_before: from_before.clone(),
                from_after: from_after.clone(),
                to_after: to_after.clone(),
            },
        ),
        &HandoverStep::SalespersonPlace { group, from_stays } => {
            py_of(py, PySalespersonPlaceStep { group, from_stays })
        }
    }
}

// ---- skipped items ------------------------------------------------------------------------

row_class!(
    /// Something a handover plan leaves as it is, and why.
    PySkippedItem(Skipped) as "SkippedItem", hash |s| s.0.item, |py, r| {
        /// A `CustomerId` or `ProjectId` for a responsibility, a `CustomerGroupId` for a salesperson
        /// place.
        item: item_to_py(py, r.item)?,
        /// Why it is left as it is.
        reason: enum_to_py(py, r.reason)?,
    }
);

fn item_to_py(py: Python<'_>, item: HandoverItem) -> PyResult<Bound<'_, PyAny>> {
    match item {
        HandoverItem::Responsibility(subject) => subject_to_py(py, subject),
        HandoverItem::SalespersonPlace(group) => py_of(py, PyCustomerGroupId(group)),
    }
}

// ---- the plan -----------------------------------------------------------------------------

row_class!(
    /// A previewable handover (from `Directory.plan_handover`): what applying it will change, and
    /// what it leaves alone and why. Apply it with `Directory.apply_handover`.
    PyHandoverPlan(HandoverPlan) as "HandoverPlan",
    hash |s| (s.0.request.from, s.0.request.to, s.0.steps.len(), s.0.skipped.len()),
    |py, r| {
        /// The employee handing over.
        from_: PyEmployeeId(r.request.from),
        /// The employee taking over.
        to: PyEmployeeId(r.request.to),
        /// `HandoverMode.REPLACE` (the old holder leaves) or `HandoverMode.ADD` (both hold).
        mode: enum_to_py(py, r.request.mode)?,
        /// The first day the new holder is responsible, or `None` (at once).
        effective: opt_date_to_py(py, r.request.effective)?,
        /// The roles handed over, or `None` (every responsibility with all its roles).
        roles: match &r.request.roles {
            RoleSelection::All => None,
            RoleSelection::Only(roles) => Some(tuple_of(py, roles.iter().copied().map(PyRoleId))?),
        },
        /// Whether customer responsibilities are handed over.
        customers: r.request.customers,
        /// Whether project responsibilities are handed over.
        projects: r.request.projects,
        /// Whether salesperson places of customer groups are handed over.
        salesperson_places: r.request.salesperson_places,
        /// The only customers and projects handed over, or `None` (all of them).
        subjects: match &r.request.subjects {
            None => None,
            Some(subjects) => Some(try_tuple_of(py, subjects.iter().map(|s| subject_to_py(py, *s)))?),
        },
        /// Recorded as the actor of the change set when the plan is applied (`None`: the
        /// directory's actor).
        actor: &r.request.actor,
        /// What applying the plan changes: responsibilities (by subject), then salesperson places.
        steps: try_tuple_of(py, r.steps.iter().map(|s| step_to_py(py, s)))?,
        /// What the plan leaves as it is, and why.
        skipped: tuple_of(py, r.skipped.iter().copied().map(PySkippedItem))?,
    }
);

#[pymethods]
impl PyHandoverPlan {
    /// Whether applying the plan would change nothing.
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[pymethods]
impl PyDirectory {
    /// Plans handing over `from_`'s responsibilities (and salesperson places) to `to`, changing
    /// nothing: the plan is a preview of each change, and of what is skipped and why.
    ///
    /// `mode`: `HandoverMode.REPLACE` (the old holder leaves) or `ADD` (both hold). `effective`:
    /// the first day of the new holder (the old holder's validity ends the day before); `None`
    /// hands over at once. `roles`: only responsibilities holding one of these roles, and only
    /// these roles. `customers`, `projects`, `salesperson_places`: which kinds of item.
    /// `subjects`: only these customers and projects. `actor`: recorded in the history when the
    /// plan is applied.
    #[pyo3(signature = (from_, to, *, mode = Given::Omitted, effective = None, roles = None, customers = true,
        projects = true, salesperson_places = true, subjects = None, actor = None))]
    fn plan_handover(
        &self,
        py: Python<'_>,
        from_: PyEmployeeId,
        to: PyEmployeeId,
        mode: Given<EnumArg<HandoverMode>>,
        effective: Option<DateArg>,
        roles: Option<Items<PyRoleId>>,
        customers: bool,
        projects: bool,
        salesperson_places: bool,
        subjects: Option<Items<SubjectArg>>,
        actor: Option<String>,
    ) -> PyResult<PyHandoverPlan> {
        let request = Handover {
            from: from_.0,
            to: to.0,
            mode: mode.convert(),
            effective: effective.convert(),
            roles: roles.map(|roles| roles.0).convert(),
            customers,
            projects,
            salesperson_places,
            subjects: subjects.convert(),
            actor,
        };
        self.run(py, |d| d.plan_handover(&request)).map(PyHandoverPlan)
    }

    /// Applies a handover plan as one atomic change set, recorded with the plan's actor.
    /// Raises `StalePlanError` (and changes nothing) if the directory changed so that planning
    /// again would give a different plan.
    fn apply_handover(&self, py: Python<'_>, plan: PyRef<'_, PyHandoverPlan>) -> PyResult<()> {
        let plan = plan.0.clone();
        self.write(py, |d| d.apply_handover(&plan))
    }
}
