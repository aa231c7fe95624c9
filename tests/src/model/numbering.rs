//! Customer-number series, plainly: allocation and the numbering report.

use super::{Model, Result};
use vastuu::{CustomerGroupId, Error, NumberingConflict, NumberingReport, SeriesId, SeriesReport, MAX_CUSTOMER_NUMBER};

/// One series: its id, start, explicit end and counter.
#[derive(Clone, Copy, Debug)]
struct Series {
    id: SeriesId,
    start: u64,
    explicit_end: Option<u64>,
    counter: u64,
}

impl Model {
    /// Every series, by start (then id).
    fn series(&self) -> Vec<Series> {
        let mut all = vec![Series {
            id: SeriesId::Default,
            start: self.default_series.start,
            explicit_end: self.default_series.end,
            counter: self.default_series.next_number,
        }];
        for g in self.groups.values() {
            if let Some(start) = g.numbering_start {
                all.push(Series {
                    id: SeriesId::Group(g.id),
                    start,
                    explicit_end: g.numbering_end,
                    counter: g.next_number,
                });
            }
        }
        all.sort_by_key(|s| (s.start, s.id));
        all
    }

    /// The last number of a series: its explicit end, or just below the next higher start.
    fn end_of(all: &[Series], s: &Series) -> u64 {
        if let Some(end) = s.explicit_end {
            return end;
        }
        let mut end = MAX_CUSTOMER_NUMBER;
        for other in all {
            if other.start > s.start && other.start - 1 < end {
                end = other.start - 1;
            }
        }
        end
    }

    /// The series customers of `group` are numbered from.
    pub fn series_of(&self, group: Option<CustomerGroupId>) -> SeriesId {
        match group.and_then(|g| self.groups.get(&g)) {
            Some(g) if g.numbering_start.is_some() => SeriesId::Group(g.id),
            _ => SeriesId::Default,
        }
    }

    /// Hands out the next free number of the series of `group` and moves its counter past it.
    pub(super) fn allocate(&mut self, group: Option<CustomerGroupId>) -> Result<u64> {
        let all = self.series();
        let id = self.series_of(group);
        let Some(series) = all.iter().find(|s| s.id == id) else {
            return Err(Error::NumberRangeExhausted { series: id, start: 0, end: 0 });
        };
        let end = Self::end_of(&all, series);
        let mut n = series.counter.max(series.start);
        while n <= end && self.holder_of(n).is_some() {
            n += 1;
        }
        if n > end {
            return Err(Error::NumberRangeExhausted { series: id, start: series.start, end });
        }
        match id {
            SeriesId::Default => self.default_series.next_number = n + 1,
            SeriesId::Group(g) => {
                if let Some(g) = self.groups.get_mut(&g) {
                    g.next_number = n + 1;
                }
            }
        }
        Ok(n)
    }

    fn numbers_in(&self, lo: u64, hi: u64) -> u64 {
        self.customers.values().filter(|c| c.number.is_some_and(|n| lo <= n && n <= hi)).count() as u64
    }

    /// The numbering report: every series with its usage, then the conflicts.
    pub fn numbering_report(&self) -> NumberingReport {
        let all = self.series();
        let mut report = NumberingReport::default();
        for s in &all {
            let end = Self::end_of(&all, s);
            let next = s.counter.max(s.start);
            let free_after_next = if next > end { 0 } else { (end - next + 1) - self.numbers_in(next, end) };
            report.series.push(SeriesReport {
                series: s.id,
                group_name: match s.id {
                    SeriesId::Group(g) => self.groups.get(&g).map(|g| g.name.clone()),
                    SeriesId::Default => None,
                },
                start: s.start,
                end,
                explicit_end: s.explicit_end.is_some(),
                next_number: if next > end { end + 1 } else { next },
                used: if s.start > end { 0 } else { self.numbers_in(s.start, end) },
                capacity_left: free_after_next,
            });
        }
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                let from = a.start.max(b.start);
                let to = Self::end_of(&all, a).min(Self::end_of(&all, b));
                if from <= to {
                    report.conflicts.push(NumberingConflict::OverlappingRanges { first: a.id, second: b.id, from, to });
                }
            }
        }
        let mut numbered: Vec<(u64, vastuu::CustomerId, Option<CustomerGroupId>)> =
            self.customers.values().filter_map(|c| c.number.map(|n| (n, c.id, c.group))).collect();
        numbered.sort();
        for s in &all {
            let end = Self::end_of(&all, s);
            for &(number, customer, group) in &numbered {
                if number < s.start || number > end {
                    continue;
                }
                let own = self.series_of(group);
                let in_own = all.iter().any(|o| o.id == own && o.start <= number && number <= Self::end_of(&all, o));
                if own != s.id && !in_own {
                    report.conflicts.push(NumberingConflict::NumberInOtherSeries {
                        customer,
                        number,
                        series: s.id,
                        own_series: own,
                    });
                }
            }
        }
        report
    }
}
