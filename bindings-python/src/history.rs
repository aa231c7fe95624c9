//! History: committed change sets and the primitive changes in them.

use crate::convert::{enum_member, timestamp_to_py};
use crate::customers::{PyCustomer, PyProject};
use crate::directory::{calls, PyDirectory};
use crate::employees::{PyEmployee, PyTeam};
use crate::groups::PyCustomerGroup;
use crate::ids::{
    history_key_to_py, subject_to_py, HistoryKeyArg, PyCustomerGroupId, PyCustomerId, PyEmployeeId, PyProjectId,
    PyRoleId, PySpecialGroupId, PyTeamId,
};
use crate::numbering::PyDefaultSeries;
use crate::responsibilities::PyResponsibility;
use crate::roles::PyRole;
use crate::rows::{dict_of, plain, plain_fields, py_of, row_class, try_tuple_of, tuple_of, Fields};
use crate::special_groups::PySpecialGroup;
use pyo3::prelude::*;
use vastuu::{Change, ChangeSet, HistoryKey};

/// A deleted responsibility's value as a dict with the subject's kind.
fn change_plain<'py>(row: &PyChange, py: Python<'py>) -> PyResult<Fields<'py>> {
    let value = match &row.0 {
        Change::DeleteResponsibility { subject, employee } => {
            let pair =
                vec![("subject", subject_to_py(py, *subject)?), ("employee", py_of(py, PyEmployeeId(*employee))?)];
            dict_of(py, plain_fields(py, pair)?)?.into_any()
        }
        other => plain(py, &value_of(py, other)?)?,
    };
    Ok(vec![("kind", plain(py, &enum_member(py, "ChangeKind", kind_of(&row.0))?)?), ("value", value)])
}

row_class!(
    /// One primitive change: its kind and its value (the entity put, the id deleted, or for a
    /// deleted responsibility the `(subject, employee)` pair).
    PyChange(Change) as "Change", hash |s| format!("{:?}", s.0), |py, r| {
        /// What kind of change this is.
        kind: enum_member(py, "ChangeKind", kind_of(r))?,
        /// The entity put, the id deleted, the `(subject, employee)` of a deleted responsibility, or
        /// the new default series.
        value: value_of(py, r)?,
    }, plain = change_plain
);

/// The values of the changes, each kind of change (a variant of `Change`, a member of
/// `ChangeKind`) with the Python value of what it carries.
macro_rules! change_values {
    ($($variant:ident($x:ident) => $value:expr,)*) => {
        fn kind_of(change: &Change) -> &'static str {
            match change {
                $(Change::$variant(_) => stringify!($variant),)*
                Change::DeleteResponsibility { .. } => "DeleteResponsibility",
            }
        }

        fn value_of<'py>(py: Python<'py>, change: &Change) -> PyResult<Bound<'py, PyAny>> {
            match change {
                $(Change::$variant($x) => py_of(py, $value),)*
                Change::DeleteResponsibility { subject, employee } => {
                    tuple_of(py, [subject_to_py(py, *subject)?, py_of(py, PyEmployeeId(*employee))?])
                }
            }
        }
    };
}

change_values! {
    PutEmployee(e) => PyEmployee(e.clone()),
    DeleteEmployee(id) => PyEmployeeId(*id),
    PutTeam(t) => PyTeam(t.clone()),
    DeleteTeam(id) => PyTeamId(*id),
    PutRole(r) => PyRole(r.clone()),
    DeleteRole(id) => PyRoleId(*id),
    PutCustomer(c) => PyCustomer(c.clone()),
    DeleteCustomer(id) => PyCustomerId(*id),
    PutProject(p) => PyProject(p.clone()),
    DeleteProject(id) => PyProjectId(*id),
    PutCustomerGroup(g) => PyCustomerGroup(g.clone()),
    DeleteCustomerGroup(id) => PyCustomerGroupId(*id),
    PutSpecialGroup(g) => PySpecialGroup(g.clone()),
    DeleteSpecialGroup(id) => PySpecialGroupId(*id),
    PutResponsibility(r) => PyResponsibility(r.clone()),
    SetDefaultSeries(s) => PyDefaultSeries(*s),
}

/// The keys split into customers and employees.
fn change_set_plain<'py>(row: &PyChangeSet, py: Python<'py>) -> PyResult<Fields<'py>> {
    let (mut customers, mut employees) = (Vec::new(), Vec::new());
    for key in &row.0.keys {
        match key {
            HistoryKey::Customer(id) => customers.push(id.get()),
            HistoryKey::Employee(id) => employees.push(id.get()),
        }
    }
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
        keys: try_tuple_of(py, r.keys.iter().map(|k| history_key_to_py(py, *k)))?,
        /// The changes, in the order they were applied.
        changes: tuple_of(py, r.changes.iter().cloned().map(PyChange))?,
    }, plain = change_set_plain
);

calls! {
    /// The change sets that touched a customer or an employee, oldest first (deleted ones too).
    run history(key: HistoryKeyArg) -> Vec<PyChangeSet>;
    /// Every committed change set, oldest first.
    run change_sets() -> Vec<PyChangeSet>;
}
