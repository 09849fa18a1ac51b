#!/usr/bin/env bash
# The README's second command (and CI's): installs what is missing, builds, runs every test.
#
# Four stages, each timed:
#   1. build/ (gcc, the setup script's build): the whole suite (ctest)
#   2. build-san/ (clang, AddressSanitizer + UndefinedBehaviorSanitizer, tools/sanitized_build.sh):
#      the whole suite again, where any sanitizer report fails its test
#   3. each fuzz target of fuzz/ for VIGIE_FUZZ_SECONDS (default 60) (tools/fuzz.sh)
#   4. the .deb: built by CPack, installed in a scratch folder, run (tools/check_package.sh)
# VIGIE_SANITIZE=0 skips stages 2 and 3 (a quick local run; CI runs all four).
# Every stage runs even when an earlier one failed; the script fails if any did.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${VIGIE_JOBS:-2}"

failed=()
timings=()
stage() {  # stage NAME COMMAND...
  local name="$1" start=$SECONDS
  shift
  echo "== $name"
  if "$@"; then timings+=("$name: $((SECONDS - start)) s"); else
    timings+=("$name: $((SECONDS - start)) s, FAILED")
    failed+=("$name")
  fi
}

# Our warnings are errors in CI's build (.ci/run sets VIGIE_WERROR=ON); a user's build shows them.
stage "build (gcc)" tools/setup.sh
stage "tests (gcc)" ctest --test-dir build -j"$jobs" --output-on-failure
if [ "${VIGIE_SANITIZE:-1}" != 0 ]; then
  stage "build (clang, ASan+UBSan, fuzz targets)" tools/sanitized_build.sh
  stage "tests (ASan+UBSan)" env UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
    ctest --test-dir build-san -j"$jobs" --output-on-failure
  stage "fuzz (${VIGIE_FUZZ_SECONDS:-60} s per target)" tools/fuzz.sh "${VIGIE_FUZZ_SECONDS:-60}"
else
  echo "== VIGIE_SANITIZE=0: the sanitized suite and the fuzz targets are skipped"
fi

stage "package (.deb, installed in a scratch folder)" tools/check_package.sh build

echo "== times"
printf '   %s\n' "${timings[@]}"
if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
