#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- allocation ---------------------------------------------------- */

static void oom(void)
{
    fputs("fakty: out of memory\n", stderr);
    abort();
}

void *fk_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom();
    return p;
}

void *fk_xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);
    if (!p) oom();
    return p;
}

void *fk_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) oom();
    return p;
}

char *fk_xstrndup(const char *s, size_t n)
{
    char *p = fk_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *fk_xstrdup(const char *s) { return fk_xstrndup(s, strlen(s)); }

char *fk_xasprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = fk_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

/* ---- arena ------------------------------------------------------------ */

struct fk_arena_block {
    fk_arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

void fk_arena_init(fk_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
}

size_t fk_arena_bytes(const fk_arena *a)
{
    size_t n = 0;
    for (const fk_arena_block *b = a->head; b; b = b->next) n += b->size;
    return n;
}

/* n bytes, 8-byte aligned, not zeroed. */
static void *arena_raw(fk_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!a->block_size) a->block_size = 64 * 1024;
    if (!a->head || a->head->size - a->head->used < n) {
        size_t sz = n > a->block_size ? n : a->block_size;
        fk_arena_block *b = fk_xmalloc(sizeof *b + sz);
        b->next = a->head;
        b->used = 0;
        b->size = sz;
        a->head = b;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

void *fk_arena_alloc(fk_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    void *p = arena_raw(a, n);
    memset(p, 0, n);
    return p;
}

char *fk_arena_strndup(fk_arena *a, const char *s, size_t n)
{
    char *p = arena_raw(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *fk_arena_strdup(fk_arena *a, const char *s) { return fk_arena_strndup(a, s, strlen(s)); }

char *fk_arena_join(fk_arena *ar, const char *a, char sep, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = fk_arena_alloc(ar, la + lb + 2);
    memcpy(p, a, la);
    p[la] = sep;
    memcpy(p + la + 1, b, lb + 1);
    return p;
}

char *fk_arena_loc(fk_arena *ar, const char *file, unsigned line)
{
    char num[16];
    size_t n = 0;
    do num[sizeof num - 1 - n++] = (char)('0' + line % 10);
    while ((line /= 10));
    size_t lf = strlen(file);
    char *p = arena_raw(ar, lf + 1 + n + 1);
    memcpy(p, file, lf);
    p[lf] = ':';
    memcpy(p + lf + 1, num + sizeof num - n, n);
    p[lf + 1 + n] = 0;
    return p;
}

char *fk_arena_vprintf(fk_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *p = fk_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *fk_arena_printf(fk_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = fk_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void fk_arena_free(fk_arena *a)
{
    fk_arena_block *b = a->head;
    while (b) {
        fk_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
}

/* ---- string builder ---------------------------------------------------- */

void fk_sb_grow(fk_sb *b, size_t extra)
{
    if (b->n + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + extra + 1) cap *= 2;
    b->p = fk_xrealloc(b->p, cap);
    b->cap = cap;
}

void fk_sb_putn(fk_sb *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) fk_sb_grow(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

void fk_sb_puts(fk_sb *b, const char *s) { fk_sb_putn(b, s, strlen(s)); }

void fk_sb_putu(fk_sb *b, unsigned long v)
{
    char t[24];
    size_t n = 0;
    do t[sizeof t - 1 - n++] = (char)('0' + v % 10);
    while ((v /= 10));
    fk_sb_putn(b, t + sizeof t - n, n);
}

/* Most formats use only %s, %d, %u, %zu and %%: those are written here
 * (vsnprintf costs far more than the copies); anything else (widths,
 * precisions, other conversions) goes to vsnprintf. */
static int sb_simple_format(const char *f)
{
    while ((f = strchr(f, '%'))) {
        f++;
        if (*f == 's' || *f == 'd' || *f == 'u' || *f == '%') f++;
        else if (f[0] == 'z' && f[1] == 'u') f += 2;
        else return 0;
    }
    return 1;
}

static void sb_simple_printf(fk_sb *b, const char *f, va_list ap)
{
    fk_sb_grow(b, 0); /* (an empty result is still a string) */
    const char *pct;
    while ((pct = strchr(f, '%'))) {
        fk_sb_putn(b, f, (size_t)(pct - f));
        f = pct + 2;
        switch (pct[1]) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            fk_sb_puts(b, s ? s : "(null)"); /* as glibc prints it */
            break;
        }
        case 'd': {
            long v = va_arg(ap, int);
            if (v < 0) fk_sb_putn(b, "-", 1);
            fk_sb_putu(b, v < 0 ? 0UL - (unsigned long)v : (unsigned long)v);
            break;
        }
        case 'u': fk_sb_putu(b, va_arg(ap, unsigned)); break;
        case 'z': f++; fk_sb_putu(b, va_arg(ap, size_t)); break;
        default: fk_sb_putn(b, "%", 1); break;
        }
    }
    fk_sb_puts(b, f);
}

void fk_sb_printf(fk_sb *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    if (sb_simple_format(fmt)) {
        sb_simple_printf(b, fmt, ap);
        va_end(ap);
        return;
    }
    /* format straight into the free space; only when that is too small,
     * grow and format again */
    va_copy(ap2, ap);
    fk_sb_grow(b, 64);
    int n = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    if (n > 0 && (size_t)n >= b->cap - b->n) {
        fk_sb_grow(b, (size_t)n);
        vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap2);
    }
    if (n > 0) b->n += (size_t)n;
    else b->p[b->n] = 0;
    va_end(ap2);
}

char *fk_sb_take(fk_sb *b)
{
    char *p = b->p ? b->p : fk_xstrdup("");
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}

/* ---- hashing: FNV-1a 64 with a final mix ------------------------------ */

uint64_t fk_hash(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = FK_HASH_INIT;
    for (size_t i = 0; i < len; i++) h = fk_hash_step(h, p[i]);
    return fk_hash_final(h);
}

/* ---- open-addressing string map ---------------------------------------- */

typedef struct {
    const char *key;
    uint32_t klen;
    uint64_t hash;
    void *val;
} fk_map_entry;

/* Every map keeps a Bloom filter of its keys' hashes, 4 bits a slot and two
 * probes: a key that is absent — most lookups of a document's words — is
 * then answered from a small bit array, without walking a probe sequence
 * (long at 3/4 load) through the slot array. */

struct fk_map {
    fk_map_entry *slots;
    size_t cap, n;
    uint64_t *bloom;     /* cap * 4 bits */
    fk_arena arena;
};

static inline void bloom_set(fk_map *m, uint64_t h)
{
    size_t mask = m->cap * 4 - 1;
    size_t a = (size_t)(h >> 20) & mask, b = (size_t)(h >> 40) & mask;
    m->bloom[a >> 6] |= 1ULL << (a & 63);
    m->bloom[b >> 6] |= 1ULL << (b & 63);
}

static inline int bloom_has(const fk_map *m, uint64_t h)
{
    size_t mask = m->cap * 4 - 1;
    size_t a = (size_t)(h >> 20) & mask, b = (size_t)(h >> 40) & mask;
    return ((m->bloom[a >> 6] >> (a & 63)) & (m->bloom[b >> 6] >> (b & 63)) & 1) != 0;
}

fk_map *fk_map_new(void)
{
    fk_map *m = fk_xcalloc(1, sizeof *m);
    m->cap = 64;
    m->slots = fk_xcalloc(m->cap, sizeof *m->slots);
    m->bloom = fk_xcalloc(m->cap * 4 / 64, sizeof *m->bloom);
    fk_arena_init(&m->arena, 256 * 1024);
    return m;
}

void fk_map_free(fk_map *m)
{
    if (!m) return;
    free(m->slots);
    free(m->bloom);
    fk_arena_free(&m->arena);
    free(m);
}

static void map_grow(fk_map *m)
{
    size_t ncap = m->cap * 2;
    fk_map_entry *ns = fk_xcalloc(ncap, sizeof *ns);
    for (size_t i = 0; i < m->cap; i++) {
        fk_map_entry *e = &m->slots[i];
        if (!e->key) continue;
        size_t j = e->hash & (ncap - 1);
        while (ns[j].key) j = (j + 1) & (ncap - 1);
        ns[j] = *e;
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    free(m->bloom);
    m->bloom = fk_xcalloc(ncap * 4 / 64, sizeof *m->bloom);
    for (size_t i = 0; i < ncap; i++)
        if (ns[i].key) bloom_set(m, ns[i].hash);
}

void **fk_map_slot(fk_map *m, const char *key, size_t klen, int *inserted)
{
    return fk_map_slot_h(m, key, klen, fk_hash(key, klen), inserted);
}

void **fk_map_slot_h(fk_map *m, const char *key, size_t klen, uint64_t h, int *inserted)
{
    if ((m->n + 1) * 4 >= m->cap * 3) map_grow(m);
    size_t j = h & (m->cap - 1);
    for (;;) {
        fk_map_entry *e = &m->slots[j];
        if (!e->key) {
            e->key = fk_arena_strndup(&m->arena, key, klen);
            e->klen = (uint32_t)klen;
            e->hash = h;
            e->val = NULL;
            m->n++;
            bloom_set(m, h);
            if (inserted) *inserted = 1;
            return &e->val;
        }
        if (e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0) {
            if (inserted) *inserted = 0;
            return &e->val;
        }
        j = (j + 1) & (m->cap - 1);
    }
}

void *fk_map_get(const fk_map *m, const char *key, size_t klen)
{
    return fk_map_get_h(m, key, klen, fk_hash(key, klen));
}

/* Equal keys of length n (short keys compared inline, a word at a time). */
static inline int key_eq(const char *a, const char *b, size_t n)
{
    if (n > 24) return memcmp(a, b, n) == 0;
    uint64_t x, y;
    for (; n >= 8; a += 8, b += 8, n -= 8) {
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y) return 0;
    }
    for (; n; n--)
        if (*a++ != *b++) return 0;
    return 1;
}

void *fk_map_get_h(const fk_map *m, const char *key, size_t klen, uint64_t h)
{
    if (!bloom_has(m, h)) return NULL;
    size_t j = h & (m->cap - 1);
    for (;;) {
        const fk_map_entry *e = &m->slots[j];
        if (!e->key) return NULL;
        if (e->hash == h && e->klen == klen && key_eq(e->key, key, klen)) return e->val;
        j = (j + 1) & (m->cap - 1);
    }
}

size_t fk_map_size(const fk_map *m) { return m->n; }

int fk_map_next(const fk_map *m, size_t *idx, const char **key, size_t *klen, void **val)
{
    while (*idx < m->cap) {
        const fk_map_entry *e = &m->slots[(*idx)++];
        if (e->key) {
            if (key) *key = e->key;
            if (klen) *klen = e->klen;
            if (val) *val = e->val;
            return 1;
        }
    }
    return 0;
}

/* ---- diagnostics ---------------------------------------------------- */

fakty_diags *fk_diags_new(void)
{
    fakty_diags *d = fk_xcalloc(1, sizeof *d);
    fk_arena_init(&d->arena, 16 * 1024);
    return d;
}

void fk_diag_vadd(fakty_diags *d, int is_error, const char *file, unsigned line,
                  unsigned col, const char *fmt, va_list ap)
{
    if (!d) return;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *msg = fk_arena_alloc(&d->arena, (size_t)n + 1);
    vsnprintf(msg, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    fakty_diag x = {file ? fk_arena_strdup(&d->arena, file) : NULL, line, col, is_error, msg};
    fk_vec_push(d->items, x);
    if (is_error) d->errors++;
}

void fk_diag_add(fakty_diags *d, int is_error, const char *file, unsigned line,
                 unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fk_diag_vadd(d, is_error, file, line, col, fmt, ap);
    va_end(ap);
}

size_t fakty_diags_count(const fakty_diags *d) { return d ? d->items.n : 0; }
const fakty_diag *fakty_diags_get(const fakty_diags *d, size_t i)
{
    return d && i < d->items.n ? &d->items.v[i] : NULL;
}
size_t fakty_diags_errors(const fakty_diags *d) { return d ? d->errors : 0; }
void fakty_diags_free(fakty_diags *d)
{
    if (!d) return;
    fk_vec_free(d->items);
    fk_arena_free(&d->arena);
    free(d);
}

/* ---- UTF-8 ------------------------------------------------------------ */

/* UTF-8 continuation bytes (10xxxxxx) among the top k (1..8) bytes of x:
 * bit 7 set and bit 6 clear, summed by one multiplication. */
static inline size_t cont_top(uint64_t x, size_t k)
{
    x &= ~0ULL << (64 - 8 * k);
    uint64_t c = x & ~(x << 1) & 0x8080808080808080ULL;
    return (size_t)(((c >> 7) * 0x0101010101010101ULL) >> 56);
}

size_t fk_utf8_count(const char *s, size_t n)
{
    /* code points = bytes that are not continuation bytes, counted a word
     * at a time */
    size_t cont = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        cont += cont_top(x, 8);
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* the last few bytes: the top of the word that ends with them, or two
     * overlapping halves when the string is shorter than a word */
    if (i < n && n >= 8) {
        uint64_t x;
        memcpy(&x, s + n - 8, 8);
        cont += cont_top(x, n - i);
        i = n;
    } else if (i < n && n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4);
        cont += cont_top((uint64_t)lo << 32, 4);
        if (n > 4) cont += cont_top((uint64_t)hi << 32, n - 4);
        i = n;
    }
#endif
    for (; i < n; i++) cont += ((unsigned char)s[i] & 0xC0) == 0x80;
    return n - cont;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0;            /* overlong */
        if (c == 0xED && s[1] >= 0xA0) return 0;           /* surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0;
        if (c == 0xF4 && s[1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}

size_t fk_utf8_check(const char *str, size_t n, int nul_invalid)
{
    const unsigned char *s = (const unsigned char *)str;
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    size_t i = 0;
    while (i < n) {
        /* eight ASCII bytes (and no NUL among them, when NUL is invalid) at
         * a time; else on to the first byte that is not (the lowest flag
         * is exact: a has-zero test only errs above a true zero) */
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            uint64_t m = w & highs;
            if (nul_invalid) m |= (w - ones) & ~w & highs;
            if (!m) {
                i += 8;
                continue;
            }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            i += (size_t)__builtin_ctzll(m) >> 3;
#endif
        }
        unsigned c = s[i];
        if (c < 0x80) {
            if (!c && nul_invalid) return i;
            i++;
            continue;
        }
        if (c >= 0xC2 && c < 0xE0 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) { /* two bytes: most letters */
            i += 2;
            continue;
        }
        size_t k = utf8_seq(s + i, n - i);
        if (!k) return i;
        i += k;
    }
    return (size_t)-1;
}

/* ---- files ------------------------------------------------------------- */

int fk_read_file(const char *path, char **out, size_t *len)
{
    int stdin_ = strcmp(path, "-") == 0;
    int fd = stdin_ ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    /* a regular file's size is known: one buffer, read until the end */
    struct stat st;
    size_t cap = 1 << 16, n = 0, size = 0;
    if (!stdin_ && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX / 2)
        size = (size_t)st.st_size, cap = size + 4096;
    char *buf = fk_xmalloc(cap);
    int err = 0;
    for (;;) {
        if (cap - n < 4096) {
            cap *= 2;
            buf = fk_xrealloc(buf, cap);
        }
        ssize_t k = read(fd, buf + n, cap - n - 1);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            err = errno ? errno : EIO;
            break;
        }
        if (k == 0) break;
        n += (size_t)k;
        if (size && n == size) break; /* the whole file as it was when opened */
    }
    if (!stdin_) close(fd);
    if (err) {
        free(buf);
        errno = err;
        return -1;
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return 0;
}

int fk_lines_open(fk_lines *r, const char *path, fakty_diags *diags)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->diags = diags;
    if (fk_read_file(path, &r->buf, &r->len) != 0) {
        fk_diag_add(diags, 1, path, 0, 0, "cannot read: %s", strerror(errno));
        return -1;
    }
    /* a UTF-8 byte-order mark is allowed at the start */
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
    return 0;
}

char *fk_lines_record(fk_lines *r, size_t *len)
{
    char *line;
    while ((line = fk_lines_next(r, len)) && (!*len || *line == '#')) {}
    return line;
}

char *fk_lines_next(fk_lines *r, size_t *len)
{
    while (r->pos < r->len) {
        char *line = r->buf + r->pos;
        char *nl = memchr(line, '\n', r->len - r->pos);
        size_t n = nl ? (size_t)(nl - line) : r->len - r->pos;
        r->pos += n + (nl ? 1 : 0);
        r->lineno++;
        line[n] = 0;
        if (n && line[n - 1] == '\r') line[--n] = 0;
        size_t bad = fk_utf8_check(line, n, 1);
        if (bad != (size_t)-1) {
            unsigned col = (unsigned)fk_utf8_count(line, bad) + 1;
            if (line[bad])
                fk_diag_add(r->diags, 1, r->path, r->lineno, col,
                            "invalid UTF-8 byte 0x%02X; line ignored", (unsigned char)line[bad]);
            else
                fk_diag_add(r->diags, 1, r->path, r->lineno, col, "NUL byte; line ignored");
            continue;
        }
        if (len) *len = n;
        return line;
    }
    return NULL;
}

void fk_lines_close(fk_lines *r)
{
    free(r->buf);
    r->buf = NULL;
}

static void lines_report(fk_lines *r, int is_error, const char *line, const char *at,
                         const char *fmt, va_list ap)
{
    unsigned col = 0;
    if (line && at && at >= line) col = (unsigned)fk_utf8_count(line, (size_t)(at - line)) + 1;
    fk_diag_vadd(r->diags, is_error, r->path, r->lineno, col, fmt, ap);
}

void fk_lines_error(fk_lines *r, const char *line, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lines_report(r, 1, line, at, fmt, ap);
    va_end(ap);
}

void fk_lines_warn(fk_lines *r, const char *line, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lines_report(r, 0, line, at, fmt, ap);
    va_end(ap);
}

size_t fk_split(char *s, char sep, char **fields, size_t max)
{
    size_t n = 0;
    if (!max) return 0;
    fields[n++] = s;
    while (n < max) {
        char *p = strchr(s, sep);
        if (!p) break;
        *p = 0;
        s = p + 1;
        fields[n++] = s;
    }
    return n;
}

char *fk_trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
    return s;
}
