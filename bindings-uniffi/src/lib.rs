//! # vastuu-uniffi
//!
//! The [`vastuu`] library for Kotlin (JVM, Android) and Swift (iOS, macOS) apps, through uniffi
//! proc-macros. The generated Kotlin lives in package `fi.vastuu`, the Swift in module `Vastuu`;
//! `generate.sh` builds this crate's cdylib and generates both from it (library mode).
//!
//! One object, [`Directory`], holds the data behind a mutex and is safe to share between
//! threads. Every other type is a plain value (record or enum) converted at the boundary; the
//! rules all live in the core, this crate only converts.
//!
//! Representations at the boundary:
//! - ids: one record per kind (`CustomerId { raw }`, …), distinct types in Kotlin and Swift
//!   (see [`ids`]);
//! - calendar dates: [`IsoDate`], `YYYY-MM-DD`; Kotlin `java.time.LocalDate`, Swift `String`
//!   (see [`date`]); instants (change-set times): Kotlin `Instant`, Swift `Date`;
//! - numbers: signed, checked on the way in (see [`numbers`]): ids, customer numbers,
//!   change-set numbers, counts and offsets as `Long` (Swift `Int64`); page sizes, indexes into a
//!   page, days and percentages as `Int` (Swift `Int32`). A negative one is refused with
//!   `VastuuError::NumberOutOfRange`;
//! - errors: one [`VastuuError`] (Kotlin `VastuuException` with a subclass per variant), converted
//!   from the core's error in one place (see [`error`]). No input makes a call panic: bad input
//!   of every kind, including malformed dates, comes back as a `VastuuError`;
//! - lists that can be long come a page at a time (`customer_page(offset, limit)`, the views
//!   with a [`Page`]); no call returns less than a whole row;
//! - stores: [`Directory::open`] (file store) and [`Directory::open_sqlite`] keep the store
//!   locked until [`Directory::close_store`] (or until the object is freed); after closing, every
//!   call fails with `VastuuError::DirectoryClosed`. [`Directory::open_sqlite_shared`] and
//!   [`Directory::open_postgres`] share a store between processes ([`Directory::sync`]);
//! - transactions: [`Directory::begin_transaction`] gives a [`Transaction`] owned by the calling
//!   thread (see [`transactions`]).
//!
//! One module per area, each with its records and its calls (`calls!` entries, or an
//! `#[uniffi::export] impl Directory` block).
//!
//! The same calls the foreign languages see, from Rust:
//! ```
//! use vastuu_uniffi::{CustomerId, CustomerNumber, Directory, NewCustomer, NewEmployee, RawId, Subject, Toggled, VastuuError};
//! let dir = Directory::new();
//! let matti = dir.create_employee(NewEmployee {
//!     name: "Matti".into(), email: None, team: None, sales_rights: false, active: true, sees_all: false,
//!     external_id: None,
//! })?;
//! let esim = dir.create_customer(NewCustomer {
//!     name: "Esimerkki Oy".into(), number: None, status: None, group: None, special_groups: vec![],
//!     external_id: Some("CRM-1042".into()),
//! })?;
//! assert_eq!(dir.toggle(Subject::Customer { id: esim }, matti)?, Toggled::Added);
//! assert_eq!(dir.customer(esim)?.number, Some(CustomerNumber(1)));
//! assert_eq!(dir.customer_by_external_id("CRM-1042".into())?.map(|c| c.id), Some(esim));
//! let missing = dir.customer(CustomerId { raw: RawId(99) }).unwrap_err();
//! assert_eq!(missing.to_string(), "customer #99 does not exist");
//! assert!(matches!(missing, VastuuError::NotFound { .. }));
//! # Ok::<(), VastuuError>(())
//! ```
#![warn(missing_docs)]

uniffi::setup_scaffolding!();

pub mod bulk;
mod convert;
pub mod coverage;
pub mod customers;
pub mod date;
pub mod directory;
pub mod employees;
pub mod error;
pub mod exports;
pub mod filter;
pub mod groups;
pub mod handover;
pub mod history;
pub mod ids;
pub mod imports;
pub mod numbering;
pub mod numbers;
pub mod responsibilities;
pub mod roles;
pub mod special_groups;
pub mod stores;
pub mod transactions;
pub mod views;
pub mod visibility;

pub use bulk::{BulkAction, BulkChange, BulkPlan, BulkRequest, BulkSkipReason, BulkSkipped};
pub use coverage::{EndingResponsibility, InactiveHolder, SalespersonWithoutRights, SeriesNearExhaustion};
pub use customers::{
    Customer, CustomerPage, CustomerStatus, CustomerUpdate, NewCustomer, NumberChoice, Project, ProjectPage,
    ProjectUpdate,
};
pub use date::{IsoDate, Period};
pub use directory::{Counts, Directory, GeneratedSize};
pub use employees::{Employee, EmployeeUpdate, NewEmployee, Team};
pub use error::{Field, ImportProblem, ImportProblemKind, RangeProblem, StoreFailure, TextProblem, VastuuError};
pub use exports::{export_headers, CancelToken, Export, ExportProgress, ExportSummary, Language};
pub use filter::{ArchivedFilter, CustomerFilter, Page, SpecialGroupMatch};
pub use groups::{CustomerGroup, CustomerGroupUpdate, NewCustomerGroup};
pub use handover::{Handover, HandoverItem, HandoverMode, HandoverPlan, HandoverStep, SkipReason, Skipped};
pub use history::{Change, ChangeSet, ChangeSetPage, FeedPage, HistoryKey};
pub use ids::{
    CustomerGroupId, CustomerId, EmployeeId, EntityKind, EntityRef, ProjectId, RoleId, SpecialGroupId, Subject, TeamId,
};
pub use imports::{import_headers, ImportFormat, ImportItem, ImportItemKind, ImportKind, ImportReport};
pub use numbering::{DefaultSeries, NumberingConflict, NumberingReport, SeriesId, SeriesReport};
pub use numbers::{Count, CustomerNumber, ProcessId, RawId, Seed, Seq, SmallCount};
pub use responsibilities::{Responsibility, ResponsibilityPage, Toggled};
pub use roles::{NewRole, Role, RoleScope, RoleUpdate};
pub use special_groups::{NewSpecialGroup, SpecialGroup, SpecialGroupUpdate};
pub use transactions::Transaction;
pub use views::{
    GroupCount, GroupListing, Matrix, MatrixCell, MatrixColumn, MatrixQuery, MatrixRow, ResponsiblePerson,
    ResponsiblePersonRow, ResponsiblePersonsPage, ResponsiblePersonsQuery, RoleRef,
};
pub use visibility::{Visibility, VisibilityReason};
