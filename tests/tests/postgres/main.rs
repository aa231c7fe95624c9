//! The PostgreSQL store beyond the conformance suite: several handles (as processes) on one
//! store, lost acknowledgements and lost connections, and server restarts. Each test uses a
//! schema of its own on the server of `VASTUU_POSTGRES_DSN`, or a server of its own; without
//! one they are skipped with a notice (failed under `CI=true`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod concurrency;
mod format;
mod lost;
mod proxy;
mod restart;

use vastuu::{Directory, PostgresOptions, PostgresStore};
use vastuu_tests::backends::{Backend, Postgres};

/// A new store on the test server, or `None` when the tests are skipped.
fn place() -> Option<Postgres> {
    Postgres::available().then(Postgres::new)
}

/// A handle on `place` with `options` (its schema set).
fn store(place: &Postgres, options: PostgresOptions) -> PostgresStore {
    PostgresStore::connect_with(place.dsn(), options.schema(place.schema())).unwrap()
}

/// A directory on its own handle of `place`.
fn directory(place: &Postgres) -> Directory {
    Directory::with_store(store(place, PostgresOptions::new())).unwrap()
}
