//! Naming things on the command line: `#ID` (the id, as the library's messages show it), a
//! name (compared case-insensitively; it must name exactly one), and for customers a plain
//! number, which is the customer number.
//!
//! An id is passed on as it is: the library answers an id that names nothing with its own
//! `NotFound` error (and the history of a deleted customer is still there).

use crate::error::{CliError, Result};
use vastuu::{CustomerGroupId, CustomerId, Directory, EmployeeId, Id, ProjectId, RoleId, SpecialGroupId, TeamId};

/// The id in `#17` (or, where `bare` allows it, `17`).
fn id_of<I: Id>(text: &str, bare: bool) -> Option<std::result::Result<I, CliError>> {
    let digits = match text.strip_prefix('#') {
        Some(rest) => rest,
        None if bare && text.bytes().all(|b| b.is_ascii_digit()) && !text.is_empty() => text,
        None => return None,
    };
    Some(digits.parse::<u32>().map(I::from_raw).map_err(|_| CliError::usage(format!("{text:?} is not an id"))))
}

/// The one item whose name is `text` (case-insensitively).
fn by_name<'a, I: Id>(kind: &str, text: &str, items: impl Iterator<Item = (I, &'a str)>) -> Result<I> {
    let wanted = text.trim().to_lowercase();
    let found: Vec<I> = items.filter(|(_, name)| name.to_lowercase() == wanted).map(|(id, _)| id).collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(CliError::usage(format!("no {kind} is named {text:?}"))),
        many => {
            let ids: Vec<String> = many.iter().map(|id| format!("#{}", id.get())).collect();
            Err(CliError::usage(format!(
                "{} {kind}s are named {text:?} ({}); name one by its id",
                many.len(),
                ids.join(", ")
            )))
        }
    }
}

/// A customer: `#ID`, a customer number, or a name.
pub(crate) fn customer(dir: &Directory, text: &str) -> Result<CustomerId> {
    if let Some(id) = id_of::<CustomerId>(text, false) {
        return id;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) && !text.is_empty() {
        let number: u64 = text.parse().map_err(|_| CliError::usage(format!("{text:?} is not a customer number")))?;
        return match dir.customer_by_number(number) {
            Some(c) => Ok(c.id),
            None => {
                Err(CliError::usage(format!("no customer has number {number} (a customer's id is written #{number})")))
            }
        };
    }
    by_name("customer", text, dir.customers().map(|c| (c.id, c.name.as_str())))
}

/// An employee: `#ID`, `ID` or a name.
pub(crate) fn employee(dir: &Directory, text: &str) -> Result<EmployeeId> {
    if let Some(id) = id_of::<EmployeeId>(text, true) {
        return id;
    }
    by_name("employee", text, dir.employees().map(|e| (e.id, e.name.as_str())))
}

/// A customer group: `#ID`, `ID` or a name.
pub(crate) fn group(dir: &Directory, text: &str) -> Result<CustomerGroupId> {
    if let Some(id) = id_of::<CustomerGroupId>(text, true) {
        return id;
    }
    by_name("customer group", text, dir.customer_groups().map(|g| (g.id, g.name.as_str())))
}

/// A special group: `#ID`, `ID` or a name.
pub(crate) fn special_group(dir: &Directory, text: &str) -> Result<SpecialGroupId> {
    if let Some(id) = id_of::<SpecialGroupId>(text, true) {
        return id;
    }
    by_name("special group", text, dir.special_groups().map(|g| (g.id, g.name.as_str())))
}

/// A role: `#ID`, `ID` or a name.
pub(crate) fn role(dir: &Directory, text: &str) -> Result<RoleId> {
    if let Some(id) = id_of::<RoleId>(text, true) {
        return id;
    }
    by_name("role", text, dir.roles().map(|r| (r.id, r.name.as_str())))
}

/// A team: `#ID`, `ID` or a name.
pub(crate) fn team(dir: &Directory, text: &str) -> Result<TeamId> {
    if let Some(id) = id_of::<TeamId>(text, true) {
        return id;
    }
    by_name("team", text, dir.teams().map(|t| (t.id, t.name.as_str())))
}

/// A project: `#ID` or `ID`.
pub(crate) fn project(_dir: &Directory, text: &str) -> Result<ProjectId> {
    match id_of::<ProjectId>(text, true) {
        Some(id) => id,
        None => Err(CliError::usage(format!("a project is named by its id (#ID), not {text:?}"))),
    }
}

/// Each of `texts` resolved with `one`.
pub(crate) fn all<T>(dir: &Directory, texts: &[String], one: impl Fn(&Directory, &str) -> Result<T>) -> Result<Vec<T>> {
    texts.iter().map(|t| one(dir, t)).collect()
}
