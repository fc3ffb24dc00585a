#!/usr/bin/env python3
"""sources.py — subscribing and local documents, end to end through the real binary.

add (feed URL, <link rel=alternate> discovery, common paths, file://, errors), OPML import
and export round trip with nested folders, ingest of the shared seeds and of a local tree
(with a symlink loop), remove, a locked database, and the shipped sample set. Fixtures are
served by python3 -m http.server on 127.0.0.1, on free ports, stopped at exit.
"""
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

NF = os.environ.get("NEWSFOLD", "build/asan/newsfold")
ROOT = os.environ.get("NEWSFOLD_ROOT", os.getcwd())
SEEDS = os.environ.get("SHARED_SEEDS", os.path.join(ROOT, "..", "shared", "seeds"))
TMP = tempfile.mkdtemp(prefix="nf-sources-")
SERVERS = []
FAILED = 0


def report(name, ok, why=""):
    global FAILED
    if ok:
        print("pass: %s" % name)
    else:
        FAILED += 1
        print("fail: %s: %s" % (name, why))
    sys.stdout.flush()


def skip(name, why):
    print("skip: %s: %s" % (name, why))


def run(db, *args, timeout=60):
    p = subprocess.run([NF, "--db", db] + list(args), capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def feeds(db):
    rc, out, err = run(db, "feeds", "--json")
    assert rc == 0, err
    return json.loads(out)


def articles(db, *extra):
    rc, out, err = run(db, "articles", "--json", "--limit", "1000", *extra)
    assert rc == 0, err
    return json.loads(out)


def one_line_error(rc, err):
    lines = [l for l in err.splitlines() if l.strip()]
    return rc != 0 and len(lines) == 1 and lines[0].startswith("newsfold: ")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def serve(directory):
    port = free_port()
    p = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                          "--directory", directory], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    SERVERS.append(p)
    for _ in range(100):
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=1).read()
            return "http://127.0.0.1:%d" % port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("fixture server did not start")


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>%s</title><link>http://example.invalid/</link>
<description>d</description>
<item><title>First</title><link>http://example.invalid/1</link><guid>g1</guid>
<description>Hello there, this is the first item.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Guessed Atom</title><id>urn:x</id>
<updated>2026-11-20T10:00:00Z</updated>
<entry><title>One</title><id>urn:x:1</id><updated>2026-11-20T10:00:00Z</updated>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def site_fixture():
    d = os.path.join(TMP, "site")
    write(os.path.join(d, "index.html"),
          '<!doctype html><html><head><title>Site</title>'
          '<link rel="stylesheet" href="/s.css">'
          '<link rel="alternate" type="text/html" hreflang="de" href="/de/">'
          '<link rel="Alternate" type="application/rss+xml" title="Main" href="feeds/main.xml">'
          '<link rel="alternate" type="application/rss+xml" title="Comments" href="/feeds/comments.xml">'
          '</head><body><p>Welcome</p></body></html>')
    write(os.path.join(d, "feeds", "main.xml"), RSS % "Main Feed")
    write(os.path.join(d, "feeds", "comments.xml"), RSS % "Comments Feed")
    write(os.path.join(d, "nolinks.html"), "<html><head><title>x</title></head><body>no links</body></html>")
    write(os.path.join(d, "atom.xml"), ATOM)
    write(os.path.join(d, "broken-link.html"),
          '<html><head><link rel="alternate" type="application/rss+xml" href="/missing.xml"></head></html>')
    secret = os.path.join(TMP, "secret", "local.xml")
    write(secret, RSS % "Local Secret Feed")
    write(os.path.join(d, "file-link.html"),
          '<html><head><link rel="alternate" type="application/rss+xml" href="file://%s"></head></html>' % secret)
    plain = os.path.join(TMP, "plain")
    write(os.path.join(plain, "page.html"), "<html><body><p>Just a page, no feed anywhere.</p></body></html>")
    return d, plain


def test_add(base, plain_base):
    db = os.path.join(TMP, "add.db")
    rc, out, err = run(db, "--allow-private", "add", base + "/")
    fs = feeds(db) if rc == 0 else []
    report("add_discovers_link_alternate", rc == 0 and len(fs) == 1 and fs[0]["url"] == base + "/feeds/main.xml"
           and fs[0]["title"] == "Main Feed", "rc=%d out=%r err=%r feeds=%r" % (rc, out, err, fs))

    rc, out, err = run(db, "--allow-private", "add", base + "/")
    report("add_twice_already_subscribed", rc == 0 and "already subscribed" in out and len(feeds(db)) == 1,
           "rc=%d out=%r err=%r" % (rc, out, err))

    rc, out, err = run(db, "--allow-private", "add", base.replace("http:", "HTTP:") + "/feeds/main.xml?utm_source=x#top")
    report("add_same_feed_normalized_is_one_row", rc == 0 and "already subscribed" in out and len(feeds(db)) == 1,
           "rc=%d out=%r err=%r" % (rc, out, err))

    rc, out, err = run(db, "--allow-private", "add", base + "/nolinks.html")
    urls = [f["url"] for f in feeds(db)]
    report("add_discovers_common_path", rc == 0 and base + "/atom.xml" in urls, "rc=%d err=%r urls=%r" % (rc, err, urls))

    rc, out, err = run(db, "--allow-private", "add", base + "/broken-link.html")
    report("add_dead_link_falls_back_to_common_paths", rc == 0 and "atom.xml" in out, "rc=%d out=%r err=%r" % (rc, out, err))

    rc, out, err = run(db, "--allow-private", "add", base + "/feeds/comments.xml", "--title", "My <title>",
                       "--folder", "Tech/Blogs")
    f = [f for f in feeds(db) if f["url"].endswith("comments.xml")]
    report("add_feed_url_with_title_and_folder", rc == 0 and f and f[0]["title"] == "My <title>"
           and f[0]["folder"] == "Tech/Blogs", "rc=%d err=%r f=%r" % (rc, err, f))

    rc, out, err = run(db, "--allow-private", "add", plain_base + "/page.html")
    report("add_non_feed_page_clear_error", one_line_error(rc, err) and "no feed found at" in err and "tried:" in err
           and "/feed" in err, "rc=%d err=%r" % (rc, err))

    rc, out, err = run(db, "--allow-private", "add", base + "/file-link.html")
    report("add_http_page_never_reads_local_file_links", "Local Secret Feed" not in out + err
           and not any(f["url"].startswith("file:") for f in feeds(db)), "rc=%d out=%r err=%r" % (rc, out, err))

    rc, out, err = run(db, "add", base + "/feeds/main.xml")
    report("add_private_address_refused_without_flag", one_line_error(rc, err) and "allow-private" in err,
           "rc=%d err=%r" % (rc, err))

    for bad in ("not a url", "ftp://example.com/feed.xml", "http://", "javascript:alert(1)"):
        rc, out, err = run(db, "add", bad)
        report("add_bad_url_%s" % bad.split(":")[0].replace(" ", "_"), one_line_error(rc, err)
               and "not a URL" in err, "rc=%d err=%r" % (rc, err))

    rc, out, err = run(db, "--allow-private", "add", "http://127.0.0.1:%d/feed" % free_port())
    report("add_unreachable_host", one_line_error(rc, err) and "cannot fetch" in err, "rc=%d err=%r" % (rc, err))

    feed_file = os.path.join(TMP, "site", "feeds", "main.xml")
    rc, out, err = run(db, "add", "file://" + feed_file)
    report("add_file_url", rc == 0 and any(f["url"] == "file://" + feed_file for f in feeds(db)),
           "rc=%d err=%r" % (rc, err))

    page = os.path.join(TMP, "site", "index.html")
    rc, out, err = run(db, "add", "file://" + page)
    report("add_file_page_discovers_relative_link", rc == 0 and "file://%s/feeds/main.xml" % os.path.join(TMP, "site")
           in out, "rc=%d out=%r err=%r" % (rc, out, err))

    rc, out, err = run(db, "add", "file://" + os.path.join(TMP, "nope.xml"))
    report("add_missing_file_clear_error", one_line_error(rc, err), "rc=%d err=%r" % (rc, err))
    return db


NESTED_OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Nested</title></head><body>
<outline text="Top &amp; first" xmlUrl="http://top.example/rss?a=1&amp;b=2"/>
<outline text="Tech">
  <outline text="Linux"><outline text="Kernel &lt;news&gt;" xmlUrl="http://kernel.example/feed" htmlUrl="http://kernel.example/"/></outline>
  <outline title="Quoted &quot;one&quot;" xmlUrl="http://q.example/atom"/>
</outline>
<outline text="World"><outline text="Europe"><outline text="Ünïcödé" xmlUrl="http://u.example/rss"/></outline></outline>
<outline text="just a note"/>
</body></opml>
"""


def test_opml():
    src = os.path.join(TMP, "nested.opml")
    write(src, NESTED_OPML)
    a, b = os.path.join(TMP, "opml-a.db"), os.path.join(TMP, "opml-b.db")
    rc, out, err = run(a, "import", src)
    report("import_counts_added", rc == 0 and "4 added" in out, "rc=%d out=%r err=%r" % (rc, out, err))
    rc, out, err = run(a, "import", src)
    report("import_again_counts_existing", rc == 0 and "0 added" in out and "4 already" in out, "out=%r" % out)
    got = {f["url"]: (f["title"], f["folder"]) for f in feeds(a)}
    want = {"http://top.example/rss?a=1&b=2": ("Top & first", None),
            "http://kernel.example/feed": ("Kernel <news>", "Tech/Linux"),
            "http://q.example/atom": ('Quoted "one"', "Tech"),
            "http://u.example/rss": ("Ünïcödé", "World/Europe")}
    report("import_nested_folders", got == want, "got %r" % got)
    rc, exported, err = run(a, "export")
    with open(os.path.join(TMP, "exported.opml"), "w") as f:
        f.write(exported)
    rc2, out, err2 = run(b, "import", os.path.join(TMP, "exported.opml"))
    got_b = {f["url"]: (f["title"], f["folder"]) for f in feeds(b)}
    rc3, exported_b, _ = run(b, "export")
    report("opml_round_trip", rc == 0 and rc2 == 0 and got_b == want and exported_b == exported,
           "got %r err=%r" % (got_b, err + err2))
    report("export_keeps_site_url", 'htmlUrl="http://kernel.example/"' in exported, exported)

    junk = os.path.join(TMP, "junk.opml")
    write(junk, "<rss><channel></channel></rss>")
    rc, out, err = run(a, "import", junk)
    report("import_not_opml_clear_error", one_line_error(rc, err) and "not an OPML" in err, "err=%r" % err)
    rc, out, err = run(a, "import", os.path.join(TMP, "absent.opml"))
    report("import_missing_file_clear_error", one_line_error(rc, err), "err=%r" % err)
    lol = os.path.join(TMP, "lol.opml")
    write(lol, '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaaaaaaaaaaaa">'
          + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(8))
          + ']><opml><body><outline text="&i;" xmlUrl="http://x.example/"/></body></opml>')
    rc, out, err = run(a, "import", lol)
    report("import_billion_laughs_refused", one_line_error(rc, err) and "entities" in err, "err=%r" % err)
    with open(lol, encoding="utf-8") as f:
        doc = f.read().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    with open(lol, "wb") as f:
        f.write(doc.encode("utf-16"))   # the byte scan cannot see "<!ENTITY" here
    rc, out, err = run(a, "import", lol)
    report("import_billion_laughs_utf16_refused", one_line_error(rc, err) and "entities" in err, "err=%r" % err)
    return a


BOILERPLATE = ["Sign up to read this article", "Comments / 4", "Already a member? Sign in here",
               "Download the app", "Get all your news in one place", "Top stories on inkl right now",
               "Related Stories", "Fourteen days free", "Our Standards: The Thomson Reuters Trust Principles"]


def test_ingest_seeds():
    if not os.path.isdir(SEEDS) or not any(n.endswith(".txt") for n in os.listdir(SEEDS)):
        skip("ingest_seeds", "%s absent" % SEEDS)
        return
    db = os.path.join(TMP, "seeds.db")
    n = len([x for x in os.listdir(SEEDS) if x.endswith(".txt")])
    rc, out, err = run(db, "ingest", SEEDS)
    arts = articles(db)
    report("ingest_seeds", rc == 0 and len(arts) == n and ("%d new" % n) in out, "rc=%d out=%r err=%r n=%d"
           % (rc, out, err, len(arts)))
    bad = []
    for a in arts:
        lines = [l.strip() for l in (a.get("text") or "").splitlines()]
        for b in BOILERPLATE:
            if any(l.startswith(b) for l in lines):
                bad.append((a["title"], b))
        for l in lines:
            if l in ("Reply", "Next Post", "Show More", "Start reading"):
                bad.append((a["title"], l))
    report("ingest_seeds_no_boilerplate", not bad and all(a["text"] for a in arts), "found %r" % bad[:5])
    report("ingest_seeds_titles", all(a["title"] and len(a["title"]) > 20 for a in arts),
           repr([a["title"] for a in arts]))
    dated = [a for a in arts if (a["url"] or "").endswith("001_938f52db505a44d5.txt")]
    report("ingest_seeds_date_line", dated and dated[0]["published"].startswith("2022-12-30"),
           repr(dated[0]["published"] if dated else None))
    fs = feeds(db)
    report("ingest_folder_is_local_source", len(fs) == 1 and fs[0]["kind"] == "local"
           and fs[0]["url"].startswith("file:///") and fs[0]["articles"] == n, repr(fs))
    rc, out, err = run(db, "ingest", SEEDS)
    report("ingest_twice_no_duplicates", rc == 0 and len(articles(db)) == n and "0 new" in out,
           "rc=%d out=%r" % (rc, out))


def test_ingest_tree():
    d = os.path.join(TMP, "docs")
    write(os.path.join(d, "a.txt"), "A headline about the harbour seal\n\ndate 2026-11-01\n\n"
          "The seal was released into the sea after six weeks of care at the rescue centre.\n\n"
          "Volunteers fed her every night.\n\nShow More\n")
    write(os.path.join(d, "sub", "page.html"), "<html><head><title>Page title</title></head><body><article>"
          "<h1>Library hours</h1><p>The library will open on Sundays from January, the council said.</p>"
          "<p>The extra hours are paid for by moving some weekday evening opening.</p></article></body></html>")
    write(os.path.join(d, "sub", "feed.xml"), RSS % "Local Feed File")
    write(os.path.join(d, "sub", "notes.json"), '{"not": "a feed"}')
    write(os.path.join(d, "ignored.bin"), "\x00\x01")
    os.symlink(d, os.path.join(d, "sub", "loop"))
    db = os.path.join(TMP, "tree.db")
    try:
        rc, out, err = run(db, "ingest", d, timeout=60)
    except subprocess.TimeoutExpired:
        report("ingest_tree_symlink_loop_ends", False, "timed out")
        return
    arts = articles(db)
    titles = sorted(a["title"] for a in arts)
    report("ingest_tree_symlink_loop_ends", rc == 0, "rc=%d err=%r" % (rc, err))
    report("ingest_tree_text_html_feed", len(arts) == 3 and "First" in titles
           and "A headline about the harbour seal" in titles and ("Library hours" in titles or "Page title" in titles),
           "titles=%r out=%r" % (titles, out))
    html = [a for a in arts if a["title"] in ("Library hours", "Page title")]
    report("ingest_html_text_extracted", html and "open on Sundays" in html[0]["text"]
           and "weekday evening" in html[0]["text"], repr(html))
    seal = [a for a in arts if a["title"].startswith("A headline")]
    report("ingest_txt_date_and_boilerplate", seal and seal[0]["published"].startswith("2026-11-01")
           and "Show More" not in seal[0]["text"], repr(seal))
    kinds = sorted((f["kind"], f["title"]) for f in feeds(db))
    report("ingest_tree_sources", kinds == [("local", "Local Feed File"), ("local", "docs"), ("local", "sub")],
           repr(kinds))
    rc, out, err = run(db, "ingest", os.path.join(d, "a.txt"))
    report("ingest_loose_file_updates_same_row", rc == 0 and len(articles(db)) == 3, "out=%r" % out)
    rc, out, err = run(db, "ingest", os.path.join(TMP, "does-not-exist"))
    report("ingest_missing_path_clear_error", one_line_error(rc, err), "err=%r" % err)


def test_remove(db):
    before = feeds(db)
    target = before[0]
    rc, out, err = run(db, "remove", target["url"])
    after = feeds(db)
    ok_url = rc == 0 and len(after) == len(before) - 1 and all(f["url"] != target["url"] for f in after)
    rc2, out2, err2 = run(db, "remove", str(after[0]["id"]))
    report("remove_by_url_and_id", ok_url and rc2 == 0 and len(feeds(db)) == len(before) - 2,
           "err=%r %r" % (err, err2))
    rc, out, err = run(db, "remove", "http://never-subscribed.example/")
    report("remove_unknown_clear_error", one_line_error(rc, err), "err=%r" % err)


def test_locked(db):
    con = sqlite3.connect(db, timeout=1, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO settings(key, value) VALUES ('lock-test', 'x')")
    try:
        rc, out, err = run(db, "import", os.path.join(TMP, "nested.opml"), timeout=60)
    finally:
        con.execute("ROLLBACK")
        con.close()
    report("locked_database_one_line", one_line_error(rc, err) and "locked" in err, "rc=%d err=%r" % (rc, err))


def sample_entries():
    """How many entries the shipped feed files hold, counted independently of newsfold."""
    import xml.etree.ElementTree as ET
    n = 0
    d = os.path.join(ROOT, "sample", "feeds")
    for name in os.listdir(d):
        path = os.path.join(d, name)
        if name.endswith(".json"):
            with open(path, encoding="utf-8") as f:
                n += len(json.load(f)["items"])
        else:
            root = ET.parse(path).getroot()
            n += len(root.findall("./channel/item")) + len(root.findall("{http://www.w3.org/2005/Atom}entry"))
    return n


def test_sample():
    want = sample_entries()
    db = os.path.join(TMP, "sample.db")
    env = dict(os.environ, NEWSFOLD_DB=db)
    p = subprocess.run(["sh", os.path.join(ROOT, "scripts", "run-sample.sh"), NF], capture_output=True,
                       text=True, env=env, timeout=300)
    if "refresh: this command is not available" in p.stderr:
        skip("sample_loads", "refresh is not in this build yet")
        return
    fs = feeds(db)
    arts = articles(db)
    folders = sorted(set(f["folder"] or "" for f in fs))
    report("sample_loads", p.returncode == 0 and len(fs) == 6 and len(arts) == want and want >= 36,
           "rc=%d feeds=%d articles=%d/%d err=%r" % (p.returncode, len(fs), len(arts), want, p.stderr[-500:]))
    report("sample_folders", folders == ["", "News/Port Calder", "News/Regional", "Wire"], repr(folders))
    p2 = subprocess.run(["sh", os.path.join(ROOT, "scripts", "run-sample.sh"), NF], capture_output=True,
                        text=True, env=env, timeout=300)
    report("sample_rerun_no_duplicates", p2.returncode == 0 and len(articles(db)) == want and len(feeds(db)) == 6,
           p2.stderr[-300:])


def main():
    try:
        base, plain = site_fixture()
        site = serve(base)
        plain_site = serve(plain)
        add_db = test_add(site, plain_site)
        opml_db = test_opml()
        test_ingest_seeds()
        test_ingest_tree()
        test_remove(add_db)
        test_locked(opml_db)
        test_sample()
    finally:
        for p in SERVERS:
            p.terminate()
            p.wait()
        shutil.rmtree(TMP, ignore_errors=True)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
