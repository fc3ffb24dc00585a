#!/usr/bin/env python3
"""Folding quality on syndication variants built from real article bodies.

Data: $SHARED_DATA/scrapinghub-aeb/ground-truth.json (articleBody of 181 real pages); skipped
when absent. Every body of at least 150 words is fed once as the original (own headline), then
these copies, each of which must fold into its original (duplicate_of == original id):
  boiler  outlet boilerplate added above and below
  cut     one middle paragraph removed
  title   a different headline
  lead    the lead paragraph rewritten (words reordered, some dropped, an attribution added)
  wire    boilerplate + new headline + edited lead together
and these, which must NOT fold:
  the originals among themselves (different articles), and
  same-outlet pairs: two different bodies wrapped in the same outlet's boilerplate.
Prints precision/recall of folding and pass/fail lines against pinned floors.
"""
import json, os, random, subprocess, sys

DATA = os.path.join(os.environ.get("SHARED_DATA", "../shared/data"), "scrapinghub-aeb", "ground-truth.json")
NF = os.environ.get("NEWSFOLD", "build/release/newsfold")
MIN_RECALL, MIN_PRECISION = 0.95, 0.99

HEADER = ("Get all your news in one place. 100's of premium titles. One app. Start reading. "
          "Home | World | Business | Markets | Tech | Opinion | Sign in | Subscribe\n\n")
FOOTER = ("\n\nShare this article on Facebook, Twitter and email. Read more: the ten stories "
          "everyone is reading this week, our newsletter and the morning briefing. Copyright "
          "2024 The Daily Example Media Group. All rights reserved. Privacy policy, cookie "
          "settings, terms of service, contact us, advertise with us.")


def paragraphs(body):
    ps = [p for p in body.split("\n") if p.strip()]
    return ps if len(ps) >= 2 else [body]


def cut(body):
    ps = paragraphs(body)
    if len(ps) < 3:
        return body[: len(body) * 4 // 5]
    del ps[len(ps) // 2]
    return "\n\n".join(ps)


def edit_lead(body, rnd):
    ps = paragraphs(body)
    words = ps[0].split()
    keep = [w for w in words if rnd.random() > 0.15]
    if len(keep) > 4:
        i = rnd.randrange(1, len(keep) - 2)
        keep[i], keep[i + 1] = keep[i + 1], keep[i]
    ps[0] = "(Reuters) - " + " ".join(keep) + " officials said on Thursday (local time)."
    return "\n\n".join(ps)


def main():
    if not os.path.exists(DATA):
        print(f"skip: fold_variants: {DATA} absent")
        return 0
    gt = json.load(open(DATA, encoding="utf-8"))
    rnd = random.Random(42)
    docs = [(k, v["articleBody"]) for k, v in sorted(gt.items()) if len(v["articleBody"].split()) >= 150]
    # the last 40 bodies are never fed alone: they make the same-outlet negatives
    docs, spare = docs[:-40], docs[-40:]
    lines, expect = [], []   # expect: original id or None (must not fold)
    for i, (k, body) in enumerate(docs):
        lines.append({"id": f"o{i}", "title": f"Original headline {k[:8]}", "text": body})
        expect.append(None)
    for i, (k, body) in enumerate(docs):
        t = f"Original headline {k[:8]}"
        variants = {
            "boiler": (t, HEADER + body + FOOTER),
            "cut": (t, cut(body)),
            "title": ("A completely different headline for readers", body),
            "lead": (t, edit_lead(body, rnd)),
            "wire": ("Wire: another headline entirely", HEADER + edit_lead(body, rnd) + FOOTER),
        }
        for name, (title, text) in variants.items():
            lines.append({"id": f"{name}{i}", "title": title, "text": text})
            expect.append(f"o{i}")
    # same outlet, same subject, different articles: each spare body with the most similar other
    # spare body (word-set Jaccard), both wrapped in the same outlet boilerplate, never fed before
    words = [set(b.lower().split()) for _, b in spare]
    used = set()
    for i in range(len(spare)):
        if i in used:
            continue
        cands = [(len(words[i] & words[j]) / len(words[i] | words[j]), j) for j in range(len(spare)) if j != i and j not in used]
        if not cands:
            break
        _, j = max(cands)
        used.update((i, j))
        for n in (i, j):
            lines.append({"id": f"outlet{n}", "title": "The Daily Example", "text": HEADER + spare[n][1] + FOOTER})
            expect.append(None)
    inp = "".join(json.dumps(l) + "\n" for l in lines)
    out = subprocess.run([NF, "cluster"], input=inp.encode(), capture_output=True)
    if out.returncode != 0:
        print(f"fail: fold_variants: newsfold cluster exited {out.returncode}: {out.stderr.decode()[:300]}")
        return 1
    res = [json.loads(l) for l in out.stdout.decode().splitlines()]
    if len(res) != len(lines):
        print(f"fail: fold_variants: {len(res)} lines for {len(lines)}")
        return 1
    tp = fp = fn = 0
    by_kind = {}
    outlet_ok = True
    for l, r, e in zip(lines, res, expect):
        d = r["duplicate_of"]
        kind = l["id"].rstrip("0123456789")
        if e is not None:
            ok = d == e
            tp += ok
            fn += not ok
            if d is not None and d != e:
                fp += 1
            by_kind.setdefault(kind, [0, 0])
            by_kind[kind][0] += ok
            by_kind[kind][1] += 1
        elif d is not None:
            fp += 1
            if kind == "outlet":
                outlet_ok = False
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"note: fold variants from {len(docs)} real bodies: precision={precision:.3f} recall={recall:.3f} "
          f"(tp={tp} fp={fp} fn={fn}); " + " ".join(f"{k}={v[0]}/{v[1]}" for k, v in by_kind.items()))
    print(("pass" if recall >= MIN_RECALL else "fail") + f": fold_recall_at_least_{MIN_RECALL}" +
          ("" if recall >= MIN_RECALL else f": {recall:.3f}"))
    print(("pass" if precision >= MIN_PRECISION else "fail") + f": fold_precision_at_least_{MIN_PRECISION}" +
          ("" if precision >= MIN_PRECISION else f": {precision:.3f}"))
    print(("pass" if outlet_ok else "fail") + ": same_outlet_different_articles_do_not_fold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
