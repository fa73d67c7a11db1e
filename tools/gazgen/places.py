#!/usr/bin/python3
"""Generate gazetteers/pl/{countries,subdivisions,cities}.tsv.

Usage: places.py WORKDIR OUTDIR
WORKDIR holds morf.tsv, para.tsv, suffixes.tsv, icu.tsv, geo_pl.tsv, geo_en.tsv (see generate.sh).
"""
import gettext
import subprocess
import json
import os
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from infl import Inflector, Lex, Suffixes, is_upper_word, split_parts, CASES  # noqa: E402

CLDR = '/usr/share/unicode/cldr/common'
ISO = '/usr/share/iso-codes/json'
PARTICLES = {'Saint', 'San', 'Santa', 'Sint', 'Sankt', 'Santo', 'São', 'Los', 'Las', 'El', 'Al', 'de',
             'da', 'do', 'di', 'la', 'le', 'du', 'des', 'van', 'von', 'Port', 'Porto', 'New', 'Fort',
             'Ust', 'Nur', 'Sri', 'Sidi', 'Ras', 'Ban', 'Bandar', 'Puerto', 'Ciudad', 'Mount', 'St.',
             'Sainte', 'Le', 'La', 'Les', 'Den', 'Bad', 'Mc', 'Al-', 'Abu', 'Ad', 'An', 'As', 'At',
             'Ar', 'Az', 'Bir', 'Dar', 'Tel', 'Kafr', 'Ain', 'Beni', 'Bani', 'Umm', 'Dera'}
ENGLISH = {'of', 'Borough', 'County', 'City', 'District', 'Council', 'and', 'the', 'Metropolitan',
           'upon', 'Province', 'Region', 'State', 'Municipality', 'Parish', 'Island', 'Islands'}
# below the cities of the same name (Ałmaty, Astana, Moskwa are also subdivisions)
SUBDIVISION_RANK = '10000'
# Polish spellings of (mostly East Slavic) names that decline: Kemerowo, Baranowicze, Chimki
SLAVIC_END = ('owo', 'ewo', 'awo', 'ino', 'yno', 'ki', 'ce', 'cze', 'ary', 'ory', 'ny', 'ły', 'wo',
              'no', 'ło', 'dy', 'ty', 'gi', 'chy', 'ży', 'ry')
FOREIGN_INDECL_END = tuple('eiouyöüéáóíú')
# generic first words of subdivision names that are ordinary lower-case nouns in running text
GENERIC = {'obwód', 'województwo', 'prowincja', 'region', 'okręg', 'kraj', 'stan', 'departament',
           'republika', 'hrabstwo', 'gmina', 'dystrykt', 'terytorium', 'prefektura', 'gubernatorstwo',
           'muhafaza', 'wilajet', 'emirat', 'parafia', 'kanton', 'rejon', 'powiat', 'miasto', 'land',
           'wyspa', 'wyspy', 'gubernia', 'ajmak', 'okrug', 'komuna', 'dzielnica', 'zależność'}


def fold(s):
    s = unicodedata.normalize('NFKD', s.lower().replace('ł', 'l'))
    return ''.join(c for c in s if c.isalnum() and not unicodedata.combining(c))


def parse_aliases(s):
    out = []
    for a in s.split('|'):
        a = a.strip()
        if not a or a == '-':
            continue
        spec = None
        if a.endswith('}') and '{' in a:
            a, spec = a[:-1].split('{', 1)
        out.append((a, spec))
    return out


class Specs:
    def __init__(self, lex, suf):
        self.lex, self.suf = lex, suf
        self.nonpl = False
        self.inf = Inflector(lex.nouns, lex.adjs, suf)

    def gender(self, w, typ):
        n = self.lex.noun(w)
        if n:
            return n[0][0]
        return self.suf.guess_gender(typ, w)

    def single(self, w, typ, foreign):
        if is_upper_word(w) or w in PARTICLES:
            return '='
        n = self.lex.noun(w)
        if n and typ == 'LOC' and all(g in ('m1', 'm2') for g, _ in n):
            low = self.lex.nouns.get(w[:1].lower() + w[1:])
            if low and any(g not in ('m1', 'm2') for g, _ in low):
                # "Róg" is a surname (m1) in Morfologik, "róg" a thing (m3): a place is m3
                return 'N:' + [g for g, _ in low if g not in ('m1', 'm2')][0]
            n = None        # a place is never m1/m2 ("Łomonosow" the scientist): guess
        if n:
            return 'N:' + n[0][0]
        if typ == 'LOC' and not foreign and w.lower().endswith(('ski', 'cki', 'dzki')) and w[:1].isupper():
            return 'A'      # "Chmielnicki": declines like a masculine adjective (A alone is m3)
        if foreign and w.lower().endswith(FOREIGN_INDECL_END):
            return '='       # unknown foreign word in -e -i -o -u -y ("Aktobe")
        if self.nonpl and w.lower().endswith(FOREIGN_INDECL_END) and not w.lower().endswith(SLAVIC_END):
            return '='       # Polish spelling of a foreign name, not Slavic-looking ("Togliatti", "Karaczi")
        if self.suf.is_indecl(w):
            return '='
        return 'N:' + self.suf.guess_gender(typ, w)

    def compute(self, name, typ='LOC', foreign=False, nonpl=False):
        self.nonpl = nonpl
        spec = self.compute1(name, typ, foreign)
        self.nonpl = False
        if nonpl and ' ' in name and spec != 'indecl':
            # a city abroad with a Polish name of several words inflects only when it has a
            # Polish adjective ("Nowy Jork", "Krzywy Róg") or is "X nad Y" with a known X
            parts = split_parts(name)[0]
            codes = spec.split(' ')
            if any(c == 'A' for c in codes):
                return spec
            heads = [p for p, c in zip(parts, codes) if c.startswith('N')]
            if len(heads) == 1 and any(p in ('nad', 'pod', 'na') for p in parts):
                n = self.lex.noun(heads[0])
                if n and any(g not in ('m1', 'm2') for g, _ in n):
                    return spec
            return 'indecl'
        if foreign and nonpl and typ == 'LOC' and spec != 'indecl' and ' ' in spec:
            # a foreign multi-word name inflects only when its parts are known Polish words
            parts = split_parts(name)[0]
            for p, c in zip(parts, spec.split(' ')):
                placey = self.lex.noun(p) and any(g not in ('m1', 'm2') for g, _ in self.lex.noun(p))
                if p in PARTICLES or not (placey or self.lex.adj(p)):
                    return 'indecl'
                if c in ('N:m1', 'N:m2'):
                    return 'indecl'
        return spec

    def compute1(self, name, typ='LOC', foreign=False):
        parts, seps = split_parts(name)
        if any(p in PARTICLES for p in parts):
            foreign = True
        if len(parts) == 1:
            c = self.single(name, typ, foreign)
            return 'indecl' if c == '=' else c
        known = [bool(self.lex.noun(p) or self.lex.adj(p)) and p not in PARTICLES for p in parts]
        if foreign and not any(known):
            if ' ' not in name:       # hyphenated foreign name: last part inflects
                last = self.single(parts[-1], typ, foreign)
                return ' '.join(['='] * (len(parts) - 1) + [last]) if last != '=' else 'indecl'
            return 'indecl'
        if ' ' not in name and not foreign:   # Polish hyphenated names: every part inflects
            codes = [self.single(p, typ, foreign)
                     if not (p.endswith('o') and i + 1 < len(parts) and not self.lex.noun(p))
                     else '=' for i, p in enumerate(parts)]   # except prefixes: "Iwano-Frankiwsk"
            return 'indecl' if all(c == '=' for c in codes) else ' '.join(codes)
        codes = [None] * len(parts)
        head = None
        for i, p in enumerate(parts):
            if is_upper_word(p):
                codes[i] = '='
                continue
            isadj = self.lex.adj(p) is not None and not (self.lex.noun(p) and p[:1].isupper() and
                                                        self.lex.noun(p)[0][1].get('nom') == [p])
            if not isadj and self.lex.adj(p) and i + 1 < len(parts) and parts[i + 1][:1].isupper() \
                    and not is_upper_word(parts[i + 1]):
                # "Zielona Góra", "Górna Garonna": adjective agreeing with the following noun
                # ("Ruda Śląska" is the other way round: the next word is itself an adjective)
                nxt = parts[i + 1]
                ng = self.gender(nxt, typ)
                isadj = ng in self.lex.adj(p) and not self.lex.adj(nxt) and not self.suf.is_adjlike(nxt)
            if not self.lex.adj(p) and not self.lex.noun(p) and self.suf.is_adjlike(p):
                isadj = True
            if isadj and head is None:
                codes[i] = 'A'
                continue
            if head is None:
                if (not p[:1].isupper() and i > 0) or p in PARTICLES:
                    codes[i] = '='
                    continue
                head = i
                codes[i] = self.single(p, typ, foreign)
                if codes[i] == '=' or (foreign and not self.lex.noun(p)):
                    return 'indecl'
                continue
            break
        if head is None:
            # every part looked like an adjective ("Mariany Północne"): the first one that is
            # not a known adjective is the head
            for i, p in enumerate(parts):
                if codes[i] == 'A' and not self.lex.adj(p):
                    head = i
                    codes[i] = self.single(p, typ, foreign)
                    if codes[i] == '=' and p[-1:] in 'yi' and any(
                            'p' in (self.lex.adj(q) or ()) for q in parts[i + 1:i + 2]):
                        codes[i] = 'N:p'
                    if codes[i] == '=':
                        return 'indecl'

                    for j in range(i + 1, len(parts)):
                        if codes[j] == 'A':
                            codes[j] = None
                    break
        if head is None:
            return 'indecl'
        i = head + 1
        hg = codes[head][2:] if codes[head].startswith('N:') else None
        while i < len(parts) and codes[i] is None:
            p = parts[i]
            if is_upper_word(p):
                break
            if seps[i - 1] == '-' and p[:1].isupper() and not self.lex.adj(p) and \
                    not self.suf.is_adjlike(p) and p not in PARTICLES:
                # compound of two names: "Badenia-Wirtembergia", "Nadrenia Północna-Westfalia"
                codes[i] = self.single(p, typ, foreign)
                if codes[i] == '=':
                    break
                i += 1
            elif self.lex.adj(p) and hg in self.lex.adj(p):
                codes[i] = 'A'
                i += 1
            elif self.lex.adj(p) and not self.lex.noun(p):
                codes[i] = 'A'
                i += 1
            elif not self.lex.adj(p) and not self.lex.noun(p) and self.suf.is_adjlike(p):
                codes[i] = 'A'           # "obwód akmolski"
                i += 1
            elif i < len(seps) and seps[i] == '-' and p.lower().endswith('o'):
                codes[i] = '='           # "kujawsko-pomorskie"
                i += 1
            else:
                break
        # coordinated names: "Bośnia i Hercegowina", "Trynidad i Tobago"
        for j in range(i, len(parts)):
            if codes[j] is None:
                if parts[j - 1] == 'i' and j >= 2 and (codes[j - 2] or '').startswith('N') and \
                        parts[j][:1].isupper():
                    codes[j] = self.single(parts[j], typ, foreign)
                else:
                    codes[j] = '='
        return ' '.join(codes)

    def forms(self, name, spec, typ):
        try:
            return self.inf.inflect(name, spec, typ)
        except Exception:
            return None

    def alias_field(self, aliases, typ, foreign):
        """aliases: [(alias, spec or None)] -> field text, adding {spec} only where the
        automatic rules would inflect differently."""
        out = []
        for a, spec in aliases:
            if spec is None:
                spec = self.compute(a, typ, foreign)
            auto = self.forms(a, '', typ)
            mine = self.forms(a, spec, typ)
            if auto is not None and auto == mine:
                out.append(a)
            else:
                out.append('%s{%s}' % (a, spec))
        return '|'.join(out)


def uniq(names, exclude=()):
    """Drop repeated names. Names equal but for letter case count as repeated (the C
    loader keeps one form per case-folded key): a lower-case variant replaces a
    capitalised one, since a lower-case name also matches capitalised text."""
    seen = {e.lower() for e in exclude}
    out = []
    for n, s in names:
        if not n:
            continue
        k = n.lower()
        if k in seen:
            for i, (m, ms) in enumerate(out):
                if m.lower() == k and m[:1].isupper() and n[:1].islower():
                    out[i] = (n, s or ms)
            continue
        seen.add(k)
        out.append((n, s))
    return out


def main():
    work, outdir = sys.argv[1], sys.argv[2]
    suf = Suffixes(os.path.join(work, 'suffixes.tsv'))
    # ---------- countries ----------
    t1 = gettext.translation('iso_3166-1', '/usr/share/locale', ['pl'])
    iso1 = json.load(open(os.path.join(ISO, 'iso_3166-1.json'), encoding='utf-8'))['3166-1']
    main_xml = ET.parse(os.path.join(CLDR, 'main/pl.xml')).getroot()
    terr, terr_alt = {}, {}
    for t in main_xml.iter('territory'):
        if t.get('alt'):
            terr_alt.setdefault(t.get('type'), []).append(t.text)
        else:
            terr[t.get('type')] = t.text
    icu_country = {}
    for line in open(os.path.join(work, 'icu.tsv'), encoding='utf-8'):
        cc, z, name = line.rstrip('\n').split('\t')
        if z == '-':
            icu_country[cc] = name
    hand = {}
    for line in open(os.path.join(HERE, 'country-aliases.tsv'), encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        f = line.rstrip('\n').split('\t') + ['', '']
        hand[f[0]] = (f[1] if f[1] not in ('', '-') else None, parse_aliases(f[2]))
    countries = []
    for e in iso1:
        cc = e['alpha_2']
        canon = hand.get(cc, (None, []))[0] or terr.get(cc) or icu_country.get(cc) or t1.gettext(e['name'])
        if '(' in canon:
            short = [a for a in terr_alt.get(cc, []) if '(' not in a and '.' not in a]
            canon = short[0] if short else canon.split(' (')[0]
        al = [(t1.gettext(e['name']), None)]
        if 'official_name' in e:
            al.append((t1.gettext(e['official_name']), None))
        if 'common_name' in e:
            al.append((t1.gettext(e['common_name']), None))
        for a in terr_alt.get(cc, []):
            if '.' not in a:
                al.append((a, None))
        if icu_country.get(cc):
            al.append((icu_country[cc], None))
        hand_al = hand.get(cc, (None, []))[1]
        hand_names = {a for a, _ in hand_al}
        al = [x for x in al if x[0] not in hand_names] + hand_al
        al = [(a, sp_) for a, sp_ in al if not any(x in a for x in (',', '(', ' - '))]
        countries.append([canon, cc, uniq(al, [canon])])
    # ---------- subdivisions ----------
    t2 = gettext.translation('iso_3166-2', '/usr/share/locale', ['pl'])
    iso2 = {e['code']: e for e in json.load(open(os.path.join(ISO, 'iso_3166-2.json'), encoding='utf-8'))['3166-2']}
    cldr_sub = {}
    for s in ET.parse(os.path.join(CLDR, 'subdivisions/pl.xml')).getroot().iter('subdivision'):
        code = s.get('type').upper()
        code = code[:2] + '-' + code[2:]
        cldr_sub[code] = s.text
    subs = []
    skipped_sub = Counter()
    for code, e in sorted(iso2.items()):
        en = e['name']
        pl_iso = t2.gettext(en)
        pl = cldr_sub.get(code) or (pl_iso if pl_iso != en else None)
        if not pl:
            skipped_sub['no Polish name'] += 1
            continue
        if fold(pl) == fold(en) and code[:2] != 'PL':
            skipped_sub['Polish name = romanised source name'] += 1
            continue
        if set(pl.split(' ')) & ENGLISH:
            skipped_sub['English name, not Polish'] += 1
            continue
        al = []
        if pl_iso != pl and pl_iso != en and fold(pl_iso) != fold(en):
            al.append((pl_iso, None))
        subs.append([pl, code, al])
    # Polish voivodeships: press forms
    voiv_extra = {}
    for line in open(os.path.join(HERE, 'subdivision-aliases.tsv'), encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        f = line.rstrip('\n').split('\t')
        voiv_extra[f[0]] = parse_aliases(f[1])
    for s in subs:
        name = s[0]
        first = name.split(' ')[0]
        if ' ' in name and first.lower() in GENERIC and first[:1].isupper():
            # "Obwód akmolski" -> "obwód akmolski": running text writes the generic noun in
            # lower case, and a lower-case form also matches a capitalised one
            s[0] = name = first[:1].lower() + name[1:]
        s[2].extend(voiv_extra.get(s[1], []))
        s[2] = uniq(s[2], [name])
    # ---------- cities ----------
    geo_en = {}
    for line in open(os.path.join(work, 'geo_en.tsv'), encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        geo_en[f[0]] = f[2]
    cities = {}
    for line in open(os.path.join(work, 'geo_pl.tsv'), encoding='utf-8'):
        gid, cc, name, lat, lon, pop, tz, state = line.rstrip('\n').split('\t')
        cities[gid] = {'id': gid, 'cc': cc, 'pl': name, 'en': geo_en.get(gid, name), 'pop': int(pop),
                       'tz': tz, 'state': state, 'aliases': [], 'spec': None, 'flags': []}
    by_tz = {}
    for c in cities.values():
        by_tz.setdefault(c['tz'], []).append(c)
    icu_joined = 0
    for line in open(os.path.join(work, 'icu.tsv'), encoding='utf-8'):
        cc, z, name = line.rstrip('\n').split('\t')
        if z == '-' or ',' in name:
            continue
        zc = fold(z.split('/')[-1])
        cands = [c for c in by_tz.get(z, []) if c['cc'] == cc and
                 (fold(c['en']) == zc or fold(c['pl']) == fold(name) or fold(c['en']) == fold(name) or
                  fold(c['state']) == zc)]
        if not cands:
            continue
        c = max(cands, key=lambda c: c['pop'])
        icu_joined += 1
        if name != c['pl']:
            c['aliases'].append((name, None))
    hand_city = {}
    for line in open(os.path.join(HERE, 'city-aliases.tsv'), encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        f = line.rstrip('\n').split('\t') + ['', '', '']
        c = cities.get(f[0])
        if c is None:
            print('city-aliases.tsv: unknown geonames id %s' % f[0], file=sys.stderr)
            continue
        if f[1] == 'DROP':
            del cities[f[0]]
            continue
        if f[1] not in ('', '-'):
            c['aliases'].insert(0, (c['pl'], None))
            c['pl'] = f[1]
        c['aliases'].extend(parse_aliases(f[2]))
        if f[3] not in ('', '-'):
            c['spec'] = f[3]
        c['hand'] = True
    for c in cities.values():
        if c['en'] != c['pl'] and len(split_parts(c['en'])[0]) <= 3:
            c['aliases'].append((c['en'], None))
        c['aliases'] = uniq(c['aliases'], [c['pl']])
    # ---------- lexicon for specs and filters ----------
    words = set()
    for canon, cc, al in countries:
        words.update(split_parts(canon)[0])
        for a, _ in al:
            words.update(split_parts(a)[0])
    for name, code, al in subs:
        words.update(split_parts(name)[0])
        for a, _ in al:
            words.update(split_parts(a)[0])
    for c in cities.values():
        words.update(split_parts(c['pl'])[0])
        for a, _ in c['aliases']:
            words.update(split_parts(a)[0])
        words.add(c['pl'].lower())
    words = {w for w in words if w}
    lex = Lex(os.path.join(work, 'para.tsv'), os.path.join(work, 'morf.tsv'),
              words | {w.lower() for w in words})
    sp = Specs(lex, suf)
    # words that are ordinary lower-case Polish words: Morfologik lower-case lemma form AND accepted
    # by the hunspell-pl (sjp.pl) speller in lower case
    cand = sorted({w.lower() for w in words if lex.is_common(w)})
    hs = subprocess.run(['hunspell', '-d', 'pl_PL', '-G'], input='\n'.join(cand) + '\n',
                        capture_output=True, text=True, check=True).stdout.split()
    common_words = set(hs)

    def is_common(w):
        return w.lower() in common_words

    def person(w):
        # only readings as a capitalised m1 noun (no place reading in Morfologik)
        lemma = lex.person_lemma(w)
        if not lemma:
            return False
        n = lex.nouns.get(w)
        return not n or all(g == 'm1' for g, _ in n)
    # ---------- write ----------
    os.makedirs(outdir, exist_ok=True)
    hdr = ('# Generated by tools/gazgen/generate.sh from Debian-packaged data; do not edit by hand.\n'
           '# Sources and licences: gazetteers/NOTICE. Format: docs/gazetteers.md.\n'
           '# name\ttype\tsubtype\tid\taliases\tinflection\trank\tflags\n')
    with open(os.path.join(outdir, 'countries.tsv'), 'w', encoding='utf-8') as o:
        o.write(hdr)
        for canon, cc, al in sorted(countries, key=lambda x: x[1]):
            spec = sp.compute(canon, 'LOC', cc != 'PL')
            o.write('\t'.join([canon, 'LOC', 'country', 'iso3166:' + cc,
                               sp.alias_field(al, 'LOC', cc != 'PL'), spec, '1000000000', '']).rstrip('\t') + '\n')
    with open(os.path.join(outdir, 'subdivisions.tsv'), 'w', encoding='utf-8') as o:
        o.write(hdr)
        for name, code, al in subs:
            foreign = code[:2] != 'PL'
            # names kept are Polish exonyms (romanisations were skipped): inflect as Polish
            spec = sp.compute(name, 'LOC', False)
            o.write('\t'.join([name, 'LOC', 'region', 'iso3166-2:' + code,
                               sp.alias_field(al, 'LOC', False), spec, SUBDIVISION_RANK, '']).rstrip('\t') + '\n')
    # city precision filter
    stats = Counter()
    examples = {}
    out_rows = []
    for c in sorted(cities.values(), key=lambda c: (-c['pop'], int(c['id']))):
        name = c['pl']
        foreign = c['cc'] != 'PL' and not c.get('hand')
        polonised = fold(c['pl']) != fold(c['en'])
        if len(name) < 3 or any(ch.isdigit() for ch in name):
            stats['dropped: too short or digits'] += 1
            continue
        flags = []
        if not c.get('hand'):
            words_ = split_parts(name)[0]
            common = len(words_) == 1 and is_common(name)
            person_ = len(words_) == 1 and person(name)
            if person_ and c['cc'] != 'PL' and c['pop'] < 300000 and not polonised:
                stats['dropped: person name (Morfologik m1)'] += 1
                examples.setdefault('person', []).append(name)
                continue
            if common and c['cc'] != 'PL' and c['pop'] < 100000 and not polonised:
                stats['dropped: common Polish word, foreign, pop < 100k'] += 1
                examples.setdefault('dropcommon', []).append(name)
                continue
            if common and c['pop'] < (100000 if c['cc'] == 'PL' else 500000):
                flags.append('nostart')
                stats['flagged nostart'] += 1
                examples.setdefault('nostart', []).append(name)
        al = []
        for a, s in c['aliases']:
            if s is None and len(split_parts(a)[0]) == 1 and (is_common(a) or person(a)) \
                    and not c.get('hand'):
                stats['alias dropped (common word / person name)'] += 1
                continue
            if len(a) < 3:
                continue
            al.append((a, s))
        spec = c['spec'] or sp.compute(name, 'LOC', foreign and not polonised, c['cc'] != 'PL')
        out_rows.append('\t'.join([name, 'LOC', 'city', 'geonames:' + c['id'],
                                   sp.alias_field(al, 'LOC', foreign and not polonised), spec,
                                   str(c['pop']), ','.join(flags)]).rstrip('\t') + '\n')
    with open(os.path.join(outdir, 'cities.tsv'), 'w', encoding='utf-8') as o:
        o.write(hdr)
        o.writelines(out_rows)
    print('places: %d countries, %d subdivisions (%s), %d cities (ICU exemplar cities joined: %d)' % (
        len(countries), len(subs), dict(skipped_sub), len(out_rows), icu_joined), file=sys.stderr)
    for k, v in sorted(stats.items()):
        print('  cities %s: %d' % (k, v), file=sys.stderr)
    for k, v in examples.items():
        print('  e.g. %s: %s' % (k, ', '.join(v[:25])), file=sys.stderr)


if __name__ == '__main__':
    main()
