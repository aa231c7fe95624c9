//! Which store a command works on, and opening it: an existing one for every command but
//! `init`, which creates a new one and refuses to touch an existing one.

use crate::args::Global;
use crate::error::{CliError, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use vastuu::{
    ChangeSet, Data, Directory, FileStore, OpenReport, PostgresOptions, PostgresStore, Snapshot, SqliteStore, Store,
    StoreError, Stored,
};

/// A store as named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// The file store in this folder.
    File(PathBuf),
    /// The SQLite store in this file.
    Sqlite(PathBuf),
    /// The PostgreSQL store at this connection string.
    Postgres(String),
}

impl Place {
    /// Reads a store argument: `sqlite:PATH`, a `postgres://` / `postgresql://` URL,
    /// `postgres:` followed by libpq's `key=value` pairs, or a path.
    pub(crate) fn parse(text: &str) -> Place {
        if let Some(path) = text.strip_prefix("sqlite:") {
            Place::Sqlite(PathBuf::from(path))
        } else if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Place::Postgres(text.to_owned())
        } else if let Some(pairs) = text.strip_prefix("postgres:") {
            Place::Postgres(pairs.to_owned())
        } else {
            Place::File(PathBuf::from(text))
        }
    }

    /// The store as shown in messages (a PostgreSQL URL without its password).
    pub(crate) fn describe(&self) -> String {
        match self {
            Place::File(path) => path.display().to_string(),
            Place::Sqlite(path) => format!("sqlite:{}", path.display()),
            Place::Postgres(url) => without_password(url),
        }
    }
}

/// `postgresql://user:secret@host/db` as `postgresql://user:***@host/db`, and
/// `host=h password=secret` as `host=h password=***`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        let pairs =
            url.split_whitespace().map(|pair| if pair.starts_with("password=") { "password=***" } else { pair });
        return pairs.collect::<Vec<_>>().join(" ");
    };
    let Some((credentials, host)) = rest.split_once('@') else { return url.to_owned() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// The store a command names: its own STORE argument, else `--store` / `VASTUU_STORE`.
pub(crate) fn place(own: Option<&str>, global: &Global) -> Result<Place> {
    match own.or(global.store.as_deref()) {
        Some(text) if !text.trim().is_empty() => Ok(Place::parse(text)),
        _ => Err(CliError::usage(
            "no store given: name it as the STORE argument, with --store, or in VASTUU_STORE \
             (a folder, sqlite:PATH, or a postgresql:// URL)",
        )),
    }
}

/// Whether `path` holds nothing a store could be opened from: it does not exist, or is an empty
/// folder or an empty file (where the stores would make a new one).
fn is_vacant(path: &Path) -> bool {
    match std::fs::metadata(path) {
        Err(_) => true,
        Ok(meta) if meta.is_dir() => std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none()),
        Ok(meta) => meta.len() == 0,
    }
}

fn missing(place: &Place) -> CliError {
    CliError::usage(format!(
        "there is no store at {}: create one with `vastuu init {}`",
        place.describe(),
        place.describe()
    ))
}

fn postgres(url: &str, global: &Global) -> Result<PostgresStore> {
    let mut options = PostgresOptions::new();
    if let Some(schema) = &global.schema {
        options = options.schema(schema.clone());
    }
    Ok(PostgresStore::connect_with(url, options)?)
}

fn sqlite(path: &Path, global: &Global) -> Result<SqliteStore> {
    Ok(if global.shared { SqliteStore::open_shared(path)? } else { SqliteStore::open(path)? })
}

/// Opens an existing store. A path with nothing there, and a PostgreSQL schema holding no
/// directory, are refused (pointing to `vastuu init`) rather than made into a new store.
pub(crate) fn open(place: &Place, global: &Global) -> Result<Directory> {
    match place {
        Place::File(path) | Place::Sqlite(path) if is_vacant(path) => Err(missing(place)),
        Place::File(path) => Ok(told(Directory::open(path)?)),
        Place::Sqlite(path) => Ok(Directory::with_store(sqlite(path, global)?)?),
        Place::Postgres(url) => {
            let (store, empty) = Watched::new(Box::new(postgres(url, global)?));
            let dir = Directory::with_store(store)?;
            if empty.load(Ordering::Relaxed) {
                return Err(missing(place));
            }
            Ok(dir)
        }
    }
}

/// Tells on standard error what opening the store mended (nothing on disk is mended silently;
/// `vastuu verify` reports it too, and exits with status 1).
fn told(dir: Directory) -> Directory {
    for repair in dir.open_report().repairs {
        eprintln!("vastuu: opening the store mended something: {}", repair.detail);
    }
    dir
}

/// Creates an empty store: the store itself and a first (empty) snapshot, which marks it as
/// made. Refuses a path where something is (a store or anything else) and a PostgreSQL schema
/// that already holds a directory, changing nothing.
pub(crate) fn init(place: &Place, global: &Global) -> Result<Directory> {
    let exists = || {
        CliError::usage(format!(
            "{} already exists; `vastuu init` creates new stores only and leaves this one as it is",
            place.describe()
        ))
    };
    match place {
        Place::File(path) | Place::Sqlite(path) if !is_vacant(path) => Err(exists()),
        Place::File(path) => Ok(Directory::from_data_in(Data::default(), FileStore::open(path)?)?),
        Place::Sqlite(path) => Ok(Directory::from_data_in(Data::default(), sqlite(path, global)?)?),
        Place::Postgres(url) => Ok(Directory::from_data_in(Data::default(), postgres(url, global)?)?),
    }
}

/// A store that notes whether loading it found it empty (no snapshot, no change set), and
/// otherwise passes every call through.
struct Watched {
    inner: Box<dyn Store>,
    empty: Arc<AtomicBool>,
}

impl Watched {
    fn new(inner: Box<dyn Store>) -> (Watched, Arc<AtomicBool>) {
        let empty = Arc::new(AtomicBool::new(false));
        (Watched { inner, empty: Arc::clone(&empty) }, empty)
    }
}

impl Store for Watched {
    fn load(&mut self) -> std::result::Result<Stored, StoreError> {
        let stored = self.inner.load()?;
        self.empty.store(stored.snapshot.is_none() && stored.change_sets.is_empty(), Ordering::Relaxed);
        Ok(stored)
    }
    fn commit(&mut self, change_set: &ChangeSet) -> std::result::Result<(), StoreError> {
        self.inner.commit(change_set)
    }
    fn write_snapshot(&mut self, snapshot: &Snapshot) -> std::result::Result<(), StoreError> {
        self.inner.write_snapshot(snapshot)
    }
    fn read_change_sets(&mut self, seqs: &[u64]) -> std::result::Result<Vec<ChangeSet>, StoreError> {
        self.inner.read_change_sets(seqs)
    }
    fn read_change_set_range(&mut self, first: u64, last: u64) -> std::result::Result<Vec<ChangeSet>, StoreError> {
        self.inner.read_change_set_range(first, last)
    }
    fn changes_since(&mut self, seq: u64) -> std::result::Result<Vec<ChangeSet>, StoreError> {
        self.inner.changes_since(seq)
    }
    fn has_moved(&mut self) -> std::result::Result<bool, StoreError> {
        self.inner.has_moved()
    }
    fn open_report(&self) -> OpenReport {
        self.inner.open_report()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_arguments_name_their_backend() {
        assert_eq!(Place::parse("customers.vastuu"), Place::File("customers.vastuu".into()));
        assert_eq!(Place::parse("sqlite:c.db"), Place::Sqlite("c.db".into()));
        assert_eq!(Place::parse("postgres://h/db"), Place::Postgres("postgres://h/db".into()));
        assert_eq!(Place::parse("postgresql://h/db"), Place::Postgres("postgresql://h/db".into()));
    }

    #[test]
    fn passwords_are_not_shown() {
        let place = Place::parse("postgresql://crm:secret@db.example/crm");
        assert_eq!(place.describe(), "postgresql://crm:***@db.example/crm");
        assert_eq!(Place::parse("postgresql://crm@db/crm").describe(), "postgresql://crm@db/crm");
        let pairs = Place::parse("postgres:host=db user=crm password=secret");
        assert_eq!(pairs, Place::Postgres("host=db user=crm password=secret".into()));
        assert_eq!(pairs.describe(), "host=db user=crm password=***");
    }
}
