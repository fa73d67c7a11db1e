#!/bin/bash
# Regenerate the default Polish place gazetteers and the inflection data from
# Debian-packaged sources. Maintenance only (not run in CI); needs root for apt-get.
#
#   bash tools/gazgen/generate.sh            # everything
#   GAZGEN_WORK=/tmp/x bash tools/gazgen/generate.sh   # keep intermediate files there
#   GAZGEN_SKIP_APT=1 ...                    # do not call apt-get (packages already there)
#   GAZGEN_LEXICON_ONLY=1 ...                # only refresh lexicon.tsv (after editing hand tables)
#
# Writes gazetteers/pl/{countries,subdivisions,cities,adjectives-places}.tsv,
# gazetteers/parents.tsv and
# gazetteers/pl/inflection/{lexicon,suffixes}.tsv. See tools/gazgen/README.md.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
GAZ=$ROOT/gazetteers/pl
WORK=${GAZGEN_WORK:-$(mktemp -d /tmp/gazgen.XXXXXX)}
PY=/usr/bin/python3
mkdir -p "$WORK" "$GAZ/inflection"
echo "gazgen: work directory $WORK" >&2

PACKAGES="iso-codes unicode-cldr-core libicu-dev libgeonames-dev libmorfologik-stemming-java
 libcarrotsearch-hppc-java libcommons-cli-java libcommons-lang3-java default-jre-headless
 hunspell hunspell-pl gcc pkg-config unzip python3"
if [ -z "${GAZGEN_SKIP_APT:-}" ]; then
    missing=$(for p in $PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
    if [ -n "$missing" ]; then
        apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2
    fi
fi

# 1. Morfologik dump (form, lemma, tags) -> paradigms
if [ ! -s "$WORK/morf.tsv" ]; then
    (cd "$WORK" && unzip -o -q /usr/share/java/morfologik-polish.jar morfologik/dictionaries/pl.dict morfologik/dictionaries/pl.info)
    CP=/usr/share/java/morfologik-tools.jar:/usr/share/java/morfologik-fsa.jar:/usr/share/java/morfologik-stemming.jar:/usr/share/java/commons-cli.jar:/usr/share/java/commons-lang3.jar:/usr/share/java/hppc.jar
    java -cp "$CP" morfologik.tools.Launcher fsa_dump -x -d "$WORK/morfologik/dictionaries/pl.dict" |
        awk 'f && /^--------------------$/ {exit} f {print} /^Decoded FSA data/ {getline; f=1}' > "$WORK/morf.tsv.tmp"
    mv "$WORK/morf.tsv.tmp" "$WORK/morf.tsv"
fi
[ -s "$WORK/para.tsv" ] || $PY "$HERE/morf_prep.py" "$WORK/morf.tsv" "$WORK/para.tsv"

if [ -z "${GAZGEN_LEXICON_ONLY:-}" ]; then
    # 2. C helpers: ICU exemplar cities + country names, libgeonames dump
    gcc -O1 -o "$WORK/icu_cities" "$HERE/icu_cities.c" $(pkg-config --cflags --libs icu-i18n icu-uc)
    gcc -O1 -o "$WORK/geonames_dump" "$HERE/geonames_dump.c" $(pkg-config --cflags --libs geonames)
    "$WORK/icu_cities" > "$WORK/icu.tsv"
    LC_ALL=C.UTF-8 LANGUAGE=pl "$WORK/geonames_dump" > "$WORK/geo_pl.tsv"
    env -u LANGUAGE LC_ALL=C.UTF-8 "$WORK/geonames_dump" > "$WORK/geo_en.tsv"

    # 3. suffix paradigms, gender guesses, I/J endings
    $PY "$HERE/make_suffixes.py" "$WORK/para.tsv" "$HERE/hand-suffixes.tsv" "$WORK/geo_en.tsv" "$WORK/suffixes.tsv"
    cp "$WORK/suffixes.tsv" "$GAZ/inflection/suffixes.tsv"

    # 4. places (specs computed with the new suffixes and Morfologik)
    $PY "$HERE/places.py" "$WORK" "$WORK/out"
    cp "$WORK/out/countries.tsv" "$WORK/out/subdivisions.tsv" "$WORK/out/cities.tsv" "$GAZ/"
fi

# 4b. relational adjectives of Polish towns, "powiat X", voivodeships of 1975-1998
#     (needs geo_pl.tsv from step 2 to tell Polish towns; kept as is when missing)
if [ -s "$WORK/geo_pl.tsv" ]; then
    GAZGEN_GEO_PL="$WORK/geo_pl.tsv" $PY "$HERE/place_adjectives.py" "$WORK/para.tsv" "$GAZ" \
        "$HERE/place-adjectives.tsv" "$GAZ/adjectives-places.tsv"
fi

# 4c. the place above each place (gazetteers/parents.tsv, for fakty events)
if [ -s "$WORK/geo_pl.tsv" ]; then
    $PY "$HERE/place_parents.py" "$WORK/geo_en.tsv" "$WORK/geo_pl.tsv" "$GAZ" \
        "$HERE/place-parents.tsv" "$ROOT/gazetteers/parents.tsv"
fi

# 5. lexicon for every word of every name in gazetteers/pl/*.tsv (generated and hand-written)
$PY "$HERE/make_lexicon.py" "$WORK" "$GAZ" "$GAZ/inflection/lexicon.tsv"

# 6. measure
$PY "$HERE/check_inflection.py" --inflection "$GAZ/inflection" --para "$WORK/para.tsv" | tail -n 9 >&2 || true
ls -l "$GAZ"/countries.tsv "$GAZ"/subdivisions.tsv "$GAZ"/cities.tsv "$GAZ"/inflection/*.tsv >&2
[ -n "${GAZGEN_WORK:-}" ] || rm -rf "$WORK"
