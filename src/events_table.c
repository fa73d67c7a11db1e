/* CSV / TSV for fakty events: one row per event, or one per report with
 * --reports (docs/events.md, "CSV"). Quoting as src/table.c does it: CSV
 * after RFC 4180 (a field with a separator, quote or line break is quoted,
 * quotes doubled), TSV with tabs and line breaks inside fields turned into
 * spaces; numbers plain (2600, 1.5), empty for null. */
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "jsonw.h"

static void field(fk_sb *b, const char *s, char sep, int first)
{
    if (!first) fk_sb_putn(b, &sep, 1);
    if (!s) return;
    size_t n = strlen(s);
    if (sep == '\t') {
        for (size_t i = 0; i < n; i++) {
            char ch = s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
            fk_sb_putn(b, &ch, 1);
        }
        return;
    }
    if (!strpbrk(s, ",\"\n\r")) {
        fk_sb_putn(b, s, n);
        return;
    }
    fk_sb_putn(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') fk_sb_putn(b, "\"", 1);
        fk_sb_putn(b, s + i, 1);
    }
    fk_sb_putn(b, "\"", 1);
}

static void fnum(fk_sb *b, int has, double v, char sep)
{
    char buf[64] = "";
    if (has && !fk_jw_format_short(buf, v)) snprintf(buf, sizeof buf, "%.15g", v);
    field(b, has ? buf : NULL, sep, 0);
}

static void fuint(fk_sb *b, size_t v, char sep) { fnum(b, 1, (double)v, sep); }

static void fday(fk_sb *b, fk_day d, char sep)
{
    char buf[11];
    if (d != FK_NODAY) fk_day_format(d, buf);
    field(b, d != FK_NODAY ? buf : NULL, sep, 0);
}

static void fcount(fk_sb *b, const fk_evcount *c, char sep)
{
    fnum(b, c->has_value, c->value, sep);
    fnum(b, c->has_min, c->min, sep);
    fnum(b, c->has_max, c->max, sep);
    field(b, c->qualifier, sep, 0);
}

static const char *source_label(const fk_evreport *r) { return r->source_name ? r->source_name : r->source_text; }

/* "Kłodzko > województwo dolnośląskie > Polska": the place and those above it. */
static char *place_path(fk_evctx *cx, const fk_evreport *r)
{
    if (!r->place_key) return NULL;
    fk_sb b = {0};
    fk_sb_puts(&b, r->place_name ? r->place_name : "");
    const char *up[16];
    size_t n = r->place_ref ? fk_evplaces_chain(cx->places, r->place_ref, up, 16) : 0;
    for (size_t i = 0; i < n; i++) {
        const char *nm = fk_evplaces_name(cx->places, r->lang, up[i], cx->dg);
        fk_sb_puts(&b, " > ");
        fk_sb_puts(&b, nm ? nm : up[i]);
    }
    return fk_sb_take(&b);
}

#define EVENT_FIELDS                                                                              \
    "event", "type", "place", "place_ref", "place_chain", "who", "first", "last", "value", "min",  \
        "max", "qualifier", "as_of", "source", "rank", "change", "disputed", "reports", "documents", \
        "conflicts", "evidence"
#define REPORT_FIELDS                                                                              \
    "event", "type", "event_place", "event_value", "doc_id", "path", "line", "date", "scope",      \
        "value", "min", "max", "qualifier", "count_text", "who", "who_category", "place",          \
        "place_ref", "source", "source_name", "rank", "in_conflict", "sentence", "evidence", "rule"

const char *fk_event_table_header(const fk_evwriter *w)
{
    static const char *const ev[] = {EVENT_FIELDS}, *const rep[] = {REPORT_FIELDS};
    static char out[2][2][512];
    const char *const *names = w->per_report ? rep : ev;
    size_t n = w->per_report ? sizeof rep / sizeof *rep : sizeof ev / sizeof *ev;
    char *o = out[w->per_report][w->sep == '\t'];
    if (!o[0]) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            size_t l = strlen(names[i]);
            if (i) o[k++] = w->sep;
            memcpy(o + k, names[i], l);
            k += l;
        }
        o[k++] = '\n';
        o[k] = 0;
    }
    return o;
}

static int in_conflict(const fk_evsummary *s, size_t i)
{
    for (size_t k = 0; k < s->conflicts.n; k++)
        if (s->conflicts.v[k].a == i || s->conflicts.v[k].b == i) return 1;
    return 0;
}

static void event_row(fk_evwriter *w, fk_sb *b, const fk_event *e, const char *id, const char *chain)
{
    const fk_evsummary *s = e->sum;
    const fk_evreport *sc = e->scope;
    char sep = w->sep;
    const fk_evreport *fr = s->full.report != SIZE_MAX ? e->reports.v[s->full.report] : NULL;
    field(b, id, sep, 1);
    field(b, e->type, sep, 0);
    field(b, sc->place_name, sep, 0);
    field(b, sc->place_ref, sep, 0);
    field(b, chain, sep, 0);
    field(b, sc->who_category, sep, 0);
    fday(b, e->first, sep);
    fday(b, e->last, sep);
    if (fr) fcount(b, &fr->count, sep);
    else for (int i = 0; i < 4; i++) field(b, NULL, sep, 0);
    fday(b, s->full.as_of, sep);
    field(b, fr ? source_label(fr) : NULL, sep, 0);
    fnum(b, fr != NULL, fr ? fr->rank : 0, sep);
    field(b, fr ? fk_evchange_names[s->full.change] : NULL, sep, 0);
    field(b, s->full.disputed ? "yes" : "no", sep, 0);
    fuint(b, e->reports.n, sep);
    fuint(b, s->documents, sep);
    fuint(b, s->conflicts.n, sep);
    field(b, fr ? fr->evidence : NULL, sep, 0);
    fk_sb_putn(b, "\n", 1);
}

static void report_row(fk_evwriter *w, fk_sb *b, const fk_event *e, const char *id, size_t i)
{
    const fk_evsummary *s = e->sum;
    const fk_evreport *r = e->reports.v[i];
    const fk_evreport *fr = s->full.report != SIZE_MAX ? e->reports.v[s->full.report] : NULL;
    char sep = w->sep;
    field(b, id, sep, 1);
    field(b, e->type, sep, 0);
    field(b, e->scope->place_name, sep, 0);
    fnum(b, fr && fr->count.has_value, fr ? fr->count.value : 0, sep);
    field(b, r->doc_id, sep, 0);
    field(b, r->doc_path, sep, 0);
    fnum(b, r->doc_line != 0, (double)r->doc_line, sep);
    field(b, r->doc_date, sep, 0);
    field(b, fk_event_scope_of(e, r) == FK_EV_FULL ? "full" : "part", sep, 0);
    fcount(b, &r->count, sep);
    field(b, r->count.text, sep, 0);
    field(b, r->who_text, sep, 0);
    field(b, r->who_category, sep, 0);
    field(b, r->place_name, sep, 0);
    field(b, r->place_ref, sep, 0);
    field(b, r->source_text, sep, 0);
    field(b, r->source_name, sep, 0);
    fuint(b, (size_t)r->rank, sep);
    field(b, in_conflict(s, i) ? "yes" : "no", sep, 0);
    fnum(b, r->sentence >= 0, (double)r->sentence, sep);
    field(b, r->evidence, sep, 0);
    field(b, r->rule, sep, 0);
    fk_sb_putn(b, "\n", 1);
}

char *fk_event_table_rows(fk_evwriter *w, fk_event *e)
{
    fk_event_summarize(e, w->opts);
    char id[16];
    fk_event_id(e, id);
    fk_sb b = {0};
    fk_sb_putn(&b, "", 0);
    if (w->per_report) {
        for (size_t i = 0; i < e->reports.n; i++) report_row(w, &b, e, id, i);
    } else {
        char *chain = place_path(w->cx, e->scope);
        event_row(w, &b, e, id, chain);
        free(chain);
    }
    w->count++;
    return fk_sb_take(&b);
}
