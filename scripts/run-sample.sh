#!/bin/sh
# make run: load the shipped sample set into newsfold.db and show what was stored.
set -eu
NF=${1:-build/release/newsfold}
cd "$(dirname "$0")/.."
"$NF" feeds
