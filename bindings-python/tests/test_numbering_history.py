from __future__ import annotations

import datetime

import pytest

import vastuu
from conftest import FIXED_TIME
from vastuu import ChangeKind


def test_numbering_report_and_default_series(d: vastuu.Directory) -> None:
    assert d.default_series() == vastuu.DefaultSeries(start=1, end=None, next_number=1)
    d.set_default_series(100, 199)
    assert d.default_series() == vastuu.DefaultSeries(start=100, end=199, next_number=100)
    d.set_default_series(100)
    g = d.create_customer_group("Pohjoinen", numbering_start=1000, numbering_end=2000)
    h = d.create_customer_group("Etelä", numbering_start=1500)
    d.create_customer("Oletus")
    a = d.create_customer("Käsin", number=1200)
    report = d.numbering_report()
    default, first, second = report.series
    assert (default.series, default.group_name, default.start, default.end, default.explicit_end) == (
        None, None, 100, 999, False,
    )
    assert (default.next_number, default.used, default.capacity_left) == (101, 1, 899)
    assert (first.series, first.group_name, first.start, first.end, first.explicit_end) == (
        g, "Pohjoinen", 1000, 2000, True,
    )
    assert (first.next_number, first.used) == (1000, 1)
    assert (second.series, second.start, second.end) == (h, 1500, vastuu.MAX_CUSTOMER_NUMBER)
    overlap = next(c for c in report.conflicts if isinstance(c, vastuu.OverlappingRanges))
    assert (overlap.first, overlap.second, overlap.start, overlap.end) == (g, h, 1500, 2000)
    other = next(c for c in report.conflicts if isinstance(c, vastuu.NumberInOtherSeries))
    assert (other.customer, other.number, other.series, other.own_series) == (a, 1200, g, None)
    assert len(report.conflicts) == 2
    plain = report.to_dict()
    assert plain["series"][1]["series"] == int(g) and plain["series"][0]["series"] is None
    assert plain["conflicts"][0]["first"] == int(g)
    with pytest.raises(vastuu.InvalidNumberingRangeError) as err:
        d.set_default_series(0)
    assert err.value.problem is vastuu.RangeProblem.START_BELOW_ONE
    with pytest.raises(vastuu.InvalidNumberingRangeError) as neg:
        d.set_default_series(-1, -2)
    assert (neg.value.start, neg.value.end) == (-1, -2)


def test_exhausted_series(d: vastuu.Directory) -> None:
    g = d.create_customer_group("Pieni", numbering_start=10, numbering_end=11)
    d.create_customer("A", group=g)
    d.create_customer("B", group=g)
    with pytest.raises(vastuu.NumberRangeExhaustedError) as err:
        d.create_customer("C", group=g)
    assert (err.value.series, err.value.start, err.value.end) == (g, 10, 11)
    d.set_default_series(1, 1)
    d.create_customer("D")
    with pytest.raises(vastuu.NumberRangeExhaustedError) as default:
        d.create_customer("E")
    assert default.value.series is None


def test_history_actor_and_clock(d: vastuu.Directory) -> None:
    assert d.actor is None and d.last_seq == 0
    d.actor = "Maija"
    assert d.actor == "Maija"
    e = d.create_employee("Matti")
    c = d.create_customer("Esimerkki")
    later = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    d.set_clock(later)
    d.actor = None
    d.toggle(c, e)
    history = d.history(c)
    assert [cs.seq for cs in history] == [2, 3]
    first, toggle = history
    assert first.actor == "Maija" and first.time == FIXED_TIME
    assert toggle.actor is None and toggle.time == later and toggle.time.tzinfo == datetime.timezone.utc
    assert toggle.keys == (c, e)
    (change,) = toggle.changes
    assert change.kind is ChangeKind.PUT_RESPONSIBILITY
    assert change.value == vastuu.Responsibility(subject=c, employee=e)
    assert [cs.seq for cs in d.history(e)] == [1, 3]
    assert [cs.seq for cs in d.change_sets()] == [1, 2, 3] and d.last_seq == 3
    d.toggle(c, e)
    (removed,) = d.change_sets()[-1].changes
    assert removed.kind is ChangeKind.DELETE_RESPONSIBILITY and removed.value == (c, e)
    assert removed.to_dict() == {
        "kind": "delete_responsibility",
        "value": {"subject_kind": "customer", "subject": int(c), "employee": int(e)},
    }
    plain = toggle.to_dict()
    assert plain["customers"] == [int(c)] and plain["employees"] == [int(e)]
    assert plain["changes"][0]["kind"] == "put_responsibility"
    with pytest.raises(vastuu.NotFoundError):
        d.history(vastuu.CustomerId(99))
    with pytest.raises(vastuu.InvalidTextError) as bad:
        d.actor = "   "
    assert bad.value.field is vastuu.Field.ACTOR
    with pytest.raises(ValueError):
        d.set_clock(datetime.datetime(2026, 1, 1))
    with pytest.raises(TypeError):
        d.set_clock(datetime.date(2026, 1, 1))  # type: ignore[arg-type]
    d.set_clock(None)
    d.create_team("Nyt")
    assert d.change_sets()[-1].time > FIXED_TIME


def test_every_change_kind_reads_back(d: vastuu.Directory) -> None:
    t = d.create_team("T")
    r = d.create_role("R", vastuu.RoleScope.PROJECT)
    e = d.create_employee("E", team=t, sales_rights=True)
    g = d.create_customer_group("G", salespeople=[e])
    s = d.create_special_group("S")
    c = d.create_customer("C", number=None)
    p = d.create_project(c, "P")
    d.add_role(p, e, r)
    d.set_default_series(5)
    d.delete_project(p)
    d.delete_customer(c)
    d.delete_special_group(s)
    d.delete_customer_group(g)
    d.delete_role(r)
    d.delete_employee(e)
    d.delete_team(t)
    seen = {change.kind for cs in d.change_sets() for change in cs.changes}
    assert seen == set(ChangeKind)
    for cs in d.change_sets():
        for change in cs.changes:
            assert repr(change).startswith("Change(kind=")
            assert change.to_dict()["kind"] == change.kind.value
