//! The file store: a folder with a snapshot and an append-only journal of change sets.
//!
//! ```text
//! customers.vastuu/          the store: a folder
//!   vastuu.lock              held locked (flock) while a FileStore has the store open
//!   vastuu.journal           header, then one record per change set since the store began
//!   vastuu.snapshot          header, then one record: the state after change set `seq`
//!   vastuu.*.tmp             a file being replaced; removed when the store is opened
//! ```
//!
//! A change set is acknowledged only after its record is appended to the journal and fsynced.
//! A snapshot replaces the old one by write-temporary, fsync, rename, fsync of the folder, so the
//! snapshot file is always either the old or the new one, whole. The journal keeps every change
//! set, since the history of every customer and employee is read from it; a snapshot only
//! spares replaying what it covers. See [`format`](super::format) for the bytes.

use super::format::{self, FileKind};
use super::io::{Io, IoFile, OsIo};
use super::process::OpenedIn;
use super::record::FORMAT_VERSION;
use crate::error::StoreError;
use crate::model::ChangeSet;
use crate::store::{OpenReport, Repair, RepairKind, Snapshot, Store, Stored};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

pub(super) const JOURNAL: &str = "vastuu.journal";
pub(super) const SNAPSHOT: &str = "vastuu.snapshot";
const LOCK: &str = "vastuu.lock";
const JOURNAL_TMP: &str = "vastuu.journal.tmp";
pub(super) const SNAPSHOT_TMP: &str = "vastuu.snapshot.tmp";
/// The snapshot before the newest one, kept so that a damaged newest one can be done without.
pub(super) const SNAPSHOT_PREV: &str = "vastuu.snapshot.prev";
/// Bytes cut off the end of the journal when it was opened, kept as `vastuu.journal.cut-OFFSET`.
const CUT_PREFIX: &str = "vastuu.journal.cut-";
/// A damaged snapshot set aside when the store was opened: `vastuu.snapshot.damaged-N`.
pub(super) const DAMAGED_PREFIX: &str = "vastuu.snapshot.damaged-";
/// How long opening waits for a store another handle has locked before giving up.
pub(crate) const LOCK_WAIT: Duration = Duration::from_millis(250);
/// Every name the store puts in its folder.
const OWN_FILES: [&str; 6] = [JOURNAL, SNAPSHOT, LOCK, JOURNAL_TMP, SNAPSHOT_TMP, SNAPSHOT_PREV];

/// Whether `name` is a file the store puts in its folder.
fn own_file(name: &str) -> bool {
    OWN_FILES.contains(&name) || name.starts_with(CUT_PREFIX) || name.starts_with(DAMAGED_PREFIX)
}

fn io_error(operation: String, e: &io::Error) -> StoreError {
    StoreError::Io { operation, message: e.to_string() }
}

/// The bytes read when the store was opened, handed to the first [`Store::load`].
struct Opened {
    journal: Vec<u8>,
    snapshot: Option<Vec<u8>>,
}

/// What the file store knows of its journal's records, to read change sets back (the history),
/// and the room of the record being appended.
#[derive(Default)]
struct Records {
    /// Where each change set's record starts in the journal (change set 1's first): filled by
    /// `load`, extended by `commit`.
    offsets: Vec<u64>,
    /// The format version of the journal's records (the current one once opened).
    version: u32,
    /// A read-only handle on the journal, opened when first needed.
    reader: Option<File>,
    /// The record being appended, kept so that its room is reused.
    buf: Vec<u8>,
}

/// The embedded file store, the default on-disk backend: a folder holding a checksummed,
/// append-only journal of change sets and a snapshot (see `ARCHITECTURE.md` for the
/// layout, the record format and the guarantees).
///
/// One `FileStore` at a time can have a folder open; the folder stays locked until the store is
/// dropped.
///
/// A process forked from the one that opened the store cannot use it: every call that reads or
/// writes its files there is [`StoreError::UsedAfterFork`] (the child shares the journal and the
/// lock, but would number its change sets on its own). Dropping the store in the child only
/// closes the child's copies of the files: the lock (`flock`, which belongs to the open file
/// the parent shares) stays the parent's, and nothing is written or removed.
///
/// # Examples
/// ```
/// use vastuu::{Directory, FileStore, NewCustomer};
/// # let path = std::env::temp_dir().join(format!("vastuu-doc-file-{}", std::process::id()));
/// # let _ = std::fs::remove_dir_all(&path);
/// let mut dir = Directory::with_store(FileStore::open(&path)?)?;
/// let id = dir.create_customer(NewCustomer::new("Esimerkki Oy"))?;
/// drop(dir);
///
/// let dir = Directory::open(&path)?; // the same as with_store(FileStore::open(path)?)
/// assert_eq!(dir.customer(id)?.name, "Esimerkki Oy");
/// # drop(dir); std::fs::remove_dir_all(&path).unwrap();
/// # Ok::<(), vastuu::Error>(())
/// ```
pub struct FileStore {
    dir: PathBuf,
    io: Box<dyn Io>,
    journal: Box<dyn IoFile>,
    /// End of the last durable record.
    journal_len: u64,
    /// Where the records are, to read change sets back.
    records: Records,
    opened: Option<Opened>,
    /// Set when a failed write could not be undone; every later write is refused.
    broken: Option<String>,
    /// The process that opened the store: the only one that may use it.
    process: OpenedIn,
    /// What opening the store mended.
    report: OpenReport,
    /// Held locked for the store's lifetime.
    _lock: File,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore")
            .field("dir", &self.dir)
            .field("journal_len", &self.journal_len)
            .field("broken", &self.broken)
            .finish_non_exhaustive()
    }
}

impl FileStore {
    /// Opens the store in the folder `path`, creating the folder and an empty store if `path`
    /// does not exist (its parent must) or is an empty folder.
    ///
    /// A journal whose last record was cut short by a crash (it was never acknowledged) is cut
    /// back to its last whole record. A journal or snapshot written in an older format (see
    /// [`FORMAT_VERSION`]) is rewritten in the current one, each file
    /// replaced atomically; a file of a newer format is refused before anything is written.
    ///
    /// # Errors
    /// - [`StoreError::NotAStore`]: `path` is a file, or a folder with other files and no journal;
    ///   or the journal is not a vastuu journal. Nothing is changed.
    /// - [`StoreError::UnsupportedVersion`]: written by a newer version of the library.
    /// - [`StoreError::Locked`]: another `FileStore`, in this or another process, has it open
    ///   (after waiting a quarter of a second for it to close).
    /// - [`StoreError::CorruptFile`] / [`StoreError::Corrupt`]: damaged files.
    /// - [`StoreError::Io`]: the operating system refused something.
    pub fn open(path: impl AsRef<Path>) -> Result<FileStore, StoreError> {
        Self::open_with(path.as_ref(), Box::new(OsIo))
    }

    /// [`FileStore::open`], with every write going through `faults` (opening included).
    ///
    /// # Errors
    /// As [`FileStore::open`], plus the failures `faults` injects.
    #[cfg(feature = "fault-injection")]
    pub fn open_with_faults(path: impl AsRef<Path>, faults: &super::FaultPlan) -> Result<FileStore, StoreError> {
        Self::open_with(path.as_ref(), Box::new(super::fault::FaultyIo::new(faults.clone())))
    }

    /// [`FileStore::open`] on a [`SimulatedDisk`](super::SimulatedDisk): every file operation
    /// (opening included) goes through `disk`, which counts it and keeps what a crash after it
    /// would leave.
    ///
    /// # Errors
    /// As [`FileStore::open`].
    #[cfg(feature = "fault-injection")]
    pub fn open_on_simulated_disk(
        path: impl AsRef<Path>,
        disk: &super::SimulatedDisk,
    ) -> Result<FileStore, StoreError> {
        Self::open_with(path.as_ref(), Box::new(disk.io()))
    }

    /// The store's folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Decodes the bytes of a journal file: its change sets, and where the valid records end
    /// (a torn last record after that point is ignored, as opening the store does).
    ///
    /// # Errors
    /// [`StoreError::NotAStore`], [`StoreError::UnsupportedVersion`] or
    /// [`StoreError::CorruptFile`], as opening a store with this journal would give.
    pub fn decode_journal(bytes: &[u8]) -> Result<(Vec<ChangeSet>, u64), StoreError> {
        let path = Path::new(JOURNAL);
        let scanned = format::scan_journal(bytes, path)?;
        Ok((format::decode_change_sets(&scanned, path)?, scanned.valid_len as u64))
    }

    /// Decodes the bytes of a snapshot file.
    ///
    /// # Errors
    /// [`StoreError::NotAStore`], [`StoreError::UnsupportedVersion`] or
    /// [`StoreError::CorruptFile`].
    pub fn decode_snapshot(bytes: &[u8]) -> Result<Snapshot, StoreError> {
        format::decode_snapshot_file(bytes, Path::new(SNAPSHOT))
    }

    /// A store on the folder `dir`, locked by `lock`, before its files are opened.
    fn locked(dir: PathBuf, io: Box<dyn Io>, lock: File) -> FileStore {
        let (journal, process) = (Box::new(NoFile), OpenedIn::here());
        let (report, records) = (OpenReport::default(), Records::default());
        FileStore {
            journal,
            journal_len: 0,
            records,
            opened: None,
            broken: None,
            process,
            report,
            _lock: lock,
            io,
            dir,
        }
    }

    fn open_with(path: &Path, mut io: Box<dyn Io>) -> Result<FileStore, StoreError> {
        let dir = path.to_path_buf();
        prepare_folder(&dir, io.as_mut())?;

        let lock = lock_folder(&dir)?;
        let mut store = FileStore::locked(dir, io, lock);
        store.remove_temporary_files()?;

        let journal_path = store.dir.join(JOURNAL);
        let snapshot_path = store.dir.join(SNAPSHOT);
        if !journal_path.exists() {
            if snapshot_path.exists() {
                return Err(StoreError::Corrupt {
                    detail: format!("{} exists but {} is missing", snapshot_path.display(), journal_path.display()),
                });
            }
            store.replace_file(JOURNAL, JOURNAL_TMP, &format::file_header(FileKind::Journal), None)?;
        }

        // Read and check both files before anything is written to either.
        let mut journal_bytes =
            store.io.read(&journal_path).map_err(|e| io_error(format!("reading {}", journal_path.display()), &e))?;
        let scanned = format::scan_journal(&journal_bytes, &journal_path)?;
        let (journal_version, mut valid_len, mut torn) = (scanned.version, scanned.valid_len, scanned.torn.is_some());
        if let Some((offset, problem)) = scanned.torn {
            // Keep the bytes about to be cut (by the upgrade or the cut below) before either.
            store.save_torn_tail(&journal_bytes, offset, problem)?;
        }
        let mut snapshot = match store.io.read(&snapshot_path) {
            Ok(bytes) => match format::check_file_header(&bytes, &snapshot_path, FileKind::Snapshot) {
                Ok(version) => Some((version, bytes)),
                Err(newer @ StoreError::UnsupportedVersion { .. }) => return Err(newer),
                // A damaged header: loading finds it again and falls back to the previous one.
                Err(_) => Some((FORMAT_VERSION, bytes)),
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(format!("reading {}", snapshot_path.display()), &e)),
        };

        // A file of an older format is rewritten in the current one, each file on its own and
        // atomically (as a snapshot is replaced), so that records are only ever appended to a
        // journal of the current format. A crash in between leaves files of either format, each
        // read by its own header's version.
        if journal_version < FORMAT_VERSION {
            let change_sets = format::decode_change_sets(&scanned, &journal_path)?;
            let upgraded = format::journal_file(&change_sets)?;
            store.replace_file(JOURNAL, JOURNAL_TMP, &upgraded, None)?;
            (valid_len, torn) = (upgraded.len(), false);
            journal_bytes = upgraded;
        }
        if let Some((version, bytes)) = &snapshot {
            if *version < FORMAT_VERSION {
                let upgraded = format::snapshot_file(&format::decode_snapshot_file(bytes, &snapshot_path)?)?;
                store.replace_file(SNAPSHOT, SNAPSHOT_TMP, &upgraded, None)?;
                snapshot = Some((FORMAT_VERSION, upgraded));
            }
        }

        store.journal =
            store.io.open(&journal_path).map_err(|e| io_error(format!("opening {}", journal_path.display()), &e))?;
        if torn {
            // Cut the torn record away before anything is appended after it.
            store
                .journal
                .set_len(valid_len as u64)
                .and_then(|()| store.journal.sync())
                .map_err(|e| io_error(format!("cutting the torn last record off {}", journal_path.display()), &e))?;
            journal_bytes.truncate(valid_len);
        }
        store.journal_len = valid_len as u64;
        let snapshot = snapshot.map(|(_, bytes)| bytes);
        store.opened = Some(Opened { journal: journal_bytes, snapshot });
        Ok(store)
    }

    /// Removes what a crash left of a file being replaced.
    fn remove_temporary_files(&mut self) -> Result<(), StoreError> {
        for tmp in [JOURNAL_TMP, SNAPSHOT_TMP] {
            let tmp = self.dir.join(tmp);
            if tmp.exists() {
                self.io.remove_file(&tmp).map_err(|e| io_error(format!("removing {}", tmp.display()), &e))?;
            }
        }
        Ok(())
    }

    /// Copies the journal's torn or damaged last record (from `offset` to the end) to a file
    /// beside it, fsynced, and notes it in the open report; the caller then cuts it off.
    fn save_torn_tail(&mut self, journal: &[u8], offset: usize, problem: &str) -> Result<(), StoreError> {
        let tail = journal.get(offset..).unwrap_or_default();
        let kind = if format::is_cut_short(problem) { RepairKind::TornRecord } else { RepairKind::DamagedLastRecord };
        let side = self.free_name(&format!("{CUT_PREFIX}{offset}"));
        let written = self.io.create(&side).and_then(|mut file| {
            file.write_at(0, tail)?;
            file.sync()
        });
        written
            .and_then(|()| self.io.sync_dir(&self.dir))
            .map_err(|e| io_error(format!("keeping the journal's last record in {}", side.display()), &e))?;
        let what = match kind {
            RepairKind::TornRecord => "was cut short by a crash while it was written (never acknowledged)",
            _ => "is whole but fails its checksum (it may have been acknowledged and damaged since)",
        };
        self.report.repairs.push(Repair {
            kind,
            path: self.dir.join(JOURNAL),
            offset: offset as u64,
            bytes: tail.len() as u64,
            detail: format!(
                "the last record of {} at byte {offset} ({problem}) {what}; its {} bytes were cut off and kept in {}",
                self.dir.join(JOURNAL).display(),
                tail.len(),
                side.display()
            ),
            saved_to: Some(side),
        });
        Ok(())
    }

    /// `base` in the store's folder, or `base.2`, `base.3`, … if taken.
    fn free_name(&self, base: &str) -> PathBuf {
        let mut path = self.dir.join(base);
        let mut n = 2;
        while path.exists() {
            path = self.dir.join(format!("{base}.{n}"));
            n += 1;
        }
        path
    }

    /// The snapshot to load: the newest one, or, when it is damaged, the previous one (the
    /// damaged one is then set aside and the fallback reported). A snapshot newer than the
    /// journal is refused, as loading anything else would drop the change sets only it holds.
    fn choose_snapshot(&mut self, newest: Option<Vec<u8>>, last: u64) -> Result<Option<Snapshot>, StoreError> {
        let path = self.dir.join(SNAPSHOT);
        let damaged = match newest.map(|bytes| format::decode_snapshot_file(&bytes, &path)) {
            Some(Ok(snapshot)) => return self.not_past_journal(snapshot, &path, last).map(Some),
            Some(Err(damaged)) => Some(damaged),
            None => None,
        };
        let prev_path = self.dir.join(SNAPSHOT_PREV);
        let previous = match self.io.read(&prev_path) {
            Ok(bytes) => Some(format::decode_snapshot_file(&bytes, &prev_path)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(format!("reading {}", prev_path.display()), &e)),
        };
        match (damaged, previous) {
            // No newest snapshot: a crash while one replaced it (or none was ever written).
            (None, None) => Ok(None),
            (None, Some(previous)) => self.not_past_journal(previous?, &prev_path, last).map(Some),
            (Some(damaged), Some(Ok(previous))) if previous.seq <= last => {
                self.set_aside_snapshot(&damaged, previous.seq)?;
                Ok(Some(previous))
            }
            (Some(damaged), _) => Err(damaged),
        }
    }

    fn not_past_journal(&self, snapshot: Snapshot, path: &Path, last: u64) -> Result<Snapshot, StoreError> {
        if snapshot.seq > last {
            return Err(StoreError::Corrupt {
                detail: format!(
                    "{} is of change set {}, but {} ends at change set {last} (a copy taken while the store was                      written?); vastuu::salvage recovers the snapshot's state into a new store",
                    path.display(),
                    snapshot.seq,
                    self.dir.join(JOURNAL).display()
                ),
            });
        }
        Ok(snapshot)
    }

    /// Renames the damaged newest snapshot out of the way (its bytes kept whole) and reports it.
    fn set_aside_snapshot(&mut self, damage: &StoreError, previous_seq: u64) -> Result<(), StoreError> {
        let path = self.dir.join(SNAPSHOT);
        let bytes = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let aside = self.free_name(&format!("{DAMAGED_PREFIX}1"));
        self.io
            .rename(&path, &aside)
            .and_then(|()| self.io.sync_dir(&self.dir))
            .map_err(|e| io_error(format!("setting the damaged {} aside", path.display()), &e))?;
        self.report.repairs.push(Repair {
            kind: RepairKind::SnapshotFallback,
            detail: format!(
                "{damage}; loaded the previous snapshot (of change set {previous_seq}) and the journal after it \
                 instead, and moved the damaged one to {}",
                aside.display()
            ),
            path,
            offset: 0,
            bytes,
            saved_to: Some(aside),
        });
        Ok(())
    }

    fn usable(&self) -> Result<(), StoreError> {
        self.process.check()?;
        match &self.broken {
            Some(cause) => Err(StoreError::NeedsReopen { cause: cause.clone() }),
            None => Ok(()),
        }
    }

    /// Replaces `name` by a file holding `bytes`: write a temporary file, fsync it, (rename the
    /// old `name` to `keep_as`,) rename it over `name`, fsync the folder.
    fn replace_file(
        &mut self,
        name: &str,
        tmp_name: &str,
        bytes: &[u8],
        keep_as: Option<&str>,
    ) -> Result<(), StoreError> {
        let target = self.dir.join(name);
        let tmp = self.dir.join(tmp_name);
        let written = self.io.create(&tmp).and_then(|mut file| {
            file.write_at(0, bytes)?;
            file.sync()
        });
        // A crash between the two renames leaves no `name` but `keep_as`, which loading uses.
        let kept = written.and_then(|()| match keep_as {
            Some(keep) if target.exists() => self.io.rename(&target, &self.dir.join(keep)),
            _ => Ok(()),
        });
        let renamed = kept.and_then(|()| self.io.rename(&tmp, &target));
        if let Err(e) = renamed {
            // Best effort: a temporary file left behind is removed at the next open.
            let _ = self.io.remove_file(&tmp);
            return Err(io_error(format!("writing {}", target.display()), &e));
        }
        // The rename is done; until the folder is fsynced a crash may bring back the old file,
        // which is consistent with the journal too.
        self.io.sync_dir(&self.dir).map_err(|e| io_error(format!("fsync of folder {}", self.dir.display()), &e))
    }

    fn read_files(&mut self) -> Result<Opened, StoreError> {
        let journal_path = self.dir.join(JOURNAL);
        let journal =
            self.io.read(&journal_path).map_err(|e| io_error(format!("reading {}", journal_path.display()), &e))?;
        let snapshot_path = self.dir.join(SNAPSHOT);
        let snapshot = match self.io.read(&snapshot_path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(format!("reading {}", snapshot_path.display()), &e)),
        };
        Ok(Opened { journal, snapshot })
    }
}

impl FileStore {
    /// Notes where each change set's record starts, from a scan of the whole journal.
    fn index_records(&mut self, scanned: &format::ScannedJournal<'_>) {
        self.records.offsets.clear();
        self.records.offsets.extend(scanned.records.iter().map(|&(offset, _)| offset as u64));
        self.records.version = scanned.version;
    }

    /// Reads `count` change sets from `first` on, whose records lie back to back in the
    /// journal, with one positioned read, and decodes them into `out`.
    fn read_run(&mut self, first: u64, count: u64, out: &mut Vec<ChangeSet>) -> Result<(), StoreError> {
        let path = self.dir.join(JOURNAL);
        let last = first.saturating_add(count - 1);
        let offset_of =
            |seq: u64| usize::try_from(seq.checked_sub(1)?).ok().and_then(|i| self.records.offsets.get(i).copied());
        let start = offset_of(first).ok_or_else(|| super::not_stored(first, &path.display().to_string()))?;
        if offset_of(last).is_none() {
            return Err(super::not_stored(last, &path.display().to_string()));
        }
        let end = offset_of(last.saturating_add(1)).unwrap_or(self.journal_len);
        let len = usize::try_from(end.saturating_sub(start))
            .map_err(|_| StoreError::Failed(format!("{count} change sets are too many to read at once")))?;
        let reader = match &mut self.records.reader {
            Some(reader) => reader,
            None => self
                .records
                .reader
                .insert(File::open(&path).map_err(|e| io_error(format!("opening {}", path.display()), &e))?),
        };
        let mut bytes = vec![0; len];
        let read = reader.seek(SeekFrom::Start(start)).and_then(|_| reader.read_exact(&mut bytes));
        match read {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                return Err(StoreError::CorruptFile {
                    path,
                    offset: start,
                    detail: format!("the records of change sets {first} to {last} run past the end of the file"),
                })
            }
            Err(e) => return Err(io_error(format!("reading {}", path.display()), &e)),
        }
        format::decode_records_at(&bytes, start, self.records.version, first, &path, out)
    }
}

/// Locks the folder of an existing store without opening it (salvage reads it as it is).
pub(super) fn lock_existing(dir: &Path) -> Result<File, StoreError> {
    if !dir.is_dir() {
        let reason = "not a folder; a file store is a folder".to_owned();
        return Err(StoreError::NotAStore { path: dir.to_path_buf(), reason });
    }
    lock_folder(dir)
}

fn lock_folder(dir: &Path) -> Result<File, StoreError> {
    let path = dir.join(LOCK);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| io_error(format!("opening {}", path.display()), &e))?;
    // A lock held only for a moment is waited for: a process being started elsewhere in this
    // program holds a copy of every open file until it executes its program.
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
            Err(TryLockError::WouldBlock) => return Err(StoreError::Locked { path: dir.to_path_buf() }),
            Err(TryLockError::Error(e)) => return Err(io_error(format!("locking {}", path.display()), &e)),
        }
    }
}

/// Stands in for the journal while the store is being opened.
struct NoFile;

impl IoFile for NoFile {
    fn write_at(&mut self, _: u64, _: &[u8]) -> io::Result<()> {
        Err(io::Error::other("the journal is not open"))
    }
    fn sync(&mut self) -> io::Result<()> {
        Err(io::Error::other("the journal is not open"))
    }
    fn set_len(&mut self, _: u64) -> io::Result<()> {
        Err(io::Error::other("the journal is not open"))
    }
}

impl Store for FileStore {
    fn load(&mut self) -> Result<Stored, StoreError> {
        self.process.check()?;
        let opened = match self.opened.take() {
            Some(opened) => opened,
            None => self.read_files()?,
        };
        let journal_path = self.dir.join(JOURNAL);
        let scanned = format::scan_journal(&opened.journal, &journal_path)?;
        let change_sets = format::decode_change_sets(&scanned, &journal_path)?;
        self.index_records(&scanned);
        let last = change_sets.last().map_or(0, |cs| cs.seq);
        let snapshot = self.choose_snapshot(opened.snapshot, last)?;
        Ok(Stored { snapshot, change_sets })
    }

    fn commit(&mut self, change_set: &ChangeSet) -> Result<(), StoreError> {
        self.usable()?;
        self.opened = None;
        let mut record = std::mem::take(&mut self.records.buf);
        record.clear();
        format::append_change_set_record(change_set, &mut record)?;
        let at = self.journal_len;
        let appended = self.journal.write_at(at, &record).and_then(|()| self.journal.sync());
        if let Err(e) = appended {
            // Cut the journal back so the change set cannot reappear; if even that fails, the
            // file's end is unknown and nothing more may be appended.
            if let Err(undo) = self.journal.set_len(at).and_then(|()| self.journal.sync()) {
                let cause = format!(
                    "appending change set {} to {} failed ({e}) and cutting it back failed too ({undo})",
                    change_set.seq,
                    self.dir.join(JOURNAL).display()
                );
                self.broken = Some(cause.clone());
                return Err(StoreError::OutcomeUnknown { seq: change_set.seq, cause });
            }
            return Err(io_error(
                format!("appending change set {} to {}", change_set.seq, self.dir.join(JOURNAL).display()),
                &e,
            ));
        }
        self.journal_len = at + record.len() as u64;
        if self.records.offsets.len() as u64 + 1 == change_set.seq {
            self.records.offsets.push(at);
        }
        self.records.buf = record;
        Ok(())
    }

    fn write_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), StoreError> {
        self.usable()?;
        self.opened = None;
        let bytes = format::snapshot_file(snapshot)?;
        self.replace_file(SNAPSHOT, SNAPSHOT_TMP, &bytes, Some(SNAPSHOT_PREV))
    }

    fn open_report(&self) -> OpenReport {
        self.report.clone()
    }

    /// Reads the records back from the journal (one read per run of consecutive change sets)
    /// and checks their checksums again.
    fn read_change_sets(&mut self, seqs: &[u64]) -> Result<Vec<ChangeSet>, StoreError> {
        self.process.check()?;
        let mut out = Vec::with_capacity(seqs.len());
        let mut rest = seqs;
        while let Some(&first) = rest.first() {
            let run = 1 + rest.windows(2).take_while(|w| w[1] == w[0].wrapping_add(1)).count();
            self.read_run(first, run as u64, &mut out)?;
            rest = rest.get(run..).unwrap_or_default();
        }
        crate::store::check_read(seqs, &out, &self.dir.join(JOURNAL).display().to_string())?;
        Ok(out)
    }

    fn read_change_set_range(&mut self, first: u64, last: u64) -> Result<Vec<ChangeSet>, StoreError> {
        self.process.check()?;
        let mut out = Vec::new();
        if first <= last {
            self.read_run(first, last - first + 1, &mut out)?;
        }
        Ok(out)
    }

    /// None (no other handle can write to the folder), but refused in a forked child, so that
    /// catching up there fails as every other use of the store does.
    fn changes_since(&mut self, seq: u64) -> Result<Vec<ChangeSet>, StoreError> {
        let _ = seq;
        self.process.check()?;
        Ok(Vec::new())
    }
}
/// Checks that `dir` is a store folder, or a new or empty one (creating it when missing).
fn prepare_folder(dir: &Path, io: &mut dyn Io) -> Result<(), StoreError> {
    let not_a_store = |reason: &str| StoreError::NotAStore { path: dir.to_path_buf(), reason: reason.into() };
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            let entries = fs::read_dir(dir).map_err(|e| io_error(format!("listing {}", dir.display()), &e))?;
            let mut has_journal = false;
            let mut foreign = None;
            for entry in entries {
                let entry = entry.map_err(|e| io_error(format!("listing {}", dir.display()), &e))?;
                let name = entry.file_name();
                match name.to_str() {
                    Some(JOURNAL) => has_journal = true,
                    Some(n) if own_file(n) => {}
                    _ => foreign = Some(name),
                }
            }
            if let (false, Some(name)) = (has_journal, foreign) {
                return Err(not_a_store(&format!(
                    "a folder holding {name:?} and no {JOURNAL}; a new store needs a new or empty folder"
                )));
            }
        }
        Ok(_) => return Err(not_a_store("a file, not a folder; a file store is a folder")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            match io.create_dir(dir) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io_error(format!("creating folder {}", dir.display()), &e)),
            }
            let parent = match dir.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            io.sync_dir(parent).map_err(|e| io_error(format!("fsync of folder {}", parent.display()), &e))?;
        }
        Err(e) => return Err(io_error(format!("reading {}", dir.display()), &e)),
    }
    Ok(())
}
