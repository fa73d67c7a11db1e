#!/usr/bin/env python3
"""validate.py BATCH: checks out/BATCH.jsonl against batches/BATCH.jsonl and the record format
of FACT_GUIDELINES.md. Prints every problem; 'OK n documents, m facts' when there is none."""
import json,sys
import os
BASE=os.environ.get('ANNOT_DIR','.')  # the annotation work folder: batches/, out/, out2/
TYPES={'killed','injured','detained','arrested','charged','missing','evacuated','deployed','protesters'}
WHO={'people','police','soldiers','civilians','protesters','children','migrants','passengers','journalists',
     'prisoners','rescuers','foreigners','patients','workers','other'}
QUAL={'exact','more_than','at_least','about','less_than','at_most','range','vague'}
b=sys.argv[1]
outdir=sys.argv[2] if len(sys.argv)>2 else 'out'
docs={}
order=[]
for l in open(f'{BASE}/batches/{b}.jsonl'):
    d=json.loads(l); docs[d['id']]=d['text']; order.append(d['id'])
probs=[]; seen=set(); nf=0
try: lines=open(f'{BASE}/{outdir}/{b}.jsonl').read().splitlines()
except FileNotFoundError: lines=[]
for ln,l in enumerate(lines,1):
    if not l.strip(): continue
    try: r=json.loads(l)
    except Exception as e: probs.append(f'line {ln}: not JSON: {e}'); continue
    i=r.get('id')
    if i not in docs: probs.append(f'line {ln}: unknown id {i!r}'); continue
    if i in seen: probs.append(f'line {ln}: id {i} annotated twice')
    seen.add(i)
    t=docs[i]
    if not isinstance(r.get('facts'),list): probs.append(f'line {ln}: "facts" must be a list'); continue
    for k,f in enumerate(r['facts']):
        nf+=1
        w=f'line {ln} ({i}) fact {k+1}'
        if f.get('type') not in TYPES: probs.append(f'{w}: type {f.get("type")!r} not one of the nine')
        if f.get('who') not in WHO: probs.append(f'{w}: who {f.get("who")!r} not in the list')
        q=f.get('qualifier')
        if q not in QUAL: probs.append(f'{w}: qualifier {q!r}')
        s=f.get('sentence','')
        if not s or s not in t: probs.append(f'{w}: sentence is not an exact substring of the text: {s[:80]!r}')
        ct=f.get('count_text','')
        if not ct or ct not in s: probs.append(f'{w}: count_text {ct!r} is not inside the sentence')
        v,mn,mx=f.get('value'),f.get('min'),f.get('max')
        for nm,x in (('value',v),('min',mn),('max',mx)):
            if x is not None and not isinstance(x,int): probs.append(f'{w}: {nm} must be an integer or null')
        exp={'exact':(v is not None and mn==v and mx==v),
             'more_than':(v is not None and mn==v and mx is None),
             'at_least':(v is not None and mn==v and mx is None),
             'about':(v is not None and mn is None and mx is None),
             'less_than':(v is not None and mn is None and mx==v),
             'at_most':(v is not None and mn is None and mx==v),
             'range':(v is None and mn is not None and mx is not None and mn<=mx),
             'vague':(v is None and mn is not None and mx is not None and mn<=mx)}.get(q,True)
        if not exp: probs.append(f'{w}: value/min/max ({v},{mn},{mx}) do not fit qualifier {q} (see "Count" in the guidelines)')
        extra=set(f)-{'type','value','min','max','qualifier','count_text','who','sentence','optional','note'}
        if extra: probs.append(f'{w}: unknown fields {sorted(extra)}')
missing=[i for i in order if i not in seen]
for p in probs: print(p)
print(f'{len(seen)} of {len(order)} documents annotated, {nf} facts; {len(probs)} problems'+
      (f'; not yet annotated: {len(missing)} (first: {missing[0]})' if missing else ''))
