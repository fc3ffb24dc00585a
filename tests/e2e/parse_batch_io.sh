#!/bin/sh
# parse_batch_io.sh — `parse --batch` reads its files with io_uring (util/prefetch.c) and
# with plain reads when NEWSFOLD_NO_IO_URING=1; both must print the same bytes, for
# readable feeds, missing files, a directory, a file larger than a prefetch slot, an empty
# file, a file whose size says 0 but that has bytes (/proc: both paths read to the end of
# the file), a path that is not ASCII, content types and base URLs, more rows than one
# batch holds — and for the feedparser corpus when ../shared/data has it. Also: rows fed
# one at a time are each answered (nothing waits for a full batch), on a terminal and a
# pipe.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
check() { name=$1; shift; if "$@"; then echo "pass: $name"; else echo "fail: $name"; fi; }
D=${NEWSFOLD_ROOT:-.}/tests/data/feeds

: >"$T/empty.xml"
python3 -c 'import sys; sys.stdout.write("<rss><channel><title>" + "x" * 70000 + "</title></channel></rss>")' >"$T/large.xml"
cp "$D/rss20_full.xml" "$T/caf\303\251.xml"
{
	for i in 1 2 3; do
		for f in "$D"/*.xml "$D"/*.json; do printf '%s\t\t\n' "$f"; done
	done
	printf '%s\t\t\n' "$T/missing.xml" "$T" "$T/large.xml" "$T/empty.xml" "$T/caf\303\251.xml"
	[ -r /proc/version ] && printf '%s\t\t\n' /proc/version
	printf '%s\ttext/xml; charset=iso-8859-1\thttp://example.com/a/\n' "$D/latin1_declared.xml"
	printf '%s\t\thttp://example.com/base/\tfr\n' "$D/relative_urls.xml"
	printf '%s\n' "$D/rdf10.xml"
} >"$T/list"
rows=$(wc -l <"$T/list")
"$NEWSFOLD" parse --batch <"$T/list" >"$T/uring" 2>"$T/uring.err"; rc1=$?
NEWSFOLD_NO_IO_URING=1 "$NEWSFOLD" parse --batch <"$T/list" >"$T/plain" 2>"$T/plain.err"; rc2=$?
check batch_exits_zero test "$rc1$rc2" = 00
check batch_row_per_line test "$(wc -l <"$T/uring")" = "$rows"
check batch_same_bytes_with_and_without_io_uring cmp -s "$T/uring" "$T/plain"
check batch_missing_file_is_an_error_row grep -q '"file":"'"$T"'/missing.xml","error":' "$T/uring"
check batch_large_file_parsed grep -q '"file":"'"$T"'/large.xml","result":' "$T/uring"
if [ -r /proc/version ]; then
	check batch_proc_file_read_to_its_end sh -c '! grep "\"file\":\"/proc/version\"" "$1" | grep -q "empty document"' sh "$T/uring"
else
	echo "skip: batch_proc_file_read_to_its_end: no /proc/version"
fi

# Rows fed one at a time, the next only after the answer to the last: each is answered
# without waiting for a batch to fill (stdout on a terminal, so rows are not held in a
# buffer either).
out=$(python3 - "$NEWSFOLD" "$D/rss20_full.xml" <<'EOF'
import os, pty, select, subprocess, sys
master, slave = pty.openpty()
p = subprocess.Popen([sys.argv[1], "parse", "--batch"], stdin=subprocess.PIPE, stdout=slave)
os.close(slave)
got = 0
for _ in range(3):
    p.stdin.write((sys.argv[2] + "\t\t\n").encode()); p.stdin.flush()
    text = b""
    while not text.endswith(b"\n"):
        if not select.select([master], [], [], 20)[0]:
            break
        text += os.read(master, 1 << 16)
    got += text.startswith(b'{"file":')
p.stdin.close()
p.wait()
print(got)
EOF
)
check batch_answers_each_row_as_it_comes test "$out" = 3

# The same through a pipe (stdout fully buffered): what is answered is flushed before
# parse --batch waits for more input.
out=$(python3 - "$NEWSFOLD" "$D/rss20_full.xml" <<'EOF'
import select, subprocess, sys
p = subprocess.Popen([sys.argv[1], "parse", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
got = 0
for _ in range(3):
    p.stdin.write((sys.argv[2] + "\t\t\n").encode()); p.stdin.flush()
    if select.select([p.stdout], [], [], 20)[0]:
        got += p.stdout.readline().startswith(b'{"file":')
p.stdin.close()
p.wait()
print(got)
EOF
)
check batch_answers_each_row_through_a_pipe test "$out" = 3

DATA=${SHARED_DATA:-../shared/data}/feedparser-tests
if [ -d "$DATA" ]; then
	find "$DATA" -type f \( -name '*.xml' -o -name '*.json' \) | sort | sed 's/$/\t\t/' >"$T/corpus"
	"$NEWSFOLD" parse --batch <"$T/corpus" >"$T/c1" 2>/dev/null
	NEWSFOLD_NO_IO_URING=1 "$NEWSFOLD" parse --batch <"$T/corpus" >"$T/c2" 2>/dev/null
	check batch_corpus_same_bytes_with_and_without_io_uring cmp -s "$T/c1" "$T/c2"
else
	echo "skip: batch_corpus_same_bytes_with_and_without_io_uring: $DATA absent"
fi
