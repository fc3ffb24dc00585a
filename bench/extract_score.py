#!/usr/bin/env python3
"""Score `newsfold extract` output against the shared extraction benchmarks.

usage: extract_score.py aeb  DATA_DIR PRED.jsonl   (DATA_DIR = .../scrapinghub-aeb)
       extract_score.py wcxb DATA_DIR PRED.jsonl   (DATA_DIR = .../wcxb-dev)
       add --json to print one JSON object instead of a table; --min-f1 X to exit 1 below X.

PRED.jsonl is one object per line with "file" and "text" (the extract --format jsonl
contract); a page is named by its file name up to the first dot. Pages with no prediction
(or an "error") count as an empty prediction.

aeb: body text only. Tokens are \\w+ runs (case kept); multisets of 4-token shingles;
per page precision and recall (1 when both are empty, 0 when only one is); averaged over
pages; F1 of the averages.
wcxb: per page word-level F1 on lower-cased \\w+ multisets (the dataset README's word_f1),
averaged over pages, overall and per page type; plus the share of pages where our title,
author and date match the ground truth (compared where the ground truth has a value).
"""
import gzip
import json
import os
import re
import sys
from collections import Counter, defaultdict

WORD = re.compile(r'\w+')


def load_pred(path):
    out = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            o = json.loads(line)
            name = os.path.basename(o.get('file') or '').split('.')[0]
            out[name] = o
    return out


def shingles(text, n=4):
    toks = WORD.findall(text or '')
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def pr(pred, truth):
    tp = sum((pred & truth).values())
    np_, nt = sum(pred.values()), sum(truth.values())
    if np_ == 0 and nt == 0:
        return 1.0, 1.0
    p = tp / np_ if np_ else 0.0
    r = tp / nt if nt else 0.0
    return p, r


def f1(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def score_aeb(data, preds):
    gt = json.load(open(os.path.join(data, 'ground-truth.json'), encoding='utf-8'))
    ps, rs, per = [], [], {}
    for key, v in sorted(gt.items()):
        o = preds.get(key, {})
        p, r = pr(shingles(o.get('text') or ''), shingles(v['articleBody']))
        ps.append(p)
        rs.append(r)
        per[key] = f1(p, r)
    P, R = sum(ps) / len(ps), sum(rs) / len(rs)
    return {'pages': len(ps), 'precision': P, 'recall': R, 'f1': f1(P, R),
            'missing': sum(1 for k in gt if k not in preds or 'error' in preds[k]),
            'per_page': per}


def word_f1(pred, ref):
    p = Counter(WORD.findall((pred or '').lower()))
    r = Counter(WORD.findall((ref or '').lower()))
    if not r:
        return (1.0 if not p else 0.0), 1.0, 1.0
    if not p:
        return 0.0, 0.0, 0.0
    ov = sum((p & r).values())
    P, R = ov / sum(p.values()), ov / sum(r.values())
    return (2 * P * R / (P + R) if P + R else 0.0), P, R


def norm(s):
    return ' '.join(WORD.findall((s or '').lower()))


def author_match(pred, ref):
    a, b = norm(pred), norm(ref)
    return bool(a) and (a == b or (len(a) > 3 and (a in b or b in a)))


def score_wcxb(data, preds, only=None):
    gtdir = os.path.join(data, 'dev', 'ground-truth')
    by_type = defaultdict(list)
    allf, allp, allr = [], [], []
    meta = {'title': [0, 0], 'author': [0, 0], 'date': [0, 0]}
    per = {}
    for fn in sorted(os.listdir(gtdir)):
        if not fn.endswith('.json'):
            continue
        key = fn.split('.')[0]
        if only is not None and key not in only:
            continue
        d = json.load(open(os.path.join(gtdir, fn), encoding='utf-8'))
        g = d['ground_truth']
        o = preds.get(key, {})
        f, P, R = word_f1(o.get('text') or '', g.get('main_content') or '')
        per[key] = f
        allf.append(f), allp.append(P), allr.append(R)
        by_type[d['_internal']['page_type']['primary']].append(f)
        if g.get('title'):
            meta['title'][1] += 1
            meta['title'][0] += norm(o.get('title')) == norm(g['title'])
        if g.get('author'):
            meta['author'][1] += 1
            meta['author'][0] += author_match(o.get('byline'), g['author'])
        if g.get('publish_date'):
            meta['date'][1] += 1
            meta['date'][0] += (o.get('date') or '')[:10] == g['publish_date'][:10]
    mean = lambda v: sum(v) / len(v) if v else 0.0
    return {'pages': len(allf), 'f1': mean(allf), 'precision': mean(allp),
            'recall': mean(allr),
            'by_type': {t: {'pages': len(v), 'f1': mean(v)} for t, v in sorted(by_type.items())},
            'meta_match': {k: {'match': m, 'of': n, 'share': (m / n if n else 0.0)}
                           for k, (m, n) in meta.items()},
            'missing': sum(1 for k in per if k not in preds or 'error' in preds[k]),
            'per_page': per}


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    as_json = '--json' in argv
    minf = None
    if '--min-f1' in argv:
        minf = float(argv[argv.index('--min-f1') + 1])
        args.remove(argv[argv.index('--min-f1') + 1])
    if len(args) != 3 or args[0] not in ('aeb', 'wcxb'):
        print(__doc__, file=sys.stderr)
        return 2
    kind, data, pred = args
    preds = load_pred(pred)
    res = score_aeb(data, preds) if kind == 'aeb' else score_wcxb(data, preds)
    if as_json:
        res = dict(res)
        res.pop('per_page')
        print(json.dumps(res, sort_keys=True))
    else:
        print(f"{kind}: {res['pages']} pages  F1 {res['f1']:.4f}  P {res['precision']:.4f}"
              f"  R {res['recall']:.4f}  (no output for {res['missing']})")
        for t, v in res.get('by_type', {}).items():
            print(f"  {t:14s} {v['pages']:5d} pages  F1 {v['f1']:.4f}")
        for k, v in res.get('meta_match', {}).items():
            print(f"  {k:6s} matches {v['match']}/{v['of']} = {v['share']:.3f}")
    if minf is not None and res['f1'] < minf:
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
