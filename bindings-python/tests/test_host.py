"""What the binding gets from the shared host layer: transactions bound to the context (so two
asyncio tasks on one thread never share one) and a panic that poisons the directory."""

from __future__ import annotations

import asyncio

import pytest

import vastuu


def test_two_asyncio_tasks_never_share_a_transaction(d: vastuu.Directory) -> None:
    inside = asyncio.Event()
    outside_done = asyncio.Event()
    seen: list[str] = []

    async def in_transaction() -> None:
        with d.transaction():
            d.create_customer("Transaktiossa")
            inside.set()
            # The other task runs here, on this thread, while the transaction is open.
            await outside_done.wait()
            assert d.transaction_depth == 1
            d.create_customer("Myös transaktiossa")
        seen.append("committed")

    async def outside() -> None:
        await inside.wait()
        # Not the transaction's context: it must not join the transaction, and waiting for it
        # would block the thread the transaction needs, so the call raises at once.
        with pytest.raises(vastuu.TransactionBusyError) as raised:
            d.create_customer("Toisesta tehtävästä")
        assert isinstance(raised.value, RuntimeError) and raised.value.code == "transaction_busy"
        with pytest.raises(vastuu.TransactionBusyError):
            d.customers()
        with pytest.raises(vastuu.TransactionBusyError):
            with d.transaction():
                pass
        seen.append("refused")
        outside_done.set()

    async def main() -> None:
        await asyncio.gather(in_transaction(), outside())
        # After the transaction, the same call from another task goes through.
        await asyncio.create_task(asyncio.to_thread(d.create_customer, "Sitten"))

    asyncio.run(main())
    assert seen == ["refused", "committed"]
    first, second = d.change_sets()
    assert [c.value.name for c in first.changes if isinstance(c.value, vastuu.Customer)] == [
        "Transaktiossa", "Myös transaktiossa",
    ], "the other task's customer did not join the transaction"
    assert [c.value.name for c in second.changes if isinstance(c.value, vastuu.Customer)] == ["Sitten"]


def test_a_task_carries_its_transaction_to_a_worker_thread(d: vastuu.Directory) -> None:
    async def main() -> None:
        with d.transaction():
            d.create_customer("Tehtävästä")
            # asyncio.to_thread copies the context, and the token with it: the call joins.
            await asyncio.to_thread(d.create_customer, "Säikeestä")
            assert d.last_seq == 0

    asyncio.run(main())
    assert d.last_seq == 1 and len(d.customers()) == 2


def test_a_panic_poisons_the_directory_until_it_is_opened_again(tmp_path: object) -> None:
    import pathlib

    assert isinstance(tmp_path, pathlib.Path)
    path = tmp_path / "store"
    d = vastuu.Directory.open(path)
    d.create_customer("Ennen")
    d.panic_next_call()
    with pytest.raises(vastuu.DirectoryPoisonedError) as raised:
        d.create_customer("Kesken")
    first = raised.value
    assert first.code == "directory_poisoned" and isinstance(first, RuntimeError)
    assert "panic_next_call" in first.panic_message and "open its store again" in str(first)
    for call in (d.customers, lambda: d.create_customer("Myöhemmin"), d.check_integrity, d.transaction().__enter__):
        with pytest.raises(vastuu.DirectoryPoisonedError) as later:
            call()
        assert str(later.value) == str(first), "every later call names the first panic"
    # The store was released at once; opening it again continues from what it holds.
    with vastuu.Directory.open(path) as again:
        assert [c.name for c in again.customers()] == ["Ennen"]
    d.close()
    with pytest.raises(vastuu.DirectoryClosedError):
        d.customers()
