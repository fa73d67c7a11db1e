#!/usr/bin/env python3
"""Measure fakty's entities against the NKJP named-entity layer.

    tools/eval-nkjp.py [--data nkjp1m.jsonl] [--fakty build/fakty] [--limit N]
                       [--jobs N] [--errors K] [--json]

Input: JSON Lines, one document a line: {"id", "text", "entities": [{"start",
"end", "type", "nested", ...}], "news_guess": bool}; offsets in code points.
Only spans with nested=false count; types PER, LOC, ORG; GEO counts as LOC;
other types (DATE, TIME) are ignored. The documents are fed to
`fakty --input jsonl` ({"id", "text"} only) and its entities compared
span-strict: a hit needs the same start, end and type.

Prints precision, recall and F1 per type and overall, for all documents and
separately for the press documents (news_guess=true) and the rest.
--errors K prints K sample misses and false alarms per type.
--names-only drops the gold spans without a capital letter (relational
adjectives such as "polskiej", which NKJP counts as places).
--split dev|test keeps one half of the documents, chosen by a stable hash of
the document id (md5, even = dev, odd = test). Look at errors on dev only and
report the test half, so the figures are not tuned to the texts they measure.
"""
import argparse
import collections
import hashlib
import json
import os
import random
import subprocess
import sys
import time

TYPES = ('PER', 'LOC', 'ORG')
MAP = {'PER': 'PER', 'LOC': 'LOC', 'GEO': 'LOC', 'ORG': 'ORG'}


def gold_spans(rec, names_only=False):
    out = set()
    for e in rec.get('entities', []):
        if e.get('nested'):
            continue
        if names_only and not any(ch.isupper() for ch in e.get('text', 'X')):
            continue
        t = MAP.get(e.get('type'))
        if t:
            out.add((e['start'], e['end'], t))
    return out


def run_fakty(fakty, recs, jobs):
    inp = ''.join(json.dumps({'id': r['id'], 'text': r['text']}, ensure_ascii=False) + '\n'
                  for r in recs)
    cmd = [fakty, '--input', 'jsonl']
    if jobs:
        cmd += ['--jobs', str(jobs)]
    t0 = time.time()
    p = subprocess.run(cmd, input=inp.encode('utf-8'), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=False)
    dt = time.time() - t0
    if p.returncode not in (0, 1):
        sys.exit('fakty failed (%d): %s' % (p.returncode, p.stderr.decode('utf-8', 'replace')[:2000]))
    lines = p.stdout.decode('utf-8').splitlines()
    if len(lines) != len(recs):
        sys.exit('fakty wrote %d lines for %d records' % (len(lines), len(recs)))
    return [json.loads(x) for x in lines], dt


def in_split(rec, split):
    """Stable half of the corpus: md5 of the id, even = dev, odd = test."""
    if split in (None, 'all'):
        return True
    h = hashlib.md5(str(rec.get('id')).encode('utf-8')).digest()[-1] & 1
    return (h == 0) == (split == 'dev')


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--data', default='/work/shared/data/nkjp1m.jsonl')
    ap.add_argument('--fakty', default=os.environ.get('FAKTY_BIN') or os.path.join(here, '..', 'build', 'fakty'))
    ap.add_argument('--limit', type=int, default=0, help='first N documents only')
    ap.add_argument('--jobs', type=int, default=0)
    ap.add_argument('--errors', type=int, default=0, help='show K sample errors per type')
    ap.add_argument('--json', action='store_true', help='print the scores as JSON')
    ap.add_argument('--names-only', action='store_true',
                    help='drop gold spans without a capital letter (NKJP marks relational '
                         'adjectives such as "polskiej" as places; fakty reports names only)')
    ap.add_argument('--split', choices=('all', 'dev', 'test'), default='all',
                    help='one half of the documents (stable hash of the id): tune on dev, report test')
    a = ap.parse_args()

    recs = []
    with open(a.data, encoding='utf-8') as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                if in_split(r, a.split):
                    recs.append(r)
            if a.limit and len(recs) >= a.limit:
                break
    outs, dt = run_fakty(a.fakty, recs, a.jobs)

    groups = ('all', 'press', 'other')
    cnt = {g: {t: [0, 0, 0] for t in TYPES} for g in groups}   # tp fp fn
    misses = collections.defaultdict(list)
    alarms = collections.defaultdict(list)
    for rec, out in zip(recs, outs):
        gold = gold_spans(rec, a.names_only)
        sys_ = set()
        for e in out.get('entities', []):
            if e.get('type') in TYPES:
                sys_.add((e['start'], e['end'], e['type']))
        g2 = 'press' if rec.get('news_guess') else 'other'
        for (s, e, t) in sys_ | gold:
            k = 0 if (s, e, t) in sys_ and (s, e, t) in gold else 1 if (s, e, t) in sys_ else 2
            for g in ('all', g2):
                cnt[g][t][k] += 1
            if k == 1:
                alarms[t].append((rec['id'], rec['text'][s:e], rec['text'][max(0, s - 30):e + 30]))
            elif k == 2:
                misses[t].append((rec['id'], rec['text'][s:e], rec['text'][max(0, s - 30):e + 30]))

    res = {}
    for g in groups:
        res[g] = {}
        tot = [0, 0, 0]
        for t in TYPES:
            c = cnt[g][t]
            tot = [x + y for x, y in zip(tot, c)]
            p, r, f = prf(*c)
            res[g][t] = {'tp': c[0], 'fp': c[1], 'fn': c[2], 'precision': round(p, 4),
                         'recall': round(r, 4), 'f1': round(f, 4)}
        p, r, f = prf(*tot)
        res[g]['overall'] = {'tp': tot[0], 'fp': tot[1], 'fn': tot[2], 'precision': round(p, 4),
                             'recall': round(r, 4), 'f1': round(f, 4)}
    ndocs = {'all': len(recs), 'press': sum(1 for r in recs if r.get('news_guess'))}
    ndocs['other'] = ndocs['all'] - ndocs['press']
    if a.json:
        print(json.dumps({'split': a.split, 'documents': ndocs, 'seconds': round(dt, 2), 'scores': res}, indent=1))
    else:
        print('%d documents (%d press, %d other; split %s), fakty ran %.1f s' %
              (ndocs['all'], ndocs['press'], ndocs['other'], a.split, dt))
        for g in groups:
            print('\n[%s]  %-8s %6s %6s %6s   %6s %6s %6s' % (g, 'type', 'P', 'R', 'F1', 'tp', 'fp', 'fn'))
            for t in TYPES + ('overall',):
                x = res[g][t]
                print('       %-8s %6.3f %6.3f %6.3f   %6d %6d %6d' %
                      (t, x['precision'], x['recall'], x['f1'], x['tp'], x['fp'], x['fn']))
    if a.errors:
        rnd = random.Random(1)
        for t in TYPES:
            for name, lst in (('missed', misses[t]), ('false', alarms[t])):
                print('\n--- %s %s (%d)' % (t, name, len(lst)))
                for i, txt, ctx in rnd.sample(lst, min(a.errors, len(lst))):
                    print('  %s  %-30s | %s' % (i, txt, ctx.replace('\n', ' ')))


if __name__ == '__main__':
    main()
