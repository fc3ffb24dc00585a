#!/usr/bin/env python3
"""feedparser_conformance.py — run the Universal Feed Parser's test feeds through
`newsfold parse` and check the simple expectations.

Each test file starts with a comment holding `Expect:` (a Python expression over
feedparser's result) and optional `Header:` lines. We translate only the simple forms:
`and`-chains of `bozo`, `not bozo`, `PATH == LITERAL`, `PATH != LITERAL` and
`len(PATH) == N`, where PATH is feed/entries/encoding/version/... subscripts or attributes.
The Python AST is checked, never evaluated; anything else (isinstance, ord, `in`, calls)
counts as "untranslated", not passed. feedparser's key names are mapped onto our JSON
(`resolve` below) — the mapping is the point of this test, keep it honest: a key we do
not produce maps to MISSING and the case fails.

The bulk runs on the release binary in one process (`newsfold parse --batch`); a sample
also runs on the ASan binary, which must agree. Per-folder pass rates are printed as
`rate:` lines; each folder passes while its rate stays at or above its floor (FLOORS),
set at or below what we achieve. The html-sanitizer folder (wellformed/sanitize) is
reported but not held to the 90% target: newsfold does not sanitize in the parser.
"""
import ast
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

ROOT = os.environ.get("NEWSFOLD_ROOT", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DATA = os.path.join(os.environ.get("SHARED_DATA", os.path.join(ROOT, "..", "shared", "data")), "feedparser-tests")
RELEASE = os.environ.get("NEWSFOLD_RELEASE", os.path.join(ROOT, "build/release/newsfold"))
ASAN = os.environ.get("NEWSFOLD", os.path.join(ROOT, "build/asan/newsfold"))
SANITIZER_FOLDERS = {"wellformed/sanitize"}
# Floors (percent of translated cases passing) per folder; at or below what we achieve.
# Measured 2026-11-22 (percent passed of translated): each floor a little under that.
FLOORS = {"encoding": 90, "entities": 99, "illformed": 95, "json": 100, "wellformed/amp": 93,
          "wellformed/atom": 98, "wellformed/atom10": 96, "wellformed/base": 95,
          "wellformed/cdf": 95, "wellformed/itunes": 85, "wellformed/lang": 98,
          "wellformed/media-rss": 80, "wellformed/namespace": 35, "wellformed/rdf": 95,
          "wellformed/rss": 93, "wellformed/sanitize": 35, "wellformed/xml": 95}
FLOOR_DEFAULT = 0.0   # tiny folders (chardet, geo, psc, http, sgml): features we do not map
FLOOR_NON_SANITIZER = 93.0   # the target is 90; we measure 95.0
ASAN_SAMPLE_EVERY = 25


class Untranslated(Exception):
    pass


MISSING = object()


def header_of(path):
    with open(path, "rb") as fh:
        head = fh.read(6000).decode("latin-1")
    m = re.search(r"Expect:\s*(.*?)\s*(?:-->|\"\s*,|\n)", head)
    if not m:
        return None
    hdrs = dict()
    for k, v in re.findall(r"^\s*Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", head, re.M):
        hdrs[k.lower()] = v
    desc = re.search(r"Description:\s*(.*)", head)
    return {"expect": m.group(1).strip(), "headers": hdrs,
            "desc": desc.group(1).strip() if desc else ""}


# ---- translating the expectation ----

def path_of(node):
    """ast → list of keys (str/int) rooted at a Name; raises Untranslated otherwise."""
    keys = []
    while True:
        if isinstance(node, ast.Subscript):
            sl = node.slice
            if isinstance(sl, ast.Index):  # Python < 3.9
                sl = sl.value
            if not isinstance(sl, ast.Constant) or not isinstance(sl.value, (str, int)):
                raise Untranslated("non-literal subscript")
            keys.append(sl.value)
            node = node.value
        elif isinstance(node, ast.Attribute):
            keys.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            keys.append(node.id)
            return list(reversed(keys))
        else:
            raise Untranslated("unsupported expression %s" % type(node).__name__)


def translate(expr):
    """Return a list of checks: ("bozo", bool) | ("eq"/"ne", path, value) | ("len", path, n)."""
    try:
        tree = ast.parse(expr, mode="eval").body
    except SyntaxError:
        raise Untranslated("syntax")
    terms = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]
    checks = []
    for t in terms:
        if isinstance(t, ast.Name) and t.id == "bozo":
            checks.append(("bozo", True))
        elif isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not) and isinstance(t.operand, ast.Name) and t.operand.id == "bozo":
            checks.append(("bozo", False))
        elif (isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], (ast.Is, ast.IsNot))
              and isinstance(t.comparators[0], ast.Constant) and t.comparators[0].value in (True, False, None)):
            checks.append(("is" if isinstance(t.ops[0], ast.Is) else "isnot", path_of(t.left), t.comparators[0].value))
        elif isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], (ast.Eq, ast.NotEq)):
            try:
                value = ast.literal_eval(t.comparators[0])
            except ValueError:
                raise Untranslated("non-literal value")
            left = t.left
            if isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id == "len" and len(left.args) == 1:
                checks.append(("len", path_of(left.args[0]), value))
            else:
                checks.append(("eq" if isinstance(t.ops[0], ast.Eq) else "ne", path_of(left), value))
        else:
            raise Untranslated("unsupported term")
    return checks


# ---- mapping feedparser's names onto our JSON ----

def parsed_tuple(iso):
    if not isinstance(iso, str) or len(iso) < 19:
        return MISSING
    return tuple(int(x) for x in (iso[0:4], iso[5:7], iso[8:10], iso[11:13], iso[14:16], iso[17:19]))


def detail_of(obj, name):
    d = obj.get(name)
    return d if isinstance(d, dict) else MISSING


FEED_ALIASES = {"subtitle": "description", "tagline": "description", "copyright": "rights",
                "description": "description", "url": "link", "modified": "updated_raw",
                "updated": "updated_raw", "date": "updated_raw", "issued": "published_raw",
                "published": "published_raw", "tagline_detail": "subtitle_detail",
                "description_detail": "subtitle_detail", "copyright_detail": "rights_detail",
                "guid": "id", "image": "image_detail", "logo": "image"}
ENTRY_ALIASES = {"description": "summary", "guid": "id", "copyright": "rights",
                 "modified": "updated_raw", "updated": "updated_raw", "date": "updated_raw",
                 "issued": "published_raw", "published": "published_raw",
                 "description_detail": "summary_detail",
                 "copyright_detail": "rights_detail", "url": "link"}
PARSED = {"updated_parsed": "updated", "modified_parsed": "updated", "date_parsed": "updated",
          "published_parsed": "published", "issued_parsed": "published",
          "created_parsed": "published"}


def iso_extra(obj, key):
    """X_parsed for a date kept as X (raw) and X_iso (normalized)."""
    base = key[:-len("_parsed")]
    return parsed_tuple(obj.get(base + "_iso")) if base + "_iso" in obj else None


# Our *_detail objects carry type/language/base; the value is the field they describe.
DETAIL_VALUE = {"title_detail": "title", "summary_detail": "summary", "content_detail": "content",
                "subtitle_detail": "description", "rights_detail": "rights", "info_detail": "info"}


def with_value(obj, dkey, d):
    if not isinstance(d, dict):
        return d
    d = dict(d)
    d.setdefault("value", obj.get(DETAIL_VALUE.get(dkey, ""), MISSING))
    return d


def map_entry(e, key):
    if key.endswith("_detail") and key in DETAIL_VALUE and isinstance(e.get(ENTRY_ALIASES.get(key, key)), dict):
        return with_value(e, ENTRY_ALIASES.get(key, key), e[ENTRY_ALIASES.get(key, key)])
    if key.endswith("_parsed") and iso_extra(e, key) is not None:
        return iso_extra(e, key)
    if key in PARSED:
        return parsed_tuple(e.get(PARSED[key]))
    if key == "image":
        if isinstance(e.get("image_detail"), dict):
            return e["image_detail"]
        return {"href": e["image"]} if e.get("image") else MISSING
    if key == "subtitle":
        return e.get("itunes_subtitle", MISSING)
    if key == "source" and isinstance(e.get("source"), dict):
        return FeedView(e["source"])
    if key == "content":
        d = e.get("content_detail")
        return [with_value(e, "content_detail", d)] if isinstance(d, dict) else MISSING
    if key in ("summary", "description") and e.get("summary") is None:
        # feedparser copies html/text content to summary
        return e["content"] if e.get("content") is not None else MISSING
    if key in ("summary_detail", "description_detail") and e.get("summary_detail") is None:
        return with_value(e, "content_detail", detail_of(e, "content_detail"))
    if key == "author":
        return person_string(e.get("author_detail"), (e.get("authors") or [None])[0])
    if key == "authors":
        return e.get("authors_detail", MISSING)
    if key == "category":
        t = e.get("tags") or []
        return t[0]["term"] if t else MISSING
    if key == "enclosures":
        return [{"href": x["url"], "url": x["url"], "type": x["type"],
                 "length": None if x["length"] is None else str(x["length"])}
                for x in e.get("enclosures", [])]
    if key == "language":
        return e.get("language", MISSING)
    key = ENTRY_ALIASES.get(key, key)
    v = e.get(key, MISSING)
    return MISSING if v is None and key not in ("title", "link", "id") else v


def person_string(detail, fallback):
    """feedparser's `author`: "name (email)" when both are known."""
    if isinstance(detail, dict) and detail.get("name") and detail.get("email"):
        return "%s (%s)" % (detail["name"], detail["email"])
    if isinstance(detail, dict) and (detail.get("name") or detail.get("email")):
        return detail.get("name") or detail.get("email")
    return fallback if fallback is not None else MISSING


class FeedView(dict):
    """A feed-shaped object inside an entry (Atom <source>): mapped like `feed`."""


def map_feed(f, key):
    k2 = FEED_ALIASES.get(key, key)
    if k2 in DETAIL_VALUE and isinstance(f.get(k2), dict):
        return with_value(f, k2, f[k2])
    if key.endswith("_parsed") and iso_extra(f, key) is not None:
        return iso_extra(f, key)
    if key in PARSED:
        return parsed_tuple(f.get(PARSED[key]))
    if key == "author":
        return person_string(f.get("author_detail"), f.get("author"))
    if key == "authors":
        return f.get("authors_detail", MISSING)
    if key == "publisher":
        return person_string(f.get("publisher_detail"), f.get("publisher"))
    if key == "image" and "image_detail" not in f and f.get("image"):
        return {"href": f["image"]}
    if key == "category":
        t = f.get("tags") or []
        return t[0]["term"] if t else MISSING
    key = FEED_ALIASES.get(key, key)
    v = f.get(key, MISSING)
    return MISSING if v is None else v


def resolve(doc, path):
    root = path[0]
    if root == "bozo":
        return doc["bozo"]
    if root == "encoding":
        v = doc.get("encoding")
    elif root == "version":
        v = doc.get("format") or ""
    elif root == "feed" or root == "channel":
        v = doc["feed"]
        for i, k in enumerate(path[1:]):
            if i == 0:
                v = map_feed(v, k)
            else:
                v = step(v, k)
            if v is MISSING:
                return MISSING
        return v
    elif root in ("entries", "items"):
        v = doc["entries"]
        rest = path[1:]
        if not rest:
            return v
        if not isinstance(rest[0], int):
            raise Untranslated("entries attribute")
        if rest[0] >= len(v):
            return MISSING
        v = v[rest[0]]
        for i, k in enumerate(rest[1:]):
            v = map_entry(v, k) if i == 0 else step(v, k)
            if v is MISSING:
                return MISSING
        return v
    else:
        raise Untranslated("root %s" % root)
    for k in path[1:]:
        v = step(v, k)
    return v


def step(v, k):
    if v is MISSING or v is None:
        return MISSING
    if isinstance(v, FeedView):
        return map_feed(v, k)
    if isinstance(v, list):
        return v[k] if isinstance(k, int) and k < len(v) else MISSING
    if isinstance(v, dict):
        if k == "url" and k not in v:  # feedparser's old name for href
            k = "href"
        if k in PARSED and PARSED[k] not in v:
            return parsed_tuple(v.get(PARSED[k]))
        return v.get(k, MISSING)
    return MISSING


def norm(v):
    if isinstance(v, tuple):
        return list(norm(x) for x in v)
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v


def check(doc, checks):
    for c in checks:
        if c[0] == "bozo":
            if bool(doc["bozo"]) != c[1]:
                return "bozo is %s (%s)" % (doc["bozo"], doc.get("bozo_reason"))
            continue
        got = resolve(doc, c[1])
        if c[0] == "len":
            if got is MISSING or not hasattr(got, "__len__") or len(got) != c[2]:
                return "len(%s) is not %r" % (c[1], c[2])
            continue
        want = c[2]
        if c[0] in ("is", "isnot"):
            # feedparser's None is our null or an absent key; True/False must be JSON booleans.
            if want is None:
                ok = got is MISSING or got is None
            else:
                ok = got is want
            if ok != (c[0] == "is"):
                return "%s: got %r, want %s %r" % (c[1], "MISSING" if got is MISSING else got, c[0], want)
            continue
        if isinstance(want, tuple) and len(want) == 9 and isinstance(got, tuple):
            want = want[:6]  # struct_time: compare the civil fields
        ok = got is not MISSING and norm(got) == norm(want)
        if c[0] == "ne":
            ok = got is MISSING or norm(got) != norm(want)
        if not ok:
            return "%s: got %r, want %r" % (c[1], "MISSING" if got is MISSING else got, want)
    return None


# ---- running ----

def folder_of(rel):
    parts = rel.split("/")
    return "/".join(parts[:2]) if parts[0] in ("wellformed", "illformed") and len(parts) > 2 else parts[0]


def run_batch(binary, cases):
    lines = []
    for c in cases:
        h = c["headers"]
        # feedparser's own suite serves the files from http://127.0.0.1:8097/; we only pass
        # that URL as the document's base (nothing is fetched).
        url = "http://127.0.0.1:8097/tests/" + c["rel"]
        if h.get("content-location"):
            loc = h["content-location"]
            if re.match(r"^\s*(javascript|vbscript|data):", loc, re.I):
                pass  # feedparser ignores an unsafe Content-Location; so does an HTTP client
            elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", loc):
                url = loc
            else:
                url = urllib.parse.urljoin(url, loc)
        lines.append("%s\t%s\t%s\t%s\n" % (c["path"], h.get("content-type", ""), url, h.get("content-language", "")))
    env = dict(os.environ)
    p = subprocess.run([binary, "parse", "--batch"], input="".join(lines).encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, timeout=900)
    out = {}
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        row = json.loads(line)
        out[row["file"]] = row
    return p.returncode, out, p.stderr.decode("utf-8", "replace")


def as_doc(row):
    if row is None:
        return None
    if "result" in row:
        return row["result"]
    # A document we refuse is feedparser's bozo with nothing in it.
    return {"format": "", "bozo": True, "bozo_reason": row.get("error"), "encoding": None,
            "feed": {}, "entries": []}


def main():
    if not os.path.isdir(DATA):
        print("skip: feedparser conformance: %s absent" % DATA)
        return 0
    if not os.access(RELEASE, os.X_OK):
        print("fail: feedparser conformance: release binary %s missing" % RELEASE)
        return 1
    cases = []
    for dirpath, _, files in os.walk(DATA):
        for fn in sorted(files):
            if not (fn.endswith(".xml") or fn.endswith(".json")):
                continue
            path = os.path.join(dirpath, fn)
            h = header_of(path)
            if not h:
                continue
            h["path"] = path
            h["rel"] = os.path.relpath(path, DATA)
            cases.append(h)
    cases.sort(key=lambda c: c["rel"])
    t0 = time.time()
    rc, rows, err = run_batch(RELEASE, cases)
    if rc != 0 or len(rows) != len(cases):
        print("fail: feedparser conformance: release batch exited %d with %d/%d results: %s" % (rc, len(rows), len(cases), err[-500:]))
        return 1
    stats = {}
    failures = []
    for c in cases:
        st = stats.setdefault(folder_of(c["rel"]), [0, 0, 0])  # passed, failed, untranslated
        try:
            checks = translate(c["expect"])
            why = check(as_doc(rows[c["path"]]), checks)
        except Untranslated:
            st[2] += 1
            continue
        if why is None:
            st[0] += 1
        else:
            st[1] += 1
            failures.append("%s: %s" % (c["rel"], why))
    print("note: release batch of %d feeds took %.1fs" % (len(cases), time.time() - t0))
    # ASan sample: the sanitized binary must run clean and agree with the release build.
    sample = cases[::ASAN_SAMPLE_EVERY]
    arc, arows, aerr = run_batch(ASAN, sample)
    bad = [c["rel"] for c in sample if json.dumps(arows.get(c["path"]), sort_keys=True) != json.dumps(rows.get(c["path"]), sort_keys=True)]
    if arc != 0 or bad:
        print("fail: feedparser conformance asan sample: exit %d, %d disagree (%s) %s" % (arc, len(bad), ", ".join(bad[:5]), aerr[-800:]))
    else:
        print("pass: feedparser conformance asan sample (%d feeds agree with release)" % len(sample))
    tot = [0, 0, 0]
    ns = [0, 0]
    for folder in sorted(stats):
        p, f, u = stats[folder]
        tot = [tot[0] + p, tot[1] + f, tot[2] + u]
        if folder not in SANITIZER_FOLDERS:
            ns = [ns[0] + p, ns[1] + f]
        rate = 100.0 * p / (p + f) if p + f else 100.0
        floor = FLOORS.get(folder, FLOOR_DEFAULT)
        print("rate: %-24s %5.1f%%  %4d passed %4d failed %4d untranslated%s" % (
            folder, rate, p, f, u, "  (html sanitizer: not a target)" if folder in SANITIZER_FOLDERS else ""))
        print("%s: feedparser %s rate %.1f%% >= floor %.1f%%" % ("pass" if rate >= floor else "fail", folder, rate, floor))
    rate_ns = 100.0 * ns[0] / (ns[0] + ns[1]) if sum(ns) else 100.0
    print("rate: %-24s %5.1f%%  %4d passed %4d failed %4d untranslated" % ("ALL", 100.0 * tot[0] / max(1, tot[0] + tot[1]), *tot))
    print("rate: %-24s %5.1f%%  %4d passed %4d failed" % ("ALL except sanitizer", rate_ns, *ns))
    print("%s: feedparser conformance outside the sanitizer folder %.1f%% >= %.1f%%" % (
        "pass" if rate_ns >= FLOOR_NON_SANITIZER else "fail", rate_ns, FLOOR_NON_SANITIZER))
    log = os.path.join(ROOT, "build", "feedparser-failures.txt")
    with open(log, "w") as fh:
        fh.write("\n".join(failures) + "\n")
    print("note: %d failing cases listed in %s" % (len(failures), log))
    return 0


if __name__ == "__main__":
    sys.exit(main())
