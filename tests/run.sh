#!/bin/sh
# The test runner. Every test program (unit binaries in BUILD/tests, scripts in tests/e2e)
# prints one line per case: "pass: NAME", "fail: NAME: why" or "skip: NAME: why". This
# script runs them all, keeps their output in build/test-logs, and ends with the totals
# alone on the last line. A program that crashes or exits non-zero without printing a
# fail line counts as one failure of its own.
set -u
BUILD=${1:-build/asan}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export NEWSFOLD="$ROOT/$BUILD/newsfold"
export NEWSFOLD_RELEASE="$ROOT/build/release/newsfold"
export NEWSFOLD_ROOT="$ROOT"
export SHARED_DATA="${SHARED_DATA:-$ROOT/../shared/data}"
export SHARED_SEEDS="${SHARED_SEEDS:-$ROOT/../shared/seeds}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
LOGS="$ROOT/build/test-logs"
rm -rf "$LOGS"; mkdir -p "$LOGS"
passed=0; failed=0; skipped=0
ONLY=${TEST_ONLY:-}

run_one() { # name, command...
	name=$1; shift
	case "$name" in *"$ONLY"*) ;; *) return ;; esac
	log="$LOGS/$name.log"
	start=$(date +%s)
	"$@" >"$log" 2>&1 </dev/null
	rc=$?
	p=$(grep -c '^pass: ' "$log"); f=$(grep -c '^fail: ' "$log"); s=$(grep -c '^skip: ' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1; echo "fail: $name: exited with status $rc" >>"$log"
	fi
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	printf '%-34s %4d passed %4d failed %4d skipped  (%ss)\n' "$name" "$p" "$f" "$s" $(( $(date +%s) - start ))
	grep -E '^(fail|skip): |^(rate|note): ' "$log" | head -40 | sed 's/^/    /'
	if [ "$f" != 0 ]; then tail -25 "$log" | grep -vE '^(pass|fail|skip): ' | sed 's/^/    | /'; fi
}

run_one banned-functions sh -c 'sh scripts/banned.sh && echo "pass: no banned functions in src/" || echo "fail: banned function in src/"'
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "$(basename "$t")" "$t"
done
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	run_one "e2e_$(basename "$t" .sh)" sh "$t"
done
for t in tests/e2e/*.py; do
	[ -f "$t" ] || continue
	run_one "e2e_$(basename "$t" .py)" python3 "$t"
done
for t in tests/e2e/*.mjs; do
	[ -f "$t" ] || continue
	run_one "e2e_$(basename "$t" .mjs)" node "$t"
done
echo "logs: $LOGS"
echo "skipped: $skipped (each says why in its log)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
