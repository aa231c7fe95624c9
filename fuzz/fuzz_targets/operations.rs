//! Random operation sequences, from the shared strategies of `vastuu-tests`, on a directory and
//! on the reference model: no panic, the same outcome and data as the model, every rejected
//! operation changing nothing, the rules holding after every step, and reopening the store
//! giving the same state. The body is `vastuu_tests::fuzz::operations`, which the tests also run.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| vastuu_tests::fuzz::operations(data));
