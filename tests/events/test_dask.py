#!/usr/bin/python3
"""`tools/fakty-dask events` on a 2-worker LocalCluster gives what one
`fakty events` gives, byte for byte.

Input (fakty/1 JSON Lines, sorted by date): the newsroom set run through
fakty, every case file's documents, and test_memory's generated stream
for 60 days (7,200 documents, 2,400 events at 320 places) — split into
several files and byte ranges (--chunk-size) and grouped in 7 buckets.
Run with the default options and with `-- --window 2 --type killed`; and
once on the input in reverse order, which the runner sorts by date, stably
(so it must equal one `fakty events` on the input so sorted).
Exit 0 pass, 1 fail, 77 skip (no python3-distributed).
"""
import io
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evtest  # noqa: E402
import test_formats  # noqa: E402
import test_memory  # noqa: E402

PY = "/usr/bin/python3"
if subprocess.run([PY, "-c", "import distributed"], capture_output=True).returncode != 0:
    print("SKIP: python3-distributed is not installed for /usr/bin/python3")
    sys.exit(77)
RUNNER = os.path.join(evtest.SRC, "tools", "fakty-dask")


def main():
    base = test_formats.corpus().splitlines()
    gen = io.BytesIO()
    gen.close = lambda: None
    test_memory.stream(60, gen)
    lines = base + gen.getvalue().decode().splitlines()
    dated = sorted((x for x in lines if json.loads(x)["doc"]["date"]), key=lambda x: json.loads(x)["doc"]["date"])
    undated = [x for x in lines if not json.loads(x)["doc"]["date"]]
    ordered = dated + undated
    tmp = tempfile.mkdtemp(prefix="fakty-dask-events-")
    files = []
    third = len(ordered) // 3
    for i, chunk in enumerate((ordered[:third], ordered[third:2 * third], ordered[2 * third:])):
        p = os.path.join(tmp, "part%d.jsonl" % i)
        with open(p, "w", encoding="utf-8") as f:
            f.write("\n".join(chunk) + "\n")
        files.append(p)
    rev = os.path.join(tmp, "reversed.jsonl")
    with open(rev, "w", encoding="utf-8") as f:
        f.write("\n".join(ordered[::-1]) + "\n")
    fails = 0
    runs = [("default", files, []), ("--window 2 --type killed", files, ["--window", "2", "--type", "killed"]),
            ("reversed input", [rev], [])]
    for name, inputs, opts in runs:
        # the runner sorts by date, stably: one fakty events on that order
        seen = [x for p in inputs for x in open(p, encoding="utf-8").read().splitlines()]
        seen.sort(key=lambda x: json.loads(x)["doc"]["date"] or "")
        want = evtest.run(["events"] + opts, stdin=("\n".join(seen) + "\n").encode()).stdout
        out = os.path.join(tmp, "out.jsonl")
        r = subprocess.run([PY, RUNNER, "events", "--workers", "2", "--buckets", "7", "--chunk-size", "300k",
                            "--fakty", evtest.BIN, "--out", out] + inputs + (["--"] + opts if opts else []),
                           capture_output=True, timeout=500)
        got = open(out, "rb").read() if os.path.exists(out) else b""
        nev = want.count(b"\n")
        if r.returncode != 0 or got != want:
            fails += 1
            print("FAIL %s: exit %d, %d bytes for %d (%d events): %s" % (
                name, r.returncode, len(got), len(want), nev, r.stderr.decode(errors="replace")[-1500:]))
        else:
            print("ok   %s: %d events, identical (%s)" % (name, nev, r.stderr.decode().strip().splitlines()[-1]))
    r = subprocess.run([PY, RUNNER, "events", "--workers", "1", files[0], "--", "--format", "csv"],
                       capture_output=True, timeout=60)
    if r.returncode != 2:
        fails += 1
        print("FAIL: --format csv through the runner: exit %d, expected 2" % r.returncode)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
