#!/usr/bin/python3
"""The events page (`fakty events --format html`) in headless Chromium:
it loads with no script error and no console error, its script ran
(body data-ready="1"), the rendered DOM has one section and one row in the
table of events per event and one chart per dated event, and a hostile
report (markup and quotes in its evidence, place and source) is shown as
text, not run. Writes events.html, events.dom.html and events.png in the
working directory.

Input: the newsroom set (fakty runs on it) and the hostile report.
Exit 0 pass, 1 fail, 77 skip (no Chromium).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evtest  # noqa: E402
import test_newsroom  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio"]
HOSTILE = "Według <b>„portalu”</b> zginęło 3 <script>document.title='hacked'</script> & \"więcej\"."


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def run_chrome(exe, args, url, timeout):
    """Chromium in its own process group, killed whole on time-out."""
    prof = tempfile.mkdtemp(prefix="fakty-chrome-")
    p = subprocess.Popen([exe] + FLAGS + ["--user-data-dir=" + prof] + args + [url], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        rc = None
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        shutil.rmtree(prof, ignore_errors=True)
    return rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def hostile_doc():
    return {"schema": "fakty/1",
            "doc": {"id": "hostile\"<x>", "path": "a&b.txt", "lang": "pl", "date": "2025-08-01"},
            "entities": [], "quantities": [], "dates": [], "warnings": [],
            "facts": [{"type": "killed", "count": {"value": 3, "min": 3, "max": 3, "qualifier": "exact", "text": "3"},
                       "who": {"text": "<i>osób</i>", "category": "people"},
                       "where": {"name": "Miasto \"<b>\"", "ref": None, "text": "x", "from": "sentence"},
                       "when": None, "source": {"text": "Według <b>„portalu”</b>", "name": None},
                       "evidence": {"sentence": 0, "start": 0, "end": len(HOSTILE), "text": HOSTILE},
                       "rule": "r<1>"}]}


def main():
    exe = chromium()
    if not exe:
        print("SKIP: chromium is not installed")
        return 77
    inp = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in test_newsroom.records())
    facts = evtest.run(["--input", "jsonl"], stdin=inp.encode()).stdout.decode()
    facts += json.dumps(hostile_doc(), ensure_ascii=False) + "\n"
    evs, _ = evtest.events(facts)
    page = evtest.run(["events", "--format", "html"], stdin=facts.encode()).stdout
    path = os.path.abspath("events.html")
    with open(path, "wb") as f:
        f.write(page)
    probs = []
    rc, dom, err = run_chrome(exe, ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom"],
                              "file://" + path, 60)
    if rc is None or not dom.strip():
        print("FAIL: chromium produced no DOM (rc=%s): %s" % (rc, err[-1500:]))
        return 1
    with open("events.dom.html", "w", encoding="utf-8") as f:
        f.write(dom)
    for line in err.splitlines():
        if "Uncaught" in line or ("CONSOLE" in line and "error" in line.lower()):
            probs.append("console: " + line.strip())
    if not re.search(r'<body[^>]*data-ready="1"', dom):
        probs.append("the page's script did not run (no data-ready)")
    sections = re.findall(r'<section class="event" id="(ev-[0-9a-f]{12})"', dom)
    if sections != [e["id"] for e in evs]:
        probs.append("%d sections in the DOM for %d events" % (len(sections), len(evs)))
    charts = len(re.findall(r'<svg class="timeline"', dom))
    want = sum(1 for e in evs if e["period"]["first"] and e["timeline"])
    if charts != want:
        probs.append("%d charts for %d dated events" % (charts, want))
    index = dom.split('<nav id="index">', 1)[-1]
    if len(re.findall(r'<a href="#ev-', index)) != len(evs):
        probs.append("the table of events does not list every event")
    if "hacked" in dom.split("</title>")[0] or "<script>document.title" in dom:
        probs.append("markup of a report was executed or left unescaped")
    if "&lt;script&gt;document.title" not in dom:
        probs.append("the hostile evidence is not shown as text")
    rc2, _, err2 = run_chrome(exe, ["--virtual-time-budget=3000", "--window-size=1280,1800",
                                    "--screenshot=" + os.path.abspath("events.png")], "file://" + path, 60)
    if rc2 is None or not os.path.exists("events.png") or os.path.getsize("events.png") < 10000:
        probs.append("no screenshot (rc=%s): %s" % (rc2, err2[-300:]))
    for p in probs:
        print("FAIL:", p)
    print("%s: %d events, %d charts, page %d bytes" % ("ok" if not probs else "failed", len(evs), charts, len(page)))
    return 1 if probs else 0


if __name__ == "__main__":
    sys.exit(main())
