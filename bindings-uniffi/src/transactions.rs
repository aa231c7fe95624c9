//! Transactions, owned by the thread that began them: its calls run inside, other threads' calls
//! wait (see ARCHITECTURE.md, "The uniffi bindings"). Kotlin's `runTransaction` is in
//! `Transactions.kt`, beside the generated code.

use crate::directory::Directory;
use crate::error::Result;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use vastuu_host::Level;

/// An open transaction of a [`Directory`] (see [`Directory::begin_transaction`]).
#[derive(uniffi::Object)]
pub struct Transaction {
    directory: Arc<Directory>,
    level: Level,
    open: AtomicBool,
}

#[uniffi::export]
impl Directory {
    /// Opens a transaction: the calling thread's calls until its `commit()` form one change set,
    /// and `rollback()` (or freeing it without a commit) undoes them. Calls from other threads
    /// wait until it ends. Inside an open transaction of this thread, a nested one.
    ///
    /// # Errors
    /// `DirectoryClosed`; `CalledFromCallback`.
    pub fn begin_transaction(self: Arc<Self>) -> Result<Arc<Transaction>> {
        let level = self.host().begin(self.caller())?;
        self.owner.began(level);
        Ok(Arc::new(Transaction { directory: self, level, open: AtomicBool::new(true) }))
    }
}

#[uniffi::export]
impl Transaction {
    /// Ends the transaction keeping its mutations: the outermost one stores them as one change
    /// set.
    ///
    /// # Errors
    /// `Conflict` when another writer stored a change set since the transaction began (it was
    /// rolled back and the directory caught up: run it again); `Store`; `TransactionMisuse`
    /// when it is not open or a transaction begun inside it still is.
    pub fn commit(&self) -> Result<()> {
        self.end(true)
    }

    /// Ends the transaction undoing its mutations.
    ///
    /// # Errors
    /// `TransactionMisuse` as for [`Transaction::commit`].
    pub fn rollback(&self) -> Result<()> {
        self.end(false)
    }

    /// Whether the transaction is open (not yet committed or rolled back).
    pub fn is_open(&self) -> bool {
        self.open.load(Ordering::Relaxed)
    }
}

impl Transaction {
    fn end(&self, commit: bool) -> Result<()> {
        let (ended, outcome) = self.directory.host().finish(self.level, commit);
        if ended {
            self.ended();
        }
        Ok(outcome?)
    }

    fn ended(&self) {
        self.open.store(false, Ordering::Relaxed);
        self.directory.owner.ended(self.level);
    }
}

impl Drop for Transaction {
    fn drop(&mut self) {
        if self.is_open() {
            self.directory.host().abandon(self.level);
            self.ended();
        }
    }
}
