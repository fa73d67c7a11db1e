#!/usr/bin/env python3
"""Agreement of two annotation passes kept in the gold format of tests/realnews/ (offsets).

    tools/annotate/agreement.py tests/realnews/pass1.jsonl tests/realnews/pass2.jsonl

Required facts of one pass are matched to required facts of the other as the scorer matches
(same type, same value/min/max, overlapping sentences); prints the second pass's precision and
recall against the first, their F1, and how many documents differ in any way (a fact only one
pass has, or one that is optional in one pass only): those went to an adjudicator.
"""
import json
import sys


def load(fn):
    return {r['doc']: r['facts'] for r in map(json.loads, open(fn, encoding='utf-8'))}


def key(f):
    return (f['type'], f['value'], f['min'], f['max'])


def pairs(a, b):
    used, out = set(), []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if j not in used and key(x) == key(y) and x['sentence'][0] < y['sentence'][1] \
                    and y['sentence'][0] < x['sentence'][1]:
                used.add(j)
                out.append((i, j))
                break
    return out


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    both = na = nb = differ = 0
    for d in a:
        x, y = a[d], b.get(d, [])
        p = pairs(x, y)
        both += sum(1 for i, j in p if not x[i]['optional'] and not y[j]['optional'])
        na += sum(1 for f in x if not f['optional'])
        nb += sum(1 for f in y if not f['optional'])
        if len(p) != len(x) or len(p) != len(y) or any(x[i]['optional'] != y[j]['optional']
                                                      for i, j in p):
            differ += 1
    pr, rc = both / nb, both / na
    print('%d documents; required facts: first pass %d, second pass %d, in both %d' %
          (len(a), na, nb, both))
    print('second vs first: P %.3f R %.3f F1 %.3f; documents that differ in any way: %d' %
          (pr, rc, 2 * pr * rc / (pr + rc), differ))


if __name__ == '__main__':
    main()
