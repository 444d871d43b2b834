// Ten minutes of training leave wasm memory flat, in the page and in the
// training worker (issue: "Memory stays flat").
//
// The page opens at Train with the default network and trains to 4,600
// images to warm up (held-out evaluations at every 500 up to there), then
// trains on for SOAK_SECONDS (600 by default: ten minutes): tens of thousands of steps
// and many evaluations, each re-rendering the page. Steady training must
// allocate nothing new in either wasm instance. The histories the page keeps
// are bounded natively (`session::history`: 400 points each, in buffers that
// are never reallocated).
//
// `make test` starts this file first, in the background, so its ten minutes
// overlap the native and wasm tests, which measure no time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitForData } from './harness.mjs';

const STATS = '[data-testid="train-stats"]';

async function imagesSeen(page) {
  return Number(await page.$eval(STATS, (el) => el.dataset.imagesSeen));
}

/** The wasm memory of the page's instance and of the training worker's. */
async function wasmBytes(page) {
  const glue = await page.evaluate(() => new URL('pkg/cnn_playground.js', location.href).href);
  const inPage = await page.evaluate(async (url) => (await (await import(url)).default()).memory.buffer.byteLength, glue);
  const worker = page.workers().find((w) => w.url().endsWith('/train-worker.js'));
  assert.ok(worker, 'training runs in the training worker');
  // Importing the glue the worker already runs returns its live instance; a
  // second fetch of the .wasm would mean a fresh instance was measured.
  const inWorker = await worker.evaluate(async (url) => {
    const fetched = () => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length;
    const before = fetched();
    const bytes = (await (await import(url)).default()).memory.buffer.byteLength;
    return { bytes, fetched: before, fetchedAfter: fetched() };
  }, glue);
  assert.equal(inWorker.fetched, 1, 'the worker fetched its wasm once');
  assert.equal(inWorker.fetchedAfter, 1, 'measuring the worker did not start a second instance');
  return { page: inPage, worker: inWorker.bytes };
}

test('training leaves wasm memory flat after warm-up, in the page and in the worker', async (t) => {
  const soak = Number(process.env.SOAK_SECONDS || 600);
  const app = await openApp();
  t.after(() => app.close());
  const { page } = app;
  await page.goto(`${app.url}#train`);
  // `make test` runs this file in the idle scheduling class beside the compilers, so
  // its start-up may wait for the CPU: it measures no time.
  await waitForData(page, 300_000);
  await page.click('[data-testid="train-toggle"]');
  await page.waitForFunction((sel) => Number(document.querySelector(sel).dataset.imagesSeen) >= 4_600,
    STATS, { timeout: 300_000 });
  const warm = { bytes: await wasmBytes(page), images: await imagesSeen(page) };
  const started = Date.now();
  while (Date.now() - started < soak * 1000) {
    await page.waitForTimeout(Math.min(30_000, soak * 1000 - (Date.now() - started)));
    // Still training: nothing paused it or made it diverge.
    assert.equal(await page.$eval(STATS, (el) => el.dataset.state), 'training');
  }
  const later = { bytes: await wasmBytes(page), images: await imagesSeen(page) };
  await page.click('[data-testid="train-toggle"]');
  t.diagnostic(`wasm memory after ${warm.images} images: page ${warm.bytes.page} B, worker ${warm.bytes.worker} B; `
    + `after ${later.images} (${soak} s later): page ${later.bytes.page} B, worker ${later.bytes.worker} B`);
  assert.ok(later.images - warm.images >= 2 * 2000, 'several evaluations happened in between');
  assert.deepEqual(later.bytes, warm.bytes, 'wasm memory grew while training');
  app.assertClean();
});
