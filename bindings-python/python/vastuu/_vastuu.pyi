"""Type stubs of the compiled module ``vastuu._vastuu`` (written by hand, checked by
``python -m mypy.stubtest vastuu``). One section per area of the API."""

import datetime
import os
import pathlib
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, TypeVar, final, overload

from typing_extensions import Self, TypeAlias

from ._enums import (
    ArchivedFilter,
    BulkAction,
    BulkSkipReason,
    ChangeKind,
    CustomerStatus,
    HandoverMode,
    ImportFormat,
    ImportItemKind,
    ImportKind,
    ImportProblemKind,
    Language,
    RepairKind,
    RoleScope,
    SkipReason,
    SpecialGroupMatch,
    StoreBackend,
    Toggled,
    VisibilityReason,
)
from ._export import ExportBytes, ExportResult

__all__ = [
    "__version__",
    "MAX_CUSTOMER_NUMBER",
    "MAX_NAME_LEN",
    "MAX_EMAIL_LEN",
    "MAX_DESCRIPTION_LEN",
    "MAX_COST_CENTERS",
    "FORMAT_VERSION",
    "SQLITE_SCHEMA_VERSION",
    "MAX_CHANGES_LIMIT",
    "FEED_VERSION",
    "EmployeeId",
    "TeamId",
    "RoleId",
    "CustomerId",
    "ProjectId",
    "CustomerGroupId",
    "SpecialGroupId",
    "Directory",
    "Repair",
    "SalvageReport",
    "salvage",
    "Transaction",
    "Employee",
    "Team",
    "Role",
    "Customer",
    "Project",
    "CustomerGroup",
    "GroupDefault",
    "SpecialGroup",
    "Period",
    "Responsibility",
    "DefaultSeries",
    "SeriesReport",
    "OverlappingRanges",
    "NumberInOtherSeries",
    "NumberingReport",
    "Change",
    "ChangeSet",
    "FeedPage",
    "RevertPlan",
    "HandoverPlan",
    "BulkChange",
    "BulkPlan",
    "BulkSkipped",
    "ImportItem",
    "ImportProblem",
    "ImportReport",
    "ResponsibilityStep",
    "SalespersonPlaceStep",
    "SkippedItem",
    "InactiveHolder",
    "SalespersonWithoutRights",
    "EndingResponsibility",
    "SeriesNearExhaustion",
    "CustomerFilter",
    "Page",
    "RoleRef",
    "CustomerSummary",
    "CustomerPage",
    "MatrixRow",
    "MatrixColumn",
    "MatrixCell",
    "Matrix",
    "ResponsiblePersonRow",
    "ResponsiblePersonsPage",
    "ResponsiblePerson",
    "GroupListing",
    "GroupCount",
    "Visibility",
    "NextIds",
    "Data",
    "GeneratorConfig",
    "generate",
]

__version__: str

_Subject: TypeAlias = CustomerId | ProjectId
_Path: TypeAlias = str | os.PathLike[str]
_Progress: TypeAlias = Callable[[int, int], object]
_T = TypeVar("_T")
"""Called as ``progress(rows_written, total)`` while an export writes; raising stops the export."""
_HistoryKey: TypeAlias = (
    CustomerId | EmployeeId | CustomerGroupId | SpecialGroupId | RoleId | TeamId | ProjectId
)

# ---- limits --------------------------------------------------------------------------------

MAX_CUSTOMER_NUMBER: int
"""The largest customer number (15 digits, exact as an Excel number)."""
MAX_NAME_LEN: int
MAX_EMAIL_LEN: int
MAX_DESCRIPTION_LEN: int
MAX_COST_CENTERS: int
FORMAT_VERSION: int
"""The newest file store format version this library reads and writes."""
SQLITE_SCHEMA_VERSION: int
"""The newest SQLite store schema version this library reads and writes."""
MAX_CHANGES_LIMIT: int
"""The largest ``limit`` of ``Directory.changes_since`` (1000)."""
FEED_VERSION: int
"""The version of the change feed's JSON document ``ChangeSet.to_json`` writes."""

# ---- ids -----------------------------------------------------------------------------------
# Each kind of id is its own class: a CustomerId is refused (TypeError) where an EmployeeId is
# expected. `int(id)` gives the raw number; ids compare, sort and hash by kind and number.

class _Id:
    def __new__(cls, value: int) -> Self: ...
    def __int__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __lt__(self, other: Self, /) -> bool: ...
    def __le__(self, other: Self, /) -> bool: ...
    def __gt__(self, other: Self, /) -> bool: ...
    def __ge__(self, other: Self, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[type[Self], tuple[int]]: ...

@final
class EmployeeId(_Id): ...

@final
class TeamId(_Id): ...

@final
class RoleId(_Id): ...

@final
class CustomerId(_Id): ...

@final
class ProjectId(_Id): ...

@final
class CustomerGroupId(_Id): ...

@final
class SpecialGroupId(_Id): ...

# ---- rows ----------------------------------------------------------------------------------
# Immutable records with attributes, repr, equality, hashing and `to_dict()` (plain values: ids
# as ints, enums as their values, tuples as lists), so `pandas.DataFrame([r.to_dict() for r in
# rows])` works as it is. Every row pickles (and so deep-copies and crosses to other processes).

class _Row:
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Callable[[bytes], Self], tuple[bytes]]: ...
    def to_dict(self) -> dict[str, Any]:
        """The row as a dict of plain values."""

# ---- directory and transactions -------------------------------------------------------------

@final
class Directory:
    """The customer responsibility directory. Safe to share between threads; every call
    releases the GIL while it runs."""

    def __new__(cls) -> Self: ...
    @property
    def actor(self) -> str | None:
        """Who makes the following mutations (recorded in their change sets)."""
    @actor.setter
    def actor(self, value: str | None) -> None: ...
    def set_clock(self, time: datetime.datetime | None) -> None:
        """Fixes the time recorded in change sets (an aware datetime); None: the system clock."""
    @property
    def last_seq(self) -> int: ...
    def check_integrity(self) -> None: ...
    def transaction(self) -> Transaction:
        """``with d.transaction(): ...``: the mutations inside form one atomic change set. With
        other writers on the store, leaving the block may raise ConflictError: nothing of it was
        stored, the directory caught up, and the block can be run again (see run_transaction)."""
    def run_transaction(self, fn: Callable[[Directory], _T], *, attempts: int = 16) -> _T:
        """Runs ``fn(directory)`` in a transaction and commits it; when the commit meets another
        writer's change set, runs it again on the caught-up directory, at most ``attempts``
        times (then ConflictError). ``fn`` may run more than once: it should only change the
        directory. Returns what ``fn`` returned; an exception from ``fn`` rolls back and
        propagates."""
    @property
    def transaction_depth(self) -> int: ...
    def panic_next_call(self) -> None:
        """A testing aid: the next call that reaches the core panics inside the library's panic
        boundary, as a bug would; it and every later call raise DirectoryPoisonedError."""

    # -- storage
    @staticmethod
    def open(path: _Path) -> Directory:
        """Opens (or creates) the directory kept in the file store folder ``path``; the folder is
        locked until the directory is closed. Releases the GIL while reading."""
    @staticmethod
    def open_sqlite(path: _Path, *, shared: bool = False) -> Directory:
        """Opens (or creates) the directory kept in the SQLite file ``path``; the database is
        locked until the directory is closed, unless ``shared``: then other directories (other
        processes on the host) may open it shared too and all write to it. Releases the GIL while
        reading."""
    @staticmethod
    def open_postgres(
        dsn: str, *, schema: str | None = None, writer: str | None = None, poll_interval: float | None = None
    ) -> Directory:
        """Opens (or creates) the directory kept in the PostgreSQL database ``dsn`` (a libpq
        connection string or URL), in ``schema`` (default ``vastuu``). Any number of directories
        on any hosts may open it and all write to it. ``writer`` names this handle in the stored
        rows; ``poll_interval`` (seconds, default 1) bounds how stale a read can be when a change
        notification is lost. Releases the GIL while reading."""
    def sync(self) -> int:
        """Catches up with what other directories on the same store stored; returns how many
        change sets that was. Does nothing inside a transaction."""
    def compact(self) -> None:
        """Writes a snapshot to the store so that opening it does not replay every change set."""
    def close(self) -> None:
        """Releases the store and its lock; open transactions are rolled back. Later calls raise
        DirectoryClosedError. Closing again does nothing."""
    @property
    def closed(self) -> bool: ...
    @property
    def path(self) -> pathlib.Path | None:
        """The store's folder or file; None in memory."""
    @property
    def backend(self) -> StoreBackend: ...
    @property
    def open_report(self) -> list[Repair]:
        """What opening the store found and mended (a torn or damaged last journal record cut
        off, a damaged snapshot set aside, each first copied beside the store); empty when the
        store was opened as it was left."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        """Closes the directory."""

    # -- employees
    def create_employee(
        self,
        name: str,
        *,
        email: str | None = None,
        team: TeamId | None = None,
        sales_rights: bool = False,
        active: bool = True,
        sees_all: bool = False,
        external_id: str | None = None,
    ) -> EmployeeId:
        """``external_id``: the host system's key, unique among employees
        (:class:`DuplicateExternalIdError`)."""
    def update_employee(
        self,
        employee: EmployeeId,
        *,
        name: str = ...,
        email: str | None = ...,
        team: TeamId | None = ...,
        sales_rights: bool = ...,
        active: bool = ...,
        sees_all: bool = ...,
        external_id: str | None = ...,
    ) -> None:
        """Changes the fields given; leaves out the others. ``email=None`` / ``team=None`` /
        ``external_id=None`` clear."""
    def archive_employee(self, employee: EmployeeId) -> None: ...
    def reactivate_employee(self, employee: EmployeeId) -> None: ...
    def delete_employee(self, employee: EmployeeId) -> None: ...
    def employee(self, employee: EmployeeId) -> Employee: ...
    def employees(self) -> list[Employee]: ...
    def employee_by_external_id(self, external_id: str) -> Employee | None:
        """The employee with this external id (compared exactly), or ``None``."""

    # -- teams
    def create_team(self, name: str) -> TeamId: ...
    def rename_team(self, team: TeamId, name: str) -> None: ...
    def delete_team(self, team: TeamId) -> None: ...
    def set_team_leads(self, team: TeamId, leads: Iterable[EmployeeId]) -> None:
        """Makes ``leads`` the team's leads, replacing the ones it had; each must be a member of
        the team (:class:`NotTeamMemberError`). A lead sees every customer another active member
        of the team is responsible for (the customer or one of its projects) on the date."""
    def add_team_lead(self, team: TeamId, lead: EmployeeId) -> None: ...
    def remove_team_lead(self, team: TeamId, lead: EmployeeId) -> None: ...
    def team(self, team: TeamId) -> Team: ...
    def teams(self) -> list[Team]: ...

    # -- roles
    def create_role(self, name: str, scope: RoleScope, *, portal_visible: bool = False) -> RoleId: ...
    def update_role(
        self, role: RoleId, *, name: str = ..., scope: RoleScope = ..., portal_visible: bool = ...
    ) -> None: ...
    def delete_role(self, role: RoleId) -> None: ...
    def role(self, role: RoleId) -> Role: ...
    def roles(self) -> list[Role]: ...

    # -- customers
    def create_customer(
        self,
        name: str,
        *,
        number: int | None = ...,
        status: CustomerStatus = ...,
        group: CustomerGroupId | None = None,
        special_groups: Iterable[SpecialGroupId] = ...,
        external_id: str | None = None,
    ) -> CustomerId:
        """``number`` left out: the next number of the group's series (or the default series);
        ``None``: no number; an int: that number. ``external_id``: the host system's key, unique
        among customers (:class:`DuplicateExternalIdError`)."""
    def update_customer(
        self,
        customer: CustomerId,
        *,
        name: str = ...,
        status: CustomerStatus = ...,
        archived: bool = ...,
        external_id: str | None = ...,
    ) -> None:
        """Changes the fields given; ``external_id=None`` clears the key."""
    def archive_customer(self, customer: CustomerId) -> None: ...
    def unarchive_customer(self, customer: CustomerId) -> None: ...
    def set_customer_number(self, customer: CustomerId, number: int | None) -> None: ...
    def renumber_customer(self, customer: CustomerId) -> int: ...
    def delete_customer(self, customer: CustomerId) -> None: ...
    def customer(self, customer: CustomerId) -> Customer: ...
    def customers(self) -> list[Customer]: ...
    def customer_by_number(self, number: int) -> Customer | None: ...
    def customer_by_external_id(self, external_id: str) -> Customer | None:
        """The customer with this external id (compared exactly), or ``None``."""

    # -- projects
    def create_project(self, customer: CustomerId, name: str, *, external_id: str | None = None) -> ProjectId: ...
    def update_project(
        self, project: ProjectId, *, name: str = ..., archived: bool = ..., external_id: str | None = ...
    ) -> None: ...
    def project_by_external_id(self, external_id: str) -> Project | None:
        """The project with this external id (compared exactly), or ``None``."""
    def archive_project(self, project: ProjectId) -> None: ...
    def delete_project(self, project: ProjectId) -> None: ...
    def project(self, project: ProjectId) -> Project: ...
    def projects(self) -> list[Project]: ...
    def projects_of(self, customer: CustomerId) -> list[Project]: ...

    # -- customer groups
    def create_customer_group(
        self,
        name: str,
        *,
        numbering_start: int | None = None,
        numbering_end: int | None = None,
        ledger_account: str | None = None,
        cost_centers: Iterable[str] = ...,
        salespeople: Iterable[EmployeeId] = ...,
        customers: Iterable[CustomerId] = ...,
        move_customers: bool = False,
        default_team: Iterable[GroupDefault] = ...,
        external_id: str | None = None,
    ) -> CustomerGroupId:
        """Creates a customer group with its salespeople, default team and customers, atomically;
        the customers get the default team (see :meth:`set_group_default_team`)."""
    def update_customer_group(
        self,
        group: CustomerGroupId,
        *,
        name: str = ...,
        numbering_start: int | None = ...,
        numbering_end: int | None = ...,
        ledger_account: str | None = ...,
        cost_centers: Iterable[str] = ...,
        salespeople: Iterable[EmployeeId] = ...,
        customers: Iterable[CustomerId] = ...,
        move_customers: bool = False,
        default_team: Iterable[GroupDefault] = ...,
        external_id: str | None = ...,
    ) -> None:
        """Saves the fields given atomically; customers joining get the default team (the new one
        when ``default_team`` is given); a new team is not applied to the members (see
        :meth:`plan_group_defaults`)."""
    def delete_customer_group(self, group: CustomerGroupId) -> None: ...
    def add_customer_to_group(self, group: CustomerGroupId, customer: CustomerId) -> None: ...
    def move_customer_to_group(self, group: CustomerGroupId, customer: CustomerId) -> None: ...
    def remove_customer_from_group(self, customer: CustomerId) -> None: ...
    def add_group_salesperson(self, group: CustomerGroupId, employee: EmployeeId) -> None: ...
    def remove_group_salesperson(self, group: CustomerGroupId, employee: EmployeeId) -> None: ...
    def set_group_default_team(self, group: CustomerGroupId, defaults: Iterable[GroupDefault]) -> None:
        """Replaces the group's default team: the responsible persons (with customer roles) a
        customer gets, in the same change set, when it is created in the group or joins it (added,
        moved, listed in a group update, imported). Each active default is added as a bulk add of
        its roles with no dates would (missing roles added to an existing responsibility; nothing
        for an archived customer or one where the employee is responsible in another period);
        inactive defaults are skipped. A customer leaving the group keeps everything. The
        members are not touched: see :meth:`plan_group_defaults`. NotFoundError,
        WrongRoleScopeError, DuplicateGroupDefaultError."""
    def plan_group_defaults(self, group: CustomerGroupId) -> list[BulkPlan]:
        """Plans applying the group's default team to its (unarchived) customers: a bulk plan per
        default, in the team's order; apply each with :meth:`apply_bulk` (inside a transaction
        for one change set). An inactive default's plan skips every customer with
        ``BulkSkipReason.EMPLOYEE_INACTIVE``."""
    def customer_group(self, group: CustomerGroupId) -> CustomerGroup: ...
    def customer_groups(self) -> list[CustomerGroup]: ...
    def customer_group_by_external_id(self, external_id: str) -> CustomerGroup | None:
        """The customer group with this external id (compared exactly), or ``None``."""
    def group_customers(self, group: CustomerGroupId) -> list[CustomerId]: ...
    def salesperson_groups(self, employee: EmployeeId) -> list[CustomerGroupId]: ...

    # -- special groups
    def create_special_group(
        self, name: str, *, description: str | None = None, customers: Iterable[CustomerId] = ...
    ) -> SpecialGroupId: ...
    def update_special_group(
        self,
        group: SpecialGroupId,
        *,
        name: str = ...,
        description: str | None = ...,
        customers: Iterable[CustomerId] = ...,
    ) -> None: ...
    def delete_special_group(self, group: SpecialGroupId) -> None: ...
    def add_to_special_group(self, group: SpecialGroupId, customer: CustomerId) -> None: ...
    def remove_from_special_group(self, group: SpecialGroupId, customer: CustomerId) -> None: ...
    def special_group(self, group: SpecialGroupId) -> SpecialGroup: ...
    def special_groups(self) -> list[SpecialGroup]: ...
    def special_group_customers(self, group: SpecialGroupId) -> list[CustomerId]: ...

    # -- responsibilities
    def toggle(self, subject: _Subject, employee: EmployeeId) -> Toggled: ...
    def add_responsibility(self, subject: _Subject, employee: EmployeeId) -> bool: ...
    def remove_responsibility(self, subject: _Subject, employee: EmployeeId) -> None: ...
    def set_roles(self, subject: _Subject, employee: EmployeeId, roles: Iterable[RoleId]) -> None: ...
    def add_role(self, subject: _Subject, employee: EmployeeId, role: RoleId) -> None: ...
    def remove_role(self, subject: _Subject, employee: EmployeeId, role: RoleId) -> None: ...
    def set_period(
        self,
        subject: _Subject,
        employee: EmployeeId,
        *,
        valid_from: datetime.date | None = None,
        valid_to: datetime.date | None = None,
    ) -> None: ...
    def clear_period(self, subject: _Subject, employee: EmployeeId) -> None: ...
    def set_responsibility(
        self,
        subject: _Subject,
        employee: EmployeeId,
        *,
        roles: Iterable[RoleId] = ...,
        valid_from: datetime.date | None = None,
        valid_to: datetime.date | None = None,
    ) -> None: ...
    def responsibility(self, subject: _Subject, employee: EmployeeId) -> Responsibility | None: ...
    def responsibilities(self) -> list[Responsibility]: ...
    def responsibilities_for(self, subject: _Subject) -> list[Responsibility]: ...
    def responsibilities_held_by(self, employee: EmployeeId) -> list[Responsibility]: ...

    # -- numbering
    def numbering_report(self) -> NumberingReport: ...
    def default_series(self) -> DefaultSeries: ...
    def set_default_series(self, start: int, end: int | None = None) -> None: ...

    # -- imports
    def import_file(
        self,
        path: _Path,
        *,
        kind: ImportKind | None = None,
        dry_run: bool = False,
        create_missing: bool = False,
        sheet: str | None = None,
    ) -> ImportReport:
        """Imports a .xlsx or .csv file as one change set (or, with ``dry_run``, only reports)."""
    def import_bytes(
        self,
        data: bytes,
        format: ImportFormat,
        *,
        name: str = "data",
        kind: ImportKind | None = None,
        dry_run: bool = False,
        create_missing: bool = False,
        sheet: str | None = None,
    ) -> ImportReport:
        """Imports a file's bytes; as :meth:`import_file` otherwise."""

    # -- handover
    def plan_handover(
        self,
        from_: EmployeeId,
        to: EmployeeId,
        *,
        mode: HandoverMode = ...,
        effective: datetime.date | None = None,
        roles: Iterable[RoleId] | None = None,
        customers: bool = True,
        projects: bool = True,
        salesperson_places: bool = True,
        subjects: Iterable[_Subject] | None = None,
        actor: str | None = None,
    ) -> HandoverPlan:
        """Plans handing over ``from_``'s responsibilities and salesperson places to ``to``,
        changing nothing: a preview of each change and of what is skipped and why.

        ``mode``: ``REPLACE`` (the default; the old holder leaves) or ``ADD`` (both hold).
        ``effective``: the new holder's first day (the old holder's validity ends the day
        before); None hands over at once. ``roles``: only responsibilities holding one of these
        roles, and only these roles. ``customers`` / ``projects`` / ``salesperson_places``:
        which kinds of item. ``subjects``: only these customers and projects. ``actor``: recorded
        in the history when applied."""
    def apply_handover(self, plan: HandoverPlan) -> None:
        """Applies the plan as one atomic change set with the plan's actor; StalePlanError (and
        no change) if the directory changed so that planning again gives another plan."""

    # -- bulk assignment
    def plan_bulk(
        self,
        *,
        filter: CustomerFilter,
        add: EmployeeId | None = None,
        remove: EmployeeId | None = None,
        roles: Iterable[RoleId] = ...,
        valid_from: datetime.date | None = None,
        valid_to: datetime.date | None = None,
        only_missing_role: bool = False,
        actor: str | None = None,
    ) -> BulkPlan:
        """Plans a bulk assignment without changing anything: for every customer ``filter``
        selects, what changes or why it is skipped.

        ``add=employee``: makes the employee responsible, holding ``roles`` (customer roles),
        valid from ``valid_from`` to ``valid_to``; with ``only_missing_role``, only where no active
        employee holds the role in an overlapping period (with no roles: where nobody is
        responsible). ``remove=employee``: removes the employee's responsibilities (TypeError with
        roles, dates or ``only_missing_role``; TypeError for both or neither of add and remove).
        ``actor``: recorded in the history when applied. A filter that selects no customer gives
        an empty plan."""
    def apply_bulk(self, plan: BulkPlan) -> None:
        """Applies the plan as one atomic change set with the plan's actor; StaleBulkPlanError,
        naming the customers (and no change), if the directory changed so that planning again
        gives another plan for them."""

    # -- coverage checks
    def customers_without_responsible(self, date: datetime.date, *, only_active: bool = False) -> list[CustomerId]:
        """Customers no active employee is responsible for on ``date`` (project responsibilities
        do not count); ``only_active``: only non-archived customers with status ACTIVE."""
    def responsibilities_of_inactive_employees(self) -> list[InactiveHolder]: ...
    def salespeople_without_sales_rights(self) -> list[SalespersonWithoutRights]: ...
    def responsibilities_ending_within(self, start: datetime.date, days: int) -> list[EndingResponsibility]:
        """Responsibilities whose last valid day is within ``days`` days from ``start`` (both
        inclusive), by end date."""
    def series_near_exhaustion(self, percent_left: int) -> list[SeriesNearExhaustion]:
        """Numbering series with less than ``percent_left`` percent of their capacity left;
        InvalidPercentError outside 0..100."""

    # -- views
    def filter_customers(
        self, filter: CustomerFilter | None = None, *, as_of: datetime.date | None = None
    ) -> list[CustomerId]:
        """The customers the filter keeps (every non-archived customer without one), in
        Finnish/Swedish order; ``as_of`` applies to the filter's ``responsible``."""
    def filter_customers_page(
        self, filter: CustomerFilter | None = None, *, page: Page | None = None
    ) -> CustomerPage: ...
    def matrix(
        self,
        *,
        customers: CustomerFilter | None = None,
        teams: Iterable[TeamId] = ...,
        employees: Iterable[EmployeeId] = ...,
        role: RoleId | None = None,
        by_role: bool = False,
        include_projects: bool = False,
        as_of: datetime.date | None = None,
        rows: Page | None = None,
        columns: Page | None = None,
    ) -> Matrix:
        """The responsibility matrix, sparse, one page of rows and columns at a time."""
    def responsible_persons(
        self,
        *,
        customers: CustomerFilter | None = None,
        employees: Iterable[EmployeeId] = ...,
        include_projects: bool = False,
        as_of: datetime.date | None = None,
        page: Page | None = None,
    ) -> ResponsiblePersonsPage:
        """One row per responsibility of the filtered customers (and their projects)."""
    def responsible_persons_of(
        self, subject: _Subject, *, role: RoleId | None = None, as_of: datetime.date | None = None
    ) -> list[ResponsiblePerson]:
        """The active responsible persons of a customer or project, for work orders."""
    def customer_listing(
        self,
        group: CustomerGroupId | None,
        *,
        include_archived: bool = False,
        active: Page | None = None,
        prospects: Page | None = None,
    ) -> GroupListing:
        """A group's customers (None: those in no group), as Active and Prospects tabs."""
    def group_counts(self, *, include_archived: bool = False) -> list[GroupCount]: ...

    # -- visibility
    def can_view(self, employee: EmployeeId, customer: CustomerId, date: datetime.date) -> Visibility:
        """Whether the employee sees the customer on the date, with every reason that holds."""
    def visible_customers(self, employee: EmployeeId, date: datetime.date) -> list[CustomerId]: ...
    def who_can_view(self, customer: CustomerId, date: datetime.date) -> list[EmployeeId]: ...

    # -- exports: to a path (returns the rows written) or, with path=None, the file's bytes
    # (ExportBytes: bytes with the rows written and the cells cut).
    # The GIL is released while writing; `progress` is called with the GIL taken.
    @overload
    def export_customers(
        self,
        path: None = None,
        *,
        customers: CustomerFilter | None = None,
        external_ids: bool = False,
        language: Language = ...,
        progress: _Progress | None = None,
        follow_symlinks: bool = False,
    ) -> ExportBytes: ...
    @overload
    def export_customers(
        self,
        path: _Path,
        *,
        customers: CustomerFilter | None = None,
        external_ids: bool = False,
        language: Language = ...,
        progress: _Progress | None = None,
        follow_symlinks: bool = False,
    ) -> ExportResult: ...
    @overload
    def export_group_customers(
        self,
        group: CustomerGroupId | None,
        path: None = None,
        *,
        external_ids: bool = False,
        language: Language = ...,
        progress: _Progress | None = None,
        follow_symlinks: bool = False,
    ) -> ExportBytes: ...
    @overload
    def export_group_customers(
        self,
        group: CustomerGroupId | None,
        path: _Path,
        *,
        external_ids: bool = False,
        language: Language = ...,
        progress: _Progress | None = None,
        follow_symlinks: bool = False,
    ) -> ExportResult: ...
    @overload
    def export_special_group_customers(
        self,
        group: SpecialGroupId,
        path: None = None,
        *,
        external_ids: bool = False,
        language: Language = ...,
        progress: _Progress | None = None,
        follow_symlinks: bool = False,
    ) -> ExportBytes: ...
    @overload
    def export_special_group_customers(
        self,
        group: SpecialGroupId,
        path: _Path,
        *,
        external_ids: bool = False,
        language: Language = ...,
        progress: _Progress | None = None,
        follow_symlinks: bool = False,
    ) -> ExportResult: ...
    @overload
    def export_responsible_persons(
        self,
        path: None = None,
        *,
        customers: CustomerFilter | None = None,
        employees: Iterable[EmployeeId] = ...,
        include_projects: bool = False,
        as_of: datetime.date | None = None,
        language: Language = ...,
        progress: _Progress | None = None,
        follow_symlinks: bool = False,
    ) -> ExportBytes: ...
    @overload
    def export_responsible_persons(
        self,
        path: _Path,
        *,
        customers: CustomerFilter | None = None,
        employees: Iterable[EmployeeId] = ...,
        include_projects: bool = False,
        as_of: datetime.date | None = None,
        language: Language = ...,
        progress: _Progress | None = None,
        follow_symlinks: bool = False,
    ) -> ExportResult: ...
    @overload
    def export_matrix(
        self,
        path: None = None,
        *,
        customers: CustomerFilter | None = None,
        teams: Iterable[TeamId] = ...,
        employees: Iterable[EmployeeId] = ...,
        role: RoleId | None = None,
        by_role: bool = False,
        include_projects: bool = False,
        as_of: datetime.date | None = None,
        language: Language = ...,
        progress: _Progress | None = None,
        follow_symlinks: bool = False,
    ) -> ExportBytes: ...
    @overload
    def export_matrix(
        self,
        path: _Path,
        *,
        customers: CustomerFilter | None = None,
        teams: Iterable[TeamId] = ...,
        employees: Iterable[EmployeeId] = ...,
        role: RoleId | None = None,
        by_role: bool = False,
        include_projects: bool = False,
        as_of: datetime.date | None = None,
        language: Language = ...,
        progress: _Progress | None = None,
        follow_symlinks: bool = False,
    ) -> ExportResult: ...

    # -- history
    def history(self, key: _HistoryKey) -> list[ChangeSet]:
        """The change sets that touched an entity (a customer, employee, customer group, special
        group, role, team or project), oldest first (deleted ones too), read back from the
        store: a damaged journal record raises ``StoreCorruptFileError``."""
    def changes_since(self, seq: int, limit: int = 100) -> FeedPage:
        """The change feed: the change sets after change set ``seq`` (0 for all), at most
        ``limit`` (1 to ``MAX_CHANGES_LIMIT``); ask from the page's ``cursor`` next.
        ``InvalidLimitError``, ``SeqBeyondLastError`` (``seq`` above ``last_seq()``)."""
    def change_sets(self) -> list[ChangeSet]:
        """Every committed change set, oldest first, read back from the store."""
    def revert(self, seq: int, *, force: bool = False) -> int:
        """Reverts change set ``seq`` by a compensating change set (each entity it changed put
        back as it was just before it, or deleted when it did not exist then; its ``reverts`` is
        ``seq``); returns its number. ``RevertConflictError`` names later change sets touching
        the same entities unless ``force=True`` (which undoes their edits of them too);
        ``NoSuchChangeSetError``, ``RevertOfRevertError``, ``AlreadyRevertedError``,
        ``NothingToRevertError``, ``RevertStateUnknownError``, and the rule errors of the result
        (``DuplicateCustomerNumberError``, ``DuplicateNameError``, ``NotFoundError``,
        ``ReferencedError``, ...). A call that raised changed nothing."""
    def plan_revert(self, seq: int) -> RevertPlan:
        """What ``revert(seq)`` would do, without doing it; raises as ``revert`` does, except
        that later change sets are listed in the plan and the rules are checked on reverting."""

    # -- data and generator
    @staticmethod
    def from_data(data: Data, *, path: _Path | None = None, sqlite: bool = False) -> Directory:
        """A directory holding ``data`` (every rule checked): in memory, or with ``path`` in a new
        store there (a file store folder, or a SQLite file with ``sqlite=True``)."""
    @staticmethod
    def generate(config: GeneratorConfig | None = None) -> Directory: ...
    def data(self) -> Data: ...

@final
class Transaction:
    """An atomic group of mutations: a context manager. Belongs to the ``contextvars`` context
    that entered it (a thread, or an asyncio task): calls from that context run inside it; other
    threads' calls wait until it ends; another context's call on a thread the transaction was
    begun or used on (another task of the same event loop) raises TransactionBusyError at once."""

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool: ...
    def rollback(self) -> None: ...
    def commit(self) -> None: ...
    @property
    def is_open(self) -> bool: ...

# ---- employees and teams ------------------------------------------------------------------

@final
class Repair(_Row):
    """One thing opening a store mended (:attr:`Directory.open_report`)."""

    @property
    def kind(self) -> RepairKind: ...
    @property
    def path(self) -> pathlib.Path:
        """The file mended."""
    @property
    def offset(self) -> int:
        """Where in ``path`` the bytes cut off began (0 for a file set aside whole)."""
    @property
    def bytes(self) -> int:
        """How many bytes were cut off or set aside."""
    @property
    def saved_to(self) -> pathlib.Path | None:
        """The file the bytes were copied to, beside the store, before anything was cut."""
    @property
    def detail(self) -> str:
        """What was found and done, in English."""

@final
class Employee(_Row):
    def __new__(
        cls,
        *,
        id: EmployeeId,
        name: str,
        email: str | None = None,
        team: TeamId | None = None,
        sales_rights: bool = False,
        active: bool = True,
        sees_all: bool = False,
        external_id: str | None = None,
    ) -> Self: ...
    @property
    def id(self) -> EmployeeId: ...
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def team(self) -> TeamId | None: ...
    @property
    def sales_rights(self) -> bool: ...
    @property
    def active(self) -> bool: ...
    @property
    def sees_all(self) -> bool: ...
    @property
    def external_id(self) -> str | None:
        """The host system's key for the employee, if set."""

@final
class Team(_Row):
    def __new__(cls, *, id: TeamId, name: str, leads: Iterable[EmployeeId] = ...) -> Self: ...
    @property
    def id(self) -> TeamId: ...
    @property
    def name(self) -> str: ...
    @property
    def leads(self) -> tuple[EmployeeId, ...]:
        """The team's leads: members who see every customer a member sees through a responsibility."""

# ---- roles --------------------------------------------------------------------------------

@final
class Role(_Row):
    def __new__(cls, *, id: RoleId, name: str, scope: RoleScope, portal_visible: bool = False) -> Self: ...
    @property
    def id(self) -> RoleId: ...
    @property
    def name(self) -> str: ...
    @property
    def scope(self) -> RoleScope: ...
    @property
    def portal_visible(self) -> bool: ...

# ---- customers and projects ---------------------------------------------------------------

@final
class Customer(_Row):
    def __new__(
        cls,
        *,
        id: CustomerId,
        name: str,
        number: int | None = None,
        status: CustomerStatus = ...,
        archived: bool = False,
        group: CustomerGroupId | None = None,
        special_groups: Iterable[SpecialGroupId] = ...,
        external_id: str | None = None,
    ) -> Self: ...
    @property
    def id(self) -> CustomerId: ...
    @property
    def name(self) -> str: ...
    @property
    def number(self) -> int | None: ...
    @property
    def status(self) -> CustomerStatus: ...
    @property
    def archived(self) -> bool: ...
    @property
    def group(self) -> CustomerGroupId | None: ...
    @property
    def special_groups(self) -> tuple[SpecialGroupId, ...]: ...
    @property
    def external_id(self) -> str | None:
        """The host system's key for the customer, if set."""

@final
class Project(_Row):
    def __new__(
        cls, *, id: ProjectId, customer: CustomerId, name: str, archived: bool = False, external_id: str | None = None
    ) -> Self: ...
    @property
    def id(self) -> ProjectId: ...
    @property
    def customer(self) -> CustomerId: ...
    @property
    def name(self) -> str: ...
    @property
    def archived(self) -> bool: ...
    @property
    def external_id(self) -> str | None:
        """The host system's key for the project, if set."""

# ---- customer groups ----------------------------------------------------------------------

@final
class CustomerGroup(_Row):
    def __new__(
        cls,
        *,
        id: CustomerGroupId,
        name: str,
        numbering_start: int | None = None,
        numbering_end: int | None = None,
        next_number: int = 0,
        ledger_account: str | None = None,
        cost_centers: Iterable[str] = ...,
        salespeople: Iterable[EmployeeId] = ...,
        default_team: Iterable[GroupDefault] = ...,
        external_id: str | None = None,
    ) -> Self: ...
    @property
    def id(self) -> CustomerGroupId: ...
    @property
    def name(self) -> str: ...
    @property
    def numbering_start(self) -> int | None: ...
    @property
    def numbering_end(self) -> int | None: ...
    @property
    def next_number(self) -> int: ...
    @property
    def ledger_account(self) -> str | None: ...
    @property
    def cost_centers(self) -> tuple[str, ...]: ...
    @property
    def salespeople(self) -> tuple[EmployeeId, ...]: ...
    @property
    def default_team(self) -> tuple[GroupDefault, ...]:
        """The group's default team: who is made responsible (with roles) for a customer created in
        the group or moved into it."""
    @property
    def external_id(self) -> str | None:
        """The host system's key for the group, if set."""

@final
class GroupDefault(_Row):
    """One default responsible person of a customer group: who, and in which roles."""

    def __new__(cls, employee: EmployeeId, roles: Iterable[RoleId] = ...) -> Self: ...
    @property
    def employee(self) -> EmployeeId: ...
    @property
    def roles(self) -> tuple[RoleId, ...]: ...

# ---- special groups -----------------------------------------------------------------------

@final
class SpecialGroup(_Row):
    def __new__(cls, *, id: SpecialGroupId, name: str, description: str | None = None) -> Self: ...
    @property
    def id(self) -> SpecialGroupId: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str | None: ...

# ---- responsibilities ---------------------------------------------------------------------

@final
class Period:
    """A validity period ``valid_from..=valid_to`` (both inclusive; None: open)."""

    def __new__(cls, valid_from: datetime.date | None = None, valid_to: datetime.date | None = None) -> Self: ...
    @property
    def valid_from(self) -> datetime.date | None: ...
    @property
    def valid_to(self) -> datetime.date | None: ...
    def contains(self, date: datetime.date) -> bool: ...
    def is_always(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Callable[[bytes], Self], tuple[bytes]]: ...

@final
class Responsibility(_Row):
    def __new__(
        cls,
        *,
        subject: _Subject,
        employee: EmployeeId,
        roles: Iterable[RoleId] = ...,
        valid_from: datetime.date | None = None,
        valid_to: datetime.date | None = None,
    ) -> Self: ...
    @property
    def subject(self) -> CustomerId | ProjectId: ...
    @property
    def employee(self) -> EmployeeId: ...
    @property
    def roles(self) -> tuple[RoleId, ...]: ...
    @property
    def valid_from(self) -> datetime.date | None: ...
    @property
    def valid_to(self) -> datetime.date | None: ...
    @property
    def period(self) -> Period: ...
    def is_valid_on(self, date: datetime.date | None) -> bool: ...

# ---- numbering ----------------------------------------------------------------------------
# A series is named by its customer group's id; None is the default series.

@final
class DefaultSeries(_Row):
    def __new__(cls, *, start: int = 1, end: int | None = None, next_number: int = 1) -> Self: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int | None: ...
    @property
    def next_number(self) -> int: ...

@final
class SeriesReport(_Row):
    @property
    def series(self) -> CustomerGroupId | None: ...
    @property
    def group_name(self) -> str | None: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def explicit_end(self) -> bool: ...
    @property
    def next_number(self) -> int: ...
    @property
    def used(self) -> int: ...
    @property
    def capacity_left(self) -> int: ...

@final
class OverlappingRanges(_Row):
    @property
    def first(self) -> CustomerGroupId | None: ...
    @property
    def second(self) -> CustomerGroupId | None: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...

@final
class NumberInOtherSeries(_Row):
    @property
    def customer(self) -> CustomerId: ...
    @property
    def number(self) -> int: ...
    @property
    def series(self) -> CustomerGroupId | None: ...
    @property
    def own_series(self) -> CustomerGroupId | None: ...

@final
class NumberingReport(_Row):
    @property
    def series(self) -> tuple[SeriesReport, ...]: ...
    @property
    def conflicts(self) -> tuple[OverlappingRanges | NumberInOtherSeries, ...]: ...

# ---- history ------------------------------------------------------------------------------

@final
class Change(_Row):
    @property
    def kind(self) -> ChangeKind: ...
    @property
    def value(
        self,
    ) -> (
        Employee
        | Team
        | Role
        | Customer
        | Project
        | CustomerGroup
        | SpecialGroup
        | Responsibility
        | DefaultSeries
        | EmployeeId
        | TeamId
        | RoleId
        | CustomerId
        | ProjectId
        | CustomerGroupId
        | SpecialGroupId
        | tuple[CustomerId | ProjectId, EmployeeId]
    ): ...

@final
class ChangeSet(_Row):
    @property
    def seq(self) -> int: ...
    @property
    def time(self) -> datetime.datetime: ...
    @property
    def actor(self) -> str | None: ...
    @property
    def keys(self) -> tuple[CustomerId | EmployeeId, ...]:
        """The customers and employees it touches (stored with it)."""
    @property
    def changes(self) -> tuple[Change, ...]: ...
    @property
    def reverts(self) -> int | None:
        """The sequence number of the change set this one reverts, when it is a revert."""
    def to_json(self) -> str:
        """The change feed's JSON document, on one line: ``{"version": 1, "seq", "at", "actor",
        "changes": [{"op", "entity", "value"}, ...]}``; stable within a version."""

@final
class FeedPage(_Row):
    """One page of the change feed (``Directory.changes_since``); iterating gives its change
    sets, ``len()`` counts them."""

    @property
    def change_sets(self) -> tuple[ChangeSet, ...]: ...
    @property
    def cursor(self) -> int:
        """The sequence number to ask from next."""
    @property
    def has_more(self) -> bool:
        """Whether change sets after this page exist."""
    @property
    def last_seq(self) -> int:
        """The directory's last sequence number when the page was read."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[ChangeSet]: ...

@final
class RevertPlan(_Row):
    """What reverting a change set would do (``Directory.plan_revert``)."""

    @property
    def seq(self) -> int:
        """The change set to revert."""
    @property
    def changes(self) -> tuple[Change, ...]:
        """The compensating changes: each entity it changed put back as it was just before it,
        or deleted when it did not exist then."""
    @property
    def later(self) -> tuple[int, ...]:
        """The later change sets that changed the same entities, oldest first: the revert is
        refused while there are any, unless forced."""

# ---- handover -----------------------------------------------------------------------------

@final
class ResponsibilityStep(_Row):
    """A responsibility a handover plan moves (or shares, in add mode)."""

    @property
    def subject(self) -> CustomerId | ProjectId: ...
    @property
    def customer(self) -> CustomerId:
        """The subject itself, or the project's customer."""
    @property
    def from_before(self) -> Responsibility:
        """The old holder's responsibility now."""
    @property
    def from_after(self) -> Responsibility | None:
        """The old holder's responsibility after applying; None: removed."""
    @property
    def to_after(self) -> Responsibility:
        """The new holder's responsibility after applying."""

@final
class SalespersonPlaceStep(_Row):
    """A salesperson place a handover plan moves (or shares, in add mode)."""

    @property
    def group(self) -> CustomerGroupId: ...
    @property
    def from_stays(self) -> bool:
        """Whether the old holder stays a salesperson (add mode)."""

@final
class SkippedItem(_Row):
    """An item a handover plan leaves as it is, and why."""

    @property
    def item(self) -> CustomerId | ProjectId | CustomerGroupId:
        """A CustomerId or ProjectId for a responsibility; a CustomerGroupId for a salesperson
        place."""
    @property
    def reason(self) -> SkipReason: ...

@final
class HandoverPlan(_Row):
    """A previewable handover (from Directory.plan_handover); apply it with
    Directory.apply_handover."""

    @property
    def from_(self) -> EmployeeId: ...
    @property
    def to(self) -> EmployeeId: ...
    @property
    def mode(self) -> HandoverMode: ...
    @property
    def effective(self) -> datetime.date | None: ...
    @property
    def roles(self) -> tuple[RoleId, ...] | None: ...
    @property
    def customers(self) -> bool: ...
    @property
    def projects(self) -> bool: ...
    @property
    def salesperson_places(self) -> bool: ...
    @property
    def subjects(self) -> tuple[CustomerId | ProjectId, ...] | None: ...
    @property
    def actor(self) -> str | None: ...
    @property
    def steps(self) -> tuple[ResponsibilityStep | SalespersonPlaceStep, ...]:
        """Responsibilities (by subject), then salesperson places."""
    @property
    def skipped(self) -> tuple[SkippedItem, ...]: ...
    def is_empty(self) -> bool:
        """Whether applying the plan would change nothing."""

# ---- bulk assignment ----------------------------------------------------------------------

@final
class BulkChange(_Row):
    """What a bulk plan changes for one customer."""

    @property
    def customer(self) -> CustomerId: ...
    @property
    def before(self) -> Responsibility | None:
        """The employee's responsibility now; None: not responsible."""
    @property
    def after(self) -> Responsibility | None:
        """The employee's responsibility after applying; None: removed."""

@final
class BulkSkipped(_Row):
    """A customer a bulk plan leaves as it is, and why."""

    @property
    def customer(self) -> CustomerId: ...
    @property
    def reason(self) -> BulkSkipReason: ...
    @property
    def role(self) -> RoleId | None:
        """For ROLE_ALREADY_HELD: the first of the roles to add that someone holds."""
    @property
    def by(self) -> EmployeeId | None:
        """For ROLE_ALREADY_HELD and ALREADY_COVERED: the active employee holding the role (or
        responsible) in an overlapping period."""
    @property
    def period(self) -> Period | None:
        """For RESPONSIBLE_IN_OTHER_PERIOD: the period of the employee's responsibility."""

@final
class BulkPlan(_Row):
    """A previewable bulk assignment (from Directory.plan_bulk); apply it with
    Directory.apply_bulk."""

    @property
    def employee(self) -> EmployeeId: ...
    @property
    def action(self) -> BulkAction: ...
    @property
    def filter(self) -> CustomerFilter: ...
    @property
    def roles(self) -> tuple[RoleId, ...]: ...
    @property
    def valid_from(self) -> datetime.date | None: ...
    @property
    def valid_to(self) -> datetime.date | None: ...
    @property
    def only_missing_role(self) -> bool: ...
    @property
    def skip_inactive(self) -> bool:
        """Whether an inactive employee skips every customer instead of being refused (the plans
        of :meth:`Directory.plan_group_defaults`)."""
    @property
    def actor(self) -> str | None: ...
    @property
    def changes(self) -> tuple[BulkChange, ...]:
        """In the filter's order (Finnish order of the customers' names)."""
    @property
    def skipped(self) -> tuple[BulkSkipped, ...]: ...
    def is_empty(self) -> bool:
        """Whether applying the plan would change nothing."""

# ---- coverage checks ----------------------------------------------------------------------

@final
class InactiveHolder(_Row):
    """A responsibility held by an inactive employee."""

    @property
    def subject(self) -> CustomerId | ProjectId: ...
    @property
    def customer(self) -> CustomerId: ...
    @property
    def employee(self) -> EmployeeId: ...

@final
class SalespersonWithoutRights(_Row):
    """A salesperson of a customer group who has no sales rights."""

    @property
    def group(self) -> CustomerGroupId: ...
    @property
    def employee(self) -> EmployeeId: ...

@final
class EndingResponsibility(_Row):
    """A responsibility whose validity ends soon."""

    @property
    def subject(self) -> CustomerId | ProjectId: ...
    @property
    def customer(self) -> CustomerId: ...
    @property
    def employee(self) -> EmployeeId: ...
    @property
    def ends(self) -> datetime.date:
        """The last valid day."""

@final
class SeriesNearExhaustion(_Row):
    """A numbering series with little capacity left (None: the default series)."""

    @property
    def series(self) -> CustomerGroupId | None: ...
    @property
    def group_name(self) -> str | None: ...
    @property
    def capacity(self) -> int: ...
    @property
    def capacity_left(self) -> int: ...

# ---- filter and pages ---------------------------------------------------------------------

@final
class CustomerFilter(_Row):
    """Which customers a view or export covers; every criterion given must hold. The empty
    filter keeps every customer that is not archived."""

    def __new__(
        cls,
        *,
        customers: Iterable[CustomerId] = ...,
        groups: Iterable[CustomerGroupId] = ...,
        no_group: bool = False,
        special_groups: Iterable[SpecialGroupId] = ...,
        special_groups_match: SpecialGroupMatch = ...,
        status: CustomerStatus | None = None,
        archived: ArchivedFilter = ...,
        text: str | None = None,
        responsible: EmployeeId | None = None,
        salesperson: EmployeeId | None = None,
    ) -> Self: ...
    @property
    def customers(self) -> tuple[CustomerId, ...]: ...
    @property
    def groups(self) -> tuple[CustomerGroupId, ...]: ...
    @property
    def no_group(self) -> bool: ...
    @property
    def special_groups(self) -> tuple[SpecialGroupId, ...]: ...
    @property
    def special_groups_match(self) -> SpecialGroupMatch: ...
    @property
    def status(self) -> CustomerStatus | None: ...
    @property
    def archived(self) -> ArchivedFilter: ...
    @property
    def text(self) -> str | None: ...
    @property
    def responsible(self) -> EmployeeId | None: ...
    @property
    def salesperson(self) -> EmployeeId | None: ...

@final
class Page:
    """``limit`` items from ``offset`` (0-based); ``limit=None``: all the rest."""

    def __new__(cls, offset: int = 0, limit: int | None = None) -> Self: ...
    @property
    def offset(self) -> int: ...
    @property
    def limit(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Callable[[bytes], Self], tuple[bytes]]: ...

# ---- views --------------------------------------------------------------------------------

@final
class RoleRef(_Row):
    @property
    def id(self) -> RoleId: ...
    @property
    def name(self) -> str: ...

@final
class CustomerSummary(_Row):
    @property
    def id(self) -> CustomerId: ...
    @property
    def name(self) -> str: ...
    @property
    def number(self) -> int | None: ...
    @property
    def status(self) -> CustomerStatus: ...
    @property
    def archived(self) -> bool: ...
    @property
    def group(self) -> CustomerGroupId | None: ...

@final
class CustomerPage(_Row):
    @property
    def customers(self) -> tuple[CustomerSummary, ...]: ...
    @property
    def total(self) -> int:
        """How many customers the whole result has."""

@final
class MatrixRow(_Row):
    @property
    def subject(self) -> CustomerId | ProjectId: ...
    @property
    def customer(self) -> CustomerId: ...
    @property
    def name(self) -> str: ...
    @property
    def customer_number(self) -> int | None: ...
    @property
    def archived(self) -> bool: ...

@final
class MatrixColumn(_Row):
    @property
    def employee(self) -> EmployeeId: ...
    @property
    def name(self) -> str: ...
    @property
    def team(self) -> TeamId | None: ...

@final
class MatrixCell(_Row):
    @property
    def row(self) -> int:
        """Index into Matrix.rows."""
    @property
    def column(self) -> int:
        """Index into Matrix.columns."""
    @property
    def subject(self) -> CustomerId | ProjectId: ...
    @property
    def employee(self) -> EmployeeId: ...
    @property
    def valid_from(self) -> datetime.date | None: ...
    @property
    def valid_to(self) -> datetime.date | None: ...
    @property
    def roles(self) -> tuple[RoleRef, ...]:
        """Filled when the matrix was asked ``by_role``."""

@final
class Matrix(_Row):
    @property
    def rows(self) -> tuple[MatrixRow, ...]: ...
    @property
    def columns(self) -> tuple[MatrixColumn, ...]: ...
    @property
    def cells(self) -> tuple[MatrixCell, ...]: ...
    @property
    def total_rows(self) -> int: ...
    @property
    def total_columns(self) -> int: ...

@final
class ResponsiblePersonRow(_Row):
    @property
    def customer(self) -> CustomerId: ...
    @property
    def customer_name(self) -> str: ...
    @property
    def customer_number(self) -> int | None: ...
    @property
    def customer_group(self) -> CustomerGroupId | None: ...
    @property
    def customer_group_name(self) -> str | None: ...
    @property
    def project(self) -> ProjectId | None: ...
    @property
    def project_name(self) -> str | None: ...
    @property
    def employee(self) -> EmployeeId: ...
    @property
    def employee_name(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def salesperson(self) -> bool:
        """Whether the person has sales rights."""
    @property
    def employee_active(self) -> bool: ...
    @property
    def valid_from(self) -> datetime.date | None: ...
    @property
    def valid_to(self) -> datetime.date | None: ...
    @property
    def roles(self) -> tuple[RoleRef, ...]: ...

@final
class ResponsiblePersonsPage(_Row):
    @property
    def rows(self) -> tuple[ResponsiblePersonRow, ...]: ...
    @property
    def total(self) -> int:
        """Rows in the whole list."""

@final
class ResponsiblePerson(_Row):
    @property
    def employee(self) -> EmployeeId: ...
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def valid_from(self) -> datetime.date | None: ...
    @property
    def valid_to(self) -> datetime.date | None: ...
    @property
    def roles(self) -> tuple[RoleRef, ...]: ...

@final
class GroupListing(_Row):
    @property
    def group(self) -> CustomerGroupId | None: ...
    @property
    def group_name(self) -> str | None: ...
    @property
    def active(self) -> CustomerPage: ...
    @property
    def prospects(self) -> CustomerPage: ...

@final
class GroupCount(_Row):
    @property
    def group(self) -> CustomerGroupId | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def active(self) -> int: ...
    @property
    def prospects(self) -> int: ...

# ---- visibility ---------------------------------------------------------------------------

@final
class Visibility(_Row):
    """Whether an employee sees a customer, and why; true in a boolean context when visible."""

    @property
    def visible(self) -> bool: ...
    @property
    def admin(self) -> bool: ...
    @property
    def responsible(self) -> bool: ...
    @property
    def projects(self) -> tuple[ProjectId, ...]: ...
    @property
    def salesperson_of(self) -> CustomerGroupId | None: ...
    @property
    def lead_of(self) -> TeamId | None: ...
    @property
    def through_members(self) -> tuple[EmployeeId, ...]: ...
    @property
    def reasons(self) -> tuple[VisibilityReason, ...]: ...
    def __bool__(self) -> bool: ...

# ---- data and generator -------------------------------------------------------------------

@final
class NextIds(_Row):
    def __new__(
        cls,
        *,
        employee: int = 1,
        team: int = 1,
        role: int = 1,
        customer: int = 1,
        project: int = 1,
        customer_group: int = 1,
        special_group: int = 1,
    ) -> Self: ...
    @property
    def employee(self) -> int: ...
    @property
    def team(self) -> int: ...
    @property
    def role(self) -> int: ...
    @property
    def customer(self) -> int: ...
    @property
    def project(self) -> int: ...
    @property
    def customer_group(self) -> int: ...
    @property
    def special_group(self) -> int: ...

@final
class Data:
    def __new__(
        cls,
        *,
        default_series: DefaultSeries | None = None,
        next_ids: NextIds | None = None,
        employees: Iterable[Employee] = ...,
        teams: Iterable[Team] = ...,
        roles: Iterable[Role] = ...,
        customers: Iterable[Customer] = ...,
        projects: Iterable[Project] = ...,
        customer_groups: Iterable[CustomerGroup] = ...,
        special_groups: Iterable[SpecialGroup] = ...,
        responsibilities: Iterable[Responsibility] = ...,
    ) -> Self: ...
    @property
    def default_series(self) -> DefaultSeries: ...
    @property
    def next_ids(self) -> NextIds: ...
    @property
    def employees(self) -> tuple[Employee, ...]: ...
    @property
    def teams(self) -> tuple[Team, ...]: ...
    @property
    def roles(self) -> tuple[Role, ...]: ...
    @property
    def customers(self) -> tuple[Customer, ...]: ...
    @property
    def projects(self) -> tuple[Project, ...]: ...
    @property
    def customer_groups(self) -> tuple[CustomerGroup, ...]: ...
    @property
    def special_groups(self) -> tuple[SpecialGroup, ...]: ...
    @property
    def responsibilities(self) -> tuple[Responsibility, ...]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Callable[[bytes], Self], tuple[bytes]]: ...

@final
class GeneratorConfig(_Row):
    def __new__(
        cls,
        *,
        seed: int | None = None,
        customers: int | None = None,
        employees: int | None = None,
        projects: int | None = None,
        responsibilities: int | None = None,
        customer_groups: int | None = None,
        special_groups: int | None = None,
        teams: int | None = None,
    ) -> Self: ...
    @staticmethod
    def small() -> GeneratorConfig: ...
    @staticmethod
    def benchmark() -> GeneratorConfig: ...
    def with_seed(self, seed: int) -> GeneratorConfig: ...
    @property
    def seed(self) -> int: ...
    @property
    def customers(self) -> int: ...
    @property
    def employees(self) -> int: ...
    @property
    def projects(self) -> int: ...
    @property
    def responsibilities(self) -> int: ...
    @property
    def customer_groups(self) -> int: ...
    @property
    def special_groups(self) -> int: ...
    @property
    def teams(self) -> int: ...

def salvage(from_path: str | os.PathLike[str], to: str | os.PathLike[str]) -> SalvageReport:
    """Recovers what is readable of a file store that will not open into a new store in ``to``
    (a new or empty folder), leaving the old one as it was."""

@final
class SalvageReport(_Row):
    """What :func:`salvage` recovered, and what it could not."""

    @property
    def change_sets_kept(self) -> int:
        """Change sets copied from the old journal with their history (1 up to this number)."""
    @property
    def snapshot_used(self) -> pathlib.Path | None:
        """The snapshot whose (newer) state the new store holds."""
    @property
    def snapshot_seq(self) -> int | None:
        """The change set that snapshot was of."""
    @property
    def bridge_seq(self) -> int | None:
        """The change set added to bring the kept change sets' state to the snapshot's."""
    @property
    def change_sets_after_snapshot(self) -> int:
        """Change sets after the snapshot, replayed on it and copied (renumbered)."""
    @property
    def last_seq(self) -> int:
        """The last change set of the new store."""
    @property
    def problems(self) -> tuple[str, ...]:
        """What could not be read or used, one line each."""

def generate(config: GeneratorConfig | None = None) -> Data:
    """Generates a directory's data deterministically (``GeneratorConfig.small()`` by default)."""

@final
class ImportProblem(_Row):
    """One problem an import found: where it is and what is wrong."""

    @property
    def file(self) -> str: ...
    @property
    def sheet(self) -> str | None: ...
    @property
    def row(self) -> int | None: ...
    @property
    def column(self) -> str | None: ...
    @property
    def kind(self) -> ImportProblemKind: ...
    @property
    def reason(self) -> str: ...

@final
class ImportItem(_Row):
    """One thing an import created, changed or left alone."""

    @property
    def row(self) -> int: ...
    @property
    def kind(self) -> ImportItemKind: ...
    @property
    def id(self) -> EmployeeId | TeamId | RoleId | CustomerId | ProjectId | CustomerGroupId | SpecialGroupId | None: ...
    @property
    def label(self) -> str: ...
    @property
    def fields(self) -> tuple[str, ...]: ...

@final
class ImportReport(_Row):
    """What an import did, or, in a dry run, would do."""

    @property
    def kind(self) -> ImportKind: ...
    @property
    def dry_run(self) -> bool: ...
    @property
    def rows(self) -> int: ...
    @property
    def created(self) -> tuple[ImportItem, ...]: ...
    @property
    def changed(self) -> tuple[ImportItem, ...]: ...
    @property
    def unchanged(self) -> tuple[ImportItem, ...]: ...
