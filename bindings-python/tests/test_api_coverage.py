"""Every public method and class of the package is exercised somewhere in this test suite: a new
method without a test fails here."""

from __future__ import annotations

import enum
import inspect
import re
from pathlib import Path

import vastuu

TESTS = Path(__file__).resolve().parent


def _sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name)


def test_every_public_name_is_used_by_a_test() -> None:
    sources = _sources()
    missing = []
    for name in vastuu.__all__:
        if name.startswith("__"):
            continue
        if not re.search(rf"\b{re.escape(name)}\b", sources):
            missing.append(name)
        obj = getattr(vastuu, name)
        if inspect.isclass(obj) and obj.__module__ == "vastuu" and not issubclass(obj, (BaseException, enum.Enum)):
            for member, _ in inspect.getmembers(obj):
                if member.startswith("_"):
                    continue
                if not re.search(rf"\.{re.escape(member)}\b", sources):
                    missing.append(f"{name}.{member}")
    assert missing == []
