/* Quantities: digits, number words (num2words table + inflected forms),
 * qualifiers, ranges, vague amounts and what is not a count. The test
 * sentences are the team's own. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "numlex.h"

static fakty_engine *eng;

static int setup(void **state)
{
    (void)state;
    fakty_diags *dg = NULL;
    eng = fakty_engine_new(NULL, &dg);
    if (!eng)
        for (size_t i = 0; i < fakty_diags_count(dg); i++) fprintf(stderr, "%s\n", fakty_diags_get(dg, i)->message);
    fakty_diags_free(dg);
    return eng ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fakty_engine_free(eng);
    return 0;
}

#define NUL NAN /* "null" in the output */

static void print_qtys(const fk_doc *d)
{
    for (size_t i = 0; i < d->qtys.n; i++) {
        const fk_quantity *q = &d->qtys.v[i];
        fprintf(stderr, "  got \"%.*s\" value=%g min=%g max=%g %s%s\n", (int)(q->end - q->start),
                d->text + q->start, q->has_value ? q->value : NAN, q->has_min ? q->min : NAN,
                q->has_max ? q->max : NAN, fk_qualifier_names[q->qualifier],
                (q->flags & FK_QF_NOCOUNT) ? " nocount" : "");
    }
}

static int same(int has, double got, double want) { return isnan(want) ? !has : has && got == want; }

/* The quantity whose text is `surface` has these fields. */
static void expect_q_(const char *text, const char *surface, double value, double min, double max,
                      const char *qual, int count, int line)
{
    fk_doc *d = fakty_extract(eng, text, strlen(text), NULL);
    const fk_quantity *hit = NULL;
    for (size_t i = 0; i < d->qtys.n; i++) {
        const fk_quantity *q = &d->qtys.v[i];
        if (strlen(surface) == q->end - q->start && !memcmp(d->text + q->start, surface, q->end - q->start))
            hit = q;
    }
    int ok = hit && same(hit->has_value, hit->value, value) && same(hit->has_min, hit->min, min) &&
             same(hit->has_max, hit->max, max) && !strcmp(fk_qualifier_names[hit->qualifier], qual) &&
             !!(hit->flags & FK_QF_NOCOUNT) == !count;
    if (!ok) {
        fprintf(stderr, "line %d: \"%s\": want \"%s\" value=%g min=%g max=%g %s%s\n", line, text, surface,
                value, min, max, qual, count ? "" : " nocount");
        print_qtys(d);
    }
    fakty_result_free(d);
    assert_true(ok);
}
#define EXPECT(text, surface, v, lo, hi, q, count) expect_q_(text, surface, v, lo, hi, q, count, __LINE__)
#define EXACT(text, surface, v) EXPECT(text, surface, v, v, v, "exact", 1)

/* No quantity at all in the text. */
static void expect_none_(const char *text, int line)
{
    fk_doc *d = fakty_extract(eng, text, strlen(text), NULL);
    if (d->qtys.n) {
        fprintf(stderr, "line %d: \"%s\": want no quantity\n", line, text);
        print_qtys(d);
    }
    size_t n = d->qtys.n;
    fakty_result_free(d);
    assert_int_equal(n, 0);
}
#define NONE(text) expect_none_(text, __LINE__)

/* ---- the num2words table -------------------------------------------------- */
static void test_num2words_table(void **state)
{
    (void)state;
    const char *src = getenv("FAKTY_SRC");
    char *path = fk_xasprintf("%s/tests/numbers/num2words-pl.tsv", src ? src : ".");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    int rows = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = 0;
        double want = strtod(line, NULL);
        const char *words = tab + 1;
        fk_doc *d = fk_doc_new(eng, words, strlen(words), NULL);
        fk_tokenize(eng, d);
        fk_segment(eng, d);
        fk_numval v;
        int ok = fk_num_parse(eng->num, d, 0, d->toks.n, &v) && v.tok1 == d->toks.n &&
                 !(v.flags & NV_VAGUE) && v.value == want;
        if (!ok && bad++ < 20)
            fprintf(stderr, "num2words: \"%s\" want %g got %g (%zu of %zu tokens)\n", words, want, v.value,
                    v.tok1, d->toks.n);
        fk_doc_free(d);
        rows++;
    }
    fclose(f);
    free(path);
    fprintf(stderr, "num2words table: %d rows, %d wrong\n", rows, bad);
    assert_true(rows >= 3000);
    assert_int_equal(bad, 0);
}

/* ---- digits ------------------------------------------------------------- */
static void test_digits(void **state)
{
    (void)state;
    EXACT("Policja zatrzymała 4 217 osób.", "4 217", 4217);
    EXACT("Policja zatrzymała 4\u00a0217 osób.", "4\u00a0217", 4217);
    EXACT("Ewakuowano 12\u202f480 mieszkańców.", "12\u202f480", 12480);
    EXACT("W akcji brało udział 1.300 strażaków.", "1.300", 1300);
    EXACT("Sprawdzono 2.450.000 paczek.", "2.450.000", 2450000);
    EXACT("Przybyło 100 000 kibiców.", "100 000", 100000);
    EXACT("Na granicy stoi 17 ciężarówek.", "17", 17);
    EXACT("Demonstrantów było 2,5 tys.", "2,5 tys.", 2500);
    EXACT("Ewakuowano 1,3 tys. osób.", "1,3 tys.", 1300);
    EXACT("Region zamieszkuje 2 mln ludzi.", "2 mln", 2000000);
    EXACT("Straty sięgają 3,5 mld, mówi rząd.", "3,5 mld", 3.5e9);
    EXACT("Zgłosiło się 5 tysięcy ochotników.", "5 tysięcy", 5000);
    EXACT("Przyjechało 2 tysiące kibiców.", "2 tysiące", 2000);
    /* "1.5" is not Polish: neither 1.5 nor 1500 */
    NONE("Wersja 1.5 jest gotowa");
    /* a list is two numbers, not one */
    EXACT("Rannych było 12, a zabitych 3.", "12", 12);
    EXACT("Rannych było 12, a zabitych 3.", "3", 3);
}

/* ---- number words in every case ------------------------------------------ */
static void test_words_inflected(void **state)
{
    (void)state;
    EXACT("Zatrzymano siedmiu mężczyzn.", "siedmiu", 7);
    EXACT("Rannych zostało dwóch strażaków.", "dwóch", 2);
    EXACT("W domu było dwoje dzieci.", "dwoje", 2);
    EXACT("Zaginęło troje turystów.", "troje", 3);
    EXACT("Zginęła jedna osoba.", "jedna", 1);
    EXACT("Zatrzymano pięćdziesięciu uczestników.", "pięćdziesięciu", 50);
    EXACT("Wysłano stu dwudziestu żołnierzy.", "stu dwudziestu", 120);
    EXACT("Wybuch ranił półtora tysiąca osób.", "półtora tysiąca", 1500);
    EXACT("Ewakuowano półtorej setki ludzi.", "półtorej", 1.5);
    EXACT("Zebrało się pół miliona ludzi.", "pół miliona", 500000);
    EXACT("Do szpitali trafiło dwa tysiące sześćset osób.", "dwa tysiące sześćset", 2600);
    EXACT("Przyjęto trzystu czterdziestu dwóch uchodźców.", "trzystu czterdziestu dwóch", 342);
    EXACT("Pomoc dotarła do dwustu rodzin.", "dwustu", 200);
    EXACT("Dziękował czterem ratownikom.", "czterem", 4);
    EXACT("Rozmawiał z dwunastoma świadkami.", "dwunastoma", 12);
    EXACT("Rozmawiał z dwiema kobietami.", "dwiema", 2);
    EXACT("Spotkał się z obu stronami.", "obu", 2);
    EXACT("Brakuje tysiąca łóżek.", "tysiąca", 1000);
    EXACT("Zebrano pięć tysięcy podpisów.", "pięć tysięcy", 5000);
    EXACT("Mowa o trzech milionach ludzi.", "trzech milionach", 3e6);
    EXACT("Wydano dziesięć milionów.", "dziesięć milionów", 1e7);
    EXACT("Policjanci przesłuchali ośmioro dzieci.", "ośmioro", 8);
    EXACT("Na sali było dziewiętnaścioro uczniów.", "dziewiętnaścioro", 19);
    EXACT("Kraj liczy milion dwieście tysięcy mieszkańców.", "milion dwieście tysięcy", 1200000);
    EXACT("Zabito czterdziestu pięciu cywilów.", "czterdziestu pięciu", 45);
    EXACT("Wśród sześćdziesięcioma rannymi.", "sześćdziesięcioma", 60);
    EXACT("Zarejestrowano TRZYSTA zgłoszeń.", "TRZYSTA", 300);
    EXACT("Zginęło dwa i pół tysiąca zwierząt.", "dwa i pół tysiąca", 2500);
    EXACT("Czekali trzy i pół godziny na wiadomości, a pięć i sześć to liczby.", "pięć", 5);
    /* order breaks a number: "pięć sześć" is two */
    EXACT("Odliczał: pięć sześć.", "pięć", 5);
    EXACT("Odliczał: pięć sześć.", "sześć", 6);
}

/* ---- qualifiers ---------------------------------------------------------- */
static void test_qualifiers(void **state)
{
    (void)state;
    EXPECT("Rannych jest ponad 1300.", "ponad 1300", 1300, 1300, NUL, "more_than", 1);
    EXPECT("Przeszło 40 osób czeka.", "Przeszło 40", 40, 40, NUL, "more_than", 1);
    EXPECT("Temperatura powyżej 30 kresek.", "powyżej 30", 30, 30, NUL, "more_than", 1);
    EXPECT("Zatrzymano więcej niż 20 osób.", "więcej niż 20", 20, 20, NUL, "more_than", 1);
    EXPECT("Zginęło co najmniej 5 osób.", "co najmniej 5", 5, 5, NUL, "at_least", 1);
    EXPECT("Zginęło przynajmniej pięciu górników.", "przynajmniej pięciu", 5, 5, NUL, "at_least", 1);
    EXPECT("Spłonęło około 300 domów.", "około 300", 300, NUL, NUL, "about", 1);
    EXPECT("Spłonęło ok. 300 domów.", "ok. 300", 300, NUL, NUL, "about", 1);
    EXPECT("Protestowało blisko 2 tys. rolników.", "blisko 2 tys.", 2000, NUL, NUL, "about", 1);
    EXPECT("Zgromadziło się niemal sto osób.", "niemal sto", 100, NUL, NUL, "about", 1);
    EXPECT("Ewakuowano prawie 800 osób.", "prawie 800", 800, NUL, NUL, "about", 1);
    EXPECT("Zostało mniej niż 10 osób.", "mniej niż 10", 10, NUL, 10, "less_than", 1);
    EXPECT("Przyszło poniżej 50 osób.", "poniżej 50", 50, NUL, 50, "less_than", 1);
    EXPECT("Ewakuowano niespełna 100 osób.", "niespełna 100", 100, NUL, NUL, "about", 1);
    EXPECT("Hala pomieści do 20 osób.", "do 20", 20, NUL, 20, "at_most", 1);
    EXPECT("Wejdzie nie więcej niż 30 osób.", "nie więcej niż 30", 30, NUL, 30, "at_most", 1);
    EXPECT("Ofiar może być nawet 300.", "nawet 300", 300, NUL, 300, "at_most", 1);
    EXPECT("Przyszło 300 z górą osób.", "300 z górą", 300, 300, NUL, "more_than", 1);
    EXPECT("Liczba ewakuowanych przekroczyła 4 tysiące.", "przekroczyła 4 tysiące", 4000, 4000, NUL, "more_than", 1);
    /* "wzrosła do 16" is an exact count, not "at most" */
    EXACT("Liczba ofiar wzrosła do 16.", "16", 16);
    EXACT("Rannych było aż 40.", "40", 40);
    /* an exact phrase after the number cancels the qualifier before it */
    EXACT("Do 12 wzrosła liczba zabitych.", "12", 12);
    EXACT("Do 30 spadła liczba zaginionych.", "30", 30);
}

/* ---- ranges -------------------------------------------------------------- */
static void test_ranges(void **state)
{
    (void)state;
    EXPECT("Zatrzymano od 10 do 20 osób.", "od 10 do 20", NUL, 10, 20, "range", 1);
    EXPECT("Zatrzymano 10–20 osób.", "10–20", NUL, 10, 20, "range", 1);
    EXPECT("Zatrzymano 10-20 osób.", "10-20", NUL, 10, 20, "range", 1);
    EXPECT("Zatrzymano 10 - 20 osób.", "10 - 20", NUL, 10, 20, "range", 1);
    EXPECT("Zatrzymano między 10 a 20 osób.", "między 10 a 20", NUL, 10, 20, "range", 1);
    EXPECT("Zatrzymano pomiędzy dwoma a trzema tysiącami osób.", "pomiędzy dwoma a trzema tysiącami", NUL,
           2000, 3000, "range", 1);
    EXPECT("Na wiec przyszło od 10 do 20 tys. osób.", "od 10 do 20 tys.", NUL, 10000, 20000, "range", 1);
    EXPECT("Na wiec przyszło 2–3 mln osób.", "2–3 mln", NUL, 2e6, 3e6, "range", 1);
    EXPECT("Na miejscu pracuje pięć-sześć zastępów.", "pięć-sześć", NUL, 5, 6, "range", 1);
    EXPECT("Protestowało dwa-trzy tysiące osób.", "dwa-trzy tysiące", NUL, 2000, 3000, "range", 1);
    /* descending: not a range */
    EXACT("Mecz skończył się wynikiem 3-1 dla gości.", "3", 3);
}

/* ---- vague amounts ------------------------------------------------------- */
static void test_vague(void **state)
{
    (void)state;
    EXPECT("Rannych jest kilku policjantów.", "kilku", NUL, 3, 9, "vague", 1);
    EXPECT("Na miejscu jest kilka karetek.", "kilka", NUL, 3, 9, "vague", 1);
    EXPECT("Zatrzymano kilkanaście osób.", "kilkanaście", NUL, 11, 19, "vague", 1);
    EXPECT("Zatrzymano kilkunastu mężczyzn.", "kilkunastu", NUL, 11, 19, "vague", 1);
    EXPECT("Zginęło kilkudziesięciu cywilów.", "kilkudziesięciu", NUL, 20, 90, "vague", 1);
    EXPECT("Spłonęło kilkadziesiąt domów.", "kilkadziesiąt", NUL, 20, 90, "vague", 1);
    EXPECT("Ewakuowano kilkaset osób.", "kilkaset", NUL, 200, 900, "vague", 1);
    EXPECT("Przyszło kilka tysięcy osób.", "kilka tysięcy", NUL, 2000, 9000, "vague", 1);
    EXPECT("Przyszło kilkanaście tysięcy osób.", "kilkanaście tysięcy", NUL, 11000, 19000, "vague", 1);
    EXPECT("Rannych są dziesiątki.", "dziesiątki", NUL, 20, 99, "vague", 1);
    EXPECT("Uciekły setki rodzin.", "setki", NUL, 200, 999, "vague", 1);
    EXPECT("Na ulice wyszły tysiące ludzi.", "tysiące", NUL, 2000, 9999, "vague", 1);
    EXPECT("Na ulice wyszły setki tysięcy ludzi.", "setki tysięcy", NUL, 200000, 999000, "vague", 1);
    EXPECT("Na ulice wyszły dziesiątki tysięcy ludzi.", "dziesiątki tysięcy", NUL, 20000, 99000, "vague", 1);
    EXPECT("Nawet kilkaset osób utknęło.", "Nawet kilkaset", NUL, 200, 900, "vague", 1);
}

/* ---- not counts ---------------------------------------------------------- */
static void test_nocount(void **state)
{
    (void)state;
    EXPECT("Zatrzymano 38-letniego kierowcę.", "38-letniego", 38, 38, 38, "exact", 0);
    EXPECT("Zatrzymano 17-latka.", "17-latka", 17, 17, 17, "exact", 0);
    EXPECT("Frekwencja wyniosła 61 proc.", "61 proc.", 61, 61, 61, "exact", 0);
    EXPECT("Frekwencja wyniosła 61,5%.", "61,5%", 61.5, 61.5, 61.5, "exact", 0);
    EXPECT("Kara to 5 tys. zł grzywny.", "5 tys. zł", 5000, 5000, 5000, "exact", 0);
    EXPECT("Pomoc wyniesie 2 mln euro.", "2 mln euro", 2e6, 2e6, 2e6, "exact", 0);
    EXPECT("Zapłacił 300 dolarów.", "300 dolarów", 300, 300, 300, "exact", 0);
    EXPECT("Korek ma 12 km.", "12 km", 12, 12, 12, "exact", 0);
    EXPECT("Ważył 80 kg.", "80 kg", 80, 80, 80, "exact", 0);
    EXPECT("Było minus 20 stopni.", "20 stopni", 20, 20, 20, "exact", 0);
    EXPECT("Jechał 140 km/h po mieście.", "140 km/h", 140, 140, 140, "exact", 0);
    EXPECT("Zajął 2. miejsce w biegu.", "2.", 2, 2, 2, "exact", 0);
    EXPECT("Po II wojnie światowej.", "II", 2, 2, 2, "exact", 0);
    EXPECT("Grozi mu kara z art. 148 kodeksu.", "art. 148", 148, 148, 148, "exact", 0);
    EXPECT("Mieszka w bloku nr 5 od dawna.", "nr 5", 5, 5, 5, "exact", 0);
    EXPECT("Mecz zakończył się wynikiem 2:1.", "2:1", NUL, NUL, NUL, "exact", 0);
    EXPECT("Woda podniosła się o 2 metry.", "2 metry", 2, 2, 2, "exact", 0);
    EXPECT("Grozi mu od 5 do 12 lat więzienia.", "od 5 do 12 lat", NUL, 5, 12, "range", 0);
    /* durations, years and days belong to dates, not quantities */
    NONE("Spędził w areszcie 3 miesiące.");
    NONE("Protest odbył się 12 marca 2021 r.");
    NONE("W 2019 roku było spokojnie.");
    NONE("W ciągu ostatnich siedmiu dni było spokojnie.");
    EXPECT("Zgłoszenia pod numerem 58 321 44 10 przyjmuje policja.", "numerem 58 321 44 10", NUL, NUL, NUL,
           "exact", 0);
    EXPECT("Ponad dwie trzecie mieszkańców wyjechało.", "Ponad dwie trzecie", 2, 2, NUL, "more_than", 0);
    NONE("Sklepy są otwarte do 21.30 w tygodniu.");
    EXPECT("Cena wzrosła 3-krotnie w ciągu roku.", "3-krotnie", 3, 3, 3, "exact", 0);
    EXPECT("Zbudowano 20-metrowy maszt.", "20-metrowy", 20, 20, 20, "exact", 0);
    EXPECT("Zajął 2-gi raz z rzędu podium.", "2-gi", 2, 2, 2, "exact", 0);
    /* a sentence-final number is not an ordinal */
    EXACT("Zatrzymanych jest 16.", "16", 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_num2words_table), cmocka_unit_test(test_digits),
        cmocka_unit_test(test_words_inflected), cmocka_unit_test(test_qualifiers),
        cmocka_unit_test(test_ranges),          cmocka_unit_test(test_vague),
        cmocka_unit_test(test_nocount),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
