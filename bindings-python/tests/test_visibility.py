"""Visibility: can_view with its reasons, and its set forms checked against it."""

from __future__ import annotations

import datetime

import pytest

import vastuu
from vastuu import ArchivedFilter, CustomerFilter, CustomerId, EmployeeId, Page, Visibility, VisibilityReason

D = datetime.date
DAY = D(2026, 6, 1)


def test_can_view_with_reasons(d: vastuu.Directory) -> None:
    aino = d.create_employee("Aino")
    seller = d.create_employee("Myyjä", sales_rights=True)
    admin = d.create_employee("Pääkäyttäjä", sees_all=True)
    outsider = d.create_employee("Ulkopuolinen")
    north = d.create_customer_group("Pohjoinen", salespeople=[seller])
    oljy = d.create_customer("Öljy Oy", group=north)
    other = d.create_customer("Muu Oy")
    roof = d.create_project(oljy, "Kattoremontti")
    d.set_responsibility(oljy, aino, valid_to=D(2026, 12, 31))
    d.add_responsibility(roof, aino)

    v = d.can_view(aino, oljy, DAY)
    assert isinstance(v, Visibility) and v and v.visible
    assert (v.admin, v.responsible, v.projects, v.salesperson_of) == (False, True, (roof,), None)
    assert v.reasons == (VisibilityReason.RESPONSIBLE, VisibilityReason.PROJECT_RESPONSIBLE)
    assert v.to_dict() == {"visible": True, "admin": False, "responsible": True, "projects": [int(roof)],
                           "salesperson_of": None, "lead_of": None, "through_members": [],
                           "reasons": ["responsible", "project_responsible"]}
    # After the customer responsibility ends, the project one still shows the customer.
    later = d.can_view(aino, oljy, D(2027, 1, 1))
    assert later.visible and later.reasons == (VisibilityReason.PROJECT_RESPONSIBLE,)
    sold = d.can_view(seller, oljy, DAY)
    assert sold.salesperson_of == north and sold.reasons == (VisibilityReason.SALESPERSON,)
    assert d.can_view(admin, other, DAY).reasons == (VisibilityReason.ADMIN,)
    denied = d.can_view(outsider, oljy, DAY)
    assert not denied and denied.reasons == () and denied == d.can_view(outsider, other, DAY)
    assert hash(denied) == hash(d.can_view(outsider, other, DAY))
    assert repr(denied) == ("Visibility(visible=False, admin=False, responsible=False, projects=(), "
                            "salesperson_of=None, lead_of=None, through_members=(), reasons=())")
    # Losing sales rights, or being archived, takes visibility away.
    d.update_employee(seller, sales_rights=False)
    assert not d.can_view(seller, oljy, DAY)
    d.archive_employee(aino)
    assert not d.can_view(aino, oljy, DAY)

    assert d.visible_customers(admin, DAY) == [other, oljy]
    assert d.visible_customers(outsider, DAY) == []
    assert d.who_can_view(oljy, DAY) == [admin]
    with pytest.raises(vastuu.NotFoundError):
        d.can_view(EmployeeId(99), oljy, DAY)
    with pytest.raises(vastuu.NotFoundError):
        d.who_can_view(CustomerId(99), DAY)
    with pytest.raises(TypeError):
        d.can_view(oljy, aino, DAY)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.visible_customers(admin, datetime.datetime(2026, 6, 1))


@pytest.mark.parametrize("day", [D(2024, 1, 1), DAY, D(2028, 6, 30)])
def test_set_forms_give_exactly_what_can_view_allows(day: datetime.date) -> None:
    d = vastuu.Directory.generate()
    employees = d.employees()
    # Make every kind of reason occur: an admin and a salesperson without sales rights.
    d.update_employee(employees[0].id, sees_all=True)
    seller = next(e for g in d.customer_groups() for e in g.salespeople)
    d.update_employee(seller, sales_rights=False)
    # And team leads: every team led by its first member.
    for t in d.teams():
        members = [e.id for e in d.employees() if e.team == t.id]
        d.set_team_leads(t.id, members[:1])
    customers = d.filter_customers(CustomerFilter(archived=ArchivedFilter.INCLUDE))  # Finnish order
    columns = [c.employee for c in d.matrix(rows=Page(0, 0)).columns]  # active employees, Finnish order
    reasons: set[VisibilityReason] = set()
    for e in employees:
        allowed = [c for c in customers if d.can_view(e.id, c, day)]
        assert d.visible_customers(e.id, day) == allowed
    for c in customers[::7]:
        views = {e: d.can_view(e, c, day) for e in columns}
        assert d.who_can_view(c, day) == [e for e in columns if views[e]]
        for v in views.values():
            reasons.update(v.reasons)
            assert v.visible == bool(v.reasons)
    assert reasons == set(VisibilityReason)
