//! Handover: moving an employee's responsibilities and salesperson places to another employee,
//! previewed as an immutable plan and applied as one change set.

use crate::convert::{enum_to_py, opt_date, opt_date_to_py, DateArg, EnumArg, Given, Items};
use crate::directory::PyDirectory;
use crate::ids::{subject_to_py, PyCustomerGroupId, PyCustomerId, PyEmployeeId, PyRoleId, SubjectArg};
use crate::responsibilities::{subject_kind, subject_raw, PyResponsibility};
use crate::rows::{plain, py_of, row_methods, tuple_of, Fields, Row};
use pyo3::prelude::*;
use pyo3::types::PyList;
use vastuu::{
    EntityKind, Handover, HandoverItem, HandoverMode, HandoverPlan, HandoverStep, Responsibility, RoleSelection,
    Skipped, Subject,
};

// ---- steps --------------------------------------------------------------------------------

/// One responsibility a handover plan moves (or shares, in add mode): the old holder's
/// responsibility before and after, and the new holder's after.
#[pyclass(frozen, eq, module = "vastuu", name = "ResponsibilityStep")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyResponsibilityStep {
    subject: Subject,
    customer: vastuu::CustomerId,
    from_before: Responsibility,
    from_after: Option<Responsibility>,
    to_after: Responsibility,
}

/// One salesperson place a handover plan moves (or shares, in add mode).
#[pyclass(frozen, eq, module = "vastuu", name = "SalespersonPlaceStep")]
#[derive(Clone, PartialEq)]
pub(crate) struct PySalespersonPlaceStep {
    group: vastuu::CustomerGroupId,
    from_stays: bool,
}

/// A responsibility as a `Responsibility` row, or `None`.
fn opt_responsibility<'py>(py: Python<'py>, r: Option<&Responsibility>) -> PyResult<Bound<'py, PyAny>> {
    match r {
        Some(r) => py_of(py, PyResponsibility(r.clone())),
        None => Ok(py.None().into_bound(py)),
    }
}

impl Row for PyResponsibilityStep {
    const NAME: &'static str = "ResponsibilityStep";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![
            ("subject", subject_to_py(py, self.subject)?),
            ("customer", py_of(py, PyCustomerId(self.customer))?),
            ("from_before", opt_responsibility(py, Some(&self.from_before))?),
            ("from_after", opt_responsibility(py, self.from_after.as_ref())?),
            ("to_after", opt_responsibility(py, Some(&self.to_after))?),
        ])
    }

    /// The subject as its kind and raw id; the responsibilities as dicts.
    fn plain_fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let mut fields = vec![
            ("subject_kind", plain(py, &enum_to_py(py, subject_kind(self.subject))?)?),
            ("subject", py_of(py, subject_raw(self.subject))?),
            ("customer", py_of(py, self.customer.get())?),
        ];
        for (name, value) in self.fields(py)?.into_iter().skip(2) {
            fields.push((name, plain(py, &value)?));
        }
        Ok(fields)
    }
}
row_methods!(PyResponsibilityStep, |s| (s.subject, s.to_after.employee));

#[pymethods]
impl PyResponsibilityStep {
    /// The customer (`CustomerId`) or project (`ProjectId`).
    #[getter]
    fn subject<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        subject_to_py(py, self.subject)
    }
    /// The customer: the subject itself, or the project's customer.
    #[getter]
    fn customer(&self) -> PyCustomerId {
        PyCustomerId(self.customer)
    }
    /// The old holder's responsibility now.
    #[getter]
    fn get_from_before(&self) -> PyResponsibility {
        PyResponsibility(self.from_before.clone())
    }
    /// The old holder's responsibility after applying (`None`: removed).
    #[getter]
    fn get_from_after(&self) -> Option<PyResponsibility> {
        self.from_after.clone().map(PyResponsibility)
    }
    /// The new holder's responsibility after applying.
    #[getter]
    fn to_after(&self) -> PyResponsibility {
        PyResponsibility(self.to_after.clone())
    }
}

impl Row for PySalespersonPlaceStep {
    const NAME: &'static str = "SalespersonPlaceStep";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![("group", py_of(py, PyCustomerGroupId(self.group))?), ("from_stays", py_of(py, self.from_stays)?)])
    }
}
row_methods!(PySalespersonPlaceStep, |s| (s.group, s.from_stays));

#[pymethods]
impl PySalespersonPlaceStep {
    /// The customer group.
    #[getter]
    fn group(&self) -> PyCustomerGroupId {
        PyCustomerGroupId(self.group)
    }
    /// Whether the old holder stays a salesperson of the group (add mode).
    #[getter]
    fn get_from_stays(&self) -> bool {
        self.from_stays
    }
}

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

/// Something a handover plan leaves as it is, and why.
#[pyclass(frozen, eq, module = "vastuu", name = "SkippedItem")]
#[derive(Clone, PartialEq)]
pub(crate) struct PySkippedItem(Skipped);

fn item_to_py(py: Python<'_>, item: HandoverItem) -> PyResult<Bound<'_, PyAny>> {
    match item {
        HandoverItem::Responsibility(subject) => subject_to_py(py, subject),
        HandoverItem::SalespersonPlace(group) => py_of(py, PyCustomerGroupId(group)),
    }
}

impl Row for PySkippedItem {
    const NAME: &'static str = "SkippedItem";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![("item", item_to_py(py, self.0.item)?), ("reason", enum_to_py(py, self.0.reason)?)])
    }

    /// The item as its kind and raw id, so customers, projects and groups stay apart.
    fn plain_fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let (kind, raw) = match self.0.item {
            HandoverItem::Responsibility(subject) => (subject_kind(subject), subject_raw(subject)),
            HandoverItem::SalespersonPlace(group) => (EntityKind::CustomerGroup, group.get()),
        };
        Ok(vec![
            ("item_kind", plain(py, &enum_to_py(py, kind)?)?),
            ("item", py_of(py, raw)?),
            ("reason", plain(py, &enum_to_py(py, self.0.reason)?)?),
        ])
    }
}
row_methods!(PySkippedItem, |s| s.0.item);

#[pymethods]
impl PySkippedItem {
    /// A `CustomerId` or `ProjectId` for a responsibility, a `CustomerGroupId` for a salesperson
    /// place.
    #[getter]
    fn item<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        item_to_py(py, self.0.item)
    }
    /// Why it is left as it is.
    #[getter]
    fn reason<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_to_py(py, self.0.reason)
    }
}

// ---- the plan -----------------------------------------------------------------------------

/// A previewable handover (from `Directory.plan_handover`): what applying it will change, and
/// what it leaves alone and why. Apply it with `Directory.apply_handover`.
#[pyclass(frozen, eq, module = "vastuu", name = "HandoverPlan")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyHandoverPlan(HandoverPlan);

impl Row for PyHandoverPlan {
    const NAME: &'static str = "HandoverPlan";
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        Ok(vec![
            ("from_", py_of(py, self.get_from_())?),
            ("to", py_of(py, self.to())?),
            ("mode", self.mode(py)?),
            ("effective", self.effective(py)?),
            ("roles", self.roles(py)?),
            ("customers", py_of(py, self.customers())?),
            ("projects", py_of(py, self.projects())?),
            ("salesperson_places", py_of(py, self.salesperson_places())?),
            ("subjects", self.subjects(py)?),
            ("actor", py_of(py, self.actor())?),
            ("steps", self.steps(py)?),
            ("skipped", self.skipped(py)?),
        ])
    }

    /// Plain values; `subjects` as `[kind, id]` lists so customers and projects stay apart.
    fn plain_fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        let mut fields = Vec::new();
        for (name, value) in self.fields(py)? {
            let value = match (name, &self.0.request.subjects) {
                ("subjects", Some(subjects)) => {
                    let pairs = subjects
                        .iter()
                        .map(|s| {
                            let kind = plain(py, &enum_to_py(py, subject_kind(*s))?)?;
                            Ok(PyList::new(py, [kind, py_of(py, subject_raw(*s))?])?.into_any())
                        })
                        .collect::<PyResult<Vec<_>>>()?;
                    PyList::new(py, pairs)?.into_any()
                }
                _ => plain(py, &value)?,
            };
            fields.push((name, value));
        }
        Ok(fields)
    }
}
row_methods!(PyHandoverPlan, |s| (s.0.request.from, s.0.request.to, s.0.steps.len(), s.0.skipped.len()));

#[pymethods]
impl PyHandoverPlan {
    /// The employee handing over.
    #[getter]
    fn get_from_(&self) -> PyEmployeeId {
        PyEmployeeId(self.0.request.from)
    }
    /// The employee taking over.
    #[getter]
    fn to(&self) -> PyEmployeeId {
        PyEmployeeId(self.0.request.to)
    }
    /// `HandoverMode.REPLACE` (the old holder leaves) or `HandoverMode.ADD` (both hold).
    #[getter]
    fn mode<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_to_py(py, self.0.request.mode)
    }
    /// The first day the new holder is responsible, or `None` (at once).
    #[getter]
    fn effective<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        opt_date_to_py(py, self.0.request.effective)
    }
    /// The roles handed over, or `None` (every responsibility with all its roles).
    #[getter]
    fn roles<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0.request.roles {
            RoleSelection::All => Ok(py.None().into_bound(py)),
            RoleSelection::Only(roles) => tuple_of(py, roles.iter().copied().map(PyRoleId)),
        }
    }
    /// Whether customer responsibilities are handed over.
    #[getter]
    fn customers(&self) -> bool {
        self.0.request.customers
    }
    /// Whether project responsibilities are handed over.
    #[getter]
    fn projects(&self) -> bool {
        self.0.request.projects
    }
    /// Whether salesperson places of customer groups are handed over.
    #[getter]
    fn salesperson_places(&self) -> bool {
        self.0.request.salesperson_places
    }
    /// The only customers and projects handed over, or `None` (all of them).
    #[getter]
    fn subjects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.0.request.subjects {
            None => Ok(py.None().into_bound(py)),
            Some(subjects) => {
                let items = subjects.iter().map(|s| subject_to_py(py, *s)).collect::<PyResult<Vec<_>>>()?;
                tuple_of(py, items)
            }
        }
    }
    /// Recorded as the actor of the change set when the plan is applied (`None`: the
    /// directory's actor).
    #[getter]
    fn actor(&self) -> Option<&str> {
        self.0.request.actor.as_deref()
    }
    /// What applying the plan changes: responsibilities (by subject), then salesperson places.
    #[getter]
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let items = self.0.steps.iter().map(|s| step_to_py(py, s)).collect::<PyResult<Vec<_>>>()?;
        tuple_of(py, items)
    }
    /// What the plan leaves as it is, and why.
    #[getter]
    fn skipped<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tuple_of(py, self.0.skipped.iter().copied().map(PySkippedItem))
    }
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
            mode: mode.into_option().map_or(HandoverMode::Replace, |m| m.0),
            effective: opt_date(effective),
            roles: match roles {
                None => RoleSelection::All,
                Some(roles) => RoleSelection::Only(roles.0.into_iter().map(|r| r.0).collect()),
            },
            customers,
            projects,
            salesperson_places,
            subjects: subjects.map(|s| s.0.into_iter().map(|s| s.0).collect()),
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

/// Registers the classes of this area.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyHandoverPlan>()?;
    m.add_class::<PyResponsibilityStep>()?;
    m.add_class::<PySalespersonPlaceStep>()?;
    m.add_class::<PySkippedItem>()?;
    Ok(())
}
