//! Any bytes given as a journal decode to change sets or to a clear error, never a panic; and
//! whatever decodes can be replayed (or is refused) without a panic. See `framing.rs` for how
//! the input becomes a journal.
#![no_main]

#[path = "framing.rs"]
mod framing;

use libfuzzer_sys::fuzz_target;
use vastuu::{Directory, FileStore, MemoryStore, Store};

fuzz_target!(|data: &[u8]| {
    let journal = framing::file(framing::JOURNAL, data);
    if let Ok((change_sets, valid_len)) = FileStore::decode_journal(&journal) {
        assert!(valid_len <= journal.len() as u64);
        let mut store = MemoryStore::new();
        for cs in &change_sets {
            if store.commit(cs).is_err() {
                return;
            }
        }
        if let Ok(dir) = Directory::with_store(store) {
            // A replayed store that opens obeys every rule.
            assert!(dir.check_integrity().is_ok());
        }
    }
});
