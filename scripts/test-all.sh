#!/usr/bin/env bash
# Runs every check and test of the project: formatting, lints, Rust tests, and each binding's
# own test script when present. Installs what it needs (see the scripts it calls).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

echo "== cargo test"
cargo test --workspace

for part in scripts/test-*.sh; do
  [ "$part" = "scripts/test-all.sh" ] && continue
  echo "== $part"
  bash "$part"
done
