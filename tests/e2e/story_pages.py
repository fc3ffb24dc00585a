#!/usr/bin/env python3
"""story_pages.py — a story timeline longer than one page, read page by page.

One story of 1,200 canonical articles (more than one timeline query reads: 1,000) in five
feeds: alice reads A and B, bob C and D, nobody E. Copies: every E article has a copy in B
and one in C, every other one also in D (bob then has two rows for one entry); every fourth
A article has a copy in C. Some times tie (order by id) and some articles have no published
time (fetched counts). The rows each user should see are computed here from the rows in the
database with the rule (a canonical the user reads; else each copy they read of it, oldest
first), independently of the server, and compared with:
  - the API's story detail paged with timeline_offset/timeline_limit (odd limits, so a page
    ends inside one entry's copies), following timeline_next_offset: every row once, in order;
    the default page (1,000 rows), the second page, the totals;
  - the story page followed by its "Newer entries →" links to the end and "← Older entries"
    back: every row once, in order, 100 per page, the "Entries 101–200 of N" notice;
  - bad parameters: negative (clamped to 0), huge (API: empty page with totals; web: the last
    page), not a number or out of int64 (400), markup in the parameter (400, not echoed).
"""
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from nfserver import Server, check, failures  # noqa: E402

N_CANON = 1200
T0 = 1_700_000_000
ROW = re.compile(r'<li class="item" data-id="(\d+)"')
NEXT = re.compile(r'<a rel="next" href="([^"]*)">Newer entries →</a>')
PREV = re.compile(r'<a rel="prev" href="([^"]*)">← Older entries</a>')


def build(db, users):
    """The story's articles; returns (story id, {user: subscribed feed ids}, feed ids)."""
    con = sqlite3.connect(db)
    feeds = {}
    for name in "ABCDE":
        feeds[name] = con.execute("INSERT INTO feeds(url, title) VALUES (?, ?)",
                                  ("http://127.0.0.1:9/%s.xml" % name, "Feed " + name)).lastrowid
    subs = {users["alice"]: {feeds["A"], feeds["B"]}, users["bob"]: {feeds["C"], feeds["D"]}}
    for u, fs in subs.items():
        for f in fs:
            con.execute("INSERT INTO subscriptions(user_id, feed_id) VALUES (?, ?)", (u, f))
    n = [0]

    def art(feed, t, canon=None, published=True):
        n[0] += 1
        return con.execute(
            "INSERT INTO articles(feed_id, dedup_key, url, title, published, fetched, text, canonical_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (feed, "g:%d" % n[0], "http://127.0.0.1:9/a/%d" % n[0], "Headline %d" % n[0],
             t if published else None, t + 30, "text %d" % n[0], canon)).lastrowid

    ids = []
    for i in range(N_CANON):
        kind = "ABE"[i % 3]
        t = T0 + (i // 2) * 60          # pairs tie on time: id decides
        c = art(feeds[kind], t, published=(i % 11 != 0))
        ids.append(c)
        if kind == "E":
            art(feeds["B"], t + 5, c)
            art(feeds["C"], t + 7, c)
            if i % 2:
                art(feeds["D"], t + 7, c)   # ties with the C copy: id decides
        elif kind == "A" and i % 4 == 0:
            art(feeds["C"], t + 9, c)
    story = ids[0]
    con.execute("UPDATE articles SET story_id = ?", (story,))
    con.execute("INSERT INTO stories(id, thread_id, title, url, first_seen, last_seen, articles, copies, sources)"
                " VALUES (?, ?, 'The long story', 'http://127.0.0.1:9/a/1', ?, ?, ?, 0, 5)",
                (story, story, T0, T0 + N_CANON * 30, N_CANON))
    con.commit()
    con.close()
    return story, subs


def expected(db, subs):
    """The rule, from the rows: per canonical (oldest first, ties by id), itself when the
    user reads its feed, else its copies they read (oldest first, the first 200 copies)."""
    con = sqlite3.connect(db)
    when = "CASE WHEN published IS NULL OR published > fetched + 86400 THEN fetched ELSE published END"
    rows = con.execute("SELECT id, feed_id, canonical_id, %s FROM articles" % when).fetchall()
    con.close()
    canon = sorted((r for r in rows if r[2] is None), key=lambda r: (r[3], r[0]))
    copies = {}
    for r in sorted((r for r in rows if r[2] is not None), key=lambda r: (r[3], r[0])):
        copies.setdefault(r[2], []).append(r)
    out = {}
    for user, feeds in subs.items():
        seq = []
        for c in canon:
            if c[1] in feeds:
                seq.append(c[0])
            else:
                seq.extend(x[0] for x in copies.get(c[0], [])[:200] if x[1] in feeds)
        out[user] = seq
    return out


def api_walk(c, H, story, limit):
    got, off, pages, bad = [], 0, 0, []
    while off is not None and pages < 2000:
        r = c.get("/api/v1/stories/%d?timeline_offset=%d&timeline_limit=%d" % (story, off, limit), headers=H)
        if r.status != 200:
            bad.append((off, r.status))
            break
        d = r.json()
        tl = [e["id"] for e in d["timeline"]]
        if len(tl) > limit or d["timeline_offset"] != off or d["timeline_limit"] != limit:
            bad.append((off, len(tl), d["timeline_offset"], d["timeline_limit"]))
        if d["timeline_truncated"] != (d["timeline_next_offset"] is not None):
            bad.append((off, "truncated vs next_offset"))
        got.extend(tl)
        off = d["timeline_next_offset"]
        pages += 1
    return got, pages, bad


def web_walk(c, story):
    """Follow "Newer entries →" from the first page, then "← Older entries" back."""
    got, pages, url, bad, last = [], [], "/story/%d" % story, [], None
    while url and len(pages) < 200:
        r = c.get(url)
        if r.status != 200:
            bad.append((url, r.status))
            break
        rows = [int(x) for x in ROW.findall(r.text)]
        pages.append(rows)
        got.extend(rows)
        for href in NEXT.findall(r.text) + PREV.findall(r.text):
            if not re.fullmatch(r"/story/%d(\?offset=\d+)?" % story, href):
                bad.append(("href", href))
        last = url
        nxt = NEXT.findall(r.text)
        url = nxt[0] if nxt else None
    back, url = [], last
    while url and len(back) < 200:
        r = c.get(url)
        back.insert(0, [int(x) for x in ROW.findall(r.text)])
        prv = PREV.findall(r.text)
        url = prv[0] if prv else None
    return got, pages, back, bad


def main():
    srv = Server(["--no-refresh"])
    users = {"alice": srv.add_user("alice", "alice password 1"), "bob": srv.add_user("bob", "bob password 22")}
    story, subs = build(srv.db, users)
    want = expected(srv.db, subs)
    check("fixture: alice has more rows than one timeline query, bob several rows for one entry",
          len(want[users["alice"]]) > 1000 and len(want[users["bob"]]) > 300, {u: len(v) for u, v in want.items()})
    toks = {n: srv.token(n) for n in users}
    srv.start()
    try:
        run(srv, story, users, want, toks)
    finally:
        srv.stop()
    return 1 if failures() else 0


def run(srv, story, users, want, toks):
    c = srv.client()
    for name, limit in (("alice", 97), ("bob", 13)):
        H = {"Authorization": "Bearer " + toks[name]}
        got, pages, bad = api_walk(c, H, story, limit)
        w = want[users[name]]
        check("api %s: pages of %d hold every row once, in order" % (name, limit), got == w and not bad,
              (len(got), len(w), bad[:3], [x for x in w if x not in set(got)][:5]))
        check("api %s: %d pages" % (name, limit), pages == (len(w) + limit - 1) // limit, pages)

    A = {"Authorization": "Bearer " + toks["alice"]}
    wa = want[users["alice"]]
    d = c.get("/api/v1/stories/%d" % story, headers=A).json()
    check("api: the default page is the first 1,000 rows, with totals and the next offset",
          [e["id"] for e in d["timeline"]] == wa[:1000] and d["timeline_total"] == len(wa)
          and d["timeline_truncated"] is True and d["timeline_next_offset"] == 1000 and d["timeline_offset"] == 0,
          {k: v for k, v in d.items() if k.startswith("timeline_")})
    d = c.get("/api/v1/stories/%d?timeline_offset=1000" % story, headers=A).json()
    check("api: the second default page is the rest", [e["id"] for e in d["timeline"]] == wa[1000:]
          and d["timeline_truncated"] is False and d["timeline_next_offset"] is None and d["timeline_total"] == len(wa),
          {k: v for k, v in d.items() if k.startswith("timeline_")})
    d = c.get("/api/v1/stories/%d?timeline_offset=-5&timeline_limit=3" % story, headers=A).json()
    check("api: a negative offset reads as 0", [e["id"] for e in d["timeline"]] == wa[:3] and d["timeline_offset"] == 0,
          d.get("timeline_offset"))
    d = c.get("/api/v1/stories/%d?timeline_offset=1000000000000" % story, headers=A).json()
    check("api: an offset past the end is an empty page with the totals",
          d["timeline"] == [] and d["timeline_total"] == len(wa) and d["timeline_truncated"] is False, d.get("timeline_total"))
    for q, n in (("timeline_limit=0", 1000), ("timeline_limit=-3", 1), ("timeline_limit=1000000000", 1000)):
        d = c.get("/api/v1/stories/%d?%s" % (story, q), headers=A).json()
        check("api: %s is clamped to %d" % (q, n), [e["id"] for e in d["timeline"]] == wa[:n] and d["timeline_limit"] == n,
              (len(d["timeline"]), d.get("timeline_limit")))
    for q in ("timeline_offset=abc", "timeline_offset=1e3", "timeline_offset=99999999999999999999",
              "timeline_limit=x", "timeline_offset="):
        r = c.get("/api/v1/stories/%d?%s" % (story, q), headers=A)
        check("api: %s is 400" % q, r.status == 400 and "error" in r.json(), (r.status, r.text[:100]))

    for name, pw in (("alice", "alice password 1"), ("bob", "bob password 22")):
        b = srv.client()
        b.login(name, pw)
        w = want[users[name]]
        got, pages, back, bad = web_walk(b, story)
        check("web %s: the Newer links reach every row once, in order" % name, got == w and not bad,
              (len(got), len(w), bad[:3]))
        check("web %s: 100 rows a page" % name, pages and all(len(p) == 100 for p in pages[:-1])
              and 0 < len(pages[-1]) <= 100 and len(pages) == (len(w) + 99) // 100, [len(p) for p in pages])
        check("web %s: the Older links lead back through the same pages" % name, back == pages,
              ([len(p) for p in back], [len(p) for p in pages]))
    b = srv.client()
    b.login("alice", "alice password 1")
    r = b.get("/story/%d?offset=100" % story)
    check("web: the notice names the page's rows and the total",
          "Entries 101–200 of {:,} of this story".format(len(wa)) in r.text, re.findall(r'<p class="notice"[^<]*', r.text))
    check("web: mark story read comes back to the same page", 'name="next" value="/story/%d?offset=100"' % story in r.text, "")
    r = b.get("/story/%d?offset=-5" % story)
    check("web: a negative offset is the first page", r.status == 200 and [int(x) for x in ROW.findall(r.text)] == wa[:100],
          r.status)
    r = b.get("/story/%d?offset=1000000000000000" % story)
    last = (len(wa) - 1) // 100 * 100
    check("web: an offset past the end is the last page",
          r.status == 200 and [int(x) for x in ROW.findall(r.text)] == wa[last:] and not NEXT.findall(r.text),
          (r.status, len(ROW.findall(r.text))))
    for q in ("abc", "1e3", "99999999999999999999", "%3Cscript%3Ealert(1)%3C/script%3E", ""):
        r = b.get("/story/%d?offset=%s" % (story, q))
        check("web: offset=%s is 400, not echoed" % q[:12],
              r.status == 400 and "<script>alert" not in r.text and "abc" not in r.text, (r.status, r.text[:200]))


if __name__ == "__main__":
    sys.exit(main())
