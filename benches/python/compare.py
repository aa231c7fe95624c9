"""The Python side of `vastuu-benches compare`.

Started by the comparison program in the project's virtual environment. It reads one JSON
command per line on standard input and answers one JSON line on standard output, so that its
timings interleave with the program's own:

- ``setup``: generates the same directories as the program (the generator is deterministic),
  loads the export's rows (written by the program) as Python values and, for polars, as a
  DataFrame, and says which of the sides it can run;
- ``export`` (``who``: ``vastuu``, ``xlsxwriter`` or ``polars``): writes the export's rows to
  ``path`` and answers the time taken;
- ``list``: calls the responsible-persons list for its first 100 rows ``calls`` times, reading
  every field of every row (the rows become Python values when read), and answers the time per
  call and the rows of the page;
- ``quit``.

Times are answered by the wall clock (``seconds``) and in CPU time of the process (``cpu``).
Everything else (errors, warnings) goes to standard error.
"""

from __future__ import annotations

import datetime
import json
import sys
import time
from typing import Any, Callable

HEADER_FORMAT = {"bold": True}
DATE_FORMAT = "yyyy-mm-dd"


def timed(work: Callable[[], object]) -> dict[str, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return {"ok": True, "seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


class Side:
    def __init__(self) -> None:
        self.have: dict[str, bool] = {}
        self.why: dict[str, str] = {}
        self.vastuu: Any = None
        self.main: Any = None
        self.export_dir: Any = None
        self.sheet: dict[str, Any] = {}
        self.rows: list[list[Any]] = []
        self.frame: Any = None

    def note(self, what: str, ok: bool, why: str = "") -> None:
        self.have[what] = ok
        if not ok:
            self.why[what] = why

    def setup(self, cmd: dict[str, Any]) -> dict[str, Any]:
        try:
            import vastuu

            self.vastuu = vastuu
        except ImportError as e:  # the package is not installed in this environment
            for what in ("vastuu", "list"):
                self.note(what, False, f"binding not available (the vastuu package is not installed: {e})")
        if self.vastuu is not None:
            v = self.vastuu

            def config(c: dict[str, Any]) -> Any:
                return v.GeneratorConfig(**c)

            self.main = v.Directory.generate(config(cmd["main"]))
            self.export_dir = v.Directory.generate(config(cmd["export"]))
            self.note(
                "vastuu",
                hasattr(self.export_dir, "export_responsible_persons"),
                "binding not available (the installed vastuu package has no export_responsible_persons)",
            )
            self.note(
                "list",
                hasattr(self.main, "responsible_persons"),
                "binding not available (the installed vastuu package has no responsible_persons)",
            )
        with open(cmd["rows"], encoding="utf-8") as f:
            self.sheet = json.load(f)
        dates = self.sheet["date_columns"]
        rows = self.sheet["rows"]
        for row in rows:
            for c in dates:
                if row[c] is not None:
                    d = datetime.date.fromisoformat(row[c])
                    if d.year >= 1900:
                        row[c] = d
        self.rows = rows
        try:
            import xlsxwriter  # noqa: F401

            self.note("xlsxwriter", True)
        except ImportError as e:
            self.note("xlsxwriter", False, f"XlsxWriter is not installed ({e})")
        try:
            import polars as pl

            headers = self.sheet["headers"]
            columns = list(zip(*rows)) if rows else [[] for _ in headers]
            types = [pl.Int64, pl.Utf8, pl.Utf8, pl.Utf8, pl.Utf8, pl.Utf8, pl.Boolean, pl.Date, pl.Date, pl.Utf8]
            self.frame = pl.DataFrame(
                {h: pl.Series(h, list(col), dtype=t) for h, col, t in zip(headers, columns, types)}
            )
            self.note("polars", True)
        except ImportError as e:
            self.note("polars", False, f"polars is not installed ({e})")
        return {"ok": True, "have": self.have, "why": self.why}

    def export(self, cmd: dict[str, Any]) -> dict[str, Any]:
        who, path = cmd["who"], cmd["path"]
        if who == "vastuu":
            v = self.vastuu
            every = v.CustomerFilter(archived=v.ArchivedFilter.INCLUDE)
            return timed(lambda: self.export_dir.export_responsible_persons(path, customers=every, include_projects=True))
        if who == "xlsxwriter":
            return timed(lambda: self.write_xlsxwriter(path))
        if who == "polars":
            return timed(lambda: self.write_polars(path))
        raise ValueError(f"unknown side {who!r}")

    def write_xlsxwriter(self, path: str) -> None:
        """The rows with Python XlsxWriter in constant-memory mode: bold frozen header, the
        cells by type (dates with a date format), an autofilter and the column widths."""
        import xlsxwriter

        book = xlsxwriter.Workbook(path, {"constant_memory": True})
        sheet = book.add_worksheet(self.sheet["sheet"])
        bold = book.add_format(HEADER_FORMAT)
        date = book.add_format({"num_format": DATE_FORMAT})
        for c, w in enumerate(self.sheet["widths"]):
            sheet.set_column(c, c, w)
        for c, h in enumerate(self.sheet["headers"]):
            sheet.write_string(0, c, h, bold)
        sheet.freeze_panes(1, 0)
        write_string, write_number = sheet.write_string, sheet.write_number
        write_boolean, write_datetime = sheet.write_boolean, sheet.write_datetime
        for r, row in enumerate(self.rows, start=1):
            for c, value in enumerate(row):
                kind = type(value)
                if value is None:
                    continue
                if kind is str:
                    write_string(r, c, value)
                elif kind is bool:
                    write_boolean(r, c, value)
                elif kind is int or kind is float:
                    write_number(r, c, value)
                else:
                    write_datetime(r, c, value, date)
        sheet.autofilter(0, 0, len(self.rows), len(self.sheet["headers"]) - 1)
        book.close()

    def write_polars(self, path: str) -> None:
        """The rows with polars ``write_excel``: bold header, dates with a date format, an
        autofilter, frozen header row, the column widths."""
        import polars as pl

        widths = {h: int(w * 7) for h, w in zip(self.sheet["headers"], self.sheet["widths"])}
        self.frame.write_excel(
            path,
            worksheet=self.sheet["sheet"],
            header_format=HEADER_FORMAT,
            dtype_formats={pl.Date: DATE_FORMAT},
            autofilter=True,
            freeze_panes=(1, 0),
            column_widths=widths,
            table_style=None,
        )

    def list_page(self, cmd: dict[str, Any]) -> dict[str, Any]:
        v = self.vastuu
        page = v.Page(0, 100)
        calls = int(cmd["calls"])
        call = self.main.responsible_persons
        wall, cpu = time.perf_counter(), time.process_time()
        result = None
        for _ in range(calls):
            result = call(page=page)
            # What a caller gets: every row as Python values (rows are converted when read).
            for r in result.rows:
                (
                    r.customer,
                    r.customer_name,
                    r.customer_number,
                    r.customer_group,
                    r.customer_group_name,
                    r.project,
                    r.project_name,
                    r.employee,
                    r.employee_name,
                    r.email,
                    r.salesperson,
                    r.employee_active,
                    r.valid_from,
                    r.valid_to,
                    r.roles,
                )
        answer: dict[str, Any] = {
            "ok": True,
            "seconds": (time.perf_counter() - wall) / calls,
            "cpu": (time.process_time() - cpu) / calls,
        }
        if result is not None:
            answer["total"] = result.total
            answer["rows"] = [
                [int(r.customer), int(r.employee), None if r.project is None else int(r.project)] for r in result.rows
            ]
        return answer


def main() -> None:
    side = Side()
    handlers = {"setup": side.setup, "export": side.export, "list": side.list_page}
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["cmd"] == "quit":
            break
        try:
            answer = handlers[cmd["cmd"]](cmd)
        except Exception as e:  # reported to the program, which stops with it
            answer = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
