#!/usr/bin/env python3
"""Self-test for check.py: it must pass correct output and catch wrong output.

Runs check.py against a fake fakty binary (a small python script that prints
canned JSON) on a tiny article in a temporary directory.  Exit 0 = all good.
"""

import copy
import json
import os
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = os.path.join(HERE, "check.py")

FAKE = r'''#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
if os.environ.get("FAKE_EXIT"):
    sys.stderr.write("fake failure\n")
    sys.exit(int(os.environ["FAKE_EXIT"]))
with open(os.environ["FAKE_JSON"], encoding="utf-8") as fh:
    obj = json.load(fh)
if "--date" in args and not os.environ.get("FAKE_IGNORE_DATE"):
    obj["doc"]["date"] = args[args.index("--date") + 1]
else:
    obj["doc"]["date"] = None
obj["doc"]["path"] = args[-1]
print(json.dumps(obj, ensure_ascii=False))
'''

ARTICLE = ("Według policji w poniedziałek w Gdańsku zginęło 16 osób, a ponad 1300 "
           "zostało rannych. Lokalne media piszą o kilkudziesięciu zaginionych. "
           "Nikt nie został aresztowany.\n")

EXPECT = {
    "date": "2024-03-06",
    "exact_facts": True,
    "facts": [
        {"type": "killed", "value": 16, "min": 16, "max": 16, "qualifier": "exact",
         "who": "people", "where": "Gdańsk", "source": True,
         "evidence_contains": "zginęło 16 osób"},
        {"type": "injured", "value": 1300, "min": 1300, "max": None,
         "qualifier": "more_than", "evidence_contains": "ponad 1300"},
        {"type": "missing", "value": None, "min": 20, "max": 99,
         "qualifier": "vague", "source": True},
    ],
    "optional_facts": [
        {"type": "arrested", "value": 0, "min": 0, "max": 0, "qualifier": "exact"}],
    "forbidden_facts": [{"value": 2024}, {"type": "killed", "who": "police"}],
    "entities": [{"type": "LOC", "name": "Gdańsk", "text": "Gdańsku"}],
    "no_entities": [{"type": "PER", "name": "Nikt"}],
    "dates": [{"text": "w poniedziałek", "value": "2024-03-04"}],
    "quantities": [{"text": "ponad 1300", "value": 1300, "min": 1300,
                    "max": None, "qualifier": "more_than"}],
}

S0 = ARTICLE.index("Według")
S1 = ARTICLE.index("Lokalne")
SENT0 = ARTICLE[S0:S1].strip()
SENT1 = ARTICLE[S1:ARTICLE.index("Nikt")].strip()


def fact(typ, value, lo, hi, q, text, sent, who=None, where=None, source=None):
    return {"type": typ,
            "count": {"value": value, "min": lo, "max": hi, "qualifier": q, "text": text},
            "who": {"text": "osób", "category": who} if who else None,
            "where": {"name": where, "ref": None} if where else None,
            "when": None,
            "source": {"text": source, "name": None} if source else None,
            "evidence": {"sentence": 0 if sent is SENT0 else 1, "start": 0, "end": 0,
                         "text": sent},
            "rule": "fake"}


GOOD = {
    "schema": "fakty/1",
    "doc": {"id": "x", "path": "x", "lang": "pl", "date": None},
    "entities": [{"type": "LOC", "subtype": "city", "name": "Gdańsk", "ref": None,
                  "text": "Gdańsku", "start": 0, "end": 0, "sentence": 0}],
    "quantities": [{"text": "ponad 1300", "value": 1300, "min": 1300, "max": None,
                    "qualifier": "more_than", "start": 0, "end": 0, "sentence": 0},
                   {"text": "16", "value": 16, "min": 16, "max": 16,
                    "qualifier": "exact", "start": 0, "end": 0, "sentence": 0}],
    "dates": [{"text": "w poniedziałek", "value": "2024-03-04", "kind": "date",
               "start": 0, "end": 0, "sentence": 0}],
    "facts": [
        fact("killed", 16, 16, 16, "exact", "16", SENT0, "people", "Gdańsk", "Według policji"),
        fact("injured", 1300, 1300, None, "more_than", "ponad 1300", SENT0, None, "Gdańsk",
             "Według policji"),
        fact("missing", None, 20, 99, "vague", "kilkudziesięciu", SENT1, "people", None,
             "Lokalne media"),
    ],
    "warnings": [],
}


def mutate(fn):
    obj = copy.deepcopy(GOOD)
    fn(obj)
    return obj


def set_(path, value):
    def fn(obj):
        o = obj
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = value
    return fn


CASES = [
    # (name, output object, expect override or None, env extra, should_pass)
    ("correct output", GOOD, None, {}, True),
    ("optional fact present", mutate(lambda o: o["facts"].append(
        fact("arrested", 0, 0, 0, "exact", "Nikt", SENT1))), None, {}, True),
    ("wrong count 15 for 16", mutate(set_(["facts", 0, "count", "value"], 15)), None, {}, False),
    ("wrong min", mutate(set_(["facts", 0, "count", "min"], 15)), None, {}, False),
    ("null max given as number", mutate(set_(["facts", 1, "count", "max"], 1300)), None, {}, False),
    ("vague value 0 instead of null", mutate(set_(["facts", 2, "count", "value"], 0)), None, {}, False),
    ("wrong qualifier", mutate(set_(["facts", 1, "count", "qualifier"], "exact")), None, {}, False),
    ("missing fact", mutate(lambda o: o["facts"].pop(1)), None, {}, False),
    ("extra fact", mutate(lambda o: o["facts"].append(
        fact("injured", 38, 38, 38, "exact", "38", SENT0))), None, {}, False),
    ("duplicate fact", mutate(lambda o: o["facts"].append(copy.deepcopy(o["facts"][0]))),
     None, {}, False),
    ("extra fact tolerated when exact_facts is false", mutate(lambda o: o["facts"].append(
        fact("injured", 38, 38, 38, "exact", "38", SENT0))),
     {"exact_facts": False}, {}, True),
    ("forbidden fact caught even when exact_facts is false", mutate(lambda o: o["facts"].append(
        fact("killed", 2024, 2024, 2024, "exact", "2024", SENT0))),
     {"exact_facts": False}, {}, False),
    ("forbidden fact narrowed by who", mutate(lambda o: o["facts"].append(
        fact("killed", 2, 2, 2, "exact", "2", SENT0, "police"))), {"exact_facts": False}, {}, False),
    ("wrong who", mutate(set_(["facts", 0, "who", "category"], "police")), None, {}, False),
    ("wrong where", mutate(set_(["facts", 0, "where", "name"], "Gdańsku")), None, {}, False),
    ("missing source", mutate(set_(["facts", 0, "source"], None)), None, {}, False),
    ("evidence from another sentence", mutate(set_(["facts", 0, "evidence", "text"], SENT1)),
     None, {}, False),
    ("entity not canonical", mutate(set_(["entities", 0, "name"], "Gdańsku")), None, {}, False),
    ("forbidden entity", mutate(lambda o: o["entities"].append(
        {"type": "PER", "name": "Nikt", "text": "Nikt"})), None, {}, False),
    ("wrong date value", mutate(set_(["dates", 0, "value"], "2024-03-11")), None, {}, False),
    ("date missing", mutate(set_(["dates"], [])), None, {}, False),
    ("quantity wrong qualifier", mutate(set_(["quantities", 0, "qualifier"], "exact")),
     None, {}, False),
    ("wrong schema", mutate(set_(["schema"], "fakty/0")), None, {}, False),
    ("binary fails", GOOD, None, {"FAKE_EXIT": "1"}, False),
    ("binary ignores --date (doc.date null)", GOOD, None, {"FAKE_IGNORE_DATE": "1"}, False),
]


def main():
    tmp = tempfile.mkdtemp(prefix="fakty-selftest-")
    fake = os.path.join(tmp, "fakefakty")
    with open(fake, "w", encoding="utf-8") as fh:
        fh.write(FAKE)
    os.chmod(fake, os.stat(fake).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    adir = os.path.join(tmp, "articles")
    os.mkdir(adir)
    art = os.path.join(adir, "t.txt")
    with open(art, "w", encoding="utf-8") as fh:
        fh.write(ARTICLE)
    failures = 0
    for name, out, override, env_extra, should_pass in CASES:
        exp = dict(EXPECT)
        if override:
            exp.update(override)
        with open(os.path.join(adir, "t.expect.json"), "w", encoding="utf-8") as fh:
            json.dump(exp, fh, ensure_ascii=False)
        oj = os.path.join(tmp, "out.json")
        with open(oj, "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False)
        env = dict(os.environ, FAKE_JSON=oj)
        env.update(env_extra)
        p = subprocess.run([sys.executable, CHECK, fake, art], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        passed = p.returncode == 0
        ok = passed == should_pass
        if not ok:
            failures += 1
        print("%s %-50s check.py exit %d" % ("ok  " if ok else "FAIL", name, p.returncode))
        if not ok or "-v" in sys.argv:
            print("    " + p.stdout.decode("utf-8", "replace").replace("\n", "\n    "))

    # --all mode: one good and one bad article -> "1 passed, 1 failed", exit 1.
    with open(os.path.join(adir, "t.expect.json"), "w", encoding="utf-8") as fh:
        json.dump(EXPECT, fh, ensure_ascii=False)
    art2 = os.path.join(adir, "u.txt")
    with open(art2, "w", encoding="utf-8") as fh:
        fh.write(ARTICLE)
    bad = dict(EXPECT, facts=EXPECT["facts"] + [
        {"type": "detained", "value": 5, "min": 5, "max": 5, "qualifier": "exact"}])
    with open(os.path.join(adir, "u.expect.json"), "w", encoding="utf-8") as fh:
        json.dump(bad, fh, ensure_ascii=False)
    oj = os.path.join(tmp, "out.json")
    with open(oj, "w", encoding="utf-8") as fh:
        json.dump(GOOD, fh, ensure_ascii=False)
    p = subprocess.run([sys.executable, CHECK, fake, "--all", adir],
                       env=dict(os.environ, FAKE_JSON=oj),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = p.stdout.decode("utf-8", "replace")
    ok = p.returncode == 1 and "1 passed, 1 failed" in text and "missing fact detained=5" in text
    if not ok:
        failures += 1
    print("%s %-50s check.py exit %d" % ("ok  " if ok else "FAIL", "--all summary", p.returncode))
    if not ok:
        print("    " + text.replace("\n", "\n    "))

    # The corpus expectation files themselves must follow the conventions.
    p = subprocess.run([sys.executable, CHECK, "--lint", os.path.join(HERE, "articles")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    ok = p.returncode == 0
    if not ok:
        failures += 1
    print("%s %-50s check.py exit %d" % ("ok  " if ok else "FAIL", "--lint corpus", p.returncode))
    if not ok:
        print("    " + p.stdout.decode("utf-8", "replace").replace("\n", "\n    "))

    print("selftest: %d cases, %d failures" % (len(CASES) + 2, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
