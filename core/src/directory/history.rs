//! Which change sets touch each entity (customer, employee, customer group, special group, role,
//! team, project), kept as one list per entity in a shared arena of fixed-size chunks.
//!
//! The change sets themselves stay in the store and are read back when asked for
//! ([`Directory::history`](crate::Directory::history)); what a directory keeps in memory is
//! eight bytes per key of each change set. Filing a change set appends one entry per key to the
//! arena and links it to the key's previous entry, so a mutation allocates nothing of its own:
//! only when a chunk fills (once per [`CHUNK`] entries) is the next one allocated, and a chunk
//! never moves once it exists (no vector doubles and copies itself as a key's list grows).

use crate::error::{Error, Result, StoreError};
use crate::model::EntityRef;
use crate::state::FastMap;

/// Entries per chunk of the arena (512 KiB of address space; pages are touched as they fill).
const CHUNK: usize = 1 << 16;

/// No entry: the end of a key's list.
const NONE: u32 = u32::MAX;

/// One entry of a key's list: a change set's number and the key's entry before it.
#[derive(Clone, Copy)]
struct Entry {
    seq: u32,
    previous: u32,
}

/// The history index (see the module documentation).
#[derive(Default)]
pub(super) struct History {
    /// Each key's newest entry.
    newest: FastMap<EntityRef, u32>,
    /// The entries, [`CHUNK`] to a chunk; every chunk but the last is full.
    chunks: Vec<Vec<Entry>>,
    /// How many entries the arena holds.
    len: u32,
}

impl History {
    /// Whether `keys` more entries fit (the arena numbers its entries with `u32`, [`NONE`]
    /// excluded): checked before a change set is stored, so that filing it cannot fail.
    pub(super) fn check_room(&self, keys: usize) -> Result<()> {
        let room = usize::try_from(NONE - self.len).unwrap_or(usize::MAX);
        if keys <= room {
            return Ok(());
        }
        Err(Error::Store(StoreError::Failed(format!(
            "the history index is full: it holds at most {NONE} keys of change sets, and {} more do not fit",
            keys
        ))))
    }

    /// Files change set `seq` under each of `keys`, which name each entity once (callers check
    /// [`History::check_room`] first; keys that do not fit are left out).
    pub(super) fn push(&mut self, seq: u32, keys: impl IntoIterator<Item = EntityRef>) {
        for key in keys {
            if self.len == NONE {
                return;
            }
            let at = self.len;
            let newest = self.newest.entry(key).or_insert(NONE);
            let entry = Entry { seq, previous: *newest };
            *newest = at;
            match self.chunks.last_mut() {
                Some(chunk) if chunk.len() < CHUNK => chunk.push(entry),
                _ => {
                    let mut chunk = Vec::with_capacity(CHUNK);
                    chunk.push(entry);
                    self.chunks.push(chunk);
                }
            }
            self.len += 1;
        }
    }

    fn entry(&self, at: u32) -> Option<Entry> {
        let at = at as usize;
        self.chunks.get(at / CHUNK).and_then(|chunk| chunk.get(at % CHUNK)).copied()
    }

    /// The numbers of the change sets filed under `key`, oldest first.
    pub(super) fn of(&self, key: EntityRef) -> Vec<u64> {
        let mut seqs = Vec::new();
        let mut at = self.newest.get(&key).copied().unwrap_or(NONE);
        while let Some(entry) = self.entry(at) {
            seqs.push(u64::from(entry.seq));
            at = entry.previous;
        }
        seqs.reverse();
        seqs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerId, EmployeeId, HistoryKey};

    #[test]
    fn lists_are_kept_per_key_across_chunks() {
        let mut h = History::default();
        let (a, b) = (EntityRef::Customer(CustomerId(1)), EntityRef::Employee(EmployeeId(1)));
        let total = u32::try_from(CHUNK * 2 + 10).unwrap();
        for seq in 1..=total {
            let keys: &[EntityRef] = if seq % 3 == 0 { &[a, b] } else { &[a] };
            h.check_room(keys.len()).unwrap();
            h.push(seq, keys.iter().copied());
        }
        assert_eq!(h.chunks.len(), 3);
        assert_eq!(h.of(a), (1..=u64::from(total)).collect::<Vec<_>>());
        assert_eq!(h.of(b), (1..=u64::from(total)).filter(|s| s % 3 == 0).collect::<Vec<_>>());
        assert!(h.of(EntityRef::Customer(CustomerId(2))).is_empty());
        // Every chunk but the last is full and none grew past its size.
        assert!(h.chunks.iter().all(|c| c.capacity() == CHUNK));
    }

    #[test]
    fn a_full_index_refuses_before_anything_is_stored() {
        let mut h = History { len: NONE - 1, ..History::default() };
        assert!(h.check_room(1).is_ok());
        let err = h.check_room(2).unwrap_err();
        assert!(err.to_string().contains("history index is full"), "{err}");
        h.len = NONE;
        assert!(h.check_room(1).is_err());
        h.push(1, [HistoryKey::Customer(CustomerId(1)).into()]);
        assert_eq!(h.len, NONE);
    }
}
