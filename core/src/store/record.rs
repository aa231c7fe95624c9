//! Stored records: the types the stores encode, one module per format version, separate from the
//! public types.
//!
//! The stores never encode or decode the public types ([`ChangeSet`], [`Snapshot`] and what they
//! hold); they convert them to the record types of the format they write and back from the
//! record types of the format they read, and only the record types meet postcard. So the public
//! types can change (a field renamed, reordered, added) without changing what is on disk, and
//! what is on disk changes only by a new version here.
//!
//! # The version rule
//! - A format version, once released, is frozen: its record types and its golden bytes
//!   (`record/golden/format-N.hex`, checked by `record/tests.rs`) never change.
//! - Any change to what is stored (a field, its type or position, a variant, an encoding) is a
//!   new version `N + 1`: a module `vN+1` with the record types that changed (and those holding
//!   them), re-using the unchanged ones from `vN`; conversions from the public types for the new
//!   version (the written one) and to the public types for every version still read; golden
//!   bytes for the new version; [`FORMAT_VERSION`] and the SQLite schema version raised.
//! - Reading: every version from 1 to [`FORMAT_VERSION`] is read; a newer one is
//!   [`StoreError::UnsupportedVersion`].
//! - Writing: only [`FORMAT_VERSION`].
//!
//! # Versions
//! | version | what changed |
//! |---|---|
//! | 1 ([`v1`]) | the public types as they were, in postcard |
//! | 2 ([`v2`]) | a change set's time: seconds and nanoseconds since 1970 instead of RFC 3339 text |
//!
//! # Opening a store of an older format
//! Opening upgrades it before anything else is written. The file store rewrites each file of an
//! older version in the current one as it replaces a snapshot (temporary file, fsync, rename,
//! fsync of the folder), the journal first, then the snapshot; the SQLite store rewrites every
//! blob and raises `user_version` in the one transaction opening takes. A crash in between leaves
//! each file in the old or the new format, both read, and the next opening finishes the upgrade.
//! A file of a newer version is refused before anything is written. Old-format records are never
//! appended: a journal holds the one format its header names, and a newer library's values may
//! not fit an old format (a later field would be lost), so everything acknowledged is written in
//! the current format.

use crate::error::StoreError;
use crate::store::Snapshot;
use crate::ChangeSet;
use serde::de::DeserializeOwned;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

pub(crate) mod v1;
pub(crate) mod v2;
pub(crate) mod v3;

#[cfg(test)]
mod tests;

/// The stored format version this library writes, and the newest it reads: the version in the
/// file store's file headers.
pub const FORMAT_VERSION: u32 = 3;

/// The record types of the format written now.
use v3 as current;

/// Encodes a value in postcard.
fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    postcard::to_allocvec(value).map_err(|e| StoreError::Failed(format!("encoding failed: {e}")))
}

/// Decodes a value from postcard; every byte must belong to the value.
fn decode<T: DeserializeOwned>(payload: &[u8]) -> Result<T, String> {
    match postcard::take_from_bytes::<T>(payload) {
        Ok((value, [])) => Ok(value),
        Ok((_, rest)) => Err(format!("{} bytes left over after the value", rest.len())),
        Err(e) => Err(e.to_string()),
    }
}

/// A change set as the current format stores it.
pub(crate) fn encode_change_set(change_set: &ChangeSet) -> Result<Vec<u8>, StoreError> {
    encode(&current::ChangeSet::from(change_set))
}

/// Appends a change set, as the current format stores it, to `out`: the same bytes as
/// [`encode_change_set`], written straight from the public types instead of through the record
/// types, so that a change set of responsibilities is encoded without allocating (`out` grows
/// only when it is full). On an error `out` is as it was.
pub(crate) fn encode_change_set_into(change_set: &ChangeSet, out: &mut Vec<u8>) -> Result<(), StoreError> {
    let start = out.len();
    let encoded = postcard::serialize_with_flavor(&ChangeSetRef(change_set), Append(out));
    encoded.map_err(|e| {
        out.truncate(start);
        StoreError::Failed(format!("encoding failed: {e}"))
    })
}

/// A public change set, serialized as the current format's change set (the same bytes, checked
/// by `record/tests.rs`) without building one: each key and change is converted as it is
/// written. A writer only; it adds nothing to the format, and a new format version gets its own.
struct ChangeSetRef<'a>(&'a ChangeSet);

impl Serialize for ChangeSetRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let ChangeSet { seq, time, actor, keys, changes, reverts } = self.0;
        let mut out = serializer.serialize_struct("ChangeSet", 6)?;
        out.serialize_field("seq", seq)?;
        out.serialize_field("time", &current::Time::from(*time))?;
        out.serialize_field("actor", actor)?;
        out.serialize_field("keys", &Each(keys, current::HistoryKey::from))?;
        out.serialize_field("changes", &Each(changes, current::Change::from))?;
        out.serialize_field("reverts", reverts)?;
        out.end()
    }
}

/// A slice serialized as the sequence of its elements converted by the function.
struct Each<'a, T, R>(&'a [T], fn(&'a T) -> R);

impl<'a, T, R: Serialize> Serialize for Each<'a, T, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(self.1))
    }
}

/// A postcard output that appends to a `Vec` the caller keeps (and reuses).
struct Append<'a>(&'a mut Vec<u8>);

impl postcard::ser_flavors::Flavor for Append<'_> {
    type Output = ();

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(data);
        Ok(())
    }

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.0.push(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

/// A snapshot as the current format stores it.
pub(crate) fn encode_snapshot(snapshot: &Snapshot) -> Result<Vec<u8>, StoreError> {
    encode(&current::Snapshot::from(snapshot))
}

/// A change set stored in format `version`.
pub(crate) fn decode_change_set(version: u32, payload: &[u8]) -> Result<ChangeSet, String> {
    match version {
        1 => decode::<v1::ChangeSet>(payload).map(ChangeSet::from),
        2 => decode::<v2::ChangeSet>(payload).and_then(ChangeSet::try_from),
        3 => decode::<v3::ChangeSet>(payload).and_then(ChangeSet::try_from),
        _ => Err(unsupported(version)),
    }
}

/// A snapshot stored in format `version`.
pub(crate) fn decode_snapshot(version: u32, payload: &[u8]) -> Result<Snapshot, String> {
    match version {
        1 => decode::<v1::Snapshot>(payload).map(Snapshot::from),
        2 => decode::<v2::Snapshot>(payload).map(Snapshot::from),
        3 => decode::<v3::Snapshot>(payload).map(Snapshot::from),
        _ => Err(unsupported(version)),
    }
}

fn unsupported(version: u32) -> String {
    format!("format version {version} is not one this library reads (1 to {FORMAT_VERSION})")
}
