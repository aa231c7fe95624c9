//! Values between the core's types and this binding's, field by field: [`Lift`] converts one value
//! (an id, a date, a list of them, a record, either way), [`lift_record!`] gives a record whose
//! fields are another record's fields `From` that record, and [`mirror!`] does the same for enums,
//! so each field and variant is named once.

use std::collections::BTreeSet;
use std::time::SystemTime;

/// A value as the matching type of the other side: core to binding, or binding to core.
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
    (),
    crate::EntityKind,
    crate::Field,
    crate::RangeProblem,
    String,
    bool,
    u32,
    u64,
    crate::CustomerStatus,
    crate::RoleScope,
    crate::Toggled,
    crate::HandoverMode,
    crate::SkipReason,
    crate::SpecialGroupMatch,
    crate::ArchivedFilter,
);

/// Types converted with `From`.
macro_rules! lift_from {
    ($($from:ty => $to:ty),* $(,)?) => {$(
        impl Lift<$to> for $from {
            fn lift(self) -> $to {
                self.into()
            }
        }
    )*};
}

lift_from!(
    jiff::civil::Date => crate::IsoDate,
    crate::IsoDate => jiff::civil::Date,
    vastuu::Period => crate::Period,
    crate::Period => vastuu::Period,
);

/// Optional choices the binding leaves out for the core's default; the core's choice as given.
macro_rules! lift_default {
    ($($ty:ty),* $(,)?) => {$(
        impl Lift<$ty> for Option<$ty> {
            fn lift(self) -> $ty {
                self.unwrap_or_default()
            }
        }

        impl Lift<Option<$ty>> for $ty {
            fn lift(self) -> Option<$ty> {
                Some(self)
            }
        }
    )*};
}

lift_default!(
    crate::CustomerStatus,
    crate::HandoverMode,
    crate::SpecialGroupMatch,
    crate::ArchivedFilter,
    crate::Language,
);

impl Lift<String> for &str {
    fn lift(self) -> String {
        self.to_owned()
    }
}

/// A text given to an update is set (the core clears the field when it is blank).
impl Lift<Option<String>> for String {
    fn lift(self) -> Option<String> {
        Some(self)
    }
}

impl Lift<vastuu::NumberChoice> for Option<crate::NumberChoice> {
    fn lift(self) -> vastuu::NumberChoice {
        self.unwrap_or_default().into()
    }
}

/// Counts cross as `u64`.
impl Lift<u64> for usize {
    fn lift(self) -> u64 {
        u64::try_from(self).unwrap_or(u64::MAX)
    }
}

impl Lift<usize> for u64 {
    fn lift(self) -> usize {
        usize::try_from(self).unwrap_or(usize::MAX)
    }
}

/// Every platform's `SystemTime` spans jiff's range (years -9999 to 9999), so the conversion
/// cannot fail in practice; the epoch stands in if it ever did.
impl Lift<SystemTime> for jiff::Timestamp {
    fn lift(self) -> SystemTime {
        SystemTime::try_from(self).unwrap_or(SystemTime::UNIX_EPOCH)
    }
}

/// A validity period from its two ends.
impl Lift<crate::Period> for (Option<jiff::civil::Date>, Option<jiff::civil::Date>) {
    fn lift(self) -> crate::Period {
        vastuu::Period { from: self.0, to: self.1 }.lift()
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

impl<C: Lift<T>, T: Ord> Lift<BTreeSet<T>> for Vec<C> {
    fn lift(self) -> BTreeSet<T> {
        self.into_iter().map(Lift::lift).collect()
    }
}

/// `From` a record (owned or borrowed) for a record whose fields are its fields, each converted
/// with [`Lift`]: `field` is the field of the same name, `field = other` another field, `field =
/// (a, b)` two fields together; a last `..` leaves the target's other fields at their defaults.
macro_rules! lift_record {
    (@record $from:ty, $to:ty, $($field:ident $(= $source:tt)?),*, ..) => {
        $crate::lift::lift_record!(@impl $from, $to, [..Default::default()], $($field $(= $source)?),*);
    };
    (@record $from:ty, $to:ty, $($field:ident $(= $source:tt)?),* $(,)?) => {
        $crate::lift::lift_record!(@impl $from, $to, [], $($field $(= $source)?),*);
    };
    (@impl $from:ty, $to:ty, [$($rest:tt)*], $($field:ident $(= $source:tt)?),*) => {
        impl From<$from> for $to {
            fn from(value: $from) -> Self {
                type To = $to;
                To { $($field: $crate::lift::lift_record!(@get value $field $($source)?),)* $($rest)* }
            }
        }

        impl From<&$from> for $to {
            fn from(value: &$from) -> Self {
                value.clone().into()
            }
        }

        impl $crate::lift::Lift<$to> for $from {
            fn lift(self) -> $to {
                self.into()
            }
        }

        impl $crate::lift::Lift<$to> for &$from {
            fn lift(self) -> $to {
                self.into()
            }
        }
    };
    (@get $value:ident $field:ident) => { $crate::lift::Lift::lift($value.$field) };
    (@get $value:ident $field:ident $source:ident) => { $crate::lift::Lift::lift($value.$source) };
    (@get $value:ident $field:ident ($($source:ident),*)) => { $crate::lift::Lift::lift(($($value.$source),*)) };
    ($($from:ty => $to:ty { $($fields:tt)* })*) => {
        $($crate::lift::lift_record!(@record $from, $to, $($fields)*);)*
    };
}
pub(crate) use lift_record;

/// `From` between a core enum and this binding's enum of the same variants, each field converted
/// with [`Lift`]: the core's `V(x)` is the binding's `V { x }`, the core's `V { a, b }` the
/// binding's `V { a, b }`, and with `V => W` the binding's variant is named `W`. `Core => Ours`
/// after `from_core` converts from the core, after `to_core` to the core, after `both` both ways.
macro_rules! mirror {
    (@$way:ident $a:ty, $b:ty, $($v:ident $(($t:ident))? $({ $($f:ident),* })? => $w:ident),* $(,)?) => {
        $crate::lift::mirror!(@$way $a, $b, [$($v $w $(($t))? $({ $($f),* })?),*]);
    };
    (@$way:ident $a:ty, $b:ty, $($v:ident $(($t:ident))? $({ $($f:ident),* })?),* $(,)?) => {
        $crate::lift::mirror!(@$way $a, $b, [$($v $v $(($t))? $({ $($f),* })?),*]);
    };
    (@one $a:ty, $b:ty, [$($v:ident $w:ident $(($t:ident))? $({ $($f:ident),* })?),*]) => {
        $crate::lift::mirror!(@impl $a, $b, [$(($v $(($t))? $({ $($f),* })?) ($w { $($t)? $($($f),*)? })),*]);
    };
    (@back $a:ty, $b:ty, [$($v:ident $w:ident $(($t:ident))? $({ $($f:ident),* })?),*]) => {
        $crate::lift::mirror!(@impl $b, $a, [$(($w { $($t)? $($($f),*)? }) ($v $(($t))? $({ $($f),* })?)),*]);
    };
    (@impl $a:ty, $b:ty, [$(
        ($from:ident $(($from_t:ident))? $({ $($from_f:ident),* })?)
        ($to:ident $(($to_t:ident))? $({ $($to_f:ident),* })?)
    ),*]) => {
        impl From<$a> for $b {
            fn from(value: $a) -> Self {
                type Source = $a;
                type Target = $b;
                use $crate::lift::Lift;
                match value {
                    $(Source::$from $(($from_t))? $({ $($from_f),* })? => {
                        Target::$to $(($to_t.lift()))? $({ $($to_f: $to_f.lift()),* })?
                    })*
                }
            }
        }

        impl $crate::lift::Lift<$b> for $a {
            fn lift(self) -> $b {
                self.into()
            }
        }
    };
    (from_core $a:ty => $b:ty { $($variants:tt)* }) => {
        $crate::lift::mirror!(@one $a, $b, $($variants)*);
    };
    (to_core $a:ty => $b:ty { $($variants:tt)* }) => {
        $crate::lift::mirror!(@back $a, $b, $($variants)*);
    };
    (both $a:ty => $b:ty { $($variants:tt)* }) => {
        $crate::lift::mirror!(@one $a, $b, $($variants)*);
        $crate::lift::mirror!(@back $a, $b, $($variants)*);
    };
}
pub(crate) use mirror;
