#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (in build-san/, with tools/sanitized_build.sh) and runs each
# for SECONDS (default 60), one after the other. Fails when a target crashed, leaked, timed out or
# broke one of the properties it checks; the inputs that did are kept.
#
#   tools/fuzz.sh [SECONDS] [TARGET...]      targets: fuzz_frontend fuzz_import fuzz_literals fuzz_verify fuzz_command_line fuzz_xlsx
#                                            fuzz_serve fuzz_join fuzz_diff
#   tools/fuzz.sh 1800 fuzz_frontend         one target for half an hour
#   VIGIE_FUZZ_ARGS="-jobs=2 -workers=2" tools/fuzz.sh 3600    extra libFuzzer options
#
# Everything it writes is under build-san/fuzzing/ (VIGIE_FUZZ_OUT changes it):
#   seeds/TARGET/     rebuilt from the shipped files at each run (fuzz/seeds.py)
#   corpus/TARGET/    what the fuzzer found interesting; kept, so the next run starts from there
#   crashes/TARGET/   the inputs that failed: crash-*, leak-*, timeout-*, oom-*
#   logs/TARGET.log   libFuzzer's output (the sanitizer report of a crash is at its end)
# Reproduce one: build-san/fuzz/TARGET build-san/fuzzing/crashes/TARGET/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if (($# > 0)); then shift; fi
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(fuzz_frontend fuzz_import fuzz_literals fuzz_verify fuzz_command_line fuzz_xlsx fuzz_serve fuzz_join fuzz_diff); fi

out="${VIGIE_FUZZ_OUT:-build-san/fuzzing}"
mkdir -p "$out/logs"
if ! tools/sanitized_build.sh "${targets[@]}" >"$out/logs/build.log" 2>&1; then
  tail -30 "$out/logs/build.log"
  echo "fuzz: the targets do not build (log: $out/logs/build.log)"
  exit 1
fi
python3 fuzz/seeds.py "$out" >/dev/null
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

failed=()
for target in "${targets[@]}"; do
  case "$target" in
    fuzz_literals) max_len=128 ;;
    fuzz_command_line) max_len=1024 ;;
    fuzz_verify) max_len=65536 ;;
    fuzz_xlsx) max_len=65536 ;;
    fuzz_serve) max_len=4096 ;;
    fuzz_diff) max_len=32768 ;;
    *) max_len=16384 ;;
  esac
  mkdir -p "$out/corpus/$target" "$out/crashes/$target"
  before=$(find "$out/crashes/$target" -type f | wc -l)
  start=$SECONDS
  # shellcheck disable=SC2086  # VIGIE_FUZZ_ARGS is a list of options
  if LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
      VIGIE_FUZZ_SEED_DIR="$out/seeds/$target" "build-san/fuzz/$target" \
      -max_total_time="$seconds" -timeout=30 -max_len="$max_len" -print_final_stats=1 \
      -dict="$out/$target.dict" -artifact_prefix="$out/crashes/$target/" ${VIGIE_FUZZ_ARGS:-} \
      "$out/corpus/$target" "$out/seeds/$target" >"$out/logs/$target.log" 2>&1; then
    status="ok"
  else
    status="FAILED"
    failed+=("$target")
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/logs/$target.log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz: $target: $status, $runs inputs in $((SECONDS - start)) s, corpus $(find "$out/corpus/$target" -type f | wc -l) files"
  if [ "$status" = FAILED ]; then
    grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|vigie fuzz:|.*runtime error)' "$out/logs/$target.log" | sed 's/^/      /' || true
    after=$(find "$out/crashes/$target" -type f | wc -l)
    echo "      $((after - before)) new input(s) in $out/crashes/$target/, log: $out/logs/$target.log"
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]}"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, no failure"
