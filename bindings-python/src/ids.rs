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
use vastuu_host::Convert;

/// The id classes, one per kind: `Kind: PyClass(CoreId, "PythonName")`, with their conversions;
/// and what is done with every kind of id: [`entity_of`] and [`entity_to_py`].
macro_rules! py_ids {
    ($($(#[doc = $doc:literal])* $kind:ident: $py:ident($core:ident, $name:literal);)*) => {
        $(
            $(#[doc = $doc])*
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

            impl Convert<$core> for $py {
                fn convert(self) -> $core {
                    self.0
                }
            }

            impl Convert<$py> for $core {
                fn convert(self) -> $py {
                    $py(self)
                }
            }
        )*

        /// The entity an id object names; `None` for other values.
        pub(crate) fn entity_of(obj: &Bound<'_, PyAny>) -> Option<EntityRef> {
            $(if let Ok(id) = obj.cast::<$py>() {
                return Some(EntityRef::$kind(id.get().0));
            })*
            None
        }

        /// An entity reference as the typed id.
        pub(crate) fn entity_to_py(py: Python<'_>, entity: EntityRef) -> PyResult<Bound<'_, PyAny>> {
            Ok(match entity {
                $(EntityRef::$kind(id) => Bound::new(py, $py(id))?.into_any(),)*
            })
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

py_ids! {
    /// Id of an employee.
    Employee: PyEmployeeId(EmployeeId, "EmployeeId");
    /// Id of a team.
    Team: PyTeamId(TeamId, "TeamId");
    /// Id of a role.
    Role: PyRoleId(RoleId, "RoleId");
    /// Id of a customer.
    Customer: PyCustomerId(CustomerId, "CustomerId");
    /// Id of a project.
    Project: PyProjectId(ProjectId, "ProjectId");
    /// Id of a customer group.
    CustomerGroup: PyCustomerGroupId(CustomerGroupId, "CustomerGroupId");
    /// Id of a special group.
    SpecialGroup: PySpecialGroupId(SpecialGroupId, "SpecialGroupId");
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

/// Whose history: an id of any kind.
pub(crate) struct HistoryKeyArg(pub(crate) EntityRef);

impl<'a, 'py> FromPyObject<'a, 'py> for HistoryKeyArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        entity_of(&obj).map(HistoryKeyArg).ok_or_else(|| {
            PyTypeError::new_err(format!(
                "expected an id (CustomerId, EmployeeId, CustomerGroupId, SpecialGroupId, RoleId, TeamId or \
                 ProjectId), got {}",
                type_name(&obj)
            ))
        })
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

/// A series as the `CustomerGroupId` of its group, or `None` for the default series.
pub(crate) fn series_to_py(py: Python<'_>, series: SeriesId) -> PyResult<Bound<'_, PyAny>> {
    Ok(match series {
        SeriesId::Default => py.None().into_bound(py),
        SeriesId::Group(id) => Bound::new(py, PyCustomerGroupId(id))?.into_any(),
    })
}
