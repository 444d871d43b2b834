//! Everything a person can ask the session to do ([`Action`]), and
//! [`Session::apply`], which does it: training controls, settings, new
//! architectures (confirmed when trained weights would be lost) and model
//! files.

use super::check;
use super::history::History;
use super::persist::DEFAULT_SEED;
use super::remote::Command;
use super::{Input, Notice, Session, Status};
use crate::core::numfmt::sentence;
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
    /// The pretrained default model, fetched at start-up or on request.
    LoadPretrained(Vec<u8>),
    /// Back to the default architecture, settings and seed, fresh weights
    /// (the page forgets what it stored and then loads the pretrained model).
    ForgetAll,
    SelectInput(Input),
    DismissNotice,
    /// Split each batch across this many workers (when workers train).
    SetWorkers(usize),
}

/// Where the pretrained default model comes from, as the page says it.
pub const PRETRAINED_ORIGIN: &str =
    "the default CNN, pretrained at build time by the train-default program on the bundled MNIST training split";

impl Session {
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::DataLoaded {
                train,
                test,
                source,
            } => {
                self.train = Some(train);
                self.test = Some(test);
                self.test_chunks.clear();
                self.fit_slices();
                self.data_source = source;
                self.send(Command::Data);
                self.send_test();
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
                // One batch: trained in slices by `tick` like any training,
                // or by the workers.
                if self.can_train() {
                    if !self.is_remote() {
                        self.stepping = true;
                    } else if !matches!(self.status, Status::Diverged { .. }) {
                        self.send(Command::Step);
                    }
                }
            }
            Action::Reset => self.reset_weights(self.seed()),
            Action::SetHyper(h) => {
                let now = self.hyper().batch_size;
                if h.batch_size != now {
                    if let Err(e) = check::fits(self.spec(), h.batch_size, self.data_shape()) {
                        self.error(format!(
                            "Batch size {} refused: {e}. The batch size stays {now}.",
                            h.batch_size
                        ));
                        return;
                    }
                }
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
            Action::LoadModel { bytes, origin } => {
                self.load_model(&bytes, &origin);
            }
            Action::LoadPretrained(bytes) => {
                if self.load_model(&bytes, PRETRAINED_ORIGIN) {
                    self.pretrained = true;
                }
            }
            Action::ForgetAll => {
                let (spec, hyper) = (ModelSpec::default_cnn(), Hyper::default());
                match Trainer::new(&spec, DEFAULT_SEED, hyper) {
                    Ok(t) => {
                        self.trainer = t;
                        self.pending_spec = None;
                        self.arch_error = None;
                        self.after_new_weights();
                        self.weights_version = 0;
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::SelectInput(input) => self.input = input,
            Action::DismissNotice => self.notice = None,
            Action::SetWorkers(w) => self.set_workers(w),
        }
    }

    /// Replaces the model by the one in a weights file, spec and all, keeping
    /// the seed and optimizer settings. On error the current model is kept.
    /// A weights file, refused with a message (the model kept) when it is
    /// damaged, over budget or does not fit the data. True when loaded.
    fn load_model(&mut self, bytes: &[u8], origin: &str) -> bool {
        let fit = |m: &Model| check::fits(m.spec(), self.hyper().batch_size, self.data_shape());
        match Model::from_bytes(bytes)
            .map_err(|e| e.to_string())
            .and_then(|m| fit(&m).map(|_| m))
        {
            Ok(model) => {
                // A problem already on show (a refused link setting, an
                // ignored stored model) stays: it says more than "Loaded".
                let kept = self.notice.take().filter(|n| n.error);
                self.trainer = Trainer::with_model(model, self.seed(), self.hyper());
                self.after_new_weights();
                self.loaded_from = Some(origin.to_string());
                self.weights_version += 1;
                self.notice = kept.or(Some(Notice {
                    error: false,
                    text: format!("Loaded {origin}."),
                }));
                true
            }
            Err(e) => {
                self.error(format!("{origin}: {e}. The current model is kept."));
                false
            }
        }
    }

    fn propose(&mut self, spec: ModelSpec) {
        if let Err(e) = check::fits(&spec, self.hyper().batch_size, self.data_shape()) {
            self.arch_error = Some(format!("{}. The running model is kept.", sentence(&e)));
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
                self.loaded_from = None;
                self.weights_version = 0;
            }
            Err(e) => {
                self.arch_error = Some(format!(
                    "{}. The running model is kept.",
                    sentence(&e.to_string())
                ))
            }
        }
    }

    /// Fresh weights for the current spec from `seed` (which becomes the
    /// session's seed).
    fn reset_weights(&mut self, seed: u64) {
        self.trainer.reset(seed);
        self.after_new_weights();
        self.loaded_from = None;
        self.weights_version = 0;
    }

    /// Clears what belonged to the old weights.
    fn after_new_weights(&mut self) {
        self.weights_generation += 1;
        self.status = Status::Idle;
        self.stepping = false;
        self.pretrained = false;
        self.fit_slices();
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
