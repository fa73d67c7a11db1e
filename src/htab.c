/* See htab.h. */
#include "htab.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void fk_htab_free(fk_htab *t)
{
    free(t->e);
    t->e = NULL;
    t->cap = t->n = 0;
}

static void grow(fk_htab *t)
{
    size_t ncap = t->cap ? t->cap * 2 : 64;
    fk_htab_ent *ne = fk_xcalloc(ncap, sizeof *ne);
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->e[i].key) continue;
        size_t j = t->e[i].h32 & (ncap - 1);
        while (ne[j].key) j = (j + 1) & (ncap - 1);
        ne[j] = t->e[i];
    }
    free(t->e);
    t->e = ne;
    t->cap = ncap;
}

void **fk_htab_slot(fk_htab *t, const char *key, size_t klen, uint64_t h, int *inserted)
{
    if ((t->n + 1) * 2 > t->cap) grow(t);
    uint32_t h32 = (uint32_t)(h >> 32);
    size_t mask = t->cap - 1;
    for (size_t j = h32 & mask;; j = (j + 1) & mask) {
        fk_htab_ent *e = &t->e[j];
        if (!e->key) {
            e->key = key;
            e->klen = (uint32_t)klen;
            e->h32 = h32;
            e->val = NULL;
            t->n++;
            if (inserted) *inserted = 1;
            return &e->val;
        }
        if (e->h32 == h32 && e->klen == klen && !memcmp(e->key, key, klen)) {
            if (inserted) *inserted = 0;
            return &e->val;
        }
    }
}

void *fk_htab_get(const fk_htab *t, const char *key, size_t klen, uint64_t h)
{
    if (!t->cap) return NULL;
    uint32_t h32 = (uint32_t)(h >> 32);
    size_t mask = t->cap - 1;
    for (size_t j = h32 & mask;; j = (j + 1) & mask) {
        const fk_htab_ent *e = &t->e[j];
        if (!e->key) return NULL;
        if (e->h32 == h32 && e->klen == klen && !memcmp(e->key, key, klen)) return e->val;
    }
}
