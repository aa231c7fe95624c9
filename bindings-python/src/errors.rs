//! Core errors as Python exceptions: the one place where a [`vastuu::Error`] becomes a
//! `vastuu.VastuuError` subclass (classes in `vastuu/_errors.py`), and where a panic caught at
//! the boundary becomes a `VastuuError` too.

use crate::convert::{date_to_py, enum_to_py, TextProblemKind};
use crate::ids::{
    entity_to_py, series_to_py, subject_to_py, PyCustomerGroupId, PyCustomerId, PyEmployeeId, PyProjectId, PyRoleId,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};
use std::any::Any;
use vastuu::{Error, StoreError, TextProblem};

/// The exception class `name` of `vastuu._errors`.
fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    py.import("vastuu._errors")?.getattr(name)?.cast_into::<PyType>().map_err(PyErr::from)
}

/// An instance of the exception class `name` with a message and attributes, as a `PyErr`.
fn raise(py: Python<'_>, name: &str, message: String, attributes: Bound<'_, PyDict>) -> PyErr {
    let made = class(py, name).and_then(|cls| cls.call((message,), Some(&attributes)));
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

/// A `VastuuError` with only a message.
pub(crate) fn vastuu_error(py: Python<'_>, message: String) -> PyErr {
    raise(py, "VastuuError", message, PyDict::new(py))
}

/// The Python exception for a core error: its class and attributes.
pub(crate) fn core_error(py: Python<'_>, err: Error) -> PyErr {
    let message = err.to_string();
    let attributes = PyDict::new(py);
    match describe(py, err, &attributes) {
        Ok(name) => raise(py, name, message, attributes),
        Err(e) => e,
    }
}

/// Fills in the attributes of a core error and names its class.
fn describe(py: Python<'_>, err: Error, a: &Bound<'_, PyDict>) -> PyResult<&'static str> {
    Ok(match err {
        Error::NotFound(entity) => {
            a.set_item("kind", enum_to_py(py, entity.kind())?)?;
            a.set_item("id", entity_to_py(py, entity)?)?;
            "NotFoundError"
        }
        Error::InvalidText { field, value, problem } => {
            a.set_item("field", enum_to_py(py, field)?)?;
            a.set_item("value", value)?;
            a.set_item("problem", enum_to_py(py, TextProblemKind(problem))?)?;
            let (length, max_length, position) = match problem {
                TextProblem::TooLong { len, max } => (Some(len), Some(max), None),
                TextProblem::ControlCharacter { at } => (None, None, Some(at)),
                TextProblem::Empty | TextProblem::NotAnEmail => (None, None, None),
            };
            a.set_item("length", length)?;
            a.set_item("max_length", max_length)?;
            a.set_item("position", position)?;
            "InvalidTextError"
        }
        Error::DuplicateName { kind, name, existing } => {
            a.set_item("kind", enum_to_py(py, kind)?)?;
            a.set_item("name", name)?;
            a.set_item("existing", entity_to_py(py, existing)?)?;
            "DuplicateNameError"
        }
        Error::DuplicateCustomerNumber { number, holder } => {
            a.set_item("number", number)?;
            a.set_item("holder", PyCustomerId(holder))?;
            "DuplicateCustomerNumberError"
        }
        Error::InvalidCustomerNumber { number, max } => {
            a.set_item("number", number)?;
            a.set_item("max", max)?;
            "InvalidCustomerNumberError"
        }
        Error::CustomerInOtherGroup { customer, current, current_name, requested, requested_name } => {
            a.set_item("customer", PyCustomerId(customer))?;
            a.set_item("current_group", PyCustomerGroupId(current))?;
            a.set_item("current_group_name", current_name)?;
            a.set_item("requested_group", PyCustomerGroupId(requested))?;
            a.set_item("requested_group_name", requested_name)?;
            "CustomerInOtherGroupError"
        }
        Error::NumberRangeExhausted { series, start, end } => {
            a.set_item("series", series_to_py(py, series)?)?;
            a.set_item("start", start)?;
            a.set_item("end", end)?;
            "NumberRangeExhaustedError"
        }
        Error::InvalidNumberingRange { start, end, problem } => {
            a.set_item("start", start)?;
            a.set_item("end", end)?;
            a.set_item("problem", enum_to_py(py, problem)?)?;
            "InvalidNumberingRangeError"
        }
        Error::TooManyCostCenters { count, max } => {
            a.set_item("count", count)?;
            a.set_item("max", max)?;
            "TooManyCostCentersError"
        }
        Error::DuplicateCostCenter { code } => {
            a.set_item("code", code)?;
            "DuplicateCostCenterError"
        }
        Error::EmployeeInactive { employee } => {
            a.set_item("employee", PyEmployeeId(employee))?;
            "EmployeeInactiveError"
        }
        Error::NoSalesRights { employee } => {
            a.set_item("employee", PyEmployeeId(employee))?;
            "NoSalesRightsError"
        }
        Error::RoleScopeMismatch { role, role_scope, subject } => {
            a.set_item("role", PyRoleId(role))?;
            a.set_item("role_scope", enum_to_py(py, role_scope)?)?;
            a.set_item("subject", subject_to_py(py, subject)?)?;
            "RoleScopeMismatchError"
        }
        Error::InvalidPeriod { from, to } => {
            a.set_item("valid_from", date_to_py(py, from)?)?;
            a.set_item("valid_to", date_to_py(py, to)?)?;
            "InvalidPeriodError"
        }
        Error::NotResponsible { subject, employee } => {
            a.set_item("subject", subject_to_py(py, subject)?)?;
            a.set_item("employee", PyEmployeeId(employee))?;
            "NotResponsibleError"
        }
        Error::CustomerHasProjects { customer, projects } => {
            a.set_item("customer", PyCustomerId(customer))?;
            a.set_item("projects", PyTuple::new(py, projects.into_iter().map(PyProjectId))?)?;
            "CustomerHasProjectsError"
        }
        Error::RoleInUse { role, responsibilities } => {
            a.set_item("role", PyRoleId(role))?;
            a.set_item("responsibilities", responsibilities)?;
            "RoleInUseError"
        }
        Error::HandoverToSelf { employee } => {
            a.set_item("employee", PyEmployeeId(employee))?;
            "HandoverToSelfError"
        }
        Error::StalePlan { from, to } => {
            a.set_item("from_", PyEmployeeId(from))?;
            a.set_item("to", PyEmployeeId(to))?;
            "StalePlanError"
        }
        Error::InvalidPercent { value } => {
            a.set_item("value", value)?;
            "InvalidPercentError"
        }
        Error::Export { message } => {
            a.set_item("detail", message)?;
            "ExportError"
        }
        // The binding cancels an export only when its progress callback raised, and then raises
        // that exception instead.
        Error::ExportCancelled => "VastuuError",
        Error::Store(store) => describe_store(py, store, a)?,
        // A kind of error added to the core after this binding was written: the base class.
        _ => "VastuuError",
    })
}

/// Fills in the attributes of a store error and names its class. Every store error has
/// `detail`, a description of the failure without the "storage failed" prefix.
fn describe_store(py: Python<'_>, err: StoreError, a: &Bound<'_, PyDict>) -> PyResult<&'static str> {
    a.set_item("detail", err.to_string())?;
    Ok(match err {
        StoreError::Io { operation, message } => {
            a.set_item("operation", operation)?;
            a.set_item("detail", message)?;
            "StoreIoError"
        }
        StoreError::Corrupt { detail } => {
            a.set_item("detail", detail)?;
            "StoreCorruptError"
        }
        StoreError::CorruptFile { path, offset, detail } => {
            a.set_item("path", path.into_pyobject(py)?)?;
            a.set_item("offset", offset)?;
            a.set_item("detail", detail)?;
            "StoreCorruptFileError"
        }
        StoreError::NotAStore { path, reason } => {
            a.set_item("path", path.into_pyobject(py)?)?;
            a.set_item("reason", reason)?;
            "NotAStoreError"
        }
        StoreError::UnsupportedVersion { path, found, supported } => {
            a.set_item("path", path.into_pyobject(py)?)?;
            a.set_item("found", found)?;
            a.set_item("supported", supported)?;
            "UnsupportedVersionError"
        }
        StoreError::Locked { path } => {
            a.set_item("path", path.into_pyobject(py)?)?;
            "StoreLockedError"
        }
        StoreError::NeedsReopen { cause } => {
            a.set_item("cause", cause)?;
            "StoreNeedsReopenError"
        }
        StoreError::Failed(detail) => {
            a.set_item("detail", detail)?;
            "StoreError"
        }
        // A kind of store failure added to the core after this binding was written.
        _ => "StoreError",
    })
}

/// The `InvalidPercentError` for a percentage the core cannot even be given (negative, or
/// beyond any `u32`), worded as the core words it.
pub(crate) fn invalid_percent(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyErr {
    let attributes = PyDict::new(py);
    if let Err(e) = attributes.set_item("value", value) {
        return e;
    }
    raise(py, "InvalidPercentError", format!("{value} is not a percentage (0..=100)"), attributes)
}

/// The `DirectoryClosedError` for a call on a closed directory.
pub(crate) fn closed_error(py: Python<'_>) -> PyErr {
    raise(py, "DirectoryClosedError", "the directory is closed".to_owned(), PyDict::new(py))
}

/// The `VastuuError` for a panic caught at the boundary (a bug in the library, never a reaction
/// to input).
pub(crate) fn panic_error(py: Python<'_>, payload: Box<dyn Any + Send>) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    vastuu_error(py, format!("internal error in vastuu: {what}"))
}
