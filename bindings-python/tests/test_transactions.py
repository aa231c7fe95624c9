from __future__ import annotations

import gc

import pytest

import vastuu


def test_a_transaction_commits_as_one_change_set(d: vastuu.Directory) -> None:
    with d.transaction() as tx:
        assert tx.is_open and d.transaction_depth == 1
        a = d.create_customer("Yksi")
        d.create_customer("Kaksi")
        assert len(d.customers()) == 2, "later calls see earlier ones"
    assert not tx.is_open and d.transaction_depth == 0
    assert d.last_seq == 1 and len(d.change_sets()[0].changes) == 4
    assert d.customer(a).number == 1


def test_an_exception_rolls_everything_back(d: vastuu.Directory) -> None:
    d.create_customer("Ennen")
    with pytest.raises(vastuu.DuplicateCustomerNumberError):
        with d.transaction():
            d.create_customer("Yksi")
            d.create_customer("Kaksi", number=1)
    assert [c.name for c in d.customers()] == ["Ennen"] and d.last_seq == 1

    class Stop(Exception):
        pass

    with pytest.raises(Stop):
        with d.transaction():
            d.create_employee("Matti")
            raise Stop
    assert d.employees() == [] and d.last_seq == 1


def test_nesting_and_explicit_ends(d: vastuu.Directory) -> None:
    with d.transaction():
        d.create_customer("Ulko")
        with pytest.raises(vastuu.InvalidTextError):
            with d.transaction():
                d.create_customer("Sisä")
                d.create_customer("")
        with d.transaction() as inner:
            d.create_customer("Toinen")
            inner.rollback()
            assert not inner.is_open
        with d.transaction() as kept:
            d.create_customer("Kolmas")
            kept.commit()
        assert d.last_seq == 0, "nothing is committed before the outermost transaction ends"
    assert [c.name for c in d.customers()] == ["Ulko", "Kolmas"] and d.last_seq == 1


def test_misuse_is_refused(d: vastuu.Directory) -> None:
    outer = d.transaction()
    inner = d.transaction()
    outer.__enter__()
    inner.__enter__()
    with pytest.raises(RuntimeError):
        outer.commit()
    with pytest.raises(RuntimeError):
        inner.__enter__()
    inner.commit()
    outer.rollback()
    with pytest.raises(RuntimeError):
        outer.commit()
    assert d.transaction_depth == 0


def test_a_forgotten_transaction_is_rolled_back(d: vastuu.Directory) -> None:
    tx = d.transaction()
    tx.__enter__()
    d.create_customer("Unohdettu")
    del tx
    gc.collect()
    assert d.transaction_depth == 0 and d.customers() == [] and d.last_seq == 0
