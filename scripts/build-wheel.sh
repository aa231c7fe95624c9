#!/usr/bin/env bash
# Builds the Python package `vastuu` for distribution: a manylinux_2_28 wheel (one abi3 wheel for
# CPython 3.10 and later, a release build linked with zig so it runs on glibc 2.28 and newer
# whatever this machine has) and an sdist (the sources, built by pip on the installing machine).
#   bash scripts/build-wheel.sh [OUT_DIR]
# OUT_DIR defaults to $CARGO_TARGET_DIR/wheels (target/wheels). The vastuu wheels and sdists
# already there are removed first, so the folder holds only this build's.
# The tools (maturin, and zig from the ziglang package) come from bindings-python/
# requirements-dev.txt, installed into the virtual environment test-python.sh uses (.venv at the
# repository root, or VASTUU_VENV). Needs python3 (3.10 or later) with venv and pip, and cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
out="${1:-${CARGO_TARGET_DIR:-$root/target}/wheels}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
venv="${VASTUU_VENV:-$root/.venv}"

if [ ! -x "$venv/bin/python" ]; then
  echo "-- creating $venv"
  python3 -m venv "$venv"
fi
py="$venv/bin/python"
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"
"$py" -m pip install --quiet --disable-pip-version-check -r bindings-python/requirements-dev.txt

rm -f "$out"/vastuu-*.whl "$out"/vastuu-*.tar.gz
cd bindings-python

started=$SECONDS
echo "-- wheel (maturin build --release --zig, manylinux_2_28) into $out"
maturin build --quiet --release --zig --compatibility manylinux_2_28 --out "$out"
echo "-- wheel built in $((SECONDS - started)) s"

started=$SECONDS
echo "-- sdist (maturin sdist) into $out"
maturin sdist --out "$out"
echo "-- sdist built in $((SECONDS - started)) s"
ls -l "$out"/vastuu-*
