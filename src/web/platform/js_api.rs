//! The core as a plain JavaScript library (wasm only).
//!
//! ```js
//! import init, { Trainer } from "./pkg/cnn_playground.js";
//! await init();
//! const t = new Trainer("28x28x1|c8k5s1p0|relu|pool2s2|c16k5s1p0|relu|pool2s2|flatten|d10", 1);
//! t.loadTrain(trainImagesIdx, trainLabelsIdx);   // Uint8Arrays of IDX files
//! t.loadTest(testImagesIdx, testLabelsIdx);
//! t.train(250);                                   // 250 minibatch steps; returns mean loss
//! const loss = t.trainBatch(images, labels);      // one step on exactly these (Float32Array, Uint8Array)
//! const layers = t.getWeights();                  // [{ layer, name, shape, weights, bias }, ...]
//! t.setWeights(layers);
//! t.setOptimizer("sgd", 0);                       // plain SGD (momentum 0); "sgd" alone is momentum 0.9
//! const [accuracy, loss] = t.evaluate();
//! const probs = t.predict(new Float32Array(784)); // 10 class probabilities
//! const bytes = t.exportWeights();                // a .cnnw file
//! t.importWeights(bytes);
//! ```
//!
//! Every method that can fail throws an `Error` with a readable message.
//! The module works the same inside a (module) Web Worker. The benchmark
//! functions live beside it, in `js_bench.rs`.

use crate::core::layers::Layer;
use crate::core::Dataset;
use crate::core::{Hyper, Model, ModelSpec, OptimizerKind, StepOutcome, Trainer};
use crate::formats::idx::load_dataset;
use js_sys::{Array, Float32Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn js_failed(e: JsValue) -> JsError {
    JsError::new(&format!("{e:?}"))
}

/// Parses and validates spec text, as a JavaScript error when it fails.
pub(super) fn parse_spec(text: &str) -> Result<ModelSpec, JsError> {
    let spec: ModelSpec = text.parse().map_err(|e| JsError::new(&format!("{e}")))?;
    spec.validate().map_err(|e| JsError::new(&e.to_string()))?;
    Ok(spec)
}

/// The core's budget (`core::budget`) at `batch`, as a thrown message.
fn budget_check(spec: &ModelSpec, batch: usize) -> Result<(), JsError> {
    crate::core::budget::check(spec, batch)
        .map(|_| ())
        .map_err(|e| JsError::new(&e.to_string()))
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
        budget_check(&spec, Hyper::default().batch_size)?;
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
        budget_check(model.spec(), self.inner.hyper().batch_size)?;
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

    /// Throws (the size kept) when the network would not fit the budget at it.
    #[wasm_bindgen(js_name = setBatchSize)]
    pub fn set_batch_size(&mut self, batch: u32) -> Result<(), JsError> {
        let batch_size = (batch as usize).clamp(1, crate::core::MAX_BATCH);
        budget_check(self.inner.model().spec(), batch_size)?;
        self.inner.set_hyper(Hyper {
            batch_size,
            ..self.inner.hyper()
        });
        Ok(())
    }

    /// `"adam"`, or `"sgd"` with an optional momentum in `0..1` (default
    /// 0.9; 0 is plain SGD).
    #[wasm_bindgen(js_name = setOptimizer)]
    pub fn set_optimizer(&mut self, name: &str, momentum: Option<f32>) -> Result<(), JsError> {
        let optimizer = OptimizerKind::parse(name).ok_or_else(|| {
            JsError::new(&format!(
                "unknown optimizer '{name}' (use \"adam\" or \"sgd\")"
            ))
        })?;
        let optimizer = match (optimizer, momentum) {
            (o, None) => o,
            (OptimizerKind::Sgd { .. }, Some(m)) if (0.0..1.0).contains(&m) => {
                OptimizerKind::Sgd { momentum: m }
            }
            (OptimizerKind::Sgd { .. }, Some(m)) => {
                return Err(JsError::new(&format!(
                    "the momentum must be at least 0 and below 1, got {m}"
                )))
            }
            (_, Some(_)) => {
                return Err(JsError::new("Adam takes no momentum (it is SGD's setting)"))
            }
        };
        self.inner.set_hyper(Hyper {
            optimizer,
            ..self.inner.hyper()
        });
        Ok(())
    }

    // ---- trainBatch, getWeights, setWeights (TF.js-style habits) ----

    /// One optimizer step on exactly these images: `labels.length` images
    /// of `c*h*w` values each (0..1), at most 512. Returns the batch's mean
    /// loss (computed before the update). Throws on sizes that disagree, or
    /// when the loss diverges (the last good weights are then restored).
    #[wasm_bindgen(js_name = trainBatch)]
    pub fn train_batch(&mut self, images: &[f32], labels: &[u8]) -> Result<f32, JsError> {
        match self
            .inner
            .train_on(images, labels)
            .map_err(|e| JsError::new(&e))?
        {
            StepOutcome::Trained(s) => Ok(s.loss),
            StepOutcome::Diverged { lr } => Err(JsError::new(&format!(
                "training diverged at learning rate {lr}; the last good weights were restored"
            ))),
        }
    }

    /// The weights of every layer that has any, in spec order: an array of
    /// `{ layer, name, shape, weights, bias }`. `layer` is the spec index,
    /// `name` e.g. `"conv1"`; `weights` is a `Float32Array`, row-major in
    /// `shape`: `[out, in, kh, kw]` for a conv layer, `[units, inputs]` for
    /// a dense one (inputs in the flattened `c, h, w` order); `bias` has one
    /// value per output. The arrays are copies.
    #[wasm_bindgen(js_name = getWeights)]
    pub fn get_weights(&self) -> Result<Array, JsError> {
        let model = self.inner.model();
        let out = Array::new();
        for (i, (layer, info)) in model.layers().iter().zip(model.info()).enumerate() {
            let Some((w, b)) = layer.params() else {
                continue;
            };
            let shape: Vec<usize> = match layer {
                Layer::Conv(c) => vec![c.cfg.filters, c.cfg.input.c, c.cfg.kernel, c.cfg.kernel],
                Layer::Dense(d) => vec![d.units, d.inputs],
                _ => continue,
            };
            let obj = Object::new();
            let set = |k: &str, v: &JsValue| Reflect::set(&obj, &k.into(), v);
            set("layer", &JsValue::from(i as u32)).map_err(js_failed)?;
            set("name", &JsValue::from_str(&info.name)).map_err(js_failed)?;
            let dims = Array::new();
            for d in shape {
                dims.push(&JsValue::from(d as u32));
            }
            set("shape", &dims).map_err(js_failed)?;
            set("weights", &Float32Array::from(w).into()).map_err(js_failed)?;
            set("bias", &Float32Array::from(b).into()).map_err(js_failed)?;
            out.push(&obj);
        }
        Ok(out)
    }

    /// Sets weights from an array like [`getWeights`]'s: one entry per layer
    /// with weights, in order, each with `weights` and `bias` of the right
    /// lengths (`layer`, `name`, `shape` are not needed). All entries are
    /// checked before anything changes; the optimizer's state starts afresh.
    #[wasm_bindgen(js_name = setWeights)]
    pub fn set_weights(&mut self, layers: Array) -> Result<(), JsError> {
        let model = self.inner.model();
        let slots: Vec<usize> = (model.layers().iter().enumerate())
            .filter(|(_, l)| l.params().is_some())
            .map(|(i, _)| i)
            .collect();
        if layers.length() as usize != slots.len() {
            return Err(JsError::new(&format!(
                "the network has {} layers with weights, got {} entries",
                slots.len(),
                layers.length()
            )));
        }
        let mut values = Vec::with_capacity(slots.len());
        for (entry, &slot) in layers.iter().zip(&slots) {
            let (want_w, want_b) = model.layers()[slot]
                .params()
                .map_or((0, 0), |(w, b)| (w.len(), b.len()));
            let name = model.info()[slot].name.clone();
            // Lengths are checked before anything is copied, values before
            // anything changes: a wrong or non-finite entry leaves the model.
            let get = |k: &str, want: usize| -> Result<Vec<f32>, JsError> {
                let v = Reflect::get(&entry, &k.into()).map_err(js_failed)?;
                let arr = v.dyn_into::<Float32Array>().map_err(|_| {
                    JsError::new(&format!(
                        "layer {} ({name}): {k} must be a Float32Array",
                        slot + 1
                    ))
                })?;
                if arr.length() as usize != want {
                    return Err(JsError::new(&format!(
                        "layer {} ({name}) needs {want} values in {k}, got {}",
                        slot + 1,
                        arr.length()
                    )));
                }
                let values = arr.to_vec();
                if let Some(i) = values.iter().position(|x| !x.is_finite()) {
                    return Err(JsError::new(&format!(
                        "layer {} ({name}): {k}[{i}] is {}, not a finite number",
                        slot + 1,
                        values[i]
                    )));
                }
                Ok(values)
            };
            values.push((slot, get("weights", want_w)?, get("bias", want_b)?));
        }
        let mut trial = self.inner.model().clone();
        for (slot, w, b) in &values {
            trial
                .set_layer_params(*slot, w, b)
                .map_err(|e| JsError::new(&e))?;
        }
        self.inner.set_model(trial);
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
