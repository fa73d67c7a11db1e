/* Library I/O edge cases: invalid UTF-8, NUL bytes, empty input, the JSON
 * object's shape and code-point offsets, data-file diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "engine.h"

static fakty_engine *eng;

static int setup(void **state)
{
    (void)state;
    eng = fakty_engine_new(NULL, NULL);
    return eng ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fakty_engine_free(eng);
    return 0;
}

static cJSON *extract_json(const char *text, size_t len, const char *date)
{
    fakty_doc_info info = {"t1", NULL, date};
    fakty_result *r = fakty_extract(eng, text, len, &info);
    assert_non_null(r);
    char *s = fakty_result_json(r, 0, "{\"source\":\"unit\"}");
    fakty_result_free(r);
    cJSON *j = cJSON_Parse(s);
    free(s);
    assert_non_null(j);
    return j;
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    const char text[] = "Zatrzymano 5\xC3\x28 os\xC3\xB3" "b \xFF koniec.";
    cJSON *j = extract_json(text, sizeof text - 1, NULL);
    cJSON *w = cJSON_GetObjectItem(j, "warnings");
    assert_int_equal(cJSON_GetArraySize(w), 1);
    const char *msg = cJSON_GetArrayItem(w, 0)->valuestring;
    assert_non_null(strstr(msg, "invalid UTF-8: 2 bytes"));
    assert_non_null(strstr(msg, "line 1, column 13"));
    /* one U+FFFD per bad byte keeps code-point length = valid chars + bad bytes */
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "doc"), "length")->valueint, 29);
    cJSON_Delete(j);
}

static void test_nul_and_empty(void **state)
{
    (void)state;
    const char text[] = "Ala\0ma kota.";
    cJSON *j = extract_json(text, sizeof text - 1, NULL);
    cJSON *w = cJSON_GetObjectItem(j, "warnings");
    assert_int_equal(cJSON_GetArraySize(w), 1);
    assert_non_null(strstr(cJSON_GetArrayItem(w, 0)->valuestring, "NUL byte"));
    cJSON_Delete(j);

    j = extract_json("", 0, NULL);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "facts")), 0);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "warnings")), 0);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "doc"), "sentences")->valueint, 0);
    cJSON_Delete(j);
}

static void test_shape(void **state)
{
    (void)state;
    cJSON *j = extract_json("Krótki tekst.", 15, "2024-02-29");
    assert_string_equal(cJSON_GetObjectItem(j, "schema")->valuestring, "fakty/1");
    cJSON *doc = cJSON_GetObjectItem(j, "doc");
    assert_string_equal(cJSON_GetObjectItem(doc, "id")->valuestring, "t1");
    assert_string_equal(cJSON_GetObjectItem(doc, "lang")->valuestring, "pl");
    assert_string_equal(cJSON_GetObjectItem(doc, "date")->valuestring, "2024-02-29");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "meta"), "source")->valuestring, "unit");
    static const char *const arrays[] = {"entities", "quantities", "dates", "facts", "warnings"};
    for (size_t i = 0; i < 5; i++) assert_true(cJSON_IsArray(cJSON_GetObjectItem(j, arrays[i])));
    cJSON_Delete(j);

    /* an impossible date is a warning and null, never a crash */
    j = extract_json("Tekst.", 6, "2023-02-29");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "doc"), "date")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "warnings")), 1);
    cJSON_Delete(j);
}

static void test_data_file_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/fakty-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = fk_xasprintf("%s/abbreviations.tsv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# ok\nok\tinner\nźle\tsometimes\nbez-kolumny\nkropka.\tend\nzły\xFFznak\tend\n", f);
    fclose(f);
    const char *dirs[] = {dir};
    fakty_options o = {0};
    o.rule_dirs = dirs;
    o.n_rule_dirs = 1;
    fakty_diags *dg = fakty_check(&o);
    assert_int_equal(fakty_diags_errors(dg), 4);
    const fakty_diag *x = fakty_diags_get(dg, 0);
    assert_string_equal(x->file, path);
    assert_int_equal(x->line, 3);
    assert_int_equal(x->column, 5); /* "źle<TAB>" -> column of "sometimes" */
    x = fakty_diags_get(dg, 1);
    assert_int_equal(x->line, 4);
    x = fakty_diags_get(dg, 3);
    assert_int_equal(x->line, 6);
    assert_int_equal(x->column, 4);
    fakty_diags_free(dg);
    /* the engine refuses to load broken data */
    fakty_engine *e2 = fakty_engine_new(&o, &dg);
    assert_null(e2);
    assert_true(fakty_diags_errors(dg) > 0);
    fakty_diags_free(dg);
    unlink(path);
    rmdir(dir);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_nul_and_empty),
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_data_file_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
