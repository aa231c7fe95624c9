from __future__ import annotations

import pytest

import vastuu
from vastuu import CustomerStatus


def test_customers_and_numbers(d: vastuu.Directory) -> None:
    a = d.create_customer("Esimerkki Oy")
    assert d.customer(a).number == 1, "the next number of the default series"
    b = d.create_customer("Öljy Ab", number=500, status=CustomerStatus.PROSPECT)
    c = d.create_customer("Numeroton", number=None)
    assert d.customer(b).number == 500 and d.customer(b).status is CustomerStatus.PROSPECT
    assert d.customer(c).number is None
    assert d.customer_by_number(500) == d.customer(b)
    assert d.customer_by_number(2) is None
    assert d.customer_by_number(-1) is None and d.customer_by_number(10**40) is None
    d.set_customer_number(c, 42)
    assert d.customer(c).number == 42
    d.set_customer_number(c, None)
    assert d.customer(c).number is None
    assert d.renumber_customer(c) == 2
    d.update_customer(a, name="Esimerkki Oyj", status=CustomerStatus.PROSPECT)
    assert d.customer(a).name == "Esimerkki Oyj" and d.customer(a).status is CustomerStatus.PROSPECT
    d.update_customer(a, archived=True)
    assert d.customer(a).archived
    d.unarchive_customer(a)
    assert not d.customer(a).archived
    d.archive_customer(a)
    assert d.customer(a).archived
    assert [x.id for x in d.customers()] == [a, b, c]


def test_number_errors_name_the_values(d: vastuu.Directory) -> None:
    a = d.create_customer("A", number=7)
    with pytest.raises(vastuu.DuplicateCustomerNumberError) as dup:
        d.create_customer("B", number=7)
    assert dup.value.number == 7 and dup.value.holder == a
    for bad in (0, -5, vastuu.MAX_CUSTOMER_NUMBER + 1, 2**64, 2**100):
        with pytest.raises(vastuu.InvalidCustomerNumberError) as err:
            d.set_customer_number(a, bad)
        assert err.value.number == bad and err.value.max == vastuu.MAX_CUSTOMER_NUMBER
        assert str(bad) in str(err.value)
    with pytest.raises(TypeError):
        d.create_customer("C", number="7")  # type: ignore[arg-type]
    assert d.customer(a).number == 7


def test_projects(d: vastuu.Directory) -> None:
    c = d.create_customer("Esimerkki")
    p = d.create_project(c, "Remontti")
    q = d.create_project(c, "Huolto")
    assert d.project(p) == vastuu.Project(id=p, customer=c, name="Remontti")
    d.update_project(p, name="Iso remontti", archived=True)
    assert d.project(p).name == "Iso remontti" and d.project(p).archived
    d.update_project(p, archived=False)
    d.archive_project(q)
    assert d.project(q).archived and not d.project(p).archived
    assert [x.id for x in d.projects_of(c)] == [p, q] == [x.id for x in d.projects()]
    with pytest.raises(vastuu.CustomerHasProjectsError) as err:
        d.delete_customer(c)
    assert err.value.customer == c and err.value.projects == (p, q)
    d.delete_project(p)
    d.delete_project(q)
    d.delete_customer(c)
    assert d.customers() == [] and d.projects() == []


def test_customer_groups(d: vastuu.Directory) -> None:
    seller = d.create_employee("Myyjä", sales_rights=True)
    c1, c2 = d.create_customer("Yksi"), d.create_customer("Kaksi")
    g = d.create_customer_group(
        "Pohjoinen",
        numbering_start=1000,
        numbering_end=1999,
        ledger_account="3000",
        cost_centers=["KP1", "KP2"],
        salespeople={seller},
        customers=(c for c in [c1]),
    )
    group = d.customer_group(g)
    assert (group.name, group.numbering_start, group.numbering_end, group.next_number) == (
        "Pohjoinen", 1000, 1999, 1000,
    )
    assert group.ledger_account == "3000" and group.cost_centers == ("KP1", "KP2")
    assert group.salespeople == (seller,)
    assert d.customer(c1).number == 1, "creating a group never renumbers"
    assert d.group_customers(g) == [c1]
    assert d.salesperson_groups(seller) == [g]
    h = d.create_customer_group("Etelä")
    with pytest.raises(vastuu.CustomerInOtherGroupError) as err:
        d.add_customer_to_group(h, c1)
    e = err.value
    assert (e.customer, e.current_group, e.current_group_name, e.requested_group, e.requested_group_name) == (
        c1, g, "Pohjoinen", h, "Etelä",
    )
    d.move_customer_to_group(h, c1)
    assert d.customer(c1).group == h
    d.add_customer_to_group(g, c2)
    d.remove_customer_from_group(c2)
    assert d.customer(c2).group is None
    d.update_customer_group(g, name="Pohjola", ledger_account=None, cost_centers=[], customers=[c1],
                            move_customers=True)
    group = d.customer_group(g)
    assert group.name == "Pohjola" and group.ledger_account is None and group.cost_centers == ()
    assert d.customer(c1).group == g
    d.update_customer_group(g, numbering_start=None)
    assert d.customer_group(g).numbering_start is None and d.customer_group(g).numbering_end is None
    d.update_customer_group(g, salespeople=[])
    d.add_group_salesperson(g, seller)
    assert d.customer_group(g).salespeople == (seller,)
    d.remove_group_salesperson(g, seller)
    assert d.customer_group(g).salespeople == ()
    assert [x.id for x in d.customer_groups()] == [g, h]
    d.delete_customer_group(g)
    assert d.customer(c1).group is None and d.customer(c1).number == 1


def test_group_save_is_atomic(d: vastuu.Directory) -> None:
    customers = [d.create_customer(f"Asiakas {i}") for i in range(500)]
    other = d.create_customer_group("Muu", customers=customers[-1:])
    g = d.create_customer_group("Iso")
    before = d.last_seq
    with pytest.raises(vastuu.CustomerInOtherGroupError):
        d.update_customer_group(g, name="Uusi nimi", customers=customers)
    assert d.last_seq == before and d.group_customers(g) == [] and d.customer_group(g).name == "Iso"
    assert d.group_customers(other) == customers[-1:]


def test_group_input_errors(d: vastuu.Directory) -> None:
    lazy = d.create_employee("Ei myyjä")
    gone = d.create_employee("Poissa", sales_rights=True, active=False)
    with pytest.raises(vastuu.NoSalesRightsError) as nsr:
        d.create_customer_group("A", salespeople=[lazy])
    assert nsr.value.employee == lazy
    with pytest.raises(vastuu.EmployeeInactiveError) as ina:
        d.create_customer_group("A", salespeople=[gone])
    assert ina.value.employee == gone
    with pytest.raises(vastuu.TooManyCostCentersError) as many:
        d.create_customer_group("A", cost_centers=["1", "2", "3", "4", "5"])
    assert (many.value.count, many.value.max) == (5, vastuu.MAX_COST_CENTERS)
    with pytest.raises(vastuu.DuplicateCostCenterError) as dup:
        d.create_customer_group("A", cost_centers=["KP", "KP"])
    assert dup.value.code == "KP"
    with pytest.raises(TypeError):
        d.create_customer_group("A", cost_centers="KP")
    with pytest.raises(vastuu.InvalidNumberingRangeError) as rng:
        d.create_customer_group("A", numbering_start=10, numbering_end=5)
    assert (rng.value.start, rng.value.end, rng.value.problem) == (10, 5, vastuu.RangeProblem.END_BELOW_START)
    with pytest.raises(vastuu.InvalidNumberingRangeError) as neg:
        d.create_customer_group("A", numbering_start=-3)
    assert neg.value.start == -3 and neg.value.problem is vastuu.RangeProblem.START_BELOW_ONE
    assert "-3" in str(neg.value)
    with pytest.raises(vastuu.InvalidNumberingRangeError) as big:
        d.create_customer_group("A", numbering_start=1, numbering_end=2**80)
    assert big.value.end == 2**80 and big.value.problem is vastuu.RangeProblem.ABOVE_MAXIMUM
    assert d.customer_groups() == []


def test_special_groups(d: vastuu.Directory) -> None:
    c1, c2 = d.create_customer("Yksi"), d.create_customer("Kaksi")
    s = d.create_special_group("VIP", description="Tärkeät\nasiakkaat", customers=[c1])
    t = d.create_special_group("Julkinen")
    assert d.special_group(s) == vastuu.SpecialGroup(id=s, name="VIP", description="Tärkeät\nasiakkaat")
    assert d.special_group_customers(s) == [c1]
    d.add_to_special_group(t, c1)
    d.add_to_special_group(t, c2)
    assert d.customer(c1).special_groups == (s, t), "many-to-many"
    d.remove_from_special_group(t, c1)
    assert d.special_group_customers(t) == [c2]
    d.update_special_group(s, name="Kulta", description=None, customers=[c2])
    assert d.special_group(s).name == "Kulta" and d.special_group(s).description is None
    assert d.special_group_customers(s) == [c2]
    with pytest.raises(vastuu.DuplicateNameError):
        d.update_special_group(t, name="KULTA")
    assert [g.id for g in d.special_groups()] == [s, t]
    d.delete_special_group(s)
    assert d.customer(c2).special_groups == (t,)
    c3 = d.create_customer("Kolme", special_groups={t})
    assert d.customer(c3).special_groups == (t,)
