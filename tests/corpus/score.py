#!/usr/bin/env python3
"""Regression guard over the acceptance corpus: runs check.py --all and
fails if fewer articles pass than the recorded floor in min-passed (raise
the floor whenever the rules improve; never lower it silently).

Usage: score.py FAKTY_BINARY"""
import os
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
floor = int(open(os.path.join(here, "min-passed")).read().split()[0])
p = subprocess.run([sys.executable, os.path.join(here, "check.py"), sys.argv[1], "--all",
                    os.path.join(here, "articles")], capture_output=True, text=True)
print(p.stdout[-20000:])
m = re.search(r"^(\d+) passed, (\d+) failed", p.stdout, re.M)
if not m:
    print("no summary line from check.py:", p.stderr[-2000:])
    sys.exit(1)
passed = int(m.group(1))
print(f"corpus: {passed} articles pass, floor {floor}")
sys.exit(0 if passed >= floor else 1)
