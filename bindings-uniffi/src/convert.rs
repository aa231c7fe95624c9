//! This binding's types and the core's, field by field, through the host's [`Convert`]: the
//! conversions of the binding's own types, [`convert_record!`], which converts a record whose
//! fields are another record's fields, and [`mirror!`], which does the same for enums, so each
//! field and variant is named once.

pub(crate) use vastuu_host::Convert;

/// Types converted with `From`.
macro_rules! convert_from {
    ($($from:ty => $to:ty),* $(,)?) => {$(
        impl Convert<$to> for $from {
            fn convert(self) -> $to {
                self.into()
            }
        }
    )*};
}

convert_from!(
    jiff::civil::Date => crate::IsoDate,
    crate::IsoDate => jiff::civil::Date,
    vastuu::Period => crate::Period,
    crate::Period => vastuu::Period,
);

/// A validity period from its two ends.
impl Convert<crate::Period> for (Option<jiff::civil::Date>, Option<jiff::civil::Date>) {
    fn convert(self) -> crate::Period {
        vastuu::Period { from: self.0, to: self.1 }.convert()
    }
}

/// `From` a record (owned or borrowed) for a record whose fields are its fields, each converted
/// with [`Convert`]: `field` is the field of the same name, `field = other` another field, `field =
/// (a, b)` two fields together; a last `..` leaves the target's other fields at their defaults.
macro_rules! convert_record {
    (@record $from:ty, $to:ty, $($field:ident $(= $source:tt)?),*, ..) => {
        $crate::convert::convert_record!(@impl $from, $to, [..Default::default()], $($field $(= $source)?),*);
    };
    (@record $from:ty, $to:ty, $($field:ident $(= $source:tt)?),* $(,)?) => {
        $crate::convert::convert_record!(@impl $from, $to, [], $($field $(= $source)?),*);
    };
    (@impl $from:ty, $to:ty, [$($rest:tt)*], $($field:ident $(= $source:tt)?),*) => {
        impl From<$from> for $to {
            fn from(value: $from) -> Self {
                type To = $to;
                To { $($field: $crate::convert::convert_record!(@get value $field $($source)?),)* $($rest)* }
            }
        }

        impl From<&$from> for $to {
            fn from(value: &$from) -> Self {
                value.clone().into()
            }
        }

        impl $crate::convert::Convert<$to> for $from {
            fn convert(self) -> $to {
                self.into()
            }
        }

        impl $crate::convert::Convert<$to> for &$from {
            fn convert(self) -> $to {
                self.into()
            }
        }
    };
    (@get $value:ident $field:ident) => { $crate::convert::Convert::convert($value.$field) };
    (@get $value:ident $field:ident $source:ident) => { $crate::convert::Convert::convert($value.$source) };
    (@get $value:ident $field:ident ($($source:ident),*)) => {
        $crate::convert::Convert::convert(($($value.$source),*))
    };
    ($($from:ty => $to:ty { $($fields:tt)* })*) => {
        $($crate::convert::convert_record!(@record $from, $to, $($fields)*);)*
    };
}
pub(crate) use convert_record;

/// `From` between a core enum and this binding's enum of the same variants, each field converted
/// with [`Convert`]: the core's `V(x)` is the binding's `V { x }`, the core's `V { a, b }` the
/// binding's `V { a, b }`, and with `V => W` the binding's variant is named `W`. `Core => Ours`
/// after `from_core` converts from the core, after `to_core` to the core, after `both` both ways.
macro_rules! mirror {
    (@$way:ident $a:ty, $b:ty, $($v:ident $(($t:ident))? $({ $($f:ident),* })? => $w:ident),* $(,)?) => {
        $crate::convert::mirror!(@$way $a, $b, [$($v $w $(($t))? $({ $($f),* })?),*]);
    };
    (@$way:ident $a:ty, $b:ty, $($v:ident $(($t:ident))? $({ $($f:ident),* })?),* $(,)?) => {
        $crate::convert::mirror!(@$way $a, $b, [$($v $v $(($t))? $({ $($f),* })?),*]);
    };
    (@one $a:ty, $b:ty, [$($v:ident $w:ident $(($t:ident))? $({ $($f:ident),* })?),*]) => {
        $crate::convert::mirror!(@impl $a, $b, [$(($v $(($t))? $({ $($f),* })?) ($w { $($t)? $($($f),*)? })),*]);
    };
    (@back $a:ty, $b:ty, [$($v:ident $w:ident $(($t:ident))? $({ $($f:ident),* })?),*]) => {
        $crate::convert::mirror!(@impl $b, $a, [$(($w { $($t)? $($($f),*)? }) ($v $(($t))? $({ $($f),* })?)),*]);
    };
    (@impl $a:ty, $b:ty, [$(
        ($from:ident $(($from_t:ident))? $({ $($from_f:ident),* })?)
        ($to:ident $(($to_t:ident))? $({ $($to_f:ident),* })?)
    ),*]) => {
        impl From<$a> for $b {
            fn from(value: $a) -> Self {
                type Source = $a;
                type Target = $b;
                use $crate::convert::Convert;
                match value {
                    $(Source::$from $(($from_t))? $({ $($from_f),* })? => {
                        Target::$to $(($to_t.convert()))? $({ $($to_f: $to_f.convert()),* })?
                    })*
                }
            }
        }

        impl $crate::convert::Convert<$b> for $a {
            fn convert(self) -> $b {
                self.into()
            }
        }
    };
    (from_core $a:ty => $b:ty { $($variants:tt)* }) => {
        $crate::convert::mirror!(@one $a, $b, $($variants)*);
    };
    (to_core $a:ty => $b:ty { $($variants:tt)* }) => {
        $crate::convert::mirror!(@back $a, $b, $($variants)*);
    };
    (both $a:ty => $b:ty { $($variants:tt)* }) => {
        $crate::convert::mirror!(@one $a, $b, $($variants)*);
        $crate::convert::mirror!(@back $a, $b, $($variants)*);
    };
}
pub(crate) use mirror;
