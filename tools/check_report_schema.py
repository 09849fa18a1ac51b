#!/usr/bin/env python3
"""Checks that the JSON reports vigie writes validate against docs/report-schema.json: for each golden
case given (a folder with a `commands` file), its imports and evidence are run in a copy, then its
`vigie run` twice: a small report (each verdict indented) and a campaign's (--html-pages: each verdict
on one line). Both must validate, and the campaign's must be the same JSON as the small one's (but
for the files beside it). Prints each problem and exits 1 if any.

  tools/check_report_schema.py VIGIE SCHEMA CASE...
"""
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

import jsonschema


def run(vigie, args, cwd):
    done = subprocess.run([vigie, *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"vigie {' '.join(args)}: exit {done.returncode}\n{done.stderr}")


def reports_of(vigie, case, work):
    shutil.copytree(case, work)
    run_args = None
    for line in open(os.path.join(work, "commands"), encoding="utf-8"):
        if not line.startswith("vigie "):
            continue
        words = shlex.split(line)
        if words[1] == "run":
            run_args = words[1:]
            break
        run(vigie, words[1:], work)
    if run_args is None:
        raise RuntimeError(f"{case}: no vigie run")
    without_report = []
    skip = False
    for word in run_args:
        if skip:
            skip = False
        elif word in ("--report", "--formats"):
            skip = True
        elif word != "--html-pages":
            without_report.append(word)
    run(vigie, [*without_report, "--report", "small"], work)
    run(vigie, [*without_report, "--report", "campaign", "--html-pages"], work)
    texts = {}
    for name in ("small", "campaign"):
        with open(os.path.join(work, name, "report.json"), encoding="utf-8") as f:
            texts[name] = f.read()
    return texts


def main():
    vigie, schema_path, cases = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    problems = 0
    with tempfile.TemporaryDirectory() as temp:
        os.environ.setdefault("VIGIE_FIXED_TIME", "2026-01-01T00:00:00Z")
        for number, case in enumerate(cases):
            texts = reports_of(vigie, case, os.path.join(temp, str(number)))
            documents = {name: json.loads(text) for name, text in texts.items()}
            for name, document in documents.items():
                for error in validator.iter_errors(document):
                    problems += 1
                    print(f"{case} ({name}): {'/'.join(map(str, error.absolute_path))}: {error.message}")
            # A verdict row (schema 3) starts a line with its entity's id: '["080000037",'.
            verdict_lines = [line for line in texts["campaign"].splitlines() if line.startswith('["')]
            if not verdict_lines:
                problems += 1
                print(f"{case} (campaign): no verdict on a line of its own")
            small, campaign = documents["small"], documents["campaign"]
            small.pop("files"), campaign.pop("files")
            small.pop("run_id"), campaign.pop("run_id")
            if small != campaign:
                problems += 1
                print(f"{case}: the campaign's report is not the same JSON as the small one's")
    print(f"report schema: {len(cases)} case(s), {problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
