#!/usr/bin/python3
"""Generate a deterministic Polish news-like corpus for bench/run.sh.

usage: gen-corpus.py [--mb 20] [--seed 1] [--data REPO] [--words FILE] OUT

Writes
  OUT/txt/NNN/art-NNNNN.txt   one article per file, 500 files a folder
  OUT/corpus.jsonl            the same articles, one {"id","date","source","text"} a line
  OUT/corpus.txt              the same articles concatenated (the grep baseline's input)
and prints a summary line on stderr.

Sentences come from the templates below (written for this benchmark), with
slots filled from the project's gazetteers (first column of
gazetteers/pl/*.tsv, inflected with bench/gazforms.py where a template needs
another case), numbers in many written forms, dates, and the fact predicates
fakty looks for. Filler sentences use words from --words (default:
/usr/share/dict/polish from Debian's wpolish, else a built-in list). Same
seed + same gazetteers + same word list = same bytes.
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gazforms  # noqa: E402

FALLBACK_WORDS = """
rok czas sprawa miasto ulica dom rodzina szkoła rząd minister prezydent władze
sąd prokuratura urząd gmina powiat województwo mieszkańcy kierowca samochód
pociąg autobus droga most rzeka las pogoda deszcz śnieg mróz upał wiatr burza
projekt budżet pieniądze podatek cena rynek firma pracownik praca płaca umowa
decyzja ustawa przepis komisja posiedzenie debata głosowanie wybory kandydat
partia opozycja koalicja spotkanie rozmowa wizyta delegacja granica wojsko
szpital lekarz pacjent choroba leczenie badanie wynik raport dane informacja
komunikat oświadczenie wywiad artykuł gazeta telewizja radio internet portal
nowy stary duży mały ważny trudny szybki wolny wysoki niski dobry zły pierwszy
ostatni kolejny wczesny późny lokalny krajowy zagraniczny publiczny prywatny
mówić powiedzieć twierdzić uważać sądzić wiedzieć chcieć musieć móc zrobić
przygotować zapowiedzieć podkreślić przypomnieć dodać zauważyć wyjaśnić
""".split()

MONTHS_GEN = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
              "września", "października", "listopada", "grudnia"]
WEEKDAYS = ["w poniedziałek", "we wtorek", "w środę", "w czwartek", "w piątek", "w sobotę", "w niedzielę"]
NUM_WORDS_GEN = ["dwóch", "trzech", "czterech", "pięciu", "sześciu", "siedmiu", "ośmiu", "dziewięciu",
                 "dziesięciu", "kilku", "kilkunastu", "kilkudziesięciu", "kilkuset", "dwudziestu"]
NUM_WORDS_NOM = ["dwie", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć", "dziesięć",
                 "kilka", "kilkanaście", "kilkadziesiąt", "kilkaset", "setki", "tysiące", "kilka tysięcy"]
QUALIFIERS = ["", "", "", "ponad ", "około ", "blisko ", "co najmniej ", "niemal ", "mniej niż ",
              "przynajmniej ", "nawet ", "prawie "]
WHO_GEN = ["osób", "ludzi", "cywilów", "policjantów", "funkcjonariuszy policji", "żołnierzy",
           "demonstrantów", "uczestników protestu", "mieszkańców", "pasażerów", "turystów",
           "górników", "strażaków", "dzieci", "migrantów"]
SOURCES_ORG_FALLBACK = ["PAP", "Reuters", "ONZ", "MSW"]

TEMPLATES = [
    # killed
    "{Date} w {loc_loc} zginęło {n} {who}.",
    "W wyniku {event} w {loc_loc} śmierć poniosło {n} {who}, podała {org}.",
    "Według {src_gen} w zamieszkach zginęło {n} {who}, w tym {n2} {who2}.",
    "Liczba ofiar śmiertelnych wzrosła do {num}, poinformował {per}.",
    # injured
    "{n} {who} zostało rannych, a {n2} trafiło do szpitali w {loc_loc}.",
    "Rannych zostało {n} {who} – przekazała {org} {date}.",
    "Do szpitala przewieziono {n} poszkodowanych, z czego {n2} jest w stanie ciężkim.",
    # detained / arrested / charged
    "{Date} policja zatrzymała {n} {who} podejrzanych o udział w zamieszkach w {loc_loc}.",
    "Od {day} {month} zatrzymano łącznie {n} {who}, twierdzi rzecznik {org_gen}.",
    "Sąd aresztował {n} {who} na trzy miesiące.",
    "Zarzuty karne usłyszało {n} {who}, a wobec {n2} prowadzone jest postępowanie.",
    "W areszcie policyjnym przebywa {n} {who}, podał {per}.",
    # evacuated / missing / deployed / protesters
    "Z zagrożonych terenów w {loc_loc} ewakuowano {n} {who}.",
    "Ratownicy wciąż poszukują {n} zaginionych {who}.",
    "Za zaginione uważa się {n} {who}, przekazały służby w {loc_loc}.",
    "Do {loc_gen} wysłano {n} {who} w ramach misji {org_gen}.",
    "Na ulice {loc_gen} wyszło {date} {n} {who}.",
    "W demonstracji w {loc_loc} wzięło udział {n} {who}, szacuje {org}.",
    # entities and context
    "{per} spotkał się {date} z przedstawicielami {org_gen}.",
    "{Org} wydała komunikat w sprawie sytuacji w {loc_loc}.",
    "{Loc} i {loc2} zapowiedziały wspólne działania, a {per} zapowiedział kolejne rozmowy.",
    "Jak poinformował {per}, {org} nie komentuje sprawy.",
    "Rozmowy w {loc_loc} potrwają {dur}, zapowiedział {per}.",
    # numbers and dates without facts
    "Koszt odbudowy oszacowano na {money}.",
    "Inflacja w {loc_loc} wyniosła w {month_loc} {pct}.",
    "Budżet programu to {money}, a do {date_abs} skorzystało z niego {num} rodzin.",
    "Posiedzenie zaplanowano na {date_abs} o godz. {hour}.",
    "Przez {dur} na drodze z {loc_gen} do {loc2_gen} obowiązywał zakaz ruchu.",
    "W {year} roku w {loc_loc} mieszkało {num} osób.",
    "{Ordinal} tura negocjacji rozpocznie się {date_abs}.",
    "W akcji uczestniczyło {num} strażaków i {num2} policjantów z {n3} jednostek.",
]
EVENTS = ["pożaru", "wybuchu", "katastrofy", "powodzi", "trzęsienia ziemi", "zamieszek", "ostrzału",
          "wypadku", "zamachu", "lawiny"]
ORDINALS = ["Pierwsza", "Druga", "Trzecia", "Czwarta", "Kolejna", "Ostatnia"]


class Gen:
    def __init__(self, r, data, words):
        self.r = r
        self.words = words
        ents = gazforms.load_tables(data)
        infl = gazforms.Inflector(data)
        self.infl = infl
        by = {"PER": [], "LOC": [], "ORG": []}
        for e in ents:
            by[e.type].append(e)
        # mostly well-known names (hand tables, countries, big cities), some long tail
        self.per = by["PER"] or [gazforms.Entry(name="Jan Nowak", type="PER", subtype="person", id="",
                                                aliases=[], spec="N:m1 N:m1", flags=set(), file="", line=0)]
        locs = by["LOC"]
        self.loc_head = [e for e in locs if e.subtype in ("country", "region", "continent")] + \
            [e for e in locs if e.subtype == "city"][:800] + [e for e in locs if e.file == "places-extra.tsv"]
        self.loc_tail = locs
        self.org = by["ORG"] or [gazforms.Entry(name=n, type="ORG", subtype="", id="", aliases=[], spec="indecl",
                                                flags=set(), file="", line=0) for n in SOURCES_ORG_FALLBACK]
        self._cache = {}

    def form(self, e, case):
        k = (id(e), case)
        if k not in self._cache:
            if case == "nom":
                self._cache[k] = e.name
            else:
                toks = e.name
                f = self.infl.forms(toks, e.spec, (case,))
                f.discard(e.name) if len(f) > 1 else None
                self._cache[k] = sorted(f)[0]
        return self._cache[k]

    def loc(self):
        r = self.r
        return r.choice(self.loc_head if r.random() < 0.85 else self.loc_tail)

    def number(self):
        r = self.r
        k = r.random()
        if k < 0.30:
            v = str(r.choice([r.randint(2, 20), r.randint(20, 99), r.randint(100, 999)]))
        elif k < 0.45:
            v = f"{r.randint(1, 99)} {r.randint(0, 999):03d}"
        elif k < 0.52:
            v = f"{r.randint(1, 99)}\u00a0{r.randint(0, 999):03d}"
        elif k < 0.62:
            v = r.choice([f"{r.randint(1, 9)},{r.randint(1, 9)} tys.", f"{r.randint(2, 30)} tys.",
                          f"{r.randint(1, 9)},{r.randint(1, 9)} mln"])
        elif k < 0.85:
            return r.choice(NUM_WORDS_GEN)
        else:
            return r.choice(NUM_WORDS_NOM)
        return r.choice(QUALIFIERS) + v

    def date_rel(self):
        r = self.r
        return r.choice(["wczoraj", "przedwczoraj", "dziś", "w nocy z piątku na sobotę",
                         "w ubiegłym tygodniu", "tego samego dnia"] + WEEKDAYS + [self.date_abs()])

    def date_abs(self):
        r = self.r
        d, m, y = r.randint(1, 28), r.randint(1, 12), r.choice([2021, 2022, 2023, 2024])
        return r.choice([f"{d} {MONTHS_GEN[m - 1]}", f"{d} {MONTHS_GEN[m - 1]} {y} r.",
                         f"{d} {MONTHS_GEN[m - 1]} {y} roku", f"{d:02d}.{m:02d}.{y} r.", f"{y}-{m:02d}-{d:02d}"])

    def sentence(self):
        r = self.r
        t = r.choice(TEMPLATES)
        date = self.date_rel()
        per, org, loc, loc2 = r.choice(self.per), r.choice(self.org), self.loc(), self.loc()
        src = r.choice([org, per])
        vals = dict(
            date=date, Date=date[:1].upper() + date[1:], date_abs=self.date_abs(),
            day=r.randint(1, 28), month=r.choice(MONTHS_GEN), month_loc=r.choice(["styczniu", "lutym", "marcu",
                                                                                  "kwietniu", "maju", "czerwcu"]),
            n=self.number(), n2=self.number(), n3=self.number(), num=self.number(), num2=self.number(),
            who=r.choice(WHO_GEN), who2=r.choice(WHO_GEN), event=r.choice(EVENTS),
            per=self.form(per, "nom"), org=self.form(org, "nom"), Org=self.form(org, "nom"),
            org_gen=self.form(org, "gen"), src_gen=self.form(src, "gen"),
            loc_loc=self.form(loc, "loc"), loc_gen=self.form(loc, "gen"), Loc=self.form(loc, "nom"),
            loc2=self.form(loc2, "nom"), loc2_gen=self.form(loc2, "gen"),
            money=r.choice([f"{r.randint(1, 99)} mln zł", f"{r.randint(1, 9)},{r.randint(1, 9)} mld zł",
                            f"{r.randint(100, 999)} tys. euro", f"{r.randint(2, 50)} mln dolarów"]),
            pct=r.choice([f"{r.randint(1, 19)},{r.randint(1, 9)} proc.", f"{r.randint(1, 30)}%"]),
            dur=r.choice(["siedem dni", "dwie doby", "trzy tygodnie", "48 godzin", "kilka dni", "miesiąc"]),
            hour=f"{r.randint(6, 22)}:{r.choice(['00', '15', '30', '45'])}", year=r.randint(1990, 2024),
            Ordinal=r.choice(ORDINALS))
        s = t.format(**vals)
        return s[:1].upper() + s[1:]

    def filler(self):
        r = self.r
        ws = [r.choice(self.words) for _ in range(r.randint(6, 18))]
        if r.random() < 0.3:  # a name in the middle of common words
            ws.insert(r.randint(1, len(ws)), self.form(self.loc(), "nom"))
        s = " ".join(ws)
        return s[:1].upper() + s[1:] + r.choice([".", ".", ".", "?", "!"])

    def article(self):
        r = self.r
        paras = []
        for _ in range(r.randint(2, 7)):
            sents = [self.sentence() if r.random() < 0.6 else self.filler() for _ in range(r.randint(2, 7))]
            paras.append(" ".join(sents))
        title = self.sentence().rstrip(".")
        return title + "\n\n" + "\n\n".join(paras) + "\n"


def load_words(path, r):
    if path and os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as f:
            words = [w.strip() for w in f if w.strip() and " " not in w.strip()]
        # a fixed-size sample keeps memory and generation time small
        words = r.sample(words, min(200000, len(words)))
        return words, path
    return FALLBACK_WORDS, "built-in list"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=os.path.dirname(here))
    ap.add_argument("--words", default="/usr/share/dict/polish")
    ap.add_argument("--per-dir", type=int, default=500)
    a = ap.parse_args()

    r = random.Random(a.seed)
    words, wsrc = load_words(a.words, r)
    g = Gen(r, a.data, words)
    target = int(a.mb * 1e6)
    txt = os.path.join(a.out, "txt")
    os.makedirs(txt, exist_ok=True)
    total = n = 0
    sources = ["pap", "rmf", "tvn24", "onet", "wp", "gazeta", "rp"]
    with open(os.path.join(a.out, "corpus.jsonl"), "w", encoding="utf-8") as jl, \
            open(os.path.join(a.out, "corpus.txt"), "w", encoding="utf-8") as cat:
        while total < target:
            text = g.article()
            d = os.path.join(txt, f"{n // a.per_dir:03d}")
            if n % a.per_dir == 0:
                os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, f"art-{n:05d}.txt"), "w", encoding="utf-8") as f:
                f.write(text)
            cat.write(text)
            rec = {"id": f"art-{n:05d}", "date": f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}",
                   "source": sources[n % len(sources)], "text": text}
            jl.write(json.dumps(rec, ensure_ascii=False) + "\n")
            total += len(text.encode("utf-8"))
            n += 1
    print(f"gen-corpus: {n} articles, {total / 1e6:.1f} MB of text in {a.out} "
          f"(seed {a.seed}, filler from {wsrc})", file=sys.stderr)


if __name__ == "__main__":
    main()
