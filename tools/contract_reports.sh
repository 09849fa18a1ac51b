#!/usr/bin/env bash
# A report for every shipped contract, as CI produces them:
#   - the contracts on REAL data (the GHT contract, the CPOM of CH Charleville): one store with the
#     Hospi Diag files 2017-2019 of data/hospidiag/ and the GHT's members, to which Hospi Diag 2022
#     is added for the GHT's 2020-2022 follow-up; the GH Sud Ardennes recovery contract on the Hospi
#     Diag 2011-2014 files (finance axis) of data/hospidiag_2008_2015/; the IFAQ-style incentives
#     on the HAS 2019 and 2020 results of data/has/ (2020: the published .xlsx workbook);
#   - the made-up contracts on GENERATED sample data: tools/gen_sample_data.py writes it from the
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

generated=(contracts/cpom_ehpad_exemple.vigie contracts/ctsm_exemple.vigie contracts/charte_territoriale_exemple.vigie
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
