#!/bin/sh
# bench/clientapi.sh — the Google Reader and Fever APIs with 100,000 stored articles.
#
# Builds a database directly in SQLite (200 feeds in 5 folders, one user subscribed to all,
# N articles, one in five a folded copy of the previous one, one in three read), starts
# `newsfold serve --no-refresh` (release build) on a free 127.0.0.1 port, then prints the
# server time per endpoint (the Server-Timing header of $BENCH_REQUESTS sequential requests on
# one keep-alive connection, p50 and p99), first with the response cache off (every request
# runs its handler: the figure issue 4's 10 ms target is about) and then on, and, when wrk
# is installed, requests/s and latency for the first reading-list page (2 threads,
# 16 connections, 5 s, cache on). No peer runs here: FreshRSS and Miniflux are not
# Debian packages. Long id lists (Fever unread_item_ids, items/ids n >= 2000) come from the
# in-memory item index (src/serve/itemidx.h): the first such request after the server starts
# (or after articles change) builds it, and shows as that series' p99.
# Usage: sh bench/clientapi.sh [NEWSFOLD]   (N articles: $BENCH_ARTICLES, default 100000;
# BENCH_DB=PATH keeps the generated database there and reuses it on the next run)
set -euf
NF=${1:-build/release/newsfold}
N=${BENCH_ARTICLES:-100000}
cd "$(dirname "$0")/.."
T=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM
DB=${BENCH_DB:-$T/bench.db}
PW=bench-password-1
REUSE=0
[ -n "${BENCH_DB:-}" ] && [ -f "$DB" ] && REUSE=1
[ "$REUSE" = 1 ] || printf '%s\n' "$PW" | "$NF" --db "$DB" user add bench --password-stdin 2>/dev/null
[ "$REUSE" = 1 ] || python3 - "$DB" "$N" <<'EOF'
import random, sqlite3, sys, time
db, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
con = sqlite3.connect(db)
now = int(time.time())
feeds = []
for i in range(200):
    f = con.execute("INSERT INTO feeds(url, title, last_fetch, last_success) VALUES (?, ?, ?, ?)",
                    (f"http://127.0.0.1:9/f{i}.xml", f"Feed {i}", now, now)).lastrowid
    feeds.append(f)
    con.execute("INSERT INTO subscriptions(user_id, feed_id, folder) VALUES (1, ?, ?)", (f, f"Folder {i % 5}"))
body = "<p>" + " ".join("word%d" % (i % 97) for i in range(120)) + "</p>"
rows = []
for j in range(n):
    t = now - random.randint(0, 86400 * 60)
    rows.append((random.choice(feeds), f"g:{j}", f"http://127.0.0.1:9/a/{j}", f"Headline number {j}", t, t,
                 body, body, body[3:-4]))
con.executemany("INSERT INTO articles(feed_id, dedup_key, url, title, published, fetched, content, html, text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
con.execute("UPDATE articles SET canonical_id = id - 1 WHERE id % 5 = 0")
con.execute("INSERT INTO article_state(user_id, article_id, read) SELECT 1, id, 1 FROM articles WHERE id % 3 = 0")
con.commit()
EOF
start_server() { # extra serve options
	: >"$T/out"
	"$NF" --db "$DB" serve --listen 127.0.0.1:0 --no-refresh "$@" >"$T/out" 2>"$T/err" &
	PID=$!
	i=0
	until grep -q 'http://' "$T/out" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 100 ] && { echo "clientapi bench: server did not start"; cat "$T/err"; exit 1; }
		sleep 0.1
	done
	B=$(grep -o 'http://[0-9.:]*' "$T/out" | head -1)
}
stop_server() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
start_server --no-cache
TOK=$(curl -s -d Email=bench -d Passwd="$PW" "$B/accounts/ClientLogin" | sed -n 's/^Auth=//p')
KEY=$(printf 'bench:%s' "$PW" | md5sum | cut -d' ' -f1)
RL='user%2F-%2Fstate%2Fcom.google%2Freading-list'
REQS=${BENCH_REQUESTS:-20}
proc_cpu_ns() { set +f; cat /proc/"$PID"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}'; set -f; }
pct() { # column: "p50 p99" of that column of $T/st
	cut -d' ' -f"$1" "$T/st" | sort -n | awk '{a[NR]=$1} END {
		printf "%7.2f %7.2f", a[int((NR * 50 + 99) / 100)], a[int((NR * 99 + 99) / 100)]}'
}
time_it() { # label, curl args... (the URL last)
	label=$1; shift
	eval "url=\${$#}"
	k=1
	while [ $k -lt "$REQS" ]; do set -- "$@" -o /dev/null "$url"; k=$((k + 1)); done
	c0=$(proc_cpu_ns)
	curl -s -D - -o /dev/null "$@" |
		sed -n -e 's/^Server-Timing: app;dur=\([0-9.]*\), cpu;dur=\([0-9.]*\).*/\1 \2/p;t' \
		-e 's/^Server-Timing: app;dur=\([0-9.]*\).*/\1 0/p' >"$T/st"
	c1=$(proc_cpu_ns)
	printf '  %-40s %s   %s   %7.2f\n' "$label" "$(pct 1)" "$(pct 2)" \
		"$(echo "$c0 $c1 $(wc -l <"$T/st")" | awk '{print ($2 - $1) / 1e6 / ($3 ? $3 : 1)}')"
}
H="Authorization: GoogleLogin auth=$TOK"
all() {
time_it "greader reading-list n=20" -H "$H" "$B/reader/api/0/stream/contents/$RL?n=20"
time_it "greader reading-list n=20 xt=read" -H "$H" "$B/reader/api/0/stream/contents/$RL?n=20&xt=user/-/state/com.google/read"
time_it "greader reading-list n=100 page 2" -H "$H" "$B/reader/api/0/stream/contents/$RL?n=100&c=$(date +%s)_0"
time_it "greader label n=20" -H "$H" "$B/reader/api/0/stream/contents/user%2F-%2Flabel%2FFolder%201?n=20"
time_it "greader feed n=20" -H "$H" "$B/reader/api/0/stream/contents/feed%2Fhttp%3A%2F%2F127.0.0.1%3A9%2Ff7.xml?n=20"
time_it "greader items/ids unread n=1000" -H "$H" "$B/reader/api/0/stream/items/ids?s=user/-/state/com.google/reading-list&xt=user/-/state/com.google/read&n=1000"
time_it "greader items/ids unread n=10000" -H "$H" "$B/reader/api/0/stream/items/ids?s=user/-/state/com.google/reading-list&xt=user/-/state/com.google/read&n=10000"
time_it "greader items/ids label n=5000 oldest" -H "$H" "$B/reader/api/0/stream/items/ids?s=user/-/label/Folder%201&r=o&n=5000"
time_it "greader preference/list" -H "$H" "$B/reader/api/0/preference/list"
time_it "greader items/contents (20 ids)" -H "$H" $(seq 1 20 | sed 's/^/-d i=/') "$B/reader/api/0/stream/items/contents"
time_it "greader unread-count" -H "$H" "$B/reader/api/0/unread-count"
time_it "greader subscription/list" -H "$H" "$B/reader/api/0/subscription/list?output=json"
time_it "greader tag/list" -H "$H" "$B/reader/api/0/tag/list?output=json"
time_it "greader atom reading-list n=20" -H "$H" "$B/reader/atom/$RL?n=20"
time_it "fever groups+feeds" -d api_key="$KEY" "$B/fever/?api&groups&feeds"
time_it "fever items (50, with total_items)" -d api_key="$KEY" "$B/fever/?api&items&since_id=$((N / 2))"
time_it "fever unread_item_ids" -d api_key="$KEY" "$B/fever/?api&unread_item_ids"
time_it "fever unread_item_ids api=xml" -d api_key="$KEY" "$B/fever/?api=xml&unread_item_ids"
time_it "fever items api=xml" -d api_key="$KEY" "$B/fever/?api=xml&items&since_id=$((N / 2))"
time_it "fever saved_item_ids" -d api_key="$KEY" "$B/fever/?api&saved_item_ids"
}
echo "clientapi: $N articles, 200 feeds, 20% folded copies, 1/3 read; server time (Server-Timing: the"
echo "handler's wall time and its thread's CPU time), $REQS sequential requests per endpoint, ms"
echo "(process cpu/req: the server process's CPU over the series / requests, every thread)"
echo "response cache OFF (every request runs its handler):  wall p50    p99    cpu p50    p99   process cpu/req"
all
stop_server
start_server
echo "response cache ON (repeated hits served from the cache): wall p50  p99    cpu p50    p99   process cpu/req"
all
if command -v wrk >/dev/null; then
	echo "wrk -t2 -c16 -d5s greader reading-list n=20:"
	wrk -t2 -c16 -d5s --latency -H "$H" "$B/reader/api/0/stream/contents/$RL?n=20" |
		grep -E 'Requests/sec|^ +(50|99)%' | sed 's/^ */  /'
fi
