//! History: committed change sets and the primitive changes in them.

use crate::convert::{enum_to_py, timestamp_to_py};
use crate::customers::{PyCustomer, PyProject};
use crate::directory::PyDirectory;
use crate::employees::{PyEmployee, PyTeam};
use crate::groups::PyCustomerGroup;
use crate::ids::{
    history_key_to_py, subject_to_py, HistoryKeyArg, PyCustomerGroupId, PyCustomerId, PyEmployeeId, PyProjectId,
    PyRoleId, PySpecialGroupId, PyTeamId,
};
use crate::numbering::PyDefaultSeries;
use crate::responsibilities::PyResponsibility;
use crate::roles::PyRole;
use crate::rows::{plain, py_of, row_class, tuple_of, Fields};
use crate::special_groups::PySpecialGroup;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use vastuu::{Change, ChangeSet, HistoryKey, Subject};

/// The kind of one primitive change (one per variant of `vastuu::Change`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    PutEmployee,
    DeleteEmployee,
    PutTeam,
    DeleteTeam,
    PutRole,
    DeleteRole,
    PutCustomer,
    DeleteCustomer,
    PutProject,
    DeleteProject,
    PutCustomerGroup,
    DeleteCustomerGroup,
    PutSpecialGroup,
    DeleteSpecialGroup,
    PutResponsibility,
    DeleteResponsibility,
    SetDefaultSeries,
}

/// A deleted responsibility's value as a dict with the subject's kind.
fn change_plain<'py>(row: &PyChange, py: Python<'py>) -> PyResult<Fields<'py>> {
    let kind = plain(py, &enum_to_py(py, kind_of(&row.0))?)?;
    let value = match &row.0 {
        Change::DeleteResponsibility { subject, employee } => {
            let d = PyDict::new(py);
            let (k, raw) = match subject {
                Subject::Customer(id) => ("customer", id.get()),
                Subject::Project(id) => ("project", id.get()),
            };
            d.set_item("subject_kind", k)?;
            d.set_item("subject", raw)?;
            d.set_item("employee", employee.get())?;
            d.into_any()
        }
        other => plain(py, &value_of(py, other)?)?,
    };
    Ok(vec![("kind", kind), ("value", value)])
}

row_class!(
    /// One primitive change: its kind and its value (the entity put, the id deleted, or for a
    /// deleted responsibility the `(subject, employee)` pair).
    PyChange(Change) as "Change", hash |s| format!("{:?}", s.0), |py, r| {
        /// What kind of change this is.
        kind: enum_to_py(py, kind_of(r))?,
        /// The entity put, the id deleted, the `(subject, employee)` of a deleted responsibility, or
        /// the new default series.
        value: value_of(py, r)?,
    }, plain = change_plain
);

fn kind_of(change: &Change) -> ChangeKind {
    match change {
        Change::PutEmployee(_) => ChangeKind::PutEmployee,
        Change::DeleteEmployee(_) => ChangeKind::DeleteEmployee,
        Change::PutTeam(_) => ChangeKind::PutTeam,
        Change::DeleteTeam(_) => ChangeKind::DeleteTeam,
        Change::PutRole(_) => ChangeKind::PutRole,
        Change::DeleteRole(_) => ChangeKind::DeleteRole,
        Change::PutCustomer(_) => ChangeKind::PutCustomer,
        Change::DeleteCustomer(_) => ChangeKind::DeleteCustomer,
        Change::PutProject(_) => ChangeKind::PutProject,
        Change::DeleteProject(_) => ChangeKind::DeleteProject,
        Change::PutCustomerGroup(_) => ChangeKind::PutCustomerGroup,
        Change::DeleteCustomerGroup(_) => ChangeKind::DeleteCustomerGroup,
        Change::PutSpecialGroup(_) => ChangeKind::PutSpecialGroup,
        Change::DeleteSpecialGroup(_) => ChangeKind::DeleteSpecialGroup,
        Change::PutResponsibility(_) => ChangeKind::PutResponsibility,
        Change::DeleteResponsibility { .. } => ChangeKind::DeleteResponsibility,
        Change::SetDefaultSeries(_) => ChangeKind::SetDefaultSeries,
    }
}

fn value_of<'py>(py: Python<'py>, change: &Change) -> PyResult<Bound<'py, PyAny>> {
    match change {
        Change::PutEmployee(e) => py_of(py, PyEmployee(e.clone())),
        Change::DeleteEmployee(id) => py_of(py, PyEmployeeId(*id)),
        Change::PutTeam(t) => py_of(py, PyTeam(t.clone())),
        Change::DeleteTeam(id) => py_of(py, PyTeamId(*id)),
        Change::PutRole(r) => py_of(py, PyRole(r.clone())),
        Change::DeleteRole(id) => py_of(py, PyRoleId(*id)),
        Change::PutCustomer(c) => py_of(py, PyCustomer(c.clone())),
        Change::DeleteCustomer(id) => py_of(py, PyCustomerId(*id)),
        Change::PutProject(p) => py_of(py, PyProject(p.clone())),
        Change::DeleteProject(id) => py_of(py, PyProjectId(*id)),
        Change::PutCustomerGroup(g) => py_of(py, PyCustomerGroup(g.clone())),
        Change::DeleteCustomerGroup(id) => py_of(py, PyCustomerGroupId(*id)),
        Change::PutSpecialGroup(g) => py_of(py, PySpecialGroup(g.clone())),
        Change::DeleteSpecialGroup(id) => py_of(py, PySpecialGroupId(*id)),
        Change::PutResponsibility(r) => py_of(py, PyResponsibility(r.clone())),
        Change::DeleteResponsibility { subject, employee } => {
            tuple_of(py, [subject_to_py(py, *subject)?, py_of(py, PyEmployeeId(*employee))?])
        }
        Change::SetDefaultSeries(s) => py_of(py, PyDefaultSeries(*s)),
    }
}

/// The keys split into customers and employees.
fn change_set_plain<'py>(row: &PyChangeSet, py: Python<'py>) -> PyResult<Fields<'py>> {
    let customers: Vec<u32> = row
        .0
        .keys
        .iter()
        .filter_map(|k| match k {
            HistoryKey::Customer(c) => Some(c.get()),
            HistoryKey::Employee(_) => None,
        })
        .collect();
    let employees: Vec<u32> = row
        .0
        .keys
        .iter()
        .filter_map(|k| match k {
            HistoryKey::Employee(e) => Some(e.get()),
            HistoryKey::Customer(_) => None,
        })
        .collect();
    Ok(vec![
        ("seq", py_of(py, row.0.seq)?),
        ("time", timestamp_to_py(py, row.0.time)?),
        ("actor", py_of(py, &row.0.actor)?),
        ("customers", py_of(py, customers)?),
        ("employees", py_of(py, employees)?),
        ("changes", plain(py, &row.changes(py)?)?),
    ])
}

row_class!(
    /// One committed mutation (or transaction): sequence number, time, actor, what it touched, and
    /// its changes.
    PyChangeSet(ChangeSet) as "ChangeSet", hash |s| s.0.seq, |py, r| {
        /// Sequence number: 1 for the first change set, then consecutive.
        seq: r.seq,
        /// When it was committed (an aware `datetime` in UTC).
        time: timestamp_to_py(py, r.time)?,
        /// Who made it, if the host said.
        actor: &r.actor,
        /// The customers (`CustomerId`) and employees (`EmployeeId`) it touches.
        keys: tuple_of(py, r.keys.iter().map(|k| history_key_to_py(py, *k)).collect::<PyResult<Vec<_>>>()?)?,
        /// The changes, in the order they were applied.
        changes: tuple_of(py, r.changes.iter().cloned().map(PyChange))?,
    }, plain = change_set_plain
);

#[pymethods]
impl PyDirectory {
    /// The change sets that touched a customer or an employee, oldest first (deleted ones too).
    fn history(&self, py: Python<'_>, key: HistoryKeyArg) -> PyResult<Vec<PyChangeSet>> {
        self.run(py, |d| Ok(d.history(key.0)?.into_iter().cloned().map(PyChangeSet).collect()))
    }

    /// Every committed change set, oldest first.
    fn change_sets(&self, py: Python<'_>) -> PyResult<Vec<PyChangeSet>> {
        self.read(py, |d| d.change_sets().iter().cloned().map(PyChangeSet).collect())
    }
}

/// Registers the classes of this area.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyChange>()?;
    m.add_class::<PyChangeSet>()?;
    Ok(())
}
