//! The fast operations once each side, for counting instructions under callgrind
//! (`scripts/bench-instructions.sh`): CPU times move with the machine's load and caches, while
//! the instructions an operation executes do not.
//!
//! `vastuu-benches count [--quick]` builds the benchmark directory and its peers as `compare`
//! does, checks that both sides agree, runs each side's batch once more to warm it, and then
//! once inside a function of its own (`counted_*`, never inlined). Under callgrind the inclusive
//! cost of each such function, divided by the operations it made (printed as `OPS name n`), is
//! the instructions per operation. Run natively, it only checks that the sides agree.

use super::sql::{self, SqlPeer, Toggles};
use super::visibility::{self, VisibilityPeer};
use super::{HarnessError, Sizes};
use crate::Workload;
use jiff::civil::Date;
use std::hint::black_box;
use vastuu::{CustomerId, Directory, EmployeeId};

/// Runs every counted batch once (see the module documentation).
///
/// # Errors
/// When a side fails, or the sides disagree.
pub fn run(quick: bool) -> Result<(), HarnessError> {
    let sizes = if quick { Sizes::quick() } else { Sizes::full() };
    let mut dir = crate::try_directory(&sizes.main)?;
    let work = Workload::new(&dir);
    let day = work.day;

    let peer = VisibilityPeer::build(&dir, day)?;
    let mut pairs = work.random_pairs.clone();
    pairs.extend_from_slice(&work.responsible_pairs);
    visibility::check(&dir, &peer, &pairs, &[], day)?;
    for _ in 0..2 {
        let (ours, bits, set) =
            (visibility::count_visible(&dir, &pairs, day), peer.count_in_bitsets(&pairs), peer.count_in_set(&pairs));
        if ours != bits || ours != set {
            return Err(HarnessError::Disagree(format!("can_view allows {ours}, the bitsets {bits}, the set {set}")));
        }
    }
    println!("OPS can_view {}", pairs.len());
    counted_can_view_ours(&dir, &pairs, day);
    counted_can_view_bitset(&peer, &pairs);
    counted_can_view_hashset(&peer, &pairs);

    let sqlite = SqlPeer::load(&dir)?;
    let toggles = Toggles::pick(&dir, 512, 99)?;
    // Twice each way, so both sides are back where they began and every path is warm.
    for _ in 0..2 {
        toggles.run_ours(&mut dir)?;
        for (c, p, e) in &toggles.peer {
            sqlite.toggle(*c, *p, *e)?;
        }
    }
    sql::check_toggles(&dir, &sqlite, &toggles)?;
    println!("OPS toggle {}", toggles.ours.len() * 2);
    counted_toggle_ours(&mut dir, &toggles)?;
    counted_toggle_sqlite(&sqlite, &toggles)?;
    sql::check_toggles(&dir, &sqlite, &toggles)
}

#[inline(never)]
fn counted_can_view_ours(dir: &Directory, pairs: &[(EmployeeId, CustomerId)], day: Date) -> usize {
    black_box(visibility::count_visible(dir, black_box(pairs), day))
}

#[inline(never)]
fn counted_can_view_bitset(peer: &VisibilityPeer, pairs: &[(EmployeeId, CustomerId)]) -> usize {
    black_box(peer.count_in_bitsets(black_box(pairs)))
}

#[inline(never)]
fn counted_can_view_hashset(peer: &VisibilityPeer, pairs: &[(EmployeeId, CustomerId)]) -> usize {
    black_box(peer.count_in_set(black_box(pairs)))
}

#[inline(never)]
fn counted_toggle_ours(dir: &mut Directory, toggles: &Toggles) -> Result<usize, HarnessError> {
    let mut added = 0;
    for _ in 0..2 {
        added += toggles.run_ours(dir)?;
    }
    Ok(black_box(added))
}

#[inline(never)]
fn counted_toggle_sqlite(peer: &SqlPeer, toggles: &Toggles) -> Result<usize, HarnessError> {
    let mut added = 0;
    for _ in 0..2 {
        for (c, p, e) in &toggles.peer {
            added += usize::from(peer.toggle(*c, *p, *e)?);
        }
    }
    Ok(black_box(added))
}
