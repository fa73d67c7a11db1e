/* Quantities: numbers in digits and words with their qualifiers, ranges,
 * vague amounts, units and the marks of what is not a count.
 *
 * Data (all optional; see docs/numbers-dates.md):
 *   rules/<lang>/numbers/words.tsv       form, value, kind (unit|teen|tens|hundreds|mult|frac)
 *   rules/<lang>/numbers/vague.tsv       form, min, max
 *   rules/<lang>/numbers/qualifiers.tsv  phrase, qualifier[, before|after]
 *   rules/<lang>/numbers/units.tsv       phrase, unit, class[, after|before]
 *   rules/<lang>/numbers/ranges.tsv      pattern with {n} slots ("od {n} do {n}")
 *
 * Token-level scanning only (no regular expressions): the tokenizer has
 * already split digits, punctuation and words, which is all we need. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numlex.h"

/* ---- loading --------------------------------------------------------------- */

static int parse_double(fk_lines *r, const char *line, const char *f, double *out)
{
    char *end;
    if (!*f) {
        fk_lines_error(r, line, f, "missing number");
        return 0;
    }
    double v = strtod(f, &end);
    if (*end || !isfinite(v)) {
        fk_lines_error(r, line, *end ? end : f, "not a number: \"%s\"", f);
        return 0;
    }
    *out = v;
    return 1;
}

static int qualifier_by_name(const char *s)
{
    for (int q = FK_Q_EXACT; q <= FK_Q_VAGUE; q++)
        if (!strcmp(fk_qualifier_names[q], s)) return q;
    return -1;
}

static const char *const unit_class_names[] = {NULL,  "percent", "money", "measure", "age",   "time",
                                               "ref", "score",   "count", "ordinal"};

/* Add a phrase (column 1) to table p, reporting empty or duplicate keys. */
static int add_phrase(fk_lines *r, const char *line, const char *form, fk_phr *p, void *val)
{
    char key[FK_PHR_MAXKEY + 1];
    size_t kl = fk_phr_key(form, key, sizeof key);
    if (!kl) {
        fk_lines_error(r, line, form, *form ? "phrase too long (at most %d bytes)" : "empty phrase",
                       FK_PHR_MAXKEY);
        return 0;
    }
    if (!fk_phr_add(p, key, kl, val)) {
        fk_lines_warn(r, line, form, "duplicate entry \"%s\" (the first one is kept)", form);
        return 0;
    }
    return 1;
}

typedef void (*line_fn)(fk_num *n, fk_lines *r, char *line, char **f, size_t nf, const char *rel);

static int load_file(fk_engine *e, fakty_diags *diags, const char *rel, size_t minf, size_t maxf,
                     const char *usage, line_fn fn)
{
    const char *path = fk_pack_rule(&e->pack, rel);
    if (!path) return 0;
    fk_lines r;
    if (fk_lines_open(&r, path, diags) != 0) return -1;
    char *line;
    size_t len;
    while ((line = fk_lines_next(&r, &len))) {
        if (!*fk_trim(line) || *fk_trim(line) == '#') continue;
        char *f[8];
        size_t nf = fk_split(line, '\t', f, maxf + 1);
        if (nf < minf || nf > maxf) {
            fk_lines_error(&r, line, nf > maxf ? f[maxf] : line + len, "expected %s", usage);
            continue;
        }
        for (size_t k = 0; k < nf; k++) f[k] = fk_trim(f[k]);
        fn(e->num, &r, line, f, nf, rel);
    }
    fk_lines_close(&r);
    return 0;
}

static const char *rule_name(fk_num *n, fk_lines *r, const char *rel)
{
    return fk_arena_loc(&n->arena, rel, r->lineno);
}

static void words_line(fk_num *n, fk_lines *r, char *line, char **f, size_t nf, const char *rel)
{
    (void)nf, (void)rel;
    double v;
    if (!parse_double(r, line, f[1], &v)) return;
    int kind = 0;
    for (int k = NW_UNIT; k <= NW_AND; k++)
        if (!strcmp(f[2], fk_nw_kind_names[k])) kind = k;
    if (!kind) {
        fk_lines_error(r, line, f[2],
                       "unknown kind \"%s\" (expected unit, teen, tens, hundreds, mult, frac or and)", f[2]);
        return;
    }
    if (v < 0 || (kind == NW_MULT && v < 10)) {
        fk_lines_error(r, line, f[1], "value %g does not fit kind %s", v, f[2]);
        return;
    }
    fk_numword *w = fk_arena_alloc(&n->arena, sizeof *w);
    w->value = v;
    w->kind = kind;
    add_phrase(r, line, f[0], &n->words, w);
}

static void vague_line(fk_num *n, fk_lines *r, char *line, char **f, size_t nf, const char *rel)
{
    (void)nf, (void)rel;
    double lo, hi;
    if (!parse_double(r, line, f[1], &lo) || !parse_double(r, line, f[2], &hi)) return;
    if (lo > hi) {
        fk_lines_error(r, line, f[2], "max %g is below min %g", hi, lo);
        return;
    }
    fk_vague *v = fk_arena_alloc(&n->arena, sizeof *v);
    v->min = lo;
    v->max = hi;
    add_phrase(r, line, f[0], &n->vague, v);
}

static int position(fk_lines *r, const char *line, char **f, size_t nf, size_t col, int *after,
                    int dflt_after)
{
    *after = dflt_after;
    if (nf <= col || !*f[col]) return 1;
    if (!strcmp(f[col], "after")) *after = 1;
    else if (!strcmp(f[col], "before")) *after = 0;
    else {
        fk_lines_error(r, line, f[col], "expected before or after, not \"%s\"", f[col]);
        return 0;
    }
    return 1;
}

static void quals_line(fk_num *n, fk_lines *r, char *line, char **f, size_t nf, const char *rel)
{
    int q = qualifier_by_name(f[1]);
    if (q < 0 || q == FK_Q_RANGE || q == FK_Q_VAGUE) {
        fk_lines_error(r, line, f[1],
                       "unknown qualifier \"%s\" (expected exact, more_than, at_least, less_than, "
                       "at_most or about)", f[1]);
        return;
    }
    int after;
    if (!position(r, line, f, nf, 2, &after, 0)) return;
    fk_qual *x = fk_arena_alloc(&n->arena, sizeof *x);
    x->qualifier = q;
    x->rule = rule_name(n, r, rel);
    add_phrase(r, line, f[0], after ? &n->quals_after : &n->quals_before, x);
}

static void units_line(fk_num *n, fk_lines *r, char *line, char **f, size_t nf, const char *rel)
{
    int cls = 0;
    for (int k = UC_PERCENT; k <= UC_ORDINAL; k++)
        if (!strcmp(f[2], unit_class_names[k])) cls = k;
    if (!cls) {
        fk_lines_error(r, line, f[2],
                       "unknown class \"%s\" (expected percent, money, measure, age, time, ref, "
                       "score, count or ordinal)", f[2]);
        return;
    }
    if (!*f[1]) {
        fk_lines_error(r, line, f[1], "empty unit name");
        return;
    }
    int after;
    if (!position(r, line, f, nf, 3, &after, 1)) return;
    fk_unit *u = fk_arena_alloc(&n->arena, sizeof *u);
    u->unit = fk_arena_strdup(&n->arena, f[1]);
    u->cls = cls;
    u->rule = rule_name(n, r, rel);
    add_phrase(r, line, f[0], after ? &n->units_after : &n->units_before, u);
}

static void ranges_line(fk_num *n, fk_lines *r, char *line, char **f, size_t nf, const char *rel)
{
    (void)nf;
    /* elements separated by white space; "{n}" is a slot, runs of other
     * words form one literal phrase */
    fk_range rg = {0};
    fk_range_el els[16];
    size_t ne = 0, slots = 0;
    char *p = f[0];
    char lit[FK_PHR_MAXKEY * 2];
    size_t ll = 0;
    const char *lit_at = p;
    for (;;) {
        while (*p == ' ') p++;
        char *w = p;
        while (*p && *p != ' ') p++;
        int last = !*p;
        size_t wl = (size_t)(p - w);
        if (wl == 3 && !memcmp(w, "{n}", 3)) {
            if (ll) {
                char key[FK_PHR_MAXKEY + 1];
                lit[ll] = 0;
                size_t kl = fk_phr_key(lit, key, sizeof key);
                if (!kl || ne >= 15) {
                    fk_lines_error(r, line, lit_at, "literal too long");
                    return;
                }
                els[ne++] = (fk_range_el){fk_arena_strndup(&n->arena, key, kl), kl};
                ll = 0;
            }
            if (ne && !els[ne - 1].key) {
                fk_lines_error(r, line, w, "two slots need a literal between them");
                return;
            }
            if (ne >= 15) {
                fk_lines_error(r, line, w, "pattern too long");
                return;
            }
            els[ne++] = (fk_range_el){NULL, 0};
            slots++;
        } else if (wl) {
            if (!ll) lit_at = w;
            if (ll + wl + 2 >= sizeof lit) {
                fk_lines_error(r, line, w, "literal too long");
                return;
            }
            if (ll) lit[ll++] = ' ';
            memcpy(lit + ll, w, wl);
            ll += wl;
        }
        if (last) break;
    }
    if (ll) {
        fk_lines_error(r, line, lit_at, "a range pattern must end with the slot {n}");
        return;
    }
    if (slots != 2) {
        fk_lines_error(r, line, f[0], "a range pattern needs exactly two slots {n} (has %zu)", slots);
        return;
    }
    rg.el = fk_arena_alloc(&n->arena, ne * sizeof *rg.el);
    memcpy(rg.el, els, ne * sizeof *els);
    rg.n = ne;
    rg.rule = rule_name(n, r, rel);
    fk_vec_push(n->ranges, rg);
}

int fk_num_load(fk_engine *e, fakty_diags *diags)
{
    fk_num *n = fk_xcalloc(1, sizeof *n);
    fk_arena_init(&n->arena, 16 * 1024);
    fk_phr_init(&n->words);
    fk_phr_init(&n->vague);
    fk_phr_init(&n->quals_before);
    fk_phr_init(&n->quals_after);
    fk_phr_init(&n->units_after);
    fk_phr_init(&n->units_before);
    e->num = n;
    int rc = 0;
    rc |= load_file(e, diags, "numbers/words.tsv", 3, 3, "`form<TAB>value<TAB>kind`", words_line);
    rc |= load_file(e, diags, "numbers/vague.tsv", 3, 3, "`form<TAB>min<TAB>max`", vague_line);
    rc |= load_file(e, diags, "numbers/qualifiers.tsv", 2, 3,
                    "`phrase<TAB>qualifier[<TAB>before|after]`", quals_line);
    rc |= load_file(e, diags, "numbers/units.tsv", 3, 4,
                    "`phrase<TAB>unit<TAB>class[<TAB>after|before]`", units_line);
    rc |= load_file(e, diags, "numbers/ranges.tsv", 1, 1, "one pattern a line with two {n} slots",
                    ranges_line);
    n->numstart = fk_filter_new();
    fk_filter_or(n->numstart, n->words.first);
    fk_filter_or(n->numstart, n->vague.first);
    n->rangestart = fk_filter_new();
    for (size_t k = 0; k < n->ranges.n; k++)
        if (n->ranges.v[k].n && n->ranges.v[k].el[0].key)
            fk_filter_add_prefixes(n->rangestart, n->ranges.v[k].el[0].key, n->ranges.v[k].el[0].klen);
    n->anystart = fk_filter_new();
    fk_filter_or(n->anystart, n->numstart);
    fk_filter_or(n->anystart, n->rangestart);
    fk_filter_or(n->anystart, n->quals_before.first);
    return rc;
}

void fk_num_free(fk_num *n)
{
    if (!n) return;
    fk_phr_free(&n->words);
    fk_phr_free(&n->vague);
    fk_phr_free(&n->quals_before);
    fk_phr_free(&n->quals_after);
    fk_phr_free(&n->units_after);
    fk_phr_free(&n->units_before);
    fk_vec_free(n->ranges);
    free(n->numstart);
    free(n->rangestart);
    free(n->anystart);
    fk_arena_free(&n->arena);
    free(n);
}

/* ---- running --------------------------------------------------------------- */

static int is_punct(const fk_doc *d, size_t t, char c)
{
    const fk_token *k = &d->toks.v[t];
    return k->kind == FK_TOK_PUNCT && k->end - k->start == 1 && d->text[k->start] == c;
}

/* Value of a Roman numeral in upper case (I V X L C only), 0 if not one. */
static int roman_value(const char *s, size_t n)
{
    static const char order[] = "IVXLC";
    static const int val[] = {1, 5, 10, 50, 100};
    int total = 0, prev = 0;
    for (size_t i = n; i-- > 0;) {
        const char *p = memchr(order, s[i], 5);
        if (!p) return 0;
        int v = val[p - order];
        total += v < prev ? -v : v;
        if (v > prev) prev = v;
    }
    /* reject non-canonical forms by re-encoding */
    static const char *const tens[] = {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
    static const char *const ones[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
    if (total <= 0 || total >= 100) return 0;
    char buf[16];
    snprintf(buf, sizeof buf, "%s%s", tens[total / 10], ones[total % 10]);
    return strlen(buf) == n && !memcmp(buf, s, n) ? total : 0;
}

typedef struct qbuild {
    fk_quantity q;
    size_t tok0, tok1;
} qbuild;

static void set_qualified(fk_quantity *q, const fk_numval *v, int qual)
{
    q->has_value = q->has_min = q->has_max = 0;
    if (v->flags & NV_VAGUE) {
        q->qualifier = FK_Q_VAGUE;
        q->has_min = q->has_max = 1;
        q->min = v->min;
        q->max = v->max;
        return;
    }
    q->qualifier = qual;
    q->has_value = 1;
    q->value = v->value;
    switch (qual) {
    case FK_Q_EXACT: q->has_min = q->has_max = 1; q->min = q->max = v->value; break;
    case FK_Q_MORE_THAN:
    case FK_Q_AT_LEAST: q->has_min = 1; q->min = v->value; break;
    case FK_Q_LESS_THAN:
    case FK_Q_AT_MOST: q->has_max = 1; q->max = v->value; break;
    default: break;
    }
}

/* Try a range pattern at token i. */
static int try_range(const fk_num *n, const fk_doc *d, const fk_range *rg, size_t i, size_t lim,
                     const fk_numval *at_i, fk_numval *a, fk_numval *b, size_t *end)
{
    size_t t = i;
    int slot = 0;
    for (size_t k = 0; k < rg->n; k++) {
        if (rg->el[k].key) {
            size_t e = fk_phr_literal(d, t, lim, rg->el[k].key, rg->el[k].klen);
            if (!e) return 0;
            t = e;
        } else {
            fk_numval *v = slot++ ? b : a;
            if (t == i) { /* the number at i, parsed once for all patterns */
                if (!at_i) return 0;
                *v = *at_i;
            } else if (!fk_num_parse(n, d, t, lim, v)) {
                return 0;
            }
            if (v->flags & NV_VAGUE) return 0;
            t = v->tok1;
        }
    }
    /* "od 10 do 20 tysięcy", "2–3 mln": the multiplier of the second
     * applies to the first */
    if ((b->flags & NV_MULT) && !(a->flags & NV_MULT) && a->value * b->mult <= b->value) {
        a->value *= b->mult;
        a->mult = b->mult;
    }
    if (!(a->value < b->value)) return 0;
    *end = t;
    return 1;
}

int fk_num_range_covers(const fk_num *n, const fk_doc *d, size_t lo, size_t i, size_t lim)
{
    fk_numval a, b;
    for (size_t k = 1; k <= 6 && k <= i && i - k >= lo; k++) {
        size_t s = i - k;
        fk_numval first;
        int have = fk_num_parse(n, d, s, lim, &first);
        for (size_t r = 0; r < n->ranges.n; r++) {
            size_t e;
            if (try_range(n, d, &n->ranges.v[r], s, lim, have ? &first : NULL, &a, &b, &e) && e > i)
                return 1;
        }
    }
    return 0;
}

static void finish(const fk_num *n, fk_doc *d, qbuild *qb, const fk_numval *core, size_t lim,
                   size_t lo)
{
    fk_quantity *q = &qb->q;
    /* qualifiers written after the number ("300 z górą") */
    size_t e = 0;
    const fk_qual *qa = fk_phr_match(&n->quals_after, d, qb->tok1, lim, &e);
    if (qa && qa->qualifier == FK_Q_EXACT && q->qualifier != FK_Q_EXACT && core) {
        /* an exact phrase after the number cancels the qualifier before it
         * ("Do 12 wzrosła liczba ofiar": 12, not at most 12); like every
         * exact phrase it is not part of the quantity's text */
        set_qualified(q, core, FK_Q_EXACT);
        qb->tok0 = core->tok0;
    } else if (qa && qa->qualifier != FK_Q_EXACT && q->qualifier == FK_Q_EXACT && core) {
        set_qualified(q, core, qa->qualifier);
        qb->tok1 = e;
    }
    /* unit after */
    const fk_unit *u = fk_phr_match(&n->units_after, d, qb->tok1, lim, &e);
    if (u) {
        q->unit = u->unit;
        if (u->cls != UC_COUNT) q->flags |= FK_QF_NOCOUNT;
        if (u->cls == UC_PERCENT) q->flags |= FK_QF_PERCENT;
        if (u->cls == UC_ORDINAL) q->flags |= FK_QF_ORDINAL;
        qb->tok1 = e;
    }
    /* prefix before ("nr 5", "art. 148", "$5") */
    size_t s = 0;
    u = fk_phr_match_before(&n->units_before, d, lo, qb->tok0, &s);
    if (u) {
        if (!q->unit) q->unit = u->unit;
        if (u->cls != UC_COUNT) q->flags |= FK_QF_NOCOUNT;
        qb->tok0 = s;
        /* a reference number goes on in digit groups ("pod numerem
         * 47 871 52 00"): one quantity, its value is no amount */
        if (u->cls == UC_REF && qb->tok1 < lim && d->toks.v[qb->tok1].kind == FK_TOK_NUMBER &&
            !(d->toks.v[qb->tok1].flags & FK_TF_NEWLINE)) {
            while (qb->tok1 < lim && d->toks.v[qb->tok1].kind == FK_TOK_NUMBER &&
                   !(d->toks.v[qb->tok1].flags & FK_TF_NEWLINE))
                qb->tok1++;
            q->has_value = q->has_min = q->has_max = 0;
        }
    }
    /* ordinal "2. miejsce": a bare number, a glued dot, more of the sentence
     * after it, not capitalised */
    if (core && (core->flags & (NV_DIGITS | NV_GROUPED | NV_DECIMAL | NV_MULT)) == NV_DIGITS &&
        core->tok1 == core->tok0 + 1 && qb->tok1 == core->tok1 && qb->tok1 + 1 < lim &&
        is_punct(d, qb->tok1, '.') && !(d->toks.v[qb->tok1].flags & FK_TF_SPACE) &&
        !(d->toks.v[qb->tok1 + 1].flags & FK_TF_UPPER) && d->toks.v[qb->tok1 + 1].kind != FK_TOK_NUMBER) {
        q->flags |= FK_QF_ORDINAL | FK_QF_NOCOUNT;
        qb->tok1++;
    }
    q->tok0 = (uint32_t)qb->tok0;
    q->tok1 = (uint32_t)qb->tok1;
    q->start = d->toks.v[qb->tok0].start;
    q->end = d->toks.v[qb->tok1 - 1].end;
    q->sentence = d->toks.v[qb->tok0].sentence;
    fk_vec_push(d->qtys, *q);
}

/* Can a quantity begin at token i? 0: certainly not. Most words begin
 * nothing that at() looks for: no Roman numeral, no hyphenated number
 * words, no number, no range literal, no qualifier. */
static int may_start(const fk_num *n, const fk_doc *d, size_t i)
{
    const fk_token *tk = &d->toks.v[i];
    if (tk->kind == FK_TOK_NUMBER) return 1;
    if (tk->kind != FK_TOK_WORD) return 0;
    return (tk->flags & (FK_TF_ALLUPPER | FK_TF_HYPHEN)) || fk_filter_has(n->anystart, tk->fold_hash);
}

/* Annotate at token i; returns the token after the quantity or 0. */
static size_t at(const fk_num *n, fk_doc *d, size_t i, size_t lim, size_t lo)
{
    const fk_token *tk = &d->toks.v[i];
    /* a word that begins no number, no range and is neither a Roman
     * numeral nor hyphenated can only be a qualifier before a number */
    if (tk->kind == FK_TOK_WORD && !(tk->flags & (FK_TF_ALLUPPER | FK_TF_HYPHEN)) &&
        !fk_filter_has(n->numstart, tk->fold_hash) && !fk_filter_has(n->rangestart, tk->fold_hash)) {
        size_t e = 0;
        if (!fk_phr_match(&n->quals_before, d, i, lim, &e) || e >= lim || !fk_num_may_start(n, d, e)) return 0;
    }
    qbuild qb;
    memset(&qb, 0, sizeof qb);
    fk_numval a, b;

    /* "2:1", "14:30" outside a date: a score or a clock time, never a count */
    if (tk->kind == FK_TOK_NUMBER && i + 2 < lim && is_punct(d, i + 1, ':') &&
        !(d->toks.v[i + 1].flags & FK_TF_SPACE) && d->toks.v[i + 2].kind == FK_TOK_NUMBER &&
        !(d->toks.v[i + 2].flags & FK_TF_SPACE)) {
        qb.q.flags = FK_QF_NOCOUNT;
        qb.q.rule = "numbers:ratio";
        qb.tok0 = i;
        qb.tok1 = i + 3;
        finish(n, d, &qb, NULL, lim, lo);
        return i + 3;
    }
    /* Roman numerals: ordinals */
    if (tk->kind == FK_TOK_WORD && (tk->flags & FK_TF_ALLUPPER)) {
        int r = roman_value(d->text + tk->start, tk->end - tk->start);
        if (r) {
            qb.q.flags = FK_QF_NOCOUNT | FK_QF_ORDINAL;
            qb.q.has_value = qb.q.has_min = qb.q.has_max = 1;
            qb.q.value = qb.q.min = qb.q.max = r;
            qb.q.rule = "numbers:roman";
            qb.tok0 = i;
            qb.tok1 = i + 1;
            finish(n, d, &qb, NULL, lim, lo);
            return i + 1;
        }
    }
    /* "1.5", "3.2.1": dotted digits that are not thousands grouping (a
     * version, a decimal written the English way): no quantity */
    if (tk->kind == FK_TOK_NUMBER && i + 2 < lim && is_punct(d, i + 1, '.') &&
        !(d->toks.v[i + 1].flags & FK_TF_SPACE) && d->toks.v[i + 2].kind == FK_TOK_NUMBER &&
        !(d->toks.v[i + 2].flags & FK_TF_SPACE) &&
        !(fk_num_parse(n, d, i, lim, &a) && (a.flags & NV_GROUPED))) {
        size_t j = i + 1;
        while (j + 1 < lim && is_punct(d, j, '.') && !(d->toks.v[j].flags & FK_TF_SPACE) &&
               d->toks.v[j + 1].kind == FK_TOK_NUMBER && !(d->toks.v[j + 1].flags & FK_TF_SPACE))
            j += 2;
        return j;
    }
    /* "dwa-trzy tysiące", "pięć-sześć": one hyphenated word, two number words */
    if (tk->kind == FK_TOK_WORD && (tk->flags & FK_TF_HYPHEN)) {
        const char *f = fk_tok_fold(d, i);
        const char *h = strchr(f, '-');
        const fk_numword *w1 = h ? fk_phr_get(&n->words, f, (size_t)(h - f)) : NULL;
        const fk_numword *w2 = w1 ? fk_phr_get(&n->words, h + 1, strlen(h + 1)) : NULL;
        if (w1 && w2 && w1->kind != NW_MULT && w2->kind != NW_MULT && w1->kind != NW_AND &&
            w2->kind != NW_AND && w1->value < w2->value) {
            double mult = 1;
            size_t e2 = i + 1, e3;
            const fk_numword *m = fk_phr_match(&n->words, d, e2, lim, &e3);
            if (m && m->kind == NW_MULT) mult = m->value, e2 = e3;
            qb.q.qualifier = FK_Q_RANGE;
            qb.q.has_min = qb.q.has_max = 1;
            qb.q.min = w1->value * mult;
            qb.q.max = w2->value * mult;
            qb.q.flags = FK_QF_WORDS;
            qb.q.rule = "numbers:words-range";
            qb.tok0 = i;
            qb.tok1 = e2;
            finish(n, d, &qb, NULL, lim, lo);
            return qb.tok1;
        }
    }
    /* ranges */
    fk_numval first;
    int have_first = fk_num_parse(n, d, i, lim, &first);
    const char *fold_i = fk_tok_fold(d, i);
    for (size_t k = 0; k < n->ranges.n; k++) {
        size_t e;
        const fk_range *rg = &n->ranges.v[k];
        /* quick rejections try_range would reach too: a number slot first
         * needs a number here; a literal first must begin with this token */
        if (rg->n && !rg->el[0].key && !have_first) continue;
        if (rg->n && rg->el[0].key && rg->el[0].klen && fold_i[0] != rg->el[0].key[0]) continue;
        /* a number first: the literal after it must begin with the token
         * after the number */
        if (rg->n > 1 && !rg->el[0].key && rg->el[1].key && rg->el[1].klen &&
            (first.tok1 >= lim || fk_tok_fold(d, first.tok1)[0] != rg->el[1].key[0]))
            continue;
        if (try_range(n, d, rg, i, lim, have_first ? &first : NULL, &a, &b, &e)) {
            qb.q.qualifier = FK_Q_RANGE;
            qb.q.has_min = qb.q.has_max = 1;
            qb.q.min = a.value;
            qb.q.max = b.value;
            qb.q.flags = ((a.flags | b.flags) & NV_WORDS) ? FK_QF_WORDS : 0;
            qb.q.rule = n->ranges.v[k].rule;
            qb.tok0 = i;
            qb.tok1 = e;
            finish(n, d, &qb, NULL, lim, lo);
            return qb.tok1;
        }
    }
    /* qualifier + number */
    size_t e = 0;
    const fk_qual *ql = fk_phr_match(&n->quals_before, d, i, lim, &e);
    if (ql && e < lim && fk_num_parse(n, d, e, lim, &a)) {
        set_qualified(&qb.q, &a, ql->qualifier);
        qb.q.rule = ql->rule;
        /* an "exact" qualifier phrase ("wzrosła do") is a blocker: it is
         * not part of the quantity's text */
        qb.tok0 = ql->qualifier == FK_Q_EXACT ? e : i;
    } else if (have_first) {
        a = first;
        set_qualified(&qb.q, &a, FK_Q_EXACT);
        qb.q.rule = (a.flags & NV_VAGUE) ? "numbers:vague" : (a.flags & NV_WORDS) ? "numbers:words"
                                                                                  : "numbers:digits";
        qb.tok0 = i;
    } else {
        return 0;
    }
    if (a.flags & NV_WORDS) qb.q.flags |= FK_QF_WORDS;
    qb.tok1 = a.tok1;
    finish(n, d, &qb, &a, lim, lo);
    return qb.tok1;
}

void fk_num_run(const fk_engine *e, fk_doc *d)
{
    const fk_num *n = e->num;
    if (!d->toks.n) return;
    /* tokens inside dates are not quantities */
    unsigned char *claimed = fk_xcalloc(d->toks.n + 1, 1);
    for (size_t k = 0; k < d->dates.n; k++)
        for (size_t t = d->dates.v[k].tok0; t < d->dates.v[k].tok1 && t < d->toks.n; t++) claimed[t] = 1;
    for (size_t s = 0; s < d->sents.n; s++) {
        const fk_sentence *st = &d->sents.v[s];
        size_t i = st->tok0;
        size_t lo = st->tok0; /* prefixes may not reach into an earlier quantity */
        size_t lim = i;       /* end of the run of unclaimed tokens around i */
        while (i < st->tok1) {
            if (claimed[i]) {
                i++;
                lo = i;
                continue;
            }
            if (lim <= i) {
                lim = i;
                while (lim < st->tok1 && !claimed[lim]) lim++;
            }
            size_t next = may_start(n, d, i) ? at(n, d, i, lim, lo) : 0;
            if (next > i) {
                lo = next;
                i = next;
            } else {
                i++;
            }
        }
    }
    free(claimed);
}
