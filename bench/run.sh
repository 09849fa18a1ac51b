#!/usr/bin/env bash
# Builds in Release and runs the benchmarks. Figures vary with the machine: compare within one run.
# Flags: Release with -O2 -DNDEBUG (the project's default optimisation level; CMake's Release default,
# -O3, is overridden). vigie_bench_eval prints the flags it was built with.
#   VIGIE_W1_ENTITIES (default 5000) sizes workload W1; VIGIE_W1_DIR (default $TMPDIR/vigie_w1_N) holds it.
#   VIGIE_W2_ENTITIES (unset: no W2) runs workload W2 with that many entities (45000: its national size).
#   VIGIE_SERVE_SECONDS (unset: none) runs the vigie serve load bench for that long (bench/serve_load.js).
#   VIGIE_REPORT_ENTITIES (default 500; 0: skip) sizes the W1 run with its reports, (e) of bench/README.md.
#   VIGIE_W1_GROWTH=1 also runs W1 at 50,000 entities (docs/scale.md's growth table; minutes, gigabytes).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" >/dev/null
cmake --build build-release -j"${VIGIE_JOBS:-2}" --target vigie_bench_import vigie_bench_eval
build-release/bench/vigie_bench_import .
echo
entities="${VIGIE_W1_ENTITIES:-5000}"
build-release/bench/vigie_bench_eval "${VIGIE_W1_DIR:-${TMPDIR:-/tmp}/vigie_w1_${entities}}" --entities "$entities"
# (e) a run of W1 with its reports (JSON, CSV, HTML in pages), in a run of its own: at 500 entities by
# default, as the JSON report of 5,000 (5 M verdicts, ~1.5 KB each) is over SQLite's 1 GB limit for the
# sealed report text (docs/scale.md, "Reports of a campaign").
report_entities="${VIGIE_REPORT_ENTITIES:-500}"
if [ "$report_entities" != 0 ]; then
  echo
  build-release/bench/vigie_bench_eval "${TMPDIR:-/tmp}/vigie_w1_${report_entities}" --entities "$report_entities" --no-sql --reps 1 --reports
fi
if [ -n "${VIGIE_W1_GROWTH:-}" ]; then
  echo
  build-release/bench/vigie_bench_eval "${TMPDIR:-/tmp}/vigie_w1_50000" --entities 50000 --no-sql --reps 3
fi
# W2 (national: 45,000 entities x 200 indicators x 12 periods, 100 commitments): only when asked,
# as it needs gigabytes of disk and minutes of import. VIGIE_W2_ENTITIES=450 runs it at 1 %.
if [ -n "${VIGIE_W2_ENTITIES:-}" ]; then
  echo
  build-release/bench/vigie_bench_eval --w2 --entities "$VIGIE_W2_ENTITIES" --no-sql
fi
# vigie serve under load (bench/serve_load.js, needs node): only when asked, e.g. VIGIE_SERVE_SECONDS=60
# (50 establishments; it adds their users first, each a 64 MiB Argon2id hash).
if [ -n "${VIGIE_SERVE_SECONDS:-}" ]; then
  echo
  cmake --build build-release -j"${VIGIE_JOBS:-2}" --target vigie
  node bench/serve_load.js build-release/engine/vigie --seconds "$VIGIE_SERVE_SECONDS"
fi
