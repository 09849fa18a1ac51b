#!/usr/bin/env bash
# A report for every shipped contract, as CI produces them:
#   - the contracts on REAL data (the GHT contract, the CPOM of CH Charleville): one store with the
#     Hospi Diag files 2017-2019 of data/hospidiag/ and the GHT's members, to which Hospi Diag 2022
#     is added for the GHT's 2020-2022 follow-up; the GH Sud Ardennes recovery contract on the Hospi
#     Diag 2011-2014 files (finance axis) of data/hospidiag_2008_2015/; the IFAQ-style incentives
#     on the HAS 2019 and 2020 results of data/has/ (2020: the published .xlsx workbook); the
#     territorial charter on the DREES critical-care beds of the Ardennes and the CTSM of the
#     Deux-Sevres on the DREES SAE psychiatry files (data/sae/);
#   - the contracts without real data on GENERATED sample data: tools/gen_sample_data.py writes it from the
#     contracts themselves into OUTPUT_DIR/data (nothing generated is committed), then, per contract
#     file, a fresh store and the imports (one data folder per contract of the file).
# Each contract file is run with its report (OUTPUT_DIR/NAME/report.html...) and the report verified.
#   tools/contract_reports.sh VIGIE OUTPUT_DIR
# Run from the repository's root. Exits non-zero on the first failure.
set -euo pipefail
vigie=$1
out=$2
as_of=${VIGIE_SAMPLE_AS_OF:-2027-06-30}
mkdir -p "$out"
repo=$PWD
vigie_abs=$(realpath "$vigie")

# expect_scores REPORT.json "2022=0.7143 2023=0.1071": a real-data report gives the yearly scores that
# were worked out by hand from the raw files (the working is in the contract's header and test).
expect_scores() {
  python3 - "$1" "$2" <<'PY'
import json, sys
report, expected = sys.argv[1], dict(pair.split("=") for pair in sys.argv[2].split())
found = {s["year"]: s["score"] for s in json.load(open(report, encoding="utf-8"))["contracts"][0]["scores"]}
if found != expected:
    sys.exit(f"{report}: scores {found}, expected {expected}")
PY
}

real=(contracts/ght_ardennes_performance.vigie contracts/cpom_ch_charleville.vigie)
store=$out/hospidiag.db
rm -f "$store" "$store-wal" "$store-shm"
echo "== real data: Hospi Diag 2017-2019"
for year in 2017 2018 2019; do
  "$vigie" import --store "$store" --catalog rulesets --format entities --period "$year" \
    "data/hospidiag/hospidiag_${year}_etablissement.csv"
  "$vigie" import --store "$store" --catalog rulesets --dataset "Hospi Diag" --period "$year" \
    "data/hospidiag/hospidiag_${year}_activit_globale.csv" "data/hospidiag/hospidiag_${year}_lits_et_places.csv"
done
"$vigie" import --store "$store" --catalog rulesets --format groups data/groups/ght_nord_ardennes.csv
for contract in "${real[@]}"; do
  name=$(basename "$contract" .vigie)
  "$vigie" run --store "$store" --as-of 2020-12-31 --report "$out/$name" "$contract"
  "$vigie" verify --store "$store" --root . "$out/$name/report.json"
done

# The GHT's follow-up 2020-2022 on Hospi Diag 2022 (layout hospidiag-2022, read as published), in the
# same store: its P13 baseline is the 2019 value imported above. No 2020 or 2021 file exists here.
echo "== real data: Hospi Diag 2022"
"$vigie" import --store "$store" --catalog rulesets --format entities --period 2022 data/hospidiag_2022/hd2022.csv
"$vigie" import --store "$store" --catalog rulesets --period 2022 --allow ignored-column data/hospidiag_2022/hd2022.csv
"$vigie" run --store "$store" --as-of 2023-12-31 --report "$out/ght_ardennes_2020_2022" contracts/ght_ardennes_2020_2022.vigie
"$vigie" verify --store "$store" --root . "$out/ght_ardennes_2020_2022/report.json"

# The financial-recovery contract of the GH Sud Ardennes on the Hospi Diag finance axis, 2011 (its
# baseline) to 2014, as published (layout hospidiag-2008-2015).
store=$out/hospidiag_finances.db
rm -f "$store" "$store-wal" "$store-shm"
echo "== real data: Hospi Diag 2011-2014, finance axis"
for year in 2011 2012 2013 2014; do
  "$vigie" import --store "$store" --catalog rulesets --format entities --period "$year" \
    "data/hospidiag_2008_2015/hospidiag_opendata_${year}.csv"
  "$vigie" import --store "$store" --catalog rulesets --period "$year" --allow ignored-column \
    "data/hospidiag_2008_2015/hospidiag_opendata_${year}.csv"
done
"$vigie" run --store "$store" --as-of 2015-12-31 --report "$out/retour_equilibre_sud_ardennes" contracts/retour_equilibre_sud_ardennes.vigie
"$vigie" verify --store "$store" --root . "$out/retour_equilibre_sud_ardennes/report.json"

# The IFAQ-style incentive on the real HAS 2019 results (data/has/, Ardennes and Marne), read as published.
store=$out/has.db
rm -f "$store" "$store-wal" "$store-shm"
echo "== real data: HAS e-Satis +48h MCO and IQSS 2019"
"$vigie" import --store "$store" --catalog rulesets --format entities data/has/etablissements.csv
"$vigie" import --store "$store" --catalog rulesets --period 2019 --allow ignored-column \
  data/has/resultats-esatis48h-mco-open-data-2019.csv data/has/resultats-iqss-open-data-2019.csv
"$vigie" run --store "$store" --as-of 2020-12-31 --report "$out/ifaq_has_2019" contracts/ifaq_has_2019.vigie
"$vigie" verify --store "$store" --root . "$out/ifaq_has_2019/report.json"

# The same incentive over 2019 and 2020: the 2020 results are published only as an .xlsx workbook,
# imported as it is (layout has-esatis-48h recognised in its sheet).
echo "== real data: HAS e-Satis +48h MCO 2019 (CSV) and 2020 (.xlsx)"
"$vigie" import --store "$store" --catalog rulesets --period 2020 --allow ignored-column \
  data/has/resultats-esatis48h-mco-open-data-2020.xlsx
"$vigie" run --store "$store" --as-of 2021-12-31 --report "$out/ifaq_has_2019_2020" contracts/ifaq_has_2019_2020.vigie
"$vigie" verify --store "$store" --root . "$out/ifaq_has_2019_2020/report.json"

# The territorial charter on the real DREES critical-care beds per département (data/sae/, the
# Ardennes): the département 08 as a party, then its own rows of the territory file (08_Ardennes; the
# France row 00_FR is refused, V4064, and written to the rejects file), one row per status added by
# --combine-sites. Its three member establishments are made up: no open data gives their
# 48-hour capacity, on-call lists or telehealth acts, so those commitments read as missing data and
# its milestones as without evidence.
store=$out/charte_territoriale_exemple.db
rm -f "$store" "$store-wal" "$store-shm"
echo "== real data: DREES critical-care beds per departement (charter, Ardennes)"
echo "   (expected: V4064 on the France row 00_FR, line 2; the rows of the departement 08 are stored)"
"$vigie" import --store "$store" --catalog contracts/charte_territoriale_exemple.vigie --format entities data/groups/territoires.csv
rejects=$out/charte_territoire.rejects.csv
status=0
"$vigie" import --store "$store" --catalog contracts/charte_territoriale_exemple.vigie --dataset "DREES soins critiques" \
  --pivot uni --id-column id_geo --combine-sites --decimal=dot --keep-valid --rejects "$rejects" \
  data/sae/drees_lits_soins_critiques_territoire.csv || status=$?
# Exit 1 says rows were refused: expected only for the France row (line 2, 00_FR); anything else stops here.
if [ "$status" -ne 1 ] || [ "$(tail -n +2 "$rejects" | cut -d';' -f1,3)" != "2;00_FR" ]; then
  echo "unexpected result of the territory import (exit $status), see $rejects" >&2
  exit 1
fi
"$vigie" run --store "$store" --as-of 2025-03-31 --report "$out/charte_territoriale_exemple" contracts/charte_territoriale_exemple.vigie
"$vigie" verify --store "$store" --root . --rules contracts/charte_territoriale_exemple.vigie \
  "$out/charte_territoriale_exemple/report.json"
# Only reanimation_08 has data: 15 beds in 2022 (met), 10 in 2023 and 2024 (not met, < 15 - 2).
expect_scores "$out/charte_territoriale_exemple/report.json" "2022=1 2023=0 2024=0"

# The CTSM of the Deux-Sevres on the real DREES SAE psychiatry files 2021-2024 (data/sae/): the sites
# and their legal entities from the identity files (ID, --id-column fi), the département 79 and its
# members (data/groups/), then each PSY file pivoted on DIS and summed over the sites of each legal
# entity (--id-column fi_ej --combine-sites, by the catalog's `agrégat somme`).
store=$out/ctsm_deux_sevres_sae.db
rm -f "$store" "$store-wal" "$store-shm"
echo "== real data: DREES SAE PSY 2021-2024 (CTSM, Deux-Sevres)"
for year in 2021 2022 2023 2024; do
  "$vigie" import --store "$store" --catalog rulesets --format entities --id-column fi --period "$year" "data/sae/ID_${year}r.csv"
done
"$vigie" import --store "$store" --catalog rulesets --format entities data/groups/territoires.csv
"$vigie" import --store "$store" --catalog rulesets --format groups data/groups/ctsm_deux_sevres.csv
for year in 2021 2022 2023 2024; do
  "$vigie" import --store "$store" --catalog rulesets --dataset "SAE PSY" --pivot DIS --id-column fi_ej --combine-sites \
    "data/sae/PSY_${year}r.csv"
done
"$vigie" run --store "$store" --as-of 2025-06-30 --report "$out/ctsm_deux_sevres_sae" contracts/ctsm_deux_sevres_sae.vigie
"$vigie" verify --store "$store" --root . "$out/ctsm_deux_sevres_sae/report.json"
# The in-file test's scores, less its made-up evidence (none is published): the coordonnateur milestone
# (2022) and the isolation report (2023) are not met here. 2022: (2 + 1 + 1 + 2 x 0.5 + 0) / 7 = 5/7;
# 2023: (0 + 0.75 + 0 + 0 + 0) / 7; 2024: (2 x 0.5 + 0.75 + 0 + 0) / 6, as in the test.
expect_scores "$out/ctsm_deux_sevres_sae/report.json" "2022=0.7143 2023=0.1071 2024=0.2917"

generated=(contracts/cpom_ehpad_exemple.vigie contracts/ctsm_exemple.vigie
           contracts/cpts_example.vigie contracts/cpts_annexe_exemple.vigie contracts/ifaq_exemple.vigie)
rm -rf "$out/data"
python3 tools/gen_sample_data.py "$vigie" "${generated[@]}" --output "$out/data"
for contract in "${generated[@]}"; do
  name=$(basename "$contract" .vigie)
  store=$out/$name.db
  store_abs=$(realpath "$store")
  rm -f "$store" "$store-wal" "$store-shm"
  for data in "$out/data/$name" "$out/data/${name}_"*; do
    [ -d "$data" ] || continue
    echo "== $contract on $data"
    # Imported from OUTPUT_DIR, so the evidence documents are recorded relative to it: verify reads
    # a report's paths only inside the folder it is given (--root), never absolute ones.
    rel=data/$(basename "$data")
    (cd "$out" && "$vigie_abs" import --store "$store_abs" --catalog "$repo/$contract" --format entities "$rel/etablissements.csv")
    if [ -f "$data/groupes.csv" ]; then
      (cd "$out" && "$vigie_abs" import --store "$store_abs" --catalog "$repo/$contract" --format groups "$rel/groupes.csv")
    fi
    (cd "$out" && "$vigie_abs" import --store "$store_abs" --catalog "$repo/$contract" "$rel/valeurs.csv" "$rel/preuves.csv")
  done
  "$vigie" run --store "$store" --as-of "$as_of" --report "$out/$name" "$contract"
  "$vigie" verify --store "$store" --root "$out" --rules "$contract" "$out/$name/report.json"
done
echo "reports: $out/*/report.html"
