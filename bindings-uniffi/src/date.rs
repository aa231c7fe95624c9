//! Calendar dates and validity periods.
//!
//! uniffi has a type for instants (`SystemTime`: `java.time.Instant` in Kotlin, `Date` in Swift)
//! but none for calendar dates. A calendar date crosses the boundary as an ISO 8601 string, the
//! custom type [`IsoDate`]: `YYYY-MM-DD`, with a signed year outside 0000..=9999
//! (`-0001-12-31`), as `java.time.LocalDate` writes it.
//! - Kotlin sees `java.time.LocalDate` (mapped in `uniffi.toml` with `LocalDate.parse` and
//!   `LocalDate.toString`);
//! - Swift sees `IsoDate`, a `typealias` of `String`.
//!
//! Every string is checked when it enters the library: one that is not a real date in that
//! form, within -9999-01-01..=9999-12-31, is refused with `VastuuError::InvalidDate`, naming the
//! value, before the call does anything (`"2026-02-30"`, `"2026-1-5"`, a Kotlin date in year
//! 10000).

use crate::error::VastuuError;

/// A calendar date, `YYYY-MM-DD` on the wire. See the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate(pub jiff::civil::Date);

uniffi::custom_type!(IsoDate, String, {
    lower: |date| date.to_string(),
    try_lift: |text| IsoDate::parse(&text).map_err(Into::into),
});

impl IsoDate {
    /// Parses an ISO 8601 calendar date, as [`vastuu_host::parse_iso_date`] reads one.
    ///
    /// # Errors
    /// [`VastuuError::InvalidDate`] naming the value and what is wrong.
    pub fn parse(text: &str) -> Result<IsoDate, VastuuError> {
        let invalid = |reason: &str| VastuuError::InvalidDate { value: text.to_owned(), reason: reason.to_owned() };
        vastuu_host::parse_iso_date(text).map(IsoDate).map_err(invalid)
    }
}

impl std::fmt::Display for IsoDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<jiff::civil::Date> for IsoDate {
    fn from(date: jiff::civil::Date) -> Self {
        IsoDate(date)
    }
}

impl From<IsoDate> for jiff::civil::Date {
    fn from(date: IsoDate) -> Self {
        date.0
    }
}

/// A validity period `from..=to`; either end may be open (`null`/`nil`). Both ends are
/// inclusive.
#[derive(uniffi::Record, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Period {
    /// First valid day, or none for "since always".
    #[uniffi(default)]
    pub from: Option<IsoDate>,
    /// Last valid day, or none for "until further notice".
    #[uniffi(default)]
    pub to: Option<IsoDate>,
}

impl From<vastuu::Period> for Period {
    fn from(p: vastuu::Period) -> Self {
        Period { from: p.from.map(IsoDate), to: p.to.map(IsoDate) }
    }
}

impl From<Period> for vastuu::Period {
    fn from(p: Period) -> Self {
        vastuu::Period { from: p.from.map(Into::into), to: p.to.map(Into::into) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        let ok = |text: &str| IsoDate::parse(text).map(|d| d.0).unwrap();
        assert_eq!(ok("2026-02-28"), jiff::civil::date(2026, 2, 28));
        assert_eq!(ok("2024-02-29"), jiff::civil::date(2024, 2, 29));
        assert_eq!(ok("0000-01-01"), jiff::civil::date(0, 1, 1));
        assert_eq!(ok("9999-12-31"), jiff::civil::date(9999, 12, 31));
        assert_eq!(ok("-0001-12-31"), jiff::civil::date(-1, 12, 31));
        assert_eq!(ok("-000001-12-31"), jiff::civil::date(-1, 12, 31));
        assert_eq!(ok("-9999-01-01"), jiff::civil::date(-9999, 1, 1));
        assert_eq!(ok("+2026-01-05"), jiff::civil::date(2026, 1, 5));
        for (bad, reason) in [
            ("", "expected YYYY-MM-DD"),
            ("-", "expected YYYY-MM-DD"),
            ("2026-02-30", "no such day in that month"),
            ("2025-02-29", "no such day in that month"),
            ("2026-13-01", "no such month"),
            ("2026-00-10", "no such month"),
            ("2026-01-00", "no such day in that month"),
            ("2026-1-05", "expected YYYY-MM-DD"),
            ("26-01-05", "expected YYYY-MM-DD"),
            ("020260-01-05", "expected YYYY-MM-DD"),
            ("+10000-01-01", "year outside -9999..=9999"),
            ("-10000-01-01", "year outside -9999..=9999"),
            ("+999999999-12-31", "expected YYYY-MM-DD"),
            ("2026-01-05T00:00", "expected YYYY-MM-DD"),
            ("2026-01-05-", "expected YYYY-MM-DD"),
            ("2026/01/05", "expected YYYY-MM-DD"),
            ("+-2026-01-05", "expected YYYY-MM-DD"),
            ("２０２６-01-05", "expected YYYY-MM-DD"),
            ("2026-01-0\u{0}", "expected YYYY-MM-DD"),
        ] {
            match IsoDate::parse(bad) {
                Err(VastuuError::InvalidDate { value, reason: got }) => {
                    assert_eq!((value.as_str(), got.as_str()), (bad, reason));
                }
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn writes_what_it_reads() {
        for date in [jiff::civil::date(2026, 3, 7), jiff::civil::date(33, 3, 7), jiff::civil::date(-1, 12, 31)] {
            let text = IsoDate(date).to_string();
            assert_eq!(IsoDate::parse(&text).unwrap().0, date, "{text}");
        }
        assert_eq!(IsoDate(jiff::civil::date(33, 3, 7)).to_string(), "0033-03-07");
    }
}
