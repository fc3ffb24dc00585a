// web.mjs — end-to-end browser test: playwright-core driving Debian's chromium (headless)
// against a real `newsfold serve` and a fixture site on 127.0.0.1. First run, log out/in,
// add a feed by its site URL (discovery), see its stories and articles, open a story, read
// an article, mark read, search, import OPML, keyboard navigation; a screenshot of each main
// page goes to build/test-artifacts/. Installs chromium (apt, scripts/apt-browser.txt) and
// playwright-core (npm ci in tests/browser) when missing; skips with a reason if it cannot.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.NEWSFOLD_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NF = process.env.NEWSFOLD || path.join(ROOT, 'build/asan/newsfold');
const ART = path.join(ROOT, 'build/test-artifacts');
const BROWSER_DIR = path.join(ROOT, 'tests/browser');
const CHROMIUM = '/usr/bin/chromium';
let failed = 0;

function pass(name) { console.log('pass: ' + name); }
function fail(name, why) { failed++; console.log('fail: ' + name + ': ' + String(why).replace(/\n/g, ' ').slice(0, 300)); }
function check(name, cond, why = '') { if (cond) pass(name); else fail(name, why); return cond; }
function skipAll(why) { console.log('skip: browser tests: ' + why); process.exit(0); }

function ensureTools() {
  if (!fs.existsSync(CHROMIUM)) {
    spawnSync('sh', [path.join(ROOT, 'scripts/install-deps.sh'), 'browser'], { stdio: 'inherit' });
    if (!fs.existsSync(CHROMIUM)) skipAll('chromium could not be installed (apt-get install chromium)');
  }
  if (!fs.existsSync(path.join(BROWSER_DIR, 'node_modules/playwright-core'))) {
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: BROWSER_DIR, stdio: 'inherit' });
    if (r.status !== 0) skipAll('npm ci in tests/browser failed (playwright-core not installable)');
  }
  const require = createRequire(path.join(BROWSER_DIR, 'package.json'));
  return require('playwright-core');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function rss(base, name, title, items) {
  const now = Date.now();
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title}</title>` +
    `<link>${base}/</link><description>fixture</description>` +
    items.map((it, i) => `<item><title>${it.title}</title><link>${base}/${name}/${i}</link>` +
      `<guid>${name}-${i}</guid><pubDate>${new Date(now - i * 3600e3).toUTCString()}</pubDate>` +
      `<description><![CDATA[<p>${it.body}</p>]]></description></item>`).join('') +
    '</channel></rss>';
}

const SEED_BODY = 'The central library now lends tomato and bean seeds to local gardeners. Members borrow a packet at the front desk, grow the plants through the summer, and return fresh seeds from their best crop in autumn. Librarians say the collection started with forty varieties donated by an allotment society, including heirloom squash, dwarf peas and a purple carrot first grown in the valley a century ago. Workshops on saving seeds run every Saturday morning, and volunteers label each envelope with the grower\'s notes about soil, watering and pests.';

function fixtureSite(port) {
  const base = `http://127.0.0.1:${port}`;
  const pages = {
    '/site.html': ['text/html', `<!doctype html><html><head><title>Fixture site</title>` +
      `<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>hi</body></html>`],
    '/feed.xml': ['application/rss+xml', rss(base, 'a', 'Fixture News', [
      { title: 'Harbour bridge reopens after storm repairs', body: 'The harbour bridge reopened on Monday after storm repairs by city engineers.' },
      { title: 'Library opens a seed bank for gardeners', body: SEED_BODY },
      { title: 'Marathon route changes announced', body: 'Organisers announced a new marathon route along the river this spring.' },
    ])],
    '/second.xml': ['application/rss+xml', rss(base, 'b', 'Second Fixture', [
      { title: 'Harbour bridge reopening draws crowds', body: 'Crowds gathered as the harbour bridge reopened after storm repairs.' },
      { title: 'Library opens a seed bank for gardeners', body: SEED_BODY },
    ])],
  };
  const srv = http.createServer((req, res) => {
    const p = pages[req.url.split('?')[0]];
    if (!p) { res.writeHead(404); res.end('no'); return; }
    res.writeHead(200, { 'Content-Type': p[0] });
    res.end(p[1]);
  });
  return new Promise((resolve) => srv.listen(port, '127.0.0.1', () => resolve({ srv, base })));
}

async function startNewsfold(dir, port) {
  const db = path.join(dir, 'nf.db');
  const log = fs.openSync(path.join(dir, 'server.log'), 'w');
  const proc = spawn(NF, ['--db', db, '--allow-private', 'serve', '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', log, log] });
  for (let i = 0; i < 300; i++) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return proc;
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('newsfold serve did not start: ' + fs.readFileSync(path.join(dir, 'server.log'), 'utf8'));
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ART, name + '.png'), fullPage: true });
}

async function step(name, fn) {
  try { await fn(); } catch (e) { fail(name, e && e.message ? e.message : e); }
}

async function main() {
  const { chromium } = ensureTools();
  fs.mkdirSync(ART, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nf-browser-'));
  const probe = spawnSync(NF, ['--db', path.join(dir, 'probe.db'), 'refresh'], { encoding: 'utf8' });
  if (/not available in this build/.test(probe.stderr || '')) {
    fs.rmSync(dir, { recursive: true, force: true });
    skipAll('newsfold refresh is not in this build yet (adding a feed needs it)');
  }
  const fixPort = await freePort();
  const { srv: fix, base: fixBase } = await fixtureSite(fixPort);
  const port = await freePort();
  const nf = await startNewsfold(dir, port);
  const base = `http://127.0.0.1:${port}`;
  const ctx = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1100, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(30000);
  const cspErrors = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    await step('first run: setup page creates the admin', async () => {
      await page.goto(base + '/');
      check('first run: redirected to /setup', page.url().endsWith('/setup'), page.url());
      await shot(page, 'setup');
      await page.fill('input[name=name]', 'admin');
      await page.fill('input[name=password]', 'admin password 1');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      check('first run: logged in after setup', !/\/(setup|login)/.test(page.url()), page.url());
    });
    await step('log out and log in', async () => {
      await Promise.all([page.waitForNavigation(), page.click('form.logout button')]);
      check('logout: back at the login page', page.url().includes('/login'), page.url());
      await shot(page, 'login');
      await page.fill('input[name=name]', 'admin');
      await page.fill('input[name=password]', 'wrong password');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      check('login: wrong password shows an error', (await page.textContent('.error')).includes('Wrong'));
      await page.fill('input[name=name]', 'admin');
      await page.fill('input[name=password]', 'admin password 1');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      check('login: logged in', !page.url().includes('/login'), page.url());
    });
    await step('add a feed by its site URL', async () => {
      await page.goto(base + '/feeds');
      await page.fill('input[name=url]', fixBase + '/site.html');
      await Promise.all([page.waitForNavigation(), page.click('form[action="/feeds/add"] button')]);
      const notice = await page.textContent('[role=status]');
      check('add feed: subscribed via discovery', /Subscribed/.test(notice), notice);
      check('add feed: listed with its title', (await page.textContent('.feeds')).includes('Fixture News'));
      await shot(page, 'feeds');
    });
    await step('import OPML', async () => {
      const opml = path.join(dir, 'subs.opml');
      fs.writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>` +
        `<outline text="Local"><outline type="rss" text="Second Fixture" xmlUrl="${fixBase}/second.xml"/></outline></body></opml>`);
      await page.goto(base + '/feeds');
      await page.setInputFiles('input[name=opml]', opml);
      await Promise.all([page.waitForNavigation(), page.click('form[action="/feeds/import"] button')]);
      const notice = await page.textContent('[role=status]');
      check('import OPML: one new subscription', /Imported 1 new/.test(notice), notice);
      check('import OPML: feed in its folder', (await page.textContent('.feeds')).includes('Local'));
    });
    // The imported feed is fetched by the background refresher; wait for its article.
    await step('refresher fetches the imported feed', async () => {
      let ok = false;
      for (let i = 0; i < 30 && !ok; i++) {
        await page.goto(base + '/articles?view=all');
        ok = (await page.content()).includes('Harbour bridge reopening draws crowds');
        if (!ok) await page.waitForTimeout(1000);
      }
      check('refresher: imported feed fetched in the background', ok);
    });
    await step('see its stories', async () => {
      await page.goto(base + '/');
      await shot(page, 'stories');
      const stories = await page.$$('.story');
      if (!stories.length) {
        console.log('skip: top stories: no story cards (cluster module not in this build)');
        return;
      }
      check('top stories: cards shown', stories.length >= 1);
      check('top stories: sparkline rendered', (await page.$$('svg.spark')).length >= 1);
      await Promise.all([page.waitForNavigation(), page.click('.story h2 a')]);
      check('story page: coverage timeline', (await page.$$('.timeline li')).length >= 1);
      check('story page: grouped-because lines', (await page.$$('.timeline .why')).length >= 1);
      await shot(page, 'story');
      // The seed-bank article was republished verbatim by the second feed: one story, the
      // copy folded under it.
      await page.goto(base + '/');
      const seed = page.locator('.story h2 a', { hasText: /seed bank/i });
      check('top stories: the republished article is one story', (await seed.count()) === 1, await seed.count());
      await Promise.all([page.waitForNavigation(), seed.first().click()]);
      const copies = await page.textContent('.timeline');
      check('story page: copy folded under its canonical ("also published by")',
        /Also published by\s+Second Fixture/.test(copies), copies.slice(0, 300));
      await shot(page, 'story-copies');
    });
    await step('read an article', async () => {
      await page.goto(base + '/articles');
      const before = (await page.$$('.list .item')).length;
      check('unread list shows the feed articles', before >= 3, before);
      await shot(page, 'articles');
      await Promise.all([page.waitForNavigation(), page.click('text=Library opens a seed bank for gardeners')]);
      check('reader view: article text', (await page.textContent('.content')).includes('tomato and bean seeds'));
      check('reader view: reading time', /min read/.test(await page.textContent('.minutes')));
      check('reader view: link to the original', (await page.getAttribute('a.original', 'href')).startsWith(fixBase));
      await shot(page, 'reader');
      await page.goto(base + '/articles');
      const after = (await page.$$('.list .item')).length;
      check('mark read: opened article left the unread list', after === before - 1, `${before} -> ${after}`);
    });
    await step('keyboard navigation and m to mark read', async () => {
      await page.goto(base + '/articles?view=all');
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      const cur = await page.$$eval('.list .item', (els) => els.findIndex((e) => e.classList.contains('current')));
      check('keys: j j selects the second item', cur === 1, cur);
      await page.keyboard.press('k');
      const cur2 = await page.$$eval('.list .item', (els) => els.findIndex((e) => e.classList.contains('current')));
      check('keys: k goes back', cur2 === 0, cur2);
      const wasRead = await page.$eval('.list .item.current', (e) => e.classList.contains('read'));
      await page.keyboard.press('m');
      await page.waitForFunction((w) => document.querySelector('.list .item.current').classList.contains('read') !== w, wasRead);
      pass('keys: m toggles read in place');
      await page.keyboard.press('s');
      await page.waitForFunction(() => /Unstar/.test(document.querySelector('.list .item.current button[data-action="star"]').textContent));
      const starredId = await page.getAttribute('.list .item.current', 'data-id');
      await page.goto(base + '/articles?view=starred');
      check('keys: s stars the current item', (await page.getAttribute('.list .item', 'data-id')) === starredId);
      await page.goto(base + '/articles?view=all');
      await page.keyboard.press('j');
      await page.keyboard.press('?');
      check('keys: ? shows help', await page.isVisible('#help'));
      await shot(page, 'help');
      await page.keyboard.press('Escape');
      const href = await page.getAttribute('.list .item.current', 'data-href');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('o')]);
      check('keys: o opens the current item', page.url().endsWith(href), page.url());
      // Enter on a focused link is the link's, even with an item selected.
      await page.goto(base + '/articles?view=all');
      await page.keyboard.press('j');
      await page.focus('header nav a[href="/feeds"]');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      check('keys: Enter on a focused link follows the link, not the selected item',
        new URL(page.url()).pathname === '/feeds', page.url());
    });
    await step('search', async () => {
      await page.goto(base + '/articles');
      await page.keyboard.press('/');
      check('keys: / focuses search', await page.evaluate(() => document.activeElement && document.activeElement.id === 'q'));
      await page.keyboard.type('marathon');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      check('search: result found', (await page.textContent('.list')).includes('Marathon route changes announced'));
      check('search: hit highlighted', (await page.$$('mark')).length >= 1);
      await shot(page, 'search');
    });
    await step('phone and dark theme', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(base + '/articles?view=all');
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      check('dark theme follows the system', bg === 'rgb(21, 22, 20)', bg);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
      check('phone: no horizontal scrolling', wide);
      await page.goto(base + '/feeds');
      const feedsWide = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      check('phone: no horizontal scrolling on the feeds page (file input)', feedsWide[0] <= feedsWide[1] + 1, feedsWide);
      await shot(page, 'phone-dark');
    });
    check('no CSP violations in the console', cspErrors.length === 0, cspErrors.join(' | '));
    check('no script errors', pageErrors.length === 0, pageErrors.join(' | '));
  } finally {
    await ctx.close();
    fix.close();
    nf.kill('SIGTERM');
    await new Promise((r) => nf.once('exit', r));
    check('server exits cleanly', nf.exitCode === 0, `status ${nf.exitCode}: ` +
      fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-1500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log('fail: browser test crashed: ' + (e && e.stack ? e.stack.replace(/\n/g, ' ') : e)); process.exit(1); });
