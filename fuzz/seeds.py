#!/usr/bin/env python3
"""Builds the fuzz targets' seed corpora and dictionaries from the shipped files (tools/fuzz.sh runs it).

    python3 fuzz/seeds.py OUT_DIR

writes, from the repository (nothing is committed twice: the seeds are copies made at build time):

  OUT_DIR/seeds/fuzz_frontend/   every .vigie file of rulesets/, contracts/, tests/rulesets/ and tests/golden/
  OUT_DIR/seeds/fuzz_import/     every small .csv of tests/, data/ (a layout byte in front, see
                                 fuzz/import_fuzzer.cpp: auto-detected, and auto-detected with --period 2019)
  OUT_DIR/seeds/fuzz_literals/   the distinct cells of those CSV files, and the examples of engine/ingest/literals.h
  OUT_DIR/seeds/fuzz_verify/     the report.json files recorded in tests/golden (the target adds a genuine one)
  OUT_DIR/seeds/fuzz_command_line/  every command line of tests/golden (.args files and `commands` lines),
                                 one argument a line; OUT_DIR/fuzz_command_line.dict: the commands and options
  OUT_DIR/fuzz_frontend.dict     the literals of grammar/Vigie.g4 (keywords in both languages, operators)
                                 and the value words of engine/syntax/vocabulary.cpp
  OUT_DIR/fuzz_import.dict, fuzz_literals.dict   separators, missing-value codes, date and period shapes
  OUT_DIR/seeds/fuzz_xlsx/       every small .xlsx (and .zip) of tests/; OUT_DIR/fuzz_xlsx.dict: zip and
                                 SpreadsheetML markers
  OUT_DIR/seeds/fuzz_serve/      cookie headers, JSON bodies, forms and uploads as the HTTP tests send them
                                 (NUL-separated parts, see fuzz/serve_fuzzer.cpp); OUT_DIR/fuzz_serve.dict
  OUT_DIR/seeds/fuzz_join/       each sites file of the HAS certification cases of tests/golden/import with
                                 each of their decisions files (an options byte, sites, NUL, decisions)
  OUT_DIR/seeds/fuzz_diff/       pairs of contracts: the files of the `vigie diff` golden cases, and each
                                 contract of contracts/ with itself (an options byte, old, NUL, new)

Files larger than MAX_BYTES are left out: they slow the fuzzer down more than they teach it.
"""
import hashlib
import pathlib
import re
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MAX_BYTES = 64 * 1024
MAX_CELLS = 3000


def small_files(patterns):
    seen = set()
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and path.stat().st_size <= MAX_BYTES and path not in seen:
                seen.add(path)
                yield path


def write_seed(folder, data):
    # Named by content, as libFuzzer names its own corpus files: duplicates collapse.
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def dict_entry(word):
    out = []
    for byte in word.encode("utf-8") if isinstance(word, str) else word:
        if 32 <= byte < 127 and chr(byte) not in '"\\':
            out.append(chr(byte))
        else:
            out.append("\\x%02X" % byte)
    return '"' + "".join(out) + '"'


def write_dict(path, words):
    unique = sorted({w for w in words if w})
    path.write_text("".join(dict_entry(w) + "\n" for w in unique), encoding="ascii")


def frontend(seeds, out):
    for path in small_files(["rulesets/*.vigie", "contracts/*.vigie", "tests/rulesets/**/*.vigie",
                             "tests/golden/**/*.vigie"]):
        write_seed(seeds, path.read_bytes())
    grammar = (ROOT / "grammar/Vigie.g4").read_text(encoding="utf-8")
    words = re.findall(r"'((?:[^'\\\n]|\\.)+)'", grammar)
    words = [w.replace("\\'", "'").replace("\\\\", "\\") for w in words]
    vocabulary = (ROOT / "engine/syntax/vocabulary.cpp").read_text(encoding="utf-8")
    words += re.findall(r'"([^"\\\n]+)"', vocabulary)
    words += ["{", "}", "(", ")", "[", "]", ",", ":", "..", "//", "\"", "\n  ", "2021-Q2", "2021-03", "2021-06-30",
              "080000037", "2A0000001"]
    write_dict(out / "fuzz_frontend.dict", words)


def csv_files():
    return list(small_files(["tests/**/*.csv", "data/**/*.csv"]))


def importer(seeds, out):
    for path in csv_files():
        data = path.read_bytes()
        write_seed(seeds, b"\x00" + data)  # layout auto-detected
        write_seed(seeds, b"\x80" + data)  # the same, with --period 2019
    write_dict(out / "fuzz_import.dict", common_cell_words() + [
        ";", ",", "\t", "\r\n", "\"", "\ufeff", "finess", "indicateur", "periode", "valeur", "groupe", "membre",
        "debut", "fin", "contrat", "jalon", "date", "document", "rs", "cat", "P12", "P1", "A9", "delai_rdv",
        "cp_nord_ardennes", "pmp", "deliberation.txt", "GHT_NORD_ARDENNES", "080000037", "080000615"])


def common_cell_words():
    return [" ", "\u00a0", "\u202f", ",", ".", "%", "-", "\u2212", "e", "E", ".c", ".z", "NA", "#N/A", "n.d.", "NULL",
            "\u2013", "\u2014", "/", ":", "T", "Q", "2021", "2021-", "-Q2", "T2 ", "12", "31", "29", "1 234", "1.234",
            "2A", "2B", "00:00", "Z"]


def literals(seeds, out):
    cells = set()
    for path in csv_files():
        text = path.read_bytes().decode("utf-8", errors="replace")
        for line in text.splitlines():
            for cell in re.split(r"[;,\t]", line):
                cell = cell.strip('"')
                if 0 < len(cell.encode("utf-8")) <= 64:
                    cells.add(cell)
    header = (ROOT / "engine/ingest/literals.h").read_text(encoding="utf-8")
    cells.update(c for c in re.findall(r'"([^"\n]{1,64})"', header))
    for cell in sorted(cells)[:MAX_CELLS]:
        write_seed(seeds, cell.encode("utf-8"))
    write_dict(out / "fuzz_literals.dict", common_cell_words())


def verify(seeds, out):
    for path in small_files(["tests/golden/**/*.json"]):
        write_seed(seeds, path.read_bytes())
    for path in sorted(ROOT.glob("tests/golden/**/*.expected")):
        block = None
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True):
            if line.startswith("# file ") or line.startswith("$ "):
                if block:
                    write_seed(seeds, "".join(block).encode("utf-8"))
                block = [] if line.startswith("# file ") and line.rstrip().endswith(".json") else None
            elif block is not None:
                block.append(line)
        if block:
            write_seed(seeds, "".join(block).encode("utf-8"))
    write_dict(out / "fuzz_verify.dict", ['"schema_version"', '"engine"', '"vigie"', '"as_of"', '"rulesets"',
                                          '"contracts"', '"items"', '"verdicts"', '"payments"', '"path"', '"sha256"',
                                          '"name"', '"kind"', '"entity"', '"period"', '"verdict"', '"measured"',
                                          '"target"', '"evidence"', '"document"', '"amount_eur"', '"year"', "null",
                                          '"verdict_columns"', '"input_columns"', '"extras"', '"waiver"', '"days_late"',
                                          "true", '"rules.vigie"', '"deliberation.txt"', '"2021-06-30"'])


def command_line(seeds, out):
    for path in sorted(ROOT.glob("tests/golden/**/*.args")):
        lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
        write_seed(seeds, "\n".join(lines).encode("utf-8"))
    for path in sorted(ROOT.glob("tests/golden/**/commands")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("vigie "):
                write_seed(seeds, "\n".join(line.split()[1:]).encode("utf-8"))
    source = (ROOT / "engine/cli/command_line.cpp").read_text(encoding="utf-8")
    words = set(re.findall(r"--[a-z][a-z-]+", source)) | set(re.findall(r'\{"([a-z]+)",', source))
    write_dict(out / "fuzz_command_line.dict", sorted(words) + ["help", "--help", "-h", "json", "2020-02-30"])


def workbooks(seeds, out):
    for path in small_files(["tests/**/*.xlsx", "tests/**/*.zip"]):
        write_seed(seeds, path.read_bytes())
    write_dict(out / "fuzz_xlsx.dict", ["PK\x03\x04", "PK\x01\x02", "PK\x05\x06", "xl/workbook.xml",
                                        "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                                        "<row r=\"1\">", "<c r=\"A1\" t=\"s\">", "<v>0</v>", "<si><t>", "<is><t>",
                                        "t=\"inlineStr\"", "t=\"b\"", "t=\"e\"", "s=\"1\"", "<!DOCTYPE", "&amp;"])


def serve(seeds, out):
    cookies = [b"", b"vigie_session=0123456789abcdef", b"a=1; vigie_session=abc; vigie_login_csrf=tok",
               b"vigie_session_old=x;vigie_session=", b";;; =;vigie_session"]
    bodies = [b"", b'{"login": "sedan", "password": "mot de passe long"}', b'{"login": "a", "password": 3}',
              b'{"decision": "rejected", "reason": "valeur 2019 erron\xc3\xa9e"}', b'{"decision": "validated"}',
              b"[1, 2, {\"a\": null}]", b'{"login": "\\u00e9", "password": "\\ud83d\\ude00"}']
    forms = [b"", b"csrf=tok&v%7CP12%7C2019=39%2C17&v%7CP1%7C2019=", b"v|delai_rdv|2021-T2=12,5&v|x=1",
             b"v%7Cnote%7C2020=dit+%22environ%22%3B+12&v%7Cnote%7C2021=%0A%0D", b"a=b&&=&v||=1"]
    uploads = [b"", b"files\x00report.json\x00{}\x00files\x00report.sig\x00sig\x00csrf\x00\x00tok",
               b"file\x00valeurs.xlsx\x00PK\x03\x04"]
    for i, cookie in enumerate(cookies):
        write_seed(seeds, b"\x00".join([cookie, bodies[i % len(bodies)], forms[i % len(forms)], uploads[i % len(uploads)]]))
    for body in bodies:
        write_seed(seeds, b"\x00" + body)
    for form in forms:
        write_seed(seeds, b"\x00\x00" + form)
    write_dict(out / "fuzz_serve.dict", ["vigie_session=", "vigie_login_csrf=", "; ", '"login"', '"password"',
                                         '"decision"', '"validated"', '"rejected"', '"reason"', "v|", "v%7C", "%22",
                                         "%3B", "&", "=", "+", "files", "report.json", ".xlsx", "\\u0000", "\x00"])


def join(seeds, out):
    cases = [p for p in sorted((ROOT / "tests/golden/import").iterdir()) if p.is_dir() and p.name.startswith("has_certification")]
    sites, decisions = [], []
    for case in cases:
        for path in sorted(case.glob("*.csv")):
            if path.stat().st_size > MAX_BYTES:
                continue
            header = path.read_bytes().split(b"\n", 1)[0].lower()
            if b"decision_de_la_cces" in header:
                decisions.append(path.read_bytes())
            elif b"finess_eg" in header or b"code_demarche" in header:
                sites.append(path.read_bytes())
    for s in sites:
        for d in decisions:
            write_seed(seeds, b"\x01" + s + b"\x00" + d)  # unknown sites registered
            write_seed(seeds, b"\x00" + s + b"\x00" + d)
    write_dict(out / "fuzz_join.dict", common_cell_words() + [
        ",", ";", "\"", "\r\n", "\ufeff", "code_demarche", "FINESS_EJ", "FINESS_EG", "RS_eg", "Site_Principal",
        "annee_visite", "date_de_decision", "Decision_de_la_CCES", "Certifi\u00e9", "Certifi\u00e9 avec mention",
        "Certifi\u00e9 sous conditions", "Non certifi\u00e9", "30341", "26/10/2022", "080010242", "080000037"])


def diff(seeds, out):
    # The target checks each text on its own: a golden case's contracts get its catalog pasted in
    # place of their `import "catalog.vigie"` line.
    def alone(path):
        text = path.read_bytes()
        catalog = path.parent / "catalog.vigie"
        if path.name != "catalog.vigie" and catalog.is_file():
            text = re.sub(rb'(?m)^(import|importer) "catalog.vigie"\s*$', lambda _: catalog.read_bytes(), text)
        return text

    pairs = []
    for case in sorted((ROOT / "tests/golden/cli").iterdir()):
        if case.is_dir() and case.name.startswith("diff"):
            files = sorted(p for p in case.glob("*.vigie") if p.stat().st_size <= MAX_BYTES and p.name != "catalog.vigie")
            pairs += [(a, b) for a in files for b in files]
    pairs += [(p, p) for p in small_files(["contracts/*.vigie"])]
    for a, b in pairs:
        for how in (b"\x00", b"\x01", b"\x04"):
            write_seed(seeds, how + alone(a) + b"\x00" + alone(b))
    fixture = (ROOT / "fuzz/fixture.cpp").read_text(encoding="utf-8")
    rules = re.search(r'kRules = R"\((.*?)\)";', fixture, re.S)
    if rules:
        text = rules.group(1).encode("utf-8")
        write_seed(seeds, b"\x02" + text + b"\x00" + text.replace(b"80 %", b"75 %"))
    grammar = (ROOT / "grammar/Vigie.g4").read_text(encoding="utf-8")
    words = re.findall(r"'((?:[^'\\\n]|\\.)+)'", grammar)
    write_dict(out / "fuzz_diff.dict", words + ["\x00", "avenant", "amendment", "2021-06-30"])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: seeds.py OUT_DIR")
    out = pathlib.Path(sys.argv[1])
    for name, build in [("fuzz_frontend", frontend), ("fuzz_import", importer), ("fuzz_literals", literals),
                        ("fuzz_verify", verify), ("fuzz_command_line", command_line), ("fuzz_xlsx", workbooks),
                        ("fuzz_serve", serve), ("fuzz_join", join), ("fuzz_diff", diff)]:
        seeds = out / "seeds" / name
        shutil.rmtree(seeds, ignore_errors=True)
        seeds.mkdir(parents=True)
        build(seeds, out)
        print(f"{name}: {sum(1 for _ in seeds.iterdir())} seeds")


if __name__ == "__main__":
    main()
