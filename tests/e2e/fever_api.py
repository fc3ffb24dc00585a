"""Fever API against a running `newsfold serve`: api_key auth (wrong key, another user's),
groups/feeds/feeds_groups, items paging (since_id, max_id, with_ids), unread/saved id lists,
marks on items, feeds and groups, folded copies shown once and marked together."""
import hashlib
import json
import os
import shutil
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clientapi"))
import common as C  # noqa: E402


def key(name):
    return hashlib.md5(f"{name}:{C.PASSWORDS[name]}".encode()).hexdigest()


def fever(base, k, query="", post=None):
    data = [("api_key", k)] + (post or [])
    st, body, _ = C.request(base, "/fever/?api" + ("&" + query if query else ""), data)
    try:
        return st, json.loads(body)
    except ValueError:
        return st, body


def ids_of(s):
    return {int(x) for x in s.split(",") if x} if isinstance(s, str) else None


def main():
    d = C.tempdir()
    db = os.path.join(d, "nf.db")
    srv = None
    try:
        if not C.serve_available(db):
            print("skip: fever_api: `newsfold serve` is not in this build yet")
            return 0
        C.make_users(db)
        ids = C.populate(db)
        srv = C.Server(db, ["--no-refresh"])
        run(srv.base, db, ids)
    finally:
        if srv:
            rc = srv.stop()
            err = srv.proc.stderr.read()
            C.check("server_clean_exit", rc in (0, -15) and "ERROR: AddressSanitizer" not in err
                    and "runtime error" not in err, err[-800:])
        shutil.rmtree(d, ignore_errors=True)
    return 1 if C.failures else 0


def fever_xml(base, k, query):
    st, body, hdr = C.request(base, "/fever/?api=xml&" + query, [("api_key", k)])
    try:
        return st, ET.fromstring(body), hdr
    except ET.ParseError as e:
        return st, None, str(e) + " " + body[:300]


def xml_output(base, ids, a_id):
    """api=xml: the same answer as XML, arrays named by their singular (Fever's format)."""
    st, root, hdr = fever_xml(base, key("alice"), "groups&feeds&favicons&items&since_id=0&unread_item_ids")
    ok = st == 200 and root is not None and root.tag == "response" and "xml" in hdr.get("Content-Type", "")
    C.check("xml_parses", ok, f"{st} {hdr}")
    if not ok:
        return
    C.check("xml_auth_and_version", root.findtext("auth") == "1" and root.findtext("api_version") == "3",
            ET.tostring(root)[:200])
    feeds = {int(f.findtext("id")) for f in root.findall("feeds/feed")}
    C.check("xml_feeds", a_id in feeds and len(feeds) == 2
            and all(f.findtext("favicon_id") == "0" for f in root.findall("feeds/feed")), str(feeds))
    C.check("xml_groups", [g.findtext("title") for g in root.findall("groups/group")] == ["News"]
            and len(root.findall("feeds_groups/feeds_group")) == 1, ET.tostring(root)[:300])
    C.check("xml_favicons_empty", root.find("favicons") is not None and len(root.find("favicons")) == 0,
            ET.tostring(root)[:200])
    items = {int(i.findtext("id")): i for i in root.findall("items/item")}
    C.check("xml_items_copies_once", set(items) == {ids["a1"], ids["a2"], ids["a3"], ids["d1"]}, str(sorted(items)))
    a2 = items.get(ids["a2"])
    html = a2.findtext("html") if a2 is not None else ""
    C.check("xml_item_html_sanitized_and_escaped", html and "<script" not in html and "onerror" not in html,
            repr(html))
    C.check("xml_unread_item_ids", ids_of(root.findtext("unread_item_ids"))
            == {ids["a1"], ids["a2"], ids["a3"], ids["d1"]}, root.findtext("unread_item_ids"))
    st, root, _ = fever_xml(base, "0" * 32, "items")
    C.check("xml_wrong_key_auth_0", root is not None and root.findtext("auth") == "0" and root.find("items") is None,
            str(st))
    st, root, _ = fever_xml(base, key("bob"), "items")
    got = {int(i.findtext("id")) for i in root.findall("items/item")} if root is not None else set()
    C.check("xml_other_user_items_only_theirs", ids["d1"] not in got and ids["c1"] in got, str(got))
    st = C.oversized_post(base, "/fever/?api=xml", {})
    C.check("oversized_body_413", st == 413, str(st))


def run(base, db, ids):
    A, B, Cf = (None,) * 3
    st, r = fever(base, "0" * 32, "items")
    C.check("wrong_key_auth_0", st == 200 and r.get("auth") == 0 and "items" not in r and r.get("api_version") == 3,
            str(r))
    st, r = fever(base, hashlib.md5(b"alice:wrong").hexdigest(), "items")
    C.check("wrong_password_key_auth_0", r.get("auth") == 0, str(r))
    st, r = fever(base, key("alice"))
    C.check("auth_ok", r.get("auth") == 1 and isinstance(r.get("last_refreshed_on_time"), int)
            and r["last_refreshed_on_time"] > 0, str(r))
    st, r = fever(base, key("alice").upper(), "groups&feeds")
    feeds = {f["url"]: f for f in r.get("feeds", [])}
    C.check("feeds_own_only", set(feeds) == {C.FEEDS["A"][0], C.FEEDS["B"][0]}, str(list(feeds)))
    groups = {g["title"]: g["id"] for g in r.get("groups", [])}
    fg = {g["group_id"]: g["feed_ids"] for g in r.get("feeds_groups", [])}
    a_id = feeds.get(C.FEEDS["A"][0], {}).get("id")
    C.check("groups_and_feeds_groups", list(groups) == ["News"] and fg.get(groups.get("News")) == str(a_id),
            f"{groups} {fg}")
    st, r = fever(base, key("alice"), "favicons&links")
    C.check("favicons_links_empty", r.get("favicons") == [] and r.get("links") == [], str(r))

    xml_output(base, ids, a_id)

    st, r = fever(base, key("alice"), "items&since_id=0")
    got = [i["id"] for i in r.get("items", [])]
    C.check("items_copies_once", got == sorted([ids["a1"], ids["a2"], ids["a3"], ids["d1"]])
            and r.get("total_items") == 4, f"{got} total={r.get('total_items')}")
    a2 = next((i for i in r.get("items", []) if i["id"] == ids["a2"]), {})
    C.check("item_shape_sanitized", a2.get("feed_id") == a_id and "<script" not in a2.get("html", "")
            and "onerror" not in a2.get("html", "") and a2.get("is_read") == 0 and a2.get("is_saved") == 0
            and isinstance(a2.get("created_on_time"), int), str(a2))
    st, r = fever(base, key("alice"), f"items&since_id={ids['a2']}")
    C.check("items_since_id", [i["id"] for i in r.get("items", [])] == [ids["a3"], ids["d1"]], str(r.get("items")))
    st, r = fever(base, key("alice"), f"items&max_id={ids['a3']}")
    C.check("items_max_id", [i["id"] for i in r.get("items", [])] == [ids["a2"], ids["a1"]], str(r.get("items")))
    # "max_id ... (or 0 initially)": the newest items first, where a backfill starts.
    st, r = fever(base, key("alice"), "items&max_id=0")
    C.check("items_max_id_0_newest", [i["id"] for i in r.get("items", [])] == sorted(
        [ids["a1"], ids["a2"], ids["a3"], ids["d1"]], reverse=True), str(r.get("items")))
    st, r = fever(base, key("alice"), f"items&with_ids={ids['a1']},{ids['c1']},junk,{ids['d1']}")
    C.check("items_with_ids_own_only", {i["id"] for i in r.get("items", [])} == {ids["a1"], ids["d1"]},
            str(r.get("items")))
    st, r = fever(base, key("bob"), "items")
    C.check("items_bob_copy_stands_in", {i["id"] for i in r.get("items", [])}
            == {ids["a1"], ids["a2"], ids["a3"], ids["c1"], ids["c2"]}, str([i["id"] for i in r.get("items", [])]))

    st, r = fever(base, key("alice"), "unread_item_ids")
    C.check("unread_item_ids", ids_of(r.get("unread_item_ids")) == {ids["a1"], ids["a2"], ids["a3"], ids["d1"]},
            str(r))
    st, r = fever(base, key("alice"), "", [("mark", "item"), ("as", "read"), ("id", str(ids["a1"]))])
    C.check("mark_item_read", ids_of(r.get("unread_item_ids")) == {ids["a2"], ids["a3"], ids["d1"]}
            and C.state(db, 1, ids["b1"])[0] == 1, str(r))
    st, r = fever(base, key("alice"), "", [("mark", "item"), ("as", "unread"), ("id", str(ids["a1"]))])
    C.check("mark_item_unread", ids_of(r.get("unread_item_ids")) == {ids["a1"], ids["a2"], ids["a3"], ids["d1"]}
            and C.state(db, 1, ids["b1"])[0] == 0, str(r))
    st, r = fever(base, key("alice"), "", [("mark", "item"), ("as", "read"), ("id", str(ids["c1"]))])
    C.check("mark_other_users_item_ignored", C.state(db, 1, ids["c1"]) == (0, 0)
            and C.state(db, 2, ids["c1"]) == (0, 0), str(r))
    st, r = fever(base, key("alice"), "", [("mark", "item"), ("as", "saved"), ("id", str(ids["a3"]))])
    C.check("mark_saved", ids_of(r.get("saved_item_ids")) == {ids["a3"]}, str(r))
    st, r = fever(base, key("alice"), "saved_item_ids")
    C.check("saved_item_ids", ids_of(r.get("saved_item_ids")) == {ids["a3"]}, str(r))
    st, r = fever(base, key("alice"), "", [("mark", "item"), ("as", "unsaved"), ("id", str(ids["a3"]))])
    C.check("mark_unsaved", ids_of(r.get("saved_item_ids")) == set(), str(r))
    st, r = fever(base, key("alice"), "", [("mark", "item"), ("as", "bogus"), ("id", "1")])
    C.check("mark_bad_as_400", st == 400, f"{st} {r}")
    now = str(int(time.time()) + 5)
    st, r = fever(base, key("alice"), "", [("mark", "group"), ("as", "read"), ("id", str(groups.get("News"))),
                                           ("before", now)])
    C.check("mark_group_read", ids_of(r.get("unread_item_ids")) == {ids["d1"]}, str(r))
    st, r = fever(base, key("alice"), "", [("mark", "item"), ("as", "unread"), ("id", str(ids["a2"]))])
    st, r = fever(base, key("alice"), "", [("mark", "feed"), ("as", "read"), ("id", str(a_id)), ("before", now)])
    C.check("mark_feed_read", ids_of(r.get("unread_item_ids")) == {ids["d1"]}, str(r))
    st, r = fever(base, key("bob"), "unread_item_ids")
    C.check("marks_are_per_user", ids_of(r.get("unread_item_ids"))
            == {ids["a1"], ids["a2"], ids["a3"], ids["c1"], ids["c2"]}, str(r))
    st, r = fever(base, key("alice"), "", [("mark", "group"), ("as", "read"), ("id", "0"), ("before", now)])
    C.check("mark_group_0_all", ids_of(r.get("unread_item_ids")) == set(), str(r))


if __name__ == "__main__":
    sys.exit(main())
