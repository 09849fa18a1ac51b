#!/usr/bin/env python3
"""Generates the SAMPLE data of the made-up contracts (data/sample/), for the contracts whose
indicators have no open data (EHPAD dashboard, CTSM, territorial charter).

    tools/gen_sample_data.py VIGIE CONTRACT.vigie... --output DIR [--seed 2026]

tools/contract_reports.sh runs it (into the build tree) before importing the data; nothing it
writes is committed.

The data is GENERATED, not observed: every file says so. For each contract the generator reads the
checked model (`vigie dump --stage model`), so it follows the contract as written: its parties, the
members its tests give its groups, each commitment's targets, comparators and tolerances, each
milestone's due date. Each value is drawn so that the verdicts are mixed and plausible: about 60 %
met, 25 % within the tolerance band, 12 % not met, 3 % missing. A commitment on a group gets one
value per member (its share). Milestones get evidence on time (75 %), late (15 %) or none (10 %),
with a small text document each. The same seed gives the same bytes.

Per contract file it writes DIR/FILE_STEM/: etablissements.csv, groupes.csv (if the contract has a group),
valeurs.csv (long layout, ';' and decimal comma, as an Excel export), preuves.csv and documents/.
"""
import argparse
import datetime
import os
import random
import re
import subprocess
import sys


def parse_model(text):
    """The parts of `vigie dump --stage model` the generator needs."""
    indicators, contracts, members = {}, [], {}
    current, item = None, None
    for line in text.split("\n"):
        if m := re.match(r'^indicator (\S+)', line):
            current = indicators.setdefault(m.group(1), {"unit": "", "aggregate": ""})
            item = None
        elif m := re.match(r'^contract (\S+)', line):
            current = {"name": m.group(1), "parties": [], "groups": [], "years": [], "items": []}
            contracts.append(current)
            item = None
        elif m := re.match(r'^test ', line):
            current, item = None, None
        elif m := re.match(r'^  given (\S+) members (.+)$', line):
            members.setdefault(m.group(1), set()).update(m.group(2).split())
        elif current is None:
            continue
        elif "name" not in current:  # indicator properties
            if m := re.match(r'^  unit (\S+)', line):
                current["unit"] = m.group(1)
            elif m := re.match(r'^  aggregate (\S+)', line):
                current["aggregate"] = m.group(1)
        elif m := re.match(r'^  period (\d{4})(?:\.\.(\d{4}))?', line):
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            current["years"] = list(range(first, last + 1))
        elif m := re.match(r'^  party (entity|group) (\S+)', line):
            (current["groups"] if m.group(1) == "group" else current["parties"]).append(m.group(2))
        elif m := re.match(r'^  (commitment|milestone) (\S+)', line):
            item = {"kind": m.group(1), "name": m.group(2), "applies": "contract parties", "targets": [],
                    "indicator": None, "tolerance": (0.0, "absolute"), "due": None}
            current["items"].append(item)
        elif item is not None:
            if m := re.match(r'^    applies to (.+)$', line):
                item["applies"] = m.group(1)
            elif m := re.match(r'^    indicator (\S+)', line):
                item["indicator"] = m.group(1)
            elif m := re.match(r'^    target (\S+) (>=|<=|>|<|=) (-?[\d.]+)', line):
                item["targets"].append((m.group(1), m.group(2), float(m.group(3))))
            elif m := re.match(r'^    tolerance ([\d.]+) (\S+)', line):
                item["tolerance"] = (float(m.group(1)), m.group(2))
            elif m := re.match(r'^    due (\d{4}-\d{2}-\d{2})', line):
                item["due"] = m.group(1)
    return indicators, contracts, members


def scope(contract, item, members):
    """The establishments an item is judged for (a group's commitment: its members, each a share)."""
    group_members = sorted({f for g in contract["groups"] for f in members.get(g, ())})
    applies = item["applies"]
    if applies.startswith("entities "):
        return applies.split()[1:]
    if applies in ("each member", "group") or applies.startswith("each member"):
        return group_members
    return sorted(contract["parties"]) + group_members


def draw(rng, comparator, bound, tolerance, unit):
    """A value whose verdict is met, in the band, or not met, in the proportions above."""
    width = tolerance if tolerance > 0 else max(abs(bound) * 0.05, 1.0)
    r = rng.random()
    if r < 0.60:
        offset = abs(rng.gauss(0, width)) + (0.1 if comparator in (">", "<") else 0)
    elif r < 0.85 and tolerance > 0:
        offset = -rng.uniform(0, tolerance * 0.95)
    else:
        offset = -(tolerance + rng.uniform(0.2, width * 2))
    value = bound + offset if comparator in (">=", ">", "=") else bound - offset
    if unit == "percent":
        value = min(max(value, 0.0), 100.0)
    return max(value, 0.0)


def decimal_comma(value):
    return ("%.1f" % value).replace(".", ",")


def generate(vigie, path, output, seed):
    text = subprocess.run([vigie, "dump", "--stage", "model", path], capture_output=True, text=True, check=True).stdout
    indicators, contracts, members = parse_model(text)
    for contract in contracts:
        rng = random.Random(f"{seed}-{contract['name']}")
        stem = os.path.splitext(os.path.basename(path))[0]  # one folder per contract file
        folder = os.path.join(output, stem if len(contracts) == 1 else stem + "_" + contract["name"])
        os.makedirs(os.path.join(folder, "documents"), exist_ok=True)
        entities = sorted(set(contract["parties"]) | {f for g in contract["groups"] for f in members.get(g, ())})
        note = "# DONNÉES GÉNÉRÉES par tools/gen_sample_data.py (graine %s) : ni observées, ni publiées.\n" % seed
        with open(os.path.join(folder, "etablissements.csv"), "w", encoding="utf-8", newline="\r\n") as out:
            out.write("finess;rs\n")
            for n, finess in enumerate(entities, 1):
                out.write("%s;ÉTABLISSEMENT EXEMPLE %d (DONNÉES GÉNÉRÉES)\n" % (finess, n))
        if contract["groups"]:
            with open(os.path.join(folder, "groupes.csv"), "w", encoding="utf-8", newline="\r\n") as out:
                out.write("groupe;nom_groupe;membre;debut;fin\n")
                for group in contract["groups"]:
                    for finess in sorted(members.get(group, ())):
                        out.write("%s;%s (exemple);%s;%d-01-01;\n" % (group, group, finess, contract["years"][0]))
        with open(os.path.join(folder, "valeurs.csv"), "w", encoding="utf-8", newline="\r\n") as out:
            out.write("finess;indicateur;periode;valeur\n")
            for item in contract["items"]:
                if item["kind"] != "commitment" or not item["indicator"]:
                    continue
                unit = indicators.get(item["indicator"], {}).get("unit", "")
                tol, kind = item["tolerance"]
                for period, comparator, bound in item["targets"]:
                    tolerance = tol if kind == "absolute" else abs(bound) * tol / 100
                    entities_in = scope(contract, item, members)
                    share = len(entities_in) if item["applies"] == "group" and \
                        indicators.get(item["indicator"], {}).get("aggregate") == "sum" else 1
                    for finess in entities_in:
                        if rng.random() < 0.03:
                            out.write("%s;%s;%s;\n" % (finess, item["indicator"], period))
                            continue
                        value = draw(rng, comparator, bound / share, tolerance / share, unit)
                        out.write("%s;%s;%s;%s\n" % (finess, item["indicator"], period, decimal_comma(value)))
        with open(os.path.join(folder, "preuves.csv"), "w", encoding="utf-8", newline="\r\n") as out:
            out.write("contrat;jalon;finess;date;document\n")
            for item in contract["items"]:
                if item["kind"] != "milestone" or not item["due"]:
                    continue
                due = datetime.date.fromisoformat(item["due"])
                for finess in scope(contract, item, members):
                    r = rng.random()
                    if r >= 0.90:
                        continue
                    produced = due - datetime.timedelta(days=rng.randint(1, 90)) if r < 0.75 else \
                        due + datetime.timedelta(days=rng.randint(1, 60))
                    document = "documents/%s_%s.txt" % (item["name"], finess)
                    with open(os.path.join(folder, document), "w", encoding="utf-8") as doc:
                        doc.write("DOCUMENT GÉNÉRÉ (exemple) : %s, établissement %s, daté du %s.\n"
                                  % (item["name"], finess, produced.isoformat()))
                    out.write("%s;%s;%s;%s;%s\n" % (contract["name"], item["name"], finess, produced.isoformat(), document))
        with open(os.path.join(folder, "README.md"), "w", encoding="utf-8") as out:
            out.write(note.lstrip("# ") + "\nContrat : `%s` (%s). Régénérer : `tools/gen_sample_data.py "
                      "build/engine/vigie %s --output DIR`.\n" % (contract["name"], path, path))
        print("wrote %s (%d establishments)" % (folder, len(entities)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("vigie")
    parser.add_argument("contracts", nargs="+")
    parser.add_argument("--output", required=True)
    parser.add_argument("--seed", default="2026")
    args = parser.parse_args()
    for path in args.contracts:
        generate(args.vigie, path, args.output, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
