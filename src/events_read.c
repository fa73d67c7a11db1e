/* Reading fakty/1 documents for fakty events: one JSON Lines record (schema
 * docs/schema/fakty-1.schema.json) becomes one report per fact.
 *
 * What a report keeps of the document: doc.id, doc.path, doc.line,
 * doc.date (the report's day), doc.lang (which vocabularies and place names
 * apply). Of the fact: everything events show (count, who, where, when,
 * source, evidence, rule) and the links inside the document: `same_as` (the
 * fact repeats an earlier one) and `part_of` (a "w tym" subset of another
 * fact). One fact mentioned twice (same_as, or the same type, count and
 * who-category with the same place or one place missing: a headline and
 * its sentence) is one report: the mention that says more (a place, a
 * source, a higher rank) stands for both. The source's rank comes from the subtype of the
 * document's entity named as the source (entities[].name == source.name)
 * and the words of source.text (events_vocab.c).
 *
 * A record with an "error" (a document fakty could not process) has no
 * facts and gives no report. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "events.h"

/* ---- days ------------------------------------------------------------- */

/* Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static fk_day days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (fk_day)(era * 146097 + (int)doe - 719468);
}

fk_day fk_day_parse(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return FK_NODAY;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return FK_NODAY;
    int y = atoi(s);
    unsigned m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
    unsigned d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return FK_NODAY;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return FK_NODAY;
    return days_from_civil(y, m, d);
}

void fk_day_format(fk_day z, char buf[11])
{
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = (int)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02u", y % 10000, m, d);
    memcpy(buf, tmp, 10);
    buf[10] = 0;
}

/* ---- JSON helpers ------------------------------------------------------- */

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

static int jnum(const cJSON *o, const char *k, double *out)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(x)) return 0;
    *out = x->valuedouble;
    return 1;
}

static long jlong(const cJSON *o, const char *k, long dflt)
{
    double v;
    return jnum(o, k, &v) && v >= 0 && v < 1e15 ? (long)v : dflt;
}

static const cJSON *jobj(const cJSON *o, const char *k)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsObject(x) ? x : NULL;
}

/* ---- one report in one block --------------------------------------------- */

/* The string fields of a report, in the order they are packed. */
#define REPORT_STRINGS(X)                                                                      \
    X(doc_id) X(doc_path) X(doc_date) X(lang) X(type) X(count.qualifier) X(count.text)          \
    X(who_text) X(who_category) X(place_name) X(place_ref) X(place_text) X(place_from)          \
    X(place_key) X(root) X(when_value) X(when_text) X(source_text) X(source_name)               \
    X(source_key) X(evidence) X(rule)

static fk_evreport *report_pack(const fk_evreport *r)
{
    size_t total = sizeof *r;
#define LEN(f) total += r->f ? strlen(r->f) + 1 : 0;
    REPORT_STRINGS(LEN)
#undef LEN
    char *block = fk_xmalloc(total);
    fk_evreport *p = (fk_evreport *)block;
    *p = *r;
    char *o = block + sizeof *r;
#define COPY(f)                               \
    if (r->f) {                               \
        size_t n = strlen(r->f) + 1;          \
        memcpy(o, r->f, n);                   \
        p->f = o;                             \
        o += n;                               \
    }
    REPORT_STRINGS(COPY)
#undef COPY
    /* the compared category is the fact's category or none */
    p->who = r->who ? p->who_category : NULL;
    return p;
}

/* The subtype of the document's entity called `name`. */
static const char *entity_subtype(const cJSON *ents, const char *name)
{
    if (!name) return NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, ents)
    {
        const char *n = jstr(e, "name");
        if (n && !strcmp(n, name)) return jstr(e, "subtype");
    }
    return NULL;
}

static void read_count(const cJSON *c, fk_evcount *out)
{
    memset(out, 0, sizeof *out);
    if (!c) return;
    out->has_value = (uint8_t)jnum(c, "value", &out->value);
    out->has_min = (uint8_t)jnum(c, "min", &out->min);
    out->has_max = (uint8_t)jnum(c, "max", &out->max);
    out->qualifier = jstr(c, "qualifier");
    out->text = jstr(c, "text");
    out->implied = (uint8_t)cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "implied"));
}

static fk_evreport *read_fact(fk_evctx *cx, const cJSON *f, const fk_evreport *doc, const cJSON *ents,
                              size_t index, char *keybuf, size_t keycap)
{
    fk_evreport r = *doc;
    r.fact = index;
    r.type = jstr(f, "type");
    const cJSON *count = jobj(f, "count");
    if (!r.type || !*r.type || !count) return NULL;
    read_count(count, &r.count);
    if (!r.count.has_value && !r.count.has_min && !r.count.has_max) return NULL;
    r.same_as = jlong(f, "same_as", -1);
    r.part_of = jlong(f, "part_of", -1);

    const cJSON *who = jobj(f, "who");
    r.who_text = who ? jstr(who, "text") : NULL;
    r.who_category = who ? jstr(who, "category") : NULL;
    r.who = fk_evvocab_who(cx->vocab, r.lang, r.who_category, cx->dg);

    const cJSON *where = jobj(f, "where");
    r.place_name = where ? jstr(where, "name") : NULL;
    r.place_ref = where ? jstr(where, "ref") : NULL;
    r.place_text = where ? jstr(where, "text") : NULL;
    r.place_from = where ? jstr(where, "from") : NULL;
    if (r.place_ref && *r.place_ref) r.place_key = r.place_ref;
    else if (r.place_name && *r.place_name) {
        snprintf(keybuf, keycap, "name:%s", r.place_name);
        r.place_key = keybuf;
        r.place_ref = NULL;
    }
    r.root = "";
    if (r.place_key) {
        r.nchain = r.place_ref ? fk_evplaces_chain(cx->places, r.place_ref, r.chain, FK_EVCHAIN) : 0;
        r.root = r.nchain ? r.chain[r.nchain - 1] : r.place_key;
    }

    const cJSON *when = jobj(f, "when");
    r.when_value = when ? jstr(when, "value") : NULL;
    r.when_text = when ? jstr(when, "text") : NULL;

    const cJSON *src = jobj(f, "source");
    r.source_text = src ? jstr(src, "text") : NULL;
    r.source_name = src ? jstr(src, "name") : NULL;
    r.source_key = r.source_name ? r.source_name : r.source_text;
    r.rank = fk_evvocab_rank(cx->vocab, r.lang, entity_subtype(ents, r.source_name), r.source_text,
                             r.source_key != NULL, cx->dg);

    const cJSON *ev = jobj(f, "evidence");
    r.evidence = ev ? jstr(ev, "text") : NULL;
    r.sentence = ev ? jlong(ev, "sentence", -1) : -1;
    r.start = ev ? jlong(ev, "start", -1) : -1;
    r.end = ev ? jlong(ev, "end", -1) : -1;
    r.rule = jstr(f, "rule");
    return report_pack(&r);
}

/* ---- one fact twice ----------------------------------------------------- */

static int count_eq(const fk_evcount *a, const fk_evcount *b)
{
    return a->has_value == b->has_value && a->has_min == b->has_min && a->has_max == b->has_max &&
           (!a->has_value || a->value == b->value) && (!a->has_min || a->min == b->min) &&
           (!a->has_max || a->max == b->max) && !strcmp(a->qualifier ? a->qualifier : "", b->qualifier ? b->qualifier : "");
}

static int str_same(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

/* Is r a repeat of q (the same count of the same people, in the same place
 * or with one place missing)? A headline repeats its article's sentence. */
static int repeats(const fk_evreport *r, const fk_evreport *q)
{
    return r->part_of < 0 && q->part_of < 0 && !strcmp(r->type, q->type) && count_eq(&r->count, &q->count) &&
           str_same(r->who, q->who) && (!r->place_key || !q->place_key || !strcmp(r->place_key, q->place_key));
}

/* Of two mentions of one fact, the one that says more: a place, then a
 * source, then the higher rank, then the first. */
static int says_more(const fk_evreport *r, const fk_evreport *q)
{
    if (!r->place_key != !q->place_key) return r->place_key != NULL;
    if (!r->source_key != !q->source_key) return r->source_key != NULL;
    return r->rank > q->rank;
}

/* Keep r, or merge it with the mention it repeats (same_as, or the same
 * count and people with a compatible place): the mention that says more
 * stays. alias[i] is the fact that stands for fact i. */
static void keep_report(fk_evdoc *d, fk_evreport *r, long *alias)
{
    long first = -1;
    if (r->same_as >= 0 && (size_t)r->same_as < r->fact) first = alias[r->same_as];
    for (size_t k = 0; k < d->reports.n && first < 0; k++)
        if (repeats(r, d->reports.v[k])) first = (long)d->reports.v[k]->fact;
    if (first < 0) {
        alias[r->fact] = (long)r->fact;
        fk_vec_push(d->reports, r);
        return;
    }
    d->skipped_same_as++;
    for (size_t k = 0; k < d->reports.n; k++) {
        fk_evreport *q = d->reports.v[k];
        if ((long)q->fact != first) continue;
        if (says_more(r, q)) {
            for (size_t i = 0; i <= r->fact; i++)
                if (alias[i] == first) alias[i] = (long)r->fact;
            d->reports.v[k] = r;
            free(q);
            return;
        }
        alias[r->fact] = first;
        free(r);
        return;
    }
    alias[r->fact] = (long)r->fact; /* what it repeats was not kept: keep it */
    fk_vec_push(d->reports, r);
}

int fk_evdoc_read(fk_evctx *cx, const char *line, size_t n, size_t seq, fk_evdoc *d)
{
    cJSON *o = cJSON_ParseWithLength(line, n);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        d->error = "not a JSON object";
        return -1;
    }
    const cJSON *doc = jobj(o, "doc");
    const cJSON *facts = cJSON_GetObjectItemCaseSensitive(o, "facts");
    const char *schema = jstr(o, "schema");
    if (!schema || strcmp(schema, "fakty/1") || !doc || !cJSON_IsArray(facts)) {
        cJSON_Delete(o);
        d->error = "not a fakty/1 object (schema, doc and facts)";
        return -1;
    }
    fk_evreport base;
    memset(&base, 0, sizeof base);
    base.doc_id = jstr(doc, "id");
    base.doc_path = jstr(doc, "path");
    base.doc_date = jstr(doc, "date");
    base.lang = jstr(doc, "lang");
    base.doc_line = (size_t)jlong(doc, "line", 0);
    base.seq = seq;
    base.day = fk_day_parse(base.doc_date);
    if (base.day == FK_NODAY) base.doc_date = NULL;
    const cJSON *ents = cJSON_GetObjectItemCaseSensitive(o, "entities");
    size_t nf = (size_t)cJSON_GetArraySize(facts);
    long *alias = fk_xmalloc((nf ? nf : 1) * sizeof *alias);
    for (size_t i = 0; i < nf; i++) alias[i] = -1;
    size_t i = 0;
    const cJSON *f;
    char keybuf[1024];
    cJSON_ArrayForEach(f, facts)
    {
        fk_evreport *r = cJSON_IsObject(f) ? read_fact(cx, f, &base, ents, i, keybuf, sizeof keybuf) : NULL;
        i++;
        if (r) keep_report(d, r, alias);
    }
    /* a subset of a fact that was merged into another belongs to that one */
    for (size_t k = 0; k < d->reports.n; k++) {
        fk_evreport *r = d->reports.v[k];
        if (r->part_of >= 0 && (size_t)r->part_of < nf && alias[r->part_of] >= 0) r->part_of = alias[r->part_of];
    }
    free(alias);
    cJSON_Delete(o);
    return 0;
}

void fk_evdoc_clear(fk_evdoc *d)
{
    for (size_t i = 0; i < d->reports.n; i++) free(d->reports.v[i]);
    fk_vec_free(d->reports);
    d->skipped_same_as = 0;
    d->error = NULL;
}
