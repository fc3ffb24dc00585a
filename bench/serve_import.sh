#!/bin/sh
# bench/serve_import.sh — a reader's writes while the server's refresher imports.
#
# Generates N feeds of 200 items each (~150 words, 15% wire copies shared between feeds;
# default N=100: 20,000 articles), serves them from 127.0.0.1 (python3 http.server), starts
# `newsfold serve` with its refresher on a database subscribed to them, and meanwhile marks
# an article read or unread through the JSON API every 50 ms (one client, like a reader
# clicking), for $BENCH_SECONDS (default 30). Prints the write latency p50/p99/max and
# whether the import finished. Wall-clock figures: the machine's load is printed with them.
# Usage: sh bench/serve_import.sh [NEWSFOLD]   ($BENCH_FEEDS, $BENCH_SECONDS)
set -eu
NF=${1:-build/release/newsfold}
FEEDS=${BENCH_FEEDS:-100}
SECS=${BENCH_SECONDS:-30}
cd "$(dirname "$0")/.."
case "$NF" in /*) ;; *) NF="$PWD/$NF" ;; esac
T=$(mktemp -d)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
FPORT=$(port)
python3 - "$T" "$FEEDS" "$FPORT" <<'EOF'
import email.utils, os, random, sys, time
d, nf, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(d + "/feeds")
r = random.Random(12)
syl = "ka lo mi ne ru ta po shi ve da mo ri sa te no ba gu fe li zo".split()
vocab = sorted({"".join(r.choice(syl) for _ in range(r.randint(2, 4))) for _ in range(30000)})[:20000]
common = r.choices(vocab[:3000], weights=[1 / (i + 1) for i in range(3000)], k=200000)
ci = [0]
def words(n):
    ci[0] += n
    return [common[(ci[0] - n + i) % len(common)] for i in range(n)]
now = int(time.time())
events = [(r.sample(vocab[3000:], 12), now - r.randrange(30 * 86400)) for _ in range(2500)]
wire, opml = {}, ['<?xml version="1.0"?><opml version="2.0"><body>']
for f in range(nf):
    items = []
    for i in range(200):
        e = r.randrange(len(events)); kw, t0 = events[e]
        body = lambda: " ".join(x for _ in range(15) for x in words(8) + r.sample(kw, 2))
        title, text = wire.setdefault(e, (" ".join(kw[:4] + words(5)), body())) if r.random() < 0.15 \
            else (" ".join(r.sample(kw, 3) + words(5)), body())
        items.append("<item><title>%s</title><link>http://127.0.0.1:%d/a/%d/%d</link><guid>f%d-%d</guid>"
                     "<pubDate>%s</pubDate><description><![CDATA[<p>%s</p>]]></description></item>"
                     % (title, port, f, i, f, i, email.utils.formatdate(t0 + r.randrange(172800), usegmt=True), text))
    open("%s/feeds/f%d.xml" % (d, f), "w").write('<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet %d'
        '</title><link>http://127.0.0.1:%d/</link><description>x</description>%s</channel></rss>' % (f, port, "".join(items)))
    opml.append('<outline type="rss" text="Outlet %d" xmlUrl="http://127.0.0.1:%d/feeds/f%d.xml"/>' % (f, port, f))
open(d + "/subs.opml", "w").write("".join(opml) + "</body></opml>")
EOF
(cd "$T" && exec python3 -m http.server "$FPORT" --bind 127.0.0.1 >/dev/null 2>&1) & PIDS="$PIDS $!"
DB="$T/bench.db"
"$NF" --db "$DB" feeds >/dev/null
printf 'bench password 1\n' | "$NF" --db "$DB" user add bench --password-stdin >/dev/null 2>&1
"$NF" --db "$DB" import "$T/subs.opml" >/dev/null
TOKEN=$("$NF" --db "$DB" user token bench --label bench 2>/dev/null | tail -1 | awk '{print $NF}')
# One article to click on before the import starts (the refresher then fetches the rest).
"$NF" --db "$DB" --allow-private refresh --feed 1 >/dev/null 2>&1
SPORT=$(port)
"$NF" --db "$DB" --allow-private serve --listen "127.0.0.1:$SPORT" >"$T/serve.log" 2>&1 & PIDS="$PIDS $!"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$SPORT" "$TOKEN" "$SECS" <<'EOF'
import json, sys, time, urllib.request
port, tok, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
base, h = "http://127.0.0.1:%s" % port, {"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
def call(path, body=None):
    req = urllib.request.Request(base + path, data=body, headers=h, method="POST" if body else "GET")
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read()
for _ in range(100):
    try:
        ids = [a["id"] for a in json.loads(call("/api/v1/articles?view=all&limit=50")[1])]
        break
    except OSError:
        time.sleep(0.1)
lat, errors, stop, i = [], 0, time.time() + secs, 0
while time.time() < stop and ids:
    t = time.time()
    try:
        st = call("/api/v1/articles/%d" % ids[i % len(ids)], json.dumps({"read": i % 2 == 0}).encode())[0]
    except Exception:
        st = 0
    lat.append(time.time() - t); errors += st != 200; i += 1
    time.sleep(0.05)
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p))] * 1000
print("writes during the import: %d, errors %d, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms"
      % (len(lat), errors, pct(0.5), pct(0.99), lat[-1] * 1000 if lat else 0))
EOF
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "articles stored: $(sqlite3 "$DB" 'SELECT count(*) FROM articles' 2>/dev/null || echo '?') (import of $((FEEDS * 200)) $( [ "$(sqlite3 "$DB" 'SELECT count(*) FROM articles WHERE story_id IS NULL' 2>/dev/null)" = 0 ] && echo 'finished, all clustered' || echo 'still running'))"
