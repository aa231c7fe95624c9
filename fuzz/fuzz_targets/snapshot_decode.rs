//! Any bytes given as a snapshot decode to a snapshot or to a clear error, never a panic; and a
//! decoded snapshot is either accepted whole by the rule checks or refused, never a panic. See
//! `framing.rs` for how the input becomes a snapshot file.
#![no_main]

#[path = "framing.rs"]
mod framing;

use libfuzzer_sys::fuzz_target;
use vastuu::{Directory, FileStore};

fuzz_target!(|data: &[u8]| {
    let file = framing::file(framing::SNAPSHOT, data);
    if let Ok(snapshot) = FileStore::decode_snapshot(&file) {
        if let Ok(dir) = Directory::from_data(snapshot.data) {
            // Accepted data obeys every rule, and reads back as it was given.
            assert!(dir.check_integrity().is_ok());
            assert!(Directory::from_data(dir.data()).is_ok());
        }
    }
});
