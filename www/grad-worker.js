// A gradient worker: computes one shard of a batch's gradient for the
// training worker (train-worker.js). Request and reply are ArrayBuffers in
// the format of src/session/wire.rs; the work is GradientWorker.compute.

import init, { GradientWorker } from './pkg/cnn_playground.js';

const ready = init().then(() => new GradientWorker());

self.onmessage = async (event) => {
  try {
    const g = await ready;
    const out = g.compute(new Uint8Array(event.data));
    self.postMessage(out.buffer, [out.buffer]);
  } catch (err) {
    self.postMessage({ error: String(err?.message || err) });
  }
};
