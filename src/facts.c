/* STUB — to be replaced by the real module. */
#include <stdlib.h>

#include "engine.h"

struct fk_factrules {
    int unused;
};

int fk_facts_load(fk_engine *e, fakty_diags *diags)
{
    FK_UNUSED(diags);
    e->facts = fk_xcalloc(1, sizeof *e->facts);
    return 0;
}

void fk_facts_free(fk_factrules *x) { free(x); }

void fk_facts_run(const fk_engine *e, fk_doc *d)
{
    FK_UNUSED(e);
    FK_UNUSED(d);
}
