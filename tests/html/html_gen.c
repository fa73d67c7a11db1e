/* Writes a review page for hand-built documents, and the JSON of the same
 * documents, for test_html.py:
 *
 *   html_gen PAGE.html DOCS.jsonl
 *
 * The documents are tokenized and segmented by the engine; entities,
 * quantities, dates and facts are pushed by hand so that the page is
 * tested on hostile text (markup, quotes, ampersands, CR LF, control
 * characters) and on hard span layouts (nesting, crossing spans, a span
 * across a paragraph break, empty spans, several facts on one sentence)
 * whatever the annotators find today. Test texts are the team's own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writers.h"

static fakty_engine *eng;

static fk_doc *mkdoc(const char *text, const char *id, const char *path, const char *date)
{
    fakty_doc_info info = {id, path, date};
    fk_doc *d = fk_doc_new(eng, text, strlen(text), &info);
    fk_tokenize(eng, d);
    fk_segment(eng, d);
    fk_doc_index(d);
    return d;
}

/* Byte range of the nth (0-based) occurrence of `s` in the text. */
static void find(const fk_doc *d, const char *s, int nth, uint32_t *b0, uint32_t *b1)
{
    const char *p = d->text;
    for (;;) {
        p = strstr(p, s);
        if (!p) {
            fprintf(stderr, "html_gen: \"%s\" not in the test text\n", s);
            exit(2);
        }
        if (nth-- == 0) break;
        p++;
    }
    *b0 = (uint32_t)(p - d->text);
    *b1 = *b0 + (uint32_t)strlen(s);
}

static uint32_t sent_of(const fk_doc *d, uint32_t off)
{
    size_t t = fk_doc_tok_at(d, off);
    if (t >= d->toks.n) return d->sents.n ? (uint32_t)d->sents.n - 1 : 0;
    return d->toks.v[t].sentence;
}

static int ent(fk_doc *d, const char *s, int nth, int type, const char *name, const char *ref, const char *rule)
{
    fk_entity e = {0};
    find(d, s, nth, &e.start, &e.end);
    e.sentence = sent_of(d, e.start);
    e.type = type;
    e.subtype = type == FK_LOC ? "city" : NULL;
    e.name = name;
    e.ref = ref;
    e.rule = rule;
    e.form = "nom";
    e.score = 1.0;
    fk_vec_push(d->ents, e);
    return (int)d->ents.n - 1;
}

static int qty(fk_doc *d, uint32_t b0, uint32_t b1, double v, int q, unsigned flags)
{
    fk_quantity x = {0};
    x.start = b0;
    x.end = b1;
    x.sentence = sent_of(d, b0);
    x.has_value = q != FK_Q_VAGUE;
    x.value = v;
    x.has_min = 1;
    x.min = v;
    x.has_max = q == FK_Q_VAGUE || q == FK_Q_EXACT;
    x.max = q == FK_Q_VAGUE ? v * 10 - 1 : v;
    x.qualifier = q;
    x.flags = flags;
    x.rule = "numbers.rules:7 \"<digits>\" & more";
    fk_vec_push(d->qtys, x);
    return (int)d->qtys.n - 1;
}

static int qty_s(fk_doc *d, const char *s, int nth, double v, int q)
{
    uint32_t b0, b1;
    find(d, s, nth, &b0, &b1);
    return qty(d, b0, b1, v, q, 0);
}

static int date(fk_doc *d, uint32_t b0, uint32_t b1, const char *value)
{
    fk_date t = {0};
    t.start = b0;
    t.end = b1;
    t.sentence = sent_of(d, b0);
    t.kind = FK_D_DATE;
    snprintf(t.value, sizeof t.value, "%s", value);
    snprintf(t.anchor, sizeof t.anchor, "%s", "since");
    t.rule = "dates.rules:3 <b>bold</b>";
    fk_vec_push(d->dates, t);
    return (int)d->dates.n - 1;
}

static void fact(fk_doc *d, const char *type, int q, const char *who, int where, int when, const char *source,
                 int source_ent)
{
    fk_fact f = {0};
    f.type = type;
    const fk_quantity *x = &d->qtys.v[q];
    f.count.has_value = x->has_value;
    f.count.value = x->value;
    f.count.has_min = x->has_min;
    f.count.min = x->min;
    f.count.has_max = x->has_max;
    f.count.max = x->max;
    f.count.qualifier = x->qualifier;
    f.count.start = x->start;
    f.count.end = x->end;
    f.count.qty = q;
    if (who) find(d, who, 0, &f.who_start, &f.who_end);
    f.who_category = "people";
    f.where_ent = where;
    f.when_date = when;
    f.source_ent = source_ent;
    if (source) find(d, source, 0, &f.source_start, &f.source_end);
    f.sentence = sent_of(d, x->start);
    f.rule = "facts.rules:12 <killed> & \"quoted\"";
    f.explain = NULL;
    fk_vec_push(d->facts, f);
}

static const char hostile[] =
    "  \n<script>alert(\"x&y\")</script> Ala's \"quote\" & co. <!-- not a comment -->\r\n"
    "Premier Jan Kowalski powiedzia\xC5\x82, \xC5\xBC" "e 12 os\xC3\xB3" "b zgin\xC4\x99\xC5\x82o w mie\xC5\x9B" "cie "
    "Z\xC4\x85" "bki.\n\n"
    "Drugi akapit: <b>nie pogrubiaj</b> &amp; \x1B esc \xF0\x9F\x98\x80 200 rannych, kilkudziesi\xC4\x99" "ciu "
    "zaginionych.\n"
    "Zdanie trzecie ma 5% i 38-latka.\n\n\n";

/* ---- random documents: random text, random spans anywhere ---------------- */

static unsigned long rng_state;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return n ? (unsigned)((rng_state >> 33) % n) : 0;
}

static uint32_t rnd_off(const fk_doc *d)
{
    uint32_t off = rnd((unsigned)d->len + 1);
    while (off > 0 && off < d->len && ((unsigned char)d->text[off] & 0xC0) == 0x80) off--;
    return off;
}

static void rnd_range(const fk_doc *d, uint32_t *b0, uint32_t *b1)
{
    uint32_t a = rnd_off(d), b = rnd(4) ? rnd_off(d) : a;
    if (rnd(3)) { /* mostly short */
        b = a + rnd(40);
        if (b > d->len) b = (uint32_t)d->len;
        while (b > 0 && b < d->len && ((unsigned char)d->text[b] & 0xC0) == 0x80) b--;
    }
    *b0 = a < b ? a : b;
    *b1 = a < b ? b : a;
}

static fk_doc *random_doc(void)
{
    static const char *const words[] = {"Ala", "ma", "kota", "\xC5\xBC\xC3\xB3\xC5\x82w", "12", "ponad",
                                        "<b>", "&amp;", "\"", "'", ".", ",", "\n", "\n\n", "\r\n\r\n",
                                        "  ", "\t", "\xF0\x9F\x98\x80", "Z\xC4\x85" "bki", "2024", "&", "<", ">"};
    size_t nw = sizeof words / sizeof *words, cap = 4096, n = 0;
    char *buf = fk_xmalloc(cap);
    unsigned len = 1 + rnd(300);
    for (unsigned i = 0; i < len; i++) {
        const char *w = words[rnd((unsigned)nw)];
        size_t k = strlen(w);
        if (n + k + 2 >= cap) break;
        memcpy(buf + n, w, k);
        n += k;
        if (rnd(2)) buf[n++] = ' ';
    }
    buf[n] = 0;
    fk_doc *d = mkdoc(buf, NULL, "random.txt", NULL);
    free(buf);
    unsigned ne = rnd(12), nq = rnd(12), nd = rnd(8), nf = rnd(6);
    for (unsigned i = 0; i < ne; i++) {
        fk_entity e = {0};
        rnd_range(d, &e.start, &e.end);
        e.type = 1 + (int)rnd(3);
        e.name = "<name>";
        e.rule = "r";
        fk_vec_push(d->ents, e);
    }
    for (unsigned i = 0; i < nq; i++) {
        uint32_t a, b;
        rnd_range(d, &a, &b);
        qty(d, a, b, rnd(1000), (int)rnd(8), rnd(2) ? FK_QF_NOCOUNT : 0);
    }
    for (unsigned i = 0; i < nd; i++) {
        uint32_t a, b;
        rnd_range(d, &a, &b);
        date(d, a, b, "2024");
    }
    for (unsigned i = 0; i < nf && d->qtys.n; i++) {
        fact(d, "killed", (int)rnd((unsigned)d->qtys.n), NULL, d->ents.n ? (int)rnd((unsigned)d->ents.n) : -1,
             d->dates.n && rnd(2) ? (int)rnd((unsigned)d->dates.n) : -1, NULL, -1);
        fk_fact *f = &d->facts.v[d->facts.n - 1];
        if (rnd(2)) rnd_range(d, &f->who_start, &f->who_end);
        if (rnd(2)) rnd_range(d, &f->source_start, &f->source_end);
        if (d->sents.n) f->sentence = rnd((unsigned)d->sents.n + 1);
    }
    return d;
}

static int random_page(unsigned long seed, int ndocs, const char *page_f, const char *json_f)
{
    rng_state = seed;
    FILE *page = fopen(page_f, "w"), *js = fopen(json_f, "w");
    if (!page || !js) {
        perror("html_gen");
        return 2;
    }
    char *s = fk_html_head();
    fputs(s, page);
    free(s);
    for (int i = 0; i < ndocs; i++) {
        fk_doc *d = random_doc();
        s = fk_html_doc(d, (size_t)i, 0);
        fputs(s, page);
        free(s);
        cJSON *meta = cJSON_CreateObject();
        char *txt = fk_xstrndup(d->text, d->len);
        cJSON_AddStringToObject(meta, "text", txt);
        free(txt);
        cJSON *j = fk_doc_json(d, 0, meta);
        s = cJSON_PrintUnformatted(j);
        fprintf(js, "%s\n", s);
        free(s);
        cJSON_Delete(j);
        fk_doc_free(d);
    }
    s = fk_html_tail((size_t)ndocs);
    fputs(s, page);
    free(s);
    fclose(page);
    fclose(js);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3 && !(argc == 6 && !strcmp(argv[1], "--random"))) {
        fprintf(stderr, "usage: html_gen PAGE.html DOCS.jsonl\n"
                        "       html_gen --random SEED NDOCS PAGE.html DOCS.jsonl\n");
        return 2;
    }
    fakty_diags *dg = NULL;
    eng = fakty_engine_new(NULL, &dg);
    if (!eng) {
        for (size_t i = 0; i < fakty_diags_count(dg); i++) fprintf(stderr, "%s\n", fakty_diags_get(dg, i)->message);
        return 2;
    }
    fakty_diags_free(dg);
    if (argc == 6) {
        int rc = random_page(strtoul(argv[2], NULL, 10), atoi(argv[3]), argv[4], argv[5]);
        fakty_engine_free(eng);
        return rc;
    }
    FILE *page = fopen(argv[1], "w"), *js = fopen(argv[2], "w");
    if (!page || !js) {
        perror("html_gen");
        return 2;
    }

    /* 0: hostile text, every kind of span layout */
    fk_doc *d = mkdoc(hostile, "<b>id\"&'</b>", "dir/<i>a&b\".txt", "2024-09-18");
    int e_per = ent(d, "Jan Kowalski", 0, FK_PER, "Jan \"<Kowalski>\"", "x\"><img src=x onerror=alert(1)>",
                    "gaz/people.tsv:1 <&>");
    int e_loc = ent(d, "Z\xC4\x85" "bki", 0, FK_LOC, "Z\xC4\x85" "bki", "geonames:1", "gaz/cities.tsv:9");
    ent(d, "alert(\"x&y\")</script> Ala", 0, FK_ORG, "<script>alert(2)</script>", NULL, "org'rule");
    /* crosses the ORG above */
    uint32_t b0, b1, c0, c1;
    find(d, "</script> Ala's \"quote\"", 0, &b0, &b1);
    qty(d, b0, b1, 1, FK_Q_ABOUT, FK_QF_NOCOUNT);
    int q12 = qty_s(d, "12", 0, 12, FK_Q_EXACT);
    int q200 = qty_s(d, "200", 0, 200, FK_Q_MORE_THAN);
    int qvag = qty_s(d, "kilkudziesi\xC4\x99" "ciu", 0, 20, FK_Q_VAGUE);
    find(d, "5%", 0, &b0, &b1);
    qty(d, b0, b1, 5, FK_Q_EXACT, FK_QF_NOCOUNT | FK_QF_PERCENT);
    /* a date across the paragraph break, around the LOC entity */
    find(d, "mie\xC5\x9B" "cie Z", 0, &b0, &b1);
    find(d, "Drugi", 0, &c0, &c1);
    int dt = date(d, b0, c1, "2024-09-17");
    /* an empty date, and one in the trailing white space */
    find(d, "Zdanie", 0, &b0, &b1);
    date(d, b0, b0, "XXXX-01-02");
    date(d, (uint32_t)d->len - 2, (uint32_t)d->len, "2024-01");
    /* a date in the leading white space, ending inside the text */
    date(d, 0, 5, "2024-02");
    fact(d, "killed", q12, "os\xC3\xB3" "b", e_loc, dt, "Premier Jan Kowalski", e_per);
    fact(d, "injured \"<x>\"", q12, NULL, -1, -1, NULL, -1); /* same sentence */
    fact(d, "injured", q200, "rannych", e_loc, -1, NULL, -1);
    fact(d, "missing", qvag, "zaginionych", -1, -1, NULL, -1);
    d->facts.v[d->facts.n - 1].sentence = 9999; /* out of range: sentence 0, like the JSON */
    d->facts.v[d->facts.n - 1].where_from_doc = 1;
    fk_doc_warn(d, "a warning with <markup> & \"quotes\"");

    /* 1: plain text without annotations, no id (title is the path) */
    fk_doc *d1 = mkdoc("Zwyk\xC5\x82y tekst bez adnotacji.\n\nDrugi akapit.", NULL, "plain.txt", NULL);
    /* 3: empty text */
    fk_doc *d3 = mkdoc("", NULL, NULL, NULL);

    char *s = fk_html_head();
    fputs(s, page);
    free(s);
    fk_doc *docs[] = {d, d1, NULL, d3};
    for (size_t i = 0; i < 4; i++) {
        if (!docs[i]) {
            const char *msg = "cannot read: <Permission denied> & \"more\"";
            s = fk_html_error("<id>", "bad/<path>.txt", msg, i);
            fputs(s, page);
            free(s);
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "schema", FAKTY_SCHEMA);
            cJSON *doc = cJSON_AddObjectToObject(o, "doc");
            cJSON_AddStringToObject(doc, "id", "<id>");
            cJSON_AddStringToObject(doc, "path", "bad/<path>.txt");
            cJSON_AddArrayToObject(o, "entities");
            cJSON_AddArrayToObject(o, "quantities");
            cJSON_AddArrayToObject(o, "dates");
            cJSON_AddArrayToObject(o, "facts");
            cJSON_AddArrayToObject(o, "warnings");
            cJSON_AddStringToObject(o, "error", msg);
            s = cJSON_PrintUnformatted(o);
            fprintf(js, "%s\n", s);
            free(s);
            cJSON_Delete(o);
            continue;
        }
        s = fk_html_doc(docs[i], i, 0);
        fputs(s, page);
        free(s);
        /* the text itself goes to doc.meta.text, for the article-text check */
        cJSON *meta = cJSON_CreateObject();
        char *txt = fk_xstrndup(docs[i]->text, docs[i]->len);
        cJSON_AddStringToObject(meta, "text", txt);
        free(txt);
        cJSON *j = fk_doc_json(docs[i], 0, meta);
        s = cJSON_PrintUnformatted(j);
        fprintf(js, "%s\n", s);
        free(s);
        cJSON_Delete(j);
        fk_doc_free(docs[i]);
    }
    s = fk_html_tail(4);
    fputs(s, page);
    free(s);
    fclose(page);
    fclose(js);
    fakty_engine_free(eng);
    return 0;
}
