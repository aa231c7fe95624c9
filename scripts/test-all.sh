#!/usr/bin/env bash
# Runs every check and test of the project: formatting, lints, Rust tests, and each binding's
# own test script when present. Installs what it needs (see the scripts it calls).
set -euo pipefail
cd "$(dirname "$0")/.."

# A one-off run gains nothing from incremental compilation, which would keep gigabytes of
# intermediate files beside the build (a developer's own setting is kept).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
target_dir="${CARGO_TARGET_DIR:-target}"
disk() { echo "-- disk: $(du -sh "$target_dir" 2>/dev/null | cut -f1) in $target_dir, $(df -h . | awk 'NR == 2 { print $4 }') free"; }
disk
# What no later step needs is removed after its step, so that a full run fits a smaller disk
# (VASTUU_KEEP_BUILDS=1 keeps it): the test executables once the Rust tests passed (the files
# of deps/ without a dot in their names; libraries keep theirs), the fuzz targets' builds once
# fuzzing is done (the corpus it found stays).
keep_builds() { [ "${VASTUU_KEEP_BUILDS:-0}" = 1 ]; }
host="$(rustc -vV | sed -n 's/^host: //p')"

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

echo "== cargo doc"
# Every crate's documentation, with every feature, builds without a warning (broken links etc.).
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features

echo "== cargo test"
# The PostgreSQL store's tests read VASTUU_POSTGRES_DSN: a throwaway server, stopped at exit.
source scripts/postgres.sh
cargo test --workspace
if ! keep_builds && [ -d "$target_dir/debug/deps" ]; then
  find "$target_dir/debug/deps" -maxdepth 1 -type f -executable ! -name '*.*' -delete
fi
disk

# The binding scripts below inherit VASTUU_POSTGRES_DSN: their PostgreSQL tests use the same
# server. The speed comparison runs last: its Python rows use the virtual environment the Python
# script creates.
for part in $(ls scripts/test-*.sh | grep -v -e test-all.sh -e test-bench.sh) scripts/test-bench.sh; do
  [ -f "$part" ] || continue
  echo "== $part"
  bash "$part"
  case "$part" in
    *test-fuzz.sh) keep_builds || rm -rf "$target_dir/fuzz/$host" "$target_dir/fuzz/release" ;;
  esac
  disk
done
