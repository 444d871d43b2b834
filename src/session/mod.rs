//! The app's one shared state: a pure session model, tested natively.
//!
//! Every panel reads the same [`Session`]: the model being trained is the one
//! the digit pad classifies and the feature maps show. The Yew layer only
//! forwards [`Action`]s to [`Session::apply`] and calls [`Session::tick`] from
//! a timer; nothing here knows about the browser.

pub mod check;
pub mod hash;
pub mod history;
pub mod persist;
pub mod speed;

use crate::core::Dataset;
use crate::core::{Evaluation, Hyper, Model, ModelSpec, StepOutcome, Trainer};
use history::History;
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
    /// The pretrained default model, fetched at start-up or on request.
    LoadPretrained(Vec<u8>),
    /// Back to the default architecture, settings and seed, fresh weights
    /// (the page forgets what it stored and then loads the pretrained model).
    ForgetAll,
    SelectInput(Input),
    DismissNotice,
}

/// Held-out images evaluated per slice of a running evaluation, at most.
/// 25 images of the default CNN's forward pass cost about a quarter of one
/// training step of 32, so evaluation never lengthens a slice noticeably.
const EVAL_CHUNK: usize = 25;
/// Forward multiply-adds of one evaluation slice: a larger network gets
/// fewer images per slice (down to one), so a slice stays a few ms.
const EVAL_SLICE_MACS: usize = 40_000_000;
/// A pessimistic first guess of training speed, in multiply-adds per ms
/// (a training image costs about three forward passes), replaced by
/// measurement after the first piece.
const GUESS_MACS_PER_MS: f64 = 2.0e6;
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
    /// The weights are the pretrained default's, untouched (not worth storing).
    pub pretrained: bool,
    /// A single step (the Step button) still in progress, sliced like training.
    stepping: bool,
    /// Held-out images per evaluation slice, for the current network.
    eval_chunk: usize,
}

/// A held-out evaluation in progress, chunk by chunk.
struct EvalJob {
    next_chunk: usize,
    parts: Vec<Evaluation>,
    images_seen: u64,
}

impl Session {
    /// A session with fresh weights for `spec` from `seed`.
    /// Refused (with the reason) when `spec` is over the budget at the
    /// batch size. (Whether it fits the data is checked where specs come
    /// in: links, the editor, files.)
    pub fn new(spec: ModelSpec, hyper: Hyper, seed: u64) -> Result<Session, String> {
        crate::core::budget::check(&spec, hyper.batch_size).map_err(|e| e.to_string())?;
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
            pretrained: false,
            stepping: false,
            eval_chunk: EVAL_CHUNK,
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
        self.status == Status::Training || self.stepping || self.eval_job.is_some()
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
                self.train = Some(train);
                self.test = Some(test);
                self.test_chunks.clear();
                self.fit_slices();
                self.data_source = source;
                self.start_eval();
            }
            Action::DataFailed(msg) => self.error(msg),
            Action::Toggle => match self.status {
                Status::Training => self.status = Status::Paused,
                _ => self.start_training(),
            },
            Action::Pause => {
                if self.status == Status::Training {
                    self.status = Status::Paused;
                }
            }
            Action::Step => {
                if self.status == Status::Training {
                    self.status = Status::Paused;
                }
                // One batch, trained in slices by `tick` like any training.
                if self.can_train() {
                    self.stepping = true;
                }
            }
            Action::Reset => self.reset_weights(),
            Action::SetHyper(h) => {
                if h.batch_size != self.hyper.batch_size {
                    if let Err(e) = check::fits(&self.spec, h.batch_size, self.data_shape()) {
                        self.error(format!(
                            "Batch size {} refused: {e}. The batch size stays {}.",
                            h.batch_size, self.hyper.batch_size
                        ));
                        return;
                    }
                }
                self.hyper = h;
                self.trainer.set_hyper(h);
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
                    self.switch_spec(spec);
                }
            }
            Action::CancelSpec => self.pending_spec = None,
            Action::LoadModel { bytes, origin } => {
                self.load_model(&bytes, &origin);
            }
            Action::LoadPretrained(bytes) => {
                if self.load_model(&bytes, "the pretrained default model") {
                    self.pretrained = true;
                }
            }
            Action::ForgetAll => {
                let (spec, hyper) = (ModelSpec::default_cnn(), Hyper::default());
                match Trainer::new(&spec, persist::DEFAULT_SEED, hyper) {
                    Ok(t) => {
                        self.trainer = t;
                        (self.spec, self.hyper, self.seed) = (spec, hyper, persist::DEFAULT_SEED);
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
        }
    }

    /// A weights file, refused with a message (the model kept) when it is
    /// damaged, over budget or does not fit the data.
    fn load_model(&mut self, bytes: &[u8], origin: &str) -> bool {
        let fit = |m: &Model| check::fits(m.spec(), self.hyper.batch_size, self.data_shape());
        match Model::from_bytes(bytes)
            .map_err(|e| e.to_string())
            .and_then(|m| fit(&m).map(|_| m))
        {
            Ok(model) => {
                // A problem already on show (a refused link setting, an
                // ignored stored model) stays: it says more than "Loaded".
                let kept = self.notice.take().filter(|n| n.error);
                let spec = model.spec().clone();
                self.trainer = Trainer::with_model(model, self.seed, self.hyper);
                self.spec = spec;
                self.after_new_weights();
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

    /// What the data asks of a network: the loaded training set's, else MNIST's.
    pub fn data_shape(&self) -> check::DataShape {
        self.train
            .as_ref()
            .map_or(check::DataShape::MNIST, check::DataShape::of)
    }

    /// True when the data is there and the network fits it; otherwise says why.
    fn can_train(&mut self) -> bool {
        let Some(train) = self.train.as_ref() else {
            self.error("The training data has not loaded yet.".into());
            return false;
        };
        if let Err(e) = self.trainer.check_data(train) {
            self.error(format!("This network cannot train on the data: {e}."));
            return false;
        }
        true
    }

    /// Sizes the slices of work for the current network: images per
    /// evaluation slice, and a first guess of the cost of a training image.
    fn fit_slices(&mut self) {
        let macs = self
            .model()
            .info()
            .iter()
            .map(|l| l.macs as usize)
            .sum::<usize>();
        self.eval_chunk = (EVAL_SLICE_MACS / macs.max(1)).clamp(1, EVAL_CHUNK);
        self.ms_per_image = 3.0 * macs as f64 / GUESS_MACS_PER_MS;
        if let Some(test) = self.test.as_ref() {
            if self.test_chunks.first().map(|c| c.len()) != Some(self.eval_chunk.min(test.len())) {
                self.test_chunks = chunks(test, self.eval_chunk);
            }
        }
    }

    /// Runs training (and any pending evaluation) until `budget_ms` of
    /// `clock()` has passed. Returns true when anything changed.
    pub fn tick(&mut self, budget_ms: f64, clock: &mut dyn FnMut() -> f64) -> bool {
        let start = clock();
        let mut changed = false;
        let running = self.status == Status::Training;
        while clock() - start < budget_ms {
            if self.eval_job.is_some() {
                self.eval_step();
                changed = true;
                continue;
            }
            if self.status != Status::Training && !self.stepping {
                break;
            }
            // Cut the batch into pieces that fit what is left of the slice,
            // so no single task runs long (a whole batch can take 40 ms).
            let left = budget_ms - (clock() - start);
            let chunk = (left / self.ms_per_image).floor().clamp(1.0, 512.0) as usize;
            let t0 = clock();
            let stepping = self.stepping;
            let outcome = self.train_some(chunk);
            let per = (clock() - t0) / chunk as f64;
            if per.is_finite() && per > 0.0 {
                self.ms_per_image = 0.7 * self.ms_per_image + 0.3 * per;
            }
            if outcome.is_some() && stepping {
                self.stepping = false;
                changed = true;
                if self.status != Status::Training {
                    break;
                }
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
        if let Status::Diverged { .. } = self.status {
            // Stays diverged until the learning rate changes or a reset.
            return;
        }
        if self.can_train() {
            self.status = Status::Training;
        }
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
            StepOutcome::Trained(stats) if stats.batch == 0 => {
                // The data does not fit the network (checked before training
                // starts; this guards against data that changed since).
                self.status = Status::Paused;
                self.stepping = false;
                self.error("Training stopped: the data does not fit this network.".into());
                false
            }
            StepOutcome::Trained(stats) => {
                self.pretrained = false;
                let seen = self.trainer.images_seen();
                self.history.push_batch(&stats, seen);
                self.weights_version += 1;
                true
            }
            StepOutcome::Diverged { lr } => {
                self.status = Status::Diverged { lr };
                self.stepping = false;
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
        self.eval_job = Some(EvalJob {
            next_chunk: 0,
            parts: Vec::with_capacity(self.test_chunks.len()),
            images_seen: self.images_seen(),
        });
        self.next_eval_at = self.images_seen() + EVAL_EVERY;
    }

    fn eval_step(&mut self) {
        let Some(job) = self.eval_job.as_mut() else {
            return;
        };
        let chunk = &self.test_chunks[job.next_chunk];
        job.parts
            .push(self.trainer.model_mut().evaluate(chunk, None));
        job.next_chunk += 1;
        if job.next_chunk < self.test_chunks.len() {
            return;
        }
        let job = self.eval_job.take().expect("job checked above");
        let merged = merge_evaluations(job.parts);
        if job.images_seen > 0 || self.history.test.is_empty() {
            self.history.push_test(job.images_seen, merged.accuracy);
        }
        if merged.accuracy >= 0.95 && self.reached_95.is_none() && job.images_seen > 0 {
            self.reached_95 = Some((self.speed.elapsed_ms(), job.images_seen));
        }
        self.eval = Some(merged);
        self.eval_version += 1;
    }

    fn propose(&mut self, spec: ModelSpec) {
        if let Err(e) = check::fits(&spec, self.hyper.batch_size, self.data_shape()) {
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
        self.stepping = false;
        self.pretrained = false;
        self.fit_slices();
        self.history = History::default();
        self.speed.reset();
        self.eval = None;
        self.eval_version += 1;
        self.reached_95 = None;
        self.notice = None;
        self.start_eval();
    }

    fn error(&mut self, text: String) {
        self.notice = Some(Notice { error: true, text });
    }
}

/// `data` cut into consecutive pieces of `size` images (the last may be shorter).
fn chunks(data: &Dataset, size: usize) -> Vec<Dataset> {
    (0..data.len())
        .step_by(size.max(1))
        .map(|s| data.subset(&(s..(s + size).min(data.len())).collect::<Vec<_>>()))
        .collect()
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
