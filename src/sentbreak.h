/* Sentence boundaries of Unicode UAX #29 (the default rules, as ICU's
 * sentence break iterator for the root locale gives them), computed
 * directly over UTF-8 with the Sentence_Break property from ICU.
 * tests/unit/test_sentbreak.c checks it against ICU's iterator. */
#ifndef FK_SENTBREAK_H
#define FK_SENTBREAK_H

#include <stddef.h>

typedef struct fk_sbrk_iter {
    const char *s;
    size_t n, i;
    int prev;     /* class of the last character before i (Extend and Format absorbed) */
    int done;
} fk_sbrk_iter;

/* Iterate over text s of n bytes (valid UTF-8, and s[n] == 0). */
void fk_sbrk_init(fk_sbrk_iter *it, const char *s, size_t n);
/* The next boundary after the previous one, as a byte offset (the last one
 * is n), like ubrk_next; (size_t)-1 when there are no more. Offset 0 (the
 * start) is never returned. */
size_t fk_sbrk_next(fk_sbrk_iter *it);

#endif
