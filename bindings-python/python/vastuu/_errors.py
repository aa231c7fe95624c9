"""The exceptions of vastuu.

Every failure of a call is a :class:`VastuuError`. Each kind of failure has its own subclass that
carries the ids and values explaining it as attributes, and also derives the builtin exception
that fits: :class:`KeyError` for an unknown id, :class:`ValueError` for input that is not
acceptable, :class:`LookupError` for a missing responsibility. A call that raised has changed
nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Tuple, Union

if TYPE_CHECKING:
    import datetime
    import pathlib

    from ._enums import EntityKind, Field, RangeProblem, RoleScope, TextProblem
    from ._vastuu import (
        ImportProblem,
        CustomerGroupId,
        CustomerId,
        EmployeeId,
        ProjectId,
        RoleId,
        SpecialGroupId,
        TeamId,
    )

    _AnyId = Union[
        EmployeeId, TeamId, RoleId, CustomerId, ProjectId, CustomerGroupId, SpecialGroupId
    ]

__all__ = [
    "AlreadyRevertedError",
    "ConflictError",
    "CustomerHasProjectsError",
    "CustomerInOtherGroupError",
    "DirectoryClosedError",
    "DirectoryPoisonedError",
    "DuplicateCostCenterError",
    "DuplicateGroupDefaultError",
    "DuplicateCustomerNumberError",
    "DuplicateExternalIdError",
    "DuplicateNameError",
    "EmployeeInactiveError",
    "ExportError",
    "ExportSymlinkError",
    "HandoverToSelfError",
    "IdsExhaustedError",
    "ImportFailedError",
    "InvalidCustomerNumberError",
    "InvalidLimitError",
    "InvalidNumberingRangeError",
    "InvalidPercentError",
    "InvalidPeriodError",
    "InvalidTextError",
    "NextIdTooLowError",
    "NoSalesRightsError",
    "NoSuchChangeSetError",
    "NotAStoreError",
    "NotFoundError",
    "NotResponsibleError",
    "NotTeamMemberError",
    "NothingToRevertError",
    "NumberRangeExhaustedError",
    "ReferencedError",
    "RevertConflictError",
    "RevertOfRevertError",
    "RevertStateUnknownError",
    "RoleInGroupDefaultsError",
    "RoleInUseError",
    "RoleScopeMismatchError",
    "SeqBeyondLastError",
    "StaleBulkPlanError",
    "StalePlanError",
    "StoreCorruptError",
    "StoreCorruptFileError",
    "StoreError",
    "StoreIoError",
    "StoreLockedError",
    "StoreNeedsReopenError",
    "StoreOutcomeUnknownError",
    "StoreUsedAfterForkError",
    "TooManyCostCentersError",
    "TransactionBusyError",
    "UnsupportedVersionError",
    "VastuuError",
    "WrongRoleScopeError",
]


class VastuuError(Exception):
    """Base class of every error raised by vastuu.

    ``str(err)`` (also ``err.message``) explains the failure in English; ``err.code`` names its
    kind with a stable string (``"not_found"``, ``"store_locked"``, ...); the subclasses carry
    the ids and values as attributes. Raised as it is (not as a subclass) only for an internal
    error of the library outside any directory.
    """

    message: str
    code: str
    """The kind of failure, stable across versions (empty for an error made by hand)."""

    def __init__(self, message: str, **attributes: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = ""
        for name, value in attributes.items():
            setattr(self, name, value)

    def __str__(self) -> str:
        return self.message


class NotFoundError(VastuuError, KeyError):
    """The id names no existing entity."""

    kind: EntityKind
    """The kind of entity looked for."""
    id: _AnyId
    """The id given."""


class InvalidTextError(VastuuError, ValueError):
    """A name or other text field is not acceptable."""

    field: Field
    value: str
    """The value as given, or, when longer than 64 characters, its first 64 characters, ``…``
    and its length (``"xxx… (1,000,000 characters)"``)."""
    problem: TextProblem
    length: Optional[int]
    """Length in characters after trimming, for :attr:`TextProblem.TOO_LONG`."""
    max_length: Optional[int]
    """The limit, for :attr:`TextProblem.TOO_LONG`."""
    position: Optional[int]
    """Position (0-based, after trimming) of the first refused character, for
    :attr:`TextProblem.CONTROL_CHARACTER`, :attr:`TextProblem.BIDI_CONTROL`,
    :attr:`TextProblem.ZERO_WIDTH` and :attr:`TextProblem.LINE_SEPARATOR`."""


class DuplicateNameError(VastuuError, ValueError):
    """Another entity of the same kind already has this name (case-insensitively; role names
    within the role's scope)."""

    kind: EntityKind
    name: str
    existing: _AnyId
    """The entity that already has the name."""


class DuplicateExternalIdError(VastuuError, ValueError):
    """Another entity of the same kind already has this external id (compared exactly,
    case-sensitively)."""

    kind: EntityKind
    external_id: str
    existing: _AnyId
    """The entity that already has the key."""


class DuplicateCustomerNumberError(VastuuError, ValueError):
    """The customer number is already held by another customer."""

    number: int
    holder: CustomerId


class InvalidCustomerNumberError(VastuuError, ValueError):
    """A customer number outside ``1..=MAX_CUSTOMER_NUMBER``."""

    number: int
    max: int


class CustomerInOtherGroupError(VastuuError, ValueError):
    """The customer already belongs to another customer group and the call did not ask to move
    it (see :meth:`Directory.move_customer_to_group` and ``move_customers=True``)."""

    customer: CustomerId
    current_group: CustomerGroupId
    current_group_name: str
    requested_group: CustomerGroupId
    requested_group_name: str


class NumberRangeExhaustedError(VastuuError):
    """The numbering series has no free customer number left."""

    series: Optional[CustomerGroupId]
    """The group whose series is used up, or ``None`` for the default series."""
    start: int
    end: int


class InvalidNumberingRangeError(VastuuError, ValueError):
    """A numbering start/end that makes no series."""

    start: Optional[int]
    end: Optional[int]
    problem: RangeProblem


class TooManyCostCentersError(VastuuError, ValueError):
    """More cost centers than a customer group can have."""

    count: int
    max: int


class DuplicateCostCenterError(VastuuError, ValueError):
    """The same cost center code was given twice."""

    code: str


class DuplicateGroupDefaultError(VastuuError, ValueError):
    """A customer group's default team lists the same employee twice."""

    employee: EmployeeId


class EmployeeInactiveError(VastuuError, ValueError):
    """Inactive employees get no new responsibilities, roles or salesperson places."""

    employee: EmployeeId


class NoSalesRightsError(VastuuError, ValueError):
    """Only employees with sales rights can be a customer group's salespeople."""

    employee: EmployeeId


class RoleScopeMismatchError(VastuuError, ValueError):
    """A customer role used on a project, or a project role used on a customer."""

    role: RoleId
    role_scope: RoleScope
    subject: Union[CustomerId, ProjectId]


class WrongRoleScopeError(VastuuError, ValueError):
    """A role of the other scope than the call takes: a bulk assignment gives customer roles."""

    role: RoleId
    role_scope: RoleScope
    """The role's scope."""
    needed: RoleScope
    """The scope the call takes."""


class InvalidPeriodError(VastuuError, ValueError):
    """A validity period whose start is after its end."""

    valid_from: datetime.date
    valid_to: datetime.date


class NotTeamMemberError(VastuuError, ValueError):
    """A team lead who is not a member of the team: leads are chosen among its members."""

    team: TeamId
    employee: EmployeeId
    """The employee who is not in the team."""


class NotResponsibleError(VastuuError, LookupError):
    """The call needs an existing responsibility and there is none."""

    subject: Union[CustomerId, ProjectId]
    employee: EmployeeId


class CustomerHasProjectsError(VastuuError):
    """A customer with projects cannot be deleted; delete the projects first, or archive it."""

    customer: CustomerId
    projects: Tuple[ProjectId, ...]


class RoleInUseError(VastuuError):
    """A role's scope cannot change while responsibilities hold the role."""

    role: RoleId
    responsibilities: int
    """How many responsibilities hold it."""


class RoleInGroupDefaultsError(VastuuError):
    """A role's scope cannot change while customer groups' default teams give it."""

    role: RoleId
    groups: Tuple[CustomerGroupId, ...]
    """The groups whose default team gives it, by id."""


class StoreError(VastuuError):
    """The store failed or refused: a change could not be persisted (nothing was changed), or a
    store could not be opened. Raised as it is for a refusal without a class of its own (e.g.
    compacting inside a transaction)."""

    detail: str
    """What went wrong (for the subclasses, the same as the message or the part of it that
    describes the failure)."""


class StoreIoError(StoreError, OSError):
    """An I/O operation of the store failed."""

    operation: str
    """What was being done."""


class StoreCorruptError(StoreError):
    """Stored data is damaged or not in the expected form."""


class StoreCorruptFileError(StoreCorruptError):
    """A store file is damaged at a known place: a record whose checksum does not match, or that
    cannot be decoded, with valid data after it. The file is left as it is."""

    path: pathlib.Path
    """The damaged file."""
    offset: int
    """Byte offset of the damaged header or record."""


class NotAStoreError(StoreError):
    """The path holds something that is not a vastuu store (a file where a store folder was
    expected, a folder of other files, another program's database). It was left untouched."""

    path: pathlib.Path
    reason: str
    """What was found there."""


class UnsupportedVersionError(StoreError):
    """The store was written in a newer format than this version of the library reads."""

    path: pathlib.Path
    found: int
    """The store's format version."""
    supported: int
    """The newest version this library reads."""


class StoreLockedError(StoreError):
    """Another directory (in this or another process) has the store open. Close that one
    (:meth:`Directory.close`, or leave its ``with`` block) and try again."""

    path: pathlib.Path


class StoreNeedsReopenError(StoreError):
    """An earlier write failed and could not be undone, so the store refuses further writes;
    close the directory and open it again to continue from what was durably written."""

    cause: str
    """The failure that could not be undone."""


class StoreOutcomeUnknownError(StoreNeedsReopenError):
    """Storing change set :attr:`seq` failed and undoing the failed write failed too, so the
    change may or may not be in the store. The directory did not apply it and refuses later
    writes (as :class:`StoreNeedsReopenError`, which this is a kind of). Close the directory and
    open it again: the change was stored exactly when the reopened directory's
    :attr:`~Directory.last_seq` is :attr:`seq` or later. Retrying blindly could store it twice."""

    seq: int
    """The sequence number the change set was to have."""
    cause: str
    """What failed."""


class StoreUsedAfterForkError(StoreError):
    """The directory's store was opened in another process, of which this one is a forked child
    (:func:`os.fork`, :mod:`multiprocessing` with the ``fork`` start method, a server that loads
    the application before forking its workers). A child must not use its parent's files, locks
    or connections: nothing was read or written, and the parent's directory is unaffected. Open
    the store again in this process.

    Raised when a child reaches a store the package could not close at the fork (see
    :class:`DirectoryClosedError`), for example after a fork made outside Python."""

    opened_in: int
    """The process that opened the store (the parent)."""
    used_in: int
    """This process (the forked child)."""


class DirectoryClosedError(VastuuError, ValueError):
    """The directory was closed (:meth:`Directory.close`); open it again to use it.

    Also raised in a process forked from the one that opened the directory's store (a file
    store, SQLite or PostgreSQL): the package closes every such directory in the child right
    after the fork, and the message says it was opened in the parent process. A directory in
    memory is not closed: the child has its own copy of it."""

    opened_in: Optional[int] = None
    """For a directory closed by a fork: the process that opened it (the parent)."""
    used_in: Optional[int] = None
    """For a directory closed by a fork: this process (the forked child)."""


class DirectoryPoisonedError(VastuuError, RuntimeError):
    """A call hit an internal error of the library (a bug), so the directory's memory may no
    longer match its store: the directory was dropped, and this call and every later one raise
    this error until the store is opened again (:meth:`Directory.open`)."""

    panic_message: str
    """What the internal error said."""


class TransactionBusyError(VastuuError, RuntimeError):
    """Another context's transaction is open on this directory and was begun or used on this
    thread (another asyncio task of the same event loop): waiting here for it to end would block
    the thread that has to end it, so the call raises at once and changed nothing. Run it after
    the transaction ends, or inside it."""


class ConflictError(VastuuError, RuntimeError):
    """Other directories on the same store (other processes, or other handles of a shared
    store) kept storing their changes while this call stored its own: it caught up and tried
    again :attr:`attempts` times, and changed nothing. A ``with d.transaction():`` block that
    meets another writer's change is rolled back with this error after one attempt (the block
    is not run again for you; :meth:`Directory.run_transaction` does that). The directory is
    now up to date, so calling again usually succeeds."""

    attempts: int
    """How many times the change was planned and refused."""


class HandoverToSelfError(VastuuError, ValueError):
    """A handover from an employee to the same employee."""

    employee: EmployeeId


class StalePlanError(VastuuError):
    """The directory changed since the handover plan was made, so the plan no longer says what
    applying it would do; nothing was applied. Plan again and review the new preview."""

    from_: EmployeeId
    """The employee handing over."""
    to: EmployeeId
    """The employee taking over."""


class StaleBulkPlanError(VastuuError):
    """The directory changed since the bulk plan was made, so that the plan no longer says what
    applying it would do for some customers (what changes for them, why they are skipped, or
    whether the filter selects them); nothing was applied. Plan again and review the new
    preview."""

    employee: EmployeeId
    """The plan's employee."""
    customers: Tuple[CustomerId, ...]
    """The customers for which the plan changed, by id."""


class InvalidPercentError(VastuuError, ValueError):
    """A percentage outside ``0..=100``."""

    value: int
    """The value as given."""


class ExportError(VastuuError, OSError):
    """Writing an Excel export failed (e.g. its path cannot be written). No file was written."""

    detail: str
    """What went wrong."""


class ExportSymlinkError(VastuuError, OSError):
    """The path of a file export is a symbolic link and the call did not ask to write through
    it (``follow_symlinks=True``). Nothing was written."""

    path: pathlib.Path
    """The path given."""


class IdsExhaustedError(VastuuError, RuntimeError):
    """Every id of a kind of entity is taken (the next one would be past ``2**32 - 2``);
    nothing was created."""

    kind: EntityKind
    """The kind of entity that could not be created."""


class NextIdTooLowError(VastuuError, ValueError):
    """Imported data whose next id of a kind is not above every id of that kind it holds (a new
    entity would take an existing one's id); nothing was imported."""

    kind: EntityKind
    """The kind of entity."""
    next_id: int
    """The next id the data gives."""
    highest_id: int
    """The highest id of that kind in the data."""


class InvalidLimitError(VastuuError, ValueError):
    """A page of the change feed (``Directory.changes_since``) asked for with a limit of 0 or
    above ``MAX_CHANGES_LIMIT``."""

    limit: int
    """The limit as given."""
    max: int
    """The largest limit allowed."""


class SeqBeyondLastError(VastuuError, ValueError):
    """Change sets asked for after a sequence number beyond the directory's last change set
    (``Directory.changes_since``): the cursor does not come from this directory's store
    (another store, or one restored from an older copy)."""

    seq: int
    """The sequence number as given."""
    last_seq: int
    """The directory's last sequence number."""


class ImportFailedError(VastuuError, ValueError):
    """An import found problems (a file that cannot be read, wrong headers, bad rows); nothing
    was imported. Every problem found is listed, not only the first."""

    problems: Tuple[ImportProblem, ...]
    """Each problem with its file, sheet, row, column, kind and reason, in row order."""


class NoSuchChangeSetError(VastuuError, ValueError):
    """A change set asked for by a number that is not one of the directory's (0, or beyond its
    last change set), e.g. to revert it; nothing changed."""

    seq: int
    """The sequence number as given."""
    last_seq: int
    """The directory's last sequence number."""


class RevertOfRevertError(VastuuError, ValueError):
    """A revert of a change set that is itself a revert; nothing changed. To have the edits it
    undid again, make them anew."""

    seq: int
    """The change set asked to be reverted."""
    reverts: int
    """The change set it reverts."""


class AlreadyRevertedError(VastuuError, ValueError):
    """A revert of a change set a later change set already reverted; nothing changed."""

    seq: int
    """The change set asked to be reverted."""
    by: int
    """The change set that reverted it."""


class RevertConflictError(VastuuError):
    """A revert of a change set whose entities later change sets touched too; nothing changed.
    ``revert(seq, force=True)`` puts the states from before it back anyway, undoing those later
    edits of the same entities."""

    seq: int
    """The change set asked to be reverted."""
    later: Tuple[int, ...]
    """The later change sets changing the same entities, oldest first."""


class RevertStateUnknownError(VastuuError):
    """A revert of a change set touching an entity whose state before it is not in the history:
    no earlier change set touched it, and the directory began from data. Nothing changed."""

    seq: int
    """The change set asked to be reverted."""


class NothingToRevertError(VastuuError):
    """A revert of a change set whose entities all are as they were before it; nothing was
    written."""

    seq: int
    """The change set asked to be reverted."""


class ReferencedError(VastuuError):
    """An entity a revert would delete while another entity, which the revert leaves as it is,
    refers to it; nothing changed."""

    kind: EntityKind
    """The kind of the entity that would be deleted."""
    id: _AnyId
    """The entity that would be deleted."""
    by: _AnyId
    """An entity referring to it (for a responsibility: its employee, or its customer or
    project)."""
