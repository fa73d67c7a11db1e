/* Names that are in no gazetteer, found by cues (rules/<lang>/entities/),
 * and the document-level passes: an acronym defined in parentheses after a
 * name, a person's surname alone later in the text. The words come from
 * the data files; see docs/gazetteers.md, "Names found by cues".
 *
 *   entities/cues.tsv        cue  type  role  inflection  name-case  gender
 *   entities/first-names.tsv name  gender
 *   entities/stopwords.tsv   word  start|never
 *   entities/connectors.tsv  word
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "entities.h"
#include "htab.h"

enum { ROLE_BEFORE = 1, ROLE_HEAD = 2 };
enum { STOP_START = 1, STOP_NEVER = 2 };

typedef struct cue {
    const char *text;        /* cue as written (nominative) */
    const char *rule;        /* "rules/pl/entities/cues.tsv:12" */
    int type, role;
    int agree;               /* the name is in the cue's case (else nominative) */
    int name_case;           /* the name's case when given (-1: agree/nom) */
    int gender;              /* gender of the cue's head (for ORG heads, PER names) */
    int name_gender;         /* FK_G_NONE: from the cue */
    int head_part;           /* for ORG heads: index of the N part */
} cue;

typedef struct fname {
    const char *name;
    int gender;
} fname;

typedef struct endnode {
    int32_t child, sibling; /* node index + 1, 0: none */
    unsigned char byte;
    const char *rule;       /* an ending ends here (its rule) */
} endnode;

struct fk_cues {
    fk_arena arena;
    FK_VEC(cue) cues;
    FK_VEC(fname) names;
    fk_ftab cuetab, nametab;
    fk_map *stop;            /* fold -> STOP_* bits */
    fk_map *conn;            /* fold -> 1 */
    fk_map *coord;           /* coordinating word ("i", "oraz") -> 1 */
    FK_VEC(const char *) orgsuf; /* legal forms after a company's name ("SA", "Ltd.") */
    uint64_t orgsuf_first[4];    /* their first bytes (a bit each) */
    fk_map *surend;          /* surname ending (lower case) -> rule string */
    size_t surend_max;       /* longest ending, code points */
    /* the endings in a byte trie read from the word's end: node index + 1
     * per last byte, and the nodes */
    int32_t endroot[256];
    FK_VEC(endnode) endtrie;
    const char *fn_rule;
    uint64_t serial;         /* tells this table set from any other (memo) */
};

/* ---- per-thread memo -------------------------------------------------------- */

/* Inflecting a surname costs thousands of instructions, and the documents
 * of an archive name the same people again and again. What depends only on
 * the tables and a word is remembered per thread (the engine is shared by
 * the worker threads and read-only): a surname's case forms, folded and
 * hashed (run_surnames), and a guessed surname's base form (surname_base).
 * Made anew for another table set, and when it outgrows MEMO_BYTES. */
enum { MEMO_BYTES = 16 << 20 };

typedef struct mform {
    const char *s;  /* folded form */
    uint32_t len;
    uint64_t hash;
} mform;

typedef struct mforms {
    size_t n;
    mform *v;
} mforms;

typedef struct memo {
    uint64_t serial;
    fk_map *forms;  /* surname "\x1f" gender -> mforms * */
    fk_map *bases;  /* word -> base form (char *) */
    fk_arena arena; /* the values */
} memo;

static _Atomic uint64_t cues_serial;
static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;
static _Thread_local memo *tl_memo;

static void memo_clear(memo *m)
{
    fk_map_free(m->forms);
    fk_map_free(m->bases);
    fk_arena_free(&m->arena);
    m->forms = m->bases = NULL;
}

static void memo_destroy(void *p)
{
    memo *m = p;
    memo_clear(m);
    free(m);
    if (tl_memo == m) tl_memo = NULL;
}

static void memo_key_make(void) { pthread_key_create(&memo_key, memo_destroy); }

/* This thread's memo for the table set C (empty when new). */
static memo *memo_get(const fk_cues *C)
{
    memo *m = tl_memo;
    if (!m) {
        pthread_once(&memo_once, memo_key_make);
        m = tl_memo = fk_xcalloc(1, sizeof *m);
        pthread_setspecific(memo_key, m); /* freed when the thread ends */
    }
    if (m->serial != C->serial || (m->forms && fk_arena_bytes(&m->arena) + 64 * (fk_map_size(m->forms) +
                                                                              fk_map_size(m->bases)) > MEMO_BYTES)) {
        memo_clear(m);
        m->serial = C->serial;
    }
    if (!m->forms) {
        m->forms = fk_map_new();
        m->bases = fk_map_new();
        fk_arena_init(&m->arena, 64 * 1024);
    }
    return m;
}

/* ---- helpers ---------------------------------------------------------------- */

/* Case-fold like the tokenizer does (u_foldCase per code point). */
static size_t fold_str(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        UChar32 c = (unsigned char)s[i];
        if (c < 0x80) { /* ASCII folds to itself, capitals to lower case */
            if (o + 5 > cap) break;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        U8_NEXT(s, i, n, c);
        if (c < 0) c = 0xFFFD;
        c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
        if (o + 5 > cap) break;
        U8_APPEND_UNSAFE(out, o, c);
    }
    out[o] = 0;
    return o;
}

static const char *rule_path(const fk_engine *e, const char *rel, const char *path, fk_arena *a)
{
    if (e->pack.data_dir && !strncmp(path, e->pack.data_dir, strlen(e->pack.data_dir)))
        return fk_arena_printf(a, "rules/%s/%s", e->pack.lang, rel);
    return fk_arena_strdup(a, path);
}

static int parse_type(const char *s)
{
    if (!strcmp(s, "PER")) return FK_PER;
    if (!strcmp(s, "LOC")) return FK_LOC;
    if (!strcmp(s, "ORG")) return FK_ORG;
    return 0;
}

typedef struct gctx {
    fk_ftab *t;
    fk_doc *sc;
    uint32_t payload;
} gctx;

static void emit_cue(void *v, int c, const char *form)
{
    gctx *x = v;
    fk_ftab_add(x->t, x->sc, form, x->payload, 0, 0, c, fk_case_keys[c]);
}

/* ---- loading ------------------------------------------------------------------ */

/* Opens the pack's file rel (rules/<lang>/...): its path, or NULL when
 * the pack has none or it cannot be read (said in diags). */
static const char *open_rules(const fk_engine *e, const char *rel, fk_lines *r, fakty_diags *diags)
{
    const char *path = fk_pack_rule(&e->pack, rel);
    if (!path || fk_lines_open(r, path, diags) != 0) return NULL;
    return path;
}

static void load_cues(fk_cues *C, const fk_engine *e, fk_infl *I, fk_doc *sc, fakty_diags *diags)
{
    const char *rel = "entities/cues.tsv";
    fk_lines r;
    const char *path = open_rules(e, rel, &r, diags);
    if (!path) return;
    const char *shown = rule_path(e, rel, path, &C->arena);
    char *line;
    size_t len;
    while ((line = fk_lines_record(&r, &len))) {
        char *f[7];
        size_t n = fk_split(line, '\t', f, 7);
        if (n < 3) {
            fk_lines_error(&r, line, line + len, "expected: cue, type, role[, inflection, name-case, gender]");
            continue;
        }
        if (n > 6) {
            fk_lines_error(&r, line, f[6], "too many fields (at most 6)");
            continue;
        }
        cue c = {0};
        c.type = parse_type(f[1]);
        if (!c.type) {
            fk_lines_error(&r, line, f[1], "unknown type \"%s\" (expected PER, LOC or ORG)", f[1]);
            continue;
        }
        if (!strcmp(f[2], "before")) c.role = ROLE_BEFORE;
        else if (!strcmp(f[2], "head")) c.role = ROLE_HEAD;
        else {
            fk_lines_error(&r, line, f[2], "unknown role \"%s\" (expected before or head)", f[2]);
            continue;
        }
        c.agree = 0;
        c.name_case = -1;
        if (n > 4 && *f[4] && strcmp(f[4], "-")) {
            if (!strcmp(f[4], "agree")) c.agree = 1;
            else if ((c.name_case = fk_case_parse(f[4], strlen(f[4]))) < 0) {
                fk_lines_error(&r, line, f[4],
                               "unknown name case \"%s\" (expected agree, nom or a case: gen dat acc inst loc)", f[4]);
                continue;
            }
        }
        c.name_gender = FK_G_NONE;
        if (n > 5 && *f[5] && strcmp(f[5], "-")) {
            c.name_gender = fk_gender_parse(f[5], strlen(f[5]));
            if (c.name_gender == FK_G_NONE) {
                fk_lines_error(&r, line, f[5], "unknown gender \"%s\" (expected m1 m2 m3 f n p)", f[5]);
                continue;
            }
        }
        const char *part[FK_MAXPARTS];
        size_t plen[FK_MAXPARTS];
        char sep[FK_MAXPARTS];
        size_t np = fk_name_parts(f[0], part, plen, sep);
        if (!np) {
            fk_lines_error(&r, line, f[0], "bad cue \"%s\" (empty part)", f[0]);
            continue;
        }
        fk_pcode codes[FK_MAXPARTS];
        int automatic;
        const char *err, *errat;
        if (fk_spec_parse(n > 3 ? f[3] : NULL, np, codes, &automatic, &err, &errat) != 0) {
            fk_lines_error(&r, line, errat, "%s: \"%s\" has %zu part%s", err, f[0], np, np == 1 ? "" : "s");
            continue;
        }
        if (automatic) fk_spec_auto(I, part, plen, np, c.type, codes);
        c.gender = FK_G_NONE;
        c.head_part = -1;
        for (size_t i = 0; i < np; i++)
            if (codes[i].code == 'N') {
                char w[256];
                size_t l = plen[i] < 255 ? plen[i] : 255;
                memcpy(w, part[i], l);
                w[l] = 0;
                c.gender = codes[i].gender != FK_G_NONE ? codes[i].gender : fk_infl_gender(I, w, c.type);
                c.head_part = (int)i;
                break;
            }
        c.text = fk_arena_strdup(&C->arena, f[0]);
        c.rule = fk_arena_loc(&C->arena, shown, r.lineno);
        gctx x = {&C->cuetab, sc, (uint32_t)C->cues.n};
        fk_vec_push(C->cues, c);
        fk_infl_generate(I, f[0], c.type, codes, np, emit_cue, &x);
    }
    fk_lines_close(&r);
}

static void load_names(fk_cues *C, const fk_engine *e, fk_infl *I, fk_doc *sc, fakty_diags *diags)
{
    const char *rel = "entities/first-names.tsv";
    fk_lines r;
    const char *path = open_rules(e, rel, &r, diags);
    if (!path) return;
    C->fn_rule = rule_path(e, rel, path, &C->arena);
    char *line;
    size_t len;
    while ((line = fk_lines_record(&r, &len))) {
        char *f[3];
        size_t n = fk_split(line, '\t', f, 3);
        if (n != 2) {
            fk_lines_error(&r, line, n > 2 ? f[2] : line + len, "expected: name<TAB>gender");
            continue;
        }
        int g = fk_gender_parse(f[1], strlen(f[1]));
        if (g != FK_G_M1 && g != FK_G_F) {
            fk_lines_error(&r, line, f[1], "gender of a first name must be m1 or f, not \"%s\"", f[1]);
            continue;
        }
        const char *part[FK_MAXPARTS];
        size_t plen[FK_MAXPARTS];
        char sep[FK_MAXPARTS];
        size_t np = fk_name_parts(f[0], part, plen, sep);
        if (np != 1) {
            fk_lines_error(&r, line, f[0], "a first name is one word (no space or hyphen)");
            continue;
        }
        fname x = {fk_arena_strdup(&C->arena, f[0]), g};
        fk_pcode code = {'N', g};
        if (fk_infl_is_indecl(I, f[0])) code.code = '=';
        gctx gx = {&C->nametab, sc, (uint32_t)C->names.n};
        fk_vec_push(C->names, x);
        fk_infl_generate(I, f[0], FK_PER, &code, 1, emit_cue, &gx);
    }
    fk_lines_close(&r);
}

static void load_words(fk_cues *C, const fk_engine *e, const char *rel, int stop, fk_map *into,
                       fakty_diags *diags)
{
    fk_lines r;
    const char *path = open_rules(e, rel, &r, diags);
    if (!path) return;
    char *line;
    size_t len;
    while ((line = fk_lines_record(&r, &len))) {
        char *f[3];
        size_t n = fk_split(line, '\t', f, 3);
        if (n > (stop ? 2u : 1u)) {
            fk_lines_error(&r, line, f[stop ? 2 : 1], "too many fields");
            continue;
        }
        if (!*f[0] || strchr(f[0], ' ')) {
            fk_lines_error(&r, line, f[0], "expected one word");
            continue;
        }
        uintptr_t bits = 1;
        if (stop) {
            if (n < 2 || !strcmp(f[1], "start")) bits = STOP_START;
            else if (!strcmp(f[1], "never")) bits = STOP_NEVER;
            else {
                fk_lines_error(&r, line, f[1], "unknown kind \"%s\" (expected start or never)", f[1]);
                continue;
            }
        }
        char key[512];
        size_t kl = fold_str(f[0], strlen(f[0]), key, sizeof key);
        int ins;
        void **v = fk_map_slot(into, key, kl, &ins);
        *v = (void *)((uintptr_t)*v | bits);
    }
    fk_lines_close(&r);
}

/* Adds an ending to the reversed byte trie. */
static void ending_add(fk_cues *C, const char *key, size_t kl, const char *rule)
{
    int32_t node = 0; /* index + 1; 0: the root */
    for (size_t i = kl; i-- > 0;) {
        unsigned char b = (unsigned char)key[i];
        int32_t x = node ? C->endtrie.v[node - 1].child : C->endroot[b], prev = 0;
        if (node)
            while (x && C->endtrie.v[x - 1].byte != b) prev = x, x = C->endtrie.v[x - 1].sibling;
        if (!x) {
            endnode nn = {0, 0, b, NULL};
            fk_vec_push(C->endtrie, nn);
            x = (int32_t)C->endtrie.n;
            if (!node) C->endroot[b] = x;
            else if (prev) C->endtrie.v[prev - 1].sibling = x;
            else C->endtrie.v[node - 1].child = x;
        }
        node = x;
    }
    if (node) C->endtrie.v[node - 1].rule = rule;
}

static void load_endings(fk_cues *C, const fk_engine *e, fakty_diags *diags)
{
    const char *rel = "entities/surname-endings.tsv";
    fk_lines r;
    const char *path = open_rules(e, rel, &r, diags);
    if (!path) return;
    const char *shown = rule_path(e, rel, path, &C->arena);
    char *line;
    size_t len;
    while ((line = fk_lines_record(&r, &len))) {
        char *f[2];
        size_t n = fk_split(line, '\t', f, 2);
        if (n > 1) {
            fk_lines_error(&r, line, f[1], "expected one ending a line");
            continue;
        }
        char key[256];
        size_t kl = fold_str(f[0], strlen(f[0]), key, sizeof key);
        if (!kl || strchr(key, ' ')) {
            fk_lines_error(&r, line, f[0], "expected one ending (letters only)");
            continue;
        }
        int ins;
        void **v = fk_map_slot(C->surend, key, kl, &ins);
        if (ins) {
            *v = (void *)fk_arena_loc(&C->arena, shown, r.lineno);
            ending_add(C, key, kl, *v);
        }
        size_t k = fk_utf8_count(key, kl);
        if (k > C->surend_max) C->surend_max = k;
    }
    fk_lines_close(&r);
}

/* entities/org-suffixes.tsv: one legal form a line, as written ("SA", "Ltd."). */
static void load_suffixes(fk_cues *C, const fk_engine *e, fakty_diags *diags)
{
    fk_lines r;
    if (!open_rules(e, "entities/org-suffixes.tsv", &r, diags)) return;
    char *line;
    size_t len;
    while ((line = fk_lines_record(&r, &len))) {
        if (strchr(line, '\t') || strchr(line, ' ')) {
            fk_lines_error(&r, line, line, "expected one legal form a line (no space, no tab)");
            continue;
        }
        fk_vec_push(C->orgsuf, fk_arena_strdup(&C->arena, line));
        C->orgsuf_first[(unsigned char)line[0] >> 6] |= 1ULL << ((unsigned char)line[0] & 63);
    }
    fk_lines_close(&r);
}

int fk_cues_load(const fk_engine *e, fk_infl *I, fk_doc *sc, fakty_diags *diags, fk_cues **out)
{
    fk_cues *C = fk_xcalloc(1, sizeof *C);
    *out = C;
    C->serial = atomic_fetch_add(&cues_serial, 1) + 1;
    fk_arena_init(&C->arena, 64 * 1024);
    fk_ftab_init(&C->cuetab);
    fk_ftab_init(&C->nametab);
    C->stop = fk_map_new();
    C->conn = fk_map_new();
    C->coord = fk_map_new();
    C->surend = fk_map_new();
    load_endings(C, e, diags);
    load_cues(C, e, I, sc, diags);
    load_names(C, e, I, sc, diags);
    load_words(C, e, "entities/stopwords.tsv", 1, C->stop, diags);
    load_words(C, e, "entities/connectors.tsv", 0, C->conn, diags);
    load_words(C, e, "entities/coordinators.tsv", 0, C->coord, diags);
    load_suffixes(C, e, diags);
    return 0;
}

void fk_cues_free(fk_cues *C)
{
    if (!C) return;
    if (tl_memo && tl_memo->serial == C->serial) memo_clear(tl_memo);
    fk_ftab_free(&C->cuetab);
    fk_ftab_free(&C->nametab);
    fk_map_free(C->stop);
    fk_map_free(C->conn);
    fk_map_free(C->coord);
    fk_vec_free(C->orgsuf);
    fk_map_free(C->surend);
    fk_vec_free(C->endtrie);
    fk_vec_free(C->cues);
    fk_vec_free(C->names);
    fk_arena_free(&C->arena);
    free(C);
}

int fk_cues_stop(const fk_cues *C, const char *fold, int sentence_start)
{
    if (!C) return 0;
    uintptr_t v = (uintptr_t)fk_map_get(C->stop, fold, strlen(fold));
    return (v & STOP_NEVER) || (sentence_start && (v & STOP_START));
}

/* ---- running --------------------------------------------------------------- */

static int is_word(const fk_doc *d, size_t t) { return d->toks.v[t].kind == FK_TOK_WORD; }
static int is_cap(const fk_doc *d, size_t t)
{
    return is_word(d, t) && (d->toks.v[t].flags & FK_TF_UPPER);
}
static int is_punct(const fk_doc *d, size_t t, const char *chars)
{
    const fk_token *k = &d->toks.v[t];
    if (k->kind != FK_TOK_PUNCT) return 0;
    size_t l = k->end - k->start;
    /* single ASCII char or a quote mark (multi-byte) */
    if (l == 1) return strchr(chars, d->text[k->start]) != NULL;
    return chars[0] == '"' ? 1 : 0;
}

static int is_quote(const fk_doc *d, size_t t);
static const char *surname_ending(const fk_cues *C, const char *fold, size_t n);
static int is_initial(const fk_doc *d, size_t t);

/* ---- which entity covers a token ----------------------------------------
 *
 * The passes ask "the first live entity (lowest index) covering token t"
 * again and again; a scan of all entities each time is quadratic in a long
 * document. While fk_cues_run works on a document, the answer for every
 * token is kept in an index that every change of d->ents made here keeps
 * up to date (push_ent, ent_drop, ent_span), with the dates and ordinals
 * each token is in (they do not change here). */
enum { OWN_DATE = 1, OWN_ORDINAL = 2 };
typedef struct entidx {
    const fk_doc *d;
    int32_t *own;        /* per token: entity index or -1 */
    uint8_t *other;      /* per token: OWN_* bits */
    fk_map *lower;       /* long documents: the words written in lower case */
} entidx;
static _Thread_local entidx *cur_idx;

static int covers(const fk_entity *e, size_t t) { return e->type && e->tok0 <= t && t < e->tok1; }

static int ent_scan(const fk_doc *d, size_t t, size_t from)
{
    for (size_t i = from; i < d->ents.n; i++)
        if (covers(&d->ents.v[i], t)) return (int)i;
    return -1;
}

static int ent_at(const fk_doc *d, size_t t)
{
    if (cur_idx && cur_idx->d == d) return t < d->toks.n ? cur_idx->own[t] : -1;
    return ent_scan(d, t, 0);
}

static void idx_begin(entidx *x, const fk_doc *d)
{
    size_t nt = d->toks.n;
    x->d = d;
    x->own = fk_xmalloc((nt + 1) * sizeof *x->own);
    for (size_t t = 0; t <= nt; t++) x->own[t] = -1;
    for (size_t i = d->ents.n; i-- > 0;) {
        const fk_entity *e = &d->ents.v[i];
        if (!e->type) continue;
        for (size_t t = e->tok0; t < e->tok1 && t < nt; t++) x->own[t] = (int32_t)i;
    }
    x->other = fk_xcalloc(nt + 1, 1);
    x->lower = NULL;
    for (size_t j = 0; j < d->dates.n; j++)
        for (size_t t = d->dates.v[j].tok0; t < d->dates.v[j].tok1 && t < nt; t++) x->other[t] |= OWN_DATE;
    for (size_t j = 0; j < d->qtys.n; j++) {
        const fk_quantity *q = &d->qtys.v[j];
        if (q->tok0 < nt && q->tok1 == q->tok0 + 1 && (q->flags & FK_QF_NOCOUNT)) x->other[q->tok0] |= OWN_ORDINAL;
    }
    cur_idx = x;
}

static void idx_end(entidx *x)
{
    free(x->own);
    free(x->other);
    fk_map_free(x->lower);
    cur_idx = NULL;
}

/* Entity k was added or grew over [t0, t1). */
static void idx_gain(fk_doc *d, size_t k, size_t t0, size_t t1)
{
    if (!cur_idx || cur_idx->d != d) return;
    for (size_t t = t0; t < t1 && t < d->toks.n; t++)
        if (cur_idx->own[t] < 0 || (size_t)cur_idx->own[t] > k) cur_idx->own[t] = (int32_t)k;
}

/* Entity k no longer covers [t0, t1) (dropped or shrunk). */
static void idx_lose(fk_doc *d, size_t k, size_t t0, size_t t1)
{
    if (!cur_idx || cur_idx->d != d) return;
    for (size_t t = t0; t < t1 && t < d->toks.n; t++)
        if (cur_idx->own[t] == (int32_t)k) cur_idx->own[t] = ent_scan(d, t, k + 1);
}

/* Entity k is removed (the compaction at the end drops it). */
static void ent_drop(fk_doc *d, size_t k)
{
    d->ents.v[k].type = 0;
    idx_lose(d, k, d->ents.v[k].tok0, d->ents.v[k].tok1);
}

/* Entity k spans tokens [t0, t1) from now on. */
static void ent_span(fk_doc *d, size_t k, size_t t0, size_t t1)
{
    fk_entity *e = &d->ents.v[k];
    size_t o0 = e->tok0, o1 = e->tok1;
    e->tok0 = (uint32_t)t0;
    e->tok1 = (uint32_t)t1;
    idx_lose(d, k, o0, o1);
    idx_gain(d, k, t0, t1);
}

/* Is token t covered only by a quantity that is no count (an ordinal
 * such as the Roman "II"), and by nothing else? */
static int ordinal_only(const fk_doc *d, const uint8_t *cov, size_t t)
{
    if (!cov[t] || ent_at(d, t) >= 0) return 0;
    if (cur_idx && cur_idx->d == d) return t < d->toks.n && cur_idx->other[t] == OWN_ORDINAL;
    for (size_t j = 0; j < d->dates.n; j++)
        if (d->dates.v[j].tok0 <= t && t < d->dates.v[j].tok1) return 0;
    for (size_t j = 0; j < d->qtys.n; j++)
        if (d->qtys.v[j].tok0 == t && d->qtys.v[j].tok1 == t + 1 && (d->qtys.v[j].flags & FK_QF_NOCOUNT))
            return 1;
    return 0;
}

static void push_ent(fk_doc *d, uint8_t *cov, size_t t0, size_t t1, int type, const char *subtype,
                     const char *name, const char *ref, const char *rule, const char *form, double score)
{
    fk_entity x = {0};
    x.tok0 = (uint32_t)t0;
    x.tok1 = (uint32_t)t1;
    x.start = d->toks.v[t0].start;
    x.end = d->toks.v[t1 - 1].end;
    x.sentence = d->toks.v[t0].sentence;
    x.type = type;
    x.subtype = subtype;
    x.name = name;
    x.ref = ref;
    x.rule = rule;
    x.form = form;
    x.score = score;
    fk_vec_push(d->ents, x);
    for (size_t t = t0; t < t1; t++) cov[t] = 1;
    idx_gain(d, d->ents.n - 1, t0, t1);
}

/* Nominative of a word form in gender g, case c: an adjective reading
 * whose lemma looks like an adjective (J lines) first, unless pos is 'N'
 * only; then a noun reading; else the word itself. */
static const char *base_form(const fk_infl *I, fk_arena *a, const char *w, char pos, int g, int c)
{
    const char *lem[8];
    if (fk_utf8_count(w, strlen(w)) < 3) return w; /* initials, short words */
    size_t n = fk_infl_lemmas(I, w, 'A', g, c, a, lem, NULL, 8);
    for (size_t k = 0; k < n; k++)
        if (fk_infl_is_adjlike(I, lem[k])) return lem[k];
    if (pos == 'A') return w;
    n = fk_infl_lemmas(I, w, 'N', g, c, a, lem, NULL, 8);
    return n ? lem[0] : w;
}

/* Nominative of one word (hyphen parts each) read as pos/gender/case. */
static void base_word(const fk_infl *I, fk_arena *a, const char *w, size_t wl, char pos, int g, int c,
                      char *out, size_t *o, size_t cap)
{
    size_t i = 0;
    while (i <= wl) {
        size_t j = i;
        while (j < wl && w[j] != '-') j++;
        char *part = fk_arena_strndup(a, w + i, j - i);
        const char *res = part;
        if (c > 0 && *part) res = base_form(I, a, part, pos, g, c);
        size_t rl = strlen(res);
        if (*o + rl + 2 < cap) {
            memcpy(out + *o, res, rl);
            *o += rl;
            if (j < wl) out[(*o)++] = '-';
        }
        i = j + 1;
    }
    out[*o] = 0;
}

/* Nominative name of tokens [t0, t1) read in gender g, case c; tokens
 * [t0, keep) already given by prefix (may be NULL). */
static const char *base_name(const fk_infl *I, fk_doc *d, size_t t0, size_t t1, char pos, int g,
                             int c, const char *prefix, size_t keep)
{
    char out[1024];
    size_t o = 0;
    out[0] = 0;
    if (prefix) {
        size_t pl = strlen(prefix);
        if (pl < 512) memcpy(out, prefix, pl), o = pl, out[o] = 0;
    }
    for (size_t t = keep; t < t1; t++) {
        const fk_token *k = &d->toks.v[t];
        if (o && (k->flags & FK_TF_SPACE) && o + 1 < sizeof out) out[o++] = ' ';
        if (k->kind == FK_TOK_WORD)
            base_word(I, &d->arena, d->text + k->start, k->end - k->start, pos, g, c, out, &o, sizeof out);
        else if (o + (k->end - k->start) + 1 < sizeof out) {
            memcpy(out + o, d->text + k->start, k->end - k->start);
            o += k->end - k->start;
        }
        out[o] = 0;
    }
    (void)t0;
    return fk_arena_strdup(&d->arena, out);
}

/* A run of capitalised words starting at t (person or place name), at
 * most max tokens, not covered, not stop words, not cues; returns end. */
static size_t cap_run(const fk_cues *C, const fk_doc *d, const uint8_t *cov, size_t t, size_t limit,
                      size_t max, int allow_acronym)
{
    size_t e = t, words = 0;
    while (e < limit && words < max && !cov[e]) {
        /* a spaced hyphen between two parts of a person's name */
        if (!allow_acronym && e > t && is_punct(d, e, "-") && e + 1 < limit && !cov[e + 1] &&
            is_cap(d, e + 1) && !(d->toks.v[e + 1].flags & FK_TF_ALLUPPER)) {
            e += 2;
            continue;
        }
        words++;
        if (!is_cap(d, e)) break;
        if (!allow_acronym && (d->toks.v[e].flags & FK_TF_ALLUPPER)) break;
        if (fk_cues_stop(C, fk_tok_fold(d, e), 0)) break;
        if (fk_ftab_match(&C->cuetab, d, e, limit)) break;
        /* an abbreviation or initial followed by "." ends the run */
        if (d->toks.v[e].flags & FK_TF_ABBR) break;
        e++;
    }
    return e;
}

int fk_at_start(const fk_doc *d, size_t t)
{
    if (t == 0 || (d->toks.v[t].flags & FK_TF_SENT_START)) return 1;
    const fk_token *p = &d->toks.v[t - 1];
    if (p->kind != FK_TOK_PUNCT) return 0;
    return !(p->end - p->start == 1 && d->text[p->start] == ',');
}

int fk_cues_first_name(const fk_cues *C, const fk_doc *d, size_t t)
{
    if (!C) return 0;
    for (const fk_fcand *x = fk_ftab_get(&C->nametab, d, t, 1); x; x = x->next)
        if (fk_fcand_ok(x, d, t)) return 1;
    return 0;
}

/* The first-name reading of token t: candidate with case c (c<0 any). */
static const fk_fcand *first_name(const fk_cues *C, const fk_doc *d, size_t t, int c)
{
    for (const fk_fcand *x = fk_ftab_get(&C->nametab, d, t, 1); x; x = x->next)
        if (fk_fcand_ok(x, d, t) && (c < 0 || x->casei == c)) return x;
    return NULL;
}

/* Does a person's name in apposition start at token t: a first name in
 * the nominative followed by a capitalised word ("Rady Nadzorczej Jan
 * Kowalski")? A first name in another case is rather part of an
 * organization's name ("Uniwersytetu Adama Mickiewicza"). */
static int person_starts(const fk_cues *C, const fk_doc *d, const uint8_t *cov, size_t t, size_t limit)
{
    if (t + 1 >= limit || !is_cap(d, t + 1) || (d->toks.v[t].flags & FK_TF_ALLUPPER) || !first_name(C, d, t, 0))
        return 0;
    int k = cov[t + 1] ? ent_at(d, t + 1) : -1;
    return k < 0 || d->ents.v[k].type == FK_PER;
}

static const char *person_name(const fk_cues *C, const fk_infl *I, fk_doc *d, size_t t0, size_t t1,
                               int g, int c)
{
    const fk_fcand *fn = first_name(C, d, t0, c);
    if (fn) {
        const fname *nm = &C->names.v[fn->payload];
        return base_name(I, d, t0, t1, 'N', nm->gender, fn->casei, nm->name, t0 + 1);
    }
    return base_name(I, d, t0, t1, 'N', g, c, NULL, t0);
}

static void run_cues(const fk_cues *C, const fk_infl *I, fk_doc *d, uint8_t *cov)
{
    size_t nt = d->toks.n;
    for (size_t i = 0; i < nt; i++) {
        if (cov[i] || !is_word(d, i)) continue;
        size_t limit = d->sents.n ? d->sents.v[d->toks.v[i].sentence].tok1 : nt;
        const fk_fcand *m = fk_ftab_match(&C->cuetab, d, i, limit);
        if (!m) continue;
        const cue *cu = &C->cues.v[m->payload];
        size_t after = i + m->ntok;
        if (after >= limit) continue;
        int c = cu->agree ? m->casei : cu->name_case > 0 ? cu->name_case : 0;
        if (cu->role == ROLE_HEAD) {
            /* head word + capitalised words and connectors; one place
             * after a connector belongs to the name ("Sąd Okręgowy w Łodzi") */
            size_t e = after, last = i + m->ntok;
            int drop[2] = {-1, -1};
            size_t ndrop = 0;
            /* a capitalised head word is a proper name's first word: a known
             * organization after it is part of it ("Klub Parlamentarny SLD",
             * "Komenda Rejonowa Policji"); after a lower-case head it stays
             * itself ("agencja Ria Novosti"; a sentence start says nothing) */
            int cap_head = is_cap(d, i) && !(d->toks.v[i].flags & FK_TF_ALLUPPER) && !fk_at_start(d, i);
            while (e < limit && e - after < 10) {
                /* a person named after the organization is not part of it */
                if (cu->type != FK_PER && person_starts(C, d, cov, e, limit)) break;
                if ((!cov[e] || ordinal_only(d, cov, e)) && (is_cap(d, e) || d->toks.v[e].kind == FK_TOK_NUMBER) &&
                    (!cov[e] || d->toks.v[e].kind == FK_TOK_NUMBER)) {
                    if (cov[e] && last == after) break; /* a number right after the head */
                    e++;
                    last = e;
                    continue;
                }
                /* a hyphen between two capitalised words of the name
                 * ("Zjednoczenie Chrześcijańsko-Narodowe" written spaced) */
                if (last == e && e > after && is_punct(d, e, "-") && e + 1 < limit && !cov[e + 1] &&
                    is_cap(d, e + 1) && !person_starts(C, d, cov, e + 1, limit)) {
                    e += 2;
                    last = e;
                    continue;
                }
                /* a quoted name after the head and the name's words is the
                 * rest of the name ("Fundacja \"Dzieci Niczyje\"", "Komisja
                 * Krajowa \"Solidarności\""); entities inside are dropped */
                if (cu->type == FK_ORG && last == e && (cap_head || e > after) && is_quote(d, e) &&
                    e + 1 < limit && is_cap(d, e + 1)) {
                    size_t q = e + 1, nd = ndrop;
                    int ok = 1;
                    while (ok && q < limit && q - e <= 6 && !is_quote(d, q)) {
                        if (cov[q]) {
                            int k = ent_at(d, q);
                            if (k < 0 || nd >= 2 || d->ents.v[k].tok0 != q) ok = 0;
                            else {
                                drop[nd++] = k;
                                q = d->ents.v[k].tok1;
                                continue;
                            }
                        }
                        q++;
                    }
                    if (ok && q < limit && is_quote(d, q) && !cov[q]) {
                        ndrop = nd;
                        e = last = q + 1;
                    }
                    break;
                }
                /* a name right after the name's words belongs to it
                 * ("Urząd Miasta Krakowa", "Stocznia Gdańska", "Prezydium
                 * Sejmu", "ulica Jana Pawła II") */
                if (cov[e] && ndrop < 2) {
                    int k = ent_at(d, e);
                    /* but a known organization stays itself ("agencja Ria
                     * Novosti" is Ria Novosti) */
                    if (k >= 0 && d->ents.v[k].tok0 == e && d->ents.v[k].tok1 <= limit &&
                        d->ents.v[k].tok1 - e <= 4 &&
                        (cap_head || !(d->ents.v[k].type == cu->type && d->ents.v[k].ref))) {
                        drop[ndrop++] = k;
                        e = last = d->ents.v[k].tok1;
                        if (cap_head && cu->type == FK_ORG) continue;
                    }
                    break;
                }
                if (!cov[e] && is_word(d, e) && e + 1 < limit &&
                    fk_map_get(C->conn, fk_tok_fold(d, e), d->toks.v[e].fold_len)) {
                    /* an abbreviated connector keeps its dot ("im.") */
                    if ((d->toks.v[e].flags & FK_TF_ABBR) && is_punct(d, e + 1, ".") && e + 2 < limit &&
                        !cov[e + 2] && is_cap(d, e + 2)) {
                        e += 2;
                        continue;
                    }
                    /* ... but not into another organization ("Stronnictwo X
                     * oraz Porozumienie Y") */
                    if (!cov[e + 1] && is_cap(d, e + 1)) {
                        const fk_fcand *h = fk_ftab_match(&C->cuetab, d, e + 1, limit);
                        if (h && C->cues.v[h->payload].role == ROLE_HEAD) break;
                        e++;
                        continue;
                    }
                    /* "Szkoła Podstawowa nr 5" (the number may be a quantity) */
                    if ((!cov[e + 1] || ordinal_only(d, cov, e + 1)) && d->toks.v[e + 1].kind == FK_TOK_NUMBER &&
                        last > after) {
                        e += 2;
                        last = e;
                        continue;
                    }
                    int k = cov[e + 1] && cu->type == FK_ORG ? ent_at(d, e + 1) : -1;
                    if (k >= 0 && ndrop < 2 && (last > after || cap_head) && d->ents.v[k].type == FK_LOC &&
                        d->ents.v[k].tok0 == e + 1 && d->ents.v[k].tok1 <= limit) {
                        drop[ndrop++] = k;
                        e = last = d->ents.v[k].tok1;
                        break;
                    }
                }
                break;
            }
            if (last == i + m->ntok) {
                /* the capitalised head alone inside a sentence names one
                 * organization ("przed Sądem", "Komisja uznała" is not) */
                if (m->ntok == 1 && !fk_at_start(d, i) && is_cap(d, i) &&
                    !(d->toks.v[i].flags & FK_TF_ALLUPPER) && !(i > 0 && is_cap(d, i - 1)) &&
                    !(i + 1 < limit && is_cap(d, i + 1)))
                    push_ent(d, cov, i, i + 1, cu->type, NULL, cu->text, NULL, cu->rule, "cue-head", 0.5);
                continue;
            }
            /* capitalised adjectives before the head agree with it
             * ("Powiatowego Zakładu Opieki Zdrowotnej") */
            size_t first = i;
            const char *pre[2] = {NULL, NULL};
            while (first > 0 && i - first < 2 && !cov[first - 1] && is_cap(d, first - 1) &&
                   !(d->toks.v[first - 1].flags & FK_TF_ALLUPPER) &&
                   d->toks.v[first - 1].sentence == d->toks.v[i].sentence) {
                const fk_token *k = &d->toks.v[first - 1];
                char tmp[256];
                size_t tl = k->end - k->start < 255 ? k->end - k->start : 255;
                memcpy(tmp, d->text + k->start, tl);
                tmp[tl] = 0;
                const char *b = m->casei > 0 ? base_form(I, &d->arena, tmp, 'A', cu->gender, m->casei)
                                             : fk_infl_is_adjlike(I, tmp) ? fk_arena_strdup(&d->arena, tmp) : NULL;
                if (!b || (m->casei > 0 && b == (const char *)tmp)) break;
                pre[i - first] = b;
                first--;
            }
            for (size_t q = 0; q < ndrop; q++) {
                for (size_t t = d->ents.v[drop[q]].tok0; t < d->ents.v[drop[q]].tok1; t++) cov[t] = 0;
                ent_drop(d, (size_t)drop[q]); /* nested in the organization: removed below */
            }
            /* name: head in the nominative, agreeing adjectives back to it */
            char out[1024];
            size_t o = 0;
            for (size_t k = i - first; k-- > 0;) {
                size_t pl = strlen(pre[k]);
                if (o + pl + 2 < 512) memcpy(out + o, pre[k], pl), o += pl, out[o++] = ' ';
            }
            size_t hl = strlen(cu->text);
            if (o + hl < 512) memcpy(out + o, cu->text, hl), o += hl;
            out[o] = 0;
            int in_adj = 1;
            for (size_t t = i + m->ntok; t < last; t++) {
                const fk_token *k = &d->toks.v[t];
                if ((k->flags & FK_TF_SPACE) && o + 1 < sizeof out) out[o++] = ' ';
                const char *w = d->text + k->start;
                size_t wl = k->end - k->start;
                char tmp[256];
                size_t tl = wl < 255 ? wl : 255;
                memcpy(tmp, w, tl);
                tmp[tl] = 0;
                const char *adj = in_adj && m->casei > 0 && k->kind == FK_TOK_WORD
                                      ? base_form(I, &d->arena, tmp, 'A', cu->gender, m->casei) : tmp;
                if (adj != tmp && strlen(adj) + o + 1 < sizeof out) {
                    memcpy(out + o, adj, strlen(adj));
                    o += strlen(adj);
                } else {
                    in_adj = 0;
                    if (o + wl + 1 < sizeof out) memcpy(out + o, w, wl), o += wl;
                }
                out[o] = 0;
            }
            push_ent(d, cov, first, last, cu->type, NULL, fk_arena_strdup(&d->arena, out), NULL, cu->rule,
                     "cue", 0.6);
            i = last - 1;
            continue;
        }
        /* role before: the name follows the cue */
        size_t s = after;
        int quoted = 0;
        /* a quoted name after a person's or a place's cue is a title, a
         * newspaper or a nickname ("powiedział \"Gazecie\""): not taken */
        if (s < limit && is_punct(d, s, "\"'")) {
            if (cu->type != FK_ORG) continue; /* nor a place: "w \"Wyborczej\"" */
            quoted = 1, s++;
        }
        if (s >= limit) continue;
        if (cov[s]) {
            int k = ent_at(d, s);
            if (k < 0 || d->ents.v[k].type == cu->type || cu->type != FK_PER) continue;
            /* "prezydent Rosji Władimir Putin": skip the place */
            s = d->ents.v[k].tok1;
            if (s >= limit || cov[s]) continue;
        }
        /* a first name after a person's cue: the first-name pass reads
         * the name (initials, the surname's case) */
        if (cu->type == FK_PER && !quoted && first_name(C, d, s, -1)) continue;
        size_t e;
        if (quoted) {
            e = s;
            while (e < limit && e - s < 10 && !cov[e] && !is_punct(d, e, "\"'")) e++;
            if (e == s || e >= limit || !is_cap(d, s)) continue;
        } else {
            e = cap_run(C, d, cov, s, limit, cu->type == FK_PER ? 4 : 3, cu->type != FK_PER);
            if (e == s) continue;
            /* "w Lubelskich Zakładach Tytoniowych": the run stops at an
             * organization's head word, which takes the words before it */
            if (cu->type != FK_PER && e < limit && e - s <= 2 && is_cap(d, e)) {
                const fk_fcand *h = fk_ftab_match(&C->cuetab, d, e, limit);
                if (h && C->cues.v[h->payload].role == ROLE_HEAD) continue;
            }
            /* "ministra Skarbu Wiesława Kaczmarka": the person's name
             * starts at the first name */
            if (cu->type == FK_PER)
                for (size_t p = s + 1; p + 1 < e; p++)
                    if (first_name(C, d, p, -1)) {
                        s = p;
                        break;
                    }
        }
        const char *name;
        if (cu->type == FK_PER) {
            int g = cu->name_gender != FK_G_NONE ? cu->name_gender : cu->gender;
            if (g == FK_G_NONE) g = FK_G_M1;
            name = person_name(C, I, d, s, e, g, c);
        } else if (quoted || c == 0) {
            name = base_name(I, d, s, e, 'N', FK_G_NONE, 0, NULL, s);
        } else {
            /* places and organizations: the likeliest genders first */
            static const int order[] = {FK_G_M3, FK_G_F, FK_G_N, FK_G_P};
            name = NULL;
            if (cu->name_gender != FK_G_NONE) name = base_name(I, d, s, e, 'N', cu->name_gender, c, NULL, s);
            for (size_t gi = 0; !name && gi < sizeof order / sizeof *order; gi++) {
                const char *b = base_name(I, d, s, e, 'N', order[gi], c, NULL, s);
                if (strncmp(b, d->text + d->toks.v[s].start, d->toks.v[e - 1].end - d->toks.v[s].start))
                    name = b;
            }
            if (!name) name = base_name(I, d, s, e, 'N', FK_G_NONE, 0, NULL, s);
        }
        push_ent(d, cov, s, e, cu->type, NULL, name, NULL, cu->rule, "cue", 0.6);
        i = e - 1;
    }
}

/* An organization's head word alone inside a sentence ("przed Sądem",
 * found by run_cues) names the organization of that head the text names in
 * full (the nearest before it, else the first after it): same name and id. */
static void run_org_heads(const fk_cues *C, fk_doc *d)
{
    size_t n0 = d->ents.n, heads = 0;
    for (size_t k = 0; k < n0; k++)
        heads += d->ents.v[k].type == FK_ORG && d->ents.v[k].form && !strcmp(d->ents.v[k].form, "cue-head");
    if (!heads) return;
    fk_map *full = NULL; /* head cue index + 1 -> list of entity indices (as a small vector) */
    typedef FK_VEC(uint32_t) ivec;
    ivec *lists = NULL;
    size_t nlists = 0;
    for (size_t k = 0; k < n0; k++) {
        const fk_entity *en = &d->ents.v[k];
        if (en->type != FK_ORG || en->tok1 - en->tok0 < 2) continue;
        /* the head: the entity's first word, or after up to two adjectives */
        for (size_t h = en->tok0; h < en->tok1 && h < en->tok0 + 3; h++) {
            const fk_fcand *m = fk_ftab_get(&C->cuetab, d, h, 1);
            for (; m; m = m->next)
                if (fk_fcand_ok(m, d, h) && C->cues.v[m->payload].role == ROLE_HEAD &&
                    C->cues.v[m->payload].type == FK_ORG)
                    break;
            if (!m) continue;
            if (!full) full = fk_map_new();
            char key[16];
            int kl = snprintf(key, sizeof key, "%u", (unsigned)m->payload);
            int ins;
            void **v = fk_map_slot(full, key, (size_t)kl, &ins);
            if (ins) {
                lists = fk_xrealloc(lists, (nlists + 1) * sizeof *lists);
                memset(&lists[nlists], 0, sizeof *lists);
                *v = (void *)(uintptr_t)(++nlists);
            }
            fk_vec_push(lists[(uintptr_t)*v - 1], (uint32_t)k);
            break;
        }
    }
    if (!full) return;
    for (size_t q = 0; q < n0; q++) {
        fk_entity *en = &d->ents.v[q];
        if (en->type != FK_ORG || !en->form || strcmp(en->form, "cue-head")) continue;
        size_t t = en->tok0;
        const fk_fcand *m = fk_ftab_get(&C->cuetab, d, t, 1);
        for (; m; m = m->next)
            if (fk_fcand_ok(m, d, t) && C->cues.v[m->payload].role == ROLE_HEAD && C->cues.v[m->payload].type == FK_ORG)
                break;
        if (!m) continue;
        char key[16];
        int kl = snprintf(key, sizeof key, "%u", (unsigned)m->payload);
        void *v = fk_map_get(full, key, (size_t)kl);
        if (!v) continue;
        const ivec *l = &lists[(uintptr_t)v - 1];
        uint32_t best = l->v[0];
        for (size_t j = 0; j < l->n; j++)
            if (d->ents.v[l->v[j]].tok0 < t) best = l->v[j];
        const fk_entity *src = &d->ents.v[best];
        en->name = src->name;
        en->ref = src->ref;
        en->subtype = src->subtype;
    }
    for (size_t j = 0; j < nlists; j++) fk_vec_free(lists[j]);
    free(lists);
    fk_map_free(full);
}

/* First name + capitalised words -> PER. */
static void run_first_names(const fk_cues *C, const fk_infl *I, fk_doc *d, uint8_t *cov)
{
    size_t nt = d->toks.n;
    for (size_t i = 0; i < nt; i++) {
        if (cov[i] || !is_cap(d, i) || (d->toks.v[i].flags & FK_TF_ALLUPPER && !(i + 1 < nt && d->toks.v[i + 1].flags & FK_TF_ALLUPPER)))
            continue;
        const fk_fcand *fn = first_name(C, d, i, -1);
        if (!fn) continue;
        if (fk_cues_stop(C, fk_tok_fold(d, i), fk_at_start(d, i))) continue;
        size_t limit = d->sents.n ? d->sents.v[d->toks.v[i].sentence].tok1 : nt;
        /* a first name right before a known person: part of the name
         * ("Aleksander Łukaszenko" with only the surname in a table) */
        if (i + 1 < limit && cov[i + 1]) {
            int k = ent_at(d, i + 1);
            if (k >= 0 && d->ents.v[k].type == FK_PER && d->ents.v[k].tok0 == i + 1) {
                ent_span(d, (size_t)k, i, d->ents.v[k].tok1);
                d->ents.v[k].start = d->toks.v[i].start;
                cov[i] = 1;
                continue;
            }
        }
        size_t e = i + 1 < limit ? cap_run(C, d, cov, i + 1, limit, 2, 0) : i + 1;
        if (e < i + 1) e = i + 1;
        /* first name + initial: "Tomasz S." */
        if (e == i + 1 && i + 2 < limit && !cov[i + 1] && !cov[i + 2] && is_cap(d, i + 1) &&
            fk_utf8_count(d->text + d->toks.v[i + 1].start, d->toks.v[i + 1].end - d->toks.v[i + 1].start) <= 2 &&
            is_punct(d, i + 2, ".") && !(d->toks.v[i + 2].flags & FK_TF_SPACE)) {
            e = i + 3;
            /* and a surname after the middle initial: "Piotra C. Kowalskiego" */
            if (e < limit && !cov[e] && is_cap(d, e) && !(d->toks.v[e].flags & (FK_TF_ALLUPPER | FK_TF_ABBR)) &&
                (d->toks.v[e].flags & FK_TF_SPACE) && !fk_cues_stop(C, fk_tok_fold(d, e), 1) &&
                /* (the initial may end a sentence: "Janusz P. Ten ...") */
                surname_ending(C, fk_tok_fold(d, e), d->toks.v[e].fold_len) &&
                !(e + 1 < nt && is_cap(d, e + 1) && d->toks.v[e + 1].sentence == d->toks.v[e].sentence))
                e++;
        }
        /* choose the reading (gender, case) under which the surname inverts */
        const fname *nm = &C->names.v[fn->payload];
        const fk_fcand *best = fn;
        if (e > i + 1) {
            for (const fk_fcand *x = fk_ftab_get(&C->nametab, d, i, 1); x; x = x->next) {
                if (!fk_fcand_ok(x, d, i)) continue;
                if (x->casei == 0) {
                    best = x;
                    break;
                }
            }
        }
        nm = &C->names.v[best->payload];
        const char *name = base_name(I, d, i, e, 'N', nm->gender, best->casei, nm->name, i + 1);
        push_ent(d, cov, i, e, FK_PER, NULL, name, NULL, C->fn_rule, e > i + 1 ? "first-name" : "first-name-only",
                 e > i + 1 ? 0.7 : 0.5);
        i = e - 1;
    }
}

/* "Organizacji ... (ODKB)": the acronym is that entity, here and later. */
static void run_acronyms(fk_doc *d, uint8_t *cov)
{
    size_t nt = d->toks.n;
    fk_map *acr = NULL;
    size_t n0 = d->ents.n;
    for (size_t k = 0; k < n0; k++) {
        fk_entity en = d->ents.v[k];
        /* only an organization is defined by an acronym in parentheses;
         * after a person it is the party ("Jan Nowak (PSL)") */
        if (en.type != FK_ORG) continue;
        size_t t = en.tok1;
        if (t + 2 >= nt || !is_punct(d, t, "(") || !is_punct(d, t + 2, ")")) continue;
        const fk_token *a = &d->toks.v[t + 1];
        if (a->kind != FK_TOK_WORD || !(a->flags & FK_TF_ALLUPPER)) continue;
        if (!acr) acr = fk_map_new();
        int ins;
        void **v = fk_map_slot(acr, fk_tok_fold(d, t + 1), a->fold_len, &ins);
        if (ins) *v = (void *)(uintptr_t)(k + 1);
        if (!cov[t + 1])
            push_ent(d, cov, t + 1, t + 2, en.type, en.subtype, en.name, en.ref, en.rule, "acronym",
                     en.score * 0.9);
    }
    if (!acr) return;
    for (size_t t = 0; t < nt; t++) {
        if (cov[t] || !(d->toks.v[t].flags & FK_TF_ALLUPPER)) continue;
        void *v = fk_map_get(acr, fk_tok_fold(d, t), d->toks.v[t].fold_len);
        if (!v) continue;
        fk_entity en = d->ents.v[(uintptr_t)v - 1];
        push_ent(d, cov, t, t + 1, en.type, en.subtype, en.name, en.ref, en.rule, "acronym", en.score * 0.9);
    }
    fk_map_free(acr);
}

/* Does the text write token t's word in lower case somewhere? (a linear
 * scan comparing fold hashes: cheaper than a map for the few words asked;
 * a long document's lower-case words go to a map, once) */
enum { LOWER_MAP_TOKENS = 4096 };
static int lower_in_text(const fk_doc *d, size_t t)
{
    const fk_token *k = &d->toks.v[t];
    const char *f = fk_tok_fold(d, t);
    if (d->toks.n >= LOWER_MAP_TOKENS && cur_idx && cur_idx->d == d) {
        if (!cur_idx->lower) {
            cur_idx->lower = fk_map_new();
            for (size_t q = 0; q < d->toks.n; q++) {
                const fk_token *x = &d->toks.v[q];
                if (x->kind != FK_TOK_WORD || (x->flags & FK_TF_UPPER)) continue;
                int ins;
                *fk_map_slot_h(cur_idx->lower, fk_tok_fold(d, q), x->fold_len, x->fold_hash, &ins) = (void *)1;
            }
        }
        return fk_map_get_h(cur_idx->lower, f, k->fold_len, k->fold_hash) != NULL;
    }
    for (size_t q = 0; q < d->toks.n; q++) {
        const fk_token *x = &d->toks.v[q];
        if (x->fold_hash == k->fold_hash && x->kind == FK_TOK_WORD && !(x->flags & FK_TF_UPPER) &&
            x->fold_len == k->fold_len && !memcmp(fk_tok_fold(d, q), f, k->fold_len))
            return 1;
    }
    return 0;
}

/* Has token t a capitalised word next to it in its sentence (not
 * counting a sentence's or quotation's first word before it)? */
static int cap_neighbour(const fk_doc *d, size_t t)
{
    uint32_t s = d->toks.v[t].sentence;
    if (t > 0 && is_cap(d, t - 1) && d->toks.v[t - 1].sentence == s && !fk_at_start(d, t - 1)) return 1;
    return t + 1 < d->toks.n && is_cap(d, t + 1) && d->toks.v[t + 1].sentence == s;
}

static void collect_form(void *v, int c, const char *form)
{
    FK_VEC(mform) *out = v;
    (void)c;
    char key[512];
    size_t kl = fold_str(form, strlen(form), key, sizeof key);
    mform f = {strdup(key), (uint32_t)kl, fk_hash(key, kl)};
    if (!f.s) abort();
    fk_vec_push(*out, f);
}

/* Surname sur and its case forms for a person of gender g, folded, in the
 * order the inflector makes them (from this thread's memo). */
static const mforms *surname_forms(const fk_infl *I, memo *mm, const char *sur, int g)
{
    /* the key is the whole surname (a long one in a heap buffer) */
    char kbuf[300];
    size_t sl = strlen(sur);
    char *key = sl + 2 <= sizeof kbuf ? kbuf : fk_xmalloc(sl + 2);
    memcpy(key, sur, sl);
    key[sl] = '\x1f';
    key[sl + 1] = (char)('0' + g);
    int ins;
    void **slot = fk_map_slot(mm->forms, key, sl + 2, &ins);
    if (key != kbuf) free(key);
    if (!ins) return *slot;
    FK_VEC(mform) got = {0};
    collect_form(&got, 0, sur);
    /* every hyphen part inflects alike ("Gronkiewicz-Waltz") */
    const char *part[FK_MAXPARTS];
    size_t plen[FK_MAXPARTS];
    char sep[FK_MAXPARTS];
    size_t np = fk_name_parts(sur, part, plen, sep);
    fk_pcode codes[FK_MAXPARTS];
    int any = 0;
    for (size_t j = 0; j < np; j++) {
        char w[256];
        size_t l = plen[j] < 255 ? plen[j] : 255;
        memcpy(w, part[j], l);
        w[l] = 0;
        codes[j].gender = g;
        codes[j].code = fk_infl_is_adjlike(I, w) ? 'A' : 'N';
        if ((g == FK_G_F && codes[j].code == 'N') || fk_infl_is_indecl(I, w) || !l) codes[j].code = '=';
        any |= codes[j].code != '=';
    }
    if (np && any) fk_infl_generate(I, sur, FK_PER, codes, np, collect_form, &got);
    mforms *fl = fk_arena_alloc(&mm->arena, sizeof *fl);
    fl->n = got.n;
    fl->v = fk_arena_alloc(&mm->arena, (got.n + 1) * sizeof *fl->v);
    for (size_t j = 0; j < got.n; j++) {
        fl->v[j] = got.v[j];
        fl->v[j].s = fk_arena_strndup(&mm->arena, got.v[j].s, got.v[j].len);
        free((char *)got.v[j].s);
    }
    fk_vec_free(got);
    *slot = fl;
    return fl;
}

/* A person's surname alone links to the person. */
static void run_surnames(const fk_cues *C, const fk_infl *I, fk_doc *d, uint8_t *cov, size_t from)
{
    fk_htab m = {0}; /* folded form -> entity index + 1 */
    memo *mm = NULL;
    size_t n0 = d->ents.n;
    int lone = 0; /* some names are lone surnames */
    for (size_t k = from; k < n0; k++) {
        const fk_entity *en = &d->ents.v[k];
        if (en->type != FK_PER || !en->name) continue;
        const char *sp = strrchr(en->name, ' ');
        const char *sur;
        int g = FK_G_M1;
        if (sp && sp[1]) sur = sp + 1;
        else if (!sp && en->score < 1.0 && en->form && strcmp(en->form, "first-name-only")) {
            /* a surname found alone (after a title, a verb of saying, by
             * its ending): its other case forms are the same person */
            sur = en->name;
            if (en->tok1 != en->tok0 + 1 || cap_neighbour(d, en->tok0)) continue;
            lone = 1;
            size_t l = strlen(sur);
            if (l && sur[l - 1] == 'a' && fk_infl_is_adjlike(I, sur)) g = FK_G_F;
        } else
            continue;
        if (fk_utf8_count(sur, strlen(sur)) < 3 || strchr(sur, '.')) continue;
        /* gender from the first name */
        char first[256];
        size_t fl = sp ? (size_t)(sp - en->name) : sizeof first;
        const char *sp0 = sp ? memchr(en->name, ' ', fl) : NULL;
        if (sp0) fl = (size_t)(sp0 - en->name);
        if (sp && fl < sizeof first) {
            memcpy(first, en->name, fl);
            first[fl] = 0;
            char key[512];
            size_t kl = fold_str(first, fl, key, sizeof key);
            for (const fk_fcand *x = fk_map_get(C->nametab.keys, key, kl); x; x = x->next)
                if (x->casei == 0) {
                    g = C->names.v[x->payload].gender;
                    break;
                }
        }
        if (!mm) mm = memo_get(C);
        /* the forms stay in the memo while this runs: the table keeps
         * pointers to them; the first person to have a form keeps it */
        const mforms *forms = surname_forms(I, mm, sur, g);
        for (size_t j = 0; j < forms->n; j++) {
            const mform *f = &forms->v[j];
            int ins;
            void **slot = fk_htab_slot(&m, f->s, f->len, f->hash, &ins);
            if (ins) *slot = (void *)(k + 1);
        }
    }
    if (!mm) return;
    for (size_t t = 0; t < d->toks.n; t++) {
        if (cov[t] || !is_cap(d, t)) continue;
        void *v = fk_htab_get(&m, fk_tok_fold(d, t), d->toks.v[t].fold_len, d->toks.v[t].fold_hash);
        if (!v) continue;
        fk_entity en = d->ents.v[(uintptr_t)v - 1];
        /* a lone surname's forms only where they stand alone too */
        if (lone && !strchr(en.name, ' ') && cap_neighbour(d, t)) continue;
        push_ent(d, cov, t, t + 1, FK_PER, en.subtype, en.name, en.ref, en.rule, "surname",
                 en.score * 0.9);
    }
    fk_htab_free(&m);
}

/* The rule of the longest listed surname ending of fold, or NULL (the
 * trie read backwards from the word's end; the deepest ending wins). */
static const char *surname_ending(const fk_cues *C, const char *fold, size_t n)
{
    const char *best = NULL;
    int32_t node = n ? C->endroot[(unsigned char)fold[n - 1]] : 0;
    for (size_t i = n - 1; node;) {
        const endnode *x = &C->endtrie.v[node - 1];
        if (x->rule) best = x->rule;
        if (i == 0) break;
        unsigned char b = (unsigned char)fold[--i];
        for (node = x->child; node && C->endtrie.v[node - 1].byte != b;) node = C->endtrie.v[node - 1].sibling;
    }
    return best;
}

/* The nominative of a lone surname at token t: an adjective-like reading
 * as a man's, then a woman's, then any; else a man's noun; else as written. */
static const char *surname_base_of(const fk_infl *I, fk_arena *a, const char *w)
{
    const char *lem[8];
    static const int sg[] = {FK_G_M1, FK_G_F, FK_G_NONE};
    for (size_t q = 0; q < 3; q++) {
        size_t n = fk_infl_lemmas(I, w, 'A', sg[q], -1, a, lem, NULL, 8);
        for (size_t j = 0; j < n; j++)
            if (fk_infl_is_adjlike(I, lem[j])) return lem[j];
    }
    size_t n = fk_infl_lemmas(I, w, 'N', FK_G_M1, -1, a, lem, NULL, 8);
    return n ? lem[0] : fk_arena_strdup(a, w);
}

static const char *surname_base(const fk_cues *C, const fk_infl *I, fk_doc *d, size_t t)
{
    const fk_token *k = &d->toks.v[t];
    char w[256];
    size_t wl = k->end - k->start < 255 ? k->end - k->start : 255;
    memcpy(w, d->text + k->start, wl);
    w[wl] = 0;
    memo *mm = memo_get(C);
    int ins;
    void **slot = fk_map_slot(mm->bases, w, wl, &ins);
    if (ins) *slot = (void *)surname_base_of(I, &mm->arena, w);
    return fk_arena_strdup(&d->arena, *slot);
}

/* A lone capitalised word coordinated with a person, inside a sentence
 * ("Kucharski, Złotek i Stefanik": a comma or a listed coordinating word
 * between them) is a person too. */
static void run_coordinated(const fk_cues *C, const fk_infl *I, fk_doc *d, uint8_t *cov)
{
    size_t nt = d->toks.n;
    for (int pass = 0; pass < 2; pass++) {
        int added = 0;
        for (size_t i = 2; i + 0 < nt; i++) {
            const fk_token *k = &d->toks.v[i];
            if (cov[i] || !is_cap(d, i) || (k->flags & (FK_TF_ALLUPPER | FK_TF_ABBR)) || fk_at_start(d, i)) continue;
            if (fk_utf8_count(d->text + k->start, k->end - k->start) < 3) continue;
            uint32_t s = k->sentence;
            if (i + 1 < nt && is_cap(d, i + 1) && d->toks.v[i + 1].sentence == s) continue;
            if (is_cap(d, i - 1) && !cov[i - 1]) continue;
            if (fk_cues_stop(C, fk_tok_fold(d, i), 1)) continue;
            int per = 0;
            /* a person before: "X, Y" / "X i Y" */
            const fk_token *c = &d->toks.v[i - 1];
            int coord = is_punct(d, i - 1, ",") ||
                        (c->kind == FK_TOK_WORD && !(c->flags & FK_TF_UPPER) &&
                         fk_map_get_h(C->coord, fk_tok_fold(d, i - 1), c->fold_len, c->fold_hash));
            if (coord && cov[i - 2]) {
                int e = ent_at(d, i - 2);
                per = e >= 0 && d->ents.v[e].type == FK_PER && d->ents.v[e].tok1 == i - 1 &&
                      d->ents.v[e].sentence == s;
            }
            /* a person after: "Y, X" / "Y i X" */
            if (!per && i + 2 < nt && cov[i + 2]) {
                const fk_token *c2 = &d->toks.v[i + 1];
                int coord2 = is_punct(d, i + 1, ",") ||
                             (c2->kind == FK_TOK_WORD && !(c2->flags & FK_TF_UPPER) &&
                              fk_map_get_h(C->coord, fk_tok_fold(d, i + 1), c2->fold_len, c2->fold_hash));
                int e = coord2 ? ent_at(d, i + 2) : -1;
                per = e >= 0 && d->ents.v[e].type == FK_PER && d->ents.v[e].tok0 == i + 2 &&
                      d->ents.v[e].tok1 - d->ents.v[e].tok0 == 1 && d->ents.v[e].sentence == s;
            }
            if (!per) continue;
            /* an adjective is rather a street's name in a list of streets
             * ("Mickiewicza, Leśnej i Polnej") */
            char aw[256];
            size_t al = k->end - k->start < 255 ? k->end - k->start : 255;
            memcpy(aw, d->text + k->start, al);
            aw[al] = 0;
            const char *lem[4];
            size_t nl = fk_infl_lemmas(I, aw, 'A', FK_G_F, -1, &d->arena, lem, NULL, 4);
            int adj = fk_infl_is_adjlike(I, aw);
            for (size_t q = 0; q < nl && !adj; q++) adj = fk_infl_is_adjlike(I, lem[q]);
            if (adj) continue;
            push_ent(d, cov, i, i + 1, FK_PER, NULL, surname_base(C, I, d, i), NULL, "coordinated", "coordinated", 0.4);
            added = 1;
        }
        if (!added) break;
    }
}

/* A lone capitalised word inside a sentence with a surname ending
 * ("Kowalskiego", "Mickiewicza") is a person, when no capitalised word
 * stands next to it (that would rather be an organization's name). */
static void run_surname_guess(const fk_cues *C, const fk_infl *I, fk_doc *d, uint8_t *cov)
{
    size_t nt = d->toks.n;
    if (!fk_map_size(C->surend)) return;
    for (size_t i = 0; i < nt; i++) {
        const fk_token *k = &d->toks.v[i];
        if (cov[i] || !is_cap(d, i) || (k->flags & (FK_TF_ALLUPPER | FK_TF_ABBR))) continue;
        int next_cap = i + 1 < nt && is_cap(d, i + 1) && d->toks.v[i + 1].sentence == k->sentence;
        if (next_cap) continue;
        /* at a start, or after a sentence's capitalised first word ("Sam
         * Kowalski"), only before a lower-case word or a punctuation mark,
         * and not a word the text also writes in lower case */
        int start = fk_at_start(d, i);
        int after_first = !start && is_cap(d, i - 1) && fk_at_start(d, i - 1) && !cov[i - 1];
        if (!start && !after_first && is_cap(d, i - 1)) continue;
        if (fk_cues_stop(C, fk_tok_fold(d, i), start)) continue;
        const char *rule = surname_ending(C, fk_tok_fold(d, i), k->fold_len);
        if (!rule) continue;
        /* after an abbreviation that is a connector or a place's or an
         * organization's cue ("im. Korczaka", "pl. Jagiellońskim") */
        if (i >= 2 && is_punct(d, i - 1, ".") && !(d->toks.v[i - 1].flags & FK_TF_SPACE) && is_word(d, i - 2) &&
            !is_initial(d, i - 2)) {
            char key[64];
            size_t kl = d->toks.v[i - 2].fold_len;
            if (kl + 2 <= sizeof key) {
                memcpy(key, fk_tok_fold(d, i - 2), kl);
                key[kl++] = '.';
                if (fk_map_get(C->conn, key, kl) || fk_map_get(C->conn, key, kl - 1)) continue;
            }
            const fk_fcand *cm = fk_ftab_match(&C->cuetab, d, i - 2, i);
            if (cm && cm->ntok == 2 && C->cues.v[cm->payload].type != FK_PER) continue;
        }
        if (start || after_first) {
            if (i + 1 >= nt || d->toks.v[i + 1].sentence != k->sentence) continue;
            if (lower_in_text(d, i)) continue;
            /* the first word is a common word ("Sam Kowalski", "Za
             * Nowakową"), not a name's first word ("Kurier Podlaski") */
            if (after_first && !fk_cues_stop(C, fk_tok_fold(d, i - 1), 1) && !lower_in_text(d, i - 1)) continue;
            /* a word that looks like an adjective ("Papieski gest") only
             * before a punctuation mark ("Kowalski: ...", "Nowakowski,") */
            char aw[256];
            size_t al = k->end - k->start < 255 ? k->end - k->start : 255;
            memcpy(aw, d->text + k->start, al);
            aw[al] = 0;
            if (d->toks.v[i + 1].kind == FK_TOK_WORD && fk_infl_is_adjlike(I, aw)) continue;
        }
        push_ent(d, cov, i, i + 1, FK_PER, NULL, surname_base(C, I, d, i), NULL, rule, "surname-ending", 0.4);
    }
}

/* An acronym that no table knows, alone inside a sentence (no all-capitals
 * word next to it: that is a headline), 2 to 5 letters, not a Roman
 * numeral, not a stop word: in the press most often an organization
 * ("ZOZ-u", "PKO"). Its name is the acronym without a case ending. */
static int is_roman(const fk_doc *d, size_t t);
static void run_acronym_guess(const fk_engine *e, const fk_cues *C, fk_doc *d, uint8_t *cov)
{
    size_t nt = d->toks.n;
    for (size_t i = 0; i < nt; i++) {
        const fk_token *k = &d->toks.v[i];
        if (cov[i] || k->kind != FK_TOK_WORD || !(k->flags & FK_TF_UPPER) || (k->flags & FK_TF_ABBR)) continue;
        const char *w = d->text + k->start;
        size_t wl = k->end - k->start, bl = 0;
        if (!(k->flags & FK_TF_ALLUPPER)) {
            /* "ZOZ-u": capitals, a hyphen, a case ending in lower case */
            if (!(k->flags & FK_TF_HYPHEN)) continue;
            int ok = 1, part = 0;
            for (size_t j = 0; j < wl && ok;) {
                UChar32 c;
                size_t j0 = j;
                U8_NEXT(w, j, wl, c);
                if (c == '-') {
                    if (part++) ok = 0;
                    bl = j0;
                } else if (part ? !u_islower(c) : !u_isupper(c))
                    ok = 0;
            }
            if (!ok || !part || wl - bl > 5) continue;
        } else {
            while (bl < wl && w[bl] != '-') bl++;
            if (bl < wl) continue; /* "PZPR-OP": two acronyms */
        }
        size_t n = fk_utf8_count(w, bl);
        if (n < 2 || n > 5 || is_roman(d, i) || fk_gaz_known(e, d, i)) continue;
        if ((i > 0 && (d->toks.v[i - 1].flags & FK_TF_ALLUPPER) && d->toks.v[i - 1].kind == FK_TOK_WORD) ||
            (i + 1 < nt && (d->toks.v[i + 1].flags & FK_TF_ALLUPPER) && d->toks.v[i + 1].kind == FK_TOK_WORD))
            continue;
        int digit = 0;
        for (size_t j = 0; j < bl; j++) digit |= w[j] >= '0' && w[j] <= '9';
        if (digit) continue; /* "MP3", "H1N1" */
        char fold[64];
        if (bl >= sizeof fold / 2) continue;
        size_t fl = fold_str(w, bl, fold, sizeof fold);
        if (fk_cues_stop(C, fold, 0)) continue;
        /* a word the text also writes in lower case is a word in capitals
         * ("NIE", "TAK") */
        (void)fl;
        if (bl == wl && lower_in_text(d, i)) continue;
        push_ent(d, cov, i, i + 1, FK_ORG, NULL, fk_arena_strndup(&d->arena, w, bl), NULL, "acronym-guess",
                 "acronym-guess", 0.3);
    }
}

/* A single capital letter followed at once by ".": an initial. */
static int is_initial(const fk_doc *d, size_t t)
{
    if (t + 1 >= d->toks.n || !is_cap(d, t) || !is_punct(d, t + 1, ".") || (d->toks.v[t + 1].flags & FK_TF_SPACE))
        return 0;
    const fk_token *k = &d->toks.v[t];
    return fk_utf8_count(d->text + k->start, k->end - k->start) == 1;
}

/* Two initials ("M. B.", "A.W.") stand for a person whose name is withheld,
 * unless a capitalised word or a third initial follows (a full name, an
 * abbreviation) or a capitalised word or a quote precedes ("Pekao S.A."). */
static void run_initials(const fk_cues *C, fk_doc *d, uint8_t *cov)
{
    size_t nt = d->toks.n;
    for (size_t i = 0; i + 3 < nt; i++) {
        if (cov[i] || cov[i + 1] || cov[i + 2] || cov[i + 3]) continue;
        if (!is_initial(d, i) || !is_initial(d, i + 2)) continue;
        /* (a dot glued before them: "S.A.", "J.P."; a sentence's end is fine) */
        if (i > 0 && (is_cap(d, i - 1) || is_punct(d, i - 1, "\"") ||
                      (is_punct(d, i - 1, ".") && !(d->toks.v[i].flags & FK_TF_SPACE))))
            continue;
        /* a capitalised word after them is a full name ("J. S. Bach"), unless
         * a function word opening the next sentence ("M. K. Tak.") */
        if (i + 4 < nt && is_punct(d, i + 4, "\"")) continue;
        if (i + 4 < nt && is_cap(d, i + 4) && !fk_cues_stop(C, fk_tok_fold(d, i + 4), 1)) continue;
        size_t len = d->toks.v[i + 3].end - d->toks.v[i].start;
        const char *name = fk_arena_strndup(&d->arena, d->text + d->toks.v[i].start, len);
        push_ent(d, cov, i, i + 4, FK_PER, NULL, name, NULL, "initials", "initials", 0.4);
        i += 3;
    }
}

/* Initials before a person's name belong to it ("J. Kowalski", "J. A.
 * Nowak"); an initial before a capitalised word alone inside a sentence,
 * the word having a surname ending or standing before no capitalised word,
 * is a person ("M. Nowakowska"). */
static void run_initial_names(const fk_cues *C, const fk_infl *I, fk_doc *d, uint8_t *cov)
{
    size_t nt = d->toks.n;
    for (size_t t = 0; t + 2 < nt; t++) {
        if (cov[t] || cov[t + 1] || !is_initial(d, t)) continue;
        /* "Pekao S.A.", "J.P. Morgan": a capitalised word or an initial
         * glued before it is no person's initial */
        if (t > 0 && (is_cap(d, t - 1) || (is_punct(d, t - 1, ".") && !(d->toks.v[t].flags & FK_TF_SPACE))))
            continue;
        /* "20 °C. Wiatr": a unit after a number or a symbol */
        if (t > 0 && (d->toks.v[t - 1].kind == FK_TOK_NUMBER || d->toks.v[t - 1].kind == FK_TOK_SYMBOL ||
                      (cov[t - 1] && ent_at(d, t - 1) < 0) ||
                      (d->toks.v[t - 1].kind == FK_TOK_PUNCT && d->toks.v[t - 1].end - d->toks.v[t - 1].start > 1 &&
                       !is_quote(d, t - 1))))
            continue;
        size_t j = t + 2;
        if (j + 1 < nt && !cov[j] && !cov[j + 1] && is_initial(d, j)) j += 2;
        /* (a sentence may wrongly end at the initial's dot) */
        if (j >= nt || d->toks.v[j].sentence > d->toks.v[t].sentence + 1 || !(d->toks.v[j].flags & FK_TF_SPACE))
            continue;
        int crossed = d->toks.v[j].sentence != d->toks.v[t].sentence;
        int k = cov[j] ? ent_at(d, j) : -1;
        if (k >= 0) {
            if (d->ents.v[k].type != FK_PER || d->ents.v[k].tok0 != j) continue;
            fk_entity *en = &d->ents.v[k];
            if (en->name && !en->ref)
                en->name = fk_arena_printf(&d->arena, "%.*s %s", (int)(d->toks.v[j - 1].end - d->toks.v[t].start),
                                           d->text + d->toks.v[t].start, en->name);
            ent_span(d, (size_t)k, t, en->tok1);
            en->start = d->toks.v[t].start;
            for (size_t q = t; q < j; q++) cov[q] = 1;
            t = j - 1;
            continue;
        }
        (void)I;
        /* across a sentence end only a word with a surname ending ("zrezygnował
         * R. Pedrycz") */
        if (crossed && (cov[j] || !surname_ending(C, fk_tok_fold(d, j), d->toks.v[j].fold_len))) continue;
        if (cov[j] || !is_cap(d, j) || (d->toks.v[j].flags & (FK_TF_ALLUPPER | FK_TF_ABBR))) continue;
        if (fk_utf8_count(d->text + d->toks.v[j].start, d->toks.v[j].end - d->toks.v[j].start) < 2) continue;
        /* (a function word: the initials may end a sentence, "M. K. Tak.") */
        if (fk_cues_stop(C, fk_tok_fold(d, j), 1)) continue;
        if (j + 1 < nt && is_cap(d, j + 1) && d->toks.v[j + 1].sentence == d->toks.v[j].sentence) continue;
        size_t len = d->toks.v[j].end - d->toks.v[t].start;
        const char *name = fk_arena_strndup(&d->arena, d->text + d->toks.v[t].start, len);
        push_ent(d, cov, t, j + 1, FK_PER, NULL, name, NULL, "initials", "initial-name", 0.5);
        t = j;
    }
}

/* A Roman numeral (regnal number: "Jana Pawła II", "Benedykt XVI"). */
static int is_roman(const fk_doc *d, size_t t)
{
    const fk_token *k = &d->toks.v[t];
    size_t l = k->end - k->start;
    if (k->kind != FK_TOK_WORD || l == 0 || l > 6) return 0;
    for (size_t j = 0; j < l; j++)
        if (!strchr("IVXLCDM", d->text[k->start + j])) return 0;
    return 1;
}

/* A quotation mark: " „ ” “ « » (typography, not words). */
static int is_quote(const fk_doc *d, size_t t)
{
    const fk_token *k = &d->toks.v[t];
    if (k->kind != FK_TOK_PUNCT) return 0;
    static const char *const q[] = {"\"", "\xE2\x80\x9E", "\xE2\x80\x9D", "\xE2\x80\x9C", "\xC2\xAB", "\xC2\xBB"};
    size_t l = k->end - k->start;
    for (size_t j = 0; j < sizeof q / sizeof *q; j++)
        if (strlen(q[j]) == l && !memcmp(d->text + k->start, q[j], l)) return 1;
    return 0;
}

/* A person's name followed by a Roman numeral takes it ("Jan Paweł II");
 * the numeral may also be an ordinal quantity (no count). */
static void run_regnal(fk_doc *d, uint8_t *cov)
{
    for (size_t k = 0; k < d->ents.n; k++) {
        fk_entity *en = &d->ents.v[k];
        size_t t = en->tok1;
        if (en->type != FK_PER || t >= d->toks.n || !is_roman(d, t) || (cov[t] && !ordinal_only(d, cov, t)) ||
            !(d->toks.v[t].flags & FK_TF_SPACE) || d->toks.v[t].sentence != en->sentence)
            continue;
        const fk_token *r = &d->toks.v[t];
        size_t rl = r->end - r->start, nl = en->name ? strlen(en->name) : 0;
        if (en->name && !(nl > rl && en->name[nl - rl - 1] == ' ' && !memcmp(en->name + nl - rl, d->text + r->start, rl)))
            en->name = fk_arena_printf(&d->arena, "%s %.*s", en->name, (int)rl, d->text + r->start);
        ent_span(d, k, en->tok0, t + 1);
        en->end = r->end;
        cov[t] = 1;
    }
}

/* A name wholly inside quotation marks ("„Solidarność”", a newspaper's
 * title) spans the marks: they are part of the written name. */
static void run_quoted(fk_doc *d, uint8_t *cov)
{
    for (size_t k = 0; k < d->ents.n; k++) {
        fk_entity *en = &d->ents.v[k];
        size_t a = en->tok0, b = en->tok1;
        if (!en->type || a == 0 || b >= d->toks.n || cov[a - 1] || cov[b]) continue;
        if (!is_quote(d, a - 1) || !is_quote(d, b)) continue;
        /* the marks hug the name: no space inside them; or the text spaces
         * its quotes the other way round (the opening mark glued to the
         * word before it: 'reprezentant" Solidarności ".') */
        int hug = !(d->toks.v[a].flags & FK_TF_SPACE) && !(d->toks.v[b].flags & FK_TF_SPACE);
        int inverted = a >= 2 && !(d->toks.v[a - 1].flags & FK_TF_SPACE) && is_word(d, a - 2) &&
                       (d->toks.v[a].flags & FK_TF_SPACE) && (d->toks.v[b].flags & FK_TF_SPACE);
        if (!hug && !inverted) continue;
        if (d->toks.v[a - 1].sentence != en->sentence || d->toks.v[b].sentence != en->sentence) continue;
        ent_span(d, k, a - 1, b + 1);
        en->start = d->toks.v[a - 1].start;
        en->end = d->toks.v[b].end;
        cov[a - 1] = cov[b] = 1;
    }
}

/* A legal form after a company's name belongs to it ("Bank Staropolski
 * SA", "Euro Shipping Ltd."): it extends the organization before it, or
 * makes one of the capitalised words before it (at most three). */
static void run_org_suffix(const fk_cues *C, fk_doc *d, uint8_t *cov)
{
    if (!C->orgsuf.n) return;
    size_t nt = d->toks.n;
    for (size_t t = 1; t < nt; t++) {
        const fk_token *k = &d->toks.v[t];
        if (k->kind != FK_TOK_WORD || !(k->flags & FK_TF_UPPER) || !(k->flags & FK_TF_SPACE)) continue;
        size_t end = 0; /* token after the suffix */
        unsigned char b0 = (unsigned char)d->text[k->start];
        if (!(C->orgsuf_first[b0 >> 6] >> (b0 & 63) & 1)) continue;
        for (size_t j = 0; j < C->orgsuf.n && !end; j++) {
            const char *sfx = C->orgsuf.v[j];
            if (*sfx != d->text[k->start]) continue;
            size_t sl = strlen(sfx);
            if (k->start + sl > d->len || memcmp(d->text + k->start, sfx, sl)) continue;
            for (size_t q = t; q < nt && q < t + 6 && d->toks.v[q].start < k->start + sl; q++)
                if (d->toks.v[q].end == k->start + sl) {
                    end = q + 1;
                    break;
                }
            /* not a longer word ("SAMSUNG") */
            if (end && end < nt && d->toks.v[end].kind == FK_TOK_WORD && !(d->toks.v[end].flags & FK_TF_SPACE)) end = 0;
        }
        if (!end) continue;
        if (cov[t]) {
            /* an organization that took the suffix's word but not its dot
             * ("firma Euro Shipping Ltd.") */
            int e = ent_at(d, t);
            if (e < 0 || d->ents.v[e].type != FK_ORG || d->ents.v[e].tok1 != t + 1 || end != t + 2 || cov[t + 1])
                continue;
            ent_span(d, (size_t)e, d->ents.v[e].tok0, end);
            d->ents.v[e].end = d->toks.v[end - 1].end;
            cov[t + 1] = 1;
            continue;
        }
        int busy = 0;
        for (size_t q = t; q < end; q++) busy |= cov[q];
        if (busy || d->toks.v[end - 1].sentence != k->sentence) continue;
        int e = cov[t - 1] ? ent_at(d, t - 1) : -1;
        if (e >= 0) {
            fk_entity *en = &d->ents.v[e];
            if (en->tok1 != t || en->type != FK_ORG || en->sentence != k->sentence) continue;
            ent_span(d, (size_t)e, en->tok0, end);
            en->end = d->toks.v[end - 1].end;
            for (size_t q = t; q < end; q++) cov[q] = 1;
            t = end - 1;
            continue;
        }
        size_t s = t;
        while (s > 0 && t - s < 3 && !cov[s - 1] && is_cap(d, s - 1) && d->toks.v[s - 1].sentence == k->sentence &&
               !fk_cues_stop(C, fk_tok_fold(d, s - 1), fk_at_start(d, s - 1)))
            s--;
        if (s == t) continue;
        const char *name = fk_arena_strndup(&d->arena, d->text + d->toks.v[s].start,
                                            d->toks.v[end - 1].end - d->toks.v[s].start);
        push_ent(d, cov, s, end, FK_ORG, "company", name, NULL, "org-suffix", "org-suffix", 0.5);
        t = end - 1;
    }
}

/* An organization followed at once by a place's capitalised name is one
 * organization ("Polskie Radio Szczecin", "Polmos Lublin", "Sąd Najwyższy
 * ZSRR"): a branch, a club's town, a state's institution. Not a derived
 * form (an adjective, a demonym), not an acronym after an acronym ("NKWD
 * ZSRR"). The merged name has no id (it is not the table's entity). */
static void run_org_place(fk_doc *d)
{
    size_t norg = 0, nt = d->toks.n;
    for (size_t k = 0; k < d->ents.n; k++) norg += d->ents.v[k].type == FK_ORG;
    if (!norg || d->ents.n < 2) return;
    /* the entity starting at each token (index + 1) */
    uint32_t *at = fk_xcalloc(nt + 1, sizeof *at);
    for (size_t j = d->ents.n; j-- > 0;)
        if (d->ents.v[j].type && d->ents.v[j].tok0 < nt) at[d->ents.v[j].tok0] = (uint32_t)(j + 1);
    for (size_t k = 0; k < d->ents.n; k++) {
        fk_entity *o = &d->ents.v[k];
        if (o->type != FK_ORG || o->tok1 >= nt || !at[o->tok1]) continue;
        /* the entity that starts right after it */
        fk_entity *l = &d->ents.v[at[o->tok1] - 1];
        if (!l->type || l->type != FK_LOC || l->sentence != o->sentence) continue;
        const fk_token *a = &d->toks.v[l->tok0];
        if (!(a->flags & FK_TF_SPACE) || !(a->flags & FK_TF_UPPER) || a->kind != FK_TOK_WORD) continue;
        if (l->subtype && (!strcmp(l->subtype, "adjective") || !strcmp(l->subtype, "demonym"))) continue;
        const fk_token *last = &d->toks.v[o->tok1 - 1];
        if ((a->flags & FK_TF_ALLUPPER) && (last->flags & FK_TF_ALLUPPER)) continue;
        if (last->kind == FK_TOK_WORD && !(last->flags & FK_TF_UPPER)) continue; /* "... w amerykańskim X" */
        o->name = fk_arena_printf(&d->arena, "%s %.*s", o->name ? o->name : "", (int)(l->end - l->start),
                                  d->text + l->start);
        o->ref = NULL;
        ent_span(d, k, o->tok0, l->tok1);
        o->end = l->end;
        ent_drop(d, (size_t)(l - d->ents.v)); /* merged: removed below */
    }
    free(at);
}

void fk_cues_run(const fk_engine *e, const fk_cues *C, const fk_infl *I, fk_doc *d, uint8_t *cov)
{
    if (!C) return;
    entidx idx;
    idx_begin(&idx, d);
    run_cues(C, I, d, cov);
    run_first_names(C, I, d, cov);
    run_org_heads(C, d);
    run_acronyms(d, cov);
    run_surnames(C, I, d, cov, 0);
    size_t nguess = d->ents.n;
    run_surname_guess(C, I, d, cov);
    run_coordinated(C, I, d, cov);
    run_surnames(C, I, d, cov, nguess);
    run_initials(C, d, cov);
    run_initial_names(C, I, d, cov);
    run_org_suffix(C, d, cov);
    run_acronym_guess(e, C, d, cov);
    run_regnal(d, cov);
    run_quoted(d, cov);
    run_org_place(d);
    idx_end(&idx);
    size_t o = 0;
    for (size_t k = 0; k < d->ents.n; k++)
        if (d->ents.v[k].type) d->ents.v[o++] = d->ents.v[k];
    d->ents.n = o;
}
