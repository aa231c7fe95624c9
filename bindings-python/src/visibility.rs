//! Visibility: whether an employee sees a customer on a date, and why; and its set forms.

use crate::convert::{enum_member, DateArg};
use crate::directory::{calls, PyDirectory};
use crate::ids::{PyCustomerGroupId, PyCustomerId, PyEmployeeId, PyProjectId, PyTeamId};
use crate::rows::{row_class, try_tuple_of, tuple_of};
use pyo3::prelude::*;
use vastuu::{Visibility, VisibilityReason};

row_class!(
    /// Whether an employee sees a customer on a date, and every reason that holds (none when not).
    /// True in a boolean context exactly when visible.
    PyVisibility(Visibility) as "Visibility",
    hash |s| (s.0.visible, s.0.admin, s.0.responsible, &s.0.projects, s.0.salesperson_of, s.0.lead_of, &s.0.through_members),
    |py, r| {
        /// Whether the employee sees the customer: true exactly when some reason holds.
        visible: r.visible,
        /// Admin visibility (`sees_all`).
        admin: r.admin,
        /// A responsibility for the customer, valid on the date.
        responsible: r.responsible,
        /// The customer's projects the employee is responsible for on the date.
        projects: tuple_of(py, r.projects.iter().copied().map(PyProjectId))?,
        /// The customer's group, when the employee is one of its salespeople with sales rights.
        salesperson_of: r.salesperson_of.map(PyCustomerGroupId),
        /// The employee's team, when they are one of its leads and another active member of it is
        /// responsible for the customer or one of its projects on the date.
        lead_of: r.lead_of.map(PyTeamId),
        /// Those members of the team, by id.
        through_members: tuple_of(py, r.through_members.iter().copied().map(PyEmployeeId))?,
        /// The kinds of reason that hold, in the order admin, responsible, project responsible,
        /// salesperson, team lead.
        reasons: try_tuple_of(py, reason_kinds(r).into_iter().map(|k| enum_member(py, "VisibilityReason", k)))?,
    }
);

/// The kinds of reason that hold (the variants of `vastuu.VisibilityReason`), each once; the ids
/// behind them are the `Visibility`'s `projects`, `salesperson_of`, `lead_of` and
/// `through_members`.
fn reason_kinds(visibility: &Visibility) -> Vec<&'static str> {
    let mut kinds = Vec::new();
    for reason in visibility.reasons() {
        let kind = match reason {
            VisibilityReason::Admin => "Admin",
            VisibilityReason::Responsible => "Responsible",
            VisibilityReason::ProjectResponsible(_) => "ProjectResponsible",
            VisibilityReason::Salesperson(_) => "Salesperson",
            VisibilityReason::TeamLead { .. } => "TeamLead",
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds
}

#[pymethods]
impl PyVisibility {
    fn __bool__(&self) -> bool {
        self.0.visible
    }
}

calls! {
    /// Whether the employee sees the customer on `date`, with every reason that holds.
    run can_view(employee: PyEmployeeId, customer: PyCustomerId, date: DateArg) -> PyVisibility;
    /// Every customer the employee sees on `date` (exactly those `can_view` allows), archived
    /// ones included, in Finnish/Swedish order of their names.
    run visible_customers(employee: PyEmployeeId, date: DateArg) -> Vec<PyCustomerId>;
    /// Every employee who sees the customer on `date` (exactly those `can_view` allows), in
    /// Finnish/Swedish order of their names.
    run who_can_view(customer: PyCustomerId, date: DateArg) -> Vec<PyEmployeeId>;
}
