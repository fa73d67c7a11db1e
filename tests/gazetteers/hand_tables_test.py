#!/usr/bin/env python3
"""Format check for the hand-written Polish entity tables.

Usage: python3 tests/gazetteers/hand_tables_test.py [GAZETTEER_DIR]

Checks the hand-written tables listed in FILES (organizations.tsv, media.tsv,
people.tsv, places-extra.tsv, institutions.tsv, companies.tsv, sports.tsv,
geography.tsv, towns.tsv, culture.tsv) in
GAZETTEER_DIR (default: gazetteers/pl next to this repository) against the
format in docs/gazetteers.md:

  name  type  subtype  id  aliases  inflection  rank  flags

Besides the format itself, the hand tables follow two house rules: every
multi-word name (canonical or alias) carries an explicit inflection spec,
and ids must not give one entity two types.

Every problem is printed as file:line: message and makes the exit status 1.
Warnings (same surface form for two different entities at the same rank)
are printed with "warning:" and do not fail the test.
Python 3 standard library only.
"""

import os
import re
import sys

FILES = ["organizations.tsv", "media.tsv", "people.tsv", "places-extra.tsv",
         "institutions.tsv", "companies.tsv", "sports.tsv", "geography.tsv",
         "towns.tsv", "culture.tsv"]
TYPES = {"PER", "LOC", "ORG"}
GENDERS = {"m1", "m2", "m3", "f", "n", "p"}
FLAGS = {"nostart", "exact"}
ID_RE = re.compile(r"^[a-z][a-z0-9-]*:[^\s|{}]+$")
RANK_RE = re.compile(r"^-?[0-9]+$")
SPLIT_RE = re.compile(r"[ \-]")


def name_parts(name):
    """Parts of a name: split at spaces and at hyphens."""
    return SPLIT_RE.split(name)


def is_multiword(name):
    return len(name_parts(name)) > 1


def check_spec(spec, name):
    """Return a list of problems of spec for name ('' if spec is empty)."""
    if spec in ("", "-", "indecl"):
        return []
    problems = []
    codes = spec.split(" ")
    for code in codes:
        if code in ("N", "A", "="):
            continue
        if code.startswith("N:") and code[2:] in GENDERS:
            continue
        problems.append("bad inflection code %r in %r" % (code, spec))
    parts = name_parts(name)
    if len(codes) != len(parts):
        problems.append(
            "inflection %r has %d codes but %r has %d parts"
            % (spec, len(codes), name, len(parts)))
    return problems


def check_name(name, what):
    problems = []
    if name == "" or name == "-":
        problems.append("empty %s" % what)
        return problems
    if name != name.strip():
        problems.append("%s %r has leading or trailing spaces" % (what, name))
    if "  " in name or "\t" in name:
        problems.append("%s %r has a double space or a tab" % (what, name))
    if any(p == "" for p in name_parts(name.strip())):
        problems.append("%s %r has an empty part (space or hyphen at an edge)"
                        % (what, name))
    if any(c in name for c in "|{}"):
        problems.append("%s %r contains one of | { }" % (what, name))
    return problems


def parse_alias(alias):
    """Split 'Name{spec}' into (name, spec or None, problem or None)."""
    if "{" in alias or "}" in alias:
        m = re.match(r"^([^{}]*)\{([^{}]*)\}$", alias)
        if not m:
            return alias, None, "alias %r: unbalanced or misplaced {spec}" % alias
        return m.group(1), m.group(2), None
    return alias, None, None


def check_file(path, label, ids, surfaces, problems):
    nrec = 0
    with open(path, encoding="utf-8") as f:
        data = f.read()
    if data.startswith("\ufeff"):
        problems.append("%s:1: byte order mark at the start of the file" % label)
        data = data[1:]
    if data and not data.endswith("\n"):
        problems.append("%s: no newline at the end of the file" % label)
    for lineno, line in enumerate(data.split("\n"), 1):
        if line.endswith("\r"):
            problems.append("%s:%d: CR line ending" % (label, lineno))
            line = line[:-1]
        if line.strip() == "" or line.startswith("#"):
            continue
        where = "%s:%d" % (label, lineno)

        def bad(msg):
            problems.append("%s: %s" % (where, msg))

        fields = line.split("\t")
        if len(fields) < 2:
            bad("need at least name and type (TAB-separated), got %d field(s)"
                % len(fields))
            continue
        if len(fields) > 8:
            bad("%d fields, at most 8 allowed" % len(fields))
            continue
        fields += [""] * (8 - len(fields))
        name, typ, subtype, eid, aliases, spec, rank, flags = fields
        nrec += 1
        for i, v in enumerate(fields):
            if v != v.strip():
                bad("field %d has leading or trailing spaces" % (i + 1))
        for p in check_name(name, "name"):
            bad(p)
        if typ not in TYPES:
            bad("type %r is not PER, LOC or ORG" % typ)
        if subtype in ("", "-"):
            bad("no subtype")
        elif not re.match(r"^[a-z][a-z0-9_-]*$", subtype):
            bad("subtype %r is not a lower-case word" % subtype)
        if eid in ("", "-"):
            bad("no id")
        elif not ID_RE.match(eid):
            bad("id %r is not scheme:value" % eid)
        else:
            prev = ids.get(eid)
            if prev is None:
                ids[eid] = (typ, where, name)
            elif prev[0] != typ:
                bad("id %s has type %s here but %s at %s"
                    % (eid, typ, prev[0], prev[1]))
            elif prev[2] == name:
                bad("id %s with the same name %r already at %s"
                    % (eid, name, prev[1]))
        for p in check_spec(spec, name):
            bad(p)
        if spec in ("", "-") and is_multiword(name):
            bad("multi-word name %r has no inflection spec" % name)
        forms = [name]
        if aliases not in ("", "-"):
            seen = set()
            for alias in aliases.split("|"):
                aname, aspec, err = parse_alias(alias)
                if err:
                    bad(err)
                    continue
                for p in check_name(aname, "alias"):
                    bad(p)
                if aspec is not None:
                    if aspec == "":
                        bad("alias %r has an empty {spec}" % aname)
                    for p in check_spec(aspec, aname):
                        bad("alias %r: %s" % (aname, p))
                elif is_multiword(aname):
                    bad("multi-word alias %r has no {spec}" % aname)
                if aname in seen or aname == name:
                    bad("alias %r repeated" % aname)
                seen.add(aname)
                forms.append(aname)
        if rank not in ("", "-") and not RANK_RE.match(rank):
            bad("rank %r is not an integer" % rank)
        if flags not in ("", "-"):
            for fl in flags.split(","):
                if fl not in FLAGS:
                    bad("unknown flag %r" % fl)
        r = int(rank) if RANK_RE.match(rank or "") else 0
        for form in forms:
            surfaces.setdefault((form, r), {}).setdefault(eid, where)
    if nrec == 0:
        problems.append("%s: no records" % label)
    return nrec


def main(argv):
    if len(argv) > 1:
        gdir = argv[1]
    else:
        here = os.path.dirname(os.path.abspath(__file__))
        gdir = os.path.join(here, "..", "..", "gazetteers", "pl")
    problems = []
    ids = {}
    surfaces = {}
    counts = {}
    for fn in FILES:
        path = os.path.join(gdir, fn)
        if not os.path.isfile(path):
            problems.append("%s: missing" % path)
            continue
        try:
            counts[fn] = check_file(path, path, ids, surfaces, problems)
        except UnicodeDecodeError as e:
            problems.append("%s: not UTF-8: %s" % (path, e))
    for (form, rank), owners in sorted(surfaces.items()):
        if len(owners) > 1:
            locs = ", ".join("%s (%s)" % (e, w) for e, w in owners.items())
            print("warning: %r at rank %d names several entities: %s"
                  % (form, rank, locs))
    for p in problems:
        print(p)
    summary = ", ".join("%s: %d" % (k, v) for k, v in counts.items())
    if problems:
        print("FAIL: %d problem(s); records %s" % (len(problems), summary))
        return 1
    print("OK: records %s" % summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
