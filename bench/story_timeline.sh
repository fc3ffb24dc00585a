#!/bin/sh
# bench/story_timeline.sh — what a page of a long story timeline costs, by where it starts.
#
# The fixture of tests/e2e/story_pages.py (one story of 1,200 canonical articles, copies in
# other feeds), `newsfold serve --no-cache` (release build) on a free 127.0.0.1 port, the
# whole run pinned to CPU 0. For API pages of 10 rows at offsets 0, 500 and 1,190 and the
# default page (1,000 rows), prints the handler's CPU time from Server-Timing (cpu;dur),
# best of 5. A page at row N walks the timeline up to N (docs/web.md, "Long timelines").
# No peer: no other reader pages a story timeline. Usage: sh bench/story_timeline.sh [NEWSFOLD]
set -eu
NF=${1:-build/release/newsfold}
cd "$(dirname "$0")/.."
NEWSFOLD="$(pwd)/$NF" exec taskset -c 0 python3 - <<'PY'
import os, re, sys
sys.path.insert(0, "tests/browser")
sys.path.insert(0, "tests/e2e")
import nfserver
import story_pages as sp
srv = nfserver.Server(["--no-refresh", "--no-cache"])
users = {"alice": srv.add_user("alice", "alice password 1"), "bob": srv.add_user("bob", "bob password 22")}
story, subs = sp.build(srv.db, users)
tok = srv.token("alice")
srv.start()
try:
    c = srv.client()
    H = {"Authorization": "Bearer " + tok}
    for q in ("timeline_limit=10", "timeline_offset=500&timeline_limit=10",
              "timeline_offset=1190&timeline_limit=10", ""):
        ts = []
        for _ in range(5):
            r = c.get("/api/v1/stories/%d?%s" % (story, q), headers=H)
            m = re.search(r"cpu;dur=([\d.]+)", r.headers.get("Server-Timing", ""))
            ts.append(float(m.group(1)) if m else float("nan"))
        print("story timeline  %-40s server CPU best of 5: %6.1f ms" % (q or "(default: 1,000 rows)", min(ts)))
finally:
    srv.stop()
PY
