from __future__ import annotations

import datetime
import os

import pytest

import vastuu

FIXED_TIME = datetime.datetime(2026, 3, 1, 12, 30, tzinfo=datetime.timezone.utc)


@pytest.fixture
def d() -> vastuu.Directory:
    """An empty directory whose change sets carry a fixed time."""
    directory = vastuu.Directory()
    directory.set_clock(FIXED_TIME)
    return directory


@pytest.fixture
def postgres_dsn() -> str:
    """The connection string of the throwaway PostgreSQL server that `scripts/postgres.sh`
    starts (`test-all.sh` and `test-python.sh` start one). Without it the PostgreSQL tests are
    skipped, except under CI=true, where they fail."""
    dsn = os.environ.get("VASTUU_POSTGRES_DSN")
    if not dsn:
        reason = "VASTUU_POSTGRES_DSN is not set (run under scripts/postgres.sh for the PostgreSQL tests)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return dsn

