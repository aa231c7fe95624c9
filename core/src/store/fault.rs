//! Fault injection: make the N-th write, fsync, rename, truncation, file creation or removal of a
//! store fail, to prove that a failed write loses nothing and corrupts nothing.

use super::io::{Io, IoFile, OsIo};
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Debug, Default)]
struct FaultState {
    seen: u64,
    fail_at: Option<u64>,
    sticky: bool,
    injected: Vec<String>,
}

/// Which of a store's operations fail. Cloning gives another handle to the same plan, so a test
/// keeps one while the store owns the other.
///
/// Counted operations: for [`FileStore`](crate::FileStore), every write, fsync, rename,
/// truncation, file or folder creation and file removal; for `SqliteStore`, every statement
/// of a write (begin, insert, commit) and of upgrading an older database when it is opened; for
/// `PostgresStore`, the steps of storing a change set (begin, store, commit, acknowledgement),
/// where a failure drops the connection.
/// Reads are not counted. A failing write first writes half of its bytes, as a full disk would.
///
/// # Examples
/// ```
/// use vastuu::{Directory, FaultPlan, FileStore};
/// # let tmp = std::env::temp_dir().join(format!("vastuu-doc-fault-{}", std::process::id()));
/// # let _ = std::fs::remove_dir_all(&tmp);
/// let faults = FaultPlan::new();
/// let mut dir = Directory::with_store(FileStore::open_with_faults(&tmp, &faults)?)?;
/// faults.fail_nth(1); // the append of the next change set fails
/// assert!(dir.create_team("Huolto").is_err());
/// assert_eq!(dir.teams().count(), 0);
/// assert!(dir.create_team("Huolto").is_ok()); // the failure was undone; writing goes on
/// # drop(dir); std::fs::remove_dir_all(&tmp).unwrap();
/// # Ok::<(), vastuu::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct FaultPlan {
    state: Arc<Mutex<FaultState>>,
}

impl FaultPlan {
    /// A plan that fails nothing (yet).
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, FaultState> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Restarts counting; the `n`-th operation from now (1 = the next) fails, the others succeed.
    pub fn fail_nth(&self, n: u64) {
        let mut s = self.lock();
        *s = FaultState { fail_at: Some(n), ..FaultState::default() };
    }

    /// Restarts counting; the `n`-th operation from now and every one after it fail, as on a
    /// disk that died.
    pub fn fail_from_nth(&self, n: u64) {
        let mut s = self.lock();
        *s = FaultState { fail_at: Some(n), sticky: true, ..FaultState::default() };
    }

    /// Restarts counting and fails nothing.
    pub fn disarm(&self) {
        *self.lock() = FaultState::default();
    }

    /// Operations counted since the plan was last armed or disarmed.
    pub fn operations(&self) -> u64 {
        self.lock().seen
    }

    /// The operations made to fail since the plan was last armed, described.
    pub fn injected(&self) -> Vec<String> {
        self.lock().injected.clone()
    }

    /// Counts one operation; an error if it is to fail.
    pub(crate) fn check(&self, operation: &str, path: &Path) -> io::Result<()> {
        let mut s = self.lock();
        s.seen += 1;
        let fail = match s.fail_at {
            Some(n) if s.sticky => s.seen >= n,
            Some(n) => s.seen == n,
            None => false,
        };
        if fail {
            let what = format!("{operation} {} (operation {})", path.display(), s.seen);
            s.injected.push(what.clone());
            return Err(io::Error::other(format!("injected failure: {what}")));
        }
        Ok(())
    }
}

/// [`OsIo`] with a [`FaultPlan`] in front of every write.
pub(crate) struct FaultyIo {
    inner: OsIo,
    plan: FaultPlan,
}

impl FaultyIo {
    pub(crate) fn new(plan: FaultPlan) -> Self {
        FaultyIo { inner: OsIo, plan }
    }
}

impl Io for FaultyIo {
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        self.inner.read(path)
    }

    fn create_dir(&mut self, path: &Path) -> io::Result<()> {
        self.plan.check("create folder", path)?;
        self.inner.create_dir(path)
    }

    fn create(&mut self, path: &Path) -> io::Result<Box<dyn IoFile>> {
        self.plan.check("create", path)?;
        let file = self.inner.create(path)?;
        Ok(Box::new(FaultyFile { inner: file, plan: self.plan.clone(), path: path.to_path_buf() }))
    }

    fn open(&mut self, path: &Path) -> io::Result<Box<dyn IoFile>> {
        let file = self.inner.open(path)?;
        Ok(Box::new(FaultyFile { inner: file, plan: self.plan.clone(), path: path.to_path_buf() }))
    }

    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        self.plan.check("rename", from)?;
        self.inner.rename(from, to)
    }

    fn remove_file(&mut self, path: &Path) -> io::Result<()> {
        self.plan.check("remove", path)?;
        self.inner.remove_file(path)
    }

    fn sync_dir(&mut self, path: &Path) -> io::Result<()> {
        self.plan.check("fsync folder", path)?;
        self.inner.sync_dir(path)
    }
}

struct FaultyFile {
    inner: Box<dyn IoFile>,
    plan: FaultPlan,
    path: std::path::PathBuf,
}

impl IoFile for FaultyFile {
    fn write_at(&mut self, offset: u64, bytes: &[u8]) -> io::Result<()> {
        if let Err(e) = self.plan.check("write", &self.path) {
            // A write cut short: half of it reaches the file.
            let half = bytes.get(..bytes.len() / 2).unwrap_or_default();
            self.inner.write_at(offset, half)?;
            return Err(e);
        }
        self.inner.write_at(offset, bytes)
    }

    fn sync(&mut self) -> io::Result<()> {
        self.plan.check("fsync", &self.path)?;
        self.inner.sync()
    }

    fn set_len(&mut self, len: u64) -> io::Result<()> {
        self.plan.check("truncate", &self.path)?;
        self.inner.set_len(len)
    }
}
