from __future__ import annotations

import threading

import vastuu
from vastuu import GeneratorConfig

THREADS = 8
ROUNDS = 25


def test_eight_threads_mutate_and_read_one_directory() -> None:
    d = vastuu.Directory()
    group = d.create_customer_group("Yhteinen", numbering_start=10_000)
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            start.wait()
            me = d.create_employee(f"Työntekijä {n}")
            for i in range(ROUNDS):
                c = d.create_customer(f"Asiakas {n}-{i}", group=group if i % 2 else None)
                assert d.toggle(c, me) is vastuu.Toggled.ADDED
                if i % 5 == 0:
                    with d.transaction():
                        p = d.create_project(c, "Projekti")
                        d.add_responsibility(p, me)
                assert d.customer(c).name == f"Asiakas {n}-{i}"
                assert all(r.employee == me for r in d.responsibilities_held_by(me))
                d.customers()
                d.numbering_report()
        except BaseException as err:  # noqa: BLE001 - reported to the main thread
            failures.append(err)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    assert failures == []

    assert len(d.customers()) == THREADS * ROUNDS
    numbers = [c.number for c in d.customers()]
    assert len(set(numbers)) == len(numbers), "no number was handed out twice"
    assert len(d.group_customers(group)) == THREADS * (ROUNDS // 2)
    per_thread_projects = len(range(0, ROUNDS, 5))
    assert len(d.responsibilities()) == THREADS * (ROUNDS + per_thread_projects)
    assert [cs.seq for cs in d.change_sets()] == list(range(1, d.last_seq + 1))
    d.check_integrity()


def test_other_threads_wait_for_an_open_transaction_without_holding_the_gil() -> None:
    d = vastuu.Directory()
    done = threading.Event()

    def other() -> None:
        d.create_customer("Toisesta säikeestä")
        done.set()

    with d.transaction():
        d.create_customer("Transaktiossa")
        t = threading.Thread(target=other)
        t.start()
        # The other thread blocks until the transaction ends; were it holding the GIL while it
        # waits, this thread could not run the line below, and the test would hang.
        assert not done.wait(timeout=0.2)
        d.create_customer("Myös transaktiossa")
    t.join(timeout=30)
    assert done.is_set()
    first, second = d.change_sets()
    assert len(first.changes) == 4, "the transaction's two customers, with their counters"
    inside, outside = first.changes[0].value, second.changes[0].value
    assert isinstance(inside, vastuu.Customer) and inside.name == "Transaktiossa"
    assert isinstance(outside, vastuu.Customer) and outside.name == "Toisesta säikeestä"


def test_a_long_call_does_not_block_other_python_threads() -> None:
    config = GeneratorConfig(customers=30_000, employees=300, projects=30_000, responsibilities=60_000)
    result: list[vastuu.Directory] = []
    worker = threading.Thread(target=lambda: result.append(vastuu.Directory.generate(config)))
    ticks = 0
    worker.start()
    # Counts how often this thread runs while the other generates. With the GIL held through the
    # call, this loop would get to run once at most before the call returns.
    while worker.is_alive():
        ticks += 1
        worker.join(timeout=0.001)
    assert len(result) == 1 and len(result[0].customers()) == 30_000
    assert ticks > 3
