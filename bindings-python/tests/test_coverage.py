"""The five coverage checks: on a crafted directory with known answers, and cross-checked by brute
force (plain Python over the rows) on a generated one."""

from __future__ import annotations

import datetime
from typing import Callable

import pytest

import vastuu
from vastuu import (
    CustomerId,
    CustomerStatus,
    EndingResponsibility,
    GeneratorConfig,
    InactiveHolder,
    ProjectId,
    SalespersonWithoutRights,
    SeriesNearExhaustion,
)

D = datetime.date
ON = D(2026, 6, 1)


def test_customers_without_responsible(d: vastuu.Directory) -> None:
    active = d.create_employee("Aktiivinen")
    leaving = d.create_employee("Lähtevä")
    covered = d.create_customer("Hoidettu")
    d.add_responsibility(covered, active)
    by_inactive = d.create_customer("Passiivisen hoitama")
    d.add_responsibility(by_inactive, leaving)
    expired = d.create_customer("Päättynyt")
    d.set_responsibility(expired, active, valid_to=D(2026, 5, 31))
    starts_on_day = d.create_customer("Alkaa tänään")
    d.set_responsibility(starts_on_day, active, valid_from=ON)
    ends_on_day = d.create_customer("Päättyy tänään")
    d.set_responsibility(ends_on_day, active, valid_to=ON)
    only_project = d.create_customer("Vain projekti")
    d.add_responsibility(d.create_project(only_project, "Projekti"), active)
    archived = d.create_customer("Arkistoitu")
    d.archive_customer(archived)
    prospect = d.create_customer("Prospekti", status=CustomerStatus.PROSPECT)
    d.archive_employee(leaving)

    assert d.customers_without_responsible(ON) == [by_inactive, expired, only_project, archived, prospect]
    assert d.customers_without_responsible(ON, only_active=True) == [by_inactive, expired, only_project]
    assert d.customers_without_responsible(D(2026, 5, 31)) == [
        by_inactive, starts_on_day, only_project, archived, prospect]
    with pytest.raises(TypeError):
        d.customers_without_responsible(datetime.datetime(2026, 6, 1))


def test_responsibilities_of_inactive_employees(d: vastuu.Directory) -> None:
    first = d.create_employee("Ensimmäinen")
    second = d.create_employee("Toinen")
    stays = d.create_employee("Jää")
    c1, c2 = d.create_customer("Yksi"), d.create_customer("Kaksi")
    project = d.create_project(c2, "Projekti")
    d.add_responsibility(c2, first)
    d.add_responsibility(project, first)
    d.add_responsibility(c1, second)
    d.add_responsibility(c1, stays)
    assert d.responsibilities_of_inactive_employees() == []
    d.archive_employee(second)
    d.archive_employee(first)
    found = d.responsibilities_of_inactive_employees()
    assert [(f.employee, f.subject, f.customer) for f in found] == [
        (first, c2, c2), (first, project, c2), (second, c1, c1)]
    assert all(isinstance(f, InactiveHolder) for f in found)
    assert found[1].to_dict() == {"subject_kind": "project", "subject": int(project), "customer": int(c2),
                                  "employee": int(first)}
    assert repr(found[0]) == "InactiveHolder(subject=CustomerId(2), customer=CustomerId(2), employee=EmployeeId(1))"
    assert len({*found, *d.responsibilities_of_inactive_employees()}) == 3


def test_salespeople_without_sales_rights(d: vastuu.Directory) -> None:
    seller = d.create_employee("Myyjä", sales_rights=True)
    other = d.create_employee("Toinen myyjä", sales_rights=True)
    north = d.create_customer_group("Pohjoinen", salespeople=[seller, other])
    south = d.create_customer_group("Etelä", salespeople=[seller])
    assert d.salespeople_without_sales_rights() == []
    d.update_employee(seller, sales_rights=False)
    found = d.salespeople_without_sales_rights()
    assert [(f.group, f.employee) for f in found] == [(north, seller), (south, seller)]
    assert all(isinstance(f, SalespersonWithoutRights) for f in found)
    assert repr(found[0]) == "SalespersonWithoutRights(group=CustomerGroupId(1), employee=EmployeeId(1))"
    assert found[1].to_dict() == {"group": int(south), "employee": int(seller)}


def test_responsibilities_ending_within_has_inclusive_ends(d: vastuu.Directory) -> None:
    e = d.create_employee("Työntekijä")
    f = d.create_employee("Toinen")
    start, days = D(2026, 6, 1), 30
    cases = {
        "day before": D(2026, 5, 31),
        "first day": start,
        "last day": D(2026, 7, 1),
        "day after": D(2026, 7, 2),
        "in between": D(2026, 6, 15),
    }
    ids = {}
    for name, ends in cases.items():
        c = d.create_customer(name)
        d.set_responsibility(c, e, valid_to=ends)
        ids[name] = c
    d.set_responsibility(ids["in between"], f, valid_from=D(2026, 1, 1), valid_to=D(2026, 6, 15))
    d.add_responsibility(ids["first day"], f)  # open-ended: never listed
    found = d.responsibilities_ending_within(start, days)
    assert [(x.customer, x.employee, x.ends) for x in found] == [
        (ids["first day"], e, start),
        (ids["in between"], e, D(2026, 6, 15)),
        (ids["in between"], f, D(2026, 6, 15)),
        (ids["last day"], e, D(2026, 7, 1)),
    ]
    assert all(isinstance(x, EndingResponsibility) and x.subject == x.customer for x in found)
    assert found[0].to_dict() == {"subject_kind": "customer", "subject": int(ids["first day"]),
                                  "customer": int(ids["first day"]), "employee": int(e), "ends": start}
    assert [x.ends for x in d.responsibilities_ending_within(start, 0)] == [start]
    with pytest.raises(OverflowError):
        d.responsibilities_ending_within(start, -1)


def test_series_near_exhaustion(d: vastuu.Directory) -> None:
    small = d.create_customer_group("Pieni", numbering_start=1000, numbering_end=1009)
    for i in range(9):
        d.create_customer(f"Asiakas {i}", group=small)
    d.set_default_series(1, 100)
    # The small series has 1 of 10 numbers left (10 %); the default series 100 of 100.
    assert d.series_near_exhaustion(10) == []
    found = d.series_near_exhaustion(11)
    assert [(s.series, s.group_name, s.capacity, s.capacity_left) for s in found] == [(small, "Pieni", 10, 1)]
    assert isinstance(found[0], SeriesNearExhaustion)
    assert found[0].to_dict() == {"series": int(small), "group_name": "Pieni", "capacity": 10, "capacity_left": 1}
    for c in range(95):
        d.create_customer(f"Oletus {c}")
    assert [s.series for s in d.series_near_exhaustion(11)] == [None, small]
    assert d.series_near_exhaustion(0) == []
    assert len(d.series_near_exhaustion(100)) == 2


@pytest.mark.parametrize("percent", [101, 2**32, -1, -(2**70)])
def test_series_near_exhaustion_refuses_what_is_not_a_percentage(d: vastuu.Directory, percent: int) -> None:
    with pytest.raises(vastuu.InvalidPercentError) as raised:
        d.series_near_exhaustion(percent)
    assert raised.value.value == percent and isinstance(raised.value, ValueError)
    assert str(raised.value) == f"{percent} is not a percentage (0..=100)"


# ---- cross-checked by brute force on a generated directory ------------------------------------


def _customer_of(d: vastuu.Directory) -> Callable[[CustomerId | ProjectId], CustomerId]:
    projects = {p.id: p.customer for p in d.projects()}
    return lambda subject: projects[subject] if isinstance(subject, ProjectId) else subject


@pytest.fixture(scope="module")
def generated() -> vastuu.Directory:
    d = vastuu.Directory.generate(GeneratorConfig.small().with_seed(7))
    # Make every check find something: archive a few employees (their responsibilities stay),
    # take sales rights from a salesperson.
    employees = d.employees()
    for e in employees[:4]:
        d.update_employee(e.id, active=False)
    seller = next(e for g in d.customer_groups() for e in g.salespeople)
    d.update_employee(seller, sales_rights=False)
    return d


def test_brute_force_customers_without_responsible(generated: vastuu.Directory) -> None:
    d = generated
    active = {e.id for e in d.employees() if e.active}
    for on in (D(2025, 1, 1), D(2026, 6, 1), D(2028, 12, 31)):
        for only_active in (False, True):
            expected = [
                c.id for c in d.customers()
                if (not only_active or (not c.archived and c.status is CustomerStatus.ACTIVE))
                and not any(r.employee in active and r.is_valid_on(on) for r in d.responsibilities_for(c.id))
            ]
            assert d.customers_without_responsible(on, only_active=only_active) == expected
            assert expected, "the check finds something here"


def test_brute_force_inactive_holders(generated: vastuu.Directory) -> None:
    d = generated
    inactive = {e.id for e in d.employees() if not e.active}
    customer_of = _customer_of(d)
    expected = sorted(
        ((r.employee, r.subject, customer_of(r.subject)) for r in d.responsibilities()
         if r.employee in inactive),
        key=lambda t: (int(t[0]), isinstance(t[1], ProjectId), int(t[1])),
    )
    found = [(f.employee, f.subject, f.customer) for f in d.responsibilities_of_inactive_employees()]
    assert found == expected and found


def test_brute_force_salespeople_without_rights(generated: vastuu.Directory) -> None:
    d = generated
    rights = {e.id: e.sales_rights for e in d.employees()}
    expected = [(g.id, e) for g in d.customer_groups() for e in sorted(g.salespeople) if not rights[e]]
    found = [(f.group, f.employee) for f in d.salespeople_without_sales_rights()]
    assert found == expected and found


def test_brute_force_ending_within(generated: vastuu.Directory) -> None:
    d = generated
    customer_of = _customer_of(d)
    start, days = D(2026, 3, 1), 200
    last = start + datetime.timedelta(days=days)
    expected = sorted(
        ((r.valid_to, r.subject, r.employee) for r in d.responsibilities()
         if r.valid_to is not None and start <= r.valid_to <= last),
        key=lambda t: (t[0], isinstance(t[1], ProjectId), int(t[1]), int(t[2])),
    )
    found = d.responsibilities_ending_within(start, days)
    assert [(f.ends, f.subject, f.employee) for f in found] == expected and expected
    assert all(f.customer == customer_of(f.subject) for f in found)


def test_brute_force_series_near_exhaustion(generated: vastuu.Directory) -> None:
    d = generated
    report = d.numbering_report().series
    for percent in (0, 1, 50, 99, 100):
        expected = [(s.series, s.end - s.start + 1, s.capacity_left) for s in report
                    if s.capacity_left * 100 < (s.end - s.start + 1) * percent]
        found = [(s.series, s.capacity, s.capacity_left) for s in d.series_near_exhaustion(percent)]
        assert found == expected
    assert len(d.series_near_exhaustion(100)) == len(report)


def test_customer_ids_are_typed(generated: vastuu.Directory) -> None:
    assert all(isinstance(c, CustomerId) for c in generated.customers_without_responsible(D(2026, 6, 1)))
