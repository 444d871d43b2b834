//! The divergence demo's two computations, both on copies of the model so
//! the session's own weights never move:
//!
//! - [`replay`]: from the weights training was sent back to, the rate that
//!   diverged runs again for a few steps, recording the loss before each
//!   step. The last value is the spike that stopped training; the loss
//!   chart draws it.
//! - [`advise`]: lower rates (a tenth, a hundredth, ...) are each tried for
//!   [`TRIAL_STEPS`] steps; the first that keeps the loss finite and does
//!   not let it climb is the one offered. None passing means none offered.

use crate::core::budget::{forward_images_per_piece, train_images_per_piece};
use crate::core::train::DIVERGED_LOSS;
use crate::core::{Dataset, Hyper, Model, StepOutcome, Trainer};

/// Steps each lower rate is tried for before it is offered.
pub const TRIAL_STEPS: usize = 12;
/// Steps the diverged rate is replayed for, at most (it usually blows up in
/// two or three).
pub const REPLAY_STEPS: usize = 6;
/// Held images the loss is measured on before each step.
pub const PROBE_IMAGES: usize = 64;
/// The lowest rate worth trying: below it training barely moves.
pub const LOWEST_RATE: f32 = 1e-4;
/// A trial's last losses may end at most this much above its first loss.
const CLIMB: f64 = 1.1;

/// Losses measured on a copy of the model while it trained at one rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub lr: f32,
    /// The probe loss before each step (infinite or NaN once it blew up).
    pub losses: Vec<f64>,
    /// The run stopped because the loss or the weights blew up.
    pub blew_up: bool,
}

impl Run {
    /// The loss stayed finite, below the blow-up level, and did not climb:
    /// the mean of the last three losses is no more than a tenth above the
    /// first one.
    pub fn kept_finite(&self) -> bool {
        let n = self.losses.len();
        if self.blew_up || n == 0 {
            return false;
        }
        let sane = self
            .losses
            .iter()
            .all(|l| l.is_finite() && *l <= DIVERGED_LOSS as f64);
        let tail = &self.losses[n.saturating_sub(3)..];
        let end = tail.iter().sum::<f64>() / tail.len() as f64;
        sane && end <= self.losses[0] * CLIMB
    }

    /// The highest loss of the run (infinite when it blew up to infinity).
    pub fn peak(&self) -> f64 {
        self.losses
            .iter()
            .map(|l| if l.is_nan() { f64::INFINITY } else { *l })
            .fold(0.0, f64::max)
    }
}

/// What the demo shows after a divergence.
#[derive(Clone, Debug, PartialEq)]
pub struct Advice {
    /// The diverged rate, replayed: its last loss is the spike.
    pub spike: Run,
    /// Every lower rate tried, highest first, up to the one offered.
    pub trials: Vec<Run>,
    /// The highest rate that kept the loss finite, if any did.
    pub offer: Option<f32>,
}

/// The rates below `lr` worth trying, highest first: a tenth each time,
/// down to [`LOWEST_RATE`].
pub fn candidates(lr: f32) -> Vec<f32> {
    let mut out = vec![];
    for k in 1..=8 {
        // Divided in f64 and rounded to four significant digits, so a rate
        // reads as typed (0.01, not 0.0099999998).
        let r = (lr as f64 / 10f64.powi(k)) as f32;
        let r: f32 = format!("{r:.3e}").parse().unwrap_or(r);
        if !r.is_finite() || r < LOWEST_RATE * 0.999 {
            break;
        }
        out.push(r);
    }
    out
}

/// The first [`PROBE_IMAGES`] images of `data`: the fixed batch every run's
/// loss is measured on, so runs compare.
pub fn probe_batch(data: &Dataset) -> Dataset {
    let n = PROBE_IMAGES.min(data.len());
    data.subset(&(0..n).collect::<Vec<_>>())
}

/// Trains a copy of `model` at `hyper` for up to `steps` steps, measuring
/// the loss on `probe` before each step. Stops at a blow-up.
pub fn run(
    model: &Model,
    hyper: Hyper,
    seed: u64,
    data: &Dataset,
    probe: &Dataset,
    steps: usize,
) -> Run {
    let mut live = Live::new(model, hyper, seed, steps);
    loop {
        if let Some(r) = live.piece(data, probe) {
            return r;
        }
    }
}

/// One run under way, worked a piece at a time: before each training step
/// the probe's loss (in chunks), then the step (in parts).
struct Live {
    trainer: Trainer,
    lr: f32,
    steps: usize,
    trained: usize,
    losses: Vec<f64>,
    /// The probe's summed loss so far, and how many of its images it covers;
    /// `None` while a training step is under way.
    probing: Option<(f64, usize)>,
    /// Images per piece of a training step, and per chunk of the probe.
    train_images: usize,
    probe_images: usize,
}

impl Live {
    fn new(model: &Model, hyper: Hyper, seed: u64, steps: usize) -> Live {
        // A piece of a run (a part of a training step, or a part of the
        // probe) is one budget piece, so the demo never holds the page.
        let macs: u64 = model.info().iter().map(|l| l.macs).sum();
        Live {
            trainer: Trainer::with_model(model.clone(), seed, hyper),
            lr: hyper.lr,
            steps,
            trained: 0,
            losses: Vec::with_capacity(steps + 1),
            probing: Some((0.0, 0)),
            train_images: train_images_per_piece(macs),
            probe_images: forward_images_per_piece(macs),
        }
    }

    fn finish(&mut self, blew_up: bool) -> Run {
        Run {
            lr: self.lr,
            losses: std::mem::take(&mut self.losses),
            blew_up,
        }
    }

    /// Does one piece; the finished run once there is nothing left.
    fn piece(&mut self, data: &Dataset, probe: &Dataset) -> Option<Run> {
        if self.trained >= self.steps {
            return Some(self.finish(false));
        }
        if let Some((sum, done)) = self.probing {
            let len = self.trainer.model().input_len();
            let (a, b) = (done, (done + self.probe_images).min(probe.len()));
            let part = self
                .trainer
                .model_mut()
                .batch_loss(&probe.images[a * len..b * len], &probe.labels[a..b]);
            let (sum, done) = (sum + part * (b - a) as f64, b);
            if done < probe.len() {
                self.probing = Some((sum, done));
                return None;
            }
            let loss = sum / probe.len().max(1) as f64;
            self.losses.push(loss);
            if !loss.is_finite() || loss > DIVERGED_LOSS as f64 {
                return Some(self.finish(true));
            }
            self.probing = None;
            return None;
        }
        match self.trainer.step_some(data, self.train_images)? {
            StepOutcome::Diverged { .. } => {
                // The step's own loss blew up (on the batch, or right after
                // the update) before the probe's did; the trainer went back
                // to its last good weights. The loss that gave it away is the
                // spike the chart shows.
                self.losses.push(self.trainer.blow_up_loss() as f64);
                Some(self.finish(true))
            }
            StepOutcome::Trained(_) => {
                self.trained += 1;
                if self.trained >= self.steps {
                    return Some(self.finish(false));
                }
                self.probing = Some((0.0, 0));
                None
            }
        }
    }
}

/// The demo's work, a short piece at a time, so a page can spread it over
/// many short tasks: first the replay, then each lower rate until one
/// passes.
pub struct Adviser {
    hyper: Hyper,
    seed: u64,
    probe: Dataset,
    pending: Vec<f32>,
    live: Option<(bool, Live)>,
    spike: Option<Run>,
    trials: Vec<Run>,
    offer: Option<f32>,
}

impl Adviser {
    /// Work to do after training at `hyper` diverged on `data`.
    pub fn new(hyper: Hyper, seed: u64, data: &Dataset) -> Adviser {
        let mut pending = candidates(hyper.lr);
        pending.reverse();
        Adviser {
            hyper,
            seed,
            probe: probe_batch(data),
            pending,
            live: None,
            spike: None,
            trials: vec![],
            offer: None,
        }
    }

    /// Does one piece of work on a copy of `model` (a copy is taken when a
    /// run starts). Returns true when all is done.
    pub fn step(&mut self, model: &Model, data: &Dataset) -> bool {
        if self.is_done() {
            return true;
        }
        if self.live.is_none() {
            let seed = self.seed;
            self.live = if self.spike.is_none() {
                Some((true, Live::new(model, self.hyper, seed, REPLAY_STEPS)))
            } else {
                self.pending.pop().map(|lr| {
                    let hyper = Hyper { lr, ..self.hyper };
                    (false, Live::new(model, hyper, seed, TRIAL_STEPS))
                })
            };
        }
        let Some((is_spike, live)) = self.live.as_mut() else {
            return self.is_done();
        };
        let is_spike = *is_spike;
        if let Some(r) = live.piece(data, &self.probe) {
            self.live = None;
            if is_spike {
                self.spike = Some(r);
            } else {
                if r.kept_finite() {
                    self.offer = Some(r.lr);
                    self.pending.clear();
                }
                self.trials.push(r);
            }
        }
        self.is_done()
    }

    pub fn is_done(&self) -> bool {
        self.spike.is_some() && self.pending.is_empty() && self.live.is_none()
    }

    /// What has been found so far.
    pub fn advice(&self) -> Option<Advice> {
        Some(Advice {
            spike: self.spike.clone()?,
            trials: self.trials.clone(),
            offer: self.offer,
        })
    }
}

/// Replays the diverged rate and tries lower ones, each on its own copy of
/// `model` (the weights training went back to).
pub fn advise(model: &Model, hyper: Hyper, seed: u64, data: &Dataset) -> Advice {
    let mut a = Adviser::new(hyper, seed, data);
    while !a.step(model, data) {}
    a.advice().expect("the replay ran first")
}
