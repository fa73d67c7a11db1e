/* The HTML page of fakty events (docs/events.md, "HTML"): one
 * self-contained page (inline style, inline SVG, a short inline script; no
 * external resource) with a table of the events at the top and, for each
 * event, its figure, a timeline chart of the figure by day, its conflicts,
 * its parts and its reports with their evidence sentences.
 *
 * Events are written as they close (fk_event_html); the table of events
 * is kept as rows (a line per event, in the writer) and written by
 * fk_event_html_tail, placed first by the style sheet (flex order), so the
 * page streams while its index comes last in the bytes. The UI labels are
 * English page chrome, as in the review page (html.c); types, places and
 * evidence come from the data. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "jsonw.h"

static const char css[] =
    ":root{--fg:#1b1b1b;--muted:#555;--line:#d5d5d0;--accent:#b34700;--bad:#b71c1c}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',Arial,"
    "sans-serif;color:var(--fg);background:#f3f2ee;display:flex;flex-direction:column}\n"
    "body>*{width:100%;max-width:1180px;margin:0 auto;padding:0 20px}\n"
    "header{order:-2}#index{order:-1}\n"
    "h1{font-size:1.6em;margin:.6em 0 .2em}\n"
    ".intro{color:var(--muted);margin:.2em 0 .8em;max-width:60em}\n"
    "table{border-collapse:collapse;width:100%;font-size:14px;line-height:1.4;background:#fff}\n"
    "th{background:#f0efe9;text-align:left;font-weight:600;padding:5px 8px;border-bottom:2px solid #bbb}\n"
    "td{padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}\n"
    "td.num{text-align:right;white-space:nowrap}\n"
    ".tablewrap{overflow-x:auto}\n"
    "section.event{background:#fff;border:1px solid var(--line);border-radius:8px;margin:16px auto;"
    "padding:4px 22px 16px;scroll-margin-top:8px}\n"
    "section.event h2{font-size:1.25em;margin:.6em 0 .2em}\n"
    ".etype{font-weight:700;color:var(--accent)}\n"
    ".chain,.muted{color:var(--muted)}\n"
    ".figure{font-size:1.1em;margin:.3em 0}\n"
    ".figure b{font-size:1.3em}\n"
    ".tag{display:inline-block;border-radius:3px;padding:0 5px;font-size:12px;border:1px solid #ccc;"
    "background:#f4f3ef;margin-left:4px}\n"
    ".tag.disputed,.tag.conflict{border-color:var(--bad);color:var(--bad);background:#fdecea}\n"
    ".tag.part{border-color:#7a7a7a;color:#444}\n"
    ".tag.stale{color:#777}\n"
    "tr.in-conflict td{background:#fdecea}\n"
    "tr.figure-row td:first-child{box-shadow:inset 4px 0 var(--accent)}\n"
    "tr.flash td{background:#ffefc2}\n"
    "td.evidence{font-size:13px;color:#333;min-width:14em;max-width:34em}\n"
    ".rule{color:#666;font-size:12px;font-family:ui-monospace,'DejaVu Sans Mono',monospace;overflow-wrap:anywhere}\n"
    "h3{font-size:.95em;margin:1em 0 .3em;text-transform:uppercase;letter-spacing:.04em;color:#444}\n"
    "ul.conflicts{margin:.3em 0;padding-left:1.4em}\n"
    "ul.conflicts li{color:var(--bad)}\n"
    "svg.timeline{display:block;max-width:100%;height:auto;background:#fbfaf7;border:1px solid var(--line);"
    "border-radius:4px}\n"
    "svg.timeline .axis{stroke:#999;stroke-width:1}\n"
    "svg.timeline .step{fill:none;stroke:var(--accent);stroke-width:2}\n"
    "svg.timeline .dot{fill:#1f56c9;cursor:pointer}\n"
    "svg.timeline .dot.conflict{fill:var(--bad)}\n"
    "svg.timeline .dot.stale{fill:#aaa}\n"
    "svg.timeline .range{stroke:#1f56c9;stroke-width:2}\n"
    "svg.timeline text{font-size:11px;fill:#555}\n"
    "#index td.type{font-weight:700}\n"
    "footer{color:var(--muted);font-size:13px;margin:10px auto 30px}\n";

/* Clicking a dot of a chart shows its report row; the page marks itself
 * ready (tests read data-ready). */
static const char js[] =
    "(function(){\n"
    "document.querySelectorAll('svg.timeline [data-report]').forEach(function(d){\n"
    "d.addEventListener('click',function(){\n"
    "var row=document.getElementById(d.getAttribute('data-report'));\n"
    "if(!row)return;row.scrollIntoView({block:'center'});row.classList.add('flash');\n"
    "setTimeout(function(){row.classList.remove('flash');},1500);});});\n"
    "document.body.setAttribute('data-ready','1');\n"
    "})();\n";

/* ---- text ------------------------------------------------------------------ */

static void esc(fk_sb *b, const char *s)
{
    if (!s) return;
    size_t run = 0, i = 0;
    for (; s[i]; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\r': rep = "&#13;"; break;
        default: break;
        }
        if (!rep) continue;
        fk_sb_putn(b, s + run, i - run);
        fk_sb_puts(b, rep);
        run = i + 1;
    }
    fk_sb_putn(b, s + run, i - run);
}

static void num(fk_sb *b, double v)
{
    char buf[64];
    if (!fk_jw_format_short(buf, v)) snprintf(buf, sizeof buf, "%.15g", v);
    fk_sb_puts(b, buf);
}

static void day(fk_sb *b, fk_day d)
{
    char buf[11];
    if (d == FK_NODAY) {
        fk_sb_puts(b, "undated");
        return;
    }
    fk_day_format(d, buf);
    fk_sb_puts(b, buf);
}

/* "more than 1300", "11–19", "about 300", "7" */
static void count_words(fk_sb *b, const fk_evcount *c)
{
    const char *q = c->qualifier ? c->qualifier : "exact";
    static const char *const words[][2] = {{"more_than", "more than "}, {"at_least", "at least "},
                                           {"less_than", "less than "}, {"at_most", "at most "},
                                           {"about", "about "}};
    if (c->has_value) {
        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
            if (!strcmp(q, words[i][0])) fk_sb_puts(b, words[i][1]);
        num(b, c->value);
        return;
    }
    if (c->has_min) num(b, c->min);
    fk_sb_puts(b, "\xE2\x80\x93"); /* – */
    if (c->has_max) num(b, c->max);
}

static const char *source_label(const fk_evreport *r) { return r->source_name ? r->source_name : r->source_text; }

static void place_line(fk_sb *b, fk_evctx *cx, const fk_evreport *r)
{
    if (!r->place_key) {
        fk_sb_puts(b, "<span class=\"muted\">no place</span>");
        return;
    }
    esc(b, r->place_name);
    const char *up[16];
    size_t n = r->place_ref ? fk_evplaces_chain(cx->places, r->place_ref, up, 16) : 0;
    if (!n) return;
    fk_sb_puts(b, " <span class=\"chain\">(");
    for (size_t i = 0; i < n; i++) {
        const char *nm = fk_evplaces_name(cx->places, r->lang, up[i], cx->dg);
        if (i) fk_sb_puts(b, ", ");
        esc(b, nm ? nm : up[i]);
    }
    fk_sb_puts(b, ")</span>");
}

/* ---- the chart ------------------------------------------------------------ */

#define CW 560
#define CH 150
#define PADL 44
#define PADR 16
#define PADT 12
#define PADB 26

static int in_conflict(const fk_evsummary *s, size_t i)
{
    for (size_t k = 0; k < s->conflicts.n; k++)
        if (s->conflicts.v[k].a == i || s->conflicts.v[k].b == i) return 1;
    return 0;
}

static int is_stale_report(const fk_evfigure *f, size_t i)
{
    for (size_t d = 0; d < f->days.n; d++)
        if (f->days.v[d].change == FK_EV_STALE)
            for (size_t k = 0; k < f->days.v[d].reports.n; k++)
                if (f->days.v[d].reports.v[k] == i) return 1;
    return 0;
}

static void chart(fk_sb *b, const fk_event *e, const char *id)
{
    const fk_evsummary *s = e->sum;
    const fk_evfigure *f = &s->full;
    if (!f->days.n || e->first == FK_NODAY) return;
    double ymax = 0;
    for (size_t k = 0; k < f->reports.n; k++) {
        const fk_evcount *c = &e->reports.v[f->reports.v[k]]->count;
        double p = fk_evcount_point(c);
        if (p > ymax) ymax = p;
        if (c->has_max && c->max > ymax) ymax = c->max;
    }
    if (ymax <= 0) ymax = 1;
    ymax *= 1.1;
    int span = e->last - e->first;
    double w = CW - PADL - PADR, h = CH - PADT - PADB;
#define X(d) (PADL + (span ? ((double)((d) - e->first) / span) * w : w / 2))
#define Y(v) (PADT + h - ((v) / ymax) * h)
    fk_sb_printf(b, "<svg class=\"timeline\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                    "aria-label=\"figure by day\">",
                 CW, CH, CW, CH);
    fk_sb_printf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%g\" x2=\"%d\" y2=\"%g\"/>", PADL, Y(0), CW - PADR, Y(0));
    fk_sb_printf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%g\"/>", PADL, PADT, PADL, Y(0));
    fk_sb_printf(b, "<text x=\"%d\" y=\"%g\" text-anchor=\"end\">0</text>", PADL - 4, Y(0) + 4);
    char top[64];
    if (!fk_jw_format_short(top, floor(ymax / 1.1))) snprintf(top, sizeof top, "%.0f", floor(ymax / 1.1));
    fk_sb_printf(b, "<text x=\"%d\" y=\"%g\" text-anchor=\"end\">%s</text>", PADL - 4, Y(ymax / 1.1) + 4, top);
    /* the figure as a step line */
    fk_sb_puts(b, "<polyline class=\"step\" points=\"");
    for (size_t d = 0; d < f->days.n; d++) {
        double v = fk_evcount_point(&e->reports.v[f->days.v[d].figure]->count);
        double x = X(f->days.v[d].day);
        if (d) fk_sb_printf(b, " %g,%g", x, Y(fk_evcount_point(&e->reports.v[f->days.v[d - 1].figure]->count)));
        fk_sb_printf(b, " %g,%g", x, Y(v));
    }
    fk_sb_puts(b, "\"/>");
    /* every full report */
    for (size_t k = 0; k < f->reports.n; k++) {
        size_t i = f->reports.v[k];
        const fk_evreport *r = e->reports.v[i];
        double x = X(r->day), p = fk_evcount_point(&r->count);
        if (!r->count.has_value && r->count.has_min && r->count.has_max)
            fk_sb_printf(b, "<line class=\"range\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>", x, Y(r->count.min), x,
                         Y(r->count.max));
        fk_sb_printf(b, "<circle class=\"dot%s%s\" cx=\"%g\" cy=\"%g\" r=\"4.5\" data-report=\"%s-r%zu\"><title>",
                     in_conflict(s, i) ? " conflict" : "", is_stale_report(f, i) ? " stale" : "", x, Y(p), id, i);
        day(b, r->day);
        fk_sb_puts(b, ": ");
        count_words(b, &r->count);
        if (source_label(r)) {
            fk_sb_puts(b, " \xE2\x80\x94 ");
            esc(b, source_label(r));
        }
        fk_sb_puts(b, "</title></circle>");
    }
    /* the first and last day */
    fk_sb_printf(b, "<text x=\"%g\" y=\"%d\" text-anchor=\"%s\">", X(e->first), CH - 8, span ? "start" : "middle");
    day(b, e->first);
    fk_sb_puts(b, "</text>");
    if (span) {
        fk_sb_printf(b, "<text x=\"%g\" y=\"%d\" text-anchor=\"end\">", X(e->last), CH - 8);
        day(b, e->last);
        fk_sb_puts(b, "</text>");
    }
    fk_sb_puts(b, "</svg>\n");
#undef X
#undef Y
}

/* ---- one event --------------------------------------------------------------- */

static void figure_line(fk_sb *b, const fk_event *e, const fk_evfigure *f)
{
    if (f->report == SIZE_MAX) {
        fk_sb_puts(b, "<span class=\"muted\">no figure</span>");
        return;
    }
    const fk_evreport *r = e->reports.v[f->report];
    fk_sb_puts(b, "<b>");
    count_words(b, &r->count);
    fk_sb_puts(b, "</b> as of ");
    day(b, f->as_of);
    if (source_label(r)) {
        fk_sb_puts(b, " \xE2\x80\x94 ");
        esc(b, source_label(r));
    }
    fk_sb_printf(b, " <span class=\"tag\">%s</span>", fk_evchange_names[f->change]);
    if (f->disputed) fk_sb_puts(b, "<span class=\"tag disputed\">disputed</span>");
    if (f->stale) fk_sb_printf(b, "<span class=\"tag stale\">%zu lower later ignored</span>", f->stale);
}

static void report_rows(fk_sb *b, fk_evctx *cx, const fk_event *e, const char *id)
{
    const fk_evsummary *s = e->sum;
    fk_sb_puts(b, "<div class=\"tablewrap\"><table class=\"reports\"><thead><tr><th>#</th><th>date</th>"
                  "<th>count</th><th>who</th><th>place</th><th>source</th><th>evidence</th><th>document</th>"
                  "</tr></thead><tbody>\n");
    for (size_t i = 0; i < e->reports.n; i++) {
        const fk_evreport *r = e->reports.v[i];
        int part = fk_event_scope_of(e, r) == FK_EV_PART;
        const char *cls = in_conflict(s, i) ? "in-conflict" : i == s->full.report ? "figure-row" : "";
        fk_sb_printf(b, "<tr id=\"%s-r%zu\" class=\"%s\"><td class=\"num\">%zu</td><td>", id, i, cls, i);
        esc(b, r->doc_date ? r->doc_date : "undated");
        fk_sb_puts(b, "</td><td class=\"num\">");
        count_words(b, &r->count);
        if (part) fk_sb_puts(b, "<span class=\"tag part\">part</span>");
        if (in_conflict(s, i)) fk_sb_puts(b, "<span class=\"tag conflict\">conflict</span>");
        if (!part && is_stale_report(&s->full, i)) fk_sb_puts(b, "<span class=\"tag stale\">stale</span>");
        fk_sb_puts(b, "</td><td>");
        esc(b, r->who_text);
        fk_sb_puts(b, "</td><td>");
        esc(b, r->place_name);
        fk_sb_puts(b, "</td><td>");
        if (source_label(r)) esc(b, source_label(r));
        else fk_sb_puts(b, "<span class=\"muted\">unattributed</span>");
        fk_sb_printf(b, " <span class=\"muted\">(rank %d)</span></td><td class=\"evidence\">", r->rank);
        esc(b, r->evidence);
        fk_sb_puts(b, "</td><td>");
        esc(b, r->doc_id ? r->doc_id : r->doc_path);
        fk_sb_printf(b, " <span class=\"rule\">fact %zu, ", r->fact);
        esc(b, r->rule);
        fk_sb_puts(b, "</span></td></tr>\n");
    }
    fk_sb_puts(b, "</tbody></table></div>\n");
    (void)cx;
}

static void conflicts_list(fk_sb *b, const fk_event *e)
{
    const fk_evsummary *s = e->sum;
    if (!s->conflicts.n) return;
    fk_sb_puts(b, "<h3>Conflicts</h3><ul class=\"conflicts\">\n");
    for (size_t k = 0; k < s->conflicts.n; k++) {
        const fk_evreport *a = e->reports.v[s->conflicts.v[k].a], *c = e->reports.v[s->conflicts.v[k].b];
        fk_sb_puts(b, "<li>");
        day(b, s->conflicts.v[k].day);
        fk_sb_puts(b, ": ");
        count_words(b, &a->count);
        fk_sb_puts(b, " (");
        esc(b, source_label(a) ? source_label(a) : "unattributed");
        fk_sb_printf(b, ", report %zu) vs ", s->conflicts.v[k].a);
        count_words(b, &c->count);
        fk_sb_puts(b, " (");
        esc(b, source_label(c) ? source_label(c) : "unattributed");
        fk_sb_printf(b, ", report %zu)</li>\n", s->conflicts.v[k].b);
    }
    fk_sb_puts(b, "</ul>\n");
}

static void parts_list(fk_sb *b, fk_evctx *cx, const fk_event *e)
{
    const fk_evsummary *s = e->sum;
    if (!s->parts.n) return;
    fk_sb_puts(b, "<h3>Parts</h3><ul class=\"parts\">\n");
    for (size_t k = 0; k < s->parts.n; k++) {
        const fk_evreport *r = e->reports.v[s->parts.v[k].scope];
        fk_sb_puts(b, "<li>");
        place_line(b, cx, r);
        if (r->who_text) {
            fk_sb_puts(b, ", ");
            esc(b, r->who_text);
        }
        if (r->forced_part) fk_sb_puts(b, " <span class=\"tag part\">subset</span>");
        fk_sb_puts(b, ": ");
        figure_line(b, e, &s->parts.v[k].fig);
        fk_sb_puts(b, "</li>\n");
    }
    fk_sb_puts(b, "</ul>\n");
}

static void index_row(fk_evwriter *w, const fk_event *e, const char *id)
{
    fk_sb *b = &w->index;
    const fk_evsummary *s = e->sum;
    fk_sb_printf(b, "<tr><td class=\"num\">%zu</td><td class=\"type\"><a href=\"#%s\">", w->count + 1, id);
    esc(b, e->type);
    fk_sb_puts(b, "</a></td><td>");
    place_line(b, w->cx, e->scope);
    fk_sb_puts(b, "</td><td>");
    esc(b, e->scope->who_category);
    fk_sb_puts(b, "</td><td>");
    day(b, e->first);
    if (e->last != e->first) {
        fk_sb_puts(b, " \xE2\x80\x93 ");
        day(b, e->last);
    }
    fk_sb_puts(b, "</td><td class=\"num\">");
    if (s->full.report != SIZE_MAX) count_words(b, &e->reports.v[s->full.report]->count);
    fk_sb_puts(b, "</td><td>");
    if (s->full.report != SIZE_MAX) day(b, s->full.as_of);
    fk_sb_printf(b, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td>", e->reports.n, s->documents);
    if (s->conflicts.n) fk_sb_printf(b, "<span class=\"tag conflict\">%zu</span>", s->conflicts.n);
    fk_sb_puts(b, "</td></tr>\n");
}

char *fk_event_html(fk_evwriter *w, fk_event *e)
{
    fk_event_summarize(e, w->opts);
    char id[16];
    fk_event_id(e, id);
    index_row(w, e, id);
    fk_sb b = {0};
    fk_sb_printf(&b, "<section class=\"event\" id=\"%s\" data-type=\"", id);
    esc(&b, e->type);
    fk_sb_puts(&b, "\">\n<h2><span class=\"etype\">");
    esc(&b, e->type);
    fk_sb_puts(&b, "</span> \xC2\xB7 ");
    place_line(&b, w->cx, e->scope);
    if (e->scope->who_text) {
        fk_sb_puts(&b, " \xC2\xB7 ");
        esc(&b, e->scope->who_text);
    }
    fk_sb_puts(&b, " <span class=\"muted\">");
    day(&b, e->first);
    if (e->last != e->first) {
        fk_sb_puts(&b, " \xE2\x80\x93 ");
        day(&b, e->last);
    }
    fk_sb_printf(&b, ", %zu report%s in %zu document%s</span></h2>\n<p class=\"figure\">", e->reports.n,
                 e->reports.n == 1 ? "" : "s", e->sum->documents, e->sum->documents == 1 ? "" : "s");
    figure_line(&b, e, &e->sum->full);
    fk_sb_puts(&b, "</p>\n");
    chart(&b, e, id);
    conflicts_list(&b, e);
    parts_list(&b, w->cx, e);
    fk_sb_puts(&b, "<h3>Reports</h3>\n");
    report_rows(&b, w->cx, e, id);
    fk_sb_puts(&b, "</section>\n");
    w->count++;
    return fk_sb_take(&b);
}

char *fk_event_html_head(const fk_evwriter *w)
{
    fk_sb b = {0};
    fk_sb_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>fakty events</title>\n<style>\n");
    fk_sb_puts(&b, css);
    fk_sb_printf(&b, "</style>\n</head>\n<body>\n<header><h1>fakty events</h1>\n<p class=\"intro\">Each event "
                     "holds the reports of many articles about one type of fact at one place and time. The "
                     "figure is the latest reported one (a lower later figure counts only from a source "
                     "ranked as high); reports of the same day that cannot both be true are conflicts. "
                     "Window: %d days.</p></header>\n<main id=\"events\">\n",
                 w->opts->window);
    return fk_sb_take(&b);
}

char *fk_event_html_tail(const fk_evwriter *w)
{
    fk_sb b = {0};
    fk_sb_printf(&b, "</main>\n<nav id=\"index\"><h2>%zu event%s</h2><div class=\"tablewrap\"><table><thead><tr>"
                     "<th>#</th><th>type</th><th>place</th><th>who</th><th>period</th><th>figure</th>"
                     "<th>as of</th><th>reports</th><th>documents</th><th>conflicts</th></tr></thead>"
                     "<tbody>\n",
                 w->count, w->count == 1 ? "" : "s");
    if (w->index.p) fk_sb_puts(&b, w->index.p);
    fk_sb_puts(&b, "</tbody></table></div></nav>\n<footer>Written by fakty events (schema " FK_EVENTS_SCHEMA
                   "; docs/events.md).</footer>\n<script>\n");
    fk_sb_puts(&b, js);
    fk_sb_puts(&b, "</script>\n</body>\n</html>\n");
    return fk_sb_take(&b);
}
