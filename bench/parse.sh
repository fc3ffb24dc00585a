#!/bin/sh
# bench/parse.sh — feed parsing throughput (MB/s, one core: pinned to CPU 0), newsfold side
# by side with sfeed and python3-feedparser (Debian packages) on the same inputs:
#   1. the feedparser test corpus (../shared/data/feedparser-tests, ~2,100 small files):
#      newsfold in one process (parse --batch, which opens and reads every file itself),
#      feedparser in one process (a loop that opens and reads every file), and sfeed twice,
#      since it reads only stdin and cannot open files: (a) on the corpus concatenated
#      beforehand into one file — its fastest run, but the reading of 2,107 files is not
#      counted; (b) on the same 2,107 files read by `xargs cat` into a pipe, with cat's and
#      xargs' CPU counted too — the same work newsfold does, on an equal footing;
#   2. one generated 20 MB RSS 2.0 feed (deterministic), each tool parsing the file whole.
# Every tool's output goes to /dev/null; the figure is input bytes / CPU seconds (user+sys,
# pinned to one core), best of N (python3-feedparser: best of 3 on the corpus, one run on
# the 20 MB feed, which takes it seconds); the cat | sfeed row's CPU includes the one sh of
# its pipe. The load average is printed before and after: the machine may be shared.
set -u
NF=${1:-build/release/newsfold}
cd "$(dirname "$0")/.."
DATA=${SHARED_DATA:-../shared/data}/feedparser-tests
PY=/usr/bin/python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
PIN=1   # pin the runs to CPU 0 (see best_of)
have_sfeed=0; command -v sfeed >/dev/null 2>&1 && have_sfeed=1
have_fp=0; $PY -c 'import feedparser' 2>/dev/null && have_fp=1

# best_of N [-i FILE] COMMAND...: the best of N runs of COMMAND (stdout discarded; stdin
# from FILE when given, so no shell is started just to redirect it): CPU seconds (user+sys of the child and whatever
# it waited for, i.e. one core's work — the machine is shared, so wall time measures the
# neighbours too). The runner pins itself to CPU 0 when PIN is set, and its children
# inherit that: no taskset process is timed with each run.
best_of() { n=$1; shift; in=""
	if [ "$1" = "-i" ]; then in=$2; shift 2; fi
	PIN="$PIN" IN="$in" $PY - "$n" "$@" <<'PYEOF'
import os, resource, subprocess, sys
if os.environ.get("PIN"):
    os.sched_setaffinity(0, {0})
best = None
for _ in range(int(sys.argv[1])):
    stdin = open(os.environ["IN"], "rb") if os.environ.get("IN") else subprocess.DEVNULL
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if stdin is not subprocess.DEVNULL:
        stdin.close()
    t = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    best = t if best is None or t < best else best
print("%.4f" % best)
PYEOF
}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
mbps() { echo "scale=1; $1 / 1048576 / $2" | bc -l; }
row() { printf '%-34s %10s MB/s  (%s CPU s for %s bytes)\n' "$1" "$(mbps "$3" "$2")" "$2" "$3"; }

# ---- 2. the generated 20 MB feed ----
$PY - "$TMP/big.xml" <<'EOF'
import sys
out = open(sys.argv[1], "w", encoding="utf-8")
out.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
          '<title>Generated</title><link>http://bench.example/</link><description>bench</description>\n')
i = 0
words = "harbour ferry winter timetable council budget river bridge école naïve".split()
while out.tell() < 20 * 1024 * 1024:
    body = " ".join(words[(i + k) % len(words)] for k in range(60))
    out.write('<item><title>Story %d about %s</title><link>http://bench.example/s/%d?a=1&amp;b=2</link>'
              '<guid isPermaLink="false">bench-%d</guid><pubDate>Mon, %02d Jan 2024 10:%02d:00 +0100</pubDate>'
              '<dc:creator>Writer %d</dc:creator><category>cat%d</category>'
              '<description>&lt;p&gt;%s&lt;/p&gt;</description>'
              '<content:encoded><![CDATA[<p>%s</p><p>%s</p>]]></content:encoded></item>\n'
              % (i, words[i % len(words)], i, i, i % 28 + 1, i % 60, i % 50, i % 9, body, body, body))
    i += 1
out.write('</channel></rss>\n')
EOF
BIG=$(wc -c <"$TMP/big.xml")
echo "generated feed: $BIG bytes, $(grep -c '<item>' "$TMP/big.xml") items"
t=$(best_of 3 "$NF" parse "$TMP/big.xml"); row "newsfold parse (20 MB RSS)" "$t" "$BIG"; NF_BIG=$t
if [ $have_sfeed = 1 ]; then
	t=$(best_of 3 -i "$TMP/big.xml" sfeed); row "sfeed (20 MB RSS)" "$t" "$BIG"; SF_BIG=$t
else echo "sfeed: not installed (apt-get install sfeed)"; SF_BIG=""; fi
if [ $have_fp = 1 ]; then
	t=$(best_of 1 $PY -c 'import sys,feedparser; feedparser.parse(open(sys.argv[1],"rb").read())' "$TMP/big.xml")
	row "python3-feedparser (20 MB RSS)" "$t" "$BIG"; FP_BIG=$t
else echo "python3-feedparser: not installed (apt-get install python3-feedparser)"; FP_BIG=""; fi
[ -n "$SF_BIG" ] && echo "ratio newsfold/sfeed (20 MB): $(echo "scale=2; $SF_BIG / $NF_BIG" | bc -l)x"
[ -n "$FP_BIG" ] && echo "ratio newsfold/feedparser (20 MB): $(echo "scale=1; $FP_BIG / $NF_BIG" | bc -l)x"

# ---- 1. the feedparser corpus ----
if [ ! -d "$DATA" ]; then
	echo "feedparser corpus: $DATA absent, skipped"
	exit 0
fi
find "$DATA" -type f \( -name '*.xml' -o -name '*.json' \) | sort >"$TMP/list"
sed 's/$/\t\t/' "$TMP/list" >"$TMP/batch"
xargs cat <"$TMP/list" >"$TMP/corpus.cat"
CB=$(wc -c <"$TMP/corpus.cat")
echo "feedparser corpus: $(wc -l <"$TMP/list") files, $CB bytes"
t=$(best_of 5 -i "$TMP/batch" "$NF" parse --batch); row "newsfold parse --batch (corpus)" "$t" "$CB"; NF_C=$t
if [ $have_sfeed = 1 ]; then
	t=$(best_of 5 -i "$TMP/corpus.cat" sfeed); row "sfeed (corpus pre-concatenated)" "$t" "$CB"; SF_C=$t
	t=$(best_of 5 -i "$TMP/list" sh -c "xargs cat | sfeed"); row "cat | sfeed (corpus files)" "$t" "$CB"; SF_CAT=$t
	echo "  (pre-concatenated: sfeed's CPU only, the files were read before; cat | sfeed: the"
	echo "   2,107 files read by xargs cat into sfeed's stdin, cat's and xargs' CPU counted too)"
	echo "ratio newsfold/sfeed (corpus, sfeed on the pre-concatenated file): $(echo "scale=2; $SF_C / $NF_C" | bc -l)x"
	echo "ratio newsfold/sfeed (corpus, equal footing: sfeed fed the files by cat): $(echo "scale=2; $SF_CAT / $NF_C" | bc -l)x"
fi
if [ $have_fp = 1 ]; then
	t=$(best_of 3 $PY -c '
import sys, feedparser
for p in open(sys.argv[1]).read().split("\n"):
    if p:
        feedparser.parse(open(p, "rb").read())' "$TMP/list")
	row "python3-feedparser (corpus)" "$t" "$CB"
	echo "ratio newsfold/feedparser (corpus): $(echo "scale=1; $t / $NF_C" | bc -l)x"
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
