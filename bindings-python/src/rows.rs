//! What every row class shares: its getters, `__repr__` and `to_dict()` built from one list of
//! fields, so a row shows and exports exactly what it holds.
//!
//! A row class is declared with [`row_class!`] (a class wrapping a core value) or
//! [`row_fields!`] (a class of its own fields): each field is written once, as the expression of
//! its Python value, and becomes a getter and an entry of [`Row::fields`]. Equality comes from
//! `#[pyclass(eq)]`, hashing from the row's key.

use crate::ids::raw_of;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};
use pyo3::IntoPyObjectExt;

/// One field of a row: its name and its Python value.
pub(crate) type Fields<'py> = Vec<(&'static str, Bound<'py, PyAny>)>;

/// A read-only record shown to Python.
pub(crate) trait Row {
    /// The Python class name.
    const NAME: &'static str;

    /// The fields in order, as the row's attributes give them (ids as id objects, enums as
    /// members, collections as tuples).
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>>;

    /// The fields for `to_dict()`: plain values (ids as ints, enums as their values, tuples as
    /// lists, nested rows as dicts). Rows whose fields mix kinds of ids override this.
    fn plain_fields<'py>(&self, py: Python<'py>) -> PyResult<Fields<'py>> {
        self.fields(py)?.into_iter().map(|(name, value)| Ok((name, plain(py, &value)?))).collect()
    }
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
    if let Some((_, raw)) = raw_of(value) {
        return Ok(raw.into_pyobject(py)?.into_any());
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

/// `__repr__`, `to_dict()` and `__hash__` of a row class; `$key` gives the hashed key.
macro_rules! row_methods {
    ($ty:ty, |$s:ident| $key:expr) => {
        #[pymethods]
        impl $ty {
            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                $crate::rows::repr_of(<Self as $crate::rows::Row>::NAME, $crate::rows::Row::fields(self, py)?)
            }

            /// The row as a dict of plain values.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
                $crate::rows::dict_of(py, $crate::rows::Row::plain_fields(self, py)?)
            }

            fn __hash__(&self) -> u64 {
                use std::hash::{Hash, Hasher};
                let $s = self;
                let mut h = std::collections::hash_map::DefaultHasher::new();
                <Self as $crate::rows::Row>::NAME.hash(&mut h);
                $key.hash(&mut h);
                h.finish()
            }
        }
    };
}
pub(crate) use row_methods;

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
}

/// A row class wrapping a core value (`$r` in the field expressions), declared with its fields
/// (see [`row_fields!`]); `+ option` adds a `#[pyclass]` option.
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
        }

        $crate::rows::row_fields!($ty as $name, $($rest)*);
    };
}
pub(crate) use row_class;

/// The fields of a row class: one getter per field, [`Row`] (`fields` in the same order, and
/// `plain_fields` from a function when given) and [`row_methods!`]. Each field is a name and the
/// expression of its Python value, in which `$py` is the interpreter and `$r` the row's value.
macro_rules! row_fields {
    (
        $ty:ident as $name:literal, hash |$s:ident| $key:expr, |$py:ident, $r:ident| {
            $( $(#[doc = $fdoc:literal])* $field:ident: $value:expr ),* $(,)?
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

        $crate::rows::row_methods!($ty, |$s| $key);

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
        }
    };
}
pub(crate) use row_fields;
