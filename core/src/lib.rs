//! # vastuu
//!
//! Customer responsibility data for field-service and sales organisations: who is responsible
//! for which customer and project (with roles and validity periods), exclusive customer groups
//! with their own customer-number series, free many-to-many special groups, and the history of
//! every change.
//!
//! Everything goes through one handle, [`Directory`]. Every mutation is validated before
//! anything changes, handed to a [`Store`] as one atomic [`ChangeSet`], and applied in memory
//! only once the store accepted it. A call that fails has changed nothing.
//!
//! The read side answers from indexes every mutation keeps current: the responsibility matrix
//! ([`Directory::matrix`]), the responsible-persons list ([`Directory::responsible_persons`]),
//! customers by group ([`Directory::customer_listing`], [`Directory::group_counts`]), the
//! reporting filter ([`CustomerFilter`], [`Directory::filter_customers`]), the responsible persons
//! of a subject for work orders ([`Directory::responsible_persons_of`]), and visibility
//! ([`Directory::can_view`], [`Directory::visible_customers`], [`Directory::who_can_view`]).
//! Lists are in Finnish/Swedish alphabetical order ([`collation`]) and paginated ([`Page`]).
//!
//! ```
//! use vastuu::{Directory, NewCustomer, NewCustomerGroup, NewEmployee, NewRole, RoleScope};
//!
//! let mut dir = Directory::new();
//! let matti = dir.create_employee(NewEmployee::new("Matti Meikäläinen").sales_rights(true))?;
//! let north = dir.create_customer_group(NewCustomerGroup::new("Pohjoinen").numbering_start(1000))?;
//! let esim = dir.create_customer(NewCustomer::new("Esimerkki Oy").group(north))?;
//! assert_eq!(dir.customer(esim)?.number, Some(1000));
//!
//! // Click the matrix cell: Matti becomes responsible for Esimerkki.
//! dir.toggle(esim.into(), matti)?;
//! // Give him a role.
//! let service = dir.create_role(NewRole::new("Huoltovastaava", RoleScope::Customer))?;
//! dir.add_role(esim.into(), matti, service)?;
//! assert_eq!(dir.history(esim)?.len(), 3);
//! # Ok::<(), vastuu::Error>(())
//! ```
#![warn(missing_docs)]
// On docs.rs: each item behind a feature (the SQLite and PostgreSQL stores) says which.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod clock;
pub mod collation;
mod directory;
mod error;
pub mod export;
pub mod generate;
pub mod import;
mod model;
mod ops;
mod state;
mod store;
mod text;
pub mod view;

pub use clock::{Clock, FixedClock, SystemClock};
pub use collation::{compare_names, SortKey};
pub use directory::{Directory, MAX_ATTEMPTS};
pub use error::{
    Detail, Details, Error, ErrorKind, Field, ImportErrors, ImportProblem, ImportProblemKind, RangeProblem, Result,
    StoreError, TextProblem, QUOTED_CHARS,
};
pub use export::{Export, ExportOptions, ExportSummary, Language, Progress};
pub use import::{
    import_headers, ImportFormat, ImportItem, ImportItemKind, ImportKind, ImportOptions, ImportProgress, ImportReport,
    ImportSource,
};
pub use model::{
    Change, ChangeSet, Customer, CustomerGroup, CustomerGroupId, CustomerGroupUpdate, CustomerId, CustomerStatus,
    CustomerUpdate, Data, DefaultSeries, Employee, EmployeeId, EmployeeUpdate, EntityKind, EntityRef, FeedEntry,
    FeedPage, GroupDefault, HistoryKey, Id, NewCustomer, NewCustomerGroup, NewEmployee, NewProject, NewRole,
    NewSpecialGroup, NextIds, NumberChoice, Period, Project, ProjectId, ProjectUpdate, Responsibility, Role, RoleId,
    RoleScope, RoleUpdate, SeriesId, SpecialGroup, SpecialGroupId, SpecialGroupUpdate, Subject, Team, TeamId, Toggled,
    FEED_VERSION, MAX_CHANGES_LIMIT, MAX_COST_CENTERS, MAX_CUSTOMER_NUMBER,
};
pub use ops::bulk::{BulkAction, BulkChange, BulkPlan, BulkRequest, BulkSkipReason, BulkSkipped};
pub use ops::handover::{
    Handover, HandoverItem, HandoverMode, HandoverPlan, HandoverStep, RoleSelection, SkipReason, Skipped,
};
pub use ops::revert::RevertPlan;
pub use store::{
    salvage, FileStore, MemoryStore, OpenReport, Repair, RepairKind, SalvageReport, Snapshot, Store, Stored,
    FORMAT_VERSION, SALVAGE_ACTOR,
};
#[cfg(feature = "fault-injection")]
pub use store::{Crash, CrashImage, CrashReplay, FaultPlan, SimulatedDisk};
#[cfg(feature = "postgres")]
pub use store::{PostgresOptions, PostgresStore, POSTGRES_SCHEMA_VERSION};
#[cfg(feature = "sqlite")]
pub use store::{SqliteStore, SQLITE_SCHEMA_VERSION};
pub use text::{MAX_DESCRIPTION_LEN, MAX_EMAIL_LEN, MAX_EXTERNAL_ID_LEN, MAX_NAME_LEN};
pub use view::coverage::{EndingResponsibility, InactiveHolder, SalespersonWithoutRights, SeriesNearExhaustion};
pub use view::filter::{ArchivedFilter, CustomerFilter, SpecialGroupMatch};
pub use view::list::{ResponsiblePerson, ResponsiblePersonRow, ResponsiblePersonsPage, ResponsiblePersonsQuery};
pub use view::listing::{CustomerPage, CustomerSummary, GroupCount, GroupListing, ListingQuery};
pub use view::matrix::{Matrix, MatrixCell, MatrixColumn, MatrixQuery, MatrixRow};
pub use view::numbering::{NumberingConflict, NumberingReport, SeriesReport};
pub use view::visibility::{Visibility, VisibilityReason};
pub use view::{Page, RoleRef};

/// The README's Rust examples, compiled and run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
