//! Counts the heap allocations of a toggle for the comparison (`vastuu-benches compare`), which
//! starts it: the only program of the crate with a counting global allocator (see
//! `compare::allocs`); and measures memory over many toggles on the file store (see
//! `compare::memory`).
//!
//! ```text
//! vastuu-benches-allocs CONFIG                   # CONFIG as the export child takes it
//! vastuu-benches-allocs memory CONFIG TOGGLES
//! ```

use stats_alloc::{StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::process::ExitCode;
use vastuu_benches::compare::{allocs, memory, xlsx, HarnessError};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn run() -> Result<(), HarnessError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [config] => {
            let count = allocs::count_toggles(&xlsx::parse_config_arg(config)?, GLOBAL)?;
            println!("RESULT {}", serde_json::to_string(&count)?);
        }
        [mode, config, toggles] if mode == "memory" => {
            let toggles =
                toggles.parse().map_err(|_| HarnessError::Failed(format!("not a number of toggles: {toggles}")))?;
            let folder = memory::store_folder();
            let run = memory::run_child(&xlsx::parse_config_arg(config)?, toggles, &folder, GLOBAL)?;
            println!("RESULT {}", serde_json::to_string(&run)?);
        }
        _ => return Err(HarnessError::Failed("usage: vastuu-benches-allocs [memory] CONFIG [TOGGLES]".into())),
    }
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
