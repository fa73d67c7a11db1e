/* libFuzzer target: the data-file parsers (gazetteer tables and every rule
 * file kind). The first input byte picks the file name the data is loaded
 * as; the rest is the file's content. Only that file is loaded (no
 * built-in pack; inflection files go into a scratch data directory), so each
 * run is fast. Any problem must come back as a
 * diagnostic, never a crash, hang or leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fakty.h"

#ifndef FUZZ_NAMES
#error FUZZ_NAMES must list the rule file names to try
#endif
static const char *const names[] = {FUZZ_NAMES};

static char dir[64];

static void write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fwrite(data, 1, size, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/fakty-fuzz-%d", (int)getpid());
        mkdir(dir, 0700);
    }
    if (size < 1) return 0;
    size_t nnames = sizeof names / sizeof *names;
    size_t pick = data[0] % (nnames + 1);
    char path[256];
    fakty_options o = {0};
    o.no_builtin = 1;
    const char *dirs[1] = {dir};
    const char *gaz[1] = {path};
    if (pick == nnames) { /* a gazetteer table */
        snprintf(path, sizeof path, "%s/fuzz.tsv", dir);
        o.gazetteers = gaz;
        o.n_gazetteers = 1;
    } else if (names[pick][0] == '@') { /* inflection data: a data dir with only that file */
        char sub[256];
        snprintf(sub, sizeof sub, "%s/rules", dir), mkdir(sub, 0700);
        snprintf(sub, sizeof sub, "%s/rules/pl", dir), mkdir(sub, 0700);
        snprintf(sub, sizeof sub, "%s/gazetteers", dir), mkdir(sub, 0700);
        snprintf(sub, sizeof sub, "%s/gazetteers/pl", dir), mkdir(sub, 0700);
        snprintf(sub, sizeof sub, "%s/gazetteers/pl/inflection", dir), mkdir(sub, 0700);
        snprintf(path, sizeof path, "%s/%s", sub, names[pick] + 1);
        o.no_builtin = 0;
        o.data_dir = dir;
    } else {
        snprintf(path, sizeof path, "%s/%s", dir, names[pick]);
        char sub[256];
        snprintf(sub, sizeof sub, "%s", path);
        char *slash = strrchr(sub, '/');
        if (slash && slash > sub + strlen(dir)) { *slash = 0; mkdir(sub, 0700); }
        o.rule_dirs = dirs;
        o.n_rule_dirs = 1;
    }
    write_file(path, data + 1, size - 1);
    fakty_diags *dg = fakty_check(&o);
    for (size_t i = 0; i < fakty_diags_count(dg); i++) {
        const fakty_diag *x = fakty_diags_get(dg, i);
        if (!x->message) abort();
    }
    fakty_diags_free(dg);
    unlink(path);
    return 0;
}
