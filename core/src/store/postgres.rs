//! The PostgreSQL store: one store shared by the processes of many hosts, each change set stored
//! only as the store's next one. The schema, the commit protocol and the staleness guarantee are
//! described on [`PostgresStore`].

use super::process::OpenedIn;
use super::record;
use crate::error::StoreError;
use crate::model::ChangeSet;
use crate::store::{Snapshot, Store, Stored};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{Client, Config, IsolationLevel, NoTls, Row, Statement};
use std::hash::{BuildHasher, Hasher};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The version of the tables this library creates and the newest it reads (kept in the head row).
pub const POSTGRES_SCHEMA_VERSION: u32 = 1;

/// The table comment that marks a schema as a vastuu store.
const MARKER: &str = "vastuu store head";

/// The longest schema name accepted (PostgreSQL allows 63 bytes; the channel name adds to it).
const MAX_SCHEMA_LEN: usize = 48;

#[cfg(feature = "fault-injection")]
type Faults = Option<super::FaultPlan>;
#[cfg(not(feature = "fault-injection"))]
type Faults = ();

/// How to connect a [`PostgresStore`]: which store in the database, who writes, how fresh reads
/// are kept.
///
/// # Examples
/// ```
/// use std::time::Duration;
/// use vastuu::PostgresOptions;
/// let options = PostgresOptions::new()
///     .schema("sales")
///     .writer("office-pc-3")
///     .poll_interval(Duration::from_millis(250));
/// assert_eq!(options.schema_name(), "sales");
/// ```
#[derive(Clone, Debug)]
pub struct PostgresOptions {
    schema: String,
    writer: Option<String>,
    poll_interval: Duration,
    outcome_wait: Duration,
}

impl Default for PostgresOptions {
    fn default() -> Self {
        PostgresOptions {
            schema: "vastuu".into(),
            writer: None,
            poll_interval: Duration::from_secs(1),
            outcome_wait: Duration::from_secs(30),
        }
    }
}

impl PostgresOptions {
    /// The defaults: schema `vastuu`, a writer id made of host, process id and a random part,
    /// a poll interval of 1 s, and 30 s to find out whether a commit whose acknowledgement was
    /// lost was stored.
    pub fn new() -> Self {
        Self::default()
    }

    /// The PostgreSQL schema holding the store (created if missing): lowercase ASCII letters,
    /// digits and `_`, not starting with a digit, at most 48 characters. Several stores can
    /// share a database under different schemas.
    #[must_use]
    pub fn schema(mut self, name: impl Into<String>) -> Self {
        self.schema = name.into();
        self
    }

    /// The id this handle's rows are stored with (`writer` column), for finding who stored
    /// what. Each handle should have its own.
    #[must_use]
    pub fn writer(mut self, id: impl Into<String>) -> Self {
        self.writer = Some(id.into());
        self
    }

    /// How often at most [`Store::has_moved`] asks the server for the head when no notification
    /// came: the most a read can be behind the store. `Duration::ZERO` asks at every call.
    #[must_use]
    pub fn poll_interval(mut self, every: Duration) -> Self {
        self.poll_interval = every;
        self
    }

    /// How long a commit whose connection failed after its statement was sent keeps trying to
    /// reconnect and find out whether the change set was stored, before giving up with
    /// [`StoreError::OutcomeUnknown`].
    #[must_use]
    pub fn outcome_wait(mut self, wait: Duration) -> Self {
        self.outcome_wait = wait;
        self
    }

    /// The schema name set.
    pub fn schema_name(&self) -> &str {
        &self.schema
    }
}

/// The SQL of one store, with its schema's name in it.
struct Sql {
    head: String,
    store: String,
    all_change_sets: String,
    change_sets_after: String,
    change_sets_at: String,
    change_sets_between: String,
    newest_snapshot: String,
    lock_snapshots: String,
    snapshot_at: String,
    insert_snapshot: String,
    delete_older_snapshots: String,
    head_for_share: String,
    commit_at: String,
    backend_gone: String,
    listen: String,
    channel: String,
}

impl Sql {
    fn new(schema: &str) -> Sql {
        let s = format!("\"{schema}\"");
        let channel = format!("{schema}.change_set");
        Sql {
            head: format!("SELECT seq FROM {s}.head"),
            store: format!(
                "WITH moved AS (UPDATE {s}.head SET seq = $1 WHERE seq = $1 - 1 RETURNING seq), \
                 stored AS (INSERT INTO {s}.change_set (seq, format, writer, commit_id, data) \
                            SELECT seq, $2, $3, $4, $5 FROM moved RETURNING seq) \
                 SELECT pg_notify($6, seq::text) FROM stored"
            ),
            all_change_sets: format!("SELECT seq, format, data FROM {s}.change_set ORDER BY seq"),
            change_sets_after: format!("SELECT seq, format, data FROM {s}.change_set WHERE seq > $1 ORDER BY seq"),
            change_sets_at: format!("SELECT seq, format, data FROM {s}.change_set WHERE seq = ANY($1) ORDER BY seq"),
            change_sets_between: format!(
                "SELECT seq, format, data FROM {s}.change_set WHERE seq BETWEEN $1 AND $2 ORDER BY seq"
            ),
            newest_snapshot: format!("SELECT seq, format, data FROM {s}.snapshot ORDER BY seq DESC LIMIT 1"),
            lock_snapshots: format!("LOCK TABLE {s}.snapshot IN SHARE ROW EXCLUSIVE MODE"),
            snapshot_at: format!("SELECT seq, data = $2 FROM {s}.snapshot WHERE seq >= $1 ORDER BY seq DESC LIMIT 1"),
            insert_snapshot: format!("INSERT INTO {s}.snapshot (seq, format, writer, data) VALUES ($1, $2, $3, $4)"),
            delete_older_snapshots: format!("DELETE FROM {s}.snapshot WHERE seq < $1"),
            head_for_share: format!("SELECT seq FROM {s}.head FOR SHARE"),
            commit_at: format!("SELECT commit_id FROM {s}.change_set WHERE seq = $1"),
            backend_gone:
                "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND backend_start::text = $2)"
                    .to_owned(),
            listen: format!("LISTEN \"{channel}\""),
            channel,
        }
    }

    fn create(schema: &str) -> String {
        let s = format!("\"{schema}\"");
        format!(
            "CREATE SCHEMA IF NOT EXISTS {s};
             CREATE TABLE {s}.head (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                 seq bigint NOT NULL CHECK (seq >= 0), schema_version integer NOT NULL);
             CREATE TABLE {s}.change_set (seq bigint PRIMARY KEY CHECK (seq >= 1), format integer NOT NULL,
                 writer text NOT NULL, commit_id text NOT NULL,
                 stored_at timestamptz NOT NULL DEFAULT now(), data bytea NOT NULL);
             CREATE TABLE {s}.snapshot (seq bigint PRIMARY KEY CHECK (seq >= 0), format integer NOT NULL,
                 writer text NOT NULL, stored_at timestamptz NOT NULL DEFAULT now(), data bytea NOT NULL);
             COMMENT ON TABLE {s}.head IS '{MARKER}';
             INSERT INTO {s}.head (seq, schema_version) VALUES (0, {POSTGRES_SCHEMA_VERSION});"
        )
    }
}

/// One connection to the server.
struct Connection {
    client: Client,
    /// The server process serving it, and when that process started: to end it if it is still
    /// there after the connection was lost.
    pid: i32,
    started: String,
    /// The statement that stores a change set, prepared on this connection at its first use.
    store: Option<Statement>,
}

/// Where a commit attempt got to when it failed.
enum Failure {
    /// The server refused it, or it conflicted; nothing was stored and the connection is fine.
    Refused(StoreError),
    /// The connection was lost; `maybe_stored`: the statement that stores the change set may
    /// have been run and committed (it was sent).
    Lost { maybe_stored: bool, message: String },
}

/// What looking up a commit attempt after a lost acknowledgement found.
enum Outcome {
    Stored,
    NotStored,
}

/// The PostgreSQL backend: a store shared by several processes (on one host or many), each
/// keeping its directory in memory.
///
/// # Schema
/// Every store lives in its own PostgreSQL schema (`vastuu` unless
/// [`PostgresOptions::schema`] names another), so several stores can share a database:
///
/// ```sql
/// CREATE TABLE head (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
///                    seq bigint NOT NULL CHECK (seq >= 0), schema_version integer NOT NULL);
/// CREATE TABLE change_set (seq bigint PRIMARY KEY CHECK (seq >= 1), format integer NOT NULL,
///                          writer text NOT NULL, commit_id text NOT NULL,
///                          stored_at timestamptz NOT NULL DEFAULT now(), data bytea NOT NULL);
/// CREATE TABLE snapshot (seq bigint PRIMARY KEY CHECK (seq >= 0), format integer NOT NULL,
///                        writer text NOT NULL, stored_at timestamptz NOT NULL DEFAULT now(),
///                        data bytea NOT NULL);
/// ```
///
/// `head` has one row: the last change set stored, and the schema version
/// ([`POSTGRES_SCHEMA_VERSION`]); its table comment marks the schema as a vastuu store. `data` is
/// a stored record (see the stored format versions, [`FORMAT_VERSION`](crate::FORMAT_VERSION)) in the row's `format`; a row of a newer format than this
/// library reads is [`StoreError::UnsupportedVersion`]. `writer` names the handle that stored the
/// row ([`PostgresOptions::writer`]), `commit_id` the commit attempt. The first handle to connect
/// creates the schema, under an advisory lock so that two first handles do not race.
///
/// # Committing a change set
/// One statement, prepared once per connection and run on its own, so that it is its own
/// transaction and one round trip: it moves the head from `seq - 1` to `seq` (which locks the
/// head row, so writers queue there), inserts the change set only if the head moved, and sends
/// `pg_notify` on the store's channel with `seq` as payload; the server commits it when it
/// completes. If the head was not at `seq - 1` (another writer stored change set `seq` first; a
/// writer waiting for the lock sees the head as the other writer's commit left it), nothing is
/// inserted and the store answers [`StoreError::Conflict`]; the directory catches up
/// ([`Store::changes_since`]) and plans again.
///
/// The statement is acknowledged once the server flushed its log: a connection whose
/// `synchronous_commit` is `off` (set for the server, database or role) is switched to `local`.
///
/// # Lost connections and lost acknowledgements
/// A handle reconnects on its next call when its connection was lost; the directory's state is
/// still valid, and catching up goes on from its last change set. If the connection fails while
/// a change set is being stored:
/// - before the statement was sent, nothing was stored: the error says so;
/// - once it was sent, the server may have run and committed it and the acknowledgement been
///   lost (or an error come back instead), or it may never have run it.
///   The handle reconnects (for up to [`PostgresOptions::outcome_wait`]), ends the old
///   connection's server process if it is still there (`pg_terminate_backend`), waits until that
///   process is gone (or, if it cannot be ended, until no transaction holds the head), and looks
///   at change set `seq`: if it holds this attempt's commit
///   id, the change set was stored and `commit` returns `Ok`; otherwise it was not, and `commit`
///   returns the error. A change set is thus never stored twice and never reported lost when it
///   was stored. If the server cannot be reached within the wait, the outcome is unknown: the
///   handle answers [`StoreError::OutcomeUnknown`] and then refuses further writes
///   ([`StoreError::NeedsReopen`]); a directory opened anew on a new handle loads what the
///   store holds, which tells whether the change set was stored.
///
/// # Freshness
/// The first [`Store::has_moved`] starts a listener: a thread with a connection of its own that
/// `LISTEN`s on the store's channel and waits on its socket, noting the highest change set
/// number notified. `has_moved` reads that note without a round trip to the server. It asks the
/// head instead (`SELECT seq FROM head`, one round trip) while the listener is not listening
/// (not yet, or its connection was lost: notifications sent meanwhile are lost to it), once after
/// the listener (re)started listening, and otherwise at most once per
/// [`PostgresOptions::poll_interval`] (1 s by default).
///
/// The staleness guarantee: while the server can be reached, `has_moved` reports a change set
/// another writer stored as soon as its notification has arrived (sent when that writer's
/// transaction commits; on one host, within a millisecond or so), and in any case on the first
/// call made one poll interval after the commit. A call that cannot reach the server when it has
/// to ask is an error, never a silent `false`. So a read that a host makes after `has_moved` and
/// [`Directory::sync`](crate::Directory::sync) is at most one poll interval (plus the network's
/// delay) behind the store. Mutations are never planned on a stale state: the store refuses a
/// change set planned behind the head.
///
/// # Loading
/// [`Store::load`] reads the newest snapshot and every change set (the history) in one
/// repeatable-read transaction; the directory replays only those after the snapshot.
/// [`Store::write_snapshot`] never replaces a newer snapshot, keeps only the newest, and refuses a
/// snapshot of a change set the store does not hold.
///
/// Connections are made without TLS (`sslmode=require` is refused): use a Unix socket, a
/// loopback or otherwise protected network. A forked child process cannot use its parent's
/// handle (every call is an error; dropping it there leaves the parent's connection alone): it
/// connects anew.
///
/// # Examples
/// ```no_run
/// use vastuu::{Directory, NewCustomer, PostgresOptions, PostgresStore};
/// let dsn = "host=/run/postgresql user=vastuu dbname=vastuu";
/// let mut office = Directory::with_store(PostgresStore::connect(dsn)?)?;
/// let mut script = Directory::with_store(PostgresStore::connect(dsn)?)?;
/// let id = script.create_customer(NewCustomer::new("Esimerkki Oy"))?;
/// if office.store_has_moved()? {
///     office.sync()?;
/// }
/// assert_eq!(office.customer(id)?.name, "Esimerkki Oy");
///
/// // Another store in the same database.
/// let options = PostgresOptions::new().schema("archive");
/// let archive = Directory::with_store(PostgresStore::connect_with(dsn, options)?)?;
/// # drop(archive);
/// # Ok::<(), vastuu::Error>(())
/// ```
pub struct PostgresStore {
    config: Config,
    options: PostgresOptions,
    writer: String,
    sql: Arc<Sql>,
    /// A description of the server, database and schema, without the password: the "path" of
    /// this store in errors.
    name: String,
    conn: Option<Connection>,
    /// The last change set this handle has caught up with (or stored).
    seen: u64,
    /// The newest head this handle has heard of (notifications, polls, conflicts).
    known_head: u64,
    /// When the head was last asked; `None`: ask at the next `has_moved`.
    polled: Option<Instant>,
    /// Hears the notifications, once `has_moved` was asked.
    listener: Option<Listener>,
    /// Why this handle refuses writes (a commit whose outcome could not be found out).
    poisoned: Option<String>,
    /// The server process (pid, start time) of a connection lost during a commit: ended when
    /// the next connection is made, so that its transaction cannot linger holding the head.
    stale_backend: Option<(i32, String)>,
    /// The process that made the handle: a forked child shares its sockets and must not use
    /// (or close) them.
    process: OpenedIn,
    faults: Faults,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("store", &self.name)
            .field("writer", &self.writer)
            .field("seen", &self.seen)
            .finish_non_exhaustive()
    }
}

/// Whether `e` means the connection is gone (rather than the server refusing a statement).
fn connection_lost(e: &postgres::Error, client: &Client) -> bool {
    if e.is_closed() || client.is_closed() {
        return true;
    }
    match e.code() {
        Some(code) => {
            code.code().starts_with("08")
                || [SqlState::ADMIN_SHUTDOWN, SqlState::CRASH_SHUTDOWN, SqlState::CANNOT_CONNECT_NOW].contains(code)
        }
        // Not the server's answer: the socket failed.
        None => true,
    }
}

/// The client's error with its causes (its own text is only the kind: "db error").
fn message(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string().replace('\n', "; "));
        source = cause.source();
    }
    text
}

fn to_sql_seq(seq: u64) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|_| StoreError::Failed(format!("change set number {seq} is too large for PostgreSQL")))
}

/// A random 64-bit number (std's hasher keys are random per process and per `RandomState`).
fn random_u64(salt: u64) -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(salt);
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    h.write_u32(std::process::id());
    h.finish()
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

fn check_schema_name(name: &str) -> Result<(), StoreError> {
    let ok = !name.is_empty()
        && name.len() <= MAX_SCHEMA_LEN
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit();
    if ok {
        Ok(())
    } else {
        Err(StoreError::Failed(format!(
            "{name:?} is not a usable schema name: lowercase ASCII letters, digits and '_', not starting with a digit, at most {MAX_SCHEMA_LEN} characters"
        )))
    }
}

fn describe(config: &Config, schema: &str) -> String {
    let user = config.get_user().unwrap_or("");
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config.get_dbname().unwrap_or(user);
    format!("postgresql://{user}@{host}:{port}/{db} schema {schema}")
}

impl PostgresStore {
    /// Connects to the PostgreSQL database `dsn` (a `postgresql://` URL or `key=value` pairs,
    /// as libpq takes them) and opens the store in the schema `vastuu`, creating it if the
    /// schema does not exist.
    ///
    /// # Errors
    /// - [`StoreError::Io`]: the server cannot be reached or refused the connection or a
    ///   statement (such as creating the schema without the right to).
    /// - [`StoreError::NotAStore`]: the schema holds something else.
    /// - [`StoreError::UnsupportedVersion`]: the tables were made by a newer version of the
    ///   library.
    /// - [`StoreError::Failed`]: the DSN cannot be parsed.
    pub fn connect(dsn: &str) -> Result<PostgresStore, StoreError> {
        Self::connect_with(dsn, PostgresOptions::default())
    }

    /// [`PostgresStore::connect`] with [`PostgresOptions`]: another schema, a writer id, another
    /// poll interval.
    ///
    /// # Errors
    /// As [`PostgresStore::connect`]; [`StoreError::Failed`] for a schema name that is not
    /// accepted.
    // Without the `fault-injection` feature `Faults` is `()`.
    #[allow(clippy::unit_arg)]
    pub fn connect_with(dsn: &str, options: PostgresOptions) -> Result<PostgresStore, StoreError> {
        Self::connect_inner(dsn, options, Faults::default())
    }

    /// [`PostgresStore::connect_with`], with the steps of storing a change set counted by
    /// `faults`: `begin`, `store change set` and `commit` (the connection is dropped instead of
    /// sending the statement; for `commit`, as if it was sent and lost on the way), and
    /// `acknowledgement` (the connection is dropped after the server committed, before the
    /// acknowledgement is read).
    ///
    /// # Errors
    /// As [`PostgresStore::connect_with`].
    #[cfg(feature = "fault-injection")]
    pub fn connect_with_faults(
        dsn: &str,
        options: PostgresOptions,
        faults: &super::FaultPlan,
    ) -> Result<PostgresStore, StoreError> {
        Self::connect_inner(dsn, options, Some(faults.clone()))
    }

    fn connect_inner(dsn: &str, options: PostgresOptions, faults: Faults) -> Result<PostgresStore, StoreError> {
        check_schema_name(&options.schema)?;
        let mut config = Config::from_str(dsn)
            .map_err(|e| StoreError::Failed(format!("not a PostgreSQL connection string: {e}")))?;
        if config.get_application_name().is_none() {
            config.application_name("vastuu");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let writer = options
            .writer
            .clone()
            .unwrap_or_else(|| format!("{}/{}/{:08x}", host_name(), std::process::id(), random_u64(0) & 0xffff_ffff));
        let name = describe(&config, &options.schema);
        let sql = Arc::new(Sql::new(&options.schema));
        let mut store = PostgresStore {
            config,
            options,
            writer,
            sql,
            name,
            conn: None,
            seen: 0,
            known_head: 0,
            polled: None,
            listener: None,
            poisoned: None,
            stale_backend: None,
            process: OpenedIn::here(),
            faults,
        };
        let conn = store.open_connection()?;
        store.conn = Some(conn);
        store.create_or_check_schema()?;
        Ok(store)
    }

    /// The schema holding the store.
    pub fn schema(&self) -> &str {
        &self.options.schema
    }

    /// The id this handle's rows are stored with.
    pub fn writer(&self) -> &str {
        &self.writer
    }

    /// The process id of the server process this handle is connected to (`pg_stat_activity.pid`),
    /// if it is connected.
    pub fn backend_pid(&self) -> Option<i32> {
        self.conn.as_ref().map(|c| c.pid)
    }

    fn io_error(&self, operation: &str, e: &postgres::Error) -> StoreError {
        StoreError::Io { operation: format!("{operation} in {}", self.name), message: message(e) }
    }

    fn path(&self) -> PathBuf {
        PathBuf::from(&self.name)
    }

    /// Connects, and remembers to ask the head (notifications
    /// sent while disconnected are lost).
    fn open_connection(&mut self) -> Result<Connection, StoreError> {
        let stale = self.stale_backend.clone();
        let connect = |config: &Config| -> Result<Connection, postgres::Error> {
            let mut client = config.connect(NoTls)?;
            if let Some((pid, started)) = &stale {
                // Best effort: it may be gone already, or belong to a role this one may not end.
                let _ = client.query_typed(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND backend_start::text = $2",
                    &[(pid, Type::INT4), (started, Type::TEXT)],
                );
            }
            // An acknowledged commit must be durable: a server (or role) running with
            // synchronous_commit=off would acknowledge before its log is flushed.
            let row = client.query_one(
                "SELECT pid, backend_start::text, CASE WHEN current_setting('synchronous_commit') = 'off' \
                 THEN set_config('synchronous_commit', 'local', false) END \
                 FROM pg_stat_activity WHERE pid = pg_backend_pid()",
                &[],
            )?;
            Ok(Connection { pid: row.try_get(0)?, started: row.try_get(1)?, client, store: None })
        };
        let conn = connect(&self.config)
            .map_err(|e| StoreError::Io { operation: format!("connecting to {}", self.name), message: message(&e) })?;
        self.stale_backend = None;
        self.polled = None;
        Ok(conn)
    }

    /// The connection, made anew if there is none or it was closed.
    fn connection(&mut self) -> Result<&mut Connection, StoreError> {
        self.process.check()?;
        if self.conn.as_ref().is_some_and(|c| c.client.is_closed()) {
            self.conn = None;
        }
        if self.conn.is_none() {
            let conn = self.open_connection()?;
            self.conn = Some(conn);
        }
        self.conn.as_mut().ok_or_else(|| StoreError::Failed("no connection".into()))
    }

    /// Runs `f` on the connection; when the connection turns out to be lost, reconnects once and
    /// runs it again. For reads, and for writes that may be repeated.
    fn run<T>(
        &mut self,
        operation: &str,
        mut f: impl FnMut(&mut Client, &Sql) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        let sql = Arc::clone(&self.sql);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let conn = self.connection()?;
            match f(&mut conn.client, &sql) {
                Ok(value) => return Ok(value),
                Err(e) => {
                    let lost = connection_lost(&e, &conn.client);
                    if lost {
                        self.conn = None;
                    }
                    if !lost || attempt >= 2 {
                        return Err(self.io_error(operation, &e));
                    }
                }
            }
        }
    }

    /// Creates the schema and its tables if the schema does not exist; otherwise checks that it
    /// is a store of a version this library reads.
    fn create_or_check_schema(&mut self) -> Result<(), StoreError> {
        let schema = self.options.schema.clone();
        let found = self.run("creating the store", |client, _| {
            let mut tx = client.transaction()?;
            tx.execute_typed("SELECT pg_advisory_xact_lock(hashtext($1))", &[(&format!("vastuu {schema}"), Type::TEXT)])?;
            let tables: i64 = tx
                .query_typed_one(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1",
                    &[(&schema, Type::TEXT)],
                )?
                .try_get(0)?;
            if tables == 0 {
                tx.batch_execute(&Sql::create(&schema))?;
                tx.commit()?;
                return Ok(None);
            }
            let marker: Option<String> = tx
                .query_typed_one(
                    "SELECT obj_description(to_regclass(quote_ident($1) || '.head'), 'pg_class')",
                    &[(&schema, Type::TEXT)],
                )?
                .try_get(0)?;
            if marker.as_deref() != Some(MARKER) {
                return Ok(Some(None));
            }
            let version: i32 =
                tx.query_one(&format!("SELECT schema_version FROM \"{schema}\".head"), &[])?.try_get(0)?;
            tx.commit()?;
            Ok(Some(Some(version)))
        })?;
        match found {
            None => Ok(()),
            Some(None) => Err(StoreError::NotAStore {
                path: self.path(),
                reason: "the schema exists and holds tables that are not a vastuu store".into(),
            }),
            Some(Some(version)) => {
                let version = u32::try_from(version).unwrap_or(0);
                if version > POSTGRES_SCHEMA_VERSION {
                    Err(StoreError::UnsupportedVersion {
                        path: self.path(),
                        found: version,
                        supported: POSTGRES_SCHEMA_VERSION,
                    })
                } else if version < 1 {
                    Err(StoreError::Corrupt { detail: format!("{}: schema version {version}", self.name) })
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Decodes one row's record of `format`.
    fn decode<T>(
        &self,
        what: &str,
        seq: i64,
        format: i32,
        data: &[u8],
        decode: fn(u32, &[u8]) -> Result<T, String>,
    ) -> Result<T, StoreError> {
        let format = u32::try_from(format).ok().filter(|f| *f >= 1).ok_or_else(|| StoreError::Corrupt {
            detail: format!("{}: {what} {seq} has format {format}", self.name),
        })?;
        if format > record::FORMAT_VERSION {
            return Err(StoreError::UnsupportedVersion {
                path: PathBuf::from(format!("{} ({what} {seq})", self.name)),
                found: format,
                supported: record::FORMAT_VERSION,
            });
        }
        decode(format, data).map_err(|e| StoreError::Corrupt { detail: format!("{}: {what} {seq}: {e}", self.name) })
    }

    /// Decodes the rows read for change sets `seqs`, which they must be.
    fn decode_read(&self, rows: Vec<RecordRow>, seqs: &[u64]) -> Result<Vec<ChangeSet>, StoreError> {
        let mut out = Vec::with_capacity(rows.len());
        for (seq, format, data) in rows {
            out.push(self.decode("change set", seq, format, &data, record::decode_change_set)?);
        }
        super::check_read(seqs, &out, &self.name)?;
        Ok(out)
    }

    fn decode_change_sets(&self, rows: Vec<(i64, i32, Vec<u8>)>, after: u64) -> Result<Vec<ChangeSet>, StoreError> {
        let mut change_sets: Vec<ChangeSet> = Vec::with_capacity(rows.len());
        for (seq, format, data) in rows {
            let cs = self.decode("change set", seq, format, &data, record::decode_change_set)?;
            let expected = change_sets.last().map_or(after.saturating_add(1), |prev| prev.seq.saturating_add(1));
            if i64::try_from(cs.seq).ok() != Some(seq) || cs.seq != expected {
                return Err(StoreError::Corrupt {
                    detail: format!(
                        "{}: change set {seq} holds change set {} where {expected} was expected",
                        self.name, cs.seq
                    ),
                });
            }
            change_sets.push(cs);
        }
        Ok(change_sets)
    }

    /// Asks the server whether the commit attempt `commit_id` of change set `seq` was stored,
    /// after the connection was lost once its statement had been sent: reconnects (which ends the old
    /// connection's server process if it is still there), waits until that process is gone or no
    /// transaction holds the head, and reads change set `seq`. Tries until [`PostgresOptions::outcome_wait`] has passed;
    /// `None` when it could not find out.
    fn find_outcome(&mut self, seq: i64, commit_id: &str) -> Option<Outcome> {
        let deadline = Instant::now() + self.options.outcome_wait;
        let sql = Arc::clone(&self.sql);
        // The server process of the lost connection: once it is gone, its transaction is over
        // (a process ends its transaction before it leaves `pg_stat_activity`).
        let stale = self.stale_backend.clone();
        let mut pause = Duration::from_millis(50);
        loop {
            if let Ok(conn) = self.connection() {
                let left = deadline.saturating_duration_since(Instant::now());
                let wait = left.clamp(Duration::from_millis(100), Duration::from_millis(500));
                let look = |client: &mut Client| -> Result<Option<String>, postgres::Error> {
                    let mut tx = client.transaction()?;
                    let gone = match &stale {
                        Some((pid, started)) => tx
                            .query_typed_one(&sql.backend_gone, &[(pid, Type::INT4), (started, Type::TEXT)])?
                            .try_get(0)?,
                        None => false,
                    };
                    if !gone {
                        // Otherwise wait until no transaction holds the head (a while at a time,
                        // to look at the process again).
                        tx.batch_execute(&format!("SET LOCAL lock_timeout = {}", wait.as_millis()))?;
                        tx.query(&sql.head_for_share, &[])?;
                    }
                    let row = tx.query_typed_opt(&sql.commit_at, &[(&seq, Type::INT8)])?;
                    let stored = row.map(|r| r.try_get::<_, String>(0)).transpose()?;
                    tx.commit()?;
                    Ok(stored)
                };
                match look(&mut conn.client) {
                    Ok(Some(id)) if id == commit_id => return Some(Outcome::Stored),
                    Ok(_) => return Some(Outcome::NotStored),
                    Err(e) => {
                        if connection_lost(&e, &conn.client) {
                            self.conn = None;
                        } else if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
                            pause = Duration::from_millis(10);
                        }
                    }
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            std::thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(Duration::from_secs(1));
        }
    }

    /// One attempt at storing `change_set` (encoded as `data`) as the store's next change set.
    fn try_commit(&mut self, change_set: &ChangeSet, data: &[u8], commit_id: &str) -> Result<(), Failure> {
        let seq = to_sql_seq(change_set.seq).map_err(Failure::Refused)?;
        self.connection().map_err(Failure::Refused)?;
        let Some(mut conn) = self.conn.take() else {
            return Err(Failure::Refused(StoreError::Failed("no connection".into())));
        };
        let attempt = Attempt { seq, data, writer: &self.writer, commit_id };
        let result = store_once(&mut conn, &self.sql, &attempt, |step| fault(&self.faults, &self.name, step));
        let failure = match result {
            Ok(Attempted::Yes) => {
                self.conn = Some(conn);
                return Ok(());
            }
            Ok(Attempted::Conflict(head)) => {
                self.conn = Some(conn);
                let head = u64::try_from(head).unwrap_or(0);
                return Err(Failure::Refused(StoreError::Conflict { seq: change_set.seq, head }));
            }
            Err((maybe_stored, Cause::Injected(message))) => Failure::Lost { maybe_stored, message },
            Err((maybe_stored, Cause::Server(e))) => {
                if connection_lost(&e, &conn.client) {
                    Failure::Lost { maybe_stored, message: message(&e) }
                } else if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
                    Failure::Refused(StoreError::Corrupt {
                        detail: format!("{}: change set {seq} is stored, but the head says it is not", self.name),
                    })
                } else {
                    Failure::Refused(StoreError::Io {
                        operation: format!("storing change set {seq} in {}", self.name),
                        message: message(&e),
                    })
                }
            }
        };
        match failure {
            // The next connection ends this one's server process if it is still there, so that
            // a transaction it may still hold (and the head's lock) goes away.
            Failure::Lost { .. } => self.stale_backend = Some((conn.pid, conn.started.clone())),
            Failure::Refused(_) => self.conn = Some(conn),
        }
        Err(failure)
    }
}

/// What one commit attempt stores.
struct Attempt<'a> {
    seq: i64,
    data: &'a [u8],
    writer: &'a str,
    commit_id: &'a str,
}

/// What one commit attempt did.
enum Attempted {
    Yes,
    /// Another writer's change set was there first; the head.
    Conflict(i64),
}

/// Why one commit attempt failed.
enum Cause {
    Injected(String),
    Server(postgres::Error),
}

/// Counts `step` in the fault plan: an error when it is to fail.
fn fault(faults: &Faults, name: &str, step: &str) -> Result<(), String> {
    #[cfg(feature = "fault-injection")]
    if let Some(plan) = faults {
        return plan.check(step, std::path::Path::new(name)).map_err(|e| e.to_string());
    }
    let _ = (faults, name, step);
    Ok(())
}

/// The commit protocol on one connection: one prepared statement, run on its own (it commits
/// when it completes; one round trip). The error says whether the change set may have been
/// stored.
fn store_once(
    conn: &mut Connection,
    sql: &Sql,
    attempt: &Attempt<'_>,
    fault: impl Fn(&str) -> Result<(), String>,
) -> Result<Attempted, (bool, Cause)> {
    let before = |e: postgres::Error| (false, Cause::Server(e));
    let injected = |sent: bool| move |m: String| (sent, Cause::Injected(m));
    let format = i32::try_from(record::FORMAT_VERSION).unwrap_or(i32::MAX);
    fault("begin").map_err(injected(false))?;
    let statement = match &conn.store {
        Some(statement) => statement.clone(),
        None => {
            let types = [Type::INT8, Type::INT4, Type::TEXT, Type::TEXT, Type::BYTEA, Type::TEXT];
            let statement = conn.client.prepare_typed(&sql.store, &types).map_err(before)?;
            conn.store.insert(statement).clone()
        }
    };
    fault("store change set").map_err(injected(false))?;
    // As if the statement was sent and lost on the way: the server never ran it.
    fault("commit").map_err(injected(true))?;
    let params: [&(dyn ToSql + Sync); 6] =
        [&attempt.seq, &format, &attempt.writer, &attempt.commit_id, &attempt.data, &sql.channel];
    // Once sent, the statement may have been run and committed whatever error comes back: a
    // server process ended by a fast shutdown has been seen to answer one that it committed
    // with an error. Only a lost connection is looked up, though (`try_commit`): an error on a
    // connection that is still there answered a statement that failed.
    let rows = conn.client.query(&statement, &params).map_err(|e| (true, Cause::Server(e)))?;
    if rows.is_empty() {
        let head: i64 = conn.client.query_one(&sql.head, &[]).and_then(|r| r.try_get(0)).map_err(before)?;
        return Ok(Attempted::Conflict(head));
    }
    // As if the acknowledgement was lost: the server has committed.
    fault("acknowledgement").map_err(injected(true))?;
    Ok(Attempted::Yes)
}

/// A row of `change_set` or `snapshot`: seq, format, data.
type RecordRow = (i64, i32, Vec<u8>);

fn record_row(row: &Row) -> Result<RecordRow, postgres::Error> {
    Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))
}

/// What writing a snapshot found.
enum SnapshotWrite {
    Written,
    /// A snapshot of this change set or a newer one is there already.
    Kept,
    /// A snapshot of change set 0 with other data is there (another directory made from data).
    OtherData,
    /// The store holds change sets only up to this one.
    Beyond(i64),
}

impl Store for PostgresStore {
    fn load(&mut self) -> Result<Stored, StoreError> {
        let (snapshot, rows) = self.run("reading the store", |client, sql| {
            let mut tx =
                client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start()?;
            let snapshot = tx.query_opt(&sql.newest_snapshot, &[])?.as_ref().map(record_row).transpose()?;
            let rows = tx.query(&sql.all_change_sets, &[])?.iter().map(record_row).collect::<Result<Vec<_>, _>>()?;
            tx.commit()?;
            Ok((snapshot, rows))
        })?;
        let snapshot = match snapshot {
            Some((seq, format, data)) => {
                let snapshot = self.decode("snapshot", seq, format, &data, record::decode_snapshot)?;
                if i64::try_from(snapshot.seq).ok() != Some(seq) {
                    return Err(StoreError::Corrupt {
                        detail: format!(
                            "{}: snapshot {seq} holds the state after change set {}",
                            self.name, snapshot.seq
                        ),
                    });
                }
                Some(snapshot)
            }
            None => None,
        };
        let change_sets = self.decode_change_sets(rows, 0)?;
        let last = change_sets.last().map_or(0, |cs| cs.seq);
        if let Some(s) = &snapshot {
            if s.seq > last {
                return Err(StoreError::Corrupt {
                    detail: format!("{}: snapshot of change set {}, but the last is {last}", self.name, s.seq),
                });
            }
        }
        self.seen = last;
        self.known_head = self.known_head.max(last);
        Ok(Stored { snapshot, change_sets })
    }

    fn commit(&mut self, change_set: &ChangeSet) -> Result<(), StoreError> {
        self.process.check()?;
        if let Some(cause) = &self.poisoned {
            return Err(StoreError::NeedsReopen { cause: cause.clone() });
        }
        let data = record::encode_change_set(change_set)?;
        let commit_id = format!("{:016x}{:016x}", random_u64(change_set.seq), random_u64(u64::MAX - change_set.seq));
        let seq = change_set.seq;
        let stored = match self.try_commit(change_set, &data, &commit_id) {
            Ok(()) => Ok(()),
            Err(Failure::Refused(e)) => {
                if let StoreError::Conflict { head, .. } = e {
                    self.known_head = self.known_head.max(head);
                }
                Err(e)
            }
            Err(Failure::Lost { maybe_stored: false, message }) => Err(StoreError::Io {
                operation: format!(
                    "storing change set {seq} in {} (the connection was lost before the change set was stored; nothing was stored)",
                    self.name
                ),
                message,
            }),
            Err(Failure::Lost { maybe_stored: true, message }) => {
                match self.find_outcome(to_sql_seq(seq)?, &commit_id) {
                    Some(Outcome::Stored) => Ok(()),
                    Some(Outcome::NotStored) => Err(StoreError::Io {
                        operation: format!(
                        "committing change set {seq} in {} (the connection was lost and the change set was not stored: nothing was stored)",
                        self.name
                    ),
                        message,
                    }),
                    None => {
                        let cause = format!(
                        "the connection to {} was lost while committing change set {seq}, and the server could not be asked within {:?} whether it was stored ({message}); open the store anew to see",
                        self.name, self.options.outcome_wait
                    );
                        self.poisoned = Some(cause.clone());
                        Err(StoreError::OutcomeUnknown { seq, cause })
                    }
                }
            }
        };
        if stored.is_ok() {
            self.seen = seq;
            self.known_head = self.known_head.max(seq);
        }
        stored
    }

    fn write_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), StoreError> {
        self.process.check()?;
        if let Some(cause) = &self.poisoned {
            return Err(StoreError::NeedsReopen { cause: cause.clone() });
        }
        let data = record::encode_snapshot(snapshot)?;
        let seq = to_sql_seq(snapshot.seq)?;
        let format = i32::try_from(record::FORMAT_VERSION).unwrap_or(i32::MAX);
        let writer = self.writer.clone();
        // Repeating it after a lost connection is harmless: the snapshot of one change set is
        // the same whoever writes it.
        let written = self.run("writing a snapshot", |client, sql| {
            let mut tx = client.transaction()?;
            tx.batch_execute(&sql.lock_snapshots)?;
            let head: i64 = tx.query_one(&sql.head, &[])?.try_get(0)?;
            if seq > head {
                return Ok(SnapshotWrite::Beyond(head));
            }
            let existing = tx.query_typed_opt(&sql.snapshot_at, &[(&seq, Type::INT8), (&data, Type::BYTEA)])?;
            if let Some(row) = existing {
                let (at, same): (i64, bool) = (row.try_get(0)?, row.try_get(1)?);
                return Ok(if at == 0 && seq == 0 && !same { SnapshotWrite::OtherData } else { SnapshotWrite::Kept });
            }
            tx.execute_typed(
                &sql.insert_snapshot,
                &[(&seq, Type::INT8), (&format, Type::INT4), (&writer, Type::TEXT), (&data, Type::BYTEA)],
            )?;
            tx.execute_typed(&sql.delete_older_snapshots, &[(&seq, Type::INT8)])?;
            tx.commit()?;
            Ok(SnapshotWrite::Written)
        })?;
        match written {
            SnapshotWrite::Written | SnapshotWrite::Kept => Ok(()),
            SnapshotWrite::OtherData => Err(StoreError::Failed(format!(
                "{} already holds a directory (another snapshot of change set 0)",
                self.name
            ))),
            SnapshotWrite::Beyond(head) => Err(StoreError::Failed(format!(
                "a snapshot of change set {seq} cannot be stored: {} holds change sets up to {head}",
                self.name
            ))),
        }
    }

    fn read_change_sets(&mut self, seqs: &[u64]) -> Result<Vec<ChangeSet>, StoreError> {
        self.process.check()?;
        let wanted = seqs.iter().map(|&seq| to_sql_seq(seq)).collect::<Result<Vec<i64>, _>>()?;
        let rows = self.run("reading change sets", |client, sql| {
            client.query_typed(&sql.change_sets_at, &[(&wanted, Type::INT8_ARRAY)])?.iter().map(record_row).collect()
        })?;
        self.decode_read(rows, seqs)
    }

    fn read_change_set_range(&mut self, first: u64, last: u64) -> Result<Vec<ChangeSet>, StoreError> {
        self.process.check()?;
        if first > last {
            return Ok(Vec::new());
        }
        let (from, to) = (to_sql_seq(first)?, to_sql_seq(last)?);
        let rows = self.run("reading change sets", |client, sql| {
            client
                .query_typed(&sql.change_sets_between, &[(&from, Type::INT8), (&to, Type::INT8)])?
                .iter()
                .map(record_row)
                .collect()
        })?;
        let seqs: Vec<u64> = (first..=last).collect();
        self.decode_read(rows, &seqs)
    }

    fn changes_since(&mut self, seq: u64) -> Result<Vec<ChangeSet>, StoreError> {
        let after = to_sql_seq(seq)?;
        let rows = self.run("reading change sets", |client, sql| {
            client.query_typed(&sql.change_sets_after, &[(&after, Type::INT8)])?.iter().map(record_row).collect()
        })?;
        let change_sets = self.decode_change_sets(rows, seq)?;
        self.seen = change_sets.last().map_or(seq, |cs| cs.seq);
        self.known_head = self.known_head.max(self.seen);
        Ok(change_sets)
    }

    fn has_moved(&mut self) -> Result<bool, StoreError> {
        // In a forked child the listener thread is gone (its note would never move) and the
        // connection is the parent's.
        self.process.check()?;
        let listener = match &self.listener {
            Some(listener) => listener,
            None => self.listener.insert(Listener::start(self.config.clone(), self.sql.listen.clone())?),
        };
        let heard = listener.heard();
        self.known_head = self.known_head.max(heard.newest);
        let due =
            !heard.listening || heard.missed || self.polled.is_none_or(|at| at.elapsed() >= self.options.poll_interval);
        if due {
            let head: i64 =
                self.run("asking for the head", |client, sql| client.query_one(&sql.head, &[])?.try_get(0))?;
            self.polled = Some(Instant::now());
            self.known_head = self.known_head.max(u64::try_from(head).unwrap_or(0));
        }
        Ok(self.known_head > self.seen)
    }
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        if !self.process.is_here() {
            // A forked child: closing would end the parent's session on the shared socket. (The
            // listener's thread does not exist here; its stop flag is left alone.)
            std::mem::forget(self.conn.take());
            return;
        }
        if let Some(listener) = &self.listener {
            listener.shared.stop.store(true, Ordering::Relaxed);
        }
    }
}

/// How long the listener waits for a notification before it looks whether it is to stop.
const LISTEN_WAIT: Duration = Duration::from_millis(200);

/// What the listener thread tells the handle.
#[derive(Default)]
struct Heard {
    /// The highest change set number notified.
    newest: AtomicU64,
    /// Whether the listener's connection is up and listening.
    listening: AtomicBool,
    /// Set when the listener (re)started listening: what was notified before is not known.
    missed: AtomicBool,
    /// Set by the handle when it is dropped.
    stop: AtomicBool,
}

/// What [`Listener::heard`] reads.
struct HeardNow {
    newest: u64,
    listening: bool,
    missed: bool,
}

/// A thread with a connection of its own that `LISTEN`s on the store's channel and waits on the
/// socket, so that [`Store::has_moved`] reads what it heard without a round trip. It reconnects
/// when its connection is lost (the handle asks the head meanwhile) and ends when the handle
/// is dropped.
struct Listener {
    shared: Arc<Heard>,
}

impl Listener {
    fn start(config: Config, listen: String) -> Result<Listener, StoreError> {
        let shared = Arc::new(Heard::default());
        let heard = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("vastuu-postgres-listener".into())
            .spawn(move || listen_until_stopped(&config, &listen, &heard))
            .map_err(|e| StoreError::Io {
                operation: "starting the PostgreSQL listener".into(),
                message: e.to_string(),
            })?;
        Ok(Listener { shared })
    }

    fn heard(&self) -> HeardNow {
        let s = &self.shared;
        // `missed` first: a notification counted after it is read is still in `newest`.
        let missed = s.missed.swap(false, Ordering::AcqRel);
        HeardNow { missed, listening: s.listening.load(Ordering::Acquire), newest: s.newest.load(Ordering::Acquire) }
    }
}

fn listen_until_stopped(config: &Config, listen: &str, heard: &Heard) {
    let mut pause = Duration::from_millis(50);
    while !heard.stop.load(Ordering::Relaxed) {
        let mut client = match config.connect(NoTls).and_then(|mut c| c.batch_execute(listen).map(|()| c)) {
            Ok(client) => client,
            Err(_) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(1));
                continue;
            }
        };
        pause = Duration::from_millis(50);
        heard.listening.store(true, Ordering::Release);
        heard.missed.store(true, Ordering::Release);
        while !heard.stop.load(Ordering::Relaxed) {
            let next = client.notifications().timeout_iter(LISTEN_WAIT).next();
            match next {
                Ok(Some(n)) => {
                    if let Ok(seq) = n.payload().parse::<u64>() {
                        heard.newest.fetch_max(seq, Ordering::AcqRel);
                    }
                }
                Ok(None) if !client.is_closed() => {}
                _ => break,
            }
        }
        heard.listening.store(false, Ordering::Release);
    }
}
