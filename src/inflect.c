/* Inflection of names: lexicon look-up, suffix paradigms, gender guesses,
 * automatic specs and the inverse (surface form -> nominative).
 * See docs/gazetteers.md for the data formats and rules. */
#include "inflect.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "doc.h"
#include "htab.h"

const char *const fk_case_keys[FK_NCASES] = {"nom", "gen", "dat", "acc", "inst", "loc", "voc"};
const char *const fk_gender_keys[FK_NGENDERS] = {"m1", "m2", "m3", "f", "n", "p"};

enum { NADJ = FK_NGENDERS * FK_NCASES };

typedef struct lexent {
    struct lexent *next; /* next entry with the same lemma */
    const char *lemma;
    char pos;            /* 'N' or 'A' */
    int gender;          /* N: gender; A: FK_G_NONE */
    const char **f;      /* N: [case]; A: [gender*7+case]; '|'-separated, NULL = absent */
} lexent;

typedef struct inv {     /* inverse index node: a form of a lexicon entry */
    struct inv *next;
    const lexent *e;
    int slot;            /* index into e->f */
} inv;

typedef struct sline {
    const char *ending;  /* "" for '*' */
    size_t ecp;          /* ending length in code points */
    int longer;          /* a longer ending of the same pos and gender ends
                            with this one (or this one is '*') */
    const char *rkey;    /* its smap key (reversed) and the hash state after it */
    size_t rkl;
    uint64_t rstate;
    const char *repl[FK_NCASES]; /* '|'-separated replacements or NULL */
} sline;

/* Reverse index of the S lines: one entry per replacement (lower case) of
 * a case of a paradigm, so that fk_infl_lemmas looks up the word's endings
 * instead of walking every paradigm. */
typedef struct rent {
    struct rent *next;
    const sline *s;
    uint64_t order;      /* (gender, line, case, alternative): the old walk's order */
    uint8_t posi, gg, cc;
} rent;

/* The value of every shorter piece (at a code point) of a reversed key in
 * smap and rindex: a walk from a word's end stops where no key goes on. */
static const sline smark;
static const rent rmark;

/* Mark the pieces of reversed key[0..kl) after its first `from` bytes. */
static void mark_pieces(fk_map *m, const char *key, size_t from, size_t kl, const void *mark)
{
    for (size_t pl = from + 1; pl < kl; pl++) {
        if (((unsigned char)key[pl - 1] & 0xC0) == 0x80) continue; /* inside a code point */
        int ins;
        void **v = fk_map_slot(m, key, pl, &ins);
        if (ins) *v = (void *)mark;
    }
}

struct fk_infl {
    fk_arena arena;
    fk_map *rindex;      /* lower-case replacement, bytes reversed -> rent* (non-empty) */
    rent *rempty;        /* empty replacements (and a missing nom) */
    size_t rmax;         /* longest replacement, code points */
    size_t smax[2][FK_NGENDERS]; /* longest S ending of (pos, gender), code points */
    fk_htab nouns;       /* lemma -> lexent* (N); keys in the arena */
    fk_htab adjs;        /* g.nom form -> lexent* (A); value list via first match */
    fk_htab inverse;     /* form -> inv* */
    inv *inv_pool;       /* inverse nodes to hand out */
    size_t inv_left;
    fk_map *smap;        /* "pos\1g\1" + ending's bytes reversed -> sline* */
    FK_VEC(sline *) slines[2][FK_NGENDERS];
    fk_map *gmap;        /* "type\1ending" -> gender+1 */
    fk_map *imap, *jmap; /* endings, bytes reversed -> 1 (or a piece mark) */
    size_t imax, jmax;   /* longest ending (code points) */
    size_t nlex;
};

fk_infl *fk_infl_new(void)
{
    fk_infl *I = fk_xcalloc(1, sizeof *I);
    fk_arena_init(&I->arena, 256 * 1024);
    I->smap = fk_map_new();
    I->rindex = fk_map_new();
    I->gmap = fk_map_new();
    I->imap = fk_map_new();
    I->jmap = fk_map_new();
    return I;
}

void fk_infl_free(fk_infl *I)
{
    if (!I) return;
    fk_htab_free(&I->nouns);
    fk_htab_free(&I->adjs);
    fk_htab_free(&I->inverse);
    fk_map_free(I->smap);
    fk_map_free(I->rindex);
    fk_map_free(I->gmap);
    fk_map_free(I->imap);
    fk_map_free(I->jmap);
    for (int p = 0; p < 2; p++)
        for (int g = 0; g < FK_NGENDERS; g++) fk_vec_free(I->slines[p][g]);
    fk_arena_free(&I->arena);
    free(I);
}

size_t fk_infl_lexicon_size(const fk_infl *I) { return I->nlex; }

int fk_gender_parse(const char *s, size_t n)
{
    for (int g = 0; g < FK_NGENDERS; g++)
        if (strlen(fk_gender_keys[g]) == n && !memcmp(s, fk_gender_keys[g], n)) return g;
    return FK_G_NONE;
}

int fk_case_parse(const char *s, size_t n)
{
    for (int c = 0; c < FK_NCASES; c++)
        if (strlen(fk_case_keys[c]) == n && !memcmp(s, fk_case_keys[c], n)) return c;
    return -1;
}

static int type_parse(const char *s)
{
    if (!strcmp(s, "*")) return 0;
    if (!strcmp(s, "PER")) return FK_PER;
    if (!strcmp(s, "LOC")) return FK_LOC;
    if (!strcmp(s, "ORG")) return FK_ORG;
    return -1;
}

/* ---- small UTF-8 helpers ------------------------------------------------ */

/* Lower-case s into out (cap bytes; truncates safely). Code-point count is kept. */
static size_t lower_utf8(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* ASCII: what u_tolower gives, without the call */
            if (o + 5 > cap) break;
            out[o++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
            i++;
            continue;
        }
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) c = 0xFFFD;
        c = u_tolower(c);
        if (o + 5 > cap) break;
        U8_APPEND_UNSAFE(out, o, c);
    }
    out[o] = 0;
    return o;
}

/* Byte offset where the last k code points of s[0..n) start (0 if fewer). */
static size_t tail_start(const char *s, size_t n, size_t k)
{
    size_t i = n;
    while (k && i > 0) {
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
        k--;
    }
    return k ? 0 : i;
}

static size_t cp_count(const char *s) { return fk_utf8_count(s, strlen(s)); }

/* word[0..wn) with its first letter lowered, in buf when it fits (else in
 * spill); *outn gets the length. */
static const char *lower_first(const char *word, size_t wn, char *buf, size_t cap, fk_arena *spill,
                               size_t *outn)
{
    size_t i = 0;
    *outn = wn;
    if (!wn) return word;
    UChar32 c;
    U8_NEXT(word, i, wn, c);
    if (c < 0) return word;
    char *out = wn + 8 <= cap ? buf : fk_arena_alloc(spill, wn + 8);
    size_t o = 0;
    c = u_tolower(c);
    U8_APPEND_UNSAFE(out, o, c);
    memcpy(out + o, word + i, wn - i);
    out[o + wn - i] = 0;
    *outn = o + wn - i;
    return out;
}

/* word's first code point + form after its first code point */
static char *keep_first(fk_arena *a, const char *word, const char *form, size_t flen)
{
    size_t wn = strlen(word), i = 0, j = 0;
    UChar32 c;
    U8_NEXT(word, i, wn, c);
    U8_NEXT(form, j, flen, c);
    (void)c;
    char *out = fk_arena_alloc(a, i + flen - j + 1);
    memcpy(out, word, i);
    memcpy(out + i, form + j, flen - j);
    out[i + flen - j] = 0;
    return out;
}

/* ---- loading ------------------------------------------------------------ */

static void inv_add(fk_infl *I, const char *form, size_t n, const lexent *e, int slot)
{
    int ins;
    void **v = fk_htab_slot(&I->inverse, form, n, fk_hash(form, n), &ins);
    for (inv *x = *v; x; x = x->next)
        if (x->e == e && x->slot == slot) return;
    if (!I->inv_left) { /* nodes a thousand at a time */
        I->inv_pool = fk_arena_alloc(&I->arena, 1024 * sizeof *I->inv_pool);
        I->inv_left = 1024;
    }
    inv *x = I->inv_pool++;
    I->inv_left--;
    x->e = e;
    x->slot = slot;
    x->next = *v;
    *v = x;
}

static void load_lexicon_line(fk_infl *I, fk_lines *r, char *line)
{
    char *f[5];
    size_t n = fk_split(line, '\t', f, 5);
    if (n < 4) {
        fk_lines_error(r, line, line + strlen(line), "expected 4 fields: lemma, gender, pos, forms");
        return;
    }
    if (n > 4) {
        fk_lines_error(r, line, f[4], "too many fields (expected 4)");
        return;
    }
    if (!*f[0]) {
        fk_lines_error(r, line, f[0], "empty lemma");
        return;
    }
    char pos;
    if (!strcmp(f[2], "N")) pos = 'N';
    else if (!strcmp(f[2], "A")) pos = 'A';
    else {
        fk_lines_error(r, line, f[2], "unknown part of speech \"%s\" (expected N or A)", f[2]);
        return;
    }
    int g = FK_G_NONE;
    if (pos == 'N') {
        g = fk_gender_parse(f[1], strlen(f[1]));
        if (g == FK_G_NONE) {
            fk_lines_error(r, line, f[1], "unknown gender \"%s\" (expected m1 m2 m3 f n p)", f[1]);
            return;
        }
    } else if (strcmp(f[1], "-") && *f[1]) {
        fk_lines_error(r, line, f[1], "an adjective has no gender: write -");
        return;
    }
    lexent *e = fk_arena_alloc(&I->arena, sizeof *e);
    e->pos = pos;
    e->gender = g;
    e->lemma = fk_arena_strdup(&I->arena, f[0]);
    size_t nslots = pos == 'N' ? FK_NCASES : NADJ;
    e->f = fk_arena_alloc(&I->arena, nslots * sizeof *e->f);
    char *s = f[3];
    int any = 0;
    while (*s) {
        char *sp = strchr(s, ' ');
        size_t len = sp ? (size_t)(sp - s) : strlen(s);
        if (!len) {
            s++;
            continue;
        }
        char *eq = memchr(s, '=', len);
        if (!eq || eq == s) {
            fk_lines_error(r, line, s, "expected key=form");
            return;
        }
        int slot = -1;
        if (pos == 'N') {
            slot = fk_case_parse(s, (size_t)(eq - s));
        } else {
            char *dot = memchr(s, '.', (size_t)(eq - s));
            if (dot) {
                int gg = fk_gender_parse(s, (size_t)(dot - s));
                int c = fk_case_parse(dot + 1, (size_t)(eq - dot - 1));
                if (gg != FK_G_NONE && c >= 0) slot = gg * FK_NCASES + c;
            }
        }
        if (slot < 0) {
            fk_lines_error(r, line, s, "unknown key \"%.*s\" (expected %s)", (int)(eq - s), s,
                           pos == 'N' ? "nom gen dat acc inst loc voc" : "GENDER.CASE, e.g. f.gen");
            return;
        }
        size_t vl = len - (size_t)(eq + 1 - s);
        if (!vl) {
            fk_lines_error(r, line, eq + 1, "empty form");
            return;
        }
        e->f[slot] = fk_arena_strndup(&I->arena, eq + 1, vl);
        any = 1;
        s += len;
    }
    if (!any) {
        fk_lines_error(r, line, f[3], "no forms");
        return;
    }
    I->nlex++;
    if (pos == 'N') {
        int ins;
        size_t ll = strlen(e->lemma);
        void **v = fk_htab_slot(&I->nouns, e->lemma, ll, fk_hash(e->lemma, ll), &ins);
        /* append: the first entry of a lemma is preferred */
        lexent **pp = (lexent **)v;
        while (*pp) pp = &(*pp)->next;
        *pp = e;
    } else {
        for (int gg = 0; gg < FK_NGENDERS; gg++) {
            const char *nom = e->f[gg * FK_NCASES];
            if (!nom) continue;
            for (const char *p = nom; *p;) {
                const char *bar = strchr(p, '|');
                size_t l = bar ? (size_t)(bar - p) : strlen(p);
                int ins;
                void **v = fk_htab_slot(&I->adjs, p, l, fk_hash(p, l), &ins);
                if (ins) *v = e;
                p += l + (bar ? 1 : 0);
            }
        }
    }
    for (size_t sl = 0; sl < nslots; sl++) {
        if (!e->f[sl]) continue;
        for (const char *p = e->f[sl]; *p;) {
            const char *bar = strchr(p, '|');
            size_t l = bar ? (size_t)(bar - p) : strlen(p);
            inv_add(I, p, l, e, (int)sl);
            p += l + (bar ? 1 : 0);
        }
    }
}

static const char ending_piece;

static void ending_add(fk_map *m, size_t *max, const char *e)
{
    int ins;
    char low[256], rev[256];
    size_t n = lower_utf8(e, strlen(e), low, sizeof low);
    for (size_t i = 0; i < n; i++) rev[i] = low[n - 1 - i];
    mark_pieces(m, rev, 0, n, &ending_piece); /* first: the map may grow */
    void **v = fk_map_slot(m, rev, n, &ins);
    *v = (void *)1;
    size_t k = cp_count(low);
    if (k > *max) *max = k;
}

static void load_suffix_line(fk_infl *I, fk_lines *r, char *line)
{
    char *f[6];
    size_t n = fk_split(line, '\t', f, 6);
    char kind = f[0][0];
    if (!kind || f[0][1]) {
        fk_lines_error(r, line, f[0], "unknown line kind \"%s\" (expected S, G, I or J)", f[0]);
        return;
    }
    switch (kind) {
    case 'S': {
        if (n != 5) {
            fk_lines_error(r, line, n > 5 ? f[5] : line + strlen(line),
                           "an S line has 5 fields: S, pos, gender, ending, forms");
            return;
        }
        int pos = !strcmp(f[1], "N") ? 0 : !strcmp(f[1], "A") ? 1 : -1;
        if (pos < 0) {
            fk_lines_error(r, line, f[1], "unknown part of speech \"%s\" (expected N or A)", f[1]);
            return;
        }
        int g = fk_gender_parse(f[2], strlen(f[2]));
        if (g == FK_G_NONE) {
            fk_lines_error(r, line, f[2], "unknown gender \"%s\" (expected m1 m2 m3 f n p)", f[2]);
            return;
        }
        if (!*f[3]) {
            fk_lines_error(r, line, f[3], "empty ending (write * for any word)");
            return;
        }
        sline *s = fk_arena_alloc(&I->arena, sizeof *s);
        char low[256];
        if (!strcmp(f[3], "*")) s->ending = "";
        else {
            size_t ln = lower_utf8(f[3], strlen(f[3]), low, sizeof low);
            s->ending = fk_arena_strndup(&I->arena, low, ln);
        }
        s->ecp = cp_count(s->ending);
        char *p = f[4];
        while (*p) {
            char *sp = strchr(p, ' ');
            size_t len = sp ? (size_t)(sp - p) : strlen(p);
            if (!len) {
                p++;
                continue;
            }
            char *eq = memchr(p, '=', len);
            int c = eq ? fk_case_parse(p, (size_t)(eq - p)) : -1;
            if (c < 0) {
                fk_lines_error(r, line, p, "expected case=replacement with a case of nom gen dat acc inst loc voc");
                return;
            }
            s->repl[c] = fk_arena_strndup(&I->arena, eq + 1, len - (size_t)(eq + 1 - p));
            p += len;
        }
        /* reversed: paradigm() hashes a word's endings from its end */
        char key[260];
        size_t el = strlen(s->ending), kl = 4;
        key[0] = (char)('0' + pos), key[1] = '\1', key[2] = (char)('0' + g), key[3] = '\1';
        for (size_t i = el; i-- > 0 && kl < sizeof key;) key[kl++] = s->ending[i];
        int ins;
        void **v = fk_map_slot(I->smap, key, kl, &ins);
        if (!ins && *v != &smark) {
            fk_lines_error(r, line, f[3], "duplicate paradigm for %s %s ending \"%s\"", f[1], f[2], f[3]);
            return;
        }
        s->longer = !ins || !s->ecp; /* !ins: a longer ending marked this one */
        s->rkey = fk_arena_strndup(&I->arena, key, kl);
        s->rkl = kl;
        s->rstate = FK_HASH_INIT;
        for (size_t i = 0; i < kl; i++) s->rstate = fk_hash_step(s->rstate, (unsigned char)key[i]);
        *v = s;
        /* the shorter endings within this one: marked, or known to be
         * extended */
        for (size_t pl = 5; pl < kl; pl++) {
            if (((unsigned char)key[pl - 1] & 0xC0) == 0x80) continue; /* inside a code point */
            void **pv = fk_map_slot(I->smap, key, pl, &ins);
            if (ins) *pv = (void *)&smark;
            else if (*pv != &smark) ((sline *)*pv)->longer = 1;
        }
        size_t si = I->slines[pos][g].n;
        fk_vec_push(I->slines[pos][g], s);
        if (s->ecp > I->smax[pos][g]) I->smax[pos][g] = s->ecp;
        /* the reverse index, in the order fk_infl_lemmas used to walk */
        for (int cc = 0; cc < FK_NCASES; cc++) {
            const char *list = s->repl[cc];
            if (!list && cc) continue;
            if (!list) list = ""; /* nom missing: the word itself */
            unsigned alt = 0;
            for (const char *q = list;; alt++) {
                const char *bar = strchr(q, '|');
                size_t l = bar ? (size_t)(bar - q) : strlen(q);
                char rl[256];
                size_t rn = l < sizeof rl ? lower_utf8(q, l, rl, sizeof rl) : 0;
                if (l == 0 || rn) {
                    rent *x = fk_arena_alloc(&I->arena, sizeof *x);
                    x->s = s;
                    x->order = ((((uint64_t)g << 20 | si) << 4 | (uint64_t)cc) << 16) | alt;
                    x->posi = (uint8_t)pos;
                    x->gg = (uint8_t)g;
                    x->cc = (uint8_t)cc;
                    rent **head;
                    if (!rn) head = &I->rempty;
                    else {
                        char rk[256];
                        for (size_t i = 0; i < rn; i++) rk[i] = rl[rn - 1 - i];
                        mark_pieces(I->rindex, rk, 0, rn, &rmark); /* first: the map may grow */
                        int ins2;
                        head = (rent **)fk_map_slot(I->rindex, rk, rn, &ins2);
                        if (*head == &rmark) *head = NULL;
                        size_t k = fk_utf8_count(rl, rn);
                        if (k > I->rmax) I->rmax = k;
                    }
                    x->next = *head;
                    *head = x;
                }
                if (!bar) break;
                q = bar + 1;
            }
        }
        break;
    }
    case 'G': {
        if (n != 4) {
            fk_lines_error(r, line, n > 4 ? f[4] : line + strlen(line),
                           "a G line has 4 fields: G, type, ending, gender");
            return;
        }
        int t = type_parse(f[1]);
        if (t < 0) {
            fk_lines_error(r, line, f[1], "unknown type \"%s\" (expected PER, LOC, ORG or *)", f[1]);
            return;
        }
        int g = fk_gender_parse(f[3], strlen(f[3]));
        if (g == FK_G_NONE) {
            fk_lines_error(r, line, f[3], "unknown gender \"%s\" (expected m1 m2 m3 f n p)", f[3]);
            return;
        }
        if (!*f[2]) {
            fk_lines_error(r, line, f[2], "empty ending (write * for any word)");
            return;
        }
        char low[256];
        size_t ln = strcmp(f[2], "*") ? lower_utf8(f[2], strlen(f[2]), low, sizeof low) : 0;
        low[ln] = 0;
        char *key = fk_xasprintf("%d\1%s", t, low);
        int ins;
        void **v = fk_map_slot(I->gmap, key, strlen(key), &ins);
        free(key);
        if (ins) *v = (void *)(intptr_t)(g + 1);
        break;
    }
    case 'I':
    case 'J':
        if (n != 2) {
            fk_lines_error(r, line, n > 2 ? f[2] : line + strlen(line),
                           "an %c line has 2 fields: %c, ending", kind, kind);
            return;
        }
        if (!*f[1]) {
            fk_lines_error(r, line, f[1], "empty ending");
            return;
        }
        if (kind == 'I') ending_add(I->imap, &I->imax, f[1]);
        else ending_add(I->jmap, &I->jmax, f[1]);
        break;
    default:
        fk_lines_error(r, line, f[0], "unknown line kind \"%s\" (expected S, G, I or J)", f[0]);
    }
}

int fk_infl_load(fk_infl *I, const char *path, int kind, fakty_diags *diags)
{
    fk_lines r;
    if (fk_lines_open(&r, path, diags) != 0) return -1;
    char *line;
    size_t len;
    if (kind == 'L') { /* about a form every 16 bytes, a lemma every 200 */
        fk_htab_reserve(&I->inverse, I->inverse.n + r.len / 16);
        fk_htab_reserve(&I->nouns, I->nouns.n + r.len / 200);
    }
    while ((line = fk_lines_record(&r, &len))) {
        if (kind == 'L') load_lexicon_line(I, &r, line);
        else load_suffix_line(I, &r, line);
    }
    fk_lines_close(&r);
    return 0;
}

/* ---- queries ------------------------------------------------------------- */

/* Does word end with one of the endings in m (at most max code points)?
 * Its lowered tail is walked from the end, as in paradigm(). */
static int ends_in(const fk_map *m, size_t max, const char *word)
{
    size_t wn = strlen(word), n;
    char low[512], key[512];
    if (wn < 300) { /* lowered, the tail is at most 1.5 times as long: no truncation */
        size_t st = tail_start(word, wn, max);
        n = lower_utf8(word + st, wn - st, low, sizeof low);
    } else {
        n = lower_utf8(word, wn, low, sizeof low);
    }
    uint64_t h = FK_HASH_INIT;
    size_t kl = 0, k = 0;
    for (size_t i = n; i > 0 && k < max;) {
        unsigned char b = (unsigned char)low[--i];
        key[kl++] = (char)b;
        h = fk_hash_step(h, b);
        if ((b & 0xC0) == 0x80) continue; /* inside a code point */
        k++;
        const void *v = fk_map_get_h(m, key, kl, fk_hash_final(h));
        if (!v) return 0; /* no longer ending either */
        if (v != &ending_piece) return 1;
    }
    return 0;
}

int fk_infl_is_indecl(const fk_infl *I, const char *word) { return ends_in(I->imap, I->imax, word); }
int fk_infl_is_adjlike(const fk_infl *I, const char *word) { return ends_in(I->jmap, I->jmax, word); }

/* Walks low[0..n) backwards from its end, extending the reversed key
 * (kl bytes, hash state h, k code points of ending) one code point at a
 * time while a longer ending exists (at most max); the longest paradigm
 * line found, else best. */
static const sline *longest_ending(const fk_infl *I, char *key, size_t kl, size_t cap, uint64_t h, size_t k,
                                   size_t max, const char *low, size_t n, const sline *best)
{
    for (size_t i = n; i > 0 && k < max && kl < cap;) {
        unsigned char b = (unsigned char)low[--i];
        key[kl++] = (char)b;
        h = fk_hash_step(h, b);
        if ((b & 0xC0) == 0x80) continue; /* inside a code point */
        k++;
        const sline *s = fk_map_get_h(I->smap, key, kl, fk_hash_final(h));
        if (!s) break; /* no longer ending either */
        if (s != &smark) best = s;
    }
    return best;
}

/* paradigm() of a word whose lowered text is low[0..n) followed by sl's
 * ending: the walk from the end goes through the ending (its pieces are all
 * in smap, sl itself last), so it starts after it. */
static const sline *paradigm_after(const fk_infl *I, int pos, int g, const sline *sl, const char *low,
                                   size_t n)
{
    size_t max = I->smax[pos][g];
    char key[600];
    memcpy(key, sl->rkey, sl->rkl);
    size_t kl = sl->rkl, k = sl->ecp;
    uint64_t h = sl->rstate;
    const sline *best = sl;
    return longest_ending(I, key, kl, sizeof key, h, k, max, low, n, best);
}

/* Lexicon entry of table t for word (exact, then first letter lowered)
 * with gender g (FK_G_NONE: any). *lowered tells which matched. */
static const lexent *lex_find(const fk_htab *t, const char *word, size_t wn, int g, int *lowered)
{
    char buf[256];
    fk_arena spill;
    fk_arena_init(&spill, 0);
    const lexent *found = NULL;
    for (int k = 0; k < 2 && !found; k++) {
        size_t n = wn;
        const char *w = k ? lower_first(word, wn, buf, sizeof buf, &spill, &n) : word;
        if (k && n == wn && !memcmp(w, word, wn)) break;
        for (const lexent *e = fk_htab_get(t, w, n, fk_hash(w, n)); e; e = e->next)
            if (g == FK_G_NONE || e->gender == g) {
                *lowered = k;
                found = e;
                break;
            }
    }
    fk_arena_free(&spill);
    return found;
}

static const lexent *lex_noun(const fk_infl *I, const char *word, size_t wn, int g, int *lowered)
{
    return lex_find(&I->nouns, word, wn, g, lowered);
}

static const lexent *lex_adj(const fk_infl *I, const char *word, size_t wn, int *lowered)
{
    return lex_find(&I->adjs, word, wn, FK_G_NONE, lowered);
}

/* The S line of (pos, g) with the longest ending that word ends with.
 * Only the word's last smax code points matter: they are lowered, then
 * walked from the end, the reversed key hashed a byte at a time. */
static const sline *paradigm(const fk_infl *I, int pos, int g, const char *word, size_t wn)
{
    if (g < 0 || !I->slines[pos][g].n) return NULL;
    size_t max = I->smax[pos][g];
    char low[512];
    size_t n;
    if (wn < 300) { /* lowered, the tail is at most 1.5 times as long: no truncation */
        size_t st = tail_start(word, wn, max);
        n = lower_utf8(word + st, wn - st, low, sizeof low);
    } else {
        n = lower_utf8(word, wn, low, sizeof low);
    }
    char key[600];
    key[0] = (char)('0' + pos), key[1] = '\1', key[2] = (char)('0' + g), key[3] = '\1';
    uint64_t h = FK_HASH_INIT;
    for (int i = 0; i < 4; i++) h = fk_hash_step(h, (unsigned char)key[i]);
    const sline *best = fk_map_get_h(I->smap, key, 4, fk_hash_final(h));
    size_t kl = 4, k = 0;
    return longest_ending(I, key, kl, sizeof key, h, k, max, low, n, best);
}

int fk_infl_gender(const fk_infl *I, const char *word, int type)
{
    int lowered;
    size_t wn = strlen(word);
    const lexent *e = lex_noun(I, word, wn, FK_G_NONE, &lowered);
    if (e) return e->gender;
    char low[512];
    size_t n = lower_utf8(word, wn, low, sizeof low);
    char key[600];
    int types[2] = {type, 0};
    for (int t = 0; t < 2; t++) {
        if (t == 1 && type == 0) break;
        int pl = snprintf(key, sizeof key, "%d\1", types[t]);
        if (pl <= 0 || (size_t)pl >= sizeof key) continue;
        for (size_t k = cp_count(low); k > 0; k--) {
            size_t st = tail_start(low, n, k);
            if ((size_t)pl + (n - st) >= sizeof key) continue;
            memcpy(key + pl, low + st, n - st);
            void *v = fk_map_get(I->gmap, key, (size_t)pl + (n - st));
            if (v) return (int)(intptr_t)v - 1;
        }
        void *v = fk_map_get(I->gmap, key, (size_t)pl);
        if (v) return (int)(intptr_t)v - 1;
    }
    return FK_G_M3;
}

/* ---- specs ------------------------------------------------------------- */

size_t fk_name_parts(const char *name, const char **part, size_t *plen, char *sep)
{
    size_t n = 0;
    const char *p = name;
    if (!*p) return 0;
    for (;;) {
        const char *q = p;
        while (*q && *q != ' ' && *q != '-') q++;
        if (n >= FK_MAXPARTS) return 0;
        part[n] = p;
        plen[n] = (size_t)(q - p);
        sep[n] = *q;
        n++;
        if (!*q) break;
        p = q + 1;
    }
    return n;
}

int fk_spec_parse(const char *spec, size_t nparts, fk_pcode *codes, int *automatic,
                  const char **err, const char **errat)
{
    *automatic = 0;
    if (!spec || !*spec || !strcmp(spec, "-")) {
        *automatic = 1;
        return 0;
    }
    if (!strcmp(spec, "indecl")) {
        for (size_t i = 0; i < nparts; i++) codes[i].code = '=', codes[i].gender = FK_G_NONE;
        return 0;
    }
    size_t n = 0;
    const char *p = spec;
    while (*p) {
        if (*p == ' ') {
            p++;
            continue;
        }
        const char *q = p;
        while (*q && *q != ' ') q++;
        size_t l = (size_t)(q - p);
        fk_pcode c = {0, FK_G_NONE};
        if (l == 1 && (*p == 'N' || *p == 'A' || *p == '=')) c.code = *p;
        else if (l > 2 && p[0] == 'N' && p[1] == ':') {
            c.code = 'N';
            c.gender = fk_gender_parse(p + 2, l - 2);
            if (c.gender == FK_G_NONE) {
                *err = "unknown gender in spec (expected N:m1 N:m2 N:m3 N:f N:n N:p)";
                *errat = p + 2;
                return -1;
            }
        } else {
            *err = (l == 6 && !memcmp(p, "indecl", 6))
                       ? "indecl stands alone (it is a whole-spec shorthand)"
                       : "unknown spec code (expected N, N:gender, A, = or indecl)";
            *errat = p;
            return -1;
        }
        if (n >= nparts) {
            *err = "more spec codes than parts of the name (parts split at spaces and hyphens)";
            *errat = p;
            return -1;
        }
        codes[n++] = c;
        p = q;
    }
    if (n != nparts) {
        *err = "fewer spec codes than parts of the name (parts split at spaces and hyphens)";
        *errat = spec;
        return -1;
    }
    return 0;
}

static int is_upper_or_digit_word(const char *s, size_t n)
{
    size_t letters = 0, upper = 0;
    for (size_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) continue;
        if (u_isdigit(c)) return 1;
        if (u_isalpha(c)) letters++, upper += u_isupper(c) != 0;
    }
    return letters >= 2 && upper == letters;
}

void fk_spec_auto(const fk_infl *I, const char **part, const size_t *plen, size_t n, int type,
                  fk_pcode *codes)
{
    char w[512];
    int fixed[FK_MAXPARTS], adj[FK_MAXPARTS];
    for (size_t i = 0; i < n; i++) {
        size_t l = plen[i] < sizeof w - 1 ? plen[i] : sizeof w - 1;
        memcpy(w, part[i], l);
        w[l] = 0;
        fixed[i] = !plen[i] || is_upper_or_digit_word(part[i], plen[i]) || fk_infl_is_indecl(I, w);
        adj[i] = fk_infl_is_adjlike(I, w);
        codes[i].code = 0;
        codes[i].gender = FK_G_NONE;
    }
    if (n == 1 || type == FK_PER) {
        for (size_t i = 0; i < n; i++) codes[i].code = fixed[i] ? '=' : 'N';
        return;
    }
    size_t head = n;
    for (size_t i = 0; i < n; i++) {
        if (fixed[i]) {
            codes[i].code = '=';
            continue;
        }
        if (!adj[i]) {
            head = i;
            codes[i].code = 'N';
            break;
        }
        codes[i].code = 'A';
    }
    if (head == n) {
        for (size_t i = 0; i < n; i++)
            if (!codes[i].code) codes[i].code = '=';
        return;
    }
    int tail = 0;
    for (size_t i = head + 1; i < n; i++) {
        if (!tail && adj[i] && !fixed[i]) codes[i].code = 'A';
        else codes[i].code = '=', tail = 1;
    }
}

/* ---- generation ---------------------------------------------------------- */

/* Scratch memory for one call: a buffer on the caller's stack, then an
 * arena (not zeroed; nothing outlives the call). */
typedef struct scratch {
    char *p, *end;
    fk_arena *spill;
} scratch;

static char *sc_alloc(scratch *sc, size_t n)
{
    if ((size_t)(sc->end - sc->p) < n) return fk_arena_alloc(sc->spill, n);
    char *r = sc->p;
    sc->p += n;
    return r;
}

/* Up to FK_MAXALT distinct forms (NUL-terminated, with their lengths). */
typedef struct alts {
    const char *v[FK_MAXALT];
    size_t len[FK_MAXALT];
    size_t n;
} alts;

static void alts_add(alts *x, const char *s, size_t l)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->len[i] == l && !memcmp(x->v[i], s, l)) return;
    if (x->n < FK_MAXALT) x->v[x->n] = s, x->len[x->n++] = l;
}

/* Add each '|'-alternative of list (word-cased if lowered). */
static void alts_list(alts *x, scratch *sc, const char *list, const char *word, size_t wn, int lowered)
{
    size_t wi = 0;
    if (lowered) { /* the word's first code point replaces the form's */
        UChar32 c;
        U8_NEXT(word, wi, wn, c);
        (void)c;
    }
    for (const char *p = list; *p;) {
        const char *bar = strchr(p, '|');
        size_t l = bar ? (size_t)(bar - p) : strlen(p);
        if (l) {
            size_t j = 0;
            if (lowered) {
                UChar32 c;
                U8_NEXT(p, j, l, c);
                (void)c;
            }
            size_t ol = wi + l - j;
            char *o = sc_alloc(sc, ol + 1);
            memcpy(o, word, wi);
            memcpy(o + wi, p + j, l - j);
            o[ol] = 0;
            alts_add(x, o, ol);
        }
        p += l + (bar ? 1 : 0);
    }
}

/* Forms from an S paradigm. */
static void alts_paradigm(alts *x, scratch *sc, const sline *s, const char *word, size_t wn, int c)
{
    const char *list = s->repl[c];
    if (!list) {
        if (c == 0) alts_add(x, word, wn);
        return;
    }
    size_t st = s->ecp ? tail_start(word, wn, s->ecp) : wn;
    for (const char *p = list;;) {
        const char *bar = strchr(p, '|');
        size_t l = bar ? (size_t)(bar - p) : strlen(p);
        char *o = sc_alloc(sc, st + l + 1);
        memcpy(o, word, st);
        memcpy(o + st, p, l);
        o[st + l] = 0;
        alts_add(x, o, st + l);
        if (!bar) break;
        p = bar + 1;
    }
}

/* Forms of a noun in each case; returns its gender. */
static int noun_forms(const fk_infl *I, scratch *sc, const char *word, size_t wn, int g, int type,
                      unsigned cases, alts *out)
{
    int lowered = 0;
    const lexent *e = lex_noun(I, word, wn, g, &lowered);
    if (e) {
        for (int c = 0; c < FK_NCASES; c++) {
            if (!(cases & (1u << c))) continue;
            const char *l = e->f[c] ? e->f[c] : e->f[0];
            if (l) alts_list(&out[c], sc, l, word, wn, lowered);
            if (!out[c].n) alts_add(&out[c], word, wn);
        }
        return e->gender;
    }
    if (g == FK_G_NONE) g = fk_infl_gender(I, word, type);
    const sline *s = paradigm(I, 0, g, word, wn);
    for (int c = 0; c < FK_NCASES; c++) {
        if (!(cases & (1u << c))) continue;
        if (s) alts_paradigm(&out[c], sc, s, word, wn, c);
        if (!out[c].n) alts_add(&out[c], word, wn);
    }
    return g;
}

static void adj_forms(const fk_infl *I, scratch *sc, const char *word, size_t wn, int g, unsigned cases,
                      alts *out)
{
    if (g == FK_G_NONE) g = FK_G_M3;
    int lowered = 0;
    const lexent *e = lex_adj(I, word, wn, &lowered);
    const sline *s = e ? NULL : paradigm(I, 1, g, word, wn);
    for (int c = 0; c < FK_NCASES; c++) {
        if (!(cases & (1u << c))) continue;
        if (e && e->f[g * FK_NCASES + c]) alts_list(&out[c], sc, e->f[g * FK_NCASES + c], word, wn, lowered);
        else if (s) alts_paradigm(&out[c], sc, s, word, wn, c);
        if (!out[c].n) alts_add(&out[c], word, wn);
    }
}

void fk_infl_generate(const fk_infl *I, const char *name, int type, const fk_pcode *codes,
                      size_t nparts, fk_form_fn emit, void *ctx)
{
    fk_infl_generate_cases(I, name, type, codes, nparts, (1u << FK_NCASES) - 1, emit, ctx);
}

void fk_infl_generate_cases(const fk_infl *I, const char *name, int type, const fk_pcode *codes,
                            size_t nparts, unsigned cases, fk_form_fn emit, void *ctx)
{
    const char *part[FK_MAXPARTS];
    size_t plen[FK_MAXPARTS];
    char sep[FK_MAXPARTS];
    size_t n = fk_name_parts(name, part, plen, sep);
    if (!n || n != nparts) return;
    char mem[4096];
    fk_arena spill;
    fk_arena_init(&spill, 8192);
    scratch sc = {mem, mem + sizeof mem, &spill};
    alts pf[FK_MAXPARTS][FK_NCASES];
    int gen[FK_MAXPARTS];
    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < FK_NCASES; c++) pf[i][c].n = 0;
        char *w = sc_alloc(&sc, plen[i] + 1);
        memcpy(w, part[i], plen[i]);
        w[plen[i]] = 0;
        gen[i] = FK_G_NONE;
        if (codes[i].code == 'N' && plen[i]) gen[i] = noun_forms(I, &sc, w, plen[i], codes[i].gender, type, cases, pf[i]);
        else if (codes[i].code != 'A')
            for (int c = 0; c < FK_NCASES; c++) alts_add(&pf[i][c], w, plen[i]);
    }
    for (size_t i = 0; i < n; i++) {
        if (codes[i].code != 'A') continue;
        if (!plen[i]) {
            for (int c = 0; c < FK_NCASES; c++) alts_add(&pf[i][c], "", 0);
            continue;
        }
        int g = codes[i].gender; /* an A part may carry its gender (internal use) */
        for (size_t d = 1; d < n && g == FK_G_NONE; d++) {
            if (i >= d && codes[i - d].code == 'N') g = gen[i - d];
            else if (i + d < n && codes[i + d].code == 'N') g = gen[i + d];
        }
        char *w = sc_alloc(&sc, plen[i] + 1);
        memcpy(w, part[i], plen[i]);
        w[plen[i]] = 0;
        adj_forms(I, &sc, w, plen[i], g, cases, pf[i]);
    }
    if (n == 1) { /* one part: its forms are the name's, distinct already */
        for (int c = 0; c < FK_NCASES; c++)
            if (cases & (1u << c))
                for (size_t j = 0; j < pf[0][c].n; j++) emit(ctx, c, pf[0][c].v[j]);
        fk_arena_free(&spill);
        return;
    }
    /* combine: cartesian product, at most 16 a case; the forms of a case
     * are told apart, then their room is reused by the next case */
    for (int c = 0; c < FK_NCASES; c++) {
        if (!(cases & (1u << c))) continue;
        size_t total = 1, need = 1;
        for (size_t i = 0; i < n; i++) {
            size_t m = pf[i][c].n ? pf[i][c].n : 1, longest = 0;
            total *= m;
            for (size_t j = 0; j < pf[i][c].n; j++)
                if (pf[i][c].len[j] > longest) longest = pf[i][c].len[j];
            need += longest + 1;
        }
        if (total > 16) total = 16;
        const char *seen[16];
        size_t seenl[16], nseen = 0;
        char *mark = sc.p;
        for (size_t k = 0; k < total; k++) {
            char *buf = sc_alloc(&sc, need);
            size_t rest = k, o = 0;
            for (size_t i = 0; i < n; i++) {
                size_t m = pf[i][c].n ? pf[i][c].n : 1;
                size_t j = rest % m;
                rest /= m;
                memcpy(buf + o, pf[i][c].v[j], pf[i][c].len[j]);
                o += pf[i][c].len[j];
                if (sep[i]) buf[o++] = sep[i];
            }
            buf[o] = 0;
            int dup = 0;
            for (size_t j = 0; j < nseen && !dup; j++) dup = seenl[j] == o && !memcmp(seen[j], buf, o);
            if (dup) continue;
            seen[nseen] = buf;
            seenl[nseen++] = o;
            emit(ctx, c, buf);
        }
        sc.p = mark;
    }
    fk_arena_free(&spill);
}

/* ---- inverse ------------------------------------------------------------- */

static size_t out_add(const char **out, int *cases, size_t n, size_t max, const char *s, int c)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(out[i], s)) return n;
    if (n < max) {
        out[n] = s;
        if (cases) cases[n] = c;
        n++;
    }
    return n;
}

/* first alternative of list */
static char *first_alt(fk_arena *a, const char *list)
{
    const char *bar = strchr(list, '|');
    return fk_arena_strndup(a, list, bar ? (size_t)(bar - list) : strlen(list));
}

size_t fk_infl_lemmas(const fk_infl *I, const char *word, char pos, int g, int c, fk_arena *a,
                      const char **out, int *cases, size_t max)
{
    size_t n = 0;
    int posi = pos == 'A' ? 1 : 0;
    /* lexicon */
    size_t wn = strlen(word);
    char wbuf[256];
    for (int k = 0; k < 2; k++) {
        size_t wl = wn;
        const char *w = k ? lower_first(word, wn, wbuf, sizeof wbuf, a, &wl) : word;
        if (k && wl == wn && !memcmp(w, word, wn)) break;
        for (const inv *x = fk_htab_get(&I->inverse, w, wl, fk_hash(w, wl)); x; x = x->next) {
            const lexent *e = x->e;
            if (e->pos != pos) continue;
            int xc = pos == 'N' ? x->slot : x->slot % FK_NCASES;
            int xg = pos == 'N' ? e->gender : x->slot / FK_NCASES;
            if ((g != FK_G_NONE && xg != g) || (c >= 0 && xc != c)) continue;
            const char *lemma = pos == 'N' ? e->lemma : e->f[xg * FK_NCASES] ? first_alt(a, e->f[xg * FK_NCASES]) : NULL;
            if (!lemma) continue;
            if (k) lemma = keep_first(a, word, lemma, strlen(lemma));
            n = out_add(out, cases, n, max, lemma, xc);
        }
    }
    if (n) return n;
    /* suffix paradigms: every ending of the word that some paradigm's
     * case replaces, through the reverse index; results in the order of
     * (gender, paradigm line, case, alternative) */
    char low[512];
    size_t ln = lower_utf8(word, wn, low, sizeof low);
    size_t lcp = fk_utf8_count(low, ln);
    typedef struct {
        uint64_t order;
        const char *lemma;
        int cc;
    } lhit;
    lhit hbuf[64], *hit = hbuf; /* grows in the arena past 64 hits */
    size_t nh = 0, hcap = sizeof hbuf / sizeof *hbuf;
    /* the word's endings from its end: reversed, hashed a byte at a time */
    char rk[512];
    size_t rkl = 0, k = 0, ri = ln;
    uint64_t rh = FK_HASH_INIT;
    for (;;) {
        const rent *x;
        if (k == 0) {
            x = I->rempty;
        } else {
            x = fk_map_get_h(I->rindex, rk, rkl, fk_hash_final(rh));
            if (!x) break; /* no longer replacement either */
            if (x == &rmark) x = NULL;
        }
        for (; x; x = x->next) {
            if (x->posi != posi || (g != FK_G_NONE && x->gg != g) || (c >= 0 && x->cc != c)) continue;
            const sline *sl = x->s;
            size_t st = k ? tail_start(word, wn, k) : wn;
            size_t el = strlen(sl->ending);
            char *lemma = fk_arena_alloc(a, st + el + 1);
            memcpy(lemma, word, st);
            memcpy(lemma + st, sl->ending, el);
            lemma[st + el] = 0;
            /* verify: the lemma's own paradigm gives word */
            /* the lemma ends with sl's ending: only a longer one can win */
            const sline *s2 = !sl->longer ? sl
                              : wn < 300 && st + el < 300 ? paradigm_after(I, posi, x->gg, sl, low, ri) /* untruncated */
                                         : paradigm(I, posi, x->gg, lemma, st + el);
            if (s2 != sl) continue;
            char mem[1024];
            scratch sc = {mem, mem + sizeof mem, a};
            alts y;
            y.n = 0;
            alts_paradigm(&y, &sc, s2, lemma, st + el, x->cc);
            for (size_t j = 0; j < y.n; j++)
                if (y.len[j] == wn && !memcmp(y.v[j], word, wn)) {
                    if (nh == hcap) {
                        lhit *bigger = fk_arena_alloc(a, 2 * hcap * sizeof *bigger);
                        memcpy(bigger, hit, nh * sizeof *hit);
                        hit = bigger;
                        hcap *= 2;
                    }
                    hit[nh].order = x->order;
                    hit[nh].lemma = lemma;
                    hit[nh].cc = x->cc;
                    nh++;
                    break;
                }
        }
        /* the next code point */
        if (k + 1 >= lcp || k + 1 > I->rmax) break;
        do {
            unsigned char b = (unsigned char)low[--ri];
            rk[rkl++] = (char)b;
            rh = fk_hash_step(rh, b);
        } while (ri > 0 && ((unsigned char)low[ri] & 0xC0) == 0x80);
        k++;
    }
    /* insertion sort (a handful of hits) */
    for (size_t i = 1; i < nh; i++)
        for (size_t j = i; j > 0 && hit[j].order < hit[j - 1].order; j--) {
            lhit t = hit[j];
            hit[j] = hit[j - 1];
            hit[j - 1] = t;
        }
    for (size_t i = 0; i < nh; i++) n = out_add(out, cases, n, max, hit[i].lemma, hit[i].cc);
    return n;
}
