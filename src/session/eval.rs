//! Held-out evaluation in time slices: the test set is cut into chunks once,
//! an evaluation runs one chunk per step of [`Session::tick`], and the
//! chunks' results are merged into one [`Evaluation`].

use super::Session;
use crate::core::budget::forward_images_per_piece;
use crate::core::{Dataset, Evaluation, Model};

/// Held-out images evaluated per slice of a running evaluation, at most (a
/// larger network gets fewer, down to one: one budget piece per slice).
/// 25 images of the default CNN's forward pass cost about a quarter of one
/// training step of 32, so evaluation never lengthens a slice noticeably.
const EVAL_CHUNK: usize = 25;
/// A pessimistic first guess of training speed, in multiply-adds per ms
/// (a training image costs about three forward passes), replaced by
/// measurement after the first piece.
const GUESS_MACS_PER_MS: f64 = 2.0e6;
/// Where the next held-out evaluation falls after `images_seen` training
/// images: every 500 images up to 4,000, where the held-out curve climbs
/// fastest and the moment it crosses 95% is worth catching early; then the
/// spacing doubles each time the count does (1,000 up to 8,000, 2,000 up to
/// 16,000, 4,000 up to 32,000), and stays at 8,000 after.
///
/// Each evaluation reads the whole held-out set, a forward pass of each
/// image: about a third of the work of training on as many. With the
/// bundled held-out set (2,000 images), evaluating costs about a sixth of the
/// training work between two marks from 16,000 images on, and a twelfth from
/// 32,000: on a machine with few cores, the training workers keep the rest.
pub fn next_eval_mark(images_seen: u64) -> u64 {
    let step = match images_seen {
        0..4_000 => 500,
        4_000..8_000 => 1_000,
        8_000..16_000 => 2_000,
        16_000..32_000 => 4_000,
        _ => 8_000,
    };
    (images_seen / step + 1) * step
}

/// A held-out evaluation in progress, chunk by chunk.
pub(super) struct EvalJob {
    next_chunk: usize,
    parts: Vec<Evaluation>,
    images_seen: u64,
    /// The weights being evaluated, when workers may change the model meanwhile.
    model: Option<Model>,
}

/// `test` cut into consecutive chunks of `size` images (the last may be shorter).
fn chunks(test: &Dataset, size: usize) -> Vec<Dataset> {
    (0..test.len())
        .step_by(size.max(1))
        .map(|s| test.subset(&(s..(s + size).min(test.len())).collect::<Vec<_>>()))
        .collect()
}

impl Session {
    /// Sizes the slices of work for the current network: images per
    /// evaluation slice (re-cutting the held-out set when that changes), and
    /// a first guess of the cost of a training image.
    pub(super) fn fit_slices(&mut self) {
        let macs: usize = self.model().info().iter().map(|l| l.macs as usize).sum();
        self.eval_chunk = forward_images_per_piece(macs as u64).min(EVAL_CHUNK);
        self.ms_per_image = 3.0 * macs as f64 / GUESS_MACS_PER_MS;
        if let Some(test) = self.test.as_ref() {
            let want = self.eval_chunk.min(test.len());
            if self.test_chunks.first().map(|c| c.len()) != Some(want) {
                self.test_chunks = chunks(test, self.eval_chunk);
            }
        }
    }

    /// True while a held-out evaluation is under way (in the page's slices
    /// or in the evaluation worker).
    pub fn evaluating(&self) -> bool {
        self.eval_job.is_some() || self.eval_in_flight()
    }

    /// Starts evaluating the current weights (once data has loaded): in the
    /// evaluation worker when there is one, else in the page's slices.
    pub(super) fn start_eval(&mut self) {
        if self.test_chunks.is_empty() {
            return;
        }
        self.next_eval_at = next_eval_mark(self.images_seen());
        if self.send_eval() {
            // A newer evaluation replaces one under way, as in the page.
            self.eval_job = None;
            return;
        }
        let model = self.eval_copy();
        self.eval_job = Some(EvalJob {
            next_chunk: 0,
            parts: Vec::with_capacity(self.test_chunks.len()),
            images_seen: self.images_seen(),
            model,
        });
    }

    /// Starts evaluating `model`, the weights of `images_seen`, in the
    /// page's slices (an evaluation the worker did not finish).
    pub(super) fn start_eval_of(&mut self, model: Model, images_seen: u64) {
        if self.test_chunks.is_empty() {
            return;
        }
        self.eval_job = Some(EvalJob {
            next_chunk: 0,
            parts: Vec::with_capacity(self.test_chunks.len()),
            images_seen,
            model: Some(model),
        });
    }

    /// Evaluates the next chunk; after the last, records the result.
    pub(super) fn eval_step(&mut self) {
        let Some(job) = self.eval_job.as_mut() else {
            return;
        };
        let chunk = &self.test_chunks[job.next_chunk];
        let model = match job.model.as_mut() {
            Some(m) => m,
            None => self.trainer.model_mut(),
        };
        job.parts.push(model.evaluate(chunk, None));
        job.next_chunk += 1;
        if job.next_chunk < self.test_chunks.len() {
            return;
        }
        let mut job = self.eval_job.take().expect("job checked above");
        let copy = job.model.take();
        self.record_eval(job.images_seen, merge_evaluations(job.parts));
        if let Some(m) = copy {
            self.return_eval_copy(m);
        }
        self.eval_done();
    }

    /// Records a finished evaluation of the weights of `images_seen`,
    /// wherever it ran: the held-out curve, "reached 95%", the results.
    pub(super) fn record_eval(&mut self, images_seen: u64, e: Evaluation) {
        if images_seen > 0 || self.history.test.is_empty() {
            self.history.push_test(images_seen, e.accuracy);
        }
        if e.accuracy >= 0.95 && self.reached_95.is_none() && images_seen > 0 {
            self.reached_95 = Some((self.speed.elapsed_ms(), images_seen));
        }
        self.eval = Some(e);
        self.eval_version += 1;
    }
}

/// Combines chunk evaluations into one, weighting by chunk size.
pub fn merge_evaluations(parts: Vec<Evaluation>) -> Evaluation {
    let total: usize = parts.iter().map(|p| p.predictions.len()).sum();
    let classes = parts.first().map(|p| p.confusion.len()).unwrap_or(0);
    let mut confusion = vec![vec![0u32; classes]; classes];
    let (mut loss, mut correct) = (0.0f64, 0u64);
    let mut predictions = Vec::with_capacity(total);
    for p in parts {
        let n = p.predictions.len();
        loss += p.loss as f64 * n as f64;
        correct += (p.accuracy as f64 * n as f64).round() as u64;
        for (row, prow) in confusion.iter_mut().zip(&p.confusion) {
            for (c, v) in row.iter_mut().zip(prow) {
                *c += v;
            }
        }
        predictions.extend(p.predictions);
    }
    let n = total.max(1) as f64;
    Evaluation {
        loss: (loss / n) as f32,
        accuracy: (correct as f64 / n) as f32,
        confusion,
        predictions,
    }
}
