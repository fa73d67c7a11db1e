/* STUB — to be replaced by the real module. */
#include <stdlib.h>

#include "engine.h"

struct fk_gaz {
    int unused;
};

int fk_gaz_load(fk_engine *e, fakty_diags *diags)
{
    FK_UNUSED(diags);
    e->gaz = fk_xcalloc(1, sizeof *e->gaz);
    return 0;
}

void fk_gaz_free(fk_gaz *x) { free(x); }

void fk_gaz_run(const fk_engine *e, fk_doc *d)
{
    FK_UNUSED(e);
    FK_UNUSED(d);
}
