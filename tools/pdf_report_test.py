#!/usr/bin/env python3
"""ctest pdf/report: `vigie run --formats pdf` prints a golden case's HTML report to report.pdf
through Debian's Chromium, and the PDF is checked: it starts with %PDF, has several pages, is
listed with its SHA-256 in report.json; with pdftotext (poppler-utils) also the page numbers and a
full SHA-256 printed in the evidence appendix. Without Chromium: exit 77 (ctest SKIP), after
checking that vigie refuses --formats pdf with a usage error that says how to install it.

usage: pdf_report_test.py VIGIE CASE_DIR WORK_DIR
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys


def main():
    vigie, case, work = (os.path.abspath(a) for a in sys.argv[1:4])
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(case, work)
    env = dict(os.environ, LANG="en_US.UTF-8", LC_ALL="", LANGUAGE="")
    commands = [line for line in open(os.path.join(work, "commands"), encoding="utf-8")
                if line.strip() and not line.startswith("#")]
    for line in commands[:-1]:
        subprocess.run([vigie] + line.split()[1:], cwd=work, env=env, check=True, stdout=subprocess.DEVNULL)
    run = [vigie, "run", "--as-of", "2021-06-30", "--report", "out", "--formats", "json,pdf", "contrat.vigie"]

    no_chromium = subprocess.run(run, cwd=work, env=dict(env, PATH="/nonexistent"), capture_output=True, text=True)
    assert no_chromium.returncode == 2, no_chromium
    assert "apt install chromium" in no_chromium.stderr, no_chromium.stderr
    assert not os.path.exists(os.path.join(work, "out", "report.pdf"))

    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        print("chromium is not installed (apt install chromium): skipped")
        return 77
    subprocess.run(run, cwd=work, env=env, check=True, stdout=subprocess.DEVNULL)
    pdf_path = os.path.join(work, "out", "report.pdf")
    data = open(pdf_path, "rb").read()
    assert data.startswith(b"%PDF-"), data[:16]
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    assert pages >= 3, pages  # the summary page, the items, the evidence appendix
    report = json.load(open(os.path.join(work, "out", "report.json"), encoding="utf-8"))
    files = {f["name"]: f["sha256"] for f in report["files"]}
    assert files.get("report.pdf") == hashlib.sha256(data).hexdigest(), files
    assert "report.html" in files, files
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", pdf_path, "-"], capture_output=True, text=True, check=True).stdout
        assert "Where the contract stands in" in text
        assert re.search(r"\b%d\s*/\s*%d\b" % (pages, pages), text), "no page number"
        # An input names its source by id, each import once in report["sources"]; verdicts and
        # inputs are rows under report["verdict_columns"] and report["input_columns"] (schema 3).
        sha_of = {source["id"]: source["sha256"] for source in report["sources"]}
        inputs, source = report["verdict_columns"].index("inputs"), report["input_columns"].index("source")
        sha = next(sha_of[i[source]] for item in report["contracts"][0]["items"] for v in item["verdicts"]
                   for i in v[inputs] if i[source] is not None)
        assert sha in re.sub(r"\s+", "", text), "the full SHA-256 is not printed"
        print("pdftotext: summary, page numbers and full SHA-256 found")
    print("report.pdf: %d bytes, %d pages" % (len(data), pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
