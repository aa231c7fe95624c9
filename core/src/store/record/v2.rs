//! Format 2: a change set's time is whole seconds and nanoseconds since the Unix epoch (two
//! varints, usually 10 bytes) instead of RFC 3339 text (up to 31 bytes, parsed on every read).
//! Everything else is as in format 1, whose record types are used as they are. Format 3 uses its
//! [`Time`]. Frozen: nothing
//! here may change; see [`super`].

use serde::{Deserialize, Serialize};

pub(crate) use super::v1::{Change, HistoryKey, Snapshot};

/// A change set.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ChangeSet {
    pub(crate) seq: u64,
    pub(crate) time: Time,
    pub(crate) actor: Option<String>,
    pub(crate) keys: Vec<HistoryKey>,
    pub(crate) changes: Vec<Change>,
}

/// An instant: seconds since 1970-01-01T00:00:00Z and the nanoseconds after them, both negative
/// before 1970 (as jiff's `Timestamp::as_second` and `subsec_nanosecond` give them). Only that
/// form is read back; any other pair (signs differing, more than a second of nanoseconds, beyond
/// jiff's range) is refused.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Time {
    pub(crate) second: i64,
    pub(crate) nanosecond: i32,
}

// Conversions; see the notes in `v1`.

impl From<jiff::Timestamp> for Time {
    fn from(t: jiff::Timestamp) -> Self {
        Time { second: t.as_second(), nanosecond: t.subsec_nanosecond() }
    }
}

impl TryFrom<Time> for jiff::Timestamp {
    type Error = String;

    fn try_from(t: Time) -> Result<Self, String> {
        let Time { second, nanosecond } = t;
        match jiff::Timestamp::new(second, nanosecond) {
            Ok(ts) if ts.as_second() == second && ts.subsec_nanosecond() == nanosecond => Ok(ts),
            _ => Err(format!("{second} s {nanosecond} ns is not a time as stored")),
        }
    }
}

impl TryFrom<ChangeSet> for crate::ChangeSet {
    type Error = String;

    fn try_from(cs: ChangeSet) -> Result<Self, String> {
        let ChangeSet { seq, time, actor, keys, changes } = cs;
        Ok(crate::ChangeSet {
            seq,
            time: time.try_into()?,
            actor,
            keys: keys.into_iter().map(crate::HistoryKey::from).collect(),
            changes: changes.into_iter().map(crate::Change::from).collect(),
            reverts: None,
        })
    }
}
