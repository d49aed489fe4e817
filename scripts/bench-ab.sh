#!/bin/bash
# Same-run A/B of two built checkouts (e.g. git worktrees at two commits, each after `npx electron-vite build`):
#   scripts/bench-ab.sh BEFORE_DIR AFTER_DIR [ROUNDS]
# Interleaves the import, simulation and forecast benchmarks round by round so both builds see the same machine.
set -u
before=$1; after=$2; rounds=${3:-2}
for i in $(seq 1 "$rounds"); do
  for w in "$before" "$after"; do
    echo "### $w import round $i $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd "$w" && BENCH_FOCUS_ROWS=200000 node scripts/bench.mjs 2>&1)
    echo "### $w scenarios round $i $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd "$w" && BENCH_SIM_PATHS=2000 node scripts/bench.mjs --scenarios 2>&1)
    echo "### $w forecast round $i $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd "$w" && BENCH_M4_SERIES=60 node scripts/bench.mjs --forecast 2>&1)
  done
done
