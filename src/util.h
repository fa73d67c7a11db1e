/* Small shared utilities: growable arrays, an arena, string hashing,
 * diagnostics and a line reader for data files. No language knowledge. */
#ifndef FK_UTIL_H
#define FK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fakty.h"

#define FK_UNUSED(x) ((void)(x))

/* Abort on out-of-memory: callers never see NULL from these. */
void *fk_xmalloc(size_t n);
void *fk_xcalloc(size_t n, size_t sz);
void *fk_xrealloc(void *p, size_t n);
char *fk_xstrdup(const char *s);
char *fk_xstrndup(const char *s, size_t n);
char *fk_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- growable array: struct { T *v; size_t n, cap; } ---------------- */
#define FK_VEC(T) struct { T *v; size_t n, cap; }
#define fk_vec_push(vec, item)                                                \
    do {                                                                      \
        if ((vec).n == (vec).cap) {                                           \
            (vec).cap = (vec).cap ? (vec).cap * 2 : 16;                       \
            (vec).v = fk_xrealloc((vec).v, (vec).cap * sizeof *(vec).v);      \
        }                                                                     \
        (vec).v[(vec).n++] = (item);                                          \
    } while (0)
#define fk_vec_free(vec) do { free((vec).v); (vec).v = NULL; (vec).n = (vec).cap = 0; } while (0)

/* ---- arena: bump allocator, freed at once --------------------------- */
typedef struct fk_arena_block fk_arena_block;
typedef struct fk_arena {
    fk_arena_block *head;
    size_t block_size;
} fk_arena;

void fk_arena_init(fk_arena *a, size_t block_size);
size_t fk_arena_bytes(const fk_arena *a);              /* memory held (all blocks) */
void *fk_arena_alloc(fk_arena *a, size_t n);           /* 8-byte aligned, zeroed */
char *fk_arena_strndup(fk_arena *a, const char *s, size_t n);
char *fk_arena_strdup(fk_arena *a, const char *s);
char *fk_arena_printf(fk_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *fk_arena_vprintf(fk_arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* a + sep + b in the arena (what fk_arena_printf "%s<sep>%s" gives, faster). */
char *fk_arena_join(fk_arena *ar, const char *a, char sep, const char *b);
/* "file:line" in the arena (the `rule` of data-file entries). */
char *fk_arena_loc(fk_arena *ar, const char *file, unsigned line);
void fk_arena_free(fk_arena *a);

/* ---- string builder ------------------------------------------------------ */
/* A growing NUL-terminated string; {0} is empty. */
typedef struct fk_sb {
    char *p;
    size_t n, cap;
} fk_sb;
void fk_sb_grow(fk_sb *b, size_t extra);
void fk_sb_putn(fk_sb *b, const char *s, size_t n);
void fk_sb_puts(fk_sb *b, const char *s);
void fk_sb_putu(fk_sb *b, unsigned long v);
void fk_sb_printf(fk_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The string (malloc'd; "" when nothing was written); b is left empty. */
char *fk_sb_take(fk_sb *b);

/* ---- hashing --------------------------------------------------------- */
uint64_t fk_hash(const void *data, size_t len);
/* fk_hash in steps, for hashing every prefix of a string in one pass:
 * fk_hash(p, n) == fk_hash_final(fk_hash_step(...fk_hash_step(FK_HASH_INIT, p[0])..., p[n-1])). */
#define FK_HASH_INIT 1469598103934665603ULL
static inline uint64_t fk_hash_step(uint64_t h, unsigned char c) { return (h ^ c) * 1099511628211ULL; }
static inline uint64_t fk_hash_final(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/* String -> pointer hash map (keys copied into the map's arena). */
typedef struct fk_map fk_map;
fk_map *fk_map_new(void);
void fk_map_free(fk_map *m);
/* Returns the slot's value pointer; *inserted tells whether it is new (value NULL). */
void **fk_map_slot(fk_map *m, const char *key, size_t klen, int *inserted);
/* As fk_map_slot with hash == fk_hash(key, klen) already computed. */
void **fk_map_slot_h(fk_map *m, const char *key, size_t klen, uint64_t hash, int *inserted);
void *fk_map_get(const fk_map *m, const char *key, size_t klen);
/* As fk_map_get with hash == fk_hash(key, klen) already computed. */
void *fk_map_get_h(const fk_map *m, const char *key, size_t klen, uint64_t hash);
size_t fk_map_size(const fk_map *m);
/* Iterate: idx from 0; returns 0 at the end. */
int fk_map_next(const fk_map *m, size_t *idx, const char **key, size_t *klen, void **val);

/* ---- diagnostics ----------------------------------------------------- */
struct fakty_diags {
    FK_VEC(fakty_diag) items;
    fk_arena arena;
    size_t errors;
};
fakty_diags *fk_diags_new(void);
void fk_diag_add(fakty_diags *d, int is_error, const char *file, unsigned line,
                 unsigned col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void fk_diag_vadd(fakty_diags *d, int is_error, const char *file, unsigned line,
                  unsigned col, const char *fmt, va_list ap);

/* ---- data files ------------------------------------------------------ */
/* Reads a UTF-8 text data file line by line. Lines are returned without the
 * trailing newline (and without '\r'). Invalid UTF-8, NUL bytes and
 * unreadable files are reported to diags with file:line:column. */
typedef struct fk_lines {
    const char *path;
    char *buf;            /* whole file, NUL-terminated */
    size_t len, pos;
    unsigned lineno;      /* number of the line last returned */
    fakty_diags *diags;
} fk_lines;

/* Returns 0 on success, -1 if the file cannot be read (already reported). */
int fk_lines_open(fk_lines *r, const char *path, fakty_diags *diags);
/* Next line: returns pointer into the buffer (NUL-terminated, writable) and
 * its length, or NULL at EOF. Lines with invalid UTF-8 are reported and
 * skipped. */
char *fk_lines_next(fk_lines *r, size_t *len);
/* The next record: the next line that is neither empty nor a # comment. */
char *fk_lines_record(fk_lines *r, size_t *len);
void fk_lines_close(fk_lines *r);
/* Report a problem at a column of the current line; `at` points into the
 * line returned by fk_lines_next (column computed in code points). */
void fk_lines_error(fk_lines *r, const char *line, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void fk_lines_warn(fk_lines *r, const char *line, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Split `s` in place at `sep`; fields[] point into s. Returns the count
 * (at most max; the last field keeps the rest). */
size_t fk_split(char *s, char sep, char **fields, size_t max);
/* Trim ASCII spaces/tabs in place. */
char *fk_trim(char *s);

/* Read a whole file (or stdin for "-"): returns malloc'd buffer, NUL-
 * terminated; -1 on error with errno set. */
int fk_read_file(const char *path, char **out, size_t *len);

/* ---- UTF-8 ------------------------------------------------------------ */
/* Number of code points in s[0..n) (assumes valid UTF-8). */
size_t fk_utf8_count(const char *s, size_t n);
/* Returns byte offset of the first invalid sequence, or (size_t)-1 if valid.
 * NUL bytes count as invalid when nul_invalid is set. */
size_t fk_utf8_check(const char *s, size_t n, int nul_invalid);

#endif
