#!/usr/bin/env python3
"""Golden-file tests: the FULL JSON output of fakty on team-written texts
must equal the reviewed expectation files.

  golden.py check NAME     compare one case (a meson test each)
  golden.py update         rewrite every NAME.json (review with `git diff`!)

MANIFEST.tsv lists NAME<TAB>DOCUMENT-DATE; NAME.txt is the input (relative
to this directory), NAME.json the expected output (next to this script,
named after the input's basename)."""
import difflib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("FAKTY_BIN", os.path.join(HERE, "..", "..", "build", "fakty"))


def cases():
    for line in open(os.path.join(HERE, "MANIFEST.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            name, date = line.rstrip("\n").split("\t")
            yield name, date


def run(name, date):
    src = os.path.normpath(os.path.join(HERE, name + ".txt"))
    p = subprocess.run([BIN, "--date", date, src], capture_output=True, cwd=HERE)
    if p.returncode != 0:
        sys.exit(f"fakty exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    doc = json.loads(p.stdout)
    doc["doc"]["path"] = os.path.basename(src)  # independent of where the tree lives
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def expected_path(name):
    return os.path.join(HERE, os.path.basename(name) + ".json")


def main():
    if sys.argv[1] == "update":
        for name, date in cases():
            open(expected_path(name), "w", encoding="utf-8").write(run(name, date))
            print("wrote", expected_path(name))
        return 0
    name = sys.argv[2]
    date = dict(cases())[name]
    got = run(name, date)
    try:
        want = open(expected_path(name), encoding="utf-8").read()
    except FileNotFoundError:
        print(f"no expectation file {expected_path(name)}; run golden.py update and review it")
        return 1
    if got == want:
        return 0
    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                               "expected", "got", n=2))
    return 1


if __name__ == "__main__":
    sys.exit(main())
