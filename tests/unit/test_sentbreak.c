/* fk_sbrk_next (src/segment.c) against ICU's sentence break iterator, the
 * reference it replaces: the same boundaries on random strings drawn from
 * every Sentence_Break class (with extra weight on the classes the rules
 * are about: terminators, closing punctuation, spaces, separators, Extend
 * and Format), on 1- to 4-byte UTF-8, and on fixed cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "sentbreak.h"

#define NCLASS (U_SB_COUNT)
#define PER_CLASS 24

/* sample code points of every class: the first ones found in a few
 * ranges (ASCII, Latin, General Punctuation, CJK symbols, supplementary
 * planes), so that every UTF-8 length occurs */
static UChar32 samples[NCLASS][PER_CLASS];
static int nsamples[NCLASS];

static void add_sample(UChar32 c)
{
    int k = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
    if (k < 0 || k >= NCLASS || nsamples[k] >= PER_CLASS) return;
    /* spread: at most 6 per range call */
    samples[k][nsamples[k]++] = c;
}

static void collect(UChar32 lo, UChar32 hi, int per)
{
    int got[NCLASS] = {0};
    for (UChar32 c = lo; c <= hi; c++) {
        int k = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
        if (k < 0 || k >= NCLASS || got[k] >= per) continue;
        if (U_IS_SURROGATE(c)) continue;
        got[k]++;
        add_sample(c);
    }
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)((rng >> 11) % n);
}

/* boundaries by ICU and by fk_sbrk_next; returns 1 when equal */
static int same(const char *s, size_t n, char *why, size_t whycap)
{
    UErrorCode err = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, s, (int64_t)n, &err);
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &err);
    ubrk_setUText(bi, ut, &err);
    if (U_FAILURE(err)) {
        snprintf(why, whycap, "ICU: %s", u_errorName(err));
        return 0;
    }
    fk_sbrk_iter it;
    fk_sbrk_init(&it, s, n);
    ubrk_first(bi);
    int ok = 1;
    for (;;) {
        int32_t a = ubrk_next(bi);
        size_t b = fk_sbrk_next(&it);
        if (a == UBRK_DONE && b == (size_t)-1) break;
        if (a == UBRK_DONE || b != (size_t)a) {
            snprintf(why, whycap, "ICU %d, fk_sbrk_next %zd", (int)a, (ssize_t)b);
            ok = 0;
            break;
        }
    }
    ubrk_close(bi);
    utext_close(ut);
    return ok;
}

static void report(const char *s, size_t n, const char *why)
{
    fprintf(stderr, "mismatch (%s) on:", why);
    for (size_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        fprintf(stderr, " U+%04X(%d)", (unsigned)c, u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK));
    }
    fprintf(stderr, "\n");
}

static void test_fixed(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",
        ".",
        "A. B",
        "Ala ma kota. Kot ma Al\xC4\x99.",
        "W 2022 r. policja zatrzyma\xC5\x82" "a 5 os\xC3\xB3" "b. Nast\xC4\x99pnie...",
        "etc. 5 dog\xC3\xB3w i tak dalej.",
        "Cz. 2.5 m.in. ul. Kr\xC3\xB3tka 3/5?! \xE2\x80\x9ETak\xE2\x80\x9D. Nie.",
        "U.S.A. Dalej (w nawiasie.) \"cytat.\" \xE2\x80\x94 my\xC5\x9Blnik. 1.5 i 2. miejsce",
        "Tekst\r\nz\rr\xC3\xB3\xC5\xBCnymi\n\nko\xC5\x84" "cami\xE2\x80\xA8linii\xC2\x85" "a. \r\n",
        "Koniec?  \n  Pocz\xC4\x85tek!) (a tu ma\xC5\x82\x65 litery.",
        "Wielokropek\xE2\x80\xA6 dalej. \xE3\x80\x82 CJK\xE3\x80\x82\xF0\x9F\x98\x80 emoji. \xF0\x9D\x90\x80.",
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char why[128];
        size_t n = strlen(cases[k]);
        if (!same(cases[k], n, why, sizeof why)) report(cases[k], n, why);
        assert_true(same(cases[k], n, why, sizeof why));
    }
}

static void test_random(void **state)
{
    (void)state;
    collect(0, 0x7F, 8);
    collect(0x80, 0x7FF, 6);
    collect(0x2000, 0x206F, 6);
    collect(0x3000, 0x30FF, 3);
    collect(0xFE00, 0xFFFF, 3);
    collect(0x10000, 0x1FFFF, 3);
    collect(0xE0000, 0xE01EF, 3);
    for (int k = 0; k < NCLASS; k++) assert_true(nsamples[k] > 0);
    /* weights by class: the rules' classes are drawn more often */
    int weight[NCLASS];
    for (int k = 0; k < NCLASS; k++) weight[k] = 2;
    weight[U_SB_ATERM] = 8;
    weight[U_SB_STERM] = 5;
    weight[U_SB_CLOSE] = 5;
    weight[U_SB_SP] = 6;
    weight[U_SB_LOWER] = 6;
    weight[U_SB_UPPER] = 6;
    weight[U_SB_EXTEND] = 3;
    weight[U_SB_FORMAT] = 3;
    int total = 0;
    for (int k = 0; k < NCLASS; k++) total += weight[k];
    char buf[64 * 4 + 1];
    long mismatches = 0;
    for (long iter = 0; iter < 300000; iter++) {
        size_t len = rnd(24), n = 0;
        for (size_t c = 0; c < len; c++) {
            int r = (int)rnd((uint32_t)total), k = 0;
            while (r >= weight[k]) r -= weight[k++];
            UChar32 cp = samples[k][rnd((uint32_t)nsamples[k])];
            U8_APPEND_UNSAFE(buf, n, cp);
        }
        buf[n] = 0;
        char why[128];
        if (!same(buf, n, why, sizeof why)) {
            if (mismatches < 10) report(buf, n, why);
            mismatches++;
        }
    }
    assert_int_equal(mismatches, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
