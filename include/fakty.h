/*
 * fakty — extract checkable facts from news articles.
 *
 * Public C API. The engine is loaded once from data files (gazetteers and
 * rules), is immutable afterwards and may be shared by any number of threads:
 * every fakty_extract() call works on its own result object.
 *
 * Ownership: every object returned by a fakty_*_new / fakty_extract /
 * fakty_*_json call belongs to the caller and is released with the matching
 * free function. Strings passed in are copied; the caller may reuse them.
 */
#ifndef FAKTY_H
#define FAKTY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FAKTY_SCHEMA "fakty/1"

/* ---- diagnostics (load errors, data-file errors) ----------------------- */

typedef struct fakty_diags fakty_diags;

typedef struct fakty_diag {
    const char *file;     /* file the problem is in, or NULL */
    unsigned line;        /* 1-based, 0 when unknown */
    unsigned column;      /* 1-based (code points), 0 when unknown */
    int is_error;         /* 1 error, 0 warning */
    const char *message;
} fakty_diag;

size_t fakty_diags_count(const fakty_diags *d);
const fakty_diag *fakty_diags_get(const fakty_diags *d, size_t i);
size_t fakty_diags_errors(const fakty_diags *d);
void fakty_diags_free(fakty_diags *d);

/* ---- engine ------------------------------------------------------------ */

typedef struct fakty_engine fakty_engine;

typedef struct fakty_options {
    /* Directory holding the built-in pack (containing rules/ and
     * gazetteers/). NULL: the FAKTY_DATA environment variable, else the
     * installed data directory, else the source tree the library was
     * built from. */
    const char *data_dir;
    const char *lang;                 /* language pack, NULL = "pl" */
    /* Extra rule directories: a file there replaces the built-in file of
     * the same name, other files are added. */
    const char *const *rule_dirs;
    size_t n_rule_dirs;
    /* Extra gazetteer files (added to the built-in ones). */
    const char *const *gazetteers;
    size_t n_gazetteers;
    int no_builtin;                   /* 1: do not load the built-in pack */
} fakty_options;

/* Load an engine. Returns NULL on error; *diags (if non-NULL) receives the
 * problems found (also warnings on success). */
fakty_engine *fakty_engine_new(const fakty_options *opt, fakty_diags **diags);
void fakty_engine_free(fakty_engine *e);
const char *fakty_engine_lang(const fakty_engine *e);

/* Validate the data files only (for `fakty check`): returns all problems. */
fakty_diags *fakty_check(const fakty_options *opt);

/* ---- extraction -------------------------------------------------------- */

typedef struct fakty_result fakty_result;

typedef struct fakty_doc_info {
    const char *id;          /* document id or NULL */
    const char *path;        /* file path or NULL */
    const char *date;        /* "YYYY-MM-DD" document date or NULL */
} fakty_doc_info;

/* Extract from `len` bytes of UTF-8 text (invalid bytes are replaced by
 * U+FFFD and reported in the result's warnings; NUL bytes likewise).
 * Returns NULL only when out of memory. Thread-safe. */
fakty_result *fakty_extract(const fakty_engine *e, const char *text, size_t len,
                            const fakty_doc_info *info);
void fakty_result_free(fakty_result *r);

enum {
    FAKTY_JSON_PRETTY = 1,   /* indented output */
    FAKTY_JSON_EXPLAIN = 2   /* add "explain" to each fact and entity */
};

/* The result as a `fakty/1` JSON object (malloc'd, NUL-terminated; free with
 * free()). `meta_json`, if not NULL, is a JSON object placed at doc.meta. */
char *fakty_result_json(const fakty_result *r, unsigned flags, const char *meta_json);

size_t fakty_result_entities(const fakty_result *r);
size_t fakty_result_quantities(const fakty_result *r);
size_t fakty_result_dates(const fakty_result *r);
size_t fakty_result_facts(const fakty_result *r);
size_t fakty_result_warnings(const fakty_result *r);

const char *fakty_version(void);

#ifdef __cplusplus
}
#endif
#endif
