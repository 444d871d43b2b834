// "Teach it your own digits": draw 7s in a style the model misreads, label
// them (keyboard and touch), remove one, reload (kept in LocalStorage),
// fine-tune, and read the before/after accuracy. Screenshots:
// tests/artifacts/mine-{1920,375}.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, waitForData, ARTIFACTS } from './harness.mjs';
import { drawMouse } from './pad.mjs';


/** A 7 with a crossbar and a stem curling left, leaning left (as tests/mine.rs). */
function seven(k) {
  const j = (v, i) => v + ((k * 7 + i * 13) % 11) - 5;
  const lean = ([x, y]) => [x - 0.35 * (y - 140), y];
  return [
    [[j(60, 1), j(60, 2)], [j(200, 3), j(50, 4)]].map(lean),
    [[200, 50], [j(150, 5), j(160, 6)], [j(120, 7), j(235, 8)], [j(80, 9), j(250, 10)], [j(60, 11), j(225, 12)]].map(lean),
    [[j(110, 13), j(145, 14)], [j(210, 15), j(145, 16)]].map(lean),
  ];
}

async function draw(page, strokes) {
  await page.click('[data-testid="draw-clear"]');
  await drawMouse(page, strokes, 16);
  await page.waitForTimeout(150);
}

const count = async (page) => Number(await page.getByTestId('mine-count').getAttribute('data-value'));

test('add my digits, remove one, keep them, fine-tune: before and after', async (t) => {
  const app = await openApp({ viewport: { width: 1920, height: 1080 } });
  t.after(() => app.close());
  const { page } = app;
  await page.goto(app.url + '#draw');
  await waitForData(page);
  assert.equal(await count(page), 0);
  const draw0 = Date.now();
  for (let k = 0; k < 5; k++) {
    await draw(page, seven(k));
    await page.getByTestId('mine-label').fill('7');
    if (k % 2) await page.getByTestId('mine-add').click();
    else await page.getByTestId('mine-label').press('Enter');
    assert.equal(await count(page), k + 1);
  }
  t.diagnostic(`drawing and adding 5 digits took ${((Date.now() - draw0) / 1000).toFixed(1)} s`);
  // A label that is not a digit is refused with a message.
  await page.getByTestId('mine-label').fill('x');
  await page.getByTestId('mine-add').click();
  assert.equal(await count(page), 5);
  assert.match(await page.locator('.mine-panel [role="alert"]').innerText(), /0 to 9/);
  // Remove one from the gallery.
  await page.locator('.mine-remove').first().click();
  assert.equal(await count(page), 4);
  // Kept across a reload.
  await page.reload();
  await waitForData(page);
  assert.equal(await count(page), 4);
  assert.equal(await page.locator('.mine-item').count(), 4);

  const tune0 = Date.now();
  await page.getByTestId('mine-finetune').click();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="mine-stats"]');
    return el && el.dataset.mineAfter !== undefined && el.dataset.testAfter !== undefined;
  }, null, { timeout: 180_000 });
  const s = await page.getByTestId('mine-stats').evaluate((el) => ({ ...el.dataset }));
  t.diagnostic(`mine ${s.mineBefore} -> ${s.mineAfter}; held-out ${s.testBefore} -> ${s.testAfter}; fine-tuning took ${((Date.now() - tune0) / 1000).toFixed(1)} s`);
  for (const k of ['mineBefore', 'mineAfter', 'testBefore', 'testAfter']) assert.ok(Number(s[k]) >= 0 && Number(s[k]) <= 1, k);
  assert.ok(Number(s.mineAfter) > Number(s.mineBefore), 'accuracy on my digits rises');
  assert.ok(Number(s.testAfter) >= Number(s.testBefore) - 0.05, 'held-out accuracy stays about the same');
  // The fine-tuned model is in use: the pad now reads the style as a 7.
  await draw(page, seven(11));
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('prediction').getAttribute('data-digit'), '7');
  await page.locator('.mine-panel').screenshot({ path: path.join(ARTIFACTS, 'mine-1920.png') });
  app.assertClean();
});

test('phone: a finger adds a digit, the set goes out and back as an IDX pair, the panel fits', async (t) => {
  const app = await openApp({ viewport: { width: 375, height: 800 }, hasTouch: true, acceptDownloads: true });
  t.after(() => app.close());
  const { page } = app;
  await page.goto(app.url + '#draw');
  await waitForData(page);
  await draw(page, seven(3));
  await page.getByTestId('mine-label').fill('7');
  await page.getByTestId('mine-add').tap().catch(() => page.getByTestId('mine-add').click());
  assert.equal(await count(page), 1);

  // The set as an IDX pair: download it, add another digit, load the pair
  // back (one digit again); a damaged pair is refused with the parser's words.
  const files = [];
  page.on('download', (d) => files.push(d));
  await page.getByTestId('mine-download').click();
  for (let i = 0; i < 50 && files.length < 2; i++) await page.waitForTimeout(50);
  const byName = Object.fromEntries(files.map((d) => [d.suggestedFilename(), d]));
  assert.deepEqual(Object.keys(byName).sort(), ['my-digits-images-idx3-ubyte', 'my-digits-labels-idx1-ubyte']);
  const images = fs.readFileSync(await byName['my-digits-images-idx3-ubyte'].path());
  const labels = fs.readFileSync(await byName['my-digits-labels-idx1-ubyte'].path());
  assert.equal(images.length, 16 + 784);
  assert.equal(labels.length, 8 + 1);
  await page.getByTestId('mine-add').click();
  assert.equal(await count(page), 2);
  const upload = page.getByTestId('mine-upload');
  await upload.setInputFiles([
    { name: 'broken-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: images.subarray(0, 30) },
    { name: 'broken-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: labels },
  ]);
  const alert = page.locator('.mine-files [role="alert"]');
  await alert.waitFor();
  const said = await alert.innerText();
  t.diagnostic(`damaged pair: ${said}`);
  assert.match(said, /^Your digits were not replaced: .*images.* is truncated: expected 800 bytes, got 30/);
  assert.equal(await count(page), 2);
  await upload.setInputFiles([
    { name: 'my-digits-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: labels },
    { name: 'my-digits-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: images },
  ]);
  await page.waitForFunction(() => document.querySelector('[data-testid="mine-count"]')?.dataset.value === '1');
  assert.equal(await alert.count(), 0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
  await page.locator('.mine-panel').screenshot({ path: path.join(ARTIFACTS, 'mine-375.png') });
  app.assertClean();
});
