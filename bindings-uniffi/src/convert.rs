//! This binding's types and the core's, through the host's [`Convert`] (and its
//! [`convert_record!`] and [`mirror!`], with which each module converts its records and enums
//! field by field): the conversions of the binding's own types.

pub(crate) use vastuu_host::{convert_record, mirror, Convert};

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
