#!/usr/bin/env python3
"""agree.py: agreement of two independent annotation passes (ANNOT_DIR/out and out2, batches a1..a6):
required facts matched on type, count and sentence; writes disagree.json, the documents to adjudicate."""
import json,sys,collections
import os
BASE=os.environ.get('ANNOT_DIR','.')  # the annotation work folder: batches/, out/, out2/
def load(d,b):
    return {r['id']:r['facts'] for r in map(json.loads,open(f'{BASE}/{d}/{b}.jsonl'))}
def key(f): return (f['type'],f['value'],f['min'],f['max'])
def match(A,B):
    # returns pairs matched (any optional status), index sets
    used=set(); pairs=[]
    for i,a in enumerate(A):
        for j,b in enumerate(B):
            if j in used: continue
            if key(a)==key(b) and (a['sentence'] in b['sentence'] or b['sentence'] in a['sentence'] or a['sentence']==b['sentence']):
                used.add(j); pairs.append((i,j)); break
    return pairs
tot=collections.Counter(); dis={}
for b in ['a1','a2','a3','a4','a5','a6']:
    A=load('out',b); B=load('out2',b)
    for i in A:
        a=A[i]; bb=B[i]
        pairs=match(a,bb)
        ma={x for x,_ in pairs}; mb={y for _,y in pairs}
        ra=[k for k,f in enumerate(a) if not f.get('optional')]; rb=[k for k,f in enumerate(bb) if not f.get('optional')]
        # required-required agreement
        both=sum(1 for x,y in pairs if not a[x].get('optional') and not bb[y].get('optional'))
        tot['both']+=both; tot['A']+=len(ra); tot['B']+=len(rb)
        bad=False
        if len(pairs)!=len(a) or len(pairs)!=len(bb): bad=True
        for x,y in pairs:
            if bool(a[x].get('optional'))!=bool(bb[y].get('optional')): bad=True; tot['optdiff']+=1
        if bad: dis[i]=b
        tot['docs']+=1
print(tot)
P=tot['both']/tot['B']; R=tot['both']/tot['A']
print('required-fact agreement: B vs A  P %.3f R %.3f F1 %.3f'%(P,R,2*P*R/(P+R)))
print('docs with any disagreement', len(dis))
json.dump(dis,open(BASE+'/disagree.json','w'))
