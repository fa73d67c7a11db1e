/* The document model shared by all annotators.
 *
 * All offsets here are BYTE offsets into doc->text (valid UTF-8 after
 * repair). They are converted to code points only when output is written.
 * Token ranges are half-open: [tok0, tok1).
 *
 * Pipeline (extract.c):
 *   repair UTF-8 -> tokenize -> sentences -> dates -> numbers -> entities
 *   -> facts -> output.
 * Each stage reads what earlier stages wrote and appends to its own array.
 */
#ifndef FK_DOC_H
#define FK_DOC_H

#include <stdint.h>

#include "util.h"

typedef struct fakty_engine fk_engine;

/* ---- tokens ----------------------------------------------------------- */
enum fk_tok_kind {
    FK_TOK_WORD = 1,    /* letters (may contain inner hyphens, apostrophes, dots of
                           abbreviations are NOT included: "r." is WORD "r" + PUNCT ".") */
    FK_TOK_NUMBER,      /* a run of digits only: "2", "600", "2022" */
    FK_TOK_PUNCT,       /* one punctuation character */
    FK_TOK_SYMBOL,      /* one other non-space character (%, $, €, +, emoji ...) */
};

enum fk_tok_flags {
    FK_TF_UPPER    = 1 << 0,  /* first character is upper/title case */
    FK_TF_ALLUPPER = 1 << 1,  /* every letter upper case, at least 2 letters */
    FK_TF_SPACE    = 1 << 2,  /* preceded by white space (or start of text) */
    FK_TF_NEWLINE  = 1 << 3,  /* preceded by a line break */
    FK_TF_NBSP     = 1 << 4,  /* the white space before it is only U+00A0/U+202F/U+2009 */
    FK_TF_HYPHEN   = 1 << 5,  /* WORD containing an inner hyphen (Nur-Sułtan) */
    FK_TF_SENT_START = 1 << 6,/* first token of its sentence */
    FK_TF_ABBR     = 1 << 7,  /* WORD followed by "." and listed as an abbreviation */
};

typedef struct fk_token {
    uint32_t start, end;     /* bytes in doc->text */
    uint32_t fold;           /* offset of the case-folded form in doc->folds */
    uint32_t fold_len;       /* its length in bytes (NUL-terminated there too) */
    uint64_t fold_hash;      /* fk_hash of the folded form (for fk_map_get_h) */
    uint32_t sentence;       /* index into doc->sents */
    uint16_t kind;           /* enum fk_tok_kind */
    uint16_t flags;          /* enum fk_tok_flags */
} fk_token;

typedef struct fk_sentence {
    uint32_t start, end;     /* bytes (end excludes trailing white space) */
    uint32_t tok0, tok1;     /* tokens [tok0, tok1) */
} fk_sentence;

/* ---- annotations --------------------------------------------------------- */
enum fk_ent_type { FK_PER = 1, FK_LOC, FK_ORG };

typedef struct fk_entity {
    uint32_t start, end, tok0, tok1, sentence;
    int type;                 /* enum fk_ent_type */
    const char *subtype;      /* "country", "city", ... or NULL */
    const char *name;         /* canonical nominative */
    const char *ref;          /* stable id ("iso3166:KZ", "geonames:1526384") or NULL */
    const char *rule;         /* explain: "gazetteers/pl/countries.tsv:112" or rule name */
    const char *form;         /* explain: which generated form matched, e.g. "loc" */
    double score;             /* confidence-ish: 1.0 gazetteer, lower for cue guesses */
} fk_entity;

enum fk_qualifier {
    FK_Q_EXACT = 0, FK_Q_MORE_THAN, FK_Q_AT_LEAST, FK_Q_LESS_THAN, FK_Q_AT_MOST,
    FK_Q_ABOUT, FK_Q_RANGE, FK_Q_VAGUE,
};
extern const char *const fk_qualifier_names[]; /* indexed by enum fk_qualifier */

enum fk_qty_flags {
    FK_QF_WORDS   = 1 << 0,  /* written (partly) in words */
    FK_QF_NOCOUNT = 1 << 1,  /* not usable as a count: age ("38-letni"), percent,
                                money, part of a date, ordinal, measurement */
    FK_QF_PERCENT = 1 << 2,
    FK_QF_ORDINAL = 1 << 3,
};

typedef struct fk_quantity {
    uint32_t start, end, tok0, tok1, sentence;
    int has_value, has_min, has_max;
    double value, min, max;
    int qualifier;            /* enum fk_qualifier */
    unsigned flags;           /* enum fk_qty_flags */
    const char *unit;         /* "%", "PLN", ... or NULL */
    const char *rule;         /* explain */
} fk_quantity;

enum fk_date_kind { FK_D_DATE = 0, FK_D_TIME, FK_D_DURATION, FK_D_SET };
extern const char *const fk_date_kind_names[];

typedef struct fk_date {
    uint32_t start, end, tok0, tok1, sentence;
    int kind;                 /* enum fk_date_kind */
    char value[40];           /* "2022-01-02", "2022-01", "P7D", "XXXX-01-02", "T14:30" */
    char anchor[16];          /* "from", "until", "since" ... or "" */
    const char *rule;         /* explain */
} fk_date;

typedef struct fk_count {
    int has_value, has_min, has_max;
    double value, min, max;
    int qualifier;
    uint32_t start, end;      /* surface of the count (bytes) */
    int qty;                  /* index into doc->qtys or -1 ("nikt" → 0) */
} fk_count;

typedef struct fk_fact {
    const char *type;         /* "killed", "injured", ... */
    fk_count count;
    uint32_t who_start, who_end;     /* bytes; who_end == 0 when unknown */
    const char *who_category;        /* "police", "civilians", ... or NULL */
    int where_ent;                   /* index into doc->ents or -1 */
    int where_from_doc;              /* 1: taken from the article's main place */
    int when_date;                   /* index into doc->dates or -1 */
    uint32_t source_start, source_end; /* attribution text; end==0 when none */
    int source_ent;                  /* PER/ORG entity named as source or -1 */
    const char *source_name;         /* resolved name (may come from coreference) or NULL */
    uint32_t sentence;
    const char *rule;                /* rule name (always set) */
    const char *explain;             /* --explain detail (arena string) or NULL: made */
    const void *xrule;               /* or made on demand from the rule that matched */
    uint32_t match_start, match_end; /* (an fk_rule, engine-owned) and its bytes; */
    unsigned inherited;              /* FK_INHERIT_*: parts the explanation leaves out */
} fk_fact;

enum { FK_INHERIT_WHO = 1, FK_INHERIT_SOURCE = 2 }; /* taken from the fact before */

/* The --explain text of fact f (f->explain, or made from f->xrule) added
 * to out; 0 when it has none. */
int fk_fact_explain(const struct fakty_result *d, const fk_fact *f, fk_sb *out);

/* ---- the document ------------------------------------------------------- */
/* The public fakty_result is the annotated document. */
typedef struct fakty_result fk_doc;
struct fakty_result {
    const fk_engine *eng;
    char *text;               /* repaired UTF-8, NUL-terminated (owned) */
    size_t len;
    char *id, *path;          /* may be NULL */
    int has_date;             /* document date known */
    int year, month, day;

    FK_VEC(fk_token) toks;
    FK_VEC(fk_sentence) sents;
    FK_VEC(fk_entity) ents;
    FK_VEC(fk_quantity) qtys;
    FK_VEC(fk_date) dates;
    FK_VEC(fk_fact) facts;
    FK_VEC(char *) warnings;  /* arena strings */

    char *folds;              /* case-folded token forms, NUL-separated */
    size_t folds_len, folds_cap;

    uint32_t *cp_index;       /* code-point count at every FK_CP_BLOCK-byte block */
    fk_arena arena;           /* strings made while annotating */
};

/* Case-folded form of token i (NUL-terminated). */
static inline const char *fk_tok_fold(const fk_doc *d, size_t i) { return d->folds + d->toks.v[i].fold; }

#define FK_CP_BLOCK 64 /* bytes per cp_index entry (fk_doc_index) */

/* Byte offset -> code-point offset (needs cp_index; built by fk_doc_index). */
uint32_t fk_doc_cp(const fk_doc *d, uint32_t byte_off);
void fk_doc_index(fk_doc *d);
void fk_doc_warn(fk_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Make a document (text copied, UTF-8 repaired) / free it. fk_doc_new
 * does not run the pipeline (fk_doc_run in engine.h does). Useful for
 * tokenizing gazetteer names with the document tokenizer. */
fk_doc *fk_doc_new(const fk_engine *e, const char *text, size_t len, const fakty_doc_info *info);
void fk_doc_free(fk_doc *d);
/* Parse "YYYY-MM-DD" strictly (valid calendar date): 1 on success. */
int fk_parse_iso_date(const char *s, int *y, int *m, int *d);

/* First token whose start >= byte offset (binary search). */
size_t fk_doc_tok_at(const fk_doc *d, uint32_t byte_off);

#endif
