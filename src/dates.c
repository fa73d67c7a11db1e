/* STUB — to be replaced by the real module. */
#include <stdlib.h>

#include "engine.h"

struct fk_dat {
    int unused;
};

int fk_dat_load(fk_engine *e, fakty_diags *diags)
{
    FK_UNUSED(diags);
    e->dat = fk_xcalloc(1, sizeof *e->dat);
    return 0;
}

void fk_dat_free(fk_dat *x) { free(x); }

void fk_dat_run(const fk_engine *e, fk_doc *d)
{
    FK_UNUSED(e);
    FK_UNUSED(d);
}
