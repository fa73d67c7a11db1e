"""Checks a fakty review page (as written, or as dumped by a browser)
against the JSON of the same run.

    problems = check(page_html, json_objects, raw=True)

Returns a list of problems (empty: the page is good). Checks:
  * the markup is well formed: every non-void tag is closed, in order;
  * (raw page only) no tag other than the page's own vocabulary appears
    in the body, and there are exactly the page's own <script> elements,
    so no article text, path, id, rule or message was written unescaped;
  * one <section data-doc=i> per JSON object, in order; error objects are
    error boxes carrying the message;
  * the highlighted elements ([data-kind]) of each section match the JSON
    arrays one for one: same kinds, same index sets, each element's text
    (its fragments joined) equals the item's "text" (facts: evidence.text),
    data-start/data-end equal the JSON start/end (code points);
  * the article text on the page is the document's text;
  * ids are unique and every fact row links to an existing fact element.
"""
import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
PAGE_TAGS = {"html", "head", "meta", "title", "style", "script", "body", "header", "h1", "h2", "h3", "p", "div",
             "span", "label", "input", "nav", "ol", "ul", "li", "noscript", "main", "section", "code", "b", "table",
             "thead", "tbody", "tr", "th", "td", "a", "mark", "strong", "footer", "aside", "dl", "dt", "dd"}
KINDS = {"entity": "entities", "quantity": "quantities", "date": "dates", "fact": "facts"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # (tag, attrs, collectors)
        self.problems = []
        self.sections = []       # dicts
        self.ids = {}
        self.attrs_of_html = {}
        self.links = []          # (doc, href)
        self.open_hl = []        # fragment records being filled

    def error_at(self, msg):
        line, col = self.getpos()
        self.problems.append(f"line {line}:{col}: {msg}")

    def handle_starttag(self, tag, attrs):
        a = {}
        for k, v in attrs:
            if k in a:
                self.error_at(f"<{tag}> repeats attribute {k}")
            a[k] = v if v is not None else ""
        if tag == "html":
            self.attrs_of_html = a
        if "id" in a:
            if a["id"] in self.ids:
                self.error_at(f"duplicate id {a['id']!r}")
            self.ids[a["id"]] = (tag, a)
        if tag in VOID:
            return
        rec = None
        if tag == "section" and "data-doc" in a:
            self.sections.append({"attrs": a, "hl": [], "text": [], "rows": []})
        sec = self.sections[-1] if self.sections else None
        if sec is not None and "data-kind" in a:
            rec = {"attrs": a, "text": []}
            sec["hl"].append(rec)
            self.open_hl.append(rec)
        if sec is not None and tag == "tr" and "data-fact" in a:
            sec["rows"].append(a)
        if sec is not None and tag == "a" and a.get("href", "").startswith("#"):
            self.links.append((len(self.sections) - 1, a["href"][1:]))
        # article text: what is inside the <p>s of <div class="text">
        parent = self.stack[-1] if self.stack else None
        in_text = bool(parent and (parent[3] or (tag == "p" and parent[0] == "div" and
                                                 "text" in parent[1].get("class", "").split())))
        self.stack.append((tag, a, rec, in_text))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.error_at(f"</{tag}> closes nothing")
            return
        top, _, rec, _ = self.stack[-1]
        if top != tag:
            self.error_at(f"</{tag}> closes <{top}>")
            # recover: pop to the matching tag if any
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    for t in self.stack[i:]:
                        if t[2] is not None and t[2] in self.open_hl:
                            self.open_hl.remove(t[2])
                    del self.stack[i:]
                    return
            return
        self.stack.pop()
        if rec is not None:
            self.open_hl.remove(rec)

    def handle_data(self, data):
        for rec in self.open_hl:
            rec["text"].append(data)
        if self.stack and self.stack[-1][3] and self.sections:
            self.sections[-1]["text"].append(data)


def squash(s):
    return "".join(s.split())


def body_tags(raw):
    """Tag names used after the head (the CSS and JS may contain '<')."""
    i = raw.find("</head>")
    return re.findall(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)", raw[i:] if i >= 0 else raw)


def check(page, objs, raw=True, want_ready=False):
    p = Page()
    p.feed(page)
    p.close()
    probs = list(p.problems)
    if p.stack:
        probs.append("unclosed at the end: " + " ".join(f"<{t}>" for t, _, _, _ in p.stack))
    if raw:
        if not page.startswith("<!DOCTYPE html>"):
            probs.append("page does not start with <!DOCTYPE html>")
        bad = sorted(set(t.lower() for t in body_tags(page)) - PAGE_TAGS)
        if bad:
            probs.append(f"unexpected tags in the body (unescaped text?): {bad}")
        n_script = len(re.findall(r"<script\b", page, re.I))
        if n_script != 2:
            probs.append(f"{n_script} <script> tags (the page has 2 of its own)")
        # resources only: a URL in the text (a JSONL record's "url" field) is fine
        if re.search(r"""(?:\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
                     r"""|url\(\s*["']?\s*(?:https?:)?//|@import""", page, re.I):
            probs.append("the page refers to a network address")
    if want_ready:
        if p.attrs_of_html.get("data-ready") != "1":
            probs.append("the page script did not finish (no data-ready on <html>)")
        if "data-js-errors" in p.attrs_of_html:
            probs.append("JavaScript errors: " + p.attrs_of_html["data-js-errors"])

    if len(p.sections) != len(objs):
        probs.append(f"{len(p.sections)} document sections, {len(objs)} JSON objects")
    for di, (sec, obj) in enumerate(zip(p.sections, objs)):
        a = sec["attrs"]
        where = f"doc {di}"
        if a.get("data-doc") != str(di):
            probs.append(f"{where}: data-doc={a.get('data-doc')!r}")
        if "error" in obj:
            if a.get("data-error") != obj["error"]:
                probs.append(f"{where}: data-error {a.get('data-error')!r} != {obj['error']!r}")
            if "doc-error" not in a.get("class", "").split():
                probs.append(f"{where}: error document not shown as an error box")
            if sec["hl"]:
                probs.append(f"{where}: error document has highlights")
            continue
        if "data-error" in a:
            probs.append(f"{where}: shown as an error but the JSON has none")
        for kind, arr in KINDS.items():
            if a.get("data-" + arr) != str(len(obj[arr])):
                probs.append(f"{where}: data-{arr}={a.get('data-' + arr)!r}, JSON has {len(obj[arr])}")
        frags = {}
        for rec in sec["hl"]:
            ra = rec["attrs"]
            kind = ra.get("data-kind")
            if kind not in KINDS:
                probs.append(f"{where}: bad data-kind {kind!r}")
                continue
            try:
                idx = int(ra.get("data-index", ""))
            except ValueError:
                probs.append(f"{where}: bad data-index {ra.get('data-index')!r}")
                continue
            if not ra.get("title"):
                probs.append(f"{where}: {kind} {idx} has no title (hover text)")
            frags.setdefault((kind, idx), []).append(rec)
        for kind, arr in KINDS.items():
            have = sorted(i for k, i in frags if k == kind)
            if have != list(range(len(obj[arr]))):
                probs.append(f"{where}: {kind} indices on the page {have}, JSON has {len(obj[arr])}")
                continue
            for i, item in enumerate(obj[arr]):
                recs = frags[(kind, i)]
                nums = [int(r["attrs"].get("data-frag", "0")) for r in recs]
                if nums != list(range(len(recs))):
                    probs.append(f"{where}: {kind} {i}: fragments numbered {nums}")
                text = "".join("".join(r["text"]) for r in recs)
                ref = item["evidence"] if kind == "fact" else item
                want = ref.get("text", "")
                exact = len(recs) == 1 and want == want.strip() and not re.search(r"\n\s*\n", want)
                if (exact and text != want) or squash(text) != squash(want):
                    probs.append(f"{where}: {kind} {i}: page text {text!r} != JSON text {want!r}")
                for r in recs:
                    for f in ("start", "end"):
                        if "start" in ref and r["attrs"].get("data-" + f) != str(ref[f]):
                            probs.append(f"{where}: {kind} {i}: data-{f}={r['attrs'].get('data-' + f)!r}, "
                                         f"JSON {ref[f]}")
        rows = [int(r["data-fact"]) for r in sec["rows"]]
        if rows != list(range(len(obj["facts"]))):
            probs.append(f"{where}: fact rows {rows}")
        if "text" in obj.get("doc", {}):
            pass
    for di, href in p.links:
        if href not in p.ids:
            probs.append(f"doc {di}: link to #{href} which does not exist")
    return probs


def article_texts(page):
    """The article text of each section, as the page shows it."""
    p = Page()
    p.feed(page)
    p.close()
    return ["".join(s["text"]) for s in p.sections]
