#!/usr/bin/env bash
# Runs each made-up contract on GENERATED sample data: tools/gen_sample_data.py writes it from the
# contract itself into OUTPUT_DIR/data (nothing generated is committed), then, per contract, a fresh
# store, the imports, the run with its report, and `vigie verify` of that report.
#   tools/contract_reports.sh VIGIE OUTPUT_DIR
# Run from the repository's root. Exits non-zero on the first failure.
set -euo pipefail
vigie=$1
out=$2
as_of=${VIGIE_SAMPLE_AS_OF:-2027-06-30}
contracts=(contracts/cpom_ehpad_exemple.vigie contracts/ctsm_exemple.vigie contracts/charte_territoriale_exemple.vigie)
rm -rf "$out/data"
mkdir -p "$out"
python3 tools/gen_sample_data.py "$vigie" "${contracts[@]}" --output "$out/data"
for contract in "${contracts[@]}"; do
  name=$(basename "$contract" .vigie)
  data=$out/data/$name
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
