// Section 3, "learned, not drawn": train the cat nets in the page, drag the
// cat into the half no training cat was in, retrain with another pooling and
// compare. Checks what the lecture claims on the live page:
// - the conv net with global max pooling scores >= 90% on unseen positions,
//   within a few points of the seen ones; the dense net falls to about chance;
// - dragged into the unseen half, the cat is still found by the conv net (and
//   where it fires follows the cat), and not by the dense net;
// - training is sliced: long tasks are rare while it runs.
// Screenshots: tests/artifacts/cat-learn-{1920,375,present}.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, waitForData, ARTIFACTS } from './harness.mjs';

const stats = (page) => page.getByTestId('cat-learn-stats').evaluate((el) => ({ ...el.dataset }));
const fire = (page) => page.locator('.learn-fire').evaluate((el) => ({
  x: Number(el.dataset.x), unseen: el.dataset.unseen === 'true', conv: Number(el.dataset.conv),
  dense: Number(el.dataset.dense), peakX: Number(el.dataset.peakX),
}));

async function train(page, pooling) {
  await page.getByTestId('cat-learn-pooling').selectOption(pooling);
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('cat-learn-train').click();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="cat-learn-stats"]');
    return el && el.dataset.state === 'done' && el.dataset.convUnseen !== undefined
      && !document.querySelector('[data-testid="cat-learn-train"]').disabled;
  }, null, { timeout: 240_000 });
  const t1 = await page.evaluate(() => performance.now());
  return { t0, t1, s: await stats(page) };
}

async function openLearn(viewport) {
  const app = await openApp({ viewport });
  await app.page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await app.page.goto(app.url + '#cat');
  await waitForData(app.page);
  await app.page.getByTestId('cat-learn-train').scrollIntoViewIfNeeded();
  return app;
}

test('train the cat nets, drag into the unseen half, compare poolings', async (t) => {
  const app = await openLearn({ width: 1920, height: 1080 });
  t.after(() => app.close());
  const { page } = app;
  assert.equal((await stats(page)).state, 'idle');
  const values = await page.getByTestId('cat-learn-pooling').evaluate((s) => [...s.options].map((o) => o.value));
  assert.deepEqual(values, ['flatten', 'max2', 'avg2', 'gmax']);

  const { t0, t1, s } = await train(page, 'gmax');
  const [cs, cu, ds, du] = [s.convSeen, s.convUnseen, s.denseSeen, s.denseUnseen].map(Number);
  t.diagnostic(`gmax: conv seen ${cs} unseen ${cu}; dense seen ${ds} unseen ${du}; ${((t1 - t0) / 1000).toFixed(1)} s in the page`);
  for (const v of [cs, cu, ds, du]) assert.ok(v >= 0 && v <= 1);
  assert.ok(cu >= 0.9, `conv unseen ${cu}`);
  assert.ok(Math.abs(cs - cu) <= 0.05, `conv seen ${cs} vs unseen ${cu}`);
  assert.ok(du <= 0.65, `dense unseen ${du} should be near chance`);
  assert.ok(ds > du + 0.1, `dense seen ${ds} vs unseen ${du}`);

  const tasks = await page.evaluate(([a, b]) => window.__longTasks.filter((x) => x.start >= a && x.start <= b), [t0, t1]);
  const longMs = tasks.reduce((sum, x) => sum + x.ms, 0);
  const worst = Math.max(0, ...tasks.map((x) => x.ms));
  const sl = await page.locator('.learn-panel').evaluate((el) => ({ ...el.dataset }));
  t.diagnostic(`training slices: ${sl.slices}, over 50 ms: ${sl.slowSlices}, longest ${sl.maxSliceMs} ms`);
  t.diagnostic(`long tasks while training: ${tasks.length}, worst ${worst.toFixed(0)} ms, ${(100 * longMs / (t1 - t0)).toFixed(1)}% of the time`);
  // Our own slices (timed in the page) are short. Long tasks as the browser
  // sees them also count preemption: on a shared 2-core machine under load
  // they were 13-29% of the training time, so they are only bounded loosely.
  assert.ok(Number(sl.slowSlices) <= 0.05 * Number(sl.slices), 'slices over 50 ms are rare');
  assert.ok(longMs <= 0.4 * (t1 - t0), 'long tasks do not dominate training');
  assert.ok(worst < 1500, `worst long task ${worst} ms`);

  // The learned filters are shown next to the templates, with computed words.
  const said = await page.locator('.learn-said').innerText();
  assert.match(said, /Of the \d+ learned filters/);
  assert.ok(await page.locator('.learn-filter').count() >= 6 + 3);

  // Drag the cat with the mouse from the left half into the right half.
  const handle = page.locator('.learn-handle');
  await handle.scrollIntoViewIfNeeded();
  const before = await fire(page);
  assert.equal(before.unseen, false);
  assert.ok(before.conv >= 0.5 && before.dense >= 0.5, `both find the cat where training cats were: ${JSON.stringify(before)}`);
  const box = await handle.boundingBox();
  const frame = await page.locator('.learn-frame').first().boundingBox();
  const perPx = frame.width / 40;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 20 * perPx, box.y + box.height / 2, { steps: 10 });
  await page.mouse.up();
  const after = await fire(page);
  t.diagnostic(`after the drag: ${JSON.stringify(after)}`);
  assert.ok(after.x >= before.x + 18, `the cat moved right: ${before.x} -> ${after.x}`);
  assert.equal(after.unseen, true);
  assert.ok(after.conv >= 0.5, `the conv net still finds the cat: ${after.conv}`);
  assert.ok(after.dense < 0.5, `the dense net does not: ${after.dense}`);
  const centre = after.x + box.width / perPx / 2;
  assert.ok(Math.abs(after.peakX - centre) <= 8, `conv fires at x ${after.peakX}, the cat's centre is ${centre}`);

  // The keyboard moves it too.
  await handle.focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal((await fire(page)).x, after.x - 1);

  // Another pooling: flatten loses the unseen cats; the chart keeps both.
  const flat = await train(page, 'flatten');
  t.diagnostic(`flatten: conv seen ${flat.s.convSeen} unseen ${flat.s.convUnseen}`);
  assert.ok(Number(flat.s.convUnseen) < Number(flat.s.convSeen) - 0.1);
  const label = await page.locator('.learn-chart canvas').getAttribute('aria-label');
  assert.match(label, /conv, global max/);
  assert.match(label, /conv, none \(flatten\)/);
  assert.match(label, /dense net/);

  await page.locator('.learn-panel').screenshot({ path: path.join(ARTIFACTS, 'cat-learn-1920.png') });
  app.assertClean();
});

test('phone and presenting mode: the trained panel fits and is readable', async (t) => {
  const app = await openLearn({ width: 375, height: 800 });
  t.after(() => app.close());
  const { page } = app;
  await train(page, 'gmax');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow} px)`);
  // A finger drags the cat too.
  const handle = page.locator('.learn-handle');
  await handle.scrollIntoViewIfNeeded();
  const before = await fire(page);
  const box = await handle.boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }],
  });
  const [x0, y0] = [box.x + box.width / 2, box.y + box.height / 2];
  await touch('touchStart', x0, y0);
  for (let i = 1; i <= 8; i++) await touch('touchMove', x0 + i * box.width * 0.2, y0);
  await touch('touchEnd', 0, 0);
  const moved = await fire(page);
  assert.ok(moved.x > before.x, `touch moved the cat: ${before.x} -> ${moved.x}`);
  await page.locator('.learn-panel').screenshot({ path: path.join(ARTIFACTS, 'cat-learn-375.png') });

  // Presenting mode by its button, then train again so the chart is drawn
  // at the new size (charts redraw with their data, not on a resize).
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.locator('.present-toggle').click();
  assert.ok(await page.evaluate(() => document.body.classList.contains('present')));
  await page.getByTestId('cat-learn-train').scrollIntoViewIfNeeded();
  await train(page, 'gmax');
  await page.locator('.learn-panel').screenshot({ path: path.join(ARTIFACTS, 'cat-learn-present.png') });
  app.assertClean();
});
