#!/usr/bin/python3
"""Measure the generated inflection data.

Usage: check_inflection.py [--para WORK/para.tsv] [--inflection gazetteers/pl/inflection]

1. Key checks: names from the worked example, inflected with the committed lexicon.tsv +
   suffixes.tsv (through infl.Inflector, which follows docs/gazetteers.md).
2. Held-out test (needs --para): capitalised Morfologik nouns selected by infl.holdout() were
   never used by make_suffixes.py; each is inflected by the S rules alone (lexicon ignored),
   (a) with its true gender, (b) with the gender guessed by the G lines, and the result is
   compared with Morfologik case by case. Also adjectives (lower-case, held out) by gender.
"""
import argparse
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from infl import CASES, GENDERS, Inflector, Suffixes, holdout, parse_forms  # noqa: E402

KEY = [  # name, spec, type, case, expected
    ('Tokajew', 'N:m1', 'PER', 'gen', 'Tokajewa'),
    ('Tokajew', '', 'PER', 'gen', 'Tokajewa'),
    ('Żomart', 'N:m1', 'PER', 'gen', 'Żomarta'),
    ('Żomart', 'N:m1', 'PER', 'loc', 'Żomarcie'),
    ('Kasym', 'N:m1', 'PER', 'gen', 'Kasyma'),
    ('Kasym-Żomart Tokajew', 'N:m1 N:m1 N:m1', 'PER', 'gen', 'Kasyma-Żomarta Tokajewa'),
    ('Kasym-Żomart Tokajew', 'N:m1 N:m1 N:m1', 'PER', 'loc', 'Kasymie-Żomarcie Tokajewie'),
    ('Kasym-Żomart Tokajew', '', 'PER', 'dat', 'Kasymowi-Żomartowi Tokajewowi'),
    ('Turgumbajew', 'N:m1', 'PER', 'gen', 'Turgumbajewa'),
    ('Turgumbajew', '', 'PER', 'inst', 'Turgumbajewem'),
    ('Nazarbajew', '', 'PER', 'gen', 'Nazarbajewa'),
    ('Nursułtan', 'N:m1', 'PER', 'gen', 'Nursułtana'),
    ('Nursułtan Nazarbajew', '', 'PER', 'gen', 'Nursułtana Nazarbajewa'),
    ('Jerłan', 'N:m1', 'PER', 'gen', 'Jerłana'),
    ('Jerłan Turgumbajew', '', 'PER', 'dat', 'Jerłanowi Turgumbajewowi'),
    ('Kazachstan', 'N:m3', 'LOC', 'loc', 'Kazachstanie'),
    ('Kazachstan', '', 'LOC', 'gen', 'Kazachstanu'),
    ('Rosja', '', 'LOC', 'acc', 'Rosję'),
    ('Rosja', 'N:f', 'LOC', 'gen', 'Rosji'),
    ('Kirgizja', '', 'LOC', 'acc', 'Kirgizję'),
    ('Armenia', '', 'LOC', 'acc', 'Armenię'),
    ('Białoruś', '', 'LOC', 'acc', 'Białoruś'),
    ('Białoruś', '', 'LOC', 'gen', 'Białorusi'),
    ('Tadżykistan', '', 'LOC', 'loc', 'Tadżykistanie'),
    ('Uzbekistan', '', 'LOC', 'gen', 'Uzbekistanu'),
    ('Nur-Sułtan', '= N:m3', 'LOC', 'loc', 'Nur-Sułtanie'),
    ('Nur-Sułtan', '= N:m3', 'LOC', 'gen', 'Nur-Sułtanu'),
    ('Federacja Rosyjska', 'N:f A', 'LOC', 'gen', 'Federacji Rosyjskiej'),
    ('Federacja Rosyjska', '', 'LOC', 'acc', 'Federację Rosyjską'),
    ('Stany Zjednoczone', 'N:p A', 'LOC', 'gen', 'Stanów Zjednoczonych'),
    ('Stany Zjednoczone', 'N:p A', 'LOC', 'loc', 'Stanach Zjednoczonych'),
    ('Wielka Brytania', 'A N:f', 'LOC', 'loc', 'Wielkiej Brytanii'),
    ('Niemcy', '', 'LOC', 'loc', 'Niemczech'),
    ('Czechy', 'N:p', 'LOC', 'gen', 'Czech'),
    ('Ałmaty', '', 'LOC', 'loc', 'Ałmaty'),
    ('Ałmaty', 'indecl', 'LOC', 'gen', 'Ałmaty'),
    ('Aktobe', '', 'LOC', 'loc', 'Aktobe'),
    ('Aktau', '', 'LOC', 'gen', 'Aktau'),
    ('Organizacja Układu o Bezpieczeństwie Zbiorowym', 'N:f = = = =', 'ORG', 'gen',
     'Organizacji Układu o Bezpieczeństwie Zbiorowym'),
    ('Organizacja Układu o Bezpieczeństwie Zbiorowym', '', 'ORG', 'inst',
     'Organizacją Układu o Bezpieczeństwie Zbiorowym'),
    ('Rada Bezpieczeństwa', '', 'ORG', 'loc', 'Radzie Bezpieczeństwa'),
    ('Ministerstwo Spraw Wewnętrznych', '', 'ORG', 'gen', 'Ministerstwa Spraw Wewnętrznych'),
    ('Republika Kazachstanu', 'N:f =', 'LOC', 'loc', 'Republice Kazachstanu'),
    ('województwo mazowieckie', 'N:n A', 'LOC', 'loc', 'województwie mazowieckim'),
    ('Warszawa', '', 'LOC', 'loc', 'Warszawie'),
    ('Astana', 'N:f', 'LOC', 'loc', 'Astanie'),
]


def load_lexicon(path):
    nouns, adjs = {}, {}
    for line in open(path, encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        lemma, g, pos, forms = line.rstrip('\n').split('\t')
        if pos == 'N':
            nouns.setdefault(lemma, []).append((g, parse_forms(forms)))
        else:
            adjs[lemma] = parse_forms(forms)
    return nouns, adjs


def key_checks(inf):
    bad = 0
    for name, spec, typ, case, exp in KEY:
        got = inf.inflect(name, spec, typ)[case]
        ok = got == exp
        bad += not ok
        print('  %-4s %-48s %-16s %-5s %s%s' % ('ok' if ok else 'FAIL', name, spec or '(auto)', case, got,
                                                '' if ok else '   (expected %s)' % exp))
    print('key checks: %d/%d correct' % (len(KEY) - bad, len(KEY)))
    return bad


def heldout(inf, suf, para):
    per_case = {k: Counter() for k in ('true', 'guess')}
    per_gender = Counter()
    per_gender_ok = Counter()
    adj_case = Counter()
    gender_ok = Counter()
    n_words = n_adj = 0
    for line in open(para, encoding='utf-8'):
        pos, lemma, g, fs = line.rstrip('\n').split('\t')
        if pos not in ('N', 'A') or not holdout(lemma) or not lemma.isalpha() or len(lemma) < 3 \
                or lemma.isupper():
            continue
        forms = parse_forms(fs)
        if pos == 'N':
            if not lemma[0].isupper() or any(c not in forms for c in CASES):
                continue
            if all(forms[c] == [lemma] for c in CASES):
                continue
            n_words += 1
            for mode in ('true', 'guess'):
                if mode == 'true':
                    gg = g
                else:
                    typ = 'PER' if g == 'm1' else 'LOC'
                    gg = suf.guess_gender(typ, lemma)
                    gender_ok[gg == g] += 1
                par = suf.paradigm('N', gg, lemma)
                allok = True
                for c in CASES:
                    ok = par is not None and par[c][0] in forms[c]
                    per_case[mode][c, ok] += 1
                    allok &= ok
                if mode == 'true':
                    per_gender[g] += 1
                    per_gender_ok[g] += allok
                per_case[mode]['all', allok] += 1
        else:
            if lemma[0].isupper():
                continue
            n_adj += 1
            for g in GENDERS:
                if g + '.nom' not in forms:
                    continue
                word = forms[g + '.nom'][0]
                par = suf.paradigm('A', g, word)
                for c in CASES:
                    if g + '.' + c in forms:
                        adj_case[c, par is not None and par[c][0] in forms[g + '.' + c]] += 1
    print('held-out capitalised Morfologik nouns: %d (never seen by make_suffixes.py)' % n_words)
    for mode, label in (('true', 'S rules, true gender'), ('guess', 'S rules, gender from G lines')):
        pc = per_case[mode]
        print('  %-30s ' % label + '  '.join(
            '%s %.1f%%' % (c, 100.0 * pc[c, True] / max(1, pc[c, True] + pc[c, False]))
            for c in CASES + ('all',)))
    print('  G-line gender guess correct: %.1f%%' % (100.0 * gender_ok[True] / max(1, sum(gender_ok.values()))))
    print('  all 7 cases right, by true gender: ' + '  '.join(
        '%s %.1f%% (%d)' % (g, 100.0 * per_gender_ok[g] / per_gender[g], per_gender[g]) for g in GENDERS
        if per_gender[g]))
    print('held-out adjectives: %d lemmas; ' % n_adj + '  '.join(
        '%s %.1f%%' % (c, 100.0 * adj_case[c, True] / max(1, adj_case[c, True] + adj_case[c, False]))
        for c in CASES))


def table_checks(gazdir, inf):
    """Every spec in the entity tables fits its name (one code per part) and inflects."""
    import glob
    from infl import split_parts
    n = bad = 0
    for path in sorted(glob.glob(os.path.join(gazdir, '*.tsv'))):
        for ln, line in enumerate(open(path, encoding='utf-8'), 1):
            if line.startswith('#') or not line.strip():
                continue
            f = line.rstrip('\n').split('\t') + [''] * 8
            names = [(f[0], f[5])]
            for a in f[4].split('|') if f[4] not in ('', '-') else []:
                if a.endswith('}') and '{' in a:
                    names.append((a[:a.index('{')], a[a.index('{') + 1:-1]))
                else:
                    names.append((a, ''))
            for name, spec in names:
                n += 1
                try:
                    inf.inflect(name, spec if spec != '-' else '', f[1] or 'LOC')
                except Exception as e:     # noqa: BLE001
                    bad += 1
                    if bad <= 10:
                        print('  %s:%d: %s {%s}: %s' % (os.path.basename(path), ln, name, spec, e))
    print('table specs: %d names, %d problems' % (n, bad))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--para')
    ap.add_argument('--inflection', default=os.path.join(HERE, '..', '..', 'gazetteers', 'pl', 'inflection'))
    a = ap.parse_args()
    suf = Suffixes(os.path.join(a.inflection, 'suffixes.tsv'))
    nouns, adjs = load_lexicon(os.path.join(a.inflection, 'lexicon.tsv'))
    inf = Inflector(nouns, adjs, suf)
    bad = key_checks(inf)
    table_checks(os.path.join(a.inflection, '..'), inf)
    if a.para:
        heldout(inf, suf, a.para)
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
