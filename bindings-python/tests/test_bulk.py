"""Bulk assignment end to end: the preview, what changes and what is skipped and why, only where
a role is missing, removing, an empty selection, stale plans, bad input, pickling, history."""

from __future__ import annotations

import dataclasses
import datetime
import pickle

import pytest

import vastuu
from vastuu import (
    BulkAction,
    BulkChange,
    BulkPlan,
    BulkSkipped,
    BulkSkipReason,
    CustomerFilter,
    CustomerId,
    EmployeeId,
    Responsibility,
    RoleId,
    RoleScope,
)

D = datetime.date
JAN_1 = D(2027, 1, 1)


@dataclasses.dataclass
class World:
    d: vastuu.Directory
    liisa: EmployeeId
    pekka: EmployeeId
    accountant: RoleId
    manager: RoleId  # a project role
    uusimaa: vastuu.CustomerGroupId
    a: CustomerId  # nobody
    b: CustomerId  # Pekka, accountant
    c: CustomerId  # Pekka, accountant until the end of 2026
    other: CustomerId  # outside the group

    def in_uusimaa(self) -> CustomerFilter:
        return CustomerFilter(groups=[self.uusimaa])


@pytest.fixture
def w(d: vastuu.Directory) -> World:
    liisa = d.create_employee("Liisa")
    pekka = d.create_employee("Pekka")
    accountant = d.create_role("Kirjanpitäjä", RoleScope.CUSTOMER)
    manager = d.create_role("Projektipäällikkö", RoleScope.PROJECT)
    uusimaa = d.create_customer_group("Uusimaa")
    a = d.create_customer("A Oy", group=uusimaa)
    b = d.create_customer("B Oy", group=uusimaa)
    c = d.create_customer("C Oy", group=uusimaa)
    other = d.create_customer("Muu Oy")
    d.add_role(b, pekka, accountant)
    d.set_responsibility(c, pekka, roles=[accountant], valid_to=D(2026, 12, 31))
    return World(d, liisa, pekka, accountant, manager, uusimaa, a, b, c, other)


def test_liisa_becomes_accountant_from_january_where_there_is_none(w: World) -> None:
    plan = w.d.plan_bulk(
        filter=w.in_uusimaa(), add=w.liisa, roles=[w.accountant], valid_from=JAN_1, only_missing_role=True,
        actor="Maija",
    )
    assert isinstance(plan, BulkPlan)
    assert [c.customer for c in plan.changes] == [w.a, w.c]
    made = Responsibility(subject=w.a, employee=w.liisa, roles=[w.accountant], valid_from=JAN_1)
    assert isinstance(plan.changes[0], BulkChange)
    assert (plan.changes[0].before, plan.changes[0].after) == (None, made)
    [skipped] = plan.skipped
    assert isinstance(skipped, BulkSkipped)
    assert (skipped.customer, skipped.reason, skipped.role, skipped.by, skipped.period) == (
        w.b, BulkSkipReason.ROLE_ALREADY_HELD, w.accountant, w.pekka, None,
    )
    assert (plan.employee, plan.action, plan.filter, plan.roles) == (w.liisa, BulkAction.ADD, w.in_uusimaa(), (w.accountant,))
    assert (plan.valid_from, plan.valid_to, plan.only_missing_role, plan.actor) == (JAN_1, None, True, "Maija")
    assert not plan.is_empty()
    assert w.d.responsibility(w.a, w.liisa) is None, "a preview changes nothing"
    seq = w.d.last_seq
    w.d.apply_bulk(plan)
    assert w.d.last_seq == seq + 1, "one change set"
    assert w.d.responsibility(w.a, w.liisa) == made
    assert w.d.responsibility(w.other, w.liisa) is None
    assert w.d.history(w.a)[-1].actor == "Maija"
    again = w.d.plan_bulk(
        filter=w.in_uusimaa(), add=w.liisa, roles=[w.accountant], valid_from=JAN_1, only_missing_role=True
    )
    assert again.is_empty()
    assert [s.reason for s in again.skipped] == [
        BulkSkipReason.ALREADY_RESPONSIBLE, BulkSkipReason.ROLE_ALREADY_HELD, BulkSkipReason.ALREADY_RESPONSIBLE,
    ]


def test_skipped_customers_carry_their_reasons(w: World) -> None:
    w.d.set_responsibility(w.a, w.liisa, valid_from=JAN_1)
    w.d.archive_customer(w.other)
    everyone = CustomerFilter(archived=vastuu.ArchivedFilter.INCLUDE)
    plan = w.d.plan_bulk(filter=everyone, add=w.liisa, roles=[w.accountant])
    reasons = {s.customer: s for s in plan.skipped}
    assert reasons[w.a].reason is BulkSkipReason.RESPONSIBLE_IN_OTHER_PERIOD
    assert reasons[w.a].period == vastuu.Period(valid_from=JAN_1)
    assert reasons[w.other].reason is BulkSkipReason.CUSTOMER_ARCHIVED
    # With no roles, only where a role is missing means: where nobody is responsible.
    plan = w.d.plan_bulk(filter=w.in_uusimaa(), add=w.liisa, only_missing_role=True)
    assert [(s.customer, s.reason, s.by) for s in plan.skipped] == [
        (w.a, BulkSkipReason.ALREADY_RESPONSIBLE, None),
        (w.b, BulkSkipReason.ALREADY_COVERED, w.pekka),
        (w.c, BulkSkipReason.ALREADY_COVERED, w.pekka),
    ]
    assert plan.is_empty()


def test_removing_takes_the_responsibilities_and_skips_the_others(w: World) -> None:
    plan = w.d.plan_bulk(filter=w.in_uusimaa(), remove=w.pekka)
    assert plan.action is BulkAction.REMOVE
    assert (plan.roles, plan.valid_from, plan.only_missing_role) == ((), None, False)
    assert [(c.customer, c.after) for c in plan.changes] == [(w.b, None), (w.c, None)]
    assert plan.changes[0].before == w.d.responsibility(w.b, w.pekka)
    assert [(s.customer, s.reason) for s in plan.skipped] == [(w.a, BulkSkipReason.NOT_RESPONSIBLE)]
    w.d.apply_bulk(plan)
    assert w.d.responsibilities_held_by(w.pekka) == []


def test_a_filter_selecting_no_customer_gives_an_empty_plan_that_commits_nothing(w: World) -> None:
    plan = w.d.plan_bulk(filter=CustomerFilter(text="no such customer"), add=w.liisa)
    assert plan.is_empty() and plan.changes == () and plan.skipped == ()
    before = (w.d.data(), w.d.last_seq)
    w.d.apply_bulk(plan)
    assert (w.d.data(), w.d.last_seq) == before


def test_a_stale_plan_is_refused_naming_the_customers(w: World) -> None:
    plan = w.d.plan_bulk(filter=w.in_uusimaa(), add=w.liisa, roles=[w.accountant], only_missing_role=True)
    w.d.remove_role(w.b, w.pekka, w.accountant)  # B would now get Liisa
    late = w.d.create_customer("D Oy", group=w.uusimaa)  # and D is selected too
    before = (w.d.data(), w.d.last_seq)
    with pytest.raises(vastuu.StaleBulkPlanError) as raised:
        w.d.apply_bulk(plan)
    assert (raised.value.employee, raised.value.customers) == (w.liisa, (w.b, late))
    assert raised.value.code == "stale_bulk_plan"
    assert (w.d.data(), w.d.last_seq) == before, "nothing applied"
    w.d.apply_bulk(w.d.plan_bulk(filter=w.in_uusimaa(), add=w.liisa, roles=[w.accountant], only_missing_role=True))
    assert w.d.responsibility(late, w.liisa) is not None


def test_bad_input_raises_typed_errors_naming_what_is_wrong(w: World) -> None:
    f = w.in_uusimaa()
    with pytest.raises(vastuu.NotFoundError) as unknown:
        w.d.plan_bulk(filter=f, add=EmployeeId(99))
    assert unknown.value.id == EmployeeId(99)
    with pytest.raises(vastuu.NotFoundError) as unknown_role:
        w.d.plan_bulk(filter=f, add=w.liisa, roles=[RoleId(77)])
    assert unknown_role.value.id == RoleId(77)
    with pytest.raises(vastuu.WrongRoleScopeError) as scope:
        w.d.plan_bulk(filter=f, add=w.liisa, roles=[w.accountant, w.manager])
    assert (scope.value.role, scope.value.role_scope, scope.value.needed) == (w.manager, RoleScope.PROJECT, RoleScope.CUSTOMER)
    with pytest.raises(vastuu.InvalidPeriodError) as period:
        w.d.plan_bulk(filter=f, add=w.liisa, valid_from=JAN_1, valid_to=D(2026, 1, 1))
    assert (period.value.valid_from, period.value.valid_to) == (JAN_1, D(2026, 1, 1))
    w.d.archive_employee(w.liisa)
    with pytest.raises(vastuu.EmployeeInactiveError) as inactive:
        w.d.plan_bulk(filter=f, add=w.liisa)
    assert inactive.value.employee == w.liisa
    w.d.plan_bulk(filter=f, remove=w.liisa)  # an inactive employee's responsibilities can go
    with pytest.raises(vastuu.NotFoundError) as unknown_group:
        w.d.plan_bulk(filter=CustomerFilter(groups=[vastuu.CustomerGroupId(55)]), remove=w.pekka)
    assert unknown_group.value.id == vastuu.CustomerGroupId(55)
    with pytest.raises(vastuu.InvalidTextError):
        w.d.plan_bulk(filter=f, remove=w.pekka, actor=" ")
    # Arguments that mean nothing together.
    with pytest.raises(TypeError, match="not both"):
        w.d.plan_bulk(filter=f, add=w.pekka, remove=w.pekka)
    with pytest.raises(TypeError, match="needs add="):
        w.d.plan_bulk(filter=f)
    with pytest.raises(TypeError, match="takes no roles"):
        w.d.plan_bulk(filter=f, remove=w.pekka, roles=[w.accountant])
    with pytest.raises(TypeError, match="takes no roles"):
        w.d.plan_bulk(filter=f, remove=w.pekka, valid_to=JAN_1)
    with pytest.raises(TypeError, match="takes no roles"):
        w.d.plan_bulk(filter=f, remove=w.pekka, only_missing_role=True)


def test_plans_and_their_rows_pickle_and_apply_after_unpickling(w: World) -> None:
    plan = w.d.plan_bulk(filter=w.in_uusimaa(), add=w.liisa, roles=[w.accountant], only_missing_role=True)
    copy = pickle.loads(pickle.dumps(plan))
    assert copy == plan and hash(copy) == hash(plan)
    assert pickle.loads(pickle.dumps(plan.skipped[0])) == plan.skipped[0]
    assert plan.changes[0].to_dict()["customer"] == int(w.a)
    assert plan.skipped[0].to_dict()["reason"] == "role_already_held"
    assert plan.to_dict()["action"] == "add"
    w.d.apply_bulk(copy)
    assert w.d.responsibility(w.a, w.liisa) is not None
