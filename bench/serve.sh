#!/bin/sh
# bench/serve.sh — the web server under load, with 100,000 stored articles.
#
# Builds a database directly in SQLite (200 feeds, N articles with ~120 words each, FTS
# index filled by the core triggers, stories when the cluster tables exist), starts
# `newsfold serve` (release build, 2 worker threads, no refresher) on a free 127.0.0.1 port,
# then:
#   - server time per page with the response cache off (serve --no-cache): the Server-Timing
#     header of 20 sequential requests (median, max)
#     for every main page and API list;
#   - wrk, 2 threads, 32 connections, 10 s, $BENCH_RUNS times (default 3; cache off: once), with
#     the response cache on and off: requests/s and p50/p99 latency against the home
#     page (top stories, or the unread list when stories are absent) and the stories API
#     (or the articles API when stories are absent);
#   - server RSS idle (after start and one warm-up request) and the peak during load.
# Targets (issue 4): >= 5,000 req/s, p99 <= 20 ms, idle RSS <= 20 MB, pages < 10 ms.
# Usage: sh bench/serve.sh [NEWSFOLD] (N articles: $BENCH_ARTICLES, default 100000).
set -euf   # -f: page paths carry '?', never a glob
NF=${1:-build/release/newsfold}
N=${BENCH_ARTICLES:-100000}
DUR=${BENCH_DURATION:-10}
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "serve bench: wrk not installed (apt-get install wrk)"; exit 0; }
T=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM
# BENCH_DB=PATH keeps the generated database there and reuses it on the next run.
DB=${BENCH_DB:-$T/bench.db}
REUSE=0
[ -n "${BENCH_DB:-}" ] && [ -f "$DB" ] && REUSE=1
if [ "$REUSE" = 0 ]; then
"$NF" --db "$DB" feeds >/dev/null
printf 'bench password 1\n' | "$NF" --db "$DB" user add bench --password-stdin >/dev/null
fi
TOKEN=$("$NF" --db "$DB" user token bench --label "bench$$" | tail -1 | awk '{print $NF}')

start=$(date +%s)
[ "$REUSE" = 1 ] || python3 - "$DB" "$N" <<'EOF'
import random, sqlite3, sys, time
db, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
words = ("harbour bridge storm repair council budget election vote school teacher strike river flood "
         "market price energy wind solar grid rail station delay hospital nurse league match goal "
         "festival music film library garden science space launch satellite court ruling minister "
         "policy tax housing rent company profit jobs factory port ship cargo weather heat record").split()
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=OFF")
now = int(time.time())
for f in range(1, 201):
    con.execute("INSERT INTO feeds(id, url, title) VALUES (?, ?, ?)", (f, "https://outlet%d.example/feed" % f, "Outlet %d" % f))
    con.execute("INSERT INTO subscriptions(user_id, feed_id, folder) VALUES (1, ?, ?)", (f, "Folder %d" % (f % 8)))
rows = []
for i in range(1, n + 1):
    text = " ".join(random.choice(words) for _ in range(120))
    title = " ".join(random.choice(words) for _ in range(7)).capitalize()
    # A story's five articles arrive within six hours; stories spread over 30 days.
    sid = ((i - 1) // 5) * 5 + 1
    if i == sid:
        base = now - random.randint(0, 30 * 86400)
    t = base + random.randint(0, 6 * 3600)
    rows.append((i, 1 + i % 200, "g:%d" % i, "https://outlet%d.example/a/%d" % (1 + i % 200, i), title, t, t,
                 text[:200], text, "<p>" + text + "</p>", 120, sid))
    if len(rows) == 5000:
        con.executemany("INSERT INTO articles(id, feed_id, dedup_key, url, title, published, fetched, summary, text,"
                        " html, words, story_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        rows = []
if rows:
    con.executemany("INSERT INTO articles(id, feed_id, dedup_key, url, title, published, fetched, summary, text,"
                    " html, words, story_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
# Every 5 consecutive articles (5 outlets) form a story whose id is its first article's, as
# cluster/schema.c defines them; 20,000 stories.
con.execute("INSERT INTO stories(id, thread_id, title, url, first_seen, last_seen, articles, copies, sources)"
            " SELECT a.story_id, a.story_id, s.title, s.url, min(coalesce(a.published, a.fetched)),"
            " max(coalesce(a.published, a.fetched)), count(*), 0, count(DISTINCT a.feed_id)"
            " FROM articles a JOIN articles s ON s.id = a.story_id GROUP BY a.story_id")
con.execute("INSERT INTO article_state(user_id, article_id, read) SELECT 1, id, 1 FROM articles WHERE id % 3 = 0")
con.commit()
con.execute("ANALYZE")
con.close()
EOF
echo "generated $N articles in $(( $(date +%s) - start )) s; database $(du -m "$DB" | cut -f1) MB"
start_server() { # extra serve options
	: >"$T/serve.out"
	"$NF" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 --no-refresh "$@" >"$T/serve.out" 2>&1 &
	PID=$!
	for i in $(seq 1 100); do grep -q 'serving on' "$T/serve.out" && break; sleep 0.1; done
	URL=$(sed -n 's/.*serving on \(http[^ ]*\)/\1/p' "$T/serve.out" | sed 's,/$,,')
	[ -n "$URL" ] || { echo "serve bench: server did not start"; cat "$T/serve.out"; exit 1; }
}
stop_server() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
# Server time is measured with the response cache off (every request runs its handler).
start_server --no-cache
# A session for the pages: log in with the real form (pre-session CSRF cookie + field).
J=$T/cookies
CSRF=$(curl -s -c "$J" "$URL/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -s -b "$J" -c "$J" -o /dev/null -d "csrf=$CSRF&name=bench&password=bench+password+1&next=/" "$URL/login"
SESSION=$(awk '$6 == "nf_session" {print $7}' "$J")
[ -n "$SESSION" ] || { echo "serve bench: login failed"; exit 1; }
rss() { awk '/^VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$PID/status"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }
curl -s -o /dev/null -H "Cookie: nf_session=$SESSION" "$URL/"
echo "server RSS idle (after start + one request): $(rss)"

REQS=${BENCH_REQUESTS:-100}
# Server time of one page: the Server-Timing header of $REQS sequential requests on one
# keep-alive connection: the handler's wall time (app) and its worker thread's CPU time
# (cpu, which other load on the machine does not inflate); p50 and p99 (nearest rank).
st_times() { # path, auth-kind
	if [ "$2" = api ]; then H="Authorization: Bearer $TOKEN"; else H="Cookie: nf_session=$SESSION"; fi
	set --  "$1"
	for i in $(seq 1 "$REQS"); do set -- "$@" -o /dev/null "$URL$1"; done
	shift
	curl -s -D - -H "$H" "$@" | sed -n -e 's/^Server-Timing: app;dur=\([0-9.]*\), cpu;dur=\([0-9.]*\).*/\1 \2/p;t' \
		-e 's/^Server-Timing: app;dur=\([0-9.]*\).*/\1 0/p'
}
pct() { # column: "p50 p99" of that column of $T/st
	cut -d' ' -f"$1" "$T/st" | sort -n | awk '{a[NR]=$1} END {
		printf "%7.2f %7.2f", a[int((NR * 50 + 99) / 100)], a[int((NR * 99 + 99) / 100)]}'
}
# CPU time of the whole server process so far, ns (every thread's schedstat): divided by
# the requests of one series it gives the mean CPU per request, for any build (an older one
# without the cpu Server-Timing metric too).
proc_cpu_ns() { set +f; cat /proc/"$PID"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}'; set -f; }
timing() { # path, auth-kind
	c0=$(proc_cpu_ns)
	st_times "$1" "$2" >"$T/st"
	c1=$(proc_cpu_ns)
	printf '  %-36s wall p50/p99 %s ms   cpu p50/p99 %s ms   process cpu/req %6.2f ms  (n=%d)\n' "$1" "$(pct 1)" "$(pct 2)" \
		"$(echo "$c0 $c1 $(wc -l <"$T/st")" | awk '{print ($2 - $1) / 1e6 / ($3 ? $3 : 1)}')" "$(wc -l <"$T/st")"
}
FIRST_ART=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/articles?limit=1" | sed -n 's/^\[{"id":\([0-9]*\).*/\1/p')
STORY_PAGE=""
if curl -s -H "Authorization: Bearer $TOKEN" -o /dev/null -w '%{http_code}' "$URL/api/v1/stories" | grep -q 200; then
	HOME_PATH=/; API_PATH=/api/v1/stories
	FIRST_STORY=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/stories?limit=1" | sed -n 's/^\[{"id":\([0-9]*\).*/\1/p')
	[ -n "$FIRST_STORY" ] && STORY_PAGE=/story/$FIRST_STORY
else
	HOME_PATH=/articles; API_PATH=/api/v1/articles
	echo "(no stories API in this build: the home page and API under load are the unread list)"
fi
echo "server time per request, response cache OFF (every request renders; Server-Timing header, $REQS sequential requests per page, $N articles):"
# Page 50 of a list both ways: by cursor (the "Older" link: keyset, before=<time>_<id> of
# the 2,450th article) and by the old page=N (OFFSET 2,450).
CURSOR50=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/articles?view=all&limit=1&offset=2449" |
	sed -n 's/.*"cursor": *"\([0-9_-]*\)".*/\1/p')
PAGES="$HOME_PATH /articles /articles?view=all /articles?view=starred /articles?view=all&before=$CURSOR50 /articles?view=all&page=50 /articles?folder=Folder%203 /feeds /search?q=harbour+storm /article/$FIRST_ART $STORY_PAGE"
APIS="$API_PATH /api/v1/articles /api/v1/articles?view=all&before=$CURSOR50 /api/v1/feeds /api/v1/search?q=harbour"
all_timings() {
	for p in $PAGES; do timing "$p" page; done
	for p in $APIS; do timing "$p" api; done
}
all_timings
# The machine's load average before each run: wrk and the server share 2 cores with whatever
# else runs, and the p99 follows that more than anything in the server.
RUNS=${BENCH_RUNS:-3}
# How late a thread that sleeps 1 ms wakes up on this machine right now (3,000 sleeps):
# a request's p99 under wrk cannot beat the machine's own scheduling delay.
wakeup() {
	python3 -c 'import time
d = []
for _ in range(3000):
    t = time.monotonic(); time.sleep(0.001); d.append((time.monotonic() - t - 0.001) * 1000)
d.sort()
print("machine: a 1 ms sleep wakes up late by p50 %.2f ms, p99 %.2f ms, max %.1f ms (load avg %s)" % (
    d[len(d) // 2], d[len(d) * 99 // 100], d[-1], open("/proc/loadavg").read().split()[0]))'
}
load() { # name, path, header
	run=1
	while [ "$run" -le "$RUNS" ]; do load1 "$@"; run=$((run + 1)); done
}
load1() { # name, path, header
	peak=0
	la=$(cut -d' ' -f1 /proc/loadavg)
	wrk -t2 -c32 -d"${DUR}s" --latency -H "$3" "$URL$2" >"$T/wrk.out" 2>&1 &
	W=$!
	while kill -0 $W 2>/dev/null; do
		r=$(rss_kb); [ "$r" -gt "$peak" ] && peak=$r
		sleep 0.5
	done
	wait $W || true
	rps=$(awk '/^Requests\/sec/ {print $2}' "$T/wrk.out")
	p50=$(awk '$1 == "50%" {print $2}' "$T/wrk.out")
	p99=$(awk '$1 == "99%" {print $2}' "$T/wrk.out")
	non2xx=$(awk '/Non-2xx/ {print $NF}' "$T/wrk.out")
	printf '  %-28s %9s req/s  p50 %8s  p99 %8s  peak RSS %.1f MB  (load avg before: %s)%s\n' "$1 ($2)" "$rps" \
		"$p50" "$p99" "$(echo "$peak" | awk '{print $1 / 1024}')" "$la" "${non2xx:+  NON-2XX: $non2xx}"
}
stop_server
start_server
curl -s -o /dev/null -H "Cookie: nf_session=$SESSION" "$URL/"
echo "server RSS idle, cache on (after start + one request): $(rss)"
echo "server time per request, response cache ON (repeated hits are served from the cache):"
all_timings
wakeup
echo "wrk -t2 -c32 -d${DUR}s on 127.0.0.1, response cache on (server: 2 worker threads; wrk shares the same 2 cores):"
load "home page" "$HOME_PATH" "Cookie: nf_session=$SESSION"
load "stories/list API" "$API_PATH" "Authorization: Bearer $TOKEN"
echo "server RSS after load: $(rss)"
stop_server
start_server --no-cache
RUNS=1
echo "wrk -t2 -c32 -d${DUR}s, response cache off (every request renders):"
load "home page" "$HOME_PATH" "Cookie: nf_session=$SESSION"
load "stories/list API" "$API_PATH" "Authorization: Bearer $TOKEN"
