#!/bin/sh
# curl-style banned-function check: unbounded string functions never appear in src/.
set -eu
cd "$(dirname "$0")/.."
if grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|strtok)\s*\(' $(find src -name '*.c' -o -name '*.h'); then
	echo "banned function used (see above)" >&2; exit 1
fi
echo "banned functions: none"
