//! One of several writer processes on one store, started by `tests/processes.rs`; what it does
//! and says is in `vastuu_tests::writers`.
//!
//! ```text
//! writer-child <sqlite|postgres> <path|dsn> <schema|-> <name> <seed> <acks>
//!     opens the store as the actor <name>, prints "ready", waits for "go", makes mutations
//!     until <acks> were acknowledged (printing "ack <seq> <conflicts>" for each), prints
//!     "finished …", waits for "sync", catches up and prints "conflicts <n>" and
//!     "final <seq> <fingerprint>"
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use vastuu_tests::writers::{run_writer, Location};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or_else(|| panic!("missing argument {i}"));
    let place = Location::from_args(arg(0), arg(1), arg(2));
    let seed: u64 = arg(4).parse().unwrap();
    let acks: u64 = arg(5).parse().unwrap();
    run_writer(&place, arg(3), seed, acks, &mut std::io::stdin().lock(), &mut std::io::stdout().lock());
}
