#!/usr/bin/env python3
"""Command-line contract tests: inputs, output shape, order, exit codes.

Usage: test_cli.py CASE   (FAKTY_BIN and FAKTY_SRC come from meson)
Each CASE is one meson test; it exits 0 on success, 1 on failure, 77 skip.
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

BIN = os.environ.get("FAKTY_BIN", "build/fakty")
SRC = os.environ.get("FAKTY_SRC", ".")
EXAMPLE = os.path.join(SRC, "examples", "powodz-2024.txt")

# Team-written snippets used as inputs.
TEXTS = [
    "Wczoraj w Gdańsku policja zatrzymała trzech mężczyzn.",
    "W pożarze hali w Łodzi nikt nie ucierpiał. Strażacy gasili ogień do rana.",
    "Na granicy z Białorusią pełni służbę ponad 5 tys. żołnierzy.",
    "Krótka notka bez liczb.",
    "Zginęło 12 osób, a 30 zostało rannych – podała agencja PAP.",
]

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def run(args, stdin=None, expect_rc=None):
    p = subprocess.run([BIN] + args, input=stdin, capture_output=True)
    if expect_rc is not None:
        check(p.returncode == expect_rc,
              f"{args}: exit {p.returncode}, expected {expect_rc}; stderr: {p.stderr.decode(errors='replace')[:500]}")
    return p


def jsonl(out):
    lines = out.decode("utf-8").splitlines()
    return [json.loads(l) for l in lines]


def offsets_ok(doc, text):
    """Every span's text is text[start:end] (code points)."""
    for kind in ("entities", "quantities", "dates"):
        for a in doc[kind]:
            check(text[a["start"]:a["end"]] == a["text"],
                  f"{kind} offset mismatch: {a['text']!r} vs {text[a['start']:a['end']]!r}")
    for f in doc["facts"]:
        ev = f["evidence"]
        check(text[ev["start"]:ev["end"]] == ev["text"], f"evidence offset mismatch in {f['rule']}")


def case_files_and_dirs():
    with tempfile.TemporaryDirectory() as d:
        # nested directory, files named so that sorted order is checkable
        os.makedirs(os.path.join(d, "b", "c"))
        paths = []
        for i, t in enumerate(TEXTS):
            sub = ["", "b", os.path.join("b", "c")][i % 3]
            p = os.path.join(d, sub, f"{i:02d}.txt")
            open(p, "w", encoding="utf-8").write(t)
            paths.append(p)
        open(os.path.join(d, "ignored.json"), "w").write("{}")   # not an article file
        open(os.path.join(d, ".hidden.txt"), "w").write("ukryty")  # hidden: skipped
        p = run(["--date", "2024-05-06", d], expect_rc=0)
        docs = jsonl(p.stdout)
        check(len(docs) == len(TEXTS), f"directory: {len(docs)} documents, expected {len(TEXTS)}")
        got = [x["doc"]["path"] for x in docs]
        want = sorted(paths, key=lambda q: [part for part in os.path.relpath(q, d).split(os.sep)])
        # walk order: sorted names at each level, directories in place
        check(got == [os.path.join(d, "00.txt"), os.path.join(d, "03.txt"),
                      os.path.join(d, "b", "01.txt"), os.path.join(d, "b", "04.txt"),
                      os.path.join(d, "b", "c", "02.txt")], f"directory order: {got}")
        for x in docs:
            check(x["schema"] == "fakty/1", "schema field")
            check(x["doc"]["date"] == "2024-05-06", "--date applied")
            offsets_ok(x, open(x["doc"]["path"], encoding="utf-8").read())
        # explicit files keep argument order
        p = run([paths[3], paths[0]], expect_rc=0)
        docs = jsonl(p.stdout)
        check([x["doc"]["path"] for x in docs] == [paths[3], paths[0]], "argument order kept")
        check(docs[0]["doc"]["date"] is None, "no --date gives null")


def case_stdin():
    p = run([], stdin=TEXTS[0].encode(), expect_rc=0)
    docs = jsonl(p.stdout)
    check(len(docs) == 1 and docs[0]["doc"]["path"] == "(stdin)", "stdin without arguments")
    p = run(["-"], stdin=TEXTS[1].encode(), expect_rc=0)
    check(len(jsonl(p.stdout)) == 1, "stdin as -")
    p = run(["--pretty", "-"], stdin=TEXTS[1].encode(), expect_rc=0)
    out = p.stdout.decode()
    check("\n\t" in out or "\n  " in out, "--pretty indents")
    check(json.loads(out)["schema"] == "fakty/1", "--pretty output is one JSON object")


def case_jsonl():
    recs = [
        {"id": "a1", "text": TEXTS[0], "date": "2024-05-06", "source": "test", "tags": ["x"]},
        {"id": 7, "text": TEXTS[2], "date": "2024-05-06T10:00:00Z"},
        "not an object",
        None,  # -> a line that is not JSON
        {"id": "no-text"},
        {"id": "a5", "text": TEXTS[4]},
    ]
    lines = []
    for r in recs:
        if r is None:
            lines.append('{"id": "broken", "text": "niedokończ')
        else:
            lines.append(json.dumps(r, ensure_ascii=False))
    data = ("\n".join(lines) + "\n").encode()
    p = run(["--input", "jsonl"], stdin=data, expect_rc=1)
    out = jsonl(p.stdout)
    check(len(out) == len(recs), f"jsonl: {len(out)} lines out for {len(recs)} in")
    check(out[0]["doc"]["id"] == "a1" and out[0]["doc"]["meta"] == {"source": "test", "tags": ["x"]},
          f"jsonl meta carried: {out[0]['doc']}")
    check(out[0]["doc"]["date"] == "2024-05-06", "jsonl date used")
    check(out[1]["doc"]["id"] == "7" and out[1]["doc"]["date"] == "2024-05-06", "numeric id, datetime date")
    for i in (2, 3, 4):
        check("error" in out[i] and out[i]["facts"] == [], f"bad record {i} gives an error object: {out[i]}")
        check(out[i]["doc"].get("line") == i + 1, f"error object carries line {i + 1}")
    check("column" in out[3]["error"], f"invalid JSON error names a column: {out[3]['error']}")
    check("error" not in out[5], "good record after bad ones")
    err = p.stderr.decode()
    check("(stdin):4:" in err and "error" in err, f"stderr names the record's line: {err}")
    # --lenient: bad records do not change the exit status
    p = run(["--input", "jsonl", "--lenient", "--counters"], stdin=data, expect_rc=0)
    check(p.stderr.decode().count("reporter:counter:fakty,bad_records,1") == 3, "Hadoop counters")


def case_exit_codes():
    p = run(["/nonexistent/file.txt", EXAMPLE], expect_rc=1)
    docs = jsonl(p.stdout)
    check(len(docs) == 2, "a failed file still gives its line; the others are written")
    check("error" in docs[0] and "cannot read" in docs[0]["error"], "error object for the missing file")
    check("error" not in docs[1], "the good file after a bad one")
    check("/nonexistent/file.txt" in p.stderr.decode(), "stderr names the file")
    run(["--format", "xml", EXAMPLE], expect_rc=2)
    run(["--date", "2024-13-01", EXAMPLE], expect_rc=2)
    run(["--jobs", "0", EXAMPLE], expect_rc=2)
    run(["--bogus"], expect_rc=2)
    p = run(["--rules", "/nonexistent-rules", EXAMPLE], expect_rc=2)
    check(p.stdout == b"", "configuration error: nothing on stdout")
    p = run(["--help"], expect_rc=0)
    check(b"usage: fakty" in p.stdout, "--help")


def case_binary_and_bad_utf8():
    with tempfile.TemporaryDirectory() as d:
        b = os.path.join(d, "bin.txt")
        open(b, "wb").write(bytes(range(256)) * 64)
        u = os.path.join(d, "latin2.txt")
        open(u, "wb").write("Zginęło 5 osób w Łodzi.".encode("iso-8859-2"))
        e = os.path.join(d, "empty.txt")
        open(e, "wb").close()
        p = run([b, u, e], expect_rc=1)
        docs = jsonl(p.stdout)
        check(len(docs) == 3, "three documents")
        check("binary" in docs[0].get("error", ""), f"binary file reported: {docs[0].get('error')}")
        check(any("invalid UTF-8" in w for w in docs[1]["warnings"]), "invalid UTF-8 warned")
        check("error" not in docs[2] and docs[2]["doc"]["length"] == 0, "empty file processed")
        err = p.stderr.decode()
        check(f"{u}: warning: invalid UTF-8" in err, f"warning prefixed with the file: {err}")


def case_jobs_identical():
    with tempfile.TemporaryDirectory() as d:
        for i in range(60):
            t = TEXTS[i % len(TEXTS)] + " " + "Dodatkowe zdanie numer %d." % i * (1 + i % 7)
            open(os.path.join(d, f"{i:03d}.txt"), "w", encoding="utf-8").write(t)
        one = run(["--jobs", "1", "--date", "2024-05-06", d], expect_rc=0).stdout
        many = run(["--jobs", "4", "--date", "2024-05-06", d], expect_rc=0).stdout
        check(one == many, "--jobs 4 output identical to --jobs 1")
        check(len(one.splitlines()) == 60, "60 documents")


def case_order_independent():
    """A document's output does not depend on the documents processed before
    it in the same process (per-thread memos, caches): the test articles in
    one order, in the reverse order, with 2 jobs, and a few alone."""
    arts = sorted(os.path.join(SRC, "tests", "corpus", "articles", f)
                  for f in os.listdir(os.path.join(SRC, "tests", "corpus", "articles")) if f.endswith(".txt"))
    check(len(arts) >= 20, "test articles found")
    tmp = tempfile.TemporaryDirectory()
    # one surname, a man's and a woman's: "Nowaku" is his case form, not hers
    for name, first in (("m", "Jan"), ("f", "Anna")):
        p = os.path.join(tmp.name, name + ".txt")
        open(p, "w", encoding="utf-8").write(
            f"{first} Nowak kieruje szkołą w Lublinie. Wczoraj rada rozmawiała o Nowaku przez godzinę.\n")
        arts.append(p)
    # two surnames of over 256 bytes that differ only at their ends
    stem = "Brzę" + "czy" * 90
    for name, end in (("l1", "ski"), ("l2", "cki")):
        p = os.path.join(tmp.name, name + ".txt")
        open(p, "w", encoding="utf-8").write(
            f"Jan {stem}{end} przyjechał do Lublina. Wczoraj rada słuchała {stem}{end[:-1]}iego przez godzinę.\n")
        arts.append(p)

    def by_path(out):
        return {d["doc"]["path"]: json.dumps(d, sort_keys=True) for d in jsonl(out)}
    fwd = by_path(run(["--jobs", "1", "--explain"] + arts, expect_rc=0).stdout)
    rev = by_path(run(["--jobs", "1", "--explain"] + arts[::-1], expect_rc=0).stdout)
    two = by_path(run(["--jobs", "2", "--explain"] + arts[::-1], expect_rc=0).stdout)
    check(len(fwd) == len(arts), "one line per article")
    for a in arts:
        check(fwd.get(a) == rev.get(a), f"{a}: same output after other documents in reverse order")
        check(fwd.get(a) == two.get(a), f"{a}: same output with 2 jobs, reverse order")
    for a in arts[::7] + arts[-4:]:
        alone = by_path(run(["--jobs", "1", "--explain", a], expect_rc=0).stdout)
        check(fwd.get(a) == alone.get(a), f"{a}: same output alone as after other documents")
    pers = {a: [e["text"] for e in json.loads(fwd[a])["entities"] if e["type"] == "PER"] for a in arts[-4:-2]}
    check("Nowaku" in pers[arts[-4]], f"his case form is him: {pers[arts[-4]]}")
    check("Nowaku" not in pers[arts[-3]], f"not hers: {pers[arts[-3]]}")
    tmp.cleanup()


def case_csv_tsv():
    p = run(["--format", "csv", "--date", "2024-09-18", EXAMPLE], expect_rc=0)
    rows = list(csv.reader(io.StringIO(p.stdout.decode())))
    check(rows[0][:4] == ["doc_id", "path", "fact", "type"], f"csv header: {rows[0]}")
    check(all(len(r) == len(rows[0]) for r in rows), "csv rows all have the header's width")
    j = jsonl(run(["--date", "2024-09-18", EXAMPLE], expect_rc=0).stdout)[0]
    check(len(rows) - 1 == len(j["facts"]), f"one csv row per fact ({len(rows) - 1} vs {len(j['facts'])})")
    p = run(["--format", "tsv", "--date", "2024-09-18", EXAMPLE], expect_rc=0)
    lines = p.stdout.decode().splitlines()
    check(all(l.count("\t") == lines[0].count("\t") for l in lines), "tsv rows have the header's width")


def case_schema():
    try:
        import jsonschema
    except ImportError:
        print("python3-jsonschema missing")
        sys.exit(77)
    schema = json.load(open(os.path.join(SRC, "docs", "schema", "fakty-1.schema.json"), encoding="utf-8"))
    v = jsonschema.Draft202012Validator(schema)
    inputs = [EXAMPLE]
    for root in ("tests/corpus/articles", "tests/golden"):
        r = os.path.join(SRC, root)
        if os.path.isdir(r):
            inputs += [os.path.join(r, f) for f in sorted(os.listdir(r)) if f.endswith(".txt")]
    shared = os.path.join(SRC, "..", "shared", "examples", "kazachstan-2022-01.txt")
    if os.path.exists(shared):
        inputs.append(shared)
    p = run(["--explain", "--date", "2022-01-10"] + inputs + ["/nonexistent.txt"])
    n = 0
    for line in p.stdout.decode().splitlines():
        doc = json.loads(line)
        for e in v.iter_errors(doc):
            failures.append(f"{doc['doc'].get('path')}: schema: {e.message} at {list(e.absolute_path)}")
        if "error" not in doc:
            offsets_ok(doc, open(doc["doc"]["path"], encoding="utf-8", errors="replace").read())
        n += 1
    check(n == len(inputs) + 1, f"schema: {n} documents validated")
    # the schema itself rejects a wrong object (so the test can fail)
    bad = {"schema": "fakty/1", "doc": {"id": None, "path": None}, "entities": [], "quantities": [],
           "dates": [], "facts": [{"type": "killed"}], "warnings": []}
    check(not v.is_valid(bad), "schema rejects a fact without count")


def case_check_command():
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "abbreviations.tsv"), "w", encoding="utf-8").write("gen\tinner\nzłe\tczasem\n")
        p = run(["check", d], expect_rc=1)
        out = p.stdout.decode()
        check(f"{d}/abbreviations.tsv:2:5: error:" in out, f"check reports file:line:column: {out}")
    p = run(["check"], expect_rc=0)


def case_gazetteer_order():
    def names(args, text):
        doc = jsonl(run(args + ["-"], stdin=text.encode(), expect_rc=0).stdout)[0]
        return [(e["name"], e["ref"]) for e in doc["entities"]]
    text = "Delegacja przyleciała do Kazachstanu z Kirgistanu przez Astanę."
    got = names([], text)
    # hand-written press names beat the generated ones for the same id
    check(("Kirgizja", "iso3166:KG") in got, f"hand name Kirgizja first: {got}")
    check(("Nur-Sułtan", "geonames:1526273") in got, f"hand name Nur-Sułtan first: {got}")
    check(("Kazachstan", "iso3166:KZ") in got, f"built-in name: {got}")
    with tempfile.TemporaryDirectory() as d:
        g = os.path.join(d, "moje.tsv")
        open(g, "w", encoding="utf-8").write("Republika Kazachstanu\tLOC\tcountry\tiso3166:KZ\t\tN:f =\n")
        got = names(["--gazetteer", g], text)
        check(("Republika Kazachstanu", "iso3166:KZ") in got, f"--gazetteer renames a built-in entity: {got}")
        # order.txt naming a table that does not exist is an error with file:line
        data = os.path.join(d, "data")
        os.makedirs(os.path.join(data, "rules", "pl"))
        os.makedirs(os.path.join(data, "gazetteers", "pl"))
        open(os.path.join(data, "gazetteers", "pl", "a.tsv"), "w").write("Gdzieś\tLOC\n")
        open(os.path.join(data, "gazetteers", "pl", "order.txt"), "w").write("a.tsv\nbrak.tsv\n")
        p = run(["check", data], expect_rc=1)
        check("order.txt:2:1: error: no table \"brak.tsv\"" in p.stdout.decode(), f"order.txt error: {p.stdout.decode()}")


def case_rule_limits():
    """A rule that hits the regex or step limit says so in the document's
    warnings, also when the limit is hit in a look-ahead at its start (the
    per-start filter must not skip such starts)."""
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "facts"))
        open(os.path.join(d, "facts", "zz.rules"), "w", encoding="utf-8").write(
            "rule zz.re-lookahead\ntype killed\npattern !/(a|aa)+[bc]/ count:QTY osób\n\n"
            "rule zz.steps-lookahead\ntype injured\n"
            "pattern !(...{0,50} ...{0,50} ...{0,50} ...{0,50} zzz) count:QTY rannych\n")
        for text, want in (("a" * 42 + " zginęło 5 osób.", "hit its match limit"),
                           (" ".join(["słowo"] * 45) + " jest 3 rannych.", "gave up after")):
            doc = jsonl(run(["--rules", d, "-"], stdin=text.encode(), expect_rc=0).stdout)[0]
            check(any(want in w for w in doc["warnings"]), f"limit warning {want!r}: {doc['warnings']}")


CASES = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}

if __name__ == "__main__":
    name = sys.argv[1]
    CASES[name]()
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)
