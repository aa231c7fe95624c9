//! Heap allocations per toggle, counted in a program of their own (`vastuu-benches-allocs`, the
//! only one with a counting global allocator), so that the counting taxes none of the timed code
//! of the comparison: the SQLite peer allocates through its own C allocator, which a counting
//! Rust allocator would never see, while every allocation on our side would pay for the count.

use crate::compare::{sql, HarnessError};
use serde::{Deserialize, Serialize};
use stats_alloc::{Region, StatsAlloc};
use std::alloc::System;
use std::path::{Path, PathBuf};
use std::process::Command;
use vastuu::generate::GeneratorConfig;

/// The name of the counting program, beside the comparison program.
pub const PROGRAM: &str = "vastuu-benches-allocs";

/// What the counting program measured.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AllocCount {
    /// Toggles counted.
    pub toggles: usize,
    /// Allocations during them.
    pub allocations: usize,
    /// Bytes allocated during them.
    pub bytes_allocated: usize,
    /// Bytes freed during them.
    pub bytes_deallocated: usize,
}

/// In the counting program: the toggles the comparison times (the same pick on a directory of
/// the same configuration), run twice untimed, then counted over two more passes.
///
/// # Errors
/// When the directory cannot be built or a toggle fails.
pub fn count_toggles(config: &GeneratorConfig, alloc: &'static StatsAlloc<System>) -> Result<AllocCount, HarnessError> {
    let mut dir = crate::try_directory(config)?;
    let toggles = sql::Toggles::pick(&dir, 512, 99)?;
    for _ in 0..2 {
        toggles.run_ours(&mut dir)?;
    }
    let region = Region::new(alloc);
    for _ in 0..2 {
        toggles.run_ours(&mut dir)?;
    }
    let stats = region.change();
    Ok(AllocCount {
        toggles: toggles.ours.len() * 2,
        allocations: stats.allocations + stats.reallocations,
        bytes_allocated: stats.bytes_allocated,
        bytes_deallocated: stats.bytes_deallocated,
    })
}

/// In the comparison program: builds the counting program if needed (with the cargo that runs
/// this one, into the same target folder) and runs it on `config`.
///
/// # Errors
/// When the program cannot be built or run, or prints no result.
pub fn count_in_child(exe: &Path, config: &GeneratorConfig) -> Result<AllocCount, HarnessError> {
    let program = build(exe)?;
    let out = Command::new(&program).arg(crate::compare::xlsx::config_arg(config)).output()?;
    crate::compare::child_result(&program.display().to_string(), &out)
}

/// Builds the counting program if needed (with the cargo that runs this one, into the same
/// target folder); returns its path, beside `exe`.
///
/// # Errors
/// When it cannot be built.
pub fn build(exe: &Path) -> Result<PathBuf, HarnessError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let profile = if cfg!(debug_assertions) { Vec::new() } else { vec!["--release"] };
    let built = Command::new(cargo)
        .args(["build", "--quiet", "-p", "vastuu-benches", "--bin", PROGRAM])
        .args(profile)
        .status()?;
    if !built.success() {
        return Err(HarnessError::Failed(format!("could not build {PROGRAM}")));
    }
    Ok(exe.with_file_name(PROGRAM))
}
