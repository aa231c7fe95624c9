//! The mutation rules, as plan functions per area.
//!
//! A plan reads the current [`State`], checks every rule the mutation must obey (ids exist, names
//! are valid and unique, scopes match, employees are active, numbers are free, …) and returns the
//! primitive [`Change`]s the mutation means, cascades included, with the mutation's result. A plan
//! never changes anything; `Directory::mutate` stores and applies what it returns. An empty list
//! of changes means the call changes nothing (a no-op commits nothing).

pub(crate) mod bulk;
pub(crate) mod customer;
pub(crate) mod employee;
pub(crate) mod group;
pub(crate) mod handover;
pub(crate) mod numbering;
pub(crate) mod responsibility;
pub(crate) mod revert;
pub(crate) mod role;
pub(crate) mod special_group;

use crate::error::{Error, Result};
use crate::model::{Change, Customer, Employee, EntityKind, EntityRef};
use crate::state::State;
use crate::text;

/// What a plan returns: the changes, and the mutation's result.
pub(crate) type Plan<R> = Result<(Vec<Change>, R)>;

/// Refuses a name another entity of the kind already has (`existing`), unless that is `except`.
fn check_unique<I: Into<EntityRef> + PartialEq + Copy>(
    kind: EntityKind,
    name: &str,
    existing: Option<I>,
    except: Option<I>,
) -> Result<()> {
    match existing {
        Some(existing) if Some(existing) != except => {
            Err(Error::DuplicateName { kind, name: name.to_owned(), existing: existing.into() })
        }
        _ => Ok(()),
    }
}

/// A new or changed external id of an entity of `kind` (`id`: the entity it is for, once that
/// exists): checked as text, and refused while another entity of the kind holds it.
fn external_id(s: &State, kind: EntityKind, raw: Option<&str>, id: Option<EntityRef>) -> Result<Option<String>> {
    let key = text::optional_external_id(raw)?;
    if let Some(key) = &key {
        key_free(s, kind, key, id)?;
    }
    Ok(key)
}

/// Refuses an external id another entity of `kind` than `id` holds.
fn key_free(s: &State, kind: EntityKind, key: &str, id: Option<EntityRef>) -> Result<()> {
    match s.external_id_holder(kind, key) {
        Some(existing) if Some(existing) != id => {
            Err(Error::DuplicateExternalId { kind, external_id: key.to_owned(), existing })
        }
        _ => Ok(()),
    }
}

/// A `PutCustomer` unless the customer is unchanged.
fn put_customer_if_changed(s: &State, c: Customer) -> Vec<Change> {
    if s.customer(c.id).ok() == Some(&c) {
        Vec::new()
    } else {
        vec![Change::PutCustomer(c)]
    }
}

/// A `PutEmployee` unless the employee is unchanged.
fn put_employee_if_changed(s: &State, e: Employee) -> Vec<Change> {
    if s.employee(e.id).ok() == Some(&e) {
        Vec::new()
    } else {
        vec![Change::PutEmployee(e)]
    }
}
