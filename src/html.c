/* STUB — the review page is written by the HTML module owner (issue 8). */
#include <stdlib.h>

#include "writers.h"

char *fk_html_head(void) { return fk_xstrdup("<!doctype html>\n<html><body>\n"); }

char *fk_html_doc(const fk_doc *d, size_t index, unsigned flags)
{
    FK_UNUSED(flags);
    return fk_xasprintf("<section id=\"doc%zu\"><p>%zu facts</p></section>\n", index, d->facts.n);
}

char *fk_html_error(const char *id, const char *path, const char *error, size_t index)
{
    FK_UNUSED(id);
    FK_UNUSED(path);
    FK_UNUSED(error);
    return fk_xasprintf("<section id=\"doc%zu\" class=\"error\"></section>\n", index);
}

char *fk_html_tail(size_t ndocs)
{
    FK_UNUSED(ndocs);
    return fk_xstrdup("</body></html>\n");
}
