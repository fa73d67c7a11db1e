#!/usr/bin/env python3
"""Add up meson test logs: test-summary.py NAME=path/testlog.json ...
A NAME=FAILED argument counts as one failed step (a build that broke).
Prints failures and the final line "N passed, N failed[, N skipped]";
exits 1 if anything failed."""
import json
import sys

passed = failed = skipped = 0
for arg in sys.argv[1:]:
    name, _, path = arg.partition("=")
    if path == "FAILED":
        print(f"FAILED: {name}")
        failed += 1
        continue
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as e:
        print(f"FAILED: {name}: cannot read {path}: {e}")
        failed += 1
        continue
    for line in lines:
        t = json.loads(line)
        r = t.get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
        else:
            failed += 1
            print(f"FAILED: {name}: {t.get('name')} ({r})")
summary = f"{passed} passed, {failed} failed"
if skipped:
    summary += f", {skipped} skipped"
print(summary)
sys.exit(1 if failed or passed == 0 else 0)
