// The core as a plain JavaScript library: the README's example, run for real.

import test from 'node:test';
import assert from 'node:assert/strict';
import { openApp, waitForData } from './harness.mjs';

test('the Trainer class trains, evaluates, predicts and round-trips weights', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  await app.page.goto(app.url);
  await waitForData(app.page);
  const r = await app.page.evaluate(async () => {
    const m = await import('./pkg/cnn_playground.js');
    await m.default();
    const bytes = async (f) => new Uint8Array(await (await fetch(`static/data/${f}`)).arrayBuffer());
    const t = new m.Trainer('28x28x1|c8k5s1p0|relu|pool2s2|c16k5s1p0|relu|pool2s2|flatten|d10', 1);
    const nTrain = t.loadTrain(await bytes('subset-train-images-idx3-ubyte'), await bytes('subset-train-labels-idx1-ubyte'));
    const nTest = t.loadTest(await bytes('subset-test-images-idx3-ubyte'), await bytes('subset-test-labels-idx1-ubyte'));
    const before = t.evaluate(500)[0];
    t.train(150);
    const after = t.evaluate(500)[0];
    const probs = Array.from(t.predict(new Float32Array(784)));
    const saved = t.exportWeights();
    const twin = new m.Trainer('28x28x1|c8k5s1p0|relu|pool2s2|c16k5s1p0|relu|pool2s2|flatten|d10', 99);
    twin.loadTest(await bytes('subset-test-images-idx3-ubyte'), await bytes('subset-test-labels-idx1-ubyte'));
    twin.importWeights(saved);
    const twinAcc = twin.evaluate(500)[0];
    let badSpec = '';
    try { new m.Trainer('28x28x1|c8k29|d10', 1); } catch (e) { badSpec = String(e.message || e); }
    let badFile = '';
    const broken = saved.slice(0, saved.length - 7);
    try { twin.importWeights(broken); } catch (e) { badFile = String(e.message || e); }
    const stillAcc = twin.evaluate(500)[0];
    return { nTrain, nTest, before, after, probs, twinAcc, badSpec, badFile, stillAcc, seen: t.imagesSeen };
  });
  console.log('js api:', JSON.stringify({ ...r, probs: undefined }));
  assert.equal(r.nTrain, 8000);
  assert.equal(r.nTest, 2000);
  assert.ok(r.after > r.before + 0.3, `accuracy rose from ${r.before} to ${r.after}`);
  assert.ok(r.after > 0.8, `after 150 steps: ${r.after}`);
  assert.equal(r.probs.length, 10);
  assert.ok(Math.abs(r.probs.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  assert.equal(r.twinAcc, r.after, 'imported weights give the same accuracy');
  assert.match(r.badSpec, /conv1/);
  assert.ok(r.badFile.length > 0, 'a truncated file throws');
  assert.equal(r.stillAcc, r.after, 'a refused file leaves the model as it was');
  app.assertClean();
});
