//! The training worker's side of [`remote`](super::remote): pure, so the
//! whole exchange is tested natively; `web::platform::worker_api` only
//! wraps it for `www/train-worker.js`.
//!
//! One step with `W` workers: [`TrainingWorker::open`] draws the batch;
//! shards `1..W` go to gradient workers ([`TrainingWorker::shard_request`]);
//! shard 0 is trained here ([`TrainingWorker::train_first`]); the shards'
//! gradients come back and are added in shard order
//! ([`TrainingWorker::add_shard`]), and the last one applies the update.
//!
//! While the page evaluates the held-out set beside training and the
//! workers fill every core, the page asks the training worker to lend a
//! core ([`Command::LendCore`]): the last shard is then computed here, by a
//! [`GradientWorker`] of its own, and its gradient worker waits. The shards
//! and the order of their sum stay the same, so the run is the same bit for
//! bit; only where one shard is computed changes.

use super::next_eval_mark;
use super::remote::{Command, Report, MAX_WORKERS};
use super::wire::ShardRequest;
use crate::core::{
    budget, shard_range, BatchStats, Dataset, Model, ShardStats, StepOutcome, Trainer, MAX_BATCH,
};

/// A training worker: the real trainer while the page only follows it.
#[derive(Default)]
pub struct TrainingWorker {
    trainer: Option<Trainer>,
    data: Option<Dataset>,
    gen: u64,
    workers: usize,
    running: bool,
    step_once: bool,
    /// The size of the open batch, between `open` and its last shard.
    open_batch: Option<usize>,
    batches: Vec<BatchStats>,
    diverged: Option<f32>,
    next_eval_at: u64,
    eval_due: bool,
    /// Images per second one thread computes (moving average).
    core_ips: f64,
    /// Compute the last shard here (the page's [`Command::LendCore`]).
    lend: bool,
    /// Computes the lent shard, as a gradient worker would.
    local: GradientWorker,
    /// The lent shard's statistics once computed here, its gradient in
    /// `local`: added after the gradient workers' shards.
    lent: Option<ShardStats>,
    /// Shards of the open batch still to come from gradient workers.
    remote_left: usize,
}

impl TrainingWorker {
    pub fn new() -> TrainingWorker {
        TrainingWorker {
            workers: 1,
            ..TrainingWorker::default()
        }
    }

    pub fn set_data(&mut self, data: Dataset) {
        self.open_batch = None;
        self.data = Some(data);
    }

    /// Applies a command from the page (`Command::Data` comes as
    /// [`TrainingWorker::set_data`]). Never called while a batch is open.
    pub fn apply(&mut self, c: Command) -> Result<(), String> {
        match c {
            Command::Data => {}
            Command::Model {
                gen,
                weights,
                seed,
                hyper,
            } => {
                let model = Model::from_bytes(&weights).map_err(|e| e.to_string())?;
                budget::check(model.spec(), hyper.batch_size).map_err(|e| e.to_string())?;
                self.trainer = Some(Trainer::with_model(model, seed, hyper));
                self.gen = gen;
                self.running = false;
                self.step_once = false;
                self.open_batch = None;
                self.batches.clear();
                self.diverged = None;
                self.eval_due = false;
                self.next_eval_at = next_eval_mark(0);
            }
            Command::Hyper(h) => {
                if let Some(t) = self.trainer.as_mut() {
                    budget::check(t.model().spec(), h.batch_size).map_err(|e| e.to_string())?;
                    t.set_hyper(h);
                }
            }
            Command::Run => self.running = true,
            Command::Stop => self.running = false,
            Command::Step => self.step_once = true,
            Command::Workers(n) => self.workers = n.clamp(1, MAX_WORKERS),
            Command::LendCore(lend) => self.lend = lend,
        }
        Ok(())
    }

    /// True while there is a step to train.
    pub fn wants_to_train(&self) -> bool {
        (self.running || self.step_once) && self.trainer.is_some() && self.data.is_some()
    }

    /// Workers each batch is split across (this one included).
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// The shard computed here besides shard 0 while a core is lent: the
    /// last one (`None` with one worker or nothing lent).
    pub fn lent_shard(&self) -> Option<usize> {
        (self.lend && self.workers >= 2).then(|| self.workers - 1)
    }

    /// The shards gradient workers compute: those after shard 0 but the
    /// lent one. Requests go out for the non-empty ones
    /// ([`TrainingWorker::shard_request`]).
    pub fn remote_shards(&self) -> std::ops::Range<usize> {
        1..self.lent_shard().unwrap_or(self.workers)
    }

    /// Opens the next batch; its size, or `None` when training stopped
    /// (diverged, or data the model cannot use).
    pub fn open(&mut self) -> Option<usize> {
        let (t, data) = (self.trainer.as_mut()?, self.data.as_ref()?);
        match t.open_batch(data) {
            Ok(n) => {
                self.open_batch = Some(n);
                self.lent = None;
                self.remote_left = self
                    .remote_shards()
                    .filter(|&k| !shard_range(n, self.workers, k).is_empty())
                    .count();
                Some(n)
            }
            Err(outcome) => {
                self.record(outcome);
                self.running = false;
                self.step_once = false;
                None
            }
        }
    }

    /// The request for shard `k` of the open batch (its images, the current
    /// weights), or `None` when that shard is empty.
    pub fn shard_request(&self, k: usize) -> Option<ShardRequest> {
        let (t, n) = (self.trainer.as_ref()?, self.open_batch?);
        let range = shard_range(n, self.workers, k);
        if range.is_empty() {
            return None;
        }
        let (images, labels) = t.batch_piece(range);
        Some(ShardRequest {
            spec: t.model().spec().to_string(),
            params: t.model().params_flat(),
            images: images.to_vec(),
            labels: labels.to_vec(),
            total: n,
        })
    }

    /// Trains shard 0 here (the whole batch with one worker). The caller
    /// times it for [`TrainingWorker::note_core_time`].
    pub fn train_first(&mut self) {
        let (Some(t), Some(data), Some(n)) =
            (self.trainer.as_mut(), self.data.as_ref(), self.open_batch)
        else {
            return;
        };
        let first = shard_range(n, self.workers, 0).len();
        if let Some(outcome) = t.train_here(data, first) {
            self.open_batch = None;
            self.record(outcome);
        }
    }

    /// Computes the lent shard here, if a core is lent and that shard is not
    /// empty; it is added once the gradient workers' shards are (at once
    /// when none are out).
    pub fn train_lent(&mut self) -> Result<(), String> {
        let Some(k) = self.lent_shard() else {
            return Ok(());
        };
        let Some(q) = self.shard_request(k) else {
            return Ok(());
        };
        let (_, stats) = self.local.compute(&q)?;
        self.lent = Some(stats);
        if self.remote_left == 0 {
            self.add_lent()?;
        }
        Ok(())
    }

    fn add_lent(&mut self) -> Result<(), String> {
        let Some(stats) = self.lent.take() else {
            return Ok(());
        };
        let t = self.trainer.as_mut().ok_or("no model")?;
        if let Some(outcome) = t.add_shard(self.local.grads(), stats)? {
            self.open_batch = None;
            self.record(outcome);
        }
        Ok(())
    }

    /// Images in shard 0 of the open batch (what [`TrainingWorker::train_first`] trains).
    pub fn first_len(&self) -> usize {
        self.open_batch
            .map_or(0, |n| shard_range(n, self.workers, 0).len())
    }

    /// Folds a measurement of `images` trained in `ms` on one thread into the
    /// single-thread speed.
    pub fn note_core_time(&mut self, images: usize, ms: f64) {
        if images == 0 || ms <= 0.0 {
            return;
        }
        let ips = images as f64 * 1000.0 / ms;
        self.core_ips = if self.core_ips > 0.0 {
            0.9 * self.core_ips + 0.1 * ips
        } else {
            ips
        };
    }

    /// Adds the next gradient worker's shard (shards in order, after shard
    /// 0); after the last one, the lent shard if there is one.
    pub fn add_shard(&mut self, grads: &[f32], stats: ShardStats) -> Result<(), String> {
        let t = self.trainer.as_mut().ok_or("no model")?;
        if let Some(outcome) = t.add_shard(grads, stats)? {
            self.open_batch = None;
            self.record(outcome);
        }
        self.remote_left = self.remote_left.saturating_sub(1);
        if self.remote_left == 0 {
            self.add_lent()?;
        }
        Ok(())
    }

    /// Drops a batch whose shards will not all come (a worker failed).
    pub fn abandon_batch(&mut self) {
        self.open_batch = None;
        self.lent = None;
        self.remote_left = 0;
    }

    fn record(&mut self, outcome: StepOutcome) {
        self.step_once = false;
        match outcome {
            StepOutcome::Trained(stats) if stats.batch > 0 => {
                self.batches.push(stats);
                let seen = self.trainer.as_ref().map_or(0, |t| t.images_seen());
                if seen >= self.next_eval_at {
                    self.eval_due = true;
                    self.next_eval_at = next_eval_mark(seen);
                }
            }
            StepOutcome::Trained(_) => self.running = false,
            StepOutcome::Diverged { lr } => {
                self.diverged = Some(lr);
                self.running = false;
            }
        }
    }

    /// True when a report must go now rather than at the next interval:
    /// an evaluation is due, the loss diverged, or training stopped with
    /// steps not yet reported.
    pub fn report_urgent(&self) -> bool {
        self.eval_due
            || self.diverged.is_some()
            || (!self.wants_to_train() && !self.batches.is_empty())
    }

    /// True when a report would tell the page anything new.
    pub fn has_news(&self) -> bool {
        !self.batches.is_empty() || self.eval_due || self.diverged.is_some()
    }

    /// The report of everything since the last one.
    pub fn report(&mut self) -> Option<Report> {
        let t = self.trainer.as_ref()?;
        let r = Report {
            gen: self.gen,
            params: t.model().params_flat(),
            progress: t.progress(),
            batches: std::mem::take(&mut self.batches),
            // Reported once; the page keeps the diverged state.
            diverged: self.diverged.take(),
            eval: std::mem::replace(&mut self.eval_due, false),
            core_ips: self.core_ips,
            idle: !self.wants_to_train(),
        };
        Some(r)
    }
}

/// A gradient worker: computes one shard's gradient for a training worker.
#[derive(Default)]
pub struct GradientWorker {
    model: Option<Model>,
    grads: Vec<f32>,
}

impl GradientWorker {
    /// The gradient of one shard (flat) and its loss and correct count.
    pub fn compute(&mut self, q: &ShardRequest) -> Result<(&[f32], ShardStats), String> {
        let fits = self
            .model
            .as_ref()
            .is_some_and(|m| m.spec().to_string() == q.spec);
        if !fits {
            let spec: crate::core::ModelSpec = q.spec.parse().map_err(|e| format!("{e}"))?;
            let model =
                Model::new(&spec, &mut crate::core::Rng::new(0)).map_err(|e| e.to_string())?;
            self.model = Some(model);
        }
        let m = self.model.as_mut().expect("built above");
        let n = q.labels.len();
        if n == 0 || n > q.total || q.total > MAX_BATCH {
            return Err(format!(
                "a shard of {n} images of a batch of {} does not fit (batches hold 1 to {MAX_BATCH})",
                q.total
            ));
        }
        budget::check(m.spec(), n).map_err(|e| e.to_string())?;
        m.set_params_flat(&q.params)?;
        if q.labels.is_empty() || q.images.len() != q.labels.len() * m.input_len() {
            return Err("a shard whose images and labels disagree".into());
        }
        let stats = m.shard_gradients(&q.images, &q.labels, q.total);
        m.copy_grads_into(&mut self.grads);
        Ok((&self.grads, stats))
    }

    /// The last shard's gradient (flat), as [`GradientWorker::compute`] returned it.
    pub fn grads(&self) -> &[f32] {
        &self.grads
    }
}
