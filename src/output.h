/* Output writers shared by the library and the command line. */
#ifndef FK_OUTPUT_H
#define FK_OUTPUT_H

#include <cjson/cJSON.h>

#include "engine.h"

/* The fakty/1 object for a document as text (malloc'd, NUL-terminated),
 * written directly (no cJSON tree); indented like cJSON_Print with
 * FAKTY_JSON_PRETTY, else like cJSON_PrintUnformatted. `meta` (may be NULL;
 * not adopted) is printed as doc.meta. With `newline`, a '\n' ends the text.
 * `len` (may be NULL) receives the length. */
char *fk_doc_json_text(const fk_doc *d, unsigned flags, const cJSON *meta, int newline, size_t *len);

/* The same object as a cJSON tree (parsed back from the text; for callers
 * that want to inspect or extend it); `meta` (may be NULL) is consumed. */
cJSON *fk_doc_json(const fk_doc *d, unsigned flags, cJSON *meta);
/* Print with or without indentation (malloc'd). */
char *fk_json_print(cJSON *j, unsigned flags);

#endif
