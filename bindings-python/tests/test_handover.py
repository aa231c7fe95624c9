"""Handover plans end to end: preview, apply, replace and add, dated handovers with their exact
boundaries, selected roles, what is skipped and why, stale plans, history."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

import vastuu
from vastuu import (
    CustomerId,
    EmployeeId,
    HandoverMode,
    HandoverPlan,
    ProjectId,
    Responsibility,
    ResponsibilityStep,
    RoleId,
    RoleScope,
    SalespersonPlaceStep,
    SkippedItem,
    SkipReason,
)

D = datetime.date
EFFECTIVE = D(2027, 1, 1)


@dataclasses.dataclass
class World:
    d: vastuu.Directory
    leaving: EmployeeId
    staying: EmployeeId
    service: RoleId  # customer role
    sales: RoleId  # customer role
    project_role: RoleId
    c_roles: CustomerId  # leaving: service + sales, always valid
    c_dated: CustomerId  # leaving: no roles, 2026-01-01..2027-06-30
    c_shared: CustomerId  # leaving and staying both responsible
    c_ended: CustomerId  # leaving: ends 2026-05-31
    c_later: CustomerId  # leaving: from 2027-03-01
    c_on_day: CustomerId  # leaving: from the effective day itself
    project: ProjectId  # of c_roles; leaving with the project role
    group: vastuu.CustomerGroupId  # leaving is a salesperson


@pytest.fixture
def w(d: vastuu.Directory) -> World:
    leaving = d.create_employee("Liisa Lähtijä", sales_rights=True)
    staying = d.create_employee("Jussi Jatkaja", sales_rights=True)
    service = d.create_role("Huoltovastaava", RoleScope.CUSTOMER)
    sales = d.create_role("Myyntivastaava", RoleScope.CUSTOMER)
    project_role = d.create_role("Projektipäällikkö", RoleScope.PROJECT)
    c_roles = d.create_customer("Roolit Oy")
    d.set_roles(c_roles, leaving, [service, sales])
    c_dated = d.create_customer("Määräaikainen Oy")
    d.set_responsibility(c_dated, leaving, valid_from=D(2026, 1, 1), valid_to=D(2027, 6, 30))
    c_shared = d.create_customer("Yhteinen Oy")
    d.add_responsibility(c_shared, leaving)
    d.add_role(c_shared, staying, service)
    c_ended = d.create_customer("Päättynyt Oy")
    d.set_responsibility(c_ended, leaving, valid_to=D(2026, 5, 31))
    c_later = d.create_customer("Myöhempi Oy")
    d.set_responsibility(c_later, leaving, valid_from=D(2027, 3, 1))
    c_on_day = d.create_customer("Samana päivänä Oy")
    d.set_responsibility(c_on_day, leaving, valid_from=EFFECTIVE)
    project = d.create_project(c_roles, "Kattoremontti")
    d.add_role(project, leaving, project_role)
    group = d.create_customer_group("Pohjoinen", salespeople=[leaving])
    return World(d, leaving, staying, service, sales, project_role, c_roles, c_dated, c_shared, c_ended, c_later,
                 c_on_day, project, group)


def _responsibility_steps(plan: HandoverPlan) -> dict[CustomerId | ProjectId, ResponsibilityStep]:
    return {s.subject: s for s in plan.steps if isinstance(s, ResponsibilityStep)}


def _place_steps(plan: HandoverPlan) -> list[SalespersonPlaceStep]:
    return [s for s in plan.steps if isinstance(s, SalespersonPlaceStep)]


def _held(d: vastuu.Directory, employee: EmployeeId) -> dict[CustomerId | ProjectId, Responsibility]:
    return {r.subject: r for r in d.responsibilities_held_by(employee)}


def test_replace_at_once(w: World) -> None:
    d = w.d
    before_seq, before = d.last_seq, d.data()
    plan = d.plan_handover(w.leaving, w.staying, actor="Maija")
    # Planning changes nothing.
    assert d.last_seq == before_seq and d.data() == before
    assert plan.from_ == w.leaving and plan.to == w.staying and plan.mode is HandoverMode.REPLACE
    assert plan.effective is None and plan.roles is None and plan.subjects is None and plan.actor == "Maija"
    assert (plan.customers, plan.projects, plan.salesperson_places) == (True, True, True)
    assert not plan.is_empty()

    steps = _responsibility_steps(plan)
    assert list(steps) == [w.c_roles, w.c_dated, w.c_ended, w.c_later, w.c_on_day, w.project]
    first = steps[w.c_roles]
    assert first.customer == w.c_roles and first.from_after is None
    assert first.from_before == Responsibility(subject=w.c_roles, employee=w.leaving, roles=[w.service, w.sales])
    assert first.to_after == Responsibility(subject=w.c_roles, employee=w.staying, roles=[w.service, w.sales])
    assert steps[w.project].customer == w.c_roles
    # The periods move unchanged.
    assert steps[w.c_dated].to_after.period == vastuu.Period(D(2026, 1, 1), D(2027, 6, 30))
    assert _place_steps(plan) == [plan.steps[-1]]
    place = _place_steps(plan)[0]
    assert place.group == w.group and place.from_stays is False
    assert all(isinstance(s, SkippedItem) for s in plan.skipped)
    assert [(s.item, s.reason) for s in plan.skipped] == [(w.c_shared, SkipReason.TARGET_ALREADY_RESPONSIBLE)]

    d.apply_handover(plan)
    assert d.last_seq == before_seq + 1, "one change set"
    assert list(_held(d, w.leaving)) == [w.c_shared]
    held = _held(d, w.staying)
    assert set(held) == {w.c_roles, w.c_dated, w.c_shared, w.c_ended, w.c_later, w.c_on_day, w.project}
    for subject, step in steps.items():
        assert held[subject] == step.to_after
    assert held[w.c_shared].roles == (w.service,), "the new holder's own responsibility is left as it was"
    assert d.customer_group(w.group).salespeople == (w.staying,)
    d.check_integrity()


def test_history_entry_carries_the_plans_actor(w: World) -> None:
    d = w.d
    d.actor = "Pääkäyttäjä"
    d.apply_handover(d.plan_handover(w.leaving, w.staying, actor="Maija"))
    last = d.change_sets()[-1]
    assert last.actor == "Maija"
    assert d.actor == "Pääkäyttäjä", "the directory's actor is restored"
    assert set(last.keys) >= {w.leaving, w.staying, w.c_roles, w.c_dated}
    assert d.history(w.leaving)[-1] == last and d.history(w.c_roles)[-1] == last
    # Without an actor in the plan, the directory's actor is recorded.
    other = d.create_employee("Kolmas", sales_rights=True)
    d.apply_handover(d.plan_handover(w.staying, other, subjects=[w.c_roles]))
    assert d.change_sets()[-1].actor == "Pääkäyttäjä"


def test_add_keeps_the_old_holder(w: World) -> None:
    d = w.d
    before = _held(d, w.leaving)
    plan = d.plan_handover(w.leaving, w.staying, mode=HandoverMode.ADD)
    assert plan.mode is HandoverMode.ADD
    for step in _responsibility_steps(plan).values():
        assert step.from_after == step.from_before
        assert step.to_after.roles == step.from_before.roles and step.to_after.period == step.from_before.period
    assert [s.from_stays for s in _place_steps(plan)] == [True]
    d.apply_handover(plan)
    assert _held(d, w.leaving) == before
    assert len(_held(d, w.staying)) == 7
    assert set(d.customer_group(w.group).salespeople) == {w.leaving, w.staying}


def test_dated_replace_has_exact_boundaries(w: World) -> None:
    d = w.d
    plan = d.plan_handover(w.leaving, w.staying, effective=EFFECTIVE)
    assert plan.effective == EFFECTIVE
    eve = D(2026, 12, 31)
    steps = _responsibility_steps(plan)
    assert set(steps) == {w.c_roles, w.c_dated, w.c_later, w.c_on_day, w.project}
    skipped = {(s.item, s.reason) for s in plan.skipped}
    assert skipped == {
        (w.c_shared, SkipReason.TARGET_ALREADY_RESPONSIBLE),
        (w.c_ended, SkipReason.ENDS_BEFORE_EFFECTIVE_DATE),
        (w.group, SkipReason.SALESPERSON_PLACES_ARE_NOT_DATED),
    }
    d.apply_handover(plan)
    old, new = _held(d, w.leaving), _held(d, w.staying)
    # Open-ended: the old holder ends on the eve, the new one starts on the day.
    assert (old[w.c_roles].valid_from, old[w.c_roles].valid_to) == (None, eve)
    assert (new[w.c_roles].valid_from, new[w.c_roles].valid_to) == (EFFECTIVE, None)
    assert new[w.c_roles].roles == (w.service, w.sales)
    # A closed period is split at the day, keeping its start and its end.
    assert (old[w.c_dated].valid_from, old[w.c_dated].valid_to) == (D(2026, 1, 1), eve)
    assert (new[w.c_dated].valid_from, new[w.c_dated].valid_to) == (EFFECTIVE, D(2027, 6, 30))
    # Starting after the day, or on it: nothing is left for the old holder.
    assert w.c_later not in old and w.c_on_day not in old
    assert new[w.c_later].valid_from == D(2027, 3, 1)
    assert new[w.c_on_day].valid_from == EFFECTIVE
    # Ended before the day: untouched.
    assert old[w.c_ended].valid_to == D(2026, 5, 31) and w.c_ended not in new
    # Exactly one of the two is responsible on each side of the boundary.
    for subject in (w.c_roles, w.c_dated):
        assert old[subject].is_valid_on(eve) and not new[subject].is_valid_on(eve)
        assert not old[subject].is_valid_on(EFFECTIVE) and new[subject].is_valid_on(EFFECTIVE)
    assert d.customer_group(w.group).salespeople == (w.leaving,)


def test_dated_add_keeps_the_old_holder_and_starts_the_new_on_the_day(w: World) -> None:
    d = w.d
    d.apply_handover(d.plan_handover(w.leaving, w.staying, mode=HandoverMode.ADD, effective=EFFECTIVE,
                                     subjects=[w.c_roles, w.c_dated]))
    old, new = _held(d, w.leaving), _held(d, w.staying)
    assert old[w.c_roles].period.is_always()
    assert (new[w.c_roles].valid_from, new[w.c_roles].valid_to) == (EFFECTIVE, None)
    assert (new[w.c_dated].valid_from, new[w.c_dated].valid_to) == (EFFECTIVE, D(2027, 6, 30))


def test_selected_roles(w: World) -> None:
    d = w.d
    plan = d.plan_handover(w.leaving, w.staying, roles=[w.service], salesperson_places=False)
    assert plan.roles == (w.service,)
    # Only responsibilities holding the role; only the role moves; the rest stays.
    steps = _responsibility_steps(plan)
    assert list(steps) == [w.c_roles]
    assert steps[w.c_roles].from_after == Responsibility(subject=w.c_roles, employee=w.leaving, roles=[w.sales])
    assert steps[w.c_roles].to_after.roles == (w.service,)
    assert plan.skipped == ()
    d.apply_handover(plan)
    assert d.responsibility(w.c_roles, w.leaving) == steps[w.c_roles].from_after
    assert d.responsibility(w.c_roles, w.staying) == steps[w.c_roles].to_after
    # A dated replace of some roles cannot be scheduled: roles have no dates.
    dated = d.plan_handover(w.leaving, w.staying, roles=[w.sales], effective=EFFECTIVE)
    assert [(s.item, s.reason) for s in dated.skipped] == [
        (w.c_roles, SkipReason.TARGET_ALREADY_RESPONSIBLE),
        (w.group, SkipReason.SALESPERSON_PLACES_ARE_NOT_DATED),
    ]
    other = d.create_employee("Kolmas")
    whole = d.plan_handover(w.staying, other, roles=[w.service], effective=EFFECTIVE)
    assert list(_responsibility_steps(whole)) == [w.c_roles, w.c_shared] and whole.skipped == ()
    d.add_role(w.c_roles, w.staying, w.sales)
    partial = d.plan_handover(w.staying, other, roles=[w.service], effective=EFFECTIVE)
    assert list(_responsibility_steps(partial)) == [w.c_shared]
    assert [(s.item, s.reason) for s in partial.skipped] == [
        (w.c_roles, SkipReason.PARTIAL_ROLES_CANNOT_BE_SCHEDULED)]


def test_kinds_and_subjects_select_what_moves(w: World) -> None:
    d = w.d
    only_projects = d.plan_handover(w.leaving, w.staying, customers=False, salesperson_places=False)
    assert list(_responsibility_steps(only_projects)) == [w.project] and only_projects.steps[0].to_dict()
    assert only_projects.customers is False
    only_customers = d.plan_handover(w.leaving, w.staying, projects=False)
    assert w.project not in _responsibility_steps(only_customers) and only_customers.projects is False
    assert len(_place_steps(only_customers)) == 1
    no_places = d.plan_handover(w.leaving, w.staying, salesperson_places=False)
    assert _place_steps(no_places) == [] and no_places.salesperson_places is False
    wanted: list[CustomerId | ProjectId] = [w.project, w.c_dated]
    chosen = d.plan_handover(w.leaving, w.staying, subjects=(s for s in wanted))  # any iterable
    assert chosen.subjects == (w.c_dated, w.project)
    assert list(_responsibility_steps(chosen)) == [w.c_dated, w.project]
    d.apply_handover(chosen)
    assert set(_held(d, w.staying)) == {w.c_shared, w.c_dated, w.project}


def test_skip_reasons_for_the_target(w: World) -> None:
    d = w.d
    inactive = d.create_employee("Passiivinen", sales_rights=True, active=False)
    plan = d.plan_handover(w.leaving, inactive)
    assert plan.is_empty() and plan.steps == ()
    assert {s.reason for s in plan.skipped} == {SkipReason.TARGET_INACTIVE}
    assert [s.item for s in plan.skipped] == [
        w.c_roles, w.c_dated, w.c_shared, w.c_ended, w.c_later, w.c_on_day, w.project, w.group]
    no_rights = d.create_employee("Ei myyjä")
    plan = d.plan_handover(w.leaving, no_rights, customers=False, projects=False)
    assert [(s.item, s.reason) for s in plan.skipped] == [(w.group, SkipReason.TARGET_HAS_NO_SALES_RIGHTS)]
    d.add_group_salesperson(w.group, w.staying)
    plan = d.plan_handover(w.leaving, w.staying, customers=False, projects=False)
    assert [(s.item, s.reason) for s in plan.skipped] == [(w.group, SkipReason.TARGET_ALREADY_SALESPERSON)]
    # An empty plan applies as nothing at all.
    seq = d.last_seq
    d.apply_handover(plan)
    assert d.last_seq == seq


def test_a_stale_plan_is_refused_and_changes_nothing(w: World) -> None:
    d = w.d
    plan = d.plan_handover(w.leaving, w.staying)
    d.toggle(d.create_customer("Uusi asiakas"), w.leaving)  # the plan would now move one more
    before, seq = d.data(), d.last_seq
    with pytest.raises(vastuu.StalePlanError) as raised:
        d.apply_handover(plan)
    err = raised.value
    assert err.from_ == w.leaving and err.to == w.staying and "stale" in str(err)
    assert d.data() == before and d.last_seq == seq
    # Planning again gives a plan that applies.
    d.apply_handover(d.plan_handover(w.leaving, w.staying))
    assert list(_held(d, w.leaving)) == [w.c_shared]


def test_a_change_that_leaves_the_plan_as_it_is_does_not_make_it_stale(w: World) -> None:
    d = w.d
    plan = d.plan_handover(w.leaving, w.staying)
    d.create_team("Huolto")
    d.apply_handover(plan)
    assert list(_held(d, w.leaving)) == [w.c_shared]


def test_bad_requests(w: World) -> None:
    d = w.d
    before = d.data()
    with pytest.raises(vastuu.HandoverToSelfError) as to_self:
        d.plan_handover(w.leaving, w.leaving)
    assert to_self.value.employee == w.leaving and isinstance(to_self.value, ValueError)
    with pytest.raises(vastuu.NotFoundError):
        d.plan_handover(w.leaving, EmployeeId(99))
    with pytest.raises(vastuu.NotFoundError) as role:
        d.plan_handover(w.leaving, w.staying, roles=[RoleId(42)])
    assert role.value.id == RoleId(42)
    with pytest.raises(vastuu.NotFoundError) as subject:
        d.plan_handover(w.leaving, w.staying, subjects=[ProjectId(42)])
    assert subject.value.id == ProjectId(42)
    with pytest.raises(vastuu.InvalidTextError):
        d.plan_handover(w.leaving, w.staying, actor=" ")
    with pytest.raises(TypeError):
        d.plan_handover(w.c_roles, w.staying)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.plan_handover(w.leaving, w.staying, mode="replace")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.plan_handover(w.leaving, w.staying, effective=datetime.datetime(2027, 1, 1))
    with pytest.raises(TypeError):
        d.apply_handover("plan")  # type: ignore[arg-type]
    assert d.data() == before


def test_plan_rows_are_immutable_and_plain(w: World) -> None:
    d = w.d
    plan = d.plan_handover(w.leaving, w.staying, effective=EFFECTIVE, subjects=[w.c_dated, w.project],
                           roles=[w.project_role], actor="Maija")
    with pytest.raises(AttributeError):
        plan.actor = "Joku muu"  # type: ignore[misc]
    assert plan == d.plan_handover(w.leaving, w.staying, effective=EFFECTIVE, subjects=[w.project, w.c_dated],
                                   roles=[w.project_role], actor="Maija")
    assert hash(plan) == hash(d.plan_handover(w.leaving, w.staying, effective=EFFECTIVE,
                                              subjects=[w.c_dated, w.project], roles=[w.project_role],
                                              actor="Maija"))
    assert repr(plan).startswith("HandoverPlan(from_=EmployeeId(1), to=EmployeeId(2), mode=")
    plain = plan.to_dict()
    assert plain["from_"] == 1 and plain["to"] == 2 and plain["mode"] == "replace"
    assert plain["effective"] == EFFECTIVE and plain["roles"] == [int(w.project_role)]
    assert plain["subjects"] == [["customer", int(w.c_dated)], ["project", int(w.project)]]
    [step] = plain["steps"]
    assert step == {
        "subject_kind": "project", "subject": int(w.project), "customer": int(w.c_roles),
        "from_before": {"subject_kind": "project", "subject": int(w.project), "employee": 1,
                        "roles": [int(w.project_role)], "valid_from": None, "valid_to": None},
        "from_after": {"subject_kind": "project", "subject": int(w.project), "employee": 1,
                       "roles": [int(w.project_role)], "valid_from": None, "valid_to": D(2026, 12, 31)},
        "to_after": {"subject_kind": "project", "subject": int(w.project), "employee": 2,
                     "roles": [int(w.project_role)], "valid_from": EFFECTIVE, "valid_to": None},
    }
    assert plain["skipped"] == [
        {"item_kind": "customer_group", "item": int(w.group), "reason": "salesperson_places_are_not_dated"}]
    skipped = plan.skipped[0]
    assert skipped.to_dict() == plain["skipped"][0] and hash(skipped) == hash(plan.skipped[0])
    assert repr(skipped) == ("SkippedItem(item=CustomerGroupId(1), "
                             "reason=<SkipReason.SALESPERSON_PLACES_ARE_NOT_DATED: 'salesperson_places_are_not_dated'>)")
    place = _place_steps(d.plan_handover(w.leaving, w.staying))[0]
    assert place.to_dict() == {"group": int(w.group), "from_stays": False}
    assert repr(place) == "SalespersonPlaceStep(group=CustomerGroupId(1), from_stays=False)"
    responsibility_step = plan.steps[0]
    assert isinstance(responsibility_step, ResponsibilityStep)
    assert responsibility_step.to_dict() == step and hash(responsibility_step) == hash(plan.steps[0])
    assert repr(responsibility_step).startswith("ResponsibilityStep(subject=ProjectId(1), customer=CustomerId(1), ")
