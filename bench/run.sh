#!/bin/sh
# Run every benchmark script in bench/ (bench/NAME.sh), each with the release binary.
set -u
NF=${1:-build/release/newsfold}
cd "$(dirname "$0")/.."
for b in bench/*.sh; do
	[ "$b" = bench/run.sh ] && continue
	echo "== $b"
	sh "$b" "$NF" || echo "benchmark $b failed"
done
