//! # vastuu-host
//!
//! What the Python and the uniffi (Kotlin, Swift) bindings of [`vastuu`] share, so that each
//! binding is only type conversion: [`SharedDirectory`], one core directory shared by the
//! threads of a host, with parallel reads, closing, transactions owned by a [`Token`], a
//! re-entry guard, a panic boundary that poisons the handle, and the export runner
//! ([`SharedDirectory::export`]); [`Error`] with its exhaustive [`Kind`], the core's kinds plus
//! the host's own, which the bindings map to their error types; [`Convert`], which the bindings'
//! conversions between their types and the core's build on; and helpers that assemble what a
//! binding returns ([`page`]).
//!
//! ```
//! use vastuu_host::{Error, SharedDirectory};
//!
//! let shared = SharedDirectory::new(vastuu::Directory::new());
//! let level = shared.begin(None)?;
//! shared.write(Some(level.token), |d| d.create_team("Huolto"))?;
//! assert_eq!(shared.transaction_depth(), 1);
//! shared.end(level, true)?;
//! assert_eq!(shared.read(None, |d| Ok(d.last_seq()))?, 1);
//! shared.close(None)?;
//! assert_eq!(shared.read(None, |d| Ok(d.last_seq())), Err(Error::Closed));
//! # Ok::<(), Error>(())
//! ```

mod convert;
mod error;
mod export;
mod owner;
mod pages;
mod shared;

pub use convert::{parse_iso_date, Convert};
pub use error::{with_number_shown, Error, Failure, Kind, Misuse, Result};
pub use export::{ExportError, ExportRun, Written};
pub use owner::ThreadOwner;
pub use pages::page;
pub use shared::{guarded, Level, SharedDirectory, Token};
