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

static void resize(fk_htab *t, size_t ncap)
{
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

static void grow(fk_htab *t) { resize(t, t->cap ? t->cap * 2 : 64); }

void fk_htab_reserve(fk_htab *t, size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n) cap *= 2;
    if (cap > t->cap) resize(t, cap);
}

void **fk_htab_slot_copy(fk_htab *t, const char *key, size_t klen, uint64_t h, fk_arena *a, int *inserted)
{
    int ins;
    void **v = fk_htab_slot(t, key, klen, h, &ins);
    if (ins) { /* the entry holding v: its key becomes the copy */
        fk_htab_ent *e = (fk_htab_ent *)((char *)v - offsetof(fk_htab_ent, val));
        e->key = fk_arena_strndup(a, key, klen);
    }
    if (inserted) *inserted = ins;
    return v;
}

int fk_htab_next(const fk_htab *t, size_t *idx, const char **key, size_t *klen, void **val)
{
    while (*idx < t->cap) {
        const fk_htab_ent *e = &t->e[(*idx)++];
        if (e->key) {
            *key = e->key;
            *klen = e->klen;
            *val = e->val;
            return 1;
        }
    }
    return 0;
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
