from __future__ import annotations

import datetime

import pytest

import vastuu

FIXED_TIME = datetime.datetime(2026, 3, 1, 12, 30, tzinfo=datetime.timezone.utc)


@pytest.fixture
def d() -> vastuu.Directory:
    """An empty directory whose change sets carry a fixed time."""
    directory = vastuu.Directory()
    directory.set_clock(FIXED_TIME)
    return directory
