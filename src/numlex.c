/* Phrase tables over tokens and the number parser (see numlex.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "numlex.h"

const char *const fk_nw_kind_names[] = {NULL, "unit", "teen", "tens", "hundreds", "mult", "frac", "and"};

void fk_phr_init(fk_phr *p)
{
    p->map = fk_map_new();
    p->maxkey = 0;
    p->first = fk_filter_new();
    p->next = fk_filter_new();
}

uint64_t *fk_filter_new(void) { return fk_xcalloc(FK_PHR_FILTER / 64, sizeof(uint64_t)); }

static void filter_add(uint64_t *f, const char *key, size_t klen)
{
    uint32_t b = (uint32_t)(fk_hash(key, klen) >> 48);
    f[b >> 6] |= 1ULL << (b & 63);
}

/* Is there no token boundary at byte n of key (0 < n < klen): is n inside
 * a character, or between a letter and a letter or digit? The tokenizer
 * never ends a word there, so no token's fold ends (or begins) at n. */
static int inside_token(const char *key, size_t klen, size_t n)
{
    if (((unsigned char)key[n] & 0xC0) == 0x80) return 1;
    int32_t i = (int32_t)n, len = (int32_t)klen; /* keys are short */
    UChar32 a, b;
    U8_PREV(key, 0, i, a);
    i = (int32_t)n;
    U8_NEXT(key, i, len, b);
    if (a < 0 || b < 0) return 0;
    int ta = u_charType(a), tb = u_charType(b);
    int la = u_isalpha(a) || ta == U_NON_SPACING_MARK || ta == U_COMBINING_SPACING_MARK;
    int lb = u_isalpha(b) || tb == U_NON_SPACING_MARK || tb == U_COMBINING_SPACING_MARK || u_isdigit(b);
    return la && lb;
}

void fk_filter_add_prefixes(uint64_t *f, const char *key, size_t klen)
{
    for (size_t n = 1; n <= klen; n++)
        if (n == klen || !inside_token(key, klen, n)) filter_add(f, key, n);
}

void fk_filter_or(uint64_t *dst, const uint64_t *src)
{
    for (size_t k = 0; k < FK_PHR_FILTER / 64; k++) dst[k] |= src[k];
}

void fk_phr_free(fk_phr *p)
{
    if (p->map) fk_map_free(p->map);
    p->map = NULL;
    free(p->first);
    p->first = NULL;
    free(p->next);
    p->next = NULL;
}

size_t fk_phr_key(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s), o = 0;
    int pending_space = 0;
    for (size_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) c = 0xFFFD;
        if (u_isUWhiteSpace(c)) {
            pending_space = o > 0;
            continue;
        }
        if (pending_space) {
            if (o + 1 >= cap) return 0;
            out[o++] = ' ';
            pending_space = 0;
        }
        c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
        if (o + U8_LENGTH(c) >= cap) return 0;
        U8_APPEND_UNSAFE(out, o, c);
    }
    out[o] = 0;
    return o;
}

/* Every proper prefix of a key is in the map too, with this value, so that
 * matching stops at the first token that no phrase continues with. */
static char prefix_only;
#define PREFIX ((void *)&prefix_only)

int fk_phr_add(fk_phr *p, const char *key, size_t klen, void *val)
{
    int ins;
    void **slot = fk_map_slot(p->map, key, klen, &ins);
    if (!ins && *slot != PREFIX) return 0;
    *slot = val;
    filter_add(p->first, key, klen);
    if (klen > p->maxkey) p->maxkey = klen;
    for (size_t n = 1; n < klen; n++) {
        if (((unsigned char)key[n] & 0xC0) == 0x80) continue; /* inside a character */
        void **ps = fk_map_slot(p->map, key, n, &ins);
        if (ins) *ps = PREFIX;
        /* the filters hold only what a token's fold can be */
        if (inside_token(key, klen, n)) continue;
        filter_add(p->first, key, n);
        /* a later token of a phrase is a part key[n..m) between token
         * boundaries: its fold's hash is known before the key is built */
        uint64_t h = FK_HASH_INIT;
        for (size_t m = n; m < klen; m++) {
            h = fk_hash_step(h, (unsigned char)key[m]);
            if (m + 1 == klen || !inside_token(key, klen, m + 1)) {
                uint32_t b = (uint32_t)(fk_hash_final(h) >> 48);
                p->next[b >> 6] |= 1ULL << (b & 63);
            }
        }
    }
    return 1;
}

/* Append token t to the key being built from token i on; 0 when too long. */
static int key_append(const fk_doc *d, size_t i, size_t t, char *key, size_t *kl, size_t max)
{
    const fk_token *tk = &d->toks.v[t];
    size_t need = tk->fold_len + (t > i && (tk->flags & FK_TF_SPACE) ? 1 : 0);
    if (*kl + need > max) return 0;
    if (t > i && (tk->flags & FK_TF_SPACE)) key[(*kl)++] = ' ';
    memcpy(key + *kl, fk_tok_fold(d, t), tk->fold_len);
    *kl += tk->fold_len;
    return 1;
}

void *fk_phr_match_slow(const fk_phr *p, const fk_doc *d, size_t i, size_t lim, size_t *end)
{
    size_t max = p->maxkey < FK_PHR_MAXKEY ? p->maxkey : FK_PHR_MAXKEY;
    if (lim > d->toks.n) lim = d->toks.n;
    /* the first key is token i's fold alone, looked up in place: its hash
     * is already known */
    const fk_token *tk = &d->toks.v[i];
    const char *f = fk_tok_fold(d, i);
    if (tk->fold_len > max) return NULL;
    void *v = fk_map_get_h(p->map, f, tk->fold_len, tk->fold_hash);
    if (!v) return NULL;
    void *best = NULL;
    if (v != PREFIX) {
        best = v;
        *end = i + 1;
    }
    if (i + 1 >= lim || !fk_filter_has(p->next, d->toks.v[i + 1].fold_hash)) return best;
    /* longer keys: token i's fold, then each next token (a space before it
     * when the text has white space there) */
    char key[FK_PHR_MAXKEY + 8];
    size_t kl = tk->fold_len;
    uint64_t raw = FK_HASH_INIT; /* fk_hash of the key so far, before fk_hash_final */
    for (size_t k = 0; k < kl; k++) {
        key[k] = f[k];
        raw = fk_hash_step(raw, (unsigned char)f[k]);
    }
    for (size_t t = i + 1; t < lim; t++) {
        tk = &d->toks.v[t];
        if (!fk_filter_has(p->next, tk->fold_hash)) break;
        int space = (tk->flags & FK_TF_SPACE) != 0;
        if (kl + tk->fold_len + (size_t)space > max) break;
        if (space) {
            key[kl++] = ' ';
            raw = fk_hash_step(raw, ' ');
        }
        f = fk_tok_fold(d, t);
        for (uint32_t k = 0; k < tk->fold_len; k++) {
            key[kl++] = f[k];
            raw = fk_hash_step(raw, (unsigned char)f[k]);
        }
        uint64_t h = fk_hash_final(raw);
        if (!fk_phr_filter_has(p, h)) break;
        v = fk_map_get_h(p->map, key, kl, h);
        if (!v) break;
        if (v != PREFIX) {
            best = v;
            *end = t + 1;
        }
    }
    return best;
}

void *fk_phr_get(const fk_phr *p, const char *key, size_t klen)
{
    void *v = fk_map_get(p->map, key, klen);
    return v == PREFIX ? NULL : v;
}

size_t fk_phr_literal(const fk_doc *d, size_t i, size_t lim, const char *lit, size_t klen)
{
    char key[FK_PHR_MAXKEY + 8];
    size_t kl = 0;
    if (lim > d->toks.n) lim = d->toks.n;
    for (size_t t = i; t < lim; t++) {
        if (!key_append(d, i, t, key, &kl, klen < FK_PHR_MAXKEY ? klen : FK_PHR_MAXKEY)) return 0;
        if (memcmp(key, lit, kl)) return 0;
        if (kl == klen) return t + 1;
    }
    return 0;
}

void *fk_phr_match_before(const fk_phr *p, const fk_doc *d, size_t lo, size_t i, size_t *start)
{
    void *best = NULL;
    /* token i - 1 ends the phrase: it is a whole key or a later part of one */
    if (i == 0 || i <= lo || i > d->toks.n) return NULL;
    uint64_t h = d->toks.v[i - 1].fold_hash;
    if (!fk_filter_has(p->next, h) && !fk_filter_has(p->first, h)) return NULL;
    for (size_t k = 1; k <= 8 && k <= i && i - k >= lo; k++) {
        size_t e = 0;
        void *v = fk_phr_match(p, d, i - k, i, &e);
        if (v && e == i) {
            best = v;
            *start = i - k;
        }
    }
    return best;
}

/* ---- numbers -------------------------------------------------------------- */

static int is_num(const fk_doc *d, size_t t) { return d->toks.v[t].kind == FK_TOK_NUMBER; }

static int is_punct(const fk_doc *d, size_t t, char c)
{
    const fk_token *k = &d->toks.v[t];
    return k->kind == FK_TOK_PUNCT && k->end - k->start == 1 && d->text[k->start] == c;
}

static int glued(const fk_doc *d, size_t t) { return !(d->toks.v[t].flags & FK_TF_SPACE); }

/* Digits of a NUMBER token: value and digit count; 0 if too long. */
int fk_tok_digits(const fk_doc *d, size_t t, double *v, int *ndig)
{
    const char *s = d->text;
    size_t i = d->toks.v[t].start, e = d->toks.v[t].end;
    double x = 0;
    int n = 0;
    while (i < e) {
        unsigned dv = (unsigned char)s[i] - (unsigned)'0';
        if (dv <= 9) { /* ASCII digits without the decoder */
            i++;
        } else {
            UChar32 c;
            U8_NEXT(s, i, e, c);
            int cv = c < 0 ? -1 : u_charDigitValue(c);
            if (cv < 0) return 0;
            dv = (unsigned)cv;
        }
        x = x * 10 + dv;
        if (++n > 15) return 0;
    }
    *v = x;
    *ndig = n;
    return n > 0;
}

static size_t parse_mult(const fk_num *n, const fk_doc *d, size_t t, size_t lim, double *mult)
{
    if (t >= lim) return 0;
    size_t e = 0;
    const fk_numword *w = fk_phr_match(&n->words, d, t, lim, &e);
    if (!w || w->kind != NW_MULT) return 0;
    *mult = w->value;
    return e;
}

static int parse_digits(const fk_num *n, const fk_doc *d, size_t i, size_t lim, fk_numval *out)
{
    double v;
    int nd;
    if (!fk_tok_digits(d, i, &v, &nd)) return 0;
    size_t t = i + 1;
    unsigned flags = NV_DIGITS;
    if (nd <= 3 && t < lim) {
        /* "2 600", "2 600 000" (space or no-break space) */
        size_t u = t;
        double g;
        int gd;
        /* at most four groups after the first (below 1e15): a bounded
         * look-ahead, so endless "000 000 …" stays linear */
        while (u < lim && u - t < 4 && is_num(d, u) && (d->toks.v[u].flags & FK_TF_SPACE) &&
               !(d->toks.v[u].flags & FK_TF_NEWLINE) && fk_tok_digits(d, u, &g, &gd) && gd == 3) {
            v = v * 1000 + g;
            u++;
        }
        if (u > t) {
            flags |= NV_GROUPED;
            t = u;
        } else {
            /* "1.300", "2.600.000": dot + exactly three digits, all glued */
            while (u + 1 < lim && u - t < 8 && is_punct(d, u, '.') && glued(d, u) && is_num(d, u + 1) &&
                   glued(d, u + 1) && fk_tok_digits(d, u + 1, &g, &gd) && gd == 3) {
                v = v * 1000 + g;
                u += 2;
            }
            /* "1.3005" or "1.300.5" are not numbers we understand */
            if (u > t && u + 1 < lim && is_punct(d, u, '.') && glued(d, u) && is_num(d, u + 1) &&
                glued(d, u + 1))
                return 0;
            if (u > t) {
                flags |= NV_GROUPED;
                t = u;
            }
        }
    }
    /* "6.00", "1.5": digits, a glued dot and more glued digits that are not
     * a thousands group — a clock time, a version, an English decimal */
    if (!(flags & NV_GROUPED) && t + 1 < lim && is_punct(d, t, '.') && glued(d, t) && is_num(d, t + 1) &&
        glued(d, t + 1))
        return 0;
    /* decimal comma: "1,5", "2 600,75" */
    if (t + 1 < lim && is_punct(d, t, ',') && glued(d, t) && is_num(d, t + 1) && glued(d, t + 1)) {
        double f;
        int fd;
        if (fk_tok_digits(d, t + 1, &f, &fd)) {
            v += f / pow(10, fd);
            flags |= NV_DECIMAL;
            t += 2;
        }
    }
    double mult;
    size_t e = parse_mult(n, d, t, lim, &mult);
    out->mult = 1;
    if (e) {
        v *= mult;
        out->mult = mult;
        flags |= NV_MULT;
        t = e;
    }
    out->value = v;
    out->min = out->max = v;
    out->tok0 = i;
    out->tok1 = t;
    out->flags = flags;
    return 1;
}

int fk_num_parse_words(const fk_num *n, const fk_doc *d, size_t i, size_t lim, fk_numval *out)
{
    double total = 0, group = 0, lastmult = INFINITY, outmult = 1;
    int stage = 0; /* 0 empty, 1 hundreds, 2 tens, 3 unit/teen, 4 fraction */
    size_t t = i, end = i;
    int any_mult = 0;
    while (t < lim) {
        size_t e = 0;
        const fk_numword *w = fk_phr_match(&n->words, d, t, lim, &e);
        if (!w) break;
        if (w->kind == NW_MULT) {
            if (w->value >= lastmult) break;
            double g = stage ? group : 1;
            if (!stage && total > 0) break; /* "tysiąc tysiąc" */
            total += g * w->value;
            group = 0;
            stage = 0;
            lastmult = w->value;
            outmult = w->value;
            any_mult = 1;
        } else if (w->kind == NW_AND) {
            /* "dwa i pół tysiąca": a whole group, the joining word, a fraction */
            size_t e2 = 0;
            const fk_numword *f = stage >= 1 && stage <= 3 ? fk_phr_match(&n->words, d, e, lim, &e2) : NULL;
            if (!f || f->kind != NW_FRAC) break;
            group += f->value;
            stage = 4;
            e = e2;
        } else if (stage == 4) {
            break;
        } else if (w->kind == NW_FRAC) {
            if (stage) break;
            group = w->value;
            stage = 4;
        } else if (w->kind == NW_HUNDREDS) {
            if (stage >= 1) break;
            group += w->value;
            stage = 1;
        } else if (w->kind == NW_TENS) {
            if (stage >= 2) break;
            group += w->value;
            stage = 2;
        } else { /* NW_UNIT, NW_TEEN */
            if (stage >= 3) break;
            if (w->kind == NW_TEEN && stage == 2) break;
            group += w->value;
            stage = 3;
        }
        t = e;
        end = e;
    }
    if (end == i) return 0;
    out->value = total + group;
    out->min = out->max = out->value;
    out->mult = any_mult ? outmult : 1;
    out->tok0 = i;
    out->tok1 = end;
    out->flags = NV_WORDS | (any_mult ? NV_MULT : 0);
    return 1;
}

int fk_num_parse_slow(const fk_num *n, const fk_doc *d, size_t i, size_t lim, fk_numval *out)
{
    if (lim > d->toks.n) lim = d->toks.n;
    if (i >= lim) return 0;
    if (is_num(d, i)) return parse_digits(n, d, i, lim, out);
    if (d->toks.v[i].kind != FK_TOK_WORD) return 0;
    size_t e = 0;
    const fk_vague *vg = fk_phr_match(&n->vague, d, i, lim, &e);
    if (vg) {
        double mult = 1;
        size_t e2 = parse_mult(n, d, e, lim, &mult);
        out->min = vg->min * mult;
        out->max = vg->max * mult;
        out->value = 0;
        out->mult = mult;
        out->tok0 = i;
        out->tok1 = e2 ? e2 : e;
        out->flags = NV_WORDS | NV_VAGUE | (e2 ? NV_MULT : 0);
        return 1;
    }
    return fk_num_parse_words(n, d, i, lim, out);
}
