#!/usr/bin/python3
"""extract_pyreadability.py — the python3-readability (Debian) peer for bench/extract.sh:
read every page into memory first, then time Document(html).summary() plus text over all of
them on this one thread (CPU time); prints one JSON line like `newsfold extract --bench`."""
import gzip
import json
import sys
import time

import lxml.html
from readability import Document

pages = []
for f in sys.argv[1:]:
    raw = open(f, 'rb').read()
    pages.append(gzip.decompress(raw) if f.endswith('.gz') else raw)
total = sum(len(p) for p in pages)
words = failed = 0
t0 = time.process_time()   # CPU time (user+sys), as newsfold --bench measures it
for p in pages:
    try:
        html = Document(p).summary(html_partial=True)
        words += len(lxml.html.fromstring(html).text_content().split())
    except Exception:
        failed += 1
secs = time.process_time() - t0
print(json.dumps({'mode': 'python3-readability', 'pages': len(pages), 'mb': total / 1e6,
                  'seconds': secs, 'pages_per_s': len(pages) / secs,
                  'mb_per_s': total / 1e6 / secs, 'failed': failed, 'words': words}))
