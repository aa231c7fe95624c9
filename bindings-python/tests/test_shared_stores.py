"""Several directories on one store that all write to it, on shared SQLite and on PostgreSQL:
each sees what the others stored, a transaction that meets another writer raises ConflictError
and changes nothing, and run_transaction runs it again."""

from __future__ import annotations

import multiprocessing
import pathlib
import time
import uuid
from collections.abc import Callable

import pytest

import vastuu
from vastuu import StoreBackend

Opener = Callable[[], vastuu.Directory]


def new_schema() -> str:
    """A schema of its own for one test, so tests never share a PostgreSQL store."""
    return f"test_{uuid.uuid4().hex[:16]}"


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Opener:
    """Opens one more directory on the same store, new for each test."""
    if request.param == "sqlite":
        path = tmp_path / "shared.db"
        return lambda: vastuu.Directory.open_sqlite(path, shared=True)
    dsn: str = request.getfixturevalue("postgres_dsn")
    schema = new_schema()
    # poll_interval=0: every call asks the server, so reads are fresh at once (the default
    # relies on notifications and is tested below).
    return lambda: vastuu.Directory.open_postgres(dsn, schema=schema, poll_interval=0)


def team_names(d: vastuu.Directory) -> list[str]:
    return sorted(t.name for t in d.teams())


def test_two_directories_see_each_others_changes(store: Opener) -> None:
    with store() as a, store() as b:
        north = a.create_customer_group("Pohjoinen", numbering_start=100)
        assert [g.name for g in b.customer_groups()] == ["Pohjoinen"]  # no sync needed
        first = b.create_customer("Yksi", group=north)
        second = a.create_customer("Kaksi", group=north)
        assert (a.customer(first).number, b.customer(second).number) == (100, 101)
        with b.transaction():
            b.create_team("Huolto")
            b.create_team("Myynti")
        assert team_names(a) == ["Huolto", "Myynti"]
        assert a.last_seq == b.last_seq == 4
        assert a.sync() == 0 and b.sync() == 0
    with store() as c:
        assert sorted(x.name for x in c.customers()) == ["Kaksi", "Yksi"] and c.last_seq == 4


def test_a_conflicting_transaction_raises_and_changes_nothing(store: Opener) -> None:
    with store() as a, store() as b:
        a.create_team("Ennen")
        with pytest.raises(vastuu.ConflictError) as raised:
            with a.transaction():
                a.create_team("Huolto")
                b.create_team("Myynti")
        assert raised.value.attempts == 1
        assert team_names(a) == team_names(b) == ["Ennen", "Myynti"]
        assert a.transaction_depth == 0 and a.last_seq == 2
    with store() as c:
        assert team_names(c) == ["Ennen", "Myynti"]


def test_run_transaction_runs_again_after_a_conflict(store: Opener) -> None:
    with store() as a, store() as b:
        runs = []

        def add_team(d: vastuu.Directory) -> vastuu.TeamId:
            runs.append(d.last_seq)
            team = d.create_team(f"Tiimi {len(runs)}")
            if len(runs) == 1:
                b.create_team("Väliin")  # another writer stores first
            return team

        team = a.run_transaction(add_team)
        assert runs == [0, 1], "ran again on the caught-up directory"
        assert a.team(team).name == "Tiimi 2"
        assert team_names(b) == ["Tiimi 2", "Väliin"]

        def always_interrupted(d: vastuu.Directory) -> None:
            d.create_team(f"Yritys {d.last_seq}")
            b.create_team(f"Taas {b.last_seq}")

        with pytest.raises(vastuu.ConflictError) as raised:
            a.run_transaction(always_interrupted, attempts=3)
        assert raised.value.attempts == 3
        assert not [name for name in team_names(b) if name.startswith("Yritys")]


def test_run_transaction_returns_rolls_back_and_nests(d: vastuu.Directory) -> None:
    assert d.run_transaction(lambda d: d.create_team("Huolto")) == d.teams()[0].id

    def fails(d: vastuu.Directory) -> None:
        d.create_team("Peruttu")
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        d.run_transaction(fails)
    assert team_names(d) == ["Huolto"] and d.transaction_depth == 0 and d.last_seq == 1
    with d.transaction():
        d.run_transaction(lambda inner: inner.create_team("Sisällä"), attempts=1)
        assert d.transaction_depth == 1
    assert team_names(d) == ["Huolto", "Sisällä"] and d.last_seq == 2


def test_a_postgres_store_keeps_its_data_and_reads_turn_fresh(postgres_dsn: str) -> None:
    schema = new_schema()
    with vastuu.Directory.open_postgres(postgres_dsn, schema=schema, writer="testi") as a:
        assert a.backend is StoreBackend.POSTGRES and a.path is None
        a.create_team("Huolto")
        # Default options: another directory's reads see the change once its notification
        # arrives, and at the latest one poll interval (1 s) after it was stored.
        with vastuu.Directory.open_postgres(postgres_dsn, schema=schema) as b:
            a.create_team("Myynti")
            deadline = time.monotonic() + 3
            while team_names(b) != ["Huolto", "Myynti"] and time.monotonic() < deadline:
                time.sleep(0.01)
            assert team_names(b) == ["Huolto", "Myynti"]
    with vastuu.Directory.open_postgres(postgres_dsn, schema=new_schema()) as other:
        assert other.teams() == [], "another schema is another store"
    with pytest.raises(ValueError):
        vastuu.Directory.open_postgres(postgres_dsn, schema=schema, poll_interval=-1.0)
    with pytest.raises(vastuu.StoreError):
        vastuu.Directory.open_postgres(postgres_dsn, schema="Not A Schema")


def add_customers(dsn: str, schema: str, count: int) -> None:
    """A worker process: its own directory on the store, adding customers to the group."""
    with vastuu.Directory.open_postgres(dsn, schema=schema) as d:
        group = d.customer_groups()[0].id
        for i in range(count):
            d.run_transaction(lambda d: d.create_customer(f"Asiakas {i}", group=group))


def test_processes_share_a_postgres_store(postgres_dsn: str) -> None:
    schema = new_schema()
    with vastuu.Directory.open_postgres(postgres_dsn, schema=schema) as d:
        d.create_customer_group("Pohjoinen", numbering_start=1000)
    workers = [
        multiprocessing.get_context("spawn").Process(target=add_customers, args=(postgres_dsn, schema, 15))
        for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    with vastuu.Directory.open_postgres(postgres_dsn, schema=schema) as d:
        numbers = sorted(c.number for c in d.customers() if c.number is not None)
        assert numbers == list(range(1000, 1045)), "unique and without gaps across processes"
        d.check_integrity()
