#!/usr/bin/env bash
# Builds the Python package `vastuu` and runs its checks, in a virtual environment (.venv at the
# repository root, created when missing and reused after):
#   1. installs the build and test tools (bindings-python/requirements-dev.txt);
#   2. builds the extension (a debug build: fast to compile, enough for tests) and installs the
#      package into the environment with `maturin develop`;
#   3. `python -m mypy.stubtest vastuu`: the hand-written stubs match the compiled module;
#   4. mypy --strict over the package and the tests: the stubs are usable as written;
#   5. pytest, with warnings as errors (the PostgreSQL tests against VASTUU_POSTGRES_DSN, or a
#      throwaway server started with scripts/postgres.sh).
# Needs python3 (3.10 or later) with venv and pip, and cargo. Exits non-zero on any failure.
# VASTUU_VENV names another environment directory.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
venv="${VASTUU_VENV:-$root/.venv}"

# The PostgreSQL tests need a server: the caller's (test-all.sh starts one), or a throwaway one
# started here and stopped at exit. Without one they are skipped (under CI=true they fail).
if [ -z "${VASTUU_POSTGRES_DSN:-}" ]; then
  source scripts/postgres.sh || echo "no PostgreSQL server: its tests will be skipped" >&2
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "-- creating $venv"
  python3 -m venv "$venv"
fi
py="$venv/bin/python"
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"

echo "-- installing build and test tools"
"$py" -m pip install --quiet --disable-pip-version-check -r bindings-python/requirements-dev.txt

echo "-- building and installing the package (maturin develop)"
(cd bindings-python && maturin develop --quiet)

cd bindings-python
echo "-- stubtest"
"$py" -m mypy.stubtest vastuu --allowlist stubtest-allowlist.txt

echo "-- mypy --strict"
"$py" -m mypy

echo "-- pytest"
"$py" -m pytest -W error -q
