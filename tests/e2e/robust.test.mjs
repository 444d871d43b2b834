// Nothing a link, an edit, a file or a call can do breaks the app: every row
// of the table, and each limit of the budget just under and just over,
// driven in headless Chromium. Each refusal shows a message, and the app stays
// usable: a click still trains the default model.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { artifact, openApp, screenshot, waitForData } from './harness.mjs';
import { cnnw, crc32 } from './robust_files.mjs';

const DEFAULT = '28x28x1|c8k3s1p1|relu|c8k3s1p1|relu|pool2s2|c16k3s1p1|relu|c32k3s1p1|relu|pool2s2|flatten|d10';
const HUGE_DENSE = '28x28x1|flatten|d8192|d8192|d8192|d8192|d8192|d8192|d10';
const HUGE_CONV = '28x28x1|c512k15s1p7|relu|c512k15s1p7|relu|gmax|d10';
const FIVE_CLASSES = '28x28x1|c8k3s1p1|relu|pool2s2|flatten|d5';
const MODEL_KEY = 'cnn-playground.model.v1';
/** Two same-size convs, 64 then `f` filters: 451,584 (1 + f) + 10 f multiply-adds. */
const wide = (f) => `28x28x1|c64k3s1p1|relu|c${f}k3s1p1|relu|gmax|d10`;
/** 256 one-pixel filters: memory, not work, meets the budget first (batch 312 fits, 313 not). */
const WIDE_MAPS = '28x28x1|c256k1s1p0|relu|gmax|d10';
const STATS = '[data-testid="train-stats"]';
const NOTICE = '[data-testid="notice"]';

async function visit(app, hash) {
  await app.page.goto('about:blank');
  await app.page.goto(app.url + hash);
  await waitForData(app.page);
}

/** Runs `fn(arg)` in a page of the app's origin where the app is not running,
 * while the app's tab is on about:blank, so nothing the app does can
 * overwrite what `fn` writes to LocalStorage. The page is a tab of its own on
 * the style sheet, which the service worker serves as itself. Not
 * `sw-build.js`: the worker does not cache that file, and a navigation it has
 * no file for gets the app's page, whose start-up read and forgot a model
 * written there. (A style sheet's tab asks for /favicon.ico, which the site
 * does not have; that tab's console is not the app's.) */
async function outsideTheApp(app, fn, arg) {
  await app.page.goto('about:blank');
  const tab = await app.context.newPage();
  try {
    await tab.goto(app.url + 'style.css');
    assert.equal(await tab.evaluate(() => document.contentType), 'text/css');
    return await tab.evaluate(fn, arg);
  } finally {
    await tab.close();
  }
}

const runningSpec = (page) => page.getAttribute('[data-testid="arch-editor"]', 'data-running-spec');
const stat = (page, key) => page.$eval(STATS, (el, k) => el.dataset[k], key);

async function noticeText(page) {
  await page.waitForSelector(NOTICE, { timeout: 30_000 });
  return page.innerText(NOTICE);
}

/** Clicks Train, waits for images to be trained, clicks Pause: the app is usable. */
async function clickTrains(page, spec = DEFAULT) {
  assert.equal(await runningSpec(page), spec);
  const before = Number(await stat(page, 'imagesSeen'));
  await page.click('[data-testid="train-toggle"]');
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel).dataset.imagesSeen) > n,
    [STATS, before], { timeout: 60_000 });
  await page.click('[data-testid="train-toggle"]');
  await page.waitForFunction((sel) => document.querySelector(sel).dataset.state !== 'training…'
    && document.querySelector(sel).dataset.state !== 'training', STATS);
}

/** Opens a link that must be refused: the message names `pattern`, the default trains. */
async function refusedLink(app, hash, pattern) {
  await visit(app, hash);
  const text = await noticeText(app.page);
  assert.match(text, pattern, text);
  await clickTrains(app.page);
  return text;
}

test('links over the budget or off the data are refused; the default still trains', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  // Row 1: ~342 M parameters.
  await refusedLink(app, `#train&arch=${HUGE_DENSE}`, /342,\d{3},\d{3} parameters; the limit is 2,000,000/);
  for (const width of [375, 1920]) {
    await app.page.setViewportSize({ width, height: 900 });
    await app.page.locator(NOTICE).scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: artifact(`robust-refused-${width}.png`) });
  }
  await app.page.setViewportSize({ width: 1280, height: 900 });
  // Row 2: ~46 G multiply-adds (its parameters are over first).
  await refusedLink(app, `#train&arch=${HUGE_CONV}`, /parameters; the limit is 2,000,000/);
  // Row 5: five classes for ten labels.
  await refusedLink(app, `#train&arch=${FIVE_CLASSES}`, /5 outputs, but the data have 10 classes/);
  // The budget's edges: just over is refused, naming the figure and its limit...
  await refusedLink(app, '#train&arch=28x28x1|flatten|d2516|d10',
    /2,000,230 parameters; the limit is 2,000,000/);
  await refusedLink(app, `#train&arch=${wide(44)}`,
    /20,321,720 multiply-adds per image; the limit is 20,000,000/);
  await refusedLink(app, `#train&arch=${WIDE_MAPS}&batch=313`, /at batch 313 needs .* the limit is 1.07 GB/);
  // ...and just under is built and trains (the largest batch is only built).
  await visit(app, '#train&arch=28x28x1|flatten|d2515|d10');
  await clickTrains(app.page, '28x28x1|flatten|d2515|d10');
  // (batch 4: the image count moves per finished batch)
  await visit(app, `#train&arch=${wide(43)}&batch=4`);
  await clickTrains(app.page, wide(43));
  await visit(app, `#train&arch=${WIDE_MAPS}&batch=312`);
  assert.equal(await runningSpec(app.page), WIDE_MAPS);
  assert.equal(await app.page.$(NOTICE + '.error'), null, 'no error for the largest batch');
  app.assertClean();
});

test('the architecture editor says a draft is over budget, and Apply refuses it', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  await visit(app, '#train');
  const { page } = app;
  // Row 2 through the editor: wide 15x15 convolutions with 512 filters.
  await page.fill('[data-testid="arch-kernel-0"]', '15');
  await page.fill('[data-testid="arch-filters-0-0"]', '512');
  await page.fill('[data-testid="arch-filters-0-1"]', '512');
  await page.locator('[data-testid="arch-editor"] h3').click();
  const editor = page.locator('[data-testid="arch-editor"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="arch-editor"]').dataset.draftValid === 'false');
  const live = await page.innerText('[data-testid="arch-error"]');
  assert.match(live, /parameters; the limit is 2,000,000\. Apply would be refused/, live);
  // The totals still show what the draft would cost.
  assert.ok(Number(await page.getAttribute('[data-testid="arch-totals"]', 'data-params')) > 2_000_000);
  await page.click('[data-testid="arch-apply"]');
  await page.waitForTimeout(300);
  assert.equal(await editor.getAttribute('data-running-spec'), DEFAULT);
  assert.match(await page.innerText('[data-testid="arch-error"]'), /the limit is 2,000,000/);
  await page.click('[data-testid="arch-revert"]');
  await clickTrains(page);
  app.assertClean();
});

test('a huge weights file is refused before anything is built, by upload and by the JS API', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  await visit(app, '#train');
  // Row 3: ~150 bytes, valid checksum, parameter count 0, the spec of row 1.
  const tiny = cnnw(HUGE_DENSE, []);
  assert.ok(tiny.length < 160, `${tiny.length} bytes`);
  await app.page.setInputFiles('[data-testid="model-upload"]',
    { name: 'tiny.cnnw', mimeType: 'application/octet-stream', buffer: tiny });
  const text = await noticeText(app.page);
  assert.match(text, /tiny\.cnnw: the weights file's network is too big for this app: .*the limit is 2,000,000\. The current model is kept/, text);
  await clickTrains(app.page);
  // The JavaScript API: new Trainer and importWeights refuse with the same figures.
  const api = await app.page.evaluate(async ([huge, bytes, def]) => {
    const m = await import(new URL('pkg/cnn_playground.js', location.href).href);
    await m.default();
    const out = {};
    try { new m.Trainer(huge, 1); } catch (e) { out.ctor = e.message; }
    const t = new m.Trainer(def, 1);
    try { t.importWeights(new Uint8Array(bytes)); } catch (e) { out.import = e.message; }
    try { t.setBatchSize(100000); out.batch = 'clamped'; } catch (e) { out.batch = e.message; }
    out.spec = t.spec;
    return out;
  }, [HUGE_DENSE, [...tiny], DEFAULT]);
  assert.match(api.ctor, /parameters; the limit is 2,000,000/);
  assert.match(api.import, /too big for this app/);
  assert.equal(api.spec, DEFAULT);
  app.assertClean();
});

test('a huge learning rate: Reset, Step diverges; the weights shown, stored and exported are finite', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  // Row 4.
  await visit(app, '#train&lr=1000000&opt=sgd');
  await app.page.click('[data-testid="train-reset"]');
  await app.page.waitForFunction((sel) => document.querySelector(sel).dataset.imagesSeen === '0', STATS);
  await app.page.click('[data-testid="train-step"]');
  const text = await noticeText(app.page);
  assert.match(text, /Training diverged: the loss blew up at learning rate 1000000\. The last good weights are restored/);
  await app.page.waitForSelector('[data-testid="train-diverged"]');
  // Stored: the remembered model is the restored one, every value finite.
  await app.page.waitForFunction((k) => localStorage.getItem(k) !== null, MODEL_KEY);
  const stored = Buffer.from(await app.page.evaluate((k) => localStorage.getItem(k), MODEL_KEY), 'base64');
  assertFiniteFile(stored);
  // Exported: the download is the same finite model.
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.click('[data-testid="model-download"]'),
  ]);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const exported = Buffer.concat(chunks);
  assertFiniteFile(exported);
  assert.deepEqual(exported, stored);
  await screenshot(app.page, 'robust-diverged');
  // A lower rate clears the state; the plain link trains the (restored) default.
  await app.page.click('[data-testid="train-lower-lr"]');
  await app.page.waitForFunction((sel) => document.querySelector(sel).dataset.state !== 'diverged', STATS);
  await visit(app, '#train');
  await clickTrains(app.page);
  app.assertClean();
});

/** A weights file whose CRC holds and whose every parameter is finite. */
function assertFiniteFile(bytes) {
  assert.equal(bytes.subarray(0, 4).toString(), 'CNNW');
  const n = bytes.length - 4;
  assert.equal(bytes.readUInt32LE(n), crc32(bytes.subarray(0, n)));
  const specLen = bytes.readUInt32LE(8);
  const count = bytes.readUInt32LE(12 + specLen);
  for (let i = 0; i < count; i++) {
    assert.ok(Number.isFinite(bytes.readFloatLE(16 + specLen + 4 * i)), `parameter ${i}`);
  }
}

test('a stored model that is broken or over budget is ignored with a notice; Back to the pretrained model forgets', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  await visit(app, '#train');
  // Row 6: broken, then over budget (valid checksum), each forgotten on load.
  for (const [value, pattern] of [
    ['bm90IGEgbW9kZWw=', /ignored and forgotten: this is not a weights file/],
    [cnnw(HUGE_CONV, []).toString('base64'), /ignored and forgotten: the weights file's network is too big/],
  ]) {
    // The pretrained model's notice comes first, then the refusal replaces it.
    await outsideTheApp(app, ([k, v]) => localStorage.setItem(k, v), [MODEL_KEY, value]);
    await visit(app, '#train');
    await app.page.waitForFunction(([sel, re]) => new RegExp(re).test(document.querySelector(sel)?.innerText ?? ''),
      [NOTICE, pattern.source], { timeout: 15_000 }).catch(() => {});
    assert.match(await noticeText(app.page), pattern);
    assert.equal(await app.page.evaluate((k) => localStorage.getItem(k), MODEL_KEY), null);
    await clickTrains(app.page);
  }
  // A valid but unwanted model (the small reference net) wins every reload...
  const ref = '28x28x1|c8k5s1p0|relu|pool2s2|c16k5s1p0|relu|pool2s2|flatten|d10';
  await outsideTheApp(app, async ([k, spec]) => {
    const m = await import(new URL('pkg/cnn_playground.js', location.href).href);
    await m.default();
    const bytes = new m.Trainer(spec, 3).exportWeights();
    localStorage.setItem(k, btoa(String.fromCharCode(...bytes)));
  }, [MODEL_KEY, ref]);
  await visit(app, '#train&lr=0.01&seed=9');
  assert.equal(await runningSpec(app.page), ref);
  // ...until Back to the pretrained model forgets it and the settings.
  await app.page.click('[data-testid="back-to-pretrained"]');
  await app.page.waitForFunction((s) => document.querySelector('[data-testid="arch-editor"]')
    .getAttribute('data-running-spec') === s, DEFAULT);
  assert.match(await noticeText(app.page), /Loaded the default CNN, pretrained at build time/);
  assert.equal(new URL(app.page.url()).hash, '#train');
  assert.equal(await app.page.evaluate((k) => localStorage.getItem(k), MODEL_KEY), null);
  await visit(app, '#train');
  assert.equal(await runningSpec(app.page), DEFAULT);
  await clickTrains(app.page);
  app.assertClean();
});

test('the service worker caches one whole build under its hash; a glue/wasm mismatch has its own message', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  await visit(app, '#train');
  const build = await app.page.evaluate(async () => {
    const text = await (await fetch('sw-build.js')).text();
    // Every quoted string but the id is a file; one wasm build is not for this browser.
    return { id: /id: '([0-9a-f]+)'/.exec(text)[1], files: text.match(/'[^']+'/g).length - 2 };
  });
  // Row 7: the cache is named by the build and holds all of it, glue and wasm together.
  await app.page.waitForFunction(async ([id, n]) => {
    const keys = await caches.keys();
    if (keys.length !== 1 || keys[0] !== `cnn-playground-${id}`) return false;
    return (await (await caches.open(keys[0])).keys()).length >= n;
  }, [build.id, build.files], { timeout: 60_000 });
  const cached = await app.page.evaluate(async (id) => (await (await caches.open(`cnn-playground-${id}`)).keys())
    .map((r) => new URL(r.url).pathname), build.id);
  // Of the two wasm builds, only the one this browser runs (relaxed SIMD here).
  assert.ok(cached.includes('/pkg/cnn_playground.js') && cached.includes('/pkg/cnn_playground_relaxed_bg.wasm'), cached.join(' '));
  assert.ok(!cached.includes('/pkg/cnn_playground_bg.wasm'), cached.join(' '));
  app.assertClean();

  // A wasm from another build (it imports a function this glue does not have).
  const other = await openApp({ serviceWorkers: 'block' });
  t.after(() => other.close());
  await other.page.route('**/pkg/cnn_playground*_bg.wasm', (route) => route.fulfill({
    status: 200, contentType: 'application/wasm', body: wasmImporting('wbg', '__wbg_from_another_build'),
  }));
  await other.page.goto(other.url);
  const error = other.page.locator('[data-testid="start-error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /two different versions of the site .* Reload the page to finish the update/s);
  assert.doesNotMatch(await error.innerText(), /lacks WebAssembly SIMD/);
});

/** A wasm module whose only content is one function import `mod.name`. */
function wasmImporting(mod, name) {
  const str = (s) => [s.length, ...Buffer.from(s)];
  const section = (id, body) => [id, body.length, ...body];
  return Buffer.from([0, 97, 115, 109, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(2, [1, ...str(mod), ...str(name), 0, 0])]);
}

test('a panic shows a readable message on the page and in the console', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  await visit(app, '#train');
  // Row 8.
  await app.page.evaluate(async () => {
    const m = await import(new URL('pkg/cnn_playground.js', location.href).href);
    await m.default();
    try { m.crashReportCheck(); } catch { /* the trap after the hook */ }
  });
  const banner = app.page.locator('[data-testid="panic-message"]');
  await banner.waitFor();
  const text = await banner.innerText();
  assert.match(text, /stopped because of an internal error: crash report check requested from the console/);
  assert.match(text, /Reload the page to start again\. If it happens again, please report it/);
  assert.ok(app.errors.some((e) => e.includes('stopped because of an internal error')), app.errors.join('\n'));
  await screenshot(app.page, 'robust-panic');
});
