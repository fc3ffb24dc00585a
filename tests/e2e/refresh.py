#!/usr/bin/env python3
"""End-to-end tests of `newsfold refresh` against tests/fixtures/server.py on 127.0.0.1.

Feeds are subscribed with plain SQL (the refresh driver is under test, not `add`). Every
case prints pass:/fail:/skip:. The server is always stopped (try/finally).
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.environ.get("NEWSFOLD_ROOT", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
NF = os.environ.get("NEWSFOLD", os.path.join(ROOT, "build/asan/newsfold"))
SERVER = os.path.join(ROOT, "tests/fixtures/server.py")
FAILED = 0
# The refusal tests need the default policy: an inherited NEWSFOLD_ALLOW_PRIVATE=1 would void them.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k != "NEWSFOLD_ALLOW_PRIVATE"}


def report(name, ok, why=""):
    global FAILED
    if ok:
        print(f"pass: {name}")
    else:
        FAILED += 1
        print(f"fail: {name}: {why}")
    sys.stdout.flush()


class Env:
    def __init__(self, tmp, port):
        self.tmp = tmp
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.n = 0

    def newdb(self):
        self.n += 1
        db = os.path.join(self.tmp, f"t{self.n}.db")
        self.run(db, "feeds")
        return db

    def run(self, db, *args, allow=True, timeout=90):
        cmd = [NF, "--db", db] + (["--allow-private"] if allow else []) + list(args)
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=CLEAN_ENV)
        return p.returncode, p.stdout, p.stderr

    def add(self, db, path):
        url = path if "://" in path else self.base + path
        con = sqlite3.connect(db)
        cur = con.execute("INSERT INTO feeds(url) VALUES (?)", (url,))
        fid = cur.lastrowid
        con.execute("INSERT INTO subscriptions(user_id, feed_id) VALUES (1, ?)", (fid,))
        con.commit()
        con.close()
        return fid

    def feed(self, db, fid):
        rc, out, err = self.run(db, "feeds", "--json")
        for f in json.loads(out):
            if f["id"] == fid:
                return f
        raise AssertionError(f"feed {fid} missing: {out} {err}")

    def raw(self, db, sql, *args):
        con = sqlite3.connect(db)
        rows = con.execute(sql, args).fetchall()
        con.close()
        return rows

    def raw_exec(self, db, sql, *args):
        con = sqlite3.connect(db)
        con.execute(sql, args)
        con.commit()
        con.close()

    def articles(self, db, fid):
        return self.raw(db, "SELECT count(*) FROM articles WHERE feed_id = ?", fid)[0][0]

    def requests(self, reset=False):
        with urllib.request.urlopen(self.base + ("/_reset" if reset else "/_requests"), timeout=10) as r:
            return None if reset else json.loads(r.read())


def iso_to_unix(s):
    return int(time.mktime(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone) if s else None


def case(fn):
    def wrap(env):
        try:
            fn(env)
        except AssertionError as e:
            report(fn.__name__, False, str(e)[:300])
        except Exception as e:  # a crash in the test is a failure, not a silent pass
            report(fn.__name__, False, f"{type(e).__name__}: {e}"[:300])
    wrap.__name__ = fn.__name__
    return wrap


def check(cond, why):
    if not cond:
        raise AssertionError(why)


@case
def refused_without_allow_private(env):
    db = env.newdb()
    fid = env.add(db, "/feed/private.xml")
    env.requests(reset=True)
    rc, out, err = env.run(db, "refresh", "--feed", str(fid), allow=False)
    check(rc == 1, f"exit {rc}")
    check("refused to connect to 127.0.0.1" in err and "loopback" in err, f"stderr: {err}")
    check(not any(r["path"].startswith("/feed/private") for r in env.requests()), "the server was contacted")
    check(env.articles(db, fid) == 0, "articles stored")
    check("--allow-private" in (env.feed(db, fid)["last_error"] or ""), "error not stored on the feed")
    report("refused_without_allow_private", True)


@case
def stores_then_no_duplicates(env):
    db = env.newdb()
    fid = env.add(db, "/feed/a.xml?items=7")
    rc, out, err = env.run(db, "refresh")
    check(rc == 0, f"exit {rc}: {err}")
    check("7 new" in out, out)
    check(env.articles(db, fid) == 7, f"{env.articles(db, fid)} articles")
    f = env.feed(db, fid)
    check(f["title"] == "Feed a" and f["last_status"] == 200 and f["error_count"] == 0, str(f))
    rows = env.raw(db, "SELECT title, text, url, published FROM articles WHERE feed_id = ? ORDER BY id", fid)
    check(rows[0][0] == "a story 0" and "council met" in rows[0][1] and "<p>" not in rows[0][1], str(rows[0]))
    check(rows[0][3] is not None, "no published date")
    rc, out, err = env.run(db, "refresh", "--all")
    check(rc == 0 and "0 new" in out, out + err)
    check(env.articles(db, fid) == 7, f"duplicated: {env.articles(db, fid)} articles")
    report("stores_then_no_duplicates", True)


@case
def not_due_is_skipped(env):
    db = env.newdb()
    env.add(db, "/feed/due.xml")
    env.run(db, "refresh")
    rc, out, err = env.run(db, "refresh")
    check(rc == 0 and out.startswith("refreshed 0 feeds"), out + err)
    report("not_due_is_skipped", True)


@case
def etag_conditional_get(env):
    db = env.newdb()
    fid = env.add(db, "/etag/e.xml")
    env.run(db, "refresh")
    env.requests(reset=True)
    rc, out, err = env.run(db, "refresh", "--all")
    reqs = [r for r in env.requests() if r["path"].startswith("/etag/")]
    check(reqs and reqs[-1]["if_none_match"] == '"v1"', str(reqs))
    check("1 not modified" in out, out)
    f = env.feed(db, fid)
    check(f["last_status"] == 304 and env.articles(db, fid) == 5, str(f))
    report("etag_conditional_get", True)


@case
def last_modified_conditional_get(env):
    db = env.newdb()
    fid = env.add(db, "/lastmod/l.xml")
    env.run(db, "refresh")
    env.requests(reset=True)
    rc, out, err = env.run(db, "refresh", "--all")
    reqs = [r for r in env.requests() if r["path"].startswith("/lastmod/")]
    check(reqs and reqs[-1]["if_modified_since"] == "Sat, 01 Nov 2025 10:00:00 GMT", str(reqs))
    check(env.feed(db, fid)["last_status"] == 304, "not 304")
    report("last_modified_conditional_get", True)


@case
def gzip_and_user_agent(env):
    db = env.newdb()
    fid = env.add(db, "/gzip/g.xml?items=4")
    env.requests(reset=True)
    rc, out, err = env.run(db, "refresh")
    reqs = [r for r in env.requests() if r["path"].startswith("/gzip/")]
    check(reqs and "gzip" in (reqs[0]["accept_encoding"] or ""), str(reqs))
    check((reqs[0]["user_agent"] or "").startswith("newsfold/"), str(reqs))
    check(env.articles(db, fid) == 4, "articles not stored from a gzip body")
    report("gzip_and_user_agent", True)


def expect_error(env, path, needle, name, extra=()):
    db = env.newdb()
    fid = env.add(db, path)
    rc, out, err = env.run(db, "refresh", *extra)
    f = env.feed(db, fid)
    check(needle in (f["last_error"] or ""), f"last_error={f['last_error']!r} stderr={err[-300:]}")
    check(f["error_count"] == 1 and env.articles(db, fid) == 0, str(f))
    check(rc == 1 and "1 failed" in out, f"exit {rc}: {out}")
    return db, fid, f


@case
def gzip_bomb_capped(env):
    expect_error(env, "/bomb.xml", "cap", "gzip_bomb_capped")
    report("gzip_bomb_capped", True)


@case
def body_50mb_capped(env):
    expect_error(env, "/big.xml", "cap", "body_50mb_capped")
    report("body_50mb_capped", True)


@case
def body_50mb_with_length_capped(env):
    expect_error(env, "/biglen.xml", "cap", "body_50mb_with_length_capped")
    report("body_50mb_with_length_capped", True)


@case
def redirect_loop(env):
    expect_error(env, "/loop/a", "too many redirects", "redirect_loop")
    report("redirect_loop", True)


@case
def server_never_answers(env):
    t0 = time.time()
    expect_error(env, "/hang", "timed out", "server_never_answers", ("--timeout", "2"))
    check(time.time() - t0 < 60, "refresh hung")
    report("server_never_answers", True)


@case
def retry_after_429(env):
    db, fid, f = expect_error(env, "/ratelimit.xml", "429", "retry_after_429")
    delay = iso_to_unix(f["next_fetch"]) - iso_to_unix(f["last_fetch"])
    check(delay >= 300 and "retry after 120" in f["last_error"], f"next fetch in {delay}s: {f}")
    report("retry_after_429", True)


@case
def retry_after_503_date(env):
    db, fid, f = expect_error(env, "/unavailable.xml", "503", "retry_after_503_date")
    delay = iso_to_unix(f["next_fetch"]) - iso_to_unix(f["last_fetch"])
    check(3500 <= delay <= 3700, f"next fetch in {delay}s, want ~3600 (Retry-After date)")
    report("retry_after_503_date", True)


@case
def errors_back_off_exponentially(env):
    db, fid, f = expect_error(env, "/error.xml", "500", "errors_back_off_exponentially")
    d1 = iso_to_unix(f["next_fetch"]) - iso_to_unix(f["last_fetch"])
    env.run(db, "refresh", "--all")
    f = env.feed(db, fid)
    d2 = iso_to_unix(f["next_fetch"]) - iso_to_unix(f["last_fetch"])
    check(f["error_count"] == 2 and d1 == 300 and d2 == 600, f"errors={f['error_count']} delays {d1}, {d2}")
    rc, out, err = env.run(db, "refresh")   # not due while backing off
    check(out.startswith("refreshed 0 feeds"), out)
    report("errors_back_off_exponentially", True)


@case
def permanent_redirect_moves_url(env):
    db = env.newdb()
    fid = env.add(db, "/moved308/m.xml?items=3")
    env.run(db, "refresh")
    f = env.feed(db, fid)
    check(f["url"] == env.base + "/feed/m.xml?items=3", f["url"])
    check(env.articles(db, fid) == 3, "articles")
    tid = env.add(db, "/temp/t.xml?items=2")
    env.run(db, "refresh")
    f = env.feed(db, tid)
    check(f["url"] == env.base + "/temp/t.xml?items=2", "a 302 moved the URL: " + f["url"])
    check(env.articles(db, tid) == 2, "articles via 302")
    report("permanent_redirect_moves_url", True)


@case
def broken_feed_among_good(env):
    db = env.newdb()
    good = [env.add(db, f"/feed/good{i}.xml?items=3") for i in range(4)]
    bad = [env.add(db, "/notfeed.xml"), env.add(db, "/error.xml"), env.add(db, "/feed/missing.xml?items=x")]
    rc, out, err = env.run(db, "refresh")
    check(rc == 0, f"exit {rc}")
    check("12 new" in out and "3 failed" in out, out)
    check(all(env.articles(db, g) == 3 for g in good), "a good feed lost articles")
    errs = [env.feed(db, b)["last_error"] for b in bad]
    check(all(errs), str(errs))
    check("not a feed" in errs[0], errs[0])
    report("broken_feed_among_good", True)


@case
def file_feed(env):
    db = env.newdb()
    path = os.path.join(env.tmp, "local.xml")
    with urllib.request.urlopen(env.base + "/feed/local.xml?items=3") as r, open(path, "wb") as f:
        f.write(r.read())
    fid = env.add(db, "file://" + path)
    rc, out, err = env.run(db, "refresh", allow=False)
    check(rc == 0 and env.articles(db, fid) == 3, out + err)
    rc, out, err = env.run(db, "refresh", "--all", allow=False)
    check("1 not modified" in out, out)
    report("file_feed", True)


@case
def unknown_feed_is_an_error(env):
    db = env.newdb()
    rc, out, err = env.run(db, "refresh", "--feed", "999")
    check(rc == 1 and "no feed 999" in err, f"{rc} {err}")
    report("unknown_feed_is_an_error", True)


@case
def kill_9_keeps_committed(env):
    db = env.newdb()
    first = [env.add(db, f"/feed/k{i}.xml?items=4") for i in range(3)]
    env.run(db, "refresh")
    before = env.raw(db, "SELECT count(*) FROM articles")[0][0]
    check(before == 12, f"{before} articles before")
    env.add(db, "/slow/s.xml?secs=25")
    later = [env.add(db, f"/feed/later{i}.xml?items=4") for i in range(3)]
    p = subprocess.Popen([NF, "--db", db, "--allow-private", "refresh", "--all", "--timeout", "60"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CLEAN_ENV)
    try:
        deadline = time.time() + 40
        while time.time() < deadline:
            n = env.raw(db, "SELECT count(*) FROM articles WHERE feed_id IN (?, ?, ?)", *later)[0][0]
            if n == 12:
                break
            time.sleep(0.1)
        check(p.poll() is None, "refresh ended before the kill (slow feed did not hold it)")
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=10)
    finally:
        if p.poll() is None:
            p.kill()
    check(p.returncode == -signal.SIGKILL, f"returncode {p.returncode}")
    check(env.raw(db, "PRAGMA integrity_check")[0][0] == "ok", "integrity check failed")
    check(env.raw(db, "SELECT count(*) FROM articles WHERE feed_id IN (?, ?, ?)", *first)[0][0] == 12, "lost old articles")
    check(env.raw(db, "SELECT count(*) FROM articles WHERE feed_id IN (?, ?, ?)", *later)[0][0] == 12, "lost committed feeds")
    rc, out, err = env.run(db, "articles", "--json", "--limit", "100")
    check(rc == 0 and len(json.loads(out)) == 24, f"articles after kill: {rc} {err}")
    report("kill_9_keeps_committed", True)


@case
def fulltext_auto_always_never(env):
    db = env.newdb()
    auto = env.add(db, "/ftfeed/auto.xml?items=2")
    never = env.add(db, "/ftfeed/never.xml?items=2")
    always = env.add(db, "/longfeed/always.xml?items=2")
    long_auto = env.add(db, "/longfeed/longauto.xml?items=2")
    env.raw_exec(db, "UPDATE feeds SET fulltext = 'never' WHERE id = ?", never)
    env.raw_exec(db, "UPDATE feeds SET fulltext = 'always' WHERE id = ?", always)
    env.requests(reset=True)
    rc, out, err = env.run(db, "refresh")
    check(rc == 0, f"exit {rc}: {err}")
    pages = {r["path"] for r in env.requests() if r["path"].startswith("/page/")}
    check(pages == {"/page/auto/0", "/page/auto/1", "/page/always/0", "/page/always/1"}, str(sorted(pages)))
    text = dict(env.raw(db, "SELECT feed_id, text FROM articles WHERE guid LIKE '%-0'"))
    check("Paragraph 11 of the full story auto 0" in text[auto], "auto: page text not stored: " + text[auto][:200])
    check("full story" not in text[never], "never: page fetched")
    check("Paragraph 11 of the full story always 0" in text[always], "always: page text not stored")
    check("full story" not in text[long_auto], "auto fetched a page for a long entry")
    words = env.raw(db, "SELECT words FROM articles WHERE feed_id = ? AND guid LIKE '%-0'", auto)[0][0]
    check(words > 200, f"words not updated: {words}")
    # a re-refresh of the unchanged entry keeps the full text
    env.run(db, "refresh", "--all")
    text2 = env.raw(db, "SELECT text FROM articles WHERE feed_id = ? AND guid LIKE '%-0'", auto)[0][0]
    check(text2 == text[auto], "full text lost on re-refresh")
    report("fulltext_auto_always_never", True)


@case
def progress_bar_on_terminal(env):
    db = env.newdb()
    env.add(db, "/feed/p1.xml?items=2")
    env.add(db, "/error.xml")
    log = os.path.join(env.tmp, "tty.log")
    # script(1) gives the command a terminal; stderr goes to the pty, which script copies to its log
    subprocess.run(["script", "-qec", f"{NF} --db {db} --allow-private refresh", log],
                   capture_output=True, text=True, timeout=60, env=CLEAN_ENV)
    with open(log, errors="replace") as f:
        tty = f.read()
    check("refresh [" in tty and "2/2" in tty and "2 new" in tty and "1 error" in tty, repr(tty[-400:]))
    check("newsfold: refresh: http" not in tty, "plain log lines on a terminal")
    rc, out, err = env.run(db, "refresh", "--all")
    check("refresh [" not in err and "newsfold: refresh: http" in err, "no plain lines off a terminal: " + err)
    report("progress_bar_on_terminal", True)


def start_server(tmp):
    portfile = os.path.join(tmp, "port")
    srv = subprocess.Popen([sys.executable, SERVER, "--port-file", portfile, "--hang", "20", "--lifetime", "300"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if os.path.exists(portfile):
            with open(portfile) as f:
                return srv, int(f.read())
        time.sleep(0.05)
    srv.kill()
    raise RuntimeError("fixture server did not start")


def main():
    if not os.access(NF, os.X_OK):
        print(f"fail: refresh_e2e: no binary at {NF}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        srv, port = start_server(tmp)
        try:
            env = Env(tmp, port)
            for fn in (refused_without_allow_private, stores_then_no_duplicates, not_due_is_skipped,
                       etag_conditional_get, last_modified_conditional_get, gzip_and_user_agent,
                       gzip_bomb_capped, body_50mb_capped, body_50mb_with_length_capped, redirect_loop,
                       server_never_answers, retry_after_429, retry_after_503_date,
                       errors_back_off_exponentially, permanent_redirect_moves_url, broken_feed_among_good,
                       file_feed, unknown_feed_is_an_error, fulltext_auto_always_never,
                       progress_bar_on_terminal, kill_9_keeps_committed):
                fn(env)
        finally:
            srv.terminate()
            try:
                srv.wait(timeout=5)
            except subprocess.TimeoutExpired:
                srv.kill()
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
