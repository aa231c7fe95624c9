//! [`SharedDirectory`]: one core directory shared by the threads of a host, with the gate that
//! decides who may use it when.

use crate::error::{Error, Misuse, Result};
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread::{self, ThreadId};
use vastuu::Directory;

thread_local! {
    /// How many directories this thread is inside a call of (more than 0 only while an export
    /// runs its progress callback on this thread).
    static INSIDE: Cell<usize> = const { Cell::new(0) };
}

/// Names an open transaction: [`SharedDirectory::begin`] returns it, and a call that carries it
/// runs inside the transaction. Tokens are never reused within a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token(u64);

impl Token {
    /// The token as a number (for hosts that keep it in a foreign value).
    pub const fn get(self) -> u64 {
        self.0
    }

    /// The token [`get`](Token::get) gave.
    pub const fn from_raw(raw: u64) -> Token {
        Token(raw)
    }
}

/// One level of an open transaction (1: the outermost), as [`SharedDirectory::begin`] opened
/// it; ended with [`SharedDirectory::end`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Level {
    /// The transaction's token.
    pub token: Token,
    /// How deep the level is.
    pub depth: usize,
}

/// How a call uses the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// A read: runs beside other reads.
    Read,
    /// A read that may take long: while one runs, reads are let in even when a write waits.
    Export,
    /// A mutation: runs alone.
    Write,
}

/// The open transaction.
struct Open {
    token: Token,
    depth: usize,
    /// The threads it was begun or used on.
    threads: Vec<ThreadId>,
}

/// Who is using the directory, and what the directory's state is.
#[derive(Default)]
struct Gate {
    readers: usize,
    exports: usize,
    writer: bool,
    waiting_writers: usize,
    transaction: Option<Open>,
    closed: bool,
    poisoned: Option<String>,
    next_token: u64,
}

impl Gate {
    /// Why `caller` cannot be let in now and must not wait either, if so.
    fn refusal(&self, caller: Option<Token>) -> Option<Error> {
        if self.closed {
            return Some(Error::Closed);
        }
        if let Some(message) = &self.poisoned {
            return Some(Error::Poisoned { message: message.clone() });
        }
        match &self.transaction {
            Some(open) if Some(open.token) != caller && open.threads.contains(&thread::current().id()) => {
                Some(Error::TransactionBusy)
            }
            _ => None,
        }
    }

    /// Whether another token's transaction is open.
    fn foreign_transaction(&self, caller: Option<Token>) -> bool {
        self.transaction.as_ref().is_some_and(|open| Some(open.token) != caller)
    }

    fn free_for(&self, access: Access) -> bool {
        match access {
            Access::Read | Access::Export => !self.writer && (self.waiting_writers == 0 || self.exports > 0),
            Access::Write => !self.writer && self.readers == 0,
        }
    }

    fn enter(&mut self, access: Access, caller: Option<Token>) {
        match access {
            Access::Read => self.readers += 1,
            Access::Export => {
                self.readers += 1;
                self.exports += 1;
            }
            Access::Write => self.writer = true,
        }
        if let Some(open) = self.transaction.as_mut().filter(|open| Some(open.token) == caller) {
            let me = thread::current().id();
            if !open.threads.contains(&me) {
                open.threads.push(me);
            }
        }
    }

    fn leave(&mut self, access: Access) {
        match access {
            Access::Read => self.readers -= 1,
            Access::Export => {
                self.readers -= 1;
                self.exports -= 1;
            }
            Access::Write => self.writer = false,
        }
    }
}

/// One core [`Directory`] shared by every thread of a host (a Python interpreter, a JVM).
///
/// - **Reads run together**, mutations alone. A waiting mutation holds back new reads (so
///   mutations are not starved), except while an export runs: an export is a long read, and
///   reads started meanwhile are let in.
/// - **Reads are fresh**: before a read, the directory asks its store whether another process
///   or handle stored something ([`Directory::store_has_moved`], cheap) and catches up first if
///   so. A read therefore sees every change set stored before the call began (inside the
///   caller's own transaction, the state the transaction began from).
/// - **Transactions belong to a token**, not to a thread: [`begin`](SharedDirectory::begin)
///   returns a [`Level`] whose token the host passes with its later calls. A call with the
///   token runs inside the transaction (from any thread). A call without it waits until the
///   transaction ends, except when the transaction was begun or used on the calling thread: the
///   owner may need this very thread to go on (two tasks of one event loop), so waiting could
///   never end, and the call fails at once with [`Error::TransactionBusy`].
/// - **No re-entry**: a call from a thread that is inside a call on a directory already (an
///   export's progress callback) fails with [`Error::Reentered`] instead of waiting for itself.
/// - **Closing** ([`close`](SharedDirectory::close)) drops the core directory at once, which
///   releases its store and the store's lock; every later call fails with [`Error::Closed`].
/// - **A panic poisons the handle**: every core call runs behind `catch_unwind`; after a panic
///   the core directory (whose memory may no longer match its store) is dropped and every call
///   fails with [`Error::Poisoned`], naming the panic, until the host opens the store again.
/// - **A forked child closes it**: a host that can fork (Python) calls
///   [`close_after_fork`](SharedDirectory::close_after_fork) in the child, and every call there
///   fails with [`Error::ClosedAfterFork`]. (Without it, the core's stores refuse the child
///   themselves: `StoreError::UsedAfterFork`.)
pub struct SharedDirectory {
    gate: Mutex<Gate>,
    changed: Condvar,
    /// The directory (`None` once closed or poisoned). Only touched by a caller the gate let
    /// in: readers together, a writer alone.
    dir: RwLock<Option<Directory>>,
    panic_next_call: AtomicBool,
    /// The process that made the handle.
    opened_in: u32,
    /// The forked child's process id once [`SharedDirectory::close_after_fork`] closed the
    /// handle there (0 before): read without the gate, whose lock a thread of the parent may
    /// have held at the fork.
    forked_into: AtomicU32,
}

/// A caller let in by the gate; leaves it when dropped.
struct Admitted<'a> {
    shared: &'a SharedDirectory,
    access: Access,
}

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        INSIDE.with(|inside| inside.set(inside.get().saturating_sub(1)));
        let mut gate = self.shared.gate();
        gate.leave(self.access);
        let unused = gate.readers == 0 && !gate.writer;
        let dropped = if unused && gate.poisoned.is_some() { self.shared.take() } else { None };
        drop(gate);
        self.shared.changed.notify_all();
        // Dropping only closes files and connections; a panic there has nowhere to go.
        let _ = catch_unwind(AssertUnwindSafe(move || drop(dropped)));
    }
}

/// The message of a panic's payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// Runs `f` behind the panic boundary, for calls without a directory (opening one, generating
/// data): a panic becomes [`Error::Panicked`].
///
/// # Errors
/// The core's error, or `Panicked`.
pub fn guarded<R>(f: impl FnOnce() -> vastuu::Result<R>) -> Result<R> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(Error::Core),
        Err(payload) => Err(Error::Panicked { message: panic_message(payload.as_ref()) }),
    }
}

impl SharedDirectory {
    /// Shares `dir`.
    pub fn new(dir: Directory) -> Self {
        SharedDirectory {
            gate: Mutex::new(Gate { next_token: 1, ..Gate::default() }),
            changed: Condvar::new(),
            dir: RwLock::new(Some(dir)),
            panic_next_call: AtomicBool::new(false),
            opened_in: std::process::id(),
            forked_into: AtomicU32::new(0),
        }
    }

    /// The gate, locked. Nothing panics while it is held, so it is never poisoned; were it, its
    /// counts would still be right.
    fn gate(&self) -> MutexGuard<'_, Gate> {
        self.gate.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The core directory, for a writer (see the field). Never poisoned: every call on it runs
    /// behind `catch_unwind`.
    fn data(&self) -> RwLockWriteGuard<'_, Option<Directory>> {
        self.dir.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The core directory, for readers.
    fn data_read(&self) -> RwLockReadGuard<'_, Option<Directory>> {
        self.dir.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the core directory out (the gate must be held, with nobody let in).
    fn take(&self) -> Option<Directory> {
        self.data().take()
    }

    /// Fails when the calling thread is inside a call on a directory already.
    ///
    /// # Errors
    /// [`Error::Reentered`].
    pub fn refuse_reentry() -> Result<()> {
        if INSIDE.with(Cell::get) > 0 {
            return Err(Error::Reentered);
        }
        Ok(())
    }

    /// [`Error::ClosedAfterFork`] once [`SharedDirectory::close_after_fork`] closed the handle.
    fn refuse_after_fork(&self) -> Result<()> {
        match self.forked_into.load(Ordering::Acquire) {
            0 => Ok(()),
            used_in => Err(Error::ClosedAfterFork { opened_in: self.opened_in, used_in }),
        }
    }

    /// Waits until `caller` may use the directory for `access`, and lets it in.
    fn admit(&self, caller: Option<Token>, access: Access) -> Result<Admitted<'_>> {
        self.refuse_after_fork()?;
        SharedDirectory::refuse_reentry()?;
        let mut gate = self.gate();
        let mut counted = false;
        let outcome = loop {
            if let Some(refusal) = gate.refusal(caller) {
                break Err(refusal);
            }
            let blocked_by_transaction = gate.foreign_transaction(caller);
            if !blocked_by_transaction && gate.free_for(access) {
                gate.enter(access, caller);
                break Ok(());
            }
            // A waiting mutation holds back new reads, but not while it waits for a transaction:
            // the transaction's own reads must go on.
            let count = access == Access::Write && !blocked_by_transaction;
            if count != counted {
                if count {
                    gate.waiting_writers += 1;
                } else {
                    gate.waiting_writers -= 1;
                    self.changed.notify_all();
                }
                counted = count;
            }
            gate = self.changed.wait(gate).unwrap_or_else(PoisonError::into_inner);
        };
        if counted {
            gate.waiting_writers -= 1;
            self.changed.notify_all();
        }
        outcome?;
        INSIDE.with(|inside| inside.set(inside.get() + 1));
        Ok(Admitted { shared: self, access })
    }

    /// Runs `f` on the directory behind the panic boundary; a panic poisons the handle.
    fn guard<D, R>(&self, dir: Option<D>, f: impl FnOnce(D) -> vastuu::Result<R>) -> Result<R> {
        let dir = dir.ok_or(Error::Closed)?;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if self.panic_next_call.swap(false, Ordering::Relaxed) {
                inject_panic();
            }
            f(dir)
        }));
        match outcome {
            Ok(result) => result.map_err(Error::Core),
            Err(payload) => Err(self.poison(panic_message(payload.as_ref()))),
        }
    }

    /// Marks the handle poisoned after a panic; the directory is dropped once no call uses it.
    fn poison(&self, message: String) -> Error {
        let mut gate = self.gate();
        let message = gate.poisoned.get_or_insert(message).clone();
        gate.transaction = None;
        drop(gate);
        self.changed.notify_all();
        Error::Poisoned { message }
    }

    fn run_read<R>(
        &self,
        caller: Option<Token>,
        access: Access,
        f: impl FnOnce(&Directory) -> vastuu::Result<R>,
    ) -> Result<R> {
        self.freshen(caller)?;
        let _admitted = self.admit(caller, access)?;
        let dir = self.data_read();
        self.guard(dir.as_ref(), f)
    }

    /// Catches up with what other writers stored, when the store says it moved, unless the
    /// caller is inside its own transaction.
    fn freshen(&self, caller: Option<Token>) -> Result<()> {
        if caller.is_some() && self.gate().transaction.as_ref().is_some_and(|open| Some(open.token) == caller) {
            return Ok(());
        }
        let moved = {
            let _admitted = self.admit(caller, Access::Read)?;
            let dir = self.data_read();
            self.guard(dir.as_ref(), Directory::store_has_moved)?
        };
        if moved {
            self.write(caller, |d| d.sync().map(|_| ()))?;
        }
        Ok(())
    }

    /// Runs a read (beside other reads) as `caller`.
    ///
    /// # Errors
    /// The core's error; `Closed`, `Poisoned`, `Reentered`, `TransactionBusy`.
    pub fn read<R>(&self, caller: Option<Token>, f: impl FnOnce(&Directory) -> vastuu::Result<R>) -> Result<R> {
        self.run_read(caller, Access::Read, f)
    }

    /// Runs a mutation (alone) as `caller`.
    ///
    /// # Errors
    /// As [`SharedDirectory::read`].
    pub fn write<R>(&self, caller: Option<Token>, f: impl FnOnce(&mut Directory) -> vastuu::Result<R>) -> Result<R> {
        let _admitted = self.admit(caller, Access::Write)?;
        let mut dir = self.data();
        self.guard(dir.as_mut(), f)
    }

    /// Runs a long read, such as an export (see [`crate::export`]).
    pub(crate) fn long_read<R>(
        &self,
        caller: Option<Token>,
        f: impl FnOnce(&Directory) -> vastuu::Result<R>,
    ) -> Result<R> {
        self.run_read(caller, Access::Export, f)
    }

    /// Begins a transaction as `caller`: inside the caller's open transaction a nested one
    /// (ended with it), otherwise, once no other token's transaction is open, a new one with a
    /// new token, on the store's latest state (caught up first, as before a read), so that only
    /// a change set another writer stores while it is open makes its commit a conflict.
    ///
    /// # Errors
    /// As [`SharedDirectory::read`].
    pub fn begin(&self, caller: Option<Token>) -> Result<Level> {
        self.freshen(caller)?;
        let _admitted = self.admit(caller, Access::Write)?;
        let mut dir = self.data();
        self.guard(dir.as_mut(), |d| {
            d.begin_transaction();
            Ok(())
        })?;
        let mut gate = self.gate();
        if let Some(open) = gate.transaction.as_mut() {
            // The caller's own: the gate lets nobody else in while another token's is open.
            open.depth += 1;
            return Ok(Level { token: open.token, depth: open.depth });
        }
        let token = Token(gate.next_token);
        gate.next_token += 1;
        gate.transaction = Some(Open { token, depth: 1, threads: vec![thread::current().id()] });
        Ok(Level { token, depth: 1 })
    }

    /// Ends the innermost level of the transaction, committing it (the outermost level hands
    /// the whole transaction to the store as one change set) or rolling it back.
    ///
    /// # Errors
    /// `TransactionMisuse` when `level` is not the open transaction's innermost level; the
    /// store's error from a commit (the level is ended all the same); as [`SharedDirectory::read`].
    pub fn end(&self, level: Level, commit: bool) -> Result<()> {
        let _admitted = self.admit(Some(level.token), Access::Write)?;
        let depth = self.gate().transaction.as_ref().filter(|open| open.token == level.token).map(|open| open.depth);
        match depth {
            None => return Err(Error::TransactionMisuse(Misuse::NotOpen)),
            Some(depth) if depth != level.depth => return Err(Error::TransactionMisuse(Misuse::InnerOpen)),
            Some(_) => {}
        }
        let mut dir = self.data();
        let result = self.guard(dir.as_mut(), |d| {
            if commit {
                d.commit_transaction()
            } else {
                d.rollback_transaction();
                Ok(())
            }
        });
        self.pop_levels(level.token, level.depth);
        result
    }

    /// Ends `level` as [`end`](SharedDirectory::end) does, for a host's transaction object:
    /// whether the level is ended now (not after `TransactionMisuse`, which ends nothing), and
    /// the outcome, in which rolling back a transaction that closing the directory discarded is
    /// no error.
    pub fn finish(&self, level: Level, commit: bool) -> (bool, Result<()>) {
        match self.end(level, commit) {
            Err(error @ Error::TransactionMisuse(_)) => (false, Err(error)),
            Err(Error::Closed) if !commit => (true, Ok(())),
            outcome => (true, outcome),
        }
    }

    /// Rolls back `level` and the levels begun inside it, from any thread (for a transaction
    /// its owner abandoned). Does nothing when they are not open or the calling thread is
    /// inside a call on a directory.
    pub fn abandon(&self, level: Level) {
        let Ok(_admitted) = self.admit(Some(level.token), Access::Write) else { return };
        let open_depth = self.gate().transaction.as_ref().filter(|open| open.token == level.token).map(|o| o.depth);
        let Some(open_depth) = open_depth.filter(|&depth| depth >= level.depth) else { return };
        let mut dir = self.data();
        let _ = self.guard(dir.as_mut(), |d| {
            for _ in level.depth..=open_depth {
                d.rollback_transaction();
            }
            Ok(())
        });
        self.pop_levels(level.token, level.depth);
    }

    /// Runs `body` inside a transaction as `caller` and commits it, running it again when the
    /// commit meets another writer's change set (the transaction was rolled back and the
    /// directory caught up), at most `attempts` times: then [`vastuu::Error::Conflict`] with
    /// the count. So `body` may run more than once, each time on fresh state, and should only
    /// change the directory. `body` gets the transaction's level, whose token its calls carry.
    /// An error of `body` rolls the transaction back and is returned as it is. Inside the
    /// caller's open transaction it runs once, as a nested one (only the outermost commit can
    /// meet a conflict).
    ///
    /// # Errors
    /// `body`'s error; `Conflict`; the commit's and [`SharedDirectory::begin`]'s errors.
    pub fn run_transaction<R, E: From<Error>>(
        &self,
        caller: Option<Token>,
        attempts: u32,
        mut body: impl FnMut(Level) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let level = self.begin(caller)?;
            let outcome = body(level);
            let ended = if outcome.is_ok() {
                self.end(level, true)
            } else {
                self.abandon(level);
                Ok(())
            };
            match ended {
                Ok(()) => return outcome,
                Err(Error::Core(vastuu::Error::Conflict { .. })) if attempt < attempts => {}
                Err(Error::Core(vastuu::Error::Conflict { .. })) => {
                    return Err(Error::Core(vastuu::Error::Conflict { attempts: attempt }).into());
                }
                Err(error) => {
                    // A transaction `body` began inside and left open: end it and this one.
                    self.abandon(level);
                    return Err(error.into());
                }
            }
        }
    }

    /// Marks the levels from `depth` inwards of the token's transaction ended.
    fn pop_levels(&self, token: Token, depth: usize) {
        let mut gate = self.gate();
        let Some(open) = gate.transaction.as_mut().filter(|open| open.token == token) else { return };
        open.depth = depth - 1;
        if open.depth == 0 {
            gate.transaction = None;
            drop(gate);
            self.changed.notify_all();
        }
    }

    /// How many levels of transaction are open (0 when none).
    pub fn transaction_depth(&self) -> usize {
        self.gate().transaction.as_ref().map_or(0, |open| open.depth)
    }

    /// Whether a transaction is open (a host can skip looking up its caller's token when not).
    pub fn in_transaction(&self) -> bool {
        self.gate().transaction.is_some()
    }

    /// Closes the directory as `caller`: once no other token's transaction is open, drops the
    /// core directory (releasing its store and the store's lock); the caller's own open
    /// transaction is discarded with it. Every later call fails with `Closed`. Closing a closed
    /// or poisoned directory only marks it closed.
    ///
    /// # Errors
    /// `Reentered`, `TransactionBusy`; `Panicked` when dropping the directory panicked (it is
    /// closed all the same).
    pub fn close(&self, caller: Option<Token>) -> Result<()> {
        if self.refuse_after_fork().is_err() {
            return Ok(());
        }
        SharedDirectory::refuse_reentry()?;
        {
            let mut gate = self.gate();
            if gate.closed || gate.poisoned.is_some() {
                gate.closed = true;
                return Ok(());
            }
        }
        let dropped = {
            let admitted = match self.admit(caller, Access::Write) {
                Ok(admitted) => admitted,
                Err(Error::Closed | Error::Poisoned { .. }) => return Ok(()),
                Err(error) => return Err(error),
            };
            let dropped = self.data().take();
            let mut gate = self.gate();
            gate.closed = true;
            gate.transaction = None;
            drop(gate);
            drop(admitted);
            dropped
        };
        guarded(move || {
            drop(dropped);
            Ok(())
        })
    }

    /// Whether the directory was closed (also by [`SharedDirectory::close_after_fork`]). Never
    /// waits.
    pub fn is_closed(&self) -> bool {
        self.refuse_after_fork().is_err() || self.gate().closed
    }

    /// Closes the directory in a process forked from the one that made it (a host calls this in
    /// the child right after `fork()`; in the process that made it, it does nothing). Every later
    /// call fails with [`Error::ClosedAfterFork`], closing it does nothing.
    ///
    /// Waits for nothing: a thread of the parent may have held the gate or the directory at the
    /// fork, and that thread does not exist in the child. The core directory is dropped when
    /// nobody held it (its stores leave the parent's files, locks and connections alone when
    /// dropped in a child: the file store only closes the child's copies of its files, so the
    /// parent keeps its lock), otherwise left as it is until the child ends.
    pub fn close_after_fork(&self) {
        self.close_in(std::process::id());
    }

    fn close_in(&self, process: u32) {
        if process == self.opened_in {
            return;
        }
        self.forked_into.store(process, Ordering::Release);
        if let Ok(mut gate) = self.gate.try_lock() {
            gate.closed = true;
            gate.transaction = None;
        }
        let dropped = self.dir.try_write().ok().and_then(|mut dir| dir.take());
        let _ = catch_unwind(AssertUnwindSafe(move || drop(dropped)));
    }

    /// A testing aid: what [`SharedDirectory::close_after_fork`] does in a child, as if this
    /// process were a child `process` forked from the one that made the handle (which it is not:
    /// the directory is closed and dropped here as it would be there). Never needed outside
    /// tests.
    pub fn close_as_if_forked(&self, process: u32) {
        self.close_in(process);
    }

    /// A testing aid: makes the next call that reaches the core directory panic inside the
    /// panic boundary, as a bug in the library would, so a host can check what its users see
    /// (the handle poisoned). Never needed outside tests.
    pub fn panic_next_call(&self) {
        self.panic_next_call.store(true, Ordering::Relaxed);
    }
}

/// The panic [`SharedDirectory::panic_next_call`] asks for.
#[allow(clippy::panic)] // the testing aid's whole purpose
fn inject_panic() {
    panic!("panic injected by panic_next_call (a testing aid)");
}
