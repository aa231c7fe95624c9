//! Counts the heap allocations of a toggle for the comparison (`vastuu-benches compare`), which
//! starts it: the only program of the crate with a counting global allocator (see
//! `compare::allocs`).
//!
//! ```text
//! vastuu-benches-allocs CONFIG    # CONFIG as the export child takes it
//! ```

use stats_alloc::{StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::process::ExitCode;
use vastuu_benches::compare::{allocs, xlsx, HarnessError};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn run() -> Result<(), HarnessError> {
    let arg =
        std::env::args().nth(1).ok_or_else(|| HarnessError::Failed("usage: vastuu-benches-allocs CONFIG".into()))?;
    let count = allocs::count_toggles(&xlsx::parse_config_arg(&arg)?, GLOBAL)?;
    println!("RESULT {}", serde_json::to_string(&count)?);
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
