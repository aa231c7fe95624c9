//! What every row class shares: its getters, `__repr__`, `to_dict()` and keyword constructor
//! built from one list of fields, so a row shows, exports and takes exactly what it holds.
//!
//! A row class is declared with [`row_class!`], wrapping a core value or holding fields of its
//! own: each field is written once, as the expression of its Python value (and, for a class
//! with a constructor, the type of its argument), and becomes a getter, an entry of
//! [`Row::fields`] and a parameter of the constructor. Equality comes from `#[pyclass(eq)]`,
//! hashing from the row's key, pickling from the value's serde form (see [`state_of`]).

use crate::convert::enum_to_py;
use crate::ids::entity_of;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple, PyType};
use pyo3::IntoPyObjectExt;

/// One field of a row: its name and its Python value.
pub(crate) type Fields<'py> = Vec<(&'static str, Bound<'py, PyAny>)>;

/// The fields that may hold ids of several kinds, with the name of their kind in `to_dict()`:
/// there an id becomes its kind and raw number (`subject_kind`, `subject`), and a collection of
/// ids a list of `[kind, id]` pairs, so customers and projects stay apart.
const MIXED: &[(&str, &str)] = &[("subject", "subject_kind"), ("item", "item_kind"), ("subjects", "")];

/// A read-only record shown to Python.
pub(crate) trait Row {
    /// The Python class name.
    const NAME: &'static str;

    /// The fields in order, as the row's attributes give them (ids as id objects, enums as
    /// members, collections as tuples).
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>>;

    /// The fields for `to_dict()`: plain values (ids as ints, enums as their values, tuples as
    /// lists, nested rows as dicts; see [`MIXED`]).
    fn plain_fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        plain_fields(py, self.fields(py)?)
    }
}

/// Fields made plain (see [`Row::plain_fields`]).
pub(crate) fn plain_fields<'py>(py: Python<'py>, fields: Fields<'py>) -> PyResult<Fields<'py>> {
    let mut plain_fields = Vec::new();
    for (name, value) in fields {
        match MIXED.iter().find(|(mixed, _)| *mixed == name) {
            Some(&(_, kind_name)) => mixed(py, name, kind_name, &value, &mut plain_fields)?,
            None => plain_fields.push((name, plain(py, &value)?)),
        }
    }
    Ok(plain_fields)
}

/// The kind (its `EntityKind` value) and raw number of an id object.
fn kind_and_raw<'py>(py: Python<'py>, value: &Bound<'py, PyAny>) -> PyResult<Option<[Bound<'py, PyAny>; 2]>> {
    let Some(entity) = entity_of(value) else { return Ok(None) };
    Ok(Some([enum_to_py(py, entity.kind())?.getattr("value")?, py_of(py, entity.raw())?]))
}

/// The plain form of a field of [`MIXED`].
fn mixed<'py>(
    py: Python<'py>,
    name: &'static str,
    kind_name: &'static str,
    value: &Bound<'py, PyAny>,
    out: &mut Fields<'py>,
) -> PyResult<()> {
    if let Some([kind, raw]) = kind_and_raw(py, value)? {
        out.extend([(kind_name, kind), (name, raw)]);
    } else if value.is_instance_of::<PyTuple>() {
        let mut pairs = Vec::new();
        for item in value.try_iter()? {
            let pair = kind_and_raw(py, &item?)?.map(|pair| PyList::new(py, pair)).transpose()?;
            pairs.push(py_of(py, pair)?);
        }
        out.push((name, PyList::new(py, pairs)?.into_any()));
    } else {
        out.push((name, plain(py, value)?));
    }
    Ok(())
}

/// `Name(field=repr, ...)`.
pub(crate) fn repr_of(name: &str, fields: Fields<'_>) -> PyResult<String> {
    let mut parts = Vec::with_capacity(fields.len());
    for (field, value) in fields {
        parts.push(format!("{field}={}", value.repr()?));
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// A dict of the plain fields.
pub(crate) fn dict_of<'py>(py: Python<'py>, fields: Fields<'py>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in fields {
        dict.set_item(name, value)?;
    }
    Ok(dict)
}

fn enum_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static ENUM: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    ENUM.import(py, "enum", "Enum")
}

/// A value made plain: ids to ints, enum members to their values, tuples and lists to lists,
/// rows to dicts; anything else as it is.
pub(crate) fn plain<'py>(py: Python<'py>, value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if let Some(entity) = entity_of(value) {
        return py_of(py, entity.raw());
    }
    if value.is_instance(enum_class(py)?)? {
        return value.getattr("value");
    }
    if value.is_instance_of::<PyTuple>() || value.is_instance_of::<PyList>() {
        let items = value.try_iter()?.map(|item| plain(py, &item?)).collect::<PyResult<Vec<_>>>()?;
        return Ok(PyList::new(py, items)?.into_any());
    }
    if value.hasattr("to_dict")? {
        return value.call_method0("to_dict");
    }
    Ok(value.clone())
}

/// A tuple of Python values.
pub(crate) fn tuple_of<'py, T>(py: Python<'py>, items: impl IntoIterator<Item = T>) -> PyResult<Bound<'py, PyAny>>
where
    T: IntoPyObject<'py>,
{
    let items: Vec<T> = items.into_iter().collect();
    Ok(PyTuple::new(py, items)?.into_any())
}

/// A tuple of Python values made by fallible conversions.
pub(crate) fn try_tuple_of<'py, T>(
    py: Python<'py>,
    items: impl IntoIterator<Item = PyResult<T>>,
) -> PyResult<Bound<'py, PyAny>>
where
    T: IntoPyObject<'py>,
{
    tuple_of(py, items.into_iter().collect::<PyResult<Vec<T>>>()?)
}

/// Converts a value to a Python object (shorthand for the field lists).
pub(crate) fn py_of<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<Bound<'py, PyAny>> {
    value.into_bound_py_any(py)
}

/// What a row's field expressions read: the wrapped core value, or the row itself.
pub(crate) trait RowValue {
    /// The value read.
    type Value;
    /// The value.
    fn value(&self) -> &Self::Value;
    /// The row of a value.
    fn of_value(value: Self::Value) -> Self;
}

/// The pickled state of a row: its value in postcard bytes (what `__reduce__` gives, along with
/// the class's `_from_state`, which [`from_state`] implements).
pub(crate) fn state_of<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyBytes>> {
    let bytes =
        postcard::to_allocvec(value).map_err(|e| PyValueError::new_err(format!("cannot pickle the row: {e}")))?;
    Ok(PyBytes::new(py, &bytes))
}

/// The value of a pickled state (see [`state_of`]); `ValueError` for bytes that are not one.
pub(crate) fn from_state<T: serde::de::DeserializeOwned>(name: &str, state: &[u8]) -> PyResult<T> {
    match postcard::take_from_bytes::<T>(state) {
        Ok((value, [])) => Ok(value),
        Ok(_) => Err(PyValueError::new_err(format!("not a pickled {name}: bytes left over"))),
        Err(e) => Err(PyValueError::new_err(format!("not a pickled {name}: {e}"))),
    }
}

/// A row class: `PyName(CoreType) as "Name"` wraps a core value, `PyName { field: Type, ... } as
/// "Name"` holds fields of its own; `+ option` adds a `#[pyclass]` option. Then, each optional:
/// `hash |s| key` (the key `__hash__` hashes; without it the class is not hashable),
/// `repr = function` (instead of `Name(field=repr, ...)`), `new(signature)` (a constructor with
/// this signature, whose arguments are the fields, each written `field(ArgumentType): value`,
/// converted with [`Convert`](vastuu_host::Convert)); the fields, each a name and the
/// expression of its Python value, in which `py` is the interpreter and `r` the row's value; and
/// `plain = function` (the fields for `to_dict()`, instead of [`Row::plain_fields`]).
macro_rules! row_class {
    (
        $(#[doc = $doc:literal])*
        $ty:ident($inner:ty) as $name:literal $(+ $option:ident)*, $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        #[pyclass(frozen, eq, $($option,)* module = "vastuu", name = $name)]
        #[derive(Clone, PartialEq)]
        pub(crate) struct $ty(pub(crate) $inner);

        impl $crate::rows::RowValue for $ty {
            type Value = $inner;
            fn value(&self) -> &$inner {
                &self.0
            }
            fn of_value(value: $inner) -> Self {
                $ty(value)
            }
        }

        impl vastuu_host::Convert<$ty> for $inner {
            fn convert(self) -> $ty {
                $ty(self)
            }
        }

        impl vastuu_host::Convert<$ty> for &$inner {
            fn convert(self) -> $ty {
                $ty(self.clone())
            }
        }

        $crate::rows::row_class!(@fields $ty($inner) as $name, $($rest)*);
    };
    (
        $(#[doc = $doc:literal])*
        $ty:ident { $($own:ident: $own_ty:ty),* $(,)? } as $name:literal, $($rest:tt)*
    ) => {
        $(#[doc = $doc])*
        #[pyclass(frozen, eq, module = "vastuu", name = $name)]
        #[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub(crate) struct $ty {
            $($own: $own_ty),*
        }

        impl $crate::rows::RowValue for $ty {
            type Value = Self;
            fn value(&self) -> &Self {
                self
            }
            fn of_value(value: Self) -> Self {
                value
            }
        }

        $crate::rows::row_class!(@fields $ty(Self) as $name, $($rest)*);
    };
    (
        @fields $ty:ident($inner:ty) as $name:literal,
        $(hash |$s:ident| $key:expr,)?
        $(repr = $repr:path,)?
        $(new($($signature:tt)*),)?
        |$py:ident, $r:ident| {
            $( $(#[doc = $fdoc:literal])* $field:ident $(($arg:ty))?: $value:expr ),* $(,)?
        } $(, plain = $plain:path)?
    ) => {
        impl $crate::rows::Row for $ty {
            const NAME: &'static str = $name;
            fn fields<'py>(&self, $py: Python<'py>) -> PyResult<$crate::rows::Fields<'py>> {
                let $r = $crate::rows::RowValue::value(self);
                Ok(vec![$((stringify!($field), $crate::rows::py_of($py, $value)?)),*])
            }
            $(fn plain_fields<'py>(&self, py: Python<'py>) -> PyResult<$crate::rows::Fields<'py>> {
                $plain(self, py)
            })?
        }

        #[pymethods]
        #[allow(clippy::wrong_self_convention)]
        impl $ty {
            $(
                $(#[doc = $fdoc])*
                #[getter]
                fn $field<'py>(&self, $py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    let $r = $crate::rows::RowValue::value(self);
                    $crate::rows::py_of($py, $value)
                }
            )*

            /// Pickling: the class's `_from_state` and the row's state.
            fn __reduce__<'py>(
                &self,
                py: Python<'py>,
            ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, pyo3::types::PyBytes>,))> {
                let state = $crate::rows::state_of(py, $crate::rows::RowValue::value(self))?;
                Ok((py.get_type::<Self>().getattr("_from_state")?, (state,)))
            }

            /// The row of a pickled state (what `__reduce__` gives).
            #[staticmethod]
            fn _from_state(state: &[u8]) -> PyResult<Self> {
                $crate::rows::from_state($name, state).map(<Self as $crate::rows::RowValue>::of_value)
            }

            /// The row as a dict of plain values.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
                $crate::rows::dict_of(py, $crate::rows::Row::plain_fields(self, py)?)
            }

            $(fn __hash__(&self) -> u64 {
                use std::hash::{Hash, Hasher};
                let $s = self;
                let mut h = std::collections::hash_map::DefaultHasher::new();
                $name.hash(&mut h);
                $key.hash(&mut h);
                h.finish()
            })?
        }

        $crate::rows::row_class!(@repr $ty $($repr)?);
        $crate::rows::row_class!(@new $ty($inner) [$($($signature)*)?] $($field $(($arg))?),*);
    };
    (@repr $ty:ident) => {
        #[pymethods]
        impl $ty {
            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                $crate::rows::repr_of(<Self as $crate::rows::Row>::NAME, $crate::rows::Row::fields(self, py)?)
            }
        }
    };
    (@repr $ty:ident $repr:path) => {
        #[pymethods]
        impl $ty {
            fn __repr__(&self) -> String {
                $repr(&self.0)
            }
        }
    };
    (@new $ty:ident($inner:ty) [] $($field:ident $(($arg:ty))?),*) => {};
    (@new $ty:ident($inner:ty) [$($signature:tt)+] $($field:ident($arg:ty)),*) => {
        #[pymethods]
        impl $ty {
            #[new]
            #[pyo3(signature = ($($signature)+))]
            fn new($($field: $arg),*) -> Self {
                type Inner = $inner;
                $ty(Inner { $($field: vastuu_host::Convert::convert($field)),* })
            }
        }
    };
}
pub(crate) use row_class;
