//! The process the crash test kills, and the one the lock test keeps a store open in.
//!
//! ```text
//! crash-child run <file|sqlite> <path> <seed> <until-seq> <compact-every>
//!     opens the store, runs workload steps until change set <until-seq>, and prints
//!     "ack <seq>" (flushed) after each acknowledged one; compacts every <compact-every>
//! crash-child hold <file|sqlite> <path>
//!     opens the store, prints "open", waits for a line on stdin; "write" makes one change set
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, Write};
use vastuu::{Directory, SqliteStore};
use vastuu_tests::workload::{clock, step};

fn open(backend: &str, path: &str) -> Directory {
    let mut dir = match backend {
        "file" => Directory::open(path),
        "sqlite" => SqliteStore::open(path).map_err(vastuu::Error::from).and_then(Directory::with_store),
        other => panic!("unknown backend {other}"),
    }
    .unwrap_or_else(|e| panic!("opening {path}: {e}"));
    dir.set_clock(clock());
    dir
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or_else(|| panic!("missing argument {i}"));
    let mut out = std::io::stdout().lock();
    match arg(0) {
        "run" => {
            let seed: u64 = arg(3).parse().unwrap();
            let until: u64 = arg(4).parse().unwrap();
            let compact_every: u64 = arg(5).parse().unwrap();
            let mut dir = open(arg(1), arg(2));
            while dir.last_seq() < until {
                step(&mut dir, seed).unwrap();
                writeln!(out, "ack {}", dir.last_seq()).unwrap();
                out.flush().unwrap();
                if dir.last_seq().is_multiple_of(compact_every) {
                    dir.compact().unwrap();
                }
            }
            writeln!(out, "done").unwrap();
        }
        "hold" => {
            let mut dir = open(arg(1), arg(2));
            writeln!(out, "open").unwrap();
            out.flush().unwrap();
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).unwrap();
            if line.trim() == "write" {
                step(&mut dir, 1).unwrap();
            }
        }
        other => panic!("unknown command {other}"),
    }
}
