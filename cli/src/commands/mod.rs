//! One module per subcommand: each parses nothing itself (clap did), calls the `Directory`
//! API and formats the answer.

pub(crate) mod check;
mod compact;
pub(crate) mod export;
pub(crate) mod handover;
pub(crate) mod history;
pub(crate) mod import;
mod init;
mod numbering;
mod verify;

use crate::args::{Cli, Command, Global, StoreArg};
use crate::error::Result;
use crate::store::{self, Place};
use crate::Outcome;
use vastuu::Directory;

/// Runs the command line's subcommand.
pub(crate) fn run(cli: &Cli) -> Result<Outcome> {
    let global = &cli.global;
    match &cli.command {
        Command::Init(arg) => init::run(&place(arg, global)?, global),
        Command::Export(args) => export::run(args, global),
        Command::Check(args) => check::run(args, global),
        Command::Numbering(arg) => numbering::run(&open(arg, global)?, global),
        Command::History(args) => history::run(args, global),
        Command::Handover(args) => handover::run(args, global),
        Command::Import(args) => import::run(args, global),
        Command::Compact(arg) => compact::run(&place(arg, global)?, global),
        Command::Verify(arg) => verify::run(&place(arg, global)?, global),
    }
}

/// The store the subcommand names.
fn place(arg: &StoreArg, global: &Global) -> Result<Place> {
    store::place(arg.store.as_deref(), global)
}

/// The existing store the subcommand names, opened.
fn open(arg: &StoreArg, global: &Global) -> Result<Directory> {
    store::open(&place(arg, global)?, global)
}
