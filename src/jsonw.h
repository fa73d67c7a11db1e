/* A streaming JSON writer whose bytes are identical to what cJSON 1.7.x
 * prints (cJSON_PrintUnformatted, or cJSON_Print with `pretty`):
 *
 *   - strings: '"' '\\' \b \f \n \r \t escaped as two characters, other
 *     bytes < 0x20 as \u00xx (lower-case hex); every other byte, including
 *     0x7F, U+2028/U+2029 and non-UTF-8 bytes, copied as is; a NUL ends the
 *     string (cJSON strings are C strings);
 *   - numbers: "null" for NaN/inf, else "%1.15g" if that reads back within
 *     cJSON's tolerance (|a-b| <= max(|a|,|b|) * DBL_EPSILON), else "%1.17g";
 *     the locale's decimal point is replaced by '.'; integral values below
 *     1e15 and short decimals (m / 10^k, k <= 9, at least 1e-4) take fast
 *     paths that print the same digits without printf;
 *   - pretty layout: "{\n", members on their own line indented with one tab
 *     per nesting level (arrays count), "key":\tvalue, ",\n" between
 *     members; arrays on one line with ", " between elements; an empty
 *     object is "{\n<indent>}".
 *
 * Usage: fk_jw_init, then open/close objects and arrays, fk_jw_key before
 * each object member and fk_jw_elem before each array element (they write
 * the separator), then a value. fk_jw_finish returns the malloc'd text. */
#ifndef FK_JSONW_H
#define FK_JSONW_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

typedef struct fk_jw {
    char *buf;
    size_t len, cap;
    unsigned depth;   /* nesting (objects and arrays), as cJSON counts it */
    int pretty;
    int more;         /* the current container already has a member/element */
} fk_jw;

void fk_jw_init(fk_jw *w, size_t size_hint, int pretty);
/* The text (NUL-terminated, malloc'd; owned by the caller). If `newline`,
 * a '\n' is appended first. The writer is empty afterwards. */
char *fk_jw_finish(fk_jw *w, int newline, size_t *len);
void fk_jw_free(fk_jw *w);

void fk_jw_grow(fk_jw *w, size_t need);
static inline char *fk_jw_reserve(fk_jw *w, size_t n)
{
    if (w->cap - w->len < n + 1) fk_jw_grow(w, n + 1);
    return w->buf + w->len;
}
static inline void fk_jw_raw(fk_jw *w, const char *s, size_t n)
{
    memcpy(fk_jw_reserve(w, n), s, n);
    w->len += n;
}

/* The hot calls are inline for the compact layout (a few stores each, the
 * key's bytes a fixed-size copy); the indented layout takes the *_pretty
 * functions. */
void fk_jw_open_pretty(fk_jw *w, char c);
void fk_jw_obj_close_pretty(fk_jw *w);
void fk_jw_keyq_pretty(fk_jw *w, const char *q, size_t n);

/* containers */
static inline void fk_jw_open(fk_jw *w, char c)
{
    if (w->pretty) {
        fk_jw_open_pretty(w, c);
        return;
    }
    *fk_jw_reserve(w, 1) = c;
    w->len++;
    w->depth++;
    w->more = 0;
}
static inline void fk_jw_close(fk_jw *w, char c)
{
    *fk_jw_reserve(w, 1) = c;
    w->len++;
    w->depth--;
    w->more = 1;
}
static inline void fk_jw_obj_open(fk_jw *w) { fk_jw_open(w, '{'); }
static inline void fk_jw_obj_close(fk_jw *w)
{
    if (w->pretty) fk_jw_obj_close_pretty(w);
    else fk_jw_close(w, '}');
}
static inline void fk_jw_arr_open(fk_jw *w)
{
    *fk_jw_reserve(w, 1) = '[';
    w->len++;
    w->depth++;
    w->more = 0;
}
static inline void fk_jw_arr_close(fk_jw *w) { fk_jw_close(w, ']'); }

/* Member key already quoted: q is `"name":` (n bytes). */
static inline void fk_jw_keyq(fk_jw *w, const char *q, size_t n)
{
    if (w->pretty) {
        fk_jw_keyq_pretty(w, q, n);
        return;
    }
    char *p = fk_jw_reserve(w, n + 1);
    *p = ',';
    p += w->more != 0;
    memcpy(p, q, n);
    w->len = (size_t)(p + n - w->buf);
    w->more = 1;
}
/* Member key: `key` is written as is between quotes (plain ASCII names
 * only; see fk_jw_key_esc for arbitrary keys). */
void fk_jw_keyn(fk_jw *w, const char *key, size_t n);
#define fk_jw_key(w, lit) fk_jw_keyq((w), "\"" lit "\":", sizeof(lit) + 2)
void fk_jw_key_esc(fk_jw *w, const char *key);
static inline void fk_jw_elem(fk_jw *w)
{
    if (w->more) {
        if (w->pretty) fk_jw_raw(w, ", ", 2);
        else fk_jw_raw(w, ",", 1);
    }
    w->more = 1;
}

/* values */
static inline void fk_jw_null(fk_jw *w) { fk_jw_raw(w, "null", 4); }
void fk_jw_bool(fk_jw *w, int b);
/* A string literal that needs no escaping, quoted at compile time. */
#define fk_jw_lit(w, lit) fk_jw_raw((w), "\"" lit "\"", sizeof(lit) + 1)
void fk_jw_strn(fk_jw *w, const char *s, size_t n);  /* stops at a NUL */
static inline void fk_jw_str(fk_jw *w, const char *s) /* NULL prints null */
{
    if (s) fk_jw_strn(w, s, strlen(s));
    else fk_jw_null(w);
}
/* Decimal digits of v (< 1e15) at p, which has 16 bytes of room (one
 * fixed-size copy instead of a counted one), two digits per division;
 * returns the length. */
extern const char fk_jw_digits2[201]; /* "00".."99" */
static inline size_t fk_jw_put_u50(char *p, uint64_t v)
{
    char tmp[32], *e = tmp + 16, *q = e;
    while (v >= 100) {
        q -= 2;
        memcpy(q, fk_jw_digits2 + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        q -= 2;
        memcpy(q, fk_jw_digits2 + 2 * v, 2);
    } else {
        *--q = (char)('0' + v);
    }
    memcpy(p, q, 16);
    return (size_t)(e - q);
}
void fk_jw_uint_big(fk_jw *w, uint64_t v);
static inline void fk_jw_uint(fk_jw *w, uint64_t v) /* exact below 1e15 (as cJSON) */
{
    if (v < 1000000000000000ULL) w->len += fk_jw_put_u50(fk_jw_reserve(w, 16), v);
    else fk_jw_uint_big(w, v);
}
void fk_jw_num(fk_jw *w, double v);                  /* as cJSON's print_number */
/* Any cJSON value, printed as cJSON would at this depth. */
void fk_jw_cjson(fk_jw *w, const cJSON *item);

/* The number alone (for tests): writes at most 26 bytes + NUL into buf and
 * returns the length. */
size_t fk_jw_format_num(char *buf, double v);
/* "%1.15g" of v without printf when v is integral below 1e15 or a short
 * decimal (see fk_jw_format_num); such text also reads back as exactly v.
 * Returns its length (buf: 32 bytes), or 0 for any other v. */
size_t fk_jw_format_short(char *buf, double v);

#endif
