#!/usr/bin/env python3
"""api.py — the JSON API (/api/v1) and the web forms' protections against a live server:
every endpoint with a valid token, wrong/missing/revoked credentials, a missing CSRF token,
another user's ids, oversized requests, and the security headers on every response."""
import json
import re
import os
import socket
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from nfserver import Server, add_fixture_feed, check, failures  # noqa: E402


def bearer(tok):
    return {"Authorization": "Bearer " + tok}


def main():
    srv = Server(["--no-refresh", "--timeout", "2"])
    alice = srv.add_user("alice", "correct horse battery")
    bob = srv.add_user("bob", "bob password 123")
    tok_a = srv.token("alice")
    tok_b = srv.token("bob")
    fa, arts_a = add_fixture_feed(srv, alice, "http://127.0.0.1:9/alice.xml", "Alice Daily", "News", 3,
                                  "volcano eruption lava")
    fb, arts_b = add_fixture_feed(srv, bob, "http://127.0.0.1:9/bob.xml", "Bob Weekly", None, 2,
                                  "secret bob words")
    r = srv.cli("stories", "--json")   # clusters the fixture articles into stories
    check("fixture articles clustered", r.returncode == 0, r.stderr[-300:])
    srv.start()
    try:
        run(srv, tok_a, tok_b, fa, fb, arts_a, arts_b)
    finally:
        rc = srv.stop()
        check("server exits cleanly on SIGTERM", rc == 0, "exit status %s; log:\n%s" % (rc, srv.log()[-2000:]))
    return 1 if failures() else 0


def alice_id(srv):
    return srv.sql("SELECT id FROM users WHERE name = 'alice'")[0][0]


def search_ranking(srv, c, A, fa):
    """bm25 with titles weighted: an older article with the word in its title ranks above
    newer ones that mention it once in a long body; the newest-first order did the opposite."""
    now = int(time.time())
    filler = " ".join("filler%d" % i for i in range(80))
    ids = []
    for i, (title, text) in enumerate([("Tsunami warning lifted for the coast", "Officials said the tsunami threat passed. " + filler),
                                       ("Council budget vote delayed", filler + " one tsunami drill"),
                                       ("Harbour reopens after repairs", filler + " a tsunami mention")]):
        ids.append(srv.sql("INSERT INTO articles(feed_id, dedup_key, url, title, published, fetched, text, words)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, 90) RETURNING id",
                           (fa, "rank-%d" % i, "http://127.0.0.1:9/rank%d" % i, title, now - 86400 + 3600 * i, now, text))[0][0])
    r = c.get("/api/v1/search?q=tsunami", headers=A)
    order = [a["id"] for g in (r.json() if r.status == 200 else []) for a in g["articles"]]
    check("search: bm25 ranks the title match first, then by relevance", order[:1] == [ids[0]] and sorted(order) == sorted(ids),
          (ids, order))
    r = c.get("/api/v1/search?q=tsunami+coast", headers=A)
    order = [a["id"] for g in (r.json() if r.status == 200 else []) for a in g["articles"]]
    check("search: every term must match (AND)", order == [ids[0]], (ids, order))
    r = c.get("/search?q=tsunami", headers={"Authorization": A["Authorization"]})
    check("search page: needs a session, not a token", r.status in (303, 401), r.status)
    r = c.get("/api/v1/search?q=" + "+".join(["tsunami"] + ["word%d" % i for i in range(400)]), headers=A)
    check("search: a query past 256 bytes / 16 terms is cut, not an error", r.status == 200, r.status)
    r = c.get("/api/v1/search?q=" + "a" * 40000, headers=A)
    check("search: a request line past the header memory is refused", 400 <= r.status < 500, r.status)
    r = c.get("/api/v1/search?q=tsunami", headers=A)
    check("search: the server still answers after an oversized request", r.status == 200, r.status)
    srv.sql("DELETE FROM articles WHERE id IN (%s)" % ",".join(str(i) for i in ids))


def feeds_notices(srv, fa):
    """The feeds page prints only known notices, chosen by code: text in ?msg= is not shown
    (a link could put any words on our page); errors answer the POST with the page itself."""
    s = srv.client()
    s.login("alice", "correct horse battery")
    bait = "Your account is suspended, call 555-0100"
    r = s.get("/feeds?msg=" + urllib.parse.quote(bait) + "&error=1")
    check("feeds notice: text from the URL is not shown", r.status == 200 and "555-0100" not in r.text
          and 'role="status"' not in r.text, r.text[:300])
    r = s.get("/feeds?msg=saved")
    check("feeds notice: a known code shows its text", 'role="status">Saved.<' in r.text, r.text[:300])
    r = s.get("/feeds?msg=added&n=12")
    check("feeds notice: a code with a number", "Subscribed (feed 12)." in r.text, r.text[:300])
    r = s.get("/feeds?msg=added&n=" + urllib.parse.quote("12 then call 555"))
    check("feeds notice: a number that is not one shows nothing", 'role="status"' not in r.text, r.text[:300])
    r = s.post("/feeds/%d" % fa, {"fulltext": "sometimes", "csrf": s.csrf})
    check("feeds notice: an error answers the POST with the page and the server's message",
          r.status == 400 and 'class="error" role="status"' in r.text and "Location" not in r.headers, r.status)
    r = s.post("/feeds/%d" % fa, {"folder": "News", "csrf": s.csrf})
    check("feeds notice: success redirects with a code, not text", r.status == 303
          and r.headers.get("Location") == "/feeds?msg=saved", r.headers.get("Location"))
    r = s.post("/feeds/add", {"url": "", "csrf": s.csrf})
    check("feeds notice: add without a URL shows the error on the page", r.status == 400
          and "Give a feed or site URL." in r.text, r.status)


def long_story_says_it_is_cut(srv, fa, A):
    """A story's timeline is read a page at a time; the page said nothing about the rest and
    the API gave no total. 1,003 articles in one story: the page lists 100 and says "Entries
    1–100 of 1,003", its last page (offset 1000) the last 3; the API's default page is 1,000
    with the total. (tests/e2e/story_pages.py reads every page.)"""
    now = int(time.time())
    srv.sql("INSERT INTO articles(feed_id, dedup_key, url, title, published, fetched, text, words)"
            " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1003)"
            " SELECT ?, 'long-' || i, 'http://127.0.0.1:9/long' || i, 'Long story part ' || i, ? + i, ?, 'long', 10"
            " FROM n", (fa, now - 5000, now))
    sid = srv.sql("SELECT min(id) FROM articles WHERE dedup_key LIKE 'long-%'")[0][0]
    srv.sql("UPDATE articles SET story_id = ? WHERE dedup_key LIKE 'long-%'", (sid,))
    srv.sql("INSERT INTO stories(id, thread_id, title, first_seen, last_seen, articles, sources)"
            " VALUES (?, ?, 'Long story part 1', ?, ?, 1003, 1)", (sid, sid, now - 5000, now))
    s = srv.client()
    s.login("alice", "correct horse battery")
    page = s.get("/story/%d" % sid).text
    rows = page.count('<li class="item"')
    check("long story: the page lists the first 100 and says how many there are",
          rows == 100 and "Entries 1–100 of 1,003 of this story" in page, (rows, page[:200]))
    page = s.get("/story/%d?offset=1000" % sid).text
    check("long story: the last page lists the rest", page.count('<li class="item"') == 3
          and "Entries 1,001–1,003 of 1,003" in page and "Newer entries" not in page and "Older entries" in page,
          page.count('<li class="item"'))
    r = srv.client().get("/api/v1/stories/%d" % sid, headers=A)
    d = r.json() if r.status == 200 else {}
    check("long story: API detail carries the total", len(d.get("timeline", [])) == 1000
          and d.get("timeline_total") == 1003 and d.get("timeline_truncated") is True,
          (r.status, len(d.get("timeline", [])), d.get("timeline_total"), d.get("timeline_truncated")))
    srv.sql("DELETE FROM stories WHERE id = ?", (sid,))
    srv.sql("DELETE FROM articles WHERE dedup_key LIKE 'long-%'")
    small = srv.sql("SELECT story_id FROM articles WHERE feed_id = ? AND story_id IS NOT NULL LIMIT 1", (fa,))
    if small:
        page = s.get("/story/%d" % small[0][0]).text
        d = srv.client().get("/api/v1/stories/%d" % small[0][0], headers=A).json()
        check("short story: no page notice, API total equals the timeline", "Entries " not in page
              and d.get("timeline_truncated") is False and d.get("timeline_total") == len(d.get("timeline", [])),
              (d.get("timeline_total"), len(d.get("timeline", []))))
    else:
        check("short story: a fixture story exists", False, "no story among alice's fixture articles")


def session_end_beats_cache(srv):
    """A page cached for a session is not served to its cookie after logout."""
    s = srv.client()
    s.login("alice", "correct horse battery")
    cookie = next((ck.value for ck in s.jar if ck.name == "nf_session"), None)
    pages = [s.get("/feeds") for _ in range(10)]
    check("cache: a page is cached for a session", cookie and "hit" in [p.headers.get("X-Cache") for p in pages],
          [p.headers.get("X-Cache") for p in pages])
    r = s.post("/logout", {"csrf": s.csrf})
    check("logout: 303", r.status == 303, r.status)
    c = srv.client()
    for _ in range(8):   # new connections, so both worker threads (each has its own cache) are asked
        r = c.get("/feeds", headers={"Cookie": "nf_session=%s" % cookie})
        check("logout: the ended session's cookie gets no cached page", r.status == 303
              and "/login" in r.headers.get("Location", ""), r.status)


def run(srv, tok_a, tok_b, fa, fb, arts_a, arts_b):
    c = srv.client()
    A = bearer(tok_a)

    r = c.get("/api/v1/feeds")
    check("no credentials: 401", r.status == 401, r.status)
    r = c.get("/api/v1/feeds", headers=bearer("0" * 64))
    check("wrong token: 401", r.status == 401, r.status)
    r = c.get("/api/v1/feeds", headers={"Authorization": "Basic YWxpY2U6eA=="})
    check("basic auth is not accepted: 401", r.status == 401, r.status)
    r = c.get("/api/v1/me", headers=A)
    check("token: /me", r.status == 200 and r.json()["auth"] == "token", r.text)

    r = c.get("/api/v1/feeds", headers=A)
    feeds = r.json() if r.status == 200 else []
    check("feeds: only the user's own", [f["id"] for f in feeds] == [fa], r.text[:300])
    check("feeds: counts", feeds and feeds[0]["articles"] == 3 and feeds[0]["unread"] == 3, feeds)

    r = c.req("PATCH", "/api/v1/feeds/%d" % fa, headers=A, json_body={"folder": "World", "fulltext": "always"})
    check("feeds: update folder and fulltext", r.status == 200, r.text)
    r = c.get("/api/v1/folders", headers=A)
    check("folders: lists the new folder", r.status == 200 and r.json() == ["World"], r.text)
    r = c.req("PATCH", "/api/v1/feeds/%d" % fa, headers=A, json_body={"fulltext": "sometimes"})
    check("feeds: bad fulltext value is 400", r.status == 400, r.status)
    r = c.req("PATCH", "/api/v1/feeds/%d" % fb, headers=A, json_body={"folder": "mine now"})
    check("feeds: another user's feed is 404", r.status == 404, r.status)
    r = c.req("DELETE", "/api/v1/feeds/%d" % fb, headers=A)
    check("feeds: deleting another user's feed is 404", r.status == 404, r.status)
    check("feeds: bob's feed still there", srv.sql("SELECT count(*) FROM feeds WHERE id = ?", (fb,))[0][0] == 1)

    r = c.post("/api/v1/feeds", headers=A, json_body={"url": "javascript:alert(1)"})
    check("feeds: add refuses a javascript: URL", r.status == 400, r.text)
    r = c.post("/api/v1/feeds", headers=A, json_body={"url": "file:///etc/passwd"})
    check("feeds: add refuses a file: URL", r.status == 400, r.text)
    r = c.post("/api/v1/feeds", headers=A, json_body={})
    check("feeds: add without url is 400", r.status == 400, r.text)

    r = c.get("/api/v1/articles", headers=A)
    arts = r.json() if r.status == 200 else []
    check("articles: unread list", sorted(a["id"] for a in arts) == sorted(arts_a), r.text[:300])
    # Two worker threads, one cache each: of three identical GETs with no write between them,
    # one thread answers twice (pigeonhole), so at least one answer is a hit.
    hits = [c.get("/api/v1/articles", headers=A).headers.get("X-Cache") for _ in range(3)]
    check("cache: a repeated list is answered from the cache", "hit" in hits, hits)
    srv.sql("INSERT INTO articles(feed_id, dedup_key, title, fetched, text) VALUES (?, 'g:late', 'Late arrival', "
            "strftime('%s','now'), 'late text')", (fa,))
    late = srv.sql("SELECT id FROM articles WHERE dedup_key = 'g:late'")[0][0]
    r = c.get("/api/v1/articles", headers=A)
    check("cache: a commit from another process invalidates it", late in [a["id"] for a in r.json()], r.text[:300])
    srv.sql("DELETE FROM articles WHERE id = ?", (late,))
    r = c.get("/api/v1/articles", headers=A)
    check("cache: and so does a delete", late not in [a["id"] for a in r.json()], r.text[:300])
    r = c.get("/api/v1/articles?view=bogus", headers=A)
    check("articles: bad view is 400", r.status == 400, r.status)
    r = c.get("/api/v1/articles?limit=100000", headers=A)
    check("articles: limit over the cap is 400", r.status == 400, r.status)
    # Keyset paging: each page starts strictly after the previous page's last cursor, and the
    # pages together are the full list in order (the same as one big page, and as offset).
    full = c.get("/api/v1/articles?view=all&limit=200", headers=A).json()
    pages, before = [], None
    for _ in range(10):
        r = c.get("/api/v1/articles?view=all&limit=1" + ("&before=" + before if before else ""), headers=A)
        if r.status != 200 or not r.json():
            break
        pages += [a["id"] for a in r.json()]
        before = r.json()[-1]["cursor"]
    check("articles: cursor pages walk the whole list in order", len(full) >= 3 and pages == [a["id"] for a in full],
          (pages, [a["id"] for a in full]))
    r = c.get("/api/v1/articles?view=all&limit=1&offset=1", headers=A)
    check("articles: offset agrees with the cursor", r.status == 200 and [a["id"] for a in r.json()] == pages[1:2],
          r.text[:200])
    r = c.get("/api/v1/articles?before=12x", headers=A)
    check("articles: malformed cursor is 400", r.status == 400, r.status)
    r = c.get("/api/v1/articles/%d" % arts_a[0], headers=A)
    check("articles: one, with sanitized html", r.status == 200 and "<p>" in r.json()["html"], r.text[:300])
    r = c.get("/api/v1/articles/%d" % arts_b[0], headers=A)
    check("articles: another user's article is 404", r.status == 404, r.status)
    r = c.post("/api/v1/articles/%d" % arts_b[0], headers=A, json_body={"read": True})
    check("articles: marking another user's article is 404", r.status == 404, r.status)
    check("articles: bob's state untouched",
          srv.sql("SELECT count(*) FROM article_state WHERE article_id = ?", (arts_b[0],))[0][0] == 0)
    r = c.get("/api/v1/articles/999999", headers=A)
    check("articles: missing id is 404", r.status == 404, r.status)

    r = c.post("/api/v1/articles/%d" % arts_a[0], headers=A, json_body={"read": True, "starred": True})
    check("articles: mark read + star", r.status == 200 and r.json()["read"] and r.json()["starred"], r.text)
    r = c.get("/api/v1/articles?view=unread", headers=A)
    check("articles: read one left the unread list", arts_a[0] not in [a["id"] for a in r.json()], r.text[:200])
    r = c.get("/api/v1/articles?view=starred", headers=A)
    check("articles: starred view", [a["id"] for a in r.json()] == [arts_a[0]], r.text[:200])
    r = c.post("/api/v1/articles/%d" % arts_a[0], headers=A, json_body={})
    check("articles: state without fields is 400", r.status == 400, r.status)

    r = c.get("/api/v1/search?q=volcano", headers=A)
    groups = r.json() if r.status == 200 else []
    hits = [a for g in groups for a in g["articles"]]
    check("search: finds the user's articles", len(hits) == 3, r.text[:300])
    check("search: snippets mark the hit", hits and "<mark>volcano</mark>" in hits[0]["snippet_html"], hits[:1])
    r = c.get("/api/v1/search?q=secret", headers=A)
    check("search: never another user's articles", r.status == 200 and r.json() == [], r.text[:200])
    r = c.get("/api/v1/search?q=%22unbalanced%20OR%20(NEAR", headers=A)
    check("search: FTS syntax in input is inert", r.status == 200, r.text[:200])
    # A trailing * is a prefix (FTS5's syntax, which readers type); a bare stem is not.
    got = {q: sum(len(g["articles"]) for g in c.get("/api/v1/search?q=" + q, headers=A).json())
           for q in ("volc*", "volc", "VOLC**", "v*", "secr*")}
    check("search: volc* finds what volcano finds; volc, v* and another user's words do not",
          got == {"volc*": 3, "volc": 0, "VOLC**": 3, "v*": 0, "secr*": 0}, got)
    r = c.get("/api/v1/search", headers=A)
    check("search: missing q is 400", r.status == 400, r.status)
    search_ranking(srv, c, A, fa)

    r = c.post("/api/v1/articles/mark-all-read", headers=A, json_body={"feed": fa})
    check("mark-all-read: marks the rest", r.status == 200 and r.json()["marked"] == 3, r.text)
    r = c.get("/api/v1/articles", headers=A)
    check("mark-all-read: unread list empty", r.json() == [], r.text[:200])

    r = c.get("/api/v1/stories", headers=A)
    stories = r.json() if r.status == 200 else []
    mine = set(x[0] for x in srv.sql("SELECT DISTINCT story_id FROM articles WHERE feed_id = ? AND story_id IS NOT NULL", (fa,)))
    bobs = set(x[0] for x in srv.sql("SELECT DISTINCT story_id FROM articles WHERE feed_id = ? AND story_id IS NOT NULL", (fb,)))
    check("stories: the user's stories, not another user's",
          mine and set(s["id"] for s in stories) == mine - bobs | (mine & bobs), [s["id"] for s in stories])
    check("stories: none of bob's own", not (set(s["id"] for s in stories) & (bobs - mine)), bobs)
    if mine:
        sid = sorted(mine)[0]
        r = c.get("/api/v1/stories/%d" % sid, headers=A)
        check("stories: detail with a timeline", r.status == 200 and r.json().get("timeline"), r.text[:200])
        r = c.get("/api/v1/stories/%d/thread" % sid, headers=A)
        check("stories: thread", r.status == 200 and "stories" in r.json(), r.text[:200])
    for b in sorted(bobs - mine)[:1]:
        r = c.get("/api/v1/stories/%d" % b, headers=A)
        check("stories: another user's story is 404", r.status == 404, r.status)
        r = c.post("/api/v1/stories/split", headers=A, json_body={"article": arts_b[0]})
        check("stories: splitting another user's article is 404", r.status == 404, r.status)
    r = c.post("/api/v1/stories/split", headers=A, json_body={"article": arts_a[1]})
    check("stories: split an article out", r.status == 200 and r.json().get("story") == arts_a[1], r.text)
    check("stories: split recorded", srv.sql("SELECT story_id FROM articles WHERE id = ?", (arts_a[1],))[0][0] == arts_a[1])

    r = c.get("/api/v1/opml", headers=A)
    check("opml: export lists the feed", r.status == 200 and "alice.xml" in r.text and "bob.xml" not in r.text,
          r.text[:300])
    opml = ('<?xml version="1.0"?><opml version="2.0"><body><outline text="Tech">'
            '<outline type="rss" text="Imported" xmlUrl="http://127.0.0.1:9/imported.xml"/>'
            '<outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/></outline></body></opml>')
    r = c.post("/api/v1/opml", headers=A, data=opml.encode(), ctype="text/x-opml")
    check("opml: import adds http feeds only", r.status == 200 and r.json()["added"] == 1, r.text)
    r = c.get("/api/v1/feeds", headers=A)
    check("opml: imported feed in its folder",
          any(f["url"].endswith("imported.xml") and f["folder"] == "Tech" for f in r.json()), r.text[:400])
    # "added" counts the user's new subscriptions: again, nothing; bob's feed, new to alice.
    r = c.post("/api/v1/opml", headers=A, data=opml.encode(), ctype="text/x-opml")
    check("opml: importing again adds nothing", r.status == 200 and r.json()["added"] == 0, r.text)
    both = opml.replace("imported.xml", "bob.xml")
    r = c.post("/api/v1/opml", headers=A, data=both.encode(), ctype="text/x-opml")
    check("opml: another user's feed is a new subscription", r.status == 200 and r.json()["added"] == 1, r.text)
    srv.sql("DELETE FROM subscriptions WHERE user_id = ? AND feed_id = ?", (alice_id(srv), fb))   # bob's again
    path = os.path.join(srv.dir, "cli.opml")
    open(path, "w").write(opml.replace("imported.xml", "cli-only.xml").replace("Imported", "CliOnly"))
    srv.cli("user", "add", "carol", "--password-stdin", stdin="carol password 1\n")
    srv.sql("INSERT INTO feeds(url) VALUES ('http://127.0.0.1:9/cli-only.xml')")
    carol = srv.sql("SELECT id FROM users WHERE name = 'carol'")[0][0]
    srv.sql("INSERT INTO subscriptions(user_id, feed_id) SELECT ?, id FROM feeds WHERE url LIKE '%cli-only.xml'", (carol,))
    r = srv.cli("import", path)
    check("cli import: a feed only another user reads is added for this one", r.returncode == 0
          and "1 added, 0 already subscribed" in r.stdout, r.stdout + r.stderr)

    # Sessions: the API also accepts the browser session, but unsafe methods need the CSRF token.
    s = srv.client()
    r = s.login("alice", "wrong password")
    check("login: wrong password is refused", r.status == 401, r.status)
    r = s.login("alice", "correct horse battery")
    check("login: session cookie set", r.status == 303 and s.csrf, r.status)
    r = s.get("/api/v1/me")
    check("session: /me", r.status == 200 and r.json()["auth"] == "session", r.text)
    r = s.post("/api/v1/articles/%d" % arts_a[1], json_body={"read": False})
    check("session: API write without CSRF is 403", r.status == 403, r.status)
    r = s.post("/api/v1/articles/%d" % arts_a[1], json_body={"read": False}, headers={"X-CSRF-Token": "f" * 64})
    check("session: API write with a wrong CSRF token is 403", r.status == 403, r.status)
    r = s.post("/api/v1/articles/%d" % arts_a[1], json_body={"read": False}, headers={"X-CSRF-Token": s.csrf})
    check("session: API write with CSRF works", r.status == 200 and r.json()["read"] is False, r.text)
    r = s.post("/article/%d/star" % arts_a[1], {"value": "1", "next": "/articles"})
    check("form: POST without csrf field is 403", r.status == 403, r.status)
    r = s.post("/article/%d/star" % arts_a[1], {"value": "1", "next": "/articles", "csrf": s.csrf})
    check("form: POST with csrf field redirects", r.status == 303, r.status)
    r = s.post("/article/%d/star" % arts_b[1], {"value": "1", "csrf": s.csrf})
    check("form: another user's article is 404", r.status == 404, r.status)
    r = s.post("/article/%d/read" % arts_a[1], {"value": "1", "next": "//evil.example/", "csrf": s.csrf})
    check("form: open redirect refused", r.status == 303 and r.headers.get("Location") == "/", r.headers.get("Location"))

    # Pages need a session; without one they redirect to the login page.
    r = c.get("/articles")
    check("pages: anonymous is redirected to login", r.status == 303 and "/login" in r.headers.get("Location", ""),
          r.status)
    for path in ["/", "/story/%d" % arts_a[1], "/articles", "/articles?view=all", "/articles?view=starred", "/feeds", "/search?q=lava",
                 "/article/%d" % arts_a[2], "/feeds/export.opml"]:
        r = s.get(path)
        check("pages: %s renders" % path, r.status == 200, "%s %s" % (r.status, r.text[:200]))
        check("pages: %s has the security headers" % path,
              "script-src 'self'" in r.headers.get("Content-Security-Policy", "")
              and r.headers.get("X-Content-Type-Options") == "nosniff"
              and r.headers.get("X-Frame-Options") == "DENY"
              and r.headers.get("Referrer-Policy") == "no-referrer", dict(r.headers))
    r = s.get("/article/%d" % arts_b[1])
    check("pages: another user's article page is 404", r.status == 404, r.status)
    session_end_beats_cache(srv)
    feeds_notices(srv, fa)
    long_story_says_it_is_cut(srv, fa, A)

    # The list's "Older" link pages by cursor: 60 more articles make two pages of 50, the
    # second holding exactly the rest, none repeated.
    for i in range(60):
        srv.sql("INSERT INTO articles(feed_id, dedup_key, title, fetched, text) VALUES (?, ?, ?, ?, 'x')",
                (fa, "g:pager%d" % i, "Pager %d" % i, 1000000 + i))
    total = srv.sql("SELECT count(*) FROM articles a JOIN subscriptions s ON s.feed_id = a.feed_id"
                    " WHERE s.user_id = ? AND a.canonical_id IS NULL", (alice_id(srv),))[0][0]
    r = s.get("/articles?view=all")
    older = [u.replace("&amp;", "&") for u in re.findall(r'href="(/articles\?[^"]*before=[^"]*)"', r.text)]
    first = set(re.findall(r'data-id="(\d+)"', r.text))
    check("pages: the list links its older page by cursor", r.status == 200 and len(older) == 1, older)
    r2 = s.get(older[0]) if older else r
    second = set(re.findall(r'data-id="(\d+)"', r2.text))
    check("pages: the older page holds the rest, none repeated",
          len(first) == 50 and not (first & second) and len(first | second) == total, (len(first), len(second), total))
    srv.sql("DELETE FROM articles WHERE dedup_key LIKE 'g:pager%'")
    r = s.get("/static/app.js")
    check("static: app.js served as JavaScript", r.status == 200 and "javascript" in r.headers.get("Content-Type", ""),
          r.status)

    # Oversized requests.
    # The server answers 413 from Content-Length before reading the body, so send the
    # headers and the start of the body by hand and read the answer.
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    sock.sendall(("POST /api/v1/opml HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                  "Content-Type: text/x-opml\r\nContent-Length: %d\r\n\r\n" % (tok_a, 2 << 20)).encode()
                 + b"x" * 65536)
    data = sock.recv(4096)
    sock.close()
    check("oversized body: 413", data.startswith(b"HTTP/1.1 413"), data[:80])
    r = c.post("/api/v1/opml", headers=A, data=b"<opml" + b" " * 1000000, ctype="text/x-opml")
    check("body just under the cap is read (and refused as bad OPML)", r.status == 400, r.status)
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    sock.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n" + b"X-Pad: " + b"a" * 200000 + b"\r\n\r\n")
    try:
        data = sock.recv(4096)
    except OSError:
        data = b""
    sock.close()
    check("oversized headers: refused", not data.startswith(b"HTTP/1.1 200"), data[:80])

    # A slow client (half a request line, then silence) is cut off after the idle timeout.
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    sock.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    t0 = time.time()
    try:
        data = sock.recv(4096)
    except OSError:
        data = b""
    waited = time.time() - t0
    sock.close()
    check("slow client: connection closed by the server after the idle timeout", data == b"" and 1.5 <= waited < 25,
          "%r after %.1f s" % (data[:60], waited))

    # Revoked tokens stop working, on a cached list too: a cache hit that skips the database
    # is taken only while nothing has committed since the token was accepted.
    cached = [c.get("/api/v1/articles", headers=bearer(tok_b)) for _ in range(4)]
    check("cache: bob's list answered (and cached) before the revoke", all(x.status == 200 for x in cached)
          and "hit" in [x.headers.get("X-Cache") for x in cached], [x.status for x in cached])
    r = srv.cli("user", "revoke", "bob", "test")
    for _ in range(3):
        r = c.get("/api/v1/articles", headers=bearer(tok_b))
        check("revoked token: a cached list is refused (401)", r.status == 401, r.status)
    r = c.get("/api/v1/me", headers=bearer(tok_b))
    check("revoked token: 401", r.status == 401, r.status)
    r = c.req("DELETE", "/api/v1/feeds/%d" % fa, headers=A)
    check("feeds: delete own feed", r.status == 200, r.text)
    r = c.get("/api/v1/feeds", headers=A)
    check("feeds: gone after delete", all(f["id"] != fa for f in r.json()), r.text[:200])


if __name__ == "__main__":
    sys.exit(main())
