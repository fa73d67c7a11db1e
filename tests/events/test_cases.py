#!/usr/bin/python3
"""The grouping and figure rules of `fakty events`, one case file each
(tests/events/cases/*.case), extendable without code.

A case file:

    # what it shows (comment lines start with #)
    ! --window 2                  options for fakty events (optional)
    @ 2024-09-15 a                a document: date (- for none), id, [lang=xx]
    killed 3 | place=Kłodzko@geonames:3096053 | who=people | src=Według policji
    =                             the expected summary lines follow (evtest.py)
    killed @ Kłodzko [...] who=- 2024-09-15..2024-09-15 reports=1 docs=1
      figure 3 as_of 2024-09-15 change=first disputed=no stale=0
      day 2024-09-15 3 first

A fact line is the type and the count (7, >7, >=7, <7, <=7, ~7, 3-9 vague,
3..9 range), then " | "-separated fields: place=NAME@REF (or NAME alone:
no ref), who=CATEGORY[:text], src=TEXT (source.text), name=NAME/SUBTYPE
(source.name, and an entity NAME of that subtype), same_as=N, part_of=N,
implied=1. Each document becomes one fakty/1 line; the case's documents
are read in the order written.

Usage: test_cases.py [CASE...]   (default: every case) — exit 0 or 1.
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evtest  # noqa: E402

QUAL = [(">=", "at_least"), ("<=", "at_most"), (">", "more_than"), ("<", "less_than"), ("~", "about")]


def parse_count(s):
    for pre, q in QUAL:
        if s.startswith(pre):
            v = float(s[len(pre):])
            mn = v if q in ("at_least", "more_than") else None
            mx = v if q in ("at_most", "less_than") else None
            return {"value": v, "min": mn, "max": mx, "qualifier": q, "text": s}
    if ".." in s:
        a, b = s.split("..")
        return {"value": None, "min": float(a), "max": float(b), "qualifier": "range", "text": s}
    if "-" in s[1:]:
        a, b = s.split("-")
        return {"value": None, "min": float(a), "max": float(b), "qualifier": "vague", "text": s}
    v = float(s)
    return {"value": v, "min": v, "max": v, "qualifier": "exact", "text": s}


def parse_fact(line, doc):
    parts = [p.strip() for p in line.split(" | ")]
    typ, cnt = parts[0].split()
    f = {"type": typ, "count": parse_count(cnt), "who": None, "where": None, "when": None,
         "source": None, "evidence": {"sentence": len(doc["facts"]), "start": 0, "end": 1, "text": line},
         "rule": "case." + typ}
    for p in parts[1:]:
        k, v = p.split("=", 1)
        if k == "place":
            name, _, ref = v.partition("@")
            f["where"] = {"name": name, "ref": ref or None, "text": name, "from": "sentence"}
        elif k == "who":
            cat, _, text = v.partition(":")
            f["who"] = {"text": text or cat, "category": cat}
        elif k == "src":
            f["source"] = dict(f["source"] or {"name": None}, text=v)
        elif k == "name":
            name, _, sub = v.partition("/")
            f["source"] = dict(f["source"] or {"text": None}, name=name)
            doc["entities"].append({"type": "ORG", "subtype": sub or None, "name": name, "ref": None,
                                    "text": name, "start": 0, "end": 1, "sentence": 0})
        elif k in ("same_as", "part_of"):
            f[k] = int(v)
        elif k == "implied":
            f["count"]["implied"] = True
        else:
            raise ValueError("unknown field " + k)
    doc["facts"].append(f)


def parse_case(path):
    opts, docs, want, in_want = [], [], [], False
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if in_want:
            if line.strip():
                want.append(line)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("!"):
            opts += line[1:].split()
        elif line.startswith("@"):
            w = line[1:].split()
            date = None if w[0] == "-" else w[0]
            doc = {"schema": "fakty/1",
                   "doc": {"id": w[1] if len(w) > 1 else "d%d" % len(docs), "path": None, "lang": "pl",
                           "date": date},
                   "entities": [], "quantities": [], "dates": [], "facts": [], "warnings": []}
            for x in w[2:]:
                if x.startswith("lang="):
                    doc["doc"]["lang"] = x[5:]
            docs.append(doc)
        elif line.strip() == "=":
            in_want = True
        else:
            parse_fact(line, docs[-1])
    return opts, docs, want


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    cases = sys.argv[1:] or sorted(glob.glob(os.path.join(here, "cases", "*.case")))
    bad = 0
    for c in cases:
        opts, docs, want = parse_case(c)
        lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
        evs, err = evtest.events(lines, opts)
        got = [x for e in evs for x in evtest.summary(e)]
        name = os.path.basename(c)
        if got != want:
            bad += 1
            print("FAIL %s\n%s\n%s" % (name, evtest.diff(want, got), err))
        else:
            print("ok   %s (%d events)" % (name, len(evs)))
    print("%d of %d cases pass" % (len(cases) - bad, len(cases)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
