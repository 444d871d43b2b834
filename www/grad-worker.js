// A gradient worker: computes one shard of a batch's gradient for the
// training worker (train-worker.js). Its first message names the build to
// load, { init: { glue, wasm } }, the one the page and the training worker
// run. Requests and replies are ArrayBuffers in the format of
// src/session/wire.rs; the work is GradientWorker.compute.

let chosen;
const ready = new Promise((resolve) => { chosen = resolve; }).then(async (b) => {
  const glue = await import(b.glue);
  await glue.default({ module_or_path: b.wasm });
  return new glue.GradientWorker();
});

self.onmessage = async (event) => {
  const data = event.data;
  if (data && !(data instanceof ArrayBuffer) && data.init) {
    chosen(data.init);
    return;
  }
  try {
    const g = await ready;
    const out = g.compute(new Uint8Array(data));
    self.postMessage(out.buffer, [out.buffer]);
  } catch (err) {
    self.postMessage({ error: String(err?.message || err) });
  }
};
