/* fakty — command line.
 *
 *   fakty [OPTIONS] [FILE|DIR|-]...
 *   fakty check [OPTIONS] [DIR]
 *   fakty events [OPTIONS] [FILE|-]...   (events_cli.c)
 *
 * Documents are read by a producer (this thread), extracted by --jobs
 * worker threads and written in input order by a writer thread; at most
 * WINDOW documents are in flight, so memory is bounded by the largest
 * documents, not by the batch. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "writers.h"

enum fmt { FMT_JSON, FMT_CSV, FMT_TSV, FMT_HTML };

typedef struct {
    enum fmt format;
    int jsonl;
    int pretty, explain, lenient, progress, counters;
    const char *date;
    unsigned jobs;
    fakty_options eo;
    FK_VEC(const char *) rule_dirs;
    FK_VEC(const char *) gazetteers;
} cli;

/* ---- work items --------------------------------------------------------- */

typedef struct item {
    size_t seq;
    char *path;        /* file path ("-" for stdin), or the JSONL file the line came from */
    char *line;        /* JSONL record (owned) or NULL */
    size_t line_len;
    size_t lineno;     /* JSONL line number (1-based) */
    /* results */
    char *out;         /* what to print on stdout */
    char *err;         /* what to print on stderr (may be NULL) */
    int failed;        /* the document could not be processed */
    size_t bytes;
    int done;
} item;

typedef struct {
    const cli *c;
    const fakty_engine *eng;
    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_done, cv_space;
    item **ring;
    size_t window;
    size_t produced, claimed, written;
    int eof;
    int writer_waiting, producer_waiting; /* wake a thread only when it waits */
    int inline_mode;      /* one job: no worker or writer threads */
    /* stats */
    size_t failed, bad_records, bytes;
    size_t walk_failed;   /* producer-side failures (directories, read errors) */
    int progress_shown;
    struct timespec t0, last_progress;
} batch;

static void item_free(item *it)
{
    free(it->path);
    free(it->line);
    free(it->out);
    free(it->err);
    free(it);
}

/* ---- processing one document --------------------------------------------- */

static char *format_doc(const cli *c, const fk_doc *d, cJSON *meta, size_t index)
{
    unsigned jf = (c->pretty ? FAKTY_JSON_PRETTY : 0) | (c->explain ? FAKTY_JSON_EXPLAIN : 0);
    switch (c->format) {
    case FMT_CSV: cJSON_Delete(meta); return fk_table_rows(d, ',');
    case FMT_TSV: cJSON_Delete(meta); return fk_table_rows(d, '\t');
    case FMT_HTML: {
        char *h = fk_html_doc_meta(d, index, jf, meta);
        cJSON_Delete(meta);
        return h;
    }
    default: break;
    }
    char *s = fk_doc_json_text(d, jf, meta, 1, NULL);
    cJSON_Delete(meta);
    return s;
}

/* An output record for a document that could not be processed: a full
 * fakty/1 object with empty arrays and an "error" string, so that
 * `jq '.facts[]'` keeps working and line counts stay aligned. */
static char *format_error(const cli *c, const char *id, const char *path, size_t lineno,
                          const char *msg, size_t index)
{
    switch (c->format) {
    case FMT_CSV: return fk_table_error_row(id, path, msg, ',');
    case FMT_TSV: return fk_table_error_row(id, path, msg, '\t');
    case FMT_HTML: return fk_html_error_at(id, path, lineno, msg, index);
    default: break;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "schema", FAKTY_SCHEMA);
    cJSON *doc = cJSON_AddObjectToObject(o, "doc");
    if (id) cJSON_AddStringToObject(doc, "id", id);
    else cJSON_AddNullToObject(doc, "id");
    if (path) cJSON_AddStringToObject(doc, "path", path);
    else cJSON_AddNullToObject(doc, "path");
    if (lineno) cJSON_AddNumberToObject(doc, "line", (double)lineno);
    cJSON_AddArrayToObject(o, "entities");
    cJSON_AddArrayToObject(o, "quantities");
    cJSON_AddArrayToObject(o, "dates");
    cJSON_AddArrayToObject(o, "facts");
    cJSON_AddArrayToObject(o, "warnings");
    cJSON_AddStringToObject(o, "error", msg);
    char *s = c->pretty ? cJSON_Print(o) : cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    size_t n = strlen(s);
    s = fk_xrealloc(s, n + 2);
    s[n] = '\n';
    s[n + 1] = 0;
    return s;
}

/* Binary? (grep's idea: look at the first 8 KiB.) NUL bytes or many
 * control characters make a file binary; invalid UTF-8 alone does not (a
 * Latin-2 article is text: its bad bytes are replaced and reported). */
static int looks_binary(const char *s, size_t n)
{
    size_t lim = n < 8192 ? n : 8192, ctrl = 0, nul = 0, i = 0;
    while (i < lim) {
        /* a word without a byte below 0x20 (exact as a test) is text */
        if (i + 8 <= lim) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (!((x - 0x2020202020202020ULL) & ~x & 0x8080808080808080ULL)) {
                i += 8;
                continue;
            }
        }
        size_t stop = i + 8 < lim ? i + 8 : lim;
        for (; i < stop; i++) {
            unsigned char b = (unsigned char)s[i];
            if (!b) nul++;
            else if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1B) ctrl++;
        }
    }
    if (nul >= 4 || (nul && nul * 100 >= lim)) return 1;
    return ctrl * 10 > lim;
}

static void add_err(item *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_err(item *it, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m;
    if (vasprintf(&m, fmt, ap) < 0) m = NULL;
    va_end(ap);
    if (!m) return;
    if (!it->err) {
        it->err = m;
        return;
    }
    char *j = fk_xasprintf("%s%s", it->err, m);
    free(it->err);
    free(m);
    it->err = j;
}

static void warn_doc(item *it, const char *where, const fk_doc *d)
{
    for (size_t i = 0; i < d->warnings.n; i++) add_err(it, "fakty: %s: warning: %s\n", where, d->warnings.v[i]);
}

static void process_file(batch *b, item *it)
{
    const cli *c = b->c;
    char *text;
    size_t len;
    const char *shown = strcmp(it->path, "-") ? it->path : "(stdin)";
    if (fk_read_file(it->path, &text, &len) != 0) {
        char *msg = fk_xasprintf("cannot read: %s", strerror(errno));
        add_err(it, "fakty: %s: error: %s\n", shown, msg);
        it->out = format_error(c, NULL, shown, 0, msg, it->seq);
        it->failed = 1;
        free(msg);
        return;
    }
    it->bytes = len;
    if (looks_binary(text, len)) {
        const char *msg = "binary file (NUL or control bytes); skipped";
        add_err(it, "fakty: %s: error: %s\n", shown, msg);
        it->out = format_error(c, NULL, shown, 0, msg, it->seq);
        it->failed = 1;
        free(text);
        return;
    }
    fakty_doc_info info = {NULL, shown, c->date};
    fk_doc *d = fakty_extract(b->eng, text, len, &info);
    free(text);
    warn_doc(it, shown, d);
    it->out = format_doc(c, d, NULL, it->seq);
    fakty_result_free(d);
}

static void process_record(batch *b, item *it)
{
    const cli *c = b->c;
    char where[512];
    snprintf(where, sizeof where, "%s:%zu", strcmp(it->path, "-") ? it->path : "(stdin)", it->lineno);
    it->bytes = it->line_len;
    const char *endp = NULL;
    cJSON *rec = cJSON_ParseWithLengthOpts(it->line, it->line_len, &endp, 0);
    const char *problem = NULL;
    char buf[160];
    size_t col = 0;
    if (!rec) {
        const char *ep = cJSON_GetErrorPtr();
        col = ep && ep >= it->line && ep <= it->line + it->line_len ? fk_utf8_count(it->line, (size_t)(ep - it->line)) + 1 : 1;
        snprintf(buf, sizeof buf, "invalid JSON at column %zu", col);
        problem = it->line_len ? buf : "empty line (expected a JSON object)";
    } else if (endp) {
        /* ParseWithLengthOpts stops at the end of the value: the rest must be blank */
        for (const char *p = endp; p < it->line + it->line_len; p++)
            if (*p != ' ' && *p != '\t' && *p != '\r') {
                snprintf(buf, sizeof buf, "invalid JSON at column %zu: text after the record",
                         fk_utf8_count(it->line, (size_t)(p - it->line)) + 1);
                problem = buf;
                break;
            }
    }
    cJSON *jid = NULL, *jtext = NULL, *jdate = NULL;
    char idbuf[64];
    const char *id = NULL;
    if (!problem && !cJSON_IsObject(rec)) problem = "record is not a JSON object";
    if (!problem) {
        jid = cJSON_GetObjectItemCaseSensitive(rec, "id");
        jtext = cJSON_GetObjectItemCaseSensitive(rec, "text");
        jdate = cJSON_GetObjectItemCaseSensitive(rec, "date");
        if (cJSON_IsString(jid)) id = jid->valuestring;
        else if (cJSON_IsNumber(jid)) {
            snprintf(idbuf, sizeof idbuf, "%.17g", jid->valuedouble);
            id = idbuf;
        } else if (jid && !cJSON_IsNull(jid)) problem = "\"id\" must be a string or a number";
        if (!problem && !cJSON_IsString(jtext)) problem = jtext ? "\"text\" must be a string" : "record has no \"text\"";
        if (!problem && jdate && !cJSON_IsString(jdate) && !cJSON_IsNull(jdate)) problem = "\"date\" must be a string";
    }
    if (problem) {
        add_err(it, "fakty: %s: error: %s\n", where, problem);
        if (c->counters) add_err(it, "reporter:counter:fakty,bad_records,1\n");
        it->out = format_error(c, id, strcmp(it->path, "-") ? it->path : NULL, it->lineno, problem, it->seq);
        it->failed = 1;
        cJSON_Delete(rec);
        return;
    }
    char datebuf[11] = "";
    const char *date = c->date;
    if (!date && cJSON_IsString(jdate) && strlen(jdate->valuestring) >= 10) {
        memcpy(datebuf, jdate->valuestring, 10); /* "2022-01-10T12:00:00Z" -> the date part */
        date = datebuf;
    } else if (!date && cJSON_IsString(jdate) && *jdate->valuestring) {
        date = jdate->valuestring; /* reported as invalid by the library */
    }
    /* other fields -> doc.meta */
    cJSON *meta = cJSON_CreateObject();
    for (cJSON *f = rec->child; f;) {
        cJSON *next = f->next;
        if (f->string && strcmp(f->string, "id") && strcmp(f->string, "text") && strcmp(f->string, "date"))
            cJSON_AddItemToObject(meta, f->string, cJSON_DetachItemViaPointer(rec, f));
        f = next;
    }
    if (!meta->child) {
        cJSON_Delete(meta);
        meta = NULL;
    }
    const char *text = jtext->valuestring;
    fakty_doc_info info = {id, strcmp(it->path, "-") ? it->path : NULL, date};
    fk_doc *d = fakty_extract(b->eng, text, strlen(text), &info);
    warn_doc(it, where, d);
    it->out = format_doc(c, d, meta, it->seq);
    fakty_result_free(d);
    cJSON_Delete(rec);
}

/* ---- threads ------------------------------------------------------------ */

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->mu);
        while (b->claimed == b->produced && !b->eof) pthread_cond_wait(&b->cv_work, &b->mu);
        if (b->claimed == b->produced && b->eof) {
            pthread_mutex_unlock(&b->mu);
            return NULL;
        }
        item *it = b->ring[b->claimed % b->window];
        b->claimed++;
        pthread_mutex_unlock(&b->mu);

        if (it->line || it->lineno) process_record(b, it);
        else process_file(b, it);

        pthread_mutex_lock(&b->mu);
        it->done = 1;
        /* the writer only ever waits for the next item in order */
        if (b->writer_waiting && it->seq == b->written) pthread_cond_signal(&b->cv_done);
        pthread_mutex_unlock(&b->mu);
    }
}

static double since(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void show_progress(batch *b, int final)
{
    if (!b->c->progress) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!final && since(&b->last_progress, &now) < 0.5) return;
    if (!final && since(&b->t0, &now) < 1.0) return; /* small batches stay quiet */
    b->last_progress = now;
    double secs = since(&b->t0, &now);
    fprintf(stderr, "\rfakty: %zu documents, %.1f MB, %.1f MB/s%s", b->written,
            (double)b->bytes / 1e6, secs > 0 ? (double)b->bytes / 1e6 / secs : 0.0,
            final ? "\n" : "   ");
    b->progress_shown = 1;
}

/* Print one finished item (in input order) and count it. */
static void write_item(batch *b, item *it)
{
    if (it->err) {
        if (b->progress_shown) fputs("\r\033[K", stderr);
        fputs(it->err, stderr);
    }
    if (it->out) fputs(it->out, stdout);
    if (b->c->jsonl) fflush(stdout);
    if (it->failed) {
        b->failed++;
        if (it->lineno) b->bad_records++;
    }
    b->bytes += it->bytes;
}

static void *writer(void *arg)
{
    batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->mu);
        while (!(b->written < b->produced && b->ring[b->written % b->window]->done) &&
               !(b->eof && b->written == b->produced)) {
            b->writer_waiting = 1;
            pthread_cond_wait(&b->cv_done, &b->mu);
            b->writer_waiting = 0;
        }
        if (b->eof && b->written == b->produced) {
            pthread_mutex_unlock(&b->mu);
            return NULL;
        }
        item *it = b->ring[b->written % b->window];
        pthread_mutex_unlock(&b->mu);

        write_item(b, it);

        pthread_mutex_lock(&b->mu);
        b->ring[b->written % b->window] = NULL;
        b->written++;
        /* a waiting producer is woken when half the window is free, so it
         * reads several documents per wake-up */
        if (b->producer_waiting && b->produced - b->written <= b->window / 2) pthread_cond_signal(&b->cv_space);
        pthread_mutex_unlock(&b->mu);
        item_free(it);
        show_progress(b, 0);
    }
}

static void emit(batch *b, item *it)
{
    if (b->inline_mode) { /* --jobs 1: read, extract and print in this thread */
        it->seq = b->produced++;
        if (it->line || it->lineno) process_record(b, it);
        else process_file(b, it);
        write_item(b, it);
        b->written++;
        item_free(it);
        show_progress(b, 0);
        return;
    }
    pthread_mutex_lock(&b->mu);
    while (b->produced - b->written >= b->window) {
        b->producer_waiting = 1;
        pthread_cond_wait(&b->cv_space, &b->mu);
        b->producer_waiting = 0;
    }
    it->seq = b->produced;
    b->ring[b->produced % b->window] = it;
    b->produced++;
    pthread_cond_signal(&b->cv_work);
    pthread_mutex_unlock(&b->mu);
}

/* ---- input enumeration ------------------------------------------------------ */


static int has_ext(const char *name, const char *const *exts)
{
    const char *dot = strrchr(name, '.');
    if (!dot) return 0;
    for (; *exts; exts++)
        if (!strcmp(dot + 1, *exts)) return 1;
    return 0;
}

static void emit_jsonl_file(batch *b, const char *path);

static void emit_path(batch *b, const char *path, int top);
static void emit_file(batch *b, const char *path);

/* Directory entries in name order (the first byte is their kind). */
static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

static void walk_dir(batch *b, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "fakty: %s: error: cannot open directory: %s\n", dir, strerror(errno));
        b->walk_failed++;
        return;
    }
    /* names with their type (the name's first byte; directory entries say
     * what they are, so a plain file or folder needs no stat) */
    FK_VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') {
            char kind = de->d_type == DT_REG ? 'f' : de->d_type == DT_DIR ? 'd' : '?';
            fk_vec_push(names, fk_xasprintf("%c%s", kind, de->d_name));
        }
    closedir(d);
    if (names.n) qsort(names.v, names.n, sizeof *names.v, cmp_name);
    size_t dl = strlen(dir);
    for (size_t i = 0; i < names.n; i++) {
        char *p = fk_xasprintf("%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", names.v[i] + 1);
        if (names.v[i][0] == 'd') walk_dir(b, p);
        else if (names.v[i][0] == 'f') emit_file(b, p);
        else emit_path(b, p, 0); /* a link or an unknown type: stat says */
        free(p);
        free(names.v[i]);
    }
    fk_vec_free(names);
}

/* A file's documents: its records, or the file as one article. */
static void emit_doc(batch *b, const char *path)
{
    if (b->c->jsonl) {
        emit_jsonl_file(b, path);
        return;
    }
    item *it = fk_xcalloc(1, sizeof *it);
    it->path = fk_xstrdup(path);
    emit(b, it);
}

/* A plain file inside a directory: only article files. */
static void emit_file(batch *b, const char *path)
{
    static const char *const text_exts[] = {"txt", "text", NULL};
    static const char *const jsonl_exts[] = {"jsonl", "ndjson", NULL};
    if (has_ext(path, b->c->jsonl ? jsonl_exts : text_exts)) emit_doc(b, path);
}

static void emit_path(batch *b, const char *path, int top)
{
    struct stat st;
    int have = strcmp(path, "-") != 0 && stat(path, &st) == 0;
    if (have && S_ISDIR(st.st_mode)) walk_dir(b, path);
    else if (top) emit_doc(b, path); /* named on the command line: read it whatever its name */
    else if (have && S_ISREG(st.st_mode)) emit_file(b, path); /* links to files are followed */
}

static void emit_jsonl_file(batch *b, const char *path)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        /* the file as a whole failed: one error record, no line to align with */
        item *it = fk_xcalloc(1, sizeof *it);
        it->path = fk_xstrdup(path);
        emit(b, it); /* process_file reports "cannot read" */
        return;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n') len--;
        if (len && line[len - 1] == '\r') len--;
        item *it = fk_xcalloc(1, sizeof *it);
        it->path = fk_xstrdup(path);
        it->line = fk_xstrndup(line, len);
        it->line_len = len;
        it->lineno = lineno;
        emit(b, it);
    }
    if (ferror(f)) {
        fprintf(stderr, "fakty: %s: error: read failed after line %zu: %s\n", path, lineno, strerror(errno));
        b->walk_failed++;
    }
    free(line);
    if (f != stdin) fclose(f);
}

/* ---- usage -------------------------------------------------------------- */

static void usage(FILE *o)
{
    fputs("usage: fakty [OPTIONS] [FILE|DIR|-]...\n"
          "       fakty check [OPTIONS] [DIR]\n"
          "       fakty events [OPTIONS] [FILE|-]...   (fakty events --help)\n"
          "\n"
          "Reads news articles and writes their facts as JSON Lines (schema fakty/1).\n"
          "With no FILE, or with -, reads standard input. Directories are walked\n"
          "recursively for *.txt files (*.jsonl with --input jsonl).\n"
          "\n"
          "  -f, --format FMT     json (default), csv, tsv or html\n"
          "  -p, --pretty         indent the JSON output\n"
          "  -i, --input KIND     text (default) or jsonl: one {\"id\",\"text\",\"date\"} record\n"
          "                       a line, one output line per input line\n"
          "  -d, --date DATE      document date YYYY-MM-DD (anchors \"wczoraj\" etc.)\n"
          "  -r, --rules DIR      add or replace rule files (repeatable)\n"
          "  -g, --gazetteer FILE add a gazetteer table (repeatable)\n"
          "      --data DIR       directory with the built-in rules/ and gazetteers/\n"
          "      --no-builtin     load only --rules and --gazetteer data\n"
          "  -e, --explain        show the rule and gazetteer entry behind each result\n"
          "  -j, --jobs N         parallel workers (default: all cores)\n"
          "      --lenient        bad JSONL records (error objects) do not make the exit status 1\n"
          "      --counters       write Hadoop Streaming counters (reporter:counter:...) to stderr\n"
          "      --progress       show progress on stderr (default: when it is a terminal)\n"
          "      --no-progress    never show progress\n"
          "  -h, --help           this help\n"
          "  -V, --version        print the version\n"
          "\n"
          "Exit status: 0 all documents processed, 1 some failed (the others are still\n"
          "written), 2 usage or configuration error (nothing processed).\n",
          o);
}

static int print_diags(const fakty_diags *dg, FILE *o)
{
    for (size_t i = 0; i < fakty_diags_count(dg); i++) {
        const fakty_diag *x = fakty_diags_get(dg, i);
        if (x->file && x->line) fprintf(o, "%s:%u:%u: ", x->file, x->line, x->column ? x->column : 1);
        else if (x->file) fprintf(o, "%s: ", x->file);
        fprintf(o, "%s: %s\n", x->is_error ? "error" : "warning", x->message);
    }
    return (int)fakty_diags_errors(dg);
}

/* ---- main --------------------------------------------------------------- */

static int cli_main(int argc, char **argv, cli *cp)
{
    cli c = *cp;
    c.progress = -1;
    int check = 0;
    if (argc > 1 && !strcmp(argv[1], "check")) {
        check = 1;
        argv++;
        argc--;
    }
    enum { O_DATA = 256, O_NOBUILTIN, O_LENIENT, O_PROGRESS, O_NOPROGRESS, O_COUNTERS };
    static const struct option longopts[] = {
        {"format", required_argument, 0, 'f'},  {"pretty", no_argument, 0, 'p'},
        {"input", required_argument, 0, 'i'},   {"date", required_argument, 0, 'd'},
        {"rules", required_argument, 0, 'r'},   {"gazetteer", required_argument, 0, 'g'},
        {"data", required_argument, 0, O_DATA}, {"no-builtin", no_argument, 0, O_NOBUILTIN},
        {"explain", no_argument, 0, 'e'},       {"jobs", required_argument, 0, 'j'},
        {"lenient", no_argument, 0, O_LENIENT}, {"progress", no_argument, 0, O_PROGRESS},
        {"no-progress", no_argument, 0, O_NOPROGRESS}, {"counters", no_argument, 0, O_COUNTERS},
        {"help", no_argument, 0, 'h'},          {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    int o;
    while ((o = getopt_long(argc, argv, "f:pi:d:r:g:ej:hV", longopts, NULL)) != -1) {
        switch (o) {
        case 'f':
            if (!strcmp(optarg, "json") || !strcmp(optarg, "jsonl")) c.format = FMT_JSON;
            else if (!strcmp(optarg, "csv")) c.format = FMT_CSV;
            else if (!strcmp(optarg, "tsv")) c.format = FMT_TSV;
            else if (!strcmp(optarg, "html")) c.format = FMT_HTML;
            else {
                fprintf(stderr, "fakty: unknown format \"%s\" (json, csv, tsv, html)\n", optarg);
                return 2;
            }
            break;
        case 'p': c.pretty = 1; break;
        case 'i':
            if (!strcmp(optarg, "jsonl")) c.jsonl = 1;
            else if (!strcmp(optarg, "text")) c.jsonl = 0;
            else {
                fprintf(stderr, "fakty: unknown input kind \"%s\" (text, jsonl)\n", optarg);
                return 2;
            }
            break;
        case 'd': {
            int y, m, d;
            if (!fk_parse_iso_date(optarg, &y, &m, &d) || strlen(optarg) != 10) {
                fprintf(stderr, "fakty: --date: \"%s\" is not a valid date (YYYY-MM-DD)\n", optarg);
                return 2;
            }
            c.date = optarg;
            break;
        }
        case 'r': fk_vec_push(c.rule_dirs, optarg); cp->rule_dirs = c.rule_dirs; break;
        case 'g': fk_vec_push(c.gazetteers, optarg); cp->gazetteers = c.gazetteers; break;
        case O_DATA: c.eo.data_dir = optarg; break;
        case O_NOBUILTIN: c.eo.no_builtin = 1; break;
        case 'e': c.explain = 1; break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 1024) {
                fprintf(stderr, "fakty: --jobs: expected a number from 1 to 1024, got \"%s\"\n", optarg);
                return 2;
            }
            c.jobs = (unsigned)n;
            break;
        }
        case O_LENIENT: c.lenient = 1; break;
        case O_PROGRESS: c.progress = 1; break;
        case O_NOPROGRESS: c.progress = 0; break;
        case O_COUNTERS: c.counters = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("fakty %s\n", fakty_version()); return 0;
        default: usage(stderr); return 2;
        }
    }
    c.eo.rule_dirs = c.rule_dirs.v;
    c.eo.n_rule_dirs = c.rule_dirs.n;
    c.eo.gazetteers = c.gazetteers.v;
    c.eo.n_gazetteers = c.gazetteers.n;

    if (check) {
        if (argc - optind > 1) {
            fprintf(stderr, "fakty check: at most one DIR\n");
            return 2;
        }
        const char *extra[1];
        if (optind < argc) {
            /* DIR is a data directory (with rules/<lang>) or a rules directory */
            char *probe = fk_xasprintf("%s/rules/%s", argv[optind], c.eo.lang ? c.eo.lang : "pl");
            struct stat st;
            if (stat(argv[optind], &st) != 0 || !S_ISDIR(st.st_mode)) {
                fprintf(stderr, "fakty check: %s: not a directory\n", argv[optind]);
                free(probe);
                return 2;
            }
            if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode)) c.eo.data_dir = argv[optind];
            else {
                fk_vec_push(c.rule_dirs, argv[optind]);
                cp->rule_dirs = c.rule_dirs;
                c.eo.rule_dirs = c.rule_dirs.v;
                c.eo.n_rule_dirs = c.rule_dirs.n;
            }
            free(probe);
            FK_UNUSED(extra);
        }
        fakty_diags *dg = fakty_check(&c.eo);
        int errs = print_diags(dg, stdout);
        size_t warns = fakty_diags_count(dg) - (size_t)errs;
        fprintf(stderr, "fakty check: %d error%s, %zu warning%s\n", errs, errs == 1 ? "" : "s", warns,
                warns == 1 ? "" : "s");
        fakty_diags_free(dg);
        return errs ? 1 : 0;
    }

    fakty_diags *dg = NULL;
    fakty_engine *eng = fakty_engine_new(&c.eo, &dg);
    if (!eng) {
        print_diags(dg, stderr);
        fprintf(stderr, "fakty: cannot load the rules and gazetteers (run `fakty check` for details)\n");
        fakty_diags_free(dg);
        return 2;
    }
    /* warnings from loading are shown once */
    print_diags(dg, stderr);
    fakty_diags_free(dg);

    if (!c.jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        c.jobs = n > 0 ? (unsigned)n : 1;
    }
    if (c.progress < 0) c.progress = isatty(2);

    batch b = {0};
    b.c = &c;
    b.eng = eng;
    b.window = c.jobs * 4 < 8 ? 8 : c.jobs * 4;
    b.ring = fk_xcalloc(b.window, sizeof *b.ring);
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv_work, NULL);
    pthread_cond_init(&b.cv_done, NULL);
    pthread_cond_init(&b.cv_space, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b.t0);
    b.last_progress = b.t0;

    /* output goes out in large writes, except to a terminal and as a JSON
     * Lines mapper (a line out for each line in, flushed) */
    static char outbuf[1 << 20]; /* (glibc takes no size without a buffer) */
    if (!c.jsonl && !isatty(1)) setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    if (c.format == FMT_CSV || c.format == FMT_TSV) fputs(fk_table_header(c.format == FMT_CSV ? ',' : '\t'), stdout);
    if (c.format == FMT_HTML) {
        char *h = fk_html_head();
        fputs(h, stdout);
        free(h);
    }

    /* one job: everything in this thread (no hand-offs between threads);
     * more: a producer (this thread), c.jobs workers and a writer */
    b.inline_mode = c.jobs == 1;
    unsigned nthreads = b.inline_mode ? 0 : c.jobs;
    pthread_t *workers = fk_xcalloc(c.jobs, sizeof *workers);
    pthread_t wr;
    for (unsigned i = 0; i < nthreads; i++) pthread_create(&workers[i], NULL, worker, &b);
    if (!b.inline_mode) pthread_create(&wr, NULL, writer, &b);

    if (optind >= argc) emit_path(&b, "-", 1);
    for (int i = optind; i < argc; i++) emit_path(&b, argv[i], 1);

    if (!b.inline_mode) {
        pthread_mutex_lock(&b.mu);
        b.eof = 1;
        pthread_cond_broadcast(&b.cv_work);
        pthread_cond_broadcast(&b.cv_done);
        pthread_mutex_unlock(&b.mu);
        for (unsigned i = 0; i < nthreads; i++) pthread_join(workers[i], NULL);
        pthread_join(wr, NULL);
    }

    if (c.format == FMT_HTML) {
        char *t = fk_html_tail(b.written);
        fputs(t, stdout);
        free(t);
    }
    if (b.progress_shown) show_progress(&b, 1);
    int rc = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "fakty: error writing the output: %s\n", strerror(errno));
        rc = 1;
    }
    if (b.walk_failed || b.failed > (c.lenient ? b.bad_records : 0)) rc = 1;

    free(workers);
    free(b.ring);
    fakty_engine_free(eng);
    return rc;
}

/* The engine's tables take tens of MB, built at start-up with as many page
 * faults and TLB misses as 4 KB pages: the heap grows in large steps and
 * asks for transparent huge pages (Linux; as glibc.malloc.hugetlb=1 does,
 * measured 200 -> 133 ms per start-up). Elsewhere, or when the kernel
 * says no, nothing changes. */
static void heap_huge_pages(void)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE) && defined(M_TOP_PAD)
    /* not under an address-space limit (ulimit -v): the steps reserve
     * ~60 MB more of it than the tables use */
    struct rlimit as;
    if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) return;
    mallopt(M_MMAP_THRESHOLD, 32 << 20); /* big blocks from the heap too */
    mallopt(M_TOP_PAD, 64 << 20);        /* the heap grows 64 MB at a time */
    mallopt(M_TRIM_THRESHOLD, 128 << 20); /* and is not given back at once */
    void *p = malloc(1 << 20);           /* grows the heap by it and the pad */
    uintptr_t lo = ((uintptr_t)p + (2u << 20) - 1) & ~(uintptr_t)((2u << 20) - 1);
    uintptr_t hi = (uintptr_t)sbrk(0) & ~(uintptr_t)((2u << 20) - 1);
    if (hi > lo) madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    free(p);
#endif
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "events")) return fk_events_main(argc - 1, argv + 1);
    heap_huge_pages();
    cli c = {0};
    int rc = cli_main(argc, argv, &c);
    /* every early return in cli_main leaves the option vectors here */
    fk_vec_free(c.rule_dirs);
    fk_vec_free(c.gazetteers);
    return rc;
}
