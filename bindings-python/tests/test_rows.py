"""Rows are immutable values with attributes, repr, equality, hashing and to_dict()."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import vastuu


def sample(d: vastuu.Directory) -> list[Any]:
    t = d.create_team("Tiimi")
    e = d.create_employee("Matti", team=t, sales_rights=True)
    r = d.create_role("Huolto", vastuu.RoleScope.CUSTOMER)
    g = d.create_customer_group("Pohjoinen", numbering_start=100, salespeople=[e], cost_centers=["KP"])
    s = d.create_special_group("VIP")
    c = d.create_customer("Esimerkki", group=g, special_groups=[s])
    p = d.create_project(c, "Remontti")
    d.set_responsibility(c, e, roles=[r], valid_from=datetime.date(2026, 1, 1))
    return [
        d.employee(e), d.team(t), d.role(r), d.customer_group(g), d.special_group(s), d.customer(c), d.project(p),
        *d.responsibilities(), d.default_series(), d.numbering_report(), *d.numbering_report().series,
        *d.change_sets(), d.data().next_ids, vastuu.GeneratorConfig.small(),
    ]


def test_rows_are_immutable_values(d: vastuu.Directory) -> None:
    rows = sample(d)
    again = sample(vastuu.Directory())
    assert [type(r).__name__ for r in rows][-3] == "ChangeSet"
    for row, same in zip(rows, again):
        if isinstance(row, vastuu.ChangeSet):
            continue  # times differ between the two directories
        assert row == same and hash(row) == hash(same)
        assert repr(row).startswith(type(row).__name__ + "(")
        with pytest.raises(AttributeError):
            row.name = "muutettu"
    assert isinstance(d.numbering_report(), vastuu.NumberingReport)
    assert all(isinstance(s, vastuu.SeriesReport) for s in d.numbering_report().series)


def test_to_dict_gives_plain_values_for_data_frames(d: vastuu.Directory) -> None:
    for row in sample(d):
        plain = row.to_dict()
        assert isinstance(plain, dict) and plain

        def check(value: Any) -> None:
            if isinstance(value, list):
                for v in value:
                    check(v)
            elif isinstance(value, dict):
                for v in value.values():
                    check(v)
            else:
                assert value is None or isinstance(value, (bool, int, str, datetime.date)), (row, value)

        check(plain)
    customer = d.customers()[0].to_dict()
    assert customer == {
        "id": 1, "name": "Esimerkki", "number": 100, "status": "active", "archived": False, "group": 1,
        "special_groups": [1], "external_id": None,
    }
    columns = {tuple(r.to_dict()) for r in d.customers()}
    assert len(columns) == 1, "every row of a kind has the same columns"


def test_transaction_objects(d: vastuu.Directory) -> None:
    tx = d.transaction()
    assert isinstance(tx, vastuu.Transaction) and not tx.is_open
    with tx:
        assert tx.is_open


def test_text_limits(d: vastuu.Directory) -> None:
    d.create_special_group("Pitkä", description="x" * vastuu.MAX_DESCRIPTION_LEN)
    with pytest.raises(vastuu.InvalidTextError) as err:
        d.create_special_group("Liian pitkä", description="x" * (vastuu.MAX_DESCRIPTION_LEN + 1))
    assert err.value.field is vastuu.Field.DESCRIPTION and err.value.max_length == vastuu.MAX_DESCRIPTION_LEN
    local = "a" * (vastuu.MAX_EMAIL_LEN - len("@example.fi"))
    d.create_employee("Pitkä osoite", email=local + "@example.fi")
    with pytest.raises(vastuu.InvalidTextError) as mail:
        d.create_employee("Liian pitkä osoite", email="a" + local + "@example.fi")
    assert mail.value.field is vastuu.Field.EMAIL and mail.value.problem is vastuu.TextProblem.TOO_LONG
    with pytest.raises(vastuu.InvalidTextError) as not_mail:
        d.create_employee("Ei osoite", email="matti at example.fi")
    assert not_mail.value.problem is vastuu.TextProblem.NOT_AN_EMAIL
