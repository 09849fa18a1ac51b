#!/usr/bin/env bash
# Checks that vigie_bench_w1_gen writes exactly what the reference generator (bench/w1/gen.js, Node.js)
# writes, for the given sizes (default: 500 and 5000 entities). Usage: bench/w1/check_gen.sh [BUILD_DIR] [E...]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
shift || true
sizes=("${@:-500 5000}")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for e in ${sizes[@]}; do
  node bench/w1/gen.js --out "$tmp/js$e" --entities "$e" >"$tmp/js$e.out"
  "$build/bench/vigie_bench_w1_gen" --out "$tmp/cc$e" --entities "$e" >"$tmp/cc$e.out"
  for f in values.csv rules.csv meta.json; do cmp "$tmp/js$e/$f" "$tmp/cc$e/$f"; done
  cmp "$tmp/js$e.out" "$tmp/cc$e.out"
  echo "E=$e: values.csv, rules.csv, meta.json and the printed line are identical"
done
# W2's shape: the months of one year instead of years (bench/README.md, Workload W2).
m=(--entities 60 --indicators 200 --rules 100 --periods 12 --month-of 2025)
node bench/w1/gen.js --out "$tmp/jsm" "${m[@]}" >"$tmp/jsm.out"
"$build/bench/vigie_bench_w1_gen" --out "$tmp/ccm" "${m[@]}" >"$tmp/ccm.out"
for f in values.csv rules.csv meta.json; do cmp "$tmp/jsm/$f" "$tmp/ccm/$f"; done
cmp "$tmp/jsm.out" "$tmp/ccm.out"
echo "months of 2025 (W2's shape, 60 entities): values.csv, rules.csv, meta.json and the printed line are identical"
