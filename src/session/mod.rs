//! The app's one shared state: a pure session model, tested natively.
//!
//! Every panel reads the same [`Session`]: the model being trained is the one
//! the digit pad classifies and the feature maps show. The Yew layer only
//! forwards [`Action`]s to [`Session::apply`] and calls [`Session::tick`] from
//! a timer; nothing here knows about the browser.
//!
//! The session's parts, one file each: what a person can ask ([`Action`],
//! `action.rs`), training in time slices (`training.rs`), held-out
//! evaluation in chunks (`eval.rs`), the status line and notices
//! (`status.rs`) and the image the views look at (`input.rs`); training in
//! workers: the page's side (`remote.rs`), the workers' side (`worker.rs`),
//! held-out evaluation in a worker of its own (`evaluator.rs`) and the bytes
//! between them (`wire.rs`). The model,
//! its spec, the optimizer settings and the seed live in one place, the
//! [`Trainer`]; the session reads them from there.

pub mod check;
pub mod evaluator;
pub mod hash;
pub mod history;
pub mod persist;
pub mod remote;
pub mod speed;
pub mod wire;
pub mod worker;

mod action;
mod eval;
mod input;
mod status;
mod training;

pub use action::Action;
pub use eval::{merge_evaluations, next_eval_mark};
pub use input::Input;
pub use status::{Notice, Status};

use crate::core::Dataset;
use crate::core::{Evaluation, Hyper, Model, ModelSpec, Trainer};
use eval::EvalJob;
use evaluator::Evaluator;
use history::History;
use remote::Remote;
use speed::Speed;

/// The shared state of one app.
pub struct Session {
    /// The model with its spec, optimizer settings, seed and data position.
    pub trainer: Trainer,
    pub status: Status,
    pub history: History,
    pub speed: Speed,
    pub train: Option<Dataset>,
    pub test: Option<Dataset>,
    /// Where the data came from, for the status line.
    pub data_source: String,
    /// Held-out set cut into chunks, so evaluation runs in time slices.
    test_chunks: Vec<Dataset>,
    eval_job: Option<EvalJob>,
    next_eval_at: u64,
    /// Last complete held-out evaluation (confusion matrix, galleries).
    pub eval: Option<Evaluation>,
    pub input: Input,
    pub notice: Option<Notice>,
    /// Why the last proposed architecture was refused.
    pub arch_error: Option<String>,
    /// An architecture waiting for the person to confirm losing the weights.
    pub pending_spec: Option<ModelSpec>,
    /// Bumped whenever the weights change, so views know to redraw.
    pub weights_version: u64,
    /// Bumped on every change of weights and never reset: two different sets
    /// of weights never share a generation, so caches can key on it instead
    /// of hashing every parameter.
    pub weights_generation: u64,
    /// Where the current weights came from when they were loaded from a file
    /// ("the pretrained default model"); `None` for random weights from a seed.
    pub loaded_from: Option<String>,
    /// Training time and images when held-out accuracy first reached 95%.
    pub reached_95: Option<(f64, u64)>,
    /// Bumped whenever `eval` changes, so result views know to rebuild.
    pub eval_version: u64,
    /// Measured cost of one training image, to size the pieces of a batch.
    ms_per_image: f64,
    /// The weights are the pretrained default's, untouched (not worth storing).
    pub pretrained: bool,
    /// A single step (the Step button) still in progress, sliced like training.
    stepping: bool,
    /// Held-out images per evaluation slice, for the current network.
    eval_chunk: usize,
    /// Set while workers train (see `remote.rs`); `None` trains in the page.
    pub remote: Option<Remote>,
    /// Set while an evaluation worker takes the held-out evaluations.
    evaluator: Option<Evaluator>,
    /// Workers reported, started or stopped since the last tick.
    remote_changed: bool,
}

impl Session {
    /// A session with fresh weights for `spec` from `seed`. Refused (with
    /// the reason) when `spec` is over the budget at the batch size; whether
    /// it fits the data is checked where specs come in (links, the editor,
    /// files: [`check::fits`]).
    pub fn new(spec: ModelSpec, hyper: Hyper, seed: u64) -> Result<Session, String> {
        crate::core::budget::check(&spec, hyper.batch_size).map_err(|e| e.to_string())?;
        let trainer = Trainer::new(&spec, seed, hyper).map_err(|e| e.to_string())?;
        Ok(Session {
            trainer,
            status: Status::Idle,
            history: History::default(),
            speed: Speed::default(),
            train: None,
            test: None,
            data_source: String::new(),
            test_chunks: Vec::new(),
            eval_job: None,
            next_eval_at: 0,
            eval: None,
            input: Input::Test(0),
            notice: None,
            arch_error: None,
            pending_spec: None,
            weights_version: 0,
            weights_generation: 0,
            loaded_from: None,
            reached_95: None,
            ms_per_image: 1.0,
            eval_version: 0,
            pretrained: false,
            stepping: false,
            eval_chunk: 1,
            remote: None,
            evaluator: None,
            remote_changed: false,
        })
        .map(|mut s| {
            s.fit_slices();
            s
        })
    }

    /// The model in use right now (trained, pretrained or loaded).
    pub fn model(&self) -> &Model {
        self.trainer.model()
    }

    pub fn model_mut(&mut self) -> &mut Model {
        self.trainer.model_mut()
    }

    /// The architecture of the model in use.
    pub fn spec(&self) -> &ModelSpec {
        self.trainer.model().spec()
    }

    /// The optimizer settings of the next steps.
    pub fn hyper(&self) -> Hyper {
        self.trainer.hyper()
    }

    /// The seed of the initial weights and of the data order.
    pub fn seed(&self) -> u64 {
        self.trainer.seed()
    }

    /// Training images seen since the last reset.
    pub fn images_seen(&self) -> u64 {
        self.trainer.images_seen()
    }

    /// True when a person would lose something by replacing the weights.
    pub fn has_trained_weights(&self) -> bool {
        self.images_seen() > 0 || self.weights_version > 0
    }

    /// True while training or an evaluation still has work to do.
    pub fn busy(&self) -> bool {
        self.status == Status::Training || self.stepping || self.evaluating()
    }

    /// What the data asks of a network: the loaded training set's, else MNIST's.
    pub fn data_shape(&self) -> check::DataShape {
        self.train
            .as_ref()
            .map_or(check::DataShape::MNIST, check::DataShape::of)
    }

    /// True while [`Session::tick`] has work for every slice it gets (while
    /// workers train, the page only evaluates and renders).
    pub fn needs_slices(&self) -> bool {
        self.eval_job.is_some()
            || ((self.status == Status::Training || self.stepping) && !self.is_remote())
    }
}
