//! `vastuu export`: every export the core writes, with the reporting filter as flags.

use crate::args::{parse_date, Global, StoreArg};
use crate::error::{CliError, Result};
use crate::output;
use crate::progress::Bar;
use crate::resolve;
use crate::store;
use crate::Outcome;
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use serde::Serialize;
use std::path::PathBuf;
use vastuu::{
    ArchivedFilter, CustomerFilter, CustomerStatus, Directory, Export, ExportOptions, Language, MatrixQuery,
    ResponsiblePersonsQuery, SpecialGroupMatch,
};

/// The examples of `vastuu export --help`.
pub(crate) const EXAMPLES: &str = "\
EXAMPLES:
  vastuu export persons customers.vastuu -o vastuuhenkilot.xlsx
  vastuu export persons customers.vastuu --lang sv --as-of 2026-12-31 --projects -o ansvar.xlsx
  vastuu export customers sqlite:customers.db --group Pohjoinen --status active -o pohjoinen.xlsx
  vastuu export group-customers customers.vastuu --no-group -o ilman-ryhmaa.xlsx
  vastuu export special-group-customers customers.vastuu --special-group VIP -o vip.xlsx
  vastuu export matrix customers.vastuu --by-role --team Huolto --lang en -o matrix.xlsx

Customers are named by number (1042), by id (#17) or by name; employees, groups, special
groups, roles and teams by id (17 or #17) or by name.";

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    /// The customers the filter keeps.
    Customers,
    /// One customer group's customers (--group), or those in no group (--no-group), archived
    /// ones included.
    GroupCustomers,
    /// One special group's customers (--special-group), archived ones included.
    SpecialGroupCustomers,
    /// The responsible-persons list.
    #[value(alias = "responsible-persons")]
    Persons,
    /// The responsibility matrix (an `x` per responsibility, or with --by-role the role names).
    Matrix,
}

/// The language of headers, sheet names and status words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Lang {
    /// Finnish.
    Fi,
    /// Swedish.
    Sv,
    /// English.
    En,
}

/// Active customers or prospects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Status {
    /// Active customers.
    Active,
    /// Prospects.
    Prospect,
}

/// What to do with archived customers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Archived {
    /// Leave them out (the default).
    Exclude,
    /// Include them.
    Include,
    /// Only them.
    Only,
}

/// `vastuu export` arguments.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub(crate) kind: Kind,
    #[command(flatten)]
    pub(crate) store: StoreArg,
    /// The workbook to write (.xlsx); an existing file is replaced only when the export succeeds.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// Language of the headers, sheet names and status words.
    #[arg(long, value_enum, default_value = "fi")]
    pub(crate) lang: Lang,
    /// Write through a symbolic link at FILE (refused otherwise).
    #[arg(long)]
    pub(crate) follow_symlinks: bool,
    /// customers, group-customers, special-group-customers: end with a column of the customers'
    /// external ids (the column an import matches customers by).
    #[arg(long)]
    pub(crate) external_ids: bool,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    /// persons: only these employees' responsibilities; matrix: only these columns.
    #[arg(long = "employee", value_name = "EMPLOYEE")]
    pub(crate) employees: Vec<String>,
    /// persons, matrix: project participants / project rows too.
    #[arg(long)]
    pub(crate) projects: bool,
    /// persons, matrix: only responsibilities valid on this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) as_of: Option<Date>,
    /// matrix: only columns of these teams.
    #[arg(long = "team", value_name = "TEAM")]
    pub(crate) teams: Vec<String>,
    /// matrix: only rows and cells holding this role.
    #[arg(long, value_name = "ROLE")]
    pub(crate) role: Option<String>,
    /// matrix: the role names in the cells instead of an `x`.
    #[arg(long)]
    pub(crate) by_role: bool,
}

/// The reporting customer filter as flags (every one that is given must hold).
#[derive(Debug, Args)]
pub(crate) struct FilterArgs {
    /// Only these customers (number, #id or name).
    #[arg(long = "customer", value_name = "CUSTOMER")]
    pub(crate) customers: Vec<String>,
    /// Customers of these customer groups.
    #[arg(long = "group", value_name = "GROUP")]
    pub(crate) groups: Vec<String>,
    /// Customers in no customer group.
    #[arg(long)]
    pub(crate) no_group: bool,
    /// Customers of these special groups (any of them; all of them with --all-special-groups).
    #[arg(long = "special-group", value_name = "GROUP")]
    pub(crate) special_groups: Vec<String>,
    /// A customer must be in every --special-group.
    #[arg(long)]
    pub(crate) all_special_groups: bool,
    /// Only active customers or only prospects.
    #[arg(long, value_enum)]
    pub(crate) status: Option<Status>,
    /// Archived customers: exclude (default), include, only.
    #[arg(long, value_enum)]
    pub(crate) archived: Option<Archived>,
    /// Customers whose name (or number) contains this text.
    #[arg(long, value_name = "TEXT")]
    pub(crate) text: Option<String>,
    /// Customers this employee is responsible for.
    #[arg(long, value_name = "EMPLOYEE")]
    pub(crate) responsible: Option<String>,
    /// Customers of the groups this employee sells.
    #[arg(long, value_name = "EMPLOYEE")]
    pub(crate) salesperson: Option<String>,
}

impl ExportArgs {
    /// The flags given, by name, that only some kinds take.
    fn given(&self) -> Vec<&'static str> {
        let f = &self.filter;
        let flags = [
            ("--customer", !f.customers.is_empty()),
            ("--group", !f.groups.is_empty()),
            ("--no-group", f.no_group),
            ("--special-group", !f.special_groups.is_empty()),
            ("--all-special-groups", f.all_special_groups),
            ("--status", f.status.is_some()),
            ("--archived", f.archived.is_some()),
            ("--text", f.text.is_some()),
            ("--responsible", f.responsible.is_some()),
            ("--salesperson", f.salesperson.is_some()),
            ("--employee", !self.employees.is_empty()),
            ("--projects", self.projects),
            ("--as-of", self.as_of.is_some()),
            ("--team", !self.teams.is_empty()),
            ("--role", self.role.is_some()),
            ("--by-role", self.by_role),
        ];
        flags.into_iter().filter(|(_, given)| *given).map(|(name, _)| name).collect()
    }

    /// Refuses flags the kind does not take, naming them.
    fn check_flags(&self) -> Result<()> {
        const FILTER: &[&str] = &[
            "--customer",
            "--group",
            "--no-group",
            "--special-group",
            "--all-special-groups",
            "--status",
            "--archived",
            "--text",
            "--responsible",
            "--salesperson",
        ];
        let extra: &[&str] = match self.kind {
            Kind::Customers => &[],
            Kind::GroupCustomers => &["--group", "--no-group"],
            Kind::SpecialGroupCustomers => &["--special-group"],
            Kind::Persons => &["--employee", "--projects", "--as-of"],
            Kind::Matrix => &["--employee", "--projects", "--as-of", "--team", "--role", "--by-role"],
        };
        let filtered = matches!(self.kind, Kind::Customers | Kind::Persons | Kind::Matrix);
        let refused: Vec<&str> =
            self.given().into_iter().filter(|f| !(extra.contains(f) || filtered && FILTER.contains(f))).collect();
        if refused.is_empty() {
            return Ok(());
        }
        let kind = self.kind.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default();
        Err(CliError::usage(format!("`vastuu export {kind}` does not take {}", refused.join(", "))))
    }
}

/// The customer filter the flags describe.
fn filter(dir: &Directory, f: &FilterArgs) -> Result<CustomerFilter> {
    let mut filter = CustomerFilter::new()
        .customers(resolve::all(dir, &f.customers, resolve::customer)?)
        .special_groups_match(if f.all_special_groups { SpecialGroupMatch::AllOf } else { SpecialGroupMatch::AnyOf });
    filter.groups = resolve::all(dir, &f.groups, resolve::group)?;
    filter.no_group = f.no_group;
    filter.special_groups = resolve::all(dir, &f.special_groups, resolve::special_group)?;
    filter.status = f.status.map(|s| match s {
        Status::Active => CustomerStatus::Active,
        Status::Prospect => CustomerStatus::Prospect,
    });
    filter.archived = match f.archived {
        None | Some(Archived::Exclude) => ArchivedFilter::Exclude,
        Some(Archived::Include) => ArchivedFilter::Include,
        Some(Archived::Only) => ArchivedFilter::Only,
    };
    filter.text.clone_from(&f.text);
    filter.responsible = f.responsible.as_deref().map(|e| resolve::employee(dir, e)).transpose()?;
    filter.salesperson = f.salesperson.as_deref().map(|e| resolve::employee(dir, e)).transpose()?;
    Ok(filter)
}

/// The export the arguments describe.
fn export(dir: &Directory, args: &ExportArgs) -> Result<Export> {
    args.check_flags()?;
    let f = &args.filter;
    Ok(match args.kind {
        Kind::Customers => Export::Customers(filter(dir, f)?),
        Kind::GroupCustomers => match (f.groups.as_slice(), f.no_group) {
            ([one], false) => Export::GroupCustomers(Some(resolve::group(dir, one)?)),
            ([], true) => Export::GroupCustomers(None),
            _ => return Err(CliError::usage("`vastuu export group-customers` takes one --group, or --no-group")),
        },
        Kind::SpecialGroupCustomers => match f.special_groups.as_slice() {
            [one] => Export::SpecialGroupCustomers(resolve::special_group(dir, one)?),
            _ => return Err(CliError::usage("`vastuu export special-group-customers` takes one --special-group")),
        },
        Kind::Persons => {
            let mut q = ResponsiblePersonsQuery::new().customers(filter(dir, f)?).include_projects(args.projects);
            q.employees = resolve::all(dir, &args.employees, resolve::employee)?;
            q.as_of = args.as_of;
            Export::ResponsiblePersons(q)
        }
        Kind::Matrix => {
            let mut q = MatrixQuery::new().customers(filter(dir, f)?).include_projects(args.projects);
            q.employees = resolve::all(dir, &args.employees, resolve::employee)?;
            q.teams = resolve::all(dir, &args.teams, resolve::team)?;
            q.role = args.role.as_deref().map(|r| resolve::role(dir, r)).transpose()?;
            q.by_role = args.by_role;
            q.as_of = args.as_of;
            Export::Matrix(q)
        }
    })
}

#[derive(Serialize)]
struct Written {
    kind: Kind,
    path: String,
    rows: u64,
    cells_cut: u64,
}

/// Writes the workbook, with a progress bar on a terminal.
pub(crate) fn run(args: &ExportArgs, global: &Global) -> Result<Outcome> {
    let dir = store::open(&store::place(args.store.store.as_deref(), global)?, global)?;
    let export = export(&dir, args)?;
    let language = match args.lang {
        Lang::Fi => Language::Finnish,
        Lang::Sv => Language::Swedish,
        Lang::En => Language::English,
    };
    let bar = Bar::for_stderr();
    let mut report = |p| bar.update(p);
    let options = ExportOptions::language(language)
        .follow_symlinks(args.follow_symlinks)
        .external_ids(args.external_ids)
        .with_progress(&mut report);
    let written = dir.export_to_path(&export, &args.output, options);
    bar.finish();
    let written = written?;
    let path = args.output.display().to_string();
    if global.json {
        output::json(&Written { kind: args.kind, path, rows: written.rows, cells_cut: written.cells_cut })?;
    } else {
        let mut text = format!("Wrote {} rows to {path}.\n", written.rows);
        if written.cells_cut > 0 {
            text.push_str(&format!(
                "{} cells longer than Excel allows were cut to fit (they end in \"… [cut]\").\n",
                written.cells_cut
            ));
        }
        output::text(&text)?;
    }
    Ok(Outcome::Clean)
}
