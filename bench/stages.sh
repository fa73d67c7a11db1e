#!/bin/sh
# Instructions per stage (callgrind): a speed figure that does not depend on
# how busy the machine is. Counts the start-up (engine load) once and every
# extraction stage per MB of input.
#
# usage: bench/stages.sh [FAKTY] [DIR]   (default: build/fakty, a 1 MB slice
#        of the generated bench corpus made with bench/gen-corpus.py --mb 1)
# Needs: valgrind (callgrind_annotate), python3.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
FAKTY=${1:-$SRC/build/fakty}
DIR=${2:-}
command -v valgrind >/dev/null || { echo "stages.sh: valgrind is missing (apt-get install -y valgrind)" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ -z "$DIR" ]; then
    python3 "$HERE/gen-corpus.py" --mb 1 --seed 1 --data "$SRC" "$TMP/c" >/dev/null 2>&1
    DIR=$TMP/c/txt
fi
BYTES=$(find "$DIR" -name '*.txt' -exec cat {} + | wc -c)
valgrind --tool=callgrind --callgrind-out-file="$TMP/cg" "$FAKTY" --jobs 1 "$DIR" >/dev/null 2>"$TMP/log"
callgrind_annotate --inclusive=yes --tree=calling "$TMP/cg" > "$TMP/ann" 2>/dev/null
python3 - "$TMP/ann" "$BYTES" <<'PY'
import re, sys
ann, nbytes = sys.argv[1], int(sys.argv[2])
inc = {}        # function -> inclusive instructions (all callers)
calls = {}      # (caller, callee) -> inclusive instructions of that edge
total = 0
cur = None
for line in open(ann, encoding='utf-8', errors='replace'):
    m = re.match(r'\s*([\d,]+) \(\s*[\d.]+%\)\s+(\*|>|<)?\s*(\S+)', line)
    if not m:
        if not line.strip():
            cur = None
        continue
    n = int(m.group(1).replace(',', ''))
    mark, name = m.group(2), m.group(3)
    if name == 'PROGRAM':
        total = n
        continue
    fn = name.rsplit(':', 1)[-1]
    if mark == '*':
        cur = fn
        inc[fn] = max(inc.get(fn, 0), n)
    elif mark == '>' and cur:
        calls[(cur, fn)] = calls.get((cur, fn), 0) + n
mb = nbytes / 1e6
def edge(a, b):
    return sum(v for (x, y), v in calls.items() if x == a and y.startswith(b))
print('input: %.2f MB; total %.0f M instructions' % (mb, total / 1e6))
print('%-32s %16s' % ('stage', 'M instructions'))
print('%-32s %16.0f  once' % ('start-up (engine load)', inc.get('fakty_engine_new', 0) / 1e6))
for label, b in (('tokenizer', 'fk_tokenize'), ('sentences', 'fk_segment'), ('dates', 'fk_dat_run'),
                 ('numbers', 'fk_num_run'), ('entities (gazetteers, cues)', 'fk_gaz_run'),
                 ('facts', 'fk_facts_run')):
    print('%-32s %16.0f  per MB' % (label, edge('fk_doc_run', b) / 1e6 / mb))
print('%-32s %16.0f  per MB' % ('all extraction', inc.get('fakty_extract', 0) / 1e6 / mb))
fmt = max((v for k, v in inc.items() if k.startswith('format_doc')), default=0)
print('%-32s %16.0f  per MB' % ('output (JSON)', fmt / 1e6 / mb))
print('%-32s %16.0f  per MB' % ('whole run minus start-up', (total - inc.get('fakty_engine_new', 0)) / 1e6 / mb))
PY
