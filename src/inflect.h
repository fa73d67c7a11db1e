/* Inflection of names from the pack's inflection data
 * (gazetteers/<lang>/inflection/lexicon.tsv and suffixes.tsv; formats in
 * docs/gazetteers.md). Knows no language: every ending and form comes from
 * the data. Loaded once; read-only afterwards (thread-safe). */
#ifndef FK_INFLECT_H
#define FK_INFLECT_H

#include "util.h"

enum { FK_NCASES = 7, FK_NGENDERS = 6, FK_MAXALT = 4, FK_MAXPARTS = 32 };
enum { FK_G_NONE = -1, FK_G_M1 = 0, FK_G_M2, FK_G_M3, FK_G_F, FK_G_N, FK_G_P };

/* data keys of the format: "nom" ... "voc", "m1" ... "p" */
extern const char *const fk_case_keys[FK_NCASES];
extern const char *const fk_gender_keys[FK_NGENDERS];

typedef struct fk_infl fk_infl;

fk_infl *fk_infl_new(void);
void fk_infl_free(fk_infl *I);
/* Load one inflection file; the kind is told by `kind`: 'L' lexicon, 'S'
 * suffixes. Problems go to diags (file:line:column). */
int fk_infl_load(fk_infl *I, const char *path, int kind, fakty_diags *diags);
size_t fk_infl_lexicon_size(const fk_infl *I);

int fk_gender_parse(const char *s, size_t n);   /* FK_G_NONE if not a gender key */
int fk_case_parse(const char *s, size_t n);     /* -1 if not a case key */

/* One part code of a spec. */
typedef struct fk_pcode {
    char code;      /* 'N', 'A', '=' */
    int gender;     /* for N: FK_G_* or FK_G_NONE (from lexicon/guess) */
} fk_pcode;

/* Parse an explicit spec for a name of `nparts` parts. spec may be NULL,
 * "", "-" (automatic: returns 0 with *automatic = 1) or "indecl".
 * On error returns -1 with *err (static message) and *errat (pointer into
 * spec where the problem is). */
int fk_spec_parse(const char *spec, size_t nparts, fk_pcode *codes, int *automatic,
                  const char **err, const char **errat);

/* Split a name into parts at every space and hyphen ("A - B" has four
 * parts, two of them empty). Returns the number of parts (0 for an empty
 * name or more than FK_MAXPARTS parts). */
size_t fk_name_parts(const char *name, const char **part, size_t *plen, char *sep);

/* Entity type letters for G lines: 'P' PER, 'L' LOC, 'O' ORG. */
/* Automatic spec for a name (type letter), per docs/gazetteers.md. */
void fk_spec_auto(const fk_infl *I, const char **part, const size_t *plen, size_t n, int type,
                  fk_pcode *codes);

/* Generate the case forms of a name. emit(ctx, case, form) is called for
 * each distinct form of each case (at most a few alternatives a case). */
typedef void (*fk_form_fn)(void *ctx, int casei, const char *form);
void fk_infl_generate(const fk_infl *I, const char *name, int type, const fk_pcode *codes,
                      size_t nparts, fk_form_fn emit, void *ctx);
/* The same for the cases in the mask `cases` (bit c for case c) only. */
void fk_infl_generate_cases(const fk_infl *I, const char *name, int type, const fk_pcode *codes,
                            size_t nparts, unsigned cases, fk_form_fn emit, void *ctx);

/* Inverse: nominative lemmas of `word` read as a noun (pos 'N') or
 * adjective ('A') of gender g in case c (c < 0: any case): every lemma
 * whose generated form equals word. Lemmas are written to out[] (arena
 * strings), at most max; returns the count. cases[] (may be NULL) gets
 * the case of each reading. */
size_t fk_infl_lemmas(const fk_infl *I, const char *word, char pos, int g, int c,
                      fk_arena *a, const char **out, int *cases, size_t max);

/* Gender of word as a noun per lexicon, else guessed for type (G lines). */
int fk_infl_gender(const fk_infl *I, const char *word, int type);
int fk_infl_is_indecl(const fk_infl *I, const char *word);
int fk_infl_is_adjlike(const fk_infl *I, const char *word);

#endif
