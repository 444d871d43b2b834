//! The overfitting race: a big MLP and a small CNN train side by side.
//!
//! Both networks get the same seeded, class-balanced training subset, the
//! same optimizer settings and the same number of epochs. After every epoch
//! both are measured on (part of) their training subset and on the held-out
//! digits; when training ends, both take the shift test: held-out digits
//! moved 0..N pixels within the frame (no wrap-around).
//!
//! The race is a state machine driven by [`Race::tick`], which does small
//! units of work (one batch, or one chunk of evaluation) until a time budget
//! of a caller-supplied clock is used up. The browser calls it from a timer;
//! tests drive it with a fake clock. The units of work are in `run.rs`.

pub mod config;
mod run;
pub mod subset;
pub mod tally;
pub mod view;

pub use config::{cnn_spec, default_epochs, mlp_spec, RaceConfig};

use crate::core::spec::MNIST_INPUT as MNIST_INPUT_SHAPE;
use crate::core::Dataset;
use crate::core::Trainer;
use tally::Tally;

/// The subset sizes the page offers (the last one is "all").
pub const SUBSETS: [usize; 3] = [500, 1000, 8000];
/// Networks in the race, in this order everywhere.
pub const NAMES: [&str; 2] = ["MLP", "CNN"];
pub const MLP: usize = 0;
pub const CNN: usize = 1;

/// Accuracies of one network after an epoch (epoch 0 = untrained).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochPoint {
    pub epoch: usize,
    pub train_acc: f32,
    pub test_acc: f32,
}

/// Where the race is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Measuring after `epoch` epochs.
    Evaluating {
        epoch: usize,
    },
    /// Training epoch `epoch` (1-based).
    Training {
        epoch: usize,
    },
    ShiftTest,
    Done,
}

/// One contestant.
pub struct Runner {
    pub trainer: Trainer,
    pub params: u64,
    pub curve: Vec<EpochPoint>,
    /// Accuracy at shift 0, 1, ..., `max_shift`, once the shift test ran.
    pub shift: Vec<f32>,
}

/// The race itself.
pub struct Race {
    config: RaceConfig,
    train: Dataset,
    test: Dataset,
    nets: Vec<Runner>,
    phase: Phase,
    running: bool,
    tally: Option<Tally>,
    scratch: Dataset,
    error: Option<String>,
}

impl Race {
    /// Sets up a race on `config.subset` images of `train`, measured on `test`.
    pub fn new(train: &Dataset, test: &Dataset, config: RaceConfig) -> Result<Race, String> {
        for (what, d) in [("training", train), ("held-out", test)] {
            if d.is_empty() {
                return Err(format!("the {what} set has no images yet"));
            }
            if d.shape != MNIST_INPUT_SHAPE || d.images.len() != d.len() * d.shape.len() {
                return Err(format!(
                    "the {what} images are {}, the race needs {MNIST_INPUT_SHAPE}",
                    d.shape
                ));
            }
        }
        if config.epochs == 0 {
            return Err("the race needs at least one epoch".into());
        }
        let picked = subset::stratified(&train.labels, config.subset, config.seed)?;
        let mut nets = Vec::new();
        for spec in [mlp_spec(), cnn_spec()] {
            let trainer =
                Trainer::new(&spec, config.seed, config.hyper).map_err(|e| e.to_string())?;
            nets.push(Runner {
                params: spec.total_params(),
                trainer,
                curve: Vec::new(),
                shift: Vec::new(),
            });
        }
        let mut race = Race {
            train: train.subset(&picked),
            test: test.clone(),
            scratch: Dataset {
                shape: MNIST_INPUT_SHAPE,
                images: Vec::new(),
                labels: Vec::new(),
            },
            config,
            nets,
            phase: Phase::Done,
            running: false,
            tally: None,
            error: None,
        };
        race.begin_eval(0);
        Ok(race)
    }

    pub fn config(&self) -> &RaceConfig {
        &self.config
    }
    pub fn phase(&self) -> Phase {
        self.phase
    }
    pub fn nets(&self) -> &[Runner] {
        &self.nets
    }
    /// Images actually in the training subset.
    pub fn subset_len(&self) -> usize {
        self.train.len()
    }
    pub fn is_running(&self) -> bool {
        self.running
    }
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }
    /// Why the race stopped early, if it did.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
    /// The held-out digits (for showing a shifted example).
    pub fn test_set(&self) -> &Dataset {
        &self.test
    }
    /// A network, to classify an example.
    pub fn model_mut(&mut self, net: usize) -> Option<&mut crate::core::Model> {
        self.nets.get_mut(net).map(|r| r.trainer.model_mut())
    }

    /// Latest held-out accuracy of `net`, once measured.
    pub fn test_accuracy(&self, net: usize) -> Option<f32> {
        self.nets.get(net)?.curve.last().map(|p| p.test_acc)
    }

    /// Start (or resume); a finished race stays finished.
    pub fn start(&mut self) {
        self.running = !self.is_done();
    }
    pub fn stop(&mut self) {
        self.running = false;
    }

    /// Overall progress, `0..=1`, counting training epochs and the shift test.
    pub fn progress(&self) -> f32 {
        let steps = self.config.epochs as f32 + 1.0;
        let done = match self.phase {
            Phase::Evaluating { epoch } => epoch as f32,
            Phase::Training { epoch } => {
                let pos = self.nets[CNN].trainer.position() + self.nets[MLP].trainer.position();
                epoch as f32 - 1.0 + pos as f32 / (2 * self.train.len()) as f32
            }
            Phase::ShiftTest => {
                self.config.epochs as f32 + self.tally.as_ref().map_or(0.0, |t| t.progress())
            }
            Phase::Done => steps,
        };
        (done / steps).clamp(0.0, 1.0)
    }
}
