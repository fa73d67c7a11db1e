/* The HTML review page (issue 8).
 *
 * One self-contained page per run: fk_html_head() once, fk_html_doc() /
 * fk_html_error() once per document (called from worker threads: every
 * function here works on its own buffer and reads the document only), then
 * fk_html_tail().
 *
 * The article text is written with every entity, quantity, date and fact
 * evidence sentence as a <span data-kind=… data-index=…>. Spans may nest
 * and may cross; the markup is built from sorted span boundaries with a
 * stack, and a span that crosses the end of an enclosing one (or a
 * paragraph break) is split into fragments (data-frag="1", "2", …) that
 * carry the same data-kind/data-index. Offsets in the document are bytes;
 * data-start/data-end on the page are code points, like the JSON.
 *
 * The UI labels are English page chrome; fact types, categories, names and
 * rules come from the data. The CSS and JavaScript live in html_assets.c. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "writers.h"

extern const char fk_html_css[];
extern const char fk_html_js_pre[];
extern const char fk_html_js[];

/* Escape for text and for double-quoted attribute values alike. A CR is
 * written as a character reference so that the DOM keeps it (the HTML
 * parser turns a literal CR into LF); in attributes LF is written as a
 * reference too, so that each tag stays on one line. */
/* The bytes sb_escn replaces: 1 always, 2 in attributes only. */
static const unsigned char html_special[256] = {
    ['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1, ['\r'] = 1, ['\0'] = 1, ['\n'] = 2,
};

static void sb_escn(fk_sb *b, const char *s, size_t n, int attr)
{
    unsigned mask = attr ? 3 : 1;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(html_special[(unsigned char)s[i]] & mask)) continue;
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\r': rep = "&#13;"; break;
        case '\n': rep = attr ? "&#10;" : NULL; break;
        case '\0': rep = "\xEF\xBF\xBD"; break; /* never in repaired text; belt and braces */
        default: break;
        }
        if (!rep) continue;
        if (i > run) fk_sb_putn(b, s + run, i - run);
        fk_sb_puts(b, rep);
        run = i + 1;
    }
    if (n > run) fk_sb_putn(b, s + run, n - run);
}

static void sb_esc(fk_sb *b, const char *s) { if (s) sb_escn(b, s, strlen(s), 0); }
static void sb_attr(fk_sb *b, const char *s) { if (s) sb_escn(b, s, strlen(s), 1); }

/* A number as cJSON prints it (shortest of %.15g / %.17g that round-trips). */
static void fmt_num(char *buf, size_t n, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "null");
        return;
    }
    if (n >= 32 && fk_jw_format_short(buf, v)) return;
    snprintf(buf, n, "%1.15g", v);
    if (strtod(buf, NULL) != v) snprintf(buf, n, "%1.17g", v);
}

static void sb_num(fk_sb *b, double v)
{
    char buf[40];
    fmt_num(buf, sizeof buf, v);
    fk_sb_puts(b, buf);
}

/* ---- small helpers -------------------------------------------------------- */

static const char *ent_type_name(int t) { return t == FK_PER ? "PER" : t == FK_LOC ? "LOC" : "ORG"; }
static const char *ent_type_label(int t) { return t == FK_PER ? "person" : t == FK_LOC ? "place" : "organization"; }

static const char *qual_name(int q)
{
    return q >= FK_Q_EXACT && q <= FK_Q_VAGUE ? fk_qualifier_names[q] : "exact";
}

static const char *date_kind_name(int k)
{
    return k >= FK_D_DATE && k <= FK_D_SET ? fk_date_kind_names[k] : "date";
}

/* Clamp a byte offset into the text and back to the start of a character. */
static uint32_t clamp_off(const fk_doc *d, uint32_t off)
{
    if (off > d->len) off = (uint32_t)d->len;
    while (off > 0 && off < d->len && ((unsigned char)d->text[off] & 0xC0) == 0x80) off--;
    return off;
}

static void slice_esc(fk_sb *b, const fk_doc *d, uint32_t b0, uint32_t b1, int attr)
{
    b0 = clamp_off(d, b0);
    b1 = clamp_off(d, b1);
    if (b1 > b0) sb_escn(b, d->text + b0, b1 - b0, attr);
}

/* The count in words: "more than 1300", "20–99 (vague)", "16". */
static void count_words(fk_sb *b, int has_v, double v, int has_min, double mn, int has_max, double mx, int q)
{
    int has_x = has_v || has_min; /* the number to qualify */
    double x = has_v ? v : mn;
    switch (q) {
    case FK_Q_MORE_THAN: case FK_Q_AT_LEAST: case FK_Q_ABOUT: {
        const char *w = q == FK_Q_MORE_THAN ? "more than " : q == FK_Q_AT_LEAST ? "at least " : "about ";
        fk_sb_puts(b, w);
        if (has_x) sb_num(b, x);
        else if (has_max) sb_num(b, mx);
        else fk_sb_puts(b, "?");
        return;
    }
    case FK_Q_LESS_THAN: case FK_Q_AT_MOST:
        fk_sb_puts(b, q == FK_Q_LESS_THAN ? "fewer than " : "at most ");
        if (has_v) sb_num(b, v);
        else if (has_max) sb_num(b, mx);
        else fk_sb_puts(b, "?");
        return;
    case FK_Q_RANGE: case FK_Q_VAGUE:
        if (has_min && has_max) {
            sb_num(b, mn);
            fk_sb_puts(b, "\xE2\x80\x93"); /* en dash */
            sb_num(b, mx);
        } else if (has_min) {
            sb_num(b, mn);
            fk_sb_puts(b, " or more");
        } else if (has_max) {
            fk_sb_puts(b, "up to ");
            sb_num(b, mx);
        } else if (has_v) {
            sb_num(b, v);
        } else {
            fk_sb_puts(b, "?");
        }
        if (q == FK_Q_VAGUE) fk_sb_puts(b, " (vague)");
        return;
    default:
        if (has_v) sb_num(b, v);
        else if (has_min && has_max && mn != mx) {
            sb_num(b, mn);
            fk_sb_puts(b, "\xE2\x80\x93");
            sb_num(b, mx);
        } else if (has_min) sb_num(b, mn);
        else if (has_max) sb_num(b, mx);
        else fk_sb_puts(b, "?");
        return;
    }
}

static void minmax_line(fk_sb *b, int has_v, double v, int has_min, double mn, int has_max, double mx, int q)
{
    fk_sb_puts(b, "value ");
    if (has_v) sb_num(b, v); else fk_sb_puts(b, "null");
    fk_sb_puts(b, ", min ");
    if (has_min) sb_num(b, mn); else fk_sb_puts(b, "null");
    fk_sb_puts(b, ", max ");
    if (has_max) sb_num(b, mx); else fk_sb_puts(b, "null");
    fk_sb_printf(b, ", qualifier %s", qual_name(q));
}

/* ---- hover text (title attributes; plain text, escaped on output) --------- */

static void title_entity(fk_sb *t, const fk_entity *e, size_t i)
{
    fk_sb_printf(t, "%s (%s) #%zu: %s", ent_type_name(e->type), ent_type_label(e->type), i, e->name ? e->name : "?");
    fk_sb_printf(t, "\nref: %s", e->ref ? e->ref : "none");
    if (e->subtype) fk_sb_printf(t, " \xC2\xB7 subtype: %s", e->subtype);
    fk_sb_printf(t, "\nrule: %s", e->rule ? e->rule : "?");
    if (e->form) fk_sb_printf(t, " \xC2\xB7 form: %s", e->form);
    fk_sb_puts(t, " \xC2\xB7 score ");
    sb_num(t, e->score);
}

static void title_quantity(fk_sb *t, const fk_quantity *q, size_t i)
{
    fk_sb_printf(t, "quantity #%zu: ", i);
    count_words(t, q->has_value, q->value, q->has_min, q->min, q->has_max, q->max, q->qualifier);
    if (q->unit) fk_sb_printf(t, " %s", q->unit);
    fk_sb_puts(t, "\n");
    minmax_line(t, q->has_value, q->value, q->has_min, q->min, q->has_max, q->max, q->qualifier);
    if (q->flags & FK_QF_NOCOUNT) fk_sb_puts(t, "\nnot used as a count (age, percent, money, date part, ordinal or measure)");
    fk_sb_printf(t, "\nrule: %s", q->rule ? q->rule : "?");
}

static void title_date(fk_sb *t, const fk_date *dt, size_t i)
{
    fk_sb_printf(t, "date #%zu: %s", i, dt->value);
    fk_sb_printf(t, "\nkind: %s", date_kind_name(dt->kind));
    if (dt->anchor[0]) fk_sb_printf(t, " \xC2\xB7 anchor: %s", dt->anchor);
    fk_sb_printf(t, "\nrule: %s", dt->rule ? dt->rule : "?");
}

static const char *fact_source_name(const fk_doc *d, const fk_fact *f)
{
    if (f->source_name) return f->source_name;
    if (f->source_ent >= 0 && (size_t)f->source_ent < d->ents.n) return d->ents.v[f->source_ent].name;
    return NULL;
}

static void title_fact(fk_sb *t, const fk_doc *d, const fk_fact *f, size_t i)
{
    fk_sb_printf(t, "fact #%zu: %s, ", i, f->type ? f->type : "?");
    count_words(t, f->count.has_value, f->count.value, f->count.has_min, f->count.min, f->count.has_max,
                f->count.max, f->count.qualifier);
    if (f->who_category) fk_sb_printf(t, " %s", f->who_category);
    fk_sb_puts(t, "\ncount: ");
    minmax_line(t, f->count.has_value, f->count.value, f->count.has_min, f->count.min, f->count.has_max,
                f->count.max, f->count.qualifier);
    if (f->who_end > f->who_start) {
        fk_sb_puts(t, "\nwho: ");
        uint32_t b0 = clamp_off(d, f->who_start), b1 = clamp_off(d, f->who_end);
        if (b1 > b0) fk_sb_putn(t, d->text + b0, b1 - b0);
    }
    if (f->where_ent >= 0 && (size_t)f->where_ent < d->ents.n) {
        const fk_entity *e = &d->ents.v[f->where_ent];
        fk_sb_printf(t, "\nwhere: %s (%s)%s", e->name ? e->name : "?", e->ref ? e->ref : "no ref",
                  f->where_from_doc ? " \xC2\xB7 from the document" : "");
    }
    if (f->when_date >= 0 && (size_t)f->when_date < d->dates.n) fk_sb_printf(t, "\nwhen: %s", d->dates.v[f->when_date].value);
    const char *src = fact_source_name(d, f);
    if (src || f->source_end > f->source_start) {
        fk_sb_puts(t, "\nsource: ");
        if (src) fk_sb_puts(t, src);
        else {
            uint32_t b0 = clamp_off(d, f->source_start), b1 = clamp_off(d, f->source_end);
            if (b1 > b0) fk_sb_putn(t, d->text + b0, b1 - b0);
        }
    }
    fk_sb_printf(t, "\nrule: %s", f->rule ? f->rule : "");
    fk_sb x = {0};
    if (fk_fact_explain(d, f, &x)) {
        fk_sb_puts(t, "\nexplain: ");
        fk_sb_putn(t, x.p, x.n);
    }
    free(x.p);
}

/* ---- spans and the highlighted text --------------------------------------- */

/* Kinds in the order they nest when their ranges are equal (outermost first). */
enum { K_FACT, K_ENT, K_DATE, K_QTY, K_ROLE };
static const char *const kind_names[] = {"fact", "entity", "date", "quantity", "role"};
enum { R_COUNT, R_WHO, R_SOURCE };
static const char *const role_names[] = {"count", "who", "source"};

typedef struct span {
    uint32_t s, e;      /* bytes, clamped */
    int kind, idx, role;
    int frags;          /* fragments written so far */
    char *open;         /* the opening tag without data-frag (malloc'd) */
} span;
typedef FK_VEC(span) span_vec;

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->s != y->s) return x->s < y->s ? -1 : 1;
    if (x->e != y->e) return x->e > y->e ? -1 : 1;
    if (x->kind != y->kind) return x->kind - y->kind;
    if (x->idx != y->idx) return x->idx - y->idx;
    return x->role - y->role;
}

static void add_span(span_vec *v, const fk_doc *d, uint32_t s, uint32_t e, int kind, int idx, int role)
{
    s = clamp_off(d, s);
    e = clamp_off(d, e);
    if (e < s) e = s;
    span sp = {s, e, kind, idx, role, 0, NULL};
    fk_vec_push(*v, sp);
}

/* Build the opening tag of a span (everything except the fragment number
 * and the closing '>'). */
static char *span_open_tag(const fk_doc *d, size_t docno, const span *sp)
{
    fk_sb b = {0}, t = {0};
    if (sp->kind == K_ROLE) {
        fk_sb_printf(&b, "<span class=\"role role-%s\" data-role=\"%s\" data-fact=\"%d\"", role_names[sp->role],
                  role_names[sp->role], sp->idx);
        return fk_sb_take(&b);
    }
    uint32_t cs = fk_doc_cp(d, sp->s), ce = fk_doc_cp(d, sp->e);
    switch (sp->kind) {
    case K_ENT: {
        const fk_entity *e = &d->ents.v[sp->idx];
        fk_sb_printf(&b, "<span class=\"hl ent ent-%s\" data-type=\"%s\"", ent_type_name(e->type), ent_type_name(e->type));
        title_entity(&t, e, (size_t)sp->idx);
        break;
    }
    case K_QTY: {
        const fk_quantity *q = &d->qtys.v[sp->idx];
        fk_sb_printf(&b, "<span class=\"hl qty%s\" data-qualifier=\"%s\"", (q->flags & FK_QF_NOCOUNT) ? " nocount" : "",
                  qual_name(q->qualifier));
        title_quantity(&t, q, (size_t)sp->idx);
        break;
    }
    case K_DATE: {
        const fk_date *dt = &d->dates.v[sp->idx];
        fk_sb_puts(&b, "<span class=\"hl date\" data-value=\"");
        sb_attr(&b, dt->value);
        fk_sb_puts(&b, "\"");
        title_date(&t, dt, (size_t)sp->idx);
        break;
    }
    default: {
        const fk_fact *f = &d->facts.v[sp->idx];
        fk_sb_puts(&b, "<span class=\"hl fact\" data-type=\"");
        sb_attr(&b, f->type);
        fk_sb_puts(&b, "\"");
        title_fact(&t, d, f, (size_t)sp->idx);
        break;
    }
    }
    fk_sb_printf(&b, " data-kind=\"%s\" data-index=\"%d\" data-start=\"%u\" data-end=\"%u\" title=\"", kind_names[sp->kind],
              sp->idx, cs, ce);
    if (t.p) sb_attr(&b, t.p);
    fk_sb_puts(&b, "\"");
    free(t.p);
    (void)docno;
    return fk_sb_take(&b);
}

static void open_span(fk_sb *o, span *sp, size_t docno)
{
    fk_sb_puts(o, sp->open);
    if (sp->frags == 0 && sp->kind == K_FACT) fk_sb_printf(o, " id=\"d%zu-f%d\"", docno, sp->idx);
    if (sp->frags > 0) fk_sb_printf(o, " data-frag=\"%d\"", sp->frags);
    fk_sb_puts(o, ">");
    sp->frags++;
}

/* A paragraph break: white space containing at least two line breaks. */
static int para_break_at(const char *s, size_t len, size_t i, size_t *end)
{
    if (s[i] != '\n' && s[i] != '\r' && s[i] != ' ' && s[i] != '\t') return 0;
    size_t j = i, nl = 0;
    while (j < len && (s[j] == '\n' || s[j] == '\r' || s[j] == ' ' || s[j] == '\t' || s[j] == '\f' || s[j] == '\v')) {
        if (s[j] == '\n') nl++;
        j++;
    }
    if (nl < 2) return 0;
    *end = j;
    return 1;
}

/* Write the text [p0, p1) of one paragraph with the spans in it.
 * `sp` is sorted; *next is the first span not yet started. Spans that
 * started in an earlier paragraph and are still open are in `carry` (in
 * nesting order) and are reopened as fragments. */
static void write_para(fk_sb *o, const fk_doc *d, size_t docno, span *sp, size_t nsp, size_t *next, uint32_t p0,
                       uint32_t p1, int **stack, size_t *depth, size_t *stcap)
{
    size_t dep = *depth;
    int *st = *stack;
    fk_sb_puts(o, "<p>");
    /* reopen what is carried over (those that end after p0) */
    size_t k = 0;
    for (size_t i = 0; i < dep; i++)
        if (sp[st[i]].e > p0) st[k++] = st[i];
    dep = k;
    for (size_t i = 0; i < dep; i++) open_span(o, &sp[st[i]], docno);

    uint32_t pos = p0;
    for (;;) {
        /* close spans that end at pos (or before: clipped by the paragraph) */
        for (;;) {
            size_t low = dep;
            for (size_t i = 0; i < dep; i++)
                if (sp[st[i]].e <= pos) {
                    low = i;
                    break;
                }
            if (low == dep) break;
            for (size_t i = dep; i > low; i--) fk_sb_puts(o, "</span>");
            size_t keep = 0;
            int *rest = st + low + 1;
            size_t nrest = dep - low - 1;
            dep = low;
            for (size_t i = 0; i < nrest; i++)
                if (sp[rest[i]].e > pos) rest[keep++] = rest[i];
            for (size_t i = 0; i < keep; i++) {
                st[dep++] = rest[i];
                open_span(o, &sp[st[dep - 1]], docno);
            }
        }
        /* open spans that start here (spans that start inside a paragraph
         * break were moved to the next paragraph's start by the caller;
         * at the end of the paragraph only empty spans can start) */
        while (*next < nsp && sp[*next].s <= pos) {
            span *x = &sp[*next];
            if (pos >= p1 && x->e > pos) break;
            int xi = (int)*next;
            (*next)++;
            if (x->e <= pos) { /* empty span: written in place */
                open_span(o, x, docno);
                fk_sb_puts(o, "</span>");
                continue;
            }
            if (dep == *stcap) {
                *stcap = *stcap ? *stcap * 2 : 16;
                st = *stack = fk_xrealloc(st, *stcap * sizeof *st);
            }
            st[dep++] = xi;
            open_span(o, x, docno);
        }
        if (pos >= p1) break;
        /* text up to the next boundary */
        uint32_t nxt = p1;
        if (*next < nsp && sp[*next].s < nxt) nxt = sp[*next].s;
        for (size_t i = 0; i < dep; i++)
            if (sp[st[i]].e < nxt) nxt = sp[st[i]].e;
        if (nxt > pos) sb_escn(o, d->text + pos, nxt - pos, 0);
        pos = nxt;
    }
    /* the paragraph ends: close everything, remember what stays open */
    for (size_t i = 0; i < dep; i++) fk_sb_puts(o, "</span>");
    fk_sb_puts(o, "</p>\n");
    *depth = dep;
}

static void write_text(fk_sb *o, const fk_doc *d, size_t docno, span *sp, size_t nsp)
{
    size_t next = 0, depth = 0, stcap = 16;
    int *stack = fk_xmalloc(stcap * sizeof *stack);
    const char *s = d->text;
    size_t len = d->len, p0 = 0;
    /* leading white space of the whole text starts no paragraph */
    while (p0 < len && (s[p0] == '\n' || s[p0] == '\r' || s[p0] == ' ' || s[p0] == '\t')) p0++;
    if (p0 == len) p0 = 0; /* blank text: one paragraph (keeps empty spans) */
    size_t i = p0;
    for (;;) {
        size_t bend = 0;
        int brk = 0;
        while (i < len && !(brk = para_break_at(s, len, i, &bend))) i++;
        uint32_t p1 = (uint32_t)i;
        if (!brk) p1 = (uint32_t)len;
        /* spans starting inside the following break (or at its start, when
         * empty) belong to the next paragraph: move them there */
        size_t k0 = next, k1;
        while (brk && k0 < nsp && sp[k0].s < p1) k0++;
        for (k1 = k0; brk && k1 < nsp && sp[k1].s < bend; k1++) {
            sp[k1].s = (uint32_t)bend;
            if (sp[k1].e < sp[k1].s) sp[k1].e = sp[k1].s;
        }
        if (k1 > k0) {
            /* the moved spans now start where the next ones do: re-sort
             * that stretch only (the stack holds indices before `next`,
             * which never move) */
            while (k1 < nsp && sp[k1].s == bend) k1++;
            qsort(sp + k0, k1 - k0, sizeof *sp, span_cmp);
        }
        write_para(o, d, docno, sp, nsp, &next, (uint32_t)p0, p1, &stack, &depth, &stcap);
        if (!brk) break;
        p0 = bend;
        i = bend;
        if (p0 >= len) {
            /* trailing white space: write any remaining (empty) spans */
            if (next < nsp) write_para(o, d, docno, sp, nsp, &next, (uint32_t)len, (uint32_t)len, &stack, &depth, &stcap);
            break;
        }
    }
    free(stack);
}

/* ---- the facts table ------------------------------------------------------ */

static void fact_row(fk_sb *o, const fk_doc *d, size_t docno, size_t i)
{
    const fk_fact *f = &d->facts.v[i];
    fk_sb_printf(o, "<tr id=\"d%zu-r%zu\" data-fact=\"%zu\"", docno, i, i);
    if (f->count.qty >= 0 && (size_t)f->count.qty < d->qtys.n) fk_sb_printf(o, " data-qty=\"%d\"", f->count.qty);
    if (f->where_ent >= 0 && (size_t)f->where_ent < d->ents.n) fk_sb_printf(o, " data-where=\"%d\"", f->where_ent);
    if (f->when_date >= 0 && (size_t)f->when_date < d->dates.n) fk_sb_printf(o, " data-when=\"%d\"", f->when_date);
    if (f->source_ent >= 0 && (size_t)f->source_ent < d->ents.n) fk_sb_printf(o, " data-source=\"%d\"", f->source_ent);
    fk_sb_puts(o, ">");

    /* # and jump link */
    uint32_t si = f->sentence < d->sents.n ? f->sentence : 0;
    fk_sb_printf(o, "<td class=\"num\"><a class=\"jump\" href=\"#d%zu-f%zu\" title=\"Show the evidence sentence in the article\">%zu</a></td>",
              docno, i, i);
    /* type + rule */
    fk_sb_puts(o, "<td><span class=\"ftype\">");
    sb_esc(o, f->type);
    fk_sb_puts(o, "</span><div class=\"rule\">");
    sb_esc(o, f->rule);
    fk_sb_puts(o, "</div></td>");
    /* count */
    fk_sb_printf(o, "<td class=\"count\" data-qualifier=\"%s\"><span class=\"cwords\">", qual_name(f->count.qualifier));
    count_words(o, f->count.has_value, f->count.value, f->count.has_min, f->count.min, f->count.has_max, f->count.max,
                f->count.qualifier);
    fk_sb_puts(o, "</span>");
    if (f->count.end > f->count.start) {
        fk_sb_puts(o, "<div class=\"surface\">\xE2\x80\x9C");
        slice_esc(o, d, f->count.start, f->count.end, 0);
        fk_sb_puts(o, "\xE2\x80\x9D</div>");
    }
    fk_sb_puts(o, "</td>");
    /* who */
    fk_sb_puts(o, "<td>");
    if (f->who_end > f->who_start) slice_esc(o, d, f->who_start, f->who_end, 0);
    else if (!f->who_category) fk_sb_puts(o, "<span class=\"none\">\xE2\x80\x94</span>");
    if (f->who_category) {
        fk_sb_puts(o, " <span class=\"cat\">");
        sb_esc(o, f->who_category);
        fk_sb_puts(o, "</span>");
    }
    fk_sb_puts(o, "</td>");
    /* where */
    fk_sb_puts(o, "<td>");
    if (f->where_ent >= 0 && (size_t)f->where_ent < d->ents.n) {
        const fk_entity *e = &d->ents.v[f->where_ent];
        sb_esc(o, e->name ? e->name : "?");
        if (e->end > e->start) {
            fk_sb_puts(o, "<div class=\"surface\">\xE2\x80\x9C");
            slice_esc(o, d, e->start, e->end, 0);
            fk_sb_puts(o, "\xE2\x80\x9D</div>");
        }
        if (e->ref) {
            fk_sb_puts(o, "<div class=\"ref\">");
            sb_esc(o, e->ref);
            fk_sb_puts(o, "</div>");
        }
        if (f->where_from_doc) fk_sb_puts(o, "<div class=\"note\">from the document</div>");
    } else {
        fk_sb_puts(o, "<span class=\"none\">\xE2\x80\x94</span>");
    }
    fk_sb_puts(o, "</td>");
    /* when */
    fk_sb_puts(o, "<td>");
    if (f->when_date >= 0 && (size_t)f->when_date < d->dates.n) {
        const fk_date *t = &d->dates.v[f->when_date];
        fk_sb_puts(o, "<span class=\"iso\">");
        sb_esc(o, t->value);
        fk_sb_puts(o, "</span><div class=\"surface\">\xE2\x80\x9C");
        slice_esc(o, d, t->start, t->end, 0);
        fk_sb_puts(o, "\xE2\x80\x9D</div>");
    } else {
        fk_sb_puts(o, "<span class=\"none\">\xE2\x80\x94</span>");
    }
    fk_sb_puts(o, "</td>");
    /* source */
    fk_sb_puts(o, "<td>");
    const char *src = fact_source_name(d, f);
    if (src) sb_esc(o, src);
    if (f->source_end > f->source_start) {
        fk_sb_puts(o, "<div class=\"surface\">\xE2\x80\x9C");
        slice_esc(o, d, f->source_start, f->source_end, 0);
        fk_sb_puts(o, "\xE2\x80\x9D</div>");
    }
    if (!src && !(f->source_end > f->source_start)) fk_sb_puts(o, "<span class=\"none\">\xE2\x80\x94</span>");
    fk_sb_puts(o, "</td>");
    /* evidence: the sentence, with the count marked */
    fk_sb_puts(o, "<td class=\"evidence\">");
    if (d->sents.n) {
        const fk_sentence *s = &d->sents.v[si];
        uint32_t s0 = clamp_off(d, s->start), s1 = clamp_off(d, s->end);
        uint32_t c0 = clamp_off(d, f->count.start), c1 = clamp_off(d, f->count.end);
        fk_sb_printf(o, "<span class=\"sno\">sentence %u:</span> ", si);
        if (c1 > c0 && c0 >= s0 && c1 <= s1) {
            slice_esc(o, d, s0, c0, 0);
            fk_sb_puts(o, "<mark>");
            slice_esc(o, d, c0, c1, 0);
            fk_sb_puts(o, "</mark>");
            slice_esc(o, d, c1, s1, 0);
        } else {
            slice_esc(o, d, s0, s1, 0);
        }
    }
    fk_sb_puts(o, "</td></tr>\n");
}

#define PL(n) ((n) == 1 ? "" : "s")

/* ---- public ---------------------------------------------------------------- */

char *fk_html_head(void)
{
    fk_sb o = {0};
    fk_sb_puts(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
                "<meta name=\"generator\" content=\"fakty " FAKTY_VERSION "\">\n"
                "<title>fakty review</title>\n<style>\n");
    fk_sb_puts(&o, fk_html_css);
    fk_sb_puts(&o, "</style>\n<script>\n");
    fk_sb_puts(&o, fk_html_js_pre);
    fk_sb_puts(&o, "</script>\n<script>\n");
    fk_sb_puts(&o, fk_html_js);
    fk_sb_puts(&o, "</script>\n</head>\n<body>\n"
                "<header class=\"page-head\">\n<h1>fakty review page</h1>\n"
                "<p class=\"intro\">Every number in a fact must be checked against its sentence before print. "
                "Click a row of a facts table to jump to its evidence sentence; hover a highlight to see "
                "the rule that produced it and its normalised value.</p>\n"
                "<div class=\"legend\" role=\"group\" aria-label=\"Legend and display toggles\">\n"
                "<span class=\"legend-title\">Legend:</span>\n"
                "<label><input type=\"checkbox\" data-toggle=\"fact\" checked> <span class=\"sw fact\">fact evidence</span></label>\n"
                "<label><input type=\"checkbox\" data-toggle=\"entity\" checked> <span class=\"sw ent ent-PER\">person</span> "
                "<span class=\"sw ent ent-LOC\">place</span> <span class=\"sw ent ent-ORG\">organization</span></label>\n"
                "<label><input type=\"checkbox\" data-toggle=\"quantity\" checked> <span class=\"sw qty\">number</span> "
                "<span class=\"sw qty nocount\">number, not a count</span></label>\n"
                "<label><input type=\"checkbox\" data-toggle=\"date\" checked> <span class=\"sw date\">date</span></label>\n"
                "</div>\n</header>\n"
                "<nav id=\"toc\" aria-label=\"Documents\">\n<h2>Documents</h2>\n<p id=\"toc-total\"></p>\n"
                "<ol id=\"toc-list\"></ol>\n"
                "<noscript><p>The list of documents needs JavaScript; the documents follow in input order.</p></noscript>\n"
                "</nav>\n<main id=\"docs\">\n");
    return fk_sb_take(&o);
}

static void doc_title(fk_sb *o, const char *id, const char *path, size_t index, int attr)
{
    if (id && *id) sb_escn(o, id, strlen(id), attr);
    else if (path && *path) sb_escn(o, path, strlen(path), attr);
    else fk_sb_printf(o, "Document %zu", index + 1);
}

enum { META_SHOWN_MAX = 400 }; /* bytes of one meta value shown */

/* A JSONL record's other fields, as a definition list. */
static void meta_list(fk_sb *o, const cJSON *meta)
{
    if (!cJSON_IsObject(meta) || !meta->child) return;
    fk_sb_puts(o, "<dl class=\"docmeta\">");
    for (const cJSON *it = meta->child; it; it = it->next) {
        fk_sb_puts(o, "<dt>");
        sb_esc(o, it->string ? it->string : "");
        fk_sb_puts(o, "</dt><dd>");
        char *own = cJSON_IsString(it) ? NULL : cJSON_PrintUnformatted(it);
        const char *v = cJSON_IsString(it) ? it->valuestring : own;
        size_t n = v ? strlen(v) : 0;
        if (n > META_SHOWN_MAX) {
            size_t k = META_SHOWN_MAX;
            while (k > 0 && ((unsigned char)v[k] & 0xC0) == 0x80) k--; /* a whole character */
            sb_escn(o, v, k, 0);
            fk_sb_puts(o, "\xE2\x80\xA6");
        } else if (v) {
            sb_escn(o, v, n, 0);
        }
        free(own);
        fk_sb_puts(o, "</dd>");
    }
    fk_sb_puts(o, "</dl>\n");
}

char *fk_html_doc(const fk_doc *d, size_t index, unsigned flags) { return fk_html_doc_meta(d, index, flags, NULL); }

char *fk_html_doc_meta(const fk_doc *d, size_t index, unsigned flags, const cJSON *meta)
{
    FK_UNUSED(flags);
    fk_sb o = {0};
    size_t nper = 0, nloc = 0, norg = 0;
    for (size_t i = 0; i < d->ents.n; i++) {
        int t = d->ents.v[i].type;
        if (t == FK_PER) nper++;
        else if (t == FK_LOC) nloc++;
        else norg++;
    }
    fk_sb_printf(&o, "<section class=\"doc\" id=\"doc%zu\" data-doc=\"%zu\" data-title=\"", index, index);
    doc_title(&o, d->id, d->path, index, 1);
    fk_sb_printf(&o, "\" data-entities=\"%zu\" data-quantities=\"%zu\" data-dates=\"%zu\" data-facts=\"%zu\" "
                  "data-warnings=\"%zu\" aria-labelledby=\"doc%zu-h\">\n",
              d->ents.n, d->qtys.n, d->dates.n, d->facts.n, d->warnings.n, index);

    /* summary header */
    fk_sb_printf(&o, "<header class=\"doc-head\">\n<h2 id=\"doc%zu-h\"><span class=\"docno\">%zu.</span> ", index, index + 1);
    doc_title(&o, d->id, d->path, index, 0);
    fk_sb_puts(&o, "</h2>\n<p class=\"meta\">");
    if (d->id && d->path) {
        fk_sb_puts(&o, "path: <code>");
        sb_esc(&o, d->path);
        fk_sb_puts(&o, "</code> \xC2\xB7 ");
    }
    if (d->has_date) fk_sb_printf(&o, "document date: <b>%04d-%02d-%02d</b>", d->year, d->month, d->day);
    else fk_sb_puts(&o, "document date: <b>unknown</b>");
    fk_sb_printf(&o, " \xC2\xB7 %u characters \xC2\xB7 %zu sentences</p>\n", fk_doc_cp(d, (uint32_t)d->len), d->sents.n);
    fk_sb_printf(&o, "<ul class=\"counts\">"
                  "<li class=\"c-facts\"><span class=\"key fact\"></span><b>%zu</b> fact%s</li>"
                  "<li><b>%zu</b> entit%s: <span class=\"key ent-PER\"></span>%zu person, "
                  "<span class=\"key ent-LOC\"></span>%zu place, <span class=\"key ent-ORG\"></span>%zu org.</li>"
                  "<li><span class=\"key qty\"></span><b>%zu</b> number%s</li>"
                  "<li><span class=\"key date\"></span><b>%zu</b> date%s</li>"
                  "<li%s><b>%zu</b> warning%s</li></ul>\n",
              d->facts.n, PL(d->facts.n), d->ents.n, d->ents.n == 1 ? "y" : "ies", nper, nloc, norg, d->qtys.n,
              PL(d->qtys.n), d->dates.n, PL(d->dates.n), d->warnings.n ? " class=\"c-warn\"" : "", d->warnings.n,
              PL(d->warnings.n));
    meta_list(&o, meta);
    fk_sb_puts(&o, "</header>\n");

    if (d->warnings.n) {
        fk_sb_puts(&o, "<div class=\"warnings\"><h3>Warnings</h3><ul>");
        for (size_t i = 0; i < d->warnings.n; i++) {
            fk_sb_puts(&o, "<li>");
            sb_esc(&o, d->warnings.v[i]);
            fk_sb_puts(&o, "</li>");
        }
        fk_sb_puts(&o, "</ul></div>\n");
    }

    /* facts table */
    fk_sb_printf(&o, "<h3>Facts</h3>\n");
    if (d->facts.n) {
        fk_sb_printf(&o, "<div class=\"tablewrap\"><table class=\"facts\" aria-label=\"Facts of document %zu\">\n"
                      "<thead><tr><th scope=\"col\" title=\"Index in the JSON facts array\">#</th>"
                      "<th scope=\"col\">Type / rule</th><th scope=\"col\">Count</th><th scope=\"col\">Who</th>"
                      "<th scope=\"col\">Where</th><th scope=\"col\">When</th><th scope=\"col\">Source</th>"
                      "<th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n",
                  index + 1);
        for (size_t i = 0; i < d->facts.n; i++) fact_row(&o, d, index, i);
        fk_sb_puts(&o, "</tbody></table></div>\n");
    } else {
        fk_sb_puts(&o, "<p class=\"nofacts\">No facts found in this document.</p>\n");
    }

    /* the article */
    span_vec sp = {0};
    for (size_t i = 0; i < d->facts.n; i++) {
        const fk_fact *f = &d->facts.v[i];
        if (d->sents.n) {
            const fk_sentence *s = &d->sents.v[f->sentence < d->sents.n ? f->sentence : 0];
            add_span(&sp, d, s->start, s->end, K_FACT, (int)i, 0);
        } else {
            add_span(&sp, d, 0, 0, K_FACT, (int)i, 0);
        }
        if (f->count.end > f->count.start) add_span(&sp, d, f->count.start, f->count.end, K_ROLE, (int)i, R_COUNT);
        if (f->who_end > f->who_start) add_span(&sp, d, f->who_start, f->who_end, K_ROLE, (int)i, R_WHO);
        if (f->source_end > f->source_start)
            add_span(&sp, d, f->source_start, f->source_end, K_ROLE, (int)i, R_SOURCE);
    }
    for (size_t i = 0; i < d->ents.n; i++)
        add_span(&sp, d, d->ents.v[i].start, d->ents.v[i].end, K_ENT, (int)i, 0);
    for (size_t i = 0; i < d->qtys.n; i++)
        add_span(&sp, d, d->qtys.v[i].start, d->qtys.v[i].end, K_QTY, (int)i, 0);
    for (size_t i = 0; i < d->dates.n; i++)
        add_span(&sp, d, d->dates.v[i].start, d->dates.v[i].end, K_DATE, (int)i, 0);
    if (sp.n) qsort(sp.v, sp.n, sizeof *sp.v, span_cmp);
    for (size_t i = 0; i < sp.n; i++) sp.v[i].open = span_open_tag(d, index, &sp.v[i]);

    const char *lang = d->eng && d->eng->pack.lang ? d->eng->pack.lang : "";
    fk_sb_puts(&o, "<h3>Article</h3>\n<div class=\"text\" lang=\"");
    sb_attr(&o, lang);
    fk_sb_puts(&o, "\">\n");
    write_text(&o, d, index, sp.v, sp.n);
    fk_sb_puts(&o, "</div>\n</section>\n");
    for (size_t i = 0; i < sp.n; i++) free(sp.v[i].open);
    fk_vec_free(sp);
    return fk_sb_take(&o);
}

char *fk_html_error(const char *id, const char *path, const char *error, size_t index)
{
    return fk_html_error_at(id, path, 0, error, index);
}

char *fk_html_error_at(const char *id, const char *path, size_t lineno, const char *error, size_t index)
{
    fk_sb o = {0};
    fk_sb_printf(&o, "<section class=\"doc doc-error\" id=\"doc%zu\" data-doc=\"%zu\" data-title=\"", index, index);
    doc_title(&o, id, path, index, 1);
    fk_sb_puts(&o, "\" data-error=\"");
    sb_attr(&o, error ? error : "error");
    fk_sb_printf(&o, "\" aria-labelledby=\"doc%zu-h\">\n<header class=\"doc-head\">\n<h2 id=\"doc%zu-h\"><span class=\"docno\">%zu.</span> ",
              index, index, index + 1);
    doc_title(&o, id, path, index, 0);
    fk_sb_puts(&o, "</h2>\n");
    if ((id && path) || lineno) {
        fk_sb_puts(&o, "<p class=\"meta\">");
        if (lineno) fk_sb_printf(&o, "line <b>%zu</b>%s", lineno, path ? " of " : "");
        else if (path) fk_sb_puts(&o, "path: ");
        if (path && (id || lineno)) {
            fk_sb_puts(&o, "<code>");
            sb_esc(&o, path);
            fk_sb_puts(&o, "</code>");
        }
        fk_sb_puts(&o, "</p>\n");
    }
    fk_sb_puts(&o, "</header>\n<div class=\"errorbox\"><strong>Error: this document was not processed.</strong> ");
    sb_esc(&o, error ? error : "error");
    fk_sb_puts(&o, "</div>\n</section>\n");
    return fk_sb_take(&o);
}

char *fk_html_tail(size_t ndocs)
{
    return fk_xasprintf("</main>\n<footer class=\"page-foot\"><p>%zu document%s \xC2\xB7 fakty " FAKTY_VERSION
                        " \xC2\xB7 schema " FAKTY_SCHEMA "</p></footer>\n"
                        "<aside id=\"inspector\" hidden aria-live=\"polite\"></aside>\n</body>\n</html>\n",
                        ndocs, ndocs == 1 ? "" : "s");
}
