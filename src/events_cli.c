/* The `fakty events` command (docs/events.md):
 *
 *   fakty events [OPTIONS] [FILE…|-]
 *
 * Reads fakty/1 JSON Lines (files in order, or standard input), groups the
 * facts into events (events_group.c) and writes each event as it closes:
 * JSON Lines (fakty-events/1), CSV/TSV (a row per event, or per report with
 * --reports) or an HTML page. Data: gazetteers/parents.tsv and
 * gazetteers/<lang>/ (place chains and names), rules/<lang>/events/
 * (categories, source ranks), found as the engine finds its pack.
 *
 * For runners (tools/fakty-dask events): --buckets N writes, for each input
 * line, the buckets (0..N-1) its facts fall in, space-separated (an empty
 * line for none); --bucket I/N keeps only the facts of bucket I. A fact's
 * bucket is fk_hash("type<TAB>root") mod N, the root being the top of its
 * place's chain (so the facts of one event share a bucket). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "events.h"

#ifndef FAKTY_DATADIR
#define FAKTY_DATADIR "/usr/local/share/fakty"
#endif
#ifndef FAKTY_SOURCE_DIR
#define FAKTY_SOURCE_DIR "."
#endif

enum fmt { FMT_JSON, FMT_CSV, FMT_TSV, FMT_HTML };

typedef struct cli {
    fk_evopts o;
    enum fmt format;
    int pretty, per_report, min_reports;
    FK_VEC(const char *) types;
    const char *data_dir;
    size_t buckets, bucket;   /* --buckets N (bucket == SIZE_MAX) / --bucket I/N */
} cli;

typedef struct run {
    cli *c;
    fk_evctx cx;
    fk_evwriter w;
    FILE *out;
    size_t events, filtered, bad_lines, docs, reports, same_as, undated;
} run;

static void usage(FILE *o)
{
    fputs("usage: fakty events [OPTIONS] [FILE...|-]\n"
          "\n"
          "Reads fakty/1 JSON Lines (the output of `fakty`) and writes one record per\n"
          "event: the facts of many articles about one event (type, place, who, days),\n"
          "every report behind it, a reconciled figure, a timeline and the conflicts.\n"
          "Input sorted by document date is read in one pass, holding only the events\n"
          "of the last WINDOW days (docs/events.md).\n"
          "\n"
          "  -f, --format FMT      json (default: JSON Lines, fakty-events/1), csv, tsv, html\n"
          "  -p, --pretty          indent the JSON\n"
          "      --reports         csv/tsv: one row per report instead of per event\n"
          "  -w, --window DAYS     days between reports of one event (default 3)\n"
          "      --max-span DAYS   an event spans at most DAYS days (default: no limit)\n"
          "      --figure RULE     rising (default: the latest figure; lower later ones\n"
          "                        only from a source ranked as high) or ranked (only the\n"
          "                        highest-ranked sources count)\n"
          "      --about PCT       \"about N\" covers N +- PCT%% in conflicts (default 10)\n"
          "  -t, --type TYPE       only events of this type (repeatable)\n"
          "      --min-reports N   only events with at least N reports (default 1)\n"
          "      --data DIR        directory with gazetteers/ and rules/\n"
          "      --buckets N       (runners) print each line's buckets of N\n"
          "      --bucket I/N      (runners) only the facts of bucket I of N\n"
          "  -h, --help            this help\n"
          "\n"
          "Exit status: 0 every line read, 1 some lines were not fakty/1 objects (the\n"
          "others are still used), 2 usage or data error.\n",
          o);
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* As the engine finds its pack (engine.c): --data, FAKTY_DATA, the
 * installed data, the source tree. */
static char *find_data_dir(const char *given)
{
    const char *cands[4] = {given, getenv("FAKTY_DATA"), FAKTY_DATADIR, FAKTY_SOURCE_DIR};
    for (int i = 0; i < 4; i++) {
        if (!cands[i] || !*cands[i]) continue;
        if (i < 2) return fk_xstrdup(cands[i]);
        char *g = fk_xasprintf("%s/gazetteers", cands[i]);
        int ok = is_dir(g);
        free(g);
        if (ok) return fk_xstrdup(cands[i]);
    }
    return fk_xstrdup(".");
}

static int parse_days(const char *opt, const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || end == s || v < 0 || v > 100000) {
        fprintf(stderr, "fakty events: %s: expected a number of days, got \"%s\"\n", opt, s);
        return -1;
    }
    *out = (int)v;
    return 0;
}

static void print_diags(const fakty_diags *dg)
{
    for (size_t i = 0; i < fakty_diags_count(dg); i++) {
        const fakty_diag *x = fakty_diags_get(dg, i);
        if (x->file && x->line) fprintf(stderr, "%s:%u:%u: ", x->file, x->line, x->column ? x->column : 1);
        else if (x->file) fprintf(stderr, "%s: ", x->file);
        fprintf(stderr, "%s: %s\n", x->is_error ? "error" : "warning", x->message);
    }
}

/* ---- writing ------------------------------------------------------------ */

static int wanted(const run *r, const fk_event *e)
{
    if ((int)e->reports.n < r->c->min_reports) return 0;
    if (!r->c->types.n) return 1;
    for (size_t i = 0; i < r->c->types.n; i++)
        if (!strcmp(r->c->types.v[i], e->type)) return 1;
    return 0;
}

static void write_event(void *ctx, fk_event *e)
{
    run *r = ctx;
    if (!wanted(r, e)) {
        r->filtered++;
        fk_event_free(e);
        return;
    }
    char *s;
    switch (r->c->format) {
    case FMT_CSV:
    case FMT_TSV: s = fk_event_table_rows(&r->w, e); break;
    case FMT_HTML: s = fk_event_html(&r->w, e); break;
    default: s = fk_event_json(&r->w, e); break;
    }
    fputs(s, r->out);
    free(s);
    r->events++;
    fk_event_free(e);
}

/* ---- reading -------------------------------------------------------------- */

static size_t bucket_of(const fk_evreport *rep, size_t n)
{
    fk_sb b = {0};
    fk_sb_printf(&b, "%s\t%s", rep->type, rep->root);
    size_t k = (size_t)(fk_hash(b.p, b.n) % n);
    free(b.p);
    return k;
}

static int type_wanted(const cli *c, const char *type)
{
    if (!c->types.n) return 1;
    for (size_t i = 0; i < c->types.n; i++)
        if (!strcmp(c->types.v[i], type)) return 1;
    return 0;
}

/* Drop the reports this run does not want (types, bucket). */
static void filter_doc(const cli *c, fk_evdoc *d)
{
    size_t k = 0;
    for (size_t i = 0; i < d->reports.n; i++) {
        fk_evreport *r = d->reports.v[i];
        int keep = type_wanted(c, r->type) && (!c->buckets || bucket_of(r, c->buckets) == c->bucket);
        if (keep) d->reports.v[k++] = r;
        else free(r);
    }
    d->reports.n = k;
}

static void print_buckets(run *r, const fk_evdoc *d)
{
    size_t n = r->c->buckets;
    FK_VEC(size_t) seen = {0};
    for (size_t i = 0; i < d->reports.n; i++) {
        size_t b = bucket_of(d->reports.v[i], n);
        int dup = 0;
        for (size_t k = 0; k < seen.n; k++) dup |= seen.v[k] == b;
        if (!dup) fk_vec_push(seen, b);
    }
    for (size_t k = 0; k < seen.n; k++) fprintf(r->out, k ? " %zu" : "%zu", seen.v[k]);
    fputc('\n', r->out);
    fk_vec_free(seen);
}

static void read_stream(run *r, fk_evgroup *g, FILE *f, const char *name, size_t *seq)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
        fk_evdoc d = {0};
        if (n == 0 || fk_evdoc_read(&r->cx, line, (size_t)n, (*seq)++, &d) != 0) {
            r->bad_lines++;
            fprintf(stderr, "fakty events: %s:%zu: warning: %s; skipped\n", name, lineno,
                    n == 0 ? "empty line" : d.error);
            if (g == NULL) fputc('\n', r->out); /* --buckets: one line out per line in */
            fk_evdoc_clear(&d);
            continue;
        }
        r->docs++;
        r->same_as += d.skipped_same_as;
        if (g == NULL) {
            print_buckets(r, &d);
            fk_evdoc_clear(&d);
            continue;
        }
        filter_doc(r->c, &d);
        r->reports += d.reports.n;
        for (size_t i = 0; i < d.reports.n; i++) r->undated += d.reports.v[i]->day == FK_NODAY;
        fk_evgroup_add(g, &d);
        fk_evdoc_clear(&d);
    }
    if (ferror(f)) {
        fprintf(stderr, "fakty events: %s: error: read failed after line %zu: %s\n", name, lineno, strerror(errno));
        r->bad_lines++;
    }
    free(line);
}

static int parse_args(int argc, char **argv, cli *c)
{
    enum { O_REPORTS = 256, O_MAXSPAN, O_FIGURE, O_ABOUT, O_MINREP, O_DATA, O_BUCKETS, O_BUCKET };
    static const struct option longopts[] = {
        {"format", required_argument, 0, 'f'},     {"pretty", no_argument, 0, 'p'},
        {"reports", no_argument, 0, O_REPORTS},    {"window", required_argument, 0, 'w'},
        {"max-span", required_argument, 0, O_MAXSPAN}, {"figure", required_argument, 0, O_FIGURE},
        {"about", required_argument, 0, O_ABOUT},  {"type", required_argument, 0, 't'},
        {"min-reports", required_argument, 0, O_MINREP}, {"data", required_argument, 0, O_DATA},
        {"buckets", required_argument, 0, O_BUCKETS}, {"bucket", required_argument, 0, O_BUCKET},
        {"help", no_argument, 0, 'h'},              {0, 0, 0, 0}};
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "f:pw:t:h", longopts, NULL)) != -1) {
        switch (o) {
        case 'f':
            if (!strcmp(optarg, "json") || !strcmp(optarg, "jsonl")) c->format = FMT_JSON;
            else if (!strcmp(optarg, "csv")) c->format = FMT_CSV;
            else if (!strcmp(optarg, "tsv")) c->format = FMT_TSV;
            else if (!strcmp(optarg, "html")) c->format = FMT_HTML;
            else {
                fprintf(stderr, "fakty events: unknown format \"%s\" (json, csv, tsv, html)\n", optarg);
                return 2;
            }
            break;
        case 'p': c->pretty = 1; break;
        case O_REPORTS: c->per_report = 1; break;
        case 'w':
            if (parse_days("--window", optarg, &c->o.window)) return 2;
            break;
        case O_MAXSPAN:
            if (parse_days("--max-span", optarg, &c->o.max_span)) return 2;
            break;
        case O_FIGURE:
            if (!strcmp(optarg, "rising")) c->o.ranked = 0;
            else if (!strcmp(optarg, "ranked")) c->o.ranked = 1;
            else {
                fprintf(stderr, "fakty events: --figure: expected rising or ranked, got \"%s\"\n", optarg);
                return 2;
            }
            break;
        case O_ABOUT: {
            int pct;
            if (parse_days("--about", optarg, &pct) || pct > 100) {
                fprintf(stderr, "fakty events: --about: expected a percentage from 0 to 100\n");
                return 2;
            }
            c->o.about = pct / 100.0;
            break;
        }
        case 't': fk_vec_push(c->types, optarg); break;
        case O_MINREP:
            if (parse_days("--min-reports", optarg, &c->min_reports)) return 2;
            break;
        case O_DATA: c->data_dir = optarg; break;
        case O_BUCKETS:
        case O_BUCKET: {
            char *end;
            unsigned long i = 0, n = strtoul(optarg, &end, 10);
            if (o == O_BUCKET) {
                i = n;
                n = *end == '/' ? strtoul(end + 1, &end, 10) : 0;
            }
            if (*end || n < 1 || n > 100000 || i >= n) {
                fprintf(stderr, "fakty events: %s: expected %s, got \"%s\"\n",
                        o == O_BUCKET ? "--bucket" : "--buckets", o == O_BUCKET ? "I/N with I < N" : "N >= 1", optarg);
                return 2;
            }
            c->buckets = n;
            c->bucket = o == O_BUCKET ? i : SIZE_MAX;
            break;
        }
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (c->buckets && c->bucket == SIZE_MAX && (c->format != FMT_JSON || c->per_report)) {
        fprintf(stderr, "fakty events: --buckets prints bucket numbers only (no --format)\n");
        return 2;
    }
    return -1;
}

int fk_events_main(int argc, char **argv)
{
    cli c = {0};
    c.o.window = 3;
    c.o.about = 0.1;
    c.min_reports = 1;
    int rc = parse_args(argc, argv, &c);
    if (rc >= 0) {
        fk_vec_free(c.types);
        return rc;
    }
    run r = {0};
    r.c = &c;
    r.out = stdout;
    char *data = find_data_dir(c.data_dir);
    r.cx.data_dir = data;
    r.cx.dg = fk_diags_new();
    r.cx.places = fk_evplaces_load(data, r.cx.dg);
    r.cx.vocab = fk_evvocab_new(data);
    fk_evvocab_preload(r.cx.vocab, r.cx.dg);
    if (fakty_diags_errors(r.cx.dg)) {
        print_diags(r.cx.dg);
        fprintf(stderr, "fakty events: cannot load the data of %s\n", data);
        fk_evplaces_free(r.cx.places);
        fk_evvocab_free(r.cx.vocab);
        fakty_diags_free(r.cx.dg);
        free(data);
        fk_vec_free(c.types);
        return 2;
    }
    r.w.opts = &c.o;
    r.w.cx = &r.cx;
    r.w.pretty = c.pretty;
    r.w.sep = c.format == FMT_TSV ? '\t' : ',';
    r.w.per_report = c.per_report;

    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    int listing = c.buckets && c.bucket == SIZE_MAX;
    fk_evgroup *g = listing ? NULL : fk_evgroup_new(&c.o, &r.cx, write_event, &r);
    if (!listing) {
        if (c.format == FMT_CSV || c.format == FMT_TSV) fputs(fk_event_table_header(&r.w), stdout);
        if (c.format == FMT_HTML) {
            char *h = fk_event_html_head(&r.w);
            fputs(h, stdout);
            free(h);
        }
    }
    size_t seq = 0;
    if (optind >= argc) read_stream(&r, g, stdin, "(stdin)", &seq);
    for (int i = optind; i < argc; i++) {
        if (!strcmp(argv[i], "-")) {
            read_stream(&r, g, stdin, "(stdin)", &seq);
            continue;
        }
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "fakty events: %s: error: cannot read: %s\n", argv[i], strerror(errno));
            r.bad_lines++;
            continue;
        }
        read_stream(&r, g, f, argv[i], &seq);
        fclose(f);
    }
    if (g) {
        fk_evgroup_finish(g);
        if (fk_evgroup_late(g))
            fprintf(stderr,
                    "fakty events: warning: %zu report%s came more than %d days after a later date: the input "
                    "is not sorted by date, so an event may be split (sort by doc.date: docs/events.md)\n",
                    fk_evgroup_late(g), fk_evgroup_late(g) == 1 ? "" : "s", c.o.window);
        if (r.undated)
            fprintf(stderr,
                    "fakty events: warning: %zu report%s without a document date: grouped apart, with no "
                    "period or timeline (give fakty --date or records with a date)\n",
                    r.undated, r.undated == 1 ? "" : "s");
        if (c.format == FMT_HTML) {
            char *t = fk_event_html_tail(&r.w);
            fputs(t, stdout);
            free(t);
        }
    }
    print_diags(r.cx.dg);
    rc = r.bad_lines ? 1 : 0;
    if (fakty_diags_errors(r.cx.dg)) rc = 2;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "fakty events: error writing the output: %s\n", strerror(errno));
        rc = 1;
    }
    if (getenv("FAKTY_EVENTS_STATS"))
        fprintf(stderr, "fakty events: %zu documents, %zu reports, %zu events written, %zu filtered, at most %zu open\n",
                r.docs, r.reports, r.events, r.filtered, g ? fk_evgroup_open_max(g) : 0);
    fk_evgroup_free(g);
    free(r.w.index.p);
    fk_evplaces_free(r.cx.places);
    fk_evvocab_free(r.cx.vocab);
    fakty_diags_free(r.cx.dg);
    free(data);
    fk_vec_free(c.types);
    return rc;
}
