//! Which process a store handle belongs to, so that a process forked from it cannot use it.
//!
//! A child made by `fork()` (Python's `multiprocessing` with the fork start method, a server that
//! loads the application before forking its workers) inherits the parent's open files, sockets
//! and memory: the file store's journal and lock, SQLite's connection, PostgreSQL's socket. Used
//! from both processes they would write the same change set numbers into one journal, share one
//! SQLite connection's locks and state, or interleave two sessions' messages on one socket. So a
//! handle of the file store, SQLite or PostgreSQL remembers the process that opened it and, in
//! any other process, refuses every call that reaches its files or connection with
//! [`StoreError::UsedAfterFork`]; dropping it there leaves the parent's files, locks and
//! connections as they are (see each store's notes on dropping).

use crate::error::StoreError;

/// The id of the process running now, as the stores compare it (see [`pretend_other_process`]).
fn current() -> u32 {
    #[cfg(test)]
    if let Some(pid) = PRETEND.with(std::cell::Cell::get) {
        return pid;
    }
    std::process::id()
}

/// The process a store handle was opened in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OpenedIn(u32);

impl OpenedIn {
    /// The process running now.
    pub(crate) fn here() -> OpenedIn {
        OpenedIn(current())
    }

    /// `Ok` in the process the handle was opened in; [`StoreError::UsedAfterFork`] in any other.
    pub(crate) fn check(self) -> Result<(), StoreError> {
        let used_in = current();
        if used_in == self.0 {
            Ok(())
        } else {
            Err(StoreError::UsedAfterFork { opened_in: self.0, used_in })
        }
    }

    /// Whether this is the process the handle was opened in.
    #[cfg(any(feature = "sqlite", feature = "postgres", test))]
    pub(crate) fn is_here(self) -> bool {
        self.check().is_ok()
    }
}

#[cfg(test)]
thread_local! {
    /// The process id the calling thread pretends to run in (tests only).
    static PRETEND: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
}

/// Makes the calling thread look, to every store handle, like a process forked from this one
/// (with the id `pid`) until the returned guard is dropped: the unit tests' way of checking what
/// a forked child sees without forking the test runner.
#[cfg(test)]
pub(crate) fn pretend_other_process(pid: u32) -> impl Drop {
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            PRETEND.with(|p| p.set(None));
        }
    }
    PRETEND.with(|p| p.set(Some(pid)));
    Restore
}

/// A store's connection (or other handle on shared state), reachable only in the process that
/// opened it: [`Held::get`] and [`Held::get_mut`] are [`StoreError::UsedAfterFork`] in any
/// other. Dropped in another process, the value is leaked instead of closed: closing a SQLite
/// connection there would run SQLite's own closing steps (a checkpoint of the write-ahead log,
/// removing it) on the parent's database as if the child held the parent's locks. (The
/// PostgreSQL store does the same for its client by hand: it reconnects, so it keeps an
/// `Option`.)
#[cfg(any(feature = "sqlite", test))]
pub(crate) struct Held<T> {
    /// `None` only while being dropped.
    value: Option<T>,
    process: OpenedIn,
}

#[cfg(any(feature = "sqlite", test))]
impl<T> Held<T> {
    /// `value`, held by the process running now.
    pub(crate) fn new(value: T) -> Held<T> {
        Held { value: Some(value), process: OpenedIn::here() }
    }

    /// The value, in the process that opened it.
    pub(crate) fn get(&self) -> Result<&T, StoreError> {
        self.process.check()?;
        self.value.as_ref().ok_or_else(|| StoreError::Failed("the store is closed".into()))
    }

    /// The value, in the process that opened it (only the SQLite store writes through it).
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pub(crate) fn get_mut(&mut self) -> Result<&mut T, StoreError> {
        self.process.check()?;
        self.value.as_mut().ok_or_else(|| StoreError::Failed("the store is closed".into()))
    }
}

#[cfg(any(feature = "sqlite", test))]
impl<T> Drop for Held<T> {
    fn drop(&mut self) {
        if !self.process.is_here() {
            std::mem::forget(self.value.take());
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::{Directory, Error, FileStore, NewCustomer, NewEmployee, Store};
    use std::path::PathBuf;

    /// A fresh folder for one test (removed when dropped).
    struct Place(PathBuf);

    impl Place {
        fn new(name: &str) -> Place {
            let path = std::env::temp_dir().join(format!("vastuu-fork-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Place(path)
        }
    }

    impl Drop for Place {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn is_after_fork(result: Result<impl std::fmt::Debug, Error>, child: u32) {
        let parent = std::process::id();
        match result {
            Err(Error::Store(StoreError::UsedAfterFork { opened_in, used_in })) => {
                assert_eq!((opened_in, used_in), (parent, child));
            }
            other => panic!("expected UsedAfterFork, got {other:?}"),
        }
    }

    /// What a child sees of a directory its parent opened: every call that reaches the store is
    /// refused; memory reads answer; the parent goes on, and its store holds all it wrote.
    fn child_is_refused_and_parent_goes_on(mut dir: Directory, reopen: impl Fn() -> Directory) {
        let child = std::process::id() + 1;
        let matti = dir.create_employee(NewEmployee::new("Matti")).unwrap();
        {
            let _child = pretend_other_process(child);
            is_after_fork(dir.create_customer(NewCustomer::new("Lapsen asiakas")), child);
            is_after_fork(dir.sync(), child);
            is_after_fork(dir.compact(), child);
            is_after_fork(dir.transaction(|d| d.create_team("Lapsen tiimi")), child);
            // The history is read from the store.
            is_after_fork(dir.history(matti), child);
            is_after_fork(dir.change_sets(), child);
            assert_eq!(dir.employee(matti).unwrap().name, "Matti");
            assert_eq!(dir.customers().count(), 0);
        }
        let esim = dir.create_customer(NewCustomer::new("Esimerkki")).unwrap();
        dir.compact().unwrap();
        dir.create_team("Huolto").unwrap();
        assert_eq!(dir.sync().unwrap(), 0);
        let last = dir.last_seq();
        drop(dir);
        let again = reopen();
        assert_eq!(again.last_seq(), last);
        assert_eq!(again.customer(esim).unwrap().name, "Esimerkki");
        assert_eq!(again.customers().count(), 1);
        assert_eq!(again.teams().count(), 1);
    }

    #[test]
    fn a_file_store_refuses_a_forked_child() {
        let place = Place::new("file");
        let path = place.0.join("store");
        child_is_refused_and_parent_goes_on(Directory::open(&path).unwrap(), || Directory::open(&path).unwrap());
    }

    #[test]
    fn each_file_store_call_checks_the_process() {
        let place = Place::new("file-calls");
        let mut store = FileStore::open(place.0.join("store")).unwrap();
        let child = std::process::id() + 7;
        let _child = pretend_other_process(child);
        is_after_fork(store.load().map_err(Error::Store), child);
        is_after_fork(store.changes_since(0).map_err(Error::Store), child);
        is_after_fork(store.read_change_sets(&[1]).map_err(Error::Store), child);
        is_after_fork(store.read_change_set_range(1, 1).map_err(Error::Store), child);
        let snapshot = crate::Snapshot { seq: 0, data: crate::Data::default() };
        is_after_fork(store.write_snapshot(&snapshot).map_err(Error::Store), child);
        // Nothing reaches the folder: the file store's answer comes from memory.
        assert!(!store.has_moved().unwrap());
    }

    #[cfg(feature = "sqlite")]
    #[test]
    fn a_sqlite_store_refuses_a_forked_child() {
        use crate::SqliteStore;
        let place = Place::new("sqlite");
        let path = place.0.join("store.db");
        let open = || Directory::with_store(SqliteStore::open(&path).unwrap()).unwrap();
        child_is_refused_and_parent_goes_on(open(), open);
        let shared = || Directory::with_store(SqliteStore::open_shared(place.0.join("shared.db")).unwrap()).unwrap();
        let dir = shared();
        {
            let child = std::process::id() + 3;
            let _child = pretend_other_process(child);
            is_after_fork(dir.store_has_moved(), child);
        }
        child_is_refused_and_parent_goes_on(dir, shared);
    }

    #[test]
    fn a_held_value_dropped_in_another_process_is_left_alone() {
        struct Flag(std::rc::Rc<std::cell::Cell<bool>>);
        impl Drop for Flag {
            fn drop(&mut self) {
                self.0.set(true);
            }
        }
        let closed = std::rc::Rc::new(std::cell::Cell::new(false));
        let held = Held::new(Flag(closed.clone()));
        {
            let child = std::process::id() + 1;
            let _child = pretend_other_process(child);
            assert!(matches!(held.get(), Err(StoreError::UsedAfterFork { used_in, .. }) if used_in == child));
            drop(held);
        }
        assert!(!closed.get(), "dropped in the child, the value must not be closed");
        let held = Held::new(Flag(closed.clone()));
        assert!(held.get().is_ok());
        drop(held);
        assert!(closed.get());
    }
}
