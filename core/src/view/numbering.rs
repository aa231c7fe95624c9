//! The numbering report: every customer-number series with its use, and the conflicts between
//! series.

use crate::model::{CustomerId, SeriesId};
use crate::state::State;
use serde::{Deserialize, Serialize};

/// One line of the [`NumberingReport`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesReport {
    /// The series.
    pub series: SeriesId,
    /// The group's name (`None` for the default series).
    pub group_name: Option<String>,
    /// First number.
    pub start: u64,
    /// Last number (explicit or implied by the next series).
    pub end: u64,
    /// Whether `end` was set explicitly.
    pub explicit_end: bool,
    /// The number the next allocation would try first (`end + 1` when used up).
    pub next_number: u64,
    /// How many numbers within `start..=end` are held by customers (of any group).
    pub used: u64,
    /// How many numbers from `next_number` to `end` are still free.
    pub capacity_left: u64,
}

/// A problem found by the [`NumberingReport`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberingConflict {
    /// Two series' ranges overlap.
    OverlappingRanges {
        /// The series with the lower start.
        first: SeriesId,
        /// The other series.
        second: SeriesId,
        /// First shared number.
        from: u64,
        /// Last shared number.
        to: u64,
    },
    /// A customer holds a number inside the range of a series that is not its own.
    NumberInOtherSeries {
        /// The customer.
        customer: CustomerId,
        /// Its number.
        number: u64,
        /// The series whose range holds the number.
        series: SeriesId,
        /// The customer's own series.
        own_series: SeriesId,
    },
}

/// Every series with its usage, and the conflicts between them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberingReport {
    /// Series ordered by start.
    pub series: Vec<SeriesReport>,
    /// Conflicts found.
    pub conflicts: Vec<NumberingConflict>,
}

/// The numbering report: every series with its use, and the conflicts between them.
pub(crate) fn report(s: &State) -> NumberingReport {
    let all = s.all_series();
    let mut report = NumberingReport::default();
    let mut ranges = Vec::with_capacity(all.len());
    for series in &all {
        let end = State::series_end(&all, series);
        let next = series.counter.max(series.start);
        let used = s.held_in(series.start, end);
        let capacity_left = if next > end { 0 } else { (end - next + 1) - s.held_in(next, end) };
        report.series.push(SeriesReport {
            series: series.id,
            group_name: match series.id {
                SeriesId::Group(g) => s.customer_group(g).ok().map(|g| g.name.clone()),
                SeriesId::Default => None,
            },
            start: series.start,
            end,
            explicit_end: series.explicit_end.is_some(),
            next_number: next.min(end.saturating_add(1)),
            used,
            capacity_left,
        });
        ranges.push((series.id, series.start, end));
    }
    report.conflicts = conflicts(s, &ranges);
    report
}

/// Overlapping series, and numbers inside another series than their customer's own.
fn conflicts(s: &State, ranges: &[(SeriesId, u64, u64)]) -> Vec<NumberingConflict> {
    let mut out = Vec::new();
    for (i, &(a, a_start, a_end)) in ranges.iter().enumerate() {
        for &(b, b_start, b_end) in &ranges[i + 1..] {
            let from = a_start.max(b_start);
            let to = a_end.min(b_end);
            if from <= to {
                out.push(NumberingConflict::OverlappingRanges { first: a, second: b, from, to });
            }
        }
    }
    for &(series, start, end) in ranges {
        for (number, customer) in s.numbers_in(start, end) {
            let own = s.series_of(s.customer(customer).ok().and_then(|c| c.group));
            let in_own = ranges.iter().any(|&(id, st, en)| id == own && (st..=en).contains(&number));
            if own != series && !in_own {
                out.push(NumberingConflict::NumberInOtherSeries { customer, number, series, own_series: own });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Directory, Error, NewCustomer, NewCustomerGroup, SeriesId};

    #[test]
    fn a_used_up_series_is_an_error_every_time() {
        let mut dir = Directory::new();
        let g = dir.create_customer_group(NewCustomerGroup::new("Pieni").numbering_start(5).numbering_end(5)).unwrap();
        dir.create_customer(NewCustomer::new("A").group(g)).unwrap();
        for name in ["B", "C"] {
            let err = dir.create_customer(NewCustomer::new(name).group(g)).unwrap_err();
            assert_eq!(err, Error::NumberRangeExhausted { series: SeriesId::Group(g), start: 5, end: 5 });
        }
        dir.set_default_series(1, Some(1)).unwrap();
        dir.create_customer(NewCustomer::new("D")).unwrap();
        let err = dir.create_customer(NewCustomer::new("E")).unwrap_err();
        assert_eq!(err, Error::NumberRangeExhausted { series: SeriesId::Default, start: 1, end: 1 });
        let report = dir.numbering_report();
        assert!(report.series.iter().all(|s| s.capacity_left == 0 && s.next_number == s.end + 1));
        dir.check_integrity().unwrap();
    }
}
