// The digit pad: digits drawn with mouse strokes and with touch pointer
// events are read by the pretrained model; an empty pad gives no guess;
// Clear and Undo work; the recentring toggle changes what the network gets;
// the keyboard pen and the test-digit picker are real alternatives.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshot, waitForData } from './harness.mjs';
import { PAD, PAD_SIDE as SIDE, densify, padMapper as mapper, drawMouse } from './pad.mjs';

const PRED = '[data-testid="prediction"]';

// Glyphs as polylines in pad pixels (the same shapes as tests/draw_digits.rs).
function arc(cx, cy, rx, ry, a0, a1) {
  const n = Math.max(2, Math.ceil(Math.abs(a1 - a0) / 7.5));
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = ((a0 + ((a1 - a0) * i) / n) * Math.PI) / 180;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
  });
}
const GLYPHS = {
  1: [[[140, 40], [140, 240]]],
  7: [[[80, 50], [200, 50], [115, 240]]],
  0: [arc(140, 140, 55, 95, -90, 275)],
};

/** Touch strokes as the browser reports them: pointer events with pointerType 'touch'. */
async function drawTouch(page, strokes) {
  await mapper(page);
  const paths = strokes.map((poly) => densify(poly));
  // Pad coordinates become client coordinates at the moment of each event,
  // so a layout shift elsewhere on the page cannot bend the stroke.
  await page.locator(PAD).evaluate(async (pad, [paths, side]) => {
    const fire = (type, [px, py], buttons) => {
      const r = pad.getBoundingClientRect();
      const x = r.left + (px / side) * r.width;
      const y = r.top + (py / side) * r.height;
      pad.dispatchEvent(new PointerEvent(type, {
        pointerId: 7, pointerType: 'touch', isPrimary: true, bubbles: true, cancelable: true,
        clientX: x, clientY: y, button: 0, buttons, pressure: buttons ? 0.5 : 0,
      }));
    };
    for (const pts of paths) {
      fire('pointerdown', pts[0], 1);
      for (const p of pts.slice(1)) {
        fire('pointermove', p, 1);
        await new Promise((r) => setTimeout(r, 4));
      }
      fire('pointerup', pts[pts.length - 1], 0);
    }
  }, [paths, SIDE]);
}

/**
 * Touch strokes through Chromium's own input pipeline (DevTools protocol):
 * the browser makes the pointer events, and would scroll the page if the
 * pad's touch-action allowed it.
 */
async function drawRealTouch(page, cdp, strokes) {
  // Returns how far the pad moved on screen during the strokes themselves.
  let moved = 0;
  for (const poly of strokes) {
    const map = await mapper(page);
    const before = (await page.locator(PAD).boundingBox()).y;
    const pts = densify(poly).map(map).map(([x, y]) => ({ x, y }));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [pts[0]] });
    for (const p of pts.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const after = (await page.locator(PAD).boundingBox()).y;
    moved = Math.max(moved, Math.abs(after - before));
  }
  return moved;
}

async function reading(page) {
  const el = page.locator(PRED);
  return {
    digit: await el.getAttribute('data-digit'),
    confidence: Number(await el.getAttribute('data-confidence')),
  };
}

async function expectDigit(page, want) {
  await page.waitForFunction(([sel, d]) => document.querySelector(sel)?.getAttribute('data-digit') === d,
    [PRED, want], { timeout: 5000 }).catch(() => {});
  const r = await reading(page);
  assert.equal(r.digit, want, `expected the pad to read ${want}, got ${JSON.stringify(r)}`);
  if (want !== '') assert.ok(r.confidence > 0 && r.confidence <= 1, `confidence ${r.confidence}`);
  return r;
}

async function clear(page) {
  await page.click('[data-testid="draw-clear"]');
  await expectDigit(page, '');
}

/** Centre of mass (x, y) of the 28x28 input canvas, in its pixels. */
async function inputCentre(page) {
  return page.locator('canvas[data-testid="draw-input"]').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let m = 0; let sx = 0; let sy = 0;
    for (let i = 0; i < c.width * c.height; i++) {
      const v = d[i * 4];
      m += v; sx += v * ((i % c.width) + 0.5); sy += v * (Math.floor(i / c.width) + 0.5);
    }
    return [sx / m, sy / m];
  });
}

async function open(t, viewport) {
  const app = await openApp({ viewport });
  t.after(() => app.close());
  await app.page.goto(`${app.url}#draw`);
  await waitForData(app.page);
  // The first held-out evaluation ends by adding the results gallery above
  // the pad (a big jump on a phone): draw only once it is there.
  await app.page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="train-stats"]');
    return s && s.getAttribute('data-test-accuracy') !== '';
  }, null, { timeout: 60_000 });
  await app.page.locator(PAD).scrollIntoViewIfNeeded();
  return app;
}

test('mouse strokes: 1, 7 and 0 are read; empty pad, Clear and Undo', async (t) => {
  const app = await open(t, { width: 1280, height: 900 });
  const { page } = app;
  await expectDigit(page, '');
  assert.match(await page.locator(PRED).innerText(), /draw a digit/i);
  assert.equal(await page.locator(PAD).evaluate((c) => getComputedStyle(c).touchAction), 'none');

  const found = {};
  for (const d of ['1', '7', '0']) {
    await drawMouse(page, GLYPHS[d]);
    found[d] = (await expectDigit(page, d)).confidence;
    if (d === '7') await screenshot(page, 'draw-desktop');
    await clear(page);
  }
  t.diagnostic(`mouse confidences: ${JSON.stringify(found)}`);

  // Undo removes only the last stroke: a 1, then a stray bar, then undo.
  await drawMouse(page, GLYPHS[1]);
  await expectDigit(page, '1');
  await drawMouse(page, [[[60, 140], [220, 140]]]);
  await page.click('[data-testid="draw-undo"]');
  await expectDigit(page, '1');
  await page.click('[data-testid="draw-undo"]');
  await expectDigit(page, '');
  app.assertClean();
});

test('touch strokes: 1, 7 and 0 are read', async (t) => {
  const app = await open(t, { width: 375, height: 812 });
  const { page } = app;
  const found = {};
  for (const d of ['1', '7', '0']) {
    await drawTouch(page, GLYPHS[d]);
    found[d] = (await expectDigit(page, d)).confidence;
    if (d === '0') {
      await page.locator('#draw').scrollIntoViewIfNeeded();
      await screenshot(page, 'draw-phone');
    }
    await clear(page);
  }
  t.diagnostic(`touch confidences: ${JSON.stringify(found)}`);
  // Nothing on the page is wider than the phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page overflows the 375 px viewport by ${overflow} px`);
  app.assertClean();
});

test('real touch input: digits are read and the page does not scroll', async (t) => {
  const app = await open(t, { width: 375, height: 812 });
  const { page } = app;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  await page.locator(PAD).evaluate((c) => {
    window.padPointerTypes = [];
    c.addEventListener('pointerdown', (e) => window.padPointerTypes.push(e.pointerType));
  });
  const found = {};
  for (const d of ['1', '7', '0']) {
    // Where the pad is on screen, measured around each stroke (scrollY alone
    // also moves when panels above grow and the browser anchors the scroll).
    const moved = await drawRealTouch(page, cdp, GLYPHS[d]);
    found[d] = (await expectDigit(page, d)).confidence;
    assert.ok(moved < 1, `a stroke on the pad must not scroll the page (pad moved ${moved} px)`);
    await clear(page);
  }
  const types = await page.evaluate(() => window.padPointerTypes);
  assert.ok(types.length >= 3 && types.every((x) => x === 'touch'), `pointer types ${types}`);
  t.diagnostic(`real touch confidences: ${JSON.stringify(found)}`);
  app.assertClean();
});

test('recentring toggle: off sends the raw position to the network', async (t) => {
  const app = await open(t, { width: 1280, height: 900 });
  const { page } = app;
  const toggle = page.locator('[data-testid="recenter-toggle"]');
  assert.equal(await toggle.isChecked(), true);
  // A small 7 in the top-left corner.
  const small = GLYPHS[7].map((poly) => poly.map(([x, y]) => [0.4 * x + 10, 0.4 * y + 10]));
  await drawMouse(page, small);
  await page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-digit') !== '', PRED);
  const centred = await inputCentre(page);
  const on = await reading(page);
  await toggle.click();
  assert.equal(await toggle.isChecked(), false);
  await page.waitForFunction(() => /Off:/.test(document.getElementById('recenter-help')?.textContent));
  const raw = await inputCentre(page);
  const off = await reading(page);
  t.diagnostic(`corner 7: recentred read ${on.digit} (${on.confidence}), raw read ${off.digit} (${off.confidence})`);
  assert.ok(Math.abs(centred[0] - 14) < 1 && Math.abs(centred[1] - 14) < 1, `centred input at ${centred}`);
  assert.ok(raw[0] < 8 && raw[1] < 8, `raw input should stay in the corner, centre of mass ${raw}`);
  assert.notEqual(off.digit, '', 'a drawing is still classified with recentring off');
  await toggle.click();
  assert.equal(await toggle.isChecked(), true);
  app.assertClean();
});

test('keyboard pen and test-digit picker', async (t) => {
  const app = await open(t, { width: 1280, height: 900 });
  const { page } = app;
  // Keyboard: focus the pad, pen down, 10 steps down, pen up: a vertical bar.
  await page.locator(PAD).focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press(' ');
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press(' ');
  const kb = await expectDigit(page, '1');
  t.diagnostic(`keyboard bar read as 1 (${kb.confidence})`);
  await page.keyboard.press('Delete');
  await expectDigit(page, '');

  // A held-out digit by number.
  await page.fill('[data-testid="draw-test-index"]', '3');
  await page.click('[data-testid="draw-use-test"]');
  const label = await page.locator('[data-testid="draw-test-label"]').getAttribute('data-label');
  await page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-digit') !== '', PRED);
  const r = await reading(page);
  t.diagnostic(`test digit #3 labelled ${label}, read as ${r.digit} (${r.confidence})`);
  assert.match(r.digit, /^[0-9]$/);
  assert.equal(await page.isEnabled('[data-testid="draw-to-maps"]'), true);

  // Draw, then send the drawing to the feature-map view.
  await drawMouse(page, GLYPHS[7]);
  await expectDigit(page, '7');
  await page.click('[data-testid="draw-to-maps"]');
  await page.waitForFunction(() => /Showing your drawing/.test(document.getElementById('train')?.innerText || ''),
    null, { timeout: 5000 });
  app.assertClean();
});

test('the reading follows the model in use: reset, then training', async (t) => {
  const app = await open(t, { width: 1280, height: 900 });
  const { page } = app;
  await drawMouse(page, GLYPHS[7]);
  const trained = await expectDigit(page, '7');
  // Fresh random weights: the same drawing gets a different answer at once.
  await page.click('[data-testid="train-reset"]');
  await page.waitForFunction(([s, c]) => document.querySelector(s)?.getAttribute('data-confidence') !== c,
    [PRED, trained.confidence.toFixed(4)], { timeout: 5000 });
  const fresh = await reading(page);
  assert.notEqual(fresh.digit, '', 'still a reading, from random weights');
  assert.match(await page.locator('.draw-analysis').innerText(), /not been trained yet/);
  // Training changes the weights; the reading keeps up without new strokes.
  await page.click('[data-testid="train-toggle"]');
  // Back to the pad to watch (panels far from the screen skip training's renders).
  await page.locator(PRED).scrollIntoViewIfNeeded();
  await page.waitForFunction(([s, c]) => document.querySelector(s)?.getAttribute('data-confidence') !== c,
    [PRED, fresh.confidence.toFixed(4)], { timeout: 15000 });
  await page.waitForTimeout(3000);
  await page.click('[data-testid="train-toggle"]');
  const later = await reading(page);
  t.diagnostic(`7: pretrained ${JSON.stringify(trained)}, reset ${JSON.stringify(fresh)}, after ~3 s of training ${JSON.stringify(later)}`);
  assert.notEqual(later.confidence, fresh.confidence);
  app.assertClean();
});
