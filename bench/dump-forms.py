#!/usr/bin/python3
"""Print every surface form the gazetteers can match, one per line (for the
`grep -F -w -f FORMS` baseline of bench/run.sh).

usage: dump-forms.py [--fakty BIN] [--data DIR] [--no-inflect] > forms.txt

1. If the fakty binary has `--dump-forms`, its list is used as is (that is
   exactly what the engine indexes).
2. Else the tables in DIR/gazetteers/pl/*.tsv are expanded here: every name
   and alias, inflected with inflection/lexicon.tsv and the suffix paradigms
   (bench/gazforms.py, an approximation of src/gazetteer.c), plus the
   ALL-CAPS variant of each form (fakty matches "as written, or all upper
   case"). --no-inflect keeps the names and aliases as written.
A line on stderr says which source was used and how many forms there are.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gazforms  # noqa: E402


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--fakty", default=os.path.join(os.path.dirname(here), "build", "fakty"))
    ap.add_argument("--data", default=os.path.dirname(here))
    ap.add_argument("--no-inflect", action="store_true")
    a = ap.parse_args()

    if a.fakty and os.access(a.fakty, os.X_OK):
        h = subprocess.run([a.fakty, "--help"], capture_output=True, text=True)
        if "--dump-forms" in h.stdout:
            p = subprocess.run([a.fakty, "--dump-forms"], capture_output=True)
            if p.returncode == 0 and p.stdout:
                sys.stdout.buffer.write(p.stdout)
                n = p.stdout.count(b"\n")
                print(f"dump-forms: {n} forms from `{a.fakty} --dump-forms`", file=sys.stderr)
                return 0

    entries = gazforms.load_tables(a.data)
    infl = None if a.no_inflect else gazforms.Inflector(a.data)
    forms = set()
    for e in entries:
        if infl:
            fs = infl.entry_forms(e)
        else:
            fs = {e.name} | {x for x, _ in e.aliases}
        forms |= fs
        if "exact" not in e.flags:
            forms |= {f.upper() for f in fs}
    forms.discard("")
    out = sorted(forms)
    sys.stdout.write("".join(f + "\n" for f in out))
    how = "names and aliases as written" if a.no_inflect else \
        "names and aliases inflected by bench/gazforms.py (lexicon + suffix paradigms)"
    print(f"dump-forms: {len(out)} forms from {len(entries)} entries in {a.data}/gazetteers/pl/*.tsv, "
          f"{how}, plus ALL-CAPS variants; fakty has no --dump-forms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
