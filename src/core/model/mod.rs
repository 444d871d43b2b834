//! A sequential network built from a [`ModelSpec`]: layers plus the reusable
//! per-batch buffers that carry activations and their gradients.
//!
//! Buffers only grow: they are sized for the largest batch seen, so a training
//! loop at a fixed batch size allocates nothing after its first step.
//!
//! Building and the forward pass are here; inference and evaluation in
//! `eval.rs`, training's forward + backward in `gradients.rs`.

mod eval;
mod gradients;

pub use eval::{Evaluation, Trace, TraceJob};
pub use gradients::BatchStats;

use super::layers::{grow, Layer};
use super::rng::Rng;
use super::spec::{LayerInfo, ModelSpec, SpecError};

/// A trainable network.
#[derive(Clone, Debug)]
pub struct Model {
    spec: ModelSpec,
    info: Vec<LayerInfo>,
    classes: usize,
    layers: Vec<Layer>,
    /// First layer with parameters: nothing before it needs a backward pass,
    /// and it needs no input gradient.
    first_trainable: usize,
    /// `acts[l]`: output of layer `l`, `[cap, info[l].output.len()]`.
    acts: Vec<Vec<f32>>,
    /// `grads[l]`: gradient of the loss w.r.t. `acts[l]` (only for `l >= first_trainable`).
    grads: Vec<Vec<f32>>,
    /// `[cap, classes]`
    probs: Vec<f32>,
    /// Largest batch the buffers hold.
    cap: usize,
}

impl Model {
    /// Validates `spec` and initializes weights (He-uniform, biases zero) from `rng`.
    pub fn new(spec: &ModelSpec, rng: &mut Rng) -> Result<Model, SpecError> {
        let info = spec.validate()?;
        // One image: the least any use of a model allocates (a trace). Callers
        // that train check their batch through `budget::check` first.
        crate::core::budget::check_info(&info, spec.input, 1)?;
        Ok(Model::build(spec, info, rng))
    }

    /// A model that is only run forward in pieces ([`Model::start_trace`],
    /// [`Model::trace_step`]), such as a network's filters slid over a
    /// larger scene: checked against [`budget::check_sliced`](crate::core::budget::check_sliced),
    /// whose multiply-add limit is higher because no piece runs long.
    pub fn new_sliced(spec: &ModelSpec, rng: &mut Rng) -> Result<Model, SpecError> {
        let info = spec.validate()?;
        crate::core::budget::check_sliced(&info, spec.input)?;
        Ok(Model::build(spec, info, rng))
    }

    fn build(spec: &ModelSpec, info: Vec<LayerInfo>, rng: &mut Rng) -> Model {
        let layers: Vec<Layer> = info.iter().map(|i| Layer::new(i, rng)).collect();
        let first_trainable = layers
            .iter()
            .position(|l| l.params().is_some())
            .unwrap_or(layers.len());
        let classes = info.last().map(|l| l.output.len()).unwrap_or(0);
        Model {
            spec: spec.clone(),
            acts: vec![Vec::new(); info.len()],
            grads: vec![Vec::new(); info.len()],
            info,
            classes,
            layers,
            first_trainable,
            probs: Vec::new(),
            cap: 0,
        }
    }
    pub fn spec(&self) -> &ModelSpec {
        &self.spec
    }
    /// Per-layer shapes, params and MACs (from validation).
    pub fn info(&self) -> &[LayerInfo] {
        &self.info
    }
    pub fn classes(&self) -> usize {
        self.classes
    }
    /// Values per input image.
    pub fn input_len(&self) -> usize {
        self.spec.input.len()
    }
    /// The layers, in spec order (for inspection and tests).
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }
    pub(crate) fn layers_mut(&mut self) -> &mut [Layer] {
        &mut self.layers
    }

    /// Grows every buffer to hold a batch of `n`. A no-op when it already fits.
    pub fn reserve(&mut self, n: usize) {
        if n <= self.cap {
            return;
        }
        let ft = self.first_trainable;
        for (l, layer) in self.layers.iter_mut().enumerate() {
            let len = n * self.info[l].output.len();
            grow(&mut self.acts[l], len, 0.0);
            if l >= ft {
                grow(&mut self.grads[l], len, 0.0);
            }
            layer.reserve(n, l > ft);
        }
        grow(&mut self.probs, n * self.classes, 0.0);
        self.cap = n;
    }

    /// Runs all layers on `n` images; logits end up in `acts.last()`.
    fn forward(&mut self, images: &[f32], n: usize) {
        self.reserve(n);
        for l in 0..self.layers.len() {
            let (before, rest) = self.acts.split_at_mut(l);
            let x = if l == 0 { images } else { &before[l - 1][..] };
            self.layers[l].forward(x, &mut rest[0], n);
        }
    }
}
