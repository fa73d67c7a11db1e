/* fakty events: one record per event across articles (issue 15).
 *
 * `fakty events` reads fakty/1 JSON Lines (the output of a batch run) and
 * groups the facts of many documents into events: one type, one place (with
 * the places above it), one group of people, the days it was reported on.
 * Each event keeps every report behind it (document, date, count, source,
 * evidence, rule), a reconciled figure, a timeline and the conflicts between
 * same-day reports. The rules are in docs/events.md; the output schema is
 * docs/schema/fakty-events-1.schema.json.
 *
 * Modules (one concern each):
 *   events_places.c  gazetteers/parents.tsv and the place names of a
 *                    language: the chain of places above a place
 *   events_vocab.c   rules/<lang>/events/: who-categories and source ranks
 *   events_read.c    a fakty/1 line -> reports
 *   events_group.c   reports -> events, in a window of days (streaming)
 *   events_figure.c  an event -> reconciled figure, timeline, conflicts, parts
 *   events_json.c, events_table.c, events_html.c   the writers
 *   events_cli.c     the `fakty events` command
 *
 * Ownership: a report is one malloc'd block (struct and strings); an event
 * owns its reports; the data (places, vocabularies) outlives every event and
 * is read-only once a language is loaded. Single-threaded.
 *
 * Days are counted from 1970-01-01 (fk_day); FK_NODAY is "no date". */
#ifndef FK_EVENTS_H
#define FK_EVENTS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define FK_EVENTS_SCHEMA "fakty-events/1"

typedef int32_t fk_day;
#define FK_EVCHAIN 8   /* places above a place, at most */
#define FK_NODAY INT32_MIN

/* "YYYY-MM-DD" -> day number, FK_NODAY when s is not such a date. */
fk_day fk_day_parse(const char *s);
/* day -> "YYYY-MM-DD" in buf (11 bytes). */
void fk_day_format(fk_day d, char buf[11]);

/* ---- places (events_places.c) ----------------------------------------- */

typedef struct fk_evplaces fk_evplaces;

/* Loads data_dir/gazetteers/parents.tsv (a missing file is a warning:
 * places then have no chain). Problems go to dg. */
fk_evplaces *fk_evplaces_load(const char *data_dir, fakty_diags *dg);
void fk_evplaces_free(fk_evplaces *p);
/* The places above ref, nearest first, at most max; returns the count. The
 * strings belong to p. */
size_t fk_evplaces_chain(const fk_evplaces *p, const char *ref, const char **out, size_t max);
/* The canonical name of a place id in a language (the first entry of the id
 * in data_dir/gazetteers/<lang>/, in the engine's load order), or NULL.
 * Loads the language's tables on first use. */
const char *fk_evplaces_name(fk_evplaces *p, const char *lang, const char *ref, fakty_diags *dg);

/* ---- vocabularies (events_vocab.c) -------------------------------------- */

typedef struct fk_evvocab fk_evvocab;

/* rules/<lang>/events/categories.tsv and sources.tsv of a language, loaded
 * on first use (a language without them gets the defaults: every category
 * stands alone, every source has the default rank). */
fk_evvocab *fk_evvocab_new(const char *data_dir);
void fk_evvocab_free(fk_evvocab *v);
/* Load every language of data_dir/rules/ now (so that data errors show
 * before any input is read). */
void fk_evvocab_preload(fk_evvocab *v, fakty_diags *dg);
/* The category as events compare it: NULL for "anyone" (no category, or a
 * category listed as covering everyone, such as "people"). The string
 * belongs to v or to `category`. */
const char *fk_evvocab_who(fk_evvocab *v, const char *lang, const char *category, fakty_diags *dg);
/* How many levels `narrow` lies below `wide` (0: the same, both may be
 * NULL = anyone), or -1 when it does not. */
int fk_evvocab_who_below(fk_evvocab *v, const char *lang, const char *narrow, const char *wide,
                         fakty_diags *dg);
/* The rank of a source: the highest rank of the source entity's subtype and
 * of the words of its text; the default for a named source of no listed
 * kind; the "none" rank without a source. */
int fk_evvocab_rank(fk_evvocab *v, const char *lang, const char *subtype, const char *text,
                    int has_source, fakty_diags *dg);

/* ---- reports (events_read.c) ------------------------------------------- */

enum { FK_EV_FULL = 0, FK_EV_PART = 1 };

typedef struct fk_evcount {
    double value, min, max;
    uint8_t has_value, has_min, has_max, implied;
    const char *qualifier; /* "exact", "more_than", … as in fakty/1 */
    const char *text;
} fk_evcount;

typedef struct fk_evreport {
    /* the document */
    const char *doc_id, *doc_path, *doc_date, *lang;
    size_t doc_line;        /* JSONL record line (0: none) */
    size_t seq;             /* the document's place in the input (0-based) */
    fk_day day;             /* doc.date, or FK_NODAY */
    /* the fact */
    size_t fact;            /* index in the document's facts */
    long same_as, part_of;  /* fact indices, -1 when absent */
    const char *type;
    fk_evcount count;
    const char *who_text, *who_category;
    const char *who;        /* the category as compared (fk_evvocab_who): NULL = anyone */
    const char *place_name, *place_ref, *place_text, *place_from;
    const char *place_key;  /* ref, else "name:" + name; NULL without a place */
    const char *root;       /* the top of the place's chain, or place_key; "" without a place */
    const char *chain[FK_EVCHAIN]; /* the places above place_ref, nearest first (strings of the places table) */
    size_t nchain;
    const char *when_value, *when_text;
    const char *source_text, *source_name, *source_key; /* source_key: NULL = unattributed */
    int rank;
    const char *evidence;
    long sentence, start, end;
    const char *rule;
    /* set by the grouping */
    uint8_t forced_part;    /* a "w tym" subset joined to its total's event */
} fk_evreport;

/* Place keys compare by bytes; the root is what runners partition on. */

/* One fakty/1 document's reports. */
typedef struct fk_evdoc {
    FK_VEC(fk_evreport *) reports;   /* owned until handed to the grouping */
    size_t skipped_same_as;          /* facts that repeat another fact of the document */
    const char *error;               /* a static message when the line was not a fakty/1 object */
} fk_evdoc;

typedef struct fk_evctx {
    const char *data_dir;
    fk_evplaces *places;
    fk_evvocab *vocab;
    fakty_diags *dg;
} fk_evctx;

/* Parse one line (n bytes) into d (empty on entry). seq is the document's
 * place in the input. Returns 0, or -1 with d->error set. */
int fk_evdoc_read(fk_evctx *cx, const char *line, size_t n, size_t seq, fk_evdoc *d);
void fk_evdoc_clear(fk_evdoc *d);   /* frees the reports still held */

/* ---- events (events_group.c) ------------------------------------------- */

typedef struct fk_evopts {
    int window;          /* days between reports of one event (default 3) */
    int max_span;        /* days from first to last report, 0 = no limit */
    int ranked;          /* figure: 1 = latest report of the highest rank */
    double about;        /* "about N" covers N ± about (fraction, default 0.1) */
} fk_evopts;

typedef struct fk_event {
    const char *type;                 /* the first report's */
    const fk_evreport *scope;         /* the widest report: the event's place and who */
    fk_day first, last;               /* FK_NODAY for undated events */
    FK_VEC(fk_evreport *) reports;    /* in the order they were read */
    char *root;
    size_t created;                   /* order of creation (ties) */
    struct fk_evsummary *sum;         /* filled by fk_event_summarize */
} fk_event;

typedef void (*fk_evemit)(void *ctx, fk_event *e);

typedef struct fk_evgroup fk_evgroup;

/* Events are handed to emit when they close (no report can join them any
 * more), in the order of fk_event_cmp within each closing; emit takes the
 * event (fk_event_free). */
fk_evgroup *fk_evgroup_new(const fk_evopts *o, fk_evctx *cx, fk_evemit emit, void *ctx);
/* Adds a document's reports (taken from d). */
void fk_evgroup_add(fk_evgroup *g, fk_evdoc *d);
/* Closes every event still open. */
void fk_evgroup_finish(fk_evgroup *g);
/* Reports older than the window when they were read (unsorted input). */
size_t fk_evgroup_late(const fk_evgroup *g);
size_t fk_evgroup_open_max(const fk_evgroup *g);  /* most events open at once */
void fk_evgroup_free(fk_evgroup *g);

/* The output order: dated events before undated ones, then last day, first
 * day, type, place name, place ref, who category, and the first report's
 * path, id, line, fact index and evidence (strings bytewise, null first:
 * what tools/fakty-dask sorts the merged events by). */
int fk_event_cmp(const fk_event *a, const fk_event *b);
void fk_event_free(fk_event *e);
/* "ev-" + 12 hex digits from the type and the first report (its document,
 * fact, date, place and sentence). */
void fk_event_id(const fk_event *e, char buf[16]);

/* How a report stands to an event's scope. */
int fk_event_scope_of(const fk_event *e, const fk_evreport *r);

/* ---- figure, timeline, conflicts (events_figure.c) -------------------- */

enum fk_evchange { FK_EV_FIRST, FK_EV_RISE, FK_EV_SAME, FK_EV_CORRECTION, FK_EV_STALE };
extern const char *const fk_evchange_names[];

typedef struct fk_evday {
    fk_day day;
    size_t pick;        /* the day's report (highest rank, then highest count) */
    size_t figure;      /* the report giving the figure as of this day */
    int change;         /* enum fk_evchange: what the day's report did */
    FK_VEC(size_t) reports;  /* the day's reports of this scope */
} fk_evday;

typedef struct fk_evfigure {
    size_t report;      /* index into the event's reports; SIZE_MAX: none */
    fk_day as_of;
    int change;         /* the step that set it */
    size_t stale;       /* later lower reports ignored (lower-ranked sources) */
    int disputed;       /* its report is in a same-day conflict */
    FK_VEC(fk_evday) days;
    FK_VEC(size_t) reports;  /* this scope's reports */
} fk_evfigure;

typedef struct fk_evconflict {
    fk_day day;
    size_t a, b;        /* report indices */
} fk_evconflict;

typedef struct fk_evpart {
    size_t scope;       /* the report whose place and who name the part */
    fk_evfigure fig;
} fk_evpart;

typedef struct fk_evsummary {
    fk_evfigure full;
    FK_VEC(fk_evconflict) conflicts;
    FK_VEC(fk_evpart) parts;
    size_t documents;
} fk_evsummary;

/* Compute e->sum (once). */
void fk_event_summarize(fk_event *e, const fk_evopts *o);
/* A count's lowest and highest possible value (about: ± o->about). */
void fk_evcount_bounds(const fk_evcount *c, const fk_evopts *o, double *lo, double *hi);
/* The number a count is ordered by: its value, else its min, else its max. */
double fk_evcount_point(const fk_evcount *c);

/* ---- writers (events_json.c, events_table.c, events_html.c) ------------ */

typedef struct fk_evwriter {
    const fk_evopts *opts;
    fk_evctx *cx;
    int pretty;
    char sep;            /* table: ',' or '\t' */
    int per_report;      /* table: one row per report */
    size_t count;        /* events written so far */
    fk_sb index;         /* html: the rows of the table of events, written at the end */
} fk_evwriter;

/* Each returns a malloc'd string. */
char *fk_event_json(fk_evwriter *w, fk_event *e);
const char *fk_event_table_header(const fk_evwriter *w);
char *fk_event_table_rows(fk_evwriter *w, fk_event *e);
char *fk_event_html_head(const fk_evwriter *w);
char *fk_event_html(fk_evwriter *w, fk_event *e);
char *fk_event_html_tail(const fk_evwriter *w);

/* ---- the command (events_cli.c) ------------------------------------------ */

/* `fakty events ARGS…` (argv[0] is "events"); returns the exit status. */
int fk_events_main(int argc, char **argv);

#endif
