/* fk_sb_printf (src/util.c), used by the HTML writer: its own path for the
 * common conversions (%s %d %u %zu %%) must print what snprintf prints,
 * and every other format must still go through vsnprintf.
 * Exit 0 pass, 1 fail. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int failures;

#define CHECK(...)                                                                 \
    do {                                                                           \
        fk_sb b = {0};                                                             \
        fk_sb_puts(&b, "pre:");                                                    \
        fk_sb_printf(&b, __VA_ARGS__);                                             \
        char ref[4096] = "pre:";                                                   \
        snprintf(ref + 4, sizeof ref - 4, __VA_ARGS__);                            \
        char *got = fk_sb_take(&b);                                                \
        if (strcmp(got, ref) != 0) {                                               \
            failures++;                                                            \
            fprintf(stderr, "FAIL: %s: got [%s] want [%s]\n", #__VA_ARGS__, got, ref); \
        }                                                                          \
        free(got);                                                                 \
    } while (0)

int main(void)
{
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    CHECK("%s", "");
    CHECK("plain text, no conversions");
    CHECK("%%");
    CHECK("100%% of %s%%", "it");
    CHECK("%s", "abc");
    const char *volatile none = NULL; /* (volatile: the compiler would warn about a literal NULL) */
    CHECK("%s|%s", none, "x");
    CHECK("%d %d %d %d %d", 0, -1, 7, INT_MIN, INT_MAX);
    CHECK("%u %u %u", 0u, 42u, UINT_MAX);
    CHECK("%zu %zu %zu", (size_t)0, (size_t)12345, SIZE_MAX);
    CHECK("<span class=\"role role-%s\" data-role=\"%s\" data-fact=\"%d\"", "who", "who", 17);
    CHECK(" data-kind=\"%s\" data-index=\"%d\" data-start=\"%u\" data-end=\"%u\" title=\"", "ent", 3, 12u, 4000000000u);
    CHECK("%s (%s) #%zu: %s", "PER", "person", (size_t)12, "Jan \xc5\xbb");
    CHECK("%s%s%s", big, big, "end");
    CHECK("%s%d", big, -5);
    /* formats for vsnprintf */
    CHECK("%04d-%02d-%02d", 2024, 3, 7);
    CHECK("%5d|%-5s|%x|%c|%.3s", 42, "ab", 255u, 'q', "abcdef");
    CHECK("%s %.15g", big, 0.1);
    CHECK("%ld %lu", -5L, 5UL);
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
