from __future__ import annotations

import pickle
from typing import Any

import pytest

import vastuu
from vastuu import (
    CustomerGroupId,
    CustomerId,
    EmployeeId,
    ProjectId,
    RoleId,
    SpecialGroupId,
    TeamId,
)

ID_CLASSES: list[Any] = [
    EmployeeId,
    TeamId,
    RoleId,
    CustomerId,
    ProjectId,
    CustomerGroupId,
    SpecialGroupId,
]


@pytest.mark.parametrize("cls", ID_CLASSES)
def test_an_id_is_a_value(cls: Any) -> None:
    a, b = cls(7), cls(7)
    assert a == b and hash(a) == hash(b)
    assert int(a) == 7
    assert repr(a) == f"{cls.__name__}(7)"
    assert cls(3) < cls(7) <= cls(7)
    assert sorted([cls(9), cls(1), cls(5)]) == [cls(1), cls(5), cls(9)]
    assert pickle.loads(pickle.dumps(a)) == a
    assert {a: "x"}[b] == "x"


@pytest.mark.parametrize("cls", ID_CLASSES)
def test_ids_of_different_kinds_never_equal(cls: Any) -> None:
    for other in ID_CLASSES:
        if other is not cls:
            assert cls(1) != other(1)


@pytest.mark.parametrize("cls", ID_CLASSES)
def test_an_id_takes_only_an_int_in_range(cls: Any) -> None:
    assert int(cls(0)) == 0
    assert int(cls(2**32 - 1)) == 2**32 - 1
    for bad in (-1, 2**32, 10**30):
        with pytest.raises(OverflowError, match=str(bad)):
            cls(bad)
    for wrong in ("1", 1.0, None, True):
        with pytest.raises(TypeError):
            cls(wrong)


def test_one_kind_of_id_is_refused_where_another_is_expected(d: vastuu.Directory) -> None:
    e = d.create_employee("Matti")
    c = d.create_customer("Esimerkki")
    with pytest.raises(TypeError):
        d.employee(c)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.customer(e)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.customer(int(c))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.toggle(e, e)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.history(int(c))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.history(vastuu.Page(0, 1))  # type: ignore[arg-type]
    # Every kind of id has a history: a project's, never created, is not found.
    with pytest.raises(vastuu.NotFoundError):
        d.history(ProjectId(1))
    assert d.customer(c).id == c
