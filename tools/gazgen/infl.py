"""Shared inflection helpers for the gazgen tools (standard library only).

Implements the rules of docs/gazetteers.md: lexicon look-up, S suffix paradigms,
G gender guesses, I/J endings and the automatic spec, so that the generator can
compute explicit specs and check_inflection.py can measure the result.
"""
import re
import zlib

CASES = ('nom', 'gen', 'dat', 'acc', 'inst', 'loc', 'voc')
GENDERS = ('m1', 'm2', 'm3', 'f', 'n', 'p')
PART_RE = re.compile(r'[ \-]')


def holdout(lemma):
    """Deterministic 10 % hold-out used by make_suffixes.py and check_inflection.py."""
    return zlib.crc32(lemma.encode('utf-8')) % 10 == 0


def parse_forms(s):
    d = {}
    for item in s.split(' '):
        if '=' in item:
            k, v = item.split('=', 1)
            d[k] = v.split('|')
    return d


def load_paradigms(path, want=None, want_adj_form=None):
    """Read para.tsv (morf_prep.py). want: optional predicate(lemma) -> bool.
    Returns nouns {lemma: [(gender, forms)]}, adjs {lemma: forms},
    plurals {lemma: [(gender, plural forms)]}."""
    nouns, adjs, plurals = {}, {}, {}
    with open(path, encoding='utf-8') as fh:
        for line in fh:
            pos, lemma, g, forms = line.rstrip('\n').split('\t')
            if want is not None and not want(lemma):
                if not (pos == 'A' and want_adj_form is not None and
                        any(want_adj_form(x.split('=', 1)[1].split('|')[0])
                            for x in forms.split(' ') if '.nom=' in x)):
                    continue
            if pos == 'N':
                nouns.setdefault(lemma, []).append((g, parse_forms(forms)))
            elif pos == 'P':
                plurals.setdefault(lemma, []).append((g, parse_forms(forms)))
            else:
                adjs[lemma] = parse_forms(forms)
    return nouns, adjs, plurals


def split_parts(name):
    """Split at spaces and hyphens; returns (parts, separators)."""
    parts = PART_RE.split(name)
    seps = PART_RE.findall(name)
    return parts, seps


def is_upper_word(w):
    letters = [c for c in w if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) or any(c.isdigit() for c in w)


class Suffixes:
    def __init__(self, path=None):
        self.S = {}      # (pos, gender) -> {ending: {case: [repl]}}
        self.G = {}      # type -> {ending: gender}
        self.I = []
        self.J = []
        if path:
            self.load(path)

    def load(self, path):
        with open(path, encoding='utf-8') as fh:
            for line in fh:
                line = line.rstrip('\n')
                if not line or line.startswith('#'):
                    continue
                f = line.split('\t')
                if f[0] == 'S':
                    forms = {}
                    for item in f[4].split(' '):
                        k, v = item.split('=', 1)
                        forms[k] = v.split('|')
                    self.S.setdefault((f[1], f[2]), {})[f[3]] = forms
                elif f[0] == 'G':
                    self.G.setdefault(f[1], {})[f[2]] = f[3]
                elif f[0] == 'I':
                    self.I.append(f[1])
                elif f[0] == 'J':
                    self.J.append(f[1])

    @staticmethod
    def longest(table, word):
        best = None
        for k in range(len(word), 0, -1):
            e = word[-k:]
            if e in table and k < len(word) + 1:
                best = e
                break
        if best is None and '*' in table:
            best = '*'
        return best

    def paradigm(self, pos, gender, word):
        t = self.S.get((pos, gender))
        if not t:
            return None
        e = self.longest(t, word.lower())
        if e is None:
            return None
        stem = word if e == '*' else word[:len(word) - len(e)]
        return {c: [stem + r for r in reps] for c, reps in t[e].items()}

    def guess_gender(self, typ, word):
        for t in (typ, '*'):
            tab = self.G.get(t)
            if tab:
                e = self.longest(tab, word.lower())
                if e is not None:
                    return tab[e]
        return 'm3'

    def is_indecl(self, word):
        w = word.lower()
        return any(w.endswith(e) for e in self.I)

    def is_adjlike(self, word):
        w = word.lower()
        return any(w.endswith(e) for e in self.J)


class Inflector:
    """Inflects names from lexicon (nouns/adjs dicts) + suffixes."""

    def __init__(self, nouns, adjs, suf):
        self.nouns, self.adjs, self.suf = nouns, adjs, suf
        self.adj_by_nom = {}
        for lemma, forms in adjs.items():
            for g in GENDERS:
                for f in forms.get(g + '.nom', []):
                    self.adj_by_nom.setdefault(f, []).append((lemma, g))

    def lex_noun(self, word, gender=None):
        for w in (word, word[:1].lower() + word[1:]):
            if w in self.nouns:
                cands = self.nouns[w]
                if gender:
                    for g, forms in cands:
                        if g == gender:
                            return g, forms, w != word
                    continue
                return cands[0][0], cands[0][1], w != word
        return None

    def lex_adj(self, word):
        for w in (word, word[:1].lower() + word[1:]):
            if w in self.adj_by_nom:
                lemma, g = self.adj_by_nom[w][0]
                return self.adjs[lemma], w != word
        return None

    def auto_spec(self, name, typ):
        parts, _ = split_parts(name)
        codes = []
        for p in parts:
            codes.append(None)
        if len(parts) == 1:
            p = parts[0]
            if is_upper_word(p) or self.suf.is_indecl(p):
                return ['=']
            return ['N']
        if typ == 'PER':
            return ['=' if is_upper_word(p) or self.suf.is_indecl(p) else 'N' for p in parts]
        head = None
        for i, p in enumerate(parts):
            if is_upper_word(p) or self.suf.is_indecl(p):
                codes[i] = '='
                continue
            if head is None and not self.suf.is_adjlike(p):
                head = i
                codes[i] = 'N'
                break
            codes[i] = 'A' if self.suf.is_adjlike(p) else '='
        if head is None:
            return ['=' if c is None else c for c in codes]
        for i in range(head + 1, len(parts)):
            p = parts[i]
            if codes[i] is None:
                if i == head + 1 and self.suf.is_adjlike(p) and not is_upper_word(p):
                    codes[i] = 'A'
                else:
                    codes[i] = '='
        # parts after first non-A tail are '='
        seen_tail = False
        for i in range(head + 1, len(parts)):
            if codes[i] != 'A':
                seen_tail = True
            elif seen_tail:
                codes[i] = '='
        return codes

    def word_forms(self, word, code, gender_ctx, typ):
        """Returns ({case: [forms]}, gender) for one part."""
        if code == '=':
            return {c: [word] for c in CASES}, None
        if code.startswith('N'):
            g = code[2:] if ':' in code else None
            lx = self.lex_noun(word, g)
            if lx is None and g is None:
                lx = self.lex_noun(word)
            if lx:
                gg, forms, lowered = lx
                out = {}
                for c in CASES:
                    fs = forms.get(c) or forms.get('nom')
                    if lowered:
                        fs = [word[:1] + f[1:] for f in fs]
                    out[c] = fs
                return out, gg
            if g is None:
                g = self.suf.guess_gender(typ, word)
            par = self.suf.paradigm('N', g, word)
            if par is None:
                return {c: [word] for c in CASES}, g
            return par, g
        if code == 'A':
            g = gender_ctx or 'm3'
            lx = self.lex_adj(word)
            if lx:
                forms, lowered = lx
                out = {}
                for c in CASES:
                    fs = forms.get(g + '.' + c) or [word]
                    if lowered:
                        fs = [word[:1] + f[1:] for f in fs]
                    out[c] = fs
                return out, None
            par = self.suf.paradigm('A', g, word)
            if par is None:
                return {c: [word] for c in CASES}, None
            return par, None
        raise ValueError(code)

    def inflect(self, name, spec, typ='LOC'):
        """Returns {case: surface string (first alternative)}."""
        parts, seps = split_parts(name)
        if spec in (None, '', '-'):
            codes = self.auto_spec(name, typ)
        elif spec == 'indecl':
            codes = ['='] * len(parts)
        else:
            codes = spec.split(' ')
        if len(codes) != len(parts):
            raise ValueError('spec %r does not fit %r' % (spec, name))
        # genders of nouns first
        pf = [None] * len(parts)
        gens = [None] * len(parts)
        for i, (p, c) in enumerate(zip(parts, codes)):
            if c.startswith('N') or c == '=':
                pf[i], gens[i] = self.word_forms(p, c, None, typ)
        for i, (p, c) in enumerate(zip(parts, codes)):
            if c == 'A':
                # nearest N
                g = None
                for d in range(1, len(parts)):
                    for j in (i - d, i + d):
                        if 0 <= j < len(parts) and codes[j].startswith('N') and g is None:
                            g = gens[j]
                    if g:
                        break
                pf[i], _ = self.word_forms(p, c, g, typ)
        out = {}
        for c in CASES:
            s = ''
            for i, p in enumerate(parts):
                s += pf[i][c][0]
                if i < len(seps):
                    s += seps[i]
            out[c] = s
        return out


def scan_morf(path, words):
    """Stream the Morfologik dump; returns {form: [(lemma, tags)]} for forms in words."""
    out = {}
    with open(path, encoding='utf-8') as fh:
        for line in fh:
            i = line.find('\t')
            form = line[:i]
            if form in words:
                f = line.rstrip('\n').split('\t')
                if len(f) == 3:
                    out.setdefault(form, []).append((f[1], f[2]))
    return out


def name_tokens(name):
    return [p for p in PART_RE.split(name) if p]


class Lex:
    """The lexicon as the generated lexicon.tsv will contain it, for a set of words."""
    BASIC = {'adv', 'prep', 'conj', 'qub', 'interj', 'comp', 'fin', 'praet', 'impt', 'inf', 'pred',
             'imps', 'pcon', 'pant', 'num', 'ppron12', 'ppron3', 'siebie', 'winien', 'burk'}
    LOC_PREF = ('m3', 'f', 'n', 'p', 'm2', 'm1')

    def __init__(self, para_path, morf_path, words):
        allw = set()
        for w in words:
            allw.add(w)
            allw.add(w[:1].lower() + w[1:])
        self.scan = scan_morf(morf_path, allw)
        lemmas = set()
        for form, lst in self.scan.items():
            for lemma, tags in lst:
                lemmas.add(lemma)
        lemmas |= allw
        self.nouns, self.adjs, plurals = load_paradigms(para_path, lambda l: l in lemmas,
                                                        lambda f: f in allw)
        # plural-only use of ordinary nouns ("Wyspy"): add p entries keyed by the plural nominative
        self.synth = {}
        for lemma, lst in plurals.items():
            for g, forms in lst:
                for nom in forms.get('nom', []):
                    if nom in allw and nom not in self.nouns and nom not in self.synth:
                        self.synth[nom] = forms
        for nom, forms in self.synth.items():
            self.nouns.setdefault(nom, []).append(('p', forms))
        # order genders: places first
        for lemma in self.nouns:
            self.nouns[lemma].sort(key=lambda gf: self.LOC_PREF.index(gf[0]))
        self.adj_nom = {}
        for lemma, forms in self.adjs.items():
            for g in GENDERS:
                for f in forms.get(g + '.nom', []):
                    self.adj_nom.setdefault(f, set()).add(g)
        self.words = allw

    def noun(self, w):
        for x in (w, w[:1].lower() + w[1:]):
            if x in self.nouns:
                return self.nouns[x]
        return None

    def adj(self, w):
        for x in (w, w[:1].lower() + w[1:]):
            if x in self.adj_nom:
                return self.adj_nom[x]
        return None

    def is_common(self, w):
        """w (lower-cased) is a form of a lower-case Morfologik lemma."""
        lw = w.lower()
        for lemma, tags in self.scan.get(lw, []):
            if not lemma[:1].islower():
                continue
            for t in tags.split('+'):
                f = t.split(':')
                if f[0] in ('ppas', 'pact', 'ger'):
                    continue
                if f[0] in self.BASIC or (len(f) > 2 and 'nom' in f[2].split('.')) or \
                        (f[0] in ('subst', 'adj') and len(f) > 1 and f[1] == 'sg' and
                         len(f) > 2 and 'acc' in f[2].split('.')):
                    return True
        return False

    def person_lemma(self, w):
        """w is a form of a capitalised m1 noun (first name, surname, demonym)."""
        for lemma, tags in self.scan.get(w, []):
            if lemma[:1].isupper() and any(t.startswith('subst:') and t.split(':')[3:4] and
                                           'm1' in t.split(':')[3].split('.') for t in tags.split('+')):
                return lemma
        return None
