//! What the worker scripts call (wasm only): `www/train-worker.js` drives a
//! [`TrainingWorker`](crate::session::worker::TrainingWorker),
//! `www/grad-worker.js` a [`GradientWorker`](crate::session::worker::GradientWorker)
//! and `www/eval-worker.js` an [`EvalWorker`](crate::session::evaluator::EvalWorker).
//!
//! Messages are the byte strings of `session::wire`; the scripts only move
//! them (as transferable buffers) and keep the loop going.

use crate::session::evaluator::EvalWorker;
use crate::session::remote::REPORT_EVERY_MS;
use crate::session::wire;
use crate::session::worker::{GradientWorker, TrainingWorker};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: present in windows and workers alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

fn js_err(e: String) -> JsError {
    JsError::new(&e)
}

/// The training worker's state (see `session::worker`).
#[wasm_bindgen(js_name = TrainingWorker)]
pub struct JsTrainingWorker {
    inner: TrainingWorker,
    last_report_ms: f64,
}

impl Default for JsTrainingWorker {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen(js_class = TrainingWorker)]
impl JsTrainingWorker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsTrainingWorker {
        JsTrainingWorker {
            inner: TrainingWorker::new(),
            last_report_ms: 0.0,
        }
    }

    /// A message from the page: a command or the training set.
    pub fn receive(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        if wire::tag(bytes) == 8 {
            self.inner
                .set_data(wire::decode_data(bytes).map_err(js_err)?);
            return Ok(());
        }
        let c = wire::decode_command(bytes).map_err(js_err)?;
        self.inner.apply(c).map_err(js_err)
    }

    #[wasm_bindgen(js_name = wantsToTrain)]
    pub fn wants_to_train(&self) -> bool {
        self.inner.wants_to_train()
    }

    /// Workers each batch is split across, this one included.
    pub fn workers(&self) -> usize {
        self.inner.workers()
    }

    /// Opens the next batch. Returns the requests for the gradient
    /// workers' shards (one `Uint8Array` per gradient worker, in order,
    /// shards `1..W` but a lent one; an empty shard gets none), or
    /// `undefined` when training stopped.
    pub fn open(&mut self) -> Option<js_sys::Array> {
        self.inner.open()?;
        let out = js_sys::Array::new();
        for k in self.inner.remote_shards() {
            match self.inner.shard_request(k) {
                Some(q) => out.push(&js_sys::Uint8Array::from(&wire::encode_shard(&q)[..])),
                None => break,
            };
        }
        Some(out)
    }

    /// Trains shard 0 here and times it (the single-thread speed), then
    /// the lent shard, if a core is lent.
    #[wasm_bindgen(js_name = trainFirst)]
    pub fn train_first(&mut self) -> Result<(), JsError> {
        let n = self.inner.first_len();
        let t0 = performance_now();
        self.inner.train_first();
        self.inner.note_core_time(n, performance_now() - t0);
        self.inner.train_lent().map_err(js_err)
    }

    /// Adds the next shard's gradient (a gradient worker's reply).
    #[wasm_bindgen(js_name = addShard)]
    pub fn add_shard(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        let (grads, stats) = wire::decode_grads(bytes).map_err(js_err)?;
        self.inner.add_shard(&grads, stats).map_err(js_err)
    }

    /// Drops the open batch (a gradient worker failed).
    pub fn abandon(&mut self) {
        self.inner.abandon_batch();
    }

    /// A report for the page when one is due: urgent, or news and the
    /// interval passed. With `flush` (the worker stops until the next
    /// command) always: the page waits for it to finish a pause.
    pub fn report(&mut self, flush: bool) -> Option<Vec<u8>> {
        let now = performance_now();
        let due = flush
            || self.inner.report_urgent()
            || (self.inner.has_news() && now - self.last_report_ms >= REPORT_EVERY_MS);
        if !due {
            return None;
        }
        self.last_report_ms = now;
        self.inner.report().map(|r| wire::encode_report(&r))
    }
}

/// A gradient worker's state (see `session::worker`).
#[wasm_bindgen(js_name = GradientWorker)]
#[derive(Default)]
pub struct JsGradientWorker {
    inner: GradientWorker,
}

#[wasm_bindgen(js_class = GradientWorker)]
impl JsGradientWorker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsGradientWorker {
        JsGradientWorker::default()
    }

    /// A shard request in, that shard's gradient out (both `session::wire` bytes).
    pub fn compute(&mut self, bytes: &[u8]) -> Result<Vec<u8>, JsError> {
        let q = wire::decode_shard(bytes).map_err(js_err)?;
        let (grads, stats) = self.inner.compute(&q).map_err(js_err)?;
        Ok(wire::encode_grads(grads, &stats))
    }
}

/// The evaluation worker's state (see `session::evaluator`).
#[wasm_bindgen(js_name = EvalWorker)]
#[derive(Default)]
pub struct JsEvalWorker {
    inner: EvalWorker,
}

#[wasm_bindgen(js_class = EvalWorker)]
impl JsEvalWorker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsEvalWorker {
        JsEvalWorker::default()
    }

    /// A message from the page: the held-out set or an evaluation request.
    pub fn receive(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        if wire::tag(bytes) == 8 {
            self.inner
                .set_test(wire::decode_data(bytes).map_err(js_err)?);
            return Ok(());
        }
        let q = wire::decode_eval_request(bytes).map_err(js_err)?;
        self.inner.ask(q);
        Ok(())
    }

    /// Evaluates the newest request, if one waits: the evaluation's bytes.
    pub fn work(&mut self) -> Result<Option<Vec<u8>>, JsError> {
        match self.inner.work() {
            Some(r) => Ok(Some(wire::encode_eval_result(&r.map_err(js_err)?))),
            None => Ok(None),
        }
    }
}
