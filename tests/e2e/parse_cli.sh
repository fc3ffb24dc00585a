#!/bin/sh
# parse_cli.sh — `newsfold parse` as users and tools call it: the JSON shape on good input,
# one clear stderr line and exit 1 on unusable input (garbage, HTML, missing file, empty),
# stdin, --content-type, and hostile documents (XXE, billion laughs, deep nesting) run on
# the ASan binary. Output is checked with python3's json module.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D="$NEWSFOLD_ROOT/tests/data/feeds"
check() { name=$1; shift; if "$@"; then echo "pass: $name"; else echo "fail: $name"; fi; }
json_has() { python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("format", "bozo", "bozo_reason", "feed", "entries"): assert k in d, k
for k in ("title", "link", "description", "language", "updated"): assert k in d["feed"], k
for e in d["entries"]:
    for k in ("id", "link", "title", "authors", "published", "updated", "summary", "content", "categories", "enclosures"):
        assert k in e, k
exec(sys.argv[2]) if len(sys.argv) > 2 else None' "$@"; }
fails_one_line() { # file-or-dash, [stdin file]
	if [ $# -gt 1 ]; then "$NEWSFOLD" parse "$1" <"$2" >"$T/out" 2>"$T/err"; else "$NEWSFOLD" parse "$1" >"$T/out" 2>"$T/err"; fi
	rc=$?
	[ "$rc" = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q '^newsfold: parse: ' "$T/err" && [ ! -s "$T/out" ]; }

"$NEWSFOLD" parse "$D/rss20_full.xml" >"$T/a.json" 2>"$T/err"
check rss_exit_zero test $? = 0
check rss_shape json_has "$T/a.json" 'assert d["format"] == "rss20" and len(d["entries"]) == 2 and d["entries"][0]["published"] == "2024-01-01T17:05:00Z"'
"$NEWSFOLD" parse - <"$D/atom10_xhtml.xml" >"$T/b.json"
check stdin_atom json_has "$T/b.json" 'assert d["format"] == "atom10" and d["entries"][0]["link"] == "https://blog.example/posts/lamps.html"'
"$NEWSFOLD" parse --url https://other.example/x/ "$D/relative_urls.xml" >"$T/c.json"
check url_option_is_base json_has "$T/c.json" 'assert d["entries"][0]["link"] == "https://other.example/x/story/1"'
printf '<rss><channel><title>\351t\351</title></channel></rss>' >"$T/latin.xml"
"$NEWSFOLD" parse --content-type 'application/rss+xml; charset=iso-8859-1' "$T/latin.xml" >"$T/d.json"
check content_type_charset json_has "$T/d.json" 'assert d["feed"]["title"] == "\u00e9t\u00e9" and d["encoding"] == "iso-8859-1" and not d["bozo"]'

head -c 4096 /dev/urandom >"$T/garbage.bin"
check garbage_one_line_exit_1 fails_one_line "$T/garbage.bin"
printf '<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>' >"$T/page.html"
check html_page_is_not_a_feed fails_one_line "$T/page.html"
check missing_file fails_one_line "$T/does-not-exist.xml"
: >"$T/empty.xml"
check empty_file fails_one_line "$T/empty.xml"
check empty_stdin fails_one_line - "$T/empty.xml"
check usage_without_file sh -c '! "$NEWSFOLD" parse 2>/dev/null'

"$NEWSFOLD" parse "$D/xxe_and_laughs.xml" >"$T/x.json"
check xxe_not_expanded sh -c '! grep -q "root:" "$1/x.json" && ! grep -q "/bin/" "$1/x.json"' _ "$T"
python3 - "$T/laughs.xml" <<'PY'
import sys
ents = ['<!ENTITY lol "lol">'] + ['<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % (i - 1 if i > 1 else "")) * 10) for i in range(1, 10)]
open(sys.argv[1], "w").write('<?xml version="1.0"?><!DOCTYPE rss [%s]><rss><channel><title>&lol9;</title>'
                             '<item><title>&lol9;&lol9;</title></item></channel></rss>' % "".join(ents))
PY
"$NEWSFOLD" parse "$T/laughs.xml" >"$T/l.json"
check billion_laughs_stays_small sh -c 'test $? = 0 && test "$(wc -c <"$1/l.json")" -lt 10000' _ "$T"
python3 -c 'print("<rss><channel><item><title>deep</title>" + "<x>" * 100000 + "</x>" * 100000 + "</item></channel></rss>")' >"$T/deep.xml"
"$NEWSFOLD" parse "$T/deep.xml" >"$T/deep.json" 2>"$T/err"; rc=$?
check deep_nesting_no_crash sh -c 'test '"$rc"' = 0 || (test '"$rc"' = 1 && test "$(wc -l <"$1/err")" = 1)' _ "$T"

# The compact output (streamed, entry by entry) must be the same JSON as --pretty (built
# as one jansson tree by feed_to_json) for every hand-made case.
same=1
for f in "$D"/*.xml "$D"/*.json; do
	case "$f" in *.expected.json) continue ;; esac
	"$NEWSFOLD" parse "$f" >"$T/c1.json" 2>/dev/null
	"$NEWSFOLD" parse --pretty "$f" >"$T/c2.json" 2>/dev/null
	python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$T/c1.json" "$T/c2.json" || { same=0; echo "differs: $f"; }
done
check compact_equals_pretty test $same = 1
