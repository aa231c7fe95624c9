//! The directory as plain data (snapshots, imports) and the seeded dataset generator.

use crate::convert::Items;
use crate::customers::{PyCustomer, PyProject};
use crate::directory::{calls, detached, Backend, PyDirectory};
use crate::employees::{PyEmployee, PyTeam};
use crate::groups::PyCustomerGroup;
use crate::numbering::PyDefaultSeries;
use crate::responsibilities::PyResponsibility;
use crate::roles::PyRole;
use crate::rows::{row_class, tuple_of};
use crate::special_groups::PySpecialGroup;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::path::PathBuf;
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::{Data, Directory, FileStore, NextIds, SqliteStore};

row_class!(
    /// The next id of each kind (ids are never reused).
    PyNextIds(NextIds) as "NextIds" + from_py_object, hash |s| (s.0.employee, s.0.customer, s.0.project),
    new(*, employee = 1, team = 1, role = 1, customer = 1, project = 1, customer_group = 1, special_group = 1),
    |py, r| {
        employee(u32): r.employee,
        team(u32): r.team,
        role(u32): r.role,
        customer(u32): r.customer,
        project(u32): r.project,
        customer_group(u32): r.customer_group,
        special_group(u32): r.special_group,
    }
);

row_class!(
    /// The whole directory as plain data, in id order: what `Directory.data()` gives and
    /// `Directory.from_data()` takes (every rule is checked then).
    PyData(Data) as "Data", repr = data_repr, |py, r| {
        default_series: PyDefaultSeries(r.default_series),
        next_ids: PyNextIds(r.next_ids),
        employees: tuple_of(py, r.employees.iter().cloned().map(PyEmployee))?,
        teams: tuple_of(py, r.teams.iter().cloned().map(PyTeam))?,
        roles: tuple_of(py, r.roles.iter().cloned().map(PyRole))?,
        customers: tuple_of(py, r.customers.iter().cloned().map(PyCustomer))?,
        projects: tuple_of(py, r.projects.iter().cloned().map(PyProject))?,
        customer_groups: tuple_of(py, r.customer_groups.iter().cloned().map(PyCustomerGroup))?,
        special_groups: tuple_of(py, r.special_groups.iter().cloned().map(PySpecialGroup))?,
        responsibilities: tuple_of(py, r.responsibilities.iter().cloned().map(PyResponsibility))?,
    }
);

/// `Data(...)` with the number of entities of each kind.
fn data_repr(d: &Data) -> String {
    format!(
        "Data(employees={}, teams={}, roles={}, customers={}, projects={}, customer_groups={}, \
         special_groups={}, responsibilities={})",
        d.employees.len(),
        d.teams.len(),
        d.roles.len(),
        d.customers.len(),
        d.projects.len(),
        d.customer_groups.len(),
        d.special_groups.len(),
        d.responsibilities.len()
    )
}

#[pymethods]
impl PyData {
    #[new]
    #[pyo3(signature = (*, default_series = None, next_ids = None, employees = Items::default(),
        teams = Items::default(), roles = Items::default(), customers = Items::default(),
        projects = Items::default(), customer_groups = Items::default(), special_groups = Items::default(),
        responsibilities = Items::default()))]
    fn new(
        default_series: Option<PyDefaultSeries>,
        next_ids: Option<PyNextIds>,
        employees: Items<PyRef<'_, PyEmployee>>,
        teams: Items<PyRef<'_, PyTeam>>,
        roles: Items<PyRef<'_, PyRole>>,
        customers: Items<PyRef<'_, PyCustomer>>,
        projects: Items<PyRef<'_, PyProject>>,
        customer_groups: Items<PyRef<'_, PyCustomerGroup>>,
        special_groups: Items<PyRef<'_, PySpecialGroup>>,
        responsibilities: Items<PyRef<'_, PyResponsibility>>,
    ) -> Self {
        PyData(Data {
            default_series: default_series.map(|s| s.0).unwrap_or_default(),
            next_ids: next_ids.map(|n| n.0).unwrap_or_default(),
            employees: employees.0.iter().map(|r| r.0.clone()).collect(),
            teams: teams.0.iter().map(|r| r.0.clone()).collect(),
            roles: roles.0.iter().map(|r| r.0.clone()).collect(),
            customers: customers.0.iter().map(|r| r.0.clone()).collect(),
            projects: projects.0.iter().map(|r| r.0.clone()).collect(),
            customer_groups: customer_groups.0.iter().map(|r| r.0.clone()).collect(),
            special_groups: special_groups.0.iter().map(|r| r.0.clone()).collect(),
            responsibilities: responsibilities.0.iter().map(|r| r.0.clone()).collect(),
        })
    }
}

row_class!(
    /// Sizes and seed of a generated directory.
    PyGeneratorConfig(GeneratorConfig) as "GeneratorConfig" + from_py_object,
    hash |s| (s.0.seed, s.0.customers, s.0.responsibilities),
    |py, r| {
        seed: r.seed,
        customers: r.customers,
        employees: r.employees,
        projects: r.projects,
        responsibilities: r.responsibilities,
        customer_groups: r.customer_groups,
        special_groups: r.special_groups,
        teams: r.teams,
    }
);

#[pymethods]
impl PyGeneratorConfig {
    /// A configuration; every size left out is the one of `GeneratorConfig.small()`.
    #[new]
    #[pyo3(signature = (*, seed = None, customers = None, employees = None, projects = None,
        responsibilities = None, customer_groups = None, special_groups = None, teams = None))]
    fn new(
        seed: Option<u64>,
        customers: Option<u32>,
        employees: Option<u32>,
        projects: Option<u32>,
        responsibilities: Option<u32>,
        customer_groups: Option<u32>,
        special_groups: Option<u32>,
        teams: Option<u32>,
    ) -> Self {
        let d = GeneratorConfig::small();
        PyGeneratorConfig(GeneratorConfig {
            seed: seed.unwrap_or(d.seed),
            customers: customers.unwrap_or(d.customers),
            employees: employees.unwrap_or(d.employees),
            projects: projects.unwrap_or(d.projects),
            responsibilities: responsibilities.unwrap_or(d.responsibilities),
            customer_groups: customer_groups.unwrap_or(d.customer_groups),
            special_groups: special_groups.unwrap_or(d.special_groups),
            teams: teams.unwrap_or(d.teams),
        })
    }
    /// A small directory for tests: 300 customers, 40 employees, 400 projects, 1,200
    /// responsibilities.
    #[staticmethod]
    fn small() -> Self {
        PyGeneratorConfig(GeneratorConfig::small())
    }
    /// The benchmark size: 100,000 customers, 2,000 employees, 200,000 projects, 500,000
    /// responsibilities.
    #[staticmethod]
    fn benchmark() -> Self {
        PyGeneratorConfig(GeneratorConfig::benchmark())
    }
    /// The same sizes with another seed.
    fn with_seed(&self, seed: u64) -> Self {
        PyGeneratorConfig(self.0.with_seed(seed))
    }
}

/// Generates a directory's data, deterministically from the configuration
/// (`GeneratorConfig.small()` when none is given).
#[pyfunction(name = "generate")]
#[pyo3(signature = (config = None))]
pub(crate) fn py_generate(py: Python<'_>, config: Option<PyGeneratorConfig>) -> PyResult<PyData> {
    let config = config.map_or_else(GeneratorConfig::small, |c| c.0);
    detached(py, || Ok(generate(&config))).map(PyData)
}

#[pymethods]
impl PyDirectory {
    /// A directory holding `data`, after checking every rule: in memory, or, with `path`, in a
    /// new store there (a file store folder, or a SQLite file with `sqlite=True`) whose first
    /// snapshot is `data`.
    #[staticmethod]
    #[pyo3(signature = (data, *, path = None, sqlite = false))]
    fn from_data(
        py: Python<'_>,
        data: PyRef<'_, PyData>,
        path: Option<PathBuf>,
        sqlite: bool,
    ) -> PyResult<PyDirectory> {
        let data = data.0.clone();
        match path {
            None if sqlite => Err(PyValueError::new_err("sqlite=True needs a path")),
            None => detached(py, || Directory::from_data(data)).map(PyDirectory::wrap),
            Some(path) if sqlite => {
                let dir = detached(py, || Directory::from_data_in(data, SqliteStore::open(&path)?))?;
                Ok(PyDirectory::stored(dir, Backend::Sqlite, Some(path)))
            }
            Some(path) => {
                let dir = detached(py, || Directory::from_data_in(data, FileStore::open(&path)?))?;
                Ok(PyDirectory::stored(dir, Backend::File, Some(path)))
            }
        }
    }

    /// A directory of generated data (`GeneratorConfig.small()` when no configuration is given).
    #[staticmethod]
    #[pyo3(signature = (config = None))]
    fn generate(py: Python<'_>, config: Option<PyGeneratorConfig>) -> PyResult<PyDirectory> {
        let config = config.map_or_else(GeneratorConfig::small, |c| c.0);
        detached(py, || Directory::from_data(generate(&config))).map(PyDirectory::wrap)
    }
}

calls! {
    /// The whole state as plain data, in id order.
    read data() -> PyData;
}
