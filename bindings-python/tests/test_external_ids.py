"""External ids: the host system's key on employees, customers, projects and customer groups."""

from __future__ import annotations

import pytest

import vastuu


def test_keys_are_set_looked_up_changed_and_cleared(d: vastuu.Directory) -> None:
    e = d.create_employee("Liisa", external_id=" HR-7 ")
    g = d.create_customer_group("Pohjoinen", external_id="AREA-N")
    c = d.create_customer("Esimerkki Oy", group=g, external_id="CRM-1042")
    p = d.create_project(c, "Remontti", external_id="ERP-77")

    assert d.employee(e).external_id == "HR-7", "trimmed like every text"
    found = d.employee_by_external_id("HR-7")
    assert found is not None and found.id == e
    group = d.customer_group_by_external_id("AREA-N")
    assert group is not None and group.id == g
    customer = d.customer_by_external_id("CRM-1042")
    assert customer is not None and customer.id == c
    project = d.project_by_external_id("ERP-77")
    assert project is not None and project.id == p
    assert d.customer_by_external_id("crm-1042") is None, "compared exactly"
    assert d.employee_by_external_id("CRM-1042") is None, "each kind has keys of its own"

    d.update_customer(c, external_id="CRM-2")
    assert d.customer_by_external_id("CRM-1042") is None
    assert d.customer(c).external_id == "CRM-2"
    d.update_customer(c, name="Esimerkki Oyj")
    assert d.customer(c).external_id == "CRM-2", "a keyword left out keeps the key"
    d.update_customer(c, external_id=None)
    assert d.customer(c).external_id is None
    d.update_employee(e, external_id="HR-8")
    d.update_project(p, external_id=None)
    d.update_customer_group(g, external_id="AREA-2")
    assert (d.employee(e).external_id, d.project(p).external_id, d.customer_group(g).external_id) == (
        "HR-8", None, "AREA-2",
    )


def test_a_key_another_entity_holds_is_refused_and_nothing_changes(d: vastuu.Directory) -> None:
    c = d.create_customer("Esimerkki Oy", external_id="CRM-1")
    other = d.create_customer("Toinen Oy")
    seq = d.last_seq
    with pytest.raises(vastuu.DuplicateExternalIdError) as err:
        d.create_customer("Kolmas Oy", external_id="CRM-1")
    assert err.value.kind is vastuu.EntityKind.CUSTOMER
    assert err.value.external_id == "CRM-1"
    assert err.value.existing == c
    assert err.value.code == "duplicate_external_id"
    assert isinstance(err.value, ValueError)
    with pytest.raises(vastuu.DuplicateExternalIdError):
        d.update_customer(other, external_id="CRM-1")
    e = d.create_employee("Liisa", external_id="HR-7")
    with pytest.raises(vastuu.DuplicateExternalIdError) as err:
        d.create_employee("Matti", external_id="HR-7")
    assert err.value.existing == e
    seq = d.last_seq
    with pytest.raises(vastuu.InvalidTextError) as bad:
        d.create_project(c, "Remontti", external_id="ERP\u0007")
    assert bad.value.field is vastuu.Field.EXTERNAL_ID
    with pytest.raises(vastuu.InvalidTextError):
        d.create_customer_group("Pohjoinen", external_id="x" * 201)
    assert d.last_seq == seq
    assert len(d.customers()) == 2 and d.projects() == [] and d.customer_groups() == []


def test_customer_export_with_keys_imports_back_by_them(d: vastuu.Directory) -> None:
    d.create_customer("Esimerkki Oy", number=10, external_id="CRM-1")
    d.create_customer("Öljy Oy", number=11)
    plain = d.export_customers(language=vastuu.Language.ENGLISH)
    keyed = d.export_customers(language=vastuu.Language.ENGLISH, external_ids=True)
    assert len(keyed) > len(plain)

    other = vastuu.Directory()
    other.import_bytes(bytes(keyed), vastuu.ImportFormat.XLSX, name="customers.xlsx")
    moved = other.customer_by_external_id("CRM-1")
    assert moved is not None and (moved.name, moved.number) == ("Esimerkki Oy", 10)

    # The host renamed the customer: the key finds it, and it takes the new name.
    csv = "Nimi;Ulkoinen tunnus\nEsimerkki Oyj;CRM-1\n".encode()
    report = other.import_bytes(csv, vastuu.ImportFormat.CSV, kind=vastuu.ImportKind.CUSTOMERS)
    assert [item.fields for item in report.changed] == [("name",)]
    renamed = other.customer_by_external_id("CRM-1")
    assert renamed is not None and renamed.name == "Esimerkki Oyj"
    assert len(other.customers()) == 2
