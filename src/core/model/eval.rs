//! Using a model without training it: class probabilities for one image, a
//! trace of every layer's output, and evaluation over a dataset (loss,
//! accuracy, confusion matrix, per-image predictions).

use super::Model;
use crate::core::layers::loss::{argmax, softmax, softmax_xent};
use crate::core::layers::Layer;
use crate::core::Dataset;
use ndarray::Array3;

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

/// A forward pass of one image in progress, cut into pieces of bounded work
/// by [`Model::trace_step`], so a large input never holds a task for long.
#[derive(Clone, Debug)]
pub struct TraceJob {
    image: Vec<f32>,
    /// Next layer to run, and (in a convolution) its next output row.
    layer: usize,
    row: usize,
    /// A convolution band's unrolled input and its product, reused.
    band: Vec<f32>,
    mat: Vec<f32>,
}

impl Model {
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
        softmax(logits, probs);
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
        Some(self.collect_trace(keep))
    }

    /// The trace of the image whose forward pass just ran (one image).
    fn collect_trace(&self, keep: bool) -> Trace {
        let k = self.classes;
        let mut probs = vec![0.0; k];
        softmax(&self.acts[self.layers.len() - 1][..k], &mut probs);
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
        Trace { outputs, probs }
    }

    /// Starts a forward pass of one image that [`Model::trace_step`] runs in
    /// pieces. `None` when the image has the wrong size.
    pub fn start_trace(&mut self, image: &[f32]) -> Option<TraceJob> {
        if image.len() != self.input_len() {
            return None;
        }
        // Only the layer outputs: the convolutions use the job's own band
        // buffers, so a large input never allocates its whole unrolled matrix.
        for ((a, l), layer) in self.acts.iter_mut().zip(&self.info).zip(&mut self.layers) {
            if a.len() < l.output.len() {
                a.resize(l.output.len(), 0.0);
            }
            if !matches!(layer, Layer::Conv(_)) {
                layer.reserve(1, false);
            }
        }
        Some(TraceJob {
            image: image.to_vec(),
            layer: 0,
            row: 0,
            band: Vec::new(),
            mat: Vec::new(),
        })
    }

    /// Runs `job` for about `max_macs` multiply-adds (at least one output row
    /// of a convolution, or one whole other layer), then stops. The finished
    /// trace, equal to [`Model::trace`] up to float rounding, once the last
    /// layer is done; `None` while work is left. Between two calls nothing
    /// else may run this model.
    pub fn trace_step(&mut self, job: &mut TraceJob, max_macs: u64) -> Option<Trace> {
        let mut spent = 0u64;
        while job.layer < self.layers.len() {
            if spent >= max_macs {
                return None;
            }
            let l = job.layer;
            let (before, rest) = self.acts.split_at_mut(l);
            let x = if l == 0 {
                &job.image[..]
            } else {
                &before[l - 1][..]
            };
            let info = &self.info[l];
            match &mut self.layers[l] {
                Layer::Conv(conv) => {
                    let oh = conv.out.h;
                    let per_row = (info.macs / oh.max(1) as u64).max(1);
                    let rows = ((max_macs - spent) / per_row).max(1) as usize;
                    let end = (job.row + rows).min(oh);
                    conv.forward_band(x, &mut rest[0], (job.row, end), &mut job.band, &mut job.mat);
                    spent += per_row * (end - job.row) as u64;
                    job.row = end;
                    if end == oh {
                        job.layer += 1;
                        job.row = 0;
                    }
                }
                other => {
                    other.forward(x, &mut rest[0], 1);
                    spent += info.macs.max(1);
                    job.layer += 1;
                }
            }
        }
        Some(self.collect_trace(true))
    }

    /// The largest value of channel `channel` of layer `layer`'s output, for
    /// each of `n` images (`n * input_len()` values), appended to `out`. Only
    /// the layers up to `layer` run. False (nothing appended) when the images,
    /// the layer or the channel do not fit.
    ///
    /// # Shapes
    /// `images: [n, c, h, w]` -> `out: [n]` more values.
    pub fn channel_maxima(
        &mut self,
        images: &[f32],
        n: usize,
        layer: usize,
        channel: usize,
        out: &mut Vec<f32>,
    ) -> bool {
        let Some(shape) = self.info.get(layer).map(|i| i.output) else {
            return false;
        };
        if images.len() != n * self.input_len() || channel >= shape.c || n == 0 {
            return false;
        }
        self.reserve(n);
        for l in 0..=layer {
            let (before, rest) = self.acts.split_at_mut(l);
            let x = if l == 0 { images } else { &before[l - 1][..] };
            self.layers[l].forward(x, &mut rest[0], n);
        }
        let (len, plane) = (shape.len(), shape.h * shape.w);
        let acts = &self.acts[layer];
        out.extend((0..n).map(|i| {
            let at = i * len + channel * plane;
            acts[at..at + plane]
                .iter()
                .copied()
                .fold(f32::NEG_INFINITY, f32::max)
        }));
        true
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
        let chunk = self.cap.max(crate::core::budget::EVAL_ROWS);
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
