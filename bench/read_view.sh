#!/bin/sh
# bench/read_view.sh — the "read" article list when the user has read few articles.
#
# Builds bench/serve.sh's database (200 feeds, $BENCH_ARTICLES articles, default 20000) with
# the user's read marks on every $BENCH_READ_EVERY-th article (default 200: 100 marks at
# 20,000), starts `newsfold serve --no-cache` pinned to CPU 0 (taskset -c 0) on 127.0.0.1,
# and reports the worker's CPU time per request (the Server-Timing cpu metric, p50 and min
# of 100 sequential requests) for /articles?view=read and its API twin, with view=all as the
# yardstick. NEWSFOLD_BEFORE=PATH also runs an older build on its own fresh database first,
# side by side (the newer build then upgrades that database: the same rows).
# Usage: sh bench/read_view.sh [NEWSFOLD]
set -euf
NF=${1:-build/release/newsfold}
N=${BENCH_ARTICLES:-20000}
EVERY=${BENCH_READ_EVERY:-200}
cd "$(dirname "$0")/.."
T=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM

gen() { # newsfold db: the bench/serve.sh generator, read marks on id % EVERY = 0
	"$1" --db "$2" feeds >/dev/null
	printf 'bench password 1\n' | "$1" --db "$2" user add bench --password-stdin >/dev/null 2>&1
	sed -n '/^\[ "\$REUSE" = 1 \] || python3/,/^EOF$/p' bench/serve.sh | sed '1d;$d' |
		sed "s/WHERE id % 3 = 0/WHERE id % $EVERY = 0/" >"$T/gen.py"
	python3 "$T/gen.py" "$2" "$N"
}

measure() { # newsfold db label
	: >"$T/out"
	taskset -c 0 "$1" --db "$2" serve --listen 127.0.0.1:0 --threads 2 --no-refresh --no-cache >"$T/out" 2>&1 &
	PID=$!
	for i in $(seq 1 100); do grep -q 'serving on' "$T/out" && break; sleep 0.1; done
	URL=$(sed -n 's/.*serving on \(http[^ ]*\)/\1/p' "$T/out" | sed 's,/$,,')
	[ -n "$URL" ] || { echo "read_view bench: server did not start"; cat "$T/out"; exit 1; }
	TOKEN=$("$1" --db "$2" user token bench --label "rv$$" | tail -1 | awk '{print $NF}')
	J=$T/cookies
	CSRF=$(curl -s -c "$J" "$URL/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
	curl -s -b "$J" -c "$J" -o /dev/null -d "csrf=$CSRF&name=bench&password=bench+password+1&next=/" "$URL/login"
	SESSION=$(awk '$6 == "nf_session" {print $7}' "$J")
	echo "$3 ($N articles, $(sqlite3 "$2" 'SELECT count(*) FROM article_state WHERE read') read marks):"
	for p in "/articles?view=read" "/articles?view=all" "/api/v1/articles?view=read" "/api/v1/articles?view=all"; do
		case $p in /api*) H="Authorization: Bearer $TOKEN" ;; *) H="Cookie: nf_session=$SESSION" ;; esac
		set --
		for i in $(seq 1 100); do set -- "$@" -o /dev/null "$URL$p"; done
		curl -s -D - -H "$H" "$@" | sed -n 's/^Server-Timing: app;dur=\([0-9.]*\), cpu;dur=\([0-9.]*\).*/\2/p' |
			sort -n | awk -v p="$p" '{a[NR] = $1} END {
			printf "  %-30s cpu/request p50 %6.3f ms  min %6.3f ms  (n=%d)\n", p, a[int((NR * 50 + 99) / 100)], a[1], NR}'
	done
	kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}

if [ -n "${NEWSFOLD_BEFORE:-}" ]; then
	gen "$NEWSFOLD_BEFORE" "$T/before.db" >/dev/null
	measure "$NEWSFOLD_BEFORE" "$T/before.db" "before: $NEWSFOLD_BEFORE"
	measure "$NF" "$T/before.db" "after: $NF (same database, upgraded)"
else
	gen "$NF" "$T/db" >/dev/null
	measure "$NF" "$T/db" "$NF"
fi
