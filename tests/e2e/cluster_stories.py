#!/usr/bin/env python3
"""`newsfold stories` end to end over the live pipeline: ingest the seed pages into a fresh
database, let `stories` cluster them (cluster_update), and check the folded copy, the story
and the why records; a second run assigns nothing new and gives the same answer."""
import json, os, subprocess, sys, tempfile

NF = os.environ.get("NEWSFOLD", "build/asan/newsfold")
SEEDS = os.environ.get("SHARED_SEEDS", "../shared/seeds")
failed = 0


def check(name, ok, why=""):
    global failed
    print(f"pass: {name}" if ok else f"fail: {name}: {why}")
    failed += not ok


def nf(db, *args):
    return subprocess.run([NF, "--db", db, *args], capture_output=True, text=True)


def main():
    with tempfile.TemporaryDirectory() as d:
        db = os.path.join(d, "t.db")
        p = nf(db, "stories", "--json")
        check("stories_empty_db", p.returncode == 0 and json.loads(p.stdout) == [], p.stderr)
        if not os.path.isdir(SEEDS):
            print(f"skip: stories_seeds: {SEEDS} absent")
            return 0
        files = sorted(os.path.join(SEEDS, f) for f in os.listdir(SEEDS) if f.endswith(".txt"))
        p = nf(db, "ingest", *files)
        if p.returncode != 0:
            print(f"skip: stories_seeds: ingest failed: {p.stderr.strip()[:200]}")
            return 0
        p = nf(db, "stories", "--json")
        check("stories_json_exit_0", p.returncode == 0, p.stderr)
        top = json.loads(p.stdout or "[]")
        arts = [a for s in top for a in s.get("timeline", [])]
        copies = [(a["url"], c["url"]) for a in arts for c in a.get("copies", [])]
        check("stories_seed_copy_folded",
              len(copies) == 1 and copies[0][0].endswith(files[0].split("/")[-1]) and copies[0][1].endswith(files[1].split("/")[-1]),
              copies)
        check("stories_all_seeds_listed", len(arts) + len(copies) == len(files), f"{len(arts)}+{len(copies)}")
        whys = [a["why"] for a in arts if a.get("why")]
        check("stories_why_recorded", len(whys) == len(arts) and all(w.get("text") for w in whys), whys)
        p2 = nf(db, "stories", "--json")
        check("stories_rerun_same", p2.stdout == p.stdout, "output changed")
        p = nf(db, "stories", "--limit", "5")
        check("stories_text_also_published_by", p.returncode == 0 and "also published by" in p.stdout, p.stdout[:300])
        p = nf(db, "stories", "--limit", "0")
        check("stories_bad_limit_rejected", p.returncode != 0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
