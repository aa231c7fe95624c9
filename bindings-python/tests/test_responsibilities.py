from __future__ import annotations

import datetime

import pytest

import vastuu
from vastuu import Period, RoleScope, Toggled


def test_toggle_add_remove(d: vastuu.Directory) -> None:
    e = d.create_employee("Matti")
    c = d.create_customer("Esimerkki")
    p = d.create_project(c, "Remontti")
    assert d.toggle(c, e) is Toggled.ADDED
    assert d.responsibility(c, e) == vastuu.Responsibility(subject=c, employee=e)
    assert d.toggle(c, e) is Toggled.REMOVED
    assert d.responsibility(c, e) is None
    assert d.add_responsibility(p, e) is True
    assert d.add_responsibility(p, e) is False
    assert [r.subject for r in d.responsibilities_for(p)] == [p]
    assert [r.subject for r in d.responsibilities_held_by(e)] == [p]
    d.remove_responsibility(p, e)
    assert d.responsibilities() == []
    with pytest.raises(vastuu.NotResponsibleError) as err:
        d.remove_responsibility(p, e)
    assert isinstance(err.value, LookupError)
    assert err.value.subject == p and err.value.employee == e


def test_roles_on_responsibilities(d: vastuu.Directory) -> None:
    e = d.create_employee("Matti")
    c = d.create_customer("Esimerkki")
    p = d.create_project(c, "Remontti")
    huolto = d.create_role("Huolto", RoleScope.CUSTOMER)
    myynti = d.create_role("Myynti", RoleScope.CUSTOMER)
    pp = d.create_role("Projektipäällikkö", RoleScope.PROJECT)
    d.add_role(c, e, huolto)
    resp = d.responsibility(c, e)
    assert resp is not None and resp.roles == (huolto,), "adding a role makes the employee responsible"
    d.set_roles(c, e, {myynti, huolto})
    resp = d.responsibility(c, e)
    assert resp is not None and resp.roles == (huolto, myynti)
    d.remove_role(c, e, huolto)
    resp = d.responsibility(c, e)
    assert resp is not None and resp.roles == (myynti,)
    with pytest.raises(vastuu.RoleScopeMismatchError) as err:
        d.add_role(p, e, huolto)
    assert (err.value.role, err.value.role_scope, err.value.subject) == (huolto, RoleScope.CUSTOMER, p)
    d.set_roles(p, e, [pp])
    assert d.responsibility(p, e) is not None


def test_periods(d: vastuu.Directory) -> None:
    e = d.create_employee("Matti")
    c = d.create_customer("Esimerkki")
    d.toggle(c, e)
    d.set_period(c, e, valid_from=datetime.date(2026, 1, 1), valid_to=datetime.date(2026, 12, 31))
    resp = d.responsibility(c, e)
    assert resp is not None
    assert (resp.valid_from, resp.valid_to) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert resp.period == Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert resp.is_valid_on(datetime.date(2026, 6, 1)) and not resp.is_valid_on(datetime.date(2027, 1, 1))
    assert resp.is_valid_on(None)
    d.clear_period(c, e)
    resp = d.responsibility(c, e)
    assert resp is not None and resp.period.is_always()
    with pytest.raises(vastuu.InvalidPeriodError) as err:
        d.set_period(c, e, valid_from=datetime.date(2026, 2, 1), valid_to=datetime.date(2026, 1, 1))
    assert (err.value.valid_from, err.value.valid_to) == (datetime.date(2026, 2, 1), datetime.date(2026, 1, 1))
    with pytest.raises(TypeError):
        d.set_period(c, e, valid_from=datetime.datetime(2026, 1, 1))
    with pytest.raises(TypeError):
        d.set_period(c, e, valid_from="2026-01-01")  # type: ignore[arg-type]


def test_set_responsibility_replaces_the_whole_row(d: vastuu.Directory) -> None:
    e = d.create_employee("Matti")
    c = d.create_customer("Esimerkki")
    r = d.create_role("Huolto", RoleScope.CUSTOMER)
    d.set_responsibility(c, e, roles=[r], valid_to=datetime.date(2026, 5, 31))
    assert d.responsibility(c, e) == vastuu.Responsibility(
        subject=c, employee=e, roles=[r], valid_to=datetime.date(2026, 5, 31)
    )
    d.set_responsibility(c, e)
    assert d.responsibility(c, e) == vastuu.Responsibility(subject=c, employee=e)


def test_inactive_employees_get_nothing_new(d: vastuu.Directory) -> None:
    e = d.create_employee("Poissa", active=False)
    c = d.create_customer("Esimerkki")
    with pytest.raises(vastuu.EmployeeInactiveError) as err:
        d.toggle(c, e)
    assert err.value.employee == e and isinstance(err.value, ValueError)
    assert d.responsibilities() == []


def test_period_class() -> None:
    p = Period(valid_from=datetime.date(2026, 1, 1))
    assert p.contains(datetime.date(2030, 1, 1)) and not p.contains(datetime.date(2025, 12, 31))
    assert not p.is_always() and Period().is_always()
    assert p.to_dict() == {"valid_from": datetime.date(2026, 1, 1), "valid_to": None}
    assert hash(p) == hash(Period(datetime.date(2026, 1, 1))) and repr(p).startswith("Period(valid_from=")
    with pytest.raises(vastuu.InvalidPeriodError):
        Period(datetime.date(2026, 1, 2), datetime.date(2026, 1, 1))
