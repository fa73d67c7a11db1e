#!/usr/bin/env python3
"""`fakty check DIR` reports every error of a bad rule file as
file:line:column with a clear message, and the good rules still work."""
import json
import os
import subprocess
import sys
import tempfile

fakty = os.environ.get("FAKTY_BIN") or sys.argv[1]

BAD = """\
rule t.unknown-list
type killed
pattern zgin* count:QTY @no_such_list

rule t.bad-regex
type killed
pattern count:QTY /zgin(ęło/

rule t.unbalanced
type injured
pattern (rann* count:QTY

rule t.close
type injured
pattern rann*) count:QTY

rule t.role
type killed
pattern zgin* victims:QTY

rule t.type
type exploded
pattern count:QTY

rule t.nocount
type killed
pattern zgin* who:@ok

rule t.class
type killed
pattern count:QTTY

rule t.twice
type killed
pattern count:QTY count:QTY

rule t.star
type killed
pattern zg*in count:QTY

rule t.range
type killed
pattern zgin* ...{3,1} count:QTY

rule t.ent
type killed
pattern ENT:PLACE count:QTY

bogus line

rule t.good
type killed
pattern wyparowało count:QTY who:@ok?

define LOOP (a | $LOOP)
rule t.macro
type killed
pattern $NOPE count:QTY

rule t.loop
type killed
pattern $LOOP count:QTY
"""

LIST = "ludzi\tpeople\nbad*word\n"

EXPECT = [
    (3, 25, "unknown word list @no_such_list"),
    (7, 28, "bad regular expression: missing closing parenthesis"),
    (11, 9, "unbalanced parentheses"),
    (15, 14, "unbalanced parentheses"),
    (19, 15, "unknown role \"victims\""),
    (22, 6, "unknown fact type \"exploded\""),
    (27, 1, "must capture count:"),
    (31, 15, "unknown token class \"QTTY\""),
    (35, 19, "role count is captured twice"),
    (39, 11, "'*' is only allowed at the end of a word"),
    (43, 18, "maximum is below the minimum"),
    (47, 13, "unknown entity type \"PLACE\""),
    (49, 1, "unknown keyword `bogus`"),
    (58, 9, "unknown definition $NOPE"),
    (55, 18, "refers to itself"),
]

with tempfile.TemporaryDirectory() as d:
    os.makedirs(os.path.join(d, "facts"))
    os.makedirs(os.path.join(d, "lists"))
    bad = os.path.join(d, "facts", "zz-bad.rules")
    with open(bad, "w", encoding="utf-8") as f:
        f.write(BAD)
    lst = os.path.join(d, "lists", "ok.txt")
    with open(lst, "w", encoding="utf-8") as f:
        f.write(LIST)
    r = subprocess.run([fakty, "check", d], capture_output=True, timeout=60)
    out = r.stdout.decode() + r.stderr.decode()
    errs = []
    if r.returncode != 1:
        errs.append("fakty check exited %d, expected 1" % r.returncode)
    for line, col, msg in EXPECT:
        want = "%s:%d:%d: error: " % (bad, line, col)
        if not any(l.startswith(want) and msg in l for l in out.splitlines()):
            errs.append("no diagnostic %s...%s" % (want, msg))
    if not any(l.startswith("%s:2:4: error: " % lst) for l in out.splitlines()):
        errs.append("no diagnostic for the bad list entry at %s:2:4" % lst)
    # the good rule of the same file still works (the bad ones are left out)
    # when the errors are only in a --rules directory, loading fails with exit 2
    r2 = subprocess.run([fakty, "--rules", d], input="Wyparowało 7 ludzi.".encode(), capture_output=True,
                        timeout=60)
    if r2.returncode not in (0, 2):
        errs.append("fakty --rules with bad rules exited %d" % r2.returncode)
    # a catastrophic regular expression hits its match limit: a document
    # warning, no hang, no fact
    with tempfile.TemporaryDirectory() as d2:
        os.makedirs(os.path.join(d2, "facts"))
        with open(os.path.join(d2, "facts", "zz-re.rules"), "w", encoding="utf-8") as f:
            f.write("rule t.slow\ntype killed\npattern /(\\w+)+\\d/ count:QTY\n")
        text = "Z" + "a" * 60 + " 5 osób."
        r3 = subprocess.run([fakty, "--rules", d2], input=text.encode(), capture_output=True, timeout=60)
        try:
            doc = json.loads(r3.stdout)
            if not any("match limit" in w for w in doc.get("warnings", [])):
                errs.append("no match-limit warning: %r" % doc.get("warnings"))
        except ValueError:
            errs.append("regex limit run: no JSON output (exit %d)" % r3.returncode)
    if "has no `type`" in out:
        errs.append("cascading error after an unknown type")
    if errs:
        print(out)
    for e in errs:
        print(e)
    print("rule_errors: %d problems" % len(errs))
    sys.exit(1 if errs else 0)
