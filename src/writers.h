/* Per-document writers used by the command line. Each returns a malloc'd
 * string for one document (so workers can format in parallel and the
 * writer thread only prints). */
#ifndef FK_WRITERS_H
#define FK_WRITERS_H

#include "output.h"

/* CSV/TSV: one row per fact. sep is ',' or '\t'. */
const char *fk_table_header(char sep);          /* static string, ends in '\n' */
char *fk_table_rows(const fk_doc *d, char sep);  /* "" when the document has no facts */
/* Row for a document that failed. */
char *fk_table_error_row(const char *id, const char *path, const char *error, char sep);

/* HTML review page: head, one section per document, tail. */
char *fk_html_head(void);
char *fk_html_doc(const fk_doc *d, size_t index, unsigned flags);
/* The same with the JSONL record's other fields (doc.meta) listed under the title. */
char *fk_html_doc_meta(const fk_doc *d, size_t index, unsigned flags, const cJSON *meta);
char *fk_html_error(const char *id, const char *path, const char *error, size_t index);
/* The same for a JSONL record: lineno (1-based, 0 = none) is shown. */
char *fk_html_error_at(const char *id, const char *path, size_t lineno, const char *error, size_t index);
char *fk_html_tail(size_t ndocs);

#endif
