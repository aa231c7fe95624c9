"""The README's Python quickstart runs, verbatim."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def quickstart() -> str:
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Python quickstart\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert section, "README.md has a '## Python quickstart' section"
    block = re.search(r"^```python\n(.*?)^```", section.group(1), re.S | re.M)
    assert block, "the section has a python code block"
    return block.group(1)


def test_quickstart_runs() -> None:
    code = quickstart()
    assert "import vastuu" in code
    exec(compile(code, str(README), "exec"), {"__name__": "quickstart"})
