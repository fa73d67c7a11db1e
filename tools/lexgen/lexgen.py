#!/usr/bin/env python3
"""Generate word lists of the Polish fact rules from Morfologik (maintenance only).

    tools/lexgen/lexgen.py MORF.tsv REPO

MORF.tsv is Morfologik's dictionary dumped as form<TAB>lemma<TAB>tags (the first step of
tools/gazgen/generate.sh makes it: morf.tsv in its work directory). Writes

  rules/pl/lists/persons.txt   every form of a noun that names a person, when the form has
                               no other reading: Morfologik's masculine-personal (m1) nouns
                               written in lower case and its personal plurals (p1: ludzie,
                               rodzice), feminines made from them (policjantka; less
                               persons-f-stop.txt), the lemmas of tools/lexgen/persons-f.txt (women,
                               children, "osoba", "ofiara") and persons-ethnonyms.txt, and the inhabitant nouns
                               (demonyms) of gazetteers/pl/adjectives-places.tsv. A form that
                               Morfologik also reads as an adjective, a verb, an animal or a
                               thing ("innych", "metrów", "psów", "polityka") is left out
                               (readings of names, depreciative forms and, for plural
                               person forms, feminine singulars — "górnicy" — aside),
                               unless its lemma is in tools/lexgen/persons-keep.txt ("rannych",
                               "członków"); forms in tools/lexgen/persons-stop.txt are left out.

  rules/pl/lists/adverbs.txt   forms Morfologik reads only as adverbs or particles ("ciężko",
                               "już"; negations left out), and tools/lexgen/adverbs-extra.txt.
  rules/pl/lists/TYPE_ROLE.txt  the forms of the verbs of tools/lexgen/predicates.tsv
                               (which forms go to which list: the comment at its top).

The lists are committed; fakty never reads Morfologik. Licence: gazetteers/NOTICE.
"""
import collections
import os
import sys


def read_list(fn):
    out = []
    for line in open(fn, encoding='utf-8'):
        line = line.strip()
        if line and not line.startswith('#'):
            out.append(line)
    return out


def derived_feminines(morf, stop):
    """Feminine person nouns made from masculine-personal ones: policjant ->
    policjantka, pielęgniarz -> pielęgniarka, aktywista -> aktywistka (the lemmas of
    tools/lexgen/persons-f-stop.txt, look-alikes such as tokarka, are left out)."""
    m1, fem = set(), set()
    for line in open(morf, encoding='utf-8'):
        form, lemma, tags = line.rstrip('\n').split('\t')
        if form != lemma or not lemma[:1].islower():
            continue
        for t in tags.split('+'):
            p = t.split(':')
            if p[0] == 'subst' and len(p) > 3 and p[1] == 'sg' and 'nom' in p[2].split('.'):
                g = p[3].split('.')
                if 'm1' in g:
                    m1.add(lemma)
                elif 'f' in g and lemma.endswith(('ka', 'ini', 'yni')):
                    fem.add(lemma)
    out = set()
    for f in fem:
        b = f[:-2] if f.endswith('ka') else f[:-3]
        if {b, b + 'a', b[:-1] + 'rz', b + 'ec', b[:-1] + 'niec', b + 'ca'} & m1 and f not in stop:
            out.add(f)
    return out


def main():
    morf, repo = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    flemmas = set(read_list(os.path.join(here, 'persons-f.txt')))
    flemmas |= set(read_list(os.path.join(here, 'persons-ethnonyms.txt')))
    keep = set(read_list(os.path.join(here, 'persons-keep.txt')))
    stop = {w.lower() for w in read_list(os.path.join(here, 'persons-stop.txt'))}
    flemmas |= derived_feminines(morf, set(read_list(os.path.join(here, 'persons-f-stop.txt'))))
    person = set()                      # forms with a person reading
    other = collections.Counter()       # forms with another reading -> count
    kept = set()                        # forms of a keep lemma
    m1plural, femsg = set(), set()      # plural person forms; forms also read as f singular
    for line in open(morf, encoding='utf-8'):
        form, lemma, tags = line.rstrip('\n').split('\t')
        f = form.lower()
        if lemma in keep or lemma in flemmas:
            kept.add(f)
        for t in tags.split('+'):
            p = t.split(':')
            if p[0] == 'subst' and len(p) > 3:
                for g in p[3].split('.'):
                    if (g == 'm1' and lemma[:1].islower()) or g == 'p1' or lemma in flemmas:
                        person.add(f)
                        if p[1] == 'pl':
                            m1plural.add(f)
                    elif not lemma[:1].islower():
                        pass                    # a name's reading ("Rolnik")
                    elif g == 'f' and p[1] == 'sg':
                        femsg.add(f)            # "górnicy": also górnica (sg dat)
                    else:
                        other[f] += 1
            elif p[0] in ('ppas', 'pact', 'adj', 'ger') and lemma in keep:
                person.add(f)
            elif p[0] == 'depr' or not lemma[:1].islower():
                pass                            # "lekarze" (depreciative), names
            elif p[0] not in ('brev', 'interj', 'xxx'):
                other[f] += 1
    demonyms = set()
    for line in open(os.path.join(repo, 'gazetteers/pl/adjectives-places.tsv'), encoding='utf-8'):
        c = line.rstrip('\n').split('\t')
        if len(c) > 4 and c[2] == 'demonym':
            demonyms.add(c[0].lower())
            for a in c[4].split('|'):
                demonyms.add(a.split('{')[0].lower())
    clean = {f for f in person if f not in other and (f not in femsg or f in m1plural)}
    words = sorted((clean | (person & kept) | demonyms) - stop)
    out = os.path.join(repo, 'rules/pl/lists/persons.txt')
    with open(out, 'w', encoding='utf-8') as fh:
        fh.write('# persons.txt: GENERATED by tools/lexgen/lexgen.py from Morfologik and\n'
                 '# gazetteers/pl/adjectives-places.tsv (do not edit; hand input: tools/lexgen/*.txt).\n'
                 '# Every form of a noun that names a person, one a line (format: docs/rules.md).\n')
        for w in words:
            fh.write(w + '\n')
    print('lexgen: persons.txt %d forms (%d with a person reading, %d of them also read '
          'otherwise, %d kept by persons-keep.txt, %d demonym forms)' %
          (len(words), len(person), len(person - clean), len(person & kept), len(demonyms)),
          file=sys.stderr)


def predicates(morf, repo, here):
    """The TYPE_subj/_act/_pass/_inf lists from predicates.tsv."""
    roles = {}
    for line in read_list(os.path.join(here, 'predicates.tsv')):
        ty, role, lemma = line.split('\t')
        roles.setdefault(lemma, []).append((ty, role))
    lists = collections.defaultdict(set)
    for line in open(morf, encoding='utf-8'):
        form, lemma, tags = line.rstrip('\n').split('\t')
        if lemma not in roles:
            continue
        f = form.lower()
        for t in tags.split('+'):
            p = t.split(':')
            kind = None
            if p[0] == 'verb' and p[1] == 'praet' and 'ter' in p:
                kind = 'past'
            elif p[0] == 'verb' and p[1] == 'fin' and 'ter' in p and any('imperf' in x.split('.') for x in p):
                kind = 'pres'
            elif p[0] == 'verb' and p[1] == 'imps':
                kind = 'imps'
            elif p[0] == 'verb' and p[1] == 'inf':
                kind = 'inf'
            elif p[0] == 'pcon':
                kind = 'pcon'
            elif p[0] == 'ppas' and p[-1] == 'aff':
                kind = 'ppas'
            elif p[0] == 'ger' and 'aff' in p:
                kind = 'ger'
            if kind is None:
                continue
            for ty, role in roles[lemma]:
                if kind == 'inf':
                    lists[ty + '_inf'].add(f)
                elif role in ('subj', 'pres') and kind == 'past':
                    lists[ty + '_subj'].add(f)
                elif role == 'pres' and kind == 'pres':
                    lists[ty + '_subj'].add(f)
                elif role == 'obj' and kind in ('past', 'pcon'):
                    lists[ty + '_act'].add(f)
                elif role == 'obj' and kind == 'imps':
                    lists[ty + '_imps'].add(f)
                elif role == 'obj' and kind == 'ppas':
                    lists[ty + '_pass'].add(f)
                elif role == 'obj' and kind == 'ger':
                    lists[ty + '_ger'].add(f)
    for name, words in sorted(lists.items()):
        with open(os.path.join(repo, 'rules/pl/lists', name + '.txt'), 'w', encoding='utf-8') as fh:
            fh.write('# %s.txt: GENERATED by tools/lexgen/lexgen.py from Morfologik and\n'
                     '# tools/lexgen/predicates.tsv (do not edit; format: docs/rules.md).\n' % name)
            for w in sorted(words):
                fh.write(w + '\n')
    print('lexgen: %s' % ', '.join('%s %d' % (k, len(v)) for k, v in sorted(lists.items())),
          file=sys.stderr)


def adverbs(morf, repo):
    """lists/adverbs.txt: forms Morfologik reads only as adverbs or particles ("ciężko",
    "już"), not counting readings of capitalised lemmas (names), plus adverbs-extra.txt."""
    adv, other = set(), set()
    for line in open(morf, encoding='utf-8'):
        form, lemma, tags = line.rstrip('\n').split('\t')
        if not form[:1].islower():
            continue
        for t in tags.split('+'):
            pos = t.split(':')[0]
            if pos in ('adv', 'qub'):
                adv.add(form)
            elif pos not in ('comp', 'conj', 'interj', 'brev'):
                other.add(form)
    here = os.path.dirname(os.path.abspath(__file__))
    stop = set(read_list(os.path.join(repo, 'rules/pl/lists/neg.txt')))
    words = sorted(((adv - other) - stop) | set(read_list(os.path.join(here, 'adverbs-extra.txt'))))
    with open(os.path.join(repo, 'rules/pl/lists/adverbs.txt'), 'w', encoding='utf-8') as fh:
        fh.write('# adverbs.txt: GENERATED by tools/lexgen/lexgen.py from Morfologik (do not edit;\n'
                 '# format: docs/rules.md). Words read only as adverbs, one a line.\n')
        for w in words:
            fh.write(w + '\n')
    print('lexgen: adverbs.txt %d forms' % len(words), file=sys.stderr)


if __name__ == '__main__':
    main()
    adverbs(sys.argv[1], sys.argv[2])
    here = os.path.dirname(os.path.abspath(__file__))
    predicates(sys.argv[1], sys.argv[2], here)
