#!/usr/bin/env python3
"""Writes docs/diagnostics.md from engine/base/diagnostic_codes.def and the golden cases.

Every example input and output in the catalogue is copied from a golden case (tests/golden/...),
so the documentation shows exactly what `vigie` prints. Run it again after
`vigie_tests --update-goldens "[golden]"`:  python3 tools/make_diagnostics_doc.py [--check]
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(os.path.dirname(HERE), "tests", "golden")
REPO = os.path.dirname(HERE)
DEF = os.path.join(REPO, "engine", "base", "diagnostic_codes.def")
OUT = os.path.join(REPO, "docs", "diagnostics.md")

# code -> (golden case, what it means, how to fix it). The case is "stage/name": a .vigie file, a
# folder of .vigie files, or a .args command; None when no golden case can show it.
ENTRIES = {
    1001: ("check/syntax_misspelled_keyword",
           "The text does not follow the grammar of the language: a keyword is misspelled, a brace or a "
           "value is missing, or a word is where the language does not expect it. vigie says what it found "
           "and, when it can, what it expected instead.",
           "Look at the caret: the mistake is there or just before it (a missing `}` or `{` is usually "
           "noticed on the next line). Compare with the examples of [language.md](language.md). Each "
           "syntax error is reported on its own, so fix them from the top of the file."),
    1002: ("cli/max_errors",
           "vigie stopped reporting because there were too many mistakes: after 25 syntax errors in one "
           "file (the rest of that file is not read), or after the limit set by `--max-errors` (100 by "
           "default).",
           "Fix the mistakes reported so far and run `vigie check` again. Many syntax errors in a row "
           "often come from one cause, such as an unclosed string or brace, or a file that is not a "
           "ruleset at all."),
    1003: ("check/syntax_nesting_too_deep",
           "Brackets, braces or parentheses are nested more than 64 deep. No real contract needs this; "
           "vigie refuses to read the file rather than risk running out of memory.",
           "Simplify the formula: remove needless parentheses, or split it into several payments or "
           "derived indicators."),
    1004: ("check/syntax_stray_character",
           "A character that cannot begin anything in the language, such as `@`, `§` or `$`. This often "
           "happens with text pasted from a document, or a comment written with `#`.",
           "Remove the character. Comments start with `//`; free text goes between double quotes."),
    1005: ("check/syntax_unterminated_string",
           "A text in double quotes is not closed before the end of the line.",
           "Add the closing `\"`. A string stays on one line; to put a quote inside a string, write `\\\"`."),
    1006: ("check/invalid_literal_date",
           "A date, year, quarter or month that does not exist: 30 February, a year with two digits "
           "(`19..2023`), quarter 5 (`2021-Q5`), month 13 (`2021-13`).",
           "Write dates as year-month-day (`2020-06-30`), years with four digits, quarters as "
           "`2021-Q1`..`2021-Q4` (or `2021-T1`..`2021-T4`), months as `2021-01`..`2021-12`."),
    2001: ("check/unknown_indicator",
           "A name is used as an indicator (in a commitment, a formula, a `where` filter or a test) but no "
           "indicator has that name in the files that are checked.",
           "Correct the spelling (vigie suggests the closest name), declare the indicator, or `import` the "
           "catalog that declares it."),
    2002: ("check/unknown_commitment_in_composite",
           "A composite commitment (`all of`, `any of`, `at least N of`) or a test names a commitment, "
           "milestone or payment that the contract does not have.",
           "Correct the name (vigie suggests the closest one) or add the missing commitment or milestone "
           "to the contract."),
    2003: ("check/duplicate_indicator",
           "The same name is declared twice: two indicators, two contracts, two commitments of one "
           "contract, two parameters of a template, two keys of a table, or an indicator and an attribute. "
           "All the files checked together share one set of names.",
           "Rename one of the two declarations, or remove the copy. The note shows where the first one is."),
    2004: ("check/unknown_template",
           "A contract is made from a template (`contract x = template_name(...)`) that is not declared.",
           "Correct the template's name (vigie suggests the closest one) or import the file that "
           "declares it."),
    2005: ("check/unknown_contract_in_test",
           "A test names a contract (`contract NAME` inside `test`) that is not declared.",
           "Correct the contract's name (vigie suggests the closest one) or check it together with the "
           "file that declares the contract."),
    2006: ("check/unknown_name_in_where",
           "A name in an expression (a `where` filter, a payment, a table's key) is not an indicator, an "
           "attribute, a template parameter, a commitment or a payment that can be used there.",
           "Correct the spelling, or declare the name: `attribute NAME` for a property of establishments, "
           "a template parameter, or an indicator."),
    2007: ("check/unknown_table",
           "A lookup `table_name[key]` uses a table that is not declared in the contract, its template or "
           "the catalog.",
           "Correct the table's name (vigie suggests the closest one) or declare the table with "
           "`table NAME by KEY { ... }`."),
    2008: ("check/unknown_unit_word",
           "A value word is not in its list: a unit (`pourcnt`), a direction, a period kind, a contract "
           "kind, an aggregate, a verdict or a parameter type. The lists are in "
           "[language.md](language.md#vocabulary-tables), in English and in French.",
           "Use one of the words of the list; vigie suggests the closest one, or lists them all."),
    2009: ("check/duplicate_property",
           "The same property is given twice in one block, for example two `unit` lines in one indicator. "
           "vigie keeps the first one.",
           "Keep one of the two lines."),
    2010: ("check/import_not_found",
           "An `import` names a file that does not exist. The path of an import is relative to the "
           "folder of the file that contains it.",
           "Correct the file name, or the path relative to the importing file."),
    2011: ("check/import_cycle",
           "Files import each other in a circle (a imports b, b imports a). The notes show the chain of "
           "imports.",
           "Move what both files need into a third file that both import, and import in one direction "
           "only."),
    2012: ("check/missing_unit",
           "A required property is missing: an indicator without a unit, a contract without a period, a "
           "target without comparator for an indicator without direction, a numerator without a "
           "denominator, a test without its contract, or a waiver that does not say why, when or by whom "
           "it was granted.",
           "Add the property named in the message; the help shows how it is written."),
    2013: ("check/unknown_function",
           "A formula calls a function the language does not have. The functions are `min`, `max`, "
           "`round` (`arrondi`), `abs`, `floor` (`plancher`) and `ceil` (`plafond`).",
           "Use one of these functions; vigie suggests the closest name."),
    2101: ("check/target_unit_mismatch_plain_number",
           "A target is written in a unit other than the indicator's: a plain number for an indicator in "
           "percent, days for an indicator in euros, or `pts` (points are for tolerances and "
           "improvements).",
           "Write the target in the indicator's unit, for example `70 %` for an indicator in percent."),
    2102: ("check/tolerance_unit_mismatch",
           "A tolerance (or an improvement) is in a unit that does not fit the indicator. For an indicator "
           "in percent it must be `pts` (percentage points, absolute) or `%` (relative: a share of the "
           "value); for other indicators, the indicator's own unit or `%`.",
           "Write `2 pts` for two percentage points, `2 %` for two per cent of the value, or the "
           "indicator's own unit (`1 days`)."),
    2103: ("check/target_year_outside_period",
           "A target is given for a year outside the contract's `period`, so it would never be evaluated.",
           "Remove that target, or widen the contract's period."),
    2104: ("check/trajectory_overlap",
           "Two entries of one trajectory give a target for the same year (or quarter, or month), often "
           "because a range such as `2020..2022` also covers a year written separately.",
           "Give each period one target: shorten the range or remove the extra entry."),
    2105: ("check/trajectory_gap",
           "A trajectory has no target for a period between its first and its last entry.",
           "Add an entry for the missing period, or extend a neighbouring entry with a range "
           "(`2020..2021: 60 %`)."),
    2106: ("check/weight_not_positive",
           "A commitment or milestone has a weight of zero or below. Weights share out the score, so they "
           "must be positive.",
           "Give a positive weight. To leave a commitment out of the score, remove it or grant a waiver."),
    2107: ("check/derived_indicator_cycle",
           "Derived indicators (`indicator x = formula`) are defined in terms of each other, so none of "
           "them can be computed.",
           "At least one indicator of the circle must come from data: remove its formula and give it a "
           "`unit`."),
    2108: ("check/composite_cycle",
           "Composite commitments contain each other (directly or through others), so none of them can "
           "get a verdict.",
           "A composite may only combine commitments and milestones that do not contain it: remove one "
           "link of the circle."),
    2109: ("check/waiver_unknown_commitment",
           "A waiver names a commitment or milestone that the contract does not have.",
           "Correct the name (vigie suggests the closest one)."),
    2110: ("check/template_unknown_parameter",
           "A contract made from a template gives an argument the template does not declare.",
           "Correct the parameter's name (vigie suggests the closest one) or remove the argument."),
    2111: ("check/template_missing_argument",
           "A contract made from a template does not give a parameter that has no default value.",
           "Add `name: value` between the parentheses, or give the parameter a default in the template "
           "(`montant: euros = 15000 €`)."),
    2112: ("check/template_argument_type",
           "A template argument is not of the parameter's type: a text for a number, a percentage for an "
           "amount in euros...",
           "Give a value of the type declared in the template (`number`, `text`, `date` or `euros`)."),
    2113: ("check/template_duplicate_argument",
           "The same template argument is given twice in one contract.",
           "Keep one value."),
    2114: ("check/at_least_out_of_range",
           "In `at least N of [...]`, N is 0 (the commitment could never fail) or more than the number of "
           "items (it could never be met).",
           "Use a number from 1 to the number of items in the list."),
    2115: ("check/incomplete_commitment",
           "A commitment cannot be evaluated: it has no indicator, no target or improvement, an empty "
           "trajectory `{ }`, or an empty composite `all of []`.",
           "Add `indicator NAME` and a `target` (or `improve ... from baseline YEAR`), or make it a "
           "composite of other commitments."),
    2116: ("check/conflicting_properties",
           "Properties that cannot go together: a target and an improvement in one commitment, a composite "
           "that also has an indicator, a derived indicator that also has a numerator and denominator.",
           "Keep one of them; if both are meant, write two commitments."),
    2117: ("check/invalid_period_range",
           "A range ends before it starts: a contract period `2023..2019`, a trajectory entry, a table key "
           "or an indicator's `range`.",
           "Write the smaller value first: `2019..2023`."),
    2118: ("check/period_kind_mismatch",
           "A period is of the wrong kind: a quarter or a month for a yearly indicator, a trajectory that "
           "mixes quarters and months, or a range where one period is needed (in `given` and `expect`).",
           "Use the indicator's own kind of period (see its `period`), or a year; write one `given` or "
           "`expect` line per period."),
    2119: ("check/baseline_not_before_period",
           "The baseline year of an improvement is not before the contract's first year, so the progress "
           "would be measured from a year the contract already covers.",
           "Use the year before the contract, or earlier: `improve 5 % from baseline 2018` for a contract "
           "from 2019."),
    2120: ("check/invalid_finess",
           "An establishment number is not a valid FINESS: it has not 9 characters, its first two are not "
           "a département (2A and 2B for Corsica), or its last digit (the check key) is wrong. The help "
           "gives the key that the first 8 characters call for.",
           "Copy the number again from the FINESS directory; a wrong key usually means a typing mistake "
           "in one of the digits."),
    2121: ("check/waiver_dates",
           "A waiver expires (`until`) before it is granted, or covers a period outside the contract's.",
           "Check the two dates, and the year after `in`."),
    2122: ("check/no_group_party",
           "A commitment says `for each member` or `for group`, but the contract's parties are "
           "establishments only, so there is no group to take members from.",
           "Add `parties group NAME` to the contract, or name the establishments with `for 080000037, ...`."),
    2124: ("check/scoring_value_out_of_range",
           "A score in `scoring { ... }` is outside 0..1 (0 is nothing, 1 is fully met).",
           "Write scores between 0 and 1: `met 1  partial 0.5  not_met 0`."),
    2125: ("check/type_mismatch_add_euros_to_percent",
           "An expression mixes things that do not go together: adding € to %, comparing days with €, an "
           "`if` whose branches differ, a `where` filter that is not a condition, or a payment that does "
           "not come out in euros.",
           "Write both sides in the same unit; a payment is an amount in euros, such as "
           "`15000 € * score`."),
    2126: ("check/test_value_unit_mismatch",
           "A test gives (or expects) a value in a unit the indicator does not have, such as `67 pts` for "
           "an indicator in percent.",
           "Write the value in the indicator's unit."),
    2127: ("check/milestone_without_due",
           "A milestone has no due date, so it can never be late or on time.",
           "Add `due 2019-06-30` (`échéance 2019-06-30`)."),
    3001: ("cli/strict_unused_indicator",
           "Warning, with `--strict` only: an indicator is used by no commitment, formula or test.",
           "Remove it, or use it; or turn the warning off with `--allow=unused-indicator`."),
    3002: ("check/empty_file",
           "Warning: a file contains nothing (only spaces and blank lines).",
           "Write the declarations in it or remove the file; or turn the warning off with "
           "`--allow=empty-file`."),
    3003: ("check/trajectory_short",
           "Warning: a yearly trajectory stops before the contract's last year, so the last years have no "
           "target and are not evaluated.",
           "Extend the last entry with a range (`2021..2023: 66 %`), or turn the warning off with "
           "`--allow=trajectory-short` if this is intended."),
    5001: ("cli/missing_file",
           "A file named on the command line does not exist.",
           "Check the path (it is relative to the folder you run vigie from)."),
    5002: ("cli/no_source_in_directory",
           "A folder named on the command line contains no `.vigie` file, even in its sub-folders.",
           "Check the folder, or the extension of the files (`.vigie`)."),
    5003: ("cli/binary_file",
           "A file is not text (it contains NUL bytes): a spreadsheet, a PDF or a word-processor file "
           "was given instead of a ruleset.",
           "Give the `.vigie` text file; to copy a contract from a document, paste it into a text editor."),
    5004: ("cli/invalid_utf8",
           "A file is not valid UTF-8, usually because it was saved as Windows-1252 (Latin-1) by a "
           "spreadsheet or an old editor. The line is shown with `?` in place of each wrong byte.",
           "Save the file again as UTF-8 (in most editors: *Save as* → *Encoding: UTF-8*)."),
    5005: (None,
           "A file is larger than 4 MiB. A ruleset is a few kilobytes, so such a file is almost certainly "
           "not one.",
           "Check the file name. This case has no golden test (a 4 MiB file is not committed); it is "
           "covered by a unit test. Real output, for a 6 MB file:\n\n"
           "```text\n"
           "$ vigie check huge_catalog.vigie\n"
           "error[V5005]: file 'huge_catalog.vigie' is 6 MB; the limit is 4 MB\n"
           "  = help: a ruleset this large is almost certainly not a ruleset: check the file name\n"
           "\n"
           "failed: 1 error\n"
           "```"),
    5006: ("check/import_directory",
           "A file exists but cannot be read: it is a folder (an `import` of a folder), or its permissions "
           "do not allow reading it.",
           "Import files one by one; check the file's permissions."),
}

RANGES = """\
## Codes, severity and formats

Every mistake vigie reports has a **code** `Vnnnn`, a **severity**, a **message**, and, when it is
about a place in a file, the **file, line and column**, the line itself and carets `^^^` under the
offending text. Many also have a `note` (another place that matters, such as the first of two
declarations) and a `help` line that says how to fix it. Several mistakes are reported in one run,
sorted by file and position.

| Range | What | Effect |
|-------|------|--------|
| **1xxx** | syntax: the text does not follow the grammar | error |
| **2xxx** | names and meaning: unknown names, units, periods, templates, FINESS... | error |
| **3xxx** | warnings: probably a mistake, but the ruleset can be used | warning; `--allow=NAME` turns one off |
| **4xxx** | evaluation and data (reserved; none yet) | |
| **5xxx** | files: missing, unreadable, not text | error |

**Severity.** An *error* makes `vigie check` fail (exit code 1, or 3 when a file named on the command
line or imported could not be read). A *warning* is shown but the check still succeeds (exit code 0)
and says `ok: ... (1 warning)`. A warning is turned off by its name: `--allow=trajectory-short`. The
unused-indicator warning (V3001) is only looked for with `--strict`. The name after the code in each
heading below (`unknown-indicator`) is the code's stable slug: it is the name `--allow` takes for
warnings, and the `slug` field of the JSON output. `vigie codes` lists every code.

**Text format** (the default, on standard error):

```text
error[V2101]: target in a plain number, but indicator 'ambu' is in percent
 --> target_unit_mismatch_plain_number.vigie:5:47
  |
5 |   commitment ambu_2_3 { indicator ambu target 70 }
  |                                               ^^
  = help: write it in the indicator's unit, for example 70 %

failed: 1 error
```

Line and column count from 1; a column counts characters, not bytes, so an accented letter counts
once. A tab is shown as one space.

**JSON format** (`--diagnostics=json`, on standard output): one object with the list `diagnostics`
and the counts `errors` and `warnings`. Each diagnostic has `severity`, `code`, `slug`, `message`,
`file`, `line`, `column`, `end_line`, `end_column` (the end is just after the offending text),
`notes` (each with `message`, `file`, `line`, `column`) and `help` (or `null`). A diagnostic that is
not about a place in a file has `"file": null`. See
[json/errors_with_notes.expected](../tests/golden/json/errors_with_notes.expected).

**Exit codes**: 0 ok (warnings allowed), 1 mistakes in the input, 2 wrong command line, 3 a file
could not be read or an internal error. See [cli.md](cli.md).

Every example below is a golden test in [tests/golden](../tests/golden): the input and the output
are copied from it, so they are exactly what vigie prints. Only the diagnostics of the code being
described are shown; the link leads to the whole recorded output.
"""


def read_codes():
    codes = []
    pattern = re.compile(r'VIGIE_DIAG\((\w+),\s*(\d+),\s*(\w+),\s*"([^"]+)",\s*"([^"]+)"\)')
    for line in open(DEF, encoding="utf-8"):
        m = pattern.search(line)
        if m:
            codes.append((int(m.group(2)), m.group(3), m.group(4), m.group(5)))
    return codes


def blocks_for(stderr_or_stdout, code):
    """The diagnostics of one code in a recorded text output (blocks are separated by blank lines)."""
    out = []
    for block in stderr_or_stdout.split("\n\n"):
        if re.match(r"(error|warning|note)\[V%04d\]" % code, block.strip("\n")):
            out.append(block.strip("\n"))
    return out


def recorded(expected_path):
    text = open(expected_path, encoding="utf-8", errors="replace").read()
    m = re.match(r"# exit: (\d+)\n", text)
    exit_code = m.group(1) if m else "?"
    body = text[m.end():] if m else text
    stdout = stderr = ""
    parts = re.split(r"^# (stdout|stderr)\n", body, flags=re.M)
    for i in range(1, len(parts), 2):
        if parts[i] == "stdout":
            stdout = parts[i + 1]
        else:
            stderr = parts[i + 1]
    return exit_code, stdout, stderr


def input_files(case):
    stage, name = case.split("/")
    base = os.path.join(GOLDEN, stage, name)
    if os.path.isdir(base):
        return [(name + "/" + f, os.path.join(base, f)) for f in sorted(os.listdir(base)) if f.endswith(".vigie")]
    if os.path.exists(base + ".vigie"):
        return [(name + ".vigie", base + ".vigie")]
    return []


def command_of(case):
    stage, name = case.split("/")
    args_path = os.path.join(GOLDEN, stage, name + ".args")
    if os.path.exists(args_path):
        args = [l for l in open(args_path, encoding="utf-8").read().split("\n") if l and not l.startswith("#")]
        shown, skip = [], False
        for a in args:
            if skip:
                skip = False
                continue
            if a == "--root":
                skip = True
                continue
            shown.append(a.replace("{dir}/", "").replace("{dir}", "."))
        return "vigie " + " ".join(shown), [a.replace("{dir}/", "") for a in args if "{dir}/" in a]
    target = name + "/" if os.path.isdir(os.path.join(GOLDEN, stage, name)) else name + ".vigie"
    return "vigie check " + target, []


def fence_input(label, path):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\0" in text:
        return None
    return "`%s`:\n\n```vigie\n%s```\n" % (label, text if text.endswith("\n") else text + "\n")


def section(number, severity, slug, summary):
    case, meaning, fix = ENTRIES[number]
    out = ["### V%04d %s\n" % (number, slug)]
    out.append("*%s* — %s.\n" % (severity[1:].lower(), summary))
    out.append(meaning + "\n")
    if case:
        stage, name = case.split("/")
        expected_rel = "../tests/golden/%s/%s.expected" % (stage, name)
        command, data_files = command_of(case)
        shown_inputs = []
        for label, path in input_files(case):
            shown_inputs.append((label, path))
        for data in data_files:
            p = os.path.join(GOLDEN, stage, data)
            if os.path.isfile(p) and all(os.path.basename(p) != os.path.basename(x[1]) for x in shown_inputs):
                shown_inputs.append((data, p))
        out.append("**Example** ([golden test `%s`](%s)):\n" % (case, expected_rel))
        for label, path in shown_inputs:
            fenced = fence_input(label, path)
            if fenced is None:
                out.append("`%s` is committed as it is, with bytes that are not UTF-8 text (NUL bytes, or "
                           "Windows-1252 letters), so it cannot be shown here.\n" % label)
            else:
                out.append(fenced)
        exit_code, stdout, stderr = recorded(os.path.join(GOLDEN, stage, name + ".expected"))
        shown = blocks_for(stderr, number) or blocks_for(stdout, number)
        if not shown:
            sys.exit("no V%04d diagnostic in %s" % (number, expected_rel))
        total = len(shown)
        shown = shown[:2]
        text = "$ %s\n" % command + "\n\n".join(shown) + "\n"
        if total > len(shown):
            text += "...\n"
        out.append("Output (exit code %s):\n\n```text\n%s```\n" % (exit_code, text))
    out.append("**How to fix it.** " + fix + "\n")
    return "\n".join(out)


def main():
    codes = read_codes()
    missing = [n for n, _, _, _ in codes if n not in ENTRIES]
    if missing:
        sys.exit("no entry for: " + ", ".join("V%04d" % n for n in missing))
    doc = ["# Diagnostics: every mistake vigie reports\n",
           "This is the catalogue of the codes `vigie check` reports (`error[V2101]: ...`). For each code: "
           "what it means, a minimal example with the exact output, and how to fix it. The language "
           "itself is described in [language.md](language.md), the command line in [cli.md](cli.md).\n",
           "<!-- Generated by tools/make_diagnostics_doc.py from engine/base/diagnostic_codes.def "
           "and the golden tests; edit the script, not this file. -->\n"]
    index = []
    for number, severity, slug, summary in codes:
        index.append("[V%04d](#v%04d-%s)" % (number, number, slug))
    doc.append("Codes: " + " · ".join(index) + "\n")
    doc.append(RANGES)
    current = None
    titles = {1: "1xxx: syntax", 2: "2xxx: names, imports and meaning", 3: "3xxx: warnings",
              5: "5xxx: files"}
    for number, severity, slug, summary in codes:
        if number // 1000 != current:
            current = number // 1000
            doc.append("## %s\n" % titles[current])
        doc.append(section(number, severity, slug, summary))
    text = "\n".join(doc)
    if "--check" in sys.argv:
        # CI: the catalogue must match the golden outputs it quotes.
        current_text = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if current_text != text:
            print("docs/diagnostics.md is out of date: run python3 tools/make_diagnostics_doc.py")
            sys.exit(1)
        print("docs/diagnostics.md is up to date")
        return
    open(OUT, "w", encoding="utf-8").write(text)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
