//! Errors as Python exceptions: the one place where a host error (a core error, or one of the
//! host's own) becomes a `vastuu.VastuuError` subclass (classes in `vastuu/_errors.py`).
//!
//! The class comes from the error's kind, in one exhaustive match: a kind added to the core or
//! the host does not compile here until it has a class. The message is the core's (or the
//! host's); the attributes are the error's details, converted by type.

use crate::convert::{date_to_py, enum_member, enum_to_py, name_given};
use crate::ids::{entity_to_py, series_to_py, subject_to_py};
use crate::rows::{try_tuple_of, tuple_of};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};
use vastuu::{Detail, ErrorKind as K, TextProblem};
use vastuu_host::{Error, Kind};

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

/// The exception class of a kind; `None` for misuse, raised as `RuntimeError`.
fn class_name(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Core(kind) => match kind {
            K::NotFound => "NotFoundError",
            K::InvalidText => "InvalidTextError",
            K::DuplicateName => "DuplicateNameError",
            K::DuplicateCustomerNumber => "DuplicateCustomerNumberError",
            K::InvalidCustomerNumber => "InvalidCustomerNumberError",
            K::CustomerInOtherGroup => "CustomerInOtherGroupError",
            K::NumberRangeExhausted => "NumberRangeExhaustedError",
            K::InvalidNumberingRange => "InvalidNumberingRangeError",
            K::TooManyCostCenters => "TooManyCostCentersError",
            K::DuplicateCostCenter => "DuplicateCostCenterError",
            K::EmployeeInactive => "EmployeeInactiveError",
            K::NoSalesRights => "NoSalesRightsError",
            K::RoleScopeMismatch => "RoleScopeMismatchError",
            K::InvalidPeriod => "InvalidPeriodError",
            K::NotResponsible => "NotResponsibleError",
            K::CustomerHasProjects => "CustomerHasProjectsError",
            K::RoleInUse => "RoleInUseError",
            K::HandoverToSelf => "HandoverToSelfError",
            K::StalePlan => "StalePlanError",
            K::InvalidPercent => "InvalidPercentError",
            K::Export => "ExportError",
            // The binding cancels an export only when its progress callback raised, and then
            // raises that exception instead.
            K::ExportCancelled => "VastuuError",
            K::StoreIo => "StoreIoError",
            K::StoreCorrupt => "StoreCorruptError",
            K::StoreCorruptFile => "StoreCorruptFileError",
            K::NotAStore => "NotAStoreError",
            K::UnsupportedVersion => "UnsupportedVersionError",
            K::StoreLocked => "StoreLockedError",
            K::StoreNeedsReopen => "StoreNeedsReopenError",
            K::StoreFailed => "StoreError",
            K::Conflict => "ConflictError",
            K::IdsExhausted => "IdsExhaustedError",
            K::NextIdTooLow => "NextIdTooLowError",
            K::ExportSymlink => "ExportSymlinkError",
            K::Import => "ImportFailedError",
            K::InvalidLimit => "InvalidLimitError",
            K::SeqBeyondLast => "SeqBeyondLastError",
            K::WrongRoleScope => "WrongRoleScopeError",
            K::StaleBulkPlan => "StaleBulkPlanError",
            K::NotTeamMember => "NotTeamMemberError",
            K::DuplicateGroupDefault => "DuplicateGroupDefaultError",
            K::RoleInGroupDefaults => "RoleInGroupDefaultsError",
            K::NoSuchChangeSet => "NoSuchChangeSetError",
            K::RevertOfRevert => "RevertOfRevertError",
            K::AlreadyReverted => "AlreadyRevertedError",
            K::RevertConflict => "RevertConflictError",
            K::RevertStateUnknown => "RevertStateUnknownError",
            K::NothingToRevert => "NothingToRevertError",
            K::Referenced => "ReferencedError",
            K::DuplicateExternalId => "DuplicateExternalIdError",
            // A directory turns a store's conflict into `Conflict`; only a store used on its own
            // gives this.
            K::StoreConflict => "StoreError",
            K::StoreUsedAfterFork => "StoreUsedAfterForkError",
            K::StoreOutcomeUnknown => "StoreOutcomeUnknownError",
        },
        Kind::Closed => "DirectoryClosedError",
        Kind::Poisoned => "DirectoryPoisonedError",
        Kind::Panicked => "VastuuError",
        Kind::TransactionBusy => "TransactionBusyError",
        Kind::Reentered | Kind::TransactionMisuse => return None,
    })
}

/// The Python attribute of a detail, where it is not the detail's own name.
fn attribute(kind: Kind, name: &'static str) -> &'static str {
    match (kind, name) {
        (Kind::Core(K::CustomerInOtherGroup), "current") => "current_group",
        (Kind::Core(K::CustomerInOtherGroup), "current_name") => "current_group_name",
        (Kind::Core(K::CustomerInOtherGroup), "requested") => "requested_group",
        (Kind::Core(K::CustomerInOtherGroup), "requested_name") => "requested_group_name",
        (Kind::Core(K::InvalidPeriod), "from") => "valid_from",
        (Kind::Core(K::InvalidPeriod), "to") => "valid_to",
        (Kind::Core(K::StalePlan), "from") => "from_",
        (Kind::Poisoned | Kind::Panicked, "message") => "panic_message",
        (_, "message") => "detail",
        _ => name,
    }
}

/// Sets the attribute(s) of one detail.
fn set_detail(py: Python<'_>, a: &Bound<'_, PyDict>, name: &str, detail: Detail) -> PyResult<()> {
    let value = match detail {
        Detail::Entity(entity) if name == "entity" => {
            a.set_item("kind", enum_to_py(py, entity.kind())?)?;
            return a.set_item("id", entity_to_py(py, entity)?);
        }
        Detail::TextProblem(problem) => {
            let (variant, length, max_length, position) = match problem {
                TextProblem::Empty => ("Empty", None, None, None),
                TextProblem::TooLong { len, max } => ("TooLong", Some(len), Some(max), None),
                TextProblem::ControlCharacter { at } => ("ControlCharacter", None, None, Some(at)),
                TextProblem::BidiControl { at } => ("BidiControl", None, None, Some(at)),
                TextProblem::ZeroWidth { at } => ("ZeroWidth", None, None, Some(at)),
                TextProblem::LineSeparator { at } => ("LineSeparator", None, None, Some(at)),
                TextProblem::NotAnEmail => ("NotAnEmail", None, None, None),
            };
            a.set_item("length", length)?;
            a.set_item("max_length", max_length)?;
            a.set_item("position", position)?;
            enum_member(py, "TextProblem", variant)?
        }
        Detail::Entity(entity) => entity_to_py(py, entity)?,
        Detail::Entities(entities) => try_tuple_of(py, entities.into_iter().map(|e| entity_to_py(py, e)))?,
        Detail::EntityKind(kind) => enum_to_py(py, kind)?,
        Detail::Subject(subject) => subject_to_py(py, subject)?,
        Detail::Series(series) => series_to_py(py, series)?,
        Detail::RoleScope(scope) => enum_to_py(py, scope)?,
        Detail::Field(field) => enum_to_py(py, field)?,
        Detail::RangeProblem(problem) => enum_to_py(py, problem)?,
        Detail::Text(text) => text.into_pyobject(py)?.into_any(),
        Detail::Number(n) => n.into_pyobject(py)?.into_any(),
        Detail::Numbers(numbers) => tuple_of(py, numbers)?,
        Detail::OptionalNumber(n) => n.into_pyobject(py)?.into_any(),
        Detail::Date(date) => date_to_py(py, date)?,
        Detail::Path(path) => path.into_pyobject(py)?.into_any(),
        Detail::ImportProblems(problems) => crate::imports::problems_to_py(py, problems)?,
    };
    a.set_item(name, value)
}

/// The Python exception for a host error: its class, message, `code` and attributes.
pub(crate) fn host_error(py: Python<'_>, err: Error) -> PyErr {
    let kind = err.kind();
    let message = err.to_string();
    let Some(name) = class_name(kind) else { return PyRuntimeError::new_err(message) };
    let attributes = PyDict::new(py);
    let filled = (|| {
        attributes.set_item("code", kind.code())?;
        // Every store error has `detail`: the failure without the "storage failed" prefix.
        if let Error::Core(vastuu::Error::Store(store)) = &err {
            attributes.set_item("detail", store.to_string())?;
        }
        for (detail_name, detail) in err.details() {
            set_detail(py, &attributes, attribute(kind, detail_name), detail)?;
        }
        Ok(())
    })();
    match filled {
        Ok(()) => raise(py, name, message, attributes),
        Err(e) => e,
    }
}

/// The Python exception for a core error.
pub(crate) fn core_error(py: Python<'_>, err: vastuu::Error) -> PyErr {
    host_error(py, Error::Core(err))
}

/// The `InvalidPercentError` for a percentage the core cannot even be given (negative, or
/// beyond any `u32`): the core's error for the largest percentage, naming the value as given.
pub(crate) fn invalid_percent(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyErr {
    let err = core_error(py, vastuu::Error::InvalidPercent { value: u32::MAX });
    match name_given(py, &err, "value", u32::MAX.into(), value) {
        Ok(()) => err,
        Err(e) => e,
    }
}
