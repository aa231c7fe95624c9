#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for a bounded time, starting from its committed seeds
# (fuzz/corpus/<target>/), and fails on any crash, panic, leak or timeout the fuzzer finds (its
# input is left in fuzz/artifacts/<target>/ to reproduce with `cargo +nightly fuzz run <target>
# <file>`). Installs what it needs: the nightly toolchain (rustup) and cargo-fuzz (crates.io)
# when missing.
#
# VASTUU_FUZZ_SECONDS: how long each target runs (default 60). VASTUU_FUZZ_SANITIZER: cargo-fuzz's
# --sanitizer (default none: the library and its tests forbid unsafe code, so a sanitizer finds
# nothing a panic would not, and without one the build is quicker and each target runs more
# inputs; `address` to use ASan all the same). The targets are built once, into <target dir>/fuzz
# (CARGO_TARGET_DIR, else target/); what the fuzzer adds to a corpus goes to
# <target dir>/fuzz/corpus/<target>, never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
seconds="${VASTUU_FUZZ_SECONDS:-60}"
sanitizer="${VASTUU_FUZZ_SANITIZER:-none}"
target_dir="${CARGO_TARGET_DIR:-$root/target}/fuzz"
started=$SECONDS

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "-- installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "-- installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

targets=$(cargo +nightly fuzz list)
echo "-- building the fuzz targets: $(echo $targets)"
cargo +nightly fuzz build --sanitizer "$sanitizer" --target-dir "$target_dir"
echo "   built in $((SECONDS - started)) s"

for target in $targets; do
  seeds="fuzz/corpus/$target"
  if [ -z "$(ls -A "$seeds" 2>/dev/null)" ]; then
    echo "no seeds in $seeds (cargo run -p vastuu-tests --example fuzz-seeds writes them)" >&2
    exit 1
  fi
  found="$target_dir/corpus/$target"
  mkdir -p "$found"
  echo "-- fuzzing $target for $seconds s"
  log="$target_dir/$target.log"
  # New inputs go to the first corpus folder, the scratch one; the seeds are only read.
  if ! cargo +nightly fuzz run --sanitizer "$sanitizer" --target-dir "$target_dir" "$target" "$found" "$seeds" -- \
    -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz target $target failed; the input is under fuzz/artifacts/$target/ (full log: $log)" >&2
    exit 1
  fi
  grep -E "^stat::(number_of_executed_units|new_units_added)" "$log" | sed 's/^/   /' || true
done
echo "-- fuzzing done in $((SECONDS - started)) s"
