//! Python bindings of vastuu: the compiled module `vastuu._vastuu` of the `vastuu` wheel.
//!
//! One module per area of the API; each defines its row classes and adds its calls to
//! `directory::PyDirectory` (`calls!` entries, or a `#[pymethods]` block of its own: pyo3's
//! `multiple-pymethods`); the module `_vastuu` below exports the classes. Core errors become
//! Python exceptions in one place (`errors`); values are converted in `convert` and `ids`;
//! rows share `rows`.

// Python keyword arguments map one to one onto the parameters of the methods.
#![allow(clippy::too_many_arguments)]

mod bulk;
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
mod imports;
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
mod _vastuu {
    #[pymodule_export]
    use crate::bulk::{PyBulkChange, PyBulkPlan, PyBulkSkipped};
    #[pymodule_export]
    use crate::coverage::{
        PyEndingResponsibility, PyInactiveHolder, PySalespersonWithoutRights, PySeriesNearExhaustion,
    };
    #[pymodule_export]
    use crate::customers::{PyCustomer, PyProject};
    #[pymodule_export]
    use crate::data::{py_generate, PyData, PyGeneratorConfig, PyNextIds};
    #[pymodule_export]
    use crate::directory::{PyDirectory, PyTransaction};
    #[pymodule_export]
    use crate::employees::{PyEmployee, PyTeam};
    #[pymodule_export]
    use crate::filter::{PyCustomerFilter, PyPage};
    #[pymodule_export]
    use crate::groups::{PyCustomerGroup, PyGroupDefault};
    #[pymodule_export]
    use crate::handover::{PyHandoverPlan, PyResponsibilityStep, PySalespersonPlaceStep, PySkippedItem};
    #[pymodule_export]
    use crate::history::{PyChange, PyChangeSet, PyFeedPage, PyRevertPlan};
    #[pymodule_export]
    use crate::ids::{
        PyCustomerGroupId, PyCustomerId, PyEmployeeId, PyProjectId, PyRoleId, PySpecialGroupId, PyTeamId,
    };
    #[pymodule_export]
    use crate::imports::{PyImportItem, PyImportProblem, PyImportReport};
    #[pymodule_export]
    use crate::numbering::{
        PyDefaultSeries, PyNumberInOtherSeries, PyNumberingReport, PyOverlappingRanges, PySeriesReport,
    };
    #[pymodule_export]
    use crate::responsibilities::{PyPeriod, PyResponsibility};
    #[pymodule_export]
    use crate::roles::PyRole;
    #[pymodule_export]
    use crate::special_groups::PySpecialGroup;
    #[pymodule_export]
    use crate::storage::{py_salvage, PyRepair, PySalvageReport};
    #[pymodule_export]
    use crate::views::{
        PyCustomerPage, PyCustomerSummary, PyGroupCount, PyGroupListing, PyMatrix, PyMatrixCell, PyMatrixColumn,
        PyMatrixRow, PyResponsiblePerson, PyResponsiblePersonRow, PyResponsiblePersonsPage, PyRoleRef,
    };
    #[pymodule_export]
    use crate::visibility::PyVisibility;
    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add("MAX_CUSTOMER_NUMBER", vastuu::MAX_CUSTOMER_NUMBER)?;
        m.add("MAX_NAME_LEN", vastuu::MAX_NAME_LEN)?;
        m.add("MAX_EMAIL_LEN", vastuu::MAX_EMAIL_LEN)?;
        m.add("MAX_DESCRIPTION_LEN", vastuu::MAX_DESCRIPTION_LEN)?;
        m.add("MAX_COST_CENTERS", vastuu::MAX_COST_CENTERS)?;
        m.add("FORMAT_VERSION", vastuu::FORMAT_VERSION)?;
        m.add("SQLITE_SCHEMA_VERSION", vastuu::SQLITE_SCHEMA_VERSION)?;
        m.add("MAX_CHANGES_LIMIT", vastuu::MAX_CHANGES_LIMIT)?;
        m.add("FEED_VERSION", vastuu::FEED_VERSION)?;
        close_stored_directories_in_forked_children(m)
    }

    /// Registers [`after_fork_in_child`](crate::directory::after_fork_in_child) with
    /// `os.register_at_fork` (where the platform forks at all).
    fn close_stored_directories_in_forked_children(m: &Bound<'_, PyModule>) -> PyResult<()> {
        let py = m.py();
        let os = py.import("os")?;
        if !os.hasattr("register_at_fork")? {
            return Ok(());
        }
        let hook = pyo3::wrap_pyfunction!(crate::directory::after_fork_in_child, m)?;
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("after_in_child", hook)?;
        os.call_method("register_at_fork", (), Some(&kwargs))?;
        Ok(())
    }
}
