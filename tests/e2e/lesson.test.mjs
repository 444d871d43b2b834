// The lesson as a whole: every section at phone and projector size, no
// horizontal overflow, no console errors, axe-clean, fast first paint, and
// still working after the network is cut.

import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { openApp, screenshot, waitForData, ARTIFACTS, WWW } from './harness.mjs';
import { allSections } from './settle.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const SECTIONS = ['why', 'filters', 'cat', 'pooling', 'train', 'draw', 'race'];
const SIZES = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'projector', width: 1920, height: 1080 },
];

/** Waits for the first held-out evaluation: its results gallery changes the page's height. */
async function waitForEvaluation(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="train-stats"]');
    return s && s.getAttribute('data-test-accuracy') !== '';
  }, null, { timeout: 60_000 });
}

async function axeViolations(page) {
  // Evaluated through the debugging protocol: the page's strict CSP refuses
  // an injected inline script, as it should.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return result;
}

for (const size of SIZES) {
  test(`every section at ${size.width}x${size.height}: no overflow, no errors, axe clean`, async (t) => {
    const app = await openApp({ viewport: { width: size.width, height: size.height } });
    t.after(() => app.close());
    await app.page.goto(app.url);
    await waitForData(app.page);
    await waitForEvaluation(app.page);
    // Let the first renders settle.
    await app.page.waitForTimeout(500);

    for (const id of SECTIONS) {
      const section = app.page.locator(`section#${id}`);
      assert.equal(await section.count(), 1, `section #${id} exists`);
      await app.page.locator(`nav.toc a[href="#${id}"]`).click();
      await app.page.waitForTimeout(300);
      const top = await section.evaluate((el) => el.getBoundingClientRect().top);
      assert.ok(Math.abs(top) < 120, `#${id} scrolled into view (top ${top})`);
      await app.page.screenshot({ path: path.join(ARTIFACTS, `lesson-${size.name}-${id}.png`) });
    }
    const overflow = await app.page.evaluate(() => {
      const doc = document.documentElement;
      const wide = [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .filter((el) => !el.closest('.table-wrap, .toc, [data-scroll-x]'))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`);
      return { scrollWidth: doc.scrollWidth, inner: window.innerWidth, wide };
    });
    assert.ok(overflow.scrollWidth <= overflow.inner, `page scrolls sideways: ${JSON.stringify(overflow)}`);
    assert.deepEqual(overflow.wide, [], 'elements stick out of the viewport');

    const violations = await axeViolations(app.page);
    console.log(`axe at ${size.name}: ${violations.length} violations`, JSON.stringify(violations));
    const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(severe, [], 'no serious or critical accessibility violations');
    await screenshot(app.page, `lesson-${size.name}-full`);
    app.assertClean();
  });
}

test('deep link, presenting mode and arrow-key stepping', async (t) => {
  const app = await openApp({ viewport: { width: 1920, height: 1080 } });
  t.after(() => app.close());
  await app.page.goto(`${app.url}#cat&present=1`);
  await waitForData(app.page);
  await waitForEvaluation(app.page);
  await app.page.waitForTimeout(500);
  const top = await app.page.locator('section#cat').evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(Math.abs(top) < 120, `deep link scrolled to #cat (top ${top})`);
  assert.ok(await app.page.evaluate(() => document.body.classList.contains('present')), 'presenting mode on');
  await app.page.locator('body').press('ArrowRight');
  await app.page.waitForTimeout(400);
  const next = await app.page.locator('section#pooling').evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(Math.abs(next) < 120, `ArrowRight moved to #pooling (top ${next})`);
  assert.match(await app.page.evaluate(() => location.hash), /pooling/);
  await screenshot(app.page, 'lesson-present');
  app.assertClean();
});

test('a section built while the page is idle keeps each panel it has built', async (t) => {
  // Opened at the top, Train is far below: it is built while the page is
  // idle, one panel per idle moment (controls, then filters, then feature
  // maps). Growing must not build an earlier panel anew: its elements stay,
  // with whatever the reader had done to them.
  const app = await openApp({ viewport: { width: 1920, height: 1080 } });
  t.after(() => app.close());
  const { page } = app;
  await page.addInitScript(() => {
    window.__rebuilt = [];
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.removedNodes) {
          if (n.nodeType !== 1) continue;
          for (const id of ['train-toggle', 'train-reset', 'filters']) {
            if (n.matches(`[data-testid="${id}"]`) || n.querySelector(`[data-testid="${id}"]`)) window.__rebuilt.push(id);
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(app.url);
  await waitForData(page);
  await allSections(page);
  const states = await page.evaluate(() => [...document.querySelectorAll('[data-testid="section"]')].map((s) => `${s.id}:${s.dataset.pending}`));
  assert.ok(states.every((s) => s.endsWith(':false')), `every section complete: ${states}`);
  assert.deepEqual(await page.evaluate(() => window.__rebuilt), [], 'no panel of Train was taken out and built again');
  app.assertClean();
});

test('a teacher link hides sections', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  await app.page.goto(`${app.url}#hide=race,calc,pooling,cat,arch,files,present&seed=7`);
  await waitForData(app.page);
  assert.equal(await app.page.locator('[data-testid="arch-editor"]').count(), 0, 'architecture editor hidden');
  assert.equal(await app.page.locator('.present-toggle').count(), 0, 'present button hidden');
  assert.equal(await app.page.locator('[data-testid="train-stats"]').count(), 1, 'training itself stays');
  assert.equal(await app.page.locator('section#race').count(), 0);
  assert.equal(await app.page.locator('section#pooling').count(), 0);
  assert.equal(await app.page.locator('nav.toc a[href="#race"]').count(), 0);
  assert.equal(await app.page.locator('section#train').count(), 1);
  // Links keep the teacher's settings; a link to a hidden section is plain text.
  const page = app.page;
  assert.match(await page.getAttribute('nav.toc a[href^="#draw"]', 'href'), /hide=race/);
  assert.equal(await page.locator('#draw a[href^="#cat"]').count(), 0, 'no link to the hidden cat section');
  assert.match(await page.locator('#draw .hidden-link').innerText(), /translation-invariance/);
  // A jump leaves a way back.
  const y0 = await page.evaluate(() => window.scrollY);
  await page.click('nav.toc a[href^="#draw"]');
  await page.waitForFunction((y) => window.scrollY > y + 500, y0);
  assert.match(await page.evaluate(() => location.hash), /^#draw&.*hide=race/);
  await page.click('[data-testid="back-to-place"]');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, y0);
  assert.equal(await page.locator('[data-testid="back-to-place"]').count(), 0, 'the way back is used up');
  app.assertClean();
});

test('loads fast, reports its bytes, and works offline after one visit', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  await app.page.goto(app.url);
  await app.page.waitForSelector('.site-header h1');
  const paint = await app.page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { fcp: fcp ? fcp.startTime : null, app: performance.now() };
  });
  await waitForData(app.page);
  // The first visit ends when the service worker holds this build's whole
  // file list (it revalidates what the page already fetched, see sw.js) and
  // the server has sent nothing for half a second.
  // Of the two wasm builds, the worker caches only the one this browser runs.
  const unused = await app.page.evaluate(() => globalThis.cnnWasm.unused);
  const listed = [...fs.readFileSync(path.join(WWW, 'sw-build.js'), 'utf8').matchAll(/^\s*'([^']+)',$/gm)]
    .map((m) => m[1]).filter((f) => f !== unused).map((f) => `/${f}`).concat('/');
  await app.page.waitForFunction(async (n) => {
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg || !reg.active) return false;
    const name = (await caches.keys()).find((k) => k.startsWith('cnn-playground-'));
    return !!name && (await (await caches.open(name)).keys()).length >= n;
  }, listed.length, { timeout: 30_000, polling: 250 });
  // The service worker's cache is whole, so the browser has every response
  // it asked for; the server logs each just after writing it: wait for half
  // a second without a new one. A listed file the server never sent was
  // answered from the browser's own HTTP cache, and cost nothing.
  let seen = -1;
  for (let quiet = 0; quiet < 500; quiet += 100) {
    if (app.sent.length !== seen) { seen = app.sent.length; quiet = 0; }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Every byte the server wrote (status lines, headers, bodies) to the page,
  // its workers and its service worker, counted on the server's side.
  const total = app.sent.reduce((a, r) => a + r.bytes, 0);
  const byPath = new Map();
  for (const r of app.sent) {
    const row = byPath.get(r.path) || { path: r.path, requests: 0, bytes: 0, statuses: [] };
    row.requests += 1; row.bytes += r.bytes; row.statuses.push(r.status);
    byPath.set(r.path, row);
  }
  const rows = [...byPath.values()].sort((x, y) => y.bytes - x.bytes);
  console.log('first contentful paint (ms):', paint.fcp, '| app rendered by (ms):', Math.round(paint.app));
  for (const r of rows) console.log(`  ${String(r.bytes).padStart(9)} B  ${r.path}  (${r.statuses.join(', ')})`);
  console.log('bytes transferred (first visit, server side, service worker included):', total, 'in', app.sent.length, 'responses');
  const unsent = listed.filter((p) => !app.sent.some((r) => r.path === p));
  if (unsent.length) console.log('listed files the browser had in its HTTP cache (no request reached the server):', unsent.join(' '));
  // A figure, not a timed assertion: these machines are shared and noisy.
  assert.ok(paint.fcp !== null, 'the page painted');
  assert.ok(total <= 3_000_000, `first visit sent ${total} bytes (at most 3,000,000)`);
  // Each file goes whole at most once: the service worker's second request
  // for a file the page already has is a revalidation (304, no body).
  for (const r of rows) {
    assert.ok(r.statuses.filter((s) => s === 200).length <= 1, `${r.path} sent whole ${r.statuses.length} times`);
  }
  // The data arrives gzipped: four .gz IDX files, about a fifth of the plain bytes.
  const data = rows.filter((r) => /^\/static\/data\/.*ubyte/.test(r.path));
  const dataBytes = data.reduce((a, r) => a + r.bytes, 0);
  console.log('data files:', data.map((r) => r.path).join(', '), `(${dataBytes} bytes)`);
  assert.equal(data.length, 4);
  // The first visit has to bring the data and the wasm whole: a file logged
  // only as revalidated would mean the count missed its body.
  for (const r of [...data, ...rows.filter((x) => x.path.endsWith('.wasm'))]) {
    assert.ok(r.statuses.includes(200), `${r.path} was sent whole (${r.statuses.join(', ')})`);
  }
  assert.ok(data.every((r) => r.path.endsWith('.gz')), 'the data files fetched are the .gz ones');
  assert.ok(dataBytes < 2_000_000, `data ${dataBytes} bytes`);
  const wasm = rows.filter((r) => r.path.endsWith('.wasm'));
  assert.deepEqual(wasm.map((r) => r.path), ['/pkg/cnn_playground_relaxed_bg.wasm'],
    'one wasm build moves: relaxed SIMD, which this Chromium has');
  const wasmBytes = wasm.reduce((a, r) => a + r.bytes, 0);
  assert.ok(wasmBytes < 1_000_000, `wasm ${wasmBytes} bytes on the wire`);

  await app.context.setOffline(true);
  await app.page.reload();
  await waitForData(app.page, 30_000);
  const counts = await app.page.locator('[data-testid="data-status"]').getAttribute('data-train-count');
  assert.ok(Number(counts) > 0, 'data loaded from the offline cache');
  await screenshot(app.page, 'lesson-offline');
  await app.context.setOffline(false);
});
