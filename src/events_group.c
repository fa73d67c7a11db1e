/* Grouping reports into events, streaming (docs/events.md, "Grouping").
 *
 * A report joins an open event when (all of):
 *   - the same type;
 *   - both are dated and the report's day is within `window` days of the
 *     event's period (first - window .. last + window), and the event would
 *     not span more than `max_span` days; or both are undated;
 *   - their places are compatible: the same place, or one lies in the
 *     other (its chain of places above it, gazetteers/parents.tsv, holds
 *     the other); a report without a place joins only the events of its own
 *     document that have no place either;
 *   - their who-categories are compatible: the same, or one covers the
 *     other (rules/<lang>/events/categories.tsv; no category = anyone);
 *   - and the report lies inside the event (place and who each the same or
 *     narrower) or around it (each the same or wider): a report narrower in
 *     one and wider in the other is another event.
 * Of the events a report may join, it joins the one it lies inside with
 * the fewest levels between them (then the one reported last, then the
 * oldest). If it lies inside none, it may widen one: the nearest if only
 * one is nearest, else it opens an event of its own (it may be the total of
 * several events; events are never merged). A report that widens an event
 * becomes the event's scope; the narrower reports become its parts.
 * A "w tym" subset (part_of) joins the event of its total when their
 * places are compatible, as a part. Facts that repeat another fact of
 * their document (same_as) were skipped when read.
 *
 * Events close when the latest day read is more than `window` days after
 * their last day: with input sorted by date no later report could join
 * them. Open events are indexed by type and root (the top of the place's
 * chain: the country), which is also what runners partition on; memory is
 * the open events and their reports. Undated events close at the end. */
#include <stdlib.h>
#include <string.h>

#include "events.h"

typedef FK_VEC(fk_event *) event_list;

struct fk_evgroup {
    fk_evopts o;
    fk_evctx *cx;
    fk_evemit emit;
    void *ctx;
    fk_map *index;       /* type \t root -> event_list* of open events */
    event_list open;     /* every open event */
    fk_day clock;        /* the latest day read */
    size_t created, late, open_max;
    /* the current document: fact index -> its event (for part_of) */
    FK_VEC(fk_event *) doc_events;
    FK_VEC(size_t) doc_facts;
};

fk_evgroup *fk_evgroup_new(const fk_evopts *o, fk_evctx *cx, fk_evemit emit, void *ctx)
{
    fk_evgroup *g = fk_xcalloc(1, sizeof *g);
    g->o = *o;
    g->cx = cx;
    g->emit = emit;
    g->ctx = ctx;
    g->index = fk_map_new();
    g->clock = FK_NODAY;
    return g;
}

void fk_event_free(fk_event *e)
{
    if (!e) return;
    for (size_t i = 0; i < e->reports.n; i++) free(e->reports.v[i]);
    fk_vec_free(e->reports);
    if (e->sum) {
        fk_evsummary *s = e->sum;
        fk_vec_free(s->full.reports);
        for (size_t i = 0; i < s->full.days.n; i++) fk_vec_free(s->full.days.v[i].reports);
        fk_vec_free(s->full.days);
        for (size_t k = 0; k < s->parts.n; k++) {
            fk_evfigure *f = &s->parts.v[k].fig;
            for (size_t i = 0; i < f->days.n; i++) fk_vec_free(f->days.v[i].reports);
            fk_vec_free(f->days);
            fk_vec_free(f->reports);
        }
        fk_vec_free(s->parts);
        fk_vec_free(s->conflicts);
        free(s);
    }
    free(e->root);
    free(e);
}

void fk_evgroup_free(fk_evgroup *g)
{
    if (!g) return;
    for (size_t i = 0; i < g->open.n; i++) fk_event_free(g->open.v[i]);
    fk_vec_free(g->open);
    size_t idx = 0;
    const char *k;
    size_t kl;
    void *v;
    while (fk_map_next(g->index, &idx, &k, &kl, &v)) {
        event_list *l = v;
        fk_vec_free(*l);
        free(l);
    }
    fk_map_free(g->index);
    fk_vec_free(g->doc_events);
    fk_vec_free(g->doc_facts);
    free(g);
}

size_t fk_evgroup_late(const fk_evgroup *g) { return g->late; }
size_t fk_evgroup_open_max(const fk_evgroup *g) { return g->open_max; }

/* ---- order and identity ------------------------------------------------ */

static int cmp_str(const char *a, const char *b)
{
    if (!a || !b) return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

int fk_event_cmp(const fk_event *a, const fk_event *b)
{
    int ad = a->first != FK_NODAY, bd = b->first != FK_NODAY;
    if (ad != bd) return bd - ad;
    if (a->last != b->last) return a->last < b->last ? -1 : 1;
    if (a->first != b->first) return a->first < b->first ? -1 : 1;
    int c;
    if ((c = cmp_str(a->type, b->type))) return c;
    if ((c = cmp_str(a->scope->place_name, b->scope->place_name))) return c;
    if ((c = cmp_str(a->scope->place_ref, b->scope->place_ref))) return c;
    if ((c = cmp_str(a->scope->who_category, b->scope->who_category))) return c;
    const fk_evreport *x = a->reports.v[0], *y = b->reports.v[0];
    if ((c = cmp_str(x->doc_path, y->doc_path))) return c;
    if ((c = cmp_str(x->doc_id, y->doc_id))) return c;
    if (x->doc_line != y->doc_line) return x->doc_line < y->doc_line ? -1 : 1;
    if (x->fact != y->fact) return x->fact < y->fact ? -1 : 1;
    return cmp_str(x->evidence, y->evidence);
}

static int cmp_event_ptr(const void *a, const void *b)
{
    const fk_event *x = *(fk_event *const *)a, *y = *(fk_event *const *)b;
    int c = fk_event_cmp(x, y);
    if (c) return c;
    return x->created < y->created ? -1 : x->created > y->created;
}

void fk_event_id(const fk_event *e, char buf[16])
{
    const fk_evreport *r = e->reports.v[0];
    fk_sb b = {0};
    /* documents read from standard input have no path, nor id: their date,
     * place and sentence tell them apart */
    fk_sb_printf(&b, "%s%c%s%c%s%c%zu%c%zu%c%s%c%s%c%s", e->type, 0, r->doc_path ? r->doc_path : "", 0,
                 r->doc_id ? r->doc_id : "", 0, r->doc_line, 0, r->fact, 0, r->doc_date ? r->doc_date : "", 0,
                 r->place_key ? r->place_key : "", 0, r->evidence ? r->evidence : "");
    uint64_t h = fk_hash(b.p, b.n);
    free(b.p);
    snprintf(buf, 16, "ev-%012llx", (unsigned long long)(h & 0xFFFFFFFFFFFFULL));
}

/* ---- relations ------------------------------------------------------------ */

enum { REL_NONE = -1 };

/* Levels from the report's place up to the event's (>= 0: inside or
 * the same), or down (returned as -2 - levels: around); REL_NONE. */
static int place_rel(fk_evgroup *g, const fk_evreport *r, const fk_evreport *s, int *levels)
{
    *levels = 0;
    if (!r->place_key || !s->place_key) {
        /* without a place: only with the placeless reports of the same document */
        return !r->place_key && !s->place_key && r->seq == s->seq ? 0 : REL_NONE;
    }
    if (!strcmp(r->place_key, s->place_key)) return 0;
    if (r->place_ref && s->place_ref) {
        for (size_t i = 0; i < r->nchain; i++)
            if (!strcmp(r->chain[i], s->place_ref)) {
                *levels = (int)i + 1;
                return 1; /* inside */
            }
        for (size_t i = 0; i < s->nchain; i++)
            if (!strcmp(s->chain[i], r->place_ref)) {
                *levels = (int)i + 1;
                return 2; /* around */
            }
    }
    (void)g;
    return REL_NONE;
}

/* The same for who: 0 same, 1 inside, 2 around, REL_NONE. */
static int who_rel(fk_evgroup *g, const fk_evreport *r, const fk_evreport *s, int *levels)
{
    int d = fk_evvocab_who_below(g->cx->vocab, r->lang, r->who, s->who, g->cx->dg);
    if (d == 0) {
        *levels = 0;
        return 0;
    }
    if (d > 0) {
        *levels = d;
        return 1;
    }
    d = fk_evvocab_who_below(g->cx->vocab, s->lang, s->who, r->who, g->cx->dg);
    if (d > 0) {
        *levels = d;
        return 2;
    }
    return REL_NONE;
}

/* 0 inside (or the same), 1 around, REL_NONE; *dist = levels apart. */
static int relation(fk_evgroup *g, const fk_evreport *r, const fk_event *e, int *dist)
{
    int pl, wl;
    int p = place_rel(g, r, e->scope, &pl);
    if (p == REL_NONE) return REL_NONE;
    int w = who_rel(g, r, e->scope, &wl);
    if (w == REL_NONE) return REL_NONE;
    *dist = pl + wl;
    if ((p == 0 || p == 1) && (w == 0 || w == 1)) return 0;
    if ((p == 0 || p == 2) && (w == 0 || w == 2)) return 1;
    return REL_NONE;
}

static int in_window(const fk_evgroup *g, const fk_evreport *r, const fk_event *e)
{
    int rd = r->day != FK_NODAY, ed = e->first != FK_NODAY;
    if (rd != ed) return 0;
    if (!rd) return 1;
    if (r->day < e->first - g->o.window || r->day > e->last + g->o.window) return 0;
    if (g->o.max_span > 0) {
        fk_day lo = r->day < e->first ? r->day : e->first, hi = r->day > e->last ? r->day : e->last;
        if (hi - lo > g->o.max_span) return 0;
    }
    return 1;
}

/* ---- open events ----------------------------------------------------------- */

static event_list *bucket(fk_evgroup *g, const char *type, const char *root)
{
    fk_sb b = {0};
    fk_sb_printf(&b, "%s\t%s", type, root);
    int fresh;
    void **slot = fk_map_slot(g->index, b.p, b.n, &fresh);
    free(b.p);
    if (fresh) *slot = fk_xcalloc(1, sizeof(event_list));
    return *slot;
}

static void event_add(fk_event *e, fk_evreport *r)
{
    fk_vec_push(e->reports, r);
    if (r->day != FK_NODAY) {
        if (e->first == FK_NODAY || r->day < e->first) e->first = r->day;
        if (e->last == FK_NODAY || r->day > e->last) e->last = r->day;
    }
}

static fk_event *event_open(fk_evgroup *g, fk_evreport *r)
{
    fk_event *e = fk_xcalloc(1, sizeof *e);
    e->type = r->type;
    e->scope = r;
    e->first = e->last = FK_NODAY;
    e->root = fk_xstrdup(r->root);
    e->created = g->created++;
    event_add(e, r);
    fk_vec_push(g->open, e);
    event_list *l = bucket(g, r->type, r->root);
    fk_vec_push(*l, e);
    if (g->open.n > g->open_max) g->open_max = g->open.n;
    return e;
}

static void list_remove(event_list *l, const fk_event *e)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i] == e) {
            memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof *l->v);
            l->n--;
            return;
        }
}

/* Close the events whose last day is more than the window before the
 * latest day read (all of them with `all`), and hand them out in output
 * order. */
static void close_events(fk_evgroup *g, int all)
{
    FK_VEC(fk_event *) done = {0};
    size_t k = 0;
    for (size_t i = 0; i < g->open.n; i++) {
        fk_event *e = g->open.v[i];
        int closes = all || (e->last != FK_NODAY && g->clock != FK_NODAY && e->last + g->o.window < g->clock);
        if (closes) fk_vec_push(done, e);
        else g->open.v[k++] = e;
    }
    g->open.n = k;
    if (!done.n) return;
    if (done.n > 1) qsort(done.v, done.n, sizeof *done.v, cmp_event_ptr);
    for (size_t i = 0; i < done.n; i++) {
        fk_event *e = done.v[i];
        list_remove(bucket(g, e->type, e->root), e);
        g->emit(g->ctx, e);
    }
    fk_vec_free(done);
}

/* ---- adding reports --------------------------------------------------------- */

static fk_event *choose(fk_evgroup *g, const fk_evreport *r, int *widens)
{
    event_list *l = bucket(g, r->type, r->root);
    fk_event *best_in = NULL, *best_around = NULL;
    int din = 0, daround = 0, tie_around = 0;
    for (size_t i = 0; i < l->n; i++) {
        fk_event *e = l->v[i];
        if (strcmp(e->type, r->type) || !in_window(g, r, e)) continue;
        int dist;
        int rel = relation(g, r, e, &dist);
        if (rel == 0) {
            if (!best_in || dist < din || (dist == din && (e->last > best_in->last ||
                                                            (e->last == best_in->last && e->created < best_in->created)))) {
                best_in = e;
                din = dist;
            }
        } else if (rel == 1) {
            if (!best_around || dist < daround) {
                best_around = e;
                daround = dist;
                tie_around = 0;
            } else if (dist == daround) {
                tie_around = 1;
            }
        }
    }
    *widens = 0;
    if (best_in) return best_in;
    if (best_around && !tie_around) {
        *widens = 1;
        return best_around;
    }
    return NULL;
}

static fk_event *total_event(fk_evgroup *g, const fk_evreport *r)
{
    if (r->part_of < 0) return NULL;
    for (size_t i = 0; i < g->doc_facts.n; i++) {
        if (g->doc_facts.v[i] != (size_t)r->part_of) continue;
        fk_event *e = g->doc_events.v[i];
        int pl;
        /* the total's event, if it is still open and the places agree */
        for (size_t k = 0; k < g->open.n; k++)
            if (g->open.v[k] == e)
                return !strcmp(e->type, r->type) && place_rel(g, r, e->scope, &pl) != REL_NONE ? e : NULL;
        return NULL;
    }
    return NULL;
}

static void add_report(fk_evgroup *g, fk_evreport *r)
{
    if (r->day != FK_NODAY) {
        if (g->clock != FK_NODAY && r->day < g->clock - g->o.window) g->late++;
        if (g->clock == FK_NODAY || r->day > g->clock) {
            g->clock = r->day;
            close_events(g, 0);
        }
    }
    fk_event *e = total_event(g, r);
    int widens = 0;
    if (e) {
        r->forced_part = 1;
    } else {
        e = choose(g, r, &widens);
    }
    if (e) {
        event_add(e, r);
        if (widens) e->scope = r;
    } else {
        e = event_open(g, r);
    }
    fk_vec_push(g->doc_events, e);
    fk_vec_push(g->doc_facts, r->fact);
}

void fk_evgroup_add(fk_evgroup *g, fk_evdoc *d)
{
    g->doc_events.n = g->doc_facts.n = 0;
    for (size_t i = 0; i < d->reports.n; i++) add_report(g, d->reports.v[i]);
    d->reports.n = 0;
}

void fk_evgroup_finish(fk_evgroup *g) { close_events(g, 1); }

int fk_event_scope_of(const fk_event *e, const fk_evreport *r)
{
    const fk_evreport *s = e->scope;
    if (r->forced_part) return FK_EV_PART;
    if (cmp_str(r->place_key, s->place_key) || cmp_str(r->who, s->who)) return FK_EV_PART;
    return FK_EV_FULL;
}
