"""Google Reader API against a running `newsfold serve`: ClientLogin, auth failures, every
endpoint, folded copies shown once, marks following copies, another user's item ids, paging,
Atom output, subscription edits, token revocation and login rate limiting."""
import json
import os
import shutil
import sqlite3
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clientapi"))
import common as C  # noqa: E402

API = "/reader/api/0/"
ITEM = "tag:google.com,2005:reader/item/"


def long_id(n):
    return f"{ITEM}{n:016x}"


def short_ids(items):
    return {int(i["id"][len(ITEM):], 16) for i in items}


def login(base, name, pw):
    return C.request(base, "/accounts/ClientLogin", {"Email": name, "Passwd": pw})


def auth_token(body):
    for line in body.splitlines():
        if line.startswith("Auth="):
            return line[5:]
    return None


class Client:
    def __init__(self, base, token):
        self.base, self.h = base, {"Authorization": "GoogleLogin auth=" + token}

    def get(self, path, **params):
        q = ("?" + urllib.parse.urlencode(params)) if params else ""
        return C.request(self.base, API + path + q, headers=self.h)

    def json(self, path, **params):
        st, body, _ = self.get(path, output="json", **params)
        return st, (json.loads(body) if st == 200 else body)

    def post(self, path, data):
        return C.request(self.base, API + path, data, headers=self.h)


def stream(cl, sid, **params):
    st, d = cl.json("stream/contents/" + urllib.parse.quote(sid, safe=""), **params)
    return d["items"] if st == 200 else None, d


def test_login(base):
    st, body, _ = login(base, "alice", "wrong password")
    C.check("clientlogin_wrong_password_401", st == 401 and "Auth=" not in body, f"{st} {body!r}")
    st, body, _ = login(base, "nobody", "whatever123")
    C.check("clientlogin_unknown_user_401", st == 401, str(st))
    st, body, _ = C.request(base, "/accounts/ClientLogin", {"Email": "alice"})
    C.check("clientlogin_missing_passwd_400", st == 400, str(st))
    st, body, _ = login(base, "alice", C.PASSWORDS["alice"])
    tok = auth_token(body)
    C.check("clientlogin_ok", st == 200 and tok and "SID=" in body and len(tok) == 64, f"{st} {body!r}")
    st, body, _ = C.request(base, "/api/greader.php/accounts/ClientLogin",
                            {"Email": "bob", "Passwd": C.PASSWORDS["bob"]})
    C.check("clientlogin_freshrss_prefix", st == 200 and auth_token(body), str(st))
    return tok, auth_token(body)


def test_auth_required(base, db):
    st, _, _ = C.request(base, API + "user-info")
    C.check("no_auth_header_401", st == 401, str(st))
    st, _, _ = C.request(base, API + "user-info", headers={"Authorization": "GoogleLogin auth=" + "0" * 64})
    C.check("bad_token_401", st == 401, str(st))
    st, _, _ = C.request(base, API + "user-info", headers={"Authorization": "Bearer " + "0" * 64})
    C.check("wrong_scheme_401", st == 401, str(st))


def test_basics(alice, ids):
    st, d = alice.json("user-info")
    C.check("user_info", st == 200 and d["userName"] == "alice" and d["userId"] == "1", str(d))
    st, body, _ = alice.get("token")
    C.check("token_endpoint", st == 200 and len(body.strip()) >= 32, body)
    st, d = alice.json("subscription/list")
    subs = {s["id"]: s for s in d["subscriptions"]} if st == 200 else {}
    a, b, c = ("feed/" + C.FEEDS[k][0] for k in "ABC")
    C.check("subscription_list_own_feeds", set(subs) == {a, b}, str(list(subs)))
    C.check("subscription_list_folder_label",
            subs.get(a, {}).get("categories") == [{"id": "user/-/label/News", "label": "News"}]
            and subs.get(a, {}).get("title") == "Alpha News", str(subs.get(a)))
    st, d = alice.json("tag/list")
    tags = {t["id"] for t in d.get("tags", [])} if st == 200 else set()
    C.check("tag_list", {"user/-/state/com.google/starred", "user/-/label/News"} <= tags, str(tags))
    st, d = alice.json("unread-count")
    counts = {u["id"]: u["count"] for u in d.get("unreadcounts", [])} if st == 200 else {}
    # alice sees a1 a2 a3 d1 (b1 is a copy of a1 and folded away): 4 unread.
    C.check("unread_count", counts.get("user/-/state/com.google/reading-list") == 4
            and counts.get(a) == 3 and counts.get("user/-/label/News") == 3, str(counts))


def test_streams(alice, bob, ids):
    items, d = stream(alice, "user/-/state/com.google/reading-list", n=50)
    got = short_ids(items or [])
    C.check("reading_list_copies_once", got == {ids["a1"], ids["a2"], ids["a3"], ids["d1"]},
            f"{sorted(got)} ids={ids}")
    C.check("reading_list_newest_first", items and [short_ids([i]).pop() for i in items]
            == [ids["d1"], ids["a3"], ids["a2"], ids["a1"]], str([i["title"] for i in items or []]))
    a2 = next((i for i in items or [] if i["title"] == "Story a2"), None)
    html = a2["summary"]["content"] if a2 else ""
    C.check("item_html_sanitized", a2 and "<script" not in html and "onerror" not in html and "x" in html, html)
    C.check("item_shape", a2 and a2["origin"]["streamId"] == "feed/" + C.FEEDS["A"][0]
            and a2["canonical"][0]["href"].endswith("/a2.html") and "user/-/label/News" in a2["categories"]
            and a2["timestampUsec"].isdigit() and isinstance(a2["published"], int), json.dumps(a2)[:300])
    items, _ = stream(bob, "user/-/state/com.google/reading-list", n=50)
    got = short_ids(items or [])
    # bob cannot see d1, so its copy c2 stands for it; he sees none of alice's B feed.
    C.check("copy_shown_when_canonical_invisible", got == {ids["a1"], ids["a2"], ids["a3"], ids["c1"], ids["c2"]},
            str(sorted(got)))
    items, _ = stream(alice, "feed/" + C.FEEDS["A"][0])
    C.check("feed_stream", short_ids(items or []) == {ids["a1"], ids["a2"], ids["a3"]}, str(items))
    items, _ = stream(alice, "feed/" + C.FEEDS["C"][0])
    C.check("other_users_feed_stream_empty", items == [], str(items))
    items, _ = stream(alice, "user/-/label/News")
    C.check("label_stream", short_ids(items or []) == {ids["a1"], ids["a2"], ids["a3"]}, str(items))
    # Paging: 2 + 2, no overlap, continuation only while full pages come back.
    p1, d1 = stream(alice, "user/-/state/com.google/reading-list", n=2)
    p2, d2 = stream(alice, "user/-/state/com.google/reading-list", n=2, c=d1.get("continuation", ""))
    p3, d3 = stream(alice, "user/-/state/com.google/reading-list", n=2, c=d2.get("continuation", ""))
    C.check("paging_continuation", p1 and p2 is not None and len(p1) == 2 and len(p2) == 2
            and not (short_ids(p1) & short_ids(p2)) and p3 == [] and "continuation" in d1, f"{d1.get('continuation')}")
    old, _ = stream(alice, "user/-/state/com.google/reading-list", n=1, r="o")
    C.check("oldest_first", old and short_ids(old) == {ids["a1"]}, str(old))
    st, d = alice.json("stream/contents", s="feed/" + C.FEEDS["A"][0], n=1)
    C.check("stream_id_as_query_param", st == 200 and len(d["items"]) == 1, str(d)[:200])


def item_refs(cl, **params):
    st, d = cl.json("stream/items/ids", **params)
    return {int(r["id"]) for r in d.get("itemRefs", [])} if st == 200 else None


def ordered_refs(cl, **params):
    st, d = cl.json("stream/items/ids", **params)
    return ([r["id"] for r in d.get("itemRefs", [])], d.get("continuation")) if st == 200 else (None, None)


def test_long_id_lists(alice, bob, db, ids):
    """n >= 2000 is answered from the in-memory item index (serve/itemidx.h), n = 100 by SQL:
    the same ids in the same order for every filter, for each user, after a read mark and
    after new articles (which must rebuild the index)."""
    RL, READ = "user/-/state/com.google/reading-list", "user/-/state/com.google/read"
    cases = [dict(s=RL), dict(s=RL, xt=READ), dict(s=RL, it=READ), dict(s=RL, r="o"),
             dict(s="user/-/label/News"), dict(s=RL, xt=READ, r="o")]

    def same(tag):
        for who, cl in (("alice", alice), ("bob", bob)):
            for c in cases:
                small, _ = ordered_refs(cl, n=100, **c)
                big, cont = ordered_refs(cl, n=5000, **c)
                C.check(f"long_ids_{tag}_{who}_{'_'.join(f'{k}={v}' for k, v in c.items())}",
                        small is not None and small == big and cont is None, f"{small} vs {big} ({cont})")
    same("initial")
    big, _ = ordered_refs(alice, n=5000, s=RL, xt=READ)
    C.check("long_ids_copies_once", big is not None and str(ids["b1"]) not in big and str(ids["a1"]) in big, str(big))
    alice.post("edit-tag", [("i", str(ids["a2"])), ("a", READ)])
    same("after_mark")
    con = sqlite3.connect(db)
    con.execute("INSERT INTO articles(feed_id, dedup_key, url, title, published, fetched, text)"
                " SELECT feed_id, 'g:late', 'http://127.0.0.1:9/late.html', 'Late story', fetched + 50000, fetched, 'x'"
                " FROM articles WHERE id = ?", (ids["a3"],))
    late = con.execute("SELECT id FROM articles WHERE dedup_key = 'g:late'").fetchone()[0]
    con.commit()
    big, _ = ordered_refs(alice, n=5000, s=RL)
    C.check("long_ids_new_article_seen", big is not None and big[:1] == [str(late)], str(big))
    same("after_insert")
    con.execute("DELETE FROM articles WHERE id = ?", (late,))
    con.commit()
    con.close()
    alice.post("edit-tag", [("i", str(ids["a2"])), ("r", READ)])
    big, _ = ordered_refs(alice, n=5000, s=RL)
    C.check("long_ids_deleted_article_gone", big is not None and str(late) not in big, str(big))
    st, _, _ = C.request(alice.base, API + "stream/items/ids?n=5000&s=" + RL, headers={"Authorization": "GoogleLogin auth=" + "0" * 64})
    C.check("long_ids_wrong_token_401", st == 401, str(st))


def test_marks(alice, bob, db, ids):
    before = item_refs(alice, s="user/-/state/com.google/reading-list", xt="user/-/state/com.google/read", n=100)
    C.check("items_ids_unread", before == {ids["a1"], ids["a2"], ids["a3"], ids["d1"]}, str(before))
    st, body, _ = alice.get("edit-tag", i=str(ids["a1"]), a="user/-/state/com.google/read")
    C.check("edit_tag_requires_post", st == 405, str(st))
    st, body, _ = alice.post("edit-tag", [("i", long_id(ids["a1"])), ("a", "user/-/state/com.google/read"),
                                          ("T", "x")])
    C.check("edit_tag_read_ok", st == 200 and body == "OK", f"{st} {body!r}")
    C.check("read_marks_copies", C.state(db, 1, ids["a1"])[0] == 1 and C.state(db, 1, ids["b1"])[0] == 1,
            f"a1={C.state(db, 1, ids['a1'])} b1={C.state(db, 1, ids['b1'])}")
    C.check("read_is_per_user", C.state(db, 2, ids["a1"])[0] == 0, str(C.state(db, 2, ids["a1"])))
    after = item_refs(alice, s="user/-/state/com.google/reading-list", xt="user/-/state/com.google/read", n=100)
    C.check("items_ids_xt_read", after == {ids["a2"], ids["a3"], ids["d1"]}, str(after))
    read = item_refs(alice, s="user/-/state/com.google/read")
    C.check("read_stream", read == {ids["a1"]}, str(read))
    # Unread again via kept-unread / r=read (newsboat sends both forms).
    st, body, _ = alice.post("edit-tag", [("i", str(ids["a1"])), ("r", "user/-/state/com.google/read"),
                                          ("a", "user/-/state/com.google/kept-unread")])
    C.check("edit_tag_unread", body == "OK" and C.state(db, 1, ids["a1"])[0] == 0
            and C.state(db, 1, ids["b1"])[0] == 0, str(C.state(db, 1, ids["a1"])))
    # Another user's item: accepted as a no-op, state untouched, contents not revealed.
    st, body, _ = alice.post("edit-tag", [("i", long_id(ids["c1"])), ("a", "user/-/state/com.google/read")])
    C.check("other_users_item_not_marked", C.state(db, 1, ids["c1"]) == (0, 0) and C.state(db, 2, ids["c1"]) == (0, 0),
            f"{C.state(db, 1, ids['c1'])}")
    st, body, _ = alice.post("stream/items/contents", [("i", long_id(ids["c1"])), ("i", str(ids["a2"])),
                                                       ("i", long_id(ids["a3"]).upper().replace("TAG:GOOGLE.COM,2005:READER/ITEM/", ITEM))])
    d = json.loads(body) if st == 200 else {}
    C.check("items_contents_own_only", short_ids(d.get("items", [])) == {ids["a2"], ids["a3"]}, body[:300])
    st, body, _ = alice.post("stream/items/contents", [("i", "tag:google.com,2005:reader/item/zz"), ("i", "-5")])
    C.check("items_contents_bad_ids", st == 200 and json.loads(body)["items"] == [], body[:200])
    st, body, _ = alice.post("edit-tag", [("i", str(ids["a2"])), ("a", "user/-/state/com.google/starred")])
    starred = item_refs(alice, s="user/-/state/com.google/starred")
    C.check("star", body == "OK" and starred == {ids["a2"]} and C.state(db, 1, ids["a2"])[1] == 1, str(starred))
    alice.post("edit-tag", [("i", str(ids["a2"])), ("r", "user/-/state/com.google/starred")])
    C.check("unstar", item_refs(alice, s="user/-/state/com.google/starred") == set(), "")
    st, body, _ = alice.post("mark-all-as-read", [("s", "feed/" + C.FEEDS["A"][0]),
                                                  ("ts", str(int(time.time() + 5) * 1000000))])
    unread = item_refs(alice, s="user/-/state/com.google/reading-list", xt="user/-/state/com.google/read")
    C.check("mark_all_as_read_feed", body == "OK" and unread == {ids["d1"]}, f"{body!r} {unread}")
    st, body, _ = alice.post("mark-all-as-read", [("s", "feed/http://127.0.0.1:9/unknown.xml")])
    C.check("mark_all_unknown_feed_noop", body == "OK" and C.state(db, 1, ids["d1"])[0] == 0, body)
    C.check("mark_all_leaves_bob", C.state(db, 2, ids["a2"])[0] == 0, "")


def test_client_batches(alice, db, ids):
    """What real clients send beyond the basics: an id as the long form's bare hex tail, a
    mark-all-as-read ts taken from an item's timestampUsec (items arrive after they are
    published), and edit-tag with hundreds of i= fields."""
    READ, STAR = "user/-/state/com.google/read", "user/-/state/com.google/starred"
    con = sqlite3.connect(db)
    t = int(time.time()) - 86400 * 3
    for n in (16, 22):   # 22 is 0x16: the bare hex "0000000000000016" names 22, not 16
        con.execute("INSERT INTO articles(id, feed_id, dedup_key, url, title, published, fetched, text)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, 'x')", (n, ids["A"], f"g:batch{n}", f"http://127.0.0.1:9/b{n}.html",
                                                         f"Batch {n}", t + n, t + n + 86400))
    con.commit()
    con.close()
    st, body, _ = alice.post("edit-tag", [("i", "0000000000000016"), ("a", STAR)])
    C.check("bare_hex_id_is_hex", body == "OK" and C.state(db, 1, 22)[1] == 1 and C.state(db, 1, 16)[1] == 0,
            f"{body!r} 22={C.state(db, 1, 22)} 16={C.state(db, 1, 16)}")
    st, d = alice.json("stream/contents/" + urllib.parse.quote("feed/" + C.FEEDS["A"][0], safe=""), n=50)
    newest = max((int(i["timestampUsec"]) for i in d["items"] if i["id"] == long_id(22)), default=0) if st == 200 else 0
    alice.post("edit-tag", [("i", str(n)) for n in (16, 22)] + [("r", READ)])
    st, body, _ = alice.post("mark-all-as-read", [("s", "feed/" + C.FEEDS["A"][0]), ("ts", str(newest))])
    C.check("mark_all_ts_is_item_time", body == "OK" and C.state(db, 1, 16)[0] == 1 and C.state(db, 1, 22)[0] == 1,
            f"{body!r} ts={newest} 16={C.state(db, 1, 16)} 22={C.state(db, 1, 22)}")
    alice.post("edit-tag", [("i", str(n)) for n in (16, 22)] + [("r", READ)])
    st, body, _ = alice.post("mark-all-as-read", [("s", "feed/" + C.FEEDS["A"][0]), ("ts", str(t + 16))])
    C.check("mark_all_ts_seconds", body == "OK" and C.state(db, 1, 16)[0] == 1 and C.state(db, 1, 22)[0] == 0,
            f"{body!r} 16={C.state(db, 1, 16)} 22={C.state(db, 1, 22)}")
    alice.post("edit-tag", [("i", "16"), ("r", READ)])
    # 300 fields: the real ids last, after 297 unknown ones (skipped as not the user's).
    data = [("a", READ)] + [("i", str(10 ** 9 + k)) for k in range(297)] + [("i", "16"), ("i", long_id(22))]
    st, body, _ = alice.post("edit-tag", data)
    C.check("edit_tag_300_ids_all_applied", body == "OK" and C.state(db, 1, 16)[0] == 1 and C.state(db, 1, 22)[0] == 1,
            f"{st} {body!r} 16={C.state(db, 1, 16)} 22={C.state(db, 1, 22)}")
    st, body, _ = alice.post("edit-tag", [("r", READ)] + [("i", "16")] * 20001)
    C.check("edit_tag_too_many_fields_413", st == 413 and C.state(db, 1, 16)[0] == 1, f"{st} {body[:80]!r}")
    st, body, _ = alice.post("stream/items/contents", [("i", "16")] * 1001)
    C.check("items_contents_over_cap_400", st == 400, f"{st} {body[:80]!r}")
    con = sqlite3.connect(db)
    con.execute("DELETE FROM articles WHERE id IN (16, 22)")
    con.commit()
    con.close()


def test_subscriptions(alice, bob):
    url = "http://127.0.0.1:9/new.xml"
    st, body, _ = alice.post("subscription/edit", [("ac", "subscribe"), ("s", "feed/" + url), ("t", "Newcomer"),
                                                   ("a", "user/-/label/Tech")])
    st2, d = alice.json("subscription/list")
    sub = next((s for s in d["subscriptions"] if s["id"] == "feed/" + url), None)
    C.check("subscribe", body == "OK" and sub and sub["title"] == "Newcomer"
            and sub["categories"][0]["label"] == "Tech", f"{body!r} {sub}")
    alice.post("subscription/edit", [("ac", "edit"), ("s", "feed/" + url), ("t", "Renamed"),
                                     ("r", "user/-/label/Tech")])
    d = alice.json("subscription/list")[1]
    sub = next((s for s in d["subscriptions"] if s["id"] == "feed/" + url), None)
    C.check("edit_subscription", sub and sub["title"] == "Renamed" and sub["categories"] == [], str(sub))
    bob_subs = {s["id"] for s in bob.json("subscription/list")[1]["subscriptions"]}
    C.check("subscriptions_per_user", "feed/" + url not in bob_subs, str(bob_subs))
    st, body, _ = alice.post("subscription/edit", [("ac", "unsubscribe"), ("s", "feed/" + url)])
    d = alice.json("subscription/list")[1]
    C.check("unsubscribe", body == "OK" and all(s["id"] != "feed/" + url for s in d["subscriptions"]), body)
    st, body, _ = alice.post("subscription/edit", [("ac", "subscribe"), ("s", "feed/file:///etc/passwd")])
    C.check("subscribe_rejects_file_url", st == 400, f"{st} {body!r}")
    # quickadd of a site discovers its feed (it subscribed to the HTML page itself before).
    site = fixture_site()
    try:
        st, body, _ = alice.post("subscription/quickadd", [("quickadd", site + "/site.html")])
        d = json.loads(body) if st == 200 else {}
        C.check("quickadd_discovers_the_feed", d.get("numResults") == 1 and d.get("streamId") == "feed/" + site
                + "/x/q-data" and d.get("streamName") == "Quick Fixture", body)
        subs = {s["id"] for s in alice.json("subscription/list")[1]["subscriptions"]}
        C.check("quickadd_subscribed_to_the_feed", "feed/" + site + "/x/q-data" in subs
                and "feed/" + site + "/site.html" not in subs, str(subs))
        st, body, _ = alice.post("subscription/quickadd", [("quickadd", site + "/nofeed.html")])
        d = json.loads(body) if st == 200 else {}
        subs = {s["id"] for s in alice.json("subscription/list")[1]["subscriptions"]}
        C.check("quickadd_no_feed_found", st == 200 and d.get("numResults") == 0 and d.get("error")
                and "feed/" + site + "/nofeed.html" not in subs, f"{st} {body}")
    finally:
        site_stop()
    st, body, _ = alice.post("subscription/quickadd", [("quickadd", "javascript:alert(1)")])
    C.check("quickadd_rejects_non_http", st == 400, f"{st}")


_site = {}


def fixture_site():
    """A site on 127.0.0.1 whose page names its feed, and a page with none."""
    import http.server
    import threading
    pages = {"/site.html": ("text/html", '<html><head><link rel="alternate" type="application/rss+xml" '
                            'href="/x/q-data"></head><body>hi</body></html>'),
             "/nofeed.html": ("text/html", "<html><body>nothing to subscribe to</body></html>"),
             "/x/q-data": ("application/rss+xml", '<?xml version="1.0"?><rss version="2.0"><channel>'
                           '<title>Quick Fixture</title><link>http://127.0.0.1/</link><description>x</description>'
                           '<item><title>One</title><guid>q1</guid><link>http://127.0.0.1/q1</link></item>'
                           '</channel></rss>')}

    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            p = pages.get(self.path.split("?")[0])
            self.send_response(200 if p else 404)
            self.send_header("Content-Type", p[0] if p else "text/plain")
            self.end_headers()
            self.wfile.write((p[1] if p else "no").encode())

        def log_message(self, *a):
            pass
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    _site["srv"] = srv
    return "http://127.0.0.1:%d" % srv.server_address[1]


def site_stop():
    if "srv" in _site:
        _site.pop("srv").shutdown()


def categories(cl, url):
    d = cl.json("subscription/list")[1]
    sub = next((s for s in d["subscriptions"] if s["id"] == "feed/" + url), None)
    return [c["label"] for c in sub["categories"]] if sub else None


def test_labels_and_prefs(base, alice, bob):
    a = C.FEEDS["A"][0]
    st, d = alice.json("preference/list")
    C.check("preference_list", st == 200 and d == {"prefs": []}, str(d))
    st, d = alice.json("preference/stream/list")
    C.check("preference_stream_list", st == 200 and d == {"streamprefs": {}}, str(d))
    st, _, _ = C.request(base, API + "preference/list", headers={"Authorization": "GoogleLogin auth=" + "0" * 64})
    C.check("preference_list_wrong_token_401", st == 401, str(st))
    # bob files his own subscription of A under a label of the same name: alice's rename
    # must not touch it.
    bob.post("subscription/edit", [("ac", "edit"), ("s", "feed/" + a), ("a", "user/-/label/News")])
    st, body, _ = alice.get("rename-tag?s=user/-/label/News&dest=user/-/label/World")
    C.check("rename_tag_requires_post", st == 405, str(st))
    st, body, _ = alice.post("rename-tag", [("s", "user/-/label/News"), ("dest", "user/-/label/World")])
    tags = {t["id"] for t in alice.json("tag/list")[1]["tags"]}
    C.check("rename_tag", body == "OK" and categories(alice, a) == ["World"] and "user/-/label/World" in tags
            and "user/-/label/News" not in tags, f"{st} {body!r} {tags}")
    C.check("rename_tag_other_user_untouched", categories(bob, a) == ["News"], str(categories(bob, a)))
    st, body, _ = alice.post("rename-tag", [("s", "user/-/label/Nope"), ("dest", "user/-/label/X")])
    C.check("rename_tag_unknown_label_400", st == 400, f"{st} {body!r}")
    st, body, _ = alice.post("rename-tag", [("s", "user/-/label/World"), ("dest", "feed/http://x/")])
    C.check("rename_tag_dest_not_label_400", st == 400, f"{st} {body!r}")
    st, body, _ = alice.post("rename-tag", [("s", "user/-/label/World"), ("dest", "user/-/label/" + "x" * 300)])
    C.check("rename_tag_dest_too_long_400", st == 400 and categories(alice, a) == ["World"], f"{st} {body!r}")
    st = C.oversized_post(base, API + "rename-tag", alice.h)
    C.check("rename_tag_oversized_413", st == 413, str(st))
    st, body, _ = bob.post("disable-tag", [("s", "user/-/label/World")])
    C.check("disable_tag_other_users_label_400", st == 400 and categories(alice, a) == ["World"], f"{st} {body!r}")
    st, body, _ = alice.post("disable-tag", [("s", "user/-/label/World")])
    C.check("disable_tag", body == "OK" and categories(alice, a) == [], f"{st} {body!r} {categories(alice, a)}")
    st, body, _ = alice.post("disable-tag", [("s", "user/-/label/World")])
    C.check("disable_tag_unknown_label_400", st == 400, f"{st} {body!r}")
    st, _, _ = C.request(base, API + "disable-tag", {"s": "user/-/label/News"},
                         headers={"Authorization": "GoogleLogin auth=" + "0" * 64})
    C.check("disable_tag_wrong_token_401", st == 401 and categories(bob, a) == ["News"], str(st))
    alice.post("subscription/edit", [("ac", "edit"), ("s", "feed/" + a), ("a", "user/-/label/News")])
    bob.post("subscription/edit", [("ac", "edit"), ("s", "feed/" + a), ("r", "user/-/label/News")])


def test_atom(alice, ids):
    st, body, hdr = C.request(alice.base, "/reader/atom/" + urllib.parse.quote("feed/" + C.FEEDS["A"][0], safe="")
                              + "?n=10", headers=alice.h)
    ok = st == 200 and "atom" in hdr.get("Content-Type", "")
    entries = []
    if ok:
        try:
            root = ET.fromstring(body)
            ns = {"a": "http://www.w3.org/2005/Atom"}
            for e in root.findall("a:entry", ns):
                labels = {c.get("label") for c in e.findall("a:category", ns)
                          if c.get("scheme") == "http://www.google.com/reader/"}
                entries.append((e.findtext("a:id", namespaces=ns), labels))
        except ET.ParseError as ex:
            ok = False
            body = str(ex)
    C.check("atom_stream", ok and {e[0] for e in entries} == {long_id(ids[k]) for k in ("a1", "a2", "a3")}
            and all("read" in l or "fresh" in l for _, l in entries), f"{st} {body[:300]}")
    st, _, _ = C.request(alice.base, "/reader/atom/user%2F-%2Fstate%2Fcom.google%2Freading-list")
    C.check("atom_requires_auth", st == 401, str(st))


def test_revoke_and_limits(base, db, alice_tok):
    r = C.nf(db, "user", "revoke", "alice", "clientlogin")
    st, _, _ = C.request(base, API + "user-info", headers={"Authorization": "GoogleLogin auth=" + alice_tok})
    C.check("revoked_token_401", r.returncode == 0 and st == 401, f"{r.stderr} {st}")
    tok = C.nf(db, "user", "token", "bob", "--label", "reader").stdout.strip()
    st, body, _ = C.request(base, API + "user-info?output=json", headers={"Authorization": "GoogleLogin auth=" + tok})
    C.check("api_token_works_as_auth", st == 200 and json.loads(body)["userName"] == "bob", f"{st} {body[:100]}")
    st = C.oversized_post(base, API + "edit-tag", {"Authorization": "GoogleLogin auth=" + tok})
    C.check("oversized_body_413", st == 413, str(st))
    codes = [login(base, "alice", "not-the-password")[0] for _ in range(5)]
    st, body, hdr = login(base, "alice", C.PASSWORDS["alice"])
    # Earlier failures from this address count too, so the lock may come before the fifth.
    C.check("clientlogin_rate_limited", codes[0] == 401 and set(codes) <= {401, 429} and codes[-1] == 429
            and st == 429 and "Auth=" not in body,
            f"{codes} then {st}")


def test_subscribe_wakes_refresher(d):
    """subscription/edit ac=subscribe wakes the server's background refresher (the OPML import
    did, the web's Add and quickadd fetch at once; edit did neither, so a feed subscribed from
    a sync client waited for the refresher's next scheduled run, up to 5 minutes). The wake is
    logged on the request's thread before it answers, so the check needs no waiting."""
    db = os.path.join(d, "wake.db")
    C.make_users(db)
    old = os.environ.get("NEWSFOLD_LOG")
    os.environ["NEWSFOLD_LOG"] = "info"
    try:
        srv = C.Server(db)   # with its refresher: no --no-refresh
    finally:
        if old is None:
            del os.environ["NEWSFOLD_LOG"]
        else:
            os.environ["NEWSFOLD_LOG"] = old
    try:
        tok = auth_token(login(srv.base, "alice", C.PASSWORDS["alice"])[1])
        alice = Client(srv.base, tok)
        st, body, _ = alice.post("subscription/edit", [("ac", "subscribe"), ("s", "feed/http://127.0.0.1:9/a.xml"),
                                                       ("s", "feed/http://127.0.0.1:9/b.xml")])
        st2, b2, _ = alice.post("subscription/edit", [("ac", "edit"), ("s", "feed/http://127.0.0.1:9/a.xml"),
                                                      ("t", "Renamed")])
    finally:
        srv.stop()
    log = srv.proc.stderr.read()
    # Two feeds in one request wake it once; the edit (no new feed) does not wake it.
    C.check("subscribe_wakes_refresher", body == "OK" and b2 == "OK" and log.count("refresher: woken early") == 1,
            f"{st} {body!r} {st2} {b2!r}; log: {log[-600:]!r}")


def main():
    d = C.tempdir()
    db = os.path.join(d, "nf.db")
    srv = None
    try:
        if not C.serve_available(db):
            print("skip: greader_api: `newsfold serve` is not in this build yet")
            return 0
        C.make_users(db)
        ids = C.populate(db)
        srv = C.Server(db, ["--no-refresh"], pre=["--allow-private"])   # quickadd discovers on 127.0.0.1
        base = srv.base
        test_auth_required(base, db)
        atok, btok = test_login(base)
        if not atok or not btok:
            return 1
        alice, bob = Client(base, atok), Client(base, btok)
        test_basics(alice, ids)
        test_streams(alice, bob, ids)
        test_long_id_lists(alice, bob, db, ids)
        test_marks(alice, bob, db, ids)
        test_client_batches(alice, db, ids)
        test_subscriptions(alice, bob)
        test_labels_and_prefs(base, alice, bob)
        test_atom(alice, ids)
        test_revoke_and_limits(base, db, atok)
        test_subscribe_wakes_refresher(d)
    finally:
        if srv:
            rc = srv.stop()
            err = srv.proc.stderr.read()
            C.check("server_clean_exit", rc in (0, -15) and "ERROR: AddressSanitizer" not in err
                    and "runtime error" not in err, err[-800:])
        shutil.rmtree(d, ignore_errors=True)
    return 1 if C.failures else 0


if __name__ == "__main__":
    sys.exit(main())
