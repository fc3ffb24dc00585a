#!/bin/sh
# Folding and clustering speed, memory and quality.
#   usage: bench/cluster.sh [NEWSFOLD] [N]      (N articles, default 200000)
# Generates a deterministic stream of N ~400-word articles (bench/gen_stream.c, seed 1), then
# on one core (taskset -c 0), one run each, the same stream through `newsfold cluster`:
#   --tokenize-only (the floor: read JSON + tokenize), --fold-only, and fold + cluster.
# Rates are articles per CPU second (the machine is shared, so wall time is printed beside);
# "first/last 10k" compare the cost per article at the start and the end of the stream;
# bytes/article is the fold + cluster index memory divided by the articles seen.
# Then scores story quality on ../shared/data/uci-news-dev when present.
set -u
NF=${1:-build/release/newsfold}
N=${2:-200000}
cd "$(dirname "$0")/.."
mkdir -p build/bench
cc -O2 -o build/bench/gen_stream bench/gen_stream.c -lm || exit 1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
build/bench/gen_stream "$N" 1 > "$TMP/stream.jsonl"
echo "stream: $N articles, $(wc -c < "$TMP/stream.jsonl") bytes"
PIN=""
command -v taskset >/dev/null && PIN="taskset -c 0"
for mode in tokenize-only fold-only cluster; do
	opt="--$mode"
	[ "$mode" = cluster ] && opt=""
	$PIN "$NF" cluster $opt --stats < "$TMP/stream.jsonl" > "$TMP/out.$mode" 2> "$TMP/stats.$mode"
done
python3 - "$TMP" "$N" <<'PY'
import sys, re
tmp, n = sys.argv[1], int(sys.argv[2])
res = {}
for mode in ("tokenize-only", "fold-only", "cluster"):
    txt = open(f"{tmp}/stats.{mode}").read()
    cps = {int(a): float(b) for a, b in re.findall(r"checkpoint (\d+) cpu_seconds ([\d.]+)", txt)}
    st = dict(re.findall(r"(\w+) ([\d.]+)", txt.splitlines()[-1]))
    cpu, wall = float(st["cpu_seconds"]), float(st["wall_seconds"])
    first = 10000 / cps[10000] if 10000 in cps else float("nan")
    last_k = max(k for k in cps) if cps else 0
    last = 10000 / (cps[last_k] - cps[last_k - 10000]) if last_k - 10000 in cps else float("nan")
    res[mode] = (n / cpu, n / wall, first, last, float(st["bytes_per_article"]))
    print(f"{mode:14s} {n / cpu:9.0f} articles/cpu-s  ({n / wall:7.0f}/wall-s)  first 10k {first:7.0f}/s"
          f"  last 10k {last:7.0f}/s  index {float(st['bytes_per_article']):5.0f} bytes/article")
floor = res["tokenize-only"][0]
print(f"fold-only is {floor / res['fold-only'][0]:.2f}x the tokenize floor; fold+cluster is "
      f"{floor / res['cluster'][0]:.2f}x (target: within 4x)")
print("targets: folding >= 20000/s, fold+cluster >= 5000/s, index <= 1536 bytes/article, flat cost")
PY
CSV=${SHARED_DATA:-../shared/data}/uci-news-dev/uci-news-dev.csv
if [ -f "$CSV" ]; then
	python3 bench/cluster_uci.py "$NF" "$CSV" | sed 's/^note: //'
else
	echo "uci-news-dev: $CSV absent, quality not scored"
fi
