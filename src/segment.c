/* Word tokenization (ICU character properties) and sentence segmentation
 * (the Unicode sentence boundaries of UAX #29, as ICU's sentence break
 * iterator gives them, computed here over UTF-8 from ICU's Sentence_Break
 * property; corrected with the pack's abbreviation list from
 * rules/<lang>/abbreviations.tsv).
 *
 * abbreviations.tsv: `form<TAB>kind` a line; form without its final dot
 * ("gen", "m.in", "tys"); kind `inner` (never ends a sentence: "gen. Nowak")
 * or `end` (may end one: "w 2022 r. Policja" breaks, "r. w" does not).
 * A line `%initials<TAB>yes` makes a single upper-case letter + dot an
 * initial that never ends a sentence. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "engine.h"
#include "sentbreak.h"

enum { ABBR_INNER = 1, ABBR_END = 2 };

struct fk_seg {
    fk_map *abbr;      /* folded form -> (void*)kind */
    int initials;
    /* bits indexed by 16 bits of fk_hash: every suffix of an abbreviation
     * (the word before a dot is one); a clear bit: the word ends none */
    uint64_t last[1024];
};

static void seg_bit_set(fk_seg *s, uint64_t h) { s->last[(h >> 48) >> 6] |= 1ULL << ((h >> 48) & 63); }
static int seg_bit(const fk_seg *s, uint64_t h) { return (int)((s->last[(h >> 48) >> 6] >> ((h >> 48) & 63)) & 1); }

int fk_seg_load(fk_engine *e, fakty_diags *diags)
{
    fk_seg *s = fk_xcalloc(1, sizeof *s);
    s->abbr = fk_map_new();
    e->seg = s;
    const char *path = fk_pack_rule(&e->pack, "abbreviations.tsv");
    if (!path) return 0;
    fk_lines r;
    if (fk_lines_open(&r, path, diags) != 0) return -1;
    char *line;
    size_t len;
    while ((line = fk_lines_next(&r, &len))) {
        if (!*line || *line == '#') continue;
        char *f[3];
        size_t n = fk_split(line, '\t', f, 3);
        if (n < 2) {
            fk_lines_error(&r, line, line + len, "expected `form<TAB>inner|end`");
            continue;
        }
        if (!strcmp(f[0], "%initials")) {
            if (!strcmp(f[1], "yes")) s->initials = 1;
            else if (!strcmp(f[1], "no")) s->initials = 0;
            else fk_lines_error(&r, line, f[1], "expected yes or no");
            continue;
        }
        int kind = !strcmp(f[1], "inner") ? ABBR_INNER : !strcmp(f[1], "end") ? ABBR_END : 0;
        if (!kind) {
            fk_lines_error(&r, line, f[1], "unknown kind \"%s\" (expected inner or end)", f[1]);
            continue;
        }
        if (!*f[0] || f[0][strlen(f[0]) - 1] == '.') {
            fk_lines_error(&r, line, f[0], "abbreviation must be given without its final dot");
            continue;
        }
        /* keys are case-folded like token folds */
        char key[256];
        size_t kl = 0;
        for (size_t i = 0, fl = strlen(f[0]); i < fl && kl + 4 < sizeof key;) {
            UChar32 c;
            U8_NEXT(f[0], i, fl, c);
            if (c < 0) c = 0xFFFD;
            c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
            U8_APPEND_UNSAFE(key, kl, c);
        }
        for (size_t k = 0; k < kl; k++)
            if (((unsigned char)key[k] & 0xC0) != 0x80) seg_bit_set(s, fk_hash(key + k, kl - k));
        int ins;
        void **slot = fk_map_slot(s->abbr, key, kl, &ins);
        if (!ins) fk_lines_warn(&r, line, f[0], "duplicate abbreviation \"%s\"", f[0]);
        *slot = (void *)(intptr_t)kind;
    }
    fk_lines_close(&r);
    return 0;
}

void fk_seg_free(fk_seg *s)
{
    if (!s) return;
    fk_map_free(s->abbr);
    free(s);
}

/* ---- tokenizer ---------------------------------------------------------- */

static int is_hyphen(UChar32 c) { return c == '-' || c == 0x2010 || c == 0x2011; }
static int is_apos(UChar32 c) { return c == '\'' || c == 0x2019; }
static int is_nbsp(UChar32 c) { return c == 0xA0 || c == 0x202F || c == 0x2007 || c == 0x2009; }

/* Character properties the tokenizer asks for, from ICU; for code points
 * below CP_TABLE (Latin, Greek, Cyrillic …) cached in a table filled once. */
enum {
    CP_ALPHA = 1,
    CP_LETTER = 2, /* alphabetic or a combining mark */
    CP_UPPER = 4,
    CP_TITLE = 8,
    CP_DIGIT = 16,
    CP_SPACE = 32,
    CP_PUNCT = 64,
    CP_NOTUPPER = 128, /* alphabetic, not upper case */
};
enum { CP_TABLE = 0x800 };
static struct {
    uint8_t f;
    UChar32 fold;
} cptab[CP_TABLE];
static pthread_once_t cp_once = PTHREAD_ONCE_INIT;

static unsigned cp_icu(UChar32 c)
{
    unsigned f = 0;
    if (u_isalpha(c)) f |= CP_ALPHA | CP_LETTER;
    int t = u_charType(c);
    if (t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK) f |= CP_LETTER;
    if (u_isupper(c)) f |= CP_UPPER;
    if (u_istitle(c)) f |= CP_TITLE;
    if (u_isdigit(c)) f |= CP_DIGIT;
    if (u_isUWhiteSpace(c) || c == 0xFEFF || c == 0x200B) f |= CP_SPACE;
    if (u_ispunct(c)) f |= CP_PUNCT;
    if ((f & CP_ALPHA) && !(f & CP_UPPER)) f |= CP_NOTUPPER;
    return f;
}

/* ASCII: the fold (lower case) and the properties of every byte below 0x80 */
static unsigned char asciifold[0x80], asciif[0x80];
/* by byte: the fold of an ASCII letter or digit, 0 for every other byte */
static unsigned char wordfold[256];

static void cp_init(void)
{
    for (UChar32 c = 0; c < CP_TABLE; c++) {
        cptab[c].f = (uint8_t)cp_icu(c);
        cptab[c].fold = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    }
    for (int b = 0; b < 0x80; b++) {
        asciifold[b] = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
        asciif[b] = cptab[b].f;
        wordfold[b] = asciif[b] & (CP_LETTER | CP_DIGIT) ? asciifold[b] : 0;
    }
}

static inline unsigned cpf(UChar32 c) { return c >= 0 && c < CP_TABLE ? cptab[c].f : cp_icu(c); }
static inline UChar32 cpfold(UChar32 c)
{
    return c >= 0 && c < CP_TABLE ? cptab[c].fold : u_foldCase(c, U_FOLD_CASE_DEFAULT);
}

/* Append the fold of code point c (valid) at out[*o], hashing its bytes. */
static inline void fold_cp(char *out, size_t *o, uint64_t *h, UChar32 c)
{
    if (c < 0x80) {
        unsigned char f = asciifold[c];
        out[(*o)++] = (char)f;
        *h = fk_hash_step(*h, f);
        return;
    }
    c = cpfold(c);
    size_t o0 = *o;
    U8_APPEND_UNSAFE(out, *o, c);
    for (; o0 < *o; o0++) *h = fk_hash_step(*h, (unsigned char)out[o0]);
}

/* The token's fold is out[0..o) at d->folds + d->folds_len: finish it. */
static inline void fold_done(fk_doc *d, fk_token *t, char *out, size_t o, uint64_t h)
{
    out[o] = 0;
    t->fold = (uint32_t)d->folds_len;
    t->fold_len = (uint32_t)o;
    t->fold_hash = fk_hash_final(h);
    d->folds_len += o + 1;
}

/* Fold s[0..n) into d->folds (room reserved by fk_tokenize). */
static void fold_append(fk_doc *d, const char *s, size_t n, fk_token *t)
{
    char *out = d->folds + d->folds_len;
    size_t o = 0;
    uint64_t h = FK_HASH_INIT;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            do {
                unsigned char f = asciifold[b];
                out[o++] = (char)f;
                h = fk_hash_step(h, f);
                if (++i >= n) break;
                b = (unsigned char)s[i];
            } while (b < 0x80);
            continue;
        }
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) c = 0xFFFD;
        fold_cp(out, &o, &h, c);
    }
    fold_done(d, t, out, o, h);
}

/* Next code point at s[*i] (advances *i); ASCII without the UTF-8 decoder. */
static inline UChar32 next_cp(const char *s, size_t *i, size_t n)
{
    unsigned char b = (unsigned char)s[*i];
    if (b < 0x80) {
        (*i)++;
        return b;
    }
    UChar32 c;
    U8_NEXT(s, *i, n, c);
    return c;
}

/* Is the word ending at j, whose first character (just before i) is upper
 * case all upper case: no letter that is not upper case, and at least two
 * letters? Words never hold invalid UTF-8. */
static int all_upper(const char *s, size_t i, size_t j)
{
    unsigned nletters = 1;
    while (i < j) {
        UChar32 c = next_cp(s, &i, j);
        unsigned f = c >= 0 ? cpf(c) : 0;
        if (f & CP_NOTUPPER) return 0;
        nletters += f & CP_ALPHA;
    }
    return nletters >= 2;
}

/* d->text[d->len] must be NUL (as in every fk_doc, every chunk of one and
 * the gazetteer's forms): it stops the scan of a word. */
void fk_tokenize(const fk_engine *e, fk_doc *d)
{
    FK_UNUSED(e);
    pthread_once(&cp_once, cp_init);
    const char *s = d->text;
    size_t n = d->len, i = 0;
    /* room for every fold: a byte folds to at most 3 (an invalid byte
     * becomes U+FFFD), and every token adds a NUL */
    if (d->folds_len + 4 * n + 1 > d->folds_cap) {
        d->folds_cap = d->folds_len + 4 * n + 1;
        d->folds = fk_xrealloc(d->folds, d->folds_cap);
    }
    /* room for the tokens of usual text (a token every 4 bytes or more;
     * the array still grows for denser text) instead of regrowing it
     * token by token */
    size_t want = d->toks.n + n / 4 + 16;
    if (want > d->toks.cap) {
        d->toks.cap = want;
        d->toks.v = fk_xrealloc(d->toks.v, d->toks.cap * sizeof *d->toks.v);
    }
    unsigned pending = FK_TF_SPACE; /* start of text counts as white space */
    int only_nbsp = 1;
    while (i < n) {
        if (s[i] == ' ') { /* the usual white space */
            pending |= FK_TF_SPACE;
            only_nbsp = 0;
            i++;
            continue;
        }
        size_t start = i;
        UChar32 c = next_cp(s, &i, n);
        if (c < 0) c = 0xFFFD;
        unsigned cf = cpf(c);
        if (cf & CP_SPACE) {
            pending |= FK_TF_SPACE;
            if (c == '\n' || c == 0x2028 || c == 0x2029 || c == 0x85) pending |= FK_TF_NEWLINE;
            if (!is_nbsp(c)) only_nbsp = 0;
            continue;
        }
        if (d->toks.n == d->toks.cap) {
            d->toks.cap = d->toks.cap ? d->toks.cap * 2 : 16;
            d->toks.v = fk_xrealloc(d->toks.v, d->toks.cap * sizeof *d->toks.v);
        }
        fk_token *t = &d->toks.v[d->toks.n]; /* filled in place, every field */
        t->start = (uint32_t)start;
        t->sentence = 0;
        t->flags = (uint16_t)pending;
        if ((pending & FK_TF_SPACE) && only_nbsp && start > 0) t->flags |= FK_TF_NBSP;
        pending = 0;
        only_nbsp = 1;
        if (cf & CP_LETTER) {
            t->kind = FK_TOK_WORD;
            int upper_first = (cf & (CP_UPPER | CP_TITLE)) != 0;
            size_t j = i;
            /* the fold is written as the word is read */
            char *out = d->folds + d->folds_len;
            size_t o = 0;
            uint64_t h = FK_HASH_INIT;
            fold_cp(out, &o, &h, c);
            for (;;) {
                /* ASCII letters and digits: wordfold is their fold, 0 for
                 * every other byte (s[n] is the NUL that ends the text) */
                {
                    const unsigned char *p = (const unsigned char *)s + j;
                    char *q = out + o;
                    unsigned fo;
                    while ((fo = wordfold[*p])) {
                        *q++ = (char)fo;
                        h = fk_hash_step(h, (unsigned char)fo);
                        p++;
                    }
                    j = (size_t)(p - (const unsigned char *)s);
                    o = (size_t)(q - out);
                }
                if (j >= n) break;
                size_t k = j;
                UChar32 c2;
                unsigned f2;
                unsigned char b = (unsigned char)s[j];
                if (b < 0x80) {
                    c2 = b;
                    f2 = asciif[b];
                    k++;
                } else {
                    U8_NEXT(s, k, n, c2);
                    f2 = c2 >= 0 ? cpf(c2) : 0;
                }
                if (f2 & (CP_LETTER | CP_DIGIT)) {
                    fold_cp(out, &o, &h, c2);
                    j = k;
                    continue;
                }
                if (c2 >= 0 && (is_hyphen(c2) || is_apos(c2)) && k < n) {
                    size_t k2 = k;
                    UChar32 c3 = next_cp(s, &k2, n);
                    unsigned f3 = c3 >= 0 ? cpf(c3) : 0;
                    if ((f3 & CP_LETTER) || (is_hyphen(c2) && (f3 & CP_DIGIT))) {
                        if (is_hyphen(c2)) t->flags |= FK_TF_HYPHEN;
                        fold_cp(out, &o, &h, c2);
                        j = k;
                        continue;
                    }
                }
                break;
            }
            fold_done(d, t, out, o, h);
            if (upper_first) {
                t->flags |= FK_TF_UPPER;
                if (all_upper(s, i, j)) t->flags |= FK_TF_ALLUPPER;
            }
            i = j;
        } else if (cf & CP_DIGIT) {
            t->kind = FK_TOK_NUMBER;
            while (i < n) {
                size_t k = i;
                UChar32 c2 = next_cp(s, &k, n);
                if (c2 < 0 || !(cpf(c2) & CP_DIGIT)) break;
                i = k;
            }
        } else {
            /* one code point (U+FFFD for an invalid byte, as fold_append
             * would read it) */
            t->kind = (cf & CP_PUNCT) ? FK_TOK_PUNCT : FK_TOK_SYMBOL;
            char *out = d->folds + d->folds_len;
            size_t o = 0;
            uint64_t h = FK_HASH_INIT;
            fold_cp(out, &o, &h, c);
            fold_done(d, t, out, o, h);
        }
        t->end = (uint32_t)i;
        if (t->kind == FK_TOK_NUMBER) fold_append(d, s + start, i - start, t);
        d->toks.n++;
    }
}

/* ---- UAX #29 sentence boundaries ------------------------------------------ */

/* Classes: ICU's USentenceBreak values, and SB_SOT for "after the start of
 * the text or a paragraph separator" (where Extend and Format stand alone). */
enum {
    SB_OTHER = U_SB_OTHER,
    SB_ATERM = U_SB_ATERM,
    SB_CLOSE = U_SB_CLOSE,
    SB_FORMAT = U_SB_FORMAT,
    SB_LOWER = U_SB_LOWER,
    SB_NUMERIC = U_SB_NUMERIC,
    SB_OLETTER = U_SB_OLETTER,
    SB_SEP = U_SB_SEP,
    SB_SP = U_SB_SP,
    SB_STERM = U_SB_STERM,
    SB_UPPER = U_SB_UPPER,
    SB_CR = U_SB_CR,
    SB_EXTEND = U_SB_EXTEND,
    SB_LF = U_SB_LF,
    SB_SCONTINUE = U_SB_SCONTINUE,
    SB_SOT = 31,
};
#define SB_BIT(c) (1u << (c))
#define SB_PARASEP (SB_BIT(SB_SEP) | SB_BIT(SB_CR) | SB_BIT(SB_LF))
#define SB_SATERM (SB_BIT(SB_ATERM) | SB_BIT(SB_STERM))
#define SB_IGNORED (SB_BIT(SB_EXTEND) | SB_BIT(SB_FORMAT))

/* Sentence_Break of code points below U+0800 and of General Punctuation
 * (U+2000–U+206F), read once from ICU */
static uint8_t sbtab[0x800], sbpunct[0x70];
/* by byte: the class of an ASCII character that is neither a terminator nor
 * a separator (nor Extend or Format); SB_SLOW for the others and for
 * the bytes of multi-byte characters */
#define SB_SLOW 0x80
static uint8_t sbfast[256];
static pthread_once_t sb_once = PTHREAD_ONCE_INIT;

static void sb_init_tables(void)
{
    for (UChar32 c = 0; c < 0x800; c++) sbtab[c] = (uint8_t)u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
    for (int b = 0; b < 256; b++)
        sbfast[b] = b < 0x80 && !((1u << sbtab[b]) & ((1u << SB_SEP) | (1u << SB_CR) | (1u << SB_LF) |
                                                        (1u << SB_ATERM) | (1u << SB_STERM) |
                                                        (1u << SB_EXTEND) | (1u << SB_FORMAT)))
                        ? sbtab[b]
                        : SB_SLOW;
    sbfast[0] = SB_SLOW; /* the NUL after the text stops the fast scan */
    for (UChar32 c = 0; c < 0x70; c++)
        sbpunct[c] = (uint8_t)u_getIntPropertyValue(0x2000 + c, UCHAR_SENTENCE_BREAK);
}

static inline int sb_class(UChar32 c)
{
    if ((uint32_t)c < 0x800) return sbtab[c];
    if ((uint32_t)(c - 0x2000) < 0x70) return sbpunct[c - 0x2000];
    return u_getIntPropertyValue(c < 0 ? 0xFFFD : c, UCHAR_SENTENCE_BREAK);
}

/* Class of the character at s[*i] (advances *i). */
static inline int sb_at(const char *s, size_t *i, size_t n)
{
    unsigned char b = (unsigned char)s[*i];
    if (b < 0x80) {
        (*i)++;
        return sbtab[b];
    }
    UChar32 c;
    U8_NEXT(s, *i, n, c);
    return sb_class(c);
}

/* Skip Extend and Format characters from i. */
static inline size_t sb_skip_ignored(const char *s, size_t i, size_t n)
{
    while (i < n) {
        size_t k = i;
        if (!(SB_BIT(sb_at(s, &k, n)) & SB_IGNORED)) break;
        i = k;
    }
    return i;
}

void fk_sbrk_init(fk_sbrk_iter *it, const char *s, size_t n)
{
    pthread_once(&sb_once, sb_init_tables);
    it->s = s;
    it->n = n;
    it->i = 0;
    it->prev = SB_SOT;
    it->done = n == 0;
}

/* A boundary at b: the iterator resumes there. */
static size_t sb_emit(fk_sbrk_iter *it, size_t b, int prev)
{
    it->i = b;
    it->prev = prev;
    it->done = b >= it->n;
    return b;
}

size_t fk_sbrk_next(fk_sbrk_iter *it)
{
    const char *s = it->s;
    size_t n = it->n, i = it->i;
    int prev = it->prev;
    if (it->done) return (size_t)-1;
    while (i < n) {
        /* ASCII that is no terminator, separator, Extend or Format */
        if (!(sbfast[(unsigned char)s[i]] & SB_SLOW)) {
            /* s[n] is NUL, a slow byte: no bounds check needed */
            const unsigned char *u = (const unsigned char *)s + i + 1;
            for (;; u += 4) {
                if (sbfast[u[0]] & SB_SLOW) break;
                if (sbfast[u[1]] & SB_SLOW) { u += 1; break; }
                if (sbfast[u[2]] & SB_SLOW) { u += 2; break; }
                if (sbfast[u[3]] & SB_SLOW) { u += 3; break; }
            }
            i = (size_t)(u - (const unsigned char *)s);
            prev = sbfast[u[-1]];
            continue;
        }
        size_t j = i;
        int cls = sb_at(s, &j, n);
        unsigned bit = SB_BIT(cls);
        if (bit & SB_IGNORED) { /* SB5: absorbed, except after sot and ParaSep */
            if (prev == SB_SOT) prev = cls;
            i = j;
            continue;
        }
        if (bit & SB_PARASEP) { /* SB3, SB4 */
            if (cls == SB_CR && j < n && s[j] == '\n') j++;
            return sb_emit(it, j, SB_SOT);
        }
        if (!(bit & SB_SATERM)) {
            prev = cls;
            i = j;
            continue;
        }
        /* a terminator: SATerm Close* Sp* */
        int before = prev;
        size_t k = sb_skip_ignored(s, j, n), k2;
        int last = cls, nc = -1;
        if (k < n) {
            k2 = k;
            nc = sb_at(s, &k2, n);
        }
        /* SB6: ATerm × Numeric; SB7: (Upper | Lower) ATerm × Upper */
        if (cls == SB_ATERM &&
            (nc == SB_NUMERIC || (nc == SB_UPPER && (before == SB_UPPER || before == SB_LOWER)))) {
            prev = cls;
            i = k;
            continue;
        }
        while (nc == SB_CLOSE) { /* SB9 */
            last = nc;
            k = sb_skip_ignored(s, k2, n);
            nc = -1;
            if (k < n) k2 = k, nc = sb_at(s, &k2, n);
        }
        while (nc == SB_SP) { /* SB10 */
            last = nc;
            k = sb_skip_ignored(s, k2, n);
            nc = -1;
            if (k < n) k2 = k, nc = sb_at(s, &k2, n);
        }
        if (nc < 0) break; /* SB2 */
        if (SB_BIT(nc) & SB_PARASEP) { /* SB9, SB10 ×; SB4 ÷ after it */
            if (nc == SB_CR && k2 < n && s[k2] == '\n') k2++;
            return sb_emit(it, k2, SB_SOT);
        }
        /* SB8a: SATerm Close* Sp* × (SContinue | SATerm) */
        int keep = nc == SB_SCONTINUE || (SB_BIT(nc) & SB_SATERM);
        /* SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower */
        if (!keep && cls == SB_ATERM) {
            size_t m = k;
            int cm = -1;
            while (m < n) {
                cm = sb_at(s, &m, n);
                if (SB_BIT(cm) & (SB_BIT(SB_OLETTER) | SB_BIT(SB_UPPER) | SB_BIT(SB_LOWER) | SB_PARASEP | SB_SATERM))
                    break;
                cm = -1;
            }
            keep = cm == SB_LOWER;
        }
        if (keep) {
            prev = last;
            i = k;
            continue;
        }
        return sb_emit(it, k, last); /* SB11 */
    }
    it->done = 1;
    it->i = n;
    return n;
}

/* ---- sentences ---------------------------------------------------------- */

/* Kind of abbreviation ending just before the "." token at index dot,
 * or 0. The key is the run of tokens glued together (no space) up to the
 * dot: "m.in." -> "m.in". */
static int abbr_kind(const fk_seg *sg, const fk_doc *d, size_t dot)
{
    if (dot == 0) return 0;
    const fk_token *w = &d->toks.v[dot - 1];
    if (w->kind != FK_TOK_WORD || (d->toks.v[dot].flags & FK_TF_SPACE)) return 0;
    size_t first = dot - 1;
    while (first > 0 && !(d->toks.v[first].flags & FK_TF_SPACE) && dot - first < 8) {
        const fk_token *p = &d->toks.v[first - 1];
        if (p->kind == FK_TOK_WORD || (p->kind == FK_TOK_PUNCT && d->text[p->start] == '.'))
            first--;
        else break;
    }
    /* the glued run must start with a word */
    while (first < dot && d->toks.v[first].kind != FK_TOK_WORD) first++;
    /* every abbreviation ends with the fold of the word before its dot */
    if (seg_bit(sg, w->fold_hash)) {
        char key[256];
        size_t kl = 0;
        for (size_t t = first; t < dot; t++) {
            const char *f = fk_tok_fold(d, t);
            size_t fl = d->toks.v[t].fold_len;
            if (kl + fl >= sizeof key) return 0;
            memcpy(key + kl, f, fl);
            kl += fl;
        }
        void *v = fk_map_get(sg->abbr, key, kl);
        if (v) return (int)(intptr_t)v;
    }
    if (sg->initials && first == dot - 1 && (w->flags & FK_TF_UPPER) &&
        fk_utf8_count(d->text + w->start, w->end - w->start) == 1)
        return ABBR_INNER;
    return 0;
}

static int is_dot(const fk_doc *d, size_t t)
{
    const fk_token *k = &d->toks.v[t];
    return k->kind == FK_TOK_PUNCT && k->end - k->start == 1 && d->text[k->start] == '.';
}

/* Should the candidate boundary before token `next` be kept? */
static int keep_boundary(const fk_seg *sg, const fk_doc *d, size_t next)
{
    if (next == 0 || next >= d->toks.n) return 1;
    const fk_token *nt = &d->toks.v[next];
    size_t last = next - 1;
    /* skip closing quotes/brackets after the dot */
    size_t p = last;
    while (p > 0 && d->toks.v[p].kind == FK_TOK_PUNCT && !is_dot(d, p) &&
           !(d->toks.v[p].flags & FK_TF_SPACE) && strchr("\"')]", d->text[d->toks.v[p].start]))
        p--;
    int blank_line = 0;
    if (nt->flags & FK_TF_NEWLINE) {
        /* two line breaks (a blank line) always separate */
        int nl = 0;
        for (size_t i = d->toks.v[last].end; i < nt->start; i++) nl += d->text[i] == '\n';
        blank_line = nl >= 2;
    }
    if (blank_line) return 1;
    int next_lower = nt->kind == FK_TOK_WORD && !(nt->flags & FK_TF_UPPER);
    if (is_dot(d, p)) {
        /* fk_segment has marked the word before every abbreviation's dot */
        int k = p > 0 && (d->toks.v[p - 1].flags & FK_TF_ABBR) ? abbr_kind(sg, d, p) : 0;
        if (k == ABBR_INNER && !(nt->flags & FK_TF_NEWLINE)) return 0;
        if (k == ABBR_END && (next_lower || nt->kind == FK_TOK_NUMBER) && !(nt->flags & FK_TF_NEWLINE))
            return 0;
        return 1;
    }
    /* a single line break inside a sentence (hard-wrapped text): join when
     * the line does not end in sentence punctuation and the next starts
     * in lower case */
    if ((nt->flags & FK_TF_NEWLINE) && next_lower && d->toks.v[last].kind != FK_TOK_PUNCT) return 0;
    return 1;
}

/* No real sentence is longer than this; longer runs (text without
 * punctuation, hostile input) are cut so that no annotator ever sees an
 * unbounded sentence. Cuts prefer a punctuation token near the limit. */
#define MAX_SENT_TOKENS 400

static void add_sentence1(fk_doc *d, size_t t0, size_t t1);

static size_t add_sentence(fk_doc *d, size_t t0, size_t t1)
{
    size_t cuts = 0;
    while (t1 - t0 > MAX_SENT_TOKENS) {
        size_t cut = t0 + MAX_SENT_TOKENS;
        for (size_t t = cut; t > t0 + MAX_SENT_TOKENS / 2; t--)
            if (d->toks.v[t - 1].kind == FK_TOK_PUNCT) {
                cut = t;
                break;
            }
        add_sentence1(d, t0, cut);
        t0 = cut;
        cuts++;
    }
    add_sentence1(d, t0, t1);
    return cuts;
}

static void add_sentence1(fk_doc *d, size_t t0, size_t t1)
{
    if (t1 <= t0) return;
    fk_sentence s = {d->toks.v[t0].start, d->toks.v[t1 - 1].end, (uint32_t)t0, (uint32_t)t1};
    uint32_t idx = (uint32_t)d->sents.n;
    for (size_t t = t0; t < t1; t++) d->toks.v[t].sentence = idx;
    d->toks.v[t0].flags |= FK_TF_SENT_START;
    fk_vec_push(d->sents, s);
}

void fk_segment(const fk_engine *e, fk_doc *d)
{
    const fk_seg *sg = e->seg;
    if (!d->toks.n) return;
    /* mark abbreviations */
    for (size_t t = 1; t < d->toks.n; t++)
        if (is_dot(d, t) && abbr_kind(sg, d, t)) d->toks.v[t - 1].flags |= FK_TF_ABBR;

    fk_sbrk_iter it;
    fk_sbrk_init(&it, d->text, d->len);
    size_t t0 = 0, tok = 0, cuts = 0, b;
    while ((b = fk_sbrk_next(&it)) != (size_t)-1) {
        /* first token starting at or after the boundary */
        while (tok < d->toks.n && d->toks.v[tok].start < b) tok++;
        if (tok >= d->toks.n) break;
        if (tok > t0 && keep_boundary(sg, d, tok)) {
            cuts += add_sentence(d, t0, tok);
            t0 = tok;
        }
    }
    cuts += add_sentence(d, t0, d->toks.n);
    if (cuts)
        fk_doc_warn(d, "%zu overlong sentence%s cut every %d tokens", cuts, cuts == 1 ? "" : "s",
                    MAX_SENT_TOKENS);
}
