//! The command line: global options, the subcommands and the arguments several share.

use crate::commands::{check, export, handover, history, import};
use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;

/// Customer responsibility data from the command line: exports, coverage checks, the numbering
/// report, history, handovers and store maintenance.
#[derive(Debug, Parser)]
#[command(name = "vastuu", version, after_help = MAIN_EXAMPLES)]
pub(crate) struct Cli {
    /// Options every subcommand takes.
    #[command(flatten)]
    pub(crate) global: Global,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

const MAIN_EXAMPLES: &str = "\
STORES:
  customers.vastuu                         the file store in that folder
  sqlite:customers.db                      the SQLite store in that file
  postgresql://crm@db.example/crm          the PostgreSQL store (schema `vastuu`, or --schema)
  'postgres:host=db.example dbname=crm'     the same with libpq's key=value pairs

EXIT STATUS:
  0 done (check, verify: nothing found), 1 check or verify found something, 2 an error

EXAMPLES:
  vastuu init customers.vastuu
  vastuu export persons customers.vastuu -o vastuuhenkilot.xlsx
  VASTUU_STORE=sqlite:customers.db vastuu check --json
  vastuu history customers.vastuu --customer 1042";

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// The store, when not given as the subcommand's STORE argument: a folder (the file
    /// store), sqlite:PATH, a postgres:// or postgresql:// URL, or postgres:KEY=VALUE ….
    #[arg(long = "store", global = true, env = "VASTUU_STORE", value_name = "STORE")]
    pub(crate) store: Option<String>,
    /// PostgreSQL: the schema the store is in (default `vastuu`).
    #[arg(long, global = true, value_name = "NAME")]
    pub(crate) schema: Option<String>,
    /// SQLite: open the store for sharing with other processes on this host (as
    /// `SqliteStore::open_shared`), instead of locking it while the command runs.
    #[arg(long, global = true)]
    pub(crate) shared: bool,
    /// Print JSON (one document on standard output) instead of text.
    #[arg(long, global = true)]
    pub(crate) json: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create an empty store (refuses to touch an existing one).
    #[command(after_help = "EXAMPLES:\n  vastuu init customers.vastuu\n  vastuu init sqlite:customers.db\n  \
                            vastuu init postgresql://crm@db.example/crm --schema crm")]
    Init(StoreArg),
    /// Write an Excel workbook (.xlsx): customers, a group's customers, the responsible-persons
    /// list or the matrix.
    #[command(after_help = export::EXAMPLES)]
    Export(export::ExportArgs),
    /// Coverage checks: exit status 1 when something is found, 0 when all is well (for cron).
    #[command(after_help = check::EXAMPLES)]
    Check(check::CheckArgs),
    /// The numbering report: every customer-number series, its use, and conflicts.
    #[command(
        after_help = "EXAMPLES:\n  vastuu numbering customers.vastuu\n  vastuu numbering sqlite:customers.db --json"
    )]
    Numbering(StoreArg),
    /// What happened to a customer or an employee: every change set that touched them.
    #[command(after_help = history::EXAMPLES)]
    History(history::HistoryArgs),
    /// Move a departing employee's responsibilities and salesperson places to someone else:
    /// a preview, or with --apply the change itself.
    #[command(after_help = handover::EXAMPLES)]
    Handover(handover::HandoverArgs),
    /// Read customers, employees, groups, special groups or responsibilities from an .xlsx or
    /// .csv file (every export reads back): all or nothing; every bad row is reported.
    #[command(after_help = import::EXAMPLES)]
    Import(import::ImportArgs),
    /// Write a snapshot, so that opening the store no longer replays its whole journal (the
    /// history is kept).
    #[command(
        after_help = "EXAMPLES:\n  vastuu compact customers.vastuu\n  vastuu compact sqlite:customers.db --json"
    )]
    Compact(StoreArg),
    /// Check the store: open it (which checks every rule), read every change set back, and
    /// report what opening had to mend. Exit status 1 when something is wrong.
    #[command(
        after_help = "EXAMPLES:\n  vastuu verify customers.vastuu\n  vastuu verify sqlite:customers.db --json || alert"
    )]
    Verify(StoreArg),
}

/// The store, as the subcommand's argument.
#[derive(Debug, Args)]
pub(crate) struct StoreArg {
    /// The store: a folder (the file store), sqlite:PATH, a postgres:// or postgresql:// URL,
    /// or postgres:KEY=VALUE …. Default: --store or VASTUU_STORE.
    #[arg(value_name = "STORE")]
    pub(crate) store: Option<String>,
}

/// A calendar date, `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>().map_err(|e| format!("not a date (YYYY-MM-DD): {e}"))
}
