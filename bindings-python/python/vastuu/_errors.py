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

    from ._enums import EntityKind, Field, RangeProblem, RoleScope, TextProblem
    from ._vastuu import (
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
    "CustomerHasProjectsError",
    "CustomerInOtherGroupError",
    "DuplicateCostCenterError",
    "DuplicateCustomerNumberError",
    "DuplicateNameError",
    "EmployeeInactiveError",
    "InvalidCustomerNumberError",
    "InvalidNumberingRangeError",
    "InvalidPeriodError",
    "InvalidTextError",
    "NoSalesRightsError",
    "NotFoundError",
    "NotResponsibleError",
    "NumberRangeExhaustedError",
    "RoleInUseError",
    "RoleScopeMismatchError",
    "StoreCorruptError",
    "StoreError",
    "StoreIoError",
    "TooManyCostCentersError",
    "VastuuError",
]


class VastuuError(Exception):
    """Base class of every error raised by vastuu.

    ``str(err)`` (also ``err.message``) explains the failure in English; the subclasses carry
    the ids and values as attributes. Raised as it is (not as a subclass) only for a failure of a
    kind this version of the package does not know, or for an internal error of the library.
    """

    message: str

    def __init__(self, message: str, **attributes: Any) -> None:
        super().__init__(message)
        self.message = message
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
    """The value as given."""
    problem: TextProblem
    length: Optional[int]
    """Length in characters after trimming, for :attr:`TextProblem.TOO_LONG`."""
    max_length: Optional[int]
    """The limit, for :attr:`TextProblem.TOO_LONG`."""
    position: Optional[int]
    """Position (0-based, after trimming) of the first control character, for
    :attr:`TextProblem.CONTROL_CHARACTER`."""


class DuplicateNameError(VastuuError, ValueError):
    """Another entity of the same kind already has this name (case-insensitively; role names
    within the role's scope)."""

    kind: EntityKind
    name: str
    existing: _AnyId
    """The entity that already has the name."""


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


class InvalidPeriodError(VastuuError, ValueError):
    """A validity period whose start is after its end."""

    valid_from: datetime.date
    valid_to: datetime.date


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


class StoreError(VastuuError):
    """The store refused or failed to persist the change; nothing was changed."""

    detail: str


class StoreIoError(StoreError, OSError):
    """An I/O operation of the store failed."""

    operation: str
    """What was being done."""


class StoreCorruptError(StoreError):
    """Stored data is damaged or not in the expected form."""
