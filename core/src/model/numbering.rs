//! Customer-number series as plain values: the default series, series ids, and the checks on a
//! single number or range that need no other data.

use crate::error::{Error, RangeProblem, Result};
use crate::model::ids::CustomerGroupId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest customer number: 15 digits, so every number is exact as an Excel number
/// (a double holds integers exactly up to 2^53).
pub const MAX_CUSTOMER_NUMBER: u64 = 999_999_999_999_999;

/// Which series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SeriesId {
    /// The series of customers outside any numbered group.
    Default,
    /// The series of a customer group with a numbering start.
    Group(CustomerGroupId),
}

impl fmt::Display for SeriesId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeriesId::Default => f.write_str("default series"),
            SeriesId::Group(id) => write!(f, "series of {id}"),
        }
    }
}

/// Configuration and counter of the default series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultSeries {
    /// First number (1 unless configured).
    pub start: u64,
    /// Explicit last number, if any.
    pub end: Option<u64>,
    /// Counter: no number below it is handed out again.
    pub next_number: u64,
}

impl Default for DefaultSeries {
    fn default() -> Self {
        DefaultSeries { start: 1, end: None, next_number: 1 }
    }
}

/// Checks that a customer number is within `1..=MAX_CUSTOMER_NUMBER`.
pub(crate) fn check_number(number: u64) -> Result<u64> {
    if (1..=MAX_CUSTOMER_NUMBER).contains(&number) {
        Ok(number)
    } else {
        Err(Error::InvalidCustomerNumber { number, max: MAX_CUSTOMER_NUMBER })
    }
}

/// Checks that a numbering start and end make a series.
pub(crate) fn check_range(start: Option<u64>, end: Option<u64>) -> Result<()> {
    let problem = match (start, end) {
        (None, Some(_)) => Some(RangeProblem::EndWithoutStart),
        (Some(0), _) => Some(RangeProblem::StartBelowOne),
        (Some(s), _) if s > MAX_CUSTOMER_NUMBER => Some(RangeProblem::AboveMaximum),
        (_, Some(e)) if e > MAX_CUSTOMER_NUMBER => Some(RangeProblem::AboveMaximum),
        (Some(s), Some(e)) if e < s => Some(RangeProblem::EndBelowStart),
        _ => None,
    };
    match problem {
        Some(problem) => Err(Error::InvalidNumberingRange { start, end, problem }),
        None => Ok(()),
    }
}

/// One series as the state has it: where it starts, its explicit end if any, and its counter.
/// Its real end depends on the other series (see `State::series_end`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Series {
    pub(crate) id: SeriesId,
    pub(crate) start: u64,
    pub(crate) explicit_end: Option<u64>,
    pub(crate) counter: u64,
}
