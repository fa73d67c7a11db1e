/* Gazetteer module: inflected-form generation, matching, cues, document-level
 * passes and load errors. Uses the team's own small test pack in
 * tests/gazetteer/pack (its own inflection data), so that the tests do not
 * move when the generated Polish pack changes; one test runs the built-in
 * pack on a sentence written for it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "entities.h"
#include "inflect.h"

static fakty_engine *eng;
static char *pack_dir;

static const char *src_dir(void)
{
    const char *s = getenv("FAKTY_SRC");
    return s ? s : ".";
}

static int setup(void **state)
{
    (void)state;
    pack_dir = fk_xasprintf("%s/tests/gazetteer/pack", src_dir());
    fakty_options o = {0};
    o.data_dir = pack_dir;
    fakty_diags *dg = NULL;
    eng = fakty_engine_new(&o, &dg);
    for (size_t i = 0; i < fakty_diags_count(dg); i++) {
        const fakty_diag *x = fakty_diags_get(dg, i);
        fprintf(stderr, "%s:%u:%u: %s\n", x->file ? x->file : "-", x->line, x->column, x->message);
    }
    fakty_diags_free(dg);
    return eng ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fakty_engine_free(eng);
    free(pack_dir);
    return 0;
}

/* ---- form generation ----------------------------------------------------- */

typedef struct forms {
    char *v[FK_NCASES][8];
    size_t n[FK_NCASES];
} forms;

static void collect(void *ctx, int c, const char *form)
{
    forms *f = ctx;
    if (f->n[c] < 8) f->v[c][f->n[c]++] = fk_xstrdup(form);
}

/* The forms of name (spec as in a table) for case c, joined by "|". */
static char *gen(const char *name, int type, const char *spec, int c)
{
    const char *part[FK_MAXPARTS];
    size_t plen[FK_MAXPARTS];
    char sep[FK_MAXPARTS];
    size_t np = fk_name_parts(name, part, plen, sep);
    fk_pcode codes[FK_MAXPARTS];
    int automatic;
    const char *err, *errat;
    assert_int_equal(fk_spec_parse(spec, np, codes, &automatic, &err, &errat), 0);
    const fk_infl *I = fk_gaz_infl(eng);
    if (automatic) fk_spec_auto(I, part, plen, np, type, codes);
    forms f = {0};
    fk_infl_generate(I, name, type, codes, np, collect, &f);
    char buf[1024] = "";
    for (size_t i = 0; i < f.n[c]; i++) {
        if (i) strcat(buf, "|");
        strcat(buf, f.v[c][i]);
    }
    for (int k = 0; k < FK_NCASES; k++)
        for (size_t i = 0; i < f.n[k]; i++) free(f.v[k][i]);
    return fk_xstrdup(buf);
}

static void expect_form(const char *name, int type, const char *spec, int c, const char *want)
{
    char *got = gen(name, type, spec, c);
    if (strcmp(got, want)) fprintf(stderr, "%s [%s] %s: got \"%s\", want \"%s\"\n", name,
                                   spec ? spec : "auto", fk_case_keys[c], got, want);
    assert_string_equal(got, want);
    free(got);
}

enum { NOM, GEN, DAT, ACC, INST, LOC, VOC };

static void test_forms_person(void **state)
{
    (void)state;
    expect_form("Tokajew", FK_PER, "N:m1", GEN, "Tokajewa");
    expect_form("Tokajew", FK_PER, "N:m1", DAT, "Tokajewowi");
    expect_form("Tokajew", FK_PER, NULL, INST, "Tokajewem");
    expect_form("Kasym-Żomart Tokajew", FK_PER, "N:m1 N:m1 N:m1", GEN, "Kasyma-Żomarta Tokajewa");
    expect_form("Kasym-Żomart Tokajew", FK_PER, "N:m1 N:m1 N:m1", LOC, "Kasymie-Żomarcie Tokajewie");
    /* automatic: every part of a PER name inflects */
    expect_form("Kasym-Żomart Tokajew", FK_PER, NULL, DAT, "Kasymowi-Żomartowi Tokajewowi");
}

static void test_forms_places(void **state)
{
    (void)state;
    expect_form("Federacja Rosyjska", FK_LOC, "N:f A", GEN, "Federacji Rosyjskiej");
    expect_form("Federacja Rosyjska", FK_LOC, "N:f A", ACC, "Federację Rosyjską");
    expect_form("Federacja Rosyjska", FK_LOC, NULL, INST, "Federacją Rosyjską");
    expect_form("Organizacja Układu o Bezpieczeństwie Zbiorowym", FK_ORG, "N:f = = = =", GEN,
                "Organizacji Układu o Bezpieczeństwie Zbiorowym");
    expect_form("Organizacja Układu o Bezpieczeństwie Zbiorowym", FK_ORG, NULL, ACC,
                "Organizację Układu o Bezpieczeństwie Zbiorowym");
    expect_form("Nur-Sułtan", FK_LOC, "= N:m3", LOC, "Nur-Sułtanie");
    expect_form("Nur-Sułtan", FK_LOC, "= N:m3", GEN, "Nur-Sułtanu");
    expect_form("Ałmaty", FK_LOC, "indecl", GEN, "Ałmaty");
    expect_form("Ałmaty", FK_LOC, NULL, LOC, "Ałmaty"); /* I line: -y is indeclinable */
    expect_form("Rosja", FK_LOC, "N:f", ACC, "Rosję");
    expect_form("Rosja", FK_LOC, NULL, GEN, "Rosji");
    expect_form("Białoruś", FK_LOC, "N:f", INST, "Białorusią");
    expect_form("Białoruś", FK_LOC, NULL, GEN, "Białorusi");
    expect_form("Kazachstan", FK_LOC, NULL, LOC, "Kazachstanie");
    expect_form("Nowa Wieś", FK_LOC, "A N:f", GEN, "Nowej Wsi");
    expect_form("KZ", FK_LOC, NULL, GEN, "KZ");
}

/* ---- matching -------------------------------------------------------------- */

/* "TYPE:text=name" for every entity, joined by "; " */
static char *ents(const char *text)
{
    fakty_result *r = fakty_extract(eng, text, strlen(text), NULL);
    const fk_doc *d = r;
    size_t cap = 4096, o = 0;
    char *out = fk_xmalloc(cap);
    out[0] = 0;
    for (size_t i = 0; i < d->ents.n; i++) {
        const fk_entity *e = &d->ents.v[i];
        if (i) assert_true(e->start >= d->ents.v[i - 1].start); /* sorted */
        const char *t = e->type == FK_PER ? "PER" : e->type == FK_LOC ? "LOC" : "ORG";
        o += (size_t)snprintf(out + o, cap - o, "%s%s:%.*s=%s", i ? "; " : "", t, (int)(e->end - e->start),
                              d->text + e->start, e->name);
        assert_true(o < cap);
    }
    fakty_result_free(r);
    return out;
}

static void expect_ents(const char *text, const char *want)
{
    char *got = ents(text);
    if (strcmp(got, want)) fprintf(stderr, "text: %s\n got: %s\nwant: %s\n", text, got, want);
    assert_string_equal(got, want);
    free(got);
}

static void test_match_inflected(void **state)
{
    (void)state;
    expect_ents("Wojska wysłano do Kazachstanu, a Rosja i Białoruś pomagają.",
                "LOC:Kazachstanu=Kazachstan; LOC:Rosja=Rosja; LOC:Białoruś=Białoruś");
    expect_ents("Żołnierze z Federacji Rosyjskiej strzegą lotnisk.",
                "LOC:Federacji Rosyjskiej=Rosja");
    expect_ents("Ambasador spotkał się z Kasymem-Żomartem Tokajewem w Nur-Sułtanie.",
                "PER:Kasymem-Żomartem Tokajewem=Kasym-Żomart Tokajew; LOC:Nur-Sułtanie=Nur-Sułtan");
    /* same id: the first entry's name is canonical */
    expect_ents("Lotnisko w Astanie zamknięto.", "LOC:Astanie=Nur-Sułtan");
}

static void test_match_longest(void **state)
{
    (void)state;
    expect_ents("Kopalnia w Rudzie Śląskiej stoi.", "LOC:Rudzie Śląskiej=Ruda Śląska");
    expect_ents("Kopalnia w Rudzie stoi.", "LOC:Rudzie=Ruda");
    expect_ents("Pożar w Nowej Wsi.", "LOC:Nowej Wsi=Nowa Wieś");
}

static void test_match_capitalisation(void **state)
{
    (void)state;
    expect_ents("Mówi się, że rosja to kraj.", "");                 /* lower case: no */
    expect_ents("NAPIĘCIE W ROSJI ROŚNIE.", "LOC:ROSJI=Rosja");       /* all caps: yes */
    expect_ents("Siły odkb wylądowały.", "");                       /* acronym needs capitals */
    expect_ents("Siły ODKB wylądowały.", "ORG:ODKB=Organizacja Układu o Bezpieczeństwie Zbiorowym");
    /* exact: only the letter case as written */
    expect_ents("Gazeta FAKT pisze, a Fakt cytuje.", "ORG:Fakt=Fakt");
}

static void test_match_nostart_rank(void **state)
{
    (void)state;
    expect_ents("Wola zwyciężyła.", "");
    expect_ents("Mieszkańcy Woli protestują.", "LOC:Woli=Wola");
    /* rank decides between two entries with the same form */
    fakty_result *r = fakty_extract(eng, "Przyjrzał się Lipskowi.", strlen("Przyjrzał się Lipskowi."), NULL);
    const fk_doc *d = r;
    assert_int_equal(d->ents.n, 1);
    assert_string_equal(d->ents.v[0].ref, "fakty:lipsk-de");
    assert_non_null(strstr(d->ents.v[0].rule, "test.tsv:14"));
    assert_string_equal(d->ents.v[0].form, "dat");
    fakty_result_free(r);
}

/* derived names (flag derived): an adjective or inhabitant noun names its
 * place (name and id of the place's first entry) but keeps its own subtype;
 * without the flag the place's subtype is reported */
static void test_match_derived(void **state)
{
    (void)state;
    const char *t = "Jej trzon stanowią rosyjscy komandosi, a Rosjanie milczą.";
    fakty_result *r = fakty_extract(eng, t, strlen(t), NULL);
    const fk_doc *d = r;
    assert_int_equal(d->ents.n, 2);
    assert_string_equal(d->ents.v[0].name, "Rosja");
    assert_string_equal(d->ents.v[0].ref, "iso3166:RU");
    assert_string_equal(d->ents.v[0].subtype, "adjective");
    assert_int_equal(d->ents.v[0].type, FK_LOC);
    assert_string_equal(d->ents.v[1].name, "Rosja");
    assert_string_equal(d->ents.v[1].subtype, "country");
    fakty_result_free(r);
    /* exact: a capitalised form is the adjective only at a start and
     * before a lower-case word, never inside a name */
    expect_ents("Rosyjscy goście przyjechali.", "LOC:Rosyjscy=Rosja");
    expect_ents("Goście Rosyjscy przyjechali.", "");
    expect_ents("Polski Związek Wędkarski zebrał się.", "");
    /* an abbreviation's dot inside a sentence is no start */
    expect_ents("Mieszka przy ul. Rosyjskiej obok.", "");
    /* a lower-case use of a place's own adjective says nothing against
     * the place at a start */
    expect_ents("Polska gra dziś. Mecz to polska specjalność.", "LOC:Polska=Polska; LOC:polska=Polska");
    expect_ents("Posłowie Federacji Rosyjskiej i rosyjskiej Dumy.",
                "LOC:Federacji Rosyjskiej=Rosja; LOC:rosyjskiej=Rosja");
}

/* names in quotation marks span the marks; a Roman numeral after a person
 * joins the name; two initials are a person */
static void test_quotes_regnal_initials(void **state)
{
    (void)state;
    expect_ents("Dziennik „Fakt” pisze.", "ORG:„Fakt”=Fakt");
    expect_ents("Dziennik \"Fakt\" pisze.", "ORG:\"Fakt\"=Fakt");
    /* a quotation that only starts with the name keeps its marks apart */
    expect_ents("Napisał: „Fakt pisze”.", "ORG:Fakt=Fakt");
    expect_ents("Przyjechał Tokajew II wczoraj.", "PER:Tokajew II=Kasym-Żomart Tokajew II");
    expect_ents("Jak powiedział nam M. B., sprawa jest trudna.", "PER:M. B.=M. B.");
    /* not before a capitalised word, not after one ("Pekao S.A.") */
    expect_ents("Bank Pekao S. A. zyskał.", "");
    /* initials before a surname are part of a person's name */
    expect_ents("Muzykę napisał J. S. Bach.", "PER:J. S. Bach=J. S. Bach");
    /* a speaker's initials opening a sentence, before a function word */
    expect_ents("Tak było. M. B. To prawda.", "PER:M. B.=M. B.");
    expect_ents("Wniosek złożył wczoraj J. Nowakowski.", "PER:J. Nowakowski=J. Nowakowski");
}

static void test_months_stop(void **state)
{
    (void)state;
    /* "maj" is listed as never a one-word entity */
    expect_ents("Przyszedł Maj i Anna wyjechała.", "PER:Anna=Anna");
}

/* ---- cues and document-level passes ------------------------------------------ */

static void test_cue_person(void **state)
{
    (void)state;
    expect_ents("Spotkał się z nim u prezydenta Askara Mamina.", "PER:Askara Mamina=Askar Mamin");
    expect_ents("Jerłana Turgumbajewa nie było.", "PER:Jerłana Turgumbajewa=Jerłan Turgumbajew");
    /* the cue word itself is not a name */
    expect_ents("Prezydent przemawiał.", "");
}

/* a lone surname: after a verb of saying, after a title; its other case
 * forms later in the text are the same person (also opening a sentence,
 * where no cue would take a capitalised word) */
static void test_lone_surname(void **state)
{
    (void)state;
    expect_ents("- Nie wiem - mówi Zalewa. Zalewa wyszedł.", "PER:Zalewa=Zalewa; PER:Zalewa=Zalewa");
    expect_ents("Przemawiał prezydent Kowalczuk. Kowalczuka oklaskiwano.",
                "PER:Kowalczuk=Kowalczuk; PER:Kowalczuka=Kowalczuk");
    /* a quoted word after a verb of saying is a newspaper, not a person */
    expect_ents("- Tak - mówi \"Gazecie\" rzecznik.", "");
    /* a first name after a title: the first-name pass keeps the initial */
    expect_ents("Przemawiał prezydent Jerłan T. wczoraj.", "PER:Jerłan T.=Jerłan T.");
}

/* a surname by its ending opening a sentence: before a punctuation mark
 * (a speaker's name), not an adjective before a word; after a first name
 * and a middle initial */
static void test_surname_start(void **state)
{
    (void)state;
    expect_ents("Pytanie padło. Nowakowski: Tak, oczywiście.", "PER:Nowakowski=Nowakowski");
    expect_ents("Papieski gest zaskoczył wszystkich.", "");
    expect_ents("Otwarto wystawę prac Jerłana C. Nowakowskiego wczoraj.",
                "PER:Jerłana C. Nowakowskiego=Jerłan C. Nowakowski");
    /* a unit after a number is no initial ("2 °C. Wiatr") */
    expect_ents("Do 2 °C. Wiatr słaby.", "");
    /* the initial may end the sentence: no surname taken from the next one */
    expect_ents("Zatrzymano Jerłana P. Ten przyznał się.", "PER:Jerłana P.=Jerłan P.");
}

/* a lone capitalised word in a list with a person is a person */
static void test_coordinated(void **state)
{
    (void)state;
    expect_ents("Bramki zdobyli Kucharski, Złotek i Stefanik wczoraj.",
                "PER:Kucharski=Kucharski; PER:Złotek=Złotek; PER:Stefanik=Stefanik");
    /* not next to another capitalised word, not coordinated with a place */
    expect_ents("Bramki zdobyli Kucharski i Złotek Nowy wczoraj.", "PER:Kucharski=Kucharski");
    expect_ents("Byli w Rosji i Zalesiu wczoraj.", "LOC:Rosji=Rosja");
}

/* an organization's head run stops at a person in apposition */
static void test_cue_org_person(void **state)
{
    (void)state;
    expect_ents("Rzecznik Komendy Głównej Anna Nowak przemawiała.",
                "ORG:Komendy Głównej=Komenda Główna; PER:Anna Nowak=Anna Nowak");
}

/* an organization's name: a quoted name after its words, a hyphen between
 * two of its words, a place after a connector even after the head alone;
 * a connector before another head word ends it */
static void test_cue_org_extent(void **state)
{
    (void)state;
    expect_ents("Sprawę zbada Komenda Rejonowa \"Zachód\" jutro.",
                "ORG:Komenda Rejonowa \"Zachód\"=Komenda Rejonowa \"Zachód\"");
    expect_ents("Sprawę zbada Komenda Miejsko - Gminna jutro.",
                "ORG:Komenda Miejsko - Gminna=Komenda Miejsko - Gminna");
    expect_ents("Sprawa trafi do Sądu w Rudzie jutro.", "ORG:Sądu w Rudzie=Sąd w Rudzie");
    /* a place's cue leaves the words before a head word to the head
     * ("w" + a capitalised word is else a place: "w Zalesiu") */
    expect_ents("Pracuje w Rejonowej Komendzie Głównej od roku.",
                "ORG:Rejonowej Komendzie Głównej=Rejonowa Komenda Główna");
    expect_ents("Mieszka w Zalesiu od roku.", "LOC:Zalesiu=Zalesiu"); /* (no paradigm for -iu in the test data) */
    expect_ents("Wyrok wydał Sąd Rejonowy i Komenda Główna zgodziła się.",
                "ORG:Sąd Rejonowy=Sąd Rejonowy; ORG:Komenda Główna=Komenda Główna");
}

/* an organization followed by a place's name is one organization (a
 * branch, a club's town), without the table's id */
static void test_org_place(void **state)
{
    (void)state;
    expect_ents("Wywiadu udzielił Fakt Ruda wczoraj.", "ORG:Fakt Ruda=Fakt Ruda");
    /* not an acronym after an acronym, not an adjective */
    expect_ents("Sprawą zajęła się ODKB KZ wczoraj.", "ORG:ODKB=Organizacja Układu o Bezpieczeństwie Zbiorowym; LOC:KZ=Kazachstan");
}

/* a legal form after a company's name belongs to it */
static void test_org_suffix(void **state)
{
    (void)state;
    expect_ents("Lokaty oferuje Gecobank SA od roku.", "ORG:Gecobank SA=Gecobank SA");
    expect_ents("Armatorem jest Euro Shipping Ltd., która milczy.", "ORG:Euro Shipping Ltd.=Euro Shipping Ltd.");
    expect_ents("Wyrok wydał Sąd Rejonowy SA wczoraj.", "ORG:Sąd Rejonowy SA=Sąd Rejonowy SA");
}

/* quotes spaced the other way round ('reprezentant" Solidarności ".')
 * still enclose a name */
static void test_quotes_inverted(void **state)
{
    (void)state;
    expect_ents("Ambasador\" Rosji \" milczy.", "LOC:\" Rosji \"=Rosja");
}

/* an unknown acronym alone inside a sentence is an organization, unless a
 * stop word, a Roman numeral, a word with digits or a word the text also
 * writes in lower case */
static void test_acronym_guess(void **state)
{
    (void)state;
    expect_ents("Decyzję podjął zarząd PZKM, a VAT wzrósł.", "ORG:PZKM=PZKM");
    expect_ents("Dyrektor ZOZ-u odszedł.", "ORG:ZOZ-u=ZOZ");
    expect_ents("Powiedział NIE i nie ustąpił.", "");
    expect_ents("Rozdział IV opisuje wirusa H1N1.", "");
    expect_ents("TO JEST NAGŁÓWEK.", "");
}

static void test_cue_org_loc(void **state)
{
    (void)state;
    expect_ents("Rzecznik Komendy Głównej Policji przemawiał.", "ORG:Komendy Głównej Policji=Komenda Główna Policji");
    expect_ents("Pożar wybuchł we wsi Zalesie.", "LOC:Zalesie=Zalesie");
}

static void test_cue_org_head(void **state)
{
    (void)state;
    /* a place after a connector belongs to the organization (the place
     * entity is dropped as nested) */
    expect_ents("Wyrok wydał Sąd Rejonowy w Rudzie.", "ORG:Sąd Rejonowy w Rudzie=Sąd Rejonowy w Rudzie");
    expect_ents("Sprawa trafi do Sądu Rejonowego w Rudzie.",
                "ORG:Sądu Rejonowego w Rudzie=Sąd Rejonowy w Rudzie");
    /* the head alone, capitalised inside a sentence */
    expect_ents("Sprawa trafi do Sądu jutro.", "ORG:Sądu=Sąd");
    /* ... named like the organization of that head the text names in full */
    expect_ents("Orzekł Sąd Rejonowy w Rudzie. Sprawa trafi do Sądu jutro.",
                "ORG:Sąd Rejonowy w Rudzie=Sąd Rejonowy w Rudzie; ORG:Sądu=Sąd Rejonowy w Rudzie");
    expect_ents("Sąd orzekł.", "");
    /* a known organization after a capitalised head word inside a sentence
     * is part of the name ("Klub Parlamentarny SLD"); after a lower-case
     * head or at a sentence start it stays itself */
    expect_ents("Wyrok wydał Sąd ODKB.", "ORG:Sąd ODKB=Sąd ODKB");
    expect_ents("Wyrok wydał sąd ODKB.", "ORG:ODKB=Organizacja Układu o Bezpieczeństwie Zbiorowym");
    expect_ents("Sąd ODKB orzekł.", "ORG:ODKB=Organizacja Układu o Bezpieczeństwie Zbiorowym");
    expect_ents("Pracował w Komendzie Policji ODKB w Rosji.", "ORG:Komendzie Policji ODKB w Rosji=Komenda Policji ODKB w Rosji");
}

static void test_cue_street(void **state)
{
    (void)state;
    expect_ents("Spotkali się przy ulicy Nowej wczoraj.", "LOC:ulicy Nowej=ulica Nowa");
    /* a person's name after the street word is the street's name */
    expect_ents("Spotkali się przy ulicy Kasyma-Żomarta Tokajewa.",
                "LOC:ulicy Kasyma-Żomarta Tokajewa=ulica Kasyma-Żomarta Tokajewa");
}

static void test_first_name_initial_and_endings(void **state)
{
    (void)state;
    expect_ents("Zatrzymano Annę K. wczoraj.", "PER:Annę K.=Anna K.");
    expect_ents("Spotkałem wczoraj Wiśniewskiego na rynku.", "PER:Wiśniewskiego=Wiśniewski");
    /* at a sentence start only before a lower-case word or a punctuation
     * mark, and only if the text never writes it in lower case; never
     * next to another capitalised word */
    expect_ents("Wiśniewskiego nie było.", "PER:Wiśniewskiego=Wiśniewski");
    expect_ents("Wiśniewskiego nie było, a wiśniewskiego sadu też.", "");
    expect_ents("Spotkałem wczoraj Wiśniewskiego Sąd.", "");
}

static void test_surname_coref(void **state)
{
    (void)state;
    expect_ents("Prezydent Askar Mamin przyjechał. Mamina powitali uczniowie, a Mamin podziękował.",
                "PER:Askar Mamin=Askar Mamin; PER:Mamina=Askar Mamin; PER:Mamin=Askar Mamin");
    /* a double surname: each part inflects */
    expect_ents("Prezydent Askar Mamin-Tokajew przyjechał. Mamina-Tokajewa powitano.",
                "PER:Askar Mamin-Tokajew=Askar Mamin-Tokajew; PER:Mamina-Tokajewa=Askar Mamin-Tokajew");
    expect_ents("Ambasador spotkał Kasyma-Żomarta Tokajewa. Tokajewowi podziękowano.",
                "PER:Kasyma-Żomarta Tokajewa=Kasym-Żomart Tokajew; PER:Tokajewowi=Kasym-Żomart Tokajew");
}

static void test_acronym(void **state)
{
    (void)state;
    expect_ents("Rzecznik Komendy Głównej Policji (KGP) mówi. KGP zaprzecza.",
                "ORG:Komendy Głównej Policji=Komenda Główna Policji; ORG:KGP=Komenda Główna Policji; "
                "ORG:KGP=Komenda Główna Policji");
    /* same ref through the parentheses */
    fakty_result *r = fakty_extract(eng, "Szczyt Organizacji Układu o Bezpieczeństwie Zbiorowym (ODKB) trwa.",
                                    strlen("Szczyt Organizacji Układu o Bezpieczeństwie Zbiorowym (ODKB) trwa."), NULL);
    const fk_doc *d = r;
    assert_int_equal(d->ents.n, 2);
    assert_string_equal(d->ents.v[0].ref, "fakty:odkb");
    assert_string_equal(d->ents.v[1].ref, "fakty:odkb");
    fakty_result_free(r);
}

/* ---- load errors ---------------------------------------------------------------- */

static void expect_load_error(const char *file, unsigned line, unsigned col, const char *msg_part)
{
    char *path = fk_xasprintf("%s/tests/gazetteer/data/%s", src_dir(), file);
    const char *gz[1] = {path};
    fakty_options o = {0};
    o.data_dir = pack_dir;
    o.gazetteers = gz;
    o.n_gazetteers = 1;
    fakty_diags *dg = fakty_check(&o);
    int found = 0;
    for (size_t i = 0; i < fakty_diags_count(dg); i++) {
        const fakty_diag *x = fakty_diags_get(dg, i);
        fprintf(stderr, "  %s:%u:%u: %s\n", x->file, x->line, x->column, x->message);
        if (x->is_error && x->file && !strcmp(x->file, path) && x->line == line && x->column == col &&
            strstr(x->message, msg_part))
            found = 1;
    }
    assert_true(fakty_diags_errors(dg) >= 1);
    assert_true(found);
    fakty_diags_free(dg);
    free(path);
}

static void test_load_errors(void **state)
{
    (void)state;
    expect_load_error("bad-type.tsv", 1, 11, "unknown type \"XYZ\"");
    expect_load_error("bad-spec.tsv", 3, 31, "unknown gender in spec");
    expect_load_error("bad-parts.tsv", 1, 42, "fewer spec codes than parts");
    expect_load_error("bad-alias-parts.tsv", 1, 34, "more spec codes than parts");
    expect_load_error("bad-rank.tsv", 1, 26, "rank must be an integer");
    expect_load_error("bad-flag.tsv", 1, 36, "unknown flag \"upper\"");
    expect_load_error("bad-id.tsv", 1, 16, "scheme prefix");
}

static void test_cue_load_errors(void **state)
{
    (void)state;
    char *dir = fk_xasprintf("%s/tests/gazetteer/data/badrules", src_dir());
    char *cues = fk_xasprintf("%s/entities/cues.tsv", dir);
    char *names = fk_xasprintf("%s/entities/first-names.tsv", dir);
    const char *rd[1] = {dir};
    fakty_options o = {0};
    o.data_dir = pack_dir;
    o.rule_dirs = rd;
    o.n_rule_dirs = 1;
    fakty_diags *dg = fakty_check(&o);
    int found_cue = 0, found_name = 0;
    for (size_t i = 0; i < fakty_diags_count(dg); i++) {
        const fakty_diag *x = fakty_diags_get(dg, i);
        fprintf(stderr, "  %s:%u:%u: %s\n", x->file, x->line, x->column, x->message);
        if (x->file && !strcmp(x->file, cues) && x->line == 2 && x->column == 15 &&
            strstr(x->message, "unknown role \"after\""))
            found_cue = 1;
        if (x->file && !strcmp(x->file, names) && x->line == 2 && x->column == 5 &&
            strstr(x->message, "must be m1 or f"))
            found_name = 1;
    }
    assert_true(found_cue);
    assert_true(found_name);
    fakty_diags_free(dg);
    free(dir);
    free(cues);
    free(names);
}

/* ---- the built-in pack ------------------------------------------------------------ */

static void test_builtin_pack(void **state)
{
    (void)state;
    fakty_diags *dg = NULL;
    fakty_engine *b = fakty_engine_new(NULL, &dg);
    fakty_diags_free(dg);
    assert_non_null(b);
    const char *text = "Prezydent Kasym-Żomart Tokajew poprosił o pomoc Organizację Układu o "
                       "Bezpieczeństwie Zbiorowym (ODKB). Do Ałmaty i Aktobe przylecieli żołnierze "
                       "z Rosji i Białorusi. Tokajewa poparł Nursułtan Nazarbajew.";
    fakty_result *r = fakty_extract(b, text, strlen(text), NULL);
    const fk_doc *d = r;
    const char *want[][2] = {{"Kasym-Żomart Tokajew", "Kasym-Żomart Tokajew"},
                             {"Organizację Układu o Bezpieczeństwie Zbiorowym", NULL},
                             {"ODKB", NULL},
                             {"Ałmaty", "Ałmaty"},
                             {"Aktobe", "Aktobe"},
                             {"Rosji", "Rosja"},
                             {"Białorusi", "Białoruś"},
                             {"Tokajewa", "Kasym-Żomart Tokajew"},
                             {"Nursułtan Nazarbajew", "Nursułtan Nazarbajew"}};
    size_t nw = sizeof want / sizeof *want;
    const char *odkb_ref = NULL;
    for (size_t k = 0; k < nw; k++) {
        int found = 0;
        for (size_t i = 0; i < d->ents.n; i++) {
            const fk_entity *e = &d->ents.v[i];
            size_t l = e->end - e->start;
            if (l == strlen(want[k][0]) && !memcmp(d->text + e->start, want[k][0], l)) {
                found = 1;
                if (want[k][1]) assert_string_equal(e->name, want[k][1]);
                if (k == 1) odkb_ref = e->ref;
                if (k == 2) {
                    assert_non_null(odkb_ref);
                    assert_string_equal(e->ref, odkb_ref);
                }
            }
        }
        if (!found) fprintf(stderr, "not found: %s\n", want[k][0]);
        assert_true(found);
    }
    fakty_result_free(r);
    fakty_engine_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms_person),
        cmocka_unit_test(test_forms_places),
        cmocka_unit_test(test_match_inflected),
        cmocka_unit_test(test_match_longest),
        cmocka_unit_test(test_match_capitalisation),
        cmocka_unit_test(test_match_nostart_rank),
        cmocka_unit_test(test_match_derived),
        cmocka_unit_test(test_quotes_regnal_initials),
        cmocka_unit_test(test_months_stop),
        cmocka_unit_test(test_cue_person),
        cmocka_unit_test(test_lone_surname),
        cmocka_unit_test(test_cue_org_person),
        cmocka_unit_test(test_surname_start),
        cmocka_unit_test(test_coordinated),
        cmocka_unit_test(test_acronym_guess),
        cmocka_unit_test(test_cue_org_extent),
        cmocka_unit_test(test_quotes_inverted),
        cmocka_unit_test(test_org_place),
        cmocka_unit_test(test_org_suffix),
        cmocka_unit_test(test_cue_org_loc),
        cmocka_unit_test(test_cue_org_head),
        cmocka_unit_test(test_cue_street),
        cmocka_unit_test(test_first_name_initial_and_endings),
        cmocka_unit_test(test_surname_coref),
        cmocka_unit_test(test_acronym),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_cue_load_errors),
        cmocka_unit_test(test_builtin_pack),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
