//! Cross-crate tests of vastuu's stores: one conformance suite for every backend
//! ([`conformance`], run by `tests/store`), fault injection (`tests/store/faults.rs`), file-format
//! damage (`tests/store/damage.rs`) and the crash test (`tests/crash.rs`, with the
//! `crash-child` binary).
//!
//! This crate is test support: its helpers panic on unexpected failures, as tests do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod backends;
pub mod conformance;
pub mod workload;
