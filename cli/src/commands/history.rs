//! `vastuu history`: every change set that touched a customer or an employee.

use crate::args::{Global, StoreArg};
use crate::error::Result;
use crate::output::{self, SubjectRef};
use crate::resolve;
use crate::store;
use crate::Outcome;
use clap::{ArgGroup, Args};
use serde::Serialize;
use std::fmt::Write as _;
use vastuu::{Change, ChangeSet, Directory, HistoryKey, Period, Responsibility};

/// The examples of `vastuu history --help`.
pub(crate) const EXAMPLES: &str = "\
EXAMPLES:
  vastuu history customers.vastuu --customer 1042          customer number 1042
  vastuu history customers.vastuu --customer '#17'         the customer with id 17
  vastuu history customers.vastuu --customer 'Öljy Ab' --last 5
  vastuu history sqlite:customers.db --employee 'Matti Meikäläinen' --json";

/// `vastuu history` arguments.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("whose").required(true).args(["customer", "employee"])))]
pub(crate) struct HistoryArgs {
    #[command(flatten)]
    pub(crate) store: StoreArg,
    /// The customer: its number (1042), its id (#17) or its name.
    #[arg(long, value_name = "CUSTOMER")]
    pub(crate) customer: Option<String>,
    /// The employee: their id (17 or #17) or name.
    #[arg(long, value_name = "EMPLOYEE")]
    pub(crate) employee: Option<String>,
    /// Only the last N change sets.
    #[arg(long, value_name = "N")]
    pub(crate) last: Option<usize>,
}

#[derive(Serialize)]
struct History {
    /// `customer` or `employee`.
    kind: &'static str,
    id: u32,
    name: Option<String>,
    change_sets: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    seq: u64,
    time: String,
    actor: Option<String>,
    changes: Vec<Line>,
}

#[derive(Serialize)]
struct Line {
    /// What kind of change: `put_customer`, `delete_responsibility`, ….
    change: &'static str,
    /// The change in words.
    summary: String,
}

/// ` from 2026-01-01 to 2026-12-31`, or nothing for "always".
fn period_text(p: &Period) -> String {
    match (p.from, p.to) {
        (None, None) => String::new(),
        (Some(from), None) => format!(", from {from}"),
        (None, Some(to)) => format!(", until {to}"),
        (Some(from), Some(to)) => format!(", from {from} to {to}"),
    }
}

fn responsibility_text(dir: &Directory, r: &Responsibility) -> String {
    let roles: Vec<String> =
        r.roles.iter().map(|id| dir.role(*id).map_or_else(|_| id.to_string(), |role| role.name.clone())).collect();
    let roles = if roles.is_empty() { String::new() } else { format!(", roles: {}", roles.join(", ")) };
    format!(
        "{} is responsible for {}{roles}{}",
        output::employee_label(dir, r.employee),
        output::subject_label(dir, r.subject),
        period_text(&r.period)
    )
}

/// A change's kind and what it did, in words.
fn describe(dir: &Directory, change: &Change) -> (&'static str, String) {
    match change {
        Change::PutEmployee(e) => {
            let state = if e.active { "active" } else { "inactive" };
            ("put_employee", format!("employee {} (#{}) saved ({state})", e.name, e.id.get()))
        }
        Change::DeleteEmployee(id) => ("delete_employee", format!("{id} deleted")),
        Change::PutTeam(t) => ("put_team", format!("team {} (#{}) saved", t.name, t.id.get())),
        Change::DeleteTeam(id) => ("delete_team", format!("{id} deleted")),
        Change::PutRole(r) => ("put_role", format!("role {} (#{}) saved", r.name, r.id.get())),
        Change::DeleteRole(id) => ("delete_role", format!("{id} deleted")),
        Change::PutCustomer(c) => {
            let number = c.number.map_or_else(|| "no number".to_owned(), |n| format!("number {n}"));
            let group = c.group.map_or_else(|| "no group".to_owned(), |g| g.to_string());
            let archived = if c.archived { ", archived" } else { "" };
            let what =
                format!("customer {} (#{}) saved: {number}, {group}, {:?}{archived}", c.name, c.id.get(), c.status);
            ("put_customer", what)
        }
        Change::DeleteCustomer(id) => ("delete_customer", format!("{id} deleted")),
        Change::PutProject(p) => {
            let what =
                format!("project {} (#{}) of {} saved", p.name, p.id.get(), output::customer_label(dir, p.customer));
            ("put_project", what)
        }
        Change::DeleteProject(id) => ("delete_project", format!("{id} deleted")),
        Change::PutCustomerGroup(g) => {
            ("put_customer_group", format!("customer group {} (#{}) saved", g.name, g.id.get()))
        }
        Change::DeleteCustomerGroup(id) => ("delete_customer_group", format!("{id} deleted")),
        Change::PutSpecialGroup(g) => {
            ("put_special_group", format!("special group {} (#{}) saved", g.name, g.id.get()))
        }
        Change::DeleteSpecialGroup(id) => ("delete_special_group", format!("{id} deleted")),
        Change::PutResponsibility(r) => ("put_responsibility", responsibility_text(dir, r)),
        Change::DeleteResponsibility { subject, employee } => {
            let what = format!(
                "{} is no longer responsible for {}",
                output::employee_label(dir, *employee),
                output::subject_label(dir, *subject)
            );
            ("delete_responsibility", what)
        }
        Change::SetDefaultSeries(s) => {
            let end = s.end.map_or_else(String::new, |end| format!(" to {end}"));
            ("set_default_series", format!("default numbering series set: from {}{end}", s.start))
        }
    }
}

fn entry(dir: &Directory, cs: &ChangeSet) -> Entry {
    Entry {
        seq: cs.seq,
        time: cs.time.to_string(),
        actor: cs.actor.clone(),
        changes: cs
            .changes
            .iter()
            .map(|c| {
                let (change, summary) = describe(dir, c);
                Line { change, summary }
            })
            .collect(),
    }
}

fn text(history: &History) -> String {
    let mut out = String::new();
    let who = history.name.clone().unwrap_or_else(|| format!("{} #{}", history.kind, history.id));
    let _ = writeln!(out, "History of {who} (#{}): {} change sets", history.id, history.change_sets.len());
    for e in &history.change_sets {
        let by = e.actor.as_deref().map_or_else(String::new, |a| format!(" by {a}"));
        let _ = writeln!(out, "#{} {}{by}", e.seq, e.time);
        for line in &e.changes {
            let _ = writeln!(out, "  {}", line.summary);
        }
    }
    out
}

/// Prints the history.
pub(crate) fn run(args: &HistoryArgs, global: &Global) -> Result<Outcome> {
    let dir = store::open(&store::place(args.store.store.as_deref(), global)?, global)?;
    let (key, whose): (HistoryKey, SubjectRef) = match (&args.customer, &args.employee) {
        (Some(c), _) => {
            let id = resolve::customer(&dir, c)?;
            (id.into(), output::subject_ref(&dir, id.into()))
        }
        (None, Some(e)) => {
            let id = resolve::employee(&dir, e)?;
            let named = output::employee_ref(&dir, id);
            (id.into(), SubjectRef { kind: "employee", id: named.id, name: named.name })
        }
        (None, None) => return Err(crate::error::CliError::usage("name a --customer or an --employee")),
    };
    let mut sets = dir.history(key)?;
    if let Some(last) = args.last {
        sets.drain(..sets.len().saturating_sub(last));
    }
    let history = History {
        kind: whose.kind,
        id: whose.id,
        name: whose.name,
        change_sets: sets.iter().map(|cs| entry(&dir, cs)).collect(),
    };
    if global.json {
        output::json(&history)?;
    } else {
        output::text(&text(&history))?;
    }
    Ok(Outcome::Clean)
}
