#!/usr/bin/env bash
# Configures and builds build-san/: clang, AddressSanitizer + UndefinedBehaviorSanitizer on every
# target, and the libFuzzer targets of fuzz/ (cmake/VigieSanitizers.cmake). One build folder serves
# the sanitized test suite (tools/test.sh) and the fuzzers (tools/fuzz.sh).
#
#   tools/sanitized_build.sh [TARGET...]     default: vigie vigie_tests fuzz_targets
#
# -O1 with line tables only: stack traces name the lines, and the build stays quick. Warnings are
# the normal build's business (gcc, -Werror): clang's own are not made errors here. ccache is used
# when it is installed. VIGIE_JOBS sets the parallel jobs (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build-san \
  -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -gline-tables-only" \
  -DVIGIE_FUZZ=ON -DVIGIE_WERROR=OFF \
  "${launcher[@]}" >/dev/null
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(vigie vigie_tests fuzz_targets); fi
cmake --build build-san -j"${VIGIE_JOBS:-2}" --target "${targets[@]}"
