// The training worker: trains the page's network with the wasm core, off the
// page's main thread, and splits each batch across gradient workers
// (grad-worker.js) when asked to use more than one.
//
// Every message is an ArrayBuffer in the format of src/session/wire.rs; this
// script only moves them and keeps the loop going. The logic is in Rust
// (src/session/worker.rs, wrapped by src/web/platform/worker_api.rs).

// The page's first message names the build it runs, { init: { glue, wasm } }
// (URLs of the wasm-bindgen glue and its .wasm): the worker and its gradient
// workers load exactly that build, so page and workers never differ.

// Training alone, look at the inbox after this much work; with gradient
// workers every step waits for their replies, which lets messages in anyway.
const SLICE_MS = 25;

let build = null;
let chosen;
const ready = new Promise((resolve) => { chosen = resolve; }).then(async (b) => {
  const glue = await import(b.glue);
  await glue.default({ module_or_path: b.wasm });
  return new glue.TrainingWorker();
});
const inbox = [];
let pumping = false;
/** Gradient workers for shards 1..W-1, each { worker, pending }. */
let helpers = [];

self.onmessage = (event) => {
  const data = event.data;
  if (data && !(data instanceof ArrayBuffer) && data.init) {
    build = data.init;
    chosen(build);
    return;
  }
  inbox.push(data);
  if (!pumping) pump();
};

// A task boundary cheaper than setTimeout (no 4 ms clamp).
const channel = new MessageChannel();
let wake = null;
channel.port1.onmessage = () => wake?.();
const yieldTask = () => new Promise((resolve) => { wake = resolve; channel.port2.postMessage(0); });

function send(bytes) {
  if (bytes) self.postMessage(bytes.buffer, [bytes.buffer]);
}

function fail(err) {
  self.postMessage({ error: String(err?.message || err) });
}

async function pump() {
  pumping = true;
  try {
    const w = await ready;
    for (;;) {
      while (inbox.length) w.receive(new Uint8Array(inbox.shift()));
      resizeHelpers(w.workers() - 1);
      if (!w.wantsToTrain()) break;
      // Training alone, steps go in slices. With gradient workers, messages
      // come in after every step: a step that waited for them let them in
      // anyway, and one trained here while a core is lent yields, so that
      // the page's word to stop lending is heard at once.
      const until = performance.now() + SLICE_MS;
      let waited;
      do {
        waited = await step(w);
        send(w.report(false));
      } while (helpers.length === 0 && w.wantsToTrain() && performance.now() < until);
      if (!waited) await yieldTask();
    }
    send(w.report(true));
  } catch (err) {
    fail(err);
  } finally {
    pumping = false;
  }
}

/** One step: shards 1.. to the gradient workers, shard 0 (and a lent
 * shard) here, then the sum in shard order. True when it waited for
 * gradient workers. */
async function step(w) {
  const requests = w.open();
  if (!requests) return false;
  const replies = requests.map((bytes, i) => ask(helpers[i], bytes));
  const all = Promise.all(replies);
  all.catch(() => {}); // awaited below, unless shard 0 fails first
  let grads;
  try {
    w.trainFirst();
    grads = await all;
  } catch (err) {
    w.abandon();
    throw err;
  }
  for (const g of grads) w.addShard(new Uint8Array(g));
  return requests.length > 0;
}

function ask(helper, bytes) {
  return new Promise((resolve, reject) => {
    if (helper.failed) {
      reject(helper.failed);
      return;
    }
    helper.pending = { resolve, reject };
    helper.worker.postMessage(bytes.buffer, [bytes.buffer]);
  });
}

function resizeHelpers(count) {
  while (helpers.length > count) helpers.pop().worker.terminate();
  while (helpers.length < count) {
    const helper = {
      worker: new Worker(new URL('./grad-worker.js', import.meta.url), { type: 'module' }),
      pending: null,
      failed: null,
    };
    const settle = (fn, value) => {
      const p = helper.pending;
      helper.pending = null;
      p?.[fn](value);
    };
    helper.worker.onmessage = (e) => {
      if (e.data instanceof ArrayBuffer) settle('resolve', e.data);
      else settle('reject', new Error(e.data?.error || 'a gradient worker failed'));
    };
    helper.worker.onerror = (e) => {
      e.preventDefault();
      helper.failed = new Error(`a gradient worker failed: ${e.message || 'load error'}`);
      settle('reject', helper.failed);
    };
    helper.worker.postMessage({ init: build });
    helpers.push(helper);
  }
}
