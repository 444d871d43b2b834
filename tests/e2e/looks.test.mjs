// What the network looks at: draw a 7, send it to the feature maps, and read
// the occlusion map's peak (on the ink, computed in short slices, for the
// class the pad reads); then find the held-out digits that excite one
// channel most (nine, highest first, each beside the channel's map).
// Screenshots: tests/artifacts/looks-{1920,375,present}.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, waitForData, ARTIFACTS } from './harness.mjs';
import { drawMouse as draw } from './pad.mjs';

const SEVEN = [[[80, 50], [200, 50], [115, 240]]];

const occlusion = (page) => page.getByTestId('occlusion').evaluate((el) => ({ ...el.dataset }));

/** The 28x28 input the feature maps show, as the brightness of each pixel (0..255). */
const inputPixels = (page) => page.locator('[data-testid="rf-input"] canvas').evaluate((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  return { w: c.width, px: Array.from({ length: c.width * c.height }, (_, i) => d[i * 4]) };
});

test('occlusion peak on a drawn digit, and the digits that excite a channel', async (t) => {
  const app = await openApp({ viewport: { width: 1920, height: 1080 } });
  t.after(() => app.close());
  const { page } = app;
  await page.goto(app.url + '#draw');
  await waitForData(page);

  await draw(page, SEVEN);
  await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]')?.dataset.digit === '7');
  await page.getByTestId('draw-to-maps').click();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="occlusion"]');
    return el && el.dataset.peakX !== undefined && /your drawing/.test(el.getAttribute('aria-label'));
  }, null, { timeout: 30_000 });
  const o = await occlusion(page);
  t.diagnostic(`occlusion: class ${o.class}, peak (${o.peakX}, ${o.peakY}); ${o.slices} slices, ${o.slowSlices} over 50 ms, longest ${o.worstMs} ms`);
  assert.equal(o.class, '7', 'the class the pad reads');
  const [x, y] = [Number(o.peakX), Number(o.peakY)];
  assert.ok(x >= 0 && x < 28 && y >= 0 && y < 28);
  // Slices are planned as 8 ms; on a machine shared with other work the OS
  // can pause the browser inside one now and then, so rare outliers pass.
  // How many slices the map takes depends on the machine (a quiet one needs
  // two), so the test asserts that they are short, not how many there are:
  // one outlier among three or more, none among fewer (so one long task that
  // did it all fails).
  const [slices, slow] = [Number(o.slices), Number(o.slowSlices)];
  assert.ok(slices >= 1, `computed in ${slices} slices`);
  assert.ok(slow <= (slices >= 3 ? 1 : 0), `slices stay short: ${slow} of ${slices} over 50 ms`);
  // The peak is on the ink or next to it (the input is light ink on dark).
  const { w, px } = await inputPixels(page);
  assert.equal(w, 28);
  let ink = 0;
  for (let yy = Math.max(0, y - 2); yy <= Math.min(27, y + 2); yy++) {
    for (let xx = Math.max(0, x - 2); xx <= Math.min(27, x + 2); xx++) ink = Math.max(ink, px[yy * 28 + xx]);
  }
  assert.ok(ink > 80, `ink near the peak (${ink})`);
  const box = page.locator('.fm-extra');
  await box.scrollIntoViewIfNeeded();

  // The top images of one channel of relu4 (any layer and channel work alike).
  const layer = page.locator('#top-layer');
  const relu4 = await layer.evaluate((s) => [...s.options].find((o) => o.text.startsWith('relu4')).value);
  await layer.selectOption(relu4);
  await page.locator('#top-channel').selectOption('5');
  await page.getByTestId('top-images-find').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="top-images"]')?.dataset.layer !== undefined,
    null, { timeout: 60_000 });
  const top = page.getByTestId('top-images');
  assert.equal(await top.getAttribute('data-layer'), 'relu4');
  assert.equal(await top.getAttribute('data-channel'), '5');
  const items = await top.locator('[data-index]').evaluateAll((els) => els.map((e) => ({
    index: Number(e.dataset.index), value: Number(e.dataset.value), canvases: e.querySelectorAll('canvas').length,
  })));
  t.diagnostic(`relu4 channel 5: ${JSON.stringify(items.map((i) => [i.index, i.value]))}`);
  assert.equal(items.length, 9);
  const test = Number(await page.getByTestId('data-status').first().getAttribute('data-test-count'));
  assert.equal(new Set(items.map((i) => i.index)).size, 9);
  for (const [k, it] of items.entries()) {
    assert.ok(Number.isInteger(it.index) && it.index >= 0 && it.index < test, `index ${it.index}`);
    assert.equal(it.canvases, 2, 'the digit beside the channel map');
    if (k) assert.ok(it.value <= items[k - 1].value, 'highest first');
  }
  assert.ok(items[8].value > 0, 'a ReLU channel that fires');
  await box.screenshot({ path: path.join(ARTIFACTS, 'looks-1920.png') });

  await page.setViewportSize({ width: 375, height: 800 });
  await box.scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow} px)`);
  await box.screenshot({ path: path.join(ARTIFACTS, 'looks-375.png') });

  // Presenting mode: a held-out digit after the reload, the map again.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(app.url + '#train&present=1');
  await page.reload();
  await waitForData(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="occlusion"]')?.dataset.peakX !== undefined,
    null, { timeout: 30_000 });
  assert.ok(await page.evaluate(() => document.body.classList.contains('present')));
  await page.locator('.fm-extra').scrollIntoViewIfNeeded();
  await page.locator('.fm-extra').screenshot({ path: path.join(ARTIFACTS, 'looks-present.png') });
  app.assertClean();
});
