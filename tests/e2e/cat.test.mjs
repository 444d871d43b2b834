// Section 3, "drag the cat": drag with the mouse, with touch and with the
// keyboard, and check what the lecture claims on the live page:
// - the strongest conv response (hot spot) moves by the same offset as the cat;
// - the conv score after the global max pool stays within a few percent;
// - the dense neuron's score drops steeply away from its starting place.
// Screenshots at desktop and phone size go to tests/artifacts/cat-*.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitForData, ARTIFACTS } from './harness.mjs';
import path from 'node:path';

/** Reads every cat hook at once. */
async function readout(page) {
  return page.evaluate(() => {
    const q = (id) => document.querySelector(`[data-testid="${id}"]`);
    const cat = q('cat');
    const hot = q('cat-hotspot');
    return {
      x: Number(cat.dataset.x), y: Number(cat.dataset.y),
      hx: Number(hot.dataset.x), hy: Number(hot.dataset.y),
      conv: Number(q('cat-score-conv').dataset.value),
      dense: Number(q('cat-score-dense').dataset.value),
    };
  });
}

/** CSS pixels per scene pixel, and the page position of scene pixel (sx, sy). */
async function geometry(page) {
  const box = await page.getByTestId('cat-scene').boundingBox();
  const scale = box.width / 128;
  return { scale, at: (sx, sy) => ({ x: box.x + sx * scale, y: box.y + sy * scale }) };
}

/** Checks one position against the start: offset, conv score, dense score. */
function checkMove(start, now, want) {
  assert.equal(now.x, want.x, `cat x after the drag (wanted ${want.x})`);
  assert.equal(now.y, want.y, `cat y after the drag (wanted ${want.y})`);
  const [dx, dy] = [now.x - start.x, now.y - start.y];
  // Stride 1: the hot spot moves exactly with the cat (1 px of slack).
  assert.ok(Math.abs(now.hx - start.hx - dx) <= 1, `hot spot x moved ${now.hx - start.hx}, cat moved ${dx}`);
  assert.ok(Math.abs(now.hy - start.hy - dy) <= 1, `hot spot y moved ${now.hy - start.hy}, cat moved ${dy}`);
  assert.ok(Math.abs(now.conv - start.conv) <= 0.03 * start.conv,
    `conv score ${now.conv} vs ${start.conv} at the start`);
  if (Math.hypot(dx, dy) >= 8) {
    assert.ok(now.dense < 0.35 * start.dense, `dense score ${now.dense} should collapse (start ${start.dense})`);
  }
}

const TARGETS = [[64, 52], [90, 10], [4, 96], [40, 30]];

test('drag the cat with the mouse: hot spot follows, conv score holds, dense collapses', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  const { page } = app;
  await page.goto(app.url);
  await waitForData(page);
  await page.locator('#cat').scrollIntoViewIfNeeded();
  const start = await readout(page);
  assert.equal(start.dense, 1, 'the dense neuron was fitted to the start scene');
  assert.ok(start.conv > 0.9, `conv score at the start ${start.conv}`);
  for (const [tx, ty] of TARGETS) {
    await page.getByTestId('cat-scene').scrollIntoViewIfNeeded();
    const cur = await readout(page);
    const g = await geometry(page);
    // Grab the cat 5 px inside its top-left corner and move that point.
    const from = g.at(cur.x + 5.5, cur.y + 5.5);
    const to = g.at(tx + 5.5, ty + 5.5);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.mouse.up();
    checkMove(start, await readout(page), { x: tx, y: ty });
  }
  // The chart recorded the drag.
  const label = await page.getByTestId('cat-chart').getAttribute('aria-label');
  assert.match(label, /^\d+ positions recorded/);
  assert.ok(Number(label.split(' ')[0]) > TARGETS.length);
  await page.locator('#cat').screenshot({ path: path.join(ARTIFACTS, 'cat-desktop.png') });
  app.assertClean();
});

test('drag the cat by touch, and move it with the arrow keys', async (t) => {
  const app = await openApp({ viewport: { width: 375, height: 812 } });
  t.after(() => app.close());
  const { page } = app;
  await page.goto(app.url);
  await waitForData(page);
  await page.locator('#cat').scrollIntoViewIfNeeded();
  const start = await readout(page);
  await page.evaluate(() => {
    window.__types = new Set();
    document.addEventListener('pointerdown', (e) => window.__types.add(e.pointerType), true);
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  const touch = (type, p) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: p ? [{ x: p.x, y: p.y, id: 1 }] : [],
  });
  for (const [tx, ty] of TARGETS.slice(0, 3)) {
    await page.getByTestId('cat-scene').scrollIntoViewIfNeeded();
    const cur = await readout(page);
    const g = await geometry(page);
    const from = g.at(cur.x + 8.5, cur.y + 8.5);
    const to = g.at(tx + 8.5, ty + 8.5);
    await touch('touchStart', from);
    for (let i = 1; i <= 10; i++) {
      await touch('touchMove', { x: from.x + (to.x - from.x) * i / 10, y: from.y + (to.y - from.y) * i / 10 });
    }
    await touch('touchEnd');
    const now = await readout(page);
    // On a phone one CSS pixel is more than a third of a scene pixel: allow 1 px of rounding.
    assert.ok(Math.abs(now.x - tx) <= 1 && Math.abs(now.y - ty) <= 1, `touch drag to ${tx},${ty} gave ${now.x},${now.y}`);
    checkMove(start, now, { x: now.x, y: now.y });
  }
  // The drags really came in as touch pointers.
  assert.deepEqual(await page.evaluate(() => [...window.__types]), ['touch']);
  // Keyboard: three steps right, one step of 8 down.
  const before = await readout(page);
  await page.getByTestId('cat').first().focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  const after = await readout(page);
  const want = { x: Math.min(before.x + 3, 104), y: Math.min(before.y + 8, 104) };
  checkMove(start, after, want);
  await page.locator('#cat').screenshot({ path: path.join(ARTIFACTS, 'cat-phone.png') });
  app.assertClean();
});

test('add and remove cats; send the scene to the feature maps', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  const { page } = app;
  await page.goto(app.url);
  await waitForData(page);
  await page.locator('#cat').scrollIntoViewIfNeeded();
  const start = await readout(page);
  await page.getByRole('button', { name: 'Add a cat' }).click();
  await page.getByRole('button', { name: 'Add a cat' }).click();
  assert.equal(await page.getByTestId('cat').count(), 3);
  // More cats: the pooled score is still the score of one cat.
  const three = await readout(page);
  assert.ok(Math.abs(three.conv - start.conv) <= 0.03 * start.conv, `conv with three cats ${three.conv}`);
  await page.getByRole('button', { name: 'Remove selected cat' }).click();
  assert.equal(await page.getByTestId('cat').count(), 2);
  await page.getByTestId('cat-send').click();
  // The feature-map view (another panel, in the training section) now has
  // the 128x128 scene as its input, and the page has moved to it.
  await page.waitForFunction(() => {
    const sec = document.getElementById('train');
    const r = sec.getBoundingClientRect();
    return r.top < innerHeight && r.bottom > 0 && /scene|16,?384|128/i.test(sec.textContent);
  }, null, { timeout: 10_000 });
  app.assertClean();
});
