"""The README's Python examples run, verbatim: the quickstart, the handover, the change feed, the bulk
assignment, the team leads, the group default team, the external ids, and the web app with several
workers (against the test PostgreSQL server)."""

from __future__ import annotations

import io
import json
import re
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

import vastuu

README = Path(__file__).resolve().parents[2] / "README.md"


def python_block(heading: str) -> str:
    """The first python code block after `heading`, before the next heading (of level 2 or
    deeper: a line starting with "# " is a comment in the code)."""
    text = README.read_text(encoding="utf-8")
    section = re.search(rf"^{re.escape(heading)}\n(.*?)(?=^##+ |\Z)", text, re.S | re.M)
    assert section, f"README.md has a {heading!r} section"
    block = re.search(r"^```python\n(.*?)^```", section.group(1), re.S | re.M)
    assert block, f"the {heading!r} section has a python code block"
    return block.group(1)


@pytest.mark.parametrize(
    "heading",
    [
        "## Python quickstart",
        "### Handover in Python",
        "### Change feed in Python",
        "### Bulk assignment in Python",
        "### Team leads in Python",
        "### Group default team in Python",
        "### Revert in Python",
        "### External ids in Python",
    ],
)
def test_example_runs(heading: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = python_block(heading)
    assert "import vastuu" in code
    exec(compile(code, str(README), "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out, "the example shows its results"


def test_handover_example_finds_no_uncovered_customer(capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(python_block("### Handover in Python"), str(README), "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "[]"
    assert out[0].startswith("{'subject_kind': 'customer', 'subject': 1, 'customer': 1, 'from_before':")


def test_web_app_example_serves_two_workers_from_one_store(postgres_dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gunicorn example, as two workers (two module namespaces, two directories) on the
    test server's default schema: what one stores, the other serves."""
    monkeypatch.setenv("VASTUU_DSN", postgres_dsn)
    code = compile(python_block("### A web app with several workers (Python)"), str(README), "exec")
    workers: list[dict[str, Any]] = [{"__name__": "app"}, {"__name__": "app"}]
    for namespace in workers:
        exec(code, namespace)
    try:
        with vastuu.Directory.open_postgres(postgres_dsn) as admin:
            owner = admin.create_employee(f"Omistaja {uuid.uuid4().hex[:8]}")
        name = f"Asiakas {uuid.uuid4().hex[:8]}"

        def request(worker: dict[str, Any], method: str, form: object = None) -> Any:
            statuses = []
            environ = {"REQUEST_METHOD": method, "wsgi.input": io.BytesIO(json.dumps(form).encode())}
            body = worker["app"](environ, lambda status, headers: statuses.append(status))
            assert statuses == ["200 OK"]
            return json.loads(b"".join(body))

        customer = request(workers[0], "POST", {"name": name, "owner": int(owner)})["customer"]
        deadline = time.monotonic() + 3  # at most one poll interval late
        while name not in request(workers[1], "GET")["customers"] and time.monotonic() < deadline:
            time.sleep(0.01)
        assert name in request(workers[1], "GET")["customers"]
        held = workers[1]["directory"].responsibilities_held_by(owner)
        assert [int(r.subject) for r in held] == [customer]
    finally:
        for namespace in workers:
            namespace["directory"].close()
