"""A process forked from the one that opened a directory (``os.fork()``, ``multiprocessing`` with
the ``fork`` start method) finds every directory opened on a store closed, with a message that
says it was opened in the parent process; the parent goes on, and its store holds every write
it made and none of the child's. A directory in memory stays usable in the child."""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
import uuid
import warnings
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

import vastuu

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the platform has no fork()")

Opener = Callable[[], vastuu.Directory]


def _openers(tmp_path: Path) -> dict[str, Opener]:
    return {
        "file": lambda: vastuu.Directory.open(tmp_path / "store"),
        "sqlite": lambda: vastuu.Directory.open_sqlite(tmp_path / "store.db"),
        "sqlite-shared": lambda: vastuu.Directory.open_sqlite(tmp_path / "shared.db", shared=True),
    }


@pytest.fixture(params=["file", "sqlite", "sqlite-shared", "postgres"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    if request.param == "postgres":
        dsn = request.getfixturevalue("postgres_dsn")
        schema = f"fork_{uuid.uuid4().hex[:12]}"
        yield lambda: vastuu.Directory.open_postgres(dsn, schema=schema, poll_interval=0)
    else:
        yield _openers(tmp_path)[request.param]


def _fork() -> int:
    # Python warns about forking a process with threads (a PostgreSQL directory's listener, or
    # threads other tests left); these children only call the library and exit.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return os.fork()


def _in_child(check: Callable[[], None]) -> None:
    """Forks; the child runs `check` and exits 0 if it passed, else prints why and exits 1."""
    pid = _fork()
    if pid == 0:
        code = 1
        try:
            check()
            code = 0
        except BaseException:  # noqa: BLE001 - reported to the parent through the exit code
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, "the child's checks failed (see stderr)"


def _assert_closed_by_fork(call: Callable[[], Any], parent: int) -> None:
    with pytest.raises(vastuu.DirectoryClosedError) as caught:
        call()
    err = caught.value
    assert "opened in the parent process" in str(err), str(err)
    assert err.code == "directory_closed"
    assert (err.opened_in, err.used_in) == (parent, os.getpid())


def test_os_fork_closes_the_directory_in_the_child(opener: Opener) -> None:
    parent = os.getpid()
    d = opener()
    try:
        before = d.create_team("Ennen")
        memory = vastuu.Directory()
        memory.create_team("Muistissa")

        def child() -> None:
            assert d.closed
            _assert_closed_by_fork(lambda: d.create_team("Lapsi"), parent)
            _assert_closed_by_fork(lambda: d.teams(), parent)
            _assert_closed_by_fork(lambda: d.change_sets(), parent)
            _assert_closed_by_fork(lambda: d.sync(), parent)
            _assert_closed_by_fork(lambda: d.compact(), parent)
            d.close()  # does nothing
            # The child's own copy of a directory in memory goes on.
            memory.create_team("Lapsen")
            assert len(memory.teams()) == 2

        _in_child(child)
        assert not d.closed
        after = d.create_team("Jälkeen")
        d.compact()
        assert [t.id for t in d.teams()] == [before, after]
    finally:
        d.close()
    with opener() as again:
        assert sorted(t.name for t in again.teams()) == ["Ennen", "Jälkeen"]
        assert len(again.change_sets()) == 2


def test_the_child_leaves_the_parents_lock_alone(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with vastuu.Directory.open(path) as d:
        d.create_team("Huolto")
        _in_child(lambda: d.close())
        # The child closed its copies of the store's files; the lock is still the parent's.
        with pytest.raises(vastuu.StoreLockedError):
            vastuu.Directory.open(path)
        d.create_team("Myynti")
    with vastuu.Directory.open(path) as again:
        assert len(again.teams()) == 2


_INHERITED: dict[str, vastuu.Directory] = {}


def _child_of_multiprocessing(queue: Any, name: str) -> None:
    d = _INHERITED[name]
    try:
        d.create_customer("Lapsen asiakas")
        queue.put(("stored", "", 0, 0))
    except vastuu.VastuuError as err:
        queue.put((type(err).__name__, str(err), getattr(err, "opened_in", 0), getattr(err, "used_in", 0)))
    # The child may open the store itself once the parent let go of it; here it only reads.
    queue.put(("pid", "", os.getpid(), 0))


@pytest.mark.parametrize("backend", ["file", "sqlite"])
def test_multiprocessing_fork_children_get_the_closed_error(tmp_path: Path, backend: str) -> None:
    open_store = _openers(tmp_path)[backend]
    d = open_store()
    _INHERITED[backend] = d
    try:
        d.create_customer("Ennen")
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            children = [ctx.Process(target=_child_of_multiprocessing, args=(queue, backend)) for _ in range(2)]
            for child in children:
                child.start()
        results = [queue.get(timeout=60) for _ in range(4)]
        for child in children:
            child.join(60)
            assert child.exitcode == 0
        errors = [r for r in results if r[0] != "pid"]
        pids = {r[2] for r in results if r[0] == "pid"}
        assert len(errors) == 2 and len(pids) == 2
        for name, message, opened_in, used_in in errors:
            assert name == "DirectoryClosedError", (name, message)
            assert "opened in the parent process" in message
            assert opened_in == os.getpid() and used_in in pids
        d.create_customer("Jälkeen")
    finally:
        del _INHERITED[backend]
        d.close()
    with open_store() as again:
        assert sorted(c.name for c in again.customers()) == ["Ennen", "Jälkeen"]


def test_a_fork_the_package_did_not_see_is_refused_by_the_store(tmp_path: Path) -> None:
    # libc's fork() called directly skips Python's at-fork hooks, as a fork made by other native
    # code would: the directory is not closed in the child, and its store refuses it instead.
    ctypes = pytest.importorskip("ctypes")
    libc = ctypes.CDLL(None)
    parent = os.getpid()
    with vastuu.Directory.open(tmp_path / "store") as d:
        d.create_team("Ennen")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = libc.fork()
        if pid == 0:
            code = 1
            try:
                try:
                    d.create_team("Lapsi")
                except vastuu.StoreUsedAfterForkError as err:
                    me = libc.getpid()
                    if (err.opened_in, err.used_in) == (parent, me) and err.code == "store_used_after_fork":
                        code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        d.create_team("Jälkeen")
    with vastuu.Directory.open(tmp_path / "store") as again:
        assert sorted(t.name for t in again.teams()) == ["Ennen", "Jälkeen"]
