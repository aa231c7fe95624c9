#!/usr/bin/env bash
# Instruction counts of the fast operations, ours beside the peers, with callgrind: unlike CPU
# times they come out the same on a busy machine as on an idle one, so a change to the hot paths
# can be judged on any machine (they do not see cache misses: the CPU times in BENCHMARKS.md do).
#
#   bash scripts/bench-instructions.sh [--quick]
#
# Builds vastuu-benches (release), runs `vastuu-benches count [--quick]` under
# `valgrind --tool=callgrind` (the benchmark directory of `compare`, or with --quick the smaller
# one; both sides are checked to agree first), and prints per operation the instructions per
# call of each side and their ratio. Each side runs in a function of its own; its inclusive cost
# (callgrind_annotate) divided by the operations it made is the figure. Takes minutes: the
# directory is generated under callgrind too. Needs valgrind (installed with apt-get when run as
# root without it) and python3. Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q valgrind >/dev/null
  else
    echo "bench-instructions.sh: valgrind is not installed" >&2
    exit 1
  fi
fi

target="${CARGO_TARGET_DIR:-$(pwd)/target}"
cargo build --release -p vastuu-benches
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "-- vastuu-benches count $* under callgrind (minutes)" >&2
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
  "$target/release/vastuu-benches" count "$@" >"$out/ops.txt" 2>"$out/valgrind.txt" || {
  cat "$out/valgrind.txt" >&2
  exit 1
}
callgrind_annotate --inclusive=yes --threshold=100 "$out/callgrind.out" >"$out/annotate.txt"

python3 - "$out/ops.txt" "$out/annotate.txt" <<'EOF'
import re
import sys

ops = {}
for line in open(sys.argv[1], encoding="utf-8"):
    parts = line.split()
    if len(parts) == 3 and parts[0] == "OPS":
        ops[parts[1]] = int(parts[2])

# The inclusive instructions of each counted function.
cost = {}
for line in open(sys.argv[2], encoding="utf-8"):
    m = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+\S*counted_(\w+?)(?:\s|$)", line)
    if m:
        cost[m.group(2)] = int(m.group(1).replace(",", ""))

rows = [
    ("can_view(employee, customer, date)", "can_view", "can_view_ours", "can_view_bitset", "per-employee bitset"),
    ("can_view(employee, customer, date)", "can_view", "can_view_ours", "can_view_hashset", "HashSet<(u32, u32)>"),
    ("toggle a responsibility", "toggle", "toggle_ours", "toggle_sqlite", "SQLite (rusqlite, in memory): DELETE, else INSERT"),
]
missing = [k for _, _, a, b, _ in rows for k in (a, b) if k not in cost] + [o for _, o, _, _, _ in rows if o not in ops]
if missing:
    sys.exit(f"bench-instructions.sh: not found in callgrind's output: {', '.join(sorted(set(missing)))}")
print("| operation | ours (instructions per call) | peer | ratio (ours/peer) |")
print("|---|---|---|---|")
for what, op, ours, peer, peer_name in rows:
    n = ops[op]
    a, b = cost[ours] / n, cost[peer] / n
    print(f"| {what} | {a:,.0f} | {b:,.0f} ({peer_name}) | {a / b:.2f}x |")
EOF
