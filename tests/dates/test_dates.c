/* Dates, times, durations and sets resolved against fixed document dates.
 * The test sentences are the team's own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"

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

static fk_doc *run(const char *docdate, const char *text)
{
    fakty_doc_info info = {NULL, NULL, docdate};
    return fakty_extract(eng, text, strlen(text), &info);
}

static void print_dates(const fk_doc *d)
{
    for (size_t i = 0; i < d->dates.n; i++) {
        const fk_date *t = &d->dates.v[i];
        fprintf(stderr, "  got \"%.*s\" %s %s %s\n", (int)(t->end - t->start), d->text + t->start, t->value,
                fk_date_kind_names[t->kind], t->anchor);
    }
}

/* The date whose text is `surface` has this value, kind and anchor. */
static void expect_d_(const char *docdate, const char *text, const char *surface, const char *value,
                      const char *kind, const char *anchor, int line)
{
    fk_doc *d = run(docdate, text);
    const fk_date *hit = NULL;
    for (size_t i = 0; i < d->dates.n; i++) {
        const fk_date *t = &d->dates.v[i];
        if (strlen(surface) == t->end - t->start && !memcmp(d->text + t->start, surface, t->end - t->start))
            hit = t;
    }
    int ok = hit && !strcmp(hit->value, value) && !strcmp(fk_date_kind_names[hit->kind], kind) &&
             !strcmp(hit->anchor, anchor);
    if (!ok) {
        fprintf(stderr, "line %d: [%s] \"%s\": want \"%s\" %s %s %s\n", line, docdate ? docdate : "no date", text,
                surface, value, kind, anchor);
        print_dates(d);
    }
    fakty_result_free(d);
    assert_true(ok);
}
#define DATE(dd, text, surface, value) expect_d_(dd, text, surface, value, "date", "", __LINE__)
#define DATE_A(dd, text, surface, value, anchor) expect_d_(dd, text, surface, value, "date", anchor, __LINE__)
#define DUR(dd, text, surface, value) expect_d_(dd, text, surface, value, "duration", "", __LINE__)
#define TIME(dd, text, surface, value) expect_d_(dd, text, surface, value, "time", "", __LINE__)
#define SET(dd, text, surface, value) expect_d_(dd, text, surface, value, "set", "", __LINE__)

static void expect_none_(const char *docdate, const char *text, int line)
{
    fk_doc *d = run(docdate, text);
    if (d->dates.n) {
        fprintf(stderr, "line %d: \"%s\": want no date\n", line, text);
        print_dates(d);
    }
    size_t n = d->dates.n;
    fakty_result_free(d);
    assert_int_equal(n, 0);
}
#define NO_DATE(dd, text) expect_none_(dd, text, __LINE__)

static const char *DOC = "2022-01-10"; /* a Monday */

static void test_absolute(void **state)
{
    (void)state;
    DATE(DOC, "Zamieszki wybuchły 2 stycznia 2022 r. w kilku miastach.", "2 stycznia 2022 r.", "2022-01-02");
    DATE(DOC, "Zamieszki wybuchły 2 stycznia 2022 roku w kilku miastach.", "2 stycznia 2022 roku", "2022-01-02");
    DATE(DOC, "Decyzję podjęto 02.01.2022 w stolicy.", "02.01.2022", "2022-01-02");
    DATE(DOC, "Decyzję podjęto 2.01.2022 r. w stolicy.", "2.01.2022 r.", "2022-01-02");
    DATE(DOC, "Raport z dnia 2022-01-02 mówi o stratach.", "2022-01-02", "2022-01-02");
    DATE(DOC, "Protest odbył się 17 listopada 2019 r. w Gdańsku.", "17 listopada 2019 r.", "2019-11-17");
    DATE(DOC, "Styczeń 2021 był mroźny.", "Styczeń 2021", "2021-01");
    DATE(DOC, "Spotkanie odbyło się 3-go stycznia.", "3-go stycznia", "2022-01-03");
    DATE(NULL, "Zamieszki wybuchły 2 stycznia 2022 r. w kilku miastach.", "2 stycznia 2022 r.", "2022-01-02");
    /* not dates */
    NO_DATE(DOC, "Kalendarz pokazywał 32 stycznia.");
    NO_DATE(DOC, "Rozmawiała z nią Maja.");
    NO_DATE(DOC, "Pomoc trafiła w 1500 domach.");
    NO_DATE(DOC, "Sprawdzono 31.02.2022 i nic.");
}

static void test_partial(void **state)
{
    (void)state;
    DATE(DOC, "Protesty trwają od tygodnia, a 2 stycznia były największe.", "2 stycznia", "2022-01-02");
    DATE(DOC, "Zatrzymano go 15 grudnia.", "15 grudnia", "2021-12-15");
    DATE(DOC, "Zatrzymano go 10 stycznia.", "10 stycznia", "2022-01-10");
    DATE(DOC, "Zatrzymano go 11 stycznia.", "11 stycznia", "2021-01-11");
    DATE(DOC, "W styczniu zginęło 16 osób.", "W styczniu", "2022-01");
    DATE(DOC, "W lipcu spadło dużo deszczu.", "W lipcu", "2021-07");
    DATE(DOC, "W 2021 roku rannych było więcej.", "W 2021 roku", "2021");
    DATE(DOC, "W 2021 r. rannych było więcej.", "W 2021 r.", "2021");
    DATE(DOC, "Wszystko zaczęło się w 2019.", "w 2019", "2019");
    DATE(DOC, "W 2020 zatrzymano 50 osób.", "W 2020", "2020");
    /* future cue: forward */
    DATE(DOC, "Wybory odbędą się 15 marca.", "15 marca", "2022-03-15");
    DATE(DOC, "Kolejne rozmowy zaplanowano w grudniu.", "w grudniu", "2022-12");
    /* no document date: never guessed */
    DATE(NULL, "Zatrzymano go 15 grudnia.", "15 grudnia", "XXXX-12-15");
    DATE(NULL, "W grudniu zginęło 7 osób.", "W grudniu", "XXXX-12");
}

static void test_relative(void **state)
{
    (void)state;
    DATE(DOC, "Wczoraj zatrzymano 16 osób.", "Wczoraj", "2022-01-09");
    DATE(DOC, "Przedwczoraj zatrzymano 16 osób.", "Przedwczoraj", "2022-01-08");
    DATE(DOC, "Dziś rano spadł śnieg.", "Dziś", "2022-01-10");
    DATE(DOC, "Dzisiaj rano spadł śnieg.", "Dzisiaj", "2022-01-10");
    DATE(DOC, "Jutro rząd zbierze się ponownie.", "Jutro", "2022-01-11");
    DATE(DOC, "W ubiegłym tygodniu doszło do starć.", "W ubiegłym tygodniu", "2022-W01");
    DATE(DOC, "W zeszłym miesiącu doszło do starć.", "W zeszłym miesiącu", "2021-12");
    DATE(DOC, "W ubiegłym roku doszło do starć.", "W ubiegłym roku", "2021");
    DATE(DOC, "Trzy dni temu doszło do starć.", "Trzy dni temu", "2022-01-07");
    DATE(DOC, "Dwa tygodnie temu doszło do starć.", "Dwa tygodnie temu", "2021-12-27");
    /* weekdays: the latest on or before the document date */
    DATE(DOC, "W poniedziałek rząd ogłosił żałobę.", "W poniedziałek", "2022-01-10");
    DATE(DOC, "W niedzielę rząd ogłosił żałobę.", "W niedzielę", "2022-01-09");
    DATE(DOC, "We wtorek rząd ogłosił żałobę.", "We wtorek", "2022-01-04");
    DATE(DOC, "W poniedziałek odbędzie się posiedzenie rządu.", "W poniedziałek", "2022-01-17");
    DATE(DOC, "W środę zostanie ogłoszony wyrok.", "W środę", "2022-01-12");
    /* without a document date: left out */
    NO_DATE(NULL, "Wczoraj zatrzymano 16 osób.");
    NO_DATE(NULL, "W poniedziałek rząd ogłosił żałobę.");
    NO_DATE(NULL, "W ubiegłym tygodniu doszło do starć.");
}

static void test_year_boundary(void **state)
{
    (void)state;
    const char *jan3 = "2022-01-03"; /* a Monday, ISO week 2022-W01 */
    DATE(jan3, "W grudniu zginęło 7 osób.", "W grudniu", "2021-12");
    DATE(jan3, "W styczniu zginęło 7 osób.", "W styczniu", "2022-01");
    DATE(jan3, "Zatrzymano go 30 grudnia.", "30 grudnia", "2021-12-30");
    DATE(jan3, "W ubiegłym tygodniu doszło do starć.", "W ubiegłym tygodniu", "2021-W52");
    DATE(jan3, "W zeszłym miesiącu doszło do starć.", "W zeszłym miesiącu", "2021-12");
    DATE(jan3, "W piątek doszło do starć.", "W piątek", "2021-12-31");
    DATE("2022-01-01", "Wczoraj zatrzymano 16 osób.", "Wczoraj", "2021-12-31");
    DATE("2021-12-31", "Jutro zacznie się nowy rok.", "Jutro", "2022-01-01");
    DATE("2021-12-20", "Spotkanie odbędzie się 5 stycznia.", "5 stycznia", "2022-01-05");
}

static void test_leap(void **state)
{
    (void)state;
    DATE("2024-03-05", "Zatrzymano go 29 lutego.", "29 lutego", "2024-02-29");
    DATE("2023-03-01", "Zatrzymano go 29 lutego.", "29 lutego", "2020-02-29");
    DATE("2024-03-01", "Wczoraj zatrzymano 16 osób.", "Wczoraj", "2024-02-29");
    DATE("2022-03-01", "Przedwczoraj zatrzymano 16 osób.", "Przedwczoraj", "2022-02-27");
    DATE(DOC, "Ustawa weszła w życie 29.02.2020 r.", "29.02.2020 r.", "2020-02-29");
    NO_DATE(DOC, "Ustawa weszła w życie 29.02.2021.");
    NO_DATE(DOC, "Ustawa weszła w życie 29 lutego 2021 r.");
}

static void test_anchors(void **state)
{
    (void)state;
    DATE_A(DOC, "Od 2 stycznia policja zatrzymała 5135 osób.", "Od 2 stycznia", "2022-01-02", "from");
    DATE_A(DOC, "Stan wyjątkowy potrwa do 19 stycznia.", "do 19 stycznia", "2022-01-19", "until");
    DATE_A(DOC, "Protesty trwały od 2 do 5 stycznia.", "od 2", "2022-01-02", "from");
    DATE_A(DOC, "Protesty trwały od 2 do 5 stycznia.", "do 5 stycznia", "2022-01-05", "until");
    DATE_A(DOC, "Od wczoraj obowiązuje godzina policyjna.", "Od wczoraj", "2022-01-09", "from");
    DATE_A(DOC, "Do 07.01.2022 wpłynęło 40 wniosków.", "Do 07.01.2022", "2022-01-07", "until");
    /* an end named by a weekday is ahead (on or after the document date) */
    DATE_A(DOC, "Urzędy zamknięto do środy.", "do środy", "2022-01-12", "until");
    DATE_A(DOC, "Urzędy zamknięto do poniedziałku.", "do poniedziałku", "2022-01-10", "until");
    /* "od 10 do 30 lat" is a range of numbers, not a duration */
    NO_DATE(DOC, "Grozi mu od 5 do 12 lat więzienia.");
    expect_d_(DOC, "Akcja trwa od trzech dni.", "od trzech dni", "P3D", "duration", "since", __LINE__);
}

static void test_durations(void **state)
{
    (void)state;
    DUR(DOC, "W ciągu ostatnich siedmiu dni zatrzymano 5 tys. osób.", "W ciągu ostatnich siedmiu dni", "P7D");
    DUR(DOC, "Protest trwał przez dwa tygodnie.", "przez dwa tygodnie", "P2W");
    DUR(DOC, "Przez 48 godzin nie było prądu.", "Przez 48 godzin", "PT48H");
    DUR(DOC, "Akcja trwała 30 minut.", "30 minut", "PT30M");
    DUR(DOC, "Szukano go przez kilka dni.", "przez kilka dni", "PXD");
    DUR(DOC, "Przez tydzień nie było wody.", "Przez tydzień", "P1W");
    DUR(DOC, "Areszt na trzy miesiące.", "na trzy miesiące", "P3M");
    expect_d_(DOC, "Spór trwa od półtora roku.", "od półtora roku", "P1.5Y", "duration", "since", __LINE__);
}

static void test_times_sets(void **state)
{
    (void)state;
    TIME(DOC, "Wybuch nastąpił o godz. 14.30 w centrum.", "o godz. 14.30", "T14:30");
    TIME(DOC, "Wybuch nastąpił o 9:05 w centrum.", "o 9:05", "T09:05");
    TIME(DOC, "Wybuch nastąpił o godz. 8 w centrum.", "o godz. 8", "T08:00");
    TIME(DOC, "Wybuch nastąpił o godzinie 23.15 w centrum.", "o godzinie 23.15", "T23:15");
    expect_d_(DOC, "Godzina policyjna obowiązuje od 19.00 do 5.30.", "od 19.00", "T19:00", "time", "from", __LINE__);
    expect_d_(DOC, "Godzina policyjna obowiązuje od 19.00 do 5.30.", "do 5.30", "T05:30", "time", "until", __LINE__);
    SET(DOC, "Co roku w rocznicę przychodzą tłumy.", "Co roku", "P1Y");
    SET(DOC, "Lekarze codziennie przyjmują rannych.", "codziennie", "P1D");
    SET(DOC, "Muzeum jest zamknięte w poniedziałki.", "w poniedziałki", "XXXX-WXX-1");
    SET(NULL, "Muzeum jest zamknięte w poniedziałki.", "w poniedziałki", "XXXX-WXX-1");
    /* "o 5" (no minutes, no "godz.") is not a time */
    NO_DATE(DOC, "Liczba wzrosła o 5 osób.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_absolute),      cmocka_unit_test(test_partial),
        cmocka_unit_test(test_relative),      cmocka_unit_test(test_year_boundary),
        cmocka_unit_test(test_leap),          cmocka_unit_test(test_anchors),
        cmocka_unit_test(test_durations),     cmocka_unit_test(test_times_sets),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
