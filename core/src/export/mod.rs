//! Excel exports (.xlsx) that office staff can open, written in constant memory.

// The writer is used by the exports of each view.
#[allow(dead_code, unused_imports)]
mod sheet;

pub use sheet::Progress;
#[allow(unused_imports)]
pub(crate) use sheet::{Cell, SheetWriter};

/// Language of column headers and sheet names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    /// Finnish (the default).
    #[default]
    Finnish,
    /// Swedish.
    Swedish,
    /// English.
    English,
}
