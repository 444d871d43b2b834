// Look inside: learned filters change while training, feature maps have the
// right shapes for the default and an edited network, hovering a pool2 unit
// outlines the region the core computes, the sliding-filter animation and
// the pooling zoom work by pointer and keyboard. Screenshots at desktop and
// phone size go to tests/artifacts/inspect-*.png.

import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, waitForData, ARTIFACTS } from './harness.mjs';

const MAPS = '[data-testid="feature-maps"]';

// ModelSpec::default_cnn() in src/core/spec.rs: (conv 3x3 same + ReLU) x2,
// pool 2, (conv + ReLU) x2 with 16 then 32 maps, pool 2, flatten, dense 10.
const DEFAULT_SHAPES = [
  ['conv1', '8x28x28'], ['relu1', '8x28x28'], ['conv2', '8x28x28'], ['relu2', '8x28x28'],
  ['pool1', '8x14x14'], ['conv3', '16x14x14'], ['relu3', '16x14x14'], ['conv4', '32x14x14'],
  ['relu4', '32x14x14'], ['pool2', '32x7x7'], ['flatten', '1568x1x1'], ['dense1', '10x1x1'],
];

// An edited net: 5x5 valid conv, pool, 3x3 valid conv, pool.
const EDITED = '28x28x1|c4k5s1p0|relu|pool2s2|c6k3s1p0|relu|pool2s2|flatten|d10';
const EDITED_SHAPES = [
  ['conv1', '4x24x24'], ['relu1', '4x24x24'], ['pool1', '4x12x12'], ['conv2', '6x10x10'],
  ['relu2', '6x10x10'], ['pool2', '6x5x5'], ['flatten', '150x1x1'], ['dense1', '10x1x1'],
];

async function open(t, { hash = '', viewport } = {}) {
  const app = await openApp(viewport ? { viewport } : {});
  t.after(() => app.close());
  await app.page.goto(app.url + hash);
  await waitForData(app.page);
  await app.page.waitForSelector(`${MAPS} [data-layer]`);
  return app;
}

async function layers(page) {
  return page.$$eval(`${MAPS} > [data-layer]`, (els) => els.map((el) => ({
    layer: el.dataset.layer,
    shape: el.dataset.shape,
    label: el.querySelector('.fm-shape')?.textContent,
    maps: el.querySelectorAll('.fm-map').length,
    canvases: el.querySelectorAll('canvas').length,
    labelled: [...el.querySelectorAll('.fm-map')].every((c) => c.getAttribute('role') === 'img'
      && /values from/.test(c.getAttribute('aria-label') || '')),
  })));
}

function checkShapes(got, want) {
  assert.deepEqual(got.map((l) => [l.layer, l.shape]), want);
  for (const l of got) {
    const [c, h, w] = l.shape.split('x').map(Number);
    const flat = h === 1 && w === 1;
    assert.equal(l.label, flat ? `${c} values` : `${c} @ ${h}x${w}`, `label of ${l.layer}`);
    assert.equal(l.maps, flat ? 1 : c, `one map per channel in ${l.layer}`);
    assert.equal(l.canvases, 1, `${l.layer} draws all its maps on one canvas`);
    assert.ok(l.labelled, `every map of ${l.layer} has a text alternative with its value range`);
  }
}

/** Hovers unit (y, x) of the first channel of `layer`; returns the outline the page shows. */
async function hoverUnit(page, layer, y, x, side) {
  const canvas = page.locator(`${MAPS} [data-layer="${layer}"] .fm-map`).first();
  await canvas.scrollIntoViewIfNeeded();
  const b = await canvas.boundingBox();
  await page.mouse.move(b.x + (b.width * (x + 0.5)) / side, b.y + (b.height * (y + 0.5)) / side);
  const readout = page.locator('[data-testid="rf-readout"]');
  await page.waitForFunction(([l, u]) => {
    const r = document.querySelector('[data-testid="rf-readout"]');
    return r && r.dataset.layer === l && r.dataset.unit === u;
  }, [layer, `0,${y},${x}`]);
  const d = await page.locator('[data-testid="rf-input"]').evaluate((el) => ({ ...el.dataset }));
  return { region: [d.rfY0, d.rfX0, d.rfY1, d.rfX1].map(Number), layer: d.rfLayer, text: await readout.textContent() };
}

test('default net: feature maps for every layer, probabilities, receptive field of pool2 units', async (t) => {
  const app = await open(t, { hash: '#train' });
  const { page } = app;
  checkShapes(await layers(page), DEFAULT_SHAPES);
  const probs = await page.$$eval(`${MAPS} > [data-testid="class-probs"] li`, (li) => li.length);
  assert.equal(probs, 10, 'class probabilities come last, one per digit');
  assert.equal(await page.locator(`${MAPS} > :last-child`).getAttribute('data-testid'), 'class-probs');

  // Hand-computed in src/inspect/rf.rs and src/receptive.rs: pool2 units see
  // 16x16 patches 4 px apart, starting 6 px into the padding.
  let r = await hoverUnit(page, 'pool2', 3, 3, 7);
  assert.deepEqual(r.region, [6, 6, 22, 22]);
  assert.equal(r.layer, 'pool2');
  assert.match(r.text, /16x16 pixel patch/);
  r = await hoverUnit(page, 'pool2', 0, 0, 7);
  assert.deepEqual(r.region, [0, 0, 10, 10], 'clipped to the image at the corner');
  assert.match(r.text, /10x10 of them are inside the image/);
  r = await hoverUnit(page, 'conv1', 10, 20, 28);
  assert.deepEqual(r.region, [9, 19, 12, 22], 'a conv1 unit sees its 3x3 neighbourhood');

  // The outline box sits over the input view where the region says.
  const fit = await page.evaluate(() => {
    const v = document.querySelector('[data-testid="rf-input"] canvas').getBoundingClientRect();
    const o = document.querySelector('[data-testid="rf-input"] .rf-outline').getBoundingClientRect();
    return { top: (o.top - v.top) / v.height * 28, left: (o.left - v.left) / v.width * 28, h: o.height / v.height * 28 };
  });
  assert.ok(Math.abs(fit.top - 9) < 0.6 && Math.abs(fit.left - 19) < 0.6 && Math.abs(fit.h - 3) < 0.6, JSON.stringify(fit));

  // Keyboard: focusing a map probes its centre unit; arrow keys move it,
  // Page Down moves to the next channel.
  const unitIs = (u) => page.waitForFunction((want) =>
    document.querySelector('[data-testid="rf-readout"]')?.dataset.unit === want, u);
  await page.locator(`${MAPS} [data-layer="pool2"] .fm-map`).first().focus();
  await unitIs('0,3,3');
  await page.keyboard.press('ArrowRight');
  await unitIs('0,3,4');
  await page.keyboard.press('PageDown');
  await unitIs('1,3,4');
  assert.deepEqual((await page.locator('[data-testid="rf-input"]').evaluate((el) => ({ ...el.dataset })))
    .rfX0, '10', 'pool2 unit column 4 starts at -6 + 4*4 = 10');

  // Receptive-field table, one row per layer: flatten keeps pool2's field,
  // only the dense layer sees the whole image.
  const rfRows = await page.$$eval('.fm-panel [data-testid="rf-table"] tbody tr', (rows) =>
    rows.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rfRows[9], ['pool2', '32 @ 7x7', '16x16 px', '4 px']);
  assert.deepEqual(rfRows.slice(10).map((r) => [r[0], r[2], r[3]]),
    [['flatten', '16x16 px each', '—'], ['dense1', 'whole image', '—']]);
  app.assertClean();
});

/**
 * Where `layer`'s one canvas has drawn: for every map cell, the canvas pixels
 * under its centre and its frame, the pixel in the gap to its right, and a
 * digest of the map drawn in it.
 */
async function drawnAtCells(page, layer) {
  return page.locator(`${MAPS} [data-layer="${layer}"] .fm-grid`).evaluate((grid) => {
    const canvas = grid.querySelector('canvas.fm-mosaic');
    const origin = canvas.getBoundingClientRect();
    const sx = canvas.width / origin.width;
    const sy = canvas.height / origin.height;
    const ctx = canvas.getContext('2d');
    const at = (x, y) => [...ctx.getImageData(Math.floor((x - origin.left) * sx), Math.floor((y - origin.top) * sy), 1, 1).data];
    return [...grid.querySelectorAll('.fm-map')].map((m) => {
      const r = m.getBoundingClientRect();
      const inner = ctx.getImageData(Math.ceil((r.left - origin.left) * sx) + 2, Math.ceil((r.top - origin.top) * sy) + 2,
        Math.floor(r.width * sx) - 4, Math.floor(r.height * sy) - 4).data;
      let digest = 0;
      for (let i = 0; i < inner.length; i += 7) digest = (digest * 31 + inner[i]) >>> 0;
      return { centre: at(r.left + r.width / 2, r.top + r.height / 2), corner: at(r.left + 0.5, r.top + 0.5),
        gap: at(r.right + 2, r.top + r.height / 2), digest, channel: m.dataset.channel };
    });
  });
}

function checkDrawn(cells, layer, where) {
  assert.ok(cells.length > 1, `${layer} has several maps`);
  for (const c of cells) {
    assert.equal(c.centre[3], 255, `${where}: ${layer} channel ${c.channel} is drawn at its cell`);
    assert.deepEqual(c.corner, [0xc5, 0xca, 0xd3, 255], `${where}: ${layer} channel ${c.channel} has its frame on its cell's edge`);
  }
  // Between two maps of a row the canvas is clear.
  for (const c of cells.slice(0, -1)) assert.equal(c.gap[3], 0, `${where}: nothing drawn right of ${layer} channel ${c.channel}`);
  assert.ok(new Set(cells.map((c) => c.digest)).size > cells.length / 2, `${where}: ${layer}'s channels show different maps`);
}

test('each layer draws its maps on one canvas, at its cells, and again when the layout changes', async (t) => {
  const app = await open(t, { hash: '#inspect', viewport: { width: 1920, height: 1080 } });
  const { page } = app;
  const grid = page.locator(`${MAPS} [data-layer="relu3"] .fm-grid`);
  await grid.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const wide = await drawnAtCells(page, 'relu3');
  checkDrawn(wide, 'relu3', '1920 px');
  // A phone's width puts fewer maps in a row: the cells move, and the canvas follows.
  const before = await page.locator(`${MAPS} [data-layer="relu3"] .fm-map`).nth(8).boundingBox();
  await page.setViewportSize({ width: 375, height: 740 });
  await grid.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const after = await page.locator(`${MAPS} [data-layer="relu3"] .fm-map`).nth(8).boundingBox();
  assert.ok(Math.abs(after.y - before.y) > 10 || Math.abs(after.x - before.x) > 10, 'the 9th map moved');
  const narrow = await drawnAtCells(page, 'relu3');
  checkDrawn(narrow, 'relu3', '375 px');
  app.assertClean();
});

test('filters: first-layer grid with weight counts, changing while training', async (t) => {
  const app = await open(t, { hash: '#train' });
  const { page } = app;
  const grid = page.locator('[data-testid="filters"]');
  assert.equal(await grid.getAttribute('data-layer'), 'conv1');
  assert.equal(await grid.getAttribute('data-count'), '8');
  const counts = await grid.locator('.filter-count').allTextContents();
  assert.deepEqual(counts, Array(8).fill('3x3x1 + 1 = 10'));
  const pixels = () => grid.locator('canvas').first().evaluate((c) => c.toDataURL());
  const beforeHash = await grid.getAttribute('data-hash');
  const beforePx = await pixels();

  const toggle = page.locator('[data-testid="train-toggle"]');
  assert.equal(await toggle.count(), 1, 'the training panel offers a train toggle');
  await toggle.click();
  // Looking at the filters (panels far from the screen skip training's renders).
  await grid.scrollIntoViewIfNeeded();
  await page.waitForFunction((h) => {
    const g = document.querySelector('[data-testid="filters"]');
    return g && g.dataset.hash !== h;
  }, beforeHash, { timeout: 30_000 });
  // While training the panel keeps redrawing: a second, later change.
  const midHash = await grid.getAttribute('data-hash');
  await page.waitForFunction((h) => document.querySelector('[data-testid="filters"]').dataset.hash !== h,
    midHash, { timeout: 30_000 });
  await toggle.click();
  await page.waitForTimeout(400);
  assert.notEqual(await pixels(), beforePx, 'the filter heatmap was repainted with new weights');

  // Deeper filters on demand: one row per filter of conv2, 8 input channels each.
  await page.locator('.deeper-filters summary').click();
  const deep = page.locator('.deeper-filters .filter-grid');
  assert.equal(await deep.getAttribute('data-layer'), 'conv2');
  assert.equal(await deep.locator('.filter').count(), 8);
  assert.equal(await deep.locator('.filter-count').first().textContent(), '3x3x8 + 1 = 73');
  await page.selectOption('#deep-filter-layer', { label: 'conv4' });
  await page.waitForFunction(() => document.querySelector('.deeper-filters .filter-grid')?.dataset.layer === 'conv4');
  assert.equal(await deep.locator('.filter').count(), 32);
  app.assertClean();
});

test('while training, panels far from the screen wait, and catch up when seen or paused', async (t) => {
  const app = await open(t, { hash: '#train' });
  const { page } = app;
  const hash = () => page.getAttribute('[data-testid="filters"]', 'data-hash');
  const seen = () => page.$eval('[data-testid="train-stats"]', (el) => Number(el.dataset.imagesSeen));
  await page.click('[data-testid="train-toggle"]');
  // The filters change while they are on screen...
  await page.locator('[data-testid="filters"]').scrollIntoViewIfNeeded();
  const first = await hash();
  await page.waitForFunction((h) => document.querySelector('[data-testid="filters"]').dataset.hash !== h, first,
    { timeout: 30_000 });
  // ...and wait while the reader is at the top of the page, while training goes on.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  const away = await hash();
  const seenAway = await seen();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="train-stats"]').dataset.imagesSeen) > n + 500,
    seenAway, { timeout: 30_000 });
  assert.equal(await hash(), away, 'a panel far from the screen is not re-rendered for new weights');
  // Coming near, it shows the current weights at once.
  await page.locator('[data-testid="filters"]').scrollIntoViewIfNeeded();
  await page.waitForFunction((h) => document.querySelector('[data-testid="filters"]').dataset.hash !== h, away,
    { timeout: 5_000 });
  // Paused, every panel follows, wherever the reader is.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  const beforePause = await hash();
  await page.click('[data-testid="train-toggle"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="train-stats"]').dataset.state === 'paused',
    null, { timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction((h) => document.querySelector('[data-testid="filters"]').dataset.hash !== h, beforePause,
    { timeout: 5_000 });
  app.assertClean();
});

test('edited net from a link: feature maps follow the new shapes', async (t) => {
  const app = await open(t, { hash: `#train&arch=${EDITED}` });
  const { page } = app;
  checkShapes(await layers(page), EDITED_SHAPES);
  // conv1 5x5 valid: 5 -> pool 6 (step 2) -> conv 3x3: 10 -> pool: 12 (step 4), no padding.
  const r = await hoverUnit(page, 'pool2', 2, 2, 5);
  assert.deepEqual(r.region, [8, 8, 20, 20]);
  assert.equal(await page.locator('[data-testid="filters"] .filter-count').first().textContent(), '5x5x1 + 1 = 26');
  app.assertClean();
});

test('weight sharing animation and pooling zoom, by pointer and keyboard', async (t) => {
  const app = await open(t, { hash: '#filters' });
  const { page } = app;
  const panel = page.locator('[data-testid="sharing"]');
  assert.equal(await panel.getAttribute('data-steps'), '784');
  assert.equal(await page.locator('[data-testid="share-counts"]').getAttribute('data-conv'), '80');
  assert.equal(await page.locator('[data-testid="share-counts"]').getAttribute('data-dense'), String(784 * 6272 + 6272));
  await page.locator('[data-testid="share-play"]').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="sharing"]').dataset.step) >= 3);
  await page.locator('[data-testid="share-play"]').click(); // pause
  // Let the click's render land first: on a busy machine a tick already
  // queued before the click may still advance one step.
  await page.waitForTimeout(400);
  const paused = Number(await panel.getAttribute('data-step'));
  await page.waitForTimeout(600);
  assert.equal(Number(await panel.getAttribute('data-step')), paused, 'pause stops the slide');
  await page.locator('[data-testid="share-slider"]').focus();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('[data-testid="sharing"]').dataset.step === '783');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('[data-testid="sharing"]').dataset.step === '782');
  // The output map is coloured over its own range, and its legend says so.
  assert.match(await panel.locator('.legend').first().getAttribute('aria-label'), /this map's values: \S+ to \S+/);

  // Pooling: the kept value is the largest of its window; saving table from the spec.
  const zoom = page.locator('[data-testid="pool-zoom"]');
  const cells = await zoom.locator('.pcells:not(.grad) .pcell').allTextContents();
  assert.equal(cells.length, 4);
  const kept = await zoom.locator('.pcells:not(.grad) .pcell.kept').count();
  assert.equal(kept, 1, 'exactly one value survives');
  const grads = await zoom.locator('.pcells.grad .pcell').allTextContents();
  assert.deepEqual(grads.filter((g) => g === 'g').length, 1, 'the gradient goes to one input only');
  assert.equal(Number(await zoom.getAttribute('data-winner')), grads.indexOf('g'));
  const pooled = zoom.locator('canvas').last();
  await pooled.focus();
  const before = await zoom.getAttribute('data-unit');
  const [y, x] = before.split(',').map(Number);
  await page.keyboard.press(x > 0 ? 'ArrowLeft' : 'ArrowRight');
  await page.waitForFunction(([u]) => document.querySelector('[data-testid="pool-zoom"]').dataset.unit !== u, [before]);
  assert.equal((await zoom.getAttribute('data-unit')).split(',')[0], String(y));
  const savings = await page.$$eval('[data-testid="pool-savings"] tbody tr', (rows) =>
    rows.map((tr) => [...tr.children].map((c) => c.textContent)));
  // conv3 after pool1: 16 filters of 3x3x8 over 14x14, or over 28x28 without the pool.
  assert.deepEqual(savings[0], ['conv3 (after pool1)', (16 * 72 * 196).toLocaleString('en-US'),
    (16 * 72 * 784).toLocaleString('en-US'), '4x']);
  app.assertClean();
});

for (const size of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 375, height: 812 }]) {
  test(`screenshots at ${size.name} size, nothing sticks out sideways`, async (t) => {
    const app = await open(t, { hash: '#train', viewport: { width: size.width, height: size.height } });
    const { page } = app;
    await hoverUnit(page, 'pool2', 3, 3, 7);
    for (const sel of ['.filters-panel', '.fm-panel', '.sharing-panel', '.pooling-panel']) {
      const el = page.locator(sel);
      await el.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `inspect-${size.name}-${sel.slice(1)}.png`) });
      const wide = await el.evaluate((p) => [...p.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
        .map((e) => e.tagName + '.' + e.className).slice(0, 5));
      assert.deepEqual(wide, [], `${sel} sticks out at ${size.width}px`);
    }
    app.assertClean();
  });
}
