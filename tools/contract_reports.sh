#!/usr/bin/env bash
# Runs each made-up contract on its generated sample data (data/sample/, see its README): a fresh
# store per contract, the imports, the run with its report, then `vigie verify` of that report.
#   tools/contract_reports.sh VIGIE OUTPUT_DIR
# Run from the repository's root (the data paths are relative). Exits non-zero on the first failure.
set -euo pipefail
vigie=$1
out=$2
as_of=${VIGIE_SAMPLE_AS_OF:-2027-06-30}
mkdir -p "$out"
for pair in cpom_ehpad_exemple_2022_2026:cpom_ehpad_exemple ctsm_exemple:ctsm_exemple \
            charte_territoriale_exemple:charte_territoriale_exemple; do
  name=${pair%%:*}
  contract=contracts/${pair##*:}.vigie
  data=data/sample/$name
  store=$out/$name.db
  rm -f "$store" "$store-wal" "$store-shm"
  echo "== $contract on $data"
  "$vigie" import --store "$store" --catalog "$contract" --format entities "$data/etablissements.csv"
  if [ -f "$data/groupes.csv" ]; then
    "$vigie" import --store "$store" --catalog "$contract" --format groups "$data/groupes.csv"
  fi
  "$vigie" import --store "$store" --catalog "$contract" "$data/valeurs.csv" "$data/preuves.csv"
  "$vigie" run --store "$store" --as-of "$as_of" --report "$out/$name" "$contract"
  "$vigie" verify --store "$store" "$out/$name/report.json"
done
echo "reports: $out/*/report.html"
