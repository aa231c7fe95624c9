//! History: committed change sets and the primitive changes in them, the history of each entity,
//! and the change feed (`changes_since`, `ChangeSet.to_json`).

use crate::convert::{enum_member, name_given, timestamp_to_py};
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
use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyIterator, PyTuple};
use vastuu::{Change, ChangeSet, FeedPage, HistoryKey, RevertPlan};

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
        ("reverts", py_of(py, row.0.reverts)?),
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
        /// The sequence number of the change set this one reverts, when it is a revert.
        reverts: r.reverts,
    }, plain = change_set_plain
);

#[pymethods]
impl PyChangeSet {
    /// The change set as the change feed's JSON document, on one line (see the README's
    /// "Change feed"): `{"version": 1, "seq", "at", "actor", "changes": [{"op", "entity",
    /// "value"}, ...]}`. Stable within a version; `json.loads` gives it as a dict.
    fn to_json(&self) -> String {
        self.0.to_json()
    }
}

row_class!(
    /// One page of the change feed (see `Directory.changes_since`): its change sets, and where to
    /// go on from. Iterating over it gives the change sets; `len()` is how many there are.
    PyFeedPage(FeedPage) as "FeedPage", hash |s| (s.0.cursor, s.0.last_seq, s.0.change_sets.len()), |py, r| {
        /// The change sets after the sequence number asked from, oldest first.
        change_sets: tuple_of(py, r.change_sets.iter().cloned().map(PyChangeSet))?,
        /// The sequence number to ask from next: the last change set's of this page, or the one
        /// asked from when the page is empty.
        cursor: r.cursor,
        /// Whether change sets after this page exist (when the page was read).
        has_more: r.has_more,
        /// The directory's last sequence number when the page was read.
        last_seq: r.last_seq,
    }
);

#[pymethods]
impl PyFeedPage {
    fn __len__(&self) -> usize {
        self.0.change_sets.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        PyTuple::new(py, self.0.change_sets.iter().cloned().map(PyChangeSet))?.try_iter()
    }
}

#[pymethods]
impl PyDirectory {
    /// The change feed: the change sets after change set `seq` (0 for all), oldest first, at
    /// most `limit` (1 to `MAX_CHANGES_LIMIT`) of them; only those are read from the store. Keep
    /// the page's `cursor` and ask from it next; `has_more` says whether to ask again at once.
    /// A `seq` equal to `last_seq()` gives an empty page; one beyond it raises
    /// `SeqBeyondLastError` (a cursor of another store, or of this one before it was restored
    /// from an older copy). A `limit` outside 1..=`MAX_CHANGES_LIMIT` raises `InvalidLimitError`.
    #[pyo3(signature = (seq, limit = 100))]
    fn changes_since(&self, py: Python<'_>, seq: &Bound<'_, PyInt>, limit: i128) -> PyResult<PyFeedPage> {
        if seq.lt(0)? {
            let message = format!("changes_since(seq={seq}): a sequence number is an int in 0..={}", u64::MAX);
            return Err(PyOverflowError::new_err(message));
        }
        // Beyond any u64 is beyond the last change set, and outside usize is not a limit either:
        // the core is handed the largest value, and the error names the one given.
        let (seq_handed, limit_handed) = (seq.extract::<u64>().unwrap_or(u64::MAX), usize::try_from(limit).ok());
        let page = self.run(py, |d| d.changes_since(seq_handed, limit_handed.unwrap_or(usize::MAX)));
        page.map(PyFeedPage).map_err(|err| {
            let mut named = name_given(py, &err, "seq", u64::MAX, seq);
            if limit_handed.is_none() {
                let Ok(given) = limit.into_pyobject(py);
                let largest = u64::try_from(usize::MAX).unwrap_or(u64::MAX);
                named = named.and_then(|()| name_given(py, &err, "limit", largest, given.as_any()));
            }
            named.err().unwrap_or(err)
        })
    }
}

row_class!(
    /// What reverting a change set would do (see `Directory.plan_revert`): the compensating
    /// changes, and the later change sets that changed the same entities.
    PyRevertPlan(RevertPlan) as "RevertPlan", hash |s| (s.0.seq, s.0.later.clone()), |py, r| {
        /// The change set to revert.
        seq: r.seq,
        /// The compensating changes: each entity it changed put back as it was just before it, or
        /// deleted when it did not exist then.
        changes: tuple_of(py, r.changes.iter().cloned().map(PyChange))?,
        /// The later change sets that changed the same entities, oldest first: the revert is
        /// refused while there are any, unless forced.
        later: tuple_of(py, r.later.iter().copied())?,
    }
);

#[pymethods]
impl PyDirectory {
    /// Reverts change set `seq` by writing a compensating change set (every entity it changed put
    /// back as it was just before it, or deleted when it did not exist then; its `reverts` is
    /// `seq`) and returns the new change set's number. `RevertConflictError` names the later
    /// change sets that changed the same entities, unless `force=True`, which undoes their edits
    /// of those entities too. `NoSuchChangeSetError`, `RevertOfRevertError`,
    /// `AlreadyRevertedError`, `NothingToRevertError`, `RevertStateUnknownError`, and the rule
    /// errors of the result (`DuplicateCustomerNumberError`, `DuplicateNameError`,
    /// `NotFoundError`, `ReferencedError`, ...); a call that raised changed nothing.
    #[pyo3(signature = (seq, *, force = false))]
    fn revert(&self, py: Python<'_>, seq: u64, force: bool) -> PyResult<u64> {
        self.write(py, |d| d.revert(seq, force))
    }

    /// What `revert(seq)` would do, without doing it: a `RevertPlan`. Raises as `revert` does,
    /// except that later change sets are listed in the plan, and the rules are checked when
    /// reverting.
    fn plan_revert(&self, py: Python<'_>, seq: u64) -> PyResult<PyRevertPlan> {
        self.run(py, |d| d.plan_revert(seq)).map(PyRevertPlan)
    }
}

calls! {
    /// The change sets that touched an entity, oldest first (deleted ones too): a customer (its
    /// fields, memberships, projects, responsibilities), an employee (their fields,
    /// responsibilities, salesperson places), a customer group or special group (its fields,
    /// customers joining or leaving it), a team (its name, employees joining or leaving it), a
    /// role (its fields, creation and deletion) or a project (its fields and responsibilities).
    run history(key: HistoryKeyArg) -> Vec<PyChangeSet>;
    /// Every committed change set, oldest first.
    run change_sets() -> Vec<PyChangeSet>;
}
