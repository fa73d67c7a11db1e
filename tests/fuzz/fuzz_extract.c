/* libFuzzer target: the whole extraction on arbitrary bytes, plus every
 * output writer. The engine (built-in pack from the source tree) is loaded
 * once. */
#include <stdint.h>
#include <stdlib.h>

#include "writers.h"

static fakty_engine *eng;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!eng) {
        eng = fakty_engine_new(NULL, NULL);
        if (!eng) abort();
    }
    fakty_doc_info info = {"fuzz", NULL, "2022-01-10"};
    fakty_result *r = fakty_extract(eng, (const char *)data, size, &info);
    char *j = fakty_result_json(r, FAKTY_JSON_EXPLAIN, NULL);
    free(j);
    char *t = fk_table_rows(r, ',');
    free(t);
    char *h = fk_html_doc(r, 0, 0);
    free(h);
    fakty_result_free(r);
    return 0;
}
