"""A customer group's default team: setting it (create, update, set), the defaults a customer gets
when it is created in the group or joins it, inactive defaults, the cascades, applying the team
to existing customers through bulk plans, and bad input."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

import vastuu
from vastuu import BulkSkipReason, CustomerGroupId, EmployeeId, GroupDefault, RoleId, RoleScope


@dataclasses.dataclass
class World:
    d: vastuu.Directory
    liisa: EmployeeId
    pekka: EmployeeId
    retired: EmployeeId  # inactive
    accountant: RoleId
    payroll: RoleId
    manager: RoleId  # a project role
    north: CustomerGroupId


@pytest.fixture
def w() -> World:
    d = vastuu.Directory()
    liisa = d.create_employee("Liisa")
    pekka = d.create_employee("Pekka")
    retired = d.create_employee("Eläkeläinen", active=False)
    accountant = d.create_role("Kirjanpitäjä", RoleScope.CUSTOMER)
    payroll = d.create_role("Palkat", RoleScope.CUSTOMER)
    manager = d.create_role("Projektipäällikkö", RoleScope.PROJECT)
    team = [GroupDefault(liisa, roles=[accountant, payroll]), GroupDefault(retired), GroupDefault(pekka)]
    north = d.create_customer_group("Pohjoinen", default_team=team)
    return World(d, liisa, pekka, retired, accountant, payroll, manager, north)


def responsible(d: vastuu.Directory, customer: vastuu.CustomerId) -> list[EmployeeId]:
    return [r.employee for r in d.responsibilities_for(customer)]


def test_a_customer_created_in_the_group_gets_the_active_defaults(w: World) -> None:
    team = w.d.customer_group(w.north).default_team
    assert [t.employee for t in team] == [w.liisa, w.retired, w.pekka]
    assert team[0].roles == (w.accountant, w.payroll)
    seq = w.d.last_seq
    c = w.d.create_customer("Esimerkki Oy", group=w.north)
    assert w.d.last_seq == seq + 1
    assert responsible(w.d, c) == [w.liisa, w.pekka]  # the inactive default is skipped
    held = w.d.responsibility(c, w.liisa)
    assert held is not None and held.roles == (w.accountant, w.payroll)
    assert held.valid_from is None and held.valid_to is None


def test_joining_customers_get_the_defaults_and_leaving_keeps_them(w: World) -> None:
    a = w.d.create_customer("A Oy")
    b = w.d.create_customer("B Oy")
    w.d.add_role(b, w.liisa, w.accountant)
    w.d.add_customer_to_group(w.north, a)
    south = w.d.create_customer_group("Etelä", customers=[b])
    w.d.move_customer_to_group(w.north, b)
    assert responsible(w.d, a) == [w.liisa, w.pekka]
    held = w.d.responsibility(b, w.liisa)
    assert held is not None and held.roles == (w.accountant, w.payroll)  # the missing role added
    w.d.move_customer_to_group(south, a)
    assert responsible(w.d, a) == [w.liisa, w.pekka]


def test_update_and_set_replace_the_team_without_touching_the_members(w: World) -> None:
    a = w.d.create_customer("A Oy", group=w.north)
    b = w.d.create_customer("B Oy")
    w.d.update_customer_group(w.north, default_team=[GroupDefault(w.pekka, roles=[w.payroll])], customers=[a, b])
    assert responsible(w.d, b) == [w.pekka]  # joined with the new team
    kept = w.d.responsibility(a, w.pekka)
    assert kept is not None and kept.roles == ()  # a member already: untouched
    w.d.set_group_default_team(w.north, [])
    assert w.d.customer_group(w.north).default_team == ()


def test_defaults_apply_to_existing_customers_through_bulk_plans(w: World) -> None:
    w.d.set_group_default_team(w.north, [])
    a = w.d.create_customer("A Oy", group=w.north)
    b = w.d.create_customer("B Oy", group=w.north)
    w.d.add_responsibility(b, w.pekka)
    w.d.set_group_default_team(w.north, [GroupDefault(w.pekka), GroupDefault(w.retired, roles=[w.accountant])])
    assert responsible(w.d, a) == []
    plans = w.d.plan_group_defaults(w.north)
    assert [p.employee for p in plans] == [w.pekka, w.retired]
    assert all(p.skip_inactive for p in plans)
    assert [c.customer for c in plans[0].changes] == [a]
    assert [(s.customer, s.reason) for s in plans[0].skipped] == [(b, BulkSkipReason.ALREADY_RESPONSIBLE)]
    assert plans[1].is_empty()
    assert [(s.customer, s.reason) for s in plans[1].skipped] == [
        (a, BulkSkipReason.EMPLOYEE_INACTIVE),
        (b, BulkSkipReason.EMPLOYEE_INACTIVE),
    ]
    assert pickle.loads(pickle.dumps(plans[1])) == plans[1]
    seq = w.d.last_seq
    with w.d.transaction():
        for plan in plans:
            w.d.apply_bulk(plan)
    assert w.d.last_seq == seq + 1
    assert responsible(w.d, a) == [w.pekka]
    # A customer joining since: the old plan is stale.
    w.d.create_customer("C Oy", group=w.north)
    w.d.remove_responsibility(a, w.pekka)
    with pytest.raises(vastuu.StaleBulkPlanError):
        w.d.apply_bulk(plans[0])


def test_deleting_an_employee_or_a_role_cascades_into_the_team(w: World) -> None:
    w.d.delete_employee(w.pekka)
    w.d.delete_role(w.accountant)
    team = w.d.customer_group(w.north).default_team
    assert team == (GroupDefault(w.liisa, roles=[w.payroll]), GroupDefault(w.retired))


def test_bad_default_teams_are_refused_and_change_nothing(w: World) -> None:
    before = w.d.customer_group(w.north)
    seq = w.d.last_seq
    with pytest.raises(vastuu.NotFoundError) as missing:
        w.d.set_group_default_team(w.north, [GroupDefault(EmployeeId(99))])
    assert missing.value.id == EmployeeId(99)
    with pytest.raises(vastuu.NotFoundError) as missing_role:
        w.d.update_customer_group(w.north, default_team=[GroupDefault(w.liisa, roles=[RoleId(99)])])
    assert missing_role.value.id == RoleId(99)
    with pytest.raises(vastuu.WrongRoleScopeError) as scope:
        w.d.set_group_default_team(w.north, [GroupDefault(w.liisa, roles=[w.manager])])
    assert (scope.value.role, scope.value.role_scope) == (w.manager, RoleScope.PROJECT)
    with pytest.raises(vastuu.DuplicateGroupDefaultError) as twice:
        w.d.create_customer_group("Etelä", default_team=[GroupDefault(w.liisa), GroupDefault(w.liisa)])
    assert twice.value.employee == w.liisa
    assert isinstance(twice.value, ValueError)
    with pytest.raises(vastuu.NotFoundError):
        w.d.set_group_default_team(CustomerGroupId(99), [])
    with pytest.raises(vastuu.NotFoundError):
        w.d.plan_group_defaults(CustomerGroupId(99))
    with pytest.raises(TypeError):
        w.d.set_group_default_team(w.north, [w.liisa])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        GroupDefault(w.liisa, roles=[w.liisa])  # type: ignore[list-item]
    assert w.d.customer_group(w.north) == before and w.d.last_seq == seq


def test_a_role_s_scope_cannot_change_while_a_team_gives_it(w: World) -> None:
    with pytest.raises(vastuu.RoleInGroupDefaultsError) as raised:
        w.d.update_role(w.payroll, scope=RoleScope.PROJECT)
    assert (raised.value.role, raised.value.groups) == (w.payroll, (w.north,))
    assert raised.value.code == "role_in_group_defaults"
