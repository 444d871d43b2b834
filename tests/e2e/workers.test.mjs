// Training in workers, end to end in headless Chromium, on one page load:
// training with 1 and with 2 workers (a fixed count and seed repeat exactly),
// held-out evaluations in the evaluation worker, the workers load the very
// wasm build the page runs, drawing while training,
// a new architecture while training, a pause after which nothing more is
// counted, and the Workers control at 375 and 1920 px. The fallback to the
// page's own thread is in workers_fallback.test.mjs; speed targets are the
// benchmark's (make bench-workers).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { ARTIFACTS, openApp, waitForData } from './harness.mjs';

const STATS = '[data-testid="train-stats"]';
const WORKERS = '[data-testid="train-workers"]';

const stats = (page) => page.$eval(STATS, (el) => ({ ...el.dataset }));
const workers = (page) => page.$eval(WORKERS, (el) => ({ ...el.dataset, disabled: el.disabled }));

/** Polls the stats hook until `predicate(dataset, arg)` holds (checked here,
 * in Node: the page's Content-Security-Policy forbids `new Function`). */
async function waitStats(page, predicate, arg = null, timeout = 60_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const d = await stats(page).catch(() => null);
    if (d && predicate(d, arg)) return d;
    if (Date.now() > end) throw new Error(`waitStats timed out: ${predicate} on ${JSON.stringify(d)}`);
    await new Promise((ok) => setTimeout(ok, 40));
  }
}

/** Waits until the count has not moved for `quietMs` (reports come every 100 ms while training). */
async function waitQuiet(page, quietMs = 600) {
  let last = (await stats(page)).imagesSeen;
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await new Promise((ok) => setTimeout(ok, 40));
    const now = (await stats(page)).imagesSeen;
    if (now !== last) { last = now; since = Date.now(); }
  }
  return stats(page);
}

async function resetAndTrain(page) {
  await page.click('[data-testid="train-reset"]');
  await waitStats(page, (d) => d.imagesSeen === '0' && d.state === 'idle');
  await page.click('[data-testid="train-toggle"]');
  await waitStats(page, (d) => d.state === 'training');
}

async function pause(page) {
  await page.click('[data-testid="train-toggle"]');
  return waitStats(page, (d) => d.state === 'paused');
}

async function chooseWorkers(page, w) {
  await page.selectOption(WORKERS, String(w));
  await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.dataset.value === v, [WORKERS, String(w)]);
}

/** Steps one batch at a time to `images`, then returns the held-out accuracy
 * of the evaluation that mark starts (it differs from `untrained`). */
async function stepTo(page, images, untrained) {
  for (;;) {
    const s = await stats(page);
    if (Number(s.imagesSeen) >= images) break;
    await page.click('[data-testid="train-step"]');
    await waitStats(page, (d, n) => d.imagesSeen !== n && d.state !== 'training', s.imagesSeen, 10_000);
  }
  // Evaluations come every 500 images early on: wait for the last one (of
  // the weights just reached) to finish, not for the first new reading.
  return (await waitStats(page, (d, u) => d.testAccuracy !== '' && d.testAccuracy !== u && d.evaluating === 'false',
    untrained, 30_000)).testAccuracy;
}

test('training in workers: 1 and 2 workers, same build, drawing, a new architecture, pause', async (t) => {
  const app = await openApp({ serviceWorkers: 'block' });
  t.after(() => app.close());
  const { page, context } = app;
  // Every wasm module fetched, by the page or by its workers.
  const wasm = new Set();
  context.on('request', (req) => { if (req.url().includes('.wasm')) wasm.add(req.url()); });
  const longTasks = [];
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
  });
  const t0 = Date.now();
  const lap = (what) => t.diagnostic(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await page.goto(app.url + '#train');
  await waitForData(page);
  await waitStats(page, (d) => d.testAccuracy !== '');

  lap('loaded');
  // The control: cores minus one for the page, at least 1.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const w0 = await workers(page);
  assert.equal(w0.cores, String(cores));
  assert.equal(w0.value, String(Math.min(8, Math.max(1, cores - 1))));
  assert.equal(w0.disabled, false);
  assert.equal(w0.evalWorker, 'true', 'held-out evaluations run in a worker of their own');
  assert.match(await page.locator('#train-workers-note').innerText(), /your browser reports/);

  // Training with 1 and with 2 workers.
  const speeds = {};
  for (const w of [1, 2]) {
    await chooseWorkers(page, w);
    await resetAndTrain(page);
    const s = await waitStats(page, (d) => Number(d.imagesSeen) >= 2500 && Number(d.imagesPerSecond) > 0
      && Number(d.imagesPerSecondCore) > 0 && Number(d.testAccuracy) > 0.8, null, 90_000);
    speeds[w] = { ips: Number(s.imagesPerSecond), core: Number(s.imagesPerSecondCore), acc: s.testAccuracy };
    await pause(page);
    // Workers that fill every core say that they lend one to the held-out test.
    const lends = /While the held-out test runs, the first worker also does the last one's share/;
    const note = await page.locator('#train-workers-note').innerText();
    if (w >= cores && w >= 2) assert.match(note, lends);
    else assert.doesNotMatch(note, lends);
    // With no core to spare, the held-out test takes at most a fifth of the time.
    const spacing = /With no core to spare, the held-out test takes at most a fifth of the time/;
    if (w >= cores) assert.match(note, spacing);
    else assert.doesNotMatch(note, spacing);
  }
  t.diagnostic(`speeds: ${JSON.stringify(speeds)}`);
  const names = page.workers().map((w) => w.url().split('/').pop());
  t.diagnostic(`workers: ${names.join(', ')}; wasm fetched: ${[...wasm].join(', ')}`);
  assert.ok(names.includes('train-worker.js'), 'training ran in a worker');
  assert.ok(names.includes('grad-worker.js'), 'with 2 workers a gradient worker helps');
  assert.ok(names.includes('eval-worker.js'), 'the held-out set is evaluated in a worker');
  assert.equal((await workers(page)).evalWorker, 'true', 'the evaluation worker is still in use');
  assert.equal(wasm.size, 1, 'the page and its workers load one and the same wasm build');
  assert.match([...wasm][0], /\/pkg\/cnn_playground_relaxed_bg\.wasm$/, 'the relaxed-SIMD build, which this Chromium has');
  assert.equal((await stats(page)).wasmBuild, 'relaxed-simd');

  lap('1 and 2 workers');
  // Same seed, same worker count: the same held-out result after the same
  // steps (batches of 256, so 8 steps reach the evaluation at 2,000 images).
  const setBatch = async (n) => {
    await page.fill('[data-testid="train-batch"]', String(n));
    await page.waitForFunction((v) => location.hash.includes(`batch=${v}`) || v === '32', String(n));
  };
  await setBatch(256);
  const runs = [];
  for (let i = 0; i < 2; i++) {
    await page.click('[data-testid="train-reset"]');
    const fresh = await waitStats(page, (d) => d.imagesSeen === '0' && d.testAccuracy !== '');
    runs.push(await stepTo(page, 2000, fresh.testAccuracy));
  }
  t.diagnostic(`held-out accuracy after 2,048 images with 2 workers: ${runs[0]}, again ${runs[1]}`);
  assert.equal(runs[0], runs[1], 'bit-identical runs');
  await setBatch(32);

  lap('same run twice');
  // Drawing while training: the reading appears and follows the weights.
  await chooseWorkers(page, 1);
  await resetAndTrain(page);
  await waitStats(page, (d) => Number(d.imagesSeen) >= 600);
  const pad = page.locator('[data-testid="draw-pad"]');
  await pad.scrollIntoViewIfNeeded();
  await pad.evaluate((el) => {
    window.__moves = 0;
    el.addEventListener('pointermove', () => { window.__moves++; }, true);
  });
  const box = await pad.boundingBox();
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height * 0.2);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(x, box.y + box.height * (0.2 + 0.6 * (i / 30)));
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]')?.dataset.digit !== '');
  const reading = await page.$eval('[data-testid="prediction"]', (el) => ({ ...el.dataset }));
  await page.waitForFunction((c) => document.querySelector('[data-testid="prediction"]')?.dataset.confidence !== c,
    reading.confidence, { timeout: 10_000 });
  assert.equal((await stats(page)).state, 'training');
  const moves = await page.evaluate(() => window.__moves);
  t.diagnostic(`reading ${JSON.stringify(reading)} followed the weights; ${moves} pointer moves`);
  assert.ok(moves >= 20, `${moves} pointer moves reached the pad while training`);

  lap('drawing');
  // A new architecture while training stops, rebuilds and restarts.
  const editor = '[data-testid="arch-editor"]';
  const running = await page.getAttribute(editor, 'data-running-spec');
  await page.fill('[data-testid="arch-kernel-0"]', '5');
  await page.click('[data-testid="arch-apply"]');
  await page.locator('[data-testid="arch-confirm"]').waitFor();
  await page.click('[data-testid="arch-confirm-yes"]');
  await page.waitForFunction(([sel, r]) => document.querySelector(sel)?.dataset.runningSpec !== r, [editor, running]);
  const now = await page.getAttribute(editor, 'data-running-spec');
  t.diagnostic(`${running} -> ${now}`);
  assert.match(now, /c8k5/);
  const restarted = await waitStats(page, (d) => d.state === 'training' && Number(d.imagesSeen) > 0
    && Number(d.imagesSeen) < 1000);
  t.diagnostic(`restarted: ${restarted.imagesSeen} images on the new network`);
  await waitStats(page, (d) => Number(d.imagesSeen) >= 1000 && d.testAccuracy !== '');

  lap('new architecture');
  // Pause: once "paused" shows, nothing more is counted; a Step adds one batch.
  const paused = await pause(page);
  const quiet = await waitQuiet(page);
  assert.equal(quiet.imagesSeen, paused.imagesSeen, 'nothing counted after "paused"');
  assert.equal(quiet.imagesPerSecond, '0');
  await page.click('[data-testid="train-step"]');
  const stepped = await waitStats(page, (d, n) => d.imagesSeen !== n, paused.imagesSeen);
  const after = await waitQuiet(page);
  assert.equal(Number(stepped.imagesSeen) - Number(paused.imagesSeen), 32, 'a Step trains one batch');
  assert.equal(after.imagesSeen, stepped.imagesSeen);
  assert.equal(after.state, 'paused');

  longTasks.push(...await page.evaluate(() => window.__longTasks));
  t.diagnostic(`main-thread tasks over 50 ms during the whole file: ${JSON.stringify(longTasks)}`);

  lap('pause');
  // The control on a phone and on a wide screen.
  await fsp.mkdir(ARTIFACTS, { recursive: true });
  for (const width of [375, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    const control = page.locator(WORKERS);
    await control.scrollIntoViewIfNeeded();
    const b = await control.boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= width, `the control fits in ${width} px`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at ${width} px (${overflow} px)`);
    // The buttons, the Workers control and the stats, as one picture.
    const boxes = [];
    for (const sel of ['.train-controls', '.field.workers', STATS]) boxes.push(await page.locator(sel).boundingBox());
    const top = Math.min(...boxes.map((q) => q.y));
    const bottom = Math.max(...boxes.map((q) => q.y + q.height));
    const scroll = await page.evaluate(() => window.scrollY);
    await page.screenshot({
      path: `${ARTIFACTS}/workers-control-${width}.png`,
      fullPage: true,
      clip: {
        x: Math.max(0, Math.min(...boxes.map((q) => q.x)) - 8),
        y: top + scroll - 8,
        width: Math.min(width, Math.max(...boxes.map((q) => q.x + q.width)) + 8) - Math.max(0, Math.min(...boxes.map((q) => q.x)) - 8),
        height: bottom - top + 16,
      },
    });
  }
  app.assertClean();
});
