//! The one error type, [`VastuuError`], and the one place host and core errors are converted
//! into it.
//!
//! Kotlin names it `VastuuException` (a sealed class with one subclass per variant, each with the
//! variant's fields as properties); Swift names it `VastuuError` (an enum conforming to `Error`).
//! Its `Display` text (Kotlin `toString()`, Swift `description`) is the core's message (or the
//! host layer's), never restated here: the variant is turned back into the error it stands for,
//! which says it.
//!
//! The conversion matches the error's kind exhaustively, so a new kind of core or host error
//! does not compile here until it has a variant. Each variant's fields are taken, in order, from
//! the error's details ([`vastuu::Error::details`]).

use crate::convert::{mirror, Convert};
use crate::date::IsoDate;
use crate::ids::{CustomerGroupId, CustomerId, EmployeeId, EntityKind, EntityRef, ProjectId, RoleId, Subject, TeamId};
use crate::numbering::SeriesId;
use crate::numbers::{Count, CustomerNumber, ProcessId, RawId, Seq, SmallCount};
use crate::roles::RoleScope;
use std::fmt;
use vastuu::{Detail, ErrorKind as K};
use vastuu_host::Kind;

/// Every way a call can fail. Each variant carries the ids and values that explain the failure.
/// A call that fails has changed nothing.
#[derive(uniffi::Error, Clone, Debug, PartialEq, Eq)]
#[uniffi::export(Display)]
pub enum VastuuError {
    /// The id names no existing entity.
    NotFound {
        /// The missing entity.
        entity: EntityRef,
    },
    /// A name or other text field is not acceptable.
    InvalidText {
        /// The field that was given.
        field: Field,
        /// The value as given, or, when longer than 64 characters, its first 64 characters,
        /// `…` and its length.
        value: String,
        /// What is wrong with it.
        problem: TextProblem,
    },
    /// Another entity of the same kind already has this name (compared case-insensitively; role
    /// names within the role's scope).
    DuplicateName {
        /// Kind of entity being named.
        kind: EntityKind,
        /// The name as given (trimmed).
        name: String,
        /// The entity that already has the name.
        existing: EntityRef,
    },
    /// The customer number is already held by another customer.
    DuplicateCustomerNumber {
        /// The number asked for.
        number: CustomerNumber,
        /// The customer holding it.
        holder: CustomerId,
    },
    /// A customer number outside `1..=max` (15 digits).
    InvalidCustomerNumber {
        /// The number asked for.
        number: CustomerNumber,
        /// The largest allowed number.
        max: CustomerNumber,
    },
    /// The customer already belongs to another customer group and the call did not ask to move it.
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
    NumberRangeExhausted {
        /// The series.
        series: SeriesId,
        /// Its first number.
        start: CustomerNumber,
        /// Its last number.
        end: CustomerNumber,
    },
    /// A numbering start/end that makes no series.
    InvalidNumberingRange {
        /// The start given.
        start: Option<CustomerNumber>,
        /// The end given.
        end: Option<CustomerNumber>,
        /// What is wrong.
        problem: RangeProblem,
    },
    /// A customer group can have at most 4 cost centers.
    TooManyCostCenters {
        /// How many were given.
        count: Count,
        /// The limit.
        max: Count,
    },
    /// The same cost center code was given twice.
    DuplicateCostCenter {
        /// The repeated code.
        code: String,
    },
    /// Inactive employees get no new responsibilities, roles or salesperson places.
    EmployeeInactive {
        /// The employee.
        employee: EmployeeId,
    },
    /// Only employees with sales rights can be a customer group's salespeople.
    NoSalesRights {
        /// The employee.
        employee: EmployeeId,
    },
    /// A customer role used on a project or a project role used on a customer.
    RoleScopeMismatch {
        /// The role.
        role: RoleId,
        /// Its scope.
        role_scope: RoleScope,
        /// The subject it was to be used on.
        subject: Subject,
    },
    /// A validity period whose start is after its end.
    InvalidPeriod {
        /// First valid day given.
        from: IsoDate,
        /// Last valid day given.
        to: IsoDate,
    },
    /// The call needs an existing responsibility and there is none.
    NotResponsible {
        /// The subject.
        subject: Subject,
        /// The employee.
        employee: EmployeeId,
    },
    /// A customer with projects cannot be deleted; delete the projects first (or archive).
    CustomerHasProjects {
        /// The customer.
        customer: CustomerId,
        /// Its projects.
        projects: Vec<ProjectId>,
    },
    /// A role's scope cannot change while responsibilities hold the role.
    RoleInUse {
        /// The role.
        role: RoleId,
        /// How many responsibilities hold it.
        responsibilities: Count,
    },
    /// A handover from an employee to the same employee.
    HandoverToSelf {
        /// The employee.
        employee: EmployeeId,
    },
    /// The directory changed since the handover plan was made, so the plan no longer says what
    /// applying it would do; nothing was applied. Plan again and review the new preview.
    StalePlan {
        /// The employee handing over.
        from: EmployeeId,
        /// The employee taking over.
        to: EmployeeId,
    },
    /// A role of the other scope than the call takes (a bulk assignment gives customer roles).
    WrongRoleScope {
        /// The role.
        role: RoleId,
        /// Its scope.
        role_scope: RoleScope,
        /// The scope the call takes.
        needed: RoleScope,
    },
    /// The directory changed since the bulk plan was made, so that the plan no longer says what
    /// applying it would do for these customers; nothing was applied. Plan again and review the
    /// new preview.
    StaleBulkPlan {
        /// The plan's employee.
        employee: EmployeeId,
        /// The customers for which the plan changed, by id.
        customers: Vec<CustomerId>,
    },
    /// A team lead who is not a member of the team (leads are chosen among its members).
    NotTeamMember {
        /// The team.
        team: TeamId,
        /// The employee who is not in it.
        employee: EmployeeId,
    },
    /// A customer group's default team lists the same employee twice.
    DuplicateGroupDefault {
        /// The employee.
        employee: EmployeeId,
    },
    /// A role's scope cannot change while customer groups' default teams give it.
    RoleInGroupDefaults {
        /// The role.
        role: RoleId,
        /// The groups whose default team gives it, by id.
        groups: Vec<CustomerGroupId>,
    },
    /// A change set asked for by a number that is not one of the directory's (0, or beyond its
    /// last change set), e.g. to revert it.
    NoSuchChangeSet {
        /// The sequence number given.
        seq: Seq,
        /// The directory's last sequence number.
        last_seq: Seq,
    },
    /// A revert of a change set that is itself a revert. To have the edits it undid again, make
    /// them anew.
    RevertOfRevert {
        /// The change set asked to be reverted.
        seq: Seq,
        /// The change set it reverts.
        reverts: Seq,
    },
    /// A revert of a change set a later change set already reverted.
    AlreadyReverted {
        /// The change set asked to be reverted.
        seq: Seq,
        /// The change set that reverted it.
        by: Seq,
    },
    /// A revert of a change set whose entities later change sets touched too; `revert(seq,
    /// force = true)` puts the states from before it back anyway, undoing those later edits of
    /// the same entities.
    RevertConflict {
        /// The change set asked to be reverted.
        seq: Seq,
        /// The later change sets changing the same entities, oldest first.
        later: Vec<Seq>,
    },
    /// A revert of a change set touching an entity whose state before it is not in the history
    /// (no earlier change set touched it, and the directory began from data).
    RevertStateUnknown {
        /// The change set asked to be reverted.
        seq: Seq,
    },
    /// A revert of a change set whose entities all are as they were before it; nothing was
    /// written.
    NothingToRevert {
        /// The change set asked to be reverted.
        seq: Seq,
    },
    /// An entity a revert would delete while another entity, which the revert leaves as it is,
    /// refers to it.
    Referenced {
        /// The entity that would be deleted.
        entity: EntityRef,
        /// An entity referring to it (for a responsibility: its employee, or its customer or
        /// project).
        by: EntityRef,
    },
    /// Another entity of the same kind already has this external id (compared exactly).
    DuplicateExternalId {
        /// Kind of entity given the key.
        kind: EntityKind,
        /// The key as given (trimmed).
        external_id: String,
        /// The entity that already has it.
        existing: EntityRef,
    },
    /// A percentage outside `0..=100`.
    InvalidPercent {
        /// The value given.
        value: SmallCount,
    },
    /// Every id of a kind of entity is taken (the next one would be past 4,294,967,294);
    /// nothing was created.
    IdsExhausted {
        /// The kind of entity that could not be created.
        kind: EntityKind,
    },
    /// Imported data whose next id of a kind is not above every id of that kind it holds;
    /// nothing was imported.
    NextIdTooLow {
        /// The kind of entity.
        kind: EntityKind,
        /// The next id the data gives.
        next_id: RawId,
        /// The highest id of that kind in the data.
        highest_id: RawId,
    },
    /// The target of a file export is a symbolic link and the call did not ask to follow it
    /// (`followSymlinks`); nothing was written.
    ExportSymlink {
        /// The path given.
        path: String,
    },
    /// An import found problems (a file that cannot be read, missing or unknown columns, bad
    /// rows); every one is listed, and nothing was imported.
    ImportFailed {
        /// Every problem, in file order (problems of the whole file first).
        problems: Vec<ImportProblem>,
    },
    /// A page of the change feed (`changesSince`) asked for with a limit of 0 or above the
    /// maximum (`MAX_CHANGES_LIMIT`, 1000).
    InvalidLimit {
        /// The limit given.
        limit: Count,
        /// The largest limit allowed.
        max: Count,
    },
    /// Change sets asked for after a sequence number beyond the directory's last change set
    /// (`changesSince`): the cursor does not come from this directory's store (another store,
    /// or one restored from an older copy).
    SeqBeyondLast {
        /// The sequence number given.
        seq: Seq,
        /// The directory's last sequence number.
        last_seq: Seq,
    },
    /// A calendar date that is not a real date written `YYYY-MM-DD` (year 0000 to 9999).
    InvalidDate {
        /// The text as given (Kotlin: `LocalDate.toString()` of the date passed).
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A number given from Kotlin or Swift outside what the call takes: a negative id, customer
    /// number, count, offset, page size, number of days or percentage, or an id above
    /// 4,294,967,295 (see [`crate::numbers`]). Nothing was done.
    NumberOutOfRange {
        /// What kind of number it is (`id`, `customer number`, `count or offset`, …).
        what: String,
        /// The value given.
        value: i64,
        /// The smallest value taken.
        min: i64,
        /// The largest value taken.
        max: i64,
    },
    /// The store refused or failed to persist the change (or could not be read); nothing was
    /// changed.
    Store {
        /// What failed.
        failure: StoreFailure,
    },
    /// A store file is damaged at a known place: a record whose checksum does not match, or that
    /// cannot be decoded, with valid data after it. Nothing was opened.
    CorruptStoreFile {
        /// The damaged file.
        path: String,
        /// Byte offset of the damaged header or record.
        offset: Count,
        /// What was found.
        detail: String,
    },
    /// The path holds something that is not a vastuu store (another program's file or folder,
    /// or another kind of database). It was left untouched.
    NotAStore {
        /// The path given.
        path: String,
        /// What was found there.
        reason: String,
    },
    /// The store was written in a newer format than this version of the library reads.
    UnsupportedStoreVersion {
        /// The store's path.
        path: String,
        /// The version found.
        found: SmallCount,
        /// The newest version this library reads.
        supported: SmallCount,
    },
    /// Another handle (in this or another process) has the store open.
    StoreLocked {
        /// The store's path.
        path: String,
    },
    /// An earlier write failed and could not be undone, so the store refuses further writes;
    /// close the directory and open it again to continue from what was durably written.
    StoreNeedsReopen {
        /// The failure that could not be undone.
        reason: String,
    },
    /// Storing change set `seq` failed and undoing it failed too, so it may or may not have been
    /// stored; the directory did not apply it and refuses later writes (`StoreNeedsReopen`).
    /// Open the store again: it was stored exactly when the reopened directory's `lastSeq()` is
    /// `seq` or later. Do not simply retry: that could store the change twice.
    StoreOutcomeUnknown {
        /// The sequence number the change set was to have.
        seq: Seq,
        /// What failed.
        reason: String,
    },
    /// The store was opened in another process, of which this one is a forked child; a child
    /// must not use its parent's files, locks or connections, so nothing was read or written.
    /// Open the store again in this process. (The JVM cannot fork: a Kotlin program never sees
    /// this; a Swift program that forks can.)
    StoreUsedAfterFork {
        /// The process that opened the store.
        opened_in: ProcessId,
        /// This process.
        used_in: ProcessId,
    },
    /// The directory was closed (`closeStore`); every call on it fails this way.
    DirectoryClosed,
    /// Writing an Excel export failed (e.g. the path cannot be written).
    ExportFailed {
        /// What went wrong.
        reason: String,
    },
    /// The export was cancelled through its `CancelToken`; nothing was written.
    ExportCancelled,
    /// A directory was called from an export's progress callback, which runs while the export
    /// holds the directory's lock; call it after the export instead.
    CalledFromCallback,
    /// A progress callback threw something other than a `VastuuException`; the export was
    /// stopped and nothing was written.
    CallbackFailed {
        /// The foreign exception's description.
        reason: String,
    },
    /// Other processes or handles on the same store kept storing their changes while this call
    /// stored its own; it caught up and tried again `attempts` times, and changed nothing. The
    /// directory is now up to date: calling again usually succeeds.
    Conflict {
        /// How many times the change was planned and refused.
        attempts: SmallCount,
    },
    /// A call hit an internal error of the library (a bug), so the directory's memory may no
    /// longer match its store: the directory was dropped, and this call and every later one
    /// fail this way until the store is opened again.
    DirectoryPoisoned {
        /// What the internal error said.
        reason: String,
    },
    /// A transaction was ended out of turn: it is not open (ended already, or discarded when the
    /// directory was closed), or a transaction begun inside it is still open.
    TransactionMisuse {
        /// What was wrong.
        reason: String,
    },
    /// A failure with no variant of its own: an internal error outside any directory. (Every
    /// error of the core has a variant; a new kind of core error does not compile here until
    /// it has one.)
    Other {
        /// The message.
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
    /// Another writer stored a change set first (a `Directory` catches up and tries again, so
    /// its callers see `VastuuException.Conflict` instead).
    Conflict {
        /// The sequence number the change set was to have.
        seq: Seq,
        /// The last change set the store holds.
        head: Seq,
    },
}

/// The text fields the library validates.
pub type Field = vastuu::Field;

#[uniffi::remote(Enum)]
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
    ExternalId,
}

/// What is wrong with a text value.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextProblem {
    /// Empty after trimming.
    Empty,
    /// Longer than allowed (in characters).
    TooLong {
        /// Length in characters after trimming.
        len: Count,
        /// The limit.
        max: Count,
    },
    /// Contains a control character.
    ControlCharacter {
        /// Character position (0-based, after trimming) of the first one.
        at: Count,
    },
    /// Contains a bidirectional control: an embedding or override (U+202A to U+202E), an
    /// isolate (U+2066 to U+2069) or a direction mark (U+200E, U+200F, U+061C).
    BidiControl {
        /// Character position (0-based, after trimming) of the first one.
        at: Count,
    },
    /// Contains a zero-width character (U+200B to U+200D, U+2060, U+FEFF).
    ZeroWidth {
        /// Character position (0-based, after trimming) of the first one.
        at: Count,
    },
    /// Contains a line or paragraph separator (U+2028, U+2029).
    LineSeparator {
        /// Character position (0-based, after trimming) of the first one.
        at: Count,
    },
    /// Not an email address: it needs exactly one `@` with text on both sides and no spaces.
    NotAnEmail,
}

/// One problem an import found: where it is and what is wrong.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImportProblem {
    /// The file's name (its path as given, or the name given with its bytes).
    pub file: String,
    /// The sheet of a workbook; null for a .csv file.
    pub sheet: Option<String>,
    /// The row as a spreadsheet numbers it (the header is row 1); null for a problem of the
    /// whole file.
    pub row: Option<Count>,
    /// The column's header (or, with no header, its letter); null for a problem of a whole row
    /// or file.
    pub column: Option<String>,
    /// What kind of problem it is.
    pub kind: ImportProblemKind,
    /// What is wrong, in words, naming the value at fault.
    pub reason: String,
}

/// The kinds of [`ImportProblem`].
pub type ImportProblemKind = vastuu::ImportProblemKind;

/// The kinds of [`ImportProblem`].
#[uniffi::remote(Enum)]
pub enum ImportProblemKind {
    /// The file cannot be read, or is not what its name or format says.
    Unreadable,
    /// The file, or what a workbook unpacks to, is larger than the import's limit.
    TooLarge,
    /// The file or sheet has no header row, or no data rows where some are needed.
    Empty,
    /// A column the kind needs is missing.
    MissingColumn,
    /// A header no kind of import knows, or a column given twice.
    UnknownColumn,
    /// The headers fit no kind of import (or not the kind asked for).
    UnknownKind,
    /// A value that cannot be read as what its column holds.
    BadValue,
    /// A cell longer than Excel's limit of 32,767 characters.
    CellTooLong,
    /// A text the library's text rules refuse.
    BadText,
    /// A validity period whose start is after its end.
    BadPeriod,
    /// The same customer number, name or responsibility twice in the file.
    Duplicate,
    /// A customer number already held by another customer of the directory.
    NumberTaken,
    /// A group, special group, employee, customer, project or role the directory does not have.
    UnknownReference,
    /// A name that matches more than one entity.
    Ambiguous,
    /// The directory refused the row for another reason (its message says which).
    Refused,
}

impl From<vastuu::ImportProblem> for ImportProblem {
    fn from(p: vastuu::ImportProblem) -> Self {
        let vastuu::ImportProblem { file, sheet, row, column, kind, reason } = p;
        ImportProblem { file, sheet, row: row.map(Count), column, kind, reason }
    }
}

impl From<ImportProblem> for vastuu::ImportProblem {
    fn from(p: ImportProblem) -> Self {
        let ImportProblem { file, sheet, row, column, kind, reason } = p;
        vastuu::ImportProblem { file, sheet, row: row.map(|r| r.0), column, kind, reason }
    }
}

/// The problems of a failed import cross field by field.
impl Wire for Vec<ImportProblem> {
    fn from_detail(detail: Detail) -> Option<Self> {
        match detail {
            Detail::ImportProblems(problems) => Some(problems.into_iter().map(Into::into).collect()),
            _ => None,
        }
    }
    fn to_detail(&self) -> Detail {
        Detail::ImportProblems(self.iter().cloned().map(Into::into).collect())
    }
}

/// What is wrong with a numbering range.
pub type RangeProblem = vastuu::RangeProblem;

/// What is wrong with a numbering range.
#[uniffi::remote(Enum)]
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

mirror!(both vastuu::TextProblem => TextProblem {
    Empty,
    TooLong { len, max },
    ControlCharacter { at },
    BidiControl { at },
    ZeroWidth { at },
    LineSeparator { at },
    NotAnEmail,
});

/// A value of this binding that crosses as one of the core's error [details](Detail).
pub(crate) trait Wire: Sized {
    /// The value of a detail of the matching type.
    fn from_detail(detail: Detail) -> Option<Self>;
    /// The value as a detail.
    fn to_detail(&self) -> Detail;
}

macro_rules! wire {
    ($($ty:ty => $variant:ident),* $(,)?) => {$(
        impl Wire for $ty {
            fn from_detail(detail: Detail) -> Option<Self> {
                match detail {
                    Detail::$variant(value) => Some(value.convert()),
                    _ => None,
                }
            }
            fn to_detail(&self) -> Detail {
                Detail::$variant(self.clone().convert())
            }
        }
    )*};
}

wire!(
    EntityRef => Entity,
    EntityKind => EntityKind,
    Subject => Subject,
    SeriesId => Series,
    RoleScope => RoleScope,
    Field => Field,
    TextProblem => TextProblem,
    RangeProblem => RangeProblem,
    IsoDate => Date,
);

/// A list of ids crosses as entities, a list of numbers (change sets) as numbers.
impl<T: Wire> Wire for Vec<T> {
    fn from_detail(detail: Detail) -> Option<Self> {
        match detail {
            Detail::Entities(entities) => entities.into_iter().map(|e| T::from_detail(Detail::Entity(e))).collect(),
            Detail::Numbers(numbers) => numbers.into_iter().map(|n| T::from_detail(Detail::Number(n))).collect(),
            _ => None,
        }
    }
    fn to_detail(&self) -> Detail {
        let details: Vec<Detail> = self.iter().map(Wire::to_detail).collect();
        let number = |d: &Detail| if let Detail::Number(n) = d { Some(*n) } else { None };
        if !details.is_empty() && details.iter().all(|d| number(d).is_some()) {
            return Detail::Numbers(details.iter().filter_map(number).collect());
        }
        let entity = |d: Detail| if let Detail::Entity(e) = d { Some(e) } else { None };
        Detail::Entities(details.into_iter().filter_map(entity).collect())
    }
}

/// Takes a variant's fields off an error's details, in order.
struct Fields(std::vec::IntoIter<Detail>);

impl Fields {
    fn take<T: Wire>(&mut self) -> Option<T> {
        T::from_detail(self.0.next()?)
    }
}

/// A path crosses as text.
impl Wire for String {
    fn from_detail(detail: Detail) -> Option<Self> {
        match detail {
            Detail::Text(text) => Some(text),
            Detail::Path(path) => Some(path.display().to_string()),
            _ => None,
        }
    }
    fn to_detail(&self) -> Detail {
        Detail::Text(self.clone())
    }
}

impl From<vastuu_host::Error> for VastuuError {
    fn from(error: vastuu_host::Error) -> Self {
        let kind = error.kind();
        let mut fields = Fields(error.details().into_iter().map(|(_, d)| d).collect::<Vec<_>>().into_iter());
        VastuuError::of_kind(kind, &mut fields).unwrap_or_else(|| match kind {
            Kind::TransactionMisuse => VastuuError::TransactionMisuse { reason: error.to_string() },
            _ => VastuuError::Other { description: error.to_string() },
        })
    }
}

impl From<vastuu::Error> for VastuuError {
    fn from(error: vastuu::Error) -> Self {
        vastuu_host::Error::Core(error).into()
    }
}

/// A foreign callback (the export progress callback) threw something other than a
/// `VastuuException`.
impl From<uniffi::UnexpectedUniFFICallbackError> for VastuuError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        VastuuError::CallbackFailed { reason: error.reason }
    }
}

/// The variants that stand for one core kind each, with their fields in the order of the kind's
/// details: the conversion both ways. (The store failures `StoreIo`, `StoreCorrupt` and
/// `StoreFailed` share the variant `Store`.)
macro_rules! core_variants {
    ($($kind:ident => $variant:ident { $($field:ident),* }),* $(,)?) => {
        impl VastuuError {
            fn of_core_kind(kind: K, f: &mut Fields) -> Option<VastuuError> {
                Some(match kind {
                    $(K::$kind => VastuuError::$variant { $($field: f.take()?),* },)*
                    K::StoreIo => VastuuError::Store {
                        failure: StoreFailure::Io { operation: f.take()?, reason: f.take()? },
                    },
                    K::StoreCorrupt => VastuuError::Store { failure: StoreFailure::Corrupt { detail: f.take()? } },
                    K::StoreFailed => VastuuError::Store { failure: StoreFailure::Failed { reason: f.take()? } },
                    K::StoreConflict => {
                        VastuuError::Store { failure: StoreFailure::Conflict { seq: f.take()?, head: f.take()? } }
                    }
                })
            }

            /// The core kind and details the variant stands for, if it stands for one.
            fn core_details(&self) -> Option<(K, Vec<Detail>)> {
                Some(match self {
                    $(VastuuError::$variant { $($field),* } => (K::$kind, vec![$($field.to_detail()),*]),)*
                    VastuuError::Store { failure: StoreFailure::Io { operation, reason } } => {
                        (K::StoreIo, vec![operation.to_detail(), reason.to_detail()])
                    }
                    VastuuError::Store { failure: StoreFailure::Corrupt { detail } } => {
                        (K::StoreCorrupt, vec![detail.to_detail()])
                    }
                    VastuuError::Store { failure: StoreFailure::Failed { reason } } => {
                        (K::StoreFailed, vec![reason.to_detail()])
                    }
                    VastuuError::Store { failure: StoreFailure::Conflict { seq, head } } => {
                        (K::StoreConflict, vec![seq.to_detail(), head.to_detail()])
                    }
                    _ => return None,
                })
            }
        }
    };
}

core_variants! {
    NotFound => NotFound { entity },
    InvalidText => InvalidText { field, value, problem },
    DuplicateName => DuplicateName { kind, name, existing },
    DuplicateCustomerNumber => DuplicateCustomerNumber { number, holder },
    InvalidCustomerNumber => InvalidCustomerNumber { number, max },
    CustomerInOtherGroup => CustomerInOtherGroup { customer, current, current_name, requested, requested_name },
    NumberRangeExhausted => NumberRangeExhausted { series, start, end },
    InvalidNumberingRange => InvalidNumberingRange { start, end, problem },
    TooManyCostCenters => TooManyCostCenters { count, max },
    DuplicateCostCenter => DuplicateCostCenter { code },
    EmployeeInactive => EmployeeInactive { employee },
    NoSalesRights => NoSalesRights { employee },
    RoleScopeMismatch => RoleScopeMismatch { role, role_scope, subject },
    InvalidPeriod => InvalidPeriod { from, to },
    NotResponsible => NotResponsible { subject, employee },
    CustomerHasProjects => CustomerHasProjects { customer, projects },
    RoleInUse => RoleInUse { role, responsibilities },
    HandoverToSelf => HandoverToSelf { employee },
    StalePlan => StalePlan { from, to },
    InvalidPercent => InvalidPercent { value },
    Export => ExportFailed { reason },
    ExportCancelled => ExportCancelled {},
    StoreCorruptFile => CorruptStoreFile { path, offset, detail },
    NotAStore => NotAStore { path, reason },
    UnsupportedVersion => UnsupportedStoreVersion { path, found, supported },
    StoreLocked => StoreLocked { path },
    StoreNeedsReopen => StoreNeedsReopen { reason },
    StoreUsedAfterFork => StoreUsedAfterFork { opened_in, used_in },
    StoreOutcomeUnknown => StoreOutcomeUnknown { seq, reason },
    Conflict => Conflict { attempts },
    IdsExhausted => IdsExhausted { kind },
    NextIdTooLow => NextIdTooLow { kind, next_id, highest_id },
    ExportSymlink => ExportSymlink { path },
    Import => ImportFailed { problems },
    InvalidLimit => InvalidLimit { limit, max },
    SeqBeyondLast => SeqBeyondLast { seq, last_seq },
    WrongRoleScope => WrongRoleScope { role, role_scope, needed },
    StaleBulkPlan => StaleBulkPlan { employee, customers },
    NotTeamMember => NotTeamMember { team, employee },
    DuplicateGroupDefault => DuplicateGroupDefault { employee },
    RoleInGroupDefaults => RoleInGroupDefaults { role, groups },
    NoSuchChangeSet => NoSuchChangeSet { seq, last_seq },
    RevertOfRevert => RevertOfRevert { seq, reverts },
    AlreadyReverted => AlreadyReverted { seq, by },
    RevertConflict => RevertConflict { seq, later },
    RevertStateUnknown => RevertStateUnknown { seq },
    NothingToRevert => NothingToRevert { seq },
    Referenced => Referenced { entity, by },
    DuplicateExternalId => DuplicateExternalId { kind, external_id, existing },
}

impl VastuuError {
    /// The variant of `kind` with its fields; `None` for the kinds that become `Other`.
    fn of_kind(kind: Kind, f: &mut Fields) -> Option<VastuuError> {
        Some(match kind {
            Kind::Core(kind) => return VastuuError::of_core_kind(kind, f),
            Kind::Closed => VastuuError::DirectoryClosed,
            Kind::Reentered => VastuuError::CalledFromCallback,
            Kind::Poisoned => VastuuError::DirectoryPoisoned { reason: f.take()? },
            // `Panicked`: an internal error outside a directory (`Other`). `TransactionBusy` does
            // not happen here: a transaction's calls come from its owner's thread. A misuse
            // carries the host's message (see `From<vastuu_host::Error>`).
            Kind::Panicked | Kind::TransactionBusy | Kind::TransactionMisuse => return None,
        })
    }

    /// The host or core error the variant stands for, rebuilt from its fields; `None` for the
    /// binding's own variants (and for fields no core error can hold).
    fn source_error(&self) -> Option<vastuu_host::Error> {
        use vastuu_host::Error as H;
        match self {
            VastuuError::DirectoryClosed => Some(H::Closed),
            VastuuError::CalledFromCallback => Some(H::Reentered),
            VastuuError::DirectoryPoisoned { reason } => Some(H::Poisoned { message: reason.clone() }),
            _ => {
                let (kind, details) = self.core_details()?;
                vastuu::Error::from_details(kind, details).map(H::Core)
            }
        }
    }
}

impl fmt::Display for VastuuError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(error) = self.source_error() {
            return error.fmt(f);
        }
        match self {
            VastuuError::InvalidDate { value, reason } => write!(f, "invalid date {value:?}: {reason}"),
            VastuuError::NumberOutOfRange { what, value, min, max } => {
                write!(f, "invalid {what} {value}: must be {min} to {max}")
            }
            VastuuError::CallbackFailed { reason } => write!(f, "the progress callback failed: {reason}"),
            VastuuError::TransactionMisuse { reason: text } | VastuuError::Other { description: text } => {
                f.write_str(text)
            }
            other => write!(f, "{other:?}"),
        }
    }
}

impl std::error::Error for VastuuError {}

/// Result of every fallible call of the bindings.
pub type Result<T, E = VastuuError> = std::result::Result<T, E>;
