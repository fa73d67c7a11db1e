#!/usr/bin/env python3
"""Draw the documents of the real-news fact corpus (tests/realnews/) into annotation batches.

    tools/annotate/make_batches.py SHARED_DATA_DIR OUT_DIR

Pool: the press documents of nkjp1m.jsonl (news_guess), all of bsnlp-dev.jsonl and
kpwr-timex-dev.jsonl, less those whose first 200 characters are those of a facts-dev.jsonl
document (that set has gold of its own) and those over 6,000 characters (NKJP's whole-issue
documents). The draw is deliberately broad and knows nothing of fakty's rules:
  A  every document with a sentence holding an event stem (zgin-, rann-, zatrzym-, protest-,
     ofiar-, szpital-, żołnierz- ...) and a number-like word (digits, number words, kilk-, set-);
  B  70 random documents with an event stem but no such sentence;
  C  35 random documents with neither.
Seed 13; six batches a1..a6 dealt round-robin after a shuffle. Writes OUT_DIR/aN.jsonl
({"id": "SOURCE:ID", "text"}); the ids name the source file as tools/factsdata.py does.
"""
import json
import os
import random
import re
import sys

STRONG = re.compile(
    r'\b(zgin|zabi|zabó|zmar|nie żyj|rann|zatrzym|aresztow|areszci|zarzut|oskarż|skaza|zagin|'
    r'ewakuow|uchodźc|żołnierz|policjan|funkcjonariusz|strażak|ratowni|demonstr|protestuj|manifest|'
    r'ofiar|poszkodow|zamordow|śmier|zgon|uciekin|strajk|marsz|wojsk|uwięzi|więźni|ujęt|pojman|'
    r'porwan|zakładnik|obrażeń|obrażenia|szpital)', re.I)
NUM = re.compile(
    r'(\d|\b(dw[aóou]|dwie|dwoje|trz[ey]|trój|czter|pięć|pięci|sześ|siedem|siedm|osiem|ośm|dziewię|'
    r'dziesię|jedenast|dwanaś|dwunast|naście|nastu|dzieści|dziestu|set|sta\b|stu\b|tysi|tys\.|kilk|'
    r'parę|paru|dziesiąt|setk|milion|mln|pół|jeden|jedna|jedno|kilkoro|dwaj|trzej|czterej|obaj|'
    r'oboje|obie|nikt))', re.I)


def sentences(t):
    return re.split(r'(?<=[.!?])\s+', t)


def main():
    data, out = sys.argv[1], sys.argv[2]
    given = {json.loads(l)['text'][:200] for l in open(os.path.join(data, 'facts-dev.jsonl'))}
    pool = []
    for d in map(json.loads, open(os.path.join(data, 'nkjp1m.jsonl'))):
        if d['news_guess']:
            pool.append(('nkjp1m', d['id'], d['text']))
    for src, fn in (('bsnlp', 'bsnlp-dev.jsonl'), ('kpwr', 'kpwr-timex-dev.jsonl')):
        for d in map(json.loads, open(os.path.join(data, fn))):
            pool.append((src, d['id'], d['text']))
    pool = [p for p in pool if p[2][:200] not in given]
    random.seed(13)
    a, b, c = [], [], []
    for p in pool:
        if any(STRONG.search(s) and NUM.search(s) for s in sentences(p[2])):
            a.append(p)
        elif STRONG.search(p[2]):
            b.append(p)
        else:
            c.append(p)
    a, b, c = ([p for p in x if len(p[2]) <= 6000] for x in (a, b, c))
    chosen = a + random.sample(b, 70) + random.sample(c, 35)
    random.shuffle(chosen)
    os.makedirs(out, exist_ok=True)
    names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']
    for k, n in enumerate(names):
        with open(os.path.join(out, n + '.jsonl'), 'w', encoding='utf-8') as f:
            for src, i, t in chosen[k::len(names)]:
                f.write(json.dumps({'id': '%s:%s' % (src, i), 'text': t}, ensure_ascii=False) + '\n')
    print('make_batches: %d documents (A %d, B 70, C 35)' % (len(chosen), len(a)), file=sys.stderr)


if __name__ == '__main__':
    main()
