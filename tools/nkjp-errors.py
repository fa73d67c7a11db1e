#!/usr/bin/env python3
"""Error analysis of fakty's entities against the NKJP named-entity layer.

    tools/nkjp-errors.py [--data nkjp1m.jsonl] [--fakty build/fakty] [--top N]
                         [--type PER|LOC|ORG] [--press] [--kind fn|fp|all]

Scores like tools/eval-nkjp.py (span-strict, nested=false, GEO = LOC) and
then lists the most frequent false negatives and false positives by surface
form and type, each error classed as:

  missing   nothing of fakty's overlaps the gold span
  boundary  a fakty entity of the same type overlaps it with other bounds
  type      a fakty entity with the same bounds has another type
  overlap   another type overlaps with other bounds

and a summary of the miss classes (lower-case gold spans = relational
adjectives, quoted spans, one-word spans ...). For measuring only: nothing
of the NKJP data goes into the project.
"""
import argparse
import collections
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('evalnkjp', os.path.join(HERE, 'eval-nkjp.py'))
ev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ev)


def classify(span, others):
    s, e, t = span
    for (s2, e2, t2) in others:
        if s2 < e and s < e2:
            if (s2, e2) == (s, e):
                return 'type'
            if t2 == t:
                return 'boundary'
    for (s2, e2, t2) in others:
        if s2 < e and s < e2:
            return 'overlap'
    return 'missing'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default='/work/shared/data/nkjp1m.jsonl')
    ap.add_argument('--fakty', default=os.environ.get('FAKTY_BIN') or os.path.join(HERE, '..', 'build', 'fakty'))
    ap.add_argument('--top', type=int, default=40)
    ap.add_argument('--type', choices=ev.TYPES)
    ap.add_argument('--press', action='store_true', help='press documents only')
    ap.add_argument('--kind', choices=('fn', 'fp', 'all'), default='all')
    ap.add_argument('--class', dest='cls', choices=('missing', 'boundary', 'type', 'overlap'))
    ap.add_argument('--context', action='store_true', help='one sample context per form')
    ap.add_argument('--jobs', type=int, default=0)
    ap.add_argument('--split', choices=('all', 'dev', 'test'), default='dev',
                    help='which half to look at (default dev: keep the test half unseen)')
    a = ap.parse_args()

    import json
    recs = [json.loads(x) for x in open(a.data, encoding='utf-8') if x.strip()]
    recs = [r for r in recs if ev.in_split(r, a.split)]
    if a.press:
        recs = [r for r in recs if r.get('news_guess')]
    outs, _ = ev.run_fakty(a.fakty, recs, a.jobs)
    fn = collections.Counter()
    fp = collections.Counter()
    ctx = {}
    fncls = collections.Counter()
    fnshape = collections.Counter()
    for rec, out in zip(recs, outs):
        gold = ev.gold_spans(rec)
        sys_ = {(e['start'], e['end'], e['type']) for e in out.get('entities', []) if e.get('type') in ev.TYPES}
        text = rec['text']
        for sp in gold - sys_:
            if a.type and sp[2] != a.type:
                continue
            c = classify(sp, sys_)
            fncls[(sp[2], c)] += 1
            w = text[sp[0]:sp[1]]
            shape = ('lower' if not any(ch.isupper() for ch in w) else
                     'quoted' if w[:1] in '"„«' else
                     'acronym' if w.isupper() else
                     'one-word' if ' ' not in w else 'multi-word')
            fnshape[(sp[2], shape)] += 1
            if a.cls and c != a.cls:
                continue
            k = (sp[2], c, w)
            fn[k] += 1
            ctx.setdefault(('fn',) + k, text[max(0, sp[0] - 40):sp[1] + 40].replace('\n', ' '))
        for sp in sys_ - gold:
            if a.type and sp[2] != a.type:
                continue
            c = classify(sp, gold)
            if a.cls and c != a.cls:
                continue
            k = (sp[2], c, text[sp[0]:sp[1]])
            fp[k] += 1
            ctx.setdefault(('fp',) + k, text[max(0, sp[0] - 40):sp[1] + 40].replace('\n', ' '))
    print('misses by class:')
    for (t, c), n in sorted(fncls.items(), key=lambda x: -x[1]):
        print('  %-4s %-9s %6d' % (t, c, n))
    print('misses by shape:')
    for (t, c), n in sorted(fnshape.items(), key=lambda x: -x[1]):
        print('  %-4s %-10s %6d' % (t, c, n))
    for name, cnt in (('fn', fn), ('fp', fp)):
        if a.kind not in (name, 'all'):
            continue
        print('\n--- top %s (%d total)' % (name, sum(cnt.values())))
        for k, n in cnt.most_common(a.top):
            line = '%5d  %-4s %-9s %s' % (n, k[0], k[1], k[2])
            if a.context:
                line += '   | ' + ctx[(name,) + k]
            print(line)


if __name__ == '__main__':
    sys.exit(main())
