#!/usr/bin/python3
"""Derive inflection/suffixes.tsv (S, G, I, J lines) from Morfologik statistics.

Usage: make_suffixes.py para.tsv hand-suffixes.tsv geo_en.tsv out.tsv
Lemmas selected by infl.holdout() are never used here, so that
check_inflection.py can measure the table on unseen words.
"""
import sys
from collections import Counter, defaultdict

sys.path.insert(0, __import__('os').path.dirname(__file__))
from infl import CASES, GENDERS, holdout, parse_forms  # noqa: E402

import os as _os
MAXK = int(_os.environ.get('GAZGEN_MAXK', 4))
MIN_W = float(_os.environ.get('GAZGEN_MIN_W', 10))        # minimum weighted support of the winner
MIN_SHARE = float(_os.environ.get('GAZGEN_MIN_SHARE', 0.4))  # its minimum share among words with the ending
CAP_W = float(_os.environ.get('GAZGEN_CAP_W', 10))       # capitalised lemmas (names) count ten times


def clean(w):
    return w.isalpha() and len(w) >= 3 and not w.isupper()


def learn(items, out_lines, pos, gender, is_star_required=True):
    """items: list of (word, {case: [forms]}, weight). Appends S lines."""
    nodes = defaultdict(Counter)
    totals = Counter()
    for word, forms, w in items:
        lw = word.lower()
        for k in range(0, MAXK + 1):
            if k >= len(word):
                break
            e = lw[len(lw) - k:] if k else '*'
            stem = word[:len(word) - k]
            key = []
            ok = True
            for c in CASES:
                reps = [f[len(stem):] for f in forms[c] if f.startswith(stem)]
                if not reps:
                    ok = False
                    break
                key.append('|'.join(reps))
            totals[e] += w
            if ok:
                nodes[e][tuple(key)] += w
    chosen = {}
    for e in sorted(nodes, key=lambda x: (0 if x == '*' else len(x), x)):
        best, bw = nodes[e].most_common(1)[0]
        if e != '*' and (bw < MIN_W or bw < MIN_SHARE * totals[e]):
            continue
        # effective inherited paradigm
        inh = None
        if e != '*':
            for k in range(len(e) - 1, -1, -1):
                a = e[len(e) - k:] if k else '*'
                if a in chosen:
                    prefix = e[:len(e) - k]
                    inh = tuple('|'.join(prefix + r for r in reps.split('|')) for reps in chosen[a])
                    break
        if inh == best:
            continue
        chosen[e] = best
        out_lines.append('S\t%s\t%s\t%s\t%s' % (pos, gender, e, ' '.join(
            '%s=%s' % (c, r) for c, r in zip(CASES, best))))
    return len(chosen)


def majority_lines(kind, typ, words, maxk=3, min_n=5, share=0.6):
    """words: list of (word, label). Emits G/.. lines with the majority label per ending."""
    nodes = defaultdict(Counter)
    for w, lab in words:
        lw = w.lower()
        for k in range(0, maxk + 1):
            if k >= len(lw):
                break
            nodes[lw[len(lw) - k:] if k else '*'][lab] += 1
    chosen, lines = {}, []
    for e in sorted(nodes, key=lambda x: (0 if x == '*' else len(x), x)):
        lab, n = nodes[e].most_common(1)[0]
        tot = sum(nodes[e].values())
        if e != '*' and (n < min_n or n < share * tot):
            continue
        inh = None
        for k in range(len(e) - 1, -1, -1) if e != '*' else []:
            a = e[len(e) - k:] if k else '*'
            if a in chosen:
                inh = chosen[a]
                break
        if inh == lab:
            continue
        chosen[e] = lab
        lines.append('%s\t%s\t%s\t%s' % (kind, typ, e, lab))
    return lines


def minimal(endings):
    out = []
    for e in sorted(endings, key=len):
        if not any(e.endswith(o) for o in out):
            out.append(e)
    return sorted(out)


def main():
    para, hand, geo, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    nouns = defaultdict(list)      # gender -> items
    adjs = defaultdict(list)
    gender_words = []              # (lemma, gender) capitalised
    neg_end = Counter()            # declinable nominatives by ending (for I/J)
    indecl = Counter()
    adj_nom = Counter()
    noun_nom = Counter()
    with open(para, encoding='utf-8') as fh:
        for line in fh:
            pos, lemma, g, fs = line.rstrip('\n').split('\t')
            if not clean(lemma) or holdout(lemma):
                continue
            forms = parse_forms(fs)
            if pos == 'P' and lemma[0].isupper():
                for nom in forms.get('nom', []):
                    lw = nom.lower()
                    for k in range(1, 5):
                        if k < len(lw):
                            neg_end[lw[-k:]] += CAP_W
                continue
            if pos == 'N':
                if any(c not in forms for c in CASES):
                    continue
                w = CAP_W if lemma[0].isupper() else 1
                allsame = all(forms[c] == [lemma] for c in CASES)
                lw = lemma.lower()
                for k in range(1, 5):
                    if k < len(lw):
                        if allsame:
                            indecl[lw[-k:]] += w
                        else:
                            neg_end[lw[-k:]] += w
                            noun_nom[lw[-k:]] += w
                if allsame:
                    continue
                nouns[g].append((lemma, forms, w))
                if lemma[0].isupper():
                    gender_words.append((lemma, g))
            elif pos == 'A':
                for g in GENDERS:
                    if any(g + '.' + c not in forms for c in CASES):
                        break
                    word = forms[g + '.nom'][0]
                    if not clean(word):
                        continue
                    adjs[g].append((word, {c: forms[g + '.' + c] for c in CASES}, 1))
                    lw = word.lower()
                    for k in range(1, 5):
                        if k < len(lw):
                            adj_nom[lw[-k:]] += 1
                            neg_end[lw[-k:]] += 1
    lines = ['# Generated by tools/gazgen/make_suffixes.py from Morfologik (PoliMorf) statistics',
             '# plus tools/gazgen/hand-suffixes.tsv. Do not edit by hand: edit the generator',
             '# inputs and re-run tools/gazgen/generate.sh. Format: docs/gazetteers.md.']
    counts = {}
    for g in GENDERS:
        counts['N ' + g] = learn(nouns[g], lines, 'N', g)
    for g in GENDERS:
        counts['A ' + g] = learn(adjs[g], lines, 'A', g)
    # G: gender guesses
    per = [(w, g) for w, g in gender_words if g in ('m1', 'f')]
    loc = [(w, g) for w, g in gender_words if g in ('m3', 'f', 'n', 'p')]
    glines = majority_lines('G', 'PER', per) + majority_lines('G', 'LOC', loc)
    glines += [l.replace('G\tLOC\t', 'G\tORG\t') for l in majority_lines('G', 'LOC', loc)]
    glines += [l.replace('G\tLOC\t', 'G\t*\t') for l in majority_lines('G', 'LOC', loc)]
    # I: endings of foreign names (GeoNames default names outside Poland, ending in a vowel
    # that Polish declension does not take as is) that no declinable Polish word has.
    pos_end = Counter()
    for line in open(geo, encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if f[1] == 'PL':
            continue
        w = f[2].split(' ')[-1].split('-')[-1].lower()
        if w.isalpha() and w[-1] in 'eiouyöüéáóíú':
            for k in range(1, 5):
                if k < len(w):
                    pos_end[w[-k:]] += 1
    for e, n in indecl.items():
        pos_end[e] += n
    icands = [e for e, n in pos_end.items() if n >= 4 and neg_end[e] <= 1]
    # J: adjective-looking endings
    # (a purely statistical J list is noisy: -ski/-ska are also surnames, -na/-wa/-ny also
    # place names such as Ukraina, Warszawa, Ateny; the J list is therefore kept by hand in
    # hand-suffixes.tsv, and only printed here with its collisions for review)
    jcands = []
    hand_i, hand_j, hand_lines = [], [], []
    with open(hand, encoding='utf-8') as fh:
        for line in fh:
            s = line.rstrip('\n')
            if not s or s.startswith('#'):
                continue
            f = s.split('\t')
            if f[0] == 'I':
                hand_i.append(f[1])
            elif f[0] == 'J':
                hand_j.append(f[1])
            elif f[0] == 'I-':
                icands = [e for e in icands if e != f[1]]
            elif f[0] == 'J-':
                jcands = [e for e in jcands if e != f[1]]
            else:
                hand_lines.append(s)
    ilist = minimal(set(icands) | set(hand_i))
    jlist = minimal(set(jcands) | set(hand_j))
    lines += glines
    lines += ['I\t' + e for e in ilist]
    lines += ['J\t' + e for e in jlist]
    lines += hand_lines
    with open(out, 'w', encoding='utf-8') as o:
        o.write('\n'.join(lines) + '\n')
    print('make_suffixes: S lines %s; G %d; I %d (%s); J %d' % (
        counts, len(glines), len(ilist), ' '.join(ilist), len(jlist)), file=sys.stderr)
    print('  J (adjective nominatives / noun nominatives with the ending): ' + ' '.join(
        '%s(%d/%d)' % (e, adj_nom[e], noun_nom[e]) for e in jlist), file=sys.stderr)


if __name__ == '__main__':
    main()
