#!/usr/bin/python3
"""`fakty events` output and command-line contract:

  - every JSON object validates against docs/schema/fakty-events-1.schema.json
    (python3-jsonschema) and its report indices point into its reports;
  - CSV and TSV give one row per event (per report with --reports) with the
    same figures as the JSON; the HTML page has one section, one chart and
    one table row per event, and every report's evidence;
  - the buckets of --bucket I/N together give exactly the events of one run
    (the runners' partition), in the order evtest.order_key sorts them;
  - exit status and messages: bad lines (1, file:line), bad data files (2,
    file:line:column), bad options (2), unsorted input and undated documents
    (warnings);
  - fields of the wrong type, links and dates out of range: no crash (the
    sanitizer build runs this too).
Input: the newsroom set's fakty/1 lines made by test_newsroom.py's records
(fakty is run here) plus the case files' documents.
Exit 0 pass, 1 fail.
"""
import csv
import glob
import html.parser
import io
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evtest  # noqa: E402
import test_cases  # noqa: E402
import test_newsroom  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


def corpus():
    """fakty/1 lines: the newsroom articles, then every case's documents
    (dated ones re-dated after the newsroom so the input stays sorted)."""
    inp = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in test_newsroom.records())
    lines = evtest.run(["--input", "jsonl"], stdin=inp.encode()).stdout.decode().splitlines()
    for c in sorted(glob.glob(os.path.join(HERE, "cases", "*.case"))):
        _, docs, _ = test_cases.parse_case(c)
        for d in docs:
            d["doc"]["id"] = os.path.basename(c) + ":" + d["doc"]["id"]
            if d["doc"]["date"]:
                d["doc"]["date"] = "2026" + d["doc"]["date"][4:]
            lines.append(json.dumps(d, ensure_ascii=False))
    dated = sorted((x for x in lines if json.loads(x)["doc"]["date"]), key=lambda x: json.loads(x)["doc"]["date"])
    undated = [x for x in lines if not json.loads(x)["doc"]["date"]]
    return "\n".join(dated + undated) + "\n"


def test_json(inp):
    try:
        import jsonschema
    except ImportError:
        print("SKIP schema: python3-jsonschema is not installed")
        jsonschema = None
    schema = json.load(open(os.path.join(evtest.SRC, "docs", "schema", "fakty-events-1.schema.json")))
    evs, err = evtest.events(inp)
    check(len(evs) >= 25, "expected at least 25 events from the corpus, got %d" % len(evs))
    for e in evs:
        if jsonschema:
            try:
                jsonschema.validate(e, schema)
            except jsonschema.ValidationError as x:
                check(False, "event %s does not validate: %s" % (e["id"], x.message))
        n = len(e["reports"])
        idx = [e["figure"]["report"]] if e["figure"] else []
        for d in e["timeline"]:
            idx += [d["report"]] + d["reports"]
        for c in e["conflicts"]:
            idx += [c["a"]["report"], c["b"]["report"]]
        for p in e["parts"]:
            idx += p["reports"]
        check(all(0 <= i < n for i in idx), "event %s: a report index out of range" % e["id"])
        full = [i for i, r in enumerate(e["reports"]) if r["scope"] == "full"]
        check(sorted(i for d in e["timeline"] for i in d["reports"]) == full,
              "event %s: the timeline's reports are not its full reports" % e["id"])
    # pretty output is the same objects
    r = evtest.run(["events", "--pretty"], stdin=inp.encode())
    dec, pos, objs, text = json.JSONDecoder(), 0, [], r.stdout.decode()
    while pos < len(text.rstrip()):
        o, pos = dec.raw_decode(text, pos)
        objs.append(o)
        while pos < len(text) and text[pos].isspace():
            pos += 1
    check(objs == evs, "--pretty gives other objects than the JSON Lines")
    return evs


def test_tables(inp, evs):
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        out = evtest.run(["events", "-f", fmt], stdin=inp.encode()).stdout.decode()
        rows = list(csv.DictReader(io.StringIO(out), delimiter=sep, quoting=csv.QUOTE_MINIMAL if sep == "," else csv.QUOTE_NONE))
        check(len(rows) == len(evs), "%s: %d rows for %d events" % (fmt, len(rows), len(evs)))
        for row, e in zip(rows, evs):
            f = e["figure"]
            want = "" if not f or f["value"] is None else ("%g" % f["value"])
            check(row["event"] == e["id"] and row["value"] == want and row["reports"] == str(len(e["reports"])) and
                  row["conflicts"] == str(len(e["conflicts"])),
                  "%s: row of %s differs from the JSON (%s)" % (fmt, e["id"], row))
        out = evtest.run(["events", "-f", fmt, "--reports"], stdin=inp.encode()).stdout.decode()
        rows = list(csv.DictReader(io.StringIO(out), delimiter=sep, quoting=csv.QUOTE_MINIMAL if sep == "," else csv.QUOTE_NONE))
        want = [(e["id"], r["doc"]["id"], r["scope"]) for e in evs for r in e["reports"]]
        got = [(x["event"], x["doc_id"], x["scope"]) for x in rows]
        check(got == want, "%s --reports: rows differ from the JSON reports" % fmt)
        if sep == ",":
            want = [r["evidence"]["text"] or "" for e in evs for r in e["reports"]]
            check([x["evidence"] for x in rows] == want, "csv --reports: evidence differs from the JSON")


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections, self.svgs, self.index_rows, self.scripts, self.external = [], 0, 0, 0, []
        self.in_index = False
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "event" in (a.get("class") or ""):
            self.sections.append(a.get("id"))
        if tag == "svg":
            self.svgs += 1
        if tag == "nav" and a.get("id") == "index":
            self.in_index = True
        if tag == "tr" and self.in_index:
            self.index_rows += 1
        if tag == "script":
            self.scripts += 1
            if a.get("src"):
                self.external.append(a["src"])
        if tag in ("link", "img", "iframe") and (a.get("href") or a.get("src")):
            self.external.append(a.get("href") or a.get("src"))

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_index = False

    def handle_data(self, data):
        self.text.append(data)


def test_html(inp, evs):
    out = evtest.run(["events", "-f", "html"], stdin=inp.encode()).stdout.decode()
    p = Page()
    p.feed(out)
    check(p.sections == [e["id"] for e in evs], "html: sections are not the events in order")
    dated = sum(1 for e in evs if e["period"]["first"] and e["timeline"])
    check(p.svgs == dated, "html: %d charts for %d dated events with a timeline" % (p.svgs, dated))
    check(p.index_rows == len(evs) + 1, "html: the table of events has %d rows for %d events" % (p.index_rows - 1, len(evs)))
    check(not p.external, "html: external resources %s" % p.external[:3])
    text = html.unescape("".join(p.text)) if hasattr(html, "unescape") else "".join(p.text)
    missing = [r["evidence"]["text"] for e in evs for r in e["reports"] if r["evidence"]["text"] not in text]
    check(not missing, "html: %d evidence sentences are missing, e.g. %r" % (len(missing), missing[:1]))
    conflicts = sum(len(e["conflicts"]) for e in evs)
    check(out.count('class="tag conflict">conflict<') >= conflicts and (conflicts == 0 or "<h3>Conflicts</h3>" in out),
          "html: conflicts are not marked")


def test_buckets(inp, evs):
    n = 5
    got = []
    for i in range(n):
        r = evtest.run(["events", "--bucket", "%d/%d" % (i, n)], stdin=inp.encode())
        got += r.stdout.decode().splitlines()
    whole = [json.dumps(e, ensure_ascii=False) for e in evs]
    merged = sorted(got, key=lambda x: evtest.order_key(json.loads(x)))
    check([json.loads(x) for x in merged] == evs, "--bucket I/%d runs together differ from one run" % n)
    check(sorted(evtest.order_key(e) for e in evs) == [evtest.order_key(e) for e in evs],
          "one run's events are not in evtest.order_key order (sorted input)")
    lst = evtest.run(["events", "--buckets", str(n)], stdin=inp.encode()).stdout.decode().split("\n")[:-1]
    check(len(lst) == len(inp.splitlines()), "--buckets: %d lines for %d input lines" % (len(lst), len(inp.splitlines())))
    check(all(all(0 <= int(b) < n for b in x.split()) for x in lst), "--buckets: a bucket out of range")
    del whole


def test_contract(inp):
    tmp = tempfile.mkdtemp(prefix="fakty-events-")
    try:
        # a bad line among good ones: exit 1, the others still used, file:line named
        bad = os.path.join(tmp, "bad.jsonl")
        good = inp.splitlines()
        with open(bad, "w", encoding="utf-8") as f:
            f.write(good[0] + "\n{not json\n" + '{"schema":"other"}\n' + good[1] + "\n")
        r = evtest.run(["events", bad], check=False)
        err = r.stderr.decode()
        check(r.returncode == 1, "bad lines: exit %d, expected 1" % r.returncode)
        check(bad + ":2: warning" in err and bad + ":3: warning" in err, "bad lines not named: " + err)
        check(len(r.stdout.decode().splitlines()) >= 1, "bad lines: the good lines gave no event")
        # a data error: exit 2 with file:line:column, nothing written
        data = os.path.join(tmp, "data")
        shutil.copytree(os.path.join(evtest.SRC, "gazetteers"), os.path.join(data, "gazetteers"),
                        ignore=shutil.ignore_patterns("inflection"))
        os.makedirs(os.path.join(data, "rules", "pl", "events"))
        with open(os.path.join(data, "rules", "pl", "events", "sources.tsv"), "w") as f:
            f.write("# test\nsubtype\tpolice\t3\nword\tpolicj*\ttwelve\nnonsense\tx\t1\n")
        r = evtest.run(["events", "--data", data], stdin=inp.encode(), check=False)
        err = r.stderr.decode()
        check(r.returncode == 2 and not r.stdout, "data error: exit %d, %d bytes out" % (r.returncode, len(r.stdout)))
        check("sources.tsv:3:" in err and "sources.tsv:4:1:" in err, "data errors not placed: " + err)
        # options
        for args in (["--window", "x"], ["--figure", "best"], ["-f", "xml"], ["--bucket", "3/3"], ["--nope"]):
            r = evtest.run(["events"] + args, stdin=b"", check=False)
            check(r.returncode == 2, "events %s: exit %d, expected 2" % (" ".join(args), r.returncode))
        r = evtest.run(["events", "--help"], check=False)
        check(r.returncode == 0 and b"--window" in r.stdout, "events --help")
        # unsorted input: a warning that names the cause
        lines = inp.splitlines()
        dated = [x for x in lines if json.loads(x)["doc"]["date"]]
        r = evtest.run(["events"], stdin=("\n".join(dated[::-1]) + "\n").encode(), check=False)
        check(r.returncode == 0 and "not sorted by date" in r.stderr.decode(), "unsorted input: no warning")
        r = evtest.run(["events"], stdin=("\n".join(dated) + "\n").encode(), check=False)
        check("not sorted" not in r.stderr.decode(), "sorted input: a warning about sorting")
        undated = [x for x in lines if not json.loads(x)["doc"]["date"]]
        r = evtest.run(["events"], stdin=("\n".join(undated) + "\n").encode(), check=False)
        check("without a document date" in r.stderr.decode(), "undated documents: no warning")
        # an implied count (count.implied) is carried to the report
        doc = {"schema": "fakty/1", "doc": {"id": "i", "path": None, "date": "2024-01-01", "lang": "pl"},
               "entities": [], "quantities": [], "dates": [], "warnings": [],
               "facts": [{"type": "killed", "count": {"value": 1, "min": 1, "max": 1, "qualifier": "exact",
                                                      "text": "zginął", "implied": True},
                          "who": None, "where": None, "when": None, "source": None,
                          "evidence": {"sentence": 0, "start": 0, "end": 5, "text": "Zginął."}, "rule": "r"}]}
        evs, _ = evtest.events(json.dumps(doc) + "\n")
        check(len(evs) == 1 and evs[0]["reports"][0]["count"].get("implied") is True, "count.implied is not carried")
        # a document fakty could not process gives no event and no warning
        errdoc = {"schema": "fakty/1", "doc": {"id": "e", "path": None}, "entities": [], "quantities": [],
                  "dates": [], "facts": [], "warnings": [], "error": "binary file"}
        r = evtest.run(["events"], stdin=(json.dumps(errdoc) + "\n").encode(), check=False)
        check(r.returncode == 0 and not r.stdout, "an error object: exit %d" % r.returncode)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_hostile():
    """Fields of the wrong type, out-of-range links and dates, repeated
    facts: no crash, JSON out, in every format."""
    import random
    r = random.Random(5)
    vals = [None, 1, -5, 1e308, "x", [], {}, True, "2024-02-30", "2024-01-01", 3.5, "", "a" * 5000]

    def obj(keys):
        return {k: r.choice(vals) for k in keys if r.random() < 0.8}
    lines = []
    for _ in range(1500):
        f = {"type": r.choice(["killed", "injured", None, 5, ""]),
             "count": r.choice([obj(["value", "min", "max", "qualifier", "text", "implied"]), None, 5, "x"]),
             "who": r.choice([obj(["text", "category"]), None, 3]),
             "where": r.choice([obj(["name", "ref", "text", "from"]), {"name": "Kłodzko", "ref": "geonames:3096053"},
                                None, []]),
             "when": r.choice([obj(["value", "text"]), None]), "source": r.choice([obj(["text", "name"]), None]),
             "evidence": r.choice([obj(["sentence", "start", "end", "text"]), None]), "rule": r.choice(vals),
             "same_as": r.choice([None, 0, 1, -1, 99, "x", 1e20]), "part_of": r.choice([None, 0, 1, -1, 99, "x"])}
        d = {"schema": "fakty/1", "doc": obj(["id", "path", "lang", "line"]),
             "entities": r.choice([[], None, [{"name": None, "subtype": 5}], "x"]),
             "facts": [f, dict(f), f] if r.random() < 0.5 else [f], "warnings": []}
        d["doc"]["date"] = r.choice(["2024-01-0%d" % r.randint(1, 9), None, "bad", 5])
        lines.append(json.dumps(d))
    lines.sort(key=lambda x: str(json.loads(x)["doc"].get("date")))
    inp = ("\n".join(lines) + "\n").encode()
    for fmt in ("json", "csv", "html"):
        res = evtest.run(["events", "-f", fmt], stdin=inp, check=False)
        check(res.returncode == 0 and res.stdout, "hostile fields, %s: exit %d: %s" % (
            fmt, res.returncode, res.stderr.decode(errors="replace")[-800:]))
        if fmt == "json":
            try:
                n = len([json.loads(x) for x in res.stdout.decode().splitlines()])
                check(n > 0, "hostile fields: no event")
            except ValueError as e:
                check(False, "hostile fields: output is not JSON Lines: %s" % e)


def main():
    inp = corpus()
    test_hostile()
    evs = test_json(inp)
    test_tables(inp, evs)
    test_html(inp, evs)
    test_buckets(inp, evs)
    test_contract(inp)
    print("%d events checked; %d failures" % (len(evs), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
