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


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: seeds.py OUT_DIR")
    out = pathlib.Path(sys.argv[1])
    for name, build in [("fuzz_frontend", frontend), ("fuzz_import", importer), ("fuzz_literals", literals),
                        ("fuzz_verify", verify), ("fuzz_command_line", command_line), ("fuzz_xlsx", workbooks)]:
        seeds = out / "seeds" / name
        shutil.rmtree(seeds, ignore_errors=True)
        seeds.mkdir(parents=True)
        build(seeds, out)
        print(f"{name}: {sum(1 for _ in seeds.iterdir())} seeds")


if __name__ == "__main__":
    main()
