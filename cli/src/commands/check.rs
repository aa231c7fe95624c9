//! `vastuu check`: the coverage checks, for cron: exit status 1 when something is found.

use crate::args::{parse_date, Global, StoreArg};
use crate::error::Result;
use crate::output::{self, CustomerRef, Named, SubjectRef};
use crate::store;
use crate::Outcome;
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use serde::Serialize;
use std::fmt::Write as _;
use vastuu::{CustomerId, Directory, SeriesId, Subject};

/// The examples of `vastuu check --help`.
pub(crate) const EXAMPLES: &str = "\
EXAMPLES:
  vastuu check customers.vastuu
  vastuu check customers.vastuu --only uncovered --as-of 2027-01-01
  vastuu check sqlite:customers.db --ending-within 30 --json

In a crontab (mail goes out only when something is found):
  0 7 * * 1-5  vastuu check /srv/customers.vastuu > /tmp/vastuu-check.txt || mail -s vastuu admin < /tmp/vastuu-check.txt

Exit status: 0 nothing found, 1 something found, 2 an error.";

/// One coverage check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckKind {
    /// Active customers with nobody (active) responsible on the date.
    Uncovered,
    /// Responsibilities still held by inactive employees.
    InactiveHolders,
    /// Salespeople of customer groups without sales rights.
    SalespeopleWithoutRights,
    /// Responsibilities ending within --ending-within days (30 by default).
    Ending,
    /// Numbering series with less than --series-below percent left.
    Series,
}

/// `vastuu check` arguments.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) store: StoreArg,
    /// Run only these checks (repeatable). Default: every check, `ending` only with
    /// --ending-within.
    #[arg(long, value_enum, value_name = "CHECK")]
    pub(crate) only: Vec<CheckKind>,
    /// The day checked (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) as_of: Option<Date>,
    /// uncovered: check prospects and archived customers too.
    #[arg(long)]
    pub(crate) all_customers: bool,
    /// ending: responsibilities whose last day is within this many days of the date.
    #[arg(long, value_name = "DAYS")]
    pub(crate) ending_within: Option<u32>,
    /// series: series with less than this percentage of their numbers left.
    #[arg(long, value_name = "PERCENT", default_value_t = 10)]
    pub(crate) series_below: u32,
}

impl CheckArgs {
    fn runs(&self, check: CheckKind) -> bool {
        if self.only.is_empty() {
            check != CheckKind::Ending || self.ending_within.is_some()
        } else {
            self.only.contains(&check)
        }
    }
}

#[derive(Serialize)]
struct Held {
    #[serde(skip)]
    raw: Subject,
    subject: SubjectRef,
    customer: CustomerRef,
    employee: Named,
    #[serde(skip_serializing_if = "Option::is_none")]
    ends: Option<Date>,
}

#[derive(Serialize)]
struct Place {
    group: Named,
    employee: Named,
}

#[derive(Serialize)]
struct Series {
    /// `null` for the default series.
    group: Option<Named>,
    capacity: u64,
    capacity_left: u64,
}

/// What the checks found; a check that was not run is left out.
#[derive(Serialize, Default)]
struct Findings {
    as_of: Option<Date>,
    clean: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    customers_without_responsible: Option<Vec<CustomerRef>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    responsibilities_of_inactive_employees: Option<Vec<Held>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    salespeople_without_sales_rights: Option<Vec<Place>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    responsibilities_ending: Option<Vec<Held>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    series_near_exhaustion: Option<Vec<Series>>,
}

fn group_ref(dir: &Directory, g: vastuu::CustomerGroupId) -> Named {
    Named { id: g.get(), name: dir.customer_group(g).ok().map(|g| g.name.clone()) }
}

/// Runs the chosen checks.
fn find(dir: &Directory, args: &CheckArgs, as_of: Date) -> Result<Findings> {
    let mut f = Findings { as_of: Some(as_of), ..Findings::default() };
    if args.runs(CheckKind::Uncovered) {
        let found = dir.customers_without_responsible(as_of, !args.all_customers);
        f.customers_without_responsible = Some(found.into_iter().map(|c| output::customer_ref(dir, c)).collect());
    }
    if args.runs(CheckKind::InactiveHolders) {
        let found = dir.responsibilities_of_inactive_employees().into_iter().map(|h| Held {
            raw: h.subject,
            subject: output::subject_ref(dir, h.subject),
            customer: output::customer_ref(dir, h.customer),
            employee: output::employee_ref(dir, h.employee),
            ends: None,
        });
        f.responsibilities_of_inactive_employees = Some(found.collect());
    }
    if args.runs(CheckKind::SalespeopleWithoutRights) {
        let found = dir
            .salespeople_without_sales_rights()
            .into_iter()
            .map(|s| Place { group: group_ref(dir, s.group), employee: output::employee_ref(dir, s.employee) });
        f.salespeople_without_sales_rights = Some(found.collect());
    }
    if args.runs(CheckKind::Ending) {
        let found =
            dir.responsibilities_ending_within(as_of, args.ending_within.unwrap_or(30)).into_iter().map(|e| Held {
                raw: e.subject,
                subject: output::subject_ref(dir, e.subject),
                customer: output::customer_ref(dir, e.customer),
                employee: output::employee_ref(dir, e.employee),
                ends: Some(e.ends),
            });
        f.responsibilities_ending = Some(found.collect());
    }
    if args.runs(CheckKind::Series) {
        let found = dir.series_near_exhaustion(args.series_below)?.into_iter().map(|s| Series {
            group: match s.series {
                SeriesId::Default => None,
                SeriesId::Group(g) => Some(group_ref(dir, g)),
            },
            capacity: s.capacity,
            capacity_left: s.capacity_left,
        });
        f.series_near_exhaustion = Some(found.collect());
    }
    f.clean = f.count() == 0;
    Ok(f)
}

impl Findings {
    fn count(&self) -> usize {
        self.customers_without_responsible.as_ref().map_or(0, Vec::len)
            + self.responsibilities_of_inactive_employees.as_ref().map_or(0, Vec::len)
            + self.salespeople_without_sales_rights.as_ref().map_or(0, Vec::len)
            + self.responsibilities_ending.as_ref().map_or(0, Vec::len)
            + self.series_near_exhaustion.as_ref().map_or(0, Vec::len)
    }
}

/// One check's heading and lines.
fn section(out: &mut String, title: &str, lines: Option<Vec<String>>) {
    let Some(lines) = lines else { return };
    if lines.is_empty() {
        let _ = writeln!(out, "{title}: none");
        return;
    }
    let _ = writeln!(out, "{title}: {}", lines.len());
    for line in lines {
        let _ = writeln!(out, "  {line}");
    }
}

fn name(n: &Named, kind: &str) -> String {
    match &n.name {
        Some(name) => format!("{name} (#{})", n.id),
        None => format!("{kind} #{}", n.id),
    }
}

/// `Matti (#1) holds Esimerkki Oy (no. 1042, #3) until 2026-12-31`.
fn held_text(dir: &Directory, h: &Held) -> String {
    let mut line = format!("{} holds {}", name(&h.employee, "employee"), output::subject_label(dir, h.raw));
    if let Some(ends) = h.ends {
        let _ = write!(line, " until {ends}");
    }
    line
}

fn series_text(s: &Series) -> String {
    let series = s.group.as_ref().map_or("default series".to_owned(), |g| name(g, "customer group"));
    format!("{series}: {} of {} numbers left", s.capacity_left, s.capacity)
}

fn text(dir: &Directory, args: &CheckArgs, f: &Findings) -> String {
    let mut out = String::new();
    let as_of = f.as_of.map(|d| d.to_string()).unwrap_or_default();
    let customers = f.customers_without_responsible.as_ref();
    let lines = customers.map(|v| v.iter().map(|c| output::customer_label(dir, CustomerId::new(c.id))).collect());
    section(&mut out, &format!("Customers with nobody responsible on {as_of}"), lines);
    let lines =
        f.responsibilities_of_inactive_employees.as_ref().map(|v| v.iter().map(|h| held_text(dir, h)).collect());
    section(&mut out, "Responsibilities of inactive employees", lines);
    let places = f.salespeople_without_sales_rights.as_ref();
    let lines = places.map(|v| {
        v.iter().map(|p| format!("{} in {}", name(&p.employee, "employee"), name(&p.group, "customer group"))).collect()
    });
    section(&mut out, "Salespeople without sales rights", lines);
    let lines = f.responsibilities_ending.as_ref().map(|v| v.iter().map(|h| held_text(dir, h)).collect());
    section(&mut out, "Responsibilities ending soon", lines);
    let lines = f.series_near_exhaustion.as_ref().map(|v| v.iter().map(series_text).collect());
    section(&mut out, &format!("Numbering series with less than {}% left", args.series_below), lines);
    match f.count() {
        0 => out.push_str("All clear.\n"),
        n => {
            let _ = writeln!(out, "{n} found.");
        }
    }
    out
}

/// Runs the checks and prints what they found; [`Outcome::Found`] when anything was.
pub(crate) fn run(args: &CheckArgs, global: &Global) -> Result<Outcome> {
    let dir = store::open(&store::place(args.store.store.as_deref(), global)?, global)?;
    let as_of = match args.as_of {
        Some(date) => date,
        None => jiff::ZonedDateTime::now().date(),
    };
    let findings = find(&dir, args, as_of)?;
    if global.json {
        output::json(&findings)?;
    } else {
        output::text(&text(&dir, args, &findings))?;
    }
    Ok(if findings.clean { Outcome::Clean } else { Outcome::Found })
}
