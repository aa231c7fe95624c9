"""Team leads: setting them, the refusals, the cascades that end leading, and what a lead sees."""

from __future__ import annotations

import datetime

import pytest

import vastuu
from vastuu import EmployeeId, TeamId, Visibility, VisibilityReason

DAY = datetime.date(2026, 6, 1)


def test_a_lead_sees_what_the_team_members_are_responsible_for(d: vastuu.Directory) -> None:
    team = d.create_team("Huolto")
    liisa = d.create_employee("Liisa", team=team)
    matti = d.create_employee("Matti", team=team)
    aino = d.create_employee("Aino", team=team)
    esim = d.create_customer("Esimerkki Oy")
    oljy = d.create_customer("Öljy Oy")
    roof = d.create_project(oljy, "Kattoremontti")
    d.add_responsibility(esim, matti)
    d.set_responsibility(roof, aino, valid_to=datetime.date(2026, 12, 31))

    d.set_team_leads(team, [liisa])
    assert d.team(team).leads == (liisa,)
    v = d.can_view(liisa, esim, DAY)
    assert isinstance(v, Visibility) and v
    assert (v.lead_of, v.through_members, v.reasons) == (team, (matti,), (VisibilityReason.TEAM_LEAD,))
    assert v.to_dict()["through_members"] == [int(matti)] and v.to_dict()["lead_of"] == int(team)
    # Through a project responsibility, while it is valid.
    assert d.can_view(liisa, oljy, DAY).through_members == (aino,)
    assert not d.can_view(liisa, oljy, datetime.date(2027, 1, 1))
    assert d.visible_customers(liisa, DAY) == [esim, oljy]
    assert d.who_can_view(esim, DAY) == [liisa, matti]
    # A member who is not a lead sees only their own.
    assert not d.can_view(matti, oljy, DAY)
    # An inactive lead sees nothing; an inactive member gives nothing.
    d.archive_employee(matti)
    assert not d.can_view(liisa, esim, DAY)
    d.reactivate_employee(matti)
    d.archive_employee(liisa)
    assert d.visible_customers(liisa, DAY) == []


def test_leads_are_added_removed_and_end_with_membership(d: vastuu.Directory) -> None:
    team = d.create_team("Huolto")
    other = d.create_team("Myynti")
    liisa = d.create_employee("Liisa", team=team)
    matti = d.create_employee("Matti", team=team)
    aino = d.create_employee("Aino", team=team)
    d.add_team_lead(team, liisa)
    d.add_team_lead(team, matti)
    d.add_team_lead(team, matti)
    assert d.team(team).leads == (liisa, matti)
    d.remove_team_lead(team, liisa)
    d.remove_team_lead(team, liisa)
    assert d.team(team).leads == (matti,)
    d.set_team_leads(team, (e for e in [liisa, matti, aino]))
    # Moving to another team, clearing the team, and deleting the employee each end leading.
    d.update_employee(liisa, team=other)
    assert d.team(team).leads == (matti, aino)
    d.update_employee(matti, team=None)
    assert d.team(team).leads == (aino,)
    seq = d.last_seq
    d.delete_employee(aino)
    assert d.team(team).leads == () and d.last_seq == seq + 1
    d.set_team_leads(other, [liisa])
    d.delete_team(other)
    assert d.employee(liisa).team is None
    d.set_team_leads(team, [])
    assert all(t.leads == () for t in d.teams())


def test_bad_leads_are_refused_and_change_nothing(d: vastuu.Directory) -> None:
    team = d.create_team("Huolto")
    other = d.create_team("Myynti")
    member = d.create_employee("Matti", team=team)
    outsider = d.create_employee("Ulla", team=other)
    loner = d.create_employee("Oskari")
    before = (d.data(), d.last_seq)
    # A lead of a team they are not in.
    with pytest.raises(vastuu.NotTeamMemberError) as raised:
        d.set_team_leads(team, [member, outsider])
    assert (raised.value.team, raised.value.employee) == (team, outsider)
    assert isinstance(raised.value, ValueError) and raised.value.code == "not_team_member"
    with pytest.raises(vastuu.NotTeamMemberError) as raised:
        d.add_team_lead(team, loner)
    assert raised.value.employee == loner
    # Unknown ids.
    with pytest.raises(vastuu.NotFoundError):
        d.set_team_leads(TeamId(99), [member])
    with pytest.raises(vastuu.NotFoundError):
        d.set_team_leads(team, [EmployeeId(99)])
    with pytest.raises(vastuu.NotFoundError):
        d.add_team_lead(team, EmployeeId(99))
    with pytest.raises(vastuu.NotFoundError):
        d.remove_team_lead(TeamId(99), member)
    # Wrong types.
    with pytest.raises(TypeError):
        d.set_team_leads(team, [team])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        d.set_team_leads(team, member)  # type: ignore[arg-type]
    assert (d.data(), d.last_seq) == before
