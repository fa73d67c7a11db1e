/* Dates, times, durations and sets, normalised to TIMEX3-style values and
 * resolved against the document date.
 *
 * Data (all optional; see docs/numbers-dates.md), under rules/<lang>/dates/:
 *   months.tsv    form, month number 1–12
 *   weekdays.tsv  form, ISO weekday 1 (Monday) – 7 (Sunday)
 *   markers.tsv   phrase, role (year|from|until|in|time|time_weak|duration|ago|future)
 *   units.tsv     phrase, duration unit (Y|M|W|D|H|MIN|S)
 *   relative.tsv  phrase, spec (day±N | week±N | month±N | year±N | set:P…)
 * Counts in durations ("siedmiu dni") use the number parser of numbers.c.
 *
 * Token-level scanning only: no regular expressions. Without a document
 * date nothing relative is guessed: a day and month get "XXXX-MM-DD",
 * words like "wczoraj" are left out. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "numlex.h"

enum role { R_YEAR = 1, R_FROM, R_UNTIL, R_IN, R_TIME, R_TIME_WEAK, R_DURATION, R_AGO, R_FUTURE };
static const char *const role_names[] = {NULL,        "year",     "from", "until",  "in", "time",
                                         "time_weak", "duration", "ago",  "future"};

enum unit { U_Y = 1, U_M, U_W, U_D, U_H, U_MIN, U_S };
static const char *const unit_names[] = {NULL, "Y", "M", "W", "D", "H", "MIN", "S"};

enum rel { REL_DAY = 1, REL_WEEK, REL_MONTH, REL_YEAR, REL_SET };
static const char *const rel_names[] = {NULL, "day", "week", "month", "year", "set"};

typedef struct dent {
    int v;               /* month, weekday, role, unit, or rel kind */
    int n;               /* rel offset */
    const char *set;     /* REL_SET value */
    const char *rule;
} dent;

struct fk_dat {
    fk_arena arena;
    fk_phr months, weekdays, markers, units, relative;
    uint64_t *start;     /* filter: what a date can begin with (markers,
                            relative words, months, weekdays, numbers) */
    uint64_t *mstart;    /* filter: the markers a date can begin with */
};

/* ---- loading --------------------------------------------------------------- */

static int parse_int(fk_lines *r, const char *line, const char *f, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(f, &end, 10);
    if (!*f || *end || v < lo || v > hi) {
        fk_lines_error(r, line, *f && *end ? end : f, "expected a whole number %d–%d, not \"%s\"", lo, hi, f);
        return 0;
    }
    *out = (int)v;
    return 1;
}

static int name_index(const char *const *names, int n, const char *s)
{
    for (int k = 1; k < n; k++)
        if (!strcmp(names[k], s)) return k;
    return 0;
}

static void add(fk_dat *t, fk_lines *r, const char *line, const char *form, fk_phr *p, dent *e)
{
    char key[FK_PHR_MAXKEY + 1];
    size_t kl = fk_phr_key(form, key, sizeof key);
    if (!kl) {
        fk_lines_error(r, line, form, *form ? "phrase too long" : "empty phrase");
        return;
    }
    dent *x = fk_arena_alloc(&t->arena, sizeof *x);
    *x = *e;
    if (!fk_phr_add(p, key, kl, x))
        fk_lines_warn(r, line, form, "duplicate entry \"%s\" (the first one is kept)", form);
}

enum { F_MONTHS, F_WEEKDAYS, F_MARKERS, F_UNITS, F_RELATIVE };

static int load(fk_engine *e, fakty_diags *diags, const char *rel, int which)
{
    fk_dat *t = e->dat;
    const char *path = fk_pack_rule(&e->pack, rel);
    if (!path) return 0;
    fk_lines r;
    if (fk_lines_open(&r, path, diags) != 0) return -1;
    char *line;
    size_t len;
    while ((line = fk_lines_next(&r, &len))) {
        char *s = fk_trim(line);
        if (!*s || *s == '#') continue;
        char *f[3];
        size_t nf = fk_split(line, '\t', f, 3);
        if (nf != 2) {
            fk_lines_error(&r, line, nf > 2 ? f[2] : line + len, "expected `phrase<TAB>value` (two columns)");
            continue;
        }
        f[0] = fk_trim(f[0]);
        f[1] = fk_trim(f[1]);
        dent x = {0};
        x.rule = fk_arena_loc(&t->arena, rel, r.lineno);
        switch (which) {
        case F_MONTHS:
            if (!parse_int(&r, line, f[1], 1, 12, &x.v)) continue;
            add(t, &r, line, f[0], &t->months, &x);
            break;
        case F_WEEKDAYS:
            if (!parse_int(&r, line, f[1], 1, 7, &x.v)) continue;
            add(t, &r, line, f[0], &t->weekdays, &x);
            break;
        case F_MARKERS:
            if (!(x.v = name_index(role_names, 10, f[1]))) {
                fk_lines_error(&r, line, f[1],
                               "unknown role \"%s\" (expected year, from, until, in, time, time_weak, "
                               "duration, ago or future)", f[1]);
                continue;
            }
            add(t, &r, line, f[0], &t->markers, &x);
            /* at() begins a date only at a marker of these roles (the
             * others follow a date or only mark the sentence) */
            if (x.v == R_TIME || x.v == R_TIME_WEAK || x.v == R_FROM || x.v == R_UNTIL || x.v == R_IN ||
                x.v == R_DURATION) {
                char key[FK_PHR_MAXKEY + 1];
                size_t kl = fk_phr_key(f[0], key, sizeof key);
                if (kl) fk_filter_add_prefixes(t->mstart, key, kl);
            }
            break;
        case F_UNITS:
            if (!(x.v = name_index(unit_names, 8, f[1]))) {
                fk_lines_error(&r, line, f[1], "unknown unit \"%s\" (expected Y, M, W, D, H, MIN or S)", f[1]);
                continue;
            }
            add(t, &r, line, f[0], &t->units, &x);
            break;
        case F_RELATIVE: {
            char *v = f[1];
            if (!strncmp(v, "set:", 4)) {
                const char *p = v + 4;
                int ok = (*p == 'P' || *p == 'X') && strlen(p) > 1 && strlen(p) < 32;
                for (const char *q = p + 1; ok && *q; q++)
                    ok = (*q >= '0' && *q <= '9') || strchr(*p == 'P' ? "YMWDTHS." : "XW-", *q);
                if (!ok) {
                    fk_lines_error(&r, line, v + 4,
                                   "expected an ISO 8601 period (P1Y, P1D) or a TIMEX3 pattern "
                                   "(XXXX-WXX-1) after set:");
                    continue;
                }
                x.v = REL_SET;
                x.set = fk_arena_strdup(&t->arena, p);
            } else {
                size_t kl = strcspn(v, "+-");
                char kind[16];
                if (kl >= sizeof kind || !v[kl]) {
                    fk_lines_error(&r, line, v, "expected day±N, week±N, month±N, year±N or set:P…");
                    continue;
                }
                memcpy(kind, v, kl);
                kind[kl] = 0;
                if (!(x.v = name_index(rel_names, 5, kind))) {
                    fk_lines_error(&r, line, v, "unknown unit \"%s\" (expected day, week, month or year)", kind);
                    continue;
                }
                if (!parse_int(&r, line, v + kl + (v[kl] == '+'), -400, 400, &x.n)) continue;
            }
            add(t, &r, line, f[0], &t->relative, &x);
            break;
        }
        }
    }
    fk_lines_close(&r);
    return 0;
}

int fk_dat_load(fk_engine *e, fakty_diags *diags)
{
    fk_dat *t = fk_xcalloc(1, sizeof *t);
    fk_arena_init(&t->arena, 16 * 1024);
    fk_phr_init(&t->months);
    fk_phr_init(&t->weekdays);
    fk_phr_init(&t->markers);
    fk_phr_init(&t->units);
    fk_phr_init(&t->relative);
    t->mstart = fk_filter_new();
    e->dat = t;
    int rc = 0;
    rc |= load(e, diags, "dates/months.tsv", F_MONTHS);
    rc |= load(e, diags, "dates/weekdays.tsv", F_WEEKDAYS);
    rc |= load(e, diags, "dates/markers.tsv", F_MARKERS);
    rc |= load(e, diags, "dates/units.tsv", F_UNITS);
    rc |= load(e, diags, "dates/relative.tsv", F_RELATIVE);
    t->start = fk_filter_new();
    fk_filter_or(t->start, t->mstart);
    fk_filter_or(t->start, t->relative.first);
    fk_filter_or(t->start, t->months.first);
    fk_filter_or(t->start, t->weekdays.first);
    if (e->num) fk_filter_or(t->start, e->num->numstart);
    else memset(t->start, 0xFF, FK_PHR_FILTER / 8);
    return rc;
}

void fk_dat_free(fk_dat *t)
{
    if (!t) return;
    fk_phr_free(&t->months);
    fk_phr_free(&t->weekdays);
    fk_phr_free(&t->markers);
    fk_phr_free(&t->units);
    fk_phr_free(&t->relative);
    free(t->start);
    free(t->mstart);
    fk_arena_free(&t->arena);
    free(t);
}

/* ---- calendar ------------------------------------------------------------- */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int month_days(int y, int m)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

/* days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm) */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

static int weekday(long z) { return (int)((z % 7 + 7 + 3) % 7) + 1; } /* 1970-01-01 was a Thursday */

static void iso_week(long z, int *wy, int *wn)
{
    long thu = z + 4 - weekday(z);
    int y, m, d;
    civil_from_days(thu, &y, &m, &d);
    *wy = y;
    *wn = (int)((thu - days_from_civil(y, 1, 1)) / 7 + 1);
}

/* ---- scanning ------------------------------------------------------------- */

/* snprintf(out, cap, "%04d-%02d-%02d", y, m, d), without printf in the
 * usual ranges */
static void fmt_ymd(char *out, size_t cap, int y, int m, int d)
{
    if (cap < 11 || y < 0 || y > 9999 || m < 0 || m > 99 || d < 0 || d > 99) {
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
        return;
    }
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = 0;
}

/* Copy the C string src into dst[cap] as snprintf "%s" does. */
static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t l = strnlen(src, cap - 1);
    memcpy(dst, src, l);
    dst[l] = 0;
}


typedef struct dres {
    size_t end;
    int kind;
    char value[40];
    char anchor[16];
    const char *rule;
} dres;

typedef struct ctx {
    const fk_dat *t;
    const fk_num *num;
    fk_doc *d;
    size_t s0, lim;      /* sentence tokens */
    int future;          /* -1 unknown, else 0/1 */
} ctx;

static int is_punct(const fk_doc *d, size_t t, char c)
{
    const fk_token *k = &d->toks.v[t];
    return k->kind == FK_TOK_PUNCT && k->end - k->start == 1 && d->text[k->start] == c;
}
static int glued(const fk_doc *d, size_t t) { return !(d->toks.v[t].flags & FK_TF_SPACE); }

/* A NUMBER token's value and digit count. */
static int tok_int(const fk_doc *d, size_t t, int *v, int *nd)
{
    if (t >= d->toks.n || d->toks.v[t].kind != FK_TOK_NUMBER) return 0;
    double x;
    int n;
    if (!fk_tok_digits(d, t, &x, &n) || n > 6) return 0; /* at most six digits */
    *v = (int)x;
    *nd = n;
    return 1;
}

static const dent *marker(const ctx *c, size_t i, int role, size_t *end)
{
    if (i >= c->lim) return NULL;
    const dent *m = fk_phr_match(&c->t->markers, c->d, i, c->lim, end);
    return m && m->v == role ? m : NULL;
}

static int sentence_future(ctx *c)
{
    if (c->future < 0) {
        c->future = 0;
        for (size_t t = c->s0; t < c->lim && !c->future; t++) {
            size_t e;
            if (marker(c, t, R_FUTURE, &e)) c->future = 1;
        }
    }
    return c->future;
}

/* Year of a day-month without a year: past-oriented (the latest such day
 * on or before the document date), the next one with a future cue. */
static int resolve_year(ctx *c, int m, int day)
{
    const fk_doc *d = c->d;
    int after = m > d->month || (m == d->month && day > d->day);
    if (sentence_future(c)) {
        int before = m < d->month || (m == d->month && day < d->day);
        return before ? d->year + 1 : d->year;
    }
    return after ? d->year - 1 : d->year;
}

/* optional year marker after token t: returns the token after it */
static size_t skip_year_marker(const ctx *c, size_t t)
{
    size_t e;
    return marker(c, t, R_YEAR, &e) ? e : t;
}

static int plausible_year(int y, int nd) { return nd == 4 && y >= 1000 && y <= 2999; }

/* Day month [year [marker]] | numeric dates | month year | month (after "w") |
 * weekday | year + marker | year after "w" | relative words.
 * in: 0 no marker before, 1 after an `in` marker, 2 after an `until` marker.
 * Returns 1 with a date in *r, 0 for none, -1 for words that look like a
 * date but name no day (r->end: where they end; nothing is reported). */
static int core(ctx *c, size_t i, int in, dres *r)
{
    const fk_doc *d = c->d;
    const fk_dat *t = c->t;
    size_t e;
    int v, nd;
    if (i >= c->lim) return 0;
    /* relative words */
    const dent *rel = fk_phr_match(&t->relative, d, i, c->lim, &e);
    if (rel) {
        r->end = e;
        r->rule = rel->rule;
        if (rel->v == REL_SET) {
            r->kind = FK_D_SET;
            snprintf(r->value, sizeof r->value, "%s", rel->set);
            return 1;
        }
        if (!d->has_date) return 0;
        long z = days_from_civil(d->year, d->month, d->day);
        int y, m, dd;
        r->kind = FK_D_DATE;
        switch (rel->v) {
        case REL_DAY:
            civil_from_days(z + rel->n, &y, &m, &dd);
            fmt_ymd(r->value, sizeof r->value, y, m, dd);
            break;
        case REL_WEEK: {
            int wy, wn;
            iso_week(z + 7L * rel->n, &wy, &wn);
            snprintf(r->value, sizeof r->value, "%04d-W%02d", wy, wn);
            break;
        }
        case REL_MONTH: {
            int mm = d->year * 12 + (d->month - 1) + rel->n;
            snprintf(r->value, sizeof r->value, "%04d-%02d", mm / 12, mm % 12 + 1);
            break;
        }
        default: snprintf(r->value, sizeof r->value, "%04d", d->year + rel->n); break;
        }
        return 1;
    }
    if (tok_int(d, i, &v, &nd)) {
        int a = v, adig = nd, b, bnd, y, ynd;
        /* 02.01.2022, 2.01.2022 */
        if (adig <= 2 && i + 4 < c->lim && is_punct(d, i + 1, '.') && glued(d, i + 1) &&
            tok_int(d, i + 2, &b, &bnd) && glued(d, i + 2) && bnd <= 2 && is_punct(d, i + 3, '.') &&
            glued(d, i + 3) && tok_int(d, i + 4, &y, &ynd) && glued(d, i + 4) && plausible_year(y, ynd) &&
            b >= 1 && b <= 12 && a >= 1 && a <= month_days(y, b)) {
            r->kind = FK_D_DATE;
            fmt_ymd(r->value, sizeof r->value, y, b, a);
            r->end = skip_year_marker(c, i + 5);
            r->rule = "dates:numeric";
            return 1;
        }
        /* 2022-01-02 */
        if (plausible_year(a, adig) && i + 4 < c->lim && is_punct(d, i + 1, '-') && glued(d, i + 1) &&
            tok_int(d, i + 2, &b, &bnd) && glued(d, i + 2) && bnd == 2 && is_punct(d, i + 3, '-') &&
            glued(d, i + 3) && tok_int(d, i + 4, &y, &ynd) && glued(d, i + 4) && ynd == 2 && b >= 1 &&
            b <= 12 && y >= 1 && y <= month_days(a, b)) {
            r->kind = FK_D_DATE;
            fmt_ymd(r->value, sizeof r->value, a, b, y);
            r->end = i + 5;
            r->rule = "dates:iso";
            return 1;
        }
        /* 2 stycznia [2022 [r.]], also "2-go stycznia" (an ordinal suffix
         * from numbers/units.tsv) */
        size_t mpos = i + 1, se;
        const fk_unit *suf = mpos < c->lim && !(d->toks.v[mpos].flags & FK_TF_SPACE)
                                 ? fk_phr_match(&c->num->units_after, d, mpos, c->lim, &se)
                                 : NULL;
        if (suf && suf->cls == UC_ORDINAL) mpos = se;
        const dent *mo = adig <= 2 && a >= 1 && a <= 31 ? fk_phr_match(&t->months, d, mpos, c->lim, &e) : NULL;
        if (mo) {
            int m = mo->v;
            r->kind = FK_D_DATE;
            r->rule = mo->rule;
            if (tok_int(d, e, &y, &ynd) && plausible_year(y, ynd) && e < c->lim) {
                r->end = skip_year_marker(c, e + 1);
                if (a > month_days(y, m)) return -1; /* "29 lutego 2021": no such day */
                fmt_ymd(r->value, sizeof r->value, y, m, a);
                return 1;
            }
            if (a > month_days(2000, m)) return 0; /* 29 February is possible in some year */
            r->end = e;
            if (!d->has_date) {
                snprintf(r->value, sizeof r->value, "XXXX-%02d-%02d", m, a);
                return 1;
            }
            y = resolve_year(c, m, a);
            /* 29 February of a year that has none: go to a leap year */
            while (a > month_days(y, m)) y += sentence_future(c) ? 1 : -1;
            fmt_ymd(r->value, sizeof r->value, y, m, a);
            return 1;
        }
        /* 2022 r. / w 2021 roku / w 2021 */
        if (plausible_year(a, adig)) {
            size_t m2 = skip_year_marker(c, i + 1);
            int ok = m2 > i + 1;
            /* "w 2021", "do 2025": after an `in` or `until` marker a number
             * 1900–2099 is a year ("w 1500 domach" stays a number) */
            if (!ok && in && a >= 1900 && a <= 2099) ok = 1;
            if (ok) {
                r->kind = FK_D_DATE;
                snprintf(r->value, sizeof r->value, "%04d", a);
                r->end = m2;
                r->rule = "dates:year";
                return 1;
            }
        }
        return 0;
    }
    if (d->toks.v[i].kind != FK_TOK_WORD) return 0;
    /* month [year] */
    const dent *mo = fk_phr_match(&t->months, d, i, c->lim, &e);
    if (mo) {
        int y, ynd;
        r->kind = FK_D_DATE;
        r->rule = mo->rule;
        if (e < c->lim && tok_int(d, e, &y, &ynd) && plausible_year(y, ynd)) {
            snprintf(r->value, sizeof r->value, "%04d-%02d", y, mo->v);
            r->end = skip_year_marker(c, e + 1);
            return 1;
        }
        if (!in) return 0;
        r->end = e;
        if (!d->has_date) {
            snprintf(r->value, sizeof r->value, "XXXX-%02d", mo->v);
            return 1;
        }
        y = d->year;
        if (sentence_future(c) ? mo->v < d->month : mo->v > d->month) y += sentence_future(c) ? 1 : -1;
        snprintf(r->value, sizeof r->value, "%04d-%02d", y, mo->v);
        return 1;
    }
    /* weekday; after an `until` marker ("do piątku") the end is ahead:
     * the next such day on or after the document date */
    const dent *wd = fk_phr_match(&t->weekdays, d, i, c->lim, &e);
    if (wd) {
        if (!d->has_date) return 0;
        long z = days_from_civil(d->year, d->month, d->day);
        int w = weekday(z), y, m, dd;
        long target = in == 2                ? z + ((wd->v - w + 7) % 7)
                      : sentence_future(c) ? z + ((wd->v - w + 6) % 7) + 1
                                           : z - ((w - wd->v + 7) % 7);
        civil_from_days(target, &y, &m, &dd);
        r->kind = FK_D_DATE;
        fmt_ymd(r->value, sizeof r->value, y, m, dd);
        r->end = e;
        r->rule = wd->rule;
        return 1;
    }
    return 0;
}

static void fmt_num(char *out, size_t cap, double v)
{
    if (v == floor(v) && fabs(v) < 1e9) snprintf(out, cap, "%.0f", v);
    else snprintf(out, cap, "%g", v);
}

/* [count] unit: "siedmiu dni", "dwa tygodnie", "tydzień" (after an intro). */
static int duration(ctx *c, size_t i, int intro, dres *r, const dent **unit, fk_numval *cnt)
{
    const fk_doc *d = c->d;
    size_t e;
    fk_numval v;
    int have = fk_num_parse(c->num, d, i, c->lim, &v);
    if (have && (v.flags & NV_MULT)) return 0;
    size_t u0 = have ? v.tok1 : i;
    if (!have && !intro) return 0;
    const dent *u = u0 < c->lim ? fk_phr_match(&c->t->units, d, u0, c->lim, &e) : NULL;
    if (!u) return 0;
    char n[24];
    if (!have) v.value = 1, v.flags = 0;
    if (v.flags & NV_VAGUE) snprintf(n, sizeof n, "X");
    else fmt_num(n, sizeof n, v.value);
    int timey = u->v >= U_H;
    const char *code = u->v == U_MIN ? "M" : unit_names[u->v];
    snprintf(r->value, sizeof r->value, "P%s%s%s", timey ? "T" : "", n, code);
    r->kind = FK_D_DURATION;
    r->end = e;
    r->rule = u->rule;
    *unit = u;
    *cnt = v;
    return 1;
}

static void push(ctx *c, size_t i, const dres *r)
{
    fk_doc *d = c->d;
    fk_date x;
    memset(&x, 0, sizeof x);
    x.tok0 = (uint32_t)i;
    x.tok1 = (uint32_t)r->end;
    x.start = d->toks.v[i].start;
    x.end = d->toks.v[r->end - 1].end;
    x.sentence = d->toks.v[i].sentence;
    x.kind = r->kind;
    copy_str(x.value, sizeof x.value, r->value);
    copy_str(x.anchor, sizeof x.anchor, r->anchor);
    x.rule = r->rule;
    fk_vec_push(d->dates, x);
}

/* clock time after token t: "14.30", "14:30", "14" (hours only when
 * minutes_optional) */
static int clock(ctx *c, size_t t, int minutes_optional, dres *r)
{
    const fk_doc *d = c->d;
    int h, hn, mi, mn;
    if (!tok_int(d, t, &h, &hn) || hn > 2 || h > 24) return 0;
    if (t + 2 < c->lim && (is_punct(d, t + 1, '.') || is_punct(d, t + 1, ':')) && glued(d, t + 1) &&
        glued(d, t + 2) && tok_int(d, t + 2, &mi, &mn) && mn == 2 && mi < 60 &&
        !(t + 4 < c->lim && is_punct(d, t + 3, '.') && glued(d, t + 3) && glued(d, t + 4) &&
          d->toks.v[t + 4].kind == FK_TOK_NUMBER)) { /* 15.01.2024 is a date */
        snprintf(r->value, sizeof r->value, "T%02d:%02d", h, mi);
        r->end = t + 3;
    } else if (minutes_optional) {
        snprintf(r->value, sizeof r->value, "T%02d:00", h);
        r->end = t + 1;
    } else {
        return 0;
    }
    r->kind = FK_D_TIME;
    r->rule = "dates:time";
    return 1;
}

/* Can at() find anything at NUMBER token i? 0: certainly not. A number
 * begins a date, time or duration only as a marker or relative phrase,
 * or with a next token that is punctuation, a number, glued to it, or
 * can begin a month, a marker, a duration unit or a multiplier. */
static int number_may_date(const ctx *c, size_t i)
{
    const fk_doc *d = c->d;
    const fk_dat *t = c->t;
    if (fk_phr_may_start(&t->markers, d, i) || fk_phr_may_start(&t->relative, d, i)) return 1;
    if (i + 1 >= c->lim) return 0;
    const fk_token *nt = &d->toks.v[i + 1];
    if (nt->kind == FK_TOK_PUNCT || nt->kind == FK_TOK_NUMBER || !(nt->flags & FK_TF_SPACE)) return 1;
    return fk_phr_may_start(&t->months, d, i + 1) || fk_phr_may_start(&t->markers, d, i + 1) ||
           fk_phr_may_start(&t->units, d, i + 1) || fk_phr_may_start(&c->num->words, d, i + 1);
}

/* Annotate at token i: returns the token after the date, or 0. */
static size_t at(ctx *c, size_t i)
{
    fk_doc *d = c->d;
    dres r;
    memset(&r, 0, sizeof r);
    size_t e;
    const dent *m = fk_phr_match(&c->t->markers, d, i, c->lim, &e);
    int role = m ? m->v : 0;
    /* o godz. 14.30 */
    if ((role == R_TIME || role == R_TIME_WEAK) && clock(c, e, role == R_TIME, &r)) {
        push(c, i, &r);
        return r.end;
    }
    /* od 2 stycznia / do 5 stycznia / od wczoraj / od trzech dni / od 18.00 */
    if (role == R_FROM || role == R_UNTIL) {
        if (clock(c, e, 0, &r)) {
            snprintf(r.anchor, sizeof r.anchor, "%s", role == R_FROM ? "from" : "until");
            push(c, i, &r);
            return r.end;
        }
        size_t e2;
        const dent *m2 = fk_phr_match(&c->t->markers, d, e, c->lim, &e2);
        size_t at0 = m2 && m2->v == R_IN ? e2 : e; /* "od w" never, but "do we wtorek" */
        /* od 2 do 5 stycznia: the first day takes the month of the second */
        int a, an;
        if (role == R_FROM && tok_int(d, at0, &a, &an) && an <= 2) {
            size_t e3;
            const dent *m3 = fk_phr_match(&c->t->markers, d, at0 + 1, c->lim, &e3);
            dres r2;
            memset(&r2, 0, sizeof r2);
            if (m3 && m3->v == R_UNTIL && core(c, e3, 0, &r2) > 0 && r2.kind == FK_D_DATE &&
                strlen(r2.value) == 10 && a >= 1 && a < atoi(r2.value + 8)) {
                r.kind = FK_D_DATE;
                snprintf(r.value, sizeof r.value, "%.8s%02d", r2.value, a);
                snprintf(r.anchor, sizeof r.anchor, "from");
                r.end = at0 + 1;
                r.rule = r2.rule;
                push(c, i, &r);
                snprintf(r2.anchor, sizeof r2.anchor, "until");
                push(c, at0 + 1, &r2);
                return r2.end;
            }
        }
        if (core(c, at0, role == R_UNTIL ? 2 : at0 != e, &r) > 0) {
            snprintf(r.anchor, sizeof r.anchor, "%s", role == R_FROM ? "from" : "until");
            push(c, i, &r);
            return r.end;
        }
        const dent *u;
        fk_numval cnt;
        if (role == R_FROM && duration(c, e, 1, &r, &u, &cnt)) {
            snprintf(r.anchor, sizeof r.anchor, "since");
            push(c, i, &r);
            return r.end;
        }
    }
    /* w styczniu / we wtorek / w 2021 roku */
    if (role == R_IN && core(c, e, 1, &r) > 0) {
        push(c, i, &r);
        return r.end;
    }
    /* przez dwa tygodnie / w ciągu ostatnich siedmiu dni */
    if (role == R_DURATION) {
        const dent *u;
        fk_numval cnt;
        if (duration(c, e, 1, &r, &u, &cnt)) {
            push(c, i, &r);
            return r.end;
        }
    }
    /* a date without a marker */
    int k = core(c, i, 0, &r);
    if (k) {
        if (k > 0) push(c, i, &r);
        return r.end;
    }
    /* 14:30 */
    if (d->toks.v[i].kind == FK_TOK_NUMBER && i + 2 < c->lim && is_punct(d, i + 1, ':') && clock(c, i, 0, &r)) {
        push(c, i, &r);
        return r.end;
    }
    /* trzy dni temu / siedem dni (but "od 10 do 30 lat" is a range of
     * numbers, left to numbers.c) */
    const dent *u;
    fk_numval cnt;
    if (duration(c, i, 0, &r, &u, &cnt) && !fk_num_range_covers(c->num, d, c->s0, i, c->lim)) {
        size_t e2;
        if (marker(c, r.end, R_AGO, &e2)) {
            if (!d->has_date || (cnt.flags & NV_VAGUE) || cnt.value != floor(cnt.value) || u->v >= U_H)
                return e2; /* not resolvable: no date, but the words are used */
            long z = days_from_civil(d->year, d->month, d->day);
            int n = (int)cnt.value, y, mo, dd;
            r.end = e2;
            r.kind = FK_D_DATE;
            if (u->v == U_D || u->v == U_W) {
                civil_from_days(z - (long)n * (u->v == U_W ? 7 : 1), &y, &mo, &dd);
                fmt_ymd(r.value, sizeof r.value, y, mo, dd);
            } else if (u->v == U_M) {
                int mm = d->year * 12 + d->month - 1 - n;
                snprintf(r.value, sizeof r.value, "%04d-%02d", mm / 12, mm % 12 + 1);
            } else {
                snprintf(r.value, sizeof r.value, "%04d", d->year - n);
            }
        }
        push(c, i, &r);
        return r.end;
    }
    return 0;
}

void fk_dat_run(const fk_engine *e, fk_doc *d)
{
    ctx c = {e->dat, e->num, d, 0, 0, -1};
    for (size_t s = 0; s < d->sents.n; s++) {
        c.s0 = d->sents.v[s].tok0;
        c.lim = d->sents.v[s].tok1;
        c.future = -1;
        size_t i = c.s0;
        while (i < c.lim) {
            const fk_token *tk = &d->toks.v[i];
            /* a word that begins no marker, relative word, month, weekday
             * or number begins no date */
            size_t next = (tk->kind == FK_TOK_NUMBER && number_may_date(&c, i)) ||
                                  (tk->kind == FK_TOK_WORD && fk_filter_has(c.t->start, tk->fold_hash))
                              ? at(&c, i)
                              : 0;
            i = next > i ? next : i + 1;
        }
    }
}
