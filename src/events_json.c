/* The fakty-events/1 writer: one JSON object per event, a line each
 * (docs/schema/fakty-events-1.schema.json; docs/events.md, "Output").
 * Report indices in figure, timeline, conflicts and parts point into the
 * event's "reports" array. */
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "jsonw.h"

static void jw_day(fk_jw *w, fk_day d)
{
    if (d == FK_NODAY) {
        fk_jw_null(w);
        return;
    }
    char buf[11];
    fk_day_format(d, buf);
    fk_jw_str(w, buf);
}

static void jw_optnum(fk_jw *w, int has, double v)
{
    if (has) fk_jw_num(w, v);
    else fk_jw_null(w);
}

/* value, min, max, qualifier, text of a count (members of an open object) */
static void count_members(fk_jw *w, const fk_evcount *c)
{
    fk_jw_key(w, "value");
    jw_optnum(w, c->has_value, c->value);
    fk_jw_key(w, "min");
    jw_optnum(w, c->has_min, c->min);
    fk_jw_key(w, "max");
    jw_optnum(w, c->has_max, c->max);
    fk_jw_key(w, "qualifier");
    fk_jw_str(w, c->qualifier ? c->qualifier : "exact");
    fk_jw_key(w, "text");
    fk_jw_str(w, c->text);
}

static void place_obj(fk_jw *w, fk_evctx *cx, const fk_evreport *r, int chain)
{
    if (!r->place_key) {
        fk_jw_null(w);
        return;
    }
    fk_jw_obj_open(w);
    fk_jw_key(w, "name");
    fk_jw_str(w, r->place_name);
    fk_jw_key(w, "ref");
    fk_jw_str(w, r->place_ref);
    if (chain) {
        const char *up[16];
        size_t n = r->place_ref ? fk_evplaces_chain(cx->places, r->place_ref, up, 16) : 0;
        fk_jw_key(w, "chain");
        fk_jw_arr_open(w);
        for (size_t i = 0; i < n; i++) {
            fk_jw_elem(w);
            fk_jw_obj_open(w);
            fk_jw_key(w, "name");
            fk_jw_str(w, fk_evplaces_name(cx->places, r->lang, up[i], cx->dg));
            fk_jw_key(w, "ref");
            fk_jw_str(w, up[i]);
            fk_jw_obj_close(w);
        }
        fk_jw_arr_close(w);
    } else {
        if (r->place_text) {
            fk_jw_key(w, "text");
            fk_jw_str(w, r->place_text);
        }
        if (r->place_from) {
            fk_jw_key(w, "from");
            fk_jw_str(w, r->place_from);
        }
    }
    fk_jw_obj_close(w);
}

static void who_obj(fk_jw *w, const fk_evreport *r)
{
    if (!r->who_text && !r->who_category) {
        fk_jw_null(w);
        return;
    }
    fk_jw_obj_open(w);
    fk_jw_key(w, "text");
    fk_jw_str(w, r->who_text);
    fk_jw_key(w, "category");
    fk_jw_str(w, r->who_category);
    fk_jw_obj_close(w);
}

static const char *source_label(const fk_evreport *r) { return r->source_name ? r->source_name : r->source_text; }

static void figure_obj(fk_jw *w, const fk_event *e, const fk_evfigure *f, const fk_evopts *o)
{
    if (f->report == SIZE_MAX) {
        fk_jw_null(w);
        return;
    }
    const fk_evreport *r = e->reports.v[f->report];
    fk_jw_obj_open(w);
    count_members(w, &r->count);
    fk_jw_key(w, "as_of");
    jw_day(w, f->as_of);
    fk_jw_key(w, "report");
    fk_jw_uint(w, f->report);
    fk_jw_key(w, "source");
    fk_jw_str(w, source_label(r));
    fk_jw_key(w, "rank");
    fk_jw_uint(w, (uint64_t)r->rank);
    fk_jw_key(w, "rule");
    fk_jw_str(w, o->ranked ? "ranked" : "rising");
    fk_jw_key(w, "change");
    fk_jw_str(w, fk_evchange_names[f->change]);
    fk_jw_key(w, "stale");
    fk_jw_uint(w, f->stale);
    fk_jw_key(w, "disputed");
    fk_jw_bool(w, f->disputed);
    fk_jw_obj_close(w);
}

static void index_list(fk_jw *w, const size_t *v, size_t n)
{
    fk_jw_arr_open(w);
    for (size_t i = 0; i < n; i++) {
        fk_jw_elem(w);
        fk_jw_uint(w, v[i]);
    }
    fk_jw_arr_close(w);
}

static void timeline(fk_jw *w, const fk_event *e, const fk_evfigure *f)
{
    fk_jw_arr_open(w);
    for (size_t i = 0; i < f->days.n; i++) {
        const fk_evday *d = &f->days.v[i];
        const fk_evreport *r = e->reports.v[d->figure];
        fk_jw_elem(w);
        fk_jw_obj_open(w);
        fk_jw_key(w, "date");
        jw_day(w, d->day);
        count_members(w, &r->count);
        fk_jw_key(w, "report");
        fk_jw_uint(w, d->figure);
        fk_jw_key(w, "change");
        fk_jw_str(w, fk_evchange_names[d->change]);
        fk_jw_key(w, "reports");
        index_list(w, d->reports.v, d->reports.n);
        fk_jw_obj_close(w);
    }
    fk_jw_arr_close(w);
}

static void conflict_side(fk_jw *w, const fk_event *e, size_t i)
{
    const fk_evreport *r = e->reports.v[i];
    fk_jw_obj_open(w);
    fk_jw_key(w, "report");
    fk_jw_uint(w, i);
    fk_jw_key(w, "source");
    fk_jw_str(w, source_label(r));
    count_members(w, &r->count);
    fk_jw_obj_close(w);
}

static void report_obj(fk_jw *w, fk_evctx *cx, const fk_event *e, const fk_evreport *r)
{
    fk_jw_obj_open(w);
    fk_jw_key(w, "doc");
    fk_jw_obj_open(w);
    fk_jw_key(w, "id");
    fk_jw_str(w, r->doc_id);
    fk_jw_key(w, "path");
    fk_jw_str(w, r->doc_path);
    if (r->doc_line) {
        fk_jw_key(w, "line");
        fk_jw_uint(w, r->doc_line);
    }
    fk_jw_key(w, "date");
    fk_jw_str(w, r->doc_date);
    fk_jw_obj_close(w);
    fk_jw_key(w, "fact");
    fk_jw_uint(w, r->fact);
    fk_jw_key(w, "scope");
    fk_jw_str(w, fk_event_scope_of(e, r) == FK_EV_FULL ? "full" : "part");
    if (r->part_of >= 0) {
        fk_jw_key(w, "part_of");
        fk_jw_uint(w, (uint64_t)r->part_of);
    }
    fk_jw_key(w, "count");
    fk_jw_obj_open(w);
    count_members(w, &r->count);
    if (r->count.implied) {
        fk_jw_key(w, "implied");
        fk_jw_bool(w, 1);
    }
    fk_jw_obj_close(w);
    fk_jw_key(w, "who");
    who_obj(w, r);
    fk_jw_key(w, "place");
    place_obj(w, cx, r, 0);
    fk_jw_key(w, "when");
    if (r->when_value || r->when_text) {
        fk_jw_obj_open(w);
        fk_jw_key(w, "value");
        fk_jw_str(w, r->when_value);
        fk_jw_key(w, "text");
        fk_jw_str(w, r->when_text);
        fk_jw_obj_close(w);
    } else {
        fk_jw_null(w);
    }
    fk_jw_key(w, "source");
    if (r->source_text || r->source_name) {
        fk_jw_obj_open(w);
        fk_jw_key(w, "text");
        fk_jw_str(w, r->source_text);
        fk_jw_key(w, "name");
        fk_jw_str(w, r->source_name);
        fk_jw_obj_close(w);
    } else {
        fk_jw_null(w);
    }
    fk_jw_key(w, "rank");
    fk_jw_uint(w, (uint64_t)r->rank);
    fk_jw_key(w, "evidence");
    fk_jw_obj_open(w);
    fk_jw_key(w, "sentence");
    jw_optnum(w, r->sentence >= 0, (double)r->sentence);
    fk_jw_key(w, "start");
    jw_optnum(w, r->start >= 0, (double)r->start);
    fk_jw_key(w, "end");
    jw_optnum(w, r->end >= 0, (double)r->end);
    fk_jw_key(w, "text");
    fk_jw_str(w, r->evidence);
    fk_jw_obj_close(w);
    fk_jw_key(w, "rule");
    fk_jw_str(w, r->rule);
    fk_jw_obj_close(w);
}

char *fk_event_json(fk_evwriter *wr, fk_event *e)
{
    fk_event_summarize(e, wr->opts);
    const fk_evsummary *s = e->sum;
    fk_jw w;
    fk_jw_init(&w, 4096, wr->pretty);
    char id[16];
    fk_event_id(e, id);
    fk_jw_obj_open(&w);
    fk_jw_key(&w, "schema");
    fk_jw_lit(&w, FK_EVENTS_SCHEMA);
    fk_jw_key(&w, "id");
    fk_jw_str(&w, id);
    fk_jw_key(&w, "type");
    fk_jw_str(&w, e->type);
    fk_jw_key(&w, "place");
    place_obj(&w, wr->cx, e->scope, 1);
    fk_jw_key(&w, "who");
    who_obj(&w, e->scope);
    fk_jw_key(&w, "period");
    fk_jw_obj_open(&w);
    fk_jw_key(&w, "first");
    jw_day(&w, e->first);
    fk_jw_key(&w, "last");
    jw_day(&w, e->last);
    fk_jw_obj_close(&w);
    fk_jw_key(&w, "documents");
    fk_jw_uint(&w, s->documents);
    fk_jw_key(&w, "figure");
    figure_obj(&w, e, &s->full, wr->opts);
    fk_jw_key(&w, "timeline");
    timeline(&w, e, &s->full);
    fk_jw_key(&w, "conflicts");
    fk_jw_arr_open(&w);
    for (size_t i = 0; i < s->conflicts.n; i++) {
        fk_jw_elem(&w);
        fk_jw_obj_open(&w);
        fk_jw_key(&w, "date");
        jw_day(&w, s->conflicts.v[i].day);
        fk_jw_key(&w, "a");
        conflict_side(&w, e, s->conflicts.v[i].a);
        fk_jw_key(&w, "b");
        conflict_side(&w, e, s->conflicts.v[i].b);
        fk_jw_obj_close(&w);
    }
    fk_jw_arr_close(&w);
    fk_jw_key(&w, "parts");
    fk_jw_arr_open(&w);
    for (size_t i = 0; i < s->parts.n; i++) {
        const fk_evpart *p = &s->parts.v[i];
        const fk_evreport *r = e->reports.v[p->scope];
        fk_jw_elem(&w);
        fk_jw_obj_open(&w);
        fk_jw_key(&w, "place");
        place_obj(&w, wr->cx, r, 0);
        fk_jw_key(&w, "who");
        who_obj(&w, r);
        fk_jw_key(&w, "subset");
        fk_jw_bool(&w, r->forced_part);
        fk_jw_key(&w, "figure");
        figure_obj(&w, e, &p->fig, wr->opts);
        fk_jw_key(&w, "reports");
        index_list(&w, p->fig.reports.v, p->fig.reports.n);
        fk_jw_obj_close(&w);
    }
    fk_jw_arr_close(&w);
    fk_jw_key(&w, "reports");
    fk_jw_arr_open(&w);
    for (size_t i = 0; i < e->reports.n; i++) {
        fk_jw_elem(&w);
        report_obj(&w, wr->cx, e, e->reports.v[i]);
    }
    fk_jw_arr_close(&w);
    fk_jw_obj_close(&w);
    wr->count++;
    return fk_jw_finish(&w, 1, NULL);
}
