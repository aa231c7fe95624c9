//! Any bytes given as a journal decode to change sets or to a clear error, never a panic; and
//! whatever decodes can be replayed (or is refused) without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vastuu::{Directory, FileStore, MemoryStore, Store};

fuzz_target!(|data: &[u8]| {
    if let Ok((change_sets, _valid_len)) = FileStore::decode_journal(data) {
        let mut store = MemoryStore::new();
        for cs in &change_sets {
            if store.commit(cs).is_err() {
                return;
            }
        }
        let _ = Directory::with_store(store);
    }
});
