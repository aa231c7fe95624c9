//! The customer-number series as the state defines them: the default series and one per customer
//! group with a numbering start. A series without an explicit end ends just below the next higher
//! series start.

use super::State;
use crate::model::numbering::Series;
use crate::model::{CustomerGroupId, SeriesId, MAX_CUSTOMER_NUMBER};

impl State {
    /// Every series, by start (ties by id).
    pub(crate) fn all_series(&self) -> Vec<Series> {
        let ds = self.entities.default_series;
        let mut out =
            vec![Series { id: SeriesId::Default, start: ds.start, explicit_end: ds.end, counter: ds.next_number }];
        for g in self.entities.groups.values() {
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

    /// The last number of a series: its explicit end, or just below the next higher start.
    pub(crate) fn series_end(all: &[Series], series: &Series) -> u64 {
        series.explicit_end.unwrap_or_else(|| {
            all.iter()
                .map(|s| s.start)
                .filter(|&other| other > series.start)
                .min()
                .map_or(MAX_CUSTOMER_NUMBER, |next| next - 1)
        })
    }

    /// The series a customer of `group` is numbered from.
    pub(crate) fn series_of(&self, group: Option<CustomerGroupId>) -> SeriesId {
        match group.and_then(|g| self.entities.groups.get(&g)) {
            Some(g) if g.numbering_start.is_some() => SeriesId::Group(g.id),
            _ => SeriesId::Default,
        }
    }

    /// Start, end and the first number to try (the counter, at least the start) of a series.
    pub(crate) fn series_bounds(all: &[Series], id: SeriesId) -> Option<(u64, u64, u64)> {
        let s = all.iter().find(|s| s.id == id)?;
        Some((s.start, Self::series_end(all, s), s.counter.max(s.start)))
    }

    /// How many numbers in `lo..=hi` are held.
    pub(crate) fn held_in(&self, lo: u64, hi: u64) -> u64 {
        self.numbers_in(lo, hi).count() as u64
    }

    /// The first number from `from` on that nobody holds (past `end` when there is none).
    pub(crate) fn first_free(&self, from: u64, end: u64) -> u64 {
        let mut n = from;
        for (taken, _) in self.numbers_in(from, end) {
            if taken == n {
                n += 1;
            } else {
                break;
            }
        }
        n
    }
}
