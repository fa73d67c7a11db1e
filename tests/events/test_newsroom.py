#!/usr/bin/python3
"""The newsroom set: team-written Polish articles about invented events,
written as a newsroom would over several days (tests/events/newsroom/,
dated by their file names: YYYY-MM-DD-slug.txt). fakty extracts their
facts (--input jsonl, one record per article, id = the file name), `fakty
events` groups them, and the summary (evtest.py) must be exactly
tests/events/newsroom.expected: every event, figure, timeline, conflict and part.

The fakty/1 lines and the events are left in the working directory
(newsroom.fakty.jsonl, newsroom.events.jsonl) for inspection.
Exit 0 pass, 1 fail.
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evtest  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def records():
    out = []
    for p in sorted(glob.glob(os.path.join(HERE, "newsroom", "*.txt"))):
        name = os.path.basename(p)[:-4]
        out.append({"id": name, "date": name[:10], "text": open(p, encoding="utf-8").read()})
    return out


def main():
    recs = records()
    inp = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    facts = evtest.run(["--input", "jsonl", "--jobs", "2"], stdin=inp.encode()).stdout.decode()
    with open("newsroom.fakty.jsonl", "w", encoding="utf-8") as f:
        f.write(facts)
    r = evtest.run(["events"], stdin=facts.encode())
    with open("newsroom.events.jsonl", "wb") as f:
        f.write(r.stdout)
    evs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    got = [x for e in evs for x in evtest.summary(e)]
    want = [x for x in open(os.path.join(HERE, "newsroom.expected"), encoding="utf-8").read().splitlines()
            if x.strip() and not x.startswith("#")]
    if got != want:
        print("FAIL: the newsroom set's events differ from tests/events/newsroom.expected")
        print(evtest.diff(want, got))
        return 1
    print("ok: %d articles, %d facts, %d events as written" % (
        len(recs), sum(len(json.loads(x)["facts"]) for x in facts.splitlines()), len(evs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
