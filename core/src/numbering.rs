//! Customer-number series: the default series and one per numbered customer group.
//!
//! A series runs from its start to its explicit end or, without one, to just below the next
//! higher series start, so series never run into each other. Each has a counter that only moves
//! forward: numbers freed later are not reused, numbers already taken are skipped.

use crate::error::{Error, Result};
use crate::group::check_range;
use crate::ids::{CustomerGroupId, CustomerId};
use crate::state::State;
use crate::{Change, Directory};
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

struct Series {
    id: SeriesId,
    start: u64,
    explicit_end: Option<u64>,
    counter: u64,
}

impl State {
    fn all_series(&self) -> Vec<Series> {
        let mut out = vec![Series {
            id: SeriesId::Default,
            start: self.default_series.start,
            explicit_end: self.default_series.end,
            counter: self.default_series.next_number,
        }];
        for g in self.groups.values() {
            if let Some(start) = g.numbering_start {
                out.push(Series {
                    id: SeriesId::Group(g.id),
                    start,
                    explicit_end: g.numbering_end,
                    counter: g.next_number,
                });
            }
        }
        out.sort_by_key(|s| (s.start, s.id));
        out
    }

    fn implied_end(&self, all: &[Series], start: u64) -> u64 {
        all.iter().map(|s| s.start).filter(|&other| other > start).min().map_or(MAX_CUSTOMER_NUMBER, |next| next - 1)
    }

    /// The series a customer in `group` is numbered from.
    pub(crate) fn series_of(&self, group: Option<CustomerGroupId>) -> SeriesId {
        match group.and_then(|g| self.groups.get(&g)) {
            Some(g) if g.numbering_start.is_some() => SeriesId::Group(g.id),
            _ => SeriesId::Default,
        }
    }

    /// `(start, end)` of a series.
    fn bounds(&self, all: &[Series], id: SeriesId) -> Option<(u64, u64, u64)> {
        let s = all.iter().find(|s| s.id == id)?;
        let end = s.explicit_end.unwrap_or_else(|| self.implied_end(all, s.start));
        Some((s.start, end, s.counter.max(s.start)))
    }

    /// How many numbers in `lo..=hi` are held (0 for an empty range; `BTreeMap::range` would
    /// panic on `lo > hi`).
    fn held_in(&self, lo: u64, hi: u64) -> u64 {
        if lo > hi {
            0
        } else {
            self.numbers.range(lo..=hi).count() as u64
        }
    }

    fn first_free(&self, from: u64, end: u64) -> u64 {
        if from > end {
            // The counter is past the end: the series is used up (and `range` needs `from <= end`).
            return from;
        }
        let mut n = from;
        for (&taken, _) in self.numbers.range(from..=end) {
            if taken == n {
                n += 1;
            } else {
                break;
            }
        }
        n
    }
}

/// Allocates the next number of the series customers of `group` are numbered from. Returns the
/// number and the change that moves the series counter past it.
pub(crate) fn allocate(s: &State, group: Option<CustomerGroupId>) -> Result<(u64, Change)> {
    let all = s.all_series();
    let series = s.series_of(group);
    let (start, end, next) = s.bounds(&all, series).ok_or(Error::NumberRangeExhausted { series, start: 0, end: 0 })?;
    let n = s.first_free(next, end);
    if n > end {
        return Err(Error::NumberRangeExhausted { series, start, end });
    }
    let change = match series {
        SeriesId::Default => Change::SetDefaultSeries(DefaultSeries { next_number: n + 1, ..s.default_series }),
        SeriesId::Group(g) => {
            let mut g = s.customer_group(g)?.clone();
            g.next_number = n + 1;
            Change::PutCustomerGroup(g)
        }
    };
    Ok((n, change))
}

pub(crate) fn report(s: &State) -> NumberingReport {
    let all = s.all_series();
    let mut report = NumberingReport::default();
    let mut ranges = Vec::with_capacity(all.len());
    for series in &all {
        let end = series.explicit_end.unwrap_or_else(|| s.implied_end(&all, series.start));
        let next = series.counter.max(series.start);
        let used = s.held_in(series.start, end);
        let capacity_left = if next > end { 0 } else { (end - next + 1) - s.held_in(next, end) };
        report.series.push(SeriesReport {
            series: series.id,
            group_name: match series.id {
                SeriesId::Group(g) => s.groups.get(&g).map(|g| g.name.clone()),
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
    for (i, &(a, a_start, a_end)) in ranges.iter().enumerate() {
        for &(b, b_start, b_end) in &ranges[i + 1..] {
            let from = a_start.max(b_start);
            let to = a_end.min(b_end);
            if from <= to {
                report.conflicts.push(NumberingConflict::OverlappingRanges { first: a, second: b, from, to });
            }
        }
    }
    for &(series, start, end) in ranges.iter().filter(|(_, start, end)| start <= end) {
        for (&number, &customer) in s.numbers.range(start..=end) {
            let own = s.series_of(s.customers.get(&customer).and_then(|c| c.group));
            let in_own = ranges.iter().any(|&(id, st, en)| id == own && (st..=en).contains(&number));
            if own != series && !in_own {
                report.conflicts.push(NumberingConflict::NumberInOtherSeries {
                    customer,
                    number,
                    series,
                    own_series: own,
                });
            }
        }
    }
    report
}

impl Directory {
    /// Every series (start, end, next number, numbers used, capacity left) and the conflicts:
    /// overlapping ranges and hand-set numbers inside another series' range.
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomerGroup, SeriesId};
    /// let mut dir = Directory::new();
    /// dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000))?;
    /// let report = dir.numbering_report();
    /// assert_eq!(report.series[0].series, SeriesId::Default);
    /// assert_eq!((report.series[0].start, report.series[0].end), (1, 999));
    /// assert_eq!(report.series[1].start, 1000);
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    pub fn numbering_report(&self) -> NumberingReport {
        report(&self.state)
    }

    /// The settings of the default series.
    pub fn default_series(&self) -> DefaultSeries {
        self.state.default_series
    }

    /// Configures the default series. Existing numbers never change; the counter only moves
    /// forward (to the new start when that is higher).
    ///
    /// # Errors
    /// [`Error::InvalidNumberingRange`].
    pub fn set_default_series(&mut self, start: u64, end: Option<u64>) -> Result<()> {
        self.mutate(|s| {
            check_range(Some(start), end)?;
            let current = s.default_series;
            let next = DefaultSeries { start, end, next_number: current.next_number.max(start) };
            if next == current {
                return Ok((Vec::new(), ()));
            }
            Ok((vec![Change::SetDefaultSeries(next)], ()))
        })
    }
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
