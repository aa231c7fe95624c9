"""The fields stored format 3 added to the rows: external ids, a team's leads, a group's default
team, and the change set a revert reverts; empty until set, and part of equality and to_dict()."""

from __future__ import annotations

import vastuu


def test_new_rows_start_without_external_ids_leads_or_default_team(d: vastuu.Directory) -> None:
    t = d.create_team("Tiimi")
    e = d.create_employee("Matti", team=t)
    g = d.create_customer_group("Pohjoinen")
    c = d.create_customer("Esimerkki", group=g)
    p = d.create_project(c, "Remontti")
    assert d.employee(e).external_id is None
    assert d.customer(c).external_id is None
    assert d.project(p).external_id is None
    assert d.customer_group(g).external_id is None
    assert d.team(t).leads == ()
    assert d.customer_group(g).default_team == ()
    assert [cs.reverts for cs in d.change_sets()] == [None] * 5


def test_rows_with_the_fields_set_compare_and_convert_by_them() -> None:
    e1, e2 = vastuu.EmployeeId(1), vastuu.EmployeeId(2)
    r = vastuu.RoleId(3)
    default = vastuu.GroupDefault(e1, roles=[r])
    assert (default.employee, default.roles) == (e1, (r,))
    assert default == vastuu.GroupDefault(e1, [r]) and default != vastuu.GroupDefault(e1)
    group = vastuu.CustomerGroup(
        id=vastuu.CustomerGroupId(1), name="Pohjoinen", default_team=[default, vastuu.GroupDefault(e2)],
        external_id="G-1",
    )
    assert group.default_team == (default, vastuu.GroupDefault(e2))
    assert group.to_dict()["external_id"] == "G-1"
    assert group != vastuu.CustomerGroup(id=vastuu.CustomerGroupId(1), name="Pohjoinen")
    team = vastuu.Team(id=vastuu.TeamId(1), name="Tiimi", leads=[e2, e1])
    assert set(team.leads) == {e1, e2}
    employee = vastuu.Employee(id=e1, name="Matti", external_id="HR-1")
    customer = vastuu.Customer(id=vastuu.CustomerId(1), name="Esimerkki", external_id="crm:1")
    project = vastuu.Project(id=vastuu.ProjectId(1), customer=customer.id, name="Remontti", external_id="P-1")
    assert (employee.external_id, customer.external_id, project.external_id) == ("HR-1", "crm:1", "P-1")
