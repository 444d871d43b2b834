//! Data-parallel training: one minibatch cut into shards whose gradients are
//! computed apart (by other threads or browser workers) and summed in a
//! fixed order before the one optimizer update.
//!
//! The gradient of the batch's mean loss is a sum over images, so it is the
//! sum of the shards' gradients when each shard scales by `1 / batch` (what
//! [`Model::accumulate_gradients`] does with `total = batch`). Summing in
//! shard order makes a run with a fixed shard count and seed bit-identical;
//! different shard counts agree within float rounding.
//!
//! Gradients travel flat, in [`Model::params_flat`] order.
//!
//! Also here: a trainer's progress as plain numbers, so a copy of the
//! trainer (the page's, while a worker trains) can follow the real one; and
//! flat values to and from little-endian bytes, the form in which weights,
//! images and gradients travel between workers. Those copies run for every
//! step of every worker, so they live with the core's other hot loops.

use super::dataset::Dataset;
use super::layers::Layer;
use super::model::Model;
use super::train::{StepOutcome, Trainer};
use std::ops::Range;

/// Image range of shard `k` of `shards` in a batch of `n`: consecutive,
/// sizes differing by at most one, the larger ones first. Empty when `k`
/// is out of range or there are more shards than images.
pub fn shard_range(n: usize, shards: usize, k: usize) -> Range<usize> {
    let shards = shards.max(1);
    if k >= shards {
        return n..n;
    }
    let (base, extra) = (n / shards, n % shards);
    let start = k * base + k.min(extra);
    start..start + base + usize::from(k < extra)
}

/// Summed loss and correct count of one shard (its gradient travels apart).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ShardStats {
    /// Sum over the shard's images (not a mean).
    pub loss: f64,
    pub correct: usize,
    pub images: usize,
}

/// Where a trainer is, as plain numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub epoch: usize,
    /// Images done in the current epoch.
    pub position: usize,
    pub images_seen: u64,
    pub steps: u64,
}

impl Layer {
    /// `(dweight, dbias)` of a conv or dense layer, writable.
    fn grads_mut(&mut self) -> Option<(&mut [f32], &mut [f32])> {
        match self {
            Layer::Conv(l) => Some((&mut l.dweight, &mut l.dbias)),
            Layer::Dense(l) => Some((&mut l.dweight, &mut l.dbias)),
            _ => None,
        }
    }
}

impl Model {
    /// Writes every parameter gradient into `out`, in [`Model::params_flat`]
    /// order, reusing its allocation.
    pub fn copy_grads_into(&self, out: &mut Vec<f32>) {
        out.clear();
        for (w, b) in self.layers().iter().filter_map(|l| l.grads()) {
            out.extend_from_slice(w);
            out.extend_from_slice(b);
        }
    }

    /// Adds `grads` (flat, [`Model::params_flat`] order) into the parameter
    /// gradients. Refuses a wrong length and then changes nothing.
    pub fn add_grads_flat(&mut self, grads: &[f32]) -> Result<(), String> {
        let total = self.param_count();
        if grads.len() != total {
            return Err(format!(
                "the model has {total} parameters, got {} gradients",
                grads.len()
            ));
        }
        let mut at = 0;
        for layer in self.layers_mut() {
            if let Some((dw, db)) = layer.grads_mut() {
                for d in [dw, db] {
                    let n = d.len();
                    for (g, &x) in d.iter_mut().zip(&grads[at..at + n]) {
                        *g += x;
                    }
                    at += n;
                }
            }
        }
        Ok(())
    }

    /// One shard's part of a batch of `total`: zeroes the gradients, then
    /// leaves this shard's share of the batch-mean gradient in them.
    /// `images` is `labels.len() * input_len()` values.
    pub fn shard_gradients(&mut self, images: &[f32], labels: &[u8], total: usize) -> ShardStats {
        self.zero_param_grads();
        let (loss, correct) = self.accumulate_gradients(images, labels, total);
        ShardStats {
            loss,
            correct,
            images: labels.len(),
        }
    }
}

impl Trainer {
    /// Opens the next minibatch (or keeps the open one) and returns its size.
    /// `Err` carries the outcome when nothing can be trained (diverged, or
    /// data the model cannot use).
    pub fn open_batch(&mut self, data: &Dataset) -> Result<usize, StepOutcome> {
        self.open(data).map(|p| p.n)
    }

    /// Trains the next `images` images of the open batch (opening one if
    /// none is) in this thread and, when they complete the batch, applies
    /// the update at once: a worker has no slice to keep short. Returns the
    /// step's outcome once the batch is complete, `None` before.
    pub fn train_here(&mut self, data: &Dataset, images: usize) -> Option<StepOutcome> {
        let mut part = match self.open(data) {
            Ok(part) => part,
            Err(outcome) => return Some(outcome),
        };
        let m = images.min(part.n - part.done);
        if m > 0 {
            self.accumulate(&mut part, m);
        }
        self.settle(part)
    }

    /// Images (`input_len()` values each) and labels `range` of the open
    /// batch. Empty when no batch is open or the range reaches past it.
    pub fn batch_piece(&self, range: Range<usize>) -> (&[f32], &[u8]) {
        let len = self.model.input_len();
        match self.partial {
            Some(p) if range.start <= range.end && range.end <= p.n => (
                &self.batch_images[range.start * len..range.end * len],
                &self.batch_labels[range],
            ),
            _ => (&[], &[]),
        }
    }

    /// Adds a shard's gradient computed elsewhere (with this trainer's
    /// current weights) to the open batch. Returns the step's outcome once
    /// the shards cover the batch, `Ok(None)` before. The caller sends the
    /// shards in order; the first may be trained here by
    /// [`Trainer::train_here`].
    pub fn add_shard(
        &mut self,
        grads: &[f32],
        stats: ShardStats,
    ) -> Result<Option<StepOutcome>, String> {
        let Some(mut part) = self.partial else {
            return Err("no batch is open".into());
        };
        if stats.images == 0 || part.done + stats.images > part.n {
            return Err(format!(
                "a shard of {} images does not fit the {} left of the batch",
                stats.images,
                part.n - part.done
            ));
        }
        self.model.add_grads_flat(grads)?;
        part.done += stats.images;
        part.loss += stats.loss;
        part.correct += stats.correct;
        Ok(self.settle(part))
    }

    pub fn progress(&self) -> Progress {
        Progress {
            epoch: self.epoch,
            position: self.pos,
            images_seen: self.images_seen,
            steps: self.steps,
        }
    }

    /// Makes this trainer follow one that trains elsewhere: its weights and
    /// progress. The optimizer state and data order stay as they are; only
    /// what the page shows is followed.
    pub fn follow(
        &mut self,
        params: &[f32],
        progress: Progress,
        diverged: bool,
    ) -> Result<(), String> {
        self.model.set_params_flat(params)?;
        self.epoch = progress.epoch;
        self.pos = progress.position;
        self.images_seen = progress.images_seen;
        self.steps = progress.steps;
        self.partial = None;
        self.diverged = diverged;
        Ok(())
    }
}

/// Writes `v` into `out` as little-endian bytes (`out` is `4 * v.len()` long).
pub fn f32s_to_le_bytes(v: &[f32], out: &mut [u8]) {
    assert_eq!(out.len(), 4 * v.len(), "4 bytes a value");
    for (o, x) in out.chunks_exact_mut(4).zip(v) {
        o.copy_from_slice(&x.to_le_bytes());
    }
}

/// Reads little-endian `raw` into `out` (`raw` is `4 * out.len()` long).
pub fn le_bytes_to_f32s(raw: &[u8], out: &mut [f32]) {
    assert_eq!(raw.len(), 4 * out.len(), "4 bytes a value");
    for (x, c) in out.iter_mut().zip(raw.chunks_exact(4)) {
        *x = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
}
