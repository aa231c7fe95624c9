//! The one error type, [`VastuuError`], and the one place core errors are converted into it.
//!
//! Kotlin names it `VastuuException` (a sealed class with one subclass per variant, each with the
//! variant's fields as properties); Swift names it `VastuuError` (an enum conforming to `Error`).
//! Its `Display` text (Kotlin `toString()`, Swift `description`) reads as the core's message.

use crate::date::IsoDate;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, EntityKind, EntityRef, ProjectId, RoleId, Subject};
use crate::numbering::SeriesId;
use crate::roles::RoleScope;
use std::fmt;

/// Every way a call can fail. Each variant carries the ids and values that explain the failure.
/// A call that fails has changed nothing.
#[derive(uniffi::Error, thiserror::Error, Clone, Debug, PartialEq, Eq)]
#[uniffi::export(Display)]
pub enum VastuuError {
    /// The id names no existing entity.
    #[error("{entity} does not exist")]
    NotFound {
        /// The missing entity.
        entity: EntityRef,
    },

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

    /// Another entity of the same kind already has this name (compared case-insensitively; role
    /// names within the role's scope).
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
    #[error("customer number {number} is already held by {}", EntityRef::from(*holder))]
    DuplicateCustomerNumber {
        /// The number asked for.
        number: u64,
        /// The customer holding it.
        holder: CustomerId,
    },

    /// A customer number outside `1..=max` (15 digits).
    #[error("customer number {number} is outside 1..={max}")]
    InvalidCustomerNumber {
        /// The number asked for.
        number: u64,
        /// The largest allowed number.
        max: u64,
    },

    /// The customer already belongs to another customer group and the call did not ask to move it.
    #[error(
        "{} is already in customer group {current_name:?} ({}); move it explicitly to put it in {requested_name:?} ({})",
        EntityRef::from(*customer), EntityRef::from(*current), EntityRef::from(*requested)
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

    /// A customer group can have at most 4 cost centers.
    #[error("{count} cost centers given, at most {max} allowed")]
    TooManyCostCenters {
        /// How many were given.
        count: u64,
        /// The limit.
        max: u64,
    },

    /// The same cost center code was given twice.
    #[error("cost center {code:?} is listed twice")]
    DuplicateCostCenter {
        /// The repeated code.
        code: String,
    },

    /// Inactive employees get no new responsibilities, roles or salesperson places.
    #[error("{} is inactive and cannot be given new responsibilities, roles or salesperson places", EntityRef::from(*employee))]
    EmployeeInactive {
        /// The employee.
        employee: EmployeeId,
    },

    /// Only employees with sales rights can be a customer group's salespeople.
    #[error("{} has no sales rights and cannot be a salesperson", EntityRef::from(*employee))]
    NoSalesRights {
        /// The employee.
        employee: EmployeeId,
    },

    /// A customer role used on a project or a project role used on a customer.
    #[error("{} is a {role_scope} role and cannot be used on {subject}", EntityRef::from(*role))]
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
        from: IsoDate,
        /// Last valid day given.
        to: IsoDate,
    },

    /// The call needs an existing responsibility and there is none.
    #[error("{} is not responsible for {subject}", EntityRef::from(*employee))]
    NotResponsible {
        /// The subject.
        subject: Subject,
        /// The employee.
        employee: EmployeeId,
    },

    /// A customer with projects cannot be deleted; delete the projects first (or archive).
    #[error(
        "{} still has projects ({}); delete them first or archive the customer",
        EntityRef::from(*customer), projects.iter().map(|p| EntityRef::from(*p).to_string()).collect::<Vec<_>>().join(", ")
    )]
    CustomerHasProjects {
        /// The customer.
        customer: CustomerId,
        /// Its projects.
        projects: Vec<ProjectId>,
    },

    /// A role's scope cannot change while responsibilities hold the role.
    #[error("the scope of {} cannot change while {responsibilities} responsibilities hold it", EntityRef::from(*role))]
    RoleInUse {
        /// The role.
        role: RoleId,
        /// How many responsibilities hold it.
        responsibilities: u64,
    },

    /// A handover from an employee to the same employee.
    #[error("cannot hand over from {} to the same employee", EntityRef::from(*employee))]
    HandoverToSelf {
        /// The employee.
        employee: EmployeeId,
    },

    /// The directory changed since the handover plan was made, so the plan no longer says what
    /// applying it would do; nothing was applied. Plan again and review the new preview.
    #[error(
        "the handover plan from {} to {} is stale: the directory changed since it was made; plan it again",
        EntityRef::from(*from), EntityRef::from(*to)
    )]
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

    /// A calendar date that is not a real date written `YYYY-MM-DD` (year 0000 to 9999).
    #[error("invalid date {value:?}: {reason}")]
    InvalidDate {
        /// The text as given (Kotlin: `LocalDate.toString()` of the date passed).
        value: String,
        /// What is wrong with it.
        reason: String,
    },

    /// The store refused or failed to persist the change (or could not be read); nothing was
    /// changed.
    #[error("storage failed: {failure}")]
    Store {
        /// What failed.
        failure: StoreFailure,
    },

    /// A store file is damaged at a known place: a record whose checksum does not match, or that
    /// cannot be decoded, with valid data after it. Nothing was opened.
    #[error("storage failed: {path} is corrupt at byte {offset}: {detail}")]
    CorruptStoreFile {
        /// The damaged file.
        path: String,
        /// Byte offset of the damaged header or record.
        offset: u64,
        /// What was found.
        detail: String,
    },

    /// The path holds something that is not a vastuu store (another program's file or folder,
    /// or another kind of database). It was left untouched.
    #[error("storage failed: {path} is not a vastuu store: {reason}")]
    NotAStore {
        /// The path given.
        path: String,
        /// What was found there.
        reason: String,
    },

    /// The store was written in a newer format than this version of the library reads.
    #[error("storage failed: {path} has format version {found}; this library reads versions up to {supported}")]
    UnsupportedStoreVersion {
        /// The store's path.
        path: String,
        /// The version found.
        found: u32,
        /// The newest version this library reads.
        supported: u32,
    },

    /// Another handle (in this or another process) has the store open.
    #[error("storage failed: {path} is in use by another process or handle")]
    StoreLocked {
        /// The store's path.
        path: String,
    },

    /// An earlier write failed and could not be undone, so the store refuses further writes;
    /// close the directory and open it again to continue from what was durably written.
    #[error("storage failed: the store refuses writes until it is reopened: {reason}")]
    StoreNeedsReopen {
        /// The failure that could not be undone.
        reason: String,
    },

    /// The directory was closed (`closeStore`); every call on it fails this way.
    #[error("the directory is closed")]
    DirectoryClosed,

    /// Writing an Excel export failed (e.g. the path cannot be written).
    #[error("export failed: {reason}")]
    ExportFailed {
        /// What went wrong.
        reason: String,
    },

    /// The export was cancelled through its `CancelToken`; nothing was written.
    #[error("the export was cancelled")]
    ExportCancelled,

    /// A directory was called from an export's progress callback, which runs while the export
    /// holds the directory's lock; call it after the export instead.
    #[error("a directory cannot be called from an export's progress callback")]
    CalledFromCallback,

    /// A progress callback threw something other than a `VastuuException`; the export was
    /// stopped and nothing was written.
    #[error("the progress callback failed: {reason}")]
    CallbackFailed {
        /// The foreign exception's description.
        reason: String,
    },

    /// A failure this version of the bindings has no variant for (a newer core error); the text
    /// is the core's message.
    #[error("{description}")]
    Other {
        /// The core's message.
        description: String,
    },
}

/// A failure of the storage backend.
#[derive(uniffi::Enum, Clone, Debug, PartialEq, Eq)]
pub enum StoreFailure {
    /// An I/O operation failed.
    Io {
        /// What was being done.
        operation: String,
        /// The operating system's message.
        reason: String,
    },
    /// Stored data is damaged or not in the expected form.
    Corrupt {
        /// What was found.
        detail: String,
    },
    /// The backend refused the operation for another reason.
    Failed {
        /// The backend's message.
        reason: String,
    },
}

impl fmt::Display for StoreFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreFailure::Io { operation, reason } => write!(f, "{operation} failed: {reason}"),
            StoreFailure::Corrupt { detail } => write!(f, "stored data is corrupt: {detail}"),
            StoreFailure::Failed { reason } => f.write_str(reason),
        }
    }
}

/// The text fields the library validates.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

/// What is wrong with a text value.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextProblem {
    /// Empty after trimming.
    Empty,
    /// Longer than allowed (in characters).
    TooLong {
        /// Length in characters after trimming.
        len: u64,
        /// The limit.
        max: u64,
    },
    /// Contains a control character.
    ControlCharacter {
        /// Character position (0-based, after trimming) of the first one.
        at: u64,
    },
    /// Not an email address: it needs exactly one `@` with text on both sides and no spaces.
    NotAnEmail,
}

/// What is wrong with a numbering range.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RangeProblem {
    /// The start must be at least 1.
    StartBelowOne,
    /// The end must not be below the start.
    EndBelowStart,
    /// An end needs a start.
    EndWithoutStart,
    /// Start or end is above the largest customer number.
    AboveMaximum,
}

/// `usize` counts cross the boundary as `u64`.
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

impl From<vastuu::Error> for VastuuError {
    fn from(error: vastuu::Error) -> Self {
        use vastuu::Error as E;
        match error {
            E::NotFound(entity) => VastuuError::NotFound { entity: entity.into() },
            E::InvalidText { field, value, problem } => {
                VastuuError::InvalidText { field: field.into(), value, problem: problem.into() }
            }
            E::DuplicateName { kind, name, existing } => {
                VastuuError::DuplicateName { kind: kind.into(), name, existing: existing.into() }
            }
            E::DuplicateCustomerNumber { number, holder } => {
                VastuuError::DuplicateCustomerNumber { number, holder: holder.into() }
            }
            E::InvalidCustomerNumber { number, max } => VastuuError::InvalidCustomerNumber { number, max },
            E::CustomerInOtherGroup { customer, current, current_name, requested, requested_name } => {
                VastuuError::CustomerInOtherGroup {
                    customer: customer.into(),
                    current: current.into(),
                    current_name,
                    requested: requested.into(),
                    requested_name,
                }
            }
            E::NumberRangeExhausted { series, start, end } => {
                VastuuError::NumberRangeExhausted { series: series.into(), start, end }
            }
            E::InvalidNumberingRange { start, end, problem } => {
                VastuuError::InvalidNumberingRange { start, end, problem: problem.into() }
            }
            E::TooManyCostCenters { count: n, max } => {
                VastuuError::TooManyCostCenters { count: count(n), max: count(max) }
            }
            E::DuplicateCostCenter { code } => VastuuError::DuplicateCostCenter { code },
            E::EmployeeInactive { employee } => VastuuError::EmployeeInactive { employee: employee.into() },
            E::NoSalesRights { employee } => VastuuError::NoSalesRights { employee: employee.into() },
            E::RoleScopeMismatch { role, role_scope, subject } => VastuuError::RoleScopeMismatch {
                role: role.into(),
                role_scope: role_scope.into(),
                subject: subject.into(),
            },
            E::InvalidPeriod { from, to } => VastuuError::InvalidPeriod { from: from.into(), to: to.into() },
            E::NotResponsible { subject, employee } => {
                VastuuError::NotResponsible { subject: subject.into(), employee: employee.into() }
            }
            E::CustomerHasProjects { customer, projects } => VastuuError::CustomerHasProjects {
                customer: customer.into(),
                projects: crate::ids::from_core(projects),
            },
            E::RoleInUse { role, responsibilities } => {
                VastuuError::RoleInUse { role: role.into(), responsibilities: count(responsibilities) }
            }
            E::HandoverToSelf { employee } => VastuuError::HandoverToSelf { employee: employee.into() },
            E::StalePlan { from, to } => VastuuError::StalePlan { from: from.into(), to: to.into() },
            E::InvalidPercent { value } => VastuuError::InvalidPercent { value },
            E::Export { message } => VastuuError::ExportFailed { reason: message },
            E::ExportCancelled => VastuuError::ExportCancelled,
            E::Store(store) => store.into(),
            other => VastuuError::Other { description: other.to_string() },
        }
    }
}

impl From<vastuu::StoreError> for VastuuError {
    fn from(error: vastuu::StoreError) -> Self {
        use vastuu::StoreError as S;
        let path = |p: std::path::PathBuf| p.display().to_string();
        match error {
            S::CorruptFile { path: p, offset, detail } => {
                VastuuError::CorruptStoreFile { path: path(p), offset, detail }
            }
            S::NotAStore { path: p, reason } => VastuuError::NotAStore { path: path(p), reason },
            S::UnsupportedVersion { path: p, found, supported } => {
                VastuuError::UnsupportedStoreVersion { path: path(p), found, supported }
            }
            S::Locked { path: p } => VastuuError::StoreLocked { path: path(p) },
            S::NeedsReopen { cause } => VastuuError::StoreNeedsReopen { reason: cause },
            other => VastuuError::Store { failure: other.into() },
        }
    }
}

/// A foreign callback (the export progress callback) threw something other than a
/// `VastuuException`.
impl From<uniffi::UnexpectedUniFFICallbackError> for VastuuError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        VastuuError::CallbackFailed { reason: error.reason }
    }
}

impl From<vastuu::StoreError> for StoreFailure {
    fn from(error: vastuu::StoreError) -> Self {
        match error {
            vastuu::StoreError::Io { operation, message } => StoreFailure::Io { operation, reason: message },
            vastuu::StoreError::Corrupt { detail } => StoreFailure::Corrupt { detail },
            vastuu::StoreError::Failed(reason) => StoreFailure::Failed { reason },
            other => StoreFailure::Failed { reason: other.to_string() },
        }
    }
}

impl From<vastuu::Field> for Field {
    fn from(field: vastuu::Field) -> Self {
        match field {
            vastuu::Field::EmployeeName => Field::EmployeeName,
            vastuu::Field::Email => Field::Email,
            vastuu::Field::TeamName => Field::TeamName,
            vastuu::Field::RoleName => Field::RoleName,
            vastuu::Field::CustomerName => Field::CustomerName,
            vastuu::Field::ProjectName => Field::ProjectName,
            vastuu::Field::CustomerGroupName => Field::CustomerGroupName,
            vastuu::Field::LedgerAccount => Field::LedgerAccount,
            vastuu::Field::CostCenter => Field::CostCenter,
            vastuu::Field::SpecialGroupName => Field::SpecialGroupName,
            vastuu::Field::Description => Field::Description,
            vastuu::Field::Actor => Field::Actor,
        }
    }
}

impl From<vastuu::TextProblem> for TextProblem {
    fn from(problem: vastuu::TextProblem) -> Self {
        match problem {
            vastuu::TextProblem::Empty => TextProblem::Empty,
            vastuu::TextProblem::TooLong { len, max } => TextProblem::TooLong { len: count(len), max: count(max) },
            vastuu::TextProblem::ControlCharacter { at } => TextProblem::ControlCharacter { at: count(at) },
            vastuu::TextProblem::NotAnEmail => TextProblem::NotAnEmail,
        }
    }
}

impl From<vastuu::RangeProblem> for RangeProblem {
    fn from(problem: vastuu::RangeProblem) -> Self {
        match problem {
            vastuu::RangeProblem::StartBelowOne => RangeProblem::StartBelowOne,
            vastuu::RangeProblem::EndBelowStart => RangeProblem::EndBelowStart,
            vastuu::RangeProblem::EndWithoutStart => RangeProblem::EndWithoutStart,
            vastuu::RangeProblem::AboveMaximum => RangeProblem::AboveMaximum,
        }
    }
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

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EntityKind::Employee => "employee",
            EntityKind::Team => "team",
            EntityKind::Role => "role",
            EntityKind::Customer => "customer",
            EntityKind::Project => "project",
            EntityKind::CustomerGroup => "customer group",
            EntityKind::SpecialGroup => "special group",
        })
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        vastuu::EntityRef::from(*self).fmt(f)
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        vastuu::Subject::from(*self).fmt(f)
    }
}

/// Result of every fallible call of the bindings.
pub type Result<T, E = VastuuError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use vastuu::{CustomerGroupId as G, CustomerId as C, EmployeeId as E, ProjectId as P, RoleId as R};

    /// One core error of every variant.
    fn every_core_error() -> Vec<vastuu::Error> {
        use vastuu::Error as X;
        vec![
            X::NotFound(vastuu::EntityRef::Project(P(7))),
            X::InvalidText {
                field: vastuu::Field::Email,
                value: "a b".into(),
                problem: vastuu::TextProblem::NotAnEmail,
            },
            X::InvalidText {
                field: vastuu::Field::CustomerName,
                value: "x".into(),
                problem: vastuu::TextProblem::TooLong { len: 201, max: 200 },
            },
            X::InvalidText {
                field: vastuu::Field::Actor,
                value: "x".into(),
                problem: vastuu::TextProblem::ControlCharacter { at: 3 },
            },
            X::DuplicateName {
                kind: vastuu::EntityKind::SpecialGroup,
                name: "VIP".into(),
                existing: vastuu::EntityRef::SpecialGroup(vastuu::SpecialGroupId(2)),
            },
            X::DuplicateCustomerNumber { number: 5, holder: C(3) },
            X::InvalidCustomerNumber { number: 0, max: vastuu::MAX_CUSTOMER_NUMBER },
            X::CustomerInOtherGroup {
                customer: C(1),
                current: G(2),
                current_name: "Pohjoinen".into(),
                requested: G(3),
                requested_name: "Etelä".into(),
            },
            X::NumberRangeExhausted { series: vastuu::SeriesId::Group(G(4)), start: 10, end: 11 },
            X::InvalidNumberingRange { start: None, end: Some(3), problem: vastuu::RangeProblem::EndWithoutStart },
            X::TooManyCostCenters { count: 5, max: 4 },
            X::DuplicateCostCenter { code: "K1".into() },
            X::EmployeeInactive { employee: E(9) },
            X::NoSalesRights { employee: E(9) },
            X::RoleScopeMismatch {
                role: R(2),
                role_scope: vastuu::RoleScope::Project,
                subject: vastuu::Subject::Customer(C(1)),
            },
            X::InvalidPeriod { from: date(2026, 2, 1), to: date(2026, 1, 31) },
            X::NotResponsible { subject: vastuu::Subject::Project(P(4)), employee: E(1) },
            X::CustomerHasProjects { customer: C(1), projects: vec![P(1), P(2)] },
            X::RoleInUse { role: R(1), responsibilities: 3 },
            X::HandoverToSelf { employee: E(1) },
            X::StalePlan { from: E(1), to: E(2) },
            X::InvalidPercent { value: 101 },
            X::Store(vastuu::StoreError::Io { operation: "write journal".into(), message: "disk full".into() }),
            X::Store(vastuu::StoreError::Corrupt { detail: "bad checksum".into() }),
            X::Store(vastuu::StoreError::Failed("refused".into())),
            X::Store(vastuu::StoreError::CorruptFile {
                path: "/data/vastuu/journal".into(),
                offset: 4096,
                detail: "checksum mismatch".into(),
            }),
            X::Store(vastuu::StoreError::NotAStore { path: "/tmp/x.txt".into(), reason: "a file".into() }),
            X::Store(vastuu::StoreError::UnsupportedVersion { path: "/data/v".into(), found: 9, supported: 1 }),
            X::Store(vastuu::StoreError::Locked { path: "/data/v".into() }),
            X::Store(vastuu::StoreError::NeedsReopen { cause: "rollback failed".into() }),
            X::Export { message: "permission denied".into() },
            X::ExportCancelled,
        ]
    }

    #[test]
    fn messages_read_as_the_core_messages() {
        for core in every_core_error() {
            let expected = core.to_string();
            let converted = VastuuError::from(core);
            assert!(!matches!(converted, VastuuError::Other { .. }), "{converted:?} has no variant of its own");
            assert_eq!(converted.to_string(), expected);
        }
    }

    #[test]
    fn fields_carry_the_ids_and_values() {
        let converted: Vec<VastuuError> = every_core_error().into_iter().map(VastuuError::from).collect();
        assert_eq!(
            converted[7],
            VastuuError::CustomerInOtherGroup {
                customer: CustomerId { raw: 1 },
                current: CustomerGroupId { raw: 2 },
                current_name: "Pohjoinen".into(),
                requested: CustomerGroupId { raw: 3 },
                requested_name: "Etelä".into(),
            }
        );
        assert_eq!(
            converted[17],
            VastuuError::CustomerHasProjects {
                customer: CustomerId { raw: 1 },
                projects: vec![ProjectId { raw: 1 }, ProjectId { raw: 2 }],
            }
        );
        assert_eq!(
            converted[22],
            VastuuError::Store {
                failure: StoreFailure::Io { operation: "write journal".into(), reason: "disk full".into() }
            }
        );
        assert_eq!(
            converted[25],
            VastuuError::CorruptStoreFile {
                path: "/data/vastuu/journal".into(),
                offset: 4096,
                detail: "checksum mismatch".into()
            }
        );
        assert_eq!(
            converted[27],
            VastuuError::UnsupportedStoreVersion { path: "/data/v".into(), found: 9, supported: 1 }
        );
        assert_eq!(converted[28], VastuuError::StoreLocked { path: "/data/v".into() });
        assert_eq!(converted[30], VastuuError::ExportFailed { reason: "permission denied".into() });
        assert_eq!(converted[31], VastuuError::ExportCancelled);
        assert_eq!(
            converted[15],
            VastuuError::InvalidPeriod { from: IsoDate(date(2026, 2, 1)), to: IsoDate(date(2026, 1, 31)) }
        );
    }
}
