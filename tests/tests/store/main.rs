//! The store tests: the conformance suite on every backend (shared SQLite; PostgreSQL on the
//! server of `VASTUU_POSTGRES_DSN`), with the checks of several handles on one store for those
//! several handles may have open at once; fault injection, crashes on a simulated disk, damaged
//! files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod crash_sim;
mod damage;
mod faults;
mod format;
mod salvage;

mod conformance {
    mod memory {
        vastuu_tests::store_conformance_tests!(shared vastuu_tests::backends::Memory);
    }
    mod file {
        vastuu_tests::store_conformance_tests!(vastuu_tests::backends::File);
    }
    mod sqlite {
        vastuu_tests::store_conformance_tests!(vastuu_tests::backends::Sqlite);
    }
    mod sqlite_shared {
        vastuu_tests::store_conformance_tests!(shared vastuu_tests::backends::SqliteShared);
    }
    mod postgres {
        vastuu_tests::store_conformance_tests!(shared vastuu_tests::backends::Postgres);
    }
}
