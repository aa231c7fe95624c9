//! `vastuu import`: reads an .xlsx or .csv file into the directory, all or nothing.

use crate::args::Global;
use crate::error::{CliError, Result};
use crate::output;
use crate::progress::Bar;
use crate::store;
use crate::Outcome;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use vastuu::{ImportItem, ImportItemKind, ImportKind, ImportOptions, ImportReport, ImportSource};

/// The examples of `vastuu import --help`.
pub(crate) const EXAMPLES: &str = "\
EXAMPLES:
  vastuu import customers.vastuu asiakkaat.xlsx --dry-run     what would change
  vastuu import customers.vastuu asiakkaat.xlsx               import it (all or nothing)
  vastuu import sqlite:customers.db vastuuhenkilot.csv --kind responsibilities --create-missing
  vastuu import customers.vastuu ryhmat.xlsx --sheet Ryhmät --json";

/// What a file holds, as `--kind` names it.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum KindArg {
    /// Employees: name, email, team, active, sales rights.
    Employees,
    /// Customers: number, name, status, archived, group, special groups, responsible persons.
    Customers,
    /// Customer groups: name, numbering start and end, ledger account, cost centers.
    Groups,
    /// Special groups: name, description.
    SpecialGroups,
    /// Responsibilities: the responsible-persons list, or the matrix.
    Responsibilities,
}

impl KindArg {
    fn core(self) -> ImportKind {
        match self {
            KindArg::Employees => ImportKind::Employees,
            KindArg::Customers => ImportKind::Customers,
            KindArg::Groups => ImportKind::CustomerGroups,
            KindArg::SpecialGroups => ImportKind::SpecialGroups,
            KindArg::Responsibilities => ImportKind::Responsibilities,
        }
    }
}

/// `vastuu import` arguments.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The store (a folder, sqlite:PATH or a PostgreSQL URL), then the file. Given the file
    /// alone, the store is --store or VASTUU_STORE.
    #[arg(value_name = "STORE")]
    pub(crate) first: String,
    /// The file: .xlsx, or .csv (`;` or `,`; UTF-8 or Windows-1252).
    #[arg(value_name = "FILE")]
    pub(crate) second: Option<PathBuf>,
    /// What the file holds (default: guessed from its headers).
    #[arg(long, value_enum)]
    pub(crate) kind: Option<KindArg>,
    /// Only report what the import would do; change nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Create the groups, employees, roles … the rows name and the directory does not have.
    #[arg(long)]
    pub(crate) create_missing: bool,
    /// The sheet of a workbook to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub(crate) sheet: Option<String>,
}

#[derive(Serialize)]
struct Report {
    kind: &'static str,
    dry_run: bool,
    rows: u64,
    created: Vec<Item>,
    changed: Vec<Item>,
    unchanged: usize,
}

#[derive(Serialize)]
struct Item {
    row: u64,
    kind: &'static str,
    label: String,
    fields: Vec<String>,
}

#[derive(Serialize)]
struct Problems {
    problems: Vec<Problem>,
}

#[derive(Serialize)]
struct Problem {
    file: String,
    sheet: Option<String>,
    row: Option<u64>,
    column: Option<String>,
    kind: &'static str,
    reason: String,
}

fn kind_name(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Employees => "employees",
        ImportKind::Customers => "customers",
        ImportKind::CustomerGroups => "groups",
        ImportKind::SpecialGroups => "special-groups",
        ImportKind::Responsibilities => "responsibilities",
    }
}

fn item_kind(kind: ImportItemKind) -> &'static str {
    match kind {
        ImportItemKind::Employee => "employee",
        ImportItemKind::Team => "team",
        ImportItemKind::Role => "role",
        ImportItemKind::Customer => "customer",
        ImportItemKind::Project => "project",
        ImportItemKind::CustomerGroup => "group",
        ImportItemKind::SpecialGroup => "special_group",
        ImportItemKind::Responsibility => "responsibility",
    }
}

fn item(i: &ImportItem) -> Item {
    Item { row: i.row, kind: item_kind(i.kind), label: i.label.clone(), fields: i.fields.clone() }
}

/// Imports the file (or plans it with `--dry-run`) and reports what changed. A file with
/// problems changes nothing: every problem is listed (on standard error, or as JSON on standard
/// output with `--json`) and the command fails.
pub(crate) fn run(args: &ImportArgs, global: &Global) -> Result<Outcome> {
    let (store_arg, file) = match &args.second {
        Some(file) => (Some(args.first.as_str()), file.clone()),
        None => (None, PathBuf::from(&args.first)),
    };
    let place = store::place(store_arg, global)?;
    let mut dir = store::open(&place, global)?;
    let bar = Bar::for_stderr();
    let mut report = |p| bar.update_import(p);
    let options = ImportOptions {
        kind: args.kind.map(KindArg::core),
        dry_run: args.dry_run,
        create_missing: args.create_missing,
        sheet: args.sheet.clone(),
        ..ImportOptions::default()
    }
    .with_progress(&mut report);
    let imported = dir.import(&ImportSource::Path(&file), options);
    bar.finish();
    match imported {
        Ok(report) => print_report(&report, global).map(|()| Outcome::Clean),
        Err(vastuu::Error::Import(errors)) => {
            print_problems(&errors.problems, global)?;
            Err(CliError::Core(vastuu::Error::Import(errors)))
        }
        Err(e) => Err(e.into()),
    }
}

fn print_report(report: &ImportReport, global: &Global) -> Result<()> {
    let out = Report {
        kind: kind_name(report.kind),
        dry_run: report.dry_run,
        rows: report.rows,
        created: report.created.iter().map(item).collect(),
        changed: report.changed.iter().map(item).collect(),
        unchanged: report.unchanged.len(),
    };
    if global.json {
        return output::json(&out);
    }
    let mut text = String::new();
    let verb = if out.dry_run { "would create" } else { "created" };
    let _ = writeln!(text, "{} rows of {}: {verb} {}", out.rows, out.kind, out.created.len());
    for i in &out.created {
        let _ = writeln!(text, "  + row {}: {} {}", i.row, i.kind, i.label);
    }
    let verb = if out.dry_run { "would change" } else { "changed" };
    let _ = writeln!(text, "{verb} {}", out.changed.len());
    for i in &out.changed {
        let _ = writeln!(text, "  ~ row {}: {} {} ({})", i.row, i.kind, i.label, i.fields.join(", "));
    }
    let _ = writeln!(text, "left alone {}", out.unchanged);
    if out.dry_run {
        text.push_str("Nothing was changed (--dry-run).\n");
    }
    output::text(&text)
}

fn print_problems(problems: &[vastuu::ImportProblem], global: &Global) -> Result<()> {
    if global.json {
        let problems = problems
            .iter()
            .map(|p| Problem {
                file: p.file.clone(),
                sheet: p.sheet.clone(),
                row: p.row,
                column: p.column.clone(),
                kind: p.kind.code(),
                reason: p.reason.clone(),
            })
            .collect();
        return output::json(&Problems { problems });
    }
    for p in problems {
        eprintln!("vastuu: {p}");
    }
    Ok(())
}
