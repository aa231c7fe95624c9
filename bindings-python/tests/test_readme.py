"""The README's Python examples run, verbatim: the quickstart and the handover."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("heading", ["## Python quickstart", "### Handover in Python"])
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
