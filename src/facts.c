/* Facts: runs the compiled fact rules (rules.c, docs/rules.md) over every
 * sentence, resolves conflicts (priority, then longest match; one count
 * feeds at most one fact), then fills who/where/when/source. */
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

/* The article's main place: the most frequent country/city LOC entity. */
static int main_place(const fk_doc *d)
{
    int best = -1, bestn = 0;
    for (size_t i = 0; i < d->ents.n; i++) {
        const fk_entity *e = &d->ents.v[i];
        if (e->type != FK_LOC || !e->name || !e->subtype) continue;
        if (strcmp(e->subtype, "country") && strcmp(e->subtype, "city")) continue;
        int n = 0, first = 1;
        for (size_t j = 0; j < d->ents.n; j++) {
            const fk_entity *f = &d->ents.v[j];
            if (f->type == FK_LOC && f->name && !strcmp(f->name, e->name)) {
                if (j < i) first = 0;
                n++;
            }
        }
        if (first && n > bestn) best = (int)i, bestn = n;
    }
    return best;
}

static const char *who_category(const fk_ruleset *rs, const fk_doc *d, uint32_t t0, uint32_t t1)
{
    for (uint32_t t = t0; t < t1; t++) {
        const char *tag = NULL;
        uint32_t end;
        if (fk_wlist_at(rs->opt_who, d, t, t1, &tag, &end) && tag) return tag;
    }
    return NULL;
}

static int is_name_word(const fk_ruleset *rs, const fk_doc *d, uint32_t t)
{
    const fk_token *k = &d->toks.v[t];
    if (k->kind != FK_TOK_WORD || !(k->flags & FK_TF_UPPER) || (k->flags & FK_TF_ALLUPPER)) return 0;
    if (fk_wlist_at(rs->opt_name_stop, d, t, t + 1, NULL, NULL)) return 0;
    if (fk_wlist_at(rs->opt_function, d, t, t + 1, NULL, NULL)) return 0;
    return 1;
}

/* Name following a function word at token u (same sentence): a PER entity
 * starting within 5 tokens, else a run of 2-3 capitalised words. */
static int name_after(const fk_ruleset *rs, const fk_doc *d, const int *ent_head_per, uint32_t u, uint32_t s1,
                      int *ent, const char **name)
{
    for (uint32_t t = u + 1; t < s1 && t <= u + 5; t++) {
        if (ent_head_per[t] >= 0) {
            *ent = ent_head_per[t];
            *name = NULL;
            return 1;
        }
    }
    for (uint32_t t = u + 1; t < s1 && t <= u + 5; t++) {
        if (!is_name_word(rs, d, t)) continue;
        uint32_t e = t;
        while (e < s1 && e < t + 3 && is_name_word(rs, d, e) && !(d->toks.v[e].flags & FK_TF_SENT_START)) e++;
        if (e - t >= 2) {
            *ent = -1;
            *name = fk_arena_strndup((fk_arena *)&d->arena, d->text + d->toks.v[t].start,
                                     d->toks.v[e - 1].end - d->toks.v[t].start);
            return 1;
        }
        break;
    }
    return 0;
}

/* Resolve a source capture [s0, s1) in sentence `si`. */
static void resolve_source(const fk_ruleset *rs, fk_doc *d, const int *ent_head_per, uint32_t c0, uint32_t c1,
                           fk_fact *f)
{
    /* an entity inside the attribution */
    int org = -1;
    for (size_t i = 0; i < d->ents.n; i++) {
        const fk_entity *e = &d->ents.v[i];
        if (e->tok0 < c0 || e->tok1 > c1) continue;
        if (e->type == FK_PER) {
            f->source_ent = (int)i;
            return;
        }
        if (e->type == FK_ORG && org < 0) org = (int)i;
    }
    if (!rs->opt_function) {
        f->source_ent = org;
        return;
    }
    /* a function word ("head of X") in the attribution */
    const char *ftag = NULL;
    uint32_t fu = 0;
    for (uint32_t t = c0; t < c1; t++) {
        const char *tag = NULL;
        if (fk_wlist_at(rs->opt_function, d, t, t + 1, &tag, NULL) && tag) {
            ftag = tag;
            fu = t;
            break;
        }
    }
    if (!ftag) {
        f->source_ent = org;
        return;
    }
    const fk_sentence *cs = &d->sents.v[d->toks.v[c0].sentence];
    int ent = -1;
    const char *name = NULL;
    if (name_after(rs, d, ent_head_per, fu, c1 < cs->tok1 ? c1 : cs->tok1, &ent, &name)) {
        f->source_ent = ent;
        f->source_name = name;
        return;
    }
    /* key words that qualify the function: all-capitals words and words
     * after the function word within the attribution */
    uint32_t keys[8];
    int nkeys = 0;
    for (uint32_t t = fu + 1; t < c1 && nkeys < 8; t++) {
        const fk_token *k = &d->toks.v[t];
        if (k->kind == FK_TOK_WORD && (k->flags & FK_TF_ALLUPPER)) keys[nkeys++] = t;
    }
    /* the closest other mention of the same function naming a person;
     * earlier mentions first */
    int best_ent = -1;
    const char *best_name = NULL;
    uint32_t best_dist = UINT32_MAX;
    for (uint32_t u = 0; u < d->toks.n; u++) {
        if (u >= c0 && u < c1) continue;
        const char *tag = NULL;
        if (!fk_wlist_at(rs->opt_function, d, u, u + 1, &tag, NULL) || !tag || strcmp(tag, ftag)) continue;
        const fk_sentence *s = &d->sents.v[d->toks.v[u].sentence];
        int ok = 1;
        for (int k = 0; k < nkeys && ok; k++) {
            ok = 0;
            const char *kf = fk_tok_fold(d, keys[k]);
            for (uint32_t t = u > s->tok0 + 2 ? u - 2 : s->tok0; t < s->tok1 && t < u + 6; t++)
                if (!strcmp(fk_tok_fold(d, t), kf)) ok = 1;
        }
        if (!ok) continue;
        int e = -1;
        const char *nm = NULL;
        if (!name_after(rs, d, ent_head_per, u, s->tok1, &e, &nm)) continue;
        uint32_t dist = u < c0 ? c0 - u : (u - c0) + (uint32_t)d->toks.n; /* prefer earlier */
        if (dist < best_dist) best_dist = dist, best_ent = e, best_name = nm;
    }
    if (best_ent >= 0 || best_name) {
        f->source_ent = best_ent;
        f->source_name = best_name;
        return;
    }
    f->source_ent = org;
}

static void explain(fk_doc *d, fk_fact *f, const fk_rmatch *m)
{
    const fk_rule *r = m->rule;
    const fk_token *a = &d->toks.v[m->t0], *b = &d->toks.v[m->t1 - 1];
    char cnt[160];
    if (f->count.qty >= 0) {
        const fk_quantity *q = &d->qtys.v[f->count.qty];
        snprintf(cnt, sizeof cnt, "QTY \"%.*s\"%s%s", (int)(q->end - q->start), d->text + q->start,
                 q->rule ? " by " : "", q->rule ? q->rule : "");
    } else {
        snprintf(cnt, sizeof cnt, "fixed %g \"%.*s\"", f->count.value, (int)(f->count.end - f->count.start),
                 d->text + f->count.start);
    }
    const char *where = f->where_ent >= 0 ? d->ents.v[f->where_ent].name : NULL;
    const char *when = f->when_date >= 0 ? d->dates.v[f->when_date].value : NULL;
    f->explain = fk_arena_printf(
        &d->arena, "rule %s (%s:%u) matched \"%.*s\"; count: %s%s%.*s%s%s%s%s%s%s%s%s%s%.*s%s", r->name, r->file,
        r->line, (int)(b->end - a->start), d->text + a->start, cnt, f->who_end > f->who_start ? "; who: \"" : "",
        (int)(f->who_end > f->who_start ? f->who_end - f->who_start : 0), d->text + f->who_start,
        f->who_end > f->who_start ? "\"" : "", f->who_category ? " = " : "", f->who_category ? f->who_category : "",
        where ? "; where: " : "", where ? where : "", where ? (f->where_from_doc ? " (document)" : " (sentence)") : "",
        when ? "; when: " : "", when ? when : "", f->source_end > f->source_start ? "; source: \"" : "",
        (int)(f->source_end > f->source_start ? f->source_end - f->source_start : 0), d->text + f->source_start,
        f->source_end > f->source_start ? "\"" : "");
}

void fk_facts_run(const fk_engine *e, fk_doc *d)
{
    const fk_ruleset *rs = e->facts ? e->facts->rs : NULL;
    if (!rs || !rs->rules.n || !d->toks.n) return;
    fk_mctx *c = fk_mctx_new(rs, d);
    int mainp = main_place(d);
    int *per_at = fk_xmalloc((d->toks.n + 1) * sizeof(int));
    for (size_t i = 0; i <= d->toks.n; i++) per_at[i] = -1;
    for (size_t i = 0; i < d->ents.n; i++)
        if (d->ents.v[i].type == FK_PER && d->ents.v[i].tok0 < d->toks.n && per_at[d->ents.v[i].tok0] < 0)
            per_at[d->ents.v[i].tok0] = (int)i;
    FK_VEC(cand) cands = {0};
    FK_VEC(fk_rmatch) srcs = {0};
    FK_VEC(uint32_t) used = {0}; /* pairs [t0, t1) of counts taken */
    for (size_t si = 0; si < d->sents.n; si++) {
        const fk_sentence *s = &d->sents.v[si];
        cands.n = srcs.n = used.n = 0;
        for (size_t ri = 0; ri < rs->rules.n; ri++) {
            const fk_rule *r = rs->rules.v[ri];
            uint32_t next_src = s->tok0;
            for (uint32_t t = s->tok0; t < s->tok1; t++) {
                fk_rmatch m;
                if (r->kind == FK_RK_SOURCE && t < next_src) continue;
                if (!fk_rule_match(c, r, s->tok0, s->tok1, t, &m)) continue;
                if (r->kind == FK_RK_SOURCE) {
                    fk_vec_push(srcs, m);
                    next_src = m.t1;
                } else {
                    cand cd = {m, ri};
                    fk_vec_push(cands, cd);
                }
            }
        }
        if (!cands.n) continue;
        qsort(cands.v, cands.n, sizeof *cands.v, cand_cmp);
        size_t first_fact = d->facts.n;
        for (size_t i = 0; i < cands.n; i++) {
            fk_rmatch *m = &cands.v[i].m;
            const fk_rule *r = m->rule;
            uint32_t k0 = m->c0[FK_ROLE_COUNT], k1 = m->c1[FK_ROLE_COUNT];
            if (k1 <= k0) continue;
            int q = -1;
            if (!r->has_fixed) {
                for (uint32_t t = k0; t < k1 && q < 0; t++) {
                    int x = -1;
                    for (size_t j = 0; j < d->qtys.n; j++)
                        if (d->qtys.v[j].tok0 == t && !(d->qtys.v[j].flags & FK_QF_NOCOUNT) &&
                            d->qtys.v[j].tok1 <= k1 && (x < 0 || d->qtys.v[j].tok1 > d->qtys.v[x].tok1))
                            x = (int)j;
                    q = x;
                }
                if (q < 0) continue;
                k0 = d->qtys.v[q].tok0;
                k1 = d->qtys.v[q].tok1;
            }
            int clash = 0;
            for (size_t u = 0; u < used.n; u += 2)
                if (k0 < used.v[u + 1] && used.v[u] < k1) clash = 1;
            if (clash) continue;
            fk_vec_push(used, k0);
            fk_vec_push(used, k1);
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
                f.who_category = who_category(rs, d, w0, w1);
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
                    resolve_source(rs, d, per_at, sc0, sc1, &f);
                }
            }
            /* where: a captured LOC, else a LOC in a locative phrase of the
             * sentence (closest to the count), else the main place */
            {
                uint32_t x0 = m->c0[FK_ROLE_WHERE], x1 = m->c1[FK_ROLE_WHERE];
                int best = -1;
                uint32_t bd = UINT32_MAX;
                for (size_t j = 0; j < d->ents.n; j++) {
                    const fk_entity *en = &d->ents.v[j];
                    if (en->type != FK_LOC || en->sentence != si) continue;
                    if (x1 > x0) {
                        if (en->tok0 >= x0 && en->tok1 <= x1) {
                            best = (int)j;
                            break;
                        }
                        continue;
                    }
                    if (sc1 > sc0 && en->tok0 >= sc0 && en->tok1 <= sc1) continue;
                    if (w1 > w0 && en->tok0 >= w0 && en->tok1 <= w1) continue;
                    if (en->tok0 == 0 || en->tok0 <= s->tok0) continue;
                    if (!fk_wlist_at(rs->opt_locative, d, en->tok0 - 1, en->tok0, NULL, NULL)) continue;
                    uint32_t dd = tdist(en->tok0, en->tok1, k0, k1);
                    if (dd < bd) bd = dd, best = (int)j;
                }
                if (best >= 0) f.where_ent = best;
                else if (mainp >= 0) f.where_ent = mainp, f.where_from_doc = 1;
            }
            /* when: a captured date, else the closest date of the sentence */
            {
                uint32_t x0 = m->c0[FK_ROLE_WHEN], x1 = m->c1[FK_ROLE_WHEN];
                int best = -1;
                uint32_t bd = UINT32_MAX;
                for (size_t j = 0; j < d->dates.n; j++) {
                    const fk_date *t = &d->dates.v[j];
                    if (t->sentence != si) continue;
                    if (x1 > x0 && !(t->tok0 >= x0 && t->tok1 <= x1)) continue;
                    if (sc1 > sc0 && t->tok0 >= sc0 && t->tok1 <= sc1) continue;
                    uint32_t dd = tdist(t->tok0, t->tok1, k0, k1);
                    if (dd < bd) bd = dd, best = (int)j;
                }
                f.when_date = best;
            }
            explain(d, &f, m);
            fk_vec_push(d->facts, f);
            (void)first_fact;
        }
        /* order this sentence's facts by position; inherit who */
        size_t nf = d->facts.n - first_fact;
        if (nf > 1) qsort(d->facts.v + first_fact, nf, sizeof *d->facts.v, fact_cmp);
        for (size_t i = first_fact; i < d->facts.n; i++) {
            fk_fact *f = &d->facts.v[i];
            const fk_rule *r = NULL;
            for (size_t k = 0; k < rs->rules.n; k++)
                if (rs->rules.v[k]->name == f->rule) r = rs->rules.v[k];
            if (r && r->inherit_who && f->who_end <= f->who_start && i > first_fact) {
                const fk_fact *p = &d->facts.v[i - 1];
                f->who_start = p->who_start;
                f->who_end = p->who_end;
                f->who_category = p->who_category;
                if (f->source_end <= f->source_start && !f->source_name) {
                    f->source_start = p->source_start;
                    f->source_end = p->source_end;
                    f->source_ent = p->source_ent;
                    f->source_name = p->source_name;
                }
            }
        }
    }
    fk_vec_free(cands);
    fk_vec_free(srcs);
    fk_vec_free(used);
    free(per_at);
    fk_mctx_free(c);
}
