//! Numbers at the boundary: signed on the wire, checked on the way in. The one place where the
//! core's unsigned numbers become the signed ones Kotlin and Swift work with, and back.
//!
//! The core counts in `u32` and `u64`. Kotlin's unsigned types are second-class (`1uL` literals
//! everywhere; Java sees a method that takes one under a mangled name such as
//! `customerPage-<hash>`, and cannot build a record that holds one), so every number crosses
//! signed, by one rule:
//! - `i64` (Kotlin `Long`, Swift `Int64`) for what can exceed 2^31: ids, customer numbers,
//!   change-set numbers, counts, totals, offsets, sizes, positions, process ids, seeds;
//! - `i32` (Kotlin `Int`, Swift `Int32`) for what is small by nature: page sizes, indexes into a
//!   page, numbers of days, percentages, format versions, attempts.
//!
//! Each kind of number is a custom type here (a newtype of the core's unsigned number): Kotlin
//! and Swift see a `typealias` of `Long`/`Int` (`Int64`/`Int32`) named after it (`CustomerNumber`,
//! `Count`, …). A value coming in is checked before the call does anything: a negative one, or an
//! id above 4,294,967,295, is refused with [`VastuuError::NumberOutOfRange`] naming the value and
//! the range, never wrapped. A value going out is the core's number; one above `Long.MAX_VALUE`
//! (or `Int.MAX_VALUE`), which no directory reaches (customer numbers end at 15 digits, and
//! counts, offsets and change-set numbers stay far below 2^63), would be given as that maximum.

use crate::convert::Convert;
use crate::error::{VastuuError, Wire};
use vastuu::Detail;

/// The number types (`Name(core) as wire, "what it is"`), with their checked conversions.
macro_rules! numbers {
    ($($(#[doc = $doc:literal])* $name:ident($inner:ty) as $wire:ty, $what:literal;)*) => {$(
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub $inner);

        uniffi::custom_type!($name, $wire, {
            lower: |n| n.to_wire(),
            try_lift: |v| $name::from_wire(v).map_err(Into::into),
        });

        impl $name {
            /// The smallest and the largest value taken from Kotlin or Swift.
            pub const RANGE: std::ops::RangeInclusive<i64> = {
                let max = if (<$inner>::MAX as u128) < (<$wire>::MAX as u128) {
                    <$inner>::MAX as i64
                } else {
                    <$wire>::MAX as i64
                };
                0..=max
            };

            /// The number as it crosses to Kotlin or Swift (see the module documentation).
            pub fn to_wire(self) -> $wire {
                <$wire>::try_from(self.0).unwrap_or(<$wire>::MAX)
            }

            /// The number given from Kotlin or Swift.
            ///
            /// # Errors
            /// [`VastuuError::NumberOutOfRange`] when it is outside [`Self::RANGE`].
            pub fn from_wire(value: $wire) -> Result<Self, VastuuError> {
                <$inner>::try_from(value).map($name).map_err(|_| VastuuError::NumberOutOfRange {
                    what: $what.to_owned(),
                    value: i64::from(value),
                    min: *Self::RANGE.start(),
                    max: *Self::RANGE.end(),
                })
            }
        }

        impl From<$inner> for $name {
            fn from(n: $inner) -> Self {
                $name(n)
            }
        }

        impl From<$name> for $inner {
            fn from(n: $name) -> Self {
                n.0
            }
        }

        impl Convert<$name> for $inner {
            fn convert(self) -> $name {
                $name(self)
            }
        }

        impl Convert<$inner> for $name {
            fn convert(self) -> $inner {
                self.0
            }
        }

        impl Wire for $name {
            fn from_detail(detail: Detail) -> Option<Self> {
                match detail {
                    Detail::Number(n) => <$inner>::try_from(n).ok().map($name),
                    _ => None,
                }
            }
            fn to_detail(&self) -> Detail {
                Detail::Number(u64::from(self.0))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

numbers! {
    /// The number of an id (`CustomerId(raw)`, …): 0 to 4,294,967,295 (the core's `u32`); Kotlin
    /// `Long`, Swift `Int64`. A number no entity has is `NotFound`.
    RawId(u32) as i64, "id";
    /// A customer number, or a bound or counter of a numbering series (1 to
    /// 999,999,999,999,999 are valid; the core says so with `InvalidCustomerNumber` and
    /// `InvalidNumberingRange`); Kotlin `Long`, Swift `Int64`.
    CustomerNumber(u64) as i64, "customer number";
    /// A change set's sequence number (1, 2, 3, …; 0 before any); Kotlin `Long`, Swift `Int64`.
    Seq(u64) as i64, "change-set number";
    /// A count, total, offset into a list, row number, size in bytes or characters, or position;
    /// Kotlin `Long`, Swift `Int64`.
    Count(u64) as i64, "count or offset";
    /// The seed of a generated demo directory; Kotlin `Long`, Swift `Int64`.
    Seed(u64) as i64, "seed";
    /// An operating-system process id; Kotlin `Long`, Swift `Int64`.
    ProcessId(u32) as i64, "process id";
    /// A small number: a page size, an index into a page, a number of days, a percentage, a format
    /// version, a number of attempts; Kotlin `Int`, Swift `Int32`.
    SmallCount(u32) as i32, "page size, index, days or percentage";
}

/// Counts of items in memory cross as [`Count`].
impl Convert<Count> for usize {
    fn convert(self) -> Count {
        Count(u64::try_from(self).unwrap_or(u64::MAX))
    }
}

/// Lengths and positions in text cross as [`Count`].
impl Convert<usize> for Count {
    fn convert(self) -> usize {
        usize::try_from(self.0).unwrap_or(usize::MAX)
    }
}

/// An optional customer number (a numbering range's open end) crosses as the core's optional
/// number.
impl Wire for Option<CustomerNumber> {
    fn from_detail(detail: Detail) -> Option<Self> {
        match detail {
            Detail::OptionalNumber(n) => Some(n.map(CustomerNumber)),
            _ => None,
        }
    }
    fn to_detail(&self) -> Detail {
        Detail::OptionalNumber(self.map(|n| n.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_and_too_large_values_are_refused_by_name() {
        let refused = |e: VastuuError| match e {
            VastuuError::NumberOutOfRange { what, value, min, max } => (what, value, min, max),
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(RawId::from_wire(-1).unwrap_err()), ("id".into(), -1, 0, 4_294_967_295));
        assert_eq!(refused(RawId::from_wire(1 << 32).unwrap_err()), ("id".into(), 1 << 32, 0, 4_294_967_295));
        assert_eq!(refused(Count::from_wire(i64::MIN).unwrap_err()), ("count or offset".into(), i64::MIN, 0, i64::MAX));
        let limit = refused(SmallCount::from_wire(-5).unwrap_err());
        assert_eq!((limit.1, limit.2, limit.3), (-5, 0, i64::from(i32::MAX)));
        let error = CustomerNumber::from_wire(-7).unwrap_err();
        assert_eq!(error.to_string(), "invalid customer number -7: must be 0 to 9223372036854775807");
    }

    #[test]
    fn the_whole_range_crosses_unchanged() {
        assert_eq!(RawId::from_wire(0), Ok(RawId(0)));
        assert_eq!(RawId::from_wire(4_294_967_295), Ok(RawId(u32::MAX)));
        assert_eq!(RawId(u32::MAX).to_wire(), 4_294_967_295);
        assert_eq!(Count::from_wire(i64::MAX), Ok(Count(u64::MAX >> 1)));
        assert_eq!(SmallCount::from_wire(i32::MAX), Ok(SmallCount(u32::MAX >> 1)));
        assert_eq!(CustomerNumber(999_999_999_999_999).to_wire(), 999_999_999_999_999);
    }

    #[test]
    fn values_beyond_the_signed_range_go_out_as_its_maximum() {
        assert_eq!(Count(u64::MAX).to_wire(), i64::MAX);
        assert_eq!(SmallCount(u32::MAX).to_wire(), i32::MAX);
    }
}
