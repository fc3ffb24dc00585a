#!/bin/sh
# Folding and clustering speed, memory and quality.
#   usage: bench/cluster.sh [NEWSFOLD] [N]      (N articles, default 200000; RUNS=3 runs each)
# Generates a deterministic stream of N ~400-word articles (bench/gen_stream.c, seed 1), then
# on one core (taskset -c 0) the same stream through `newsfold cluster` in three modes:
#   --tokenize-only (the floor: read the JSON lines + tokenize + detect the language),
#   --fold-only (floor + signatures + LSH), and fold + cluster (what `newsfold cluster` does).
# Rates are articles per CPU second (user+sys; the machine is shared, so the best of RUNS
# runs is kept and wall time is printed beside). "first/last 10k" are the rates over the
# first and the last 10,000 articles of the same run: flat cost shows as last/first near 1.
# Index memory: fold + cluster index bytes at 10k, at N/2 and at N articles (the fold index
# evicts canonicals older than 7 days of stream time, so it stops growing), and bytes per
# article: the index divided by the articles it holds (live canonicals for the fold index).
# Then scores story quality on ../shared/data/uci-news-dev when present.
set -u
NF=${1:-build/release/newsfold}
N=${2:-200000}
RUNS=${RUNS:-3}
cd "$(dirname "$0")/.."
mkdir -p build/bench
cc -O2 -o build/bench/gen_stream bench/gen_stream.c -lm || exit 1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
build/bench/gen_stream "$N" 1 > "$TMP/stream.jsonl"
echo "stream: $N articles, $(wc -c < "$TMP/stream.jsonl") bytes; best of $RUNS runs per mode, one core"
PIN=""
command -v taskset >/dev/null && PIN="taskset -c 0"
for mode in tokenize-only fold-only cluster; do
	opt="--$mode"
	[ "$mode" = cluster ] && opt=""
	r=1
	while [ "$r" -le "$RUNS" ]; do
		$PIN "$NF" cluster $opt --stats < "$TMP/stream.jsonl" > "$TMP/out.$mode" 2> "$TMP/stats.$mode.$r"
		r=$((r + 1))
	done
done
python3 - "$TMP" "$N" "$RUNS" <<'PY'
import sys, re
tmp, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def load(mode, r):
    txt = open(f"{tmp}/stats.{mode}.{r}").read()
    cps = {}
    for line in txt.splitlines():
        m = re.match(r"checkpoint (\d+) cpu_seconds ([\d.]+)(.*)", line)
        if m:
            extra = dict(re.findall(r"(\w+) (\d+)", m.group(3)))
            cps[int(m.group(1))] = (float(m.group(2)), {k: int(v) for k, v in extra.items()})
    st = dict(re.findall(r"(\w+) ([\d.]+)", txt.splitlines()[-1]))
    return float(st["cpu_seconds"]), float(st["wall_seconds"]), cps, st

res = {}
for mode in ("tokenize-only", "fold-only", "cluster"):
    cpu, wall, cps, st = min((load(mode, r) for r in range(1, runs + 1)), key=lambda x: x[0])
    first = 10000 / cps[10000][0] if 10000 in cps else float("nan")
    last_k = max(cps) if cps else 0
    last = 10000 / (cps[last_k][0] - cps[last_k - 10000][0]) if last_k - 10000 in cps else float("nan")
    res[mode] = (n / cpu, cps, st)
    print(f"{mode:14s} {n / cpu:9.0f} articles/cpu-s ({cpu:6.2f} cpu-s, {n / wall:6.0f}/wall-s)"
          f"  first 10k {first:6.0f}/s  last 10k {last:6.0f}/s  last/first {last / first:4.2f}")
floor = res["tokenize-only"][0]
print(f"fold-only is {floor / res['fold-only'][0]:.2f}x the tokenize floor; fold+cluster is "
      f"{floor / res['cluster'][0]:.2f}x (target: within 4x)")
_, cps, st = res["cluster"]
def mem(k):
    if k not in cps:
        return "n/a"
    e = cps[k][1]
    return (f"{(e.get('fold_bytes', 0) + e.get('cluster_bytes', 0)) / 1e6:6.1f} MB "
            f"({e.get('canonicals', 0)} canonicals held)")
marks = sorted({10000, (n // 2) // 10000 * 10000, n // 10000 * 10000} & set(cps))
print("index memory (fold + cluster): " + "; ".join(f"at {k}: {mem(k)}" for k in marks))
fb, cb = int(st["fold_bytes"]), int(st["cluster_bytes"])
canon = max(int(st["canonicals"]), 1)
print(f"index per article: {(fb + cb) / n:.0f} bytes per article seen (fold {fb / 1e6:.1f} MB + "
      f"cluster {cb / 1e6:.1f} MB); fold index {fb / canon:.0f} bytes per live canonical")
print("targets: folding >= 20000/s, fold+cluster >= 5000/s and within 4x the floor, "
      "index <= 1536 bytes/article, flat cost (last/first near 1)")
PY
CSV=${SHARED_DATA:-../shared/data}/uci-news-dev/uci-news-dev.csv
if [ -f "$CSV" ]; then
	python3 bench/cluster_uci.py "$NF" "$CSV" | sed 's/^note: //'
else
	echo "uci-news-dev: $CSV absent, quality not scored"
fi
