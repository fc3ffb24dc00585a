#!/bin/sh
# extract.sh — article extraction: quality and speed, side by side in one run.
#
# Quality: `newsfold extract` over scrapinghub-aeb (181 pages, shingle F1) and all of
# wcxb-dev (1,497 pages, word F1 per page type, title/author/date match), scored by
# bench/extract_score.py.
# Speed, on one core (taskset -c 0), every tool reading its pages into memory first, CPU
# time (user+sys) of the timed loop; newsfold and the bare parse best of 3 runs:
#   newsfold extract --bench extract   (this extractor)
#   newsfold extract --bench parse     (a bare libxml2 HTML parse: the floor for the design)
#   @mozilla/readability on jsdom      (node, bench/node_modules, installed here from npm)
#   python3-readability                (Debian package, /usr/bin/python3)
# newsfold and the bare parse run on all wcxb-dev pages; the peers, being 10-100x slower,
# run on a slice of them (EXTRACT_BENCH_PEER_PAGES, default 300, "all" for every page) and
# newsfold and the parse are measured on that same slice too, so ratios compare like with
# like. Usage: sh bench/extract.sh [path/to/newsfold]
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NF=${1:-$ROOT/build/release/newsfold}
case "$NF" in /*) ;; *) NF=$ROOT/$NF ;; esac
DATA=${SHARED_DATA:-$ROOT/../shared/data}
PEER_PAGES=${EXTRACT_BENCH_PEER_PAGES:-300}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
TS=""
command -v taskset >/dev/null 2>&1 && TS="taskset -c 0"

if [ ! -d "$DATA/wcxb-dev" ] || [ ! -d "$DATA/scrapinghub-aeb" ]; then
	echo "extract: $DATA/wcxb-dev or scrapinghub-aeb absent; nothing to measure"; exit 0
fi

echo "-- quality"
"$NF" extract "$DATA"/scrapinghub-aeb/html/*.html.gz >"$T/aeb.jsonl"
python3 "$ROOT/bench/extract_score.py" aeb "$DATA/scrapinghub-aeb" "$T/aeb.jsonl"
"$NF" extract "$DATA"/wcxb-dev/dev/html/*.html.gz >"$T/wcxb.jsonl"
python3 "$ROOT/bench/extract_score.py" wcxb "$DATA/wcxb-dev" "$T/wcxb.jsonl"

echo "-- speed (one core: ${TS:-taskset missing, unpinned})"
ls "$DATA"/wcxb-dev/dev/html/*.html.gz >"$T/all.list"
if [ "$PEER_PAGES" = all ]; then cp "$T/all.list" "$T/slice.list"; else head -n "$PEER_PAGES" "$T/all.list" >"$T/slice.list"; fi
run() { # label, command...
	label=$1; shift
	out=$("$@" 2>"$T/err") || { echo "$label: failed: $(tail -2 "$T/err")"; return; }
	echo "$out" >"$T/$label.json"
	python3 -c 'import json,sys; o=json.loads(sys.argv[2]); print("%-28s %5d pages %8.1f pages/s %7.2f MB/s  (%.2f s, %d failed)" % (sys.argv[1], o["pages"], o["pages_per_s"], o["mb_per_s"], o["seconds"], o["failed"]))' "$label" "$out"
}
# newsfold and the bare parse: CPU time, best of EXTRACT_BENCH_RUNS (default 3) alternating
# runs, so another process on the shared core costs the figure as little as possible
best() { # label, command...
	label=$1; shift
	"$@" >"$T/$label.best" 2>"$T/err" || { echo "$label: failed: $(tail -2 "$T/err")"; return; }
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.loads(sys.argv[2]); print(json.dumps(b if b["seconds"] < a["seconds"] else a))' \
		"$T/$label.best" "$("$@")" >"$T/$label.tmp" 2>/dev/null && mv "$T/$label.tmp" "$T/$label.best"
}
for i in $(seq "${EXTRACT_BENCH_RUNS:-3}"); do
	for what in all slice; do
		if [ "$i" = 1 ]; then
			$TS "$NF" extract --bench extract $(cat "$T/$what.list") >"$T/newsfold_$what.best" 2>"$T/err"
			$TS "$NF" extract --bench parse $(cat "$T/$what.list") >"$T/libxml2_parse_$what.best" 2>"$T/err"
		else
			best "newsfold_$what" $TS "$NF" extract --bench extract $(cat "$T/$what.list")
			best "libxml2_parse_$what" $TS "$NF" extract --bench parse $(cat "$T/$what.list")
		fi
	done
done
for label in newsfold_all libxml2_parse_all newsfold_slice libxml2_parse_slice; do
	run "$label" cat "$T/$label.best"
done
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	if [ ! -d "$ROOT/bench/node_modules/@mozilla/readability" ] || [ ! -d "$ROOT/bench/node_modules/jsdom" ]; then
		(cd "$ROOT/bench" && npm install --no-audit --no-fund --silent >/dev/null 2>"$T/npm.err") ||
			echo "readability.js: npm install failed: $(tail -2 "$T/npm.err")"
	fi
	[ -d "$ROOT/bench/node_modules/jsdom" ] &&
		run readability_js_slice $TS node "$ROOT/bench/extract_readability.js" $(cat "$T/slice.list")
else
	echo "readability.js: node/npm not installed; skipped"
fi
if /usr/bin/python3 -c 'import readability' 2>/dev/null; then
	run python_readability_slice $TS /usr/bin/python3 "$ROOT/bench/extract_pyreadability.py" $(cat "$T/slice.list")
else
	echo "python3-readability: not installed (apt install python3-readability); skipped"
fi
python3 - "$T" <<'PY'
import json, os, sys
t = sys.argv[1]
def rate(name):
    p = os.path.join(t, name + '.json')
    return json.load(open(p))['pages_per_s'] if os.path.exists(p) else None
nf, px = rate('newsfold_slice'), rate('libxml2_parse_slice')
rj, py = rate('readability_js_slice'), rate('python_readability_slice')
nfa, pxa = rate('newsfold_all'), rate('libxml2_parse_all')
if nfa and pxa:
    print(f"extraction time over the bare parse (all pages): {(pxa / nfa - 1) * 100:+.0f}%  (target <= +50%)")
if nf and rj:
    print(f"newsfold vs readability.js+jsdom (same slice): {nf / rj:.1f}x  (target >= 50x)")
if nf and py:
    print(f"newsfold vs python3-readability (same slice): {nf / py:.1f}x  (target >= 10x)")
PY
