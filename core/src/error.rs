//! The one error type of the library.

use crate::model::{
    CustomerGroupId, CustomerId, EmployeeId, EntityKind, EntityRef, ProjectId, RoleId, RoleScope, SeriesId, Subject,
};
use jiff::civil::Date;
use std::fmt;
use std::path::PathBuf;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every way a call can fail. Each variant carries the ids and values that explain the failure.
///
/// A call that returns an error has changed nothing: not the in-memory state, not the store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The id names no existing entity.
    #[error("{0} does not exist")]
    NotFound(EntityRef),

    /// A name or other text field is not acceptable.
    #[error("invalid {field}: {problem} (value {value:?})")]
    InvalidText {
        /// The field that was given.
        field: Field,
        /// The value as given.
        value: String,
        /// What is wrong with it.
        problem: TextProblem,
    },

    /// Another entity of the same kind already has this name (compared case-insensitively;
    /// role names within the role's scope).
    #[error("a {kind} named {name:?} already exists ({existing})")]
    DuplicateName {
        /// Kind of entity being named.
        kind: EntityKind,
        /// The name as given (trimmed).
        name: String,
        /// The entity that already has the name.
        existing: EntityRef,
    },

    /// The customer number is already held by another customer.
    #[error("customer number {number} is already held by {holder}")]
    DuplicateCustomerNumber {
        /// The number asked for.
        number: u64,
        /// The customer holding it.
        holder: CustomerId,
    },

    /// A customer number outside `1..=MAX_CUSTOMER_NUMBER`.
    #[error("customer number {number} is outside 1..={max}")]
    InvalidCustomerNumber {
        /// The number asked for.
        number: u64,
        /// The largest allowed number.
        max: u64,
    },

    /// The customer already belongs to another customer group and the caller did not ask to move it.
    #[error(
        "{customer} is already in customer group {current_name:?} ({current}); \
         move it explicitly to put it in {requested_name:?} ({requested})"
    )]
    CustomerInOtherGroup {
        /// The customer.
        customer: CustomerId,
        /// The group it is in.
        current: CustomerGroupId,
        /// Name of the group it is in.
        current_name: String,
        /// The group it was to be added to.
        requested: CustomerGroupId,
        /// Name of that group.
        requested_name: String,
    },

    /// The numbering series has no free number left.
    #[error("the {series} ({start}..={end}) has no free customer number left")]
    NumberRangeExhausted {
        /// The series.
        series: SeriesId,
        /// Its first number.
        start: u64,
        /// Its last number.
        end: u64,
    },

    /// A numbering start/end that makes no series.
    #[error("invalid numbering range (start {start:?}, end {end:?}): {problem}")]
    InvalidNumberingRange {
        /// The start given.
        start: Option<u64>,
        /// The end given.
        end: Option<u64>,
        /// What is wrong.
        problem: RangeProblem,
    },

    /// A customer group can have at most [`MAX_COST_CENTERS`](crate::MAX_COST_CENTERS) cost centers.
    #[error("{count} cost centers given, at most {max} allowed")]
    TooManyCostCenters {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },

    /// The same cost center code was given twice.
    #[error("cost center {code:?} is listed twice")]
    DuplicateCostCenter {
        /// The repeated code.
        code: String,
    },

    /// Inactive employees get no new responsibilities, roles or salesperson places.
    #[error("{employee} is inactive and cannot be given new responsibilities, roles or salesperson places")]
    EmployeeInactive {
        /// The employee.
        employee: EmployeeId,
    },

    /// Only employees with sales rights can be a customer group's salespeople.
    #[error("{employee} has no sales rights and cannot be a salesperson")]
    NoSalesRights {
        /// The employee.
        employee: EmployeeId,
    },

    /// A customer role used on a project or a project role used on a customer.
    #[error("{role} is a {role_scope} role and cannot be used on {subject}")]
    RoleScopeMismatch {
        /// The role.
        role: RoleId,
        /// Its scope.
        role_scope: RoleScope,
        /// The subject it was to be used on.
        subject: Subject,
    },

    /// A validity period whose start is after its end.
    #[error("invalid validity period: {from} is after {to}")]
    InvalidPeriod {
        /// First valid day given.
        from: Date,
        /// Last valid day given.
        to: Date,
    },

    /// The call needs an existing responsibility and there is none.
    #[error("{employee} is not responsible for {subject}")]
    NotResponsible {
        /// The subject.
        subject: Subject,
        /// The employee.
        employee: EmployeeId,
    },

    /// A customer with projects cannot be deleted; delete the projects first (or archive).
    #[error("{customer} still has projects ({}); delete them first or archive the customer", list(.projects))]
    CustomerHasProjects {
        /// The customer.
        customer: CustomerId,
        /// Its projects.
        projects: Vec<ProjectId>,
    },

    /// A role's scope cannot change while responsibilities hold the role.
    #[error("the scope of {role} cannot change while {responsibilities} responsibilities hold it")]
    RoleInUse {
        /// The role.
        role: RoleId,
        /// How many responsibilities hold it.
        responsibilities: usize,
    },

    /// A handover from an employee to the same employee.
    #[error("cannot hand over from {employee} to the same employee")]
    HandoverToSelf {
        /// The employee.
        employee: EmployeeId,
    },

    /// The directory changed since the handover plan was made, so the plan no longer says what
    /// applying it would do; nothing was applied. Plan again and review the new preview.
    #[error("the handover plan from {from} to {to} is stale: the directory changed since it was made; plan it again")]
    StalePlan {
        /// The employee handing over.
        from: EmployeeId,
        /// The employee taking over.
        to: EmployeeId,
    },

    /// A percentage outside `0..=100`.
    #[error("{value} is not a percentage (0..=100)")]
    InvalidPercent {
        /// The value given.
        value: u32,
    },

    /// Writing an Excel export failed (e.g. the path cannot be written).
    #[error("export failed: {message}")]
    Export {
        /// What went wrong.
        message: String,
    },

    /// An export was stopped through its cancel flag
    /// ([`ExportOptions::cancel`](crate::ExportOptions::cancel)); no file was written.
    #[error("the export was cancelled")]
    ExportCancelled,

    /// The store refused or failed to persist the change; nothing was changed.
    #[error("storage failed: {0}")]
    Store(#[from] StoreError),

    /// Other writers (other processes or handles on the same store) kept storing change sets
    /// while this mutation was being stored. After each refusal the directory caught up with
    /// their changes and planned the mutation again, `attempts` times in all; nothing of it was
    /// stored. The directory is now up to date: calling again usually succeeds. An explicit
    /// transaction that meets a conflict is rolled back with this error after one attempt.
    #[error("the change was not stored: other writers changed the directory first ({attempts} attempts)")]
    Conflict {
        /// How many times the mutation was planned and refused.
        attempts: u32,
    },
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The text fields the library validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[allow(missing_docs)]
pub enum Field {
    EmployeeName,
    Email,
    TeamName,
    RoleName,
    CustomerName,
    ProjectName,
    CustomerGroupName,
    LedgerAccount,
    CostCenter,
    SpecialGroupName,
    Description,
    Actor,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::EmployeeName => "employee name",
            Field::Email => "email address",
            Field::TeamName => "team name",
            Field::RoleName => "role name",
            Field::CustomerName => "customer name",
            Field::ProjectName => "project name",
            Field::CustomerGroupName => "customer group name",
            Field::LedgerAccount => "ledger account",
            Field::CostCenter => "cost center",
            Field::SpecialGroupName => "special group name",
            Field::Description => "description",
            Field::Actor => "actor",
        })
    }
}

/// What is wrong with a text value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextProblem {
    /// Empty after trimming.
    Empty,
    /// Longer than allowed (in characters).
    TooLong {
        /// Length in characters after trimming.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Contains a control character.
    ControlCharacter {
        /// Character position (0-based, after trimming) of the first one.
        at: usize,
    },
    /// Not an email address: it needs exactly one `@` with text on both sides and no spaces.
    NotAnEmail,
}

impl fmt::Display for TextProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextProblem::Empty => f.write_str("empty"),
            TextProblem::TooLong { len, max } => write!(f, "{len} characters, at most {max} allowed"),
            TextProblem::ControlCharacter { at } => write!(f, "control character at position {at}"),
            TextProblem::NotAnEmail => f.write_str("not an email address (one '@', no spaces)"),
        }
    }
}

/// What is wrong with a numbering range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RangeProblem {
    /// The start must be at least 1.
    StartBelowOne,
    /// The end must not be below the start.
    EndBelowStart,
    /// An end needs a start.
    EndWithoutStart,
    /// Start or end is above [`MAX_CUSTOMER_NUMBER`](crate::MAX_CUSTOMER_NUMBER).
    AboveMaximum,
}

impl fmt::Display for RangeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RangeProblem::StartBelowOne => "the start must be at least 1",
            RangeProblem::EndBelowStart => "the end is below the start",
            RangeProblem::EndWithoutStart => "an end needs a start",
            RangeProblem::AboveMaximum => "above the largest customer number",
        })
    }
}

/// A failure of the storage backend.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// An I/O operation failed.
    #[error("{operation} failed: {message}")]
    Io {
        /// What was being done.
        operation: String,
        /// The operating system's message.
        message: String,
    },
    /// Stored data is damaged or not in the expected form.
    #[error("stored data is corrupt: {detail}")]
    Corrupt {
        /// What was found.
        detail: String,
    },
    /// A store file is damaged at a known place: a record whose checksum does not match, or
    /// that cannot be decoded, with valid data after it. (A damaged *last* journal record is a
    /// write cut short by a crash; it was never acknowledged and is dropped when opening.)
    #[error("{} is corrupt at byte {offset}: {detail}", path.display())]
    CorruptFile {
        /// The damaged file.
        path: PathBuf,
        /// Byte offset of the damaged header or record.
        offset: u64,
        /// What was found.
        detail: String,
    },
    /// The path holds something that is not a vastuu store (another program's file or folder,
    /// or another kind of database). It was left untouched.
    #[error("{} is not a vastuu store: {reason}", path.display())]
    NotAStore {
        /// The path given.
        path: PathBuf,
        /// What was found there.
        reason: String,
    },
    /// The store was written in a newer format than this version of the library reads.
    #[error("{} has format version {found}; this library reads versions up to {supported}", path.display())]
    UnsupportedVersion {
        /// The store's path.
        path: PathBuf,
        /// The version found.
        found: u32,
        /// The newest version this library reads.
        supported: u32,
    },
    /// Another handle (in this or another process) has the store open. A file store and a
    /// SQLite store opened with `SqliteStore::open` are for one handle at a time; several
    /// processes share a SQLite store opened with `SqliteStore::open_shared`, or PostgreSQL.
    #[error(
        "{} is in use by another process or handle (this store is for one handle at a time; several \
         processes can share a SQLite store opened as shared, or a PostgreSQL store)",
        path.display()
    )]
    Locked {
        /// The store's path.
        path: PathBuf,
    },
    /// An earlier write failed and could not be undone, so the store refuses further writes;
    /// reopen it to continue from what was durably written.
    #[error("the store refuses writes until it is reopened: {cause}")]
    NeedsReopen {
        /// The failure that could not be undone.
        cause: String,
    },
    /// The backend refused the operation for another reason.
    #[error("{0}")]
    Failed(String),
    /// Another writer stored a change set first: this one would have been change set `seq`, but
    /// the store already holds change sets up to `head`. Nothing was stored. A `Directory`
    /// meeting this catches up and plans the mutation again (see [`Error::Conflict`]).
    #[error("change set {seq} was refused: another writer took the store to change set {head} first")]
    Conflict {
        /// The sequence number the change set was to have.
        seq: u64,
        /// The last change set the store holds.
        head: u64,
    },
}
