//! A simulated disk that forgets, at a crash, whatever was not made durable: the file store's
//! writes go through to the real files, while the disk keeps a model of what an fsync has made
//! durable, and builds the folder a crash after any operation would leave.
//!
//! The model follows Linux: a file's contents (its length included) become durable only by an
//! fsync of that file (fdatasync will do); a folder's entries (files created, renamed or removed in
//! it) become durable only by an fsync of that folder. A new file is durable as an empty file that
//! no folder names yet; a rename is atomic, and durable once its folder is fsynced.

use super::io::{Io, IoFile, OsIo};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// What a folder names: a file (by its number in the model) or a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    File(usize),
    Folder,
}

#[derive(Clone, Debug, Default)]
struct Folder {
    durable: BTreeMap<OsString, Entry>,
    volatile: BTreeMap<OsString, Entry>,
}

impl Folder {
    /// The entries a crash leaves.
    fn entries(&self, crash: Crash) -> &BTreeMap<OsString, Entry> {
        match crash {
            Crash::UnsyncedEntries => &self.volatile,
            _ => &self.durable,
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Inode {
    durable: Vec<u8>,
    volatile: Vec<u8>,
    /// False for a file that was there before the disk saw its folder, until it is first used.
    loaded: bool,
}

/// One step of the disk's history. The counted ones are the operations; `Adopt` and `Load` take
/// in what was there before the disk saw it.
#[derive(Clone, Debug)]
enum Event {
    Adopt {
        folder: PathBuf,
        files: Vec<OsString>,
        folders: Vec<OsString>,
    },
    Load {
        file: usize,
        bytes: Vec<u8>,
    },
    CreateDir {
        path: PathBuf,
    },
    Create {
        path: PathBuf,
    },
    Rename {
        from: PathBuf,
        to: PathBuf,
    },
    Remove {
        path: PathBuf,
    },
    SyncDir {
        path: PathBuf,
        ignored: bool,
    },
    Write {
        file: usize,
        offset: u64,
        bytes: Vec<u8>,
    },
    Sync {
        file: usize,
        ignored: bool,
    },
    SetLen {
        file: usize,
        len: u64,
    },
    /// An operation the operating system refused: counted, and nothing changed.
    Failed,
}

#[derive(Clone, Debug)]
struct Logged {
    event: Event,
    /// Set for the counted operations: what it was, for messages.
    what: Option<String>,
}

/// The folder holding `path` and the name `path` has in it.
fn split(path: &Path) -> io::Result<(PathBuf, OsString)> {
    let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "a path without a name"))?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((folder, name.to_os_string()))
}

/// The files and folders the disk knows, durable and volatile.
#[derive(Clone, Debug, Default)]
struct Model {
    folders: BTreeMap<PathBuf, Folder>,
    files: Vec<Inode>,
}

impl Model {
    fn entry(&self, path: &Path) -> Option<Entry> {
        let (folder, name) = split(path).ok()?;
        self.folders.get(&folder)?.volatile.get(&name).copied()
    }

    fn folder_mut(&mut self, path: &Path) -> &mut Folder {
        self.folders.entry(path.to_path_buf()).or_default()
    }

    fn link(&mut self, path: &Path, entry: Option<Entry>) {
        if let Ok((folder, name)) = split(path) {
            let entries = &mut self.folder_mut(&folder).volatile;
            match entry {
                Some(entry) => entries.insert(name, entry),
                None => entries.remove(&name),
            };
        }
    }

    fn apply(&mut self, event: &Event) {
        match event {
            Event::Adopt { folder, files, folders } => {
                let mut entries = BTreeMap::new();
                for name in files {
                    entries.insert(name.clone(), Entry::File(self.files.len()));
                    self.files.push(Inode::default());
                }
                entries.extend(folders.iter().map(|name| (name.clone(), Entry::Folder)));
                self.folders.insert(folder.clone(), Folder { durable: entries.clone(), volatile: entries });
            }
            Event::Load { file, bytes } => {
                if let Some(inode) = self.files.get_mut(*file) {
                    *inode = Inode { durable: bytes.clone(), volatile: bytes.clone(), loaded: true };
                }
            }
            Event::CreateDir { path } => {
                self.link(path, Some(Entry::Folder));
                self.folders.insert(path.clone(), Folder::default());
            }
            Event::Create { path } => match self.entry(path) {
                Some(Entry::File(file)) => self.files[file].volatile.clear(),
                _ => {
                    self.link(path, Some(Entry::File(self.files.len())));
                    self.files.push(Inode { loaded: true, ..Inode::default() });
                }
            },
            Event::Rename { from, to } => {
                let entry = self.entry(from);
                self.link(from, None);
                self.link(to, entry);
            }
            Event::Remove { path } => self.link(path, None),
            Event::SyncDir { path, ignored: false } => {
                let folder = self.folder_mut(path);
                folder.durable = folder.volatile.clone();
            }
            Event::Write { file, offset, bytes } => overlay(&mut self.files[*file].volatile, *offset, bytes),
            Event::Sync { file, ignored: false } => {
                let inode = &mut self.files[*file];
                inode.durable = inode.volatile.clone();
            }
            Event::SetLen { file, len } => self.files[*file].volatile.resize(usize_of(*len), 0),
            Event::SyncDir { ignored: true, .. } | Event::Sync { ignored: true, .. } | Event::Failed => {}
        }
    }

    /// Whether `folder` exists after the crash: it was there before the disk saw its parent, or
    /// its parent exists and durably names it.
    fn survives(&self, folder: &Path, crash: Crash) -> bool {
        let Ok((parent, name)) = split(folder) else { return true };
        match self.folders.get(&parent) {
            None => true,
            Some(p) => p.entries(crash).get(&name) == Some(&Entry::Folder) && self.survives(&parent, crash),
        }
    }

    fn image(&self, crash: Crash, last: Option<&Event>) -> CrashImage {
        let mut folders = BTreeMap::new();
        for (path, folder) in &self.folders {
            if !self.survives(path, crash) {
                continue;
            }
            let mut entries = BTreeMap::new();
            for (name, entry) in folder.entries(crash) {
                let content = match *entry {
                    Entry::Folder => Content::Folder,
                    Entry::File(file) if !self.files[file].loaded => Content::Untouched(path.join(name)),
                    Entry::File(file) => Content::File(self.contents(file, crash, last)),
                };
                entries.insert(name.clone(), content);
            }
            folders.insert(path.clone(), entries);
        }
        CrashImage { folders }
    }

    fn contents(&self, file: usize, crash: Crash, last: Option<&Event>) -> Vec<u8> {
        let inode = &self.files[file];
        match (crash, last) {
            (Crash::UnsyncedData, _) => inode.volatile.clone(),
            (Crash::Torn { keep }, Some(Event::Write { file: written, offset, bytes })) if *written == file => {
                let mut contents = inode.durable.clone();
                overlay(&mut contents, *offset, bytes.get(..keep).unwrap_or(bytes));
                contents
            }
            (Crash::ZeroFilled, Some(Event::Write { file: written, offset, bytes })) if *written == file => {
                let mut contents = inode.durable.clone();
                overlay(&mut contents, *offset, &vec![0; bytes.len()]);
                contents
            }
            _ => inode.durable.clone(),
        }
    }
}

fn usize_of(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Writes `bytes` into `contents` at `offset`, filling a gap before it with zeros.
fn overlay(contents: &mut Vec<u8>, offset: u64, bytes: &[u8]) {
    let start = usize_of(offset);
    let end = start.saturating_add(bytes.len());
    if contents.len() < end {
        contents.resize(end, 0);
    }
    contents[start..end].copy_from_slice(bytes);
}

#[derive(Debug, Default)]
struct DiskState {
    model: Model,
    log: Vec<Logged>,
    operations: u64,
    ignored_files: BTreeSet<OsString>,
    ignored_folders: BTreeSet<PathBuf>,
}

impl DiskState {
    fn record(&mut self, event: Event, what: Option<String>) {
        self.model.apply(&event);
        self.log.push(Logged { event, what });
    }

    /// Takes in the folder holding `path` as the disk first sees it: what is in it was durable.
    fn adopt_folder_of(&mut self, path: &Path) -> io::Result<()> {
        let (folder, _) = split(path)?;
        self.adopt(&folder);
        Ok(())
    }

    fn adopt(&mut self, folder: &Path) {
        if self.model.folders.contains_key(folder) {
            return;
        }
        let (mut files, mut folders) = (Vec::new(), Vec::new());
        // A folder that cannot be listed does not exist yet: the operation on it fails.
        let Ok(listing) = fs::read_dir(folder) else { return };
        for entry in listing.flatten() {
            match entry.file_type() {
                Ok(t) if t.is_dir() => folders.push(entry.file_name()),
                Ok(_) => files.push(entry.file_name()),
                Err(_) => {}
            }
        }
        files.sort();
        folders.sort();
        self.record(Event::Adopt { folder: folder.to_path_buf(), files, folders }, None);
    }

    /// Reads the contents of a file that was there before the disk saw it, before it changes.
    fn load(&mut self, path: &Path) -> io::Result<()> {
        self.adopt_folder_of(path)?;
        if let Some(Entry::File(file)) = self.model.entry(path) {
            if !self.model.files[file].loaded {
                let bytes = fs::read(path)?;
                self.record(Event::Load { file, bytes }, None);
            }
        }
        Ok(())
    }

    /// Counts an operation and records what it did, or that it failed.
    fn operation<T>(&mut self, what: String, result: io::Result<T>, event: Event) -> io::Result<T> {
        self.operations += 1;
        let what = Some(format!("{what} (operation {})", self.operations));
        match result {
            Ok(value) => {
                self.record(event, what);
                Ok(value)
            }
            Err(e) => {
                self.record(Event::Failed, what);
                Err(e)
            }
        }
    }
}

/// A simulated disk for the file store: it counts the store's operations and knows, after each,
/// which folder a crash would leave, so that a test can check the store with every fsync it
/// relies on and nothing more. Cloning gives another handle to the same disk, so a test keeps
/// one while the store owns the other. See
/// [`FileStore::open_on_simulated_disk`](crate::FileStore::open_on_simulated_disk).
///
/// Writes go through to the real files, so the store (and anything reading its folder) sees them
/// as on a disk that never crashes. Alongside, the disk keeps what is **durable**: a file's
/// contents as of its last fsync (fdatasync; a new file is empty), a folder's entries as of its
/// last fsync (a created, renamed or removed file is named, moved or gone only in the live folder
/// until then). What was in a folder before the disk first saw it counts as durable.
///
/// Counted operations, as [`FaultPlan`](crate::FaultPlan) counts them: every write, fsync of a
/// file or a folder, rename, truncation, file or folder creation and file removal. A
/// [`CrashReplay`] goes through them one at a time and gives the [`CrashImage`] a crash right
/// after each would leave: only what was durable ([`Crash::Durable`]), the write in flight cut
/// short ([`Crash::Torn`]) or only its length on the disk ([`Crash::ZeroFilled`]), unsynced
/// data that happened to reach the disk anyway ([`Crash::UnsyncedData`]), or unsynced folder
/// entries ([`Crash::UnsyncedEntries`]). [`CrashImage::restore`] writes one out as a real folder, for
/// opening with [`FileStore::open`](crate::FileStore::open).
///
/// # Examples
/// ```
/// use vastuu::{Crash, Directory, FileStore, SimulatedDisk};
/// # let tmp = std::env::temp_dir().join(format!("vastuu-doc-disk-{}", std::process::id()));
/// # let _ = std::fs::remove_dir_all(&tmp);
/// # std::fs::create_dir(&tmp).unwrap();
/// let (path, copy) = (tmp.join("store"), tmp.join("after-crash"));
/// let disk = SimulatedDisk::new();
/// let mut dir = Directory::with_store(FileStore::open_on_simulated_disk(&path, &disk)?)?;
/// dir.create_team("Huolto")?;
/// let acknowledged = disk.operations();
/// dir.create_team("Asennus")?; // its append and fsync: two more operations
/// drop(dir);
///
/// let mut replay = disk.replay();
/// assert!(replay.advance_to(acknowledged + 1)); // the append, not yet its fsync
/// // A crash there: only the first team is on the disk.
/// assert!(replay.image(Crash::Durable).restore(&path, &copy).unwrap());
/// assert_eq!(Directory::open(&copy)?.teams().count(), 1);
/// # std::fs::remove_dir_all(&tmp).unwrap();
/// # Ok::<(), vastuu::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct SimulatedDisk {
    state: Arc<Mutex<DiskState>>,
}

impl std::fmt::Debug for SimulatedDisk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the log: it holds every byte written.
        f.debug_struct("SimulatedDisk").field("operations", &self.operations()).finish_non_exhaustive()
    }
}

impl SimulatedDisk {
    /// A disk that has seen nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, DiskState> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Operations counted so far.
    pub fn operations(&self) -> u64 {
        self.lock().operations
    }

    /// The `n`-th operation (1 = the first), described.
    pub fn operation(&self, n: u64) -> Option<String> {
        let index = usize::try_from(n.checked_sub(1)?).ok()?;
        self.lock().log.iter().filter_map(|l| l.what.clone()).nth(index)
    }

    /// A disk that lies: from now on an fsync of a file opened or created under the name
    /// `file_name` (in any folder) returns success and makes nothing durable.
    pub fn ignore_syncs_of(&self, file_name: &str) {
        self.lock().ignored_files.insert(file_name.into());
    }

    /// A disk that lies: from now on an fsync of the folder `folder` returns success and makes
    /// none of its entries durable.
    pub fn ignore_folder_syncs_of(&self, folder: impl AsRef<Path>) {
        self.lock().ignored_folders.insert(folder.as_ref().to_path_buf());
    }

    /// Goes through the operations so far from the start, to build the crash image after each.
    pub fn replay(&self) -> CrashReplay {
        CrashReplay { disk: self.clone(), model: Model::default(), next: 0, operations: 0, last: None }
    }

    pub(crate) fn io(&self) -> SimulatedIo {
        SimulatedIo { disk: self.clone() }
    }
}

/// What a crash leaves of the data that was written but not fsynced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crash {
    /// Nothing: every file as of its last fsync, every folder as of its last fsync.
    Durable,
    /// As [`Crash::Durable`], but if the last operation is a write, its first `keep` bytes (all
    /// of them if it has fewer) reached the file: a write cut short.
    Torn {
        /// How many bytes of the write reached the file.
        keep: usize,
    },
    /// As [`Crash::Durable`], but if the last operation is a write, the file grew to cover it
    /// while none of its bytes reached the disk: zeros in their place (as when a file system
    /// journals the new length ahead of the data).
    ZeroFilled,
    /// All of it: every file the folders durably name has its latest contents (the folders'
    /// entries are still as of their last fsync).
    UnsyncedData,
    /// Every file created, renamed or removed reached the folders (file systems write these in
    /// order, so a crash after each operation in turn gives every prefix of them), and no file
    /// contents: each file as of its last fsync, a new one empty.
    UnsyncedEntries,
}

/// Goes through a [`SimulatedDisk`]'s operations one at a time, keeping the model of the disk as
/// it was after the last one applied.
pub struct CrashReplay {
    disk: SimulatedDisk,
    model: Model,
    next: usize,
    operations: u64,
    last: Option<Logged>,
}

impl std::fmt::Debug for CrashReplay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CrashReplay")
            .field("operations", &self.operations)
            .field("last", &self.last_operation())
            .finish_non_exhaustive()
    }
}

impl CrashReplay {
    /// Applies the next operation; its number (1 = the first), or `None` after the last one the
    /// disk has counted.
    pub fn advance(&mut self) -> Option<u64> {
        let disk = self.disk.lock();
        while let Some(logged) = disk.log.get(self.next) {
            self.next += 1;
            self.model.apply(&logged.event);
            if logged.what.is_some() {
                self.operations += 1;
                self.last = Some(logged.clone());
                return Some(self.operations);
            }
        }
        None
    }

    /// Applies operations until `n` of them are; false if the disk has counted fewer.
    pub fn advance_to(&mut self, n: u64) -> bool {
        while self.operations < n {
            if self.advance().is_none() {
                return false;
            }
        }
        true
    }

    /// Operations applied so far.
    pub fn operations(&self) -> u64 {
        self.operations
    }

    /// The last operation applied, described.
    pub fn last_operation(&self) -> Option<&str> {
        self.last.as_ref().and_then(|l| l.what.as_deref())
    }

    /// The length of the last operation applied, when it is a write.
    pub fn last_write_len(&self) -> Option<usize> {
        match self.last.as_ref().map(|l| &l.event) {
            Some(Event::Write { bytes, .. }) => Some(bytes.len()),
            _ => None,
        }
    }

    /// What a crash right after the last operation applied would leave.
    pub fn image(&self, crash: Crash) -> CrashImage {
        self.model.image(crash, self.last.as_ref().map(|l| &l.event))
    }
}

/// What a crash image holds under a name.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Content {
    File(Vec<u8>),
    /// A file that was there before the disk saw its folder and that nothing has used since:
    /// the real file, as it is.
    Untouched(PathBuf),
    Folder,
}

impl Content {
    fn bytes(&self) -> io::Result<Option<Vec<u8>>> {
        match self {
            Content::File(bytes) => Ok(Some(bytes.clone())),
            Content::Untouched(path) => fs::read(path).map(Some),
            Content::Folder => Ok(None),
        }
    }
}

/// The folders a crash left: for each folder that survived, its entries and the files' contents.
#[derive(Clone, PartialEq, Eq)]
pub struct CrashImage {
    folders: BTreeMap<PathBuf, BTreeMap<OsString, Content>>,
}

impl std::fmt::Debug for CrashImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (folder, entries) in &self.folders {
            let sizes: BTreeMap<&OsStr, Option<usize>> = entries
                .iter()
                .map(|(name, c)| (name.as_os_str(), if let Content::File(b) = c { Some(b.len()) } else { None }))
                .collect();
            map.entry(folder, &sizes);
        }
        map.finish()
    }
}

impl CrashImage {
    /// Whether the folder `folder` survived the crash.
    pub fn has_folder(&self, folder: impl AsRef<Path>) -> bool {
        self.folders.contains_key(folder.as_ref())
    }

    /// The contents of the file `path` after the crash, if it survived (a file that was there
    /// before the disk saw its folder and was not used since is read from the real file).
    pub fn file(&self, path: impl AsRef<Path>) -> Option<Vec<u8>> {
        let (folder, name) = split(path.as_ref()).ok()?;
        self.folders.get(&folder)?.get(&name)?.bytes().ok().flatten()
    }

    /// Writes what the crash left of the folder `folder` (the path the store used) to the new
    /// folder `to`, with the folders in it (empty if the disk never looked into them). Returns
    /// false, creating nothing, if `folder` did not survive.
    ///
    /// # Errors
    /// Writing failed, or `to` exists.
    pub fn restore(&self, folder: impl AsRef<Path>, to: impl AsRef<Path>) -> io::Result<bool> {
        let Some(entries) = self.folders.get(folder.as_ref()) else { return Ok(false) };
        fs::create_dir(to.as_ref())?;
        for (name, content) in entries {
            let target = to.as_ref().join(name);
            match content.bytes()? {
                Some(bytes) => fs::write(&target, bytes)?,
                None if self.restore(folder.as_ref().join(name), &target)? => {}
                None => fs::create_dir(&target)?,
            }
        }
        Ok(true)
    }
}

/// The file operations of a store on a [`SimulatedDisk`].
pub(crate) struct SimulatedIo {
    disk: SimulatedDisk,
}

impl Io for SimulatedIo {
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        // Not counted; a file the disk has not seen yet is taken in as it is.
        self.disk.lock().load(path)?;
        OsIo.read(path)
    }

    fn create_dir(&mut self, path: &Path) -> io::Result<()> {
        let mut disk = self.disk.lock();
        disk.adopt_folder_of(path)?;
        let result = OsIo.create_dir(path);
        disk.operation(format!("create folder {}", path.display()), result, Event::CreateDir { path: path.into() })
    }

    fn create(&mut self, path: &Path) -> io::Result<Box<dyn IoFile>> {
        let mut disk = self.disk.lock();
        disk.load(path)?;
        let result = OsIo.create(path);
        let inner =
            disk.operation(format!("create {}", path.display()), result, Event::Create { path: path.into() })?;
        self.file(&disk, path, inner)
    }

    fn open(&mut self, path: &Path) -> io::Result<Box<dyn IoFile>> {
        // Not counted, as with a FaultPlan.
        let mut disk = self.disk.lock();
        disk.load(path)?;
        let inner = OsIo.open(path)?;
        self.file(&disk, path, inner)
    }

    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        let mut disk = self.disk.lock();
        disk.load(from)?;
        disk.load(to)?;
        let result = OsIo.rename(from, to);
        let event = Event::Rename { from: from.into(), to: to.into() };
        disk.operation(format!("rename {} to {}", from.display(), to.display()), result, event)
    }

    fn remove_file(&mut self, path: &Path) -> io::Result<()> {
        let mut disk = self.disk.lock();
        disk.load(path)?;
        let result = OsIo.remove_file(path);
        disk.operation(format!("remove {}", path.display()), result, Event::Remove { path: path.into() })
    }

    fn sync_dir(&mut self, path: &Path) -> io::Result<()> {
        let mut disk = self.disk.lock();
        disk.adopt(path);
        let ignored = disk.ignored_folders.contains(path);
        let result = if ignored { Ok(()) } else { OsIo.sync_dir(path) };
        let event = Event::SyncDir { path: path.into(), ignored };
        disk.operation(format!("fsync folder {}", path.display()), result, event)
    }
}

impl SimulatedIo {
    fn file(&self, disk: &DiskState, path: &Path, inner: Box<dyn IoFile>) -> io::Result<Box<dyn IoFile>> {
        let Some(Entry::File(file)) = disk.model.entry(path) else {
            return Err(io::Error::other(format!("{} is not a file the simulated disk knows", path.display())));
        };
        let (_, name) = split(path)?;
        let file = SimulatedFile { disk: self.disk.clone(), inner, file, name, path: path.to_path_buf() };
        Ok(Box::new(file))
    }
}

/// A file open on a [`SimulatedDisk`].
struct SimulatedFile {
    disk: SimulatedDisk,
    inner: Box<dyn IoFile>,
    file: usize,
    /// The name it was opened by, for [`SimulatedDisk::ignore_syncs_of`].
    name: OsString,
    path: PathBuf,
}

impl IoFile for SimulatedFile {
    fn write_at(&mut self, offset: u64, bytes: &[u8]) -> io::Result<()> {
        let mut disk = self.disk.lock();
        let result = self.inner.write_at(offset, bytes);
        let what = format!("write of {} bytes at {offset} to {}", bytes.len(), self.path.display());
        disk.operation(what, result, Event::Write { file: self.file, offset, bytes: bytes.to_vec() })
    }

    fn sync(&mut self) -> io::Result<()> {
        let mut disk = self.disk.lock();
        let ignored = disk.ignored_files.contains(&self.name);
        let result = if ignored { Ok(()) } else { self.inner.sync() };
        disk.operation(format!("fsync {}", self.path.display()), result, Event::Sync { file: self.file, ignored })
    }

    fn set_len(&mut self, len: u64) -> io::Result<()> {
        let mut disk = self.disk.lock();
        let result = self.inner.set_len(len);
        disk.operation(
            format!("truncate {} to {len}", self.path.display()),
            result,
            Event::SetLen { file: self.file, len },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new empty folder for one test.
    fn scratch(name: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!("vastuu-simulated-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir(&path).unwrap();
        path
    }

    fn image_after(disk: &SimulatedDisk, n: u64, crash: Crash) -> CrashImage {
        let mut replay = disk.replay();
        assert!(replay.advance_to(n), "the disk counted only {} operations", disk.operations());
        replay.image(crash)
    }

    /// Creates `path` holding `bytes`, fsynced (three operations).
    fn write_synced(io: &mut SimulatedIo, path: &Path, bytes: &[u8]) -> Box<dyn IoFile> {
        let mut file = io.create(path).unwrap();
        file.write_at(0, bytes).unwrap();
        file.sync().unwrap();
        file
    }

    #[test]
    fn a_synced_file_is_named_after_a_crash_only_once_its_folder_is_synced() {
        let (folder, disk) = (scratch("name"), SimulatedDisk::new());
        let mut io = disk.io();
        let path = folder.join("a");
        write_synced(&mut io, &path, b"abc");
        assert_eq!(image_after(&disk, 3, Crash::Durable).file(&path), None);
        assert_eq!(image_after(&disk, 3, Crash::UnsyncedData).file(&path), None);
        io.sync_dir(&folder).unwrap();
        assert_eq!(image_after(&disk, 4, Crash::Durable).file(&path), Some(b"abc".to_vec()));
        // The live file was written all along.
        assert_eq!(fs::read(&path).unwrap(), b"abc");
        fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn a_rename_is_durable_once_its_folder_is_synced() {
        let (folder, disk) = (scratch("rename"), SimulatedDisk::new());
        let mut io = disk.io();
        let (path, tmp) = (folder.join("a"), folder.join("a.tmp"));
        write_synced(&mut io, &path, b"old");
        io.sync_dir(&folder).unwrap();
        write_synced(&mut io, &tmp, b"new");
        io.rename(&tmp, &path).unwrap();
        let before = image_after(&disk, 8, Crash::Durable);
        assert_eq!((before.file(&path), before.file(&tmp)), (Some(b"old".to_vec()), None));
        let entries = image_after(&disk, 8, Crash::UnsyncedEntries);
        assert_eq!((entries.file(&path), entries.file(&tmp)), (Some(b"new".to_vec()), None));
        let created = image_after(&disk, 5, Crash::UnsyncedEntries);
        assert_eq!((created.file(&path), created.file(&tmp)), (Some(b"old".to_vec()), Some(Vec::new())));
        io.sync_dir(&folder).unwrap();
        let after = image_after(&disk, 9, Crash::Durable);
        assert_eq!((after.file(&path), after.file(&tmp)), (Some(b"new".to_vec()), None));
        io.remove_file(&path).unwrap();
        assert_eq!(image_after(&disk, 10, Crash::Durable).file(&path), Some(b"new".to_vec()));
        io.sync_dir(&folder).unwrap();
        assert_eq!(image_after(&disk, 11, Crash::Durable).file(&path), None);
        fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn unsynced_writes_and_cuts_are_lost_kept_or_torn_as_the_crash_says() {
        let (folder, disk) = (scratch("torn"), SimulatedDisk::new());
        let mut io = disk.io();
        let path = folder.join("a");
        let mut file = write_synced(&mut io, &path, b"abc");
        io.sync_dir(&folder).unwrap();
        file.write_at(3, b"defg").unwrap();
        let (durable, torn, unsynced) = (Crash::Durable, Crash::Torn { keep: 2 }, Crash::UnsyncedData);
        assert_eq!(image_after(&disk, 5, durable).file(&path), Some(b"abc".to_vec()));
        assert_eq!(image_after(&disk, 5, torn).file(&path), Some(b"abcde".to_vec()));
        assert_eq!(image_after(&disk, 5, unsynced).file(&path), Some(b"abcdefg".to_vec()));
        assert_eq!(image_after(&disk, 5, Crash::ZeroFilled).file(&path), Some(b"abc\0\0\0\0".to_vec()));
        file.set_len(1).unwrap();
        // A cut, as a write that is not the last operation, is not torn: the last sync counts.
        assert_eq!(image_after(&disk, 6, torn).file(&path), Some(b"abc".to_vec()));
        assert_eq!(image_after(&disk, 6, unsynced).file(&path), Some(b"a".to_vec()));
        file.sync().unwrap();
        assert_eq!(image_after(&disk, 7, durable).file(&path), Some(b"a".to_vec()));
        assert_eq!(disk.operation(6).as_deref(), Some(&*format!("truncate {} to 1 (operation 6)", path.display())));
        fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn a_lying_disk_makes_nothing_durable_and_what_was_there_before_counts_as_durable() {
        let folder = scratch("lie");
        fs::write(folder.join("before"), b"old").unwrap();
        let disk = SimulatedDisk::new();
        disk.ignore_syncs_of("a");
        let mut io = disk.io();
        let path = folder.join("a");
        write_synced(&mut io, &path, b"abc");
        io.sync_dir(&folder).unwrap();
        let image = image_after(&disk, 4, Crash::Durable);
        assert_eq!((image.file(&path), image.file(folder.join("before"))), (Some(b"".to_vec()), Some(b"old".to_vec())));

        disk.ignore_folder_syncs_of(&folder);
        io.rename(&path, &folder.join("b")).unwrap();
        io.sync_dir(&folder).unwrap();
        let image = image_after(&disk, 6, Crash::Durable);
        assert_eq!((image.file(&path).is_some(), image.file(folder.join("b"))), (true, None));

        let copy = folder.with_extension("copy");
        let _ = fs::remove_dir_all(&copy);
        assert!(image.restore(&folder, &copy).unwrap());
        assert_eq!(fs::read(copy.join("before")).unwrap(), b"old");
        assert!(!image.restore(folder.join("missing"), copy.join("x")).unwrap());
        fs::remove_dir_all(&copy).unwrap();
        fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn a_new_folder_survives_once_its_parent_is_synced() {
        let (parent, disk) = (scratch("folder"), SimulatedDisk::new());
        let mut io = disk.io();
        let folder = parent.join("store");
        io.create_dir(&folder).unwrap();
        assert!(!image_after(&disk, 1, Crash::Durable).has_folder(&folder));
        assert!(image_after(&disk, 1, Crash::UnsyncedEntries).has_folder(&folder));
        io.sync_dir(&parent).unwrap();
        assert!(image_after(&disk, 2, Crash::Durable).has_folder(&folder));
        fs::remove_dir_all(&parent).unwrap();
    }
}
