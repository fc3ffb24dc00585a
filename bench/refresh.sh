#!/bin/sh
# Refresh of 2,000 feeds served from 127.0.0.1: wall time and peak memory of
# `newsfold refresh --all`, cold (every feed new: 20,000 articles stored, one transaction per
# feed), first without the clustering pass (--no-cluster: fetch + parse + store), then the
# default path (cluster_update folds and clusters the 20,000 new articles after the feeds),
# then warm (every feed answers 304). Targets: under 20 s and under 100 MB. The user/sys
# columns are newsfold's own CPU time: the rest of the wall time is waiting on the fixture.
#
# The fixture is tests/fixtures/server.py, a Python threaded server, run as SERVERS separate
# processes on their own ports (so the two cores both serve; 2,000 feeds spread over them like
# feeds spread over hosts). The peer, measured in the same run on the same URLs, is
# `curl --parallel` with the same connection cap: it fetches and discards, so its time is the
# floor the fixture server allows — if newsfold is close to it, the server is the bottleneck.
set -u
NF=${1:-build/release/newsfold}
N=${BENCH_FEEDS:-2000}
SERVERS=${BENCH_SERVERS:-8}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case "$NF" in /*) ;; *) NF="$ROOT/$NF" ;; esac
T=$(mktemp -d)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT HUP INT PIPE TERM
[ -x /usr/bin/time ] || { echo "refresh bench: /usr/bin/time missing (apt install time)"; exit 1; }

i=0
while [ $i -lt "$SERVERS" ]; do
	python3 "$ROOT/tests/fixtures/server.py" --quiet --port-file "$T/port$i" --lifetime 600 >/dev/null 2>&1 &
	PIDS="$PIDS $!"
	i=$((i + 1))
done
i=0
while [ $i -lt "$SERVERS" ]; do
	w=0
	while [ ! -s "$T/port$i" ] && [ $w -lt 200 ]; do sleep 0.05; w=$((w + 1)); done
	i=$((i + 1))
done

DB="$T/bench.db"
"$NF" --db "$DB" feeds >/dev/null
python3 - "$DB" "$T" "$N" "$SERVERS" <<'PY'
import sqlite3, sys
db, tmp, n, k = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ports = [int(open(f"{tmp}/port{i}").read()) for i in range(k)]
con = sqlite3.connect(db)
with open(f"{tmp}/curl.cfg", "w") as cfg:
    for i in range(n):
        url = f"http://127.0.0.1:{ports[i % k]}/bench/{i}.xml"
        fid = con.execute("INSERT INTO feeds(url, fulltext) VALUES (?, 'never')", (url,)).lastrowid
        con.execute("INSERT INTO subscriptions(user_id, feed_id) VALUES (1, ?)", (fid,))
        cfg.write(f'url = "{url}"\noutput = "/dev/null"\n')
con.commit()
PY

measure() { # label, command...
	label=$1; shift
	/usr/bin/time -f "%e %M %U %S" -o "$T/time" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	read -r secs kb usr sys <<EOT
$(tail -1 "$T/time")
EOT
	printf '%-44s %6.2f s wall (cpu %5.2f user %5.2f sys)  %4d MB peak  exit %d\n' "$label" "$secs" "$usr" "$sys" $((kb / 1024)) "$rc"
	[ -s "$T/out" ] && echo "  $(tail -1 "$T/out")"
}

echo "refresh of $N feeds on 127.0.0.1 ($SERVERS fixture processes), $(nproc) cores"
RESET="import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('delete from articles'); c.execute('update feeds set etag=null'); c.commit()"
measure "curl --parallel (peer: fetch only, cap 16)" curl -s --parallel --parallel-max 16 -K "$T/curl.cfg"
measure "newsfold refresh --all --no-cluster (cold)" "$NF" --db "$DB" --allow-private refresh --all --no-cluster
echo "  stored: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from articles').fetchone()[0])" "$DB") articles"
python3 -c "$RESET" "$DB"
measure "newsfold refresh --all (cold, + clustering)" "$NF" --db "$DB" --allow-private refresh --all
measure "newsfold refresh --all (warm: all 304)" "$NF" --db "$DB" --allow-private refresh --all
echo "targets: under 20 s and under 100 MB"
