//! Customer-number allocation and the default series.
//!
//! A series runs from its start to its explicit end or, without one, to just below the next
//! higher series start, so series never run into each other. Each has a counter that only moves
//! forward: numbers freed later are not reused, numbers already taken are skipped.

use super::Plan;
use crate::error::{Error, Result};
use crate::model::numbering::check_range;
use crate::model::{Change, CustomerGroupId, DefaultSeries, SeriesId};
use crate::state::State;

/// The next free number of the series a customer of `group` is numbered from, and the change
/// that moves the series counter past it.
pub(crate) fn allocate(s: &State, group: Option<CustomerGroupId>) -> Result<(u64, Change)> {
    let all = s.all_series();
    let series = s.series_of(group);
    let (start, end, next) =
        State::series_bounds(&all, series).ok_or(Error::NumberRangeExhausted { series, start: 0, end: 0 })?;
    let n = s.first_free(next, end);
    if n > end {
        return Err(Error::NumberRangeExhausted { series, start, end });
    }
    let change = match series {
        SeriesId::Default => Change::SetDefaultSeries(DefaultSeries { next_number: n + 1, ..s.default_series() }),
        SeriesId::Group(g) => {
            let mut g = s.customer_group(g)?.clone();
            g.next_number = n + 1;
            Change::PutCustomerGroup(g)
        }
    };
    Ok((n, change))
}

/// Sets the default series' start and end; its counter only moves forward.
pub(crate) fn set_default_series(s: &State, start: u64, end: Option<u64>) -> Plan<()> {
    check_range(Some(start), end)?;
    let current = s.default_series();
    let next = DefaultSeries { start, end, next_number: current.next_number.max(start) };
    if next == current {
        return Ok((Vec::new(), ()));
    }
    Ok((vec![Change::SetDefaultSeries(next)], ()))
}
