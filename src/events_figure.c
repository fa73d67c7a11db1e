/* The figure of an event: one number from many reports (docs/events.md,
 * "The figure", "Conflicts").
 *
 * The reports of a scope (the event's place and who: its full reports; or
 * one part: a narrower place or group) are taken day by day. A day's report
 * is the one of the highest-ranked source, then the highest count, then
 * the first read. The figure starts with the first day's report, and then
 * each day's report
 *   - at or above the figure replaces it (tolls rise; "same" when equal);
 *   - below it replaces it only if its source ranks at least as high as the
 *     figure's: a correction; otherwise it is stale and ignored (an outlet
 *     repeating an older, lower number).
 * Counts are ordered by their value, else their min, else their max.
 * With --figure ranked only the reports of the highest rank present count.
 *
 * Conflicts: two full reports of the same day from different documents and
 * different sources (an unattributed report is its document's own source)
 * whose counts cannot both be true: their ranges do not meet ("about N"
 * covers N ± 10%, --about). A pair of sources and numbers is listed once a
 * day. Nothing is ever added up: every figure is one a report gave. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

const char *const fk_evchange_names[] = {"first", "rise", "same", "correction", "stale"};

double fk_evcount_point(const fk_evcount *c)
{
    if (c->has_value) return c->value;
    if (c->has_min) return c->min;
    if (c->has_max) return c->max;
    return 0;
}

void fk_evcount_bounds(const fk_evcount *c, const fk_evopts *o, double *lo, double *hi)
{
    const char *q = c->qualifier ? c->qualifier : "exact";
    *lo = c->has_min ? c->min : -INFINITY;
    *hi = c->has_max ? c->max : INFINITY;
    if (!c->has_value) return;
    if (!strcmp(q, "exact")) {
        *lo = *hi = c->value;
    } else if (!strcmp(q, "about")) {
        if (!c->has_min) *lo = c->value * (1 - o->about);
        if (!c->has_max) *hi = c->value * (1 + o->about);
    } else if (!strcmp(q, "more_than") || !strcmp(q, "at_least")) {
        if (!c->has_min) *lo = c->value;
    } else if (!strcmp(q, "less_than") || !strcmp(q, "at_most")) {
        if (!c->has_max) *hi = c->value;
    }
}

/* ---- one scope ------------------------------------------------------------ */

typedef struct ctx {
    const fk_event *e;
    const fk_evopts *o;
} ctx;

/* Is report a the better report of its day than b? */
static int better(const fk_evreport *a, const fk_evreport *b)
{
    if (a->rank != b->rank) return a->rank > b->rank;
    return fk_evcount_point(&a->count) > fk_evcount_point(&b->count);
}

static int cmp_day(const void *x, const void *y, void *arg)
{
    const ctx *c = arg;
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    const fk_evreport *ra = c->e->reports.v[a], *rb = c->e->reports.v[b];
    if (ra->day != rb->day) return ra->day < rb->day ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* fig->reports are this scope's report indices (in reading order). */
static void figure_walk(const ctx *c, fk_evfigure *fig)
{
    fig->report = SIZE_MAX;
    fig->as_of = FK_NODAY;
    if (!fig->reports.n) return;
    const fk_event *e = c->e;
    size_t *ord = fk_xmalloc(fig->reports.n * sizeof *ord);
    size_t n = 0;
    int top = -1;
    for (size_t i = 0; i < fig->reports.n; i++)
        if (e->reports.v[fig->reports.v[i]]->rank > top) top = e->reports.v[fig->reports.v[i]]->rank;
    for (size_t i = 0; i < fig->reports.n; i++)
        if (!c->o->ranked || e->reports.v[fig->reports.v[i]]->rank == top) ord[n++] = fig->reports.v[i];
    qsort_r(ord, n, sizeof *ord, cmp_day, (void *)c);
    size_t cur = SIZE_MAX;
    for (size_t i = 0; i < n;) {
        fk_evday day = {0};
        day.day = e->reports.v[ord[i]]->day;
        day.pick = ord[i];
        size_t j = i;
        for (; j < n && e->reports.v[ord[j]]->day == day.day; j++) {
            fk_vec_push(day.reports, ord[j]);
            if (better(e->reports.v[ord[j]], e->reports.v[day.pick])) day.pick = ord[j];
        }
        const fk_evreport *p = e->reports.v[day.pick];
        if (cur == SIZE_MAX) {
            day.change = FK_EV_FIRST;
            cur = day.pick;
        } else {
            const fk_evreport *f = e->reports.v[cur];
            double pp = fk_evcount_point(&p->count), fp = fk_evcount_point(&f->count);
            if (pp > fp) {
                day.change = FK_EV_RISE;
                cur = day.pick;
            } else if (pp == fp) {
                day.change = FK_EV_SAME;
                if (p->rank >= f->rank) cur = day.pick;
            } else if (p->rank >= f->rank) {
                day.change = FK_EV_CORRECTION;
                cur = day.pick;
            } else {
                day.change = FK_EV_STALE;
                fig->stale++;
            }
        }
        if (day.change != FK_EV_STALE) {
            fig->change = day.change;
            fig->as_of = day.day;
            if (day.change != FK_EV_SAME) fig->stale = 0;
        }
        day.figure = cur;
        fk_vec_push(fig->days, day);
        i = j;
    }
    fig->report = cur;
    free(ord);
}

/* ---- conflicts --------------------------------------------------------------- */

static int same_source(const fk_evreport *a, const fk_evreport *b)
{
    if (a->seq == b->seq) return 1;                 /* one document */
    if (!a->source_key || !b->source_key) return 0; /* unattributed: its own document */
    return !strcmp(a->source_key, b->source_key);
}

static int str_eq(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

static int same_pair(const fk_evreport *a, const fk_evreport *b, const fk_evreport *c, const fk_evreport *d,
                     const fk_evopts *o)
{
    double alo, ahi, blo, bhi, clo, chi, dlo, dhi;
    fk_evcount_bounds(&a->count, o, &alo, &ahi);
    fk_evcount_bounds(&b->count, o, &blo, &bhi);
    fk_evcount_bounds(&c->count, o, &clo, &chi);
    fk_evcount_bounds(&d->count, o, &dlo, &dhi);
    return str_eq(a->source_key, c->source_key) && str_eq(b->source_key, d->source_key) && alo == clo &&
           ahi == chi && blo == dlo && bhi == dhi && a->source_key && b->source_key;
}

static void find_conflicts(const ctx *c, fk_evsummary *s)
{
    const fk_event *e = c->e;
    for (size_t d = 0; d < s->full.days.n; d++) {
        const fk_evday *day = &s->full.days.v[d];
        if (day->day == FK_NODAY) continue; /* undated reports are of no known day */
        size_t first = s->conflicts.n;
        for (size_t i = 0; i < day->reports.n; i++)
            for (size_t j = i + 1; j < day->reports.n; j++) {
                const fk_evreport *a = e->reports.v[day->reports.v[i]], *b = e->reports.v[day->reports.v[j]];
                if (same_source(a, b)) continue;
                double alo, ahi, blo, bhi;
                fk_evcount_bounds(&a->count, c->o, &alo, &ahi);
                fk_evcount_bounds(&b->count, c->o, &blo, &bhi);
                if (!(ahi < blo || bhi < alo)) continue;
                int dup = 0;
                for (size_t k = first; k < s->conflicts.n && !dup; k++) {
                    const fk_evreport *x = e->reports.v[s->conflicts.v[k].a], *y = e->reports.v[s->conflicts.v[k].b];
                    dup = same_pair(a, b, x, y, c->o) || same_pair(b, a, x, y, c->o);
                }
                if (dup) continue;
                fk_evconflict k = {day->day, day->reports.v[i], day->reports.v[j]};
                fk_vec_push(s->conflicts, k);
            }
    }
    for (size_t k = 0; k < s->conflicts.n; k++)
        if (s->conflicts.v[k].a == s->full.report || s->conflicts.v[k].b == s->full.report) s->full.disputed = 1;
}

/* ---- the event ----------------------------------------------------------------- */

static int same_scope(const fk_evreport *a, const fk_evreport *b)
{
    return str_eq(a->place_key, b->place_key) && str_eq(a->who, b->who) && a->forced_part == b->forced_part;
}

void fk_event_summarize(fk_event *e, const fk_evopts *o)
{
    if (e->sum) return;
    fk_evsummary *s = fk_xcalloc(1, sizeof *s);
    e->sum = s;
    ctx c = {e, o};
    for (size_t i = 0; i < e->reports.n; i++) {
        const fk_evreport *r = e->reports.v[i];
        int newdoc = 1;
        for (size_t k = 0; k < i && newdoc; k++) newdoc = e->reports.v[k]->seq != r->seq;
        s->documents += newdoc;
        if (fk_event_scope_of(e, r) == FK_EV_FULL) {
            fk_vec_push(s->full.reports, i);
            continue;
        }
        size_t k = 0;
        while (k < s->parts.n && !same_scope(e->reports.v[s->parts.v[k].scope], r)) k++;
        if (k == s->parts.n) {
            fk_evpart p = {0};
            p.scope = i;
            fk_vec_push(s->parts, p);
        }
        fk_vec_push(s->parts.v[k].fig.reports, i);
    }
    figure_walk(&c, &s->full);
    for (size_t k = 0; k < s->parts.n; k++) figure_walk(&c, &s->parts.v[k].fig);
    find_conflicts(&c, s);
}
