"""Where the texts behind tests/realnews/gold.jsonl live: a document id is SOURCE:ID,
and SOURCE names a file of the shared data directory (../shared/data from the project
root, or $FAKTY_SHARED/data). Used by tools/facts-gold.py and tools/eval-facts.py."""
import json
import os

SOURCES = {
    'nkjp1m': 'nkjp1m.jsonl',          # NKJP 1M subcorpus documents
    'bsnlp': 'bsnlp-dev.jsonl',        # BSNLP shared-task news
    'kpwr': 'kpwr-timex-dev.jsonl',    # KPWr documents
    'facts-dev': 'facts-dev.jsonl',    # the 70 articles given with gold facts
}


def shared_dir(given=None):
    if given:
        return given
    if os.environ.get('FAKTY_SHARED'):
        return os.environ['FAKTY_SHARED']
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(os.path.dirname(root), 'shared')


def missing_files(ids, given=None):
    """Data files the ids need that are absent (a test skips on these)."""
    d = os.path.join(shared_dir(given), 'data')
    need = sorted({SOURCES[i.split(':', 1)[0]] for i in ids})
    return [os.path.join(d, f) for f in need if not os.path.isfile(os.path.join(d, f))]


def load_texts(ids, given=None, dates=None):
    """{id: text} for the ids wanted; dates (a dict) is filled with each document's date."""
    d = os.path.join(shared_dir(given), 'data')
    want = {}
    for i in ids:
        src, _, rid = i.partition(':')
        want.setdefault(src, set()).add(rid)
    out = {}
    for src, rids in want.items():
        fn = os.path.join(d, SOURCES[src])
        if not os.path.isfile(fn):
            continue
        for line in open(fn, encoding='utf-8'):
            r = json.loads(line)
            if r['id'] in rids:
                out[src + ':' + r['id']] = r['text']
                if dates is not None:
                    dates[src + ':' + r['id']] = r.get('date')
    return out
