/* Vocabularies of fakty events, per language: how who-categories nest and
 * how sources rank. Formats (docs/events.md, "Data"):
 *
 *   rules/<lang>/events/categories.tsv   category<TAB>broader
 *       "police<TAB>people": police are people; "people<TAB>*": people are
 *       everyone (compared as a fact with no category).
 *   rules/<lang>/events/sources.tsv      kind<TAB>key<TAB>rank
 *       kind "subtype": the subtype of the source's entity (the gazetteer's
 *       third column: police, government, media, …); "word": a word of the
 *       source's text, case-folded, a final * matching any ending;
 *       "default": a named source of no listed kind (key "-"); "none": a
 *       fact with no source (key "-"). Ranks are 0–9, higher is better.
 *
 * A language without the files gets: no nesting, rank 2 for a source, 1
 * without one. Problems are reported with file:line:column once, and the
 * file's valid lines still count. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucasemap.h>
#include <unicode/ustring.h>

#include "events.h"

#define DEFAULT_RANK 2
#define NONE_RANK 1

typedef struct word_rank {
    char *word;     /* folded; prefix when star */
    size_t len;
    int star, rank;
} word_rank;

typedef struct lang_vocab {
    char *lang;
    fk_arena ar;
    fk_map *broader;      /* category -> broader category or "*" */
    fk_map *subtype_rank; /* subtype -> (rank + 1) cast to a pointer */
    FK_VEC(word_rank) words;
    int default_rank, none_rank;
} lang_vocab;

struct fk_evvocab {
    char *data_dir;
    FK_VEC(lang_vocab *) langs;
    UCaseMap *fold;
};

fk_evvocab *fk_evvocab_new(const char *data_dir)
{
    fk_evvocab *v = fk_xcalloc(1, sizeof *v);
    v->data_dir = fk_xstrdup(data_dir ? data_dir : ".");
    UErrorCode err = U_ZERO_ERROR;
    v->fold = ucasemap_open("", U_FOLD_CASE_DEFAULT, &err);
    return v;
}

void fk_evvocab_free(fk_evvocab *v)
{
    if (!v) return;
    for (size_t i = 0; i < v->langs.n; i++) {
        lang_vocab *L = v->langs.v[i];
        fk_map_free(L->broader);
        fk_map_free(L->subtype_rank);
        fk_vec_free(L->words);
        fk_arena_free(&L->ar);
        free(L->lang);
        free(L);
    }
    fk_vec_free(v->langs);
    if (v->fold) ucasemap_close(v->fold);
    free(v->data_dir);
    free(v);
}

static int open_optional(fk_lines *r, const char *path, fakty_diags *dg)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fclose(f);
    return fk_lines_open(r, path, dg);
}

static void load_categories(lang_vocab *L, const char *path, fakty_diags *dg)
{
    fk_lines r;
    if (open_optional(&r, path, dg) != 0) return;
    char *line;
    size_t len;
    while ((line = fk_lines_record(&r, &len))) {
        char *f[3];
        size_t n = fk_split(line, '\t', f, 3);
        if (n != 2 || !*f[0] || !*f[1]) {
            fk_lines_error(&r, line, line, "expected: category<TAB>broader category (or *)");
            continue;
        }
        int fresh;
        void **slot = fk_map_slot(L->broader, f[0], strlen(f[0]), &fresh);
        if (!fresh) {
            fk_lines_error(&r, line, line, "category \"%s\" is listed twice", f[0]);
            continue;
        }
        *slot = fk_arena_strdup(&L->ar, f[1]);
    }
    fk_lines_close(&r);
    /* a cycle would make who_below loop: check every chain ends */
    size_t idx = 0;
    const char *k;
    size_t kl;
    void *val;
    while (fk_map_next(L->broader, &idx, &k, &kl, &val)) {
        const char *c = val;
        int steps = 0;
        while (c && strcmp(c, "*") && steps < 64) {
            c = fk_map_get(L->broader, c, strlen(c));
            steps++;
        }
        if (steps >= 64) {
            fk_diag_add(dg, 1, path, 0, 0, "categories: \"%s\" is in a cycle", k);
            fk_map_free(L->broader);
            L->broader = fk_map_new();
            return;
        }
    }
}

static size_t fold_utf8(fk_evvocab *v, const char *s, size_t n, char *out, size_t cap)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t m = v->fold ? ucasemap_utf8FoldCase(v->fold, out, (int32_t)cap, s, (int32_t)n, &err) : -1;
    if (m < 0 || U_FAILURE(err) || (size_t)m >= cap) {
        size_t k = n < cap - 1 ? n : cap - 1;
        memcpy(out, s, k);
        out[k] = 0;
        return k;
    }
    out[m] = 0;
    return (size_t)m;
}

static void load_sources(fk_evvocab *v, lang_vocab *L, const char *path, fakty_diags *dg)
{
    fk_lines r;
    if (open_optional(&r, path, dg) != 0) return;
    char *line;
    size_t len;
    while ((line = fk_lines_record(&r, &len))) {
        char *f[4];
        size_t n = fk_split(line, '\t', f, 4);
        if (n != 3) {
            fk_lines_error(&r, line, line, "expected: kind<TAB>key<TAB>rank");
            continue;
        }
        char *end;
        long rank = strtol(f[2], &end, 10);
        if (*end || end == f[2] || rank < 0 || rank > 9) {
            fk_lines_error(&r, line, f[2], "rank: expected a number from 0 to 9");
            continue;
        }
        if (!strcmp(f[0], "default")) L->default_rank = (int)rank;
        else if (!strcmp(f[0], "none")) L->none_rank = (int)rank;
        else if (!strcmp(f[0], "subtype")) {
            int fresh;
            void **slot = fk_map_slot(L->subtype_rank, f[1], strlen(f[1]), &fresh);
            *slot = (void *)(intptr_t)(rank + 1);
        } else if (!strcmp(f[0], "word")) {
            size_t wl = strlen(f[1]);
            int star = wl && f[1][wl - 1] == '*';
            if (star) wl--;
            if (!wl) {
                fk_lines_error(&r, line, f[1], "empty word");
                continue;
            }
            char buf[256];
            size_t fl = fold_utf8(v, f[1], wl, buf, sizeof buf);
            word_rank w = {fk_arena_strndup(&L->ar, buf, fl), fl, star, (int)rank};
            fk_vec_push(L->words, w);
        } else {
            fk_lines_error(&r, line, line, "kind: expected subtype, word, default or none");
        }
    }
    fk_lines_close(&r);
}

/* A language code is letters and hyphens (it becomes part of a path). */
static int lang_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || s[n] == '-' || s[n] == '_'))
            return 0;
    return n > 0 && n < 16;
}

static lang_vocab *lang_get(fk_evvocab *v, const char *lang, fakty_diags *dg)
{
    if (!lang || !lang_ok(lang)) lang = "pl";
    for (size_t i = 0; i < v->langs.n; i++)
        if (!strcmp(v->langs.v[i]->lang, lang)) return v->langs.v[i];
    lang_vocab *L = fk_xcalloc(1, sizeof *L);
    L->lang = fk_xstrdup(lang);
    fk_arena_init(&L->ar, 4096);
    L->broader = fk_map_new();
    L->subtype_rank = fk_map_new();
    L->default_rank = DEFAULT_RANK;
    L->none_rank = NONE_RANK;
    char *p = fk_xasprintf("%s/rules/%s/events/categories.tsv", v->data_dir, lang);
    load_categories(L, p, dg);
    free(p);
    p = fk_xasprintf("%s/rules/%s/events/sources.tsv", v->data_dir, lang);
    load_sources(v, L, p, dg);
    free(p);
    fk_vec_push(v->langs, L);
    return L;
}

const char *fk_evvocab_who(fk_evvocab *v, const char *lang, const char *category, fakty_diags *dg)
{
    if (!category || !*category) return NULL;
    lang_vocab *L = lang_get(v, lang, dg);
    const char *up = fk_map_get(L->broader, category, strlen(category));
    return up && !strcmp(up, "*") ? NULL : category;
}

int fk_evvocab_who_below(fk_evvocab *v, const char *lang, const char *narrow, const char *wide,
                         fakty_diags *dg)
{
    if (narrow && wide && !strcmp(narrow, wide)) return 0;
    if (!narrow && !wide) return 0;
    if (!narrow) return -1;   /* anyone is below no category */
    lang_vocab *L = lang_get(v, lang, dg);
    int depth = 0;
    const char *c = narrow;
    while (c && depth < 64) {
        const char *up = fk_map_get(L->broader, c, strlen(c));
        depth++;
        /* the top, or a category that covers everyone: anyone is here */
        const char *upup = up && strcmp(up, "*") ? fk_map_get(L->broader, up, strlen(up)) : NULL;
        if (!up || !strcmp(up, "*") || (upup && !strcmp(upup, "*"))) return wide ? -1 : depth;
        if (wide && !strcmp(up, wide)) return depth;
        c = up;
    }
    return -1;
}

static int word_rank_of(fk_evvocab *v, lang_vocab *L, const char *text)
{
    int best = -1;
    if (!text || !L->words.n) return best;
    char buf[1024];
    size_t n = fold_utf8(v, text, strlen(text), buf, sizeof buf);
    size_t i = 0;
    while (i < n) {
        /* words: runs of bytes that are not ASCII space or punctuation */
        while (i < n && (unsigned char)buf[i] < 0x80 && !((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= '0' && buf[i] <= '9')))
            i++;
        size_t s = i;
        while (i < n && ((unsigned char)buf[i] >= 0x80 || (buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= '0' && buf[i] <= '9')))
            i++;
        size_t wl = i - s;
        if (!wl) continue;
        for (size_t k = 0; k < L->words.n; k++) {
            const word_rank *w = &L->words.v[k];
            if (w->rank <= best) continue;
            if (w->star ? (wl >= w->len && !memcmp(buf + s, w->word, w->len))
                        : (wl == w->len && !memcmp(buf + s, w->word, wl)))
                best = w->rank;
        }
    }
    return best;
}

int fk_evvocab_rank(fk_evvocab *v, const char *lang, const char *subtype, const char *text,
                    int has_source, fakty_diags *dg)
{
    lang_vocab *L = lang_get(v, lang, dg);
    if (!has_source) return L->none_rank;
    int best = -1;
    if (subtype) {
        void *r = fk_map_get(L->subtype_rank, subtype, strlen(subtype));
        if (r) best = (int)(intptr_t)r - 1;
    }
    int w = word_rank_of(v, L, text);
    if (w > best) best = w;
    return best >= 0 ? best : L->default_rank;
}

void fk_evvocab_preload(fk_evvocab *v, fakty_diags *dg)
{
    char *dir = fk_xasprintf("%s/rules", v->data_dir);
    DIR *d = opendir(dir);
    free(dir);
    if (!d) return;
    struct dirent *de;
    FK_VEC(char *) langs = {0};
    while ((de = readdir(d)))
        if (de->d_name[0] != '.' && lang_ok(de->d_name)) fk_vec_push(langs, fk_xstrdup(de->d_name));
    closedir(d);
    for (size_t i = 0; i < langs.n; i++) {
        lang_get(v, langs.v[i], dg);
        free(langs.v[i]);
    }
    fk_vec_free(langs);
}
