/* The `fakty/1` JSON object, written straight into a byte buffer (jsonw.c;
 * the bytes are those cJSON printed when this built a cJSON tree). Offsets
 * are converted from bytes to code points here and nowhere else. */
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "output.h"

/* Code points in t[from..to) (fk_utf8_count: eight bytes at a time). */
static inline uint32_t count_cp(const char *t, size_t from, size_t to)
{
    return (uint32_t)fk_utf8_count(t + from, to - from);
}

/* Byte offsets become code-point offsets many times per document: from
 * the document's index (a count every FK_CP_BLOCK bytes) or, when closer,
 * from the previous answer (a span's end just after its start), counting
 * the bytes in between 8 at a time. */
typedef struct {
    const fk_doc *d;
    uint32_t off, cp;
} cp_cursor;

static uint32_t cp_at(cp_cursor *c, uint32_t off)
{
    const fk_doc *d = c->d;
    if (off > d->len) off = (uint32_t)d->len;
    uint32_t base = off / FK_CP_BLOCK * FK_CP_BLOCK;
    if (c->off <= off && c->off > base) {
        c->cp += count_cp(d->text, c->off, off);
    } else {
        c->cp = d->cp_index[off / FK_CP_BLOCK] + count_cp(d->text, base, off);
    }
    c->off = off;
    return c->cp;
}

static void num_or_null(fk_jw *w, int has, double v)
{
    if (has) fk_jw_num(w, v);
    else fk_jw_null(w);
}

static void slice(fk_jw *w, const fk_doc *d, uint32_t b0, uint32_t b1)
{
    if (b1 < b0) b1 = b0;
    fk_jw_strn(w, d->text + b0, b1 - b0);
}

static void add_span(fk_jw *w, cp_cursor *cp, uint32_t b0, uint32_t b1, uint32_t sentence)
{
    fk_jw_key(w, "start");
    fk_jw_uint(w, cp_at(cp, b0));
    fk_jw_key(w, "end");
    fk_jw_uint(w, cp_at(cp, b1));
    fk_jw_key(w, "sentence");
    fk_jw_uint(w, sentence);
}

static void entity_json(fk_jw *w, cp_cursor *cp, const fk_doc *d, const fk_entity *e, unsigned flags)
{
    fk_jw_obj_open(w);
    fk_jw_key(w, "type");
    if (e->type == FK_PER) fk_jw_lit(w, "PER");
    else if (e->type == FK_LOC) fk_jw_lit(w, "LOC");
    else fk_jw_lit(w, "ORG");
    fk_jw_key(w, "subtype");
    fk_jw_str(w, e->subtype);
    fk_jw_key(w, "name");
    fk_jw_str(w, e->name);
    fk_jw_key(w, "ref");
    fk_jw_str(w, e->ref);
    fk_jw_key(w, "text");
    slice(w, d, e->start, e->end);
    add_span(w, cp, e->start, e->end, e->sentence);
    if (flags & FAKTY_JSON_EXPLAIN) {
        fk_jw_key(w, "explain");
        fk_jw_obj_open(w);
        fk_jw_key(w, "rule");
        fk_jw_str(w, e->rule);
        if (e->form) {
            fk_jw_key(w, "form");
            fk_jw_str(w, e->form);
        }
        fk_jw_key(w, "score");
        fk_jw_num(w, e->score);
        fk_jw_obj_close(w);
    }
    fk_jw_obj_close(w);
}

static void explain_rule(fk_jw *w, const char *rule, unsigned flags)
{
    if (!(flags & FAKTY_JSON_EXPLAIN)) return;
    fk_jw_key(w, "explain");
    fk_jw_obj_open(w);
    fk_jw_key(w, "rule");
    fk_jw_str(w, rule);
    fk_jw_obj_close(w);
}

static void quantity_json(fk_jw *w, cp_cursor *cp, const fk_doc *d, const fk_quantity *q, unsigned flags)
{
    fk_jw_obj_open(w);
    fk_jw_key(w, "text");
    slice(w, d, q->start, q->end);
    fk_jw_key(w, "value");
    num_or_null(w, q->has_value, q->value);
    fk_jw_key(w, "min");
    num_or_null(w, q->has_min, q->min);
    fk_jw_key(w, "max");
    num_or_null(w, q->has_max, q->max);
    fk_jw_key(w, "qualifier");
    fk_jw_str(w, fk_qualifier_names[q->qualifier]);
    if (q->unit) {
        fk_jw_key(w, "unit");
        fk_jw_str(w, q->unit);
    }
    if (q->flags & FK_QF_NOCOUNT) {
        fk_jw_key(w, "count");
        fk_jw_bool(w, 0);
    }
    add_span(w, cp, q->start, q->end, q->sentence);
    explain_rule(w, q->rule, flags);
    fk_jw_obj_close(w);
}

static void date_json(fk_jw *w, cp_cursor *cp, const fk_doc *d, const fk_date *t, unsigned flags)
{
    fk_jw_obj_open(w);
    fk_jw_key(w, "text");
    slice(w, d, t->start, t->end);
    fk_jw_key(w, "value");
    fk_jw_str(w, t->value);
    fk_jw_key(w, "kind");
    fk_jw_str(w, fk_date_kind_names[t->kind]);
    if (t->anchor[0]) {
        fk_jw_key(w, "anchor");
        fk_jw_str(w, t->anchor);
    }
    add_span(w, cp, t->start, t->end, t->sentence);
    explain_rule(w, t->rule, flags);
    fk_jw_obj_close(w);
}

static void fact_json(fk_jw *w, cp_cursor *cp, const fk_doc *d, const fk_fact *f, unsigned flags)
{
    fk_jw_obj_open(w);
    if (f->type) { /* (cJSON_AddStringToObject left a NULL string out) */
        fk_jw_key(w, "type");
        fk_jw_str(w, f->type);
    }
    fk_jw_key(w, "count");
    fk_jw_obj_open(w);
    fk_jw_key(w, "value");
    num_or_null(w, f->count.has_value, f->count.value);
    fk_jw_key(w, "min");
    num_or_null(w, f->count.has_min, f->count.min);
    fk_jw_key(w, "max");
    num_or_null(w, f->count.has_max, f->count.max);
    fk_jw_key(w, "qualifier");
    fk_jw_str(w, fk_qualifier_names[f->count.qualifier]);
    fk_jw_key(w, "text");
    slice(w, d, f->count.start, f->count.end);
    fk_jw_obj_close(w);

    fk_jw_key(w, "who");
    if (f->who_end > f->who_start || f->who_category) {
        fk_jw_obj_open(w);
        fk_jw_key(w, "text");
        if (f->who_end > f->who_start) slice(w, d, f->who_start, f->who_end);
        else fk_jw_null(w);
        fk_jw_key(w, "category");
        fk_jw_str(w, f->who_category);
        fk_jw_obj_close(w);
    } else {
        fk_jw_null(w);
    }

    fk_jw_key(w, "where");
    if (f->where_ent >= 0 && (size_t)f->where_ent < d->ents.n) {
        const fk_entity *e = &d->ents.v[f->where_ent];
        fk_jw_obj_open(w);
        fk_jw_key(w, "name");
        fk_jw_str(w, e->name);
        fk_jw_key(w, "ref");
        fk_jw_str(w, e->ref);
        fk_jw_key(w, "text");
        slice(w, d, e->start, e->end);
        fk_jw_key(w, "from");
        if (f->where_from_doc) fk_jw_lit(w, "document");
        else fk_jw_lit(w, "sentence");
        fk_jw_obj_close(w);
    } else {
        fk_jw_null(w);
    }

    fk_jw_key(w, "when");
    if (f->when_date >= 0 && (size_t)f->when_date < d->dates.n) {
        const fk_date *t = &d->dates.v[f->when_date];
        fk_jw_obj_open(w);
        fk_jw_key(w, "value");
        fk_jw_str(w, t->value);
        fk_jw_key(w, "text");
        slice(w, d, t->start, t->end);
        fk_jw_obj_close(w);
    } else {
        fk_jw_null(w);
    }

    fk_jw_key(w, "source");
    if (f->source_end > f->source_start || f->source_name) {
        fk_jw_obj_open(w);
        fk_jw_key(w, "text");
        if (f->source_end > f->source_start) slice(w, d, f->source_start, f->source_end);
        else fk_jw_null(w);
        const char *name = f->source_name;
        if (!name && f->source_ent >= 0 && (size_t)f->source_ent < d->ents.n)
            name = d->ents.v[f->source_ent].name;
        fk_jw_key(w, "name");
        fk_jw_str(w, name);
        fk_jw_obj_close(w);
    } else {
        fk_jw_null(w);
    }

    fk_jw_key(w, "evidence");
    fk_jw_obj_open(w);
    uint32_t si = f->sentence < d->sents.n ? f->sentence : 0;
    if (d->sents.n) {
        const fk_sentence *s = &d->sents.v[si];
        fk_jw_key(w, "sentence");
        fk_jw_uint(w, si);
        fk_jw_key(w, "start");
        fk_jw_uint(w, cp_at(cp, s->start));
        fk_jw_key(w, "end");
        fk_jw_uint(w, cp_at(cp, s->end));
        fk_jw_key(w, "text");
        slice(w, d, s->start, s->end);
    }
    fk_jw_obj_close(w);
    fk_jw_key(w, "rule");
    fk_jw_str(w, f->rule ? f->rule : "");
    if (flags & FAKTY_JSON_EXPLAIN) {
        fk_sb x = {0};
        if (fk_fact_explain(d, f, &x)) {
            fk_jw_key(w, "explain");
            fk_jw_strn(w, x.p, x.n);
        }
        free(x.p);
    }
    fk_jw_obj_close(w);
}

char *fk_doc_json_text(const fk_doc *d, unsigned flags, const cJSON *meta, int newline, size_t *len)
{
    fk_jw w;
    /* the output is typically ~3-4x the text, pretty adds indentation; the
     * first guess is capped (the buffer doubles as needed) so that a huge
     * document with little to report does not reserve a huge buffer */
    size_t hint = d->len * ((flags & FAKTY_JSON_PRETTY) ? 5 : 4) + 1024;
    fk_jw_init(&w, hint < (1u << 20) ? hint : (1u << 20), (flags & FAKTY_JSON_PRETTY) != 0);
    cp_cursor cp = {d, 0, 0};
    fk_jw_obj_open(&w);
    fk_jw_key(&w, "schema");
    fk_jw_str(&w, FAKTY_SCHEMA);
    fk_jw_key(&w, "doc");
    fk_jw_obj_open(&w);
    fk_jw_key(&w, "id");
    fk_jw_str(&w, d->id);
    fk_jw_key(&w, "path");
    fk_jw_str(&w, d->path);
    fk_jw_key(&w, "lang");
    fk_jw_str(&w, d->eng ? d->eng->pack.lang : "und");
    fk_jw_key(&w, "date");
    if (d->has_date) {
        char buf[48];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->year, d->month, d->day);
        fk_jw_str(&w, buf);
    } else {
        fk_jw_null(&w);
    }
    if (meta) {
        fk_jw_key(&w, "meta");
        fk_jw_cjson(&w, meta);
    }
    fk_jw_key(&w, "length");
    fk_jw_uint(&w, cp_at(&cp, (uint32_t)d->len));
    fk_jw_key(&w, "sentences");
    fk_jw_uint(&w, d->sents.n);
    fk_jw_obj_close(&w);

    fk_jw_key(&w, "entities");
    fk_jw_arr_open(&w);
    for (size_t i = 0; i < d->ents.n; i++) {
        fk_jw_elem(&w);
        entity_json(&w, &cp, d, &d->ents.v[i], flags);
    }
    fk_jw_arr_close(&w);
    fk_jw_key(&w, "quantities");
    fk_jw_arr_open(&w);
    for (size_t i = 0; i < d->qtys.n; i++) {
        fk_jw_elem(&w);
        quantity_json(&w, &cp, d, &d->qtys.v[i], flags);
    }
    fk_jw_arr_close(&w);
    fk_jw_key(&w, "dates");
    fk_jw_arr_open(&w);
    for (size_t i = 0; i < d->dates.n; i++) {
        fk_jw_elem(&w);
        date_json(&w, &cp, d, &d->dates.v[i], flags);
    }
    fk_jw_arr_close(&w);
    fk_jw_key(&w, "facts");
    fk_jw_arr_open(&w);
    for (size_t i = 0; i < d->facts.n; i++) {
        fk_jw_elem(&w);
        fact_json(&w, &cp, d, &d->facts.v[i], flags);
    }
    fk_jw_arr_close(&w);
    fk_jw_key(&w, "warnings");
    fk_jw_arr_open(&w);
    for (size_t i = 0; i < d->warnings.n; i++) {
        fk_jw_elem(&w);
        fk_jw_str(&w, d->warnings.v[i]);
    }
    fk_jw_arr_close(&w);
    fk_jw_obj_close(&w);
    return fk_jw_finish(&w, newline, len);
}

cJSON *fk_doc_json(const fk_doc *d, unsigned flags, cJSON *meta)
{
    char *s = fk_doc_json_text(d, flags & ~(unsigned)FAKTY_JSON_PRETTY, meta, 0, NULL);
    cJSON_Delete(meta);
    cJSON *j = cJSON_Parse(s);
    free(s);
    return j;
}

char *fk_json_print(cJSON *j, unsigned flags)
{
    return (flags & FAKTY_JSON_PRETTY) ? cJSON_Print(j) : cJSON_PrintUnformatted(j);
}

char *fakty_result_json(const fakty_result *r, unsigned flags, const char *meta_json)
{
    cJSON *meta = NULL;
    if (meta_json) {
        meta = cJSON_Parse(meta_json);
        if (meta && !cJSON_IsObject(meta)) {
            cJSON_Delete(meta);
            meta = NULL;
        }
    }
    char *s = fk_doc_json_text(r, flags, meta, 0, NULL);
    cJSON_Delete(meta);
    return s;
}
