#!/usr/bin/env python3
"""Acceptance checker for the fakty test corpus (python3 stdlib only).

Usage:
    check.py FAKTY_BINARY ARTICLE.txt [-v]
    check.py FAKTY_BINARY --all DIR [-v]     (prints "N passed, N failed")
    check.py --lint DIR                      (checks the expectation files)

For ARTICLE.txt the expectations are read from ARTICLE.expect.json (same
stem).  The binary is run as `FAKTY_BINARY --date DATE ARTICLE.txt`; its
standard output must hold exactly one JSON object (schema fakty/1).  Every
mismatch is printed on its own line; the exit status is 0 only when
everything matches.  See README.md for the expectation format.
"""

import json
import os
import subprocess
import sys

FACT_COUNT_KEYS = ("value", "min", "max", "qualifier")
QUALIFIERS = {"exact", "more_than", "at_least", "less_than", "at_most",
              "about", "range", "vague"}
TIMEOUT = 60


def expect_path(article):
    base = article[:-4] if article.endswith(".txt") else article
    return base + ".expect.json"


def fmt_count(c):
    if not isinstance(c, dict):
        return repr(c)
    v = c.get("value")
    s = "%s" % ("null" if v is None else v)
    return "%s (min=%s max=%s qualifier=%s)" % (
        s, _n(c.get("min")), _n(c.get("max")), c.get("qualifier"))


def _n(x):
    return "null" if x is None else str(x)


def same_num(a, b):
    """Exact comparison; null and a number never match; 5 == 5.0."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return False
    return a == b


def count_of(fact):
    c = fact.get("count")
    return c if isinstance(c, dict) else {}


def count_matches(exp, fact):
    c = count_of(fact)
    if "type" in exp and fact.get("type") != exp["type"]:
        return False
    for k in ("value", "min", "max"):
        if k in exp and not same_num(exp[k], c.get(k)):
            return False
    if "qualifier" in exp and exp["qualifier"] != c.get("qualifier"):
        return False
    return True


def context_matches(spec, fact):
    """For optional/forbidden facts: evidence and who narrow the match."""
    if "evidence_contains" in spec and \
            spec["evidence_contains"] not in evidence_text(fact):
        return False
    if "who" in spec:
        who = fact.get("who")
        if not isinstance(who, dict) or who.get("category") != spec["who"]:
            return False
    return True


def evidence_text(fact):
    ev = fact.get("evidence")
    if isinstance(ev, dict) and isinstance(ev.get("text"), str):
        return ev["text"]
    return ""


def detail_problems(exp, fact):
    """Problems in the optional fields of a fact whose type+count matched."""
    probs = []
    ev = evidence_text(fact)
    if "evidence_contains" in exp and exp["evidence_contains"] not in ev:
        probs.append("evidence does not contain %r (evidence: %r)"
                     % (exp["evidence_contains"], ev))
    if "who" in exp:
        who = fact.get("who")
        got = who.get("category") if isinstance(who, dict) else None
        if got != exp["who"]:
            probs.append("who.category is %r, expected %r" % (got, exp["who"]))
    if "where" in exp:
        wh = fact.get("where")
        got = wh.get("name") if isinstance(wh, dict) else None
        if exp["where"] is None:
            if wh is not None:
                probs.append("where is %r, expected null" % (got,))
        elif got not in (exp["where"] if isinstance(exp["where"], list) else [exp["where"]]):
            # a list: the canonical name is a genuine convention choice
            probs.append("where.name is %r, expected %r" % (got, exp["where"]))
    if "when" in exp:
        wn = fact.get("when")
        got = wn.get("value") if isinstance(wn, dict) else None
        if got != exp["when"]:
            probs.append("when.value is %r, expected %r" % (got, exp["when"]))
    if "source" in exp:
        src = fact.get("source")
        want = exp["source"]
        if want is True and not isinstance(src, dict):
            probs.append("source is null, expected an attribution")
        elif want is False and src is not None:
            probs.append("source is %r, expected null" % (src,))
    if "source_contains" in exp:
        src = fact.get("source")
        st = src.get("text") if isinstance(src, dict) else None
        if not isinstance(st, str) or exp["source_contains"] not in st:
            probs.append("source.text is %r, expected it to contain %r"
                         % (st, exp["source_contains"]))
    if "source_name" in exp:
        src = fact.get("source")
        sn = src.get("name") if isinstance(src, dict) else None
        if sn != exp["source_name"]:
            probs.append("source.name is %r, expected %r"
                         % (sn, exp["source_name"]))
    if "count_text" in exp:
        ct = count_of(fact).get("text")
        if ct != exp["count_text"]:
            probs.append("count.text is %r, expected %r" % (ct, exp["count_text"]))
    return probs


def describe_exp(exp):
    s = "%s=%s" % (exp.get("type"), fmt_count(exp))
    if "evidence_contains" in exp:
        s += " [evidence %r]" % exp["evidence_contains"]
    return s


def describe_fact(f):
    return "%s=%s" % (f.get("type"), fmt_count(count_of(f)))


def check_facts(exp_doc, out, errs):
    facts = out.get("facts")
    if not isinstance(facts, list):
        errs.append("output has no 'facts' array")
        return
    for i, f in enumerate(facts):
        if not isinstance(f, dict) or not isinstance(f.get("count"), dict):
            errs.append("malformed fact #%d: %r" % (i, f))
            continue
        q = f["count"].get("qualifier")
        if q not in QUALIFIERS:
            errs.append("fact #%d %s has unknown qualifier %r"
                        % (i, f.get("type"), q))
    facts = [f for f in facts if isinstance(f, dict)]
    used = [False] * len(facts)

    def pick(exp, candidates):
        """Prefer a candidate that also satisfies the optional fields."""
        best = None
        for i in candidates:
            if not detail_problems(exp, facts[i]):
                return i, []
            if best is None:
                best = i
        return best, (detail_problems(exp, facts[best]) if best is not None else None)

    # Required facts.  Candidates whose evidence matches are tried first so a
    # fact is not "stolen" by an equal count elsewhere in the text.
    for exp in exp_doc.get("facts", []):
        cands = [i for i, f in enumerate(facts)
                 if not used[i] and count_matches(exp, f)]
        if not cands:
            same_type = [f for i, f in enumerate(facts)
                         if not used[i] and f.get("type") == exp.get("type")]
            msg = "missing fact " + describe_exp(exp)
            if same_type:
                msg += "; unmatched %s facts reported: %s" % (
                    exp.get("type"),
                    ", ".join("%s in %r" % (fmt_count(count_of(f)),
                                            _short(evidence_text(f)))
                              for f in same_type))
            errs.append(msg)
            continue
        i, probs = pick(exp, cands)
        used[i] = True
        for p in probs:
            errs.append("fact %s: %s" % (describe_exp(exp), p))

    # Forbidden facts: checked against everything reported.
    for forb in exp_doc.get("forbidden_facts", []):
        for f in facts:
            if not count_matches(forb, f) or not context_matches(forb, f):
                continue
            errs.append("forbidden fact %s reported in sentence: %r"
                        % (describe_fact(f), evidence_text(f)))

    # Optional facts may appear; they absorb reported facts that match them.
    for opt in exp_doc.get("optional_facts", []):
        for i, f in enumerate(facts):
            if used[i] or not count_matches(opt, f) or not context_matches(opt, f):
                continue
            used[i] = True
            break

    if exp_doc.get("exact_facts"):
        for i, f in enumerate(facts):
            if not used[i]:
                errs.append("unexpected fact %s in sentence: %r"
                            % (describe_fact(f), evidence_text(f)))


def _short(s, n=120):
    return s if len(s) <= n else s[:n] + "…"


def names_of(exp):
    n = exp.get("name")
    return n if isinstance(n, list) else [n]


def check_entities(exp_doc, out, errs):
    ents = out.get("entities")
    if not isinstance(ents, list):
        errs.append("output has no 'entities' array")
        return
    ents = [e for e in ents if isinstance(e, dict)]
    for exp in exp_doc.get("entities", []):
        names = names_of(exp)
        hits = [e for e in ents if e.get("type") == exp.get("type")
                and e.get("name") in names]
        if not hits:
            near = sorted({"%s %s" % (e.get("type"), e.get("name")) for e in ents
                           if any(isinstance(e.get("name"), str) and
                                  (n[:4].lower() in e["name"].lower())
                                  for n in names if isinstance(n, str))})
            msg = "entity %s %s not found" % (exp.get("type"), " | ".join(names))
            if near:
                msg += " (similar: %s)" % ", ".join(near)
            errs.append(msg)
            continue
        if "text" in exp and not any(e.get("text") == exp["text"] for e in hits):
            errs.append("entity %s %s not found with surface form %r (got %r)"
                        % (exp.get("type"), names[0], exp["text"],
                           [e.get("text") for e in hits]))
    for exp in exp_doc.get("no_entities", []):
        names = names_of(exp)
        for e in ents:
            if e.get("name") in names and ("type" not in exp or
                                           e.get("type") == exp["type"]):
                errs.append("unexpected entity %s %s (text %r)"
                            % (e.get("type"), e.get("name"), e.get("text")))


def texts_overlap(want, got):
    if not isinstance(got, str):
        return False
    return want in got or (len(got) >= 1 and got in want)


def check_dates(exp_doc, out, errs):
    dates = out.get("dates")
    if not isinstance(dates, list):
        errs.append("output has no 'dates' array")
        return
    dates = [d for d in dates if isinstance(d, dict)]
    for exp in exp_doc.get("dates", []):
        by_text = [d for d in dates if texts_overlap(exp["text"], d.get("text"))]
        ok = [d for d in by_text
              if ("value" not in exp or d.get("value") == exp["value"])
              and ("kind" not in exp or d.get("kind") == exp["kind"])]
        if not ok:
            msg = "date %r" % exp["text"]
            if "value" in exp:
                msg += " = %s" % exp["value"]
            if "kind" in exp:
                msg += " (kind %s)" % exp["kind"]
            if by_text:
                msg += " wrong: got %s" % ", ".join(
                    "%r=%r kind=%r" % (d.get("text"), d.get("value"), d.get("kind"))
                    for d in by_text)
            else:
                msg += " not found"
            errs.append(msg)
    for exp in exp_doc.get("no_dates", []):
        for d in dates:
            if texts_overlap(exp["text"], d.get("text")) and \
                    ("value" not in exp or d.get("value") == exp["value"]):
                errs.append("unexpected date %r=%r" % (d.get("text"), d.get("value")))


def check_quantities(exp_doc, out, errs):
    qs = out.get("quantities")
    if not isinstance(qs, list):
        errs.append("output has no 'quantities' array")
        return
    qs = [q for q in qs if isinstance(q, dict)]
    for exp in exp_doc.get("quantities", []):
        by_text = [q for q in qs if texts_overlap(exp["text"], q.get("text"))]
        ok = [q for q in by_text
              if all(same_num(exp[k], q.get(k)) for k in ("value", "min", "max")
                     if k in exp)
              and ("qualifier" not in exp or q.get("qualifier") == exp["qualifier"])]
        if not ok:
            msg = "quantity %r = %s" % (exp["text"], ", ".join(
                "%s=%s" % (k, _n(exp[k])) for k in ("value", "min", "max", "qualifier")
                if k in exp))
            if by_text:
                msg += " wrong: got %s" % ", ".join(
                    "%r=%s" % (q.get("text"), fmt_count(q)) for q in by_text)
            else:
                msg += " not found"
            errs.append(msg)
    for exp in exp_doc.get("no_quantities", []):
        for q in qs:
            if not texts_overlap(exp["text"], q.get("text")):
                continue
            if "value" in exp and not same_num(exp["value"], q.get("value")):
                continue
            errs.append("unexpected quantity %r=%s" % (q.get("text"), fmt_count(q)))


def run_binary(binary, article, date):
    cmd = [binary]
    if date:
        cmd += ["--date", date]
    cmd.append(article)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "binary timed out after %ds" % TIMEOUT
    except OSError as e:
        return None, "cannot run %s: %s" % (binary, e)
    if p.returncode != 0:
        return None, "binary exited with status %d: %s" % (
            p.returncode, p.stderr.decode("utf-8", "replace").strip()[:500])
    text = p.stdout.decode("utf-8", "replace")
    lines = [l for l in text.splitlines() if l.strip()]
    try:
        if len(lines) == 1:
            obj = json.loads(lines[0])
        else:
            obj = json.loads(text)   # tolerate --pretty style output
    except ValueError as e:
        return None, "output is not one JSON object (%s): %r" % (e, _short(text, 300))
    if not isinstance(obj, dict):
        return None, "output is not a JSON object"
    return obj, None


def check_article(binary, article):
    errs = []
    ep = expect_path(article)
    try:
        with open(ep, encoding="utf-8") as fh:
            exp = json.load(fh)
    except (OSError, ValueError) as e:
        return ["cannot read expectations %s: %s" % (ep, e)]
    out, err = run_binary(binary, article, exp.get("date"))
    if err:
        return [err]
    if out.get("schema") != "fakty/1":
        errs.append("schema is %r, expected 'fakty/1'" % (out.get("schema"),))
    doc = out.get("doc") if isinstance(out.get("doc"), dict) else {}
    if exp.get("date") and doc.get("date") != exp["date"]:
        errs.append("doc.date is %r, expected %r" % (doc.get("date"), exp["date"]))
    check_facts(exp, out, errs)
    check_entities(exp, out, errs)
    check_dates(exp, out, errs)
    check_quantities(exp, out, errs)
    return errs


ALLOWED_KEYS = {"date", "exact_facts", "facts", "optional_facts",
                "forbidden_facts", "entities", "no_entities", "dates",
                "no_dates", "quantities", "no_quantities", "notes"}
FACT_KEYS = {"type", "value", "min", "max", "qualifier", "who", "where",
             "when", "source", "source_contains", "source_name",
             "evidence_contains", "count_text"}


def lint_count(where, c, errs, partial=False):
    """The corpus conventions for count fields (see README)."""
    q = c.get("qualifier")
    if not partial:
        for k in FACT_COUNT_KEYS:
            if k not in c:
                errs.append("%s: missing %r" % (where, k))
                return
    if q is None:
        return
    if q not in QUALIFIERS:
        errs.append("%s: unknown qualifier %r" % (where, q))
        return
    if partial and not all(k in c for k in FACT_COUNT_KEYS):
        return
    v, lo, hi = c["value"], c["min"], c["max"]
    ok = {
        "exact": v is not None and lo == v and hi == v,
        "more_than": v is not None and lo == v and hi is None,
        "at_least": v is not None and lo == v and hi is None,
        "less_than": v is not None and lo is None and hi == v,
        "at_most": v is not None and lo is None and hi == v,
        "about": v is not None and lo is None and hi is None,
        "range": v is None and lo is not None and hi is not None and lo < hi,
        "vague": v is None and lo is not None and hi is not None and lo < hi,
    }[q]
    if not ok:
        errs.append("%s: value/min/max %r/%r/%r break the %s convention"
                    % (where, v, lo, hi, q))


def lint_article(article):
    errs = []
    try:
        with open(article, encoding="utf-8") as fh:
            text = fh.read()
        with open(expect_path(article), encoding="utf-8") as fh:
            exp = json.load(fh)
    except (OSError, ValueError) as e:
        return ["%s: %s" % (article, e)]
    for k in exp:
        if k not in ALLOWED_KEYS:
            errs.append("unknown key %r" % k)
    if not isinstance(exp.get("exact_facts"), bool):
        errs.append("exact_facts must be true or false")
    d = exp.get("date")
    if not (isinstance(d, str) and len(d) == 10 and d[4] == d[7] == "-"):
        errs.append("date must be YYYY-MM-DD")
    for sect, partial in (("facts", False), ("optional_facts", True),
                          ("forbidden_facts", True)):
        for i, f in enumerate(exp.get(sect, [])):
            w = "%s[%d]" % (sect, i)
            for k in f:
                if k not in FACT_KEYS:
                    errs.append("%s: unknown key %r" % (w, k))
            if sect == "facts" and "type" not in f:
                errs.append("%s: missing type" % w)
            lint_count(w, f, errs, partial)
            ev = f.get("evidence_contains")
            if ev is not None and ev not in text:
                errs.append("%s: evidence_contains %r not in article" % (w, ev))
    for sect in ("entities", "no_entities"):
        for i, e in enumerate(exp.get(sect, [])):
            if "name" not in e:
                errs.append("%s[%d]: missing name" % (sect, i))
            if "text" in e and e["text"] not in text:
                errs.append("%s[%d]: text %r not in article" % (sect, i, e["text"]))
    for sect in ("dates", "quantities"):
        for i, e in enumerate(exp.get(sect, [])):
            if e.get("text") not in text:
                errs.append("%s[%d]: text %r not in article" % (sect, i, e.get("text")))
            if sect == "quantities":
                lint_count("quantities[%d]" % i, e, errs, partial=True)
    return errs


def main(argv):
    args = argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    if len(args) == 2 and args[0] == "--lint":
        d = args[1]
        arts = sorted(os.path.join(d, f) for f in os.listdir(d)
                      if f.endswith(".txt"))
        bad = 0
        for a in arts:
            for e in lint_article(a):
                bad += 1
                print("%s: %s" % (os.path.basename(a), e))
        print("%d articles linted, %d problems" % (len(arts), bad))
        return 0 if bad == 0 and arts else 1
    all_dir = None
    if "--all" in args:
        i = args.index("--all")
        if i + 1 >= len(args):
            sys.stderr.write(__doc__)
            return 2
        all_dir = args[i + 1]
        args = args[:i] + args[i + 2:]
    if all_dir is None and len(args) == 2:
        binary, article = args
        errs = check_article(binary, article)
        name = os.path.basename(article)
        if errs:
            for e in errs:
                print("%s: %s" % (name, e))
            print("%s: FAIL (%d problems)" % (name, len(errs)))
            return 1
        print("%s: ok" % name)
        return 0
    if all_dir is not None and len(args) == 1:
        binary, d = args[0], all_dir
        try:
            arts = sorted(os.path.join(d, f) for f in os.listdir(d)
                          if f.endswith(".txt"))
        except OSError as e:
            print("cannot list %s: %s" % (d, e))
            return 2
        if not arts:
            print("no articles in %s" % d)
            return 2
        passed = failed = 0
        for a in arts:
            errs = check_article(binary, a)
            name = os.path.basename(a)
            if errs:
                failed += 1
                print("FAIL %s (%d problems)" % (name, len(errs)))
                for e in (errs if verbose else errs[:20]):
                    print("    " + e)
                if not verbose and len(errs) > 20:
                    print("    … %d more (use -v)" % (len(errs) - 20))
            else:
                passed += 1
                print("ok   %s" % name)
        print("%d passed, %d failed" % (passed, failed))
        return 0 if failed == 0 else 1
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
