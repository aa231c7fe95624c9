"""The enumerations of vastuu, as real :class:`enum.Enum` classes.

Each member's value is a stable lower-case string, which is also what ``to_dict()`` gives.
"""

from __future__ import annotations

import enum

__all__ = [
    "ArchivedFilter",
    "BulkAction",
    "BulkSkipReason",
    "ChangeKind",
    "CustomerStatus",
    "EntityKind",
    "Field",
    "HandoverMode",
    "ImportFormat",
    "ImportItemKind",
    "ImportKind",
    "ImportProblemKind",
    "Language",
    "RangeProblem",
    "RepairKind",
    "RoleScope",
    "SkipReason",
    "SpecialGroupMatch",
    "StoreBackend",
    "TextProblem",
    "Toggled",
    "VisibilityReason",
]


class CustomerStatus(enum.Enum):
    """Whether a customer is a customer or still a prospect."""

    ACTIVE = "active"
    PROSPECT = "prospect"


class RoleScope(enum.Enum):
    """Whether a role is held on customers or on projects."""

    CUSTOMER = "customer"
    PROJECT = "project"


class EntityKind(enum.Enum):
    """The kinds of entity the library stores."""

    EMPLOYEE = "employee"
    TEAM = "team"
    ROLE = "role"
    CUSTOMER = "customer"
    PROJECT = "project"
    CUSTOMER_GROUP = "customer_group"
    SPECIAL_GROUP = "special_group"


class Toggled(enum.Enum):
    """What :meth:`Directory.toggle` did."""

    ADDED = "added"
    """The employee became responsible (no roles, no period)."""
    REMOVED = "removed"
    """The employee's responsibility (with its roles) was removed."""


class Field(enum.Enum):
    """The text fields the library validates (see :class:`InvalidTextError`)."""

    EMPLOYEE_NAME = "employee_name"
    EMAIL = "email"
    TEAM_NAME = "team_name"
    ROLE_NAME = "role_name"
    CUSTOMER_NAME = "customer_name"
    PROJECT_NAME = "project_name"
    CUSTOMER_GROUP_NAME = "customer_group_name"
    LEDGER_ACCOUNT = "ledger_account"
    COST_CENTER = "cost_center"
    SPECIAL_GROUP_NAME = "special_group_name"
    DESCRIPTION = "description"
    ACTOR = "actor"
    EXTERNAL_ID = "external_id"


class TextProblem(enum.Enum):
    """What is wrong with a text value (see :class:`InvalidTextError`)."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    CONTROL_CHARACTER = "control_character"
    BIDI_CONTROL = "bidi_control"
    """A bidirectional override, embedding, isolate or direction mark (U+202A to U+202E, U+2066
    to U+2069, U+200E, U+200F, U+061C)."""
    ZERO_WIDTH = "zero_width"
    """A zero-width character (U+200B to U+200D, U+2060, U+FEFF)."""
    LINE_SEPARATOR = "line_separator"
    """A line or paragraph separator (U+2028, U+2029)."""
    NOT_AN_EMAIL = "not_an_email"


class RangeProblem(enum.Enum):
    """What is wrong with a numbering range (see :class:`InvalidNumberingRangeError`)."""

    START_BELOW_ONE = "start_below_one"
    END_BELOW_START = "end_below_start"
    END_WITHOUT_START = "end_without_start"
    ABOVE_MAXIMUM = "above_maximum"


class ChangeKind(enum.Enum):
    """The kind of one primitive change in a :class:`ChangeSet`."""

    PUT_EMPLOYEE = "put_employee"
    DELETE_EMPLOYEE = "delete_employee"
    PUT_TEAM = "put_team"
    DELETE_TEAM = "delete_team"
    PUT_ROLE = "put_role"
    DELETE_ROLE = "delete_role"
    PUT_CUSTOMER = "put_customer"
    DELETE_CUSTOMER = "delete_customer"
    PUT_PROJECT = "put_project"
    DELETE_PROJECT = "delete_project"
    PUT_CUSTOMER_GROUP = "put_customer_group"
    DELETE_CUSTOMER_GROUP = "delete_customer_group"
    PUT_SPECIAL_GROUP = "put_special_group"
    DELETE_SPECIAL_GROUP = "delete_special_group"
    PUT_RESPONSIBILITY = "put_responsibility"
    DELETE_RESPONSIBILITY = "delete_responsibility"
    SET_DEFAULT_SERIES = "set_default_series"


class RepairKind(enum.Enum):
    """What opening a store found and mended (:attr:`Repair.kind`)."""

    TORN_RECORD = "torn_record"
    """The journal's last record was cut short by a crash while it was written (never
    acknowledged); it was cut off."""
    DAMAGED_LAST_RECORD = "damaged_last_record"
    """The journal's last record is whole but fails its checksum (it may have been acknowledged
    and damaged since); it was cut off."""
    SNAPSHOT_FALLBACK = "snapshot_fallback"
    """The newest snapshot is damaged; the previous one and the journal after it were loaded
    (nothing lost), and the damaged one was set aside."""


class StoreBackend(enum.Enum):
    """Where a :class:`Directory` keeps its data (:attr:`Directory.backend`)."""

    MEMORY = "memory"
    """In memory only: gone when the directory is."""
    FILE = "file"
    """A file store folder (:meth:`Directory.open`)."""
    SQLITE = "sqlite"
    """A SQLite database file (:meth:`Directory.open_sqlite`)."""
    POSTGRES = "postgres"
    """A schema of a PostgreSQL database (:meth:`Directory.open_postgres`)."""


class HandoverMode(enum.Enum):
    """Whether the old holder leaves or stays (:meth:`Directory.plan_handover`)."""

    REPLACE = "replace"
    """The old holder leaves (from the effective date, when one is given)."""
    ADD = "add"
    """Both hold: the new holder is added, the old one keeps everything."""


class BulkAction(enum.Enum):
    """What a bulk plan does for its employee (:class:`BulkPlan`)."""

    ADD = "add"
    """Makes the employee responsible for each customer."""
    REMOVE = "remove"
    """Removes the employee's responsibility for each customer."""


class BulkSkipReason(enum.Enum):
    """Why a bulk plan leaves a customer as it is (:class:`BulkSkipped`)."""

    ALREADY_RESPONSIBLE = "already_responsible"
    """The employee is already responsible, holding every role to add."""
    RESPONSIBLE_IN_OTHER_PERIOD = "responsible_in_other_period"
    """The employee is already responsible in another period (:attr:`BulkSkipped.period`); a
    bulk plan does not change the period of an existing responsibility."""
    ROLE_ALREADY_HELD = "role_already_held"
    """Only where a role is missing: every role to add is held; :attr:`BulkSkipped.role` and
    :attr:`BulkSkipped.by` name the first of them and its holder."""
    ALREADY_COVERED = "already_covered"
    """Only where a role is missing, with no roles to add: :attr:`BulkSkipped.by` is already
    responsible."""
    CUSTOMER_ARCHIVED = "customer_archived"
    """The customer is archived (the filter included archived customers): nobody is made
    responsible for it."""
    NOT_RESPONSIBLE = "not_responsible"
    """Removing: the employee is not responsible for the customer."""
    EMPLOYEE_INACTIVE = "employee_inactive"
    """The employee is inactive, so nobody is made responsible: a group default team's inactive
    member (:meth:`Directory.plan_group_defaults`)."""


class SkipReason(enum.Enum):
    """Why a handover plan leaves an item as it is (:class:`SkippedItem`)."""

    TARGET_INACTIVE = "target_inactive"
    """The new holder is inactive and gets nothing new."""
    TARGET_ALREADY_RESPONSIBLE = "target_already_responsible"
    """The new holder is already responsible for the subject; both responsibilities stay as
    they are."""
    TARGET_ALREADY_SALESPERSON = "target_already_salesperson"
    """The new holder is already a salesperson of the group."""
    TARGET_HAS_NO_SALES_RIGHTS = "target_has_no_sales_rights"
    """The new holder has no sales rights and cannot take a salesperson place."""
    ENDS_BEFORE_EFFECTIVE_DATE = "ends_before_effective_date"
    """The old holder's validity ends before the effective date: nothing left to hand over."""
    PARTIAL_ROLES_CANNOT_BE_SCHEDULED = "partial_roles_cannot_be_scheduled"
    """In a dated replace of some roles the old holder would keep other roles; roles have no
    dates of their own, so the change cannot be scheduled."""
    SALESPERSON_PLACES_ARE_NOT_DATED = "salesperson_places_are_not_dated"
    """Salesperson places have no validity period, so a dated handover leaves them alone."""


class SpecialGroupMatch(enum.Enum):
    """How the special groups of a :class:`CustomerFilter` combine."""

    ANY_OF = "any_of"
    """The customer is in at least one of them (the default)."""
    ALL_OF = "all_of"
    """The customer is in every one of them."""


class ArchivedFilter(enum.Enum):
    """Which customers a :class:`CustomerFilter` keeps by their archived flag."""

    EXCLUDE = "exclude"
    """Only customers that are not archived (the default)."""
    INCLUDE = "include"
    """Archived and other customers alike."""
    ONLY = "only"
    """Only archived customers."""


class Language(enum.Enum):
    """Language of an export's column headers, sheet names and status words."""

    FINNISH = "fi"
    SWEDISH = "sv"
    ENGLISH = "en"


class VisibilityReason(enum.Enum):
    """A kind of reason why an employee sees a customer (:attr:`Visibility.reasons`)."""

    ADMIN = "admin"
    """Admin visibility (``sees_all``)."""
    RESPONSIBLE = "responsible"
    """A responsibility for the customer, valid on the date."""
    PROJECT_RESPONSIBLE = "project_responsible"
    """A responsibility for one of the customer's projects (:attr:`Visibility.projects`)."""
    SALESPERSON = "salesperson"
    """A salesperson, with sales rights, of the customer's group
    (:attr:`Visibility.salesperson_of`)."""
    TEAM_LEAD = "team_lead"
    """A lead of the team (:attr:`Visibility.lead_of`) whose other active members hold a
    responsibility for the customer or one of its projects, valid on the date
    (:attr:`Visibility.through_members`)."""


class ImportFormat(enum.Enum):
    """The format of a file to import (:meth:`Directory.import_bytes`)."""

    XLSX = "xlsx"
    CSV = "csv"


class ImportKind(enum.Enum):
    """What a file to import holds (guessed from its headers when not given)."""

    EMPLOYEES = "employees"
    CUSTOMERS = "customers"
    CUSTOMER_GROUPS = "customer_groups"
    SPECIAL_GROUPS = "special_groups"
    RESPONSIBILITIES = "responsibilities"
    """The responsible-persons list, or the matrix."""


class ImportItemKind(enum.Enum):
    """What an :class:`ImportItem` is."""

    EMPLOYEE = "employee"
    TEAM = "team"
    ROLE = "role"
    CUSTOMER = "customer"
    PROJECT = "project"
    CUSTOMER_GROUP = "customer_group"
    SPECIAL_GROUP = "special_group"
    RESPONSIBILITY = "responsibility"


class ImportProblemKind(enum.Enum):
    """The kind of an :class:`ImportProblem`."""

    UNREADABLE = "unreadable"
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    UNKNOWN_KIND = "unknown_kind"
    BAD_VALUE = "bad_value"
    CELL_TOO_LONG = "cell_too_long"
    BAD_TEXT = "bad_text"
    BAD_PERIOD = "bad_period"
    DUPLICATE = "duplicate"
    NUMBER_TAKEN = "number_taken"
    UNKNOWN_REFERENCE = "unknown_reference"
    AMBIGUOUS = "ambiguous"
    REFUSED = "refused"
