//! Any bytes given as a snapshot decode to a snapshot or to a clear error, never a panic; and a
//! decoded snapshot is either accepted whole by the rule checks or refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vastuu::{Directory, FileStore};

fuzz_target!(|data: &[u8]| {
    if let Ok(snapshot) = FileStore::decode_snapshot(data) {
        if let Ok(dir) = Directory::from_data(snapshot.data) {
            // Accepted data obeys every rule.
            assert!(dir.check_integrity().is_ok());
        }
    }
});
