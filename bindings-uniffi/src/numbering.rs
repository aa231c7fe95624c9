//! Customer-number series and the numbering report.

use crate::convert::{convert_record, mirror};
use crate::directory::{calls, Directory};
use crate::ids::{CustomerGroupId, CustomerId};
use crate::numbers::{Count, CustomerNumber};
use std::fmt;

/// Which numbering series.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeriesId {
    /// The series of customers outside any numbered group.
    Default,
    /// The series of a customer group with a numbering start.
    Group {
        /// The group.
        id: CustomerGroupId,
    },
}

mirror!(both vastuu::SeriesId => SeriesId { Default, Group(id) });

impl fmt::Display for SeriesId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        vastuu::SeriesId::from(*self).fmt(f)
    }
}

/// Settings and counter of the default series.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DefaultSeries {
    /// First number (1 unless configured).
    pub start: CustomerNumber,
    /// Explicit last number, if any.
    pub end: Option<CustomerNumber>,
    /// Counter: no number below it is handed out again.
    pub next_number: CustomerNumber,
}

convert_record!(
    vastuu::DefaultSeries => DefaultSeries { start, end, next_number }
    vastuu::SeriesReport => SeriesReport {
        series,
        group_name,
        start,
        end,
        explicit_end,
        next_number,
        used,
        capacity_left,
    }
);

/// One line of the [`NumberingReport`].
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct SeriesReport {
    /// The series.
    pub series: SeriesId,
    /// The group's name (none for the default series).
    pub group_name: Option<String>,
    /// First number.
    pub start: CustomerNumber,
    /// Last number (explicit or implied by the next series).
    pub end: CustomerNumber,
    /// Whether `end` was set explicitly.
    pub explicit_end: bool,
    /// The number the next allocation would try first (`end + 1` when used up).
    pub next_number: CustomerNumber,
    /// How many numbers within `start..=end` are held by customers (of any group).
    pub used: Count,
    /// How many numbers from `next_number` to `end` are still free.
    pub capacity_left: Count,
}

/// A problem found by the [`NumberingReport`].
#[derive(uniffi::Enum, Clone, Debug, PartialEq, Eq, Hash)]
pub enum NumberingConflict {
    /// Two series' ranges overlap.
    OverlappingRanges {
        /// The series with the lower start.
        first: SeriesId,
        /// The other series.
        second: SeriesId,
        /// First shared number.
        from: CustomerNumber,
        /// Last shared number.
        to: CustomerNumber,
    },
    /// A customer holds a number inside the range of a series that is not its own.
    NumberInOtherSeries {
        /// The customer.
        customer: CustomerId,
        /// Its number.
        number: CustomerNumber,
        /// The series whose range holds the number.
        series: SeriesId,
        /// The customer's own series.
        own_series: SeriesId,
    },
}

/// Every series with its usage, and the conflicts between them.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct NumberingReport {
    /// Series ordered by start.
    pub series: Vec<SeriesReport>,
    /// Conflicts found.
    pub conflicts: Vec<NumberingConflict>,
}

convert_record!(vastuu::NumberingReport => NumberingReport { series, conflicts });

mirror!(from_core vastuu::NumberingConflict => NumberingConflict {
    OverlappingRanges { first, second, from, to },
    NumberInOtherSeries { customer, number, series, own_series },
});

calls! {
    /// Every series (start, end, next number, numbers used, capacity left) and the conflicts:
    /// overlapping ranges and hand-set numbers inside another series' range.
    read numbering_report() -> NumberingReport;
    /// The settings of the default series.
    read default_series() -> DefaultSeries;
    /// Configures the default series. Existing numbers never change; the counter only moves
    /// forward.
    write set_default_series(start: CustomerNumber, end: Option<CustomerNumber>), throws "`InvalidNumberingRange`.";
}
