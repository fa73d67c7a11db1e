/* Bad number and date data: every problem is reported with file, line and
 * column, and loading fails cleanly (no crash, nothing silently ignored). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"

static char dir[256];

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char *slash = strrchr(path, '/');
    *slash = 0;
    mkdir(path, 0700);
    *slash = '/';
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Is there a diagnostic for file `rel` at line:column whose message
 * contains `needle`? */
static int has(const fakty_diags *dg, const char *rel, unsigned line, unsigned col, const char *needle)
{
    for (size_t i = 0; i < fakty_diags_count(dg); i++) {
        const fakty_diag *x = fakty_diags_get(dg, i);
        size_t fl = x->file ? strlen(x->file) : 0, rl = strlen(rel);
        if (fl >= rl && !strcmp(x->file + fl - rl, rel) && x->line == line && x->column == col &&
            strstr(x->message, needle))
            return 1;
    }
    for (size_t i = 0; i < fakty_diags_count(dg); i++) {
        const fakty_diag *x = fakty_diags_get(dg, i);
        fprintf(stderr, "  %s:%u:%u: %s\n", x->file ? x->file : "?", x->line, x->column, x->message);
    }
    fprintf(stderr, "want %s:%u:%u: …%s…\n", rel, line, col, needle);
    return 0;
}

static void test_bad_data(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/fakty-numtest-%ld", (long)getpid());
    mkdir(dir, 0700);
    write_file("numbers/words.tsv", "# comment\n"
                                    "dwa\t2\tunit\n"
                                    "trzy\tx3\tunit\n"            /* 3:6 not a number */
                                    "sto\t100\thundred\n"         /* 4:9 unknown kind */
                                    "tysiąc\t1000\n"              /* 5:12 missing column (end of line) */
                                    "dwa\t2\tunit\n");            /* 6:1 duplicate (warning) */
    write_file("numbers/vague.tsv", "kilka\t9\t2\n");             /* 1:9 max below min */
    write_file("numbers/qualifiers.tsv", "około\tmaybe\n"          /* 1:7 unknown qualifier */
                                         "ponad\tmore_than\tinside\n"); /* 2:17 position */
    write_file("numbers/units.tsv", "zł\tPLN\tcash\n");           /* 1:8 unknown class */
    write_file("numbers/ranges.tsv", "od {n} do\n"                /* 1:8 must end with slot */
                                     "{n} {n}\n");                /* 2:5 two slots */
    write_file("dates/months.tsv", "styczeń\t13\n");              /* 1:9 month out of range */
    write_file("dates/markers.tsv", "w\tinside\n");               /* 1:3 unknown role */
    write_file("dates/relative.tsv", "wczoraj\tday*1\n"           /* 1:9 bad spec */
                                     "co roku\tset:1Y\n");        /* 2:13 bad period */
    const char *dirs[] = {dir};
    fakty_options opt = {0};
    opt.rule_dirs = dirs;
    opt.n_rule_dirs = 1;
    fakty_diags *dg = NULL;
    fakty_engine *e = fakty_engine_new(&opt, &dg);
    assert_null(e);
    assert_true(has(dg, "numbers/words.tsv", 3, 6, "not a number"));
    assert_true(has(dg, "numbers/words.tsv", 4, 9, "unknown kind"));
    assert_true(has(dg, "numbers/words.tsv", 5, 12, "expected"));
    assert_true(has(dg, "numbers/words.tsv", 6, 1, "duplicate"));
    assert_true(has(dg, "numbers/vague.tsv", 1, 9, "below min"));
    assert_true(has(dg, "numbers/qualifiers.tsv", 1, 7, "unknown qualifier"));
    assert_true(has(dg, "numbers/qualifiers.tsv", 2, 17, "before or after"));
    assert_true(has(dg, "numbers/units.tsv", 1, 8, "unknown class"));
    assert_true(has(dg, "numbers/ranges.tsv", 1, 8, "must end with the slot"));
    assert_true(has(dg, "numbers/ranges.tsv", 2, 5, "literal between"));
    assert_true(has(dg, "dates/months.tsv", 1, 9, "1–12"));
    assert_true(has(dg, "dates/markers.tsv", 1, 3, "unknown role"));
    assert_true(has(dg, "dates/relative.tsv", 1, 9, "expected day"));
    assert_true(has(dg, "dates/relative.tsv", 2, 13, "ISO 8601 period"));
    fakty_diags_free(dg);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_bad_data)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
