#!/usr/bin/env python3
"""JSON output of the command line (the streaming writer, src/jsonw.c):
escaping, numbers, null versus absent fields, doc.meta pass-through and
the --pretty layout, checked by parsing the output back with Python's
strict JSON parser.

Usage: test_output.py CASE   (FAKTY_BIN and FAKTY_SRC come from meson)
CASE: escaping, numbers, fields, meta, pretty. Exit 0 pass, 1 fail.
"""
import json
import math
import os
import re
import subprocess
import sys
import tempfile

BIN = os.environ.get("FAKTY_BIN", "build/fakty")

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def run(args, stdin=None):
    p = subprocess.run([BIN] + args, input=stdin, capture_output=True)
    check(p.returncode == 0, f"{args}: exit {p.returncode}; stderr: {p.stderr.decode(errors='replace')[:300]}")
    return p.stdout


def parse_lines(out):
    """One strict JSON object per line (json.loads rejects raw control
    characters in strings, so unescaped ones fail here)."""
    text = out.decode("utf-8")   # invalid UTF-8 in the output fails here
    check(text.endswith("\n"), "output does not end with a newline")
    docs = []
    for i, line in enumerate(text.split("\n")[:-1]):
        try:
            docs.append(json.loads(line))
        except ValueError as e:
            failures.append(f"line {i + 1} is not JSON: {e}: {line[:200]!r}")
    return docs


def repaired(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def spans_ok(doc, text):
    """Every span's text is text[start:end] in code points."""
    for kind in ("entities", "quantities", "dates"):
        for a in doc[kind]:
            check(text[a["start"]:a["end"]] == a["text"],
                  f"{kind}: {a['text']!r} != text[{a['start']}:{a['end']}] = {text[a['start']:a['end']]!r}")
    for f in doc["facts"]:
        ev = f["evidence"]
        check(text[ev["start"]:ev["end"]] == ev["text"], f"evidence offsets in {f['rule']}")


# Inputs with everything the string escaper has to handle.
HOSTILE = [
    "W Warszawie \"zatrzymano\" 3 osoby \\ policja podała:\ttak.\r\nZginęło 5 osób.",
    "Kontrolne\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f znaki; w Gdańsku rannych zostało 4 policjantów.",
    "Rzecznik\u2028policji w Łodzi\u2029poinformował, że zginęło 12 osób \u2013 podała PAP.",
    "Cudzysłowy „polskie” i \"proste\" oraz \\\\ ukośniki \\\" w Krakowie; ewakuowano 200 osób.",
    "Emoji 😀 i znaki spoza BMP 𝔸 w Poznaniu; zatrzymano 2 mężczyzn.",
]
BAD_UTF8 = b"Niepoprawne \xff\xfe bajty \xc3\x28 i \xed\xa0\x80 w Krakowie; zgin\xc4\x99\xc5\x82o 7 os\xc3\xb3b.\x80"


def case_escaping():
    with tempfile.TemporaryDirectory() as d:
        raws = [t.encode("utf-8") for t in HOSTILE] + [BAD_UTF8]
        paths = []
        for i, raw in enumerate(raws):
            p = os.path.join(d, f"{i:02d}\"q\\.txt")   # escaping in doc.path too
            open(p, "wb").write(raw)
            paths.append(p)
        for flags in ([], ["--explain"]):
            out = run(["--jobs", "1"] + flags + paths)
            for line in out.split(b"\n")[:-1]:
                check(not re.search(rb"[\x00-\x1f]", line), f"raw control byte in output line {line[:120]!r}")
            docs = parse_lines(out)
            check(len(docs) == len(raws), f"{len(docs)} documents, expected {len(raws)}")
            for doc, raw, p in zip(docs, raws, paths):
                check(doc["doc"]["path"] == p, f"path {doc['doc']['path']!r} != {p!r}")
                text = repaired(raw)
                check(doc["doc"]["length"] == len(text),
                      f"length {doc['doc']['length']} != {len(text)} for {raw[:40]!r}")
                spans_ok(doc, text)
        # the escapes cJSON uses: two-character ones and \u00xx in lower case
        out = run(["--input", "jsonl"], stdin=json.dumps({"id": "\x01\x1f\b\f\n\r\t\"\\\u2028\x7f", "text": "x"}).encode() + b"\n")
        line = out.decode("utf-8")
        check('"id":"\\u0001\\u001f\\b\\f\\n\\r\\t\\"\\\\\u2028\x7f"' in line, f"escapes differ from cJSON's: {line[:200]!r}")


def case_numbers():
    text = ("Straty wyniosły 123456789012345678901234567890 zł. Ewakuowano ok. 0,5 proc. mieszkańców, "
            "czyli ok. 2,75 mln osób. Temperatura spadła do -12,5 stopnia. W Łodzi rannych zostało "
            "1000000000000000 osób, a 1,5 tys. zginęło. Zginęło 12 osób, 3,25 tys. zostało rannych.")
    out = run(["--input", "jsonl"], stdin=json.dumps({"id": 1, "text": text}).encode() + b"\n")
    raw = out.decode("utf-8")
    docs = parse_lines(out)
    check(len(docs) == 1, "one document expected")
    # every number token is what cJSON prints: an integer, or %.15g/%.17g
    num_re = re.compile(r'(?<=[:\[,\t ])(-?\d[\d.e+\-]*)(?=[,}\]\n])')
    nums = num_re.findall(raw)
    check(len(nums) > 10, f"too few numbers found: {nums}")
    for n in nums:
        v = float(n)
        check(math.isfinite(v), f"non-finite number {n}")
        if v == int(v) and abs(v) < 1e15:
            check(n == str(int(v)) and "." not in n and "e" not in n, f"integral {v} printed as {n}")
        else:
            shortest = "%.15g" % v
            check(n in (shortest, "%.17g" % v), f"{n} is neither %.15g nor %.17g of {v}")
    if docs:
        doc = docs[0]
        check(doc["doc"]["id"] == "1", f"numeric id became {doc['doc']['id']!r}")
        vals = [q["value"] for q in doc["quantities"] if q["value"] is not None]
        check(any(isinstance(v, float) and v != int(v) for v in vals) or any(
            isinstance(q["value"], float) for q in doc["quantities"]) or any(
            q.get("min") is not None for q in doc["quantities"]), f"no fractional quantity in {vals}")
        check(any(abs(v) >= 1e6 for v in vals), f"no large quantity in {vals}")
        spans_ok(doc, text)


def case_fields():
    """null versus absent, as the schema says."""
    texts = {"nodate": "Krótka notka bez liczb.",
             "facts": "W Gdańsku zginęło 12 osób, a 30 zostało rannych – podała agencja PAP. Ceny wzrosły o 5 proc."}
    lines = b"".join(json.dumps({"id": k, "text": t}).encode() + b"\n" for k, t in texts.items())
    for flags in ([], ["--explain"]):
        docs = parse_lines(run(["--input", "jsonl"] + flags, stdin=lines))
        check(len(docs) == 2, "two documents expected")
        if len(docs) != 2:
            return
        a, b = docs
        check(list(a) == ["schema", "entities", "quantities", "dates", "facts", "warnings"][:1] + ["doc"] +
              ["entities", "quantities", "dates", "facts", "warnings"], f"top-level keys {list(a)}")
        check(a["doc"]["date"] is None and "date" in a["doc"], "doc.date must be null (present) when unknown")
        check(a["doc"]["path"] is None and "path" in a["doc"], "doc.path must be null for JSONL input")
        check("meta" not in a["doc"], "doc.meta must be absent without extra fields")
        check(a["facts"] == [] and a["entities"] == [] and a["quantities"] == [], "empty arrays expected")
        for q in b["quantities"]:
            for k in ("value", "min", "max"):
                check(k in q, f"quantity {q['text']!r} lacks {k} (must be null, not absent)")
            check("count" not in q or q["count"] is False, f"count must be absent or false: {q}")
            check("unit" not in q or isinstance(q["unit"], str), f"unit must be absent or a string: {q}")
            check(("explain" in q) == bool(flags), f"explain presence wrong with {flags}: {q}")
        check(any(q.get("count") is False for q in b["quantities"]), "the percentage should carry count:false")
        check(any("unit" not in q for q in b["quantities"]) and any("unit" in q for q in b["quantities"]),
              "expected quantities both with and without a unit")
        check(len(b["facts"]) >= 1, "expected at least one fact")
        for f in b["facts"]:
            for k in ("who", "where", "when", "source"):
                check(k in f, f"fact lacks {k} (must be null, not absent)")
            check(f["when"] is None, "no date in the text: when must be null")
            check(set(f["count"]) == {"value", "min", "max", "qualifier", "text"}, f"count keys {list(f['count'])}")
        for e in b["entities"]:
            for k in ("subtype", "name", "ref"):
                check(k in e, f"entity lacks {k}")
            check(("explain" in e) == bool(flags), "entity explain presence")
            if flags:
                check("rule" in e["explain"] and "score" in e["explain"], f"entity explain {e['explain']}")


META = {"source": "pap", "n": -1.5, "big": 123456789012345678, "tiny": 1e-300, "zero": 0, "neg": -7,
        "s": "\u2028\t\"\\\x01 Zażółć 😀", "empty_o": {}, "empty_a": [], "nested": {"a": [1, {"b": None}, [], {}],
        "t": True, "f": False}, "u": "\u00e9"}


def case_meta():
    rec = dict(META, id="m1", text="W Gdańsku zginęło 12 osób.", date="2024-09-15")
    for flags in ([], ["--pretty"]):
        out = run(["--input", "jsonl"] + flags, stdin=json.dumps(rec).encode() + b"\n")
        if flags:
            docs = [json.loads(out.decode("utf-8"))]
        else:
            docs = parse_lines(out)
        check(len(docs) == 1, "one document expected")
        if not docs:
            return
        doc = docs[0]["doc"]
        check(doc["date"] == "2024-09-15", f"date {doc['date']!r}")
        m = doc.get("meta")
        check(isinstance(m, dict), "doc.meta missing")
        if not isinstance(m, dict):
            return
        check(list(m) == list(META), f"meta key order {list(m)}")
        for k, v in META.items():
            if isinstance(v, float) or (isinstance(v, int) and abs(v) > 2**53):
                check(math.isclose(m[k], v, rel_tol=1e-15), f"meta.{k}: {m[k]!r} != {v!r}")
            else:
                check(m[k] == v, f"meta.{k}: {m[k]!r} != {v!r}")


def case_pretty():
    texts = ["W Gdańsku zginęło 12 osób, a 30 zostało rannych – podała agencja PAP.",
             "Krótka notka bez liczb.", "Tab\tcudzysłów\" ukośnik\\ w Łodzi; ewakuowano 5 osób."]
    lines = b"".join(json.dumps({"id": f"p{i}", "text": t, "x": {"y": [{}, []]}}).encode() + b"\n"
                     for i, t in enumerate(texts))
    for extra in ([], ["--explain"]):
        compact = parse_lines(run(["--input", "jsonl"] + extra, stdin=lines))
        pretty_raw = run(["--input", "jsonl", "--pretty"] + extra, stdin=lines).decode("utf-8")
        # cJSON_Print layout: documents end with "}\n" at column 0 and the
        # next one starts with "{" on its own line
        parts = re.split(r"(?m)^\}\n", pretty_raw)
        check(parts[-1] == "" and len(parts) == len(texts) + 1, f"pretty: {len(parts) - 1} documents")
        pretty = [json.loads(p + "}") for p in parts[:-1]]
        check(pretty == compact, "pretty and compact output differ in content")
        for ln in pretty_raw.split("\n"):
            if not ln:
                continue
            check(re.match(r'^\t*(\{|\}|\]|"[^"]+":\t|[\]}]+,?$|\}, \{$|\{$)', ln) is not None or ln in ("{", "}"),
                  f"unexpected pretty line {ln!r}")
            check("  " not in ln.split('"')[0], f"indentation must be tabs: {ln!r}")
        check('"meta":\t{\n\t\t\t"x":\t{\n\t\t\t\t"y":\t[{\n\t\t\t\t\t}, []]\n\t\t\t}\n\t\t}' in pretty_raw,
              "nested meta layout differs from cJSON_Print")
        check('"facts":\t[]' in pretty_raw and '"warnings":\t[]' in pretty_raw, "empty arrays in pretty output")


CASES = {"escaping": case_escaping, "numbers": case_numbers, "fields": case_fields,
         "meta": case_meta, "pretty": case_pretty}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        print(f"usage: {sys.argv[0]} {'|'.join(CASES)}", file=sys.stderr)
        sys.exit(2)
    CASES[sys.argv[1]]()
    for f in failures[:30]:
        print("FAIL:", f, file=sys.stderr)
    sys.exit(1 if failures else 0)
