//! Resident memory over many toggles on the file store, measured in a process of its own (the
//! counting program `vastuu-benches-allocs memory`), so that nothing else the comparison holds is
//! counted: a directory of the main dataset on a new file store, the toggle pick of the toggle
//! rows run twice, then resident memory (`VmRSS` in `/proc/self/status`) before and after a
//! million toggles (a hundred thousand in the quick run), and the heap bytes allocated and not
//! freed during them. Resident memory alone can hide growth: the allocator reuses what building
//! the directory freed before it asks the system for more, so the heap count says what was kept.
//!
//! The store's folder is on tmpfs (`/dev/shm`) where there is one, since the file store fsyncs
//! every change set and a disk's fsync (about a millisecond here) would make a million toggles
//! take a quarter of an hour; a file written there is not in the process's resident memory
//! (only mapped pages are), so the figure is the directory's and the store's own memory.

use crate::compare::{allocs, sql, HarnessError};
use serde::{Deserialize, Serialize};
use stats_alloc::{Region, StatsAlloc};
use std::alloc::System;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use vastuu::generate::{generate, GeneratorConfig};
use vastuu::{Directory, FileStore};

/// What the child measured.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MemoryGrowth {
    /// Toggles made between the two readings.
    pub toggles: u64,
    /// Resident memory before them, in bytes.
    pub resident_before: u64,
    /// Resident memory after them, in bytes.
    pub resident_after: u64,
    /// Heap bytes allocated and not freed during them.
    pub heap_kept: i64,
    /// Heap allocations during them.
    pub allocations: usize,
    /// Wall-clock seconds they took.
    pub seconds: f64,
    /// The folder the store was in.
    pub folder: String,
}

impl MemoryGrowth {
    /// How much resident memory grew, in bytes (0 if it shrank).
    pub fn growth(&self) -> u64 {
        self.resident_after.saturating_sub(self.resident_before)
    }
}

/// Where the child puts its store: on tmpfs when there is one.
pub fn store_folder() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
    base.join(format!("vastuu-bench-memory-{}", std::process::id()))
}

/// Resident memory of this process, in bytes (Linux only).
fn resident() -> Result<u64, HarnessError> {
    crate::compare::xlsx::status_kib("VmRSS:")
        .map(|k| k * 1024)
        .ok_or_else(|| HarnessError::Failed("no VmRSS in /proc/self/status".into()))
}

/// In the child: makes `toggles` toggles (rounded up to whole passes of the pick) on a file
/// store in `folder`, which is removed afterwards, and reads resident memory around them.
///
/// # Errors
/// When the store cannot be made, a toggle fails, or resident memory cannot be read.
pub fn run_child(
    config: &GeneratorConfig,
    toggles: u64,
    folder: &Path,
    alloc: &'static StatsAlloc<System>,
) -> Result<MemoryGrowth, HarnessError> {
    let _ = std::fs::remove_dir_all(folder);
    let measured = measure(config, toggles, folder, alloc);
    let _ = std::fs::remove_dir_all(folder);
    measured
}

fn measure(
    config: &GeneratorConfig,
    toggles: u64,
    folder: &Path,
    alloc: &'static StatsAlloc<System>,
) -> Result<MemoryGrowth, HarnessError> {
    let mut dir = Directory::from_data_in(generate(config), FileStore::open(folder)?)?;
    let pick = sql::Toggles::pick(&dir, 512, 99)?;
    for _ in 0..2 {
        pick.run_ours(&mut dir)?;
    }
    let resident_before = resident()?;
    let region = Region::new(alloc);
    let start = Instant::now();
    let mut done = 0u64;
    while done < toggles {
        pick.run_ours(&mut dir)?;
        done += pick.ours.len() as u64;
    }
    let seconds = start.elapsed().as_secs_f64();
    let heap = region.change();
    let resident_after = resident()?;
    // The history is still there to read: the last change set, from the journal.
    let last = dir.change_set_range(dir.last_seq(), dir.last_seq())?;
    if last.len() != 1 {
        return Err(HarnessError::Disagree(format!("the last change set reads back as {} change sets", last.len())));
    }
    Ok(MemoryGrowth {
        toggles: done,
        resident_before,
        resident_after,
        heap_kept: heap.bytes_allocated as i64 - heap.bytes_deallocated as i64,
        allocations: heap.allocations + heap.reallocations,
        seconds,
        folder: folder.display().to_string(),
    })
}

/// In the comparison program: runs the counting program's `memory` mode on `config` (building
/// it first if needed, as the allocation count does).
///
/// # Errors
/// When the program cannot be built or run, or prints no result.
pub fn run_in_child(exe: &Path, config: &GeneratorConfig, toggles: u64) -> Result<MemoryGrowth, HarnessError> {
    let program = allocs::build(exe)?;
    let out = Command::new(&program)
        .arg("memory")
        .arg(crate::compare::xlsx::config_arg(config))
        .arg(toggles.to_string())
        .output()?;
    crate::compare::child_result(&program.display().to_string(), &out)
}
