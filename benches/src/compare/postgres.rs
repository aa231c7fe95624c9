//! The PostgreSQL store against what an application would otherwise do on the same server.
//!
//! - **Toggle:** ours goes through [`PostgresStore`] (plan, change set, commit protocol,
//!   notification); the peer runs the same `DELETE`, else `INSERT` on a table of
//!   responsibilities (with their roles, foreign keys and indexes), written directly with the same
//!   client crate (`postgres`) on the same server, prepared statements, autocommit.
//! - **Catching up:** a directory catches up with change sets another process stored
//!   ([`Directory::sync`] on a [`PostgresStore`]); the peer is the same catching up on a
//!   [`MemoryStore`] shared with the writer in this process, where the change sets are handed
//!   over in memory: applying them locally, without a server, the wire or decoding.
//!
//! Both sides wait for the server, whose work is done in its own processes: the figures are
//! wall-clock times. The server is the one `VASTUU_POSTGRES_DSN` names (`scripts/postgres.sh`
//! starts one); each run works in schemas of its own, dropped at the end.

use super::sql::{self, Toggles};
use super::HarnessError;
use postgres::{Client, NoTls, Statement};
use std::cell::RefCell;
use std::path::Path;
use std::process::Command;
use vastuu::{Data, Directory, MemoryStore, PostgresOptions, PostgresStore};

/// The environment variable naming the server.
pub const DSN_VAR: &str = "VASTUU_POSTGRES_DSN";

impl From<postgres::Error> for HarnessError {
    fn from(e: postgres::Error) -> Self {
        HarnessError::Failed(format!("PostgreSQL: {e}"))
    }
}

/// The server to compare on, when one is named.
pub fn dsn() -> Option<String> {
    std::env::var(DSN_VAR).ok().filter(|s| !s.trim().is_empty())
}

/// A schema name no other run uses.
pub fn schema_name(tag: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("bench_{tag}_{}_{nanos}", std::process::id())
}

/// Drops a schema when dropped.
#[derive(Debug)]
pub struct SchemaGuard {
    dsn: String,
    schema: String,
}

impl SchemaGuard {
    /// Guards `schema` on the server `dsn`.
    pub fn new(dsn: &str, schema: &str) -> SchemaGuard {
        SchemaGuard { dsn: dsn.to_owned(), schema: schema.to_owned() }
    }
}

impl Drop for SchemaGuard {
    fn drop(&mut self) {
        if let Ok(mut client) = Client::connect(&self.dsn, NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.schema));
        }
    }
}

/// Makes a commit's acknowledgement wait for the server's log flush, as the store does: a
/// session whose `synchronous_commit` is `off` is switched to `local`.
fn acknowledge_after_flush(client: &mut Client) -> Result<(), HarnessError> {
    let setting: String = client.query_one("SHOW synchronous_commit", &[])?.get(0);
    if setting == "off" {
        client.batch_execute("SET synchronous_commit = local")?;
    }
    Ok(())
}

/// The server's settings that decide what a commit costs, for the report.
///
/// # Errors
/// When the server cannot be asked.
pub fn server_settings(dsn: &str) -> Result<String, HarnessError> {
    let mut client = Client::connect(dsn, NoTls)?;
    let version: String = client.query_one("SHOW server_version", &[])?.get(0);
    let fsync: String = client.query_one("SHOW fsync", &[])?.get(0);
    let sync: String = client.query_one("SHOW synchronous_commit", &[])?.get(0);
    let socket: Option<String> = client.query_one("SELECT inet_server_addr()::text", &[])?.get(0);
    Ok(format!(
        "PostgreSQL {version} on the same machine ({}), fsync={fsync}, synchronous_commit={sync}",
        socket.map_or_else(|| "Unix socket".to_owned(), |a| format!("TCP {a}"))
    ))
}

/// A directory on a new PostgreSQL store in a schema of its own, holding `data`.
///
/// # Errors
/// Store and rule errors.
pub fn directory_on(dsn: &str, schema: &str, data: Data) -> Result<Directory, HarnessError> {
    let store = PostgresStore::connect_with(dsn, PostgresOptions::new().schema(schema))?;
    Ok(Directory::from_data_in(data, store)?)
}

/// Opens the directory the store in `schema` holds.
///
/// # Errors
/// Store errors.
pub fn open(dsn: &str, schema: &str) -> Result<Directory, HarnessError> {
    Ok(Directory::with_store(PostgresStore::connect_with(dsn, PostgresOptions::new().schema(schema))?)?)
}

/// The peer of the toggle: the responsibilities and their roles in tables of their own.
pub struct PgPeer {
    client: RefCell<Client>,
    delete: Statement,
    insert: Statement,
    exists: Statement,
    count: Statement,
    _schema: SchemaGuard,
}

impl std::fmt::Debug for PgPeer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgPeer").finish_non_exhaustive()
    }
}

fn peer_tables(s: &str) -> String {
    format!(
        "CREATE SCHEMA \"{s}\";
         SET search_path TO \"{s}\";
         CREATE TABLE responsibility (
             customer_id integer NOT NULL, project_id integer NOT NULL, employee_id integer NOT NULL,
             valid_from date, valid_to date, PRIMARY KEY (customer_id, project_id, employee_id));
         CREATE TABLE responsibility_role (
             customer_id integer NOT NULL, project_id integer NOT NULL, employee_id integer NOT NULL,
             role_id integer NOT NULL, PRIMARY KEY (customer_id, project_id, employee_id, role_id),
             FOREIGN KEY (customer_id, project_id, employee_id)
                 REFERENCES responsibility (customer_id, project_id, employee_id) ON DELETE CASCADE);"
    )
}

const PEER_INDEXES: &str = "
CREATE INDEX responsibility_by_employee ON responsibility (employee_id, customer_id);
CREATE INDEX role_of ON responsibility_role (role_id);
ANALYZE responsibility;
ANALYZE responsibility_role;
";

/// `value` in COPY's text format (`\N` for none).
fn copy_field(value: Option<impl std::fmt::Display>) -> String {
    value.map_or_else(|| "\\N".to_owned(), |v| v.to_string())
}

impl PgPeer {
    /// Creates the tables in a schema of their own, copies the directory's responsibilities and
    /// roles into them and builds the indexes.
    ///
    /// # Errors
    /// Server errors.
    pub fn load(dsn: &str, dir: &Directory) -> Result<PgPeer, HarnessError> {
        use std::io::Write;
        let schema = schema_name("peer");
        let guard = SchemaGuard::new(dsn, &schema);
        let mut client = Client::connect(dsn, NoTls)?;
        acknowledge_after_flush(&mut client)?;
        client.batch_execute(&peer_tables(&schema))?;
        let mut rows = Vec::new();
        let mut roles = Vec::new();
        for r in dir.responsibilities() {
            let (c, p) = sql::subject_key(dir, r.subject)?;
            let e = r.employee.get();
            let (from, to) = (copy_field(r.period.from), copy_field(r.period.to));
            writeln!(rows, "{c}\t{p}\t{e}\t{from}\t{to}")?;
            for role in &r.roles {
                writeln!(roles, "{c}\t{p}\t{e}\t{}", role.get())?;
            }
        }
        let mut w = client.copy_in("COPY responsibility FROM STDIN")?;
        w.write_all(&rows)?;
        w.finish()?;
        let mut w = client.copy_in("COPY responsibility_role FROM STDIN")?;
        w.write_all(&roles)?;
        w.finish()?;
        client.batch_execute(PEER_INDEXES)?;
        let delete = client
            .prepare("DELETE FROM responsibility WHERE customer_id = $1 AND project_id = $2 AND employee_id = $3")?;
        let insert =
            client.prepare("INSERT INTO responsibility (customer_id, project_id, employee_id) VALUES ($1, $2, $3)")?;
        let exists = client
            .prepare("SELECT 1 FROM responsibility WHERE customer_id = $1 AND project_id = $2 AND employee_id = $3")?;
        let count = client.prepare("SELECT count(*) FROM responsibility")?;
        Ok(PgPeer { client: RefCell::new(client), delete, insert, exists, count, _schema: guard })
    }

    /// Toggles a responsibility: deletes it (its roles go with it) or, when there was none,
    /// inserts it. Each statement commits on its own. Whether it was added.
    ///
    /// # Errors
    /// Server errors.
    pub fn toggle(&self, customer: u32, project: u32, employee: u32) -> Result<bool, HarnessError> {
        let mut client = self.client.borrow_mut();
        let key = [i32_of(customer)?, i32_of(project)?, i32_of(employee)?];
        if client.execute(&self.delete, &[&key[0], &key[1], &key[2]])? > 0 {
            return Ok(false);
        }
        client.execute(&self.insert, &[&key[0], &key[1], &key[2]])?;
        Ok(true)
    }
}

fn i32_of(id: u32) -> Result<i32, HarnessError> {
    i32::try_from(id).map_err(|_| HarnessError::Failed(format!("id {id} does not fit an integer column")))
}

impl sql::TogglePeer for PgPeer {
    fn name(&self) -> &'static str {
        "PostgreSQL"
    }

    fn exists(&self, customer: u32, project: u32, employee: u32) -> Result<bool, HarnessError> {
        let key = [i32_of(customer)?, i32_of(project)?, i32_of(employee)?];
        Ok(self.client.borrow_mut().query_opt(&self.exists, &[&key[0], &key[1], &key[2]])?.is_some())
    }

    fn count(&self) -> Result<u64, HarnessError> {
        let n: i64 = self.client.borrow_mut().query_one(&self.count, &[])?.get(0);
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// Checks that the store holds what the directory holds: a directory opened anew on it has the
/// same data.
///
/// # Errors
/// [`HarnessError::Disagree`] when they differ.
pub fn check_stored(dsn: &str, schema: &str, dir: &Directory) -> Result<(), HarnessError> {
    let reopened = open(dsn, schema)?;
    if reopened.last_seq() != dir.last_seq() || reopened.data() != dir.data() {
        return Err(HarnessError::Disagree(format!(
            "the PostgreSQL store holds change sets up to {} and {} responsibilities; the directory {} and {}",
            reopened.last_seq(),
            reopened.responsibilities().len(),
            dir.last_seq(),
            dir.responsibilities().len()
        )));
    }
    Ok(())
}

/// Two directories on one [`MemoryStore`]: a writer and a reader that catches up with it.
#[derive(Debug)]
pub struct LocalPair {
    /// Makes the change sets.
    pub writer: Directory,
    /// Catches up with them.
    pub reader: Directory,
}

impl LocalPair {
    /// Both holding `data`.
    ///
    /// # Errors
    /// Store and rule errors.
    pub fn new(data: Data) -> Result<LocalPair, HarnessError> {
        let store = MemoryStore::new();
        let reader = Directory::from_data_in(data, store.clone())?;
        let writer = Directory::with_store(store)?;
        Ok(LocalPair { writer, reader })
    }
}

/// Makes `2 × pairs` change sets on `dir`: each of `pairs` toggles (picked with `seed`) twice,
/// one pass after the other, so the data ends as it began. Returns the directory's last change
/// set.
///
/// # Errors
/// A toggle the directory refuses.
pub fn write_toggles(dir: &mut Directory, pairs: usize, seed: u64) -> Result<u64, HarnessError> {
    let toggles = Toggles::pick(dir, pairs, seed)?;
    for _ in 0..2 {
        toggles.run_ours(dir)?;
    }
    Ok(dir.last_seq())
}

/// Runs [`write_toggles`] in a child process (this program's `pg-writer-child`) on the store in
/// `schema`; returns the last change set it stored.
///
/// # Errors
/// When the child fails.
pub fn write_in_child(exe: &Path, dsn: &str, schema: &str, pairs: usize, seed: u64) -> Result<u64, HarnessError> {
    let out = Command::new(exe)
        .args(["pg-writer-child", schema, &pairs.to_string(), &seed.to_string()])
        .env(DSN_VAR, dsn)
        .output()?;
    crate::compare::child_result("writer child", &out)
}

/// The child's side of [`write_in_child`]: `pg-writer-child SCHEMA PAIRS SEED`, the server from
/// [`DSN_VAR`].
///
/// # Errors
/// Bad arguments, store errors.
pub fn writer_child(args: &[String]) -> Result<u64, HarnessError> {
    let usage = || HarnessError::Failed("usage: vastuu-benches pg-writer-child SCHEMA PAIRS SEED".into());
    let [schema, pairs, seed] = args else {
        return Err(usage());
    };
    let pairs: usize = pairs.parse().map_err(|_| usage())?;
    let seed: u64 = seed.parse().map_err(|_| usage())?;
    let dsn = dsn().ok_or_else(|| HarnessError::Failed(format!("{DSN_VAR} is not set")))?;
    write_toggles(&mut open(&dsn, schema)?, pairs, seed)
}

/// Checks that a directory that caught up holds what the local one does.
///
/// # Errors
/// [`HarnessError::Disagree`] when they differ.
pub fn check_caught_up(pg: &Directory, local: &Directory, seq: u64) -> Result<(), HarnessError> {
    if pg.last_seq() != seq || pg.data() != local.data() {
        return Err(HarnessError::Disagree(format!(
            "after catching up: PostgreSQL at change set {} (the writer stored up to {seq}) with {} \
             responsibilities, local with {}",
            pg.last_seq(),
            pg.responsibilities().len(),
            local.responsibilities().len()
        )));
    }
    Ok(())
}
