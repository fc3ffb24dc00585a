#!/bin/sh
# make run: load the shipped sample set (sample/) into newsfold.db and show what was stored.
# Usage: scripts/run-sample.sh [NEWSFOLD_BINARY]; the database is $NEWSFOLD_DB, else
# ./newsfold.db in the checkout. Running it again updates the same rows (no duplicates).
# Later steps (stories, the web reader) are added at the end of this script.
set -eu
NF=${1:-build/release/newsfold}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case "$NF" in /*) ;; *) NF="$ROOT/$NF" ;; esac
DB=${NEWSFOLD_DB:-$ROOT/newsfold.db}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

# The OPML names the feeds as file:///SAMPLE_DIR/...; point them at this checkout.
# Percent-encode the characters a path may hold that a URL may not; escape sed's own.
dir=$(printf '%s' "$ROOT/sample" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/#/%23/g' -e 's/?/%3F/g' -e 's/[&|\\]/\\&/g')
sed "s|file:///SAMPLE_DIR|file://$dir|g" "$ROOT/sample/sample.opml" >"$TMP/sample.opml"

echo "== importing the sample subscriptions (sample/sample.opml) into $DB"
"$NF" --db "$DB" import "$TMP/sample.opml"
echo "== refreshing them"
"$NF" --db "$DB" refresh --all
echo "== feeds"
"$NF" --db "$DB" feeds
echo "== articles"
"$NF" --db "$DB" articles --limit 100
echo "== top stories (copies folded, coverage grouped)"
"$NF" --db "$DB" stories --limit 10
# Last step: the web reader on the sample (stdin and stdout a terminal, or NEWSFOLD_SERVE=1; tests run
# this script with stdin from /dev/null and stop here). NEWSFOLD_LISTEN picks the address.
LISTEN=${NEWSFOLD_LISTEN:-127.0.0.1:8080}
if { { [ -t 0 ] && [ -t 1 ]; } || [ "${NEWSFOLD_SERVE:-}" = 1 ]; } && [ "${NEWSFOLD_NO_SERVE:-}" != 1 ]; then
	echo "== the web reader: open http://$LISTEN/ (first run: create the admin account there); Ctrl-C stops it"
	exec "$NF" --db "$DB" serve --listen "$LISTEN"
fi
echo "== to read it in a browser: $NF --db $DB serve --listen $LISTEN, then open http://$LISTEN/"
