"""The views: the customer filter, pages, the matrix, the responsible-persons list, the
responsible persons of one subject, and the listing by group."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest

import vastuu
from vastuu import (
    ArchivedFilter,
    CustomerFilter,
    CustomerGroupId,
    CustomerId,
    CustomerStatus,
    EmployeeId,
    GroupCount,
    GroupListing,
    Matrix,
    MatrixCell,
    MatrixColumn,
    MatrixRow,
    Page,
    ProjectId,
    ResponsiblePerson,
    ResponsiblePersonRow,
    ResponsiblePersonsPage,
    RoleId,
    RoleRef,
    RoleScope,
    SpecialGroupId,
    SpecialGroupMatch,
    TeamId,
)

D = datetime.date


@dataclasses.dataclass
class World:
    d: vastuu.Directory
    aino: EmployeeId  # team 1; Öljy (service role, 2026 only) and its roof project
    matti: EmployeeId  # team 2, sales rights; Zeta; salesperson of the north group
    passive: EmployeeId  # inactive; Apu
    admin: EmployeeId  # sees everything
    t1: TeamId
    t2: TeamId
    service: RoleId
    project_lead: RoleId
    north: CustomerGroupId
    south: CustomerGroupId
    vip: SpecialGroupId
    partners: SpecialGroupId
    oljy: CustomerId
    apu: CustomerId
    zeta: CustomerId
    arra: CustomerId
    esim: CustomerId
    roof: ProjectId
    old_project: ProjectId


@pytest.fixture
def w(d: vastuu.Directory) -> World:
    t1, t2 = d.create_team("Huolto"), d.create_team("Myynti")
    aino = d.create_employee("Aino", email="aino@example.fi", team=t1)
    matti = d.create_employee("Matti", team=t2, sales_rights=True)
    passive = d.create_employee("Passiivinen")
    admin = d.create_employee("Pääkäyttäjä", sees_all=True)
    service = d.create_role("Huoltovastaava", RoleScope.CUSTOMER)
    project_lead = d.create_role("Projektipäällikkö", RoleScope.PROJECT)
    north = d.create_customer_group("Pohjoinen", salespeople=[matti])
    south = d.create_customer_group("Etelä")
    vip, partners = d.create_special_group("VIP"), d.create_special_group("Kumppanit")
    oljy = d.create_customer("Öljy Oy", group=north, special_groups=[vip])
    apu = d.create_customer("Apu Ab", group=north, status=CustomerStatus.PROSPECT)
    zeta = d.create_customer("Zeta Ky", special_groups=[vip, partners])
    arra = d.create_customer("Ärrä Oy", group=south)
    d.archive_customer(arra)
    esim = d.create_customer("Esimerkki Oy", number=4242)
    roof = d.create_project(oljy, "Kattoremontti")
    old_project = d.create_project(oljy, "Vanha projekti")
    d.archive_project(old_project)
    d.set_responsibility(oljy, aino, roles=[service], valid_from=D(2026, 1, 1), valid_to=D(2026, 12, 31))
    d.add_role(roof, aino, project_lead)
    d.add_responsibility(old_project, aino)
    d.toggle(zeta, matti)
    d.toggle(apu, passive)
    d.archive_employee(passive)
    return World(d, aino, matti, passive, admin, t1, t2, service, project_lead, north, south, vip, partners, oljy,
                 apu, zeta, arra, esim, roof, old_project)


def _names(d: vastuu.Directory, ids: list[CustomerId]) -> list[str]:
    return [d.customer(c).name for c in ids]


# ---- the filter ---------------------------------------------------------------------------


def test_filter_object() -> None:
    empty = CustomerFilter()
    assert empty.customers == () and empty.groups == () and empty.special_groups == ()
    assert empty.no_group is False and empty.status is None and empty.text is None
    assert empty.special_groups_match is SpecialGroupMatch.ANY_OF and empty.archived is ArchivedFilter.EXCLUDE
    assert empty.responsible is None and empty.salesperson is None
    f = CustomerFilter(customers=[CustomerId(2)], groups=(CustomerGroupId(1),), no_group=True,
                       special_groups=[SpecialGroupId(3)], special_groups_match=SpecialGroupMatch.ALL_OF,
                       status=CustomerStatus.ACTIVE, archived=ArchivedFilter.ONLY, text="oy",
                       responsible=EmployeeId(4), salesperson=EmployeeId(5))
    assert f.to_dict() == {
        "customers": [2], "groups": [1], "no_group": True, "special_groups": [3], "special_groups_match": "all_of",
        "status": "active", "archived": "only", "text": "oy", "responsible": 4, "salesperson": 5,
    }
    same = CustomerFilter(customers=[CustomerId(2)], groups=[CustomerGroupId(1)], no_group=True,
                          special_groups=[SpecialGroupId(3)], special_groups_match=SpecialGroupMatch.ALL_OF,
                          status=CustomerStatus.ACTIVE, archived=ArchivedFilter.ONLY, text="oy",
                          responsible=EmployeeId(4), salesperson=EmployeeId(5))
    assert f == same and hash(f) == hash(same) and f != empty
    assert repr(empty).startswith("CustomerFilter(customers=(), groups=(), no_group=False, ")
    with pytest.raises(AttributeError):
        f.text = "muu"  # type: ignore[misc]
    with pytest.raises(TypeError):
        CustomerFilter(groups=[CustomerId(1)])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        CustomerFilter(status="active")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        CustomerFilter(CustomerId(1))  # type: ignore[call-arg, arg-type]


CRITERIA: list[tuple[dict[str, Any], list[str]]] = [
    ({}, ["Apu Ab", "Esimerkki Oy", "Zeta Ky", "Öljy Oy"]),
    ({"archived": ArchivedFilter.INCLUDE}, ["Apu Ab", "Esimerkki Oy", "Zeta Ky", "Ärrä Oy", "Öljy Oy"]),
    ({"archived": ArchivedFilter.ONLY}, ["Ärrä Oy"]),
    ({"groups": "north"}, ["Apu Ab", "Öljy Oy"]),
    ({"no_group": True}, ["Esimerkki Oy", "Zeta Ky"]),
    ({"groups": "north", "no_group": True}, ["Apu Ab", "Esimerkki Oy", "Zeta Ky", "Öljy Oy"]),
    ({"special_groups": "vip+partners"}, ["Zeta Ky", "Öljy Oy"]),
    ({"special_groups": "vip+partners", "special_groups_match": SpecialGroupMatch.ALL_OF}, ["Zeta Ky"]),
    ({"status": CustomerStatus.PROSPECT}, ["Apu Ab"]),
    ({"groups": "north", "status": CustomerStatus.ACTIVE}, ["Öljy Oy"]),
    ({"text": " oy "}, ["Esimerkki Oy", "Öljy Oy"]),
    ({"text": "ÖLJY"}, ["Öljy Oy"]),
    ({"text": "olj"}, []),  # ö is a letter of its own, not an o
    ({"text": "424"}, ["Esimerkki Oy"]),
    ({"responsible": "aino"}, ["Öljy Oy"]),  # her project responsibility does not count
    ({"salesperson": "matti"}, ["Apu Ab", "Öljy Oy"]),
    ({"customers": "zeta+apu"}, ["Apu Ab", "Zeta Ky"]),
]


def _resolve(w: World, kwargs: dict[str, Any]) -> dict[str, Any]:
    named = {"north": [w.north], "vip+partners": [w.vip, w.partners], "aino": w.aino, "matti": w.matti,
             "zeta+apu": [w.zeta, w.apu]}
    return {k: named.get(v, v) if isinstance(v, str) and k != "text" else v for k, v in kwargs.items()}


@pytest.mark.parametrize(("kwargs", "expected"), CRITERIA, ids=[str(c[0]) for c in CRITERIA])
def test_filter_criteria(w: World, kwargs: dict[str, Any], expected: list[str]) -> None:
    f = CustomerFilter(**_resolve(w, kwargs))
    assert _names(w.d, w.d.filter_customers(f)) == expected


def test_filter_as_of_and_unknown_ids(w: World) -> None:
    d = w.d
    f = CustomerFilter(responsible=w.aino)
    assert d.filter_customers(f, as_of=D(2026, 12, 31)) == [w.oljy]
    assert d.filter_customers(f, as_of=D(2027, 1, 1)) == []
    assert _names(d, d.filter_customers()) == ["Apu Ab", "Esimerkki Oy", "Zeta Ky", "Öljy Oy"]
    for bad in (CustomerFilter(groups=[CustomerGroupId(99)]), CustomerFilter(customers=[CustomerId(99)]),
                CustomerFilter(special_groups=[SpecialGroupId(99)]), CustomerFilter(responsible=EmployeeId(99))):
        with pytest.raises(vastuu.NotFoundError):
            d.filter_customers(bad)


def test_page_object() -> None:
    assert (Page().offset, Page().limit) == (0, None)
    p = Page(2, 5)
    assert (p.offset, p.limit) == (2, 5) and p == Page(offset=2, limit=5) and hash(p) == hash(Page(2, 5))
    assert repr(p) == "Page(offset=2, limit=5)" and p.to_dict() == {"offset": 2, "limit": 5}
    assert Page(limit=None).to_dict() == {"offset": 0, "limit": None}
    with pytest.raises(OverflowError):
        Page(-1)


def test_filter_customers_page(w: World) -> None:
    d = w.d
    page = d.filter_customers_page(page=Page(1, 2))
    assert page.total == 4 and [c.name for c in page.customers] == ["Esimerkki Oy", "Zeta Ky"]
    esim = page.customers[0]
    assert (esim.id, esim.number, esim.status, esim.archived, esim.group) == (
        w.esim, 4242, CustomerStatus.ACTIVE, False, None)
    assert esim.to_dict() == {"id": int(w.esim), "name": "Esimerkki Oy", "number": 4242, "status": "active",
                              "archived": False, "group": None}
    assert d.filter_customers_page(page=Page(10)).customers == () and d.filter_customers_page(page=Page(10)).total == 4
    north = d.filter_customers_page(CustomerFilter(groups=[w.north]))
    assert [c.id for c in north.customers] == [w.apu, w.oljy] and north.total == 2
    assert north.to_dict()["customers"][0]["name"] == "Apu Ab"
    assert repr(north).startswith("CustomerPage(customers=(CustomerSummary(id=CustomerId(2), name='Apu Ab'")


# ---- the matrix ---------------------------------------------------------------------------


def test_matrix(w: World) -> None:
    d = w.d
    m = d.matrix()
    assert isinstance(m, Matrix) and all(isinstance(r, MatrixRow) for r in m.rows)
    assert all(isinstance(c, MatrixColumn) for c in m.columns) and all(isinstance(c, MatrixCell) for c in m.cells)
    assert [r.name for r in m.rows] == ["Apu Ab", "Esimerkki Oy", "Zeta Ky", "Öljy Oy"]
    assert [c.name for c in m.columns] == ["Aino", "Matti", "Pääkäyttäjä"], "inactive employees are no columns"
    assert (m.total_rows, m.total_columns) == (4, 3)
    assert [(c.subject, c.employee) for c in m.cells] == [(w.zeta, w.matti), (w.oljy, w.aino)]
    for cell in m.cells:
        assert m.rows[cell.row].subject == cell.subject and m.columns[cell.column].employee == cell.employee
        assert cell.roles == (), "roles only by_role"
    oljy = m.cells[1]
    assert (oljy.valid_from, oljy.valid_to) == (D(2026, 1, 1), D(2026, 12, 31))
    assert oljy.to_dict() == {"row": 3, "column": 0, "subject_kind": "customer", "subject": int(w.oljy),
                              "employee": int(w.aino), "valid_from": D(2026, 1, 1), "valid_to": D(2026, 12, 31),
                              "roles": []}
    row = m.rows[3]
    assert (row.customer, row.customer_number, row.archived) == (w.oljy, d.customer(w.oljy).number, False)
    assert row.to_dict()["subject_kind"] == "customer" and m.columns[0].team == w.t1
    assert m.columns[0].to_dict() == {"employee": int(w.aino), "name": "Aino", "team": int(w.t1)}


def test_matrix_options(w: World) -> None:
    d = w.d
    with_projects = d.matrix(include_projects=True)
    assert [r.name for r in with_projects.rows] == ["Apu Ab", "Esimerkki Oy", "Zeta Ky", "Öljy Oy", "Kattoremontti"]
    assert with_projects.rows[4].subject == w.roof and with_projects.rows[4].customer == w.oljy
    archived_too = d.matrix(include_projects=True, customers=CustomerFilter(archived=ArchivedFilter.INCLUDE))
    assert [r.name for r in archived_too.rows][-3:] == ["Öljy Oy", "Kattoremontti", "Vanha projekti"]
    by_role = d.matrix(by_role=True, include_projects=True)
    roles = {c.subject: [r.name for r in c.roles] for c in by_role.cells}
    assert roles == {w.zeta: [], w.oljy: ["Huoltovastaava"], w.roof: ["Projektipäällikkö"]}
    assert all(isinstance(r, RoleRef) for c in by_role.cells for r in c.roles)
    assert by_role.cells[1].roles[0].id == w.service and by_role.cells[1].roles[0].name == "Huoltovastaava"
    assert by_role.cells[2].roles[0].to_dict() == {"id": int(w.project_lead), "name": "Projektipäällikkö"}
    assert repr(by_role.cells[1].roles[0]) == "RoleRef(id=RoleId(1), name='Huoltovastaava')"
    only_service = d.matrix(role=w.service, include_projects=True)
    assert [r.subject for r in only_service.rows] == [w.oljy]
    later = d.matrix(as_of=D(2027, 1, 1))
    assert [(c.subject, c.employee) for c in later.cells] == [(w.zeta, w.matti)] and later.total_rows == 4
    assert [c.employee for c in d.matrix(teams=[w.t2]).columns] == [w.matti]
    assert [c.employee for c in d.matrix(employees=[w.aino, w.passive]).columns] == [w.aino]
    page = d.matrix(rows=Page(1, 2), columns=Page(1, 1))
    assert [r.name for r in page.rows] == ["Esimerkki Oy", "Zeta Ky"] and [c.name for c in page.columns] == ["Matti"]
    assert [(c.row, c.column, c.subject) for c in page.cells] == [(1, 0, w.zeta)]
    assert (page.total_rows, page.total_columns) == (4, 3)
    assert page.to_dict()["total_rows"] == 4 and len(page.to_dict()["cells"]) == 1
    assert d.matrix(customers=CustomerFilter(groups=[w.north])).total_rows == 2
    with pytest.raises(vastuu.NotFoundError):
        d.matrix(teams=[TeamId(9)])
    with pytest.raises(vastuu.NotFoundError):
        d.matrix(role=RoleId(9))


# ---- the responsible-persons list ---------------------------------------------------------


def test_responsible_persons(w: World) -> None:
    d = w.d
    page = d.responsible_persons()
    assert isinstance(page, ResponsiblePersonsPage) and all(isinstance(r, ResponsiblePersonRow) for r in page.rows)
    assert page.total == 3
    assert [(r.customer_name, r.project_name, r.employee_name) for r in page.rows] == [
        ("Apu Ab", None, "Passiivinen"), ("Zeta Ky", None, "Matti"), ("Öljy Oy", None, "Aino")]
    apu, _, oljy = page.rows
    assert apu.employee_active is False and apu.customer_group == w.north and apu.customer_group_name == "Pohjoinen"
    assert (oljy.email, oljy.salesperson, oljy.valid_from, oljy.valid_to) == (
        "aino@example.fi", False, D(2026, 1, 1), D(2026, 12, 31))
    assert [r.name for r in oljy.roles] == ["Huoltovastaava"]
    assert (oljy.customer, oljy.employee, oljy.project, oljy.customer_number) == (
        w.oljy, w.aino, None, d.customer(w.oljy).number)
    assert oljy.to_dict() == {
        "customer": int(w.oljy), "customer_name": "Öljy Oy", "customer_number": d.customer(w.oljy).number,
        "customer_group": int(w.north), "customer_group_name": "Pohjoinen", "project": None, "project_name": None,
        "employee": int(w.aino), "employee_name": "Aino", "email": "aino@example.fi", "salesperson": False,
        "employee_active": True, "valid_from": D(2026, 1, 1), "valid_to": D(2026, 12, 31),
        "roles": [{"id": int(w.service), "name": "Huoltovastaava"}],
    }
    with_projects = d.responsible_persons(include_projects=True)
    assert [(r.customer_name, r.project) for r in with_projects.rows][-2:] == [("Öljy Oy", None), ("Öljy Oy", w.roof)]
    archived = d.responsible_persons(include_projects=True, customers=CustomerFilter(archived=ArchivedFilter.INCLUDE))
    assert archived.total == 5 and archived.rows[-1].project == w.old_project
    assert [r.employee for r in d.responsible_persons(employees=[w.matti]).rows] == [w.matti]
    assert d.responsible_persons(as_of=D(2027, 1, 1)).total == 2
    paged = d.responsible_persons(page=Page(1, 1))
    assert paged.total == 3 and [r.customer for r in paged.rows] == [w.zeta]
    assert paged.to_dict()["total"] == 3 and paged.to_dict()["rows"][0]["customer_name"] == "Zeta Ky"
    with pytest.raises(vastuu.NotFoundError):
        d.responsible_persons(employees=[EmployeeId(99)])


def test_responsible_persons_of_a_subject(w: World) -> None:
    d = w.d
    [aino] = d.responsible_persons_of(w.oljy)
    assert isinstance(aino, ResponsiblePerson)
    assert (aino.employee, aino.name, aino.email, aino.valid_from, aino.valid_to) == (
        w.aino, "Aino", "aino@example.fi", D(2026, 1, 1), D(2026, 12, 31))
    assert [r.id for r in aino.roles] == [w.service]
    assert aino.to_dict()["roles"] == [{"id": int(w.service), "name": "Huoltovastaava"}]
    assert d.responsible_persons_of(w.apu) == [], "inactive employees do no work orders"
    assert [p.employee for p in d.responsible_persons_of(w.oljy, role=w.service)] == [w.aino]
    assert d.responsible_persons_of(w.oljy, as_of=D(2027, 1, 1)) == []
    assert [p.employee for p in d.responsible_persons_of(w.roof, role=w.project_lead)] == [w.aino]
    with pytest.raises(vastuu.RoleScopeMismatchError):
        d.responsible_persons_of(w.oljy, role=w.project_lead)
    with pytest.raises(vastuu.NotFoundError):
        d.responsible_persons_of(ProjectId(99))


# ---- the listing by group -----------------------------------------------------------------


def test_customer_listing_and_group_counts(w: World) -> None:
    d = w.d
    north = d.customer_listing(w.north)
    assert isinstance(north, GroupListing)
    assert (north.group, north.group_name) == (w.north, "Pohjoinen")
    assert [c.name for c in north.active.customers] == ["Öljy Oy"] and north.active.total == 1
    assert [c.name for c in north.prospects.customers] == ["Apu Ab"]
    assert north.to_dict()["prospects"]["customers"][0]["status"] == "prospect"
    none = d.customer_listing(None, active=Page(0, 1))
    assert none.group is None and none.group_name is None
    assert [c.name for c in none.active.customers] == ["Esimerkki Oy"] and none.active.total == 2
    south = d.customer_listing(w.south)
    assert south.active.total == 0
    assert [c.name for c in d.customer_listing(w.south, include_archived=True).active.customers] == ["Ärrä Oy"]
    assert d.customer_listing(w.north, prospects=Page(1)).prospects.customers == ()
    with pytest.raises(vastuu.NotFoundError):
        d.customer_listing(CustomerGroupId(99))
    counts = d.group_counts()
    assert all(isinstance(c, GroupCount) for c in counts)
    assert [(c.group, c.name, c.active, c.prospects) for c in counts] == [
        (w.south, "Etelä", 0, 0), (w.north, "Pohjoinen", 1, 1), (None, None, 2, 0)]
    assert d.group_counts(include_archived=True)[0].active == 1
    assert counts[1].to_dict() == {"group": int(w.north), "name": "Pohjoinen", "active": 1, "prospects": 1}


def test_views_agree_on_a_generated_directory() -> None:
    d = vastuu.Directory.generate()
    everything = CustomerFilter(archived=ArchivedFilter.INCLUDE)
    ids = d.filter_customers(everything)
    assert sorted(ids) == sorted(c.id for c in d.customers())
    # The matrix rows, the paged customer list and the filter give the same customers.
    assert [r.customer for r in d.matrix(customers=everything).rows] == ids
    assert [c.id for c in d.filter_customers_page(everything).customers] == ids
    # With archived customers and project participants, the list has every responsibility once.
    persons = d.responsible_persons(customers=everything, include_projects=True)
    assert persons.total == len(d.responsibilities()) == len(persons.rows)
    # Pages cut the same list.
    pages = [d.responsible_persons(customers=everything, include_projects=True, page=Page(o, 100)).rows
             for o in range(0, persons.total, 100)]
    assert tuple(r for page in pages for r in page) == persons.rows
    # Group counts add up to the listing totals.
    for count in d.group_counts():
        listing = d.customer_listing(count.group)
        assert (listing.active.total, listing.prospects.total) == (count.active, count.prospects)
