//! The change feed: a change set as a stable, versioned JSON document for hosts that pass changes
//! on (webhooks, audit logs, search indexes), and a page of change sets
//! ([`Directory::changes_since`](crate::Directory::changes_since)).
//!
//! The document's form is on [`FeedEntry`].

use crate::model::change::{Change, ChangeSet};
use crate::model::customer::{Customer, CustomerStatus, Project};
use crate::model::employee::{Employee, Team};
use crate::model::group::CustomerGroup;
use crate::model::ids::Id;
use crate::model::numbering::DefaultSeries;
use crate::model::responsibility::{Responsibility, Subject};
use crate::model::role::{Role, RoleScope};
use crate::model::special_group::SpecialGroup;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize, Serializer};

/// The version of the feed document [`ChangeSet::to_json`] writes (its `"version"`).
pub const FEED_VERSION: u32 = 1;

/// The most change sets one page of [`Directory::changes_since`](crate::Directory::changes_since)
/// holds.
pub const MAX_CHANGES_LIMIT: usize = 1000;

/// One page of the change feed: the change sets after a sequence number, oldest first. See
/// [`Directory::changes_since`](crate::Directory::changes_since).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPage {
    /// The change sets, oldest first, consecutive.
    pub change_sets: Vec<ChangeSet>,
    /// The sequence number to ask from next: the last change set's of this page, or the one
    /// asked from when the page is empty.
    pub cursor: u64,
    /// Whether change sets after this page exist (when the page was read).
    pub has_more: bool,
    /// The directory's last sequence number when the page was read.
    pub last_seq: u64,
}

/// A change set as the change feed's document: a view of the change set, serialized with serde
/// (`serde_json::to_string(&cs.to_feed())`, or within a document of the host's own).
/// [`ChangeSet::to_json`] gives it as JSON text.
///
/// The document is written from types of its own, not from the entities' serde forms, so the
/// entities may change without changing it. Its version, [`FEED_VERSION`], is raised only when
/// a field is removed, renamed or changes its meaning; fields may be added within a version, so
/// readers ignore fields they do not know. `core/tests/feed.rs` checks it against a committed
/// document (`core/tests/golden/feed-v1.json`).
///
/// # Version 1
/// ```text
/// {
///   "version": 1,
///   "seq": 42,                          change set number: 1, 2, 3, … in the order committed
///   "at": "2026-03-01T12:00:00Z",       when it was committed: RFC 3339, UTC, fractional
///                                       seconds only when not whole (up to 9 digits)
///   "actor": "Maija",                   who made it, or null
///   "reverts": 40,                      the change set it reverts (a compensating one), or null
///   "changes": [ change, … ]            in the order applied
/// }
/// change:  { "op": "put" | "delete", "entity": entity, "value": value or null (delete) }
/// entity:  { "kind": "employee" | "team" | "role" | "customer" | "project"
///                    | "customer_group" | "special_group", "id": 7 }
///        | { "kind": "responsibility", "subject": subject, "employee": 3 }
///        | { "kind": "default_series" }
/// subject: { "kind": "customer" | "project", "id": 12 }
/// ```
/// A put's `value` is the entity as it is after the change, every field present (`null` when
/// not set); ids are numbers, dates `"YYYY-MM-DD"`:
///
/// | kind | value |
/// |---|---|
/// | `employee` | `id`, `name`, `email`, `team`, `sales_rights`, `active`, `sees_all`, `external_id` |
/// | `team` | `id`, `name`, `leads` (ids, ascending) |
/// | `role` | `id`, `name`, `scope` (`"customer"` or `"project"`), `portal_visible` |
/// | `customer` | `id`, `name`, `number`, `status` (`"active"` or `"prospect"`), `archived`, `group`, `special_groups` (ids, ascending), `external_id` |
/// | `project` | `id`, `customer`, `name`, `archived`, `external_id` |
/// | `customer_group` | `id`, `name`, `numbering_start`, `numbering_end`, `next_number`, `ledger_account`, `cost_centers` (texts), `salespeople` (ids, ascending), `default_team` (`{"employee": 3, "roles": [ids, ascending]}`, in order), `external_id` |
/// | `special_group` | `id`, `name`, `description` |
/// | `responsibility` | `subject`, `employee`, `roles` (ids, ascending), `from`, `to` (the validity, both days included, `null` for open) |
/// | `default_series` | `start`, `end`, `next_number` |
///
/// A mutation's cascades are changes of their own (deleting a group puts each of its customers
/// with `"group": null` before deleting the group), so a reader that applies every change in
/// order keeps an exact copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FeedEntry<'a> {
    version: u32,
    seq: u64,
    #[serde(serialize_with = "as_text")]
    at: Timestamp,
    actor: Option<&'a str>,
    reverts: Option<u64>,
    changes: Vec<FeedChange<'a>>,
}

/// One change of an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct FeedChange<'a> {
    op: Op,
    entity: Entity,
    value: Option<Value<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Op {
    Put,
    Delete,
}

/// What a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Entity {
    Employee { id: u32 },
    Team { id: u32 },
    Role { id: u32 },
    Customer { id: u32 },
    Project { id: u32 },
    CustomerGroup { id: u32 },
    SpecialGroup { id: u32 },
    Responsibility { subject: FeedSubject, employee: u32 },
    DefaultSeries,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum FeedSubject {
    Customer { id: u32 },
    Project { id: u32 },
}

impl From<Subject> for FeedSubject {
    fn from(subject: Subject) -> Self {
        match subject {
            Subject::Customer(id) => FeedSubject::Customer { id: id.get() },
            Subject::Project(id) => FeedSubject::Project { id: id.get() },
        }
    }
}

/// A put's value: the entity after the change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
enum Value<'a> {
    Employee {
        id: u32,
        name: &'a str,
        email: Option<&'a str>,
        team: Option<u32>,
        sales_rights: bool,
        active: bool,
        sees_all: bool,
        external_id: Option<&'a str>,
    },
    Team {
        id: u32,
        name: &'a str,
        leads: Vec<u32>,
    },
    Role {
        id: u32,
        name: &'a str,
        scope: &'static str,
        portal_visible: bool,
    },
    Customer {
        id: u32,
        name: &'a str,
        number: Option<u64>,
        status: &'static str,
        archived: bool,
        group: Option<u32>,
        special_groups: Vec<u32>,
        external_id: Option<&'a str>,
    },
    Project {
        id: u32,
        customer: u32,
        name: &'a str,
        archived: bool,
        external_id: Option<&'a str>,
    },
    CustomerGroup {
        id: u32,
        name: &'a str,
        numbering_start: Option<u64>,
        numbering_end: Option<u64>,
        next_number: u64,
        ledger_account: Option<&'a str>,
        cost_centers: Vec<&'a str>,
        salespeople: Vec<u32>,
        default_team: Vec<FeedDefault>,
        external_id: Option<&'a str>,
    },
    SpecialGroup {
        id: u32,
        name: &'a str,
        description: Option<&'a str>,
    },
    Responsibility {
        subject: FeedSubject,
        employee: u32,
        roles: Vec<u32>,
        #[serde(serialize_with = "as_optional_text")]
        from: Option<Date>,
        #[serde(serialize_with = "as_optional_text")]
        to: Option<Date>,
    },
    DefaultSeries {
        start: u64,
        end: Option<u64>,
        next_number: u64,
    },
}

/// One of a customer group's default responsible persons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct FeedDefault {
    employee: u32,
    roles: Vec<u32>,
}

fn as_text<S: Serializer, T: std::fmt::Display>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

fn as_optional_text<S: Serializer>(value: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(date) => serializer.collect_str(date),
        None => serializer.serialize_none(),
    }
}

fn ids<T: Id>(ids: impl IntoIterator<Item = T>) -> Vec<u32> {
    ids.into_iter().map(Id::get).collect()
}

fn status(status: CustomerStatus) -> &'static str {
    match status {
        CustomerStatus::Active => "active",
        CustomerStatus::Prospect => "prospect",
    }
}

fn scope(scope: RoleScope) -> &'static str {
    match scope {
        RoleScope::Customer => "customer",
        RoleScope::Project => "project",
    }
}

impl<'a> FeedChange<'a> {
    fn put(entity: Entity, value: Value<'a>) -> Self {
        FeedChange { op: Op::Put, entity, value: Some(value) }
    }

    fn delete(entity: Entity) -> Self {
        FeedChange { op: Op::Delete, entity, value: None }
    }

    fn of(change: &'a Change) -> Self {
        match change {
            Change::PutEmployee(e) => Self::put(Entity::Employee { id: e.id.get() }, employee(e)),
            Change::DeleteEmployee(id) => Self::delete(Entity::Employee { id: id.get() }),
            Change::PutTeam(Team { id, name, leads }) => Self::put(
                Entity::Team { id: id.get() },
                Value::Team { id: id.get(), name, leads: ids(leads.iter().copied()) },
            ),
            Change::DeleteTeam(id) => Self::delete(Entity::Team { id: id.get() }),
            Change::PutRole(r) => Self::put(Entity::Role { id: r.id.get() }, role(r)),
            Change::DeleteRole(id) => Self::delete(Entity::Role { id: id.get() }),
            Change::PutCustomer(c) => Self::put(Entity::Customer { id: c.id.get() }, customer(c)),
            Change::DeleteCustomer(id) => Self::delete(Entity::Customer { id: id.get() }),
            Change::PutProject(p) => Self::put(Entity::Project { id: p.id.get() }, project(p)),
            Change::DeleteProject(id) => Self::delete(Entity::Project { id: id.get() }),
            Change::PutCustomerGroup(g) => Self::put(Entity::CustomerGroup { id: g.id.get() }, group(g)),
            Change::DeleteCustomerGroup(id) => Self::delete(Entity::CustomerGroup { id: id.get() }),
            Change::PutSpecialGroup(g) => Self::put(Entity::SpecialGroup { id: g.id.get() }, special_group(g)),
            Change::DeleteSpecialGroup(id) => Self::delete(Entity::SpecialGroup { id: id.get() }),
            Change::PutResponsibility(r) => Self::put(
                Entity::Responsibility { subject: r.subject.into(), employee: r.employee.get() },
                responsibility(r),
            ),
            Change::DeleteResponsibility { subject, employee } => {
                Self::delete(Entity::Responsibility { subject: (*subject).into(), employee: employee.get() })
            }
            Change::SetDefaultSeries(s) => Self::put(Entity::DefaultSeries, series(s)),
        }
    }
}

fn employee(e: &Employee) -> Value<'_> {
    let Employee { id, name, email, team, sales_rights, active, sees_all, external_id } = e;
    Value::Employee {
        id: id.get(),
        name,
        email: email.as_deref(),
        team: team.map(Id::get),
        sales_rights: *sales_rights,
        active: *active,
        sees_all: *sees_all,
        external_id: external_id.as_deref(),
    }
}

fn role(r: &Role) -> Value<'_> {
    let Role { id, name, scope: s, portal_visible } = r;
    Value::Role { id: id.get(), name, scope: scope(*s), portal_visible: *portal_visible }
}

fn customer(c: &Customer) -> Value<'_> {
    let Customer { id, name, number, status: s, archived, group, special_groups, external_id } = c;
    Value::Customer {
        id: id.get(),
        name,
        number: *number,
        status: status(*s),
        archived: *archived,
        group: group.map(Id::get),
        special_groups: ids(special_groups.iter().copied()),
        external_id: external_id.as_deref(),
    }
}

fn project(p: &Project) -> Value<'_> {
    let Project { id, customer, name, archived, external_id } = p;
    Value::Project {
        id: id.get(),
        customer: customer.get(),
        name,
        archived: *archived,
        external_id: external_id.as_deref(),
    }
}

fn group(g: &CustomerGroup) -> Value<'_> {
    let CustomerGroup {
        id,
        name,
        numbering_start,
        numbering_end,
        next_number,
        ledger_account,
        cost_centers,
        salespeople,
        default_team,
        external_id,
    } = g;
    Value::CustomerGroup {
        id: id.get(),
        name,
        numbering_start: *numbering_start,
        numbering_end: *numbering_end,
        next_number: *next_number,
        ledger_account: ledger_account.as_deref(),
        cost_centers: cost_centers.iter().map(String::as_str).collect(),
        salespeople: ids(salespeople.iter().copied()),
        default_team: default_team
            .iter()
            .map(|d| FeedDefault { employee: d.employee.get(), roles: ids(d.roles.iter().copied()) })
            .collect(),
        external_id: external_id.as_deref(),
    }
}

fn special_group(g: &SpecialGroup) -> Value<'_> {
    let SpecialGroup { id, name, description } = g;
    Value::SpecialGroup { id: id.get(), name, description: description.as_deref() }
}

fn responsibility(r: &Responsibility) -> Value<'_> {
    let Responsibility { subject, employee, roles, period } = r;
    Value::Responsibility {
        subject: (*subject).into(),
        employee: employee.get(),
        roles: ids(roles.iter().copied()),
        from: period.from,
        to: period.to,
    }
}

fn series(s: &DefaultSeries) -> Value<'static> {
    let DefaultSeries { start, end, next_number } = *s;
    Value::DefaultSeries { start, end, next_number }
}

impl ChangeSet {
    /// The change set as the change feed's document (see [`FeedEntry`]), to serialize with
    /// serde.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, FEED_VERSION};
    /// let mut dir = Directory::new();
    /// dir.create_team("Huolto")?;
    /// let cs = &dir.change_sets()?[0];
    /// let doc = serde_json::to_value(cs.to_feed()).unwrap();
    /// assert_eq!(doc["version"], FEED_VERSION);
    /// assert_eq!(doc["changes"][0]["entity"]["kind"], "team");
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn to_feed(&self) -> FeedEntry<'_> {
        let ChangeSet { seq, time, actor, keys: _, changes, reverts } = self;
        FeedEntry {
            version: FEED_VERSION,
            seq: *seq,
            at: *time,
            actor: actor.as_deref(),
            reverts: *reverts,
            changes: changes.iter().map(FeedChange::of).collect(),
        }
    }

    /// The change set as the change feed's JSON document (see [`FeedEntry`]), on one line.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, FixedClock};
    /// let mut dir = Directory::new();
    /// dir.set_clock(FixedClock("2026-03-01T12:00:00Z".parse().unwrap()));
    /// dir.set_actor(Some("Maija"))?;
    /// dir.create_team("Huolto")?;
    /// assert_eq!(
    ///     dir.change_sets()?[0].to_json(),
    ///     r#"{"version":1,"seq":1,"at":"2026-03-01T12:00:00Z","actor":"Maija","reverts":null,"changes":[{"op":"put","entity":{"kind":"team","id":1},"value":{"id":1,"name":"Huolto","leads":[]}}]}"#
    /// );
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        // Nothing in the document can fail to serialize (no map has keys other than names, no
        // value refuses), so the fallback is never taken.
        serde_json::to_string(&self.to_feed()).unwrap_or_default()
    }
}
