"""Imports from .xlsx and .csv: a round trip through an export, a dry run, and every problem of
a bad file raised at once as ImportFailedError, changing nothing."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

import vastuu
from vastuu import (
    ImportFailedError,
    ImportFormat,
    ImportItem,
    ImportItemKind,
    ImportKind,
    ImportProblem,
    ImportProblemKind,
    ImportReport,
)


def test_an_export_imports_back_into_an_empty_directory(tmp_path: Path) -> None:
    src = vastuu.Directory.from_data(vastuu.generate(vastuu.GeneratorConfig.small()))
    path = tmp_path / "lista.xlsx"
    src.export_responsible_persons(path, include_projects=True)
    dst = vastuu.Directory()
    plan = dst.import_file(path, dry_run=True, create_missing=True)
    assert isinstance(plan, ImportReport)
    assert plan.dry_run and plan.kind is ImportKind.RESPONSIBILITIES and len(dst.customers()) == 0
    report = dst.import_file(path, create_missing=True)
    assert not report.dry_run and report.rows == plan.rows and report.created == plan.created
    # One responsibility per row of the list (archived customers are not in it by default).
    assert len(dst.responsibilities()) == report.rows < len(src.responsibilities())
    again = dst.export_responsible_persons(include_projects=True)
    assert again.rows == report.rows
    # Everything is there: a second import leaves it all alone.
    second = dst.import_file(path, kind=ImportKind.RESPONSIBILITIES, sheet="Vastuuhenkilöt")
    assert second.created == () and second.changed == () and len(second.unchanged) == report.rows


def test_import_bytes_reports_what_it_created_and_changed() -> None:
    d = vastuu.Directory()
    data = "Nimi;Sähköposti;Myyjä\nMatti;matti@example.fi;x\n".encode("cp1252")
    report = d.import_bytes(data, ImportFormat.CSV, name="henkilöt.csv")
    item = report.created[0]
    assert isinstance(item, ImportItem)
    assert (item.row, item.kind, item.label, item.fields) == (2, ImportItemKind.EMPLOYEE, "Matti", ())
    assert isinstance(item.id, vastuu.EmployeeId) and d.employee(item.id).sales_rights
    changed = d.import_bytes(b"Name,Email\nMatti M,matti@example.fi\n", ImportFormat.CSV).changed
    assert changed[0].fields == ("name",) and changed[0].to_dict()["label"] == "Matti M"


def test_every_bad_row_raises_at_once_and_nothing_changes() -> None:
    d = vastuu.Directory()
    d.create_customer("Vanha Oy", number=500)
    data = ("Asiakasnumero;Nimi;Asiakasryhmä\n1;Yksi;\n1;Kaksi;\n500;Uusi Oy;\n2;" + "x" * 40_000 + ";\n").encode()
    with pytest.raises(ImportFailedError) as caught:
        d.import_bytes(data, ImportFormat.CSV, name="asiakkaat.csv", kind=ImportKind.CUSTOMERS)
    err = caught.value
    assert err.code == "import_failed" and isinstance(err, ValueError)
    found = [(p.file, p.sheet, p.row, p.column, p.kind) for p in err.problems]
    assert found == [
        ("asiakkaat.csv", None, 3, None, ImportProblemKind.DUPLICATE),
        ("asiakkaat.csv", None, 4, "Asiakasnumero", ImportProblemKind.NUMBER_TAKEN),
        ("asiakkaat.csv", None, 5, "Nimi", ImportProblemKind.CELL_TOO_LONG),
    ]
    assert all(isinstance(p, ImportProblem) and p.reason for p in err.problems)
    assert len(d.customers()) == 1


def test_random_bytes_named_xlsx_are_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "satunnainen.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ImportFailedError) as caught:
        vastuu.Directory().import_file(path)
    assert [p.kind for p in caught.value.problems] == [ImportProblemKind.UNREADABLE]


def _customer_facts(d: vastuu.Directory) -> set[tuple[object, ...]]:
    """Every customer as the customer exports carry it: number, name, status, archived, group
    name and special group names."""
    groups = {g.id: g.name for g in d.customer_groups()}
    specials = {g.id: g.name for g in d.special_groups()}
    return {
        (
            c.number,
            c.name,
            c.status,
            c.archived,
            None if c.group is None else groups[c.group],
            frozenset(specials[s] for s in c.special_groups),
        )
        for c in d.customers()
    }


def _marked_cells(data: bytes) -> set[tuple[object, ...]]:
    """A matrix export's marked cells: (customer row label, row label, employee, value)."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    header, customer = rows[0], ""
    cells: set[tuple[object, ...]] = set()
    for row in rows[1:]:
        label = str(row[1])
        if not label.lstrip().startswith("└"):
            customer = label
        cells |= {(customer, label, header[i], v) for i, v in enumerate(row) if i >= 2 and v not in (None, "")}
    return cells


def test_every_customer_export_imports_back() -> None:
    src = vastuu.Directory.from_data(vastuu.generate(vastuu.GeneratorConfig.small()))
    everyone = vastuu.CustomerFilter(archived=vastuu.ArchivedFilter.INCLUDE)
    for language in (vastuu.Language.FINNISH, vastuu.Language.SWEDISH, vastuu.Language.ENGLISH):
        dst = vastuu.Directory()
        data = src.export_customers(customers=everyone, language=language)
        report = dst.import_bytes(bytes(data), ImportFormat.XLSX, name="asiakkaat.xlsx", create_missing=True)
        assert report.kind is ImportKind.CUSTOMERS and report.rows == len(src.customers())
        assert _customer_facts(dst) == _customer_facts(src), language
    # Every group's, "No group"'s and every special group's export, into one empty directory.
    dst = vastuu.Directory()
    exports = [src.export_group_customers(g.id) for g in src.customer_groups()]
    exports.append(src.export_group_customers(None))
    exports += [src.export_special_group_customers(g.id) for g in src.special_groups()]
    for data in exports:
        report = dst.import_bytes(bytes(data), ImportFormat.XLSX, name="ryhma.xlsx", create_missing=True)
        assert report.kind is ImportKind.CUSTOMERS
    assert _customer_facts(dst) == _customer_facts(src)


def test_the_matrix_imports_back_as_responsibilities() -> None:
    src = vastuu.Directory.from_data(vastuu.generate(vastuu.GeneratorConfig.small()))
    data = bytes(src.export_matrix(by_role=True, include_projects=True))
    dst = vastuu.Directory()
    report = dst.import_bytes(data, ImportFormat.XLSX, name="matriisi.xlsx", create_missing=True)
    assert report.kind is ImportKind.RESPONSIBILITIES
    before = _marked_cells(data)
    assert before and _marked_cells(bytes(dst.export_matrix(by_role=True, include_projects=True))) == before
