//! Held-out evaluation in a worker of its own, while workers train: the
//! page's side (requests queued, results applied, the fallback to the
//! page's slices) and the worker's side ([`EvalWorker`]), pure and tested
//! natively; `web::platform::workers` and `worker_api` only move the bytes.
//!
//! The evaluation worker gets the held-out set once per data load and, per
//! evaluation, the weights to evaluate. One request is in flight at a time;
//! a result is applied only when it answers that request, so the result of
//! an older model (a reset or a new architecture replaced the request) is
//! dropped. When the worker fails, the request in flight is evaluated in the
//! page's slices instead: no point is lost or counted twice.

use super::Session;
use crate::core::{Dataset, Evaluation, Model, ModelSpec};

/// What the page asks of the evaluation worker, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum EvalCommand {
    /// Take the session's held-out set (the glue reads it from the session).
    Test,
    Evaluate(EvalRequest),
}

/// One evaluation: these weights of this network, the model of `images_seen`.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalRequest {
    /// Numbers the requests: a result answers the request with its `id`.
    pub id: u64,
    pub images_seen: u64,
    /// The model's spec text (the worker rebuilds when it changes).
    pub spec: String,
    /// All parameters, in `Model::params_flat` order.
    pub params: Vec<f32>,
}

/// The evaluation worker's answer to one request.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalResult {
    pub id: u64,
    pub images_seen: u64,
    pub evaluation: Evaluation,
}

/// The page's side of the evaluation worker.
#[derive(Clone, Debug, Default)]
pub struct Evaluator {
    outbox: Vec<EvalCommand>,
    next_id: u64,
    /// The request the worker is working on (kept for the fallback).
    in_flight: Option<EvalRequest>,
}

impl Session {
    /// Hands held-out evaluations to an evaluation worker from now on.
    pub fn use_eval_worker(&mut self) {
        let mut e = Evaluator::default();
        if self.test.is_some() {
            e.outbox.push(EvalCommand::Test);
        }
        self.evaluator = Some(e);
    }

    /// The evaluation worker failed: evaluations run in the page's slices
    /// again, starting with the one the worker was working on.
    pub fn drop_eval_worker(&mut self) {
        let Some(e) = self.evaluator.take() else {
            return;
        };
        self.remote_changed = true;
        let Some(q) = e.in_flight else {
            return;
        };
        let mut model = self.eval_copy().unwrap_or_else(|| self.model().clone());
        if model.set_params_flat(&q.params).is_ok() {
            self.start_eval_of(model, q.images_seen);
        } else {
            self.start_eval();
        }
    }

    /// True while an evaluation worker takes the held-out evaluations.
    pub fn has_eval_worker(&self) -> bool {
        self.evaluator.is_some()
    }

    /// The commands for the evaluation worker queued since the last call.
    pub fn take_eval_commands(&mut self) -> Vec<EvalCommand> {
        self.evaluator
            .as_mut()
            .map(|e| std::mem::take(&mut e.outbox))
            .unwrap_or_default()
    }

    /// Applies an evaluation worker's result, when it answers the request
    /// in flight (any other is of an older model, or answered already).
    pub fn receive_eval(&mut self, r: EvalResult) {
        let Some(e) = self.evaluator.as_mut() else {
            return;
        };
        if e.in_flight.as_ref().map(|q| q.id) != Some(r.id) {
            return;
        }
        e.in_flight = None;
        self.remote_changed = true;
        self.record_eval(r.images_seen, r.evaluation);
        self.eval_done();
    }

    /// True while the evaluation worker has a request of this session.
    pub(super) fn eval_in_flight(&self) -> bool {
        self.evaluator
            .as_ref()
            .is_some_and(|e| e.in_flight.is_some())
    }

    /// Queues an evaluation of the current weights for the worker (it
    /// replaces one in flight). False when there is no evaluation worker.
    pub(super) fn send_eval(&mut self) -> bool {
        let images_seen = self.images_seen();
        let (spec, params) = (self.spec().to_string(), self.model().params_flat());
        let Some(e) = self.evaluator.as_mut() else {
            return false;
        };
        e.next_id += 1;
        let q = EvalRequest {
            id: e.next_id,
            images_seen,
            spec,
            params,
        };
        e.in_flight = Some(q.clone());
        e.outbox.push(EvalCommand::Evaluate(q));
        true
    }

    /// Queues the held-out set for the evaluation worker (after a data load).
    pub(super) fn send_test(&mut self) {
        if let Some(e) = self.evaluator.as_mut() {
            e.outbox.push(EvalCommand::Test);
        }
    }
}

/// The evaluation worker: the held-out set, the newest request not yet
/// evaluated, and a model rebuilt only when the network changes.
#[derive(Default)]
pub struct EvalWorker {
    test: Option<Dataset>,
    pending: Option<EvalRequest>,
    model: Option<Model>,
}

impl EvalWorker {
    pub fn set_test(&mut self, test: Dataset) {
        self.test = Some(test);
    }

    /// Takes a request; it replaces one not yet started (whose result the
    /// page would drop anyway).
    pub fn ask(&mut self, q: EvalRequest) {
        self.pending = Some(q);
    }

    /// Evaluates the pending request, if any.
    pub fn work(&mut self) -> Option<Result<EvalResult, String>> {
        let q = self.pending.take()?;
        Some(self.evaluate(&q))
    }

    /// Evaluates the request's weights on the whole held-out set.
    pub fn evaluate(&mut self, q: &EvalRequest) -> Result<EvalResult, String> {
        let test = self.test.as_ref().ok_or("no held-out set yet")?;
        let fits = self
            .model
            .as_ref()
            .is_some_and(|m| m.spec().to_string() == q.spec);
        if !fits {
            let spec: ModelSpec = q.spec.parse().map_err(|e| format!("{e}"))?;
            // Evaluation runs forward passes of at most `EVAL_ROWS` images.
            crate::core::budget::check(&spec, 1).map_err(|e| e.to_string())?;
            let model =
                Model::new(&spec, &mut crate::core::Rng::new(0)).map_err(|e| e.to_string())?;
            self.model = Some(model);
        }
        let m = self.model.as_mut().expect("built above");
        m.set_params_flat(&q.params)?;
        Ok(EvalResult {
            id: q.id,
            images_seen: q.images_seen,
            evaluation: m.evaluate(test, None),
        })
    }
}
