//! Cross-crate tests of vastuu: one conformance suite for every store backend
//! ([`conformance`], run by `tests/store`), fault injection (`tests/store/faults.rs`), file-format
//! damage (`tests/store/damage.rs`), the crash test (`tests/crash.rs`, with the `crash-child`
//! binary), and the model-based test (`tests/model.rs`) against the reference [`model`].
//!
//! This crate is test support: its helpers panic on unexpected failures, as tests do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod backends;
pub mod conformance;
pub mod model;
pub mod postgres_server;
pub mod workload;
