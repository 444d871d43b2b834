//! Training's share of a model: forward + backward on a batch (whole or in
//! pieces), leaving the gradient of the mean loss in every layer's `d*`
//! buffers, and one optimizer step.

use super::Model;
use crate::core::layers::loss::softmax_xent;
use crate::core::optim::Optimizer;

/// Images per forward + backward pass. Eight images of the reference net
/// (activations and their gradients, about 0.8 MB) stay in cache from one
/// layer to the next. For that net at batch 64, pieces of 8 and 16 trained
/// faster natively than the whole batch at once, and 8 faster in wasm on
/// both builds; the results differ only in the order gradients are summed.
const PIECE: usize = 8;

/// Loss and number correct for one training batch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchStats {
    /// Mean cross-entropy over the batch.
    pub loss: f32,
    pub correct: usize,
    pub batch: usize,
}

impl Model {
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
    ///
    /// The images go through the network `PIECE` at a time: forward,
    /// loss and backward of one piece before the next, so the activations
    /// and their gradients stay in cache between the layers instead of
    /// streaming the whole batch's through memory once per layer.
    pub fn accumulate_gradients(
        &mut self,
        images: &[f32],
        labels: &[u8],
        total: usize,
    ) -> (f64, usize) {
        let (m, len) = (labels.len(), self.input_len());
        if m == 0 || total < m || images.len() != m * len {
            return (f64::NAN, 0);
        }
        let (mut loss, mut correct) = (0.0, 0);
        for (x, y) in images.chunks(PIECE * len).zip(labels.chunks(PIECE)) {
            let (l, c) = self.accumulate_piece(x, y, total);
            loss += l;
            correct += c;
        }
        (loss, correct)
    }

    /// [`Model::accumulate_gradients`] on at most `PIECE` images, whose sizes agree.
    fn accumulate_piece(&mut self, images: &[f32], labels: &[u8], total: usize) -> (f64, usize) {
        let m = labels.len();
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
}
