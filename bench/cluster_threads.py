#!/usr/bin/env python3
"""Score stories and threads of `newsfold cluster` on a labelled JSON-lines stream.

usage: cluster_threads.py NEWSFOLD JSONL [--min-story-f1 X] [--min-thread-p X] [--min-thread-r X]
                          [extra cluster options...]
Each input line is a `cluster` input plus two gold labels, "story" and "thread" (removed
before feeding). The default stream is tests/data/threads.jsonl: 81 hand-written news items
(title + one sentence, real 2014-15 events) in 25 stories; 6 subjects run weeks or months
apart (a trial, a missing plane, a recall, a war, a merger, an epidemic: 3-4 stories each),
5 subjects are a single story. Prints:
  - story B-cubed P/R/F1 over items (predicted `story` vs gold story);
  - thread precision/recall/F1 over pairs of gold stories: a gold story's predicted thread is
    the `thread` most of its items got; a pair is predicted linked when both got the same
    thread, and truly linked when both are in the same gold thread. Pairs inside one gold
    story are not counted (that is story clustering, scored above).
With --min-* options, prints pass:/fail: lines for the test runner. Standard library only.
"""
import json, os, subprocess, sys
from collections import Counter, defaultdict
from itertools import combinations

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_uci import bcubed  # noqa: E402  (one B-cubed for both benches)


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1
    r = tp / (tp + fn) if tp + fn else 1
    return p, r, 2 * p * r / (p + r) if p + r else 0


def thread_scores(items, out):
    by_story = defaultdict(list)
    gold_thread = {}
    for it, o in zip(items, out):
        by_story[it["story"]].append(json.dumps(o["thread"]))
        gold_thread[it["story"]] = it["thread"]
    pred = {s: Counter(v).most_common(1)[0][0] for s, v in by_story.items()}
    tp = fp = fn = 0
    for a, b in combinations(sorted(by_story), 2):
        g, p = gold_thread[a] == gold_thread[b], pred[a] == pred[b]
        tp += g and p
        fp += p and not g
        fn += g and not p
    return prf(tp, fp, fn), tp + fn, len(by_story)


def opt(args, name):
    if name not in args:
        return None
    i = args.index(name)
    v = float(args[i + 1])
    del args[i:i + 2]
    return v


def main():
    args = sys.argv[1:]
    nf, path = args[0], args[1]
    mins = {k: opt(args, "--" + k) for k in ("min-story-f1", "min-thread-p", "min-thread-r")}
    extra = args[2:]
    items = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    inp = "".join(json.dumps({k: v for k, v in it.items() if k not in ("story", "thread")}) + "\n"
                  for it in items)
    res = subprocess.run([nf, "cluster"] + extra, input=inp.encode(), capture_output=True, check=True)
    out = [json.loads(l) for l in res.stdout.decode().splitlines()]
    if len(out) != len(items):
        print(f"fail: threads_cluster: {len(out)} output lines for {len(items)} inputs")
        return 1
    sp, sr, sf = bcubed([json.dumps(o["story"]) for o in out], [it["story"] for it in items])
    (tp, tr, tf), npairs, nstories = thread_scores(items, out)
    print(f"note: threads {len(items)} items, {nstories} gold stories, "
          f"{len(set(it['thread'] for it in items))} gold threads ({npairs} linked story pairs)")
    print(f"note: threads story B-cubed P={sp:.3f} R={sr:.3f} F1={sf:.3f}; "
          f"thread pairs P={tp:.3f} R={tr:.3f} F1={tf:.3f}")
    failed = 0
    for name, got in (("min-story-f1", sf), ("min-thread-p", tp), ("min-thread-r", tr)):
        if mins[name] is None:
            continue
        test = "threads_" + name.replace("min-", "").replace("-", "_") + f"_at_least_{mins[name]}"
        if got >= mins[name]:
            print(f"pass: {test}")
        else:
            print(f"fail: {test}: got {got:.3f}")
            failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main())
