/* Streaming JSON writer, byte-compatible with cJSON's printer (see jsonw.h). */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "jsonw.h"
#include "util.h"

void fk_jw_init(fk_jw *w, size_t size_hint, int pretty)
{
    w->cap = size_hint < 256 ? 256 : size_hint;
    w->buf = fk_xmalloc(w->cap);
    w->len = 0;
    w->depth = 0;
    w->pretty = pretty;
    w->more = 0;
}

void fk_jw_grow(fk_jw *w, size_t need)
{
    size_t cap = w->cap ? w->cap : 256;
    while (cap - w->len < need) cap *= 2;
    w->buf = fk_xrealloc(w->buf, cap);
    w->cap = cap;
}

char *fk_jw_finish(fk_jw *w, int newline, size_t *len)
{
    char *p = fk_jw_reserve(w, 1);
    if (newline) *p++ = '\n';
    *p = 0;
    w->len = (size_t)(p - w->buf);
    if (len) *len = w->len;
    char *s = w->buf;
    w->buf = NULL;
    w->len = w->cap = 0;
    return s;
}

void fk_jw_free(fk_jw *w)
{
    free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

/* ---- layout ---------------------------------------------------------------- */

static inline void put_tabs(fk_jw *w, unsigned n)
{
    char *p = fk_jw_reserve(w, n);
    memset(p, '\t', n);
    w->len += n;
}

void fk_jw_obj_open(fk_jw *w)
{
    char *p = fk_jw_reserve(w, 2);
    *p++ = '{';
    if (w->pretty) *p++ = '\n';
    w->len = (size_t)(p - w->buf);
    w->depth++;
    w->more = 0;
}

void fk_jw_obj_close(fk_jw *w)
{
    if (w->pretty) {
        if (w->more) fk_jw_raw(w, "\n", 1);
        put_tabs(w, w->depth - 1);
    }
    fk_jw_raw(w, "}", 1);
    w->depth--;
    w->more = 1;
}

void fk_jw_arr_open(fk_jw *w)
{
    fk_jw_raw(w, "[", 1);
    w->depth++;
    w->more = 0;
}

void fk_jw_arr_close(fk_jw *w)
{
    fk_jw_raw(w, "]", 1);
    w->depth--;
    w->more = 1;
}

static inline void member_sep(fk_jw *w)
{
    if (w->more) {
        if (w->pretty) fk_jw_raw(w, ",\n", 2);
        else fk_jw_raw(w, ",", 1);
    }
    if (w->pretty) put_tabs(w, w->depth);
    w->more = 1;
}

void fk_jw_keyn(fk_jw *w, const char *key, size_t n)
{
    member_sep(w);
    char *p = fk_jw_reserve(w, n + 4);
    *p++ = '"';
    memcpy(p, key, n);
    p += n;
    *p++ = '"';
    *p++ = ':';
    if (w->pretty) *p++ = '\t';
    w->len = (size_t)(p - w->buf);
}

void fk_jw_key_esc(fk_jw *w, const char *key)
{
    member_sep(w);
    if (key) fk_jw_strn(w, key, strlen(key));
    else fk_jw_raw(w, "\"\"", 2);
    char *p = fk_jw_reserve(w, 2);
    *p++ = ':';
    if (w->pretty) *p++ = '\t';
    w->len = (size_t)(p - w->buf);
}

void fk_jw_elem(fk_jw *w)
{
    if (w->more) {
        if (w->pretty) fk_jw_raw(w, ", ", 2);
        else fk_jw_raw(w, ",", 1);
    }
    w->more = 1;
}

/* ---- scalars --------------------------------------------------------------- */

void fk_jw_null(fk_jw *w) { fk_jw_raw(w, "null", 4); }

void fk_jw_bool(fk_jw *w, int b)
{
    if (b) fk_jw_raw(w, "true", 4);
    else fk_jw_raw(w, "false", 5);
}

/* What each byte becomes after a backslash; 0: copied as is; 'u': \u00xx;
 * NUL ends the string (never reaches the table lookup as an escape). */
static const unsigned char esc_tab[256] = {
    ['\0'] = 'u', [1] = 'u', [2] = 'u', [3] = 'u', [4] = 'u', [5] = 'u', [6] = 'u', [7] = 'u',
    ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', [11] = 'u', ['\f'] = 'f', ['\r'] = 'r',
    [14] = 'u', [15] = 'u', [16] = 'u', [17] = 'u', [18] = 'u', [19] = 'u', [20] = 'u',
    [21] = 'u', [22] = 'u', [23] = 'u', [24] = 'u', [25] = 'u', [26] = 'u', [27] = 'u',
    [28] = 'u', [29] = 'u', [30] = 'u', [31] = 'u',
    ['"'] = '"', ['\\'] = '\\',
};

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
/* Nonzero iff some byte of x is < 0x20, '"' or '\\' (exact as a test). */
static inline uint64_t needs_escape8(uint64_t x)
{
    uint64_t lt = (x - ONES * 0x20) & ~x & HIGHS;
    uint64_t q = x ^ (ONES * '"');
    uint64_t b = x ^ (ONES * '\\');
    return lt | ((q - ONES) & ~q & HIGHS) | ((b - ONES) & ~b & HIGHS);
}

/* Escapes s[0..n) (stopping at a NUL) into the buffer; returns 0 if it
 * met the NUL. The caller reserved 6 * n bytes. */
static int escape_block(fk_jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char *p = w->buf + w->len;
    int more = 1;
    size_t i = 0;
    while (i < n) {
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (needs_escape8(x)) break;
            memcpy(p, &x, 8);
            p += 8;
            i += 8;
        }
        /* the word holding a special byte, or the tail: byte by byte up
         * to the next word boundary of the input */
        size_t stop = i + 8 < n ? i + 8 : n;
        for (; i < stop; i++) {
            unsigned char c = (unsigned char)s[i];
            unsigned char e = esc_tab[c];
            if (!e) {
                *p++ = (char)c;
                continue;
            }
            if (!c) { /* a C string ends here */
                more = 0;
                goto done;
            }
            *p++ = '\\';
            if (e == 'u') {
                p[0] = 'u'; p[1] = '0'; p[2] = '0';
                p[3] = hex[c >> 4]; p[4] = hex[c & 15];
                p += 5;
            } else {
                *p++ = (char)e;
            }
        }
    }
done:
    w->len = (size_t)(p - w->buf);
    return more;
}

#define ESC_BLOCK 65536 /* input bytes escaped per reservation (bounds the slack) */

void fk_jw_strn(fk_jw *w, const char *s, size_t n)
{
    fk_jw_raw(w, "\"", 1);
    for (size_t i = 0; i < n; i += ESC_BLOCK) {
        size_t k = n - i < ESC_BLOCK ? n - i : ESC_BLOCK;
        fk_jw_reserve(w, 6 * k + 1);
        if (!escape_block(w, s + i, k)) break;
    }
    fk_jw_raw(w, "\"", 1);
}

void fk_jw_str(fk_jw *w, const char *s)
{
    if (s) fk_jw_strn(w, s, strlen(s));
    else fk_jw_null(w);
}

/* Decimal digits of v (< 2^64) at p; returns the length. */
static size_t put_u64(char *p, uint64_t v)
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++) p[i] = tmp[n - 1 - i];
    return n;
}

#define INT_EXACT 1e15 /* below this "%1.15g" of an integral value is its digits */

void fk_jw_uint(fk_jw *w, uint64_t v)
{
    if (v < (uint64_t)INT_EXACT) {
        char *p = fk_jw_reserve(w, 20);
        w->len += put_u64(p, v);
    } else {
        fk_jw_num(w, (double)v);
    }
}

static int close_enough(double a, double b)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= m * DBL_EPSILON;
}

size_t fk_jw_format_num(char *buf, double d)
{
    if (isnan(d) || isinf(d)) {
        memcpy(buf, "null", 5);
        return 4;
    }
    if (fabs(d) < INT_EXACT && d == (double)(int64_t)d) {
        size_t n = 0;
        if (d < 0 || (d == 0 && signbit(d))) buf[n++] = '-';
        n += put_u64(buf + n, (uint64_t)fabs(d));
        buf[n] = 0;
        return n;
    }
    int n = snprintf(buf, 27, "%1.15g", d);
    char *end = NULL;
    double back = strtod(buf, &end);
    if (end == buf || !close_enough(back, d)) n = snprintf(buf, 27, "%1.17g", d);
    if (n < 0) n = 0;
    if (n > 26) n = 26;
    unsigned char dp = (unsigned char)localeconv()->decimal_point[0];
    if (dp != '.')
        for (int i = 0; i < n; i++)
            if ((unsigned char)buf[i] == dp) buf[i] = '.';
    buf[n] = 0;
    return (size_t)n;
}

void fk_jw_num(fk_jw *w, double v)
{
    char *p = fk_jw_reserve(w, 27);
    w->len += fk_jw_format_num(p, v);
}

/* ---- any cJSON value -------------------------------------------------------- */

void fk_jw_cjson(fk_jw *w, const cJSON *item)
{
    if (!item) {
        fk_jw_null(w);
        return;
    }
    switch (item->type & 0xFF) {
    case cJSON_False: fk_jw_bool(w, 0); break;
    case cJSON_True: fk_jw_bool(w, 1); break;
    case cJSON_Number: fk_jw_num(w, item->valuedouble); break;
    case cJSON_Raw:
        if (item->valuestring) fk_jw_raw(w, item->valuestring, strlen(item->valuestring));
        break;
    case cJSON_String:
        if (item->valuestring) fk_jw_strn(w, item->valuestring, strlen(item->valuestring));
        else fk_jw_raw(w, "\"\"", 2);
        break;
    case cJSON_Array:
        fk_jw_arr_open(w);
        for (const cJSON *c = item->child; c; c = c->next) {
            fk_jw_elem(w);
            fk_jw_cjson(w, c);
        }
        fk_jw_arr_close(w);
        break;
    case cJSON_Object:
        fk_jw_obj_open(w);
        for (const cJSON *c = item->child; c; c = c->next) {
            fk_jw_key_esc(w, c->string);
            fk_jw_cjson(w, c);
        }
        fk_jw_obj_close(w);
        break;
    default: fk_jw_null(w); break;
    }
}
