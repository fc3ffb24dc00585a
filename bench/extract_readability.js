// extract_readability.js — the readability.js peer for bench/extract.sh: read every page
// (gzip or plain) into memory first, then time JSDOM parse + Readability.parse() over all
// of them on this one thread, and print one JSON line like `newsfold extract --bench`.
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const files = process.argv.slice(2);
const pages = files.map((f) => {
  const raw = fs.readFileSync(f);
  return f.endsWith('.gz') ? zlib.gunzipSync(raw) : raw;
});
const bytes = pages.reduce((n, p) => n + p.length, 0);
const quiet = new VirtualConsole();
let words = 0, failed = 0;
// CPU time (user+sys), as newsfold --bench measures it on the shared machine
const c0 = process.cpuUsage();
for (const p of pages) {
  try {
    const dom = new JSDOM(p, { url: 'https://example.com/', virtualConsole: quiet });
    const art = new Readability(dom.window.document).parse();
    if (art && art.textContent) words += art.textContent.split(/\s+/).filter(Boolean).length;
    dom.window.close();
  } catch (e) {
    failed++;
  }
}
const cu = process.cpuUsage(c0);
const secs = (cu.user + cu.system) / 1e6;
console.log(JSON.stringify({ mode: 'readability.js+jsdom', pages: pages.length, mb: bytes / 1e6,
  seconds: secs, pages_per_s: pages.length / secs, mb_per_s: bytes / 1e6 / secs, failed, words }));
