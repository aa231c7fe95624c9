//! The one error type of the library.

use crate::model::{
    CustomerGroupId, CustomerId, EmployeeId, EntityKind, EntityRef, Id, ProjectId, RoleId, RoleScope, SeriesId,
    Subject, TeamId,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
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
        /// The value as given, or, when it is longer than [`QUOTED_CHARS`] characters, its first
        /// [`QUOTED_CHARS`] characters, `…` and its length (see [`Error::invalid_text`]).
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

    /// A role of the other scope than the call takes (a bulk assignment gives customer roles).
    #[error("{role} is a {role_scope} role; {needed} roles are needed here")]
    WrongRoleScope {
        /// The role.
        role: RoleId,
        /// Its scope.
        role_scope: RoleScope,
        /// The scope the call takes.
        needed: RoleScope,
    },

    /// The directory changed since the bulk plan was made, so that the plan no longer says what
    /// applying it would do for these customers (what changes for them, or why they are
    /// skipped, or whether the filter selects them); nothing was applied. Plan again and review
    /// the new preview.
    #[error(
        "the bulk plan for {employee} is stale: the directory changed for {} since it was made; plan it again",
        some(.customers)
    )]
    StaleBulkPlan {
        /// The plan's employee.
        employee: EmployeeId,
        /// The customers for which the plan changed, by id.
        customers: Vec<CustomerId>,
    },

    /// A team lead who is not a member of the team (leads are chosen among the team's members).
    #[error("{employee} is not a member of {team}, so cannot be one of its leads")]
    NotTeamMember {
        /// The team.
        team: TeamId,
        /// The employee who is not in it.
        employee: EmployeeId,
    },

    /// A customer group's default team lists the same employee twice.
    #[error("{employee} is listed twice in the default team")]
    DuplicateGroupDefault {
        /// The employee.
        employee: EmployeeId,
    },

    /// A role's scope cannot change while customer groups' default teams give it.
    #[error("the scope of {role} cannot change while the default teams of {} give it", some(.groups))]
    RoleInGroupDefaults {
        /// The role.
        role: RoleId,
        /// The groups whose default team gives it, by id.
        groups: Vec<CustomerGroupId>,
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

    /// Every id of a kind of entity is taken: the next one would be past `u32::MAX - 1`. Nothing
    /// was created.
    #[error("no {kind} id is left: every id up to {max} was given out", max = u32::MAX - 1)]
    IdsExhausted {
        /// The kind of entity that could not be created.
        kind: EntityKind,
    },

    /// Imported data whose next id of a kind is not above every id of that kind it holds (a
    /// new entity would then take the id of an existing one). Nothing was imported.
    #[error("the next {kind} id {next_id} is not above the highest {kind} id {highest_id} of the data")]
    NextIdTooLow {
        /// The kind of entity.
        kind: EntityKind,
        /// The next id the data gives.
        next_id: u32,
        /// The highest id of that kind in the data.
        highest_id: u32,
    },

    /// The target of a file export is a symbolic link; the export writes through one only when
    /// asked to ([`ExportOptions::follow_symlinks`](crate::ExportOptions::follow_symlinks)).
    /// Nothing was written.
    #[error("{} is a symbolic link; the export does not write through it unless asked to", path.display())]
    ExportSymlink {
        /// The path given.
        path: PathBuf,
    },

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

    /// An import found problems: a file that cannot be read, missing or unknown columns, or bad
    /// rows. Every problem found is listed, each with its file, sheet, row and column; nothing
    /// was imported.
    #[error("{0}")]
    Import(ImportErrors),

    /// A page of change sets asked for with a limit of 0 or above the maximum
    /// ([`MAX_CHANGES_LIMIT`](crate::MAX_CHANGES_LIMIT) for
    /// [`Directory::changes_since`](crate::Directory::changes_since)).
    #[error("a limit of {limit} change sets is not in 1..={max}")]
    InvalidLimit {
        /// The limit given.
        limit: u64,
        /// The largest limit allowed.
        max: u64,
    },

    /// Change sets asked for after a sequence number beyond the directory's last change set
    /// ([`Directory::changes_since`](crate::Directory::changes_since)): the number does not come
    /// from this directory's store (another store, or one restored from an older copy), or the
    /// directory has not caught up with other writers yet ([`Directory::sync`](crate::Directory::sync)).
    #[error("change set {seq} is beyond the last change set, {last_seq}")]
    SeqBeyondLast {
        /// The sequence number given.
        seq: u64,
        /// The directory's last sequence number.
        last_seq: u64,
    },

    /// A change set asked for by a number that is not one of the directory's (0, or beyond its
    /// last change set), e.g. to revert it ([`Directory::revert`](crate::Directory::revert)).
    #[error("there is no change set {seq}: the change sets are numbered 1 to {last_seq}")]
    NoSuchChangeSet {
        /// The sequence number given.
        seq: u64,
        /// The directory's last sequence number.
        last_seq: u64,
    },

    /// A revert of a change set that is itself a revert; nothing changed. To have the edits it
    /// undid again, make them anew.
    #[error("change set {seq} reverts change set {reverts}; a revert is not reverted")]
    RevertOfRevert {
        /// The change set asked to be reverted.
        seq: u64,
        /// The change set it reverts.
        reverts: u64,
    },

    /// A revert of a change set a later change set already reverted; nothing changed.
    #[error("change set {seq} was already reverted by change set {by}")]
    AlreadyReverted {
        /// The change set asked to be reverted.
        seq: u64,
        /// The change set that reverted it.
        by: u64,
    },

    /// A revert of a change set whose entities later change sets touched too; nothing changed.
    /// Forcing the revert puts the states from before the change set back anyway, undoing those
    /// later edits of the same entities.
    #[error(
        "change set {seq} is not reverted: later change sets changed the same entities ({}); force the revert to undo their edits of them too",
        some(.later)
    )]
    RevertConflict {
        /// The change set asked to be reverted.
        seq: u64,
        /// The later change sets changing the same entities, oldest first.
        later: Vec<u64>,
    },

    /// A revert of a change set touching an entity whose state before it is unknown: no earlier
    /// change set touched it, and the directory did not begin empty (it was made from data), so
    /// the entity may have been there before its first change set. Nothing changed.
    #[error("change set {seq} is not reverted: the state before it of an entity it touched is not in the history (the directory began from data)")]
    RevertStateUnknown {
        /// The change set asked to be reverted.
        seq: u64,
    },

    /// A revert of a change set whose entities all are as they were before it; nothing was
    /// written.
    #[error("change set {seq} is not reverted: everything it changed already is as it was before it")]
    NothingToRevert {
        /// The change set asked to be reverted.
        seq: u64,
    },

    /// An entity that cannot be deleted (by a revert) while another refers to it; nothing
    /// changed.
    #[error("{entity} is not deleted: {by} refers to it")]
    Referenced {
        /// The entity that would be deleted.
        entity: EntityRef,
        /// An entity referring to it (for a responsibility: its employee, or its customer or
        /// project).
        by: EntityRef,
    },

    /// Another entity of the same kind already has this external id (compared exactly).
    #[error("{existing} already has the external id {external_id:?}")]
    DuplicateExternalId {
        /// Kind of entity given the key.
        kind: EntityKind,
        /// The key as given (trimmed).
        external_id: String,
        /// The entity that already has it.
        existing: EntityRef,
    },
}

/// The problems an import found (see [`Error::Import`]), in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportErrors {
    /// Every problem, in the order of the rows (problems of the whole file first).
    pub problems: Vec<ImportProblem>,
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(f, "the import found {n} problem{}; nothing was imported", if n == 1 { "" } else { "s" })?;
        for p in self.problems.iter().take(5) {
            write!(f, "; {p}")?;
        }
        if n > 5 {
            write!(f, "; and {} more", n - 5)?;
        }
        Ok(())
    }
}

/// One problem an import found: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// The file's name (its path as given, or the name given with its bytes).
    pub file: String,
    /// The sheet of a workbook; `None` for a .csv file.
    pub sheet: Option<String>,
    /// The row as a spreadsheet numbers it (the header is row 1); `None` for a problem of the
    /// whole file.
    pub row: Option<u64>,
    /// The column's header (or, with no header, its letter); `None` for a problem of a whole row
    /// or file.
    pub column: Option<String>,
    /// What kind of problem it is.
    pub kind: ImportProblemKind,
    /// What is wrong, in words, naming the value at fault.
    pub reason: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet {sheet:?}")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column:?}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// The kinds of [`ImportProblem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ImportProblemKind {
    /// The file cannot be read, or is not what its name or format says (random bytes named
    /// `.xlsx`, a zip archive that is not a workbook, a text file that is not CSV).
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
    /// A value that cannot be read as what its column holds (a number, a date, yes/no, a status).
    BadValue,
    /// A cell longer than [`MAX_IMPORT_CELL_CHARS`](crate::import::MAX_IMPORT_CELL_CHARS).
    CellTooLong,
    /// A text the library's text rules refuse (empty name, control characters, too long, not an
    /// email address).
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

impl ImportProblemKind {
    /// The kind's stable `snake_case` code.
    pub const fn code(self) -> &'static str {
        match self {
            ImportProblemKind::Unreadable => "unreadable",
            ImportProblemKind::TooLarge => "too_large",
            ImportProblemKind::Empty => "empty",
            ImportProblemKind::MissingColumn => "missing_column",
            ImportProblemKind::UnknownColumn => "unknown_column",
            ImportProblemKind::UnknownKind => "unknown_kind",
            ImportProblemKind::BadValue => "bad_value",
            ImportProblemKind::CellTooLong => "cell_too_long",
            ImportProblemKind::BadText => "bad_text",
            ImportProblemKind::BadPeriod => "bad_period",
            ImportProblemKind::Duplicate => "duplicate",
            ImportProblemKind::NumberTaken => "number_taken",
            ImportProblemKind::UnknownReference => "unknown_reference",
            ImportProblemKind::Ambiguous => "ambiguous",
            ImportProblemKind::Refused => "refused",
        }
    }

    /// Every kind, in declaration order.
    pub const ALL: &'static [ImportProblemKind] = &[
        ImportProblemKind::Unreadable,
        ImportProblemKind::TooLarge,
        ImportProblemKind::Empty,
        ImportProblemKind::MissingColumn,
        ImportProblemKind::UnknownColumn,
        ImportProblemKind::UnknownKind,
        ImportProblemKind::BadValue,
        ImportProblemKind::CellTooLong,
        ImportProblemKind::BadText,
        ImportProblemKind::BadPeriod,
        ImportProblemKind::Duplicate,
        ImportProblemKind::NumberTaken,
        ImportProblemKind::UnknownReference,
        ImportProblemKind::Ambiguous,
        ImportProblemKind::Refused,
    ];

    /// The kind with this [code](ImportProblemKind::code).
    pub fn from_code(code: &str) -> Option<ImportProblemKind> {
        ImportProblemKind::ALL.iter().copied().find(|k| k.code() == code)
    }
}

/// How many characters of a bad value an [`Error::InvalidText`] quotes.
pub const QUOTED_CHARS: usize = 64;

impl Error {
    /// The [`Error::InvalidText`] for `value`, quoting at most [`QUOTED_CHARS`] characters of it:
    /// a longer value is cut on a character boundary and marked with `…` and its length in
    /// characters, e.g. `xxx… (1,000,000 characters)`, so an error about a huge value stays short.
    pub fn invalid_text(field: Field, value: &str, problem: TextProblem) -> Error {
        Error::InvalidText { field, value: quote(value), problem }
    }
}

/// At most [`QUOTED_CHARS`] characters of `value`, with `…` and the full length when cut.
fn quote(value: &str) -> String {
    match value.char_indices().nth(QUOTED_CHARS) {
        None => value.to_owned(),
        Some((cut, _)) => {
            let len = value.chars().count();
            format!("{}… ({} characters)", &value[..cut], thousands(len))
        }
    }
}

/// A count with a comma between each group of three digits: `1,000,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The first five of `items`, and how many more there are.
fn some<T: fmt::Display>(items: &[T]) -> String {
    const SHOWN: usize = 5;
    match items.len() {
        0 => "no item".to_owned(),
        n if n <= SHOWN => list(items),
        n => format!("{} and {} more", list(&items[..SHOWN]), thousands(n - SHOWN)),
    }
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
    ExternalId,
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
            Field::ExternalId => "external id",
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
    /// Contains a bidirectional control: an embedding or override (U+202A to U+202E), an
    /// isolate (U+2066 to U+2069) or a direction mark (U+200E, U+200F, U+061C). They can make a
    /// text display as something other than what it is.
    BidiControl {
        /// Character position (0-based, after trimming) of the first one.
        at: usize,
    },
    /// Contains a zero-width character (U+200B to U+200D, U+2060, U+FEFF), which would make
    /// texts that look the same differ.
    ZeroWidth {
        /// Character position (0-based, after trimming) of the first one.
        at: usize,
    },
    /// Contains a line or paragraph separator (U+2028, U+2029); a description spans lines
    /// with line feeds.
    LineSeparator {
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
            TextProblem::BidiControl { at } => write!(f, "bidirectional control character at position {at}"),
            TextProblem::ZeroWidth { at } => write!(f, "zero-width character at position {at}"),
            TextProblem::LineSeparator { at } => write!(f, "line or paragraph separator at position {at}"),
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
    /// Storing change set `seq` failed in a way that leaves its outcome unknown: the write (or
    /// the commit) failed and undoing it failed too (the file store could not cut its journal
    /// back; the PostgreSQL store lost its connection and could not ask the server). The change
    /// set may or may not be in the store. The handle refuses every later write
    /// ([`StoreError::NeedsReopen`]) and the directory did not apply the change; reopen the store
    /// to find out: the reopened directory's [`last_seq`](crate::Directory::last_seq) is at
    /// least `seq` exactly when it was stored. A host that retries blindly would store it twice.
    #[error("change set {seq} may or may not have been stored ({cause}); reopen the store: it was stored exactly when the reopened directory's last change set is {seq} or later")]
    OutcomeUnknown {
        /// The sequence number the change set was to have.
        seq: u64,
        /// What failed.
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
    /// The store handle was opened in another process, of which this one is a forked child
    /// (`fork()`: Python's `multiprocessing` with the fork start method, a server that loads the
    /// application before forking its workers). A child must not use its parent's files, locks
    /// or connections, so every call that reaches the store is refused; nothing was read or
    /// written, and the parent's handle is unaffected. Open the store anew in this process.
    #[error(
        "this store handle was opened in process {opened_in} and cannot be used in process {used_in}, \
         a process forked from it; open the store again in this process"
    )]
    UsedAfterFork {
        /// The process that opened the handle.
        opened_in: u32,
        /// The process that tried to use it.
        used_in: u32,
    },
}

/// Declares [`ErrorKind`] with each kind's code, its list of every kind, and `code`.
macro_rules! error_kinds {
    ($($(#[$doc:meta])* $kind:ident = $code:literal,)*) => {
        /// The kind of an [`Error`]: one per variant, and one per [`StoreError`] variant
        /// (`Error::Store` has the kind of the store failure it wraps).
        ///
        /// Unlike [`Error`], this enum is exhaustive on purpose: a binding that maps errors by
        /// kind matches it without a wildcard, so a new kind of error is a compile error there
        /// until the binding maps it, instead of a generic error at run time.
        /// [`ErrorKind::code`] names each kind with a stable string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)] // each kind is documented on its variant of `Error` or `StoreError`
        pub enum ErrorKind {
            $($(#[$doc])* $kind,)*
        }

        impl ErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind),*];

            /// The kind's code: `snake_case`, unique, and stable across versions (a code is
            /// never changed or reused), so it can be stored, logged and matched by programs.
            pub const fn code(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $code,)*
                }
            }
        }
    };
}

error_kinds! {
    NotFound = "not_found",
    InvalidText = "invalid_text",
    DuplicateName = "duplicate_name",
    DuplicateCustomerNumber = "duplicate_customer_number",
    InvalidCustomerNumber = "invalid_customer_number",
    CustomerInOtherGroup = "customer_in_other_group",
    NumberRangeExhausted = "number_range_exhausted",
    InvalidNumberingRange = "invalid_numbering_range",
    TooManyCostCenters = "too_many_cost_centers",
    DuplicateCostCenter = "duplicate_cost_center",
    EmployeeInactive = "employee_inactive",
    NoSalesRights = "no_sales_rights",
    RoleScopeMismatch = "role_scope_mismatch",
    InvalidPeriod = "invalid_period",
    NotResponsible = "not_responsible",
    CustomerHasProjects = "customer_has_projects",
    RoleInUse = "role_in_use",
    HandoverToSelf = "handover_to_self",
    StalePlan = "stale_plan",
    InvalidPercent = "invalid_percent",
    Export = "export_failed",
    ExportCancelled = "export_cancelled",
    Conflict = "conflict",
    IdsExhausted = "ids_exhausted",
    NextIdTooLow = "next_id_too_low",
    ExportSymlink = "export_symlink",
    Import = "import_failed",
    InvalidLimit = "invalid_limit",
    SeqBeyondLast = "seq_beyond_last",
    WrongRoleScope = "wrong_role_scope",
    StaleBulkPlan = "stale_bulk_plan",
    NotTeamMember = "not_team_member",
    DuplicateGroupDefault = "duplicate_group_default",
    RoleInGroupDefaults = "role_in_group_defaults",
    NoSuchChangeSet = "no_such_change_set",
    RevertOfRevert = "revert_of_revert",
    AlreadyReverted = "already_reverted",
    RevertConflict = "revert_conflict",
    RevertStateUnknown = "revert_state_unknown",
    NothingToRevert = "nothing_to_revert",
    Referenced = "referenced",
    DuplicateExternalId = "duplicate_external_id",
    /// [`StoreError::Io`].
    StoreIo = "store_io",
    /// [`StoreError::Corrupt`].
    StoreCorrupt = "store_corrupt",
    /// [`StoreError::CorruptFile`].
    StoreCorruptFile = "store_corrupt_file",
    /// [`StoreError::NotAStore`].
    NotAStore = "not_a_store",
    /// [`StoreError::UnsupportedVersion`].
    UnsupportedVersion = "unsupported_store_version",
    /// [`StoreError::Locked`].
    StoreLocked = "store_locked",
    /// [`StoreError::NeedsReopen`].
    StoreNeedsReopen = "store_needs_reopen",
    /// [`StoreError::Failed`].
    StoreFailed = "store_failed",
    /// [`StoreError::Conflict`].
    StoreConflict = "store_conflict",
    /// [`StoreError::UsedAfterFork`].
    StoreUsedAfterFork = "store_used_after_fork",
    /// [`StoreError::OutcomeUnknown`].
    StoreOutcomeUnknown = "store_outcome_unknown",
}

impl ErrorKind {
    /// The kind with this [code](ErrorKind::code).
    pub fn from_code(code: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.iter().copied().find(|kind| kind.code() == code)
    }

    /// Whether the kind is a failure of the store (`Error::Store`).
    pub const fn is_store(self) -> bool {
        use ErrorKind::*;
        matches!(
            self,
            StoreIo
                | StoreCorrupt
                | StoreCorruptFile
                | NotAStore
                | UnsupportedVersion
                | StoreLocked
                | StoreNeedsReopen
                | StoreFailed
                | StoreConflict
                | StoreUsedAfterFork
                | StoreOutcomeUnknown
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One value an error carries, in a form any binding can convert without knowing the variant:
/// see [`Error::details`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Detail {
    /// An id (of any kind of entity).
    Entity(EntityRef),
    /// Several ids.
    Entities(Vec<EntityRef>),
    EntityKind(EntityKind),
    Subject(Subject),
    Series(SeriesId),
    RoleScope(RoleScope),
    Field(Field),
    TextProblem(TextProblem),
    RangeProblem(RangeProblem),
    Text(String),
    /// A number or a count.
    Number(u64),
    /// Several numbers (change sets).
    Numbers(Vec<u64>),
    OptionalNumber(Option<u64>),
    Date(Date),
    Path(PathBuf),
    /// The problems of an import.
    ImportProblems(Vec<ImportProblem>),
}

/// A named value of an error; see [`Error::details`].
pub type Details = Vec<(&'static str, Detail)>;

fn wide(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// An id as a detail.
fn one<I: Id>(id: I) -> Detail {
    Detail::Entity(id.entity())
}

/// Ids as a detail.
fn many<I: Id>(ids: &[I]) -> Detail {
    Detail::Entities(ids.iter().map(|id| id.entity()).collect())
}

fn narrow(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

impl Error {
    /// The error's kind (for `Error::Store`, the store failure's kind).
    pub fn kind(&self) -> ErrorKind {
        use ErrorKind as K;
        match self {
            Error::NotFound(_) => K::NotFound,
            Error::InvalidText { .. } => K::InvalidText,
            Error::DuplicateName { .. } => K::DuplicateName,
            Error::DuplicateCustomerNumber { .. } => K::DuplicateCustomerNumber,
            Error::InvalidCustomerNumber { .. } => K::InvalidCustomerNumber,
            Error::CustomerInOtherGroup { .. } => K::CustomerInOtherGroup,
            Error::NumberRangeExhausted { .. } => K::NumberRangeExhausted,
            Error::InvalidNumberingRange { .. } => K::InvalidNumberingRange,
            Error::TooManyCostCenters { .. } => K::TooManyCostCenters,
            Error::DuplicateCostCenter { .. } => K::DuplicateCostCenter,
            Error::EmployeeInactive { .. } => K::EmployeeInactive,
            Error::NoSalesRights { .. } => K::NoSalesRights,
            Error::RoleScopeMismatch { .. } => K::RoleScopeMismatch,
            Error::InvalidPeriod { .. } => K::InvalidPeriod,
            Error::NotResponsible { .. } => K::NotResponsible,
            Error::CustomerHasProjects { .. } => K::CustomerHasProjects,
            Error::RoleInUse { .. } => K::RoleInUse,
            Error::HandoverToSelf { .. } => K::HandoverToSelf,
            Error::StalePlan { .. } => K::StalePlan,
            Error::InvalidPercent { .. } => K::InvalidPercent,
            Error::Export { .. } => K::Export,
            Error::ExportCancelled => K::ExportCancelled,
            Error::Store(store) => store.kind(),
            Error::Conflict { .. } => K::Conflict,
            Error::IdsExhausted { .. } => K::IdsExhausted,
            Error::NextIdTooLow { .. } => K::NextIdTooLow,
            Error::ExportSymlink { .. } => K::ExportSymlink,
            Error::Import(_) => K::Import,
            Error::InvalidLimit { .. } => K::InvalidLimit,
            Error::SeqBeyondLast { .. } => K::SeqBeyondLast,
            Error::WrongRoleScope { .. } => K::WrongRoleScope,
            Error::StaleBulkPlan { .. } => K::StaleBulkPlan,
            Error::NotTeamMember { .. } => K::NotTeamMember,
            Error::DuplicateGroupDefault { .. } => K::DuplicateGroupDefault,
            Error::RoleInGroupDefaults { .. } => K::RoleInGroupDefaults,
            Error::NoSuchChangeSet { .. } => K::NoSuchChangeSet,
            Error::RevertOfRevert { .. } => K::RevertOfRevert,
            Error::AlreadyReverted { .. } => K::AlreadyReverted,
            Error::RevertConflict { .. } => K::RevertConflict,
            Error::RevertStateUnknown { .. } => K::RevertStateUnknown,
            Error::NothingToRevert { .. } => K::NothingToRevert,
            Error::Referenced { .. } => K::Referenced,
            Error::DuplicateExternalId { .. } => K::DuplicateExternalId,
        }
    }

    /// The values the error carries, named as the variant's fields and in their order (a tuple
    /// variant's value is named `entity` or `detail`). Bindings convert these instead of
    /// matching every variant; [`Error::from_details`] turns them back into the error.
    pub fn details(&self) -> Details {
        use Detail as D;
        let text = |s: &String| D::Text(s.clone());
        let entity = |e: EntityRef| D::Entity(e);
        match self {
            Error::NotFound(e) => vec![("entity", entity(*e))],
            Error::InvalidText { field, value, problem } => {
                vec![("field", D::Field(*field)), ("value", text(value)), ("problem", D::TextProblem(*problem))]
            }
            Error::DuplicateName { kind, name, existing } => {
                vec![("kind", D::EntityKind(*kind)), ("name", text(name)), ("existing", entity(*existing))]
            }
            Error::DuplicateCustomerNumber { number, holder } => {
                vec![("number", D::Number(*number)), ("holder", entity((*holder).into()))]
            }
            Error::InvalidCustomerNumber { number, max } => {
                vec![("number", D::Number(*number)), ("max", D::Number(*max))]
            }
            Error::CustomerInOtherGroup { customer, current, current_name, requested, requested_name } => vec![
                ("customer", entity((*customer).into())),
                ("current", entity((*current).into())),
                ("current_name", text(current_name)),
                ("requested", entity((*requested).into())),
                ("requested_name", text(requested_name)),
            ],
            Error::NumberRangeExhausted { series, start, end } => {
                vec![("series", D::Series(*series)), ("start", D::Number(*start)), ("end", D::Number(*end))]
            }
            Error::InvalidNumberingRange { start, end, problem } => vec![
                ("start", D::OptionalNumber(*start)),
                ("end", D::OptionalNumber(*end)),
                ("problem", D::RangeProblem(*problem)),
            ],
            Error::TooManyCostCenters { count, max } => {
                vec![("count", D::Number(wide(*count))), ("max", D::Number(wide(*max)))]
            }
            Error::DuplicateCostCenter { code } => vec![("code", text(code))],
            Error::EmployeeInactive { employee } | Error::NoSalesRights { employee } => {
                vec![("employee", one(*employee))]
            }
            Error::HandoverToSelf { employee } => vec![("employee", entity((*employee).into()))],
            Error::RoleScopeMismatch { role, role_scope, subject } => vec![
                ("role", entity((*role).into())),
                ("role_scope", D::RoleScope(*role_scope)),
                ("subject", D::Subject(*subject)),
            ],
            Error::InvalidPeriod { from, to } => vec![("from", D::Date(*from)), ("to", D::Date(*to))],
            Error::NotResponsible { subject, employee } => {
                vec![("subject", D::Subject(*subject)), ("employee", one(*employee))]
            }
            Error::CustomerHasProjects { customer, projects } => vec![
                ("customer", entity((*customer).into())),
                ("projects", D::Entities(projects.iter().map(|&p| p.into()).collect())),
            ],
            Error::RoleInUse { role, responsibilities } => {
                vec![("role", entity((*role).into())), ("responsibilities", D::Number(wide(*responsibilities)))]
            }
            Error::StalePlan { from, to } => vec![("from", one(*from)), ("to", one(*to))],
            Error::InvalidPercent { value } => vec![("value", D::Number(u64::from(*value)))],
            Error::Export { message } => vec![("message", text(message))],
            Error::ExportCancelled => vec![],
            Error::Store(store) => store.details(),
            Error::Conflict { attempts } => vec![("attempts", D::Number(u64::from(*attempts)))],
            Error::IdsExhausted { kind } => vec![("kind", D::EntityKind(*kind))],
            Error::NextIdTooLow { kind, next_id, highest_id } => vec![
                ("kind", D::EntityKind(*kind)),
                ("next_id", D::Number(u64::from(*next_id))),
                ("highest_id", D::Number(u64::from(*highest_id))),
            ],
            // The kinds added last; `details_give_back_the_error` checks that each has its own.
            _ => self.later_details(),
        }
    }

    /// [`Error::details`] of the kinds added last (kept apart so that each function stays short).
    fn later_details(&self) -> Details {
        use Detail as D;
        match self {
            Error::ExportSymlink { path } => vec![("path", D::Path(path.clone()))],
            Error::Import(errors) => vec![("problems", D::ImportProblems(errors.problems.clone()))],
            Error::InvalidLimit { limit, max } => vec![("limit", D::Number(*limit)), ("max", D::Number(*max))],
            Error::SeqBeyondLast { seq, last_seq } => {
                vec![("seq", D::Number(*seq)), ("last_seq", D::Number(*last_seq))]
            }
            Error::WrongRoleScope { role, role_scope, needed } => {
                vec![("role", one(*role)), ("role_scope", D::RoleScope(*role_scope)), ("needed", D::RoleScope(*needed))]
            }
            Error::StaleBulkPlan { employee, customers } => {
                vec![("employee", one(*employee)), ("customers", many(customers))]
            }
            Error::NotTeamMember { team, employee } => vec![("team", one(*team)), ("employee", one(*employee))],
            Error::DuplicateGroupDefault { employee } => vec![("employee", one(*employee))],
            Error::RoleInGroupDefaults { role, groups } => vec![("role", one(*role)), ("groups", many(groups))],
            Error::NoSuchChangeSet { seq, last_seq } => {
                vec![("seq", D::Number(*seq)), ("last_seq", D::Number(*last_seq))]
            }
            Error::RevertOfRevert { seq, reverts } => vec![("seq", D::Number(*seq)), ("reverts", D::Number(*reverts))],
            Error::AlreadyReverted { seq, by } => vec![("seq", D::Number(*seq)), ("by", D::Number(*by))],
            Error::RevertConflict { seq, later } => {
                vec![("seq", D::Number(*seq)), ("later", D::Numbers(later.clone()))]
            }
            Error::RevertStateUnknown { seq } | Error::NothingToRevert { seq } => vec![("seq", D::Number(*seq))],
            Error::Referenced { entity, by } => vec![("entity", D::Entity(*entity)), ("by", D::Entity(*by))],
            Error::DuplicateExternalId { kind, external_id, existing } => vec![
                ("kind", D::EntityKind(*kind)),
                ("external_id", D::Text(external_id.clone())),
                ("existing", D::Entity(*existing)),
            ],
            _ => Vec::new(),
        }
    }

    /// The error of `kind` with these [details](Error::details), or `None` when they are not
    /// the details of that kind (missing, or of another type). Values are taken in order; the
    /// names are not looked at. A path may be given as text.
    pub fn from_details(kind: ErrorKind, details: impl IntoIterator<Item = Detail>) -> Option<Error> {
        use ErrorKind as K;
        let mut d = Taker(details.into_iter());
        Some(match kind {
            K::StoreIo
            | K::StoreCorrupt
            | K::StoreCorruptFile
            | K::NotAStore
            | K::UnsupportedVersion
            | K::StoreLocked
            | K::StoreNeedsReopen
            | K::StoreFailed
            | K::StoreConflict
            | K::StoreUsedAfterFork
            | K::StoreOutcomeUnknown => store_from_details(kind, &mut d)?,
            K::NotFound => Error::NotFound(d.entity()?),
            K::InvalidText => Error::InvalidText { field: d.field()?, value: d.text()?, problem: d.text_problem()? },
            K::DuplicateName => Error::DuplicateName { kind: d.kind()?, name: d.text()?, existing: d.entity()? },
            K::DuplicateCustomerNumber => Error::DuplicateCustomerNumber { number: d.number()?, holder: d.id()? },
            K::InvalidCustomerNumber => Error::InvalidCustomerNumber { number: d.number()?, max: d.number()? },
            K::CustomerInOtherGroup => Error::CustomerInOtherGroup {
                customer: d.id()?,
                current: d.id()?,
                current_name: d.text()?,
                requested: d.id()?,
                requested_name: d.text()?,
            },
            K::NumberRangeExhausted => {
                Error::NumberRangeExhausted { series: d.series()?, start: d.number()?, end: d.number()? }
            }
            K::InvalidNumberingRange => Error::InvalidNumberingRange {
                start: d.optional_number()?,
                end: d.optional_number()?,
                problem: d.range_problem()?,
            },
            K::TooManyCostCenters => Error::TooManyCostCenters { count: narrow(d.number()?), max: narrow(d.number()?) },
            K::DuplicateCostCenter => Error::DuplicateCostCenter { code: d.text()? },
            K::EmployeeInactive => Error::EmployeeInactive { employee: d.id()? },
            K::NoSalesRights => Error::NoSalesRights { employee: d.id()? },
            K::RoleScopeMismatch => {
                Error::RoleScopeMismatch { role: d.id()?, role_scope: d.role_scope()?, subject: d.subject()? }
            }
            K::InvalidPeriod => Error::InvalidPeriod { from: d.date()?, to: d.date()? },
            K::NotResponsible => Error::NotResponsible { subject: d.subject()?, employee: d.id()? },
            K::CustomerHasProjects => Error::CustomerHasProjects { customer: d.id()?, projects: d.ids()? },
            K::RoleInUse => Error::RoleInUse { role: d.id()?, responsibilities: narrow(d.number()?) },
            K::HandoverToSelf => Error::HandoverToSelf { employee: d.id()? },
            K::StalePlan => Error::StalePlan { from: d.id()?, to: d.id()? },
            K::InvalidPercent => Error::InvalidPercent { value: u32::try_from(d.number()?).ok()? },
            K::Export => Error::Export { message: d.text()? },
            K::ExportCancelled => Error::ExportCancelled,
            K::Conflict => Error::Conflict { attempts: u32::try_from(d.number()?).ok()? },
            K::IdsExhausted => Error::IdsExhausted { kind: d.kind()? },
            K::NextIdTooLow => Error::NextIdTooLow {
                kind: d.kind()?,
                next_id: u32::try_from(d.number()?).ok()?,
                highest_id: u32::try_from(d.number()?).ok()?,
            },
            K::ExportSymlink => Error::ExportSymlink { path: d.path()? },
            K::Import => Error::Import(ImportErrors { problems: d.import_problems()? }),
            K::InvalidLimit => Error::InvalidLimit { limit: d.number()?, max: d.number()? },
            K::SeqBeyondLast => Error::SeqBeyondLast { seq: d.number()?, last_seq: d.number()? },
            K::WrongRoleScope => {
                Error::WrongRoleScope { role: d.id()?, role_scope: d.role_scope()?, needed: d.role_scope()? }
            }
            K::StaleBulkPlan => Error::StaleBulkPlan { employee: d.id()?, customers: d.ids()? },
            K::NotTeamMember => Error::NotTeamMember { team: d.id()?, employee: d.id()? },
            K::DuplicateGroupDefault => Error::DuplicateGroupDefault { employee: d.id()? },
            K::RoleInGroupDefaults => Error::RoleInGroupDefaults { role: d.id()?, groups: d.ids()? },
            K::DuplicateExternalId => {
                Error::DuplicateExternalId { kind: d.kind()?, external_id: d.text()?, existing: d.entity()? }
            }
            // The revert's refusals (a kind that none of the functions knows gives `None`; the
            // round trip of every kind is tested).
            _ => revert_from_details(kind, &mut d)?,
        })
    }
}

/// [`Error::from_details`] of the revert's refusals (kept apart so that each function stays short).
fn revert_from_details<I: Iterator<Item = Detail>>(kind: ErrorKind, d: &mut Taker<I>) -> Option<Error> {
    use ErrorKind as K;
    Some(match kind {
        K::NoSuchChangeSet => Error::NoSuchChangeSet { seq: d.number()?, last_seq: d.number()? },
        K::RevertOfRevert => Error::RevertOfRevert { seq: d.number()?, reverts: d.number()? },
        K::AlreadyReverted => Error::AlreadyReverted { seq: d.number()?, by: d.number()? },
        K::RevertConflict => Error::RevertConflict { seq: d.number()?, later: d.numbers()? },
        K::RevertStateUnknown => Error::RevertStateUnknown { seq: d.number()? },
        K::NothingToRevert => Error::NothingToRevert { seq: d.number()? },
        K::Referenced => Error::Referenced { entity: d.entity()?, by: d.entity()? },
        _ => return None,
    })
}

/// [`Error::from_details`] of the store failures (kept apart so that each function stays short).
fn store_from_details<I: Iterator<Item = Detail>>(kind: ErrorKind, d: &mut Taker<I>) -> Option<Error> {
    use ErrorKind as K;
    Some(match kind {
        K::StoreIo => StoreError::Io { operation: d.text()?, message: d.text()? }.into(),
        K::StoreCorrupt => StoreError::Corrupt { detail: d.text()? }.into(),
        K::StoreCorruptFile => {
            StoreError::CorruptFile { path: d.path()?, offset: d.number()?, detail: d.text()? }.into()
        }
        K::NotAStore => StoreError::NotAStore { path: d.path()?, reason: d.text()? }.into(),
        K::UnsupportedVersion => StoreError::UnsupportedVersion {
            path: d.path()?,
            found: u32::try_from(d.number()?).ok()?,
            supported: u32::try_from(d.number()?).ok()?,
        }
        .into(),
        K::StoreLocked => StoreError::Locked { path: d.path()? }.into(),
        K::StoreNeedsReopen => StoreError::NeedsReopen { cause: d.text()? }.into(),
        K::StoreFailed => StoreError::Failed(d.text()?).into(),
        K::StoreConflict => StoreError::Conflict { seq: d.number()?, head: d.number()? }.into(),
        K::StoreUsedAfterFork => StoreError::UsedAfterFork {
            opened_in: u32::try_from(d.number()?).ok()?,
            used_in: u32::try_from(d.number()?).ok()?,
        }
        .into(),
        K::StoreOutcomeUnknown => StoreError::OutcomeUnknown { seq: d.number()?, cause: d.text()? }.into(),
        _ => return None,
    })
}

/// The id of `entity` when it names a `T`.
fn typed<T: Id>(entity: EntityRef) -> Option<T> {
    (entity.kind() == T::KIND).then(|| T::from_raw(entity.raw()))
}

/// Takes typed values off a sequence of details, for [`Error::from_details`].
struct Taker<I>(I);

macro_rules! takers {
    ($($name:ident -> $ty:ty: $variant:ident),* $(,)?) => {
        impl<I: Iterator<Item = Detail>> Taker<I> {
            $(fn $name(&mut self) -> Option<$ty> {
                match self.0.next()? {
                    Detail::$variant(value) => Some(value),
                    _ => None,
                }
            })*

            /// An id of the kind the caller needs.
            fn id<T: Id>(&mut self) -> Option<T> {
                typed(self.entity()?)
            }

            fn ids<T: Id>(&mut self) -> Option<Vec<T>> {
                self.entities()?.into_iter().map(typed).collect()
            }

            /// A path, given as a path or (by a binding that carries paths as text) as text.
            fn path(&mut self) -> Option<PathBuf> {
                match self.0.next()? {
                    Detail::Path(path) => Some(path),
                    Detail::Text(text) => Some(text.into()),
                    _ => None,
                }
            }
        }
    };
}

takers! {
    entity -> EntityRef: Entity,
    entities -> Vec<EntityRef>: Entities,
    kind -> EntityKind: EntityKind,
    subject -> Subject: Subject,
    series -> SeriesId: Series,
    role_scope -> RoleScope: RoleScope,
    field -> Field: Field,
    text_problem -> TextProblem: TextProblem,
    range_problem -> RangeProblem: RangeProblem,
    text -> String: Text,
    number -> u64: Number,
    numbers -> Vec<u64>: Numbers,
    optional_number -> Option<u64>: OptionalNumber,
    date -> Date: Date,
    import_problems -> Vec<ImportProblem>: ImportProblems,
}

impl StoreError {
    /// Whether the handle that gave this error refuses every later write until the store is
    /// reopened: [`StoreError::NeedsReopen`] and [`StoreError::OutcomeUnknown`].
    pub fn needs_reopen(&self) -> bool {
        matches!(self, StoreError::NeedsReopen { .. } | StoreError::OutcomeUnknown { .. })
    }

    /// The store failure's kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::Io { .. } => ErrorKind::StoreIo,
            StoreError::Corrupt { .. } => ErrorKind::StoreCorrupt,
            StoreError::CorruptFile { .. } => ErrorKind::StoreCorruptFile,
            StoreError::NotAStore { .. } => ErrorKind::NotAStore,
            StoreError::UnsupportedVersion { .. } => ErrorKind::UnsupportedVersion,
            StoreError::Locked { .. } => ErrorKind::StoreLocked,
            StoreError::NeedsReopen { .. } => ErrorKind::StoreNeedsReopen,
            StoreError::Failed(_) => ErrorKind::StoreFailed,
            StoreError::Conflict { .. } => ErrorKind::StoreConflict,
            StoreError::UsedAfterFork { .. } => ErrorKind::StoreUsedAfterFork,
            StoreError::OutcomeUnknown { .. } => ErrorKind::StoreOutcomeUnknown,
        }
    }

    /// The values the failure carries; see [`Error::details`].
    pub fn details(&self) -> Details {
        use Detail as D;
        let text = |s: &String| D::Text(s.clone());
        let path = |p: &PathBuf| D::Path(p.clone());
        match self {
            StoreError::Io { operation, message } => vec![("operation", text(operation)), ("message", text(message))],
            StoreError::Corrupt { detail } | StoreError::Failed(detail) => vec![("detail", text(detail))],
            StoreError::CorruptFile { path: p, offset, detail } => {
                vec![("path", path(p)), ("offset", D::Number(*offset)), ("detail", text(detail))]
            }
            StoreError::NotAStore { path: p, reason } => vec![("path", path(p)), ("reason", text(reason))],
            StoreError::UnsupportedVersion { path: p, found, supported } => vec![
                ("path", path(p)),
                ("found", D::Number(u64::from(*found))),
                ("supported", D::Number(u64::from(*supported))),
            ],
            StoreError::Locked { path: p } => vec![("path", path(p))],
            StoreError::NeedsReopen { cause } => vec![("cause", text(cause))],
            StoreError::Conflict { seq, head } => vec![("seq", D::Number(*seq)), ("head", D::Number(*head))],
            StoreError::UsedAfterFork { opened_in, used_in } => {
                vec![("opened_in", D::Number(u64::from(*opened_in))), ("used_in", D::Number(u64::from(*used_in)))]
            }
            StoreError::OutcomeUnknown { seq, cause } => vec![("seq", D::Number(*seq)), ("cause", text(cause))],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ProjectId, SpecialGroupId};
    use std::collections::HashSet;

    /// One error of every kind.
    fn one_of_each_kind() -> Vec<Error> {
        let (c, g, e, r, p) = (CustomerId(1), CustomerGroupId(2), EmployeeId(3), RoleId(4), ProjectId(5));
        let date = |d| Date::new(2026, 1, d).unwrap();
        vec![
            Error::NotFound(EntityRef::Project(p)),
            Error::InvalidText {
                field: Field::Email,
                value: "a b".into(),
                problem: TextProblem::TooLong { len: 3, max: 2 },
            },
            Error::DuplicateName {
                kind: EntityKind::SpecialGroup,
                name: "VIP".into(),
                existing: SpecialGroupId(2).into(),
            },
            Error::DuplicateCustomerNumber { number: 5, holder: c },
            Error::InvalidCustomerNumber { number: 0, max: crate::MAX_CUSTOMER_NUMBER },
            Error::CustomerInOtherGroup {
                customer: c,
                current: g,
                current_name: "Pohjoinen".into(),
                requested: CustomerGroupId(3),
                requested_name: "Etelä".into(),
            },
            Error::NumberRangeExhausted { series: SeriesId::Group(g), start: 10, end: 11 },
            Error::InvalidNumberingRange { start: None, end: Some(3), problem: RangeProblem::EndWithoutStart },
            Error::TooManyCostCenters { count: 5, max: 4 },
            Error::DuplicateCostCenter { code: "K1".into() },
            Error::EmployeeInactive { employee: e },
            Error::NoSalesRights { employee: e },
            Error::RoleScopeMismatch { role: r, role_scope: RoleScope::Project, subject: Subject::Customer(c) },
            Error::InvalidPeriod { from: date(2), to: date(1) },
            Error::NotResponsible { subject: Subject::Project(p), employee: e },
            Error::CustomerHasProjects { customer: c, projects: vec![p, ProjectId(6)] },
            Error::RoleInUse { role: r, responsibilities: 3 },
            Error::HandoverToSelf { employee: e },
            Error::StalePlan { from: e, to: EmployeeId(9) },
            Error::InvalidPercent { value: 101 },
            Error::Export { message: "permission denied".into() },
            Error::ExportCancelled,
            Error::Conflict { attempts: 16 },
            Error::IdsExhausted { kind: EntityKind::Customer },
            Error::NextIdTooLow { kind: EntityKind::Employee, next_id: 3, highest_id: 7 },
            Error::ExportSymlink { path: "/tmp/link.xlsx".into() },
            Error::Import(ImportErrors {
                problems: vec![ImportProblem {
                    file: "asiakkaat.csv".into(),
                    sheet: None,
                    row: Some(3),
                    column: Some("Sähköposti".into()),
                    kind: ImportProblemKind::BadText,
                    reason: "not an email address".into(),
                }],
            }),
            Error::InvalidLimit { limit: 0, max: 1000 },
            Error::SeqBeyondLast { seq: 12, last_seq: 10 },
            Error::WrongRoleScope { role: r, role_scope: RoleScope::Project, needed: RoleScope::Customer },
            Error::StaleBulkPlan { employee: e, customers: vec![c, CustomerId(8)] },
            Error::NotTeamMember { team: TeamId(7), employee: e },
            Error::DuplicateGroupDefault { employee: e },
            Error::RoleInGroupDefaults { role: r, groups: vec![g, CustomerGroupId(7)] },
            Error::NoSuchChangeSet { seq: 0, last_seq: 4 },
            Error::RevertOfRevert { seq: 4, reverts: 2 },
            Error::AlreadyReverted { seq: 2, by: 4 },
            Error::RevertConflict { seq: 2, later: vec![3, 5] },
            Error::RevertStateUnknown { seq: 2 },
            Error::NothingToRevert { seq: 3 },
            Error::Referenced { entity: g.into(), by: c.into() },
            Error::DuplicateExternalId { kind: EntityKind::Customer, external_id: "CRM-1".into(), existing: c.into() },
            StoreError::Io { operation: "write journal".into(), message: "disk full".into() }.into(),
            StoreError::Corrupt { detail: "bad checksum".into() }.into(),
            StoreError::CorruptFile { path: "/v/journal".into(), offset: 4096, detail: "checksum".into() }.into(),
            StoreError::NotAStore { path: "/tmp/x.txt".into(), reason: "a file".into() }.into(),
            StoreError::UnsupportedVersion { path: "/v".into(), found: 9, supported: 1 }.into(),
            StoreError::Locked { path: "/v".into() }.into(),
            StoreError::NeedsReopen { cause: "rollback failed".into() }.into(),
            StoreError::Failed("refused".into()).into(),
            StoreError::Conflict { seq: 8, head: 9 }.into(),
            StoreError::UsedAfterFork { opened_in: 100, used_in: 101 }.into(),
            StoreError::OutcomeUnknown { seq: 12, cause: "fsync failed, then truncation failed".into() }.into(),
        ]
    }

    #[test]
    fn every_kind_has_an_error_and_a_unique_stable_code() {
        let kinds: Vec<ErrorKind> = one_of_each_kind().iter().map(Error::kind).collect();
        assert_eq!(kinds, ErrorKind::ALL);
        let codes: HashSet<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        for &kind in ErrorKind::ALL {
            assert!(kind.code().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{kind:?}");
            assert_eq!(ErrorKind::from_code(kind.code()), Some(kind));
            assert_eq!(kind.is_store(), kind >= ErrorKind::StoreIo);
        }
        // Codes are part of the API: a few written out, so a change shows in review.
        assert_eq!(ErrorKind::NotFound.code(), "not_found");
        assert_eq!(ErrorKind::Export.code(), "export_failed");
        assert_eq!(ErrorKind::UnsupportedVersion.code(), "unsupported_store_version");
    }

    #[test]
    fn details_give_back_the_error() {
        for error in one_of_each_kind() {
            let details = error.details();
            let again = Error::from_details(error.kind(), details.iter().map(|(_, d)| d.clone()));
            assert_eq!(again.as_ref(), Some(&error), "{details:?}");
        }
        let named: Vec<&str> = one_of_each_kind()[5].details().into_iter().map(|(name, _)| name).collect();
        assert_eq!(named, ["customer", "current", "current_name", "requested", "requested_name"]);
    }

    #[test]
    fn long_values_are_quoted_with_their_length() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(quote(&"ä".repeat(64)), "ä".repeat(64));
        assert_eq!(quote(&"ä".repeat(65)), format!("{}… (65 characters)", "ä".repeat(64)));
        let err = Error::invalid_text(Field::CustomerName, &"x".repeat(1_000_000), TextProblem::Empty);
        assert!(err.to_string().ends_with("… (1,000,000 characters)\")"), "{err}");
        // A stale bulk plan names at most five customers, and how many more.
        let stale =
            |n: u32| Error::StaleBulkPlan { employee: EmployeeId(1), customers: (1..=n).map(CustomerId).collect() };
        assert!(stale(2).to_string().contains("for customer #1, customer #2 since"), "{}", stale(2));
        assert!(stale(1_007).to_string().contains("customer #5 and 1,002 more since"), "{}", stale(1_007));
    }

    #[test]
    fn details_of_another_kind_are_refused() {
        let not_found = Error::NotFound(EntityRef::Customer(CustomerId(1))).details().into_iter().map(|(_, d)| d);
        assert_eq!(Error::from_details(ErrorKind::HandoverToSelf, not_found.clone()), None);
        assert_eq!(Error::from_details(ErrorKind::InvalidPeriod, not_found), None);
        assert_eq!(Error::from_details(ErrorKind::NotFound, []), None);
    }
}
