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
    let mut t = Trainer::with_model(model.clone(), seed, hyper);
    let len = model.input_len();
    let mut losses = Vec::with_capacity(steps + 1);
    let mut blew_up = false;
    for _ in 0..steps {
        let loss = t
            .model_mut()
            .batch_loss(&probe.images[..probe.len() * len], &probe.labels);
        losses.push(loss);
        if !loss.is_finite() || loss > DIVERGED_LOSS as f64 {
            blew_up = true;
            break;
        }
        if let StepOutcome::Diverged { .. } = t.step(data) {
            // The batch's own loss blew up before the probe's did; the
            // trainer went back to its last good weights, so the weights that
            // blew up are gone and only the verdict is recorded.
            blew_up = true;
            break;
        }
    }
    Run {
        lr: hyper.lr,
        losses,
        blew_up,
    }
}

/// The demo's work, one run at a time, so a page can spread it over
/// several short tasks: first the replay, then each lower rate until one
/// passes.
#[derive(Clone, Debug)]
pub struct Adviser {
    hyper: Hyper,
    seed: u64,
    probe: Dataset,
    pending: Vec<f32>,
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
            spike: None,
            trials: vec![],
            offer: None,
        }
    }

    /// Does one run on a copy of `model`. Returns true when all is done.
    pub fn step(&mut self, model: &Model, data: &Dataset) -> bool {
        if self.is_done() {
            return true;
        }
        let (probe, seed) = (&self.probe, self.seed);
        if self.spike.is_none() {
            self.spike = Some(run(model, self.hyper, seed, data, probe, REPLAY_STEPS));
        } else if let Some(lr) = self.pending.pop() {
            let hyper = Hyper { lr, ..self.hyper };
            let r = run(model, hyper, seed, data, probe, TRIAL_STEPS);
            if r.kept_finite() {
                self.offer = Some(lr);
                self.pending.clear();
            }
            self.trials.push(r);
        }
        self.is_done()
    }

    pub fn is_done(&self) -> bool {
        self.spike.is_some() && self.pending.is_empty()
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
