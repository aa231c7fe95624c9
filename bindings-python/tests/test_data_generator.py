from __future__ import annotations

import datetime

import pytest

import vastuu
from vastuu import (
    CustomerGroupId,
    CustomerId,
    EmployeeId,
    GeneratorConfig,
    ProjectId,
    RoleId,
    SpecialGroupId,
    TeamId,
)


def test_generator_is_deterministic() -> None:
    small = GeneratorConfig.small()
    assert GeneratorConfig() == small
    assert (small.seed, small.customers, small.employees, small.projects, small.responsibilities) == (
        7, 300, 40, 400, 1200,
    )
    assert (small.customer_groups, small.special_groups, small.teams) == (6, 5, 4)
    bench = GeneratorConfig.benchmark()
    assert (bench.customers, bench.employees, bench.projects, bench.responsibilities) == (
        100_000, 2_000, 200_000, 500_000,
    )
    a = vastuu.generate(GeneratorConfig(customers=50, employees=10, projects=20, responsibilities=80))
    b = vastuu.generate(GeneratorConfig(customers=50, employees=10, projects=20, responsibilities=80))
    assert a == b and len(a.customers) == 50 and len(a.responsibilities) == 80
    c = vastuu.generate(GeneratorConfig(customers=50, employees=10, projects=20, responsibilities=80).with_seed(8))
    assert c != a and c.customers[0].name != a.customers[0].name or c.responsibilities != a.responsibilities
    assert vastuu.generate() == vastuu.generate(small)


def test_directory_from_generated_data() -> None:
    d = vastuu.Directory.generate()
    assert len(d.customers()) == 300 and len(d.employees()) == 40
    d.check_integrity()
    data = d.data()
    assert data == vastuu.generate()
    copy = vastuu.Directory.from_data(data)
    assert copy.data() == data
    assert copy.last_seq == 0 and copy.change_sets() == []
    assert repr(data).startswith("Data(employees=40, ")
    plain = data.to_dict()
    assert len(plain["customers"]) == 300 and isinstance(plain["customers"][0]["id"], int)
    assert plain["next_ids"]["customer"] == 301
    with_seed = vastuu.Directory.generate(GeneratorConfig(customers=10, employees=3, projects=0, responsibilities=5))
    assert len(with_seed.customers()) == 10


def test_data_built_by_hand() -> None:
    t, e, r = TeamId(1), EmployeeId(1), RoleId(1)
    c, p, g, s = CustomerId(1), ProjectId(1), CustomerGroupId(1), SpecialGroupId(1)
    data = vastuu.Data(
        default_series=vastuu.DefaultSeries(start=1, next_number=2),
        next_ids=vastuu.NextIds(employee=2, team=2, role=2, customer=10, project=2, customer_group=2,
                                special_group=2),
        teams=[vastuu.Team(id=t, name="Huolto")],
        employees=[vastuu.Employee(id=e, name="Matti", team=t, sales_rights=True, email="m@example.fi")],
        roles=[vastuu.Role(id=r, name="Asentaja", scope=vastuu.RoleScope.PROJECT, portal_visible=True)],
        customer_groups=[
            vastuu.CustomerGroup(id=g, name="Pohjoinen", numbering_start=1000, next_number=1000, salespeople=[e],
                                 cost_centers=["KP"], ledger_account="3000")
        ],
        special_groups=[vastuu.SpecialGroup(id=s, name="VIP", description="Kuvaus")],
        customers=[
            vastuu.Customer(id=c, name="Esimerkki", number=1, status=vastuu.CustomerStatus.PROSPECT, group=g,
                            special_groups=[s], archived=True)
        ],
        projects=[vastuu.Project(id=p, customer=c, name="Remontti", archived=True)],
        responsibilities=[
            vastuu.Responsibility(subject=p, employee=e, roles=[r], valid_from=datetime.date(2026, 1, 1))
        ],
    )
    d = vastuu.Directory.from_data(data)
    assert d.customer(c).group == g and d.customer(c).status is vastuu.CustomerStatus.PROSPECT
    assert d.responsibilities_for(p)[0].roles == (r,)
    assert d.data().next_ids.customer == 10 and d.create_customer("Uusi") == CustomerId(10)
    nid = d.data().next_ids
    assert (nid.employee, nid.team, nid.role, nid.project, nid.customer_group, nid.special_group) == (2, 2, 2, 2, 2, 2)
    assert d.data().default_series.next_number == 3
    # A next id that is not above every id of its kind would give an existing id again: refused.
    low = vastuu.Data(teams=[vastuu.Team(id=t, name="Huolto")])
    with pytest.raises(vastuu.NextIdTooLowError) as too_low:
        vastuu.Directory.from_data(low)
    assert (too_low.value.kind, too_low.value.next_id, too_low.value.highest_id) == (vastuu.EntityKind.TEAM, 1, 1)

    broken = vastuu.Data(
        employees=[vastuu.Employee(id=e, name="Matti")],
        responsibilities=[vastuu.Responsibility(subject=CustomerId(5), employee=e)],
    )
    with pytest.raises(vastuu.VastuuError):
        vastuu.Directory.from_data(broken)
    duplicate = vastuu.Data(customers=[vastuu.Customer(id=c, name="A"), vastuu.Customer(id=c, name="B")])
    with pytest.raises(vastuu.StoreCorruptError) as err:
        vastuu.Directory.from_data(duplicate)
    assert "share an id" in err.value.detail
