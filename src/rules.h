/* The fact rule language (docs/rules.md): word lists, rule files, compiled
 * token-sequence patterns and a backtracking matcher over one sentence.
 * Knows no language: every word comes from the rule and list files. */
#ifndef FK_RULES_H
#define FK_RULES_H

#include "doc.h"

enum fk_role { FK_ROLE_COUNT = 0, FK_ROLE_WHO, FK_ROLE_WHERE, FK_ROLE_WHEN, FK_ROLE_SOURCE, FK_NROLES };
extern const char *const fk_role_names[FK_NROLES];

/* A compiled word list: entries of one or more words, each word exact or a
 * prefix (`zgin*`), with an optional tag (second column). */
typedef struct fk_wlist fk_wlist;

typedef struct fk_rnode fk_rnode;

enum fk_rule_kind { FK_RK_FACT = 0, FK_RK_SOURCE, FK_RK_BLOCK };

/* What the first token of any match of a rule can be (a superset): used to
 * try a rule only at tokens where it can start. */
enum { FK_FIRST_MAXWORDS = 32, FK_REQ_MAXCLAUSES = 8 };
typedef struct fk_rfirst {
    int any;                 /* anything (a gap, a regex, too many words) */
    uint64_t lists;          /* word lists by id (bit) */
    unsigned classes;        /* token classes (bit per class) */
    int qty, date, ent;      /* a quantity / date / entity starts there */
    int nwords;
    const fk_rnode *words[FK_FIRST_MAXWORDS];
} fk_rfirst;

typedef struct fk_rule {
    char *name;
    const char *type;        /* fact type (static string) or NULL */
    int kind;                /* enum fk_rule_kind */
    int priority;
    int inherit_who;         /* take who from the previous fact of the sentence */
    int has_fixed;           /* count=N: capture */
    double fixed;
    fk_rnode *pat;
    const fk_rnode *req;     /* a list or word the pattern cannot match without, or NULL */
    uint64_t req_lists;      /* word lists (by id bit) every match contains */
    int req_count;           /* every match takes a count quantity (QTY) */
    int nclauses;            /* and "one of these" clauses every match meets: */
    uint64_t cl_lists[FK_REQ_MAXCLAUSES]; /* a list of these (bits) */
    uint64_t cl_words[FK_REQ_MAXCLAUSES][4]; /* or a word with one of these signature bits (256) */
    fk_rfirst first;         /* what a match can start with */
    char *file;              /* pack-relative file name (for explain) */
    unsigned line;
} fk_rule;

typedef struct fk_ruleset {
    FK_VEC(fk_rule *) rules;
    fk_map *lists;           /* name -> fk_wlist* (NULL when missing) */
    fk_wlist *opt_who;       /* option who-category @list */
    fk_wlist *opt_locative;  /* option locative @list */
    fk_wlist *opt_direction; /* option direction @list: second choice for where */
    fk_wlist *opt_function;  /* option function @list */
    fk_wlist *opt_name_stop; /* option name-stop @list: words never part of a name */
    int nregex;              /* regex nodes */
    int nre_ids;             /* distinct regexes (flags + source) */
    fk_map *re_ids;          /* "flags\1source" -> id + 1 */
    int nlists;              /* lists loaded (each has an id below this) */
} fk_ruleset;

/* Load every facts/ *.rules file of the pack (lists from lists/NAME.txt). */
fk_ruleset *fk_ruleset_load(const fk_pack *pack, fakty_diags *diags);
void fk_ruleset_free(fk_ruleset *rs);

/* Per-document match context (lookup tables, PCRE2 match data). */
typedef struct fk_mctx fk_mctx;
fk_mctx *fk_mctx_new(const fk_ruleset *rs, fk_doc *d);
void fk_mctx_free(fk_mctx *c);

typedef struct fk_rmatch {
    const fk_rule *rule;
    uint32_t t0, t1;                 /* tokens matched */
    uint32_t c0[FK_NROLES], c1[FK_NROLES]; /* captures; c1 == c0 when unset */
    int qty;                         /* quantity captured as count or -1 */
    int date;                        /* date captured as when or -1 */
    int ent[FK_NROLES];              /* entity captured (ENT element) per role or -1 */
} fk_rmatch;

/* Longest match of rule at token `start` within sentence s (tokens
 * [s0, s1)); returns 1 and fills *m, or 0. */
int fk_rule_match(fk_mctx *c, const fk_rule *r, uint32_t s0, uint32_t s1, uint32_t start, fk_rmatch *m);

/* Which of the n rules which[0..n) (indices in the context's ruleset) can
 * match in tokens [s0, s1): none whose required word lists, "one of these"
 * clauses or required word occur nowhere there (a cheap per-sentence
 * filter). Writes the possible ones to ok, in order; returns how many. */
size_t fk_rules_possible(fk_mctx *c, uint32_t s0, uint32_t s1, const uint32_t *which, size_t n, uint32_t *ok);

/* The tokens of [s0, s1) where rule r, possible there (fk_rules_possible),
 * can start a match (its first element can match, and every list it needs
 * and its count still occur at or after the token): writes them in order
 * to out (room for s1 - s0) and returns how many. */
size_t fk_rule_starts(fk_mctx *c, const fk_rule *r, uint32_t s0, uint32_t s1, uint32_t *out);

/* Word-list lookups on one token: the tag of the longest entry matching at
 * token i (entries of one word only when single) — returns 1 if some entry
 * matches, *tag set to its tag (may be NULL), *end to the token after it. */
int fk_wlist_at(const fk_wlist *l, const fk_doc *d, uint32_t i, uint32_t lim, const char **tag, uint32_t *end);
/* The same for a list of the ruleset on the match context's document, with
 * the per-token list masks as a quick first test. */
int fk_mctx_wlist_at(fk_mctx *c, const fk_wlist *l, uint32_t i, uint32_t lim, const char **tag, uint32_t *end);

#endif
