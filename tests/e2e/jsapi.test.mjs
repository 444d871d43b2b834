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
    const nTrain = t.loadTrain(await bytes('subset-train-images-idx3-ubyte.gz'), await bytes('subset-train-labels-idx1-ubyte.gz'));
    const nTest = t.loadTest(await bytes('subset-test-images-idx3-ubyte.gz'), await bytes('subset-test-labels-idx1-ubyte.gz'));
    const before = t.evaluate(500)[0];
    t.train(150);
    const after = t.evaluate(500)[0];
    const probs = Array.from(t.predict(new Float32Array(784)));
    const saved = t.exportWeights();
    const twin = new m.Trainer('28x28x1|c8k5s1p0|relu|pool2s2|c16k5s1p0|relu|pool2s2|flatten|d10', 99);
    twin.loadTest(await bytes('subset-test-images-idx3-ubyte.gz'), await bytes('subset-test-labels-idx1-ubyte.gz'));
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

test('trainBatch, getWeights/setWeights, plain SGD; the Trainer inside a worker', async (t) => {
  const app = await openApp();
  t.after(() => app.close());
  await app.page.goto(app.url);
  await waitForData(app.page);
  const SPEC = '28x28x1|c8k5s1p0|relu|pool2s2|c16k5s1p0|relu|pool2s2|flatten|d10';
  // The README's lines, then checks of what they promise. Runs in the page
  // and, unchanged, inside the app's training worker.
  const body = async (spec) => {
    const m = await import('./pkg/cnn_playground.js');
    await m.default();
    const bytes = async (f) => new Uint8Array(await (await fetch(`static/data/${f}`)).arrayBuffer());
    const t = new m.Trainer(spec, 1);
    t.loadTest(await bytes('subset-test-images-idx3-ubyte.gz'), await bytes('subset-test-labels-idx1-ubyte.gz'));
    // 16 images of the test set, as Float32Array pixels and Uint8Array labels
    // (read from the inflated IDX files).
    const inflated = async (f) => new Uint8Array(await new Response(
      (await fetch(`static/data/${f}`)).body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    const idx = await inflated('subset-test-images-idx3-ubyte.gz');
    const lab = await inflated('subset-test-labels-idx1-ubyte.gz');
    const images = Float32Array.from(idx.subarray(16, 16 + 16 * 784), (v) => v / 255);
    const labels = lab.slice(8, 8 + 16);
    const first = t.trainBatch(images, labels);
    let loss = first;
    for (let i = 0; i < 30; i++) loss = t.trainBatch(images, labels);
    const layers = t.getWeights();
    const shapes = layers.map((l) => [l.layer, l.name, l.shape.join('x'), l.weights.length, l.bias.length]);
    const accBefore = t.evaluate(300)[0];
    const twin = new m.Trainer(spec, 42);
    twin.loadTest(await bytes('subset-test-images-idx3-ubyte.gz'), await bytes('subset-test-labels-idx1-ubyte.gz'));
    twin.setWeights(layers);
    const twinAcc = twin.evaluate(300)[0];
    const zeroed = t.getWeights();
    zeroed[0].weights.fill(0);
    t.setWeights(zeroed);
    const zeroNow = t.getWeights()[0].weights.every((v) => v === 0);
    const errors = {};
    const tryIt = (name, f) => { try { f(); errors[name] = ''; } catch (e) { errors[name] = String(e.message || e); } };
    tryIt('short', () => t.trainBatch(images.subarray(1), labels));
    tryIt('label', () => t.trainBatch(images.subarray(0, 784), new Uint8Array([12])));
    tryIt('layers', () => t.setWeights(layers.slice(1)));
    tryIt('length', () => { const l = t.getWeights(); l[2].bias = new Float32Array(3); t.setWeights(l); });
    tryIt('finite', () => { const l = t.getWeights(); l[1].weights[5] = NaN; t.setWeights(l); });
    tryIt('big', () => t.trainBatch(new Float32Array(513 * 784), new Uint8Array(513)));
    const kept = t.getWeights()[0].weights.every((v) => v === 0);
    tryIt('momentum', () => t.setOptimizer('sgd', 1.5));
    // Plain SGD: with momentum 0, two steps on the same batch move the
    // weights about equally; with momentum 0.9 the second is much larger.
    const plain = new m.Trainer(spec, 3);
    plain.setOptimizer('sgd', 0);
    plain.setLearningRate(0.01);
    const b = () => plain.getWeights()[2].bias.slice();
    const d = (a, c) => Math.hypot(...a.map((v, i) => v - c[i]));
    const p0 = b(); plain.trainBatch(images, labels); const p1 = b(); plain.trainBatch(images, labels); const p2 = b();
    const heavy = new m.Trainer(spec, 3);
    heavy.setOptimizer('sgd', 0.9);
    heavy.setLearningRate(0.01);
    const hb = () => heavy.getWeights()[2].bias.slice();
    const h0 = hb(); heavy.trainBatch(images, labels); const h1 = hb(); heavy.trainBatch(images, labels); const h2 = hb();
    return {
      first, loss, shapes, accBefore, twinAcc, zeroNow, kept, errors, seen: t.imagesSeen,
      plain: [d(p1, p0), d(p2, p1)], heavy: [d(h1, h0), d(h2, h1)],
      inWorker: typeof window === 'undefined',
    };
  };
  const inPage = await app.page.evaluate(body, SPEC);
  // The app trains in a module worker: run the same code there.
  const worker = app.page.workers().find((w) => w.url().endsWith('/train-worker.js'));
  assert.ok(worker, 'the training worker is running');
  const inWorker = await worker.evaluate(body, SPEC);
  console.log('js api:', JSON.stringify(inPage));
  for (const r of [inPage, inWorker]) {
    assert.ok(r.loss < r.first * 0.5, `trainBatch lowers the loss: ${r.first} -> ${r.loss}`);
    assert.deepEqual(r.shapes, [
      [0, 'conv1', '8x1x5x5', 200, 8],
      [3, 'conv2', '16x8x5x5', 3200, 16],
      [7, 'dense1', '10x256', 2560, 10],
    ]);
    assert.equal(r.twinAcc, r.accBefore, 'setWeights carries the model over exactly');
    assert.ok(r.zeroNow && r.kept, 'a refused setWeights changes nothing');
    assert.match(r.errors.short, /pixel values/);
    assert.match(r.errors.label, /label 12/);
    assert.match(r.errors.layers, /3 layers with weights, got 2/);
    assert.match(r.errors.length, /layer 8 \(dense1\) needs 10 values in bias, got 3/);
    assert.match(r.errors.finite, /conv2\): weights\[5\] is NaN, not a finite number/);
    assert.match(r.errors.big, /1 to 512 images/);
    assert.match(r.errors.momentum, /below 1/);
    assert.equal(r.seen, 31 * 16);
    assert.ok(Math.abs(r.plain[1] / r.plain[0] - 1) < 0.2, `plain SGD steps ${r.plain}`);
    assert.ok(r.heavy[1] > r.heavy[0] * 1.5, `momentum 0.9 steps ${r.heavy}`);
  }
  assert.equal(inPage.inWorker, false);
  assert.equal(inWorker.inWorker, true);
  app.assertClean();
});
