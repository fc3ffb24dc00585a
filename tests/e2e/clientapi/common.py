"""Shared by greader_api.py, fever_api.py and newsboat_sync.py: a temp database with users,
feeds, subscriptions and articles (folded copies included), and a running `newsfold serve`.

Not a test itself (tests/run.sh only runs tests/e2e/*.py)."""
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

NEWSFOLD = os.environ.get("NEWSFOLD", "build/asan/newsfold")
PASSWORDS = {"alice": "alice-secret-1", "bob": "bob-secret-22"}
failures = 0


def check(name, cond, detail=""):
    global failures
    if cond:
        print(f"pass: {name}")
    else:
        failures += 1
        print(f"fail: {name}: {detail}")
    sys.stdout.flush()
    return cond


def nf(db, *args, stdin=None):
    return subprocess.run([NEWSFOLD, "--db", db, *args], input=stdin, capture_output=True, text=True, timeout=120)


def make_users(db):
    for name in ("alice", "bob"):
        r = nf(db, "user", "add", name, "--password-stdin", stdin=PASSWORDS[name] + "\n")
        if r.returncode != 0:
            raise RuntimeError(f"user add {name}: {r.stderr.strip()}")


FEEDS = {  # key: (url, title)
    "A": ("http://127.0.0.1:9/alpha.xml", "Alpha News"),
    "B": ("http://127.0.0.1:9/beta.xml", "Beta Daily"),
    "C": ("http://127.0.0.1:9/gamma.xml", "Gamma Post"),
}


def populate(db):
    """alice: A (folder News), B. bob: A, C. Articles: a1..a3 in A; b1 in B is a copy of a1;
    d1 in B; c1 in C; c2 in C is a copy of d1 (bob cannot see d1, so c2 stands for it)."""
    con = sqlite3.connect(db)
    ids = {}
    now = int(time.time())
    for key, (url, title) in FEEDS.items():
        cur = con.execute("INSERT INTO feeds(url, title, site_url, last_fetch) VALUES (?, ?, ?, ?)",
                          (url, title, url.rsplit("/", 1)[0] + "/", now - 60))
        ids[key] = cur.lastrowid
    con.execute("INSERT INTO subscriptions(user_id, feed_id, folder) VALUES (1, ?, 'News')", (ids["A"],))
    con.execute("INSERT INTO subscriptions(user_id, feed_id) VALUES (1, ?)", (ids["B"],))
    con.execute("INSERT INTO subscriptions(user_id, feed_id) VALUES (2, ?)", (ids["A"],))
    con.execute("INSERT INTO subscriptions(user_id, feed_id) VALUES (2, ?)", (ids["C"],))
    t0 = now - 10000

    def art(key, feed, n, canonical=None, content=None):
        cur = con.execute(
            "INSERT INTO articles(feed_id, dedup_key, guid, url, title, author, published, fetched, content, text,"
            " canonical_id) VALUES (?, ?, ?, ?, ?, 'Reporter', ?, ?, ?, ?, ?)",
            (ids[feed], "g:" + key, key, f"http://127.0.0.1:9/{key}.html", f"Story {key}", t0 + n * 100,
             t0 + n * 100, content or f"<p>Body of {key}</p>", f"Body of {key}",
             ids.get(canonical) if canonical else None))
        ids[key] = cur.lastrowid

    art("a1", "A", 1)
    art("a2", "A", 2, content="<p>x<script>alert(1)</script><img src=x onerror=alert(2)></p>")
    art("a3", "A", 3)
    art("b1", "B", 4, canonical="a1")
    art("d1", "B", 5)
    art("c1", "C", 6)
    art("c2", "C", 7, canonical="d1")
    con.commit()
    con.close()
    return ids


def state(db, user, article):
    con = sqlite3.connect(db)
    row = con.execute("SELECT read, starred FROM article_state WHERE user_id = ? AND article_id = ?",
                      (user, article)).fetchone()
    con.close()
    return row or (0, 0)


class Server:
    """`newsfold serve` on a free loopback port; always stopped by stop()."""

    def __init__(self, db, extra=(), pre=()):
        """extra: serve's options; pre: global options (e.g. --allow-private)."""
        self.proc = subprocess.Popen([NEWSFOLD, *pre, "--db", db, "serve", "--listen", "127.0.0.1:0", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.base = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if "http://" in line:
                self.base = line[line.index("http://"):].strip().rstrip("/")
                break
        if not self.base:
            self.stop()
            raise RuntimeError("newsfold serve did not start: " + (self.proc.stderr.read() or "")[-500:])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def request(base, path, data=None, headers=None, method=None):
    """(status, body text, headers). data: dict or list of pairs → urlencoded POST."""
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data).encode() if not isinstance(data, bytes) else data
    req = urllib.request.Request(base + path, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace"), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace"), e.headers


def oversized_post(base, path, headers):
    """POST announcing a body over the server's 1 MB cap; the status line it answers with
    (the server may answer and close before reading the body, so use a raw socket)."""
    host, port = base.split("//", 1)[1].split(":")
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    s = socket.create_connection((host, int(port)), timeout=30)
    try:
        s.sendall((f"POST {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Content-Type: application/x-www-form-urlencoded"
                   f"\r\nContent-Length: {2 * 1024 * 1024}\r\n\r\n").encode())
        try:
            s.sendall(b"i=" + b"1" * 65536)
        except OSError:
            pass
        data = s.recv(200).decode("latin-1")
    finally:
        s.close()
    parts = data.split(" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else data


def serve_available(db):
    r = nf(db, "serve", "--help")
    out = r.stdout + r.stderr
    return "not available in this build" not in out


def tempdir():
    return tempfile.mkdtemp(prefix="nf-clientapi-")
