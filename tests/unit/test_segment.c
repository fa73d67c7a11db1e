/* Tokenization and sentence segmentation on Polish text. Test texts are
 * the team's own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"

static fakty_engine *eng;

static int setup(void **state)
{
    (void)state;
    fakty_diags *dg = NULL;
    eng = fakty_engine_new(NULL, &dg);
    if (!eng) {
        for (size_t i = 0; i < fakty_diags_count(dg); i++)
            fprintf(stderr, "%s\n", fakty_diags_get(dg, i)->message);
    }
    fakty_diags_free(dg);
    return eng ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fakty_engine_free(eng);
    return 0;
}

static fk_doc *seg(const char *text)
{
    fk_doc *d = fk_doc_new(eng, text, strlen(text), NULL);
    fk_tokenize(eng, d);
    fk_segment(eng, d);
    return d;
}

/* The sentence texts, joined by " | ". */
static char *sentences(const fk_doc *d)
{
    size_t cap = d->len + 4 * d->sents.n + 1, o = 0;
    char *out = fk_xmalloc(cap);
    for (size_t i = 0; i < d->sents.n; i++) {
        if (i) memcpy(out + o, " | ", 3), o += 3;
        size_t n = d->sents.v[i].end - d->sents.v[i].start;
        memcpy(out + o, d->text + d->sents.v[i].start, n);
        o += n;
    }
    out[o] = 0;
    return out;
}

static void expect_sentences(const char *text, const char *want)
{
    fk_doc *d = seg(text);
    char *got = sentences(d);
    assert_string_equal(got, want);
    free(got);
    fk_doc_free(d);
}

static void test_abbreviations(void **state)
{
    (void)state;
    expect_sentences("Na miejsce przyjechał gen. Nowak. Rozmawiał z mieszkańcami.",
                     "Na miejsce przyjechał gen. Nowak. | Rozmawiał z mieszkańcami.");
    expect_sentences("Do szpitala trafiło ok. 300 osób. Lekarze pracują bez przerwy.",
                     "Do szpitala trafiło ok. 300 osób. | Lekarze pracują bez przerwy.");
    expect_sentences("Protestowali m.in. rolnicy i kierowcy. Policja obserwowała przemarsz.",
                     "Protestowali m.in. rolnicy i kierowcy. | Policja obserwowała przemarsz.");
    expect_sentences("Mieszka przy ul. Długiej w Gdańsku. Sąsiedzi go znają.",
                     "Mieszka przy ul. Długiej w Gdańsku. | Sąsiedzi go znają.");
    expect_sentences("Msza odbyła się w kościele św. Anny. Przyszło wielu wiernych.",
                     "Msza odbyła się w kościele św. Anny. | Przyszło wielu wiernych.");
    expect_sentences("Zebrano 12 tys. podpisów pod petycją. Trafi ona do Sejmu.",
                     "Zebrano 12 tys. podpisów pod petycją. | Trafi ona do Sejmu.");
}

static void test_year_abbreviation(void **state)
{
    (void)state;
    /* "r." ends a sentence before a capital letter, not before lower case */
    expect_sentences("Most otwarto 3 maja 2021 r. Kosztował fortunę.",
                     "Most otwarto 3 maja 2021 r. | Kosztował fortunę.");
    expect_sentences("W 2021 r. w regionie padał rekord upałów.",
                     "W 2021 r. w regionie padał rekord upałów.");
    /* "tys." before a capital also ends one */
    expect_sentences("Na wiec przyszło 20 tys. Organizatorzy byli zadowoleni.",
                     "Na wiec przyszło 20 tys. | Organizatorzy byli zadowoleni.");
}

static void test_initials_and_paragraphs(void **state)
{
    (void)state;
    expect_sentences("Wniosek podpisał J. Kowalski z zarządu. Reszta milczała.",
                     "Wniosek podpisał J. Kowalski z zarządu. | Reszta milczała.");
    expect_sentences("Burza nad miastem\nW nocy zerwało dachy.",
                     "Burza nad miastem | W nocy zerwało dachy.");
    /* a hard-wrapped line continues the sentence */
    expect_sentences("Strażacy wyjeżdżali do\nzalanych piwnic przez całą noc.",
                     "Strażacy wyjeżdżali do\nzalanych piwnic przez całą noc.");
    expect_sentences("Czy ktoś to widział? Nikt nie wie!", "Czy ktoś to widział? | Nikt nie wie!");
}

static void test_tokens(void **state)
{
    (void)state;
    fk_doc *d = seg("W Nur-Sułtanie jest ponad 2 600 żołnierzy, a 38-letni kierowca…");
    /* W | Nur-Sułtanie | jest | ponad | 2 | 600 | żołnierzy | , | a | 38 | - | letni | kierowca | … */
    assert_int_equal(d->toks.n, 14);
    assert_int_equal(d->toks.v[1].kind, FK_TOK_WORD);
    assert_true(d->toks.v[1].flags & FK_TF_HYPHEN);
    assert_true(d->toks.v[1].flags & FK_TF_UPPER);
    assert_string_equal(fk_tok_fold(d, 1), "nur-sułtanie");
    assert_int_equal(d->toks.v[4].kind, FK_TOK_NUMBER);
    assert_int_equal(d->toks.v[5].kind, FK_TOK_NUMBER);
    assert_true(d->toks.v[5].flags & FK_TF_SPACE);
    assert_int_equal(d->toks.v[9].kind, FK_TOK_NUMBER);
    assert_false(d->toks.v[10].flags & FK_TF_SPACE);
    assert_int_equal(d->toks.v[10].kind, FK_TOK_PUNCT);
    fk_doc_free(d);

    /* non-breaking space between digit groups is recorded */
    d = seg("zatrzymano 5\xC2\xA0" "135 osób");
    assert_int_equal(d->toks.v[2].kind, FK_TOK_NUMBER);
    assert_true(d->toks.v[2].flags & FK_TF_NBSP);
    fk_doc_free(d);

    d = seg("MSW i ODKB oraz Ż");
    assert_true(d->toks.v[0].flags & FK_TF_ALLUPPER);
    assert_true(d->toks.v[2].flags & FK_TF_ALLUPPER);
    assert_false(d->toks.v[4].flags & FK_TF_ALLUPPER); /* one letter */
    assert_string_equal(fk_tok_fold(d, 2), "odkb");
    fk_doc_free(d);
}

static void test_offsets(void **state)
{
    (void)state;
    const char *t = "Łódź — ósmy dzień. Żółw.";
    fk_doc *d = seg(t);
    fk_doc_index(d);
    /* "Żółw" starts at code point 19 */
    size_t i = fk_doc_tok_at(d, (uint32_t)(strstr(t, "Żółw") - t));
    assert_int_equal(fk_doc_cp(d, d->toks.v[i].start), 19);
    assert_int_equal(fk_doc_cp(d, d->toks.v[i].end), 23);
    assert_int_equal(d->sents.n, 2);
    fk_doc_free(d);
}

static void test_overlong_sentence(void **state)
{
    (void)state;
    /* 1000 words and no punctuation: cut into sentences of at most 400 tokens */
    size_t n = 1000;
    char *t = fk_xmalloc(n * 4 + 1);
    for (size_t i = 0; i < n; i++) memcpy(t + i * 4, "ala ", 4);
    t[n * 4] = 0;
    fk_doc *d = seg(t);
    assert_int_equal(d->toks.n, n);
    assert_int_equal(d->sents.n, 3);
    for (size_t i = 0; i < d->sents.n; i++) assert_true(d->sents.v[i].tok1 - d->sents.v[i].tok0 <= 400);
    assert_int_equal(d->warnings.n, 1);
    fk_doc_free(d);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_year_abbreviation),
        cmocka_unit_test(test_initials_and_paragraphs),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_overlong_sentence),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
