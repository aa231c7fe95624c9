//! [`Convert`]: a value as the matching value of the other side of a binding, core to binding or
//! binding to core. The host converts what every binding converts alike (numbers, text, the
//! core's plain enums, options and collections of convertible values, defaults for choices left
//! out); a binding adds its own types, converting its records and enums field by field with
//! [`convert_record!`] and [`mirror!`].

use jiff::civil::Date;
use std::collections::BTreeSet;
use std::time::SystemTime;
use vastuu::{ArchivedFilter, CustomerStatus, HandoverMode, Language, RoleId, RoleSelection, SpecialGroupMatch};

/// A value as the matching value of the other side.
///
/// ```
/// use vastuu_host::Convert;
/// let counts: Vec<u64> = vec![1_usize, 2].convert();
/// assert_eq!(counts, [1, 2]);
/// let status: vastuu::CustomerStatus = None::<vastuu::CustomerStatus>.convert();
/// assert_eq!(status, vastuu::CustomerStatus::Active);
/// ```
pub trait Convert<T> {
    /// The converted value.
    fn convert(self) -> T;
}

/// Values both sides use as they are.
macro_rules! as_is {
    ($($ty:ty),* $(,)?) => {$(
        impl Convert<$ty> for $ty {
            fn convert(self) -> $ty {
                self
            }
        }
    )*};
}

as_is!(
    (),
    bool,
    u32,
    u64,
    String,
    CustomerStatus,
    HandoverMode,
    SpecialGroupMatch,
    ArchivedFilter,
    Language,
    vastuu::RoleScope,
    vastuu::Toggled,
    vastuu::SkipReason,
    vastuu::EntityKind,
    vastuu::Field,
    vastuu::RangeProblem,
    vastuu::ImportKind,
    vastuu::ImportItemKind,
    vastuu::ImportFormat,
);

/// Choices a binding may leave out, standing for the core's default; and the core's choice as
/// given.
macro_rules! defaults {
    ($($ty:ty),* $(,)?) => {$(
        impl<C: Convert<$ty> + Default> Convert<$ty> for Option<C> {
            fn convert(self) -> $ty {
                self.unwrap_or_default().convert()
            }
        }

        impl Convert<Option<$ty>> for $ty {
            fn convert(self) -> Option<$ty> {
                Some(self)
            }
        }
    )*};
}

defaults!(CustomerStatus, HandoverMode, SpecialGroupMatch, ArchivedFilter, Language, vastuu::NumberChoice);

/// The roles a handover hands over: none for all of them (with all their roles).
impl<C: Convert<RoleId>> Convert<RoleSelection> for Option<Vec<C>> {
    fn convert(self) -> RoleSelection {
        self.map_or(RoleSelection::All, |roles| RoleSelection::Only(roles.convert()))
    }
}

impl<T> Convert<Option<Vec<T>>> for RoleSelection
where
    RoleId: Convert<T>,
{
    fn convert(self) -> Option<Vec<T>> {
        match self {
            RoleSelection::All => None,
            RoleSelection::Only(roles) => Some(roles.convert()),
        }
    }
}

/// Counts cross as `u64`.
impl Convert<u64> for usize {
    fn convert(self) -> u64 {
        u64::try_from(self).unwrap_or(u64::MAX)
    }
}

impl Convert<usize> for u64 {
    fn convert(self) -> usize {
        usize::try_from(self).unwrap_or(usize::MAX)
    }
}

impl Convert<String> for &str {
    fn convert(self) -> String {
        self.to_owned()
    }
}

/// A text given to an update is set (the core clears the field when it is blank).
impl Convert<Option<String>> for String {
    fn convert(self) -> Option<String> {
        Some(self)
    }
}

/// Every platform's `SystemTime` spans jiff's range (years -9999 to 9999), so the conversion
/// cannot fail in practice; the epoch stands in if it ever did.
impl Convert<SystemTime> for jiff::Timestamp {
    fn convert(self) -> SystemTime {
        SystemTime::try_from(self).unwrap_or(SystemTime::UNIX_EPOCH)
    }
}

impl<C: Convert<T>, T> Convert<Option<T>> for Option<C> {
    fn convert(self) -> Option<T> {
        self.map(Convert::convert)
    }
}

impl<C: Convert<T>, T> Convert<Vec<T>> for Vec<C> {
    fn convert(self) -> Vec<T> {
        self.into_iter().map(Convert::convert).collect()
    }
}

impl<C: Convert<T>, T> Convert<Vec<T>> for BTreeSet<C> {
    fn convert(self) -> Vec<T> {
        self.into_iter().map(Convert::convert).collect()
    }
}

impl<C: Convert<T>, T: Ord> Convert<BTreeSet<T>> for Vec<C> {
    fn convert(self) -> BTreeSet<T> {
        self.into_iter().map(Convert::convert).collect()
    }
}

/// A calendar date given as text, ISO 8601: `YYYY-MM-DD`, or with a signed year of 4 to 6 digits
/// (`-0001-12-31`, `+010000-01-01`) as Kotlin's `LocalDate.toString()` and jiff write years
/// outside 0000..=9999. The date must be real and within -9999-01-01..=9999-12-31.
///
/// ```
/// assert_eq!(vastuu_host::parse_iso_date("2026-02-28"), Ok(jiff::civil::date(2026, 2, 28)));
/// assert_eq!(vastuu_host::parse_iso_date("2026-02-30"), Err("no such day in that month"));
/// ```
///
/// # Errors
/// What is wrong with the text: `expected YYYY-MM-DD`, `year outside -9999..=9999`, `no such
/// month` or `no such day in that month`.
pub fn parse_iso_date(text: &str) -> Result<Date, &'static str> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    let mut parts = unsigned.split('-');
    let (Some(year), Some(month), Some(day), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("expected YYYY-MM-DD");
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let signed = unsigned.len() != text.len();
    let year_len_ok = if signed { (4..=6).contains(&year.len()) } else { year.len() == 4 };
    if !year_len_ok || month.len() != 2 || day.len() != 2 || !digits(year) || !digits(month) || !digits(day) {
        return Err("expected YYYY-MM-DD");
    }
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<i32>(), month.parse::<i8>(), day.parse::<i8>()) else {
        return Err("expected YYYY-MM-DD");
    };
    let year = if negative { -year } else { year };
    let Some(year) = i16::try_from(year).ok().filter(|y| (-9999..=9999).contains(y)) else {
        return Err("year outside -9999..=9999");
    };
    if !(1..=12).contains(&month) {
        return Err("no such month");
    }
    Date::new(year, month, day).map_err(|_| "no such day in that month")
}

/// `From` a record (owned or borrowed) for a record whose fields are its fields, each converted
/// with [`Convert`] (and [`Convert`] itself): `field` is the field of the same name, `field =
/// other` another field, `field = (a, b)` two fields together; a last `..` leaves the target's
/// other fields at their defaults.
///
/// ```
/// use vastuu_host::{convert_record, Convert};
/// #[derive(Debug, Clone, PartialEq)]
/// struct Series {
///     start: u64,
///     end: Option<u64>,
/// }
/// convert_record!(vastuu::DefaultSeries => Series { start, end });
/// let series: Series = vastuu::DefaultSeries::default().convert();
/// assert_eq!(series, Series { start: 1, end: None });
/// ```
#[macro_export]
macro_rules! convert_record {
    (@record $from:ty, $to:ty, $($field:ident $(= $source:tt)?),*, ..) => {
        $crate::convert_record!(@impl $from, $to, [..Default::default()], $($field $(= $source)?),*);
    };
    (@record $from:ty, $to:ty, $($field:ident $(= $source:tt)?),* $(,)?) => {
        $crate::convert_record!(@impl $from, $to, [], $($field $(= $source)?),*);
    };
    (@impl $from:ty, $to:ty, [$($rest:tt)*], $($field:ident $(= $source:tt)?),*) => {
        impl From<$from> for $to {
            fn from(value: $from) -> Self {
                type To = $to;
                To { $($field: $crate::convert_record!(@get value $field $($source)?),)* $($rest)* }
            }
        }

        impl From<&$from> for $to {
            fn from(value: &$from) -> Self {
                value.clone().into()
            }
        }

        impl $crate::Convert<$to> for $from {
            fn convert(self) -> $to {
                self.into()
            }
        }

        impl $crate::Convert<$to> for &$from {
            fn convert(self) -> $to {
                self.into()
            }
        }
    };
    (@get $value:ident $field:ident) => { $crate::Convert::convert($value.$field) };
    (@get $value:ident $field:ident $source:ident) => { $crate::Convert::convert($value.$source) };
    (@get $value:ident $field:ident ($($source:ident),*)) => {
        $crate::Convert::convert(($($value.$source),*))
    };
    ($($from:ty => $to:ty { $($fields:tt)* })*) => {
        $($crate::convert_record!(@record $from, $to, $($fields)*);)*
    };
}

/// `From` between a core enum and a binding's enum of the same variants, each field converted
/// with [`Convert`]: the core's `V(x)` is the binding's `V { x }`, the core's `V { a, b }` the
/// binding's `V { a, b }`, and with `V => W` the binding's variant is named `W`. `Core => Ours`
/// after `from_core` converts from the core, after `to_core` to the core, after `both` both ways.
///
/// ```
/// use vastuu_host::mirror;
/// #[derive(Debug, PartialEq)]
/// enum Choice {
///     Next,
///     Explicit { number: u64 },
///     Unnumbered,
/// }
/// mirror!(both vastuu::NumberChoice => Choice { Next, Explicit(number), Unnumbered });
/// assert_eq!(Choice::from(vastuu::NumberChoice::Explicit(7)), Choice::Explicit { number: 7 });
/// assert_eq!(vastuu::NumberChoice::from(Choice::Next), vastuu::NumberChoice::Next);
/// ```
#[macro_export]
macro_rules! mirror {
    (@$way:ident $a:ty, $b:ty, $($v:ident $(($t:ident))? $({ $($f:ident),* })? => $w:ident),* $(,)?) => {
        $crate::mirror!(@$way $a, $b, [$($v $w $(($t))? $({ $($f),* })?),*]);
    };
    (@$way:ident $a:ty, $b:ty, $($v:ident $(($t:ident))? $({ $($f:ident),* })?),* $(,)?) => {
        $crate::mirror!(@$way $a, $b, [$($v $v $(($t))? $({ $($f),* })?),*]);
    };
    (@one $a:ty, $b:ty, [$($v:ident $w:ident $(($t:ident))? $({ $($f:ident),* })?),*]) => {
        $crate::mirror!(@impl $a, $b, [$(($v $(($t))? $({ $($f),* })?) ($w { $($t)? $($($f),*)? })),*]);
    };
    (@back $a:ty, $b:ty, [$($v:ident $w:ident $(($t:ident))? $({ $($f:ident),* })?),*]) => {
        $crate::mirror!(@impl $b, $a, [$(($w { $($t)? $($($f),*)? }) ($v $(($t))? $({ $($f),* })?)),*]);
    };
    (@impl $a:ty, $b:ty, [$(
        ($from:ident $(($from_t:ident))? $({ $($from_f:ident),* })?)
        ($to:ident $(($to_t:ident))? $({ $($to_f:ident),* })?)
    ),*]) => {
        impl From<$a> for $b {
            fn from(value: $a) -> Self {
                type Source = $a;
                type Target = $b;
                use $crate::Convert;
                match value {
                    $(Source::$from $(($from_t))? $({ $($from_f),* })? => {
                        Target::$to $(($to_t.convert()))? $({ $($to_f: $to_f.convert()),* })?
                    })*
                }
            }
        }

        impl $crate::Convert<$b> for $a {
            fn convert(self) -> $b {
                self.into()
            }
        }
    };
    (from_core $a:ty => $b:ty { $($variants:tt)* }) => {
        $crate::mirror!(@one $a, $b, $($variants)*);
    };
    (to_core $a:ty => $b:ty { $($variants:tt)* }) => {
        $crate::mirror!(@back $a, $b, $($variants)*);
    };
    (both $a:ty => $b:ty { $($variants:tt)* }) => {
        $crate::mirror!(@one $a, $b, $($variants)*);
        $crate::mirror!(@back $a, $b, $($variants)*);
    };
}
