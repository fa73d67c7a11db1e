"""Helpers shared by the tests of `fakty events` (tests/events/*.py).

summary(event) turns a fakty-events/1 object into the short lines that the
case files and the newsroom test expect:

    killed @ województwo dolnośląskie [Polska] who=- 2025-06-14..2025-06-17 reports=5 docs=5
      figure 6 as_of 2025-06-16 change=rise disputed=no stale=1
      day 2025-06-15 5 first
      conflict 2025-06-15 4 <Według policji> vs 5 <Według wojewody dolnośląskiego>
      part Kłodzko who=- 2 as_of 2025-06-14

A count is written 7, >7 (more than), >=7, <7, <=7, ~7 (about), 3-9
(a range or a vague count). who=- is anyone (no category, or "people").
"""
import json
import os
import subprocess
import sys

SRC = os.environ.get("FAKTY_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BIN = os.path.abspath(os.environ.get("FAKTY_BIN", os.path.join(SRC, "build", "fakty")))
ANYONE = {None, "people"}

Q = {"more_than": ">", "at_least": ">=", "less_than": "<", "at_most": "<=", "about": "~"}


def count_str(c):
    if c.get("value") is not None:
        v = c["value"]
        v = int(v) if v == int(v) else v
        return Q.get(c.get("qualifier"), "") + str(v)
    lo, hi = c.get("min"), c.get("max")
    f = lambda x: "" if x is None else str(int(x) if x == int(x) else x)  # noqa: E731
    return f(lo) + "-" + f(hi)


def who_str(w):
    cat = (w or {}).get("category")
    return "-" if cat in ANYONE else cat


def source_str(side):
    return "<" + (side.get("source") or "unattributed") + ">"


def summary(ev):
    p = ev["place"]
    place = "-" if p is None else p["name"] or p["ref"]
    chain = ""
    if p and p.get("chain"):
        chain = " [" + ", ".join(x["name"] or x["ref"] for x in p["chain"]) + "]"
    per = ev["period"]
    dates = "undated" if per["first"] is None else per["first"] + ".." + per["last"]
    lines = ["%s @ %s%s who=%s %s reports=%d docs=%d" % (
        ev["type"], place, chain, who_str(ev["who"]), dates, len(ev["reports"]), ev["documents"])]
    f = ev["figure"]
    if f:
        lines.append("  figure %s as_of %s change=%s disputed=%s stale=%d" % (
            count_str(f), f["as_of"] or "-", f["change"], "yes" if f["disputed"] else "no", f["stale"]))
    for d in ev["timeline"]:
        lines.append("  day %s %s %s" % (d["date"] or "-", count_str(d), d["change"]))
    for c in ev["conflicts"]:
        lines.append("  conflict %s %s %s vs %s %s" % (
            c["date"], count_str(c["a"]), source_str(c["a"]), count_str(c["b"]), source_str(c["b"])))
    for pt in ev["parts"]:
        pp = pt["place"]
        pf = pt["figure"]
        lines.append("  part %s who=%s %s as_of %s%s" % (
            "-" if pp is None else pp["name"] or pp["ref"], who_str(pt["who"]), count_str(pf),
            pf["as_of"] or "-", " subset" if pt["subset"] else ""))
    return lines


def run(args, stdin=None, check=True, env=None):
    r = subprocess.run([BIN] + args, input=stdin, capture_output=True, env=env)
    if check and r.returncode not in (0,):
        sys.exit("fakty %s exited %d: %s" % (" ".join(args), r.returncode, r.stderr.decode(errors="replace")))
    return r


def events(lines_in, args=()):
    """fakty events on fakty/1 lines (str); returns the event objects."""
    r = run(["events"] + list(args), stdin=lines_in.encode())
    return [json.loads(x) for x in r.stdout.decode().splitlines()], r.stderr.decode()


def diff(want, got):
    import difflib
    return "\n".join(difflib.unified_diff(want, got, "expected", "got", lineterm=""))


def order_key(ev):
    """The output order of fakty events (fk_event_cmp in src/events_group.c)."""
    def s(x):
        return (0, "") if x is None else (1, x)
    p = ev["place"] or {}
    r = ev["reports"][0]
    per = ev["period"]
    return (per["last"] is None, s(per["last"]), s(per["first"]), s(ev["type"]), s(p.get("name")),
            s(p.get("ref")), s((ev["who"] or {}).get("category")), s(r["doc"]["path"]), s(r["doc"]["id"]),
            r["doc"].get("line", 0), r["fact"], s(r["evidence"]["text"]))
