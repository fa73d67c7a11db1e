/* The fact rule language: loading word lists and rule files, compiling
 * patterns, and matching them over a sentence's tokens (backtracking with
 * a step limit). See docs/rules.md for the language itself. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "engine.h"
#include "rules.h"

const char *const fk_role_names[FK_NROLES] = {"count", "who", "where", "when", "source"};

static const char *const fact_types[] = {"killed",    "injured",  "detained", "arrested", "charged",
                                         "missing",   "evacuated", "deployed", "protesters", NULL};

enum { MATCH_STEP_LIMIT = 200000, RE_MATCH_LIMIT = 100000, RE_DEPTH_LIMIT = 1000 };

/* ---- case folding (same as the tokenizer's folds) ----------------------- */
static char *fold_str(fk_arena *a, const char *s, size_t n)
{
    char *out = fk_arena_alloc(a, n * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) c = 0xFFFD;
        c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
        U8_APPEND_UNSAFE(out, o, c);
    }
    out[o] = 0;
    return out;
}

/* ---- word lists ---------------------------------------------------------- */
typedef struct wword {
    const char *s;
    uint32_t len;
    int prefix;
} wword;

typedef struct wentry {
    wword *w;
    int n;
    const char *tag;
} wentry;

struct fk_wlist {
    char *name;
    FK_VEC(wentry) e;
    fk_map *first;      /* exact first word -> (intptr) head index + 1 */
    int *chain;         /* next entry index with the same first word, -1 */
    FK_VEC(int) prefixed; /* entries whose first word is a prefix */
    int32_t pfirst[256];  /* by the prefix's first byte: first position in prefixed + 1 */
    int32_t *pnext;       /* next position in prefixed with the same first byte + 1 */
    fk_arena arena;
    int id;             /* index into a match context's per-token cache */
};

static void wlist_free(fk_wlist *l)
{
    if (!l) return;
    free(l->name);
    fk_vec_free(l->e);
    fk_map_free(l->first);
    free(l->chain);
    fk_vec_free(l->prefixed);
    free(l->pnext);
    fk_arena_free(&l->arena);
    free(l);
}

static fk_wlist *wlist_load(const char *name, const char *path, fakty_diags *diags)
{
    fk_lines r;
    if (fk_lines_open(&r, path, diags) != 0) return NULL;
    fk_wlist *l = fk_xcalloc(1, sizeof *l);
    l->name = fk_xstrdup(name);
    fk_arena_init(&l->arena, 8192);
    l->first = fk_map_new();
    char *line;
    size_t len;
    while ((line = fk_lines_next(&r, &len))) {
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p || *p == '#') continue;
        char *tab = strchr(p, '\t');
        const char *tag = NULL;
        if (tab) {
            *tab = 0;
            char *t = fk_trim(tab + 1);
            if (!*t) {
                fk_lines_error(&r, line, tab + 1, "empty tag after TAB");
                continue;
            }
            for (char *q = t; *q; q++)
                if (!(isalnum((unsigned char)*q) || *q == '_' || *q == '-')) {
                    fk_lines_error(&r, line, q, "a tag is made of ASCII letters, digits, '_' and '-'");
                    t = NULL;
                    break;
                }
            if (!t) continue;
            tag = fk_arena_strdup(&l->arena, t);
        }
        wword ws[16];
        int nw = 0, bad = 0;
        char *q = p;
        while (*q && !bad) {
            while (*q == ' ') q++;
            if (!*q) break;
            char *w = q;
            while (*q && *q != ' ') q++;
            size_t wl = (size_t)(q - w);
            if (nw == 16) {
                fk_lines_error(&r, line, w, "an entry has at most 16 words");
                bad = 1;
                break;
            }
            int prefix = 0;
            for (size_t k = 0; k < wl; k++)
                if (w[k] == '*') {
                    if (k != wl - 1 || wl == 1) {
                        fk_lines_error(&r, line, w + k,
                                       "'*' is only allowed at the end of a word, after at least one character");
                        bad = 1;
                    }
                    prefix = 1;
                }
            if (bad) break;
            if (prefix) wl--;
            ws[nw].s = fold_str(&l->arena, w, wl);
            ws[nw].len = (uint32_t)strlen(ws[nw].s);
            ws[nw].prefix = prefix;
            nw++;
        }
        if (bad || !nw) continue;
        wentry e = {fk_arena_alloc(&l->arena, sizeof(wword) * (size_t)nw), nw, tag};
        memcpy(e.w, ws, sizeof(wword) * (size_t)nw);
        fk_vec_push(l->e, e);
    }
    fk_lines_close(&r);
    l->chain = fk_xmalloc((l->e.n + 1) * sizeof *l->chain);
    for (size_t i = 0; i < l->e.n; i++) {
        wentry *e = &l->e.v[i];
        if (e->w[0].prefix) {
            fk_vec_push(l->prefixed, (int)i);
            l->chain[i] = -1;
            continue;
        }
        int ins;
        void **slot = fk_map_slot(l->first, e->w[0].s, e->w[0].len, &ins);
        l->chain[i] = (int)(intptr_t)*slot - 1;
        *slot = (void *)(intptr_t)(i + 1);
    }
    /* prefixed entries chained by first byte, in file order */
    l->pnext = fk_xcalloc(l->prefixed.n + 1, sizeof *l->pnext);
    int32_t tail[256] = {0};
    for (size_t k = 0; k < l->prefixed.n; k++) {
        unsigned char b = (unsigned char)l->e.v[l->prefixed.v[k]].w[0].s[0];
        if (tail[b]) l->pnext[tail[b] - 1] = (int32_t)k + 1;
        else l->pfirst[b] = (int32_t)k + 1;
        tail[b] = (int32_t)k + 1;
    }
    return l;
}

static int word_ok(const wword *w, const fk_doc *d, uint32_t t)
{
    const char *f = fk_tok_fold(d, t);
    uint32_t fl = d->toks.v[t].fold_len;
    if (w->prefix) return fl >= w->len && !memcmp(f, w->s, w->len);
    return fl == w->len && !memcmp(f, w->s, w->len);
}

static int entry_at(const wentry *e, const fk_doc *d, uint32_t i, uint32_t lim)
{
    if (i + (uint32_t)e->n > lim) return 0;
    for (int k = 0; k < e->n; k++)
        if (!word_ok(&e->w[k], d, i + (uint32_t)k)) return 0;
    return 1;
}

/* Does any entry's first word match token i? */
static int wlist_first(const fk_wlist *l, const fk_doc *d, uint32_t i)
{
    const char *f = fk_tok_fold(d, i);
    if (fk_map_get_h(l->first, f, d->toks.v[i].fold_len, d->toks.v[i].fold_hash)) return 1;
    if (!d->toks.v[i].fold_len) return 0;
    for (int32_t k = l->pfirst[(unsigned char)f[0]]; k; k = l->pnext[k - 1])
        if (word_ok(&l->e.v[l->prefixed.v[k - 1]].w[0], d, i)) return 1;
    return 0;
}

/* Calls back for every entry matching at token i (ends may repeat). */
typedef int (*entry_cb)(void *arg, const wentry *e, uint32_t end);
static int wlist_each(const fk_wlist *l, const fk_doc *d, uint32_t i, uint32_t lim, entry_cb cb, void *arg)
{
    if (i >= lim) return 0;
    const char *f = fk_tok_fold(d, i);
    void *h = fk_map_get_h(l->first, f, d->toks.v[i].fold_len, d->toks.v[i].fold_hash);
    for (int k = (int)(intptr_t)h - 1; k >= 0; k = l->chain[k])
        if (entry_at(&l->e.v[k], d, i, lim)) {
            int r = cb(arg, &l->e.v[k], i + (uint32_t)l->e.v[k].n);
            if (r) return r;
        }
    if (!d->toks.v[i].fold_len) return 0;
    for (int32_t k = l->pfirst[(unsigned char)f[0]]; k; k = l->pnext[k - 1]) {
        const wentry *e = &l->e.v[l->prefixed.v[k - 1]];
        if (entry_at(e, d, i, lim)) {
            int r = cb(arg, e, i + (uint32_t)e->n);
            if (r) return r;
        }
    }
    return 0;
}

struct at_arg {
    const char *tag;
    uint32_t end;
    int found;
};
static int at_cb(void *arg, const wentry *e, uint32_t end)
{
    struct at_arg *a = arg;
    if (!a->found || end > a->end || (end == a->end && !a->tag && e->tag)) {
        a->found = 1;
        a->end = end;
        a->tag = e->tag;
    }
    return 0;
}

int fk_wlist_at(const fk_wlist *l, const fk_doc *d, uint32_t i, uint32_t lim, const char **tag, uint32_t *end)
{
    if (!l) return 0;
    struct at_arg a = {NULL, 0, 0};
    wlist_each(l, d, i, lim, at_cb, &a);
    if (!a.found) return 0;
    if (tag) *tag = a.tag;
    if (end) *end = a.end;
    return 1;
}

/* ---- pattern nodes -------------------------------------------------------- */
enum nkind {
    N_WORD = 1, N_LIST, N_CLASS, N_QTY, N_ANYQTY, N_DATE, N_ENT, N_RE,
    N_SEQ, N_ALT, N_REP, N_GAP, N_NOT, N_NOTB, N_CAP, N_AND,
};
enum tclass { C_ANY = 1, C_NUM, C_WORD, C_CAP, C_UPPER, C_LOWER, C_PUNCT, C_SYM, C_FIRST };

struct fk_rnode {
    int kind;
    const char *s;   /* N_WORD folded */
    uint32_t len;
    int prefix;
    const fk_wlist *list;
    int cls;         /* N_CLASS; N_ENT: entity type or 0 */
    pcre2_code *re;
    fk_rnode **kids; /* N_SEQ, N_ALT */
    int nkids;
    fk_rnode *kid;   /* N_REP, N_GAP (constraint, may be NULL), N_NOT, N_NOTB, N_CAP, N_AND */
    int min, max;    /* N_REP, N_GAP; N_NOTB: window */
    int role;        /* N_CAP */
    int reid;        /* N_RE: id of the distinct regex (per-document result cache) */
};

/* An element every match of n must contain (a word list, else a word), or
 * NULL: used to skip rules in sentences that lack it. */
static const fk_rnode *required_elem(const fk_rnode *n)
{
    if (!n) return NULL;
    switch (n->kind) {
    case N_LIST:
    case N_WORD: return n;
    case N_CAP: return required_elem(n->kid);
    case N_REP: return n->min >= 1 ? required_elem(n->kid) : NULL;
    case N_SEQ: {
        const fk_rnode *w = NULL;
        for (int i = 0; i < n->nkids; i++) {
            const fk_rnode *x = required_elem(n->kids[i]);
            if (x && (!w || (x->kind == N_LIST && w->kind != N_LIST))) w = x;
        }
        return w;
    }
    default: return NULL; /* alternatives, gaps, tests */
    }
}

/* Word lists get one bit each in a token's list mask (ids below
 * MASK_LISTS); bit 63 marks a token whose mask is computed. Lists with
 * higher ids are never filtered by masks. */
enum { MASK_LISTS = 63 };
#define MASK_DONE (1ULL << 63)

static uint64_t list_bit(const fk_wlist *l) { return l && l->id < MASK_LISTS ? 1ULL << l->id : 0; }

/* The word lists every match of n contains (bits). */
static uint64_t req_lists_of(const fk_rnode *n)
{
    if (!n) return 0;
    switch (n->kind) {
    case N_LIST: return list_bit(n->list);
    case N_CAP: return req_lists_of(n->kid);
    case N_REP: return n->min >= 1 ? req_lists_of(n->kid) : 0;
    case N_SEQ: {
        uint64_t m = 0;
        for (int i = 0; i < n->nkids; i++) m |= req_lists_of(n->kids[i]);
        return m;
    }
    case N_ALT: {
        uint64_t m = n->nkids ? ~0ULL : 0;
        for (int i = 0; i < n->nkids; i++) m &= req_lists_of(n->kids[i]);
        return m & ~MASK_DONE;
    }
    default: return 0; /* gaps, look-arounds, token tests */
    }
}

/* Does every match of n take a count quantity (a QTY element)? */
static int req_count_of(const fk_rnode *n)
{
    if (!n) return 0;
    switch (n->kind) {
    case N_QTY: return 1;
    case N_CAP: return req_count_of(n->kid);
    case N_REP: return n->min >= 1 && req_count_of(n->kid);
    case N_SEQ:
        for (int i = 0; i < n->nkids; i++)
            if (req_count_of(n->kids[i])) return 1;
        return 0;
    case N_ALT:
        for (int i = 0; i < n->nkids; i++)
            if (!req_count_of(n->kids[i])) return 0;
        return n->nkids > 0;
    default: return 0; /* gaps, look-arounds, other token tests */
    }
}

/* A word's signature bit (of 256): sentences OR them over their tokens' folds. */
static void sig_set(uint64_t *sig, uint64_t fold_hash) { sig[(fold_hash >> 6) & 3] |= 1ULL << (fold_hash & 63); }
static int sig_meets(const uint64_t *a, const uint64_t *b)
{
    return ((a[0] & b[0]) | (a[1] & b[1]) | (a[2] & b[2]) | (a[3] & b[3])) != 0;
}

typedef struct clauses {
    int n;
    uint64_t l[FK_REQ_MAXCLAUSES], w[FK_REQ_MAXCLAUSES][4];
} clauses;

static void cl_add(clauses *c, uint64_t l, const uint64_t *w)
{
    if (c->n < FK_REQ_MAXCLAUSES && (l || w[0] || w[1] || w[2] || w[3])) {
        c->l[c->n] = l;
        memcpy(c->w[c->n], w, sizeof c->w[0]);
        c->n++;
    }
}

/* "One of" clauses every match of n meets: a list (bit) or an exact word
 * (signature bit) from each. For alternatives, clause j is made of clause
 * j (modulo their count) of every branch — when every branch has one —
 * since whichever branch matches meets that part of it. */
static void clauses_of(const fk_rnode *n, clauses *out)
{
    if (!n) return;
    static const uint64_t none[4] = {0, 0, 0, 0};
    switch (n->kind) {
    case N_LIST: cl_add(out, list_bit(n->list), none); return;
    case N_WORD:
        if (!n->prefix) {
            uint64_t w[4] = {0, 0, 0, 0};
            sig_set(w, fk_hash(n->s, n->len));
            cl_add(out, 0, w);
        }
        return;
    case N_CAP: clauses_of(n->kid, out); return;
    case N_REP:
        if (n->min >= 1) clauses_of(n->kid, out);
        return;
    case N_SEQ:
        for (int i = 0; i < n->nkids; i++) clauses_of(n->kids[i], out);
        return;
    case N_ALT: {
        if (!n->nkids) return;
        clauses *k = fk_xcalloc((size_t)n->nkids, sizeof *k);
        int most = 0;
        for (int i = 0; i < n->nkids; i++) {
            clauses_of(n->kids[i], &k[i]);
            if (!k[i].n) most = -1;
            if (most >= 0 && k[i].n > most) most = k[i].n;
        }
        /* a clause every branch has is the alternatives' clause as it is
         * ("(A | B) ... w tym" written out in each branch); the others
         * are paired up */
        if (most > 0) {
            for (int j = 0; j < k[0].n; j++) {
                int all = 1;
                for (int i = 1; i < n->nkids && all; i++) {
                    int found = 0;
                    for (int x = 0; x < k[i].n && !found; x++)
                        found = k[i].l[x] == k[0].l[j] && !memcmp(k[i].w[x], k[0].w[j], sizeof k[0].w[j]);
                    all = found;
                }
                if (all) cl_add(out, k[0].l[j], k[0].w[j]);
            }
        }
        for (int j = 0; j < most; j++) {
            uint64_t l = 0, w[4] = {0, 0, 0, 0};
            for (int i = 0; i < n->nkids; i++) {
                int x = j % k[i].n;
                l |= k[i].l[x];
                for (int b = 0; b < 4; b++) w[b] |= k[i].w[x][b];
            }
            cl_add(out, l, w);
        }
        free(k);
        return;
    }
    default: return; /* gaps, look-arounds, token tests */
    }
}

/* Can a test of n hit the regex or step limit (a regex, a gap, a repetition)? */
static int costly(const fk_rnode *n)
{
    if (!n) return 0;
    if (n->kind == N_RE || n->kind == N_GAP || n->kind == N_REP) return 1;
    for (int i = 0; i < n->nkids; i++)
        if (costly(n->kids[i])) return 1;
    return costly(n->kid);
}

/* Adds to f what the first token n consumes can be; returns 1 when n can
 * match without consuming a token (so what follows it can come first). */
static int first_of(const fk_rnode *n, fk_rfirst *f)
{
    switch (n->kind) {
    case N_WORD:
        if (f->nwords < FK_FIRST_MAXWORDS) f->words[f->nwords++] = n;
        else f->any = 1;
        return 0;
    case N_LIST:
        if (list_bit(n->list)) f->lists |= list_bit(n->list);
        else f->any = 1;
        return 0;
    case N_CLASS: f->classes |= 1u << n->cls; return 0;
    case N_QTY:
    case N_ANYQTY: f->qty = 1; return 0;
    case N_DATE: f->date = 1; return 0;
    case N_ENT: f->ent = 1; return 0;
    case N_SEQ:
        for (int i = 0; i < n->nkids; i++)
            if (!first_of(n->kids[i], f)) return 0;
        return 1;
    case N_ALT: {
        int empty = 0;
        for (int i = 0; i < n->nkids; i++) empty |= first_of(n->kids[i], f);
        return empty;
    }
    case N_REP: {
        int empty = first_of(n->kid, f);
        return n->min == 0 || empty;
    }
    case N_GAP:
        if (n->max > 0) f->any = 1;
        return n->min == 0;
    case N_NOT:
    case N_NOTB:
    case N_AND:
        /* zero-width; but a look-around that can hit a match limit is tried
         * at every start, so that its limit warning is kept */
        if (costly(n->kid)) f->any = 1;
        return 1;
    case N_CAP: return first_of(n->kid, f);
    default: f->any = 1; return 1; /* N_RE and anything new: no filter */
    }
}

static void node_free(fk_rnode *n)
{
    if (!n) return;
    for (int i = 0; i < n->nkids; i++) node_free(n->kids[i]);
    free(n->kids);
    node_free(n->kid);
    if (n->re) pcre2_code_free(n->re);
    free(n);
}

static fk_rnode *node_new(int kind)
{
    fk_rnode *n = fk_xcalloc(1, sizeof *n);
    n->kind = kind;
    return n;
}

/* ---- pattern lexer/parser ------------------------------------------------- */
typedef struct pline {
    const char *text; /* the physical line (NUL-terminated) */
    unsigned lineno;
} pline;

typedef struct macro {
    char *path;
    FK_VEC(pline) lines; /* owned copies */
    int busy;            /* being expanded (no recursion) */
} macro;

typedef struct parser {
    fk_ruleset *rs;
    const fk_pack *pack;
    fakty_diags *diags;
    const char *path;
    pline *lines;
    size_t nlines, li;
    const char *p;      /* position in lines[li].text */
    int errors;
    fk_rule *rule;
    int has_role[FK_NROLES];
    fk_arena *arena;
    fk_map *macros;      /* name -> macro* */
} parser;

static void perr(parser *ps, size_t li, const char *at, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void perr(parser *ps, size_t li, const char *at, const char *fmt, ...)
{
    const pline *l = &ps->lines[li < ps->nlines ? li : ps->nlines - 1];
    size_t off = at ? (size_t)(at - l->text) : strlen(l->text);
    va_list ap;
    va_start(ap, fmt);
    fk_diag_vadd(ps->diags, 1, ps->path, l->lineno, (unsigned)fk_utf8_count(l->text, off) + 1, fmt, ap);
    va_end(ap);
    ps->errors++;
}

/* Skip blanks and comments; move to the next line at end of line. Returns
 * 0 at the end of the pattern. */
static int skip(parser *ps)
{
    for (;;) {
        while (*ps->p == ' ' || *ps->p == '\t') ps->p++;
        if (*ps->p && *ps->p != '#') return 1;
        if (ps->li + 1 >= ps->nlines) {
            ps->p += strlen(ps->p);
            return 0;
        }
        ps->li++;
        ps->p = ps->lines[ps->li].text;
    }
}

static int is_word_byte(unsigned char c)
{
    return c >= 0x80 || isalnum(c) || c == '-' || c == '_' || c == '\'' || c == '.' || c == '*';
}

static const fk_wlist *get_list(parser *ps, const char *name, size_t n, const char *at)
{
    int ins;
    void **slot = fk_map_slot(ps->rs->lists, name, n, &ins);
    if (!ins) {
        if (!*slot) perr(ps, ps->li, at, "unknown word list @%.*s (no file lists/%.*s.txt)", (int)n, name, (int)n, name);
        return *slot;
    }
    char rel[300];
    snprintf(rel, sizeof rel, "lists/%.*s.txt", (int)n, name);
    const char *path = fk_pack_rule(ps->pack, rel);
    if (!path) {
        perr(ps, ps->li, at, "unknown word list @%.*s (no file lists/%.*s.txt)", (int)n, name, (int)n, name);
        *slot = NULL;
        return NULL;
    }
    char nm[256];
    snprintf(nm, sizeof nm, "%.*s", (int)n, name);
    size_t before = ps->diags->errors;
    fk_wlist *l = wlist_load(nm, path, ps->diags);
    if (l) l->id = ps->rs->nlists++;
    if (ps->diags->errors > before) ps->errors++;
    *slot = l;
    return l;
}

static int parse_int(parser *ps, int *out)
{
    const char *s = ps->p;
    if (!isdigit((unsigned char)*s)) {
        perr(ps, ps->li, s, "expected a number");
        return -1;
    }
    long v = 0;
    while (isdigit((unsigned char)*s)) {
        v = v * 10 + (*s - '0');
        if (v > 1000) {
            perr(ps, ps->li, ps->p, "number too large (at most 1000)");
            return -1;
        }
        s++;
    }
    ps->p = s;
    *out = (int)v;
    return 0;
}

/* {m,n} or {n}; ps->p at '{' */
static int parse_range(parser *ps, int *mn, int *mx)
{
    const char *open = ps->p;
    ps->p++;
    if (parse_int(ps, mn)) return -1;
    *mx = *mn;
    if (*ps->p == ',') {
        ps->p++;
        if (parse_int(ps, mx)) return -1;
    }
    if (*ps->p != '}') {
        perr(ps, ps->li, ps->p, "expected '}' to close the range opened here at column %u",
             (unsigned)fk_utf8_count(ps->lines[ps->li].text, (size_t)(open - ps->lines[ps->li].text)) + 1);
        return -1;
    }
    ps->p++;
    if (*mx < *mn) {
        perr(ps, ps->li, open, "range {%d,%d}: the maximum is below the minimum", *mn, *mx);
        return -1;
    }
    return 0;
}

static fk_rnode *parse_alt(parser *ps, int depth);

static int role_index(const char *s, size_t n)
{
    for (int i = 0; i < FK_NROLES; i++)
        if (strlen(fk_role_names[i]) == n && !memcmp(fk_role_names[i], s, n)) return i;
    return -1;
}

static fk_rnode *parse_atom(parser *ps, int depth)
{
    if (!skip(ps)) {
        perr(ps, ps->li, NULL, "pattern ends where an element was expected");
        return NULL;
    }
    const char *at = ps->p;
    size_t li = ps->li;
    char c = *at;
    if (c == '(') {
        ps->p++;
        fk_rnode *n = parse_alt(ps, depth + 1);
        if (!n) return NULL;
        if (!skip(ps) || *ps->p != ')') {
            perr(ps, li, at, "unbalanced parentheses: '(' is never closed");
            node_free(n);
            return NULL;
        }
        ps->p++;
        return n;
    }
    if (c == ')') {
        perr(ps, li, at, "unbalanced parentheses: ')' without '('");
        ps->p++;
        return NULL;
    }
    if (c == '|' || c == '?' || c == '{' || c == '}') {
        perr(ps, li, at, "unexpected '%c' where an element was expected", c);
        ps->p++;
        return NULL;
    }
    if (c == '$') {
        const char *s = ++ps->p;
        while (isalnum((unsigned char)*ps->p) || *ps->p == '_' || *ps->p == '-') ps->p++;
        size_t n = (size_t)(ps->p - s);
        macro *m = n && ps->macros ? fk_map_get(ps->macros, s, n) : NULL;
        if (!m) {
            perr(ps, li, at, "unknown definition $%.*s (write `define %.*s …` before its first use)", (int)n, s,
                 (int)n, s);
            return NULL;
        }
        if (m->busy) {
            perr(ps, li, at, "definition $%.*s refers to itself", (int)n, s);
            return NULL;
        }
        /* parse the definition's text in place of the reference */
        parser sub = *ps;
        sub.path = m->path;
        sub.lines = m->lines.v;
        sub.nlines = m->lines.n;
        sub.li = 0;
        sub.p = m->lines.v[0].text;
        sub.errors = 0;
        m->busy = 1;
        fk_rnode *nd = parse_alt(&sub, depth + 1);
        if (nd && skip(&sub)) {
            perr(&sub, sub.li, sub.p, "unexpected '%c' in definition", *sub.p);
            node_free(nd);
            nd = NULL;
        }
        m->busy = 0;
        memcpy(ps->has_role, sub.has_role, sizeof ps->has_role);
        ps->errors += sub.errors;
        if (!nd && !sub.errors) ps->errors++;
        return nd;
    }
    if (c == '@') {
        const char *s = ++ps->p;
        while (isalnum((unsigned char)*ps->p) || *ps->p == '_' || *ps->p == '-') ps->p++;
        if (ps->p == s) {
            perr(ps, li, at, "expected a list name after '@'");
            return NULL;
        }
        const fk_wlist *l = get_list(ps, s, (size_t)(ps->p - s), at);
        if (!l) return NULL;
        fk_rnode *n = node_new(N_LIST);
        n->list = l;
        return n;
    }
    if (c == '"') {
        const char *s = ++ps->p;
        while (*ps->p && *ps->p != '"') ps->p++;
        if (!*ps->p) {
            perr(ps, li, at, "unterminated quoted word");
            return NULL;
        }
        if (ps->p == s || memchr(s, ' ', (size_t)(ps->p - s))) {
            perr(ps, li, at, "a quoted word must be one non-empty token without spaces");
            ps->p++;
            return NULL;
        }
        fk_rnode *n = node_new(N_WORD);
        n->s = fold_str(ps->arena, s, (size_t)(ps->p - s));
        n->len = (uint32_t)strlen(n->s);
        ps->p++;
        return n;
    }
    if (c == '/') {
        /* /regex/flags; "\/" inside stands for "/" */
        const char *s = ++ps->p;
        char *buf = fk_xmalloc(strlen(s) + 1);
        size_t bl = 0;
        /* map from buffer offset to line pointer for error columns */
        const char **src = fk_xmalloc((strlen(s) + 1) * sizeof *src);
        while (*ps->p && *ps->p != '/') {
            if (ps->p[0] == '\\' && ps->p[1] == '/') {
                src[bl] = ps->p;
                buf[bl++] = '/';
                ps->p += 2;
                continue;
            }
            if (ps->p[0] == '\\' && ps->p[1]) {
                src[bl] = ps->p;
                buf[bl++] = *ps->p++;
            }
            src[bl] = ps->p;
            buf[bl++] = *ps->p++;
        }
        src[bl] = ps->p;
        buf[bl] = 0;
        if (!*ps->p) {
            perr(ps, li, at, "unterminated regular expression (missing closing '/')");
            free(buf);
            free(src);
            return NULL;
        }
        ps->p++;
        uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED | PCRE2_ENDANCHORED;
        while (isalpha((unsigned char)*ps->p)) {
            if (*ps->p == 'i') opts |= PCRE2_CASELESS;
            else {
                perr(ps, li, ps->p, "unknown regular expression flag '%c' (only 'i')", *ps->p);
                free(buf);
                free(src);
                return NULL;
            }
            ps->p++;
        }
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)buf, bl, opts, &ec, &eo, NULL);
        char *rkey = NULL;
        if (re) {
            rkey = fk_xmalloc(bl + 1);
            memcpy(rkey, buf, bl);
        }
        if (!re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(ec, msg, sizeof msg);
            perr(ps, li, src[eo <= bl ? eo : bl], "bad regular expression: %s (at offset %zu of the expression)",
                 (const char *)msg, (size_t)eo);
            free(buf);
            free(src);
            return NULL;
        }
        free(buf);
        free(src);
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter if JIT is unavailable */
        fk_rnode *n = node_new(N_RE);
        n->re = re;
        ps->rs->nregex++;
        {
            /* the same expression (a `define` used in many rules) shares one id */
            char *key = fk_xmalloc(bl + 16);
            int kl = snprintf(key, 16, "%u\1", (unsigned)opts);
            memcpy(key + kl, rkey, bl);
            int ins;
            void **slot = fk_map_slot(ps->rs->re_ids, key, (size_t)kl + bl, &ins);
            if (ins) *slot = (void *)(intptr_t)(++ps->rs->nre_ids);
            n->reid = (int)(intptr_t)*slot - 1;
            free(key);
        }
        free(rkey);
        return n;
    }
    if (c == '.' && at[1] == '.' && at[2] == '.') {
        ps->p += 3;
        fk_rnode *n = node_new(N_GAP);
        n->min = 0;
        n->max = 3;
        if (*ps->p == '{' && parse_range(ps, &n->min, &n->max)) {
            node_free(n);
            return NULL;
        }
        if (n->max > 50) {
            perr(ps, li, at, "a gap spans at most 50 tokens");
            node_free(n);
            return NULL;
        }
        if (*ps->p == '!') {
            ps->p++;
            if (*ps->p == ' ' || !*ps->p) {
                perr(ps, li, ps->p, "expected the excluded element right after '!' (no space)");
                node_free(n);
                return NULL;
            }
            n->kid = parse_atom(ps, depth + 1);
            if (!n->kid) {
                node_free(n);
                return NULL;
            }
        }
        return n;
    }
    if (c == '&') { /* positive look-ahead */
        ps->p++;
        fk_rnode *n = node_new(N_AND);
        n->kid = parse_atom(ps, depth + 1);
        if (!n->kid) {
            node_free(n);
            return NULL;
        }
        if (n->kid->kind == N_CAP) {
            perr(ps, li, at, "a look-ahead cannot capture a role");
            node_free(n);
            return NULL;
        }
        return n;
    }
    if (c == '!') {
        ps->p++;
        fk_rnode *n;
        if (*ps->p == '<') {
            ps->p++;
            n = node_new(N_NOTB);
            if (parse_int(ps, &n->min)) {
                node_free(n);
                return NULL;
            }
            if (n->min < 1 || n->min > 50) {
                perr(ps, li, at, "the window of '!<N' is 1 to 50 tokens");
                node_free(n);
                return NULL;
            }
        } else {
            n = node_new(N_NOT);
        }
        n->kid = parse_atom(ps, depth + 1);
        if (!n->kid) {
            node_free(n);
            return NULL;
        }
        if (n->kid->kind == N_CAP) {
            perr(ps, li, at, "a negative test cannot capture a role");
            node_free(n);
            return NULL;
        }
        return n;
    }
    if (!is_word_byte((unsigned char)c)) {
        perr(ps, li, at, "unexpected character '%c'", c);
        ps->p++;
        return NULL;
    }
    /* identifier / word */
    const char *s = ps->p;
    while (is_word_byte((unsigned char)*ps->p)) ps->p++;
    size_t n = (size_t)(ps->p - s);
    /* capture: role: or role=N: */
    if (*ps->p == ':' || (*ps->p == '=' && isalpha((unsigned char)*s) && islower((unsigned char)*s))) {
        int all_upper = 1;
        for (size_t k = 0; k < n; k++)
            if (!isupper((unsigned char)s[k])) all_upper = 0;
        if (!(all_upper && n == 3 && !memcmp(s, "ENT", 3))) {
            int role = role_index(s, n);
            if (role < 0) {
                perr(ps, li, s, "unknown role \"%.*s\" (roles: count, who, where, when, source)", (int)n, s);
                return NULL;
            }
            fk_rnode *cap = node_new(N_CAP);
            cap->role = role;
            if (*ps->p == '=') {
                ps->p++;
                if (role != FK_ROLE_COUNT) {
                    perr(ps, li, s, "only count= can give a fixed value");
                    node_free(cap);
                    return NULL;
                }
                int v;
                if (parse_int(ps, &v)) {
                    node_free(cap);
                    return NULL;
                }
                ps->rule->has_fixed = 1;
                ps->rule->fixed = v;
                if (*ps->p != ':') {
                    perr(ps, li, ps->p, "expected ':' after count=N");
                    node_free(cap);
                    return NULL;
                }
            }
            ps->p++;
            if (ps->has_role[role]) {
                perr(ps, li, s, "role %s is captured twice in this rule", fk_role_names[role]);
                node_free(cap);
                return NULL;
            }
            ps->has_role[role] = 1;
            if (*ps->p == ' ' || !*ps->p) {
                perr(ps, li, ps->p, "expected an element right after '%.*s:' (no space)", (int)n, s);
                node_free(cap);
                return NULL;
            }
            cap->kid = parse_atom(ps, depth + 1);
            if (!cap->kid) {
                node_free(cap);
                return NULL;
            }
            /* a quantifier right after the captured element belongs to it */
            return cap;
        }
    }
    int all_upper = n >= 2;
    for (size_t k = 0; k < n; k++)
        if (!(isupper((unsigned char)s[k]) || s[k] == '_')) all_upper = 0;
    if (all_upper) {
        static const struct { const char *name; int kind, cls; } classes[] = {
            {"ANY", N_CLASS, C_ANY},     {"NUM", N_CLASS, C_NUM},     {"WORD", N_CLASS, C_WORD},
            {"CAP", N_CLASS, C_CAP},     {"UPPER", N_CLASS, C_UPPER}, {"LOWER", N_CLASS, C_LOWER},
            {"PUNCT", N_CLASS, C_PUNCT}, {"SYM", N_CLASS, C_SYM},     {"QTY", N_QTY, 0},
            {"FIRST", N_CLASS, C_FIRST},
            {"ANYQTY", N_ANYQTY, 0},     {"DATE", N_DATE, 0},         {"ENT", N_ENT, 0},
        };
        for (size_t k = 0; k < sizeof classes / sizeof *classes; k++)
            if (strlen(classes[k].name) == n && !memcmp(classes[k].name, s, n)) {
                fk_rnode *nd = node_new(classes[k].kind);
                nd->cls = classes[k].cls;
                if (nd->kind == N_ENT && *ps->p == ':') {
                    const char *t = ++ps->p;
                    while (isupper((unsigned char)*ps->p)) ps->p++;
                    size_t tl = (size_t)(ps->p - t);
                    if (tl == 3 && !memcmp(t, "PER", 3)) nd->cls = FK_PER;
                    else if (tl == 3 && !memcmp(t, "LOC", 3)) nd->cls = FK_LOC;
                    else if (tl == 3 && !memcmp(t, "ORG", 3)) nd->cls = FK_ORG;
                    else {
                        perr(ps, li, t, "unknown entity type \"%.*s\" (PER, LOC or ORG)", (int)(tl ? tl : 1), t);
                        node_free(nd);
                        return NULL;
                    }
                }
                return nd;
            }
        perr(ps, li, s,
             "unknown token class \"%.*s\" (ANY, FIRST, NUM, WORD, CAP, UPPER, LOWER, PUNCT, SYM, QTY, ANYQTY, DATE, ENT)",
             (int)n, s);
        return NULL;
    }
    /* literal word, optional trailing '*' for a prefix */
    int prefix = 0;
    for (size_t k = 0; k < n; k++)
        if (s[k] == '*') {
            if (k != n - 1 || n == 1) {
                perr(ps, li, s + k, "'*' is only allowed at the end of a word, after at least one character");
                return NULL;
            }
            prefix = 1;
        }
    fk_rnode *nd = node_new(N_WORD);
    nd->s = fold_str(ps->arena, s, n - (size_t)prefix);
    nd->len = (uint32_t)strlen(nd->s);
    nd->prefix = prefix;
    return nd;
}

static fk_rnode *parse_item(parser *ps, int depth)
{
    if (depth > 40) {
        perr(ps, ps->li, ps->p, "pattern nested too deeply");
        return NULL;
    }
    fk_rnode *a = parse_atom(ps, depth);
    if (!a) return NULL;
    /* quantifiers (no space before them) */
    fk_rnode *target = a->kind == N_CAP ? a->kid : a;
    for (;;) {
        int mn, mx;
        if (*ps->p == '?') {
            ps->p++;
            mn = 0, mx = 1;
        } else if (*ps->p == '{') {
            if (parse_range(ps, &mn, &mx)) {
                node_free(a);
                return NULL;
            }
            if (mx == 0 || mx > 50) {
                perr(ps, ps->li, ps->p, "a repetition is between 1 and 50 times at most");
                node_free(a);
                return NULL;
            }
        } else break;
        fk_rnode *r = node_new(N_REP);
        r->min = mn, r->max = mx;
        r->kid = target;
        if (a->kind == N_CAP) a->kid = r;
        else a = r;
        target = r;
    }
    return a;
}

static fk_rnode *parse_seq(parser *ps, int depth)
{
    fk_rnode *seq = node_new(N_SEQ);
    while (skip(ps) && *ps->p != '|' && *ps->p != ')') {
        fk_rnode *it = parse_item(ps, depth);
        if (!it) {
            node_free(seq);
            return NULL;
        }
        seq->kids = fk_xrealloc(seq->kids, sizeof *seq->kids * (size_t)(seq->nkids + 1));
        seq->kids[seq->nkids++] = it;
    }
    if (!seq->nkids) {
        perr(ps, ps->li, ps->p, "empty alternative");
        node_free(seq);
        return NULL;
    }
    if (seq->nkids == 1) {
        fk_rnode *k = seq->kids[0];
        seq->nkids = 0;
        node_free(seq);
        return k;
    }
    return seq;
}

static fk_rnode *parse_alt(parser *ps, int depth)
{
    /* a role may be captured once per alternative */
    int base[FK_NROLES], acc[FK_NROLES];
    memcpy(base, ps->has_role, sizeof base);
    fk_rnode *first = parse_seq(ps, depth);
    if (!first) return NULL;
    if (!skip(ps) || *ps->p != '|') return first;
    memcpy(acc, ps->has_role, sizeof acc);
    fk_rnode *alt = node_new(N_ALT);
    alt->kids = fk_xmalloc(sizeof *alt->kids);
    alt->kids[alt->nkids++] = first;
    while (skip(ps) && *ps->p == '|') {
        ps->p++;
        memcpy(ps->has_role, base, sizeof base);
        fk_rnode *n = parse_seq(ps, depth);
        if (!n) {
            node_free(alt);
            return NULL;
        }
        for (int i = 0; i < FK_NROLES; i++) acc[i] |= ps->has_role[i];
        alt->kids = fk_xrealloc(alt->kids, sizeof *alt->kids * (size_t)(alt->nkids + 1));
        alt->kids[alt->nkids++] = n;
    }
    memcpy(ps->has_role, acc, sizeof acc);
    return alt;
}

static fk_rnode *parse_pattern(parser *ps)
{
    ps->li = 0;
    ps->p = ps->lines[0].text;
    memset(ps->has_role, 0, sizeof ps->has_role);
    fk_rnode *n = parse_alt(ps, 0);
    if (!n) return NULL;
    if (skip(ps)) {
        if (*ps->p == ')') perr(ps, ps->li, ps->p, "unbalanced parentheses: ')' without '('");
        else perr(ps, ps->li, ps->p, "unexpected '%c'", *ps->p);
        node_free(n);
        return NULL;
    }
    return n;
}

/* ---- rule files ------------------------------------------------------------ */
typedef struct ptnode {
    uint64_t mask;        /* lists with a prefix entry ending here */
    int32_t child;        /* first child index + 1 */
    int32_t sibling;      /* next sibling index + 1 */
    unsigned char byte;
} ptnode;

struct fk_rs_priv {
    fk_arena arena;
    fk_map *macros;
    /* token -> word-list mask: exact first words (wmask), and first words
     * that are prefixes, in a byte trie walked along the token's fold */
    fk_map *wmask;
    FK_VEC(ptnode) pt;
    int32_t proot[256];   /* first byte -> trie node index + 1 */
    uint64_t *reqv;       /* per rule: its req_lists, side by side for a quick pass */
};

static void macro_free(macro *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->lines.n; i++) free((char *)m->lines.v[i].text);
    fk_vec_free(m->lines);
    free(m->path);
    free(m);
}

/* Parse a finished definition once to report its errors at its own lines. */
static void check_define(fk_ruleset *rs, const fk_pack *pack, fakty_diags *diags, macro *m, fk_arena *arena,
                         fk_map *macros)
{
    if (!m || !m->lines.n) return;
    fk_rule dummy = {0};
    parser ps = {rs, pack, diags, m->path, m->lines.v, m->lines.n, 0, NULL, 0, &dummy, {0}, arena, macros};
    ps.p = m->lines.v[0].text;
    m->busy = 1;
    fk_rnode *n = parse_alt(&ps, 0);
    if (n && skip(&ps)) perr(&ps, ps.li, ps.p, "unexpected '%c'", *ps.p);
    m->busy = 0;
    node_free(n);
}

static void rule_free(fk_rule *r)
{
    if (!r) return;
    free(r->name);
    free(r->file);
    node_free(r->pat);
    free(r);
}

void fk_ruleset_free(fk_ruleset *rs)
{
    if (!rs) return;
    for (size_t i = 0; i < rs->rules.n; i++) rule_free(rs->rules.v[i]);
    fk_vec_free(rs->rules);
    if (rs->lists) {
        size_t idx = 0;
        const char *k;
        size_t kl;
        void *v;
        while (fk_map_next(rs->lists, &idx, &k, &kl, &v)) wlist_free(v);
        fk_map_free(rs->lists);
    }
    struct fk_rs_priv *priv = (struct fk_rs_priv *)(rs + 1);
    if (priv->macros) {
        size_t idx = 0;
        const char *k;
        size_t kl;
        void *v;
        while (fk_map_next(priv->macros, &idx, &k, &kl, &v)) macro_free(v);
        fk_map_free(priv->macros);
    }
    fk_map_free(rs->re_ids);
    fk_map_free(priv->wmask);
    fk_vec_free(priv->pt);
    free(priv->reqv);
    fk_arena_free(&priv->arena);
    free(rs);
}

typedef struct pending {
    fk_rule *r;
    unsigned line;
    const char *line_text;
    int has_type;
    int bad_type;
    FK_VEC(pline) pat;
} pending;

static int has_cap(const fk_rnode *n, int role)
{
    if (!n) return 0;
    if (n->kind == N_CAP && n->role == role) return 1;
    for (int i = 0; i < n->nkids; i++)
        if (has_cap(n->kids[i], role)) return 1;
    return n->kind != N_NOT && n->kind != N_NOTB && n->kind != N_AND && has_cap(n->kid, role);
}

static void finish_rule(fk_ruleset *rs, const fk_pack *pack, fakty_diags *diags, const char *path, pending *pd,
                        fk_map *names, fk_arena *arena, fk_map *macros)
{
    fk_rule *r = pd->r;
    if (!r) return;
    pd->r = NULL;
    int ok = 1;
    if (!pd->has_type) {
        fk_diag_add(diags, 1, path, pd->line, 1, "rule %s has no `type` line", r->name);
        ok = 0;
    }
    if (!pd->pat.n) {
        fk_diag_add(diags, 1, path, pd->line, 1, "rule %s has no `pattern` line", r->name);
        ok = 0;
    } else {
        parser ps = {rs, pack, diags, path, pd->pat.v, pd->pat.n, 0, NULL, 0, r, {0}, arena, macros};
        r->pat = parse_pattern(&ps);
        if (!r->pat || ps.errors) ok = 0;
        if (r->pat && pd->has_type && !pd->bad_type) {
            if (r->kind != FK_RK_SOURCE && !has_cap(r->pat, FK_ROLE_COUNT)) {
                fk_diag_add(diags, 1, path, pd->pat.v[0].lineno, 1,
                            "rule %s: a %s rule must capture count: (e.g. count:QTY)", r->name,
                            r->kind == FK_RK_BLOCK ? "block" : "fact");
                ok = 0;
            }
            if (r->kind == FK_RK_SOURCE && !has_cap(r->pat, FK_ROLE_SOURCE)) {
                fk_diag_add(diags, 1, path, pd->pat.v[0].lineno, 1, "rule %s: a source rule must capture source:",
                            r->name);
                ok = 0;
            }
        }
    }
    if (pd->bad_type) ok = 0;
    fk_vec_free(pd->pat);
    int ins;
    void **slot = fk_map_slot(names, r->name, strlen(r->name), &ins);
    if (!ins) {
        fk_diag_add(diags, 1, path, pd->line, 6, "duplicate rule name %s", r->name);
        ok = 0;
    }
    *slot = r;
    if (!ok) {
        rule_free(r);
        return;
    }
    r->req = required_elem(r->pat);
    r->req_lists = req_lists_of(r->pat);
    r->req_count = req_count_of(r->pat);
    clauses cl = {0};
    clauses_of(r->pat, &cl);
    r->nclauses = cl.n;
    memcpy(r->cl_lists, cl.l, sizeof cl.l);
    memcpy(r->cl_words, cl.w, sizeof cl.w);
    first_of(r->pat, &r->first);
    fk_vec_push(rs->rules, r);
}

static void load_file(fk_ruleset *rs, const fk_pack *pack, const char *path, const char *rel, fakty_diags *diags,
                      fk_map *names, fk_arena *arena, fk_map *macros)
{
    fk_lines lr;
    if (fk_lines_open(&lr, path, diags) != 0) return;
    pending pd = {0};
    char *line;
    size_t len;
    int in_pattern = 0;
    macro *cur_def = NULL;
    while ((line = fk_lines_next(&lr, &len))) {
        if (line[0] == ' ' || line[0] == '\t') {
            const char *q = line;
            while (*q == ' ' || *q == '\t') q++;
            if (!*q || *q == '#') continue;
            if (cur_def) {
                pline pl = {fk_xstrdup(line), lr.lineno};
                fk_vec_push(cur_def->lines, pl);
                continue;
            }
            if (!in_pattern) {
                fk_lines_error(&lr, line, q,
                               "indented line outside a pattern (only `pattern` and `define` continue on indented lines)");
                continue;
            }
            pline pl = {line, lr.lineno};
            fk_vec_push(pd.pat, pl);
            continue;
        }
        if (!*line || *line == '#') continue;
        in_pattern = 0;
        if (cur_def) check_define(rs, pack, diags, cur_def, arena, macros);
        cur_def = NULL;
        char *sp = line;
        while (*sp && *sp != ' ' && *sp != '\t') sp++;
        size_t kl = (size_t)(sp - line);
        char *arg = sp;
        while (*arg == ' ' || *arg == '\t') arg++;
#define KW(s) (kl == sizeof(s) - 1 && !memcmp(line, s, kl))
        if (KW("rule")) {
            finish_rule(rs, pack, diags, path, &pd, names, arena, macros);
            char *e = arg;
            while (*e && (isalnum((unsigned char)*e) || *e == '_' || *e == '-' || *e == '.')) e++;
            if (e == arg || (*e && *e != ' ' && *e != '\t' && *e != '#')) {
                fk_lines_error(&lr, line, e == arg ? arg : e,
                               "a rule name is made of ASCII letters, digits, '_', '-' and '.'");
                /* keep parsing its body, but under a placeholder to avoid cascades */
            }
            pd.r = fk_xcalloc(1, sizeof *pd.r);
            pd.r->name = fk_xstrndup(arg, (size_t)(e - arg) ? (size_t)(e - arg) : 0);
            if (!*pd.r->name) {
                free(pd.r->name);
                pd.r->name = fk_xasprintf("line%u", lr.lineno);
            }
            pd.r->file = fk_xstrdup(rel); /* for explain: the pack-relative name */
            pd.r->line = lr.lineno;
            pd.line = lr.lineno;
            pd.has_type = 0;
            pd.bad_type = 0;
            continue;
        }
        if (KW("define")) {
            finish_rule(rs, pack, diags, path, &pd, names, arena, macros);
            char *e = arg;
            while (isalnum((unsigned char)*e) || *e == '_' || *e == '-') e++;
            if (e == arg || (*e && *e != ' ' && *e != '\t')) {
                fk_lines_error(&lr, line, e, "a definition name is made of ASCII letters, digits, '_' and '-'");
                continue;
            }
            int ins;
            void **slot = fk_map_slot(macros, arg, (size_t)(e - arg), &ins);
            if (!ins) {
                fk_lines_error(&lr, line, arg, "duplicate definition %.*s", (int)(e - arg), arg);
                continue;
            }
            macro *m = fk_xcalloc(1, sizeof *m);
            m->path = fk_xstrdup(path);
            *slot = m;
            char *copy = fk_xstrdup(line);
            memset(copy, ' ', (size_t)(e - line)); /* keep columns right */
            pline pl = {copy, lr.lineno};
            fk_vec_push(m->lines, pl);
            cur_def = m;
            continue;
        }
        if (KW("option")) {
            char *nm = arg;
            char *ne = nm;
            while (*ne && *ne != ' ' && *ne != '\t') ne++;
            char *lv = ne;
            while (*lv == ' ' || *lv == '\t') lv++;
            fk_wlist **dst = NULL;
            size_t nl = (size_t)(ne - nm);
            if (nl == 12 && !memcmp(nm, "who-category", 12)) dst = &rs->opt_who;
            else if (nl == 8 && !memcmp(nm, "locative", 8)) dst = &rs->opt_locative;
            else if (nl == 9 && !memcmp(nm, "direction", 9)) dst = &rs->opt_direction;
            else if (nl == 8 && !memcmp(nm, "function", 8)) dst = &rs->opt_function;
            else if (nl == 9 && !memcmp(nm, "name-stop", 9)) dst = &rs->opt_name_stop;
            else {
                fk_lines_error(&lr, line, nm, "unknown option \"%.*s\" (who-category, locative, direction, function, name-stop)",
                               (int)(nl ? nl : 1), nm);
                continue;
            }
            if (*lv != '@') {
                fk_lines_error(&lr, line, lv, "expected @list after the option name");
                continue;
            }
            char *le = lv + 1;
            while (isalnum((unsigned char)*le) || *le == '_' || *le == '-') le++;
            pline pl = {line, lr.lineno};
            parser ps = {rs, pack, diags, path, &pl, 1, 0, lv, 0, NULL, {0}, arena, macros};
            const fk_wlist *l = get_list(&ps, lv + 1, (size_t)(le - lv - 1), lv);
            if (l) *dst = (fk_wlist *)l;
            continue;
        }
        if (!pd.r) {
            fk_lines_error(&lr, line, line, "expected `rule NAME` or `option NAME @list` before `%.*s`", (int)kl, line);
            continue;
        }
        if (KW("type")) {
            char *t = fk_trim(arg);
            pd.has_type = 1;
            if (!strcmp(t, "source")) pd.r->kind = FK_RK_SOURCE;
            else if (!strcmp(t, "block")) pd.r->kind = FK_RK_BLOCK;
            else {
                pd.r->type = NULL;
                for (int k = 0; fact_types[k]; k++)
                    if (!strcmp(t, fact_types[k])) pd.r->type = fact_types[k];
                if (!pd.r->type) {
                    fk_lines_error(&lr, line, t,
                                   "unknown fact type \"%s\" (killed, injured, detained, arrested, charged, missing, "
                                   "evacuated, deployed, protesters, or source/block)",
                                   t);
                    pd.bad_type = 1; /* reported here; the rule is left out */
                }
            }
        } else if (KW("priority")) {
            char *t = fk_trim(arg), *e;
            errno = 0;
            long v = strtol(t, &e, 10);
            if (!*t || *e || errno || v < -1000 || v > 1000) fk_lines_error(&lr, line, t, "priority must be an integer from -1000 to 1000");
            else pd.r->priority = (int)v;
        } else if (KW("inherit")) {
            char *t = fk_trim(arg);
            if (strcmp(t, "who")) fk_lines_error(&lr, line, t, "only `inherit who` is known");
            else pd.r->inherit_who = 1;
        } else if (KW("pattern")) {
            if (pd.pat.n) {
                fk_lines_error(&lr, line, line, "second `pattern` in rule %s (use '|' for alternatives)", pd.r->name);
                continue;
            }
            /* the pattern starts after the keyword: keep the whole line so
             * columns stay right, but blank out the keyword */
            memset(line, ' ', kl);
            pline pl = {line, lr.lineno};
            fk_vec_push(pd.pat, pl);
            in_pattern = 1;
        } else {
            fk_lines_error(&lr, line, line,
                           "unknown keyword `%.*s` (rule, type, priority, inherit, pattern, define, option)", (int)kl, line);
        }
#undef KW
    }
    finish_rule(rs, pack, diags, path, &pd, names, arena, macros);
    if (cur_def) check_define(rs, pack, diags, cur_def, arena, macros);
    fk_lines_close(&lr);
}

/* The first words of every list's entries -> list bits. */
static void build_masks(fk_ruleset *rs, struct fk_rs_priv *priv)
{
    priv->wmask = fk_map_new();
    size_t idx = 0;
    const char *k;
    size_t kl;
    void *v;
    while (fk_map_next(rs->lists, &idx, &k, &kl, &v)) {
        const fk_wlist *l = v;
        uint64_t bit = list_bit(l);
        if (!bit) continue;
        for (size_t i = 0; i < l->e.n; i++) {
            const wword *w = &l->e.v[i].w[0];
            if (!w->prefix) {
                int ins;
                void **slot = fk_map_slot(priv->wmask, w->s, w->len, &ins);
                *slot = (void *)(uintptr_t)((uintptr_t)*slot | bit);
                continue;
            }
            if (!w->len) continue;
            int32_t node = 0; /* current node index + 1; 0 = the root */
            for (uint32_t b = 0; b < w->len; b++) {
                unsigned char c = (unsigned char)w->s[b];
                int32_t prev = 0, x = node ? priv->pt.v[node - 1].child : priv->proot[c];
                if (node)
                    while (x && priv->pt.v[x - 1].byte != c) prev = x, x = priv->pt.v[x - 1].sibling;
                if (!x) {
                    ptnode nn = {0, 0, 0, c};
                    fk_vec_push(priv->pt, nn); /* may move pt.v: links are set after */
                    x = (int32_t)priv->pt.n;
                    if (!node) priv->proot[c] = x;
                    else if (prev) priv->pt.v[prev - 1].sibling = x;
                    else priv->pt.v[node - 1].child = x;
                }
                node = x;
            }
            priv->pt.v[node - 1].mask |= bit;
        }
    }
    priv->reqv = fk_xmalloc((rs->rules.n + 1) * sizeof *priv->reqv);
    for (size_t i = 0; i < rs->rules.n; i++) priv->reqv[i] = rs->rules.v[i]->req_lists;
}

fk_ruleset *fk_ruleset_load(const fk_pack *pack, fakty_diags *diags)
{
    fk_ruleset *rs = fk_xcalloc(1, sizeof *rs + sizeof(struct fk_rs_priv));
    struct fk_rs_priv *priv = (struct fk_rs_priv *)(rs + 1);
    fk_arena_init(&priv->arena, 8192);
    priv->macros = fk_map_new();
    rs->lists = fk_map_new();
    rs->re_ids = fk_map_new();
    fk_map *names = fk_map_new();
    size_t idx = 0;
    const fk_pack_file *f;
    while ((f = fk_pack_rules_next(pack, "facts/", ".rules", &idx)))
        load_file(rs, pack, f->path, f->rel, diags, names, &priv->arena, priv->macros);
    fk_map_free(names);
    build_masks(rs, priv);
    return rs;
}

/* ---- matching ------------------------------------------------------------------ */
struct fk_mctx {
    const fk_ruleset *rs;
    fk_doc *d;
    int *qty_at, *date_at, *ent_head, *ent_next;
    pcre2_match_data *md;
    pcre2_match_context *mc;
    int warned_re, warned_steps;
    unsigned char *lcache;   /* [list id * ntoks + tok]: 0 unknown, 1 no entry starts here, 2 maybe
                                (lists without a mask bit) */
    uint64_t *tmask;         /* per token: lists some entry of which may start there | MASK_DONE */
    unsigned char *recache;  /* [regex id * (ntoks + 1) + tok]: 0 unknown, 1 no match, 2 match */
    uint32_t sm0, sm1;       /* the sentence whose mask is sm */
    uint64_t sm;             /* its lists (OR of token masks) */
    uint32_t lastpos[MASK_LISTS]; /* per list bit in sm: the last token where an entry may start */
    uint32_t lastcount;      /* its last token where a QTY element can match (UINT32_MAX: none) */
    uint64_t sw[4];          /* the signature bits of the words of sentence sg0..sg1 */
    uint32_t sg0, sg1;
    size_t ntoks;
    /* current match */
    const fk_rule *rule;
    uint32_t s0, s1, start;
    long steps;
    int aborted;
    uint32_t c0[FK_NROLES], c1[FK_NROLES];
    int cset[FK_NROLES];
    int have;
    fk_rmatch best;
};

fk_mctx *fk_mctx_new(const fk_ruleset *rs, fk_doc *d)
{
    fk_mctx *c = fk_xcalloc(1, sizeof *c);
    c->rs = rs;
    c->d = d;
    size_t n = d->toks.n + 1;
    c->qty_at = fk_xmalloc(n * sizeof(int));
    c->date_at = fk_xmalloc(n * sizeof(int));
    c->ent_head = fk_xmalloc(n * sizeof(int));
    c->ent_next = fk_xmalloc((d->ents.n + 1) * sizeof(int));
    for (size_t i = 0; i < n; i++) c->qty_at[i] = c->date_at[i] = c->ent_head[i] = -1;
    for (size_t i = 0; i < d->qtys.n; i++) {
        const fk_quantity *q = &d->qtys.v[i];
        if (q->tok0 >= q->tok1 || q->tok1 > d->toks.n) continue;
        int o = c->qty_at[q->tok0];
        if (o < 0 || d->qtys.v[o].tok1 < q->tok1) c->qty_at[q->tok0] = (int)i;
    }
    for (size_t i = 0; i < d->dates.n; i++) {
        const fk_date *t = &d->dates.v[i];
        if (t->tok0 >= t->tok1 || t->tok1 > d->toks.n) continue;
        int o = c->date_at[t->tok0];
        if (o < 0 || d->dates.v[o].tok1 < t->tok1) c->date_at[t->tok0] = (int)i;
    }
    for (size_t i = d->ents.n; i-- > 0;) {
        const fk_entity *e = &d->ents.v[i];
        if (e->tok0 >= e->tok1 || e->tok1 > d->toks.n) continue;
        c->ent_next[i] = c->ent_head[e->tok0];
        c->ent_head[e->tok0] = (int)i;
    }
    c->ntoks = d->toks.n;
    if (rs->nlists > MASK_LISTS) c->lcache = fk_xcalloc((size_t)rs->nlists * (d->toks.n + 1), 1);
    c->tmask = fk_xcalloc(n, sizeof *c->tmask);
    if (rs->nre_ids) c->recache = fk_xcalloc((size_t)rs->nre_ids * n, 1);
    c->sm0 = c->sm1 = 0;
    c->sg0 = c->sg1 = 0;
    if (rs->nregex) {
        c->md = pcre2_match_data_create(1, NULL);
        c->mc = pcre2_match_context_create(NULL);
        pcre2_set_match_limit(c->mc, RE_MATCH_LIMIT);
        pcre2_set_depth_limit(c->mc, RE_DEPTH_LIMIT);
    }
    return c;
}

void fk_mctx_free(fk_mctx *c)
{
    if (!c) return;
    free(c->qty_at);
    free(c->date_at);
    free(c->ent_head);
    free(c->ent_next);
    free(c->lcache);
    free(c->tmask);
    free(c->recache);
    if (c->md) pcre2_match_data_free(c->md);
    if (c->mc) pcre2_match_context_free(c->mc);
    free(c);
}

/* The lists (bits) some entry of which has a first word matching token t. */
static uint64_t tmask_compute(fk_mctx *c, uint32_t t);
static inline uint64_t tmask(fk_mctx *c, uint32_t t)
{
    uint64_t m = c->tmask[t];
    return m & MASK_DONE ? m : tmask_compute(c, t);
}

static __attribute__((noinline)) uint64_t tmask_compute(fk_mctx *c, uint32_t t)
{
    uint64_t m;
    const struct fk_rs_priv *pv = (const struct fk_rs_priv *)(c->rs + 1);
    const fk_token *k = &c->d->toks.v[t];
    const char *f = fk_tok_fold(c->d, t);
    m = (uint64_t)(uintptr_t)fk_map_get_h(pv->wmask, f, k->fold_len, k->fold_hash);
    /* prefix entries: walk the trie along the fold */
    int32_t node = k->fold_len ? pv->proot[(unsigned char)f[0]] : 0;
    for (uint32_t i = 1; node; i++) {
        m |= pv->pt.v[node - 1].mask;
        if (i >= k->fold_len) break;
        unsigned char ch = (unsigned char)f[i];
        node = pv->pt.v[node - 1].child;
        while (node && pv->pt.v[node - 1].byte != ch) node = pv->pt.v[node - 1].sibling;
    }
    c->tmask[t] = m | MASK_DONE;
    return m;
}

/* Does some entry of l start with a word matching token t? */
static int list_may_start(fk_mctx *c, const fk_wlist *l, uint32_t t)
{
    uint64_t bit = list_bit(l);
    if (bit) return (tmask(c, t) & bit) != 0;
    if (c->lcache) {
        unsigned char *h = &c->lcache[(size_t)l->id * (c->ntoks + 1) + t];
        if (!*h) *h = wlist_first(l, c->d, t) ? 2 : 1;
        return *h == 2;
    }
    return wlist_first(l, c->d, t);
}

enum { K_SEQ = 1, K_REP, K_CAPEND, K_ACCEPT, K_DONE };
typedef struct cont {
    int kind;
    const fk_rnode *n;
    int i;
    uint32_t p;
    const struct cont *next;
} cont;

static int run(fk_mctx *c, const fk_rnode *n, uint32_t pos, const cont *k);

static int go(fk_mctx *c, uint32_t pos, const cont *k)
{
    switch (k->kind) {
    case K_SEQ:
        if (k->i >= k->n->nkids) return go(c, pos, k->next);
        {
            cont nk = {K_SEQ, k->n, k->i + 1, 0, k->next};
            return run(c, k->n->kids[k->i], pos, &nk);
        }
    case K_REP: {
        /* k->i repetitions done, the last started at k->p */
        const fk_rnode *n = k->n;
        int r = 0;
        if (k->i < n->max && pos > k->p) {
            cont nk = {K_REP, n, k->i + 1, pos, k->next};
            r = run(c, n->kid, pos, &nk);
            if (r) return r;
        }
        if (k->i >= n->min && (pos > k->p || k->i == n->min)) return go(c, pos, k->next);
        return 0;
    }
    case K_CAPEND: {
        int role = k->i;
        uint32_t o1 = c->c1[role];
        int os = c->cset[role];
        c->c1[role] = pos;
        c->cset[role] = 1;
        int r = go(c, pos, k->next);
        c->c1[role] = o1;
        c->cset[role] = os;
        return r;
    }
    case K_ACCEPT:
        return 1;
    case K_DONE:
        if (pos > c->start && (!c->have || pos > c->best.t1)) {
            c->have = 1;
            fk_rmatch *m = &c->best;
            m->rule = c->rule;
            m->t0 = c->start;
            m->t1 = pos;
            for (int i = 0; i < FK_NROLES; i++) {
                m->c0[i] = c->cset[i] ? c->c0[i] : 0;
                m->c1[i] = c->cset[i] ? c->c1[i] : 0;
            }
        }
        return 0;
    }
    return 0;
}

/* Does n match at t (any length)? Captures are left untouched. */
static int test_at(fk_mctx *c, const fk_rnode *n, uint32_t t)
{
    uint32_t s0[FK_NROLES], s1[FK_NROLES];
    int ss[FK_NROLES];
    memcpy(s0, c->c0, sizeof s0);
    memcpy(s1, c->c1, sizeof s1);
    memcpy(ss, c->cset, sizeof ss);
    cont acc = {K_ACCEPT, NULL, 0, 0, NULL};
    int aborted = c->aborted;
    int r = run(c, n, t, &acc);
    memcpy(c->c0, s0, sizeof s0);
    memcpy(c->c1, s1, sizeof s1);
    memcpy(c->cset, ss, sizeof ss);
    if (c->aborted && !aborted) return -1;
    return r == 1;
}

static int tok_class(const fk_doc *d, uint32_t t, int cls)
{
    const fk_token *k = &d->toks.v[t];
    switch (cls) {
    case C_ANY: return 1;
    case C_NUM: return k->kind == FK_TOK_NUMBER;
    case C_WORD: return k->kind == FK_TOK_WORD;
    case C_CAP: return k->kind == FK_TOK_WORD && (k->flags & FK_TF_UPPER);
    case C_UPPER: return k->kind == FK_TOK_WORD && (k->flags & FK_TF_ALLUPPER);
    case C_LOWER: return k->kind == FK_TOK_WORD && !(k->flags & FK_TF_UPPER);
    case C_PUNCT: return k->kind == FK_TOK_PUNCT;
    case C_SYM: return k->kind == FK_TOK_SYMBOL;
    case C_FIRST: return (k->flags & FK_TF_SENT_START) != 0;
    }
    return 0;
}

struct list_arg {
    fk_mctx *c;
    const cont *k;
    uint32_t ends[8];
    int nends;
};
static int list_cb(void *arg, const wentry *e, uint32_t end)
{
    (void)e;
    struct list_arg *a = arg;
    for (int i = 0; i < a->nends; i++)
        if (a->ends[i] == end) return 0;
    if (a->nends < 8) a->ends[a->nends++] = end;
    return go(a->c, end, a->k);
}

static int run(fk_mctx *c, const fk_rnode *n, uint32_t pos, const cont *k)
{
    if (c->aborted) return 1;
    if (++c->steps > MATCH_STEP_LIMIT) {
        c->aborted = 1;
        return 1;
    }
    const fk_doc *d = c->d;
    switch (n->kind) {
    case N_WORD: {
        if (pos >= c->s1) return 0;
        wword w = {n->s, n->len, n->prefix};
        return word_ok(&w, d, pos) ? go(c, pos + 1, k) : 0;
    }
    case N_LIST: {
        if (pos >= c->s1) return 0;
        if (!list_may_start(c, n->list, pos)) return 0;
        struct list_arg a = {c, k, {0}, 0};
        return wlist_each(n->list, d, pos, c->s1, list_cb, &a);
    }
    case N_CLASS:
        if (pos >= c->s1) return 0;
        return tok_class(d, pos, n->cls) ? go(c, pos + 1, k) : 0;
    case N_QTY:
    case N_ANYQTY: {
        if (pos >= c->s1) return 0;
        int q = c->qty_at[pos];
        if (q < 0) return 0;
        const fk_quantity *qq = &d->qtys.v[q];
        if (n->kind == N_QTY && (qq->flags & FK_QF_NOCOUNT)) return 0;
        if (qq->tok1 > c->s1) return 0;
        return go(c, qq->tok1, k);
    }
    case N_DATE: {
        if (pos >= c->s1) return 0;
        int t = c->date_at[pos];
        if (t < 0 || d->dates.v[t].tok1 > c->s1) return 0;
        return go(c, d->dates.v[t].tok1, k);
    }
    case N_ENT: {
        if (pos >= c->s1) return 0;
        for (int e = c->ent_head[pos]; e >= 0; e = c->ent_next[e]) {
            const fk_entity *en = &d->ents.v[e];
            if ((n->cls && en->type != n->cls) || en->tok1 > c->s1) continue;
            int r = go(c, en->tok1, k);
            if (r) return r;
        }
        return 0;
    }
    case N_RE: {
        if (pos >= c->s1) return 0;
        const fk_token *t = &d->toks.v[pos];
        unsigned char *memo = c->recache ? &c->recache[(size_t)n->reid * (c->ntoks + 1) + pos] : NULL;
        if (memo && *memo) return *memo == 2 ? go(c, pos + 1, k) : 0;
        int rc = pcre2_match(n->re, (PCRE2_SPTR)(d->text + t->start), t->end - t->start, 0, 0, c->md, c->mc);
        if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
            if (!c->warned_re) {
                c->warned_re = 1;
                fk_doc_warn(c->d, "facts: a regular expression in rule %s hit its match limit (token at byte %u)",
                            c->rule ? c->rule->name : "?", t->start);
            }
            return 0;
        }
        if (memo) *memo = rc >= 0 ? 2 : 1;
        return rc >= 0 ? go(c, pos + 1, k) : 0;
    }
    case N_SEQ: {
        cont nk = {K_SEQ, n, 1, 0, k};
        return run(c, n->kids[0], pos, &nk);
    }
    case N_ALT:
        for (int i = 0; i < n->nkids; i++) {
            int r = run(c, n->kids[i], pos, k);
            if (r) return r;
        }
        return 0;
    case N_REP: {
        cont nk = {K_REP, n, 0, pos, k};
        /* zero repetitions allowed when min == 0 */
        int r = 0;
        if (n->max > 0) {
            cont first = {K_REP, n, 1, pos, k};
            r = run(c, n->kid, pos, &first);
            if (r) return r;
        }
        (void)nk;
        if (n->min == 0) return go(c, pos, k);
        return 0;
    }
    case N_GAP:
        for (int j = 0; j <= n->max; j++) {
            if (j > 0) {
                uint32_t t = pos + (uint32_t)j - 1;
                if (t >= c->s1) return 0;
                if (n->kid) {
                    int hit = test_at(c, n->kid, t);
                    if (hit) return hit < 0 ? 1 : 0;
                }
            }
            if (j >= n->min) {
                int r = go(c, pos + (uint32_t)j, k);
                if (r) return r;
            }
        }
        return 0;
    case N_NOT: {
        int hit = test_at(c, n->kid, pos);
        if (hit < 0) return 1;
        return hit ? 0 : go(c, pos, k);
    }
    case N_AND: {
        int hit = test_at(c, n->kid, pos);
        if (hit < 0) return 1;
        return hit ? go(c, pos, k) : 0;
    }
    case N_NOTB: {
        uint32_t from = pos >= c->s0 + (uint32_t)n->min ? pos - (uint32_t)n->min : c->s0;
        for (uint32_t t = from; t < pos; t++) {
            int hit = test_at(c, n->kid, t);
            if (hit < 0) return 1;
            if (hit) return 0;
        }
        return go(c, pos, k);
    }
    case N_CAP: {
        int role = n->role;
        uint32_t o0 = c->c0[role];
        c->c0[role] = pos;
        cont nk = {K_CAPEND, NULL, role, 0, k};
        int r = run(c, n->kid, pos, &nk);
        c->c0[role] = o0;
        return r;
    }
    }
    return 0;
}

/* The sentence's word signature (computed once per sentence). */
static void sentence_sig(fk_mctx *c, uint32_t s0, uint32_t s1)
{
    if (c->sg0 == s0 && c->sg1 == s1) return;
    memset(c->sw, 0, sizeof c->sw);
    for (uint32_t t = s0; t < s1; t++) sig_set(c->sw, c->d->toks.v[t].fold_hash);
    c->sg0 = s0;
    c->sg1 = s1;
}

/* The sentence's list mask, the last token where each list may start and
 * the word signature (computed once per sentence). */
static void sentence_masks(fk_mctx *c, uint32_t s0, uint32_t s1)
{
    sentence_sig(c, s0, s1);
    if (c->sm0 == s0 && c->sm1 == s1) return;
    uint64_t m = 0;
    c->lastcount = UINT32_MAX;
    for (uint32_t t = s0; t < s1; t++) {
        uint64_t tm = tmask(c, t) & ~MASK_DONE;
        m |= tm;
        for (; tm; tm &= tm - 1) c->lastpos[__builtin_ctzll(tm)] = t;
        int q = c->qty_at[t]; /* as run() tests N_QTY */
        if (q >= 0 && !(c->d->qtys.v[q].flags & FK_QF_NOCOUNT) && c->d->qtys.v[q].tok1 <= s1) c->lastcount = t;
    }
    c->sm0 = s0;
    c->sm1 = s1;
    c->sm = m;
}

/* The rule's required element (r->req) occurs in the sentence? */
static int req_occurs(fk_mctx *c, const fk_rule *r, uint32_t s0, uint32_t s1)
{
    const fk_rnode *n = r->req;
    if (!n || (n->kind == N_LIST && list_bit(n->list))) return 1;
    for (uint32_t t = s0; t < s1; t++) {
        if (n->kind == N_WORD) {
            wword w = {n->s, n->len, n->prefix};
            if (word_ok(&w, c->d, t)) return 1;
        } else if (list_may_start(c, n->list, t)) {
            return 1;
        }
    }
    return 0;
}

size_t fk_rules_possible(fk_mctx *c, uint32_t s0, uint32_t s1, const uint32_t *which, size_t n, uint32_t *ok)
{
    if (s1 > c->d->toks.n) s1 = (uint32_t)c->d->toks.n;
    if (s0 >= s1) return 0;
    const uint64_t *reqv = ((const struct fk_rs_priv *)(c->rs + 1))->reqv;
    int masks = 0;
    size_t nok = 0;
    for (size_t k = 0; k < n; k++) {
        uint64_t q = reqv[which[k]];
        if (masks && (c->sm & q) != q) continue; /* the quick pass once the masks exist */
        const fk_rule *r = c->rs->rules.v[which[k]];
        if (r->req_lists || r->nclauses) {
            if (!masks) {
                /* words first: the signature is cheaper than the list masks */
                sentence_sig(c, s0, s1);
                int met = 1;
                for (int j = 0; j < r->nclauses && met; j++)
                    met = r->cl_lists[j] || sig_meets(c->sw, r->cl_words[j]);
                if (!met) continue;
                sentence_masks(c, s0, s1);
                masks = 1;
            }
            if ((c->sm & r->req_lists) != r->req_lists) continue;
            int met = 1;
            for (int j = 0; j < r->nclauses && met; j++)
                met = (c->sm & r->cl_lists[j]) || sig_meets(c->sw, r->cl_words[j]);
            if (!met) continue;
        }
        if (req_occurs(c, r, s0, s1)) ok[nok++] = which[k];
    }
    return nok;
}

int fk_mctx_wlist_at(fk_mctx *c, const fk_wlist *l, uint32_t i, uint32_t lim, const char **tag, uint32_t *end)
{
    if (!l || i >= lim || i >= c->ntoks) return 0;
    if (!list_may_start(c, l, i)) return 0;
    return fk_wlist_at(l, c->d, i, lim, tag, end);
}

/* Can rule r start at token t < c->ntoks, given that every list it needs
 * occurs at or before `last` (the least of their last positions)? */
static inline int can_start(fk_mctx *c, const fk_rule *r, uint32_t t, uint32_t last)
{
    const fk_rfirst *f = &r->first;
    if (f->any) return 1; /* (also keeps the limit warnings of costly look-arounds) */
    if (t > last) return 0; /* some list the rule needs no longer occurs */
    if (f->lists && (tmask(c, t) & f->lists)) return 1;
    if (f->qty && c->qty_at[t] >= 0) return 1;
    if (f->date && c->date_at[t] >= 0) return 1;
    if (f->ent && c->ent_head[t] >= 0) return 1;
    if (f->classes)
        for (int cls = C_ANY; cls <= C_FIRST; cls++)
            if (((f->classes >> cls) & 1) && tok_class(c->d, t, cls)) return 1;
    for (int i = 0; i < f->nwords; i++) {
        const fk_rnode *n = f->words[i];
        wword w = {n->s, n->len, n->prefix};
        if (word_ok(&w, c->d, t)) return 1;
    }
    return 0;
}

/* The least last position of the lists r needs (UINT32_MAX: none). */
static uint32_t needed_until(const fk_mctx *c, const fk_rule *r)
{
    uint32_t last = UINT32_MAX;
    for (uint64_t need = r->req_lists; need; need &= need - 1) {
        uint32_t p = c->lastpos[__builtin_ctzll(need)];
        if (p < last) last = p;
    }
    return last;
}

size_t fk_rule_starts(fk_mctx *c, const fk_rule *r, uint32_t s0, uint32_t s1, uint32_t *out)
{
    if (s1 > c->d->toks.n) s1 = (uint32_t)c->d->toks.n;
    if (s0 >= s1) return 0;
    uint32_t last = r->first.any ? UINT32_MAX : needed_until(c, r);
    if (r->req_count && !r->first.any) {
        /* the QTY it takes comes at or after the start */
        sentence_masks(c, s0, s1);
        if (c->lastcount == UINT32_MAX) return 0;
        if (c->lastcount < last) last = c->lastcount;
    }
    if (last >= s1) last = s1 - 1;
    size_t n = 0;
    for (uint32_t t = s0; t <= last; t++)
        if (can_start(c, r, t, last)) out[n++] = t;
    return n;
}

int fk_rule_match(fk_mctx *c, const fk_rule *r, uint32_t s0, uint32_t s1, uint32_t start, fk_rmatch *m)
{
    c->rule = r;
    c->s0 = s0;
    c->s1 = s1;
    c->start = start;
    c->steps = 0;
    c->aborted = 0;
    c->have = 0;
    memset(c->cset, 0, sizeof c->cset);
    cont done = {K_DONE, NULL, 0, 0, NULL};
    run(c, r->pat, start, &done);
    if (c->aborted && !c->warned_steps) {
        c->warned_steps = 1;
        fk_doc_warn(c->d, "facts: rule %s gave up after %d matching steps in sentence %u", r->name, MATCH_STEP_LIMIT,
                    c->d->toks.v[start].sentence);
    }
    if (!c->have) return 0;
    *m = c->best;
    m->qty = -1;
    m->date = -1;
    for (int i = 0; i < FK_NROLES; i++) m->ent[i] = -1;
    return 1;
}
