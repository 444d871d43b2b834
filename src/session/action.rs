//! Everything a person can ask the session to do ([`Action`]), and
//! [`Session::apply`], which does it: training controls, settings, new
//! architectures (confirmed when trained weights would be lost) and model
//! files.

use super::eval;
use super::history::History;
use super::remote::Command;
use super::{Input, Notice, Session, Status};
use crate::core::Dataset;
use crate::core::{Hyper, Model, ModelSpec, Trainer};

/// Everything a person can ask the session to do.
#[derive(Clone, Debug)]
pub enum Action {
    DataLoaded {
        train: Dataset,
        test: Dataset,
        source: String,
    },
    DataFailed(String),
    /// Train / Pause toggle.
    Toggle,
    Pause,
    /// Train exactly one batch.
    Step,
    /// New weights from the seed; history cleared.
    Reset,
    SetHyper(Hyper),
    SetSeed(u64),
    /// A new architecture. Refused in place when invalid; asks for
    /// confirmation first when trained weights would be lost.
    ProposeSpec(ModelSpec),
    ConfirmSpec,
    CancelSpec,
    /// A weights file (spec + weights) from an upload or LocalStorage.
    LoadModel {
        bytes: Vec<u8>,
        origin: String,
    },
    SelectInput(Input),
    DismissNotice,
    /// Split each batch across this many workers (when workers train).
    SetWorkers(usize),
}

impl Session {
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::DataLoaded {
                train,
                test,
                source,
            } => {
                self.test_chunks = eval::chunks(&test);
                self.train = Some(train);
                self.test = Some(test);
                self.data_source = source;
                self.send(Command::Data);
                self.start_eval();
            }
            Action::DataFailed(msg) => self.error(msg),
            Action::Toggle => match self.status {
                Status::Training => self.pause(),
                _ => self.start_training(),
            },
            Action::Pause => self.pause(),
            Action::Step => {
                self.pause();
                if !self.is_remote() {
                    self.train_one();
                } else if self.train.is_some() && !matches!(self.status, Status::Diverged { .. }) {
                    self.send(Command::Step);
                }
            }
            Action::Reset => self.reset_weights(self.seed()),
            Action::SetHyper(h) => {
                self.trainer.set_hyper(h);
                self.send(Command::Hyper(h));
                if let Status::Diverged { .. } = self.status {
                    self.status = Status::Paused;
                    self.notice = None;
                }
            }
            Action::SetSeed(seed) => self.reset_weights(seed),
            Action::ProposeSpec(spec) => self.propose(spec),
            Action::ConfirmSpec => {
                if let Some(spec) = self.pending_spec.take() {
                    // A change while training stops, rebuilds and restarts.
                    let was_training = self.status == Status::Training;
                    self.switch_spec(spec.clone());
                    if was_training && *self.spec() == spec {
                        self.start_training();
                    }
                }
            }
            Action::CancelSpec => self.pending_spec = None,
            Action::LoadModel { bytes, origin } => self.load_model(&bytes, &origin),
            Action::SelectInput(input) => self.input = input,
            Action::DismissNotice => self.notice = None,
            Action::SetWorkers(w) => self.set_workers(w),
        }
    }

    /// Replaces the model by the one in a weights file, spec and all, keeping
    /// the seed and optimizer settings. On error the current model is kept.
    fn load_model(&mut self, bytes: &[u8], origin: &str) {
        match Model::from_bytes(bytes) {
            Ok(model) => {
                self.trainer = Trainer::with_model(model, self.seed(), self.hyper());
                self.after_new_weights();
                self.weights_version += 1;
                self.notice = Some(Notice {
                    error: false,
                    text: format!("Loaded {origin}."),
                });
            }
            Err(e) => self.error(format!("{origin}: {e}. The current model is kept.")),
        }
    }

    fn propose(&mut self, spec: ModelSpec) {
        if let Err(e) = spec.validate() {
            self.arch_error = Some(format!("{e}. The running model is kept."));
            return;
        }
        self.arch_error = None;
        if self.has_trained_weights() {
            self.pending_spec = Some(spec);
        } else {
            self.switch_spec(spec);
        }
    }

    fn switch_spec(&mut self, spec: ModelSpec) {
        match Trainer::new(&spec, self.seed(), self.hyper()) {
            Ok(t) => {
                self.trainer = t;
                self.after_new_weights();
                self.weights_version = 0;
            }
            Err(e) => self.arch_error = Some(format!("{e}. The running model is kept.")),
        }
    }

    /// Fresh weights for the current spec from `seed` (which becomes the
    /// session's seed).
    fn reset_weights(&mut self, seed: u64) {
        self.trainer.reset(seed);
        self.after_new_weights();
        self.weights_version = 0;
    }

    /// Clears what belonged to the old weights.
    fn after_new_weights(&mut self) {
        self.status = Status::Idle;
        self.history = History::default();
        self.speed.reset();
        self.eval = None;
        self.eval_version += 1;
        self.reached_95 = None;
        self.notice = None;
        self.send_model();
        self.start_eval();
    }
}
