#!/usr/bin/env python3
"""Score fakty's facts against hand-made gold on real news (tests/realnews/gold.jsonl).

    tools/eval-facts.py [--fakty build/fakty] [--gold tests/realnews/gold.jsonl]
                        [--split dev|test|all] [--errors] [--json] [--floor FILE]
                        [--shared DIR] [-- FAKTY-ARGS...]

The gold keeps offsets and counts, not texts: each document's text is read from the shared
data directory (../shared/data, or $FAKTY_SHARED/data; tools/factsdata.py says which file
holds which id). Where those files are absent the scorer says so and exits 77 (meson's
"skipped"). A document whose text no longer has the md5 the gold was made on is an error.

Mention-level scoring: every gold fact and every fact fakty writes is one mention. A fact
matches a gold fact when the type is the same, the count is the same (value, min and max)
and fakty's evidence sentence overlaps the gold sentence; each gold fact matches at most
once. Optional gold facts neither help nor hurt: matching one is neither a hit nor an
error, missing one is no miss. Facts whose count is implied ("count.implied": true, a
singular event with no number word) that match no gold fact are not counted as errors
(FACT_GUIDELINES.md: scoring ignores implied counts that have no gold fact).

--split dev|test keeps one half of the documents by a stable hash of the id (md5, last
byte even = dev, odd = test), as tools/eval-nkjp.py does. Tune on dev; report test.
--errors lists every miss and false alarm with its sentence (look at dev only).
--floor FILE: a JSON object {"all": {"P": .., "R": ..}, "dev": {...}, "test": {...}};
exits 1 when the scores of the split fall below it (CI keeps recall from going down).
Prints P, R, F1 per type and overall.
"""
import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from factsdata import load_texts, missing_files  # noqa: E402

TYPES = ('killed', 'injured', 'detained', 'arrested', 'charged', 'missing', 'evacuated',
         'deployed', 'protesters')
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def in_split(doc_id, split):
    if split in (None, 'all'):
        return True
    h = hashlib.md5(doc_id.encode('utf-8')).digest()[-1] & 1
    return (h == 0) == (split == 'dev')


def run_fakty(fakty, docs, texts, dates, extra):
    inp = ''.join(json.dumps({'id': d, 'text': texts[d], 'date': dates.get(d)},
                             ensure_ascii=False) + '\n' for d in docs)
    p = subprocess.run([fakty, '--input', 'jsonl'] + extra, input=inp.encode('utf-8'),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if p.returncode not in (0, 1):
        sys.exit('eval-facts: fakty failed (%d): %s' %
                 (p.returncode, p.stderr.decode('utf-8', 'replace')[:2000]))
    out = [json.loads(x) for x in p.stdout.decode('utf-8').splitlines()]
    if len(out) != len(docs):
        sys.exit('eval-facts: fakty wrote %d lines for %d documents' % (len(out), len(docs)))
    return out


def count_key(c):
    def num(x):
        return None if x is None else round(float(x), 6)
    return (num(c.get('value')), num(c.get('min')), num(c.get('max')))


def match_doc(gold_facts, pred_facts):
    """Returns (hits, false alarms, misses) as lists, and the matched optional golds."""
    used = set()
    hits, fas = [], []
    for pf in pred_facts:
        ev = pf['evidence']
        pk = count_key(pf['count'])
        best = None
        for gi, g in enumerate(gold_facts):
            if gi in used or g['type'] != pf['type']:
                continue
            s, e = g['sentence']
            if not (ev['start'] < e and ev['end'] > s):
                continue
            if count_key(g) != pk:
                continue
            # prefer a required gold fact over an optional one
            if best is None or (gold_facts[best]['optional'] and not g['optional']):
                best = gi
        if best is not None:
            used.add(best)
            if not gold_facts[best]['optional']:
                hits.append((pf, gold_facts[best]))
        elif not pf['count'].get('implied'):
            fas.append(pf)
    misses = [g for gi, g in enumerate(gold_facts) if gi not in used and not g['optional']]
    return hits, fas, misses


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--fakty', default=os.path.join(ROOT, 'build', 'fakty'))
    ap.add_argument('--gold', default=os.path.join(ROOT, 'tests', 'realnews', 'gold.jsonl'))
    ap.add_argument('--split', default='all', choices=('dev', 'test', 'all'))
    ap.add_argument('--shared', default=None)
    ap.add_argument('--errors', action='store_true')
    ap.add_argument('--json', action='store_true')
    ap.add_argument('--floor', default=None)
    ap.add_argument('extra', nargs='*', help='more fakty arguments (after --)')
    a = ap.parse_args()

    gold = [json.loads(x) for x in open(a.gold, encoding='utf-8') if x.strip()]
    gold = [g for g in gold if in_split(g['doc'], a.split)]
    ids = [g['doc'] for g in gold]
    miss = missing_files(ids, a.shared)
    if miss:
        print('eval-facts: SKIP: the real-news texts are not here (%s); they live in the '
              'shared data directory next to the project (../shared/data) or $FAKTY_SHARED/data'
              % ', '.join(miss))
        sys.exit(77)
    dates = {}
    texts = load_texts(ids, a.shared, dates)
    bad = [g['doc'] for g in gold if g['doc'] not in texts or
           hashlib.md5(texts[g['doc']].encode('utf-8')).hexdigest() != g['md5']]
    if bad:
        sys.exit('eval-facts: %d documents missing or changed in the shared data (first: %s)'
                 % (len(bad), bad[0]))
    out = run_fakty(a.fakty, ids, texts, dates, a.extra)

    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    ngold = collections.Counter()
    errors = []
    for g, r in zip(gold, out):
        hits, fas, misses = match_doc(g['facts'], r['facts'])
        t = texts[g['doc']]
        for h, _ in hits:
            tp[h['type']] += 1
        for f in fas:
            fp[f['type']] += 1
            errors.append(('FA', g['doc'], f['type'], count_key(f['count']), f['count'].get('text'),
                           f['evidence']['text'], f.get('rule')))
        for m in misses:
            fn[m['type']] += 1
            s, e = m['sentence']
            ct = t[m['count'][0]:m['count'][1]] if m.get('count') else ''
            errors.append(('MISS', g['doc'], m['type'], count_key(m), ct, t[s:e], m.get('by')))
        for gf in g['facts']:
            if not gf['optional']:
                ngold[gf['type']] += 1

    res = {'split': a.split, 'documents': len(gold), 'types': {}}
    lines = ['split %s: %d documents, %d gold facts (%d optional left out)' %
             (a.split, len(gold), sum(ngold.values()),
              sum(1 for g in gold for f in g['facts'] if f['optional'])),
             '%-11s %5s %5s %5s %4s %4s %4s' % ('type', 'P', 'R', 'F1', 'tp', 'fp', 'fn')]
    for ty in TYPES + tuple(sorted(set(fp) - set(TYPES))):
        if not (tp[ty] or fp[ty] or fn[ty]):
            continue
        p, r, f = prf(tp[ty], fp[ty], fn[ty])
        res['types'][ty] = {'P': p, 'R': r, 'F1': f, 'tp': tp[ty], 'fp': fp[ty], 'fn': fn[ty]}
        lines.append('%-11s %5.3f %5.3f %5.3f %4d %4d %4d' % (ty, p, r, f, tp[ty], fp[ty], fn[ty]))
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    p, r, f = prf(T, F, N)
    res['all'] = {'P': p, 'R': r, 'F1': f, 'tp': T, 'fp': F, 'fn': N}
    lines.append('%-11s %5.3f %5.3f %5.3f %4d %4d %4d' % ('overall', p, r, f, T, F, N))

    if a.errors:
        for e in sorted(errors, key=lambda e: (e[2], e[0], e[1])):
            print('%-4s %-9s %s %s %r | %s | %s' % (e[0], e[2], e[1], e[3], e[4],
                                                  e[5].replace('\n', ' ')[:300], e[6]))
        print()
    print(json.dumps(res, indent=1) if a.json else '\n'.join(lines))
    if a.floor:
        fl = json.load(open(a.floor, encoding='utf-8')).get(a.split, {})
        low = [k for k in ('P', 'R', 'F1') if k in fl and res['all'][k] < fl[k] - 1e-9]
        if low:
            print('eval-facts: below the floor (%s): %s' % (a.floor, ', '.join(
                '%s %.3f < %.3f' % (k, res['all'][k], fl[k]) for k in low)))
            sys.exit(1)
        print('eval-facts: at or above the floor %s' % json.dumps(fl))


if __name__ == '__main__':
    main()
