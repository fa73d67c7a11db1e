/* Internal interface shared by gazetteer.c (entity tables, matching) and
 * entities.c (names found by cues, document-level passes). */
#ifndef FK_ENTITIES_H
#define FK_ENTITIES_H

#include "engine.h"
#include "htab.h"
#include "inflect.h"

/* ---- form tables: token n-grams -> candidates ----------------------------- */
enum { FK_FORM_NOSTART = 1, FK_FORM_EXACT = 2, FK_FORM_DERIVED = 4 };
enum { FK_MAXTOK = 24 };

typedef struct fk_fcand {
    struct fk_fcand *next;   /* next candidate for the same key (rank order) */
    uint32_t payload;        /* owner's index (entry, cue, first name) */
    int rank;
    unsigned flags;          /* FK_FORM_* */
    uint16_t ntok;
    uint8_t casei;           /* case index of the form (0..6) */
    const char *label;       /* "gen", "alias:gen" ... */
    const char *raw;         /* the form's tokens joined by ' ' (for exact) */
    uint8_t caps[];          /* per token: 0 any, 1 capitalised, 2 all upper */
} fk_fcand;

enum { FK_FTAB_RECENT = 16, FK_FTAB_JOINS = 64 };

typedef struct fk_ftab {
    fk_map *keys;            /* folded tokens joined by ' ' -> fk_fcand* (empty if lean) */
    /* a lean table (fk_ftab_lean) keeps its keys here instead, hashed as
     * the tokenizer hashes them: none is hashed or copied twice */
    fk_htab hkeys;
    int lean;
    /* first token's fold hash -> lengths of the forms starting with it
     * (bit n-1 for n tokens; gazetteer.c). By hash alone: a collision only
     * costs a look-up that finds nothing. */
    struct fk_ftab_first {
        uint64_t hash;       /* 0: free */
        uint32_t lens;
    } *first;
    size_t first_cap, first_n;
    uint64_t *first_bits;    /* a bit a hash (4 bits a slot): most misses end here */
    fk_arena arena;
    size_t nforms;
    /* the forms added last for the same payload (a name's cases repeat
     * forms: they are not tokenized again) */
    uint32_t recent_payload;
    unsigned nrecent;
    struct {
        char form[96];
        size_t len;
        struct fk_fcand *c;
    } recent[FK_FTAB_RECENT];
    /* labels joined lately: label a plus label b gave r (labels are
     * immutable, so the pointers name the strings) */
    struct {
        const char *a, *b, *r;
    } joins[FK_FTAB_JOINS];
} fk_ftab;

void fk_ftab_init(fk_ftab *t);
/* Make a new, empty table lean, with room for about `expect` keys: its
 * keys are only reached through the fk_ftab functions (not .keys). */
void fk_ftab_lean(fk_ftab *t, size_t expect);
void fk_ftab_free(fk_ftab *t);
/* Tokenize form (scratch doc) and index it. Returns 1 if added, 0 if it
 * was a duplicate of the same payload or had no token. */
int fk_ftab_add(fk_ftab *t, fk_doc *scratch, const char *form, uint32_t payload, int rank,
                unsigned flags, int casei, const char *label);
/* Longest match starting at token i, not beyond token `limit`: returns the
 * first acceptable candidate (capitalisation, nostart, exact), or NULL. */
const fk_fcand *fk_ftab_match(const fk_ftab *t, const fk_doc *d, size_t i, size_t limit);
/* Candidates for exactly tokens [i, i+n) (unchecked) or NULL. */
const fk_fcand *fk_ftab_get(const fk_ftab *t, const fk_doc *d, size_t i, size_t n);
/* Does candidate c accept the text tokens at i? */
int fk_fcand_ok(const fk_fcand *c, const fk_doc *d, size_t i);

/* Is token t's fold (alone) a form of some table entry, whatever its
 * letter case? */
int fk_gaz_known(const fk_engine *e, const fk_doc *d, size_t t);

/* The engine's inflection data (for tests and tools). */
const fk_infl *fk_gaz_infl(const fk_engine *e);

/* ---- cues module (entities.c) ---------------------------------------------- */
typedef struct fk_cues fk_cues;
int fk_cues_load(const fk_engine *e, fk_infl *I, fk_doc *scratch, fakty_diags *diags, fk_cues **out);
void fk_cues_free(fk_cues *c);
/* Is this folded word listed as never/sentence-start stop word? */
int fk_cues_stop(const fk_cues *c, const char *fold, int sentence_start);
/* Does token t open a sentence or a quotation, parenthesis or dialogue
 * line (a sentence start or a punctuation mark other than a comma before
 * it)? There every word may be capitalised. */
int fk_at_start(const fk_doc *d, size_t t);
/* Is token t a form of a listed first name (capitalisation checked)? */
int fk_cues_first_name(const fk_cues *c, const fk_doc *d, size_t t);
/* Run all cue and document-level passes; covered[t] != 0 for tokens already
 * in an entity or a date/quantity (updated). */
void fk_cues_run(const fk_engine *e, const fk_cues *c, const fk_infl *I, fk_doc *d,
                 uint8_t *covered);

#endif
