#!/usr/bin/env bash
# Builds in Release and runs the benchmarks. Figures vary with the machine: compare within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j"${VIGIE_JOBS:-2}" --target vigie_bench_import
build-release/bench/vigie_bench_import .
