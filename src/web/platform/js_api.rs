//! The core as a plain JavaScript library (wasm only).
//!
//! ```js
//! import init, { Trainer, bench_train, bench_matmul } from "./pkg/cnn_playground.js";
//! await init();
//! const t = new Trainer("28x28x1|c8k5s1p0|relu|pool2s2|c16k5s1p0|relu|pool2s2|flatten|d10", 1);
//! t.loadTrain(trainImagesIdx, trainLabelsIdx);   // Uint8Arrays of IDX files
//! t.loadTest(testImagesIdx, testLabelsIdx);
//! t.train(250);                                   // 250 minibatch steps; returns mean loss
//! const [accuracy, loss] = t.evaluate();
//! const probs = t.predict(new Float32Array(784)); // 10 class probabilities
//! const bytes = t.exportWeights();                // a .cnnw file
//! t.importWeights(bytes);
//! ```
//!
//! Every method that can fail throws an `Error` with a readable message.

use crate::core::bench::{
    matmul_gflops_ndarray_with, matmul_gflops_with, ndarray_label, train_macs_per_image,
    train_throughput_with, Clock,
};
use crate::core::Dataset;
use crate::core::{Hyper, Model, ModelSpec, OptimizerKind, Rng, StepOutcome, Trainer};
use crate::formats::idx::load_dataset;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: present in windows and workers alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

struct PerfClock;
impl Clock for PerfClock {
    fn now_ms(&self) -> f64 {
        performance_now()
    }
}

fn parse_spec(text: &str) -> Result<ModelSpec, JsError> {
    let spec: ModelSpec = text.parse().map_err(|e| JsError::new(&format!("{e}")))?;
    spec.validate().map_err(|e| JsError::new(&e.to_string()))?;
    Ok(spec)
}

/// A network being trained: model, optimizer, data, position in the epoch.
#[wasm_bindgen(js_name = Trainer)]
pub struct JsTrainer {
    inner: Trainer,
    train: Option<Dataset>,
    test: Option<Dataset>,
}

#[wasm_bindgen(js_class = Trainer)]
impl JsTrainer {
    /// A fresh network from spec text (e.g. `28x28x1|c8k5s1p0|relu|...|d10`)
    /// and a seed. Throws when the spec does not parse or its shapes do not fit.
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &str, seed: u32) -> Result<JsTrainer, JsError> {
        let spec = parse_spec(spec)?;
        let inner = Trainer::new(&spec, seed as u64, Hyper::default())
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(JsTrainer {
            inner,
            train: None,
            test: None,
        })
    }

    /// Training images and labels as IDX file bytes. Returns the image count.
    #[wasm_bindgen(js_name = loadTrain)]
    pub fn load_train(&mut self, images: &[u8], labels: &[u8]) -> Result<usize, JsError> {
        let data = load_dataset(images, labels).map_err(|e| JsError::new(&e.to_string()))?;
        self.inner.check_data(&data).map_err(|e| JsError::new(&e))?;
        let n = data.len();
        self.train = Some(data);
        Ok(n)
    }

    /// Test images and labels as IDX file bytes. Returns the image count.
    #[wasm_bindgen(js_name = loadTest)]
    pub fn load_test(&mut self, images: &[u8], labels: &[u8]) -> Result<usize, JsError> {
        let data = load_dataset(images, labels).map_err(|e| JsError::new(&e.to_string()))?;
        self.inner.check_data(&data).map_err(|e| JsError::new(&e))?;
        let n = data.len();
        self.test = Some(data);
        Ok(n)
    }

    /// Runs `steps` minibatch steps; returns their mean loss. Throws without
    /// training data, or when the loss diverges (weights are then restored).
    pub fn train(&mut self, steps: u32) -> Result<f32, JsError> {
        let data = self
            .train
            .as_ref()
            .ok_or_else(|| JsError::new("no training data: call loadTrain first"))?;
        let mut sum = 0.0f64;
        for _ in 0..steps {
            match self.inner.step(data) {
                StepOutcome::Trained(s) => sum += s.loss as f64,
                StepOutcome::Diverged { lr } => {
                    return Err(JsError::new(&format!(
                    "training diverged at learning rate {lr}; the last good weights were restored"
                )))
                }
            }
        }
        Ok((sum / steps.max(1) as f64) as f32)
    }

    /// `[accuracy, loss]` on the test set (or the first `limit` test images).
    pub fn evaluate(&mut self, limit: Option<u32>) -> Result<Vec<f32>, JsError> {
        let data = self
            .test
            .as_ref()
            .ok_or_else(|| JsError::new("no test data: call loadTest first"))?;
        let e = self
            .inner
            .model_mut()
            .evaluate(data, limit.map(|l| l as usize));
        Ok(vec![e.accuracy, e.loss])
    }

    /// Class probabilities for one image (`c*h*w` values in 0..1).
    pub fn predict(&mut self, pixels: &[f32]) -> Result<Vec<f32>, JsError> {
        let want = self.inner.model().input_len();
        if pixels.len() != want {
            return Err(JsError::new(&format!(
                "the image has {} values, the network expects {want}",
                pixels.len()
            )));
        }
        Ok(self.inner.model_mut().predict(pixels))
    }

    /// The model as a weights file (spec + weights, checksummed).
    #[wasm_bindgen(js_name = exportWeights)]
    pub fn export_weights(&self) -> Vec<u8> {
        self.inner.model().to_bytes()
    }

    /// Replaces the model by the one in a weights file (any spec). On error the
    /// current model is kept.
    #[wasm_bindgen(js_name = importWeights)]
    pub fn import_weights(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        let model = Model::from_bytes(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        self.inner.set_model(model);
        Ok(())
    }

    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, lr: f32) {
        self.inner.set_hyper(Hyper {
            lr,
            ..self.inner.hyper()
        });
    }

    #[wasm_bindgen(js_name = setBatchSize)]
    pub fn set_batch_size(&mut self, batch: u32) {
        self.inner.set_hyper(Hyper {
            batch_size: batch.max(1) as usize,
            ..self.inner.hyper()
        });
    }

    /// `"adam"` or `"sgd"` (momentum 0.9).
    #[wasm_bindgen(js_name = setOptimizer)]
    pub fn set_optimizer(&mut self, name: &str) -> Result<(), JsError> {
        let optimizer = OptimizerKind::parse(name).ok_or_else(|| {
            JsError::new(&format!(
                "unknown optimizer '{name}' (use \"adam\" or \"sgd\")"
            ))
        })?;
        self.inner.set_hyper(Hyper {
            optimizer,
            ..self.inner.hyper()
        });
        Ok(())
    }

    /// Completed epochs.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> usize {
        self.inner.epoch()
    }

    /// Images trained on so far.
    #[wasm_bindgen(getter, js_name = imagesSeen)]
    pub fn images_seen(&self) -> f64 {
        self.inner.images_seen() as f64
    }

    /// The spec text of the current model.
    #[wasm_bindgen(getter)]
    pub fn spec(&self) -> String {
        self.inner.model().spec().to_string()
    }
}

/// With a spec: training throughput in images/s for `steps` steps (default 50)
/// of `batch` (default 64) random images, after one warm-up step.
///
/// With no arguments: a report string for the reference and default nets at
/// batch 64: images/s, achieved GFLOP/s, and the ratio to the matmul ceiling
/// (the better of our SIMD kernel and ndarray on a 512-cube; ndarray only in
/// builds with the `bench-ndarray` feature) measured in the same call.
#[wasm_bindgen]
pub fn bench_train(
    spec_text: Option<String>,
    batch: Option<u32>,
    steps: Option<u32>,
) -> Result<JsValue, JsError> {
    let batch = batch.unwrap_or(64).max(1) as usize;
    if let Some(text) = spec_text {
        let spec = parse_spec(&text)?;
        let steps = steps.unwrap_or(50) as u64;
        let r = train_throughput_with(&spec, batch, steps, 0.0, &PerfClock)
            .map_err(|e| JsError::new(&e.to_string()))?;
        return Ok(JsValue::from_f64(r.images_per_sec));
    }
    let ours = matmul_gflops_with(512, 1.0, &PerfClock);
    let nd = matmul_gflops_ndarray_with(512, 1.0, &PerfClock);
    let ceiling = nd.map_or(ours, |nd| ours.max(nd));
    let nd = ndarray_label(nd);
    let mut out = format!(
        "matmul 512^3, one thread: SIMD kernel {ours:.1} GFLOP/s, {nd}; ceiling {ceiling:.1}\n"
    );
    for (name, spec) in [
        ("reference", ModelSpec::reference()),
        ("default", ModelSpec::default_cnn()),
    ] {
        let r = train_throughput_with(&spec, batch, 5, 2.0, &PerfClock)
            .map_err(|e| JsError::new(&e.to_string()))?;
        out.push_str(&format!(
            "{name} net, batch {batch}: {:.0} images/s, {:.2} GFLOP/s = {:.0}% of the ceiling\n",
            r.images_per_sec,
            r.gflops,
            100.0 * r.gflops / ceiling
        ));
    }
    Ok(JsValue::from_str(&out))
}

/// Floating-point operations one training image costs for this spec (2 per
/// multiply-add: forward, weight gradients, input gradients except the first layer's).
#[wasm_bindgen]
pub fn train_flops_per_image(spec_text: &str) -> Result<f64, JsError> {
    let spec = parse_spec(spec_text)?;
    let model = Model::new(&spec, &mut Rng::new(0)).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(2.0 * train_macs_per_image(&model) as f64)
}

/// GFLOP/s of an `n x n x n` f32 matrix multiply (default 512) on one thread,
/// through the same GEMM the layers use, run for about a second.
#[wasm_bindgen]
pub fn bench_matmul(n: Option<u32>) -> f64 {
    matmul_gflops_with(n.unwrap_or(512).clamp(8, 2048) as usize, 1.0, &PerfClock)
}
