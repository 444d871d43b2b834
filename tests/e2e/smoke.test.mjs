// Smoke test of the built site (www/): it loads, the wasm starts, the MNIST
// data arrives and is counted on the page, and nothing fails along the way.
// A damaged data file is explained on the page, naming the file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { openApp, screenshot, waitForData, expectedCounts } from './harness.mjs';

test('page loads, wasm starts, data loads, no errors', async (t) => {
  const app = await openApp();
  t.after(() => app.close());

  const wasm = app.page.waitForResponse((r) => r.url().endsWith('.wasm'));
  await app.page.goto(app.url);
  assert.equal((await wasm).status(), 200);
  assert.match(await app.page.title(), /CNN Playground/);

  // The app replaced the host page's loading line: the wasm start function ran.
  await app.page.waitForFunction(() => !document.querySelector('#app > p[role="status"]'));

  const counts = await waitForData(app.page);
  assert.deepEqual(counts, expectedCounts());

  const shot = await screenshot(app.page, 'smoke');
  t.diagnostic(`data: ${counts.train} train, ${counts.test} test; screenshot ${shot}`);
  app.assertClean();
});

test('a truncated data file is explained on the page, naming the file', async (t) => {
  if (expectedCounts().train !== 8000) {
    t.skip('full MNIST is installed; this test damages the bundled split');
    return;
  }
  // The app's service worker would fetch past page.route, so keep it out.
  const app = await openApp({ serviceWorkers: 'block' });
  t.after(() => app.close());
  const victim = 'subset-test-labels-idx1-ubyte';
  // Serve the real file cut short: 1,000 of its bytes (gzipped again, as the
  // site ships it, so the IDX reader, not gzip, finds the damage).
  await app.page.route(`**/static/data/${victim}.gz`, async (route) => {
    const real = await route.fetch();
    const body = zlib.gzipSync(zlib.gunzipSync(await real.body()).subarray(0, 1000));
    await route.fulfill({ status: 200, body, contentType: 'application/gzip' });
  });
  await app.page.goto(app.url);
  const message = app.page.getByText(new RegExp(`${victim}\\.gz.*truncated`)).first();
  await message.waitFor({ timeout: 60_000 });
  const text = await message.innerText();
  assert.match(text, /expected 2008 bytes, got 1000/);
  await screenshot(app.page, 'smoke-truncated-data');
  assert.deepEqual(app.errors.filter((e) => e.startsWith('uncaught')), [], 'no panic');
});
