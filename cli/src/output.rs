//! Writing what a command found: text for people, or one JSON document (`--json`), and the
//! labels both use for entities.

use crate::error::Result;
use serde::Serialize;
use std::io::Write;
use vastuu::{CustomerId, Directory, EmployeeId, Subject};

/// Writes `value` as one JSON document on standard output.
pub(crate) fn json(value: &impl Serialize) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Writes text on standard output.
pub(crate) fn text(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// An entity in JSON: its id and, when it still exists, its name.
#[derive(Debug, Serialize)]
pub(crate) struct Named {
    /// The id.
    pub(crate) id: u32,
    /// The name (`null` for a deleted entity).
    pub(crate) name: Option<String>,
}

/// A customer in JSON: id, name, number.
#[derive(Debug, Serialize)]
pub(crate) struct CustomerRef {
    /// The id.
    pub(crate) id: u32,
    /// The name (`null` for a deleted customer).
    pub(crate) name: Option<String>,
    /// The customer number.
    pub(crate) number: Option<u64>,
}

/// A customer or project in JSON.
#[derive(Debug, Serialize)]
pub(crate) struct SubjectRef {
    /// `customer` or `project`.
    pub(crate) kind: &'static str,
    /// The customer's or project's id.
    pub(crate) id: u32,
    /// Its name.
    pub(crate) name: Option<String>,
}

/// The customer `id` as JSON.
pub(crate) fn customer_ref(dir: &Directory, id: CustomerId) -> CustomerRef {
    let found = dir.customer(id).ok();
    CustomerRef { id: id.get(), name: found.map(|c| c.name.clone()), number: found.and_then(|c| c.number) }
}

/// The employee `id` as JSON.
pub(crate) fn employee_ref(dir: &Directory, id: EmployeeId) -> Named {
    Named { id: id.get(), name: dir.employee(id).ok().map(|e| e.name.clone()) }
}

/// The subject as JSON.
pub(crate) fn subject_ref(dir: &Directory, subject: Subject) -> SubjectRef {
    match subject {
        Subject::Customer(c) => {
            SubjectRef { kind: "customer", id: c.get(), name: dir.customer(c).ok().map(|c| c.name.clone()) }
        }
        Subject::Project(p) => {
            SubjectRef { kind: "project", id: p.get(), name: dir.project(p).ok().map(|p| p.name.clone()) }
        }
    }
}

/// `Esimerkki Oy (no. 1042, #3)`, or `customer #3` when it no longer exists.
pub(crate) fn customer_label(dir: &Directory, id: CustomerId) -> String {
    match dir.customer(id) {
        Ok(c) => match c.number {
            Some(n) => format!("{} (no. {n}, #{})", c.name, id.get()),
            None => format!("{} (#{})", c.name, id.get()),
        },
        Err(_) => id.to_string(),
    }
}

/// `Matti Meikäläinen (#1)`, or `employee #1` when they no longer exist.
pub(crate) fn employee_label(dir: &Directory, id: EmployeeId) -> String {
    match dir.employee(id) {
        Ok(e) => format!("{} (#{})", e.name, id.get()),
        Err(_) => id.to_string(),
    }
}

/// A customer's label, or `project Kattoremontti (#4) of <customer>`.
pub(crate) fn subject_label(dir: &Directory, subject: Subject) -> String {
    match subject {
        Subject::Customer(c) => customer_label(dir, c),
        Subject::Project(p) => match dir.project(p) {
            Ok(project) => {
                format!("project {} (#{}) of {}", project.name, p.get(), customer_label(dir, project.customer))
            }
            Err(_) => p.to_string(),
        },
    }
}
