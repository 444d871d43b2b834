//! The app's one shared state: a pure session model, tested natively.
//!
//! Every panel reads the same [`Session`]: the model being trained is the one
//! the digit pad classifies and the feature maps show. The Yew layer only
//! forwards [`Action`]s to [`Session::apply`] and calls [`Session::tick`] from
//! a timer; nothing here knows about the browser.

pub mod hash;
pub mod history;
pub mod persist;
pub mod remote;
pub mod speed;
pub mod wire;
pub mod worker;

use crate::core::Dataset;
use crate::core::{Evaluation, Hyper, Model, ModelSpec, StepOutcome, Trainer};
use history::History;
use remote::{Command, Remote};
use speed::Speed;

/// What training is doing. `as_str` gives the `data-state` test hook value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    Idle,
    Training,
    Paused,
    /// The loss went NaN/inf at this learning rate; last good weights are back.
    Diverged {
        lr: f32,
    },
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Training => "training",
            Status::Paused => "paused",
            Status::Diverged { .. } => "diverged",
        }
    }
}

/// The image the feature-map view looks at.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A held-out test digit, by index.
    Test(usize),
    /// The 28x28 preprocessed drawing from the digit pad.
    Drawn(Vec<f32>),
    /// A grayscale scene of any size (the cat demo's), `w * h` values in `0..=1`.
    Scene {
        pixels: Vec<f32>,
        w: usize,
        h: usize,
    },
}

/// A message for the person, shown until dismissed or replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

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

/// Held-out images evaluated per slice of a running evaluation.
/// 25 images of the default CNN's forward pass cost about a quarter of one
/// training step of 32, so evaluation never lengthens a slice noticeably.
const EVAL_CHUNK: usize = 25;
/// Training images between two held-out evaluations.
pub const EVAL_EVERY: u64 = 2000;

/// The shared state of one app.
pub struct Session {
    pub seed: u64,
    pub spec: ModelSpec,
    pub hyper: Hyper,
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
    /// Training time and images when held-out accuracy first reached 95%.
    pub reached_95: Option<(f64, u64)>,
    /// Bumped whenever `eval` changes, so result views know to rebuild.
    pub eval_version: u64,
    /// Measured cost of one training image, to size the pieces of a batch.
    ms_per_image: f64,
    /// Set while workers train (see `remote.rs`); `None` trains in the page.
    pub remote: Option<Remote>,
    /// Workers reported, started or stopped since the last tick.
    remote_changed: bool,
}

/// A held-out evaluation in progress, chunk by chunk.
struct EvalJob {
    next_chunk: usize,
    parts: Vec<Evaluation>,
    images_seen: u64,
    /// The weights being evaluated, when workers may change the model meanwhile.
    model: Option<Model>,
}

impl Session {
    /// A session with fresh weights for `spec` from `seed`.
    pub fn new(spec: ModelSpec, hyper: Hyper, seed: u64) -> Result<Session, String> {
        let trainer = Trainer::new(&spec, seed, hyper).map_err(|e| e.to_string())?;
        Ok(Session {
            seed,
            spec,
            hyper,
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
            reached_95: None,
            ms_per_image: 1.0,
            eval_version: 0,
            remote: None,
            remote_changed: false,
        })
    }

    /// The model in use right now (trained, pretrained or loaded).
    pub fn model(&self) -> &Model {
        self.trainer.model()
    }

    pub fn model_mut(&mut self) -> &mut Model {
        self.trainer.model_mut()
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
        self.status == Status::Training || self.eval_job.is_some()
    }

    /// True while [`Session::tick`] has work for every slice it gets (while
    /// workers train, the page only evaluates and renders).
    pub fn needs_slices(&self) -> bool {
        self.eval_job.is_some() || (self.status == Status::Training && !self.is_remote())
    }

    /// Pixels of the selected input, when available.
    pub fn input_pixels(&self) -> Option<Vec<f32>> {
        match &self.input {
            Input::Test(i) => self
                .test
                .as_ref()
                .filter(|t| *i < t.len())
                .map(|t| t.image(*i).to_vec()),
            Input::Drawn(px) => Some(px.clone()),
            Input::Scene { pixels, .. } => Some(pixels.clone()),
        }
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::DataLoaded {
                train,
                test,
                source,
            } => {
                self.test_chunks = (0..test.len())
                    .step_by(EVAL_CHUNK)
                    .map(|s| {
                        test.subset(&(s..(s + EVAL_CHUNK).min(test.len())).collect::<Vec<_>>())
                    })
                    .collect();
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
                if self.is_remote() {
                    if self.train.is_some() && !matches!(self.status, Status::Diverged { .. }) {
                        self.send(Command::Step);
                    }
                } else {
                    self.train_one();
                }
            }
            Action::Reset => self.reset_weights(),
            Action::SetHyper(h) => {
                self.hyper = h;
                self.trainer.set_hyper(h);
                self.send(Command::Hyper(h));
                if let Status::Diverged { .. } = self.status {
                    self.status = Status::Paused;
                    self.notice = None;
                }
            }
            Action::SetSeed(seed) => {
                self.seed = seed;
                self.reset_weights();
            }
            Action::ProposeSpec(spec) => self.propose(spec),
            Action::ConfirmSpec => {
                if let Some(spec) = self.pending_spec.take() {
                    // A change while training stops, rebuilds and restarts.
                    let was_training = self.status == Status::Training;
                    self.switch_spec(spec.clone());
                    if was_training && self.spec == spec {
                        self.start_training();
                    }
                }
            }
            Action::CancelSpec => self.pending_spec = None,
            Action::LoadModel { bytes, origin } => match Model::from_bytes(&bytes) {
                Ok(model) => {
                    let spec = model.spec().clone();
                    self.trainer = Trainer::with_model(model, self.seed, self.hyper);
                    self.spec = spec;
                    self.after_new_weights();
                    self.weights_version += 1;
                    self.notice = Some(Notice {
                        error: false,
                        text: format!("Loaded {origin}."),
                    });
                }
                Err(e) => self.error(format!("{origin}: {e}. The current model is kept.")),
            },
            Action::SelectInput(input) => self.input = input,
            Action::DismissNotice => self.notice = None,
            Action::SetWorkers(w) => self.set_workers(w),
        }
    }

    /// Runs training (and any pending evaluation) until `budget_ms` of
    /// `clock()` has passed. Returns true when anything changed.
    pub fn tick(&mut self, budget_ms: f64, clock: &mut dyn FnMut() -> f64) -> bool {
        let start = clock();
        let mut changed = self.take_remote_change();
        let running = self.status == Status::Training;
        while clock() - start < budget_ms {
            if self.eval_job.is_some() {
                self.eval_step();
                changed = true;
                continue;
            }
            if self.status != Status::Training || self.is_remote() {
                break;
            }
            // Cut the batch into pieces that fit what is left of the slice,
            // so no single task runs long (a whole batch can take 40 ms).
            let left = budget_ms - (clock() - start);
            let chunk = (left / self.ms_per_image).floor().clamp(1.0, 512.0) as usize;
            let t0 = clock();
            let outcome = self.train_some(chunk);
            let per = (clock() - t0) / chunk as f64;
            if per.is_finite() && per > 0.0 {
                self.ms_per_image = 0.7 * self.ms_per_image + 0.3 * per;
            }
            match outcome {
                Some(false) => break,
                _ => changed = true,
            }
            if self.images_seen() >= self.next_eval_at {
                self.start_eval();
            }
        }
        self.speed.sample(clock(), self.images_seen(), running);
        // A slice whose step diverged changed what is shown, even with no
        // batch trained (a slice of one slow step would otherwise never
        // re-render the "diverged" state).
        changed || (running && self.status != Status::Training)
    }

    fn start_training(&mut self) {
        if self.train.is_none() {
            self.error("The training data has not loaded yet.".into());
            return;
        }
        if let Status::Diverged { .. } = self.status {
            // Stays diverged until the learning rate changes or a reset.
            return;
        }
        self.status = Status::Training;
        self.send(Command::Run);
    }

    fn pause(&mut self) {
        if self.status == Status::Training {
            self.status = Status::Paused;
            self.send(Command::Stop);
        }
    }

    /// Trains one batch. Returns false when training could not proceed.
    fn train_one(&mut self) -> bool {
        let Some(train) = self.train.as_ref() else {
            return false;
        };
        let outcome = self.trainer.step(train);
        self.after_step(outcome)
    }

    /// Trains up to `max_images` images of the current batch. `None` while
    /// the batch is unfinished; otherwise whether training can go on.
    fn train_some(&mut self, max_images: usize) -> Option<bool> {
        let Some(train) = self.train.as_ref() else {
            return Some(false);
        };
        let outcome = self.trainer.step_some(train, max_images)?;
        Some(self.after_step(outcome))
    }

    fn after_step(&mut self, outcome: StepOutcome) -> bool {
        match outcome {
            StepOutcome::Trained(stats) => {
                let seen = self.trainer.images_seen();
                self.history.push_batch(&stats, seen);
                self.weights_version += 1;
                true
            }
            StepOutcome::Diverged { lr } => {
                self.status = Status::Diverged { lr };
                self.weights_version += 1;
                self.error(format!(
                    "Training diverged: the loss blew up at learning rate {lr}. \
                     The last good weights are restored. Try a rate of {} or lower.",
                    lr / 10.0
                ));
                false
            }
        }
    }

    fn start_eval(&mut self) {
        if self.test_chunks.is_empty() {
            return;
        }
        let model = self.eval_copy();
        self.eval_job = Some(EvalJob {
            next_chunk: 0,
            parts: Vec::with_capacity(self.test_chunks.len()),
            images_seen: self.images_seen(),
            model,
        });
        self.next_eval_at = self.images_seen() + EVAL_EVERY;
    }

    fn eval_step(&mut self) {
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
        let merged = merge_evaluations(job.parts);
        if job.images_seen > 0 || self.history.test.is_empty() {
            self.history.push_test(job.images_seen, merged.accuracy);
        }
        if merged.accuracy >= 0.95 && self.reached_95.is_none() && job.images_seen > 0 {
            self.reached_95 = Some((self.speed.elapsed_ms(), job.images_seen));
        }
        self.eval = Some(merged);
        self.eval_version += 1;
        if let Some(m) = copy {
            self.return_eval_copy(m);
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
        match Trainer::new(&spec, self.seed, self.hyper) {
            Ok(t) => {
                self.trainer = t;
                self.spec = spec;
                self.after_new_weights();
                self.weights_version = 0;
            }
            Err(e) => self.arch_error = Some(format!("{e}. The running model is kept.")),
        }
    }

    fn reset_weights(&mut self) {
        match Trainer::new(&self.spec, self.seed, self.hyper) {
            Ok(t) => {
                self.trainer = t;
                self.after_new_weights();
                self.weights_version = 0;
            }
            Err(e) => self.error(e.to_string()),
        }
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

    fn error(&mut self, text: String) {
        self.notice = Some(Notice { error: true, text });
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
