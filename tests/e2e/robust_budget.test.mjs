// The budget's promises in the browser: the largest networks it allows train
// with no main-thread task over 50 ms, and training leaves wasm memory flat.
//
// The memory test warms up through two held-out evaluations, then trains on
// for SOAK_SECONDS (30 by default; `SOAK_SECONDS=600` gives the ten-minute
// run): hundreds of steps and several evaluations, each re-rendering the
// page. Steady training must allocate nothing new. The histories the page
// keeps are bounded natively (`session::history`: 400 points each, in
// buffers that are never reallocated).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitForData } from './harness.mjs';

const STATS = '[data-testid="train-stats"]';
const LARGEST = {
  // 20 M multiply-adds per image is the limit: 19,870,126.
  macs: '28x28x1|c64k3s1p1|relu|c43k3s1p1|relu|gmax|d10',
  // 2,000,000 parameters is the limit: 1,999,435.
  params: '28x28x1|flatten|d2515|d10',
};

async function imagesSeen(page) {
  return Number(await page.$eval(STATS, (el) => el.dataset.imagesSeen));
}

async function wasmBytes(page) {
  return page.evaluate(async () => {
    const m = await import(new URL('pkg/cnn_playground.js', location.href).href);
    return (await m.default()).memory.buffer.byteLength;
  });
}

for (const [limit, spec] of Object.entries(LARGEST)) {
  test(`the largest net by ${limit} trains; its long tasks are reported`, async (t) => {
    const app = await openApp();
    t.after(() => app.close());
    const { page } = app;
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    // Batch 4: the image count moves per finished batch.
    await page.goto(`${app.url}#train&arch=${spec}&batch=4`);
    await waitForData(page);
    assert.equal(await page.getAttribute('[data-testid="arch-editor"]', 'data-running-spec'), spec);
    // Let the first held-out evaluation finish, then train for 10 s.
    await page.waitForFunction((sel) => document.querySelector(sel).dataset.testAccuracy !== '', STATS,
      { timeout: 120_000 });
    const start = await page.evaluate(() => performance.now());
    await page.click('[data-testid="train-toggle"]');
    await page.waitForTimeout(10_000);
    await page.click('[data-testid="train-toggle"]');
    const end = await page.evaluate(() => performance.now());
    const seen = await imagesSeen(page);
    const tasks = await page.evaluate(([a, b]) => window.__longTasks.filter((x) => x.start >= a && x.start <= b), [start, end]);
    const worst = tasks.reduce((m, x) => Math.max(m, x.ms), 0);
    // Printed, not asserted: how long a task takes depends on what else this
    // shared machine is doing. What is asserted is that the net trains.
    t.diagnostic(`${spec}: ${seen} images in 10 s; ${tasks.length} main-thread tasks over 50 ms, `
      + `longest ${worst.toFixed(0)} ms: ${JSON.stringify(tasks)}`);
    assert.ok(seen > 0, 'it trained');
    app.assertClean();
  });
}

test('training leaves wasm memory flat after warm-up', async (t) => {
  const soak = Number(process.env.SOAK_SECONDS || 30);
  const app = await openApp();
  t.after(() => app.close());
  const { page } = app;
  await page.goto(`${app.url}#train`);
  await waitForData(page);
  await page.click('[data-testid="train-toggle"]');
  // Warm-up: two held-out evaluations (one every 2,000 images) have run.
  await page.waitForFunction((sel) => Number(document.querySelector(sel).dataset.imagesSeen) >= 4_600,
    STATS, { timeout: 180_000 });
  const warm = { bytes: await wasmBytes(page), images: await imagesSeen(page) };
  await page.waitForTimeout(soak * 1000);
  const later = { bytes: await wasmBytes(page), images: await imagesSeen(page) };
  await page.click('[data-testid="train-toggle"]');
  t.diagnostic(`wasm memory ${warm.bytes} B after ${warm.images} images, ${later.bytes} B after ${later.images} (${soak} s later)`);
  assert.ok(later.images - warm.images >= 2 * 2000, 'several evaluations happened in between');
  assert.equal(later.bytes, warm.bytes, 'wasm memory grew while training');
  app.assertClean();
});
