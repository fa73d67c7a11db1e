#!/usr/bin/env bash
# Byte-identical check of two fakty builds, for refactors and speed-ups.
#
# usage: tools/check-identical.sh REF_BIN NEW_BIN [WORK]
#
# Runs both binaries on
#   - the 5 MB generated corpus (bench/gen-corpus.py --mb 5 --seed 1), as a folder and as JSON Lines,
#   - the NKJP texts of ../shared/data/nkjp1m.jsonl (skipped with a message when absent),
#   - every text under tests/ and examples/ (one run over the list of files),
# in every format (json, --pretty, csv, tsv, html), with and without --explain, and
# compares the outputs with cmp. Prints one line per comparison and exits 1 on any difference.
# Both binaries read the data of this checkout (FAKTY_DATA), so a data change shows up too.
set -uo pipefail
ref=$(readlink -f "$1"); new=$(readlink -f "$2")
src=$(cd "$(dirname "$0")/.." && pwd)
work=${3:-/tmp/fakty-identical}
mkdir -p "$work"
export FAKTY_DATA=${FAKTY_DATA:-$src} LC_ALL=C.UTF-8
corpus=$work/corpus-5
if [[ ! -f $corpus/corpus.jsonl ]]; then
    python3 "$src/bench/gen-corpus.py" --mb 5 --seed 1 --data "$src" "$corpus" >/dev/null 2>&1 ||
        { echo "check-identical: cannot generate the corpus"; exit 2; }
fi
shared=${FAKTY_SHARED:-$src/../shared}
nkjp=$work/nkjp.jsonl
if [[ -f $shared/data/nkjp1m.jsonl && ! -f $nkjp ]]; then
    python3 -c 'import json,sys
for l in open(sys.argv[1]):
    d=json.loads(l); print(json.dumps({"id":d["id"],"text":d["text"],"date":"2003-05-01"},ensure_ascii=False))' \
        "$shared/data/nkjp1m.jsonl" > "$nkjp"
fi
mapfile -t texts < <(cd "$src" && find tests examples -name '*.txt' -size +0 | sort)
fail=0
run() {  # label args...
    local label=$1; shift
    (cd "$src" && "$ref" "$@" >"$work/ref.out" 2>"$work/ref.err"; echo $? >"$work/ref.rc")
    (cd "$src" && "$new" "$@" >"$work/new.out" 2>"$work/new.err"; echo $? >"$work/new.rc")
    if cmp -s "$work/ref.out" "$work/new.out" && cmp -s "$work/ref.err" "$work/new.err" &&
       cmp -s "$work/ref.rc" "$work/new.rc"; then
        echo "same      $label ($(wc -c <"$work/new.out") bytes)"
    else
        echo "DIFFERENT $label"; fail=1
        cmp "$work/ref.out" "$work/new.out" | head -2
    fi
}
for fmt in "" "--pretty" "--format csv" "--format tsv" "--format html"; do
    for ex in "" "--explain"; do
        # shellcheck disable=SC2086
        run "corpus-dir $fmt $ex" $fmt $ex --date 2022-01-10 "$corpus/txt"
        # shellcheck disable=SC2086
        run "corpus-jsonl $fmt $ex" $fmt $ex --input jsonl "$corpus/corpus.jsonl"
        # shellcheck disable=SC2086
        run "test-texts $fmt $ex" $fmt $ex --date 2022-01-10 "${texts[@]}"
        if [[ -f $nkjp ]]; then
            # shellcheck disable=SC2086
            run "nkjp $fmt $ex" $fmt $ex --input jsonl "$nkjp"
        fi
    done
done
[[ -f $nkjp ]] || echo "skipped   nkjp (no $shared/data/nkjp1m.jsonl)"
run "jobs-2 explain" --jobs 2 --explain --input jsonl "$corpus/corpus.jsonl"
if ((fail)); then echo "check-identical: outputs differ"; exit 1; fi
echo "check-identical: all outputs identical"
