/* Unit tests of fakty events' pieces that the case files reach only
 * through the command: days (events_read.c), count ranges
 * (events_figure.c), the vocabularies (events_vocab.c, from files written
 * here) and the place chains (events_places.c, from the source tree's
 * gazetteers/parents.tsv). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "events.h"

static void test_days(void **state)
{
    (void)state;
    assert_int_equal(fk_day_parse("1970-01-01"), 0);
    assert_int_equal(fk_day_parse("1970-01-02"), 1);
    assert_int_equal(fk_day_parse("1969-12-31"), -1);
    assert_int_equal(fk_day_parse("2000-03-01") - fk_day_parse("2000-02-28"), 2); /* 2000 is leap */
    assert_int_equal(fk_day_parse("1900-03-01") - fk_day_parse("1900-02-28"), 1); /* 1900 is not */
    assert_int_equal(fk_day_parse("2024-02-29") - fk_day_parse("2024-02-28"), 1);
    const char *bad[] = {NULL, "", "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01",
                         "2024-01-01T", "24-01-01", "2024/01/01", "abcd-ef-gh"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_int_equal(fk_day_parse(bad[i]), FK_NODAY);
    /* every day of 1890..2110 goes there and back */
    char buf[11];
    fk_day d0 = fk_day_parse("1890-01-01"), d1 = fk_day_parse("2110-12-31");
    for (fk_day d = d0; d <= d1; d++) {
        fk_day_format(d, buf);
        assert_int_equal(fk_day_parse(buf), d);
    }
    fk_day_format(fk_day_parse("2025-06-14"), buf);
    assert_string_equal(buf, "2025-06-14");
}

static void test_bounds(void **state)
{
    (void)state;
    fk_evopts o = {.window = 3, .about = 0.1};
    double lo, hi;
    fk_evcount exact = {.value = 7, .min = 7, .max = 7, .has_value = 1, .has_min = 1, .has_max = 1, .qualifier = "exact"};
    fk_evcount_bounds(&exact, &o, &lo, &hi);
    assert_true(lo == 7 && hi == 7);
    fk_evcount more = {.value = 1300, .min = 1300, .has_value = 1, .has_min = 1, .qualifier = "more_than"};
    fk_evcount_bounds(&more, &o, &lo, &hi);
    assert_true(lo == 1300 && isinf(hi));
    fk_evcount atmost = {.value = 5, .has_value = 1, .qualifier = "at_most"};
    fk_evcount_bounds(&atmost, &o, &lo, &hi);
    assert_true(isinf(lo) && lo < 0 && hi == 5);
    fk_evcount about = {.value = 300, .has_value = 1, .qualifier = "about"};
    fk_evcount_bounds(&about, &o, &lo, &hi);
    assert_true(fabs(lo - 270) < 1e-9 && fabs(hi - 330) < 1e-9);
    fk_evcount vague = {.min = 11, .max = 19, .has_min = 1, .has_max = 1, .qualifier = "vague"};
    fk_evcount_bounds(&vague, &o, &lo, &hi);
    assert_true(lo == 11 && hi == 19);
    assert_true(fk_evcount_point(&vague) == 11);
    assert_true(fk_evcount_point(&about) == 300);
    fk_evcount only_max = {.max = 4, .has_max = 1, .qualifier = "less_than"};
    assert_true(fk_evcount_point(&only_max) == 4);
}

static char tmpdir[] = "/tmp/fakty-events-unit-XXXXXX";

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_vocab(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(tmpdir));
    char p[512];
    snprintf(p, sizeof p, "%s/rules", tmpdir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/rules/xx", tmpdir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/rules/xx/events", tmpdir);
    mkdir(p, 0700);
    write_file("rules/xx/events/categories.tsv", "# test\npeople\t*\npolice\tpeople\ntraffic\tpolice\nbirds\tanimals\n");
    write_file("rules/xx/events/sources.tsv", "none\t-\t0\ndefault\t-\t4\nsubtype\tpolice\t7\nword\tsheriff*\t6\nword\tBlog\t1\n");
    fakty_diags *dg = fk_diags_new();
    fk_evvocab *v = fk_evvocab_new(tmpdir);
    /* who: people is anyone; police under anyone; traffic two below anyone */
    assert_null(fk_evvocab_who(v, "xx", "people", dg));
    assert_string_equal(fk_evvocab_who(v, "xx", "police", dg), "police");
    assert_int_equal(fk_evvocab_who_below(v, "xx", "police", NULL, dg), 1);
    assert_int_equal(fk_evvocab_who_below(v, "xx", "traffic", NULL, dg), 2);
    assert_int_equal(fk_evvocab_who_below(v, "xx", "traffic", "police", dg), 1);
    assert_int_equal(fk_evvocab_who_below(v, "xx", "police", "traffic", dg), -1);
    assert_int_equal(fk_evvocab_who_below(v, "xx", NULL, "police", dg), -1);
    assert_int_equal(fk_evvocab_who_below(v, "xx", NULL, NULL, dg), 0);
    assert_int_equal(fk_evvocab_who_below(v, "xx", "birds", "police", dg), -1);
    assert_int_equal(fk_evvocab_who_below(v, "xx", "birds", NULL, dg), 2); /* animals is a top */
    /* ranks: the highest of subtype and words; words are case-folded */
    assert_int_equal(fk_evvocab_rank(v, "xx", NULL, NULL, 0, dg), 0);
    assert_int_equal(fk_evvocab_rank(v, "xx", NULL, "someone said", 1, dg), 4);
    assert_int_equal(fk_evvocab_rank(v, "xx", "police", "a blog said", 1, dg), 7);
    assert_int_equal(fk_evvocab_rank(v, "xx", NULL, "the SHERIFF'S office", 1, dg), 6);
    assert_int_equal(fk_evvocab_rank(v, "xx", NULL, "BLOG", 1, dg), 1);
    assert_int_equal(fk_evvocab_rank(v, "xx", NULL, "blogger", 1, dg), 4); /* no star: whole word */
    /* a language without files: defaults */
    assert_int_equal(fk_evvocab_rank(v, "zz", "police", "police", 1, dg), 2);
    assert_int_equal(fk_evvocab_rank(v, "zz", NULL, NULL, 0, dg), 1);
    assert_int_equal(fk_evvocab_who_below(v, "zz", "police", NULL, dg), 1);
    assert_int_equal(fakty_diags_errors(dg), 0);
    fk_evvocab_free(v);
    fakty_diags_free(dg);
    /* errors are placed */
    write_file("rules/xx/events/sources.tsv", "word\tx\t10\nkind\tx\t1\nword\t*\t1\n");
    write_file("rules/xx/events/categories.tsv", "a\tb\nb\ta\n");
    dg = fk_diags_new();
    v = fk_evvocab_new(tmpdir);
    fk_evvocab_preload(v, dg);
    assert_int_equal(fakty_diags_errors(dg), 4);
    int cycle = 0;
    for (size_t i = 0; i < fakty_diags_count(dg); i++) {
        const fakty_diag *x = fakty_diags_get(dg, i);
        if (strstr(x->message, "cycle")) cycle = 1;
        else assert_true(x->line >= 1 && x->line <= 3 && x->column >= 1);
    }
    assert_true(cycle);
    fk_evvocab_free(v);
    fakty_diags_free(dg);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    assert_int_equal(system(cmd), 0);
}

static void test_chain(void **state)
{
    (void)state;
    const char *src = getenv("FAKTY_SRC");
    fakty_diags *dg = fk_diags_new();
    fk_evplaces *p = fk_evplaces_load(src ? src : FAKTY_SOURCE_DIR, dg);
    const char *up[FK_EVCHAIN];
    size_t n = fk_evplaces_chain(p, "geonames:3096053", up, FK_EVCHAIN); /* Kłodzko */
    assert_int_equal(n, 2);
    assert_string_equal(up[0], "iso3166-2:PL-02");
    assert_string_equal(up[1], "iso3166:PL");
    assert_string_equal(fk_evplaces_name(p, "pl", "iso3166-2:PL-02", dg), "województwo dolnośląskie");
    assert_string_equal(fk_evplaces_name(p, "pl", "iso3166:PL", dg), "Polska");
    assert_null(fk_evplaces_name(p, "pl", "geonames:3096053", dg)); /* only parents are named */
    assert_int_equal(fk_evplaces_chain(p, "iso3166:PL", up, FK_EVCHAIN), 0);
    assert_int_equal(fk_evplaces_chain(p, "fakty:no-such-place", up, FK_EVCHAIN), 0);
    assert_int_equal(fk_evplaces_chain(p, "fakty:wawa-wola", up, 1), 1); /* max respected */
    assert_int_equal(fakty_diags_errors(dg), 0);
    fk_evplaces_free(p);
    fakty_diags_free(dg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_vocab),
        cmocka_unit_test(test_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
