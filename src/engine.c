/* Engine loading: resolve the data pack, then let each module load. */
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FAKTY_DATADIR
#define FAKTY_DATADIR "/usr/local/share/fakty"
#endif
#ifndef FAKTY_SOURCE_DIR
#define FAKTY_SOURCE_DIR "."
#endif
#ifndef FAKTY_VERSION
#define FAKTY_VERSION "0.1.0"
#endif

const char *fakty_version(void) { return FAKTY_VERSION; }

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_rel(const void *a, const void *b)
{
    return strcmp(((const fk_pack_file *)a)->rel, ((const fk_pack_file *)b)->rel);
}

/* Add every regular file under dir (recursively) with rel names prefixed
 * by `prefix`; a file with an existing rel replaces it. Hidden files and
 * editor backups (~) are skipped. */
static void walk(fk_pack *p, void *vecp, const char *dir, const char *prefix, int recurse,
                 const char *only_suffix, fakty_diags *diags)
{
    FK_VEC(fk_pack_file) *vec = vecp;
    DIR *d = opendir(dir);
    if (!d) {
        fk_diag_add(diags, 1, dir, 0, 0, "cannot open directory: %s", strerror(errno));
        return;
    }
    FK_VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        size_t nl = strlen(de->d_name);
        if (nl && de->d_name[nl - 1] == '~') continue;
        fk_vec_push(names, fk_xstrdup(de->d_name));
    }
    closedir(d);
    for (size_t i = 0; i < names.n; i++) {
        char *path = fk_xasprintf("%s/%s", dir, names.v[i]);
        char *rel = fk_xasprintf("%s%s", prefix, names.v[i]);
        struct stat st;
        if (stat(path, &st) != 0) {
            fk_diag_add(diags, 1, path, 0, 0, "cannot stat: %s", strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            if (recurse) {
                char *sub = fk_xasprintf("%s/", rel);
                walk(p, vec, path, sub, recurse, only_suffix, diags);
                free(sub);
            }
        } else if (!only_suffix || (strlen(rel) >= strlen(only_suffix) &&
                                    !strcmp(rel + strlen(rel) - strlen(only_suffix), only_suffix))) {
            size_t j;
            for (j = 0; j < vec->n; j++)
                if (!strcmp(vec->v[j].rel, rel)) break;
            if (j < vec->n) {
                free(vec->v[j].path);
                vec->v[j].path = path;
                free(rel);
                path = rel = NULL;
            } else {
                fk_pack_file f = {rel, path};
                fk_vec_push(*vec, f);
                path = rel = NULL;
            }
        }
        free(path);
        free(rel);
        free(names.v[i]);
    }
    fk_vec_free(names);
}

/* gazetteers/<lang>/order.txt lists table file names, one a line: those
 * load first, in that order (hand-written tables before generated ones, so
 * their names win); unlisted tables follow in name order. */
static void order_gazetteers(fk_pack *p, const char *gdir, fakty_diags *diags)
{
    char *path = fk_xasprintf("%s/order.txt", gdir);
    struct stat st;
    if (stat(path, &st) != 0) {
        free(path);
        return;
    }
    fk_lines r;
    if (fk_lines_open(&r, path, diags) != 0) {
        free(path);
        return;
    }
    size_t placed = 0;
    char *line;
    size_t len;
    while ((line = fk_lines_next(&r, &len))) {
        line = fk_trim(line);
        if (!*line || *line == '#') continue;
        size_t j;
        for (j = placed; j < p->gazetteers.n; j++)
            if (!strcmp(p->gazetteers.v[j].rel, line)) break;
        if (j == p->gazetteers.n) {
            int earlier = 0;
            for (size_t k = 0; k < placed; k++) earlier |= !strcmp(p->gazetteers.v[k].rel, line);
            fk_lines_error(&r, line, line, earlier ? "\"%s\" is listed twice" : "no table \"%s\" in %s",
                           line, gdir);
            continue;
        }
        fk_pack_file f = p->gazetteers.v[j];
        memmove(p->gazetteers.v + placed + 1, p->gazetteers.v + placed, (j - placed) * sizeof f);
        p->gazetteers.v[placed++] = f;
    }
    fk_lines_close(&r);
    free(path);
}

static void pack_free(fk_pack *p)
{
    for (size_t i = 0; i < p->rules.n; i++) free(p->rules.v[i].rel), free(p->rules.v[i].path);
    for (size_t i = 0; i < p->gazetteers.n; i++)
        free(p->gazetteers.v[i].rel), free(p->gazetteers.v[i].path);
    for (size_t i = 0; i < p->inflection.n; i++)
        free(p->inflection.v[i].rel), free(p->inflection.v[i].path);
    fk_vec_free(p->rules);
    fk_vec_free(p->gazetteers);
    fk_vec_free(p->inflection);
    free(p->lang);
    free(p->data_dir);
}

static char *find_data_dir(const char *given, const char *lang)
{
    const char *cands[4] = {given, getenv("FAKTY_DATA"), FAKTY_DATADIR, FAKTY_SOURCE_DIR};
    for (int i = 0; i < 4; i++) {
        if (!cands[i] || !*cands[i]) continue;
        if (i == 0 || i == 1) return fk_xstrdup(cands[i]); /* explicit: use even if broken */
        char *r = fk_xasprintf("%s/rules/%s", cands[i], lang);
        int ok = is_dir(r);
        free(r);
        if (ok) return fk_xstrdup(cands[i]);
    }
    return NULL;
}

static int pack_build(fk_pack *p, const fakty_options *opt, fakty_diags *diags)
{
    memset(p, 0, sizeof *p);
    p->lang = fk_xstrdup(opt && opt->lang ? opt->lang : "pl");
    if (!(opt && opt->no_builtin)) {
        p->data_dir = find_data_dir(opt ? opt->data_dir : NULL, p->lang);
        if (!p->data_dir) {
            fk_diag_add(diags, 1, NULL, 0, 0,
                        "cannot find the built-in data (rules/%s); set FAKTY_DATA or --data",
                        p->lang);
            return -1;
        }
        char *rd = fk_xasprintf("%s/rules/%s", p->data_dir, p->lang);
        char *gd = fk_xasprintf("%s/gazetteers/%s", p->data_dir, p->lang);
        char *id = fk_xasprintf("%s/gazetteers/%s/inflection", p->data_dir, p->lang);
        if (!is_dir(rd)) fk_diag_add(diags, 1, rd, 0, 0, "not a directory");
        else walk(p, &p->rules, rd, "", 1, NULL, diags);
        if (is_dir(gd)) walk(p, &p->gazetteers, gd, "", 0, ".tsv", diags);
        if (is_dir(id)) walk(p, &p->inflection, id, "", 1, NULL, diags);
        if (p->gazetteers.n) qsort(p->gazetteers.v, p->gazetteers.n, sizeof *p->gazetteers.v, cmp_rel);
        order_gazetteers(p, gd, diags);
        free(rd);
        free(gd);
        free(id);
    }
    for (size_t i = 0; opt && i < opt->n_rule_dirs; i++) {
        if (!is_dir(opt->rule_dirs[i])) {
            fk_diag_add(diags, 1, opt->rule_dirs[i], 0, 0, "rules: not a directory");
            continue;
        }
        walk(p, &p->rules, opt->rule_dirs[i], "", 1, NULL, diags);
    }
    /* --gazetteer files come first: the first entry of an id names it, so a
     * user's table can rename built-in entities */
    for (size_t i = opt ? opt->n_gazetteers : 0; i-- > 0;) {
        fk_pack_file f = {fk_xasprintf("+%zu:%s", i, opt->gazetteers[i]),
                          fk_xstrdup(opt->gazetteers[i])};
        fk_vec_push(p->gazetteers, f);
        memmove(p->gazetteers.v + 1, p->gazetteers.v, (p->gazetteers.n - 1) * sizeof *p->gazetteers.v);
        p->gazetteers.v[0] = f;
    }
    if (p->rules.n) qsort(p->rules.v, p->rules.n, sizeof *p->rules.v, cmp_rel);
    if (p->inflection.n) qsort(p->inflection.v, p->inflection.n, sizeof *p->inflection.v, cmp_rel);
    return diags && diags->errors ? -1 : 0;
}

const char *fk_pack_rule(const fk_pack *p, const char *rel)
{
    for (size_t i = 0; i < p->rules.n; i++)
        if (!strcmp(p->rules.v[i].rel, rel)) return p->rules.v[i].path;
    return NULL;
}

const fk_pack_file *fk_pack_rules_next(const fk_pack *p, const char *prefix, const char *suffix,
                                       size_t *idx)
{
    size_t pl = strlen(prefix), sl = strlen(suffix);
    while (*idx < p->rules.n) {
        const fk_pack_file *f = &p->rules.v[(*idx)++];
        size_t rl = strlen(f->rel);
        if (rl >= sl && !strncmp(f->rel, prefix, pl) && !strcmp(f->rel + rl - sl, suffix)) return f;
    }
    return NULL;
}

static void engine_free(fk_engine *e)
{
    if (!e) return;
    fk_facts_free(e->facts);
    fk_dat_free(e->dat);
    fk_num_free(e->num);
    fk_gaz_free(e->gaz);
    fk_seg_free(e->seg);
    pack_free(&e->pack);
    free(e);
}

static fk_engine *engine_load(const fakty_options *opt, fakty_diags *diags)
{
    fk_engine *e = fk_xcalloc(1, sizeof *e);
    if (pack_build(&e->pack, opt, diags) != 0) {
        engine_free(e);
        return NULL;
    }
    /* Every module loads even after another failed, so that `fakty check`
     * reports all problems at once. */
    int rc = 0;
    rc |= fk_seg_load(e, diags);
    rc |= fk_num_load(e, diags);
    rc |= fk_dat_load(e, diags);
    rc |= fk_gaz_load(e, diags);
    rc |= fk_facts_load(e, diags);
    if (rc || diags->errors) {
        engine_free(e);
        return NULL;
    }
    return e;
}

fakty_engine *fakty_engine_new(const fakty_options *opt, fakty_diags **out)
{
    fakty_diags *diags = fk_diags_new();
    fk_engine *e = engine_load(opt, diags);
    if (out) *out = diags;
    else fakty_diags_free(diags);
    return e;
}

void fakty_engine_free(fakty_engine *e) { engine_free(e); }

const char *fakty_engine_lang(const fakty_engine *e) { return e->pack.lang; }

fakty_diags *fakty_check(const fakty_options *opt)
{
    fakty_diags *diags = fk_diags_new();
    fk_engine *e = engine_load(opt, diags);
    engine_free(e);
    return diags;
}
