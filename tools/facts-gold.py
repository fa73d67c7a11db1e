#!/usr/bin/env python3
"""Turn fact annotations (the record format of FACT_GUIDELINES.md: facts with the
sentence text and count_text copied from the document) into the project's gold file,
which keeps offsets and counts with each document's source id but no copy of the text.

    tools/facts-gold.py [--shared DIR] [--annotator NAME] IN.jsonl... > gold.jsonl

IN records: {"id": "SOURCE:ID", "facts": [...]} where SOURCE names a file of
../shared/data (see SOURCES in tools/eval-facts.py; "facts-dev:ID" takes the text and the
gold of facts-dev.jsonl itself, so `tools/facts-gold.py ../shared/data/facts-dev.jsonl`
works with ids left as they are there).
Out records (one a document, sorted by id):
  {"doc": "nkjp1m:130-5-000000145", "md5": "<md5 of the text>", "by": "a1",
   "facts": [{"type", "value", "min", "max", "qualifier", "who", "optional",
              "sentence": [start, end], "count": [start, end]}]}
Offsets are code points of the text, end exclusive: the first occurrence of the sentence,
and of count_text inside it. A sentence not found in the text is an error (exit 1).
"""
import argparse
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from factsdata import load_texts  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=None)
    ap.add_argument('--annotator', default=None)
    ap.add_argument('inputs', nargs='+')
    a = ap.parse_args()
    recs = []
    for fn in a.inputs:
        base = os.path.basename(fn)
        for line in open(fn, encoding='utf-8'):
            if line.strip():
                r = json.loads(line)
                if base == 'facts-dev.jsonl':
                    r['id'] = 'facts-dev:' + r['id']
                r.setdefault('_by', a.annotator or os.path.splitext(base)[0])
                recs.append(r)
    texts = load_texts([r['id'] for r in recs], a.shared)
    bad = 0
    out = []
    for r in recs:
        t = texts.get(r['id'])
        if t is None:
            print('facts-gold: %s: no such document in the shared data' % r['id'], file=sys.stderr)
            bad += 1
            continue
        facts = []
        for f in r['facts']:
            s = t.find(f['sentence'])
            if s < 0:
                print('facts-gold: %s: sentence not in the text: %.60s' % (r['id'], f['sentence']),
                      file=sys.stderr)
                bad += 1
                continue
            c = f['sentence'].find(f.get('count_text') or '\0')
            cnt = [s + c, s + c + len(f['count_text'])] if c >= 0 else None
            g = {k: f.get(k) for k in ('type', 'value', 'min', 'max', 'qualifier', 'who')}
            g['optional'] = bool(f.get('optional'))
            g['sentence'] = [s, s + len(f['sentence'])]
            g['count'] = cnt
            facts.append(g)
        out.append({'doc': r['id'], 'md5': hashlib.md5(t.encode('utf-8')).hexdigest(),
                    'by': r['_by'], 'facts': facts})
    out.sort(key=lambda r: r['doc'])
    for r in out:
        print(json.dumps(r, ensure_ascii=False))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
