// Two builds of the wasm core with one glue script: relaxed SIMD (fused
// multiply-add) where the browser validates it, else simd128. This Chromium
// has relaxed SIMD, so every other browser test runs that build (workers and
// lesson tests check it is the one fetched); here a browser without it is
// made by refusing the relaxed-SIMD probe, and the simd128 build must load,
// name itself, and train in workers that load the same build.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitForData } from './harness.mjs';

const STATS = '[data-testid="train-stats"]';
const stats = (page) => page.$eval(STATS, (el) => ({ ...el.dataset }));

test('a browser without relaxed SIMD runs the simd128 build, in the page and its workers', async (t) => {
  const app = await openApp({ serviceWorkers: 'block' });
  t.after(() => app.close());
  const { page, context } = app;
  const wasm = new Set();
  context.on('request', (req) => { if (req.url().includes('.wasm')) wasm.add(new URL(req.url()).pathname); });
  // f32x4.relaxed_madd is 0xfd 0x85 0x02: a module holding it does not validate.
  await page.addInitScript(() => {
    const validate = WebAssembly.validate;
    WebAssembly.validate = (bytes) => {
      const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
      for (let i = 0; i + 2 < b.length; i += 1) {
        if (b[i] === 0xfd && b[i + 1] === 0x85 && b[i + 2] === 0x02) return false;
      }
      return validate.call(WebAssembly, bytes);
    };
  });
  await page.goto(app.url + '#train');
  await waitForData(page);
  assert.deepEqual(await page.evaluate(() => ({ ...globalThis.cnnBuild })),
    { name: 'simd128', glue: 'pkg/cnn_playground.js', wasm: 'pkg/cnn_playground_bg.wasm' });
  assert.equal((await stats(page)).wasmBuild, 'simd128');
  assert.match(await page.getByTestId('wasm-build').innerText(), /no fused multiply-add/);
  // Training runs in workers on the same build.
  await page.click('[data-testid="train-toggle"]');
  await page.waitForFunction((sel) => Number(document.querySelector(sel).dataset.imagesSeen) >= 640, STATS, { timeout: 60_000 });
  await page.click('[data-testid="train-toggle"]');
  assert.ok(page.workers().length >= 1, 'training ran in a worker');
  assert.deepEqual([...wasm], ['/pkg/cnn_playground_bg.wasm']);
  app.assertClean();
});
