"""Every export read back with openpyxl and compared with the view it mirrors; paths and bytes,
languages, progress callbacks (and what their exceptions do), and exports in threads."""

from __future__ import annotations

import datetime
import faulthandler
import io
import pickle
import threading
import time
from pathlib import Path
from typing import Any, Callable

import openpyxl
import pytest

import vastuu
from vastuu import ArchivedFilter, CustomerFilter, CustomerStatus, GeneratorConfig, Language, RoleScope

Rows = list[tuple[Any, ...]]


def read(data: bytes | Path) -> tuple[list[str], Rows]:
    """The sheet names and the first sheet's rows (header first), as plain values."""
    book = openpyxl.load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data, read_only=True)
    sheet = book.worksheets[0]
    rows = [tuple(_plain(v) for v in row) for row in sheet.iter_rows(values_only=True)]
    names = list(book.sheetnames)
    book.close()
    return names, rows


def _plain(value: Any) -> Any:
    # Dates come back as datetimes at midnight.
    return value.date() if isinstance(value, datetime.datetime) else value


@pytest.fixture(scope="module")
def d() -> vastuu.Directory:
    """A generated directory, with an archived customer, one in no group and roles in use."""
    directory = vastuu.Directory.generate(GeneratorConfig.small().with_seed(3))
    customers = directory.customers()
    directory.archive_customer(customers[0].id)
    directory.update_customer(customers[1].id, name="=SUM(A1:A2) ei kaava")
    return directory


def _names(items: list[str] | tuple[str, ...]) -> str | None:
    return ", ".join(items) or None


# ---- customers ----------------------------------------------------------------------------


def _customer_rows(d: vastuu.Directory, f: CustomerFilter, status_words: tuple[str, str]) -> Rows:
    groups = {g.id: g.name for g in d.customer_groups()}
    specials = {g.id: g.name for g in d.special_groups()}
    employees = {e.id: e.name for e in d.employees()}
    rows = []
    for summary in d.filter_customers_page(f).customers:
        c = d.customer(summary.id)
        rows.append((
            c.number, c.name, status_words[0] if c.status is CustomerStatus.ACTIVE else status_words[1], c.archived,
            groups.get(c.group) if c.group else None,
            frozenset(specials[g] for g in c.special_groups),
            frozenset(employees[r.employee] for r in d.responsibilities_for(c.id)),
        ))
    return rows


def _as_sets(rows: Rows) -> Rows:
    """The customer export's name lists (joined in Finnish order) as sets, to compare."""
    return [(*r[:5], frozenset(r[5].split(", ")) if r[5] else frozenset(),
             frozenset(r[6].split(", ")) if r[6] else frozenset()) for r in rows]


CUSTOMERS_HEADER = ("Asiakasnumero", "Nimi", "Tila", "Arkistoitu", "Asiakasryhmä", "Erikoisryhmät", "Vastuuhenkilöt")


@pytest.mark.parametrize("archived", list(ArchivedFilter))
def test_customers_export_is_the_filtered_list(d: vastuu.Directory, archived: ArchivedFilter) -> None:
    f = CustomerFilter(archived=archived, status=CustomerStatus.ACTIVE if archived is ArchivedFilter.ONLY else None)
    sheets, rows = read(d.export_customers(customers=f))
    assert sheets == ["Asiakkaat"] and rows[0] == CUSTOMERS_HEADER
    assert _as_sets(rows[1:]) == _customer_rows(d, f, ("Asiakas", "Prospekti"))
    assert len(rows) > 1


def test_formula_like_names_stay_text(d: vastuu.Directory) -> None:
    _, rows = read(d.export_customers(customers=CustomerFilter(text="ei kaava")))
    assert rows[1][1] == "=SUM(A1:A2) ei kaava"


def test_group_and_special_group_exports(d: vastuu.Directory) -> None:
    group = d.customer_groups()[0]
    sheets, rows = read(d.export_group_customers(group.id, language=Language.ENGLISH))
    assert sheets == [group.name]
    assert rows[0] == ("Customer number", "Name", "Status", "Archived", "Customer group", "Special groups",
                       "Responsible persons")
    f = CustomerFilter(groups=[group.id], archived=ArchivedFilter.INCLUDE)
    assert _as_sets(rows[1:]) == _customer_rows(d, f, ("Customer", "Prospect"))
    sheets, rows = read(d.export_group_customers(None, language=Language.SWEDISH))
    assert sheets == ["Ingen grupp"] and rows[0][0] == "Kundnummer"
    no_group = CustomerFilter(no_group=True, archived=ArchivedFilter.INCLUDE)
    assert _as_sets(rows[1:]) == _customer_rows(d, no_group, ("Kund", "Prospekt")) and len(rows) > 1
    special = d.special_groups()[0]
    sheets, rows = read(d.export_special_group_customers(special.id))
    assert sheets == [special.name]
    f = CustomerFilter(special_groups=[special.id], archived=ArchivedFilter.INCLUDE)
    assert _as_sets(rows[1:]) == _customer_rows(d, f, ("Asiakas", "Prospekti")) and len(rows) > 1
    with pytest.raises(vastuu.NotFoundError):
        d.export_group_customers(vastuu.CustomerGroupId(999))
    with pytest.raises(vastuu.NotFoundError):
        d.export_special_group_customers(vastuu.SpecialGroupId(999))


# ---- the responsible-persons list ---------------------------------------------------------

PERSONS_HEADER = ("Asiakasnumero", "Asiakas", "Asiakasryhmä", "Projekti", "Vastuuhenkilö", "Sähköposti", "Myyjä",
                  "Voimassa alkaen", "Voimassa asti", "Roolit")


@pytest.mark.parametrize("kwargs", [
    {},
    {"include_projects": True, "customers": CustomerFilter(archived=ArchivedFilter.INCLUDE)},
    {"as_of": datetime.date(2026, 6, 1), "include_projects": True},
    {"employees": "first three"},
], ids=["default", "everything", "as_of", "employees"])
def test_responsible_persons_export_is_the_list(d: vastuu.Directory, kwargs: dict[str, Any]) -> None:
    if kwargs.get("employees") == "first three":
        kwargs = {"employees": [e.id for e in d.employees()[:3]]}
    sheets, rows = read(d.export_responsible_persons(**kwargs))
    assert sheets == ["Vastuuhenkilöt"] and rows[0] == PERSONS_HEADER
    expected = [
        (r.customer_number, r.customer_name, r.customer_group_name, r.project_name, r.employee_name, r.email,
         r.salesperson, r.valid_from, r.valid_to, _names([role.name for role in r.roles]))
        for r in d.responsible_persons(**kwargs).rows
    ]
    assert rows[1:] == expected and expected


# ---- the matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs", [
    {},
    {"by_role": True, "include_projects": True},
    {"include_projects": True, "customers": CustomerFilter(archived=ArchivedFilter.INCLUDE), "as_of":
     datetime.date(2026, 6, 1)},
    {"role": "a customer role", "by_role": True},
    {"teams": "first team"},
], ids=["plain", "by_role", "as_of", "role", "team"])
def test_matrix_export_is_the_matrix(d: vastuu.Directory, kwargs: dict[str, Any]) -> None:
    if kwargs.get("role") == "a customer role":
        kwargs = {**kwargs, "role": next(r.id for r in d.roles() if r.scope is RoleScope.CUSTOMER)}
    if kwargs.get("teams") == "first team":
        kwargs = {"teams": [d.teams()[0].id]}
    sheets, rows = read(d.export_matrix(**kwargs))
    m = d.matrix(**kwargs)
    assert sheets == ["Vastuut"]
    assert rows[0] == ("Asiakasnumero", "Asiakas / projekti", *(c.name for c in m.columns))
    expected: list[list[Any]] = [
        [r.customer_number, r.name if isinstance(r.subject, vastuu.CustomerId) else f"  └ {r.name}"]
        + [None] * len(m.columns)
        for r in m.rows
    ]
    for cell in m.cells:
        by_role = kwargs.get("by_role") and cell.roles
        expected[cell.row][cell.column + 2] = _names([r.name for r in cell.roles]) if by_role else "x"
    assert [list(r) for r in rows[1:]] == expected and m.cells


# ---- paths, bytes, languages --------------------------------------------------------------


ALL_EXPORTS: list[tuple[str, Callable[..., Any]]] = [
    ("customers", lambda d, *a, **k: d.export_customers(*a, **k)),
    ("group", lambda d, *a, **k: d.export_group_customers(d.customer_groups()[0].id, *a, **k)),
    ("no group", lambda d, *a, **k: d.export_group_customers(None, *a, **k)),
    ("special group", lambda d, *a, **k: d.export_special_group_customers(d.special_groups()[0].id, *a, **k)),
    ("persons", lambda d, *a, **k: d.export_responsible_persons(*a, **k)),
    ("matrix", lambda d, *a, **k: d.export_matrix(*a, **k)),
]


@pytest.mark.parametrize(("name", "export"), ALL_EXPORTS, ids=[e[0] for e in ALL_EXPORTS])
def test_to_a_path_or_to_bytes(d: vastuu.Directory, tmp_path: Path, name: str, export: Callable[..., Any]) -> None:
    data = export(d)
    assert isinstance(data, bytes) and data.startswith(b"PK")
    path = tmp_path / "vienti.xlsx"
    written = export(d, path)
    assert isinstance(written, int) and read(path) == read(data) and written == len(read(data)[1]) - 1
    english = tmp_path / "english.xlsx"
    assert export(d, str(english), language=Language.ENGLISH) == written  # a str path works too
    if name in ("persons", "matrix"):  # no words of the language in their data rows
        assert read(english)[1][1:] == read(data)[1][1:]
    assert read(english)[1][0] != read(data)[1][0], "English headers"


def test_a_path_export_returns_rows_and_cells_cut(d: vastuu.Directory, tmp_path: Path) -> None:
    written = d.export_customers(tmp_path / "a.xlsx")
    assert isinstance(written, vastuu.ExportResult) and isinstance(written, int)
    assert written.rows == written == len(d.filter_customers()) and written.cells_cut == 0
    assert repr(written) == f"ExportResult(rows={written.rows}, cells_cut=0)"


def test_an_over_long_cell_is_cut_and_counted(tmp_path: Path) -> None:
    d = vastuu.Directory()
    c = d.create_customer("Monen ryhmän asiakas")
    for i in range(170):  # 170 names of 200 characters: the joined cell is over 32,767 characters
        d.create_special_group(f"{i:03} " + "ä" * 196, customers=[c])
    path = tmp_path / "ryhmät.xlsx"
    written = d.export_customers(path)
    assert (written.rows, written.cells_cut) == (1, 1)
    _, rows = read(path)
    assert rows[1][5].endswith("… [cut]") and len(rows[1][5]) <= 32_767
    # To memory the same: the bytes of the same file, with the same counts.
    data = d.export_customers()
    assert isinstance(data, vastuu.ExportBytes) and isinstance(data, bytes)
    assert (data.rows, data.cells_cut) == (1, 1) and bytes(data)[:2] == b"PK"
    assert repr(data) == f"ExportBytes({len(data)} bytes, rows=1, cells_cut=1)"
    again = pickle.loads(pickle.dumps(data))
    assert (type(again), again, again.rows, again.cells_cut) == (vastuu.ExportBytes, data, 1, 1)


def test_an_existing_file_survives_a_failed_export(bigger: vastuu.Directory, tmp_path: Path) -> None:
    path = tmp_path / "vanha.xlsx"
    path.write_bytes(b"last week's export")

    def progress(written: int, total: int) -> None:
        if written >= 1024:
            raise Stop("enough")

    with pytest.raises(Stop):
        bigger.export_customers(path, progress=progress)
    assert path.read_bytes() == b"last week's export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vanha.xlsx"], "no temporary file left"
    assert bigger.export_customers(path) == len(bigger.filter_customers())
    assert read(path)[1][0][0] == "Asiakasnumero"


def test_a_symbolic_link_is_refused_unless_followed(d: vastuu.Directory, tmp_path: Path) -> None:
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to("real.xlsx")
    with pytest.raises(vastuu.ExportSymlinkError) as raised:
        d.export_customers(link)
    assert raised.value.path == link and raised.value.code == "export_symlink"
    assert isinstance(raised.value, OSError) and "link.xlsx" in str(raised.value)
    assert real.read_bytes() == b"old"
    written = d.export_customers(link, follow_symlinks=True)
    assert written.rows == len(read(real)[1]) - 1 and link.is_symlink()


def test_an_unwritable_path_raises_export_error(d: vastuu.Directory, tmp_path: Path) -> None:
    with pytest.raises(vastuu.ExportError) as raised:
        d.export_matrix(tmp_path / "no" / "such" / "folder.xlsx")
    assert isinstance(raised.value, OSError) and raised.value.detail and "export failed" in str(raised.value)
    assert not (tmp_path / "no").exists()


# ---- progress -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bigger() -> vastuu.Directory:
    """Enough rows for several progress reports (one per 1,024 rows)."""
    return vastuu.Directory.generate(GeneratorConfig(customers=3_000, employees=60, projects=1_000,
                                                     responsibilities=5_000))


@pytest.mark.parametrize(("name", "export"), ALL_EXPORTS[:1] + ALL_EXPORTS[4:], ids=["customers", "persons", "matrix"])
def test_progress_reports(bigger: vastuu.Directory, name: str, export: Callable[..., Any]) -> None:
    calls: list[tuple[int, int]] = []
    data = export(bigger, progress=lambda written, total: calls.append((written, total)))
    rows = len(read(data)[1]) - 1
    assert rows > 2048
    assert calls[0] == (0, rows) and calls[-1] == (rows, rows)
    assert [w for w, _ in calls] == sorted({w for w, _ in calls}), "increasing"
    assert all(total == rows for _, total in calls) and len(calls) >= rows // 1024


class Stop(Exception):
    pass


@pytest.mark.parametrize("at", [0, 1024])
def test_an_exception_in_the_callback_stops_the_export(bigger: vastuu.Directory, tmp_path: Path, at: int) -> None:
    calls: list[int] = []

    def progress(written: int, total: int) -> None:
        calls.append(written)
        if written >= at:
            raise Stop(f"stopped at {written} of {total}")

    path = tmp_path / "keskeytetty.xlsx"
    with pytest.raises(Stop, match=f"stopped at {at} of"):
        bigger.export_responsible_persons(path, include_projects=True, progress=progress)
    assert calls[-1] == at, "no report after the exception"
    assert not path.exists(), "nothing written"
    with pytest.raises(Stop):
        bigger.export_matrix(progress=progress)
    # The directory is usable after.
    assert bigger.export_customers(tmp_path / "sitten.xlsx") == len(bigger.filter_customers())


def test_callback_misuse(d: vastuu.Directory) -> None:
    with pytest.raises(TypeError, match="callable"):
        d.export_customers(progress=42)  # type: ignore[call-overload]
    def no_arguments() -> None:
        pass

    with pytest.raises(TypeError):
        d.export_customers(progress=no_arguments)  # type: ignore[arg-type]
    seen: list[BaseException] = []

    def reenters(written: int, total: int) -> None:
        try:
            d.customers()
        except RuntimeError as err:
            seen.append(err)
            raise

    with pytest.raises(RuntimeError, match="cannot be called from an export's progress callback"):
        d.export_customers(progress=reenters)
    assert len(seen) == 1
    assert len(d.customers()) == 300, "usable after"
    with pytest.raises(TypeError):
        d.export_customers(language="fi")  # type: ignore[call-overload]


# ---- threads ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large() -> vastuu.Directory:
    return vastuu.Directory.generate(GeneratorConfig(customers=8_000, employees=100, projects=4_000,
                                                     responsibilities=16_000))


@pytest.mark.parametrize("with_progress", [False, True], ids=["plain", "with progress"])
def test_an_export_does_not_block_other_python_threads(large: vastuu.Directory, with_progress: bool) -> None:
    d = large
    reports: list[int] = []
    result: list[bytes] = []

    def export() -> None:
        progress = (lambda written, total: reports.append(written)) if with_progress else None
        result.append(d.export_customers(progress=progress))

    worker = threading.Thread(target=export)
    ticks = 0
    worker.start()
    # With the GIL held while the export writes, this loop would run once at most.
    while worker.is_alive():
        ticks += 1
        worker.join(timeout=0.001)
    assert len(result) == 1 and len(read(result[0])[1]) == len(d.filter_customers()) + 1
    assert ticks > 3
    assert (len(reports) >= 8) == with_progress


def test_exports_in_several_threads_at_once(d: vastuu.Directory) -> None:
    expected = read(d.export_responsible_persons(include_projects=True))
    results: list[tuple[list[str], Rows]] = []
    lock = threading.Lock()

    def export() -> None:
        data = d.export_responsible_persons(include_projects=True, progress=lambda w, t: None)
        with lock:
            results.append(read(data))

    threads = [threading.Thread(target=export) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert results == [expected] * 4


def test_other_threads_can_ask_about_the_directory_while_a_callback_runs(large: vastuu.Directory) -> None:
    # The exporting thread holds the directory while it waits for the GIL to call its callback;
    # a thread asking about the directory must not hold the GIL while it waits for the directory.
    d = large
    in_callback = threading.Event()
    done = threading.Event()

    def progress(written: int, total: int) -> None:
        in_callback.set()
        time.sleep(0.01)  # lets the other thread run, holding the GIL, while the export is held up

    def export() -> None:
        d.export_customers(progress=progress)
        done.set()

    # A deadlock here would hold the GIL forever: end the process with every thread's traceback
    # rather than hang.
    faulthandler.dump_traceback_later(120, exit=True)
    try:
        worker = threading.Thread(target=export)
        worker.start()
        assert in_callback.wait(timeout=60)
        answers = 0
        while not done.is_set():
            assert d.closed is False and d.transaction_depth == 0
            assert repr(d).startswith("Directory(employees=100")
            answers += 1
        worker.join(timeout=60)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert not worker.is_alive() and answers > 0
