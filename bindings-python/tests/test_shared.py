"""Several directories on one store: a SQLite database opened shared."""

from __future__ import annotations

import pathlib

import pytest

import vastuu


def test_two_directories_on_one_shared_database(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "shared.db"
    with vastuu.Directory.open_sqlite(path, shared=True) as a, vastuu.Directory.open_sqlite(path, shared=True) as b:
        north = a.create_customer_group("Pohjoinen", numbering_start=100)
        # b plans against what the store holds: it catches up before its mutation.
        first = b.create_customer("Yksi", group=north)
        assert b.customer(first).number == 100
        second = a.create_customer("Kaksi", group=north)
        assert a.customer(second).number == 101
        assert b.sync() == 1
        assert [c.name for c in b.customers()] == ["Yksi", "Kaksi"]
        assert b.sync() == 0


def test_a_transaction_that_meets_another_writer_raises_conflict(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "shared.db"
    with vastuu.Directory.open_sqlite(path, shared=True) as a, vastuu.Directory.open_sqlite(path, shared=True) as b:
        with pytest.raises(vastuu.ConflictError) as raised:
            with a.transaction():
                a.create_team("Huolto")
                b.create_team("Myynti")
        err = raised.value
        assert err.attempts == 1 and err.code == "conflict"
        assert isinstance(err, RuntimeError)
        # Rolled back and caught up: only b's team is there, and running it again works.
        assert [t.name for t in a.teams()] == ["Myynti"]
        with a.transaction():
            a.create_team("Huolto")
        b.sync()
        assert sorted(t.name for t in b.teams()) == ["Huolto", "Myynti"]


def test_an_exclusive_database_refuses_a_second_directory(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "exclusive.db"
    with vastuu.Directory.open_sqlite(path):
        with pytest.raises(vastuu.StoreLockedError) as raised:
            vastuu.Directory.open_sqlite(path, shared=True)
        assert "shared" in str(raised.value)
