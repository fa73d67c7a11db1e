/* The streaming JSON writer (src/jsonw.c) against cJSON itself: every
 * string, number and tree it writes must be byte-identical to what the
 * installed cJSON prints for the same value, and must parse back (with
 * cJSON) to the same value. Then whole documents: fakty_result_json output,
 * parsed by cJSON and printed again (compact and indented), must give the
 * same bytes.
 *
 * Usage: test_jsonw [CASE]   (CASE: strings, numbers, trees, documents;
 * default all). Exit 0 pass, 1 fail. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fakty.h"
#include "jsonw.h"

static int failures;
#define FAIL(...) do { failures++; if (failures <= 20) { fprintf(stderr, "FAIL: " __VA_ARGS__); fputc('\n', stderr); } } while (0)

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void show(const char *what, const char *s, size_t n)
{
    fprintf(stderr, "  %s: ", what);
    for (size_t i = 0; i < n && i < 200; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 32 || c >= 127) fprintf(stderr, "\\x%02x", c);
        else fputc(c, stderr);
    }
    fputc('\n', stderr);
}

/* ---- strings ----------------------------------------------------------- */

/* s is a C string: the writer (given its length, and also given more bytes
 * after a NUL) must print what cJSON prints, and that must parse back. */
static void check_string(const char *s, size_t n_with_tail)
{
    cJSON *item = cJSON_CreateString(s);
    char *want = cJSON_PrintUnformatted(item);
    cJSON_Delete(item);

    fk_jw w;
    fk_jw_init(&w, 0, 0);
    fk_jw_strn(&w, s, n_with_tail);
    size_t len;
    char *got = fk_jw_finish(&w, 0, &len);
    if (strcmp(want, got) != 0 || len != strlen(want)) {
        FAIL("string differs from cJSON (input length %zu)", strlen(s));
        show("input", s, strlen(s));
        show("cJSON", want, strlen(want));
        show("jsonw", got, len);
    } else {
        cJSON *back = cJSON_Parse(got);
        if (!cJSON_IsString(back) || strcmp(back->valuestring, s) != 0) {
            FAIL("string does not parse back to itself");
            show("input", s, strlen(s));
        }
        cJSON_Delete(back);
    }
    free(want);
    free(got);
}

static void test_strings(void)
{
    char buf[300];
    /* every single byte, at every position within an 8-byte word */
    for (int c = 1; c < 256; c++) {
        for (int pos = 0; pos < 11; pos++) {
            memset(buf, 'a', 12);
            buf[pos] = (char)c;
            buf[12] = 0;
            check_string(buf, 12);
        }
    }
    /* every escape class (and the bytes next to them) at every position
     * of every length up to 3 words: the writer tests strings under 8
     * bytes as two overlapping halves and the last partial word as an
     * overlapping word */
    static const unsigned char classes[] = {0x00, 0x01, '\b', '\t', '\n', 0x0b, '\f', '\r', 0x1f, 0x20, '!', '"',
                                            '#', '[', '\\', ']', 0x7f, 0x80, 0xa2, 0xdc, 0xff};
    for (size_t n = 1; n <= 24; n++) {
        for (size_t pos = 0; pos < n; pos++) {
            for (size_t k = 0; k < sizeof classes; k++) {
                memset(buf, 'x', n);
                buf[pos] = (char)classes[k];
                buf[n] = 0;
                check_string(buf, n);
                /* and a second special byte at the end */
                if (pos + 1 < n) {
                    buf[n - 1] = '"';
                    check_string(buf, n);
                }
            }
        }
    }
    static const char *fixed[] = {
        "", "\"", "\\", "\"\\\"", "a\"b\\c", "\b\f\n\r\t", "\x01\x02\x1f\x7f",
        "line\nbreak", "tab\there", "\xe2\x80\xa8 and \xe2\x80\xa9 (U+2028/9)",
        "\xef\xbf\xbd repaired", "\xc3\x28 invalid \xff\xfe bytes", "Zażółć gęślą jaźń",
        "\xf0\x9f\x98\x80 emoji", "0123456789abcdef\"0123456789abcdef\\", "\\\\\\\\\\\\\\\\\\",
        "\x1b[31mansi\x1b[0m", "</script><!--",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) check_string(fixed[i], strlen(fixed[i]));
    /* a NUL ends the string even when the length says more */
    memcpy(buf, "ab\0cd\"e", 8);
    check_string(buf, 7);
    memcpy(buf, "abcdefghij\0klmnop", 18);
    check_string(buf, 17);
    /* random strings, biased toward special bytes, all lengths 0..257 */
    static const unsigned char special[] = {'"', '\\', '\n', '\t', 0x01, 0x1f, 0x20, 0x7f, 0x80, 0xff, 0xe2, 0x80, 0xa8};
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)round % 258;
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rnd();
            buf[i] = (r & 7) == 0 ? (char)special[(r >> 8) % sizeof special] : (char)(1 + (r >> 16) % 255);
        }
        buf[n] = 0;
        check_string(buf, n);
    }
    /* long strings cross the writer's 64 KiB escaping blocks */
    size_t big = 200000;
    char *long_s = malloc(big + 16);
    for (size_t i = 0; i < big; i++) long_s[i] = (char)("abc\"\\\n\x01\xc5\xbc"[i % 9]);
    long_s[big] = 0;
    check_string(long_s, big);
    memset(long_s, 'x', big);
    long_s[65535] = '"';
    long_s[65536] = '\\';
    long_s[131072] = '\x02';
    check_string(long_s, big);
    long_s[65536 + 70000] = 0; /* a NUL in the second block ends it */
    check_string(long_s, big);
    free(long_s);
    /* a NULL C string is null for fk_jw_str */
    fk_jw w;
    fk_jw_init(&w, 0, 0);
    fk_jw_str(&w, NULL);
    char *s = fk_jw_finish(&w, 0, NULL);
    if (strcmp(s, "null") != 0) FAIL("fk_jw_str(NULL) printed %s", s);
    free(s);
}

/* ---- numbers ----------------------------------------------------------- */

static void check_number(double v)
{
    cJSON *item = cJSON_CreateNumber(v);
    char *want = cJSON_PrintUnformatted(item);
    cJSON_Delete(item);
    char got[32];
    size_t n = fk_jw_format_num(got, v);
    if (strcmp(want, got) != 0 || n != strlen(want)) {
        FAIL("number %.17g: cJSON \"%s\", jsonw \"%s\"", v, want, got);
    } else if (isfinite(v)) {
        cJSON *back = cJSON_Parse(got);
        double b = cJSON_IsNumber(back) ? back->valuedouble : NAN;
        double m = fmax(fabs(b), fabs(v));
        if (!(fabs(b - v) <= m * DBL_EPSILON)) FAIL("number %.17g printed %s reads back as %.17g", v, got, b);
        cJSON_Delete(back);
    }
    free(want);
    /* the printf-free path (also used by the HTML writer) is "%1.15g" and
     * reads back exactly */
    char fast[32], pf[32];
    if (fk_jw_format_short(fast, v)) {
        snprintf(pf, sizeof pf, "%1.15g", v);
        if (strcmp(fast, pf) != 0 || strtod(fast, NULL) != v)
            FAIL("number %.17g: short \"%s\", %%1.15g \"%s\"", v, fast, pf);
    }
    /* fk_jw_num has its own path for counts */
    {
        fk_jw w;
        fk_jw_init(&w, 0, 0);
        fk_jw_num(&w, v);
        char *s = fk_jw_finish(&w, 0, NULL);
        char ref[32];
        fk_jw_format_num(ref, v);
        if (strcmp(s, ref) != 0) FAIL("number %.17g: fk_jw_num \"%s\", fk_jw_format_num \"%s\"", v, s, ref);
        free(s);
    }
    /* integers take another path in fk_jw_uint */
    if (v >= 0 && v < 1.8e19 && v == floor(v)) {
        fk_jw w;
        fk_jw_init(&w, 0, 0);
        fk_jw_uint(&w, (uint64_t)v);
        char *s = fk_jw_finish(&w, 0, NULL);
        char ref[32];
        fk_jw_format_num(ref, (double)(uint64_t)v);
        if (strcmp(s, ref) != 0) FAIL("uint %.17g: fk_jw_uint \"%s\", number \"%s\"", v, s, ref);
        free(s);
    }
}

static void test_numbers(void)
{
    static const double fixed[] = {
        0.0, -0.0, 1, -1, 0.5, -0.5, 0.1, 0.2, 0.3, 0.30000000000000004, 1.0 / 3, 2.0 / 3, 1.5, 100, 1e6, 1.5e6,
        2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0, 4294967295.0, 4294967296.0,
        999999999999999.0, 1e15, 1e15 + 1, 1e16, 9007199254740991.0, 9007199254740993.0,
        123456789012345678.0, 1e21, 1e22, 1e100, 1e300, 1.7976931348623157e308, -1.7976931348623157e308,
        1e-5, 1e-7, 1.2345e-10, 5e-324, 2.2250738585072014e-308, 4.9406564584124654e-324,
        0.1 + 0.2, 100.0 / 3, 12.5, 0.05, 0.95, 0.8, 0.6, 3.14159, 2.718281828459045,
        INFINITY, -INFINITY, NAN, 1234567.891, 0.001, 37.5, 99.99,
        /* around the limits of the short-decimal path */
        1e-4, 9.9999e-5, 0.00011, 1.0001e-4, 99999999999999.9, 99999999999999.99, 1e14 - 0.5, 1e14 + 0.5,
        0.123456789, 0.1234567891, 1.000000001, 12345678.123456789, 99999.999999999, 0.000123456789,
        -0.85, -0.0001, -12.25, 0.30000000000000004, 1.0000000000000002, 2.675, 1.005, 8.325,
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) check_number(fixed[i]);
    /* m / 10^k for every k the short-decimal path tries, and just beyond */
    for (int i = 0; i < 200000; i++) {
        uint64_t r = rnd();
        int k = (int)(r % 12);
        uint64_t digits = 1 + (r >> 8) % 16;
        uint64_t m = (r >> 16) % (uint64_t)pow(10, (double)digits);
        double v = (double)m / pow(10, k);
        check_number((r & 128) ? -v : v);
        check_number(nextafter(v, 1e300));
    }
    for (int i = 0; i < 200000; i++) {
        uint64_t r = rnd();
        double v;
        switch (i % 6) {
        case 0: memcpy(&v, &r, 8); break;                                   /* any bit pattern */
        case 1: v = (double)(int64_t)(r % 2000000001) - 1e9; break;        /* integers */
        case 2: v = (double)(int64_t)(r >> 1) * ((r & 1) ? 1 : -1); break; /* big integers */
        case 3: v = (double)(r % 100000) / pow(10, (double)((r >> 40) % 8)); break; /* decimals */
        case 4: v = ldexp((double)(r >> 11), (int)((r & 0x7ff) % 200) - 100); break;
        default: v = (double)(r % 10000000) * 1e3 + (double)((r >> 32) % 1000) / 1000; break;
        }
        check_number(v);
    }
}

/* ---- trees ------------------------------------------------------------- */

static cJSON *random_value(int depth);

static void random_text(char *buf, size_t max)
{
    static const char *parts[] = {"a", "Ż", "\"", "\\", "\n", "\t", "\x01", "\xe2\x80\xa8", " ", "key", "\x7f", "é"};
    size_t n = rnd() % 6, len = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = parts[rnd() % (sizeof parts / sizeof *parts)];
        size_t l = strlen(p);
        if (len + l >= max) break;
        memcpy(buf + len, p, l + 1);
        len += l;
    }
}

static cJSON *random_value(int depth)
{
    char buf[64];
    unsigned k = (unsigned)(rnd() % (depth > 4 ? 5 : 7));
    switch (k) {
    case 0: return cJSON_CreateNull();
    case 1: return cJSON_CreateBool(rnd() & 1);
    case 2: {
        uint64_t r = rnd();
        double v;
        if (r & 1) memcpy(&v, &r, 8);
        else v = (double)(int64_t)(r % 100000) / 8 - 5000;
        if (isnan(v)) v = 0;
        return cJSON_CreateNumber(v);
    }
    case 3:
    case 4:
        random_text(buf, sizeof buf);
        return cJSON_CreateString(buf);
    case 5: {
        cJSON *a = cJSON_CreateArray();
        size_t n = rnd() % 5;
        for (size_t i = 0; i < n; i++) cJSON_AddItemToArray(a, random_value(depth + 1));
        return a;
    }
    default: {
        cJSON *o = cJSON_CreateObject();
        size_t n = rnd() % 5;
        for (size_t i = 0; i < n; i++) {
            random_text(buf, sizeof buf);
            cJSON_AddItemToObject(o, buf, random_value(depth + 1));
        }
        return o;
    }
    }
}

static void check_tree(const cJSON *t, int nest)
{
    for (int pretty = 0; pretty < 2; pretty++) {
        char *want;
        if (!nest) {
            want = pretty ? cJSON_Print(t) : cJSON_PrintUnformatted(t);
        } else {
            /* the same value as a member two levels down, as doc.meta is */
            cJSON *root = cJSON_CreateObject(), *doc = cJSON_AddObjectToObject(root, "doc");
            cJSON_AddNumberToObject(doc, "n", 1);
            cJSON_AddItemReferenceToObject(doc, "meta", (cJSON *)t);
            cJSON_AddArrayToObject(root, "after");
            want = pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
            cJSON_Delete(root);
        }
        fk_jw w;
        fk_jw_init(&w, 0, pretty);
        if (!nest) {
            fk_jw_cjson(&w, t);
        } else {
            fk_jw_obj_open(&w);
            fk_jw_key(&w, "doc");
            fk_jw_obj_open(&w);
            fk_jw_key(&w, "n");
            fk_jw_uint(&w, 1);
            fk_jw_key(&w, "meta");
            fk_jw_cjson(&w, t);
            fk_jw_obj_close(&w);
            fk_jw_key(&w, "after");
            fk_jw_arr_open(&w);
            fk_jw_arr_close(&w);
            fk_jw_obj_close(&w);
        }
        size_t len;
        char *got = fk_jw_finish(&w, 0, &len);
        if (strcmp(want, got) != 0 || len != strlen(want)) {
            FAIL("tree differs from cJSON (pretty=%d nested=%d)", pretty, nest);
            show("cJSON", want, strlen(want));
            show("jsonw", got, len);
        }
        free(want);
        free(got);
    }
}

static void test_trees(void)
{
    static const char *fixed[] = {
        "{}", "[]", "{\"a\":{}}", "{\"a\":[]}", "[{}]", "[[],[[]],{}]", "{\"a\":[{},{\"b\":[1,2,{}]}]}",
        "{\"source\":\"pap\",\"tags\":[\"a\",\"b\"],\"n\":-0,\"x\":1e308,\"y\":-1.5,\"z\":123456789012345678,"
        "\"w\":1e-320,\"u\":\"\\u2028\\u0001\\\"\\\\\",\"t\":true,\"f\":false,\"nul\":null}",
        "\"just a string\"", "42", "null",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        cJSON *t = cJSON_Parse(fixed[i]);
        if (!t) {
            FAIL("cannot parse fixture %s", fixed[i]);
            continue;
        }
        check_tree(t, 0);
        check_tree(t, 1);
        cJSON_Delete(t);
    }
    for (int i = 0; i < 3000; i++) {
        cJSON *t = random_value(0);
        check_tree(t, i & 1);
        cJSON_Delete(t);
    }
}

/* ---- whole documents through the public API -------------------------------- */

static void check_document(const fakty_engine *e, const char *text, const char *meta)
{
    fakty_doc_info info = {.id = "t\"1\\\n", .path = NULL, .date = "2024-09-15"};
    fakty_result *r = fakty_extract(e, text, strlen(text), &info);
    if (!r) {
        FAIL("fakty_extract failed");
        return;
    }
    for (unsigned explain = 0; explain < 2; explain++) {
        unsigned fl = explain ? FAKTY_JSON_EXPLAIN : 0;
        char *compact = fakty_result_json(r, fl, meta);
        char *pretty = fakty_result_json(r, fl | FAKTY_JSON_PRETTY, meta);
        cJSON *t = cJSON_Parse(compact);
        if (!t) {
            FAIL("document JSON does not parse (cJSON)");
            show("json", compact, strlen(compact));
        } else {
            char *c2 = cJSON_PrintUnformatted(t), *p2 = cJSON_Print(t);
            if (strcmp(c2, compact) != 0) {
                FAIL("document: cJSON re-print differs from the writer (compact)");
                show("writer", compact, strlen(compact));
                show("cJSON ", c2, strlen(c2));
            }
            if (strcmp(p2, pretty) != 0) {
                FAIL("document: cJSON re-print differs from the writer (pretty)");
                show("writer", pretty, strlen(pretty));
                show("cJSON ", p2, strlen(p2));
            }
            cJSON *doc = cJSON_GetObjectItemCaseSensitive(t, "doc");
            cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "id");
            if (!cJSON_IsString(id) || strcmp(id->valuestring, info.id) != 0) FAIL("doc.id did not round-trip");
            if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(doc, "path"))) FAIL("doc.path should be null");
            cJSON *m = cJSON_GetObjectItemCaseSensitive(doc, "meta");
            if (meta) {
                cJSON *mt = cJSON_Parse(meta);
                if (!m || !cJSON_Compare(m, mt, 1)) FAIL("doc.meta did not round-trip: %s", meta);
                cJSON_Delete(mt);
            } else if (m) {
                FAIL("doc.meta present without meta");
            }
            free(c2);
            free(p2);
        }
        cJSON_Delete(t);
        free(compact);
        free(pretty);
    }
    fakty_result_free(r);
}

static void test_documents(void)
{
    fakty_diags *dg = NULL;
    fakty_engine *e = fakty_engine_new(NULL, &dg);
    if (!e) {
        FAIL("cannot load the engine (FAKTY_DATA?)");
        fakty_diags_free(dg);
        return;
    }
    fakty_diags_free(dg);
    static const char *texts[] = {
        "",
        "Krótka notka bez liczb.",
        "Zginęło 12 osób, a 30 zostało rannych – podała agencja PAP.",
        "W Warszawie \"zatrzymano\" 3 osoby \\ policja\x01\x02 podała:\ttak\r\n\f\b koniec.",
        "Rzecznik\xe2\x80\xa8policji w Gdańsku\xe2\x80\xa9poinformował, że rannych zostało 1,5 tys. osób.",
        "Niepoprawne \xff\xfe bajty \xc3\x28 w Krakowie; zginęło 7 osób.",
        "Straty wyniosły 123456789012345678901234567890 zł, a ok. 0,5 proc. mieszkańców (ok. 2,75 mln) ewakuowano 15 września 2024 r.",
        "Temperatura spadła do -12,5 stopnia; w Łodzi rannych zostało ponad 1000000000000000 osób.",
    };
    static const char *metas[] = {
        NULL, "{}", "{\"source\":\"pap\"}",
        "{\"a\":[],\"b\":{},\"c\":[{}, {\"d\":[1,-0,1e308,-1.5,0.1,123456789012345678]}],\"e\":\"\\u2028\\t\\\"\\\\\",\"f\":null,\"g\":true}",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        for (size_t j = 0; j < sizeof metas / sizeof *metas; j++) check_document(e, texts[i], metas[j]);
    fakty_engine_free(e);
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    if (!only || !strcmp(only, "strings")) test_strings();
    if (!only || !strcmp(only, "numbers")) test_numbers();
    if (!only || !strcmp(only, "trees")) test_trees();
    if (!only || !strcmp(only, "documents")) test_documents();
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
