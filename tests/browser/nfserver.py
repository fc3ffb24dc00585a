"""nfserver — shared helpers for the web/API end-to-end tests (python3 stdlib only).

Starts `newsfold serve` on a free 127.0.0.1 port with a fresh database in a temp dir,
creates users with the real CLI, and gives a small HTTP client with a cookie jar. Tests
call Server.stop() in a finally block; the server is also killed at exit.
"""
import atexit
import http.cookiejar
import json
import os
import re
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

NEWSFOLD = os.environ.get("NEWSFOLD") or os.path.join(
    os.environ.get("NEWSFOLD_ROOT", "."), "build/asan/newsfold")

_results = {"fail": 0}


def check(name, cond, why=""):
    if cond:
        print("pass: " + name, flush=True)
    else:
        _results["fail"] += 1
        print("fail: %s: %s" % (name, why), flush=True)
    return cond


def failures():
    return _results["fail"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Server:
    def __init__(self, extra_args=()):
        self.dir = tempfile.mkdtemp(prefix="nf-web-")
        self.db = os.path.join(self.dir, "nf.db")
        self.proc = None
        self.port = None
        self.extra = list(extra_args)
        # Create the schema now so fixtures can be inserted before the server starts.
        self.cli("feeds")

    def cli(self, *args, stdin=None):
        r = subprocess.run([NEWSFOLD, "--db", self.db] + list(args), input=stdin,
                           capture_output=True, text=True, timeout=120)
        return r

    def add_user(self, name, password):
        r = self.cli("user", "add", name, "--password-stdin", stdin=password + "\n")
        if r.returncode != 0:
            raise RuntimeError("user add failed: " + r.stderr)
        r = self.sql("SELECT id FROM users WHERE name = ?", (name,))
        return r[0][0]

    def token(self, name, label="test"):
        r = self.cli("user", "token", name, "--label", label)
        if r.returncode != 0:
            raise RuntimeError("user token failed: " + r.stderr)
        return r.stdout.strip().split()[-1]

    def sql(self, q, args=()):
        con = sqlite3.connect(self.db, timeout=10)
        try:
            cur = con.execute(q, args)
            rows = cur.fetchall()
            con.commit()
            return rows
        finally:
            con.close()

    def start(self):
        self.port = free_port()
        log = open(os.path.join(self.dir, "server.log"), "w")
        self.proc = subprocess.Popen(
            [NEWSFOLD, "--db", self.db, "--allow-private", "serve", "--listen",
             "127.0.0.1:%d" % self.port] + self.extra,
            stdout=log, stderr=subprocess.STDOUT)
        atexit.register(self.stop)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError("server did not start: " + open(os.path.join(self.dir, "server.log")).read())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        rc = self.proc.returncode if self.proc else 0
        self.proc = None
        return rc

    def log(self):
        try:
            return open(os.path.join(self.dir, "server.log")).read()
        except OSError:
            return ""

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def client(self):
        return Client(self.base)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.csrf = None

    def req(self, method, path, data=None, headers=None, ctype=None, json_body=None):
        h = dict(headers or {})
        if json_body is not None:
            data = json.dumps(json_body).encode()
            ctype = "application/json"
        elif isinstance(data, dict):
            data = urllib.parse.urlencode(data).encode()
            ctype = ctype or "application/x-www-form-urlencoded"
        if ctype:
            h["Content-Type"] = ctype
        r = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with self.opener.open(r, timeout=30) as resp:
                return Response(resp.status, resp.headers, resp.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, e.headers, e.read())

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def post(self, path, data=None, **kw):
        return self.req("POST", path, data=data if data is not None else b"", **kw)

    def login(self, name, password):
        r = self.get("/login")
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', r.text)
        r = self.post("/login", {"csrf": m.group(1) if m else "", "name": name,
                                 "password": password, "next": "/feeds"})
        if r.status != 303:
            return r
        page = self.get("/feeds")
        m = re.search(r'<meta name="csrf-token" content="([0-9a-f]*)"', page.text)
        self.csrf = m.group(1) if m else None
        return r


def add_fixture_feed(srv, user_id, url, title, folder=None, n=3, words="alpha beta gamma"):
    """Insert a feed, a subscription and n articles directly in SQLite; returns (feed, [ids])."""
    con = sqlite3.connect(srv.db, timeout=10)
    try:
        cur = con.execute("INSERT INTO feeds(url, title) VALUES (?, ?) ON CONFLICT(url) DO NOTHING",
                          (url, title))
        feed = con.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]
        con.execute("INSERT OR IGNORE INTO subscriptions(user_id, feed_id, folder) VALUES (?, ?, ?)",
                    (user_id, feed, folder))
        ids = []
        now = int(time.time())
        # Distinct vocabulary per article, so folding does not (rightly) fold them as copies.
        topics = ["orchard cider apples harvest", "railway signal upgrade commuters", "museum dinosaur skeleton exhibit",
                  "glacier retreat measured satellites", "chess tournament prodigy wins", "bakery sourdough prize judges"]
        for i in range(n):
            cur = con.execute(
                "INSERT INTO articles(feed_id, dedup_key, url, title, published, fetched, summary,"
                " text, html, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (feed, "g:%s-%d" % (url, i), "%s/a%d" % (url, i), "%s: %s" % (title, topics[i % len(topics)]),
                 now - 3600 * i, now, "Summary %d of %s" % (i, title),
                 "%s text %d %s %s" % (title, i, words, topics[i % len(topics)] * 1),
                 "<p>%s body %d %s %s</p>" % (title, i, words, topics[i % len(topics)]), 300))
            ids.append(cur.lastrowid)
        con.commit()
        return feed, ids
    finally:
        con.close()
