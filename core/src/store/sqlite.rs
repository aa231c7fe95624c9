//! The SQLite store: one database file, each change set committed in one transaction.
//!
//! Schema (version [`SQLITE_SCHEMA_VERSION`], kept in `PRAGMA user_version`; the file is marked
//! as a vastuu store by `PRAGMA application_id` = `0x76617374`, "vast"):
//!
//! ```sql
//! CREATE TABLE change_set (seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
//! CREATE TABLE snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, data BLOB NOT NULL);
//! ```
//!
//! `data` is the change set or snapshot as a stored record (see [`record`]) of the format the
//! schema version goes with: schema N holds format-N blobs (the tables are those of schema 1). A
//! database of an older schema is upgraded when it is opened: every blob rewritten in the current
//! format and `user_version` raised, in the one exclusive transaction opening takes anyway, so
//! the upgrade is committed whole or not at all.
//!
//! The database runs in WAL mode with `synchronous=FULL` (a commit is durable when it returns).
//! [`SqliteStore::open`] uses `locking_mode=EXCLUSIVE`: one connection at a time, another open
//! gets [`StoreError::Locked`]. [`SqliteStore::open_shared`] lets several connections, in one
//! process or several on one host, use the database together: normal locking, a busy timeout,
//! and each commit a `BEGIN IMMEDIATE` transaction that stores the change set only if it is the
//! next one (otherwise [`StoreError::Conflict`]). `PRAGMA data_version` tells a connection
//! cheaply whether another one committed ([`Store::has_moved`]).

use super::process::Held;
use super::record;
use crate::error::StoreError;
use crate::model::ChangeSet;
use crate::store::{Snapshot, Store, Stored};
use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of a vastuu database: "vast".
const APPLICATION_ID: i32 = 0x7661_7374;
/// The schema version this library writes and the newest it reads.
pub const SQLITE_SCHEMA_VERSION: u32 = 3;

const SCHEMA: &str = "
    CREATE TABLE change_set (seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
    CREATE TABLE snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, data BLOB NOT NULL);
";

#[cfg(feature = "fault-injection")]
type Faults = Option<super::FaultPlan>;
#[cfg(not(feature = "fault-injection"))]
type Faults = ();

/// The SQLite backend: the directory in one SQLite database file.
///
/// # Examples
/// ```
/// use vastuu::{Directory, NewCustomer, SqliteStore};
/// # let tmp = std::env::temp_dir().join(format!("vastuu-doc-sqlite-{}", std::process::id()));
/// # std::fs::create_dir_all(&tmp).unwrap();
/// let path = tmp.join("customers.db");
/// let mut dir = Directory::with_store(SqliteStore::open(&path)?)?;
/// let id = dir.create_customer(NewCustomer::new("Esimerkki Oy"))?;
/// drop(dir);
///
/// let dir = Directory::with_store(SqliteStore::open(&path)?)?;
/// assert_eq!(dir.customer(id)?.name, "Esimerkki Oy");
/// # drop(dir); std::fs::remove_dir_all(&tmp).unwrap();
/// # Ok::<(), vastuu::Error>(())
/// ```
///
/// A process forked from the one that opened the store cannot use its connection (SQLite forbids
/// carrying a connection across `fork()`): every call that reaches the database there is
/// [`StoreError::UsedAfterFork`]. Dropping the store in the child leaves the connection unclosed
/// (its memory and descriptors are the child's to lose), so SQLite's closing steps never run on
/// the parent's database; the child opens its own store.
pub struct SqliteStore {
    /// Usable only in the process that opened the store (see [`Held`]).
    conn: Held<Connection>,
    path: PathBuf,
    faults: Faults,
    /// Opened with [`SqliteStore::open_shared`].
    shared: bool,
    /// `PRAGMA data_version` when this connection last looked at the change sets.
    seen_version: i64,
}

/// How long a shared store's connection waits for another one's write to finish.
const SHARED_BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish_non_exhaustive()
    }
}

fn sql_error(path: &Path, operation: &str, e: &rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked { path: path.to_path_buf() },
        Some(ErrorCode::NotADatabase) => {
            StoreError::NotAStore { path: path.to_path_buf(), reason: "not a SQLite database".into() }
        }
        Some(ErrorCode::DatabaseCorrupt) => {
            StoreError::Corrupt { detail: format!("{} ({operation}): {e}", path.display()) }
        }
        _ => StoreError::Io { operation: format!("{operation} in {}", path.display()), message: e.to_string() },
    }
}

fn check(faults: &Faults, operation: &str, path: &Path) -> Result<(), StoreError> {
    #[cfg(feature = "fault-injection")]
    if let Some(plan) = faults {
        plan.check(operation, path).map_err(|e| StoreError::Io {
            operation: format!("{operation} in {}", path.display()),
            message: e.to_string(),
        })?;
    }
    #[cfg(not(feature = "fault-injection"))]
    let _ = (faults, operation, path);
    Ok(())
}

/// The stored format version (see [`record`]) of the blobs of a database of schema
/// `schema_version` (1 to [`SQLITE_SCHEMA_VERSION`]): so far the tables have not changed, and
/// schema N holds blobs of format N.
fn blob_format(schema_version: i64) -> u32 {
    u32::try_from(schema_version).unwrap_or(0)
}

/// Rewrites every blob of a database of an older schema in the current format and sets the
/// schema version, inside the caller's transaction: the upgrade is committed whole or not at all.
fn upgrade(tx: &rusqlite::Transaction<'_>, path: &Path, from: u32, faults: &Faults) -> Result<(), StoreError> {
    let err = |operation: &'static str| move |e: rusqlite::Error| sql_error(path, operation, &e);
    let corrupt = |what: String, e: String| StoreError::Corrupt { detail: format!("{} {what}: {e}", path.display()) };
    let rows = tx
        .prepare("SELECT seq, data FROM change_set ORDER BY seq")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))?.collect::<Result<Vec<_>, _>>()
        })
        .map_err(err("reading change sets"))?;
    for (seq, data) in rows {
        let cs = record::decode_change_set(from, &data).map_err(|e| corrupt(format!("change set {seq}"), e))?;
        let data = record::encode_change_set(&cs)?;
        check(faults, "upgrade change set", path)?;
        tx.execute("UPDATE change_set SET data = ?1 WHERE seq = ?2", (&data, seq))
            .map_err(err("upgrading a change set"))?;
    }
    let snapshot = tx
        .query_row("SELECT data FROM snapshot WHERE id = 1", [], |r| r.get::<_, Vec<u8>>(0))
        .optional()
        .map_err(err("reading the snapshot"))?;
    if let Some(data) = snapshot {
        let snapshot = record::decode_snapshot(from, &data).map_err(|e| corrupt("snapshot".into(), e))?;
        let data = record::encode_snapshot(&snapshot)?;
        check(faults, "upgrade snapshot", path)?;
        tx.execute("UPDATE snapshot SET data = ?1 WHERE id = 1", (&data,)).map_err(err("upgrading the snapshot"))?;
    }
    check(faults, "upgrade schema version", path)?;
    tx.pragma_update(None, "user_version", SQLITE_SCHEMA_VERSION).map_err(err("upgrading the schema version"))
}

fn to_sql_seq(seq: u64) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|_| StoreError::Failed(format!("change set number {seq} is too large for SQLite")))
}

/// Checks that the database is a vastuu store this library reads (or a new, empty database):
/// whether it is new, and its schema version.
fn read_header(conn: &Connection, path: &Path) -> Result<(bool, i64), StoreError> {
    let err = |operation: &'static str| move |e: rusqlite::Error| sql_error(path, operation, &e);
    let application_id: i32 =
        conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(err("reading the header"))?;
    let version: i64 =
        conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(err("reading the header"))?;
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(err("reading the schema"))?;
    let fresh = application_id == 0 && tables == 0;
    if !fresh {
        if application_id != APPLICATION_ID {
            return Err(StoreError::NotAStore {
                path: path.to_path_buf(),
                reason: format!("a SQLite database of another application (application_id {application_id:#x})"),
            });
        }
        if version > i64::from(SQLITE_SCHEMA_VERSION) || version < 1 {
            return Err(StoreError::UnsupportedVersion {
                path: path.to_path_buf(),
                found: u32::try_from(version).unwrap_or(u32::MAX),
                supported: SQLITE_SCHEMA_VERSION,
            });
        }
    }
    Ok((fresh, version))
}

/// Switches the database to WAL mode (nothing to do when it is in WAL mode already) and returns
/// the mode it is in. SQLite refuses the switch at once, without waiting, while another
/// connection has the database open in another mode (connections opening a new shared database
/// together), so it is tried again for up to `wait`.
fn switch_to_wal(conn: &Connection, path: &Path, wait: std::time::Duration) -> Result<String, StoreError> {
    let deadline = std::time::Instant::now() + wait;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            Ok(mode) => return Ok(mode),
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(e) => return Err(sql_error(path, "switching to WAL mode", &e)),
        }
    }
}

/// `PRAGMA data_version`: changes when another connection commits.
fn data_version(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.pragma_query_value(None, "data_version", |r| r.get(0)).map_err(|e| sql_error(path, "reading data_version", &e))
}

/// The last change set stored (0 before any).
fn head(tx: &rusqlite::Transaction<'_>, path: &Path) -> Result<u64, StoreError> {
    let head: i64 = tx
        .query_row("SELECT coalesce(max(seq), 0) FROM change_set", [], |r| r.get(0))
        .map_err(|e| sql_error(path, "reading the last change set", &e))?;
    Ok(u64::try_from(head).unwrap_or(0))
}

impl SqliteStore {
    /// Opens the SQLite store at `path`, creating the database (and an empty store) if the file
    /// does not exist or is empty.
    ///
    /// A database written by an older version of the library (an older schema version) is
    /// upgraded to the current one first, in one transaction.
    ///
    /// # Errors
    /// - [`StoreError::NotAStore`]: not a SQLite database, or another program's database.
    ///   Nothing is changed.
    /// - [`StoreError::UnsupportedVersion`]: written by a newer version of the library.
    /// - [`StoreError::Locked`]: another connection, in this or another process, has it open
    ///   (after waiting a quarter of a second for it to close).
    /// - [`StoreError::Io`]: SQLite or the operating system refused something.
    // Without the `fault-injection` feature `Faults` is `()`.
    #[allow(clippy::unit_arg)]
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        Self::open_inner(path.as_ref(), Faults::default(), false)
    }

    /// Opens the SQLite store at `path` for sharing: several connections, in this process or
    /// others on the same host, may have it open and write to it together. Each commit is stored
    /// only if it is the store's next change set (otherwise [`StoreError::Conflict`], on which a
    /// [`Directory`](crate::Directory) catches up and plans again); a writer waits up to ten
    /// seconds for another's write to finish. Creating and upgrading the database work as in
    /// [`SqliteStore::open`]. A database another connection holds with [`SqliteStore::open`]
    /// gives [`StoreError::Locked`].
    ///
    /// # Errors
    /// As [`SqliteStore::open`].
    ///
    /// # Examples
    /// ```
    /// use vastuu::{Directory, NewCustomer, SqliteStore};
    /// # let tmp = std::env::temp_dir().join(format!("vastuu-doc-shared-{}", std::process::id()));
    /// # std::fs::create_dir_all(&tmp).unwrap();
    /// let path = tmp.join("customers.db");
    /// let mut web = Directory::with_store(SqliteStore::open_shared(&path)?)?;
    /// let mut script = Directory::with_store(SqliteStore::open_shared(&path)?)?;
    /// let id = web.create_customer(NewCustomer::new("Esimerkki Oy"))?;
    /// script.sync()?;
    /// assert_eq!(script.customer(id)?.name, "Esimerkki Oy");
    /// # drop((web, script)); std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), vastuu::Error>(())
    /// ```
    #[allow(clippy::unit_arg)]
    pub fn open_shared(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        Self::open_inner(path.as_ref(), Faults::default(), true)
    }

    /// Whether the store was opened for sharing ([`SqliteStore::open_shared`]).
    pub fn is_shared(&self) -> bool {
        self.shared
    }

    /// [`SqliteStore::open`], with every write statement counted by `faults`, which can make it
    /// fail. (Opening counts only the statements of upgrading an older database.)
    ///
    /// # Errors
    /// As [`SqliteStore::open`].
    #[cfg(feature = "fault-injection")]
    pub fn open_with_faults(path: impl AsRef<Path>, faults: &super::FaultPlan) -> Result<SqliteStore, StoreError> {
        Self::open_inner(path.as_ref(), Some(faults.clone()), false)
    }

    /// [`SqliteStore::open_shared`], with every write statement counted by `faults`.
    ///
    /// # Errors
    /// As [`SqliteStore::open`].
    #[cfg(feature = "fault-injection")]
    pub fn open_shared_with_faults(
        path: impl AsRef<Path>,
        faults: &super::FaultPlan,
    ) -> Result<SqliteStore, StoreError> {
        Self::open_inner(path.as_ref(), Some(faults.clone()), true)
    }

    /// Lets the database grow by at most `pages` more pages (`PRAGMA max_page_count`), so that
    /// SQLite itself fails a large write with "database or disk is full", as a full disk would.
    ///
    /// # Errors
    /// [`StoreError::Io`] if SQLite refuses the setting.
    #[cfg(feature = "fault-injection")]
    pub fn limit_growth(&self, pages: u64) -> Result<(), StoreError> {
        let err = |e: rusqlite::Error| sql_error(&self.path, "limiting the page count", &e);
        let count: i64 = self.conn.get()?.pragma_query_value(None, "page_count", |r| r.get(0)).map_err(err)?;
        let limit = count.saturating_add(i64::try_from(pages).unwrap_or(i64::MAX));
        self.conn.get()?.pragma_update(None, "max_page_count", limit).map_err(err)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn open_inner(path: &Path, faults: Faults, shared: bool) -> Result<SqliteStore, StoreError> {
        if path.is_dir() {
            return Err(StoreError::NotAStore {
                path: path.to_path_buf(),
                reason: "a folder, not a SQLite database file".into(),
            });
        }
        let err = |operation: &'static str| move |e: rusqlite::Error| sql_error(path, operation, &e);
        let mut conn = Connection::open(path).map_err(err("opening"))?;
        let wait = if shared { SHARED_BUSY_WAIT } else { super::file::LOCK_WAIT };
        conn.busy_timeout(wait).map_err(err("setting the busy timeout"))?;
        if !shared {
            // Before anything reads the file: the connection keeps its locks until it is closed,
            // and (set before WAL mode) keeps the WAL index in memory rather than in shared memory.
            conn.pragma_update(None, "locking_mode", "EXCLUSIVE").map_err(err("setting the locking mode"))?;
        }
        // Identify the file before changing anything in it (in one read transaction: a shared
        // database may be created by another connection between two statements).
        let tx = conn.transaction().map_err(err("reading the header"))?;
        read_header(&tx, path)?;
        tx.commit().map_err(err("reading the header"))?;
        let mode = switch_to_wal(&conn, path, wait)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Failed(format!("{}: SQLite refused WAL mode (mode {mode})", path.display())));
        }
        conn.pragma_update(None, "synchronous", "FULL").map_err(err("setting synchronous=FULL"))?;

        // Take the write lock (kept until the store is dropped unless shared), creating the schema
        // if new. Read the header again under the lock: a shared database may have been created or
        // upgraded by another connection meanwhile.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive).map_err(err("locking"))?;
        let (fresh, version) = read_header(&tx, path)?;
        if fresh {
            tx.execute_batch(SCHEMA).map_err(err("creating the schema"))?;
            tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(err("creating the schema"))?;
            tx.pragma_update(None, "user_version", SQLITE_SCHEMA_VERSION).map_err(err("creating the schema"))?;
        } else if version < i64::from(SQLITE_SCHEMA_VERSION) {
            upgrade(&tx, path, blob_format(version), &faults)?;
            check(&faults, "commit", path)?;
        }
        tx.commit().map_err(err("creating or upgrading the schema"))?;
        let seen_version = data_version(&conn, path)?;
        Ok(SqliteStore { conn: Held::new(conn), path: path.to_path_buf(), faults, shared, seen_version })
    }

    /// Decodes the stored bytes of change set `seq`.
    fn decode_change_set(&self, seq: u64, data: &[u8]) -> Result<ChangeSet, StoreError> {
        record::decode_change_set(record::FORMAT_VERSION, data)
            .map_err(|e| StoreError::Corrupt { detail: format!("{} change set {seq}: {e}", self.path.display()) })
    }

    fn err(&self, operation: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| sql_error(&self.path, operation, &e)
    }
}

impl Store for SqliteStore {
    fn load(&mut self) -> Result<Stored, StoreError> {
        let conn = self.conn.get()?;
        self.seen_version = data_version(conn, &self.path)?;
        let path = &self.path;
        let corrupt =
            |what: String, e: String| StoreError::Corrupt { detail: format!("{} {what}: {e}", path.display()) };
        let snapshot = conn
            .query_row("SELECT seq, data FROM snapshot WHERE id = 1", [], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
            .optional()
            .map_err(self.err("reading the snapshot"))?;
        let snapshot = match snapshot {
            Some((seq, data)) => {
                let snapshot = record::decode_snapshot(record::FORMAT_VERSION, &data)
                    .map_err(|e| corrupt("snapshot".into(), e))?;
                if i64::try_from(snapshot.seq).ok() != Some(seq) {
                    return Err(corrupt(
                        "snapshot".into(),
                        format!("row says change set {seq}, data {}", snapshot.seq),
                    ));
                }
                Some(snapshot)
            }
            None => None,
        };

        let mut stmt =
            conn.prepare("SELECT seq, data FROM change_set ORDER BY seq").map_err(self.err("reading change sets"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))
            .map_err(self.err("reading change sets"))?;
        let mut change_sets: Vec<ChangeSet> = Vec::new();
        for row in rows {
            let (seq, data) = row.map_err(self.err("reading change sets"))?;
            let what = format!("change set {seq}");
            let cs = record::decode_change_set(record::FORMAT_VERSION, &data).map_err(|e| corrupt(what.clone(), e))?;
            let expected = change_sets.last().map_or(1, |prev| prev.seq.saturating_add(1));
            if i64::try_from(cs.seq).ok() != Some(seq) || cs.seq != expected {
                return Err(corrupt(what, format!("holds change set {} where {expected} was expected", cs.seq)));
            }
            change_sets.push(cs);
        }
        if let Some(s) = &snapshot {
            let last = change_sets.last().map_or(0, |cs| cs.seq);
            if s.seq > last {
                return Err(corrupt("snapshot".into(), format!("of change set {}, but the last is {last}", s.seq)));
            }
        }
        Ok(Stored { snapshot, change_sets })
    }

    fn commit(&mut self, change_set: &ChangeSet) -> Result<(), StoreError> {
        let data = record::encode_change_set(change_set)?;
        let seq = to_sql_seq(change_set.seq)?;
        let path = &self.path;
        let err = |operation: &'static str| move |e: rusqlite::Error| sql_error(path, operation, &e);
        check(&self.faults, "begin", path)?;
        let conn = self.conn.get_mut()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err("beginning"))?;
        let head = head(&tx, path)?;
        if change_set.seq != head + 1 {
            return Err(StoreError::Conflict { seq: change_set.seq, head });
        }
        check(&self.faults, "insert change set", path)?;
        tx.execute("INSERT INTO change_set (seq, data) VALUES (?1, ?2)", (seq, &data))
            .map_err(err("inserting a change set"))?;
        check(&self.faults, "commit", path)?;
        // Dropping an uncommitted transaction rolls it back.
        tx.commit().map_err(err("committing a change set"))
    }

    fn write_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), StoreError> {
        let data = record::encode_snapshot(snapshot)?;
        let seq = to_sql_seq(snapshot.seq)?;
        let path = &self.path;
        let err = |operation: &'static str| move |e: rusqlite::Error| sql_error(path, operation, &e);
        check(&self.faults, "begin", path)?;
        let conn = self.conn.get_mut()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err("beginning"))?;
        check(&self.faults, "replace snapshot", path)?;
        // Another connection may have written a newer one meanwhile: keep the newest.
        tx.execute(
            "INSERT INTO snapshot (id, seq, data) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, data = excluded.data WHERE excluded.seq >= seq",
            (seq, &data),
        )
        .map_err(err("writing the snapshot"))?;
        check(&self.faults, "commit", path)?;
        tx.commit().map_err(err("committing the snapshot"))
    }

    fn read_change_sets(&mut self, seqs: &[u64]) -> Result<Vec<ChangeSet>, StoreError> {
        let conn = self.conn.get()?;
        let mut stmt =
            conn.prepare("SELECT data FROM change_set WHERE seq = ?1").map_err(self.err("reading change sets"))?;
        let mut out = Vec::with_capacity(seqs.len());
        for &seq in seqs {
            let data: Option<Vec<u8>> =
                stmt.query_row([to_sql_seq(seq)?], |r| r.get(0)).optional().map_err(self.err("reading change sets"))?;
            let data = data.ok_or_else(|| super::not_stored(seq, &self.path.display().to_string()))?;
            out.push(self.decode_change_set(seq, &data)?);
        }
        super::check_read(seqs, &out, &self.path.display().to_string())?;
        Ok(out)
    }

    fn read_change_set_range(&mut self, first: u64, last: u64) -> Result<Vec<ChangeSet>, StoreError> {
        if first > last {
            return Ok(Vec::new());
        }
        let conn = self.conn.get()?;
        let mut stmt = conn
            .prepare("SELECT seq, data FROM change_set WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq")
            .map_err(self.err("reading change sets"))?;
        let rows = stmt
            .query_map([to_sql_seq(first)?, to_sql_seq(last)?], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))
            .map_err(self.err("reading change sets"))?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, data) = row.map_err(self.err("reading change sets"))?;
            out.push(self.decode_change_set(u64::try_from(seq).unwrap_or(0), &data)?);
        }
        let seqs: Vec<u64> = (first..=last).collect();
        super::check_read(&seqs, &out, &self.path.display().to_string())?;
        Ok(out)
    }

    fn changes_since(&mut self, seq: u64) -> Result<Vec<ChangeSet>, StoreError> {
        let conn = self.conn.get()?;
        if !self.shared {
            return Ok(Vec::new());
        }
        // The version first: a commit after it shows in the version next time even if the
        // query below already returns it (at worst one needless look).
        self.seen_version = data_version(conn, &self.path)?;
        let path = &self.path;
        let mut stmt = conn
            .prepare("SELECT seq, data FROM change_set WHERE seq > ?1 ORDER BY seq")
            .map_err(self.err("reading change sets"))?;
        let rows = stmt
            .query_map([to_sql_seq(seq)?], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))
            .map_err(self.err("reading change sets"))?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, data) = row.map_err(self.err("reading change sets"))?;
            let cs = record::decode_change_set(record::FORMAT_VERSION, &data)
                .map_err(|e| StoreError::Corrupt { detail: format!("{} change set {seq}: {e}", path.display()) })?;
            out.push(cs);
        }
        Ok(out)
    }

    fn has_moved(&mut self) -> Result<bool, StoreError> {
        if !self.shared {
            return Ok(false);
        }
        let version = data_version(self.conn.get()?, &self.path)?;
        Ok(version != self.seen_version)
    }
}
