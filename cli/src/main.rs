//! # vastuu, the command
//!
//! The `vastuu` program runs the everyday jobs on a vastuu directory without a program of your
//! own: Excel exports for the shared drive, coverage checks for cron (exit status 1 when
//! something is found), the numbering report, a customer's or employee's history, handovers
//! (previewed, then applied), compaction and an integrity check.
//!
//! ```sh
//! cargo install --path cli
//! vastuu init customers.vastuu
//! vastuu export persons customers.vastuu --lang sv -o vastuuhenkilot.xlsx
//! vastuu check customers.vastuu || echo "someone has fallen through the cracks"
//! vastuu history customers.vastuu --customer 1042
//! ```
//!
//! The store is a path (the file store), `sqlite:PATH` or a `postgres://` / `postgresql://`
//! URL, given as the command's `STORE` argument, with `--store` or in `VASTUU_STORE`.
//! Every command prints plain text, or JSON with `--json`. Exit status: 0 done (and, for
//! `check` and `verify`, nothing found), 1 something found, 2 an error.
//!
//! The program is thin: it parses the arguments, calls the [`vastuu::Directory`] API and
//! formats what comes back. Each subcommand is a module of `commands`.

mod args;
mod commands;
mod error;
mod output;
mod progress;
mod resolve;
mod store;

use clap::Parser;
use std::process::ExitCode;

/// How a command ended when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Done; nothing to report (exit status 0).
    Clean,
    /// Done, and something was found (exit status 1: `check`, `verify`).
    Found,
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(&cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Found) => ExitCode::from(1),
        Err(err) => {
            if !err.is_broken_pipe() {
                eprintln!("vastuu: error: {err}");
            }
            ExitCode::from(2)
        }
    }
}
