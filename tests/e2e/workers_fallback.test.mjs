// Where workers are unavailable, training runs in the page's own thread in
// short slices: a browser without `Worker` (as a page opened from a file),
// and a worker script that fails to load. An evaluation worker that fails
// leaves held-out evaluations to the page, while workers go on training.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitForData } from './harness.mjs';

const STATS = '[data-testid="train-stats"]';
const WORKERS = '[data-testid="train-workers"]';

const stats = (page) => page.$eval(STATS, (el) => ({ ...el.dataset }));

async function waitStats(page, predicate, timeout = 60_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const d = await stats(page).catch(() => null);
    if (d && predicate(d)) return d;
    if (Date.now() > end) throw new Error(`waitStats timed out: ${predicate} on ${JSON.stringify(d)}`);
    await new Promise((ok) => setTimeout(ok, 40));
  }
}

/** Trains from Reset to `images` in the page, then pauses. */
async function trainInPage(page, images) {
  await page.click('[data-testid="train-reset"]');
  await waitStats(page, (d) => d.imagesSeen === '0' && d.state === 'idle');
  await page.click('[data-testid="train-toggle"]');
  const s = await waitStats(page, (d) => Number(d.imagesSeen) >= images && Number(d.imagesPerSecondCore) > 0);
  await page.click('[data-testid="train-toggle"]');
  await waitStats(page, (d) => d.state === 'paused');
  return s;
}

test('without Worker, training runs in the page and the control says so', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  const { page } = app;
  await page.addInitScript(() => { delete window.Worker; });
  await page.goto(app.url + '#train');
  await waitForData(page);
  const w = await page.$eval(WORKERS, (el) => ({ ...el.dataset, disabled: el.disabled }));
  assert.equal(w.value, '0');
  assert.equal(w.disabled, true);
  assert.match(await page.locator('#train-workers-note').innerText(), /unavailable/);
  const s = await trainInPage(page, 600);
  assert.equal(page.workers().length, 0);
  t.diagnostic(`in the page: ${s.imagesPerSecond} images/s, core ${s.imagesPerSecondCore}`);
  app.assertClean();
});

test('a worker script that fails to load: training goes on in the page', async (t) => {
  const app = await openApp({ serviceWorkers: 'block' });
  t.after(() => app.close());
  const { page } = app;
  await page.route('**/train-worker.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(app.url + '#train');
  await waitForData(page);
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.value === '0', WORKERS);
  await trainInPage(page, 600);
  assert.deepEqual(app.errors, []);
  assert.deepEqual(app.csp, []);
});

test('an evaluation worker that fails to load: the page evaluates, workers train', async (t) => {
  const app = await openApp({ serviceWorkers: 'block' });
  t.after(() => app.close());
  const { page } = app;
  await page.route('**/eval-worker.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(app.url + '#train');
  await waitForData(page);
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.evalWorker === 'false', WORKERS);
  const before = await waitStats(page, (d) => d.testAccuracy !== '');
  await page.click('[data-testid="train-reset"]');
  await waitStats(page, (d) => d.imagesSeen === '0' && d.state === 'idle' && d.testAccuracy !== '');
  await page.click('[data-testid="train-toggle"]');
  // Evaluations of the trained weights, in the page's slices (after Reset the
  // held-out reading is the fresh weights', about 10%).
  const s = await waitStats(page, (d) => Number(d.imagesSeen) >= 2000 && Number(d.testAccuracy) > 0.8);
  await page.click('[data-testid="train-toggle"]');
  await waitStats(page, (d) => d.state === 'paused');
  const w = await page.$eval(WORKERS, (el) => ({ ...el.dataset }));
  assert.notEqual(w.value, '0', 'training stayed in workers');
  t.diagnostic(`pretrained ${before.testAccuracy}; after ${s.imagesSeen} images ${s.testAccuracy}`);
  assert.deepEqual(app.errors, []);
  assert.deepEqual(app.csp, []);
});
