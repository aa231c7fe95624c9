//! `vastuu compact`: writes a snapshot of the current state.

use crate::args::Global;
use crate::error::Result;
use crate::output;
use crate::store::{self, Place};
use crate::Outcome;
use serde::Serialize;

#[derive(Serialize)]
struct Compacted {
    store: String,
    snapshot_seq: u64,
}

/// Writes the snapshot and says which change set it covers.
pub(super) fn run(place: &Place, global: &Global) -> Result<Outcome> {
    let mut dir = store::open(place, global)?;
    dir.compact()?;
    let seq = dir.last_seq();
    if global.json {
        output::json(&Compacted { store: place.describe(), snapshot_seq: seq })?;
    } else {
        output::text(&format!(
            "Wrote a snapshot of {} after change set {seq}; the history is kept.\n",
            place.describe()
        ))?;
    }
    Ok(Outcome::Clean)
}
