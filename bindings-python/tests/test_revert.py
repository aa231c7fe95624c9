"""Reverting a change set: Directory.revert and plan_revert, and their errors."""

from __future__ import annotations

import pytest

import vastuu
from vastuu import ChangeKind


def test_a_rename_is_put_back_by_a_change_set_that_says_so() -> None:
    d = vastuu.Directory()
    team = d.create_team("Huolto")
    d.rename_team(team, "Tuki")
    plan = d.plan_revert(2)
    assert plan.seq == 2
    assert plan.later == ()
    assert [c.kind for c in plan.changes] == [ChangeKind.PUT_TEAM]
    put = plan.changes[0].value
    assert isinstance(put, vastuu.Team) and put.name == "Huolto"
    assert d.team(team).name == "Tuki"  # a plan changes nothing
    assert d.revert(2) == 3
    assert d.team(team).name == "Huolto"
    history = d.history(team)
    assert [cs.seq for cs in history] == [1, 2, 3]
    assert history[-1].reverts == 2
    assert history[-1].to_dict()["reverts"] == 2


def test_later_edits_refuse_unless_forced() -> None:
    d = vastuu.Directory()
    c = d.create_customer("Esimerkki Oy")
    d.archive_customer(c)
    d.update_customer(c, name="Uusi Oy")
    with pytest.raises(vastuu.RevertConflictError) as raised:
        d.revert(2)
    assert (raised.value.seq, raised.value.later) == (2, (3,))
    assert raised.value.code == "revert_conflict"
    assert "(3)" in str(raised.value)
    assert d.last_seq == 3
    assert d.plan_revert(2).later == (3,)
    d.revert(2, force=True)
    # The customer as it was before change set 2: the later rename is undone too.
    assert (d.customer(c).archived, d.customer(c).name) == (False, "Esimerkki Oy")
    assert d.change_sets()[-1].reverts == 2


def test_bad_numbers_and_repeated_reverts_are_refused() -> None:
    d = vastuu.Directory()
    team = d.create_team("Huolto")
    d.rename_team(team, "Tuki")
    for seq in (0, 3, 2**64 - 1):
        with pytest.raises(vastuu.NoSuchChangeSetError) as raised:
            d.revert(seq)
        assert (raised.value.seq, raised.value.last_seq) == (seq, 2)
        assert isinstance(raised.value, ValueError)
        with pytest.raises(vastuu.NoSuchChangeSetError):
            d.plan_revert(seq)
    for bad in (-1, 2**64):
        with pytest.raises(OverflowError):
            d.revert(bad)
    with pytest.raises(TypeError):
        d.revert("2")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.revert(2, True)  # type: ignore[call-arg]
    d.revert(2)
    with pytest.raises(vastuu.RevertOfRevertError) as of_revert:
        d.revert(3, force=True)
    assert (of_revert.value.seq, of_revert.value.reverts) == (3, 2)
    with pytest.raises(vastuu.AlreadyRevertedError) as again:
        d.revert(2, force=True)
    assert (again.value.seq, again.value.by) == (2, 3)
    assert d.last_seq == 3


def test_a_revert_that_would_break_a_rule_changes_nothing() -> None:
    d = vastuu.Directory()
    team = d.create_team("Huolto")  # 1
    maija = d.create_employee("Maija", team=team)  # 2
    with pytest.raises(vastuu.ReferencedError) as raised:
        d.revert(1)
    assert raised.value.kind == vastuu.EntityKind.TEAM
    assert (raised.value.id, raised.value.by) == (team, maija)
    c = d.create_customer("Esimerkki Oy")  # 3: number 1
    d.set_customer_number(c, None)  # 4
    taker = d.create_customer("Toinen Oy", number=1)  # 5
    with pytest.raises(vastuu.DuplicateCustomerNumberError) as taken:
        d.revert(4)
    assert taken.value.holder == taker
    assert d.last_seq == 5
    assert d.customer(c).number is None


def test_nothing_to_revert_and_unknown_earlier_states() -> None:
    d = vastuu.Directory()
    team = d.create_team("Huolto")
    d.delete_team(team)
    with pytest.raises(vastuu.NothingToRevertError) as raised:
        d.revert(1, force=True)
    assert raised.value.seq == 1
    source = vastuu.Directory()
    source.create_customer("Ensimmäinen Oy")
    second = source.create_customer("Esimerkki Oy")
    made = vastuu.Directory.from_data(source.data())
    made.archive_customer(second)
    with pytest.raises(vastuu.RevertStateUnknownError) as unknown:
        made.revert(1)
    assert unknown.value.seq == 1


def test_errors_pickle_with_their_values() -> None:
    import pickle

    d = vastuu.Directory()
    d.create_team("Huolto")
    d.create_employee("Matti")
    d.revert(1)
    with pytest.raises(vastuu.AlreadyRevertedError) as raised:
        d.revert(1)
    again = pickle.loads(pickle.dumps(raised.value))
    assert (type(again), again.seq, again.by) == (vastuu.AlreadyRevertedError, 1, 3)
