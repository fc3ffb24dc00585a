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
story page's "related stories")."""
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


if __name__ == "__main__":
    sys.exit(main())
