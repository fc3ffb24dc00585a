#!/usr/bin/env python3
"""web_copies.py — stories as a user who reads only some outlets sees them, on the shipped
sample set (sample/: six outlets, wire copies folded under the earliest copy).

alice reads every outlet; bob reads only Northgate Tribune, whose wire stories are copies of
articles in feeds bob does not read. Checked: each story on bob's top page opens (it was a
404: the story page listed canonicals only); bob's story page and the API's story detail list
his own articles and no other user's; the story cards count entries, not entries plus their
copies ("3 articles · 5 unread" before), on the page and in /api/v1/stories. bob's lists,
feed counts and search show all his outlet's articles (they showed the 2 of 6 that are not
copies); and for alice, reading a copy reads its canonical (copy groups are read together,
as in the sync APIs), and marking the canonical unread makes the copies unread. A thread
joining bob's story to one only alice reads lists, for bob, his stories only (API and the
story page's "related stories"). "Mark all read" (the web form and the API, per feed and per
story) reads whole copy groups too: marking the outlet that carries the copies reads their
canonicals elsewhere, and a story's copies in other stories; bob's marks stay his."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from nfserver import Server, check, failures  # noqa: E402

ROOT = os.environ.get("NEWSFOLD_ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CARD = re.compile(r'<h2><a href="/story/(\d+)">.*?· (\d+) articles? (?:· <strong>(\d+) unread</strong> )?<svg', re.S)


def load_sample(srv):
    opml = open(os.path.join(ROOT, "sample", "sample.opml")).read()
    path = os.path.join(srv.dir, "sample.opml")
    open(path, "w").write(opml.replace("file:///SAMPLE_DIR", "file://" + os.path.join(ROOT, "sample")))
    for args in (("import", path), ("refresh", "--all"), ("stories", "--json")):
        r = srv.cli(*args)
        if r.returncode != 0:
            raise RuntimeError("%s: %s" % (args[0], r.stderr[-300:]))


def main():
    srv = Server(["--no-refresh"])
    srv.add_user("alice", "alice password 1")   # user 1: the import subscribes her to all six
    bob = srv.add_user("bob", "bob password 22")
    load_sample(srv)
    nt = srv.sql("SELECT id FROM feeds WHERE title = 'Northgate Tribune'")[0][0]
    srv.sql("INSERT INTO subscriptions(user_id, feed_id) VALUES (?, ?)", (bob, nt))
    bobs = set(r[0] for r in srv.sql("SELECT id FROM articles WHERE feed_id = ?", (nt,)))
    copies_only = srv.sql("SELECT count(*) FROM articles WHERE feed_id = ? AND canonical_id IS NOT NULL", (nt,))[0][0]
    check("fixture: bob's outlet carries wire copies", copies_only >= 2, copies_only)
    tok_b = srv.token("bob")
    srv.start()
    try:
        run(srv, bobs, tok_b)
    finally:
        srv.stop()
    return 1 if failures() else 0


def run(srv, bobs, tok_b):
    b = srv.client()
    b.login("bob", "bob password 22")
    cards = CARD.findall(b.get("/").text)
    check("bob: top stories listed", len(cards) >= 2, cards)
    bad = []
    for sid, n, unread in cards:
        r = b.get("/story/" + sid)
        ids = set(int(x) for x in re.findall(r'<li class="item" data-id="(\d+)"', r.text))
        if r.status != 200 or not ids or not ids <= bobs or len(ids) != int(n):
            bad.append((sid, r.status, sorted(ids), n))
    check("bob: every listed story opens with his own articles, as many as its card says", not bad, bad)
    H = {"Authorization": "Bearer " + tok_b}
    leaks = []
    for sid, _, _ in cards:
        d = b.get("/api/v1/stories/" + sid, headers=H).json()
        ids = set(e["id"] for e in d["timeline"]) | set(c["id"] for e in d["timeline"] for c in e["copies"])
        if not ids or not ids <= bobs:
            leaks.append((sid, sorted(ids)))
    check("bob: API story detail lists only his articles", not leaks, leaks)
    titles = dict(srv.sql("SELECT id, title FROM articles WHERE id IN (%s)" % ",".join(map(str, bobs))))
    wrong = [(e["id"], e.get("title")) for sid, _, _ in cards
             for e in b.get("/api/v1/stories/" + sid, headers=H).json()["timeline"] if e.get("title") != titles.get(e["id"])]
    check("bob: each entry of his timeline carries its own headline", not wrong, wrong)
    listed = set(int(x) for x in re.findall(r'<article class="item[^"]*" data-id="(\d+)"', b.get("/articles?view=all").text))
    check("bob: the article list shows every article of his outlet, copies included", listed == bobs,
          (sorted(listed), sorted(bobs)))
    api = set(x["id"] for x in b.get("/api/v1/articles?view=unread&limit=200", headers=H).json())
    check("bob: the API's unread list too", api == bobs, (sorted(api), sorted(bobs)))
    feeds = b.get("/api/v1/feeds", headers=H).json()
    check("bob: his feed counts them", [(f["articles"], f["unread"]) for f in feeds] == [(len(bobs), len(bobs))],
          [(f["articles"], f["unread"]) for f in feeds])
    copy = srv.sql("SELECT id, title FROM articles WHERE id IN (%s) AND canonical_id IS NOT NULL LIMIT 1"
                   % ",".join(map(str, bobs)))[0]
    word = max(re.findall(r"[A-Za-z]{5,}", copy[1]), key=len)
    found = set(x["id"] for g in b.get("/api/v1/search?q=" + word, headers=H).json() for x in g["articles"])
    check("bob: search finds his copies", copy[0] in found, (copy, word, found))

    # A thread joining bob's story to one only alice reads: bob sees his own stories of it.
    mine = srv.sql("SELECT story_id FROM articles WHERE canonical_id IS NULL AND story_id IS NOT NULL AND id IN (%s)"
                   " LIMIT 1" % ",".join(map(str, bobs)))[0][0]
    other = srv.sql("SELECT s.id, s.title FROM stories s WHERE s.merged_into IS NULL AND NOT EXISTS"
                    " (SELECT 1 FROM articles a WHERE a.story_id = s.id AND a.id IN (%s)) LIMIT 1"
                    % ",".join(map(str, bobs)))[0]
    srv.sql("UPDATE stories SET thread_id = ? WHERE id IN (?, ?)", (mine, mine, other[0]))
    t = b.get("/api/v1/stories/%d/thread" % mine, headers=H).json()
    ids = [x["id"] for x in t.get("stories", [])]
    check("bob: a thread lists his stories only", mine in ids and other[0] not in ids, (mine, other, ids))
    page = b.get("/story/%d" % mine).text
    check("bob: related stories leave out alice's", "/story/%d\"" % other[0] not in page, other)

    a = srv.client()
    a.login("alice", "alice password 1")
    page = a.get("/story/%d" % mine).text
    check("alice: related stories list the thread's other story", "/story/%d\"" % other[0] in page, other)
    cards = CARD.findall(a.get("/").text)
    wrong = []
    for sid, n, unread in cards:
        canon = srv.sql("SELECT count(*) FROM articles WHERE story_id = ? AND canonical_id IS NULL", (int(sid),))[0][0]
        if int(n) != canon or int(unread or 0) != canon:
            wrong.append((sid, n, unread, canon))
    check("alice: cards count each article once, copies not unread twice", cards and not wrong, wrong)
    api = {s["id"]: s.get("unread") for s in a.get("/api/v1/stories?limit=100", headers={
        "Authorization": "Bearer " + srv.token("alice")}).json()}
    wrong = [(sid, api.get(int(sid)), n) for sid, n, _ in cards if api.get(int(sid)) != int(n)]
    check("alice: API unread counts match the cards", cards and not wrong, wrong)
    A = {"Authorization": "Bearer " + srv.token("alice", "second")}
    canon, cp = srv.sql("SELECT canonical_id, id FROM articles WHERE canonical_id IS NOT NULL LIMIT 1")[0]
    a.get("/article/%d" % cp)   # opening a copy reads it
    got = [a.get("/api/v1/articles/%d" % x, headers=A).json()["read"] for x in (canon, cp)]
    check("alice: reading a copy reads its canonical", got == [True, True], got)
    a.post("/api/v1/articles/%d" % canon, headers=dict(A), json_body={"read": False})
    got = [a.get("/api/v1/articles/%d" % x, headers=A).json()["read"] for x in (canon, cp)]
    check("alice: marking the canonical unread marks its copy unread", got == [False, False], got)
    mark_all(srv, a, A)


def groups_of(srv, where, args=()):
    """Every article whose copy group (canonical and copies) has a row matching where."""
    return set(r[0] for r in srv.sql(
        "SELECT x.id FROM articles x WHERE coalesce(x.canonical_id, x.id) IN"
        " (SELECT coalesce(canonical_id, id) FROM articles WHERE %s)" % where, args))


def alice_read(srv):
    return set(r[0] for r in srv.sql("SELECT article_id FROM article_state WHERE user_id = 1 AND read = 1"))


def mark_all(srv, a, A):
    """alice's "Mark all read" on Northgate Tribune (whose wire stories are copies of other
    outlets' articles) through the web form, then on one story through the API: each reads
    the whole copy groups, as reading one article does. Before, the web and the API marked
    the scope's own rows only, leaving the canonicals unread in the other outlets."""
    nt = srv.sql("SELECT id FROM feeds WHERE title = 'Northgate Tribune'")[0][0]
    bob_before = srv.sql("SELECT article_id, read FROM article_state WHERE user_id = 2 ORDER BY 1")
    srv.sql("DELETE FROM article_state WHERE user_id = 1")
    r = a.post("/articles/mark-all-read", {"csrf": a.csrf, "feed": str(nt), "next": "/articles"})
    want = groups_of(srv, "feed_id = ?", (nt,))
    canons = set(r[0] for r in srv.sql("SELECT canonical_id FROM articles WHERE feed_id = ? AND canonical_id IS NOT NULL", (nt,)))
    got = alice_read(srv)
    check("mark all read (web, one outlet): its copies' canonicals in other outlets are read",
          r.status == 303 and canons and got == want and canons <= got, (r.status, sorted(want - got), sorted(got - want)))
    unread = set(x["id"] for x in a.get("/api/v1/articles?view=unread&limit=200", headers=A).json())
    check("mark all read (web): no canonical of the outlet's copies left in the unread list", not unread & canons,
          sorted(unread & canons))

    srv.sql("DELETE FROM article_state WHERE user_id = 1")
    sid = srv.sql("SELECT c.story_id FROM articles c JOIN articles k ON k.id = c.canonical_id AND k.story_id = c.story_id"
                  " WHERE c.story_id IS NOT NULL LIMIT 1")[0][0]
    srv.sql("UPDATE articles SET story_id = NULL WHERE canonical_id IS NOT NULL AND story_id = ?", (sid,))
    want = groups_of(srv, "story_id = ?", (sid,))
    own = set(r[0] for r in srv.sql("SELECT id FROM articles WHERE story_id = ?", (sid,)))
    r = a.post("/api/v1/articles/mark-all-read", headers=A, json_body={"story": sid})
    got = alice_read(srv)
    check("mark all read (API, one story): the story's copies, moved out of it, are read too",
          r.status == 200 and want > own and got == want and r.json().get("marked") == len(want),
          (r.status, r.text, sorted(own), sorted(want), sorted(got)))
    check("mark all read: bob's marks untouched",
          srv.sql("SELECT article_id, read FROM article_state WHERE user_id = 2 ORDER BY 1") == bob_before, "")


if __name__ == "__main__":
    sys.exit(main())
