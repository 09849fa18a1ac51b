#!/usr/bin/env bash
# What an import stores, to compare two builds of vigie byte for byte (a change of the write path
# must store the same rows): the real-data imports of tools/contract_reports.sh into fresh stores,
# plus the same file twice (nothing stored) and a corrected copy of a Hospi Diag year (corrections,
# missing codes over blanks, refused rows kept out with --keep-valid), the clock and the user fixed;
# then, per store, the count and MD5 of its rows (below: the same whichever schema holds them).
#   bench/import_dump.sh VIGIE OUT_DIR      (from the repository's root; run it with each build, compare)
set -euo pipefail
vigie=$(realpath "$1"); out=$(realpath -m "$2"); mkdir -p "$out"
export VIGIE_FIXED_TIME=2026-12-06T12:00:00Z VIGIE_USER=bench
python3 - data/hospidiag/hospidiag_2019_activit_globale.csv "$out/hospidiag_2019_activit_globale.csv" <<'PY'
# The "corrected" 2019 activity sheet: every 7th plain number changed, every 13th empty cell NA.
import sys
lines = open(sys.argv[1], encoding='latin-1').read().split('\n')
out, k = [lines[0]], 0
for line in lines[1:]:
    cells = line.split(';')
    for i in range(1, len(cells) if line else 1):
        k += 1
        c = cells[i]
        if c and k % 7 == 0 and c.replace(',', '').isdigit(): cells[i] = c + '1'
        elif not c and k % 13 == 0: cells[i] = 'NA'
    out.append(';'.join(cells))
open(sys.argv[2], 'w', encoding='latin-1').write('\n'.join(out))
PY
s=$out/hospidiag.db; rm -f $s $s-wal $s-shm
for year in 2017 2018 2019; do
  $vigie import --store $s --catalog rulesets --format entities --period $year data/hospidiag/hospidiag_${year}_etablissement.csv >/dev/null
  $vigie import --store $s --catalog rulesets --dataset "Hospi Diag" --period $year data/hospidiag/hospidiag_${year}_activit_globale.csv data/hospidiag/hospidiag_${year}_lits_et_places.csv >/dev/null
done
$vigie import --store $s --catalog rulesets --format groups data/groups/ght_nord_ardennes.csv >/dev/null
$vigie import --store $s --catalog rulesets --format entities --period 2022 data/hospidiag_2022/hd2022.csv >/dev/null
$vigie import --store $s --catalog rulesets --period 2022 --allow ignored-column data/hospidiag_2022/hd2022.csv >/dev/null
# the same file again: nothing stored
$vigie import --store $s --catalog rulesets --dataset "Hospi Diag" --period 2019 data/hospidiag/hospidiag_2019_activit_globale.csv >/dev/null || true
# a corrected copy: supersedes, missing codes over blanks
VIGIE_FIXED_TIME=2026-12-07T12:00:00Z $vigie import --store $s --catalog rulesets --dataset "Hospi Diag" --period 2019 --keep-valid --rejects $out/rej2.csv $out/hospidiag_2019_activit_globale.csv > $out/corrected.txt 2>&1 || echo "corrected copy: exit $? (rows refused, the others stored: expected 1)"
s=$out/fin.db; rm -f $s $s-wal $s-shm
for year in 2011 2012 2013 2014; do
  $vigie import --store $s --catalog rulesets --format entities --period $year data/hospidiag_2008_2015/hospidiag_opendata_${year}.csv >/dev/null
  $vigie import --store $s --catalog rulesets --period $year --allow ignored-column data/hospidiag_2008_2015/hospidiag_opendata_${year}.csv >/dev/null
done
s=$out/has.db; rm -f $s $s-wal $s-shm
$vigie import --store $s --catalog rulesets --format entities data/has/etablissements.csv >/dev/null
$vigie import --store $s --catalog rulesets --period 2019 --allow ignored-column data/has/resultats-esatis48h-mco-open-data-2019.csv data/has/resultats-iqss-open-data-2019.csv >/dev/null
$vigie import --store $s --catalog rulesets --period 2020 --allow ignored-column data/has/resultats-esatis48h-mco-open-data-2020.xlsx >/dev/null
s=$out/charte.db; rm -f $s $s-wal $s-shm
$vigie import --store $s --catalog contracts/charte_territoriale_exemple.vigie --format entities data/groups/territoires.csv >/dev/null
$vigie import --store $s --catalog contracts/charte_territoriale_exemple.vigie --dataset "DREES soins critiques" --pivot uni --id-column id_geo --combine-sites --decimal=dot --keep-valid --rejects $out/rej.csv data/sae/drees_lits_soins_critiques_territoire.csv >/dev/null 2>&1 || true
s=$out/sae.db; rm -f $s $s-wal $s-shm
for year in 2021 2022 2023 2024; do $vigie import --store $s --catalog rulesets --format entities --id-column fi --period $year data/sae/ID_${year}r.csv >/dev/null; done
$vigie import --store $s --catalog rulesets --format entities data/groups/territoires.csv >/dev/null
$vigie import --store $s --catalog rulesets --format groups data/groups/ctsm_deux_sevres.csv >/dev/null
for year in 2021 2022 2023 2024; do $vigie import --store $s --catalog rulesets --dataset "SAE PSY" --pivot DIS --id-column fi_ej --combine-sites data/sae/PSY_${year}r.csv >/dev/null; done
# Per store: its rows, table by table (sorted), with indicator_values read through the view
# indicator_values_text when the store has one (schema 8: integer keys): the same content gives the
# same line count and MD5 whichever schema holds it, so a store of schema 7 and one of schema 8 compare.
for db in hospidiag fin has charte sae; do
  python3 -c "
import sqlite3,hashlib,sys
c=sqlite3.connect(sys.argv[1]); h=hashlib.md5(); n=0
names=[r[0] for r in c.execute(\"SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite%' ORDER BY name\")]
views=[r[0] for r in c.execute(\"SELECT name FROM sqlite_master WHERE type='view'\")]
for t in names:
    if t in ('value_entities','value_indicators','value_periods'): continue
    source='indicator_values_text' if t=='indicator_values' and 'indicator_values_text' in views else t
    for row in sorted(repr(r) for r in c.execute('SELECT * FROM '+source)):
        h.update((t+'|'+row+'\n').encode()); n+=1
print(sys.argv[2], n, h.hexdigest())" $out/$db.db $db
done
