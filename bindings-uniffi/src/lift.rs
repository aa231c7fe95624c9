//! Core values into this binding's types, field by field: [`Lift`] converts one value (an id, a
//! date, a list of them, a record), and [`lift_record!`] gives a record whose fields are the core
//! value's fields `From` the core value, so each field is named once.

use std::collections::BTreeSet;

/// A core value as this binding's type.
pub(crate) trait Lift<T> {
    /// The converted value.
    fn lift(self) -> T;
}

/// Types the binding uses as the core does.
macro_rules! lift_same {
    ($($ty:ty),* $(,)?) => {$(
        impl Lift<$ty> for $ty {
            fn lift(self) -> $ty {
                self
            }
        }
    )*};
}

lift_same!(
    String,
    bool,
    u32,
    u64,
    crate::CustomerStatus,
    crate::RoleScope,
    crate::Toggled,
    crate::HandoverMode,
    crate::SkipReason,
);

/// Types the binding converts with `From`.
macro_rules! lift_from {
    ($($core:ty => $ty:ty),* $(,)?) => {$(
        impl Lift<$ty> for $core {
            fn lift(self) -> $ty {
                self.into()
            }
        }
    )*};
}

lift_from!(
    jiff::civil::Date => crate::IsoDate,
    vastuu::Period => crate::Period,
    vastuu::Subject => crate::Subject,
    vastuu::EntityRef => crate::EntityRef,
    vastuu::SeriesId => crate::SeriesId,
);

/// Counts cross as `u64`.
impl Lift<u64> for usize {
    fn lift(self) -> u64 {
        u64::try_from(self).unwrap_or(u64::MAX)
    }
}

impl<C: Lift<T>, T> Lift<Option<T>> for Option<C> {
    fn lift(self) -> Option<T> {
        self.map(Lift::lift)
    }
}

impl<C: Lift<T>, T> Lift<Vec<T>> for Vec<C> {
    fn lift(self) -> Vec<T> {
        self.into_iter().map(Lift::lift).collect()
    }
}

impl<C: Lift<T>, T> Lift<Vec<T>> for BTreeSet<C> {
    fn lift(self) -> Vec<T> {
        self.into_iter().map(Lift::lift).collect()
    }
}

/// `From` the core value (owned or borrowed) for a record whose fields are the core value's
/// fields, each converted with [`Lift`].
macro_rules! lift_record {
    ($($core:ty => $record:ident { $($field:ident),* $(,)? })*) => {$(
        impl From<$core> for $record {
            fn from(value: $core) -> Self {
                $record { $($field: $crate::lift::Lift::lift(value.$field)),* }
            }
        }

        impl From<&$core> for $record {
            fn from(value: &$core) -> Self {
                value.clone().into()
            }
        }

        impl $crate::lift::Lift<$record> for $core {
            fn lift(self) -> $record {
                self.into()
            }
        }
    )*};
}
pub(crate) use lift_record;
