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
# pinned to one core), best of N (one run of python3-feedparser on the 20 MB feed, which
# takes it seconds; newsfold and sfeed take turns on it, best of 5 each); the cat | sfeed
# row's CPU includes its one sh. On the corpus the tools take turns, one run each per round for CORPUS_ROUNDS rounds (default 7), so that
# every tool's best comes from the same stretch of time: run back to back, newsfold's five
# ~15 ms runs took a tenth of a second and could all fall into one burst of the
# neighbours' load while feedparser's runs, seconds later, did not. The median of the
# rounds' own ratios to feedparser is printed beside the best-of ratio, as a check on it.
# The load average is printed before and after: the machine may be shared.
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

# rounds N NAME1 CMD1 NAME2 CMD2 ...: each CMD (words split on spaces, run without a
# shell; a last word "<FILE" is its stdin) once per round, in turn, for N rounds (the order
# reversed every other round), pinned and timed as best_of does. Prints "NAME BEST MEDIAN"
# (CPU seconds) per command, then "ratios LAST NAME R1 R2 ..." for each other command: the
# last command's CPU over that one's, round by round.
rounds() {
	PIN="$PIN" $PY - "$@" <<'PYEOF'
import os, resource, subprocess, sys
if os.environ.get("PIN"):
    os.sched_setaffinity(0, {0})
n = int(sys.argv[1]); args = sys.argv[2:]
cmds = [(args[i], args[i + 1].split()) for i in range(0, len(args), 2)]
times = {name: [] for name, _ in cmds}
for r in range(n):
    for name, words in (cmds if r % 2 == 0 else cmds[::-1]):
        inp = words[-1][1:] if words[-1].startswith("<") else None
        argv = words[:-1] if inp else words
        stdin = open(inp, "rb") if inp else subprocess.DEVNULL
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if inp:
            stdin.close()
        times[name].append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
for name, _ in cmds:
    v = sorted(times[name])
    print("%s %.4f %.4f" % (name, v[0], v[len(v) // 2]))
last = cmds[-1][0]
for name, _ in cmds[:-1]:
    print("ratios %s %s %s" % (last, name,
          " ".join("%.1f" % (a / b) for a, b in zip(times[last], times[name]))))
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
# newsfold and sfeed in turns (see rounds), best of 5 each
if [ $have_sfeed = 1 ]; then
	rounds 5 nf "$NF parse $TMP/big.xml" sf "sfeed <$TMP/big.xml" >"$TMP/rounds_big"
else
	rounds 5 nf "$NF parse $TMP/big.xml" >"$TMP/rounds_big"
fi
NF_BIG=$(awk '$1 == "nf" {print $2}' "$TMP/rounds_big"); row "newsfold parse (20 MB RSS)" "$NF_BIG" "$BIG"
if [ $have_sfeed = 1 ]; then
	SF_BIG=$(awk '$1 == "sf" {print $2}' "$TMP/rounds_big"); row "sfeed (20 MB RSS)" "$SF_BIG" "$BIG"
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
# the tools take turns (see the top); the cat | sfeed pipe is one sh running a script
ROUNDS=${CORPUS_ROUNDS:-7}
printf 'xargs cat <"%s" | sfeed\n' "$TMP/list" >"$TMP/catsfeed.sh"
printf '%s\n' 'import sys, feedparser' 'for p in open(sys.argv[1]).read().split("\n"):' \
	'    if p:' '        feedparser.parse(open(p, "rb").read())' >"$TMP/fp.py"
set -- nf "$NF parse --batch <$TMP/batch"
[ $have_sfeed = 1 ] && set -- "$@" sf "sfeed <$TMP/corpus.cat" sfcat "sh $TMP/catsfeed.sh"
[ $have_fp = 1 ] && set -- "$@" fp "$PY $TMP/fp.py $TMP/list"
echo "corpus: the tools in turn, $ROUNDS rounds; best of $ROUNDS each"
rounds "$ROUNDS" "$@" >"$TMP/rounds"
best() { awk -v n="$1" '$1 == n {print $2}' "$TMP/rounds"; }
median() { awk -v n="$1" '$1 == n {print $3}' "$TMP/rounds"; }
NF_C=$(best nf)
row "newsfold parse --batch (corpus)" "$NF_C" "$CB"; echo "  (median of the rounds: $(median nf) s)"
if [ $have_sfeed = 1 ]; then
	SF_C=$(best sf); SF_CAT=$(best sfcat)
	row "sfeed (corpus pre-concatenated)" "$SF_C" "$CB"
	row "cat | sfeed (corpus files)" "$SF_CAT" "$CB"
	echo "  (pre-concatenated: sfeed's CPU only, the files were read before; cat | sfeed: the"
	echo "   2,107 files read by xargs cat into sfeed's stdin, cat's and xargs' CPU counted too)"
	echo "ratio newsfold/sfeed (corpus, sfeed on the pre-concatenated file): $(echo "scale=2; $SF_C / $NF_C" | bc -l)x"
	echo "ratio newsfold/sfeed (corpus, equal footing: sfeed fed the files by cat): $(echo "scale=2; $SF_CAT / $NF_C" | bc -l)x"
fi
if [ $have_fp = 1 ]; then
	t=$(best fp)
	row "python3-feedparser (corpus)" "$t" "$CB"; echo "  (median of the rounds: $(median fp) s)"
	echo "ratio newsfold/feedparser (corpus): $(echo "scale=1; $t / $NF_C" | bc -l)x"
	r=$(awk '$1 == "ratios" && $3 == "nf" {for (i = 4; i <= NF; i++) print $i}' "$TMP/rounds" | sort -n)
	echo "  (the rounds' own ratios, sorted: $(echo $r); median $(echo "$r" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')x)"
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
