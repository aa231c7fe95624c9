#!/usr/bin/env bash
# Builds the Python package `vastuu` and runs its checks, in a virtual environment (.venv at the
# repository root, created when missing and reused after):
#   1. installs the build and test tools (bindings-python/requirements-dev.txt);
#   2. builds the extension (a debug build: fast to compile, enough for the stub checks) and
#      installs the package into the environment with `maturin develop`;
#   3. `python -m mypy.stubtest vastuu`: the hand-written stubs match the compiled module;
#   4. mypy --strict over the package and the tests: the stubs are usable as written;
#   5. builds the manylinux wheel and the sdist (scripts/build-wheel.sh, into
#      $CARGO_TARGET_DIR/wheels or target/wheels);
#   6. pytest, with warnings as errors, against the wheel installed into a new virtual
#      environment outside the repository (the tests copied there, so only the installed package
#      can be imported); the PostgreSQL tests against VASTUU_POSTGRES_DSN, or a throwaway server
#      started with scripts/postgres.sh;
#   7. `pip install` of the sdist into another new environment (a build from source: a debug
#      build in $CARGO_TARGET_DIR or target, so it reuses step 2's), then `import vastuu` and a
#      call.
# VASTUU_PYTHON_WHEEL=0 skips 5 to 7 and runs pytest on the debug build instead (minutes faster:
# no release builds). Prints how long each step took.
# Needs python3 (3.10 or later) with venv and pip, cargo and a C compiler. Exits non-zero on any
# failure. VASTUU_VENV names another environment directory; VASTUU_WHEEL_PYTHON the interpreter of
# the new environments of steps 6 and 7 (python3 when not given), e.g. python3.10 to test the
# oldest Python the wheel supports.
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
target="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TARGET_DIR="$target"

step_started=$SECONDS
step() {
  echo "-- $1"
  step_started=$SECONDS
}
took() {
  echo "   ($((SECONDS - step_started)) s)"
}

step "installing build and test tools"
"$py" -m pip install --quiet --disable-pip-version-check -r bindings-python/requirements-dev.txt
took

step "building and installing the package (maturin develop)"
(cd bindings-python && maturin develop --quiet)
took

cd bindings-python
step "stubtest"
"$py" -m mypy.stubtest vastuu --allowlist stubtest-allowlist.txt
took

step "mypy --strict"
"$py" -m mypy
took

if [ "${VASTUU_PYTHON_WHEEL:-1}" = 0 ]; then
  step "pytest (on the debug build)"
  "$py" -m pytest -W error -q
  took
  exit 0
fi
cd "$root"

step "building the wheel and the sdist (scripts/build-wheel.sh)"
bash scripts/build-wheel.sh "$target/wheels"
wheel="$(ls "$target"/wheels/vastuu-*-abi3-manylinux_2_28_*.whl)"
sdist="$(ls "$target"/wheels/vastuu-*.tar.gz)"
took

# Environments and test copies outside the repository, removed at exit (with the throwaway
# PostgreSQL server, if one was started above: this trap replaces postgres.sh's).
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"; if declare -F vastuu_pg_down >/dev/null; then vastuu_pg_down; fi' EXIT

step "pytest against the wheel, in a new environment ($scratch)"
"${VASTUU_WHEEL_PYTHON:-python3}" -m venv "$scratch/wheel-env"
wpy="$scratch/wheel-env/bin/python"
"$wpy" -m pip install --quiet --disable-pip-version-check "$wheel" -r bindings-python/requirements-test.txt
# The tests, their settings (pyproject.toml) and the README they run, where the tests expect them;
# no python/ source folder next to them.
mkdir -p "$scratch/src/bindings-python"
cp -R bindings-python/tests bindings-python/pyproject.toml "$scratch/src/bindings-python/"
cp README.md "$scratch/src/"
(
  cd "$scratch/src/bindings-python"
  "$wpy" -c 'import sys, vastuu; sys.exit(0 if vastuu.__file__.startswith(sys.prefix) else f"vastuu imported from {vastuu.__file__}")'
  "$wpy" --version
  "$wpy" -m pytest -W error -q -p no:cacheprovider --rootdir .
)
took

step "pip install of the sdist, in a new environment (a build from source)"
"${VASTUU_WHEEL_PYTHON:-python3}" -m venv "$scratch/sdist-env"
spy="$scratch/sdist-env/bin/python"
# The dev profile: what step 2 compiled is reused (a release build without zig would compile
# everything again, minutes); --no-cache-dir: built now, not taken from pip's wheel cache.
MATURIN_PEP517_ARGS="--profile dev" \
  "$spy" -m pip install --quiet --disable-pip-version-check --no-cache-dir "$sdist"
(
  cd "$scratch"
  "$spy" -c '
import sys, vastuu
assert vastuu.__file__.startswith(sys.prefix), vastuu.__file__
d = vastuu.Directory()
matti = d.create_employee("Matti", sales_rights=True)
customer = d.create_customer("Esimerkki Oy")
d.toggle(customer, matti)
assert [r.employee for r in d.responsibilities_for(customer)] == [matti]
print("vastuu", vastuu.__version__, "from the sdist: imported and used")
'
)
took
