//! `vastuu init`: creates an empty store.

use crate::args::Global;
use crate::error::Result;
use crate::output;
use crate::store::{self, Place};
use crate::Outcome;
use serde::Serialize;

#[derive(Serialize)]
struct Created {
    store: String,
    created: bool,
}

/// Creates the store (refusing an existing one) and says so.
pub(super) fn run(place: &Place, global: &Global) -> Result<Outcome> {
    drop(store::init(place, global)?);
    if global.json {
        output::json(&Created { store: place.describe(), created: true })?;
    } else {
        output::text(&format!("Created an empty store at {}.\n", place.describe()))?;
    }
    Ok(Outcome::Clean)
}
