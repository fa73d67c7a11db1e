/* Gazetteer entities: entity tables (gazetteers/<lang>/NAME.tsv and
 * --gazetteer files) with every inflected form generated at load time from
 * the inflection data, indexed as token n-grams and matched longest-first.
 * Formats and matching rules: docs/gazetteers.md. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <unicode/utf8.h>

#include "entities.h"
#include "htab.h"

enum { GF_NOSTART = 1, GF_EXACT = 2 };

typedef struct gent {
    const char *name, *subtype, *ref, *rule;
    int type, rank;
    unsigned flags;
    uint32_t canon;          /* index of the first entry with the same id */
} gent;

struct fk_gaz {
    fk_arena arena;
    FK_VEC(gent) ents;
    fk_ftab tab;
    fk_htab ids;             /* id (the entries' ref) -> entry index + 1 */
    fk_infl *infl;
    fk_cues *cues;
    double load_seconds;
};

/* ---- form tables ---------------------------------------------------------- */

void fk_ftab_init(fk_ftab *t)
{
    memset(t, 0, sizeof *t);
    t->keys = fk_map_new();
    fk_arena_init(&t->arena, 1 << 20);
}


static void first_resize(fk_ftab *t, size_t ncap);

void fk_ftab_lean(fk_ftab *t, size_t expect)
{
    t->lean = 1;
    fk_htab_reserve(&t->hkeys, expect);
    size_t cap = 1024;
    while (cap < 2 * expect) cap *= 2;
    first_resize(t, cap);
}

/* The candidates of key (hash h: fk_hash of it) or NULL. */
static inline const fk_fcand *keys_get(const fk_ftab *t, const char *key, size_t kl, uint64_t h)
{
    return t->lean ? fk_htab_get(&t->hkeys, key, kl, h) : fk_map_get_h(t->keys, key, kl, h);
}

void fk_ftab_free(fk_ftab *t)
{
    fk_htab_free(&t->hkeys);
    fk_map_free(t->keys);
    free(t->first);
    free(t->first_bits);
    fk_arena_free(&t->arena);
}

/* ---- the first-token table --- */

static inline uint64_t first_key(uint64_t h) { return h ? h : 1; }

static inline size_t first_bit(const fk_ftab *t, uint64_t h)
{
    return (size_t)(h >> 24) & (t->first_cap * 4 - 1);
}

static uint32_t first_lens(const fk_ftab *t, uint64_t h)
{
    if (!t->first_cap) return 0;
    h = first_key(h);
    size_t b = first_bit(t, h);
    if (!(t->first_bits[b >> 6] >> (b & 63) & 1)) return 0;
    size_t mask = t->first_cap - 1;
    for (size_t j = (size_t)(h ^ (h >> 32)) & mask;; j = (j + 1) & mask) {
        if (t->first[j].hash == h) return t->first[j].lens;
        if (!t->first[j].hash) return 0;
    }
}

static struct fk_ftab_first *first_slot(struct fk_ftab_first *tab, size_t cap, uint64_t h)
{
    size_t mask = cap - 1;
    size_t j = (size_t)(h ^ (h >> 32)) & mask;
    while (tab[j].hash && tab[j].hash != h) j = (j + 1) & mask;
    return &tab[j];
}

/* The hash of a form's first tokens, token by token from the first
 * token's fold hash: in the same table, it tells which lengths go on. */
static inline uint64_t chain_hash(uint64_t prefix, uint64_t next)
{
    uint64_t h = (prefix ^ 0x9e3779b97f4a7c15ULL) * 0xff51afd7ed558ccdULL;
    return (h ^ (h >> 31) ^ next) * 0xc4ceb9fe1a85ec53ULL;
}

static void first_resize(fk_ftab *t, size_t ncap)
{
    struct fk_ftab_first *nt = fk_xcalloc(ncap, sizeof *nt);
    for (size_t i = 0; i < t->first_cap; i++)
        if (t->first[i].hash) *first_slot(nt, ncap, t->first[i].hash) = t->first[i];
    free(t->first);
    t->first = nt;
    t->first_cap = ncap;
    free(t->first_bits);
    t->first_bits = fk_xcalloc(ncap * 4 / 64, sizeof *t->first_bits);
    for (size_t i = 0; i < ncap; i++)
        if (nt[i].hash) {
            size_t b = first_bit(t, nt[i].hash);
            t->first_bits[b >> 6] |= 1ULL << (b & 63);
        }
}

/* An n-token form starts with the fold of hash h. */
static void first_add(fk_ftab *t, uint64_t h, size_t n)
{
    h = first_key(h);
    if ((t->first_n + 1) * 2 > t->first_cap) /* at most half full */
        first_resize(t, t->first_cap ? t->first_cap * 2 : 1024);
    struct fk_ftab_first *e = first_slot(t->first, t->first_cap, h);
    if (!e->hash) {
        e->hash = h;
        t->first_n++;
        size_t b = first_bit(t, h);
        t->first_bits[b >> 6] |= 1ULL << (b & 63);
    }
    e->lens |= 1u << (n - 1);
}

/* Keep form (of payload) among the recent ones. */
static void remember(fk_ftab *t, const char *form, size_t fl, uint32_t payload, fk_fcand *c)
{
    if (fl >= sizeof t->recent[0].form) return;
    if (t->nrecent && t->recent_payload != payload) t->nrecent = 0;
    t->recent_payload = payload;
    unsigned r = t->nrecent < FK_FTAB_RECENT ? t->nrecent++ : (unsigned)(fl % FK_FTAB_RECENT);
    memcpy(t->recent[r].form, form, fl + 1);
    t->recent[r].len = fl;
    t->recent[r].c = c;
}

/* Label a with label b added: a itself when it lists b already. */
static const char *join_label(fk_ftab *t, const char *a, const char *b)
{
    if (!strcmp(a, b)) return a;
    size_t ll = strlen(b);
    const char *p = a;
    while (p && *p) {
        const char *bar = strchr(p, '|');
        size_t l = bar ? (size_t)(bar - p) : strlen(p);
        if (l == ll && !memcmp(p, b, l)) return a;
        p = bar ? bar + 1 : NULL;
    }
    return fk_arena_join(&t->arena, a, '|', b);
}

/* The same form in another case: the label lists both ("dat|loc"). The
 * few label pairs recur for every name: each is joined once. */
static void add_label(fk_ftab *t, fk_fcand *c, const char *label)
{
    if (!label || !c->label || c->label == label) return;
    uintptr_t h = ((uintptr_t)c->label >> 3) * 31 + ((uintptr_t)label >> 3);
    unsigned j = (unsigned)(h ^ (h >> 7)) % FK_FTAB_JOINS;
    if (t->joins[j].a != c->label || t->joins[j].b != label) {
        t->joins[j].a = c->label;
        t->joins[j].b = label;
        t->joins[j].r = join_label(t, c->label, label);
    }
    c->label = t->joins[j].r;
}

int fk_ftab_add(fk_ftab *t, fk_doc *sc, const char *form, uint32_t payload, int rank,
                unsigned flags, int casei, const char *label)
{
    /* a form just added for the same payload: only its label grows */
    if (t->nrecent && t->recent_payload != payload) t->nrecent = 0;
    size_t fl0 = strlen(form);
    for (unsigned r = 0; r < t->nrecent && fl0 < sizeof t->recent[0].form; r++)
        if (t->recent[r].len == fl0 && !memcmp(t->recent[r].form, form, fl0)) {
            add_label(t, t->recent[r].c, label);
            return 0;
        }
    sc->text = (char *)form;
    sc->len = strlen(form);
    sc->toks.n = 0;
    sc->folds_len = 0;
    fk_tokenize(sc->eng, sc);
    sc->text = NULL;
    size_t nt = sc->toks.n;
    if (!nt || nt > FK_MAXTOK) return 0;
    char key[1024], raw[1024];
    size_t kl = 0, rl = 0;
    for (size_t i = 0; i < nt; i++) {
        const fk_token *tk = &sc->toks.v[i];
        size_t fl = tk->fold_len, tl = tk->end - tk->start;
        if (kl + fl + 2 > sizeof key || rl + tl + 2 > sizeof raw) return 0;
        if (i) key[kl++] = ' ', raw[rl++] = ' ';
        memcpy(key + kl, sc->folds + tk->fold, fl);
        kl += fl;
        memcpy(raw + rl, form + tk->start, tl);
        rl += tl;
    }
    int ins;
    void **v = !t->lean ? fk_map_slot(t->keys, key, kl, &ins)
                        : fk_htab_slot_copy(&t->hkeys, key, kl, nt == 1 ? sc->toks.v[0].fold_hash : fk_hash(key, kl),
                                            &t->arena, &ins);
    fk_fcand **pp = (fk_fcand **)v;
    for (fk_fcand *c = *pp; c; c = c->next)
        if (c->payload == payload) {
            if (c->ntok == nt) add_label(t, c, label);
            remember(t, form, fl0, payload, c);
            return 0;
        }
    fk_fcand *c = fk_arena_alloc(&t->arena, sizeof *c + nt);
    c->payload = payload;
    c->rank = rank;
    c->flags = flags;
    c->ntok = (uint16_t)nt;
    c->casei = (uint8_t)casei;
    c->label = label;
    c->raw = fk_arena_strndup(&t->arena, raw, rl);
    for (size_t i = 0; i < nt; i++) {
        unsigned f = sc->toks.v[i].flags;
        c->caps[i] = (f & FK_TF_ALLUPPER) ? 2 : (f & FK_TF_UPPER) ? 1 : 0;
    }
    while (*pp && (*pp)->rank >= rank) pp = &(*pp)->next;
    c->next = *pp;
    *pp = c;
    remember(t, form, fl0, payload, c);
    /* pre-filter: the first token, then each longer start of the form */
    uint64_t ph = sc->toks.v[0].fold_hash;
    first_add(t, ph, nt);
    for (size_t i = 1; i < nt; i++) {
        ph = chain_hash(ph, sc->toks.v[i].fold_hash);
        first_add(t, ph, nt);
    }
    t->nforms++;
    return 1;
}

int fk_fcand_ok(const fk_fcand *c, const fk_doc *d, size_t i)
{
    if ((c->flags & FK_FORM_NOSTART) && (d->toks.v[i].flags & FK_TF_SENT_START)) return 0;
    const char *raw = c->raw;
    for (size_t k = 0; k < c->ntok; k++) {
        const fk_token *tk = &d->toks.v[i + k];
        if (c->flags & FK_FORM_EXACT) {
            size_t tl = tk->end - tk->start;
            if (k == 0 && c->caps[0] == 0 && (tk->flags & FK_TF_UPPER) && !(tk->flags & FK_TF_ALLUPPER) &&
                fk_at_start(d, i) &&
                /* not after an abbreviation's dot inside a sentence ("ul. Słowackiego") */
                ((tk->flags & FK_TF_SENT_START) || d->text[d->toks.v[i - 1].start] != '.')) {
                /* a lower-case form capitalised at a start ("Polscy
                 * lekarze"): the same but for the first letter (the
                 * folds are equal, the key matched) */
                size_t a = 0, b = 0, rl = strlen(raw);
                const char *x = d->text + tk->start;
                UChar32 ch;
                U8_NEXT(raw, a, rl, ch);
                U8_NEXT(x, b, tl, ch);
                (void)ch;
                if (tl - b > rl - a || strncmp(raw + a, x + b, tl - b) || (raw[a + tl - b] != ' ' && raw[a + tl - b]))
                    return 0;
                raw += a + (tl - b) + (raw[a + tl - b] == ' ');
                continue;
            }
            if (strncmp(raw, d->text + tk->start, tl) || (raw[tl] != ' ' && raw[tl])) return 0;
            raw += tl + (raw[tl] == ' ');
            continue;
        }
        if (c->caps[k] == 1 && !(tk->flags & FK_TF_UPPER)) return 0;
        if (c->caps[k] == 2 && !(tk->flags & FK_TF_ALLUPPER)) return 0;
    }
    return 1;
}

/* key of tokens [i, i+n) into buf; returns length or 0 if too long */
static size_t make_key(const fk_doc *d, size_t i, size_t n, char *buf, size_t cap)
{
    size_t kl = 0;
    for (size_t k = 0; k < n; k++) {
        const fk_token *tk = &d->toks.v[i + k];
        if (kl + tk->fold_len + 2 > cap) return 0;
        if (k) buf[kl++] = ' ';
        memcpy(buf + kl, d->folds + tk->fold, tk->fold_len);
        kl += tk->fold_len;
    }
    return kl;
}

const fk_fcand *fk_ftab_get(const fk_ftab *t, const fk_doc *d, size_t i, size_t n)
{
    char key[1024];
    if (i + n > d->toks.n) return NULL;
    if (n == 1) { /* the token's fold is the key; its hash is known */
        const fk_token *tk = &d->toks.v[i];
        return keys_get(t, d->folds + tk->fold, tk->fold_len, tk->fold_hash);
    }
    size_t kl = make_key(d, i, n, key, sizeof key);
    return kl ? keys_get(t, key, kl, fk_hash(key, kl)) : NULL;
}

/* fk_ftab_match past the pre-filter (apart: most tokens start no form,
 * and their call stays small) */
static __attribute__((noinline)) const fk_fcand *match_lens(const fk_ftab *t, const fk_doc *d, size_t i,
                                                          size_t limit, uint32_t lens)
{
    const fk_token *tk = &d->toks.v[i];
    size_t maxn = 32 - (size_t)__builtin_clz(lens);
    if (i + maxn > limit) maxn = limit - i;
    /* the lengths whose every start is in the table, from the tokens'
     * fold hashes alone */
    uint32_t feas = lens & 1;
    uint64_t ph = tk->fold_hash;
    for (size_t n = 2; n <= maxn; n++) {
        ph = chain_hash(ph, d->toks.v[i + n - 1].fold_hash);
        lens &= first_lens(t, ph);
        if (!lens) break;
        feas |= lens & (1u << (n - 1));
    }
    if (!feas) return NULL;
    maxn = 32 - (size_t)__builtin_clz(feas);
    if (maxn == 1) {
        for (const fk_fcand *c = keys_get(t, d->folds + tk->fold, tk->fold_len, tk->fold_hash); c; c = c->next)
            if (fk_fcand_ok(c, d, i)) return c;
        return NULL;
    }
    /* the key of n tokens and its hash, built a token at a time */
    char key[1024];
    size_t off[FK_MAXTOK + 1];
    uint64_t hn[FK_MAXTOK + 1];
    size_t kl = 0;
    off[0] = 0;
    uint64_t h = FK_HASH_INIT;
    size_t n = 0;
    for (; n < maxn; n++) {
        const fk_token *x = &d->toks.v[i + n];
        if (kl + x->fold_len + 2 > sizeof key) break;
        if (n) key[kl++] = ' ', h = fk_hash_step(h, ' ');
        const char *f = d->folds + x->fold;
        for (size_t b = 0; b < x->fold_len; b++) h = fk_hash_step(h, (unsigned char)(key[kl + b] = f[b]));
        kl += x->fold_len;
        off[n + 1] = kl;
        hn[n + 1] = fk_hash_final(h);
    }
    for (; n > 0; n--) {
        if (!(feas & (1u << (n - 1)))) continue;
        const fk_fcand *c = keys_get(t, key, off[n], n == 1 ? tk->fold_hash : hn[n]);
        for (; c; c = c->next)
            if (fk_fcand_ok(c, d, i)) return c;
    }
    return NULL;
}

const fk_fcand *fk_ftab_match(const fk_ftab *t, const fk_doc *d, size_t i, size_t limit)
{
    uint32_t lens = first_lens(t, d->toks.v[i].fold_hash);
    return lens ? match_lens(t, d, i, limit, lens) : NULL;
}

/* ---- loading the entity tables ------------------------------------------- */

typedef struct genctx {
    fk_gaz *g;
    fk_doc *sc;
    uint32_t ent;
    int rank;
    unsigned flags;
    const char *const *labels;  /* per case */
} genctx;

static void emit_form(void *vctx, int casei, const char *form)
{
    genctx *x = vctx;
    fk_ftab_add(&x->g->tab, x->sc, form, x->ent, x->rank, x->flags, casei, x->labels[casei]);
}

static const char *const alias_labels[FK_NCASES] = {"alias", "alias:gen", "alias:dat", "alias:acc",
                                                     "alias:inst", "alias:loc", "alias:voc"};

/* Inflect and index one name (canonical or alias) of entry `ent`. spec
 * points into the line (for column numbers) or is NULL. Returns 0 or -1. */
static int index_name(fk_gaz *g, fk_doc *sc, fk_lines *r, const char *line, const char *name,
                      const char *spec, int type, uint32_t ent, int rank, unsigned flags,
                      const char *const *labels)
{
    const char *part[FK_MAXPARTS];
    size_t plen[FK_MAXPARTS];
    char sep[FK_MAXPARTS];
    size_t np = fk_name_parts(name, part, plen, sep);
    if (!np) {
        fk_lines_error(r, line, name,
                       "bad name \"%s\": empty or more than %d parts",
                       name, FK_MAXPARTS);
        return -1;
    }
    fk_pcode codes[FK_MAXPARTS];
    int automatic;
    const char *err, *errat;
    if (fk_spec_parse(spec, np, codes, &automatic, &err, &errat) != 0) {
        fk_lines_error(r, line, errat, "%s: \"%s\" has %zu part%s", err, name, np, np == 1 ? "" : "s");
        return -1;
    }
    if (automatic) fk_spec_auto(g->infl, part, plen, np, type, codes);
    genctx x = {g, sc, ent, rank, flags, labels};
    /* vocatives are indexed for persons only: a place's vocative is
     * hardly ever written, and often is a common word */
    unsigned cases = (1u << FK_NCASES) - 1;
    if (type != FK_PER) cases &= ~(1u << (FK_NCASES - 1));
    fk_infl_generate_cases(g->infl, name, type, codes, np, cases, emit_form, &x);
    return 0;
}

static int parse_type(const char *s)
{
    if (!strcmp(s, "PER")) return FK_PER;
    if (!strcmp(s, "LOC")) return FK_LOC;
    if (!strcmp(s, "ORG")) return FK_ORG;
    return 0;
}

static int given(const char *s) { return s && *s && strcmp(s, "-"); }

static void load_table(fk_gaz *g, const fk_engine *e, const fk_pack_file *pf, fk_doc *sc,
                       fakty_diags *diags, size_t *nentries)
{
    fk_lines r;
    if (fk_lines_open(&r, pf->path, diags) != 0) return;
    const char *shown = pf->path;
    char *tmp = NULL;
    if (pf->rel[0] != '+') shown = tmp = fk_xasprintf("gazetteers/%s/%s", e->pack.lang, pf->rel);
    const char *shown_a = fk_arena_strdup(&g->arena, shown);
    free(tmp);
    static const char *const canon_labels[FK_NCASES] = {"nom", "gen", "dat", "acc", "inst", "loc", "voc"};
    char *line;
    size_t len;
    while ((line = fk_lines_record(&r, &len))) {
        char *f[9] = {0};
        size_t n = fk_split(line, '\t', f, 9);
        if (n > 8) {
            fk_lines_error(&r, line, f[8], "too many fields (at most 8: name, type, subtype, id, aliases, inflection, rank, flags)");
            continue;
        }
        const char *name = f[0];
        if (!*name || !strcmp(name, "-")) {
            fk_lines_error(&r, line, line, "missing name");
            continue;
        }
        if (n < 2 || !*f[1]) {
            fk_lines_error(&r, line, n < 2 ? line + len : f[1], "missing type (PER, LOC or ORG)");
            continue;
        }
        int type = parse_type(f[1]);
        if (!type) {
            fk_lines_error(&r, line, f[1], "unknown type \"%s\" (expected PER, LOC or ORG)", f[1]);
            continue;
        }
        const char *subtype = n > 2 && given(f[2]) ? f[2] : NULL;
        const char *id = n > 3 && given(f[3]) ? f[3] : NULL;
        if (id) {
            const char *colon = strchr(id, ':');
            if (!colon || colon == id || !colon[1] || strchr(id, ' ')) {
                fk_lines_error(&r, line, f[3], "id \"%s\" needs a scheme prefix (iso3166:, geonames:, wikidata:, fakty:)", id);
                continue;
            }
        }
        int rank = 0;
        if (n > 6 && given(f[6])) {
            /* plain digits (nearly every rank) without strtoll */
            long long v = 0;
            char *end = f[6];
            while (*end >= '0' && *end <= '9' && end - f[6] < 12) v = v * 10 + (*end++ - '0');
            if (*end) v = strtoll(f[6], &end, 10);
            if (*end || v > 2000000000LL || v < -2000000000LL) {
                fk_lines_error(&r, line, f[6], "rank must be an integer, not \"%s\"", f[6]);
                continue;
            }
            rank = (int)v;
        }
        unsigned flags = 0;
        if (n > 7 && given(f[7])) {
            char *p = f[7];
            int bad = 0;
            while (p && *p) {
                char *comma = strchr(p, ',');
                size_t l = comma ? (size_t)(comma - p) : strlen(p);
                if (l == 7 && !strncmp(p, "nostart", 7)) flags |= FK_FORM_NOSTART;
                else if (l == 5 && !strncmp(p, "exact", 5)) flags |= FK_FORM_EXACT;
                else if (l == 7 && !strncmp(p, "derived", 7)) flags |= FK_FORM_DERIVED;
                else {
                    fk_lines_error(&r, line, p, "unknown flag \"%.*s\" (expected nostart, exact or derived)", (int)l, p);
                    bad = 1;
                    break;
                }
                p = comma ? comma + 1 : NULL;
            }
            if (bad) continue;
        }
        /* the entry */
        gent x = {0};
        uint32_t idx = (uint32_t)g->ents.n;
        x.name = fk_arena_strdup(&g->arena, name);
        x.subtype = subtype ? fk_arena_strdup(&g->arena, subtype) : NULL;
        x.ref = id ? fk_arena_strdup(&g->arena, id) : NULL;
        x.rule = fk_arena_loc(&g->arena, shown_a, r.lineno);
        x.type = type;
        x.rank = rank;
        x.flags = flags;
        x.canon = idx;
        if (id) {
            int ins;
            size_t il = strlen(x.ref);
            void **v = fk_htab_slot(&g->ids, x.ref, il, fk_hash(x.ref, il), &ins);
            if (ins) *v = (void *)(uintptr_t)(idx + 1);
            else {
                x.canon = (uint32_t)((uintptr_t)*v - 1);
                if (g->ents.v[x.canon].type != type)
                    fk_lines_warn(&r, line, f[1], "id %s was given type %s by %s; that type is used",
                                  id, g->ents.v[x.canon].type == FK_PER ? "PER" : g->ents.v[x.canon].type == FK_LOC ? "LOC" : "ORG",
                                  g->ents.v[x.canon].rule);
            }
        }
        /* check the specs before indexing anything */
        int ok = 0;
        fk_vec_push(g->ents, x);
        ok |= index_name(g, sc, &r, line, name, n > 5 ? f[5] : NULL, type, idx, rank, flags, canon_labels);
        if (n > 4 && given(f[4])) {
            char *p = f[4];
            for (;;) {
                char *bar = strchr(p, '|');
                if (bar) *bar = 0;
                char *spec = NULL;
                size_t al = strlen(p);
                if (al && p[al - 1] == '}') {
                    char *br = strrchr(p, '{');
                    if (!br) {
                        fk_lines_error(&r, line, p + al - 1, "\"}\" without \"{\" in alias");
                        ok = -1;
                    } else {
                        *br = 0;
                        p[al - 1] = 0;
                        spec = br + 1;
                        if (!*spec) spec = NULL;
                    }
                }
                if (ok == 0) {
                    if (!*p) {
                        fk_lines_error(&r, line, p, "empty alias");
                        ok = -1;
                    } else {
                        ok |= index_name(g, sc, &r, line, p, spec, type, idx, rank, flags, alias_labels);
                    }
                }
                if (!bar) break;
                p = bar + 1;
            }
        }
        (*nentries)++;
    }
    fk_lines_close(&r);
}

int fk_gaz_load(fk_engine *e, fakty_diags *diags)
{
    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    fk_gaz *g = fk_xcalloc(1, sizeof *g);
    e->gaz = g;
    fk_arena_init(&g->arena, 1 << 20);
    fk_ftab_init(&g->tab);
    /* the table's keys are read here only; it is sized for the tables'
     * bytes (a key about every 14), so that it does not grow */
    size_t bytes = 0;
    for (size_t i = 0; i < e->pack.gazetteers.n; i++) {
        struct stat st;
        if (stat(e->pack.gazetteers.v[i].path, &st) == 0) bytes += (size_t)st.st_size;
    }
    fk_ftab_lean(&g->tab, bytes / 14);
    g->infl = fk_infl_new();
    for (size_t i = 0; i < e->pack.inflection.n; i++) {
        const fk_pack_file *pf = &e->pack.inflection.v[i];
        size_t rl = strlen(pf->rel);
        if (rl < 4 || strcmp(pf->rel + rl - 4, ".tsv")) continue; /* README etc. */
        const char *base = strrchr(pf->rel, '/');
        base = base ? base + 1 : pf->rel;
        int kind = !strncmp(base, "suffixes", 8) ? 'S' : 'L';
        fk_infl_load(g->infl, pf->path, kind, diags);
    }
    fk_doc *sc = fk_doc_new(e, "", 0, NULL);
    free(sc->text); /* the scratch document tokenizes borrowed strings */
    sc->text = NULL;
    size_t nentries = 0;
    for (size_t i = 0; i < e->pack.gazetteers.n; i++)
        load_table(g, e, &e->pack.gazetteers.v[i], sc, diags, &nentries);
    int rc = fk_cues_load(e, g->infl, sc, diags, &g->cues);
    fk_doc_free(sc);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    g->load_seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (getenv("FAKTY_GAZ_STATS"))
        fprintf(stderr, "gazetteer: %zu entries, %zu forms, %zu lexicon entries, loaded in %.3f s (%.3f s CPU)\n",
                nentries, g->tab.nforms, fk_infl_lexicon_size(g->infl), g->load_seconds,
                (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9);
    return rc;
}

const fk_infl *fk_gaz_infl(const fk_engine *e) { return e->gaz ? e->gaz->infl : NULL; }

int fk_gaz_known(const fk_engine *e, const fk_doc *d, size_t t)
{
    const fk_token *k = &d->toks.v[t];
    return e->gaz && keys_get(&e->gaz->tab, fk_tok_fold(d, t), k->fold_len, k->fold_hash) != NULL;
}

void fk_gaz_free(fk_gaz *g)
{
    if (!g) return;
    fk_cues_free(g->cues);
    fk_infl_free(g->infl);
    fk_htab_free(&g->ids);
    fk_ftab_free(&g->tab);
    fk_vec_free(g->ents);
    fk_arena_free(&g->arena);
    free(g);
}

/* ---- matching ------------------------------------------------------------- */

static void mark_range(uint8_t *cov, size_t n, uint32_t t0, uint32_t t1)
{
    for (uint32_t t = t0; t < t1 && t < n; t++) cov[t] = 1;
}

static int cmp_ent(const void *a, const void *b)
{
    const fk_entity *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->end < y->end ? 1 : x->end > y->end ? -1 : 0;
}

/* Places with a rank (population) below this lose a one-word match to a
 * first name of the same form. */
#define FIRSTNAME_PLACE_RANK 100000
/* Countries (and anything ranked as high) are never read as surnames. */
#define COUNTRY_RANK 1000000000

static int is_capword(const fk_doc *d, size_t t)
{
    return d->toks.v[t].kind == FK_TOK_WORD && (d->toks.v[t].flags & FK_TF_UPPER);
}

/* The folds of a document's lower-case words: a set of token indexes by
 * the tokenizer's fold hash, at most half full. */
typedef struct lowerset {
    uint32_t *slot;      /* token index + 1; 0 free */
    size_t mask;
} lowerset;

static int same_fold(const fk_doc *d, size_t a, size_t b)
{
    const fk_token *x = &d->toks.v[a], *y = &d->toks.v[b];
    return x->fold_hash == y->fold_hash && x->fold_len == y->fold_len &&
           !memcmp(d->folds + x->fold, d->folds + y->fold, x->fold_len);
}

/* Is token t's fold used by a lower-case word anywhere in the document?
 * (the set built on first use) */
static int lower_in_doc(const fk_doc *d, lowerset *m, size_t t)
{
    if (!m->slot) {
        size_t n = 0, cap = 16;
        for (size_t k = 0; k < d->toks.n; k++)
            n += d->toks.v[k].kind == FK_TOK_WORD && !(d->toks.v[k].flags & FK_TF_UPPER);
        while (cap < 2 * n) cap *= 2;
        m->slot = fk_xcalloc(cap, sizeof *m->slot);
        m->mask = cap - 1;
        for (size_t k = 0; k < d->toks.n; k++) {
            const fk_token *x = &d->toks.v[k];
            if (x->kind != FK_TOK_WORD || (x->flags & FK_TF_UPPER)) continue;
            size_t j = (size_t)x->fold_hash & m->mask;
            while (m->slot[j] && !same_fold(d, m->slot[j] - 1, k)) j = (j + 1) & m->mask;
            if (!m->slot[j]) m->slot[j] = (uint32_t)k + 1;
        }
    }
    for (size_t j = (size_t)d->toks.v[t].fold_hash & m->mask; m->slot[j]; j = (j + 1) & m->mask)
        if (same_fold(d, m->slot[j] - 1, t)) return 1;
    return 0;
}

/* Is token t's fold (in lower case) a derived form of entity canon
 * ("polska" the adjective of Polska)? Then its lower-case use elsewhere
 * says nothing against the name at a start. */
static int derived_of(const fk_gaz *g, const fk_doc *d, size_t t, uint32_t canon)
{
    for (const fk_fcand *x = keys_get(&g->tab, fk_tok_fold(d, t), d->toks.v[t].fold_len, d->toks.v[t].fold_hash); x;
         x = x->next)
        if ((x->flags & FK_FORM_DERIVED) && x->ntok == 1 && g->ents.v[x->payload].canon == canon) return 1;
    return 0;
}

void fk_gaz_run(const fk_engine *e, fk_doc *d)
{
    lowerset lower = {NULL, 0};
    const fk_gaz *g = e->gaz;
    size_t nt = d->toks.n;
    if (!g || !nt) return;
    uint8_t *cov = fk_xcalloc(nt, 1);
    /* dates and quantities are not entities */
    for (size_t i = 0; i < d->dates.n; i++) mark_range(cov, nt, d->dates.v[i].tok0, d->dates.v[i].tok1);
    for (size_t i = 0; i < d->qtys.n; i++) mark_range(cov, nt, d->qtys.v[i].tok0, d->qtys.v[i].tok1);
    for (size_t i = 0; i < nt;) {
        const fk_token *tk = &d->toks.v[i];
        if (cov[i] || (tk->kind != FK_TOK_WORD && tk->kind != FK_TOK_NUMBER)) {
            i++;
            continue;
        }
        size_t limit = d->sents.n ? d->sents.v[tk->sentence].tok1 : nt;
        const fk_fcand *c = fk_ftab_match(&g->tab, d, i, limit);
        if (!c) {
            i++;
            continue;
        }
        int bad = 0;
        for (size_t k = 0; k < c->ntok; k++) bad |= cov[i + k];
        const gent *en0 = &g->ents.v[c->payload];
        if (!bad && c->ntok == 1) {
            int start = fk_at_start(d, i);
            if (fk_cues_stop(g->cues, fk_tok_fold(d, i), start)) bad = 1;
            /* a lower-case form capitalised at a start is the adjective or
             * noun only before a lower-case word ("Polscy lekarze", not
             * "Polski Związek ...") */
            else if ((c->flags & FK_FORM_EXACT) && c->caps[0] == 0 && (tk->flags & FK_TF_UPPER) &&
                     (i + 1 >= limit || is_capword(d, i + 1)))
                bad = 1;
            /* a capitalised word at the start of a sentence that the text
             * also uses in lower case is a common word there */
            else if (start && !(c->flags & FK_FORM_EXACT) && lower_in_doc(d, &lower, i) &&
                     !derived_of(g, d, i, en0->canon))
                bad = 1;
            /* a first name is a person's, not a small place's: before a
             * capitalised word always, alone unless the place is large */
            else if (g->ents.v[en0->canon].type == FK_LOC && fk_cues_first_name(g->cues, d, i) &&
                     ((i + 1 < limit && is_capword(d, i + 1) && !cov[i + 1]) || en0->rank < FIRSTNAME_PLACE_RANK))
                bad = 1;
            /* after a first name a place name is a surname ("Piotr Giza") */
            else if (g->ents.v[en0->canon].type == FK_LOC && en0->rank < COUNTRY_RANK && i > 0 &&
                     !cov[i - 1] && d->toks.v[i - 1].sentence == tk->sentence &&
                     fk_cues_first_name(g->cues, d, i - 1))
                bad = 1;
            /* a small place in an oblique case opening a sentence is
             * more likely a common word ("Mogą", "Wolę") */
            else if (start && g->ents.v[en0->canon].type == FK_LOC && en0->rank < FIRSTNAME_PLACE_RANK &&
                     c->casei != 0)
                bad = 1;
        }
        if (bad) {
            i++;
            continue;
        }
        const gent *en = &g->ents.v[c->payload];
        const gent *cn = &g->ents.v[en->canon];
        fk_entity x = {0};
        x.tok0 = (uint32_t)i;
        x.tok1 = (uint32_t)(i + c->ntok);
        x.start = tk->start;
        x.end = d->toks.v[i + c->ntok - 1].end;
        x.sentence = tk->sentence;
        x.type = cn->type;
        /* a derived name ("polskiej" for Polska) keeps its own subtype:
         * it names the place without being a mention of it as a place */
        x.subtype = (en->flags & FK_FORM_DERIVED) && en->subtype ? en->subtype : cn->subtype;
        x.name = cn->name;
        x.ref = cn->ref;
        x.rule = en->rule;
        x.form = c->label;
        x.score = 1.0;
        fk_vec_push(d->ents, x);
        mark_range(cov, nt, x.tok0, x.tok1);
        i += c->ntok;
    }
    free(lower.slot);
    fk_cues_run(e, g->cues, g->infl, d, cov);
    free(cov);
    if (d->ents.n > 1) qsort(d->ents.v, d->ents.n, sizeof *d->ents.v, cmp_ent);
}
