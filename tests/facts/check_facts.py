#!/usr/bin/env python3
"""Golden-style checker for the fact rules.

Each tests/facts/cases/*.txt file holds short documents written for this
project, each followed by the exact list of facts fakty must report:

    # comment
    @date 2024-05-15                 (document date for what follows)
    > Policja zatrzymała 12 osób.    (one document: one line of text)
    = detained 12 exact who=people
    > Mogło zginąć 10 osób.
    = none

Expectation fields after `=`: TYPE COUNT QUALIFIER [key=value ...]
  COUNT: a number (value) or MIN..MAX (value null) or MIN.. / ..MAX
  keys: who=CATEGORY (or who=- for no who), where=Name, where_from=document|sentence,
        source=yes|no, source_name=Name (underscores stand for spaces),
        source_text=Text, when=VALUE
`= none` means: no facts at all. All facts of a document must be listed.
Runs fakty once over all documents (--input jsonl). Exit 1 on any mismatch.

    check_facts.py [--rules DIR] [--max-failed N] FAKTY [CASEFILE...]

--max-failed N: pass while at most N documents fail (a floor for case sets
written blind, tests/facts/press, that the rules do not yet meet in full).
"""
import glob
import json
import os
import subprocess
import sys


def parse_count(s):
    if ".." in s:
        lo, hi = s.split("..", 1)
        return {"value": None, "min": float(lo) if lo else None, "max": float(hi) if hi else None}
    return {"value": float(s)}


def parse_file(path):
    docs = []
    date = "2024-05-15"
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            where = "%s:%d" % (os.path.basename(path), n)
            if line.startswith("@date "):
                date = line[6:].strip()
            elif line.startswith("> "):
                docs.append({"text": line[2:], "date": date, "loc": where, "expect": [], "none": False})
            elif line.startswith("= "):
                if not docs:
                    sys.exit("%s: expectation before any document" % where)
                parts = line[2:].split()
                if parts == ["none"]:
                    docs[-1]["none"] = True
                    continue
                if len(parts) < 3:
                    sys.exit("%s: expected `= TYPE COUNT QUALIFIER [key=value...]`" % where)
                e = {"type": parts[0], "qualifier": parts[2]}
                e.update(parse_count(parts[1]))
                for kv in parts[3:]:
                    if "=" not in kv:
                        sys.exit("%s: bad field %r" % (where, kv))
                    k, v = kv.split("=", 1)
                    e[k] = v.replace("_", " ")
                docs[-1]["expect"].append(e)
            else:
                sys.exit("%s: cannot parse line %r" % (where, line))
    return docs


def count_ok(e, c):
    if "value" in e and e["value"] is not None:
        if c.get("value") is None or abs(c["value"] - e["value"]) > 1e-9:
            return False
    elif "value" in e and c.get("value") is not None:
        return False
    for k in ("min", "max"):
        if k in e and e[k] is not None and (c.get(k) is None or abs(c[k] - e[k]) > 1e-9):
            return False
    return c.get("qualifier") == e["qualifier"]


def problems(e, f):
    p = []
    who = (f.get("who") or {}).get("category")
    if "who" in e and (e["who"] != "-" or who is not None) and who != e["who"]:
        p.append("who.category %r, expected %r" % (who, e["who"]))
    where = (f.get("where") or {})
    if e.get("where") == "none":  # where=none: no place may be given
        if f.get("where") is not None:
            p.append("where %r, expected none" % (where.get("name"),))
    elif "where" in e and where.get("name") != e["where"]:
        p.append("where %r, expected %r" % (where.get("name"), e["where"]))
    if "where_from" in e and where.get("from") != e["where_from"]:
        p.append("where.from %r, expected %r" % (where.get("from"), e["where_from"]))
    src = f.get("source") or {}
    if "source" in e:
        if (e["source"] == "yes") != bool(src):
            p.append("source %r, expected %s" % (src or None, e["source"]))
    if "source_name" in e and src.get("name") != e["source_name"]:
        p.append("source.name %r, expected %r" % (src.get("name"), e["source_name"]))
    if "source_text" in e and src.get("text") != e["source_text"]:
        p.append("source.text %r, expected %r" % (src.get("text"), e["source_text"]))
    if "when" in e and (f.get("when") or {}).get("value") != (None if e["when"] == "None" else e["when"]):
        p.append("when %r, expected %r" % ((f.get("when") or {}).get("value"), e["when"]))
    return p


def fmt(f):
    c = f["count"]
    return "%s %s (min %s max %s %s) who=%s text=%r" % (
        f["type"], c.get("value"), c.get("min"), c.get("max"), c.get("qualifier"),
        (f.get("who") or {}).get("category"), c.get("text"))


def main():
    args = sys.argv[1:]
    extra = []
    max_failed = 0
    while len(args) >= 2 and args[0] in ("--rules", "--max-failed"):
        if args[0] == "--rules":
            extra = ["--rules", args[1]]
        else:
            max_failed = int(args[1])
        args = args[2:]
    fakty = os.environ.get("FAKTY_BIN") or (args[0] if args else None)
    here = os.path.dirname(os.path.abspath(__file__))
    files = sorted(glob.glob(os.path.join(here, "cases", "*.txt")))
    if len(args) > 1:
        files = args[1:]
    if not fakty:
        sys.exit("usage: check_facts.py FAKTY [CASEFILE...] (or FAKTY_BIN)")
    docs = [d for f in files for d in parse_file(f)]
    inp = "".join(json.dumps({"id": str(i), "text": d["text"], "date": d["date"]}, ensure_ascii=False) + "\n"
                  for i, d in enumerate(docs))
    r = subprocess.run([fakty, "--input", "jsonl"] + extra, input=inp.encode(), capture_output=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode(errors="replace"))
        sys.exit("fakty exited with %d" % r.returncode)
    outs = [json.loads(l) for l in r.stdout.decode().splitlines() if l.strip()]
    if len(outs) != len(docs):
        sys.exit("expected %d output lines, got %d" % (len(docs), len(outs)))
    if not any(o.get("quantities") for o in outs):
        print("skip: the number stage found no quantities at all (not built in?)")
        sys.exit(77)
    nbad = 0
    nexp = 0
    for d, o in zip(docs, outs):
        facts = list(o.get("facts", []))
        errs = []
        for e in d["expect"]:
            nexp += 1
            cands = [f for f in facts if f["type"] == e["type"] and count_ok(e, f["count"])]
            if not cands:
                errs.append("missing %s %s %s" % (e["type"], e.get("value", "%s..%s" % (e.get("min"), e.get("max"))),
                                                   e["qualifier"]))
                continue
            best = min(cands, key=lambda f: len(problems(e, f)))
            for p in problems(e, best):
                errs.append("%s %s: %s" % (e["type"], best["count"].get("text"), p))
            facts.remove(best)
        for f in facts:
            errs.append("unexpected fact: " + fmt(f))
        if not d["expect"] and not d["none"]:
            errs.append("no expectation given (write `= none`)")
        if errs:
            nbad += 1
            print("FAIL %s: %s" % (d["loc"], d["text"]))
            for e in errs:
                print("    " + e)
    print("%d documents, %d expected facts, %d failed" % (len(docs), nexp, nbad))
    if max_failed and nbad <= max_failed:
        print("at or below the floor of %d failed documents" % max_failed)
    sys.exit(1 if nbad > max_failed else 0)


if __name__ == "__main__":
    main()
