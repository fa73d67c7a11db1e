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

void fk_jw_open_pretty(fk_jw *w, char c)
{
    char *p = fk_jw_reserve(w, 2);
    p[0] = c;
    p[1] = '\n';
    w->len += 2;
    w->depth++;
    w->more = 0;
}

void fk_jw_obj_close_pretty(fk_jw *w)
{
    if (w->more) fk_jw_raw(w, "\n", 1);
    put_tabs(w, w->depth - 1);
    fk_jw_raw(w, "}", 1);
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

void fk_jw_keyq_pretty(fk_jw *w, const char *q, size_t n)
{
    member_sep(w);
    char *p = fk_jw_reserve(w, n + 1);
    memcpy(p, q, n);
    p[n] = '\t';
    w->len += n + 1;
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

/* ---- scalars --------------------------------------------------------------- */

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
/* Nonzero iff some byte of x is < 0x20, '"' or '\\' (exact as a test).
 * Three has-less/has-zero tests; they share the "& ~x & HIGHS" because
 * '"' and '\\' have bit 7 clear. */
static inline uint64_t needs_escape8(uint64_t x)
{
    uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');
    return ((x - ONES * 0x20) | (q - ONES) | (b - ONES)) & ~x & HIGHS;
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

static inline uint64_t load8(const char *s) { uint64_t x; memcpy(&x, s, 8); return x; }
static inline uint32_t load4(const char *s) { uint32_t x; memcpy(&x, s, 4); return x; }
static inline uint16_t load2(const char *s) { uint16_t x; memcpy(&x, s, 2); return x; }

/* Strings longer than ESC_BLOCK are escaped a block at a time; others
 * get room and start over. (Out of line, as is strn_escape: fk_jw_strn
 * itself only tests and copies.) */
static void __attribute__((noinline)) strn_slow(fk_jw *w, const char *s, size_t n)
{
    if (n <= ESC_BLOCK) {
        fk_jw_grow(w, 6 * n + 3);
        fk_jw_strn(w, s, n);
        return;
    }
    fk_jw_raw(w, "\"", 1);
    for (size_t i = 0; i < n; i += ESC_BLOCK) {
        size_t k = n - i < ESC_BLOCK ? n - i : ESC_BLOCK;
        fk_jw_reserve(w, 6 * k + 1);
        if (!escape_block(w, s + i, k)) break;
    }
    fk_jw_raw(w, "\"", 1);
}

/* The rest of a string from s (n bytes left) whose first word needs
 * escaping; out is where it goes (6 * n + 1 bytes reserved). */
static void __attribute__((noinline)) strn_escape(fk_jw *w, char *out, const char *s, size_t n)
{
    w->len = (size_t)(out - w->buf);
    escape_block(w, s, n);
    w->buf[w->len++] = '"';
}

/* Most strings need no escaping, so they are tested and copied whole: by
 * words, the last (partial) word as an overlapping one, strings under 8
 * bytes as two overlapping halves. The first word that needs escaping
 * hands the rest to escape_block. */
void fk_jw_strn(fk_jw *w, const char *s, size_t n)
{
    if (n > ESC_BLOCK || w->cap - w->len < 6 * n + 3) {
        strn_slow(w, s, n);
        return;
    }
    char *p = w->buf + w->len;
    *p++ = '"';
    if (n >= 8) {
        size_t i = 0; /* s[0..i) is copied to p[0..i) */
        for (; i + 8 <= n; i += 8) {
            uint64_t x = load8(s + i);
            if (needs_escape8(x)) {
                strn_escape(w, p + i, s + i, n - i);
                return;
            }
            memcpy(p + i, &x, 8);
        }
        if (i < n) {
            uint64_t x = load8(s + n - 8);
            if (needs_escape8(x)) {
                strn_escape(w, p + i, s + i, n - i);
                return;
            }
            memcpy(p + n - 8, &x, 8);
        }
    } else if (n >= 4) {
        uint32_t a = load4(s), b = load4(s + n - 4);
        if (needs_escape8(a | (uint64_t)b << 32)) {
            strn_escape(w, p, s, n);
            return;
        }
        memcpy(p, &a, 4);
        memcpy(p + n - 4, &b, 4);
    } else if (n >= 2) {
        uint16_t a = load2(s), b = load2(s + n - 2);
        if (needs_escape8(a | (uint64_t)b << 16 | ONES * 'A' << 32)) {
            strn_escape(w, p, s, n);
            return;
        }
        memcpy(p, &a, 2);
        memcpy(p + n - 2, &b, 2);
    } else if (n == 1) {
        if (esc_tab[(unsigned char)s[0]]) {
            strn_escape(w, p, s, n);
            return;
        }
        p[0] = s[0];
    }
    p[n] = '"';
    w->len = (size_t)(p + n + 1 - w->buf);
}

#define INT_EXACT 1e15 /* below this "%1.15g" of an integral value is its digits */

const char fk_jw_digits2[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

void fk_jw_uint_big(fk_jw *w, uint64_t v) { fk_jw_num(w, (double)v); }

static int close_enough(double a, double b)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= m * DBL_EPSILON;
}

/* Powers of ten that are exact doubles. */
static const double pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
#define DEC_MAX 9

/* "%1.15g" of d without printf, for the common non-integral numbers: d is
 * the double nearest to m / 10^k for integers m, k (k <= DEC_MAX, m not a
 * multiple of 10, 0 < |m| < 1e15, m / 10^k >= 1e-4). Such a decimal has at
 * most 15 significant digits, so "%.15g" rounds d back to exactly it
 * (DBL_DIG), %g shows it in fixed notation without trailing zeros, and it
 * reads back as d (no "%1.17g"). m / 10^k as a correctly rounded division
 * is that nearest double, which is how a candidate is verified. Returns
 * the length, or 0 when d is not such a number. */
static size_t short_decimal(char *buf, double d)
{
    double a = fabs(d);
    if (!(a >= 1e-4 && a < 1e14)) return 0;
    for (int k = 1; k <= DEC_MAX; k++) {
        double t = a * pow10[k];
        if (t >= 1e15) return 0;
        double m = floor(t + 0.5);
        if (m / pow10[k] != a) continue;
        uint64_t u = (uint64_t)m;
        if (u % 10 == 0 || m < pow10[k] / 1e4) return 0; /* (neither happens; printf decides if it did) */
        char digits[32];
        size_t nd = fk_jw_put_u50(digits, u), n = 0;
        if (d < 0) buf[n++] = '-';
        if (nd > (size_t)k) {
            memcpy(buf + n, digits, nd - (size_t)k);
            n += nd - (size_t)k;
            buf[n++] = '.';
            memcpy(buf + n, digits + nd - (size_t)k, (size_t)k);
            n += (size_t)k;
        } else {
            buf[n++] = '0';
            buf[n++] = '.';
            for (size_t z = nd; z < (size_t)k; z++) buf[n++] = '0';
            memcpy(buf + n, digits, nd);
            n += nd;
        }
        buf[n] = 0;
        return n;
    }
    return 0;
}

static inline size_t format_short(char *buf, double d)
{
    if (fabs(d) < INT_EXACT && d == (double)(int64_t)d) {
        size_t n = 0;
        if (d < 0 || (d == 0 && signbit(d))) buf[n++] = '-';
        n += fk_jw_put_u50(buf + n, (uint64_t)fabs(d));
        buf[n] = 0;
        return n;
    }
    return short_decimal(buf, d);
}

size_t fk_jw_format_short(char *buf, double d) { return format_short(buf, d); }

size_t fk_jw_format_num(char *buf, double d)
{
    if (isnan(d) || isinf(d)) {
        memcpy(buf, "null", 5);
        return 4;
    }
    size_t k = format_short(buf, d);
    if (k) return k;
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
    if (v >= 0 && v < INT_EXACT && !signbit(v)) { /* counts: straight to digits */
        uint64_t u = (uint64_t)v;
        if ((double)u == v) {
            w->len += fk_jw_put_u50(p, u);
            return;
        }
    }
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
