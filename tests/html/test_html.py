#!/usr/bin/env python3
"""Tests of the HTML review page (`fakty --format html`).

    test_html.py markup HTML_GEN   hand-built documents (html_gen) + the CLI
                                   on hostile articles: well-formed markup,
                                   everything escaped, page == JSON
    test_html.py chromium [HTML_GEN]
                                   the page in headless Chromium: loads
                                   without script errors, the rendered DOM
                                   matches the JSON one for one; writes
                                   review.png in the working directory

Environment: FAKTY_BIN (the program), FAKTY_SRC (source tree). Exit 77
(skip) when Chromium is not installed.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pagecheck  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("FAKTY_SRC", os.path.dirname(os.path.dirname(HERE)))
BIN = os.environ.get("FAKTY_BIN", os.path.join(SRC, "build", "fakty"))
MISSING = "no-such-dir/missing-article.txt"


def inputs():
    corpus = os.path.join(SRC, "tests", "corpus", "articles")
    picks = [os.path.join(SRC, "examples", "powodz-2024.txt"),
             os.path.join(HERE, "hostile-article.txt"),
             os.path.join(HERE, "crlf-article.txt")]
    if os.path.isdir(corpus):
        arts = sorted(f for f in os.listdir(corpus) if f.endswith(".txt"))
        picks += [os.path.join(corpus, f) for f in arts[:6]]
    picks.insert(2, MISSING)  # an error section in the middle
    return picks


def run_cli(fmt, files):
    r = subprocess.run([BIN, "--format", fmt, "--date", "2024-09-18", "--jobs", "4"] + files,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if r.returncode not in (0, 1):
        sys.exit(f"fakty --format {fmt} exited {r.returncode}: {r.stderr.decode(errors='replace')}")
    return r.stdout.decode("utf-8")


def cli_pair():
    files = inputs()
    objs = [json.loads(line) for line in run_cli("json", files).splitlines() if line.strip()]
    page = run_cli("html", files)
    texts = []
    for f in files:
        try:
            with open(f, "rb") as fh:
                texts.append(fh.read().decode("utf-8"))
        except OSError:
            texts.append(None)
    return files, objs, page, texts


BREAK = re.compile(r"[ \t\r\n\f\v]*\n[ \t\r\f\v]*\n[ \t\r\n\f\v]*")


def expected_article(text):
    """The text as the page shows it: paragraphs joined, breaks dropped."""
    return "".join(BREAK.split(text.lstrip(" \t\r\n")))


def check_articles(page, texts, where):
    probs = []
    shown = pagecheck.article_texts(page)
    for i, (got, want) in enumerate(zip(shown, texts)):
        if want is None:
            continue
        if got != expected_article(want):
            probs.append(f"{where} doc {i}: article text on the page differs from the input:\n"
                         f"  page:  {got[:200]!r}\n  input: {expected_article(want)[:200]!r}")
    return probs


def report(probs, what):
    if probs:
        print(f"FAIL {what}:")
        for p in probs[:60]:
            print("  " + p)
        return 1
    print(f"ok   {what}")
    return 0


def test_markup(gen):
    fails = 0
    with tempfile.TemporaryDirectory() as tmp:
        page_f, json_f = os.path.join(tmp, "page.html"), os.path.join(tmp, "docs.jsonl")
        subprocess.run([gen, page_f, json_f], check=True, timeout=60)
        page = open(page_f, encoding="utf-8").read()
        objs = [json.loads(line) for line in open(json_f, encoding="utf-8")]
    texts = [o["doc"].get("meta", {}).get("text") for o in objs]
    probs = pagecheck.check(page, objs, raw=True)
    probs += check_articles(page, texts, "html_gen")
    # the hostile strings of html_gen must appear only escaped
    for bad in ("<script>alert", "<img src=x", "<b>nie", "<b>id", "<Kowalski>", "<Permission", "<i>a&b"):
        if bad in page:
            probs.append(f"unescaped text in the page: {bad!r}")
    # the layouts html_gen builds: crossing spans and a paragraph break are split
    if 'data-frag="1"' not in page:
        probs.append("no fragmented span (html_gen has crossing spans)")
    if "&#13;" not in page:
        probs.append("CR not written as a character reference")
    fails += report(probs, "hand-built documents (html_gen)")

    # random texts with random spans anywhere (crossing, empty, in white space)
    probs = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in (1, 2, 3):
            page_f, json_f = os.path.join(tmp, "r.html"), os.path.join(tmp, "r.jsonl")
            subprocess.run([gen, "--random", str(seed), "80", page_f, json_f], check=True, timeout=60)
            page = open(page_f, encoding="utf-8").read()
            objs = [json.loads(line) for line in open(json_f, encoding="utf-8")]
            texts = [o["doc"]["meta"]["text"] for o in objs]
            got = pagecheck.check(page, objs, raw=True) + check_articles(page, texts, f"seed {seed}")
            probs += [f"seed {seed}: {p}" for p in got]
    fails += report(probs, "random documents with random spans (3 seeds x 80 documents)")

    files, objs, page, texts = cli_pair()
    probs = pagecheck.check(page, objs, raw=True)
    probs += check_articles(page, texts, "cli")
    for bad in ("<script>alert", "<img src=x", "<b>Marsza", "<i>tagiem"):
        if bad in page:
            probs.append(f"unescaped text in the page: {bad!r}")
    fails += report(probs, f"fakty --format html on {len(files)} inputs")

    # JSON Lines: a record's other fields are listed (escaped, long values
    # cut), a bad record's section names its line
    probs = []
    recs = ('{"id": "r1", "text": "W Krakowie zatrzymano 12 osób.", "url": "https://example.org/<x>",'
            ' "title": "Zatrzymania & <b>areszty</b>", "n": 3, "long": "' + "ż" * 500 + '"}\n'
            'not json\n'
            '{"id": "r3", "text": "Nic."}\n')
    with tempfile.TemporaryDirectory() as tmp:
        f = os.path.join(tmp, "in.jsonl")
        with open(f, "w", encoding="utf-8") as fh:
            fh.write(recs)
        r = subprocess.run([BIN, "--input", "jsonl", "--format", "html", f], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        page = r.stdout.decode("utf-8")
        r2 = subprocess.run([BIN, "--input", "jsonl", f], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        objs = [json.loads(x) for x in r2.stdout.decode("utf-8").splitlines()]
    probs += pagecheck.check(page, objs, raw=True)
    want = ['<dt>url</dt><dd>https://example.org/&lt;x&gt;</dd>',
            '<dt>title</dt><dd>Zatrzymania &amp; &lt;b&gt;areszty&lt;/b&gt;</dd>',
            '<dt>n</dt><dd>3</dd>',
            '<dt>long</dt><dd>' + "ż" * 200 + '\u2026</dd>',
            'line <b>2</b> of <code>']
    for w in want:
        if w not in page:
            probs.append(f"JSONL page lacks {w[:60]!r}")
    nmeta = page.count('class="docmeta"')
    if nmeta != 1:
        probs.append(f"{nmeta} meta lists, want 1 (only r1 has other fields)")
    if "<b>areszty" in page:
        probs.append("unescaped meta value")
    fails += report(probs, "JSON Lines input: meta fields and the line of a bad record")
    return 1 if fails else 0


CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio"]


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def run_chrome(exe, args, url, timeout):
    """Run Chromium in its own process group; on timeout kill the whole
    group (renderer and zygote included), so it can never hang CI."""
    prof = tempfile.mkdtemp(prefix="fakty-chrome-")
    p = subprocess.Popen([exe] + CHROME_FLAGS + ["--user-data-dir=" + prof] + args + [url],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            out, err = p.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            out, err = b"", b""
        rc, err = None, err + f"\ntimed out after {timeout}s".encode()
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)  # leftovers of a finished run
        except (ProcessLookupError, PermissionError):
            pass
        shutil.rmtree(prof, ignore_errors=True)
    return rc, out.decode("utf-8", errors="replace"), err.decode("utf-8", errors="replace")


def chrome_dom(exe, url, probs):
    """The DOM after the page's script ran; console errors go to probs."""
    rc, dom, err = run_chrome(exe, ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                                    "--dump-dom"], url, 30)
    if rc is None or not dom.strip():
        probs.append(f"chromium produced no DOM for {url} (rc={rc}); stderr: {err[-2000:]}")
        return None
    for line in err.splitlines():
        if "Uncaught" in line or ("CONSOLE" in line and "error" in line.lower()):
            probs.append("console: " + line.strip())
    return dom


def test_chromium_gen(exe, gen, out_dir):
    """The hand-built page (crossing spans, hostile strings, facts) in the
    browser, opened on a fact's anchor: the fact flashes, its row is
    active and its count/who/source/where/when are outlined."""
    page_f, json_f = os.path.join(out_dir, "review-gen.html"), os.path.join(out_dir, "review-gen.jsonl")
    subprocess.run([gen, page_f, json_f], check=True, timeout=60)
    objs = [json.loads(line) for line in open(json_f, encoding="utf-8")]
    texts = [o["doc"].get("meta", {}).get("text") for o in objs]
    probs = []
    dom = chrome_dom(exe, "file://" + page_f + "#d0-f0", probs)
    if dom is None:
        return report(probs, "Chromium: hand-built page")
    probs += pagecheck.check(dom, objs, raw=False, want_ready=True)
    probs += check_articles(dom, texts, "chromium/html_gen")
    if not re.search(r'<span class="[^"]*\bfact\b[^"]*\bflash\b[^"]*"[^>]*data-kind="fact" data-index="0"', dom):
        probs.append("opening #d0-f0 did not flash fact 0")
    if not re.search(r'<tr[^>]*id="d0-r0"[^>]*class="[^"]*active', dom) and \
            not re.search(r'<tr[^>]*class="[^"]*active[^"]*"[^>]*id="d0-r0"', dom):
        probs.append("opening #d0-f0 did not mark the row of fact 0 active")
    for role in ("count", "who", "source"):
        if not re.search(r'<span class="role role-%s on" data-role="%s" data-fact="0"' % (role, role), dom):
            probs.append(f"opening #d0-f0 did not outline the {role} of fact 0")
    return report(probs, f"Chromium: hand-built page ({len(objs)} documents, anchor selection)")


def test_chromium(gen=None):
    exe = chromium()
    if not exe:
        print("chromium not installed: skipped")
        return 77
    fails = 0
    if gen:
        fails += test_chromium_gen(exe, gen, os.getcwd())
    files, objs, page, texts = cli_pair()
    out_dir = os.getcwd()
    page_path = os.path.join(out_dir, "review.html")
    with open(page_path, "w", encoding="utf-8") as f:
        f.write(page)
    url = "file://" + page_path
    probs = []
    dom = chrome_dom(exe, url, probs)
    if dom is None:
        return report(probs, "Chromium: fakty --format html") or 1
    with open(os.path.join(out_dir, "review.dom.html"), "w", encoding="utf-8") as f:
        f.write(dom)
    probs += pagecheck.check(dom, objs, raw=False, want_ready=True)
    probs += check_articles(dom, texts, "chromium")
    # the table of contents was built by the script: one entry per document
    n_toc = len(re.findall(r'<li[^>]*><a href="#doc\d+"', dom))
    if n_toc != len(objs):
        probs.append(f"table of contents has {n_toc} entries for {len(objs)} documents")
    if "hacked" in dom.split("</title>")[0]:
        probs.append("article markup was executed (title changed)")
    shot = os.path.join(out_dir, "review.png")
    if os.path.exists(shot):
        os.unlink(shot)
    rc2, _, err2 = run_chrome(exe, ["--virtual-time-budget=3000", "--window-size=1280,2000",
                                    "--screenshot=" + shot], url, 30)
    if rc2 is None or not os.path.exists(shot) or os.path.getsize(shot) < 10000:
        probs.append(f"no screenshot (rc={rc2}): {err2[-500:]}")
    else:
        print(f"screenshot: {shot}")
    fails += report(probs, f"Chromium: fakty --format html, {len(objs)} documents checked against the JSON")
    return 1 if fails else 0


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if sys.argv[1] == "markup":
        return test_markup(sys.argv[2])
    if sys.argv[1] == "chromium":
        return test_chromium(sys.argv[2] if len(sys.argv) > 2 else None)
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
