//! Using a model without training it: class probabilities for one image, a
//! trace of every layer's output, and evaluation over a dataset (loss,
//! accuracy, confusion matrix, per-image predictions).

use super::Model;
use crate::core::layers::loss::{argmax, softmax, softmax_xent};
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
        Some(Trace { outputs, probs })
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
        let chunk = self.cap.max(64);
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
