//! A sequential network built from a [`ModelSpec`].
//!
//! API CONTRACT (kept stable for the UI): the public items below. Bodies are
//! being written; internals may be restructured freely.

use super::optim::Optimizer;
use super::rng::Rng;
use super::spec::{LayerInfo, ModelSpec, SpecError};
use crate::data::Dataset;
use ndarray::{Array3, ArrayView4};

/// Loss and number correct for one training batch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchStats {
    /// Mean cross-entropy over the batch.
    pub loss: f32,
    pub correct: usize,
    pub batch: usize,
}

/// Result of evaluating a model on a dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub loss: f32,
    pub accuracy: f32,
    /// `confusion[true][predicted]` counts.
    pub confusion: Vec<Vec<u32>>,
    /// Per image: predicted class and the full probability vector.
    pub predictions: Vec<(usize, Vec<f32>)>,
}

/// Every layer's output for one image, plus the class probabilities.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// One `c x h x w` array per layer, in spec order (shape = `LayerInfo::output`).
    pub outputs: Vec<Array3<f32>>,
    pub probs: Vec<f32>,
}

/// A trainable network.
pub struct Model {
    _todo: (),
}

impl Model {
    /// Validates `spec` and initializes weights (He-uniform, biases zero) from `rng`.
    pub fn new(spec: &ModelSpec, rng: &mut Rng) -> Result<Model, SpecError> {
        let _ = (spec, rng);
        todo!()
    }
    pub fn spec(&self) -> &ModelSpec {
        todo!()
    }
    /// Per-layer shapes, params and MACs (from validation).
    pub fn info(&self) -> &[LayerInfo] {
        todo!()
    }
    pub fn classes(&self) -> usize {
        todo!()
    }
    /// Class probabilities for one image (`spec.input.len()` values).
    pub fn predict(&mut self, image: &[f32]) -> Vec<f32> {
        let _ = image;
        todo!()
    }
    /// Forward pass on one image, keeping every layer's output.
    pub fn trace(&mut self, image: &[f32]) -> Trace {
        let _ = image;
        todo!()
    }
    /// One optimizer step on a batch: `images` is `n * input.len()` values.
    pub fn train_batch(
        &mut self,
        images: &[f32],
        labels: &[u8],
        opt: &mut Optimizer,
    ) -> BatchStats {
        let _ = (images, labels, opt);
        todo!()
    }
    /// Loss, accuracy, confusion and per-image predictions on the first `limit` images.
    pub fn evaluate(&mut self, data: &Dataset, limit: Option<usize>) -> Evaluation {
        let _ = (data, limit);
        todo!()
    }
    /// Weights `[out, in, kh, kw]` of the conv layer at spec index `layer`.
    pub fn conv_weights(&self, layer: usize) -> Option<ArrayView4<'_, f32>> {
        let _ = layer;
        todo!()
    }
    /// Overwrites weights and biases of the layer at spec index `layer` (conv or dense).
    pub fn set_layer_params(
        &mut self,
        layer: usize,
        weights: &[f32],
        bias: &[f32],
    ) -> Result<(), String> {
        let _ = (layer, weights, bias);
        todo!()
    }
    /// All parameters, flat, in a fixed order.
    pub fn params_flat(&self) -> Vec<f32> {
        todo!()
    }
    /// Inverse of [`Model::params_flat`]; refuses a wrong length.
    pub fn set_params_flat(&mut self, values: &[f32]) -> Result<(), String> {
        let _ = values;
        todo!()
    }
}
