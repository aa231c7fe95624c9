"""Every value the package hands out (ids, rows, reports, pages of views, export results, enum
members) survives pickle, copy.deepcopy and a trip through worker processes; built here through
the public API, one or more instances of every class, so a new class without pickling fails."""

from __future__ import annotations

import copy
import datetime
import enum
import inspect
import multiprocessing
import pickle
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import pytest

import vastuu
from vastuu import (
    CustomerFilter,
    GeneratorConfig,
    ImportFailedError,
    ImportFormat,
    ImportKind,
    Page,
    RoleScope,
    SalespersonPlaceStep,
)

D = datetime.date
ON = D(2026, 6, 1)

# Handles on a store or a transaction, not values: they cannot be pickled.
NOT_VALUES = {vastuu.Directory, vastuu.Transaction}


class World:
    """A directory with one of everything, and the ids in it."""

    def __init__(self) -> None:
        d = self.d = vastuu.Directory()
        d.set_clock(datetime.datetime(2026, 3, 1, 12, 30, tzinfo=datetime.timezone.utc))
        d.actor = "Maija"
        self.team = d.create_team("Tiimi")
        self.matti = d.create_employee("Matti", team=self.team, sales_rights=True, email="matti@example.fi")
        self.liisa = d.create_employee("Liisa", team=self.team, sales_rights=True)
        self.olli = d.create_employee("Olli", sales_rights=True)
        self.role = d.create_role("Huolto", RoleScope.CUSTOMER)
        self.group = d.create_customer_group(
            "Pohjoinen", numbering_start=1000, numbering_end=1010, salespeople=[self.matti, self.olli]
        )
        self.other_group = d.create_customer_group(
            "Etelä", numbering_start=1005, default_team=[vastuu.GroupDefault(self.liisa, roles=[self.role])]
        )
        self.special = d.create_special_group("VIP")
        self.customer = d.create_customer("Esimerkki Oy", group=self.group, special_groups=[self.special])
        self.loose = d.create_customer("Käsin Oy", number=1007)
        self.project = d.create_project(self.customer, "Remontti")
        d.set_responsibility(self.customer, self.matti, roles=[self.role], valid_to=D(2026, 6, 20))
        d.add_responsibility(self.project, self.matti)
        d.add_responsibility(self.loose, self.olli)
        d.remove_responsibility(self.loose, self.olli)
        d.add_responsibility(self.loose, self.olli)
        d.archive_employee(self.olli)
        d.update_employee(self.olli, sales_rights=False)
        d.delete_team(d.create_team("Väliaikainen"))
        d.set_default_series(1, 99)


@pytest.fixture(scope="module")
def world() -> World:
    return World()


def _repairs(tmp: Path) -> list[Any]:
    with vastuu.Directory.open(tmp / "torn") as d:
        d.create_team("Yksi")
        d.create_team("Kaksi")
    journal = tmp / "torn" / "vastuu.journal"
    journal.write_bytes(journal.read_bytes()[:-3])
    with vastuu.Directory.open(tmp / "torn") as d:
        repairs = list(d.open_report)
    return repairs


def _salvage_reports(tmp: Path) -> list[Any]:
    with vastuu.Directory.open(tmp / "whole") as d:
        d.create_team("Yksi")
    return [vastuu.salvage(tmp / "whole", tmp / "salvaged")]


def _import_problems(w: World) -> list[Any]:
    data = b"Asiakasnumero;Nimi\n1;Yksi\n1;Kaksi\n"
    with pytest.raises(ImportFailedError) as caught:
        w.d.import_bytes(data, ImportFormat.CSV, name="asiakkaat.csv", kind=ImportKind.CUSTOMERS, dry_run=True)
    return list(caught.value.problems)


def _import_reports(w: World) -> list[Any]:
    data = "Nimi;Sähköposti\nMatti M;matti@example.fi\nUusi;uusi@example.fi\nLiisa;\n".encode()
    return [w.d.import_bytes(data, ImportFormat.CSV, name="henkilöt.csv", dry_run=True)]


def _handover_plans(w: World) -> list[Any]:
    return [w.d.plan_handover(w.matti, w.liisa, actor="Maija"), w.d.plan_handover(w.olli, w.matti)]


def _bulk_plans(w: World) -> list[Any]:
    everyone = CustomerFilter()
    add = w.d.plan_bulk(filter=everyone, add=w.liisa, roles=[w.role], only_missing_role=True, actor="Maija")
    return [add, w.d.plan_bulk(filter=everyone, remove=w.matti)]


def _matrices(w: World) -> list[Any]:
    return [w.d.matrix(by_role=True, include_projects=True), w.d.matrix(rows=Page(1, 1))]


def _instances(w: World, tmp: Path) -> dict[type, list[Any]]:
    """Instances of every class, each made the way a user gets one."""
    d = w.d
    matrix = _matrices(w)
    persons = d.responsible_persons(include_projects=True)
    plans = _handover_plans(w)
    bulk = _bulk_plans(w)
    imports = _import_reports(w)
    listing = d.customer_listing(w.group, active=Page(0, 1))
    numbering = d.numbering_report()
    found: dict[type, list[Any]] = {
        vastuu.EmployeeId: [w.matti, vastuu.EmployeeId(0)],
        vastuu.TeamId: [w.team],
        vastuu.RoleId: [w.role],
        vastuu.CustomerId: [w.customer],
        vastuu.ProjectId: [w.project],
        vastuu.CustomerGroupId: [w.group],
        vastuu.SpecialGroupId: [w.special],
        vastuu.Employee: d.employees(),
        vastuu.Team: d.teams(),
        vastuu.Role: d.roles(),
        vastuu.Customer: d.customers(),
        vastuu.Project: d.projects(),
        vastuu.CustomerGroup: d.customer_groups(),
        vastuu.GroupDefault: [t for g in d.customer_groups() for t in g.default_team],
        vastuu.SpecialGroup: d.special_groups(),
        vastuu.Responsibility: d.responsibilities(),
        vastuu.Period: [r.period for r in d.responsibilities()] + [vastuu.Period(D(2026, 1, 1), None)],
        vastuu.DefaultSeries: [d.default_series()],
        vastuu.NumberingReport: [numbering],
        vastuu.SeriesReport: list(numbering.series),
        vastuu.OverlappingRanges: [c for c in numbering.conflicts if isinstance(c, vastuu.OverlappingRanges)],
        vastuu.NumberInOtherSeries: [c for c in numbering.conflicts if isinstance(c, vastuu.NumberInOtherSeries)],
        vastuu.ChangeSet: d.change_sets(),
        vastuu.FeedPage: [d.changes_since(0, 3), d.changes_since(d.last_seq)],
        vastuu.RevertPlan: [d.plan_revert(1), d.plan_revert(d.last_seq)],
        vastuu.Change: [c for s in d.change_sets() for c in s.changes],
        vastuu.HandoverPlan: plans,
        vastuu.ResponsibilityStep: [s for p in plans for s in p.steps if isinstance(s, vastuu.ResponsibilityStep)],
        vastuu.SalespersonPlaceStep: [s for p in plans for s in p.steps if isinstance(s, SalespersonPlaceStep)],
        vastuu.SkippedItem: [s for p in plans for s in p.skipped],
        vastuu.BulkPlan: bulk,
        vastuu.BulkChange: [c for p in bulk for c in p.changes],
        vastuu.BulkSkipped: [s for p in bulk for s in p.skipped],
        vastuu.InactiveHolder: d.responsibilities_of_inactive_employees(),
        vastuu.SalespersonWithoutRights: d.salespeople_without_sales_rights(),
        vastuu.EndingResponsibility: d.responsibilities_ending_within(ON, 30),
        vastuu.SeriesNearExhaustion: d.series_near_exhaustion(100),
        vastuu.CustomerFilter: [CustomerFilter(), CustomerFilter(groups=[w.group], text="esim", responsible=w.matti)],
        vastuu.Page: [Page(), Page(2, 10)],
        vastuu.CustomerPage: [d.filter_customers_page(), listing.active],
        vastuu.CustomerSummary: list(d.filter_customers_page().customers),
        vastuu.GroupListing: [listing, d.customer_listing(None)],
        vastuu.GroupCount: d.group_counts(),
        vastuu.Matrix: matrix,
        vastuu.MatrixRow: [r for m in matrix for r in m.rows],
        vastuu.MatrixColumn: [c for m in matrix for c in m.columns],
        vastuu.MatrixCell: [c for m in matrix for c in m.cells],
        vastuu.RoleRef: [role for c in matrix[0].cells for role in c.roles],
        vastuu.ResponsiblePersonsPage: [persons, d.responsible_persons(page=Page(1, 1))],
        vastuu.ResponsiblePersonRow: list(persons.rows),
        vastuu.ResponsiblePerson: d.responsible_persons_of(w.customer),
        vastuu.Visibility: [d.can_view(w.matti, w.customer, ON), d.can_view(w.liisa, w.loose, ON)],
        vastuu.NextIds: [d.data().next_ids],
        vastuu.Data: [d.data(), vastuu.generate(GeneratorConfig(customers=20, employees=5, projects=10))],
        vastuu.GeneratorConfig: [GeneratorConfig.small(), GeneratorConfig.benchmark().with_seed(7)],
        vastuu.ImportReport: imports,
        vastuu.ImportItem: [i for r in imports for i in (*r.created, *r.changed, *r.unchanged)],
        vastuu.ImportProblem: _import_problems(w),
        vastuu.Repair: _repairs(tmp),
        vastuu.SalvageReport: _salvage_reports(tmp),
        vastuu.ExportResult: [d.export_customers(tmp / "asiakkaat.xlsx")],
        vastuu.ExportBytes: [d.export_matrix()],
    }
    return found


def _value_classes() -> set[type]:
    """The classes of the package whose instances users hold: all but exceptions, enums (see
    `test_enum_members_pickle`) and the handles."""
    classes = set()
    for name in vastuu.__all__:
        obj = getattr(vastuu, name)
        if inspect.isclass(obj) and not issubclass(obj, (BaseException, enum.Enum)) and obj not in NOT_VALUES:
            classes.add(obj)
    return classes


@pytest.fixture(scope="module")
def instances(world: World, tmp_path_factory: pytest.TempPathFactory) -> dict[type, list[Any]]:
    return _instances(world, tmp_path_factory.mktemp("pickle"))


def test_every_value_class_has_instances_here(instances: dict[type, list[Any]]) -> None:
    assert {c.__name__ for c in _value_classes()} == {c.__name__ for c in instances}
    empty = [c.__name__ for c, found in instances.items() if not found]
    assert empty == []
    wrong = [(c.__name__, type(x).__name__) for c, found in instances.items() for x in found if type(x) is not c]
    assert wrong == []


@pytest.mark.parametrize("protocol", [2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL])
def test_every_value_pickles(instances: dict[type, list[Any]], protocol: int) -> None:
    for cls, found in instances.items():
        for value in found:
            again = pickle.loads(pickle.dumps(value, protocol=protocol))
            assert type(again) is cls
            assert again == value, cls.__name__
            assert repr(again) == repr(value)
            if isinstance(value, Hashable):
                assert hash(again) == hash(value)


def test_every_value_deep_copies(instances: dict[type, list[Any]]) -> None:
    for cls, found in instances.items():
        copied = copy.deepcopy(found)
        assert copied == found, cls.__name__
        assert [type(x) for x in copied] == [cls] * len(found)


def test_unpickled_rows_keep_their_nested_values(world: World) -> None:
    matrix = world.d.matrix(by_role=True, include_projects=True)
    again = pickle.loads(pickle.dumps(matrix))
    assert again.cells[0].roles[0].id == world.role and again.cells[0].subject == world.customer
    assert again.to_dict() == matrix.to_dict()
    changes = pickle.loads(pickle.dumps(world.d.change_sets()))
    assert [s.time for s in changes] == [s.time for s in world.d.change_sets()]
    assert changes[0].time.tzinfo is not None


def test_an_unpickled_plan_applies(world: World) -> None:
    d = vastuu.Directory.from_data(world.d.data())
    plan = pickle.loads(pickle.dumps(d.plan_handover(world.matti, world.liisa)))
    d.apply_handover(plan)
    assert d.responsibilities_held_by(world.matti) == []
    assert {r.subject for r in d.responsibilities_held_by(world.liisa)} == {world.customer, world.project}


def test_unpickled_data_makes_the_same_directory(world: World) -> None:
    data = pickle.loads(pickle.dumps(world.d.data()))
    assert vastuu.Directory.from_data(data).data() == world.d.data()


def test_state_that_is_not_a_pickled_row_is_refused() -> None:
    reduced = vastuu.Customer(id=vastuu.CustomerId(3), name="Esimerkki").__reduce__()
    restore, (state,) = reduced
    assert restore(state) == vastuu.Customer(id=vastuu.CustomerId(3), name="Esimerkki")
    with pytest.raises(ValueError, match="not a pickled Customer"):
        restore(state[:-1])
    with pytest.raises(ValueError, match="not a pickled Customer"):
        restore(state + b"\x00")


def test_enum_members_pickle() -> None:
    members = [m for n in vastuu.__all__ if inspect.isclass(c := getattr(vastuu, n)) and issubclass(c, enum.Enum)
               for m in c]
    assert len(members) > 20
    assert pickle.loads(pickle.dumps(members)) == members


def _in_worker(value: Any) -> tuple[str, Any, Any]:
    """What a worker process makes of a value: its class name, its plain form and itself."""
    return type(value).__name__, value.to_dict(), value


def _pool_map(fn: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        return pool.map(fn, values)


def test_values_cross_to_worker_processes(world: World) -> None:
    d = world.d
    values: list[Any] = [
        d.customer(world.customer), d.matrix(by_role=True), d.plan_handover(world.matti, world.liisa),
        d.change_sets()[-1], d.data(),
    ]
    results = _pool_map(_in_worker, values)
    assert [name for name, _, _ in results] == [type(v).__name__ for v in values]
    assert [plain for _, plain, _ in results] == [v.to_dict() for v in values]
    assert [back for _, _, back in results] == values
