#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, checks the shipped rulesets and
# contracts, imports the real Hospi Diag data (2017-2019) and the GHT's members into the embedded
# SQLite store vigie.db, evaluates the GHT's contract as of 2020-12-31 and writes its reports to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
vigie=build/engine/vigie
store=${VIGIE_STORE:-vigie.db}
rm -f "$store" "$store-wal" "$store-shm"

run() { echo; echo "\$ vigie $(printf '%q ' "$@")"; "$vigie" "$@"; }

run check rulesets contracts
for year in 2017 2018 2019; do
  run import --store "$store" --catalog rulesets --format entities --period "$year" \
    "data/hospidiag/hospidiag_${year}_etablissement.csv"
  run import --store "$store" --catalog rulesets --dataset "Hospi Diag" --period "$year" \
    "data/hospidiag/hospidiag_${year}_activit_globale.csv" "data/hospidiag/hospidiag_${year}_lits_et_places.csv"
done
run import --store "$store" --catalog rulesets --format groups data/groups/ght_nord_ardennes.csv
run store history --store "$store" 080000615 P12
report=${VIGIE_REPORT_DIR:-out}
run run --store "$store" --as-of 2020-12-31 --report "$report" contracts/ght_ardennes_performance.vigie
run explain --store "$store" --as-of 2020-12-31 ght_nord_ardennes_2017_2019 ambulatoire 080000615 2019
echo
echo "Open $report/report.html: the compliance report of the GHT contract on the real Hospi Diag data."
echo "The store is $store: vigie store info --store $store lists everything it holds."
