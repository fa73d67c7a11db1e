#!/usr/bin/env python3
"""The worked example (../shared/examples/kazachstan-2022-01.txt, kept
outside the project): fakty must report exactly these facts."""
import json
import os
import subprocess
import sys

src = os.environ.get("FAKTY_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
# the shared folder next to the checkout, or where FAKTY_SHARED says, or the
# team machine's /work/shared (a clean clone elsewhere still finds it)
cands = [os.environ.get("FAKTY_SHARED", ""), os.path.join(src, "..", "shared"), "/work/shared"]
paths = [os.path.join(c, "examples", "kazachstan-2022-01.txt") for c in cands if c]
path = next((p for p in paths if os.path.exists(p)), None)
if not path:
    print("skip: the worked example is absent (%s)" % ", ".join(paths))
    sys.exit(77)
fakty = os.environ.get("FAKTY_BIN") or sys.argv[1]
r = subprocess.run([fakty, "--date", "2022-01-10", path], capture_output=True)
if r.returncode != 0:
    sys.stderr.write(r.stderr.decode(errors="replace"))
    sys.exit(1)
doc = json.loads(r.stdout)
facts = doc["facts"]
if not doc.get("quantities"):
    print("skip: the number stage found no quantities (not built in?)")
    sys.exit(77)

# type, value, min, max, qualifier, who category, extra checks
EXPECT = [
    ("deployed", 2600, 2600, None, "more_than", "soldiers",
     {"where": "Kazachstan", "source_text": "Według rosyjskich mediów"}),
    ("detained", 5000, 5000, None, "more_than", "people", {"when": "P7D"}),
    ("killed", None, 20, 90, "vague", None, {"source_text": "Lokalne media informują"}),
    ("detained", 5135, 5135, 5135, "exact", "people", {"source_name": "Jerłan Turgumbajew"}),
    ("charged", 134, 134, 134, "exact", "people", {"source_text": "Kazachstańskie media podały"}),
    ("arrested", 516, 516, 516, "exact", "people", {}),
    ("killed", 16, 16, 16, "exact", "police",
     {"source_text": "Według szefa MSW", "source_name": "Jerłan Turgumbajew", "who_text": "funkcjonariuszy"}),
    ("injured", 1300, 1300, None, "more_than", "police", {}),
]

errs = []
left = list(facts)
for typ, val, lo, hi, q, cat, extra in EXPECT:
    m = [f for f in left if f["type"] == typ and f["count"]["value"] == val and f["count"]["min"] == lo
         and f["count"]["max"] == hi and f["count"]["qualifier"] == q]
    if not m:
        errs.append("missing %s %s (%s..%s %s)" % (typ, val, lo, hi, q))
        continue
    f = m[0]
    left.remove(f)
    got_cat = (f.get("who") or {}).get("category")
    if cat is not None and got_cat != cat:
        errs.append("%s %s: who.category %r, expected %r" % (typ, val, got_cat, cat))
    src = f.get("source") or {}
    for k, want in extra.items():
        got = {"where": (f.get("where") or {}).get("name"), "source_text": src.get("text"),
               "source_name": src.get("name"), "when": (f.get("when") or {}).get("value"),
               "who_text": (f.get("who") or {}).get("text")}[k]
        if k == "when" and not doc.get("dates"):
            continue  # the date stage is not there: nothing to check yet
        if got != want:
            errs.append("%s %s: %s is %r, expected %r" % (typ, val, k, got, want))
    if not f.get("evidence", {}).get("text"):
        errs.append("%s %s: no evidence" % (typ, val))
for f in left:
    errs.append("unexpected fact %s %s (%s)" % (f["type"], f["count"], f["rule"]))
for e in errs:
    print(e)
print("kazachstan: %d facts, %d problems" % (len(facts), len(errs)))
sys.exit(1 if errs else 0)
