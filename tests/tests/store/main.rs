//! The store tests: the conformance suite on every backend (PostgreSQL on the server of
//! `VASTUU_POSTGRES_DSN`), fault injection, damaged files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod damage;
mod faults;
mod format;

mod conformance {
    mod memory {
        vastuu_tests::store_conformance_tests!(vastuu_tests::backends::Memory);
    }
    mod file {
        vastuu_tests::store_conformance_tests!(vastuu_tests::backends::File);
    }
    mod sqlite {
        vastuu_tests::store_conformance_tests!(vastuu_tests::backends::Sqlite);
    }
    mod postgres {
        vastuu_tests::store_conformance_tests!(vastuu_tests::backends::Postgres);
    }
}
