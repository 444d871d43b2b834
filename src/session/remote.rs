//! Training in workers: the session's side of it, pure and tested natively.
//!
//! While workers train, the page's [`Trainer`](crate::core::Trainer) only
//! follows the real one: the session queues [`Command`]s for the workers
//! (the browser glue sends them), and applies the [`Report`]s they send
//! back, a few times a second: weights, progress, the steps' losses for
//! the history, and the weights on which a held-out evaluation is due.
//!
//! Every change of model (reset, seed, architecture, loaded file) starts a
//! new *generation*; reports of an older one are dropped, so a step that was
//! in flight during the change can never tear the new state.

use super::{Session, Status};
use crate::core::{BatchStats, Hyper, Model, Progress, StepOutcome};

/// The most workers a person can choose.
pub const MAX_WORKERS: usize = 8;
/// Shortest time between two reports from a training worker.
pub const REPORT_EVERY_MS: f64 = 100.0;

/// Workers by default: the cores the browser reports, minus one for the
/// page, at least 1.
pub fn default_workers(cores: usize) -> usize {
    cores.saturating_sub(1).clamp(1, MAX_WORKERS)
}

/// Whether training workers lend a core to a held-out evaluation: while
/// one runs (in the evaluation worker, or in the page's slices), when there
/// are gradient workers and they, with the training worker, fill every core
/// the browser reports.
pub fn lends_a_core(evaluating: bool, workers: usize, cores: usize) -> bool {
    evaluating && workers >= 2 && workers >= cores
}

/// The most of the time held-out evaluations take while training workers
/// fill every core the browser reports: an evaluation then takes a core
/// from training, so after one that took `d` ms the next starts no sooner
/// than `d * (1 / EVAL_SHARE - 1)` ms after it ended. With a core to
/// spare (fewer workers than cores), evaluations come at every mark.
pub const EVAL_SHARE: f64 = 0.2;

/// How long after an evaluation that took `took_ms` the next may start,
/// when evaluations take a core from training (see [`EVAL_SHARE`]).
pub fn eval_gap_ms(took_ms: f64, workers: usize, cores: usize) -> f64 {
    if workers >= cores {
        took_ms.max(0.0) * (1.0 / EVAL_SHARE - 1.0)
    } else {
        0.0
    }
}

/// What the page asks of the training workers, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Take the session's training set (the glue reads it from the session).
    Data,
    /// From now on train this model (a weights file) with this seed and
    /// these settings; reports carry `gen`. Stops a run.
    Model {
        gen: u64,
        weights: Vec<u8>,
        seed: u64,
        hyper: Hyper,
    },
    Hyper(Hyper),
    Run,
    Stop,
    /// Train one batch, then stop.
    Step,
    /// Split each batch across this many workers.
    Workers(usize),
    /// Lend a core to a held-out evaluation, or stop lending: while one
    /// runs beside training and the workers fill every core, the training
    /// worker computes the last shard itself and that shard's gradient
    /// worker waits. Otherwise the evaluation competes with the workers for
    /// a core, and every step waits for the one it slowed. Same shards, same
    /// sum, same run.
    LendCore(bool),
}

/// What a training worker reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub gen: u64,
    /// All parameters, in `Model::params_flat` order.
    pub params: Vec<f32>,
    pub progress: Progress,
    /// The steps since the previous report, oldest first.
    pub batches: Vec<BatchStats>,
    /// Set when the loss diverged (the weights are the last good ones).
    pub diverged: Option<f32>,
    /// A held-out evaluation is due on these weights.
    pub eval: bool,
    /// Images per second one thread computes (0 when not measured).
    pub core_ips: f64,
    /// The worker has stopped: nothing more comes until the next command.
    pub idle: bool,
}

/// The page's side of training in workers.
#[derive(Clone, Debug)]
pub struct Remote {
    pub gen: u64,
    /// Workers each batch is split across.
    pub workers: usize,
    /// Cores the browser reports.
    pub cores: usize,
    /// Single-thread images per second, as measured by the workers.
    pub core_ips: f64,
    outbox: Vec<Command>,
    /// A copy of the model for held-out evaluations, reused between them.
    eval_model: Option<Model>,
    /// An evaluation came due while another was still running, or sooner
    /// than [`EVAL_SHARE`] allows.
    eval_waiting: bool,
    /// The clock at the last tick (ms), for spacing evaluations.
    now_ms: f64,
    /// When the evaluation under way started.
    eval_started_ms: Option<f64>,
    /// While training, no evaluation starts before this time.
    eval_not_before_ms: f64,
    /// Ticks since a pause was asked, until the worker says it stopped.
    stopping: Option<u32>,
    /// The last [`Command::LendCore`] sent.
    lent: bool,
}

/// Ticks a pause waits for the worker to say it stopped before the page
/// stops following it anyway (a worker that no longer answers).
const STOP_WAIT_TICKS: u32 = 40;

impl Session {
    /// Hands training to workers. Queues what they need to continue from
    /// the current state (data, model, settings, and a run if training).
    pub fn use_workers(&mut self, cores: usize) {
        self.remote_changed = true;
        let workers = default_workers(cores);
        self.remote = Some(Remote {
            gen: 0,
            workers,
            cores,
            core_ips: 0.0,
            outbox: vec![Command::Workers(workers)],
            eval_model: None,
            eval_waiting: false,
            now_ms: 0.0,
            eval_started_ms: None,
            eval_not_before_ms: 0.0,
            stopping: None,
            lent: false,
        });
        if self.train.is_some() {
            self.send(Command::Data);
        }
        self.send_model();
        if self.status == Status::Training {
            self.send(Command::Run);
        }
    }

    /// Workers failed: training goes on in this page, from where the last
    /// report left it.
    pub fn drop_workers(&mut self) {
        let stopping = self.remote.as_ref().is_some_and(|r| r.stopping.is_some());
        self.remote = None;
        self.remote_changed = true;
        if stopping {
            self.status = Status::Paused;
        }
    }

    pub fn is_remote(&self) -> bool {
        self.remote.is_some()
    }

    /// Workers in use: 0 when training runs in the page itself.
    pub fn workers_in_use(&self) -> usize {
        self.remote.as_ref().map_or(0, |r| r.workers)
    }

    /// Single-thread training speed of this net measured in this page
    /// (images/s), 0 until measured.
    pub fn core_images_per_second(&self) -> f64 {
        match &self.remote {
            Some(r) => r.core_ips,
            None if self.images_seen() > 0 => 1000.0 / self.ms_per_image,
            None => 0.0,
        }
    }

    /// The commands queued since the last call, oldest first; among them
    /// [`Command::LendCore`] when whether to lend a core changed.
    pub fn take_commands(&mut self) -> Vec<Command> {
        let evaluating = self.evaluating();
        if let Some(r) = self.remote.as_mut() {
            let lend = lends_a_core(evaluating, r.workers, r.cores);
            if lend != r.lent {
                r.lent = lend;
                r.outbox.push(Command::LendCore(lend));
            }
        }
        self.remote
            .as_mut()
            .map(|r| std::mem::take(&mut r.outbox))
            .unwrap_or_default()
    }

    /// Applies a worker's report. Reports of an older generation, or whose
    /// weights do not fit the model, are dropped.
    pub fn receive(&mut self, r: Report) {
        let Some(remote) = self.remote.as_mut() else {
            return;
        };
        if r.gen != remote.gen {
            return;
        }
        if r.core_ips > 0.0 {
            remote.core_ips = r.core_ips;
        }
        self.remote_changed = true;
        // A worker restores the last good weights before it reports a
        // divergence; weights that are still not finite are never shown.
        if !r.params.iter().all(|p| p.is_finite()) {
            return;
        }
        let diverged = r.diverged.is_some();
        if self
            .trainer
            .follow(&r.params, r.progress, diverged)
            .is_err()
        {
            return;
        }
        if !r.batches.is_empty() {
            self.pretrained = false;
        }
        let trained: u64 = r.batches.iter().map(|b| b.batch as u64).sum();
        let mut seen = r.progress.images_seen.saturating_sub(trained);
        for b in &r.batches {
            seen += b.batch as u64;
            self.history.push_batch(b, seen);
        }
        // A report with no step in it (the worker stopped, or has only just
        // taken a new model) carries the weights the page already shows:
        // nothing to redraw, nothing newly trained to keep.
        if !r.batches.is_empty() || diverged {
            self.weights_version += 1;
            self.weights_generation += 1;
        }
        if let Some(lr) = r.diverged {
            if !matches!(self.status, Status::Diverged { .. }) {
                self.after_step(StepOutcome::Diverged { lr });
            }
        }
        if r.idle && self.remote.as_ref().is_some_and(|x| x.stopping.is_some()) {
            self.finish_pause();
        }
        if r.eval {
            // Workers can outrun an evaluation: finish this one, then
            // evaluate the weights of that moment. One that comes too soon
            // after the last waits too.
            if let Some(remote) = self.remote.as_mut() {
                remote.eval_waiting = true;
            }
            self.start_waiting_eval();
        }
    }

    /// Notes the clock (ms) at a tick, and starts an evaluation that waits
    /// when its time has come.
    pub(super) fn remote_tick(&mut self, now_ms: f64) {
        if let Some(r) = self.remote.as_mut() {
            r.now_ms = now_ms;
        }
        self.start_waiting_eval();
    }

    /// Starts the evaluation that waits, unless one runs, or training goes
    /// on and the last one ended too recently (see [`EVAL_SHARE`]).
    fn start_waiting_eval(&mut self) {
        let training = self.status == Status::Training;
        let evaluating = self.evaluating();
        let Some(r) = self.remote.as_mut() else {
            return;
        };
        if !r.eval_waiting || evaluating || (training && r.now_ms < r.eval_not_before_ms) {
            return;
        }
        r.eval_waiting = false;
        r.eval_started_ms = Some(r.now_ms);
        self.start_eval();
    }

    /// Pauses training in workers: the status turns to paused when the
    /// worker says it stopped (so nothing is counted after "paused"), or
    /// after [`STOP_WAIT_TICKS`] ticks without an answer. True when the
    /// pause is left to the worker.
    pub(super) fn pause_remote(&mut self) -> bool {
        let Some(r) = self.remote.as_mut() else {
            return false;
        };
        if r.stopping.is_none() {
            r.stopping = Some(0);
            r.outbox.push(Command::Stop);
        }
        true
    }

    /// Counts a tick of a pause that waits for the worker.
    pub(super) fn wait_for_stop(&mut self) {
        let Some(r) = self.remote.as_mut() else {
            return;
        };
        if let Some(n) = r.stopping.as_mut() {
            *n += 1;
            if *n > STOP_WAIT_TICKS {
                self.finish_pause();
            }
        }
    }

    /// True while a pause waits for the worker to stop.
    pub fn pausing(&self) -> bool {
        self.remote.as_ref().is_some_and(|r| r.stopping.is_some())
    }

    fn finish_pause(&mut self) {
        if let Some(r) = self.remote.as_mut() {
            r.stopping = None;
        }
        if self.status == Status::Training {
            self.status = Status::Paused;
        }
        self.remote_changed = true;
    }

    /// Chooses how many workers split each batch (1 to [`MAX_WORKERS`]).
    pub(super) fn set_workers(&mut self, w: usize) {
        if let Some(r) = self.remote.as_mut() {
            r.workers = w.clamp(1, MAX_WORKERS);
            let w = r.workers;
            self.send(Command::Workers(w));
        }
    }

    /// True once since the last call when a report changed what is shown.
    pub(super) fn take_remote_change(&mut self) -> bool {
        std::mem::replace(&mut self.remote_changed, false)
    }

    /// Queues a command (nothing when training runs in the page).
    pub(super) fn send(&mut self, c: Command) {
        if let Some(r) = self.remote.as_mut() {
            r.outbox.push(c);
        }
    }

    /// Starts a new generation on the current model and settings.
    pub(super) fn send_model(&mut self) {
        let (weights, seed, hyper) = (self.model().to_bytes(), self.seed(), self.hyper());
        if let Some(r) = self.remote.as_mut() {
            // A new model stops the worker's run: no pause waits any more,
            // and no evaluation of the old one.
            r.stopping = None;
            r.eval_waiting = false;
            r.eval_started_ms = None;
            r.eval_not_before_ms = 0.0;
            r.gen += 1;
            let gen = r.gen;
            r.outbox.push(Command::Model {
                gen,
                weights,
                seed,
                hyper,
            });
        }
    }

    /// A copy of the current weights to evaluate while workers go on
    /// changing them (`None`: evaluate the model itself).
    pub(super) fn eval_copy(&mut self) -> Option<Model> {
        let current = self.trainer.model();
        let remote = self.remote.as_mut()?;
        match remote.eval_model.take() {
            Some(mut m) if m.spec() == current.spec() => {
                m.set_params_flat(&current.params_flat()).ok()?;
                Some(m)
            }
            _ => Some(current.clone()),
        }
    }

    /// Gives an evaluation's model copy back, for the next evaluation.
    pub(super) fn return_eval_copy(&mut self, m: Model) {
        if let Some(r) = self.remote.as_mut() {
            r.eval_model = Some(m);
        }
    }

    /// An evaluation finished: notes how long it took (its share, see
    /// [`EVAL_SHARE`]) and starts the one that came due meanwhile, if one
    /// did and its time has come.
    pub(super) fn eval_done(&mut self) {
        if let Some(r) = self.remote.as_mut() {
            if let Some(start) = r.eval_started_ms.take() {
                let gap = eval_gap_ms(r.now_ms - start, r.workers, r.cores);
                r.eval_not_before_ms = r.now_ms + gap;
            }
        }
        self.start_waiting_eval();
    }
}
