"""Read the gazetteer tables and approximate the surface forms fakty indexes.

Used by dump-forms.py (the grep baseline's pattern list) and gen-corpus.py
(slot fillers). Python stdlib only. This is an approximation of
src/gazetteer.c + docs/gazetteers.md: names and aliases are inflected part
by part with inflection/lexicon.tsv and the S paradigms of
inflection/suffixes.tsv, following the entry's spec (N:g, A, =, indecl);
an empty spec inflects every part found in the lexicon and leaves the rest.
"""
import os
import re

CASES = ("nom", "gen", "dat", "acc", "inst", "loc", "voc")


class Entry:
    __slots__ = ("name", "type", "subtype", "id", "aliases", "spec", "flags", "file", "line")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


def _split_spec(s):
    m = re.fullmatch(r"(.*?)\{([^}]*)\}", s.strip())
    return (m.group(1).strip(), m.group(2).strip()) if m else (s.strip(), None)


def load_tables(data_dir, lang="pl"):
    """Entity tables directly in gazetteers/LANG/, in order.txt order then name order."""
    gdir = os.path.join(data_dir, "gazetteers", lang)
    names = sorted(n for n in os.listdir(gdir) if n.endswith(".tsv"))
    order = []
    op = os.path.join(gdir, "order.txt")
    if os.path.exists(op):
        with open(op, encoding="utf-8") as f:
            order = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    names = [n for n in order if n in names] + [n for n in names if n not in order]
    out = []
    for n in names:
        with open(os.path.join(gdir, n), encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                c = line.split("\t") + [""] * 8
                if not c[0].strip() or c[1] not in ("PER", "LOC", "ORG"):
                    continue
                al = [] if c[4] in ("", "-") else [_split_spec(a) for a in c[4].split("|") if a.strip()]
                out.append(Entry(name=c[0].strip(), type=c[1], subtype=c[2], id=c[3], aliases=al,
                                 spec=None if c[5] in ("", "-") else c[5].strip(),
                                 flags=set(x for x in c[7].split(",") if x), file=n, line=ln))
    return out


class Inflector:
    def __init__(self, data_dir, lang="pl"):
        idir = os.path.join(data_dir, "gazetteers", lang, "inflection")
        self.nouns, self.adjs, self.paradigms = {}, {}, {}
        lp = os.path.join(idir, "lexicon.tsv")
        if os.path.exists(lp):
            with open(lp, encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#"):
                        continue
                    c = line.rstrip("\n").split("\t")
                    if len(c) < 4:
                        continue
                    forms = {}
                    for kv in c[3].split(" "):
                        k, _, v = kv.partition("=")
                        forms[k] = v.split("|")[0]
                    if c[2] == "A":
                        self.adjs.setdefault(c[0], forms)
                    else:
                        self.nouns.setdefault(c[0], {})[c[1]] = forms
        sp = os.path.join(idir, "suffixes.tsv")
        if os.path.exists(sp):
            with open(sp, encoding="utf-8") as f:
                for line in f:
                    c = line.rstrip("\n").split("\t")
                    if len(c) >= 5 and c[0] == "S":
                        forms = {}
                        for kv in c[4].split(" "):
                            k, _, v = kv.partition("=")
                            forms[k] = v.split("|")[0]
                        self.paradigms.setdefault((c[1], c[2]), {})[c[3]] = forms

    def _lex(self, table, word):
        if word in table:
            return table[word]
        low = word[:1].lower() + word[1:]
        if low in table:
            return table[low]
        return None

    @staticmethod
    def _recase(form, like):
        return form[:1].upper() + form[1:] if like[:1].isupper() and form else form

    def noun(self, word, gender, case):
        e = self._lex(self.nouns, word)
        if e:
            f = e.get(gender) or next(iter(e.values()))
            if case in f and f[case]:
                return self._recase(f[case], word)
            return word
        if gender and ("N", gender) in self.paradigms:
            par = self.paradigms[("N", gender)]
            best = None
            for end in par:
                if end != "*" and word.endswith(end) and (best is None or len(end) > len(best)):
                    best = end
            if best is not None and case in par[best]:
                return word[: len(word) - len(best)] + par[best][case]
        return word

    def adj(self, word, gender, case):
        e = self._lex(self.adjs, word)
        if e:
            f = e.get(f"{gender or 'm3'}.{case}")
            if f:
                return self._recase(f, word)
        return word

    def forms(self, name, spec, cases=CASES):
        """Inflected forms of a name (set, including the name itself)."""
        toks = re.split(r"([ \-])", name)
        parts = toks[0::2]
        out = {name}
        if spec == "indecl":
            return out
        codes = spec.split() if spec else None
        if codes and len(codes) != len(parts):
            codes = None
        if codes is None:  # automatic, roughly: inflect what the lexicon knows
            codes = []
            for p in parts:
                if p.isupper() or any(ch.isdigit() for ch in p):
                    codes.append("=")
                elif self._lex(self.adjs, p):
                    codes.append("A")
                elif self._lex(self.nouns, p):
                    codes.append("N")
                else:
                    codes.append("=")
        genders = []
        for c in codes:
            genders.append(c[2:] if c.startswith("N:") else None)
        head = next((g for g in genders if g), None)
        for case in cases:
            new = []
            for p, c, g in zip(parts, codes, genders):
                if c.startswith("N"):
                    new.append(self.noun(p, g, case))
                elif c == "A":
                    new.append(self.adj(p, head, case))
                else:
                    new.append(p)
            t = list(toks)
            t[0::2] = new
            out.add("".join(t))
        return out

    def entry_forms(self, e):
        cases = CASES if e.type == "PER" else CASES[:-1]
        forms = set(self.forms(e.name, e.spec, cases))
        for a, s in e.aliases:
            forms |= self.forms(a, s, cases)
        return forms
