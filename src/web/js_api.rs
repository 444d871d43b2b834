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

use crate::core::bench::{matmul_gflops_with, train_macs_per_image, train_throughput_with, Clock};
use crate::core::{Hyper, Model, ModelSpec, OptimizerKind, Rng, StepOutcome, Trainer};
use crate::data::idx::load_dataset;
use crate::data::Dataset;
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
        let optimizer = match name {
            "adam" => OptimizerKind::ADAM,
            "sgd" => OptimizerKind::SGD_MOMENTUM,
            _ => {
                return Err(JsError::new(&format!(
                    "unknown optimizer '{name}' (use \"adam\" or \"sgd\")"
                )))
            }
        };
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

/// Training throughput in images/s: `steps` steps of `batch` random images
/// (after one warm-up step that sizes the buffers).
#[wasm_bindgen]
pub fn bench_train(spec_text: &str, batch: u32, steps: u32) -> Result<f64, JsError> {
    let spec = parse_spec(spec_text)?;
    let r = train_throughput_with(&spec, batch as usize, steps as u64, 0.0, &PerfClock)
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(r.images_per_sec)
}

/// Floating-point operations one training image costs for this spec (2 per
/// multiply-add: forward, weight gradients, input gradients except the first layer's).
#[wasm_bindgen]
pub fn train_flops_per_image(spec_text: &str) -> Result<f64, JsError> {
    let spec = parse_spec(spec_text)?;
    let model = Model::new(&spec, &mut Rng::new(0)).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(2.0 * train_macs_per_image(&model) as f64)
}

/// GFLOP/s of an `n x n x n` f32 matrix multiply on one core, run for about a second.
#[wasm_bindgen]
pub fn bench_matmul(n: u32) -> f64 {
    matmul_gflops_with(n.clamp(8, 2048) as usize, 1.0, &PerfClock)
}
