//! [`ThreadOwner`]: transactions that belong to the thread that began them.

use crate::shared::{Level, Token};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};

/// For a host whose transactions belong to the thread that began them (the uniffi bindings: a
/// Kotlin or Swift thread): the thread that began the open transaction, and its token, so that
/// thread's calls run inside it.
#[derive(Debug, Default)]
pub struct ThreadOwner(Mutex<Option<(ThreadId, Token)>>);

impl ThreadOwner {
    fn owner(&self) -> MutexGuard<'_, Option<(ThreadId, Token)>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The token the calling thread's calls carry: the open transaction's, on the thread that
    /// began it.
    pub fn caller(&self) -> Option<Token> {
        self.owner().filter(|(owner, _)| *owner == thread::current().id()).map(|(_, token)| token)
    }

    /// The calling thread began `level`: the outermost level makes it the owner.
    pub fn began(&self, level: Level) {
        if level.depth == 1 {
            *self.owner() = Some((thread::current().id(), level.token));
        }
    }

    /// `level` ended: the outermost level of the owned transaction ends the ownership.
    pub fn ended(&self, level: Level) {
        let mut owner = self.owner();
        if level.depth == 1 && owner.is_some_and(|(_, token)| token == level.token) {
            *owner = None;
        }
    }
}
