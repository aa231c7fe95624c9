#!/usr/bin/env bash
# The side-by-side comparison in its quick form: builds the comparison program in release mode
# (in the workspace's target directory, reused by later runs) and runs
# `vastuu-benches compare --quick`, which checks that every peer gives the same answers as ours
# before timing it and prints the table (also written to bench-compare.json in the target
# directory: $CARGO_TARGET_DIR when set, else target/).
#
# Fails only when the program cannot run or a peer disagrees with ours. A missed target, or a
# slow or busy machine, is reported in the table, never a failure: the figures of a shared CI
# machine are not a verdict. The Python rows run when the project's virtual environment (.venv,
# made by scripts/test-python.sh) exists, and say "not run" otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "-- building the comparison program (release)"
cargo build --release --quiet -p vastuu-benches --bin vastuu-benches

echo "-- vastuu-benches compare --quick"
"${CARGO_TARGET_DIR:-target}/release/vastuu-benches" compare --quick

# The batches scripts/bench-instructions.sh counts under callgrind, run natively: both sides
# must agree (seconds; the instruction counts themselves are not taken here).
echo "-- vastuu-benches count --quick"
"${CARGO_TARGET_DIR:-target}/release/vastuu-benches" count --quick
