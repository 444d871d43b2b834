//! A sequential network built from a [`ModelSpec`]: layers plus the reusable
//! per-batch buffers that carry activations and their gradients.
//!
//! Buffers only grow: they are sized for the largest batch seen, so a training
//! loop at a fixed batch size allocates nothing after its first step.

use super::layers::loss::{argmax, softmax_xent};
use super::layers::Layer;
use super::optim::Optimizer;
use super::rng::Rng;
use super::spec::{LayerInfo, ModelSpec, SpecError};
use crate::core::Dataset;
use ndarray::Array3;

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
        super::budget::check_info(&info, spec.input, 1)?;
        let layers: Vec<Layer> = info.iter().map(|i| Layer::new(i, rng)).collect();
        let first_trainable = layers
            .iter()
            .position(|l| l.params().is_some())
            .unwrap_or(layers.len());
        let classes = info.last().map(|l| l.output.len()).unwrap_or(0);
        Ok(Model {
            spec: spec.clone(),
            acts: vec![Vec::new(); info.len()],
            grads: vec![Vec::new(); info.len()],
            info,
            classes,
            layers,
            first_trainable,
            probs: Vec::new(),
            cap: 0,
        })
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
            self.acts[l].resize(len, 0.0);
            if l >= ft {
                self.grads[l].resize(len, 0.0);
            }
            layer.reserve(n, l > ft);
        }
        self.probs.resize(n * self.classes, 0.0);
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

    /// Class probabilities for one image (`spec.input.len()` values).
    /// Empty when the image has the wrong number of values.
    pub fn predict(&mut self, image: &[f32]) -> Vec<f32> {
        self.trace_inner(image, false)
            .map(|t| t.probs)
            .unwrap_or_default()
    }

    /// Class probabilities for one image written into `probs` (`classes()` values),
    /// allocation-free once the buffers exist. False (and nothing written) when
    /// either slice has the wrong length.
    pub fn predict_into(&mut self, image: &[f32], probs: &mut [f32]) -> bool {
        if image.len() != self.input_len() || probs.len() != self.classes {
            return false;
        }
        self.forward(image, 1);
        let logits = &self.acts[self.layers.len() - 1][..self.classes];
        super::layers::loss::softmax(logits, probs);
        true
    }

    /// Forward pass on one image, keeping every layer's output.
    /// Empty outputs and probabilities when the image has the wrong size.
    pub fn trace(&mut self, image: &[f32]) -> Trace {
        self.trace_inner(image, true).unwrap_or(Trace {
            outputs: Vec::new(),
            probs: Vec::new(),
        })
    }

    fn trace_inner(&mut self, image: &[f32], keep: bool) -> Option<Trace> {
        if image.len() != self.input_len() {
            return None;
        }
        self.forward(image, 1);
        let k = self.classes;
        let mut probs = vec![0.0; k];
        super::layers::loss::softmax(&self.acts[self.layers.len() - 1][..k], &mut probs);
        let outputs = if keep {
            (self.info.iter().zip(&self.acts))
                .map(|(i, a)| {
                    let s = i.output;
                    Array3::from_shape_vec((s.c, s.h, s.w), a[..s.len()].to_vec())
                        .expect("trace: layer output matches its validated shape")
                })
                .collect()
        } else {
            Vec::new()
        };
        Some(Trace { outputs, probs })
    }

    /// Forward + backward on a batch: leaves the gradient of the mean loss in
    /// every layer's `d*` buffers (zeroed first). Does not change the weights.
    /// Returns batch 0 (and does nothing) when sizes disagree.
    pub fn compute_gradients(&mut self, images: &[f32], labels: &[u8]) -> BatchStats {
        let n = labels.len();
        if n == 0 || images.len() != n * self.input_len() {
            return BatchStats {
                loss: 0.0,
                correct: 0,
                batch: 0,
            };
        }
        self.zero_param_grads();
        let (loss, correct) = self.accumulate_gradients(images, labels, n);
        BatchStats {
            loss: (loss / n as f64) as f32,
            correct,
            batch: n,
        }
    }

    /// Zeroes every parameter gradient: the start of a batch.
    pub fn zero_param_grads(&mut self) {
        for layer in &mut self.layers {
            layer.zero_grad();
        }
    }

    /// Forward + backward on a piece of a batch of `total` images: adds this
    /// piece's share of the gradient of the batch's mean loss into the
    /// parameter gradients (which are not zeroed here). Training a batch in
    /// pieces gives the same gradient as in one go, so a browser can split a
    /// slow step across several short tasks. Returns (summed loss, correct);
    /// `(NaN, 0)` when sizes disagree.
    pub fn accumulate_gradients(
        &mut self,
        images: &[f32],
        labels: &[u8],
        total: usize,
    ) -> (f64, usize) {
        let m = labels.len();
        if m == 0 || total < m || images.len() != m * self.input_len() {
            return (f64::NAN, 0);
        }
        self.forward(images, m);
        let (k, last) = (self.classes, self.layers.len() - 1);
        let ft = self.first_trainable;
        let train = ft <= last;
        let dlogits = if train {
            Some(&mut self.grads[last][..m * k])
        } else {
            None
        };
        let (loss, correct) = softmax_xent(
            &self.acts[last][..m * k],
            labels,
            k,
            &mut self.probs,
            dlogits,
        );
        if train {
            // softmax_xent scaled by 1/m; the batch mean needs 1/total.
            if m != total {
                let scale = m as f32 / total as f32;
                for g in &mut self.grads[last][..m * k] {
                    *g *= scale;
                }
            }
            for l in ft..last {
                let len = m * self.info[l].output.len();
                self.grads[l][..len].fill(0.0);
            }
            for l in (ft..=last).rev() {
                let (gb, ga) = self.grads.split_at_mut(l);
                let x = if l == 0 {
                    images
                } else {
                    &self.acts[l - 1][..]
                };
                let dx = if l > ft {
                    Some(&mut gb[l - 1][..])
                } else {
                    None
                };
                self.layers[l].backward(x, &ga[0], dx, m);
            }
        }
        (loss, correct)
    }

    /// Mean cross-entropy of a batch in `f64` (forward only; for gradient checks).
    /// `NaN` when sizes disagree.
    pub fn batch_loss(&mut self, images: &[f32], labels: &[u8]) -> f64 {
        let n = labels.len();
        if n == 0 || images.len() != n * self.input_len() {
            return f64::NAN;
        }
        self.forward(images, n);
        let (k, last) = (self.classes, self.layers.len() - 1);
        let logits = &self.acts[last][..n * k];
        softmax_xent(logits, labels, k, &mut self.probs, None).0 / n as f64
    }

    /// One optimizer step on a batch: `images` is `n * input.len()` values.
    /// Returns batch 0 (and does nothing) when sizes disagree.
    pub fn train_batch(
        &mut self,
        images: &[f32],
        labels: &[u8],
        opt: &mut Optimizer,
    ) -> BatchStats {
        let stats = self.compute_gradients(images, labels);
        if stats.batch > 0 && stats.loss.is_finite() {
            opt.step(&mut self.layers);
        }
        stats
    }

    /// Loss, accuracy, confusion and per-image predictions on the first `limit` images.
    /// An empty or wrong-shaped dataset gives zero counts and no predictions.
    pub fn evaluate(&mut self, data: &Dataset, limit: Option<usize>) -> Evaluation {
        let k = self.classes;
        let mut confusion = vec![vec![0u32; k]; k];
        let count = limit.unwrap_or(data.len()).min(data.len());
        let len = self.input_len();
        if data.shape.len() != len || data.images.len() < count * len {
            return Evaluation {
                loss: 0.0,
                accuracy: 0.0,
                confusion,
                predictions: Vec::new(),
            };
        }
        let chunk = self.cap.max(super::budget::EVAL_ROWS);
        let (mut loss, mut correct) = (0.0f64, 0usize);
        let mut predictions = Vec::with_capacity(count);
        let mut start = 0;
        while start < count {
            let n = chunk.min(count - start);
            let labels = &data.labels[start..start + n];
            self.forward(&data.images[start * len..(start + n) * len], n);
            let logits = &self.acts[self.layers.len() - 1][..n * k];
            let (l, c) = softmax_xent(logits, labels, k, &mut self.probs, None);
            loss += l;
            correct += c;
            for (i, &y) in labels.iter().enumerate() {
                let p = &self.probs[i * k..(i + 1) * k];
                let guess = argmax(p);
                if (y as usize) < k {
                    confusion[y as usize][guess] += 1;
                }
                predictions.push((guess, p.to_vec()));
            }
            start += n;
        }
        let denom = count.max(1) as f64;
        Evaluation {
            loss: (loss / denom) as f32,
            accuracy: (correct as f64 / denom) as f32,
            confusion,
            predictions,
        }
    }
}
