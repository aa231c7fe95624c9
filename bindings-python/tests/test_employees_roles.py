from __future__ import annotations

import pytest

import vastuu
from vastuu import EmployeeId, RoleScope, TeamId


def test_create_read_update_employee(d: vastuu.Directory) -> None:
    team = d.create_team("Huolto")
    e = d.create_employee(" Maija ", email="maija@example.fi", team=team, sales_rights=True, sees_all=True)
    m = d.employee(e)
    assert (m.id, m.name, m.email, m.team, m.sales_rights, m.active, m.sees_all) == (
        e, "Maija", "maija@example.fi", team, True, True, True,
    )
    d.update_employee(e, name="Maija Meikäläinen", sales_rights=False)
    m = d.employee(e)
    assert m.name == "Maija Meikäläinen" and not m.sales_rights
    assert m.email == "maija@example.fi" and m.team == team, "fields left out stay as they were"
    d.update_employee(e, email=None, team=None)
    m = d.employee(e)
    assert m.email is None and m.team is None, "None clears"
    d.update_employee(e, active=False, sees_all=False)
    assert not d.employee(e).active and not d.employee(e).sees_all
    inactive = d.create_employee("Passiivinen", active=False)
    assert not d.employee(inactive).active
    assert [x.id for x in d.employees()] == [e, inactive]


def test_archive_reactivate_delete_employee(d: vastuu.Directory) -> None:
    e = d.create_employee("Matti", sales_rights=True)
    c = d.create_customer("Esimerkki")
    g = d.create_customer_group("Pohjoinen", salespeople=[e])
    d.toggle(c, e)
    d.archive_employee(e)
    assert not d.employee(e).active
    assert d.responsibility(c, e) is not None, "archiving keeps responsibilities"
    d.reactivate_employee(e)
    assert d.employee(e).active
    d.delete_employee(e)
    assert d.employees() == []
    assert d.responsibilities() == [] and d.customer_group(g).salespeople == ()
    with pytest.raises(vastuu.NotFoundError):
        d.employee(e)


def test_teams(d: vastuu.Directory) -> None:
    t = d.create_team("Huolto")
    assert d.team(t) == vastuu.Team(id=t, name="Huolto")
    d.rename_team(t, "Asennus")
    assert d.team(t).name == "Asennus"
    e = d.create_employee("Matti", team=t)
    assert [x.name for x in d.teams()] == ["Asennus"]
    with pytest.raises(vastuu.DuplicateNameError) as err:
        d.create_team("asennus")
    assert err.value.existing == t and err.value.kind is vastuu.EntityKind.TEAM
    d.delete_team(t)
    assert d.teams() == [] and d.employee(e).team is None


def test_roles(d: vastuu.Directory) -> None:
    r = d.create_role("Huoltovastaava", RoleScope.CUSTOMER, portal_visible=True)
    role = d.role(r)
    assert (role.id, role.name, role.scope, role.portal_visible) == (r, "Huoltovastaava", RoleScope.CUSTOMER, True)
    p = d.create_role("Huoltovastaava", RoleScope.PROJECT)
    assert d.role(p).scope is RoleScope.PROJECT, "names are unique within a scope only"
    d.update_role(r, name="Myyntivastaava", portal_visible=False)
    assert d.role(r).name == "Myyntivastaava" and not d.role(r).portal_visible
    d.update_role(r, scope=RoleScope.PROJECT)
    assert d.role(r).scope is RoleScope.PROJECT
    assert [x.id for x in d.roles()] == [r, p]
    with pytest.raises(TypeError):
        d.create_role("X", "customer")  # type: ignore[arg-type]
    d.delete_role(p)
    assert [x.id for x in d.roles()] == [r]


def test_deleting_a_role_removes_it_from_responsibilities(d: vastuu.Directory) -> None:
    e = d.create_employee("Matti")
    c = d.create_customer("Esimerkki")
    r = d.create_role("Huolto", RoleScope.CUSTOMER)
    d.add_role(c, e, r)
    with pytest.raises(vastuu.RoleInUseError) as err:
        d.update_role(r, scope=RoleScope.PROJECT)
    assert err.value.role == r and err.value.responsibilities == 1
    d.delete_role(r)
    resp = d.responsibility(c, e)
    assert resp is not None and resp.roles == ()


def test_unknown_ids_raise_not_found(d: vastuu.Directory) -> None:
    with pytest.raises(vastuu.NotFoundError) as err:
        d.update_employee(EmployeeId(5), name="x")
    assert isinstance(err.value, KeyError)
    assert err.value.id == EmployeeId(5) and err.value.kind is vastuu.EntityKind.EMPLOYEE
    with pytest.raises(vastuu.NotFoundError):
        d.create_employee("x", team=TeamId(1))
