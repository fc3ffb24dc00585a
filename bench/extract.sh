#!/bin/sh
# extract.sh — article extraction: quality and speed, side by side in one run.
#
# Quality: `newsfold extract` over scrapinghub-aeb (181 pages, shingle F1) and all of
# wcxb-dev (1,497 pages, word F1 per page type, title/author/date match), scored by
# bench/extract_score.py.
# Speed, on one core (taskset -c 0), every tool reading its pages into memory first, CPU
# time (user+sys) of the timed loop, every tool best of EXTRACT_BENCH_RUNS (default 3) runs:
#   newsfold extract --bench extract   (this extractor)
#   newsfold extract --bench parse     (a bare libxml2 HTML parse: the floor for the design)
#   @mozilla/readability on jsdom      (node, bench/node_modules, installed here from npm)
#   python3-readability                (Debian package, /usr/bin/python3)
# newsfold and the bare parse run on all wcxb-dev pages; the peers, being 10-100x slower,
# run on a slice of them (EXTRACT_BENCH_PEER_PAGES, default 300, "all" for every page) and
# newsfold and the parse are measured on that same slice too, so ratios compare like with
# like. Usage: sh bench/extract.sh [path/to/newsfold]; EXTRACT_BENCH_ONLY=speed|quality runs
# one half.
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

ONLY=${EXTRACT_BENCH_ONLY:-}   # "speed" or "quality" to run one half
if [ "$ONLY" != speed ]; then
echo "-- quality"
"$NF" extract "$DATA"/scrapinghub-aeb/html/*.html.gz >"$T/aeb.jsonl"
python3 "$ROOT/bench/extract_score.py" aeb "$DATA/scrapinghub-aeb" "$T/aeb.jsonl"
"$NF" extract "$DATA"/wcxb-dev/dev/html/*.html.gz >"$T/wcxb.jsonl"
python3 "$ROOT/bench/extract_score.py" wcxb "$DATA/wcxb-dev" "$T/wcxb.jsonl"
fi
[ "$ONLY" = quality ] && exit 0

echo "-- speed (one core: ${TS:-taskset missing, unpinned})"
ls "$DATA"/wcxb-dev/dev/html/*.html.gz >"$T/all.list"
if [ "$PEER_PAGES" = all ]; then cp "$T/all.list" "$T/slice.list"; else head -n "$PEER_PAGES" "$T/all.list" >"$T/slice.list"; fi
run() { # label: print the figure kept for label
	label=$1
	[ -s "$T/$label.json" ] || return
	python3 -c 'import json,sys; o=json.load(open(sys.argv[2])); print("%-28s %5d pages %8.1f pages/s %7.2f MB/s  (%.2f s, %d failed)" % (sys.argv[1], o["pages"], o["pages_per_s"], o["mb_per_s"], o["seconds"], o["failed"]))' "$label" "$T/$label.json"
}
# Every tool, newsfold and peers alike: CPU time, best of EXTRACT_BENCH_RUNS (default 3) runs,
# the runs of all tools interleaved round by round, so another process on the shared core
# costs each figure as little as possible and no tool is measured in a quieter moment than
# the others. A failing run is reported and leaves the best so far.
best() { # label, command...
	label=$1; shift
	"$@" >"$T/$label.run" 2>"$T/err" || { echo "$label: failed: $(tail -2 "$T/err")"; return; }
	python3 -c 'import json,os,sys
b=json.load(open(sys.argv[2]))
a=json.load(open(sys.argv[1])) if os.path.exists(sys.argv[1]) else None
print(json.dumps(b if a is None or b["seconds"] < a["seconds"] else a))' \
		"$T/$label.json" "$T/$label.run" >"$T/$label.tmp" && mv "$T/$label.tmp" "$T/$label.json"
}
JS=""
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	if [ ! -d "$ROOT/bench/node_modules/@mozilla/readability" ] || [ ! -d "$ROOT/bench/node_modules/jsdom" ]; then
		(cd "$ROOT/bench" && npm install --no-audit --no-fund --silent >/dev/null 2>"$T/npm.err") ||
			echo "readability.js: npm install failed: $(tail -2 "$T/npm.err")"
	fi
	[ -d "$ROOT/bench/node_modules/jsdom" ] && JS=1
else
	echo "readability.js: node/npm not installed; skipped"
fi
PY=""
if /usr/bin/python3 -c 'import readability' 2>/dev/null; then PY=1; else
	echo "python3-readability: not installed (apt install python3-readability); skipped"
fi
RUNS=${EXTRACT_BENCH_RUNS:-3}
for i in $(seq "$RUNS"); do
	for what in all slice; do
		best "newsfold_$what" $TS "$NF" extract --bench extract $(cat "$T/$what.list")
		best "libxml2_parse_$what" $TS "$NF" extract --bench parse $(cat "$T/$what.list")
	done
	[ -n "$PY" ] && best python_readability_slice $TS /usr/bin/python3 "$ROOT/bench/extract_pyreadability.py" $(cat "$T/slice.list")
	[ -n "$JS" ] && best readability_js_slice $TS node "$ROOT/bench/extract_readability.js" $(cat "$T/slice.list")
done
echo "(CPU time, best of $RUNS interleaved runs for every tool)"
for label in newsfold_all libxml2_parse_all newsfold_slice libxml2_parse_slice readability_js_slice python_readability_slice; do
	run "$label"
done
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
