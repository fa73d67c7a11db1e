#!/bin/sh
# fakty throughput and memory benchmark (see bench/README section in docs/scale.md).
#
# usage: bench/run.sh [MB]            (default 20 MB of generated text)
# env:   BUILD=DIR   build directory (default: build-bench in the repository)
#        WORK=DIR    corpus, forms and raw results (default: /tmp/fakty-bench)
#        RUNS=N      hyperfine runs per command (default 3)
#        SEED=N      corpus seed (default 1)
#        RESULTS=F   where to write the report (default: bench/results.md)
#        SCALE=1     also time the scale-out paths on this machine (fakty-dask,
#                    GNU parallel --pipepart) against fakty --jobs N
#        COMMIT=REV  commit to name in the report (default: git rev-parse HEAD)
#
# Needs: meson, ninja, hyperfine, GNU time (/usr/bin/time), grep, python3
# (Debian: apt-get install -y meson ninja-build hyperfine time wpolish).
set -eu

MB=${1:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$SRC/build-bench}
WORK=${WORK:-/tmp/fakty-bench}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
RESULTS=${RESULTS:-$HERE/results.md}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

for t in meson ninja hyperfine grep; do
    command -v $t >/dev/null || { echo "run.sh: $t is missing (apt-get install -y $t)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

echo "== build (release) in $BUILD" >&2
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" "$SRC" --buildtype=release >/dev/null
ninja -C "$BUILD" fakty >/dev/null
FAKTY=$BUILD/fakty
NCPU=$(nproc)

mkdir -p "$WORK"
C=$WORK/corpus-$MB-$SEED
# the corpus depends on the gazetteers: regenerate when they change
STAMP=$(cat "$SRC"/gazetteers/pl/*.tsv "$HERE"/gen-corpus.py "$HERE"/gazforms.py | md5sum | cut -c1-12)
if [ ! -f "$C/stamp" ] || [ "$(cat "$C/stamp")" != "$STAMP" ]; then
    echo "== generating $MB MB corpus in $C" >&2
    rm -rf "$C"
    $PY "$HERE/gen-corpus.py" --mb "$MB" --seed "$SEED" --data "$SRC" "$C"
    echo "$STAMP" > "$C/stamp"
fi
echo "== gazetteer forms for the grep baseline" >&2
$PY "$HERE/dump-forms.py" --fakty "$FAKTY" --data "$SRC" > "$WORK/forms.txt" 2> "$WORK/forms.log"
cat "$WORK/forms.log" >&2

# 1 file and 2000 files (the first four folders of 500) for the memory check
ONE=$(ls "$C"/txt/000/*.txt | head -1)
MANY=$WORK/many-$MB-$SEED
if [ ! -d "$MANY" ]; then
    mkdir -p "$MANY"
    for d in 000 001 002 003; do [ -d "$C/txt/$d" ] && ln -s "$C/txt/$d" "$MANY/$d"; done
fi
BIG=$(ls -S "$C"/txt/*/*.txt | head -1)
# one 2 MB document (memory grows with the largest document, not the batch)
DOC2=$C/doc-2mb.txt
[ -f "$DOC2" ] || head -c 2000000 "$C/corpus.txt" > "$DOC2"

export LC_ALL=C.UTF-8
R=$WORK/raw
mkdir -p "$R"
uptime > "$R/load-before.txt"

echo "== sanity: exit status 0 and one line per document" >&2
n=$("$FAKTY" --jobs 1 "$C/txt" | wc -l)
want=$(find "$C/txt" -name '*.txt' | wc -l)
[ "$n" = "$want" ] || { echo "run.sh: fakty wrote $n lines for $want files" >&2; exit 1; }

echo "== timing (hyperfine, $RUNS runs each)" >&2
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$R/hyperfine.json" \
    -n fakty-jobs1 "$FAKTY --jobs 1 $C/txt" \
    -n fakty-all "$FAKTY --jobs $NCPU $C/txt" \
    -n fakty-jsonl-jobs1 "$FAKTY --jobs 1 --input jsonl $C/corpus.jsonl" \
    -n grep-baseline "grep -o -F -w -f $WORK/forms.txt $C/corpus.txt | wc -l" \
    -n fakty-startup "$FAKTY --jobs 1 $ONE" \
    -n grep-startup "grep -o -F -w -f $WORK/forms.txt /dev/null | wc -l" >&2

echo "== peak RSS (/usr/bin/time -v)" >&2
rss() {  # name, command...
    name=$1; shift
    /usr/bin/time -v "$@" > /dev/null 2> "$R/time-$name.txt" || { cat "$R/time-$name.txt" >&2; exit 1; }
}
rss fakty-jobs1 "$FAKTY" --jobs 1 "$C/txt"
rss fakty-all "$FAKTY" --jobs "$NCPU" "$C/txt"
rss fakty-jsonl-jobs1 "$FAKTY" --jobs 1 --input jsonl "$C/corpus.jsonl"
rss one-file "$FAKTY" --jobs 1 "$ONE"
rss files-2000 "$FAKTY" --jobs 1 "$MANY"
rss files-2000-all "$FAKTY" --jobs "$NCPU" "$MANY"
rss largest-file "$FAKTY" --jobs 1 "$BIG"
rss doc-2mb "$FAKTY" --jobs 1 "$DOC2"
sh -c "grep -o -F -w -f $WORK/forms.txt $C/corpus.txt | wc -l" > "$R/grep-matches.txt"
/usr/bin/time -v grep -o -F -w -f "$WORK/forms.txt" "$C/corpus.txt" > /dev/null 2> "$R/time-grep-baseline.txt" || true
if [ "${SCALE:-0}" = 1 ]; then
    echo "== scale-out paths on one machine" >&2
    rm -f "$R/scale.json"
    command -v parallel >/dev/null || { echo "run.sh: SCALE=1 needs GNU parallel" >&2; exit 2; }
    hyperfine --style basic --runs "$RUNS" --export-json "$R/scale.json" \
        -n "fakty --jobs $NCPU txt/" "$FAKTY --jobs $NCPU $C/txt" \
        -n "fakty-dask --workers $NCPU txt/" "$PY $SRC/tools/fakty-dask -q --fakty $FAKTY --workers $NCPU $C/txt" \
        -n "fakty --jobs $NCPU --input jsonl corpus.jsonl" "$FAKTY --jobs $NCPU --input jsonl $C/corpus.jsonl" \
        -n "fakty-dask --workers $NCPU --chunk-size 4M corpus.jsonl" "$PY $SRC/tools/fakty-dask -q --fakty $FAKTY --workers $NCPU --chunk-size 4M $C/corpus.jsonl" \
        -n "parallel --pipepart --block -4 -k fakty --jobs 1 --input jsonl" "parallel --will-cite --pipepart -a $C/corpus.jsonl --block -4 -k $FAKTY --jobs 1 --input jsonl" >&2
fi
uptime > "$R/load-after.txt"

$PY "$HERE/report.py" --src "$SRC" --fakty "$FAKTY" --corpus "$C" --work "$WORK" --one "$ONE" \
    --many "$MANY" --big "$BIG" --doc2 "$DOC2" \
    --mb "$MB" --seed "$SEED" --runs "$RUNS" --commit "${COMMIT:-}" --out "$RESULTS"
