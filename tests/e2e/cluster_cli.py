#!/usr/bin/env python3
"""`newsfold cluster` end to end: the stdin/stdout contract, the seeds, bad input, and the
UCI headline clustering quality floor (skipped when ../shared is absent)."""
import itertools, json, os, subprocess, sys

NF = os.environ.get("NEWSFOLD", "build/asan/newsfold")
ROOT = os.environ.get("NEWSFOLD_ROOT", ".")
SEEDS = os.environ.get("SHARED_SEEDS", "../shared/seeds")
DATA = os.environ.get("SHARED_DATA", "../shared/data")
UCI_MIN_F1 = 0.91
THREADS_MIN_STORY_F1 = 0.95
THREADS_MIN_P = 0.95
THREADS_MIN_R = 0.8
failed = 0


def check(name, ok, why=""):
    global failed
    print(f"pass: {name}" if ok else f"fail: {name}: {why}")
    failed += not ok


def run(lines, *args, raw=None):
    inp = raw if raw is not None else "".join(json.dumps(l) + "\n" for l in lines).encode()
    p = subprocess.run([NF, "cluster", *args], input=inp, capture_output=True)
    return p.returncode, [json.loads(l) for l in p.stdout.decode().splitlines()], p.stderr.decode()


def test_contract():
    lines = [
        {"id": 7, "title": "Fed official says weak data caused by weather", "text": "", "url": "http://a/1",
         "source": "A", "published": 1394470370698},
        {"id": "x8", "title": "Fed official says weak data caused by weather, should not slow taper",
         "text": "", "source": "B", "published": "2014-03-10T17:00:00Z"},
        {"id": "x9", "title": "Lena Dunham apologizes for molestation joke", "text": "", "published": None},
    ]
    rc, out, err = run(lines)
    check("cluster_exit_0", rc == 0, err)
    check("cluster_one_line_per_input", len(out) == 3, f"{len(out)} lines")
    if len(out) != 3:
        return
    check("cluster_keys", all(list(o) == ["id", "story", "thread", "duplicate_of"] for o in out), out[0])
    check("cluster_ids_round_trip", [o["id"] for o in out] == [7, "x8", "x9"], out)
    check("cluster_first_starts_story", out[0]["story"] == 7 and out[0]["thread"] == 7 and out[0]["duplicate_of"] is None, out[0])
    check("cluster_same_story_joins", out[1]["story"] == 7, out[1])
    check("cluster_other_story", out[2]["story"] == "x9", out[2])
    rc2, out2, _ = run(lines)
    check("cluster_deterministic", out == out2)


def seed_lines():
    files = sorted(f for f in os.listdir(SEEDS) if f.endswith(".txt"))
    return [{"id": f[:3], "title": "", "text": open(os.path.join(SEEDS, f), encoding="utf-8", errors="replace").read()}
            for f in files]


def test_seeds():
    if not os.path.isdir(SEEDS):
        print(f"skip: cluster_seeds: {SEEDS} absent")
        return
    seeds = seed_lines()
    rc, out, err = run(seeds)
    dups = {o["id"]: o["duplicate_of"] for o in out}
    check("seeds_000_001_fold", dups.get("001") == "000", dups)
    check("seeds_no_other_fold", all(v is None for k, v in dups.items() if k != "001"), dups)
    bad = []
    for a, b in itertools.combinations(seeds, 2):
        _, o, _ = run([a, b])
        folded = o[1]["duplicate_of"] is not None
        if folded != ((a["id"], b["id"]) == ("000", "001")):
            bad.append((a["id"], b["id"]))
    check("seeds_pairwise_only_000_001_fold", not bad, bad)


def test_bad_input():
    ten_mb = " ".join(f"w{i % 5000}" for i in range(2_000_000))[: 10 << 20]
    lines = [
        {"id": 1, "title": "", "text": ""},
        {"id": 2, "title": "Hello"},
        {"id": 3, "title": "Big", "text": ten_mb, "published": 1},
        {"id": 4, "title": "東京都の天気予報", "text": "東京都の天気予報は晴れ。ทดสอบภาษาไทย", "published": "not a date"},
        {"id": 5, "title": "Future", "text": "Dated far ahead", "published": "2999-01-01T00:00:00Z"},
        {"id": 6, "title": "Old", "text": "Dated long ago", "published": -5},
        {"id": 7, "title": ["not", "a", "string"], "text": 12},
    ]
    raw = "".join(json.dumps(l) + "\n" for l in lines).encode()
    raw += b"this is not json\n"
    raw += b'{"id": 8, "title": "bad \xff utf-8"}\n'
    raw += b"[1,2]\n\n"
    raw += b'{"id": 9, "title": "no newline at end"}'
    rc, out, err = run(None, raw=raw)
    check("bad_input_exit_0", rc == 0, err[:300])
    check("bad_input_one_line_each", len(out) == 11, f"{len(out)} lines")
    if len(out) == 11:
        check("bad_input_errors_reported", "error" in out[7] and "error" in out[8] and "error" in out[9], out[7:10])
        check("bad_input_last_line_read", out[10]["id"] == 9, out[10])
    # a line longer than the 16 MB cap gives an error line, and the next line still works
    raw = b'{"id": 1, "text": "' + b"a " * (9 << 20) + b'"}\n{"id": 2, "title": "after"}\n'
    rc, out, err = run(None, raw=raw)
    check("line_cap_error_then_continue", rc == 0 and len(out) == 2 and "error" in out[0] and out[1]["id"] == 2,
          f"rc={rc} {[list(o) for o in out]}")


def test_uci():
    csv = os.path.join(DATA, "uci-news-dev", "uci-news-dev.csv")
    if not os.path.exists(csv):
        print(f"skip: uci_bcubed: {csv} absent")
        return
    p = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "cluster_uci.py"), NF, csv,
                        "--min-f1", str(UCI_MIN_F1)], capture_output=True)
    sys.stdout.write(p.stdout.decode())
    global failed
    failed += p.returncode != 0


def test_threads():
    """Stories and threads on the hand-written stream of subjects running weeks apart."""
    data = os.path.join(ROOT, "tests", "data", "threads.jsonl")
    p = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "cluster_threads.py"), NF, data,
                        "--min-story-f1", str(THREADS_MIN_STORY_F1), "--min-thread-p", str(THREADS_MIN_P),
                        "--min-thread-r", str(THREADS_MIN_R)], capture_output=True)
    sys.stdout.write(p.stdout.decode())
    global failed
    failed += p.returncode != 0
    items = [json.loads(l) for l in open(data, encoding="utf-8")]
    for it in items:
        it.pop("story"), it.pop("thread")
    rc, out, _ = run(items)
    ids = {it["id"] for it in items}
    check("threads_are_story_ids", rc == 0 and all(o["thread"] in ids and o["story"] in ids for o in out))
    # a thread id is the story that began it: its first line names itself as story and thread
    first = {o["thread"] for o in out}
    check("thread_ids_began_a_story", all(any(o["id"] == t and o["story"] == t for o in out) for t in first))


test_contract()
test_seeds()
test_bad_input()
test_uci()
test_threads()
sys.exit(1 if failed else 0)
