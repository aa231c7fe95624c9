"""The change feed (``Directory.changes_since``, ``ChangeSet.to_json``) and the history of every
kind of entity: customer groups, special groups, roles, teams and projects."""

from __future__ import annotations

import datetime
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import vastuu
from vastuu import FEED_VERSION, MAX_CHANGES_LIMIT, ChangeSet, FeedPage

from conftest import FIXED_TIME


def _teams(d: vastuu.Directory, n: int) -> None:
    for _ in range(n):
        d.create_team(f"Tiimi {d.last_seq + 1}")


def test_pages_follow_each_other_to_every_change_set(d: vastuu.Directory) -> None:
    _teams(d, 12)
    cursor, read = 0, list[ChangeSet]()
    while True:
        page = d.changes_since(cursor, limit=5)
        assert isinstance(page, FeedPage) and len(page) <= 5 and page.last_seq == 12
        assert list(page) == list(page.change_sets)
        read.extend(page)
        assert page.cursor == read[-1].seq and page.has_more == (page.cursor < 12)
        cursor = page.cursor
        if not page.has_more:
            break
    assert read == d.change_sets()
    # The default limit is 100; the largest limit is accepted.
    assert len(d.changes_since(0)) == 12 and len(d.changes_since(0, MAX_CHANGES_LIMIT)) == 12
    assert [cs.seq for cs in d.changes_since(10, 100)] == [11, 12]


def test_at_the_end_the_page_is_empty_and_keeps_the_cursor(d: vastuu.Directory) -> None:
    empty = d.changes_since(0)
    assert (len(empty), empty.cursor, empty.has_more, empty.last_seq) == (0, 0, False, 0)
    _teams(d, 2)
    page = d.changes_since(2)
    assert (page.change_sets, page.cursor, page.has_more, page.last_seq) == ((), 2, False, 2)
    _teams(d, 1)
    assert [cs.seq for cs in d.changes_since(page.cursor)] == [3]


@pytest.mark.parametrize("limit", [0, -1, MAX_CHANGES_LIMIT + 1, 2**64, -(2**70)])
def test_a_bad_limit_is_refused_naming_it(d: vastuu.Directory, limit: int) -> None:
    _teams(d, 1)
    with pytest.raises(vastuu.InvalidLimitError) as raised:
        d.changes_since(0, limit)
    assert (raised.value.limit, raised.value.max) == (limit, MAX_CHANGES_LIMIT)
    assert f"a limit of {limit} change sets" in str(raised.value) and isinstance(raised.value, ValueError)
    assert raised.value.code == "invalid_limit"


@pytest.mark.parametrize("seq", [2, 2**64 - 1, 2**64, 10**30])
def test_a_cursor_beyond_the_last_change_set_is_refused_naming_it(d: vastuu.Directory, seq: int) -> None:
    _teams(d, 1)
    with pytest.raises(vastuu.SeqBeyondLastError) as raised:
        d.changes_since(seq)
    assert (raised.value.seq, raised.value.last_seq) == (seq, 1)
    assert f"change set {seq} is beyond the last change set, 1" == str(raised.value)


def test_bad_types_and_a_negative_cursor(d: vastuu.Directory) -> None:
    with pytest.raises(OverflowError, match="seq=-1"):
        d.changes_since(-1)
    with pytest.raises(TypeError):
        d.changes_since("0")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.changes_since(0, 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.changes_since(0, None)  # type: ignore[arg-type]


def test_the_json_document_of_a_change_set(d: vastuu.Directory) -> None:
    d.actor = "Maija"
    team = d.create_team("Huolto")
    (cs,) = d.changes_since(0)
    assert cs.to_json() == (
        '{"version":1,"seq":1,"at":"2026-03-01T12:30:00Z","actor":"Maija","reverts":null,"changes":[{"op":"put",'
        f'"entity":{{"kind":"team","id":{int(team)}}},"value":{{"id":{int(team)},"name":"Huolto","leads":[]}}}}]}}'
    )
    assert FEED_VERSION == 1
    d.actor = None
    e = d.create_employee("Matti", email="m@example.fi", team=team)
    r = d.create_role("Huoltovastaava", vastuu.RoleScope.CUSTOMER)
    g = d.create_customer_group("Pohjoinen", numbering_start=1000)
    c = d.create_customer("Esimerkki", group=g)
    d.set_responsibility(c, e, roles=[r], valid_from=datetime.date(2026, 1, 1))
    docs: list[Any] = [json.loads(cs.to_json()) for cs in d.changes_since(1)]
    assert all(doc["version"] == FEED_VERSION and doc["actor"] is None for doc in docs)
    employee = docs[0]["changes"][0]
    assert employee["entity"] == {"kind": "employee", "id": int(e)}
    assert employee["value"] == {
        "id": int(e), "name": "Matti", "email": "m@example.fi", "team": int(team),
        "sales_rights": False, "active": True, "sees_all": False, "external_id": None,
    }
    created = {change["entity"]["kind"]: change["value"] for change in docs[3]["changes"]}
    assert created["customer"]["number"] == 1000 and created["customer"]["group"] == int(g)
    assert created["customer_group"]["next_number"] == 1001
    (responsibility,) = docs[4]["changes"]
    assert responsibility["entity"] == {
        "kind": "responsibility", "subject": {"kind": "customer", "id": int(c)}, "employee": int(e),
    }
    assert responsibility["value"]["roles"] == [int(r)]
    assert (responsibility["value"]["from"], responsibility["value"]["to"]) == ("2026-01-01", None)
    d.delete_employee(e)
    last = json.loads(d.change_sets()[-1].to_json())
    assert last["changes"][-1] == {"op": "delete", "entity": {"kind": "employee", "id": int(e)}, "value": None}


def test_a_page_is_a_row(d: vastuu.Directory) -> None:
    _teams(d, 3)
    page = d.changes_since(1, 1)
    assert page == d.changes_since(1, 1) and hash(page) == hash(d.changes_since(1, 1))
    assert pickle.loads(pickle.dumps(page)) == page
    plain = page.to_dict()
    assert (plain["cursor"], plain["has_more"], plain["last_seq"]) == (2, True, 3)
    assert [cs["seq"] for cs in plain["change_sets"]] == [2]
    assert "FeedPage(" in repr(page)
    assert isinstance(page.change_sets[0], ChangeSet)
    assert page.change_sets[0].time == FIXED_TIME


def test_groups_special_groups_roles_teams_and_projects_have_a_history(d: vastuu.Directory) -> None:
    def seqs(key: Any) -> list[int]:
        return [cs.seq for cs in d.history(key)]

    team = d.create_team("Huolto")  # 1
    matti = d.create_employee("Matti", team=team)  # 2
    north = d.create_customer_group("Pohjoinen")  # 3
    south = d.create_customer_group("Etelä")  # 4
    vip = d.create_special_group("VIP")  # 5
    c = d.create_customer("Esimerkki", group=north, special_groups=[vip])  # 6
    d.move_customer_to_group(south, c)  # 7
    role = d.create_role("Projektipäällikkö", vastuu.RoleScope.PROJECT)  # 8
    project = d.create_project(c, "Remontti")  # 9
    d.toggle(project, matti)  # 10
    d.update_employee(matti, team=None)  # 11
    d.remove_from_special_group(vip, c)  # 12
    assert seqs(team) == [1, 2, 11]
    assert seqs(north) == [3, 6, 7] and seqs(south) == [4, 7]
    assert seqs(vip) == [5, 6, 12]
    assert seqs(role) == [8]
    assert seqs(project) == [9, 10]
    # A change set's keys stay the customers and employees it touches.
    assert d.history(south)[-1].keys == (c,)
    never_given: list[Any] = [
        vastuu.TeamId(2), vastuu.RoleId(0), vastuu.CustomerGroupId(3), vastuu.SpecialGroupId(9), vastuu.ProjectId(2),
    ]
    for never in never_given:
        with pytest.raises(vastuu.NotFoundError) as raised:
            d.history(never)
        assert raised.value.id == never


def test_the_history_is_found_again_when_the_store_is_opened_again(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with vastuu.Directory.open(path) as d:
        g = d.create_customer_group("Pohjoinen")
        d.create_customer("Esimerkki", group=g)
        d.compact()
        d.create_customer("Toinen", group=g)
        before = d.history(g)
        page = d.changes_since(1, 2)
    with vastuu.Directory.open(path) as d:
        assert d.history(g) == before and [cs.seq for cs in before] == [1, 2, 3]
        assert d.changes_since(1, 2) == page
