/* The `fakty/1` JSON object (cJSON). Offsets are converted from bytes to
 * code points here and nowhere else. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

static cJSON *num_or_null(int has, double v) { return has ? cJSON_CreateNumber(v) : cJSON_CreateNull(); }

static cJSON *str_or_null(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

static cJSON *slice(const fk_doc *d, uint32_t b0, uint32_t b1)
{
    if (b1 < b0) b1 = b0;
    char *s = fk_xstrndup(d->text + b0, b1 - b0);
    cJSON *j = cJSON_CreateString(s);
    free(s);
    return j;
}

static void add_span(cJSON *o, const fk_doc *d, uint32_t b0, uint32_t b1, uint32_t sentence)
{
    cJSON_AddNumberToObject(o, "start", fk_doc_cp(d, b0));
    cJSON_AddNumberToObject(o, "end", fk_doc_cp(d, b1));
    cJSON_AddNumberToObject(o, "sentence", sentence);
}

static const char *ent_type_name(int t) { return t == FK_PER ? "PER" : t == FK_LOC ? "LOC" : "ORG"; }

static cJSON *entity_json(const fk_doc *d, const fk_entity *e, unsigned flags)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", ent_type_name(e->type));
    cJSON_AddItemToObject(o, "subtype", str_or_null(e->subtype));
    cJSON_AddItemToObject(o, "name", str_or_null(e->name));
    cJSON_AddItemToObject(o, "ref", str_or_null(e->ref));
    cJSON_AddItemToObject(o, "text", slice(d, e->start, e->end));
    add_span(o, d, e->start, e->end, e->sentence);
    if (flags & FAKTY_JSON_EXPLAIN) {
        cJSON *x = cJSON_AddObjectToObject(o, "explain");
        cJSON_AddItemToObject(x, "rule", str_or_null(e->rule));
        if (e->form) cJSON_AddStringToObject(x, "form", e->form);
        cJSON_AddNumberToObject(x, "score", e->score);
    }
    return o;
}

static cJSON *quantity_json(const fk_doc *d, const fk_quantity *q, unsigned flags)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "text", slice(d, q->start, q->end));
    cJSON_AddItemToObject(o, "value", num_or_null(q->has_value, q->value));
    cJSON_AddItemToObject(o, "min", num_or_null(q->has_min, q->min));
    cJSON_AddItemToObject(o, "max", num_or_null(q->has_max, q->max));
    cJSON_AddStringToObject(o, "qualifier", fk_qualifier_names[q->qualifier]);
    if (q->unit) cJSON_AddStringToObject(o, "unit", q->unit);
    if (q->flags & FK_QF_NOCOUNT) cJSON_AddBoolToObject(o, "count", 0);
    add_span(o, d, q->start, q->end, q->sentence);
    if (flags & FAKTY_JSON_EXPLAIN) {
        cJSON *x = cJSON_AddObjectToObject(o, "explain");
        cJSON_AddItemToObject(x, "rule", str_or_null(q->rule));
    }
    return o;
}

static cJSON *date_json(const fk_doc *d, const fk_date *t, unsigned flags)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "text", slice(d, t->start, t->end));
    cJSON_AddStringToObject(o, "value", t->value);
    cJSON_AddStringToObject(o, "kind", fk_date_kind_names[t->kind]);
    if (t->anchor[0]) cJSON_AddStringToObject(o, "anchor", t->anchor);
    add_span(o, d, t->start, t->end, t->sentence);
    if (flags & FAKTY_JSON_EXPLAIN) {
        cJSON *x = cJSON_AddObjectToObject(o, "explain");
        cJSON_AddItemToObject(x, "rule", str_or_null(t->rule));
    }
    return o;
}

static cJSON *fact_json(const fk_doc *d, const fk_fact *f, unsigned flags)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", f->type);
    cJSON *c = cJSON_AddObjectToObject(o, "count");
    cJSON_AddItemToObject(c, "value", num_or_null(f->count.has_value, f->count.value));
    cJSON_AddItemToObject(c, "min", num_or_null(f->count.has_min, f->count.min));
    cJSON_AddItemToObject(c, "max", num_or_null(f->count.has_max, f->count.max));
    cJSON_AddStringToObject(c, "qualifier", fk_qualifier_names[f->count.qualifier]);
    cJSON_AddItemToObject(c, "text", slice(d, f->count.start, f->count.end));

    if (f->who_end > f->who_start || f->who_category) {
        cJSON *w = cJSON_AddObjectToObject(o, "who");
        if (f->who_end > f->who_start) cJSON_AddItemToObject(w, "text", slice(d, f->who_start, f->who_end));
        else cJSON_AddNullToObject(w, "text");
        cJSON_AddItemToObject(w, "category", str_or_null(f->who_category));
    } else {
        cJSON_AddNullToObject(o, "who");
    }

    if (f->where_ent >= 0 && (size_t)f->where_ent < d->ents.n) {
        const fk_entity *e = &d->ents.v[f->where_ent];
        cJSON *w = cJSON_AddObjectToObject(o, "where");
        cJSON_AddItemToObject(w, "name", str_or_null(e->name));
        cJSON_AddItemToObject(w, "ref", str_or_null(e->ref));
        cJSON_AddItemToObject(w, "text", slice(d, e->start, e->end));
        cJSON_AddStringToObject(w, "from", f->where_from_doc ? "document" : "sentence");
    } else {
        cJSON_AddNullToObject(o, "where");
    }

    if (f->when_date >= 0 && (size_t)f->when_date < d->dates.n) {
        const fk_date *t = &d->dates.v[f->when_date];
        cJSON *w = cJSON_AddObjectToObject(o, "when");
        cJSON_AddStringToObject(w, "value", t->value);
        cJSON_AddItemToObject(w, "text", slice(d, t->start, t->end));
    } else {
        cJSON_AddNullToObject(o, "when");
    }

    if (f->source_end > f->source_start || f->source_name) {
        cJSON *s = cJSON_AddObjectToObject(o, "source");
        if (f->source_end > f->source_start)
            cJSON_AddItemToObject(s, "text", slice(d, f->source_start, f->source_end));
        else cJSON_AddNullToObject(s, "text");
        const char *name = f->source_name;
        if (!name && f->source_ent >= 0 && (size_t)f->source_ent < d->ents.n)
            name = d->ents.v[f->source_ent].name;
        cJSON_AddItemToObject(s, "name", str_or_null(name));
    } else {
        cJSON_AddNullToObject(o, "source");
    }

    cJSON *ev = cJSON_AddObjectToObject(o, "evidence");
    uint32_t si = f->sentence < d->sents.n ? f->sentence : 0;
    if (d->sents.n) {
        const fk_sentence *s = &d->sents.v[si];
        cJSON_AddNumberToObject(ev, "sentence", si);
        cJSON_AddNumberToObject(ev, "start", fk_doc_cp(d, s->start));
        cJSON_AddNumberToObject(ev, "end", fk_doc_cp(d, s->end));
        cJSON_AddItemToObject(ev, "text", slice(d, s->start, s->end));
    }
    cJSON_AddStringToObject(o, "rule", f->rule ? f->rule : "");
    if ((flags & FAKTY_JSON_EXPLAIN) && f->explain) cJSON_AddStringToObject(o, "explain", f->explain);
    return o;
}

cJSON *fk_doc_json(const fk_doc *d, unsigned flags, cJSON *meta)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", FAKTY_SCHEMA);
    cJSON *doc = cJSON_AddObjectToObject(root, "doc");
    cJSON_AddItemToObject(doc, "id", str_or_null(d->id));
    cJSON_AddItemToObject(doc, "path", str_or_null(d->path));
    cJSON_AddStringToObject(doc, "lang", d->eng ? d->eng->pack.lang : "und");
    if (d->has_date) {
        char buf[16];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->year, d->month, d->day);
        cJSON_AddStringToObject(doc, "date", buf);
    } else {
        cJSON_AddNullToObject(doc, "date");
    }
    if (meta) cJSON_AddItemToObject(doc, "meta", meta);
    cJSON_AddNumberToObject(doc, "length", fk_doc_cp(d, (uint32_t)d->len));
    cJSON_AddNumberToObject(doc, "sentences", (double)d->sents.n);

    cJSON *a = cJSON_AddArrayToObject(root, "entities");
    for (size_t i = 0; i < d->ents.n; i++) cJSON_AddItemToArray(a, entity_json(d, &d->ents.v[i], flags));
    a = cJSON_AddArrayToObject(root, "quantities");
    for (size_t i = 0; i < d->qtys.n; i++) cJSON_AddItemToArray(a, quantity_json(d, &d->qtys.v[i], flags));
    a = cJSON_AddArrayToObject(root, "dates");
    for (size_t i = 0; i < d->dates.n; i++) cJSON_AddItemToArray(a, date_json(d, &d->dates.v[i], flags));
    a = cJSON_AddArrayToObject(root, "facts");
    for (size_t i = 0; i < d->facts.n; i++) cJSON_AddItemToArray(a, fact_json(d, &d->facts.v[i], flags));
    a = cJSON_AddArrayToObject(root, "warnings");
    for (size_t i = 0; i < d->warnings.n; i++) cJSON_AddItemToArray(a, cJSON_CreateString(d->warnings.v[i]));
    return root;
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
    cJSON *j = fk_doc_json(r, flags, meta);
    char *s = fk_json_print(j, flags);
    cJSON_Delete(j);
    return s;
}
