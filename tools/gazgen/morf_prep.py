#!/usr/bin/python3
"""Turn the Morfologik dump (form<TAB>lemma<TAB>tags) into one paradigm per line.

Output (TSV): pos  lemma  gender  forms
  pos N: gender m1 m2 m3 f n p; forms = case=f1|f2 ... (singular; plural for p)
  pos P: plural paradigm of a singular N lemma (same layout), for names such as "Wyspy".
  pos A: gender -; forms = g.case=... for g in m1 m2 m3 f n (singular) and p (plural,
         non-virile); built from adj (positive degree) and ppas (affirmative).
Noun lemmas with several genders give several lines. Usage: morf_prep.py morf.tsv out.tsv
"""
import sys
from collections import defaultdict

CASES = ('nom', 'gen', 'dat', 'acc', 'inst', 'loc', 'voc')
GMAP = {'m1': 'm1', 'm2': 'm2', 'm3': 'm3', 'f': 'f', 'n1': 'n', 'n2': 'n',
        'p1': 'p', 'p2': 'p', 'p3': 'p'}


def main():
    src, out = sys.argv[1], sys.argv[2]
    # nouns[(lemma, gender)][case] -> ordered list of forms
    nouns = defaultdict(lambda: defaultdict(list))
    plurals = defaultdict(lambda: defaultdict(list))   # plural of non-p nouns
    # adjs[key][g.case] -> forms ; key = lemma for adj, ('ppas', verb) for participles
    adjs = defaultdict(lambda: defaultdict(list))
    with open(src, encoding='utf-8') as fh:
        for line in fh:
            parts = line.rstrip('\n').split('\t')
            if len(parts) != 3:
                continue
            form, lemma, tags = parts
            for tag in tags.split('+'):
                f = tag.split(':')
                kind = f[0]
                if kind == 'subst' and len(f) >= 4:
                    num, cases, gens = f[1], f[2].split('.'), f[3].split('.')
                    for g in gens:
                        gg = GMAP.get(g)
                        if gg is None:
                            continue
                        if gg == 'p':
                            if num != 'pl':
                                continue
                            d = nouns[(lemma, gg)]
                        elif num != 'sg':
                            d = plurals[(lemma, gg)]
                        else:
                            d = nouns[(lemma, gg)]
                        for c in cases:
                            if c in CASES and form not in d[c]:
                                d[c].append(form)
                elif (kind == 'adj' and len(f) >= 5 and f[4] == 'pos') or \
                     (kind == 'ppas' and len(f) >= 6 and f[5] == 'aff'):
                    num, cases, gens = f[1], f[2].split('.'), f[3].split('.')
                    key = lemma if kind == 'adj' else ('ppas', lemma)
                    d = adjs[key]
                    for g in gens:
                        gg = GMAP.get(g)
                        if gg is None:
                            continue
                        if num == 'sg' and gg != 'p':
                            pass
                        elif num == 'pl' and g in ('p2', 'p3'):
                            gg = 'p'
                        else:
                            continue
                        for c in cases:
                            if c in CASES:
                                k = gg + '.' + c
                                if form not in d[k]:
                                    d[k].append(form)
    n_out = a_out = 0
    with open(out, 'w', encoding='utf-8') as o:
        for (lemma, g), d in sorted(nouns.items()):
            if 'nom' not in d:
                continue
            o.write('N\t%s\t%s\t%s\n' % (lemma, g, ' '.join(
                '%s=%s' % (c, '|'.join(d[c])) for c in CASES if c in d)))
            n_out += 1
        for (lemma, g), d in sorted(plurals.items()):
            if 'nom' not in d:
                continue
            o.write('P\t%s\t%s\t%s\n' % (lemma, g, ' '.join(
                '%s=%s' % (c, '|'.join(d[c])) for c in CASES if c in d)))
        seen = set()
        items = [(k, d) for k, d in adjs.items() if not isinstance(k, tuple)] + \
                [(k, d) for k, d in adjs.items() if isinstance(k, tuple)]
        for key, d in items:
            if 'm1.nom' not in d or 'f.nom' not in d:
                continue
            lemma = key if not isinstance(key, tuple) else d['m1.nom'][0]
            if lemma in seen:
                continue
            seen.add(lemma)
            keys = [g + '.' + c for g in ('m1', 'm2', 'm3', 'f', 'n', 'p') for c in CASES]
            o.write('A\t%s\t-\t%s\n' % (lemma, ' '.join(
                '%s=%s' % (k, '|'.join(d[k])) for k in keys if k in d)))
            a_out += 1
    print('morf_prep: %d noun paradigms, %d adjective paradigms' % (n_out, a_out), file=sys.stderr)


if __name__ == '__main__':
    main()
