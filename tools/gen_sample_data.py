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
with a small text document each. The indicators that only payments read get values too: around the
tiers of the tables they index (each tier, and below the lowest), in each result class (and, now and
then, a class given by a code such as NR), a year before the contract for an evolution, a volume in
euros, or 0 / 1 for a count such as the crises an ARS recognised. The same seed gives the same bytes.

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
    indicators, contracts, members, tables = {}, [], {}, []
    current, item = None, None
    for line in text.split("\n"):
        if m := re.match(r'^\s*table (\S+) by (.+)$', line):
            tables.append({"name": m.group(1), "keys": [k.strip() for k in m.group(2).split(",")], "tiers": []})
            continue
        if tables and (m := re.match(r'^\s+(>=|<=|>|<) (-?[\d.]+)(?: %)? -> ', line)):
            tables[-1]["tiers"].append((m.group(1), float(m.group(2))))
            continue
        if m := re.match(r'^indicator (\S+)', line):
            current = indicators.setdefault(m.group(1), {"unit": "", "aggregate": "", "classes": [], "codes": []})
            item = None
        elif m := re.match(r'^contract (\S+)', line):
            current = {"name": m.group(1), "parties": [], "groups": [], "years": [], "items": [], "payments": [],
                       "kinds": {}}
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
            elif m := re.match(r'^  range (-?[\d.]+)\.\.(-?[\d.]+)', line):
                current["range"] = (float(m.group(1)), float(m.group(2)))
            elif m := re.match(r'^  class (\S+) code "(.*)"$', line):
                current["codes"].append(m.group(2))
            elif m := re.match(r'^  class (\S+) (>=|<=|>|<|=) (-?[\d.]+)', line):
                current["classes"].append((m.group(2), float(m.group(3))))
        elif m := re.match(r'^  period (\d{4})(?:\.\.(\d{4}))?', line):
            first, last = int(m.group(1)), int(m.group(2) or m.group(1))
            current["years"] = list(range(first, last + 1))
        elif m := re.match(r'^  party (entity|group) (\S+)', line):
            (current["groups"] if m.group(1) == "group" else current["parties"]).append(m.group(2))
        elif m := re.match(r'^  party (\S+) (\S+)$', line):  # a commune, a CLSM...: its kind in the entities file
            current["parties"].append(m.group(2))
            current["kinds"][m.group(2)] = m.group(1)
        elif m := re.match(r'^  payment \S+ "(?:[^"\\]|\\.)*" = (.*)$', line):
            current["payments"].append(m.group(1))
            item = None
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
    return indicators, contracts, members, tables


def payment_indicators(contract, indicators):
    """The indicators the contract's payments read (by name, in class() and evolution() too)."""
    names = []
    for formula in contract["payments"]:
        for word in re.findall(r'[^\W\d][\w]*', re.sub(r'"[^"]*"', "", formula)):
            if word in indicators and word not in names:
                names.append(word)
    return names


def draw_for_payment(rng, name, indicator, tables):
    """A value (or a missing code) for an indicator a payment reads, spread over its tiers or classes."""
    tiers = [t for table in tables if name in table["keys"] for t in table["tiers"]]
    if indicator["classes"]:
        if indicator["codes"] and rng.random() < 0.08:
            return rng.choice(indicator["codes"])
        comparator, bound = rng.choice(indicator["classes"])
        if comparator == "=":
            return bound
        step = rng.uniform(0.0, 1.5)
        return bound + step if comparator in (">=", ">") else bound - 0.1 - step
    if tiers:
        comparator, bound = rng.choice(tiers + [("none", min(b for _, b in tiers))])
        if comparator in (">=", ">"):
            return bound + rng.uniform(0.0, 0.3)
        if comparator in ("<=", "<"):
            return max(bound - rng.uniform(0.0, max(bound * 0.1, 1.0)), 0.0)
        below = [b for c, b in tiers if c in (">=", ">")]
        return max(min(below) - rng.uniform(0.5, 2.0), 0.0) if below else max(tiers, key=lambda t: t[1])[1] * 1.5
    if indicator["unit"] == "euros":
        return round(rng.uniform(10e6, 100e6), -3)
    if indicator["unit"] == "percent":
        return rng.uniform(50.0, 90.0)
    return 1.0 if rng.random() < 0.3 else 0.0


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


def plausible(value, indicator):
    """Within the indicator's range; a count is a whole number."""
    if "range" in indicator:
        value = min(max(value, indicator["range"][0]), indicator["range"][1])
    return float(round(value)) if indicator.get("unit") == "count" else value


def cell(value, indicator):
    return "%d" % value if indicator.get("unit") == "count" and value == int(value) else decimal_comma(value)


def decimal_comma(value):
    return ("%.1f" % value).replace(".", ",")


def generate(vigie, path, output, seed):
    text = subprocess.run([vigie, "dump", "--stage", "model", path], capture_output=True, text=True, check=True).stdout
    indicators, contracts, members, tables = parse_model(text)
    for contract in contracts:
        rng = random.Random(f"{seed}-{contract['name']}")
        stem = os.path.splitext(os.path.basename(path))[0]  # one folder per contract file
        folder = os.path.join(output, stem if len(contracts) == 1 else stem + "_" + contract["name"])
        os.makedirs(os.path.join(folder, "documents"), exist_ok=True)
        entities = sorted(set(contract["parties"]) | {f for g in contract["groups"] for f in members.get(g, ())})
        note = "# DONNÉES GÉNÉRÉES par tools/gen_sample_data.py (graine %s) : ni observées, ni publiées.\n" % seed
        with open(os.path.join(folder, "etablissements.csv"), "w", encoding="utf-8", newline="\r\n") as out:
            out.write("finess;rs;nature\n")
            for n, finess in enumerate(entities, 1):
                kind = contract["kinds"].get(finess, "")
                out.write("%s;%s EXEMPLE %d (DONNÉES GÉNÉRÉES);%s\n" % (finess, "PARTIE" if kind else "ÉTABLISSEMENT", n, kind))
        if contract["groups"]:
            with open(os.path.join(folder, "groupes.csv"), "w", encoding="utf-8", newline="\r\n") as out:
                out.write("groupe;nom_groupe;membre;debut;fin\n")
                for group in contract["groups"]:
                    for finess in sorted(members.get(group, ())):
                        out.write("%s;%s (exemple);%s;%d-01-01;\n" % (group, group, finess, contract["years"][0]))
        with open(os.path.join(folder, "valeurs.csv"), "w", encoding="utf-8", newline="\r\n") as out:
            out.write("finess;indicateur;periode;valeur\n")
            written = set()
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
                        value = plausible(value, indicators.get(item["indicator"], {}))
                        out.write("%s;%s;%s;%s\n" % (finess, item["indicator"], period,
                                                      cell(value, indicators.get(item["indicator"], {}))))
                        written.add((finess, item["indicator"], period))
            # The indicators only payments read: for the contract's parties (a group's: its members,
            # each a share of a sum), every year, and the year before for an evolution.
            payers = sorted(contract["parties"]) or sorted({f for g in contract["groups"] for f in members.get(g, ())})
            for name in payment_indicators(contract, indicators):
                indicator = indicators[name]
                years = contract["years"]
                if indicator["classes"] and years:
                    years = [years[0] - 1] + years
                for year in years:
                    for finess in payers:
                        if (finess, name, str(year)) in written:
                            continue
                        value = draw_for_payment(rng, name, indicator, tables)
                        if isinstance(value, str):
                            out.write("%s;%s;%d;%s\n" % (finess, name, year, value))
                            continue
                        if indicator["aggregate"] == "sum" and len(payers) > 1:
                            value /= len(payers)
                        value = plausible(value, indicator)
                        out.write("%s;%s;%d;%s\n" % (finess, name, year, cell(value, indicator)))
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
