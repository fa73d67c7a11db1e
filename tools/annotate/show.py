#!/usr/bin/env python3
"""show.py BATCH [FROM [TO]]: print documents FROM..TO (1-based, inclusive) of batches/BATCH.jsonl
with their ids, numbered paragraphs kept as in the text."""
import json,sys
import os
BASE=os.environ.get('ANNOT_DIR','.')  # the annotation work folder: batches/, out/, out2/
b=sys.argv[1]; docs=[json.loads(l) for l in open(f'{BASE}/batches/{b}.jsonl')]
a=int(sys.argv[2]) if len(sys.argv)>2 else 1
z=int(sys.argv[3]) if len(sys.argv)>3 else a
for k in range(a,min(z,len(docs))+1):
    d=docs[k-1]
    print(f'=== #{k} of {len(docs)}  id: {d["id"]}')
    print(d['text'])
    print()
