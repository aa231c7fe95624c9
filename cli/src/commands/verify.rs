//! `vastuu verify`: the store's integrity check.

use crate::args::Global;
use crate::error::{CliError, Result};
use crate::output;
use crate::store::{self, Place};
use crate::Outcome;
use serde::Serialize;
use std::fmt::Write as _;
use vastuu::{Directory, Error, RepairKind, StoreError};

/// Change sets read back at a time.
const BATCH: u64 = 4096;

#[derive(Serialize)]
struct Verified {
    store: String,
    ok: bool,
    /// Change sets read back and checked.
    change_sets: u64,
    /// What opening the store mended.
    repairs: Vec<Repair>,
    /// What is wrong, in words.
    problems: Vec<String>,
}

#[derive(Serialize)]
struct Repair {
    /// `torn_record`, `damaged_last_record` or `snapshot_fallback`.
    kind: &'static str,
    path: String,
    offset: u64,
    bytes: u64,
    saved_to: Option<String>,
    detail: String,
}

/// Whether an error opening the store means it is damaged (rather than out of reach).
fn is_damage(e: &Error) -> bool {
    match e {
        Error::Store(s) => matches!(s, StoreError::Corrupt { .. } | StoreError::CorruptFile { .. }),
        _ => true,
    }
}

fn repairs(dir: &Directory) -> Vec<Repair> {
    let repairs = dir.open_report().repairs;
    repairs
        .into_iter()
        .map(|r| Repair {
            kind: match r.kind {
                RepairKind::TornRecord => "torn_record",
                RepairKind::DamagedLastRecord => "damaged_last_record",
                RepairKind::SnapshotFallback => "snapshot_fallback",
            },
            path: r.path.display().to_string(),
            offset: r.offset,
            bytes: r.bytes,
            saved_to: r.saved_to.map(|p| p.display().to_string()),
            detail: r.detail,
        })
        .collect()
}

/// Checks every rule and reads every change set back; the problems found.
fn check(dir: &Directory, v: &mut Verified) {
    if let Err(e) = dir.check_integrity() {
        v.problems.push(format!("a rule of the data model is broken: {e}"));
    }
    let last = dir.last_seq();
    let mut first = 1;
    while first <= last {
        let end = last.min(first + BATCH - 1);
        match dir.change_set_range(first, end) {
            Ok(sets) => v.change_sets += sets.len() as u64,
            Err(e) => {
                v.problems.push(format!("change sets {first} to {end} cannot be read back: {e}"));
                return;
            }
        }
        first = end + 1;
    }
}

fn text(v: &Verified) -> String {
    let mut out = String::new();
    for r in &v.repairs {
        let _ = writeln!(out, "Mended on opening: {}", r.detail);
    }
    for p in &v.problems {
        let _ = writeln!(out, "Problem: {p}");
    }
    if v.ok {
        let _ = writeln!(out, "{}: OK, {} change sets read back, every rule holds.", v.store, v.change_sets);
    } else {
        let _ = writeln!(out, "{}: {} problems, {} repairs.", v.store, v.problems.len(), v.repairs.len());
    }
    out
}

/// Opens the store, checks it and reports; [`Outcome::Found`] when anything is wrong.
pub(super) fn run(place: &Place, global: &Global) -> Result<Outcome> {
    let mut v =
        Verified { store: place.describe(), ok: true, change_sets: 0, repairs: Vec::new(), problems: Vec::new() };
    match store::open(place, global) {
        Ok(dir) => {
            v.repairs = repairs(&dir);
            check(&dir, &mut v);
        }
        Err(CliError::Core(e)) if is_damage(&e) => v.problems.push(format!("the store does not open: {e}")),
        Err(e) => return Err(e),
    }
    v.ok = v.problems.is_empty() && v.repairs.is_empty();
    if global.json {
        output::json(&v)?;
    } else {
        output::text(&text(&v))?;
    }
    Ok(if v.ok { Outcome::Clean } else { Outcome::Found })
}
