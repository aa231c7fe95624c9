//! Python bindings of vastuu: the compiled module `vastuu._vastuu` of the `vastuu` wheel.
//!
//! One module per area of the API; each defines its row classes, adds its methods to
//! [`directory::PyDirectory`] in a `#[pymethods]` block of its own (pyo3's `multiple-pymethods`),
//! and registers its classes in `register`. Core errors become Python exceptions in one place
//! ([`errors`]); values are converted in [`convert`] and [`ids`]; rows share [`rows`].

// Python keyword arguments map one to one onto the parameters of the methods.
#![allow(clippy::too_many_arguments)]

mod convert;
mod coverage;
mod customers;
mod data;
mod directory;
mod employees;
mod errors;
mod exports;
mod filter;
mod groups;
mod handover;
mod history;
mod ids;
mod numbering;
mod responsibilities;
mod roles;
mod rows;
mod special_groups;
mod storage;
mod views;
mod visibility;

use pyo3::prelude::*;

#[pymodule]
fn _vastuu(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_CUSTOMER_NUMBER", vastuu::MAX_CUSTOMER_NUMBER)?;
    m.add("MAX_NAME_LEN", vastuu::MAX_NAME_LEN)?;
    m.add("MAX_EMAIL_LEN", vastuu::MAX_EMAIL_LEN)?;
    m.add("MAX_DESCRIPTION_LEN", vastuu::MAX_DESCRIPTION_LEN)?;
    m.add("MAX_COST_CENTERS", vastuu::MAX_COST_CENTERS)?;
    m.add("FORMAT_VERSION", vastuu::FORMAT_VERSION)?;
    m.add("SQLITE_SCHEMA_VERSION", vastuu::SQLITE_SCHEMA_VERSION)?;
    ids::register(m)?;
    directory::register(m)?;
    employees::register(m)?;
    roles::register(m)?;
    customers::register(m)?;
    groups::register(m)?;
    special_groups::register(m)?;
    handover::register(m)?;
    coverage::register(m)?;
    filter::register(m)?;
    views::register(m)?;
    visibility::register(m)?;
    responsibilities::register(m)?;
    numbering::register(m)?;
    history::register(m)?;
    data::register(m)?;
    Ok(())
}
