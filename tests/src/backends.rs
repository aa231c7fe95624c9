//! The store backends behind one trait, for the conformance suite and the fault tests.

use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use vastuu::{
    ChangeSet, Data, Directory, FaultPlan, FileStore, MemoryStore, PostgresOptions, PostgresStore, SqliteStore, Store,
};

/// A place where a store of one backend lives, which can be opened again and again.
pub trait Backend: Sized {
    /// The store type.
    type Store: Store + 'static;
    /// The backend's name, for messages.
    const NAME: &'static str;
    /// A place for a new, empty store.
    fn new() -> Self;
    /// Opens the store at this place. The previous handle must have been dropped (the
    /// persistent stores are locked while open).
    fn open(&self) -> Self::Store;
    /// A copy of this place with everything stored so far; the store must be closed.
    fn fork(&self) -> Self;
    /// Whether the backend can be tested here (a server it needs is there). When not, its
    /// tests pass without running, after a notice.
    fn available() -> bool {
        true
    }
}

/// A backend whose store several handles (as several processes) may have open and write to at
/// once: [`Backend::open`] may be called while other handles are open.
pub trait SharedBackend: Backend {}

/// A backend whose writes can be made to fail.
pub trait FaultyBackend: Backend {
    /// Opens the store with every write going through `faults`.
    ///
    /// # Errors
    /// The store's error (which may be an injected one).
    fn open_with_faults(&self, faults: &FaultPlan) -> Result<Self::Store, vastuu::StoreError>;
}

/// The in-memory store; "reopening" gives another handle to the same contents.
pub struct Memory(MemoryStore);

impl Backend for Memory {
    type Store = MemoryStore;
    const NAME: &'static str = "memory";
    fn new() -> Self {
        Memory(MemoryStore::new())
    }
    fn open(&self) -> MemoryStore {
        self.0.clone()
    }
    fn fork(&self) -> Self {
        let copy = MemoryStore::new();
        let mut handle = copy.clone();
        for cs in self.0.change_sets().unwrap() {
            handle.commit(&cs).unwrap();
        }
        if let Some(s) = self.0.snapshot() {
            handle.write_snapshot(&s).unwrap();
        }
        Memory(copy)
    }
}

impl SharedBackend for Memory {}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The file store, in a folder inside a temporary folder.
pub struct File {
    root: TempDir,
}

impl File {
    /// The store's folder.
    pub fn path(&self) -> PathBuf {
        self.root.path().join("store.vastuu")
    }
}

impl Backend for File {
    type Store = FileStore;
    const NAME: &'static str = "file";
    fn new() -> Self {
        File { root: tempfile::tempdir().unwrap() }
    }
    fn open(&self) -> FileStore {
        FileStore::open(self.path()).unwrap()
    }
    fn fork(&self) -> Self {
        let copy = Self::new();
        if self.path().exists() {
            copy_tree(&self.path(), &copy.path());
        }
        copy
    }
}

impl FaultyBackend for File {
    fn open_with_faults(&self, faults: &FaultPlan) -> Result<FileStore, vastuu::StoreError> {
        FileStore::open_with_faults(self.path(), faults)
    }
}

/// The SQLite store, a database file inside a temporary folder.
pub struct Sqlite {
    root: TempDir,
}

impl Sqlite {
    /// The database file.
    pub fn path(&self) -> PathBuf {
        self.root.path().join("store.db")
    }
}

impl Backend for Sqlite {
    type Store = SqliteStore;
    const NAME: &'static str = "sqlite";
    fn new() -> Self {
        Sqlite { root: tempfile::tempdir().unwrap() }
    }
    fn open(&self) -> SqliteStore {
        SqliteStore::open(self.path()).unwrap()
    }
    fn fork(&self) -> Self {
        let copy = Self::new();
        copy_tree(self.root.path(), copy.root.path());
        copy
    }
}

impl FaultyBackend for Sqlite {
    fn open_with_faults(&self, faults: &FaultPlan) -> Result<SqliteStore, vastuu::StoreError> {
        SqliteStore::open_with_faults(self.path(), faults)
    }
}

/// The SQLite store opened for sharing ([`SqliteStore::open_shared`]): any number of handles
/// on one database file inside a temporary folder.
pub struct SqliteShared {
    root: TempDir,
}

impl SqliteShared {
    /// The database file.
    pub fn path(&self) -> PathBuf {
        self.root.path().join("store.db")
    }
}

impl Backend for SqliteShared {
    type Store = SqliteStore;
    const NAME: &'static str = "sqlite-shared";
    fn new() -> Self {
        SqliteShared { root: tempfile::tempdir().unwrap() }
    }
    fn open(&self) -> SqliteStore {
        SqliteStore::open_shared(self.path()).unwrap()
    }
    fn fork(&self) -> Self {
        let copy = Self::new();
        copy_tree(self.root.path(), copy.root.path());
        copy
    }
}

impl SharedBackend for SqliteShared {}

impl FaultyBackend for SqliteShared {
    fn open_with_faults(&self, faults: &FaultPlan) -> Result<SqliteStore, vastuu::StoreError> {
        SqliteStore::open_shared_with_faults(self.path(), faults)
    }
}

/// The PostgreSQL store, in a schema of its own on the test server (`VASTUU_POSTGRES_DSN`),
/// dropped with the place.
pub struct Postgres {
    dsn: String,
    schema: String,
}

impl Postgres {
    /// The server's connection string.
    pub fn dsn(&self) -> &str {
        &self.dsn
    }

    /// The store's schema.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The options that open this store.
    pub fn options(&self) -> PostgresOptions {
        PostgresOptions::new().schema(&self.schema)
    }
}

impl Backend for Postgres {
    type Store = PostgresStore;
    const NAME: &'static str = "postgres";
    fn new() -> Self {
        let dsn = crate::postgres_server::dsn().expect("the PostgreSQL test server");
        Postgres { dsn, schema: crate::postgres_server::fresh_schema("store") }
    }
    fn open(&self) -> PostgresStore {
        PostgresStore::connect_with(&self.dsn, self.options())
            .unwrap_or_else(|e| panic!("opening {} on {}: {e}", self.schema, self.dsn))
    }
    fn fork(&self) -> Self {
        let copy = Self::new();
        drop(copy.open());
        let (from, to) = (&self.schema, &copy.schema);
        crate::postgres_server::client(&self.dsn)
            .batch_execute(&format!(
                "INSERT INTO \"{to}\".change_set SELECT * FROM \"{from}\".change_set;
                 INSERT INTO \"{to}\".snapshot SELECT * FROM \"{from}\".snapshot;
                 UPDATE \"{to}\".head SET seq = (SELECT seq FROM \"{from}\".head);"
            ))
            .unwrap();
        copy
    }
    fn available() -> bool {
        crate::postgres_server::dsn().is_some()
    }
}

impl SharedBackend for Postgres {}

impl Drop for Postgres {
    fn drop(&mut self) {
        crate::postgres_server::drop_schema(&self.dsn, &self.schema);
    }
}

/// What a directory holds, as compared across reopens: the state and the whole history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
    /// The state.
    pub data: Data,
    /// Every change set.
    pub change_sets: Vec<ChangeSet>,
}

impl Observed {
    /// What `dir` holds.
    pub fn of(dir: &Directory) -> Self {
        Observed { data: dir.data(), change_sets: dir.change_sets().unwrap() }
    }
}

/// Opens a directory on the backend's store, with the workload clock.
pub fn open_directory<B: Backend>(place: &B) -> Directory {
    let mut dir =
        Directory::with_store(place.open()).unwrap_or_else(|e| panic!("opening the {} store failed: {e}", B::NAME));
    dir.set_clock(crate::workload::clock());
    dir
}
