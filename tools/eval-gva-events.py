#!/usr/bin/env python3
"""Score `fakty events` against the Gun Violence Archive: one event per
incident, with GVA's count as its figure (issue 15).

    tools/eval-gva-events.py [--fakty build/fakty] [--data FILE] [--split dev|test|all]
                             [--type killed|injured] [--lang-arg ARGS] [--facts FILE]
                             [--errors N] [--json] [-- EVENTS-ARGS...]

The data: ../shared/data/gva-dev.jsonl (or $FAKTY_SHARED/data/gva-dev.jsonl, or
--data): English local news about US shootings; several articles may report one
incident (`incident_id`), each with the incident's GVA counts (`gold`). It stays
outside the project; where it is absent the scorer says so and exits 77.

The run: every article (all incidents, as an archive would hold them), sorted
by date, through `fakty --input jsonl --lang en` (text and date; --lang-arg
changes how the language is given, --facts reads fakty/1 lines made before),
then `fakty events` (EVENTS-ARGS after `--`). Only the English pack makes the
facts; without it fakty fails and the scorer says so (exit 77).

Scored: the incidents of the split with two or more articles. An incident's
events of a type are the events of that type holding a report from one of
its articles. The type: --type, or (auto, the default) killed when GVA counts
a death, else injured.
  one event   exactly one such event, and it holds no report of another
              incident's article (not split, not merged); an incident where no
              article has a fact of the type fails ("none");
  figure      the killed figure (--type auto; else the type's) of the
              incident's killed event (of the one with most of its articles,
              when split) equals GVA's count; with no event, right when GVA's
              count is 0.
Also printed: how the failures split (none, split, merged) and, with
--errors N, N failing incidents with their events' figures and documents.
--split dev|test keeps the incidents whose id's md5 ends in an even (dev) or
odd (test) byte (tools/eval-gva.py's convention).
"""
import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLD = {"killed": "n_killed", "injured": "n_injured", "arrested": "n_arrested"}


def default_data():
    shared = os.environ.get("FAKTY_SHARED") or os.path.join(os.path.dirname(ROOT), "shared")
    return os.path.join(shared, "data", "gva-dev.jsonl")


def in_split(incident_id, split):
    if split in (None, "all"):
        return True
    h = hashlib.md5(str(incident_id).encode("utf-8")).digest()[-1] & 1
    return (h == 0) == (split == "dev")


def run_fakty(fakty, recs, lang_args):
    inp = "".join(json.dumps({"id": r["id"], "text": r["text"], "date": r.get("date")}, ensure_ascii=False) + "\n"
                  for r in recs)
    p = subprocess.run([fakty, "--input", "jsonl"] + lang_args, input=inp.encode("utf-8"),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if p.returncode not in (0, 1):
        print("eval-gva-events: SKIP: fakty %s failed (%d): %s\nThe English pack is needed (fakty --lang en)."
              % (" ".join(lang_args), p.returncode, p.stderr.decode("utf-8", "replace")[:600]))
        sys.exit(77)
    out = p.stdout.decode("utf-8")
    langs = {json.loads(x)["doc"].get("lang") for x in out.splitlines()[:20]}
    if "en" not in langs and "--lang" in lang_args:
        print("eval-gva-events: SKIP: fakty did not use an English pack (doc.lang %s)" % sorted(langs))
        sys.exit(77)
    return out


def main():
    argv = sys.argv[1:]
    events_args = []
    if "--" in argv:
        k = argv.index("--")
        argv, events_args = argv[:k], argv[k + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fakty", default=os.path.join(ROOT, "build", "fakty"))
    ap.add_argument("--data", default=None)
    ap.add_argument("--split", default="all", choices=["dev", "test", "all"])
    ap.add_argument("--type", default="auto", choices=["auto"] + sorted(GOLD))
    ap.add_argument("--lang-arg", default="--lang en", help='how fakty is told the language (default "--lang en")')
    ap.add_argument("--facts", help="fakty/1 lines of the data made before (skips running fakty)")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    path = a.data or default_data()
    if not os.path.exists(path):
        print("eval-gva-events: SKIP: %s is not here; the GVA data lives in the shared data directory "
              "next to the project (../shared/data) or $FAKTY_SHARED/data" % path)
        return 77
    recs = [json.loads(x) for x in open(path, encoding="utf-8")]
    recs.sort(key=lambda r: r.get("date") or "")
    incident = {r["id"]: str(r["incident_id"]) for r in recs}
    gold = {str(r["incident_id"]): r["gold"] for r in recs}
    docs = collections.defaultdict(list)
    for r in recs:
        docs[str(r["incident_id"])].append(r["id"])

    if a.facts:
        facts = open(a.facts, encoding="utf-8").read()
    else:
        facts = run_fakty(a.fakty, recs, a.lang_arg.split())
    with tempfile.TemporaryFile() as f:
        f.write(facts.encode("utf-8"))
        f.seek(0)
        p = subprocess.run([a.fakty, "events"] + events_args, stdin=f, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, check=False)
    if p.returncode != 0:
        sys.exit("eval-gva-events: fakty events failed (%d): %s" % (p.returncode, p.stderr.decode()[:1000]))
    events = [json.loads(x) for x in p.stdout.decode("utf-8").splitlines()]
    held = collections.defaultdict(list)  # (incident, type) -> events holding its reports
    for e in events:
        incs = {incident.get(r["doc"]["id"]) for r in e["reports"]}
        for i in incs:
            if i is not None:
                held[(i, e["type"])].append((e, incs))

    scored = [i for i, ds in docs.items() if len(ds) >= 2 and in_split(i, a.split)]
    counts = collections.Counter()
    fails = []
    ftype = "killed" if a.type == "auto" else a.type
    for i in scored:
        g = gold[i]
        otype = a.type if a.type != "auto" else ("killed" if g["n_killed"] > 0 else "injured")
        evs = held.get((i, otype), [])
        one = len(evs) == 1 and evs[0][1] == {i}
        if not evs:
            why = "none"
        elif len(evs) > 1:
            why = "split"
        elif evs[0][1] != {i}:
            why = "merged"
        else:
            why = "one"
        counts[why] += 1
        fevs = held.get((i, ftype), [])
        want = g[GOLD[ftype]]
        if fevs:
            best = max(fevs, key=lambda x: sum(1 for r in x[0]["reports"] if incident.get(r["doc"]["id"]) == i))[0]
            fig = best["figure"]["value"] if best["figure"] else None
        else:
            fig = 0
        ok_fig = fig == want
        counts["figure"] += ok_fig
        counts["one_and_figure"] += one and ok_fig
        if not (one and ok_fig):
            fails.append((i, why, want, fig, evs))
    n = len(scored)
    res = {"type": a.type, "split": a.split, "incidents": n, "events": len(events),
           "one_event": counts["one"] / n if n else 0.0, "figure": counts["figure"] / n if n else 0.0,
           "both": counts["one_and_figure"] / n if n else 0.0,
           "none": counts["none"], "split_events": counts["split"], "merged": counts["merged"]}
    if a.json:
        print(json.dumps(res))
    else:
        print("eval-gva-events: type %s, %s split: %d incidents with 2+ articles, %d events in all" % (
            a.type, a.split, n, len(events)))
        print("  one event per incident  %.3f  (%d; failures: %d none, %d split, %d merged with another)" % (
            res["one_event"], counts["one"], counts["none"], counts["split"], counts["merged"]))
        print("  figure == GVA %-9s %.3f  (%d)" % (GOLD[ftype], res["figure"], counts["figure"]))
        print("  both                    %.3f" % res["both"])
    for i, why, want, fig, evs in fails[:a.errors]:
        print("\nincident %s (%s): GVA %d, figure %s" % (i, why, want, fig))
        for e, incs in evs:
            print("  event %s %s figure %s, %d reports from incidents %s" % (
                e["id"], (e["place"] or {}).get("name"), (e["figure"] or {}).get("value"), len(e["reports"]),
                sorted(x for x in incs if x)))
        for d in docs[i]:
            print("  article", d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
