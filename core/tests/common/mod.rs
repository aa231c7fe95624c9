//! Shared fixtures for the core's integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use vastuu::{ChangeSet, Data, Directory, Error, MemoryStore};

/// A directory over a memory store the test keeps a handle to.
pub struct Fixture {
    pub dir: Directory,
    pub store: MemoryStore,
}

pub fn fixture() -> Fixture {
    let store = MemoryStore::new();
    let dir = Directory::with_store(store.clone()).unwrap();
    Fixture { dir, store }
}

/// Everything a rejected mutation must leave as it was.
#[derive(Debug, PartialEq)]
pub struct Observed {
    data: Data,
    seq: u64,
    history: Vec<ChangeSet>,
    stored: Vec<ChangeSet>,
}

impl Fixture {
    pub fn observe(&self) -> Observed {
        Observed {
            data: self.dir.data(),
            seq: self.dir.last_seq(),
            history: self.dir.change_sets().unwrap(),
            stored: self.store.change_sets().unwrap(),
        }
    }

    /// Runs a mutation that must fail; checks that neither memory nor the store changed and that
    /// the in-memory indexes still agree with the entities. Returns the error.
    pub fn reject<T: std::fmt::Debug>(&mut self, op: impl FnOnce(&mut Directory) -> Result<T, Error>) -> Error {
        let before = self.observe();
        let err = op(&mut self.dir).expect_err("the mutation should have been rejected");
        assert_eq!(self.observe(), before, "a rejected mutation changed something: {err}");
        self.dir.check_integrity().unwrap();
        let reopened = Directory::with_store(self.store.clone()).unwrap();
        assert_eq!(reopened.data(), self.dir.data(), "the store no longer matches memory");
        err
    }
}
