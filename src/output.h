/* Output writers shared by the library and the command line. */
#ifndef FK_OUTPUT_H
#define FK_OUTPUT_H

#include <cjson/cJSON.h>

#include "engine.h"

/* The fakty/1 object for a document; `meta` (may be NULL) is adopted. */
cJSON *fk_doc_json(const fk_doc *d, unsigned flags, cJSON *meta);
/* Print with or without indentation (malloc'd). */
char *fk_json_print(cJSON *j, unsigned flags);

#endif
