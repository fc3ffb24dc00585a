"""A real client as the test: newsboat (Debian 12's 2.21) syncs with `newsfold serve` over the
Google Reader API, lists the unread articles, marks one read, and the server sees it read;
then a read mark made on the server reaches newsboat on its next reload.

newsboat 2.21 has no "freshrss" urls-source (added in 2.22); its "feedhq" source speaks the
same Google Reader API (ClientLogin, subscription/list, edit-tag, token) and reads streams as
Atom from /reader/atom/<stream>, so that is what this drives. Special feeds are turned off
(they point at feedhq.org) so nothing leaves 127.0.0.1. Marking read is done the way a person
does it: newsboat runs in a detached tmux session, Enter opens the feed, Enter opens the top
article (which newsboat marks read and sends as edit-tag), q quits.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clientapi"))
import common as C  # noqa: E402

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fixture Gazette</title><link>http://127.0.0.1/</link>
<description>fixture</description>
<item><title>First story</title><link>http://127.0.0.1/s/1</link><guid>fx-1</guid>
<pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;One.&lt;/p&gt;</description></item>
<item><title>Second story</title><link>http://127.0.0.1/s/2</link><guid>fx-2</guid>
<pubDate>Sat, 21 Nov 2026 11:00:00 GMT</pubDate><description>&lt;p&gt;Two.&lt;/p&gt;</description></item>
<item><title>Third story</title><link>http://127.0.0.1/s/3</link><guid>fx-3</guid>
<pubDate>Sat, 21 Nov 2026 12:00:00 GMT</pubDate><description>&lt;p&gt;Three.&lt;/p&gt;</description></item>
</channel></rss>
"""
TITLES = ["First story", "Second story", "Third story"]


def start_fixture_server(root):
    p = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "0"], cwd=root,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()   # "Serving HTTP on 127.0.0.1 port N (http://127.0.0.1:N/) ..."
    port = int(line.split(" port ")[1].split()[0])
    return p, f"http://127.0.0.1:{port}/feed.xml"


def ingest(db, url):
    """Subscribe alice (user 1) and fetch the fixture through newsfold itself."""
    for args in (("add", url), ("refresh", "--all")):
        r = C.nf(db, "--allow-private", *args)
        if r.returncode != 0:
            raise RuntimeError(f"newsfold {args[0]}: {r.stderr.strip()}")


class Newsboat:
    def __init__(self, d, server_base):
        self.d = d
        self.home = os.path.join(d, "home")
        os.makedirs(self.home, exist_ok=True)
        self.conf, self.cache, self.urls = (os.path.join(d, n) for n in ("nb.conf", "nb-cache.db", "nb-urls"))
        with open(self.conf, "w") as f:
            f.write(f'urls-source "feedhq"\nfeedhq-url "{server_base}"\nfeedhq-login "alice"\n'
                    f'feedhq-password "{C.PASSWORDS["alice"]}"\nfeedhq-min-items 20\n'
                    'feedhq-show-special-feeds no\ndownload-retries 1\nconfirm-exit no\n')
        open(self.urls, "w").close()
        self.env = dict(os.environ, HOME=self.home, TERM="screen")
        self.argv = ["newsboat", "-C", self.conf, "-c", self.cache, "-u", self.urls]

    def x(self, *cmds):
        return subprocess.run(self.argv + ["-x", *cmds], env=self.env, capture_output=True, text=True, timeout=120)

    def items(self):
        con = sqlite3.connect(self.cache)
        rows = con.execute("SELECT title, unread, guid FROM rss_item ORDER BY title").fetchall()
        con.close()
        return rows


class Tmux:
    def __init__(self, d, argv, env):
        self.sock = os.path.join(d, "tmux.sock")
        cmd = " ".join(f"'{a}'" for a in argv)
        subprocess.run(["tmux", "-S", self.sock, "new-session", "-d", "-s", "nb", "-x", "120", "-y", "30",
                        f"HOME='{env['HOME']}' {cmd}"], check=True, env=env, timeout=30)

    def screen(self):
        r = subprocess.run(["tmux", "-S", self.sock, "capture-pane", "-p", "-t", "nb"], capture_output=True,
                           text=True, timeout=30)
        return r.stdout

    def wait_for(self, text, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            if text in self.screen():
                return True
            time.sleep(0.2)
        return False

    def keys(self, *k):
        subprocess.run(["tmux", "-S", self.sock, "send-keys", "-t", "nb", *k], timeout=30)

    def alive(self):
        return subprocess.run(["tmux", "-S", self.sock, "has-session", "-t", "nb"], capture_output=True,
                              timeout=30).returncode == 0

    def kill(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], capture_output=True, timeout=30)


def server_read_titles(base):
    st, body, _ = C.request(base, "/accounts/ClientLogin", {"Email": "alice", "Passwd": C.PASSWORDS["alice"]})
    tok = next((l[5:] for l in body.splitlines() if l.startswith("Auth=")), "")
    h = {"Authorization": "GoogleLogin auth=" + tok}
    q = urllib.parse.urlencode({"s": "user/-/state/com.google/read", "n": 100, "output": "json"})
    st, body, _ = C.request(base, "/reader/api/0/stream/items/ids?" + q, headers=h)
    ids = [r["id"] for r in json.loads(body)["itemRefs"]] if st == 200 else []
    if not ids:
        return set(), h
    st, body, _ = C.request(base, "/reader/api/0/stream/items/contents", [("i", i) for i in ids], headers=h)
    return {i["title"] for i in json.loads(body)["items"]}, h


def main():
    for tool in ("newsboat", "tmux"):
        if not shutil.which(tool):
            print(f"skip: newsboat_sync: {tool} is not installed (apt-get install {tool})")
            return 0
    d = C.tempdir()
    db = os.path.join(d, "nf.db")
    www = os.path.join(d, "www")
    os.makedirs(www)
    with open(os.path.join(www, "feed.xml"), "w") as f:
        f.write(FEED)
    fixture = srv = tm = None
    try:
        if not C.serve_available(db):
            print("skip: newsboat_sync: `newsfold serve` is not in this build yet")
            return 0
        fixture, url = start_fixture_server(www)
        C.make_users(db)
        ingest(db, url)
        srv = C.Server(db, ["--no-refresh"])
        nb = Newsboat(d, srv.base)
        r = nb.x("reload")
        items = nb.items()
        C.check("newsboat_reload_syncs", r.returncode == 0 and sorted(t for t, _, _ in items) == TITLES,
                f"rc={r.returncode} {r.stderr[-300:]} items={items}")
        C.check("newsboat_item_ids_are_reader_ids",
                items and all(g.startswith("tag:google.com,2005:reader/item/") for _, _, g in items), str(items))
        r = nb.x("print-unread")
        C.check("newsboat_lists_unread", r.stdout.strip() == "3 unread articles", r.stdout + r.stderr)

        tm = Tmux(d, nb.argv, nb.env)
        ok = tm.wait_for("Fixture Gazette")
        tm.keys("Enter")
        ok = ok and tm.wait_for("Articles in feed")
        top = next((t for t in ("Third story", "Second story", "First story")
                    if t in tm.screen().split("\n", 2)[1]), None)
        tm.keys("Enter")
        ok = ok and tm.wait_for("Title: ")
        shown = next((l[len("Title: "):].strip() for l in tm.screen().splitlines() if l.startswith("Title: ")), None)
        for _ in range(3):
            tm.keys("q")
            time.sleep(0.3)
        end = time.time() + 20
        while tm.alive() and time.time() < end:
            time.sleep(0.2)
        C.check("newsboat_opened_an_article", ok and shown in TITLES, f"screen:\n{tm.screen()}")
        cache_read = {t for t, unread, _ in nb.items() if unread == 0}
        C.check("newsboat_marked_it_read_locally", cache_read == {shown}, str(nb.items()))
        read, h = server_read_titles(srv.base)
        C.check("server_sees_it_read", read == {shown}, f"server read={read} newsboat opened={shown!r} top={top!r}")

        # And back: mark another read on the server; newsboat picks it up on reload.
        other = next(t for t in TITLES if t != shown)
        con = sqlite3.connect(db)
        aid = con.execute("SELECT id FROM articles WHERE title = ?", (other,)).fetchone()[0]
        con.close()
        C.request(srv.base, "/reader/api/0/edit-tag", [("i", str(aid)), ("a", "user/-/state/com.google/read")],
                  headers=h)
        nb.x("reload")
        r = nb.x("print-unread")
        C.check("server_mark_reaches_newsboat", r.stdout.strip() == "1 unread articles"
                and {t for t, u, _ in nb.items() if u == 0} == {shown, other}, r.stdout + str(nb.items()))
    finally:
        if tm:
            tm.kill()
        if srv:
            rc = srv.stop()
            err = srv.proc.stderr.read()
            C.check("server_clean_exit", rc in (0, -15) and "ERROR: AddressSanitizer" not in err
                    and "runtime error" not in err, err[-800:])
        if fixture:
            fixture.terminate()
            fixture.wait()
        shutil.rmtree(d, ignore_errors=True)
    return 1 if C.failures else 0


if __name__ == "__main__":
    sys.exit(main())
