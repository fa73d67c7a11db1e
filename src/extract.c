/* Document lifecycle and the extraction pipeline. */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

const char *const fk_qualifier_names[] = {"exact",     "more_than", "at_least", "less_than",
                                          "at_most",   "about",     "range",    "vague"};
const char *const fk_date_kind_names[] = {"date", "time", "duration", "set"};

/* The code-point index has an entry every CP_BLOCK bytes: fk_doc_cp counts
 * at most CP_BLOCK - 1 bytes after it (output asks for every offset). */
#define CP_BLOCK FK_CP_BLOCK
/* repaired text may grow up to 3x (U+FFFD per bad byte); keep offsets in 32 bits */
#define FK_MAX_DOC_BYTES ((size_t)1 << 30)

void fk_doc_index(fk_doc *d)
{
    size_t nb = d->len / CP_BLOCK + 1;
    free(d->cp_index);
    d->cp_index = fk_xmalloc(nb * sizeof *d->cp_index);
    uint32_t c = 0;
    size_t full = d->len / CP_BLOCK;
    for (size_t b = 0; b < full; b++) {
        d->cp_index[b] = c;
        c += (uint32_t)fk_utf8_count(d->text + b * CP_BLOCK, CP_BLOCK);
    }
    d->cp_index[full] = c;
}

uint32_t fk_doc_cp(const fk_doc *d, uint32_t off)
{
    if (off > d->len) off = (uint32_t)d->len;
    size_t b = off / CP_BLOCK;
    return d->cp_index[b] + (uint32_t)fk_utf8_count(d->text + b * CP_BLOCK, off - b * CP_BLOCK);
}

void fk_doc_warn(fk_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = fk_arena_vprintf(&d->arena, fmt, ap);
    va_end(ap);
    fk_vec_push(d->warnings, p);
}

size_t fk_doc_tok_at(const fk_doc *d, uint32_t off)
{
    size_t lo = 0, hi = d->toks.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->toks.v[mid].start < off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Line and column (1-based, code points) of byte offset `off` in s. */
static void line_col(const char *s, size_t off, size_t *line, size_t *col)
{
    size_t l = 1, ls = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') l++, ls = i + 1;
    *line = l;
    *col = fk_utf8_count(s + ls, off - ls) + 1;
}

/* Copy text into the document, replacing every invalid UTF-8 byte and every
 * NUL by U+FFFD (one replacement character per bad byte, so code-point
 * offsets stay aligned with the bytes a user sees as characters). */
static void doc_set_text(fk_doc *d, const char *text, size_t len)
{
    size_t bad = fk_utf8_check(text, len, 1);
    if (bad == (size_t)-1) {
        d->text = fk_xstrndup(text, len);
        d->len = len;
        return;
    }
    size_t first = bad, nbad = 0, nnul = 0;
    char *out = fk_xmalloc(len * 3 + 1);
    size_t o = 0, i = 0;
    while (i < len) {
        size_t next = fk_utf8_check(text + i, len - i, 1);
        size_t good = next == (size_t)-1 ? len - i : next;
        memcpy(out + o, text + i, good);
        o += good;
        i += good;
        if (i < len) {
            if (text[i] == 0) nnul++;
            else nbad++;
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = 0;
    d->text = fk_xrealloc(out, o + 1);
    d->len = o;
    size_t line, col;
    line_col(text, first, &line, &col);
    if (nbad)
        fk_doc_warn(d, "invalid UTF-8: %zu byte%s replaced by U+FFFD (first at line %zu, column %zu)",
                    nbad, nbad == 1 ? "" : "s", line, col);
    if (nnul)
        fk_doc_warn(d, "NUL byte%s: %zu replaced by U+FFFD%s", nnul == 1 ? "" : "s", nnul,
                    nbad ? "" : " (the input may be a binary file)");
}

static int parse_date(const char *s, int *y, int *m, int *dd)
{
    if (!s || strlen(s) < 10) return 0;
    int yy, mm, ddd;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &yy, &mm, &ddd, &tail) < 3) return 0;
    if (s[4] != '-' || s[7] != '-') return 0;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (yy < 1 || mm < 1 || mm > 12 || ddd < 1 || ddd > mdays[mm - 1]) return 0;
    int leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
    if (mm == 2 && ddd == 29 && !leap) return 0;
    *y = yy, *m = mm, *dd = ddd;
    return 1;
}

int fk_parse_iso_date(const char *s, int *y, int *m, int *d) { return parse_date(s, y, m, d); }

static void run_pipeline(const fk_engine *e, fk_doc *d)
{
    fk_tokenize(e, d);
    fk_segment(e, d);
    fk_dat_run(e, d);
    fk_num_run(e, d);
    fk_gaz_run(e, d);
    fk_facts_run(e, d);
}

/* Documents larger than this are processed in chunks cut at line or
 * sentence ends, so token memory is bounded by the chunk, not the document.
 * Cross-chunk context (the article's main place, surname links) is lost
 * for such documents, which are rarely real articles. */
#define FK_CHUNK_BYTES (4u << 20)

static const char *copy_str(fk_doc *d, const char *s)
{
    return s ? fk_arena_strdup(&d->arena, s) : NULL;
}

/* Where to cut text[0..n) near `limit`: after a line break, else after a
 * sentence end, else at white space, else at a character boundary. */
static size_t chunk_cut(const char *t, size_t n, size_t limit)
{
    if (n <= limit) return n;
    size_t lo = limit > (256u << 10) ? limit - (256u << 10) : 0;
    for (size_t i = limit; i > lo; i--)
        if (t[i - 1] == '\n') return i;
    for (size_t i = limit; i > lo + 1; i--)
        if ((t[i - 2] == '.' || t[i - 2] == '!' || t[i - 2] == '?') && t[i - 1] == ' ') return i;
    for (size_t i = limit; i > lo; i--)
        if (t[i - 1] == ' ' || t[i - 1] == '\t') return i;
    size_t i = limit;
    while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80) i--;
    return i ? i : limit;
}

static void merge_chunk(fk_doc *d, fk_doc *c, uint32_t base)
{
    uint32_t sb = (uint32_t)d->sents.n, eb = (uint32_t)d->ents.n, qb = (uint32_t)d->qtys.n,
             db = (uint32_t)d->dates.n;
    for (size_t i = 0; i < c->sents.n; i++) {
        fk_sentence s = c->sents.v[i];
        s.start += base, s.end += base, s.tok0 = s.tok1 = 0;
        fk_vec_push(d->sents, s);
    }
    for (size_t i = 0; i < c->ents.n; i++) {
        fk_entity x = c->ents.v[i];
        x.start += base, x.end += base, x.tok0 = x.tok1 = 0, x.sentence += sb;
        x.subtype = copy_str(d, x.subtype), x.name = copy_str(d, x.name), x.ref = copy_str(d, x.ref);
        x.rule = copy_str(d, x.rule), x.form = copy_str(d, x.form);
        fk_vec_push(d->ents, x);
    }
    for (size_t i = 0; i < c->qtys.n; i++) {
        fk_quantity x = c->qtys.v[i];
        x.start += base, x.end += base, x.tok0 = x.tok1 = 0, x.sentence += sb;
        x.unit = copy_str(d, x.unit), x.rule = copy_str(d, x.rule);
        fk_vec_push(d->qtys, x);
    }
    for (size_t i = 0; i < c->dates.n; i++) {
        fk_date x = c->dates.v[i];
        x.start += base, x.end += base, x.tok0 = x.tok1 = 0, x.sentence += sb;
        x.rule = copy_str(d, x.rule);
        fk_vec_push(d->dates, x);
    }
    for (size_t i = 0; i < c->facts.n; i++) {
        fk_fact f = c->facts.v[i];
        f.count.start += base, f.count.end += base;
        if (f.count.qty >= 0) f.count.qty += (int)qb;
        if (f.who_end) f.who_start += base, f.who_end += base;
        if (f.source_end) f.source_start += base, f.source_end += base;
        if (f.where_ent >= 0) f.where_ent += (int)eb;
        if (f.source_ent >= 0) f.source_ent += (int)eb;
        if (f.when_date >= 0) f.when_date += (int)db;
        f.sentence += sb;
        f.type = copy_str(d, f.type), f.who_category = copy_str(d, f.who_category);
        f.source_name = copy_str(d, f.source_name), f.rule = copy_str(d, f.rule);
        f.explain = copy_str(d, f.explain);
        f.match_start += base, f.match_end += base;
        fk_vec_push(d->facts, f);
    }
    /* a warning repeated by every chunk is said once */
    for (size_t i = 0; i < c->warnings.n; i++) {
        size_t j;
        for (j = 0; j < d->warnings.n && strcmp(d->warnings.v[j], c->warnings.v[i]); j++) {}
        if (j == d->warnings.n) fk_vec_push(d->warnings, (char *)copy_str(d, c->warnings.v[i]));
    }
}

void fk_doc_run(const fk_engine *e, fk_doc *d)
{
    if (d->len <= FK_CHUNK_BYTES) {
        run_pipeline(e, d);
        return;
    }
    fk_doc_warn(d, "document of %zu bytes processed in chunks of %u MiB: the main place and "
                   "name links do not cross chunk borders", d->len, FK_CHUNK_BYTES >> 20);
    size_t off = 0;
    while (off < d->len) {
        size_t n = chunk_cut(d->text + off, d->len - off, FK_CHUNK_BYTES);
        fk_doc *c = fk_xcalloc(1, sizeof *c);
        c->eng = e;
        fk_arena_init(&c->arena, 16 * 1024);
        c->text = fk_xstrndup(d->text + off, n);
        c->len = n;
        c->has_date = d->has_date, c->year = d->year, c->month = d->month, c->day = d->day;
        run_pipeline(e, c);
        merge_chunk(d, c, (uint32_t)off);
        fk_doc_free(c);
        off += n;
    }
}

fk_doc *fk_doc_new(const fk_engine *e, const char *text, size_t len, const fakty_doc_info *info)
{
    fk_doc *d = fk_xcalloc(1, sizeof *d);
    d->eng = e;
    fk_arena_init(&d->arena, 16 * 1024);
    doc_set_text(d, text, len);
    if (info) {
        if (info->id) d->id = fk_xstrdup(info->id);
        if (info->path) d->path = fk_xstrdup(info->path);
        if (info->date) {
            d->has_date = parse_date(info->date, &d->year, &d->month, &d->day);
            if (!d->has_date)
                fk_doc_warn(d, "document date \"%.40s\" is not a valid YYYY-MM-DD date; ignored",
                            info->date);
        }
    }
    return d;
}

void fk_doc_free(fk_doc *d)
{
    if (!d) return;
    free(d->text);
    free(d->id);
    free(d->path);
    fk_vec_free(d->toks);
    fk_vec_free(d->sents);
    fk_vec_free(d->ents);
    fk_vec_free(d->qtys);
    fk_vec_free(d->dates);
    fk_vec_free(d->facts);
    fk_vec_free(d->warnings);
    free(d->folds);
    free(d->cp_index);
    fk_arena_free(&d->arena);
    free(d);
}

fakty_result *fakty_extract(const fakty_engine *e, const char *text, size_t len,
                            const fakty_doc_info *info)
{
    /* offsets are 32-bit: a larger input is cut (and says so) */
    size_t cut = 0;
    if (text && len > FK_MAX_DOC_BYTES) {
        cut = len;
        len = FK_MAX_DOC_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) len--;
    }
    fk_doc *d = fk_doc_new(e, text ? text : "", text ? len : 0, info);
    if (cut) fk_doc_warn(d, "document of %zu bytes cut to its first %zu bytes (the limit)", cut, len);
    fk_doc_run(e, d);
    fk_doc_index(d);
    return d;
}

void fakty_result_free(fakty_result *r) { fk_doc_free(r); }

size_t fakty_result_entities(const fakty_result *r) { return r->ents.n; }
size_t fakty_result_quantities(const fakty_result *r) { return r->qtys.n; }
size_t fakty_result_dates(const fakty_result *r) { return r->dates.n; }
size_t fakty_result_facts(const fakty_result *r) { return r->facts.n; }
size_t fakty_result_warnings(const fakty_result *r) { return r->warnings.n; }
