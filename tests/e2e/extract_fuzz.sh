#!/bin/sh
# extract_fuzz.sh — the CI short fuzz run of fuzz/fuzz_extract.c: build it with clang's
# libFuzzer (ASan+UBSan) and run it for a fixed 15 seconds from the hand-made pages in
# tests/data/extract. Skips, saying why, where clang or libFuzzer is missing.
set -u
cd "$NEWSFOLD_ROOT" || exit 1
if ! command -v clang >/dev/null 2>&1; then
	echo "skip: fuzz_extract_15s: clang not installed"; exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}\n' >"$T/probe.c"
if ! clang -fsanitize=fuzzer "$T/probe.c" -o "$T/probe" >/dev/null 2>&1; then
	echo "skip: fuzz_extract_15s: clang has no libFuzzer"; exit 0
fi
if ! make --no-print-directory CC=clang MODE=fuzz \
	OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" build/fuzz/libnewsfold.a >"$T/build.log" 2>&1; then
	tail -20 "$T/build.log"; echo "fail: fuzz_extract_build: library did not build"; exit 1
fi
PKGS="libcurl libxml-2.0 sqlite3 jansson libutf8proc libmicrohttpd libsodium libxxhash zlib libbrotlidec"
if ! clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc $(pkg-config --cflags $PKGS) \
	-O1 -g -fsanitize=fuzzer,address,undefined fuzz/fuzz_extract.c build/fuzz/libnewsfold.a \
	-o "$T/fuzz_extract" $(pkg-config --libs $PKGS) -lstemmer -lpthread -lm >"$T/build.log" 2>&1; then
	tail -20 "$T/build.log"; echo "fail: fuzz_extract_build: target did not build"; exit 1
fi
echo "pass: fuzz_extract_build"
mkdir "$T/corpus"
cp tests/data/extract/*.html "$T/corpus/"
ASAN_OPTIONS=detect_leaks=1 "$T/fuzz_extract" -max_total_time=15 -max_len=65536 -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix="$NEWSFOLD_ROOT/build/fuzz/" "$T/corpus" >"$T/fuzz.log" 2>&1
rc=$?
if [ "$rc" = 0 ]; then
	echo "pass: fuzz_extract_15s"
	grep -E "^Done|stat::number_of_executed_units" "$T/fuzz.log" | tail -1 | sed 's/^/note: /'
else
	tail -30 "$T/fuzz.log"
	echo "fail: fuzz_extract_15s: libFuzzer found a crash (exit $rc)"
fi
