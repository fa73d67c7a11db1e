#!/usr/bin/env python3
"""Hostile inputs: each gets a clear warning or error, valid output, and
nothing is lost from the rest of the batch.

Usage: test_hostile.py CASE   (FAKTY_BIN, FAKTY_SRC from meson)
Hangs are caught by meson's per-test timeout, not by timing here.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile

BIN = os.environ.get("FAKTY_BIN", "build/fakty")
SRC = os.environ.get("FAKTY_SRC", ".")
GOOD = "Policja zatrzymała wczoraj w Poznaniu dwóch mężczyzn."  # team-written
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def run(args, stdin=None):
    return subprocess.run([BIN, "--date", "2024-05-06"] + args, input=stdin, capture_output=True)


def docs_of(p):
    out = []
    for line in p.stdout.decode("utf-8").splitlines():
        out.append(json.loads(line))  # every line must be valid JSON
    return out


def batch_with(bad_path, expect_error=None, expect_warning=None):
    """Run [good, bad, good]: the good documents must come through intact."""
    with tempfile.TemporaryDirectory() as d:
        g1, g2 = os.path.join(d, "a.txt"), os.path.join(d, "z.txt")
        for g in (g1, g2):
            open(g, "w", encoding="utf-8").write(GOOD)
        p = run([g1, bad_path, g2])
        docs = docs_of(p)
        check(len(docs) == 3, f"{bad_path}: {len(docs)} documents out of 3")
        if len(docs) == 3:
            ref = docs_of(run([g1]))[0]
            for i in (0, 2):
                check(docs[i]["facts"] == ref["facts"] and docs[i]["entities"] == ref["entities"],
                      f"good document {i} changed next to {bad_path}")
            bad = docs[1]
            if expect_error:
                check(expect_error in bad.get("error", ""), f"{bad_path}: error {bad.get('error')!r}, want {expect_error!r}")
                check(p.returncode == 1, f"{bad_path}: exit {p.returncode}, want 1")
            if expect_warning:
                check(any(expect_warning in w for w in bad["warnings"]),
                      f"{bad_path}: warnings {bad['warnings'][:3]}, want {expect_warning!r}")
                check(p.returncode == 0, f"{bad_path}: exit {p.returncode}, want 0")
        return p, docs


def case_unreadable():
    # /proc/self/mem opens but every read fails (EIO), even for root
    batch_with("/proc/self/mem", expect_error="cannot read")
    batch_with("/nonexistent/x.txt", expect_error="cannot read")
    with tempfile.TemporaryDirectory() as d:
        g = os.path.join(d, "g.txt")
        open(g, "w", encoding="utf-8").write(GOOD)
        os.mkdir(os.path.join(d, "empty"))
        p = run([os.path.join(d, "empty"), g])  # an empty directory contributes nothing
        check(p.returncode == 0 and len(docs_of(p)) == 1, "empty directory")


def case_binary_nul_utf8():
    with tempfile.TemporaryDirectory() as d:
        b = os.path.join(d, "b.txt")
        open(b, "wb").write(os.urandom(4096) + b"\0" * 100)
        batch_with(b, expect_error="binary")
        n = os.path.join(d, "n.txt")
        open(n, "wb").write(GOOD.encode() + b"\0" + GOOD.encode())
        batch_with(n, expect_warning="NUL")
        u = os.path.join(d, "u.txt")
        open(u, "wb").write(("Zginęło 5 osób w Łodzi. " * 40).encode("iso-8859-2") + GOOD.encode())
        batch_with(u, expect_warning="invalid UTF-8")
        e = os.path.join(d, "e.txt")
        open(e, "wb").close()
        batch_with(e)


def case_many_digits():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "digits.txt")
        open(p, "w").write("Zatrzymano " + "7" * 1_000_000 + " osób.")
        _, docs = batch_with(p)
        for q in docs[1]["quantities"] if len(docs) == 3 else []:
            v = q["value"]
            check(v is None or (isinstance(v, (int, float)) and abs(v) < 1e16),
                  f"absurd quantity from a million digits: {str(v)[:40]}")
        for f in docs[1]["facts"] if len(docs) == 3 else []:
            check(False, f"a million digits became a fact: {f['count']}")
        # grouped digits that never end: "1 000 000 000 …"
        open(p, "w").write("Zatrzymano 1" + " 000" * 200_000 + " osób.")
        _, docs = batch_with(p)
        for f in docs[1]["facts"] if len(docs) == 3 else []:
            v = f["count"]["value"]
            check(v is None or v < 1e16, f"endless digit groups became a count {v}")


def case_repeated_patterns():
    pats = {
        "ponad": "ponad " * 200_000 + "5 osób zginęło.",
        "parens": "(" * 500_000 + ")" * 500_000,
        "ones": "1 " * 500_000,
        "verbs": "zginęło " * 100_000,
        "names": "Organizacji Układu " * 50_000,
        "dots": "r. " * 300_000,
        "hyphens": "a-" * 300_000 + "b",
        "caps": "Ala Ma Kota " * 100_000,
        "dates": "2 stycznia " * 100_000,
    }
    with tempfile.TemporaryDirectory() as d:
        for name, text in pats.items():
            p = os.path.join(d, name + ".txt")
            open(p, "w", encoding="utf-8").write(text)
            pr, docs = batch_with(p)
            check(pr.returncode in (0, 1), f"{name}: exit {pr.returncode}")


def case_jsonl_malformed():
    recs = [
        json.dumps({"id": "ok1", "text": GOOD}, ensure_ascii=False),
        '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id": "dup", "text": "a", "text": 5}',
        '{"id": "big", "text": "' + "słowo " * 1_000_000 + '"}',
        "\x00\x01\x02",
        '{"id": "nul", "text": "a\\u0000b"}',
        '[1,2,3]',
        '',
        json.dumps({"id": "ok2", "text": GOOD}, ensure_ascii=False),
    ]
    p = run(["--input", "jsonl"], stdin="\n".join(recs).encode() + b"\n")
    docs = docs_of(p)
    check(len(docs) == len(recs), f"jsonl: {len(docs)} lines for {len(recs)}")
    if len(docs) == len(recs):
        check("error" in docs[1], "deep nesting is an error object")
        check("error" not in docs[3], "a 6 MB record is processed")
        check("error" in docs[4] and "error" in docs[6] and "error" in docs[7], "garbage, array, empty line")
        check(docs[0]["facts"] == docs[8]["facts"], "good records intact around bad ones")
    check(p.returncode == 1, f"jsonl exit {p.returncode}")


def case_broken_rules():
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "abbreviations.tsv"), "wb").write(b"ok\tinner\nbad\xff\tend\nx\n")
        p = run(["--rules", d, os.path.join(SRC, "examples", "powodz-2024.txt")])
        check(p.returncode == 2, f"broken rules: exit {p.returncode}, want 2")
        check(p.stdout == b"", "broken rules: nothing on stdout")
        err = p.stderr.decode()
        check(f"{d}/abbreviations.tsv:2:4: error: invalid UTF-8" in err, f"broken rules message: {err}")
        check(f"{d}/abbreviations.tsv:3:2: error:" in err, f"missing column message: {err}")
        open(os.path.join(d, "abbreviations.tsv"), "w").close()
        g = os.path.join(d, "g.tsv")
        open(g, "w", encoding="utf-8").write("Nazwa\tXYZ\n")
        p = run(["--gazetteer", g, "-"], stdin=b"x")
        check(p.returncode == 2 and f"{g}:1:" in p.stderr.decode(), f"bad gazetteer type: {p.stderr.decode()}")


def case_huge_single_line():
    if os.environ.get("FAKTY_SLOW_TESTS", "1") == "0":
        sys.exit(77)
    size = 200 * 1024 * 1024
    unit = "i tak dalej bez końca w tej samej linii "  # no entities, numbers or facts
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "huge.txt")
        with open(p, "w", encoding="utf-8") as f:
            chunk = unit * (1024 * 1024 // len(unit.encode()))
            written = 0
            while written < size:
                f.write(chunk)
                written += len(chunk.encode())
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        r = subprocess.run([BIN, "--jobs", "1", p], capture_output=True)
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        docs = docs_of(r)
        check(r.returncode == 0 and len(docs) == 1, f"huge line: exit {r.returncode}, {len(docs)} docs")
        check(any("chunks" in w for w in docs[0]["warnings"]) if docs else False, "huge line: chunking reported")
        mb = peak_kb / 1024
        print(f"peak RSS {mb:.0f} MB for a {size / 2**20:.0f} MB single-line document (before: {before / 1024:.0f} MB)")
        # input buffer + repaired copy + output; tokens are per 4 MiB chunk
        check(mb < 3.5 * size / 2**20, f"huge line: peak RSS {mb:.0f} MB is not bounded near the input size")


CASES = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}

if __name__ == "__main__":
    CASES[sys.argv[1]]()
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)
