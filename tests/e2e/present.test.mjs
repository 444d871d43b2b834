// Presenting mode as a slide deck, a page that stays put, and charts that
// fit: deck keys step one section from anywhere, widgets keep their keys,
// switching keeps the place, each demo fits a 1920x1080 screen, cumulative
// layout shift stays small through load, Reset, Train and divergence, and
// chart bitmaps follow their displayed size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { artifact, openApp, waitForData } from './harness.mjs';

const ORDER = ['why', 'filters', 'cat', 'pooling', 'train', 'draw', 'race'];
const FULL_HD = { width: 1920, height: 1080 };
const PHONE = { width: 375, height: 812 };

/** The section marked current, and where its top sits against the reading line. */
async function where(page) {
  return page.evaluate(() => {
    const cur = [...document.querySelectorAll('[data-testid="section"][data-current="true"]')];
    const pad = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    return {
      current: cur.map((el) => el.dataset.section),
      offset: cur.length ? cur[0].getBoundingClientRect().top - pad : null,
      y: window.scrollY,
    };
  });
}

async function waitEval(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="train-stats"]');
    return el && el.getAttribute('data-test-accuracy') !== '' && el.getAttribute('data-evaluating') === 'false';
  }, null, { timeout: 90_000 });
}

async function openPresenting(size, hash = '') {
  const app = await openApp({ viewport: size });
  await app.page.goto(app.url + hash);
  await waitForData(app.page);
  await waitEval(app.page);
  return app;
}

/** Presses the toggle where it is on screen, as a reader's click does.
 * (Playwright's page.click first scrolls a sticky element "into view",
 * which moves the page before the click.) */
async function toggle(page) {
  const b = await page.locator('[data-testid="present-toggle"]').boundingBox();
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
}

/** Fully inside the viewport (1 px slack). */
async function inViewport(page, sel) {
  return page.locator(sel).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { ok: r.top >= -1 && r.left >= -1 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1,
      top: Math.round(r.top), bottom: Math.round(r.bottom), height: innerHeight };
  });
}

test('presenting: → visits the seven sections in order, ← comes back, ↓ scrolls inside', async (t) => {
  const app = await openPresenting(FULL_HD);
  t.after(() => app.close());
  const { page } = app;
  await toggle(page);
  await page.waitForFunction(() => document.body.classList.contains('present'));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  for (const id of ORDER) {
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(150);
    const w = await where(page);
    assert.deepEqual(w.current, [id], `→ reaches ${id}`);
    assert.ok(Math.abs(w.offset) < 12, `${id} starts at the reading line (${w.offset})`);
    if (id === 'cat') await page.screenshot({ path: artifact('present-1920-cat.png') });
    if (id === 'train') await page.screenshot({ path: artifact('present-1920-train.png') });
  }
  for (const id of ORDER.slice(0, -1).reverse()) {
    await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(150);
    assert.deepEqual((await where(page)).current, [id], `← back to ${id}`);
  }
  // PageDown steps too; ↓ and Space scroll inside the section without leaving it.
  await page.keyboard.press('PageDown');
  await page.waitForTimeout(150);
  const before = await where(page);
  assert.deepEqual(before.current, ['filters']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(400);
  const after = await where(page);
  assert.ok(after.y > before.y, `↓ scrolled (${before.y} -> ${after.y})`);
  assert.deepEqual(after.current, ['filters'], '↓ stays in the section');
  // After a jump from the table of contents: one step from there.
  await page.click('nav.toc a[href^="#pooling"]');
  await page.waitForTimeout(200);
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(150);
  assert.deepEqual((await where(page)).current, ['train'], '→ after a jump to Pooling');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.waitForTimeout(150);
  assert.deepEqual((await where(page)).current, ['cat'], '← ← from Train');
  app.assertClean();
});

test('presenting: arrow keys on the cat and on a slider stay with the widget', async (t) => {
  const app = await openPresenting(FULL_HD, '#cat&present=1');
  t.after(() => app.close());
  const { page } = app;
  await page.waitForTimeout(400);
  const cat = page.locator('[data-testid="cat"]').first();
  await cat.focus();
  const x0 = Number(await cat.getAttribute('data-x'));
  const y0 = await page.evaluate(() => window.scrollY);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((x) => Number(document.querySelector('[data-testid="cat"]').dataset.x) <= x - 2, x0, { timeout: 5000 })
    .catch(() => {});
  const x1 = Number(await cat.getAttribute('data-x'));
  assert.equal(x1, x0 - 2, `the cat moved (${x0} -> ${x1})`);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'cat', 'the cat keeps the focus');
  assert.equal(await page.evaluate(() => window.scrollY), y0, 'the page did not move');
  assert.deepEqual((await where(page)).current, ['cat']);

  await page.keyboard.press('ArrowLeft'); // keep the focus, then go to the slider's section
  await page.locator('[data-testid="present-toggle"]').focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.waitForTimeout(200);
  assert.deepEqual((await where(page)).current, ['why'], 'two steps back');
  const slider = page.locator('[data-testid="share-slider"]');
  await slider.focus();
  const v0 = Number(await slider.inputValue());
  const s0 = await page.evaluate(() => window.scrollY);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('PageUp');
  await page.waitForTimeout(200);
  assert.ok(Number(await slider.inputValue()) > v0, 'the slider moved');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'share-slider');
  assert.equal(await page.evaluate(() => window.scrollY), s0, 'the page did not move');
  app.assertClean();
});

test('switching presenting mode keeps data-current and the place', async (t) => {
  const app = await openPresenting(FULL_HD);
  t.after(() => app.close());
  const { page } = app;
  for (const id of ['draw', 'train', 'cat']) {
    await page.click(`nav.toc a[href^="#${id}"]`);
    await page.waitForTimeout(250);
    assert.deepEqual((await where(page)).current, [id]);
    await toggle(page);
    await page.waitForFunction(() => document.body.classList.contains('present'));
    await page.waitForTimeout(1200); // the place is restored through the first second of refits
    const on = await where(page);
    assert.deepEqual(on.current, [id], `presenting on keeps ${id}`);
    assert.ok(Math.abs(on.offset) < 30, `${id} still at the top (${on.offset})`);
    await toggle(page);
    await page.waitForFunction(() => !document.body.classList.contains('present'));
    await page.waitForTimeout(1200);
    const off = await where(page);
    assert.deepEqual(off.current, [id], `presenting off keeps ${id}`);
    assert.ok(Math.abs(off.offset) < 30, `${id} still at the top (${off.offset})`);
  }
  app.assertClean();
});

test('presenting at 1920x1080: cat scene with its scores, Train with the conv1 filters, on one screen', async (t) => {
  const app = await openPresenting(FULL_HD, '#present=1');
  t.after(() => app.close());
  const { page } = app;
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [section, parts] of [
    ['cat', ['[data-testid="cat-scene"]', '[data-testid="cat-score-conv"]', '[data-testid="cat-score-dense"]']],
    ['train', ['[data-testid="train-toggle"]', '[data-testid="filters"]', '[data-testid="chart-loss"]']],
  ]) {
    await page.evaluate((id) => document.getElementById(id).scrollIntoView(), section);
    await page.waitForTimeout(300);
    for (const sel of parts) {
      const r = await inViewport(page, sel);
      assert.ok(r.ok, `${sel} inside the 1080 px screen in ${section}: ${JSON.stringify(r)}`);
    }
  }
  app.assertClean();
});

test('after a resize and a presenting switch a chart bitmap matches its displayed size', async (t) => {
  const app = await openPresenting({ width: 1280, height: 900 }, '#cat');
  t.after(() => app.close());
  const { page } = app;
  const fits = () => page.evaluate(() => [...document.querySelectorAll('canvas[data-testid="cat-chart"], canvas[data-testid="chart-loss"]')]
    .map((c) => ({ w: c.width, h: c.height, cw: c.clientWidth * devicePixelRatio, ch: c.clientHeight * devicePixelRatio })));
  const check = async (when) => {
    const all = await fits();
    assert.ok(all.length >= 2, `charts found ${when}`);
    for (const c of all) {
      assert.ok(Math.abs(c.w - c.cw) <= 2 && Math.abs(c.h - c.ch) <= 2, `${when}: bitmap ${c.w}x${c.h} shown at ${c.cw}x${c.ch}`);
    }
  };
  await page.waitForTimeout(300);
  await check('at 1280');
  await page.setViewportSize({ width: 700, height: 900 });
  await page.waitForTimeout(600);
  await check('after a resize to 700');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await toggle(page);
  await page.waitForTimeout(700);
  await check('in presenting mode at 1920');
  app.assertClean();
});

/** Cumulative layout shift from load through Reset, Train and divergence. */
for (const size of [PHONE, FULL_HD]) {
  test(`layout shift at ${size.width} px stays at most 0.05 through load, Reset, Train and divergence`, async (t) => {
    const app = await openApp({ viewport: size });
    t.after(() => app.close());
    const { page } = app;
    await page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const what = (e.sources || []).map((src) => {
            const n = src.node;
            const name = n && n.nodeType === 1
              ? `${n.tagName.toLowerCase()}${n.dataset?.testid ? `[${n.dataset.testid}]` : ''}.${[...n.classList].join('.')}`
              : String(n && n.nodeName);
            return `${name} ${Math.round(src.previousRect.top)}->${Math.round(src.currentRect.top)}`;
          }).join(', ');
          window.__shifts.push({ value: e.value, input: e.hadRecentInput, t: e.startTime, what });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(app.url);
    await waitForData(page);
    await waitEval(page);
    const phase = async (name) => {
      const s = await page.evaluate(() => window.__shifts.splice(0));
      const all = s.reduce((a, e) => a + e.value, 0);
      const counted = s.filter((e) => !e.input).reduce((a, e) => a + e.value, 0);
      t.diagnostic(`${size.width}px ${name}: layout shift ${counted.toFixed(4)} (${all.toFixed(4)} with shifts right after input)`);
      for (const e of s.filter((x) => x.value > 0.005)) t.diagnostic(`  ${e.value.toFixed(4)}${e.input ? ' (input)' : ''}: ${e.what}`);
      return { all, counted };
    };
    const total = { all: 0, counted: 0 };
    const add = (p) => { total.all += p.all; total.counted += p.counted; };
    add(await phase('load'));
    // Symbols are drawn in CSS, not taken from a font that may lack them.
    const glyphs = await page.evaluate(() => (document.body.innerText.match(/[\u23F8\u23F5\u25B6\u25B2\u2501\u2713\u2717\u2715\u25CF]/g) || []).join(''));
    assert.equal(glyphs, '', 'no font-dependent symbols in the text');
    if (size.width < 640) {
      // Section 1's layer table scrolls sideways, with a shadow at the edge that has more.
      const wrap = await page.locator('#why .table-wrap').first().evaluate((el) => ({
        more: el.scrollWidth - el.clientWidth, bg: getComputedStyle(el).backgroundImage }));
      assert.ok(wrap.more > 0 && /radial-gradient/.test(wrap.bg), `scroll hint on the wide table: ${JSON.stringify(wrap)}`);
    }
    await page.locator('[data-testid="train-reset"]').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -80));
    await page.waitForTimeout(200);
    add(await phase('scroll to Train'));
    await page.click('[data-testid="train-reset"]');
    await waitEval(page);
    await page.waitForTimeout(300);
    add(await phase('Reset'));
    await page.click('[data-testid="train-toggle"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="train-stats"]').dataset.imagesSeen) >= 2500, null, { timeout: 90_000 });
    assert.equal(await page.locator('[data-testid="train-toggle"] .sym-pause').count(), 1, 'pause drawn as two bars while training');
    const compact = await inViewport(page, '[data-testid="train-status-compact"]');
    assert.ok(compact.ok, `compact status in sight while training: ${JSON.stringify(compact)}`);
    assert.match(await page.locator('[data-testid="train-status-compact"]').innerText(), /seen/);
    await page.screenshot({ path: artifact(`train-compact-${size.width}.png`) });
    await page.click('[data-testid="train-toggle"]');
    await page.waitForTimeout(300);
    add(await phase('Train'));
    await page.fill('[data-testid="train-lr"]', '10');
    await page.press('[data-testid="train-lr"]', 'Tab');
    await page.click('[data-testid="train-toggle"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="train-stats"]').dataset.state === 'diverged', null, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="train-diverged"]')?.dataset.done === 'true', null, { timeout: 60_000 });
    await page.waitForTimeout(300);
    add(await phase('divergence'));
    await page.screenshot({ path: artifact(`diverged-${size.width}.png`) });
    const offer = await page.locator('[data-testid="train-diverged"]').getAttribute('data-offer');
    t.diagnostic(`offered rate ${offer}; spike ${await page.getAttribute('[data-testid="chart-loss"]', 'data-spike')}`);
    assert.ok(await page.getAttribute('[data-testid="chart-loss"]', 'data-spike'), 'the loss chart shows the spike');
    t.diagnostic(`${size.width}px total: ${total.counted.toFixed(4)} (${total.all.toFixed(4)} with shifts right after input)`);
    assert.ok(total.counted <= 0.05, `cumulative layout shift ${total.counted}`);
    app.assertClean();
  });
}
