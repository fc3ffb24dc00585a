#!/bin/sh
# The address policy on redirects, tested for real: a feed on a public-looking address that
# redirects to 127.0.0.1 must be refused without --allow-private.
#
# The fixture lives on 127.0.0.1, and without --allow-private every loopback fetch is refused
# before the redirect could matter. So this test re-runs itself in a private network namespace
# (unshare -rn: no interface but its own loopback, nothing can leave it) where 198.51.100.7, a
# documentation address the policy allows, is added to lo and the fixture listens on it.
# Where user namespaces are unavailable the test skips.
set -u
ROOT=${NEWSFOLD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
NF=${NEWSFOLD:-$ROOT/build/asan/newsfold}
PUB=198.51.100.7
unset NEWSFOLD_ALLOW_PRIVATE   # the refusals below need the default policy

if [ -z "${NEWSFOLD_IN_NETNS:-}" ]; then
	if ! unshare -rn true 2>/dev/null || ! command -v ip >/dev/null; then
		echo "skip: refresh_ssrf: no user/network namespaces here (unshare -rn) or no ip(8)"
		exit 0
	fi
	NEWSFOLD_IN_NETNS=1 NEWSFOLD="$NF" NEWSFOLD_ROOT="$ROOT" exec unshare -rn sh "$0"
fi

ip link set lo up && ip addr add $PUB/32 dev lo || { echo "fail: refresh_ssrf: cannot set up the namespace"; exit 1; }
T=$(mktemp -d)
python3 "$ROOT/tests/fixtures/server.py" --bind 0.0.0.0 --port-file "$T/port" --lifetime 120 >/dev/null 2>&1 &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$T"' EXIT INT TERM
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$T/port")
DB="$T/t.db"
"$NF" --db "$DB" feeds >/dev/null

add() { # url -> feed id
	python3 - "$DB" "$1" <<'EOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
fid = con.execute("INSERT INTO feeds(url) VALUES (?)", (sys.argv[2],)).lastrowid
con.execute("INSERT INTO subscriptions(user_id, feed_id) VALUES (1, ?)", (fid,))
con.commit()
print(fid)
EOF
}
served() { # path -> how many times the fixture saw it
	python3 -c "import json,sys,urllib.request; print(sum(r['path'].startswith(sys.argv[2]) for r in json.load(urllib.request.urlopen(sys.argv[1]))))" \
		"http://$PUB:$PORT/_requests" "$1"
}
expect() { # name, status, stderr-needle, feed id, extra args...
	name=$1 want=$2 needle=$3 id=$4; shift 4
	"$NF" --db "$DB" refresh --feed "$id" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = "$want" ] && grep -q -- "$needle" "$T/err" "$T/out"; then
		echo "pass: $name"
	else
		echo "fail: $name: exit $rc, want $want and '$needle'"; cat "$T/out" "$T/err"
	fi
}

PUBLIC=$(add "http://$PUB:$PORT/feed/pub.xml?items=3")
TOLOCAL=$(add "http://$PUB:$PORT/redirect-local")
BYNAME=$(add "http://localhost:$PORT/feed/byname.xml")
V6=$(add "http://[::1]:$PORT/feed/v6.xml")
MAPPED=$(add "http://[::ffff:127.0.0.1]:$PORT/feed/mapped.xml")
META=$(add "http://169.254.169.254/latest/meta-data/")

expect public_address_allowed 0 "3 new" "$PUBLIC"
expect redirect_to_loopback_refused 1 "refused to connect to 127.0.0.1" "$TOLOCAL"
if [ "$(served /feed/local.xml)" = 0 ]; then echo "pass: redirect_target_never_contacted"
else echo "fail: redirect_target_never_contacted: the fixture served the loopback target"; fi
expect redirect_to_loopback_allowed_with_flag 0 "5 new" "$TOLOCAL" --allow-private
expect name_resolving_to_loopback_refused 1 "a loopback address" "$BYNAME"
expect ipv6_loopback_refused 1 "loopback" "$V6"
expect ipv4_mapped_refused 1 "loopback" "$MAPPED"
expect metadata_address_refused 1 "169.254" "$META" --timeout 2
