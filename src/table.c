/* CSV / TSV output: one row per fact, for spreadsheets.
 * CSV follows RFC 4180 (fields with separators, quotes or line breaks are
 * quoted, quotes doubled). TSV replaces tabs and line breaks inside fields
 * by spaces, since TSV has no quoting. Numbers are written plainly (2600,
 * 1.5), empty for null. */
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "writers.h"

static void field(fk_sb *b, const char *s, size_t n, char sep, int first)
{
    if (!first) fk_sb_putn(b, &sep, 1);
    if (!s) return;
    if (sep == '\t') { /* runs without a tab or line break, each of those a space */
        size_t run = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r') continue;
            fk_sb_putn(b, s + run, i - run);
            fk_sb_putn(b, " ", 1);
            run = i + 1;
        }
        fk_sb_putn(b, s + run, n - run);
        return;
    }
    int quote = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') quote = 1;
    if (!quote) {
        fk_sb_putn(b, s, n);
        return;
    }
    /* runs up to and including each quote, which is then doubled */
    fk_sb_putn(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '"') continue;
        fk_sb_putn(b, s + run, i + 1 - run);
        run = i;
    }
    fk_sb_putn(b, s + run, n - run);
    fk_sb_putn(b, "\"", 1);
}

static void fstr(fk_sb *b, const char *s, char sep) { field(b, s, s ? strlen(s) : 0, sep, 0); }

/* "%.15g" (as "%1.15g"), without printf for integers and short decimals */
static void fnum(fk_sb *b, int has, double v, char sep)
{
    char buf[64] = "";
    if (has && !fk_jw_format_short(buf, v)) snprintf(buf, sizeof buf, "%.15g", v);
    field(b, buf, strlen(buf), sep, 0);
}

static void fspan(fk_sb *b, const fk_doc *d, uint32_t s, uint32_t e, char sep)
{
    if (e > s) field(b, d->text + s, e - s, sep, 0);
    else field(b, NULL, 0, sep, 0);
}

#define HEADER_FIELDS                                                                     \
    "doc_id", "path", "fact", "type", "value", "min", "max", "qualifier", "count_text",      \
        "who", "who_category", "where", "where_ref", "when", "when_text", "source",          \
        "source_name", "sentence", "start", "end", "evidence", "rule"

const char *fk_table_header(char sep)
{
    static char csv[512], tsv[512];
    char *out = sep == '\t' ? tsv : csv;
    if (!out[0]) {
        static const char *const names[] = {HEADER_FIELDS};
        size_t o = 0;
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            size_t n = strlen(names[i]);
            if (i) out[o++] = sep;
            memcpy(out + o, names[i], n);
            o += n;
        }
        out[o++] = '\n';
        out[o] = 0;
    }
    return out;
}

char *fk_table_rows(const fk_doc *d, char sep)
{
    fk_sb b = {0};
    fk_sb_putn(&b, "", 0);
    for (size_t i = 0; i < d->facts.n; i++) {
        const fk_fact *f = &d->facts.v[i];
        field(&b, d->id, d->id ? strlen(d->id) : 0, sep, 1);
        fstr(&b, d->path, sep);
        fnum(&b, 1, (double)i, sep);
        fstr(&b, f->type, sep);
        fnum(&b, f->count.has_value, f->count.value, sep);
        fnum(&b, f->count.has_min, f->count.min, sep);
        fnum(&b, f->count.has_max, f->count.max, sep);
        fstr(&b, fk_qualifier_names[f->count.qualifier], sep);
        fspan(&b, d, f->count.start, f->count.end, sep);
        fspan(&b, d, f->who_start, f->who_end, sep);
        fstr(&b, f->who_category, sep);
        const fk_entity *w = f->where_ent >= 0 && (size_t)f->where_ent < d->ents.n ? &d->ents.v[f->where_ent] : NULL;
        fstr(&b, w ? w->name : NULL, sep);
        fstr(&b, w ? w->ref : NULL, sep);
        const fk_date *t = f->when_date >= 0 && (size_t)f->when_date < d->dates.n ? &d->dates.v[f->when_date] : NULL;
        fstr(&b, t ? t->value : NULL, sep);
        if (t) fspan(&b, d, t->start, t->end, sep);
        else fstr(&b, NULL, sep);
        fspan(&b, d, f->source_start, f->source_end, sep);
        const char *sname = f->source_name;
        if (!sname && f->source_ent >= 0 && (size_t)f->source_ent < d->ents.n) sname = d->ents.v[f->source_ent].name;
        fstr(&b, sname, sep);
        fnum(&b, 1, f->sentence, sep);
        const fk_sentence *s = f->sentence < d->sents.n ? &d->sents.v[f->sentence] : NULL;
        fnum(&b, s != NULL, s ? fk_doc_cp(d, s->start) : 0, sep);
        fnum(&b, s != NULL, s ? fk_doc_cp(d, s->end) : 0, sep);
        if (s) fspan(&b, d, s->start, s->end, sep);
        else fstr(&b, NULL, sep);
        fstr(&b, f->rule, sep);
        fk_sb_putn(&b, "\n", 1);
    }
    return b.p;
}

char *fk_table_error_row(const char *id, const char *path, const char *error, char sep)
{
    fk_sb b = {0};
    field(&b, id, id ? strlen(id) : 0, sep, 1);
    fstr(&b, path, sep);
    fstr(&b, NULL, sep);
    fstr(&b, "error", sep);
    for (int i = 0; i < 16; i++) fstr(&b, NULL, sep);
    fstr(&b, error, sep);
    fstr(&b, NULL, sep);
    fk_sb_putn(&b, "\n", 1);
    return b.p;
}
