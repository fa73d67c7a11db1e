/* The engine: loaded once, immutable afterwards. Each annotator module
 * owns an opaque state struct hung off the engine, loaded from the pack. */
#ifndef FK_ENGINE_H
#define FK_ENGINE_H

#include "doc.h"

/* The resolved set of data files.
 * Rule files: every regular file under <data>/rules/<lang>/ (recursively),
 * keyed by its path relative to that directory ("numbers.tsv",
 * "lists/who.txt"); a file of the same relative name in a --rules DIR
 * replaces it, other files there are added.
 * Gazetteer files: every *.tsv under <data>/gazetteers/<lang>/ (not in
 * subdirectories) plus each --gazetteer FILE; inflection data: every file
 * under <data>/gazetteers/<lang>/inflection/. */
typedef struct fk_pack_file {
    char *rel;    /* relative name, '/'-separated */
    char *path;   /* path to open */
} fk_pack_file;

typedef struct fk_pack {
    char *lang;
    char *data_dir;
    FK_VEC(fk_pack_file) rules;       /* sorted by rel */
    FK_VEC(fk_pack_file) gazetteers;  /* in load order */
    FK_VEC(fk_pack_file) inflection;  /* sorted by rel */
} fk_pack;

/* Path of rule file `rel`, or NULL if the pack has none. */
const char *fk_pack_rule(const fk_pack *p, const char *rel);
/* Iterate over rule files whose rel name ends with `suffix` (e.g. ".rules")
 * and starts with `prefix` (may be ""): *idx from 0, returns NULL at end. */
const fk_pack_file *fk_pack_rules_next(const fk_pack *p, const char *prefix,
                                       const char *suffix, size_t *idx);

/* Module states (each defined in its own .c file). */
typedef struct fk_seg fk_seg;          /* segment.c   */
typedef struct fk_gaz fk_gaz;          /* gazetteer.c */
typedef struct fk_num fk_num;          /* numbers.c   */
typedef struct fk_dat fk_dat;          /* dates.c     */
typedef struct fk_factrules fk_factrules; /* facts.c  */

struct fakty_engine {
    fk_pack pack;
    fk_seg *seg;
    fk_gaz *gaz;
    fk_num *num;
    fk_dat *dat;
    fk_factrules *facts;
};

/* Module interface. load: read files from the pack, report every problem to
 * diags (file:line:col) and return 0, or -1 on a fatal error. A module whose
 * files are absent loads as empty. run: annotate the document (must be
 * thread-safe: the module state is read-only here). */
int fk_seg_load(fk_engine *e, fakty_diags *diags);
void fk_seg_free(fk_seg *s);
void fk_tokenize(const fk_engine *e, fk_doc *d);      /* fills toks, folds */
void fk_segment(const fk_engine *e, fk_doc *d);       /* fills sents, tok.sentence */

int fk_gaz_load(fk_engine *e, fakty_diags *diags);
void fk_gaz_free(fk_gaz *g);
void fk_gaz_run(const fk_engine *e, fk_doc *d);       /* fills ents */

int fk_num_load(fk_engine *e, fakty_diags *diags);
void fk_num_free(fk_num *n);
void fk_num_run(const fk_engine *e, fk_doc *d);       /* fills qtys */

int fk_dat_load(fk_engine *e, fakty_diags *diags);
void fk_dat_free(fk_dat *t);
void fk_dat_run(const fk_engine *e, fk_doc *d);       /* fills dates */

int fk_facts_load(fk_engine *e, fakty_diags *diags);
void fk_facts_free(fk_factrules *f);
void fk_facts_run(const fk_engine *e, fk_doc *d);     /* fills facts */

/* Run the whole pipeline on a document (extract.c). */
void fk_doc_run(const fk_engine *e, fk_doc *d);

#endif
