/* STUB — to be replaced by the real module. */
#include <stdlib.h>

#include "engine.h"

struct fk_num {
    int unused;
};

int fk_num_load(fk_engine *e, fakty_diags *diags)
{
    FK_UNUSED(diags);
    e->num = fk_xcalloc(1, sizeof *e->num);
    return 0;
}

void fk_num_free(fk_num *x) { free(x); }

void fk_num_run(const fk_engine *e, fk_doc *d)
{
    FK_UNUSED(e);
    FK_UNUSED(d);
}
