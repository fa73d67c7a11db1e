/* A string-keyed hash table for indexes built once at load time and read
 * afterwards (from any number of threads). Unlike fk_map it takes the
 * key's hash from the caller (fk_hash of the key's bytes: often known
 * already, or computed while the key is built) and does not copy the key:
 * its bytes must stay where they are (an arena) while the table lives. It
 * stays at most half full, so a look-up rarely probes more than twice. */
#ifndef FK_HTAB_H
#define FK_HTAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct fk_htab_ent {
    const char *key;     /* NULL: free */
    uint32_t klen;
    uint32_t h32;        /* the hash's high half: the slot and a quick check */
    void *val;
} fk_htab_ent;

typedef struct fk_htab {
    fk_htab_ent *e;
    size_t cap, n;       /* cap: 0 or a power of two */
} fk_htab;

/* An empty table is all zeros. */
void fk_htab_free(fk_htab *t);
/* The value slot of key (hash h); a new one is NULL with *inserted = 1. */
void **fk_htab_slot(fk_htab *t, const char *key, size_t klen, uint64_t h, int *inserted);
/* The same, but a new key is first copied into the arena (for keys built
 * in a buffer). */
struct fk_arena;
void **fk_htab_slot_copy(fk_htab *t, const char *key, size_t klen, uint64_t h, struct fk_arena *a,
                         int *inserted);
/* Room for n keys without growing. */
void fk_htab_reserve(fk_htab *t, size_t n);
/* Iterate: *idx from 0; returns 0 at the end. */
int fk_htab_next(const fk_htab *t, size_t *idx, const char **key, size_t *klen, void **val);
void *fk_htab_get(const fk_htab *t, const char *key, size_t klen, uint64_t h);
static inline size_t fk_htab_size(const fk_htab *t) { return t->n; }

#endif
