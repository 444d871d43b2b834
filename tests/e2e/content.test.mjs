// Sentences that quote a number or a setting, read on the running page:
// the Train section says where the model came from (and its held-out
// accuracy from counts), Reset changes that sentence, "Reached 95%" names
// its run, and the receptive-field table gives flatten its field and lists
// the dense layer. Screenshots at 375 and 1920 px go to tests/artifacts/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, waitForData, ARTIFACTS } from './harness.mjs';

const ORIGIN = '[data-testid="model-origin"]';

for (const width of [1920, 375]) {
  test(`the Train section says where its model came from (${width} px)`, async (t) => {
    const app = await openApp({ viewport: { width, height: 1000 } });
    t.after(() => app.close());
    const { page } = app;
    await page.goto(`${app.url}#train`);
    await waitForData(page);
    // The loaded model's first held-out check is quoted with its counts.
    await page.waitForFunction((sel) => /read [\d,]+ of them right/.test(document.querySelector(sel)?.textContent || ''), ORIGIN, { timeout: 60_000 });
    const text = await page.locator(ORIGIN).innerText();
    assert.match(text, /pretrained at build time by the train-default program on the bundled MNIST training split/);
    assert.match(text, /Reset starts again from random weights/);
    assert.doesNotMatch(text, /starts from random weights;/);
    const m = text.match(/this page's ([\d,]+) held-out digits as it loaded, it read ([\d,]+) of them right \((\d+\.\d)%\)/);
    assert.ok(m, text);
    const [total, right] = [Number(m[1].replace(/,/g, '')), Number(m[2].replace(/,/g, ''))];
    // Percent from the counts, rounded half up: the same figure as the big number.
    const pct = (Math.floor((right * 2000 + total) / (2 * total)) / 10).toFixed(1);
    assert.equal(m[3], pct);
    const big = await page.locator('[data-testid="train-stats"] .big-number').innerText();
    assert.equal(big, `${pct}%`);
    assert.match(await page.getByTestId('time-to-95').innerText(), /this run/);
    await page.locator('#train').screenshot({ path: path.join(ARTIFACTS, `content-train-${width}.png`) });

    // Reset: the sentence follows the weights.
    await page.getByTestId('train-reset').click();
    await page.waitForFunction((sel) => /started from random weights/.test(document.querySelector(sel)?.textContent || ''), ORIGIN);
    assert.equal(await page.getAttribute(ORIGIN, 'data-loaded'), 'false');

    // Receptive fields: flatten keeps pool2's 16x16, only dense sees everything.
    const rows = await page.$$eval('[data-testid="rf-table"] tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    const byName = Object.fromEntries(rows.map((r) => [r[0], r]));
    assert.equal(byName.pool2[2], '16x16 px');
    assert.equal(byName.flatten[2], '16x16 px each');
    assert.equal(byName.dense1[2], 'whole image');
    await page.locator('#pooling [data-testid="rf-table"]').first().screenshot({ path: path.join(ARTIFACTS, `content-rf-${width}.png`) });
    app.assertClean();
  });
}

test('section words: weight sharing names input channels; Train promises only what it shows; cat limits name their background', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  const { page } = app;
  await page.goto(app.url);
  await waitForData(page);
  const filters = await page.locator('#filters').innerText();
  assert.match(filters, /depends on the filter size, the number of input channels and the number of filters, never on the size of the image/);
  const train = await page.locator('#train').innerText();
  assert.doesNotMatch(train, /noise into stroke detectors/);
  assert.doesNotMatch(train, /From random noise, training turns them/);
  assert.match(train, /change only subtly/);
  await page.getByTestId('cat-limits').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('cat-limits').innerText(), /on a flat background \(not the textured scene above/);
  app.assertClean();
});
