/* Facts: runs the compiled fact rules (rules.c, docs/rules.md) over every
 * sentence, resolves conflicts (priority, then longest match; one count
 * feeds at most one fact), then fills who/where/when/source. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "rules.h"

struct fk_factrules {
    fk_ruleset *rs;
};

int fk_facts_load(fk_engine *e, fakty_diags *diags)
{
    e->facts = fk_xcalloc(1, sizeof *e->facts);
    e->facts->rs = fk_ruleset_load(&e->pack, diags);
    return 0;
}

void fk_facts_free(fk_factrules *x)
{
    if (!x) return;
    fk_ruleset_free(x->rs);
    free(x);
}

typedef struct cand {
    fk_rmatch m;
    size_t order; /* rule index: stable tie-break */
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->m.rule->priority != y->m.rule->priority) return x->m.rule->priority > y->m.rule->priority ? -1 : 1;
    uint32_t lx = x->m.t1 - x->m.t0, ly = y->m.t1 - y->m.t0;
    if (lx != ly) return lx > ly ? -1 : 1;
    if (x->m.t0 != y->m.t0) return x->m.t0 < y->m.t0 ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int fact_cmp(const void *a, const void *b)
{
    const fk_fact *x = a, *y = b;
    if (x->sentence != y->sentence) return x->sentence < y->sentence ? -1 : 1;
    return x->count.start < y->count.start ? -1 : x->count.start > y->count.start;
}

static uint32_t tdist(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    if (a1 <= b0) return b0 - a1;
    if (b1 <= a0) return a0 - b1;
    return 0;
}

/* The article's main place: the most frequent country/city LOC entity
 * (ties: the one mentioned first). */
static int main_place(const fk_doc *d)
{
    fk_map *m = fk_map_new();
    int best = -1;
    intptr_t bestn = 0;
    for (size_t i = 0; i < d->ents.n; i++) {
        const fk_entity *e = &d->ents.v[i];
        if (e->type != FK_LOC || !e->name || !e->subtype) continue;
        if (strcmp(e->subtype, "country") && strcmp(e->subtype, "city")) continue;
        int ins;
        void **slot = fk_map_slot(m, e->name, strlen(e->name), &ins);
        /* value: count << 24 | (first index + 1) would overflow; keep two maps' worth in one:
         * the count only, and find the first index below */
        intptr_t n = (intptr_t)*slot + 1;
        *slot = (void *)n;
        if (n > bestn) bestn = n, best = (int)i;
    }
    /* precision: the article's main place must be clear — mentioned at least
     * twice and more often than any other country or city; else none (a
     * place named once, e.g. "na granicy z Białorusią", is no main place) */
    if (best >= 0) {
        size_t idx = 0;
        const char *k;
        size_t kl;
        void *v;
        intptr_t second = 0;
        while (fk_map_next(m, &idx, &k, &kl, &v))
            if (strcmp(k, d->ents.v[best].name) && (intptr_t)v > second) second = (intptr_t)v;
        if (bestn < 2 || second >= bestn) best = -1;
    }
    if (best >= 0) {
        /* the first mention of the winning name (ties go to the earliest to reach the count) */
        for (size_t i = 0; i < d->ents.n; i++)
            if (d->ents.v[i].type == FK_LOC && d->ents.v[i].name && !strcmp(d->ents.v[i].name, d->ents.v[best].name)) {
                best = (int)i;
                break;
            }
    }
    fk_map_free(m);
    return best;
}

/* Is there clause punctuation (, ; : ( ) or a dash) among tokens [a, b)? */
static int clause_break(const fk_doc *d, uint32_t a, uint32_t b)
{
    for (uint32_t t = a; t < b && t < d->toks.n; t++) {
        const fk_token *k = &d->toks.v[t];
        if (k->kind != FK_TOK_PUNCT) continue;
        const char *x = d->text + k->start;
        uint32_t n = k->end - k->start;
        if (n == 1 && strchr(",;:()", x[0])) return 1;
        if (n == 3 && (!memcmp(x, "\xE2\x80\x93", 3) || !memcmp(x, "\xE2\x80\x94", 3))) return 1; /* en/em dash */
    }
    return 0;
}

static const char *who_category(fk_mctx *c, const fk_ruleset *rs, uint32_t t0, uint32_t t1)
{
    for (uint32_t t = t0; t < t1; t++) {
        const char *tag = NULL;
        uint32_t end;
        if (fk_mctx_wlist_at(c, rs->opt_who, t, t1, &tag, &end) && tag) return tag;
    }
    return NULL;
}

/* What source resolution needs about the document. */
typedef struct fnocc {
    uint32_t tok;
    const char *tag;
} fnocc;
typedef FK_VEC(fnocc) fnvec;

typedef struct rctx {
    fk_mctx *mc;
    const fk_ruleset *rs;
    fk_doc *d;
    const int *per_at;           /* PER entity starting at a token, -1 */
    const unsigned char *other;  /* token inside a LOC/ORG entity */
    fnvec fns;                   /* function words of the document, in order */
    int fns_built;
} rctx;

static int is_name_word(const rctx *x, uint32_t t)
{
    const fk_doc *d = x->d;
    const fk_token *k = &d->toks.v[t];
    if (k->kind != FK_TOK_WORD || !(k->flags & FK_TF_UPPER) || (k->flags & FK_TF_ALLUPPER)) return 0;
    if (x->other[t]) return 0;
    if (fk_mctx_wlist_at(x->mc, x->rs->opt_name_stop, t, t + 1, NULL, NULL)) return 0;
    if (fk_mctx_wlist_at(x->mc, x->rs->opt_function, t, t + 1, NULL, NULL)) return 0;
    return 1;
}

/* Name following a function word at token u (same sentence): a PER entity
 * starting within 5 tokens, else a run of 2-3 capitalised words that are
 * not part of another entity nor stop words. */
static int name_after(const rctx *x, uint32_t u, uint32_t s1, int *ent, const char **name)
{
    const fk_doc *d = x->d;
    for (uint32_t t = u + 1; t < s1 && t <= u + 5; t++) {
        if (x->per_at[t] >= 0) {
            *ent = x->per_at[t];
            *name = NULL;
            return 1;
        }
    }
    for (uint32_t t = u + 1; t < s1 && t <= u + 5; t++) {
        if (!is_name_word(x, t)) continue;
        uint32_t e = t;
        while (e < s1 && e < t + 3 && is_name_word(x, e) && !(d->toks.v[e].flags & FK_TF_SENT_START)) e++;
        if (e - t >= 2) {
            *ent = -1;
            *name = fk_arena_strndup(&x->d->arena, d->text + d->toks.v[t].start,
                                     d->toks.v[e - 1].end - d->toks.v[t].start);
            return 1;
        }
        break;
    }
    return 0;
}

/* Is token t a function word (one word of the function list, with a
 * tag)? Sets *tag. */
static int is_function(const rctx *x, uint32_t t, const char **tag)
{
    *tag = NULL;
    return x->rs->opt_function && x->d->toks.v[t].kind == FK_TOK_WORD &&
           fk_mctx_wlist_at(x->mc, x->rs->opt_function, t, t + 1, tag, NULL) && *tag;
}

static void function_index(rctx *x)
{
    const fk_doc *d = x->d;
    x->fns_built = 1;
    if (!x->rs->opt_function) return;
    for (uint32_t t = 0; t < d->toks.n; t++) {
        const char *tag;
        if (is_function(x, t, &tag)) {
            fnocc o = {t, tag};
            fk_vec_push(x->fns, o);
        }
    }
}

enum { SOURCE_LOOK_BACK = 200, SOURCE_LOOK_AHEAD = 50 };

/* The function mention at token u, qualified by the key words (each must
 * occur near it), names a person? */
static int try_mention(const rctx *x, uint32_t u, const uint32_t *keys, int nkeys, int *ent, const char **name)
{
    const fk_doc *d = x->d;
    const fk_sentence *s = &d->sents.v[d->toks.v[u].sentence];
    for (int k = 0; k < nkeys; k++) {
        int ok = 0;
        const char *kf = fk_tok_fold(d, keys[k]);
        for (uint32_t t = u > s->tok0 + 2 ? u - 2 : s->tok0; t < s->tok1 && t < u + 6 && !ok; t++)
            if (!strcmp(fk_tok_fold(d, t), kf)) ok = 1;
        if (!ok) return 0;
    }
    return name_after(x, u, s->tok1, ent, name);
}

static const char *person_name(const fk_doc *d, int ent, const char *name)
{
    return ent >= 0 ? d->ents.v[ent].name : name;
}

/* Resolve the attribution [c0, c1). */
/* Source resolution's search over other mentions of a function. */
typedef struct mpick {
    int found, conflict;
    int ent;
    const char *name;
} mpick;

/* Weigh function mention o (same tag, naming a person near the key words):
 * the first one found is kept; another naming someone else is a conflict.
 * Returns 1 when the search can stop (found with key words). */
static int consider(const rctx *x, const fnocc *o, const char *ftag, const uint32_t *keys, int nkeys, mpick *p)
{
    int ent;
    const char *name;
    if (strcmp(o->tag, ftag) || !try_mention(x, o->tok, keys, nkeys, &ent, &name)) return 0;
    if (!p->found) {
        p->found = 1, p->ent = ent, p->name = name;
        return nkeys != 0;
    }
    if (strcmp(person_name(x->d, ent, name), person_name(x->d, p->ent, p->name))) p->conflict = 1;
    return 0;
}

static void resolve_source(rctx *x, const uint32_t *sent_ents, size_t nsent_ents, uint32_t c0, uint32_t c1,
                           int *src_ent, const char **src_name)
{
    fk_doc *d = x->d;
    *src_ent = -1;
    *src_name = NULL;
    /* a person inside the attribution */
    for (uint32_t t = c0; t < c1; t++) {
        if (x->per_at[t] >= 0 && d->ents.v[x->per_at[t]].tok1 <= c1) {
            *src_ent = x->per_at[t];
            return;
        }
    }
    int org = -1;
    for (size_t k = 0; k < nsent_ents && org < 0; k++) {
        const fk_entity *e = &d->ents.v[sent_ents[k]];
        if (e->type == FK_ORG && e->tok0 >= c0 && e->tok1 <= c1) org = (int)sent_ents[k];
    }
    /* a function word ("head of X") in the attribution: the first one */
    const char *ftag = NULL;
    uint32_t fu = 0;
    for (uint32_t t = c0; t < c1 && !ftag; t++)
        if (is_function(x, t, &ftag)) fu = t;
    if (!ftag) {
        *src_ent = org;
        return;
    }
    /* the document's function mentions (built for the first attribution
     * that needs them); fu's among them (binary search) */
    if (!x->fns_built) function_index(x);
    const fnvec *fns = &x->fns;
    size_t lo = 0, hi = fns->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (fns->v[mid].tok < fu) lo = mid + 1;
        else hi = mid;
    }
    size_t fi = lo;
    const fk_sentence *cs = &d->sents.v[d->toks.v[c0].sentence];
    int ent = -1;
    const char *name = NULL;
    if (name_after(x, fu, c1 < cs->tok1 ? c1 : cs->tok1, &ent, &name)) {
        *src_ent = ent;
        *src_name = name;
        return;
    }
    /* key words that qualify the function: capitalised words after it in
     * the attribution ("szefa MSW", "rzecznika Komendy Głównej Policji") */
    uint32_t keys[8];
    int nkeys = 0;
    for (uint32_t t = fu + 1; t < c1 && nkeys < 8; t++) {
        const fk_token *k = &d->toks.v[t];
        if (k->kind == FK_TOK_WORD && (k->flags & (FK_TF_ALLUPPER | FK_TF_UPPER))) keys[nkeys++] = t;
    }
    /* other mentions of the same function naming a person: the closest
     * earlier one, else the closest later one (bounded search). Without key
     * words, only if every such mention names the same person. */
    mpick p = {0, 0, -1, NULL};
    size_t n = 0;
    for (size_t i = fi; i-- > 0 && n < SOURCE_LOOK_BACK && !p.conflict; n++)
        if (consider(x, &fns->v[i], ftag, keys, nkeys, &p)) break;
    if (!p.found || (!nkeys && !p.conflict)) {
        n = 0;
        for (size_t i = fi; i < fns->n && n < SOURCE_LOOK_AHEAD && !p.conflict; i++, n++)
            if (fns->v[i].tok >= c1 && consider(x, &fns->v[i], ftag, keys, nkeys, &p)) break;
    }
    if (p.found && !p.conflict) {
        *src_ent = p.ent;
        *src_name = p.name;
        return;
    }
    *src_ent = org;
}

/* Made when output asks (most runs never show it). */
int fk_fact_explain(const fk_doc *d, const fk_fact *f, fk_sb *out)
{
    if (f->explain) {
        fk_sb_puts(out, f->explain);
        return 1;
    }
    const fk_rule *r = f->xrule;
    if (!r) return 0;
    char buf[160];
    fk_sb x = {0};
    fk_sb_puts(&x, "rule ");
    fk_sb_puts(&x, r->name);
    fk_sb_puts(&x, " (");
    fk_sb_puts(&x, r->file ? r->file : "(null)");
    fk_sb_puts(&x, ":");
    fk_sb_putu(&x, r->line);
    fk_sb_puts(&x, ") matched \"");
    fk_sb_putn(&x, d->text + f->match_start, f->match_end - f->match_start);
    fk_sb_puts(&x, "\"; count: ");
    if (f->count.qty >= 0) {
        const fk_quantity *q = &d->qtys.v[f->count.qty];
        /* at most 160 bytes, as the snprintf into char[160] before */
        fk_sb c = {0};
        fk_sb_puts(&c, "QTY \"");
        fk_sb_putn(&c, d->text + q->start, q->end - q->start);
        fk_sb_puts(&c, "\"");
        if (q->rule) {
            fk_sb_puts(&c, " by ");
            fk_sb_puts(&c, q->rule);
        }
        fk_sb_putn(&x, c.p, c.n < 159 ? c.n : 159);
        free(c.p);
    } else {
        snprintf(buf, 160, "fixed %g \"%.*s\"", f->count.value, (int)(f->count.end - f->count.start),
                 d->text + f->count.start);
        fk_sb_puts(&x, buf);
    }
    /* what the rule matched: not what the fact took from the one before */
    int own_who = !(f->inherited & FK_INHERIT_WHO), own_source = !(f->inherited & FK_INHERIT_SOURCE);
    if (own_who && f->who_end > f->who_start) {
        fk_sb_puts(&x, "; who: \"");
        fk_sb_putn(&x, d->text + f->who_start, f->who_end - f->who_start);
        fk_sb_puts(&x, "\"");
    }
    if (own_who && f->who_category) {
        fk_sb_puts(&x, " = ");
        fk_sb_puts(&x, f->who_category);
    }
    const char *where = f->where_ent >= 0 ? d->ents.v[f->where_ent].name : NULL;
    const char *when = f->when_date >= 0 ? d->dates.v[f->when_date].value : NULL;
    if (where) {
        fk_sb_puts(&x, "; where: ");
        fk_sb_puts(&x, where);
        fk_sb_puts(&x, f->where_from_doc ? " (document)" : " (sentence)");
    }
    if (when) {
        fk_sb_puts(&x, "; when: ");
        fk_sb_puts(&x, when);
    }
    if (own_source && f->source_end > f->source_start) {
        fk_sb_puts(&x, "; source: \"");
        fk_sb_putn(&x, d->text + f->source_start, f->source_end - f->source_start);
        fk_sb_puts(&x, "\"");
    }
    fk_sb_putn(out, x.p, x.n);
    free(x.p);
    return 1;
}

enum { MAX_SOURCES_PER_SENTENCE = 64 };

/* Entities/dates grouped by sentence (indices), built once per document. */
typedef struct bysent {
    uint32_t *first; /* [nsents + 1] */
    uint32_t *idx;
} bysent;

static void group(bysent *g, size_t nsents, size_t n, const void *base, size_t stride, size_t off_sentence)
{
    g->first = fk_xcalloc(nsents + 2, sizeof *g->first);
    g->idx = fk_xmalloc((n + 1) * sizeof *g->idx);
    for (size_t i = 0; i < n; i++) {
        uint32_t s = *(const uint32_t *)((const char *)base + i * stride + off_sentence);
        if (s < nsents) g->first[s + 1]++;
    }
    for (size_t s = 0; s < nsents; s++) g->first[s + 1] += g->first[s];
    uint32_t *fill = fk_xmalloc((nsents + 1) * sizeof *fill);
    memcpy(fill, g->first, (nsents + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        uint32_t s = *(const uint32_t *)((const char *)base + i * stride + off_sentence);
        if (s < nsents) g->idx[fill[s]++] = (uint32_t)i;
    }
    free(fill);
}

void fk_facts_run(const fk_engine *e, fk_doc *d)
{
    const fk_ruleset *rs = e->facts ? e->facts->rs : NULL;
    if (!rs || !rs->rules.n || !d->toks.n || !d->sents.n) return;
    size_t nt = d->toks.n;
    /* longest count-capable quantity starting at each token */
    int *cq_at = fk_xmalloc((nt + 1) * sizeof(int));
    for (size_t i = 0; i <= nt; i++) cq_at[i] = -1;
    int any_qty = 0;
    for (size_t i = 0; i < d->qtys.n; i++) {
        const fk_quantity *q = &d->qtys.v[i];
        if ((q->flags & FK_QF_NOCOUNT) || q->tok0 >= q->tok1 || q->tok1 > nt) continue;
        if (cq_at[q->tok0] < 0 || d->qtys.v[cq_at[q->tok0]].tok1 < q->tok1) cq_at[q->tok0] = (int)i;
        any_qty = 1;
    }
    int has_fixed = 0;
    for (size_t i = 0; i < rs->rules.n; i++)
        if (rs->rules.v[i]->has_fixed) has_fixed = 1;
    if (!any_qty && !has_fixed) {
        free(cq_at);
        return;
    }
    fk_mctx *c = fk_mctx_new(rs, d);
    int mainp = main_place(d);
    int *per_at = fk_xmalloc((nt + 1) * sizeof(int));
    for (size_t i = 0; i <= nt; i++) per_at[i] = -1;
    for (size_t i = 0; i < d->ents.n; i++)
        if (d->ents.v[i].type == FK_PER && d->ents.v[i].tok0 < nt && per_at[d->ents.v[i].tok0] < 0)
            per_at[d->ents.v[i].tok0] = (int)i;
    bysent ents_of, dates_of;
    group(&ents_of, d->sents.n, d->ents.n, d->ents.v, sizeof *d->ents.v, offsetof(fk_entity, sentence));
    group(&dates_of, d->sents.n, d->dates.n, d->dates.v, sizeof *d->dates.v, offsetof(fk_date, sentence));
    unsigned char *other = fk_xcalloc(nt + 1, 1);
    for (size_t i = 0; i < d->ents.n; i++)
        if (d->ents.v[i].type != FK_PER)
            for (uint32_t t = d->ents.v[i].tok0; t < d->ents.v[i].tok1 && t < nt; t++) other[t] = 1;
    rctx rx = {c, rs, d, per_at, other, {0}, 0};
    unsigned char *taken = fk_xcalloc(nt + 1, 1);
    uint32_t *starts = fk_xmalloc((nt + 1) * sizeof *starts);
    /* the rules tried in a sentence with a count, without one, and the
     * attributions (indices in rs->rules) */
    size_t nr = rs->rules.n, ncount = 0, nfixed = 0, nsource = 0;
    uint32_t *ok = fk_xmalloc(4 * (nr + 1) * sizeof *ok);
    uint32_t *want_count = ok + nr + 1, *want_fixed = want_count + nr + 1, *want_source = want_fixed + nr + 1;
    for (size_t ri = 0; ri < nr; ri++) {
        const fk_rule *r = rs->rules.v[ri];
        if (r->kind == FK_RK_SOURCE) want_source[nsource++] = (uint32_t)ri;
        else {
            want_count[ncount++] = (uint32_t)ri;
            if (r->has_fixed) want_fixed[nfixed++] = (uint32_t)ri;
        }
    }
    FK_VEC(cand) cands = {0};
    FK_VEC(fk_rmatch) srcs = {0};
    FK_VEC(const fk_rule *) frules = {0};
    for (size_t si = 0; si < d->sents.n; si++) {
        const fk_sentence *s = &d->sents.v[si];
        if (s->tok1 > nt || s->tok0 >= s->tok1) continue;
        cands.n = srcs.n = 0;
        int sq = 0;
        for (uint32_t t = s->tok0; t < s->tok1 && !sq; t++) sq = cq_at[t] >= 0;
        size_t nok = sq ? fk_rules_possible(c, s->tok0, s->tok1, want_count, ncount, ok)
                        : fk_rules_possible(c, s->tok0, s->tok1, want_fixed, nfixed, ok);
        for (size_t k = 0; k < nok; k++) {
            size_t ri = ok[k];
            const fk_rule *r = rs->rules.v[ri];
            size_t ns = fk_rule_starts(c, r, s->tok0, s->tok1, starts);
            for (size_t j = 0; j < ns; j++) {
                fk_rmatch m;
                if (!fk_rule_match(c, r, s->tok0, s->tok1, starts[j], &m)) continue;
                cand cd = {m, ri};
                fk_vec_push(cands, cd);
            }
        }
        if (!cands.n) continue;
        /* attributions, only in sentences with candidate facts */
        nok = fk_rules_possible(c, s->tok0, s->tok1, want_source, nsource, ok);
        for (size_t k = 0; k < nok && srcs.n < MAX_SOURCES_PER_SENTENCE; k++) {
            const fk_rule *r = rs->rules.v[ok[k]];
            size_t ns = fk_rule_starts(c, r, s->tok0, s->tok1, starts);
            uint32_t next = s->tok0; /* a match's tokens start no other */
            for (size_t j = 0; j < ns && srcs.n < MAX_SOURCES_PER_SENTENCE; j++) {
                fk_rmatch m;
                if (starts[j] < next || !fk_rule_match(c, r, s->tok0, s->tok1, starts[j], &m)) continue;
                fk_vec_push(srcs, m);
                next = m.t1;
            }
        }
        qsort(cands.v, cands.n, sizeof *cands.v, cand_cmp);
        size_t first_fact = d->facts.n;
        frules.n = 0;
        for (size_t i = 0; i < cands.n; i++) {
            fk_rmatch *m = &cands.v[i].m;
            const fk_rule *r = m->rule;
            uint32_t k0 = m->c0[FK_ROLE_COUNT], k1 = m->c1[FK_ROLE_COUNT];
            if (k1 <= k0) continue;
            int q = -1;
            if (!r->has_fixed) {
                for (uint32_t t = k0; t < k1 && q < 0; t++)
                    if (cq_at[t] >= 0 && d->qtys.v[cq_at[t]].tok1 <= k1) q = cq_at[t];
                if (q < 0) continue;
                k0 = d->qtys.v[q].tok0;
                k1 = d->qtys.v[q].tok1;
            }
            int clash = 0;
            for (uint32_t t = k0; t < k1 && !clash; t++) clash = taken[t];
            if (clash) continue;
            for (uint32_t t = k0; t < k1; t++) taken[t] = 1;
            if (r->kind == FK_RK_BLOCK) continue;

            fk_fact f;
            memset(&f, 0, sizeof f);
            f.type = r->type;
            f.rule = r->name;
            f.sentence = (uint32_t)si;
            f.where_ent = f.when_date = f.source_ent = -1;
            if (q >= 0) {
                const fk_quantity *qq = &d->qtys.v[q];
                f.count.has_value = qq->has_value;
                f.count.has_min = qq->has_min;
                f.count.has_max = qq->has_max;
                f.count.value = qq->value;
                f.count.min = qq->min;
                f.count.max = qq->max;
                f.count.qualifier = qq->qualifier;
                f.count.start = qq->start;
                f.count.end = qq->end;
                f.count.qty = q;
            } else {
                f.count.has_value = f.count.has_min = f.count.has_max = 1;
                f.count.value = f.count.min = f.count.max = r->fixed;
                f.count.qualifier = FK_Q_EXACT;
                f.count.start = d->toks.v[k0].start;
                f.count.end = d->toks.v[k1 - 1].end;
                f.count.qty = -1;
            }
            uint32_t w0 = m->c0[FK_ROLE_WHO], w1 = m->c1[FK_ROLE_WHO];
            if (w1 > w0) {
                f.who_start = d->toks.v[w0].start;
                f.who_end = d->toks.v[w1 - 1].end;
                f.who_category = who_category(c, rs, w0, w1);
            }
            /* source: the attribution closest to the count */
            uint32_t sc0 = 0, sc1 = 0;
            {
                uint32_t bd = UINT32_MAX;
                for (size_t j = 0; j < srcs.n; j++) {
                    uint32_t a0 = srcs.v[j].c0[FK_ROLE_SOURCE], a1 = srcs.v[j].c1[FK_ROLE_SOURCE];
                    if (a1 <= a0 || (a0 < k1 && k0 < a1)) continue;
                    uint32_t dd = tdist(a0, a1, k0, k1);
                    if (dd < bd) bd = dd, sc0 = a0, sc1 = a1;
                }
                if (sc1 > sc0) {
                    f.source_start = d->toks.v[sc0].start;
                    f.source_end = d->toks.v[sc1 - 1].end;
                    resolve_source(&rx, ents_of.idx + ents_of.first[si],
                                   ents_of.first[si + 1] - ents_of.first[si], sc0, sc1, &f.source_ent,
                                   &f.source_name);
                }
            }
            /* where: a captured LOC, else a LOC in a place phrase of the
             * sentence (closest to the count), else the main place */
            {
                uint32_t x0 = m->c0[FK_ROLE_WHERE], x1 = m->c1[FK_ROLE_WHERE];
                int best = -1, best2 = -1;
                uint32_t bd = UINT32_MAX, bd2 = UINT32_MAX;
                for (uint32_t k = ents_of.first[si]; k < ents_of.first[si + 1]; k++) {
                    size_t j = ents_of.idx[k];
                    const fk_entity *en = &d->ents.v[j];
                    if (en->type != FK_LOC || en->tok1 > nt) continue;
                    if (x1 > x0) {
                        if (en->tok0 >= x0 && en->tok1 <= x1) {
                            best = (int)j;
                            break;
                        }
                        continue;
                    }
                    if (sc1 > sc0 && en->tok0 >= sc0 && en->tok1 <= sc1) continue;
                    if (w1 > w0 && en->tok0 >= w0 && en->tok1 <= w1) continue;
                    uint32_t dd = tdist(en->tok0, en->tok1, k0, k1);
                    /* a locative preposition right before the place, or before one
                     * lower-case word that qualifies it ("w sąsiednim województwie") */
                    int loc = en->tok0 > s->tok0 &&
                              fk_mctx_wlist_at(c, rs->opt_locative, en->tok0 - 1, en->tok0, NULL, NULL);
                    if (!loc && en->tok0 > s->tok0 + 1 && d->toks.v[en->tok0 - 1].kind == FK_TOK_WORD &&
                        !(d->toks.v[en->tok0 - 1].flags & FK_TF_UPPER))
                        loc = fk_mctx_wlist_at(c, rs->opt_locative, en->tok0 - 2, en->tok0 - 1, NULL, NULL);
                    if (loc) {
                        if (dd < bd) bd = dd, best = (int)j;
                    } else if (dd < bd2 && en->tok0 > s->tok0 &&
                               fk_mctx_wlist_at(c, rs->opt_direction, en->tok0 - 1, en->tok0, NULL, NULL)) {
                        bd2 = dd, best2 = (int)j;
                    }
                }
                if (best < 0) best = best2;
                if (best >= 0) f.where_ent = best;
                else if (mainp >= 0) f.where_ent = mainp, f.where_from_doc = 1;
            }
            /* when: a captured date, else the closest date of the sentence */
            {
                uint32_t x0 = m->c0[FK_ROLE_WHEN], x1 = m->c1[FK_ROLE_WHEN];
                int best = -1;
                uint32_t bd = UINT32_MAX;
                for (uint32_t k = dates_of.first[si]; k < dates_of.first[si + 1]; k++) {
                    size_t j = dates_of.idx[k];
                    const fk_date *t = &d->dates.v[j];
                    if (x1 > x0 && !(t->tok0 >= x0 && t->tok1 <= x1)) continue;
                    if (sc1 > sc0 && t->tok0 >= sc0 && t->tok1 <= sc1) continue;
                    /* a recurring date is no time of an event; a duration
                     * ("w ciągu siedmiu dni") only inside the match itself
                     * (elsewhere it is often an age or a sentence length) */
                    if (t->kind == FK_D_SET) continue;
                    if (t->kind == FK_D_DURATION && x1 <= x0 && !(t->tok0 >= m->t0 && t->tok1 <= m->t1)) continue;
                    /* a date outside the match must be in the same clause:
                     * "nikt nie zginął, gdzie woda opada od soboty" */
                    if (x1 <= x0 && !(t->tok0 >= m->t0 && t->tok1 <= m->t1) &&
                        (t->tok1 <= m->t0 ? clause_break(d, t->tok1, m->t0) : clause_break(d, m->t1, t->tok0)))
                        continue;
                    uint32_t dd = tdist(t->tok0, t->tok1, k0, k1);
                    if (dd < bd) bd = dd, best = (int)j;
                }
                f.when_date = best;
            }
            f.xrule = r;
            f.match_start = d->toks.v[m->t0].start;
            f.match_end = d->toks.v[m->t1 - 1].end;
            fk_vec_push(d->facts, f);
            fk_vec_push(frules, r);
        }
        for (uint32_t t = s->tok0; t < s->tok1; t++) taken[t] = 0;
        /* order this sentence's facts by position; inherit who */
        size_t nf = d->facts.n - first_fact;
        if (nf > 1) {
            /* sort facts and their rules together: sort an index */
            size_t *ord = fk_xmalloc(nf * sizeof *ord);
            for (size_t i = 0; i < nf; i++) ord[i] = i;
            for (size_t i = 1; i < nf; i++) { /* insertion sort: few facts per sentence */
                size_t x = ord[i], j = i;
                while (j > 0 && fact_cmp(&d->facts.v[first_fact + ord[j - 1]], &d->facts.v[first_fact + x]) > 0) {
                    ord[j] = ord[j - 1];
                    j--;
                }
                ord[j] = x;
            }
            fk_fact *tmp = fk_xmalloc(nf * sizeof *tmp);
            const fk_rule **tr = fk_xmalloc(nf * sizeof *tr);
            for (size_t i = 0; i < nf; i++) tmp[i] = d->facts.v[first_fact + ord[i]], tr[i] = frules.v[ord[i]];
            memcpy(d->facts.v + first_fact, tmp, nf * sizeof *tmp);
            memcpy(frules.v, tr, nf * sizeof *tr);
            free(tmp);
            free(tr);
            free(ord);
        }
        for (size_t i = first_fact + 1; i < d->facts.n; i++) {
            fk_fact *f = &d->facts.v[i];
            if (!frules.v[i - first_fact]->inherit_who || f->who_end > f->who_start) continue;
            const fk_fact *p = &d->facts.v[i - 1];
            f->who_start = p->who_start;
            f->who_end = p->who_end;
            f->who_category = p->who_category;
            f->inherited |= FK_INHERIT_WHO;
            if (f->source_end <= f->source_start && !f->source_name) {
                f->inherited |= FK_INHERIT_SOURCE;
                f->source_start = p->source_start;
                f->source_end = p->source_end;
                f->source_ent = p->source_ent;
                f->source_name = p->source_name;
            }
        }
    }
    fk_vec_free(cands);
    fk_vec_free(srcs);
    fk_vec_free(frules);
    fk_vec_free(rx.fns);
    free(other);
    free(taken);
    free(starts);
    free(ok);
    free(ents_of.first);
    free(ents_of.idx);
    free(dates_of.first);
    free(dates_of.idx);
    free(per_at);
    free(cq_at);
    fk_mctx_free(c);
}
