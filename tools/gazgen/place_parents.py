#!/usr/bin/python3
"""Generate gazetteers/parents.tsv: the place above each place (city ->
region -> country), for `fakty events` (docs/events.md, docs/gazetteers.md).

Usage: place_parents.py GEO_EN GEO_PL GAZDIR HAND OUT

  GEO_EN, GEO_PL  libgeonames dumps (tools/gazgen/geonames_dump.c run with
                  LANGUAGE unset and LANGUAGE=pl): id, country code, name,
                  lat, lon, population, time zone, first-level division name
  GAZDIR          gazetteers/pl (subdivisions.tsv gives the Polish names of
                  the ISO 3166-2 codes; adjectives-places.tsv ties a "powiat
                  X" to the town of the adjective X)
  HAND            tools/gazgen/place-parents.tsv: hand links (id, parent)
                  for places the sources do not place (districts, streets,
                  small towns, regions of hand-written tables)
  OUT             the table: `id<TAB>parent`, sorted by id

Links made, in this order (the first link of an id wins):
  1. the hand links;
  2. iso3166-2:CC-X -> its parent subdivision in iso-codes when it has one,
     else iso3166:CC;
  3. geonames:N (a libgeonames city) -> the ISO 3166-2 code of its
     first-level division when its name matches one of the country's codes
     (names from libgeonames in English and Polish against CLDR's English
     and Polish names, iso-codes' names and subdivisions.tsv's names and
     aliases, compared without case, diacritics and generic words such as
     "Voivodeship" or "Province"), else iso3166:CC;
  4. fakty:powiat-X -> the parent of the town whose relational adjective
     is X (adjectives-places.tsv);
  5. the towns of towns.tsv (small Polish towns the sources lack) ->
     iso3166:PL (their voivodeship is not in any source at hand).
Prints what it could not place to standard error.
"""
import json
import os
import sys
import unicodedata
import xml.etree.ElementTree as ET

ISO = '/usr/share/iso-codes/json/iso_3166-2.json'
CLDR = '/usr/share/unicode/cldr/common/subdivisions'
GENERIC = {
    'voivodeship', 'province', 'region', 'state', 'oblast', 'governorate', 'prefecture',
    'department', 'county', 'district', 'municipality', 'autonomous', 'republic', 'of', 'the',
    'krai', 'kray', 'okrug', 'territory', 'capital', 'city', 'metropolitan', 'federal', 'special',
    'administrative', 'parish', 'canton', 'emirate', 'division', 'zone', 'land', 'provincia',
    'departamento', 'estado', 'region', 'wojewodztwo', 'obwod', 'prowincja', 'stan', 'okreg',
    'kraj', 'departament', 'republika', 'hrabstwo', 'gubernatorstwo', 'prefektura', 'wilajet',
    'and', 'i', 'de', 'del', 'la', 'le', 'das', 'do', 'da', 'di', 'al', 'el',
}


def fold(s, generic=True):
    s = unicodedata.normalize('NFKD', s.lower().replace('ł', 'l'))
    s = ''.join(c if c.isalnum() else ' ' for c in s if not unicodedata.combining(c))
    return ' '.join(w for w in s.split() if not generic or w not in GENERIC)


def folds(s):
    """The name without generic words, and the whole name marked with '='."""
    return {fold(s), '=' + fold(s, False)}


def tsv_rows(path):
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            yield line.rstrip('\n').split('\t')


def aliases(field):
    for a in (field or '').split('|'):
        a = a.strip()
        if a and a != '-':
            yield a.split('{', 1)[0]


def subdivision_names(gazdir):
    """code (CC-X) -> set of folded names; code -> parent code or None."""
    names, parent = {}, {}
    for s in json.load(open(ISO, encoding='utf-8'))['3166-2']:
        c = s['code']
        names.setdefault(c, set()).update(folds(s['name']))
        parent[c] = s.get('parent')
    for lang in ('en', 'pl'):
        path = os.path.join(CLDR, lang + '.xml')
        if not os.path.exists(path):
            continue
        for e in ET.parse(path).getroot().iter('subdivision'):
            t = e.get('type', '')
            code = (t[:2] + '-' + t[2:]).upper()
            if code in names and e.text:
                names[code].update(folds(e.text))
    for r in tsv_rows(os.path.join(gazdir, 'subdivisions.tsv')):
        if len(r) > 3 and r[3].startswith('iso3166-2:'):
            code = r[3][len('iso3166-2:'):]
            if code in names:
                names[code].update(folds(r[0]))
                for a in aliases(r[4] if len(r) > 4 else ''):
                    names[code].update(folds(a))
    for c in names:
        names[c] -= {'', '='}
    return names, parent


def match_admin1(cc, admin_names, by_country):
    """The code of the country's first-level division named admin_names."""
    cands = by_country.get(cc, [])
    exact = {'=' + fold(n, False) for n in admin_names if n}
    hits = {c for c, ns, _ in cands if ns & exact}
    if len(hits) == 1:
        return hits.pop()
    folded = {fold(n) for n in admin_names if n}
    folded.discard('')
    if not folded:
        return None
    hits = {c for c, ns, _ in cands if ns & folded}
    top = {c for c in hits if not next(p for x, _, p in cands if x == c)}
    if len(top) == 1:
        return top.pop()
    if len(hits) == 1:
        return hits.pop()
    # one division whose name holds the admin name or is held by it (whole words)
    part = set()
    for c, ns, p in cands:
        for n in ns:
            if n.startswith('='):
                continue
            for a in folded:
                if (' ' + a + ' ') in (' ' + n + ' ') or (' ' + n + ' ') in (' ' + a + ' '):
                    part.add(c)
    top = {c for c in part if not next(p for x, _, p in cands if x == c)}
    if len(top) == 1:
        return top.pop()
    return None


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    geo_en, geo_pl, gazdir, hand, out = sys.argv[1:]
    links = {}
    for r in tsv_rows(hand):
        if len(r) >= 2 and r[0] not in links:
            links[r[0]] = r[1]
    n_hand = len(links)

    names, parent = subdivision_names(gazdir)
    by_country = {}
    for c, ns in names.items():
        by_country.setdefault(c[:2], []).append((c, ns, parent.get(c)))
    for c in names:
        key = 'iso3166-2:' + c
        if key not in links:
            links[key] = 'iso3166-2:' + parent[c] if parent.get(c) else 'iso3166:' + c[:2]

    pl_admin = {}
    for r in tsv_rows(geo_pl):
        if len(r) >= 8:
            pl_admin[r[0]] = r[7]
    n_city = n_region = 0
    unmatched = {}
    for r in tsv_rows(geo_en):
        if len(r) < 8:
            continue
        gid, cc, admin = r[0], r[1], r[7]
        key = 'geonames:' + gid
        if key in links:
            continue
        n_city += 1
        code = match_admin1(cc, [admin, pl_admin.get(gid, '')], by_country)
        if code:
            links[key] = 'iso3166-2:' + code
            n_region += 1
        else:
            links[key] = 'iso3166:' + cc
            unmatched[(cc, admin)] = unmatched.get((cc, admin), 0) + 1

    # "powiat X": the town of the adjective X (derived entries carry the town's id)
    adj_town = {}
    for r in tsv_rows(os.path.join(gazdir, 'adjectives-places.tsv')):
        if len(r) > 3 and r[2] == 'adjective' and r[1] == 'LOC':
            adj_town.setdefault(r[0], r[3])
    n_county = 0
    for r in tsv_rows(os.path.join(gazdir, 'adjectives-places.tsv')):
        if len(r) > 3 and r[2] == 'county' and r[3] not in links:
            town = adj_town.get(r[0][len('powiat '):])
            up = links.get(town) if town else None
            if up:
                links[r[3]] = up
                n_county += 1

    n_town = 0
    for r in tsv_rows(os.path.join(gazdir, 'towns.tsv')):
        if len(r) > 3 and r[1] == 'LOC' and r[3] not in links:
            links[r[3]] = 'iso3166:PL'
            n_town += 1

    with open(out, 'w', encoding='utf-8') as o:
        o.write('# parents.tsv: GENERATED by tools/gazgen/place_parents.py (do not edit by hand;\n'
                '# hand links: tools/gazgen/place-parents.tsv). The place that contains each\n'
                '# place: id<TAB>parent id. Ids are those of the gazetteers of every language.\n'
                '# Format and sources: docs/gazetteers.md ("Place parents"); used by fakty events.\n')
        for k in sorted(links):
            o.write(k + '\t' + links[k] + '\n')
    top = sorted(unmatched.items(), key=lambda x: -x[1])[:15]
    print('place_parents: %d links (%d hand, %d cities: %d with their region, %d counties, '
          '%d small towns with the country only); most frequent unmatched divisions: %s' % (
              len(links), n_hand, n_city, n_region, n_county, n_town,
              ', '.join('%s/%s %d' % (cc, a, n) for (cc, a), n in top)), file=sys.stderr)


if __name__ == '__main__':
    main()
