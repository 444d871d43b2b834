// The dense-vs-conv calculator: typed values give the exact counts (the
// lecture's 1000x1000x3 photo: dense 300,000,100, conv 2,800), presets work,
// bad values are refused with a message, huge images are exact and quick,
// and the layer-by-layer table adds up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshot } from './harness.mjs';

const DENSE = '[data-testid="calc-dense-params"]';
const CONV = '[data-testid="calc-conv-params"]';

async function type(page, id, value) {
  await page.fill(`[data-testid="calc-${id}"]`, String(value));
  // Yew renders after the input event, in a later task: let two frames pass
  // so the assertions read the updated page even on a busy machine.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
}

async function setAll(page, v) {
  for (const [id, value] of Object.entries(v)) await type(page, id, value);
}

async function values(page) {
  return {
    dense: await page.getAttribute(DENSE, 'data-value'),
    conv: await page.getAttribute(CONV, 'data-value'),
  };
}

const LECTURE = { width: 1000, height: 1000, channels: 3, neurons: 100, kernel: 3, filters: 100 };

async function open(t, viewport) {
  const app = await openApp({ viewport });
  t.after(() => app.close());
  await app.page.goto(`${app.url}#why`);
  await app.page.waitForSelector(DENSE);
  return app;
}

test('typed values: the lecture photo, gray, MNIST preset', async (t) => {
  const app = await open(t, { width: 1280, height: 900 });
  const { page } = app;
  await setAll(page, { ...LECTURE, width: 28, height: 28 });
  await setAll(page, LECTURE);
  assert.deepEqual(await values(page), { dense: '300000100', conv: '2800' });
  const denseCard = page.locator('.calc-card').filter({ has: page.locator(DENSE) });
  assert.match(await denseCard.innerText(), /1000 x 1000 x 3 x 100 \+ 100 = 300,000,100/);
  assert.match(await denseCard.innerText(), /1.2 GB/);
  const convCard = page.locator('.calc-card').filter({ has: page.locator(CONV) });
  assert.match(await convCard.innerText(), /3 x 3 x 3 x 100 \+ 100 = 2,800/);
  assert.match(await page.locator('[data-testid="calc-ratio"]').innerText(), /107,143x/);
  await screenshot(page, 'calc-desktop');

  // Gray: the lecture's 10^8 (plus 100 biases). Conv: 3x3x1x100 + 100.
  await type(page, 'channels', 1);
  assert.deepEqual(await values(page), { dense: '100000100', conv: '1000' });

  // Doubling the width doubles the dense count and leaves the conv count alone.
  await type(page, 'width', 2000);
  assert.deepEqual(await values(page), { dense: '200000100', conv: '1000' });

  await page.click('[data-testid="calc-preset-0"]');
  assert.deepEqual(await values(page), { dense: '78500', conv: '208' });
  assert.equal(await page.getAttribute('[data-testid="calc-preset-0"]', 'aria-pressed'), 'true');
  await page.click('[data-testid="calc-preset-2"]');
  assert.deepEqual(await values(page), { dense: '3600000100', conv: '2800' });
  app.assertClean();
});

test('huge images are exact and do not freeze the page', async (t) => {
  const app = await open(t, { width: 1280, height: 900 });
  const { page } = app;
  await setAll(page, LECTURE);
  const t0 = Date.now();
  await type(page, 'width', 100000);
  await type(page, 'height', 100000);
  const took = Date.now() - t0;
  // 100,000 x 100,000 x 3 x 100 + 100, beyond f64's exact integers as a string.
  assert.deepEqual(await values(page), { dense: '3000000000100', conv: '2800' });
  assert.match(await page.locator(DENSE).innerText(), /3,000,000,000,100/);
  // The largest accepted: a million by a million, a million neurons.
  await setAll(page, { width: 1000000, height: 1000000, neurons: 1000000 });
  assert.equal((await values(page)).dense, '3000000000001000000');
  t.diagnostic(`two edits of a 10^10-pixel image took ${took} ms`);
  assert.ok(took < 3000, `editing took ${took} ms`);
  await screenshot(page, 'calc-huge');
  app.assertClean();
});

test('bad values get a message, never a count', async (t) => {
  const app = await open(t, { width: 375, height: 812 });
  const { page } = app;
  await setAll(page, LECTURE);
  const cases = [
    ['channels', 2, /1 \(gray\) or 3/],
    ['width', -5, /negative/],
    ['kernel', 2.5, /whole number/],
    ['filters', '', /enter a whole number/],
    ['width', 2000000, /1,000,000/],
    ['kernel', 99, /1 to 15/],
  ];
  for (const [id, bad, message] of cases) {
    await type(page, id, bad);
    const input = page.locator(`[data-testid="calc-${id}"]`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${id}=${bad} is marked invalid`);
    assert.match(await page.locator(`[data-testid="calc-${id}-error"]`).innerText(), message);
    assert.deepEqual(await values(page), { dense: '', conv: '' }, `${id}=${bad} shows no count`);
    await type(page, id, LECTURE[id]);
    assert.equal(await input.getAttribute('aria-invalid'), 'false');
  }
  assert.deepEqual(await values(page), { dense: '300000100', conv: '2800' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page overflows the 375 px viewport by ${overflow} px`);
  await page.locator('[data-testid="calc"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'calc-phone');
  app.assertClean();
});

test('this network, layer by layer: rows add up to the totals', async (t) => {
  const app = await open(t, { width: 1280, height: 900 });
  const { page } = app;
  const table = page.locator('[data-testid="calc-layers"]');
  await table.waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    layer: tr.dataset.layer, params: tr.dataset.params, dense: tr.dataset.denseParams,
  })));
  assert.ok(rows.some((r) => r.layer.startsWith('conv')), 'the default network has conv layers');
  const sum = (k) => rows.reduce((a, r) => a + BigInt(r[k] || 0), 0n);
  assert.equal(String(sum('params')), await table.getAttribute('data-total-params'));
  assert.equal(String(sum('dense')), await table.getAttribute('data-total-dense'));
  // conv1 of an MNIST network: a dense layer from 784 pixels to its whole output map.
  const conv1 = rows.find((r) => r.layer === 'conv1');
  const shape = await table.locator('tr[data-layer="conv1"] td').nth(1).innerText();
  const outLen = shape.split('x').map(Number).reduce((a, b) => a * b, 1);
  assert.equal(conv1.dense, String(784 * outLen + outLen));
  assert.ok(BigInt(conv1.dense) > BigInt(conv1.params) * 100n);
  t.diagnostic(`network: ${await table.getAttribute('data-total-params')} params; all-dense: ${await table.getAttribute('data-total-dense')}`);
  app.assertClean();
});
