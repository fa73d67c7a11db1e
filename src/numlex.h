/* Shared by numbers.c and dates.c: a phrase table matched over document
 * tokens, and the number parser (digits with grouping and decimal comma,
 * number words composed from the data's kinds, multipliers).
 *
 * Phrase keys: the case-folded token forms of a phrase, joined by one
 * space where the text has white space between the tokens and by nothing
 * where they are glued ("ok." = "ok" + "."; "km/h"; "co najmniej").
 * A data file's phrase is normalised the same way (folded, runs of white
 * space collapsed to one space), so the data writes phrases as they look.
 *
 * No language knowledge here: every word comes from rules/<lang>/numbers/. */
#ifndef FK_NUMLEX_H
#define FK_NUMLEX_H

#include "engine.h"

#define FK_PHR_MAXKEY 128

typedef struct fk_phr {
    fk_map *map;         /* key -> entry pointer (never NULL) */
    size_t maxkey;       /* longest key in bytes */
    uint64_t *first;     /* FK_PHR_FILTER bits: the hashes of every key (and
                            prefix key) of the map; a token whose fold's bit
                            is clear starts no phrase */
    uint64_t *next;      /* FK_PHR_FILTER bits: the hashes of every part of a
                            key that begins after its first character; a
                            token whose fold's bit is clear continues no
                            phrase */
} fk_phr;

/* A token filter: FK_PHR_FILTER bits indexed by 16 bits of a key's
 * fk_hash. Only "certainly not" answers are exact. */
#define FK_PHR_FILTER (1u << 16)
static inline int fk_filter_has(const uint64_t *f, uint64_t h)
{
    uint32_t b = (uint32_t)(h >> 48);
    return (int)((f[b >> 6] >> (b & 63)) & 1);
}
uint64_t *fk_filter_new(void);
/* Add the key and every proper prefix of it that ends on a character. */
void fk_filter_add_prefixes(uint64_t *f, const char *key, size_t klen);
/* dst |= src */
void fk_filter_or(uint64_t *dst, const uint64_t *src);
static inline int fk_phr_filter_has(const fk_phr *p, uint64_t h) { return fk_filter_has(p->first, h); }
/* Can token i (a valid index) start a phrase of p? 0 means certainly not;
 * 1 means maybe (fk_phr_match decides). */
static inline int fk_phr_may_start(const fk_phr *p, const fk_doc *d, size_t i)
{
    return fk_phr_filter_has(p, d->toks.v[i].fold_hash);
}

void fk_phr_init(fk_phr *p);
void fk_phr_free(fk_phr *p);
/* Fold and normalise a data phrase into out (cap bytes). Returns the key
 * length, 0 when empty or too long. */
size_t fk_phr_key(const char *s, char *out, size_t cap);
/* Add key -> val; returns 0 when the key was already present (not replaced). */
int fk_phr_add(fk_phr *p, const char *key, size_t klen, void *val);
/* Longest phrase starting at token i (tokens before lim): its entry, and
 * *end = the token after it. NULL when none. */
void *fk_phr_match_slow(const fk_phr *p, const fk_doc *d, size_t i, size_t lim, size_t *end);
/* The digits of NUMBER token t (any Unicode decimal digits): value and
 * digit count; 0 when a character is no digit or there are over 15. */
int fk_tok_digits(const fk_doc *d, size_t t, double *v, int *ndig);
static inline void *fk_phr_match(const fk_phr *p, const fk_doc *d, size_t i, size_t lim, size_t *end)
{
    if (i >= lim || i >= d->toks.n || !fk_phr_may_start(p, d, i)) return NULL;
    return fk_phr_match_slow(p, d, i, lim, end);
}
/* Does the literal key match at token i? Returns the token after it, or 0. */
size_t fk_phr_literal(const fk_doc *d, size_t i, size_t lim, const char *key, size_t klen);
/* The entry of an exact key, or NULL. */
void *fk_phr_get(const fk_phr *p, const char *key, size_t klen);
/* Longest phrase of p ending just before token i (starting at or after
 * lo): its entry and *start, or NULL. */
void *fk_phr_match_before(const fk_phr *p, const fk_doc *d, size_t lo, size_t i, size_t *start);

/* ---- number words ------------------------------------------------------ */
enum fk_nw_kind { NW_UNIT = 1, NW_TEEN, NW_TENS, NW_HUNDREDS, NW_MULT, NW_FRAC, NW_AND };
extern const char *const fk_nw_kind_names[]; /* indexed by kind, [0] = NULL */

typedef struct fk_numword {
    double value;
    int kind;
} fk_numword;

typedef struct fk_vague {
    double min, max;
} fk_vague;

enum fk_unit_class { UC_PERCENT = 1, UC_MONEY, UC_MEASURE, UC_AGE, UC_TIME, UC_REF, UC_SCORE, UC_COUNT, UC_ORDINAL };

typedef struct fk_unit {
    const char *unit;    /* canonical unit name */
    int cls;             /* enum fk_unit_class */
    const char *rule;    /* "numbers/units.tsv:12" */
} fk_unit;

typedef struct fk_qual {
    int qualifier;       /* enum fk_qualifier */
    const char *rule;
} fk_qual;

/* A range pattern: elements are slots (NULL key) or literal phrase keys. */
typedef struct fk_range_el {
    char *key;
    size_t klen;
} fk_range_el;
typedef struct fk_range {
    fk_range_el *el;
    size_t n;
    const char *rule;
} fk_range;

struct fk_num {
    fk_arena arena;
    fk_phr words;        /* fk_numword */
    fk_phr vague;        /* fk_vague */
    fk_phr quals_before; /* fk_qual */
    fk_phr quals_after;  /* fk_qual */
    fk_phr units_after;  /* fk_unit */
    fk_phr units_before; /* fk_unit */
    FK_VEC(fk_range) ranges;
    uint64_t *numstart;  /* filter: words | vague (what fk_num_parse can start with) */
    uint64_t *rangestart;/* filter: the literals that begin a range pattern */
    uint64_t *anystart;  /* filter: numstart | rangestart | quals_before */
};

enum { NV_WORDS = 1, NV_DIGITS = 2, NV_GROUPED = 4, NV_DECIMAL = 8, NV_MULT = 16, NV_VAGUE = 32 };

typedef struct fk_numval {
    double value;        /* exact value (not NV_VAGUE) */
    double min, max;     /* NV_VAGUE: the range */
    double mult;         /* multiplier applied (1 if none) */
    size_t tok0, tok1;   /* tokens [tok0, tok1) */
    unsigned flags;      /* NV_* */
} fk_numval;

/* Parse a number (digits, words, a vague word, each optionally followed by
 * a multiplier) at token i. Returns 1 and fills *out, or 0. Tokens at or
 * after lim are never used. */
int fk_num_parse_slow(const fk_num *n, const fk_doc *d, size_t i, size_t lim, fk_numval *out);
static inline int fk_num_parse(const fk_num *n, const fk_doc *d, size_t i, size_t lim, fk_numval *out)
{
    if (i >= lim || i >= d->toks.n) return 0;
    const fk_token *t = &d->toks.v[i];
    if (t->kind == FK_TOK_WORD && !fk_filter_has(n->numstart, t->fold_hash)) return 0;
    return fk_num_parse_slow(n, d, i, lim, out);
}
/* Can token i (a valid index) begin a number? 0: certainly not. */
static inline int fk_num_may_start(const fk_num *n, const fk_doc *d, size_t i)
{
    const fk_token *t = &d->toks.v[i];
    return t->kind == FK_TOK_NUMBER || (t->kind == FK_TOK_WORD && fk_filter_has(n->numstart, t->fold_hash));
}
/* Does a range pattern ("od {n} do {n}") start before token i (at or
 * after lo) and cover it? Used by dates to leave "od 10 do 30 lat" to
 * numbers. */
int fk_num_range_covers(const fk_num *n, const fk_doc *d, size_t lo, size_t i, size_t lim);
/* Parse number words only (no digits, no vague words). */
int fk_num_parse_words(const fk_num *n, const fk_doc *d, size_t i, size_t lim, fk_numval *out);

#endif
