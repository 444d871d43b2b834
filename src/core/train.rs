//! A training session: model + optimizer + data order + divergence guard.
//!
//! Each [`Trainer::step`] trains on the next minibatch of a shuffled epoch
//! order. Model weights come from `Rng::new(seed)` (so `Model::new(spec,
//! &mut Rng::new(seed))` is the untrained model); the data order and the
//! augmentation shifts come from a second stream derived from the same seed.

use super::augment::shift_image;
use super::model::{BatchStats, Model};
use super::optim::{Hyper, Optimizer};
use super::rng::Rng;
use super::spec::{ModelSpec, SpecError};
use crate::core::Dataset;

/// What one step did.
///
/// A step's loss is computed with the weights from before its update, so a
/// finite loss certifies those weights; they become the "last good" snapshot.
/// The updated weights are checked too (finite, and a sane loss on a few of
/// the batch's images); a step that fails either check is `Diverged`.
#[derive(Clone, Debug, PartialEq)]
pub enum StepOutcome {
    Trained(super::model::BatchStats),
    /// Loss went NaN/inf: training stopped, last good weights restored.
    Diverged {
        lr: f32,
    },
}

/// Models with more parameters than this snapshot every [`SNAPSHOT_EVERY_BIG`]
/// steps instead of every step, to keep the copy cheap next to the step.
const SNAPSHOT_BIG: usize = 1 << 20;
const SNAPSHOT_EVERY_BIG: u64 = 16;

/// Mixed into the seed for the data-order stream, so it differs from the init stream.
const DATA_STREAM: u64 = 0x9E37_79B9_7F4A_7C15;

/// A model being trained, with everything needed to resume or reproduce it.
pub struct Trainer {
    pub(super) model: Model,
    opt: Optimizer,
    hyper: Hyper,
    seed: u64,
    rng: Rng,
    /// Image indices of the current epoch, shuffled.
    order: Vec<usize>,
    pub(super) pos: usize,
    pub(super) epoch: usize,
    pub(super) images_seen: u64,
    pub(super) steps: u64,
    pub(super) batch_images: Vec<f32>,
    pub(super) batch_labels: Vec<u8>,
    /// Last parameters known to be finite.
    pub(super) good: Vec<f32>,
    pub(super) diverged: bool,
    /// The loss that made the last step diverge (infinite when it was not a
    /// number or the weights themselves were not finite).
    blow_up: f32,
    /// A batch trained in pieces by [`Trainer::step_some`], not yet applied.
    pub(super) partial: Option<Partial>,
}

/// Progress through one batch trained in pieces.
#[derive(Clone, Copy, Debug)]
pub(super) struct Partial {
    pub(super) n: usize,
    pub(super) done: usize,
    pub(super) loss: f64,
    pub(super) correct: usize,
}

/// A batch whose mean loss exceeds this has exploded even if it is still
/// finite: the true class gets a probability below e^-50 on average. With
/// Adam a huge learning rate keeps weights finite but drives the loss here.
pub const DIVERGED_LOSS: f32 = 50.0;

/// Images of the batch whose loss is measured again after the update (one
/// forward pass, a third of training one image: the update's piece stays
/// as short as a piece of images).
pub(super) const AFTER_UPDATE_IMAGES: usize = 1;

impl Trainer {
    /// Validates `spec` and builds a fresh model from `seed`.
    pub fn new(spec: &ModelSpec, seed: u64, hyper: Hyper) -> Result<Trainer, SpecError> {
        let model = Model::new(spec, &mut Rng::new(seed))?;
        Ok(Trainer::with_model(model, seed, hyper))
    }

    /// Continues training an existing model (e.g. one loaded from a weights file).
    pub fn with_model(model: Model, seed: u64, hyper: Hyper) -> Trainer {
        Trainer {
            good: model.params_flat(),
            model,
            opt: Optimizer::new(&hyper),
            hyper,
            seed,
            rng: Rng::new(seed ^ DATA_STREAM),
            order: Vec::new(),
            pos: 0,
            epoch: 0,
            images_seen: 0,
            steps: 0,
            batch_images: Vec::new(),
            batch_labels: Vec::new(),
            diverged: false,
            blow_up: 0.0,
            partial: None,
        }
    }

    /// Back to the untrained model of `seed`, epoch 0, fresh optimizer state.
    pub fn reset(&mut self, seed: u64) {
        let spec = self.model.spec().clone();
        let model = Model::new(&spec, &mut Rng::new(seed))
            .expect("spec was validated when the trainer was built");
        *self = Trainer::with_model(model, seed, self.hyper);
    }

    /// Swaps in another model (same or different spec); keeps the data position.
    pub fn set_model(&mut self, model: Model) {
        self.good = model.params_flat();
        self.model = model;
        self.opt.reset();
        self.diverged = false;
        self.partial = None;
    }

    pub fn model(&self) -> &Model {
        &self.model
    }
    pub fn model_mut(&mut self) -> &mut Model {
        &mut self.model
    }
    pub fn hyper(&self) -> Hyper {
        self.hyper
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Completed passes over the data.
    pub fn epoch(&self) -> usize {
        self.epoch
    }
    /// Images trained on so far (all epochs).
    pub fn images_seen(&self) -> u64 {
        self.images_seen
    }
    /// Images done in the current epoch.
    pub fn position(&self) -> usize {
        self.pos
    }
    /// Optimizer steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }
    /// True after a NaN/inf loss, until [`Trainer::reset`] or a learning-rate change.
    pub fn is_diverged(&self) -> bool {
        self.diverged
    }

    /// New settings for the next steps. A different learning rate clears a divergence.
    pub fn set_hyper(&mut self, hyper: Hyper) {
        if hyper.lr != self.hyper.lr {
            self.diverged = false;
        }
        self.opt.set_hyper(&hyper);
        self.hyper = hyper;
    }

    /// Why `data` cannot be trained on by this model, if it cannot.
    pub fn check_data(&self, data: &Dataset) -> Result<(), String> {
        let want = self.model.spec().input;
        if data.is_empty() {
            return Err("the dataset has no images".into());
        }
        if data.shape.len() != want.len() || data.images.len() != data.len() * want.len() {
            return Err(format!(
                "the images are {}, the network expects {want}",
                data.shape
            ));
        }
        let k = self.model.classes();
        if let Some(&bad) = data.labels.iter().find(|&&y| y as usize >= k) {
            return Err(format!(
                "label {bad} does not fit a network with {k} classes"
            ));
        }
        Ok(())
    }

    /// Trains on the next minibatch. Data the model cannot use (see
    /// [`Trainer::check_data`]) trains nothing and reports batch 0.
    pub fn step(&mut self, data: &Dataset) -> StepOutcome {
        loop {
            if let Some(outcome) = self.step_some(data, usize::MAX) {
                return outcome;
            }
        }
    }

    /// Works through at most `max_images` images of the current minibatch
    /// (starting a new one if none is open). Returns `None` while the batch
    /// is unfinished, and the step's outcome once its update is applied. The
    /// result is identical to [`Trainer::step`]; it only lets a caller cut a
    /// slow step into short pieces.
    pub fn step_some(&mut self, data: &Dataset, max_images: usize) -> Option<StepOutcome> {
        let mut part = match self.open(data) {
            Ok(part) => part,
            Err(outcome) => return Some(outcome),
        };
        // The update and its check cost about one image more: when this
        // call's images use up its share, they wait for the next call, so
        // no call does a full piece and the update too.
        let left = part.n - part.done;
        if left > 0 {
            let m = max_images.max(1).min(left);
            self.accumulate(&mut part, m);
            if part.done < part.n || m >= max_images.max(1) {
                self.partial = Some(part);
                return None;
            }
        }
        self.settle(part)
    }

    /// Adds the gradients of the open batch's next `m` images to `part`.
    pub(super) fn accumulate(&mut self, part: &mut Partial, m: usize) {
        let len = self.model.input_len();
        let (a, b) = (part.done, part.done + m);
        let (loss, correct) = self.model.accumulate_gradients(
            &self.batch_images[a * len..b * len],
            &self.batch_labels[a..b],
            part.n,
        );
        part.done = b;
        part.loss += loss;
        part.correct += correct;
    }

    /// The open batch, or a new one drawn from the epoch order (gradients
    /// zeroed). `Err` carries the outcome when nothing can be trained.
    pub(super) fn open(&mut self, data: &Dataset) -> Result<Partial, StepOutcome> {
        if self.diverged {
            return Err(StepOutcome::Diverged { lr: self.hyper.lr });
        }
        let len = self.model.input_len();
        let nothing = StepOutcome::Trained(BatchStats {
            loss: 0.0,
            correct: 0,
            batch: 0,
        });
        if data.is_empty() || data.shape.len() != len || data.images.len() != data.len() * len {
            self.partial = None;
            return Err(nothing);
        }
        if self.order.len() != data.len() {
            self.order = (0..data.len()).collect();
            self.rng.shuffle(&mut self.order);
            self.pos = 0;
            self.partial = None;
        }
        if let Some(p) = self.partial {
            return Ok(p);
        }
        let n = self.hyper.batch_size.max(1).min(data.len() - self.pos);
        self.fill_batch(data, n);
        if self
            .batch_labels
            .iter()
            .any(|&y| y as usize >= self.model.classes())
        {
            return Err(nothing);
        }
        self.model.zero_param_grads();
        let part = Partial {
            n,
            done: 0,
            loss: 0.0,
            correct: 0,
        };
        self.partial = Some(part);
        Ok(part)
    }

    /// Keeps an unfinished batch open; finishes a complete one: checks the
    /// loss, applies the optimizer, checks the new weights, advances the
    /// epoch.
    pub(super) fn settle(&mut self, part: Partial) -> Option<StepOutcome> {
        if part.done < part.n {
            self.partial = Some(part);
            return None;
        }
        self.partial = None;
        let n = part.n;
        let stats = BatchStats {
            loss: (part.loss / n as f64) as f32,
            correct: part.correct,
            batch: n,
        };
        if let Err(diverged) = self.update(stats) {
            return Some(diverged);
        }
        // A huge rate can wreck the weights in the update itself, after the
        // loss looked fine: check the new weights on a few of the batch's
        // images too. Weights that fail are never kept, shown or saved.
        let len = self.model.input_len();
        let k = n.min(AFTER_UPDATE_IMAGES);
        let after = self
            .model
            .batch_loss(&self.batch_images[..k * len], &self.batch_labels[..k]);
        let outcome = self.after_update(stats, after);
        if let StepOutcome::Trained(_) = outcome {
            self.pos += n;
            if self.pos == self.order.len() {
                self.epoch += 1;
                self.pos = 0;
                self.rng.shuffle(&mut self.order);
            }
        }
        Some(outcome)
    }

    /// Applies the gradients in the model to its weights, unless the
    /// batch's loss shows divergence: then the last good weights come back
    /// and `Err` carries the outcome.
    pub(super) fn update(&mut self, stats: BatchStats) -> Result<(), StepOutcome> {
        if !stats.loss.is_finite() || stats.loss > DIVERGED_LOSS || !self.model.params_finite() {
            // The weights that gave this loss are bad; go back to the last ones
            // whose loss was finite, and stop until the settings change.
            let bad = if stats.loss.is_nan() || !self.model.params_finite() {
                f32::INFINITY
            } else {
                stats.loss
            };
            return Err(self.restore_good(bad));
        }
        // These weights just gave a finite loss: remember them before updating.
        if self.model.param_count() <= SNAPSHOT_BIG || self.steps.is_multiple_of(SNAPSHOT_EVERY_BIG)
        {
            self.model.copy_params_into(&mut self.good);
        }
        self.opt.step(self.model.layers_mut());
        Ok(())
    }

    /// Judges the weights [`Trainer::update`] just made by `after`, the loss
    /// they give on a few of the batch's images: finite weights and a sane
    /// loss count the step; anything else restores the last good weights.
    pub(super) fn after_update(&mut self, stats: BatchStats, after: f64) -> StepOutcome {
        if !self.model.params_finite() || !after.is_finite() || after > DIVERGED_LOSS as f64 {
            let bad = if after.is_nan() || !self.model.params_finite() {
                f32::INFINITY
            } else {
                after as f32
            };
            return self.restore_good(bad);
        }
        self.steps += 1;
        self.images_seen += stats.batch as u64;
        StepOutcome::Trained(stats)
    }

    /// The loss that made the last step diverge, measured on the batch or,
    /// after the update, on its first image (infinite when it was not a
    /// number or the weights were not finite). Meaningful after a
    /// [`StepOutcome::Diverged`].
    pub fn blow_up_loss(&self) -> f32 {
        self.blow_up
    }

    /// Puts the last good weights back and stops until the settings change.
    fn restore_good(&mut self, loss: f32) -> StepOutcome {
        self.blow_up = loss;
        self.model
            .set_params_flat(&self.good)
            .expect("snapshot has the model's length");
        self.opt.reset();
        self.diverged = true;
        StepOutcome::Diverged { lr: self.hyper.lr }
    }

    /// Copies the next `n` images of the epoch order (shifted, if augmenting).
    fn fill_batch(&mut self, data: &Dataset, n: usize) {
        let len = self.model.input_len();
        if self.batch_images.len() < n * len {
            self.batch_images.resize(n * len, 0.0);
        }
        self.batch_labels.clear();
        let s = self.hyper.augment_shift.min(64) as i32;
        for (j, &idx) in self.order[self.pos..self.pos + n].iter().enumerate() {
            let dst = &mut self.batch_images[j * len..(j + 1) * len];
            if s > 0 {
                let dx = self.rng.below(2 * s as usize + 1) as i32 - s;
                let dy = self.rng.below(2 * s as usize + 1) as i32 - s;
                shift_image(data.image(idx), data.shape, dx, dy, dst);
            } else {
                dst.copy_from_slice(data.image(idx));
            }
            self.batch_labels.push(data.labels[idx]);
        }
    }
}
