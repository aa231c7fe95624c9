//! The body of the fuzz target `operations` (`fuzz/fuzz_targets/operations.rs`), here so that the
//! tests run it too.

use crate::model::{invariants, Model};
use crate::op::strategy::{any_op, Draw, Pool};
use crate::op::{run, same_outcome, starting_directory, Op};
use vastuu::{Directory, MemoryStore};

/// The most operations one input runs.
pub const MAX_STEPS: usize = 64;

/// Runs the operations the bytes choose on a directory over a memory store and on the reference
/// model, from the starting directory when the first byte is odd, else from an empty one. Every
/// eight bytes are the seed of one operation drawn from the shared strategies (so a change to
/// the input changes the operations it touches and leaves the others), up to [`MAX_STEPS`].
/// Checks after each: no panic, the same outcome and data as the model, a rejected operation
/// changing nothing, every rule holding; at the end, that reopening the store gives the same
/// data.
///
/// # Panics
/// At the first check that fails.
pub fn operations(data: &[u8]) {
    let store = MemoryStore::new();
    let mut dir = Directory::with_store(store.clone()).expect("an empty memory store opens");
    let mut model = Model::default();
    if data.first().is_some_and(|b| b % 2 == 1) {
        let setup = starting_directory();
        assert!(run(&mut dir, &setup).is_ok() && model.apply(&setup).is_ok(), "the starting directory fails");
    }
    for chunk in data.chunks(8).take(MAX_STEPS) {
        let mut seed = [0; 8];
        seed[..chunk.len()].copy_from_slice(chunk);
        let op = Draw::from_seed(u64::from_le_bytes(seed)).value(any_op(&Pool::of(&model)));
        let before = dir.data();
        let seq = dir.last_seq();
        let got = run(&mut dir, &op);
        let want = model.apply(&op);
        assert!(same_outcome(&got, &want), "{op:?}\n  library: {got:?}\n  model:   {want:?}");
        // A stale handover or bulk plan is refused after the operation between planning and
        // applying committed on its own.
        if got.is_err() && !matches!(op, Op::HandoverAfter(..) | Op::BulkAfter(..)) {
            assert_eq!(dir.data(), before, "a rejected operation changed the state: {op:?}");
            assert_eq!(dir.last_seq(), seq, "a rejected operation committed: {op:?}");
        }
        let now = dir.data();
        if let Err(broken) = dir.check_integrity().map_err(|e| e.to_string()).and_then(|()| invariants::check(&now)) {
            panic!("after {op:?}: {broken}");
        }
        assert_eq!(now, model.to_data(), "after {op:?}: the data differ from the model");
        assert_eq!(dir.last_seq(), model.seq, "after {op:?}: change sets committed");
    }
    let reopened = Directory::with_store(store).expect("the store reopens");
    assert_eq!(reopened.data(), dir.data(), "reopening the store gives other data");
}

#[cfg(test)]
mod tests {
    use super::*;
    use vastuu::generate::Rng;

    /// The fuzz target's checks hold for empty, uniform and random inputs of every length.
    #[test]
    fn operations_hold_for_any_bytes() {
        operations(&[]);
        operations(&[0; 64]);
        operations(&[0xff; 512]);
        let mut rng = Rng::new(7);
        for _ in 0..40 {
            let len = rng.below(600) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            operations(&bytes);
        }
    }
}
