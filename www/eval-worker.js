// The evaluation worker: evaluates the held-out set on the weights the page
// sends, off the page's main thread, while workers train. Its first message
// names the build to load, { init: { glue, wasm } }, the one the page and the
// training workers run. Then the held-out set (once per data load) and
// evaluation requests arrive, and evaluations go back, as ArrayBuffers in the
// format of src/session/wire.rs; the logic is EvalWorker (src/session/evaluator.rs).

let chosen;
const ready = new Promise((resolve) => { chosen = resolve; }).then(async (b) => {
  const glue = await import(b.glue);
  await glue.default({ module_or_path: b.wasm });
  return new glue.EvalWorker();
});
const inbox = [];
let scheduled = false;

self.onmessage = (event) => {
  const data = event.data;
  if (data && !(data instanceof ArrayBuffer) && data.init) {
    chosen(data.init);
    return;
  }
  inbox.push(data);
  if (!scheduled) {
    scheduled = true;
    // Let the messages already sent arrive first: a newer request replaces
    // an older one that has not started.
    setTimeout(pump, 0);
  }
};

async function pump() {
  try {
    const w = await ready;
    scheduled = false;
    while (inbox.length) w.receive(new Uint8Array(inbox.shift()));
    const out = w.work();
    if (out) self.postMessage(out.buffer, [out.buffer]);
  } catch (err) {
    self.postMessage({ error: String(err?.message || err) });
  }
}
