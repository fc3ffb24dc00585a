#!/usr/bin/env python3
"""Score `newsfold cluster` on the UCI News Aggregator headlines (uci-news-dev).

usage: cluster_uci.py NEWSFOLD CSV [--min-f1 X] [--halves] [extra cluster options...]
Feeds the headlines in file (timestamp) order as JSON lines {id,title,text:"",url,source,
published(ms)}, reads one decision per line, and prints B-cubed precision/recall/F1 and
pairwise precision/recall/F1 against the STORY column. With --min-f1, prints
pass:/fail: lines for the test runner. Standard library only.
"""
import csv, json, subprocess, sys
from collections import Counter, defaultdict


def bcubed(pred, gold):
    pc, gc = Counter(pred), Counter(gold)
    both = Counter(zip(pred, gold))
    n = len(pred)
    p = sum(both[(a, b)] / pc[a] for a, b in zip(pred, gold)) / n
    r = sum(both[(a, b)] / gc[b] for a, b in zip(pred, gold)) / n
    return p, r, 2 * p * r / (p + r) if p + r else 0


def pairwise(pred, gold):
    pairs = lambda c: sum(v * (v - 1) // 2 for v in c.values())
    tp = pairs(Counter(zip(pred, gold)))
    pp, gp = pairs(Counter(pred)), pairs(Counter(gold))
    p = tp / pp if pp else 1
    r = tp / gp if gp else 1
    return p, r, 2 * p * r / (p + r) if p + r else 0


def score(nf, rows, extra, name):
    """Run `newsfold cluster` on rows; print the scores; return B-cubed F1 (None on error)."""
    inp = "".join(json.dumps({"id": r["ID"], "title": r["TITLE"], "text": "", "url": r["URL"],
                              "source": r["PUBLISHER"], "published": int(r["TIMESTAMP"])}) + "\n"
                  for r in rows)
    out = subprocess.run([nf, "cluster"] + extra, input=inp.encode(), capture_output=True, check=True)
    lines = out.stdout.decode().splitlines()
    if len(lines) != len(rows):
        print(f"fail: uci_cluster: {len(lines)} output lines for {len(rows)} inputs")
        return None
    pred = [json.loads(l)["story"] for l in lines]
    gold = [r["STORY"] for r in rows]
    bp, br, bf = bcubed(pred, gold)
    pp, pr, pf = pairwise(pred, gold)
    print(f"note: {name} {len(rows)} headlines, {len(set(gold))} gold stories, {len(set(pred))} predicted")
    print(f"note: {name} B-cubed P={bp:.3f} R={br:.3f} F1={bf:.3f}; pairwise P={pp:.3f} R={pr:.3f} F1={pf:.3f}")
    return bf


def main():
    args = sys.argv[1:]
    nf, path = args[0], args[1]
    min_f1 = None
    if "--min-f1" in args:
        i = args.index("--min-f1")
        min_f1 = float(args[i + 1])
        del args[i:i + 2]
    halves = "--halves" in args
    if halves:
        args.remove("--halves")
    extra = args[2:]
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    bf = score(nf, rows, extra, "uci-news-dev")
    if bf is None:
        return 1
    if halves:
        labels = sorted(set(r["STORY"] for r in rows))
        side = {l: "AB"[i % 2] for i, l in enumerate(labels)}
        for h in "AB":
            if score(nf, [r for r in rows if side[r["STORY"]] == h], extra, f"half {h}") is None:
                return 1
    if min_f1 is not None:
        if bf >= min_f1:
            print(f"pass: uci_bcubed_f1_at_least_{min_f1}")
        else:
            print(f"fail: uci_bcubed_f1_at_least_{min_f1}: got {bf:.3f}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
