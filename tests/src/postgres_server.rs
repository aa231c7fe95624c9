//! PostgreSQL for the tests: the server the test scripts start (its DSN in
//! `VASTUU_POSTGRES_DSN`, see `scripts/postgres.sh`), a schema of its own for each test so that
//! tests run side by side, and servers of a test's own that it can restart.
//!
//! Without `VASTUU_POSTGRES_DSN` the PostgreSQL tests are skipped with a notice, except under
//! `CI=true`, where they fail: CI always runs them.

use postgres::{Client, NoTls};
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;
use tempfile::TempDir;

/// The environment variable holding the test server's connection string.
pub const DSN_VAR: &str = "VASTUU_POSTGRES_DSN";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Skips (with a notice, printed once per test binary past the test harness's capture) or, under
/// CI, fails.
fn unavailable(why: &str) {
    assert!(!in_ci(), "{why}: the PostgreSQL tests must run in CI (scripts/test-all.sh starts a server)");
    static NOTICE: Once = Once::new();
    NOTICE.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "notice: {why}; the PostgreSQL tests are skipped. Run them with \
             `bash scripts/postgres.sh run cargo test --workspace --all-features`."
        );
    });
}

/// The test server's connection string; `None` (after a notice) when it is not set and this is
/// not CI.
///
/// # Panics
/// Under `CI=true` when it is not set.
pub fn dsn() -> Option<String> {
    match std::env::var(DSN_VAR) {
        Ok(dsn) if !dsn.trim().is_empty() => Some(dsn),
        _ => {
            unavailable(&format!("{DSN_VAR} is not set"));
            None
        }
    }
}

/// A schema name no other test (in this or another process) uses.
pub fn fresh_schema(tag: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("t_{tag}_{}_{n}_{nanos:x}", std::process::id())
}

/// A plain client on the server, for what the tests do around the store.
pub fn client(dsn: &str) -> Client {
    Client::connect(dsn, NoTls).unwrap_or_else(|e| panic!("connecting to {dsn}: {e}"))
}

/// Drops a test's schema (best effort: a test that failed may leave it for a look).
pub fn drop_schema(dsn: &str, schema: &str) {
    if let Ok(mut c) = Client::connect(dsn, NoTls) {
        let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
    }
}

fn script() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/postgres.sh"))
}

fn run_script(args: &[&str]) -> String {
    let out = Command::new("bash").arg(script()).args(args).output().expect("running scripts/postgres.sh");
    assert!(
        out.status.success(),
        "scripts/postgres.sh {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A PostgreSQL server of one test's own, made and run by `scripts/postgres.sh`, which the test
/// can stop and restart without disturbing the others. Stopped and removed when dropped.
pub struct OwnServer {
    dir: TempDir,
    /// Its connection string.
    pub dsn: String,
}

impl OwnServer {
    /// Makes and starts one; `None` (after a notice) where the tests have no PostgreSQL (as for
    /// [`dsn`]).
    pub fn start() -> Option<OwnServer> {
        Self::start_with(&[])
    }

    /// [`OwnServer::start`] with server settings (`name=value`) on top of the script's.
    pub fn start_with(settings: &[&str]) -> Option<OwnServer> {
        dsn()?;
        let dir = tempfile::Builder::new().prefix("vastuu-own-postgres.").tempdir().unwrap();
        let path = dir.path().display().to_string();
        let mut args = vec!["start", path.as_str()];
        args.extend_from_slice(settings);
        let dsn = run_script(&args);
        Some(OwnServer { dir, dsn })
    }

    fn path(&self) -> String {
        self.dir.path().display().to_string()
    }

    /// `pg_ctl restart` with `mode` (`fast`: connections are ended, transactions rolled back;
    /// `immediate`: the server processes are killed and the server recovers from its log).
    pub fn restart(&self, mode: &str) {
        run_script(&["restart", &self.path(), mode]);
    }

    /// `pg_ctl stop` with `mode`.
    pub fn stop(&self, mode: &str) {
        run_script(&["stop", &self.path(), mode]);
    }

    /// Starts it again after [`OwnServer::stop`].
    pub fn start_again(&self) {
        run_script(&["start", &self.path()]);
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let _ = Command::new("bash").arg(script()).args(["stop", &self.path(), "immediate"]).output();
    }
}
