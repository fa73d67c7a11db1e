#!/usr/bin/python3
"""`fakty events` holds only the events open in the window: its memory does
not grow with the input.

A generator writes fakty/1 lines sorted by date straight into fakty events
(no file): every day PER_DAY new events start, each reported on three days
in a row (counts 2, 3, 4) by documents with ~1 KB of evidence, at places
chosen so that no two open events share one. The same stream is run for
SHORT and LONG days (15 times the input: ~180 MB); the long run has an
address-space limit (RLIMIT_AS, 300 MB) and its peak RSS (wait4) must stay
within 1.5 times the short run's + 8 MB. Both must give exactly one event
per started event, each with its three reports and the figure 4.

Skips (77) when FAKTY_SLOW_TESTS=0 (the sanitizer build: its shadow memory
defeats an address-space limit). Exit 0 pass, 1 fail.
"""
import json
import os
import resource
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evtest  # noqa: E402

PER_DAY = 40
SHORT, LONG = 100, 1500
AS_LIMIT = 300 << 20
PAD = "Mieszkańcy relacjonują, że woda przybierała bardzo szybko, a służby pracowały przez całą noc. " * 10


def places():
    """8 * PER_DAY city ids (an event's place is reused 8 days later)."""
    out = []
    with open(os.path.join(evtest.SRC, "gazetteers", "parents.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("geonames:") and "\tiso3166-2:PL-" in line:
                out.append(line.split("\t")[0])
            if len(out) == 8 * PER_DAY:
                break
    return out


def day_str(d):
    return time.strftime("%Y-%m-%d", time.gmtime(86400 * (19000 + d)))


def stream(days, out):
    refs = places()
    # one document, its varying fields left as %-slots (faster than json.dumps each)
    tmpl = json.dumps({"schema": "fakty/1",
                       "doc": {"id": "@ID", "path": None, "lang": "pl", "date": "@DATE"},
                       "entities": [], "quantities": [], "dates": [], "warnings": [],
                       "facts": [{"type": "@TYPE", "count": {"value": 0, "min": 0, "max": 0, "qualifier": "exact",
                                                           "text": "@V"},
                                  "who": {"text": "osób", "category": "people"},
                                  "where": {"name": "@NAME", "ref": "@REF", "text": "M", "from": "sentence"},
                                  "when": None, "source": {"text": "Według policji", "name": None},
                                  "evidence": {"sentence": 0, "start": 0, "end": len(PAD), "text": PAD},
                                  "rule": "gen"}]}, ensure_ascii=False)
    tmpl = tmpl.replace("%", "%%")
    for k in ("@ID", "@DATE", "@TYPE", "@V", "@NAME", "@REF"):
        tmpl = tmpl.replace(k, "%s")
    tmpl = tmpl.replace('"value": 0, "min": 0, "max": 0', '"value": %d, "min": %d, "max": %d')
    n = 0
    for t in range(days + 2):
        date = day_str(t)
        buf = []
        for j in (2, 1, 0):           # events started on t-2, t-1, t
            d = t - j
            if d < 0 or d >= days:
                continue
            for k in range(PER_DAY):
                slot = (d % 8) * PER_DAY + k
                v = 2 + j
                buf.append(tmpl % ("g%d-%d-%d" % (d, k, j), date, "killed" if k % 2 else "injured", v, v, v,
                                   v, "Miasto %d" % slot, refs[slot]) + "\n")
                n += 1
        out.write("".join(buf).encode())
    out.close()
    return n


def run(days, limit):
    def pre():
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    p = subprocess.Popen([evtest.BIN, "events"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, preexec_fn=pre)
    fed = []
    th = threading.Thread(target=lambda: fed.append(stream(days, p.stdin)))
    th.start()
    events = bad = 0
    for line in p.stdout:
        e = json.loads(line)
        events += 1
        if len(e["reports"]) != 3 or e["figure"]["value"] != 4 or len(e["timeline"]) != 3:
            bad += 1
    err = p.stderr.read().decode(errors="replace")
    th.join()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return events, bad, ru.ru_maxrss / 1024.0, p.returncode, err, fed[0] if fed else 0


def main():
    if os.environ.get("FAKTY_SLOW_TESTS", "1") == "0":
        print("SKIP: slow tests are off (FAKTY_SLOW_TESTS=0)")
        return 77
    fails = 0
    res = {}
    for days, limit in ((SHORT, 0), (LONG, AS_LIMIT)):
        t0 = time.time()
        events, bad, rss, rc, err, docs = run(days, limit)
        res[days] = rss
        print("%d days: %d documents, %d events, peak RSS %.1f MB, %.1f s%s" % (
            days, docs, events, rss, time.time() - t0, " (RLIMIT_AS %d MB)" % (limit >> 20) if limit else ""))
        if rc != 0 or events != days * PER_DAY or bad:
            print("FAIL: exit %d, %d events for %d, %d wrong: %s" % (rc, events, days * PER_DAY, bad, err[-500:]))
            fails += 1
    if res[LONG] > 1.5 * res[SHORT] + 8:
        print("FAIL: peak RSS grew with the input: %.1f MB for %d days, %.1f MB for %d" % (
            res[SHORT], SHORT, res[LONG], LONG))
        fails += 1
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
