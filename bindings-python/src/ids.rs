//! Typed ids: one frozen class per kind, so a customer id is refused where an employee id is
//! expected; and the unions the core uses (subject, history key, entity reference, series).

use crate::convert::type_name;
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyTuple, PyType};
use vastuu::{
    CustomerGroupId, CustomerId, EmployeeId, EntityRef, HistoryKey, ProjectId, RoleId, SeriesId, SpecialGroupId,
    Subject, TeamId,
};

macro_rules! py_id {
    ($(#[$doc:meta])* $py:ident, $core:ident, $name:literal) => {
        $(#[$doc])*
        #[pyclass(frozen, eq, ord, hash, from_py_object, module = "vastuu", name = $name)]
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) struct $py(pub(crate) $core);

        #[pymethods]
        impl $py {
            #[new]
            fn new(value: &Bound<'_, PyAny>) -> PyResult<Self> {
                raw_id(value, $name).map(|raw| $py($core::new(raw)))
            }

            fn __int__(&self) -> u32 {
                self.0.get()
            }

            fn __repr__(&self) -> String {
                format!(concat!($name, "({})"), self.0.get())
            }

            fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
                Ok((py.get_type::<Self>(), PyTuple::new(py, [self.0.get()])?))
            }
        }
    };
}

/// The raw number of a new id: an int in `0..=4294967295`.
fn raw_id(value: &Bound<'_, PyAny>, name: &str) -> PyResult<u32> {
    if value.is_instance_of::<pyo3::types::PyBool>() || !value.is_instance_of::<pyo3::types::PyInt>() {
        return Err(PyTypeError::new_err(format!("{name}() takes an int, got {}", type_name(value))));
    }
    value
        .extract::<u32>()
        .map_err(|_| PyOverflowError::new_err(format!("{name}({value}): ids are ints in 0..={}", u32::MAX)))
}

py_id!(
    /// Id of an employee.
    PyEmployeeId, EmployeeId, "EmployeeId"
);
py_id!(
    /// Id of a team.
    PyTeamId, TeamId, "TeamId"
);
py_id!(
    /// Id of a role.
    PyRoleId, RoleId, "RoleId"
);
py_id!(
    /// Id of a customer.
    PyCustomerId, CustomerId, "CustomerId"
);
py_id!(
    /// Id of a project.
    PyProjectId, ProjectId, "ProjectId"
);
py_id!(
    /// Id of a customer group.
    PyCustomerGroupId, CustomerGroupId, "CustomerGroupId"
);
py_id!(
    /// Id of a special group.
    PySpecialGroupId, SpecialGroupId, "SpecialGroupId"
);

/// Registers the id classes.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEmployeeId>()?;
    m.add_class::<PyTeamId>()?;
    m.add_class::<PyRoleId>()?;
    m.add_class::<PyCustomerId>()?;
    m.add_class::<PyProjectId>()?;
    m.add_class::<PyCustomerGroupId>()?;
    m.add_class::<PySpecialGroupId>()?;
    Ok(())
}

/// A subject argument: a `CustomerId` or a `ProjectId`.
pub(crate) struct SubjectArg(pub(crate) Subject);

impl<'a, 'py> FromPyObject<'a, 'py> for SubjectArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(c) = obj.cast::<PyCustomerId>() {
            return Ok(SubjectArg(Subject::Customer(c.get().0)));
        }
        if let Ok(p) = obj.cast::<PyProjectId>() {
            return Ok(SubjectArg(Subject::Project(p.get().0)));
        }
        Err(PyTypeError::new_err(format!("expected a CustomerId or a ProjectId, got {}", type_name(&obj))))
    }
}

/// A history key argument: a `CustomerId` or an `EmployeeId`.
pub(crate) struct HistoryKeyArg(pub(crate) HistoryKey);

impl<'a, 'py> FromPyObject<'a, 'py> for HistoryKeyArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(c) = obj.cast::<PyCustomerId>() {
            return Ok(HistoryKeyArg(HistoryKey::Customer(c.get().0)));
        }
        if let Ok(e) = obj.cast::<PyEmployeeId>() {
            return Ok(HistoryKeyArg(HistoryKey::Employee(e.get().0)));
        }
        Err(PyTypeError::new_err(format!("expected a CustomerId or an EmployeeId, got {}", type_name(&obj))))
    }
}

/// A subject as a `CustomerId` or `ProjectId`.
pub(crate) fn subject_to_py(py: Python<'_>, subject: Subject) -> PyResult<Bound<'_, PyAny>> {
    Ok(match subject {
        Subject::Customer(id) => Bound::new(py, PyCustomerId(id))?.into_any(),
        Subject::Project(id) => Bound::new(py, PyProjectId(id))?.into_any(),
    })
}

/// A history key as a `CustomerId` or `EmployeeId`.
pub(crate) fn history_key_to_py(py: Python<'_>, key: HistoryKey) -> PyResult<Bound<'_, PyAny>> {
    Ok(match key {
        HistoryKey::Customer(id) => Bound::new(py, PyCustomerId(id))?.into_any(),
        HistoryKey::Employee(id) => Bound::new(py, PyEmployeeId(id))?.into_any(),
    })
}

/// An entity reference as the typed id.
pub(crate) fn entity_to_py(py: Python<'_>, entity: EntityRef) -> PyResult<Bound<'_, PyAny>> {
    Ok(match entity {
        EntityRef::Employee(id) => Bound::new(py, PyEmployeeId(id))?.into_any(),
        EntityRef::Team(id) => Bound::new(py, PyTeamId(id))?.into_any(),
        EntityRef::Role(id) => Bound::new(py, PyRoleId(id))?.into_any(),
        EntityRef::Customer(id) => Bound::new(py, PyCustomerId(id))?.into_any(),
        EntityRef::Project(id) => Bound::new(py, PyProjectId(id))?.into_any(),
        EntityRef::CustomerGroup(id) => Bound::new(py, PyCustomerGroupId(id))?.into_any(),
        EntityRef::SpecialGroup(id) => Bound::new(py, PySpecialGroupId(id))?.into_any(),
    })
}

/// A series as the `CustomerGroupId` of its group, or `None` for the default series.
pub(crate) fn series_to_py(py: Python<'_>, series: SeriesId) -> PyResult<Bound<'_, PyAny>> {
    Ok(match series {
        SeriesId::Default => py.None().into_bound(py),
        SeriesId::Group(id) => Bound::new(py, PyCustomerGroupId(id))?.into_any(),
    })
}

/// The raw number of any id object, with the name of its kind; `None` for other values.
pub(crate) fn raw_of(obj: &Bound<'_, PyAny>) -> Option<(&'static str, u32)> {
    if let Ok(id) = obj.cast::<PyEmployeeId>() {
        return Some(("employee", id.get().0.get()));
    }
    if let Ok(id) = obj.cast::<PyTeamId>() {
        return Some(("team", id.get().0.get()));
    }
    if let Ok(id) = obj.cast::<PyRoleId>() {
        return Some(("role", id.get().0.get()));
    }
    if let Ok(id) = obj.cast::<PyCustomerId>() {
        return Some(("customer", id.get().0.get()));
    }
    if let Ok(id) = obj.cast::<PyProjectId>() {
        return Some(("project", id.get().0.get()));
    }
    if let Ok(id) = obj.cast::<PyCustomerGroupId>() {
        return Some(("customer_group", id.get().0.get()));
    }
    if let Ok(id) = obj.cast::<PySpecialGroupId>() {
        return Some(("special_group", id.get().0.get()));
    }
    None
}
