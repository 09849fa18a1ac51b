#!/usr/bin/env python3
"""Checks vigie's message catalogue (engine/base/text.h) against the code.

Every literal given to Tr(...), TrIn(LANG, ...) or N_(...) under engine/ (.cpp, .h and
engine/base/diagnostic_codes.def) must have one entry in
engine/base/messages/*.def with a French text; every entry must be used; both sides must have the
same placeholders ({0}..{9}). Prints each problem as FILE:LINE: message and exits 1 if any.

  tools/check_messages.py [ROOT]
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def strip_comments(text):
    """The text with comments blanked (newlines kept, so line numbers hold); strings untouched."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_literals(text, i):
    """Adjacent string literals starting at text[i] (after spaces): (value, end) or (None, i)."""
    value, found = [], False
    while True:
        j = i
        while j < len(text) and text[j] in " \t\r\n":
            j += 1
        if j >= len(text) or text[j] != '"':
            return ("".join(value), j) if found else (None, i)
        j += 1
        while text[j] != '"':
            if text[j] == "\\":
                value.append(ESCAPES.get(text[j + 1], text[j + 1]))
                j += 2
            else:
                value.append(text[j])
                j += 1
        found, i = True, j + 1


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def used_texts():
    """{English text: [where]} for every literal the code shows through the catalogue."""
    used = {}
    call = re.compile(r"\b(?:Tr|N_)\(|\bTrIn\([^,()]*,")
    for path in sorted((ROOT / "engine").rglob("*")):
        # diagnostic_codes.def: each code's one-line summary, N_("...") shown by `vigie codes`.
        if path.suffix not in (".cpp", ".h") and path.name != "diagnostic_codes.def" or path.name == "text.h":
            continue
        text = strip_comments(path.read_text(encoding="utf-8"))
        for match in call.finditer(text):
            value, _ = read_literals(text, match.end())
            if value is not None:
                used.setdefault(value, []).append(f"{path.relative_to(ROOT)}:{line_of(text, match.start())}")
    return used


def catalogue():
    """[(English, French, where)] from engine/base/messages/*.def."""
    entries = []
    for path in sorted((ROOT / "engine/base/messages").glob("*.def")):
        text = strip_comments(path.read_text(encoding="utf-8"))
        for match in re.finditer(r"\bVIGIE_TEXT\(", text):
            english, end = read_literals(text, match.end())
            rest = text[end:].lstrip()
            where = f"{path.relative_to(ROOT)}:{line_of(text, match.start())}"
            if english is None or not rest.startswith(","):
                entries.append((None, None, where))
                continue
            french, _ = read_literals(text, end + text[end:].index(",") + 1)
            entries.append((english, french, where))
    return entries


def placeholders(text):
    return sorted(set(re.findall(r"(?<!\{)\{(\d)\}", text)))


def main():
    problems = []
    used = used_texts()
    seen = {}
    for english, french, where in catalogue():
        if english is None or french is None:
            problems.append(f"{where}: not of the form VIGIE_TEXT(\"English\", \"français\")")
            continue
        if english in seen:
            problems.append(f"{where}: {english!r} is already in the catalogue at {seen[english]}")
            continue
        seen[english] = where
        if not french.strip():
            problems.append(f"{where}: {english!r} has an empty French text")
        if placeholders(english) != placeholders(french):
            problems.append(f"{where}: {english!r} and {french!r} do not have the same placeholders")
        if english not in used:
            problems.append(f"{where}: {english!r} is used nowhere in engine/ (remove the entry)")
    for english, places in sorted(used.items()):
        if english not in seen:
            problems.append(f"{places[0]}: {english!r} has no French text in engine/base/messages/")
    for problem in problems:
        print(problem)
    print(f"messages: {len(seen)} entries, {len(used)} texts used, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
