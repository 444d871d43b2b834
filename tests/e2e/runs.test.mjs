// Compare runs: train a few batches at one rate, reset, train at another
// rate; both runs are on the chart, labelled by their settings; one can be
// hidden, and past runs cleared. Nine steps of 32 images give each run two
// points (the history records one every 256 images). Screenshots: tests/artifacts/runs-{1920,375}.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, waitForData, ARTIFACTS } from './harness.mjs';

const count = async (page) => Number(await page.getByTestId('train-runs').getAttribute('data-count'));
const chartText = (page) => page.getByTestId('train-runs-chart').getAttribute('aria-label');

/** `n` single-batch steps, each waiting for the images-seen count to move. */
async function steps(page, n) {
  for (let i = 0; i < n; i++) {
    const before = await page.getByTestId('train-stats').getAttribute('data-images-seen');
    await page.getByTestId('train-step').click();
    await page.waitForFunction((b) => document.querySelector('[data-testid="train-stats"]')?.dataset.imagesSeen !== b, before);
  }
}

test('two runs at two rates, labelled, hidden, cleared', async (t) => {
  const app = await openApp({ viewport: { width: 1920, height: 1080 } });
  t.after(() => app.close());
  const { page } = app;
  await page.goto(app.url + '#train');
  await waitForData(page);
  const runs = page.getByTestId('train-runs');
  assert.equal(await count(page), 0);

  await page.getByTestId('train-reset').click();
  await steps(page, 9);
  assert.equal(await count(page), 1);
  assert.match(await chartText(page), /Run 1: conv 8-8-16-32, dense 10; Adam, rate 0\.003, batch 32/);

  // Another rate: the settings change first, then new weights start run 2.
  await page.fill('[data-testid="train-lr"]', '0.03');
  await page.press('[data-testid="train-lr"]', 'Tab');
  await page.getByTestId('train-reset').click();
  assert.equal(await count(page), 1, 'run 1 kept, run 2 not started');
  await steps(page, 9);
  assert.equal(await count(page), 2);
  const text = await chartText(page);
  t.diagnostic(text);
  assert.match(text, /Run 1: [^.]*rate 0\.003/);
  assert.match(text, /Run 2: [^.]*rate 0\.03, batch 32 \(288 images/);
  await runs.scrollIntoViewIfNeeded();
  await runs.screenshot({ path: path.join(ARTIFACTS, 'runs-1920.png') });

  // Hide run 1: the chart keeps only run 2; show it again.
  const box = runs.locator('li[data-run="1"] input[type="checkbox"]');
  await box.uncheck();
  assert.doesNotMatch(await chartText(page), /Run 1/);
  await box.check();
  assert.match(await chartText(page), /Run 1/);

  await page.setViewportSize({ width: 375, height: 800 });
  await runs.scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow} px)`);
  await runs.screenshot({ path: path.join(ARTIFACTS, 'runs-375.png') });

  await page.getByTestId('train-runs-clear').click();
  assert.equal(await count(page), 1);
  assert.doesNotMatch(await chartText(page), /Run 1/);
  app.assertClean();
});
