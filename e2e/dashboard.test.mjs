// End-to-end test of the dyad dashboard in headless Chromium.
//
//   DYAD_URL=http://127.0.0.1:PORT DYAD_SHOTS=/tmp/shots DYAD_E2E_EXPECT='{...}' \
//     node --test e2e/dashboard.test.mjs
//
// DYAD_URL         base URL of a running `dyad serve` (the tests skip without it)
// DYAD_SHOTS       directory for full-page screenshots (created; optional)
// DYAD_E2E_EXPECT  what the store holds, computed by the Rust harness:
//                  {"relation": {"a", "b", "events"}, "document": {"id", "spans": [{"kind", "text"}]},
//                   "filter": {"root", "events"}, "total_events": n}
// CHROMIUM         the browser binary (default /usr/bin/chromium)
// DYAD_BROWSER_REQUIRED=1  fail (instead of skipping) when the browser or playwright-core is missing

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const BASE = (process.env.DYAD_URL || '').replace(/\/+$/, '');
const SHOTS = process.env.DYAD_SHOTS || '';
const EXPECT = parseExpect(process.env.DYAD_E2E_EXPECT);
const TIMEOUT = 20_000;

function parseExpect(raw) {
  if (!raw) return {};
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new Error(`DYAD_E2E_EXPECT is not JSON: ${e.message}`);
  }
}

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const REQUIRED = process.env.DYAD_BROWSER_REQUIRED === '1';

// What is missing to run at all: a server, the browser or playwright-core.
// Without a server the tests skip; without the browser or the package they skip
// too, unless DYAD_BROWSER_REQUIRED=1 (CI), which makes that a failure.
let playwright = null;
let missing = '';
if (!BASE) {
  missing = 'DYAD_URL is not set (start `dyad serve` and point DYAD_URL at it)';
} else {
  try {
    playwright = await import('playwright-core');
  } catch (e) {
    missing = `playwright-core is not installed (run \`npm ci\` in e2e/): ${e.message}`;
  }
  if (!missing && !existsSync(CHROMIUM)) missing = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;
  if (missing && REQUIRED) throw new Error(`DYAD_BROWSER_REQUIRED=1 but ${missing}`);
}
const skip = missing || false;
if (skip) {
  console.log(`dashboard e2e skipped: ${skip}`);
  test('dyad dashboard', { skip }, () => {});
}

if (!skip) describe('dyad dashboard', () => {
  let browser;
  let context;
  let page;
  const problems = []; // console errors, page errors, CSP violations

  const shot = async (name) => {
    if (!SHOTS) return;
    await page.mouse.move(1, 1); // no tooltip in the picture
    await page.screenshot({ path: join(SHOTS, name), fullPage: true });
  };
  const watch = (p) => {
    p.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      problems.push(`console error on ${p.url()}: ${msg.text()}`);
    });
    p.on('pageerror', (err) => problems.push(`page error on ${p.url()}: ${err.message}`));
  };
  const bannerText = async () => {
    const b = page.locator('[data-testid="error"]');
    return (await b.isVisible()) ? (await b.textContent()).trim() : '';
  };
  /** Clicks "Load more" until it is gone; returns the number of rows in the list. */
  const loadAll = async (boxSel, rowSel) => {
    const box = page.locator(boxSel);
    await page.waitForSelector(`${boxSel}[data-state="done"]`, { timeout: TIMEOUT });
    for (let i = 0; i < 1000; i++) {
      const more = box.locator('[data-testid="load-more"]');
      if (!(await more.isVisible())) break;
      const before = await box.locator(rowSel).count();
      await more.click();
      await page.waitForFunction(
        ([bs, rs, n]) => document.querySelectorAll(`${bs} ${rs}`).length > n && document.querySelector(bs)?.dataset.state === 'done',
        [boxSel, rowSel, before],
        { timeout: TIMEOUT },
      );
    }
    return box.locator(rowSel).count();
  };

  before(async () => {
    const { chromium } = playwright;
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // CSP violations also reach the console, but report them explicitly too.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    watch(page);
  });

  after(async () => {
    if (browser) await browser.close();
  });

  test('relation view: chart, bars, Goldstein line, events of a period', async (t) => {
    const rel = EXPECT.relation;
    if (!rel) { t.skip('DYAD_E2E_EXPECT has no "relation"'); return; }
    await page.goto(`${BASE}/#/relation?a=${encodeURIComponent(rel.a)}&b=${encodeURIComponent(rel.b)}&by=month`);
    await page.waitForSelector('[data-testid="relation-chart"]');
    assert.equal(await page.inputValue('[data-testid="relation-a"]'), rel.a);
    assert.equal(await page.inputValue('[data-testid="relation-b"]'), rel.b);
    const bars = page.locator('[data-testid="chart-bar"]');
    const counts = (await bars.evaluateAll((els) => els.map((e) => Number(e.dataset.events))));
    assert.ok(counts.length > 0, 'no chart-bar');
    assert.equal(counts.reduce((a, b) => a + b, 0), rel.events, `sum of data-events over chart-bar (${counts.join('+')})`);
    assert.equal(await page.locator('[data-testid="goldstein-line"]').count(), 1, 'goldstein-line');
    assert.ok(await page.locator('[data-testid="goldstein-line"] circle').count() > 0, 'Goldstein dots');

    const first = bars.first();
    const n = Number(await first.getAttribute('data-events'));
    const period = await first.getAttribute('data-period');
    await first.click();
    await page.waitForSelector(`[data-testid="period-events"][data-period="${period}"][data-state="done"]`);
    assert.equal(await page.locator('[data-testid="period-events"] [data-testid="event-row"]').count(), n,
      `events listed for period ${period}`);
    assert.match(page.url(), new RegExp(`p=${period}`), 'the chosen period is in the URL');
    assert.equal(await bannerText(), '', 'error banner');
    await shot('relation.png');

    // The same total by week and by day (gaps filled or not, the bars add up).
    for (const by of ['week', 'day']) {
      await page.goto(`${BASE}/#/relation?a=${encodeURIComponent(rel.a)}&b=${encodeURIComponent(rel.b)}&by=${by}`);
      await page.waitForFunction((b) => document.querySelector('[data-testid="relation-chart"]')
        && document.querySelector('[data-testid="relation-by"] button.on')?.textContent.toLowerCase() === b, by);
      const sum = await page.locator('[data-testid="chart-bar"]').evaluateAll((els) => els.reduce((a, e) => a + Number(e.dataset.events), 0));
      assert.equal(sum, rel.events, `sum of bars by ${by}`);
    }
  });

  test('document view highlights every expected span', async (t) => {
    const doc = EXPECT.document;
    if (!doc) { t.skip('DYAD_E2E_EXPECT has no "document"'); return; }
    await page.goto(`${BASE}/#/document/${encodeURIComponent(doc.id)}`);
    await page.waitForSelector('[data-testid="doc-text"]');
    const missing = [];
    for (const span of doc.spans || []) {
      const texts = await page.locator(`[data-testid="doc-text"] mark[data-kind="${span.kind}"]`).evaluateAll((els) => els.map((e) => e.textContent));
      const norm = (x) => x.replace(/\s+/g, ' ').trim();
      if (!texts.some((x) => norm(x) === norm(span.text) || norm(x).includes(norm(span.text)))) {
        missing.push(`${span.kind} “${span.text}” (marks of that kind: ${texts.map((x) => JSON.stringify(x)).join(', ') || 'none'})`);
      }
    }
    assert.deepEqual(missing, [], 'spans not highlighted');
    // Every mark carries its byte offsets.
    const bad = await page.locator('mark.hl').evaluateAll((els) => els.filter((e) => !(Number(e.dataset.end) > Number(e.dataset.start))).length);
    assert.equal(bad, 0, 'marks without data-start < data-end');
    const events = page.locator('[data-testid="doc-event"]');
    if (await events.count()) {
      await events.first().click();
      assert.ok(await page.locator('[data-testid="doc-text"] mark.outlined').count() > 0, 'clicking an event outlines its spans');
    }
    assert.equal(await bannerText(), '', 'error banner');
    await shot('document.png');
  });

  test('event list: all events, then filtered by CAMEO root', async (t) => {
    await page.goto(`${BASE}/#/events`);
    await page.waitForSelector('[data-testid="event-list"]');
    const all = await loadAll('[data-testid="event-list-box"]', '[data-testid="event-row"]');
    if (EXPECT.total_events !== undefined) assert.equal(all, EXPECT.total_events, 'unfiltered event rows');
    else assert.ok(all > 0, 'no event rows');
    const keys = await page.locator('[data-testid="event-row"]').evaluateAll((els) => els.map((e) => e.dataset.eventKey));
    assert.equal(new Set(keys).size, keys.length, 'an event listed twice');
    assert.equal(await bannerText(), '', 'error banner');
    await shot('events.png');

    const f = EXPECT.filter;
    if (!f) { t.skip('DYAD_E2E_EXPECT has no "filter"'); return; }
    const old = await page.locator('[data-testid="event-list-box"]').elementHandle();
    await page.selectOption('[data-testid="filter-root"]', f.root);
    await page.click('[data-testid="filter-apply"]');
    await page.waitForFunction((el) => !el.isConnected, old);
    const filtered = await loadAll('[data-testid="event-list-box"]', '[data-testid="event-row"]');
    assert.equal(filtered, f.events, `rows with root ${f.root}`);
    const hash = new URL(page.url()).hash;
    assert.match(hash, /^#\/events\?/, 'events route');
    assert.equal(new URLSearchParams(hash.split('?')[1]).get('root'), f.root, 'the hash holds the filter');
    assert.equal(await page.inputValue('[data-testid="filter-root"]'), f.root);
    await shot('events-filtered.png');

    // The hash is a link: loading it fresh gives the same list.
    await page.goto('about:blank');
    await page.goto(`${BASE}/${hash}`);
    assert.equal(await loadAll('[data-testid="event-list-box"]', '[data-testid="event-row"]'), f.events, 'the filtered link reloads');

    // A row opens its document.
    const row = page.locator('[data-testid="event-row"]:not(.nodoc)').first();
    if (await row.count()) {
      const key = await row.getAttribute('data-event-key');
      await row.click();
      await page.waitForSelector('[data-testid="doc-text"]');
      assert.match(page.url(), /#\/document\/.+\?event=/, 'document route');
      assert.equal(await page.locator(`[data-testid="doc-event"][data-event-key="${key}"].selected`).count(), 1, 'the clicked event is selected');
    }
  });

  test('map: countries and places', async () => {
    await page.goto(`${BASE}/#/map`);
    await page.waitForSelector('[data-testid="map"]');
    const countries = await page.locator('[data-testid="map"] path').count();
    assert.ok(countries > 50, `country paths: ${countries}`);
    const places = page.locator('[data-testid="map-place"]');
    assert.ok(await places.count() >= 1, 'no map-place');
    const n = Number(await places.first().getAttribute('data-events'));
    assert.ok(n >= 1, 'data-events on map-place');
    await places.first().click();
    const got = await loadAll('[data-testid="place-events-box"]', '[data-testid="event-row"]');
    assert.equal(got, n, 'events listed for the clicked place');
    assert.equal(await bannerText(), '', 'error banner');
    await shot('map.png');
  });

  test('performance: first contentful paint and page weight', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    watch(p);
    try {
      await p.goto(`${BASE}/`, { waitUntil: 'load' });
      const fcp = await p.waitForFunction(() => {
        const e = performance.getEntriesByType('paint').find((x) => x.name === 'first-contentful-paint');
        return e ? e.startTime : null;
      }, null, { timeout: TIMEOUT }).then((hnd) => hnd.jsonValue());
      // Let the first view finish its API calls, then open the map (which loads world.json).
      await p.waitForFunction(() => document.querySelector('[data-testid="relation-chart"], .empty'), null, { timeout: TIMEOUT });
      const weigh = () => p.evaluate(() => {
        const size = (e) => Math.max(e.transferSize || 0, e.encodedBodySize || 0);
        const nav = performance.getEntriesByType('navigation').reduce((a, e) => a + size(e), 0);
        return performance.getEntriesByType('resource').reduce((a, e) => a + size(e), nav);
      });
      const initial = await weigh();
      await p.evaluate(() => { location.hash = '#/map'; });
      await p.waitForSelector('[data-testid="map"]', { timeout: TIMEOUT });
      const total = await weigh();
      console.log(`first-contentful-paint: ${Math.round(fcp)} ms`);
      console.log(`page-weight: ${total} bytes (first view ${initial} bytes; with the map's world outline ${total} bytes)`);
      assert.ok(fcp < 1000, `first contentful paint ${fcp} ms`);
      assert.ok(total < 500 * 1024, `page weight ${total} bytes`);
    } finally {
      await ctx.close();
    }
  });

  test('no console errors, page errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
