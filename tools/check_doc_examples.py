#!/usr/bin/env python3
"""Checks that the examples of the documentation still say what the vigie binary does.

    python3 tools/check_doc_examples.py build/engine/vigie docs [--update]

DOCS/language.md, DOCS/cli.md and every DOCS/guide-*.md are read; everything runs in a temporary
directory this script creates (paths in the outputs are relative to it, so the outputs do not depend
on where the repository is). Every command runs with VIGIE_FIXED_TIME=2026-01-01T00:00:00Z and
VIGIE_USER=controleur, so the dates and the user that imports and reports record are always the same.
Every command runs in English (LANG=en_US.UTF-8), except in a French doc: one whose first line is
`<!-- vigie-lang: fr -->` (the French guides, guide-controleur.md and the others) runs with
LANG=fr_FR.UTF-8, so that its outputs are the French ones a French user sees.

docs/language.md
    Every ```vigie block must be preceded by an annotation `<!-- check: MODE [OPTION...] -->`:

      catalog-file        this block is catalog.vigie; it must check without any diagnostic, and the
                          later blocks (and the commands of cli.md) can import it
      standalone          the block alone must check without any diagnostic
      catalog             the block, after `import "catalog.vigie"`, must check without diagnostic
      contract            the block, inside `contract exemple { period 2019..2023
                          parties group GHT_NORD_ARDENNES ... }` after the import, likewise
      error:FILE          the block is saved as FILE (catalog.vigie beside it, not imported) and
      output:FILE         `vigie check FILE` must print exactly the next ```text block (standard
                          error, then standard output)
      file:NAME           the block is saved as NAME beside catalog.vigie, not checked on its own;
                          the next `<!-- check: run -->` block runs commands on it
      none                not checked (say why in the text)

    Options: `pair=KEY` - the blocks with the same key (an English one and its French translation)
    must print the same `vigie dump --stage model`. `warn=yes` - warnings are allowed.

    A ```text block annotated `<!-- check: run -->` holds commands (see below) run in the directory
    of the `file:` blocks before it.

docs/cli.md and docs/guide-*.md
    Each file runs in its own directory, which starts with copies of the repository's rulesets/,
    data/ and contracts/ (and, for cli.md, catalog.vigie, the catalog-file block of language.md, and
    latin1.vigie, bin.vigie and vide/, made by this script: see FIXTURES). The blocks are then taken
    in the order of the file, so that a guide can write a file, run commands on it, change it and
    run them again:

      <!-- file: PATH -->     the next ``` block (any number of backticks, any language) is saved
                              as PATH, verbatim, replacing what was there
      <!-- append: PATH -->   the next block is added at the end of PATH
      <!-- edit: PATH -->     the next block is a change of PATH in diff form: lines starting with
                              `-` are replaced by the lines starting with `+`; lines starting with a
                              space are context. The `-` and context lines must occur once in PATH

    Every ``` block (no language) whose first line starts with `$ ` holds commands:

      $ vigie ARGS        a command; the lines after it, up to the next `$ ` line, are its output
                          (standard error then standard output; for `dump`, standard output first,
                          which is the order a terminal shows) and end with `[exit N]`
      $ cd DIR            later commands of the block run in DIR (relative); each block starts in
                          the file's directory
      $ cat FILE          the lines after it are FILE's text (a UTF-8 BOM and CR line ends are
                          not shown); no `[exit N]` line
      $ rm FILE           deletes FILE (relative); no output
      ...                 a line of output that stands for any number of lines (kept by --update)

--update rewrites the shown outputs that differ (blocks with `...` are not rewritten: fix them by
hand). Exit status: 0 when everything matches, 1 otherwise (each difference is printed), 2 for a
usage error.
"""
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

# Files of cli.md's examples that a ``` block cannot show.
FIXTURES = {
    "latin1.vigie": b"indicator x { unit ratio }\n// caf\xe9\n",  # saved in Windows-1252
    "bin.vigie": b"abc\x00def",  # NUL bytes
    "vide/notes.txt": b"no .vigie file in this directory\n",
}

ENVIRONMENT = {"VIGIE_FIXED_TIME": "2026-01-01T00:00:00Z", "VIGIE_USER": "controleur",
               "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}

# The first line of a doc whose examples run in French.
FRENCH_MARKER = "<!-- vigie-lang: fr -->"

CONTRACT_HEAD = "contract exemple { period 2019..2023 parties group GHT_NORD_ARDENNES\n"


class Block:
    def __init__(self, lang, start, end, lines, annotation):
        self.lang = lang            # the word after ```
        self.start = start          # index of the line after the opening fence
        self.end = end              # index of the closing fence
        self.text = "".join(line + "\n" for line in lines)
        self.annotation = annotation  # the text of the <!-- ... --> line just before, or None
        self.line = start           # 1-based line number of the opening fence


def read_blocks(lines):
    blocks = []
    i = 0
    while i < len(lines):
        m = re.match(r"^(```+)([\w.-]*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        fence = m.group(1)
        j = i + 1
        while j < len(lines) and not re.match("^" + fence + r"`*\s*$", lines[j]):
            j += 1
        k = i - 1
        while k >= 0 and lines[k].strip() == "":
            k -= 1
        a = re.match(r"^<!--\s*(.*?)\s*-->\s*$", lines[k]) if k >= 0 else None
        blocks.append(Block(m.group(2), i + 1, j, lines[i + 1:j], a.group(1) if a else None))
        i = j + 1
    return blocks


class Checker:
    def __init__(self, vigie, update):
        self.vigie = vigie
        self.update = update
        self.passed = 0
        self.failed = 0
        self.updated = 0
        self.lang = "en_US.UTF-8"  # LANG of the commands; set per file by check_sequence

    def fail(self, where, message):
        self.failed += 1
        print(f"FAIL {where}: {message}\n")

    def run(self, args, cwd):
        p = subprocess.run([self.vigie] + args, cwd=cwd, capture_output=True, env={**os.environ, **ENVIRONMENT, "LANG": self.lang})
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        return p.returncode, out, err

    # ---- commands: "$ vigie ..." blocks -------------------------------------------------------

    def run_commands(self, block_text, cwd, where):
        """Runs the commands of a block; returns the new text of the block (for --update) and
        whether every command matched."""
        parts = []  # (command line, expected output lines)
        for line in block_text.rstrip("\n").split("\n"):
            if line.startswith("$ "):
                parts.append((line, []))
            elif parts:
                parts[-1][1].append(line)
            else:
                self.fail(where, f"output before the first command: {line!r}")
                return None
        new_lines = []
        ok_all = True
        rewrite = True

        def settle(command, expected, actual, verb):
            """Compares a command's shown output with the real one; with --update, rewrites it."""
            nonlocal ok_all, rewrite
            exp = list(expected)
            while exp and exp[-1] == "":
                exp.pop()
            new_lines.append(command)
            if matches(exp, actual):
                self.passed += 1
                new_lines.extend(expected)
                return
            ok_all = False
            if self.update and "..." not in exp:
                self.updated += 1
                new_lines.extend(actual)
                new_lines.append("")
                return
            rewrite = False
            self.fail(where, f"`{command[2:]}` {verb} something else\n" + diff(exp, actual))
            new_lines.extend(expected)

        for command, expected in parts:
            words = shlex.split(command[2:])
            if words[0] == "cd":
                if len(words) != 2 or os.path.isabs(words[1]):
                    self.fail(where, f"only `$ cd RELATIVE_DIR` is supported: {command}")
                    return None
                cwd = os.path.normpath(os.path.join(cwd, words[1]))
                new_lines.append(command)
                new_lines.extend(expected)
                continue
            if words[0] == "rm":
                if len(words) != 2 or os.path.isabs(words[1]) or not os.path.isfile(os.path.join(cwd, words[1])):
                    self.fail(where, f"`$ rm FILE` takes one existing relative file: {command}")
                    return None
                os.remove(os.path.join(cwd, words[1]))
                new_lines.append(command)
                new_lines.extend(expected)
                continue
            if words[0] == "cat":
                if len(words) != 2 or os.path.isabs(words[1]):
                    self.fail(where, f"`$ cat FILE` takes one relative file: {command}")
                    return None
                try:
                    text = open(os.path.join(cwd, words[1]), "rb").read().decode("utf-8", "replace")
                except OSError as e:
                    self.fail(where, f"`{command[2:]}`: {e}")
                    return None
                text = text.lstrip("\ufeff").replace("\r\n", "\n")
                actual = text.rstrip("\n").split("\n") if text.strip() else []
                settle(command, expected, actual, "shows")
                continue
            if words[0] != "vigie":
                self.fail(where, f"not a vigie command: {command}")
                return None
            rc, out, err = self.run(words[1:], cwd)
            body = (out + err) if (len(words) > 1 and words[1] == "dump") else (err + out)
            actual = body.rstrip("\n").split("\n") if body.strip() else []
            actual.append(f"[exit {rc}]")
            settle(command, expected, actual, "prints")
        while new_lines and new_lines[-1] == "":
            new_lines.pop()
        if ok_all or not rewrite:
            return None
        return "".join(line + "\n" for line in new_lines)


def matches(expected, actual):
    """Line-by-line equality, where an expected line '...' stands for any number of lines."""
    memo = {}

    def go(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(expected):
            r = j == len(actual)
        elif expected[i] == "...":
            r = any(go(i + 1, k) for k in range(j, len(actual) + 1))
        else:
            r = j < len(actual) and expected[i].rstrip() == actual[j].rstrip() and go(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    return go(0, 0)


def diff(expected, actual):
    return "".join(difflib.unified_diff([l + "\n" for l in expected], [l + "\n" for l in actual],
                                        "shown in the doc", "printed by vigie", lineterm="\n"))


def check_language(checker, path, work):
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks = read_blocks(lines)
    name = os.path.basename(path)
    replacements = []  # (start, end, new text)
    pairs = {}
    catalog = None
    scratch = None  # directory of the current file: blocks
    counter = 0
    for n, b in enumerate(blocks):
        where = f"{name}:{b.line}"
        if b.end >= len(lines):
            checker.fail(where, "a ``` block that is never closed (the rest of the file would be skipped)")
            continue
        ann = b.annotation or ""
        if b.lang == "text" and ann == "check: run":
            if scratch is None:
                checker.fail(where, "a run block without file: blocks before it")
                continue
            new = checker.run_commands(b.text, scratch, where)
            if new is not None:
                replacements.append((b.start, b.end, new))
            scratch = None
            continue
        if b.lang != "vigie":
            continue
        if not ann.startswith("check:"):
            checker.fail(where, "a ```vigie block without a <!-- check: MODE --> annotation")
            continue
        words = ann[len("check:"):].split()
        mode = words[0] if words else ""
        options = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        if mode == "none":
            continue
        counter += 1
        if mode.startswith("file:"):
            if scratch is None:
                scratch = os.path.join(work, f"files{counter}")
                os.makedirs(scratch)
                if catalog is not None:
                    open(os.path.join(scratch, "catalog.vigie"), "w", encoding="utf-8").write(catalog)
            target = os.path.join(scratch, mode.split(":", 1)[1])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            open(target, "w", encoding="utf-8").write(b.text)
            continue
        d = os.path.join(work, f"block{counter}")
        os.makedirs(d)
        if catalog is not None:
            open(os.path.join(d, "catalog.vigie"), "w", encoding="utf-8").write(catalog)
        text = b.text
        file_name = "snippet.vigie"
        if mode == "catalog-file":
            catalog = text
            file_name = "catalog.vigie"
        elif mode == "catalog":
            text = 'import "catalog.vigie"\n' + text
        elif mode == "contract":
            text = 'import "catalog.vigie"\n' + CONTRACT_HEAD + text + "}\n"
        elif mode.startswith("error:") or mode.startswith("output:"):
            file_name = mode.split(":", 1)[1]
        elif mode != "standalone":
            checker.fail(where, f"unknown mode {mode!r}")
            continue
        open(os.path.join(d, file_name), "w", encoding="utf-8").write(text)
        rc, out, err = checker.run(["check", file_name], d)
        if mode.startswith("error:") or mode.startswith("output:"):
            nxt = blocks[n + 1] if n + 1 < len(blocks) else None
            if nxt is None or nxt.lang != "text":
                checker.fail(where, "an error: block must be followed by a ```text block with the output")
                continue
            actual = err + out
            if nxt.text.rstrip("\n") == actual.rstrip("\n"):
                checker.passed += 1
            elif checker.update:
                checker.updated += 1
                replacements.append((nxt.start, nxt.end, actual.rstrip("\n") + "\n"))
            else:
                checker.fail(where, f"`vigie check {file_name}` (exit {rc}) prints something else\n"
                             + diff(nxt.text.rstrip("\n").split("\n"), actual.rstrip("\n").split("\n")))
            continue
        if rc != 0 or (err and options.get("warn") != "yes"):
            checker.fail(where, f"should check without diagnostics, got exit {rc}:\n{err}{out}")
            continue
        if "pair" in options:
            _, dump, _ = checker.run(["dump", "--stage", "model", file_name], d)
            key = options["pair"]
            if key in pairs:
                first_line, first_dump = pairs[key]
                if first_dump != dump:
                    checker.fail(where, f"model differs from its pair at line {first_line}\n"
                                 + diff(first_dump.split("\n"), dump.split("\n")))
                    continue
            else:
                pairs[key] = (b.line, dump)
        checker.passed += 1
    members = {}
    for b in blocks:
        for word in (b.annotation or "").split():
            if word.startswith("pair="):
                members.setdefault(word[5:], []).append(b.line)
    for key, at in members.items():
        if len(at) < 2:
            checker.fail(f"{name}:{at[0]}", f"pair={key} has one block only")
    apply(path, lines, replacements)
    return catalog


def apply_edit(path, block_text):
    """Applies a diff-form block to the file PATH; returns an error message or None."""
    old, new = [], []
    for line in block_text.rstrip("\n").split("\n"):
        tag, rest = line[:1], line[1:]
        if tag == "-":
            old.append(rest)
        elif tag == "+":
            new.append(rest)
        elif tag == " " or line == "":
            old.append(rest)
            new.append(rest)
        else:
            return f"a line of an edit block must start with '-', '+' or a space: {line!r}"
    if not os.path.isfile(path):
        return "the file to edit does not exist (yet)"
    text = open(path, encoding="utf-8").read()
    before = "".join(l + "\n" for l in old)
    count = text.count(before)
    if count != 1:
        return f"the lines to change occur {count} times in the file, not once"
    open(path, "w", encoding="utf-8").write(text.replace(before, "".join(l + "\n" for l in new)))
    return None


def check_sequence(checker, path, work, repo, catalog=None, fixtures=False):
    """cli.md and the guides: the blocks of the file, in order, in one directory."""
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks = read_blocks(lines)
    name = os.path.basename(path)
    checker.lang = "fr_FR.UTF-8" if lines and lines[0].strip() == FRENCH_MARKER else "en_US.UTF-8"
    here = os.path.join(work, os.path.splitext(name)[0])
    os.makedirs(here)
    for folder in ("rulesets", "data", "contracts"):
        if os.path.isdir(os.path.join(repo, folder)):
            shutil.copytree(os.path.join(repo, folder), os.path.join(here, folder))
    if catalog is not None:
        open(os.path.join(here, "catalog.vigie"), "w", encoding="utf-8").write(catalog)
    if fixtures:
        for rel, data in FIXTURES.items():
            os.makedirs(os.path.dirname(os.path.join(here, rel)), exist_ok=True)
            open(os.path.join(here, rel), "wb").write(data)
    replacements = []
    for b in blocks:
        where = f"{name}:{b.line}"
        if b.end >= len(lines):
            checker.fail(where, "a ``` block that is never closed (the rest of the file would be skipped)")
            continue
        m = re.match(r"^(file|append|edit):\s*(\S+)$", b.annotation or "")
        if m:
            if os.path.isabs(m.group(2)):
                checker.fail(where, f"{m.group(1)}: takes a relative path")
                continue
            target = os.path.join(here, m.group(2))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if m.group(1) == "file":
                open(target, "w", encoding="utf-8").write(b.text)
            elif m.group(1) == "append":
                open(target, "a", encoding="utf-8").write(b.text)
            else:
                problem = apply_edit(target, b.text)
                if problem:
                    checker.fail(where, f"edit of {m.group(2)}: {problem}")
            continue
        if b.lang == "" and b.text.startswith("$ "):
            new = checker.run_commands(b.text, here, where)
            if new is not None:
                replacements.append((b.start, b.end, new))
    apply(path, lines, replacements)


def apply(path, lines, replacements):
    if not replacements:
        return
    for start, end, text in sorted(replacements, reverse=True):
        lines[start:end] = text.rstrip("\n").split("\n")
    open(path, "w", encoding="utf-8").write("\n".join(lines))
    print(f"updated {len(replacements)} block(s) of {path}")


def main(argv):
    args = [a for a in argv[1:] if a != "--update"]
    if len(args) != 2:
        print("usage: check_doc_examples.py VIGIE DOCS_DIR [--update]", file=sys.stderr)
        return 2
    vigie = os.path.abspath(args[0])
    docs = args[1]
    if not os.access(vigie, os.X_OK):
        print(f"check_doc_examples.py: {args[0]} is not an executable", file=sys.stderr)
        return 2
    checker = Checker(vigie, "--update" in argv)
    repo = os.path.dirname(os.path.abspath(docs))
    with tempfile.TemporaryDirectory(prefix="vigie-doc-examples-") as work:
        catalog = check_language(checker, os.path.join(docs, "language.md"), work)
        check_sequence(checker, os.path.join(docs, "cli.md"), work, repo, catalog, fixtures=True)
        for guide in sorted(os.listdir(docs)):
            if guide.startswith("guide-") and guide.endswith(".md"):
                check_sequence(checker, os.path.join(docs, guide), work, repo)
        checker.lang = "en_US.UTF-8"
    summary = f"docs examples: {checker.passed} passed, {checker.failed} failed"
    if checker.updated:
        summary += f" ({checker.updated} shown outputs rewritten: review them with git diff)"
    print(summary)
    return 1 if checker.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
