"""vastuu: customer responsibility data.

Who is responsible for which customer and project (with roles and validity periods), exclusive
customer groups with their own customer-number series, free many-to-many special groups, and the
history of every change. Everything goes through one handle, :class:`Directory`::

    import vastuu

    d = vastuu.Directory()
    matti = d.create_employee("Matti Meikäläinen", sales_rights=True)
    north = d.create_customer_group("Pohjoinen", numbering_start=1000)
    esim = d.create_customer("Esimerkki Oy", group=north)
    d.toggle(esim, matti)

A directory kept on disk is opened with :meth:`Directory.open` (a file store folder) or
:meth:`Directory.open_sqlite` (a SQLite file), best in a ``with`` block, which closes it and
releases its lock::

    with vastuu.Directory.open("customers.vastuu") as d:
        d.create_team("Huolto")

Every mutation is validated before anything changes; a call that raises has changed nothing.
"""

from __future__ import annotations

from ._enums import (
    ArchivedFilter,
    ChangeKind,
    CustomerStatus,
    EntityKind,
    Field,
    HandoverMode,
    Language,
    RangeProblem,
    RoleScope,
    SkipReason,
    SpecialGroupMatch,
    StoreBackend,
    TextProblem,
    Toggled,
    VisibilityReason,
)
from ._errors import (
    CustomerHasProjectsError,
    CustomerInOtherGroupError,
    DirectoryClosedError,
    DirectoryPoisonedError,
    DuplicateCostCenterError,
    DuplicateCustomerNumberError,
    DuplicateNameError,
    EmployeeInactiveError,
    ExportError,
    HandoverToSelfError,
    InvalidCustomerNumberError,
    InvalidNumberingRangeError,
    InvalidPercentError,
    InvalidPeriodError,
    InvalidTextError,
    NoSalesRightsError,
    NotAStoreError,
    NotFoundError,
    NotResponsibleError,
    NumberRangeExhaustedError,
    RoleInUseError,
    RoleScopeMismatchError,
    StalePlanError,
    StoreCorruptError,
    StoreCorruptFileError,
    StoreError,
    StoreIoError,
    StoreLockedError,
    StoreNeedsReopenError,
    TooManyCostCentersError,
    TransactionBusyError,
    UnsupportedVersionError,
    VastuuError,
)
from ._vastuu import (
    FORMAT_VERSION,
    MAX_COST_CENTERS,
    MAX_CUSTOMER_NUMBER,
    MAX_DESCRIPTION_LEN,
    MAX_EMAIL_LEN,
    MAX_NAME_LEN,
    SQLITE_SCHEMA_VERSION,
    Change,
    ChangeSet,
    Customer,
    CustomerFilter,
    CustomerGroup,
    CustomerGroupId,
    CustomerId,
    CustomerPage,
    CustomerSummary,
    Data,
    DefaultSeries,
    Directory,
    Employee,
    EmployeeId,
    EndingResponsibility,
    GeneratorConfig,
    GroupCount,
    GroupListing,
    HandoverPlan,
    InactiveHolder,
    Matrix,
    MatrixCell,
    MatrixColumn,
    MatrixRow,
    NextIds,
    NumberInOtherSeries,
    NumberingReport,
    OverlappingRanges,
    Page,
    Period,
    Project,
    ProjectId,
    Responsibility,
    ResponsibilityStep,
    ResponsiblePerson,
    ResponsiblePersonRow,
    ResponsiblePersonsPage,
    Role,
    RoleId,
    RoleRef,
    SalespersonPlaceStep,
    SalespersonWithoutRights,
    SeriesNearExhaustion,
    SeriesReport,
    SkippedItem,
    SpecialGroup,
    SpecialGroupId,
    Team,
    TeamId,
    Transaction,
    Visibility,
    __version__,
    generate,
)

__all__ = [
    # ids
    "CustomerGroupId",
    "CustomerId",
    "EmployeeId",
    "ProjectId",
    "RoleId",
    "SpecialGroupId",
    "TeamId",
    # the directory
    "Directory",
    "Transaction",
    # rows
    "Change",
    "ChangeSet",
    "Customer",
    "CustomerGroup",
    "Data",
    "DefaultSeries",
    "Employee",
    "NextIds",
    "NumberInOtherSeries",
    "NumberingReport",
    "OverlappingRanges",
    "Period",
    "Project",
    "Responsibility",
    "Role",
    "SeriesReport",
    "SpecialGroup",
    "Team",
    # handover and coverage
    "EndingResponsibility",
    "HandoverPlan",
    "InactiveHolder",
    "ResponsibilityStep",
    "SalespersonPlaceStep",
    "SalespersonWithoutRights",
    "SeriesNearExhaustion",
    "SkippedItem",
    # views, visibility and exports
    "CustomerFilter",
    "CustomerPage",
    "CustomerSummary",
    "GroupCount",
    "GroupListing",
    "Matrix",
    "MatrixCell",
    "MatrixColumn",
    "MatrixRow",
    "Page",
    "ResponsiblePerson",
    "ResponsiblePersonRow",
    "ResponsiblePersonsPage",
    "RoleRef",
    "Visibility",
    # generator
    "GeneratorConfig",
    "generate",
    # enums
    "ArchivedFilter",
    "ChangeKind",
    "CustomerStatus",
    "EntityKind",
    "Field",
    "HandoverMode",
    "Language",
    "RangeProblem",
    "RoleScope",
    "SkipReason",
    "SpecialGroupMatch",
    "StoreBackend",
    "TextProblem",
    "Toggled",
    "VisibilityReason",
    # errors
    "CustomerHasProjectsError",
    "CustomerInOtherGroupError",
    "DirectoryClosedError",
    "DirectoryPoisonedError",
    "DuplicateCostCenterError",
    "DuplicateCustomerNumberError",
    "DuplicateNameError",
    "EmployeeInactiveError",
    "ExportError",
    "HandoverToSelfError",
    "InvalidCustomerNumberError",
    "InvalidNumberingRangeError",
    "InvalidPercentError",
    "InvalidPeriodError",
    "InvalidTextError",
    "NoSalesRightsError",
    "NotAStoreError",
    "NotFoundError",
    "NotResponsibleError",
    "NumberRangeExhaustedError",
    "RoleInUseError",
    "RoleScopeMismatchError",
    "StalePlanError",
    "StoreCorruptError",
    "StoreCorruptFileError",
    "StoreError",
    "StoreIoError",
    "StoreLockedError",
    "StoreNeedsReopenError",
    "TooManyCostCentersError",
    "TransactionBusyError",
    "UnsupportedVersionError",
    "VastuuError",
    # limits
    "MAX_COST_CENTERS",
    "MAX_CUSTOMER_NUMBER",
    "MAX_DESCRIPTION_LEN",
    "MAX_EMAIL_LEN",
    "MAX_NAME_LEN",
    # store formats
    "FORMAT_VERSION",
    "SQLITE_SCHEMA_VERSION",
    "__version__",
]

# The enums and exceptions are defined in private modules; show them (in reprs, tracebacks and
# pickles) under the package's name, where users find them.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__ in ("vastuu._enums", "vastuu._errors"):
        _obj.__module__ = __name__
del _name, _obj
