#!/usr/bin/env python3
"""Relational adjectives of Polish towns and the districts named by them.

    place_adjectives.py PARA_TSV GAZ_DIR HAND_TSV OUT_TSV

Writes gazetteers/pl/adjectives-places.tsv (format: docs/gazetteers.md):

1. the relational adjective of every Polish town in cities.tsv
   ("goleniowski" for Goleniów, "przemyski" for Przemyśl), all its case
   forms as aliases, flags exact,derived, id of the town: the press and NKJP
   read "w powiecie goleniowskim" / "goleniowska policja" as the place.
   The adjective is found, not invented: candidate adjectives are made from
   the town's name by the usual Polish derivations (-ów -> -owski, -ica ->
   -icki, -no -> -ński, consonant + -ski ...) and a candidate is kept only if
   Morfologik (para.tsv) knows it as an adjective lemma. When two towns give
   the same adjective, the larger one keeps it. Adjectives already in
   adjectives.tsv, and those listed as STOP in the hand file (common words:
   "górski", "wiejski"), are left out;
2. "powiat X" for every such adjective (LOC, subtype county), inflected
   N:m3 A ("powiatu goleniowskiego", "w powiecie goleniowskim");
3. the 49 voivodeships of 1975-1998 (hand file, VOIV lines) as
   "województwo X" (N:n A) and "woj. X" (all forms listed), and "woj. X"
   for the 16 voivodeships of today (merged on their iso3166-2 id).

Hand file lines (TAB-separated):
    STOP  adjective                 never generate this adjective
    ADJ   town  adjective           the town's adjective when no rule finds it
    VOIV  adjective  id             voivodeship 1975-1998 (id: iso3166-2 of
                                    today's one with the same name, or -)
"""

import sys
import os

FOREIGN_CITY_MIN = 3000000   # adjectives of cities abroad: rare in the press (over 250,000: +8 tp on the NKJP dev press half for +0.015 s start-up)

DERIV = [
    # (ending of the lower-cased name, replacements)
    ('ów', ['owski']), ('owo', ['owski']), ('ewo', ['ewski']), ('awa', ['awski']),
    ('ice', ['icki']), ('yce', ['ycki']), ('ica', ['icki']), ('yca', ['ycki']),
    ('iec', ['iecki']), ('ec', ['ecki']), ('ce', ['ecki', 'cki']),
    ('sk', ['ski']), ('ck', ['cki']), ('dz', ['dzki']), ('cz', ['cki']),
    ('szcz', ['szczański', 'ski']), ('śl', ['ski']), ('ń', ['ński']), ('n', ['ński']),
    ('no', ['ński', 'nieński']), ('na', ['ński']), ('nia', ['ński']), ('ia', ['ijski', 'yjski', 'ański', 'ski']),
    ('ja', ['jski']), ('ko', ['cki', 'ki']), ('ka', ['cki']), ('ki', ['cki']),
    ('ny', ['ński']), ('chy', ['ski']), ('y', ['ski', 'owski']), ('e', ['ski', 'eński']),
    ('o', ['ski', 'owski', 'ański']), ('a', ['ski', 'ański', 'owski']), ('g', ['ski']),
    ('k', ['cki', 'ski']), ('t', ['cki']), ('ł', ['lski', 'łowski']), ('rz', ['rski']),
    ('ż', ['ski']), ('m', ['mski']), ('w', ['wski']), ('b', ['bski']), ('p', ['pski']),
    ('l', ['lski']), ('r', ['rski']), ('d', ['dzki']), ('c', ['cki']), ('s', ['ski']),
    ('z', ['ski']), ('ź', ['ski']), ('j', ['jski']), ('h', ['ski']),
    ('', ['ski', 'owski', 'ański']),
]


def candidates(name):
    low = name.lower()
    out = []
    for end, reps in DERIV:
        if low.endswith(end):
            stem = low[:len(low) - len(end)] if end else low
            for r in reps:
                out.append(stem + r)
    return out


def load_adjectives(para, extra=()):
    adj = {}
    with open(para, encoding='utf-8') as f:
        for line in f:
            if not line.startswith('A\t'):
                continue
            parts = line.rstrip('\n').split('\t')
            lemma = parts[1]
            if not lemma.islower() or (not lemma.endswith(('ski', 'cki', 'dzki')) and lemma not in extra):
                continue
            forms = dict(kv.split('=', 1) for kv in parts[3].split(' ') if '=' in kv)
            adj[lemma] = forms
    return adj


def load_nouns(para):
    """m1 and f noun paradigms: {(lemma, gender): (singular forms, plural forms)}."""
    sg, pl = {}, {}
    with open(para, encoding='utf-8') as f:
        for line in f:
            if not (line.startswith('N\t') or line.startswith('P\t')):
                continue
            parts = line.rstrip('\n').split('\t')
            if parts[2] not in ('m1', 'f'):
                continue
            forms = []
            for kv in parts[3].split(' '):
                k, _, v = kv.partition('=')
                if k == 'voc':
                    continue
                for x in v.split('|'):
                    if x and x not in forms:
                        forms.append(x)
            (sg if parts[0] == 'N' else pl)[(parts[1], parts[2])] = forms
    return sg, pl


def demonym_candidates(name, adj, capital):
    """Inhabitant nouns (m1) that may belong to a place named name with
    relational adjective adj (or None). Countries and regions (capital):
    from the adjective's stem (kenijski -> Kenijczyk, palestyński ->
    Palestyńczyk) or the name (Rosja -> Rosjanin, Katar -> Katarczyk);
    Polish towns (lower case): the name's stem + -anin, -czanin ...
    (tczewianin, kielczanin, gdańszczanin)."""
    out = []
    if capital:
        if adj and adj.endswith('ski'):
            st = adj[:-3]
            st = st[:1].upper() + st[1:]
            out += [st + 'czyk', st + 'anin']
        if name.endswith(('a', 'o')):
            out += [name[:-1] + 'anin', name[:-1] + 'ianin']
        elif not name.endswith(('e', 'i', 'y', 'u')):
            out += [name + 'czyk', name + 'ianin']
        return out
    low = name.lower()
    for cut in (0, 1, 2):
        if cut >= len(low) - 2:
            break
        st = low[:len(low) - cut] if cut else low
        for suf in ('anin', 'ianin', 'czanin', 'zanin', 'zczanin'):
            out.append(st + suf)
    return out


def female_candidates(dem):
    out = []
    if dem.endswith('anin'):
        out.append(dem[:-4] + 'anka')
    if dem.endswith('czyk'):
        st = dem[:-4]
        out.append(st + 'ka')
        if st.endswith('ń'):
            out.append(st[:-1] + 'nka')
    out.append(dem + 'ka')
    if dem.endswith('ak'):
        out.append(dem[:-2] + 'aczka')
    return out


def virile_pl(lemma):
    if lemma.endswith('dzki'):
        return lemma[:-4] + 'dzcy'
    if lemma.endswith('cki'):
        return lemma[:-3] + 'ccy'
    return lemma[:-3] + 'scy'


def all_forms(lemma, forms):
    keys = ['m3.nom', 'm3.gen', 'm3.dat', 'm3.inst', 'm3.loc', 'f.nom', 'f.gen',
            'f.acc', 'f.inst', 'n.nom', 'p.gen', 'p.inst']
    out = []
    for k in keys:
        for v in forms.get(k, '').split('|'):
            if v and v not in out:
                out.append(v)
    v = virile_pl(lemma)
    if v not in out:
        out.append(v)
    return out


def tsv_fields(line):
    f = line.rstrip('\n').split('\t')
    return f + [''] * (8 - len(f))


def main(argv):
    para, gaz, hand, out_path = argv[1:5]
    stop, manual, voivs = set(), {}, []
    dem_manual, dem_manual_ids, adj_manual_ids = [], set(), []
    with open(hand, encoding='utf-8') as f:
        for line in f:
            if not line.strip() or line.startswith('#'):
                continue
            p = line.rstrip('\n').split('\t')
            if p[0] == 'STOP':
                stop.add(p[1])
            elif p[0] == 'ADJ':
                manual[p[1]] = p[2]
            elif p[0] == 'VOIV':
                voivs.append((p[1], p[2]))
            elif p[0] == 'ADJID':
                adj_manual_ids.append((p[1], p[2]))
            elif p[0] == 'DEM':
                dem_manual.append((p[1], (p[1], p[2], 0)))
                dem_manual_ids.add(p[2])
    adj = load_adjectives(para, {a for a, _ in adj_manual_ids})
    have = set()
    with open(os.path.join(gaz, 'adjectives.tsv'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            f5 = tsv_fields(line)
            have.add(f5[0])
            for a in f5[4].split('|'):
                have.add(a.split('{')[0])
    # Polish towns: cities.tsv rows whose id is a GeoNames id of a PL city.
    # cities.tsv has no country column; places.py writes PL towns with their
    # Polish GeoNames name, so the country comes from geo_pl.tsv when given.
    pl_ids = None
    geo = os.environ.get('GAZGEN_GEO_PL')
    if geo and os.path.exists(geo):
        pl_ids = set()
        with open(geo, encoding='utf-8') as f:
            for line in f:
                p = line.split('\t')
                if len(p) > 1 and p[1] == 'PL':
                    pl_ids.add('geonames:' + p[0])
    towns = []      # (rank, name, id, kind): kind 'pl' Polish town, 'big' country/region/foreign city
    seen_ids = set()
    # towns.tsv (hand-written small Polish towns) counts as Polish towns too
    tpath = os.path.join(gaz, 'towns.tsv')
    if pl_ids is not None and os.path.exists(tpath):
        with open(tpath, encoding='utf-8') as f:
            for line in f:
                if not line.startswith('#') and line.strip():
                    pl_ids.add(tsv_fields(line)[3])
    for fn in ('places-extra.tsv', 'countries.tsv', 'cities.tsv', 'towns.tsv'):
        with open(os.path.join(gaz, fn), encoding='utf-8') as f:
            for line in f:
                if line.startswith('#') or not line.strip():
                    continue
                name, typ, sub, eid, aliases, spec, rank, flags = tsv_fields(line)
                if typ != 'LOC' or eid in seen_ids:
                    continue
                if ' ' in name and name not in manual:
                    continue
                r = int(rank or 0) if (rank or '0').lstrip('-').isdigit() else 0
                if sub == 'city':
                    if pl_ids is not None and eid in pl_ids:
                        kind = 'pl'
                    elif r >= FOREIGN_CITY_MIN:
                        kind = 'big'
                    else:
                        continue
                elif fn == 'countries.tsv' or sub in ('country', 'region', 'continent'):
                    kind = 'big'
                    r = max(r, 1000000000 if fn == 'countries.tsv' else r)
                else:
                    continue
                if fn == 'towns.tsv':
                    kind = 'small'     # adjective and county only, no inhabitant noun
                seen_ids.add(eid)
                towns.append((r, name, eid, kind))
    towns.sort(key=lambda t: -t[0])
    chosen = {}
    adj_of = {}
    for rank, name, eid, kind in towns:
        cands = [manual[name]] if name in manual else candidates(name)
        for c in cands:
            if c in have or c in stop:
                adj_of[eid] = c
                break
            if c in adj and c not in chosen:
                chosen[c] = (name, eid, rank)
                adj_of[eid] = c
                break
    for a, eid in adj_manual_ids:
        if a in adj and a not in have and a not in chosen:
            chosen[a] = (a, eid, 1000000001)
            adj_of.setdefault(eid, a)
    # inhabitants: capitalised for countries and regions, lower case for Polish towns
    nsg, npl = load_nouns(para)
    dems = {}
    for rank, name, eid, kind in towns:
        if eid in dem_manual_ids:
            continue
        capital = kind == 'big'
        if (kind == 'big' and eid.startswith('geonames:')) or kind == 'small':
            continue        # foreign cities and small towns: no inhabitant nouns
        for d in demonym_candidates(name, adj_of.get(eid), capital):
            if d in have or d in stop:
                break
            if (d, 'm1') in nsg and d not in dems:
                dems[d] = (name, eid, rank)
                break
    for d, place in dem_manual:
        if (d, 'm1') in nsg and d not in have:
            dems[d] = place
    lines = [
        '# adjectives-places.tsv: GENERATED by tools/gazgen/place_adjectives.py',
        '# (do not edit; hand input: tools/gazgen/place-adjectives.tsv).',
        '# Relational adjectives of Polish towns (all forms, exact,derived, id of',
        '# the town), "powiat X" districts, voivodeships of 1975-1998 and "woj. X".',
        '# Format: docs/gazetteers.md.',
    ]
    for d, (name, eid, rank) in sorted(dems.items(), key=lambda kv: -kv[1][2]):
        forms = list(nsg[(d, 'm1')]) + npl.get((d, 'm1'), [])
        for fem in female_candidates(d):
            if (fem, 'f') in nsg:
                forms += nsg[(fem, 'f')] + npl.get((fem, 'f'), [])
                break
        out = []
        for x in forms:
            if x != d and x not in out and x not in have:
                out.append(x)
        aliases = '|'.join('%s{indecl}' % x for x in out) or '-'
        lines.append('\t'.join([d, 'LOC', 'demonym', eid, aliases, 'indecl', '0', 'exact,derived']))
    for lemma, (name, eid, rank) in sorted(chosen.items(), key=lambda kv: -kv[1][2]):
        forms = [x for x in all_forms(lemma, adj[lemma]) if x != lemma]
        aliases = '|'.join('%s{indecl}' % x for x in forms)
        lines.append('\t'.join([lemma, 'LOC', 'adjective', eid, aliases, 'indecl', '0',
                                'exact,derived']))
    for lemma, (name, eid, rank) in sorted(chosen.items(), key=lambda kv: -kv[1][2]):
        if pl_ids is None or eid not in pl_ids:
            continue        # counties: Polish towns only
        slug = 'fakty:powiat-' + lemma
        lines.append('\t'.join(['powiat ' + lemma, 'LOC', 'county', slug, '-', 'N:m3 A', '1000']))
    for a, iso in voivs:
        if a not in adj:
            print('place_adjectives: no adjective %s in Morfologik' % a, file=sys.stderr)
            continue
        forms = adj[a]
        n_forms = []
        for k in ('n.nom', 'n.gen', 'n.dat', 'n.inst'):
            for v in forms.get(k, '').split('|'):
                if v and v not in n_forms:
                    n_forms.append(v)
        woj = '|'.join('woj. %s{= =}' % v for v in n_forms)
        n_nom = forms['n.nom'].split('|')[0]
        if iso != '-':
            # today's voivodeship: add only the abbreviated forms
            lines.append('\t'.join(['woj. ' + n_nom, 'LOC', 'region', iso, woj.replace('woj. %s{= =}|' % n_nom, '', 1) if len(n_forms) > 1 else '-', '= =', '10000']))
        else:
            lines.append('\t'.join(['województwo ' + n_nom, 'LOC', 'region', 'fakty:woj-' + a + '-1975', woj, 'N:n A', '9000']))
    with open(out_path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    print('place_adjectives: %d adjectives, %d inhabitant nouns, %d voivodeships' % (len(chosen), len(dems), len(voivs)), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
