#!/bin/sh
# Story and thread quality of `newsfold cluster` (no timing: quality only).
#   usage: bench/stories.sh [NEWSFOLD]
# - uci-news-dev (headlines only, ../shared/data or $SHARED_DATA): B-cubed and pairwise
#   P/R/F1 on the whole file and on each half split by story (bench/cluster_uci.py --halves);
# - threads (tests/data/threads.jsonl, hand-written, shipped): story B-cubed and thread-pair
#   P/R/F1 (bench/cluster_threads.py).
set -u
NF=${1:-build/release/newsfold}
cd "$(dirname "$0")/.."
CSV=${SHARED_DATA:-../shared/data}/uci-news-dev/uci-news-dev.csv
if [ -f "$CSV" ]; then
	python3 bench/cluster_uci.py "$NF" "$CSV" --halves | sed 's/^note: //'
else
	echo "uci-news-dev: $CSV absent, not scored"
fi
python3 bench/cluster_threads.py "$NF" tests/data/threads.jsonl | sed 's/^note: //'
