#!/bin/sh
# cli_basics.sh — the binary's global behaviour: help, unknown commands, --db and
# NEWSFOLD_DB, empty listings, a bad database file, and removing an unknown feed.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
check() { name=$1; shift; if "$@"; then echo "pass: $name"; else echo "fail: $name"; fi; }

check help_exits_zero sh -c '"$NEWSFOLD" help | grep -q "usage: newsfold"'
"$NEWSFOLD" frobnicate >/dev/null 2>"$T/err"; rc=$?
check unknown_command_exit_2 test "$rc" = 2
check unknown_command_one_line test "$(wc -l <"$T/err")" = 1
check db_flag_creates_database sh -c '"$NEWSFOLD" --db "$1/a.db" feeds >/dev/null && test -s "$1/a.db"' _ "$T"
check env_db_used sh -c 'NEWSFOLD_DB="$1/b.db" "$NEWSFOLD" feeds >/dev/null && test -s "$1/b.db"' _ "$T"
check db_flag_after_command sh -c '"$NEWSFOLD" feeds --db "$1/c.db" >/dev/null && test -s "$1/c.db"' _ "$T"
check empty_articles_json sh -c 'test "$("$NEWSFOLD" --db "$1/a.db" articles --json)" = "[]"' _ "$T"
printf 'this is not a database, just text that is long enough to look like a header..........' >"$T/bad.db"
"$NEWSFOLD" --db "$T/bad.db" feeds >/dev/null 2>"$T/err"; rc=$?
check not_a_database_clear_error sh -c 'test '"$rc"' = 1 && grep -q "not a newsfold database" "$1/err" && test "$(wc -l <"$1/err")" = 1' _ "$T"
"$NEWSFOLD" --db "$T/a.db" remove 999 >/dev/null 2>"$T/err"; rc=$?
check remove_unknown_feed test "$rc" = 1
mkdir "$T/ro"; "$NEWSFOLD" --db "$T/ro/x/y.db" feeds >/dev/null 2>"$T/err"; rc=$?
check missing_folder_clear_error sh -c 'test '"$rc"' = 1 && grep -q "cannot open database" "$1/err"' _ "$T"
check articles_bad_limit sh -c '! "$NEWSFOLD" --db "$1/a.db" articles --limit 0 2>/dev/null' _ "$T"
