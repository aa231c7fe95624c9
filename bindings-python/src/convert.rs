//! Conversions between Python values and the core's values: dates and times, enums, customer
//! numbers, and the "argument not given" marker of the update calls.

use crate::directory::Backend;
use crate::ids::{HistoryKeyArg, SubjectArg};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDate, PyDateAccess, PyDateTime, PyInt, PyTimeAccess, PyTzInfo};
use std::collections::BTreeSet;
use vastuu::{
    ArchivedFilter, CustomerStatus, EntityKind, EntityRef, Field, HandoverMode, ImportFormat, ImportItemKind,
    ImportKind, ImportProblemKind, Language, RangeProblem, RepairKind, RoleScope, SkipReason, SpecialGroupMatch,
    Subject, Toggled,
};
use vastuu_host::Convert;

use jiff::civil::Date;
use jiff::Timestamp;

/// An optional keyword argument of an update call: [`Given::Omitted`] when the caller left it out
/// (the field stays as it is), otherwise the value given (for a clearable field `None` clears it).
pub(crate) enum Given<T> {
    /// Not passed.
    Omitted,
    /// Passed.
    Value(T),
}

impl<T> Given<T> {
    /// `None` when omitted.
    pub(crate) fn into_option(self) -> Option<T> {
        match self {
            Given::Omitted => None,
            Given::Value(v) => Some(v),
        }
    }
}

impl<'a, 'py, T: FromPyObject<'a, 'py>> FromPyObject<'a, 'py> for Given<T> {
    type Error = T::Error;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        obj.extract().map(Given::Value)
    }
}

// ---- dates and times ----------------------------------------------------------------------

/// A `datetime.date` argument (a `datetime.datetime` is refused: a responsibility is valid on
/// whole days).
pub(crate) struct DateArg(pub(crate) Date);

impl<'a, 'py> FromPyObject<'a, 'py> for DateArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.cast::<PyDateTime>().is_ok() {
            return Err(PyTypeError::new_err("expected a datetime.date, got a datetime.datetime"));
        }
        let date = obj
            .cast::<PyDate>()
            .map_err(|_| PyTypeError::new_err(format!("expected a datetime.date, got {}", type_name(&obj))))?;
        let year = i16::try_from(date.get_year()).map_err(|_| PyValueError::new_err("year out of range"))?;
        // Python dates are always valid civil dates, and their years (1..=9999) fit jiff's range.
        Date::new(year, date.get_month() as i8, date.get_day() as i8)
            .map(DateArg)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// A core date as a `datetime.date`.
pub(crate) fn date_to_py(py: Python<'_>, date: Date) -> PyResult<Bound<'_, PyAny>> {
    Ok(PyDate::new(py, i32::from(date.year()), date.month() as u8, date.day() as u8)?.into_any())
}

/// An optional core date as `datetime.date` or `None`.
pub(crate) fn opt_date_to_py(py: Python<'_>, date: Option<Date>) -> PyResult<Bound<'_, PyAny>> {
    match date {
        Some(d) => date_to_py(py, d),
        None => Ok(py.None().into_bound(py)),
    }
}

/// A timestamp as an aware `datetime.datetime` in UTC (microsecond precision).
pub(crate) fn timestamp_to_py(py: Python<'_>, ts: Timestamp) -> PyResult<Bound<'_, PyAny>> {
    let dt = jiff::tz::Offset::UTC.to_datetime(ts);
    let utc = PyTzInfo::utc(py)?;
    Ok(PyDateTime::new(
        py,
        i32::from(dt.year()),
        dt.month() as u8,
        dt.day() as u8,
        dt.hour() as u8,
        dt.minute() as u8,
        dt.second() as u8,
        (dt.subsec_nanosecond() / 1000) as u32,
        Some(&utc),
    )?
    .into_any())
}

/// An aware `datetime.datetime` as a timestamp. Naive datetimes are refused: their meaning
/// depends on a time zone nobody named.
pub(crate) fn timestamp_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Timestamp> {
    let py = obj.py();
    let dt = obj
        .cast::<PyDateTime>()
        .map_err(|_| PyTypeError::new_err(format!("expected a datetime.datetime, got {}", type_name(obj))))?;
    if dt.getattr("tzinfo")?.is_none() || dt.call_method0("utcoffset")?.is_none() {
        return Err(PyValueError::new_err("expected an aware datetime (with tzinfo), got a naive one"));
    }
    let utc = dt.call_method1("astimezone", (PyTzInfo::utc(py)?,))?;
    let utc = utc.cast::<PyDateTime>()?;
    let civil = jiff::civil::DateTime::new(
        i16::try_from(utc.get_year()).map_err(|_| PyValueError::new_err("year out of range"))?,
        utc.get_month() as i8,
        utc.get_day() as i8,
        utc.get_hour() as i8,
        utc.get_minute() as i8,
        utc.get_second() as i8,
        (utc.get_microsecond() * 1000) as i32,
    )
    .map_err(|e| PyValueError::new_err(e.to_string()))?;
    jiff::tz::Offset::UTC.to_timestamp(civil).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The Python type name of a value, for error messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".to_owned())
}

// ---- enums --------------------------------------------------------------------------------

/// The member of the `enum.Enum` class `class` of `vastuu._enums` that stands for the Rust
/// variant `variant`: members are named after the variants (`CustomerGroup`: `CUSTOMER_GROUP`).
pub(crate) fn enum_member<'py>(py: Python<'py>, class: &str, variant: &str) -> PyResult<Bound<'py, PyAny>> {
    enum_class(py, class)?.getattr(member_name(variant))
}

fn enum_class<'py>(py: Python<'py>, class: &str) -> PyResult<Bound<'py, PyAny>> {
    static ENUMS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    ENUMS.get_or_try_init(py, || py.import("vastuu._enums").map(Bound::unbind))?.bind(py).getattr(class)
}

/// The Python member name of a Rust variant name.
fn member_name(variant: &str) -> String {
    let mut name = String::with_capacity(variant.len() + 4);
    for (i, c) in variant.char_indices() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

/// A core enum mirrored variant by variant by an `enum.Enum` class in `vastuu._enums`.
pub(crate) trait PyEnum: Sized + Copy + 'static {
    /// Name of the Python class.
    const CLASS: &'static str;
    /// Every variant.
    const ALL: &'static [Self];
    /// The variant's name.
    fn variant(self) -> &'static str;
}

/// The Python member of a core enum value.
pub(crate) fn enum_to_py<E: PyEnum>(py: Python<'_>, value: E) -> PyResult<Bound<'_, PyAny>> {
    enum_member(py, E::CLASS, value.variant())
}

/// An enum argument: a member of the Python enum class.
pub(crate) struct EnumArg<E>(pub(crate) E);

impl<'a, 'py, E: PyEnum> FromPyObject<'a, 'py> for EnumArg<E> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_instance(&enum_class(obj.py(), E::CLASS)?)? {
            let name: String = obj.getattr("name")?.extract()?;
            if let Some(&e) = E::ALL.iter().find(|e| member_name(e.variant()) == name) {
                return Ok(EnumArg(e));
            }
        }
        Err(PyTypeError::new_err(format!("expected a {} member, got {}", E::CLASS, type_name(&obj))))
    }
}

/// [`PyEnum`] for core enums, from the list of their variants (the Python class is named as the
/// type unless given).
macro_rules! py_enums {
    ($($ty:ident $(as $class:literal)? { $($variant:ident),+ $(,)? })*) => {$(
        impl PyEnum for $ty {
            const CLASS: &'static str = py_enums!(@class $ty $($class)?);
            const ALL: &'static [Self] = &[$($ty::$variant),+];
            fn variant(self) -> &'static str {
                match self {
                    $($ty::$variant => stringify!($variant),)+
                }
            }
        }

        impl Convert<Member<$ty>> for $ty {
            fn convert(self) -> Member<$ty> {
                Member(self)
            }
        }
    )*};
    (@class $ty:ident) => { stringify!($ty) };
    (@class $ty:ident $class:literal) => { $class };
}

py_enums! {
    CustomerStatus { Active, Prospect }
    RoleScope { Customer, Project }
    EntityKind { Employee, Team, Role, Customer, Project, CustomerGroup, SpecialGroup }
    Toggled { Added, Removed }
    Field {
        EmployeeName, Email, TeamName, RoleName, CustomerName, ProjectName, CustomerGroupName, LedgerAccount,
        CostCenter, SpecialGroupName, Description, Actor, ExternalId,
    }
    RangeProblem { StartBelowOne, EndBelowStart, EndWithoutStart, AboveMaximum }
    Backend as "StoreBackend" { Memory, File, Sqlite, Postgres }
    RepairKind { TornRecord, DamagedLastRecord, SnapshotFallback }
    HandoverMode { Replace, Add }
    SkipReason {
        TargetInactive, TargetAlreadyResponsible, TargetAlreadySalesperson, TargetHasNoSalesRights,
        EndsBeforeEffectiveDate, PartialRolesCannotBeScheduled, SalespersonPlacesAreNotDated,
    }
    SpecialGroupMatch { AnyOf, AllOf }
    ArchivedFilter { Exclude, Include, Only }
    Language { Finnish, Swedish, English }
    ImportFormat { Xlsx, Csv }
    ImportKind { Employees, Customers, CustomerGroups, SpecialGroups, Responsibilities }
    ImportItemKind { Employee, Team, Role, Customer, Project, CustomerGroup, SpecialGroup, Responsibility }
    ImportProblemKind {
        Unreadable, TooLarge, Empty, MissingColumn, UnknownColumn, UnknownKind, BadValue, CellTooLong, BadText,
        BadPeriod, Duplicate, NumberTaken, UnknownReference, Ambiguous, Refused,
    }
}

// ---- customer numbers ----------------------------------------------------------------------

/// A customer-number argument (a number, a numbering start or end). Any Python int is accepted:
/// one outside `0..=u64::MAX` is passed to the core as the nearest of the two, which refuses it as
/// out of range, and the error then names the number as given.
pub(crate) struct NumberArg {
    pub(crate) value: u64,
    /// The int as given, when it had to be clamped.
    original: Option<Py<PyAny>>,
}

impl<'a, 'py> FromPyObject<'a, 'py> for NumberArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(value) = obj.extract::<u64>() {
            return Ok(NumberArg { value, original: None });
        }
        if obj.is_instance_of::<PyInt>() {
            let value = if obj.lt(0)? { 0 } else { u64::MAX };
            return Ok(NumberArg { value, original: Some(obj.to_owned().unbind()) });
        }
        Err(PyTypeError::new_err(format!("expected an int, got {}", type_name(&obj))))
    }
}

/// Names the value `given` in the error's attribute `attr` and in its message where they name
/// `handed`, the value the core was handed instead (one it could not be given).
pub(crate) fn name_given(
    py: Python<'_>,
    err: &PyErr,
    attr: &str,
    handed: u64,
    given: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let value = err.value(py);
    if !value.getattr(attr).and_then(|named| named.extract::<u64>()).is_ok_and(|named| named == handed) {
        return Ok(());
    }
    value.setattr(attr, given)?;
    let message: String = value.getattr("message")?.extract()?;
    let message = vastuu_host::with_number_shown(&message, &handed.to_string(), &given.str()?.to_string());
    value.setattr("message", &message)?;
    value.setattr("args", (message,))
}

/// Puts the numbers as given back into the error attributes they were passed for (and into its
/// message) where the core was handed a clamped value instead: `(attribute, argument)` pairs.
pub(crate) fn restore_numbers<T>(
    py: Python<'_>,
    result: PyResult<T>,
    pairs: &[(&str, Option<&NumberArg>)],
) -> PyResult<T> {
    result.map_err(|err| {
        for (attr, arg) in pairs {
            let Some(NumberArg { value, original: Some(original) }) = arg else { continue };
            if let Err(e) = name_given(py, &err, attr, *value, original.bind(py)) {
                return e;
            }
        }
        err
    })
}

// ---- collections --------------------------------------------------------------------------

/// A collection argument: any iterable (list, tuple, set, generator, …) except a string.
pub(crate) struct Items<T>(pub(crate) Vec<T>);

impl<T> Default for Items<T> {
    fn default() -> Self {
        Items(Vec::new())
    }
}

impl<'a, 'py, T> FromPyObject<'a, 'py> for Items<T>
where
    T: for<'b> FromPyObject<'b, 'py>,
    for<'b> <T as FromPyObject<'b, 'py>>::Error: Into<PyErr>,
{
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<pyo3::types::PyString>() || obj.is_instance_of::<pyo3::types::PyBytes>() {
            return Err(PyTypeError::new_err(format!("expected an iterable of items, got {}", type_name(&obj))));
        }
        let mut out = Vec::new();
        for item in obj.try_iter()? {
            let item = item?;
            out.push(item.extract::<T>().map_err(Into::into)?);
        }
        Ok(Items(out))
    }
}

// ---- arguments as core values ---------------------------------------------------------------

/// An argument keeps its core value.
macro_rules! argument_value {
    ($($arg:ty => $core:ty),*) => {$(
        impl Convert<$core> for $arg {
            fn convert(self) -> $core {
                self.0
            }
        }
    )*};
}

argument_value!(DateArg => Date, SubjectArg => Subject, HistoryKeyArg => EntityRef);

impl Convert<u64> for NumberArg {
    fn convert(self) -> u64 {
        self.value
    }
}

impl<A: Convert<B>, B> Convert<Vec<B>> for Items<A> {
    fn convert(self) -> Vec<B> {
        self.0.convert()
    }
}

impl<A: Convert<B>, B: Ord> Convert<BTreeSet<B>> for Items<A> {
    fn convert(self) -> BTreeSet<B> {
        self.0.convert()
    }
}

impl<E: PyEnum> Convert<E> for EnumArg<E> {
    fn convert(self) -> E {
        self.0
    }
}

/// A keyword of an update call: left out, the field stays as it is.
impl<A: Convert<B>, B> Convert<Option<B>> for Given<A> {
    fn convert(self) -> Option<B> {
        self.into_option().map(A::convert)
    }
}

/// An enum keyword left out is the enum's default.
impl<E: PyEnum + Default> Convert<E> for Given<EnumArg<E>> {
    fn convert(self) -> E {
        self.into_option().map_or_else(E::default, |e| e.0)
    }
}

/// A core enum value returned as its Python member.
pub(crate) struct Member<E>(E);

impl<'py, E: PyEnum> IntoPyObject<'py> for Member<E> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_to_py(py, self.0)
    }
}
